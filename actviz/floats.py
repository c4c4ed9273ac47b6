"""Reading a number a person typed (an --at point, a parameter, a word on stdin) as a float64.

Python's ``float()`` takes more than a person means: '1_000' (digit grouping, more likely
a typo or another locale's notation in a data file) and a literal beyond float64, '1e400',
which it turns into inf without a word. Here both are errors; 'inf', '-inf' and 'nan'
spelled out stay numbers, and a literal that underflows rounds to 0 or a subnormal, as
IEEE rounding says.
"""

from __future__ import annotations

import math


class NumberError(ValueError):
    """Text that is not a number, or out of float64's range; the message names the text."""


def parse_float(text: str) -> float:
    """``float(text)``, refusing underscores and a finite literal that overflows to inf."""
    stripped = text.strip()
    try:
        if "_" in stripped:
            raise ValueError
        value = float(stripped)
    except ValueError:
        raise NumberError(f"{stripped!r} is not a number") from None
    if math.isinf(value) and stripped.lstrip("+-").lower() not in ("inf", "infinity"):
        raise NumberError(f"{stripped} is out of float64's range")
    return value


def to_float(value: object) -> float:
    """A parameter value as a float: text read by ``parse_float``, anything else by ``float``."""
    return parse_float(value) if isinstance(value, str) else float(value)  # type: ignore[arg-type]
