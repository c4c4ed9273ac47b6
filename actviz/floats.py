"""Numbers as text: reading what a person typed as a float64, and writing floats for people.

Reading (an --at point, a parameter, a word on stdin):

Python's ``float()`` takes more than a person means: '1_000' (digit grouping, more likely
a typo or another locale's notation in a data file), digits of other scripts ('١٢', read
as 12 from text but refused from bytes, so stdin and --at would differ) and a literal
beyond float64, '1e400', which it turns into inf without a word. Here all three are
errors, wherever a number is typed: an --at point, a parameter, a word on stdin, a number
in an --expr. 'inf', '-inf' and 'nan' spelled out stay numbers, and a literal that
underflows rounds to 0 or a subnormal, as IEEE rounding says.

Writing: ``short_text`` for titles, legends and messages (0.1, 1e-05, every digit only
where needed) and ``exact_text`` for file names (the shortest text that reads back to the
same float, without a '.0' tail). Tables have their own writers (actviz.tables).
"""

from __future__ import annotations

import math
import operator

from actviz.errors import UsageError


class NumberError(UsageError):
    """Text that is not a number, or out of float64's range; the message names the text."""


def parse_float(text: str) -> float:
    """``float(text)``, refusing underscores, digits other than ASCII's, and a finite
    literal that overflows to inf."""
    stripped = text.strip()
    try:
        if "_" in stripped or not stripped.isascii():
            raise ValueError
        value = float(stripped)
    except ValueError:
        raise NumberError(f"{stripped!r} is not a number") from None
    if math.isinf(value) and stripped.lstrip("+-").lower() not in ("inf", "infinity"):
        raise NumberError(f"{stripped} is out of float64's range")
    return value


def parse_whole(text: str) -> int:
    """A whole number as a person types it: ASCII digits with an optional sign, no '1_000'."""
    stripped = text.strip()
    digits = stripped[1:] if stripped[:1] in "+-" else stripped
    if not (digits.isascii() and digits.isdigit()):
        raise NumberError(f"{stripped!r} is not a whole number")
    return int(stripped)


def to_float(value: object) -> float:
    """A parameter value as a float: text read by ``parse_float``, anything else by ``float``."""
    return parse_float(value) if isinstance(value, str) else float(value)  # type: ignore[arg-type]


def number_pair(value: object, option: str, names: str = "MIN, MAX") -> tuple[float, float]:
    """A keyword's two numbers (``range=(-3, 3)``, ``size=(4, 3)``) as floats, each read by
    ``to_float``; a UsageError naming ``option`` for text, one number, three, or what is
    not a number."""
    try:
        if isinstance(value, (str, bytes, set, frozenset, dict)):  # "(-1,1)": text; a set has no order
            raise TypeError
        first, second = value  # type: ignore[misc]
        return to_float(first), to_float(second)
    except (TypeError, ValueError):  # NumberError too: '1_000', '1e400'
        raise UsageError(f"{option} takes two numbers, ({names}), got {value!r}", option) from None


def keyword_number(value: object, option: str) -> float:
    """A keyword's number (``dpi=150``, ``step=0.5``) as a float, read by ``to_float``; a
    UsageError naming ``option`` for what is not one number."""
    try:
        if isinstance(value, (bytes, bool)):  # True is no number of dots per inch
            raise TypeError
        return to_float(value)
    except (TypeError, ValueError):  # NumberError too: '1_000', '1e400'
        raise UsageError(f"{option} takes a number, got {value!r}", option) from None


def keyword_count(value: object, option: str) -> int:
    """A keyword's whole number (``num=101``) as an int, a float only when whole (``1e3``);
    a UsageError naming ``option`` for 2.5, '101' or what is not a number."""
    if isinstance(value, float) and value.is_integer():  # numpy's float64 too
        return int(value)
    try:
        if isinstance(value, bool):  # True is no count of points
            raise TypeError
        return operator.index(value)  # an int or one of numpy's integers
    except TypeError:
        raise UsageError(f"{option} takes a whole number, got {value!r}", option) from None


def short_text(value: float) -> str:
    """Short text for a value a person reads: 0.1, 1e-05, and every digit only where needed."""
    value = float(value)
    short = f"{value:g}"
    if value != value or float(short) == value:
        return short
    if value.is_integer() and abs(value) < 1e16:  # 387420489, not 387420489.0
        return str(int(value))
    return repr(value)


def exact_text(value: float) -> str:
    """The shortest text that reads back to ``value``, without a '.0' tail.

    Two different values never give the same text (0.1 -> '0.1', 1.0 -> '1', 1e-05 -> '1e-05').
    """
    text = repr(float(value))
    return text[:-2] if math.isfinite(value) and text.endswith(".0") else text
