"""Writing output files atomically, and binary output to stdout.

Every file is written to a temporary file in the target's own folder (so the final
rename stays on one file system and is atomic) and renamed into place only once all
of it has been written and flushed. Whatever goes wrong before that, an exception,
Ctrl-C or SIGTERM (which ``actviz.cli`` turns into an exception), the old target is
left as it was and the temporary file is removed. Parallel runs cannot collide:
each temporary name is made unique by ``mkstemp`` (created with O_EXCL).

Which files a run writes, and under what names, is :mod:`actviz.outputs`' business.
"""

from __future__ import annotations

import contextlib
import errno
import functools
import os
import signal
import stat
import sys
import tempfile
import threading
from typing import Iterator

from actviz.errors import RunError
from actviz.streams import write_whole

# The signals actviz.cli turns into exceptions; held off while a temporary file is
# created, so none can arrive between its creation and the code that removes it.
_STOP_SIGNALS = tuple(
    getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name)
)


class OutputError(RunError, OSError):
    """A file could not be written; the message is one line, ready for the user."""

    on_stdout = False


class StdoutError(OutputError):
    """Binary output to stdout failed (a full disk, a closed stdout)."""

    on_stdout = True


# --- atomic writes -------------------------------------------------------------------

def check_writable_folder(path: str) -> None:
    """Fail early, before any costly work, when ``path`` cannot be written.

    A symbolic link is checked where it points, as atomic_write writes there.
    """
    _refuse_link_loop(path)
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


def _refuse_link_loop(path: str) -> None:
    """OutputError for a symbolic link that never reaches a file (a loop): realpath
    would give the link itself, and the rename would replace the link."""
    try:
        os.stat(path)
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise OutputError(f"cannot write {path!r}: {error.strerror}") from None


def is_terminal(path: str) -> bool:
    """True when ``path`` is a terminal (/dev/tty, /dev/pts/3, /dev/stdout on one)."""
    if not _is_special(path):
        return False
    try:
        # O_NOCTTY: looking must not make it our controlling terminal; O_NONBLOCK: nor wait.
        fd = os.open(path, os.O_WRONLY | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return False  # what cannot be opened is told when it is written
    try:
        return os.isatty(fd)
    finally:
        os.close(fd)


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
    """Hold the stop signals back for a moment: one that arrives meanwhile is acted on
    (its handler called, or the process ended by it) on leaving. Done with Python-level
    handlers: blocking the signals (pthread_sigmask) holds them from this thread only, and
    a native thread (numpy's BLAS pool) takes the signal and Python runs its handler here
    all the same. Ignored signals stay ignored; off the main thread nothing is held."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    arrived: list = []
    saved = {}
    for signum in _STOP_SIGNALS:
        handler = signal.getsignal(signum)
        if handler not in (signal.SIG_IGN, None):  # None: a handler set outside Python
            saved[signum] = handler
            signal.signal(signum, lambda number, frame: arrived.append((number, frame)))
    try:
        yield
    finally:
        for signum, handler in saved.items():
            signal.signal(signum, handler)
        for signum, frame in arrived[:1]:  # the first: it ends the run, as it would have
            handler = saved[signum]
            if callable(handler):
                handler(signum, frame)
            else:  # SIG_DFL: end as the signal ends a process
                signal.raise_signal(signum)


def atomic_write(path: str, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically, never leaving a partial file.

    A new file gets the permissions ``open()`` would give it (0666 less the umask);
    a file that is replaced keeps its permission bits. A symbolic link is followed, so
    the file it points to is replaced and the link stays. A device or a pipe
    (``/dev/null``, ``/dev/stdout``) is written in place, as there is nothing to rename.
    """
    with Staged() as staged:
        staged.write(path, data)


class Staged:
    """The files of one run, each written to a temporary file beside its target and all
    renamed into place together when the ``with`` block ends without an error: a run that
    fails after writing some of its files (a full disk, an unwritable folder, Ctrl-C)
    leaves every target as it was, and no temporary file. ``reserve`` creates a target's
    temporary file before any costly work, so that a folder where no file can be made
    fails the run before anything is drawn. '-' (stdout) and devices are written at once.
    """

    def __init__(self):
        self._temporary: dict[str, tuple[str, str]] = {}  # path: (temporary file, target)

    def __enter__(self) -> "Staged":
        return self

    def __exit__(self, kind, error, traceback) -> None:
        if kind is None:
            self._rename_all()
        else:
            self._remove_all()

    def reserve(self, path: str) -> None:
        if path == "-" or _is_special(path) or path in self._temporary:
            return
        _refuse_link_loop(path)
        target = os.path.realpath(path) if os.path.islink(path) else path
        folder = os.path.dirname(os.path.abspath(target))
        try:
            with _signals_held():  # no stop between its creation and its record here
                fd, tmp = tempfile.mkstemp(dir=folder, prefix=_temporary_prefix(folder, target), suffix=".tmp")
                self._temporary[path] = (tmp, target)
                os.close(fd)
        except OSError as error:
            raise OutputError(f"cannot write {path!r}: {error.strerror or error}") from None

    def write(self, path: str, data: bytes) -> None:
        if path == "-":
            write_stdout(data)
            return
        if _is_special(path):
            _write_in_place(path, data)
            return
        self.reserve(path)
        tmp, target = self._temporary[path]
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_TRUNC)
            try:
                write_whole(functools.partial(os.write, fd), data)
                os.fsync(fd)
            finally:
                os.close(fd)
            # mkstemp creates the file 0600; give it what a plain open() would have.
            os.chmod(tmp, _mode_for(target))
        except OSError as error:
            raise OutputError(f"cannot write {path!r}: {error.strerror or error}") from None

    def _rename_all(self) -> None:
        # Ctrl-C and SIGTERM wait until all are renamed: the run then ends with all of its
        # files in place. A rename that fails (the folder removed meanwhile) cannot undo
        # those done before it: the rest are removed and the run fails.
        with _signals_held():
            try:
                while self._temporary:
                    path, (tmp, target) = next(iter(self._temporary.items()))
                    try:
                        os.replace(tmp, target)
                    except OSError as error:
                        raise OutputError(f"cannot write {path!r}: {error.strerror or error}") from None
                    del self._temporary[path]
            finally:
                self._remove_all()

    def _remove_all(self) -> None:
        with _signals_held():  # a second Ctrl-C leaves no temporary file either
            for tmp, _ in self._temporary.values():
                with contextlib.suppress(OSError):
                    os.unlink(tmp)
            self._temporary.clear()


# What mkstemp adds to the prefix: eight random characters and the ".tmp" suffix.
_TEMPORARY_EXTRA = 8 + len(".tmp")


def _temporary_prefix(folder: str, target: str) -> str:
    """'.NAME.' for the temporary file, NAME cut short so that the whole temporary name
    stays within the file system's limit: any name that may be written has one."""
    try:
        limit = os.pathconf(folder, "PC_NAME_MAX")
    except (OSError, ValueError, AttributeError):
        limit = 255
    name = os.fsencode(os.path.basename(target))
    room = limit - _TEMPORARY_EXTRA - 2  # the two dots; the limit is in bytes
    return f".{name[:room].decode(sys.getfilesystemencoding(), 'ignore')}."


def _mode_for(target: str) -> int:
    try:
        return stat.S_IMODE(os.stat(target).st_mode)
    except OSError:
        return 0o666 & ~_umask()


def _write_in_place(path: str, data: bytes) -> None:
    try:
        fd = os.open(path, os.O_WRONLY)
        try:
            write_whole(functools.partial(os.write, fd), data)
        finally:
            os.close(fd)
    except OSError as error:
        raise OutputError(f"cannot write {path!r}: {error.strerror or error}") from None


def write_output(path: str, data: bytes) -> None:
    """``data`` to ``path`` atomically (see ``atomic_write``), or to stdout for '-'."""
    atomic_write(path, data)


def write_stdout(data: bytes) -> None:
    """All of ``data`` to stdout's binary stream, then flushed. An unbuffered stdout
    (PYTHONUNBUFFERED) may take part of a write: the rest is written after it. A failed
    write (a full disk, a closed stdout) is a StdoutError; a reader that went away is a
    BrokenPipeError, for the caller to take quietly."""
    try:
        if sys.stdout is None:  # started with stdout closed (`>&-`)
            raise OSError(errno.EBADF, "stdout is closed")
        stream = sys.stdout.buffer
        write_whole(stream.write, data)
        stream.flush()
    except BrokenPipeError:
        raise
    except OSError as error:
        raise StdoutError(f"cannot write to stdout: {error.strerror or error}") from None
