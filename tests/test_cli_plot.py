"""`actviz plot`: files by content, options, and bad input that leaves files alone."""

import os
import re
import pty
import struct
import subprocess

import numpy as np
import pytest

from conftest import actviz_command, one_line_error

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == PNG_SIGNATURE
    return struct.unpack(">II", data[16:24])


def png_pixels(path):
    import matplotlib.image

    return matplotlib.image.imread(str(path))[:, :, :3]


def test_default_output_is_names_png_in_the_current_folder(run, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("plot", "sigmoid", "step")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "sigmoid-step.png\n" and result.stderr == ""
    data = (tmp_path / "sigmoid-step.png").read_bytes()
    assert png_size(data) == (640, 480)
    assert len(data) > 10_000  # a drawn figure, not an empty canvas


def test_size_and_dpi_set_the_pixels(run, tmp_path):
    out = tmp_path / "f.png"
    assert run("plot", "relu", "--size", "4", "3", "--dpi", "50", "-o", out).exit_code == 0
    assert png_size(out.read_bytes()) == (200, 150)


def test_the_smallest_figure_is_drawn(run, tmp_path):
    out = tmp_path / "tiny.png"
    result = run("plot", "relu", "--size", "1", "1", "--dpi", "10", "-o", out)
    assert result.exit_code == 0, result.stderr
    assert png_size(out.read_bytes()) == (10, 10)


def test_a_figure_size_that_cannot_be_drawn_is_refused_by_the_library_too():
    from actviz.figure import FigureOptions, FigureSizeError

    with pytest.raises(FigureSizeError, match="pixels"):
        FigureOptions(size=(1e6, 1e6))


def test_svg_holds_title_legend_labels_and_dashed_derivatives(run, tmp_path):
    out = tmp_path / "relu.svg"
    result = run("plot", "relu", "--alpha", "0.1", "-d", "-o", out, "--xlabel", "input",
                 "--ylabel", "output")
    assert result.exit_code == 0 and result.stdout == f"{out}\n"
    svg = out.read_text()
    assert svg.startswith("<?xml") and "<svg" in svg
    for text in (r"ReLU ($\alpha$ = 0.1)", "ReLU\u2032 ($\\alpha$ = 0.1)", "input", "output"):
        assert f"<!-- {text} -->" in svg
    assert "stroke-dasharray" in svg  # the derivative is dashed


def test_custom_title(run, tmp_path):
    out = tmp_path / "t.svg"
    run("plot", "sigmoid", "--title", "The logistic curve", "-o", out)
    assert "<!-- The logistic curve -->" in out.read_text()


def test_pdf_and_format_option(run, tmp_path):
    pdf = tmp_path / "a.pdf"
    assert run("plot", "tanh", "-o", pdf).exit_code == 0
    assert pdf.read_bytes().startswith(b"%PDF-")
    bare = tmp_path / "noextension"
    assert run("plot", "sigmoid", "-o", bare, "--format", "svg").exit_code == 0
    assert b"<svg" in bare.read_bytes()


def test_quiet_prints_nothing(run, tmp_path):
    result = run("plot", "sigmoid", "-q", "-o", tmp_path / "q.png")
    assert result.exit_code == 0 and result.stdout == "" and result.stderr == ""
    assert (tmp_path / "q.png").exists()


def test_grid_option_changes_the_figure(run, tmp_path):
    run("plot", "sigmoid", "-o", tmp_path / "g.svg")
    run("plot", "sigmoid", "--no-grid", "-o", tmp_path / "n.svg")
    assert (tmp_path / "g.svg").read_text().count("<g id=\"line2d_") > (
        tmp_path / "n.svg").read_text().count("<g id=\"line2d_")


def blue_run_lengths(pixels):
    """Per column, how many pixels have the first colour of the cycle (C0, #1f77b4)."""
    c0 = np.array([0x1F, 0x77, 0xB4]) / 255
    return (np.abs(pixels - c0).sum(axis=2) < 0.15).sum(axis=0)


def axes_frame(pixels):
    """(left, right, top, bottom) pixel indices of the axes' black frame: the outermost
    columns and rows that are dark over half the figure's height or width."""
    dark = pixels.sum(axis=2) < 0.3
    columns = np.flatnonzero(dark.sum(axis=0) > pixels.shape[0] / 2)
    rows = np.flatnonzero(dark.sum(axis=1) > pixels.shape[1] / 2)
    return columns[0], columns[-1], rows[0], rows[-1]


def test_values_near_the_float_limit_draw_without_a_warning(run, tmp_path):
    # exp(709) is about 8e307: matplotlib's tick locator overflowed trying longer steps.
    out = tmp_path / "e.png"
    result = run("plot", "--expr", "exp(x)", "--range", "0", "1000", "-o", out)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    assert len(out.read_bytes()) > 10_000


def test_a_jump_is_drawn_upright_even_on_a_coarse_grid(run, tmp_path):
    # 10 points miss x = 0; without the kink and its neighbours the jump would slant.
    out = tmp_path / "step.png"
    assert run("plot", "step", "--num", "10", "--no-grid", "-o", out).exit_code == 0
    pixels = png_pixels(out)
    runs = blue_run_lengths(pixels)
    tall = np.flatnonzero(runs > 150)  # the axes are ~400 px tall; the jump spans most
    assert 1 <= len(tall) <= 4, runs
    # and it sits in the middle of the axes, where x = 0 is
    left, right, _, _ = axes_frame(pixels)
    assert abs(tall.mean() - (left + right) / 2) < 3


def flat_row(pixels):
    """The pixel row of relu's flat part (y = 0): the row with most blue on the left."""
    c0 = np.array([0x1F, 0x77, 0xB4]) / 255
    pixels = pixels[:, int(640 * 0.15):int(640 * 0.45)]
    return int(np.argmax((np.abs(pixels - c0).sum(axis=2) < 0.15).sum(axis=1)))


@pytest.mark.parametrize("option, lo, hi, reason", [
    # issue 14 item 17: matplotlib drew -0.05 .. 0.05 for the first, one unreadable tick for the second
    ("--range", "-5e-324", "5e-324", "too narrow for a figure: MAX - MIN must be at least 1e-280"),
    ("--range", "0", "1e-300", "too narrow for a figure: MAX - MIN must be at least 1e-280"),
    ("--range", "1", "1.000000000000001", "too narrow to draw: MAX - MIN must be at least 1e-12 * max"),
    ("--ylim", "0", "5e-324", "too narrow for a figure: MAX - MIN must be at least 1e-280"),
    ("--ylim", "1e10", "1.00000000000000001e10", "MIN must be less than MAX"),  # the same float
])
def test_an_axis_too_narrow_to_draw_truly_is_refused(run, tmp_path, option, lo, hi, reason):
    line = one_line_error(run("plot", "relu", option, lo, hi, "-o", tmp_path / "n.png"), 2)
    assert f"Invalid value for '{option}': " in line and reason in line, line
    if "narrow" in reason:
        assert f"{option[2:]} {lo} {hi} is too narrow" in line  # every digit shown
    assert os.listdir(tmp_path) == []


def test_the_narrowest_axes_allowed_are_drawn_as_asked(run, tmp_path):
    out = tmp_path / "n.svg"
    assert run("plot", "relu", "--range", "1", "1.000000000001", "-o", out).exit_code == 0
    ticks = re.findall(r"<!-- (.*?) -->", out.read_text())
    assert ticks[0] != "1.000000000000000" and len(ticks[:ticks.index("x")]) >= 3
    assert run("plot", "relu", "--range", "0", "1e-280", "-o", out).exit_code == 0
    assert "−0.04" not in out.read_text()  # not widened to -0.05 .. 0.05


def test_a_terminal_plot_of_a_tiny_axis_is_drawn_without_a_numpy_warning(run):
    # issue 14 item 17: "actviz: warning: overflow encountered in multiply" leaked
    result = run("plot", "relu", "--ylim", "0", "5e-324", "--term", env={"COLUMNS": "60", "LINES": "20"})
    assert result.exit_code == 0 and result.stderr == ""
    assert "y (×1e-324)" in result.stdout or "y (x1e-324)" in result.stdout


@pytest.mark.parametrize("lo, hi", [("nan", "1"), ("1", "nan"), ("-nan", "nan")])
def test_a_nan_limit_is_called_not_finite(run, lo, hi):
    # issue 14 item 17: --ylim nan 1 said "MIN must be less than MAX" (then "beyond what a figure can show")
    line = one_line_error(run("plot", "relu", "--ylim", lo, hi), 2)
    assert "Invalid value for '--ylim': ylim must be finite, got" in line


def test_ylim_sets_the_y_range(run, tmp_path):
    run("plot", "relu", "--ylim", "-1", "1", "--no-grid", "-o", tmp_path / "y.png")
    run("plot", "relu", "--no-grid", "-o", tmp_path / "auto.png")
    # with y from -1 to 1, y = 0 is the middle of the axes' frame
    pixels = png_pixels(tmp_path / "y.png")
    _, _, top, bottom = axes_frame(pixels)
    assert abs(flat_row(pixels) - (top + bottom) / 2) < 3
    # fitted to relu's 0..5 (and matplotlib's 5% margins) it is near the bottom
    pixels = png_pixels(tmp_path / "auto.png")
    _, _, top, bottom = axes_frame(pixels)
    assert abs(flat_row(pixels) - (bottom - (bottom - top) * 0.05 / 1.1)) < 3


@pytest.mark.parametrize("args,needle", [
    (["sigmod"], "did you mean 'sigmoid'"),
    (["sigmoid", "--alpha", "0.1"], "alpha"),
    (["relu", "--alpha", "x"], "not a number"),
    (["sigmoid", "--range", "5", "-5"], "less than"),
    (["sigmoid", "--num", "1"], "at least 2"),
    (["sigmoid", "--num", "100000000"], "too many"),
    (["sigmoid", "--ylim", "1", "0"], "--ylim"),
    (["sigmoid", "--dpi", "1e400"], "'--dpi': 1e400 is out of float64's range"),
    (["sigmoid", "--size", "6_4", "4"], "'--size': '6_4' is not a number"),
    (["sigmoid", "--range", "-1e308", "1e308"], "beyond what a figure can show"),
    (["sigmoid", "--range", "-1.7e308", "0"], "beyond what a figure can show"),
    (["relu", "--ylim", "-1e308", "1e308"], "--ylim"),
    (["relu", "--ylim", "-inf", "0"], "--ylim"),
    (["sigmoid", "--size", "0", "3"], "'--size': width and height must be finite and at least 1 inch"),
    (["sigmoid", "--size", "inf", "3"], "'--size': width and height must be finite"),
    (["sigmoid", "--size", "nan", "3"], "'--size': width and height must be finite"),
    (["sigmoid", "--dpi", "-5"], "'--dpi': must be finite and at least 10"),
    (["sigmoid", "--size", "1", "1", "--dpi", "1"], "'--dpi': must be finite and at least 10"),
    (["sigmoid", "--dpi", "inf"], "'--dpi': must be finite"),
    (["sigmoid", "--size", "1e6", "1e6"], "at most 16384 on each side"),
    (["sigmoid", "--dpi", "1e6"], "6400000 x 4800000 pixels; at most 16384"),
    (["sigmoid", "--size", "164", "1", "--term"], "at most 16384"),
    (["sigmoid", "-o", "fig.jpg"], "unknown output extension"),
    (["sigmoid", "-o", "fig"], "cannot tell the format"),
    (["sigmoid", "-o", "fig.png", "--format", "svg"], "does not match"),
    (["sigmoid", "--format", "jpg"], "jpg"),
])
def test_bad_command_lines_exit_2_and_write_nothing(run, tmp_path, monkeypatch, args, needle):
    monkeypatch.chdir(tmp_path)
    line = one_line_error(run("plot", *args), 2)
    assert needle in line
    assert os.listdir(tmp_path) == []


# issue 14 item 7: mathtext that cannot be parsed was a ParseSyntaxException or
# RecursionError traceback while drawing, after a batch had written some of its files.
DEEP = "$" + "{x^" * 300 + "x" + "}" * 300 + "$"


@pytest.mark.parametrize("args, option, reason", [
    (["--title", "$x^$"], "'--title'", "found end of text at character 3"),
    (["--xlabel", r"$\frac{1}{$"], "'--xlabel'", r"expected \frac{num}{den}, found '{' at character 6"),
    (["--ylabel", r"$\foo$"], "'--ylabel'", r"unknown symbol: \foo"),
    (["--expr", "x", "--label", "$x^$"], "'--label'", "found end of text at character 3"),
    (["--title", DEEP], "'--title'", "it is nested too deeply"),
])
@pytest.mark.parametrize("outputs", [["-o", "{name}.png", "-o", "{name}.svg"], ["--show"]],
                         ids=["several figures", "show"])
def test_issue14_item7_bad_mathtext_is_a_usage_error_naming_the_option_before_any_file(
        run, tmp_path, monkeypatch, args, option, reason, outputs):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DISPLAY", ":0")  # --show fails on the text, not for want of a display
    line = one_line_error(run("plot", "relu", "sigmoid", *args, *outputs), 2)
    assert f"Invalid value for {option}:" in line and "is not valid math text" in line
    assert reason in line and len(line) < 300
    assert os.listdir(tmp_path) == []


def test_issue14_item7_good_mathtext_and_dollar_signs_outside_math_are_drawn(run, tmp_path):
    result = run("plot", "relu", "--title", r"$\alpha x^2$ costs \$5", "--xlabel", "a $ sign",
                 "-o", tmp_path / "ok.svg")
    assert result.exit_code == 0, result.stderr
    svg = (tmp_path / "ok.svg").read_text()
    assert "costs" in svg.replace("<!-- ", "").replace(" -->", "")  # the title's text is there


@pytest.mark.parametrize("args, option", [
    (["--title", "cost $5 and $6"], "'--title'"),
    (["--xlabel", "price in $ (US) and $"], "'--xlabel'"),
    (["--ylabel", "$20,000-$30,000"], "'--ylabel'"),
    (["--expr", "x", "--label", "cost $5 and $6"], "'--label'"),
])
def test_dollar_signs_that_mathtext_would_read_as_math_are_a_usage_error(run, tmp_path, monkeypatch, args, option):
    # A user test: --title 'cost $5 and $6' was drawn as "cost 5 and 6" with the middle in italics.
    monkeypatch.chdir(tmp_path)
    line = one_line_error(run("plot", "relu", *args, "-o", "{name}.png"), 2)
    assert f"Invalid value for {option}:" in line and r"write \$ for a dollar sign" in line
    assert os.listdir(tmp_path) == []


@pytest.mark.parametrize("title", [r"$\sigma(x)$", r"cost \$5 and \$6", "cost $5", r"$\alpha$ = 0.1, $\beta$ = 2"])
def test_math_and_escaped_or_single_dollar_signs_are_still_drawn(run, tmp_path, title):
    result = run("plot", "relu", "--title", title, "--xlabel", title, "-o", tmp_path / "ok.png")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""


def test_the_library_refuses_dollar_signs_read_as_math_naming_the_keyword():
    import actviz
    from actviz.figure import FigureOptions

    with pytest.raises(actviz.UsageError, match=r"write \\\$ for a dollar sign") as error:
        actviz.plot("relu", title="cost $5 and $6")
    assert error.value.option == "title"
    with pytest.raises(actviz.UsageError) as error:
        actviz.plot("relu", ylabel="$ y $")
    assert error.value.option == "ylabel"
    FigureOptions(ylabel="$ y $")  # checked where matplotlib draws it, not in the options


@pytest.mark.parametrize("where", [["-o", "page.html"], ["--term"]])
def test_a_page_and_the_terminal_show_dollar_signs_as_they_are(run, tmp_path, monkeypatch, where):
    # (a review: the money check refused them, and its advice, \$, showed a backslash there)
    monkeypatch.chdir(tmp_path)
    result = run("plot", "relu", "--title", "cost $5 and $6", *where)
    assert result.exit_code == 0, result.stderr
    shown = (tmp_path / "page.html").read_text() if where[0] == "-o" else result.stdout
    assert "cost $5 and $6" in shown


def test_issue14_item7_the_library_refuses_bad_mathtext_before_drawing_into_an_axes():
    import actviz

    with pytest.raises(actviz.UsageError, match="not valid math text") as error:
        actviz.plot("relu", title="$x^$")
    assert error.value.option == "title"


def test_missing_folder_fails_the_run(run, tmp_path):
    line = one_line_error(run("plot", "sigmoid", "-o", tmp_path / "nope" / "f.png"), 1)
    assert "does not exist" in line
    assert os.listdir(tmp_path) == []


def test_folder_that_is_a_file_fails_the_run(run, tmp_path):
    (tmp_path / "file").write_text("x")
    line = one_line_error(run("plot", "sigmoid", "-o", tmp_path / "file" / "f.png"), 1)
    assert "cannot write" in line


def test_a_failed_run_leaves_an_existing_file_untouched(run, tmp_path, monkeypatch):
    out = tmp_path / "keep.png"
    out.write_bytes(b"precious")
    one_line_error(run("plot", "sigmoid", "--num", "1", "-o", out), 2)
    assert out.read_bytes() == b"precious"

    from actviz import render

    def broken(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(render, "curves_figure", broken)  # what plot calls to draw
    line = one_line_error(run("plot", "sigmoid", "-o", out), 1)
    assert line == "actviz: error: No space left on device"
    assert out.read_bytes() == b"precious"
    assert os.listdir(tmp_path) == ["keep.png"]


def test_write_error_leaves_no_partial_file(run, tmp_path, monkeypatch):
    out = tmp_path / "keep.svg"
    out.write_text("old")
    import actviz.files

    real_fsync = os.fsync

    def full_disk(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(actviz.files.os, "fsync", full_disk)
    line = one_line_error(run("plot", "sigmoid", "-o", out), 1)
    monkeypatch.setattr(actviz.files.os, "fsync", real_fsync)
    assert "No space left on device" in line
    assert out.read_text() == "old"
    assert os.listdir(tmp_path) == ["keep.svg"]


def test_new_file_gets_ordinary_permissions(run, tmp_path):
    out = tmp_path / "perm.png"
    old = os.umask(0o022)
    try:
        run("plot", "sigmoid", "-o", out)
    finally:
        os.umask(old)
    assert oct(out.stat().st_mode & 0o777) == oct(0o644)


def test_stdout_output_in_a_pipe(tmp_path):
    result = subprocess.run([actviz_command(), "plot", "sigmoid", "-o", "-", "--format", "svg"],
                            capture_output=True, timeout=120, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert b"<svg" in result.stdout[:400]
    assert os.listdir(tmp_path) == []


def test_binary_output_to_a_terminal_is_refused(tmp_path):
    controller, terminal = pty.openpty()
    try:
        proc = subprocess.run([actviz_command(), "plot", "sigmoid", "-o", "-"],
                              stdout=terminal, stderr=subprocess.PIPE, timeout=120, cwd=tmp_path)
    finally:
        os.close(terminal)
        os.close(controller)
    assert proc.returncode == 2
    assert b"terminal" in proc.stderr and proc.stderr.count(b"\n") == 1


def test_show_without_a_display_says_so(run, tmp_path, monkeypatch):
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.chdir(tmp_path)
    line = one_line_error(run("plot", "sigmoid", "--show"), 1)
    assert "display" in line
    assert os.listdir(tmp_path) == []


def test_show_without_a_display_writes_no_file_even_with_output(run, tmp_path, monkeypatch):
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    line = one_line_error(run("plot", "sigmoid", "-o", tmp_path / "s.png", "--show"), 1)
    assert line == ("actviz: error: --show: a window needs a display, and DISPLAY is not set; "
                    "nothing was written (without --show, -o writes the file)")
    assert os.listdir(tmp_path) == []


def test_show_with_a_display_but_no_interactive_backend_writes_no_file(tmp_path):
    env = {**os.environ, "DISPLAY": ":9999", "MPLBACKEND": "agg"}
    result = subprocess.run([actviz_command(), "plot", "sigmoid", "-o", "s.png", "--show"],
                            capture_output=True, text=True, timeout=120, cwd=tmp_path, env=env)
    assert result.returncode == 1
    assert result.stderr == ("actviz: error: --show: a window needs an interactive matplotlib backend, but it is "
                             "'agg'; nothing was written (without --show, -o writes the file)\n")
    assert result.stdout == "" and os.listdir(tmp_path) == []


@pytest.mark.slow
@pytest.mark.parametrize("backend", ["TkAgg", "Qt5Agg", "module://nope"])
def test_show_with_a_backend_that_cannot_load_is_one_line_and_writes_nothing(tmp_path, backend):
    # issue 14 item 13: these raised an ImportError traceback when the figure was drawn
    env = {**os.environ, "DISPLAY": ":99", "MPLBACKEND": backend}
    result = subprocess.run([actviz_command(), "plot", "relu", "-o", "r.png", "--show"],
                            capture_output=True, text=True, timeout=120, cwd=tmp_path, env=env)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr and result.stderr.count("\n") == 1
    assert result.stderr.startswith(f"actviz: error: --show: MPLBACKEND={backend!r} cannot open a window: ")
    assert result.stderr.endswith("; nothing was written (without --show, -o writes the file)\n")
    assert result.stdout == "" and os.listdir(tmp_path) == []


def test_format_help_says_what_format_does(run, tmp_path, monkeypatch):
    # It sets the format where no extension gives one, and cannot override one that does.
    help_text = " ".join(run("plot", "--help").stdout.split())
    assert "overrides" not in help_text
    assert ("--format [png|svg|pdf|html|gif] Figure format for '-o -', an -o without .png, .svg, .pdf, "
            ".html or .gif, "
            "and the default file name (png); it must agree with an -o's extension.") in help_text
    monkeypatch.chdir(tmp_path)
    assert run("plot", "sigmoid", "-q", "-o", "fig", "--format", "svg").exit_code == 0
    assert run("plot", "sigmoid", "--format", "pdf").stdout == "sigmoid.pdf\n"
    assert (tmp_path / "fig").read_bytes().startswith(b"<?xml")
    assert (tmp_path / "sigmoid.pdf").read_bytes().startswith(b"%PDF-")
    line = one_line_error(run("plot", "sigmoid", "-o", "a.png", "--format", "svg"), 2)
    assert "'--format': format svg does not match the extension of 'a.png'" in line
