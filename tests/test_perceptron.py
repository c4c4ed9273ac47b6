import itertools
import math
import struct
import subprocess
import sys
import warnings

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from boolean_gates import BOOLEAN, expected_outputs

from actviz.activation import ParameterError, UnknownActivationError
from actviz.perceptrons import (
    Difference,
    Network,
    Perceptron,
    PerceptronError,
    TrainingError,
    Row,
    UnknownGateError,
    _step,
    decision_line,
    decision_lines,
    differences,
    gate,
    gate_names,
    implemented_gates,
    linearly_separable,
    separating_perceptron,
    train,
    truth_table,
    with_activation,
)

SEPARABLE = ["AND", "OR", "NAND", "NOR", "NOT"]


# --- the built-in gates ---------------------------------------------------------------------
def test_gate_names_in_order():
    assert gate_names() == ["AND", "OR", "NAND", "NOR", "XOR", "XNOR", "NOT"]


@pytest.mark.parametrize("name", list(BOOLEAN))
def test_every_gate_matches_its_boolean_definition(name):
    g = gate(name)
    assert [row.output for row in truth_table(g)] == expected_outputs(name)
    assert list(g.expected()) == expected_outputs(name)
    assert implemented_gates(g) == [name]
    assert differences(g, name) == []


def test_the_book_weights():
    assert gate("AND").network.layers[0][0] == Perceptron((0.5, 0.5), -0.7)
    assert gate("NAND").network.layers[0][0] == Perceptron((-0.5, -0.5), 0.7)
    assert gate("OR").network.layers[0][0] == Perceptron((0.5, 0.5), -0.2)


def test_truth_table_rows_in_counting_order():
    table = truth_table(gate("and"), 2)
    assert table == [Row((0, 0), 0.0), Row((0, 1), 0.0), Row((1, 0), 0.0), Row((1, 1), 1.0)]
    assert [row.inputs for row in truth_table(gate("NOT"))] == [(0,), (1,)]


def test_xor_is_a_real_two_layer_network_of_nand_and_or():
    xor = gate("XOR")
    assert [row.output for row in truth_table(xor)] == [0.0, 1.0, 1.0, 0.0]
    assert len(xor.network.layers) == 2
    assert xor.hidden_names == ("s1", "s2")
    s1, s2 = xor.network.layers[0]
    assert implemented_gates(s1) == ["NAND"]
    assert implemented_gates(s2) == ["OR"]
    assert implemented_gates(xor.network.layers[1][0]) == ["AND"]
    assert xor.network.units == (s1, s2, xor.network.layers[1][0])
    assert xor.network.unit_names == ("s1", "s2", "y")
    assert gate("AND").network.unit_names == ("y",)


def test_xnor_is_a_two_layer_network():
    xnor = gate("XNOR")
    assert len(xnor.network.layers) == 2
    hidden = [implemented_gates(unit) for unit in xnor.network.layers[0]]
    assert hidden == [["AND"], ["NOR"]]
    assert implemented_gates(xnor.network.layers[1][0]) == ["OR"]


def test_xor_trace_matches_the_books_figure():
    # x1 x2 | s1 s2 | y   (the book's table for XOR through NAND and OR)
    book = {
        (0, 0): (1, 0, 0),
        (1, 0): (1, 1, 1),
        (0, 1): (1, 1, 1),
        (1, 1): (0, 1, 0),
    }
    xor = gate("XOR").network
    for x, (s1, s2, y) in book.items():
        hidden, out = xor.trace(x)
        assert hidden.names == ("s1", "s2") and out.names == ("y",)
        assert hidden.outputs == (s1, s2)
        assert out.outputs == (y,)
        assert hidden.sums == pytest.approx(
            (-0.5 * x[0] - 0.5 * x[1] + 0.7, 0.5 * x[0] + 0.5 * x[1] - 0.2)
        )
        assert out.sums == pytest.approx((0.5 * s1 + 0.5 * s2 - 0.7,))


def test_networks_evaluate_rows_at_once():
    rows = np.array(list(itertools.product((0, 1), repeat=2)))
    assert gate("XOR")(rows).tolist() == [0.0, 1.0, 1.0, 0.0]
    assert gate("XOR")((1, 0)) == 1.0


def test_gate_lookup_is_case_insensitive():
    assert gate(" xor ") is gate("XOR") is gate("Xor")


def test_unknown_gate_suggests_close_names():
    with pytest.raises(UnknownGateError, match=r"unknown gate 'xro'; did you mean XOR") as info:
        gate("xro")
    assert isinstance(info.value, ValueError)
    with pytest.raises(UnknownGateError, match="gates: AND, OR, NAND, NOR, XOR, XNOR, NOT"):
        gate("majority")


# --- custom perceptrons -----------------------------------------------------------------------
def test_custom_perceptrons_and_what_they_implement():
    assert implemented_gates(Perceptron((0.5, 0.5), -0.7)) == ["AND"]
    assert implemented_gates(Perceptron((1, 1), -1.5)) == ["AND"]
    assert implemented_gates(Perceptron((1, 1), -0.5)) == ["OR"]
    # b = 0.5 makes the sum positive on every row: always 1, which is no built-in gate
    assert [row.output for row in truth_table(Perceptron((1, 1), 0.5))] == [1.0] * 4
    assert implemented_gates(Perceptron((1, 1), 0.5)) == []
    assert implemented_gates(Perceptron((-2.0,), 1.0)) == ["NOT"]
    assert implemented_gates(Perceptron((1, 1, 1), -2.5)) == []  # no 3-input gates


def test_step_of_zero_is_zero():
    # w·x + b = 0 exactly at (0, 0): the book's tmp <= 0 -> 0
    p = Perceptron((1.0, 1.0), 0.0)
    assert p.weighted_sum((0, 0)) == 0.0
    assert p((0, 0)) == 0.0


def test_differences_lists_the_rows_that_differ():
    got = differences(Perceptron((1, 1), -0.5), "and")
    assert got == [Difference((0, 1), 1.0, 0), Difference((1, 0), 1.0, 0)]
    assert differences(Perceptron((1, 1), -1.5), "AND") == []


def test_differences_needs_matching_input_count():
    with pytest.raises(PerceptronError, match="^expected 2 weights for XOR, got 3$"):
        differences(Perceptron((1, 1, 1), 0), "XOR")
    with pytest.raises(PerceptronError, match="^expected 1 weights for NOT, got 2$"):
        differences(Perceptron((1, 1), 0), "not")


def test_sigmoid_perceptron_gives_real_values():
    p = Perceptron((0.5, 0.5), -0.7, activation="sigmoid")
    assert p((1, 1)) == pytest.approx(1 / (1 + math.exp(-0.3)))
    outputs = [row.output for row in truth_table(p)]
    assert all(0 < y < 1 for y in outputs)
    assert implemented_gates(p) == []  # 0.57 is not a 1: no thresholding at 0.5
    assert len(differences(p, "AND")) == 4


def test_real_valued_activation_counts_when_outputs_are_exactly_0_and_1():
    assert implemented_gates(Perceptron((1, 1), -1, activation="relu")) == ["AND"]


def test_activation_names_and_params_go_through_the_registry():
    assert Perceptron((1, 1), 0, activation="Leaky-ReLU").params == {"alpha": 0.1}
    assert Perceptron((1, 1), 0, "relu", {"alpha": 0.5})((-1, 0)) == -0.5
    with pytest.raises(UnknownActivationError, match="sigmoid"):
        Perceptron((1, 1), 0, activation="sigmod")
    with pytest.raises(ParameterError):
        Perceptron((1, 1), 0, activation="relu", params={"beta": 1})


def test_perceptrons_are_frozen_and_hashable():
    p = Perceptron([0.5, 0.5], -0.7)
    assert p.weights == (0.5, 0.5) and p == Perceptron((0.5, 0.5), -0.7)
    assert len({p, Perceptron((0.5, 0.5), -0.7)}) == 1
    with pytest.raises(AttributeError):
        p.bias = 0.0  # type: ignore[misc]


def test_network_hidden_names_default_to_s1_s2():
    net = Network(((gate("NAND").network.layers[0][0], Perceptron((0.5, 0.5), -0.2)),
                   (Perceptron((0.5, 0.5), -0.7),)))
    assert net.hidden_names == ("s1", "s2")
    assert implemented_gates(net) == ["XOR"]


# --- input checks -------------------------------------------------------------------------------
@pytest.mark.parametrize("make, message", [
    (lambda: Perceptron((1, "a"), 0), "^weights must be numbers"),
    (lambda: Perceptron((), 0), "^a perceptron needs at least one weight$"),
    (lambda: Perceptron((1, 1), None), "^bias must be a number, got None$"),
    (lambda: Perceptron((1, 1), 0)(("1", "0")), "^inputs must be numbers"),
    (lambda: Perceptron((1, 1), 0)((1, None)), "^inputs must be numbers"),
    (lambda: Perceptron((1, 1), 0)((1, math.nan)), "^inputs must be finite"),
    (lambda: Perceptron((1, 1), 0)((1, 0, 1)), "^expected 2 inputs, got 3$"),
    (lambda: gate("XOR")((1,)), "^expected 2 inputs, got 1$"),
    (lambda: Network(((gate("NOT").network.layers[0][0],), (Perceptron((1, 1), 0),))),
     "^layer 2 unit 1 has 2 weight"),
    (lambda: Network(((Perceptron((1, 1), 0), Perceptron((1, 1), 0)),)),
     "^the last layer must be one unit, got 2$"),
    (lambda: truth_table("AND"), "^expected a Perceptron, Network or Gate, got str$"),
    (lambda: train("AND", epochs=0), "^epochs must be a whole number from 1 to 100000, got 0$"),
    (lambda: train("AND", epochs=2.5), "^epochs must be a whole number from 1 to 100000"),
    (lambda: train("AND", epochs=100_001), "^epochs must be a whole number from 1 to 100000"),
    (lambda: train("AND", lr=0), "^lr must be > 0 and at most 1e\\+06, got 0$"),
    (lambda: train("AND", lr=-0.1), "^lr must be > 0 and at most 1e\\+06"),
    (lambda: train("AND", lr=math.nan), "^lr must be > 0 and at most 1e\\+06, got nan"),
    (lambda: train("AND", lr=1e7), "^lr must be > 0 and at most 1e\\+06"),
    (lambda: train("AND", seed=-1), "^seed must be a whole number >= 0, got -1$"),
    (lambda: train([0, 1, 1]), "^a truth table has 2, 4, 8, ... outputs, got 3$"),
    (lambda: train([0, 1, 2, 1]), "^target outputs must be 0 or 1"),
    (lambda: train({(0, 0): 1}), "^a truth table needs one output for every"),
    (lambda: decision_line(Perceptron((1.0,), 0)), "^a decision line needs 2 inputs, got 1$"),
])
def test_clear_one_line_errors(make, message):
    with pytest.raises(PerceptronError, match=message) as info:
        make()
    assert "\n" not in str(info.value)


# --- the learning rule --------------------------------------------------------------------------
@pytest.mark.parametrize("name", SEPARABLE)
def test_training_converges_for_separable_gates(name):
    result = train(name, epochs=100, lr=0.1, seed=0)
    assert result.converged and result.target == name
    assert result.epoch == len(result.errors) and result.errors[-1] == 0
    assert all(e > 0 for e in result.errors[:-1])
    assert len(result.history) == len(result.errors) and result.history[-1] == (result.weights, result.bias)
    assert result.history[-2] == result.history[-1]  # the clean last epoch changed nothing
    assert name in implemented_gates(result.perceptron)
    assert linearly_separable(name)


@pytest.mark.parametrize("name", ["XOR", "XNOR"])
def test_training_does_not_converge_for_xor_and_xnor(name):
    result = train(name, epochs=200)
    assert not result.converged and result.epoch is None
    assert min(result.errors) > 0
    assert name not in implemented_gates(result.perceptron)
    assert not linearly_separable(name) and separating_perceptron(name) is None


@pytest.mark.parametrize("name, lr, seed", [("XOR", 0.1, 0), ("XNOR", 0.1, 3), ("XOR", 0.001, 3),
                                            ("XNOR", 0.001, 3), ("XOR", 1.0, 7)])
def test_training_stops_when_the_weights_go_round_a_cycle(name, lr, seed):
    result = train(name, epochs=10 ** 5, lr=lr, seed=seed)  # it used to run every epoch
    earlier, last = result.cycle
    assert 0 < earlier < last == len(result.errors) < 100
    assert not result.converged
    # The cycle is real: training for `earlier` epochs ends where training for `last` did,
    # and the epochs after that make the same mistakes as the cycle's.
    before = train(name, epochs=earlier, lr=lr, seed=seed)
    assert (before.weights, before.bias) == (result.weights, result.bias)
    assert before.cycle is None and before.errors == result.errors[:earlier]


def test_weights_that_overflow_stop_training_with_one_clear_error(monkeypatch):
    monkeypatch.setattr("actviz.perceptrons.MAX_LR", math.inf)  # past the bound that prevents it
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # and no numpy warning on the way
        with pytest.raises(TrainingError) as info:
            train("AND", lr=1e308)
    assert str(info.value) == ("training AND: the weights passed float64's range in epoch 2 (lr 1e+308); "
                               "a smaller lr keeps them finite")
    result = train("AND", lr=1e300)  # large, but every weight stays finite: it converges
    assert result.converged and all(map(math.isfinite, (*result.weights, result.bias)))


def test_a_learning_rate_lost_to_rounding_is_a_cycle_back_to_the_start():
    result = train("AND", lr=1e-20)  # w + 1e-20 == w for weights near 0.01
    assert result.cycle == (0, 1) and result.errors == (3,) and not result.converged


def test_training_is_deterministic_for_a_seed():
    assert train("AND", seed=3) == train("AND", seed=3)
    assert train("AND", seed=3).weights != train("AND", seed=4).weights


def test_training_takes_truth_tables():
    by_list = train([0, 0, 0, 1])
    by_dict = train({(0, 0): 0, (0, 1): 0, (1, 0): 0, (1, 1): 1})
    assert by_list.target == by_dict.target == "custom"
    assert by_list.weights == by_dict.weights == train("AND").weights


def test_training_stops_early_only_on_a_clean_epoch():
    result = train("AND", epochs=1)
    assert len(result.errors) == 1 and not result.converged


# --- linear separability ------------------------------------------------------------------------
def test_only_xor_and_xnor_of_the_16_two_input_functions_are_not_separable():
    not_separable = [
        table for table in itertools.product((0, 1), repeat=4)
        if not linearly_separable(table)
    ]
    assert not_separable == [(0, 1, 1, 0), (1, 0, 0, 1)]


def test_separating_perceptron_is_a_witness():
    for name in SEPARABLE:
        witness = separating_perceptron(name)
        assert implemented_gates(witness) == [name]
    assert separating_perceptron("AND") == Perceptron((1.0, 1.0), -1.5)


@pytest.mark.parametrize("n, count", [(1, 4), (2, 14), (3, 104)])
def test_threshold_function_counts(n, count):
    # OEIS A000609: how many Boolean functions of n inputs one perceptron computes
    tables = itertools.product((0, 1), repeat=2 ** n)
    assert sum(linearly_separable(t) for t in tables) == count


# --- decision lines -----------------------------------------------------------------------------
def test_decision_line_ends_on_the_box():
    (a, b) = decision_line(Perceptron((1.0, 1.0), -1.0), box=(0, 2, 0, 2))
    assert a == pytest.approx((0.0, 1.0)) and b == pytest.approx((1.0, 0.0))
    assert decision_line(Perceptron((0.0, 1.0), -0.5), box=(0, 1, 0, 1)) == ((0, 0.5), (1, 0.5))
    assert decision_line(Perceptron((1.0, 0.0), -0.5), box=(0, 1, 0, 1)) == ((0.5, 0), (0.5, 1))
    assert decision_line(Perceptron((1.0, 1.0), -10.0)) is None  # misses the box
    assert decision_line(Perceptron((0.0, 0.0), 1.0)) is None  # no line at all


def test_decision_lines_of_xor_are_its_hidden_units():
    lines = decision_lines(gate("XOR"))
    assert [name for name, _ in lines] == ["s1", "s2"]
    for (_, ends), unit in zip(lines, gate("XOR").network.layers[0]):
        for x1, x2 in ends:
            assert unit.weighted_sum((x1, x2)) == pytest.approx(0.0, abs=1e-12)
    assert [name for name, _ in decision_lines(gate("AND"))] == ["y"]


# --- properties ---------------------------------------------------------------------------------
weights = st.floats(-5, 5, allow_nan=False).map(lambda v: round(v, 3))


@given(w1=weights, w2=weights, b=weights)
def test_any_perceptron_computes_a_separable_function(w1, w2, b):
    p = Perceptron((w1, w2), b)
    table = [row.output for row in truth_table(p)]
    assert linearly_separable(table)
    assert not {"XOR", "XNOR"} & set(implemented_gates(p))
    assert implemented_gates(p) == [
        name for name in BOOLEAN if name != "NOT" and expected_outputs(name) == table
    ]


@settings(max_examples=50, deadline=None)
@given(target=st.tuples(*[st.sampled_from((0, 1))] * 4), seed=st.integers(0, 2 ** 32 - 1))
def test_learning_rule_converges_exactly_when_separable(target, seed):
    result = train(target, epochs=1000, seed=seed)
    assert result.converged == linearly_separable(target)
    assert result.converged != (result.cycle is not None)  # XOR and XNOR end in a cycle
    if result.converged:
        assert tuple(row.output for row in truth_table(result.perceptron)) == target


# --- swapping the activation --------------------------------------------------------------------
def test_with_activation_keeps_weights_and_changes_every_layer():
    xor = with_activation(gate("XOR"), "sigmoid")
    assert isinstance(xor, Network) and xor.hidden_names == ("s1", "s2")
    for layer, book in zip(xor.layers, gate("XOR").network.layers):
        for unit, original in zip(layer, book):
            assert (unit.weights, unit.bias, unit.activation) == (
                original.weights, original.bias, "sigmoid")
    s1, s2 = 1 / (1 + math.exp(-0.7)), 1 / (1 + math.exp(0.2))  # hidden outputs at (0, 0)
    assert xor((0, 0)) == pytest.approx(1 / (1 + math.exp(-(0.5 * s1 + 0.5 * s2 - 0.7))))
    leaky = with_activation(Perceptron((1, 1), 0), "relu", {"alpha": 0.5})
    assert leaky == Perceptron((1, 1), 0, "relu", {"alpha": 0.5}) and leaky((-1, 0)) == -0.5
    assert with_activation(gate("AND"), "step") == gate("AND").network


# --- one row in plain Python, the registry for the rest -------------------------------------------
def bits(value):
    return struct.pack("<d", float(value))


# every float64 bit pattern: both zeros, subnormals, both infinities, nans of any sign and payload
any_float = st.one_of(
    st.floats(),
    st.integers(0, 2 ** 64 - 1).map(lambda n: struct.unpack("<d", struct.pack("<Q", n))[0]),
)


@example(0.0)
@example(-0.0)
@example(math.inf)
@example(-math.inf)
@example(math.nan)
@example(-math.nan)
@example(5e-324)
@example(-5e-324)
@example(2.2250738585072014e-308)
@example(-2.2250738585072014e-308)
@given(tmp=any_float)
def test_plain_python_step_is_the_registrys_step_bit_for_bit(tmp):
    from actviz.registry import get

    assert bits(_step(tmp)) == bits(get("step")(tmp))


finite = st.floats(allow_nan=False, allow_infinity=False)  # huge ones overflow to inf and nan
weights_and_inputs = st.integers(1, 7).flatmap(
    lambda n: st.tuples(st.lists(finite, min_size=n, max_size=n), st.lists(finite, min_size=n, max_size=n))
)


@example(wx=([-0.5, -0.5], [0, 0]), b=-0.0)  # -0.0 products: np.sum starts from +0.0
@example(wx=([-1.0], [0]), b=-0.0)
@example(wx=([1e308, 1e308], [2, -2]), b=0.0)  # inf - inf: nan
@example(wx=([1e308, 1e308], [2, 2]), b=-1e308)  # inf
@example(wx=([5e-324, -5e-324], [1, 0.5]), b=0.0)  # subnormals
@settings(max_examples=300)
@given(wx=weights_and_inputs, b=finite)
def test_one_row_is_numpys_sum_and_the_registrys_step(wx, b):
    # The book's np.sum(w*x) + b, bit for bit (signed zeros, overflow to inf and nan included),
    # and step as the registry computes it on that sum, whichever path a row takes.
    from actviz.registry import get

    w, x = wx
    p = Perceptron(w, b)
    with np.errstate(all="ignore"):
        book = np.sum(np.array(w, dtype=float) * np.array(x, dtype=float)) + b
        assert bits(p.weighted_sum(x)) == bits(book)
        assert bits(p(x)) == bits(get("step")(book))
        assert bits(p(np.array([x]))[0]) == bits(p(x))  # rows at once: numpy and the registry


def test_gate_rows_need_no_numpy():
    code = (
        "import sys\n"
        "from actviz.perceptrons import Perceptron, gate, truth_table, implemented_gates, differences\n"
        "assert [r.output for r in truth_table(gate('xor'))] == [0.0, 1.0, 1.0, 0.0]\n"
        "gate('XNOR').network.trace((1, 1))\n"
        "assert implemented_gates(Perceptron((1, 1), -1.5, 'STEP')) == ['AND']\n"
        "assert differences(Perceptron([1, 1], -0.5), 'or') == []\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'numpy'))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out == "[]\n"


def test_numpy_numbers_are_still_numbers():
    p = Perceptron(np.array([0.5, 0.5]), np.float64(-0.7))
    assert p == gate("AND").network.layers[0][0]
    assert p((np.int64(1), np.True_)) == 1.0 and p(np.array([1, 0])) == 0.0
    assert Perceptron((np.int64(-1),), 0.5)(0) == 1.0
    with pytest.raises(PerceptronError, match="^weights must be a flat list of numbers"):
        Perceptron([[1, 2], [3, 4]], 0)
    with pytest.raises(PerceptronError, match="^bias must be one number"):
        Perceptron((1, 1), [0, 0])
    with pytest.raises(PerceptronError, match="^weights must be finite"):
        Perceptron((10 ** 400, 1), 0)
