"""actviz in a notebook: the example notebook run for real (nbclient, an ipykernel from the
test extras), and explore()'s sliders redrawing their figure."""

import base64
import sys
from pathlib import Path

import pytest

import actviz

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK = ROOT / "examples" / "notebooks" / "chapter3.ipynb"


@pytest.mark.slow
def test_the_example_notebook_runs_and_every_plotting_cell_shows_an_image(tmp_path):
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    assert all(not cell.get("outputs") for cell in notebook.cells if cell.cell_type == "code"), \
        "commit the notebook without outputs"
    client = nbclient.NotebookClient(notebook, timeout=300, kernel_name="python3",
                                     resources={"metadata": {"path": str(tmp_path)}})
    client.execute()  # CellExecutionError on any error in any cell
    plotting = [cell for cell in notebook.cells
                if cell.cell_type == "code" and (".plot(" in cell.source or cell.source.endswith("figure"))]
    assert len(plotting) >= 7
    for cell in plotting:
        images = [out for out in cell.outputs if "image/png" in out.get("data", {})]
        assert images, f"no image from:\n{cell.source}"
        assert base64.b64decode(images[0]["data"]["image/png"]).startswith(b"\x89PNG")
    shown = [cell for cell in notebook.cells if cell.source.startswith("actviz.get(")]
    assert "text/html" in shown[0].outputs[0]["data"]  # an activation shows itself as HTML
    assert list(tmp_path.iterdir()) == []  # the notebook API writes no file unless asked


def test_explore_has_a_slider_per_parameter_and_one_for_x():
    pytest.importorskip("ipywidgets")
    widget = actviz.explore("hardtanh")
    assert set(widget.sliders) == {"min_val", "max_val", "range"}
    assert widget.sliders["min_val"].value == -1.0 and widget.sliders["max_val"].value == 1.0
    assert widget.sliders["range"].value == (-5.0, 5.0)
    assert bytes(widget.image.value).startswith(b"\x89PNG")


def test_moving_a_slider_redraws_the_figure():
    pytest.importorskip("ipywidgets")
    widget = actviz.explore("leaky_relu", derivative=False)
    before = widget.image.value
    widget.sliders["alpha"].value = 0.5
    (curve,) = [line for line in widget.figure.axes[0].get_lines() if line.get_label().startswith("Leaky")]
    x, y = curve.get_data()
    assert y[x == -4.0][0] == -2.0  # 0.5 * -4
    assert curve.get_label() == r"Leaky ReLU ($\alpha$ = 0.5)"
    assert widget.image.value != before
    widget.sliders["range"].value = (-1.0, 1.0)
    assert widget.figure.axes[0].get_xlim() == (-1.0, 1.0)


def test_a_slider_outside_the_domain_says_so_and_keeps_the_figure():
    pytest.importorskip("ipywidgets")
    widget = actviz.explore("hardtanh", max_val=(-2.0, 2.0))
    before = widget.image.value
    widget.sliders["max_val"].value = -1.5  # below min_val = -1
    assert "hardtanh needs min_val < max_val" in widget.children[-1].value
    assert widget.image.value == before


def test_explore_without_ipywidgets_says_how_to_get_it(monkeypatch):
    monkeypatch.setitem(sys.modules, "ipywidgets", None)  # import ipywidgets -> ImportError
    with pytest.raises(ImportError) as info:
        actviz.explore("relu")
    assert str(info.value) == ("explore() needs ipywidgets: pip install 'actviz[notebook]' "
                               "(in a notebook: %pip install 'actviz[notebook]')")
    assert isinstance(info.value, actviz.RunError)
