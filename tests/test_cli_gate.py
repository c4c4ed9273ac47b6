"""`actviz gate`: truth tables, --explain, --expect, --activation, --plot and --train."""

import csv
import io
import itertools
import json
import math
import re
import subprocess
import sys

import pytest

from boolean_gates import BOOLEAN, arity
from conftest import actviz_command, one_line_error

from actviz.perceptrons import train


def read_csv(text, delimiter=","):
    rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    return rows[0], rows[1:]


def sigmoid(s):
    return 1 / (1 + math.exp(-s))


def ok(result):
    assert result.exit_code == 0, (result.exit_code, result.stdout, result.stderr)
    assert result.stderr == ""
    return result.stdout


# --- the built-in gates ---------------------------------------------------------------------
def test_xor_prints_its_truth_table(run):
    assert ok(run("gate", "xor")) == (
        "x1  x2  y\n"
        "--  --  -\n"
        "0   0   0\n"
        "0   1   1\n"
        "1   0   1\n"
        "1   1   0\n"
    )


def test_not_has_one_input_x(run):
    assert ok(run("gate", "NOT")) == "x  y\n-  -\n0  1\n1  0\n"


@pytest.mark.parametrize("name", list(BOOLEAN))
def test_every_gate_matches_its_boolean_definition(run, name):
    headers, rows = read_csv(ok(run("gate", name.lower(), "--format", "csv")))
    n = arity(name)
    assert headers == (["x"] if n == 1 else ["x1", "x2"]) + ["y"]
    inputs = list(itertools.product((0, 1), repeat=n))  # counting order
    assert rows == [[*map(str, x), str(int(BOOLEAN[name](*x)))] for x in inputs]


def test_all_is_one_table_with_a_column_per_gate(run):
    headers, rows = read_csv(ok(run("gate", "all", "--format", "csv")))
    assert headers == ["x1", "x2", "AND", "OR", "NAND", "NOR", "XOR", "XNOR", "NOT(x1)"]
    for row in rows:
        x1, x2 = int(row[0]), int(row[1])
        expected = [BOOLEAN[g](x1, x2) for g in ("AND", "OR", "NAND", "NOR", "XOR", "XNOR")]
        assert row[2:] == [str(int(v)) for v in expected] + [str(int(not x1))]
    assert [row[:2] for row in rows] == [["0", "0"], ["0", "1"], ["1", "0"], ["1", "1"]]


def test_several_gates_keep_the_order_given_and_drop_repeats(run):
    assert ok(run("gate", "or", "and", "OR")).splitlines()[0] == "x1  x2  OR  AND"


def test_tsv(run):
    assert ok(run("gate", "nand", "--format", "tsv")) == "x1\tx2\ty\n0\t0\t1\n0\t1\t1\n1\t0\t1\n1\t1\t0\n"


def test_json_has_each_layers_weights_and_bias(run):
    doc = json.loads(ok(run("gate", "xor", "--format", "json")))
    (xor,) = doc["gates"]
    assert xor["name"] == "XOR" and xor["activation"] == "step" and xor["inputs"] == ["x1", "x2"]
    assert xor["layers"] == [
        [{"unit": "s1", "weights": [-0.5, -0.5], "bias": 0.7},
         {"unit": "s2", "weights": [0.5, 0.5], "bias": -0.2}],
        [{"unit": "y", "weights": [0.5, 0.5], "bias": -0.7}],
    ]
    assert doc["rows"] == [
        {"x1": x1, "x2": x2, "y": int(x1 != x2)} for x1, x2 in itertools.product((0, 1), repeat=2)
    ]


# --- --explain ---------------------------------------------------------------------------------
def test_explain_shows_the_books_xor_network(run):
    assert ok(run("gate", "xor", "--explain")) == (
        "XOR = AND(NAND(x1, x2), OR(x1, x2)): 2 layers\n"
        "  layer 1  s1 = step(-0.5*x1 - 0.5*x2 + 0.7)   NAND\n"
        "           s2 = step(0.5*x1 + 0.5*x2 - 0.2)    OR\n"
        "  layer 2  y  = step(0.5*s1 + 0.5*s2 - 0.7)    AND\n"
        "\n"
        "x1  x2  s1_sum  s1  s2_sum  s2  y_sum  y\n"
        "--  --  ------  --  ------  --  -----  -\n"
        "0   0   0.7     1   -0.2    0   -0.2   0\n"
        "0   1   0.2     1   0.3     1   0.3    1\n"
        "1   0   0.2     1   0.3     1   0.3    1\n"
        "1   1   -0.3    0   0.8     1   -0.2   0\n"
    )


def test_explain_in_csv_keeps_every_bit_of_the_sums(run):
    headers, rows = read_csv(ok(run("gate", "xor", "--explain", "--format", "csv")))
    assert headers == ["x1", "x2", "s1_sum", "s1", "s2_sum", "s2", "y_sum", "y"]
    for row in rows:
        x1, x2 = int(row[0]), int(row[1])
        s1_sum, s2_sum = -0.5 * x1 + -0.5 * x2 + 0.7, 0.5 * x1 + 0.5 * x2 + -0.2
        s1, s2 = int(s1_sum > 0), int(s2_sum > 0)
        y_sum = 0.5 * s1 + 0.5 * s2 + -0.7
        assert row[2:] == [repr(s1_sum), str(s1), repr(s2_sum), str(s2), repr(y_sum), str(int(y_sum > 0))]
    assert "0.30000000000000004" in {cell for row in rows for cell in row}


def test_explain_several_gates_explains_each_in_turn(run):
    out = ok(run("gate", "and", "not", "--explain"))
    blocks = out.split("\n\n")
    assert blocks[0] == "AND: 1 layer\n  layer 1  y = step(0.5*x1 + 0.5*x2 - 0.7)   AND"
    assert blocks[1].startswith("x1  x2  y_sum  y\n")
    assert blocks[2] == "NOT: 1 layer\n  layer 1  y = step(-1*x + 0.5)   NOT"
    assert blocks[3] == "x  y_sum  y\n-  -----  -\n0  0.5    1\n1  -0.5   0\n"


def test_explain_several_gates_in_json_prefixes_their_columns(run):
    doc = json.loads(ok(run("gate", "xor", "and", "--explain", "--format", "json")))
    assert list(doc["rows"][0]) == [
        "x1", "x2", "XOR.s1_sum", "XOR.s1", "XOR.s2_sum", "XOR.s2", "XOR.y_sum", "XOR",
        "AND.y_sum", "AND",
    ]
    assert doc["rows"][3]["AND.y_sum"] == 0.5 + 0.5 - 0.7


# --- your own perceptron ---------------------------------------------------------------------
def test_own_weights_print_the_table_and_name_the_gate(run):
    assert ok(run("gate", "--weights", "0.5,0.5", "--bias", "-0.7")) == (
        "x1  x2  y\n"
        "--  --  -\n"
        "0   0   0\n"
        "0   1   0\n"
        "1   0   0\n"
        "1   1   1\n"
        "y = step(0.5*x1 + 0.5*x2 - 0.7) implements AND.\n"
    )


@pytest.mark.parametrize("weights, bias, says", [
    ("1,1", "-0.5", "implements OR."),
    ("-1,-1", "0.5", "implements NOR."),
    ("1,1", "0.5", "implements no built-in gate."),  # always 1
    ("-2", "1", "implements NOT."),
    ("1,1,1", "-2.5", "implements no built-in gate (they take 1 or 2 inputs)."),
])
def test_own_weights_say_which_gate_if_any(run, weights, bias, says):
    assert ok(run("gate", "--weights", weights, "--bias", bias)).splitlines()[-1].endswith(says)


def test_bias_defaults_to_zero_and_step_of_zero_is_zero(run):
    # w·x + b = 0 at (0, 0): the book's tmp <= 0 -> 0
    assert ok(run("gate", "--weights", "1,1", "--format", "csv")) == "x1,x2,y\n0,0,0\n0,1,1\n1,0,1\n1,1,1\n"


def test_one_weight_is_a_one_input_table_and_three_count_in_order(run):
    assert ok(run("gate", "--weights", "-1", "--bias", "0.5", "--format", "csv")) == "x,y\n0,1\n1,0\n"
    headers, rows = read_csv(ok(run("gate", "--weights", "1,1,1", "--bias", "-2.5", "--format", "csv")))
    assert headers == ["x1", "x2", "x3", "y"]
    assert rows == [[*map(str, x), str(int(sum(x) == 3))] for x in itertools.product((0, 1), repeat=3)]


def test_own_perceptron_json_lists_what_it_implements(run):
    doc = json.loads(ok(run("gate", "--weights", "1,1", "--bias", "-1.5", "--format", "json")))
    assert doc["gates"] == [{
        "name": "perceptron", "inputs": ["x1", "x2"], "activation": "step", "params": {},
        "layers": [[{"unit": "y", "weights": [1.0, 1.0], "bias": -1.5}]], "implements": ["AND"],
    }]


# --- --expect ------------------------------------------------------------------------------------
def test_expect_passes_quietly(run):
    result = run("gate", "--weights", "1,1", "--bias", "-1.5", "--expect", "AND")
    assert ok(result).endswith("implements AND.\n")
    assert ok(run("gate", "xor", "--expect", "xor")) == ok(run("gate", "xor"))


def test_expect_fails_with_the_rows_that_differ(run):
    result = run("gate", "--weights", "1,1", "--bias", "-1.5", "--expect", "or")
    assert result.exit_code == 1
    assert result.stderr == (
        "actviz: error: the perceptron does not implement OR: 2 of 4 rows differ\n"
        "  x1=0 x2=1: y = 0, OR gives 1\n"
        "  x1=1 x2=0: y = 0, OR gives 1\n"
    )
    assert result.stdout.startswith("x1  x2  y\n")  # the table is still shown


def test_expect_on_a_built_in_gate(run):
    result = run("gate", "nand", "--expect", "and")
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines[0] == "actviz: error: NAND does not implement AND: 4 of 4 rows differ"
    assert lines[1:] == [
        f"  x1={a} x2={b}: y = {int(not (a and b))}, AND gives {int(a and b)}"
        for a, b in itertools.product((0, 1), repeat=2)
    ]


def test_expect_through_another_activation_names_it(run):
    result = run("gate", "and", "--activation", "sigmoid", "--expect", "and")
    assert result.exit_code == 1
    assert result.stderr == (
        "actviz: error: AND through sigmoid does not implement AND: 4 of 4 rows differ\n"
        f"  x1=0 x2=0: y = {sigmoid(-0.7):g}, AND gives 0\n"
        f"  x1=0 x2=1: y = {sigmoid(-0.2):g}, AND gives 0\n"
        f"  x1=1 x2=0: y = {sigmoid(-0.2):g}, AND gives 0\n"
        f"  x1=1 x2=1: y = {sigmoid(0.3):g}, AND gives 1\n"
        "  (a gate's output is exactly 0 or 1, and y must be too)\n"
    )
    line = run("gate", "--weights", "1,1", "--bias", "-1", "--activation", "relu", "--alpha", "0.1",
               "--expect", "and").stderr.splitlines()[0]
    assert line == "actviz: error: the perceptron through relu does not implement AND: 1 of 4 rows differ"


def test_expect_passes_through_an_activation_that_gives_exact_0s_and_1s(run):
    # relu(x1 + x2 - 1) is 0, 0, 0, 1: AND, exactly
    ok(run("gate", "--weights", "1,1", "--bias", "-1", "--activation", "relu", "--expect", "and"))


# --- --activation ----------------------------------------------------------------------------------
def test_activation_sigmoid_gives_real_values(run):
    headers, rows = read_csv(ok(run("gate", "and", "--activation", "sigmoid", "--format", "csv")))
    assert headers == ["x1", "x2", "y"]
    for row in rows:
        x1, x2 = int(row[0]), int(row[1])
        assert float(row[2]) == pytest.approx(sigmoid(0.5 * x1 + 0.5 * x2 - 0.7), rel=1e-15)
    table = ok(run("gate", "and", "--activation", "sigmoid"))
    assert table.splitlines()[-1] == "1   1   0.574443"


def test_activation_changes_every_layer_of_xor(run):
    doc = json.loads(ok(run("gate", "xor", "--activation", "sigmoid", "--explain", "--format", "json")))
    row = doc["rows"][0]  # x = (0, 0)
    s1, s2 = sigmoid(0.7), sigmoid(-0.2)
    assert (row["s1"], row["s2"]) == pytest.approx((s1, s2), rel=1e-15)
    assert row["y"] == pytest.approx(sigmoid(0.5 * s1 + 0.5 * s2 - 0.7), rel=1e-15)
    assert doc["gates"][0]["activation"] == "sigmoid" and doc["gates"][0]["implements"] == []


def test_activation_parameters_and_own_weights(run):
    out = ok(run("gate", "--weights", "1,1", "--bias", "-1", "--activation", "relu", "--alpha", "0.5",
                 "--format", "csv"))
    assert out == "x1,x2,y\n0,0,-0.5\n0,1,0.0\n1,0,0.0\n1,1,1.0\n"
    out = ok(run("gate", "--weights", "1,1", "--activation", "sigmoid"))
    assert out.splitlines()[-1] == (
        "y = sigmoid(1*x1 + 1*x2 + 0) implements no built-in gate (its outputs are not all 0 or 1)."
    )


# --- --plot ------------------------------------------------------------------------------------------
def png_pixels(data):
    from matplotlib.image import imread

    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return imread(io.BytesIO(data))[:, :, :3]


def plane_colour(pixels, x1, x2, box=(-0.5, 1.5, -0.5, 1.5)):
    """The colour drawn at data point (x1, x2): the plane is where the two region colours are."""
    import numpy as np
    from matplotlib.colors import to_rgb

    from actviz.render import REGION_COLOURS

    colours = [np.array(to_rgb(c)) for c in REGION_COLOURS]
    is_region = np.zeros(pixels.shape[:2], bool)
    for c in colours:
        is_region |= np.abs(pixels - c).max(axis=2) < 0.02
    # The plane is the block of rows and columns mostly in region colours (the legend's
    # swatches share the colours, but only in a few short runs).
    rows = np.nonzero(is_region.sum(axis=1) > 0.5 * is_region.sum(axis=1).max())[0]
    cols = np.nonzero(is_region[rows].sum(axis=0) > 0.5 * len(rows))[0]
    top, bottom, left, right = rows.min(), rows.max(), cols.min(), cols.max()
    col = left + (x1 - box[0]) / (box[1] - box[0]) * (right - left)
    row = bottom - (x2 - box[2]) / (box[3] - box[2]) * (bottom - top)
    pixel = pixels[int(round(row)), int(round(col))]
    for k, c in enumerate(colours):
        if np.abs(pixel - c).max() < 0.02:
            return k  # 0: the y = 0 colour, 1: the y = 1 colour
    return None


def test_plot_and_colours_its_regions(run, tmp_path):
    path = tmp_path / "and.png"
    result = run("gate", "and", "--plot", path)
    assert ok(result) == ok(run("gate", "and"))  # the table still goes to stdout
    pixels = png_pixels(path.read_bytes())
    assert plane_colour(pixels, 1.35, 1.35) == 1
    assert plane_colour(pixels, -0.35, -0.35) == 0
    assert plane_colour(pixels, 0.2, 0.2) == 0
    assert plane_colour(pixels, 1.35, -0.35) == 0  # x1 + x2 = 1 < 1.4


def test_plot_xor_has_a_band_between_two_lines(run, tmp_path):
    path = tmp_path / "xor.png"
    ok(run("gate", "xor", "--plot", path))
    pixels = png_pixels(path.read_bytes())
    assert plane_colour(pixels, 0.1, 0.8) == 1  # near (0, 1)
    assert plane_colour(pixels, 0.8, 0.1) == 1  # near (1, 0)
    assert plane_colour(pixels, -0.35, -0.35) == 0  # beyond (0, 0)
    assert plane_colour(pixels, 1.35, 1.35) == 0  # beyond (1, 1)


def test_plot_svg_names_the_lines_and_is_reproducible(run, tmp_path):
    path = tmp_path / "xor.svg"
    ok(run("gate", "xor", "--plot", path))
    svg = path.read_text()
    assert svg.startswith("<?xml")
    assert "s1 (NAND): -0.5*x1 - 0.5*x2 + 0.7 = 0" in svg
    assert "s2 (OR): 0.5*x1 + 0.5*x2 - 0.2 = 0" in svg
    assert "XOR = AND(NAND(x1, x2), OR(x1, x2))" in svg
    first = path.read_bytes()
    ok(run("gate", "xor", "--plot", path))
    assert path.read_bytes() == first


def test_plot_own_perceptron_pdf(run, tmp_path):
    path = tmp_path / "mine.PDF"
    ok(run("gate", "--weights", "1,1", "--bias", "-0.5", "--plot", path))
    assert path.read_bytes().startswith(b"%PDF-")


def test_plot_real_valued_activation_shades_and_labels_the_inputs(run, tmp_path):
    path = tmp_path / "soft.svg"
    ok(run("gate", "and", "--activation", "sigmoid", "--plot", path))
    svg = path.read_text()
    assert "AND: y = sigmoid(0.5*x1 + 0.5*x2 - 0.7)" in svg
    assert f"{sigmoid(0.3):.3g}" in svg and f"{sigmoid(-0.7):.3g}" in svg  # the (1, 1), (0, 0) outputs
    assert "y = 1" not in svg  # no two-colour legend for real values


def test_plot_errors_leave_an_existing_file_alone(run, tmp_path):
    path = tmp_path / "keep.png"
    path.write_bytes(b"old")
    one_line_error(run("gate", "not", "--plot", path), 2)
    one_line_error(run("gate", "and", "--weights", "1,1", "--plot", path), 2)
    assert path.read_bytes() == b"old"
    blocked = tmp_path / "file"
    blocked.write_text("")
    line = one_line_error(run("gate", "and", "--plot", blocked / "x.png"), 1)
    assert line.startswith("actviz: error: cannot write")


# --- --train -------------------------------------------------------------------------------------------
def test_train_and_converges(run):
    out = ok(run("gate", "and", "--train"))
    lines = out.splitlines()
    assert lines[0] == "AND: one step perceptron, perceptron learning rule (lr 0.1, seed 0, at most 100 epochs)"
    assert lines[1:3] == ["epoch  errors", "-----  ------"]
    verdict = next(line for line in lines if line.startswith("converged"))
    assert verdict.startswith("converged in epoch ") and verdict.endswith(": every row is right.")
    assert lines[-1].startswith("learned: y = step(") and lines[-1].endswith(", implements AND")


@pytest.mark.parametrize("name", ["xor", "xnor"])
def test_train_xor_does_not_converge_and_says_why(run, name):
    out = ok(run("gate", name, "--train", "--epochs", "50"))
    result = train(name, epochs=50)
    earlier, last = result.cycle
    assert f"did not converge: after epoch {last} the weights and bias are back to those after " \
           f"epoch {earlier},\na cycle: " in out
    assert f"{name.upper()} is not linearly separable." in out
    assert "no single perceptron computes" in out and f"actviz gate {name} --explain" in out
    assert re.search(rf"^{last} +{result.errors[-1]}$", out, re.M)  # the table ends at the cycle
    assert out.splitlines()[-1].startswith("last: y = step(")


def test_train_xor_stops_at_a_cycle_whatever_the_epochs(run):
    assert ok(run("gate", "xor", "--train", "--epochs", "100000")) == (
        "XOR: one step perceptron, perceptron learning rule (lr 0.1, seed 0, at most 100000 epochs)\n"
        "epoch  errors\n"
        "-----  ------\n"
        "1-2    3\n"
        "3      4\n"
        "did not converge: after epoch 3 the weights and bias are back to those after epoch 2,\n"
        "a cycle: epoch 3 would repeat forever, so training stopped.\n"
        "XOR is not linearly separable.\n"
        "No straight line puts its 1s, (0, 1) and (1, 0), on one side and its 0s,\n"
        "(0, 0) and (1, 1), on the other, so no single perceptron computes XOR;\n"
        "two layers do (actviz gate xor --explain).\n"
        "last: y = step(-0.0987427*x1 - 0.00132105*x2 + 0.00640423), implements no built-in gate\n"
    )


def test_train_separable_gate_stalled_by_rounding_says_so(run):
    out = ok(run("gate", "and", "--train", "--lr", "1e-20"))
    assert "are back to their starting values,\na cycle: epoch 1 would repeat forever" in out
    assert "AND is linearly separable, but at this --lr rounding loses the" in out


def test_train_separable_but_too_few_epochs(run):
    out = ok(run("gate", "and", "--train", "--epochs", "2"))
    assert "did not converge in 2 epochs, but AND is linearly separable" in out


def one_epoch(name, weights, bias, lr):
    """The learning rule's epoch, written out here: rows in counting order, w += lr*(t - y)*x."""
    mistakes = 0
    for row in itertools.product((0, 1), repeat=arity(name)):
        t = int(bool(BOOLEAN[name](*row)))
        total = 0.0
        for w, x in zip(weights, row):
            total += w * x
        y = int(total + bias > 0)
        if y != t:
            weights = [w + lr * (t - y) * x for w, x in zip(weights, row)]
            bias += lr * (t - y)
            mistakes += 1
    return mistakes, weights, bias


@pytest.mark.parametrize("fmt, delimiter", [("csv", ","), ("tsv", "\t")])
def test_train_csv_has_the_weights_and_bias_after_every_epoch(run, fmt, delimiter):
    out = ok(run("gate", "or", "xor", "not", "--train", "--lr", "0.3", "--format", fmt))
    headers, rows = read_csv(out, delimiter)
    assert headers == ["gate", "epoch", "errors", "w1", "w2", "bias", "converged"]
    for name in ("OR", "XOR", "NOT"):
        mine = [r for r in rows if r[0] == name]
        assert [r[1] for r in mine] == [str(k + 1) for k in range(len(mine))]
        assert {r[6] for r in mine} == {"true" if name != "XOR" else "false"}
        assert (mine[-1][2] == "0") == (name != "XOR")
        for before, after in zip(mine, mine[1:]):  # each row follows from the one before
            weights = [float(w) for w in before[3:5] if w != ""]
            errors, weights, bias = one_epoch(name, weights, float(before[5]), 0.3)
            assert after[2:6] == [str(errors), *map(repr, weights), *[""] * (2 - len(weights)), repr(bias)]
    xor = [r for r in rows if r[0] == "XOR"]
    assert xor[-1][3:6] in [r[3:6] for r in xor[:-1]]  # the cycle: the last weights came before
    doc = json.loads(ok(run("gate", "or", "xor", "not", "--train", "--lr", "0.3", "--format", "json")))
    for t in doc["training"]:
        assert [[e["errors"], *e["weights"], e["bias"]] for e in t["epochs"]] == [
            [int(r[2]), *(float(w) for w in r[3:5] if w), float(r[5])] for r in rows if r[0] == t["gate"]
        ]
        assert t["epochs"][-1]["weights"] == t["weights"] and t["epochs"][-1]["bias"] == t["bias"]


def test_train_machine_formats(run):
    doc = json.loads(ok(run("gate", "nand", "xor", "--train", "--lr", "0.5", "--seed", "3",
                            "--format", "json")))
    nand, xor = doc["training"]
    assert nand["converged"] and nand["implements"] == ["NAND"] and nand["linearly_separable"]
    assert nand["epoch"] == len(nand["errors"]) and nand["errors"][-1] == 0
    assert (nand["lr"], nand["seed"], nand["max_epochs"]) == (0.5, 3, 100)
    assert not xor["converged"] and xor["epoch"] is None
    assert xor["cycle"]["epoch"] == len(xor["errors"]) > xor["cycle"]["same_weights_as_epoch"] > 0
    assert nand["cycle"] is None
    assert not xor["linearly_separable"]


def test_train_seed_changes_the_start(run):
    a = json.loads(ok(run("gate", "and", "--train", "--seed", "1", "--format", "json")))
    b = json.loads(ok(run("gate", "and", "--train", "--seed", "2", "--format", "json")))
    assert a["training"][0]["weights"] != b["training"][0]["weights"]


def test_train_at_the_largest_lr_learns_with_finite_weights(run):
    doc = json.loads(ok(run("gate", "and", "or", "nand", "nor", "not", "--train", "--lr", "1e6",
                            "--format", "json")))
    assert all(t["converged"] for t in doc["training"])
    assert all(math.isfinite(v) for t in doc["training"] for v in t["weights"] + [t["bias"]])


def test_train_weights_that_overflow_are_a_one_line_failure(run, monkeypatch):
    monkeypatch.setattr("actviz.perceptrons.MAX_LR", math.inf)  # past the bound, the library's check
    line = one_line_error(run("gate", "and", "--train", "--lr", "1e308"), 1)
    assert line == ("actviz: error: training AND: the weights passed float64's range in epoch 2 "
                    "(lr 1e+308); a smaller lr keeps them finite")


def test_train_plot_draws_the_learned_line(run, tmp_path):
    path = tmp_path / "learned.svg"
    ok(run("gate", "xor", "--train", "--plot", path))
    svg = path.read_text()
    assert "XOR, not learned: a cycle in epoch 3" in svg and "learned line: " in svg
    ok(run("gate", "and", "--train", "--epochs", "2", "--plot", path))
    assert "AND, not learned in 2 epochs" in path.read_text()


# --- figure options: the same as plot's ---------------------------------------------------------------
def svg_points(svg):
    root = re.search(r"<svg [^>]*>", svg).group(0)
    return tuple(float(re.search(rf'{side}="([\d.]+)pt"', root).group(1)) for side in ("width", "height"))


def test_plot_takes_size_and_dpi(run, tmp_path):
    from PIL import Image

    path = tmp_path / "and.png"
    ok(run("gate", "and", "--plot", path, "--size", "3", "3.5", "--dpi", "50"))
    assert Image.open(path).size == (150, 175)


def test_plot_takes_a_style_its_size_and_the_same_bytes_twice(run, tmp_path):
    path = tmp_path / "xor.svg"
    ok(run("gate", "xor", "--plot", path, "--style", "paper"))
    assert svg_points(path.read_text()) == (252, 187.2)  # the paper style's 3.5 x 2.6 inches
    first = path.read_bytes()
    ok(run("gate", "xor", "--plot", path, "--style", "paper"))
    assert path.read_bytes() == first


def test_plot_takes_a_title_and_line_width(run, tmp_path):
    path = tmp_path / "and.svg"
    ok(run("gate", "and", "--plot", path))
    plain = path.read_text()
    ok(run("gate", "and", "--plot", path, "--title", "My own AND", "--linewidth", "3.6"))
    svg = path.read_text()
    assert "My own AND" in svg and "My own AND" not in plain
    # the decision line is 2.2 points at actviz's line width of 1.8: twice that at 3.6
    assert "stroke-width: 2.2" in plain and "stroke-width: 4.4" in svg


def test_plot_font_size_sets_the_plane_type(run, tmp_path):
    import numpy as np
    from PIL import Image

    small, large = tmp_path / "small.png", tmp_path / "large.png"
    ok(run("gate", "and", "--plot", small, "--size", "6", "6"))
    ok(run("gate", "and", "--plot", large, "--size", "6", "6", "--font-size", "5"))
    dark = [(np.asarray(Image.open(p).convert("L")) < 100).sum() for p in (small, large)]
    assert dark[1] < dark[0] * 0.8  # smaller type (and marks): less ink


def test_train_gif_takes_the_figure_options(run, tmp_path):
    from PIL import Image

    path = tmp_path / "and.gif"
    ok(run("gate", "and", "--train", "--epochs", "3", "--plot", path, "--size", "3", "3", "--dpi", "40",
           "--style", "book"))
    image = Image.open(path)
    assert image.size == (120, 120) and image.n_frames > 1


@pytest.mark.parametrize("option", [
    ["--title", "t"], ["--size", "3", "3"], ["--dpi", "50"], ["--font", "DejaVu Sans"],
    ["--style", "paper"], ["--linewidth", "2"], ["--font-size", "9"],
])
def test_figure_options_without_plot_are_usage_errors(run, option):
    line = one_line_error(run("gate", "and", *option), 2)
    assert option[0] in line and "--plot" in line


def test_figure_options_with_a_page_are_usage_errors(run, tmp_path):
    path = tmp_path / "and.html"
    line = one_line_error(run("gate", "and", "--plot", path, "--style", "paper"), 2)
    assert "--style" in line and ".html" in line
    assert not path.exists()


@pytest.mark.parametrize("option, says", [
    (["--style", "nope"], "no style is named 'nope'"),
    (["--linewidth", "50"], "0.1 to 20"),
    (["--font", "No Such Font Anywhere"], "no installed font"),
    (["--size", "0.5", "3"], "at least 1 inch"),
])
def test_bad_figure_options_print_no_table_and_write_no_file(run, tmp_path, option, says):
    path = tmp_path / "and.png"
    result = run("gate", "and", "--plot", path, *option)
    line = one_line_error(result, 2)
    assert says in line and option[0] in line
    assert not path.exists()


def test_gate_help_lists_the_figure_options(run):
    text = ok(run("gate", "--help"))
    for option in ("--title", "--size W H", "--dpi", "--font NAME", "--style NAME|FILE", "--linewidth W",
                   "--font-size PT"):
        assert option in text


# --- bad input ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("args, status, says", [
    (["xro"], 2, "unknown gate 'xro'; did you mean XOR"),
    ([], 2, "name a gate"),
    (["and", "--weights", "1,1"], 2, "cannot be combined"),
    (["--weights", "1,1,1", "--expect", "and"], 2, "expected 2 inputs for AND, got 3"),
    (["--weights", "1,1", "--expect", "not"], 2, "expected 1 inputs for NOT, got 2"),
    (["--weights", "1,1", "--expect", "nad"], 2, "did you mean NAND"),
    (["--bias", "-0.7"], 2, "--bias needs --weights"),
    (["--weights", "a,1"], 2, "'a' is not a number"),
    (["--weights", ""], 2, "needs at least one weight"),
    (["--weights", "1,1", "--bias", "x"], 2, "'x' is not a number"),
    (["--weights", "nan,1"], 2, "weights must be finite"),
    (["--weights", ",".join(["1"] * 17)], 2, "at most 16"),
    (["and", "--train", "--epochs", "0"], 2, "--epochs"),
    (["and", "--train", "--epochs", "100001"], 2, "'--epochs': epochs must be a whole number from 1 to 100000, got 100001"),
    (["and", "--train", "--lr", "0"], 2, "--lr"),
    (["and", "--train", "--lr", "1e308"], 2, "'--lr': lr must be > 0 and at most 1e+06, got 1e+308"),
    (["and", "--train", "--lr", "nan"], 2, "'--lr': lr must be > 0 and at most 1e+06, got nan"),
    (["and", "--train", "--lr", "inf"], 2, "'--lr': lr must be > 0 and at most 1e+06, got inf"),
    (["and", "--train", "--seed", "-1"], 2, "'--seed': seed must be a whole number >= 0, got -1"),
    (["and", "--epochs", "5"], 2, "--epochs applies only with --train"),
    (["and", "--seed", "5"], 2, "--seed applies only with --train"),
    (["--weights", "1,1", "--train"], 2, "--train and --weights cannot be combined"),
    (["xor", "--train", "--explain"], 2, "--train and --explain cannot be combined"),
    (["xor", "--train", "--activation", "sigmoid"], 2, "--train and --activation cannot be combined"),
    (["all", "--expect", "and"], 2, "not several"),
    (["and", "or", "--plot", "x.png"], 2, "not several"),
    (["and", "--plot", "x.txt"], 2, "must end in .png, .svg, .pdf, .html or .gif"),
    (["and", "--plot", "-"], 2, "needs a file name"),
    (["and", "--alpha", "0.1"], 2, "name one with --activation"),
    (["and", "--activation", "sigmod"], 2, "did you mean 'sigmoid'"),
    (["and", "--activation", "relu", "--beta", "1"], 2, "relu has no parameter 'beta'"),
])
def test_bad_input_is_one_line(run, args, status, says):
    line = one_line_error(run("gate", *args), status)
    assert line.startswith("actviz gate: error:")
    assert says in line


def test_negative_weights_and_bias_are_values_not_options(run):
    assert ok(run("gate", "--weights", "-0.5,-0.5", "--bias", "-0.1")).endswith("implements no built-in gate.\n")


def test_help_shows_an_example_of_each_use(run):
    # Width and alignment are checked for every command in test_cli_basics.
    out = ok(run("gate", "--help"))
    examples = out.split("Examples:\n")[1].split("\n\n")[0]
    for use in ("--explain", "all", "--weights", "--expect", "--activation", "--plot", "--train"):
        assert f" {use}" in examples, use


# --- start-up ---------------------------------------------------------------------------------------
def test_gate_never_imports_matplotlib():
    code = (
        "import sys\n"
        "from actviz.cli import cli\n"
        "try:\n"
        "    cli(['gate', 'all', '--explain', '--format', 'json'], prog_name='actviz')\n"
        "except SystemExit as exit:\n"
        "    assert exit.code == 0, exit.code\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'matplotlib'), file=sys.stderr)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stderr == "[]\n"
    assert '"name": "XNOR"' in result.stdout


def test_installed_command_runs_xor():
    result = subprocess.run([actviz_command(), "gate", "xor", "--format", "csv"],
                            capture_output=True, text=True, timeout=60)
    assert (result.returncode, result.stdout, result.stderr) == (0, "x1,x2,y\n0,0,0\n0,1,1\n1,0,1\n1,1,0\n", "")


def test_overflowing_sums_are_inf_in_strict_json(run):
    doc = json.loads(ok(run("gate", "--weights", "1e308,1e308", "--explain", "--format", "json")))
    assert doc["rows"][3] == {"x1": 1, "x2": 1, "y_sum": "inf", "y": 1}


# issue 14 item 9: outputs at or near inf made the colour bar's limits inf (matplotlib:
# "Axis limits cannot be NaN or Inf") or its tick arithmetic overflow, a traceback after
# the table was printed.
@pytest.mark.parametrize("args", [
    ["--weights", "1e308,1e308", "--activation", "identity"],
    ["--weights", "1,1", "--activation", "threshold", "-p", "threshold=1e308", "-p", "value=-1e308"],
    ["--weights", "1,1", "--activation", "threshold", "-p", "threshold=1e308", "-p", "value=1e308"],
    ["--weights", "0,0", "--bias", "1e308", "--activation", "identity"],
])
def test_issue14_item9_a_plane_with_outputs_at_or_near_inf_is_drawn(run, tmp_path, args):
    result = run("gate", *args, "--plot", tmp_path / "plane.png")
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout.startswith("x1  x2  y")
    assert (tmp_path / "plane.png").read_bytes().startswith(b"\x89PNG")


def test_issue14_item9_an_overflowing_output_is_coloured_as_the_scale_s_top_not_left_blank():
    import numpy as np

    import actviz

    figure = actviz.perceptron([1e308, 1e308], 0.0, "identity").plot()
    image = figure.axes[0].images[0]
    shown = image.get_array()
    lo, hi = image.norm.vmin, image.norm.vmax
    assert np.isfinite([lo, hi]).all() and lo < hi
    # row i is the i-th x2 from below: the last row's last cell is x1 = x2 = 1.5, y = inf
    assert not np.ma.is_masked(shown[-1, -1]) and shown[-1, -1] == hi
    assert shown[0, 0] == lo  # x1 = x2 = -0.5: y = -1e308, below any finite end


# issue 14 item 10: `--expect ''` (an empty Makefile variable) skipped the check, exit 0.
@pytest.mark.parametrize("expect", ["", "  "])
@pytest.mark.parametrize("args", [["--weights", "1,1"], ["xor"]])
def test_issue14_item10_an_empty_expect_is_a_usage_error(run, args, expect):
    result = run("gate", *args, "--expect", expect)
    line = one_line_error(result, 2)
    assert "Invalid value for '--expect': is empty: name the gate to check against" in line
    assert result.stdout == ""
