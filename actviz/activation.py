"""What an activation is: a function, its derivative, their formulas, and their parameters.

An :class:`Activation` holds f and f' as numpy functions and everything a person reads
about them: the formulas as text and as LaTeX (matplotlib's mathtext draws them), a
display name ("Leaky ReLU"), each parameter's default, symbol and meaning, and the x
where f or f' is not smooth. Calling it checks the parameters and the input, so a bad
value is one clear error before any arithmetic.

Finding an activation by name is :mod:`actviz.registry`'s job; this module knows no
registry, no click and no matplotlib.
"""

from __future__ import annotations

import math
import sys
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable, Mapping

if TYPE_CHECKING:
    import numpy as np

from actviz.errors import UsageError
from actviz.floats import NumberError, short_text, to_float

__all__ = [
    "Activation",
    "ActivationError",
    "ParameterError",
    "UnknownActivationError",
    "canonical_name",
]


class ActivationError(UsageError):
    """Base class for every error about activation names and parameters."""


class UnknownActivationError(ActivationError, LookupError):
    """No activation has that name or alias."""


class ParameterError(ActivationError):
    """A parameter is unknown, not a number, or outside its domain."""


def canonical_name(name: str) -> str:
    """Names are case-insensitive and '-' equals '_': 'Leaky-ReLU' is 'leaky_relu'."""
    if not isinstance(name, str):
        raise TypeError(f"an activation name is a str, not {type(name).__name__}")
    return name.strip().lower().replace("-", "_")


@dataclass(frozen=True)
class Activation:
    """One activation function f, its derivative f', and their parameters.

    ``function(x, **params)`` and ``derivative_function(x, **params)`` take a float64
    array and every parameter as a float; ``check`` (optional) raises ``ParameterError``
    for parameter values outside the domain; ``kinks`` (optional) returns the x where f
    or f' is not smooth, so grids include them and plots draw jumps upright.

    For people: ``display_name`` ("Leaky ReLU"; the name itself by default), ``latex``
    and ``derivative_latex`` (mathtext, without the surrounding $), ``symbols`` (a
    parameter's mathtext symbol, ``{"alpha": r"\\alpha"}``; the name itself by default)
    and ``meanings`` (what each parameter does, one short phrase each); ``display_names``
    the display name in other languages, by language code (``{"ko": "계단 함수", "ja":
    "ステップ関数"}``; see actviz.languages).
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
    display_name: str = ""
    latex: str = ""
    derivative_latex: str = ""
    symbols: Mapping[str, str] = field(default_factory=dict)
    meanings: Mapping[str, str] = field(default_factory=dict)
    display_names: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self):
        # A plugin's mistakes are found here, when it is made, not when it is first called.
        if not isinstance(self.name, str) or not self.name.strip():
            raise TypeError(f"an Activation's name must be a non-empty str, got {self.name!r}")
        aliases = (self.aliases,) if isinstance(self.aliases, str) else tuple(self.aliases)
        for alias in aliases:
            if not isinstance(alias, str) or not alias.strip():
                raise TypeError(f"activation {self.name!r}: an alias must be a non-empty str, got {alias!r}")
        object.__setattr__(self, "aliases", aliases)
        for what in ("function", "derivative_function"):
            if not callable(getattr(self, what)):
                raise TypeError(f"activation {self.name!r}: {what} must be callable")
        defaults = {}
        for key, value in dict(self.params).items():
            if not isinstance(key, str) or not key.isidentifier():
                raise TypeError(f"activation {self.name!r}: parameter name {key!r} is not an identifier")
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
                raise TypeError(
                    f"activation {self.name!r}: the default of {key} must be a finite number, got {value!r}"
                )
            defaults[key] = float(value)
        object.__setattr__(self, "params", defaults)
        for what in ("symbols", "meanings"):
            extra = set(getattr(self, what)) - set(defaults)
            if extra:
                raise TypeError(f"activation {self.name!r}: {what} names no parameter {sorted(extra)[0]!r}")
        for lang, text in dict(self.display_names).items():
            if not isinstance(lang, str) or not isinstance(text, str) or not text.strip():
                raise TypeError(f"activation {self.name!r}: a display name in another language is a "
                                f"non-empty str by language code, got {lang!r}: {text!r}")

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
        kinks = self.kinks_function(**self.resolve(params))
        try:
            return tuple(float(k) for k in kinks)
        except (TypeError, ValueError):
            raise TypeError(f"activation {self.name!r}: its kinks must be numbers, got {kinks!r}") from None

    @property
    def title(self) -> str:
        """The name a person reads: the display name, else the name."""
        return self.display_name or self.name

    def symbol(self, param: str) -> str:
        """The parameter's mathtext symbol (``\\alpha``), or its name."""
        return self.symbols.get(param, param)

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
        mask = np.ma.getmask(x) if _is_masked(x) else None
        array = _real_array(self.name, np.ma.getdata(x) if mask is not None else x)
        # Where the true value is beyond float64 (selu(1.8e308), relu(-1e308, alpha=2)), inf
        # is the correctly rounded result, not a problem to warn of; invalid operations and
        # division by zero still warn (the accuracy suite makes every warning an error and
        # checks each inf against mpmath).
        with np.errstate(over="ignore"):
            result = np.asarray(fn(array, **resolved), dtype=np.float64)
        if result.shape != array.shape:  # a constant derivative, say
            result = np.broadcast_to(result, array.shape).copy()
        if mask is not None:  # a masked input stays masked, its hidden values unread
            return np.ma.masked_array(result, mask=mask)
        return result[()] if result.ndim == 0 else result

    def __repr__(self) -> str:
        params = ", ".join(f"{k}={short_text(v)}" for k, v in self.params.items())
        return f"<Activation {self.name}{f' ({params})' if params else ''}: {self.formula}>"

    # Rich display in a notebook (IPython's protocol): actviz.notebook draws it.
    def _repr_html_(self) -> str:
        from actviz.notebook import activation_html

        return activation_html(self)

    def _repr_latex_(self) -> str:
        from actviz.notebook import activation_latex

        return activation_latex(self)


def _real_array(name: str, x):
    """``x`` as a float64 array; anything but real numbers (complex, text, objects) is a TypeError."""
    import numpy as np

    array = np.asarray(x)
    if array.dtype.kind not in "biuf":
        what = "complex numbers" if array.dtype.kind == "c" else f"{array.dtype} values"
        raise TypeError(f"{name} takes real numbers, not {what}")
    return array.astype(np.float64, copy=False)


def _to_float(activation: str, key: str, value: object) -> float:
    try:
        # Text is read as a number typed by a person: no '1_000', no '1e400' becoming inf.
        number = to_float(value)
    except NumberError as error:
        raise ParameterError(f"{activation} parameter {key}={error}") from None
    except OverflowError:  # an int past float64's range, such as 10**400
        raise ParameterError(f"{activation} parameter {key}={value!r} is out of float64's range") from None
    except (TypeError, ValueError):
        raise ParameterError(
            f"{activation} parameter {key}={value!r} is not a number"
        ) from None
    if not math.isfinite(number):
        raise ParameterError(f"{activation} parameter {key}={value!r} must be finite")
    return number


def _is_masked(x) -> bool:
    # Only numpy.ma makes masked arrays, so none exists until it is imported; asking
    # np.ma itself would import it (about a fifth of numpy's import time) for every
    # table and terminal plot, which never see one.
    ma = sys.modules.get("numpy.ma")
    return ma is not None and ma.isMaskedArray(x)
