"""What a plot draws or a table lists: activations at parameter values, and derivatives.

This is where names and parameter values meet the registry. A parameter given several
values is a sweep: one series per value (per combination, when several parameters of
one activation are swept); ``sweep_values`` reads a sweep written as text, a list
(``0.01,0.1,0.3``) or a range (``0:0.5:0.05``). A depth N applies the activation N
times in a row, f(f(...f(x))), and its derivative is the chain rule's product; several
depths are a sweep like a parameter's. Bad names or values raise ``ActivationError`` (a
UsageError). It knows nothing of click or matplotlib.
"""

from __future__ import annotations

import dataclasses
import itertools
import numbers
import re
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Mapping, Optional, Sequence, Union

import numpy as np

from actviz.activation import Activation, ParameterError
from actviz.errors import UsageError
from actviz.floats import NumberError, short_text, to_float
from actviz.registry import get

if TYPE_CHECKING:
    from decimal import Decimal

# More series than this is surely a mistake (a sweep's combinations multiply quickly).
MAX_SERIES = 1000
# The most values a range sweep (start:stop:step) may make.
MAX_SWEEP_VALUES = 1000
# The deepest composition f(f(...f(x))): deeper, every curve has long reached its fixed point.
MAX_DEPTH = 100


class DepthError(ParameterError):
    """A depth that is not a whole number from 1 to MAX_DEPTH; ``option`` is "depth"."""


@dataclass(frozen=True)
class Series:
    """One column or curve: an activation at given parameters, or its derivative."""

    activation: Activation
    params: Mapping[str, float] = field(default_factory=dict)  # only those the caller gave
    derivative: bool = False
    depth: Optional[int] = None  # applied this many times in a row; None: once, not given
    name: Optional[str] = None  # the caller's label for this curve (and its derivative)

    @property
    def given(self) -> dict[str, float]:
        """The values the caller gave, as labels and sweeps show them: parameters, then depth."""
        return {**self.params, **({} if self.depth is None else {"depth": self.depth})}

    @property
    def label(self) -> str:
        """The column header or plain-text label: relu', leaky_relu (alpha=0.1, depth=5),
        or the caller's label (which names the parameters too, if it wants to)."""
        name = self.name or self.activation.name
        if self.derivative:
            # relu' but (x * sigmoid(x))': a prime after a formula would read as part of it.
            name = f"{name}'" if self.name or re.fullmatch(r"[\w.]+", name) else f"({name})'"
        if not self.given or self.name:
            return name
        return f"{name} ({', '.join(f'{k}={short_text(v)}' for k, v in self.given.items())})"

    def values(self, x: np.ndarray) -> np.ndarray:
        if self.depth is not None:
            return composed(self.activation, self.params, x, self.depth, self.derivative)
        fn = self.activation.derivative if self.derivative else self.activation
        return np.asarray(fn(x, **self.params), dtype=np.float64)

    def drawn(self) -> Activation:
        """The function this series draws, as one Activation: at depth N, f applied N times
        with the chain rule's slope (its kinks the first layer's, as ``kinks`` says)."""
        if self.depth is None:
            return self.activation
        act, depth = self.activation, self.depth
        return dataclasses.replace(
            act, name=f"{act.name} (depth={depth})",
            function=lambda x, **params: composed(act, params, x, depth),
            derivative_function=lambda x, **params: composed(act, params, x, depth, True),
        )

    def kinks(self) -> tuple[float, ...]:
        # At depth N these are the first layer's only: where a later layer's input reaches
        # a kink depends on x through f, and is not looked for.
        return self.activation.kinks(**self.params)


def composed(act: Activation, params: Mapping[str, float], x: np.ndarray, depth: int,
             derivative: bool = False) -> np.ndarray:
    """f applied ``depth`` times, f(f(...f(x))), or with ``derivative`` its slope by the
    chain rule: the product of f' at x, f(x), ..., f^(depth-1)(x), one factor per layer."""
    inner = np.asarray(x, dtype=np.float64)
    slopes = []
    for layer in range(depth):
        if derivative:
            slopes.append(np.asarray(act.derivative(inner, **params), dtype=np.float64))
            if layer == depth - 1:
                break  # the last layer's output is not needed for its slope
        inner = np.asarray(act(inner, **params), dtype=np.float64)
    return chain_product(slopes) if derivative else inner


def chain_product(factors: Sequence[np.ndarray]) -> np.ndarray:
    """The product of the factors, rounded once into the float range at the end: mantissas
    and powers of two are multiplied apart, so a product such as 1e-200 * 1e-200 * 1e300
    does not underflow on the way (a product that is truly below the range is 0)."""
    mantissa, exponent = np.frexp(np.float64(1.0))
    for factor in factors:
        m, e = np.frexp(factor)
        mantissa, renormal = np.frexp(mantissa * m)  # in [0.25, 1): back to [0.5, 1)
        exponent = exponent + e + renormal
    return np.ldexp(mantissa, exponent)


def depth_values(depth: object) -> list[int]:
    """The depths asked for: a whole number from 1 to MAX_DEPTH, several (a list, or text
    such as '1,5,10' or '1:10:3'), each once; raises DepthError."""
    try:
        given = _values(depth)
    except ParameterError as error:  # a malformed list or range
        raise DepthError(str(error), "depth") from None
    if not given:
        raise DepthError("depth has no value", "depth")
    depths: list[int] = []
    for value in given:
        number = _whole_number(value)
        if number is None or not 1 <= number <= MAX_DEPTH:
            raise DepthError(f"depth must be a whole number from 1 to {MAX_DEPTH}, got {str(value).strip()}",
                             "depth")
        if number in depths:
            raise DepthError(f"depth {number} is given twice; a sweep takes each value once", "depth")
        depths.append(number)
    return depths


def _whole_number(value: object) -> Optional[int]:
    """An int, or text that reads as one ('5', not '5.0' or '5.5'); None for anything else."""
    if isinstance(value, numbers.Integral) and not isinstance(value, bool):
        return int(value)
    if isinstance(value, str) and re.fullmatch(r"\s*[+-]?\d{1,6}\s*", value):
        return int(value)
    return None


def build_series(
    names: Sequence[Union[str, Activation]],
    params: Mapping[str, object],
    derivative: bool = False,
    depth: object = None,
) -> list[Series]:
    """One series per name, parameter value and depth (each followed by its derivative
    when asked).

    ``names`` are registry names or :class:`Activation` objects (an expression, say).
    Each activation gets the parameters it takes; a value that is a list or tuple (or
    text such as '0.01,0.1,0.3' or '0:0.5:0.05') is a sweep, and several swept
    parameters give every combination. A parameter that none
    of them takes is an error that names the ones they do take. ``depth`` (see
    ``depth_values``) applies each activation that many times in a row.
    """
    activations = [name if isinstance(name, Activation) else get(name) for name in names]
    depths: list[Optional[int]] = [None] if depth is None else depth_values(depth)
    if depth is not None:
        for act in activations:
            if "depth" in act.params:  # its label and a sweep's slider would mean two things
                raise DepthError(f"{act.name} has a parameter called depth: set it with -p, "
                                 "and it cannot be composed with depth", "depth")
    sweeps = {k: _values(v) for k, v in params.items()}
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
        count = len(series) + _product_size(own) * len(depths) * (2 if derivative else 1)
        if count > MAX_SERIES:
            raise ParameterError(f"that makes {count} curves or columns, more than {MAX_SERIES}")
        for values in itertools.product(*own.values()):
            given = dict(zip(own, values))
            resolved = act.resolve(given)  # checks values and domains now, before any work
            given = {k: resolved[k] for k in given}
            for n in depths:
                series.append(Series(act, given, depth=n))
                if derivative:
                    series.append(Series(act, given, derivative=True, depth=n))
    return series


def series_of(
    names: Sequence[Union[str, Activation]] = (),
    expr: Union[str, Sequence[str], None] = None,
    label: Union[str, Sequence[str], None] = None,
    params: Optional[Mapping[str, object]] = None,
    derivative: bool = False,
    depth: object = None,
) -> list[Series]:
    """The series of registry names and expressions (``expr``, one formula in x or several):
    names first, then each expression; see ``build_series``. ``label`` names the
    expressions (the first label the first expression, ...) when there are no more labels
    than expressions; otherwise it names every curve in order, one label per curve (each
    name, sweep value and expression; a derivative is named after its function)."""
    expressions, labels = texts(expr), texts(label)
    if not names and not expressions:
        raise UsageError("give at least one activation name or an expression")
    for_expressions = labels if len(labels) <= len(expressions) else []
    compiled = []
    if expressions:  # the expression language costs an import only when it is used
        from actviz.expression import from_expression

        compiled = [from_expression(source, name=for_expressions[i] if i < len(for_expressions) else None)
                    for i, source in enumerate(expressions)]
    series = build_series([*names, *compiled], dict(params or {}), derivative, depth)
    return series if for_expressions or not labels else labelled(series, labels)


def labelled(series: Sequence[Series], labels: Sequence[str]) -> list[Series]:
    """The series with a label each: labels name the functions in order, and each
    derivative takes its function's; a UsageError unless there is one label per function."""
    functions = [s for s in series if not s.derivative]
    if len(labels) != len(functions):
        raise UsageError(
            f"{len(labels)} label{'s' if len(labels) != 1 else ''} for {len(functions)} "
            f"curve{'s' if len(functions) != 1 else ''}: "
            "give one label per curve "
            f"(each name, sweep value and expression), or one per expression", "label",
        )
    named, k = [], -1
    for s in series:
        k += 0 if s.derivative else 1
        named.append(replace(s, name=labels[k]))
    return named


def texts(value: Union[str, Sequence[str], None]) -> list[str]:
    """One text or several (expressions, labels), as a list."""
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)


def _values(value: object) -> list:
    """A parameter's values: a list or tuple, text such as '0.01,0.1' or '0:0.5:0.05'
    (see ``sweep_values``), or one value."""
    if isinstance(value, (list, tuple)):
        return list(value)
    if isinstance(value, str):
        return sweep_values(value)
    return [value]


def _check_distinct(key: str, values: Sequence[object]) -> None:
    """A sweep takes each value once, compared as floats (0.01 and 0.010 are one value):
    a repeat would be a second, identical column or curve under the same label. Values
    that are not numbers are left for ``Activation.resolve`` to report."""
    seen: dict[float, object] = {}
    for value in values:
        try:
            number = to_float(value)
        except (NumberError, TypeError, ValueError, OverflowError):
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


def sweep_values(text: str) -> list[str]:
    """A parameter's values written as text: '0.1' is one, '0.01,0.1,0.3' several, and
    'START:STOP:STEP' the range START, START + STEP, ... up to STOP (included when a
    step lands on it). A range is counted in decimal, so '0:0.5:0.05' gives 0, 0.05,
    0.1, ..., 0.5 as they are written (0.15, not 0.15000000000000002). Each value stays
    text, for ``Activation.resolve`` to read and check; raises ParameterError."""
    values: list[str] = []
    for item in (part.strip() for part in text.split(",")):
        if not item:
            raise ParameterError(f"{text!r} has an empty value (several values are separated by commas)")
        values += _range_values(item) if ":" in item else [item]
    return values


def _range_values(item: str) -> list[str]:
    parts = [part.strip() for part in item.split(":")]
    if len(parts) != 3:
        raise ParameterError(f"{item!r} is not a range START:STOP:STEP")
    try:
        start, stop, step = (_decimal(part) for part in parts)
    except NumberError as error:
        raise ParameterError(f"in range {item!r}: {error}") from None
    if not step > 0:
        raise ParameterError(f"range {item!r} needs a STEP greater than 0")
    if start > stop:
        raise ParameterError(f"range {item!r} needs START <= STOP")
    count = int((stop - start) / step) + 1
    if count > MAX_SWEEP_VALUES:
        raise ParameterError(f"range {item!r} makes {count} values, more than {MAX_SWEEP_VALUES}")
    return [str(start + i * step) for i in range(count)]


def _decimal(text: str) -> Decimal:
    from decimal import Decimal, InvalidOperation  # only a START:STOP:STEP range needs it

    to_float(text)  # the one rule for numbers: NumberError for '1_000', '1e400', 'x'
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise NumberError(f"{text!r} is not a number") from None
    if not value.is_finite():
        raise NumberError(f"{text!r} must be finite")
    return value
