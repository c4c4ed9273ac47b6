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
    rows = lines[2:]
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
