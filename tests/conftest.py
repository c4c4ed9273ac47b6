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


@pytest.fixture
def only_matplotlibs_fonts(monkeypatch):
    """As on a machine whose only fonts are matplotlib's own (DejaVu, STIX, Computer Modern):
    no font for Hangul, Kana or CJK."""
    import matplotlib
    from matplotlib import font_manager

    from actviz import render

    own = os.path.dirname(matplotlib.get_data_path())
    monkeypatch.setattr(render, "_installed", lambda: [
        entry for entry in font_manager.fontManager.ttflist
        if entry.fname.startswith(own) and "LastResort" not in entry.fname
    ])
    monkeypatch.setattr(render, "_add_new_system_fonts", lambda: False)
