"""`actviz eval`: points, columns, formats that keep every bit, and bad input."""

import csv
import io
import json

import mpmath
import numpy as np
import pytest

import actviz
from conftest import one_line_error


def read_csv(text, delimiter=","):
    rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    return rows[0], np.array([[float(v) for v in row] for row in rows[1:]])


def test_default_points_are_the_integers_from_minus_5_to_5(run):
    result = run("eval", "sigmoid", "--format", "csv")
    assert result.exit_code == 0 and result.stderr == ""
    header, values = read_csv(result.stdout)
    assert header == ["x", "sigmoid"]
    assert values[:, 0].tolist() == list(range(-5, 6))
    assert values[:, 1].tolist() == actviz.get("sigmoid")(np.arange(-5.0, 6.0)).tolist()


def test_table_format_is_aligned_with_precision(run):
    result = run("eval", "sigmoid", "relu", "-d", "--at", "-2,0", "--at", "2")
    assert result.exit_code == 0
    assert result.stdout == (
        " x   sigmoid  sigmoid'  relu  relu'\n"
        "-2  0.119203  0.104994     0      0\n"
        " 0       0.5      0.25     0      0\n"
        " 2  0.880797  0.104994     2      1\n"
    )
    short = run("eval", "sigmoid", "--at", "1", "--precision", "3")
    assert short.stdout.splitlines()[1].split() == ["1", "0.731"]


def test_parameters_reach_the_activation_and_the_header(run):
    result = run("eval", "relu", "--alpha", "0.1", "--at", "-1", "--format", "csv")
    assert result.stdout == "x,relu (alpha=0.1)\n-1.0,-0.1\n"
    same = run("eval", "relu", "-p", "alpha=0.1", "--at", "-1", "--format", "csv")
    assert same.stdout == result.stdout


def test_csv_round_trips_every_bit(run):
    points = "1e-300,-1e-300,0.1,-0.0,3.0000000000000004,5e-324,1e15,-1e15,700.5"
    result = run("eval", "sigmoid", "leaky_relu", "-d", "--at", points, "--format", "csv")
    header, values = read_csv(result.stdout)
    x = np.array([float(p) for p in points.split(",")])
    expected = [
        x,
        actviz.get("sigmoid")(x), actviz.get("sigmoid").derivative(x),
        actviz.get("leaky_relu")(x), actviz.get("leaky_relu").derivative(x),
    ]
    for column, want in zip(values.T, expected):
        assert column.tobytes() == np.asarray(want).tobytes()
    assert np.signbit(values[3, 0])  # -0.0 keeps its sign


def test_tsv(run):
    result = run("eval", "relu", "--at", "-1,2", "--format", "tsv")
    assert result.stdout == "x\trelu\n-1.0\t0.0\n2.0\t2.0\n"


def test_tsv_header_keeps_one_line_when_a_label_holds_a_newline(run):
    # issue 14 item 16: a newline or carriage return in a label broke the rows
    result = run("eval", "--expr", "x", "--label", "a\nb", "--expr", "2*x", "--label", "c\rd\te",
                 "--at", "1", "--format", "tsv")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "x\ta b\tc d e\n1.0\t1.0\t2.0\n"


@pytest.mark.parametrize("fmt", ["table", "csv", "tsv", "json"])
def test_a_stdout_that_cannot_encode_a_label_is_one_line_and_exit_1(fmt):
    # issue 14 item 13: PYTHONIOENCODING=ascii gave a UnicodeEncodeError traceback
    from click.testing import CliRunner

    from actviz.cli import cli

    result = CliRunner(charset="ascii").invoke(
        cli, ["eval", "--expr", "x", "--label", "입력", "--at", "1", "--format", fmt], prog_name="actviz")
    if fmt == "json":  # JSON escapes what is not ASCII: nothing to refuse
        assert result.exit_code == 0 and json.loads(result.stdout) == [{"x": 1.0, "입력": 1.0}]
        return
    one_line_error(result, 1)
    assert result.stderr_bytes.decode() == (
        "actviz: error: cannot write to stdout: its encoding (ascii) has no '입력'; "
        "set PYTHONIOENCODING=utf-8\n")
    assert result.stdout == ""


def test_json_is_strict_and_lossless_for_nan_and_inf(run):
    result = run("eval", "sigmoid", "--at", "nan,inf,-inf,0", "--format", "json")
    assert result.exit_code == 0

    def refuse(constant):
        raise AssertionError(f"bare {constant} in JSON")

    records = json.loads(result.stdout, parse_constant=refuse)
    assert records == [
        {"x": "nan", "sigmoid": "nan"},
        {"x": "inf", "sigmoid": 1.0},
        {"x": "-inf", "sigmoid": 0.0},
        {"x": 0.0, "sigmoid": 0.5},
    ]
    assert [float(r["x"]) for r in records][1:] == [float("inf"), float("-inf"), 0.0]


def test_csv_writes_nan_and_inf_so_float_reads_them(run):
    result = run("eval", "relu", "--at", "nan,inf,-inf", "--format", "csv")
    assert result.stdout == "x,relu\nnan,nan\ninf,inf\n-inf,0.0\n"


def test_range_with_step_includes_both_ends(run):
    result = run("eval", "identity", "--range", "0", "1", "--step", "0.1", "--format", "csv")
    header, values = read_csv(result.stdout)
    assert values[:, 0].tolist() == [i * 0.1 for i in range(10)] + [1.0]


def test_range_with_num_matches_linspace(run):
    result = run("eval", "sigmoid", "--range", "-3", "7", "--num", "7", "--format", "csv")
    header, values = read_csv(result.stdout)
    assert values[:, 0].tobytes() == np.linspace(-3, 7, 7).tobytes()
    default = run("eval", "sigmoid", "--range", "0", "1", "--format", "csv")
    assert read_csv(default.stdout)[1][:, 0].tobytes() == np.linspace(0, 1, 11).tobytes()


def test_a_range_of_subnormals_matches_linspace_bit_for_bit(run):
    # issue 14 item 17: numpy divides first when the step underflows to 0; we did not
    result = run("eval", "identity", "--range", "-5e-324", "5e-324", "--num", "5", "--format", "csv")
    assert result.exit_code == 0, result.stderr
    header, values = read_csv(result.stdout)
    assert values[:, 0].tolist() == [-5e-324, -5e-324, 0.0, 5e-324, 5e-324]  # numpy.linspace's
    assert values[:, 0].tobytes() == np.linspace(-5e-324, 5e-324, 5).tobytes()


def test_points_from_stdin(run):
    result = run("eval", "relu", "--at", "-", "--format", "csv", input="-1 2\n\n  3.5\t-0.5\n")
    assert result.exit_code == 0
    assert result.stdout == "x,relu\n-1.0,0.0\n2.0,2.0\n3.5,3.5\n-0.5,0.0\n"


def test_a_non_number_on_stdin_is_named(run):
    result = run("eval", "relu", "--at", "-", input="1 2\n3 abc\n")
    line = one_line_error(result, 1)
    assert "'abc'" in line and "line 2" in line


@pytest.mark.parametrize("args,needle", [
    (["sigmod"], "did you mean 'sigmoid'"),
    (["sigmoid", "--alpha", "0.1"], "alpha"),
    (["relu", "sigmoid", "--beta", "2"], "they take: alpha"),
    (["relu", "--alpha", "abc"], "not a number"),
    (["relu", "--alpha", "inf"], "finite"),
    (["relu", "-p", "alpha"], "NAME=VALUE"),
    (["relu", "--alpha", "0.1", "-p", "alpha=0.2"], "twice"),
    (["sigmoid", "--range", "1", "1"], "less than"),
    (["sigmoid", "--range", "2", "1"], "less than"),
    (["sigmoid", "--range", "0", "1", "--step", "0"], "step"),
    (["sigmoid", "--range", "0", "1", "--step", "-1"], "step"),
    (["sigmoid", "--range", "0", "1", "--num", "1"], "at least 2"),
    (["relu", "--range", "-1e308", "1e308", "--step", "1e307"], "too wide"),
    (["relu", "--range", "-1e308", "1e308", "--num", "3"], "too wide"),
    (["relu", "--range", "0", "1", "--step", "1e-320"], "larger step"),
    (["relu", "--range", "0", "1", "--step", "1e-12"], "larger step"),
    (["relu", "--range", "0", "1", "--num", "10000000000000"], "too many"),
    (["sigmoid", "--range", "0", "1", "--num", "5", "--step", "0.1"], "not both"),
    (["sigmoid", "--at", "1", "--range", "0", "1"], "not both"),
    (["sigmoid", "--at", "1,x"], "'x' is not a number"),
    (["sigmoid", "--at", "1_000"], "'--at': '1_000' is not a number"),
    (["sigmoid", "--at", "1e400"], "'--at': 1e400 is out of float64's range"),
    (["sigmoid", "--at", "-1e400"], "'--at': -1e400 is out of float64's range"),
    (["relu", "--alpha", "1e400"], "relu parameter alpha=1e400 is out of float64's range"),
    (["relu", "-p", "alpha=1_0"], "relu parameter alpha='1_0' is not a number"),
    (["sigmoid", "--range", "1e400", "2"], "'--range': 1e400 is out of float64's range"),
    (["sigmoid", "--range", "0", "1", "--step", "0_1"], "'--step': '0_1' is not a number"),
    (["sigmoid", "--at", "-", "--at", "1"], "stdin"),
    (["sigmoid", "--precision", "0"], "precision"),
])
def test_bad_input_is_one_line_and_exit_2(run, args, needle):
    line = one_line_error(run("eval", *args), 2)
    assert needle in line
    assert line.startswith("actviz eval: error:")


@pytest.mark.parametrize("args, column", [
    # issue 14 item 11: the first wrote {"x": 1.0, "x": 2.0}, the second repeated a column
    (["--expr", "2*x", "--label", "x"], "x"),
    (["relu", "relu"], "relu"),
    (["relu", "ReLU"], "relu"),
    (["--expr", "relu(x)", "--label", "relu", "relu"], "relu"),
    (["--expr", "x", "--expr", "x"], "x"),
    (["relu", "-d", "--expr", "x", "--label", "relu'"], "relu'"),
])
@pytest.mark.parametrize("fmt", ["table", "csv", "tsv", "json"])
def test_two_columns_of_one_name_are_refused_in_every_format(run, args, column, fmt):
    line = one_line_error(run("eval", *args, "--at", "1", "--format", fmt), 2)
    assert line.startswith(f"actviz eval: error: two columns would be called {column!r}: ")


def test_a_sweep_names_its_columns_apart(run):
    result = run("eval", "relu", "--alpha", "0.1,0.2", "--at", "-1", "--format", "json")
    assert json.loads(result.stdout) == [{"x": -1.0, "relu (alpha=0.1)": -0.1, "relu (alpha=0.2)": -0.2}]


@pytest.mark.parametrize("digits", ["١٢", "１２", "१२"])  # Arabic-Indic, full-width, Devanagari 12
def test_digits_of_other_scripts_are_refused_alike_from_at_and_stdin(run, digits):
    # issue 14 item 16: --at read them as 12 while stdin refused them
    at = one_line_error(run("eval", "relu", "--at", digits), 2)
    assert at == f"actviz eval: error: Invalid value for '--at': {digits!r} is not a number (see 'actviz eval --help')"
    stdin = one_line_error(run("eval", "relu", "--at", "-", input=f"1\n{digits}\n"), 1)
    assert stdin == f"actviz: error: stdin line 2: {digits!r} is not a number"
    assert "is not a number" in one_line_error(run("eval", "relu", "-p", f"alpha={digits}"), 2)


@pytest.mark.parametrize("args, option", [
    (["eval", "relu", "--num", "1_000"], "--num"),
    (["eval", "relu", "--num", "١٠"], "--num"),
    (["eval", "relu", "--precision", "1_0"], "--precision"),
    (["plot", "relu", "--num", "1_001"], "--num"),
    (["gate", "and", "--train", "--epochs", "1_0"], "--epochs"),
    (["gate", "and", "--train", "--seed", "0x1"], "--seed"),
])
def test_whole_number_options_follow_the_same_rule(run, args, option, tmp_path, monkeypatch):
    # issue 14 item 16: click's int took '1_000' and other scripts' digits
    monkeypatch.chdir(tmp_path)  # a plot that wrongly ran would write here
    line = one_line_error(run(*args), 2)
    assert f"Invalid value for '{option}': {args[-1]!r} is not a whole number" in line


def test_a_learning_rate_is_read_as_every_other_float(run):
    line = one_line_error(run("gate", "and", "--train", "--lr", "1_0"), 2)
    assert "Invalid value for '--lr': '1_0' is not a number" in line
    assert run("gate", "and", "--train", "--lr", "0.5", "--epochs", "+7", "--format", "json").exit_code == 0


def test_inf_and_nan_spelled_out_are_numbers_and_a_tiny_literal_rounds(run):
    result = run("eval", "identity", "--at", "inf,-Infinity,+INF,nan,1e-400,-2e-324", "--format", "csv")
    assert result.exit_code == 0 and result.stderr == ""
    assert [line.split(",")[0] for line in result.stdout.splitlines()[1:]] == \
        ["inf", "-inf", "inf", "nan", "0.0", "-0.0"]


def test_the_widest_range_float64_can_span_gives_finite_points(run):
    result = run("eval", "relu", "--range", "-1e308", "7e307", "--num", "3", "--format", "csv")
    assert result.exit_code == 0 and result.stderr == ""
    header, values = read_csv(result.stdout)
    assert values[:, 0].tolist() == np.linspace(-1e308, 7e307, 3).tolist()
    assert np.isfinite(values).all()


@pytest.mark.parametrize("args, values", [
    (["selu", "--at=1.7976931348623157e308"], ["inf"]),  # 1.05 * DBL_MAX: a true overflow
    (["relu", "--alpha", "2", "--at=-1e308"], ["-inf"]),
    (["relu", "--alpha", "-2", "--at=-1e308"], ["inf"]),
    (["leaky_relu", "--alpha", "1e308", "--at=-1e308"], ["-inf"]),
    (["prelu", "--alpha", "2", "--at=-1e308"], ["-inf"]),
    (["celu", "--alpha", "-1", "--at=-1e308,-1000"], ["-inf", "-inf"]),
    (["celu", "--alpha", "-0.5", "--at=-355"], [repr(float(-mpmath.expm1(710) / 2))]),  # finite
    (["softplus", "--beta", "1e-320", "--at", "1,-1e308"], ["inf", "inf"]),
    (["rrelu", "-p", "lower=1e308", "-p", "upper=1e308", "--at", "0,-1"], ["0.0", "-1e+308"]),
])
def test_extreme_parameters_give_the_true_value_without_a_warning(run, args, values):
    result = run("eval", *args, "--format", "csv")
    assert result.exit_code == 0 and result.stderr == ""
    assert [line.split(",")[1] for line in result.stdout.splitlines()[1:]] == values


def test_parameter_out_of_domain(run):
    line = one_line_error(run("eval", "softplus", "--beta", "0"), 2)
    assert "beta" in line


def test_names_are_case_insensitive_with_dashes(run):
    result = run("eval", "Leaky-ReLU", "--at", "-1", "--format", "csv")
    assert result.stdout == "x,leaky_relu\n-1.0,-0.1\n"
