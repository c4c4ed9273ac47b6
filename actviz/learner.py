"""A learner's function run in a process of its own, for `actviz check`.

:func:`run` (in actviz) starts ``python -m actviz.learner FILE FUNC REQUEST EVENTS`` in
the file's folder, so that whatever the learner's code does (loop forever, print, crash,
call ``sys.exit``) happens there, not in actviz; a run longer than its timeout is killed
with every process it started. In that child, :func:`main` imports the file as the learner
would import it: its folder first on ``sys.path``, its code run, as a module named
after the file (so an ``if __name__ == "__main__":`` block does not run).

REQUEST is a JSON list of the x values to try. EVENTS is written one JSON line at a
time, flushed: "start" before each step (so a parent that kills a hung child knows what
it was doing), then what the step gave. The steps: the import; one call on the array
of every x; then, per x, a call on the plain float and one on a one-element array (whose
warnings say which x raise them). A result is described (type, dtype, shape, values as
float64), never passed as an object; a failure is the exception's one-line message.

This module knows nothing of the registry or of what the results should be
(:mod:`actviz.check` judges them), nor of click.
"""

from __future__ import annotations

import importlib.util
import io
import json
import os
import sys
import traceback
import warnings
from dataclasses import dataclass


@dataclass(frozen=True)
class Trial:
    """What the child wrote (its events, in order) and how it ended."""

    events: tuple[dict, ...]
    timed_out: bool
    returncode: int | None
    stderr: str  # the child's own stderr: only a crash of Python itself writes there

    def first(self, name: str) -> dict | None:
        return next((e for e in self.events if e["event"] == name), None)

    def every(self, name: str) -> list[dict]:
        return [e for e in self.events if e["event"] == name]

    @property
    def last_start(self) -> dict | None:
        starts = self.every("start")
        return starts[-1] if starts else None


def run(path: str, function: str, xs: list[float], timeout: float) -> Trial:
    """Import ``path`` and call ``function`` on ``xs`` in a child process (see the module's
    docstring). ``timeout`` counts from the moment the child starts the learner's code
    (Python's and numpy's start-up are not the learner's); then the child and its own
    children are killed."""
    import tempfile  # here and below: the child needs none of what runs it

    with tempfile.TemporaryDirectory(prefix="actviz-check-") as folder:
        request = os.path.join(folder, "request.json")
        events = os.path.join(folder, "events.jsonl")
        with open(request, "w", encoding="utf-8") as file:
            json.dump(xs, file)
        open(events, "w").close()
        command = [sys.executable, "-m", "actviz.learner", os.path.abspath(path), function, request, events]
        with open(os.path.join(folder, "stderr"), "w+b") as stderr:
            returncode, timed_out = _run_child(command, os.path.dirname(os.path.abspath(path)),
                                               events, stderr, timeout)
            stderr.seek(0)
            text = stderr.read().decode("utf-8", "replace")
        return Trial(_read_events(events), timed_out, returncode, text)


STARTUP_LIMIT = 120.0  # seconds for Python and numpy to start, on the slowest machine


def _run_child(command: list[str], cwd: str, events: str, stderr, timeout: float):
    """(returncode, timed out) of the child, which is killed once ``timeout`` seconds have
    passed since it wrote its first event."""
    import subprocess
    import time

    # A session of its own, so that killing it kills whatever it started too; MPLBACKEND
    # so that the plt.show() at the end of a book script draws nothing and returns.
    env = dict(os.environ, MPLBACKEND="Agg")
    process = subprocess.Popen(command, cwd=cwd, env=env, stdin=subprocess.DEVNULL,
                               stdout=subprocess.DEVNULL, stderr=stderr, start_new_session=True)
    try:
        deadline = time.monotonic() + STARTUP_LIMIT
        started = False
        while True:
            try:
                return process.wait(timeout=0.02), False
            except subprocess.TimeoutExpired:
                pass
            if not started and os.path.getsize(events) > 0:
                started, deadline = True, time.monotonic() + timeout
            if time.monotonic() > deadline:
                return None, True
    finally:  # also on Ctrl-C: no child outlives the check
        if process.poll() is None:
            _kill(process)
            process.wait()


def _kill(process) -> None:
    import signal

    try:
        os.killpg(process.pid, signal.SIGKILL)
    except (AttributeError, OSError):  # no process groups (Windows), or already gone
        process.kill()


def _read_events(path: str) -> tuple[dict, ...]:
    events = []
    with open(path, encoding="utf-8") as file:
        for line in file:
            try:
                events.append(json.loads(line))
            except ValueError:  # the last line, cut short by a kill
                break
    return tuple(events)


def main(argv: list[str]) -> None:
    path, function_name, request, events_path = argv
    with open(request, encoding="utf-8") as file:
        xs = json.load(file)
    with open(events_path, "w", encoding="utf-8") as events:
        def emit(**event):
            events.write(json.dumps(event) + "\n")
            events.flush()

        function = _load(path, function_name, emit)
        if function is not None:
            _call_everywhere(function, xs, emit)
            emit(event="done")


def _load(path: str, function_name: str, emit):
    """The learner's function, or None once the reason is emitted."""
    import numpy  # noqa: F401 (before the clock starts: its import time is not the learner's)

    emit(event="start", step="import")
    folder = os.path.dirname(os.path.abspath(path))
    sys.path.insert(0, folder)
    name = os.path.splitext(os.path.basename(path))[0]
    printed = io.StringIO()
    try:
        spec = importlib.util.spec_from_file_location(name, path)
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module  # as an import would, before the code runs
        with _stdout_to(printed), warnings.catch_warnings():
            warnings.simplefilter("ignore")  # a warning at import is not about the function
            spec.loader.exec_module(module)
    except (Exception, SystemExit) as error:
        emit(event="import_failed", error=_one_line(error, path), printed=printed.getvalue())
        return None
    emit(event="imported", printed=printed.getvalue())
    if not hasattr(module, function_name):
        names = [n for n, v in vars(module).items() if not n.startswith("_") and callable(v)]
        emit(event="missing", names=names)
        return None
    function = getattr(module, function_name)
    if not callable(function):
        emit(event="not_callable", type=type(function).__name__)
        return None
    return function


def _call_everywhere(function, xs: list[float], emit) -> None:
    import numpy as np  # imported already, before the learner's code

    emit(event="start", step="array")
    emit(event="array", **_call(function, np.array(xs, dtype=np.float64), (len(xs),)))
    for x in xs:
        emit(event="start", step="scalar", x=x)
        emit(event="scalar", x=x, **_call(function, float(x), ()))
        emit(event="start", step="one", x=x)
        emit(event="one", x=x, **_call(function, np.array([x]), (1,)))


def _call(function, argument, shape) -> dict:
    """function(argument) described: its result or its failure, its warnings and prints,
    at numpy's default error handling (a module that silenced warnings does not hide them)."""
    import numpy as np

    printed = io.StringIO()
    with warnings.catch_warnings(record=True) as caught, _stdout_to(printed), \
            np.errstate(over="warn", invalid="warn", divide="warn", under="ignore"):
        warnings.simplefilter("always")
        try:
            outcome = {"result": _describe(function(argument), shape)}
        except Exception as error:
            outcome = {"error": _one_line(error)}
    outcome["warnings"] = [[w.category.__name__, str(w.message).splitlines()[0]] for w in caught]
    outcome["printed"] = printed.getvalue()
    return outcome


def _describe(result, shape) -> dict:
    """What a call returned: type, dtype, shape, and the values (as float64) when they are
    real numbers of the expected shape; else a short text of it."""
    import numpy as np

    described = {"type": type(result).__name__}
    try:
        array = np.asarray(result)
    except Exception:  # a ragged list, an object numpy cannot take
        return {**described, "kind": "O", "dtype": "object", "shape": None, "text": _short_repr(result)}
    described.update(kind=array.dtype.kind, dtype=str(array.dtype), shape=list(array.shape))
    if array.dtype.kind in "biuf" and array.shape == shape:
        described["values"] = array.astype(np.float64).ravel().tolist()
    else:
        described["text"] = _short_repr(result)
    return described


def _short_repr(value) -> str:
    text = " ".join(repr(value).split())
    return text if len(text) <= 40 else text[:37] + "..."


def _one_line(error: BaseException, path: str | None = None) -> str:
    """'NameError: name 'np' is not defined (line 3)': the type, the message's first line,
    and for an import the line of the learner's file it came from."""
    lines = str(error).strip().splitlines()
    text = type(error).__name__ + (f": {lines[0]}" if lines else "")
    if path is not None and not isinstance(error, SyntaxError):  # SyntaxError names its line
        mine = [frame for frame in traceback.extract_tb(error.__traceback__)
                if os.path.abspath(frame.filename) == os.path.abspath(path)]
        if mine:
            text += f" (line {mine[-1].lineno})"
    return text


class _stdout_to:
    """print() inside goes to ``buffer``: the learner's prints never reach our pipes."""

    def __init__(self, buffer):
        self.buffer = buffer

    def __enter__(self):
        self.saved = sys.stdout
        sys.stdout = self.buffer

    def __exit__(self, *exc):
        sys.stdout = self.saved


if __name__ == "__main__":
    main(sys.argv[1:])
