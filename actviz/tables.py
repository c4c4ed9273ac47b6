"""Writers for value tables: an aligned text table, CSV, TSV and strict JSON.

Numbers arrive in chunks (a list of equally long float arrays, one per column), so a
table of any length is written with flat memory; each chunk is flushed once written, so
a reader at the other end of a pipe sees it at once. The machine formats write each float
as Python's ``repr``, the shortest text that reads back to the same float64 bits; the
three non-finite values are written ``nan``, ``inf`` and ``-inf`` (in JSON as the
strings "nan", "inf" and "-inf", since strict JSON has no NaN or Infinity), all of
which ``float()`` reads back. Only the numeric writers use numpy, and import it when
called: ``actviz gate`` writes its records without it.
"""

from __future__ import annotations

import csv
import io
import math
import unicodedata
from typing import IO, TYPE_CHECKING, Iterable, Sequence

if TYPE_CHECKING:
    import numpy as np

DEFAULT_PRECISION = 6


def table_number(value: float, precision: int) -> str:
    return f"{float(value):.{precision}g}"


def write_numbers(
    out: IO[str],
    headers: Sequence[str],
    chunks: Iterable[Sequence[np.ndarray]],
    fmt: str = "table",
    precision: int = DEFAULT_PRECISION,
) -> None:
    """Write numeric columns in ``fmt``, one chunk at a time."""
    if fmt == "json":
        _write_json(out, headers, chunks)
    elif fmt in ("csv", "tsv"):
        sep = "," if fmt == "csv" else "\t"
        header = _header_line(headers, fmt)  # goes out with the first chunk, as in JSON
        for chunk in chunks:
            out.write(header + _delimited_lines(chunk, sep))
            header = ""
            out.flush()  # a slow stdin stream shows each chunk as soon as it is computed
        out.write(header)
    elif fmt == "table":
        _write_aligned_numbers(out, headers, chunks, precision)
    else:
        raise ValueError(f"unknown table format {fmt!r}")


def _delimited_lines(chunk: Sequence[np.ndarray], sep: str) -> str:
    # A whole column is turned into text at once and the rows joined afterwards: this is
    # a fifth faster than formatting row by row, and faster than numpy.savetxt.
    import numpy as np

    columns = [map(repr, np.asarray(column, dtype=np.float64).tolist()) for column in chunk]
    text = "\n".join(map(sep.join, zip(*columns)))
    return text + "\n" if text else ""


def _header_line(headers: Sequence[str], fmt: str) -> str:
    if fmt == "csv":
        line = io.StringIO()
        csv.writer(line, lineterminator="\n").writerow(headers)
        return line.getvalue()
    # TSV has no quoting: a tab, newline or carriage return in a label would split it.
    return "\t".join(h.translate(_TSV_BREAKS) for h in headers) + "\n"


_TSV_BREAKS = str.maketrans("\t\n\r", "   ")


def _write_json(out: IO[str], headers: Sequence[str], chunks) -> None:
    import json  # only JSON output pays for the json module

    keys = [json.dumps(h) + ": " for h in headers]
    first = True
    opened = False  # "[" goes out with the first chunk: a run failing before it prints nothing
    for chunk in chunks:
        rows = _json_rows(chunk, keys)
        text = "" if opened else "["
        opened = True
        if rows:
            text += ("\n  {" if first else ",\n  {") + rows + "}"
            first = False
        out.write(text)
        out.flush()
    out.write(("" if opened else "[") + ("]\n" if first else "\n]\n"))


def _json_rows(chunk: Sequence[np.ndarray], keys: Sequence[str]) -> str:
    # The chunk's objects without the first's opening and the last's closing brace, built
    # a column at a time as _delimited_lines builds CSV: each later column's cells carry
    # their key, a row is its cells joined, and the rows are joined with the brace
    # between objects and the first key. The same bytes as
    # repr cell by cell, with nan, inf and -inf in quotes.
    import numpy as np

    columns = [_json_column(np.asarray(column, dtype=np.float64)) for column in chunk]
    if not columns or not len(chunk[0]):
        return ""
    cells = [columns[0], *(map(key.__add__, column) for key, column in zip(keys[1:], columns[1:]))]
    return keys[0] + ("},\n  {" + keys[0]).join(map(", ".join, zip(*cells)))


def _json_column(column: np.ndarray) -> list[str]:
    import numpy as np

    texts = list(map(repr, column.tolist()))
    for i in np.flatnonzero(~np.isfinite(column)).tolist():
        texts[i] = f'"{texts[i]}"'  # strict JSON has no NaN or Infinity
    return texts


def text_width(text: str) -> int:
    """Columns a terminal gives ``text``: two for wide characters (Hangul, CJK, Kana)."""
    if text.isascii():
        return len(text)
    return sum(
        0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in "WF" else 1
        for c in text
    )


def _write_aligned_numbers(out, headers, chunks, precision) -> None:
    # Column widths come from the first chunk, so the table streams; a later cell that
    # is wider still prints in full and merely nudges its row.
    widths = None
    for chunk in chunks:
        if widths is None:
            widths = [max([text_width(h)] + _cell_lengths(column, precision)) for h, column in zip(headers, chunk)]
            out.write(_aligned_line(headers, widths))
        out.write(_aligned_rows(chunk, widths, precision))
        out.flush()
    if widths is None:
        out.write(_aligned_line(headers, [text_width(h) for h in headers]))


def _cell_lengths(column: np.ndarray, precision: int) -> list[int]:
    import numpy as np

    return list(map(len, map(f"%.{precision}g".__mod__, np.asarray(column, dtype=np.float64).tolist())))


def _aligned_rows(chunk: Sequence[np.ndarray], widths: Sequence[int], precision: int) -> str:
    # One %-template per row, repeated for the whole chunk and filled in one call: "%12.6g"
    # pads table_number's text to 12 columns, and a wider cell is printed in full, as
    # _aligned_line pads; numbers are ASCII and never end in a space, so nothing to strip.
    import numpy as np

    if not chunk or not len(chunk[0]):
        return ""
    row = "  ".join(f"%{w}.{precision}g" for w in widths) + "\n"
    cells = np.column_stack([np.asarray(column, dtype=np.float64) for column in chunk]).ravel().tolist()
    return (row * len(chunk[0])) % tuple(cells)


def _aligned_line(cells: Sequence[str], widths: Sequence[int]) -> str:
    return "  ".join(" " * (w - text_width(c)) + c for c, w in zip(cells, widths)).rstrip() + "\n"


def write_records(
    out: IO[str], headers: Sequence[str], rows: Sequence[Sequence[object]], fmt: str = "table",
    width: int | None = None,
) -> None:
    """Write rows of text or values (``list``, truth tables); JSON keeps numbers as numbers.
    A table wider than ``width`` columns wraps its widest cells onto more lines."""
    if fmt == "json":
        write_json(out, [dict(zip(headers, row)) for row in rows])
    elif fmt in ("csv", "tsv"):
        writer = csv.writer(out, lineterminator="\n", delimiter="," if fmt == "csv" else "\t")
        writer.writerow(headers)
        writer.writerows([[_text(c) for c in row] for row in rows])
    elif fmt == "table":
        cells = [[_text(c) for c in row] for row in rows]
        widths = [max([text_width(h)] + [text_width(r[i]) for r in cells]) for i, h in enumerate(headers)]
        if width is not None and sum(widths) + 2 * (len(widths) - 1) > width:
            widths = _narrowed(widths, headers, cells, width)
            cells = [line for row in cells for line in _wrapped_row(row, widths)]
        lines = [headers, ["-" * w for w in widths], *cells]
        out.write("".join(
            "  ".join(c + " " * (w - text_width(c)) for c, w in zip(row, widths)).rstrip() + "\n"
            for row in lines
        ))
    else:
        raise ValueError(f"unknown table format {fmt!r}")


def _narrowed(widths, headers, cells, width) -> list[int]:
    """Column widths that fit ``width``: the widest column gives a column at a time, none
    below its longest word while that can fit, and none below its header at all."""
    words = [max([text_width(h)] + [text_width(w) for r in cells for w in r[i].split()])
             for i, h in enumerate(headers)]
    header = [text_width(h) for h in headers]
    widths = list(widths)
    room = width - 2 * (len(widths) - 1)
    for least in (words, header):  # split words only in a terminal too narrow for them
        while sum(widths) > room:
            wide = [i for i in range(len(widths)) if widths[i] > least[i]]
            if not wide:
                break
            widths[max(wide, key=lambda i: widths[i])] -= 1
    return widths


def _wrapped_row(row: Sequence[str], widths: Sequence[int]) -> list[list[str]]:
    """One row as lines, each cell wrapped at spaces to its column's width."""
    import textwrap

    wrapped = [textwrap.wrap(cell, w) or [""] if text_width(cell) > w else [cell]
               for cell, w in zip(row, widths)]
    height = max(len(lines) for lines in wrapped)
    return [[lines[k] if k < len(lines) else "" for lines in wrapped] for k in range(height)]


def write_json(out: IO[str], document: object) -> None:
    """Strict, indented JSON; nan, inf and -inf become the strings "nan", "inf", "-inf"."""
    out.write(json_text(document) + "\n")


def json_text(document: object) -> str:
    """``document`` as write_json writes it, without the final newline."""
    import json

    return json.dumps(_strict(document), indent=2, ensure_ascii=False, allow_nan=False)


def json_cell(value: object) -> str:
    """One value as compact strict JSON (a cell of a CSV that holds a list, say)."""
    import json

    return json.dumps(_strict(value), ensure_ascii=False, allow_nan=False)


def _strict(value: object) -> object:
    if isinstance(value, float) and not math.isfinite(value):
        return repr(value)
    if isinstance(value, dict):
        return {k: _strict(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_strict(v) for v in value]
    return value


def _text(value: object) -> str:
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, (list, tuple)):
        return ", ".join(map(_text, value))
    if isinstance(value, dict):
        return ", ".join(f"{k}={_text(v)}" for k, v in value.items())
    return str(value)
