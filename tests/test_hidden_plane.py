"""gate xor --hidden --plot: the plane of the hidden units' outputs, where the four inputs
land and the output unit's line parts them.

The facts are the book's gates worked by hand: NAND(x1, x2) is 0 only at (1, 1), OR is
0 only at (0, 0), so XOR's hidden layer carries (0,0) to (1,0), (0,1) and (1,0) both to
(1,1), and (1,1) to (0,1); AND's line 0.5*s1 + 0.5*s2 - 0.7 = 0 has only (1,1) above it.
"""

from __future__ import annotations

import numpy as np
import pytest

import actviz
from actviz import perceptrons
from conftest import one_line_error

XOR_HIDDEN = {(0, 0): (1.0, 0.0), (0, 1): (1.0, 1.0), (1, 0): (1.0, 1.0), (1, 1): (0.0, 1.0)}
# XNOR = OR(AND, NOR): AND is 1 only at (1,1), NOR only at (0,0)
XNOR_HIDDEN = {(0, 0): (0.0, 1.0), (0, 1): (0.0, 0.0), (1, 0): (0.0, 0.0), (1, 1): (1.0, 0.0)}


@pytest.mark.parametrize("gate, expected", [("XOR", XOR_HIDDEN), ("XNOR", XNOR_HIDDEN)])
def test_the_network_gives_each_inputs_place_in_the_hidden_space(gate, expected):
    places = perceptrons.hidden_points(perceptrons.gate(gate))
    assert {row: tuple(place) for row, place in places} == expected


def test_a_single_perceptron_has_no_hidden_points():
    with pytest.raises(actviz.UsageError, match="no hidden layer"):
        perceptrons.hidden_points(perceptrons.gate("and"))


def test_xors_hidden_plane_has_three_points_labelled_with_their_inputs_and_answer():
    plane = actviz.gate("xor").hidden_plane()
    marked = dict(zip(plane.notes, plane.points))
    assert marked == {"(0,0) → 0": (1.0, 0.0, 0.0), "(0,1) (1,0) → 1": (1.0, 1.0, 1.0),
                      "(1,1) → 0": (0.0, 1.0, 0.0)}
    assert plane.axes == ("s1 = NAND(x1, x2)", "s2 = OR(x1, x2)")
    assert plane.marks == ("XOR = 0", "XOR = 1")
    assert plane.title == "XOR in its hidden space: y = AND(s1, s2)"


@pytest.mark.parametrize("name, weights, bias", [("xor", (0.5, 0.5), -0.7), ("xnor", (0.5, 0.5), -0.2)])
def test_the_output_units_line_separates_the_points_by_their_answer(name, weights, bias):
    plane = actviz.gate(name).hidden_plane()
    ((label, ends),) = plane.lines
    for end in ends:  # both ends lie on w1*s1 + w2*s2 + b = 0
        assert weights[0] * end[0] + weights[1] * end[1] + bias == pytest.approx(0, abs=1e-12)
    for h1, h2, answer in plane.points:
        assert (weights[0] * h1 + weights[1] * h2 + bias > 0) == (answer == 1)
    # and the region is the output unit's answer: 1 above the line, 0 below it
    region = np.asarray(plane.region)
    assert region[-1, -1] == 1.0 and region[0, 0] == 0.0


def pixel(figure, ax, x, y):
    """The RGB colour drawn at data point (x, y) of ax."""
    figure.canvas.draw()
    image = np.asarray(figure.canvas.buffer_rgba())
    px, py = ax.transData.transform((x, y))
    return tuple(int(v) for v in image[image.shape[0] - int(round(py)), int(round(px)), :3])


def test_the_figure_colours_the_hidden_points_and_the_regions_either_side_of_the_line():
    figure = actviz.gate("xor").plot(hidden=True)
    ax = figure.axes[0]
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("s1 = NAND(x1, x2)", "s2 = OR(x1, x2)")
    assert pixel(figure, ax, 1.0, 1.0) == (0xC0, 0x50, 0x4D)  # XOR = 1: a filled red point
    assert pixel(figure, ax, 0.0, 1.0) == (255, 255, 255)     # XOR = 0: a hollow one
    assert pixel(figure, ax, 1.0, 0.0) == (255, 255, 255)
    assert pixel(figure, ax, 1.3, 1.3) == (0xFB, 0xD9, 0xB9)  # AND fires there: orange
    assert pixel(figure, ax, 0.2, 0.2) == (0xD6, 0xE4, 0xF0)  # and not there: blue
    assert pixel(figure, ax, 0.1, -0.2) == (0xD6, 0xE4, 0xF0)  # no input lands near (0, 0)


def test_the_command_prints_the_table_and_writes_the_hidden_plane(run, tmp_path):
    out = tmp_path / "hidden.svg"
    result = run("gate", "xor", "--hidden", "--plot", out)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == run("gate", "xor").stdout
    svg = out.read_text()
    for text in ("XOR in its hidden space: y = AND(s1, s2)", "s1 = NAND(x1, x2)", "s2 = OR(x1, x2)",
                 "(0,1) (1,0) → 1", "(0,0) → 0", "(1,1) → 0", "AND: 0.5*s1 + 0.5*s2 - 0.7 = 0"):
        assert f"<!-- {text} -->" in svg
    assert "<!-- x1 -->" not in svg


def test_xnors_hidden_plane_is_drawn_with_and_and_nor(run, tmp_path):
    out = tmp_path / "xnor.svg"
    assert run("gate", "xnor", "--hidden", "--plot", out).exit_code == 0
    svg = out.read_text()
    for text in ("s1 = AND(x1, x2)", "s2 = NOR(x1, x2)", "(0,1) (1,0) → 0", "OR: 0.5*s1 + 0.5*s2 - 0.2 = 0"):
        assert f"<!-- {text} -->" in svg


def test_the_hidden_plane_is_the_same_bytes_every_time(run, tmp_path):
    for name in ("a.png", "b.png"):
        assert run("gate", "xor", "--hidden", "--plot", tmp_path / name).exit_code == 0
    assert (tmp_path / "a.png").read_bytes() == (tmp_path / "b.png").read_bytes()


@pytest.mark.parametrize("args, says", [
    (["and", "--hidden", "--plot", "{dir}/f.png"],
     "Invalid value for '--hidden': AND is one perceptron, with no hidden layer to draw"),
    (["or", "--activation", "sigmoid", "--hidden", "--plot", "{dir}/f.png"],
     "OR through sigmoid is one perceptron"),
    (["xor", "--hidden"], "--hidden is drawn with --plot FILE"),
    (["xor", "--hidden", "--plot", "{dir}/f.html"], "not a page"),
    (["--weights", "1,1", "--hidden", "--plot", "{dir}/f.png"], "a --weights perceptron has none"),
    (["xor", "--train", "--hidden", "--plot", "{dir}/f.png"], "--train and --hidden cannot be combined"),
    (["xor", "and", "--hidden", "--plot", "{dir}/f.png"], "not several"),
])
def test_hidden_where_there_is_no_hidden_plane_is_a_usage_error_before_any_output(run, tmp_path, args, says):
    result = run("gate", *[a.format(dir=tmp_path) for a in args])
    line = one_line_error(result, 2)
    assert says in line
    assert result.stdout == ""
    assert list(tmp_path.iterdir()) == []


def test_the_library_refuses_a_hidden_plane_of_one_perceptron():
    with pytest.raises(actviz.UsageError) as error:
        actviz.perceptron([0.5, 0.5], -0.7).hidden_plane()
    assert error.value.option == "hidden"
