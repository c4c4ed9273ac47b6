"""Perceptrons, two-layer networks, the book's logic gates, truth tables, and the learning rule.

A perceptron is the book's ``tmp = np.sum(w*x) + b`` followed by an activation from the
registry (the step function unless told otherwise, so step(0) = 0: ``tmp <= 0 -> 0``).
A network is layers of perceptrons, each reading the outputs of the layer before it.
One row of inputs is worked out in plain Python, rows at once (a plot's plane) in numpy.

    >>> from actviz.perceptrons import gate, truth_table
    >>> [row.output for row in truth_table(gate("xor"))]
    [0.0, 1.0, 1.0, 0.0]

This module knows nothing of click or matplotlib.
"""

from __future__ import annotations

import itertools
import math
from array import array
import numbers
from dataclasses import dataclass, field
from typing import Callable, Mapping, NamedTuple, Optional, Sequence, Tuple, Union

from actviz.activation import canonical_name
from actviz.errors import RunError, UsageError
from actviz.spelling import did_you_mean
from actviz.training_limits import (  # the bounds train() checks, and where it starts
    DEFAULT_EPOCHS, DEFAULT_LR, DEFAULT_SEED, MAX_EPOCHS, MAX_LR)

__all__ = [
    "Perceptron",
    "Network",
    "Gate",
    "Row",
    "Difference",
    "LayerTrace",
    "TrainingResult",
    "PerceptronError",
    "TrainingError",
    "UnknownGateError",
    "gate",
    "gate_names",
    "truth_table",
    "implemented_gates",
    "differences",
    "with_activation",
    "train",
    "linearly_separable",
    "separating_perceptron",
    "decision_line",
    "decision_lines",
]


class PerceptronError(UsageError):
    """Bad weights, inputs, targets or training settings; the message is one line."""


class TrainingError(RunError):
    """Training failed: the weights left float64's range (MAX_LR is there to prevent it)."""


class UnknownGateError(PerceptronError, LookupError):
    """No built-in gate has that name."""


# --- checking what comes in ----------------------------------------------------------------
def input_rows(n: int) -> list[Tuple[int, ...]]:
    """Every input of n zeros and ones, in counting order (00, 01, 10, 11)."""
    return list(itertools.product((0, 1), repeat=n))


def _unit(unit) -> Union[Perceptron, Network]:
    if isinstance(unit, Gate):
        return unit.network
    if isinstance(unit, (Perceptron, Network)):
        return unit
    raise PerceptronError(f"expected a Perceptron, Network or Gate, got {type(unit).__name__}")


def _numbers(value, what: str, kind: str = "numbers"):
    """A float, a tuple of floats (a flat list) or, for anything else, a float64 array.

    Python's own numbers are checked in plain Python, anything else (arrays, rows of
    inputs, strings) as numpy sees it, so that a truth table never needs numpy.
    """
    if isinstance(value, (int, float)):
        return _finite((value,), value, what)[0]
    if isinstance(value, (tuple, list)) and all(isinstance(v, (int, float)) for v in value):
        return _finite(value, value, what)
    import numpy as np

    array = np.asarray(value)
    if array.dtype.kind not in "biuf":  # strings, None, ... (numpy would parse "1")
        raise PerceptronError(f"{what} must be {kind}, got {value!r}")
    array = array.astype(np.float64)
    if not np.all(np.isfinite(array)):
        raise PerceptronError(f"{what} must be finite, got {value!r}")
    return array


def _finite(values, value, what: str) -> Tuple[float, ...]:
    try:
        floats = tuple(map(float, values))
    except OverflowError:  # an int past float64's range
        floats = (math.inf,)
    if not all(map(math.isfinite, floats)):
        raise PerceptronError(f"{what} must be finite, got {value!r}")
    return floats


def _ndim(numbers) -> int:
    return 0 if isinstance(numbers, float) else 1 if isinstance(numbers, tuple) else numbers.ndim


Inputs = Tuple  # one row: a tuple of floats; rows at once: a tuple of columns (float64 arrays)


def _inputs(x, n: int) -> Inputs:
    """Inputs as one row of floats, or, for an array of rows, as that array's columns."""
    x = _numbers(x, "inputs")
    if _ndim(x) == 0:
        x = (x,)
    if _ndim(x) == 1:
        if len(x) != n:
            raise PerceptronError(f"expected {n} inputs, got {len(x)}")
        return tuple(map(float, x))
    if x.shape[-1] != n:
        raise PerceptronError(f"expected {n} inputs, got {x.shape[-1]}")
    return tuple(x[..., i] for i in range(n))


def _one_row(inputs: Inputs) -> bool:
    return isinstance(inputs[0], float)


def _target(target: Target) -> Tuple[str, Tuple[int, ...]]:
    """(name, outputs in counting order) for a gate name, Gate, sequence or mapping."""
    if isinstance(target, str):
        target = gate(target)
    if isinstance(target, Gate):
        return target.name, target.expected()
    if isinstance(target, Mapping):
        n = len(next(iter(target), ()))
        missing = [row for row in input_rows(n) if row not in target]
        if not n or missing or len(target) != 2 ** n:
            raise PerceptronError("a truth table needs one output for every 0/1 row of inputs")
        outputs = [target[row] for row in input_rows(n)]
    else:
        outputs = list(target)
    n = len(outputs).bit_length() - 1
    if len(outputs) < 2 or len(outputs) != 2 ** n:
        raise PerceptronError(f"a truth table has 2, 4, 8, ... outputs, got {len(outputs)}")
    if any(v not in (0, 1) for v in outputs):
        raise PerceptronError(f"target outputs must be 0 or 1, got {outputs}")
    return "custom", tuple(int(v) for v in outputs)


@dataclass(frozen=True)
class Perceptron:
    """y = activation(w·x + b), with the activation's ``params`` (checked by the registry)."""

    weights: Tuple[float, ...]
    bias: float
    activation: str = "step"
    params: Mapping[str, float] = field(default_factory=dict, hash=False)

    def __post_init__(self):
        weights = _numbers(self.weights, "weights")
        if _ndim(weights) != 1:
            raise PerceptronError(f"weights must be a flat list of numbers, got {self.weights!r}")
        if len(weights) == 0:
            raise PerceptronError("a perceptron needs at least one weight")
        if canonical_name(self.activation) == "step" and not self.params:
            name, params = "step", {}  # the default needs no registry (and so no numpy)
        else:
            from actviz.registry import get

            act = get(self.activation)  # UnknownActivationError names the close matches
            name, params = act.name, act.resolve(self.params)  # ParameterError if bad
        object.__setattr__(self, "weights", tuple(float(w) for w in weights))
        bias = _numbers(self.bias, "bias", "a number")
        if _ndim(bias) != 0:
            raise PerceptronError(f"bias must be one number, got {self.bias!r}")
        object.__setattr__(self, "bias", float(bias))
        object.__setattr__(self, "activation", name)
        object.__setattr__(self, "params", params)

    @property
    def n_inputs(self) -> int:
        return len(self.weights)

    def weighted_sum(self, x):
        """w·x + b for one row of inputs (a float) or for rows of inputs (an array)."""
        return self._sum(_inputs(x, self.n_inputs))

    def __call__(self, x):
        return self._output(_inputs(x, self.n_inputs))

    def _sum(self, inputs: Inputs):
        if _one_row(inputs):
            return _weighted_sum(self.weights, inputs, self.bias)
        import numpy as np

        # Huge weights may overflow to inf, which is the correctly rounded sum: no warning.
        with np.errstate(over="ignore"):
            return _weighted_sum(self.weights, inputs, self.bias)

    def _output(self, inputs: Inputs):
        return self._activate(self._sum(inputs))

    def _activate(self, tmp):
        # One row through step is worked out as the book writes it, in plain Python: `actviz
        # gate` must not pay numpy's import (~60 ms, most of its start-up) for a few rows.
        # Every other activation, and rows at once, go through the registry (and numpy);
        # tests/test_perceptron.py checks that _step gives exactly what the registry's step does.
        if self.activation == "step" and isinstance(tmp, float):
            return _step(tmp)
        from actviz.registry import get

        y = get(self.activation)(tmp, **self.params)
        return float(y) if isinstance(y, float) else y  # a numpy float64 for one row


def _weighted_sum(w, x, b):
    # The book's tmp = np.sum(w*x) + b, added as np.sum adds a few numbers: from 0.0, left to
    # right (not Python's sum(), which compensates since 3.12). x is one row of floats or
    # columns of rows (arrays): the same arithmetic either way. train() uses it too.
    tmp = 0.0
    for wi, xi in zip(w, x):
        tmp += wi * xi
    return tmp + b


def _step(tmp: float) -> float:
    """The book's 0 if tmp <= 0 else 1, as a float; nan stays nan, as in the registry."""
    if tmp != tmp:
        return tmp
    return 0.0 if tmp <= 0 else 1.0


class LayerTrace(NamedTuple):
    """One layer of a network at one row of inputs: each unit's name, w·x + b and output."""

    names: Tuple[str, ...]
    sums: Tuple[float, ...]
    outputs: Tuple[float, ...]


@dataclass(frozen=True)
class Network:
    """Layers of perceptrons; the first reads the inputs, the last is one output unit.

    ``hidden_names`` name the units of every layer but the last, in order (s1, s2, ...
    unless given), as the book's figure for XOR does.
    """

    layers: Tuple[Tuple[Perceptron, ...], ...]
    hidden_names: Tuple[str, ...] = ()

    def __post_init__(self):
        layers = tuple(tuple(layer) for layer in self.layers)
        if not layers or not all(layers):
            raise PerceptronError("a network needs at least one layer, and every layer a unit")
        if len(layers[-1]) != 1:
            raise PerceptronError(f"the last layer must be one unit, got {len(layers[-1])}")
        for k, layer in enumerate(layers):
            fan_in = len(layers[k - 1]) if k else layers[0][0].n_inputs
            for i, unit in enumerate(layer):
                if not isinstance(unit, Perceptron):
                    raise PerceptronError(f"layer {k + 1} unit {i + 1} is not a Perceptron")
                if unit.n_inputs != fan_in:
                    raise PerceptronError(
                        f"layer {k + 1} unit {i + 1} has {unit.n_inputs} weight(s), "
                        f"expected {fan_in}"
                    )
        n_hidden = sum(len(layer) for layer in layers[:-1])
        names = tuple(self.hidden_names) or tuple(f"s{i + 1}" for i in range(n_hidden))
        if len(names) != n_hidden:
            raise PerceptronError(f"expected {n_hidden} hidden names, got {len(names)}")
        object.__setattr__(self, "layers", layers)
        object.__setattr__(self, "hidden_names", names)

    @property
    def n_inputs(self) -> int:
        return self.layers[0][0].n_inputs

    @property
    def units(self) -> Tuple[Perceptron, ...]:
        """Every perceptron, layer by layer."""
        return tuple(unit for layer in self.layers for unit in layer)

    @property
    def unit_names(self) -> Tuple[str, ...]:
        """The name of each of ``units``: the hidden names, then y for the output."""
        return self.hidden_names + ("y",)

    def __call__(self, x):
        h = _inputs(x, self.n_inputs)
        for layer in self.layers:
            h = tuple(unit._output(h) for unit in layer)
        return h[0]

    def trace(self, x) -> Tuple[LayerTrace, ...]:
        """Every layer's weighted sums and outputs for one row of inputs (for --explain)."""
        h = _inputs(x, self.n_inputs)
        if not _one_row(h):
            raise PerceptronError("trace takes one row of inputs")
        names = list(self.unit_names)
        traces = []
        for layer in self.layers:
            sums = tuple(unit._sum(h) for unit in layer)
            outputs = tuple(unit._activate(s) for unit, s in zip(layer, sums))
            traces.append(LayerTrace(tuple(names[: len(layer)]), sums, outputs))
            del names[: len(layer)]
            h = outputs
        return tuple(traces)


@dataclass(frozen=True)
class Gate:
    """A built-in gate: its network and the Boolean ``definition`` it should compute.

    ``definition`` (a function of 0/1 ints) is only what the network is checked against;
    the network never calls it. A Perceptron given as ``network`` is a one-layer network.
    """

    name: str
    network: Network
    definition: Callable[..., int] = field(compare=False)

    def __post_init__(self):
        if isinstance(self.network, Perceptron):
            object.__setattr__(self, "network", Network(((self.network,),)))

    @property
    def n_inputs(self) -> int:
        return self.network.n_inputs

    @property
    def hidden_names(self) -> Tuple[str, ...]:
        return self.network.hidden_names

    def __call__(self, x):
        return self.network(x)

    def expected(self) -> Tuple[int, ...]:
        """The definition's outputs, rows in counting order (00, 01, 10, 11)."""
        return tuple(int(self.definition(*row)) for row in input_rows(self.n_inputs))


# --- the book's gates (ch. 2): y = step(w·x + b), Perceptron(w, b) ----------------------
AND = Perceptron((0.5, 0.5), -0.7)
NAND = Perceptron((-0.5, -0.5), 0.7)
OR = Perceptron((0.5, 0.5), -0.2)
NOR = Perceptron((-0.5, -0.5), 0.2)  # not in the book: OR with every sign flipped
NOT = Perceptron((-1.0,), 0.5)  # not in the book: fires only when its one input is 0

# One line cannot split XOR's 1s from its 0s (sec. 2.4), two layers can (sec. 2.5):
XOR = Network(((NAND, OR), (AND,)), hidden_names=("s1", "s2"))  # the book's AND(NAND, OR)
XNOR = Network(((AND, NOR), (OR,)), hidden_names=("s1", "s2"))  # OR(AND, NOR): both 1 or both 0

GATES = {g.name: g for g in (
    Gate("AND", AND, lambda a, b: a & b),
    Gate("OR", OR, lambda a, b: a | b),
    Gate("NAND", NAND, lambda a, b: 1 - (a & b)),
    Gate("NOR", NOR, lambda a, b: 1 - (a | b)),
    Gate("XOR", XOR, lambda a, b: a ^ b),
    Gate("XNOR", XNOR, lambda a, b: 1 - (a ^ b)),
    Gate("NOT", NOT, lambda a: 1 - a),
)}


def gate_names() -> list[str]:
    """AND, OR, NAND, NOR, XOR, XNOR, NOT: the order ``all`` should show them in."""
    return list(GATES)


def gate(name: str) -> Gate:
    """The built-in gate called ``name`` (any case)."""
    key = str(name).strip().upper()
    if key in GATES:
        return GATES[key]
    hint = did_you_mean(key, list(GATES), cutoff=0.5, quote=False)
    raise UnknownGateError(f"unknown gate {name!r}{'; ' + hint if hint else ''} (gates: {', '.join(GATES)})")


# --- truth tables ------------------------------------------------------------------------
Unit = Union[Perceptron, Network, Gate]


def with_activation(unit: Unit, activation: str, params: Optional[Mapping[str, object]] = None
                    ) -> Union[Perceptron, Network]:
    """The same weights and biases with every unit's activation replaced (sigmoid, say).

    Every layer changes, as in the book's step from perceptrons to neural networks (ch. 3):
    a sigmoid hidden layer passes real values, not 0s and 1s, to the next layer.
    """
    unit = _unit(unit)
    params = dict(params or {})
    if isinstance(unit, Perceptron):
        return Perceptron(unit.weights, unit.bias, activation, params)
    layers = tuple(
        tuple(Perceptron(p.weights, p.bias, activation, params) for p in layer)
        for layer in unit.layers
    )
    return Network(layers, unit.hidden_names)


class Row(NamedTuple):
    inputs: Tuple[int, ...]
    output: float


class Difference(NamedTuple):
    inputs: Tuple[int, ...]
    got: float
    expected: int


def truth_table(unit: Unit, n_inputs: Optional[int] = None) -> list[Row]:
    """Every 0/1 input row in counting order (00, 01, 10, 11) with the unit's output."""
    unit = _unit(unit)
    if n_inputs is not None and n_inputs != unit.n_inputs:
        raise PerceptronError(f"expected {n_inputs} inputs, the unit takes {unit.n_inputs}")
    return [Row(row, float(unit(row))) for row in input_rows(unit.n_inputs)]


def implemented_gates(unit: Unit) -> list[str]:
    """The built-in gates with the same input count whose table the unit reproduces.

    Outputs must equal 0.0 and 1.0 exactly: a sigmoid unit's 0.57 is not a 1, so real-valued
    activations implement nothing unless they happen to give exact 0s and 1s (relu can).
    """
    unit = _unit(unit)
    outputs = [row.output for row in truth_table(unit)]
    return [
        g.name for g in GATES.values()
        if g.n_inputs == unit.n_inputs and list(g.expected()) == outputs
    ]


def differences(unit: Unit, gate_name: str) -> list[Difference]:
    """The rows where the unit's output is not ``gate_name``'s (empty: it implements it)."""
    unit, target = _unit(unit), gate(gate_name)
    if unit.n_inputs != target.n_inputs:
        what = "weights" if isinstance(unit, Perceptron) else "inputs"
        raise PerceptronError(
            f"expected {target.n_inputs} {what} for {target.name}, got {unit.n_inputs}"
        )
    return [
        Difference(row.inputs, row.output, want)
        for row, want in zip(truth_table(unit), target.expected())
        if row.output != want
    ]


# --- the perceptron learning rule ----------------------------------------------------------
Target = Union[str, Gate, Sequence[int], Mapping[Tuple[int, ...], int]]


@dataclass(frozen=True)
class TrainingResult:
    """What train() learned: mistakes per epoch, final weights and bias, and whether it fit.

    ``history`` holds the (weights, bias) after each epoch, ``errors`` its mistakes;
    ``start`` the (weights, bias) training began from.
    ``epoch`` is the first epoch (1-based) without a mistake, None if there was none.
    ``cycle`` is (earlier, last) when training stopped because the weights and bias after
    the last epoch are those after an earlier one (0: the start): every epoch after that
    would repeat one before it, so it can never converge. None otherwise.
    ``states`` is the history packed flat (w1, ..., wn, b after epoch 1, then epoch 2, ...):
    8 bytes a number, so a long run's history costs little memory.
    """

    target: str
    errors: Tuple[int, ...]
    weights: Tuple[float, ...]
    bias: float
    converged: bool
    epoch: Optional[int]
    cycle: Optional[Tuple[int, int]] = None
    states: Sequence[float] = field(default_factory=lambda: array("d"), repr=False, hash=False)
    start: Optional[Tuple[Tuple[float, ...], float]] = None

    @property
    def perceptron(self) -> Perceptron:
        return Perceptron(self.weights, self.bias)

    @property
    def history(self) -> Tuple[Tuple[Tuple[float, ...], float], ...]:
        return tuple((tuple(state[:-1]), state[-1]) for state in zip(*self.state_columns()))

    def state_columns(self) -> list[Sequence[float]]:
        """[w1 after each epoch, ..., wn after each epoch, bias after each epoch]."""
        k = len(self.weights) + 1
        return [self.states[i::k] for i in range(k)]


def train(target: Target, epochs: int = DEFAULT_EPOCHS, lr: float = DEFAULT_LR, seed: Optional[int] = DEFAULT_SEED
          ) -> TrainingResult:
    """Rosenblatt's rule on one step perceptron: w += lr*(t - y)*x, b += lr*(t - y).

    ``target`` is a gate name, a Gate, outputs in counting order, or {inputs: output}.
    Weights and bias start as 0.01 * standard normal from ``np.random.default_rng(seed)``
    (the book's weight_init_std); rows are visited in counting order every epoch.
    Training stops after the first epoch without a mistake, after ``epochs`` epochs, or
    as soon as the weights and bias after an epoch repeat those after an earlier one: the
    rule is deterministic, so from there it would go round that cycle forever (XOR does
    after a few epochs: its four corrections cancel out). Weights that overflow are a
    TrainingError (MAX_LR keeps them finite); bad settings a PerceptronError.
    """
    if not isinstance(epochs, numbers.Integral) or isinstance(epochs, bool) or not 1 <= epochs <= MAX_EPOCHS:
        raise PerceptronError(f"epochs must be a whole number from 1 to {MAX_EPOCHS}, got {epochs!r}", "epochs")
    if not isinstance(lr, numbers.Real) or not 0 < lr <= MAX_LR:  # nan is neither
        raise PerceptronError(f"lr must be > 0 and at most {MAX_LR:g}, got {lr!r}", "lr")
    if seed is not None and (not isinstance(seed, numbers.Integral) or isinstance(seed, bool) or seed < 0):
        raise PerceptronError(f"seed must be a whole number >= 0, got {seed!r}", "seed")
    import numpy as np  # for its seeded Generator only

    name, targets = _target(target)
    n = len(targets).bit_length() - 1
    rng = np.random.default_rng(seed)
    w = tuple(map(float, 0.01 * rng.standard_normal(n)))
    b = float(0.01 * rng.standard_normal())
    # The states after each epoch are kept packed (states) and known by their hash only
    # (seen): a hash seen before is checked against the states, which finds the earlier
    # epoch or tells a collision apart. A few dozen bytes an epoch, not a dict of tuples.
    start = (w, b)
    seen = {hash(start)}
    errors, states = [], array("d")
    cycle = None
    for epoch, (mistakes, w, b) in enumerate(itertools.islice(_epochs(zip(input_rows(n), targets), w, b, lr), epochs), 1):
        errors.append(mistakes)
        states.extend(w)
        states.append(b)
        if not all(map(math.isfinite, (*w, b))):  # inf, and then inf - inf = nan
            raise TrainingError(
                f"training {name}: the weights passed float64's range in epoch {epoch} "
                f"(lr {lr:g}); a smaller lr keeps them finite"
            )
        if mistakes == 0:
            break
        key = hash((w, b))
        if key in seen:
            earlier = _first_epoch_at(start, states, (w, b))
            if earlier is not None:
                cycle = (earlier, epoch)
                break
        seen.add(key)
    converged = errors[-1] == 0
    return TrainingResult(
        name, tuple(errors), tuple(float(v) for v in w), float(b),
        converged, len(errors) if converged else None, cycle, states, start,
    )


def _epochs(rows_and_targets, w, b, lr):
    """The learning rule, epoch after epoch without end: (mistakes, weights, bias) after each.

    w·x + b is _weighted_sum's arithmetic written out (from 0.0, left to right), and a
    correction lr * (t - y) * x is computed as Python computes that expression, so the
    weights are to the bit what the rule as written gives.
    """
    table = tuple(rows_and_targets)
    while True:
        mistakes = 0
        for row, t in table:
            tmp = 0.0
            for wi, xi in zip(w, row):
                tmp += wi * xi
            y = 1 if tmp + b > 0 else 0  # step(0) = 0, as __call__ computes
            if y != t:
                step = lr * (t - y)
                w = tuple([wi + step * xi for wi, xi in zip(w, row)])
                b = b + step
                mistakes += 1
        yield mistakes, w, b


def _first_epoch_at(start, states, state) -> Optional[int]:
    """The first epoch before the last (0: the start) whose weights and bias are ``state``."""
    if start == state:
        return 0
    k = len(state[0]) + 1
    for epoch, packed in enumerate(zip(*(states[i:-k:k] for i in range(k))), 1):
        if (tuple(packed[:-1]), packed[-1]) == state:
            return epoch
    return None


# --- linear separability ---------------------------------------------------------------------
def separating_perceptron(target: Target) -> Optional[Perceptron]:
    """A step perceptron with small whole-number weights computing ``target``, or None.

    Exact, not a heuristic: Muroga (1961) proved that every Boolean function of n inputs one
    perceptron can compute is w·x >= t for whole numbers with |w_i| <= (n+1)^((n+1)/2) / 2^n
    (1 for n = 2), so trying them all decides it. The bias is 0.5 - t. Up to 4 inputs.
    """
    import numpy as np

    _, targets = _target(target)
    n = len(targets).bit_length() - 1
    if n > 4:
        raise PerceptronError(f"separability is checked for up to 4 inputs, got {n}")
    bound = int((n + 1) ** ((n + 1) / 2) / 2 ** n)
    x = np.array(input_rows(n))
    weights = sorted(itertools.product(range(-bound, bound + 1), repeat=n),
                     key=lambda w: sum(map(abs, w)))  # the plainest answer first
    for w in weights:
        sums = x @ np.array(w)
        for t in range(-n * bound, n * bound + 2):
            if tuple((sums >= t).astype(int)) == targets:
                return Perceptron(tuple(float(v) for v in w), 0.5 - t)
    return None


def linearly_separable(target: Target) -> bool:
    """Can one straight line (plane) split the target's 1s from its 0s? Not for XOR, XNOR."""
    return separating_perceptron(target) is not None


# --- decision lines, for plots ---------------------------------------------------------------
Point = Tuple[float, float]
Box = Tuple[float, float, float, float]


def decision_line(perceptron: Perceptron, box: Box = (-0.5, 1.5, -0.5, 1.5)
                  ) -> Optional[Tuple[Point, Point]]:
    """The ends of w1*x1 + w2*x2 + b = 0 inside box (x1_min, x1_max, x2_min, x2_max).

    None when the line misses the box or there is no line (w1 = w2 = 0). The side where
    w·x + b > 0 is where the step perceptron outputs 1.
    """
    if perceptron.n_inputs != 2:
        raise PerceptronError(f"a decision line needs 2 inputs, got {perceptron.n_inputs}")
    import numpy as np

    (w1, w2), b = perceptron.weights, perceptron.bias
    x_min, x_max, y_min, y_max = box
    ends = []
    if w2 != 0:  # where the line crosses the left and right edges
        ends += [(x, -(w1 * x + b) / w2) for x in (x_min, x_max)]
    if w1 != 0:  # and the bottom and top edges
        ends += [(-(w2 * y + b) / w1, y) for y in (y_min, y_max)]
    eps = 1e-12 * max(1.0, *map(abs, box))
    inside = sorted({
        (x, y) for x, y in ends
        if x_min - eps <= x <= x_max + eps and y_min - eps <= y <= y_max + eps
    })
    if len(inside) < 2 or np.allclose(inside[0], inside[-1]):
        return None
    return inside[0], inside[-1]


def hidden_points(unit: Unit) -> list[Tuple[Tuple[int, ...], Tuple[float, ...]]]:
    """Each 0/1 input row and its place in the hidden space: the outputs of the layer
    before the output unit, which are all the output unit sees of it."""
    unit = _unit(unit)
    if isinstance(unit, Perceptron) or len(unit.layers) < 2:
        raise PerceptronError("one perceptron has no hidden layer")
    return [(row, unit.trace(row)[-2].outputs) for row in input_rows(unit.n_inputs)]


def decision_lines(unit: Unit, box: Box = (-0.5, 1.5, -0.5, 1.5)
                   ) -> list[Tuple[str, Optional[Tuple[Point, Point]]]]:
    """(name, decision_line) for each first-layer unit of a 2-input unit: s1, s2 or y."""
    unit = _unit(unit)
    if isinstance(unit, Perceptron):
        return [("y", decision_line(unit, box))]
    first = unit.layers[0]
    names = unit.hidden_names[: len(first)] if len(unit.layers) > 1 else ("y",)
    return [(name, decision_line(p, box)) for name, p in zip(names, first)]
