"""The registry: finding an activation by name, and adding new ones.

It loads :mod:`actviz.catalog` (the built-in activations) on first use, then the
plugins: other packages add activations through the entry-point group
``actviz.activations``, each entry point naming an :class:`Activation`, a list of them,
or a function returning one or a list. One that fails to load is left out with a
:class:`PluginWarning` (the command line prints it as one line on stderr).

This module knows nothing of click or matplotlib; what an activation is, is
:mod:`actviz.activation`'s business.
"""

from __future__ import annotations

import dataclasses
import functools
import os
import sys
import warnings

from actviz.activation import (
    Activation,
    ActivationError,
    UnknownActivationError,
    canonical_name,
)
from actviz.errors import RunError
from actviz.spelling import did_you_mean

__all__ = ["PluginError", "PluginWarning", "get", "names", "register", "all_activations"]

ENTRY_POINT_GROUP = "actviz.activations"


class PluginWarning(UserWarning):
    """A plugin (an ``actviz.activations`` entry point) failed to load and was left out."""


class PluginError(RunError):
    """A plugin's activation failed when called: the message names the plugin."""


_registry: dict[str, Activation] = {}
_aliases: dict[str, str] = {}
_loaded = False


def register(activation: Activation, *, replace: bool = False) -> Activation:
    """Add an activation to the registry; its name and aliases must be new unless ``replace``.

    For example ``actviz.register(actviz.from_expression("x * sigmoid(x)", name="my_silu"))``
    makes ``my_silu`` a name like any other, in Python and (in the same process) the CLI.
    """
    if not isinstance(activation, Activation):
        raise TypeError(f"register() takes an Activation, not {type(activation).__name__}")
    _load()  # so a new name is checked against the built-in ones
    _add(activation, replace)
    return activation


def _add(activation: Activation, replace: bool = False) -> None:
    keys = _keys(activation)
    if not replace:
        _check_new(keys)
    _registry[keys[0]] = activation
    for alias in keys[1:]:
        _aliases[alias] = keys[0]


def _keys(activation: Activation) -> list[str]:
    return [canonical_name(activation.name), *map(canonical_name, activation.aliases)]


def _check_new(keys: list[str]) -> None:
    for key in keys:
        if key in _registry or key in _aliases:
            raise ActivationError(f"an activation named {key!r} is already registered")


def get(name: str) -> Activation:
    """The activation called ``name`` (or one of its aliases)."""
    _load()
    key = canonical_name(name)  # a TypeError for anything but a str
    key = _aliases.get(key, key)
    try:
        return _registry[key]
    except KeyError:
        pass
    spellings = {**{k: k for k in _registry}, **_aliases}
    hint = did_you_mean(key, spellings)
    if not hint and "=" in name:  # 'alpha=0.1' typed as a name
        param = name.split("=", 1)[0].strip()
        hint = f"a parameter is set with its own keyword or option ({param}=...)"
    raise UnknownActivationError(
        f"unknown activation {name!r}{'; ' + hint if hint else ''} (`actviz list` shows them all)"
    )


def names() -> list[str]:
    """Canonical names of every registered activation, in catalog order."""
    _load()
    return list(_registry)


def all_activations() -> list[Activation]:
    _load()
    return list(_registry.values())


def _load() -> None:
    # The catalog and plugins load on first use, not at import time, so that importing
    # the registry stays cheap (`actviz --help` needs no numpy).
    global _loaded
    if _loaded:
        return
    _loaded = True
    from actviz.catalog import CATALOG

    for activation in CATALOG:
        _add(activation)
    _load_plugins()


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
            with _stdout_kept_clean():
                _register_plugin(entry_point.load(), _origin(entry_point))
        # Someone else's code failed: leave that plugin out. SystemExit too (a plugin that
        # calls sys.exit() on import would silently end every command), not Ctrl-C.
        except (Exception, SystemExit) as error:
            warnings.warn(_plugin_failure(entry_point, error), PluginWarning, stacklevel=2)


class _stdout_kept_clean:
    """A plugin's prints while it loads go to stderr: on stdout they would corrupt a
    CSV or JSON table."""

    def __enter__(self):
        self._stdout = sys.stdout
        sys.stdout = sys.stderr

    def __exit__(self, *exc):
        sys.stdout = self._stdout


def _register_plugin(loaded, origin: str) -> None:
    """Register a plugin's activations: all of them, or none if one name is taken."""
    new = [  # one the plugin registered itself on import is not new
        act for act in _plugin_activations(loaded)
        if _registry.get(canonical_name(act.name)) is not act
    ]
    keys = [key for act in new for key in _keys(act)]
    _check_new(keys)
    if len(set(keys)) < len(keys):
        raise ActivationError("it gives two activations the same name")
    guarded = [_guarded(activation, origin) for activation in new]
    for activation in guarded:
        _check_plugin_activation(activation)
    for activation in guarded:
        _add(activation)


def _guarded(activation: Activation, origin: str) -> Activation:
    """The plugin's activation, with each failure of its code (an exception, a result that
    is not real numbers of the input's shape) a one-line PluginError naming both."""
    def guard(fn, what):
        @functools.wraps(fn)
        def call(x, **params):
            import numpy as np

            try:
                y = np.asarray(fn(x, **params))
                if y.dtype.kind not in "biuf":
                    raise TypeError(f"it returned {y.dtype} values, not real numbers")
                return np.broadcast_to(y.astype(np.float64), np.shape(x))
            except Exception as error:
                detail = str(error).strip().splitlines()[0] if str(error).strip() else ""
                raise PluginError(
                    f"{what} of activation {activation.name!r} ({origin}) failed: "
                    f"{type(error).__name__}" + (f": {detail}" if detail else "")
                ) from None
        return call

    return dataclasses.replace(
        activation,
        function=guard(activation.function, "the function"),
        derivative_function=guard(activation.derivative_function, "the derivative"),
    )


def _check_plugin_activation(activation: Activation) -> None:
    """Call a plugin's activation once, at its defaults, so that a broken one is left out
    now, with a warning, instead of failing the commands that use it."""
    import numpy as np

    activation.kinks()  # floats, or a TypeError
    x = np.array([-1.0, 0.0, 1.0])
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        activation(x)
        activation.derivative(x)


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


def _origin(entry_point) -> str:
    """'plugin 'name' (module:attr, from distribution)', for messages."""
    distribution = getattr(getattr(entry_point, "dist", None), "name", None)
    where = f"{entry_point.value}" + (f", from {distribution}" if distribution else "")
    return f"plugin {entry_point.name!r} ({where})"


def _plugin_failure(entry_point, error: BaseException) -> str:
    detail = str(error).strip().splitlines()[0] if str(error).strip() else ""
    return (
        f"{_origin(entry_point)} failed to load and is left out: "
        f"{type(error).__name__}" + (f": {detail}" if detail else "")
    )
