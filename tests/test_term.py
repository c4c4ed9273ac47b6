"""`actviz plot --term`: a figure drawn with characters in the terminal."""

import io
import os
import pty
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from actviz import term
from actviz.cli import cli
from actviz.figure import Curve, Layout
from conftest import one_line_error

GOLDEN = Path(__file__).parent / "golden"
UNICODE_ENV = {"LC_ALL": None, "LC_CTYPE": None, "LANG": "C.UTF-8", "NO_COLOR": None}


def plot(args, columns, lines, **env):
    result = CliRunner().invoke(
        cli, ["plot", *args], env={**UNICODE_ENV, "COLUMNS": str(columns), "LINES": str(lines), **env}
    )
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    return result.stdout


@pytest.mark.parametrize("name, args, size", [
    ("term-sigmoid-60x20", ["sigmoid", "--term"], (60, 20)),
    ("term-relu-d-60x20", ["relu", "-d", "--range", "-2", "2", "--title", "ReLU and its derivative",
                           "--term"], (60, 20)),
    ("term-step-sigmoid-ascii-50x16", ["step", "sigmoid", "--ascii", "--xlabel", "input x",
                                       "--ylabel", ""], (50, 16)),
])
def test_golden_output(name, args, size):
    out = plot(args, *size)
    assert out == (GOLDEN / f"{name}.txt").read_text(encoding="utf-8")
    rows = out.splitlines()
    assert max(map(len, rows)) <= size[0]
    assert len(rows) < size[1]  # a line is left for the shell's prompt


def test_fills_the_terminal_it_is_given():
    small = plot(["sigmoid", "--term"], 40, 14).splitlines()
    large = plot(["sigmoid", "--term"], 120, 40).splitlines()
    assert len(small) == 13 and len(large) == 39
    assert max(map(len, small)) <= 40 and 110 <= max(map(len, large)) <= 120


# issue 14 item 5: COLUMNS=1000000000 reached 4 GB and a numpy traceback, and
# COLUMNS=LINES=100000 asked for 466 GiB: a terminal plot fills at most 1000 x 500.
@pytest.mark.parametrize("columns, lines", [(1_000_000_000, 10), (100_000, 100_000), (2000, 1500)])
def test_issue14_item5_a_huge_terminal_size_is_clamped(columns, lines):
    rows = plot(["relu", "--term"], columns, lines).splitlines()
    assert 900 <= max(map(len, rows)) <= 1000
    assert len(rows) < 500


# issue 14 item 8: a curve with no finite value was a uniplot traceback; the figure file
# of the same input draws its axes and legend, and so does the terminal, with a note.
@pytest.mark.parametrize("args, label", [
    (["--expr", "0/0"], "0/0"),
    (["--expr", "log(x)", "--range", "-5", "-1"], "log(x)"),
    (["relu", "--expr", "0/0", "--ascii"], "0/0"),
])
def test_issue14_item8_a_curve_without_finite_values_draws_an_empty_frame_with_a_note(args, label):
    result = CliRunner().invoke(cli, ["plot", *args, "--term"],
                                env={**UNICODE_ENV, "COLUMNS": "60", "LINES": "20"})
    assert result.exit_code == 0, result.stderr
    assert result.stderr == (f"actviz: warning: {label} has no finite value over the x range: "
                             "nothing of it is drawn\n")
    rows = result.stdout.splitlines()
    assert rows[-1].split()[-1] == label  # its legend entry, last
    frame = rows[rows.index(next(r for r in rows if r[0] in "┌+")) + 1:]
    plotted = "".join(r[1:-1] for r in frame[:6])
    assert ("relu" in args) == any(c in plotted for c in "+x")  # relu's curve, the other none


def test_legend_title_and_axis_labels():
    out = plot(["sigmoid", "relu", "-d", "--xlabel", "input", "--ylabel", "activation", "--term"], 80, 24)
    rows = out.splitlines()
    assert rows[0].strip() == "sigmoid, relu"
    assert rows[1].strip() == "activation"
    assert rows[-2].strip() == "input"
    legend = rows[-1].split()
    assert legend == ["++", "sigmoid", "xx", "sigmoid'", "oo", "relu", "**", "relu'"]
    # Without colour each curve has its own marker, and each marker is on the plot.
    body = "\n".join(rows[2:-3])
    for marker in "+xo*":
        assert marker in body


def test_single_curve_uses_unicode_blocks():
    out = plot(["relu", "--term"], 60, 20)
    assert "┌" in out and "█ relu" in out
    assert any(block in out for block in "▄▀▟▛▙▜▗▖▝▘")


@pytest.mark.parametrize("env", [{"LC_ALL": "C"}, {"LC_ALL": None, "LC_CTYPE": None, "LANG": "POSIX"}])
def test_c_locale_means_ascii(env):
    out = plot(["relu", "sigmoid", "--term"], 60, 20, **env)
    assert out.isascii()
    assert "+----" in out and "| 0" in out


def test_ascii_flag_means_ascii_even_in_a_unicode_locale():
    out = plot(["relu", "--ascii"], 60, 20)
    assert out.isascii() and "+" in out


def test_an_encoding_without_box_characters_means_ascii():
    env = {k: v for k, v in os.environ.items() if k not in ("LC_ALL", "LC_CTYPE", "NO_COLOR")}
    env.update(LANG="C.UTF-8", PYTHONIOENCODING="ascii", COLUMNS="60", LINES="20")
    result = subprocess.run([sys.executable, "-m", "actviz", "plot", "relu", "--term"],
                            capture_output=True, env=env, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.isascii() and b"+---" in result.stdout


def test_can_show_unicode():
    class Stream:
        def __init__(self, encoding):
            self.encoding = encoding

    assert term.can_show_unicode(Stream("utf-8"), {"LANG": "en_GB.UTF-8"})
    assert term.can_show_unicode(Stream("utf-8"), {})
    assert not term.can_show_unicode(Stream("utf-8"), {"LC_ALL": "C", "LANG": "en_GB.UTF-8"})
    assert not term.can_show_unicode(Stream("latin-1"), {"LANG": "de_DE.ISO-8859-1"})
    assert not term.can_show_unicode(Stream("ascii"), {})


def test_wants_colour_only_on_a_terminal_without_no_color():
    class Tty(io.StringIO):
        def isatty(self):
            return True

    assert term.wants_colour(Tty(), {})
    assert not term.wants_colour(Tty(), {"NO_COLOR": "1"})
    assert term.wants_colour(Tty(), {"NO_COLOR": ""})  # no-color.org: set and not empty
    assert not term.wants_colour(Tty(), {"TERM": "dumb"})
    assert not term.wants_colour(io.StringIO(), {})


def run_in_pty(args, **env):
    """Run actviz with stdout on a pseudo-terminal; what it printed there."""
    controller, terminal = pty.openpty()
    environ = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "LC_ALL", "LC_CTYPE")}
    environ.update(LANG="C.UTF-8", COLUMNS="60", LINES="20", TERM="xterm", **env)
    process = subprocess.Popen([sys.executable, "-m", "actviz", *args], stdout=terminal,
                               stderr=subprocess.PIPE, env=environ)
    os.close(terminal)
    output = b""
    while True:
        try:
            data = os.read(controller, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not data:
            break
        output += data
    os.close(controller)
    assert process.wait(timeout=60) == 0, process.stderr.read()
    return output.decode("utf-8")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="pseudo-terminals as on Linux")
def test_colour_on_a_terminal_and_none_with_no_color():
    coloured = run_in_pty(["plot", "relu", "sigmoid", "-d", "--term"])
    assert "\x1b[" in coloured
    assert "█" in coloured  # with colour, curves are drawn with blocks, told apart by colour
    plain = run_in_pty(["plot", "relu", "sigmoid", "-d", "--term"], NO_COLOR="1")
    assert "\x1b[" not in plain
    assert "┌" in plain and "xx relu'" in plain


def test_draw_survives_infinities_and_nan():
    x = np.linspace(-2, 2, 101)
    y = np.where(x > 1, np.inf, x)
    y[10] = np.nan
    text = term.draw([Curve(x, y, "odd", 0)], Layout(title="odd", xlim=(-2, 2)), 60, 20)
    assert "odd" in text and "┌" in text


def test_draw_a_constant():
    x = np.linspace(-1, 1, 11)
    text = term.draw([Curve(x, np.ones_like(x), "one", 0)], Layout(title="", xlim=(-1, 1)), 50, 16)
    assert "█ one" in text


@pytest.mark.parametrize("extra", [["-o", "x.png"], ["--format", "svg"], ["--show"]])
def test_term_with_a_file_option_is_a_usage_error(extra):
    result = CliRunner().invoke(cli, ["plot", "relu", "--term", *extra])
    assert result.exit_code == 2
    assert "--term draws in the terminal" in result.stderr
    assert result.stdout == ""


def test_term_writes_no_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    plot(["relu", "--term"], 60, 20)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("args, x_power, y_power", [
    (["--expr", "exp(x)", "--range", "0", "1000"], None, "1e307"),  # exp(709) ~ 8e307, then inf
    (["relu", "--range", "0", "1e200"], "1e200", "1e200"),
    (["--expr", "x**100", "--range", "0", "1000"], None, "1e300"),
    (["sigmoid", "--ylim", "0", "1e300"], None, "1e300"),
    (["--expr", "exp(x)", "--range", "0", "1000", "--ylim", "0", "10"], None, None),
])
def test_huge_values_and_axes_are_drawn_in_a_power_of_ten(args, x_power, y_power):
    # uniplot squares the axis ranges: past about 1e154 that overflowed (a traceback).
    out = plot([*args, "--term"], 60, 20)
    rows = out.splitlines()
    assert max(map(len, rows)) <= 60 and "┌" in out
    assert (f"x (×{x_power})" in out) == bool(x_power)
    assert (f"y (×{y_power})" in out) == bool(y_power)


def tick_labels(out):
    rows = out.splitlines()
    return rows[next(i for i, row in enumerate(rows) if row.startswith("└")) + 1].split()


def test_tick_labels_of_a_huge_range_are_short():
    out = plot(["relu", "--range", "0", "1e20", "--term"], 60, 20)
    assert tick_labels(out) == ["0.0", "0.2", "0.4", "0.6", "0.8", "1.0"]  # was 0 and 50,000,000,000,000,000,000
    assert "x (×1e20)" in out


def test_tick_labels_of_a_tiny_range():
    out = plot(["relu", "--range", "-1e-300", "1e-300", "--term"], 60, 20)
    assert tick_labels(out) == ["-1.0", "-0.5", "0.0", "0.5", "1.0"]  # there were none
    assert "x (×1e-300)" in out and "y (×1e-300)" in out


def test_the_power_of_ten_in_ascii():
    out = plot(["relu", "--range", "0", "1e20", "--ascii"], 60, 20)
    assert out.isascii() and "x (x1e20)" in out


def test_ordinary_ranges_have_no_power_of_ten():
    for args in (["relu", "--range", "0", "999999"], ["relu", "--range", "0", "1e-4"]):
        assert "1e" not in plot([*args, "--term"], 60, 20)


def test_more_curves_than_uniplots_six_markers(run, monkeypatch):
    # Without colour each curve needs its own marker; uniplot has six of its own.
    monkeypatch.setenv("COLUMNS", "70")
    monkeypatch.setenv("LINES", "20")
    result = run("plot", "relu", "sigmoid", "tanh", "elu", "-d", "--term")
    assert result.exit_code == 0, result.stderr
    legend = result.stdout.splitlines()[-2:]
    for marker, label in [("##", "elu"), ("@@", "elu'"), ("..", "tanh'")]:
        assert any(f"{marker} {label}" in line for line in legend), legend


def test_too_many_curves_for_markers_is_a_usage_error(run, monkeypatch):
    monkeypatch.setenv("COLUMNS", "70")
    monkeypatch.setenv("LINES", "20")
    line = one_line_error(run("plot", "--all", "-d", "--term"), 2)
    assert "more than a terminal plot without colour can tell apart" in line


READCHAR_AFTER_A_PLOT = """
import sys
from actviz.cli import cli
try:
    cli(["plot", "relu", "-d", "--term"])
except SystemExit as end:
    assert end.code == 0, end.code
print("readchar" in sys.modules, "importlib.metadata" in sys.modules, file=sys.stderr)
import readchar
import uniplot.uniplot
print(readchar.key.LEFT == uniplot.uniplot.key.LEFT, readchar.__version__ != "", file=sys.stderr)
"""


@pytest.mark.slow
def test_a_terminal_plot_loads_neither_readchar_nor_importlib_metadata_and_uniplots_keys_still_work():
    result = subprocess.run([sys.executable, "-c", READCHAR_AFTER_A_PLOT], capture_output=True, text=True,
                            env={**os.environ, "COLUMNS": "60", "LINES": "20"}, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "┌" in result.stdout or "+" in result.stdout
    assert result.stderr.splitlines() == ["False False", "True True"]


# --- issue 14 item 21: ticks, the axes through 0, and a plot that fits its lines -------

def frame_rows(out):
    """The rows of the frame, top and bottom included, and the index of the top one."""
    rows = out.splitlines()
    top = next(i for i, row in enumerate(rows) if row[:1] in "┌+" and row[1:2] in "─-")
    bottom = next(i for i in range(top + 1, len(rows)) if rows[i][:1] in "└+" and rows[i][1:2] in "─-")
    return rows[top:bottom + 1], top


def y_ticks(out):
    """(row of the plotting area from the top, value) of each y tick label."""
    frame, _ = frame_rows(out)
    width = len(frame[-1])
    return [(i, float(row[width:])) for i, row in enumerate(frame[1:-1]) if row[width:].strip()]


def x_tick_centres(out):
    """{value: column of the label's centre} of the x tick labels, under the frame."""
    frame, top = frame_rows(out)
    row = out.splitlines()[top + len(frame)]
    centres = {}
    for start, text in ((m.start(), m.group()) for m in re.finditer(r"\S+", row)):
        centres[float(text)] = start + (len(text) - 1) // 2 + (text.startswith("-") and len(text) % 2 == 0)
    return centres


@pytest.mark.parametrize("args, size, top, least", [
    (["sigmoid", "relu", "--term"], (60, 20), 5.0, 5),  # relu(5): the top of the y axis
    (["step", "sigmoid", "--ascii"], (60, 20), 1.0, 5),
    (["step", "sigmoid", "--ascii"], (50, 16), 1.0, 3),  # 8 rows: 0.0, 0.5, 1.0
    (["tanh", "--term"], (60, 20), 1.0, 5),
    (["relu", "--term"], (80, 24), 5.0, 5),
])
def test_issue14_item21_y_ticks_are_evenly_spaced_from_bottom_to_top_a_blank_row_apart(args, size, top, least):
    # Was: sigmoid + relu labelled only 0 and 4; step + sigmoid in ASCII never 1.0.
    out = plot(args, *size)
    ticks = y_ticks(out)
    height = len(frame_rows(out)[0]) - 2
    rows, values = [r for r, _ in ticks], [v for _, v in ticks]
    assert len(ticks) >= least, out
    assert rows[0] == 0 and values[0] == top  # the top of the axis is labelled
    assert rows[-1] == height - 1  # and so is the bottom
    steps = {round(a - b, 9) for a, b in zip(values, values[1:])}
    assert len(steps) == 1 and steps.pop() > 0  # evenly spaced, falling down the rows
    assert all(b - a >= 2 for a, b in zip(rows, rows[1:]))  # never on adjacent rows


@pytest.mark.parametrize("args, size, end", [
    (["relu", "-d", "--range", "-2", "2", "--term"], (60, 20), 2.0),
    (["step", "sigmoid", "--ascii"], (50, 16), 5.0),
    (["sigmoid", "--range", "-1", "1", "--term"], (60, 20), 1.0),
    (["sigmoid", "--term"], (120, 40), 5.0),
])
def test_issue14_item21_x_ticks_reach_the_right_end(args, size, end):
    # Was: the labels stopped a step short of the right end ("-2 -1 0 1", "-5 0").
    out = plot(args, *size)
    values = sorted(x_tick_centres(out))
    assert values[-1] == end and values[0] == -end, out
    assert values == [-v for v in reversed(values)]  # a symmetric range, symmetric labels


def axis_column(frame):
    """The column of the vertical axis line in the rows the curve does not cross."""
    width = len(frame[-1])
    columns = {i for row in frame[1:-1] for i, c in enumerate(row[1:width - 1], 1) if c in "|│"}
    assert len(columns) <= 1, frame
    return columns.pop() if columns else None


@pytest.mark.parametrize("size", [(40, 15), (50, 16), (60, 20), (61, 21), (80, 24), (99, 30)])
@pytest.mark.parametrize("mode", ["--ascii", "--term"])
def test_issue14_item21_a_jump_at_0_stands_on_the_y_axis_and_the_0_tick_under_it(size, mode):
    # Was: in ASCII, step's jump was drawn a column left of the axis line (uniplot floors
    # where the line goes and rounds where the points go).
    out = plot(["step", mode], *size)
    frame, _ = frame_rows(out)
    inner = frame[2:-2]  # the rows between step's two flat parts: the jump alone
    marks = [{i for i, c in enumerate(row[:len(frame[-1])]) if c not in " |│"} for row in inner]
    assert all(len(m) == 1 for m in marks), out
    jump = marks[0].pop()
    assert all(m == {jump} for m in marks[1:])
    assert axis_column(frame) is None, out  # the jump covers the axis: no line beside it
    assert x_tick_centres(out)[0.0] == jump


@pytest.mark.parametrize("lines", range(12, 25))
def test_issue14_item21_a_curve_at_0_lies_on_the_x_axis_in_ascii(lines):
    # relu is 0 left of 0: that flat part and the axis line through y = 0 share a row.
    out = plot(["relu", "--ylim", "-5", "5", "--ascii"], 60, lines)
    frame, _ = frame_rows(out)
    axis_rows = [i for i, row in enumerate(frame[1:-1]) if "---" in row]
    flat_rows = [i for i, row in enumerate(frame[1:-1]) if row[1:4] == "+++"]
    assert axis_rows == flat_rows, out
    assert dict((v, r) for r, v in y_ticks(out))[0.0] == flat_rows[0]


@pytest.mark.parametrize("args", [
    ["sigmoid", "relu", "-d", "--term"],  # a legend of two rows
    ["sigmoid", "relu", "tanh", "elu", "-d", "--term"],
    ["relu", "--title", "A rather long title for a terminal only forty columns wide", "--term"],
    ["relu", "--xlabel", "the input of the activation function, x", "--ylabel",
     "the output of the activation function", "--ascii"],
])
@pytest.mark.parametrize("size", [(40, 15), (60, 20)])
def test_issue14_item21_the_whole_plot_fits_the_terminal_title_first(args, size):
    # Was: at 40 x 15 a legend of two rows (or a title wider than the terminal, wrapping)
    # made the plot a line too tall, and the title scrolled off the top.
    out = plot(args, *size)
    rows = out.splitlines()
    assert len(rows) <= size[1] - 1, out  # a line is left for the shell's prompt
    assert max(map(len, rows)) <= size[0], out
    names = args[:next(i for i, a in enumerate(args) if a.startswith("-"))]
    title = args[args.index("--title") + 1] if "--title" in args else ", ".join(names)
    _, top = frame_rows(out)
    assert " ".join(r.strip() for r in rows[:top]).startswith(title), out


@pytest.mark.parametrize("environ", [
    {"COLUMNS": "61", "LINES": "17"}, {"COLUMNS": "0", "LINES": "17"}, {"COLUMNS": "x", "LINES": "-3"},
    {"COLUMNS": "100"}, {},
])
def test_terminal_size_is_shutils(environ, monkeypatch):
    import shutil

    for name in ("COLUMNS", "LINES"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    assert term.terminal_size(environ) == tuple(shutil.get_terminal_size())


@pytest.mark.parametrize("columns", [12, 20, 33])
def test_in_a_terminal_narrower_than_the_smallest_plot_the_ticks_stand_under_the_frame(columns):
    # Was: ticks were kept within the terminal's width while the frame, never narrower
    # than SMALLEST[0], was wider: "5" stood under the middle of the frame, "0" off the axis.
    out = plot(["sigmoid", "relu", "-d", "--ascii"], columns, 12)
    rows = out.splitlines()
    frame = [i for i, row in enumerate(rows) if row.startswith("+-")]
    bottom, ticks = rows[frame[-1]], rows[frame[-1] + 1]
    assert ticks.split() == ["-5", "0", "5"], out
    assert len(bottom) - 2 <= len(ticks.rstrip()) <= len(bottom), out  # "5" under the right end
    zero = ticks.index(" 0 ") + 1
    assert rows[frame[0] + 1][zero] == "|", out  # the y axis stands over the 0 tick
