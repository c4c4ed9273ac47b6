"""Plugins: activations from other packages (entry-point group actviz.activations) and register()."""

from __future__ import annotations

import json
import math
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import mpmath
import numpy as np
import pytest

import actviz
from actviz import registry
from conftest import invoke

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "actviz-plugin-example"
ACTVIZ = Path(sys.executable).with_name("actviz")


def pip(*args):
    return subprocess.run(
        [sys.executable, "-m", "pip", "--disable-pip-version-check", *args],
        capture_output=True, text=True, timeout=300,
    )


@pytest.fixture(scope="module")
def example_plugin(tmp_path_factory):
    """The environment for a subprocess that sees examples/actviz-plugin-example installed.

    Really installed by pip (built from a copy, so the source folder gets no build/ or
    egg-info; without build isolation and with --no-deps --no-index: nothing is
    downloaded), but with --target into a temporary folder that these tests' subprocesses
    put on PYTHONPATH: to them it is a package installed beside the test venv's, as the
    issue asks, while the venv itself is never changed. Installed into the venv, every
    `actviz` run during the tests saw its activations, concurrent runs raced on it, and an
    interrupted run left it installed.
    """
    work = tmp_path_factory.mktemp("plugin")
    source, target = work / "actviz-plugin-example", work / "site"
    shutil.copytree(EXAMPLE, source)
    installed = pip("install", "--no-deps", "--no-build-isolation", "--no-index", "--target", str(target),
                    str(source))
    assert installed.returncode == 0, installed.stdout + installed.stderr
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(target), env.get("PYTHONPATH")]))
    return env


def test_the_example_plugin_is_not_in_the_test_venv():
    assert run("eval", "snake").returncode == 2  # this process's and the venv's registry lack it
    assert "snake" not in actviz.names()


def run(*args, env=None, cwd=None):
    """The installed actviz command in a fresh process (plugins load once per process)."""
    return subprocess.run([str(ACTVIZ), *args], capture_output=True, text=True, env=env, cwd=cwd, timeout=120)


def run_python(code, env=None):
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True,
                          env=env, timeout=120)


# --- the example package, installed ------------------------------------------------------

def test_the_installed_example_plugin_adds_its_activations_to_list(example_plugin):
    result = run("list", "--format", "csv", env=example_plugin)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    rows = {line.split(",")[0]: line for line in result.stdout.splitlines()}
    assert "bent_identity" in rows and "snake" in rows
    assert "alpha=1.0" in rows["snake"]
    assert "sigmoid" in rows  # the built-in ones are all still there


def test_a_plugin_activation_evaluates_sweeps_and_derivatives_like_any_other(example_plugin):
    result = run("eval", "snake", "-p", "alpha=0.5,2", "-d", "--at", "-1,0.25", "--format", "csv",
                 env=example_plugin)
    assert result.returncode == 0, result.stderr
    x = np.array([-1.0, 0.25])
    columns = [x]
    for alpha in (0.5, 2.0):
        columns += [x + np.sin(alpha * x) ** 2 / alpha, 1 + np.sin(2 * alpha * x)]
    assert result.stdout.splitlines() == [
        "x,snake (alpha=0.5),snake' (alpha=0.5),snake (alpha=2),snake' (alpha=2)",
        *(",".join(repr(float(v)) for v in row) for row in zip(*columns)),
    ]
    bad = run("eval", "snake", "-p", "alpha=0", env=example_plugin)
    assert bad.returncode == 2 and "snake parameter alpha=0 must be positive" in bad.stderr


def test_a_plugin_activation_in_an_expression_and_a_plot(example_plugin, tmp_path):
    result = run("plot", "bent_identity", "--expr", "bent_identity(x) - x", "-d", "-o", "bent.svg",
                 cwd=tmp_path, env=example_plugin)
    assert result.returncode == 0, result.stderr
    svg = (tmp_path / "bent.svg").read_text()
    assert "<!-- bent_identity -->" in svg and "<!-- (bent_identity(x) - x)\u2032 -->" in svg


def test_the_library_sees_the_plugin(example_plugin):
    result = run_python("""
        import numpy as np, actviz
        act = actviz.get("Bent-Identity")
        print(act(np.array([0.0, 3.0])).tolist(), act.derivative(0.0), act.summary)
    """, env=example_plugin)
    assert result.returncode == 0, result.stderr
    three = 9 / (2 * (float(np.hypot(3.0, 1.0)) + 1)) + 3
    assert result.stdout == f"[0.0, {three!r}] 1.0 bent identity (example plugin)\n"
    assert result.stderr == ""


def test_the_example_bent_identity_is_right_for_huge_x(example_plugin):
    # A user test: x * x overflowed, so bent_identity(-1e200) was inf, not -5e199.
    points = [-1e200, -1e150, 1e150, 1e200, 1.1e308]
    result = run_python(f"""
        import json, numpy as np, actviz
        act = actviz.get("bent_identity")
        x = np.array({points!r})
        print(json.dumps([act(x).tolist(), act.derivative(x).tolist()]))
    """, env=example_plugin)
    assert result.returncode == 0, result.stderr
    values, slopes = json.loads(result.stdout)
    mpmath.mp.dps = 50
    for x, value, slope in zip(points, values, slopes):
        t = mpmath.mpf(x)
        root = mpmath.sqrt(t * t + 1)
        want = float((root - 1) / 2 + t)
        assert abs(value - want) <= math.ulp(want), (x, value, want)
        assert slope == float(t / (2 * root) + 1), (x, slope)


# --- plugins that fail --------------------------------------------------------------------

@pytest.fixture
def broken_plugins(tmp_path):
    """A folder for PYTHONPATH with a distribution whose entry points fail in every way."""
    (tmp_path / "raises_on_import.py").write_text('raise RuntimeError("boom at import")\n')
    (tmp_path / "exits_on_import.py").write_text('import sys\nsys.exit("plugin says bye")\n')
    (tmp_path / "gives_nonsense.py").write_text(
        "import actviz\n"
        "not_an_activation = 42\n"
        "taken = actviz.Activation(name='ReLU', function=abs, derivative_function=abs,\n"
        "                          formula='|x|', derivative_formula='sign(x)')\n"
        "def good():\n"
        "    return [actviz.from_expression('x * x * x', name='cube')]\n"
    )
    info = tmp_path / "broken_plugins-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: broken-plugins\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text(
        "[actviz.activations]\n"
        "raises = raises_on_import:anything\n"
        "exits = exits_on_import:anything\n"
        "missing = no_such_module_anywhere:thing\n"
        "nonsense = gives_nonsense:not_an_activation\n"
        "clash = gives_nonsense:taken\n"
        "cube = gives_nonsense:good\n"
    )
    env = dict(os.environ)
    env["PYTHONPATH"] = str(tmp_path) + os.pathsep + env.get("PYTHONPATH", "")
    return env


EXPECTED_WARNINGS = [
    "actviz: warning: plugin 'raises' (raises_on_import:anything, from broken-plugins) failed to load "
    "and is left out: RuntimeError: boom at import",
    "actviz: warning: plugin 'exits' (exits_on_import:anything, from broken-plugins) failed to load "
    "and is left out: SystemExit: plugin says bye",
    "actviz: warning: plugin 'missing' (no_such_module_anywhere:thing, from broken-plugins) failed to "
    "load and is left out: ModuleNotFoundError: No module named 'no_such_module_anywhere'",
    "actviz: warning: plugin 'nonsense' (gives_nonsense:not_an_activation, from broken-plugins) failed "
    "to load and is left out: TypeError: it gives a int, not an actviz.Activation",
    "actviz: warning: plugin 'clash' (gives_nonsense:taken, from broken-plugins) failed to load and is "
    "left out: ActivationError: an activation named 'relu' is already registered",
]


def test_failing_plugins_are_reported_once_each_and_break_nothing(broken_plugins):
    result = run("eval", "relu", "cube", "--at", "2", env=broken_plugins)
    assert result.returncode == 0
    assert result.stdout.splitlines() == ["x  relu  cube", "2     2     8"]
    assert sorted(result.stderr.splitlines()) == sorted(EXPECTED_WARNINGS)


@pytest.mark.parametrize("args", [["list"], ["plot", "sigmoid", "-o", "-"], ["eval", "--expr", "sigmoid(x)"]])
def test_every_command_still_works_beside_a_failing_plugin(broken_plugins, args, tmp_path):
    result = subprocess.run([str(ACTVIZ), *args], capture_output=True, env=broken_plugins, cwd=tmp_path,
                            timeout=120)
    assert result.returncode == 0
    assert sorted(result.stderr.decode().splitlines()) == sorted(EXPECTED_WARNINGS)
    assert result.stdout


def test_the_library_reports_a_failing_plugin_as_a_warning_not_a_print(broken_plugins):
    result = run_python("""
        import warnings, actviz
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            names = actviz.names()
            actviz.get("relu")  # loaded once: no second report
        print(sorted({w.category.__name__ for w in caught}), len(caught), "cube" in names)
    """, env=broken_plugins)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "['PluginWarning'] 5 True\n"
    assert result.stderr == ""


# --- plugins whose activations misbehave (issue 14 item 12) -------------------------------

MISBEHAVING = '''
import numpy as np
import actviz

print("a plugin that prints at import")


def _raises(x, **params):
    raise ZeroDivisionError("boom in the function")


def _three_values(x, **params):  # the right shape only for an input of three values
    return np.zeros(3)


def _objects(x, **params):
    return np.array([None] * np.size(x), dtype=object).reshape(np.shape(x))


def _identity(x, **params):
    return x * 1.0


def _made(name, function, **extra):
    return actviz.Activation(name=name, function=function, derivative_function=function,
                             formula="?", derivative_formula="?", **extra)


raises = _made("raises", _raises)
wrong_shape = _made("wrong_shape", _three_values)
objects = _made("objects", _objects)
text_default = lambda: _made("text_default", _identity, params={"a": "0.1"})
word_kinks = _made("word_kinks", _identity, kinks_function=lambda: ("zero",))
'''


@pytest.fixture
def misbehaving_plugins(tmp_path):
    """A folder for PYTHONPATH with a distribution whose activations misbehave in each way
    the issue lists: one raises, one returns a wrong shape, one an object array, one has a
    string default, one kinks that are not numbers; its module prints at import."""
    folder = tmp_path / "site"
    folder.mkdir()
    (folder / "misbehaving.py").write_text(MISBEHAVING)
    info = folder / "misbehaving-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: misbehaving\nVersion: 1.0\n")
    names = ["raises", "wrong_shape", "objects", "text_default", "word_kinks"]
    (info / "entry_points.txt").write_text(
        "[actviz.activations]\n" + "".join(f"{n} = misbehaving:{n}\n" for n in names))
    env = dict(os.environ)
    env["PYTHONPATH"] = str(folder) + os.pathsep + env.get("PYTHONPATH", "")
    return env


def origin(name):
    return f"plugin {name!r} (misbehaving:{name}, from misbehaving)"


LEFT_OUT = [
    f"actviz: warning: {origin('raises')} failed to load and is left out: PluginError: the function of "
    f"activation 'raises' ({origin('raises')}) failed: ZeroDivisionError: boom in the function",
    f"actviz: warning: {origin('objects')} failed to load and is left out: PluginError: the function of "
    f"activation 'objects' ({origin('objects')}) failed: TypeError: it returned object values, not real numbers",
    f"actviz: warning: {origin('text_default')} failed to load and is left out: TypeError: activation "
    "'text_default': the default of a must be a finite number, got '0.1'",
    f"actviz: warning: {origin('word_kinks')} failed to load and is left out: TypeError: activation "
    "'word_kinks': its kinks must be numbers, got ('zero',)",
]


@pytest.mark.slow
def test_misbehaving_plugins_are_left_out_when_registered_and_their_prints_miss_stdout(misbehaving_plugins):
    # issue 14 item 12: 33 of 80 such runs ended in a traceback, and the prints corrupted CSV
    result = run("eval", "relu", "--at", "1", "--format", "csv", env=misbehaving_plugins)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "x,relu\n1.0,1.0\n"
    stderr = result.stderr.splitlines()
    assert stderr[0] == "a plugin that prints at import"
    assert sorted(stderr[1:]) == sorted(LEFT_OUT)
    for name in ("raises", "objects", "text_default", "word_kinks"):
        assert "unknown activation" in run("eval", name, env=misbehaving_plugins).stderr.splitlines()[-1]


@pytest.mark.slow
@pytest.mark.parametrize("args", [
    ["eval", "wrong_shape", "--at", "1,2"],
    ["eval", "wrong_shape", "--at", "1,2", "--format", "csv"],
    ["eval", "wrong_shape", "-d", "--at", "1,2", "--format", "json"],
    ["eval", "--expr", "wrong_shape(x) + 1", "--at", "1"],
    ["plot", "wrong_shape", "-o", "w.png"],
    ["plot", "wrong_shape", "--term"],
])
def test_a_plugin_failing_when_called_is_one_line_naming_it_and_exit_1(misbehaving_plugins, args, tmp_path):
    tmp_path = tmp_path / "out"  # the fixture's folder is tmp_path / "site"
    tmp_path.mkdir()
    result = run(*args, env=misbehaving_plugins, cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("actviz: error")]
    assert len(errors) == 1 and "Traceback" not in result.stderr
    assert errors[0].startswith(f"actviz: error: the function of activation 'wrong_shape' ({origin('wrong_shape')}) "
                                "failed: ValueError: ")
    assert result.stdout == "" and os.listdir(tmp_path) == []


@pytest.mark.slow
def test_plot_all_with_a_plugin_that_fails_to_draw_names_it_and_writes_nothing(misbehaving_plugins, tmp_path):
    # A run's files go in place together: a batch that fails writes none (it wrote every
    # other figure before), and the error names the plugin's activation to leave out.
    tmp_path = tmp_path / "out"
    tmp_path.mkdir()
    result = run("plot", "--all", "-q", "-o", "{name}.png", env=misbehaving_plugins, cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.splitlines()[-1].startswith("actviz: error: the function of activation 'wrong_shape'")
    assert os.listdir(tmp_path) == []


# --- register() ---------------------------------------------------------------------------

@pytest.fixture
def scratch_registry():
    """Put the registry back as it was after a test that registers activations."""
    actviz.names()
    saved = dict(registry._registry), dict(registry._aliases)
    yield
    registry._registry.clear()
    registry._registry.update(saved[0])
    registry._aliases.clear()
    registry._aliases.update(saved[1])


def test_register_from_python_makes_a_name_for_the_library_and_the_cli(scratch_registry):
    act = actviz.register(actviz.from_expression("x * sigmoid(x)", name="my_silu"))
    assert actviz.get("My-SiLU") is act and "my_silu" in actviz.names()
    result = invoke("eval", "my_silu", "-d", "--at", "0")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == ["x  my_silu  my_silu'", "0        0       0.5"]


def test_register_refuses_a_taken_name_and_a_non_activation(scratch_registry):
    taken = actviz.from_expression("x", name="Sigmoid")
    with pytest.raises(actviz.ActivationError, match="an activation named 'sigmoid' is already registered"):
        actviz.register(taken)
    with pytest.raises(TypeError, match="register\\(\\) takes an Activation, not function"):
        actviz.register(lambda x: x)
    assert actviz.register(taken, replace=True) is actviz.get("sigmoid")


# --- finding plugins cheaply ------------------------------------------------------------

def test_without_plugins_importlib_metadata_is_never_imported(tmp_path, monkeypatch):
    # It costs ~20 ms of every command's start; a look at sys.path's *.dist-info is enough.
    (tmp_path / "other-1.0.dist-info").mkdir()
    (tmp_path / "other-1.0.dist-info" / "entry_points.txt").write_text("[console_scripts]\nother = x:y\n")
    (tmp_path / "old.egg-info").write_text("Metadata-Version: 1.0\n")  # a file, not a folder
    monkeypatch.setattr(sys, "path", [str(tmp_path), str(tmp_path / "missing")])
    assert registry._may_declare_plugins() is False
    assert registry._entry_points() == []

    (tmp_path / "plugin-1.0.dist-info").mkdir()
    (tmp_path / "plugin-1.0.dist-info" / "entry_points.txt").write_text("[actviz.activations]\np = m:o\n")
    assert registry._may_declare_plugins() is True


def test_a_zip_on_sys_path_is_left_to_importlib_metadata(tmp_path, monkeypatch):
    archive = tmp_path / "bundle.zip"
    archive.write_bytes(b"PK\x05\x06" + b"\0" * 18)  # an empty zip archive
    monkeypatch.setattr(sys, "path", [str(archive)])
    assert registry._may_declare_plugins() is True


def test_the_cli_imports_importlib_metadata_only_with_a_plugin(broken_plugins, tmp_path):
    # site-packages leaves sys.path once actviz is imported: a plugin installed there
    # must not count here.
    code = textwrap.dedent("""
        import sys
        import numpy, actviz.registry  # `import actviz` is lazy: load them before site-packages goes
        from actviz.cli import main
        sys.path[:] = [p for p in sys.path if "site-packages" not in p]
        sys.argv = ["actviz", "eval", "relu", "--at", "1"]
        try:
            main()
        finally:
            print("importlib.metadata" in sys.modules, file=sys.stderr)
    """)
    plain = dict(broken_plugins)
    plain["PYTHONPATH"] = ""
    without = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=plain, timeout=120)
    assert without.stderr.splitlines()[-1] == "False"
    with_plugins = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                  env=broken_plugins, timeout=120)
    assert with_plugins.stderr.splitlines()[-1] == "True"
