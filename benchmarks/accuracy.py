"""Worst error of every activation and derivative against the 60-digit mpmath reference.

    python benchmarks/accuracy.py [--quick]

prints a Markdown table: per function, the worst error of f and of f' over a dense set of
float64 inputs (the extremes -1e15 and 1e15, 0, the kinks, the subnormal tails), at the
default parameters and the non-default sets the test suite uses, and the x where it occurs.
The unit is the ulp of the true value, or eps |x g'(x)| (the error the rounding of x itself
causes) where that is larger; the test suite fails above 4.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import actviz  # noqa: E402
from tests.reference import REFERENCES, accuracy_points, error_units, parameter_sets  # noqa: E402


def worst(activation, derivative: bool, dense: bool):
    """(worst error in units, x, params) over every parameter set."""
    reference = REFERENCES[activation.name]
    fn = reference.df if derivative else reference.f
    numpy_fn = activation.derivative if derivative else activation
    result = (-1.0, None, None)
    for params in parameter_sets(activation):
        kinks = activation.kinks(**params)
        xs = np.array(accuracy_points(kinks, dense=dense))
        with np.errstate(over="raise", invalid="raise", divide="raise"):
            got = numpy_fn(xs, **params)
        for x, y in zip(xs.tolist(), got.tolist()):
            units = error_units(y, fn, x, params, kinks, exact=True)
            if units > result[0]:
                result = (units, x, params)
    return result


def _where(x, params, defaults):
    changed = {k: v for k, v in params.items() if defaults.get(k) != v}
    suffix = "" if not changed else " (" + ", ".join(f"{k}={v:g}" for k, v in changed.items()) + ")"
    return f"{x:.17g}{suffix}"


def main(argv: list[str]) -> int:
    dense = "--quick" not in argv
    start = time.perf_counter()
    rows = []
    for activation in actviz.all_activations():
        f_units, f_x, f_params = worst(activation, False, dense)
        d_units, d_x, d_params = worst(activation, True, dense)
        rows.append(
            f"| {activation.name} | {f_units:.2f} | {_where(f_x, f_params, activation.params)} "
            f"| {d_units:.2f} | {_where(d_x, d_params, activation.params)} |"
        )
    print("| activation | f: worst (ulp) | at x | f': worst (ulp) | at x |")
    print("|---|---:|---|---:|---|")
    print("\n".join(rows))
    points = len(accuracy_points(dense=dense))
    print(f"\n{points}+ points per parameter set; {time.perf_counter() - start:.1f} s.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
