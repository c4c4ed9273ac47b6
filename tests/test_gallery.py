"""The README's gallery is what the current code draws: docs/Makefile redraws it into a
temporary folder and the bytes must match the committed images.

Figures depend on the matplotlib that draws them (its fonts, its SVG writer), so the
byte comparison runs only where the matplotlib recorded beside the images is installed.
"""

import shutil
import subprocess
import sys
from pathlib import Path

import matplotlib
import pytest

from conftest import actviz_command

ROOT = Path(__file__).resolve().parent.parent
GALLERY = ROOT / "docs" / "gallery"
IMAGES = sorted([*GALLERY.glob("*.svg"), *GALLERY.glob("*.png")])
RECORDED = (GALLERY / "MATPLOTLIB_VERSION").read_text().strip()


def test_the_readme_shows_every_gallery_image():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert len(IMAGES) >= 4
    for image in IMAGES:
        assert f"](docs/gallery/{image.name})" in readme


@pytest.mark.skipif(not shutil.which("make"), reason="needs make")
@pytest.mark.skipif(
    matplotlib.__version__ != RECORDED,
    reason=f"the gallery was drawn with matplotlib {RECORDED}, this is {matplotlib.__version__}",
)
def test_the_gallery_is_what_the_code_draws(tmp_path):
    result = subprocess.run(
        ["make", "-C", str(ROOT / "docs"), f"GALLERY={tmp_path}", f"ACTVIZ={actviz_command()}",
         f"PYTHON={sys.executable}"],
        capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    drawn = sorted(p.name for p in tmp_path.iterdir())
    assert drawn == sorted([p.name for p in IMAGES] + ["MATPLOTLIB_VERSION"])
    for image in IMAGES:
        assert (tmp_path / image.name).read_bytes() == image.read_bytes(), (
            f"{image.name} is out of date: run `make -C docs` and commit docs/gallery"
        )
