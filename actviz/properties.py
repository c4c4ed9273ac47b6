"""Property sheets: what an activation is like, computed from f, f' and its kinks.

Nothing here is typed in per function. ``property_sheet(name, **params)`` samples f and f'
(the registry's numpy functions) over a dense window around 0 and the kinks and out to
+-1e12, takes the limits at +-inf from f(+-inf) and f'(+-inf), and then:

- between two kinks f is taken to be analytic (the catalog lists every x where f or f'
  is not smooth), so a piece is either constant (f' = 0 at every sample) or its
  extremes are where f' changes sign (found by bisection), at its ends, or at +-inf;
- at a kink, f and f' at the floats next to it (their one-sided limits) say whether f jumps (C^-1) or has a corner (C^0); one-sided derivatives of f' fitted by a
  polynomial through points 1e-3 away say whether f'' or f''' jumps (C^1, C^2). A kink
  where all four join is no kink (relu with alpha = 1 is the identity): C^inf.

It cannot see what happens between samples 0.02 apart in the window, or past 1e12, and
a parameter that shrinks a kink's scale below 1e-3 (celu with alpha < 1e-3) or makes a
jump of f'' smaller than 1e-5 (celu with alpha > 1e5) can fool the continuity test.
This module knows no click and no matplotlib.
"""

from __future__ import annotations

import html
import math
import textwrap
from dataclasses import dataclass, field
from typing import Mapping, Sequence, Union

import numpy as np

from actviz.activation import Activation
from actviz.errors import RunError
from actviz.floats import short_text

__all__ = ["Properties", "PropertiesError", "property_sheet", "vanishing_intervals", "VANISHING_SLOPE"]

VANISHING_SLOPE = 0.1  # |f'| below this is a vanishing gradient
WINDOW = 20.0  # sampled every 0.02 on [-20, 20] (widened to 20 past the outermost kinks)
SPACING = 0.02
MAX_LINEAR_SAMPLES = 40001
FAR = 1e12  # and geometrically out to +-1e12
FAR_SAMPLES = 150
FIT_STEP = 1e-3  # one-sided derivatives of f' at a kink, relative to max(1, |kink|)
JUMP_TOLERANCE = 1e-7  # f or f' jumps by more than this (times max(1, |value|))
BEND_TOLERANCE = 1e-5  # f'' or f''' jumps by more than this (times max(1, |value|))
Interval = tuple  # (lo, hi), either end may be +-inf


class PropertiesError(RunError):
    """f or f' is not a number somewhere on the real line: no sheet can be computed."""


# --- the result ------------------------------------------------------------------------

@dataclass(frozen=True)
class Properties:
    """One activation's property sheet at given parameters; ``as_dict()`` is its JSON."""

    name: str
    title: str
    formula: str
    derivative_formula: str
    params: Mapping[str, Mapping[str, object]]  # name -> value, default, meaning
    range: tuple[float, float]
    range_closed: tuple[bool, bool]
    bounded: tuple[bool, bool]
    monotonic: str  # increasing, non-decreasing, decreasing, non-increasing or no
    continuity: Union[int, str]  # -1 (a jump), 0 (a corner), 1, 2, or "inf"
    zero_centred: bool
    identity_near_origin: bool
    saturates: tuple[bool, bool]
    max_slope: Mapping[str, object]  # value, and at: a list of [lo, hi] (a point is [x, x])
    vanishing: tuple[Interval, ...]
    turns: tuple[float, ...] = field(default=())  # where a non-monotonic f changes direction

    def as_dict(self) -> dict:
        """The sheet with exactly the keys of `actviz info --format json`."""
        return {
            "name": self.name,
            "formula": self.formula,
            "derivative_formula": self.derivative_formula,
            "params": {k: dict(v) for k, v in self.params.items()},
            "range": list(self.range),
            "range_closed": list(self.range_closed),
            "bounded": list(self.bounded),
            "monotonic": self.monotonic,
            "continuity": self.continuity,
            "zero_centred": self.zero_centred,
            "identity_near_origin": self.identity_near_origin,
            "saturates": list(self.saturates),
            "max_slope": {"value": self.max_slope["value"], "at": [list(p) for p in self.max_slope["at"]]},
            "vanishing": [list(i) for i in self.vanishing],
        }

    def rows(self) -> list[tuple[str, str]]:
        """(property, value) as a person reads them."""
        lo, hi = self.range
        return [
            ("formula", self.formula),
            ("derivative", self.derivative_formula),
            ("parameters", params_text(self.params)),
            ("range", ("[" if self.range_closed[0] else "(") + f"{number(lo)}, {number(hi)}"
             + ("]" if self.range_closed[1] else ")")),
            ("bounded", sides_text(self.bounded, "below", "above")),
            ("monotonic", self.monotonic + (f": turns at x = {', '.join(map(number, self.turns))}"
                                            if self.turns else "")),
            ("continuity", "C^inf (smooth)" if self.continuity == "inf" else
             f"C^{self.continuity}" + {-1: " (a jump)", 0: " (a corner)"}.get(self.continuity, "")),
            ("zero-centred", "yes" if self.zero_centred else "no"),
            ("identity at 0", "yes: f(0) = 0, f'(0) = 1" if self.identity_near_origin else "no"),
            ("saturates", sides_text(self.saturates, "x -> -inf", "x -> inf")
             + (" (f' -> 0)" if any(self.saturates) else "")),
            ("max |f'|", f"{number(self.max_slope['value'])} "
             + "; ".join(place_text(p) for p in self.max_slope["at"])),
            (f"|f'| < {VANISHING_SLOPE:g}", "; ".join(interval_text(i) for i in self.vanishing) or "nowhere"),
        ]

    SUMMARY = ("name", "range", "monotonic", "C^k", "0-centred", "saturates", "max |f'|")

    def summary(self) -> list[str]:
        """One row of `actviz list --properties`: the cells under SUMMARY."""
        sides = {(True, True): "both", (True, False): "left", (False, True): "right"}
        return [self.name, self.rows()[3][1], self.monotonic, str(self.continuity),
                "yes" if self.zero_centred else "no", sides.get(self.saturates, "no"),
                number(self.max_slope["value"])]

    def text(self, width: int = 80) -> str:
        """The sheet as lines of at most ``width`` columns (long values wrap)."""
        lines = [f"{self.name}: {self.title}"]
        for key, value in self.rows():
            lines += textwrap.wrap(value, width, initial_indent=f"  {key:<15}",
                                   subsequent_indent=" " * 17, break_on_hyphens=False) or [f"  {key}"]
        return "\n".join(lines) + "\n"

    def __str__(self) -> str:
        return self.text()

    def _repr_html_(self) -> str:
        cells = "".join(f"<tr><th style='text-align:left'>{html.escape(k)}</th>"
                        f"<td style='text-align:left'>{html.escape(v)}</td></tr>" for k, v in self.rows())
        return f"<table><caption>{html.escape(self.name)}: {html.escape(self.title)}</caption>{cells}</table>"


def number(value: float) -> str:
    """4 significant digits, inf as inf: for tables."""
    return f"{float(value):.4g}" if math.isfinite(value) else repr(float(value))


def sides_text(sides: Sequence[bool], left: str, right: str) -> str:
    if all(sides):
        return f"both ({left} and {right})" if left.startswith("x") else f"{left} and {right}"
    if not any(sides):
        return "no"
    return left if sides[0] else right


def interval_text(interval: Interval) -> str:
    lo, hi = interval
    if lo == -math.inf and hi == math.inf:
        return "everywhere"
    if lo == -math.inf:
        return f"x < {number(hi)}"
    if hi == math.inf:
        return f"x > {number(lo)}"
    return f"{number(lo)} < x < {number(hi)}"


def place_text(place: Interval) -> str:
    lo, hi = place
    if lo != hi:
        where = interval_text(place)
        return where if where == "everywhere" else "for " + where
    return f"as x -> {number(lo)}" if math.isinf(lo) else f"at x = {number(lo)}"


def params_text(params: Mapping[str, Mapping[str, object]]) -> str:
    if not params:
        return "none"
    parts = []
    for key, p in params.items():
        default = "" if p["value"] == p["default"] else f" (default {short_text(p['default'])})"
        parts.append(f"{key} = {short_text(p['value'])}{default}" + (f": {p['meaning']}" if p["meaning"] else ""))
    return "; ".join(parts)


# --- computing one -----------------------------------------------------------------------

def property_sheet(activation: Union[str, Activation], **params) -> Properties:
    """The property sheet of an activation (a registry name or an Activation) at ``params``
    (the defaults for those not given); raises UsageError for a bad name or value."""
    if not isinstance(activation, Activation):
        from actviz.registry import get

        activation = get(activation)
    study = Study(activation, activation.resolve(params))
    lo, hi, closed = study.range()
    slope = study.max_slope()
    return Properties(
        name=activation.name, title=activation.title, formula=activation.formula,
        derivative_formula=activation.derivative_formula,
        params={k: {"value": v, "default": activation.params[k], "meaning": activation.meanings.get(k, "")}
                for k, v in study.params.items()},
        range=(lo, hi), range_closed=closed, bounded=(lo > -math.inf, hi < math.inf),
        monotonic=study.monotonic(), turns=tuple(study.turns),
        continuity=study.continuity(), zero_centred=study.zero_centred(lo, hi),
        identity_near_origin=study.identity_near_origin(),
        saturates=(study.slope_limits[0] == 0, study.slope_limits[1] == 0),
        max_slope=slope, vanishing=tuple(study.vanishing()),
    )


def vanishing_intervals(activation: Activation, **params) -> list[Interval]:
    """Where |f'| < VANISHING_SLOPE, as (lo, hi) intervals (ends may be +-inf)."""
    return Study(activation, activation.resolve(params)).vanishing()


@dataclass
class Kink:
    """f and f' on each side of a kink, and how smoothly they join there."""

    x: float
    value: float  # f(x)
    sides: tuple[float, float]  # f(x-), f(x+)
    slopes: tuple[float, float]  # f'(x-), f'(x+)
    order: Union[int, str]  # -1 jump, 0 corner, 1, 2, or "inf"


class Study:
    """f and f' of one activation sampled piece by piece (a piece lies between kinks)."""

    def __init__(self, activation: Activation, params: Mapping[str, float]):
        self.activation, self.params = activation, dict(params)
        self.kinks_x = sorted({k for k in activation.kinks(**params) if math.isfinite(k)})
        self.x = sample_points(self.kinks_x)
        self.piece = np.searchsorted(self.kinks_x, self.x)  # piece p lies below kinks_x[p]
        self.f, self.d = self.values(self.x), self.slopes(self.x)
        bad = np.isnan(self.f) | np.isnan(self.d)
        if bad.any():
            raise PropertiesError(f"{activation.name} is not a number at x = {short_text(self.x[bad][0])}; "
                                  "a property sheet needs f and f' on the whole real line")
        self.limits = (self.limit(self.values, -1), self.limit(self.values, 1))
        self.slope_limits = (self.limit(self.slopes, -1), self.limit(self.slopes, 1))
        self.kinks = [self.kink(k) for k in self.kinks_x]
        self.events = self.direction_events()
        self.turns = self.turning_points()

    def values(self, x):
        return self.call(self.activation.function, x)

    def slopes(self, x):
        return self.call(self.activation.derivative_function, x)

    def call(self, fn, x):
        # The raw catalog function: Activation.__call__ would check the parameters again
        # on each of the few hundred calls a sheet makes.
        x = np.asarray(x, dtype=np.float64)
        with np.errstate(all="ignore"):
            return np.broadcast_to(np.asarray(fn(x, **self.params), dtype=np.float64), x.shape)

    def limit(self, fn, side: int) -> float:
        """fn at +-inf: the catalog gives the limit there; where it is nan (a plugin's
        0 * inf), the value far out."""
        for x in (math.inf, 1e300, 1e100, 1e30):
            value = float(fn(np.array([side * x]))[0])
            if not math.isnan(value):
                return value
        raise PropertiesError(f"{self.activation.name} has no limit at {'-' if side < 0 else ''}inf")

    # --- kinks
    def kink(self, k: float) -> Kink:
        value = float(self.values(np.array([k]))[0])
        near = beside(k)
        slopes = self.slopes(near)
        # f(k+-) less the step to the next float times its slope: threshold(x, 1, -2)
        # tends to 1 from above, not to 1.0000000000000002.
        with np.errstate(all="ignore"):
            moved = self.values(near) - slopes * (near - k)
        sides = tuple(np.where(np.isfinite(moved), moved, self.values(near)).tolist())
        slopes = tuple(slopes.tolist())
        if not (joins(sides[0], sides[1], JUMP_TOLERANCE) and joins(value, sides[0], JUMP_TOLERANCE)):
            order = -1
        elif not joins(slopes[0], slopes[1], JUMP_TOLERANCE):
            order = 0
        else:
            gap = min([abs(k - other) for other in self.kinks_x if other != k] + [math.inf])
            step = min(FIT_STEP * max(1.0, abs(k)), gap / 8)
            left, right = (self.bends(k, s * step) for s in (-1, 1))
            order = next((n + 1 for n in range(2) if not joins(left[n], right[n], BEND_TOLERANCE)), "inf")
        return Kink(k, value, sides, slopes, order)

    def bends(self, k: float, h: float) -> np.ndarray:
        """f''(k+-) and f'''(k+-): a quartic through f' at k + h, ..., k + 5h, differentiated at k."""
        steps = np.arange(1.0, 6.0)
        coefficients = np.linalg.solve(np.vander(steps, 5, increasing=True), self.slopes(k + h * steps))
        return np.array([coefficients[1] / h, 2 * coefficients[2] / h ** 2])

    def kink_at(self, x: float):
        return next((k for k in self.kinks if k.x == x), None)

    # --- pieces
    def pieces(self):
        """(lo, hi, mask of its samples) for each piece, left to right."""
        ends = [-math.inf, *self.kinks_x, math.inf]
        for p in range(len(ends) - 1):
            yield ends[p], ends[p + 1], self.piece == p

    def is_constant(self, mask) -> bool:
        return bool(np.all(self.d[mask] == 0) and np.ptp(self.f[mask]) == 0)

    def end_slopes(self, lo: float, hi: float) -> tuple[float, float]:
        """|f'| at a piece's ends: one-sided limits at kinks, limits at +-inf."""
        left = self.slope_limits[0] if lo == -math.inf else self.kink_at(lo).slopes[1]
        right = self.slope_limits[1] if hi == math.inf else self.kink_at(hi).slopes[0]
        return abs(left), abs(right)

    # --- monotonicity and range
    def direction_events(self) -> list[tuple[float, int]]:
        """(x, +1 or -1): the sign of f' at each sample where it is not 0, and of each jump."""
        nonzero = self.d != 0
        events = list(zip(self.x[nonzero].tolist(), np.sign(self.d[nonzero]).astype(int).tolist()))
        for k in self.kinks:
            if k.order == -1 and k.sides[0] != k.sides[1]:
                events.append((k.x, 1 if k.sides[1] > k.sides[0] else -1))
        return sorted(events)

    def turning_points(self) -> list[float]:
        """Where f changes direction: a kink between two samples of opposite direction, else
        the root of f' between them."""
        events = self.events
        turns = []
        pairs = [(a, b) for (a, sa), (b, sb) in zip(events, events[1:]) if sa != sb]
        roots = []
        for a, b in pairs:
            kink = next((k for k in self.kinks_x if a <= k <= b), None)
            if kink is not None:
                turns.append(kink)
            else:
                roots.append((a, b))
        if roots:
            a, b = (np.array(side) for side in zip(*roots))
            turns += crossings(self.slopes, a, b, 0.0).tolist()
        return sorted(t + 0.0 for t in turns)

    def monotonic(self) -> str:
        directions = {s for _, s in self.events}
        if len(directions) > 1:
            return "no"
        flat = any(self.is_constant(mask) for _, _, mask in self.pieces() if mask.any()) or not directions
        if directions == {-1}:
            return "non-increasing" if flat else "decreasing"
        return "non-decreasing" if flat else "increasing"

    def range(self) -> tuple[float, float, tuple[bool, bool]]:
        """inf and sup of f, and whether each is attained at a finite x."""
        attained = [k.value for k in self.kinks]
        attained += self.values(np.array([t for t in self.turns if not self.kink_at(t)])).tolist()
        attained += [float(self.f[mask][0]) for _, _, mask in self.pieces() if mask.any() and self.is_constant(mask)]
        approached = list(self.limits) + [v for k in self.kinks if k.order == -1 for v in k.sides]
        lo, hi = min(attained + approached) + 0.0, max(attained + approached) + 0.0  # no -0.0
        closed = (
            math.isfinite(lo) and any(v <= lo + tolerance(lo) for v in attained),
            math.isfinite(hi) and any(v >= hi - tolerance(hi) for v in attained),
        )
        return lo, hi, closed

    # --- continuity and the origin
    def continuity(self) -> Union[int, str]:
        orders = [k.order for k in self.kinks if k.order != "inf"]
        return min(orders) if orders else "inf"

    def zero_centred(self, lo: float, hi: float) -> bool:
        return abs(float(self.values(np.array([0.0]))[0])) <= tolerance(0.0) and lo < 0 < hi

    def identity_near_origin(self) -> bool:
        kink = self.kink_at(0.0)
        slopes = kink.slopes if kink else tuple(self.slopes(np.array([0.0])).tolist()) * 2
        at_zero = abs(float(self.values(np.array([0.0]))[0])) <= tolerance(0.0)
        return at_zero and all(abs(s - 1) <= JUMP_TOLERANCE for s in slopes)

    # --- slopes
    def max_slope(self) -> dict:
        """The largest |f'| (a sup: at a kink or +-inf it may only be approached) and where."""
        candidates = []  # (|f'|, (lo, hi))
        brackets = []  # around a sample that is a local maximum of |f'| inside a piece
        for lo, hi, mask in self.pieces():
            size = np.abs(self.d[mask])
            if size.size and np.ptp(size) <= tolerance(size[0]):
                candidates.append((float(size[0]), (lo, hi)))
                continue
            ends = self.end_slopes(lo, hi)
            candidates += [(ends[0], (lo, lo)), (ends[1], (hi, hi))]
            brackets += self.peak_brackets(self.x[mask], size, max(ends))
        candidates += self.refined_peaks(brackets)
        top = max(value for value, _ in candidates)
        places = [place for value, place in candidates if value >= top - tolerance(top)]
        return {"value": top, "at": merge(places)}

    @staticmethod
    def peak_brackets(x, size, ends: float) -> list[tuple[float, float, float, float]]:
        """(left, right, sample x, |f'| there) around each sample that is a local maximum of
        |f'| above the piece's ends (one only as high is the rounding of an asymptote)."""
        inner = np.arange(1, len(x) - 1)
        top = inner[(size[inner] > size[inner - 1]) & (size[inner] >= size[inner + 1])]
        top = top[size[top] > ends + tolerance(ends)]
        return list(zip(x[top - 1], x[top + 1], x[top], size[top]))

    def refined_peaks(self, brackets) -> list[tuple[float, Interval]]:
        """Each bracketed peak by golden-section search; a sample that is the peak itself
        (sigmoid' at 0) stays, exact, unless the search finds a clearly higher point."""
        if not brackets:
            return []
        left, right, at, size = (np.array(column) for column in zip(*brackets))
        best_x, best = golden_peaks(lambda t: np.abs(self.slopes(t)), left, right)
        keep = best > size + np.vectorize(tolerance)(size)
        return [(float(v), (float(p), float(p))) for v, p in
                zip(np.where(keep, best, size), np.where(keep, best_x, at))]

    def vanishing(self) -> list[Interval]:
        """Where |f'| < VANISHING_SLOPE: runs of samples, their ends found by bisection, at a
        kink, or at +-inf where the limit of |f'| is below it too."""
        runs, edges = [], []  # an end is a number, or the index of an edge to bisect
        for lo, hi, mask in self.pieces():
            x, small = self.x[mask], np.abs(self.d[mask]) < VANISHING_SLOPE
            ends = self.end_slopes(lo, hi)
            starts = np.flatnonzero(small & ~np.r_[False, small[:-1]])
            stops = np.flatnonzero(small & ~np.r_[small[1:], False])
            for a, b in zip(starts, stops):
                if a == 0:
                    left = lo if lo > -math.inf or ends[0] < VANISHING_SLOPE else x[0]
                else:
                    left, edges = len(edges), edges + [(x[a - 1], x[a])]
                if b == len(x) - 1:
                    right = hi if hi < math.inf or ends[1] < VANISHING_SLOPE else x[-1]
                else:
                    right, edges = len(edges), edges + [(x[b + 1], x[b])]
                runs.append((left, right))
        found = self.edges(edges)
        return merge([tuple(found[e] if isinstance(e, int) else float(e) for e in run) for run in runs])

    def edges(self, pairs) -> list[float]:
        """Where |f'| falls below VANISHING_SLOPE between each pair of samples."""
        if not pairs:
            return []
        outside, inside = (np.array(side) for side in zip(*pairs))
        return crossings(lambda t: np.abs(self.slopes(t)), outside, inside, VANISHING_SLOPE).tolist()


# --- numerical helpers -----------------------------------------------------------------------

def sample_points(kinks: Sequence[float]) -> np.ndarray:
    """Every 0.01 over [-20, 20] (widened past the kinks), geometrically out to +-1e12, and
    beside each kink and between neighbouring ones; the kinks themselves left out."""
    lo = min([-WINDOW] + [k - WINDOW for k in kinks])
    hi = max([WINDOW] + [k + WINDOW for k in kinks])
    count = min(MAX_LINEAR_SAMPLES, int((hi - lo) / SPACING) + 1)
    far_left = -np.geomspace(max(-lo, FAR / 1e6), FAR, FAR_SAMPLES) if -lo < FAR else np.array([])
    far_right = np.geomspace(max(hi, FAR / 1e6), FAR, FAR_SAMPLES) if hi < FAR else np.array([])
    far_left = np.concatenate([far_left, -np.geomspace(-lo, FAR / 1e6, 50)])
    far_right = np.concatenate([far_right, np.geomspace(hi, FAR / 1e6, 50)])
    beside = [k + s * max(1.0, abs(k)) * step for k in kinks for s in (-1, 1) for step in (1e-9, 1e-6, 1e-3)]
    between = [(a + b) / 2 for a, b in zip(kinks, kinks[1:])]
    x = np.unique(np.concatenate([np.linspace(lo, hi, count), far_left, far_right, beside, between, [0.0]]))
    return x[~np.isin(x, kinks)]


def beside(k: float) -> np.ndarray:
    """The floats just below and just above k: f and f' there are their one-sided limits
    at k to within f'' times one ulp of k."""
    return np.nextafter(np.array([k, k]), np.array([-np.inf, np.inf]))


def crossings(fn, a: np.ndarray, b: np.ndarray, target: float) -> np.ndarray:
    """For each [a, b] (either order) where fn - target has opposite signs (or is 0) at
    the ends, the x where the sign changes, by bisection to the last bit."""
    a, b = a.astype(np.float64).copy(), b.astype(np.float64).copy()
    below_a = fn(a) < target
    for _ in range(1100):  # enough to halve 1e12 down to a subnormal
        mid = a / 2 + b / 2
        done = (mid == a) | (mid == b)
        if done.all():
            break
        same = (fn(mid) < target) == below_a
        a, b = np.where(same & ~done, mid, a), np.where(~same & ~done, mid, b)
    return np.where(np.abs(fn(a) - target) <= np.abs(fn(b) - target), a, b)


def golden_peaks(fn, a: np.ndarray, b: np.ndarray, steps: int = 64) -> tuple[np.ndarray, np.ndarray]:
    """The maximum of fn on each [a, b] (one peak inside), by golden-section search."""
    ratio = (math.sqrt(5) - 1) / 2
    a, b = a.astype(np.float64).copy(), b.astype(np.float64).copy()
    for _ in range(steps):
        c, d = b - ratio * (b - a), a + ratio * (b - a)
        values = fn(np.concatenate([c, d]))  # one call for both probes
        left = values[:len(c)] >= values[len(c):]
        a, b = np.where(left, a, c), np.where(left, d, b)
    x = (a + b) / 2
    return x, fn(x)


def joins(a: float, b: float, tol: float) -> bool:
    return abs(a - b) <= tol * max(1.0, abs(a), abs(b))


def tolerance(value: float) -> float:
    return 1e-12 * max(1.0, abs(value)) if math.isfinite(value) else 0.0


def merge(intervals: Sequence[Interval]) -> list[Interval]:
    """Sorted intervals with those that touch or overlap joined (a point at the end of an
    interval is part of it)."""
    merged: list[list[float]] = []
    for lo, hi in sorted(intervals):
        if merged and lo <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], hi)
        else:
            merged.append([lo, hi])
    return [(lo + 0.0, hi + 0.0) for lo, hi in merged]  # + 0.0: no -0.0
