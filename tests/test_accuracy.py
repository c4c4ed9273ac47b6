"""Every activation and derivative against its 60-digit mpmath reference (tests/reference.py).

The bound: within 4 ulp of the true value, or 4 eps |x g'(x)| where that is larger (the
error the rounding of x itself causes; g is the function measured: f, or f'), at every
finite x from -1e15 to 1e15, at the defaults and at non-default parameters. Also the
IEEE behaviour: nan -> nan, +-inf -> the limits, inf where the true value is beyond
float64 (at every extreme x, checked against mpmath), and no floating-point warning.
"""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import actviz
try:
    from tests.reference import BOUND, REFERENCES, accuracy_points, error_units, parameter_sets, ulp_error
except ImportError:  # pytest run with tests/ (not the repository root) on sys.path
    from reference import BOUND, REFERENCES, accuracy_points, error_units, parameter_sets, ulp_error

ACTIVATIONS = actviz.all_activations()
CASES = [
    pytest.param(a, params, id=f"{a.name}-{'-'.join(f'{k}={v:g}' for k, v in params.items()) or 'default'}")
    for a in ACTIVATIONS if a.name in REFERENCES
    for params in parameter_sets(a)
]


def _strict():
    """numpy's warnings for invalid operations and division by zero become errors.

    Underflow stays ignored, numpy's default: a tail that rounds to a subnormal or to 0
    is the correct IEEE result (sigmoid(-750) is 0), and every such rounding sets the
    underflow flag, so no correct implementation could pass errstate(under='raise').
    Overflow is ignored by Activation itself, for the same reason: where the true value
    is beyond float64, inf is the correctly rounded result. Every inf is checked against
    mpmath instead (error_units is infinite for an inf where the true value is finite).
    """
    return np.errstate(over="raise", invalid="raise", divide="raise", under="ignore")


def _worst(activation, params, xs, derivative):
    reference = REFERENCES[activation.name]
    fn = reference.df if derivative else reference.f
    numpy_fn = activation.derivative if derivative else activation
    kinks = activation.kinks(**params)
    with _strict():
        got = numpy_fn(np.asarray(xs, dtype=np.float64), **params)
    worst = (0.0, None)
    for x, y in zip(np.asarray(xs, dtype=np.float64).tolist(), np.atleast_1d(got).tolist()):
        units = error_units(y, fn, x, params, kinks)
        if units > worst[0]:
            worst = (units, x)
    return worst


def test_every_activation_has_a_reference():
    missing = [a.name for a in ACTIVATIONS if a.name not in REFERENCES]
    assert not missing, f"no mpmath reference in tests/reference.py for {missing}"


def test_every_parameter_is_varied_somewhere():
    for a in ACTIVATIONS:
        varied = {k for v in REFERENCES[a.name].variants for k in v}
        assert varied == set(a.params), f"{a.name}: non-default sets vary {varied}, not {set(a.params)}"


@pytest.mark.parametrize("derivative", [False, True], ids=["f", "df"])
@pytest.mark.parametrize("activation, params", CASES)
def test_accuracy(activation, params, derivative):
    xs = accuracy_points(activation.kinks(**params))
    units, x = _worst(activation, params, xs, derivative)
    what = activation.name + ("'" if derivative else "") + (str(params) if params else "")
    assert units <= BOUND, f"{what}: {units:.2f} ulp at x = {x!r}"


# e^x's far tail, where the result is subnormal or nearly so, and e^(x / alpha)'s whole
# range (its quotient's rounding used to cost |x / alpha| / 2 ulp), and softplus's
# e^(beta x) / beta there (a small beta magnified a subnormal): within BOUND ulp of the
# exact value with no conditioning allowance, at parameters from 1e-6 to 1e6. PyTorch and
# JAX stay within 0.5-0.7 ulp for silu and mish there; this used to be ~480 ulp (issue 14,
# items 23 and 24), and elu'(alpha = 10) 5 ulp, growing as alpha / 2.
TAIL_POINTS = np.linspace(-745.1, -699.9, 181).tolist() + [-708.3964185322641, -708.39641853226, -744.44007]
TAIL_CASES = [
    *[(name, {}, derivative) for name in ("silu", "mish") for derivative in (False, True)],
    ("selu", {}, True),
    *[(name, {"alpha": alpha}, True) for name in ("elu", "celu")
      for alpha in (1e-6, 1e-3, 0.5, 1.0, 10.0, 100.0, 1e6)],
    *[("softplus", {"beta": beta}, False) for beta in (1e-6, 1e-3, 0.5, 1.0, 1e6)],
]


@pytest.mark.parametrize("name, params, derivative", TAIL_CASES,
                         ids=[f"{n}{chr(39) if d else ''}{next(iter(p.values()), '')}" for n, p, d in TAIL_CASES])
def test_exponential_tails_within_bound_without_allowance(name, params, derivative):
    activation = actviz.get(name)
    reference = REFERENCES[name].df if derivative else REFERENCES[name].f
    xs = TAIL_POINTS
    if name == "celu":  # the same tail for e^(x / alpha), and ordinary quotients
        xs = [x * params["alpha"] for x in TAIL_POINTS] + [-x * params["alpha"] for x in np.linspace(0, 60, 61)]
    if name == "softplus":  # log1p(e^(beta x)) / beta, where e^(beta x) is nearly subnormal
        xs = [x / params["beta"] for x in TAIL_POINTS if x < -700]
    with _strict():
        got = (activation.derivative if derivative else activation)(np.array(xs), **params)
    errors = [ulp_error(y, reference, x, params) for x, y in zip(xs, got.tolist())]
    worst = int(np.argmax(errors))
    assert errors[worst] <= BOUND, f"{name}: {errors[worst]:.2f} ulp at x = {xs[worst]!r}"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(x=st.floats(min_value=-1e15, max_value=1e15, allow_nan=False), data=st.data())
def test_accuracy_at_random_inputs(x, data):
    activation = data.draw(st.sampled_from(ACTIVATIONS), label="activation")
    params = data.draw(st.sampled_from(parameter_sets(activation)), label="params")
    for derivative in (False, True):
        units, _ = _worst(activation, params, [x], derivative)
        assert units <= BOUND, f"{activation.name} (derivative={derivative}) at {x!r}: {units:.2f} ulp"


@pytest.mark.parametrize("activation, params", CASES)
def test_nan_in_nan_out_and_infinite_limits(activation, params):
    (f_lo, f_hi), (d_lo, d_hi) = REFERENCES[activation.name].limits(**params)
    xs = np.array([np.nan, -np.inf, np.inf])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with _strict():
            f = activation(xs, **params)
            d = activation.derivative(xs, **params)
    assert np.isnan(f[0]) and np.isnan(d[0])
    assert f[1:].tolist() == [f_lo, f_hi], f"{activation.name} at -inf, inf"
    assert d[1:].tolist() == [d_lo, d_hi], f"{activation.name}' at -inf, inf"


# The extremes of float64, where an image may be beyond float64 (selu(1.8e308), relu at
# -1e308 with alpha = 2, softplus with beta = 1e-320): inf then, and no warning.
EXTREMES = np.array([
    -1.7976931348623157e308, -1e308, -1e300, -1e15, -800.0, -750.0, -745.0, -710.0, -40.0, -5e-324,
    -0.0, 0.0, 5e-324, 2.2e-308, 1e-300, 40.0, 710.0, 750.0, 1e15, 1e300, 1e308,
])


@pytest.mark.parametrize("activation, params", CASES)
def test_no_floating_point_warning_anywhere(activation, params):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with _strict():
            f = activation(EXTREMES, **params)
            d = activation.derivative(EXTREMES, **params)
    assert not np.isnan(f).any() and not np.isnan(d).any()
    for derivative in (False, True):
        units, x = _worst(activation, params, EXTREMES, derivative)
        what = activation.name + ("'" if derivative else "") + str(params)
        assert units <= BOUND, f"{what}: {units:.2f} ulp at x = {x!r}"


def test_functions_do_not_hide_warnings_with_errstate():
    import inspect

    from actviz import catalog

    assert "errstate" not in inspect.getsource(catalog)


# PyTorch's autograd at every kink (default parameters); see actviz/catalog.py.
KINK_DERIVATIVES = {
    "step": {0.0: 0.0},
    "relu": {0.0: 0.0},
    "leaky_relu": {0.0: 0.1},
    "prelu": {0.0: 0.25},
    "rrelu": {0.0: (1 / 8 + 1 / 3) / 2},
    "relu6": {0.0: 0.0, 6.0: 0.0},
    "hardtanh": {-1.0: 0.0, 1.0: 0.0},
    "elu": {0.0: 1.0},
    "selu": {0.0: 1.7580993408473768},
    "celu": {0.0: 1.0},
    "hardsigmoid": {-3.0: 0.0, 3.0: 0.0},
    "hardswish": {-3.0: 0.0, 3.0: 1.0},
    "hardshrink": {-0.5: 0.0, 0.5: 0.0},
    "softshrink": {-0.5: 0.0, 0.5: 0.0},
    "threshold": {0.0: 0.0},
    "softsign": {0.0: 1.0},
    "sparse_plus": {-1.0: 0.0, 1.0: 1.0},
}


@pytest.mark.parametrize("activation", ACTIVATIONS, ids=lambda a: a.name)
def test_kinks_and_conventions(activation):
    expected = KINK_DERIVATIVES.get(activation.name, {})
    assert sorted(activation.kinks()) == sorted(expected)
    for x, slope in expected.items():
        assert activation.derivative(x) == slope, f"{activation.name}'({x})"


def test_kinks_follow_parameters():
    assert actviz.get("hardtanh").kinks(min_val=-2, max_val=3) == (-2.0, 3.0)
    assert actviz.get("softshrink").kinks(lambd=0.25) == (-0.25, 0.25)
    assert actviz.get("hardshrink").kinks(lambd=0) == (0.0,)
    assert actviz.get("threshold").kinks(threshold=1.5, value=0) == (1.5,)
    assert actviz.get("squareplus").kinks(b=0) == (0.0,)
    assert actviz.get("squareplus").kinks() == ()
    assert actviz.get("leaky_relu").derivative(0.0, alpha=0.3) == 0.3
    assert actviz.get("elu").derivative(0.0, alpha=2.0) == 2.0
    assert actviz.get("threshold").derivative(1.5, threshold=1.5, value=0) == 0.0


def test_relu_at_minus_infinity_is_zero_not_nan():
    with _strict():
        assert actviz.get("relu")(-math.inf) == 0.0


def test_a_true_overflow_is_inf_without_a_warning():
    # selu(DBL_MAX) = 1.0507 * DBL_MAX is beyond float64: inf is its correct rounding.
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert actviz.get("selu")(1.7976931348623157e308) == math.inf
        assert actviz.get("relu")(-1e308, alpha=2.0) == -math.inf
    assert actviz.get("selu")(np.nextafter(1.7976931348623157e308 / 1.0507009873554805, 0)) < math.inf


def test_an_overflow_inside_a_function_still_cannot_give_a_wrong_value():
    # Overflow is not an error, so a wrong inf must be caught by value: error_units is
    # infinite for an inf (or nan) where the true value is finite.
    reference = REFERENCES["celu"]
    assert error_units(-math.inf, reference.f, -355.0, {"alpha": -0.5}) == math.inf
    assert error_units(-math.inf, reference.f, -356.0, {"alpha": -0.5}) == 0.0
    assert error_units(math.nan, reference.f, 0.0, {"alpha": -0.5}) == math.inf
