"""Inputs for the byte-identity tests of the numeric table writers (tests/test_table_writers.py).

Each case is (headers, chunks, precision): chunks are lists of float64 columns, as
actviz.tables.write_numbers receives them. The expected text of every case in every
format was written by the per-cell writers of actviz 0.1 (before the column-at-a-time
writers) into tests/golden/tables.json, by ``python tests/table_cases.py`` run on that
commit; the file is kept as it was then, and never regenerated from the code under test.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np

GOLDEN = Path(__file__).parent / "golden" / "tables.json"
# Inputs that np.exp, np.tanh and numpy's normal sampler gave on the machine that wrote
# GOLDEN: they differ in the last bit between CPUs and numpy builds (SIMD paths), and the
# writers' text with them, so they are read back from there (see the file's "_why").
INPUTS = Path(__file__).parent / "golden" / "table-inputs.json"
FORMATS = ("table", "csv", "tsv", "json")

SPECIAL = [
    float("nan"), float("inf"), float("-inf"), -0.0, 0.0, 5e-324, -5e-324, 2.2250738585072014e-308,
    2.225073858507201e-308, 1.7976931348623157e308, -1.7976931348623157e308, 1e-300, 1e16, 1e21,
    123456789.0, 0.1, 1 / 3, -2.5, 1e-7, 9.9999995e-5, 999999.5, 9999995.0, 0.5, -1.0, 100.0,
]


def _columns(*columns):
    return [np.asarray(c, dtype=np.float64) for c in columns]


def cases() -> dict:
    """Named cases: a few hand-picked, and a seeded random spread of magnitudes."""
    special = np.array(SPECIAL)
    x = np.linspace(-10, 10, 41)
    rng = np.random.default_rng(15)
    fixed = {key: np.array([float.fromhex(v) for v in values])
             for key, values in json.loads(INPUTS.read_text(encoding="utf-8")).items() if key != "_why"}
    rng.standard_normal(300), rng.integers(-320, 308, 300)  # drawn as before: the same bits below
    wild = fixed["wild"]
    bits = rng.integers(0, 2**63, 200, dtype=np.uint64).view(np.float64)  # any double, nan payloads too
    with np.errstate(over="ignore"):
        triple = special * 3
    return {
        "range-two-columns": (["x", "relu"], [_columns(x, np.maximum(x, 0))], 6),
        "range-in-chunks": (["x", "sigmoid", "tanh"],
                            [_columns(x[i:i + 7], fixed["sigmoid"][i:i + 7], fixed["tanh"][i:i + 7])
                             for i in range(0, len(x), 7)], 6),
        "special-values": (["x", "y"], [_columns(special, -special[::-1])], 6),
        "special-precision-1": (["x", "y"], [_columns(special, triple)], 1),
        "special-precision-17": (["x", "y"], [_columns(special, special / 7)], 17),
        "later-chunk-wider": (["x", "y"], [_columns([1, 2], [0, 1]), _columns([-1e-300, 3.5], [1e300, -0.0])], 6),
        "empty-first-chunk": (["x", "y"], [_columns([], []), _columns([1.5, -2.5], [3, 4])], 6),
        "no-rows": (["x", "relu"], [], 6),
        "wide-labels": (["x", "계단함수", "ｆｕｌｌ", "e\u0301"], [_columns(x[:5], x[:5], -x[:5], x[:5] * 1e5)], 6),
        "odd-labels": (["x", 'quo"te', "per%cent", "back\\slash", "tab\tand, comma", "trail "],
                       [_columns(x[:3], x[:3], x[:3], x[:3], x[:3], x[:3])], 6),
        "one-column": (["x"], [_columns(special)], 4),
        "wild-magnitudes": (["x", "y", "z"], [_columns(wild[:150], wild[150:], wild[::2]),
                                              _columns(wild[:10], wild[10:20], wild[20:30])], 6),
        "random-bits": (["x", "y"], [_columns(bits[:100], bits[100:])], 9),
    }


def write_golden(write_numbers) -> None:
    from io import StringIO

    golden = {}
    for name, (headers, chunks, precision) in cases().items():
        for fmt in FORMATS:
            out = StringIO()
            write_numbers(out, headers, chunks, fmt, precision)
            golden[f"{name}/{fmt}"] = out.getvalue()
    GOLDEN.write_text(json.dumps(golden, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).parent.parent))
    from actviz.tables import write_numbers

    write_golden(write_numbers)
    print(f"wrote {GOLDEN}")
