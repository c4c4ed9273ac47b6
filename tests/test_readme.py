"""The README's promises: its two set-up commands, and sections generated from the code."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from actviz import registry

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


def python_examples():
    return re.findall(r"```pycon\n(.*?)```", README, re.DOTALL)


def test_the_python_examples_print_what_the_readme_says(tmp_path, monkeypatch):
    import doctest

    examples = python_examples()
    assert len(examples) >= 2
    monkeypatch.chdir(tmp_path)  # the examples may write files (output=...)
    parser = doctest.DocTestParser()
    runner = doctest.DocTestRunner(optionflags=doctest.NORMALIZE_WHITESPACE)
    globs: dict = {}
    # An example registers a name: save the registry to restore it after. Load the catalog
    # first, or the empty registry of a process that has not used it yet is what comes back.
    registry.names()
    saved = dict(registry._registry), dict(registry._aliases)
    try:
        for k, text in enumerate(examples):
            test = parser.get_doctest(text, globs, f"README pycon block {k + 1}", "README.md", 0)
            runner.run(test, clear_globs=False)
            globs = test.globs  # a later block goes on from an earlier one, as in one session
    finally:
        registry._registry.clear(), registry._registry.update(saved[0])
        registry._aliases.clear(), registry._aliases.update(saved[1])
    failed, tried = runner.summarize(verbose=False)
    assert tried > 10 and failed == 0
    assert (tmp_path / "sigmoid.png").read_bytes()[:4] == b"\x89PNG"


def test_the_python_blocks_run_and_give_the_values_in_their_comments():
    """```python blocks (not sessions): each runs as written, and a line whose comment
    starts with a Python value (`# [0.0, 1.0]`, `# False: ...`) gives that value."""
    import ast

    blocks = re.findall(r"```python\n(.*?)```", README, re.S)
    assert blocks
    checked = 0
    for block in blocks:
        if "actviz" not in block or "pip install" in block:
            continue
        globs: dict = {}
        for line in block.splitlines():
            code, _, comment = line.partition("  #")
            if not code.strip():
                continue
            if code.startswith((" ", "\t", "def ", "@", "class ")):
                break  # a definition: the block is shown, not run line by line
            expected = re.match(r"\s*(\[.*?\]|True|False|-?\d[\d.e+-]*)(?::|$|\s)", comment)
            if expected and not code.lstrip().startswith(("from ", "import ")):
                assert eval(code, globs) == ast.literal_eval(expected.group(1)), line
                checked += 1
            else:
                exec(code, globs)
    assert checked >= 3


@pytest.mark.slow
def test_the_first_screen_says_how_to_run_what_was_installed(tmp_path):
    # issue 14 item 18: after the install the learner typed `actviz` and got "command not found"
    first_screen = " ".join(README.split("\n## ")[0].split())
    activate = "`. .venv/bin/activate`"
    assert activate in first_screen and "`.venv/bin/actviz list`" in first_screen
    # Followed in a folder whose .venv is this test's venv, with nothing else on PATH:
    (tmp_path / ".venv").symlink_to(Path(sys.executable).parent.parent)
    env = {**os.environ, "PATH": "/usr/bin:/bin"}
    for command in (activate.strip("`") + " && actviz --version", ".venv/bin/actviz --version"):
        ran = subprocess.run(["sh", "-c", command], cwd=tmp_path, env=env, capture_output=True,
                             text=True, timeout=120)
        assert ran.returncode == 0 and ran.stdout.startswith("actviz "), (command, ran.stderr)
    bare = subprocess.run(["sh", "-c", "actviz --version"], cwd=tmp_path, env=env, capture_output=True)
    assert bare.returncode == 127  # what the README warns of
