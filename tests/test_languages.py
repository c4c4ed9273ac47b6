"""Figures in Korean and Japanese (--lang ko|ja): the words of the book's Korean and Japanese
editions, default titles and legends in them, and glyphs from a font that has them, also
beside mathtext (α), where mathtext once drew Hangul as boxes."""

from __future__ import annotations

import os

import matplotlib
import numpy as np
import pytest
from matplotlib import font_manager, image

import actviz
from actviz import plotting, render
from actviz.errors import UsageError
from actviz.figure import FigureOptions
from conftest import actviz_command, invoke, one_line_error
from test_fonts import fonts_drawing

# The seed's four figures, in the words of the book's editions (밑바닥부터 시작하는 딥러닝 and
# ゼロから作るDeep Learning, chapter 3): an oracle written out, not read from the catalog.
BOOK_WORDS = {
    "ko": {"step": "계단 함수", "sigmoid": "시그모이드 함수", "relu": "ReLU 함수", "identity": "항등 함수",
           "leaky_relu": "Leaky ReLU 함수", "tanh": "tanh 함수"},
    "ja": {"step": "ステップ関数", "sigmoid": "シグモイド関数", "relu": "ReLU関数", "identity": "恒等関数",
           "leaky_relu": "Leaky ReLU関数", "tanh": "tanh関数"},
}
FUNCTION_WORD = {"ko": "함수", "ja": "関数"}


@pytest.fixture(scope="module")
def korean_font():
    """An installed font that draws Hangul; CI installs fonts-nanum and insists on it."""
    if not fonts_drawing("계단함수도"):
        if os.environ.get("ACTVIZ_REQUIRE_CJK_FONT") == "1":
            pytest.fail("ACTVIZ_REQUIRE_CJK_FONT=1 but no installed font draws Hangul")
        pytest.skip("no installed font draws Hangul (on Debian/Ubuntu: apt-get install fonts-nanum)")


@pytest.fixture(scope="module")
def japanese_font():
    """An installed font that draws Kana and the kanji of 関数; CI installs fonts-ipafont-gothic."""
    if not fonts_drawing("ステップ関数の導、"):
        if os.environ.get("ACTVIZ_REQUIRE_JAPANESE_FONT") == "1":
            pytest.fail("ACTVIZ_REQUIRE_JAPANESE_FONT=1 but no installed font draws Japanese")
        pytest.skip("no installed font draws Japanese (on Debian/Ubuntu: apt-get install fonts-ipafont-gothic)")


def legend_texts(figure):
    return [t.get_text() for t in figure.axes[0].get_legend().get_texts()]


# --- the names ----------------------------------------------------------------------------

@pytest.mark.parametrize("name", actviz.names())
def test_every_activation_has_a_korean_and_a_japanese_name(name):
    act = actviz.get(name)
    for lang in ("ko", "ja"):
        word = act.display_names[lang]
        assert FUNCTION_WORD[lang] in word, (name, lang, word)
        assert word != act.display_name


@pytest.mark.parametrize("lang", ["ko", "ja"])
def test_the_book_s_functions_have_the_book_s_words(lang):
    for name, word in BOOK_WORDS[lang].items():
        assert actviz.get(name).display_names[lang] == word


def test_a_default_title_names_each_function_in_the_language():
    ko = actviz.plot("step", "sigmoid", "relu", "leaky_relu", lang="ko")
    assert ko.axes[0].get_title() == "계단 함수, 시그모이드 함수, ReLU 함수, Leaky ReLU 함수"
    assert legend_texts(ko) == ["계단 함수", "시그모이드 함수", "ReLU 함수", "Leaky ReLU 함수"]
    ja = actviz.plot("step", "sigmoid", lang="ja")
    assert ja.axes[0].get_title() == "ステップ関数、シグモイド関数"  # a Japanese list takes 、
    assert ja.axes[0].get_xlabel() == "x" and ja.axes[0].get_ylabel() == "y"  # the book's symbols


def test_derivatives_and_sweeps_read_right_in_korean_and_japanese():
    ko = actviz.plot("leaky_relu", alpha=[0.01, 0.1], derivative=True, lang="ko")
    assert ko.axes[0].get_title() == r"Leaky ReLU 함수 ($\alpha$ = 0.01, 0.1)"
    assert legend_texts(ko) == [r"Leaky ReLU 함수 ($\alpha$ = 0.01)", r"Leaky ReLU 함수의 도함수 ($\alpha$ = 0.01)",
                                r"Leaky ReLU 함수 ($\alpha$ = 0.1)", r"Leaky ReLU 함수의 도함수 ($\alpha$ = 0.1)"]
    ja = actviz.plot("sigmoid", derivative=True, formula=True, lang="ja")
    assert legend_texts(ja) == [r"シグモイド関数: $\frac{1}{1 + e^{-x}}$",
                                r"シグモイド関数の導関数: $\sigma(x)\,(1 - \sigma(x))$"]


def test_expressions_labels_and_titles_of_the_caller_stay_as_written():
    figure = actviz.plot("step", expr=["x * sigmoid(x)", "x"], label=["계단", "항등"], derivative=True, lang="ko",
                         title="내 제목")
    assert figure.axes[0].get_title() == "내 제목"
    assert legend_texts(figure) == ["계단 함수", "계단 함수의 도함수",  # step, then the two labelled expressions
                                    "계단", "계단의 도함수", "항등", "항등의 도함수"]
    bare = actviz.plot(expr="x * sigmoid(x)", derivative=True, lang="ja")
    assert legend_texts(bare) == ["x * sigmoid(x)", "(x * sigmoid(x))の導関数"]


def test_a_plugin_with_a_display_name_only_gets_the_function_word(monkeypatch):
    from actviz import languages
    from actviz.activation import Activation

    act = Activation(name="cube", function=lambda x: x**3, derivative_function=lambda x: 3 * x**2,
                     formula="x^3", derivative_formula="3 x^2", display_name="Cube")
    assert [languages.display_name(act, lang) for lang in ("en", "ko", "ja")] == ["Cube", "Cube 함수", "Cube関数"]
    with pytest.raises(TypeError, match="display name in another language"):
        Activation(name="cube", function=abs, derivative_function=abs, formula="x", derivative_formula="1",
                   display_names={"ko": ""})


# --- the command line and the library -----------------------------------------------------

def test_lang_ko_writes_the_korean_title_and_legend_into_the_svg(korean_font, tmp_path):
    out = tmp_path / "ko.svg"
    result = invoke("plot", "step", "sigmoid", "relu", "-d", "--lang", "ko", "-o", out)
    assert result.exit_code == 0 and result.stderr == "", result.stderr
    svg = out.read_text()
    # matplotlib writes each text as a comment before the glyphs that draw it
    for text in ("계단 함수, 시그모이드 함수, ReLU 함수", "시그모이드 함수의 도함수", "ReLU 함수"):
        assert f"<!-- {text} -->" in svg
    assert "<!-- Sigmoid -->" not in svg and "<!-- x -->" in svg


def test_lang_ja_draws_a_japanese_figure_without_warnings(japanese_font, tmp_path):
    out = tmp_path / "ja.svg"
    result = invoke("plot", "step", "sigmoid", "--lang", "ja", "-o", out)
    assert result.exit_code == 0 and result.stderr == "", result.stderr
    assert "<!-- ステップ関数、シグモイド関数 -->" in out.read_text()


def test_an_unknown_language_is_a_usage_error_and_writes_nothing(tmp_path):
    out = tmp_path / "fr.png"
    line = one_line_error(invoke("plot", "step", "--lang", "fr", "-o", out), 2)
    assert "'fr' is not one of 'en', 'ko', 'ja'" in line
    assert not out.exists()
    with pytest.raises(UsageError) as error:
        actviz.plot("step", lang="fr")
    assert error.value.option == "lang" and "choose one of en, ko, ja" in str(error.value)


def test_the_terminal_plot_refuses_a_language_it_does_not_draw():
    line = one_line_error(invoke("plot", "step", "--lang", "ko", "--term"), 2)
    assert "--term draws in the terminal; it cannot be combined with --lang ko" in line


def test_the_same_korean_command_writes_the_same_bytes_and_english_is_the_default(tmp_path):
    for name in ("a", "b"):
        assert invoke("plot", "step", "leaky_relu", "--lang", "ko", "-q", "-o", tmp_path / f"{name}.png").exit_code == 0
    assert (tmp_path / "a.png").read_bytes() == (tmp_path / "b.png").read_bytes()
    assert invoke("plot", "step", "--lang", "en", "-q", "-o", tmp_path / "en.png").exit_code == 0
    assert invoke("plot", "step", "-q", "-o", tmp_path / "default.png").exit_code == 0
    assert (tmp_path / "en.png").read_bytes() == (tmp_path / "default.png").read_bytes()
    assert (tmp_path / "en.png").read_bytes() != (tmp_path / "a.png").read_bytes()


def test_gif_frames_are_titled_in_the_language(monkeypatch):
    seen = []
    monkeypatch.setattr(render, "curves_animation", lambda curves, layout, frames, fps, comment="": seen.append(frames) or b"")
    actviz.animate("leaky_relu", alpha="0.1,0.2", lang="ja")
    assert [title for title, _ in seen[-1]] == [r"Leaky ReLU関数 ($\alpha$ = 0.1)", r"Leaky ReLU関数 ($\alpha$ = 0.2)"]


def test_a_page_shows_the_names_in_the_language_and_its_command_says_so():
    from actviz.page import plot_command, plot_page

    plot = plotting.request(["step", "leaky_relu"], params={"alpha": "0.1,0.2"}, derivative=True,
                            options=FigureOptions(lang="ko"))
    assert plot_command(plot) == "actviz plot step leaky_relu --alpha 0.1,0.2 -d --lang ko"
    assert plot_command(plotting.request(["step"])) == "actviz plot step"
    page = plot_page(plot).decode()
    assert "<title>계단 함수, Leaky ReLU 함수 (alpha=0.1, 0.2)</title>" in page
    assert "Leaky ReLU 함수의 도함수 (alpha=0.2)" in page  # a legend entry: plain text, no mathtext


# --- glyphs, not boxes ----------------------------------------------------------------------

def title_strip(path):
    """The rows above the axes' top edge (the first row dark over half the width)."""
    pixels = image.imread(str(path))[..., :3]
    top = int(np.argmax((pixels.min(axis=2) < 0.5).mean(axis=1) > 0.5))
    assert top > 10
    return pixels[:top - 1]


def inked(strip):
    """The strip cut to its ink: a title centred over axes that stand elsewhere is the same."""
    rows, columns = np.nonzero(strip.min(axis=2) < 0.9)
    return strip[rows.min():rows.max() + 1, columns.min():columns.max() + 1]


def drawn_three_ways(tmp_path, monkeypatch, args, font):
    """The title strip as drawn by default, with ``font`` for all text, and with no font for the script."""
    assert invoke(*args, "-o", tmp_path / "auto.png").exit_code == 0
    assert invoke(*args, "--font", font, "-o", tmp_path / "font.png").exit_code == 0
    with monkeypatch.context() as patched:
        own = os.path.dirname(matplotlib.get_data_path())
        patched.setattr(render, "_installed", lambda: [
            e for e in font_manager.fontManager.ttflist if e.fname.startswith(own) and "LastResort" not in e.fname
        ])
        patched.setattr(render, "_add_new_system_fonts", lambda: False)
        boxes = invoke(*args, "-o", tmp_path / "boxes.png")
    assert boxes.exit_code == 0 and "drawn as boxes" in boxes.stderr
    return [title_strip(tmp_path / f"{name}.png") for name in ("auto", "font", "boxes")]


@pytest.mark.slow
@pytest.mark.parametrize("lang, word", [("ko", "함수"), ("ja", "関数")])
def test_a_title_with_math_draws_its_words_in_a_font_that_has_them(lang, word, request, tmp_path, monkeypatch):
    request.getfixturevalue("korean_font" if lang == "ko" else "japanese_font")
    with matplotlib.rc_context(render._style()):
        font = render.font_families([word])[-1]  # the font actviz falls back to for the script
    # one curve: no legend, the title is the only text above the axes; at 300 dpi the
    # anti-aliasing of a title centred a fraction of a pixel elsewhere hardly shows
    args = ["plot", "leaky_relu", "--alpha", "0.1", "--lang", lang, "--dpi", "300", "-q"]
    auto, font_drawn, boxes = (inked(strip) for strip in drawn_three_ways(tmp_path, monkeypatch, args, font))
    assert (auto.min(axis=2) < 0.5).sum() > 2000  # the title is drawn...
    # ...its words (mathtext draws them in one font) in that font, as --font draws them,
    # the α in mathtext's own: the same pixels, wherever the axes put the title (measured:
    # 0.004 at most, and 0.24 from the boxes mathtext drew before)...
    assert auto.shape == font_drawn.shape
    assert np.abs(auto - font_drawn).mean() < 0.02
    # ...not matplotlib's boxes
    h, w = min(auto.shape[0], boxes.shape[0]), min(auto.shape[1], boxes.shape[1])
    assert auto.shape != boxes.shape and np.abs(auto[:h, :w] - boxes[:h, :w]).mean() > 0.15


@pytest.mark.slow
def test_a_japanese_title_without_math_is_drawn_by_font_fallback(japanese_font, tmp_path, monkeypatch):
    with matplotlib.rc_context(render._style()):
        font = render.font_families(["ステップ関数"])[-1]
    args = ["plot", "step", "--lang", "ja", "--dpi", "300", "-q"]
    auto, font_drawn, boxes = (inked(strip) for strip in drawn_three_ways(tmp_path, monkeypatch, args, font))
    assert (auto.min(axis=2) < 0.5).sum() > 2000
    # the same glyphs, placed by text layout rather than mathtext: 0.03 apart, measured
    assert auto.shape == font_drawn.shape and np.abs(auto - font_drawn).mean() < 0.06
    h, w = min(auto.shape[0], boxes.shape[0]), min(auto.shape[1], boxes.shape[1])
    assert auto.shape != boxes.shape and np.abs(auto[:h, :w] - boxes[:h, :w]).mean() > 0.15


# --- no font for the script: one warning that names the package -----------------------------

@pytest.mark.parametrize("lang, script, package", [
    ("ko", "Hangul", "fonts-nanum or fonts-noto-cjk"),
    ("ja", "Katakana, CJK, Ideographic", "fonts-ipafont-gothic or fonts-noto-cjk"),  # 、 is ideographic
])
def test_without_a_font_one_warning_names_the_package(lang, script, package, only_matplotlibs_fonts, tmp_path):
    out = tmp_path / "f.png"
    result = invoke("plot", "step", "leaky_relu", "-d", "--lang", lang, "-o", out)
    assert result.exit_code == 0 and out.read_bytes()[:4] == b"\x89PNG"
    line = one_line_error(result, 0)
    assert line.startswith("actviz: warning: no installed font has glyphs for ")
    assert f"({script}), so they are drawn as boxes" in line
    assert f"(Debian/Ubuntu: apt-get install {package}) or choose one as the font (--font NAME)" in line


def test_a_math_text_whose_words_no_single_font_draws_is_one_warning(korean_font, japanese_font, tmp_path):
    # mathtext draws the words beside $...$ in one font: fallback (Hangul from one font,
    # kanji from another) does not reach them, so what the one font lacks is told.
    if fonts_drawing("계関"):
        pytest.skip("an installed font draws both Hangul and kanji (fonts-noto-cjk, say)")
    result = invoke("plot", "relu", "--title", r"계단 함수 関数 $\alpha$", "-o", tmp_path / "mixed.png")
    assert result.exit_code == 0
    line = one_line_error(result, 0)
    assert line.startswith("actviz: warning: mathtext draws the words beside $math$ in one font, and no "
                           "installed font has all of them: ")
    assert "are drawn as boxes; install a font that has them all (Debian/Ubuntu: apt-get install " \
           "fonts-noto-cjk) or choose one as the font (--font NAME)" in line
    assert "계" in line or "関" in line


# --- gate figures: the same --lang, the gates named as the book's editions name them -----------
def test_gate_planes_name_the_gate_in_the_language(korean_font, japanese_font, tmp_path):
    plane, hidden = tmp_path / "xor.svg", tmp_path / "hidden.svg"
    result = invoke("gate", "xor", "--plot", plane, "--lang", "ko")
    assert result.exit_code == 0 and result.stderr == "", result.stderr  # no findfont notes either
    svg = plane.read_text()
    assert "<!-- XOR 게이트 = AND(NAND(x1, x2), OR(x1, x2)) -->" in svg
    assert "<dc:source>actviz gate xor --lang ko --plot FILE.svg</dc:source>" in svg
    result = invoke("gate", "xor", "--hidden", "--plot", hidden, "--lang", "ja")
    assert result.exit_code == 0 and result.stderr == "", result.stderr
    assert "<!-- XORゲートの隠れ層の空間: y = AND(s1, s2) -->" in hidden.read_text()


def test_a_gate_in_python_takes_the_language_and_english_stays_the_default(japanese_font):
    assert actviz.gate("and").plane("ko").title == "AND 게이트: y = step(0.5*x1 + 0.5*x2 - 0.7)"
    assert actviz.gate("and").plane().title == "AND: y = step(0.5*x1 + 0.5*x2 - 0.7)"
    figure = actviz.gate("or").plot(lang="ja")
    assert "<!-- ORゲート: y = step(0.5*x1 + 0.5*x2 - 0.2) -->" in figure.to_bytes("svg").decode()


def test_a_training_figure_refuses_a_language_and_a_gate_without_plot_too(tmp_path):
    out = tmp_path / "t.png"
    line = one_line_error(invoke("gate", "and", "--train", "--plot", out, "--lang", "ko"), 2)
    assert "--lang ko names the gates of a gate's figure; a training's figures are titled in English" in line
    assert not out.exists()
    line = one_line_error(invoke("gate", "xor", "--lang", "ja"), 2)
    assert "--lang is a figure option: it applies with --plot FILE" in line


def test_a_panel_per_value_names_its_curves_in_the_language():
    # Was: the panels' titles were Korean and their legends (and description) English.
    figure = actviz.plot("sigmoid", depth=[1, 3], derivative=True, panels_by="depth", lang="ko")
    legends = [[t.get_text() for t in ax.get_legend().get_texts()] for ax in figure.axes]
    assert legends == [["시그모이드 함수", "시그모이드 함수의 도함수"]] * 2


@pytest.mark.slow
def test_a_gif_in_japanese_is_drawn_without_a_warning(japanese_font, tmp_path):
    # Was: its legend was placed with a trial drawing before the math text got its font:
    # six "does not have a glyph" lines from matplotlib's logging on stderr (a real process:
    # in pytest its logging capture would swallow them).
    import subprocess

    out = tmp_path / "s.gif"
    result = subprocess.run([actviz_command(), "plot", "leaky_relu", "--alpha", "0.1,0.2", "-d", "--lang", "ja",
                             "-q", "-o", str(out)], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0 and result.stderr == "", result.stderr
    assert out.read_bytes().startswith(b"GIF89a")
