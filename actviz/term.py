"""Terminal plots: a figure drawn with characters, through the uniplot library.

This is the only module that imports uniplot (inside ``draw``), and it never imports
matplotlib: ``actviz plot --term`` starts about as fast as ``eval``. uniplot draws the curves, the frame, the ticks, the title and the legend;
this module sizes the plot to the terminal, adds the axis labels, and decides between
Unicode and ASCII and between colour and none.

With colour every curve has its own colour. Without colour, when several curves share
the plot, each is drawn with its own marker character (+, x, o, ...) so the legend still
tells them apart; a derivative, dashed in a figure, is told apart the same way.
"""

from __future__ import annotations

import dataclasses
import math
import os
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
    ys = [np.where(np.isfinite(c.y), c.y, np.nan) for c in curves]  # uniplot skips nan, not inf
    options = layout.options
    if options.logy:  # uniplot has no log axis: it draws log10(y), and the y label says so
        ys, options = log10_values(ys), log10_options(options)
    # uniplot labels ticks with plain decimals ("50,000,000,000,000,000,000", none at all
    # for 1e-300) and squares the axis ranges (overflowing past about 1e154): it is given
    # numbers of ordinary size, scaled by a power of ten that the axis label states.
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
    reserved = (
        3  # frame top and bottom, x tick labels
        + bool(layout.title) + bool(xlabel) + bool(ylabel)
        + 1  # the legend
        + 1  # the shell's prompt after the plot
    )
    width = max(SMALLEST[0], columns - 2)  # uniplot narrows it to fit the tick labels
    height = max(SMALLEST[1], min(lines - reserved, width // 2))
    text = uniplot.plot_to_string(
        ys, [_scaled(np.asarray(c.x, dtype=np.float64), x_power) for c in curves],
        lines=True, width=width, height=height, line_length_hard_cap=max(columns, SMALLEST[0] + 8),
        x_min=_scaled(xmin, x_power), x_max=_scaled(xmax, x_power), y_min=ymin, y_max=ymax,
        title=layout.title or None, legend_labels=[c.label for c in curves],
        character_set="ascii" if markers else "block", color=colour,
        force_ascii_characters=MARKERS,
    )
    rows = [row.rstrip() for row in text.split("\n")]
    rows = _with_axis_labels(rows, xlabel, ylabel, columns)
    text = "\n".join(rows)
    return text if unicode else text.translate(_ASCII_LOOKALIKES)


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


def _with_axis_labels(rows: list[str], xlabel: str, ylabel: str, columns: int) -> list[str]:
    # uniplot has no axis labels: the y label goes above the y tick labels (which are on
    # the right of the frame), the x label is centred under the x tick labels.
    top = next(i for i, row in enumerate(rows) if row.startswith("┌"))
    bottom = next(i for i, row in enumerate(rows) if row.startswith("└"))
    frame_width = len(rows[bottom])
    if xlabel:
        rows.insert(bottom + 2, xlabel.center(frame_width).rstrip())
    if ylabel:
        indent = frame_width + 1 if frame_width + 1 + len(ylabel) <= columns else 0
        rows.insert(top, " " * indent + ylabel)
    return rows


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
    import sys

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
