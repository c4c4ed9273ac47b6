"""Which files a plot writes: -o targets, their formats and templates -> the figure in each.

It knows nothing of click or matplotlib; a combination of -o and --format that names no
file a plot can write raises ``OutputPlanError`` (or ``files.TemplateError`` for a bad
template), a usage error with its one-line message. Whether stdout may take a binary
figure ('-' on a terminal) is for the command line to say.
"""

from __future__ import annotations

import os
import re
from typing import TYPE_CHECKING, NamedTuple, Optional, Sequence, Tuple

if TYPE_CHECKING:
    from actviz.curves import Series

FIGURE_FORMATS = ("png", "svg", "pdf")


class OutputPlanError(ValueError):
    """An -o or --format that names no file a plot can write (a usage error)."""


class Output(NamedTuple):
    """One file a plot writes ('-' for stdout), its format, and the figure it holds:
    the indices of the series drawn in it."""

    path: str
    fmt: str
    figure: Tuple[int, ...]


def figure_format(path: str) -> str:
    """The format a file name's extension names ('png', 'svg', 'pdf'), or '' for none of them."""
    extension = os.path.splitext(path)[1].lower().lstrip(".")
    return extension if extension in FIGURE_FORMATS else ""


def output_target(output: Optional[str], fmt: Optional[str], names: Sequence[str]) -> Tuple[str, str]:
    """(path or '-', format) for -o/--format; ``None`` is the default name, from ``names``."""
    if output == "-":
        return "-", fmt or "png"
    if output is None:
        fmt = fmt or "png"
        return "-".join(names) + "." + fmt, fmt
    extension = figure_format(output)
    if extension:
        if fmt and fmt != extension:
            raise OutputPlanError(f"--format {fmt} does not match the extension of {output!r}")
        return output, extension
    if fmt:
        return output, fmt
    extension = os.path.splitext(output)[1].lower().lstrip(".")
    if extension:
        raise OutputPlanError(
            f"unknown output extension '.{extension}' in {output!r} (use .png, .svg or .pdf, or --format)"
        )
    raise OutputPlanError(f"cannot tell the format of {output!r}: add .png, .svg or .pdf, or give --format")


def unlabelled_sources(expressions: Sequence[str], labels: Sequence[str]) -> set[str]:
    """The --expr sources that no --label names."""
    return {source.strip() for source in expressions[len(labels):]}


def file_stem(s: Series, unlabelled: set[str]) -> str:
    """A series' activation in a file name: its name, an --expr by its --label or 'expr'."""
    name = s.activation.name
    stem = "expr" if name in unlabelled and s.activation.formula == name else name
    return re.sub(r"[^\w.+-]+", "-", stem).strip("-.") or "expr"


def file_stems(series: Sequence[Series], unlabelled: set[str]) -> list[str]:
    """The parts of a default file name: each activation once."""
    stems = []
    for s in series:
        stem = file_stem(s, unlabelled)
        if not s.derivative and stem not in stems:
            stems.append(stem)
    return stems


def curve_groups(series: Sequence[Series]) -> list[list[int]]:
    """Indices of the series, one list per curve: a function, then its derivative."""
    groups: list[list[int]] = []
    for index, s in enumerate(series):
        if not s.derivative:
            groups.append([])
        groups[-1].append(index)
    return groups


def template_values(s: Series, stem: str) -> dict:
    """A curve's output-name fields: {name} and each parameter, defaults included."""
    return {"name": stem, **s.activation.resolve(s.params)}


def plan_outputs(
    outputs: Sequence[Optional[str]],
    fmt: Optional[str],
    series: Sequence[Series],
    expressions: Sequence[str],
    labels: Sequence[str],
    every: bool,
) -> list[Output]:
    """Every file to write, checked before anything is drawn.

    An -o is expanded for each curve, and the curves whose names are the same share
    that file's figure: a plain file name (no fields) holds every curve; with
    '{name}' each activation gets its own file (a sweep's curves together); with
    '{name}-{alpha}' each value of a sweep gets its own file. ``every`` is --all: one
    figure per activation, so every -o must have {name}.
    """
    # files (and its tempfile) is not needed to list the formats: import it only here.
    from actviz.files import check_template, expand_template, template_fields

    unlabelled = unlabelled_sources(expressions, labels)
    stems = file_stems(series, unlabelled)
    if not outputs:
        outputs = ("{name}." + (fmt or "png"),) if every else (None,)
    everything = tuple(range(len(series)))
    planned = []
    for output in outputs:
        if output in (None, "-") or not template_fields(output):
            if every:
                raise OutputPlanError(
                    f"--all draws one figure per activation: put {{name}} in -o (got {output!r})"
                )
            literal = output if output in (None, "-") else expand_template(output, {})
            planned.append(Output(*output_target(literal, fmt, stems), everything))
            continue
        fields = template_fields(output)
        known = {"name": None, **{k: None for s in series for k in s.activation.params}}
        check_template(output, known)  # an unknown field is an error before anything else
        figures: dict[str, list[int]] = {}
        for group in curve_groups(series):
            first = series[group[0]]
            stem = file_stem(first, unlabelled)
            values = template_values(first, stem)
            missing = [f for f in fields if f not in values]
            if missing:
                raise OutputPlanError(
                    f"field {{{missing[0]}}} in {output!r} does not apply to {stem}, "
                    f"which has no parameter {missing[0]!r}"
                )
            figures.setdefault(expand_template(output, values), []).extend(group)
        for path, figure in figures.items():
            planned.append(Output(*output_target(path, fmt, stems), tuple(figure)))
    seen = set()
    for out in planned:
        key = out.path if out.path == "-" else os.path.normpath(os.path.abspath(out.path))
        if key in seen:
            raise OutputPlanError(f"{out.path!r} would be written twice: give each -o once")
        seen.add(key)
    return planned
