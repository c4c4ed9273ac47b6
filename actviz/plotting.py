"""Plotting activations: the figures of `actviz plot`, for Python and for files.

``plot()`` is the library's face: the figure the command line draws, as a matplotlib
Figure that shows itself in a notebook, or drawn into a caller's Axes. The command line
calls the same pieces: ``request`` checks everything that was asked before any work,
``plan_files`` says which files it writes, and ``write_files`` draws each figure once
and writes it in every format asked for. matplotlib is imported (by actviz.render) only
once something is drawn.
"""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Iterator, Mapping, Optional, Sequence, Tuple, Union

from actviz.animation import DEFAULT_FPS, check_frame_count, frame_count
from actviz.errors import UsageError
from actviz.figure import FigureOptions, check_dollar_signs, figure_parts, panel_parts, title_for
from actviz.floats import keyword_count, number_pair
from actviz.grid import check_axis, check_figure_axis, check_plot_grid
from actviz.outputs import Output, plan_outputs

if TYPE_CHECKING:
    from actviz.activation import Activation
    from actviz.figure import Curve, Layout, Panels
    from actviz.series import Series

DEFAULT_RANGE = (-5.0, 5.0)
DEFAULT_NUM = 1001


@dataclass(frozen=True)
class PlotRequest:
    """A checked request for figures: the series to draw, where, and how they look.

    ``expressions`` and ``labels`` are kept for output names (an unlabelled expression's
    file is called 'expr').
    """

    series: Tuple[Series, ...]
    xrange: Tuple[float, float]
    num: int
    options: FigureOptions
    expressions: Tuple[str, ...] = ()
    labels: Tuple[str, ...] = ()
    panels: bool = False  # a panel per function, or per value of ``panels_by``
    panels_by: Optional[str] = None
    layout: Optional[Tuple[int, int]] = None  # the panels' rows and columns (None: near square)

    def figure(self, indices: Optional[Sequence[int]] = None) -> Tuple[list[Curve], Layout]:
        """The curves and layout of one figure: of the series at ``indices`` (all by default)."""
        chosen = self.series if indices is None else [self.series[i] for i in indices]
        return figure_parts(chosen, self.xrange, self.num, self.options)

    def panel_figure(self, indices: Optional[Sequence[int]] = None) -> Panels:
        """The panels of one figure (figure.panel_parts): of the series at ``indices``."""
        chosen = self.series if indices is None else [self.series[i] for i in indices]
        return panel_parts(chosen, self.xrange, self.num, self.options, self.panels_by, self.layout)

    def drawn(self, indices: Optional[Sequence[int]] = None, reuse=None):
        """One figure drawn by matplotlib (actviz.render): of panels or of curves, set to
        record in its files the command that draws it, its title and a description for
        screen readers (see ``described``)."""
        from actviz import render
        from actviz.figure import describe, describe_panels, panels_title, plain_text

        if self.panels:
            panels = self.panel_figure(indices)
            figure = render.panels_figure(panels, reuse=reuse)
            return described(figure, self, panels_title(panels), describe_panels(panels), indices)
        curves, layout = self.figure(indices)
        figure = render.curves_figure(curves, layout, reuse=reuse)
        return described(figure, self, plain_text(layout.display_title or layout.title),
                         describe(curves, layout), indices)


def request(
    names: Sequence[Union[str, Activation]] = (),
    *,
    expr: Union[str, Sequence[str], None] = None,
    label: Union[str, Sequence[str], None] = None,
    params: Optional[Mapping[str, object]] = None,
    derivative: bool = False,
    depth: object = None,
    range: Sequence[float] = DEFAULT_RANGE,  # noqa: A002 (named like the command's --range)
    num: int = DEFAULT_NUM,
    options: Optional[FigureOptions] = None,
    panels: bool = False,
    panels_by: Optional[str] = None,
    layout: Union[str, Sequence[int], None] = None,
) -> PlotRequest:
    """Check a plot request and make its series; raises UsageError (with ``option`` set
    where one keyword is at fault) before anything is computed or drawn. ``panels``
    draws a panel per function, ``panels_by`` (implying it) one per value of a swept
    parameter, in a grid of ``layout`` ("2x3" or (2, 3); near square by default)."""
    from actviz.figure import check_panels_by, panel_groups, parse_layout
    from actviz.series import series_of, texts

    options = options or FigureOptions()
    series = series_of(names, expr, label, params, derivative, depth)
    if options.ylim is not None:
        check_axis(options.ylim[0], options.ylim[1], "ylim")
    lo, hi = number_pair(range, "range")
    num = keyword_count(num, "num")
    check_plot_grid(lo, hi, num)
    if layout is not None and not (panels or panels_by):
        raise UsageError("a layout arranges panels: ask for panels too (--panels or --panels-by)", "layout")
    if layout is not None:
        layout = parse_layout(layout) if isinstance(layout, str) else parse_layout("x".join(map(str, layout)))
    if panels_by is not None:
        check_panels_by(series, panels_by)
        panel_groups(series, panels_by)  # every series has a value of it
    panels = bool(panels or panels_by)  # each figure's grid is checked by plan_files or when drawn
    checked = PlotRequest(tuple(series), (lo, hi), num, options, tuple(texts(expr)), tuple(texts(label)),
                          panels, panels_by, layout)
    if options.style is not None:  # read now: a bad one is told before anything is drawn
        from actviz.render import check_style

        check_style(options)
    if options.logy:  # every curve is computed once more, so that no file is written first
        checked.figure()
    return checked


def plan_files(plot: PlotRequest, outputs: Sequence[Optional[str]] = (), fmt: Optional[str] = None,
               every: bool = False) -> list[Output]:
    """The files a request writes (see outputs.plan_outputs), checked before anything is drawn."""
    planned = plan_outputs(outputs, fmt, plot.series, plot.expressions, plot.labels, every)
    for out in planned:
        if out.fmt == "gif":
            check_frame_count(frame_count([plot.series[i].given for i in out.figure]), f"{out.path!r}")
    figures = [out.figure for out in planned if out.fmt != "html"]  # drawn by matplotlib
    check_texts(plot, figures)
    if figures:
        check_figure_axes(plot)
    check_shading(plot, [out.fmt for out in planned])
    check_panel_formats(plot, [out.fmt for out in planned])
    check_page_look(plot, [out.fmt for out in planned])
    if plot.panels:  # each file's figure: its own panels, in a grid that holds them
        from actviz.figure import check_panel_size, panel_grid, panel_groups

        size = None
        if plot.options.size is None and plot.options.style is not None:  # the style's, read now
            from actviz.render import styled_size

            size = styled_size(plot.options)
        for figure in dict.fromkeys(out.figure for out in planned):
            chosen = [plot.series[i] for i in figure]
            check_panel_size(plot.options, panel_grid(len(panel_groups(chosen, plot.panels_by)), plot.layout), size)
    pages = {out.figure for out in planned if out.fmt == "html"}
    if pages:
        from actviz.page import check_plot_page

        for figure in pages:
            check_plot_page(plot, figure)
    return planned


def check_texts(plot: PlotRequest, figures: Sequence[Optional[Sequence[int]]] = (None,)) -> None:
    """Every text the ``figures`` (indices of series; None: all) show is one matplotlib
    can typeset, checked before any is drawn (a page shows texts as they are). Raises
    UsageError naming the keyword a text comes from: a label may be in a default title."""
    if not figures:
        return
    options = plot.options
    given = [(options.title, "title"), (options.xlabel, "xlabel"), (options.ylabel, "ylabel")]
    chosen = [[plot.series[i] for i in figure] if figure is not None else plot.series
              for figure in figures]
    labels = [(s.label, "label") for series in chosen for s in series]
    # After the labels: a default title is made of them, and the label is the one to name.
    titles = [(title_for(series), "label") for series in chosen] if options.title is None else []
    with_math = [(text, option) for text, option in dict.fromkeys(given + labels + titles)
                 if text and "$" in text]
    for text, option in with_math:  # not on a page or in a terminal: they show a $ as it is
        check_dollar_signs(text, option)
    if with_math:  # only then is matplotlib needed to tell
        from actviz.render import check_mathtext

        for text, option in with_math:
            check_mathtext(text, option)


def check_figure_axes(plot: PlotRequest) -> None:
    """GridError unless matplotlib can draw the request's axes truly (grid.check_figure_axis)."""
    check_figure_axis(*plot.xrange, "range")
    if plot.options.ylim is not None:
        check_figure_axis(*plot.options.ylim, "ylim")


def check_shading(plot: PlotRequest, formats: Sequence[str]) -> None:
    """Vanishing gradients are shaded in png, svg and pdf figures: a UsageError for a page
    or a GIF (whose frames show some curves each) asked to shade them."""
    unshaded = sorted(set(formats) & {"html", "gif"})
    if plot.options.vanishing and unshaded:
        raise UsageError(f"vanishing gradients are shaded in png, svg and pdf figures, not in "
                         f"{' or '.join(unshaded)}", "vanishing")


def check_panel_formats(plot: PlotRequest, formats: Sequence[str]) -> None:
    """Panels are drawn in png, svg and pdf figures: a UsageError for a page or a GIF."""
    other = sorted(set(formats) & {"html", "gif"})
    if plot.panels and other:
        raise UsageError(f"panels are drawn in png, svg and pdf figures, not in {' or '.join(other)}",
                         "panels_by" if plot.panels_by else "panels")


def check_page_look(plot: PlotRequest, formats: Sequence[str]) -> None:
    """A page draws its figure in the browser, in its own style: a UsageError for a page
    asked for a style, a line width or a type size (which matplotlib's figures take)."""
    options = plot.options
    given = [name for name, value in (("style", options.style), ("linewidth", options.linewidth),
                                      ("font_size", options.font_size)) if value is not None]
    if given and "html" in formats:
        raise UsageError(f"an .html page draws in its own style; {given[0].replace('_', ' ')} is for png, "
                         "svg, pdf and gif figures", given[0])


def write_files(plot: PlotRequest, planned: Sequence[Output], date: Optional[datetime] = None,
                fps: int = DEFAULT_FPS, drawn=None) -> Iterator[Output]:
    """Draw each planned figure once, write it in every format planned for it, and yield
    each output once it is written (the last once all are in place). Every file is renamed
    into place only once the last is written (files.Staged): a run that fails or is
    interrupted leaves every target as it was, and a folder where no file can be made
    fails it before anything is drawn.
    '-' is stdout. A GIF plays at ``fps`` frames a second; ``drawn`` is the figure of
    every series, if the caller has drawn it."""
    from actviz.files import Staged

    everything = tuple(range(len(plot.series)))
    reused = None  # one matplotlib Figure of ours, cleared and drawn again for each figure
    last = None
    with Staged() as staged:
        for out in planned:
            staged.reserve(out.path)
        for figure in dict.fromkeys(out.figure for out in planned):
            figure_drawn = drawn if figure == everything else None
            for out in planned:
                if out.figure != figure:
                    continue
                if out.fmt == "html":  # the page is written from the numbers, without matplotlib
                    from actviz.page import plot_page

                    staged.write(out.path, plot_page(plot, figure))
                elif out.fmt == "gif":
                    staged.write(out.path, animation(plot, figure, fps))
                else:
                    if figure_drawn is None:
                        figure_drawn = reused = plot.drawn(figure, reuse=reused)
                    staged.write(out.path, figure_drawn.to_bytes(out.fmt, date))
                if last is not None:
                    yield last
                last = out
    if last is not None:  # the last once every file is in place: a caller may stop at it
        yield last


def animation(plot: PlotRequest, indices: Optional[Sequence[int]] = None, fps: int = DEFAULT_FPS) -> bytes:
    """The figure (of the series at ``indices``, all by default) as an animated GIF: a
    frame per value of its sweep (see actviz.animation), titled with that value (in
    display names, as the figure's title) unless the request has a title of its own."""
    from actviz import render
    from actviz.animation import check_fps, steady_colours, sweep_frames
    from actviz.figure import describe, title_for
    from actviz.page import plot_command

    fps = check_fps(fps)
    chosen = plot.series if indices is None else [plot.series[i] for i in indices]
    options = plot.options
    frames = [
        (options.title if options.title is not None else title_for([chosen[i] for i in frame], True, options.lang),
         frame)
        for frame in sweep_frames([s.given for s in chosen])
    ]
    curves, layout = plot.figure(indices)
    count = f"{len(frames)} frame{'' if len(frames) == 1 else 's'}"
    comment = f"{plot_command(plot, indices, 'gif', fps)}\n" \
              f"{describe(curves, layout, f'Animated line chart, a frame per value ({count}),')}"
    return render.curves_animation(steady_colours(curves), layout, frames, fps, comment=comment)


def described(figure, plot: PlotRequest, title: str, description: str,
              indices: Optional[Sequence[int]] = None):
    """The figure (render.ActvizFigure) of the series at ``indices``, set to record in its
    files the command that draws it (page.plot_command), ``title`` and ``description``
    (plain text, for screen readers); returns it."""
    from actviz.page import plot_command

    commands = {fmt: plot_command(plot, indices, fmt) for fmt in ("png", "svg", "pdf")}
    return figure.describe(commands, title, description)


def plot(
    *names: Union[str, Activation],
    derivative: bool = False,
    depth: object = None,
    range: Sequence[float] = DEFAULT_RANGE,  # noqa: A002 (named like the command's --range)
    num: int = DEFAULT_NUM,
    ax=None,
    expr: Union[str, Sequence[str], None] = None,
    label: Union[str, Sequence[str], None] = None,
    title: Optional[str] = None,
    xlabel: str = "x",
    ylabel: str = "y",
    ylim: Optional[Sequence[float]] = None,
    logy: bool = False,
    grid: bool = True,
    size: Optional[Sequence[float]] = None,
    dpi: Optional[float] = None,
    font: Optional[str] = None,
    vanishing: bool = False,
    legend: Union[str, bool, None] = None,
    formula: bool = False,
    lang: str = "en",
    panels: bool = False,
    panels_by: Optional[str] = None,
    layout: Union[str, Sequence[int], None] = None,
    style: Optional[str] = None,
    linewidth: Optional[float] = None,
    font_size: Optional[float] = None,
    output: Optional[str] = None,
    format: Optional[str] = None,  # noqa: A002 (named like the command's --format)
    **params,
):
    """Draw activations (and with ``derivative=True`` their derivatives, dashed in the
    same colour) as `actviz plot` does; returns a matplotlib Figure, or the Axes ``ax``
    when one is given.

    Keyword arguments are named like the command's long options. Activation parameters
    are keywords too: ``alpha=0.1``, or a list for a sweep, ``alpha=[0.01, 0.1, 0.3]``.
    ``expr`` adds your own activations (a formula in x, or several), ``label`` names them
    (or, given one label per curve, every curve in order). ``legend`` is a place ("best",
    "upper left", ..., "outside"), "none" or False; by default a figure of several curves
    has one where it fits best. ``formula=True`` adds each curve's formula to the legend.
    ``lang="ko"`` or ``"ja"`` writes the names and default title in Korean or Japanese,
    in the words of the book's Korean and Japanese editions ("계단 함수", "ステップ関数").
    ``style`` is a style sheet: "paper", "slide", "book" or a .mplstyle file; ``linewidth``
    and ``font_size`` (points) go over it. ``size`` (inches) and ``dpi`` default to the
    style's, else 6.4 x 4.8 at 100 dpi. Into a caller's ``ax`` they apply to what is drawn.
    ``depth=N`` draws f(f(...f(x))), N layers deep (its derivative by the chain rule), and
    a list of depths, ``depth=[1, 5, 10]``, is a sweep. ``logy=True`` draws a log y axis
    (values at or below 0 are left out). ``vanishing=True`` shades, in each function's
    colour, where |f'| < 0.1. ``panels=True`` draws each function (with its derivative)
    in a panel of its own, ``panels_by="alpha"`` a panel per value of a sweep, in a grid
    of ``layout`` ("2x2"; near square by default); ``title`` is then over them all.
    With ``output`` the figure is also written to that file (its format from the
    extension or ``format``; .html is the interactive page of actviz.page, .gif the
    animation of ``animate`` at its default rate), byte for byte as the command line
    writes it. Nothing is written otherwise, and nothing needs pyplot or a display.

        >>> fig = actviz.plot("relu", "leaky_relu", derivative=True)   # doctest: +SKIP
        >>> actviz.plot("sigmoid", ax=ax)                                # doctest: +SKIP

    Raises UsageError (an unknown name, a parameter outside its domain, a bad range)
    before anything is drawn, so a caller's Axes is never left half-drawn.
    """
    checked = _request_of(
        names, derivative=derivative, depth=depth, range=range, num=num, expr=expr, label=label, title=title,
        xlabel=xlabel, ylabel=ylabel, ylim=ylim, logy=logy, grid=grid, size=size, dpi=dpi, font=font,
        vanishing=vanishing, legend=legend, formula=formula, lang=lang, panels=panels, panels_by=panels_by,
        layout=layout, style=style, linewidth=linewidth, font_size=font_size, **params,
    )
    planned = _one_file(checked, output, format)
    if output is not None and ax is not None:
        raise UsageError("output writes a figure of its own: give output or ax, not both", "output")
    if checked.panels and ax is not None:
        raise UsageError("panels make a figure of their own: give panels or ax, not both", "ax")
    check_texts(checked)  # the figure is drawn whatever the output
    check_figure_axes(checked)
    from actviz import render

    if ax is not None:
        return render.curves_into(ax, *checked.figure())
    figure = checked.drawn()
    if planned:
        from actviz.outputs import source_date

        for _ in write_files(checked, planned, source_date(), drawn=figure):
            pass
    return figure


def animate(*names: Union[str, Activation], fps: int = DEFAULT_FPS, output: Optional[str] = None,
            **keywords) -> bytes:
    """A sweep as an animated GIF, as `actviz plot ... -o NAME.gif` writes it: a frame per
    value of the swept parameter or depth (per combination, when several are swept), each titled
    with its value, on axes that stay put; ``fps`` frames a second (1 to 50), looping.

    Takes ``plot``'s keywords (``derivative``, ``range``, ``title``, ``size``, ``lang``, ...) and
    parameters, a sweep given as a list or as text: ``alpha="0:0.5:0.05"``. Returns the
    GIF's bytes, and with ``output`` also writes them to that file (atomically). Without a
    sweep it is a GIF of one frame; more than 1000 frames is a UsageError.

        >>> gif = actviz.animate("leaky_relu", alpha="0:0.5:0.05", derivative=True)  # doctest: +SKIP
    """
    from actviz.animation import check_fps

    checked = _request_of(names, **keywords)
    check_shading(checked, ["gif"])
    check_panel_formats(checked, ["gif"])
    fps = check_fps(fps)
    planned = _one_file(checked, output, "gif")
    data = animation(checked, fps=fps)  # counts the frames before drawing any
    if planned:
        from actviz.files import write_output

        write_output(planned[0].path, data)
    return data


def _request_of(
    names: Sequence[Union[str, Activation]],
    *,
    derivative: bool = False,
    depth: object = None,
    range: Sequence[float] = DEFAULT_RANGE,  # noqa: A002 (named like the command's --range)
    num: int = DEFAULT_NUM,
    expr: Union[str, Sequence[str], None] = None,
    label: Union[str, Sequence[str], None] = None,
    panels: bool = False,
    panels_by: Optional[str] = None,
    layout: Union[str, Sequence[int], None] = None,
    **keywords,
) -> PlotRequest:
    """The checked request of ``plot``'s and ``animate``'s keywords: those named as
    FigureOptions' fields are the figure's options (``legend`` may be True or False too),
    the rest the activations' parameters."""
    figure_keys = {option.name for option in dataclasses.fields(FigureOptions)}
    given = {key: keywords.pop(key) for key in list(keywords) if key in figure_keys}
    if isinstance(given.get("legend"), bool):
        given["legend"] = "best" if given["legend"] else "none"
    return request(names, expr=expr, label=label, params=keywords, derivative=derivative, depth=depth,
                   range=range, num=num, options=FigureOptions(**given), panels=panels, panels_by=panels_by,
                   layout=layout)


def _one_file(plot: PlotRequest, output: Optional[str], fmt: Optional[str]) -> list[Output]:
    """The file ``output`` names (none for None), checked: one figure of every series."""
    if output is None:
        return []
    if isinstance(output, os.PathLike):
        output = os.fspath(output)
    if not isinstance(output, str):  # not a list, as -o repeated: the signature promises one path
        raise UsageError(f"output is one file's path ('relu.png'), not {type(output).__name__} {output!r}: "
                         "one file a call, so call again for another", "output")
    planned = plan_files(plot, [output], fmt)
    if len(planned) > 1:
        raise UsageError(f"{output!r} names {len(planned)} files, and one figure is drawn", "output")
    return planned
