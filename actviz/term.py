"""Terminal plots: a figure drawn with characters, through the uniplot library.

This is the only module that imports uniplot (inside ``draw``), and it never imports
matplotlib: ``actviz plot --term`` starts about as fast as ``eval``. uniplot draws the
curves, the frame, the lines through 0 and the legend; this module sizes the plot so that
all of it fits the terminal, places the lines through 0 where the points at 0 are drawn,
adds the ticks, the title and the axis labels, and decides between Unicode and ASCII and
between colour and none.

With colour every curve has its own colour. Without colour, when several curves share
the plot, each is drawn with its own marker character (+, x, o, ...) so the legend still
tells them apart; a derivative, dashed in a figure, is told apart the same way.
"""

from __future__ import annotations

import dataclasses
import math
import os
import sys
import types
import warnings
from typing import IO, Mapping, Sequence

import numpy as np

from actviz.errors import UsageError
from actviz.figure import Curve, Layout

# uniplot draws the frame and the zero lines with box-drawing characters even in its
# ASCII character set; in ASCII mode they become their plain look-alikes.
_ASCII_LOOKALIKES = str.maketrans({
    "┌": "+", "┐": "+", "└": "+", "┘": "+", "─": "-", "│": "|", "▁": "_", "▔": "-",
})
# What a Unicode plot needs the output to encode: frame, blocks, the legend's sample.
_UNICODE_SAMPLE = "┌┐└┘─│▁▔▖▗▘▙▚▛▜▝▞▟▀▄▌▐█"

SMALLEST = (30, 5)  # columns and rows of plotting area below which a plot says nothing
# The largest terminal a plot fills, in columns and lines: a larger one (COLUMNS=1000000000)
# would have uniplot allocate gigabytes for cells nobody can see.
LARGEST = (1000, 500)

# One marker per curve when curves are told apart without colour: uniplot's own six,
# then more printable ASCII (uniplot fails past the end of its list).
MARKERS = ["+", "x", "o", "*", "~", ".", "#", "@", "%", "&", "=", "$", "?", ":", "^",
           *"abcdefghijklmnopqrstuvwxyz"]


class NoFiniteValuesWarning(UserWarning):
    """A curve has no finite value over the x range: the plot shows its legend entry only,
    as a figure file does."""


class TooManyCurves(UsageError):
    """More curves than marker characters to tell them apart without colour."""


def terminal_size(environ: Mapping[str, str] = os.environ, fallback: tuple[int, int] = (80, 24)) -> tuple[int, int]:
    """Columns and lines as ``shutil.get_terminal_size`` gives them: COLUMNS and LINES when
    set to positive whole numbers, else the size of the terminal on stdout, else
    ``fallback``. Not through shutil, whose import (bz2, lzma, zlib) `plot --term` need not pay."""
    def positive(name: str) -> int:
        try:
            return max(0, int(environ[name]))
        except (KeyError, ValueError):
            return 0

    columns, lines = positive("COLUMNS"), positive("LINES")
    if columns == 0 or lines == 0:
        try:
            size = os.get_terminal_size(sys.__stdout__.fileno())
        except (AttributeError, ValueError, OSError):  # no stdout, or not a terminal
            size = os.terminal_size(fallback)
        columns = columns or size.columns or fallback[0]
        lines = lines or size.lines or fallback[1]
    return columns, lines


def can_show_unicode(stream: IO[str], environ: Mapping[str, str] = os.environ) -> bool:
    """Whether text written to ``stream`` may hold box-drawing and block characters.

    Not when the locale is explicitly C or POSIX (Python would still encode UTF-8
    there, but the terminal's font is then anybody's guess), nor when the stream's
    encoding cannot encode them (``PYTHONIOENCODING=ascii``, a Latin-1 locale).
    """
    locale = environ.get("LC_ALL") or environ.get("LC_CTYPE") or environ.get("LANG") or ""
    if locale in ("C", "POSIX"):
        return False
    try:
        _UNICODE_SAMPLE.encode(getattr(stream, "encoding", None) or "utf-8")
    except (UnicodeEncodeError, LookupError):
        return False
    return True


def wants_colour(stream: IO[str], environ: Mapping[str, str] = os.environ) -> bool:
    """Colour only for a terminal, and never when NO_COLOR is set (https://no-color.org)."""
    if environ.get("NO_COLOR") or environ.get("TERM") == "dumb":
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def draw(
    curves: Sequence[Curve],
    layout: Layout,
    columns: int = 80,
    lines: int = 24,
    unicode: bool = True,
    colour: bool = False,
) -> str:
    """The plot as text that fits ``columns`` x ``lines`` (without a final newline)."""
    # Scaling by a power of ten may overflow values far outside the plot (relu up to 5 on
    # a y axis of 0 .. 5e-324): they become inf and are clipped, with nothing to warn of.
    with np.errstate(all="ignore"):
        return _draw(curves, layout, columns, lines, unicode, colour)


def _draw(curves, layout, columns, lines, unicode, colour) -> str:
    uniplot = _uniplot()

    columns, lines = min(columns, LARGEST[0]), min(lines, LARGEST[1])
    # the narrowest plot is SMALLEST[0] wide: in a narrower terminal it is laid out (ticks,
    # title) for the width it is drawn at, and the terminal wraps its rows
    columns = max(columns, SMALLEST[0] + 4)
    ys = [np.where(np.isfinite(c.y), c.y, np.nan) for c in curves]  # uniplot skips nan, not inf
    options = layout.options
    if options.logy:  # uniplot has no log axis: it draws log10(y), and the y label says so
        ys, options = log10_values(ys), log10_options(options)
    # Ticks read best in numbers of ordinary size (uniplot's own said
    # "50,000,000,000,000,000,000", or nothing for 1e-300, and overflowed past 1e154):
    # uniplot is given those, scaled by a power of ten that the axis label states.
    xmin, xmax = layout.xlim
    x_power = _power_of_ten(xmin, xmax)
    if options.ylim:
        y_power = _power_of_ten(*options.ylim)
        ymin, ymax = (_scaled(limit, y_power) for limit in options.ylim)
    else:
        y_power = _power_of_ten(*_finite_bounds(ys))
        ymin, ymax = _fit([_scaled(y, y_power) for y in ys])
    # Values far outside the plot only steer the lines leaving it: clipping them to a band
    # a hundred plots high keeps those lines' slopes and keeps uniplot's sums finite.
    margin = 100 * (ymax - ymin)
    ys = [np.clip(_scaled(y, y_power), ymin - margin, ymax + margin) for y in ys]
    ys = [_shown_or_placeholder(y, c.label, ymax + margin) for y, c in zip(ys, curves)]
    times = "×" if unicode else "x"
    xlabel = _with_power(options.xlabel, x_power, times)
    ylabel = _with_power(options.ylabel, y_power, times)
    # Several curves without colour: one marker character per curve, so they differ.
    markers = not unicode or (len(curves) > 1 and not colour)
    if markers and len(curves) > len(MARKERS):
        raise TooManyCurves(
            f"{len(curves)} curves are more than a terminal plot without colour can tell "
            f"apart ({len(MARKERS)} marker characters); plot fewer, or write a file with -o"
        )
    x_lo, x_hi = _scaled(xmin, x_power), _scaled(xmax, x_power)
    xs = [_scaled(np.asarray(c.x, dtype=np.float64), x_power) for c in curves]
    labels = [c.label for c in curves]
    cell = 1 if markers else 2  # pixels per character: ASCII draws one, blocks two by two
    title, xlabel, ylabel = (_wrapped(t, columns) for t in (layout.title, xlabel, ylabel))
    fixed = (
        len(title) + len(ylabel)
        + 3  # frame top and bottom, x tick labels
        + len(xlabel)
        + 1  # the shell's prompt after the plot
    )
    height_cap = max(SMALLEST[0], columns - 2) // 2  # no taller than half the width
    width, legend_rows = max(SMALLEST[0], columns - 4), 1
    for _ in range(4):  # the width, the legend's rows and the y ticks settle in a round or two
        height = max(SMALLEST[1], min(lines - fixed - legend_rows, height_cap))
        y_ticks = _y_ticks(ymin, ymax, height, cell)
        label_width = max((len(text) for _, text in y_ticks), default=0)
        settled = (max(SMALLEST[0], columns - 3 - label_width), _legend_rows(labels, width))
        if settled == (width, legend_rows):
            break
        width, legend_rows = settled

    def plot(height):
        text = uniplot.plot_to_string(
            ys, xs, lines=True, width=width, height=height, x_min=x_lo, x_max=x_hi, y_min=ymin, y_max=ymax,
            legend_labels=labels, character_set="ascii" if markers else "block", color=colour,
            force_ascii_characters=MARKERS,
            # uniplot's ticks are sparse, never at the right end, and its line through 0
            # can stand a character off the points at 0: this module draws both.
            x_labels=False, y_labels=False,
            x_gridlines=_x_axis(x_lo, x_hi, width, cell), y_gridlines=_y_axis(ymin, ymax, height, cell),
        )
        rows = [row.rstrip() for row in text.split("\n")]
        frame, legend = rows[:height + 2], rows[height + 2:]
        row_labels = dict(_y_ticks(ymin, ymax, height, cell))
        frame[1:-1] = [f"{row} {row_labels[i]}" if i in row_labels else row
                       for i, row in enumerate(frame[1:-1])]
        frame_width = width + 2
        return [
            *(" " * max(0, (frame_width - len(r)) // 2) + r for r in title),  # centred over the frame
            *(" " * (frame_width + 1) + r if frame_width + 1 + len(r) <= columns else r for r in ylabel),
            *frame,
            _tick_row(_x_ticks(x_lo, x_hi, width, cell, columns)),
            *(r.center(frame_width).rstrip() for r in xlabel),
            *legend,
        ]

    rows = plot(height)
    over = len(rows) - (lines - 1)
    if over > 0 and height > SMALLEST[1]:  # a legend with more rows than foreseen
        rows = plot(max(SMALLEST[1], height - over))
    text = "\n".join(rows)
    return text if unicode else text.translate(_ASCII_LOOKALIKES)


def _wrapped(text: str, columns: int) -> list[str]:
    """``text`` as the rows it takes, wrapped to the terminal's width: no row of the plot
    wraps, so the plot fits the lines it was given (a title wider than the terminal, or a
    legend of several rows, pushed the title off the top)."""
    columns = max(columns, 1)
    if not text:
        return []
    if len(text) <= columns:
        return [text]
    import textwrap  # numpy has imported it already

    return textwrap.wrap(text, columns) or [text[:columns]]


def _legend_rows(labels: Sequence[str], width: int) -> int:
    """How many rows uniplot's legend takes: it puts entries ("██ name") side by side, three
    spaces apart, while a row stays shorter than the plot's width."""
    lengths = [3 + len(str(label).strip()) for label in labels]
    rows, current = 0, None
    for length in lengths:
        if current is not None and current + 3 + length < width:
            current += 3 + length
        else:
            rows, current = rows + 1, length
    return max(rows, 1)


# The steps between ticks, times a power of ten, as matplotlib chooses them.
_STEPS = (1, 2, 2.5, 5)
# The most y ticks, however tall the plot.
MAX_Y_TICKS = 11
# Horizontal room per x tick label: at least this many columns from centre to centre.
X_TICK_SPACING = 10


def _cell(value: float, lo: float, hi: float, cells: int, cell: int) -> int:
    """The character (column from the left, or row from the bottom) in which uniplot draws
    ``value``: it maps lo .. hi onto the ``cells * cell`` pixels by rounding."""
    pixels = cells * cell
    return min(max(int(round((pixels - 1) * (value - lo) / (hi - lo))), 0), pixels - 1) // cell


def _candidate_steps(span: float, most: int):
    """Nice steps (1, 2, 2.5, 5 times a power of ten), smallest first, from the first that
    makes at most ``most`` ticks over ``span``."""
    least = span / max(most, 1) * (1 - 1e-9)  # a finer step makes more than ``most``
    power = math.floor(math.log10(least))
    while True:
        for m in _STEPS:
            if m * 10.0 ** power >= least:
                yield m * 10.0 ** power, m, power
        power += 1


def _tick_values(lo: float, hi: float, step: float, m: float, power: int) -> list[tuple[float, str]]:
    """Every multiple of ``step`` from lo to hi, both ends included, with its label: as many
    decimals as the step has, the same for all."""
    decimals = max(0, -power + (1 if m == 2.5 else 0))
    slack = 1e-9  # lo and hi that are multiples of step up to rounding are ticks
    ticks = []
    for k in range(math.ceil(lo / step - slack), math.floor(hi / step + slack) + 1):
        value = k * step
        text = f"{value:.{decimals}f}"
        ticks.append((value, f"{0.0:.{decimals}f}" if float(text) == 0 else text))  # not "-0.0"
    return ticks


def _y_ticks(lo: float, hi: float, height: int, cell: int) -> list[tuple[int, str]]:
    """(row from the top, label) of the y ticks: the finest nice step whose labels stand on
    rows at least two apart (a blank row between any two), at most MAX_Y_TICKS of them."""
    for step, m, power in _candidate_steps(hi - lo, min(MAX_Y_TICKS, (height + 1) // 2)):
        ticks = _tick_values(lo, hi, step, m, power)
        if len(ticks) > MAX_Y_TICKS:
            continue
        rows = [height - 1 - _cell(v, lo, hi, height, cell) for v, _ in ticks]
        if all(a - b >= 2 for a, b in zip(rows, rows[1:])):
            return [(row, text) for row, (_, text) in zip(rows, ticks)]
        if step > hi - lo:
            return []
    return []


def _x_ticks(lo: float, hi: float, width: int, cell: int, columns: int) -> list[tuple[int, str]]:
    """(first column, label) of the x ticks: the finest nice step whose labels, centred
    under the characters where their values are drawn, are X_TICK_SPACING columns apart
    and two spaces apart at least, within the terminal's width."""
    fallback: list[tuple[int, str]] = []
    for step, m, power in _candidate_steps(hi - lo, (width - 1) // X_TICK_SPACING + 1):
        ticks = _tick_values(lo, hi, step, m, power)
        if not ticks:
            if step > hi - lo:
                return fallback
            continue
        centres = [1 + _cell(v, lo, hi, width, cell) for v, _ in ticks]  # 1: the frame's left side
        starts = [min(max(0, c - len(t) // 2), max(0, columns - len(t)))  # within the terminal
                  for c, (_, t) in zip(centres, ticks)]
        apart = all(b - a >= X_TICK_SPACING for a, b in zip(centres, centres[1:]))
        clear = all(s2 - (s1 + len(t1)) >= 2 for s1, s2, (_, t1) in zip(starts, starts[1:], ticks))
        if apart and clear:
            placed = list(zip(starts, (t for _, t in ticks)))
            if len(ticks) >= 2:
                return placed
            fallback = fallback or placed
        if step > hi - lo:
            return fallback
    return fallback


def _tick_row(ticks: Sequence[tuple[int, str]]) -> str:
    row = ""
    for start, text in ticks:
        row += " " * (start - len(row)) + text
    return row


def _x_axis(lo: float, hi: float, width: int, cell: int) -> list[float]:
    """Where to ask uniplot for the vertical line through x = 0 so that it stands in the
    column where the points at x = 0 are drawn (uniplot's own placement of that line
    floors where its points round: a jump at 0 stood a column left of it)."""
    if not lo <= 0 <= hi:
        return []
    column = _cell(0.0, lo, hi, width, cell)
    return [lo + (column + 0.5) * (hi - lo) / width]


def _y_axis(lo: float, hi: float, height: int, cell: int) -> list[float]:
    """Where to ask uniplot for the horizontal line through y = 0, in the row where the
    points at y = 0 are drawn. With blocks uniplot draws it at the top, middle or bottom
    third of a row: the top for a point in the upper half of the row, else the bottom."""
    if not lo <= 0 <= hi:
        return []
    if cell == 1:
        level, levels = _cell(0.0, lo, hi, height, 1), height
    else:
        pixel = min(max(int(round((2 * height - 1) * (0 - lo) / (hi - lo))), 0), 2 * height - 1)
        level, levels = 3 * (pixel // 2) + (2 if pixel % 2 else 0), 3 * height
    return [lo + (level + 0.5) * (hi - lo) / levels]


def _shown_or_placeholder(y: np.ndarray, label: str, outside: float) -> np.ndarray:
    """``y``, or where it has no finite value one point above the plot: uniplot fails on a
    curve of nan alone, and the curve keeps its legend entry, as in a figure file."""
    if not np.isnan(y).all():
        return y
    warnings.warn(f"{label} has no finite value over the x range: nothing of it is drawn",
                  NoFiniteValuesWarning, stacklevel=3)
    placeholder = np.full(len(y), np.nan)
    placeholder[:1] = outside
    return placeholder


def log10_values(ys: Sequence[np.ndarray]) -> list[np.ndarray]:
    """log10(y) where y > 0, nan (not drawn) elsewhere."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return [np.where(y > 0, np.log10(np.where(y > 0, y, 1.0)), np.nan) for y in ys]


def log10_options(options):
    """The options of a plot of log10(y): its y label and y range in those units."""
    ylim = None if options.ylim is None else tuple(math.log10(v) for v in options.ylim)
    return dataclasses.replace(options, ylabel=f"log10({options.ylabel})" if options.ylabel else "log10(y)",
                               ylim=ylim, logy=False)


def _finite_bounds(ys: Sequence[np.ndarray]) -> tuple[float, float]:
    finite = [y[np.isfinite(y)] for y in ys]
    finite = [y for y in finite if y.size]
    if not finite:
        return -1.0, 1.0
    return float(min(y.min() for y in finite)), float(max(y.max() for y in finite))


def _fit(ys: Sequence[np.ndarray]) -> tuple[float, float]:
    # The finite values, widened to round numbers: the axes then end at values a reader
    # expects (sigmoid from 0 to 1), and uniplot labels such ranges correctly (it
    # mislabels one like 0.0067..0.9933). The values are of ordinary size (scaled).
    lo, hi = _finite_bounds(ys)
    if lo == hi:  # a constant: give it room above and below
        lo, hi = lo - 1.0, hi + 1.0
    step = _nice_step((hi - lo) / 5)
    return math.floor(lo / step) * step, math.ceil(hi / step) * step


def _nice_step(rough: float) -> float:
    power = 10.0 ** math.floor(math.log10(rough))
    return next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= rough)


def _power_of_ten(lo: float, hi: float) -> int:
    """The power of ten an axis from lo to hi is labelled in: 0 for one matplotlib would
    label in plain numbers (largest magnitude from 1e-4 to under 1e6), else that magnitude's."""
    largest = max(abs(lo), abs(hi))
    if largest == 0 or 1e-4 <= largest < 1e6:
        return 0
    return math.floor(math.log10(largest))


def _scaled(values, power: int):
    # In two steps, so that neither factor overflows nor is subnormal (10^-320, 10^307).
    half = power // 2
    return values * 10.0 ** -half * 10.0 ** (half - power)


def _with_power(label: str, power: int, times: str) -> str:
    if power == 0:
        return label
    factor = f"{times}1e{power}"
    return f"{label} ({factor})" if label else factor


def _uniplot():
    """uniplot, imported without importing readchar.

    uniplot.uniplot does ``from readchar import readkey, key`` at its top for its
    interactive mode, which actviz never uses, and readchar's own import calls
    importlib.metadata.version() (email, zipfile, csv, ...): most of uniplot's import
    time. While uniplot is imported, ``readchar`` is a stand-in whose ``readkey`` and
    ``key`` import the real readchar when first used, so uniplot's interactive mode
    still works for anyone calling it in this process; the stand-in is removed from
    sys.modules at once, so ``import readchar`` anywhere else gets the real module.
    """
    if "uniplot.uniplot" in sys.modules or "readchar" in sys.modules:
        import uniplot

        return uniplot
    sys.modules["readchar"] = _ReadcharStandIn("readchar")
    try:
        import uniplot
    finally:
        if isinstance(sys.modules.get("readchar"), _ReadcharStandIn):
            del sys.modules["readchar"]
    return uniplot


class _ReadcharStandIn(types.ModuleType):
    """readchar as uniplot imports it: ``readkey`` and ``key`` load the real one when used."""

    def __init__(self, name: str):
        super().__init__(name)
        self.key = _LazyAttributes(lambda: _real_readchar().key)

    @staticmethod
    def readkey():
        return _real_readchar().readkey()


class _LazyAttributes:
    """An object whose attributes are those of ``load()``, called when one is first read."""

    def __init__(self, load):
        self._load = load

    def __getattr__(self, name: str):
        return getattr(self._load(), name)


def _real_readchar():
    import importlib

    return importlib.import_module("readchar")
