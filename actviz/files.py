"""Writing output files: atomic writes, and output-name templates.

Every file is written to a temporary file in the target's own folder (so the final
rename stays on one file system and is atomic) and renamed into place only once all
of it has been written and flushed. Whatever goes wrong before that, an exception,
Ctrl-C or SIGTERM (which ``actviz.cli`` turns into an exception), the old target is
left as it was and the temporary file is removed. Parallel runs cannot collide:
each temporary name is made unique by ``mkstemp`` (created with O_EXCL).

An output-name template is a file name with fields, ``figs/{name}-{alpha}.svg``:
``str.format`` syntax, each field a plain name (``{{`` and ``}}`` for literal braces).

The date written into a file, if any, is SOURCE_DATE_EPOCH's (``source_date``).
"""

from __future__ import annotations

import contextlib
import math
import os
import signal
import stat
import string
import tempfile
from datetime import datetime, timezone
from typing import Iterator, Mapping, Optional

# The signals actviz.cli turns into exceptions; held off while a temporary file is
# created, so none can arrive between its creation and the code that removes it.
_STOP_SIGNALS = tuple(
    getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name)
)


class OutputError(OSError):
    """A file could not be written; the message is one line, ready for the user."""


class TemplateError(ValueError):
    """An output-name template that cannot be expanded (a usage error)."""


class SourceDateError(ValueError):
    """SOURCE_DATE_EPOCH is set but is not a whole number of seconds (the environment is
    wrong, not the command line: the run fails)."""


# --- atomic writes -------------------------------------------------------------------

def check_writable_folder(path: str) -> None:
    """Fail early, before any costly work, when ``path`` cannot be written.

    A symbolic link is checked where it points, as atomic_write writes there.
    """
    link = os.path.islink(path)
    folder = os.path.dirname(os.path.realpath(path) if link else os.path.abspath(path))
    if not os.path.isdir(folder):
        what = "is not a folder" if os.path.exists(folder) else "does not exist"
        via = f"it links to {os.readlink(path)!r}, and " if link else ""
        raise OutputError(f"cannot write {path!r}: {via}{folder!r} {what}")
    if os.path.isdir(path):
        raise OutputError(f"cannot write {path!r}: it is a folder")
    if _is_special(path):
        return  # a device or pipe (/dev/null, /dev/stdout) is written in place
    if not os.access(folder, os.W_OK | os.X_OK):
        raise OutputError(f"cannot write {path!r}: folder {folder!r} is not writable")
    if os.path.exists(path) and not os.access(path, os.W_OK):
        raise OutputError(f"cannot write {path!r}: the file is read-only")


def _is_special(path: str) -> bool:
    """True for an existing target that is not a regular file (a device, a FIFO)."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False
    return not stat.S_ISREG(mode) and not stat.S_ISDIR(mode)


def _umask() -> int:
    # The only portable way to read the umask is to set it and put it back.
    mask = os.umask(0)
    os.umask(mask)
    return mask


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    """Hold the stop signals back for a moment; they are delivered on leaving."""
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    old = signal.pthread_sigmask(signal.SIG_BLOCK, _STOP_SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]  # a write may take only part of the data


def atomic_write(path: str, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically, never leaving a partial file.

    A new file gets the permissions ``open()`` would give it (0666 less the umask);
    a file that is replaced keeps its permission bits. A symbolic link is followed, so
    the file it points to is replaced and the link stays. A device or a pipe
    (``/dev/null``, ``/dev/stdout``) is written in place, as there is nothing to rename.
    """
    if _is_special(path):
        _write_in_place(path, data)
        return
    target = os.path.realpath(path) if os.path.islink(path) else path
    folder = os.path.dirname(os.path.abspath(target))
    fd = tmp = None
    try:
        with _signals_held():
            fd, tmp = tempfile.mkstemp(
                dir=folder, prefix=f".{os.path.basename(target)}.", suffix=".tmp"
            )
        _write_all(fd, data)
        os.fsync(fd)
        os.close(fd)
        fd = None
        # mkstemp creates the file 0600; give it what a plain open() would have.
        os.chmod(tmp, _mode_for(target))
        os.replace(tmp, target)
    except BaseException as error:
        # Any failure, Ctrl-C and SIGTERM included, leaves the old target alone and no temp file.
        if fd is not None:
            with contextlib.suppress(OSError):
                os.close(fd)
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
        if isinstance(error, OSError):
            raise OutputError(f"cannot write {path!r}: {error.strerror or error}") from None
        raise


def _mode_for(target: str) -> int:
    try:
        return stat.S_IMODE(os.stat(target).st_mode)
    except OSError:
        return 0o666 & ~_umask()


def _write_in_place(path: str, data: bytes) -> None:
    try:
        fd = os.open(path, os.O_WRONLY)
        try:
            _write_all(fd, data)
        finally:
            os.close(fd)
    except OSError as error:
        raise OutputError(f"cannot write {path!r}: {error.strerror or error}") from None


# --- output-name templates -----------------------------------------------------------

def template_fields(template: str) -> list[str]:
    """The fields of an output-name template, in order; ``[]`` for a plain file name."""
    try:
        parsed = list(string.Formatter().parse(template))
    except ValueError as error:
        raise TemplateError(f"bad output-name template {template!r}: {error}") from None
    fields = []
    for _, field, _, conversion in parsed:
        if field is None:
            continue
        if not field.isidentifier():
            shown = "{" + field + "}"
            raise TemplateError(
                f"bad field {shown} in output-name template {template!r}: "
                "a field is a name, such as {name}"
            )
        if conversion is not None:
            raise TemplateError(f"field {{{field}!{conversion}}} in {template!r}: conversions are not supported")
        fields.append(field)
    return fields


def check_template(template: str, known: Mapping[str, object]) -> None:
    """Raise ``TemplateError`` unless every field of ``template`` is among ``known``."""
    for field in template_fields(template):
        if field not in known:
            raise TemplateError(
                f"unknown field {{{field}}} in output-name template {template!r} "
                f"(fields: {', '.join('{' + k + '}' for k in known)})"
            )


def expand_template(template: str, values: Mapping[str, object]) -> str:
    """``template`` with each field replaced; floats are written as in ``file_number``.

    A format spec works as in ``str.format``: ``{alpha:.2f}``.
    """
    check_template(template, values)
    shown = {k: _FileNumber(v) if isinstance(v, float) else v for k, v in values.items()}
    try:
        return template.format_map(shown)
    except ValueError as error:  # a format spec that does not fit the value
        raise TemplateError(f"bad output-name template {template!r}: {error}") from None


def file_number(value: float) -> str:
    """A float for a file name: the shortest text that reads back to it, no '.0' tail.

    Two different values never give the same text (0.1 -> '0.1', 1.0 -> '1', 1e-05 -> '1e-05').
    """
    text = repr(float(value))
    return text[:-2] if math.isfinite(value) and text.endswith(".0") else text


class _FileNumber(float):
    def __format__(self, spec: str) -> str:
        return file_number(self) if not spec else float.__format__(self, spec)


# --- the date in a file ---------------------------------------------------------------

def source_date(environ: Mapping[str, str] = os.environ) -> Optional[datetime]:
    """SOURCE_DATE_EPOCH as a UTC datetime (reproducible-builds.org), None when unset."""
    text = environ.get("SOURCE_DATE_EPOCH", "")
    if not text:
        return None
    try:
        if not (text.isascii() and text.isdigit()):
            raise ValueError
        return datetime.fromtimestamp(int(text), timezone.utc)
    except (ValueError, OverflowError, OSError):
        raise SourceDateError(
            f"environment variable SOURCE_DATE_EPOCH={text!r} is not a whole number of seconds "
            "since 1970-01-01"
        ) from None
