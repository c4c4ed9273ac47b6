"""actviz in a notebook: how its objects show themselves, and sliders to explore an activation.

Objects display themselves through IPython's rich display protocol: ``Activation``,
``ValueTable``, ``LogicGate`` and ``TruthTable`` have ``_repr_html_`` methods that call
the functions here, and a figure (actviz.render.ActvizFigure) has ``_repr_png_``. Nothing
imports IPython; matplotlib loads only when something is drawn, and ipywidgets (the
optional extra ``actviz[notebook]``) only in ``explore``.
"""

from __future__ import annotations

import base64
import html
from typing import TYPE_CHECKING, Mapping, Sequence

from actviz.errors import RunError, UsageError
from actviz.floats import short_text

if TYPE_CHECKING:
    from actviz.activation import Activation
    from actviz.logic_gates import LogicGate, TruthTable
    from actviz.value_tables import ValueTable

# A table in a notebook shows its first and last rows; the middle of a long one is elided.
SHOWN_ROWS = 20


class MissingExtraError(RunError, ImportError):
    """An optional extra this feature needs is not installed; the message says how to get it."""


# --- activations ----------------------------------------------------------------------------------
def activation_html(act: Activation) -> str:
    """Its name, its formula and derivative typeset (matplotlib's mathtext, as images, so
    they show in any notebook without MathJax), its parameters, and a small figure."""
    aliases = f" (also {', '.join(act.aliases)})" if act.aliases else ""
    parts = [
        f"<div class='actviz-activation'><h4 style='margin:0.2em 0'>{_e(act.title)} "
        f"<code>{_e(act.name)}</code>{_e(aliases)}</h4>",
        f"<p style='margin:0.2em 0'>{_e(act.summary)}</p>" if act.summary else "",
        _formula_image(act),
    ]
    if act.params:
        rows = [
            [f"<code>{_e(name)}</code>", _math_image(act.symbol(name)) if name in act.symbols else "",
             _e(short_text(default)), _e(act.meanings.get(name, ""))]
            for name, default in act.params.items()
        ]
        parts.append(_html_table(["parameter", "symbol", "default", "meaning"], rows, escaped=True))
    parts.append(_png_image(_small_figure(act), "f and its derivative"))
    return "".join(parts) + "</div>"


def activation_latex(act: Activation) -> str:
    """f and f' as LaTeX, for a front end that shows LaTeX but not HTML."""
    f = act.latex or _e(act.formula)
    df = act.derivative_latex or _e(act.derivative_formula)
    return rf"$\mathrm{{{act.title.replace(' ', chr(92) + ' ')}}}:\quad f(x) = {f},\quad f'(x) = {df}$"


def _formula_image(act: Activation) -> str:
    lines = [f"f(x) = {act.latex}" if act.latex else None,
             f"f'(x) = {act.derivative_latex}" if act.derivative_latex else None]
    if not any(lines):  # an activation without LaTeX (an expression, a plugin): its text
        return (f"<p><code>f(x) = {_e(act.formula)}</code><br>"
                f"<code>f'(x) = {_e(act.derivative_formula)}</code></p>")
    return "<p>" + "<br>".join(_math_image(line) for line in lines if line) + "</p>"


def _math_image(tex: str) -> str:
    """One line of mathtext as an inline PNG."""
    from actviz import render

    return _png_image(render.math_png(tex), tex)


def _small_figure(act: Activation) -> bytes:
    from actviz import plotting

    figure = plotting.plot(act, derivative=True, size=(4.2, 2.8), dpi=80, title=act.title, num=401)
    return figure.to_bytes("png")


def _png_image(png: bytes, alt: str) -> str:
    data = base64.b64encode(png).decode("ascii")
    return f"<img src='data:image/png;base64,{data}' alt='{_e(alt)}' style='vertical-align:middle'>"


# --- tables ---------------------------------------------------------------------------------------
def value_table_html(table: ValueTable) -> str:
    """The table's numbers to 6 significant digits, as `actviz eval` prints them."""
    from actviz.tables import table_number

    columns = [table.columns[h] for h in table.headers]
    rows = [[table_number(column[i], 6) for column in columns] for i in range(len(table))]
    return _html_table(table.headers, rows, note=f"{len(table)} row{'' if len(table) == 1 else 's'}")


def truth_table_html(table: TruthTable) -> str:
    from actviz.logic_gates import terminal_cells

    return _html_table(table.headers, terminal_cells(table.rows))


def logic_gate_html(gate: LogicGate) -> str:
    from actviz.logic_gates import implements_text, title

    what = "" if gate.builtin else f"<p>The perceptron {_e(implements_text(gate))}.</p>"
    return f"<p><b>{_e(title(gate))}</b></p>" + truth_table_html(gate.truth_table) + what


def _html_table(headers: Sequence[str], rows: Sequence[Sequence[str]], escaped: bool = False,
                note: str = "") -> str:
    def cells(row, tag):
        return "".join(f"<{tag}>{c if escaped else _e(str(c))}</{tag}>" for c in row)

    shown = list(rows)
    if len(shown) > 2 * SHOWN_ROWS:
        gap = ["…"] * len(headers)
        shown = shown[:SHOWN_ROWS] + [gap] + shown[-SHOWN_ROWS:]
    body = "".join(f"<tr>{cells(row, 'td')}</tr>" for row in shown)
    caption = f"<caption style='caption-side:bottom'>{_e(note)}</caption>" if note else ""
    return f"<table>{caption}<thead><tr>{cells(headers, 'th')}</tr></thead><tbody>{body}</tbody></table>"


def _e(text: str) -> str:
    return html.escape(str(text), quote=True)


# --- sliders --------------------------------------------------------------------------------------
def explore(name, derivative: bool = True, range=(-5.0, 5.0), num: int = 401,  # noqa: A002
            **params):
    """Sliders for every parameter of an activation and for the x range, over a figure of
    f (and f') that is redrawn as they move. Needs ipywidgets (``pip install
    'actviz[notebook]'``).

    A parameter keyword sets its slider: a number is where it starts, ``(lo, hi)`` or
    ``(lo, hi, step)`` its span. The returned widget has ``sliders`` (by parameter name,
    and ``"range"`` for x), ``figure`` (the matplotlib Figure it shows) and ``image``
    (the PNG of it on screen).
    """
    try:
        import ipywidgets
    except ImportError:
        raise MissingExtraError(
            "explore() needs ipywidgets: pip install 'actviz[notebook]' "
            "(in a notebook: %pip install 'actviz[notebook]')"
        ) from None
    from actviz.registry import get

    act = get(name) if isinstance(name, str) else name
    unknown = [key for key in params if key not in act.params]
    if unknown:
        raise UsageError(f"{act.name} has no parameter {unknown[0]!r} (it takes: {', '.join(act.params) or 'none'})")
    explorer = _Explorer(ipywidgets, act, derivative, tuple(range), num, params)
    return explorer.widget


class _Explorer:
    """The sliders, the figure they redraw, and the image of it the notebook shows."""

    def __init__(self, widgets, act: Activation, derivative: bool, xrange, num: int,
                 spans: Mapping[str, object]):
        from actviz import plotting

        self.act, self.derivative, self.num = act, derivative, num
        sliders = {key: _slider(widgets, key, default, spans.get(key)) for key, default in act.params.items()}
        low, high = float(xrange[0]), float(xrange[1])
        reach = max(10.0, abs(low) * 2, abs(high) * 2)
        sliders["range"] = widgets.FloatRangeSlider(
            value=(low, high), min=-reach, max=reach, step=reach / 100, description="x range",
            continuous_update=False,
        )
        self.sliders = sliders
        self.figure = plotting.plot(act, derivative=derivative, range=(low, high), num=num)
        self.image = widgets.Image(format="png")
        self.message = widgets.Label()
        for slider in sliders.values():
            slider.observe(lambda change: self.redraw(), names="value")
        self.widget = widgets.VBox([*sliders.values(), self.image, self.message])
        self.widget.sliders = sliders
        self.widget.figure = self.figure
        self.widget.image = self.image
        self.widget.redraw = self.redraw
        self.redraw()

    def redraw(self) -> None:
        """Draw the curves at the sliders' values into the same Figure, and show it."""
        from actviz import plotting, render

        values = {key: slider.value for key, slider in self.sliders.items() if key != "range"}
        low, high = self.sliders["range"].value
        try:
            checked = plotting.request([self.act], params=values, derivative=self.derivative,
                                       range=(low, high), num=self.num)
        except UsageError as error:  # a slider moved outside the domain: say so, keep the figure
            self.message.value = str(error)
            return
        self.message.value = ""
        curves, layout = checked.figure()
        ax = self.figure.axes[0]
        ax.clear()
        with render.drawing(self.figure):
            render.draw_curves(ax, curves, layout)
        from actviz.figure import describe, plain_text

        plotting.described(self.figure, checked, plain_text(layout.display_title or layout.title),
                           describe(curves, layout))
        self.image.value = self.figure.to_bytes("png")


def _slider(widgets, key: str, default: float, span):
    """A slider for one parameter: around its default, or over the span given."""
    start = default
    if isinstance(span, (int, float)):
        start, span = float(span), None
    if span is None:
        reach = max(1.0, 2 * abs(start))
        low, high, step = start - reach, start + reach, reach / 50
        if default >= 0:  # most parameters are slopes, scales or widths: keep them >= 0
            low = 0.0
    else:
        low, high, *rest = (float(v) for v in span)
        step = rest[0] if rest else (high - low) / 100
    return widgets.FloatSlider(value=start, min=low, max=high, step=step, description=key,
                               continuous_update=False, readout_format=".3g")
