"""The numeric table writers give the same bytes as formatting one cell at a time.

Two oracles, neither from the code under test: the text the per-cell writers of actviz
0.1 wrote for fixed inputs (tests/golden/tables.json, see tests/table_cases.py), and a
plain per-cell writer below, held against the writers on random floats, chunkings,
precisions and labels.
"""

import io
import json
import math
import unicodedata

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import table_cases
from actviz.tables import write_numbers

GOLDEN = json.loads(table_cases.GOLDEN.read_text(encoding="utf-8"))


def written(headers, chunks, fmt, precision=6):
    out = io.StringIO()
    write_numbers(out, headers, chunks, fmt, precision)
    return out.getvalue()


@pytest.mark.parametrize("fmt", table_cases.FORMATS)
@pytest.mark.parametrize("name", sorted(table_cases.cases()))
def test_each_format_writes_the_bytes_the_per_cell_writers_wrote(name, fmt):
    headers, chunks, precision = table_cases.cases()[name]
    assert written(headers, chunks, fmt, precision) == GOLDEN[f"{name}/{fmt}"]


# --- a plain writer, one cell at a time -------------------------------------------------------
def terminal_width(text):
    return sum(0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in "WF" else 1
               for c in text)


def padded_line(cells, widths):
    return "  ".join(" " * (w - terminal_width(c)) + c for c, w in zip(cells, widths)).rstrip() + "\n"


def plain_table(headers, chunks, precision):
    rows_of_chunks = [[[format(float(v), f".{precision}g") for v in row] for row in zip(*chunk)]
                      for chunk in chunks]
    widths = [terminal_width(h) for h in headers]
    for row in rows_of_chunks[0] if rows_of_chunks else []:  # widths from the first chunk only
        widths = [max(w, len(c)) for w, c in zip(widths, row)]
    return padded_line(headers, widths) + "".join(
        padded_line(row, widths) for rows in rows_of_chunks for row in rows)


def plain_json(headers, chunks):
    def number(v):
        return repr(v) if math.isfinite(v) else '"' + repr(v) + '"'

    objects = ["{" + ", ".join(json.dumps(h) + ": " + number(float(v)) for h, v in zip(headers, row)) + "}"
               for chunk in chunks for row in zip(*chunk)]
    return "[" + ",".join("\n  " + o for o in objects) + ("\n]\n" if objects else "]\n")


def plain_delimited(headers, chunks, sep):
    header = ",".join(headers) if sep == "," else "\t".join(headers)
    return header + "\n" + "".join(sep.join(repr(float(v)) for v in row) + "\n"
                                   for chunk in chunks for row in zip(*chunk))


floats = st.floats(allow_nan=True, allow_infinity=True, allow_subnormal=True) | st.sampled_from(table_cases.SPECIAL)
labels = st.sampled_from(["x", "y", "relu", "계단함수", "ｆｕｌｌ", "e\u0301", 'q"uote', "per%cent", "αβ", "b\\s"])


@st.composite
def tables(draw):
    headers = draw(st.lists(labels, min_size=1, max_size=4, unique=True))
    sizes = draw(st.lists(st.integers(0, 6), min_size=0, max_size=4))
    chunks = [[np.array(draw(st.lists(floats, min_size=n, max_size=n)), dtype=np.float64) for _ in headers]
              for n in sizes]
    return headers, chunks


@settings(max_examples=150, deadline=None)
@given(tables(), st.integers(1, 17))
def test_the_table_is_what_formatting_cell_by_cell_gives(table, precision):
    headers, chunks = table
    assert written(headers, chunks, "table", precision) == plain_table(headers, chunks, precision)


@settings(max_examples=150, deadline=None)
@given(tables())
def test_json_is_what_writing_cell_by_cell_gives(table):
    headers, chunks = table
    text = written(headers, chunks, "json")
    assert text == plain_json(headers, chunks)
    assert len(json.loads(text)) == sum(len(chunk[0]) for chunk in chunks)


@settings(max_examples=100, deadline=None)
@given(tables(), st.sampled_from(["csv", "tsv"]))
def test_csv_and_tsv_are_what_writing_cell_by_cell_gives(table, fmt):
    headers, chunks = table
    headers = [h for h in headers if h.isalnum()] or ["x"]  # no quoting in the plain writer
    chunks = [chunk[: len(headers)] for chunk in chunks]
    assert written(headers, chunks, fmt) == plain_delimited(headers, chunks, "," if fmt == "csv" else "\t")


def test_a_chunk_of_many_rows_is_written_as_cell_by_cell_formatting_writes_it():
    x = np.linspace(-10, 10, 20_001)
    chunk = [x, np.maximum(x, 0), 1 / (1 + np.exp(-x))]
    headers = ["x", "relu", "sigmoid"]
    assert written(headers, [chunk], "table") == plain_table(headers, [chunk], 6)
    assert written(headers, [chunk], "json") == plain_json(headers, [chunk])
