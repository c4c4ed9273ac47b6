"""Makefile-grade output across real processes: the same bytes whatever the environment,
clean interrupts by real signals, and parallel runs into one folder."""

import glob
import os
import shutil
import signal
import subprocess
import sys
import textwrap
from xml.etree import ElementTree

import matplotlib
import actviz
import pytest

from conftest import actviz_command

FORMATS = ("png", "svg", "pdf")
FIGURE = ["plot", "relu", "sigmoid", "--alpha", "0.1", "-d", "--title", "Grüße, α"]

# A matplotlibrc that changes everything it can: if any of it reached a figure, the bytes
# would change (and usetex, without LaTeX installed, would fail the run).
ODD_MATPLOTLIBRC = """\
backend: bogus
lines.linewidth: 9
font.size: 31
font.family: monospace
svg.fonttype: none
svg.hashsalt: salty
pdf.fonttype: 42
pdf.compression: 0
savefig.dpi: 300
savefig.facecolor: red
savefig.bbox: tight
figure.facecolor: blue
axes.prop_cycle: cycler('color', ['k', 'r'])
axes.formatter.use_locale: True
axes.unicode_minus: False
path.simplify_threshold: 0.9
text.usetex: True
"""


def clean_env(**changes):
    env = {k: v for k, v in os.environ.items()
           if k not in ("MPLBACKEND", "MATPLOTLIBRC", "SOURCE_DATE_EPOCH")}
    env.update(changes)
    return env


def figures_in(folder, env, gate=False):
    """Run actviz in ``folder`` (its own process), writing the figure in every format,
    and with ``gate`` XOR's decision plot (a process more)."""
    folder.mkdir(exist_ok=True)
    outputs = [arg for fmt in FORMATS for arg in ("-o", f"figure.{fmt}")]
    commands = [[*FIGURE, "-q", *outputs]] + ([["gate", "xor", "--plot", "xor.svg"]] if gate else [])
    for command in commands:
        result = subprocess.run([actviz_command(), *command], cwd=folder, env=env,
                                capture_output=True, timeout=120)
        assert result.returncode == 0, result.stderr.decode()
    names = [f"figure.{fmt}" for fmt in FORMATS] + (["xor.svg"] if gate else [])
    return {name: (folder / name).read_bytes() for name in names}


def rc_font_size(folder, env):
    """What matplotlib itself reads in that environment (proof the odd settings are seen)."""
    code = "import matplotlib; print(matplotlib.rcParams['font.size'])"
    result = subprocess.run([sys.executable, "-c", code], cwd=folder, env=env,
                            capture_output=True, text=True, timeout=60)
    return float(result.stdout)


def test_bytes_do_not_depend_on_folder_time_matplotlibrc_or_backend(tmp_path):
    baseline = figures_in(tmp_path / "plain", clean_env(PYTHONHASHSEED="0", TZ="UTC"), gate=True)

    in_cwd = tmp_path / "cwd-rc"
    in_cwd.mkdir()
    (in_cwd / "matplotlibrc").write_text(ODD_MATPLOTLIBRC)
    rc_file = tmp_path / "odd.rc"
    rc_file.write_text(ODD_MATPLOTLIBRC)
    config = tmp_path / "config"
    config.mkdir()
    for cache in glob.glob(os.path.join(matplotlib.get_cachedir(), "fontlist-*.json")):
        shutil.copy(cache, config)  # spares a font-cache rebuild (seconds), changes nothing else
    (config / "matplotlibrc").write_text(ODD_MATPLOTLIBRC)
    variants = {
        "matplotlibrc in the current folder, MPLBACKEND invalid": (
            in_cwd, clean_env(MPLBACKEND="bogus", PYTHONHASHSEED="1", TZ="Asia/Tokyo")),
        "MATPLOTLIBRC, MPLBACKEND=pdf": (
            tmp_path / "rc-var", clean_env(MATPLOTLIBRC=str(rc_file), MPLBACKEND="pdf",
                                           PYTHONHASHSEED="2", TZ="America/New_York")),
        "MPLCONFIGDIR with a matplotlibrc, MPLBACKEND=svg": (
            tmp_path / "cfg-var", clean_env(MPLCONFIGDIR=str(config), MPLBACKEND="svg",
                                            PYTHONHASHSEED="3")),
    }
    for k, (what, (folder, env)) in enumerate(variants.items()):
        folder.mkdir(exist_ok=True)
        env_without_backend = {k: v for k, v in env.items() if k != "MPLBACKEND"}
        assert rc_font_size(folder, env_without_backend) == 31.0, what
        with_gate = k == 0  # gate --plot saves through the same code: one variant is enough
        drawn = figures_in(folder, env, gate=with_gate)
        assert drawn == {n: b for n, b in baseline.items() if with_gate or n != "xor.svg"}, what
    assert baseline["figure.png"].startswith(b"\x89PNG") and baseline["figure.pdf"].startswith(b"%PDF-")
    assert b"XOR" in baseline["xor.svg"]


HALFWAY = textwrap.dedent("""
    import os, signal, sys, time
    signal.signal(signal.SIGINT, signal.default_int_handler)  # a parent may have ignored it
    real_write = os.write
    def write_half_then_hang(fd, data):
        done = real_write(fd, bytes(data[: len(data) // 2]))
        print("halfway", file=sys.stderr, flush=True)
        time.sleep(60)
        return done
    os.write = write_half_then_hang
    from actviz.cli import main
    sys.argv[0] = "actviz"
    main()
""")


@pytest.mark.parametrize("signum,message", [
    (signal.SIGINT, "actviz: interrupted"),
    (signal.SIGTERM, "actviz: terminated by SIGTERM"),
])
def test_a_signal_midway_leaves_the_old_file_and_no_temp(tmp_path, signum, message):
    # The real entry point in its own process, stopped by a real signal while the
    # temporary file holds half the figure.
    out = tmp_path / "figure.png"
    out.write_bytes(b"old figure")
    proc = subprocess.Popen([sys.executable, "-c", HALFWAY, "plot", "sigmoid", "-o", str(out)],
                            stderr=subprocess.PIPE, text=True, cwd=tmp_path)
    try:
        assert proc.stderr.readline() == "halfway\n"
        during = sorted(os.listdir(tmp_path))
        proc.send_signal(signum)
        stderr = proc.stderr.read()
        status = proc.wait(timeout=30)
    finally:
        proc.kill()
    assert len(during) == 2 and during[0].startswith(".figure.png.")  # the temp file was there
    # The process ends by the signal itself, as Python does for Ctrl-C: a shell reports
    # 128 + the signal's number (130, 143) and stops a loop or a make run.
    assert status == -signum
    assert stderr.strip() == message
    assert out.read_bytes() == b"old figure"
    assert os.listdir(tmp_path) == ["figure.png"]


def test_parallel_runs_into_one_folder_do_not_clobber_each_other(tmp_path):
    # Two processes write the same names at once, one with derivatives and one without.
    names = ["step", "sigmoid", "tanh", "relu", "elu", "gelu", "silu", "mish"]
    commands = [[actviz_command(), "plot", *names, "-q", *extra, "-o", "{name}.svg"]
                for extra in ([], ["-d"])]
    procs = [subprocess.Popen(c, cwd=tmp_path, stderr=subprocess.PIPE) for c in commands]
    results = [(p.wait(timeout=120), p.stderr.read()) for p in procs]
    assert results == [(0, b""), (0, b"")]
    assert sorted(os.listdir(tmp_path)) == sorted(f"{n}.svg" for n in names)  # no temp file left
    for name in os.listdir(tmp_path):
        svg = (tmp_path / name).read_text()
        ElementTree.fromstring(svg.encode())  # whole, well-formed: from one run or the other
        assert f"<!-- {actviz.get(name[:-4]).title} -->" in svg  # the title: its display name


# issue 14 item 3: matplotlib read the first matplotlibrc it found on import, so a FIFO of
# that name hung `plot` and `gate --plot`, a link to /dev/zero ate memory, and undecodable
# bytes were a UnicodeDecodeError traceback. actviz reads no rc file at all.
PLOT_SVG = ["plot", "relu", "-q", "-o", "out.svg"]
GATE_SVG = ["gate", "xor", "--plot", "out.svg"]


@pytest.fixture(scope="module")
def plain_svgs(tmp_path_factory):
    """What each command writes where no rc file is around."""
    svgs = {}
    for command in (PLOT_SVG, GATE_SVG):
        folder = tmp_path_factory.mktemp("plain")
        subprocess.run([actviz_command(), *command], cwd=folder, env=clean_env(),
                       capture_output=True, timeout=300, check=True)
        svgs[command[0]] = (folder / "out.svg").read_bytes()
    return svgs


def hostile_rc_file(tmp_path, folder, where):
    """Make a hostile rc file where matplotlib looks for one; returns the environment."""
    config = tmp_path / "config"
    config.mkdir()
    for cache in glob.glob(os.path.join(matplotlib.get_cachedir(), "fontlist-*.json")):
        shutil.copy(cache, config)  # spares a font-cache rebuild, changes nothing else
    if where == "a FIFO in the current folder":
        os.mkfifo(folder / "matplotlibrc")  # opening it to read waits for a writer forever
    elif where == "undecodable bytes in the current folder":
        (folder / "matplotlibrc").write_bytes(b"lines.linewidth: \xff\xfe 3\n")
    elif where == "MATPLOTLIBRC a link to /dev/zero":
        (tmp_path / "zero.rc").symlink_to("/dev/zero")
        return clean_env(MATPLOTLIBRC=str(tmp_path / "zero.rc"))
    elif where == "a FIFO in MPLCONFIGDIR":
        os.mkfifo(config / "matplotlibrc")
        return clean_env(MPLCONFIGDIR=str(config))
    return clean_env()


@pytest.mark.slow
@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
@pytest.mark.parametrize("command, where", [
    (PLOT_SVG, "a FIFO in the current folder"),
    (GATE_SVG, "a FIFO in the current folder"),
    (PLOT_SVG, "undecodable bytes in the current folder"),
    (PLOT_SVG, "MATPLOTLIBRC a link to /dev/zero"),
    (GATE_SVG, "a FIFO in MPLCONFIGDIR"),
], ids=lambda value: value if isinstance(value, str) else value[0])
def test_issue14_item3_no_matplotlibrc_is_read_not_even_a_fifo_or_dev_zero(
        tmp_path, plain_svgs, command, where):
    folder = tmp_path / "work"
    folder.mkdir()
    env = hostile_rc_file(tmp_path, folder, where)
    result = subprocess.run([actviz_command(), *command], cwd=folder, env=env,
                            capture_output=True, timeout=300)
    assert (result.returncode, result.stderr) == (0, b"")
    assert (folder / "out.svg").read_bytes() == plain_svgs[command[0]]
