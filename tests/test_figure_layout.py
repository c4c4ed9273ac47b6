"""No text is ever clipped, at any figure size from 2 x 1.5 to 16 x 12 inches and any
resolution from 50 to 600 dpi, and the figure keeps the size asked for.

Proved two ways, for every kind of figure actviz draws: each text's box, as matplotlib
measures it after the figure is saved, lies inside the canvas; and in the PNG written,
the outermost rows and columns of pixels are all background (white), so nothing runs
off the edge. The PNG's pixel size is the size asked for times the dpi.
"""

import dataclasses
import io

import numpy as np
import pytest

import actviz
from conftest import invoke

LONG_TITLE = ("A title far longer than any figure is wide, which must wrap onto "
              "several lines instead of running off both sides of a small figure")
KOREAN = dict(title="계단함수와 시그모이드 함수", xlabel="입력 x", ylabel="출력 y")
KINDS = {
    "curve": (("relu",), {}),
    "derivatives": (("relu", "leaky_relu", "step", "sigmoid"), dict(derivative=True)),
    "sweep": (("leaky_relu",), dict(alpha=[0.01, 0.1, 0.3], derivative=True)),
    "long title": (("sigmoid", "tanh"), dict(title=LONG_TITLE)),
    "korean": (("step", "sigmoid"), KOREAN),
    "one panel": (("relu",), dict(derivative=True, panels=True)),
    "four panels": (("step", "sigmoid", "relu", "leaky_relu"), dict(derivative=True, panels=True, title=LONG_TITLE)),
    "gate plane": None,
    "real-valued gate plane": None,
}
SIZES = [(2, 1.5), (3.3, 2.5), (4, 3), (6.4, 3), (6.4, 4.8), (16, 12)]
DPIS = [50, 100, 300, 600]
# The pixel check renders every pixel: a diagonal of the matrix that holds both ends of
# each range (16 x 12 inches at 600 dpi alone would be 41 million pixels per kind); the
# fast core checks the three cases that were cut before (issue 11), the rest is slow.
FAST_PIXEL_CASES = [((2, 1.5), 50), ((3.3, 2.5), 300), ((6.4, 3), 100)]
SLOW_PIXEL_CASES = [((2, 1.5), 600), ((4, 3), 100), ((6.4, 4.8), 100), ((16, 12), 50)]
PIXEL_CASES = FAST_PIXEL_CASES + [pytest.param(*case, marks=pytest.mark.slow) for case in SLOW_PIXEL_CASES]


def figure_of(kind, size, dpi):
    if kind.endswith("gate plane"):
        gate = actviz.gate("xor") if kind == "gate plane" else \
            actviz.gate("and", activation="sigmoid")
        from actviz import render

        return render.decision_figure(dataclasses.replace(gate.plane(), size=size, dpi=dpi))
    names, keywords = KINDS[kind]
    return actviz.plot(*names, size=size, dpi=dpi, **keywords)


def too_small_for_panels(kind, size):
    """Four panels need figure.MIN_PANEL_SIZE each: below 3 x 2.4 inches they are refused,
    which the matrix checks instead of drawing them."""
    if kind == "four panels" and (size[0] < 3 or size[1] < 2.4):
        with pytest.raises(actviz.UsageError, match="too small for 2x2 panels"):
            figure_of(kind, size, 100)
        return True
    return False


def shown_texts(figure):
    """Every text a reader sees: titles, axis labels, legend entries, and the tick labels
    of the ticks inside the axes' range (matplotlib keeps others, undrawn)."""
    from matplotlib.text import Text

    texts = []
    for ax in figure.axes:
        texts += [ax.title, ax._left_title, ax._right_title, ax.xaxis.label, ax.yaxis.label]
        for axis, (lo, hi) in ((ax.xaxis, sorted(ax.get_xlim())), (ax.yaxis, sorted(ax.get_ylim()))):
            for loc, label in zip(axis.get_majorticklocs(), axis.get_majorticklabels()):
                if lo - 1e-9 * abs(hi - lo) <= loc <= hi + 1e-9 * abs(hi - lo):
                    texts.append(label)
        legend = ax.get_legend()
        if legend is not None:
            texts += legend.get_texts()
    texts += [t for t in figure.findobj(Text) if t.get_figure() is figure and t in figure.texts]
    return [t for t in texts if t.get_visible() and t.get_text().strip()]


def clipped_texts(figure):
    """The texts whose box (in pixels, as last drawn) leaves the canvas."""
    renderer = figure.canvas.get_renderer()
    width, height = figure.canvas.get_width_height()
    out = []
    for text in shown_texts(figure):
        box = text.get_window_extent(renderer)
        if box.x0 < -0.5 or box.y0 < -0.5 or box.x1 > width + 0.5 or box.y1 > height + 0.5:
            out.append((text.get_text(), tuple(round(v) for v in box.extents)))
    return out


def png_array(data):
    import matplotlib.image

    return matplotlib.image.imread(io.BytesIO(data), format="png")[:, :, :3]


def ink_on_the_border(pixels):
    """How many pixels of the outermost rows and columns are not white."""
    border = np.concatenate([pixels[0], pixels[-1], pixels[:, 0], pixels[:, -1]])
    return int((np.abs(border - 1.0).sum(axis=1) > 0.02).sum())


@pytest.mark.slow
@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}in")
@pytest.mark.parametrize("dpi", DPIS)
def test_every_text_lies_inside_the_figure_at_every_size_and_dpi(kind, size, dpi):
    if too_small_for_panels(kind, size):
        return
    figure = figure_of(kind, size, dpi)
    figure.draw_without_rendering()
    assert clipped_texts(figure) == []
    assert tuple(figure.get_size_inches()) == pytest.approx(size)


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("size,dpi", PIXEL_CASES, ids=lambda v: f"{v[0]}x{v[1]}in" if isinstance(v, tuple) else f"{v}dpi")
def test_the_png_keeps_its_size_and_its_edges_are_background(kind, size, dpi):
    if too_small_for_panels(kind, size):
        return
    figure = figure_of(kind, size, dpi)
    pixels = png_array(figure.to_bytes("png"))
    assert pixels.shape[:2] == (round(size[1] * dpi), round(size[0] * dpi))
    assert ink_on_the_border(pixels) == 0
    assert clipped_texts(figure) == []
    assert (np.abs(pixels - 1.0).sum(axis=2) > 0.02).mean() > 0.01  # something was drawn


@pytest.mark.parametrize("size", [("3.3", "2.5"), ("4", "3")])
def test_the_command_line_writes_a_column_sized_figure_with_nothing_cut(tmp_path, size):
    out = tmp_path / "f.png"
    result = invoke("plot", "relu", "leaky_relu", "-d", "--size", *size, "--dpi", "300", "-o", out)
    assert result.exit_code == 0, result.stderr
    pixels = png_array(out.read_bytes())
    assert pixels.shape[:2] == (round(float(size[1]) * 300), round(float(size[0]) * 300))
    assert ink_on_the_border(pixels) == 0


def test_a_figure_too_small_for_its_text_is_still_drawn_at_its_size(tmp_path):
    # below 2 x 1.5 inches the type shrinks as far as it goes; the size is kept
    figure = actviz.plot("relu", "sigmoid", size=(1, 1), dpi=50, title=LONG_TITLE)
    assert png_array(figure.to_bytes("png")).shape[:2] == (50, 50)


def test_the_same_small_figure_is_the_same_bytes_twice():
    first = actviz.plot("leaky_relu", alpha=[0.01, 0.1, 0.3], size=(2, 1.5), dpi=300).to_bytes("png")
    again = actviz.plot("leaky_relu", alpha=[0.01, 0.1, 0.3], size=(2, 1.5), dpi=300).to_bytes("png")
    assert first == again


def test_a_figure_saved_with_matplotlibs_own_savefig_looks_as_actviz_writes_it():
    # a learner in a notebook may call savefig (or a backend may draw) outside actviz's
    # rcParams: the figure still draws in the type and fonts it was laid out with
    figure = actviz.plot("leaky_relu", alpha=[0.01, 0.1, 0.3], derivative=True, size=(2, 1.5), dpi=300)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    assert np.array_equal(png_array(buffer.getvalue()), png_array(figure.to_bytes("png")))
