"""--logy: a log y axis, values at or below 0 left out, and the curves it cannot show refused."""

from __future__ import annotations

import re

import numpy as np
import pytest
from matplotlib.figure import Figure

import actviz
from conftest import one_line_error

POWER_TICK = re.compile(r"<!-- \$\\mathdefault\{10\^\{(-?\d+)\}\}\$ -->")


def lines_of(figure):
    return {line.get_label(): line for line in figure.axes[0].get_lines()}


def test_the_svg_has_a_log_axis_labelled_in_powers_of_ten(run, tmp_path):
    log, linear = tmp_path / "log.svg", tmp_path / "linear.svg"
    assert run("plot", "sigmoid", "-d", "--depth", "1,10", "--logy", "-o", log).exit_code == 0
    assert run("plot", "sigmoid", "-d", "--depth", "1,10", "-o", linear).exit_code == 0
    powers = sorted({int(p) for p in POWER_TICK.findall(log.read_text())})
    # sigmoid' at depth 10 is below 4e-7 everywhere (0.25^10 = 9.5e-7 bounds it), sigmoid near 1
    assert min(powers) <= -7 and max(powers) >= 0
    assert POWER_TICK.findall(linear.read_text()) == []


def test_values_at_or_below_zero_are_left_out_and_the_rest_drawn_as_they_are():
    figure = actviz.plot("relu", "tanh", logy=True, num=11)
    assert figure.axes[0].get_yscale() == "log"
    for label, f in (("ReLU", lambda x: np.maximum(x, 0.0)), ("tanh", np.tanh)):  # display names
        line = lines_of(figure)[label]
        x, y = line.get_xdata(), np.asarray(line.get_ydata())
        assert np.isnan(y[x <= 0]).all()
        assert y[x > 0] == pytest.approx(f(x[x > 0]), rel=1e-15)


def test_the_axis_fits_the_evenly_spaced_points_not_a_kinks_float_neighbour():
    # relu(5e-324) = 5e-324 is drawn (the grid holds 0's neighbours), but the axis
    # starts near relu(0.01), the smallest value on the 1001 evenly spaced points.
    (low, high) = actviz.plot("relu", logy=True).axes[0].get_ylim()
    assert 1e-3 < low < 0.01 and 5 < high < 10


def test_sigmoids_gradient_vanishes_with_depth_and_relus_does_not():
    figure = actviz.plot("sigmoid", "relu", "tanh", derivative=True, depth=[1, 5, 10], logy=True)
    lines = lines_of(figure)
    sigmoid = {n: np.nanmax(lines[f"Sigmoid\u2032 (depth = {n})"].get_ydata()) for n in (1, 5, 10)}
    assert sigmoid[1] == 0.25 and 0.25 ** 5 * 0.6 < sigmoid[5] <= 0.25 ** 5 and sigmoid[10] < 0.25 ** 10
    relu = lines["ReLU\u2032 (depth = 10)"]
    positive = np.asarray(relu.get_ydata())[relu.get_xdata() > 0]
    assert positive.size > 500 and (positive == 1.0).all()
    low, high = figure.axes[0].get_ylim()
    assert low <= np.nanmin(lines["Sigmoid\u2032 (depth = 10)"].get_ydata()) and high >= 5.0
    # 18 curves: the legend is beside the plot, not over it
    figure.canvas.draw()
    legend, plot = figure.axes[0].get_legend().get_window_extent(), figure.axes[0].get_window_extent()
    assert legend.x0 > plot.x1 and legend.x1 <= figure.bbox.x1


def test_a_log_figure_is_the_same_bytes_every_time(run, tmp_path):
    for name in ("a.png", "b.png"):
        assert run("plot", "sigmoid", "relu", "-d", "--depth", "1,5", "--logy", "-o", tmp_path / name).exit_code == 0
    assert (tmp_path / "a.png").read_bytes() == (tmp_path / "b.png").read_bytes()


def test_a_callers_axes_get_the_log_axis():
    ax = Figure().add_subplot()
    assert actviz.plot("softplus", logy=True, ax=ax) is ax
    assert ax.get_yscale() == "log"


@pytest.mark.parametrize("args, says", [
    (["step", "-d"], "step' has no value above 0 in the x range"),
    (["relu", "--range", "-5", "-1"], "relu has no value above 0 in the x range"),
    (["sigmoid", "tanh", "--range", "-3", "0"], "tanh has no value above 0 in the x range"),
])
def test_a_curve_with_nothing_above_zero_is_a_usage_error_naming_it(run, tmp_path, args, says):
    kept = tmp_path / "fig.png"
    kept.write_bytes(b"old")
    line = one_line_error(run("plot", *args, "--logy", "-o", kept), 2)
    assert "Invalid value for '--logy'" in line and says in line
    assert kept.read_bytes() == b"old"


def test_a_y_range_reaching_zero_is_a_usage_error_with_logy(run, tmp_path):
    line = one_line_error(run("plot", "sigmoid", "--logy", "--ylim", "0", "1", "-o", tmp_path / "f.png"), 2)
    assert "Invalid value for '--ylim'" in line and "starts at 0" in line
    assert list(tmp_path.iterdir()) == []


def test_the_library_refuses_the_same_before_drawing_into_the_callers_axes():
    ax = Figure().add_subplot()
    with pytest.raises(actviz.UsageError, match="step' has no value above 0") as error:
        actviz.plot("step", derivative=True, logy=True, ax=ax)
    assert error.value.option == "logy"
    assert ax.get_lines() == []


def test_a_page_has_no_log_axis_so_logy_with_html_is_a_usage_error(run, tmp_path):
    line = one_line_error(run("plot", "sigmoid", "--logy", "-o", tmp_path / "p.html"), 2)
    assert "Invalid value for '--logy'" in line and "a page draws a linear y axis" in line
    assert list(tmp_path.iterdir()) == []


def test_the_terminal_draws_log10_of_y_and_says_so(run):
    env = {"COLUMNS": "60", "LINES": "20"}
    result = run("plot", "sigmoid", "--logy", "--ylim", "0.001", "1", "--term", "--ascii", env=env)
    assert result.exit_code == 0, result.stderr
    rows = result.stdout.splitlines()
    assert rows[1] == "log10(y)"
    # log10 of sigmoid runs from -2.2 at x = -5 to 0 on an axis from -3 to 0: the ticks
    # are 0 (the top, labelled since issue 14 item 21), -1, -2 and -3, no +0.5
    ticks = [row.rsplit("|", 1)[1].strip() for row in rows if row.startswith("|")]
    assert [t for t in ticks if t] == ["0", "-1", "-2", "-3"]
    assert "sigmoid" in rows[-1]


def test_a_gif_of_depths_on_a_log_axis_has_a_frame_per_depth(run, tmp_path):
    from PIL import Image

    out = tmp_path / "deep.gif"
    result = run("plot", "sigmoid", "-d", "--depth", "1,5,10", "--logy", "-o", out)
    assert result.exit_code == 0, result.stderr
    with Image.open(out) as gif:
        assert gif.n_frames == 3
