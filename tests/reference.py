"""mpmath references for every activation in the catalog, and the error measure.

Each activation has a reference for f and one for f', written from the textbook definition
in 60-digit mpmath (mpmath's exp, expm1, log1p, tanh, erfc, ncdf, npdf have no overflow or
underflow), independently of the numpy code in actviz/catalog.py. Derivatives are analytic
(PyTorch's convention at kinks), never numerical. Only the *tolerance* uses a numerical
derivative: the bound allows 4 eps |x g'(x)|, the error that rounding x itself causes.

    error_units(got, x, g) = |got - g(x)| / max(ulp(g(x)), eps |x g'(x)|)

and the suite requires error_units <= 4 everywhere (ulp(0) is the smallest subnormal,
so an underflowing true value allows 4 * 5e-324 of absolute error).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Callable

import mpmath
from mpmath import mp, mpf

mp.dps = 60

EPS = 2.0**-52
TINY = 5e-324
BOUND = 4.0  # units: ulp of the true value, or eps |x g'(x)| where larger

SELU_ALPHA = mpf("1.6732632423543772848170429916717")
SELU_SCALE = mpf("1.0507009873554804934193349852946")
INF = math.inf


def _sigmoid(z):
    return 1 / (1 + mp.exp(-z))


def _sigmoid_slope(z):  # s(z) (1 - s(z)) without the subtraction
    e = mp.exp(-abs(z))
    return e / (1 + e) ** 2


def _indicator(condition):
    return mpf(1) if condition else mpf(0)


@dataclass(frozen=True)
class Reference:
    f: Callable
    df: Callable
    # limits(**params) -> ((f(-inf), f(+inf)), (f'(-inf), f'(+inf)))
    limits: Callable
    # non-default parameter sets the accuracy suite also covers
    variants: tuple = field(default_factory=tuple)


def _gelu_tanh_u(x):
    return mp.sqrt(2 / mp.pi) * (x + mpf("0.044715") * x**3)


def _gelu_tanh_du(x):
    return mp.sqrt(2 / mp.pi) * (1 + 3 * mpf("0.044715") * x**2)


def _ncdf(x):
    # mpmath's ncdf fails (OverflowError) near |x| = 1e300; beyond |x| = 1e4 it differs from
    # its limit by less than e^-(5e7), which no float64 result can show.
    return mp.ncdf(x) if abs(x) < 1e4 else mpf(x > 0)


def _npdf(x):
    return mp.npdf(x) if abs(x) < 1e4 else mpf(0)


def _softplus(x):
    return mp.log1p(mp.exp(x))


REFERENCES: dict[str, Reference] = {
    "step": Reference(
        f=lambda x: _indicator(x > 0),
        df=lambda x: mpf(0),
        limits=lambda: ((0, 1), (0, 0)),
    ),
    "sigmoid": Reference(
        f=_sigmoid,
        df=_sigmoid_slope,
        limits=lambda: ((0, 1), (0, 0)),
    ),
    "relu": Reference(
        f=lambda x, alpha: x if x > 0 else alpha * x,
        df=lambda x, alpha: mpf(1) if x > 0 else mpf(alpha),
        limits=lambda alpha: ((-INF * alpha if alpha else 0.0, INF), (alpha, 1)),
        variants=({"alpha": 0.01}, {"alpha": -0.3}, {"alpha": 2.0}, {"alpha": -2.0},
                  {"alpha": 1e-6}, {"alpha": 1e6}),
    ),
    "leaky_relu": Reference(
        f=lambda x, alpha: x if x > 0 else alpha * x,
        df=lambda x, alpha: mpf(1) if x > 0 else mpf(alpha),
        limits=lambda alpha: ((-INF * alpha if alpha else 0.0, INF), (alpha, 1)),
        variants=({"alpha": 0.01}, {"alpha": 0.0}, {"alpha": 1e308}),
    ),
    "prelu": Reference(
        f=lambda x, alpha: x if x > 0 else alpha * x,
        df=lambda x, alpha: mpf(1) if x > 0 else mpf(alpha),
        limits=lambda alpha: ((-INF * alpha if alpha else 0.0, INF), (alpha, 1)),
        variants=({"alpha": 0.1}, {"alpha": -2.0}, {"alpha": 1e-6}, {"alpha": 1e6}),
    ),
    "rrelu": Reference(
        f=lambda x, lower, upper: x if x >= 0 else x * (mpf(lower) + mpf(upper)) / 2,
        df=lambda x, lower, upper: mpf(1) if x > 0 else (mpf(lower) + mpf(upper)) / 2,
        limits=lambda lower, upper: ((-INF, INF), (float((mpf(lower) + mpf(upper)) / 2), 1)),
        variants=({"lower": 0.1, "upper": 0.3}, {"lower": 1e308, "upper": 1e308}),
    ),
    "identity": Reference(
        f=lambda x: x,
        df=lambda x: mpf(1),
        limits=lambda: ((-INF, INF), (1, 1)),
    ),
    "tanh": Reference(
        f=mp.tanh,
        df=lambda x: mp.sech(x) ** 2,
        limits=lambda: ((-1, 1), (0, 0)),
    ),
    "relu6": Reference(
        f=lambda x: min(max(mpf(0), x), mpf(6)),
        df=lambda x: _indicator(0 < x < 6),
        limits=lambda: ((0, 6), (0, 0)),
    ),
    "hardtanh": Reference(
        f=lambda x, min_val, max_val: min(max(mpf(min_val), x), mpf(max_val)),
        df=lambda x, min_val, max_val: _indicator(min_val < x < max_val),
        limits=lambda min_val, max_val: ((min_val, max_val), (0, 0)),
        variants=({"min_val": -2.0, "max_val": 0.5},),
    ),
    "elu": Reference(
        f=lambda x, alpha: x if x > 0 else alpha * mp.expm1(x),
        df=lambda x, alpha: mpf(1) if x > 0 else alpha * mp.exp(x),
        limits=lambda alpha: ((-alpha, INF), (0, 1)),
        variants=({"alpha": 0.5}, {"alpha": 2.0}, {"alpha": 10.0}, {"alpha": 1e-6}, {"alpha": 1e6}),
    ),
    "selu": Reference(
        f=lambda x: SELU_SCALE * (x if x > 0 else SELU_ALPHA * mp.expm1(x)),
        df=lambda x: SELU_SCALE * (1 if x > 0 else SELU_ALPHA * mp.exp(x)),
        limits=lambda: ((-1.7580993408473768, INF), (0, 1.0507009873554805)),
    ),
    "celu": Reference(
        f=lambda x, alpha: x if x > 0 else alpha * mp.expm1(x / alpha),
        df=lambda x, alpha: mpf(1) if x > 0 else mp.exp(x / alpha),
        # alpha < 0: x / alpha -> +inf, so f -> -inf and f' -> inf as x -> -inf
        limits=lambda alpha: ((-alpha if alpha > 0 else -INF, INF), (0 if alpha > 0 else INF, 1)),
        variants=({"alpha": 0.5}, {"alpha": 3.0}, {"alpha": -1.0}, {"alpha": -0.5},
                  {"alpha": 10.0}, {"alpha": 1e-6}, {"alpha": 1e6}),
    ),
    "gelu": Reference(
        f=lambda x: x * _ncdf(x),
        df=lambda x: _ncdf(x) + x * _npdf(x),
        limits=lambda: ((0, INF), (0, 1)),
    ),
    "gelu_tanh": Reference(
        # 1 + tanh(u) = 2 / (1 + e^-2u): the same number, without 60-digit cancellation
        f=lambda x: x / (1 + mp.exp(-2 * _gelu_tanh_u(x))),
        df=lambda x: 1 / (1 + mp.exp(-2 * _gelu_tanh_u(x)))
        + x / 2 * mp.sech(_gelu_tanh_u(x)) ** 2 * _gelu_tanh_du(x),
        limits=lambda: ((0, INF), (0, 1)),
    ),
    "silu": Reference(
        f=lambda x: x * _sigmoid(x),
        df=lambda x: _sigmoid(x) + x * _sigmoid_slope(x),
        limits=lambda: ((0, INF), (0, 1)),
    ),
    "mish": Reference(
        f=lambda x: x * mp.tanh(_softplus(x)),
        df=lambda x: mp.tanh(_softplus(x)) + x * mp.sech(_softplus(x)) ** 2 * _sigmoid(x),
        limits=lambda: ((0, INF), (0, 1)),
    ),
    "softplus": Reference(
        f=lambda x, beta: _softplus(beta * x) / beta,
        df=lambda x, beta: _sigmoid(beta * x),
        limits=lambda beta: ((0, INF), (0, 1)),
        variants=({"beta": 2.0}, {"beta": 0.5}, {"beta": 1e-320}, {"beta": 1e300},
                  {"beta": 1e-6}, {"beta": 1e6}),
    ),
    "logsigmoid": Reference(
        f=lambda x: -_softplus(-x),
        df=lambda x: _sigmoid(-x),
        limits=lambda: ((-INF, 0), (1, 0)),
    ),
    "softsign": Reference(
        f=lambda x: x / (1 + abs(x)),
        df=lambda x: 1 / (1 + abs(x)) ** 2,
        limits=lambda: ((-1, 1), (0, 0)),
    ),
    "hardsigmoid": Reference(
        f=lambda x: mpf(0) if x <= -3 else mpf(1) if x >= 3 else x / 6 + mpf(1) / 2,
        df=lambda x: mpf(1) / 6 if -3 < x < 3 else mpf(0),
        limits=lambda: ((0, 1), (0, 0)),
    ),
    "hardswish": Reference(
        f=lambda x: mpf(0) if x <= -3 else x if x >= 3 else x * (x + 3) / 6,
        df=lambda x: mpf(0) if x <= -3 else x / 3 + mpf(1) / 2 if x < 3 else mpf(1),
        limits=lambda: ((0, INF), (0, 1)),
    ),
    "hardshrink": Reference(
        f=lambda x, lambd: x if abs(x) > lambd else mpf(0),
        df=lambda x, lambd: _indicator(abs(x) > lambd),
        limits=lambda lambd: ((-INF, INF), (1, 1)),
        variants=({"lambd": 2.0}, {"lambd": 0.0}),
    ),
    "softshrink": Reference(
        f=lambda x, lambd: x - lambd if x > lambd else x + lambd if x < -lambd else mpf(0),
        df=lambda x, lambd: _indicator(abs(x) > lambd),
        limits=lambda lambd: ((-INF, INF), (1, 1)),
        variants=({"lambd": 1.5}, {"lambd": 0.0}),
    ),
    "tanhshrink": Reference(
        f=lambda x: x - mp.tanh(x),
        df=lambda x: mp.tanh(x) ** 2,
        limits=lambda: ((-INF, INF), (1, 1)),
    ),
    "threshold": Reference(
        f=lambda x, threshold, value: x if x > threshold else mpf(value),
        df=lambda x, threshold, value: _indicator(x > threshold),
        limits=lambda threshold, value: ((value, INF), (0, 1)),
        variants=({"threshold": 1.0, "value": -2.0},),
    ),
    "squareplus": Reference(
        f=lambda x, b: (x + mp.sqrt(x**2 + b)) / 2,
        df=lambda x, b: (1 + x / mp.sqrt(x**2 + b)) / 2 if (b or x) else mpf(0),
        limits=lambda b: ((0, INF), (0, 1)),
        variants=({"b": 1.0}, {"b": 2.0}, {"b": 0.0}),
    ),
    "sparse_plus": Reference(
        f=lambda x: mpf(0) if x <= -1 else x if x >= 1 else (x + 1) ** 2 / 4,
        df=lambda x: mpf(0) if x <= -1 else mpf(1) if x >= 1 else (x + 1) / 2,
        limits=lambda: ((0, INF), (0, 1)),
    ),
}


def _digits_needed(x: float) -> int:
    # 60 digits, plus enough to absorb cancellation at tiny |x| (x - tanh x) and huge |x|
    # (x + sqrt(x^2 + b)).
    if x == 0 or not math.isfinite(x):
        return 60
    return 70 + 2 * abs(int(math.log10(abs(x))))


def true_value(fn: Callable, x: float, params: dict) -> mpf:
    """fn(x) to (at least) 60 significant digits."""
    with mp.workdps(_digits_needed(x)):
        return +fn(mpf(x), **params)


def sensitivity(fn: Callable, x: float, params: dict, kinks=()) -> mpf:
    """|x g'(x)| by a central difference of g = fn at high precision (0 at kinks)."""
    if x == 0 or any(x == k for k in kinks):
        return mpf(0)
    with mp.workdps(_digits_needed(x) + 60):
        h = abs(mpf(x)) * mpf(2) ** -120
        slope = (fn(mpf(x) + h, **params) - fn(mpf(x) - h, **params)) / (2 * h)
        return abs(x * slope)


def ulp(value: float) -> float:
    """Spacing of float64 at |value| (the smallest subnormal at 0)."""
    return float(math.ulp(abs(value))) if value else TINY


def error_units(got: float, fn: Callable, x: float, params: dict, kinks=(),
                exact: bool = False) -> float:
    """|got - fn(x)| in units of max(ulp(fn(x)), eps |x fn'(x)|); inf for a wrong inf/nan.

    Unless ``exact``, an error within BOUND ulp is returned in ulp without computing the
    (slower) sensitivity: enough to decide pass or fail.
    """
    true = true_value(fn, x, params)
    true_float = float(true)
    if math.isinf(true_float) or math.isnan(got) or math.isinf(got):
        return 0.0 if got == true_float else math.inf
    error = abs(mpf(got) - true)
    unit = ulp(true_float)
    if error <= BOUND * unit and not exact:  # the common case: no numerical derivative
        return float(error / unit)
    unit = max(unit, EPS * float(sensitivity(fn, x, params, kinks)))
    return float(error / unit)


def ulp_error(got: float, fn: Callable, x: float, params: dict) -> float:
    """|got - fn(x)| in ulp of the true value, with no allowance for conditioning."""
    true = true_value(fn, x, params)
    if float(true) == got:
        return 0.0
    return float(abs(mpf(got) - true) / ulp(float(true)))


def parameter_sets(activation) -> list[dict]:
    """The defaults, then every non-default set the suite covers."""
    return [dict(activation.params), *(
        {**activation.params, **v} for v in REFERENCES[activation.name].variants
    )]


def _neighbours(values):
    out = []
    for v in values:
        out += [v, math.nextafter(v, -INF), math.nextafter(v, INF)]
    return out


SPECIAL_POINTS = _neighbours([0.0]) + [
    s * v for s in (1.0, -1.0) for v in (
        1e-300, 1e-200, 1e-100, 1e-30, 1e-12, 1e-8, 1e-4, 0.01, 0.1, 0.5, 1.0, 1.5, 2.0, 3.0,
        5.0, 10.0, 14.0, 15.0, 16.0, 20.0, 21.8, 22.5, 30.0, 36.9, 37.0, 37.1, 37.7, 38.0,
        38.4, 38.6, 40.0, 100.0, 354.0, 373.0, 700.0, 708.4, 710.0, 740.0, 745.0, 750.0,
        760.0, 800.0, 1e4, 1e6, 1e10, 1e15,
    )
] + [-1.19, -1.2785, -0.7518, -0.7522]  # roots of mish', silu', gelu', gelu_tanh'


def accuracy_points(kinks=(), dense: bool = False) -> list[float]:
    """Finite float64 inputs from -1e15 to 1e15: the specials, the kinks and their
    neighbours, and an ordinary spread (denser with ``dense``)."""
    import numpy as np

    n = 10 if dense else 1
    grids = [
        np.linspace(-8, 8, 160 * n + 1),
        np.linspace(-50, 50, 90 * n + 1) + 0.123,
        np.linspace(-1.6, -0.5, 40 * n + 1) + 1e-3,  # where mish', silu', gelu' cross 0
        np.linspace(-39, -36.5, 20 * n + 1),  # gelu's subnormal tail
        np.linspace(-24, -13, 20 * n + 1),  # gelu_tanh's subnormal tail
        np.linspace(-760, -690, 20 * n + 1),  # e^x's subnormal tail
        np.geomspace(1e-20, 1e15, 60 * n),
        -np.geomspace(1e-20, 1e15, 60 * n),
    ]
    points = SPECIAL_POINTS + _neighbours([float(k) for k in kinks])
    points += [float(v) for grid in grids for v in grid]
    return sorted(set(points))
