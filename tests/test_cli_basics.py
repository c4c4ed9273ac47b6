"""The command line as a whole: version, help on every command, exit statuses."""

import os
import stat
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


def test_a_failed_write_to_stdout_is_one_line_and_exit_1(tmp_path):
    if not (os.path.exists("/dev/full") and stat.S_ISCHR(os.stat("/dev/full").st_mode)):
        pytest.skip("no /dev/full device here")
    with open("/dev/full", "w") as full:
        result = subprocess.run([actviz_command(), "eval", "relu", "--num", "100000", "--format", "csv"],
                                stdout=full, stderr=subprocess.PIPE, text=True, timeout=120, cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr == "actviz: error: No space left on device\n"
