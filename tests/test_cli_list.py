"""`actviz list`: one row per activation in every format."""

import csv
import io
import json

import pytest

import actviz


def test_table_has_a_row_per_activation(run):
    result = run("list")
    assert result.exit_code == 0 and result.stderr == ""
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["name", "aliases", "parameters", "formula"]
    assert set(lines[1]) <= {"-", " "}
    rows = [line for line in lines[2:] if not line.startswith(" ")]  # a wrapped cell's lines start blank
    assert [row.split()[0] for row in rows] == actviz.names()
    relu = next(row for row in rows if row.startswith("relu "))
    assert "alpha=0.0" in relu
    leaky = next(row for row in rows if row.startswith("leaky_relu "))
    assert "alpha=0.1" in leaky and "lrelu" in leaky


@pytest.mark.parametrize("fmt,delimiter", [("csv", ","), ("tsv", "\t")])
def test_csv_and_tsv(run, fmt, delimiter):
    result = run("list", "--format", fmt)
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.stdout), delimiter=delimiter))
    assert [r["name"] for r in rows] == actviz.names()
    by_name = {r["name"]: r for r in rows}
    assert by_name["sigmoid"]["formula"] == actviz.get("sigmoid").formula
    assert by_name["sigmoid"]["derivative"] == actviz.get("sigmoid").derivative_formula
    assert by_name["leaky_relu"]["parameters"] == "alpha=0.1"


def test_json_keeps_structure(run):
    result = run("list", "--format", "json")
    assert result.exit_code == 0
    records = json.loads(result.stdout)
    assert [r["name"] for r in records] == actviz.names()
    for record in records:
        act = actviz.get(record["name"])
        assert record["parameters"] == dict(act.params)
        assert record["aliases"] == list(act.aliases)
        assert record["formula"] == act.formula
        assert record["derivative"] == act.derivative_formula


def test_unknown_format_is_a_usage_error(run):
    result = run("list", "--format", "xml")
    assert result.exit_code == 2
    assert "xml" in result.stderr


# --- fitting the terminal, and one activation (issue 14 item 20) --------------------------

def cells_of(table):
    """The table's cells per activation, a wrapped cell's lines joined again."""
    lines = table.splitlines()
    starts = [i for i, c in enumerate(lines[1]) if c == "-" and (i == 0 or lines[1][i - 1] == " ")]
    bounds = list(zip(starts, starts[1:] + [None]))
    records = []
    for line in lines[2:]:
        parts = [line[a:b].strip() for a, b in bounds]
        if parts[0]:
            records.append([[p] if p else [] for p in parts])
        else:
            for cell, part in zip(records[-1], parts):
                cell.extend([part] if part else [])
    return [[" ".join(cell) for cell in record] for record in records]


@pytest.mark.parametrize("columns", [None, "60", "80", "100", "200"])
def test_the_table_fits_the_terminal_and_wraps_whole_words(run, columns):
    # issue 14 item 20: the table was 138 columns wide whatever the terminal
    result = run("list", env={"COLUMNS": columns} if columns else {})
    assert result.exit_code == 0 and result.stderr == ""
    width = int(columns or 80)  # 80 where no terminal says otherwise
    assert max(len(line) for line in result.stdout.splitlines()) <= width
    records = cells_of(result.stdout)
    assert [r[0] for r in records] == actviz.names()
    if width < 80:
        return  # a terminal too narrow for some words splits them
    for (name, aliases, parameters, formula) in records:
        act = actviz.get(name)
        assert formula == act.formula  # every word there, in order, none split
        assert aliases == ", ".join(act.aliases)
        assert parameters == ", ".join(f"{k}={v!r}" for k, v in act.params.items())


def test_a_wide_terminal_gets_one_line_per_activation(run):
    result = run("list", env={"COLUMNS": "200"})
    assert len(result.stdout.splitlines()) == 2 + len(actviz.names())


def test_list_name_shows_those_activations_with_their_derivatives(run):
    result = run("list", "Leaky-ReLU", "logistic")
    assert result.exit_code == 0 and result.stderr == ""
    records = cells_of(result.stdout)
    assert result.stdout.splitlines()[0].split() == ["name", "aliases", "parameters", "formula", "derivative"]
    assert [r[0] for r in records] == ["leaky_relu", "sigmoid"]
    assert records[1][3:] == [actviz.get("sigmoid").formula, actviz.get("sigmoid").derivative_formula]
    as_json = json.loads(run("list", "elu", "--format", "json").stdout)
    assert [r["name"] for r in as_json] == ["elu"] and as_json[0]["parameters"] == {"alpha": 1.0}


def test_list_of_an_unknown_name_is_a_usage_error_with_a_hint(run):
    result = run("list", "sigmod")
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.startswith("actviz list: error: unknown activation 'sigmod'; did you mean 'sigmoid'")
