"""Property sheets (actviz.properties, `actviz info`, `list --properties`) against facts
derived by hand from each function's mathematics.

The oracle is the table FACTS below, written from the formulas: closed forms where there
are any (sigmoid' = 0.1 where sigmoid = (1 + sqrt 0.6) / 2, so x = 2 atanh(sqrt 0.6)),
and otherwise roots found by mpmath at 30 digits in brackets chosen by hand, from
independent mpmath formulas of f (derivatives by mpmath's own differentiation). Nothing
here is read from the code under test.
"""

import csv
import io
import json
import math
import re

import mpmath as mp
import pytest

import actviz
from actviz.properties import property_sheet
from tests.conftest import one_line_error

inf = math.inf
mp.mp.dps = 30
T, F = True, False


# --- independent formulas, in mpmath ------------------------------------------------------

def gelu(x):
    return x * mp.ncdf(x)


def gelu_tanh(x):
    return x / 2 * (1 + mp.tanh(mp.sqrt(2 / mp.pi) * (x + mp.mpf("0.044715") * x ** 3)))


def silu(x):
    return x / (1 + mp.exp(-x))


def mish(x):
    return x * mp.tanh(mp.log(1 + mp.exp(x)))


def slope(f):
    return lambda x: mp.diff(f, x)


def bend(f):
    return lambda x: mp.diff(f, x, 2)


def root(fn, lo, hi):
    """The root of fn in [lo, hi], where fn changes sign (checked)."""
    assert mp.sign(fn(mp.mpf(lo))) != mp.sign(fn(mp.mpf(hi))), (lo, hi)
    return float(mp.findroot(fn, (mp.mpf(lo), mp.mpf(hi)), solver="anderson"))


def smooth_facts(f, turn_bracket, low_slope_brackets, peak_bracket):
    """Range, turn, max slope and vanishing intervals of gelu, gelu_tanh, silu, mish: each
    falls from 0 (x -> -inf) to one minimum, then rises like x; its f' dips below 0 and
    peaks above 1 once. ``low_slope_brackets`` bracket where f' = -0.1 (if it gets that low)
    and where f' = +0.1."""
    d = slope(f)
    turn = root(d, *turn_bracket)
    peak = root(bend(f), *peak_bracket)
    ends = [root(lambda x, t=t: d(x) - t, lo, hi) for t, lo, hi in low_slope_brackets]
    vanishing = [(-inf, ends[0])] if len(ends) == 1 else [(-inf, ends[0]), (ends[1], ends[2])]
    return dict(range=(float(f(mp.mpf(turn))), inf), closed=(T, F), monotonic="no", turns=[turn],
                max_slope=(float(d(mp.mpf(peak))), [(peak, peak)]), vanishing=vanishing)


LN_9 = math.log(9)  # sigmoid(t) = 0.1 at t = -ln 9
SELU_LA = 1.0507009873554804934 * 1.6732632423543772848  # scale * alpha
W_1_OVER_E = float(mp.lambertw(1 / mp.e))  # silu's minimum: x = -1 - W(1/e), f = -W(1/e)

# Shared by many: a smooth function's C^inf, and the column defaults below.
COMMON = dict(continuity="inf", zero_centred=F, identity=F, turns=[])


def facts(**given):
    return {**COMMON, **given}


# name (and parameters) -> every property, derived from the formula.
FACTS = {
    # 1 if x > 0 else 0: values 0 and 1 both taken; a jump at 0; f' = 0 everywhere.
    ("step", ()): facts(range=(0, 1), closed=(T, T), monotonic="non-decreasing", continuity=-1,
                        saturates=(T, T), max_slope=(0, [(-inf, inf)]), vanishing=[(-inf, inf)]),
    # s' = s(1 - s) <= 1/4 at 0; s' = 0.1 where s = (1 + sqrt .6)/2: x = 2 atanh(sqrt .6).
    ("sigmoid", ()): facts(range=(0, 1), closed=(F, F), monotonic="increasing", saturates=(T, T),
                           max_slope=(0.25, [(0, 0)]),
                           vanishing=[(-inf, -2 * math.atanh(math.sqrt(0.6))),
                                      (2 * math.atanh(math.sqrt(0.6)), inf)]),
    # max(0, x): a corner at 0, flat (f' = 0) to the left.
    ("relu", ()): facts(range=(0, inf), closed=(T, F), monotonic="non-decreasing", continuity=0,
                        saturates=(T, F), max_slope=(1, [(0, inf)]), vanishing=[(-inf, 0)]),
    ("relu", (("alpha", -0.5),)): facts(  # -x/2 for x < 0: down, then up; f >= 0
        range=(0, inf), closed=(T, F), monotonic="no", turns=[0.0], continuity=0, saturates=(F, F),
        max_slope=(1, [(0, inf)]), vanishing=[]),
    ("relu", (("alpha", 1.0),)): facts(  # x everywhere: the identity, smooth
        range=(-inf, inf), closed=(F, F), monotonic="increasing", zero_centred=T, identity=T,
        saturates=(F, F), max_slope=(1, [(-inf, inf)]), vanishing=[]),
    # slope 0.1 on the left: |f'| = 0.1 is not < 0.1, so no vanishing gradient at all.
    ("leaky_relu", ()): facts(range=(-inf, inf), closed=(F, F), monotonic="increasing", continuity=0,
                              zero_centred=T, saturates=(F, F), max_slope=(1, [(0, inf)]), vanishing=[]),
    ("leaky_relu", (("alpha", 0.0),)): facts(range=(0, inf), closed=(T, F), monotonic="non-decreasing",
                                             continuity=0, saturates=(T, F), max_slope=(1, [(0, inf)]),
                                             vanishing=[(-inf, 0)]),
    ("leaky_relu", (("alpha", 0.01),)): facts(range=(-inf, inf), closed=(F, F), monotonic="increasing",
                                              continuity=0, zero_centred=T, saturates=(F, F),
                                              max_slope=(1, [(0, inf)]), vanishing=[(-inf, 0)]),
    ("prelu", ()): facts(range=(-inf, inf), closed=(F, F), monotonic="increasing", continuity=0,
                         zero_centred=T, saturates=(F, F), max_slope=(1, [(0, inf)]), vanishing=[]),
    # slope (1/8 + 1/3)/2 = 11/48 > 0.1 on the left.
    ("rrelu", ()): facts(range=(-inf, inf), closed=(F, F), monotonic="increasing", continuity=0,
                         zero_centred=T, saturates=(F, F), max_slope=(1, [(0, inf)]), vanishing=[]),
    ("rrelu", (("lower", 0.01), ("upper", 0.1))): facts(  # slope 0.055 < 0.1
        range=(-inf, inf), closed=(F, F), monotonic="increasing", continuity=0, zero_centred=T,
        saturates=(F, F), max_slope=(1, [(0, inf)]), vanishing=[(-inf, 0)]),
    ("rrelu", (("lower", 1.0), ("upper", 1.0))): facts(  # slope 1: the identity
        range=(-inf, inf), closed=(F, F), monotonic="increasing", zero_centred=T, identity=T,
        saturates=(F, F), max_slope=(1, [(-inf, inf)]), vanishing=[]),
    ("identity", ()): facts(range=(-inf, inf), closed=(F, F), monotonic="increasing", zero_centred=T,
                            identity=T, saturates=(F, F), max_slope=(1, [(-inf, inf)]), vanishing=[]),
    # tanh' = 1 - tanh^2 = 0.1 where tanh = sqrt .9.
    ("tanh", ()): facts(range=(-1, 1), closed=(F, F), monotonic="increasing", zero_centred=T, identity=T,
                        saturates=(T, T), max_slope=(1, [(0, 0)]),
                        vanishing=[(-inf, -math.atanh(math.sqrt(0.9))), (math.atanh(math.sqrt(0.9)), inf)]),
    ("relu6", ()): facts(range=(0, 6), closed=(T, T), monotonic="non-decreasing", continuity=0,
                         saturates=(T, T), max_slope=(1, [(0, 6)]), vanishing=[(-inf, 0), (6, inf)]),
    ("hardtanh", ()): facts(range=(-1, 1), closed=(T, T), monotonic="non-decreasing", continuity=0,
                            zero_centred=T, identity=T, saturates=(T, T), max_slope=(1, [(-1, 1)]),
                            vanishing=[(-inf, -1), (1, inf)]),
    ("hardtanh", (("min_val", 0.5), ("max_val", 2.0))): facts(  # f(0) = 0.5
        range=(0.5, 2), closed=(T, T), monotonic="non-decreasing", continuity=0, saturates=(T, T),
        max_slope=(1, [(0.5, 2)]), vanishing=[(-inf, 0.5), (2, inf)]),
    # alpha (e^x - 1) -> -alpha; f'(0-) = alpha, f'(0+) = 1: C^1 only at alpha = 1, where
    # f'' jumps from 1 to 0. alpha e^x = 0.1 at x = ln(0.1 / alpha).
    ("elu", ()): facts(range=(-1, inf), closed=(F, F), monotonic="increasing", continuity=1, zero_centred=T,
                       identity=T, saturates=(T, F), max_slope=(1, [(0, inf)]), vanishing=[(-inf, math.log(0.1))]),
    ("elu", (("alpha", 0.5),)): facts(range=(-0.5, inf), closed=(F, F), monotonic="increasing", continuity=0,
                                      zero_centred=T, saturates=(T, F), max_slope=(1, [(0, inf)]),
                                      vanishing=[(-inf, math.log(0.2))]),
    ("elu", (("alpha", 2.0),)): facts(range=(-2, inf), closed=(F, F), monotonic="increasing", continuity=0,
                                      zero_centred=T, saturates=(T, F), max_slope=(2, [(0, 0)]),
                                      vanishing=[(-inf, math.log(0.05))]),
    # scale alpha e^x on the left (1.758 at 0-), scale = 1.0507 on the right: a corner.
    ("selu", ()): facts(range=(-SELU_LA, inf), closed=(F, F), monotonic="increasing", continuity=0,
                        zero_centred=T, saturates=(T, F), max_slope=(SELU_LA, [(0, 0)]),
                        vanishing=[(-inf, math.log(0.1 / SELU_LA))]),
    # e^(x/alpha) on the left: f'(0-) = 1 always, f''(0-) = 1/alpha != 0 = f''(0+): C^1.
    ("celu", ()): facts(range=(-1, inf), closed=(F, F), monotonic="increasing", continuity=1, zero_centred=T,
                        identity=T, saturates=(T, F), max_slope=(1, [(0, inf)]), vanishing=[(-inf, math.log(0.1))]),
    ("celu", (("alpha", 2.0),)): facts(range=(-2, inf), closed=(F, F), monotonic="increasing", continuity=1,
                                       zero_centred=T, identity=T, saturates=(T, F), max_slope=(1, [(0, inf)]),
                                       vanishing=[(-inf, 2 * math.log(0.1))]),
    # alpha = -1: 1 - e^-x on the left, falling to -inf with f' = e^-x growing without bound.
    ("celu", (("alpha", -1.0),)): facts(range=(-inf, inf), closed=(F, F), monotonic="increasing", continuity=1,
                                        zero_centred=T, identity=T, saturates=(F, F),
                                        max_slope=(inf, [(-inf, -inf)]), vanishing=[]),
    # f' = sigmoid(x) -> 1 at +inf only; sigmoid(x) = 0.1 at -ln 9.
    ("softplus", ()): facts(range=(0, inf), closed=(F, F), monotonic="increasing", saturates=(T, F),
                            max_slope=(1, [(inf, inf)]), vanishing=[(-inf, -LN_9)]),
    ("softplus", (("beta", 100.0),)): facts(range=(0, inf), closed=(F, F), monotonic="increasing",
                                            saturates=(T, F), max_slope=(1, [(inf, inf)]),
                                            vanishing=[(-inf, -LN_9 / 100)]),
    ("logsigmoid", ()): facts(range=(-inf, 0), closed=(F, F), monotonic="increasing", saturates=(F, T),
                              max_slope=(1, [(-inf, -inf)]), vanishing=[(LN_9, inf)]),
    # f' = 1/(1 + |x|)^2 (not tanh's 1 - f^2): continuous at 0, f'' = -+2 jumps: C^1.
    ("softsign", ()): facts(range=(-1, 1), closed=(F, F), monotonic="increasing", continuity=1, zero_centred=T,
                            identity=T, saturates=(T, T), max_slope=(1, [(0, 0)]),
                            vanishing=[(-inf, 1 - math.sqrt(10)), (math.sqrt(10) - 1, inf)]),
    ("hardsigmoid", ()): facts(range=(0, 1), closed=(T, T), monotonic="non-decreasing", continuity=0,
                               saturates=(T, T), max_slope=(1 / 6, [(-3, 3)]), vanishing=[(-inf, -3), (3, inf)]),
    # x (x + 3)/6 on (-3, 3): f' = x/3 + 1/2 jumps at -3 (0 to -1/2) and 3 (3/2 to 1); minimum
    # -3/8 at -3/2; |x/3 + 1/2| < 0.1 on (-1.8, -1.2).
    ("hardswish", ()): facts(range=(-0.375, inf), closed=(T, F), monotonic="no", turns=[-1.5], continuity=0,
                             zero_centred=T, saturates=(T, F), max_slope=(1.5, [(3, 3)]),
                             vanishing=[(-inf, -3), (-1.8, -1.2)]),
    # 0 on [-1/2, 1/2], x outside: jumps up at both ends.
    ("hardshrink", ()): facts(range=(-inf, inf), closed=(F, F), monotonic="non-decreasing", continuity=-1,
                              zero_centred=T, saturates=(F, F), max_slope=(1, [(-inf, -0.5), (0.5, inf)]),
                              vanishing=[(-0.5, 0.5)]),
    ("hardshrink", (("lambd", 0.0),)): facts(range=(-inf, inf), closed=(F, F), monotonic="increasing",
                                             zero_centred=T, identity=T, saturates=(F, F),
                                             max_slope=(1, [(-inf, inf)]), vanishing=[]),
    ("softshrink", ()): facts(range=(-inf, inf), closed=(F, F), monotonic="non-decreasing", continuity=0,
                              zero_centred=T, saturates=(F, F), max_slope=(1, [(-inf, -0.5), (0.5, inf)]),
                              vanishing=[(-0.5, 0.5)]),
    # f' = tanh^2: 0 at 0 only, so increasing; -> 1 at both ends, never reached; < 0.1 near 0.
    ("tanhshrink", ()): facts(range=(-inf, inf), closed=(F, F), monotonic="increasing", zero_centred=T,
                              saturates=(F, F), max_slope=(1, [(-inf, -inf), (inf, inf)]),
                              vanishing=[(-math.atanh(math.sqrt(0.1)), math.atanh(math.sqrt(0.1)))]),
    # defaults threshold = value = 0: relu.
    ("threshold", ()): facts(range=(0, inf), closed=(T, F), monotonic="non-decreasing", continuity=0,
                             saturates=(T, F), max_slope=(1, [(0, inf)]), vanishing=[(-inf, 0)]),
    # value 5 above the threshold 0: drops from 5 to 0+ at 0; 0 itself is never taken.
    ("threshold", (("threshold", 0.0), ("value", 5.0))): facts(
        range=(0, inf), closed=(F, F), monotonic="no", turns=[0.0], continuity=-1, saturates=(T, F),
        max_slope=(1, [(0, inf)]), vanishing=[(-inf, 0)]),
    ("threshold", (("threshold", 1.0), ("value", -2.0))): facts(
        range=(-2, inf), closed=(T, F), monotonic="non-decreasing", continuity=-1, saturates=(T, F),
        max_slope=(1, [(1, inf)]), vanishing=[(-inf, 1)]),
    ("threshold", (("threshold", 1.0), ("value", 1.0))): facts(  # continuous: a corner
        range=(1, inf), closed=(T, F), monotonic="non-decreasing", continuity=0, saturates=(T, F),
        max_slope=(1, [(1, inf)]), vanishing=[(-inf, 1)]),
    # (x + sqrt(x^2 + 4))/2 > 0; f' = 0.1 where x / sqrt(x^2 + 4) = -0.8: x = -8/3.
    ("squareplus", ()): facts(range=(0, inf), closed=(F, F), monotonic="increasing", saturates=(T, F),
                              max_slope=(1, [(inf, inf)]), vanishing=[(-inf, -8 / 3)]),
    ("squareplus", (("b", 0.0),)): facts(range=(0, inf), closed=(T, F), monotonic="non-decreasing",
                                         continuity=0, saturates=(T, F), max_slope=(1, [(0, inf)]),
                                         vanishing=[(-inf, 0)]),
    # 0, (x + 1)^2 / 4, x: f' = 0, (x + 1)/2, 1 joins at -1 and 1, f'' jumps: C^1.
    ("sparse_plus", ()): facts(range=(0, inf), closed=(T, F), monotonic="non-decreasing", continuity=1,
                               saturates=(T, F), max_slope=(1, [(1, inf)]), vanishing=[(-inf, -0.8)]),
    # x Phi(x): f' = Phi + x phi, f'' = phi (2 - x^2), so f' peaks at sqrt 2; f'(-x) = 1 - f'(x)
    # dips to 1 - 1.129 = -0.129 at -sqrt 2, below -0.1: two vanishing intervals.
    ("gelu", ()): facts(zero_centred=T, saturates=(T, F),
                        **smooth_facts(gelu, (-1, -0.5), [(-0.1, -6, -math.sqrt(2)), (-0.1, -math.sqrt(2), -0.76),
                                                           (0.1, -0.75, 0)], (1, 2))),
    ("gelu_tanh", ()): facts(zero_centred=T, saturates=(T, F),
                             **smooth_facts(gelu_tanh, (-1, -0.5),
                                            [(-0.1, -6, -1.45), (-0.1, -1.45, -0.76), (0.1, -0.75, 0)], (1, 2))),
    # silu'(x) + silu'(-x) = 1, so its dip is 1 - 1.0998 = -0.0998: never below -0.1.
    ("silu", ()): facts(zero_centred=T, saturates=(T, F),
                        **smooth_facts(silu, (-2, -1), [(0.1, -1.27, 0)], (2, 3))),
    # mish'(-2) = -0.108 (tanh(softplus(-2)) - 2 sech^2(...) sigmoid(-2)), mish'(-6) ~ -0.012.
    ("mish", ()): facts(zero_centred=T, saturates=(T, F),
                        **smooth_facts(mish, (-2, -1), [(-0.1, -6, -2), (-0.1, -2, -1.2), (0.1, -1.19, 0)],
                                       (1, 2))),
}


def test_every_registry_function_has_hand_derived_facts_at_its_defaults():
    assert {name for name, params in FACTS if not params} == set(actviz.names())


def close(a, b, tol=1e-9):
    return a == b or math.isclose(a, b, rel_tol=tol, abs_tol=tol)


def intervals_close(got, want, tol=1e-9):
    return len(got) == len(want) and all(close(g[0], w[0], tol) and close(g[1], w[1], tol)
                                         for g, w in zip(got, want))


@pytest.mark.parametrize("key", list(FACTS), ids=lambda key: f"{key[0]}{dict(key[1]) or ''}")
def test_the_computed_sheet_agrees_with_the_facts_derived_by_hand(key):
    name, params = key
    want = FACTS[key]
    sheet = property_sheet(name, **dict(params))
    assert close(sheet.range[0], want["range"][0]) and close(sheet.range[1], want["range"][1]), sheet.range
    assert sheet.range_closed == want["closed"]
    assert sheet.bounded == (want["range"][0] > -inf, want["range"][1] < inf)
    assert sheet.monotonic == want["monotonic"]
    assert len(sheet.turns) == len(want["turns"])
    assert all(close(g, w) for g, w in zip(sheet.turns, want["turns"])), sheet.turns
    assert sheet.continuity == want["continuity"]
    assert sheet.zero_centred == want["zero_centred"]
    assert sheet.identity_near_origin == want["identity"]
    assert sheet.saturates == want["saturates"]
    value, places = want["max_slope"]
    assert close(sheet.max_slope["value"], value), sheet.max_slope
    # a smooth peak's place is found by golden-section search: good to ~1e-8
    assert intervals_close(sheet.max_slope["at"], places, 1e-6), sheet.max_slope
    assert intervals_close(sheet.vanishing, want["vanishing"]), sheet.vanishing


def test_softsigns_derivative_is_its_own_not_tanhs():
    # The 2017 table's softsign' = 1 - f^2 would give 1 - (2/3)^2 = 5/9 at x = 2; it is 1/9.
    sheet = property_sheet("softsign")
    assert sheet.derivative_formula == "1 / (1 + |x|)^2"
    assert float(actviz.get("softsign").derivative(2.0)) == pytest.approx(1 / 9, rel=1e-15)


def test_the_sheet_names_its_parameters_with_value_default_and_meaning():
    sheet = property_sheet("elu", alpha=0.5)
    assert sheet.params == {"alpha": {"value": 0.5, "default": 1.0,
                                      "meaning": actviz.get("elu").meanings["alpha"]}}
    assert property_sheet("sigmoid").params == {}


def test_the_formulas_are_the_registrys_text():
    for name in actviz.names():
        sheet = property_sheet(name)
        assert (sheet.formula, sheet.derivative_formula) == (actviz.get(name).formula,
                                                             actviz.get(name).derivative_formula)


def test_a_bad_name_or_parameter_is_a_usage_error():
    with pytest.raises(actviz.UnknownActivationError):
        property_sheet("gelux")
    with pytest.raises(actviz.ParameterError):
        property_sheet("softplus", beta=-1)


def test_an_expression_gets_a_sheet_too():
    sheet = property_sheet(actviz.from_expression("x * sigmoid(x)", name="my_silu"))
    assert sheet.range[0] == pytest.approx(-W_1_OVER_E, rel=1e-12)
    assert sheet.monotonic == "no" and sheet.continuity == "inf"


def test_the_sheet_shows_itself_in_a_notebook_and_as_text():
    sheet = actviz.property_sheet("relu")
    assert "<table>" in sheet._repr_html_() and "[0, inf)" in sheet._repr_html_()
    assert str(sheet) == sheet.text()


# --- the command line ------------------------------------------------------------------------

JSON_KEYS = ["name", "formula", "derivative_formula", "params", "range", "range_closed", "bounded",
             "monotonic", "continuity", "zero_centred", "identity_near_origin", "saturates",
             "max_slope", "vanishing"]


def test_info_prints_a_table_that_fits_80_columns(run):
    result = run("info", "gelu")
    assert result.exit_code == 0 and result.stderr == ""
    lines = result.stdout.splitlines()
    assert lines[0] == "gelu: GELU"
    assert max(len(line) for line in lines) <= 80
    rows = {line[2:17].strip(): line[17:] for line in lines[1:] if not line.startswith(" " * 17)}
    assert rows["range"] == "[-0.17, inf)"
    assert rows["monotonic"] == "no: turns at x = -0.7518"
    assert rows["continuity"] == "C^inf (smooth)"
    assert rows["zero-centred"] == "yes"
    assert rows["max |f'|"] == "1.129 at x = 1.414"


def sheet_rows(run, name):
    result = run("info", name)
    assert result.exit_code == 0 and result.stderr == ""
    return {line[2:17].strip(): line[17:] for line in result.stdout.splitlines()[1:]
            if not line.startswith(" " * 17)}


def test_a_slope_that_is_the_same_everywhere_reads_as_english_and_no_saturation_has_no_aside(run):
    assert sheet_rows(run, "step")["max |f'|"] == "0 everywhere"  # was "0 for everywhere"
    assert sheet_rows(run, "identity")["max |f'|"] == "1 everywhere"
    assert sheet_rows(run, "identity")["saturates"] == "no"  # was "no (f' -> 0)"
    assert sheet_rows(run, "sigmoid")["saturates"] == "both (x -> -inf and x -> inf) (f' -> 0)"


def test_every_sheet_fits_80_columns():
    for name in actviz.names():
        assert max(map(len, property_sheet(name).text().splitlines())) <= 80, name


def test_info_json_has_exactly_the_issues_keys_and_inf_as_eval_writes_it(run):
    result = run("info", "relu", "--format", "json")
    assert result.exit_code == 0 and result.stderr == ""
    sheet = json.loads(result.stdout)
    assert list(sheet) == JSON_KEYS
    assert sheet["range"] == [0.0, "inf"]  # eval's json writes inf as the string "inf"
    assert sheet["range_closed"] == [True, False]
    assert sheet["continuity"] == 0
    assert sheet["max_slope"] == {"value": 1.0, "at": [[0.0, "inf"]]}
    assert sheet["vanishing"] == [["-inf", 0.0]]
    assert json.loads(run("info", "sigmoid", "--format", "json").stdout)["continuity"] == "inf"
    evaluated = json.loads(run("eval", "relu", "--at", "inf", "--format", "json").stdout)
    assert evaluated[0]["relu"] == "inf"


def test_info_takes_parameters_as_every_command_does(run):
    def continuity(*args):
        return json.loads(run("info", "elu", *args, "--format", "json").stdout)["continuity"]

    assert continuity() == 1
    assert continuity("--alpha", "0.5") == 0
    assert continuity("-p", "alpha=1") == 1


@pytest.mark.parametrize("args,expected", [
    (["gelux"], "did you mean 'gelu'"),
    (["softplus", "--beta", "-1"], "beta=-1.0 must be > 0"),
    (["elu", "-p", "gamma=1"], "no parameter 'gamma'"),
    (["elu", "--alpha", "x"], "'x' is not a number"),
    (["elu", "--alpha", "0.1,0.2"], "one value per parameter"),
    (["relu", "--format", "csv"], "csv"),
])
def test_info_refuses_a_wrong_command_line_with_exit_2(run, args, expected):
    result = run("info", *args)
    assert expected in one_line_error(result, 2)
    assert result.stdout == ""


def test_list_properties_table_has_a_row_per_function_within_80_columns(run):
    result = run("list", "--properties")
    assert result.exit_code == 0 and result.stderr == ""
    lines = result.stdout.splitlines()
    assert max(map(len, lines)) <= 80
    assert lines[0].split()[:3] == ["name", "range", "monotonic"]
    rows = {line.split()[0]: line.split() for line in lines[2:]}
    assert list(rows) == actviz.names()
    assert rows["sigmoid"][1:4] == ["(0,", "1)", "increasing"]
    assert rows["step"][3:5] == ["non-decreasing", "-1"]


def test_list_properties_json_is_info_json_for_every_function(run):
    result = run("list", "--properties", "--format", "json")
    assert result.exit_code == 0
    sheets = json.loads(result.stdout)
    assert [s["name"] for s in sheets] == actviz.names()
    for sheet in sheets[:3] + sheets[-3:]:
        assert sheet == json.loads(run("info", sheet["name"], "--format", "json").stdout)


@pytest.mark.parametrize("fmt,delimiter", [("csv", ","), ("tsv", "\t")])
def test_list_properties_csv_and_tsv_hold_json_cells(run, fmt, delimiter):
    result = run("list", "--properties", "--format", fmt)
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.stdout), delimiter=delimiter))
    assert list(rows[0]) == JSON_KEYS
    relu = next(row for row in rows if row["name"] == "relu")
    assert json.loads(relu["range"]) == [0.0, "inf"]
    assert relu["monotonic"] == "non-decreasing" and relu["continuity"] == "0"
    assert json.loads(relu["vanishing"]) == [["-inf", 0.0]]


# --- plot --vanishing ------------------------------------------------------------------------

C0, C1 = "#1f77b4", "#ff7f0e"  # matplotlib's first two colours: the first and second function


def shaded_spans(svg: str, colour: str) -> list[tuple[float, float]]:
    """The x extents (as fractions of the axes' width) of the filled rectangles of
    ``colour`` at the shading's opacity, and of the axes themselves: read from the SVG."""
    def extent(d):
        xs = [float(x) for x in re.findall(r"[ML] ([-\d.]+) [-\d.]+", d)]
        return min(xs), max(xs)

    axes = re.search(r'<g id="patch_2">\s*<path d="([^"]*)"', svg).group(1)
    left, right = extent(axes)
    spans = re.findall(r'<path d="([^"]*)"[^>]*style="fill: ' + colour + r'; opacity: 0\.15"', svg)
    return [tuple((x - left) / (right - left) for x in extent(d)) for d in spans]


def test_vanishing_shades_relus_left_half_in_its_colour(run, tmp_path):
    out = tmp_path / "relu.svg"
    result = run("plot", "relu", "--vanishing", "-o", out)
    assert result.exit_code == 0, result.stderr
    svg = out.read_text()
    # relu' = 0 for x < 0: over --range -5 5 that is the left half of the axes.
    [(lo, hi)] = shaded_spans(svg, C0)
    assert lo == pytest.approx(0, abs=1e-4) and hi == pytest.approx(0.5, abs=1e-4)
    assert "|f'| &lt; 0.1" in svg  # the legend says what the shading means
    run("plot", "relu", "-o", tmp_path / "plain.svg")
    assert shaded_spans((tmp_path / "plain.svg").read_text(), C0) == []


def test_vanishing_shades_each_curve_of_a_sweep_in_its_own_colour(run, tmp_path):
    out = tmp_path / "sweep.svg"
    # alpha 0.01 (first colour): x < 0 vanishes; alpha 0.5 (second): nowhere.
    assert run("plot", "leaky_relu", "--alpha", "0.01,0.5", "--vanishing", "-o", out).exit_code == 0
    svg = out.read_text()
    assert len(shaded_spans(svg, C0)) == 1 and shaded_spans(svg, C1) == []


def test_vanishing_shading_is_tinted_pixels_where_sigmoids_slope_is_small():
    import numpy as np
    from PIL import Image

    figure = actviz.plot("sigmoid", vanishing=True)
    ax = figure.axes[0]
    image = np.asarray(Image.open(io.BytesIO(figure.to_bytes("png"))).convert("RGB")).astype(float)

    def pixel(x, y):
        px, py = ax.transData.transform((x, y))
        return image[int(round(image.shape[0] - py)), int(round(px))]

    # sigmoid' < 0.1 for |x| > 2 atanh(sqrt .6) = 2.063: white blended with C0 at 0.15 there.
    tint = 0.85 * 255 + 0.15 * np.array([0x1f, 0x77, 0xb4])
    assert np.abs(pixel(3.5, 0.3) - tint).max() <= 2
    assert np.abs(pixel(1.0, 0.1) - 255).max() <= 1  # 0.197 = sigmoid'(1): not shaded


def test_vanishing_at_depth_follows_the_chain_rule():
    from actviz import plotting
    from actviz.figure import FigureOptions

    def spans(depth):
        plot = plotting.request(["sigmoid"], depth=depth, options=FigureOptions(vanishing=True))
        return plot.figure()[0][0].shaded

    edge = 2 * math.atanh(math.sqrt(0.6))
    assert intervals_close(spans(1), [(-5, -edge), (edge, 5)])
    # three layers: the slope is at most (1/4)^3 = 1/64 < 0.1 everywhere
    assert spans(3) == ((-5.0, 5.0),)


def test_vanishing_draws_the_same_bytes_every_time(run, tmp_path):
    for name in ("a.svg", "b.svg"):
        assert run("plot", "sigmoid", "tanh", "-d", "--vanishing", "-o", tmp_path / name).exit_code == 0
    assert (tmp_path / "a.svg").read_bytes() == (tmp_path / "b.svg").read_bytes()


@pytest.mark.parametrize("args,expected", [
    (["--term"], "--vanishing"),
    (["-o", "page.html"], "not in html"),
    (["--alpha", "0,0.1", "-o", "sweep.gif"], "not in gif"),
])
def test_vanishing_is_refused_where_it_cannot_be_drawn(run, tmp_path, monkeypatch, args, expected):
    monkeypatch.chdir(tmp_path)
    result = run("plot", "relu", "--vanishing", *args)
    assert expected in one_line_error(result, 2)
    assert list(tmp_path.iterdir()) == []


def test_an_animation_refuses_to_shade_from_python_too():
    with pytest.raises(actviz.UsageError, match="not in gif"):
        actviz.animate("leaky_relu", alpha=[0.01, 0.1], vanishing=True)
