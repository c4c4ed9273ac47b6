"""actviz.logic_gates and actviz.training (what `actviz gate` shows) and the decision plane, without the CLI."""

import io

import numpy as np
import pytest

from actviz import logic_gates as gates, training
from actviz.perceptrons import Perceptron, gate, train, with_activation


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
    assert training.error_runs([2, 3, 3, 2, 1, 0]) == [("1", 2), ("2-3", 3), ("4", 2), ("5", 1), ("6", 0)]
    assert training.error_runs([4] * 40)[-1] == ("1-40", 4)
    assert training.error_runs(train("XOR", epochs=40).errors) == [("1-2", 3), ("3", 4)]  # then a cycle


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
    data = render.decision_figure(decision).to_bytes(fmt)
    assert data.startswith(signature)
    assert render.decision_figure(decision).to_bytes(fmt) == data  # reproducible bytes
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


def drawn_decision(decision):
    """The decision figure drawn on an Agg canvas: its axes, and its pixels (RGB, 0..1)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    from actviz import render

    figure = Figure(figsize=decision.size, dpi=decision.dpi)
    canvas = FigureCanvasAgg(figure)
    render.draw_decision(figure.add_subplot(), decision)
    canvas.draw()
    return figure.axes[0], np.asarray(canvas.buffer_rgba())[:, :, :3] / 255.0


def test_real_valued_inputs_stand_out_from_the_shaded_plane():
    from actviz import render

    unit = gates.shown(with_activation(gate("AND"), "sigmoid"), "AND", True)
    ax, pixels = drawn_decision(render.Decision(**gates.plane(unit)))
    height = pixels.shape[0]
    for x1, x2, y in gates.plane(unit)["points"]:
        col, row = ax.transData.transform((x1, x2))
        centre = pixels[int(round(height - row)), int(round(col))]
        around = pixels[int(round(height - row)) + 14, int(round(col)) - 14]  # the plane, below left
        assert np.abs(centre - around).max() > 0.3, (x1, x2, y, centre, around)


@pytest.mark.parametrize("args", [["xor"], ["and", "--activation", "sigmoid"], ["xor", "--train"]])
def test_decision_figures_have_no_empty_strips(run, tmp_path, args):
    from matplotlib.image import imread

    path = tmp_path / "plane.png"
    result = run("gate", *args, "--plot", path)
    assert result.exit_code == 0, result.stderr
    pixels = imread(path)[:, :, :3]
    ink = (pixels < 0.98).any(axis=2)
    cols, rows = np.nonzero(ink.any(axis=0))[0], np.nonzero(ink.any(axis=1))[0]
    margins = cols[0], pixels.shape[1] - 1 - cols[-1], rows[0], pixels.shape[0] - 1 - rows[-1]
    assert max(margins) <= 25, margins  # 0.25 inch at 100 dpi, on every side
