"""Value tables: the numbers of `actviz eval`, for Python and for the command line.

``values()`` is the library's face: a :class:`ValueTable` with one numpy column per
header, the exact text `actviz eval` prints (``to_text``, ``to_csv``, ``to_tsv``,
``to_json``), and an HTML table in a notebook. The command line calls the same pieces,
``request`` and ``points``, but streams: its rows are computed and written a chunk at a
time, so a table of any length takes flat memory. It knows nothing of click.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterable, Iterator, Mapping, Optional, Sequence, Tuple, Union

from actviz.errors import UsageError
from actviz.floats import keyword_count, keyword_number, number_pair

if TYPE_CHECKING:
    import numpy as np

    from actviz.activation import Activation
    from actviz.series import Series


@dataclass(frozen=True)
class ValueRequest:
    """The columns a table has: x, then one per series (names and expressions)."""

    series: Tuple[Series, ...]

    @property
    def headers(self) -> list[str]:
        return ["x"] + [s.label for s in self.series]

    def rows(self, chunks: Iterable[np.ndarray]) -> Iterator[list[np.ndarray]]:
        """Each chunk of x values with every series' values there: [x, y1, y2, ...]."""
        for x in chunks:
            yield [x] + [s.values(x) for s in self.series]


def request(
    names: Sequence[Union[str, Activation]] = (),
    *,
    expr: Union[str, Sequence[str], None] = None,
    label: Union[str, Sequence[str], None] = None,
    params: Optional[Mapping[str, object]] = None,
    derivative: bool = False,
    depth: object = None,
) -> ValueRequest:
    """Check what a table is asked to show; raises UsageError before any work. Column
    names must differ: a table (and a JSON object) cannot hold two columns of one name."""
    from actviz.series import series_of

    checked = ValueRequest(tuple(series_of(names, expr, label, params, derivative, depth)))
    seen = set()
    for header in checked.headers:
        if header in seen:
            raise UsageError(
                f"two columns would be called {header!r}: name each activation once, "
                "and give expressions labels other than x and the activations' names"
            )
        seen.add(header)
    return checked


def points(at=None, range=None, num=None, step=None):  # noqa: A002 (named like --range)
    """The x values to evaluate, as an iterable of float64 arrays (a range streams in
    chunks), and how many there are: ``at`` (numbers), or ``range`` with ``step`` or
    ``num`` (the integers from -5 to 5 by default). Raises GridError (a UsageError)."""
    import numpy as np

    from actviz import grid

    if at is not None and (range is not None or step is not None or num is not None):
        raise UsageError("give points with at or with range/step/num, not both", "at")
    if step is not None and num is not None:
        raise UsageError("give step or num, not both", "step")
    step = None if step is None else keyword_number(step, "step")
    num = None if num is None else keyword_count(num, "num")
    if at is not None:
        x = _real_numbers(at)
        x = np.atleast_1d(x.astype(np.float64)).ravel()
        return [x], len(x)
    return grid.range_chunks(None if range is None else number_pair(range, "range"), step, num)


def _real_numbers(at) -> np.ndarray:
    """``at`` as an array of real numbers; a UsageError saying what ``at`` takes for anything else."""
    import reprlib

    import numpy as np

    if not isinstance(at, (str, bytes)):  # numpy would make an array of one text
        try:
            x = np.asarray(at)
        except (TypeError, ValueError):  # rows of different lengths
            x = None
        if x is not None and x.dtype.kind in "biuf":
            return x
    shown = " ".join(reprlib.repr(at).split())  # an array's repr has line breaks
    raise UsageError(f"at takes a number or a list of real numbers, at=[-1, 0, 1]; got {shown}", "at")


class ValueTable:
    """A value table: ``table["x"]``, ``table["relu"]``, ... are numpy columns (``columns``
    maps each header to its column), and ``to_text()``, ``to_csv()``, ``to_tsv()`` and
    ``to_json()`` give exactly the text `actviz eval` prints."""

    def __init__(self, headers: Sequence[str], columns: Sequence[np.ndarray]):
        self.headers = list(headers)
        self.columns = dict(zip(self.headers, columns))

    def __getitem__(self, header: str) -> np.ndarray:
        return self.columns[header]

    def __len__(self) -> int:
        return len(self.columns["x"])

    def __repr__(self) -> str:
        return f"<ValueTable {len(self)} row{'' if len(self) == 1 else 's'}: {', '.join(self.headers)}>"

    def to_text(self, precision: int = 6) -> str:
        """The aligned table, each number to ``precision`` significant digits."""
        return self._text("table", precision)

    def to_csv(self) -> str:
        return self._text("csv")

    def to_tsv(self) -> str:
        return self._text("tsv")

    def to_json(self) -> str:
        return self._text("json")

    def _text(self, fmt: str, precision: int = 6) -> str:
        from actviz.tables import write_numbers

        out = io.StringIO()
        write_numbers(out, self.headers, [list(self.columns.values())], fmt, precision)
        return out.getvalue()

    def _repr_html_(self) -> str:
        from actviz.notebook import value_table_html

        return value_table_html(self)


def values(
    *names: Union[str, Activation],
    at=None,
    range=None,  # noqa: A002 (named like the command's --range)
    num: Optional[int] = None,
    step: Optional[float] = None,
    derivative: bool = False,
    depth: object = None,
    expr: Union[str, Sequence[str], None] = None,
    label: Union[str, Sequence[str], None] = None,
    **params,
) -> ValueTable:
    """The table `actviz eval` prints, as a :class:`ValueTable`: the activations (and with
    ``derivative=True`` their derivatives) at ``at`` (a number or numbers), or over
    ``range`` with ``step`` or ``num`` points (the integers from -5 to 5 by default).
    Parameters are keywords, a list of values a sweep: ``values("relu", alpha=[0, 0.1])``.
    ``depth=N`` (or a list of depths) applies each activation N times in a row.
    """
    import numpy as np

    checked = request(names, expr=expr, label=label, params=params, derivative=derivative, depth=depth)
    chunks, _ = points(at, range, num, step)
    chunked_columns = list(zip(*checked.rows(chunks)))  # each column's chunks
    columns = [np.concatenate(parts) for parts in chunked_columns] or [np.empty(0)] * len(checked.headers)
    return ValueTable(checked.headers, columns)
