"""The library's face, as a learner in a notebook uses it: actviz.plot, values, gate and
perceptron, and the two kinds of error; each held against what the command line prints
or writes for the same request."""

import json
import os
import subprocess
import sys

import numpy as np
import pytest

import actviz
from actviz.errors import RunError, UsageError

SEED_ALPHA = 0.1  # the seed's leaky ReLU


# --- plot ------------------------------------------------------------------------------------------
def test_plot_returns_a_figure_made_without_pyplot():
    figure = actviz.plot("sigmoid", "relu", derivative=True)
    from matplotlib.figure import Figure

    assert isinstance(figure, Figure)
    assert "matplotlib.pyplot" not in sys.modules or figure.canvas.manager is None  # no window, no pyplot state
    (ax,) = figure.axes
    names = ["Sigmoid", "Sigmoid\u2032", "ReLU", "ReLU\u2032"]  # display names, derivatives primed
    curves = [line for line in ax.get_lines() if line.get_label() in names]
    assert [c.get_label() for c in curves] == names
    assert [c.get_linestyle() for c in curves] == ["-", "--", "-", "--"]
    assert curves[0].get_color() == curves[1].get_color() != curves[2].get_color()


def test_a_figure_shows_itself_in_a_notebook_as_png():
    png = actviz.plot("relu")._repr_png_()
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and len(png) > 10_000


def test_plot_draws_what_the_command_line_writes(run, tmp_path):
    out = tmp_path / "cli.png"
    assert run("plot", "leaky_relu", "--alpha", "0.01,0.1", "-d", "--range", "-3", "3", "-o", out).exit_code == 0
    figure = actviz.plot("leaky_relu", alpha=[0.01, 0.1], derivative=True, range=(-3, 3))
    assert figure.to_bytes("png") == out.read_bytes()


def test_plot_with_output_writes_the_command_lines_bytes(run, tmp_path):
    cli_file, library_file = tmp_path / "cli.svg", tmp_path / "library.svg"
    assert run("plot", "relu", "--alpha", "0.1", "--title", "ReLU", "-o", cli_file).exit_code == 0
    figure = actviz.plot("relu", alpha=0.1, title="ReLU", output=str(library_file))
    assert library_file.read_bytes() == cli_file.read_bytes()
    assert figure.axes[0].get_title() == "ReLU"


def test_plot_writes_no_file_unless_asked(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    actviz.plot("sigmoid", "step")
    assert os.listdir(tmp_path) == []


def test_a_sweep_is_a_list_of_values():
    figure = actviz.plot("leaky_relu", alpha=[0.01, 0.1, 0.3])
    labels = [line.get_label() for line in figure.axes[0].get_lines()][2:]
    assert labels == [r"Leaky ReLU ($\alpha$ = 0.01)", r"Leaky ReLU ($\alpha$ = 0.1)", r"Leaky ReLU ($\alpha$ = 0.3)"]
    assert figure.axes[0].get_title() == r"Leaky ReLU ($\alpha$ = 0.01, 0.1, 0.3)"


def test_a_sweep_may_be_written_as_a_range():
    figure = actviz.plot("leaky_relu", alpha="0:0.5:0.25")
    labels = [line.get_label() for line in figure.axes[0].get_lines()][2:]
    assert labels == [r"Leaky ReLU ($\alpha$ = 0)", r"Leaky ReLU ($\alpha$ = 0.25)", r"Leaky ReLU ($\alpha$ = 0.5)"]


def test_plot_draws_into_a_callers_axes_beside_their_own_curves():
    from matplotlib.figure import Figure

    figure = Figure()
    ax = figure.add_subplot()
    mine = ax.plot([-1, 0, 1], [1, 0, 1], label="mine")[0]
    returned = actviz.plot("relu", "sigmoid", ax=ax)
    assert returned is ax
    labels = [line.get_label() for line in ax.get_lines()]
    assert labels[0] == "mine" and "ReLU" in labels and "Sigmoid" in labels
    assert mine in ax.get_lines()
    relu = next(line for line in ax.get_lines() if line.get_label() == "ReLU")
    x, y = relu.get_data()
    np.testing.assert_array_equal(y, np.maximum(x, 0))


def test_plot_takes_any_parameter_by_name_and_expressions_with_labels():
    figure = actviz.plot("softplus", "hardtanh", beta=2, min_val=-0.5,
                         expr="x * sigmoid(1.702 * x)", label="gelu (approx)")
    labels = [line.get_label() for line in figure.axes[0].get_lines()][2:]
    assert labels == [r"Softplus ($\beta$ = 2)", r"Hardtanh ($x_{\min}$ = -0.5)", "gelu (approx)"]


@pytest.mark.parametrize("call, message, option", [
    (lambda ax: actviz.plot("relux", ax=ax), "unknown activation 'relux'; did you mean 'relu'", None),
    (lambda ax: actviz.plot("relu", gamma=1, ax=ax), "no activation named here takes parameter 'gamma'", None),
    (lambda ax: actviz.plot("elu", alpha="x", ax=ax), "elu parameter alpha='x' is not a number", None),
    (lambda ax: actviz.plot("hardtanh", min_val=2, ax=ax), "hardtanh needs min_val < max_val", None),
    (lambda ax: actviz.plot("relu", range=(1, 0), ax=ax), "range MIN must be less than MAX, got 1 0", "range"),
    (lambda ax: actviz.plot("relu", num=1, ax=ax), "number of points must be at least 2, got 1", "num"),
    (lambda ax: actviz.plot("relu", ylim=(0, 1e301), ax=ax), "ylim 0 1e+301 is beyond", "ylim"),
    (lambda ax: actviz.plot("relu", size=(0.5, 1), ax=ax), "width and height must be finite", "size"),
    (lambda ax: actviz.plot("relu", expr="x +", ax=ax), "x +", None),
    (lambda ax: actviz.plot(ax=ax), "give at least one activation name or an expression", None),
    (lambda ax: actviz.plot("relu", font="No Such Font Anywhere", ax=ax), "no installed font is named", "font"),
    # these raised Python's own errors (not enough values to unpack, could not convert string to float)
    (lambda ax: actviz.plot("relu", range=(-1,), ax=ax), "range takes two numbers, (MIN, MAX), got (-1,)", "range"),
    (lambda ax: actviz.plot("relu", range="(-1,1)", ax=ax), "range takes two numbers, (MIN, MAX), got '(-1,1)'",
     "range"),
    (lambda ax: actviz.plot("relu", range=("a", 1), ax=ax), "range takes two numbers", "range"),
    (lambda ax: actviz.plot("relu", ylim=(0, 1, 2), ax=ax), "ylim takes two numbers, (MIN, MAX)", "ylim"),
    (lambda ax: actviz.plot("relu", size=(4,), ax=ax), "size takes two numbers, (WIDTH, HEIGHT), got (4,)", "size"),
    (lambda ax: actviz.animate("relu", range=(-1,)), "range takes two numbers", "range"),
    (lambda ax: actviz.plot("relu", output=["a.png", "a.svg"], ax=ax), "output is one file's path", "output"),
    (lambda ax: actviz.plot("relu", num=2.5, ax=ax), "num takes a whole number, got 2.5", "num"),  # drew 2 points
    (lambda ax: actviz.plot("relu", num="x", ax=ax), "num takes a whole number, got 'x'", "num"),
    (lambda ax: actviz.plot("relu", dpi="high", ax=ax), "dpi takes a number, got 'high'", "dpi"),
    (lambda ax: actviz.plot("relu", linewidth="thick", ax=ax), "linewidth takes a number, got 'thick'", "linewidth"),
    (lambda ax: actviz.plot("relu", font_size=[9], ax=ax), "font_size takes a number, got [9]", "font_size"),
    # a review: True was 1 point or 1 dpi, and a set's two numbers in no given order
    (lambda ax: actviz.plot("relu", num=True, ax=ax), "num takes a whole number, got True", "num"),
    (lambda ax: actviz.plot("relu", dpi=True, ax=ax), "dpi takes a number, got True", "dpi"),
    (lambda ax: actviz.plot("relu", range={3, -3}, ax=ax), "range takes two numbers", "range"),
])
def test_bad_requests_raise_usage_errors_and_leave_the_callers_axes_untouched(call, message, option):
    from matplotlib.figure import Figure

    ax = Figure().add_subplot()
    with pytest.raises(UsageError) as info:
        call(ax)
    assert message in str(info.value) and "\n" not in str(info.value)
    assert info.value.option == option
    assert "--" not in str(info.value)  # library messages name keywords, not the command's flags
    assert ax.get_lines() == [] and ax.get_title() == "" and ax.get_legend() is None


def test_no_numpy_warning_escapes_a_plot(recwarn):
    actviz.plot("selu", "elu", "softplus", range=(-1e300, 1e300), derivative=True)
    assert [w for w in recwarn if "numpy" in str(w.filename) or "overflow" in str(w.message)] == []


def test_a_file_that_cannot_be_written_is_a_run_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(RunError):
        actviz.plot("relu", output=str(blocker / "relu.png"))


@pytest.mark.parametrize("output", [["relu.png", "relu.svg"], ("relu.png",), 3])
def test_output_is_one_path_and_a_list_is_a_usage_error(output, tmp_path, monkeypatch):
    # a list raised TypeError: expected str, got list
    monkeypatch.chdir(tmp_path)
    with pytest.raises(UsageError) as info:
        actviz.plot("relu", output=output)
    assert str(info.value).startswith("output is one file's path ('relu.png'), not ") and "\n" not in str(info.value)
    with pytest.raises(UsageError, match="output is one file's path"):
        actviz.animate("relu", output=output)
    assert os.listdir(tmp_path) == []


def test_output_may_be_a_path_object(tmp_path):
    # a pathlib.Path raised TypeError: expected str, got PosixPath
    actviz.plot("relu", output=tmp_path / "path.png")
    actviz.plot("relu", output=str(tmp_path / "text.png"))
    assert (tmp_path / "path.png").read_bytes() == (tmp_path / "text.png").read_bytes()


# --- values ----------------------------------------------------------------------------------------
def test_values_has_a_numpy_column_per_header():
    table = actviz.values("relu", "sigmoid", at=[-1, 0, 1], derivative=True)
    assert table.headers == ["x", "relu", "relu'", "sigmoid", "sigmoid'"]
    assert isinstance(table["relu"], np.ndarray) and table["relu"].dtype == np.float64
    np.testing.assert_array_equal(table["x"], [-1.0, 0.0, 1.0])
    np.testing.assert_array_equal(table["relu"], [0.0, 0.0, 1.0])
    np.testing.assert_array_equal(table["relu'"], [0.0, 0.0, 1.0])  # PyTorch's relu'(0) = 0
    assert table["sigmoid"][1] == 0.5 and len(table) == 3


@pytest.mark.parametrize("args, kwargs", [
    (["eval", "sigmoid", "tanh"], dict(names=("sigmoid", "tanh"))),
    (["eval", "relu", "--alpha", "0.1", "-d", "--at", "-1,0,1"],
     dict(names=("relu",), alpha=0.1, derivative=True, at=[-1, 0, 1])),
    (["eval", "leaky_relu", "--alpha", "0.01,0.1,0.3", "--at", "-2,2"],
     dict(names=("leaky_relu",), alpha=[0.01, 0.1, 0.3], at=[-2, 2])),
    (["eval", "gelu", "--range", "-3", "3", "--step", "0.5"], dict(names=("gelu",), range=(-3, 3), step=0.5)),
    (["eval", "--expr", "x * sigmoid(1.702 * x)", "--label", "gelu_approx", "-d", "--num", "7",
      "--range", "-1e-300", "1e300"],
     dict(names=(), expr="x * sigmoid(1.702 * x)", label="gelu_approx", derivative=True, num=7,
          range=(-1e-300, 1e300))),
])
@pytest.mark.parametrize("fmt", ["table", "csv", "tsv", "json"])
def test_values_text_is_the_bytes_eval_prints(run, args, kwargs, fmt):
    kwargs = dict(kwargs)
    names = kwargs.pop("names")
    table = actviz.values(*names, **kwargs)
    text = {"table": table.to_text, "csv": table.to_csv, "tsv": table.to_tsv, "json": table.to_json}[fmt]()
    result = run(*args, "--format", fmt)
    assert result.exit_code == 0, result.stderr
    assert text == result.stdout


def test_values_keep_every_bit_in_json():
    table = actviz.values("sigmoid", at=[0.1, -745, 1e-300])
    rows = json.loads(table.to_json())
    assert [float(row["sigmoid"]) for row in rows] == table["sigmoid"].tolist()


def test_values_show_as_an_html_table_in_a_notebook():
    html = actviz.values("relu", at=[-1, 1], alpha=0.5)._repr_html_()
    assert "<table>" in html and "<th>relu (alpha=0.5)</th>" in html and "<td>-0.5</td>" in html


@pytest.mark.parametrize("kwargs, message", [
    (dict(at="1,2"), "at takes a number or a list of real numbers, at=[-1, 0, 1]; got '1,2'"),  # said "<U3 values"
    (dict(at=["a", "b"]), "at takes a number or a list of real numbers, at=[-1, 0, 1]; got ['a', 'b']"),
    (dict(at=[1j]), "at takes a number or a list of real numbers, at=[-1, 0, 1]; got [1j]"),
    (dict(at=[[1], [1, 2]]), "at takes a number or a list of real numbers, at=[-1, 0, 1]; got [[1], [1, 2]]"),
    (dict(range=(1,)), "range takes two numbers, (MIN, MAX), got (1,)"),  # not enough values to unpack
    (dict(range="(-1,1)"), "range takes two numbers, (MIN, MAX), got '(-1,1)'"),
    (dict(num=2.5), "num takes a whole number, got 2.5"),  # 'float' object cannot be interpreted as an integer
    (dict(num="x"), "num takes a whole number, got 'x'"),  # '<' not supported between 'str' and 'int'
    (dict(step="a"), "step takes a number, got 'a'"),
])
def test_values_say_what_at_range_num_and_step_take(kwargs, message):
    with pytest.raises(UsageError) as info:
        actviz.values("relu", **kwargs)
    assert str(info.value) == message and info.value.option == next(iter(kwargs))


def test_a_whole_float_is_a_count_and_text_a_step():
    assert len(actviz.values("relu", num=5.0)) == len(actviz.values("relu", num=np.int64(5))) == 5
    np.testing.assert_array_equal(actviz.values("relu", step="0.5", range=(0, 1))["x"], [0.0, 0.5, 1.0])


def test_values_refuse_two_columns_of_one_name():
    with pytest.raises(UsageError, match="two columns would be called 'relu'"):
        actviz.values("relu", "relu")
    with pytest.raises(UsageError, match="two columns would be called 'x'"):
        actviz.values(expr="2 * x", label="x")


# --- what is not an activation's input or name (issue 14 item 14) --------------------------

@pytest.mark.parametrize("name", [None, 1, ["relu"], b"relu"])
def test_get_with_something_other_than_text_is_a_type_error(name):
    # issue 14 item 14: these raised AttributeError
    with pytest.raises(TypeError, match=f"an activation name is a str, not {type(name).__name__}"):
        actviz.get(name)


def test_a_parameter_beyond_float64_is_a_parameter_error():
    # issue 14 item 14: relu(x, alpha=10**400) raised OverflowError
    with pytest.raises(actviz.ParameterError, match="relu parameter alpha=1000.* is out of float64's range"):
        actviz.get("relu")(np.array([-1.0, 1.0]), alpha=10**400)
    with pytest.raises(UsageError):  # what the command line maps to exit 2
        actviz.get("relu").derivative(1.0, alpha=-10**400)


def test_a_masked_array_keeps_its_mask_and_its_hidden_values_unread():
    # issue 14 item 14: the mask was lost and the masked values exposed
    hidden = np.ma.masked_array([1.0, -2.0, 3.0, np.nan], mask=[False, True, False, True])
    for call, shown in ((actviz.get("leaky_relu"), [1.0, 3.0]), (actviz.get("leaky_relu").derivative, [1.0, 1.0])):
        result = call(hidden, alpha=0.5)
        assert np.ma.isMaskedArray(result)
        assert result.mask.tolist() == [False, True, False, True]
        assert result.compressed().tolist() == shown


@pytest.mark.parametrize("x, what", [
    (np.array([1 + 2j, 3 + 0j]), "complex numbers"),
    (1 + 0j, "complex numbers"),
    (np.array(["1", "2"]), "<U1 values"),
    (np.array([object(), 1.0], dtype=object), "object values"),
])
def test_what_is_not_real_numbers_is_refused_not_cut_to_its_real_part(x, what):
    # issue 14 item 14: complex input silently dropped its imaginary part
    with pytest.raises(TypeError, match=f"relu takes real numbers, not {what}"):
        actviz.get("relu")(x)
    with pytest.raises(TypeError, match=f"relu takes real numbers, not {what}"):
        actviz.get("relu").derivative(x)


@pytest.mark.parametrize("name", [123, None, "", "   "])
def test_an_activation_named_by_something_other_than_text_is_refused_when_made(name):
    # issue 14 item 14: register(Activation(name=123, ...)) raised AttributeError
    with pytest.raises(TypeError, match="an Activation's name must be a non-empty str"):
        actviz.register(actviz.Activation(name=name, function=np.abs, derivative_function=np.sign,
                                          formula="|x|", derivative_formula="sign(x)"))
    assert all(isinstance(n, str) for n in actviz.names())


# --- gates and perceptrons -------------------------------------------------------------------------
def test_a_gate_has_the_truth_table_gate_prints(run):
    xor = actviz.gate("xor")
    assert xor.truth_table.headers == ["x1", "x2", "y"]
    assert xor.truth_table.rows == [[0, 0, 0], [0, 1, 1], [1, 0, 1], [1, 1, 0]]
    assert xor.truth_table.to_text() == run("gate", "xor").stdout
    assert xor.truth_table.to_csv() == run("gate", "xor", "--format", "csv").stdout
    assert xor.explain() == run("gate", "xor", "--explain").stdout
    assert xor.implements == ["XOR"] and xor((1, 0)) == 1.0


def test_a_perceptron_names_the_gate_it_implements(run):
    mine = actviz.perceptron([0.5, 0.5], -0.7)
    assert mine.implements == ["AND"] and not mine.builtin
    assert mine.explain() == run("gate", "--weights", "0.5,0.5", "--bias", "-0.7", "--explain").stdout
    assert actviz.perceptron([1.0, 1.0], -1.5).implements == ["AND"]
    assert actviz.perceptron([1.0, 1.0], 5.0).implements == []
    assert actviz.perceptron([0.5, 0.5], -0.7, activation="sigmoid").implements == []


def test_a_gate_through_another_activation(run):
    soft = actviz.gate("and", activation="sigmoid")
    assert soft.truth_table.to_csv() == run("gate", "and", "--activation", "sigmoid", "--format", "csv").stdout


def test_a_truth_table_shows_as_html():
    html = actviz.gate("nand")._repr_html_()
    assert "NAND" in html and "<table>" in html and html.count("<tr>") == 5
    assert "implements AND" in actviz.perceptron([0.5, 0.5], -0.7)._repr_html_()


def test_a_gate_plots_its_plane_or_into_an_axes(run, tmp_path):
    from matplotlib.figure import Figure

    out = tmp_path / "xor.png"
    assert run("gate", "xor", "--plot", out).exit_code == 0
    assert actviz.gate("xor").plot().to_bytes("png") == out.read_bytes()
    ax = Figure().add_subplot()
    assert actviz.gate("or").plot(ax=ax) is ax
    assert ax.get_title(loc="left").startswith("OR")
    assert len(ax.images) == 1


def test_gate_errors_are_usage_errors():
    with pytest.raises(UsageError, match="unknown gate 'xro'; did you mean XOR"):
        actviz.gate("xro")
    with pytest.raises(UsageError, match="at most 16"):
        actviz.perceptron([1.0] * 17)
    with pytest.raises(UsageError, match="plane shows two inputs"):
        actviz.gate("not").plot()


@pytest.mark.parametrize("name", ["all", " ALL "])
def test_gate_all_is_refused_with_the_call_that_makes_every_gate(name):
    # gate("all") returned the AND gate: the first of what `actviz gate all` shows
    with pytest.raises(UsageError) as info:
        actviz.gate(name)
    message = str(info.value)
    assert "one gate" in message and "\n" not in message and "--" not in message
    advice = message[message.index("[actviz.gate"):]  # the message's own advice, run as written
    assert [g.implements for g in eval(advice, {"actviz": actviz})] == [
        ["AND"], ["OR"], ["NAND"], ["NOR"], ["XOR"], ["XNOR"], ["NOT"]]


def test_a_gates_activation_parameters_need_an_activation():
    # the gates' step takes no parameters, and these were silently dropped
    for params, named in ((dict(alpha=0.1), "alpha sets"), (dict(alpha=0.1, bogus=1), "alpha, bogus set")):
        with pytest.raises(UsageError) as info:
            actviz.gate("xor", **params)
        assert str(info.value).startswith(f"{named} activation's parameters") and info.value.option == "activation"
        assert "--" not in str(info.value)
    with pytest.raises(UsageError, match="step has no parameter 'alpha'"):
        actviz.gate("and", activation="step", alpha=0.1)
    with pytest.raises(UsageError, match="leaky_relu has no parameter 'bogus'"):
        actviz.gate("and", activation="leaky_relu", alpha=0.1, bogus=1)
    assert actviz.gate("and", activation="leaky_relu", alpha=0.1).network.units[0].params == {"alpha": 0.1}
    assert actviz.gate("and", alpha=None).implements == ["AND"]  # None: not given, as a wrapper passes it


# --- activations in a notebook ---------------------------------------------------------------------
def test_every_formula_in_the_registry_parses_as_mathtext():
    from matplotlib.mathtext import MathTextParser

    parser = MathTextParser("path")
    for act in actviz.all_activations():
        assert act.display_name and act.latex and act.derivative_latex, act.name
        for tex in (act.latex, act.derivative_latex, *(act.symbol(p) for p in act.params)):
            parser.parse(f"${tex}$")
        assert set(act.meanings) == set(act.params) or act.name in ("rrelu",) or not act.params, act.name


def test_an_activation_shows_its_name_formulas_parameters_and_figure():
    html = actviz.get("leaky_relu")._repr_html_()
    assert "Leaky ReLU" in html and "<code>leaky_relu</code>" in html
    assert html.count("data:image/png;base64,") == 4  # f, f', the symbol alpha, the figure
    assert "<td>0.1</td>" in html and "slope for x &lt; 0" in html
    latex = actviz.get("sigmoid")._repr_latex_()
    assert latex.startswith("$") and r"\frac{1}{1 + e^{-x}}" in latex


def test_import_actviz_loads_neither_numpy_nor_matplotlib():
    code = ("import sys, actviz; actviz.get; "
            "print(sorted(m for m in ('numpy', 'matplotlib') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60).stdout
    assert out.strip() == "[]"


def test_values_and_gates_never_load_matplotlib():
    code = ("import sys, actviz; actviz.values('relu'); actviz.gate('xor').truth_table; "
            "actviz.perceptron([1, 1], -1.5).implements; print('matplotlib' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60).stdout
    assert out.strip() == "False"


def test_a_masked_input_stays_masked_with_its_mask():
    x = np.ma.masked_array([1.0, -2.0, 3.0], mask=[False, True, False])
    y = actviz.get("relu")(x)
    assert isinstance(y, np.ma.MaskedArray)
    assert list(y.mask) == [False, True, False] and (y[0], y[2]) == (1.0, 3.0)
    assert not isinstance(actviz.get("relu")(np.array([1.0, -2.0])), np.ma.MaskedArray)


def test_a_value_table_of_one_row_says_row():
    assert repr(actviz.values("relu", at=1)) == "<ValueTable 1 row: x, relu>"
    assert repr(actviz.values("relu", at=[1, 2])) == "<ValueTable 2 rows: x, relu>"
    assert ">1 row</caption>" in actviz.values("relu", at=1)._repr_html_()
