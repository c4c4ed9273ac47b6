"""Every figure file records the actviz command that draws it and says in plain words what
it shows (for screen readers), without recording where it was written: the same figure
under another name, in another folder or on stdout keeps its bytes, and the command
recorded, run again, writes those bytes.

Text chunks are read here with struct and zlib (PNG), ElementTree (SVG), a small reader of
PDF strings and GIF's block layout, not with the code that writes them.
"""

import re
import shlex
import struct
import xml.etree.ElementTree as ET
import zlib

import pytest

import actviz
from actviz.figure import plain_text

SVG = "{http://www.w3.org/2000/svg}"
DC = "{http://purl.org/dc/elements/1.1/}"


# --- readers -----------------------------------------------------------------------------------

def png_text(data: bytes) -> dict:
    """The tEXt, zTXt and iTXt chunks of a PNG: {keyword: text}."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    texts, at = {}, 8
    while at < len(data):
        (length,) = struct.unpack(">I", data[at:at + 4])
        kind, body = data[at + 4:at + 8], data[at + 8:at + 8 + length]
        at += 12 + length
        if kind == b"tEXt":
            key, value = body.split(b"\0", 1)
            texts[key.decode("latin-1")] = value.decode("latin-1")
        elif kind == b"zTXt":
            key, rest = body.split(b"\0", 1)
            texts[key.decode("latin-1")] = zlib.decompress(rest[1:]).decode("latin-1")
        elif kind == b"iTXt":
            key, rest = body.split(b"\0", 1)
            compressed, rest = rest[0], rest[2:]
            _language, _translated, value = rest.split(b"\0", 2)
            texts[key.decode("latin-1")] = (zlib.decompress(value) if compressed else value).decode("utf-8")
    return texts


def pdf_info(data: bytes, key: str) -> str:
    """The string value of ``/key (...)`` in a PDF's info dictionary (UTF-16 with a BOM, or
    PDFDocEncoding, read as Latin-1 for the ASCII we write)."""
    found = re.search(rb"/" + key.encode() + rb" \(", data)
    assert found, f"no /{key} in the PDF"
    out, at, depth = bytearray(), found.end(), 0
    while True:
        c = data[at:at + 1]
        if c == b"\\":
            nxt = data[at + 1:at + 2]
            out += {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}.get(nxt, nxt)
            at += 2
            continue
        if c == b"(":
            depth += 1
        elif c == b")":
            if depth == 0:
                break
            depth -= 1
        out += c
        at += 1
    raw = bytes(out)
    return raw[2:].decode("utf-16-be") if raw.startswith(b"\xfe\xff") else raw.decode("latin-1")


def gif_comment_texts(data: bytes) -> list:
    return [body.decode("utf-8") for label, body in _gif_extensions(data) if label == 0xFE]


def _gif_extensions(data: bytes) -> list:
    """(label, body) of each extension block of a GIF."""
    assert data[:6] in (b"GIF87a", b"GIF89a")
    flags = data[10]
    at = 13 + (3 * 2 ** ((flags & 7) + 1) if flags & 0x80 else 0)
    found = []

    def blocks(at):
        out = b""
        while data[at]:
            out += data[at + 1:at + 1 + data[at]]
            at += 1 + data[at]
        return out, at + 1

    while data[at] != 0x3B:
        if data[at] == 0x21:
            label = data[at + 1]
            body, at = blocks(at + 2)
            found.append((label, body))
        elif data[at] == 0x2C:
            flags = data[at + 9]
            at += 10 + (3 * 2 ** ((flags & 7) + 1) if flags & 0x80 else 0) + 1
            _, at = blocks(at)
        else:
            raise AssertionError(f"unexpected GIF block {data[at]:#x}")
    return found


def svg_about(data: bytes) -> dict:
    """The <title> and <desc> children of <svg>, and the dc: fields of its metadata."""
    root = ET.fromstring(data)
    about = {child.tag[len(SVG):]: child.text for child in root if child.tag in (SVG + "title", SVG + "desc")}
    for element in root.iter():
        if element.tag.startswith(DC) and element.text:
            about["dc:" + element.tag[len(DC):]] = element.text
    return about


def recorded(data: bytes, fmt: str) -> str:
    """The command a figure file records."""
    if fmt == "png":
        return png_text(data)["Software"]
    if fmt == "svg":
        return svg_about(data)["dc:source"]
    if fmt == "pdf":
        return pdf_info(data, "Keywords")
    return gif_comment_texts(data)[0].splitlines()[0]


def rerun(run, command: str, folder, monkeypatch) -> bytes:
    """Run a recorded command in an empty ``folder`` (a gate's --plot FILE.ext replaced
    by a file there); the bytes of the one figure file it writes."""
    words = shlex.split(command)
    assert words[0] == "actviz"
    folder.mkdir()
    monkeypatch.chdir(folder)
    words = [str(folder / "figure") + w[len("FILE"):] if w.startswith("FILE.") else w for w in words[1:]]
    result = run(*words)
    assert result.exit_code == 0, result.stderr
    written = [p for p in folder.iterdir() if p.is_file()]
    assert len(written) == 1, written
    return written[0].read_bytes()


# --- plot: the same bytes under any name, and what they record -----------------------------------

@pytest.mark.parametrize("fmt", ["png", "svg", "pdf"])
def test_a_figure_has_the_same_bytes_under_any_name_in_any_folder_and_on_stdout(run, tmp_path, fmt):
    args = ["plot", "relu", "-d", "--range", "-3", "3", "--num", "201"]
    assert run(*args, "-o", tmp_path / f"a.{fmt}").exit_code == 0
    (tmp_path / "sub").mkdir()
    assert run(*args, "-q", "-o", tmp_path / "sub" / f"b.{fmt}").exit_code == 0
    piped = run(*args, "-o", "-", "--format", fmt)
    assert piped.exit_code == 0
    first = (tmp_path / f"a.{fmt}").read_bytes()
    assert first == (tmp_path / "sub" / f"b.{fmt}").read_bytes() == piped.stdout_bytes
    assert recorded(first, fmt) == "actviz plot relu -d --range -3 3 --num 201" + \
        ("" if fmt == "png" else f" --format {fmt}")


def test_a_png_records_the_command_and_a_plain_description(run, tmp_path):
    path = tmp_path / "leaky.png"
    result = run("plot", "leaky_relu", "--alpha", "0.1", "-d", "-q", "-o", path)
    assert result.exit_code == 0 and result.stdout == ""
    texts = png_text(path.read_bytes())
    assert texts["Software"] == "actviz plot leaky_relu --alpha 0.1 -d"
    assert texts["Title"] == "Leaky ReLU (α = 0.1)"
    assert texts["Description"] == ("Line chart of Leaky ReLU (α = 0.1) and its derivative Leaky ReLU′ (α = 0.1) "
                                    "(dashed), for x from −5 to 5 and y from −0.5 to 5.")


def test_the_svg_has_a_title_and_desc_for_screen_readers_and_the_command_in_its_metadata(run, tmp_path):
    path = tmp_path / "s.svg"
    assert run("plot", "sigmoid", "tanh", "-o", path).exit_code == 0
    about = svg_about(path.read_bytes())
    assert about["title"] == about["dc:title"] == "Sigmoid, tanh"
    assert about["desc"] == about["dc:description"]
    assert about["desc"].startswith("Line chart of Sigmoid and tanh, for x from −5 to 5 and y from −1")
    assert about["dc:source"] == "actviz plot sigmoid tanh --format svg"
    # both right after the <svg> tag, title first: where assistive technology looks
    children = [child.tag for child in ET.fromstring(path.read_bytes())]
    assert children[:2] == [SVG + "title", SVG + "desc"]


def test_the_pdf_records_the_command_in_its_keywords_and_the_description_in_its_subject(run, tmp_path):
    path = tmp_path / "s.pdf"
    assert run("plot", "relu", "--title", "ReLU, $\\alpha$ = 0", "-o", path).exit_code == 0
    data = path.read_bytes()
    assert pdf_info(data, "Keywords") == "actviz plot relu --title 'ReLU, $\\alpha$ = 0' --format pdf"
    assert pdf_info(data, "Title") == "ReLU, α = 0"
    assert pdf_info(data, "Subject") == "Line chart of ReLU, for x from −5 to 5 and y from 0 to 5."


def test_quiet_output_and_format_words_are_never_recorded(run, tmp_path):
    path = tmp_path / "named-anything.svg"
    assert run("plot", "elu", "-q", "--format", "svg", "-o", path).exit_code == 0
    command = recorded(path.read_bytes(), "svg")
    assert command == "actviz plot elu --format svg"
    assert "-q" not in command.split() and "-o" not in command.split() and "named-anything" not in command


@pytest.mark.parametrize("fmt", ["png", "svg", "pdf"])
def test_the_recorded_command_run_again_writes_the_same_bytes(run, tmp_path, monkeypatch, fmt):
    path = tmp_path / f"first.{fmt}"
    args = ["plot", "leaky_relu", "elu", "--alpha", "0.1,0.3", "-d", "--range", "-3", "2.5", "--num", "301",
            "--ylim", "-1.5", "2.5", "--title", "Leaky $\\alpha$ 한", "--xlabel", "input", "--no-grid",
            "--legend", "lower right", "--size", "5", "3.5", "--dpi", "80", "-o", path]
    assert run(*args).exit_code == 0
    first = path.read_bytes()
    command = recorded(first, fmt)
    assert "first" not in command and "-o" not in shlex.split(command)
    assert rerun(run, command, tmp_path / "again", monkeypatch) == first


@pytest.mark.slow
def test_every_figure_option_is_recorded_and_reproduced(run, tmp_path, monkeypatch):
    path = tmp_path / "first.png"
    args = ["plot", "softplus", "--beta", "1,2", "-d", "--depth", "1,3", "--logy", "--formula",
            "--font", "DejaVu Serif", "--vanishing", "--no-legend", "-o", path]
    assert run(*args).exit_code == 0
    command = recorded(path.read_bytes(), "png")
    assert command == ("actviz plot softplus --beta 1,2 -d --depth 1,3 --logy --vanishing --font 'DejaVu Serif' "
                       "--legend none --formula")
    assert rerun(run, command, tmp_path / "again", monkeypatch) == path.read_bytes()


def test_expressions_and_labels_are_recorded(run, tmp_path, monkeypatch):
    path = tmp_path / "first.png"
    assert run("plot", "relu", "--expr", "x * sigmoid(x)", "--label", "swish", "-o", path).exit_code == 0
    command = recorded(path.read_bytes(), "png")
    assert command == "actviz plot relu --expr 'x * sigmoid(x)' --label swish"
    assert rerun(run, command, tmp_path / "again", monkeypatch) == path.read_bytes()


# --- batches: each file records its own figure ---------------------------------------------------

@pytest.mark.slow
def test_each_file_of_a_batch_records_its_own_figures_command(run, tmp_path, monkeypatch):
    template = tmp_path / "{name}.png"
    result = run("plot", "sigmoid", "relu", "--expr", "x * x", "--label", "S", "--label", "R", "--label", "square",
                 "-d", "--size", "4", "3", "-o", template)
    assert result.exit_code == 0, result.stderr
    commands = {p.name: recorded(p.read_bytes(), "png") for p in tmp_path.glob("*.png")}
    assert commands == {
        "sigmoid.png": "actviz plot sigmoid --label S -d --size 4 3",
        "relu.png": "actviz plot relu --label R -d --size 4 3",
        # alone, the label would name the expression, and the default title with it
        "x-x.png": "actviz plot --expr 'x * x' --label square -d --title 'x * x' --size 4 3",
    }
    for k, name in enumerate(["sigmoid.png", "relu.png", "x-x.png"]):
        again = rerun(run, commands[name], tmp_path / f"again{k}", monkeypatch)
        assert again == (tmp_path / name).read_bytes()


def test_a_sweep_written_a_file_per_value_records_each_value(run, tmp_path, monkeypatch):
    result = run("plot", "leaky_relu", "--alpha", "0.1,0.3", "-o", tmp_path / "lr-{alpha}.svg")
    assert result.exit_code == 0, result.stderr
    one = (tmp_path / "lr-0.3.svg").read_bytes()
    assert recorded(one, "svg") == "actviz plot leaky_relu --alpha 0.3 --format svg"
    assert svg_about(one)["title"] == "Leaky ReLU (α = 0.3)"
    assert rerun(run, recorded(one, "svg"), tmp_path / "again", monkeypatch) == one


@pytest.mark.slow
def test_plot_all_records_each_activations_own_command(run, tmp_path, monkeypatch):
    result = run("plot", "--all", "--num", "41", "--size", "2", "1.5", "--dpi", "40", "-o", tmp_path / "{name}.png")
    assert result.exit_code == 0, result.stderr
    for path in tmp_path.glob("*.png"):
        assert recorded(path.read_bytes(), "png") == f"actviz plot {path.stem} --num 41 --size 2 1.5 --dpi 40"
    relu = (tmp_path / "relu.png").read_bytes()
    assert rerun(run, recorded(relu, "png"), tmp_path / "again", monkeypatch) == relu


def test_a_page_in_a_batch_shows_its_own_command(run, tmp_path):
    assert run("plot", "sigmoid", "relu", "-o", tmp_path / "{name}.html").exit_code == 0
    page = (tmp_path / "relu.html").read_text(encoding="utf-8")
    assert "actviz plot relu" in page and "actviz plot sigmoid relu" not in page


# --- GIF ----------------------------------------------------------------------------------------

@pytest.mark.slow
def test_a_gif_records_its_command_and_description_in_a_comment(run, tmp_path, monkeypatch):
    path = tmp_path / "sweep.gif"
    assert run("plot", "leaky_relu", "--alpha", "0,0.2", "--num", "101", "--size", "3", "2", "--fps", "4",
               "-o", path).exit_code == 0
    piped = run("plot", "leaky_relu", "--alpha", "0,0.2", "--num", "101", "--size", "3", "2", "--fps", "4",
                "-o", "-", "--format", "gif")
    data = path.read_bytes()
    assert piped.stdout_bytes == data
    [comment] = gif_comment_texts(data)
    command, description = comment.split("\n")
    assert command == "actviz plot leaky_relu --alpha 0,0.2 --num 101 --size 3 2 --format gif --fps 4"
    assert description.startswith("Animated line chart, a frame per value (2 frames), of Leaky ReLU (α = 0)")
    assert rerun(run, command, tmp_path / "again", monkeypatch) == data


# --- gate planes ---------------------------------------------------------------------------------

@pytest.mark.parametrize("fmt", ["png", "svg"])
def test_a_gate_plane_records_the_gate_command_and_keeps_its_bytes_under_any_name(run, tmp_path, monkeypatch,
                                                                                 fmt):
    (tmp_path / "sub").mkdir()
    assert run("gate", "and", "--plot", tmp_path / f"a.{fmt}").exit_code == 0
    assert run("gate", "and", "--format", "csv", "--plot", tmp_path / "sub" / f"b.{fmt}").exit_code == 0
    data = (tmp_path / f"a.{fmt}").read_bytes()
    assert data == (tmp_path / "sub" / f"b.{fmt}").read_bytes()
    command = recorded(data, fmt)
    assert command == f"actviz gate and --plot FILE.{fmt}"
    assert rerun(run, command, tmp_path / "again", monkeypatch) == data


def test_a_gate_planes_description_names_the_gate_the_plane_and_the_inputs(run, tmp_path):
    path = tmp_path / "and.png"
    assert run("gate", "and", "--plot", path).exit_code == 0
    texts = png_text(path.read_bytes())
    assert texts["Title"] == "AND: y = step(0.5*x1 + 0.5*x2 - 0.7)"
    assert texts["Description"] == ("Decision regions of the AND perceptron over the plane of x1 from −0.5 to 1.5 "
                                    "and x2 from −0.5 to 1.5, with the four inputs marked and one decision line.")


@pytest.mark.slow
def test_your_own_perceptron_through_an_activation_is_recorded(run, tmp_path, monkeypatch):
    path = tmp_path / "p.pdf"
    result = run("gate", "--weights", "1,1", "--bias", "-1.5", "--activation", "sigmoid", "--plot", path)
    assert result.exit_code == 0, result.stderr
    data = path.read_bytes()
    command = pdf_info(data, "Keywords")
    assert command == "actviz gate --weights 1,1 --bias -1.5 --activation sigmoid --plot FILE.pdf"
    assert pdf_info(data, "Subject").startswith("Output, shaded from low to high, of the perceptron y = sigmoid(")
    assert rerun(run, command, tmp_path / "again", monkeypatch) == data


@pytest.mark.slow
def test_a_hidden_plane_and_a_training_record_their_commands(run, tmp_path, monkeypatch):
    hidden = tmp_path / "h.png"
    assert run("gate", "xor", "--hidden", "--plot", hidden).exit_code == 0
    assert recorded(hidden.read_bytes(), "png") == "actviz gate xor --hidden --plot FILE.png"
    trained = tmp_path / "t.svg"
    assert run("gate", "or", "--train", "--epochs", "7", "--seed", "3", "--plot", trained).exit_code == 0
    command = recorded(trained.read_bytes(), "svg")
    assert command == "actviz gate or --train --epochs 7 --seed 3 --plot FILE.svg"
    assert svg_about(trained.read_bytes())["desc"].startswith("Decision regions of the perceptron learned for OR")
    assert rerun(run, command, tmp_path / "again", monkeypatch) == trained.read_bytes()


@pytest.mark.slow
def test_a_training_gif_records_its_command(run, tmp_path, monkeypatch):
    path = tmp_path / "t.gif"
    assert run("gate", "and", "--train", "--epochs", "3", "--plot", path).exit_code == 0
    [comment] = gif_comment_texts(path.read_bytes())
    command = comment.split("\n")[0]
    assert command == "actviz gate and --train --epochs 3 --plot FILE.gif"
    assert rerun(run, command, tmp_path / "again", monkeypatch) == path.read_bytes()


# --- the library ---------------------------------------------------------------------------------

def test_a_library_figure_records_the_equivalent_command(run, tmp_path):
    figure = actviz.plot("leaky_relu", derivative=True, alpha=[0.1, 0.2], range=(-2, 2), size=(4, 3))
    data = figure.to_bytes("png")
    assert png_text(data)["Software"] == "actviz plot leaky_relu --alpha 0.1,0.2 -d --range -2 2 --size 4 3"
    assert figure._repr_png_() == data  # a notebook shows the same file
    path = tmp_path / "cli.png"
    assert run("plot", "leaky_relu", "--alpha", "0.1,0.2", "-d", "--range", "-2", "2", "--size", "4", "3",
               "-o", path).exit_code == 0
    assert data == path.read_bytes()


def test_a_library_gate_plane_records_the_gate_command(run, tmp_path):
    data = actviz.gate("nand").plot().to_bytes("svg")
    assert recorded(data, "svg") == "actviz gate nand --plot FILE.svg"
    path = tmp_path / "cli.svg"
    assert run("gate", "nand", "--plot", path).exit_code == 0
    assert data == path.read_bytes()


# --- plain text --------------------------------------------------------------------------------

@pytest.mark.parametrize("math, plain", [
    ("Leaky ReLU ($\\alpha$ = 0.1)", "Leaky ReLU (α = 0.1)"),
    ("$\\frac{1}{1 + e^{-x}}$", "1/(1 + e^(-x))"),
    ("$x_{\\min}$", "x_min"),
    ("$1\\ \\mathrm{if}\\ x > 0\\ \\mathrm{else}\\ 0$", "1 if x > 0 else 0"),
    ("costs \\$5, $\\lambda \\cdot x$", "costs $5, λ · x"),
    ("no math", "no math"),
])
def test_mathtext_reads_as_plain_text(math, plain):
    assert plain_text(math) == plain


@pytest.mark.parametrize("word", ["The book's figure", "it's $5", "a b", "", "계단 함수", "--x", "say \"hi\"'s"])
def test_a_recorded_word_reads_back_as_itself_in_a_shell(word):
    from actviz.page import shell_word

    assert shlex.split(shell_word(word)) == [word]


def test_a_title_with_an_apostrophe_is_recorded_readably(run, tmp_path):
    path = tmp_path / "t.png"
    assert run("plot", "step", "--title", "The book's step", "--num", "11", "-o", path).exit_code == 0
    assert recorded(path.read_bytes(), "png") == 'actviz plot step --num 11 --title "The book\'s step"'
