"""actviz.gates (what `actviz gate` shows) and render.render_decision, without the CLI."""

import io

import numpy as np
import pytest

from actviz import gates
from actviz.perceptron import Perceptron, gate, train


def test_formula_reads_like_the_book():
    assert gates.formula(Perceptron((0.5, 0.5), -0.7), ["x1", "x2"]) == "step(0.5*x1 + 0.5*x2 - 0.7)"
    assert gates.formula(Perceptron((-1.0,), 0.0, "relu", {"alpha": 0.1}), ["x"]) == "relu(-1*x + 0, alpha=0.1)"


def test_the_weighted_sum_and_the_decision_line_are_written_from_the_numbers():
    unit = Perceptron((-0.5, 2.0), 0.25, "sigmoid")  # the line is the same whatever the activation
    assert gates.weighted_sum_text(unit, ["s1", "s2"]) == "-0.5*s1 + 2*s2 + 0.25"
    assert gates.line_equation(unit) == "-0.5*x1 + 2*x2 + 0.25 = 0"
    assert gates.line_label(gates.shown(unit, "mine", False), "y", unit) == "mine: -0.5*x1 + 2*x2 + 0.25 = 0"


def test_truth_columns_name_gates_by_their_inputs():
    entries = [gates.shown(gate(g).network, g, True) for g in ("XOR", "NOT")]
    headers, rows = gates.truth_columns(entries)
    assert headers == ["x1", "x2", "XOR", "NOT(x1)"]
    assert rows == [[0, 0, 0, 1], [0, 1, 1, 1], [1, 0, 1, 0], [1, 1, 0, 0]]
    assert all(type(v) is int for row in rows for v in row)


def test_error_runs_merge_equal_neighbours():
    assert gates.error_runs([2, 3, 3, 2, 1, 0]) == [("1", 2), ("2-3", 3), ("4", 2), ("5", 1), ("6", 0)]
    assert gates.error_runs([4] * 40)[-1] == ("1-40", 4)
    assert gates.error_runs(train("XOR", epochs=40).errors) == [("1-2", 3), ("3", 4)]  # then a cycle


def test_titles():
    assert gates.title(gates.shown(gate("XOR").network, "XOR", True)) == "XOR = AND(NAND(x1, x2), OR(x1, x2))"
    assert gates.title(gates.shown(gate("AND").network, "AND", True)) == "AND: y = step(0.5*x1 + 0.5*x2 - 0.7)"


def test_plane_grid_rows_go_up_in_x2():
    # y = step(x2 - 0.5): the bottom rows are 0, the top rows 1, whatever x1 is
    grid = gates.plane_grid(Perceptron((0.0, 1.0), -0.5), samples=5, box=(0, 1, 0, 1))
    assert grid.tolist() == [[0.0] * 5] * 3 + [[1.0] * 5] * 2


@pytest.mark.parametrize("fmt, signature", [("png", b"\x89PNG"), ("svg", b"<?xml"), ("pdf", b"%PDF")])
def test_render_decision_from_plain_data(fmt, signature):
    from actviz import render

    region = np.zeros((20, 20))
    region[10:, :] = 1.0  # the top half is y = 1
    decision = render.Decision(
        title="half", box=(-0.5, 1.5, -0.5, 1.5), region=region,
        points=[(0, 0, 0.0), (0, 1, 1.0)], lines=[("my line", ((-0.5, 0.5), (1.5, 0.5))), ("gone", None)],
    )
    data = render.render_decision(decision, fmt)
    assert data.startswith(signature)
    assert render.render_decision(decision, fmt) == data  # reproducible bytes
    if fmt == "svg":
        text = data.decode()
        assert "my line" in text and "gone (outside the plot)" in text and "half" in text
    if fmt == "png":
        from matplotlib.colors import to_rgb
        from matplotlib.image import imread

        pixels = imread(io.BytesIO(data))[:, :, :3]
        for colour in render.REGION_COLOURS:  # each half of the plane: about a fifth of the figure
            share = (np.abs(pixels - to_rgb(colour)).max(axis=2) < 0.01).mean()
            assert 0.1 < share < 0.3
