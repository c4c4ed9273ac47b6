"""What a plot draws or a table lists: activations with parameters, and their derivatives.

This is where a command line's names and parameter values meet the registry; it knows
nothing of click or matplotlib, and raises ``ActivationError`` for bad names or values.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping, Sequence

import numpy as np

from actviz.activations import Activation, ParameterError, get


@dataclass(frozen=True)
class Series:
    """One column or curve: an activation at given parameters, or its derivative."""

    activation: Activation
    params: Mapping[str, float] = field(default_factory=dict)  # only those the user gave
    derivative: bool = False

    @property
    def label(self) -> str:
        name = self.activation.name + ("'" if self.derivative else "")
        if not self.params:
            return name
        return f"{name} ({', '.join(f'{k}={v:g}' for k, v in self.params.items())})"

    def values(self, x: np.ndarray) -> np.ndarray:
        fn = self.activation.derivative if self.derivative else self.activation
        return np.asarray(fn(x, **self.params), dtype=np.float64)

    def kinks(self) -> tuple[float, ...]:
        return self.activation.kinks(**self.params)


def build_series(
    names: Sequence[str], params: Mapping[str, object], derivative: bool = False
) -> list[Series]:
    """One series per name (each followed by its derivative when asked).

    Each activation gets the parameters it takes; a parameter that none of them takes
    is an error that names the ones they do take.
    """
    activations = [get(name) for name in names]
    taken = {p for act in activations for p in act.params}
    for key in params:
        if key not in taken:
            takes = sorted(taken)
            what = f"they take: {', '.join(takes)}" if takes else "none of them takes parameters"
            raise ParameterError(
                f"no activation named here takes parameter {key!r} ({what})"
            )
    series = []
    for act in activations:
        own = {k: v for k, v in params.items() if k in act.params}
        resolved = act.resolve(own)  # checks values and domains now, before any work
        own = {k: resolved[k] for k in own}
        series.append(Series(act, own))
        if derivative:
            series.append(Series(act, own, derivative=True))
    return series


def title_for(series: Sequence[Series]) -> str:
    """The default title: each function's name with any parameters the user gave."""
    return ", ".join(s.label for s in series if not s.derivative)
