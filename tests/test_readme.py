"""The README's promises: its two set-up commands, and sections generated from the code."""

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_generated_sections_are_current():
    result = subprocess.run(
        [sys.executable, str(ROOT / "docs" / "readme_sections.py"), "--check"],
        capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 0, result.stderr


def setup_commands():
    first_screen = README.split("\n## ")[0]
    blocks = re.findall(r"```sh\n(.*?)```", first_screen, re.DOTALL)
    return [line for block in blocks for line in block.splitlines()
            if line.strip() and not line.startswith("#")]


def test_first_screen_has_exactly_two_commands():
    commands = setup_commands()
    assert len(commands) == 2
    assert "actviz plot" in commands[0]
    assert "pytest" in commands[1]


def test_ci_runs_the_readme_test_command():
    ci_lines = (ROOT / ".ci" / "run").read_text().splitlines()
    assert setup_commands()[1] in ci_lines
