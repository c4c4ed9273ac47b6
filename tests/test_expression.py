"""--expr: your own activation, parsed against a whitelist, with an exact derivative."""

from __future__ import annotations

import builtins
import json
import math
import os
import re
import subprocess
import sys
import textwrap

import mpmath
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import actviz
from actviz import expression
from conftest import invoke
from actviz.expression import ExpressionError, from_expression

X = np.linspace(-6, 6, 241)


# --- values --------------------------------------------------------------------------

@pytest.mark.parametrize("source, expected", [
    ("x", lambda x: x),
    ("-x + 2 * x ** 2 - x / 3", lambda x: -x + 2 * x ** 2 - x / 3),
    ("exp(x) - log1p(abs(x))", lambda x: np.exp(x) - np.log1p(np.abs(x))),
    ("sqrt(x * x + 1) + expm1(x)", lambda x: np.sqrt(x * x + 1) + np.expm1(x)),
    ("tanh(x) * sin(x) + cos(x)", lambda x: np.tanh(x) * np.sin(x) + np.cos(x)),
    ("log(x)", np.log),
    ("minimum(x, 1) + maximum(x, -1)", lambda x: np.minimum(x, 1) + np.maximum(x, -1)),
    ("where(-1 < x <= 1, x, 0)", lambda x: np.where((-1 < x) & (x <= 1), x, 0.0)),
    ("where(x < -2 or x > 2 and not x == 3, 1, 0)",
     lambda x: np.where((x < -2) | ((x > 2) & ~(x == 3)), 1.0, 0.0)),
    ("pi * e", lambda x: np.full_like(x, math.pi * math.e)),
    ("2 ** x", lambda x: 2.0 ** x),
    ("+x", lambda x: x),
])
def test_values_are_the_numpy_expression(source, expected):
    with np.errstate(all="ignore"):
        want = expected(X)
    np.testing.assert_array_equal(from_expression(source)(X), want)


def test_registry_activations_by_name_with_keyword_parameters():
    act = from_expression("x * sigmoid(1.702 * x) + relu(x - 1, alpha=0.25)")
    sigmoid, relu = actviz.get("sigmoid"), actviz.get("relu")
    want = X * sigmoid(1.702 * X) + relu(X - 1, alpha=0.25)
    np.testing.assert_array_equal(act(X), want)
    # Aliases and any spelling the registry accepts.
    np.testing.assert_array_equal(from_expression("logistic(x)")(X), sigmoid(X))


def test_erf_matches_math_erf_and_keeps_nan_and_inf():
    act = from_expression("erf(x)")
    points = np.array([-np.inf, -2.0, -0.5, 0.0, 1e-300, 0.5, 3.0, np.inf, np.nan])
    got = act(points)
    want = [math.erf(p) for p in points]
    np.testing.assert_array_equal(got, want)


def test_numbers_are_float64_and_a_scalar_gives_a_scalar():
    act = from_expression("7 / 2")
    assert act(0.0) == 3.5 and isinstance(act(0.0), np.floating)
    np.testing.assert_array_equal(act(np.zeros(3)), [3.5, 3.5, 3.5])
    assert from_expression("x / 0")(1.0) == math.inf
    assert math.isnan(from_expression("log(x)")(-1.0))  # nan, and no RuntimeWarning
    with pytest.raises(ExpressionError, match="out of float64's range"):  # as --at 1e400 is
        from_expression("1" * 400)  # an integer beyond float64


def test_an_expression_activation_has_a_name_formula_and_no_parameters():
    act = from_expression("  x * sigmoid(x) ", name="silu by hand")
    assert act.name == "silu by hand" and act.formula == "x * sigmoid(x)" and act.params == {}
    assert from_expression("x*x").name == "x*x"


# --- the derivative: forward mode, exact to rounding ---------------------------------

SMOOTH = [
    ("x * sigmoid(1.702 * x)", lambda x: x / (1 + mpmath.exp(-1.702 * x))),
    ("tanh(x) * exp(-x**2 / 2)", lambda x: mpmath.tanh(x) * mpmath.exp(-x ** 2 / 2)),
    ("log1p(exp(x))", lambda x: mpmath.log(1 + mpmath.exp(x))),
    ("0.5 * x * (1 + erf(x / sqrt(2)))", lambda x: x / 2 * (1 + mpmath.erf(x / mpmath.sqrt(2)))),
    ("sin(x) / (1 + x**2) + cos(3 * x)", lambda x: mpmath.sin(x) / (1 + x ** 2) + mpmath.cos(3 * x)),
    ("2 ** x * expm1(x / 4)", lambda x: 2 ** x * mpmath.expm1(x / 4)),
    ("sqrt(x**2 + 1) ** 3 / (e + x**4)", lambda x: mpmath.sqrt(x ** 2 + 1) ** 3 / (mpmath.e + x ** 4)),
    ("(x**2 + 1) ** (x / 5)", lambda x: (x ** 2 + 1) ** (x / 5)),
    ("log(x**2 + 2) * pi", lambda x: mpmath.log(x ** 2 + 2) * mpmath.pi),
]


def exact_derivative(fn, points):
    mpmath.mp.dps = 40
    return np.array([float(mpmath.diff(fn, mpmath.mpf(float(p)))) for p in points])


@pytest.mark.parametrize("source, reference", SMOOTH, ids=[s for s, _ in SMOOTH])
def test_derivative_is_exact_to_rounding(source, reference):
    points = np.linspace(-5, 5, 81)
    got = from_expression(source).derivative(points)
    want = exact_derivative(reference, points)
    # These formulas do not cancel: f' is as accurate as f, far within 1e-8 relative.
    big = np.abs(want) > 1e-3
    assert np.all(np.abs(got - want)[big] <= 1e-8 * np.abs(want)[big])
    np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-14)


def test_cancellation_in_the_rules_costs_digits_as_the_readme_says():
    # expm1(x) / x is accurate at 1e-8; its derivative by the quotient rule,
    # exp(x)/x - expm1(x)/x**2, subtracts two numbers near 1e8: about 7 digits are left.
    act = from_expression("expm1(x) / x")
    x = 1e-8
    reference = lambda t: mpmath.expm1(t) / t  # noqa: E731
    mpmath.mp.dps = 40
    value = float(reference(mpmath.mpf(x)))
    assert abs(act(x) - value) <= 2 * math.ulp(value)
    slope = exact_derivative(reference, [x])[0]
    error = abs(act.derivative(x) - slope) / slope
    assert 1e-9 < error < 1e-7  # 5.7e-8 with numpy's exp and expm1
    # Away from the cancellation the same formula's derivative is good to rounding.
    assert abs(act.derivative(1.0) - exact_derivative(reference, [1.0])[0]) < 1e-15


def test_derivative_of_a_registry_activation_is_its_own():
    points = np.linspace(-40, 40, 161)
    sigmoid = actviz.get("sigmoid")
    np.testing.assert_array_equal(from_expression("sigmoid(x)").derivative(points), sigmoid.derivative(points))
    np.testing.assert_array_equal(
        from_expression("leaky_relu(x, alpha=0.2)").derivative(points),
        actviz.get("leaky_relu").derivative(points, alpha=0.2),
    )
    # The chain rule: d/dx sigmoid(3x) = 3 sigmoid'(3x), bit for bit.
    np.testing.assert_array_equal(
        from_expression("sigmoid(3 * x)").derivative(points), sigmoid.derivative(3 * points) * 3
    )


def test_derivative_conventions_at_kinks_and_overflow():
    d = lambda source, x: from_expression(source).derivative(np.array(x, dtype=float))  # noqa: E731
    assert d("abs(x)", [-2, 0, 2]).tolist() == [-1, 0, 1]
    assert d("maximum(x, 0)", [-1, 0, 1]).tolist() == [0, 0.5, 1]  # ties split evenly
    assert d("minimum(x, 0)", [-1, 0, 1]).tolist() == [1, 0.5, 0]
    assert d("where(x > 0, x ** 2, -x)", [-1, 0, 3]).tolist() == [-1, -1, 6]
    assert d("x ** 2", [0.0]).tolist() == [0.0]
    assert d("x ** 0", [0.0, 2.0]).tolist() == [0.0, 0.0]
    # A constant factor never makes 0 * inf = nan: 2 exp(x) overflows to inf, and so does f'.
    assert d("2 * exp(x)", [1000.0]).tolist() == [math.inf]
    assert d("exp(x) / 2", [1000.0]).tolist() == [math.inf]
    assert d("3", [1.0, 2.0]).tolist() == [0.0, 0.0]
    assert np.isnan(d("x * x", [np.nan]))[0]


def test_the_derivative_is_nan_wherever_the_function_is_nan():
    # A user test: log(x) at -1 gave f' = 1/x = -1, and plot -d drew 1/x over x < 0.
    points = np.array([-2.0, -1.0, -0.5])
    for source in ["log(x)", "log1p(x - 1)", "sqrt(x)", "x ** 0.5", "0 * log(x)", "2 + log(3 * x)", "log(-1)"]:
        act = from_expression(source)
        assert np.isnan(act(points)).all(), source  # the premise: f is undefined there
        assert np.isnan(act.derivative(points)).all(), source
    # Where f is defined the rule is untouched, and where(...) keeps the branch it takes.
    assert from_expression("log(x)").derivative(np.array([2.0, 0.0])).tolist() == [0.5, math.inf]
    assert from_expression("where(x > 0, log(x), -x)").derivative(np.array([-1.0, 4.0])).tolist() == [-1, 0.25]
    # A nan input is not "f undefined": x * 0 keeps its derivative 0 there.
    assert from_expression("x * 0").derivative(np.array([np.nan])).tolist() == [0.0]


def test_eval_prints_nan_for_the_derivative_where_the_expression_is_undefined():
    for source, at in [("log(x)", "-1"), ("log1p(x)", "-2")]:
        result = invoke("eval", "--expr", source, "-d", "--at", at, "--format", "csv")
        assert result.exit_code == 0, result.stderr
        assert result.stdout.splitlines()[1].split(",")[1:] == ["nan", "nan"], result.stdout


def test_the_derivative_of_zero_to_the_x_is_zero_where_it_is_zero():
    # issue 14 item 16: 0 * log(0) = 0 * -inf gave nan; 0 ** x is 0 for every x > 0
    d = lambda source, x: from_expression(source).derivative(np.array(x, dtype=float))  # noqa: E731
    assert d("0 ** x", [0.5, 1.0, 2.0]).tolist() == [0.0, 0.0, 0.0]
    assert d("0 ** (2 * x)", [1.0]).tolist() == [0.0]
    assert d("2 ** x", [1.0]).tolist() == [2 * math.log(2)]  # the rule itself is unchanged
    assert np.isnan(d("0 ** x", [np.nan]))[0]


@pytest.mark.parametrize("terms, operator", [(101, "+"), (500, "+"), (101, "-"), (333, "*")])
def test_a_flat_chain_of_many_terms_is_one_level_not_nested_too_deeply(terms, operator):
    # issue 14 item 16: a sum of 101 terms was "nested too deeply"
    act = from_expression(operator.join(["x"] * terms))
    x = np.array([0.5, 1.001, 3.0])
    value = x  # folded left to right, as Python folds it
    for _ in range(terms - 1):
        value = {"+": value + x, "-": value - x, "*": value * x}[operator]
    slope = {"+": np.full(3, float(terms)), "-": np.full(3, 2.0 - terms),
             "*": terms * x ** (terms - 1)}[operator]
    assert act(x).tolist() == value.tolist()
    np.testing.assert_allclose(act.derivative(x), slope, rtol=1e-12)


def test_a_chain_keeps_pythons_order_and_the_grouping_it_is_given():
    for source in ["1e308 + 1e308 - 1e308", "x - 1 - 2 + 3 * x / 4 / 5", "x / (x * 2) * 3 - (x - 1)",
                   "0.1 + 0.2 + x - 0.3"]:
        x = np.array([0.7, -3.0])
        expected = np.broadcast_to(eval(source, {"x": x}), x.shape)  # Python's own folding
        assert from_expression(source)(x).tolist() == expected.tolist(), source


@pytest.mark.parametrize("literal, message", [
    ("1e309", "1e309 is out of float64's range"),
    ("1" + "0" * 400, "is out of float64's range"),
    ("1_000", "'1_000' is not a number"),
    ("0x10", "'0x10' is not a number"),
    ("0o17", "'0o17' is not a number"),
    ("0b1", "'0b1' is not a number"),
])
def test_numbers_in_an_expression_follow_the_rule_of_every_other_number(literal, message):
    # issue 14 item 16: --expr took 1e309 (as inf), 1_000 and 0x10, which --at and -p refuse
    with pytest.raises(ExpressionError, match=re.escape(message)):
        from_expression(f"x * {literal}")
    at = invoke("eval", "relu", "--at", literal)
    assert at.exit_code == 2 and message.split(" is ")[-1] in at.stderr


def test_plain_decimal_and_exponent_literals_still_read_as_float_does():
    for literal in ["1", "2.5", ".5", "5.", "1e-400", "4.9e-324", "1.7976931348623157e308", "0"]:
        assert from_expression(literal)(0.0) == float(literal), literal


def test_kinks_of_comparisons_and_activations_of_x_are_on_the_plot_grid():
    assert from_expression("where(x > 1.5, 1, 0)").kinks() == (1.5,)
    assert from_expression("where(-1 <= x, x, 0) + abs(x)").kinks() == (-1.0, 0.0)
    assert from_expression("relu(x) + maximum(x, 2)").kinks() == (0.0, 2.0)
    assert from_expression("x * sigmoid(x)").kinks() == ()


# --- the whitelist: hostile input is rejected, pointing at the offending part ---------

HOSTILE = [
    # (expression, what the message says, the part it points at)
    ("__import__('os').system('touch {sentinel}')", "attribute access is not allowed", "__import__('os').system"),
    ("exp(x).__class__.__mro__[1].__subclasses__()", "attribute access is not allowed", "exp(x).__class__"),
    ("__import__('os')", "unknown function '__import__'", "__import__"),
    ("().__class__.__bases__[0].__subclasses__()", "attribute access is not allowed", "().__class__"),
    ("exp(x)[0].real", "attribute access is not allowed", "exp(x)[0].real"),
    ("exp(x)[0]", "subscripts are not allowed", "exp(x)[0]"),
    ("x.__class__", "attribute access is not allowed", "x.__class__"),
    ("eval('1')", "unknown function 'eval'", "eval"),
    ("exec('import os')", "unknown function 'exec'", "exec"),
    ("open('{sentinel}', 'w')", "unknown function 'open'", "open"),
    ("globals()", "unknown function 'globals'", "globals"),
    ("9**9**9**9", "exponent 387420489 is too large", "9**9"),
    ("x ** 100000", "exponent 100000 is too large", "100000"),
    ("2 ** -5000", "exponent -5000 is too large", "-5000"),
    ("x ** 1e309", "1e309 is out of float64's range", "1e309"),
    ("x[0]", "subscripts are not allowed", "x[0]"),
    ("(lambda: 1)()", "only functions named in the whitelist can be called", "lambda: 1"),
    ("lambda: x", "lambda is not allowed", "lambda: x"),
    ("[x for x in (1, 2)]", "comprehensions are not allowed", "[x for x in (1, 2)]"),
    ("exp(*[x])", "starred arguments are not allowed", "*[x]"),
    ("relu(x, **{'alpha': 1})", "'**' arguments are not allowed", "**{'alpha': 1}"),
    ("f'{x}'", "f-strings are not allowed", "f'{x}'"),
    ("(y := x)", "':=' is not allowed", "y := x"),
    ("'x'", "strings are not allowed", "'x'"),
    ("x + b'1'", "strings are not allowed", "b'1'"),
    ("y", "unknown name 'y'", "y"),
    ("True + x", "True is not a real number", "True"),
    ("1j * x", "1j is not a real number", "1j"),
    ("x % 2", "operator '%' is not allowed", "x % 2"),
    ("x // 2", "operator '//' is not allowed", "x // 2"),
    ("x if x > 0 else 0", "use where(condition, a, b)", "x if x > 0 else 0"),
    ("x > 0", "only allowed as the condition of where", "x > 0"),
    ("where(x, 1, 0)", "the condition of where must be a comparison", "x"),
    ("where(x in x, 1, 0)", "only < <= > >= == != compare numbers", "x in x"),
    ("relu(x, beta=1)", "relu has no parameter 'beta' (it takes: alpha)", "beta=1"),
    ("relu(x, alpha=x)", "parameter alpha must be a number", "x"),
    ("exp(x, 2)", "exp takes 1 argument, got 2", "exp(x, 2)"),
    ("sigmod(x)", "unknown function 'sigmod'", "sigmod"),
    ("exp", "exp is a function", "exp"),
    ("x(1)", "x is not a function", "x"),
    ("{x}", "sets are not allowed", "{x}"),
    ("(x, x)", "tuples are not allowed", "(x, x)"),
    ("~x", "operator '~' is not allowed", "~x"),
    ("-" * 300 + "x", "nested too deeply", "-" * 37 + "..."),
    ("exp(" * 150 + "x" + ")" * 150, "nested too deeply", "exp(" * 9 + "e..."),
    ("x**" * 150 + "x", "nested too deeply", "x"),
]


@pytest.mark.parametrize("source, message, part", HOSTILE, ids=[h[0][:40] for h in HOSTILE])
def test_hostile_input_is_rejected_pointing_at_the_part(source, message, part, tmp_path, monkeypatch):
    sentinel = tmp_path / "pwned"
    source = source.replace("{sentinel}", str(sentinel))
    part = part.replace("{sentinel}", str(sentinel))

    def forbidden(*args, **kwargs):
        raise AssertionError("the expression evaluator ran something it must never run")

    real_import = builtins.__import__

    def guarded_import(name, *args, **kwargs):
        # The standard library imports lazily (ast.walk imports collections); only
        # what could touch the system is forbidden.
        if name.split(".")[0] in {"os", "sys", "subprocess", "shutil", "socket", "ctypes", "posix", "pty"}:
            forbidden()
        return real_import(name, *args, **kwargs)

    actviz.names()  # load the registry first: its imports are not the expression's doing
    monkeypatch.setattr(os, "system", forbidden)
    monkeypatch.setattr(subprocess, "Popen", forbidden)
    saved = {name: getattr(builtins, name) for name in ("eval", "exec", "__import__", "open")}
    try:
        for name in ("eval", "exec", "open"):
            setattr(builtins, name, forbidden)
        builtins.__import__ = guarded_import
        from_expression(source)
    except ExpressionError as error:
        caught = error
    finally:
        for name, value in saved.items():
            setattr(builtins, name, value)
    text = str(caught)
    assert message in text
    assert f"{part!r} at column " in text
    assert "\n" not in text and len(text) < 400
    assert not sentinel.exists()


def test_the_column_counts_characters_not_bytes():
    with pytest.raises(ExpressionError, match=r"unknown name '계단'.*: '계단' at column 5$"):
        from_expression("x + 계단 * 2")
    with pytest.raises(ExpressionError, match=r"'x \+ y': .*'y' at column 5"):
        from_expression("  x + y  ")  # counted in the text shown, without surrounding spaces


@pytest.mark.parametrize("source, message", [
    ("", "the expression is empty"),
    ("   ", "the expression is empty"),
    ("x +", "invalid syntax at the end"),
    ("x +* 2", "invalid syntax at column 4"),
    ("exp(x))", "unmatched ')' at column 7"),
    ("(" * 300 + "x" + ")" * 300, "too many nested parentheses"),
    ("x" * 1001, "1001 characters long (at most 1000)"),
    ("x\0", "invalid expression"),
])
def test_syntax_errors_and_limits(source, message):
    with pytest.raises(ExpressionError, match=message.replace("(", r"\(").replace(")", r"\)")):
        from_expression(source)


def test_a_parser_that_runs_out_of_stack_is_an_expression_error(monkeypatch):
    def exhausted(*args, **kwargs):
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(expression.ast, "parse", exhausted)
    with pytest.raises(ExpressionError, match="cannot parse it"):
        from_expression("x")


def test_hostile_inputs_neither_run_anything_nor_hang_nor_crash(tmp_path):
    # In a fresh interpreter, every hostile input (and some bigger ones) in one go: it
    # must finish (the timeout only stops a hung suite; it is no speed limit), exit 0,
    # and leave no trace.
    sentinel = tmp_path / "pwned"
    more = {
        "(" * 100000 + "x" + ")" * 100000: "rejected",  # too long
        "-" * 999 + "x": "rejected",  # too deep
        "[" * 999: "rejected",  # too many nested parentheses
        "9" * 990 + " ** 9": "rejected",  # a 990-digit number is beyond float64
        "9 ** " + "9" * 990: "rejected",  # an exponent beyond 1024
        "1" + "0" * 999: "rejected",  # a 1000-digit number is beyond float64
        "+".join(["x"] * 500): "accepted",  # a flat sum, however long, is one level
        "x" + "**x" * 33: "accepted",  # x**x**x... in floats
        "(" * 40 + "x" + ")" * 40: "accepted",
    }
    sources = [h[0].replace("{sentinel}", str(sentinel)) for h in HOSTILE] + list(more)
    script = textwrap.dedent("""
        import json, sys
        from actviz.expression import ExpressionError, from_expression
        results = []
        for source in json.load(sys.stdin):
            try:
                from_expression(source)(0.5)
                results.append("accepted")
            except ExpressionError as error:
                results.append("rejected")
        print(json.dumps(results))
    """)
    run = subprocess.run(
        [sys.executable, "-c", script], input=json.dumps(sources), capture_output=True,
        text=True, timeout=120, cwd=tmp_path,
    )
    assert run.returncode == 0, run.stderr
    results = json.loads(run.stdout)
    assert results[: len(HOSTILE)] == ["rejected"] * len(HOSTILE)
    assert results[len(HOSTILE):] == list(more.values())
    assert run.stderr == ""
    assert not sentinel.exists() and os.listdir(tmp_path) == []


# --- the command line ------------------------------------------------------------------

def test_eval_expr_beside_a_registry_name_with_a_label():
    result = invoke(
        "eval", "relu", "--expr", "x * sigmoid(1.702 * x)", "--label", "gelu (sigmoid approx)",
        "-d", "--at", "-1,0,1", "--format", "csv",
    )
    assert result.exit_code == 0, result.stderr
    act = from_expression("x * sigmoid(1.702 * x)")
    x = np.array([-1.0, 0.0, 1.0])
    relu = actviz.get("relu")
    rows = [
        [repr(float(v)) for v in row]
        for row in zip(x, relu(x), relu.derivative(x), act(x), act.derivative(x))
    ]
    assert result.stdout.splitlines() == [
        "x,relu,relu',gelu (sigmoid approx),(gelu (sigmoid approx))'",
        *(",".join(row) for row in rows),
    ]
    assert result.stderr == ""


def test_eval_expr_alone_is_named_by_its_formula():
    result = invoke("eval", "--expr", "x ** 2", "--expr", "2 * x", "-d", "--at", "3")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.split("\n")[0].split() == ["x", "x", "**", "2", "(x", "**", "2)'", "2", "*", "x", "(2", "*", "x)'"]
    assert result.stdout.split("\n")[1].split() == ["3", "9", "6", "6", "2"]


def test_a_hostile_expr_is_a_usage_error_on_one_line():
    result = invoke("eval", "--expr", "().__class__.__bases__")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        "actviz eval: error: invalid expression '().__class__.__bases__': attribute access is not "
        "allowed: '().__class__' at column 1 (see 'actviz eval --help')\n"
    )


def test_python_syntax_warnings_are_not_printed():
    result = invoke("eval", "--expr", "where(x is 1, 1and x, 0)")
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "warning" not in result.stderr


def test_more_labels_than_expressions_and_nothing_to_draw_are_usage_errors():
    result = invoke("eval", "--expr", "x", "--label", "a", "--label", "b")
    assert result.exit_code == 2 and "2 labels for 1 curve:" in result.stderr
    result = invoke("plot")
    assert result.exit_code == 2 and "give at least one activation name or an expression" in result.stderr
    result = invoke("eval", "--expr", "x", "--alpha", "0.1")
    assert result.exit_code == 2 and "takes parameter 'alpha'" in result.stderr


def test_plot_expr_writes_expr_png_or_the_label_and_draws_the_curve(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = invoke("plot", "--expr", "where(x > 1, 1, 0)", "-d")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "expr.png\n"
    assert (tmp_path / "expr.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    result = invoke("plot", "--expr", "x * sigmoid(1.702 * x)", "--label", "gelu (sigmoid approx)",
                    "gelu" if "gelu" in actviz.names() else "sigmoid", "-o", "-", "--format", "svg")
    assert result.exit_code == 0, result.stderr
    assert "<!-- gelu (sigmoid approx) -->" in result.stdout
    result = invoke("plot", "--expr", "x", "--label", "gelu (sigmoid approx)", "-q")
    assert result.exit_code == 0 and (tmp_path / "gelu-sigmoid-approx.png").exists()


def test_help_says_how_the_derivative_is_computed():
    result = invoke("plot", "--help")
    assert result.exit_code == 0
    assert "--expr" in result.stdout and "forward-mode" in result.stdout


# --- anything at all: a usable activation or an ExpressionError, never another exception --

TOKENS = ["x", "1", "2.5", "1e308", "0", "(", ")", "+", "-", "*", "/", "**", ",", " ", "<", ">=", "==",
          "and", "not", "exp", "log", "sqrt", "erf", "where", "minimum", "relu", "sigmoid", "alpha=",
          "pi", "e", ".", "[", "]", "'", "lambda", ":", "__class__", "9**9", "="]


@settings(max_examples=250, deadline=None)
@given(st.one_of(st.text(max_size=60), st.lists(st.sampled_from(TOKENS), max_size=30).map("".join)))
def test_any_text_is_an_activation_or_an_expression_error(source):
    try:
        act = from_expression(source)
    except ExpressionError as error:
        assert "\n" not in str(error)
        return
    points = np.array([-2.0, -0.0, 0.5, 3.0, np.nan, np.inf])
    with np.errstate(all="raise"):  # the evaluator itself keeps numpy quiet
        value, slope = act(points), act.derivative(points)
    assert value.shape == slope.shape == points.shape
    assert value.dtype == slope.dtype == np.float64
