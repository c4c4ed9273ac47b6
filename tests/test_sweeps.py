"""Sweeps: a parameter given several values draws one curve (or lists one column) per value."""

from __future__ import annotations

import re

import numpy as np
import pytest
from click.testing import CliRunner

import actviz
from actviz import figure, series as curves
from actviz.activation import Activation, ParameterError
from actviz.cli import cli


def invoke(*args):
    return CliRunner().invoke(cli, list(args), prog_name="actviz")


def two_parameter_activation():
    # Not registered: build_series takes Activation objects as well as names.
    return Activation(
        name="affine", params={"a": 1.0, "b": 0.0},
        function=lambda x, a, b: a * x + b, derivative_function=lambda x, a, b: np.full_like(x, a),
        formula="a * x + b", derivative_formula="a",
    )


# --- the library -------------------------------------------------------------------------

def test_a_list_of_values_is_one_series_per_value_with_its_label():
    series = curves.build_series(["leaky_relu"], {"alpha": ["0.01", "0.1", "0.3"]})
    assert [s.label for s in series] == [
        "leaky_relu (alpha=0.01)", "leaky_relu (alpha=0.1)", "leaky_relu (alpha=0.3)",
    ]
    x = np.array([-2.0, 3.0])
    assert [s.values(x).tolist() for s in series] == [[-0.02, 3.0], [-0.2, 3.0], [-0.6, 3.0]]


def test_each_value_is_followed_by_its_derivative():
    series = curves.build_series(["relu", "sigmoid"], {"alpha": [0.1, 0.2]}, derivative=True)
    assert [s.label for s in series] == [
        "relu (alpha=0.1)", "relu' (alpha=0.1)", "relu (alpha=0.2)", "relu' (alpha=0.2)",
        "sigmoid", "sigmoid'",
    ]


def test_several_swept_parameters_give_every_combination_in_the_order_given():
    act = two_parameter_activation()
    series = curves.build_series([act], {"b": [0, 1], "a": [2, 3, 4]})
    assert [s.label for s in series] == [
        "affine (b=0, a=2)", "affine (b=0, a=3)", "affine (b=0, a=4)",
        "affine (b=1, a=2)", "affine (b=1, a=3)", "affine (b=1, a=4)",
    ]
    assert [float(s.values(np.float64(1.0))) for s in series] == [2, 3, 4, 3, 4, 5]
    assert figure.title_for(series) == "affine (b=0, 1; a=2, 3, 4)"


def test_a_single_value_is_not_a_sweep():
    assert [s.label for s in curves.build_series(["relu"], {"alpha": 0.1})] == ["relu (alpha=0.1)"]
    assert [s.label for s in curves.build_series(["relu"], {"alpha": ["0.1"]})] == ["relu (alpha=0.1)"]


def test_labels_keep_every_digit_that_tells_values_apart():
    series = curves.build_series(["relu"], {"alpha": [0.1234567, 0.1234568, 1e-05, 2.5e10]})
    assert [s.label for s in series] == [
        "relu (alpha=0.1234567)", "relu (alpha=0.1234568)", "relu (alpha=1e-05)", "relu (alpha=2.5e+10)",
    ]


def test_the_default_title_names_a_sweep_once():
    series = curves.build_series(["leaky_relu", "sigmoid"], {"alpha": [0.01, 0.1, 0.3]}, derivative=True)
    assert figure.title_for(series) == "leaky_relu (alpha=0.01, 0.1, 0.3), sigmoid"


def test_a_bad_value_anywhere_in_a_sweep_is_an_error_before_any_work():
    with pytest.raises(ParameterError, match=r"relu parameter alpha='x' is not a number"):
        curves.build_series(["relu"], {"alpha": ["0.1", "x"]})
    with pytest.raises(ParameterError, match="has no value"):
        curves.build_series(["relu"], {"alpha": []})


def test_too_many_combinations_is_an_error():
    act = two_parameter_activation()
    many = list(range(40))
    with pytest.raises(ParameterError, match=r"that makes 1600 curves or columns, more than 1000"):
        curves.build_series([act], {"a": many, "b": many})


# --- eval ---------------------------------------------------------------------------------

def test_eval_gives_one_column_per_value():
    result = invoke("eval", "leaky_relu", "--alpha", "0.01,0.1,0.3", "--at", "-2,2", "--format", "csv")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == (
        "x,leaky_relu (alpha=0.01),leaky_relu (alpha=0.1),leaky_relu (alpha=0.3)\n"
        f"-2.0,-0.02,-0.2,{-2 * 0.3!r}\n"
        "2.0,2.0,2.0,2.0\n"
    )
    assert result.stderr == ""


def test_p_name_values_is_a_sweep_too_and_spaces_are_allowed():
    by_option = invoke("eval", "relu", "--alpha", "0.5,1,2", "-d", "--at", "-1")
    by_p = invoke("eval", "relu", "-p", "alpha=0.5, 1 ,2", "-d", "--at", "-1")
    assert by_option.exit_code == by_p.exit_code == 0
    assert by_option.stdout == by_p.stdout
    assert by_p.stdout.splitlines() == [
        " x  relu (alpha=0.5)  relu' (alpha=0.5)  relu (alpha=1)  relu' (alpha=1)  relu (alpha=2)  relu' (alpha=2)",
        "-1              -0.5                0.5              -1                1              -2                2",
    ]


def test_a_sweep_applies_only_to_the_names_that_take_the_parameter():
    result = invoke("eval", "sigmoid", "relu", "--alpha", "0,0.5", "--at", "1", "--format", "tsv")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[0].split("\t") == ["x", "sigmoid", "relu (alpha=0)", "relu (alpha=0.5)"]


@pytest.mark.parametrize("args, message", [
    (["--alpha", "0.1,"], "Invalid value for '--alpha': '0.1,' has an empty value"),
    (["-p", "alpha=,1"], "Invalid value for '-p' / '--param': ',1' has an empty value"),
    (["--alpha", "0.1", "-p", "alpha=0.2"],
     "parameter 'alpha' is given twice (0.1 and 0.2); for a sweep give the values once"),
    (["--alpha", "0.1,zero"], "relu parameter alpha='zero' is not a number"),
    (["--beta", "1,2"], "no activation named here takes parameter 'beta' (they take: alpha)"),
    # A value twice would be two identical columns (or curves) under one header.
    (["--alpha", "0.1,0.1"], "parameter 'alpha' is given 0.1 twice; a sweep takes each value once"),
    (["--alpha", "0.01,0.2,0.010"],
     "parameter 'alpha' is given 0.01 twice (as 0.01 and 0.010); a sweep takes each value once"),
    (["-p", "alpha=1, 1e0"], "parameter 'alpha' is given 1 twice (as 1 and 1e0)"),
    # The same parameter twice is an error whatever the spelling (click would keep the last --alpha).
    (["--alpha", "0.1", "--alpha", "0.2"],
     "parameter 'alpha' is given twice (0.1 and 0.2); for a sweep give the values once"),
    (["--alpha", "0.1", "--alpha", "0.1"], "parameter 'alpha' is given twice (0.1 and 0.1)"),
    (["--alpha", "0.1", "-p", "alpha=0.1"], "parameter 'alpha' is given twice (0.1 and 0.1)"),
    (["-p", "alpha=0.1", "-p", "alpha=0.2"], "parameter 'alpha' is given twice (0.1 and 0.2)"),
])
def test_bad_sweeps_are_usage_errors(args, message):
    result = invoke("eval", "relu", *args)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert message in result.stderr and result.stderr.count("\n") == 1


# --- plot ---------------------------------------------------------------------------------

def test_plot_draws_one_curve_per_value_with_a_legend_entry_each(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = invoke("plot", "leaky_relu", "--alpha", "0.01,0.1,0.3", "-d", "--format", "svg")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "leaky_relu.svg\n"  # each activation once in the default name
    svg = (tmp_path / "leaky_relu.svg").read_text()
    for value in ("0.01", "0.1", "0.3"):
        assert f"<!-- Leaky ReLU ($\\alpha$ = {value}) -->" in svg
        assert f"<!-- Leaky ReLU\u2032 ($\\alpha$ = {value}) -->" in svg
    assert r"<!-- Leaky ReLU ($\alpha$ = 0.01, 0.1, 0.3) -->" in svg  # the title
    # Three colours, each drawn solid (f) and dashed (f'), in the curves and the legend.
    for colour in ("#1f77b4", "#ff7f0e", "#2ca02c"):
        assert len(re.findall(f"stroke: {colour}", svg)) == 4
    assert "#d62728" not in svg


def test_plot_sweep_png_has_three_distinct_lines_left_of_zero(tmp_path):
    # The three slopes part left of 0: a column at x = -4 crosses three differently coloured lines.
    from matplotlib import image

    out = tmp_path / "sweep.png"
    result = invoke("plot", "leaky_relu", "--alpha", "0.1,0.5,1", "--no-grid", "--ylim", "-5", "5",
                    "--range", "-5", "5", "-o", str(out), "--title", "")
    assert result.exit_code == 0, result.stderr
    pixels = image.imread(str(out))[:, :, :3]
    column = pixels[:, 130]  # x = -4 on the default 640-pixel-wide axes
    colours = {tuple(np.round(p, 1)) for p in column if p.max() - p.min() > 0.3}  # saturated ink only
    assert len(colours) >= 3


def test_the_library_refuses_a_repeated_value_compared_as_a_float():
    with pytest.raises(ParameterError, match=r"given 0.5 twice \(as 0.5 and 0.50\)"):
        curves.build_series(["relu"], {"alpha": ["0.5", 0.25, "0.50"]})
    with pytest.raises(ParameterError, match="given 0.25 twice; a sweep"):
        curves.build_series(["relu"], {"alpha": [0.25, 0.25]})
    assert len(curves.build_series(["relu"], {"alpha": ["0.1", "0.10000000000000002"]})) == 2


def test_gate_takes_one_parameter_once():
    result = invoke("gate", "and", "--activation", "relu", "--alpha", "0.1", "--alpha", "0.2")
    assert result.exit_code == 2
    assert "parameter 'alpha' is given twice (0.1 and 0.2)" in result.stderr


def test_gate_takes_one_value_per_parameter():
    result = invoke("gate", "and", "--activation", "relu", "--alpha", "0.1,0.2")
    assert result.exit_code == 2
    assert result.stderr == (
        "actviz gate: error: gate takes one value per parameter, not alpha=0.1,0.2 (sweeps are for "
        "plot and eval) (see 'actviz gate --help')\n"
    )
    assert invoke("gate", "and", "--activation", "relu", "--alpha", "0.1").exit_code == 0


def test_swept_parameters_of_a_registry_activation_with_two():
    result = invoke("eval", "rrelu", "-p", "lower=0.1,0.2", "-p", "upper=0.3,0.4", "--at", "-1", "--format", "csv")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == [
        'x,"rrelu (lower=0.1, upper=0.3)","rrelu (lower=0.1, upper=0.4)",'  # CSV quotes the commas
        '"rrelu (lower=0.2, upper=0.3)","rrelu (lower=0.2, upper=0.4)"',
        f"-1.0,{-(0.1 + 0.3) / 2!r},{-(0.1 + 0.4) / 2!r},{-(0.2 + 0.3) / 2!r},{-(0.2 + 0.4) / 2!r}",
    ]
