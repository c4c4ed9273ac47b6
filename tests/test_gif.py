"""Animated GIFs: a plot's sweep (`plot ... -o NAME.gif`) and a perceptron's training
(`gate GATE --train --plot NAME.gif`), read back with Pillow: frame counts, sizes,
pixels, rates, byte-identity, and the usage errors that come before any drawing."""

import errno
import io
import os

import numpy as np
import pytest
from PIL import Image, ImageSequence

import actviz
from tests.conftest import one_line_error

# matplotlib's C0 and the plane's two region colours (light blue: y = 0, light orange: y = 1).
C0 = (0x1F, 0x77, 0xB4)
BLUE_REGION = (0xD6, 0xE4, 0xF0)
ORANGE_REGION = (0xFB, 0xD9, 0xB9)


def frames_of(data: bytes) -> list[np.ndarray]:
    """Every frame of a GIF as an RGB array."""
    with Image.open(io.BytesIO(data)) as image:
        assert image.format == "GIF"
        return [np.asarray(frame.convert("RGB")).astype(int) for frame in ImageSequence.Iterator(image)]


def gif_info(data: bytes) -> dict:
    with Image.open(io.BytesIO(data)) as image:
        return {"n_frames": image.n_frames, "size": image.size, "loop": image.info.get("loop"),
                "duration": image.info.get("duration")}


# --- plot: a frame per value of the sweep ------------------------------------------------

def test_a_sweep_of_six_values_is_a_gif_of_six_640_by_480_frames_that_all_differ(run, tmp_path):
    path = tmp_path / "a.gif"
    result = run("plot", "leaky_relu", "--alpha", "0:0.5:0.1", "-d", "-o", path)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == f"{path}\n"
    data = path.read_bytes()
    assert data.startswith(b"GIF89a")
    info = gif_info(data)
    assert info["n_frames"] == 6 and info["size"] == (640, 480)  # --size 6.4 4.8 at 100 dpi
    assert info["loop"] == 0 and info["duration"] == 200  # forever, at the default 5 frames a second
    frames = frames_of(data)
    for i in range(len(frames)):
        for j in range(i):
            assert (frames[i] != frames[j]).any(), (i, j)


def test_the_axes_stay_put_while_the_curve_moves(run, tmp_path):
    # Without a sweep-wide y range each frame would fit its own curve: alpha = 0 spans
    # 0..5 and alpha = 0.5 spans -2.5..5. With one range the tick labels below and left of
    # the plot are the same pixels in every frame, and leaky_relu(-1) = -alpha lands on
    # rows equally spaced in alpha.
    path = tmp_path / "a.gif"
    assert run("plot", "leaky_relu", "--alpha", "0:0.5:0.1", "-o", path).exit_code == 0
    frames = frames_of(path.read_bytes())
    assert len(frames) == 6
    first = frames[0]
    left, right, top, bottom = axes_frame(first)
    for frame in frames[1:]:
        assert axes_frame(frame) == (left, right, top, bottom)
        assert (frame[bottom + 1:, :] == first[bottom + 1:, :]).all()  # x tick labels and x label
        assert (frame[:, :left] == first[:, :left]).all()  # y tick labels and y label
        assert (frame[:top, :] != first[:top, :]).any()  # the title (above the axes) says the value
    column = left + round(0.4 * (right - left))  # x = -1 on [-5, 5]
    rows = [blue_rows(frame[:, column]) for frame in frames]
    centres = [np.mean(r) for r in rows]
    steps = np.diff(centres)
    assert (steps > 0).all()  # lower and lower as alpha grows
    assert np.ptp(steps) <= 1.5, centres  # by equal steps: the y axis is the same in each


def axes_frame(frame: np.ndarray) -> tuple:
    """(left, right, top, bottom) pixel indices of the axes' black frame: the outermost
    columns and rows that are dark over half the frame's height or width."""
    dark = frame.sum(axis=2) < 120
    columns = np.flatnonzero(dark.sum(axis=0) > frame.shape[0] / 2)
    rows = np.flatnonzero(dark.sum(axis=1) > frame.shape[1] / 2)
    return columns[0], columns[-1], rows[0], rows[-1]


def blue_rows(column: np.ndarray) -> list[int]:
    """The rows of a pixel column that are C0 (within the palette's rounding)."""
    rows = [r for r, pixel in enumerate(column) if np.abs(pixel - C0).max() <= 12]
    assert rows, "no C0 pixel in the column"
    return rows


def test_the_same_command_writes_the_same_bytes(run, tmp_path):
    one, two = tmp_path / "one.gif", tmp_path / "two.gif"
    args = ("plot", "elu", "leaky_relu", "--alpha", "0.5,1,2", "-d")
    assert run(*args, "-o", one).exit_code == 0
    assert run(*args, "-o", two, "-q").exit_code == 0
    assert one.read_bytes() == two.read_bytes()
    assert b"Software" not in one.read_bytes() and b"matplotlib" not in one.read_bytes()


def test_a_plot_without_a_sweep_is_a_gif_of_one_frame(run, tmp_path):
    path = tmp_path / "s.gif"
    assert run("plot", "sigmoid", "tanh", "-o", path).exit_code == 0
    assert gif_info(path.read_bytes())["n_frames"] == 1


def test_format_gif_writes_a_gif_to_stdout(run):
    result = run("plot", "relu", "--alpha", "0,0.1", "-o", "-", "--format", "gif")
    assert result.exit_code == 0, result.stderr
    assert gif_info(result.stdout_bytes)["n_frames"] == 2


def test_output_name_templates_give_a_gif_per_activation_or_per_value(run, tmp_path):
    result = run("plot", "elu", "leaky_relu", "--alpha", "0.5,1", "-q",
                 "-o", tmp_path / "{name}.gif", "-o", tmp_path / "{name}-{alpha}.gif")
    assert result.exit_code == 0, result.stderr
    assert sorted(os.listdir(tmp_path)) == ["elu-0.5.gif", "elu-1.gif", "elu.gif",
                                            "leaky_relu-0.5.gif", "leaky_relu-1.gif", "leaky_relu.gif"]
    assert gif_info((tmp_path / "elu.gif").read_bytes())["n_frames"] == 2
    assert gif_info((tmp_path / "leaky_relu-1.gif").read_bytes())["n_frames"] == 1


def test_fps_sets_each_frames_delay(run, tmp_path):
    path = tmp_path / "a.gif"
    assert run("plot", "relu", "--alpha", "0,0.1", "-o", path, "--fps", "2").exit_code == 0
    assert gif_info(path.read_bytes())["duration"] == 500  # ms, 1000 / 2


@pytest.mark.parametrize("args,needle", [
    (["relu", "--alpha", "0,0.5", "-o", "a.gif", "--fps", "0"], "'--fps': frames per second must be a whole number from 1 to 50, got 0"),
    (["relu", "--alpha", "0,0.5", "-o", "a.gif", "--fps", "51"], "from 1 to 50, got 51"),
    (["relu", "--alpha", "0,0.5", "-o", "a.gif", "--fps", "x"], "'--fps'"),
    (["relu", "-o", "a.png", "--fps", "5"], "--fps sets the frame rate of a .gif, and no .gif is written"),
    (["relu", "--term", "--fps", "5"], "cannot be combined with --fps"),
    # 30 values of alpha (elu) times 40 of beta (softplus): 1200 frames, 70 curves.
    (["elu", "softplus", "--alpha", "1:30:1", "--beta", "1:40:1", "-o", "big.gif"],
     "'-o' / '--output': 'big.gif' makes 1200 frames, more than 1000"),
])
def test_bad_gif_requests_are_usage_errors_before_any_drawing(run, tmp_path, monkeypatch, args, needle):
    monkeypatch.chdir(tmp_path)
    from actviz import render

    def must_not_draw(*a, **k):
        raise AssertionError("drew before the command line was checked")

    monkeypatch.setattr(render, "curves_animation", must_not_draw)
    monkeypatch.setattr(render, "curves_figure", must_not_draw)
    line = one_line_error(run("plot", *args), 2)
    assert needle in line
    assert os.listdir(tmp_path) == []


def test_a_sweep_of_exactly_1000_frames_is_allowed_up_to_the_drawing(tmp_path):
    from actviz import plotting

    plot = plotting.request(["leaky_relu"], params={"alpha": "0.001:1:0.001"})
    planned = plotting.plan_files(plot, [str(tmp_path / "a.gif")])
    assert len(planned) == 1 and planned[0].fmt == "gif"


def test_a_gif_under_a_regular_file_fails_the_run_and_writes_nothing(run, tmp_path):
    (tmp_path / "file").write_text("x")
    line = one_line_error(run("plot", "relu", "--alpha", "0,0.5", "-o", tmp_path / "file" / "a.gif"), 1)
    assert "is not a folder" in line
    assert os.listdir(tmp_path) == ["file"]


def test_a_failed_write_leaves_the_old_gif_as_it_was(run, tmp_path, monkeypatch):
    path = tmp_path / "a.gif"
    path.write_bytes(b"old")

    def disk_full(self, *a, **k):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(Image.Image, "save", disk_full)
    line = one_line_error(run("plot", "relu", "--alpha", "0,0.5", "-o", path), 1)
    assert "No space left on device" in line
    assert path.read_bytes() == b"old"
    assert os.listdir(tmp_path) == ["a.gif"]


def test_dev_full_fails_the_run_with_one_line(run):
    if not os.path.exists("/dev/full"):
        pytest.skip("no /dev/full here")
    line = one_line_error(run("plot", "relu", "-o", "/dev/full", "--format", "gif"), 1)
    assert line == "actviz: error: cannot write '/dev/full': No space left on device"


# --- which curves each frame shows -----------------------------------------------------------

def test_each_frame_is_one_combination_of_the_swept_values_with_the_unswept_curves_in_all():
    from actviz.animation import sweep_frames
    from actviz.series import build_series

    series = build_series(["sigmoid", "elu", "softplus"], {"alpha": "1,2", "beta": "1,3"})
    labels = [s.label for s in series]
    assert labels == ["sigmoid", "elu (alpha=1)", "elu (alpha=2)", "softplus (beta=1)", "softplus (beta=3)"]
    frames = [[labels[i] for i in frame] for frame in sweep_frames([s.given for s in series])]
    assert frames == [
        ["sigmoid", "elu (alpha=1)", "softplus (beta=1)"],
        ["sigmoid", "elu (alpha=1)", "softplus (beta=3)"],
        ["sigmoid", "elu (alpha=2)", "softplus (beta=1)"],
        ["sigmoid", "elu (alpha=2)", "softplus (beta=3)"],
    ]


def test_a_sweep_of_depths_is_a_frame_per_depth(tmp_path):
    from actviz.animation import sweep_frames
    from actviz.series import build_series

    series = build_series(["sigmoid", "leaky_relu"], {"alpha": "0.1,0.2"}, derivative=True, depth="1,5")
    labels = [s.label for s in series]
    frames = [[labels[i] for i in frame] for frame in sweep_frames([s.given for s in series])]
    assert frames[0] == ["sigmoid (depth=1)", "sigmoid' (depth=1)",
                         "leaky_relu (alpha=0.1, depth=1)", "leaky_relu' (alpha=0.1, depth=1)"]
    assert len(frames) == 4  # alpha 0.1, 0.2 times depth 1, 5
    data = actviz.animate("sigmoid", depth=[1, 5, 10], derivative=True)
    assert gif_info(data)["n_frames"] == 3


def test_frames_are_titled_with_their_value_unless_a_title_is_given(monkeypatch):
    from actviz import plotting, render

    seen = []
    monkeypatch.setattr(render, "curves_animation",
                        lambda curves, layout, frames, fps, **_: seen.append((curves, frames)) or b"")
    plot = plotting.request(["leaky_relu"], params={"alpha": "0:0.2:0.1"}, derivative=True)
    plotting.animation(plot)
    curves, frames = seen[-1]
    # in display names, as the figure's title and the legend beside it
    assert frames == [(r"Leaky ReLU ($\alpha$ = 0)", [0, 1]), (r"Leaky ReLU ($\alpha$ = 0.1)", [2, 3]),
                      (r"Leaky ReLU ($\alpha$ = 0.2)", [4, 5])]
    assert {curve.colour for curve in curves} == {0}  # the moving curve keeps its colour
    from actviz.figure import FigureOptions

    titled = plotting.request(["leaky_relu"], params={"alpha": "0,1"}, options=FigureOptions(title="Leaky"))
    plotting.animation(titled)
    assert [title for title, _ in seen[-1][1]] == ["Leaky", "Leaky"]


# --- the library -----------------------------------------------------------------------------

def test_animate_returns_the_bytes_the_command_line_writes(run, tmp_path):
    path = tmp_path / "cli.gif"
    assert run("plot", "leaky_relu", "--alpha", "0:0.2:0.1", "-d", "-o", path, "--fps", "4").exit_code == 0
    data = actviz.animate("leaky_relu", alpha="0:0.2:0.1", derivative=True, fps=4)
    assert data == path.read_bytes()
    written = tmp_path / "lib.gif"
    assert actviz.animate("leaky_relu", alpha=[0, 0.1, 0.2], derivative=True, fps=4, output=str(written)) == data
    assert written.read_bytes() == data


def test_plot_writes_a_gif_at_the_default_rate(run, tmp_path):
    path, cli_path = tmp_path / "lib.gif", tmp_path / "cli.gif"
    figure = actviz.plot("relu", alpha=[0, 0.1], output=str(path))
    assert figure.axes  # the static figure is still returned
    assert run("plot", "relu", "--alpha", "0,0.1", "-o", cli_path).exit_code == 0
    assert path.read_bytes() == cli_path.read_bytes()


@pytest.mark.parametrize("fps", [0, 51, 2.5, True])
def test_animate_refuses_a_frame_rate_out_of_bounds(fps):
    with pytest.raises(actviz.UsageError, match="frames per second"):
        actviz.animate("relu", alpha=[0, 1], fps=fps)


# --- gate --train: a frame per epoch ----------------------------------------------------------

def epochs_trained(run, gate):
    """How many epochs training ran, read from the csv report (a row per epoch)."""
    result = run("gate", gate, "--train", "--format", "csv")
    assert result.exit_code == 0, result.stderr
    return len(result.stdout.strip().splitlines()) - 1


@pytest.mark.parametrize("gate", ["and", "xor"])
def test_a_training_gif_has_the_start_and_a_frame_per_epoch(run, tmp_path, gate):
    path = tmp_path / f"{gate}.gif"
    result = run("gate", gate, "--train", "--plot", path)
    assert result.exit_code == 0, result.stderr
    assert "epoch" in result.stdout  # the report is printed as without --plot
    info = gif_info(path.read_bytes())
    assert info["n_frames"] == epochs_trained(run, gate) + 1
    assert info["size"] == (560, 580)  # 5.6 x 5.8 inches at 100 dpi, every frame
    frames = frames_of(path.read_bytes())
    for before, after in zip(frames, frames[1:]):
        assert (before != after).any()


def test_the_and_training_starts_with_everything_1_and_ends_with_only_1_1_on_the_1_side(run, tmp_path):
    # seed 0 starts at w = (0.0013, -0.0013), b = 0.0064: w.x + b > 0 on the whole plane,
    # so all of it is orange (y = 1); the learned line leaves only the corner at (1, 1).
    path = tmp_path / "and.gif"
    assert run("gate", "and", "--train", "--plot", path).exit_code == 0
    frames = frames_of(path.read_bytes())
    assert near(colour_at(frames[0], 1.25, 1.25), ORANGE_REGION)
    assert near(colour_at(frames[0], -0.25, -0.25), ORANGE_REGION)
    assert near(colour_at(frames[-1], 1.25, 1.25), ORANGE_REGION)
    assert near(colour_at(frames[-1], -0.25, -0.25), BLUE_REGION)
    assert near(colour_at(frames[-1], 0.25, 1.25), BLUE_REGION)


def near(colour, expected, levels=8):
    """Within a few levels of each channel: a GIF's palette of 256 colours rounds."""
    return max(abs(a - b) for a, b in zip(colour, expected)) <= levels


def colour_at(frame, x1, x2):
    """The region's colour at (x1, x2): the plane, -0.5..1.5 each way, is a square of
    0.67 x 5.8 inches (at 100 dpi, 388.6 pixels) whose top is 0.07 x 580 pixels from the
    top and which is centred in an Axes from 0.12 to 0.82 of 560 pixels."""
    side = 0.67 * 580
    left = 560 * 0.12 + (560 * 0.7 - side) / 2
    top = 580 * (1 - 0.26 - 0.67)
    column = round(left + (x1 + 0.5) / 2 * side)
    row = round(top + (1.5 - x2) / 2 * side)
    patch = frame[row - 2:row + 3, column - 2:column + 3].reshape(-1, 3)
    return tuple(int(v) for v in np.median(patch, axis=0))


def test_training_frames_say_the_epoch_and_its_errors():
    from actviz.perceptrons import train
    from actviz.training import training_frames

    result = train("AND")
    titles = [frame["title"] for frame in training_frames(result, 100)]
    expected = ["AND, epoch 0, the start"]
    for k, errors in enumerate(result.errors, start=1):
        # the errors of the epoch, not of the line after it: "during it" (issue found by a user)
        expected.append(f"AND, epoch {k}: {errors} error{'' if errors == 1 else 's'} during it")
    expected[-1] += f"; learned in {len(result.errors)} epochs"
    assert titles == expected
    assert result.errors[-1] == 0


def test_training_gif_fps_and_bytes_are_reproducible(run, tmp_path):
    one, two = tmp_path / "one.gif", tmp_path / "two.gif"
    assert run("gate", "or", "--train", "--plot", one, "--fps", "10").exit_code == 0
    assert run("gate", "or", "--train", "--plot", two, "--fps", "10").exit_code == 0
    assert one.read_bytes() == two.read_bytes()
    assert gif_info(one.read_bytes())["duration"] == 100


@pytest.mark.parametrize("args,needle", [
    (["and", "--train", "--epochs", "1000", "--plot", "a.gif"],
     "'--epochs': a .gif of up to 1000 epochs makes 1001 frames, more than 1000"),
    (["and", "--train", "--plot", "a.gif", "--fps", "0"], "'--fps': frames per second must be"),
    (["and", "--train", "--plot", "a.png", "--fps", "5"], "no .gif is written"),
    (["and", "--train", "--fps", "5"], "no .gif is written"),
    (["and", "--fps", "5"], "--fps applies only with --train"),
    (["and", "--plot", "a.gif"], "--plot FILE.gif animates training, an epoch a frame: add --train"),
])
def test_bad_training_gifs_are_usage_errors_and_print_nothing(run, tmp_path, monkeypatch, args, needle):
    monkeypatch.chdir(tmp_path)
    result = run("gate", *args)
    line = one_line_error(result, 2)
    assert needle in line
    assert result.stdout == ""
    assert os.listdir(tmp_path) == []


def test_999_epochs_may_be_asked_for_a_gif(run, tmp_path):
    path = tmp_path / "xor.gif"
    assert run("gate", "xor", "--train", "--epochs", "999", "--plot", path).exit_code == 0
    assert gif_info(path.read_bytes())["n_frames"] == epochs_trained(run, "xor") + 1


# --- across real processes -------------------------------------------------------------------

@pytest.mark.slow
def test_gifs_are_the_same_bytes_in_other_processes_whatever_the_matplotlibrc(run, tmp_path):
    import subprocess

    from tests.conftest import actviz_command
    from tests.test_output_processes import ODD_MATPLOTLIBRC, clean_env

    in_process = tmp_path / "here"
    in_process.mkdir()
    commands = {"sweep.gif": ["plot", "leaky_relu", "--alpha", "0,0.25,0.5", "-d", "-q", "-o", "sweep.gif"],
                "and.gif": ["gate", "and", "--train", "--plot", "and.gif"]}
    for command in commands.values():
        assert run(*command[:-1], in_process / command[-1]).exit_code == 0
    odd = tmp_path / "odd"
    odd.mkdir()
    (odd / "matplotlibrc").write_text(ODD_MATPLOTLIBRC)
    for seed, folder in (("1", tmp_path / "plain"), ("2", odd)):
        folder.mkdir(exist_ok=True)
        env = clean_env(PYTHONHASHSEED=seed, TZ="Asia/Tokyo", MPLBACKEND="bogus")
        for name, command in commands.items():
            result = subprocess.run([actviz_command(), *command], cwd=folder, env=env,
                                    capture_output=True, timeout=300)
            assert result.returncode == 0, result.stderr.decode()
            assert (folder / name).read_bytes() == (in_process / name).read_bytes(), (folder, name)
