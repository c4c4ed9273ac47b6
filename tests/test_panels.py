"""Panels: `plot --panels` draws a panel (axes) per name, `--panels-by PARAM` one per value
of a sweep, in a grid (`--layout ROWSxCOLS`, near square by default) sharing the x axis,
and the y axis where the panels' ranges are alike; bad layouts and combinations are
usage errors that write nothing."""

import io

import numpy as np
import pytest

import actviz
from conftest import invoke, one_line_error

SEED = ("step", "sigmoid", "relu", "leaky_relu")


def png_pixels(data):
    import matplotlib.image

    return matplotlib.image.imread(io.BytesIO(data), format="png")[:, :, :3]


def frame_rows(pixels):
    """The axes' frames as the PNG shows them: for each horizontal black edge (a frame's
    top or bottom, found as rows with black runs of at least a tenth of the width), how
    many frames it crosses. Spines are the only black lines actviz draws: grid and zero
    lines are grey, curves coloured, and text makes no long runs."""
    black = pixels.max(axis=2) < 0.3
    least = pixels.shape[1] // 10
    edges = []
    previous = False
    for row in black:
        padded = np.concatenate([[False], row, [False]]).astype(np.int8)
        starts, ends = np.flatnonzero(np.diff(padded) == 1), np.flatnonzero(np.diff(padded) == -1)
        runs = int(((ends - starts) >= least).sum())
        if runs and not previous:
            edges.append(runs)
        previous = bool(runs)
    return edges


def write(tmp_path, *args, name="f.png"):
    out = tmp_path / name
    result = invoke("plot", *args, "-o", out)
    assert result.exit_code == 0, result.stderr
    return out


def test_the_seeds_four_figures_are_four_framed_panels_in_a_two_by_two_grid(tmp_path):
    out = write(tmp_path, *SEED, "--panels")
    # two rows of panels, each with a top and a bottom edge crossing two frames
    assert frame_rows(png_pixels(out.read_bytes())) == [2, 2, 2, 2]


def test_a_single_figure_has_one_frame(tmp_path):
    # the counting itself, held against the figure it must tell apart
    out = write(tmp_path, *SEED)
    assert frame_rows(png_pixels(out.read_bytes())) == [1, 1]


@pytest.mark.parametrize("layout,edges", [("1x4", [4, 4]), ("4x1", [1] * 8), ("2x2", [2] * 4)])
def test_a_layout_sets_the_rows_and_columns(tmp_path, layout, edges):
    out = write(tmp_path, *SEED, "--panels", "--layout", layout, "--size", "8", "8")
    assert frame_rows(png_pixels(out.read_bytes())) == edges


def test_five_panels_fill_two_rows_of_three_from_the_top(tmp_path):
    out = write(tmp_path, "relu", "sigmoid", "tanh", "gelu", "softplus", "--panels")
    assert frame_rows(png_pixels(out.read_bytes())) == [3, 3, 2, 2]


@pytest.mark.parametrize("count,grid", [
    (1, (1, 1)), (2, (1, 2)), (3, (1, 3)), (4, (2, 2)), (5, (2, 3)), (6, (2, 3)),
    (7, (2, 4)), (8, (2, 4)), (9, (3, 3)), (10, (3, 4)), (12, (3, 4)), (13, (3, 5)),
])
def test_the_default_grid_is_near_square_and_wider_than_tall(count, grid):
    from actviz.figure import panel_grid

    assert panel_grid(count) == grid


def test_the_svg_holds_each_panels_title_and_the_overall_title(tmp_path):
    out = write(tmp_path, *SEED, "--panels", "--title", "Four activations", name="f.svg")
    svg = out.read_text()
    for title in ("Step", "Sigmoid", "ReLU", "Leaky ReLU", "Four activations"):
        assert f"<!-- {title} -->" in svg
    assert svg.count('<g id="axes_') == 4


def test_a_derivative_shares_its_functions_panel_with_a_legend(tmp_path):
    figure = actviz.plot("relu", "sigmoid", derivative=True, panels=True)
    assert [ax.get_title() for ax in figure.axes] == ["ReLU", "Sigmoid"]
    assert [[t.get_text() for t in ax.get_legend().get_texts()] for ax in figure.axes] == \
        [["ReLU", "ReLU\u2032"], ["Sigmoid", "Sigmoid\u2032"]]


def test_each_curve_keeps_the_colour_it_has_in_one_figure():
    single = actviz.plot(*SEED, derivative=True)
    panels = actviz.plot(*SEED, derivative=True, panels=True)
    colours = [line.get_color() for line in single.axes[0].lines[2:]]  # after the zero lines
    assert [line.get_color() for ax in panels.axes for line in ax.lines[2:]] == colours


def test_panels_by_a_swept_parameter_draw_a_panel_per_value_sharing_y():
    figure = actviz.plot("leaky_relu", alpha=[0.01, 0.1, 0.3], derivative=True, panels_by="alpha")
    assert [ax.get_title() for ax in figure.axes] == [
        r"Leaky ReLU ($\alpha$ = 0.01)", r"Leaky ReLU ($\alpha$ = 0.1)", r"Leaky ReLU ($\alpha$ = 0.3)"]
    # the title gives the value: the legend names the function and its derivative
    assert [t.get_text() for t in figure.axes[1].get_legend().get_texts()] == ["Leaky ReLU", "Leaky ReLU\u2032"]
    limits = {ax.get_ylim() for ax in figure.axes}
    assert len(limits) == 1  # one y range: the lowest curve, -1.5 at x = -5, in every panel
    assert min(limits)[0] < -1.5


def test_panels_of_unlike_ranges_keep_their_own_y_axis():
    figure = actviz.plot(*SEED, panels=True)
    step, relu = figure.axes[0].get_ylim(), figure.axes[2].get_ylim()
    assert step[1] < 1.2 and relu[1] > 4.9


def test_a_given_y_range_is_shared_by_every_panel():
    figure = actviz.plot(*SEED, panels=True, ylim=(-1, 2))
    assert {ax.get_ylim() for ax in figure.axes} == {(-1.0, 2.0)}


def test_the_x_axis_is_shared_and_labelled_under_the_lowest_panels_only():
    figure = actviz.plot(*SEED, panels=True, range=(-3, 3))
    assert {ax.get_xlim() for ax in figure.axes} == {(-3.0, 3.0)}
    assert [ax.get_xlabel() for ax in figure.axes] == ["", "", "x", "x"]
    assert [ax.get_ylabel() for ax in figure.axes] == ["y", "", "y", ""]


def test_panels_by_depth_and_expressions_as_names():
    figure = actviz.plot("sigmoid", depth=[1, 5], panels_by="depth")
    assert len(figure.axes) == 2
    figure = actviz.plot("relu", expr="x * sigmoid(x)", label="SiLU by hand", panels=True)
    assert [ax.get_title() for ax in figure.axes] == ["ReLU", "SiLU by hand"]


def test_one_name_with_panels_is_one_panel(tmp_path):
    out = write(tmp_path, "relu", "-d", "--panels")
    assert frame_rows(png_pixels(out.read_bytes())) == [1, 1]


def test_panels_and_panels_by_together_are_panels_by(tmp_path):
    both = write(tmp_path, "leaky_relu", "--alpha", "0.01,0.1", "--panels", "--panels-by", "alpha", name="a.png")
    by = write(tmp_path, "leaky_relu", "--alpha", "0.01,0.1", "--panels-by", "alpha", name="b.png")
    assert both.read_bytes() == by.read_bytes()


def test_the_same_command_writes_the_same_bytes_and_the_library_the_commands(tmp_path):
    first = write(tmp_path, "relu", "sigmoid", "-d", "--panels", name="a.png").read_bytes()
    again = write(tmp_path, "relu", "sigmoid", "-d", "--panels", name="b.png").read_bytes()
    assert first == again
    actviz.plot("relu", "sigmoid", derivative=True, panels=True, output=str(tmp_path / "c.png"))
    assert (tmp_path / "c.png").read_bytes() == first


def test_a_template_draws_each_names_file_as_one_panel(tmp_path):
    result = invoke("plot", "relu", "sigmoid", "--panels", "-o", tmp_path / "{name}.png")
    assert result.exit_code == 0, result.stderr
    for name in ("relu", "sigmoid"):
        assert frame_rows(png_pixels((tmp_path / f"{name}.png").read_bytes())) == [1, 1]


def test_the_recorded_command_names_the_panels():
    from actviz import plotting
    from actviz.page import plot_command

    assert plot_command(plotting.request(SEED, panels=True, layout="1x4")).endswith("--panels --layout 1x4")
    swept = plotting.request(["leaky_relu"], params={"alpha": "0.1,0.3"}, panels_by="alpha")
    assert plot_command(swept).endswith("--panels-by alpha")


@pytest.mark.parametrize("args,message", [
    (["--layout", "1x2"], "'--layout': 1x2 is too small for 4 panels"),
    (["--layout", "2by2"], "'--layout': '2by2' is no layout: give ROWSxCOLS"),
    (["--layout", "0x3"], "'--layout': '0x3' is no layout"),
    (["--layout", "3x3"], "'--layout': 3x3 leaves a row empty with 4 panels"),
    (["--layout", "1x5"], "'--layout': 1x5 leaves a column empty with 4 panels"),
    (["--size", "2.5", "2"], "'--size': 2.5 x 2 inches is too small for 2x2 panels: give a size of at least 3 x 2.4"),
    (["--term"], "--term draws one plot in the terminal; it cannot be combined with --panels"),
    (["--panels-by", "alpha"], "'--panels-by': alpha is not given; a panel per alpha needs a sweep"),
])
def test_bad_panels_are_usage_errors_that_write_nothing(tmp_path, monkeypatch, args, message):
    monkeypatch.chdir(tmp_path)
    result = invoke("plot", *SEED, "--panels", *args)
    assert message in one_line_error(result, 2)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("args,message", [
    (["leaky_relu", "--alpha", "0.1", "--panels-by", "alpha"], "alpha is given one value; a panel per alpha needs"),
    (["sigmoid", "leaky_relu", "--alpha", "0.1,0.3", "--panels-by", "alpha"],
     "alpha is not given for sigmoid, so it cannot be drawn a panel per alpha"),
    (["relu", "sigmoid", "--layout", "1x2"], "a layout arranges panels: ask for panels too (--panels or --panels-by)"),
    (["relu", "sigmoid", "--panels", "-o", "p.html"], "panels are drawn in png, svg and pdf figures, not in html"),
    (["leaky_relu", "--alpha", "0.1,0.3", "--panels-by", "alpha", "-o", "p.gif"],
     "panels are drawn in png, svg and pdf figures, not in gif"),
])
def test_panels_of_what_is_not_there_or_in_a_page_or_gif_are_refused(tmp_path, monkeypatch, args, message):
    monkeypatch.chdir(tmp_path)
    result = invoke("plot", *args)
    assert message in one_line_error(result, 2)
    assert list(tmp_path.iterdir()) == []


def test_the_library_refuses_panels_into_one_axes_and_as_an_animation():
    from matplotlib.figure import Figure

    ax = Figure().add_subplot()
    with pytest.raises(actviz.UsageError, match="panels make a figure of their own"):
        actviz.plot(*SEED, panels=True, ax=ax)
    assert not ax.lines
    with pytest.raises(actviz.UsageError, match="not in gif"):
        actviz.animate("leaky_relu", alpha=[0.1, 0.3], panels_by="alpha")
    with pytest.raises(actviz.UsageError, match="too small for 4 panels"):
        actviz.plot(*SEED, panels=True, layout=(1, 3))


@pytest.mark.parametrize("size,dpi", [((3.3, 2.5), 100), pytest.param((3, 2.4), 50, marks=pytest.mark.slow),
                                      pytest.param((3.3, 2.5), 300, marks=pytest.mark.slow)])
def test_small_panel_figures_keep_every_text_inside(size, dpi):
    from test_figure_layout import clipped_texts, ink_on_the_border

    figure = actviz.plot(*SEED, derivative=True, panels=True, title="Four activations", size=size, dpi=dpi)
    pixels = png_pixels(figure.to_bytes("png"))
    assert pixels.shape[:2] == (round(size[1] * dpi), round(size[0] * dpi))
    assert ink_on_the_border(pixels) == 0
    assert clipped_texts(figure) == []
    for ax in figure.axes:  # a legend leaves the panel's curves room
        legend = ax.get_legend().get_window_extent(figure.canvas.get_renderer())
        assert legend.height <= 0.5 * ax.bbox.height
        assert ax.bbox.x0 - 1 <= legend.x0 and legend.x1 <= ax.bbox.x1 + 1


def test_a_legend_wider_than_its_narrow_panel_shrinks_the_type_until_it_fits():
    # three tall panels of depths on a log axis: the legends' first place spilled over the next panel
    figure = actviz.plot("sigmoid", depth=[1, 5, 10], derivative=True, logy=True, panels_by="depth")
    figure.to_bytes("png")
    renderer = figure.canvas.get_renderer()
    for ax in figure.axes:
        box = ax.get_legend().get_window_extent(renderer)
        assert ax.bbox.x0 - 1 <= box.x0 and box.x1 <= ax.bbox.x1 + 1


@pytest.mark.parametrize("panels", [False, True])
def test_shading_with_the_legend_outside_puts_it_beside_the_axes(panels):
    # --vanishing --legend outside once handed matplotlib the place "outside": a traceback
    figure = actviz.plot("relu", "tanh", derivative=True, vanishing=True, legend="outside", panels=panels)
    figure.to_bytes("png")
    renderer = figure.canvas.get_renderer()
    for ax in figure.axes:
        box = ax.get_legend().get_window_extent(renderer)
        assert box.x0 > ax.bbox.x1 and box.x1 < figure.bbox.x1
        assert "|f'| < 0.1" in [t.get_text() for t in ax.get_legend().get_texts()]


def test_a_styles_size_too_small_for_the_panels_is_told_before_any_file_is_written(tmp_path):
    # Was: nine files of a templated batch were written, then --size (not given) was blamed.
    names = ("step", "sigmoid", "relu", "tanh", "elu", "selu", "gelu", "silu", "mish")
    line = one_line_error(invoke("plot", *names, "--panels", "--style", "paper",
                                 "-o", tmp_path / "{name}.png", "-o", tmp_path / "all.png"), 2)
    assert "'--style': 3.5 x 2.6 inches (the style's size) is too small for 3x3 panels" in line
    assert list(tmp_path.iterdir()) == []


def test_panel_titles_and_tick_labels_keep_clear_of_their_neighbours():
    # Was: in a row of three at slide size the titles ran into each other (matplotlib wraps
    # a title to the figure's width, which the middle panel does not have).
    figure = actviz.plot("leaky_relu", alpha=[0.01, 0.1, 0.3], derivative=True, panels_by="alpha", style="slide")
    from actviz import render

    with render.drawing(figure):
        figure.draw_without_rendering()
        renderer = figure.canvas.get_renderer()
        titles = [ax.title.get_window_extent(renderer) for ax in figure.axes]
    assert all(a.x1 < b.x0 for a, b in zip(titles, titles[1:]))
