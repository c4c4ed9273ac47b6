"""The catalog: one short numpy function per activation and one per derivative.

Each function takes a float64 array ``x`` and its parameters as floats. The numerical
care each needs (overflow, cancellation, subnormal tails) is explained in one comment
beside it; ``np.where`` evaluates both branches, so each branch is fed only inputs it
can take without overflow or 0 * inf. Every function is within 4 ulp of the exact value
(or of the error the rounding of x itself causes, where that is larger), nan gives nan,
and +-inf give the limits: see tests/test_accuracy.py and benchmarks/accuracy.py.

Derivatives at kinks follow PyTorch's autograd (aten/src/ATen/native/cpu/Activation.cpp
and tools/autograd/derivatives.yaml):

    activation          f' at the kink                    PyTorch rule it follows
    step                0 at 0                            (no autograd: zero almost everywhere)
    relu                0 at 0                            threshold_backward: result <= 0 -> 0
    leaky_relu, prelu   alpha at 0                        x > 0 ? 1 : alpha
    rrelu (evaluation)  (lower + upper) / 2 at 0          leaky_relu with that slope
    relu6, hardtanh     0 at both ends                    x <= min or x >= max -> 0
    elu, selu           alpha (selu: scale alpha) at 0    x <= 0 -> alpha e^x
    celu                1 at 0                            x <= 0 -> e^(x / alpha)
    hardsigmoid         0 at -3 and 3                     -3 < x < 3 ? 1/6 : 0
    hardswish           0 at -3, 1 at 3                   x <= -3 -> 0, x < 3 -> x/3 + 1/2, else 1
                                                          (older PyTorch releases: -0.5 and 1.5)
    hardshrink,         0 at -lambd and lambd             -lambd <= x <= lambd -> 0
      softshrink
    threshold           0 at x = threshold                x <= threshold -> 0
    softsign            1 at 0                            (smooth there: 1 / (1 + |x|)^2)
    sparse_plus         0 at -1, 1 at 1                   JAX: clip(x + 1, 0, 2) / 2
    squareplus (b = 0)  0 at 0                            it is relu then; relu's convention

``kinks`` lists every x where f or f' has a jump or a corner (so f' plots are exact too).
"""

from __future__ import annotations

import math

import numpy as np

from actviz.activation import Activation, ParameterError

CATALOG: list[Activation] = []  # in the order `actviz list` shows them


def add(activation: Activation) -> None:
    CATALOG.append(activation)

SQRT_HALF = 0.7071067811865476  # 1 / sqrt(2)
INV_SQRT_2PI = 0.3989422804014327  # 1 / sqrt(2 pi), the normal density at 0
SELU_ALPHA = 1.6732632423543772848170429916717  # Klambauer et al. (2017), as PyTorch
SELU_SCALE = 1.0507009873554804934193349852946
SELU_SCALE_ALPHA = 1.7580993408473768  # SELU_SCALE * SELU_ALPHA, rounded once
GELU_TANH_A = 1.5957691216057308  # 2 sqrt(2 / pi): gelu_tanh's 2u = x (A + B x^2)
GELU_TANH_B = 0.07135481627260025  # 2 sqrt(2 / pi) * 0.044715

# numpy has no erfc; math.erfc (libm, <= 3 ulp) vectorised is faster than importing scipy
# below ~10^6 points and more accurate in the tail (see the commit that chose it).
_erfc = np.vectorize(math.erfc, otypes=[np.float64])

# Where a derivative is a difference of two similar terms (gelu', gelu_tanh', mish', silu'
# near their roots), the terms are formed in numpy's long double (64-bit mantissa on x86)
# and rounded to float64 once; these are the constants at that precision.
_LD = np.longdouble
_LD_PI = np.arccos(_LD(-1))
_LD_INV_SQRT_2PI = 1 / np.sqrt(2 * _LD_PI)
_LD_INV_SQRT_PI = 1 / np.sqrt(_LD_PI)
_LD_SQRT_HALF = np.sqrt(_LD(0.5))
_LD_GELU_TANH_A = 2 * np.sqrt(2 / _LD_PI)
_LD_GELU_TANH_B = _LD_GELU_TANH_A * _LD("0.044715")


# exp's far tail: below about -708 e^x is subnormal, with fewer significant bits the
# further it goes, so a * e^x magnifies exp's rounding a-fold and x e^x computed as
# e^(x + log(-x)) carries the rounding of the sum (~500 ulp at -720). _scaled_exp forms
# a * e^x as 2^n (a e^r) with |r| <= ln 2 / 2 (Cody and Waite's reduction, fdlibm's split
# of ln 2, so n * LN2_HI is exact), rounding once, in the final ldexp.
LN2_HI = 6.93147180369123816490e-01
LN2_LO = 1.90821492927058770002e-10
INV_LN2 = 1.44269504088896338700e+00
TAIL = -700.0  # below it a product with e^x is formed by _scaled_exp


def _scaled_exp(x, scale, dx=0.0):
    """scale * e^(x + dx) within about 1 ulp, also where it is subnormal (x <= 0; dx is
    a correction far smaller than ulp(x), such as the rounding error of a quotient)."""
    x = np.maximum(x, -2000.0)  # e^-2000 times any float64 is 0; keeps n an int
    n = np.rint(np.where(np.isnan(x), 0.0, x) * INV_LN2)  # nan passes through r
    r = (x - n * LN2_HI) - n * LN2_LO + dx
    mantissa, exponent = np.frexp(scale)  # scale = mantissa 2^exponent, never overflows below
    return np.ldexp(mantissa * np.exp(r), (n + exponent).astype(np.int64))


def _with_tail(x, near, tail):
    """near(x), with tail(x) where x < TAIL (computed for those points alone; x is clipped
    at -2000, where every tail here is 0, so -inf needs no case of its own)."""
    out = np.asarray(near(x), dtype=np.float64).copy()
    far = x < TAIL
    if np.any(far):
        out[far] = tail(np.maximum(x[far], -2000.0))
    return out


def _require(ok: bool, message: str) -> None:
    if not ok:
        raise ParameterError(message)


def _indicator(x, inside):
    # 1.0 where ``inside`` holds, else 0.0; nan stays nan.
    return np.where(np.isnan(x), x, np.where(inside, 1.0, 0.0))


# --- step ----------------------------------------------------------------------------
def step(x):
    # The book's step: 0 for x <= 0, 1 for x > 0; nan stays nan.
    return _indicator(x, x > 0)


def step_derivative(x):
    # Zero everywhere it exists; at the jump (x = 0) we say 0, as autograd would.
    return _indicator(x, False)


add(Activation(
    name="step", aliases=("heaviside", "step_function"),
    display_name="Step", latex=r"1\ \mathrm{if}\ x > 0\ \mathrm{else}\ 0",
    display_names={"ko": "계단 함수", "ja": "ステップ関数"},
    derivative_latex=r"0",
    function=step, derivative_function=step_derivative,
    formula="1 if x > 0 else 0", derivative_formula="0 (0 at the jump x = 0)",
    summary="Heaviside step: the perceptron's activation (non-linear, like every one here but identity)",
    kinks_function=lambda: (0.0,),
))


# --- sigmoid -------------------------------------------------------------------------
def sigmoid(x):
    # exp of -|x| never overflows; 1/(1+e^-x) for x >= 0 and e^x/(1+e^x) below.
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1 / (1 + e), e / (1 + e))


def sigmoid_derivative(x):
    # s(x) * s(-x) = e^-|x| / (1 + e^-|x|)^2: symmetric, no 1 - s cancellation.
    e = np.exp(-np.abs(x))
    return e / (1 + e) ** 2


add(Activation(
    name="sigmoid", aliases=("logistic",),
    display_name="Sigmoid", latex=r"\frac{1}{1 + e^{-x}}",
    display_names={"ko": "시그모이드 함수", "ja": "シグモイド関数"},
    derivative_latex=r"\sigma(x)\,(1 - \sigma(x))",
    function=sigmoid, derivative_function=sigmoid_derivative,
    formula="1 / (1 + exp(-x))", derivative_formula="sigmoid(x) * (1 - sigmoid(x))",
    summary="logistic sigmoid, from 0 (x -> -inf) to 1 (x -> +inf); non-linear",
))


# --- relu and its leaky relatives ------------------------------------------------------
def relu(x, alpha):
    # x if x > 0 else alpha x; the plain ReLU (alpha = 0) never multiplies: 0 * -inf is nan.
    return np.maximum(x, 0.0) if alpha == 0 else np.where(x > 0, x, alpha * x)


def relu_derivative(x, alpha):
    # relu'(0) = alpha, as PyTorch's leaky_relu (and 0 for the plain ReLU).
    return np.where(np.isnan(x), x, np.where(x > 0, 1.0, alpha))


add(Activation(
    name="relu", params={"alpha": 0.0},
    display_name="ReLU", latex=r"x\ \mathrm{if}\ x > 0\ \mathrm{else}\ \alpha x",
    display_names={"ko": "ReLU 함수", "ja": "ReLU関数"},
    derivative_latex=r"1\ \mathrm{if}\ x > 0\ \mathrm{else}\ \alpha",
    symbols={"alpha": r"\alpha"},
    meanings={"alpha": "slope for x < 0 (0: the plain ReLU)"},
    function=relu, derivative_function=relu_derivative,
    formula="max(0, x), or x if x > 0 else alpha * x",
    derivative_formula="1 if x > 0 else alpha",
    summary="rectified linear unit; alpha (negative slope, default 0) > 0 makes it leaky",
    kinks_function=lambda alpha: (0.0,),
))

add(Activation(
    name="leaky_relu", aliases=("lrelu",), params={"alpha": 0.1},
    display_name="Leaky ReLU", latex=r"x\ \mathrm{if}\ x > 0\ \mathrm{else}\ \alpha x",
    display_names={"ko": "Leaky ReLU 함수", "ja": "Leaky ReLU関数"},
    derivative_latex=r"1\ \mathrm{if}\ x > 0\ \mathrm{else}\ \alpha",
    symbols={"alpha": r"\alpha"},
    meanings={"alpha": "slope for x < 0"},
    function=relu, derivative_function=relu_derivative,
    formula="x if x > 0 else alpha * x", derivative_formula="1 if x > 0 else alpha",
    summary="leaky ReLU with the seed's alpha = 0.1 (PyTorch: 0.01, Keras: 0.3)",
    kinks_function=lambda alpha: (0.0,),
))

add(Activation(
    name="prelu", params={"alpha": 0.25},
    display_name="PReLU", latex=r"x\ \mathrm{if}\ x > 0\ \mathrm{else}\ \alpha x",
    display_names={"ko": "PReLU 함수", "ja": "PReLU関数"},
    derivative_latex=r"1\ \mathrm{if}\ x > 0\ \mathrm{else}\ \alpha",
    symbols={"alpha": r"\alpha"},
    meanings={"alpha": "slope for x < 0 (learned; this is its starting value)"},
    function=relu, derivative_function=relu_derivative,
    formula="x if x > 0 else alpha * x", derivative_formula="1 if x > 0 else alpha",
    summary="parametric ReLU: one learnable negative slope alpha, initially 0.25 (PyTorch; Keras starts at 0)",
    kinks_function=lambda alpha: (0.0,),
))


def rrelu(x, lower, upper):
    # In evaluation PyTorch's RReLU is a leaky ReLU with the mean slope.
    return relu(x, _mean_slope(lower, upper))


def rrelu_derivative(x, lower, upper):
    return relu_derivative(x, _mean_slope(lower, upper))


def _mean_slope(lower, upper):
    # (lower + upper) / 2, but halves first where the sum overflows (lower = upper = 1e308):
    # an infinite slope would make 0 * inf = nan at x = 0. Halving first everywhere would
    # lose the last bit of subnormal slopes.
    mean = (lower + upper) / 2
    return mean if math.isfinite(mean) else lower / 2 + upper / 2


def _check_rrelu(lower, upper):
    _require(lower <= upper, f"rrelu needs lower <= upper (got lower={lower}, upper={upper})")


add(Activation(
    name="rrelu", params={"lower": 1 / 8, "upper": 1 / 3},
    display_name="RReLU (evaluation)", latex=r"x\ \mathrm{if}\ x \geq 0\ \mathrm{else}\ \frac{l + u}{2}\,x",
    display_names={"ko": "RReLU 함수 (평가 모드)", "ja": "RReLU関数 (評価モード)"},
    derivative_latex=r"1\ \mathrm{if}\ x > 0\ \mathrm{else}\ \frac{l + u}{2}",
    symbols={"lower": "l", "upper": "u"},
    meanings={"lower": "smallest random slope for x < 0 (training)", "upper": "largest random slope for x < 0 (training)"},
    function=rrelu, derivative_function=rrelu_derivative,
    formula="x if x >= 0 else x * (lower + upper) / 2",
    derivative_formula="1 if x > 0 else (lower + upper) / 2",
    summary="randomized leaky ReLU in evaluation mode: the slope is (lower + upper) / 2",
    check=_check_rrelu, kinks_function=lambda lower, upper: (0.0,),
))


# --- identity ------------------------------------------------------------------------
def identity(x):
    return x.copy()


def identity_derivative(x):
    return _indicator(x, True)


add(Activation(
    name="identity", aliases=("linear",),
    display_name="Identity", latex=r"x",
    display_names={"ko": "항등 함수", "ja": "恒等関数"},
    derivative_latex=r"1",
    function=identity, derivative_function=identity_derivative,
    formula="x", derivative_formula="1",
    summary="the identity: a network of linear layers stays linear",
))


# --- tanh ----------------------------------------------------------------------------
def tanh(x):
    # numpy's tanh saturates at +-1 without overflow.
    return np.tanh(x)


def tanh_derivative(x):
    # sech^2 x = 4e / (1 + e)^2 with e = e^(-2|x|): cosh^2 would overflow, 1 - tanh^2 cancel.
    e = np.exp(-2 * np.minimum(np.abs(x), 400.0))  # sech^2 is 0 beyond 400; 2|x| stays finite
    return 4 * e / (1 + e) ** 2


add(Activation(
    name="tanh",
    display_name="tanh", latex=r"\frac{e^x - e^{-x}}{e^x + e^{-x}}",
    display_names={"ko": "tanh 함수", "ja": "tanh関数"},
    derivative_latex=r"1 - \tanh^2(x)",
    function=tanh, derivative_function=tanh_derivative,
    formula="(exp(x) - exp(-x)) / (exp(x) + exp(-x))", derivative_formula="1 - tanh(x)^2",
    summary="hyperbolic tangent, from -1 to 1; a sigmoid stretched: 2 sigmoid(2x) - 1",
))


# --- relu6 and hardtanh ----------------------------------------------------------------
def relu6(x):
    # numpy's maximum and minimum keep nan.
    return np.minimum(np.maximum(x, 0.0), 6.0)


def relu6_derivative(x):
    # 0 at both corners (x = 0 and x = 6), as PyTorch's hardtanh_backward.
    return _indicator(x, (x > 0) & (x < 6))


add(Activation(
    name="relu6",
    display_name="ReLU6", latex=r"\min(\max(0, x), 6)",
    display_names={"ko": "ReLU6 함수", "ja": "ReLU6関数"},
    derivative_latex=r"1\ \mathrm{if}\ 0 < x < 6\ \mathrm{else}\ 0",
    function=relu6, derivative_function=relu6_derivative,
    formula="min(max(0, x), 6)", derivative_formula="1 if 0 < x < 6 else 0",
    summary="ReLU capped at 6 (MobileNet)",
    kinks_function=lambda: (0.0, 6.0),
))


def hardtanh(x, min_val, max_val):
    return np.clip(x, min_val, max_val)


def hardtanh_derivative(x, min_val, max_val):
    # 0 at both corners, as PyTorch's hardtanh_backward.
    return _indicator(x, (x > min_val) & (x < max_val))


def _check_hardtanh(min_val, max_val):
    _require(min_val < max_val,
             f"hardtanh needs min_val < max_val (got min_val={min_val}, max_val={max_val})")


add(Activation(
    name="hardtanh", params={"min_val": -1.0, "max_val": 1.0},
    display_name="Hardtanh", latex=r"\min(\max(x_{\min}, x), x_{\max})",
    display_names={"ko": "Hardtanh 함수", "ja": "Hardtanh関数"},
    derivative_latex=r"1\ \mathrm{if}\ x_{\min} < x < x_{\max}\ \mathrm{else}\ 0",
    symbols={"min_val": r"x_{\min}", "max_val": r"x_{\max}"},
    meanings={"min_val": "lower clip value", "max_val": "upper clip value"},
    function=hardtanh, derivative_function=hardtanh_derivative,
    formula="min(max(min_val, x), max_val)",
    derivative_formula="1 if min_val < x < max_val else 0",
    summary="x clipped to [min_val, max_val], default [-1, 1]",
    check=_check_hardtanh, kinks_function=lambda min_val, max_val: (min_val, max_val),
))


# --- the exponential linear units ----------------------------------------------------------
def elu(x, alpha):
    # expm1 keeps e^x - 1 exact near 0; clipping at 0 keeps the unused branch from overflowing.
    return np.where(x > 0, x, alpha * np.expm1(np.minimum(x, 0.0)))


def elu_derivative(x, alpha):
    # alpha e^x for x <= 0 (so elu'(0) = alpha, PyTorch's elu_backward), 1 above.
    return _with_tail(x, lambda x: np.where(x > 0, 1.0, alpha * np.exp(np.minimum(x, 0.0))),
                      lambda x: _scaled_exp(x, alpha))


add(Activation(
    name="elu", params={"alpha": 1.0},
    display_name="ELU", latex=r"x\ \mathrm{if}\ x > 0\ \mathrm{else}\ \alpha\,(e^x - 1)",
    display_names={"ko": "ELU 함수", "ja": "ELU関数"},
    derivative_latex=r"1\ \mathrm{if}\ x > 0\ \mathrm{else}\ \alpha e^x",
    symbols={"alpha": r"\alpha"},
    meanings={"alpha": "f tends to -alpha as x -> -inf"},
    function=elu, derivative_function=elu_derivative,
    formula="x if x > 0 else alpha * (exp(x) - 1)",
    derivative_formula="1 if x > 0 else alpha * exp(x)",
    summary="exponential linear unit, tends to -alpha (default 1) as x -> -inf",
    kinks_function=lambda alpha: (0.0,),
))


def selu(x):
    # As elu, with scale * alpha rounded once as one constant; scale * x only for x >= 0.
    return np.where(x > 0, SELU_SCALE * np.maximum(x, 0.0), SELU_SCALE_ALPHA * np.expm1(np.minimum(x, 0.0)))


def selu_derivative(x):
    return _with_tail(x, lambda x: np.where(x > 0, SELU_SCALE, SELU_SCALE_ALPHA * np.exp(np.minimum(x, 0.0))),
                      lambda x: _scaled_exp(x, SELU_SCALE_ALPHA))


add(Activation(
    name="selu",
    display_name="SELU", latex=r"\lambda\,(x\ \mathrm{if}\ x > 0\ \mathrm{else}\ \alpha\,(e^x - 1))",
    display_names={"ko": "SELU 함수", "ja": "SELU関数"},
    derivative_latex=r"\lambda\ \mathrm{if}\ x > 0\ \mathrm{else}\ \lambda \alpha e^x",
    function=selu, derivative_function=selu_derivative,
    formula="scale * (x if x > 0 else alpha * (exp(x) - 1))",
    derivative_formula="scale if x > 0 else scale * alpha * exp(x)",
    summary="scaled ELU, alpha = 1.6732632423543772, scale = 1.0507009873554805 (self-normalising)",
    kinks_function=lambda: (0.0,),
))


def celu(x, alpha):
    # expm1 for accuracy near 0; x is clipped to [-1500 |alpha|, 0] so x / alpha cannot overflow
    # (past it f is -alpha, or beyond float64 for alpha < 0). For alpha < 0, x / alpha grows, and
    # alpha (e^t - 1) may be finite where e^t is not: formed in long double (exponents to 4932).
    t = np.clip(x, -1500 * abs(alpha), 0.0) / alpha
    body = alpha * np.expm1(t) if alpha > 0 else (alpha * np.expm1(t.astype(_LD))).astype(np.float64)
    return np.where(x > 0, x, body)


def celu_derivative(x, alpha):
    # e^(x / alpha) for x <= 0, so celu'(0) = 1 (PyTorch's elu_backward with input scale 1/alpha).
    # The quotient's rounding, |t| eps / 2, would cost |t| / 2 ulp (35 at t = -70): it is
    # recovered from a long double quotient (0 where long double is float64) and given to
    # _scaled_exp, which also keeps the subnormal tail exact.
    clipped = np.clip(x, -1500 * abs(alpha), 0.0)
    t = clipped / alpha
    dt = (clipped.astype(_LD) / alpha - t).astype(np.float64)
    return np.where(x > 0, 1.0, _scaled_exp(t, 1.0, dt))


def _check_celu(alpha):
    _require(alpha != 0, "celu parameter alpha must not be 0 (it divides x)")


add(Activation(
    name="celu", params={"alpha": 1.0},
    display_name="CELU", latex=r"\max(0, x) + \min(0, \alpha\,(e^{x/\alpha} - 1))",
    display_names={"ko": "CELU 함수", "ja": "CELU関数"},
    derivative_latex=r"1\ \mathrm{if}\ x > 0\ \mathrm{else}\ e^{x/\alpha}",
    symbols={"alpha": r"\alpha"},
    meanings={"alpha": "f tends to -alpha as x -> -inf; the curve's scale"},
    function=celu, derivative_function=celu_derivative,
    formula="max(0, x) + min(0, alpha * (exp(x / alpha) - 1))",
    derivative_formula="1 if x > 0 else exp(x / alpha)",
    summary="continuously differentiable ELU, alpha default 1 (then it equals elu)",
    check=_check_celu, kinks_function=lambda alpha: (0.0,),
))


# --- gelu ----------------------------------------------------------------------------
def gelu(x):
    # x Phi(x) = x/2 erfc(-x/sqrt 2) (1 + erf would cancel); below -37 erfc is subnormal and
    # x/2 would magnify its rounding, so there x Phi(x) = -phi(x) (1 - 1/x^2 + 3/x^4 - ...).
    body = np.maximum(x, -37.0)
    y = np.clip(-x, 37.0, 1e5)
    r = 1 / (y * y)
    tail = -np.exp(-y * y / 2) * (INV_SQRT_2PI * (1 - r * (1 - 3 * r * (1 - 5 * r * (1 - 7 * r * (1 - 9 * r))))))
    return np.where(x < -37, tail, body / 2 * _erfc(-body * SQRT_HALF))


def gelu_derivative(x):
    # Phi(x) + x phi(x) in long double (they cancel near x = -0.75), erfc's float64 argument
    # z corrected to first order; below -37, -phi(x) (|x| - Phi/phi) as one exp of logs.
    b = np.clip(x, -37.0, 40.0).astype(_LD)
    z = -b * _LD_SQRT_HALF
    z64 = z.astype(np.float64)
    phi = _erfc(z64) / 2 + (z64 - z) * np.exp(-np.square(z64, dtype=_LD)) * _LD_INV_SQRT_PI
    head = (phi + b * np.exp(-b * b / 2) * _LD_INV_SQRT_2PI).astype(np.float64)
    y = np.clip(-x, 37.0, 1e5)
    r = 1 / (y * y)
    mills = (1 - r * (1 - 3 * r * (1 - 5 * r * (1 - 7 * r * (1 - 9 * r))))) / y
    tail = -np.exp(np.log((y - mills) * INV_SQRT_2PI) - y * y / 2)
    return np.where(x < -37, tail, head)


add(Activation(
    name="gelu", aliases=("gelu_erf",),
    display_name="GELU", latex=r"x\,\Phi(x)",
    display_names={"ko": "GELU 함수", "ja": "GELU関数"},
    derivative_latex=r"\Phi(x) + x\,\phi(x)",
    function=gelu, derivative_function=gelu_derivative,
    formula="x * Φ(x), Φ the standard normal CDF", derivative_formula="Φ(x) + x * φ(x)",
    summary="Gaussian error linear unit (exact, through erfc)",
))


def gelu_tanh(x):
    # x sigmoid(2u) = x (1 + tanh u) / 2 with 2u = x (A + B x^2) on x clipped to [-15, 30]
    # (x^3 cannot overflow); below -15 sigmoid(2u) = e^2u, so x e^2u = -e^(2u + log(-x)).
    body = np.clip(x, -15.0, 30.0)
    t = np.clip(x, -1e5, -15.0)
    tail = -np.exp(t * (GELU_TANH_A + GELU_TANH_B * t * t) + np.log(-t))
    return np.where(x < -15, tail, np.maximum(x, -15.0) * sigmoid(body * (GELU_TANH_A + GELU_TANH_B * body * body)))


def gelu_tanh_derivative(x):
    # s(2u) (1 + x (2u)' s(-2u)) (sech^2 u = 4 s(2u) s(-2u), no 1 - tanh^2); below -15,
    # e^2u (1 + x (2u)') as -e^(2u + log(-1 - x (2u)')) so no subnormal is multiplied.
    b = np.clip(x, -15.0, 30.0).astype(_LD)  # long double: the two terms cancel near -0.75
    two_u = b * (_LD_GELU_TANH_A + _LD_GELU_TANH_B * b * b)
    slope = b * (_LD_GELU_TANH_A + 3 * _LD_GELU_TANH_B * b * b)
    head = (1 / (1 + np.exp(-two_u)) * (1 + slope / (1 + np.exp(two_u)))).astype(np.float64)
    t = np.clip(x, -1e5, -15.0)
    slope = t * (GELU_TANH_A + 3 * GELU_TANH_B * t * t)
    tail = -np.exp(t * (GELU_TANH_A + GELU_TANH_B * t * t) + np.log(-1 - slope))
    return np.where(x < -15, tail, head)


add(Activation(
    name="gelu_tanh", aliases=("gelu_approx", "approximate_gelu"),
    display_name="GELU (tanh approximation)", latex=r"\frac{x}{2}\left(1 + \tanh\left(\sqrt{2/\pi}\,(x + 0.044715\,x^3)\right)\right)",
    display_names={"ko": "GELU 함수 (tanh 근사)", "ja": "GELU関数 (tanh近似)"},
    derivative_latex=r"\frac{1}{2}\,(1 + \tanh u) + \frac{x}{2}\,\mathrm{sech}^2(u)\,u'(x)",
    function=gelu_tanh, derivative_function=gelu_tanh_derivative,
    formula="0.5 * x * (1 + tanh(sqrt(2/π) * (x + 0.044715 * x^3)))",
    derivative_formula="0.5 * (1 + tanh(u)) + 0.5 * x * sech(u)^2 * u'(x)",
    summary="GELU's tanh approximation (PyTorch approximate='tanh')",
))


# --- silu and mish -------------------------------------------------------------------------
def _silu_near(x):
    x = np.maximum(x, TAIL)  # -inf * 0 would be nan; the tail replaces these points
    return x * sigmoid(x)


def silu(x):
    # x sigmoid(x); below -700 it is x e^x (to 1e-304 relative), formed by _scaled_exp.
    return _with_tail(x, _silu_near, lambda x: _scaled_exp(x, x))


def _silu_derivative_near(x):
    # s (1 + x (1 - s)) with e = e^-|x| written so 1 - s is never formed.
    b = np.clip(x, TAIL, 800.0).astype(_LD)  # long double: the terms cancel near -1.28
    e = np.exp(-np.abs(b))
    return (np.where(b >= 0, 1 + e + b * e, e * ((1 + b) + e)) / (1 + e) ** 2).astype(np.float64)


def silu_derivative(x):
    # Below -700, (1 + x) e^x.
    return _with_tail(x, _silu_derivative_near, lambda x: _scaled_exp(x, 1 + x))


add(Activation(
    name="silu", aliases=("swish",),
    display_name="SiLU", latex=r"x\,\sigma(x)",
    display_names={"ko": "SiLU 함수", "ja": "SiLU関数"},
    derivative_latex=r"\sigma(x)\,(1 + x\,(1 - \sigma(x)))",
    function=silu, derivative_function=silu_derivative,
    formula="x * sigmoid(x)", derivative_formula="sigmoid(x) * (1 + x * (1 - sigmoid(x)))",
    summary="sigmoid-weighted linear unit (swish with beta = 1)",
))


def _mish_near(x):
    # tanh(softplus(x)) = n / (n + 2), n = e^x (e^x + 2), with e^x clipped at 40 (the ratio
    # is 1 there).
    e = np.exp(np.clip(x, TAIL, 40.0))
    n = e * (e + 2)
    return np.maximum(x, TAIL) * (n / (n + 2))


def mish(x):
    # Below -700, tanh(softplus(x)) is e^x to 1e-304 relative: mish = x e^x.
    return _with_tail(x, _mish_near, lambda x: _scaled_exp(x, x))


def _mish_derivative_near(x):
    # tanh(sp) + x sech^2(sp) sigmoid(x) = n/(n+2) + 4 x e (1+e) / (n+2)^2, clipped as mish,
    # in long double (the terms cancel near -1.19).
    b = np.clip(x, TAIL, 40.0).astype(_LD)
    e = np.exp(b)
    n = e * (e + 2)
    return (n / (n + 2) + 4 * b * e * (1 + e) / (n + 2) ** 2).astype(np.float64)


def mish_derivative(x):
    # Below -700, (1 + x) e^x.
    return _with_tail(x, _mish_derivative_near, lambda x: _scaled_exp(x, 1 + x))


add(Activation(
    name="mish",
    display_name="Mish", latex=r"x\,\tanh(\mathrm{softplus}(x))",
    display_names={"ko": "Mish 함수", "ja": "Mish関数"},
    derivative_latex=r"\tanh(\mathrm{softplus}(x)) + x\,\mathrm{sech}^2(\mathrm{softplus}(x))\,\sigma(x)",
    function=mish, derivative_function=mish_derivative,
    formula="x * tanh(softplus(x))",
    derivative_formula="tanh(softplus(x)) + x * sech(softplus(x))^2 * sigmoid(x)",
    summary="self-regularised non-monotonic activation (Misra, 2019)",
))


# --- softplus, logsigmoid, softsign ------------------------------------------------------------
def softplus(x, beta):
    # max(x, 0) + log1p(e^-|beta x|) / beta: exp never overflows, and |x| is clipped where
    # e^-|beta x| is already 0 so beta x cannot overflow either.
    size = np.minimum(np.abs(x), 800 / beta)
    t = beta * size
    tail = np.asarray(np.log1p(np.exp(-t)) / beta, dtype=np.float64).copy()
    # Past t = 700, log1p(e^-t) = e^-t, nearly subnormal: divided by a small beta it would
    # magnify exp's rounding 1 / beta-fold (4e5 ulp at beta = 1e-6), so it is formed whole,
    # with the product's rounding (t eps / 2, t / 2 ulp of e^-t) recovered in long double.
    far = (t > -TAIL) & (t < np.inf)  # t = inf (beta = 1e-320, x = -inf): e^-t = 0 as is
    if np.any(far):
        dt = (size[far].astype(_LD) * beta - t[far]).astype(np.float64)
        tail[far] = _scaled_exp(-t[far], 1 / beta, -dt)
    return np.maximum(x, 0.0) + tail


def softplus_derivative(x, beta):
    # sigmoid(beta x), x clipped as in softplus.
    return sigmoid(beta * np.clip(x, -800 / beta, 800 / beta))


def _check_softplus(beta):
    _require(beta > 0, f"softplus parameter beta={beta} must be > 0")


add(Activation(
    name="softplus", params={"beta": 1.0},
    display_name="Softplus", latex=r"\frac{1}{\beta}\,\log(1 + e^{\beta x})",
    display_names={"ko": "Softplus 함수", "ja": "Softplus関数"},
    derivative_latex=r"\sigma(\beta x)",
    symbols={"beta": r"\beta"},
    meanings={"beta": "sharpness: the larger, the closer to ReLU"},
    function=softplus, derivative_function=softplus_derivative,
    formula="log(1 + exp(beta * x)) / beta", derivative_formula="sigmoid(beta * x)",
    summary="smooth ReLU, beta default 1; no linear switch-over (PyTorch's threshold)",
    check=_check_softplus,
))


def logsigmoid(x):
    # -softplus(-x) = min(x, 0) - log1p(e^-|x|): no overflow, no log of a rounded 1 - tiny.
    return np.minimum(x, 0.0) - np.log1p(np.exp(-np.abs(x)))


def logsigmoid_derivative(x):
    # sigmoid(-x), computed without 1 - sigmoid(x).
    return sigmoid(-x)


add(Activation(
    name="logsigmoid", aliases=("log_sigmoid",),
    display_name="LogSigmoid", latex=r"\log \frac{1}{1 + e^{-x}}",
    display_names={"ko": "LogSigmoid 함수", "ja": "LogSigmoid関数"},
    derivative_latex=r"1 - \sigma(x)",
    function=logsigmoid, derivative_function=logsigmoid_derivative,
    formula="log(1 / (1 + exp(-x)))", derivative_formula="1 - sigmoid(x) = sigmoid(-x)",
    summary="log of the sigmoid, from -inf to 0",
))


def softsign(x):
    # x clipped to +-1e300 (where it is +-1 to double precision), so inf / inf cannot happen.
    c = np.clip(x, -1e300, 1e300)
    return c / (1 + np.abs(c))


def softsign_derivative(x):
    # (1 / (1 + |x|))^2: squaring the reciprocal cannot overflow; long double, rounded once.
    return ((1 / (1 + np.abs(x.astype(_LD)))) ** 2).astype(np.float64)


add(Activation(
    name="softsign",
    display_name="Softsign", latex=r"\frac{x}{1 + |x|}",
    display_names={"ko": "Softsign 함수", "ja": "Softsign関数"},
    derivative_latex=r"\frac{1}{(1 + |x|)^2}",
    function=softsign, derivative_function=softsign_derivative,
    formula="x / (1 + |x|)", derivative_formula="1 / (1 + |x|)^2",
    summary="like tanh but with polynomial tails, from -1 to 1",
    kinks_function=lambda: (0.0,),
))


# --- the hard ones -----------------------------------------------------------------------
def hardsigmoid(x):
    # (x + 3) / 6 clipped to [0, 1]: adding 3 first is exact near -3, where x/6 + 1/2 cancels.
    return np.clip(x + 3, 0.0, 6.0) / 6


def hardsigmoid_derivative(x):
    # 1/6 strictly inside (-3, 3), 0 at the corners (PyTorch's hardsigmoid_backward).
    return np.where(np.isnan(x), x, np.where((x > -3) & (x < 3), 1 / 6, 0.0))


add(Activation(
    name="hardsigmoid", aliases=("hard_sigmoid",),
    display_name="Hardsigmoid", latex=r"\frac{\mathrm{ReLU6}(x + 3)}{6}",
    display_names={"ko": "Hardsigmoid 함수", "ja": "Hardsigmoid関数"},
    derivative_latex=r"\frac{1}{6}\ \mathrm{if}\ -3 < x < 3\ \mathrm{else}\ 0",
    function=hardsigmoid, derivative_function=hardsigmoid_derivative,
    formula="relu6(x + 3) / 6", derivative_formula="1/6 if -3 < x < 3 else 0",
    summary="piecewise-linear sigmoid, 0 below -3 and 1 above 3 (Keras before 3.0: clip(0.2x + 0.5, 0, 1))",
    kinks_function=lambda: (-3.0, 3.0),
))


def hardswish(x):
    # x hardsigmoid(x), x clipped at -3 (where it is 0) so -inf * 0 cannot happen.
    c = np.maximum(x, -3.0)
    return c * hardsigmoid(c)


def hardswish_derivative(x):
    # (2x + 3) / 6 on (-3, 3) (exact near the root -1.5), 0 for x <= -3, 1 for x >= 3.
    c = np.clip(x, -3.0, 3.0)
    inside = np.where(x <= -3, 0.0, np.where(x < 3, (2 * c + 3) / 6, 1.0))
    return np.where(np.isnan(x), x, inside)


add(Activation(
    name="hardswish", aliases=("hard_swish",),
    display_name="Hardswish", latex=r"x\,\frac{\mathrm{ReLU6}(x + 3)}{6}",
    display_names={"ko": "Hardswish 함수", "ja": "Hardswish関数"},
    derivative_latex=r"0\ (x \leq -3),\ \frac{x}{3} + \frac{1}{2}\ (-3 < x < 3),\ 1\ (x \geq 3)",
    function=hardswish, derivative_function=hardswish_derivative,
    formula="x * relu6(x + 3) / 6", derivative_formula="0 if x <= -3, x/3 + 1/2 if x < 3, else 1",
    summary="piecewise-quadratic swish (MobileNetV3)",
    kinks_function=lambda: (-3.0, 3.0),
))


def hardshrink(x, lambd):
    return np.where(np.abs(x) <= lambd, 0.0, x)


def shrink_derivative(x, lambd):
    # 0 on the closed interval [-lambd, lambd] (PyTorch's hardshrink/softshrink_backward).
    return _indicator(x, np.abs(x) > lambd)


def softshrink(x, lambd):
    # x - clip(x, -lambd, lambd) is x - lambd, 0 or x + lambd with one rounding.
    return x - np.clip(x, -lambd, lambd)


def _check_lambd(name):
    def check(lambd):
        _require(lambd >= 0, f"{name} parameter lambd={lambd} must be >= 0")
    return check


def _shrink_kinks(lambd):
    return (-lambd, lambd) if lambd > 0 else (0.0,)


add(Activation(
    name="hardshrink", aliases=("hard_shrink",), params={"lambd": 0.5},
    display_name="Hardshrink", latex=r"x\ \mathrm{if}\ |x| > \lambda\ \mathrm{else}\ 0",
    display_names={"ko": "Hardshrink 함수", "ja": "Hardshrink関数"},
    derivative_latex=r"1\ \mathrm{if}\ |x| > \lambda\ \mathrm{else}\ 0",
    symbols={"lambd": r"\lambda"},
    meanings={"lambd": "f is 0 for |x| <= lambd"},
    function=hardshrink, derivative_function=shrink_derivative,
    formula="x if |x| > lambd else 0", derivative_formula="1 if |x| > lambd else 0",
    summary="zero inside [-lambd, lambd] (default 0.5), x outside",
    check=_check_lambd("hardshrink"), kinks_function=_shrink_kinks,
))

add(Activation(
    name="softshrink", aliases=("soft_shrink",), params={"lambd": 0.5},
    display_name="Softshrink", latex=r"x - \lambda\ (x > \lambda),\ x + \lambda\ (x < -\lambda),\ 0\ (|x| \leq \lambda)",
    display_names={"ko": "Softshrink 함수", "ja": "Softshrink関数"},
    derivative_latex=r"1\ \mathrm{if}\ |x| > \lambda\ \mathrm{else}\ 0",
    symbols={"lambd": r"\lambda"},
    meanings={"lambd": "f is 0 for |x| <= lambd, and moves x towards 0 by lambd"},
    function=softshrink, derivative_function=shrink_derivative,
    formula="x - lambd if x > lambd, x + lambd if x < -lambd, else 0",
    derivative_formula="1 if |x| > lambd else 0",
    summary="soft thresholding: shrinks x towards 0 by lambd (default 0.5)",
    check=_check_lambd("softshrink"), kinks_function=_shrink_kinks,
))


def tanhshrink(x):
    # x - tanh x cancels for |x| < 2, so there use Lambert's fraction tanh x = x / (1 + q),
    # q = x^2 / (3 + x^2 / (5 + ...)): x - tanh x = x q / (1 + q), no subtraction.
    c = np.clip(x, -2.0, 2.0)
    q = np.zeros_like(c)
    for k in range(41, 1, -2):
        q = c * c / (k + q)
    return np.where(np.abs(x) < 2, c * q / (1 + q), x - np.tanh(x))


def tanhshrink_derivative(x):
    # 1 - sech^2 x = tanh^2 x, no subtraction.
    return np.tanh(x) ** 2


add(Activation(
    name="tanhshrink", aliases=("tanh_shrink",),
    display_name="Tanhshrink", latex=r"x - \tanh(x)",
    display_names={"ko": "Tanhshrink 함수", "ja": "Tanhshrink関数"},
    derivative_latex=r"\tanh^2(x)",
    function=tanhshrink, derivative_function=tanhshrink_derivative,
    formula="x - tanh(x)", derivative_formula="tanh(x)^2",
    summary="x minus its tanh: cubic near 0, x -+ 1 far out",
))


# --- threshold -------------------------------------------------------------------------
def threshold(x, threshold, value):
    # x <= threshold is False for nan, so nan passes through.
    return np.where(x <= threshold, value, x)


def threshold_derivative(x, threshold, value):
    # 0 for x <= threshold (PyTorch's threshold_backward), 1 above.
    return _indicator(x, x > threshold)


add(Activation(
    name="threshold", params={"threshold": 0.0, "value": 0.0},
    display_name="Threshold", latex=r"x\ \mathrm{if}\ x > \theta\ \mathrm{else}\ v",
    display_names={"ko": "Threshold 함수", "ja": "Threshold関数"},
    derivative_latex=r"1\ \mathrm{if}\ x > \theta\ \mathrm{else}\ 0",
    symbols={"threshold": r"\theta", "value": "v"},
    meanings={"threshold": "at and below it f is value", "value": "the output at and below threshold"},
    function=threshold, derivative_function=threshold_derivative,
    formula="x if x > threshold else value", derivative_formula="1 if x > threshold else 0",
    summary="x above threshold, else value (defaults 0 and 0: then it is relu; PyTorch has no defaults)",
    kinks_function=lambda threshold, value: (threshold,),
))


# --- squareplus and sparse_plus (JAX) ------------------------------------------------------------
def squareplus(x, b):
    # (x + h)/2 with h = hypot(x, sqrt b) (x^2 would overflow); for x < 0, x + h cancels,
    # so there it is (b/4) / ((h - x)/2); the halves keep h - x from overflowing. b = 0 is relu.
    if b == 0:
        return relu(x, 0.0)
    pos, neg = np.maximum(x, 0.0), np.where(x < 0, x, -1.0)  # each branch gets its own sign
    root_b = np.sqrt(b)
    return np.where(x < 0, (b / 4) / (np.hypot(neg, root_b) / 2 - neg / 2),
                    pos / 2 + np.hypot(pos, root_b) / 2)


def squareplus_derivative(x, b):
    # (1 + x/h) / 2, but f/h where x/h < -1/2 and 1 + x/h would cancel; x is clipped to
    # +-1e300, where f' is already 0 or 1, so inf / inf cannot happen. b = 0 is relu.
    if b == 0:
        return relu_derivative(x, 0.0)
    c = np.clip(x, -1e300, 1e300)
    h = np.hypot(c, np.sqrt(b))
    return np.where(c / h < -0.5, squareplus(c, b) / h, (1 + c / h) / 2)


def _check_squareplus(b):
    _require(b >= 0, f"squareplus parameter b={b} must be >= 0")


add(Activation(
    name="squareplus", params={"b": 4.0},
    display_name="Squareplus", latex=r"\frac{x + \sqrt{x^2 + b}}{2}",
    display_names={"ko": "Squareplus 함수", "ja": "Squareplus関数"},
    derivative_latex=r"\frac{1}{2}\left(1 + \frac{x}{\sqrt{x^2 + b}}\right)",
    meanings={"b": "smoothness near 0 (0: ReLU)"},
    function=squareplus, derivative_function=squareplus_derivative,
    formula="(x + sqrt(x^2 + b)) / 2", derivative_formula="(1 + x / sqrt(x^2 + b)) / 2",
    summary="algebraic smooth ReLU, b default 4 (JAX); b = 0 is relu",
    check=_check_squareplus, kinks_function=lambda b: (0.0,) if b == 0 else (),
))


def sparse_plus(x):
    # 0, (x + 1)^2 / 4, x; x is clipped to [-1, 1] before squaring so nothing overflows.
    c = np.clip(x, -1.0, 1.0)
    return np.where(x >= 1, x, (c + 1) ** 2 / 4)


def sparse_plus_derivative(x):
    # JAX's sparse_sigmoid: clip(x + 1, 0, 2) / 2.
    return np.clip(x + 1, 0.0, 2.0) / 2


add(Activation(
    name="sparse_plus", aliases=("sparseplus",),
    display_name="SparsePlus", latex=r"0\ (x \leq -1),\ \frac{(x + 1)^2}{4}\ (|x| < 1),\ x\ (x \geq 1)",
    display_names={"ko": "SparsePlus 함수", "ja": "SparsePlus関数"},
    derivative_latex=r"0\ (x \leq -1),\ \frac{x + 1}{2}\ (|x| < 1),\ 1\ (x \geq 1)",
    function=sparse_plus, derivative_function=sparse_plus_derivative,
    formula="0 if x <= -1, (x + 1)^2 / 4 if |x| < 1, x if x >= 1",
    derivative_formula="0 if x <= -1, (x + 1) / 2 if |x| < 1, 1 if x >= 1",
    summary="piecewise-quadratic smooth ReLU (JAX's sparse_plus)",
    kinks_function=lambda: (-1.0, 1.0),
))
