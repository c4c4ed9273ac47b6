"""Your own activation, written as an expression in x, such as ``x * sigmoid(1.702 * x)``.

The text is parsed with :func:`ast.parse` and every node is checked against a small
whitelist before anything is evaluated; nothing is ever handed to ``eval``, ``exec`` or
``compile``. What is allowed:

- numbers (always float64), the variable ``x``, and the constants ``pi`` and ``e``;
- ``+ - * / **``, unary ``-`` and ``+``, and parentheses;
- the functions exp, log, log1p, expm1, sqrt, abs, tanh, sin, cos, erf (one argument),
  minimum and maximum (two), and ``where(condition, a, b)``, whose condition is a
  comparison (``< <= > >= == !=``, chains such as ``-1 < x < 1``) or several joined
  with ``and``, ``or`` and ``not``;
- every registry activation by name, with one argument and its parameters as keywords
  whose values are numbers: ``relu(x - 1, alpha=0.1)``.

The checked tree is turned into plain Python closures over numpy. The derivative is
forward-mode differentiation (dual numbers): each node returns its value and its
derivative with respect to x, each function carries its own derivative, and a registry
activation uses its own ``.derivative``; no finite differences. The rules are exact, but
each step is evaluated in float64: every step rounds, and cancellation costs digits in
f' as it does in f. The rules can cancel where the formula does not: ``expm1(x) / x`` is
exact to an ulp at 1e-8, its derivative (quotient rule: two terms near 1e8 subtracted)
only to about 6e-8. At ties, ``minimum``/``maximum`` split the derivative evenly
(as PyTorch and JAX do), ``abs'(0) = 0``, and f' is nan wherever f is (``log(x)`` at
x < 0; a rule alone, 1/x, would give a number there).

Limits keep hostile input harmless: at most ``MAX_LENGTH`` characters and
``MAX_DEPTH`` levels of nesting, and a constant exponent of at most ``MAX_EXPONENT`` in
magnitude (``9**9**9**9`` and ``x ** 2000`` are rejected; the latter only as a bound on
the arithmetic: for |x| near 1 it is finite, 1.0001 ** 2000 is about 1.22).
This module knows nothing of click or matplotlib.
"""

from __future__ import annotations

import ast
import math
import warnings
from dataclasses import dataclass
from typing import Callable, Optional, Tuple

import numpy as np

from actviz.activation import Activation, ActivationError, UnknownActivationError
from actviz.floats import NumberError, parse_float, short_text
from actviz.registry import get
from actviz.spelling import did_you_mean

__all__ = ["ExpressionError", "from_expression", "FUNCTIONS", "MAX_LENGTH", "MAX_DEPTH", "MAX_EXPONENT"]

MAX_LENGTH = 1000
MAX_DEPTH = 100
MAX_EXPONENT = 1024  # 2.0 ** 1024 already overflows float64

# A value and its derivative with respect to x; a derivative of None is exactly zero
# (a constant), so 0 * inf never turns a constant's zero derivative into nan.
Dual = Tuple[np.ndarray, Optional[np.ndarray]]


class ExpressionError(ActivationError):
    """An expression that does not parse or uses something outside the whitelist."""


def _erf(a):
    # numpy has no erf; math.erf is correctly rounded enough and handles nan and inf.
    return np.asarray(_erf_ufunc(a), dtype=np.float64)


_erf_ufunc = np.frompyfunc(math.erf, 1, 1)
_TWO_OVER_SQRT_PI = 2 / math.sqrt(math.pi)

# name -> (f, f' given the argument a and the value v = f(a))
FUNCTIONS: dict[str, tuple[Callable, Callable]] = {
    "exp": (np.exp, lambda a, v: v),
    "log": (np.log, lambda a, v: 1 / a),
    "log1p": (np.log1p, lambda a, v: 1 / (1 + a)),
    "expm1": (np.expm1, lambda a, v: np.exp(a)),
    "sqrt": (np.sqrt, lambda a, v: 0.5 / v),
    "abs": (np.abs, lambda a, v: np.sign(a)),
    # sech^2 rather than 1 - tanh^2, which loses every digit once tanh rounds to 1.
    "tanh": (np.tanh, lambda a, v: 1 / np.cosh(a) ** 2),
    "sin": (np.sin, lambda a, v: np.cos(a)),
    "cos": (np.cos, lambda a, v: -np.sin(a)),
    "erf": (_erf, lambda a, v: _TWO_OVER_SQRT_PI * np.exp(-a * a)),
}
TWO_ARGUMENT_FUNCTIONS = ("minimum", "maximum")
CONSTANTS = {"pi": math.pi, "e": math.e}

_COMPARISONS = {
    ast.Lt: np.less, ast.LtE: np.less_equal, ast.Gt: np.greater,
    ast.GtE: np.greater_equal, ast.Eq: np.equal, ast.NotEq: np.not_equal,
}
_OPERATOR_TEXT = {
    ast.FloorDiv: "//", ast.Mod: "%", ast.MatMult: "@", ast.LShift: "<<", ast.RShift: ">>",
    ast.BitOr: "|", ast.BitXor: "^", ast.BitAnd: "&",
}
_FORBIDDEN = {
    ast.Attribute: "attribute access is not allowed",
    ast.Subscript: "subscripts are not allowed",
    ast.Lambda: "lambda is not allowed",
    ast.ListComp: "comprehensions are not allowed",
    ast.SetComp: "comprehensions are not allowed",
    ast.DictComp: "comprehensions are not allowed",
    ast.GeneratorExp: "comprehensions are not allowed",
    ast.JoinedStr: "f-strings are not allowed",
    ast.FormattedValue: "f-strings are not allowed",
    ast.NamedExpr: "':=' is not allowed",
    ast.Starred: "starred arguments are not allowed",
    ast.List: "lists are not allowed",
    ast.Tuple: "tuples are not allowed",
    ast.Set: "sets are not allowed",
    ast.Dict: "dicts are not allowed",
    ast.IfExp: "'a if condition else b' is not allowed; use where(condition, a, b)",
    ast.Slice: "slices are not allowed",
}


@dataclass(frozen=True)
class _Term:
    """A checked node: evaluate(x, grad) -> (value, derivative or None)."""

    evaluate: Callable[[np.ndarray, bool], Dual]
    constant: Optional[float] = None  # its value, when it does not depend on x
    kinks: tuple = ()  # x where it may jump or bend (added to plot grids)


def from_expression(source: str, *, name: str | None = None, summary: str = "") -> Activation:
    """An :class:`Activation` computing the expression ``source`` in x, and its derivative
    (forward mode: exact rules, evaluated in float64).

    ``name`` (default: the expression itself) is what legends and table headers show.
    Raises :class:`ExpressionError` pointing at the offending part of ``source``.
    """
    term = _Compiler(source).compile()

    def function(x):
        with np.errstate(all="ignore"):
            return term.evaluate(x, False)[0]

    def derivative(x):
        with np.errstate(all="ignore"):
            value, slope = term.evaluate(x, True)
        slope = np.zeros_like(np.asarray(value, dtype=np.float64)) if slope is None else slope
        # A rule can give a number where f has none (1/x for log(x) at x < 0): f' is nan wherever f is.
        return np.where(np.isnan(value) & ~np.isnan(x), np.nan, slope)

    kinks = tuple(sorted(set(term.kinks)))
    return Activation(
        name=name if name else source.strip(),
        function=function,
        derivative_function=derivative,
        formula=source.strip(),
        derivative_formula="forward-mode derivative of the formula",
        summary=summary or "your own activation, from an expression",
        kinks_function=lambda: kinks,
    )


class _Compiler:
    def __init__(self, source: str):
        self.source = source

    # --- errors that point at the offending part ---------------------------------------

    def fail(self, message: str, node: ast.AST | None = None) -> ExpressionError:
        shown = self.source.strip()
        shown = shown if len(shown) <= 60 else shown[:57] + "..."
        where = ""
        if isinstance(node, ast.Attribute):
            node = _first_attribute(node)
        if node is not None and hasattr(node, "col_offset"):
            snippet = ast.get_source_segment(self.source, node) or ""
            snippet = snippet if len(snippet) <= 40 else snippet[:37] + "..."
            where = f": {snippet!r} at {self.position(node.lineno, node.col_offset)}"
        return ExpressionError(f"invalid expression {shown!r}: {message}{where}")

    def position(self, lineno: int, byte_offset: int) -> str:
        # ast gives UTF-8 byte offsets; people count characters, from 1.
        line = self.source.splitlines()[lineno - 1] if self.source.splitlines() else ""
        column = len(line.encode("utf-8")[:byte_offset].decode("utf-8", "ignore")) + 1
        return f"column {column}" if "\n" not in self.source else f"line {lineno} column {column}"

    # --- parsing -----------------------------------------------------------------------

    def compile(self) -> _Term:
        source = self.source
        if not isinstance(source, str):
            raise ExpressionError(f"an expression is text, not {type(source).__name__}")
        if not source.strip():
            raise ExpressionError("the expression is empty")
        if len(source) > MAX_LENGTH:
            raise ExpressionError(
                f"invalid expression: it is {len(source)} characters long (at most {MAX_LENGTH})"
            )
        self.source = source = source.strip()  # the tree's offsets are into this text
        try:
            with warnings.catch_warnings():
                # Python's hints for code ("invalid decimal literal" in 1and) are not ours to print.
                warnings.simplefilter("ignore")
                tree = ast.parse(source, mode="eval")
        except SyntaxError as error:
            # Python's own message ("'(' was never closed", "too many nested parentheses").
            lines = source.splitlines()
            if error.lineno and error.offset and error.lineno <= len(lines) \
                    and error.offset <= len(lines[error.lineno - 1]):
                where = f" at column {error.offset}" if len(lines) == 1 \
                    else f" at line {error.lineno} column {error.offset}"
            else:
                where = " at the end"
            raise self.fail(f"{error.msg}{where}") from None
        except (ValueError, RecursionError, MemoryError, OverflowError) as error:
            raise self.fail(f"cannot parse it ({type(error).__name__})") from None
        return self.number(tree.body, 1)

    def number(self, node: ast.AST, depth: int) -> _Term:
        """A node that must be a number (an array of them): the whole whitelist is here."""
        if depth > MAX_DEPTH:
            raise self.fail(f"it is nested too deeply (more than {MAX_DEPTH} levels)", node)
        if isinstance(node, ast.Constant):
            return self.constant(node)
        if isinstance(node, ast.Name):
            return self.name(node)
        if isinstance(node, ast.UnaryOp):
            return self.unary(node, depth)
        if isinstance(node, ast.BinOp):
            return self.binary(node, depth)
        if isinstance(node, ast.Call):
            return self.call(node, depth)
        if isinstance(node, (ast.Compare, ast.BoolOp)):
            raise self.fail("a comparison is only allowed as the condition of where(condition, a, b)", node)
        raise self.fail(self.forbidden(node), node)

    @staticmethod
    def forbidden(node: ast.AST) -> str:
        for kind, message in _FORBIDDEN.items():
            if isinstance(node, kind):
                return message
        return f"{type(node).__name__} is not allowed"

    def constant(self, node: ast.Constant) -> _Term:
        value = node.value
        if isinstance(value, (str, bytes)):
            raise self.fail("strings are not allowed", node)
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise self.fail(f"{value!r} is not a real number", node)
        # The literal as typed, read as every other number is (actviz.floats): Python's
        # own reading takes 0x10 and 1_000 and turns 1e309 into inf.
        try:
            return _constant(parse_float(ast.get_source_segment(self.source, node) or repr(value)))
        except NumberError as error:
            raise self.fail(str(error), node) from None

    def name(self, node: ast.Name) -> _Term:
        if node.id == "x":
            return _Term(_x_evaluate)
        if node.id in CONSTANTS:
            return _constant(CONSTANTS[node.id])
        if node.id in FUNCTIONS or node.id in TWO_ARGUMENT_FUNCTIONS or node.id == "where":
            raise self.fail(f"{node.id} is a function: call it, as {node.id}(...)", node)
        names = ["x", *CONSTANTS]
        hint = did_you_mean(node.id, names, n=1)
        hint = f" ({hint})" if hint else ""
        raise self.fail(f"unknown name {node.id!r}{hint}; the variable is x, the constants pi and e", node)

    def unary(self, node: ast.UnaryOp, depth: int) -> _Term:
        if isinstance(node.op, ast.USub):
            a = self.number(node.operand, depth + 1)
            return _derived(lambda x, grad: _negate(a.evaluate(x, grad)), a)
        if isinstance(node.op, ast.UAdd):
            return self.number(node.operand, depth + 1)
        if isinstance(node.op, ast.Not):
            raise self.fail("'not' is only allowed in the condition of where(condition, a, b)", node)
        raise self.fail("operator '~' is not allowed", node)

    def binary(self, node: ast.BinOp, depth: int) -> _Term:
        op = type(node.op)
        if op in _OPERATOR_TEXT:
            raise self.fail(f"operator '{_OPERATOR_TEXT[op]}' is not allowed (use + - * / **)", node)
        if op in _CHAIN_STEPS:
            return self.chain(node, depth)
        a = self.number(node.left, depth + 1)
        b = self.number(node.right, depth + 1)
        # ast.Pow
        if b.constant is not None and not abs(b.constant) <= MAX_EXPONENT:
            raise self.fail(
                f"the exponent {short_text(b.constant)} is too large (at most {MAX_EXPONENT} in magnitude)",
                node.right,
            )
        return _derived(lambda x, grad: _power(a.evaluate(x, grad), b.evaluate(x, grad)), a, b)

    def chain(self, node: ast.BinOp, depth: int) -> _Term:
        """``a + b - c + ...`` or ``a * b / c * ...``: Python nests such a chain one level per
        operator, but it is flat, so it counts as one level and is folded in a loop, left
        to right as Python would (a sum of 101 terms is not "nested too deeply")."""
        group = _CHAIN_GROUP[type(node.op)]
        operators, operands = [], []
        while isinstance(node, ast.BinOp) and _CHAIN_GROUP.get(type(node.op)) == group:
            operators.append(_CHAIN_STEPS[type(node.op)])
            operands.append(node.right)
            node = node.left
        first = self.number(node, depth + 1)
        rest = [(step, self.number(operand, depth + 1))
                for step, operand in zip(reversed(operators), reversed(operands))]

        def evaluate(x, grad):
            result = first.evaluate(x, grad)
            for step, term in rest:
                result = step(result, term.evaluate(x, grad))
            return result

        return _derived(evaluate, first, *(term for _, term in rest))

    def call(self, node: ast.Call, depth: int) -> _Term:
        if not isinstance(node.func, ast.Name):
            if isinstance(node.func, ast.Attribute):
                raise self.fail("attribute access is not allowed", node.func)
            raise self.fail("only functions named in the whitelist can be called", node.func)
        name = node.func.id
        for argument in node.args:
            if isinstance(argument, ast.Starred):
                raise self.fail("starred arguments are not allowed", argument)
        for keyword in node.keywords:
            if keyword.arg is None:
                raise self.fail("'**' arguments are not allowed", keyword)
        if name in FUNCTIONS:
            (a,) = self.arguments(node, 1, depth)
            return self.function(name, a)
        if name in TWO_ARGUMENT_FUNCTIONS:
            a, b = self.arguments(node, 2, depth)
            return _extreme(name, a, b)
        if name == "where":
            return self.where(node, depth)
        if name == "x" or name in CONSTANTS:
            raise self.fail(f"{name} is not a function", node.func)
        try:
            activation = get(name)
        except UnknownActivationError:
            known = [*FUNCTIONS, *TWO_ARGUMENT_FUNCTIONS, "where"]
            hint = did_you_mean(name, known, n=1)
            hint = f" ({hint})" if hint else " (`actviz list` shows the activations)"
            raise self.fail(
                f"unknown function {name!r}: not one of {', '.join(known)} nor an activation{hint}",
                node.func,
            ) from None
        return self.activation(activation, node, depth)

    def arguments(self, node: ast.Call, count: int, depth: int) -> list[_Term]:
        name = node.func.id  # type: ignore[attr-defined]
        if node.keywords:
            raise self.fail(f"{name} takes no keyword arguments", node.keywords[0])
        if len(node.args) != count:
            raise self.fail(f"{name} takes {count} argument{'s' if count > 1 else ''}, got {len(node.args)}", node)
        return [self.number(argument, depth + 1) for argument in node.args]

    def function(self, name: str, a: _Term) -> _Term:
        f, slope = FUNCTIONS[name]

        def evaluate(x, grad):
            value_a, slope_a = a.evaluate(x, grad)
            value = f(value_a)
            return value, (None if slope_a is None else slope(value_a, value) * slope_a)

        kinks = (0.0,) if name == "abs" and a.evaluate is _x_evaluate else ()
        return _derived(evaluate, a, kinks=kinks)

    def activation(self, activation: Activation, node: ast.Call, depth: int) -> _Term:
        if len(node.args) != 1:
            raise self.fail(f"{activation.name} takes one argument, got {len(node.args)}", node)
        params = {}
        for keyword in node.keywords:
            if keyword.arg not in activation.params:
                takes = ", ".join(activation.params) or "no parameters"
                raise self.fail(
                    f"{activation.name} has no parameter {keyword.arg!r} (it takes: {takes})", keyword
                )
            value = self.number(keyword.value, depth + 1)
            if value.constant is None:
                raise self.fail(f"parameter {keyword.arg} must be a number, not depend on x", keyword.value)
            params[keyword.arg] = value.constant
        try:
            params = activation.resolve(params)
        except ActivationError as error:
            raise self.fail(str(error), node) from None
        a = self.number(node.args[0], depth + 1)

        def evaluate(x, grad):
            value_a, slope_a = a.evaluate(x, grad)
            value = activation.function(np.asarray(value_a, dtype=np.float64), **params)
            if slope_a is None:
                return value, None
            return value, activation.derivative_function(np.asarray(value_a, dtype=np.float64), **params) * slope_a

        kinks = activation.kinks(**params) if a.evaluate is _x_evaluate else ()
        return _derived(evaluate, a, kinks=kinks)

    def where(self, node: ast.Call, depth: int) -> _Term:
        if node.keywords:
            raise self.fail("where takes no keyword arguments", node.keywords[0])
        if len(node.args) != 3:
            raise self.fail(f"where takes 3 arguments (condition, a, b), got {len(node.args)}", node)
        condition, kinks = self.condition(node.args[0], depth + 1)
        a = self.number(node.args[1], depth + 1)
        b = self.number(node.args[2], depth + 1)

        def evaluate(x, grad):
            chosen = condition(x)
            value_a, slope_a = a.evaluate(x, grad)
            value_b, slope_b = b.evaluate(x, grad)
            value = np.where(chosen, value_a, value_b)
            if slope_a is None and slope_b is None:
                return value, None
            return value, np.where(chosen, _zero_if_none(slope_a), _zero_if_none(slope_b))

        return _derived(evaluate, a, b, kinks=kinks, constant_too=False)

    def condition(self, node: ast.AST, depth: int):
        """A where condition: (x -> boolean array, kinks)."""
        if depth > MAX_DEPTH:
            raise self.fail(f"it is nested too deeply (more than {MAX_DEPTH} levels)", node)
        if isinstance(node, ast.BoolOp):
            parts = [self.condition(value, depth + 1) for value in node.values]
            combine = np.logical_and if isinstance(node.op, ast.And) else np.logical_or
            tests = [test for test, _ in parts]

            def joined(x):
                result = tests[0](x)
                for test in tests[1:]:
                    result = combine(result, test(x))
                return result

            return joined, tuple(k for _, ks in parts for k in ks)
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
            test, kinks = self.condition(node.operand, depth + 1)
            return (lambda x: np.logical_not(test(x))), kinks
        if isinstance(node, ast.Compare):
            terms = [self.number(node.left, depth + 1)]
            for op, right in zip(node.ops, node.comparators):
                if type(op) not in _COMPARISONS:
                    raise self.fail("only < <= > >= == != compare numbers", node)
                terms.append(self.number(right, depth + 1))
            compares = [_COMPARISONS[type(op)] for op in node.ops]

            def compare(x):
                values = [term.evaluate(x, False)[0] for term in terms]
                result = compares[0](values[0], values[1])
                for i in range(1, len(compares)):
                    result = np.logical_and(result, compares[i](values[i], values[i + 1]))
                return result

            kinks = tuple(
                other.constant
                for left, right in zip(terms, terms[1:])
                for this, other in ((left, right), (right, left))
                if this.evaluate is _x_evaluate and other.constant is not None
            )
            return compare, kinks
        raise self.fail("the condition of where must be a comparison, such as x > 0", node)


def _first_attribute(node: ast.Attribute) -> ast.Attribute:
    """In a chain like ().__class__.__bases__[0], the first attribute: ().__class__."""
    first, current = node, node
    while isinstance(current, (ast.Attribute, ast.Subscript, ast.Call)):
        if isinstance(current, ast.Attribute):
            first = current
        current = current.func if isinstance(current, ast.Call) else current.value
    return first


# --- the rules of differentiation, on (value, derivative) pairs -------------------------

def _x_evaluate(x, grad):
    # The variable itself, dx/dx = 1; kinks spot `x > 1` and `relu(x)` by this function.
    return x, (np.ones_like(x) if grad else None)


def _constant(value: float) -> _Term:
    number = np.float64(value)
    return _Term(lambda x, grad: (number, None), constant=float(number))


def _derived(evaluate, *children: _Term, kinks=(), constant_too=True) -> _Term:
    """A term from children; evaluated once now when every child is a constant."""
    all_kinks = tuple(kinks) + tuple(k for child in children for k in child.kinks)
    if constant_too and children and all(child.constant is not None for child in children):
        with np.errstate(all="ignore"):
            value = float(np.asarray(evaluate(np.float64(0.0), False)[0], dtype=np.float64))
        return _constant(value)
    return _Term(evaluate, kinks=all_kinks)


def _zero_if_none(slope):
    return 0.0 if slope is None else slope


def _negate(a: Dual) -> Dual:
    value, slope = a
    return -value, (None if slope is None else -slope)


def _add(a: Dual, b: Dual) -> Dual:
    (value_a, slope_a), (value_b, slope_b) = a, b
    if slope_a is None:
        slope = slope_b
    elif slope_b is None:
        slope = slope_a
    else:
        slope = slope_a + slope_b
    return value_a + value_b, slope


def _multiply(a: Dual, b: Dual) -> Dual:
    (value_a, slope_a), (value_b, slope_b) = a, b
    # (ab)' = a'b + ab', leaving out a constant's zero term (0 * inf would be nan).
    if slope_a is None:
        slope = None if slope_b is None else value_a * slope_b
    elif slope_b is None:
        slope = slope_a * value_b
    else:
        slope = slope_a * value_b + value_a * slope_b
    return value_a * value_b, slope


def _divide(a: Dual, b: Dual) -> Dual:
    (value_a, slope_a), (value_b, slope_b) = a, b
    value = value_a / value_b
    if slope_b is None:
        return value, (None if slope_a is None else slope_a / value_b)
    # (a/b)' = (a' - (a/b) b') / b: no b*b to overflow.
    return value, (_zero_if_none(slope_a) - value * slope_b) / value_b


def _power(a: Dual, b: Dual) -> Dual:
    (value_a, slope_a), (value_b, slope_b) = a, b
    value = np.power(value_a, value_b)
    # (a^b)' = b a^(b-1) a' + a^b log(a) b', each term only where its slope is not zero.
    slope = None
    if slope_a is not None:
        slope = np.where(value_b == 0, 0.0, value_b * np.power(value_a, value_b - 1)) * slope_a
    if slope_b is not None:
        # Where a^b is 0 (0 ** x at x > 0) the term is 0 * log(0) = 0 * -inf: its limit is 0.
        term = np.where(value == 0, value * slope_b, value * np.log(value_a) * slope_b)
        slope = term if slope is None else slope + term
    return value, slope


def _subtract(a: Dual, b: Dual) -> Dual:
    return _add(a, _negate(b))


# The operators a flat chain is made of, the step each takes, and which chains they form.
_CHAIN_STEPS = {ast.Add: _add, ast.Sub: _subtract, ast.Mult: _multiply, ast.Div: _divide}
_CHAIN_GROUP = {ast.Add: "sum", ast.Sub: "sum", ast.Mult: "product", ast.Div: "product"}


def _extreme(name: str, a: _Term, b: _Term) -> _Term:
    pick = np.minimum if name == "minimum" else np.maximum
    a_wins = np.less if name == "minimum" else np.greater

    def evaluate(x, grad):
        (value_a, slope_a), (value_b, slope_b) = a.evaluate(x, grad), b.evaluate(x, grad)
        value = pick(value_a, value_b)
        if slope_a is None and slope_b is None:
            return value, None
        slope_a, slope_b = _zero_if_none(slope_a), _zero_if_none(slope_b)
        # At a tie the derivative is split evenly, as PyTorch and JAX do.
        slope = np.where(
            a_wins(value_a, value_b), slope_a,
            np.where(a_wins(value_b, value_a), slope_b, (slope_a + slope_b) / 2),
        )
        return value, np.where(np.isnan(value), value, slope)

    kinks = tuple(
        other.constant for this, other in ((a, b), (b, a))
        if this.evaluate is _x_evaluate and other.constant is not None
    )
    return _derived(evaluate, a, b, kinks=kinks)
