"""The README's gallery is what the current code draws: docs/Makefile redraws it into a
temporary folder and the bytes must match the committed images.

Figures depend on the matplotlib that draws them (its fonts, its SVG writer), so the
byte comparison runs only where the matplotlib recorded beside the images is installed
(and the Korean title only where a font draws Hangul, as on CI). Elsewhere it skips,
saying why (pytest's -ra summary shows it). CI sets ACTVIZ_REQUIRE_GALLERY_MATCH=1, which
turns the skip into a failure, for the main suite's run when the newest matplotlib is
that version, else for a run in a venv of its own with that matplotlib: there the check
can never be skipped silently, while the main suite runs against the newest matplotlib as
users get it.
"""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import matplotlib
import pytest

from conftest import actviz_command

ROOT = Path(__file__).resolve().parent.parent
GALLERY = ROOT / "docs" / "gallery"
IMAGES = sorted(p.name for p in [*GALLERY.glob("*.svg"), *GALLERY.glob("*.png")])
RECORDED = (GALLERY / "MATPLOTLIB_VERSION").read_text().strip()
NEEDS_HANGUL = {"korean-title.png", "seed-panels-korean.png"}


def test_the_readme_shows_every_gallery_image():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert len(IMAGES) >= 7
    for name in IMAGES:
        assert f"](docs/gallery/{name})" in readme


@pytest.fixture(scope="module")
def redrawn(tmp_path_factory):
    reason = None
    if not shutil.which("make"):
        reason = "needs make"
    elif matplotlib.__version__ != RECORDED:
        reason = (f"the gallery was drawn with matplotlib {RECORDED}, this is {matplotlib.__version__}: "
                  f"check it with matplotlib=={RECORDED}, or redraw it (make -C docs) and commit it")
    if reason and os.environ.get("ACTVIZ_REQUIRE_GALLERY_MATCH") == "1":
        pytest.fail(f"ACTVIZ_REQUIRE_GALLERY_MATCH=1 but {reason}")
    if reason:
        pytest.skip(reason)
    folder = tmp_path_factory.mktemp("gallery")
    result = subprocess.run(
        ["make", "-C", str(ROOT / "docs"), f"GALLERY={folder}", f"ACTVIZ={actviz_command()}",
         f"PYTHON={sys.executable}"],
        capture_output=True, text=True, timeout=900,  # eleven figures on a busy machine
    )
    assert result.returncode == 0, result.stderr
    return folder, result.stderr


def test_docs_makefile_draws_every_gallery_image(redrawn):
    folder, _ = redrawn
    assert sorted(os.listdir(folder)) == sorted(IMAGES + ["MATPLOTLIB_VERSION"])
    assert (folder / "MATPLOTLIB_VERSION").read_text().strip() == RECORDED


@pytest.mark.parametrize("name", IMAGES)
def test_the_gallery_image_is_what_the_code_draws(redrawn, name):
    folder, messages = redrawn
    if name in NEEDS_HANGUL and "no installed font has glyphs" in messages:
        if os.environ.get("ACTVIZ_REQUIRE_CJK_FONT") == "1":
            pytest.fail("ACTVIZ_REQUIRE_CJK_FONT=1 but no installed font draws Hangul")
        pytest.skip("no installed font draws Hangul (on Debian/Ubuntu: apt-get install fonts-nanum)")
    assert (folder / name).read_bytes() == (GALLERY / name).read_bytes(), (
        f"docs/gallery/{name} is not what the code draws: run `make -C docs` and commit it"
    )


# --- the gallery commands never damage the committed images (issue 14 item 22) -----------

def test_no_readme_command_writes_into_the_committed_gallery():
    # issue 14 item 22: without a Hangul font the README's command overwrote korean-title.png
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = "\n".join(re.findall(r"```sh\n(.*?)```", readme, re.DOTALL))
    assert "actviz plot step sigmoid --title '계단함수와 시그모이드'" in blocks
    assert "docs/gallery" not in blocks


@pytest.mark.slow
@pytest.mark.skipif(not shutil.which("make"), reason="needs make")
def test_the_korean_image_is_kept_when_no_font_draws_hangul(tmp_path):
    # An actviz that behaves as the real one does without a Hangul font: it warns, writes boxes.
    fake = tmp_path / "actviz-without-hangul"
    fake.write_text(
        "#!/bin/sh\n"
        'for a; do out="$a"; done\n'  # the last argument is the -o file
        'printf "boxes" > "$out"\n'
        "echo \"actviz: warning: no installed font has glyphs for '계' (Hangul), so they are drawn as boxes; "
        "install one\" >&2\n"
    )
    fake.chmod(0o755)
    gallery = tmp_path / "gallery"
    gallery.mkdir()
    committed = gallery / "korean-title.png"
    committed.write_bytes(b"the committed image")
    os.utime(committed, (0, 0))  # older than every source: make must redraw it
    result = subprocess.run(["make", "-C", str(ROOT / "docs"), f"GALLERY={gallery}", f"ACTVIZ={fake}",
                             str(committed)], capture_output=True, text=True, timeout=120)
    assert result.returncode != 0
    assert "needs a font with Hangul (fonts-nanum): left as it was" in result.stderr
    assert "so they are drawn as boxes" in result.stderr  # actviz's own warning is shown too
    assert committed.read_bytes() == b"the committed image"
    assert sorted(os.listdir(gallery)) == ["korean-title.png"]


@pytest.mark.slow
@pytest.mark.skipif(not shutil.which("make"), reason="needs make")
def test_the_korean_image_is_replaced_when_a_font_draws_hangul(tmp_path):
    gallery = tmp_path / "gallery"
    gallery.mkdir()
    result = subprocess.run(["make", "-C", str(ROOT / "docs"), f"GALLERY={gallery}",
                             f"ACTVIZ={actviz_command()}", str(gallery / "korean-title.png")],
                            capture_output=True, text=True, timeout=180)
    if "drawn as boxes" in result.stderr:
        pytest.skip("no installed font draws Hangul here")
    assert result.returncode == 0, result.stderr
    assert (gallery / "korean-title.png").read_bytes().startswith(b"\x89PNG")
    assert sorted(os.listdir(gallery)) == ["korean-title.png"]
