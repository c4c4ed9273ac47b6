"""An animation described without matplotlib: which curves each frame shows, and its limits.

A GIF of a plot (``-o NAME.gif``) has one frame per value of its sweep: per combination
of values when several parameters (or a parameter and the depth) are swept, as the
page's sliders move them (``sweep_frames``). A curve of no swept parameter is in every frame; a plot without a
sweep is a GIF of one frame (so that ``--all -o '{name}.gif'`` writes every activation).
The frames of a perceptron's training are :mod:`actviz.training`'s; drawing them is
:mod:`actviz.render`'s. Too many frames or a frame rate out of bounds raise
``AnimationError`` (a UsageError) before anything is drawn. It knows nothing of click or
matplotlib.
"""

from __future__ import annotations

import dataclasses
import itertools
import math
import numbers
from typing import TYPE_CHECKING, Mapping, Sequence

from actviz.errors import UsageError

if TYPE_CHECKING:
    from actviz.figure import Curve

# Each frame is kept in memory until the GIF is written (about 300 kB at 640 x 480).
MAX_FRAMES = 1000
DEFAULT_FPS = 5
# GIF counts a frame's delay in hundredths of a second, and browsers slow delays under
# 2/100 s to 1/10 s: past 50 frames a second a GIF plays slower, not faster.
MAX_FPS = 50


class AnimationError(UsageError):
    """A GIF that cannot be made: too many frames, or a frame rate out of bounds;
    ``option`` is the keyword at fault ("output", "fps" or "epochs")."""


def check_fps(fps: object) -> int:
    """``fps`` as an int from 1 to MAX_FPS, else AnimationError."""
    if isinstance(fps, bool) or not isinstance(fps, numbers.Integral) or not 1 <= fps <= MAX_FPS:
        raise AnimationError(f"frames per second must be a whole number from 1 to {MAX_FPS}, got {fps!r}", "fps")
    return int(fps)


def check_frame_count(count: int, what: str, option: str = "output") -> None:
    """Raise AnimationError when ``count`` frames (of ``what``) are more than MAX_FRAMES."""
    if count > MAX_FRAMES:
        raise AnimationError(f"{what} makes {count} frames, more than {MAX_FRAMES}", option)


def swept(givens: Sequence[Mapping[str, float]]) -> dict[str, list[float]]:
    """Each parameter (or depth) given more than one value among ``givens`` (the values
    each series or curve was given), and its values in the order given: what changes from
    frame to frame (or, on a page, from one slider position to the next)."""
    values: dict[str, list[float]] = {}
    for given in givens:
        for key, value in given.items():
            seen = values.setdefault(key, [])
            if float(value) not in seen:
                seen.append(float(value))
    return {key: seen for key, seen in values.items() if len(seen) > 1}


def families(curves: Sequence[Curve]) -> list[list[int]]:
    """The curves one legend entry stands for: a function (or a derivative) at every
    value of the sweep; a curve of no swept parameter is a family of its own."""
    sweeps = swept([curve.params for curve in curves])
    found: dict[tuple, list[int]] = {}
    for i, curve in enumerate(curves):
        fixed = tuple(sorted((k, v) for k, v in curve.params.items() if k not in sweeps))
        stem = curve.label.split(" (")[0]
        key = (stem, curve.dashed, fixed) if any(k in sweeps for k in curve.params) else (i,)
        found.setdefault(key, []).append(i)
    return list(found.values())


def steady_colours(curves: Sequence[Curve]) -> list[Curve]:
    """The curves with one colour per family, so that a curve keeps its colour as it
    moves from frame to frame; the families take the colours in order (a derivative
    its function's)."""
    firsts = {i: curves[members[0]].colour for members in families(curves) for i in members}
    rank = {colour: k for k, colour in enumerate(dict.fromkeys(firsts[i] for i in range(len(curves))))}
    return [dataclasses.replace(curve, colour=rank[firsts[i]]) for i, curve in enumerate(curves)]


def frame_count(givens: Sequence[Mapping[str, float]]) -> int:
    """How many frames ``sweep_frames`` makes, without making them."""
    return math.prod(len(values) for values in swept(givens).values())


def sweep_frames(givens: Sequence[Mapping[str, float]]) -> list[list[int]]:
    """The indices of the series each frame shows, from the values each was given
    (``Series.given``): one frame per combination of the swept values (the first swept
    value changes slowest), each with the series whose values agree with it; a series of
    no swept parameter is in every frame."""
    sweeps = swept(givens)
    check_frame_count(frame_count(givens), "that sweep")
    frames = []
    for combination in itertools.product(*sweeps.values()):
        at = dict(zip(sweeps, combination))
        frames.append([
            i for i, given in enumerate(givens)
            if all(float(value) == at[key] for key, value in given.items() if key in at)
        ])
    return frames
