"""Titles, labels and legends in any script: real glyphs from an installed font, or one warning."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import matplotlib
import numpy as np
import pytest
from matplotlib import font_manager, ft2font, image

from actviz import render
from conftest import invoke

TITLE = "계단함수 구현"  # the seed's title: "implementing the step function"
HANGUL = sorted(set(TITLE.replace(" ", "")), key=TITLE.index)
EGYPTIAN = "\U00013000"  # EGYPTIAN HIEROGLYPH A001: in no font a test machine is likely to have
ACTVIZ = Path(sys.executable).with_name("actviz")


def installed_faces():
    """(path, face) of every installed font file, found on our own (not through render)."""
    paths = {entry.fname for entry in font_manager.fontManager.ttflist} | set(font_manager.findSystemFonts())
    faces = []
    for path in sorted(paths):
        try:
            face = ft2font.FT2Font(path)
        except Exception:
            continue
        if "LastResort" not in face.postscript_name:  # matplotlib's font of boxes
            faces.append((path, face))
    return faces


def fonts_drawing(text):
    return [(path, face) for path, face in installed_faces()
            if all(face.get_char_index(ord(c)) != 0 for c in text if not c.isspace())]


@pytest.fixture(scope="module")
def hangul_font():
    """An installed font that draws Hangul; CI installs one (fonts-nanum) and insists on it."""
    found = fonts_drawing(TITLE)
    if not found:
        if os.environ.get("ACTVIZ_REQUIRE_CJK_FONT") == "1":
            pytest.fail("ACTVIZ_REQUIRE_CJK_FONT=1 but no installed font draws Hangul")
        pytest.skip("no installed font draws Hangul (on Debian/Ubuntu: apt-get install fonts-nanum)")
    return found[0]


def glyph_ids(svg):
    """(font, glyph) of every glyph an SVG draws: ids are FONT-HEX (glyph index or character code)."""
    return set(re.findall(r'<path id="([A-Za-z][\w-]*?)-([0-9a-f]+)"', svg))


def draws_glyph(ids, face, character):
    index, code = face.get_char_index(ord(character)), ord(character)
    return (face.postscript_name, f"{index:x}") in ids or (face.postscript_name, f"{code:x}") in ids


# --- real glyphs ------------------------------------------------------------------------

def test_a_korean_title_legend_and_label_are_drawn_from_a_font_that_has_them(hangul_font, tmp_path):
    out = tmp_path / "step.svg"
    result = invoke("plot", "step", "--expr", "sigmoid(x)", "--label", "시그모이드", "--title", TITLE,
                    "--xlabel", "입력 x", "-o", str(out))
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""  # no warning of any kind
    svg = out.read_text()
    assert f"<!-- {TITLE} -->" in svg and "<!-- 시그모이드 -->" in svg and "<!-- 입력 x -->" in svg
    assert "LastResort" not in svg
    ids = glyph_ids(svg)
    fonts = {font for font, _ in ids}
    faces = {face.postscript_name: face for _, face in installed_faces()}
    hangul_fonts = [faces[f] for f in fonts if f in faces and faces[f].get_char_index(ord("계"))]
    assert hangul_fonts, f"no font in the SVG draws Hangul: {fonts}"
    for character in set(TITLE + "시그모이드입력") - {" "}:
        assert any(draws_glyph(ids, face, character) for face in hangul_fonts), character
    # Font fallback: Latin text keeps the default font (the x label's x, the legend's Step).
    dejavu = faces.get("DejaVuSans") or ft2font.FT2Font(font_manager.findfont("DejaVu Sans"))
    assert draws_glyph(ids, dejavu, "x") and draws_glyph(ids, dejavu, "t")


def test_the_korean_title_png_shows_the_fonts_glyphs_not_boxes(hangul_font, tmp_path, monkeypatch):
    with matplotlib.rc_context(render._style()):
        chosen = render.font_families([TITLE])[-1]  # the font actviz falls back to
    args = ["plot", "step", "--title", TITLE, "--dpi", "100", "-q"]
    assert invoke(*args, "-o", str(tmp_path / "auto.png")).exit_code == 0
    assert invoke(*args, "--font", chosen, "-o", str(tmp_path / "font.png")).exit_code == 0
    with monkeypatch.context() as patched:
        own = os.path.dirname(matplotlib.get_data_path())
        patched.setattr(render, "_installed", lambda: [
            e for e in font_manager.fontManager.ttflist if e.fname.startswith(own) and "LastResort" not in e.fname
        ])
        patched.setattr(render, "_add_new_system_fonts", lambda: False)
        boxes = invoke(*args, "-o", str(tmp_path / "boxes.png"))
    assert boxes.exit_code == 0 and "drawn as boxes" in boxes.stderr

    def title_strip(name):  # above the axes (which start 58 pixels down)
        return image.imread(str(tmp_path / name))[:55, :, :3]

    auto, font, boxes = title_strip("auto.png"), title_strip("font.png"), title_strip("boxes.png")
    ink = auto.min(axis=2) < 0.5
    assert ink.sum() > 200  # the title is drawn...
    # ...as the Hangul font itself draws it (the same ink; not the same pixels, since with
    # fallback the space comes from DejaVu Sans and matplotlib 3.10 places it differently)...
    font_ink = font.min(axis=2) < 0.5
    assert abs(int(ink.sum()) - int(font_ink.sum())) < 0.05 * font_ink.sum()
    assert np.abs(auto - boxes).max() > 0.5  # ...and not as matplotlib's boxes
    assert (np.abs(auto - boxes).max(axis=2) > 0.5).sum() > 100


def test_pdf_and_png_draw_korean_without_warnings(hangul_font, tmp_path):
    for fmt in ("pdf", "png"):
        out = tmp_path / f"step.{fmt}"
        result = invoke("plot", "step", "--title", TITLE, "-o", str(out))
        assert result.exit_code == 0 and result.stderr == "", result.stderr
    pdf = (tmp_path / "step.pdf").read_bytes()
    _, face = hangul_font
    assert face.postscript_name.encode() in pdf or any(
        f.postscript_name.encode() in pdf for _, f in fonts_drawing(TITLE)
    )


def test_fonts_installed_after_matplotlib_cached_its_list_are_found(hangul_font, monkeypatch):
    # matplotlib caches its font list once; fonts-nanum installed later is not in it.
    own = os.path.dirname(matplotlib.get_data_path())
    stale = [e for e in font_manager.fontManager.ttflist if e.fname.startswith(own)]
    monkeypatch.setattr(font_manager.fontManager, "ttflist", stale)
    monkeypatch.setattr(render, "_rescanned", False)
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with matplotlib.rc_context(render._style()):
            families = render.font_families([TITLE])
    assert families[0] == "sans-serif" and len(families) == 2
    assert families[1] in {e.name for e in font_manager.fontManager.ttflist if not e.fname.startswith(own)}


# --- no font has the glyphs: one warning ------------------------------------------------

def test_without_a_font_for_hangul_one_warning_names_the_characters_and_the_fix(only_matplotlibs_fonts, tmp_path):
    out = tmp_path / "step.png"
    result = invoke("plot", "step", "--title", TITLE, "--xlabel", "입력", "-o", str(out))
    assert result.exit_code == 0
    assert result.stdout == f"{out}\n"
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert result.stderr == (
        "actviz: warning: no installed font has glyphs for 계, 단, 함, 수, 구, 현, 입, 력 (Hangul), so "
        "they are drawn as boxes; install a font that has them (Debian/Ubuntu: apt-get install "
        "fonts-nanum or fonts-noto-cjk) or choose one as the font (--font NAME)\n"
    )


def test_the_library_warns_once_with_a_category_of_its_own(only_matplotlibs_fonts):
    import warnings

    x = np.linspace(-1, 1, 5)
    curves = [render.Curve(x, x, "日本語ラベル", 0)]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for fmt in ("png", "svg", "pdf"):
            render.render_formats(curves, render.Layout(title=TITLE, xlim=(-1, 1)), [fmt])
    assert [w.category for w in caught] == [render.MissingGlyphsWarning] * 3  # no "Glyph N missing"
    message = str(caught[0].message)
    assert "for 계, 단, 함, 수, 구, 현, 日, 本, 語, ラ, ベ, ル (Hangul, CJK, Katakana)," in message
    assert "apt-get install fonts-nanum or fonts-noto-cjk or fonts-ipafont-gothic)" in message  # each once


def test_characters_no_installed_font_has_are_one_warning_in_a_real_run(tmp_path):
    if fonts_drawing(EGYPTIAN):
        pytest.skip("an installed font draws Egyptian hieroglyphs")
    result = subprocess.run(
        [str(ACTVIZ), "plot", "step", "--title", f"{EGYPTIAN} step", "-o", "step.png"],
        capture_output=True, text=True, cwd=tmp_path, timeout=120,
    )
    assert result.returncode == 0
    assert result.stdout == "step.png\n"
    assert result.stderr == (
        f"actviz: warning: no installed font has glyphs for {EGYPTIAN} (Egyptian), so they are drawn "
        "as boxes; install a font that has them (Debian/Ubuntu: apt-get install fonts-noto-core or "
        "fonts-noto-extra) or choose one as the font (--font NAME)\n"
    )


def test_latin_greek_and_math_text_need_no_other_font(monkeypatch):
    def fail():
        raise AssertionError("looked for fallback fonts")

    monkeypatch.setattr(render, "_installed", fail)
    with matplotlib.rc_context(render._style()):
        assert render.font_families(["sigmoid (alpha=0.1)", "α → β², −1", r"$\int \sigma$ dx"]) == ["sans-serif"]


# --- --font ---------------------------------------------------------------------------

def test_font_names_an_installed_font_in_any_case_for_all_text(tmp_path):
    out = tmp_path / "serif.svg"
    result = invoke("plot", "step", "--font", "dejavu serif", "-o", str(out))
    assert result.exit_code == 0, result.stderr
    fonts = {font for font, _ in glyph_ids(out.read_text())}
    assert fonts == {"DejaVuSerif"}


def test_font_takes_a_font_file(tmp_path):
    path = font_manager.findfont(font_manager.FontProperties(family=["DejaVu Sans Mono"]))
    out = tmp_path / "mono.svg"
    result = invoke("plot", "step", "--font", str(path), "-o", str(out))
    assert result.exit_code == 0, result.stderr
    assert {font for font, _ in glyph_ids(out.read_text())} == {"DejaVuSansMono"}


@pytest.mark.parametrize("font, message", [
    ("DejaVu Sanz", "no installed font is named 'DejaVu Sanz'; did you mean 'DejaVu Sans'"),
    ("NoSuchFontAnywhere", "no installed font is named 'NoSuchFontAnywhere' (`fc-list : family` lists them)"),
])
def test_an_unknown_font_is_a_usage_error_and_writes_nothing(font, message, tmp_path):
    out = tmp_path / "step.png"
    out.write_bytes(b"before")
    result = invoke("plot", "step", "--font", font, "-o", str(out))
    assert result.exit_code == 2
    assert message in result.stderr and result.stderr.count("\n") == 1
    assert out.read_bytes() == b"before"


def test_a_file_that_is_not_a_font_is_a_usage_error(tmp_path):
    bogus = tmp_path / "bogus.ttf"
    bogus.write_text("not a font")
    result = invoke("plot", "step", "--font", str(bogus), "-o", str(tmp_path / "x.png"))
    assert result.exit_code == 2
    assert f"cannot read font file {str(bogus)!r}: " in result.stderr
    assert "FT_Open_Face" not in result.stderr and "ft2font.cpp" not in result.stderr  # FreeType's own words


# --- non-Latin labels in terminal tables --------------------------------------------------

def test_eval_aligns_wide_characters_by_the_columns_a_terminal_gives_them():
    result = invoke("eval", "step", "--expr", "x * x", "--label", "제곱", "--at", "-10,1000")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == [
        "   x  step   제곱",  # 제곱 takes four columns, like "1e+06" plus one
        " -10     0    100",
        "1000     1  1e+06",
    ]
