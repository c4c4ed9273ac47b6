"""actviz.floats: how a number a person typed is read."""

import math

import pytest

from actviz.floats import NumberError, parse_float


@pytest.mark.parametrize("text, value", [
    ("1", 1.0), (" -2.5e3 ", -2500.0), ("inf", math.inf), ("-Infinity", -math.inf), ("+INF", math.inf),
    ("1e-400", 0.0), ("1.7976931348623158e308", 1.7976931348623157e308), ("0x1", None),
])
def test_numbers(text, value):
    if value is None:
        with pytest.raises(NumberError, match="is not a number"):
            parse_float(text)
    else:
        assert parse_float(text) == value


def test_nan_spelled_out():
    assert math.isnan(parse_float("NaN"))


@pytest.mark.parametrize("text, message", [
    ("1_000", "'1_000' is not a number"),
    ("1e400", "1e400 is out of float64's range"),
    ("-1.8e308", "-1.8e308 is out of float64's range"),
    ("", "'' is not a number"),
    ("abc", "'abc' is not a number"),
])
def test_refused(text, message):
    with pytest.raises(NumberError) as error:
        parse_float(text)
    assert str(error.value) == message
