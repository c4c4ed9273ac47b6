"""examples/Makefile under real GNU make: builds everything, then has nothing to do, and
`make clean && make -j2` rebuilds byte-identical files."""

import hashlib
import os
import re
import shutil
import signal
import subprocess
import time
from pathlib import Path

import actviz
import pytest

from conftest import actviz_command

ROOT = Path(__file__).resolve().parent.parent
MAKEFILE = ROOT / "examples" / "Makefile"


def make_version():
    make = shutil.which("make")
    if not make:
        return None
    text = subprocess.run([make, "--version"], capture_output=True, text=True).stdout
    found = re.match(r"GNU Make (\d+)\.(\d+)", text)
    return (int(found[1]), int(found[2])) if found else None


pytestmark = pytest.mark.skipif(
    (make_version() or (0, 0)) < (4, 3), reason="needs GNU make 4.3 or newer (grouped targets)"
)


def make(folder, *args):
    return subprocess.run(["make", f"ACTVIZ={actviz_command()}", *args], cwd=folder,
                          capture_output=True, text=True, timeout=300)


def digests(folder):
    build = folder / "build"
    return {str(p.relative_to(build)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(build.rglob("*")) if p.is_file()}


def test_the_example_makefile_builds_once_and_reproducibly(tmp_path):
    shutil.copy(MAKEFILE, tmp_path / "Makefile")

    first = make(tmp_path)
    assert first.returncode == 0, first.stderr
    built = digests(tmp_path)
    family = ["relu", "leaky_relu", "elu", "gelu", "silu", "mish"]
    assert sorted(built) == sorted(
        [f"{a}.{fmt}" for a in ("sigmoid", "tanh", "relu") for fmt in ("png", "svg")]
        + ["vanishing-gradients.pdf", "xor-regions.svg", "activations.csv"]
        + [f"family/{a}.svg" for a in family]
    )
    build = tmp_path / "build"
    assert (build / "tanh.png").read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    assert "<!-- tanh -->" in (build / "tanh.svg").read_text()
    assert (build / "vanishing-gradients.pdf").read_bytes().startswith(b"%PDF-")
    for name in family:  # legends show display names, a derivative primed
        assert f"<!-- {actviz.get(name).title}\u2032 -->" in (build / "family" / f"{name}.svg").read_text()
    assert "<!-- XOR = AND(NAND(x1, x2), OR(x1, x2)) -->" in (build / "xor-regions.svg").read_text()
    table = (build / "activations.csv").read_text().splitlines()
    assert table[0] == "x,sigmoid,sigmoid',tanh,tanh',relu,relu'" and len(table) == 18
    # the grouped target ran actviz once for the whole family
    assert first.stdout.count("'build/family/{name}.svg'") == 1
    assert not [p for p in build.rglob("*") if p.name.startswith(".") or p.suffix == ".tmp"]

    again = make(tmp_path)
    assert again.returncode == 0
    assert "Nothing to be done" in again.stdout and "actviz" not in again.stdout
    assert make(tmp_path, "-q").returncode == 0  # make agrees everything is up to date

    assert make(tmp_path, "clean").returncode == 0
    assert not build.exists()
    parallel = make(tmp_path, "-j2")
    assert parallel.returncode == 0, parallel.stderr
    assert digests(tmp_path) == built


def test_changing_the_makefile_rebuilds_what_it_makes(tmp_path):
    shutil.copy(MAKEFILE, tmp_path / "Makefile")
    assert make(tmp_path, "build/relu.png", "build/activations.csv").returncode == 0
    assert make(tmp_path, "-q", "build/relu.png", "build/activations.csv").returncode == 0
    later = (tmp_path / "build" / "relu.png").stat().st_mtime + 10
    os.utime(tmp_path / "Makefile", (later, later))  # a recipe's options were edited
    assert make(tmp_path, "-q", "build/relu.png").returncode == 1
    assert make(tmp_path, "-q", "build/activations.csv").returncode == 1
    rebuilt = make(tmp_path, "build/relu.png", "build/activations.csv")
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert "plot -q relu" in rebuilt.stdout and "eval" in rebuilt.stdout


def test_a_failed_table_recipe_leaves_no_temporary_file(tmp_path):
    shutil.copy(MAKEFILE, tmp_path / "Makefile")
    failed = make(tmp_path, "build/activations.csv", "ACTIVATIONS=no_such_activation")
    assert failed.returncode != 0
    assert "unknown activation 'no_such_activation'" in failed.stderr
    assert sorted(p.name for p in (tmp_path / "build").iterdir()) == []


def test_an_interrupted_table_recipe_leaves_no_temporary_file(tmp_path):
    # An "actviz" that has written part of the table when Ctrl-C reaches make's group.
    shutil.copy(MAKEFILE, tmp_path / "Makefile")
    slow = tmp_path / "slow-actviz"
    slow.write_text("#!/bin/sh\necho x,sigmoid\nexec sleep 60\n")
    slow.chmod(0o755)
    process = subprocess.Popen(
        ["make", f"ACTVIZ={slow}", "build/activations.csv"], cwd=tmp_path,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),  # bash's jobs ignore it
    )
    temporary = tmp_path / "build" / "activations.csv.tmp"
    deadline = time.monotonic() + 30
    while not (temporary.exists() and temporary.stat().st_size) and time.monotonic() < deadline:
        time.sleep(0.02)
    assert temporary.exists()
    os.killpg(process.pid, signal.SIGINT)  # what Ctrl-C in a terminal does
    process.communicate(timeout=30)
    assert process.returncode != 0
    assert sorted(p.name for p in (tmp_path / "build").iterdir()) == []


@pytest.mark.slow
def test_without_actviz_on_path_the_readmes_venv_is_used_or_the_error_says_what_to_do(tmp_path):
    # issue 14 item 18: after the README's install `make` in examples/ failed with Error 127
    examples = tmp_path / "examples"
    examples.mkdir()
    shutil.copy(MAKEFILE, examples / "Makefile")
    env = {**os.environ, "PATH": "/usr/bin:/bin"}  # the venv's bin is not on it
    assert shutil.which("actviz", path=env["PATH"]) is None

    missing = subprocess.run(["make", "build/sigmoid.svg"], cwd=examples, env=env,
                             capture_output=True, text=True, timeout=300)
    assert missing.returncode == 2 and "Error 127" not in missing.stderr
    assert ("actviz is neither on PATH nor in ../.venv/bin: activate the venv (. .venv/bin/activate) "
            "or run make ACTVIZ=path/to/actviz.  Stop.") in missing.stderr

    (tmp_path / ".venv" / "bin").mkdir(parents=True)
    (tmp_path / ".venv" / "bin" / "actviz").symlink_to(actviz_command())
    built = subprocess.run(["make", "build/sigmoid.svg"], cwd=examples, env=env,
                           capture_output=True, text=True, timeout=300)
    assert built.returncode == 0, built.stderr
    assert "<!-- Sigmoid -->" in (examples / "build" / "sigmoid.svg").read_text()
