"""The command line as a whole: version, help on every command, exit statuses."""

import io
import os
import subprocess
import sys

import pytest

from actviz import __version__
from actviz.cli import cli
from conftest import actviz_command, one_line_error

COMMANDS = sorted(cli.commands)


def test_version(run):
    result = run("--version")
    assert result.exit_code == 0
    assert result.stdout == f"actviz {__version__}\n"


@pytest.mark.parametrize("flag", ["-h", "--help"])
@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_with_an_example(run, command, flag):
    result = run(command, flag)
    assert result.exit_code == 0
    assert result.stdout.startswith(f"Usage: actviz {command}")
    assert "Examples:" in result.stdout
    assert f"actviz {command} " in result.stdout.split("Examples:")[1]


@pytest.mark.parametrize("command", [None, *COMMANDS])
def test_help_fits_80_columns_with_examples_aligned(run, command):
    from actviz.tables import text_width  # Hangul in an example is two columns a character

    result = run(*[command] if command else [], "--help")
    assert result.exit_code == 0
    assert max(text_width(line) for line in result.stdout.splitlines()) <= 80
    examples = result.stdout.split("Examples:\n")[1].split("\n\n")[0].splitlines()
    indent = min(len(line) - len(line.lstrip()) for line in examples)
    starts = set()
    for line in examples:  # a command and its description after a gap, or on the next line
        if len(line) - len(line.lstrip()) > indent:
            description = line.strip()
        else:
            description = line.strip().partition("  ")[2].strip()
        if description:
            starts.add(text_width(line[:line.index(description)]))
    assert len(starts) <= 1, f"descriptions start at columns {sorted(starts)}"


def test_group_help_lists_the_commands(run):
    result = run("--help")
    assert result.exit_code == 0
    for command in ("list", "plot", "eval"):
        assert command in result.stdout


def test_unknown_command_is_a_usage_error(run):
    line = one_line_error(run("plto"), 2)
    assert "plto" in line


def test_unknown_option_is_one_line_with_a_hint(run):
    line = one_line_error(run("eval", "sigmoid", "--colour"), 2)
    assert line.startswith("actviz eval: error:")
    assert "--colour" in line and "actviz eval --help" in line


def test_python_dash_m_runs_the_cli():
    result = subprocess.run(
        [sys.executable, "-m", "actviz", "--help"], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0
    assert "Usage:" in result.stdout and "plot" in result.stdout


def test_installed_command_evaluates():
    command = actviz_command()
    assert command, "the actviz script is not installed"
    result = subprocess.run(
        [command, "eval", "sigmoid", "--at", "0", "--format", "csv"],
        capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == "x,sigmoid\n0.0,0.5\n"
    assert result.stderr == ""


def test_installed_command_reports_errors_without_traceback():
    result = subprocess.run(
        [actviz_command(), "eval", "sigmod"], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1
    assert "did you mean 'sigmoid'" in result.stderr
    assert result.stdout == ""


def run_with_file_size_limit(args, tmp_path, limit, unbuffered):
    """Run the installed command with stdout redirected to a file that may grow to only
    ``limit`` bytes (RLIMIT_FSIZE, SIGXFSZ ignored): a write past it fails with EFBIG,
    as a write to a full disk fails with ENOSPC, without touching a device."""
    resource = pytest.importorskip("resource")
    import signal

    def limited():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    if unbuffered:
        env["PYTHONUNBUFFERED"] = "1"
    with open(tmp_path / "out", "wb") as out:
        return subprocess.run([actviz_command(), *args], stdout=out, stderr=subprocess.PIPE, text=True,
                              timeout=120, cwd=tmp_path, env=env, preexec_fn=limited)


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs preexec_fn")
@pytest.mark.parametrize("unbuffered", [False, True], ids=["buffered", "PYTHONUNBUFFERED"])
@pytest.mark.parametrize("args, limit", [
    (["list"], 0),
    (["eval", "relu", "--num", "100000", "--format", "csv"], 0),
    (["gate", "xor"], 0),
    (["plot", "relu", "--term"], 0),
    (["plot", "relu", "-o", "-", "--format", "svg"], 0),
    (["plot", "relu", "-o", "-", "--format", "svg"], 1000),  # a partial write, then the error
])
def test_a_failed_write_to_stdout_names_stdout_and_exits_1(tmp_path, args, limit, unbuffered):
    result = run_with_file_size_limit(args, tmp_path, limit, unbuffered)
    assert (result.returncode, result.stderr) == (1, "actviz: error: cannot write to stdout: File too large\n")
    assert (tmp_path / "out").stat().st_size == limit


# issue 14 item 2: an unbuffered stdout (PYTHONUNBUFFERED) took 1,024 bytes of a text
# write and the rest was dropped, exit 0; the binary '-o -' path already wrote it all.
TEXT_OUTPUTS = [
    ["list", "--format", "json"],
    ["eval", "relu", "--num", "1000", "--format", "csv"],
    ["eval", "relu", "--num", "1000"],
    ["gate", "or", "--train", "--format", "json"],
    ["plot", "relu", "--term"],
]


@pytest.mark.slow
@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs preexec_fn")
@pytest.mark.parametrize("args", TEXT_OUTPUTS, ids=" ".join)
def test_issue14_item2_a_short_text_write_to_an_unbuffered_stdout_is_an_error(tmp_path, args):
    result = run_with_file_size_limit(args, tmp_path, 1024, unbuffered=True)
    assert (result.returncode, result.stderr) == (1, "actviz: error: cannot write to stdout: File too large\n")
    assert (tmp_path / "out").stat().st_size == 1024


class ShortWrites(io.RawIOBase):
    """A raw stream that takes at most 7 bytes per write, as a pipe or a signal may."""

    def __init__(self):
        self.data = bytearray()

    def writable(self):
        return True

    def write(self, chunk):
        self.data += bytes(chunk[:7])
        return min(len(chunk), 7)


@pytest.mark.parametrize("args", TEXT_OUTPUTS + [["plot", "relu", "-o", "-", "--format", "svg"]],
                         ids=" ".join)
def test_issue14_item2_every_output_reaches_a_short_writing_stdout_whole(run, monkeypatch, args):
    # stdout as PYTHONUNBUFFERED makes it: a text layer writing through to the raw file.
    raw = ShortWrites()
    monkeypatch.setattr(sys, "stdout", io.TextIOWrapper(raw, encoding="utf-8", write_through=True))
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.setenv("LINES", "24")
    with pytest.raises(SystemExit) as done:
        cli.main(args, prog_name="actviz")
    assert done.value.code == 0
    expected = run(*args, env={"COLUMNS": "80", "LINES": "24"}).stdout_bytes
    assert len(expected) > 1000 and bytes(raw.data) == expected


def run_with_closed(fd, args, tmp_path):
    """Run the installed command with stdin (0) or stdout (1) closed, as `<&-` or `>&-` do."""
    return subprocess.run([actviz_command(), *args], stdin=subprocess.DEVNULL if fd else None,
                          stdout=None if fd else subprocess.DEVNULL, stderr=subprocess.PIPE,
                          text=True, timeout=300, cwd=tmp_path, preexec_fn=lambda: os.close(fd))


# issue 14 item 6: with stdout or stdin closed, Python's sys.stdout or sys.stdin is None,
# and every command ended in an AttributeError traceback.
@pytest.mark.slow
@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs preexec_fn")
@pytest.mark.parametrize("fd, args, message", [
    (1, ["eval", "relu", "--at", "1"], "cannot write to stdout: stdout is closed"),
    (1, ["list"], "cannot write to stdout: stdout is closed"),
    (1, ["gate", "xor"], "cannot write to stdout: stdout is closed"),
    (1, ["plot", "relu", "-o", "-", "--format", "svg"], "cannot write to stdout: stdout is closed"),
    (1, ["plot", "relu", "--term"], "cannot write to stdout: stdout is closed"),
    (0, ["eval", "relu", "--at", "-"], "cannot read stdin: stdin is closed"),
], ids=lambda value: " ".join(value) if isinstance(value, list) else None)
def test_issue14_item6_a_closed_stdout_or_stdin_is_a_one_line_error(tmp_path, fd, args, message):
    result = run_with_closed(fd, args, tmp_path)
    assert (result.returncode, result.stderr) == (1, f"actviz: error: {message}\n")


@pytest.mark.slow
@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs preexec_fn")
def test_issue14_item6_a_figure_file_is_written_with_stdout_closed_and_no_path_printed(tmp_path):
    result = run_with_closed(1, ["plot", "relu", "-o", "x.png"], tmp_path)
    assert (result.returncode, result.stderr) == (0, "")
    assert (tmp_path / "x.png").read_bytes().startswith(b"\x89PNG")


def test_a_failed_read_of_stdin_names_stdin_not_stdout(run, monkeypatch):
    import errno

    from actviz import grid

    real_read_points = grid.read_points
    blocks = iter([b"1 2\n", b""])

    def failing_read(read, read_size=None):
        yield from real_read_points(lambda n: next(blocks))
        raise OSError(errno.EIO, os.strerror(errno.EIO))  # after the first numbers

    monkeypatch.setattr(grid, "read_points", failing_read)
    result = run("eval", "relu", "--at", "-", "--format", "csv", input="ignored")
    assert one_line_error(result, 1) == "actviz: error: cannot read stdin: Input/output error"


def test_the_table_formats_the_cli_offers_are_the_ones_the_writers_write():
    # cli.TABLE_FORMATS is the one list (kept in cli.py, so --help imports no writer).
    import io

    import numpy as np

    from actviz.cli import TABLE_FORMATS
    from actviz.tables import write_numbers, write_records

    for fmt in TABLE_FORMATS:
        for write, rows in ((write_records, [[0.5]]), (write_numbers, [[np.array([0.5])]])):
            out = io.StringIO()
            write(out, ["y"], rows, fmt)
            assert "0.5" in out.getvalue(), (write.__name__, fmt)
    for write in (write_records, write_numbers):
        with pytest.raises(ValueError, match="unknown table format 'xml'"):
            write(io.StringIO(), ["y"], [], "xml")


def test_every_table_command_offers_the_same_formats():
    from actviz.cli import TABLE_FORMATS

    for name in ("list", "eval", "gate"):
        (option,) = [p for p in cli.commands[name].params if p.name == "fmt"]
        assert (tuple(option.type.choices), option.default) == (TABLE_FORMATS, "table"), name


@pytest.mark.parametrize("command, sweeps", [("plot", True), ("eval", True), ("gate", False)])
def test_parameter_help_mentions_sweeps_only_where_they_are_allowed(run, command, sweeps):
    options = run(command, "--help").stdout.split("\nOptions:\n")[1]
    assert ("sweep" in options) == sweeps
    assert ("--alpha VALUE[,VALUE...]" in options) == sweeps
    assert ("--param NAME=VALUE[,VALUE...]" in options) == sweeps


# --- newcomer papercuts (issue 14 item 19) ------------------------------------------------

@pytest.mark.parametrize("args, given, number", [
    (["plot", "relu", "--alpha", "0,1", "-o"], "--alpha 0,1", "0.1"),
    (["eval", "relu", "-p", "alpha=0,5", "--at", "1", "-o"], "-p alpha=0,5", "0.5"),
    (["eval", "softplus", "--beta", "1,5", "--at", "1", "-o"], "--beta 1,5", "1.5"),
])
def test_a_two_value_sweep_that_looks_like_a_decimal_comma_is_warned_of(run, tmp_path, args, given, number):
    args = args[:-1] if args[0] == "eval" else [*args, tmp_path / "a.png"]
    result = run(*args)
    assert result.exit_code == 0, result.stderr
    first, second = number.split(".")
    assert result.stderr == (f"actviz: warning: {given} is a sweep of two values, {first} and {second}; "
                             f"for the number {number} write a decimal point\n")


@pytest.mark.parametrize("value", ["0.1,0.2", "0,0.5", "-1,1", "1,2,3", "0:1:0.5", "0.1"])
def test_other_sweeps_are_not_warned_of(run, value):
    result = run("eval", "relu", "--alpha", value, "--at", "1")
    assert result.exit_code == 0 and result.stderr == ""


@pytest.mark.parametrize("command, name, option", [
    ("plot", "alpha=0.1", "--alpha 0.1"),
    ("eval", "beta=2", "--beta 2"),
    ("eval", "lambd=0.3", "-p lambd=0.3"),
])
def test_a_parameter_typed_as_a_name_points_at_its_option(run, command, name, option):
    line = one_line_error(run(command, "relu", name), 2)
    assert line == (f"actviz {command}: error: {name!r} is not an activation name; set a parameter with "
                    f"{option} (see 'actviz {command} --help')")


@pytest.mark.parametrize("command", ["plot", "eval"])
def test_xlim_points_to_range(run, command):
    line = one_line_error(run(command, "sigmoid", "--xlim", "-3", "3"), 2)
    assert line == (f"actviz {command}: error: No such option '--xlim'; the x range is --range MIN MAX "
                    f"(see 'actviz {command} --help')")
    assert "--range" not in one_line_error(run("gate", "and", "--xlim", "1"), 2)  # gate has no range


def test_weights_separated_by_spaces_are_told_to_use_commas(run):
    line = one_line_error(run("gate", "--weights", "0.5", "0.5", "--bias", "-0.7"), 2)
    assert line == ("actviz gate: error: --weights takes every weight in one value, separated by commas: "
                    "--weights 0.5,0.5 (0.5 was read as a gate name) (see 'actviz gate --help')")
    three = one_line_error(run("gate", "--weights", "1", "1", "2"), 2)
    assert "--weights 1,1,2 (1 2 was read as a gate name)" in three
    assert "cannot be combined" in one_line_error(run("gate", "and", "--weights", "1,1"), 2)


@pytest.mark.parametrize("args, option", [
    (["plot", "relu", "--alpha"], "--alpha"),
    (["eval", "relu", "--at"], "--at"),
    (["gate", "--weights"], "--weights"),
    (["plot", "relu", "--range", "1"], "--range"),
])
def test_a_missing_option_value_keeps_the_subcommand_in_the_message(run, args, option):
    command = args[0]
    line = one_line_error(run(*args), 2)
    assert line.startswith(f"actviz {command}: error: Option '{option}' requires ")
    assert line.endswith(f"(see 'actviz {command} --help')")


@pytest.mark.parametrize("typed, offered", [
    ("hard_sigmod", ["hardsigmoid"]),  # close to the name and to its alias hard_sigmoid
    ("gelu_aprox", ["gelu_tanh"]),  # close to two aliases of one activation
])
def test_a_suggestion_names_an_activation_once_not_its_aliases_too(run, typed, offered):
    line = one_line_error(run("eval", typed), 2)
    suggested = line.split("did you mean ")[1].split("?")[0]
    assert [name.strip("'") for name in suggested.split(" or ")][:len(offered)] == offered
    assert suggested.count("'hard_sigmoid'") == suggested.count("'gelu_approx'") == 0
