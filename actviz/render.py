"""Drawing figures: the only module that imports matplotlib.

It uses ``matplotlib.figure.Figure`` with the Agg canvas, never pyplot's global state
(except to open a window for ``--show``), and draws with matplotlib's default style
whatever the user's matplotlibrc says, so a command gives the same figure everywhere.
"""

from __future__ import annotations

import io
import os
from dataclasses import dataclass
from typing import Sequence

import matplotlib
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

FORMATS = ("png", "svg", "pdf")

# Dates and version strings make bytes differ from run to run and release to release.
_METADATA = {
    "png": {"Software": None},
    "svg": {"Date": None, "Creator": None},
    "pdf": {"CreationDate": None, "ModDate": None, "Creator": None, "Producer": None},
}


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


def _style() -> dict:
    style = {k: v for k, v in matplotlib.rcParamsDefault.items() if k != "backend"}
    style["svg.hashsalt"] = "actviz"  # fixed ids in SVG instead of random ones
    return style


def draw(figure: Figure, curves: Sequence[Curve], layout: Layout) -> None:
    ax = figure.add_subplot()
    ax.axhline(0, color="0.6", linewidth=0.8, zorder=1)
    ax.axvline(0, color="0.6", linewidth=0.8, zorder=1)
    for curve in curves:
        ax.plot(
            curve.x, curve.y, label=curve.label, color=f"C{curve.colour % 10}",
            linestyle="--" if curve.dashed else "-", linewidth=1.8, zorder=2,
        )
    ax.set_xlim(*layout.xlim)
    if layout.ylim is not None:
        ax.set_ylim(*layout.ylim)
    ax.set_title(layout.title)
    ax.set_xlabel(layout.xlabel)
    ax.set_ylabel(layout.ylabel)
    if layout.grid:
        ax.grid(True, alpha=0.3)
    ax.legend(loc="best")


def render(curves: Sequence[Curve], layout: Layout, fmt: str) -> bytes:
    """The figure's bytes in ``fmt`` (png, svg or pdf)."""
    with matplotlib.rc_context(_style()):
        figure = Figure(figsize=layout.size, dpi=layout.dpi)
        FigureCanvasAgg(figure)
        draw(figure, curves, layout)
        buffer = io.BytesIO()
        figure.savefig(buffer, format=fmt, metadata=_METADATA[fmt])
    return buffer.getvalue()


class NoDisplayError(RuntimeError):
    pass


def show(curves: Sequence[Curve], layout: Layout) -> None:
    """Open a window with the figure; ``NoDisplayError`` where there is no display."""
    if os.name == "posix" and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")) \
            and not _is_macos():
        raise NoDisplayError("--show needs a display, and DISPLAY is not set; write a file with -o instead")
    import matplotlib.pyplot as plt  # pyplot only for the window: it owns the GUI event loop

    if not _interactive(matplotlib.get_backend()):
        raise NoDisplayError(
            f"--show needs an interactive matplotlib backend, but it is {matplotlib.get_backend()!r}; "
            "write a file with -o instead"
        )
    with matplotlib.rc_context(_style()):
        figure = plt.figure(figsize=layout.size, dpi=layout.dpi)
        draw(figure, curves, layout)
    plt.show()


def _is_macos() -> bool:
    import sys

    return sys.platform == "darwin"


def _interactive(backend: str) -> bool:
    return backend.lower() not in {"agg", "pdf", "ps", "svg", "cairo", "pgf", "template"}
