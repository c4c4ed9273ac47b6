import os
import shutil
import sys

import pytest
from click.testing import CliRunner

from actviz.cli import cli


def invoke(*args, input=None, env=None):
    """Run the CLI in-process: ``invoke("eval", "relu")``; returns click's Result (stdout
    and stderr kept apart). The one runner every CLI test uses."""
    return CliRunner().invoke(cli, [str(a) for a in args], input=input, env=env, prog_name="actviz")


@pytest.fixture
def run():
    """``invoke`` as a fixture."""
    return invoke


def one_line_error(result, status):
    """The failure shape every bad input must have: one line on stderr, no traceback."""
    assert result.exit_code == status, (result.exit_code, result.stdout, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    return lines[0]


def actviz_command():
    """The installed `actviz` script beside this Python (the venv's), for real subprocess runs."""
    script = os.path.join(os.path.dirname(sys.executable), "actviz")
    return script if os.path.exists(script) else shutil.which("actviz")
