"""What `actviz gate` shows: truth-table columns, the --explain text, training reports, planes.

This is where a command line's gate names and weights meet :mod:`actviz.perceptron`; it
knows nothing of click or matplotlib. Every number leaves here as a Python int (a step
unit's 0 or 1) or float (sums, real-valued outputs), so the machine formats can write
each float in full and the terminal table can round it.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import TYPE_CHECKING, Mapping, Optional, Sequence, Tuple, Union

from actviz.perceptron import (
    Network,
    Perceptron,
    TrainingResult,
    decision_lines,
    differences,
    gate,
    gate_names,
    implemented_gates,
    input_rows,
    linearly_separable,
    truth_table,
    with_activation,
)

if TYPE_CHECKING:
    import numpy as np

PLANE = (-0.5, 1.5, -0.5, 1.5)  # the inputs' square with room around it: x1 from, to, x2 from, to


@dataclass(frozen=True)
class Shown:
    """One unit a truth table shows: a built-in gate, or the user's own perceptron."""

    name: str  # "XOR", or "perceptron" for --weights
    network: Network  # its inputs, units and their names are the network's
    builtin: bool

    @property
    def binary(self) -> bool:
        """Every unit is a step: outputs are exactly 0 or 1, written as ints."""
        return all(unit.activation == "step" for unit in self.network.units)


def shown(unit: Union[Perceptron, Network], name: str, builtin: bool) -> Shown:
    network = Network(((unit,),)) if isinstance(unit, Perceptron) else unit
    return Shown(name, network, builtin)


def chosen_gates(names: Sequence[str]) -> list[str]:
    """The gates named, 'all' expanded and repeats dropped, in the order given.

    An unknown name raises ``UnknownGateError`` (a PerceptronError) with close matches.
    """
    chosen: list[str] = []
    for name in names:
        found = gate_names() if name.strip().lower() == "all" else [gate(name).name]
        chosen += [g for g in found if g not in chosen]
    return chosen


def gate_entries(names: Sequence[str], activation: Optional[str] = None,
                 params: Optional[Mapping[str, object]] = None) -> list[Shown]:
    """The named gates (see ``chosen_gates``), each through ``activation`` if one is given."""
    entries = []
    for name in chosen_gates(names):
        unit = gate(name).network
        if activation is not None:
            unit = with_activation(unit, activation, params)
        entries.append(shown(unit, name, builtin=True))
    return entries


def perceptron_entry(weights: Sequence[float], bias: float, activation: str = "step",
                     params: Optional[Mapping[str, object]] = None) -> Shown:
    """The user's own perceptron (--weights, --bias), through any activation."""
    return shown(Perceptron(tuple(weights), bias, activation, params or {}), "perceptron", builtin=False)


def subject(entry: Shown) -> str:
    """What a sentence about the entry calls it: 'XOR', 'AND through sigmoid', 'the perceptron'."""
    who = entry.name if entry.builtin else "the perceptron"
    activation = entry.network.units[0].activation  # --activation changes every unit alike
    return who if activation == "step" else f"{who} through {activation}"


def input_names(n: int) -> list[str]:
    """x for one input (the book's NOT), x1, x2, ... for more."""
    return ["x"] if n == 1 else [f"x{i + 1}" for i in range(n)]


def _number(value: float, binary: bool) -> Union[int, float]:
    return int(value) if binary and value in (0.0, 1.0) else float(value)


# --- the truth table ----------------------------------------------------------------------------
def truth_columns(entries: Sequence[Shown], explain: bool = False) -> Tuple[list[str], list[list]]:
    """(headers, rows) of one table: the inputs, then each entry's (traced) output column.

    One entry's output column is ``y``; with several, each is named by its gate, and a gate
    with fewer inputs than the table reads the first ones: ``NOT(x1)``. ``explain`` adds
    every unit's weighted sum and every hidden output (``s1_sum, s1, ..., y_sum``), prefixed
    ``XOR.`` when there are several entries.
    """
    n = max(e.network.n_inputs for e in entries)
    names = input_names(n)
    headers = list(names)
    for e in entries:
        headers += _entry_headers(e, names, explain, several=len(entries) > 1)
    rows = []
    for inputs in input_rows(n):
        row: list = list(inputs)
        for e in entries:
            row += _entry_cells(e, inputs[: e.network.n_inputs], explain)
        rows.append(row)
    return headers, rows


def output_header(entry: Shown, names: Sequence[str], several: bool) -> str:
    if not several:
        return "y"
    if entry.network.n_inputs < len(names):
        return f"{entry.name}({', '.join(names[: entry.network.n_inputs])})"
    return entry.name


def _entry_headers(entry: Shown, names, explain: bool, several: bool) -> list[str]:
    headers = []
    if explain:
        prefix = f"{entry.name}." if several else ""
        for unit in entry.network.unit_names[:-1]:
            headers += [f"{prefix}{unit}_sum", f"{prefix}{unit}"]
        headers.append(f"{prefix}y_sum")
    return headers + [output_header(entry, names, several)]


def _entry_cells(entry: Shown, inputs, explain: bool) -> list:
    if not explain:
        return [_number(entry.network(inputs), entry.binary)]
    cells: list = []
    for layer in entry.network.trace(inputs):
        for total, out in zip(layer.sums, layer.outputs):
            cells += [float(total), _number(out, entry.binary)]
    return cells


def terminal_cells(rows: Sequence[Sequence]) -> list[list[str]]:
    """Rows for the aligned table: floats to 6 significant digits (0.30000000000000004 -> 0.3)."""
    return [[f"{c:.6g}" if isinstance(c, float) else str(c) for c in row] for row in rows]


def document(entries: Sequence[Shown], headers, rows) -> dict:
    """The JSON output: every entry's layers (weights, bias) and the table's rows."""
    return {
        "gates": [
            {
                "name": e.name,
                "inputs": input_names(e.network.n_inputs),
                "activation": e.network.units[0].activation,
                "params": dict(e.network.units[0].params),
                "layers": [
                    [{"unit": name, "weights": list(unit.weights), "bias": unit.bias}
                     for name, unit in zip(_layer_names(e, k), layer)]
                    for k, layer in enumerate(e.network.layers)
                ],
                "implements": implemented_gates(e.network),
            }
            for e in entries
        ],
        "rows": [dict(zip(headers, row)) for row in rows],
    }


def _layer_names(entry: Shown, k: int) -> Tuple[str, ...]:
    names = entry.network.unit_names
    start = sum(len(layer) for layer in entry.network.layers[:k])
    return names[start: start + len(entry.network.layers[k])]


# --- --expect --------------------------------------------------------------------------------------
def expected_gate(entry: Shown, name: str) -> str:
    """The built-in name of the gate --expect names; PerceptronError for an unknown gate or
    one that takes another number of inputs than the entry."""
    differences(entry.network, name)
    return gate(name).name


def mismatch_lines(entry: Shown, name: str) -> list[str]:
    """Why the entry is not gate ``name``: a line saying how many rows differ, then each
    row; none when it is that gate."""
    found = differences(entry.network, name)
    if not found:
        return []
    n = entry.network.n_inputs
    names = input_names(n)
    lines = [f"{subject(entry)} does not implement {name}: {len(found)} of {2 ** n} rows differ"]
    for row in found:
        at = " ".join(f"{x}={v}" for x, v in zip(names, row.inputs))
        lines.append(f"  {at}: y = {row.got:g}, {name} gives {row.expected}")
    if any(row.got not in (0.0, 1.0) for row in found):
        lines.append("  (a gate's output is exactly 0 or 1, and y must be too)")
    return lines


# --- formulas and --explain ---------------------------------------------------------------------
def formula(unit: Perceptron, names: Sequence[str]) -> str:
    """The book's ``y = h(w1*x1 + w2*x2 + b)`` with the numbers written in: step(0.5*x1 + ...)."""
    params = "".join(f", {k}={v:g}" for k, v in unit.params.items())
    return f"{unit.activation}({weighted_sum_text(unit, names)}{params})"


def weighted_sum_text(unit: Perceptron, names: Sequence[str]) -> str:
    """w·x + b with the numbers written in: 0.5*x1 + 0.5*x2 - 0.7."""
    text = ""
    for k, (w, name) in enumerate(zip(unit.weights, names)):
        text += _signed(w, first=k == 0) + f"*{name}"
    return text + _signed(unit.bias, first=False)


def line_equation(unit: Perceptron) -> str:
    """A 2-input unit's decision line: 0.5*x1 + 0.5*x2 - 0.7 = 0."""
    return f"{weighted_sum_text(unit, ['x1', 'x2'])} = 0"


def _signed(value: float, first: bool) -> str:
    if first:
        return f"{value:g}"
    return f" - {-value:g}" if value < 0 else f" + {value:g}"


def implements_text(entry: Shown) -> str:
    """What a --weights perceptron computes, in words: 'implements AND' or why it is none."""
    found = implemented_gates(entry.network)
    if found:
        return "implements " + " and ".join(found)
    if entry.network.n_inputs > 2:
        return "implements no built-in gate (they take 1 or 2 inputs)"
    outputs = [row.output for row in truth_table(entry.network)]
    if any(y not in (0.0, 1.0) for y in outputs):
        return "implements no built-in gate (its outputs are not all 0 or 1)"
    return "implements no built-in gate"


def title(entry: Shown) -> str:
    """XOR = AND(NAND(x1, x2), OR(x1, x2)) for a network of gates, else its name and layers."""
    composed = _composition(entry)
    if composed:
        return f"{entry.name} = {composed}"
    layers = len(entry.network.layers)
    if layers == 1:
        return f"{entry.name}: y = {formula(entry.network.units[0], input_names(entry.network.n_inputs))}"
    return f"{entry.name}: {layers} layers of {entry.network.units[0].activation} units"


def explain_lines(entry: Shown) -> list[str]:
    """Each perceptron of the entry, layer by layer, with its weights, bias and the gate it is."""
    names = entry.network.unit_names
    width = max(map(len, names))
    layers = entry.network.layers
    count = f"{len(layers)} layer{'s' if len(layers) > 1 else ''}"
    composed = _composition(entry)
    lines = [f"{entry.name} = {composed}: {count}" if composed else f"{entry.name}: {count}"]
    readers = input_names(entry.network.n_inputs)
    rows = []  # (lead, formula, gate) for every unit, aligned together below
    for k, layer in enumerate(layers):
        unit_names = _layer_names(entry, k)
        for i, (name, unit) in enumerate(zip(unit_names, layer)):
            found = implemented_gates(unit)
            rows.append((f"layer {k + 1}" if i == 0 else "", f"{name.ljust(width)} = {formula(unit, readers)}",
                         found[0] if found else ""))
        readers = unit_names
    lead, pad = max(len(r[0]) for r in rows), max(len(r[1]) for r in rows)
    lines += [f"  {a.ljust(lead)}  {b.ljust(pad)}   {c}".rstrip() for a, b, c in rows]
    return lines


def _composition(entry: Shown) -> Optional[str]:
    """AND(NAND(x1, x2), OR(x1, x2)) for XOR, when every unit of a network is a built-in gate."""
    if len(entry.network.layers) < 2:
        return None
    expressions = input_names(entry.network.n_inputs)
    for layer in entry.network.layers:
        found = [implemented_gates(unit) for unit in layer]
        if not all(found):
            return None
        expressions = [f"{f[0]}({', '.join(expressions)})" for f in found]
    return expressions[0]


# --- training -------------------------------------------------------------------------------------
def error_runs(errors: Sequence[int]) -> list[Tuple[str, int]]:
    """Per-epoch mistakes with equal neighbours merged: [('1', 2), ('2-3', 3), ...]."""
    runs = []
    epoch = 1
    for count, group in itertools.groupby(errors):
        length = len(list(group))
        last = epoch + length - 1
        runs.append((str(epoch) if length == 1 else f"{epoch}-{last}", count))
        epoch = last + 1
    return runs


def training_header(name: str, epochs: int, lr: float, seed: int) -> str:
    return (f"{name}: one step perceptron, perceptron learning rule "
            f"(lr {lr:g}, seed {seed}, at most {epochs} epoch{'s' if epochs > 1 else ''})")


def training_verdict(result: TrainingResult, epochs: int) -> list[str]:
    """Whether it converged and, if not, why: more epochs would help, or nothing would."""
    name = result.target
    if result.converged:
        return [f"converged in epoch {result.epoch}: every row is right."]
    separable = linearly_separable(name)
    if result.cycle:
        earlier, last = result.cycle
        back = "their starting values" if earlier == 0 else f"those after epoch {earlier}"
        repeated = f"epoch {last}" if earlier + 1 == last else f"epochs {earlier + 1}-{last}"
        lines = [
            f"did not converge: after epoch {last} the weights and bias are back to {back},",
            f"a cycle: {repeated} would repeat forever, so training stopped.",
        ]
        if separable:  # the rule converges in exact arithmetic: rounding undid the corrections
            return lines + [f"{name} is linearly separable, but at this --lr rounding loses the",
                            "corrections: a larger --lr will get there."]
        return lines + _not_separable(name, f"{name} is not linearly separable.")
    if separable:
        return [f"did not converge in {epochs} epochs, but {name} is linearly separable: "
                "more --epochs or another --lr will get there."]
    return _not_separable(name, f"did not converge in {epochs} epochs: {name} is not linearly separable.")


def _not_separable(name: str, first: str) -> list[str]:
    """Why no single perceptron computes the gate: its 1s and 0s, and what does compute it."""
    target = gate(name)
    ones, zeros = [], []
    for row, y in zip(input_rows(target.n_inputs), target.expected()):
        (ones if y else zeros).append("(" + ", ".join(map(str, row)) + ")")
    return [
        first,
        f"No straight line puts its 1s, {' and '.join(ones)}, on one side and its 0s,",
        f"{' and '.join(zeros)}, on the other, so no single perceptron computes {name};",
        f"two layers do (actviz gate {name.lower()} --explain).",
    ]


def training_result_line(result: TrainingResult) -> str:
    learned = shown(result.perceptron, result.target, builtin=False)
    word = "learned" if result.converged else "last"
    names = input_names(result.perceptron.n_inputs)
    return f"{word}: y = {formula(result.perceptron, names)}, " + implements_text(learned)


def training_columns(results: Sequence[TrainingResult]) -> Tuple[list[str], list[list]]:
    """(headers, rows) for csv and tsv: a row per epoch, its mistakes and the weights after it.

    Weight columns run to the most inputs of any gate (NOT's w2 is empty); ``converged``
    is the gate's outcome, on each of its rows, so that any row says how training ended.
    """
    n = max(len(r.weights) for r in results)
    headers = ["gate", "epoch", "errors", *(f"w{i + 1}" for i in range(n)), "bias", "converged"]
    rows = []
    for r in results:
        for k, (errors, (weights, bias)) in enumerate(zip(r.errors, r.history)):
            blanks = [""] * (n - len(weights))
            rows.append([r.target, k + 1, errors, *weights, *blanks, bias, str(r.converged).lower()])
    return headers, rows


def training_document(result: TrainingResult, epochs: int, lr: float, seed: int) -> dict:
    return {
        "gate": result.target,
        "lr": lr,
        "seed": seed,
        "max_epochs": epochs,
        "errors": list(result.errors),
        "epochs": [
            {"epoch": k + 1, "errors": errors, "weights": list(weights), "bias": bias}
            for k, (errors, (weights, bias)) in enumerate(zip(result.errors, result.history))
        ],
        "converged": result.converged,
        "epoch": result.epoch,
        "cycle": None if result.cycle is None else
        {"epoch": result.cycle[1], "same_weights_as_epoch": result.cycle[0]},
        "weights": list(result.weights),
        "bias": result.bias,
        "implements": implemented_gates(result.perceptron),
        "linearly_separable": linearly_separable(result.target),
    }


# --- the input plane, for --plot ------------------------------------------------------------------
def plane_grid(unit: Union[Network, Perceptron], samples: int = 401, box=PLANE) -> np.ndarray:
    """The unit's output on a samples x samples grid over box; row i is the i-th x2 from below."""
    import numpy as np  # only --plot evaluates rows at once; a truth table needs no numpy

    x1 = np.linspace(box[0], box[1], samples)
    x2 = np.linspace(box[2], box[3], samples)
    points = np.stack(np.meshgrid(x1, x2), axis=-1).reshape(-1, 2)
    return np.asarray(unit(points), dtype=np.float64).reshape(samples, samples)


def line_label(entry: Shown, name: str, unit: Perceptron) -> str:
    """'s1 (NAND): -0.5*x1 - 0.5*x2 + 0.7 = 0', the line's unit, its gate and its equation."""
    found = implemented_gates(unit)
    who = name if name != "y" else (found[0] if found else entry.name)
    if name != "y" and found:
        who += f" ({found[0]})"
    return f"{who}: {line_equation(unit)}"


def plane(entry: Shown) -> dict:
    """What --plot draws for a 2-input entry (render.Decision's fields): regions, inputs, lines."""
    lines = [(line_label(entry, name, unit), ends)
             for (name, ends), unit in zip(decision_lines(entry.network), entry.network.layers[0])]
    points = [(x1, x2, float(entry.network((x1, x2)))) for x1, x2 in input_rows(2)]
    return dict(title=title(entry), box=PLANE, region=plane_grid(entry.network), points=points, lines=lines)


def training_plane(result: TrainingResult, epochs: int) -> dict:
    """The learned perceptron's regions and line, with each input marked by its target."""
    learned = result.perceptron
    rows = input_rows(2)
    points = [(x1, x2, float(y)) for (x1, x2), y in zip(rows, gate(result.target).expected())]
    if result.converged:
        done = f"learned in {result.epoch} epochs"
    elif result.cycle:
        done = f"not learned: a cycle in epoch {result.cycle[1]}"
    else:
        done = f"not learned in {epochs} epochs"
    return dict(
        title=f"{result.target}, {done}", box=PLANE, region=plane_grid(learned), points=points,
        lines=[("learned line: " + line_equation(learned), decision_lines(learned)[0][1])],
        marks=(f"learned y = 0; marker: {result.target} = 0", f"learned y = 1; marker: {result.target} = 1"),
    )
