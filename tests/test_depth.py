"""Depth: an activation applied N times in a row, f(f(...f(x))), and its chain-rule slope.

The oracles compose the functions in mpmath from their textbook formulas (written out
here, not taken from actviz), at 50 digits, and multiply the slopes there.
"""

from __future__ import annotations

import math

import mpmath
import numpy as np
import pytest

import actviz
from actviz import figure, series as curves
from actviz.activation import Activation
from conftest import one_line_error

mpmath.mp.dps = 50

# f and f' by their formulas, for mpmath numbers.
FORMULAS = {
    "sigmoid": (lambda x: 1 / (1 + mpmath.exp(-x)),
                lambda x: mpmath.exp(-x) / (1 + mpmath.exp(-x)) ** 2),
    "tanh": (mpmath.tanh, lambda x: 1 / mpmath.cosh(x) ** 2),
    "softplus": (lambda x: mpmath.log(1 + mpmath.exp(x)), lambda x: 1 / (1 + mpmath.exp(-x))),
    "relu": (lambda x: max(x, 0), lambda x: mpmath.mpf(1 if x > 0 else 0)),
}


def composed_by_hand(name, x, depth):
    """(f^depth(x), the product of f' at x, f(x), ..., f^(depth-1)(x)) in mpmath."""
    f, slope = FORMULAS[name]
    value, product = mpmath.mpf(x), mpmath.mpf(1)
    for _ in range(depth):
        product *= slope(value)
        value = f(value)
    return value, product


POINTS = [-7.5, -2.0, -0.3, 0.0, 0.4, 1.0, 3.0, 9.0]


@pytest.mark.parametrize("name", sorted(FORMULAS))
@pytest.mark.parametrize("depth", [1, 2, 5, 10, 30])
def test_values_and_slopes_match_a_composition_computed_by_hand(name, depth):
    table = actviz.values(name, at=POINTS, depth=depth, derivative=True)
    for i, x in enumerate(POINTS):
        value, product = composed_by_hand(name, x, depth)
        assert table[f"{name} (depth={depth})"][i] == pytest.approx(float(value), rel=1e-13, abs=1e-300)
        assert table[f"{name}' (depth={depth})"][i] == pytest.approx(float(product), rel=1e-13, abs=0)


def test_sigmoids_slope_shrinks_by_at_least_four_each_layer_and_relus_stays_one():
    deep = actviz.values("sigmoid", "relu", at=[0.0, 2.0], depth="1,5,10", derivative=True)
    for depth in (5, 10):
        assert (deep[f"sigmoid' (depth={depth})"] <= 0.25 ** depth).all()
    assert deep["relu' (depth=10)"].tolist() == [0.0, 1.0]  # PyTorch's relu'(0) = 0
    assert deep["relu (depth=10)"].tolist() == [0.0, 2.0]


def test_depth_one_given_is_the_function_itself_under_a_label_that_says_so():
    plain = actviz.values("tanh", at=POINTS, derivative=True)
    one = actviz.values("tanh", at=POINTS, derivative=True, depth=1)
    assert one.headers == ["x", "tanh (depth=1)", "tanh' (depth=1)"]
    assert one["tanh (depth=1)"].tolist() == plain["tanh"].tolist()
    assert one["tanh' (depth=1)"].tolist() == plain["tanh'"].tolist()


def test_the_chain_product_does_not_underflow_on_the_way():
    factors = [np.array([1e-200]), np.array([1e-200]), np.array([1e300])]
    assert math.prod(f[0] for f in factors) == 0.0  # what a plain product gives
    assert curves.chain_product(factors)[0] == pytest.approx(1e-100, rel=1e-15)


def test_a_chain_product_truly_below_the_float_range_is_zero_and_subnormals_are_kept():
    assert curves.chain_product([np.array([1e-200]), np.array([1e-200])])[0] == 0.0
    smallest = curves.chain_product([np.array([2.0 ** -600]), np.array([2.0 ** -474])])[0]
    assert smallest == 5e-324
    assert curves.chain_product([np.array([np.inf]), np.array([0.5])])[0] == np.inf
    assert np.isnan(curves.chain_product([np.array([np.nan]), np.array([2.0])])[0])
    assert curves.chain_product([np.array([-3.0]), np.array([0.5])])[0] == -1.5


def test_a_leaky_relu_three_deep_is_exact():
    table = actviz.values("leaky_relu", at=[-8.0, 8.0], alpha=0.5, depth=3, derivative=True)
    assert table["leaky_relu (alpha=0.5, depth=3)"].tolist() == [-1.0, 8.0]
    assert table["leaky_relu' (alpha=0.5, depth=3)"].tolist() == [0.125, 1.0]


def test_series_come_per_activation_then_parameter_then_depth_each_with_its_derivative():
    series = curves.build_series(["leaky_relu", "sigmoid"], {"alpha": "0.1,0.2"}, True, "1,5")
    assert [s.label for s in series] == [
        "leaky_relu (alpha=0.1, depth=1)", "leaky_relu' (alpha=0.1, depth=1)",
        "leaky_relu (alpha=0.1, depth=5)", "leaky_relu' (alpha=0.1, depth=5)",
        "leaky_relu (alpha=0.2, depth=1)", "leaky_relu' (alpha=0.2, depth=1)",
        "leaky_relu (alpha=0.2, depth=5)", "leaky_relu' (alpha=0.2, depth=5)",
        "sigmoid (depth=1)", "sigmoid' (depth=1)", "sigmoid (depth=5)", "sigmoid' (depth=5)",
    ]
    assert figure.title_for(series) == "leaky_relu (alpha=0.1, 0.2; depth=1, 5), sigmoid (depth=1, 5)"


@pytest.mark.parametrize("depth", [[1, 2], (1, 2), "1,2", "1:2:1", [np.int64(1), 2]])
def test_depths_may_be_a_list_text_or_a_range(depth):
    assert [s.depth for s in curves.build_series(["relu"], {}, False, depth)] == [1, 2]


@pytest.mark.parametrize("depth", [0, -1, 101, 2.5, 5.0, True, "x", "5.0", "", "1,1", "1:5:0.5", "1e1"])
def test_a_depth_not_a_whole_number_from_1_to_100_is_a_usage_error(depth):
    with pytest.raises(actviz.UsageError) as error:
        actviz.values("relu", depth=depth)
    assert error.value.option == "depth"


def test_an_activation_with_a_parameter_called_depth_cannot_be_composed():
    act = Activation(name="deep", params={"depth": 1.0}, function=lambda x, depth: x,
                     derivative_function=lambda x, depth: np.ones_like(x), formula="x",
                     derivative_formula="1")
    with pytest.raises(actviz.UsageError, match="deep has a parameter called depth"):
        curves.build_series([act], {}, False, 2)


# --- the command line ----------------------------------------------------------------------

def test_eval_prints_the_composition_to_six_digits(run):
    # sigmoid(sigmoid(0)) = sigmoid(1/2) = 0.6224593...; the slope 1/4 * 0.2350037... = 0.0587509...
    result = run("eval", "sigmoid", "-d", "--depth", "2", "--at", "0")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == (
        "x  sigmoid (depth=2)  sigmoid' (depth=2)\n"
        "0           0.622459           0.0587509\n"
    )


def test_eval_csv_keeps_every_bit_of_an_exact_composition(run):
    result = run("eval", "leaky_relu", "--alpha", "0.5", "-d", "--depth", "3,1", "--at", "-8",
                 "--format", "csv")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == (
        'x,"leaky_relu (alpha=0.5, depth=3)","leaky_relu\' (alpha=0.5, depth=3)",'
        '"leaky_relu (alpha=0.5, depth=1)","leaky_relu\' (alpha=0.5, depth=1)"\n'
        "-8.0,-1.0,0.125,-4.0,0.5\n"
    )


@pytest.mark.parametrize("command", ["eval", "plot"])
@pytest.mark.parametrize("depth, shown", [("0", "got 0"), ("-3", "got -3"), ("101", "got 101"),
                                          ("2.5", "got 2.5"), ("ten", "got ten"),
                                          ("3,3", "depth 3 is given twice")])
def test_a_bad_depth_is_one_line_naming_the_option_and_exit_2(run, tmp_path, command, depth, shown):
    line = one_line_error(run(command, "relu", "--depth", depth, "-o", tmp_path / "x.png")
                          if command == "plot" else run(command, "relu", "--depth", depth), 2)
    assert "Invalid value for '--depth'" in line and shown in line
    assert list(tmp_path.iterdir()) == []


def test_plot_draws_one_curve_per_depth_with_the_composed_values():
    fig = actviz.plot("sigmoid", depth=[1, 3], derivative=True, num=11)
    lines = {line.get_label(): line for line in fig.axes[0].get_lines()}
    x = lines["Sigmoid (depth = 3)"].get_xdata()
    expected = [float(composed_by_hand("sigmoid", v, 3)[1]) for v in x]
    assert lines["Sigmoid\u2032 (depth = 3)"].get_ydata() == pytest.approx(expected, rel=1e-13)
    assert lines["Sigmoid\u2032 (depth = 3)"].get_linestyle() == "--"
    assert fig.axes[0].get_title() == "Sigmoid (depth = 1, 3)"


def test_plot_svg_has_a_legend_entry_per_depth(run, tmp_path):
    out = tmp_path / "deep.svg"
    result = run("plot", "sigmoid", "tanh", "--depth", "1,5", "-o", out)
    assert result.exit_code == 0, result.stderr
    svg = out.read_text()
    for label in ("Sigmoid (depth = 1)", "Sigmoid (depth = 5)", "tanh (depth = 1)", "tanh (depth = 5)"):
        assert f"<!-- {label} -->" in svg
    assert "<!-- Sigmoid (depth = 1, 5), tanh (depth = 1, 5) -->" in svg


def test_an_output_template_may_name_the_depth(run, tmp_path):
    result = run("plot", "relu", "--depth", "1,2", "-o", tmp_path / "relu-{depth}.svg")
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["relu-1.svg", "relu-2.svg"]
    assert "<!-- ReLU (depth = 2) -->" in (tmp_path / "relu-2.svg").read_text()


def test_the_terminal_plot_shows_each_depth_in_its_legend(run):
    result = run("plot", "sigmoid", "-d", "--depth", "1,4", "--term", "--ascii",
                 env={"COLUMNS": "100", "LINES": "30"})
    assert result.exit_code == 0, result.stderr
    for label in ("sigmoid (depth=1)", "sigmoid' (depth=1)", "sigmoid (depth=4)", "sigmoid' (depth=4)"):
        assert label in result.stdout


def test_a_page_of_depths_has_a_depth_slider_and_says_its_command(run, tmp_path):
    out = tmp_path / "deep.html"
    result = run("plot", "sigmoid", "-d", "--depth", "1,5,10", "-o", out)
    assert result.exit_code == 0, result.stderr
    page = out.read_text()
    assert 'name="depth" min="0" max="2"' in page
    assert "actviz plot sigmoid -d --depth 1,5,10" in page
    assert '"label":"sigmoid\' (depth=10)"' in page
