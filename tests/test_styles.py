"""--style NAME|FILE, --linewidth, --font-size: matplotlib style sheets, shipped and the user's."""

import io
import re

import numpy as np
import pytest
from PIL import Image

from conftest import one_line_error

import actviz
from actviz.figure import FigureOptions

STYLES = ("paper", "slide", "book")


def ok(result):
    assert result.exit_code == 0, (result.exit_code, result.stdout, result.stderr)
    assert result.stderr == ""
    return result.stdout


def svg_size(svg: str):
    """The width and height attributes of an SVG's root, in points."""
    root = re.search(r"<svg [^>]*>", svg).group(0)
    return (float(re.search(r'width="([\d.]+)pt"', root).group(1)),
            float(re.search(r'height="([\d.]+)pt"', root).group(1)))


def png_size(data: bytes):
    return Image.open(io.BytesIO(data)).size


def pixels(data: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(data)).convert("RGB")).astype(int)


# --- shipped styles ----------------------------------------------------------------------------
def test_paper_style_draws_a_column_wide_figure_at_300_dpi(run, tmp_path):
    svg, png = tmp_path / "f.svg", tmp_path / "f.png"
    ok(run("plot", "relu", "sigmoid", "--style", "paper", "-o", svg, "-o", png, "-q"))
    assert svg_size(svg.read_text()) == (252, 187.2)  # 3.5 x 2.6 inches
    assert png_size(png.read_bytes()) == (1050, 780)


def test_slide_style_is_large_and_its_lines_thick(tmp_path):
    fig = actviz.plot("relu", "sigmoid", style="slide")
    assert tuple(fig.get_size_inches()) == (10.0, 5.625) and fig.dpi == 150
    ax = fig.axes[0]
    assert ax.xaxis.label.get_fontsize() >= 16  # 22 points, less only if shrunk to fit
    assert [line.get_linewidth() for line in ax.get_lines()[-2:]] == [4.0, 4.0]


def test_size_and_dpi_given_win_over_the_style(run, tmp_path):
    svg, png = tmp_path / "f.svg", tmp_path / "f.png"
    ok(run("plot", "relu", "--style", "paper", "--size", "4", "3", "--dpi", "50", "-o", svg, "-o", png, "-q"))
    assert svg_size(svg.read_text()) == (288, 216)
    assert png_size(png.read_bytes()) == (200, 150)


def test_without_a_style_the_size_and_dpi_are_the_defaults_as_before(run, tmp_path):
    plain, given = tmp_path / "a.png", tmp_path / "b.png"
    ok(run("plot", "relu", "-o", plain, "-q"))
    ok(run("plot", "relu", "--size", "6.4", "4.8", "--dpi", "100", "-o", given, "-q"))
    # the same pixels; the files differ only in the command each records (the second
    # says --size 6.4 4.8 --dpi 100)
    pixels = [np.asarray(Image.open(io.BytesIO(f.read_bytes())).convert("RGB")) for f in (plain, given)]
    assert np.array_equal(*pixels)
    assert png_size(plain.read_bytes()) == (640, 480)
    assert FigureOptions().size is None and FigureOptions().dpi is None


@pytest.mark.slow
@pytest.mark.parametrize("style", STYLES)
def test_every_style_gives_the_same_bytes_every_time(run, tmp_path, style):
    def draw(folder):
        folder.mkdir()
        paths = [folder / f"f.{fmt}" for fmt in ("png", "svg", "pdf")]
        args = [a for p in paths for a in ("-o", p)]
        ok(run("plot", "relu", "leaky_relu", "sigmoid", "-d", "--style", style, *args, "-q"))
        return [p.read_bytes() for p in paths]

    first, second = draw(tmp_path / "one"), draw(tmp_path / "two")
    assert first == second
    assert first[0].startswith(b"\x89PNG") and first[1].startswith(b"<?xml") and first[2].startswith(b"%PDF")


def test_paper_style_tells_curves_apart_by_line_style_in_greyscale():
    """Four flat lines in the paper style, read in grey: the first is unbroken, the
    others broken into dashes of their own rhythm (long dashes, dots, dash-dot)."""
    fig = actviz.plot(expr=["0*x+1", "0*x+2", "0*x+3", "0*x+4"], label=list("abcd"), style="paper",
                      legend=False, grid=False, ylim=(0, 5))
    grey = np.asarray(Image.open(io.BytesIO(fig.to_bytes("png"))).convert("L")).astype(int)
    ax = fig.axes[0]
    shares, gaps = [], []
    for level in (1, 2, 3, 4):
        (left, y), (right, _) = ax.transData.transform([(-4.8, level), (-0.3, level)])
        row = int(round(grey.shape[0] - y))
        ink = grey[row - 1:row + 2, int(left):int(right)].min(axis=0) < 160
        edges = np.flatnonzero(np.diff(ink.astype(int))) + 1
        runs = np.split(ink, edges)[1:-1]  # whole runs only, not the cut ends
        dashes = [len(r) for r in runs if r[0]]
        gaps.append(sum(1 for r in runs if not r[0]))
        shares.append(sum(n <= 5 for n in dashes) / len(dashes) if dashes else None)
    assert gaps[0] == 0  # solid
    assert min(gaps[1:]) >= 10  # dashes present in each of the others
    assert shares[1] < 0.2  # dashed: long dashes only
    assert shares[2] > 0.7  # dotted: dots
    assert 0.3 < shares[3] < 0.7  # dash-dot: both


def test_paper_style_marks_curves_with_markers_spaced_along_the_line():
    fig = actviz.plot("relu", "sigmoid", "tanh", style="paper", num=2001)
    lines = fig.axes[0].get_lines()[-3:]
    markers = [line.get_marker() for line in lines]
    assert len(set(markers)) == 3 and None not in markers and "None" not in markers
    assert len({line.get_linestyle() for line in lines}) == 3
    for line in lines:  # spaced by distance along the line, not one marker a point
        every = line.get_markevery()
        assert isinstance(every, tuple) and all(isinstance(v, float) for v in every)


def test_a_styled_derivative_stays_apart_from_its_function():
    fig = actviz.plot("sigmoid", "tanh", derivative=True, style="paper")
    f, df, g, dg = fig.axes[0].get_lines()[-4:]
    for function, derivative in ((f, df), (g, dg)):
        assert derivative.get_color() == function.get_color()
        assert derivative.get_marker() == function.get_marker()
        assert derivative.get_linestyle() != function.get_linestyle()
        assert derivative.get_markerfacecolor() == "none" != function.get_markerfacecolor()


def test_book_style_draws_in_black_and_grey_only(run, tmp_path):
    path = tmp_path / "book.png"
    ok(run("plot", "relu", "leaky_relu", "sigmoid", "tanh", "-d", "--vanishing", "--style", "book",
           "-o", path, "-q"))
    rgb = pixels(path.read_bytes())
    assert (rgb[..., 0] == rgb[..., 1]).all() and (rgb[..., 1] == rgb[..., 2]).all()
    assert (rgb < 40).all(axis=2).sum() > 1000  # black curves, not just a grey wash


def test_coinciding_curves_are_widened_in_proportion_to_the_style_line_width():
    # relu lies under leaky_relu for x > 0 (see figure.overlaps): drawn wider by a level
    fig = actviz.plot("relu", "leaky_relu", style="paper")
    under, over = fig.axes[0].get_lines()[-2:]
    assert over.get_linewidth() == 1.0
    assert under.get_linewidth() == pytest.approx(1.0 * (1 + 1.5 / 1.8))


# --- a user's style file -----------------------------------------------------------------------
def test_a_users_style_file_sets_size_lines_and_colours(run, tmp_path):
    style = tmp_path / "mine.mplstyle"
    style.write_text("figure.figsize: 3, 2\nlines.linewidth: 5\naxes.prop_cycle: cycler(color=['ff0000'])\n")
    path = tmp_path / "f.svg"
    ok(run("plot", "relu", "--style", style, "-o", path, "-q"))
    svg = path.read_text()
    assert svg_size(svg) == (216, 144)
    assert re.search(r"stroke: #ff0000; stroke-width: 5[;\"]", svg)


@pytest.mark.slow
def test_a_style_file_is_the_only_configuration_read(tmp_path):
    """A matplotlibrc in the folder and in $MATPLOTLIBRC (matplotlib reads them) changes
    nothing in a styled figure: a fresh process each time, as a user runs it."""
    import os
    import subprocess
    import sys

    source = os.path.dirname(os.path.dirname(os.path.abspath(actviz.__file__)))  # this actviz

    def draw(folder, env):
        folder.mkdir(exist_ok=True)
        subprocess.run([sys.executable, "-m", "actviz", "plot", "relu", "--style", "paper", "-o", "f.png", "-q"],
                       cwd=folder, env={**os.environ, "PYTHONPATH": source, **env}, check=True, timeout=120)
        return (folder / "f.png").read_bytes()

    plain = draw(tmp_path / "plain", {})
    rc = tmp_path / "rc" / "matplotlibrc"
    rc.parent.mkdir()
    rc.write_text("lines.linewidth: 9\nfigure.dpi: 20\naxes.prop_cycle: cycler(color=['ff0000'])\n")
    (tmp_path / "here").mkdir()
    (tmp_path / "here" / "matplotlibrc").write_text(rc.read_text())
    assert draw(tmp_path / "here", {"MATPLOTLIBRC": str(rc.parent)}) == plain


# --- --linewidth and --font-size -------------------------------------------------------------------
def test_linewidth_sets_the_curves_width(run, tmp_path):
    path = tmp_path / "f.svg"
    ok(run("plot", "relu", "--linewidth", "4", "-o", path, "-q"))
    assert re.search(r"stroke: #1f77b4; stroke-width: 4[;\"]", path.read_text())


def test_linewidth_goes_over_the_style():
    fig = actviz.plot("sigmoid", style="slide", linewidth=0.5)
    assert fig.axes[0].get_lines()[-1].get_linewidth() == 0.5


def test_font_size_sets_the_type_and_keeps_the_proportions():
    ax = actviz.plot("sigmoid", font_size=14).axes[0]
    assert ax.xaxis.label.get_fontsize() == 14
    assert ax.title.get_fontsize() == pytest.approx(14 * 1.2)  # matplotlib's "large"
    paper = actviz.plot("sigmoid", style="paper", font_size=16, size=(7, 5.2)).axes[0]
    assert paper.title.get_fontsize() == 18  # the style's 9 points to its 8, doubled


@pytest.mark.parametrize("option, value, shown", [
    ("--linewidth", "0.01", "0.1 to 20"), ("--linewidth", "21", "0.1 to 20"),
    ("--font-size", "3", "4 to 72"), ("--font-size", "100", "4 to 72"),
])
def test_linewidth_and_font_size_out_of_bounds_are_usage_errors(run, tmp_path, option, value, shown):
    path = tmp_path / "f.png"
    line = one_line_error(run("plot", "relu", option, value, "-o", path), 2)
    assert option in line and shown in line
    assert not path.exists()


# --- the library --------------------------------------------------------------------------------
def test_library_plot_takes_style_linewidth_and_font_size():
    fig = actviz.plot("relu", "sigmoid", style="paper", linewidth=2, font_size=6)
    assert tuple(fig.get_size_inches()) == (3.5, 2.6) and fig.dpi == 300
    assert [line.get_linewidth() for line in fig.axes[0].get_lines()[-2:]] == [2, 2]


def test_library_plot_into_an_axes_applies_the_style_to_its_curves():
    from matplotlib.figure import Figure

    ax = Figure().add_subplot()
    actviz.plot("relu", "sigmoid", ax=ax, style="paper")
    curves = ax.get_lines()[-2:]
    assert [line.get_linestyle() for line in curves] == ["-", "--"]
    assert [line.get_marker() for line in curves] == ["o", "s"]


def test_library_plot_writes_the_styled_file_as_the_command_line_does(run, tmp_path):
    actviz.plot("relu", style="book", output=str(tmp_path / "lib.svg"))
    ok(run("plot", "relu", "--style", "book", "-o", tmp_path / "cli.svg", "-q"))
    assert (tmp_path / "lib.svg").read_bytes() == (tmp_path / "cli.svg").read_bytes()


def test_the_recorded_command_names_the_style_options():
    from actviz import page, plotting

    request = plotting.request(["relu"], options=FigureOptions(style="paper", linewidth=2, font_size=9))
    assert page.plot_command(request).endswith("--style paper --linewidth 2 --font-size 9")


# --- faults --------------------------------------------------------------------------------------
def test_an_unknown_style_name_lists_the_shipped_ones(run, tmp_path):
    path = tmp_path / "f.png"
    line = one_line_error(run("plot", "relu", "--style", "papr", "-o", path), 2)
    assert "--style" in line and "'papr'" in line and "did you mean 'paper'" in line
    assert "paper, slide and book" in line
    assert not path.exists()


@pytest.mark.parametrize("where, reason", [
    ("not-a-folder/x.mplstyle", "Not a directory"),
    ("folder.mplstyle", "it is a folder"),
    ("missing.mplstyle", "No such file"),
])
def test_an_unreadable_style_file_is_a_usage_error(run, tmp_path, where, reason):
    (tmp_path / "not-a-folder").write_text("")
    (tmp_path / "folder.mplstyle").mkdir()
    path = tmp_path / "f.png"
    path.write_bytes(b"old")
    line = one_line_error(run("plot", "relu", "--style", tmp_path / where, "-o", path), 2)
    assert "--style" in line and reason in line and where.split("/")[0] in line
    assert path.read_bytes() == b"old"


@pytest.mark.parametrize("text, said", [
    ("lines.linewidth: 1\nno.such.key: 2\n", "Bad key no.such.key in file"),
    ("# a comment\nlines.linewidth: thick\n", "Bad value in file"),
    ("# a comment\nlines.linewidth 2\n", "Missing colon in file"),
])
def test_an_invalid_style_file_is_a_usage_error_naming_file_and_line(run, tmp_path, text, said):
    style = tmp_path / "bad.mplstyle"
    style.write_text(text)
    path = tmp_path / "f.png"
    line = one_line_error(run("plot", "relu", "--style", style, "-o", path), 2)
    assert said in line and "bad.mplstyle" in line and "line 2" in line
    assert not path.exists()


def test_an_invalid_style_file_is_a_usage_error_in_the_library(tmp_path):
    style = tmp_path / "bad.mplstyle"
    style.write_text("lines.linewidth: thick\n")
    with pytest.raises(actviz.UsageError, match="Bad value.*bad.mplstyle"):
        actviz.plot("relu", style=str(style))


def test_a_page_refuses_a_style(run, tmp_path):
    path = tmp_path / "p.html"
    line = one_line_error(run("plot", "relu", "--style", "paper", "-o", path), 2)
    assert "--style" in line and ".html" in line
    assert not path.exists()
    line = one_line_error(run("plot", "relu", "--linewidth", "2", "-o", path), 2)
    assert "--linewidth" in line
    assert not path.exists()


def test_the_terminal_refuses_a_style(run):
    line = one_line_error(run("plot", "relu", "--term", "--style", "paper"), 2)
    assert "--term" in line and "--style" in line


def test_plot_help_describes_the_style_options(run):
    text = " ".join(ok(run("plot", "--help")).split())
    for words in ("--style NAME|FILE", "paper", "slide", "book", ".mplstyle", "--linewidth W", "--font-size PT"):
        assert words in text


def test_a_styled_gate_plane_draws_its_decision_lines_without_the_cycles_markers():
    import dataclasses

    from actviz import render

    plane = dataclasses.replace(actviz.gate("xor").plane(), options=FigureOptions(style="paper"))
    figure = render.decision_figure(plane)
    lines = [line for line in figure.axes[0].get_lines() if len(line.get_xdata()) == 2]
    assert len(lines) == 2 and [line.get_marker() for line in lines] == ["None", "None"]
    assert tuple(figure.get_size_inches()) == (3.5, 2.6)


def test_a_gate_plots_with_the_figure_options_in_python():
    figure = actviz.gate("and").plot(style="book", size=(4, 4), dpi=50, title="AND, the book's way")
    assert tuple(figure.get_size_inches()) == (4, 4) and figure.dpi == 50
    assert figure.axes[0].get_title(loc="left") == "AND, the book's way"
    with pytest.raises(TypeError, match="colour"):
        actviz.gate("and").plot(colour="red")


def test_a_style_that_needs_latex_is_refused(tmp_path):
    style = tmp_path / "tex.mplstyle"
    style.write_text("text.usetex: True\n")
    with pytest.raises(actviz.UsageError, match="text.usetex"):
        actviz.plot("relu", style=str(style))


def test_a_style_whose_figure_size_cannot_be_drawn_is_a_usage_error_naming_the_style(run, tmp_path):
    style = tmp_path / "tiny.mplstyle"
    style.write_text("figure.figsize: 0.5, 3\n")
    path = tmp_path / "f.png"
    line = one_line_error(run("plot", "relu", "--style", style, "-o", path), 2)
    assert "'--style'" in line and "tiny.mplstyle" in line and "at least 1 inch" in line
    assert not path.exists()
    ok(run("plot", "relu", "--style", style, "--size", "3", "3", "-o", path, "-q"))  # --size goes over it
    assert path.read_bytes().startswith(b"\x89PNG")


def test_an_animation_takes_the_style_and_its_size(run, tmp_path):
    path = tmp_path / "sweep.gif"
    ok(run("plot", "leaky_relu", "--alpha", "0.1,0.3", "--style", "paper", "--dpi", "50", "-o", path, "-q"))
    image = Image.open(path)
    assert image.size == (175, 130) and image.n_frames == 2  # 3.5 x 2.6 inches at 50 dpi
