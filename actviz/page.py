"""The interactive HTML page of a plot or a gate: one self-contained, offline file.

``curves_page`` writes the page of a plot's figure (``-o page.html``): the curves as SVG
with axes, ticks, grid, legend and title, a hover readout of the numbers actviz computed,
a slider per swept parameter and legend entries that hide their curve. ``gate_page``
writes a perceptron's input plane (``gate --plot page.html``) with sliders for its
weights and bias, its truth table and the gate it implements; a two-layer gate (XOR) is
drawn as the static plot draws it.

The SVG is written here from the numbers, not by matplotlib: each curve is a path of its
own that the page's script can show or hide, the file stays small (matplotlib's SVG
draws every glyph as a path), and a page needs no matplotlib. The page's script, styles
and skeleton are package data (actviz/templates/); the page never recomputes an
activation, it only chooses which embedded numbers to show. A Content-Security-Policy
allows nothing but that script and those styles (by their sha256), so the file makes no
network request. Names, labels and titles are text everywhere: escaped in HTML and SVG,
and ``<``, ``>`` and ``&`` written as \\u escapes inside the JSON. It knows nothing of
click or matplotlib; a page too large to be useful raises ``PageSizeError``.
"""

from __future__ import annotations

import base64
import dataclasses
import hashlib
import html
import json
import math
import shlex
import string
from decimal import Decimal
from functools import lru_cache
from typing import TYPE_CHECKING, Optional, Sequence

from actviz.animation import families as families_of
from actviz.animation import swept
from actviz.errors import UsageError
from actviz.figure import DEFAULT_SIZE
from actviz.floats import short_text

if TYPE_CHECKING:
    from actviz.figure import Curve, Layout
    from actviz.logic_gates import LogicGate
    from actviz.plotting import PlotRequest

MAX_SLIDER_POSITIONS = 200  # a slider with more stops than this cannot be moved stop by stop
MAX_NUMBERS = 5_000_000  # about 100 MB of page: more than a browser opens comfortably
COLOURS = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",  # matplotlib's C0..C9,
           "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf")  # as the static figure
REGION_COLOURS = ("#d6e4f0", "#fbd9b9")  # as render.py's: y = 0, y = 1
POINT_COLOURS = ("#1f4e79", "#c0504d")
GATE_STEPS = tuple(float(Decimal(k) / 10) for k in range(-10, 11))  # -1, -0.9, ..., 1
PAGE_MARKER = 'name="generator" content="actviz page"'


class PageSizeError(UsageError):
    """A sweep too large for a page: too many slider positions or numbers."""


class PageLogAxisError(UsageError):
    """A page asked for with a log y axis, which it does not draw; ``option`` is "logy"."""


class PageGateError(UsageError):
    """A gate the page cannot show with its sliders; ``option`` is "plot"."""


# --- the template -------------------------------------------------------------------------

@lru_cache(maxsize=None)
def template(name: str) -> str:
    """One of the page's files shipped in actviz/templates (page.html, page.js, page.css)."""
    from importlib.resources import files

    return (files("actviz") / "templates" / name).read_text(encoding="utf-8")


def _sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def content_security_policy() -> str:
    """Nothing but the page's own script and styles: no network, no other code."""
    return (f"default-src 'none'; script-src {_sha256(template('page.js'))}; "
            f"style-src {_sha256(template('page.css'))}; base-uri 'none'; form-action 'none'")


def json_text(value) -> str:
    """JSON that can sit inside <script>: '<', '>' and '&' as \\u escapes (they only occur
    inside strings), so no text can end the script element."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def escape(text: str) -> str:
    return html.escape(str(text), quote=True)


def document(kind: str, title: str, svg: str, readout: str, controls: str, command: str, data: dict) -> bytes:
    """The whole page, as UTF-8 bytes."""
    page = string.Template(template("page.html")).substitute(
        csp=content_security_policy(), title=escape(title), style=template("page.css"), kind=kind,
        svg=svg, readout=readout, controls=controls, command=escape(command), data=json_text(data),
        script=template("page.js"),
    )
    return page.encode("utf-8")


def numbers(values) -> list:
    """Floats for JSON, each written as Python's shortest round-trip repr; nan and the
    infinities (which JSON lacks) as the strings 'nan', 'inf' and '-inf'."""
    out = [float(v) for v in values]
    for i, v in enumerate(out):
        if not math.isfinite(v):
            out[i] = "nan" if v != v else ("inf" if v > 0 else "-inf")
    return out


def slider(name: str, texts: Sequence[str], start: int) -> str:
    """A range input over a sweep's positions (0 .. n-1), its value shown beside it."""
    ident = "slider-" + "".join(c if c.isalnum() else "_" for c in name)
    return (f'<label>{escape(name)} <input type="range" id="{escape(ident)}" name="{escape(name)}" '
            f'min="0" max="{len(texts) - 1}" step="1" value="{start}">'
            f'<output for="{escape(ident)}">{escape(texts[start])}</output></label>')


# --- axes ---------------------------------------------------------------------------------

def nice_ticks(lo: float, hi: float, count: int = 6) -> list[float]:
    """Round tick values (1, 2, 2.5 or 5 times a power of ten) from lo to hi, about count
    of them; counted in decimal, so 0.3 is 0.3."""
    span = hi - lo
    if not (span > 0 and math.isfinite(span)):
        return [lo]
    raw = span / count
    power = math.floor(math.log10(raw))
    step = None
    for mantissa in (1, 2, 2.5, 5, 10):
        step = Decimal(str(mantissa)).scaleb(power)
        if float(step) >= raw:
            break
    first = math.ceil(Decimal(repr(lo)) / step)
    last = math.floor(Decimal(repr(hi)) / step)
    return [float(k * step) for k in range(first, last + 1)]


def y_limits(curves: Sequence[Curve], ylim: Optional[Sequence[float]]) -> tuple[float, float]:
    """The y range: the one asked for, or every curve's finite values (at every slider
    position, so the axes stay put while sliding) with 5% to spare."""
    import numpy as np

    if ylim is not None:
        return float(ylim[0]), float(ylim[1])
    lo, hi = math.inf, -math.inf
    for curve in curves:
        y = np.asarray(curve.y, dtype=np.float64)
        y = y[np.isfinite(y)]
        if y.size:
            lo, hi = min(lo, float(y.min())), max(hi, float(y.max()))
    if lo > hi:
        return -1.0, 1.0
    if lo == hi:
        return lo - 1.0, hi + 1.0
    pad = (hi - lo) * 0.05
    if not math.isfinite(pad) or not math.isfinite(lo - pad) or not math.isfinite(hi + pad):
        return lo, hi
    return lo - pad, hi + pad


class Frame:
    """The plot area in SVG units and the data ranges it maps."""

    def __init__(self, width: float, height: float, xlim, ylim):
        self.width, self.height = width, height
        self.left, self.top, self.right, self.bottom = 72.0, 44.0, 20.0, 52.0
        self.w = width - self.left - self.right
        self.h = height - self.top - self.bottom
        self.xlim, self.ylim = xlim, ylim

    def px(self, x):
        return self.left + (x - self.xlim[0]) / (self.xlim[1] - self.xlim[0]) * self.w

    def py(self, y):
        return self.top + self.h - (y - self.ylim[0]) / (self.ylim[1] - self.ylim[0]) * self.h


def _f(v: float) -> str:
    return f"{v:.2f}"


def axes_svg(frame: Frame, title: str, xlabel: str, ylabel: str, grid: bool) -> list[str]:
    """Ticks, grid, the zero lines, the box, the labels and the title."""
    parts = []
    top, bottom, left, right = frame.top, frame.top + frame.h, frame.left, frame.left + frame.w
    for tick in nice_ticks(*frame.xlim):
        x = _f(frame.px(tick))
        if grid:
            parts.append(f'<line x1="{x}" y1="{_f(top)}" x2="{x}" y2="{_f(bottom)}" stroke="#000" stroke-opacity="0.12"/>')
        parts.append(f'<line x1="{x}" y1="{_f(bottom)}" x2="{x}" y2="{_f(bottom + 5)}" stroke="#000"/>')
        parts.append(f'<text x="{x}" y="{_f(bottom + 19)}" text-anchor="middle" font-size="12">{escape(short_text(tick))}</text>')
    for tick in nice_ticks(*frame.ylim):
        y = _f(frame.py(tick))
        if grid:
            parts.append(f'<line x1="{_f(left)}" y1="{y}" x2="{_f(right)}" y2="{y}" stroke="#000" stroke-opacity="0.12"/>')
        parts.append(f'<line x1="{_f(left - 5)}" y1="{y}" x2="{_f(left)}" y2="{y}" stroke="#000"/>')
        parts.append(f'<text x="{_f(left - 8)}" y="{y}" dy="0.32em" text-anchor="end" font-size="12">{escape(short_text(tick))}</text>')
    if frame.ylim[0] < 0 < frame.ylim[1]:
        y = _f(frame.py(0.0))
        parts.append(f'<line x1="{_f(left)}" y1="{y}" x2="{_f(right)}" y2="{y}" stroke="#999" stroke-width="0.8"/>')
    if frame.xlim[0] < 0 < frame.xlim[1]:
        x = _f(frame.px(0.0))
        parts.append(f'<line x1="{x}" y1="{_f(top)}" x2="{x}" y2="{_f(bottom)}" stroke="#999" stroke-width="0.8"/>')
    parts.append(f'<rect x="{_f(left)}" y="{_f(top)}" width="{_f(frame.w)}" height="{_f(frame.h)}" fill="none" stroke="#000"/>')
    parts.append(f'<text x="{_f(left + frame.w / 2)}" y="{_f(frame.height - 10)}" text-anchor="middle" font-size="14">{escape(xlabel)}</text>')
    parts.append(f'<text transform="translate(16 {_f(top + frame.h / 2)}) rotate(-90)" text-anchor="middle" font-size="14">{escape(ylabel)}</text>')
    parts.append(f'<text id="title" x="{_f(left + frame.w / 2)}" y="28" text-anchor="middle" font-size="16">{escape(title)}</text>')
    return parts


def curve_path(frame: Frame, x, y) -> str:
    """A curve's SVG path in the frame's units; it breaks at nan and infinities, and
    points far outside the frame are held at its edge (the clip path hides them)."""
    import numpy as np

    px = (np.asarray(x, dtype=np.float64) - frame.xlim[0]) / (frame.xlim[1] - frame.xlim[0]) * frame.w + frame.left
    with np.errstate(all="ignore"):
        yy = np.asarray(y, dtype=np.float64)
        py = frame.top + frame.h - (yy - frame.ylim[0]) / (frame.ylim[1] - frame.ylim[0]) * frame.h
    finite = np.isfinite(yy) & np.isfinite(py)
    py = np.clip(np.where(finite, py, 0.0), frame.top - 10 * frame.h, frame.top + 11 * frame.h)
    parts, pen = [], False
    for a, b, ok in zip(px.tolist(), py.tolist(), finite.tolist()):
        if not ok:
            pen = False
            continue
        parts.append(f"{'L' if pen else 'M'}{a:.2f} {b:.2f}")
        pen = True
    return "".join(parts)


# --- the page of a plot ---------------------------------------------------------------------

def sliders_of(curves: Sequence[Curve]) -> dict[str, list[float]]:
    """Each swept parameter (given more than one value) and its values, in the order given."""
    return swept([curve.params for curve in curves])


def check_page_size(curves: Sequence[Curve]) -> None:
    """Raise PageSizeError for a sweep too large for a page."""
    for key, values in sliders_of(curves).items():
        if len(values) > MAX_SLIDER_POSITIONS:
            raise PageSizeError(
                f"a page's slider takes at most {MAX_SLIDER_POSITIONS} positions, and {key} has "
                f"{len(values)} values; sweep fewer, or write a .png, .svg or .pdf", "output")
    count = len(curves[0].x) * (len(curves) + 1) if curves else 0
    if count > MAX_NUMBERS:
        raise PageSizeError(
            f"that page would hold {count} numbers ({len(curves)} curves of {len(curves[0].x)} points), "
            f"more than {MAX_NUMBERS}; use fewer curves or a smaller --num", "output")


def plot_command(plot: PlotRequest, indices: Optional[Sequence[int]] = None, fmt: Optional[str] = None,
                 fps: Optional[int] = None) -> str:
    """The `actviz plot` command that draws the figure of the series at ``indices`` (all by
    default): what a page shows and a figure file records. Where it is written is left out
    (-o, -q), so a figure keeps its bytes under any name; ``fmt`` other than png (the
    default) is given as --format, and a GIF's ``fps`` when it is not the default."""
    from actviz.animation import DEFAULT_FPS
    from actviz.figure import FigureOptions, option_words
    from actviz.plotting import DEFAULT_NUM, DEFAULT_RANGE

    chosen = plot.series if indices is None else [plot.series[i] for i in indices]
    # names first, then the expressions' activations (as request() makes them)
    everyone = list(dict.fromkeys(id(s.activation) for s in plot.series))
    first = len(everyone) - len(plot.expressions)
    sources = {a: plot.expressions[k - first] for k, a in enumerate(everyone) if k >= first}
    named = plot.labels if len(plot.labels) <= len(plot.expressions) else ()  # the expressions' labels
    labels = {a: named[k - first] for k, a in enumerate(everyone) if 0 <= k - first < len(named)}
    activations = {id(s.activation): s.activation for s in chosen}
    words = ["actviz", "plot"]
    words += [act.name for a, act in activations.items() if a not in sources]
    for a in activations:
        if a in sources:
            words += ["--expr", sources[a]]
    if named:
        shown = [labels[a] for a in activations if a in labels]
    else:  # a label per curve, in order
        shown = [s.name for s in chosen if s.name is not None and not s.derivative]
    for label in shown:
        words += ["--label", label]
    title = plot.options.title
    if not named and shown and title is None and len(shown) <= sum(a in sources for a in activations):
        # run again, these labels would name the expressions alone (see series.series_of),
        # whose default title is then the label instead of the expression
        from actviz.figure import title_for

        title = title_for(chosen, display=True)
    params: dict[str, list[str]] = {}
    depths: list[str] = []
    for s in chosen:
        for key, value in s.params.items():
            texts = params.setdefault(key, [])
            if short_text(value) not in texts:
                texts.append(short_text(value))
        if s.depth is not None and str(s.depth) not in depths:
            depths.append(str(s.depth))
    for key, texts in params.items():
        words += [f"--{key}", ",".join(texts)] if key in ("alpha", "beta") \
            else ["-p", f"{key}={','.join(texts)}"]
    if any(s.derivative for s in chosen):
        words.append("-d")
    if depths:
        words += ["--depth", ",".join(depths)]
    if tuple(plot.xrange) != DEFAULT_RANGE:
        words += ["--range", short_text(plot.xrange[0]), short_text(plot.xrange[1])]
    if plot.num != DEFAULT_NUM:
        words += ["--num", str(plot.num)]
    options, default = plot.options, FigureOptions()
    if options.ylim is not None:
        words += ["--ylim", short_text(options.ylim[0]), short_text(options.ylim[1])]
    if options.logy:
        words.append("--logy")
    if options.vanishing:
        words.append("--vanishing")
    # the figure options every drawing command shares, the title filled in as above
    words += option_words(dataclasses.replace(options, title=title))
    for name in ("xlabel", "ylabel", "legend"):
        if getattr(options, name) != getattr(default, name):
            words += [f"--{name}", getattr(options, name)]
    if options.formula:
        words.append("--formula")
    if not options.grid:
        words.append("--no-grid")
    if plot.panels_by is not None:
        words += ["--panels-by", plot.panels_by]
    elif plot.panels:
        words.append("--panels")
    if plot.layout is not None:
        words += ["--layout", f"{plot.layout[0]}x{plot.layout[1]}"]
    if fmt not in (None, "png"):
        words += ["--format", fmt]
    if fmt == "gif" and fps not in (None, DEFAULT_FPS):
        words += ["--fps", str(fps)]
    return " ".join(shell_word(w) for w in words)


def shell_word(word: str) -> str:
    """A word as a POSIX shell reads it back: bare, in single quotes, or in double quotes
    where it holds a single quote and nothing a shell expands within double quotes."""
    if "'" in word and not any(c in word for c in '"$`\\!'):
        return f'"{word}"'
    return shlex.quote(word)


def curves_page(curves: Sequence[Curve], layout: Layout, command: str = "actviz plot") -> bytes:
    """The page of one figure's curves (see the module's docstring), as bytes."""
    import numpy as np

    check_page_size(curves)
    options = layout.options
    swept = sliders_of(curves)
    start = {key: 0 for key in swept}
    width, height = options.size or DEFAULT_SIZE
    frame = Frame(width * 100, height * 100, layout.xlim, y_limits(curves, options.ylim))
    svg = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_f(frame.width)} {_f(frame.height)}" '
           f'width="{_f(frame.width)}" height="{_f(frame.height)}" tabindex="0" role="img" '
           f'aria-label="{escape(layout.title)}: hover, touch or use the arrow keys for the values">',
           f'<defs><clipPath id="plot-area"><rect x="{_f(frame.left)}" y="{_f(frame.top)}" '
           f'width="{_f(frame.w)}" height="{_f(frame.h)}"/></clipPath></defs>',
           '<rect width="100%" height="100%" fill="#fff"/>']
    svg += axes_svg(frame, layout.title, options.xlabel, options.ylabel, options.grid)
    svg.append('<g clip-path="url(#plot-area)" fill="none" stroke-width="1.8" stroke-linejoin="round">')
    families = families_of(curves)
    family_data = []
    for f, members in enumerate(families):
        entries = []
        colour = COLOURS[curves[members[0]].colour % 10]  # one colour a family, whatever the slider
        for j, i in enumerate(members):
            curve = curves[i]
            at = {k: swept[k].index(float(v)) for k, v in curve.params.items() if k in swept}
            shown = all(at[k] == start[k] for k in at)
            dash = ' stroke-dasharray="6 4"' if curve.dashed else ""
            hidden = "" if shown else ' display="none"'
            svg.append(f'<path id="c{f}-{j}" class="curve" d="{curve_path(frame, curve.x, curve.y)}" '
                       f'stroke="{colour}"{dash}{hidden}/>')
            entries.append({"label": curve.label, "at": at, "y": numbers(curve.y)})
        family_data.append({"colour": colour, "dashed": curves[members[0]].dashed, "curves": entries})
    svg.append("</g>")
    svg.append(f'<line id="cursor" x1="0" y1="{_f(frame.top)}" x2="0" y2="{_f(frame.top + frame.h)}" '
               'stroke="#444" stroke-width="0.8" display="none"/>')
    svg += legend_svg(frame, curves, families)
    svg.append("</svg>")
    x = np.asarray(curves[0].x, dtype=np.float64) if curves else np.zeros(1)
    middle = int(np.argmin(np.abs(x - (layout.xlim[0] + layout.xlim[1]) / 2)))
    texts = {key: [short_text(v) for v in values] for key, values in swept.items()}
    controls = ""
    if swept:
        controls = '<form class="controls" id="sliders">' + "".join(
            slider(key, texts[key], 0) for key in swept) + "</form>"
    data = {"kind": "curves", "x": numbers(x), "start": middle, "sliders": texts, "families": family_data,
            "plot": {"left": frame.left, "width": frame.w, "xlim": list(layout.xlim)}}
    readout = f"x = {escape(short_text(x[middle]))}"
    return document("curves", layout.title, "\n".join(svg), readout, controls, command, data)


def legend_svg(frame: Frame, curves: Sequence[Curve], families: Sequence[Sequence[int]]) -> list[str]:
    """The legend, top left inside the plot: one entry per family, a button that hides its curve."""
    width = 40 + 7.2 * max(len(curves[m[0]].label) for m in families) if families else 0
    x0, y0 = frame.left + 10, frame.top + 10
    parts = [f'<rect x="{_f(x0)}" y="{_f(y0)}" width="{_f(width)}" height="{_f(8 + 20 * len(families))}" '
             'fill="#fff" fill-opacity="0.85" stroke="#ccc" rx="3"/>']
    for f, members in enumerate(families):
        curve = curves[members[0]]
        y = y0 + 14 + 20 * f
        dash = ' stroke-dasharray="6 4"' if curve.dashed else ""
        parts.append(
            f'<g class="legend-entry" data-family="{f}" tabindex="0" role="button" aria-pressed="true">'
            f'<rect x="{_f(x0 + 2)}" y="{_f(y - 9)}" width="{_f(width - 4)}" height="18" fill="#fff" fill-opacity="0"/>'
            f'<line x1="{_f(x0 + 6)}" y1="{_f(y)}" x2="{_f(x0 + 30)}" y2="{_f(y)}" stroke="{COLOURS[curve.colour % 10]}" '
            f'stroke-width="1.8"{dash}/>'
            f'<text x="{_f(x0 + 36)}" y="{_f(y)}" dy="0.32em" font-size="12">{escape(curve.label)}</text></g>')
    return parts


def plot_page(plot: PlotRequest, indices: Optional[Sequence[int]] = None) -> bytes:
    """The page of a plot request's figure (of the series at ``indices``, all by default)."""
    curves, layout = plot.figure(indices)
    return curves_page(curves, layout, plot_command(plot, indices))


def check_plot_page(plot: PlotRequest, indices: Optional[Sequence[int]] = None) -> None:
    """Raise PageSizeError, before anything is computed, for a figure too large for a page."""
    from actviz.figure import Curve

    if plot.options.logy:
        raise PageLogAxisError("a page draws a linear y axis; draw a log one into .png, .svg or .pdf, "
                               "or in the terminal", "logy")
    chosen = plot.series if indices is None else [plot.series[i] for i in indices]
    stand_ins = [Curve(range(plot.num), (), "", 0, s.derivative, s.given) for s in chosen]
    check_page_size(stand_ins)


# --- the page of a gate ---------------------------------------------------------------------

def gate_outputs(weights: Sequence[float] = GATE_STEPS) -> tuple[str, dict[str, str]]:
    """Every step perceptron of two inputs with weights and bias from ``weights``: one hex
    digit per (w1, w2, b) whose bit k is its output at input row k (00, 01, 10, 11), and
    the built-in gate each pattern of bits is (the rule of `gate --weights`)."""
    from actviz.perceptrons import GATES, Perceptron, input_rows, truth_table

    digits = []
    for w1 in weights:
        for w2 in weights:
            for b in weights:
                rows = truth_table(Perceptron((w1, w2), b))
                digits.append("%x" % sum(int(row.output) << k for k, row in enumerate(rows)))
    names = {}
    for gate in GATES.values():
        if gate.n_inputs == 2:
            names[str(sum(int(y) << k for k, y in enumerate(gate.expected())))] = gate.name
    assert len(input_rows(2)) == 4
    return "".join(digits), names


def check_gate_page(entry: LogicGate) -> None:
    """Raise PageGateError unless a page can show the entry: two inputs, step units, and a
    single perceptron's weights on the sliders' stops."""
    net = entry.network
    if net.n_inputs != 2:
        raise PageGateError(f"a page shows the plane of two inputs, and {entry.name} takes {net.n_inputs}", "plot")
    if any(unit.activation != "step" for unit in net.units):
        raise PageGateError("a page's sliders move step units; draw other activations as .png, .svg or .pdf", "plot")
    if len(net.units) == 1:
        unit = net.units[0]
        off = [v for v in (*unit.weights, unit.bias) if float(v) not in GATE_STEPS]
        if off:
            raise PageGateError(
                f"a page's sliders stop at -1, -0.9, ..., 1, and {short_text(off[0])} is not one of them", "plot")


def gate_page(entry: LogicGate, command: str = "actviz gate") -> bytes:
    """The page of a 2-input gate: a single perceptron with sliders, or a network's planes."""
    from actviz.logic_gates import plane, title

    check_gate_page(entry)
    net = entry.network
    size, left, top = 400.0, 60.0, 50.0
    box = (-0.5, 1.5, -0.5, 1.5)

    def X(v):
        return left + (v - box[0]) / (box[1] - box[0]) * size

    def Y(v):
        return top + size - (v - box[2]) / (box[3] - box[2]) * size

    described = plane(entry)
    rows = [(x1, x2) for x1, x2, _ in described["points"]]
    single = len(net.units) == 1
    svg = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_f(size + 100)} {_f(size + 140)}" '
           f'width="{_f(size + 100)}" height="{_f(size + 140)}" role="img" aria-label="{escape(described["title"])}">',
           '<rect width="100%" height="100%" fill="#fff"/>',
           f'<rect x="{_f(left)}" y="{_f(top)}" width="{_f(size)}" height="{_f(size)}" fill="{REGION_COLOURS[0]}"/>']
    if single:
        svg.append(f'<polygon id="region-1" points="" fill="{REGION_COLOURS[1]}"/>')
    else:
        svg += region_rects(described["region"], X, Y, box)
    for k in range(-1, 4):
        v = k / 2
        svg.append(f'<line x1="{_f(X(v))}" y1="{_f(top)}" x2="{_f(X(v))}" y2="{_f(top + size)}" stroke="#fff" stroke-opacity="0.6"/>')
        svg.append(f'<line x1="{_f(left)}" y1="{_f(Y(v))}" x2="{_f(left + size)}" y2="{_f(Y(v))}" stroke="#fff" stroke-opacity="0.6"/>')
        svg.append(f'<text x="{_f(X(v))}" y="{_f(top + size + 18)}" text-anchor="middle" font-size="12">{short_text(v)}</text>')
        svg.append(f'<text x="{_f(left - 8)}" y="{_f(Y(v))}" dy="0.32em" text-anchor="end" font-size="12">{short_text(v)}</text>')
    svg.append(f'<rect x="{_f(left)}" y="{_f(top)}" width="{_f(size)}" height="{_f(size)}" fill="none" stroke="#000"/>')
    if single:
        svg.append(f'<line id="decision-line" x1="0" y1="0" x2="0" y2="0" stroke="#5b2c83" stroke-width="2.2" display="none"/>')
    else:
        styles = (("#5b2c83", ""), ("#1b7837", ' stroke-dasharray="8 4"'))
        for k, (label, ends) in enumerate(described["lines"]):
            colour, dash = styles[k % 2]
            if ends is not None:
                (a1, a2), (b1, b2) = ends
                svg.append(f'<line x1="{_f(X(a1))}" y1="{_f(Y(a2))}" x2="{_f(X(b1))}" y2="{_f(Y(b2))}" '
                           f'stroke="{colour}" stroke-width="2.2"{dash}/>')
            svg.append(f'<text x="{_f(left)}" y="{_f(top + size + 58 + 18 * k)}" font-size="12" fill="{colour}">'
                       f'{escape(label)}</text>')
    for k, (x1, x2, y) in enumerate(described["points"]):
        fill = POINT_COLOURS[1] if y >= 0.5 else "#ffffff"
        svg.append(f'<circle id="input-{k}" cx="{_f(X(x1))}" cy="{_f(Y(x2))}" r="8" fill="{fill}" '
                   f'stroke="{POINT_COLOURS[int(y >= 0.5)]}" stroke-width="2"/>')
    svg.append(f'<text x="{_f(left + size / 2)}" y="{_f(top + size + 34)}" text-anchor="middle" font-size="13">x1</text>')
    svg.append(f'<text transform="translate(18 {_f(top + size / 2)}) rotate(-90)" text-anchor="middle" font-size="13">x2</text>')
    heading = "" if single else escape(described["title"])
    svg.append(f'<text id="line-text" x="{_f(left)}" y="30" font-size="14">{heading}</text>')
    svg.append("</svg>")

    outputs = [int(net((x1, x2))) for x1, x2 in rows]
    table = ['<table class="truth" id="truth"><tr><th>x1</th><th>x2</th><th>y</th></tr>']
    for k, ((x1, x2), y) in enumerate(zip(rows, outputs)):
        table.append(f'<tr><td>{x1}</td><td>{x2}</td><td class="y" data-row="{k}">{y}</td></tr>')
    table.append("</table>")
    found = entry.implements
    name = " and ".join(found) if found else "no built-in gate"
    who = "The weights implement" if single else f"{escape(entry.name)} implements"
    controls = "".join(table) + f'<p>{who} <span id="gate-name">{escape(name)}</span>.</p>'
    data: dict = {"kind": "gate" if single else "network"}
    if single:
        unit = net.units[0]
        texts = [short_text(v) for v in GATE_STEPS]
        starts = [GATE_STEPS.index(float(v)) for v in (*unit.weights, unit.bias)]
        controls = ('<form class="controls" id="sliders">'
                    + "".join(slider(key, texts, i) for key, i in zip(("w1", "w2", "b"), starts))
                    + "</form>" + controls)
        digits, names = gate_outputs()
        data["sliders"] = {"w1": texts, "w2": texts, "b": texts}
        data["gate"] = {"weights": list(GATE_STEPS), "outputs": digits, "names": names,
                        "rows": [list(r) for r in rows], "box": list(box), "left": left, "top": top,
                        "size": size, "colours": {"point": list(POINT_COLOURS)}}
    return document(data["kind"], title(entry), "\n".join(svg), "", controls, command, data)


def region_rects(region, X, Y, box) -> list[str]:
    """A network's y = 1 region as rectangles: the sampled grid's runs of 1, row by row."""
    import numpy as np

    grid = np.asarray(region, dtype=np.float64)
    rows, cols = grid.shape
    dx, dy = (box[1] - box[0]) / (cols - 1), (box[3] - box[2]) / (rows - 1)
    parts = []
    for i in range(rows):
        row = grid[i] >= 0.5
        j = 0
        while j < cols:
            if not row[j]:
                j += 1
                continue
            k = j
            while k < cols and row[k]:
                k += 1
            x0, x1 = box[0] + (j - 0.5) * dx, box[0] + (k - 0.5) * dx
            y0, y1 = box[2] + (i - 0.5) * dy, box[2] + (i + 0.5) * dy
            x0, x1, y0, y1 = max(x0, box[0]), min(x1, box[1]), max(y0, box[2]), min(y1, box[3])
            parts.append(f'<rect x="{_f(X(x0))}" y="{_f(Y(y1))}" width="{_f(X(x1) - X(x0))}" '
                         f'height="{_f(Y(y0) - Y(y1))}" fill="{REGION_COLOURS[1]}"/>')
            j = k
    return parts
