"""The interactive page (-o page.html, gate --plot page.html) read as a file: its structure,
escaping, limits and bytes. tests/test_page_browser.py opens it in a real browser."""

import base64
import hashlib
import html
import json
import re
from html.parser import HTMLParser

import numpy as np
import pytest

import actviz
from conftest import one_line_error

# --- reading a page ---------------------------------------------------------------------------


class Elements(HTMLParser):
    """Every start tag with its attributes, and the text of each <script> and <style>."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags, self.raw, self._open = [], {}, None

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._open = (tag, dict(attrs)) if tag in ("script", "style") else None

    def handle_data(self, data):
        if self._open:
            tag, attrs = self._open
            self.raw.setdefault((tag, attrs.get("type", "")), []).append(data)

    def handle_endtag(self, tag):
        self._open = None

    def all(self, tag):
        return [attrs for name, attrs in self.tags if name == tag]


def parse(path):
    text = path.read_text(encoding="utf-8")
    elements = Elements()
    elements.feed(text)
    return text, elements


def page_data(path):
    _, elements = parse(path)
    (blob,) = elements.raw[("script", "application/json")]
    return json.loads(blob)


def sha256(text):
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


@pytest.fixture
def page(run, tmp_path):
    def write(*args, name="page.html"):
        path = tmp_path / name
        result = run(*args, "-o", path) if args[0] == "plot" else run(*args, "--plot", path)
        assert result.exit_code == 0, result.stderr
        return path
    return write


# --- a plot's page ---------------------------------------------------------------------------

def test_the_page_is_one_file_whose_policy_allows_only_its_own_script_and_style(page):
    text, elements = parse(page("plot", "relu", "sigmoid", "-d"))
    (meta,) = [m for m in elements.all("meta") if m.get("http-equiv") == "Content-Security-Policy"]
    policy = dict(part.strip().split(" ", 1) for part in meta["content"].split(";"))
    assert policy["default-src"] == "'none'"
    (script,) = elements.raw[("script", "")]
    (style,) = elements.raw[("style", "")]
    assert policy["script-src"] == sha256("".join(script))
    assert policy["style-src"] == sha256("".join(style))
    assert "unsafe" not in meta["content"]
    # nothing that could load anything: no src, no href, no url() but the clip path's own
    assert not any("src" in attrs or "href" in attrs for _, attrs in elements.tags)
    assert re.findall(r"url\(([^)]*)\)", text) == ["#plot-area"]
    assert "@import" not in text


def test_the_page_code_is_under_30_kb(page):
    _, elements = parse(page("plot", "relu"))
    code = "".join(elements.raw[("script", "")]) + "".join(elements.raw[("style", "")])
    assert len(code.encode()) < 30_000


def test_the_first_svg_holds_title_axes_legend_and_a_path_per_curve(page):
    text, elements = parse(page("plot", "relu", "sigmoid", "-d", "--title", "two of them"))
    assert text.index("<svg") < text.index("<path")
    assert elements.all("svg")[0]["viewbox"] == "0 0 640.00 480.00"
    paths = [a for a in elements.all("path") if a.get("class") == "curve"]
    assert len(paths) == 4 and all("display" not in a for a in paths)
    assert [a.get("stroke-dasharray") is not None for a in paths] == [False, True, False, True]
    assert paths[0]["stroke"] == paths[1]["stroke"] != paths[2]["stroke"]
    assert len([a for a in elements.all("g") if a.get("class") == "legend-entry"]) == 4
    for label in (">two of them<", ">relu<", ">relu'<", ">sigmoid'<", ">-4<", ">4<", ">x<", ">y<"):
        assert label in html.unescape(text)
    (readout,) = [a for a in elements.all("div") if a.get("id") == "readout"]
    assert re.search(r'<div id="readout"[^>]*>x = ', text)


def test_the_numbers_are_actvizs_values_written_in_full(page):
    path = page("plot", "sigmoid", "-d", "--range", "-3", "3", "--num", "61")
    data = page_data(path)
    x = np.array(data["x"])
    assert x[0] == -3 and x[-1] == 3 and len(x) == 61
    sigmoid = actviz.get("sigmoid")
    (f,), (df,) = [[c["y"] for c in family["curves"]] for family in data["families"]]
    assert f == sigmoid(x).tolist() and df == sigmoid.derivative(x).tolist()
    raw = path.read_text()
    assert repr(f[10]) in raw  # shortest round trip, as Python writes it
    assert "0.2689414213699951" in raw


def test_nan_and_infinities_are_written_as_words_json_can_hold(page):
    data = page_data(page("plot", "--expr", "log(x)", "--range", "-1", "1", "--num", "5"))
    assert data["families"][0]["curves"][0]["y"][:3] == ["nan", "nan", "-inf"]


def test_a_sweep_gets_a_slider_over_its_values(page):
    path = page("plot", "leaky_relu", "--alpha", "0:0.5:0.05", "-d")
    text, elements = parse(path)
    (slider,) = [a for a in elements.all("input") if a.get("type") == "range"]
    assert slider["name"] == "alpha" and slider["min"] == "0" and slider["max"] == "10"
    data = page_data(path)
    assert data["sliders"]["alpha"] == ["0", "0.05", "0.1", "0.15", "0.2", "0.25", "0.3", "0.35", "0.4",
                                        "0.45", "0.5"]
    f, df = data["families"]
    assert [c["at"] for c in f["curves"]] == [{"alpha": k} for k in range(11)]
    x = np.array(data["x"])
    leaky = actviz.get("leaky_relu")
    assert f["curves"][3]["y"] == leaky(x, alpha=0.15).tolist()
    assert df["curves"][3]["y"] == leaky.derivative(x, alpha=0.15).tolist()
    paths = [a for a in elements.all("path") if a.get("class") == "curve"]
    shown = [a["id"] for a in paths if "display" not in a]
    assert shown == ["c0-0", "c1-0"]  # the first position's curves; the others wait hidden
    # a legend entry's colour is its curve's at every position of the slider
    legend = re.findall(r'class="legend-entry".*?stroke="(#\w+)"', text)
    assert len(legend) == 2 and {a["stroke"] for a in paths} == {legend[0]} == {legend[1]}


def test_a_title_that_closes_the_script_stays_text(page):
    title = "</script><script>alert(1)</script><b>&amp;"
    text, elements = parse(page("plot", "relu", "--title", title, "--label", "x<y", "--expr", "x"))
    assert text.count("<script") == 2  # the data and the page's own script, nothing else
    assert "<b>" not in text and "alert(1)" in text
    assert "&lt;/script&gt;&lt;script&gt;alert(1)" in text
    blob = "".join(elements.raw[("script", "application/json")])
    assert "<" not in blob and ">" not in blob and "&" not in blob
    assert '"label":"x\\u003cy"' in blob and json.loads(blob)["families"][1]["curves"][0]["label"] == "x<y"
    assert page_data(page("plot", "relu", "--title", title, name="again.html"))["families"][0]["curves"][0]["label"] \
        == "relu"


def test_the_footer_gives_the_command_without_the_output(page):
    text, _ = parse(page("plot", "leaky_relu", "--alpha", "0.1,0.3", "-d", "--range", "-2", "2",
                         "--title", "it's"))
    footer = re.search(r"<footer>(.*)</footer>", text).group(1)
    assert footer == ("Written by <code>actviz plot leaky_relu --alpha 0.1,0.3 -d --range -2 2 "
                      "--title &quot;it&#x27;s&quot;</code>")  # "it's": the shell reads it back
    assert "page.html" not in text


def test_same_command_same_bytes_whatever_the_file_name(page):
    args = ("plot", "tanh", "elu", "--alpha", "0.5,1", "-d")
    assert page(*args, name="a.html").read_bytes() == page(*args, name="b.html").read_bytes()


def test_format_html_writes_a_page_to_a_name_without_extension(run, tmp_path):
    result = run("plot", "relu", "-q", "-o", tmp_path / "page", "--format", "html")
    assert result.exit_code == 0, result.stderr
    assert b'<meta name="generator" content="actviz page">' in (tmp_path / "page").read_bytes()


def test_the_library_writes_the_commands_bytes(page, tmp_path):
    cli_page = page("plot", "relu", "sigmoid", "-d")
    actviz.plot("relu", "sigmoid", derivative=True, output=str(tmp_path / "lib.html"))
    assert (tmp_path / "lib.html").read_bytes() == cli_page.read_bytes()


def test_a_sweep_of_more_than_200_positions_is_a_usage_error(run, tmp_path):
    line = one_line_error(run("plot", "leaky_relu", "--alpha", "0:2:0.01", "-o", tmp_path / "p.html"), 2)
    assert "at most 200 positions" in line and "201 values" in line
    assert list(tmp_path.iterdir()) == []
    assert run("plot", "leaky_relu", "--alpha", "0:1.99:0.01", "--num", "11", "-q",
               "-o", tmp_path / "p.html").exit_code == 0


def test_more_than_5_million_numbers_is_a_usage_error(run, tmp_path):
    line = one_line_error(run("plot", "leaky_relu", "--alpha", "0:1:0.01", "-d", "--num", "30000",
                              "-o", tmp_path / "p.html"), 2)
    assert "more than 5000000" in line
    assert list(tmp_path.iterdir()) == []
    # the same sweep as a PNG is no page, and no error until drawn; a smaller page is fine
    assert run("plot", "leaky_relu", "--alpha", "0:1:0.01", "--num", "101", "-q",
               "-o", tmp_path / "p.html").exit_code == 0


# --- a gate's page ---------------------------------------------------------------------------

def test_a_gate_page_has_sliders_for_w1_w2_and_b_at_the_books_weights(page):
    path = page("gate", "and")
    _, elements = parse(path)
    sliders = {a["name"]: a for a in elements.all("input") if a.get("type") == "range"}
    assert sorted(sliders) == ["b", "w1", "w2"]
    data = page_data(path)
    steps = data["gate"]["weights"]
    assert steps == [round(-1 + k / 10, 10) for k in range(21)] and 0.3 in steps and -0.7 in steps
    assert [steps[int(sliders[k]["value"])] for k in ("w1", "w2", "b")] == [0.5, 0.5, -0.7]
    assert all(data["sliders"][k] == [str(s).removesuffix(".0") for s in steps] for k in sliders)
    assert 'id="gate-name">AND<' in path.read_text()


def test_the_pages_gate_names_are_gate_weights_names_on_a_grid(page):
    data = page_data(page("gate", "or"))["gate"]
    steps, n = data["weights"], len(data["weights"])
    checked = 0
    for i in range(0, n, 2):
        for j in range(0, n, 3):
            for k in range(n):
                code = int(data["outputs"][(i * n + j) * n + k], 16)
                unit = actviz.perceptron([steps[i], steps[j]], steps[k])
                outputs = [int(row[-1]) for row in unit.truth_table.rows]
                assert [(code >> r) & 1 for r in range(4)] == outputs
                assert data["names"].get(str(code)) == (unit.implements[0] if unit.implements else None)
                checked += 1
    assert checked > 1000


def test_xor_draws_the_two_layer_planes_without_sliders(page):
    path = page("gate", "xor")
    text, elements = parse(path)
    assert not [a for a in elements.all("input") if a.get("type") == "range"]
    assert "XOR = AND(NAND(x1, x2), OR(x1, x2))" in text
    assert "s1 (NAND): -0.5*x1 - 0.5*x2 + 0.7 = 0" in text and "s2 (OR)" in text
    assert 'id="gate-name">XOR<' in text


@pytest.mark.parametrize("args, says", [
    (["not"], "takes 1"),
    (["--weights", "0.55,0.5", "--bias", "-0.7"], "0.55 is not one of them"),
    (["and", "--activation", "sigmoid"], "step units"),
    (["and", "--train"], "not a page"),
])
def test_gates_a_page_cannot_show_are_usage_errors(run, tmp_path, args, says):
    line = one_line_error(run("gate", *args, "--plot", tmp_path / "g.html"), 2)
    assert says in line
    assert list(tmp_path.iterdir()) == []


def test_your_own_weights_on_the_sliders_make_a_page(page):
    path = page("gate", "--weights", "-0.5,-0.5", "--bias", "0.7")
    assert 'id="gate-name">NAND<' in path.read_text()
    assert "actviz gate --weights -0.5,-0.5 --bias 0.7 --plot FILE.html" in path.read_text()
