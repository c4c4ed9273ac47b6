"""What a plot draws or a table lists: activations with parameters, and their derivatives.

This is where a command line's names and parameter values meet the registry; it knows
nothing of click or matplotlib, and raises ``ActivationError`` for bad names or values.
A parameter given several values is a sweep: one series per value (per combination,
when several parameters of one activation are swept).
``Curve`` and ``Layout`` describe a figure for both renderers (matplotlib's in
:mod:`actviz.render`, the terminal's in :mod:`actviz.term`); ``figure_parts`` makes them
from series.
"""

from __future__ import annotations

import itertools
import math
import re
from dataclasses import dataclass, field
from typing import Mapping, Sequence, Union

import numpy as np

from actviz.activations import Activation, ParameterError, get
from actviz.floats import NumberError, to_float
from actviz.grid import plot_grid

# More series than this is surely a mistake (a sweep's combinations multiply quickly).
MAX_SERIES = 1000
# A figure's size: below an inch a side or 10 dpi there is no room for the text (and
# FreeType cannot size a font at 1 dpi); past 16384 pixels a side the canvas alone
# takes a gigabyte (matplotlib's own limit, 65536, needs 16 GB).
MIN_INCHES = 1.0
MIN_DPI = 10.0
MAX_PIXELS = 2**14


class FigureSizeError(ValueError):
    """A figure size or resolution that cannot be drawn; ``parameter`` is "size",
    "dpi" or "size and dpi" (the product is too large)."""

    def __init__(self, message: str, parameter: str):
        super().__init__(message)
        self.parameter = parameter


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
class Series:
    """One column or curve: an activation at given parameters, or its derivative."""

    activation: Activation
    params: Mapping[str, float] = field(default_factory=dict)  # only those the user gave
    derivative: bool = False

    @property
    def label(self) -> str:
        name = self.activation.name
        if self.derivative:
            # relu' but (x * sigmoid(x))': a prime after a formula would read as part of it.
            name = f"{name}'" if re.fullmatch(r"[\w.]+", name) else f"({name})'"
        if not self.params:
            return name
        return f"{name} ({', '.join(f'{k}={number_text(v)}' for k, v in self.params.items())})"

    def values(self, x: np.ndarray) -> np.ndarray:
        fn = self.activation.derivative if self.derivative else self.activation
        return np.asarray(fn(x, **self.params), dtype=np.float64)

    def kinks(self) -> tuple[float, ...]:
        return self.activation.kinks(**self.params)


def number_text(value: float) -> str:
    """Short text for a parameter value: 0.1, 1e-05, and every digit only where needed."""
    short = f"{value:g}"
    return short if float(short) == value else repr(float(value))


def build_series(
    names: Sequence[Union[str, Activation]],
    params: Mapping[str, object],
    derivative: bool = False,
) -> list[Series]:
    """One series per name and parameter value (each followed by its derivative when asked).

    ``names`` are registry names or :class:`Activation` objects (an expression, say).
    Each activation gets the parameters it takes; a value that is a list or tuple is a
    sweep, and several swept parameters give every combination. A parameter that none
    of them takes is an error that names the ones they do take.
    """
    activations = [name if isinstance(name, Activation) else get(name) for name in names]
    sweeps = {k: list(v) if isinstance(v, (list, tuple)) else [v] for k, v in params.items()}
    taken = {p for act in activations for p in act.params}
    for key, values in sweeps.items():
        if key not in taken:
            takes = sorted(taken)
            what = f"they take: {', '.join(takes)}" if takes else "none of them takes parameters"
            raise ParameterError(
                f"no activation named here takes parameter {key!r} ({what})"
            )
        if not values:
            raise ParameterError(f"parameter {key!r} has no value")
        _check_distinct(key, values)
    series = []
    for act in activations:
        own = {k: v for k, v in sweeps.items() if k in act.params}
        count = len(series) + _product_size(own) * (2 if derivative else 1)
        if count > MAX_SERIES:
            raise ParameterError(f"that makes {count} curves or columns, more than {MAX_SERIES}")
        for values in itertools.product(*own.values()):
            given = dict(zip(own, values))
            resolved = act.resolve(given)  # checks values and domains now, before any work
            given = {k: resolved[k] for k in given}
            series.append(Series(act, given))
            if derivative:
                series.append(Series(act, given, derivative=True))
    return series


def _check_distinct(key: str, values: Sequence[object]) -> None:
    """A sweep takes each value once, compared as floats (0.01 and 0.010 are one value):
    a repeat would be a second, identical column or curve under the same label. Values
    that are not numbers are left for ``Activation.resolve`` to report."""
    seen: dict[float, object] = {}
    for value in values:
        try:
            number = to_float(value)
        except (NumberError, TypeError, ValueError):
            continue
        if number in seen:  # nan is never found again, and resolve refuses it
            first, again = str(seen[number]).strip(), str(value).strip()
            spelled = "" if first == again else f" (as {first} and {again})"
            raise ParameterError(
                f"parameter {key!r} is given {first} twice{spelled}; a sweep takes each value once"
            )
        seen[number] = value


def _product_size(sweeps: Mapping[str, Sequence]) -> int:
    size = 1
    for values in sweeps.values():
        size *= len(values)
    return size


def title_for(series: Sequence[Series]) -> str:
    """The default title: each function's name, with the parameter values the user gave.

    A sweep is named once with all its values: ``leaky_relu (alpha=0.01, 0.1, 0.3)``.
    """
    groups: dict[int, tuple[str, dict[str, list[str]]]] = {}
    for s in series:
        if s.derivative:
            continue
        name, values = groups.setdefault(id(s.activation), (s.activation.name, {}))
        for key, value in s.params.items():
            texts = values.setdefault(key, [])
            if number_text(value) not in texts:
                texts.append(number_text(value))
    parts = []
    for name, values in groups.values():
        given = "; ".join(f"{key}={', '.join(texts)}" for key, texts in values.items())
        parts.append(f"{name} ({given})" if given else name)
    return ", ".join(parts)


@dataclass(frozen=True)
class Curve:
    x: Sequence[float]
    y: Sequence[float]
    label: str
    colour: int  # index into the colour cycle: a function and its derivative share one
    dashed: bool = False


@dataclass(frozen=True)
class Layout:
    title: str
    xlim: tuple[float, float]
    ylim: tuple[float, float] | None = None
    xlabel: str = "x"
    ylabel: str = "y"
    grid: bool = True
    size: tuple[float, float] = (6.4, 4.8)
    dpi: float = 100.0
    font: str | None = None  # a font name or file for all text; None: the default

    def __post_init__(self):
        check_figure_size(self.size, self.dpi)


def series_grid(series: Sequence[Series], xrange: Sequence[float], num: int) -> np.ndarray:
    """The x values a figure of ``series`` is drawn at: ``num`` points over ``xrange`` plus
    0 and the series' kinks (see ``grid.plot_grid``, whose GridError it raises)."""
    return plot_grid(xrange[0], xrange[1], num, [k for s in series for k in s.kinks()])


def figure_parts(
    series: Sequence[Series],
    title: str | None,
    xrange: Sequence[float],
    num: int,
    ylim: Sequence[float] | None,
    xlabel: str,
    ylabel: str,
    font: str | None,
    grid: bool,
    size: Sequence[float],
    dpi: float,
) -> tuple[list[Curve], Layout]:
    """The curves and layout of one figure; its grid holds the kinks of its own series only,
    so a figure drawn in a batch is the same as when drawn alone. A function and its
    derivative share a colour; the derivative is dashed."""
    x = series_grid(series, xrange, num)
    colour = -1
    curves = []
    for s in series:
        colour += 0 if s.derivative else 1
        curves.append(Curve(x, s.values(x), s.label, colour, dashed=s.derivative))
    layout = Layout(
        title=title_for(series) if title is None else title, xlim=tuple(xrange),
        ylim=tuple(ylim) if ylim else None, xlabel=xlabel, ylabel=ylabel, grid=grid,
        size=tuple(size), dpi=dpi, font=font,
    )
    return curves, layout
