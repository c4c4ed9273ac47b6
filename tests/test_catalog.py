"""The catalog: known values, derivatives against finite differences, shapes and dtypes,
parameters and their errors, and finding activations by name."""

from __future__ import annotations

import math

import numpy as np
import pytest

import actviz
from actviz import ParameterError, UnknownActivationError

ACTIVATIONS = actviz.all_activations()

SELU_ALPHA = 1.6732632423543772848170429916717
SELU_SCALE = 1.0507009873554804934193349852946

# (name, params, x, f(x)) worked out by hand, not by the code under test.
KNOWN_VALUES = [
    ("step", {}, 0.0, 0.0), ("step", {}, 1e-300, 1.0), ("step", {}, -2.0, 0.0),
    ("sigmoid", {}, 0.0, 0.5), ("sigmoid", {}, -math.inf, 0.0), ("sigmoid", {}, 800.0, 1.0),
    ("relu", {}, -3.0, 0.0), ("relu", {}, 2.5, 2.5), ("relu", {"alpha": 0.5}, -4.0, -2.0),
    ("leaky_relu", {}, -10.0, -1.0), ("prelu", {}, -4.0, -1.0),
    ("rrelu", {}, -24.0, -24.0 * (1 / 8 + 1 / 3) / 2), ("identity", {}, -7.25, -7.25),
    ("tanh", {}, 0.0, 0.0), ("tanh", {}, 1e6, 1.0),
    ("relu6", {}, 7.0, 6.0), ("relu6", {}, 3.0, 3.0), ("relu6", {}, -1.0, 0.0),
    ("hardtanh", {}, -5.0, -1.0), ("hardtanh", {}, 0.25, 0.25),
    ("hardtanh", {"min_val": -2, "max_val": 3}, 4.0, 3.0),
    ("elu", {}, 0.0, 0.0), ("elu", {}, -math.inf, -1.0), ("elu", {"alpha": 2}, -1000.0, -2.0),
    ("selu", {}, 1.0, SELU_SCALE), ("selu", {}, -1000.0, -SELU_SCALE * SELU_ALPHA),
    ("celu", {"alpha": 2}, -1000.0, -2.0), ("celu", {}, 3.0, 3.0),
    ("gelu", {}, 0.0, 0.0), ("gelu", {}, 100.0, 100.0), ("gelu", {}, 1.0, 0.8413447460685429),
    ("gelu_tanh", {}, 100.0, 100.0), ("gelu_tanh", {}, 0.0, 0.0),
    ("silu", {}, 0.0, 0.0), ("silu", {}, 1.0, 1 / (1 + math.exp(-1))),
    ("mish", {}, 0.0, 0.0), ("mish", {}, 1.0, math.tanh(math.log1p(math.e))),
    ("softplus", {}, 0.0, math.log(2)), ("softplus", {"beta": 2}, 0.0, math.log(2) / 2),
    ("softplus", {}, 1000.0, 1000.0),
    ("logsigmoid", {}, 0.0, -math.log(2)), ("logsigmoid", {}, -1000.0, -1000.0),
    ("softsign", {}, 1.0, 0.5), ("softsign", {}, -3.0, -0.75),
    ("hardsigmoid", {}, 0.0, 0.5), ("hardsigmoid", {}, 3.0, 1.0), ("hardsigmoid", {}, -3.0, 0.0),
    ("hardswish", {}, 3.0, 3.0), ("hardswish", {}, -3.0, 0.0), ("hardswish", {}, 1.5, 1.125),
    ("hardshrink", {}, 0.5, 0.0), ("hardshrink", {}, 0.75, 0.75), ("hardshrink", {}, -0.75, -0.75),
    ("softshrink", {}, 0.75, 0.25), ("softshrink", {}, -0.75, -0.25), ("softshrink", {}, 0.5, 0.0),
    ("tanhshrink", {}, 0.0, 0.0), ("tanhshrink", {}, 1e-5, 1e-15 / 3 - 2e-25 / 15),
    ("threshold", {}, -1.0, 0.0), ("threshold", {"threshold": 1, "value": -2}, 1.0, -2.0),
    ("threshold", {"threshold": 1, "value": -2}, 1.5, 1.5),
    ("squareplus", {}, 0.0, 1.0), ("squareplus", {"b": 0}, -2.0, 0.0), ("squareplus", {}, 1.5, 2.0),
    ("sparse_plus", {}, -1.0, 0.0), ("sparse_plus", {}, 0.0, 0.25), ("sparse_plus", {}, 2.0, 2.0),
]


@pytest.mark.parametrize("name, params, x, expected", KNOWN_VALUES)
def test_known_values(name, params, x, expected):
    assert actviz.get(name)(x, **params) == pytest.approx(expected, rel=1e-15, abs=1e-300)


def test_every_activation_has_a_known_value():
    assert {name for name, *_ in KNOWN_VALUES} == set(actviz.names())


SMOOTH_POINTS = [-7.3, -2.2, -1.1, -0.37, 0.21, 0.9, 1.7, 4.4, 11.0]


@pytest.mark.parametrize("activation", ACTIVATIONS, ids=lambda a: a.name)
def test_derivative_matches_central_difference(activation):
    kinks = activation.kinks()
    for x in SMOOTH_POINTS:
        if any(abs(x - k) < 1e-3 for k in kinks):
            continue
        h = 1e-6 * max(1.0, abs(x))
        numeric = (activation(x + h) - activation(x - h)) / (2 * h)
        assert activation.derivative(x) == pytest.approx(numeric, rel=1e-6, abs=1e-8), (activation.name, x)


@pytest.mark.parametrize("activation", ACTIVATIONS, ids=lambda a: a.name)
def test_scalar_in_gives_numpy_float64_and_arrays_keep_their_shape(activation):
    for fn in (activation, activation.derivative):
        assert type(fn(0.5)) is np.float64
        assert type(fn(2)) is np.float64
        grid = np.linspace(-4, 4, 12).reshape(3, 4)
        out = fn(grid)
        assert out.shape == (3, 4) and out.dtype == np.float64
        assert fn([1, 2, 3]).dtype == np.float64
        assert fn(np.array([], dtype=np.float32)).shape == (0,)


def test_parameters_default_like_pytorch():
    expect = {
        "relu": {"alpha": 0.0}, "leaky_relu": {"alpha": 0.1}, "prelu": {"alpha": 0.25},
        "rrelu": {"lower": 1 / 8, "upper": 1 / 3}, "elu": {"alpha": 1.0}, "celu": {"alpha": 1.0},
        "softplus": {"beta": 1.0}, "hardtanh": {"min_val": -1.0, "max_val": 1.0},
        "hardshrink": {"lambd": 0.5}, "softshrink": {"lambd": 0.5},
        "threshold": {"threshold": 0.0, "value": 0.0}, "squareplus": {"b": 4.0},
    }
    for a in ACTIVATIONS:
        assert dict(a.params) == expect.get(a.name, {}), a.name


def test_unknown_parameter_names_the_parameters_it_takes():
    with pytest.raises(ParameterError, match=r"softplus has no parameter 'alpha' \(it takes: beta\)"):
        actviz.get("softplus")(1.0, alpha=2)
    with pytest.raises(ParameterError, match="takes: no parameters"):
        actviz.get("tanh")(1.0, beta=2)


@pytest.mark.parametrize("name, params, message", [
    ("softplus", {"beta": 0}, "beta=0.0 must be > 0"),
    ("softplus", {"beta": -1}, "must be > 0"),
    ("celu", {"alpha": 0}, "alpha must not be 0"),
    ("hardtanh", {"min_val": 1, "max_val": 1}, "min_val < max_val"),
    ("hardtanh", {"min_val": 2}, "min_val < max_val"),
    ("hardshrink", {"lambd": -0.1}, "lambd=-0.1 must be >= 0"),
    ("softshrink", {"lambd": -1}, "must be >= 0"),
    ("rrelu", {"lower": 0.5, "upper": 0.25}, "lower <= upper"),
    ("squareplus", {"b": -1}, "b=-1.0 must be >= 0"),
    ("elu", {"alpha": "big"}, "is not a number"),
    ("relu", {"alpha": math.nan}, "must be finite"),
    ("relu", {"alpha": "1e400"}, "relu parameter alpha=1e400 is out of float64's range"),
    ("relu", {"alpha": "1_0"}, "relu parameter alpha='1_0' is not a number"),
    ("relu", {"alpha": "inf"}, "must be finite"),
])
def test_parameter_domain_errors(name, params, message):
    activation = actviz.get(name)
    with pytest.raises(ParameterError, match=message):
        activation(0.0, **params)
    with pytest.raises(ParameterError):
        activation.derivative(0.0, **params)
    if activation.kinks_function is not None:  # (kinks() of a smooth one checks nothing)
        with pytest.raises(ParameterError):
            activation.kinks(**params)


def test_names_are_case_insensitive_and_dashes_are_underscores():
    assert actviz.get("Leaky-ReLU") is actviz.get("leaky_relu")
    assert actviz.get(" GELU_tanh ") is actviz.get("gelu-tanh")
    assert actviz.get("HardSwish").name == "hardswish"


@pytest.mark.parametrize("alias, name", [
    ("swish", "silu"), ("logistic", "sigmoid"), ("heaviside", "step"), ("lrelu", "leaky_relu"),
    ("linear", "identity"), ("gelu_approx", "gelu_tanh"), ("log_sigmoid", "logsigmoid"),
    ("hard-swish", "hardswish"), ("sparseplus", "sparse_plus"),
])
def test_aliases(alias, name):
    assert actviz.get(alias).name == name


def test_unknown_name_suggests_the_nearest():
    with pytest.raises(UnknownActivationError, match="did you mean 'selu'"):
        actviz.get("sellu")
    with pytest.raises(UnknownActivationError, match="unknown activation 'nonsense'"):
        actviz.get("nonsense")


def test_catalog_has_every_torch_nn_elementwise_activation_and_more():
    torch_nn = {
        "tanh", "relu", "relu6", "elu", "selu", "celu", "gelu", "gelu_tanh", "silu", "mish",
        "softplus", "softsign", "hardtanh", "hardsigmoid", "hardswish", "hardshrink",
        "softshrink", "tanhshrink", "logsigmoid", "threshold", "prelu", "rrelu",
        "leaky_relu", "sigmoid",
    }
    names = set(actviz.names())
    assert torch_nn <= names
    assert {"step", "identity", "squareplus", "sparse_plus"} <= names
    assert len(names) >= 27


def test_every_activation_documents_itself():
    for a in ACTIVATIONS:
        assert a.formula and a.derivative_formula and a.summary, a.name


def test_summaries_do_not_repeat_the_seed_posts_errors():
    # The seed's blog post said sigmoid tends to -1 and that step and sigmoid are linear.
    assert "from 0 (x -> -inf)" in actviz.get("sigmoid").summary
    assert "non-linear" in actviz.get("step").summary
    assert "non-linear" in actviz.get("sigmoid").summary
