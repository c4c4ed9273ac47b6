"""A learner's own activation function held against the registry: `actviz check`.

``check_function("book.py:sigmoid", "sigmoid")`` runs the learner's function in a process
of its own (:mod:`actviz.learner`: a hang is stopped by the timeout, a crash or a print
stays there) on an array and on scalars at a few hundred x: both signs, 0, the subnormal
range, +-1000, +-1e15, the activation's kinks and their float neighbours, nan and +-inf.
It compares what comes back with actviz's own function (within 4 ulp of a 60-digit
mpmath reference everywhere, tests/test_accuracy.py) and returns a :class:`CheckReport`:
one finding a line.

Errors (the function disagrees; exit status 1): the file fails to import, hangs or
crashes; the function fails on an array or on scalars; it returns text, None or another
shape; numpy warns (overflow, invalid value...) at some x; it gives nan or inf where
actviz's value is finite, or a wrong value at +-inf; it is further than 4 ulp from
actviz's value anywhere. Errors are measured as tests/reference.py measures them: in
units of max(ulp(y), eps |x y'(x)|), so that the error rounding x itself causes is
allowed where it is larger (y' by a central difference of actviz's own function).

Notes (worth knowing, not wrong): a different value at a kink that is the limit from
one side (the book's relu_grad gives 1 at 0, PyTorch's autograd 0), a number for nan,
integers where floats are expected, printing.

This module knows nothing of click; it raises UsageError for a wrong request (no such
file or function, unknown activation), and never for what the learner's code does.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass, field
from typing import Mapping, Optional, Union

from actviz.activation import Activation
from actviz.errors import UsageError
from actviz.floats import short_text

__all__ = ["CheckReport", "Finding", "check_function", "check_points"]

BOUND = 4.0  # ulp, as the accuracy suite's bound
EPS = 2.0**-52
DEFAULT_TIMEOUT = 10.0
SHOWN = 3  # a finding names up to this many x one by one, more as a range

# Magnitudes tried with both signs: the subnormal range, the usual ones, where e^x
# overflows (709.78) or underflows (-745), +-1000 and +-1e15.
MAGNITUDES = (
    5e-324, 1e-320, 1e-310, 2.2250738585072014e-308, 1e-300, 1e-100, 1e-30, 1e-15, 1e-8,
    1e-4, 0.01, 0.1, 0.5, 1.0, 1.5, 2.0, 3.0, 5.0, 6.0, 10.0, 20.0, 30.0, 40.0, 100.0,
    500.0, 700.0, 709.0, 709.7, 710.0, 740.0, 745.0, 746.0, 800.0, 1000.0, 1e4, 1e6, 1e10, 1e15,
)


@dataclass(frozen=True)
class Finding:
    """One line of a report: an ``error`` (the function disagrees) or a ``note``."""

    level: str
    kind: str  # import, timeout, crash, prints, fails, type, shape, warning, nan, inf, kink, accuracy
    message: str
    xs: tuple[float, ...] = ()  # the x values it is about, where there are some

    def __str__(self) -> str:
        return f"{self.level}: {self.message}"


@dataclass(frozen=True)
class CheckReport:
    """What `actviz check` found: ``text()`` for people, ``to_dict()`` for JSON."""

    target: str  # 'book.py:sigmoid', as given
    against: str  # 'sigmoid', or "sigmoid'" for the derivative
    params: Mapping[str, float]
    points: int
    findings: tuple[Finding, ...]
    worst_ulp: Optional[float] = None  # over the x where finite values were compared
    worst_x: Optional[float] = None
    compared: bool = field(default=False)  # whether any values could be compared at all

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.level == "error"]

    @property
    def ok(self) -> bool:
        return not self.errors and self.compared

    @property
    def exit_status(self) -> int:
        return 0 if self.ok else 1

    def title(self) -> str:
        params = ", ".join(f"{k}={short_text(v)}" for k, v in self.params.items())
        with_params = f" ({params})" if params else ""
        return f"checking {self.target} against actviz's {self.against}{with_params} at {self.points} points"

    def verdict(self) -> str:
        where = "at every other point" if any(f.kind in ("kink", "nan") for f in self.findings) \
            else "at every point"
        if self.ok and not self.worst_ulp:
            return f"ok: the same values as actviz {where}, no warnings"
        if self.ok:
            return (f"ok: within {BOUND:g} ulp of actviz {where} (worst {_ulp_text(self.worst_ulp)} ulp, "
                    f"at x = {short_text(self.worst_x)}), no warnings")
        count = len(self.errors)
        return f"{count} problem{'s' if count != 1 else ''}: exit status 1"

    def text(self) -> str:
        return "\n".join([self.title(), *map(str, self.findings), self.verdict()])

    def to_dict(self) -> dict:
        return {
            "target": self.target, "against": self.against, "params": dict(self.params),
            "points": self.points, "ok": self.ok, "exit_status": self.exit_status,
            "worst_ulp": self.worst_ulp, "worst_x": self.worst_x,
            "findings": [{"level": f.level, "kind": f.kind, "message": f.message, "x": list(f.xs)}
                         for f in self.findings],
        }

    def __str__(self) -> str:
        return self.text()


def check_function(
    target: str,
    against: Union[str, Activation],
    *,
    derivative: bool = False,
    params: Optional[Mapping[str, object]] = None,
    timeout: float = DEFAULT_TIMEOUT,
) -> CheckReport:
    """Hold the function ``target`` ('FILE.py:FUNC') against the activation ``against``
    (its derivative with ``derivative``), at parameters ``params``; see the module's
    docstring. The file runs in a child process, stopped after ``timeout`` seconds.
    Raises UsageError for a missing file or function or an unknown activation."""
    from actviz.learner import run
    from actviz.registry import get

    path, function = _split_target(target)
    timeout = _checked_timeout(timeout)
    activation = against if isinstance(against, Activation) else get(against)
    resolved = activation.resolve(params or {})
    kinks = activation.kinks(**resolved)
    xs = check_points(kinks)
    trial = run(path, function, xs.tolist(), timeout)
    _refuse_missing_function(trial, path, function)
    reference = _Reference(activation, derivative, resolved, kinks)
    findings, worst, compared = _findings(trial, xs, reference, timeout)
    return CheckReport(
        target=target, against=activation.name + ("'" if derivative else ""), params=resolved,
        points=len(xs), findings=tuple(findings), worst_ulp=worst[0], worst_x=worst[1],
        compared=compared,
    )


# --- the request --------------------------------------------------------------------------

def _split_target(target: str) -> tuple[str, str]:
    path, sep, function = str(target).rpartition(":")
    if not sep or not path or not function:
        raise UsageError(f"{target!r} is not FILE.py:FUNC (e.g. mine.py:sigmoid)", option="target")
    if not function.isidentifier():
        raise UsageError(f"{function!r} is not a function name (in {target!r})", option="target")
    if not os.path.exists(path):
        raise UsageError(f"no such file: {path}", option="target")
    if os.path.isdir(path) or not path.endswith(".py"):
        raise UsageError(f"{path} is not a Python file (FILE.py)", option="target")
    return path, function


def _checked_timeout(timeout) -> float:
    if isinstance(timeout, bool) or not isinstance(timeout, (int, float)) \
            or not 0 < timeout < math.inf:
        raise UsageError(f"the timeout must be a positive number of seconds, not {timeout!r}",
                         option="timeout")
    return float(timeout)


def _refuse_missing_function(trial, path: str, function: str) -> None:
    """No such function in a file that imported: the command line's mistake (exit 2)."""
    from actviz.spelling import did_you_mean

    missing = trial.first("missing")
    if missing is not None:
        hint = did_you_mean(function, missing["names"])
        raise UsageError(f"{path} has no function {function!r}" + (f"; {hint}" if hint else ""),
                         option="target")
    wrong = trial.first("not_callable")
    if wrong is not None:
        raise UsageError(f"{function} in {path} is a {wrong['type']}, not a function", option="target")


def check_points(kinks=()):
    """The x tried, ascending, then nan: 0, both signs of MAGNITUDES and of a spread
    over [-10, 10], every kink with its float neighbours and points half a unit away,
    and +-inf."""
    import numpy as np

    points = [0.0, *MAGNITUDES, *(-m for m in MAGNITUDES), *np.linspace(-10, 10, 81).tolist()]
    points += np.geomspace(1e-12, 1e12, 25).tolist() + (-np.geomspace(1e-12, 1e12, 25)).tolist()
    for kink in kinks:
        points += [kink, math.nextafter(kink, -math.inf), math.nextafter(kink, math.inf),
                   kink - 0.5, kink + 0.5]
    finite = np.unique(np.array(points, dtype=np.float64))  # sorted; 0.0 and -0.0 once
    return np.concatenate([[-np.inf], finite, [np.inf, np.nan]])


# --- what actviz says -----------------------------------------------------------------------

class _Reference:
    """actviz's own f (or f') at the check's parameters, and the error unit at each x."""

    def __init__(self, activation: Activation, derivative: bool, params: dict, kinks):
        self.fn = activation.derivative if derivative else activation
        self.params = params
        self.kinks = kinks

    def __call__(self, xs):
        import warnings

        import numpy as np

        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            return np.asarray(self.fn(np.asarray(xs, dtype=np.float64), **self.params), dtype=np.float64)

    def units(self, xs, expected):
        """max(ulp(y), eps |x y'(x)|) at each x, as tests/reference.py's error_units."""
        import numpy as np

        return np.maximum(np.spacing(np.abs(expected)), EPS * self.sensitivity(xs))

    def sensitivity(self, xs):
        """|x y'(x)| by a central difference (step |x| 2^-20) of actviz's own function;
        0 at 0, at non-finite x, and where the difference would straddle a kink."""
        import numpy as np

        with np.errstate(all="ignore"):
            h = np.abs(xs) * 2.0**-20
            slope = (self(xs + h) - self(xs - h)) / (2 * h)
            result = np.abs(xs * slope)
        unusable = ~np.isfinite(result) | (xs + h == xs - h)
        for kink in self.kinks:
            unusable |= (xs - h <= kink) & (kink <= xs + h)
        return np.where(unusable, 0.0, result)


# --- what the learner's function did -------------------------------------------------------

def _findings(trial, xs, reference: _Reference, timeout: float):
    """(findings, (worst ulp, its x), whether values were compared) for one trial."""
    findings = _import_findings(trial, timeout)
    if trial.first("done") is None:  # it failed to import, hung or crashed: nothing to judge
        return findings, (None, None), False
    array = trial.first("array")
    scalars = trial.every("scalar")
    array_ok = _usable(array)
    findings += _call_findings([array], "on an array", fail_words="fails on an array")
    findings += _call_findings(scalars, "on scalars", fail_words="fails on scalars")
    findings += _print_notes(trial)
    findings += _warning_findings(trial.every("one") if array_ok else scalars)
    got, have = _values(array, scalars, len(xs))
    value_findings, worst = _value_findings(xs, got, have, reference)
    return findings + value_findings, worst, bool(have.any())


def _import_findings(trial, timeout: float) -> list[Finding]:
    failed = trial.first("import_failed")
    imported = trial.first("imported") or failed
    findings = []
    if failed is not None:
        findings.append(Finding("error", "import", f"importing it fails: {failed['error']}"))
    elif trial.first("done") is None:
        findings.append(_stop_finding(trial, timeout))
    if imported is not None and imported["printed"]:
        lines = imported["printed"].count("\n") or 1
        findings.append(Finding("note", "prints",
                                f"it prints {_count(lines, 'line')} when imported (kept off this report)"))
    return findings


def _stop_finding(trial, timeout: float) -> Finding:
    from actviz.learner import STARTUP_LIMIT

    start = trial.last_start
    if start is None:  # Python itself did not start: nothing of the learner's ran
        how = f"did not start within {STARTUP_LIMIT:g} s" if trial.timed_out else f"ended with status {trial.returncode}"
        return Finding("error", "crash", f"its process {how}, before importing the file")
    doing = {
        "import": "importing the file",
        "array": "calling it on an array",
        "scalar": f"calling it on the scalar x = {short_text(start.get('x', 0))}",
        "one": f"calling it on the array [{short_text(start.get('x', 0))}]",
    }[start["step"]]
    if trial.timed_out:
        return Finding("error", "timeout", f"no answer within {short_text(timeout)} s: stopped while {doing}")
    code = trial.returncode
    how = f"was killed by signal {-code}" if code is not None and code < 0 else f"ended with status {code}"
    last = trial.stderr.strip().splitlines()[-1:] if trial.stderr.strip() else []
    return Finding("error", "crash", f"its process {how} while {doing}" + (f": {last[0]}" if last else ""))


def _usable(outcome) -> bool:
    result = (outcome or {}).get("result")
    return result is not None and "values" in result


def _call_findings(outcomes, where: str, fail_words: str) -> list[Finding]:
    """Failures, and results that are not real numbers of the input's shape, grouped by
    message (with the first result as an example): one finding each."""
    groups: dict[tuple[str, str, str], list] = {}
    for outcome in outcomes:
        if "error" in outcome:
            key, example = ("fails", f"{fail_words}: {outcome['error']}", "error"), None
        else:
            key, example = _result_problem(outcome["result"], where), outcome["result"].get("text")
            if key is None:
                continue
        groups.setdefault(key, []).append((outcome.get("x"), example))
    findings = []
    for (kind, message, level), group in groups.items():
        if group[0][1] is not None:
            message = message.format(example=f" ({group[0][1]})")
        xs = tuple(x for x, _ in group if x is not None)
        if xs and len(xs) < len(outcomes):
            message += f" (at {_x_list(xs)})"
        findings.append(Finding(level, kind, message, xs))
    return findings


def _result_problem(result: dict, where: str):
    """(kind, message, level) for a result that is not a float64 of the input's shape;
    '{example}' in the message stands for the text of one such result."""
    kind = result["kind"]
    if kind not in "biuf":
        what = {"U": "text", "S": "bytes", "c": "complex numbers"}.get(kind)
        if result["type"] == "NoneType":
            return ("type", f"{where} it returns None, not numbers", "error")
        what = what or f"{result['type']} objects"
        return ("type", f"{where} it returns {what}{{example}}, not numbers", "error")
    if "values" not in result:
        shape = tuple(result["shape"])
        return ("shape", f"{where} it returns shape {shape}{{example}}", "error")
    if result["dtype"] != "float64":
        return ("type", f"{where} it returns {result['dtype']} values, not float64", "note")
    return None


def _print_notes(trial) -> list[Finding]:
    calls = [e for e in trial.events if e["event"] in ("array", "scalar", "one")]
    printing = sum(1 for e in calls if e["printed"])
    if not printing:
        return []
    return [Finding("note", "prints", f"it prints when called ({printing} of {len(calls)} calls; "
                                      "kept off this report)")]


def _warning_findings(outcomes) -> list[Finding]:
    """A warning and the x whose call raised it: one finding per distinct warning."""
    groups: dict[tuple[str, str], list[float]] = {}
    for outcome in outcomes:
        for category, message in outcome["warnings"]:
            groups.setdefault((category, message), []).append(outcome["x"])
    findings = []
    for (category, message), xs in groups.items():
        who = "numpy warns" if category == "RuntimeWarning" else f"it warns ({category})"
        findings.append(Finding("error", "warning", f"{who} '{message}' at {_x_list(xs)}", tuple(xs)))
    return findings


def _values(array, scalars, n: int):
    """The values to judge, as float64, and where there is one: the array call's, or
    where that failed, each scalar call's that gave a real number."""
    import numpy as np

    if _usable(array):
        return np.array(array["result"]["values"], dtype=np.float64), np.ones(n, dtype=bool)
    got = np.full(n, np.nan)
    have = np.zeros(n, dtype=bool)
    for k, outcome in enumerate(scalars):
        if _usable(outcome):
            got[k], have[k] = outcome["result"]["values"][0], True
    return got, have


# --- the values -----------------------------------------------------------------------------

def _value_findings(xs, got, have, reference: _Reference):
    """Findings about the values, and the worst error (ulp, x) over the finite comparisons."""
    import numpy as np

    expected = reference(xs)
    same = (got == expected) | (np.isnan(got) & np.isnan(expected))
    findings = []
    wrong = have & ~same
    nan_in = np.isnan(xs)
    if (wrong & nan_in).any():
        k = int(np.flatnonzero(wrong & nan_in)[0])
        findings.append(Finding("note", "nan", f"for x = nan it gives {_pair(got[k], expected[k])}", (math.nan,)))
    for k in np.flatnonzero(wrong & np.isinf(xs)):
        findings.append(Finding("error", "inf", f"at x = {short_text(xs[k])} it gives {_pair(got[k], expected[k])}",
                                (float(xs[k]),)))
    finite = np.isfinite(xs) & have
    blown = finite & ~np.isfinite(got) & np.isfinite(expected)
    for value in ("nan", "inf", "-inf"):
        at = blown & (np.isnan(got) if value == "nan" else got == float(value))
        if at.any():
            findings.append(Finding("error", "nan" if value == "nan" else "inf",
                                    f"it gives {value} at {_x_list(xs[at])}, where actviz's value is finite",
                                    tuple(xs[at].tolist())))
    compare = finite & ~blown
    with np.errstate(all="ignore"):
        units = np.where(same, 0.0, np.abs(got - expected) / reference.units(xs, expected))
    units = np.where(np.isnan(units), np.inf, units)
    kink_notes, excused = _kink_notes(xs, got, units, compare, reference)
    findings += kink_notes
    judged = compare & ~excused
    if not judged.any():
        return findings, (None, None)
    k = int(np.flatnonzero(judged)[np.argmax(units[judged])])
    worst = (float(units[k]), float(xs[k]))
    if units[k] > BOUND:
        beyond = int((units[judged] > BOUND).sum())
        findings.append(Finding(
            "error", "accuracy",
            f"worst error {_ulp_text(units[k])} ulp at x = {short_text(xs[k])}: it gives "
            f"{_pair(got[k], expected[k])} ({beyond} of {int(judged.sum())} points beyond {BOUND:g} ulp)",
            (float(xs[k]),)))
    return findings, worst


def _kink_notes(xs, got, units, compare, reference: _Reference):
    """Notes for a value at a kink that differs from actviz's but is the limit from one
    side (another convention, not an error), and where they are."""
    import numpy as np

    notes, excused = [], np.zeros(len(xs), dtype=bool)
    for kink in reference.kinks:
        at = compare & (xs == kink) & (units > BOUND)
        if not at.any():
            continue
        k = int(np.flatnonzero(at)[0])
        sides = np.array([math.nextafter(kink, -math.inf), math.nextafter(kink, math.inf)])
        limits = reference(sides)
        close = np.abs(limits - got[k]) <= BOUND * reference.units(sides, limits)
        if not close.any():
            continue
        side = "left" if close[0] else "right"
        notes.append(Finding(
            "note", "kink",
            f"at the kink x = {short_text(kink)} it gives {_pair(got[k], reference([kink])[0])}: "
            f"another convention ({short_text(got[k])} is the limit from the {side})", (float(kink),)))
        excused[k] = True
    return notes, excused


# --- text -------------------------------------------------------------------------------------

def _x_list(xs) -> str:
    """'x = -1000, 0.5' for a few x; '16 x from -1e+15 to -710' for more (nan last)."""
    finite = sorted(float(x) for x in xs if not math.isnan(x))
    nan = ", nan" if len(finite) < len(xs) else ""
    if len(finite) <= SHOWN:
        return "x = " + ", ".join(short_text(x) for x in finite) + nan if finite else "x = nan"
    return f"{len(finite)} x from {short_text(finite[0])} to {short_text(finite[-1])}{nan}"


def _pair(got: float, expected: float) -> str:
    """'0, actviz 4.476e-309': the two values, with just enough digits to tell them apart."""
    got, expected = float(got), float(expected)
    digits = 4
    while digits < 17 and f"{got:.{digits}g}" == f"{expected:.{digits}g}":
        digits += 1
    return f"{_number(got, digits)}, actviz {_number(expected, digits)}"


def _number(value: float, digits: int) -> str:
    return short_text(value) if not math.isfinite(value) or value == int(value) and abs(value) < 1e16 \
        else f"{value:.{digits}g}"


def _ulp_text(units: float) -> str:
    return "inf" if math.isinf(units) else f"{units:.2g}" if units >= 100 else f"{units:.2f}".rstrip("0").rstrip(".")


def _count(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")
