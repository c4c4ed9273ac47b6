"""The gates as Python's own and, or, not and ^ compute them, independent of actviz.

The tests check actviz's perceptrons (and the definitions in actviz.perceptrons) against
these, so they must never be built from actviz's own.
"""

import itertools

BOOLEAN = {
    "AND": lambda a, b: a and b,
    "OR": lambda a, b: a or b,
    "NAND": lambda a, b: not (a and b),
    "NOR": lambda a, b: not (a or b),
    "XOR": lambda a, b: bool(a) ^ bool(b),
    "XNOR": lambda a, b: not (bool(a) ^ bool(b)),
    "NOT": lambda a: not a,
}


def arity(name):
    return 1 if name == "NOT" else 2


def expected_outputs(name):
    """The gate's outputs as 0s and 1s, rows in counting order (00, 01, 10, 11)."""
    rows = itertools.product((0, 1), repeat=arity(name))
    return [int(bool(BOOLEAN[name](*row))) for row in rows]
