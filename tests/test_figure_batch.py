"""A batch of figures reuses one matplotlib Figure, and writes the bytes of separate runs.

`plot --all` and templated outputs ('{name}.png', '{alpha}.svg') draw every figure into
one Figure, cleared in between; each file must be what a run drawing that figure alone
writes (the oracle: separate runs, each with a Figure of its own).
"""

import subprocess
import sys

import pytest

import actviz
from actviz import plotting, render
from actviz.figure import FigureOptions
from conftest import actviz_command

FORMATS = ("png", "svg", "pdf")


def files(folder):
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_a_templated_batch_writes_what_a_run_per_figure_writes(run, tmp_path):
    # Latin, Hangul and Greek labels in turn: the reused Figure changes its fonts with them.
    batch, alone = tmp_path / "batch", tmp_path / "alone"
    batch.mkdir()
    alone.mkdir()
    figures = {"relu": ["relu"], "계단함수": ["--expr", "where(x > 0, 1, 0)", "--label", "계단함수"],
               "αtanh": ["--expr", "tanh(x)", "--label", "αtanh"]}
    everything = [arg for args in figures.values() for arg in args]
    result = run("plot", *everything, "-q", *[f"-o{batch}/{{name}}.{fmt}" for fmt in FORMATS])
    assert result.exit_code == 0, result.stderr
    for stem, args in figures.items():
        one = run("plot", *args, "-q", *[f"-o{alone}/{stem}.{fmt}" for fmt in FORMATS])
        assert one.exit_code == 0, one.stderr
    assert len(files(batch)) == 9
    assert files(batch) == files(alone)


def test_a_reused_figure_is_drawn_as_a_new_one(tmp_path):
    made = []
    for name in ("sigmoid", "hardshrink", "relu"):
        curves, layout = plotting.request([name]).figure()
        fresh = render.curves_figure(curves, layout)
        reused = render.curves_figure(curves, layout, reuse=made[-1] if made else None)
        made.append(reused)
        assert len(reused.axes) == 1
        for fmt in FORMATS:
            assert reused.to_bytes(fmt) == fresh.to_bytes(fmt), (name, fmt)
    assert made[1] is made[0] and made[2] is made[0]  # one Figure throughout


def test_a_figure_of_another_size_is_not_reused():
    curves, layout = plotting.request(["relu"]).figure()
    first = render.curves_figure(curves, layout)
    other = plotting.request(["relu"], options=FigureOptions(size=(3, 2))).figure()
    assert render.curves_figure(*other, reuse=first) is not first


@pytest.mark.slow
def test_plot_all_writes_every_registry_figure_as_a_run_of_its_own_does_in_every_format(tmp_path):
    batch, alone = tmp_path / "batch", tmp_path / "alone"
    batch.mkdir()
    alone.mkdir()
    command = actviz_command()
    subprocess.run([command, "plot", "--all", "-q", *[f"-o{batch}/{{name}}.{fmt}" for fmt in FORMATS]],
                   check=True)
    for name in actviz.names():
        subprocess.run([command, "plot", name, "-q", *[f"-o{alone}/{name}.{fmt}" for fmt in FORMATS]],
                       check=True)
    assert len(files(batch)) == 3 * len(actviz.names()) >= 3 * 28
    assert files(batch) == files(alone)


# A PNG is encoded from the pixels the fit check drew (render.ActvizFigure.to_bytes), not
# drawn again by savefig: the bytes must be savefig's, and a change made to the figure
# afterwards must be drawn.
@pytest.mark.parametrize("names, keywords", [
    (["relu"], {}),
    (["sigmoid", "tanh"], dict(derivative=True)),
    (["relu", "tanh", "gelu", "elu"], dict(panels=True)),
    (["leaky_relu"], dict(alpha="0.1,0.3", style="paper")),
    (["softplus"], dict(logy=True, size=(2, 1.5))),
    (["relu"], dict(title=r"$\sigma(x)$ of $x$", legend="outside", dpi=72)),
], ids=["one", "derivatives", "panels", "paper sweep", "tiny log", "math outside"])
def test_a_png_from_the_checked_pixels_is_what_savefig_draws(names, keywords):
    figure = actviz.plot(*names, **keywords)
    assert figure._pixels_are_the_png()  # the path is taken
    from_pixels = figure.to_bytes("png")
    figure._actviz_drawn_pixels = False
    assert figure.to_bytes("png") == from_pixels  # savefig's own drawing


def test_a_gate_plane_of_a_given_size_is_encoded_from_its_pixels_too():
    figure = actviz.gate("xor").plot(size=(4, 4))
    assert figure._pixels_are_the_png()
    from_pixels = figure.to_bytes("png")
    figure._actviz_drawn_pixels = False
    assert figure.to_bytes("png") == from_pixels


def test_a_figure_changed_after_it_was_drawn_is_drawn_again_for_its_png():
    figure = actviz.plot("relu")
    before = figure.to_bytes("png")
    figure.axes[0].set_title("mine")
    assert not figure._pixels_are_the_png()
    assert figure.to_bytes("png") != before
