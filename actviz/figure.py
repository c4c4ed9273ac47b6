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
import itertools
import math
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Mapping, Optional, Sequence, Tuple

from actviz.errors import UsageError
from actviz.figure_limits import (DEFAULT_DPI, DEFAULT_SIZE, FONT_SIZES, LEGEND_PLACES, LINE_WIDTHS, MAX_PIXELS,
                                  MIN_DPI, MIN_INCHES)
from actviz.floats import keyword_number, number_pair, short_text
from actviz.languages import DEFAULT_LANGUAGE, check_language, derivative_name, display_name, joined

if TYPE_CHECKING:  # numpy only once a figure is made: the command line's help reads this module
    import numpy as np

    from actviz.activation import Activation
    from actviz.series import Series


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
    adds each curve's formula to its legend entry. ``lang`` (one of languages.LANGUAGES)
    is the language of the display names and default titles; the axis labels stay x and y.

    ``size`` and ``dpi`` None are the style's (``figure.figsize``; ``savefig.dpi`` when a
    number, else ``figure.dpi``), else DEFAULT_SIZE and DEFAULT_DPI (see ``figure_size``).
    ``style`` is a style sheet: a shipped one's name (see actviz.styles) or a ``.mplstyle``
    file; ``linewidth`` the width of the curves in points, ``font_size`` the size of the
    type in points, each over the style's.
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
    lang: str = DEFAULT_LANGUAGE
    style: Optional[str] = None
    linewidth: Optional[float] = None
    font_size: Optional[float] = None

    def __post_init__(self):
        check_language(self.lang)
        if self.legend not in (None, "none", *LEGEND_PLACES):
            raise UsageError(
                f"{self.legend!r} is no legend place; choose one of {', '.join(LEGEND_PLACES)} or none",
                "legend",
            )
        if self.size is not None:
            object.__setattr__(self, "size", number_pair(self.size, "size", "WIDTH, HEIGHT"))
        if self.dpi is not None:
            object.__setattr__(self, "dpi", keyword_number(self.dpi, "dpi"))
        if self.ylim is not None:
            object.__setattr__(self, "ylim", number_pair(self.ylim, "ylim"))
        for name, (lo, hi) in (("linewidth", LINE_WIDTHS), ("font_size", FONT_SIZES)):
            value = getattr(self, name)
            if value is not None:
                value = keyword_number(value, name)
                object.__setattr__(self, name, value)
                if not lo <= value <= hi:
                    raise UsageError(f"must be from {lo:g} to {hi:g} points, got {value:g}", name)
        if self.style is None:  # else checked once the style is read (figure_size)
            check_figure_size(*figure_size(self))
        elif self.size is not None:
            check_figure_size(self.size, MIN_DPI)


def check_dollar_signs(text: Optional[str], option: str) -> None:
    """UsageError where a text's $ signs look like money that mathtext would read as math:
    it typesets all between two $ signs, so "cost $5 and $6" would lose both to italics.
    Math, as pandoc reads $...$, has no space just inside its $ signs and no digit just
    after the closing one; "$\\sigma(x)$" and "costs \\$5" are fine."""
    if not text or (text.count("$") - text.count("\\$")) % 2:  # an odd count is no math at all
        return
    for math_text in re.finditer(r"(?<!\\)\$(.*?)(?<!\\)\$", text, re.S):
        inside, after = math_text[1], text[math_text.end():math_text.end() + 1]
        if inside[:1].isspace() or inside[-1:].isspace() or after.isdigit():
            shown = text if len(text) <= 60 else text[:60] + "..."
            raise UsageError(f"{shown!r} would typeset {math_text[0]!r} as math: write \\$ for a dollar "
                             "sign (math has no space just inside its $ signs, nor a digit right after)", option)


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


def option_words(options: FigureOptions) -> list[str]:
    """The figure options given (title, size, dpi, font, style, line width, type size,
    language) as command-line words, for the command a figure file records."""
    words = []
    if options.title is not None:
        words += ["--title", options.title]
    if options.size is not None:
        words += ["--size", short_text(options.size[0]), short_text(options.size[1])]
    if options.dpi is not None:
        words += ["--dpi", short_text(options.dpi)]
    if options.font is not None:
        words += ["--font", options.font]
    if options.style is not None:
        words += ["--style", options.style]
    if options.linewidth is not None:
        words += ["--linewidth", short_text(options.linewidth)]
    if options.font_size is not None:
        words += ["--font-size", short_text(options.font_size)]
    if options.lang != DEFAULT_LANGUAGE:
        words += ["--lang", options.lang]
    return words


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


def title_for(series: Sequence[Series], display: bool = False, lang: str = DEFAULT_LANGUAGE) -> str:
    """The default title: each function's name, with the parameter values the caller gave.

    A sweep is named once with all its values: ``leaky_relu (alpha=0.01, 0.1, 0.3)``,
    and so is a sweep of depths: ``sigmoid (depth=1, 5, 10)``; with ``display`` in
    display names and mathtext, ``Leaky ReLU ($\\alpha$ = 0.01, 0.1, 0.3)``. In another
    ``lang`` the names are that language's, with or without ``display`` (plain text names
    the parameters): ``Leaky ReLU 함수 (alpha=0.1)``, ``ステップ関数、シグモイド関数``.
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
        name = display_name(act, lang) if display or lang != DEFAULT_LANGUAGE else act.name
        parts.append(f"{name} ({given})" if given else name)
    return joined(parts, lang)


def legend_entry(s: Series, formula: bool = False, lang: str = DEFAULT_LANGUAGE, display: bool = True) -> str:
    """A curve's legend entry: ``Leaky ReLU ($\\alpha$ = 0.1)``, ``Leaky ReLU′``, the
    caller's label for it, and with ``formula`` its formula (mathtext where the catalog
    has one): ``ReLU: $\\max(0, x)$``. In another ``lang``: ``Leaky ReLU 함수 ($\\alpha$ =
    0.1)``, ``ReLU関数の導関数``; without ``display``, plain text for a page: ``Leaky ReLU
    함수 (alpha=0.1)``."""
    act = s.activation
    name = s.name or display_name(act, lang)
    if s.derivative:
        # a formula gets parentheses before the prime (or 의 도함수), a name (a label too) none
        named = bool(s.name or act.display_name) or act.name != act.formula or re.fullmatch(r"[\w.]+", name)
        name = derivative_name(name, lang, formula=not named)
    if s.given and not s.name:
        given = s.given.items()
        name += " (" + ("; ".join(f"{_symbol(act, k)} = {short_text(v)}" for k, v in given) if display
                        else ", ".join(f"{k}={short_text(v)}" for k, v in given)) + ")"
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
        # labels (of pages, tables and messages) keep the code names in English
        label = s.label if options.lang == DEFAULT_LANGUAGE else legend_entry(s, lang=options.lang, display=False)
        curves.append(Curve(x, y, label, colour, dashed=s.derivative, params=s.given, shaded=shaded,
                            legend=legend_entry(s, options.formula, options.lang), under=under))
    if options.logy:
        check_log_axis(curves, options.ylim)
        if options.ylim is None:
            options = dataclasses.replace(options, ylim=log_axis_range(curves, np.linspace(*xrange, num)))
    title = title_for(series, lang=options.lang) if options.title is None else options.title
    display_title = title_for(series, True, options.lang) if options.title is None else options.title
    return curves, Layout(title, (float(xrange[0]), float(xrange[1])), options, display_title,
                          legend_place(options, len(curves)))


def vanishing_spans(series: Series, xrange: Sequence[float]) -> tuple[Tuple[float, float], ...]:
    """Where the function a series draws has |f'| < 0.1 (see actviz.properties), within
    ``xrange``."""
    from actviz.properties import vanishing_intervals

    lo, hi = float(xrange[0]), float(xrange[1])
    spans = vanishing_intervals(series.drawn(), **series.params)
    return tuple((max(a, lo), min(b, hi)) for a, b in spans if a < hi and b > lo)


# --- panels: a figure of several axes in a grid -----------------------------------------

# Each panel needs at least this much of the figure (inches), so that its title, ticks
# and a legend of a function and its derivative fit in the smallest type; a single
# figure's own limit (2 x 1.5) is left as it was.
MIN_PANEL_SIZE = (1.5, 1.2)
# Panels share one y range when each one's values span at least this share of all of them
# together (a sweep's panels); otherwise a step from 0 to 1 beside a relu up to 5 would
# show flat, and each panel keeps its own.
SHARE_Y_SHARE = 0.5


def parse_layout(text: str) -> Tuple[int, int]:
    """ROWSxCOLS (``2x3``) as (rows, columns); a UsageError naming the layout otherwise."""
    match = re.fullmatch(r"\s*(\d+)\s*[x×]\s*(\d+)\s*", str(text), flags=re.IGNORECASE)
    if not match or int(match[1]) < 1 or int(match[2]) < 1:
        raise UsageError(f"{text!r} is no layout: give ROWSxCOLS, each at least 1, such as 2x2", "layout")
    return int(match[1]), int(match[2])


def panel_grid(count: int, layout: Optional[Tuple[int, int]] = None) -> Tuple[int, int]:
    """The (rows, columns) of ``count`` panels: ``layout`` checked, or near square and
    wider than tall (2 -> 1x2, 3 -> 1x3, 4 -> 2x2, 5 and 6 -> 2x3, 7 and 8 -> 2x4,
    9 -> 3x3). A layout with too few cells, or with a row or column left empty, is a
    UsageError."""
    if layout is None:
        rows = max(1, math.isqrt(count))
        return rows, -(-count // rows)
    rows, columns = layout
    if rows * columns < count:
        raise UsageError(f"{rows}x{columns} is too small for {count} panels", "layout")
    if (rows - 1) * columns >= count or rows * (columns - 1) >= count:
        raise UsageError(f"{rows}x{columns} leaves a {'row' if (rows - 1) * columns >= count else 'column'} "
                         f"empty with {count} panel{'s' if count != 1 else ''}", "layout")
    return rows, columns


def check_panel_size(options: FigureOptions, grid: Tuple[int, int],
                     size: Optional[Tuple[float, float]] = None) -> None:
    """A UsageError (about "size") unless each panel of the grid gets MIN_PANEL_SIZE, in a
    figure of ``size``, else of the options' size. A size that a style sheet gives is only
    known once the style is read (actviz.render checks it then): without ``size``, a
    styled figure of no size of its own passes here."""
    if size is None:
        if options.size is None and options.style is not None:
            return
        size = figure_size(options)[0]
    rows, columns = grid
    need = (MIN_PANEL_SIZE[0] * columns, MIN_PANEL_SIZE[1] * rows)
    if size[0] < need[0] - 1e-9 or size[1] < need[1] - 1e-9:
        styled = options.size is None and options.style is not None  # the style's size: blame it
        whose = " (the style's size)" if styled else ""
        raise UsageError(f"{size[0]:g} x {size[1]:g} inches{whose} is too small for {rows}x{columns} panels: "
                         f"give a size of at least {need[0]:g} x {need[1]:g}", "style" if styled else "size")


def panel_groups(series: Sequence[Series], by: Optional[str] = None) -> list[list[int]]:
    """Indices of the series in each panel, in order: one panel per function (a sweep of
    it, its derivatives and all), or with ``by`` one per value of that parameter (or
    depth); a series without it is a UsageError about "panels_by"."""
    groups: dict[object, list[int]] = {}
    for index, s in enumerate(series):
        if by is None:
            key = id(s.activation)
        elif by in s.given:
            key = s.given[by]
        else:
            raise UsageError(f"{by} is not given for {s.activation.name}, so it cannot be drawn "
                             f"a panel per {by}", "panels_by")
        groups.setdefault(key, []).append(index)
    return list(groups.values())


def check_panels_by(series: Sequence[Series], by: str) -> None:
    """A UsageError (about "panels_by") unless ``by`` is swept: given several values."""
    values = {s.given[by] for s in series if by in s.given}
    if len(values) < 2:
        given = "given one value" if values else "not given"
        raise UsageError(f"{by} is {given}; a panel per {by} needs a sweep (--{by} 0.01,0.1,0.3)"
                         if by in ("alpha", "beta", "depth") else
                         f"{by} is {given}; a panel per {by} needs a sweep (-p {by}=1,2,3)", "panels_by")


@dataclass(frozen=True)
class Panels:
    """A figure of several axes: each panel's curves and layout (its title the default
    one for its curves), in a grid of ``rows`` x ``columns`` filled row by row; ``title``
    over them all (None: none); ``share_y`` whether they share one y range; ``options``
    the figure's (size, dpi, font)."""

    panels: Tuple[Tuple[Tuple[Curve, ...], Layout], ...]
    grid: Tuple[int, int]
    title: Optional[str]
    options: FigureOptions
    share_y: bool


def panel_parts(series: Sequence[Series], xrange: Sequence[float], num: int, options: FigureOptions,
                by: Optional[str] = None, layout: Optional[Tuple[int, int]] = None) -> Panels:
    """The panels of a figure of ``series`` (see panel_groups): each drawn as figure_parts
    draws a figure of its series, every curve in the colour it has in one figure of them
    all, and the x range shared. They share y where ``options.ylim`` is given, or where
    each panel's range is at least SHARE_Y_SHARE of all of them together."""
    groups = panel_groups(series, by)
    grid = panel_grid(len(groups), layout)
    check_panel_size(options, grid)
    colours = list(itertools.accumulate(0 if s.derivative else 1 for s in series))
    inner = dataclasses.replace(options, title=None)
    panels = []
    for group in groups:
        curves, panel_layout = figure_parts([series[i] for i in group], xrange, num, inner)
        curves = [dataclasses.replace(c, colour=colours[i] - 1, legend=_panel_legend(c, series[i], by, options))
                  for c, i in zip(curves, group)]
        panels.append((tuple(curves), panel_layout))
    ranges = [_y_range(curves, lay.options) for curves, lay in panels]
    share = options.ylim is not None or _similar(ranges)
    if share and options.logy and options.ylim is None:
        known = [r for r in ranges if r is not None]
        ylim = (10.0 ** min(r[0] for r in known), 10.0 ** max(r[1] for r in known))
        panels = [(curves, dataclasses.replace(lay, options=dataclasses.replace(lay.options, ylim=ylim)))
                  for curves, lay in panels]
    return Panels(tuple(panels), grid, options.title, options, share)


def _panel_legend(curve: Curve, s: Series, by: Optional[str], options: FigureOptions) -> str:
    """A curve's legend entry in a panel per value of ``by``: without that value, which
    the panel's title gives."""
    if by is None or by not in s.given or s.name:
        return curve.legend
    shown = dataclasses.replace(s, params={k: v for k, v in s.params.items() if k != by},
                                depth=None if by == "depth" else s.depth)
    return legend_entry(shown, options.formula, options.lang)


def _y_range(curves: Sequence[Curve], options: FigureOptions) -> Optional[Tuple[float, float]]:
    """The y range a panel's curves span (in log10 on a log axis); None for no finite value."""
    import numpy as np

    if options.logy:  # figure_parts fitted it
        return math.log10(options.ylim[0]), math.log10(options.ylim[1])
    values = np.concatenate([np.asarray(c.y, dtype=np.float64) for c in curves])
    values = values[np.isfinite(values)]
    return (float(values.min()), float(values.max())) if values.size else None


def _similar(ranges: Sequence[Optional[Tuple[float, float]]]) -> bool:
    known = [r for r in ranges if r is not None]
    if len(known) < 2:
        return len(known) == len(ranges)
    lo, hi = min(r[0] for r in known), max(r[1] for r in known)
    if not hi > lo:
        return True
    return all((r[1] - r[0]) >= SHARE_Y_SHARE * (hi - lo) for r in known)


# --- words for screen readers: what a figure shows, in plain text ------------------------

# mathtext commands read as a character (the rest read as their name: \max as max)
MATH_CHARACTERS = {
    "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ε", "zeta": "ζ", "eta": "η",
    "theta": "θ", "iota": "ι", "kappa": "κ", "lambda": "λ", "mu": "μ", "nu": "ν", "xi": "ξ", "pi": "π",
    "rho": "ρ", "sigma": "σ", "tau": "τ", "upsilon": "υ", "phi": "φ", "chi": "χ", "psi": "ψ",
    "omega": "ω", "Gamma": "Γ", "Delta": "Δ", "Theta": "Θ", "Lambda": "Λ", "Xi": "Ξ", "Pi": "Π",
    "Sigma": "Σ", "Phi": "Φ", "Psi": "Ψ", "Omega": "Ω", "cdot": "·", "times": "×", "leq": "≤",
    "le": "≤", "geq": "≥", "ge": "≥", "neq": "≠", "infty": "∞", "prime": "′", "pm": "±", "approx": "≈",
    "to": "→", "rightarrow": "→",
}
# commands that only choose a font or size a bracket: left out
MATH_SILENT = {"mathrm", "mathit", "mathbf", "mathsf", "mathtt", "mathcal", "operatorname", "left",
               "right", "displaystyle", "textstyle"}


def plain_text(text: str) -> str:
    """A text as it reads without mathtext: ``Leaky ReLU ($\\alpha$ = 0.1)`` is
    ``Leaky ReLU (α = 0.1)``, ``$\\frac{1}{1 + e^{-x}}$`` is ``1/(1 + e^-x)``."""
    def math(match: re.Match) -> str:
        body = match.group(1)
        for _ in range(4):  # nested fractions, roots and powers, from the inside out
            body = re.sub(r"([_^])\{([^{}]*)\}", lambda m: m[1] + _grouped(m[2]), body)
            body = re.sub(r"\\frac\{([^{}]*)\}\{([^{}]*)\}", lambda m: f"{_grouped(m[1])}/{_grouped(m[2])}", body)
            body = re.sub(r"\\sqrt\{([^{}]*)\}", lambda m: f"√{_grouped(m[1])}", body)
        body = re.sub(r"\\[,;:! ]", " ", body)
        body = re.sub(r"\\([A-Za-z]+)", lambda m: "" if m[1] in MATH_SILENT else
                      MATH_CHARACTERS.get(m[1], m[1]), body)
        return re.sub(r" {2,}", " ", body.replace("{", "").replace("}", ""))

    return re.sub(r"(?<!\\)\$(.*?)(?<!\\)\$", math, text).replace("\\$", "$")


def _grouped(text: str) -> str:
    return text if re.fullmatch(r"\\?[\w.]+", text) else f"({text})"


def plain_number(value: float, digits: int = 3) -> str:
    """A number as a reader hears it: 3 significant digits, a true minus sign."""
    text = f"{value:.{digits}g}"
    return "0" if text == "-0" else text.replace("-", "\u2212")


# Past this many functions a description names the first and last only.
MAX_NAMED_CURVES = 4


def describe(curves: Sequence[Curve], layout: Layout, kind: str = "Line chart") -> str:
    """A figure in one plain sentence for screen readers (PNG Description, SVG <desc>, PDF
    Subject): ``Line chart of ReLU and its derivative ReLU′ (dashed), for x from −5 to 5
    and y from 0 to 5.`` Display names without mathtext, the x range, the y range shown
    (the one asked for, else the curves' values)."""
    import numpy as np

    options = layout.options

    def name(curve: Curve) -> str:
        text = curve.legend or curve.label
        if options.formula and ": " in text:  # the formula legend_entry added
            text = text.rsplit(": ", 1)[0]
        return plain_text(text)

    functions = [name(c) for c in curves if not c.dashed]
    derivatives = [name(c) for c in curves if c.dashed]
    if len(functions) > MAX_NAMED_CURVES:
        what = f"{len(functions)} curves, {functions[0]} to {functions[-1]}"
    else:
        what = _listed(functions)
    if len(functions) == 1 and len(derivatives) == 1:
        what += f" and its derivative {derivatives[0]} (dashed)"
    elif derivatives:
        what += ", with their derivatives dashed"
    lo, hi = layout.xlim
    text = f"{kind} of {what}, for x from {plain_number(lo, 6)} to {plain_number(hi, 6)}"
    if options.ylim is not None:
        low, high = options.ylim
    else:
        values = [np.asarray(c.y, dtype=np.float64) for c in curves]
        shown = np.concatenate(values) if values else np.zeros(0)
        shown = shown[np.isfinite(shown)]
        low, high = (float(shown.min()), float(shown.max())) if shown.size else (None, None)
    if low is not None:
        text += f" and y from {plain_number(low)} to {plain_number(high)}"
    if options.logy:
        text += " on a log scale"
    if any(c.shaded for c in curves):
        text += "; shaded where the slope is below 0.1 (vanishing gradients)"
    return text + "."


def describe_panels(panels: Panels) -> str:
    """A figure of panels in plain sentences: the grid, then each panel as ``describe``
    says it (``Line chart of Step, for x from −5 to 5 and y from 0 to 1.``)."""
    rows, columns = panels.grid
    count = len(panels.panels)
    parts = [f"{count} panel{'s' if count != 1 else ''} in a grid of {rows} by {columns}"
             + (", sharing the y range." if panels.share_y and count > 1 else ".")]
    parts += [describe(curves, layout) for curves, layout in panels.panels]
    return " ".join(parts)


def panels_title(panels: Panels) -> str:
    """A figure of panels' title in plain text: the overall one, else the panels' own."""
    if panels.title is not None:
        return plain_text(panels.title)
    return ", ".join(plain_text(layout.display_title or layout.title) for _, layout in panels.panels)


def _listed(items: Sequence[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"
