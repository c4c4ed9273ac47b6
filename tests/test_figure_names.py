"""Figures name curves as a reader would: display names, parameter symbols in mathtext,
primes for derivatives, the caller's labels, formulas on request, and a legend only
where it helps (or where it is asked for)."""

import pytest

import actviz
from conftest import invoke, one_line_error


def legend_texts(figure):
    legend = figure.axes[0].get_legend()
    return None if legend is None else [t.get_text() for t in legend.get_texts()]


@pytest.mark.parametrize("name,display", [
    ("relu", "ReLU"), ("leaky_relu", "Leaky ReLU"), ("gelu_tanh", "GELU (tanh approximation)"),
    ("silu", "SiLU"), ("sigmoid", "Sigmoid"), ("step", "Step"),
])
def test_the_registry_holds_the_names_a_reader_knows(name, display):
    assert actviz.get(name).title == display


@pytest.mark.parametrize("name,param,symbol", [
    ("leaky_relu", "alpha", r"\alpha"), ("softplus", "beta", r"\beta"), ("hardshrink", "lambd", r"\lambda"),
])
def test_parameters_have_symbols_in_mathtext(name, param, symbol):
    assert actviz.get(name).symbol(param) == symbol


def test_a_title_and_legend_use_display_names_symbols_and_primes():
    figure = actviz.plot("leaky_relu", alpha=0.1, derivative=True)
    assert figure.axes[0].get_title() == r"Leaky ReLU ($\alpha$ = 0.1)"
    assert legend_texts(figure) == [r"Leaky ReLU ($\alpha$ = 0.1)", "Leaky ReLU\u2032 ($\\alpha$ = 0.1)"]


def test_a_sweep_names_its_values_once_in_the_title():
    figure = actviz.plot("leaky_relu", alpha=[0.01, 0.1, 0.3])
    assert figure.axes[0].get_title() == r"Leaky ReLU ($\alpha$ = 0.01, 0.1, 0.3)"
    assert legend_texts(figure)[2] == r"Leaky ReLU ($\alpha$ = 0.3)"


def test_a_single_curve_has_no_legend_unless_one_is_asked_for():
    assert legend_texts(actviz.plot("sigmoid")) is None
    assert legend_texts(actviz.plot("sigmoid", legend="upper left")) == ["Sigmoid"]
    assert legend_texts(actviz.plot("sigmoid", "tanh")) == ["Sigmoid", "tanh"]


def test_no_legend_and_legend_none_leave_it_out():
    assert legend_texts(actviz.plot("sigmoid", "tanh", legend="none")) is None
    assert legend_texts(actviz.plot("sigmoid", "tanh", legend=False)) is None


def test_an_outside_legend_is_beside_the_axes_and_inside_the_figure():
    figure = actviz.plot("relu", "sigmoid", "tanh", legend="outside")
    figure.to_bytes("png")
    renderer = figure.canvas.get_renderer()
    ax = figure.axes[0]
    box = ax.get_legend().get_window_extent(renderer)
    assert box.x0 > ax.bbox.x1 and box.x1 < figure.bbox.x1


def test_formula_adds_each_curves_formula_in_mathtext():
    figure = actviz.plot("sigmoid", "relu", derivative=True, formula=True)
    texts = legend_texts(figure)
    assert texts[0] == r"Sigmoid: $\frac{1}{1 + e^{-x}}$"
    assert texts[1] == "Sigmoid\u2032: $\\sigma(x)\\,(1 - \\sigma(x))$"
    figure.to_bytes("png")  # mathtext that did not parse would fail here


def test_an_expression_without_latex_shows_its_formula_as_written():
    figure = actviz.plot(expr="x * sigmoid(x)", formula=True, legend="best")
    assert legend_texts(figure) == ["x * sigmoid(x): x * sigmoid(x)"]


def test_a_label_names_a_built_in_curve():
    figure = actviz.plot("leaky_relu", label="my slope", derivative=True)
    assert legend_texts(figure) == ["my slope", "my slope\u2032"]


def test_labels_name_every_curve_in_order_sweep_values_and_expressions_too():
    figure = actviz.plot("relu", "leaky_relu", expr="x", alpha=[0.1, 0.2], label=["a", "b", "c", "d", "e"])
    assert legend_texts(figure) == ["a", "b", "c", "d", "e"]


def test_as_many_labels_as_expressions_still_name_the_expressions():
    figure = actviz.plot("gelu", expr="x * sigmoid(1.702 * x)", label="approx")
    assert legend_texts(figure) == ["GELU", "approx"]


def test_the_command_line_relabels_a_built_in_and_places_the_legend(tmp_path):
    out = tmp_path / "f.svg"
    result = invoke("plot", "leaky_relu", "--label", "Leaky ReLU, α = 0.1", "-d", "--legend", "lower right",
                    "-o", out)
    assert result.exit_code == 0, result.stderr
    svg = out.read_text()
    assert "<!-- Leaky ReLU, α = 0.1 -->" in svg and "<!-- Leaky ReLU, α = 0.1\u2032 -->" in svg


def test_the_command_line_draws_no_legend_for_one_curve_and_one_with_legend(tmp_path):
    invoke("plot", "sigmoid", "-o", tmp_path / "one.svg")
    invoke("plot", "sigmoid", "--legend", "best", "-o", tmp_path / "asked.svg")
    assert 'id="legend' not in (tmp_path / "one.svg").read_text()
    assert '<g id="legend_1">' in (tmp_path / "asked.svg").read_text()


def test_no_legend_leaves_the_legend_out(tmp_path):
    invoke("plot", "sigmoid", "tanh", "--no-legend", "-o", tmp_path / "n.svg")
    assert 'id="legend' not in (tmp_path / "n.svg").read_text()


def test_formula_on_the_command_line_writes_the_formula(tmp_path):
    out = tmp_path / "f.svg"
    assert invoke("plot", "relu", "--formula", "--legend", "best", "-o", out).exit_code == 0
    assert r"<!-- ReLU: $x\ \mathrm{if}\ x &gt; 0\ \mathrm{else}\ \alpha x$ -->" in out.read_text()


def test_a_label_count_that_matches_no_curves_is_a_usage_error_and_writes_nothing(tmp_path):
    out = tmp_path / "f.png"
    result = invoke("plot", "relu", "sigmoid", "tanh", "--label", "a", "--label", "b", "-o", out)
    line = one_line_error(result, 2)
    assert "'--label'" in line and "2 labels for 3 curves" in line
    assert not out.exists()


def test_one_label_is_one_label(run):
    result = run("plot", "relu", "tanh", "--label", "mine")
    assert result.exit_code == 2 and "1 label for 2 curves:" in result.stderr  # was "1 labels"


@pytest.mark.parametrize("args,words", [
    (["--legend", "somewhere"], "'somewhere' is not one of"),
    (["--legend", "best", "--no-legend"], "contradict"),
])
def test_a_bad_legend_is_a_usage_error(tmp_path, args, words):
    out = tmp_path / "f.png"
    line = one_line_error(invoke("plot", "relu", *args, "-o", out), 2)
    assert words in line
    assert not out.exists()


def test_the_library_names_a_bad_legend_place():
    with pytest.raises(actviz.UsageError, match="no legend place"):
        actviz.plot("relu", legend="nowhere")


def test_eval_takes_labels_for_built_in_columns_too():
    result = invoke("eval", "relu", "sigmoid", "--label", "r", "--label", "s", "-d", "--at", "0",
                    "--format", "csv")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[0] == "x,r,r',s,s'"
