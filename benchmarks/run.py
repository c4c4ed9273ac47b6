"""Measure actviz's commands against their baselines, in one run, and write the table.

    python benchmarks/run.py              # measure, print, write results.md and the README's table
    python benchmarks/run.py --runs 3     # quicker, noisier
    python benchmarks/run.py --no-readme  # leave README.md alone
    python benchmarks/run.py --only term  # only the cases whose row names "term"; prints, writes nothing

Every time is the median wall-clock time of several runs of a fresh process (the first
run of each is a warm-up; command and baseline runs alternate), so start-up counts as a
user sees it. Each command is set
against a baseline measured in the same run, and the ratio is printed: below 1 means
faster than the baseline. Nothing here asserts anything about time: that is for a
person to read, on a quiet machine.

These machines set PYTHONDONTWRITEBYTECODE=1, which makes an editable install recompile
on every start; it is unset for every process measured here, so caches are written once
and used, as on a user's machine.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
README = HERE.parent / "README.md"
PYTHON = sys.executable
ACTVIZ = shutil.which("actviz", path=str(Path(PYTHON).parent)) or shutil.which("actviz")

BIG = 10_000_000  # points of the streaming eval
MEDIUM = 1_000_000  # points of the CSV comparison with numpy.savetxt

NUMPY_CLICK = "import numpy, click"
# The seed's gate script: the book's AND/NAND/OR/XOR with numpy, and a print.
SEED_GATE = """
import numpy as np
def AND(x1, x2):
    x = np.array([x1, x2]); w = np.array([0.5, 0.5]); b = -0.7
    return 0 if np.sum(w*x) + b <= 0 else 1
def NAND(x1, x2):
    x = np.array([x1, x2]); w = np.array([-0.5, -0.5]); b = 0.7
    return 0 if np.sum(w*x) + b <= 0 else 1
def OR(x1, x2):
    x = np.array([x1, x2]); w = np.array([0.5, 0.5]); b = -0.2
    return 0 if np.sum(w*x) + b <= 0 else 1
def XOR(x1, x2):
    return AND(NAND(x1, x2), OR(x1, x2))
for xs in [(0, 0), (1, 0), (0, 1), (1, 1)]:
    print(xs, XOR(*xs))
"""
# The same figure as `actviz plot relu -o relu.png`, drawn the shortest way matplotlib allows.
FIGURE_AGG = """
import numpy as np
from matplotlib.figure import Figure
from matplotlib.backends.backend_agg import FigureCanvasAgg
x = np.linspace(-5, 5, 1001)
figure = Figure(figsize=(6.4, 4.8), dpi=100)
FigureCanvasAgg(figure)
ax = figure.add_subplot()
ax.plot(x, np.maximum(x, 0), label="relu")
ax.set_title("relu"); ax.set_xlabel("x"); ax.set_ylabel("y"); ax.grid(True, alpha=0.3); ax.legend()
figure.savefig("baseline.png")
"""
# The same figure through the library, as a notebook or script draws it.
LIBRARY_PLOT = """
import actviz
actviz.plot("relu").savefig("library.png")
"""
SAVETXT = """
import sys
import numpy as np
x = np.linspace(-5, 5, {n})
np.savetxt(sys.stdout, np.column_stack([x, np.maximum(x, 0)]), delimiter=",", header="x,relu", comments="")
"""
# The table `actviz eval relu sigmoid --range -10 10 --num N` prints, the numpy way.
SAVETXT_TABLE = """
import sys
import numpy as np
x = np.linspace(-10, 10, {n})
np.savetxt(sys.stdout, np.column_stack([x, np.maximum(x, 0), 1 / (1 + np.exp(-x))]), fmt="%12.6g")
"""
EPOCHS = 100_000  # of `actviz gate and --train --lr 3e-8`, the largest number allowed
# The same training as `actviz gate and --train --lr 3e-8`, a line per epoch, written plainly.
TRAINING_LOOP = """
import numpy as np
rng = np.random.default_rng(0)
w1, w2 = map(float, 0.01 * rng.standard_normal(2))
b = float(0.01 * rng.standard_normal())
lr = 3e-8
for epoch in range(1, {epochs} + 1):
    mistakes = 0
    for x1, x2, t in ((0, 0, 0), (0, 1, 0), (1, 0, 0), (1, 1, 1)):
        y = 1 if w1 * x1 + w2 * x2 + b > 0 else 0
        if y != t:
            w1 += lr * (t - y) * x1
            w2 += lr * (t - y) * x2
            b += lr * (t - y)
            mistakes += 1
    print(f"{{epoch}},{{mistakes}},{{w1!r}},{{w2!r}},{{b!r}}")
"""
# `actviz plot --all -o 'DIR/{name}.png'`'s figures drawn by matplotlib alone into one
# reused Figure, from the same curves: the floor of a batch of figures.
REUSED_FIGURE = """
import sys
import actviz
from actviz import plotting
from matplotlib.figure import Figure
from matplotlib.backends.backend_agg import FigureCanvasAgg
figure = Figure(figsize=(6.4, 4.8), dpi=100)
FigureCanvasAgg(figure)
for name in actviz.names():
    curves, layout = plotting.request([name]).figure()
    figure.clear()
    ax = figure.add_subplot()
    ax.axhline(0, color="0.6", linewidth=0.8, zorder=1)
    ax.axvline(0, color="0.6", linewidth=0.8, zorder=1)
    for c in curves:
        ax.plot(c.x, c.y, label=c.label, color=f"C{c.colour % 10}", linewidth=1.8, zorder=2,
                linestyle="--" if c.dashed else "-")
    ax.set_xlim(*layout.xlim)
    ax.set_title(layout.title); ax.set_xlabel("x"); ax.set_ylabel("y")
    ax.grid(True, alpha=0.3); ax.legend(loc="best")
    figure.savefig(f"{sys.argv[1]}/{name}.png", metadata={"Software": None})
"""
# The same floor with the layout actviz's figures have (constrained: the axes make room
# for every label), which savefig then runs before it draws each figure.
REUSED_FIGURE_LAID_OUT = REUSED_FIGURE.replace("dpi=100)", 'dpi=100, layout="constrained")')
# `actviz plot relu -d --term`'s plot from numpy, click and uniplot alone: their imports
# (uniplot's without readchar, as actviz.term imports it) and one uniplot drawing of the
# same curves at about the same size, the floor of a terminal plot built on them.
TERM_FLOOR = """
import sys, types
import numpy as np, click
sys.modules["readchar"] = types.SimpleNamespace(readkey=None, key=None)
import uniplot
del sys.modules["readchar"]
x = np.linspace(-5, 5, 1001)
print(uniplot.plot_to_string([np.maximum(x, 0), np.where(x > 0, 1.0, 0.0)], [x, x], lines=True, width=70,
                             height=16, legend_labels=["ReLU", "ReLU'"], character_set="block", color=False,
                             x_labels=False, y_labels=False))
"""
PEAK_RSS = """
import resource, subprocess, sys
with open(sys.argv[1], "w") as sink:
    subprocess.run(sys.argv[2:], stdout=sink, check=True)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


def environment() -> dict:
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.pop("MPLBACKEND", None)
    env["NO_COLOR"] = "1"
    env.update(COLUMNS="80", LINES="24")
    return env


def run_once(argv, cwd, env) -> tuple[float, float]:
    """Seconds to run a command, or one after another a list of commands: (wall-clock,
    CPU time of the processes, user + system)."""
    commands = argv if isinstance(argv[0], list) else [argv]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    for command in commands:
        subprocess.run(command, cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL, check=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def timed_pair(ours, baseline, runs, cwd, env, our_env) -> tuple[tuple[float, float], tuple[float, float]]:
    """Median (wall-clock, CPU) seconds of ``runs`` runs of each, alternating so that a load
    that comes and goes on the machine falls on both alike; one warm-up run of each first.
    On a machine shared with busy neighbours, CPU time is the steadier of the two."""
    times = ([], [])
    for i in range(runs + 1):
        pair = (run_once(ours, cwd, our_env), run_once(baseline, cwd, env))
        if i:
            times[0].append(pair[0])
            times[1].append(pair[1])
    return tuple(tuple(statistics.median(t[k] for t in side) for k in (0, 1)) for side in times)


def peak_rss_mib(argv, cwd, env) -> float:
    out = subprocess.run([PYTHON, "-c", PEAK_RSS, os.devnull, *argv], cwd=cwd, env=env,
                         capture_output=True, text=True, check=True).stdout
    kib = int(out)
    return kib / (1024 * 1024 if sys.platform == "darwin" else 1024)  # bytes on macOS


def has_command(name, env) -> bool:
    result = subprocess.run([ACTVIZ, name, "--help"], env=env, capture_output=True)
    return result.returncode == 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7, help="runs per start-up measurement (median)")
    parser.add_argument("--big-runs", type=int, default=3, help="runs per large-output measurement")
    parser.add_argument("--no-readme", action="store_true", help="do not update README.md")
    parser.add_argument("--only", metavar="TEXT",
                        help="measure only the cases whose row contains TEXT; print them, write nothing")
    args = parser.parse_args(argv)
    if not ACTVIZ:
        sys.exit("the actviz command is not installed next to this Python: pip install -e .")
    env = environment()
    load_at_start = _load()
    rows, notes, memory = [], [], []
    work = tempfile.mkdtemp(prefix="actviz-bench-")
    env["PYTHONPYCACHEPREFIX"] = os.path.join(work, "pycache")  # bytecode cached, not in the source tree
    py = lambda code: [PYTHON, "-c", code]  # noqa: E731

    def wanted(what):
        return not args.only or args.only in what

    def compare(what, command, baseline_name, baseline, runs=args.runs, extra_env=None):
        if not wanted(what):
            return
        ours, base = timed_pair(command, baseline, runs, work, env, {**env, **(extra_env or {})})
        rows.append((what, ours, baseline_name, base))
        print(f"{what:<48} {ours[0]:7.3f} s   {baseline_name:<34} {base[0]:7.3f} s   x{ours[0] / base[0]:.2f}"
              f"   CPU x{ours[1] / base[1]:.2f}", flush=True)

    a = ACTVIZ
    compare("`actviz --help`", [a, "--help"], "numpy + click import", py(NUMPY_CLICK))
    completing = {"_ACTVIZ_COMPLETE": "bash_complete", "COMP_CWORD": "1", "COMP_WORDS": "actviz pl"}
    compare("completion of a command (`actviz pl<TAB>`)", [a], "click import", py("import click"),
            extra_env=completing)
    completing = {**completing, "COMP_CWORD": "2", "COMP_WORDS": "actviz plot si"}
    compare("completion of a name (`actviz plot si<TAB>`)", [a], "numpy + click import", py(NUMPY_CLICK),
            extra_env=completing)
    compare("`actviz list`", [a, "list"], "numpy + click import", py(NUMPY_CLICK))
    compare("`actviz eval sigmoid relu -d`", [a, "eval", "sigmoid", "relu", "-d"],
            "numpy + click import", py(NUMPY_CLICK))
    if has_command("gate", env):
        compare("`actviz gate xor`", [a, "gate", "xor"], "numpy + click import", py(NUMPY_CLICK))
        compare("`actviz gate xor`", [a, "gate", "xor"], "the seed's gate script", py(SEED_GATE))
    else:
        notes.append("`actviz gate` is not in this build: skipped.")
        print("actviz gate: no such command in this build, skipped", flush=True)
    compare("`actviz plot relu -o relu.png`", [a, "plot", "relu", "-o", "relu.png"],
            "Figure + Agg script, same figure", py(FIGURE_AGG))
    compare('`import actviz; actviz.plot("relu")`, saved', py(LIBRARY_PLOT),
            "Figure + Agg script, same figure", py(FIGURE_AGG))
    compare("`actviz plot relu -d --term`", [a, "plot", "relu", "-d", "--term"],
            "numpy + click import", py(NUMPY_CLICK))
    compare("`actviz plot relu -d --term`", [a, "plot", "relu", "-d", "--term"],
            "numpy, click, uniplot: one plot", py(TERM_FLOOR))
    compare("numpy, click, uniplot: one plot (the --term floor)", py(TERM_FLOOR),
            "numpy + click import", py(NUMPY_CLICK))
    if wanted("`actviz plot --all`") and "--all" in subprocess.run([a, "plot", "--help"], env=env,
                                                                  capture_output=True, text=True).stdout:
        # The same files two ways, as benchmarks/batch.py compares them (and checks them equal).
        from batch import differing_files, plot_all_commands
        from actviz import names as registry_names

        names = registry_names()
        batch, singles = plot_all_commands(a, names, work)
        compare(f"`actviz plot --all` ({len(names)} figures, one process)", batch,
                "`actviz plot NAME`, a process per figure", singles, runs=args.big_runs)
        if differing_files(names, work):
            sys.exit("plot --all and plot NAME wrote different files: " + ", ".join(differing_files(names, work)))
        floor = Path(work, "floor")
        floor.mkdir(exist_ok=True)
        compare(f"`actviz plot --all` ({len(names)} figures, one process)", batch,
                "matplotlib alone, one reused Figure", py(REUSED_FIGURE) + [str(floor)], runs=args.big_runs)
        compare(f"`actviz plot --all` ({len(names)} figures, one process)", batch,
                "the same, laid out (constrained)", py(REUSED_FIGURE_LAID_OUT) + [str(floor)],
                runs=args.big_runs)
    else:
        notes.append("`actviz plot --all` is not in this build: skipped.")
    table_eval = [a, "eval", "relu", "sigmoid", "--range", "-10", "10", "--num", str(MEDIUM)]
    compare(f"`actviz eval relu sigmoid --num {MEDIUM:,}` (table)", table_eval,
            'numpy.savetxt(fmt="%12.6g"), same columns', py(SAVETXT_TABLE.format(n=MEDIUM)), runs=args.big_runs)
    compare(f"`actviz eval relu sigmoid --num {MEDIUM:,} --format json`", table_eval + ["--format", "json"],
            "the same with `--format csv`", table_eval + ["--format", "csv"], runs=args.big_runs)
    if has_command("gate", env):
        training = [a, "gate", "and", "--train", "--epochs", str(EPOCHS), "--lr", "3e-8"]
        loop = py(TRAINING_LOOP.format(epochs=EPOCHS))
        for fmt in ("table", "csv", "json"):
            compare(f"`actviz gate and --train --epochs {EPOCHS:,} --format {fmt}`", training + ["--format", fmt],
                    "a Python loop printing each epoch", loop, runs=args.big_runs)
            if not wanted(f"peak memory of `gate and --train --epochs {EPOCHS:,} --format {fmt}`"):
                continue
            memory.append((f"peak memory of `gate and --train --epochs {EPOCHS:,} --format {fmt}`",
                           peak_rss_mib(training + ["--format", fmt], work, env),
                           "the Python loop", peak_rss_mib(loop, work, env)))
            print(f"{memory[-1][0]}: {memory[-1][1]:.0f} MiB (the loop: {memory[-1][3]:.0f} MiB)", flush=True)
    compare(f"`actviz eval relu --num {MEDIUM:,} --format csv`",
            [a, "eval", "relu", "--range", "-5", "5", "--num", str(MEDIUM), "--format", "csv"],
            "numpy.savetxt, same columns", py(SAVETXT.format(n=MEDIUM)), runs=args.big_runs)
    compare(f"`actviz eval relu --num {BIG:,} --format csv`",
            [a, "eval", "relu", "--range", "-5", "5", "--num", str(BIG), "--format", "csv"],
            "numpy.savetxt, same columns", py(SAVETXT.format(n=BIG)), runs=args.big_runs)
    if args.only:
        print("\n--only: results.md and README.md left alone")
        shutil.rmtree(work, ignore_errors=True)
        return 0
    ours_rss = peak_rss_mib([a, "eval", "relu", "--range", "-5", "5", "--num", str(BIG), "--format", "csv"],
                            work, env)
    base_rss = peak_rss_mib(py(SAVETXT.format(n=BIG)), work, env)
    small_rss = peak_rss_mib([a, "eval", "relu"], work, env)
    print(f"peak memory, {BIG:,}-point csv eval: {ours_rss:.0f} MiB (numpy.savetxt: {base_rss:.0f} MiB; "
          f"an 11-point eval: {small_rss:.0f} MiB)", flush=True)

    memory.insert(0, (f"peak memory of `actviz eval relu --num {BIG:,} --format csv`", ours_rss,
                      "numpy.savetxt, same columns", base_rss))
    table = markdown(rows, memory, notes, small_rss, args.runs, args.big_runs, load_at_start)
    (HERE / "results.md").write_text(table, encoding="utf-8")
    print(f"\nwrote {HERE / 'results.md'}")
    if not args.no_readme:
        update_readme(table)
    shutil.rmtree(work, ignore_errors=True)
    return 0


def markdown(rows, memory, notes, small_rss, runs, big_runs, load_at_start) -> str:
    import numpy

    try:
        import matplotlib
        mpl = matplotlib.__version__
    except ImportError:
        mpl = "not installed"
    lines = [
        "| command | time | baseline | baseline time | ratio | CPU-time ratio |",
        "| --- | ---: | --- | ---: | ---: | ---: |",
    ]
    for what, ours, base_name, base in rows:
        lines.append(f"| {what} | {ours[0]:.3f} s | {base_name} | {base[0]:.3f} s | {ours[0] / base[0]:.2f} "
                     f"| {ours[1] / base[1]:.2f} |")
    for what, ours, base_name, base in memory:
        lines.append(f"| {what} | {ours:.0f} MiB | {base_name} | {base:.0f} MiB | {ours / base:.2f} | |")
    lines += [
        "",
        f"Median of {runs} runs ({big_runs} for large outputs) after a warm-up, wall-clock time "
        "and the ratios of wall-clock and of CPU time (user + system); an 11-point "
        f"eval peaks at {small_rss:.0f} MiB. Python {platform.python_version()}, numpy "
        f"{numpy.__version__}, matplotlib {mpl}, {os.cpu_count()} CPUs, {platform.system()} "
        f"{platform.machine()}, load average (1, 5, 15 min) {load_at_start} at the start and "
        f"{_load()} at the end: a shared machine, so ratios within about 10% of 1 are noise. "
        "Measured by `python benchmarks/run.py`.",
    ]
    lines += [""] + notes if notes else []
    return "\n".join(lines) + "\n"


def _load() -> str:
    try:
        return ", ".join(f"{v:.1f}" for v in os.getloadavg())
    except (AttributeError, OSError):
        return "unknown"


def update_readme(table: str) -> None:
    text = README.read_text(encoding="utf-8")
    pattern = re.compile(r"(<!-- benchmarks:start -->\n).*?(<!-- benchmarks:end -->)", re.DOTALL)
    if not pattern.search(text):
        print("README.md has no benchmarks section; left alone")
        return
    README.write_text(pattern.sub(lambda m: m.group(1) + table + m.group(2), text), encoding="utf-8")
    print(f"updated {README}")


if __name__ == "__main__":
    sys.exit(main())
