"""Which files a plot writes: output names, their formats and templates -> the figure in each.

An output name may be a template with fields, ``figs/{name}-{alpha}.svg``: ``str.format``
syntax, each field a plain name (``{{`` and ``}}`` for literal braces). The date written
into a file, if any, is SOURCE_DATE_EPOCH's (``source_date``).

It knows nothing of click or matplotlib; outputs and a format that name no file a plot
can write raise ``OutputPlanError`` (a UsageError about the ``output`` or ``format``).
Writing the files is :mod:`actviz.files`' job; whether stdout may take a binary figure
('-' on a terminal) is for the command line to say.
"""

from __future__ import annotations

import os
import re
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Mapping, NamedTuple, Optional, Sequence, Tuple

from actviz.errors import RunError, UsageError
from actviz.floats import exact_text

if TYPE_CHECKING:
    from actviz.series import Series

# html: the interactive page (actviz.page); gif: an animation of a sweep (actviz.animation)
FIGURE_FORMATS = ("png", "svg", "pdf", "html", "gif")
MAX_NAME_BYTES = 255  # the longest file name most file systems take (NAME_MAX)


class OutputPlanError(UsageError):
    """Outputs or a format that name no file a plot can write; ``option`` is "output"
    or "format"."""


class SourceDateError(RunError):
    """SOURCE_DATE_EPOCH is set but is not a whole number of seconds (the environment is
    wrong, not the call: the run fails)."""


class Output(NamedTuple):
    """One file a plot writes ('-' for stdout), its format, and the figure it holds:
    the indices of the series drawn in it."""

    path: str
    fmt: str
    figure: Tuple[int, ...]


def figure_format(path: str) -> str:
    """The format a file name's extension names ('png', 'svg', 'pdf', 'html', 'gif'), or '' for none of them."""
    extension = os.path.splitext(path)[1].lower().lstrip(".")
    return extension if extension in FIGURE_FORMATS else ""


def output_target(output: Optional[str], fmt: Optional[str], names: Sequence[str]) -> Tuple[str, str]:
    """(path or '-', format) of an output and a format; ``None`` is the default name, from ``names``."""
    if output == "-":
        return "-", fmt or "png"
    if output is None:
        fmt = fmt or "png"
        return "-".join(names) + "." + fmt, fmt
    extension = figure_format(output)
    if extension:
        if fmt and fmt != extension:
            raise OutputPlanError(f"format {fmt} does not match the extension of {output!r}", "format")
        return output, extension
    if fmt:
        return output, fmt
    extension = os.path.splitext(output)[1].lower().lstrip(".")
    if extension:
        raise OutputPlanError(
            f"unknown output extension '.{extension}' in {output!r} (use .png, .svg, .pdf, .html or .gif, or give a format)",
            "output",
        )
    raise OutputPlanError(
        f"cannot tell the format of {output!r}: add .png, .svg, .pdf, .html or .gif, or give a format", "output"
    )


def unlabelled_sources(expressions: Sequence[str], labels: Sequence[str]) -> set[str]:
    """The expressions that no label names."""
    return {source.strip() for source in expressions[len(labels):]}


def file_stem(s: Series, unlabelled: set[str]) -> str:
    """A series' activation in a file name: its name, an expression by its label or 'expr'."""
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
    """A curve's output-name fields: {name}, each parameter (defaults included), and
    {depth} when depth is given."""
    depth = {} if s.depth is None else {"depth": s.depth}
    return {"name": stem, **s.activation.resolve(s.params), **depth}


def plan_outputs(
    outputs: Sequence[Optional[str]],
    fmt: Optional[str],
    series: Sequence[Series],
    expressions: Sequence[str],
    labels: Sequence[str],
    every: bool,
) -> list[Output]:
    """Every file to write, checked before anything is drawn.

    An output is expanded for each curve, and the curves whose names are the same share
    that file's figure: a plain file name (no fields) holds every curve; with
    '{name}' each activation gets its own file (a sweep's curves together); with
    '{name}-{alpha}' each value of a sweep gets its own file. ``every`` asks for one
    figure per activation, so every output must have {name}.
    """
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
                    f"one figure per activation needs {{name}} in the output name (got {output!r})", "output"
                )
            literal = output if output in (None, "-") else expand_template(output, {})
            planned.append(Output(*output_target(literal, fmt, stems), everything))
            continue
        fields = template_fields(output)
        known = {"name": None, **{k: None for s in series for k in (*s.activation.params, *s.given)}}
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
                    f"which has no parameter {missing[0]!r}", "output"
                )
            figures.setdefault(expand_template(output, values), []).extend(group)
        for path, figure in figures.items():
            planned.append(Output(*output_target(path, fmt, stems), tuple(figure)))
    seen = set()
    for out in planned:
        key = out.path if out.path == "-" else os.path.normpath(os.path.abspath(out.path))
        if key in seen:
            raise OutputPlanError(f"{out.path!r} would be written twice: give each output once", "output")
        seen.add(key)
    return planned


# --- output-name templates ---------------------------------------------------------------

def template_fields(template: str) -> list[str]:
    """The fields of an output-name template, in order; ``[]`` for a plain file name."""
    import string  # here, not at the top: `plot --term` names no file

    try:
        parsed = list(string.Formatter().parse(template))
    except ValueError as error:
        raise OutputPlanError(f"bad output-name template {template!r}: {error}", "output") from None
    fields = []
    for _, field, spec, conversion in parsed:
        if field is None:
            continue
        if not field.isidentifier():
            shown = "{" + field + "}"
            raise OutputPlanError(
                f"bad field {shown} in output-name template {template!r}: "
                "a field is a name, such as {name}", "output"
            )
        if conversion is not None:
            raise OutputPlanError(
                f"field {{{field}!{conversion}}} in {template!r}: conversions are not supported", "output"
            )
        _check_spec(template, field, spec)
        fields.append(field)
    return fields


def check_template(template: str, known: Mapping[str, object]) -> None:
    """Raise ``OutputPlanError`` unless every field of ``template`` is among ``known``."""
    for field in template_fields(template):
        if field not in known:
            raise OutputPlanError(
                f"unknown field {{{field}}} in output-name template {template!r} "
                f"(fields: {', '.join('{' + k + '}' for k in known)})", "output"
            )


def expand_template(template: str, values: Mapping[str, object]) -> str:
    """``template`` with each field replaced; floats as ``floats.exact_text`` writes them.

    A format spec works as in ``str.format``: ``{alpha:.2f}``.
    """
    check_template(template, values)
    shown = {k: _FileNumber(v) if isinstance(v, float) else v for k, v in values.items()}
    try:
        return template.format_map(shown)
    except ValueError as error:  # a format spec that does not fit the value
        reason = str(error).replace(f"'{_FileNumber.__name__}'", "'float'")  # the number as the user sees it
        raise OutputPlanError(f"bad output-name template {template!r}: {reason}", "output") from None


def _check_spec(template: str, field: str, spec: str) -> None:
    """A width or precision longer than a file name can be (255 bytes) is refused before
    anything is formatted: '{name:>1000000000}' would build a gigabyte of text first."""
    if spec and any(int(digits) > MAX_NAME_BYTES for digits in re.findall(r"\d+", spec)):
        raise OutputPlanError(
            f"field {{{field}:{spec}}} in {template!r}: a width or precision over "
            f"{MAX_NAME_BYTES} cannot make a file name", "output"
        )


class _FileNumber(float):
    def __format__(self, spec: str) -> str:
        return exact_text(self) if not spec else float.__format__(self, spec)


# --- the date in a file ---------------------------------------------------------------

def source_date(environ: Mapping[str, str] = os.environ) -> Optional[datetime]:
    """SOURCE_DATE_EPOCH as a UTC datetime (reproducible-builds.org), None when unset."""
    text = environ.get("SOURCE_DATE_EPOCH", "")
    if not text:
        return None
    digits = text[1:] if text.startswith("-") else text
    if not (digits.isascii() and digits.isdigit()):
        reason = "is not a whole number of seconds since 1970-01-01"
    elif text.startswith("-"):
        reason = "is before 1970-01-01: give the seconds since then, 0 or more"
    else:
        try:
            return datetime.fromtimestamp(int(text), timezone.utc)
        except (ValueError, OverflowError, OSError):  # beyond datetime's (and ISO 8601's) year 9999
            reason = "is after the year 9999, the last a file's date can hold"
    raise SourceDateError(f"environment variable SOURCE_DATE_EPOCH={text!r} {reason}")
