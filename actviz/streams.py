"""Writing to stdout whole: every byte, or an error.

Python's text stdout hands each write to its binary layer and ignores how much of it
was taken. A buffered binary layer retries until all is written, but an unbuffered one
(``PYTHONUNBUFFERED=1``, ``python -u``) is the raw file, and a short write (a file-size
limit reached, a signal) then loses the rest without a word. Text and binary output
alike go through :func:`write_whole`, which writes all bytes or raises OSError.

This module knows nothing of click or of what is written; it imports only ``io``.
"""

from __future__ import annotations

import errno
import io
import os


def write_whole(write, data) -> None:
    """All of ``data`` through ``write`` (a raw stream's write, or ``os.write`` on a file
    descriptor), which may take only part of it and returns how much it took."""
    view = memoryview(data).cast("B")
    while view:
        written = write(view)
        if not written:  # None: a non-blocking stream that is full
            raise BlockingIOError(errno.EAGAIN, os.strerror(errno.EAGAIN))
        view = view[written:]


class WholeWrites(io.BufferedIOBase):
    """A binary stream whose every write is whole (see :func:`write_whole`)."""

    def __init__(self, stream):
        super().__init__()
        self._stream = stream

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        write_whole(self._stream.write, data)
        return memoryview(data).nbytes

    def flush(self) -> None:
        self._stream.flush()

    def fileno(self) -> int:
        return self._stream.fileno()

    def isatty(self) -> bool:
        return self._stream.isatty()


def with_whole_writes(text):
    """A text stream like ``text`` (sys.stdout: same encoding, errors, binary stream) whose
    every write reaches the binary stream whole; ``text`` itself when it has no binary
    stream to write to (a StringIO, None for a closed stdout)."""
    buffer = getattr(text, "buffer", None)
    if buffer is None or isinstance(buffer, WholeWrites):
        return text
    text.flush()  # what it holds goes first
    return io.TextIOWrapper(
        WholeWrites(buffer), encoding=text.encoding, errors=text.errors,
        line_buffering=getattr(text, "line_buffering", False), write_through=True,
    )
