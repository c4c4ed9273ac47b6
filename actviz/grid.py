"""The x values a command evaluates: `eval`'s points and `plot`'s drawing grid."""

from __future__ import annotations

import math
import sys
from typing import Callable, Iterable

import numpy as np

from actviz.errors import RunError, UsageError
from actviz.floats import NumberError, exact_text, parse_float

# The largest grid a plot accepts: beyond this a figure gains nothing but time and memory.
MAX_PLOT_POINTS = 1_000_000
# The largest |x| or |y| an axis of a figure may reach: matplotlib's tick arithmetic
# overflows on axes spanning more than about 1e308.
MAX_PLOT_VALUE = 1e300
# The narrowest axis drawn truly. Below 1e-12 of its values' size its ticks are no longer
# round numbers (1.998, 3.997, ... or a single "1.000000000000000"), and below about 1e-15
# matplotlib widens it to something else. matplotlib also widens an axis whose values are
# all below about 2e-287 (to -0.05 .. 0.05 for -5e-324 .. 5e-324): figures need more width.
MIN_RELATIVE_WIDTH = 1e-12
MIN_FIGURE_WIDTH = 1e-280
# The most points `eval` streams from a range: a day or more of output, surely a mistyped step.
MAX_EVAL_POINTS = 10**12
# Points per chunk when `eval` streams a range: a few MB of numbers and text at a time.
CHUNK_SIZE = 65536
# Bytes asked of stdin at a time; a pipe or terminal gives what it has, up to this.
READ_SIZE = 65536
# The longest word stdin may hold: more than any number is spelled with, so that a longer
# word (a runaway producer, /dev/zero) is refused at once instead of being gathered whole.
MAX_WORD = 1000
# `eval`'s points when no range or count is given: the integers from -5 to 5.
EVAL_RANGE = (-5.0, 5.0)
EVAL_NUM = 11


class GridError(UsageError):
    """A range, step or count that cannot make a grid; ``option`` names which."""


class NotANumberError(RunError):
    """A word read as a point is not a number (see actviz.floats); the message names its line."""


def check_range(lo: float, hi: float, option: str = "range") -> None:
    if not (math.isfinite(lo) and math.isfinite(hi)):
        raise GridError(f"{option} must be finite, got {lo:g} {hi:g}", option)
    if lo >= hi:
        raise GridError(f"{option} MIN must be less than MAX, got {lo:g} {hi:g}", option)
    if not math.isfinite(hi - lo):  # every spacing and linspace itself would overflow
        raise GridError(
            f"{option} {lo:g} {hi:g} is too wide: MAX - MIN must be at most {sys.float_info.max:g}", option
        )


def check_axis(lo: float, hi: float, option: str) -> None:
    """A figure's axis limits (``option`` is "range" or "ylim"): MIN < MAX, both finite,
    within +-MAX_PLOT_VALUE, and wide enough to draw (see MIN_PLOT_WIDTH)."""
    if not (math.isfinite(lo) and math.isfinite(hi)):  # nan too: told before any comparison
        raise GridError(f"{option} must be finite, got {lo:g} {hi:g}", option)
    if max(abs(lo), abs(hi)) > MAX_PLOT_VALUE:
        raise GridError(
            f"{option} {lo:g} {hi:g} is beyond what a figure can show: keep it within "
            f"+-{MAX_PLOT_VALUE:g}", option
        )
    check_range(lo, hi, option)
    if hi - lo < MIN_RELATIVE_WIDTH * max(abs(lo), abs(hi)):
        raise GridError(
            f"{option} {exact_text(lo)} {exact_text(hi)} is too narrow to draw: MAX - MIN must be at "
            f"least {MIN_RELATIVE_WIDTH:g} * max(|MIN|, |MAX|)", option
        )


def check_figure_axis(lo: float, hi: float, option: str) -> None:
    """An axis (already through check_axis) that matplotlib draws truly: at least
    MIN_FIGURE_WIDTH wide. Terminal plots scale their numbers and need no such bound."""
    if hi - lo < MIN_FIGURE_WIDTH:
        raise GridError(
            f"{option} {exact_text(lo)} {exact_text(hi)} is too narrow for a figure: MAX - MIN must be "
            f"at least {MIN_FIGURE_WIDTH:g} (--term draws it)", option
        )


def _check_num(num: int) -> None:
    if num < 2:
        raise GridError(f"number of points must be at least 2, got {num}", "num")


def with_points(x: np.ndarray, points: Iterable[float]) -> np.ndarray:
    """``x`` with the given points added where they fall inside its range, sorted."""
    lo, hi = x[0], x[-1]
    inside = [p for p in points if lo <= p <= hi]
    return _sorted_unique(np.concatenate([x, np.asarray(inside, dtype=np.float64)]))


def _sorted_unique(values: np.ndarray) -> np.ndarray:
    """``np.unique(values)`` for a 1-d float array without nan, done the way np.unique
    does it (sort in place, keep each first of equal neighbours, so 0.0 and -0.0 once)
    without np.unique's import of numpy.ma: a fifth of numpy's import time on the path
    of `plot --term`."""
    values.sort()
    keep = np.empty(values.shape, dtype=bool)
    keep[:1] = True
    np.not_equal(values[1:], values[:-1], out=keep[1:])
    return values[keep]


def check_plot_grid(lo: float, hi: float, num: int) -> None:
    """GridError unless ``plot_grid(lo, hi, num, ...)`` can be drawn: checked before any
    work, without building the grid."""
    if num > MAX_PLOT_POINTS:
        raise GridError(f"{num} points are too many for a plot (at most {MAX_PLOT_POINTS:,})", "num")
    check_axis(lo, hi, "range")
    _check_num(num)


def plot_grid(lo: float, hi: float, num: int, kinks: Iterable[float]) -> np.ndarray:
    """A drawing grid: ``num`` points, plus 0, plus each kink and its two float neighbours.

    Evaluating just left and right of a jump (one ulp away) makes the line through
    those points vertical, so a step is drawn upright instead of as a slanted segment.
    """
    check_plot_grid(lo, hi, num)
    x = np.linspace(lo, hi, num)
    extra = [0.0]
    for k in kinks:
        extra += [np.nextafter(k, -np.inf), k, np.nextafter(k, np.inf)]
    return with_points(x, extra)


def linear_chunks(lo: float, hi: float, num: int, chunk_size: int):
    """The points of ``np.linspace(lo, hi, num)``, bit for bit, as arrays of at most chunk_size."""
    check_range(lo, hi)
    _check_num(num)
    if num > MAX_EVAL_POINTS:
        raise GridError(f"{num} points are too many (at most {MAX_EVAL_POINTS:,})", "num")
    return _chunks(num, chunk_size, lambda i: _linspace_points(lo, hi, num, i))


def stepped_count(lo: float, hi: float, step: float) -> int:
    """How many points lo, lo + step, ... up to hi make; GridError for a bad
    range or step, or one so fine that the count is absurd (or beyond float64)."""
    check_range(lo, hi)
    if not (step > 0 and math.isfinite(step)):
        raise GridError(f"step must be a positive number, got {step:g}", "step")
    steps = (hi - lo) / step  # inf for a subnormal step, say
    if not steps < MAX_EVAL_POINTS:
        raise GridError(
            f"step {step:g} makes {steps:.3g} points from {lo:g} to {hi:g} "
            f"(at most {MAX_EVAL_POINTS:,}): give a larger step", "step"
        )
    return math.floor(steps + 1e-6) + 1


def range_chunks(xrange: tuple[float, float] | None = None, step: float | None = None,
                 num: int | None = None):
    """`eval`'s points over ``xrange`` (default EVAL_RANGE), ``step`` apart or ``num`` of
    them (default EVAL_NUM), as arrays of at most CHUNK_SIZE, and how many there are.

    Give ``step`` or ``num``, not both. A bad range, step or count raises GridError now,
    before any chunk is made.
    """
    lo, hi = xrange or EVAL_RANGE
    chunk_size = CHUNK_SIZE  # read now, not at import, so it can be set
    if step is not None:
        total = stepped_count(lo, hi, step)  # hi itself is the last point when a step lands on it
        return _chunks(total, chunk_size, lambda i: np.minimum(lo + i * step, hi)), total
    num = EVAL_NUM if num is None else num
    return linear_chunks(lo, hi, num, chunk_size), num


def _linspace_points(lo, hi, num, i):
    # np.linspace's own arithmetic (start + i * delta / div, last point = stop), per chunk;
    # where delta / div underflows to 0 (subnormal ends) it divides i first, as numpy does.
    step = (hi - lo) / (num - 1)
    x = lo + (i * step if step != 0 else (i / (num - 1)) * (hi - lo))
    x[i == num - 1] = hi
    return x


def _chunks(count: int, chunk_size: int, points):
    # A generator, so no chunk exists before it is asked for.
    for start in range(0, count, chunk_size):
        yield points(np.arange(start, min(start + chunk_size, count), dtype=np.float64))


def read_points(read: Callable[[int], bytes], read_size: int | None = None):
    """Whitespace-separated numbers from ``read``, one array per block, as they arrive.

    ``read(n)`` returns at most n bytes, fewer when that is all there is for now (as
    ``BufferedReader.read1`` does on a pipe or terminal), and b"" at the end. So an
    endless or slow producer's numbers are evaluated as soon as they come, while a
    fast one's come in large blocks. A word cut by a block's end waits for the next.
    """
    read_size = read_size or READ_SIZE  # read now, not at import, so it can be set
    line = 1  # the line the current block starts on, for error messages
    rest = b""
    while True:
        block = read(read_size)
        data = rest + block
        words = data.split()
        rest = b""
        if block and words and not data[-1:].isspace():
            rest = words.pop()
        if len(rest) > MAX_WORD or max(map(len, words), default=0) > MAX_WORD:
            raise _long_word(data, line)
        if words:
            whole = data[:len(data) - len(rest)]  # the words, without the one cut short
            try:
                values = np.array(list(map(float, words)), dtype=np.float64)
            except ValueError:
                raise _bad_word(whole, line) or NotANumberError(f"line {line}: not a number") from None
            # float() takes '1_000' and turns '1e400' into inf; only then look word by word.
            if b"_" in whole or np.isinf(values).any():
                error = _bad_word(whole, line)
                if error:
                    raise error
            yield values
        if not block:
            return
        line += data.count(b"\n")


def _long_word(data: bytes, first_line: int) -> NotANumberError:
    """The first word of ``data`` longer than MAX_WORD, its start quoted, naming its line."""
    for offset, text in enumerate(data.split(b"\n")):
        for word in text.split():
            if len(word) > MAX_WORD:
                start = word[:20].decode("utf-8", "replace")
                return NotANumberError(
                    f"line {first_line + offset}: {start!r}... is not a number "
                    f"(a word of over {MAX_WORD} characters)"
                )
    raise AssertionError("no word is too long")


def _bad_word(data: bytes, first_line: int) -> NotANumberError | None:
    """The first word of ``data`` that parse_float refuses, as an error naming its line."""
    for offset, text in enumerate(data.split(b"\n")):
        for word in text.split():
            try:
                parse_float(word.decode("utf-8", "replace"))
            except NumberError as error:
                return NotANumberError(f"line {first_line + offset}: {error}")
    return None
