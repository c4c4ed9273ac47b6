"""Logic gates and perceptrons as a learner meets them: truth tables, the explain text,
the gate a unit implements, and its input plane.

The gates themselves (the book's weights, XOR as two layers) and the arithmetic are in
:mod:`actviz.perceptrons`; this module shows them. ``gate(name)`` and ``perceptron(weights,
bias)`` give a :class:`LogicGate`, which `actviz gate` prints and a notebook displays (an
HTML truth table). It knows nothing of click or matplotlib. Every number leaves here as a
Python int (a step unit's 0 or 1) or float (sums, real-valued outputs), so the machine
formats can write each float in full and the terminal table can round it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Mapping, Optional, Sequence, Tuple, Union

from actviz.errors import UsageError
from actviz.perceptrons import (
    Network,
    Perceptron,
    PerceptronError,
    decision_line,
    decision_lines,
    differences,
    gate as builtin_gate,
    gate_names,
    hidden_points,
    implemented_gates,
    input_rows,
    truth_table,
    with_activation,
)

if TYPE_CHECKING:
    import numpy as np

PLANE = (-0.5, 1.5, -0.5, 1.5)  # the inputs' square with room around it: x1 from, to, x2 from, to
MAX_INPUTS = 16  # 2**16 rows: past that a truth table is no longer something to read


@dataclass(frozen=True)
class LogicGate:
    """A built-in gate, or your own perceptron, as a truth table shows it.

    ``name`` is the gate's ("XOR") or "perceptron"; ``network`` its layers of perceptrons;
    ``builtin`` says which. In a notebook it shows its truth table.
    """

    name: str
    network: Network  # its inputs, units and their names are the network's
    builtin: bool

    def __post_init__(self):
        if self.network.n_inputs > MAX_INPUTS:
            n = self.network.n_inputs
            raise PerceptronError(f"{n} inputs would make 2**{n} rows; at most {MAX_INPUTS}", "weights")

    @property
    def binary(self) -> bool:
        """Every unit is a step: outputs are exactly 0 or 1, written as ints."""
        return all(unit.activation == "step" for unit in self.network.units)

    def __call__(self, x):
        """The output for one row of inputs, or for rows at once (an array)."""
        return self.network(x)

    @property
    def implements(self) -> list[str]:
        """The built-in gates whose truth table this one reproduces (``[]`` for none)."""
        return implemented_gates(self.network)

    @property
    def truth_table(self) -> TruthTable:
        """Every 0/1 input row and the output; ``explained()`` adds the sums and hidden units."""
        return TruthTable(*truth_columns([self]))

    def explained(self) -> TruthTable:
        """The truth table with every unit's weighted sum and every hidden output."""
        return TruthTable(*truth_columns([self], explain=True))

    def explain(self) -> str:
        """The text of `actviz gate --explain`: each perceptron's weights and bias, then the
        rows with their sums and hidden outputs."""
        import io

        from actviz.tables import write_records

        out = io.StringIO()
        headers, rows = truth_columns([self], explain=True)
        out.write("\n".join(explain_lines(self)) + "\n\n")
        write_records(out, headers, terminal_cells(rows), "table")
        if not self.builtin:
            out.write(f"The perceptron {implements_text(self)}.\n")
        return out.getvalue()

    def plane(self, lang: str = "en"):
        """The input plane as a figure description (render.Decision): regions, inputs, lines;
        titled in ``lang`` (see actviz.languages)."""
        from actviz.render import Decision

        return Decision(**plane(self, lang))

    def hidden_plane(self, lang: str = "en"):
        """The plane of the hidden units' outputs as a figure description (render.Decision):
        where the inputs land there, and the output unit's line (see ``hidden_plane``)."""
        from actviz.render import Decision

        return Decision(**hidden_plane(self, lang))

    _FIGURE_KEYWORDS = ("title", "size", "dpi", "font", "style", "linewidth", "font_size", "lang")

    def plot(self, ax=None, hidden: bool = False, **figure):
        """The input plane, as `actviz gate --plot` draws it, or with ``hidden`` the plane
        of the two hidden units (`gate xor --hidden --plot`): a new Figure, or into ``ax``
        (then returned). Only for gates of two inputs, and with ``hidden`` two layers.
        The figure options of `gate --plot` are keywords: ``title``, ``size``, ``dpi``,
        ``font``, ``style``, ``linewidth``, ``font_size``, ``lang`` (see actviz.figure.FigureOptions)."""
        if self.network.n_inputs != 2:
            raise PerceptronError(f"a plane shows two inputs, and {subject(self)} takes {self.network.n_inputs}")
        import dataclasses

        from actviz import render
        from actviz.figure import FigureOptions

        options = FigureOptions(**{key: figure.pop(key) for key in self._FIGURE_KEYWORDS if key in figure})
        if figure:
            raise TypeError(f"plot() got an unexpected keyword argument {next(iter(figure))!r}")
        render.check_style(options, render.PLANE_SIZE)
        plane = self.hidden_plane(options.lang) if hidden else self.plane(options.lang)
        decision = dataclasses.replace(plane, options=options)
        if ax is not None:
            return render.decision_into(ax, decision)
        return described_plane(render.decision_figure(decision), self, hidden, decision)

    def __repr__(self) -> str:
        return f"<LogicGate {title(self)}>"

    def _repr_html_(self) -> str:
        from actviz.notebook import logic_gate_html

        return logic_gate_html(self)


class HiddenPlaneError(PerceptronError):
    """A hidden plane asked of a unit without one: one layer, or not two hidden units;
    ``option`` is "hidden"."""


@dataclass(frozen=True)
class TruthTable:
    """A truth table's headers and rows (inputs, then outputs), as `actviz gate` prints it."""

    headers: Sequence[str]
    rows: Sequence[Sequence]

    def to_text(self) -> str:
        return self._text("table", terminal_cells(self.rows))

    def to_csv(self) -> str:
        return self._text("csv", self.rows)

    def to_tsv(self) -> str:
        return self._text("tsv", self.rows)

    def _text(self, fmt: str, rows) -> str:
        import io

        from actviz.tables import write_records

        out = io.StringIO()
        write_records(out, list(self.headers), rows, fmt)
        return out.getvalue()

    def _repr_html_(self) -> str:
        from actviz.notebook import truth_table_html

        return truth_table_html(self)


def gate(name: str, activation: Optional[str] = None, **params) -> LogicGate:
    """The built-in gate ``name`` (and, or, nand, nor, xor, xnor, not; any case), with the
    book's weights; with ``activation`` every unit uses it instead of step.

        >>> actviz.gate("xor").truth_table.rows    # doctest: +SKIP
        [[0, 0, 0], [0, 1, 1], [1, 0, 1], [1, 1, 0]]

    Other keywords are the activation's parameters (``alpha=0.1``), so they need an
    ``activation`` that takes them: the book's step takes none. "all", which names every
    gate on the command line, is a UsageError here: this makes one gate.
    """
    if str(name).strip().lower() == "all":
        every = ", ".join(repr(g.lower()) for g in gate_names())
        raise UsageError(f"gate() makes one gate, and 'all' names every one: "
                         f"[actviz.gate(name) for name in ({every})]", "name")
    given = [key for key, value in params.items() if value is not None]  # None: not given
    if given and activation is None:
        raise UsageError(f"{', '.join(given)} set{'s' if len(given) == 1 else ''} activation's parameters, "
                         "and the gates' own step takes none: name an activation that takes them", "activation")
    return gate_entries([name], activation, params)[0]


def perceptron(weights: Sequence[float], bias: float = 0.0, activation: str = "step", **params) -> LogicGate:
    """Your own perceptron y = activation(w·x + b); ``.implements`` names the gate it is."""
    return perceptron_entry(weights, bias, activation, params)


def shown(unit: Union[Perceptron, Network], name: str, builtin: bool) -> LogicGate:
    network = Network(((unit,),)) if isinstance(unit, Perceptron) else unit
    return LogicGate(name, network, builtin)


def chosen_gates(names: Sequence[str]) -> list[str]:
    """The gates named, 'all' expanded and repeats dropped, in the order given.

    An unknown name raises ``UnknownGateError`` (a PerceptronError) with close matches.
    """
    chosen: list[str] = []
    for name in names:
        found = gate_names() if str(name).strip().lower() == "all" else [builtin_gate(name).name]
        chosen += [g for g in found if g not in chosen]
    return chosen


def gate_entries(names: Sequence[str], activation: Optional[str] = None,
                 params: Optional[Mapping[str, object]] = None) -> list[LogicGate]:
    """The named gates (see ``chosen_gates``), each through ``activation`` if one is given."""
    entries = []
    for name in chosen_gates(names):
        unit = builtin_gate(name).network
        if activation is not None:
            unit = with_activation(unit, activation, params)
        entries.append(shown(unit, name, builtin=True))
    return entries


def perceptron_entry(weights: Sequence[float], bias: float, activation: str = "step",
                     params: Optional[Mapping[str, object]] = None) -> LogicGate:
    """The user's own perceptron (--weights, --bias), through any activation."""
    return shown(Perceptron(tuple(weights), bias, activation, params or {}), "perceptron", builtin=False)


def subject(entry: LogicGate) -> str:
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
def truth_columns(entries: Sequence[LogicGate], explain: bool = False) -> Tuple[list[str], list[list]]:
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


def output_header(entry: LogicGate, names: Sequence[str], several: bool) -> str:
    if not several:
        return "y"
    if entry.network.n_inputs < len(names):
        return f"{entry.name}({', '.join(names[: entry.network.n_inputs])})"
    return entry.name


def _entry_headers(entry: LogicGate, names, explain: bool, several: bool) -> list[str]:
    headers = []
    if explain:
        prefix = f"{entry.name}." if several else ""
        for unit in entry.network.unit_names[:-1]:
            headers += [f"{prefix}{unit}_sum", f"{prefix}{unit}"]
        headers.append(f"{prefix}y_sum")
    return headers + [output_header(entry, names, several)]


def _entry_cells(entry: LogicGate, inputs, explain: bool) -> list:
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


def document(entries: Sequence[LogicGate], headers, rows) -> dict:
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


def _layer_names(entry: LogicGate, k: int) -> Tuple[str, ...]:
    names = entry.network.unit_names
    start = sum(len(layer) for layer in entry.network.layers[:k])
    return names[start: start + len(entry.network.layers[k])]


# --- --expect --------------------------------------------------------------------------------------
def expected_gate(entry: LogicGate, name: str) -> str:
    """The built-in name of the gate --expect names; PerceptronError for an unknown gate or
    one that takes another number of inputs than the entry."""
    differences(entry.network, name)
    return builtin_gate(name).name


def mismatch_lines(entry: LogicGate, name: str) -> list[str]:
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


def implements_text(entry: LogicGate) -> str:
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


def title(entry: LogicGate, lang: str = "en") -> str:
    """XOR = AND(NAND(x1, x2), OR(x1, x2)) for a network of gates, else its name and layers;
    a gate of the book named in ``lang`` ("XOR 게이트 = ...")."""
    from actviz.languages import gate_name

    name = gate_name(entry.name, lang) if entry.builtin else entry.name
    composed = _composition(entry)
    if composed:
        return f"{name} = {composed}"
    layers = len(entry.network.layers)
    if layers == 1:
        return f"{name}: y = {formula(entry.network.units[0], input_names(entry.network.n_inputs))}"
    return f"{name}: {layers} layers of {entry.network.units[0].activation} units"


def explain_lines(entry: LogicGate) -> list[str]:
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


def _composition(entry: LogicGate) -> Optional[str]:
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


# --- the input plane, for --plot ------------------------------------------------------------------
def plane_grid(unit: Union[Network, Perceptron], samples: int = 401, box=PLANE) -> np.ndarray:
    """The unit's output on a samples x samples grid over box; row i is the i-th x2 from below."""
    import numpy as np  # only --plot evaluates rows at once; a truth table needs no numpy

    x1 = np.linspace(box[0], box[1], samples)
    x2 = np.linspace(box[2], box[3], samples)
    points = np.stack(np.meshgrid(x1, x2), axis=-1).reshape(-1, 2)
    return np.asarray(unit(points), dtype=np.float64).reshape(samples, samples)


def line_label(entry: LogicGate, name: str, unit: Perceptron) -> str:
    """'s1 (NAND): -0.5*x1 - 0.5*x2 + 0.7 = 0', the line's unit, its gate and its equation."""
    found = implemented_gates(unit)
    who = name if name != "y" else (found[0] if found else entry.name)
    if name != "y" and found:
        who += f" ({found[0]})"
    return f"{who}: {line_equation(unit)}"


def plane(entry: LogicGate, lang: str = "en") -> dict:
    """What --plot draws for a 2-input entry (render.Decision's fields): regions, inputs,
    lines; the title in ``lang``."""
    lines = [(line_label(entry, name, unit), ends)
             for (name, ends), unit in zip(decision_lines(entry.network), entry.network.layers[0])]
    points = [(x1, x2, float(entry.network((x1, x2)))) for x1, x2 in input_rows(2)]
    return dict(title=title(entry, lang), box=PLANE, region=plane_grid(entry.network), points=points, lines=lines)


# --- the hidden plane, for --hidden --plot ----------------------------------------------------------
def hidden_plane(entry: LogicGate, lang: str = "en") -> dict:
    """What --hidden --plot draws (render.Decision's fields): the plane of the last hidden
    layer's two outputs, shaded by what the output unit makes of each point there; the
    inputs where they land, marked by the gate's own answer and labelled with their
    (x1, x2) (inputs that land together share a label); and the output unit's line. For
    XOR, NAND and OR carry (0, 1) and (1, 0) to one point, and one line then parts it
    from (0, 0) and (1, 1): why two layers do what one cannot."""
    network = entry.network
    try:
        landed = hidden_points(network)
    except PerceptronError:
        raise HiddenPlaneError(f"{subject(entry)} is one perceptron, with no hidden layer to draw "
                               "(xor and xnor have one)", "hidden") from None
    names = _layer_names(entry, len(network.layers) - 2)
    if len(names) != 2:
        raise HiddenPlaneError(f"a plane shows two hidden units, and {subject(entry)} has {len(names)}", "hidden")
    output = network.layers[-1][0]
    answers = _answers(entry)
    places: dict[tuple, list] = {}  # a hidden point -> the inputs that land on it
    for row, place in landed:
        places.setdefault(tuple(float(v) for v in place), []).append(row)
    points = [(h1, h2, float(answers[rows[0]])) for (h1, h2), rows in places.items()]
    notes = [" ".join(f"({a},{b})" for a, b in rows) + f" → {answers[rows[0]]}" for rows in places.values()]
    box = _box_around([place for place in places])
    readers = input_names(network.n_inputs)
    axes = tuple(f"{name} = {_unit_text(unit, readers)}" for name, unit in zip(names, network.layers[-2]))
    found = implemented_gates(output)
    who = found[0] if found else "y"
    line = (f"{who}: {weighted_sum_text(output, names)} = 0", decision_line(output, box))
    from actviz.languages import hidden_space

    return dict(title=f"{hidden_space(entry.name, lang)}: y = {_unit_text(output, names)}", box=box,
                region=plane_grid(output, box=box), points=points, lines=[line], notes=notes,
                axes=axes, marks=(f"{entry.name} = 0", f"{entry.name} = 1"))


def _answers(entry: LogicGate) -> dict:
    """Each input row's answer: the built-in gate's definition, else the network's output."""
    if entry.builtin:
        gate = builtin_gate(entry.name)
        return dict(zip(input_rows(gate.n_inputs), gate.expected()))
    return {row: _number(float(entry.network(row)), entry.binary) for row in input_rows(entry.network.n_inputs)}


def _unit_text(unit: Perceptron, readers: Sequence[str]) -> str:
    """NAND(x1, x2) for a unit that is a built-in gate, else its formula."""
    found = implemented_gates(unit)
    return f"{found[0]}({', '.join(readers)})" if found else formula(unit, readers)


def _box_around(places) -> Tuple[float, float, float, float]:
    """PLANE, widened in steps of a half to hold every point with half a unit to spare
    (a hidden layer through tanh, say, reaches -1)."""
    box = list(PLANE)
    for axis in (0, 1):
        values = [place[axis] for place in places]
        box[2 * axis] = min(box[2 * axis], math.floor((min(values) - 0.5) * 2) / 2)
        box[2 * axis + 1] = max(box[2 * axis + 1], math.ceil((max(values) + 0.5) * 2) / 2)
    return tuple(box)


# --- what a plane's file records: the command that draws it and a description ---------------
PLANE_FORMATS = ("png", "svg", "pdf")


def gate_command(entry: LogicGate, hidden: bool = False) -> str:
    """The `actviz gate` command that draws the entry's plane, up to its --plot FILE (see
    ``plane_commands``): `actviz gate and`, `actviz gate --weights 1,1 --bias -1.5`."""
    import shlex

    from actviz.floats import short_text

    unit = entry.network.units[0]
    if entry.builtin:
        words = ["actviz", "gate", entry.name.lower()]
    else:
        words = ["actviz", "gate", "--weights", ",".join(short_text(w) for w in unit.weights),
                 "--bias", short_text(unit.bias)]
    if unit.activation != "step" or unit.params:  # --activation changes every unit alike
        words += ["--activation", unit.activation]
        for key, value in unit.params.items():
            words += [f"--{key}", short_text(value)] if key in ("alpha", "beta") \
                else ["-p", f"{key}={short_text(value)}"]
    if hidden:
        words.append("--hidden")
    return shlex.join(words)


def plane_commands(command: str, options=None) -> dict[str, str]:
    """{format: the command with the figure ``options`` given (a FigureOptions) and --plot
    FILE.format}: a plane's file records where it was written by its format only, so it
    keeps its bytes under any name."""
    command = with_figure_options(command, options)
    return {fmt: f"{command} --plot FILE.{fmt}" for fmt in PLANE_FORMATS}


def with_figure_options(command: str, options=None) -> str:
    """The command with the figure ``options`` given (a FigureOptions, or None) added."""
    if options is None:
        return command
    from actviz.figure import option_words
    from actviz.page import shell_word

    return " ".join([command, *map(shell_word, option_words(options))])


_COUNTS = {1: "one", 2: "two", 3: "three", 4: "four"}


def plane_description(decision, who: str, marked: str) -> str:
    """A plane (a render.Decision) in one plain sentence for screen readers:
    ``Decision regions of the AND perceptron over the plane of x1 from −0.5 to 1.5 and
    x2 from −0.5 to 1.5, with the four inputs marked and its decision line.``"""
    import numpy as np

    from actviz.figure import plain_number

    box = decision.box
    axes = [axis.split(" = ")[0] for axis in decision.axes]
    binary = bool(np.isin(np.asarray(decision.region, dtype=np.float64), (0.0, 1.0)).all())
    lines = sum(ends is not None for _, ends in decision.lines)
    text = (f"{'Decision regions' if binary else 'Output, shaded from low to high,'} of {who} over the plane of "
            f"{axes[0]} from {plain_number(box[0])} to {plain_number(box[1])} and {axes[1]} from "
            f"{plain_number(box[2])} to {plain_number(box[3])}, with {marked}")
    if lines:
        text += f" and {_COUNTS.get(lines, lines)} decision line{'s' if lines > 1 else ''}"
    return text + "."


def plane_subject(entry: LogicGate) -> str:
    """'the AND perceptron', 'the two-layer XOR network through sigmoid', 'the perceptron
    y = step(0.5*x1 + 0.5*x2 - 0.7)'."""
    unit = entry.network.units[0]
    through = "" if unit.activation == "step" else f" through {unit.activation}"
    layers = len(entry.network.layers)
    if not entry.builtin:
        return f"the perceptron y = {formula(unit, input_names(entry.network.n_inputs))}"
    if layers == 1:
        return f"the {entry.name} perceptron{through}"
    return f"the {_COUNTS.get(layers, layers)}-layer {entry.name} network{through}"


def described_plane(figure, entry: LogicGate, hidden: bool, decision):
    """The figure (render.ActvizFigure) of the entry's plane ``decision``, set to record the command that draws it,
    its title and a description; returns it."""
    if hidden:
        who, marked = f"the hidden units of {plane_subject(entry)}", "the inputs marked where they land"
    else:
        who, marked = plane_subject(entry), "the four inputs marked"
    return figure.describe(plane_commands(gate_command(entry, hidden), decision.options),
                           decision.shown_title,
                           plane_description(decision, who, marked))
