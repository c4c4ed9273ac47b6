"""Start-up: each command imports what its work needs and nothing more.

Every case runs the real command in a subprocess under ``python -X importtime`` and reads
which modules it imported; speed itself is measured in benchmarks/, never here.
"""

import os
import subprocess
import sys

import pytest

from actviz.cli import cli

HEAVY = {"matplotlib", "PIL", "uniplot", "actviz.render", "actviz.term"}
REGISTRY = {"numpy", "actviz.registry", "actviz.catalog"}
NUMPY = {"numpy", "actviz.catalog"}
# The figure's classes (four dataclasses, ~8 ms to create) only for a command that draws.
FIGURE = {"actviz.figure"}

# (command line, stdin, modules it must not import, modules it must import)
CASES = {
    "help": (["--help"], None, HEAVY | REGISTRY | {"actviz.perceptrons"} | FIGURE, set()),
    "eval-help": (["eval", "--help"], None, HEAVY | REGISTRY | FIGURE, set()),
    "version": (["--version"], None, HEAVY | REGISTRY | FIGURE, set()),
    "check-help": (["check", "--help"], None, HEAVY | REGISTRY | FIGURE, set()),
    "list": (["list"], None, HEAVY | FIGURE, {"actviz.catalog"}),
    # numpy.ma (a fifth of numpy's import) only when a masked array comes in.
    "eval": (["eval", "sigmoid", "relu", "-d"], None, HEAVY | {"numpy.ma"} | FIGURE, {"numpy", "actviz.tables"}),
    "eval-csv": (["eval", "relu", "--range", "-1", "1", "--num", "101", "--format", "csv"], None,
                 HEAVY | FIGURE, {"actviz.tables"}),
    "eval-stdin": (["eval", "relu", "--at", "-", "--format", "json"], "1 2 3\n", HEAVY | FIGURE, {"actviz.tables"}),
    # uniplot's readchar (its interactive mode) and readchar's importlib.metadata (email,
    # zipfile, socket) are not for a plot: actviz.term imports uniplot without them. Nor
    # numpy.ma (np.unique's import), shutil (bz2, lzma), decimal (only for a sweep range),
    # string (output-name templates) or the perceptrons (the help's training limits).
    "plot-term": (["plot", "relu", "-d", "--term"], None,
                  HEAVY - {"uniplot", "actviz.term"} | {"readchar", "importlib.metadata", "email", "zipfile",
                                                      "socket", "numpy.ma", "shutil", "bz2", "lzma",
                                                      "decimal", "string", "actviz.perceptrons"},
                  {"uniplot", "actviz.term"}),
    "plot-png": (["plot", "relu", "-o", "{tmp}/relu.png"], None,
                 {"matplotlib.pyplot", "uniplot", "actviz.term", "actviz.tables"},
                 {"matplotlib", "actviz.render"}),
    # A truth table is a few rows of plain Python: no numpy (~60 ms) for any format,
    # --explain, --weights or --expect; another activation, --train or --plot may load it.
    "gate": (["gate", "xor"], None, HEAVY | NUMPY | FIGURE, {"actviz.perceptrons"}),
    "gate-explain-json": (["gate", "all", "--explain", "--format", "json"], None, HEAVY | NUMPY | FIGURE,
                          {"actviz.logic_gates", "actviz.tables"}),
    "gate-weights-expect": (["gate", "--weights", "0.5,0.5", "--bias", "-0.7", "--expect", "and"], None,
                            HEAVY | NUMPY | FIGURE, {"actviz.perceptrons"}),
    "gate-csv": (["gate", "xnor", "not", "--format", "csv"], None, HEAVY | NUMPY | FIGURE, {"actviz.tables"}),
    "gate-tsv-step": (["gate", "nand", "--activation", "step", "--format", "tsv"], None, HEAVY | NUMPY | FIGURE,
                      {"actviz.tables"}),
    "gate-sigmoid": (["gate", "xor", "--activation", "sigmoid"], None, HEAVY | FIGURE, {"numpy", "actviz.catalog"}),
    "gate-train": (["gate", "or", "--train"], None, HEAVY | FIGURE, {"numpy"}),
    "info": (["info", "gelu", "--format", "json"], None, HEAVY | FIGURE, {"actviz.properties", "actviz.tables"}),
    "list-properties": (["list", "--properties"], None, HEAVY | FIGURE, {"actviz.properties"}),
}


def imported_modules(args, stdin=None, env_extra=None, cwd=None):
    env = dict(os.environ, **(env_extra or {}))
    env.pop("MPLBACKEND", None)
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "actviz", *args],
        input=stdin, capture_output=True, text=True, env=env, cwd=cwd, timeout=120,
    )
    modules = set()
    other = []
    for line in result.stderr.splitlines():
        if line.startswith("import time:"):
            name = line.rsplit("|", 1)[1].strip()
            if name != "package":  # the header line
                modules.add(name)
        else:
            other.append(line)
    return result, modules, "\n".join(other)


@pytest.mark.parametrize("case", sorted(CASES))
def test_command_imports_only_what_it_needs(case, tmp_path):
    args, stdin, forbidden, needed = CASES[case]
    args = [a.replace("{tmp}", str(tmp_path)) for a in args]
    result, modules, stderr = imported_modules(args, stdin, cwd=tmp_path)
    assert result.returncode == 0, stderr
    assert modules, "importtime reported nothing: the check would pass vacuously"
    assert not forbidden & modules, f"{case} imported {sorted(forbidden & modules)}"
    assert needed <= modules, f"{case} did not import {sorted(needed - modules)}"


def test_subcommand_completion_loads_only_click():
    result, modules, stderr = imported_modules(
        [], env_extra={"_ACTVIZ_COMPLETE": "bash_complete", "COMP_WORDS": "actviz pl", "COMP_CWORD": "1"}
    )
    assert result.returncode == 0, stderr
    assert result.stdout.split() == ["plain,plot"]
    assert "click" in modules
    assert not (HEAVY | REGISTRY) & modules


def test_name_completion_offers_names_and_aliases_without_matplotlib():
    result, modules, stderr = imported_modules(
        [], env_extra={"_ACTVIZ_COMPLETE": "bash_complete", "COMP_WORDS": "actviz eval Leaky-",
                       "COMP_CWORD": "2"}
    )
    assert result.returncode == 0, stderr
    assert result.stdout.split() == ["plain,leaky_relu"]
    assert not HEAVY & modules


def test_name_completion_prints_no_plugin_warning(tmp_path):
    # An installed plugin that fails to load: every command warns, but a TAB must not
    # write warnings over the user's prompt.
    info = tmp_path / "broken_plugin-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: broken-plugin\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text("[actviz.activations]\nbroken = no_such_module_here:act\n")
    pythonpath = os.pathsep.join(filter(None, [str(tmp_path), os.environ.get("PYTHONPATH")]))
    listed, _, stderr = imported_modules(["list", "--format", "csv"], env_extra={"PYTHONPATH": pythonpath})
    assert listed.returncode == 0 and "plugin 'broken'" in stderr  # the plugin is broken indeed
    result, _, stderr = imported_modules(
        [], env_extra={"_ACTVIZ_COMPLETE": "bash_complete", "COMP_WORDS": "actviz plot sig",
                       "COMP_CWORD": "2", "PYTHONPATH": pythonpath}
    )
    assert result.returncode == 0, stderr
    assert result.stdout.split() == ["plain,sigmoid"]
    assert stderr == ""


def test_name_completion_lists_every_name_that_matches(tmp_path):
    from click.shell_completion import ShellComplete

    from actviz import all_activations

    completer = ShellComplete(cli, {}, "actviz", "_ACTVIZ_COMPLETE")
    offered = {item.value for item in completer.get_completions(["plot", "sigmoid"], "")}
    expected = {n for act in all_activations() for n in (act.name, *act.aliases)}
    assert offered == expected
    offered = {item.value for item in completer.get_completions(["eval"], "s")}
    assert offered == {n for n in expected if n.startswith("s")} and offered


def test_import_actviz_is_lazy_but_complete():
    code = (
        "import sys, actviz; before = 'numpy' in sys.modules; "
        "print(before, actviz.get('relu').name, set(actviz.__all__) <= set(dir(actviz)))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "relu", "True"]


def test_unknown_attribute_is_an_attribute_error():
    import actviz

    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        actviz.nope


def test_only_render_imports_matplotlib():
    # render.py imports matplotlib reading no matplotlibrc; another module importing it
    # first would let matplotlib read them the usual way
    import pathlib
    import re

    package = pathlib.Path(__file__).parent.parent / "actviz"
    importers = sorted(p.name for p in package.glob("*.py")
                       if re.search(r"^\s*(import|from) matplotlib\b", p.read_text(encoding="utf-8"), re.M))
    assert importers == ["render.py"]
