"""The activation registry: what an activation is, and how to find one by name.

This module knows nothing of click or matplotlib. The functions themselves live in
:mod:`actviz.catalog`, which registers each one here when it is imported. Other
packages add activations through the entry-point group ``actviz.activations``: each
entry point names an :class:`Activation`, a list of them, or a function returning one
or a list. They are loaded when the registry is first used; one that fails is left out
with a :class:`PluginWarning` (the command line prints it as one line on stderr).
"""

from __future__ import annotations

import math
import os
import sys
import warnings
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable, Mapping

if TYPE_CHECKING:
    import numpy as np

from actviz.floats import NumberError, to_float

__all__ = [
    "Activation",
    "ActivationError",
    "ParameterError",
    "PluginWarning",
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


class PluginWarning(UserWarning):
    """A plugin (an ``actviz.activations`` entry point) failed to load and was left out."""


ENTRY_POINT_GROUP = "actviz.activations"


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
        import numpy as np  # here, not at the top: `actviz gate` checks names without numpy

        resolved = self.resolve(params)
        array = np.asarray(x, dtype=np.float64)
        # Where the true value is beyond float64 (selu(1.8e308), relu(-1e308, alpha=2)), inf
        # is the correctly rounded result, not a problem to warn of; invalid operations and
        # division by zero still warn (the accuracy suite makes every warning an error and
        # checks each inf against mpmath).
        with np.errstate(over="ignore"):
            result = np.asarray(fn(array, **resolved), dtype=np.float64)
        if result.shape != array.shape:  # a constant derivative, say
            result = np.broadcast_to(result, array.shape).copy()
        return result[()] if result.ndim == 0 else result


def _to_float(activation: str, key: str, value: object) -> float:
    try:
        # Text is read as a number typed by a person: no '1_000', no '1e400' becoming inf.
        number = to_float(value)
    except NumberError as error:
        raise ParameterError(f"{activation} parameter {key}={error}") from None
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
    """Add an activation to the registry; its name and aliases must be new unless ``replace``.

    For example ``actviz.register(actviz.from_expression("x * sigmoid(x)", name="my_silu"))``
    makes ``my_silu`` a name like any other, in Python and (in the same process) the CLI.
    """
    if not isinstance(activation, Activation):
        raise TypeError(f"register() takes an Activation, not {type(activation).__name__}")
    _load_catalog()  # so a new name is checked against the built-in ones
    keys = _keys(activation)
    if not replace:
        _check_new(keys)
    _registry[keys[0]] = activation
    for alias in keys[1:]:
        _aliases[alias] = keys[0]
    return activation


def _keys(activation: Activation) -> list[str]:
    return [canonical_name(activation.name), *map(canonical_name, activation.aliases)]


def _check_new(keys: list[str]) -> None:
    for key in keys:
        if key in _registry or key in _aliases:
            raise ActivationError(f"an activation named {key!r} is already registered")


def get(name: str) -> Activation:
    """The activation called ``name`` (or one of its aliases)."""
    _load_catalog()
    key = canonical_name(name)
    key = _aliases.get(key, key)
    try:
        return _registry[key]
    except KeyError:
        pass
    import difflib  # only an unknown name needs it

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


_catalog_state = "unloaded"  # -> "loading" -> "loaded"


def _load_catalog() -> None:
    # Imported on first use, not at import time, so `import actviz.activations` stays cheap
    # and the catalog can import this module without a cycle. The state makes the
    # catalog's and plugins' own calls to register() (made while loading) return at once.
    global _catalog_state
    if _catalog_state != "unloaded":
        return
    _catalog_state = "loading"
    try:
        from actviz import catalog  # noqa: F401

        _load_plugins()
    finally:
        _catalog_state = "loaded"


def _may_declare_plugins() -> bool:
    """Whether an installed distribution may declare our entry-point group.

    Mirrors where importlib.metadata looks (each sys.path folder's *.dist-info and
    *.egg-info), so that without plugins the command line never imports it (~20 ms
    of start-up); a zip or egg file on sys.path is left to importlib.metadata.
    """
    for entry in sys.path:
        folder = entry or "."
        if not os.path.isdir(folder):
            if os.path.isfile(folder):
                return True
            continue
        try:
            names = os.listdir(folder)
        except OSError:
            continue
        for name in names:
            if name.endswith((".dist-info", ".egg-info")):
                try:
                    with open(os.path.join(folder, name, "entry_points.txt"), encoding="utf-8") as file:
                        if ENTRY_POINT_GROUP in file.read():
                            return True
                except OSError:
                    continue
    return False


def _entry_points():
    if not _may_declare_plugins():
        return []
    from importlib import metadata

    return list(metadata.entry_points(group=ENTRY_POINT_GROUP))


def _load_plugins() -> None:
    """Register what each entry point gives; a failing one becomes one PluginWarning."""
    for entry_point in _entry_points():
        try:
            _register_plugin(entry_point.load())
        # Someone else's code failed: leave that plugin out. SystemExit too (a plugin that
        # calls sys.exit() on import would silently end every command), not Ctrl-C.
        except (Exception, SystemExit) as error:
            warnings.warn(_plugin_failure(entry_point, error), PluginWarning, stacklevel=2)


def _register_plugin(loaded) -> None:
    """Register a plugin's activations: all of them, or none if one name is taken."""
    new = [  # one the plugin registered itself on import is not new
        act for act in _plugin_activations(loaded)
        if _registry.get(canonical_name(act.name)) is not act
    ]
    keys = [key for act in new for key in _keys(act)]
    _check_new(keys)
    if len(set(keys)) < len(keys):
        raise ActivationError("it gives two activations the same name")
    for activation in new:
        register(activation)


def _plugin_activations(loaded) -> list[Activation]:
    """An entry point's object as activations: one, a list, or a function returning either."""
    if not isinstance(loaded, Activation) and callable(loaded):
        loaded = loaded()
    if isinstance(loaded, Activation):
        return [loaded]
    items = list(loaded) if isinstance(loaded, (list, tuple)) else [loaded]
    for item in items:
        if not isinstance(item, Activation):
            raise TypeError(f"it gives a {type(item).__name__}, not an actviz.Activation")
    return items


def _plugin_failure(entry_point, error: BaseException) -> str:
    distribution = getattr(getattr(entry_point, "dist", None), "name", None)
    origin = f"{entry_point.value}" + (f", from {distribution}" if distribution else "")
    detail = str(error).strip().splitlines()[0] if str(error).strip() else ""
    return (
        f"plugin {entry_point.name!r} ({origin}) failed to load and is left out: "
        f"{type(error).__name__}" + (f": {detail}" if detail else "")
    )
