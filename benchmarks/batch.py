"""Every registry figure from one process against one process per figure, in one run.

    python benchmarks/batch.py [--repeat N] [--format png]

Both sides write the same files (`actviz plot --all -o 'DIR/{name}.png'` against
`actviz plot NAME -o DIR/NAME.png` for each NAME), checked byte for byte; the best of
--repeat runs of each is reported, with the ratio. Run by hand, never in the tests.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import actviz


def actviz_command() -> str:
    script = Path(sys.executable).parent / "actviz"
    return str(script) if script.exists() else shutil.which("actviz")


def environment(cache: str) -> dict:
    # These machines set PYTHONDONTWRITEBYTECODE, so every start would recompile
    # actviz; users have their bytecode cached, so cache it here too.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = cache
    return env


def plot_all_commands(actviz_bin: str, names, work: str, ext: str = "png"):
    """The two ways to draw every figure, into folders batch/ and single/ under ``work``
    (created here): ([the one `plot --all` command], [a `plot NAME` command per name])."""
    batch_dir, single_dir = Path(work, "batch"), Path(work, "single")
    batch_dir.mkdir(exist_ok=True)
    single_dir.mkdir(exist_ok=True)
    batch = [[actviz_bin, "plot", "--all", "-q", "-o", str(batch_dir / f"{{name}}.{ext}")]]
    singles = [[actviz_bin, "plot", name, "-q", "-o", str(single_dir / f"{name}.{ext}")]
               for name in names]
    return batch, singles


def differing_files(names, work: str, ext: str = "png") -> list:
    """The names whose two figures (from plot_all_commands' commands) differ."""
    return [name for name in names
            if Path(work, "batch", f"{name}.{ext}").read_bytes()
            != Path(work, "single", f"{name}.{ext}").read_bytes()]


def timed(commands, env) -> float:
    start = time.perf_counter()
    for command in commands:
        subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--format", default="png", choices=("png", "svg", "pdf"))
    args = parser.parse_args()
    actviz_bin, names, ext = actviz_command(), actviz.names(), args.format

    with tempfile.TemporaryDirectory() as work:
        env = environment(os.path.join(work, "pycache"))
        batch, singles = plot_all_commands(actviz_bin, names, work, ext)
        timed([[actviz_bin, "plot", "sigmoid", "-q", "-o", os.path.join(work, "warm.png")]], env)
        one, many = [], []
        for _ in range(args.repeat):  # interleaved, so both see the same machine load
            one.append(timed(batch, env))
            many.append(timed(singles, env))
        for name in differing_files(names, work, ext):
            print(f"{name}: the two ways give different bytes", file=sys.stderr)
            return 1

    best_one, best_many = min(one), min(many)
    print(f"{len(names)} figures ({ext}), best of {args.repeat}:")
    print(f"  one process:          {best_one:6.2f} s  ({best_one / len(names) * 1000:.0f} ms a figure)")
    print(f"  a process per figure: {best_many:6.2f} s  ({best_many / len(names) * 1000:.0f} ms a figure)")
    print(f"  ratio: one process is {best_many / best_one:.1f}x faster")
    return 0


if __name__ == "__main__":
    sys.exit(main())
