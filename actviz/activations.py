"""The activation registry: what an activation is, and how to find one by name.

This module knows nothing of click or matplotlib. The functions themselves live in
:mod:`actviz.catalog`, which registers each one here when it is imported.
"""

from __future__ import annotations

import difflib
import math
from dataclasses import dataclass, field
from typing import Callable, Mapping

import numpy as np

__all__ = [
    "Activation",
    "ActivationError",
    "ParameterError",
    "UnknownActivationError",
    "canonical_name",
    "get",
    "names",
    "register",
    "all_activations",
]


class ActivationError(ValueError):
    """Base class for every error the registry raises about names and parameters."""


class UnknownActivationError(ActivationError, LookupError):
    """No activation has that name or alias."""


class ParameterError(ActivationError):
    """A parameter is unknown, not a number, or outside its domain."""


def canonical_name(name: str) -> str:
    """Names are case-insensitive and '-' equals '_': 'Leaky-ReLU' is 'leaky_relu'."""
    return name.strip().lower().replace("-", "_")


@dataclass(frozen=True)
class Activation:
    """One activation function f, its derivative f', and their parameters.

    ``function(x, **params)`` and ``derivative_function(x, **params)`` take a float64
    array and every parameter as a float; ``check`` (optional) raises ``ParameterError``
    for parameter values outside the domain; ``kinks`` (optional) returns the x where f
    or f' is not smooth, so grids include them and plots draw jumps upright.
    """

    name: str
    function: Callable[..., np.ndarray]
    derivative_function: Callable[..., np.ndarray]
    formula: str
    derivative_formula: str
    params: Mapping[str, float] = field(default_factory=dict)
    aliases: tuple[str, ...] = ()
    summary: str = ""
    check: Callable[..., None] | None = None
    kinks_function: Callable[..., tuple[float, ...]] | None = None

    def __call__(self, x, **params):
        """f(x): float64 out, same shape as x (a numpy float64 for a scalar x)."""
        return self._apply(self.function, x, params)

    def derivative(self, x, **params):
        """df/dx at x, with PyTorch's conventions at kinks."""
        return self._apply(self.derivative_function, x, params)

    def kinks(self, **params) -> tuple[float, ...]:
        """The x where f or f' is not smooth (jumps or corners), for these parameters."""
        if self.kinks_function is None:
            return ()
        return tuple(float(k) for k in self.kinks_function(**self.resolve(params)))

    def resolve(self, params: Mapping[str, object]) -> dict[str, float]:
        """Merge ``params`` over the defaults, converting and checking every value."""
        unknown = [p for p in params if p not in self.params]
        if unknown:
            takes = ", ".join(self.params) or "no parameters"
            raise ParameterError(
                f"{self.name} has no parameter {unknown[0]!r} (it takes: {takes})"
            )
        resolved = dict(self.params)
        for key, value in params.items():
            resolved[key] = _to_float(self.name, key, value)
        if self.check is not None:
            self.check(**resolved)
        return resolved

    def _apply(self, fn, x, params):
        resolved = self.resolve(params)
        array = np.asarray(x, dtype=np.float64)
        result = np.asarray(fn(array, **resolved), dtype=np.float64)
        if result.shape != array.shape:  # a constant derivative, say
            result = np.broadcast_to(result, array.shape).copy()
        return result[()] if result.ndim == 0 else result


def _to_float(activation: str, key: str, value: object) -> float:
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise ParameterError(
            f"{activation} parameter {key}={value!r} is not a number"
        ) from None
    if not math.isfinite(number):
        raise ParameterError(f"{activation} parameter {key}={value!r} must be finite")
    return number


_registry: dict[str, Activation] = {}
_aliases: dict[str, str] = {}


def register(activation: Activation, *, replace: bool = False) -> Activation:
    """Add an activation to the registry; its name and aliases must be new unless ``replace``."""
    keys = [canonical_name(activation.name), *map(canonical_name, activation.aliases)]
    if not replace:
        for key in keys:
            if key in _registry or key in _aliases:
                raise ActivationError(f"an activation named {key!r} is already registered")
    _registry[keys[0]] = activation
    for alias in keys[1:]:
        _aliases[alias] = keys[0]
    return activation


def get(name: str) -> Activation:
    """The activation called ``name`` (or one of its aliases)."""
    _load_catalog()
    key = canonical_name(name)
    key = _aliases.get(key, key)
    try:
        return _registry[key]
    except KeyError:
        pass
    close = difflib.get_close_matches(key, [*_registry, *_aliases], n=3, cutoff=0.6)
    hint = f"; did you mean {' or '.join(repr(c) for c in close)}?" if close else ""
    raise UnknownActivationError(
        f"unknown activation {name!r}{hint} (`actviz list` shows them all)"
    )


def names() -> list[str]:
    """Canonical names of every registered activation, in catalog order."""
    _load_catalog()
    return list(_registry)


def all_activations() -> list[Activation]:
    _load_catalog()
    return list(_registry.values())


def _load_catalog() -> None:
    # Imported on first use, not at import time, so `import actviz.activations` stays cheap
    # and the catalog can import this module without a cycle.
    from actviz import catalog  # noqa: F401
