"""`actviz check FILE.py:FUNC --against NAME`: learner-style files, written into tmp_path.

Each file is what a learner of "Deep Learning from Scratch" might write (the book's own
sigmoid, step and relu_grad among them). The oracles are hand facts (e^x overflows past
ln(DBL_MAX) = 709.78...; the book's relu_grad gives 1 at 0) and mpmath values, never
actviz's own output. Every check runs one real child process (about half a second).
"""

from __future__ import annotations

import json
import math
import sys
import textwrap

import mpmath
import pytest

import actviz
from actviz.check import check_points

try:
    from tests.conftest import invoke, one_line_error
except ImportError:  # pytest run with tests/ (not the repository root) on sys.path
    from conftest import invoke, one_line_error

LN_DBL_MAX = math.log(sys.float_info.max)  # 709.78...: e^x overflows beyond it

FILES = {
    # A stable sigmoid, written differently from actviz's.
    "right.py": """
        import numpy as np

        def sigmoid(x):
            x = np.asarray(x, dtype=float)
            e = np.exp(-np.abs(x))
            return np.where(x >= 0, 1.0, e) / (1.0 + e)
    """,
    # The book, chapter 3.
    "book.py": """
        import numpy as np

        def step_function(x):
            return np.array(x > 0, dtype=np.int)

        def sigmoid(x):
            return 1 / (1 + np.exp(-x))

        def relu(x):
            return np.maximum(0, x)
    """,
    # The book's first step, for one number only.
    "scalar_step.py": """
        def step_function(x):
            if x > 0:
                return 1
            else:
                return 0
    """,
    # The book's relu_grad (common/functions.py), with zeros_like: 1 at x = 0.
    "grads.py": """
        import numpy as np

        def relu_grad(x):
            grad = np.zeros_like(x)
            grad[x >= 0] = 1
            return grad

        def sigmoid(x):
            return np.where(x >= 0, 1 / (1 + np.exp(-np.abs(x))), np.exp(-np.abs(x)) / (1 + np.exp(-np.abs(x))))

        def sigmoid_grad(x):
            return (1.0 - sigmoid(x)) * sigmoid(x)
    """,
    "broken_import.py": """
        import numpy as np
        from common.functions import softmax

        def relu(x):
            return np.maximum(0, x)
    """,
    "hangs.py": """
        def relu(x):
            while True:
                pass
    """,
    "exits.py": """
        import os

        def relu(x):
            os._exit(3)
    """,
    "more.py": """
        import math
        import time
        import numpy as np

        def sigmoid(x):
            return 1 / (1 + math.exp(-x))

        def nothing(x):
            y = np.maximum(0, x)

        def talkative_relu(x):
            print("x is", x)
            return np.maximum(0, x)

        def step_at_least(x):
            return np.where(x >= 0, 1.0, 0.0)
    """,
    "slow_import.py": """
        import time
        time.sleep(60)

        def relu(x):
            return x
    """,
    "chatty.py": """
        import numpy as np
        print("hello from the learner's file")

        def relu(x):
            return np.maximum(0, x)
    """,
    "strings.py": """
        def relu(x):
            return str(x)
    """,
    "column.py": """
        import numpy as np

        def relu(x):
            return np.maximum(0, x).reshape(-1, 1)
    """,
}


@pytest.fixture
def files(tmp_path):
    for name, source in FILES.items():
        (tmp_path / name).write_text(textwrap.dedent(source).lstrip(), encoding="utf-8")
    return tmp_path


def check(files, target, *args):
    result = invoke("check", str(files / target), *args)
    assert "Traceback" not in result.stdout + result.stderr
    return result


def lines(result, level):
    return [line for line in result.stdout.splitlines() if line.startswith(level + ": ")]


def test_a_right_sigmoid_passes_with_exit_status_0(files):
    result = check(files, "right.py:sigmoid", "--against", "sigmoid")
    assert result.exit_code == 0, result.stdout
    assert result.stderr == ""
    out = result.stdout.splitlines()
    assert out[0] == f"checking {files / 'right.py'}:sigmoid against actviz's sigmoid at {len(check_points())} points"
    assert out[-1].startswith("ok: ")
    assert lines(result, "error") == [] and lines(result, "note") == []


def test_the_books_sigmoid_overflows_and_is_reported_with_the_x_that_overflow(files):
    result = check(files, "book.py:sigmoid", "--against", "sigmoid")
    assert result.exit_code == 1 and result.stderr == ""
    errors = lines(result, "error")
    assert result.stdout.splitlines()[-1] == "2 problems: exit status 1"
    # e^-x overflows for exactly the x below -ln(DBL_MAX), and nowhere else.
    overflowing = [x for x in check_points().tolist() if math.isfinite(x) and x < -LN_DBL_MAX]
    assert overflowing[0] == -1e15 and overflowing[-1] == -710.0
    assert errors[0] == f"error: numpy warns 'overflow encountered in exp' at {len(overflowing)} x from -1e+15 to -710"
    report = actviz.check_function(f"{files / 'book.py'}:sigmoid", "sigmoid")
    (warning,) = [f for f in report.findings if f.kind == "warning"]
    assert sorted(warning.xs) == overflowing


def test_the_books_sigmoid_gives_0_where_the_true_value_is_subnormal(files):
    result = check(files, "book.py:sigmoid", "--against", "sigmoid")
    (accuracy,) = [line for line in lines(result, "error") if "worst error" in line]
    true = float(1 / (1 + mpmath.exp(mpmath.mpf(710))))
    assert 4e-309 < true < 5e-309  # subnormal: 1 + e^710 overflows in float64
    assert f"at x = -710: it gives 0, actviz {true:.4g} " in accuracy


def test_the_books_np_int_step_fails_on_arrays_and_scalars_with_numpys_message(files):
    if hasattr(__import__("numpy"), "int"):
        pytest.skip("numpy < 1.24 still has np.int")
    result = check(files, "book.py:step_function", "--against", "step")
    assert result.exit_code == 1
    assert lines(result, "error") == [
        "error: fails on an array: AttributeError: module 'numpy' has no attribute 'int'.",
        "error: fails on scalars: AttributeError: module 'numpy' has no attribute 'int'.",
    ]


def test_a_step_written_with_if_fails_on_arrays_but_works_on_scalars(files):
    result = check(files, "scalar_step.py:step_function", "--against", "step")
    assert result.exit_code == 1
    assert lines(result, "error") == [
        "error: fails on an array: ValueError: The truth value of an array with more than one "
        "element is ambiguous. Use a.any() or a.all()",
    ]
    # Its scalars are judged: right, as ints, and 0 (not nan) for nan.
    assert lines(result, "note") == [
        "note: on scalars it returns int64 values, not float64",
        "note: for x = nan it gives 0, actviz nan",
    ]


def test_the_books_relu_grad_differs_only_by_its_convention_at_0(files):
    result = check(files, "grads.py:relu_grad", "--against", "relu", "-d")
    assert result.exit_code == 0, result.stdout
    assert "note: at the kink x = 0 it gives 1, actviz 0: another convention " \
           "(1 is the limit from the right)" in lines(result, "note")
    assert lines(result, "error") == []


def test_the_same_relu_grad_against_relu_itself_is_wrong(files):
    result = check(files, "grads.py:relu_grad", "--against", "relu")
    assert result.exit_code == 1
    assert any(line.startswith("error: worst error ") for line in lines(result, "error"))


def test_a_slightly_wrong_formula_gives_its_worst_error_in_ulp(files):
    # (1 - s) s: 1 - s(x) rounds to 0 for x above ~37, where the true slope is e^-x.
    result = check(files, "grads.py:sigmoid_grad", "--against", "sigmoid", "--derivative")
    assert result.exit_code == 1
    (accuracy,) = lines(result, "error")
    report = actviz.check_function(f"{files / 'grads.py'}:sigmoid_grad", "sigmoid", derivative=True)
    x = report.worst_x
    true = mpmath.exp(-x) / (1 + mpmath.exp(-x)) ** 2
    assert x > 37 and true > 0 and report.worst_ulp > 1e9
    assert accuracy.startswith(f"error: worst error {report.worst_ulp:.2g} ulp at x = {x:g}: it gives 0, actviz ")


def test_a_file_that_fails_to_import_is_one_finding(files):
    result = check(files, "broken_import.py:relu", "--against", "relu")
    assert result.exit_code == 1
    assert lines(result, "error") == [
        "error: importing it fails: ModuleNotFoundError: No module named 'common' (line 2)"
    ]


def test_a_function_that_hangs_is_stopped_by_the_timeout(files):
    result = check(files, "hangs.py:relu", "--against", "relu", "--timeout", "1")
    assert result.exit_code == 1
    assert lines(result, "error") == ["error: no answer within 1 s: stopped while calling it on an array"]


def test_a_function_that_ends_its_process_is_one_finding(files):
    result = check(files, "exits.py:relu", "--against", "relu")
    assert result.exit_code == 1
    assert lines(result, "error") == ["error: its process ended with status 3 while calling it on an array"]


def test_what_a_file_prints_at_import_stays_off_the_output(files):
    result = check(files, "chatty.py:relu", "--against", "relu")
    assert result.exit_code == 0
    assert "hello" not in result.stdout + result.stderr
    assert lines(result, "note") == ["note: it prints 1 line when imported (kept off this report)"]


def test_a_function_returning_strings_is_not_numbers(files):
    result = check(files, "strings.py:relu", "--against", "relu")
    assert result.exit_code == 1
    errors = lines(result, "error")
    assert len(errors) == 2
    assert errors[0].startswith("error: on an array it returns text ('[")
    assert errors[0].endswith("), not numbers")
    assert errors[1] == "error: on scalars it returns text ('-inf'), not numbers"


def test_a_function_returning_another_shape_is_reported(files):
    result = check(files, "column.py:relu", "--against", "relu")
    assert result.exit_code == 1
    n = len(check_points())
    errors = lines(result, "error")
    assert errors[0].startswith(f"error: on an array it returns shape ({n}, 1) (array([[0")
    assert errors[1].startswith("error: on scalars it returns shape (1, 1) (array([[")


def test_json_output_has_the_findings(files):
    result = check(files, "book.py:sigmoid", "--against", "sigmoid", "--format", "json")
    assert result.exit_code == 1
    document = json.loads(result.stdout)
    assert document["against"] == "sigmoid" and document["exit_status"] == 1 and not document["ok"]
    assert [f["kind"] for f in document["findings"]] == ["warning", "accuracy"]
    assert document["worst_x"] == -710.0


@pytest.mark.parametrize("target, message", [
    ("missing.py:relu", "no such file: {tmp}/missing.py"),
    ("book.py:sigmod", "{tmp}/book.py has no function 'sigmod'; did you mean 'sigmoid'?"),
    ("book.py", "'{tmp}/book.py' is not FILE.py:FUNC (e.g. mine.py:sigmoid)"),
])
def test_a_missing_file_or_function_is_a_usage_error(files, target, message):
    result = invoke("check", f"{files}/{target}", "--against", "relu")
    line = one_line_error(result, 2)
    assert line == f"actviz check: error: {message.format(tmp=files)} (see 'actviz check --help')"
    assert result.stdout == ""


def test_an_unknown_activation_is_a_usage_error(files):
    line = one_line_error(invoke("check", f"{files}/book.py:relu", "--against", "relux"), 2)
    assert line.startswith("actviz check: error: unknown activation 'relux'; did you mean 'relu'")


def test_the_file_is_imported_as_the_learner_would_import_it(tmp_path):
    # Its folder is on sys.path (a sibling module imports) and the working directory
    # (a relative file opens); the __main__ block does not run.
    (tmp_path / "helpers.py").write_text("SLOPE = 0.1\n")
    (tmp_path / "slope.txt").write_text("0.1\n")
    (tmp_path / "mine.py").write_text(textwrap.dedent("""
        import numpy as np
        from helpers import SLOPE
        SLOPE_TOO = float(open("slope.txt").read())

        def leaky(x):
            return np.where(x > 0, x, SLOPE * x)

        if __name__ == "__main__":
            raise SystemExit("the main block ran")
    """))
    result = invoke("check", f"{tmp_path}/mine.py:leaky", "--against", "leaky_relu", "--alpha", "0.1")
    assert result.exit_code == 0, result.stdout
    assert result.stdout.splitlines()[-1] == "ok: the same values as actviz at every point, no warnings"


def test_the_verdict_says_where_a_note_excused_a_value(files):
    result = check(files, "grads.py:relu_grad", "--against", "relu", "-d")
    assert result.stdout.splitlines()[-1] == "ok: the same values as actviz at every other point, no warnings"


def test_the_points_cover_signs_magnitudes_kinks_and_non_finite_values():
    points = check_points((6.0,)).tolist()
    for x in (0.0, 5e-324, -5e-324, 1e-310, -1000.0, 1000.0, 1e15, -1e15, 6.0, 5.5, 6.5,
              math.nextafter(6.0, 0), math.nextafter(6.0, 7)):
        assert x in points, x
    assert points[0] == -math.inf and points[-2] == math.inf and math.isnan(points[-1])
    finite = points[1:-2]
    assert finite == sorted(set(finite))


def test_the_library_refuses_a_timeout_that_is_not_a_positive_number(files):
    for timeout in (0, -1.0, math.inf, math.nan, "1"):
        with pytest.raises(actviz.UsageError, match="timeout must be a positive number") as caught:
            actviz.check_function(f"{files / 'book.py'}:relu", "relu", timeout=timeout)
        assert caught.value.option == "timeout"


def test_a_sigmoid_with_math_exp_fails_on_arrays_and_overflows_on_scalars(files):
    result = check(files, "more.py:sigmoid", "--against", "sigmoid")
    assert result.exit_code == 1
    overflowing = [x for x in check_points().tolist() if math.isfinite(x) and x < -LN_DBL_MAX]
    errors = lines(result, "error")
    assert errors[0].startswith("error: fails on an array: TypeError: ")
    # math.exp overflows for a finite x past ln(DBL_MAX); math.exp(inf) is inf, no error.
    assert errors[1:] == ["error: fails on scalars: OverflowError: math range error "
                          f"(at {len(overflowing)} x from -1e+15 to -710)"]


def test_a_function_returning_none_is_one_finding_each_way(files):
    result = check(files, "more.py:nothing", "--against", "relu")
    assert result.exit_code == 1
    assert lines(result, "error") == ["error: on an array it returns None, not numbers",
                                      "error: on scalars it returns None, not numbers"]


def test_prints_when_called_are_a_note_and_stay_off_the_output(files):
    result = check(files, "more.py:talkative_relu", "--against", "relu")
    assert result.exit_code == 0
    n = len(check_points())
    assert lines(result, "note") == [f"note: it prints when called ({2 * n + 1} of {2 * n + 1} calls; "
                                     "kept off this report)"]
    assert "x is" not in result.stdout + result.stderr


def test_a_step_that_gives_1_at_0_is_a_note_not_an_error(files):
    result = check(files, "more.py:step_at_least", "--against", "step")
    assert result.exit_code == 0
    assert lines(result, "note") == [
        "note: for x = nan it gives 0, actviz nan",
        "note: at the kink x = 0 it gives 1, actviz 0: another convention (1 is the limit from the right)",
    ]


def test_a_file_that_hangs_while_imported_is_stopped(files):
    result = check(files, "slow_import.py:relu", "--against", "relu", "--timeout", "0.5")
    assert result.exit_code == 1
    assert lines(result, "error") == ["error: no answer within 0.5 s: stopped while importing the file"]
