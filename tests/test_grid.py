"""The drawing grid: numpy.unique's points, bit for bit, without numpy.unique's import of numpy.ma."""

import numpy as np
import pytest

from actviz import grid


@pytest.mark.parametrize("lo, hi, num, kinks", [
    (-5.0, 5.0, 1001, [0.0]),
    (-5.0, 5.0, 11, [0.0, -0.0, 1.0, 1.0, 7.0]),  # repeats, a signed zero, one outside
    (-2.0, 2.0, 101, [-1.0, 0.5, float("nan")]),
    (0.0, 1e-300, 3, [5e-324]),
    (-1e300, 1e300, 1000, [0.0, 1e299]),
])
def test_plot_grid_is_np_unique_of_its_points(lo, hi, num, kinks):
    got = grid.plot_grid(lo, hi, num, kinks)
    x = np.linspace(lo, hi, num)
    extra = [0.0] + [v for k in kinks for v in (np.nextafter(k, -np.inf), k, np.nextafter(k, np.inf))]
    want = np.unique(np.concatenate([x, np.asarray([p for p in extra if lo <= p <= hi], dtype=np.float64)]))
    assert got.dtype == want.dtype and got.tobytes() == want.tobytes()
    assert np.signbit(got).tolist() == np.signbit(want).tolist()
