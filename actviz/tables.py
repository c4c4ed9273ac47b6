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
import math
import unicodedata
from typing import IO, TYPE_CHECKING, Iterable, Sequence

if TYPE_CHECKING:
    import numpy as np

DEFAULT_PRECISION = 6


def json_number(value: float) -> str:
    value = float(value)
    return repr(value) if math.isfinite(value) else f'"{value!r}"'


def table_number(value: float, precision: int) -> str:
    return f"{float(value):.{precision}g}"


def _rows(chunk: Sequence[np.ndarray]):
    import numpy as np

    return zip(*(np.asarray(column, dtype=np.float64).tolist() for column in chunk))


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
        _write_header(out, headers, fmt)
        for chunk in chunks:
            out.write(_delimited_lines(chunk, sep))
            out.flush()  # a slow stdin stream shows each chunk as soon as it is computed
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


def _write_header(out: IO[str], headers: Sequence[str], fmt: str) -> None:
    if fmt == "csv":
        csv.writer(out, lineterminator="\n").writerow(headers)
    else:
        out.write("\t".join(h.replace("\t", " ") for h in headers) + "\n")


def _write_json(out: IO[str], headers: Sequence[str], chunks) -> None:
    import json  # only JSON output pays for the json module

    keys = [json.dumps(h) + ": " for h in headers]
    first = True
    out.write("[")
    for chunk in chunks:
        lines = []
        for row in _rows(chunk):
            cells = ", ".join(k + json_number(v) for k, v in zip(keys, row))
            lines.append(("\n  {" if first else ",\n  {") + cells + "}")
            first = False
        out.write("".join(lines))
        out.flush()
    out.write("]\n" if first else "\n]\n")


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
        cells = [[table_number(v, precision) for v in row] for row in _rows(chunk)]
        if widths is None:
            widths = [text_width(h) for h in headers]
            for row in cells:
                widths = [max(w, len(c)) for w, c in zip(widths, row)]
            out.write(_aligned_line(headers, widths))
        out.write("".join(_aligned_line(row, widths) for row in cells))
        out.flush()
    if widths is None:
        out.write(_aligned_line(headers, [text_width(h) for h in headers]))


def _aligned_line(cells: Sequence[str], widths: Sequence[int]) -> str:
    return "  ".join(" " * (w - text_width(c)) + c for c, w in zip(cells, widths)).rstrip() + "\n"


def write_records(
    out: IO[str], headers: Sequence[str], rows: Sequence[Sequence[object]], fmt: str = "table"
) -> None:
    """Write rows of text or values (``list``, truth tables); JSON keeps numbers as numbers."""
    if fmt == "json":
        write_json(out, [dict(zip(headers, row)) for row in rows])
    elif fmt in ("csv", "tsv"):
        writer = csv.writer(out, lineterminator="\n", delimiter="," if fmt == "csv" else "\t")
        writer.writerow(headers)
        writer.writerows([[_text(c) for c in row] for row in rows])
    elif fmt == "table":
        cells = [[_text(c) for c in row] for row in rows]
        widths = [max([text_width(h)] + [text_width(r[i]) for r in cells]) for i, h in enumerate(headers)]
        lines = [headers, ["-" * w for w in widths], *cells]
        out.write("".join(
            "  ".join(c + " " * (w - text_width(c)) for c, w in zip(row, widths)).rstrip() + "\n"
            for row in lines
        ))
    else:
        raise ValueError(f"unknown table format {fmt!r}")


def write_json(out: IO[str], document: object) -> None:
    """Strict, indented JSON; nan, inf and -inf become the strings "nan", "inf", "-inf"."""
    import json

    out.write(json.dumps(_strict(document), indent=2, ensure_ascii=False, allow_nan=False) + "\n")


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
