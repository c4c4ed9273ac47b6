"""A figure described without matplotlib: its curves and its layout.

``Curve`` and ``Layout`` are what every renderer draws from: matplotlib's in
:mod:`actviz.render`, the terminal's in :mod:`actviz.term`, the HTML page's in
:mod:`actviz.page`. ``figure_parts`` makes them from series and the figure options
(``FigureOptions``: title, labels, limits, size, ... named like the command line's long
options). This module knows nothing of click or matplotlib; a size or resolution that
cannot be drawn raises ``FigureSizeError``.
"""

from __future__ import annotations

import dataclasses
import math
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Mapping, Optional, Sequence, Tuple

from actviz.errors import UsageError
from actviz.floats import short_text

if TYPE_CHECKING:  # numpy only once a figure is made: the command line's help reads this module
    import numpy as np

    from actviz.activation import Activation
    from actviz.series import Series

# A figure's size: below an inch a side or 10 dpi there is no room for the text (and
# FreeType cannot size a font at 1 dpi); past 16384 pixels a side the canvas alone
# takes a gigabyte (matplotlib's own limit, 65536, needs 16 GB).
MIN_INCHES = 1.0
MIN_DPI = 10.0
MAX_PIXELS = 2**14
# A figure's size and resolution when neither the options nor the style set them.
DEFAULT_SIZE = (6.4, 4.8)
DEFAULT_DPI = 100.0
# Bounds of --linewidth (points) and --font-size (points): past them a figure is no use.
LINE_WIDTHS = (0.1, 20.0)
FONT_SIZES = (4.0, 72.0)


# Where a legend goes: matplotlib's places inside the axes, or beside them ("outside").
LEGEND_PLACES = ("best", "upper right", "upper left", "lower left", "lower right", "right",
                 "center left", "center right", "lower center", "upper center", "center",
                 "outside")


class LogAxisError(UsageError):
    """A log y axis that cannot be drawn: a curve with no value above 0, or a y range
    that reaches 0; ``option`` is "logy" or "ylim"."""


class FigureSizeError(UsageError):
    """A figure size or resolution that cannot be drawn; ``option`` is "size", "dpi"
    or "size and dpi" (the product is too large)."""


def check_log_axis(curves: Sequence[Curve], ylim: Optional[Sequence[float]] = None) -> None:
    """Raise LogAxisError unless a log y axis can show every curve: each needs a finite
    value above 0 somewhere in the x range (the others are left out), and the y range,
    when given, must be above 0."""
    import numpy as np

    if ylim is not None and not ylim[0] > 0:
        raise LogAxisError(f"a log y axis starts above 0, and the y range starts at {ylim[0]:g}", "ylim")
    for curve in curves:
        y = np.asarray(curve.y, dtype=np.float64)
        if not (np.isfinite(y) & (y > 0)).any():
            raise LogAxisError(
                f"{curve.label} has no value above 0 in the x range, so a log y axis cannot "
                "show it: leave it out, or draw it without logy", "logy")


def log_axis_range(curves: Sequence[Curve], evenly: np.ndarray) -> Tuple[float, float]:
    """A log y axis fitted to the values above 0 at the evenly spaced x values: the float
    neighbours of a kink, added so that jumps are drawn upright, can give values such as
    relu(5e-324) and would stretch the axis over 300 decades. 5% to spare on each side."""
    import numpy as np

    lows, highs = [], []
    for curve in curves:
        y = np.asarray(curve.y, dtype=np.float64)
        shown = y[np.isin(curve.x, evenly) & np.isfinite(y) & (y > 0)]
        shown = shown if shown.size else y[np.isfinite(y) & (y > 0)]  # at a kink only
        lows.append(shown.min())
        highs.append(shown.max())
    lo, hi = math.log10(min(lows)), math.log10(max(highs))
    pad = max(hi - lo, 2.0) * 0.05  # a constant gets a tenth of two decades around it
    return 10.0 ** max(lo - pad, -323.0), 10.0 ** min(hi + pad, 308.0)


def check_figure_size(size: Sequence[float], dpi: float) -> None:
    """Raise FigureSizeError unless a figure of ``size`` inches at ``dpi`` can be drawn."""
    width, height = size
    if not (MIN_INCHES <= width < math.inf and MIN_INCHES <= height < math.inf):
        raise FigureSizeError(
            f"width and height must be finite and at least {MIN_INCHES:g} inch, got {width:g} {height:g}",
            "size",
        )
    if not MIN_DPI <= dpi < math.inf:
        raise FigureSizeError(f"must be finite and at least {MIN_DPI:g}, got {dpi:g}", "dpi")
    pixels = (width * dpi, height * dpi)
    if max(pixels) > MAX_PIXELS:
        raise FigureSizeError(
            f"{width:g} x {height:g} inches at {dpi:g} dpi is {pixels[0]:.0f} x {pixels[1]:.0f} pixels; "
            f"at most {MAX_PIXELS} on each side",
            "size and dpi",
        )


@dataclass(frozen=True)
class FigureOptions:
    """How a figure looks, whatever it shows: one set of options for every figure.

    ``title`` None is the default title (the names and parameters); ``ylim`` None fits
    the curves; ``font`` None draws Latin text in DejaVu Sans and other scripts in an
    installed font that has them; ``logy`` draws the y axis in powers of ten, leaving out
    values at or below 0. ``legend`` is one of LEGEND_PLACES, "none", or None: a legend
    where it fits best when there are several curves, none for one curve. ``formula``
    adds each curve's formula to its legend entry.

    ``size`` and ``dpi`` None are the style's (``figure.figsize``, ``figure.dpi``), else
    DEFAULT_SIZE and DEFAULT_DPI (see ``figure_size``). ``style`` is a style sheet: a
    shipped one's name (see actviz.styles) or a ``.mplstyle`` file; ``linewidth`` the
    width of the curves in points, ``font_size`` the size of the type in points, each
    over the style's.
    """

    title: Optional[str] = None
    xlabel: str = "x"
    ylabel: str = "y"
    ylim: Optional[Tuple[float, float]] = None
    grid: bool = True
    size: Optional[Tuple[float, float]] = None
    dpi: Optional[float] = None
    font: Optional[str] = None
    vanishing: bool = False  # shade where |f'| < 0.1, per function, in its colour
    logy: bool = False
    legend: Optional[str] = None
    formula: bool = False
    style: Optional[str] = None
    linewidth: Optional[float] = None
    font_size: Optional[float] = None

    def __post_init__(self):
        if self.legend not in (None, "none", *LEGEND_PLACES):
            raise UsageError(
                f"{self.legend!r} is no legend place; choose one of {', '.join(LEGEND_PLACES)} or none",
                "legend",
            )
        if self.size is not None:
            object.__setattr__(self, "size", tuple(float(v) for v in self.size))
        if self.dpi is not None:
            object.__setattr__(self, "dpi", float(self.dpi))
        if self.ylim is not None:
            object.__setattr__(self, "ylim", tuple(float(v) for v in self.ylim))
        for name, (lo, hi) in (("linewidth", LINE_WIDTHS), ("font_size", FONT_SIZES)):
            value = getattr(self, name)
            if value is not None:
                object.__setattr__(self, name, float(value))
                if not lo <= float(value) <= hi:
                    raise UsageError(f"must be from {lo:g} to {hi:g} points, got {float(value):g}", name)
        if self.style is None:  # else checked once the style is read (figure_size)
            check_figure_size(*figure_size(self))
        elif self.size is not None:
            check_figure_size(self.size, MIN_DPI)


def figure_size(options: FigureOptions, style: Optional[Mapping[str, object]] = None,
                default_size: Sequence[float] = DEFAULT_SIZE) -> Tuple[Tuple[float, float], float]:
    """The size (inches) and resolution (dpi) a figure is drawn at: those of ``options``,
    else those of the ``style``'s rc settings (``savefig.dpi``, when a number, before
    ``figure.dpi``), else ``default_size`` and DEFAULT_DPI."""
    style = style or {}
    size = options.size or style.get("figure.figsize") or default_size
    dpi = options.dpi
    if dpi is None:
        saved = style.get("savefig.dpi")
        dpi = saved if isinstance(saved, (int, float)) else style.get("figure.dpi", DEFAULT_DPI)
    return (float(size[0]), float(size[1])), float(dpi)


@dataclass(frozen=True)
class Curve:
    x: Sequence[float]
    y: Sequence[float]
    label: str
    colour: int  # index into the colour cycle: a function and its derivative share one
    dashed: bool = False
    params: Mapping[str, float] = field(default_factory=dict)  # the values given (a sweep's), depth too
    shaded: Sequence[Tuple[float, float]] = ()  # x intervals to shade in the curve's colour
    legend: str = ""  # the legend entry with display names and mathtext (label if empty)
    under: int = 0  # how deep under later curves that coincide with it it lies (see overlaps)


@dataclass(frozen=True)
class Layout:
    """Where and how the curves are drawn: the title (the default one filled in), the x
    range, and the figure options. ``display_title`` is the title with display names
    and mathtext (``title`` if empty); ``legend`` where the legend goes (None: none)."""

    title: str
    xlim: Tuple[float, float]
    options: FigureOptions = FigureOptions()
    display_title: str = ""
    legend: Optional[str] = "best"


def title_for(series: Sequence[Series], display: bool = False) -> str:
    """The default title: each function's name, with the parameter values the caller gave.

    A sweep is named once with all its values: ``leaky_relu (alpha=0.01, 0.1, 0.3)``,
    and so is a sweep of depths: ``sigmoid (depth=1, 5, 10)``; with ``display`` in
    display names and mathtext, ``Leaky ReLU ($\\alpha$ = 0.01, 0.1, 0.3)``.
    """
    groups: dict[int, tuple[Activation, dict[str, list[str]]]] = {}
    for s in series:
        if s.derivative:
            continue
        act, values = groups.setdefault(id(s.activation), (s.activation, {}))
        for key, value in s.given.items():
            texts = values.setdefault(key, [])
            if short_text(value) not in texts:
                texts.append(short_text(value))
    parts = []
    for act, values in groups.values():
        if display:
            given = "; ".join(f"{_symbol(act, key)} = {', '.join(texts)}" for key, texts in values.items())
        else:
            given = "; ".join(f"{key}={', '.join(texts)}" for key, texts in values.items())
        name = act.title if display else act.name
        parts.append(f"{name} ({given})" if given else name)
    return ", ".join(parts)


def legend_entry(s: Series, formula: bool = False) -> str:
    """A curve's legend entry: ``Leaky ReLU ($\\alpha$ = 0.1)``, ``Leaky ReLU′``, the
    caller's label for it, and with ``formula`` its formula (mathtext where the catalog
    has one): ``ReLU: $\\max(0, x)$``."""
    act = s.activation
    name = s.name or act.title
    if s.derivative:
        # a formula gets parentheses, a name (a label too) only the prime
        named = bool(s.name or act.display_name) or act.name != act.formula or re.fullmatch(r"[\w.]+", name)
        name = f"{name}\u2032" if named else f"({name})\u2032"
    if s.given and not s.name:
        name += " (" + "; ".join(f"{_symbol(act, k)} = {short_text(v)}" for k, v in s.given.items()) + ")"
    if formula:
        latex = act.derivative_latex if s.derivative else act.latex
        name += f": ${latex}$" if latex else f": {act.derivative_formula if s.derivative else act.formula}"
    return name


def _symbol(act: Activation, param: str) -> str:
    """A parameter as mathtext (``$\\alpha$``), or its name where it has no symbol."""
    return f"${act.symbols[param]}$" if param in act.symbols else param


# Two curves coincide where they are within OVERLAP_TOLERANCE of the y range of each
# other (under a pixel) over at least OVERLAP_SHARE of the points: then the later one,
# drawn on top, would hide the earlier (relu under leaky_relu for x > 0), so renderers
# draw the earlier one wider. Past MAX_OVERLAP_CURVES the pairwise comparison is not
# worth its cost.
OVERLAP_TOLERANCE = 0.002
OVERLAP_SHARE = 0.2
MAX_OVERLAP_CURVES = 60
# Widening shows at most this many curves stacked over one another; a deeper stack (a
# 21-value sweep whose curves all meet for x > 0) would only turn into bands, so such a
# figure is drawn with plain lines, the last curve on top.
MAX_UNDER = 3


def overlaps(ys: Sequence[np.ndarray], dashed: Sequence[bool],
             ylim: Optional[Tuple[float, float]] = None) -> list[int]:
    """For each curve, how deep it lies under later curves that coincide with it over a
    stretch and would hide it: 0 for none, else one more than the deepest of those (so
    that, drawn that much wider, it is wider than every curve drawn over it). A dashed
    curve over a solid one hides nothing: the solid one shows between the dashes."""
    import numpy as np

    if not 2 <= len(ys) <= MAX_OVERLAP_CURVES:
        return [0] * len(ys)
    stacked = np.array(ys, dtype=np.float64)
    finite = stacked[np.isfinite(stacked)]
    lo, hi = ylim if ylim is not None else (finite.min(), finite.max()) if finite.size else (0.0, 0.0)
    tolerance = OVERLAP_TOLERANCE * (float(hi - lo) or 1.0)
    depths = [0] * len(ys)
    for i in reversed(range(len(ys) - 1)):
        with np.errstate(invalid="ignore"):  # inf - inf: not a coincidence anyone sees
            close = (np.abs(stacked[i + 1:] - stacked[i]) <= tolerance).mean(axis=1) >= OVERLAP_SHARE
        hiding = [j for j in range(i + 1, len(ys)) if close[j - i - 1] and (dashed[i] or not dashed[j])]
        depths[i] = max((depths[j] + 1 for j in hiding), default=0)
    return depths if max(depths) <= MAX_UNDER else [0] * len(ys)


def legend_place(options: FigureOptions, curves: int) -> Optional[str]:
    """Where the legend goes: as asked, else where it fits best if there are several curves
    (one curve is named by the title)."""
    if options.legend is None:
        return "best" if curves > 1 else None
    return None if options.legend == "none" else options.legend


def series_grid(series: Sequence[Series], xrange: Sequence[float], num: int) -> np.ndarray:
    """The x values a figure of ``series`` is drawn at: ``num`` points over ``xrange`` plus
    0 and the series' kinks (see ``grid.plot_grid``, whose GridError it raises)."""
    from actviz.grid import plot_grid

    return plot_grid(xrange[0], xrange[1], num, [k for s in series for k in s.kinks()])


def figure_parts(
    series: Sequence[Series], xrange: Sequence[float], num: int, options: FigureOptions
) -> tuple[list[Curve], Layout]:
    """The curves and layout of one figure; its grid holds the kinks of its own series only,
    so a figure drawn in a batch is the same as when drawn alone. A function and its
    derivative share a colour; the derivative is dashed. With ``options.vanishing`` each
    function's curve carries the intervals where |f'| < 0.1, within the x range."""
    import numpy as np

    x = series_grid(series, xrange, num)
    ys = [s.values(x) for s in series]
    colour = -1
    curves = []
    for s, y, under in zip(series, ys, overlaps(ys, [s.derivative for s in series], options.ylim)):
        colour += 0 if s.derivative else 1
        shaded = vanishing_spans(s, xrange) if options.vanishing and not s.derivative else ()
        curves.append(Curve(x, y, s.label, colour, dashed=s.derivative, params=s.given, shaded=shaded,
                            legend=legend_entry(s, options.formula), under=under))
    if options.logy:
        check_log_axis(curves, options.ylim)
        if options.ylim is None:
            options = dataclasses.replace(options, ylim=log_axis_range(curves, np.linspace(*xrange, num)))
    title = title_for(series) if options.title is None else options.title
    display_title = title_for(series, display=True) if options.title is None else options.title
    return curves, Layout(title, (float(xrange[0]), float(xrange[1])), options, display_title,
                          legend_place(options, len(curves)))


def vanishing_spans(series: Series, xrange: Sequence[float]) -> tuple[Tuple[float, float], ...]:
    """Where the function a series draws has |f'| < 0.1 (see actviz.properties), within
    ``xrange``."""
    from actviz.properties import vanishing_intervals

    lo, hi = float(xrange[0]), float(xrange[1])
    spans = vanishing_intervals(series.drawn(), **series.params)
    return tuple((max(a, lo), min(b, hi)) for a, b in spans if a < hi and b > lo)
