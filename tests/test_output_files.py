"""Makefile-grade output, in process: several files per run, output-name templates,
byte-identical figures, and atomic writes under injected faults and interrupts."""

import errno
import os
import pty
import signal
import stat
import threading

import pytest
from hypothesis import given
from hypothesis import strategies as st

from actviz import files
from actviz.floats import exact_text
from actviz.cli import Terminated
from conftest import one_line_error

FORMATS = ("png", "svg", "pdf")
SIGNATURES = {"png": b"\x89PNG\r\n\x1a\n", "svg": b"<?xml", "pdf": b"%PDF-"}


def plot_bytes(run, tmp_path, *args, fmt="svg"):
    """The bytes `actviz plot ARGS -o FILE` writes, through a fresh file name."""
    out = tmp_path / f"single-{len(os.listdir(tmp_path))}.{fmt}"
    result = run("plot", *args, "-q", "-o", out)
    assert result.exit_code == 0, result.stderr
    return out.read_bytes()


def temp_files(folder):
    return [n for n in os.listdir(folder) if n.endswith(".tmp")]


# --- several files in one run -----------------------------------------------------------

def test_repeated_output_writes_one_figure_in_each_format(run, tmp_path):
    outs = [tmp_path / f"both.{fmt}" for fmt in FORMATS]
    result = run("plot", "sigmoid", "step", "-o", outs[0], "-o", outs[1], "-o", outs[2])
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "".join(f"{o}\n" for o in outs)
    for fmt, out in zip(FORMATS, outs):
        # saving one figure in three formats gives what three separate runs give
        assert out.read_bytes() == plot_bytes(run, tmp_path, "sigmoid", "step", fmt=fmt)
        assert out.read_bytes().startswith(SIGNATURES[fmt])


def test_name_template_writes_one_figure_per_activation(run, tmp_path):
    template = str(tmp_path / "figs" / "{name}.svg")
    (tmp_path / "figs").mkdir()
    result = run("plot", "sigmoid", "relu", "-d", "-o", template)
    assert result.exit_code == 0, result.stderr
    written = [tmp_path / "figs" / "sigmoid.svg", tmp_path / "figs" / "relu.svg"]
    assert result.stdout == "".join(f"{p}\n" for p in written)
    assert sorted(os.listdir(tmp_path / "figs")) == ["relu.svg", "sigmoid.svg"]
    relu = written[1].read_text()
    assert "<!-- ReLU -->" in relu and "<!-- ReLU\u2032 -->" in relu and "Sigmoid" not in relu
    # a figure drawn in a batch is the one its own command draws, byte for byte
    assert written[0].read_bytes() == plot_bytes(run, tmp_path, "sigmoid", "-d")
    assert written[1].read_bytes() == plot_bytes(run, tmp_path, "relu", "-d")


def test_templates_and_formats_combine(run, tmp_path):
    result = run("plot", "sigmoid", "step", "-q",
                 "-o", tmp_path / "{name}.png", "-o", tmp_path / "{name}.pdf", "-o", tmp_path / "both.svg")
    assert result.exit_code == 0, result.stderr
    assert sorted(os.listdir(tmp_path)) == [
        "both.svg", "sigmoid.pdf", "sigmoid.png", "step.pdf", "step.png"]
    assert "<!-- Sigmoid, Step -->" in (tmp_path / "both.svg").read_text()
    for name in ("sigmoid", "step"):
        for fmt in ("png", "pdf"):
            assert (tmp_path / f"{name}.{fmt}").read_bytes().startswith(SIGNATURES[fmt])


def test_all_writes_every_registered_activation(run, tmp_path, monkeypatch):
    import actviz

    monkeypatch.chdir(tmp_path)
    result = run("plot", "--all", "--num", "50", "--format", "svg")  # default: {name}.svg here
    assert result.exit_code == 0, result.stderr
    expected = [f"{name}.svg" for name in actviz.names()]
    assert result.stdout.splitlines() == expected
    assert sorted(os.listdir(tmp_path)) == sorted(expected)
    for name in actviz.names():  # each titled by its own display name
        assert f"<!-- {actviz.get(name).title} -->" in (tmp_path / f"{name}.svg").read_text()


def test_parameters_are_template_fields(run, tmp_path):
    result = run("plot", "relu", "leaky_relu", "-q", "-o", tmp_path / "{name}-{alpha}.svg",
                 "-o", tmp_path / "{name}-{alpha:.2f}.png")
    assert result.exit_code == 0, result.stderr
    # defaults count: relu's alpha is 0, leaky_relu's 0.1
    assert sorted(os.listdir(tmp_path)) == [
        "leaky_relu-0.1.svg", "leaky_relu-0.10.png", "relu-0.00.png", "relu-0.svg"]


def test_a_sweep_of_files_and_a_file_per_sweep(run, tmp_path):
    (tmp_path / "each").mkdir()
    (tmp_path / "per-name").mkdir()
    result = run("plot", "relu", "elu", "--alpha", "0.05,0.25", "-q",
                 "-o", tmp_path / "each" / "{name}-{alpha}.svg", "-o", tmp_path / "per-name" / "{name}.svg")
    assert result.exit_code == 0, result.stderr
    # {alpha} in the name: a file per value, each the figure of that value alone
    assert sorted(os.listdir(tmp_path / "each")) == [
        "elu-0.05.svg", "elu-0.25.svg", "relu-0.05.svg", "relu-0.25.svg"]
    assert (tmp_path / "each" / "relu-0.25.svg").read_bytes() == plot_bytes(run, tmp_path, "relu", "--alpha", "0.25")
    # only {name}: the curves with the same file name share it, the sweep drawn together
    assert sorted(os.listdir(tmp_path / "per-name")) == ["elu.svg", "relu.svg"]
    assert (tmp_path / "per-name" / "elu.svg").read_bytes() == plot_bytes(run, tmp_path, "elu", "--alpha", "0.05,0.25")


def test_curves_with_the_same_file_name_share_the_figure(run, tmp_path):
    # relu and leaky_relu at alpha=0.2 both fill 'a-{alpha}' as a-0.2: one figure with both
    result = run("plot", "relu", "leaky_relu", "--alpha", "0.2", "-o", tmp_path / "a-{alpha}.svg")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == f"{tmp_path / 'a-0.2.svg'}\n"
    assert (tmp_path / "a-0.2.svg").read_bytes() == plot_bytes(run, tmp_path, "relu", "leaky_relu", "--alpha", "0.2")


def test_an_expression_is_named_by_its_label_or_expr(run, tmp_path):
    result = run("plot", "--expr", "x / (1 + abs(x))", "--expr", "x * sigmoid(x)", "--label", "mine",
                 "sigmoid", "-q", "-o", tmp_path / "{name}.svg")
    assert result.exit_code == 0, result.stderr
    assert sorted(os.listdir(tmp_path)) == ["expr.svg", "mine.svg", "sigmoid.svg"]


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_file_numbers_read_back_to_the_same_float(value):
    text = exact_text(value)
    assert float(text) == value and str(float(text)) == str(value)  # the sign of -0.0 too
    assert "/" not in text and " " not in text


def test_file_numbers_are_short():
    assert [exact_text(v) for v in (0.0, 1.0, 0.1, -2.5, 1e-05, 1e22)] == [
        "0", "1", "0.1", "-2.5", "1e-05", "1e+22"]


def test_escaped_braces_are_literal(run, tmp_path):
    assert run("plot", "relu", "-q", "-o", tmp_path / "{{x}}.svg").exit_code == 0
    assert os.listdir(tmp_path) == ["{x}.svg"]


@pytest.mark.parametrize("args,needle", [
    (["relu", "-o", "{nmae}.png"], "unknown field {nmae}"),
    (["relu", "-o", "{name}-{beta}.png"], "unknown field {beta}"),
    (["relu", "sigmoid", "-o", "{name}-{alpha}.png"], "does not apply to sigmoid"),
    (["relu", "-o", "{}.png"], "a field is a name"),
    (["relu", "-o", "{0}.png"], "a field is a name"),
    (["relu", "-o", "{name.upper}.png"], "a field is a name"),
    (["relu", "-o", "{name!r}.png"], "conversions"),
    (["relu", "-o", "{name.png"], "bad output-name template"),
    (["relu", "-o", "{name:.2f}.png"], "bad output-name template"),
    (["relu", "-o", "{name}.jpg"], "unknown output extension"),
    (["relu", "-o", "same.png", "-o", "same.png"], "written twice"),
    (["relu", "-o", "-", "-o", "-"], "written twice"),
    (["--all", "-o", "all.png"], "one figure per activation needs {name} in the output name"),
    (["--all", "relu"], "not both"),
    (["--all", "--expr", "x"], "not both"),
    ([], "at least one"),
])
def test_bad_outputs_are_usage_errors_before_any_work(run, tmp_path, monkeypatch, args, needle):
    monkeypatch.chdir(tmp_path)
    from actviz import render

    def must_not_render(*a, **k):
        raise AssertionError("rendered before the command line was checked")

    monkeypatch.setattr(render, "render_formats", must_not_render)
    line = one_line_error(run("plot", *args), 2)
    assert needle in line
    assert os.listdir(tmp_path) == []


# issue 14 item 1: '{name:>1000000000}' built a gigabyte of text (and printed it) before
# failing; 256 is the first width no file name can hold, so it fails the same way.
@pytest.mark.parametrize("template", [
    "{name:>256}.png", "{name:>1000000000}.png", "{name:>10000000000000000000}.png",
    "{alpha:.256f}.png", "{alpha:.1000000000f}.png", "{alpha:1000000000.3}.png",
])
def test_issue14_item1_a_format_spec_no_file_name_can_hold_is_a_short_usage_error(
        run, tmp_path, monkeypatch, template):
    monkeypatch.chdir(tmp_path)
    line = one_line_error(run("plot", "relu", "--alpha", "0.1", "-q", "-o", template), 2)
    assert "cannot make a file name" in line and "'-o' / '--output'" in line
    assert len(line) < 300  # the template is quoted, not its expansion
    assert os.listdir(tmp_path) == []


def test_a_format_spec_that_does_not_fit_a_number_names_it_a_float(run, tmp_path):
    line = one_line_error(run("plot", "leaky_relu", "--alpha", "0.1", "-o", tmp_path / "{alpha:q}.png"), 2)
    assert "Unknown format code 'q' for object of type 'float'" in line  # not actviz's own '_FileNumber'


def test_every_target_is_checked_before_any_is_written(run, tmp_path):
    line = one_line_error(run("plot", "relu", "-o", tmp_path / "ok.svg", "-o", tmp_path / "no" / "x.svg"), 1)
    assert "does not exist" in line
    assert os.listdir(tmp_path) == []


def test_a_folder_where_no_file_can_be_made_fails_the_run_before_any_file_is_written(
        run, tmp_path, monkeypatch):
    # (as root every folder is writable: the refusal is the file system's, injected here;
    # on a real machine /sys or a read-only mount answers so to root too)
    (tmp_path / "ok.png").write_bytes(b"precious")
    (tmp_path / "locked").mkdir()
    real_mkstemp = files.tempfile.mkstemp

    def mkstemp(dir=None, **kwargs):
        if dir == str(tmp_path / "locked"):
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES))
        return real_mkstemp(dir=dir, **kwargs)

    monkeypatch.setattr(files.tempfile, "mkstemp", mkstemp)
    from actviz import render

    drawn = []
    monkeypatch.setattr(render, "curves_figure", lambda *a, **k: drawn.append(1))
    result = run("plot", "relu", "-o", tmp_path / "ok.png", "-o", tmp_path / "locked" / "y.png")
    line = one_line_error(result, 1)
    assert line == f"actviz: error: cannot write '{tmp_path / 'locked' / 'y.png'}': Permission denied"
    assert drawn == []  # told before any drawing
    assert (tmp_path / "ok.png").read_bytes() == b"precious"
    assert sorted(os.listdir(tmp_path)) == ["locked", "ok.png"] and os.listdir(tmp_path / "locked") == []


@pytest.mark.parametrize("fault", [OSError(errno.ENOSPC, os.strerror(errno.ENOSPC)), KeyboardInterrupt()],
                         ids=["full disk", "ctrl-c"])
def test_a_batch_that_fails_midway_leaves_every_target_as_it_was(run, tmp_path, monkeypatch, fault):
    for name in ("relu", "tanh"):
        (tmp_path / f"{name}.svg").write_text(f"old {name}")
    real_fsync = os.fsync
    synced = []

    def fsync(fd):  # the third file of four fails
        synced.append(fd)
        if len(synced) == 3:
            raise fault
        real_fsync(fd)

    monkeypatch.setattr(files.os, "fsync", fsync)
    result = run("plot", "relu", "tanh", "-o", tmp_path / "{name}.svg", "-o", tmp_path / "{name}.png")
    assert result.exit_code == (1 if isinstance(fault, OSError) else 130)
    assert result.stdout == ""  # no path printed: none was written
    assert len(synced) == 3
    assert (tmp_path / "relu.svg").read_text() == "old relu"  # written before the fault, not put in place
    assert (tmp_path / "tanh.svg").read_text() == "old tanh"
    assert sorted(os.listdir(tmp_path)) == ["relu.svg", "tanh.svg"]


def test_a_batch_prints_its_paths_once_all_are_written(run, tmp_path):
    result = run("plot", "relu", "tanh", "-o", tmp_path / "{name}.svg", "-o", tmp_path / "{name}.png")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == [str(tmp_path / f) for f in ("relu.svg", "relu.png", "tanh.svg", "tanh.png")]
    assert sorted(os.listdir(tmp_path)) == ["relu.png", "relu.svg", "tanh.png", "tanh.svg"]


def test_a_ctrl_c_while_the_files_are_put_in_place_waits_until_all_are(tmp_path, monkeypatch):
    # (a review: the k-th rename interrupted left the files before it new and the rest old)
    real_replace = os.replace
    renamed = []

    def replace(source, target):
        renamed.append(target)
        if len(renamed) == 1:
            os.kill(os.getpid(), signal.SIGINT)  # Ctrl-C during the first rename
        real_replace(source, target)

    monkeypatch.setattr(files.os, "replace", replace)
    for name in "abc":
        (tmp_path / f"{name}.png").write_bytes(b"old")
    old_handler = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        with pytest.raises(KeyboardInterrupt):
            with files.Staged() as staged:
                for name in "abc":
                    staged.write(str(tmp_path / f"{name}.png"), b"new")
    finally:
        signal.signal(signal.SIGINT, old_handler)
    assert len(renamed) == 3  # the interrupt came once all were in place
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == {f"{n}.png": b"new" for n in "abc"}


def test_a_caller_that_stops_at_the_last_output_finds_every_file_in_place(tmp_path):
    # (a review: zip(planned, write_files(...)) stopped before the files were put in place)
    from actviz import plotting

    plot = plotting.request(["relu", "tanh"], num=11)
    planned = plotting.plan_files(plot, [str(tmp_path / "{name}.svg")], None, False)
    told = [out.path for out, _ in zip(planned, plotting.write_files(plot, planned))]
    assert told == [str(tmp_path / "relu.svg"), str(tmp_path / "tanh.svg")]
    assert sorted(os.listdir(tmp_path)) == ["relu.svg", "tanh.svg"]


# --- byte-identical output --------------------------------------------------------------

@pytest.mark.parametrize("fmt", FORMATS)
def test_the_same_command_gives_the_same_bytes(run, tmp_path, fmt):
    args = ("relu", "sigmoid", "-d", "--alpha", "0.1", "--title", "Grüße, α")
    first = plot_bytes(run, tmp_path, *args, fmt=fmt)
    assert first == plot_bytes(run, tmp_path, *args, fmt=fmt)
    assert first != plot_bytes(run, tmp_path, "relu", fmt=fmt)  # the comparison can fail


def test_files_hold_no_date_and_no_version(run, tmp_path, monkeypatch):
    import matplotlib

    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    for fmt in FORMATS:
        data = plot_bytes(run, tmp_path, "sigmoid", fmt=fmt)
        assert matplotlib.__version__.encode() not in data
        assert b"Matplotlib" not in data  # the Creator/Producer/Software strings
        assert b"CreationDate" not in data and b"dc:date" not in data


def test_source_date_epoch_is_the_date_in_pdf_and_svg(run, tmp_path, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    plain = {fmt: plot_bytes(run, tmp_path, "sigmoid", fmt=fmt) for fmt in FORMATS}
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # 2023-11-14 22:13:20 UTC
    dated = {fmt: plot_bytes(run, tmp_path, "sigmoid", fmt=fmt) for fmt in FORMATS}
    assert b"/CreationDate (D:20231114221320Z)" in dated["pdf"]
    assert b"<dc:date>2023-11-14T22:13:20+00:00</dc:date>" in dated["svg"]
    assert dated["png"] == plain["png"]  # PNG holds no date
    assert dated == {fmt: plot_bytes(run, tmp_path, "sigmoid", fmt=fmt) for fmt in FORMATS}


@pytest.mark.parametrize("value, reason", [
    ("yesterday", "is not a whole number of seconds since 1970-01-01"),
    ("1.5", "is not a whole number of seconds since 1970-01-01"),
    ("+5", "is not a whole number of seconds since 1970-01-01"),
    # issue 14 item 17: these two were called "not a whole number" too
    ("-1", "is before 1970-01-01: give the seconds since then, 0 or more"),
    ("-5", "is before 1970-01-01: give the seconds since then, 0 or more"),
    ("253402300800", "is after the year 9999, the last a file's date can hold"),  # 10000-01-01
    ("99999999999999999999", "is after the year 9999, the last a file's date can hold"),
])
def test_a_malformed_source_date_epoch_is_refused(run, tmp_path, monkeypatch, value, reason):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", value)
    # The environment, not the command line, is wrong: a failed run (1), pointing at no --help.
    line = one_line_error(run("plot", "sigmoid"), 1)
    assert line == f"actviz: error: environment variable SOURCE_DATE_EPOCH={value!r} {reason}"
    assert os.listdir(tmp_path) == []


def test_the_last_second_of_year_9999_is_a_date(run, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "253402300799")  # 9999-12-31 23:59:59 UTC
    assert b"<dc:date>9999-12-31T23:59:59+00:00</dc:date>" in plot_bytes(run, tmp_path, "relu", fmt="svg")


def test_a_wrong_command_line_is_told_before_a_malformed_source_date_epoch(run, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "soon")
    assert "unknown output extension" in one_line_error(run("plot", "sigmoid", "-o", "fig.jpg"), 2)


def test_rendering_leaves_global_rcparams_alone(run, tmp_path):
    import matplotlib

    before = dict(matplotlib.rcParams)
    with matplotlib.rc_context({"lines.linewidth": 7.0, "font.size": 30.0, "svg.hashsalt": "mine"}):
        changed = dict(matplotlib.rcParams)
        assert plot_bytes(run, tmp_path, "sigmoid") == plot_bytes(run, tmp_path, "sigmoid")
        assert dict(matplotlib.rcParams) == changed  # the user's settings survive a render
    # and those settings did not reach the figure
    assert plot_bytes(run, tmp_path, "sigmoid") == plot_bytes(run, tmp_path, "sigmoid")
    assert dict(matplotlib.rcParams) == before


def test_stdout_gets_the_same_bytes_as_a_file(run, tmp_path):
    for fmt in FORMATS:
        result = run("plot", "sigmoid", "-o", "-", "--format", fmt)
        assert result.exit_code == 0 and result.stderr == ""
        assert result.stdout_bytes == plot_bytes(run, tmp_path, "sigmoid", fmt=fmt)


def test_stdout_and_files_together_print_no_paths(run, tmp_path):
    result = run("plot", "sigmoid", "-o", "-", "--format", "png", "-o", tmp_path / "{name}.png")
    assert result.exit_code == 0, result.stderr
    assert result.stdout_bytes == (tmp_path / "sigmoid.png").read_bytes()
    assert os.listdir(tmp_path) == ["sigmoid.png"]


# --- gate --plot: the same saving and writing as plot --------------------------------

def gate_plot_bytes(run, tmp_path, fmt):
    out = tmp_path / f"xor-{len(os.listdir(tmp_path))}.{fmt}"
    result = run("gate", "xor", "--plot", out)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("x1  x2  y")
    return out.read_bytes()


def test_gate_plots_are_byte_identical_and_dated_only_by_source_date_epoch(run, tmp_path, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    plain = {fmt: gate_plot_bytes(run, tmp_path, fmt) for fmt in FORMATS}
    assert plain == {fmt: gate_plot_bytes(run, tmp_path, fmt) for fmt in FORMATS}
    for data in plain.values():
        assert b"Matplotlib" not in data and b"CreationDate" not in data and b"dc:date" not in data
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "0")
    dated = {fmt: gate_plot_bytes(run, tmp_path, fmt) for fmt in FORMATS}
    assert b"/CreationDate (D:19700101000000Z)" in dated["pdf"]
    assert b"<dc:date>1970-01-01T00:00:00+00:00</dc:date>" in dated["svg"]
    assert dated["png"] == plain["png"]


def test_gate_plot_refuses_a_malformed_source_date_epoch_before_printing(run, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "soon")
    result = run("gate", "xor", "--plot", tmp_path / "xor.png")
    assert "SOURCE_DATE_EPOCH" in one_line_error(result, 1)
    assert result.stdout == "" and os.listdir(tmp_path) == []


def test_gate_plot_is_written_atomically(run, tmp_path, monkeypatch):
    out = tmp_path / "xor.png"
    out.write_bytes(b"old figure")
    fail_midway(monkeypatch, OSError(errno.ENOSPC, os.strerror(errno.ENOSPC)))
    result = run("gate", "xor", "--plot", out)
    assert "No space left on device" in one_line_error(result, 1)
    assert out.read_bytes() == b"old figure"
    assert os.listdir(tmp_path) == ["xor.png"]


# --- atomic writes ----------------------------------------------------------------------

def fail_midway(monkeypatch, exception):
    """Make the second os.write raise: the temp file then holds part of the figure."""
    real_write = os.write
    calls = []

    def write(fd, data):
        calls.append(fd)
        if len(calls) == 1:
            return real_write(fd, bytes(data[: len(data) // 2]))
        raise exception

    monkeypatch.setattr(files.os, "write", write)
    return calls


def open_files_in(folder):
    """This process's open files in ``folder`` (none known where there is no /proc)."""
    fds = "/proc/self/fd"
    links = []
    for fd in os.listdir(fds) if os.path.isdir(fds) else []:
        try:
            links.append(os.readlink(os.path.join(fds, fd)))
        except OSError:  # the descriptor listdir itself used, closed by now
            pass
    return [link for link in links if link.startswith(str(folder))]


@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EIO, errno.EDQUOT])
def test_a_write_error_midway_leaves_the_old_file_and_no_temp(run, tmp_path, monkeypatch, code):
    out = tmp_path / "fig.png"
    out.write_bytes(b"old figure")
    calls = fail_midway(monkeypatch, OSError(code, os.strerror(code)))
    line = one_line_error(run("plot", "sigmoid", "-o", out), 1)
    assert not open_files_in(tmp_path)  # the temp file's descriptor is closed too
    assert len(calls) == 2  # the failure really came mid-write
    assert line == f"actviz: error: cannot write '{out}': {os.strerror(code)}"
    assert out.read_bytes() == b"old figure"
    assert os.listdir(tmp_path) == ["fig.png"]


@pytest.mark.parametrize("interrupt,status,message", [
    (KeyboardInterrupt(), 130, "actviz: interrupted"),
    (Terminated(signal.SIGTERM), 143, "actviz: terminated by SIGTERM"),
    (Terminated(signal.SIGHUP), 129, "actviz: terminated by SIGHUP"),
])
def test_an_interrupt_midway_leaves_the_old_file_and_no_temp(run, tmp_path, monkeypatch,
                                                            interrupt, status, message):
    out = tmp_path / "fig.svg"
    out.write_text("old")
    fail_midway(monkeypatch, interrupt)
    result = run("plot", "sigmoid", "-o", out)
    assert result.exit_code == status
    assert result.stderr.strip() == message  # (click adds a newline after a terminal's ^C)
    assert out.read_text() == "old"
    assert os.listdir(tmp_path) == ["fig.svg"]


def test_a_full_device_fails_the_run_and_stays_a_device(run):
    if not (os.path.exists("/dev/full") and stat.S_ISCHR(os.stat("/dev/full").st_mode)):
        pytest.skip("no /dev/full device here")
    line = one_line_error(run("plot", "sigmoid", "--format", "png", "-o", "/dev/full"), 1)
    assert line == "actviz: error: cannot write '/dev/full': No space left on device"
    assert stat.S_ISCHR(os.stat("/dev/full").st_mode)  # written in place, never renamed over


def test_dev_null_is_written_in_place(run):
    result = run("plot", "sigmoid", "-q", "--format", "svg", "-o", "/dev/null")
    assert result.exit_code == 0, result.stderr
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_a_read_only_target_fails_the_run(run, tmp_path, monkeypatch):
    # (as root every file is writable, so the refusal is checked with os.access's answer)
    out = tmp_path / "locked.png"
    out.write_bytes(b"keep")
    real_access = os.access
    monkeypatch.setattr(files.os, "access",
                        lambda p, mode: False if str(p) == str(out) else real_access(p, mode))
    line = one_line_error(run("plot", "sigmoid", "-o", out), 1)
    assert "read-only" in line
    assert out.read_bytes() == b"keep"


def test_a_replaced_file_keeps_its_mode_and_a_new_one_follows_the_umask(run, tmp_path):
    kept = tmp_path / "kept.png"
    kept.write_bytes(b"x")
    kept.chmod(0o640)
    old = os.umask(0o027)
    try:
        assert run("plot", "sigmoid", "-q", "-o", kept, "-o", tmp_path / "new.png").exit_code == 0
    finally:
        os.umask(old)
    assert stat.S_IMODE(kept.stat().st_mode) == 0o640
    assert stat.S_IMODE((tmp_path / "new.png").stat().st_mode) == 0o640  # 0666 & ~027
    assert kept.read_bytes().startswith(SIGNATURES["png"])


def test_a_dangling_symlink_names_the_missing_folder(run, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    os.symlink(os.path.join("nowhere", "x.png"), "dl.png")
    line = one_line_error(run("plot", "sigmoid", "-o", "dl.png"), 1)
    missing = os.path.join(os.path.realpath(tmp_path), "nowhere")
    assert line == f"actviz: error: cannot write 'dl.png': it links to 'nowhere/x.png', and {missing!r} does not exist"
    assert os.listdir(tmp_path) == ["dl.png"]


def test_a_symlink_is_followed_and_kept(run, tmp_path):
    real = tmp_path / "real.svg"
    real.write_text("old")
    link = tmp_path / "link.svg"
    link.symlink_to(real)
    assert run("plot", "sigmoid", "-q", "-o", link).exit_code == 0
    assert link.is_symlink()
    assert real.read_bytes().startswith(b"<?xml")
    assert sorted(os.listdir(tmp_path)) == ["link.svg", "real.svg"]


def test_a_symlink_loop_is_refused_and_stays_a_link(run, tmp_path, monkeypatch):
    # issue 14 item 15: the loop was replaced by a regular file
    monkeypatch.chdir(tmp_path)
    os.symlink("loop.png", "loop.png")
    line = one_line_error(run("plot", "relu", "-o", "loop.png"), 1)
    assert line == "actviz: error: cannot write 'loop.png': Too many levels of symbolic links"
    assert os.path.islink("loop.png") and os.readlink("loop.png") == "loop.png"
    assert os.listdir(tmp_path) == ["loop.png"]
    with pytest.raises(files.OutputError, match="Too many levels of symbolic links"):
        files.atomic_write("loop.png", b"data")
    assert os.listdir(tmp_path) == ["loop.png"]


@pytest.mark.parametrize("stem", ["a" * 246, "가" * 82])  # 250 bytes with '.png'
def test_a_name_near_the_length_limit_can_be_written(run, tmp_path, stem):
    # issue 14 item 15: the temporary name added 14 bytes and went beyond 255
    target = tmp_path / f"{stem}.png"
    assert len(os.fsencode(target.name)) == 250
    result = run("plot", "relu", "-q", "-o", target)
    assert result.exit_code == 0, result.stderr
    assert target.read_bytes().startswith(b"\x89PNG")
    assert os.listdir(tmp_path) == [target.name]


def test_a_name_beyond_the_limit_is_the_file_systems_error(run, tmp_path):
    line = one_line_error(run("plot", "relu", "-o", tmp_path / ("a" * 252 + ".png")), 1)
    assert line.endswith(": File name too long")
    assert os.listdir(tmp_path) == []


def test_a_figure_is_never_written_to_a_terminal_named_as_a_file(run, tmp_path):
    # issue 14 item 15: -o /dev/tty --format png wrote binary to the terminal
    controller, terminal = pty.openpty()
    received = []
    # The terminal's other end is read all along, so that a write to it can never block.
    reader = threading.Thread(target=lambda: received.extend(iter(lambda: _read_or_end(controller), b"")))
    reader.start()
    try:
        (tmp_path / "tty.png").symlink_to(os.ttyname(terminal))
        lines = [
            one_line_error(run("plot", "relu", "--format", "png", "-o", os.ttyname(terminal)), 2),
            one_line_error(run("plot", "relu", "-o", tmp_path / "tty.png"), 2),
            one_line_error(run("gate", "xor", "--plot", tmp_path / "tty.png"), 2),
        ]
    finally:
        os.close(terminal)  # the reader then sees the end
        reader.join()
        os.close(controller)
    assert all("refusing to write a binary figure to the terminal" in line for line in lines), lines
    assert received == []


def _read_or_end(fd):
    try:
        return os.read(fd, 65536)
    except OSError:  # EIO: the terminal's last user closed it
        return b""


def test_parallel_writers_never_share_a_temp_file(tmp_path):
    target = str(tmp_path / "shared.bin")
    payloads = [bytes([i]) * 200_000 for i in range(8)]
    errors = []

    def writer(payload):
        try:
            for _ in range(10):
                files.atomic_write(target, payload)
                files.atomic_write(str(tmp_path / f"own-{payload[0]}.bin"), payload)
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)

    threads = [threading.Thread(target=writer, args=(p,)) for p in payloads]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert (tmp_path / "shared.bin").read_bytes() in payloads  # one whole payload, never a mix
    for p in payloads:
        assert (tmp_path / f"own-{p[0]}.bin").read_bytes() == p
    assert temp_files(tmp_path) == []


def test_temp_files_are_hidden_beside_the_target(tmp_path, monkeypatch):
    seen = []
    real_write = os.write

    def spy(fd, data):
        seen.extend(os.listdir(tmp_path))
        return real_write(fd, data)

    monkeypatch.setattr(files.os, "write", spy)
    files.atomic_write(str(tmp_path / "f.png"), b"data")
    assert len(seen) == 1 and seen[0].startswith(".f.png.") and seen[0].endswith(".tmp")
    assert os.listdir(tmp_path) == ["f.png"]
