"""Drawing figures: the only module that imports matplotlib.

It uses ``matplotlib.figure.Figure`` with the Agg canvas, never pyplot's global state
(except to open a window for ``--show``), and draws with matplotlib's default style
whatever the user's matplotlibrc says, so a command gives the same figure everywhere.
"""

from __future__ import annotations

import io
import itertools
import os
from dataclasses import dataclass
from typing import Callable, Optional, Sequence, Tuple

import matplotlib
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import LinearSegmentedColormap, ListedColormap
from matplotlib.figure import Figure
from matplotlib.legend_handler import HandlerTuple
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

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
    return _figure_bytes(lambda figure: draw(figure, curves, layout), layout.size, layout.dpi, fmt)


def _figure_bytes(draw_on: Callable[[Figure], None], size, dpi, fmt: str) -> bytes:
    # One way to save, so every figure gets the same style and the same reproducible bytes.
    with matplotlib.rc_context(_style()):
        figure = Figure(figsize=size, dpi=dpi)
        FigureCanvasAgg(figure)
        draw_on(figure)
        buffer = io.BytesIO()
        figure.savefig(buffer, format=fmt, metadata=_METADATA[fmt])
    return buffer.getvalue()


# --- decision regions of a perceptron (actviz gate --plot) --------------------------------------
REGION_COLOURS = ("#d6e4f0", "#fbd9b9")  # light blue where y = 0, light orange where y = 1
POINT_COLOURS = ("#1f4e79", "#c0504d")  # their dark partners, for the marked inputs
LINE_STYLES = (("#5b2c83", "-"), ("#1b7837", "--"), ("#444444", ":"), ("#8c510a", "-."))

Point = Tuple[float, float]


@dataclass(frozen=True)
class Decision:
    """A plane of two inputs: what a unit outputs everywhere, at the inputs, and its lines.

    ``region`` holds the unit's output sampled over ``box`` (x1 min, x1 max, x2 min, x2 max),
    row i at the i-th x2 from below; all 0s and 1s draw two colours, anything else a shaded
    scale. ``points`` are (x1, x2, y): an input and the output it is marked by. ``lines``
    are (label, ends), a decision line each; ends None means it misses the box.
    """

    title: str
    box: Tuple[float, float, float, float]
    region: Sequence[Sequence[float]]
    points: Sequence[Tuple[float, float, float]]
    lines: Sequence[Tuple[str, Optional[Tuple[Point, Point]]]]
    marks: Tuple[str, str] = ("y = 0", "y = 1")  # legend labels of the two kinds of point
    size: Tuple[float, float] = (5.6, 5.8)
    dpi: float = 100.0


def render_decision(decision: Decision, fmt: str) -> bytes:
    """The decision-region figure's bytes in ``fmt`` (png, svg or pdf)."""
    return _figure_bytes(lambda figure: draw_decision(figure, decision), decision.size, decision.dpi, fmt)


def draw_decision(figure: Figure, d: Decision) -> None:
    ax = figure.add_axes((0.12, 0.26, 0.7, 0.67))  # a square plane above the legend
    image, binary = _draw_region(figure, ax, d)
    line_handles = _draw_lines(ax, d.lines)
    for x1, x2, y in d.points:
        if binary or y in (0.0, 1.0):
            ax.scatter([x1], [x2], s=140, zorder=3, linewidths=2, edgecolors=POINT_COLOURS[y >= 0.5],
                       facecolors=POINT_COLOURS[1] if y >= 0.5 else "white")
        else:  # a real value: the region's shade for it, and the number beside it says the rest
            ax.scatter([x1], [x2], s=140, zorder=3, linewidths=2, edgecolors="black",
                       facecolors=image.cmap(image.norm(y)))
        ax.annotate(f"{y:.3g}", (x1, x2), xytext=(9, 7), textcoords="offset points", zorder=4,
                    fontsize=10, fontweight="bold")
    entries = (_kinds(d.marks) if binary else []) + [(h, h.get_label()) for h in line_handles]
    ax.legend([e[0] for e in entries], [e[1] for e in entries], loc="upper left",
              bbox_to_anchor=(0.0, -0.1), frameon=False, fontsize=9,
              handler_map={tuple: HandlerTuple(ndivide=None, pad=0.6)})
    ax.set_xlim(d.box[0], d.box[1])
    ax.set_ylim(d.box[2], d.box[3])
    ax.set_aspect("equal")
    ax.set_xticks(np.arange(np.ceil(d.box[0] * 2), np.floor(d.box[1] * 2) + 1) / 2)
    ax.set_yticks(np.arange(np.ceil(d.box[2] * 2), np.floor(d.box[3] * 2) + 1) / 2)
    ax.grid(True, color="white", alpha=0.6, linewidth=0.8)
    ax.set_xlabel("x1")
    ax.set_ylabel("x2")
    ax.set_title(d.title, loc="left")


def _draw_region(figure, ax, d: Decision):
    """Two flat colours for 0/1 outputs, else a shaded scale with a colour bar."""
    region = np.asarray(d.region, dtype=np.float64)
    binary = bool(np.isin(region, (0.0, 1.0)).all())
    if binary:
        image = ax.imshow(region, origin="lower", extent=d.box, cmap=ListedColormap(REGION_COLOURS),
                          vmin=0, vmax=1, interpolation="nearest", zorder=0)
    else:
        shades = LinearSegmentedColormap.from_list("y", REGION_COLOURS)
        image = ax.imshow(region, origin="lower", extent=d.box, cmap=shades,
                          interpolation="nearest", zorder=0)
        figure.colorbar(image, cax=figure.add_axes((0.85, 0.26, 0.03, 0.67)), label="y")
    return image, binary


def _draw_lines(ax, lines) -> list:
    handles = []
    for (label, ends), (colour, style) in zip(lines, itertools.cycle(LINE_STYLES)):
        if ends is not None:
            (a1, a2), (b1, b2) = ends
            ax.plot([a1, b1], [a2, b2], color=colour, linestyle=style, linewidth=2.2, zorder=2)
        handles.append(Line2D([], [], color=colour, linestyle=style, linewidth=2.2,
                              label=label if ends is not None else f"{label} (outside the plot)"))
    return handles


def _kinds(marks) -> list:
    """A region's colour beside the marker of the inputs in it: one legend entry says both."""
    kinds = []
    for k in (0, 1):
        marker = Line2D([], [], linestyle="", marker="o", markersize=11, markeredgewidth=2,
                        markeredgecolor=POINT_COLOURS[k], markerfacecolor=POINT_COLOURS[1] if k else "white")
        kinds.append(((Patch(facecolor=REGION_COLOURS[k], edgecolor="0.6"), marker), marks[k]))
    return kinds


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
