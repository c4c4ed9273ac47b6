"""The interactive page in a real headless Chromium (Debian's, driven by playwright).

Every page is opened from disk with every request but the file itself blocked and recorded
(none may be made) and with no console error allowed. Without playwright or
/usr/bin/chromium the tests skip, saying which is missing; ACTVIZ_REQUIRE_BROWSER=1 (CI
sets it) turns that skip into a failure.
"""

import csv
import io
import json
import os

import numpy as np
import pytest

import actviz
from conftest import invoke

pytestmark = pytest.mark.slow

CHROMIUM = "/usr/bin/chromium"
VIEWPORT = {"width": 900, "height": 900}


def missing_browser():
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright is not installed (pip install playwright)"
    if not os.path.exists(CHROMIUM):
        return f"no Chromium at {CHROMIUM} (apt-get install chromium)"
    return None


@pytest.fixture(scope="module")
def browser():
    missing = missing_browser()
    if missing:
        if os.environ.get("ACTVIZ_REQUIRE_BROWSER") == "1":
            pytest.fail(f"ACTVIZ_REQUIRE_BROWSER=1 but {missing}")
        pytest.skip(missing)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM)
        yield chromium
        chromium.close()


@pytest.fixture
def opened(browser):
    """open(path) -> a playwright Page of the file; on teardown, no request was made
    but the file's own, no console error, no uncaught exception and no dialog."""
    record = {"blocked": [], "errors": [], "dialogs": []}
    contexts = []

    def open_page(path, **context_options):
        context = browser.new_context(viewport=VIEWPORT, **context_options)
        contexts.append(context)
        page = context.new_page()
        url = path.as_uri()

        def route(request_route):
            if request_route.request.url == url:
                request_route.continue_()
            else:
                record["blocked"].append(request_route.request.url)
                request_route.abort()

        page.route("**/*", route)
        page.on("console", lambda m: record["errors"].append(m.text) if m.type in ("error", "warning") else None)
        page.on("pageerror", lambda e: record["errors"].append(str(e)))
        page.on("dialog", lambda d: (record["dialogs"].append(d.message), d.dismiss()))
        page.goto(url)
        return page

    yield open_page
    for context in contexts:
        context.close()
    assert record == {"blocked": [], "errors": [], "dialogs": []}


def write(tmp_path, *args, name="page.html"):
    path = tmp_path / name
    result = invoke(*args, "-o", path) if args[0] == "plot" else invoke(*args, "--plot", path)
    assert result.exit_code == 0, result.stderr
    return path


def data_of(page):
    return json.loads(page.text_content("#actviz-data"))


def hover(page, x):
    """Move the mouse over data x (the plot's first svg; its viewBox is in the page's units)."""
    plot = data_of(page)["plot"]
    box = page.locator("svg").first.bounding_box()
    width = float(page.get_attribute("svg", "viewBox").split()[2])
    scale = box["width"] / width
    px = plot["left"] + (x - plot["xlim"][0]) / (plot["xlim"][1] - plot["xlim"][0]) * plot["width"]
    page.mouse.move(box["x"] + px * scale, box["y"] + box["height"] / 2)


def readout(page):
    """The readout: its text, and each span's value by its label ('x' first)."""
    text = page.inner_text("#readout")
    spans = page.eval_on_selector_all(
        "#readout span", "spans => spans.map(s => [s.textContent.split(' = ')[0], s.dataset.value])")
    return text, dict(spans)


def evaluated(*args, at):
    """`actviz eval ... --at X --format csv`: the header and the one row, as floats."""
    result = invoke("eval", *args, "--at", at, "--format", "csv")
    assert result.exit_code == 0, result.stderr
    header, row = list(csv.reader(io.StringIO(result.stdout)))
    return dict(zip(header, map(float, row)))


def colour_pixels(png, colour, tolerance=40):
    """How many pixels of a screenshot are within ``tolerance`` of a #rrggbb colour."""
    from matplotlib.image import imread

    image = (imread(io.BytesIO(png), format="png")[..., :3] * 255).astype(int)
    target = np.array([int(colour[i:i + 2], 16) for i in (1, 3, 5)])
    return int((np.abs(image - target).sum(axis=-1) < tolerance).sum())


# --- curves ------------------------------------------------------------------------------------

def test_the_readout_shows_what_actviz_eval_computes_at_the_nearest_grid_point(opened, tmp_path):
    page = opened(write(tmp_path, "plot", "relu", "sigmoid", "-d", "--range", "-3", "3", "--num", "61"))
    assert page.inner_text("#readout").startswith("x = ")
    for target in (-2.5, -1.0, 0.0, 0.73, 2.9):
        hover(page, target)
        text, values = readout(page)
        assert text.startswith("x = ")
        assert list(values) == ["x", "relu", "relu'", "sigmoid", "sigmoid'"]
        assert abs(float(values["x"]) - target) <= 0.05 + 1e-12  # the grid steps by 0.1
        expected = evaluated("relu", "sigmoid", "-d", at=values["x"])
        assert {k: float(v) for k, v in values.items()} == expected


def test_touch_and_the_arrow_keys_move_the_readout(opened, tmp_path):
    page = opened(write(tmp_path, "plot", "tanh", "--range", "-1", "1", "--num", "21"), has_touch=True)
    box = page.locator("svg").first.bounding_box()
    page.touchscreen.tap(box["x"] + box["width"] * 0.3, box["y"] + box["height"] / 2)
    x = float(readout(page)[1]["x"])
    page.focus("svg")
    page.keyboard.press("ArrowRight")
    _, values = readout(page)
    assert float(values["x"]) == pytest.approx(x + 0.1)
    assert float(values["tanh"]) == evaluated("tanh", at=values["x"])["tanh"]


def test_a_slider_redraws_the_curves_and_the_readout_for_its_value(opened, tmp_path):
    page = opened(write(tmp_path, "plot", "leaky_relu", "--alpha", "0:0.5:0.05", "-d"))
    slider = page.locator("input[type=range][name=alpha]")
    assert slider.get_attribute("max") == "10"
    hover(page, -2.0)
    _, before = readout(page)
    assert list(before) == ["x", "leaky_relu (alpha=0)", "leaky_relu' (alpha=0)"]
    visible = "els => els.filter(e => e.getAttribute('display') !== 'none').map(e => e.id)"
    assert page.eval_on_selector_all("path.curve", visible) == ["c0-0", "c1-0"]
    slider.fill("6")
    assert page.inner_text("output[for=slider-alpha]") == "0.3"
    assert page.eval_on_selector_all("path.curve", visible) == ["c0-6", "c1-6"]
    assert page.get_attribute("#c0-6", "d") != page.get_attribute("#c0-0", "d")
    _, after = readout(page)
    assert after["x"] == before["x"]
    expected = evaluated("leaky_relu", "-d", "--alpha", "0.3", at=after["x"])
    assert float(after["leaky_relu (alpha=0.3)"]) == expected["leaky_relu (alpha=0.3)"] == -0.6
    assert float(after["leaky_relu' (alpha=0.3)"]) == expected["leaky_relu' (alpha=0.3)"] == 0.3
    assert page.text_content(".legend-entry[data-family='0'] text") == "leaky_relu (alpha=0.3)"
    slider.focus()
    page.keyboard.press("ArrowRight")  # keyboard access: the next value
    assert page.inner_text("output[for=slider-alpha]") == "0.35"
    assert "leaky_relu (alpha=0.35)" in readout(page)[1]


def test_a_legend_entry_hides_and_shows_its_curve(opened, tmp_path):
    page = opened(write(tmp_path, "plot", "relu", "sigmoid", "-d"))
    entry = page.locator(".legend-entry[data-family='1']")
    entry.click()
    assert page.get_attribute("#c1-0", "display") == "none"
    assert entry.get_attribute("aria-pressed") == "false"
    assert "relu'" not in readout(page)[1] and "relu" in readout(page)[1]
    entry.focus()
    page.keyboard.press("Enter")
    assert page.get_attribute("#c1-0", "display") is None
    assert "relu'" in readout(page)[1]


def test_a_screenshot_shows_the_curves(opened, tmp_path):
    page = opened(write(tmp_path, "plot", "relu", "sigmoid"))
    png = page.locator("svg").first.screenshot()
    assert colour_pixels(png, "#1f77b4") > 300 and colour_pixels(png, "#ff7f0e") > 300
    page.locator(".legend-entry[data-family='1']").click()  # sigmoid hidden: only its legend line
    assert colour_pixels(page.locator("svg").first.screenshot(), "#ff7f0e") < 100


def test_a_title_that_closes_the_script_runs_nothing(opened, tmp_path):
    title = "</script><script>alert(1)</script><img src=x onerror=alert(2)>"
    page = opened(write(tmp_path, "plot", "relu", "--title", title, "--label", "<b>x</b>", "--expr", "x"))
    assert page.text_content("#title") == title
    assert page.title() == title
    assert page.text_content(".legend-entry[data-family='1'] text") == "<b>x</b>"
    assert page.locator("img, b").count() == 0
    hover(page, 1.0)
    assert "<b>x</b>" in readout(page)[1]  # the opened fixture asserts no dialog was opened


# --- gates ------------------------------------------------------------------------------------

def set_weights(page, w1, w2, b):
    steps = data_of(page)["gate"]["weights"]
    for name, value in (("w1", w1), ("w2", w2), ("b", b)):
        page.locator(f"input[name={name}]").fill(str(steps.index(value)))


def test_the_books_and_weights_read_and(opened, tmp_path):
    page = opened(write(tmp_path, "gate", "or"))
    assert page.inner_text("#gate-name") == "OR"
    set_weights(page, 0.5, 0.5, -0.7)
    assert page.inner_text("#gate-name") == "AND"
    assert page.eval_on_selector_all("#truth td.y", "tds => tds.map(t => t.textContent)") == ["0", "0", "0", "1"]
    assert [page.inner_text(f"output[for=slider-{k}]") for k in ("w1", "w2", "b")] == ["0.5", "0.5", "-0.7"]
    png = page.locator("svg").first.screenshot()
    assert colour_pixels(png, "#fbd9b9", 12) > 2000 and colour_pixels(png, "#d6e4f0", 12) > 2000


@pytest.mark.parametrize("w1, w2, b", [
    (-0.5, -0.5, 0.7), (0.5, 0.5, -0.2), (-0.5, -0.5, 0.2), (1.0, 0.3, -1.0), (0.1, 0.2, -0.3),
    (0.3, 0.3, -0.6), (-0.2, 0.9, 0.0), (0.0, 0.0, 0.0), (0.0, 0.0, 0.1), (1.0, -1.0, 0.0),
])
def test_the_page_names_the_gate_that_gate_weights_names(opened, tmp_path, w1, w2, b):
    page = opened(write(tmp_path, "gate", "and"))
    set_weights(page, w1, w2, b)
    unit = actviz.perceptron([w1, w2], b)
    assert page.inner_text("#gate-name") == (unit.implements[0] if unit.implements else "no built-in gate")
    cells = page.eval_on_selector_all("#truth td.y", "tds => tds.map(t => t.textContent)")
    assert cells == [str(int(row[-1])) for row in unit.truth_table.rows]


def test_xor_shows_the_two_layer_planes(opened, tmp_path):
    page = opened(write(tmp_path, "gate", "xor"))
    assert page.inner_text("#gate-name") == "XOR"
    assert page.locator("input[type=range]").count() == 0
    png = page.locator("svg").first.screenshot()
    assert colour_pixels(png, "#fbd9b9", 12) > 2000 and colour_pixels(png, "#5b2c83", 40) > 200
