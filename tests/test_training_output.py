"""`gate --train` keeps its weights bit for bit and writes its history streamed.

Oracles: digests of what the implementation before the streaming writers computed and
printed (tests/golden/training.json: 592 runs' errors, history, final weights, cycle;
tests/golden/training-cli.json: the stdout of 100 commands, every format), and the
documents json.dumps and csv.writer make from the history, built here the plain way (the verdict's fields from the library: they are not what is streamed).
"""

import csv
import hashlib
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from actviz.perceptrons import implemented_gates, linearly_separable, train
from conftest import invoke

GOLDEN = Path(__file__).parent / "golden"
RUNS = json.loads((GOLDEN / "training.json").read_text())
COMMANDS = json.loads((GOLDEN / "training-cli.json").read_text())


def digest(value):
    return hashlib.sha256(json.dumps(value).encode()).hexdigest()[:32]


def check_runs(runs):
    for run in runs:
        name, lr, epochs, seed = run["case"]
        result = train(name, epochs=epochs, lr=lr, seed=seed)
        history = [[[w.hex() for w in weights], bias.hex()] for weights, bias in result.history]
        assert len(result.errors) == run["epochs"], run["case"]
        assert digest(list(result.errors)) == run["errors"], run["case"]
        assert digest(history) == run["history"], run["case"]
        assert [w.hex() for w in result.weights] == run["weights"] and result.bias.hex() == run["bias"]
        assert (result.converged, result.epoch) == (run["converged"], run["epoch"])
        assert result.cycle == (tuple(run["cycle"]) if run["cycle"] else None), run["case"]


@pytest.mark.parametrize("gate", sorted({str(run["case"][0]) for run in RUNS}))
def test_training_learns_the_weights_the_earlier_implementation_learned_bit_for_bit(gate):
    check_runs(r for r in RUNS if str(r["case"][0]) == gate and r["case"][2] <= 5000)


@pytest.mark.slow
def test_a_hundred_thousand_epochs_learn_the_weights_the_earlier_implementation_learned():
    check_runs(r for r in RUNS if r["case"][2] > 5000)


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_train_prints_the_bytes_the_earlier_writers_printed(command):
    result = invoke(*command.split(" "))
    assert result.exit_code == 0, result.stderr
    assert hashlib.sha256(result.stdout.encode()).hexdigest() == COMMANDS[command]


# --- the documents built the plain way -------------------------------------------------------------
SETTINGS = [(("and",), 0.1, 100, 0), (("or", "xor", "not"), 0.3, 50, 1), (("nand", "xnor"), 3e-8, 300, 7),
            (("nor",), 1e6, 10, 2), (("not", "and"), 0.05, 1, 0)]


def results(gates, lr, epochs, seed):
    return [train(g, epochs=epochs, lr=lr, seed=seed) for g in gates]


def train_output(gates, lr, epochs, seed, fmt):
    result = invoke("gate", *gates, "--train", "--lr", lr, "--epochs", epochs, "--seed", seed, "--format", fmt)
    assert result.exit_code == 0, result.stderr
    return result.stdout


@pytest.mark.parametrize("gates, lr, epochs, seed", SETTINGS)
def test_train_json_is_what_json_dumps_writes_for_the_whole_history(gates, lr, epochs, seed):
    documents = []
    for r in results(gates, lr, epochs, seed):
        documents.append({
            "gate": r.target, "lr": lr, "seed": seed, "max_epochs": epochs, "errors": list(r.errors),
            "epochs": [{"epoch": k + 1, "errors": e, "weights": list(w), "bias": b}
                       for k, (e, (w, b)) in enumerate(zip(r.errors, r.history))],
            "converged": r.converged, "epoch": r.epoch,
            "cycle": r.cycle and {"epoch": r.cycle[1], "same_weights_as_epoch": r.cycle[0]},
            "weights": list(r.weights), "bias": r.bias,
            "implements": implemented_gates(r.perceptron), "linearly_separable": linearly_separable(r.target),
        })
    text = train_output(gates, lr, epochs, seed, "json")
    assert text == json.dumps({"training": documents}, indent=2) + "\n"


@pytest.mark.parametrize("fmt, delimiter", [("csv", ","), ("tsv", "\t")])
@pytest.mark.parametrize("gates, lr, epochs, seed", SETTINGS)
def test_train_csv_is_what_csv_writer_writes_for_the_whole_history(gates, lr, epochs, seed, fmt, delimiter):
    runs = results(gates, lr, epochs, seed)
    n = max(len(r.weights) for r in runs)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\n")
    writer.writerow(["gate", "epoch", "errors", *(f"w{i + 1}" for i in range(n)), "bias", "converged"])
    for r in runs:
        for k, (e, (w, b)) in enumerate(zip(r.errors, r.history)):
            writer.writerow([r.target, k + 1, e, *map(repr, w), *[""] * (n - len(w)), repr(b),
                             "true" if r.converged else "false"])
    assert train_output(gates, lr, epochs, seed, fmt) == out.getvalue()


def test_the_history_unpacks_to_the_weights_and_bias_after_each_epoch():
    result = train("or", epochs=40, lr=0.05, seed=5)
    assert len(result.states) == 3 * len(result.errors)
    assert result.history[-1] == (result.weights, result.bias)
    assert [w for w, _ in result.history] == [tuple(result.states[i:i + 2]) for i in range(0, len(result.states), 3)]


# --- memory -----------------------------------------------------------------------------------------
PEAK = """
import resource, subprocess, sys
with open(sys.argv[1], "w") as sink:
    subprocess.run(sys.argv[2:], stdout=sink, check=True)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["table", "csv", "json"])
def test_a_hundred_thousand_epochs_take_less_than_64_mib_in_every_format(fmt):
    command = [sys.executable, "-m", "actviz", "gate", "and", "--train", "--epochs", "100000",
               "--lr", "3e-8", "--format", fmt]
    kib = int(subprocess.run([sys.executable, "-c", PEAK, os.devnull, *command], capture_output=True,
                             text=True, check=True).stdout)
    assert kib < 64 * 1024


def test_a_training_result_is_still_hashable_and_compared_by_its_history():
    assert hash(train("and")) == hash(train("and")) and train("and") == train("and")
    assert train("and", seed=1) != train("and", seed=2)
