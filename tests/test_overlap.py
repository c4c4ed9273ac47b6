"""Curves that coincide stay visible: where a later curve is drawn over an earlier one
along a stretch (relu under leaky_relu for x > 0, the derivatives of a leaky_relu sweep
all at y = 1), each of them still has pixels of its own colour there.

The pixels are read from the PNG the figure saves; where a data point lands is
matplotlib's own transform of the figure's axes, and the colours are matplotlib's
default cycle (C0 blue, C1 orange, C2 green), written out here. Drawn all at one width,
the earlier curves show in under a sixth of these columns (measured when this test was
written); drawn as actviz draws them, in two thirds or more.
"""

import io

import numpy as np
import pytest

import actviz

CYCLE = {"C0": (0x1F, 0x77, 0xB4), "C1": (0xFF, 0x7F, 0x0E), "C2": (0x2C, 0xA0, 0x2C)}


def drawn(*names, **keywords):
    import matplotlib.image

    figure = actviz.plot(*names, grid=False, **keywords)
    pixels = matplotlib.image.imread(io.BytesIO(figure.to_bytes("png")), format="png")[:, :, :3]
    return figure.axes[0], pixels


def share_of_columns_showing(ax, pixels, colour, xs, y_of, reach=6):
    """The share of the points (x, y_of(x)) with a pixel of ``colour`` within ``reach``
    pixels above or below, in the pixel column of x."""
    target = np.array(CYCLE[colour]) / 255
    height = pixels.shape[0]
    found = 0
    for x in xs:
        col, row = ax.transData.transform((x, y_of(x)))
        row = int(round(height - row))
        window = pixels[row - reach:row + reach + 1, int(round(col))]
        # within 0.35 (of 3) of the colour: a fringe a pixel wide is blended with its neighbour
        found += bool((np.abs(window - target).sum(axis=1) < 0.35).any())
    return found / len(xs)


XS = np.linspace(1.2, 2.8, 41)  # x > 0, clear of the legend, the jump and the sigmoid's approach to 1


def test_relu_shows_beside_leaky_relu_drawn_over_it():
    ax, pixels = drawn("relu", "leaky_relu", "step", "sigmoid", derivative=True)
    for colour in ("C0", "C1"):  # relu, leaky_relu: y = x
        assert share_of_columns_showing(ax, pixels, colour, XS, lambda x: x) > 0.8, colour


def test_relu_and_leaky_relu_derivatives_show_under_the_step_at_one():
    ax, pixels = drawn("relu", "leaky_relu", "step", "sigmoid", derivative=True)
    assert share_of_columns_showing(ax, pixels, "C2", XS, lambda x: 1.0) > 0.9  # the step, on top
    for colour in ("C0", "C1"):  # relu' and leaky_relu': dashed, so in the dashes only
        assert share_of_columns_showing(ax, pixels, colour, XS, lambda x: 1.0) > 0.4, colour


@pytest.mark.parametrize("y_of", [lambda x: x, lambda x: 1.0], ids=["functions", "derivatives"])
def test_each_value_of_a_sweep_shows_where_they_all_coincide(y_of):
    ax, pixels = drawn("leaky_relu", alpha=[0.01, 0.1, 0.3], derivative=True)
    for colour in ("C0", "C1", "C2"):  # the derivatives are dashed: each in its dashes
        assert share_of_columns_showing(ax, pixels, colour, XS, y_of) > 0.4, colour


def test_curves_that_do_not_meet_keep_one_width():
    ax, _ = drawn("sigmoid", "tanh")
    assert {line.get_linewidth() for line in ax.get_lines()[2:]} == {1.8}


def test_a_stack_deeper_than_widening_can_show_is_drawn_in_plain_lines():
    # 21 values whose curves all meet for x > 0: widened, the lower ones became bands
    ax, _ = drawn("leaky_relu", alpha="0:1:0.05", derivative=True)
    assert {line.get_linewidth() for line in ax.get_lines()[2:]} == {1.8}
