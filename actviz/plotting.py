"""Plotting activations: the figures of `actviz plot`, for Python and for files.

``plot()`` is the library's face: the figure the command line draws, as a matplotlib
Figure that shows itself in a notebook, or drawn into a caller's Axes. The command line
calls the same pieces: ``request`` checks everything that was asked before any work,
``plan_files`` says which files it writes, and ``write_files`` draws each figure once
and writes it in every format asked for. matplotlib is imported (by actviz.render) only
once something is drawn.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Iterator, Mapping, Optional, Sequence, Tuple, Union

from actviz.errors import UsageError
from actviz.figure import FigureOptions, figure_parts
from actviz.grid import check_axis, check_plot_grid
from actviz.outputs import Output, plan_outputs

if TYPE_CHECKING:
    from actviz.activation import Activation
    from actviz.figure import Curve, Layout
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

    def figure(self, indices: Optional[Sequence[int]] = None) -> Tuple[list[Curve], Layout]:
        """The curves and layout of one figure: of the series at ``indices`` (all by default)."""
        chosen = self.series if indices is None else [self.series[i] for i in indices]
        return figure_parts(chosen, self.xrange, self.num, self.options)


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
) -> PlotRequest:
    """Check a plot request and make its series; raises UsageError (with ``option`` set
    where one keyword is at fault) before anything is computed or drawn."""
    from actviz.series import series_of, texts

    options = options or FigureOptions()
    series = series_of(names, expr, label, params, derivative, depth)
    if options.ylim is not None:
        check_axis(options.ylim[0], options.ylim[1], "ylim")
    lo, hi = (float(v) for v in range)
    check_plot_grid(lo, hi, int(num))
    return PlotRequest(tuple(series), (lo, hi), int(num), options, tuple(texts(expr)), tuple(texts(label)))


def plan_files(plot: PlotRequest, outputs: Sequence[Optional[str]] = (), fmt: Optional[str] = None,
               every: bool = False) -> list[Output]:
    """The files a request writes (see outputs.plan_outputs), checked before anything is drawn."""
    planned = plan_outputs(outputs, fmt, plot.series, plot.expressions, plot.labels, every)
    pages = {out.figure for out in planned if out.fmt == "html"}
    if pages:
        from actviz.page import check_plot_page

        for figure in pages:
            check_plot_page(plot, figure)
    return planned


def write_files(plot: PlotRequest, planned: Sequence[Output], date: Optional[datetime] = None
                ) -> Iterator[Output]:
    """Draw each planned figure once, write it in every format planned for it (atomically;
    '-' is stdout), and yield each output once it is written."""
    from actviz.files import write_output

    for figure in dict.fromkeys(out.figure for out in planned):
        drawn = None
        for out in planned:
            if out.figure != figure:
                continue
            if out.fmt == "html":  # the page is written from the numbers, without matplotlib
                from actviz.page import plot_page

                write_output(out.path, plot_page(plot, figure))
            else:
                if drawn is None:
                    from actviz import render

                    drawn = render.curves_figure(*plot.figure(figure))
                write_output(out.path, drawn.to_bytes(out.fmt, date))
            yield out


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
    grid: bool = True,
    size: Sequence[float] = (6.4, 4.8),
    dpi: float = 100.0,
    font: Optional[str] = None,
    output: Optional[str] = None,
    format: Optional[str] = None,  # noqa: A002 (named like the command's --format)
    **params,
):
    """Draw activations (and with ``derivative=True`` their derivatives, dashed in the
    same colour) as `actviz plot` does; returns a matplotlib Figure, or the Axes ``ax``
    when one is given.

    Keyword arguments are named like the command's long options. Activation parameters
    are keywords too: ``alpha=0.1``, or a list for a sweep, ``alpha=[0.01, 0.1, 0.3]``.
    ``expr`` adds your own activations (a formula in x, or several), ``label`` names them.
    ``depth=N`` draws f(f(...f(x))), N layers deep (its derivative by the chain rule), and
    a list of depths, ``depth=[1, 5, 10]``, is a sweep.
    With ``output`` the figure is also written to that file (its format from the
    extension or ``format``; .html is the interactive page of actviz.page), byte for
    byte as the command line writes it. Nothing is
    written otherwise, and nothing needs pyplot or a display.

        >>> fig = actviz.plot("relu", "leaky_relu", derivative=True)   # doctest: +SKIP
        >>> actviz.plot("sigmoid", ax=ax)                                # doctest: +SKIP

    Raises UsageError (an unknown name, a parameter outside its domain, a bad range)
    before anything is drawn, so a caller's Axes is never left half-drawn.
    """
    options = FigureOptions(
        title=title, xlabel=xlabel, ylabel=ylabel, ylim=None if ylim is None else tuple(ylim),
        grid=grid, size=tuple(size), dpi=dpi, font=font,
    )
    checked = request(names, expr=expr, label=label, params=params, derivative=derivative, depth=depth,
                      range=range, num=num, options=options)
    planned = plan_files(checked, [output], format) if output is not None else []
    if output is not None and ax is not None:
        raise UsageError("output writes a figure of its own: give output or ax, not both", "output")
    if len(planned) > 1:
        raise UsageError(f"{output!r} names {len(planned)} files, and plot() draws one figure", "output")
    from actviz import render

    curves, layout = checked.figure()
    if ax is not None:
        return render.curves_into(ax, curves, layout)
    figure = render.curves_figure(curves, layout)
    if planned:
        from actviz.files import write_output
        from actviz.outputs import source_date

        out = planned[0]
        if out.fmt == "html":
            from actviz.page import plot_page

            write_output(out.path, plot_page(checked))
        else:
            write_output(out.path, figure.to_bytes(out.fmt, source_date()))
    return figure
