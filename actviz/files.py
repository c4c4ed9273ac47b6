"""Writing output files so that a failed or interrupted run never damages what was there.

Every file is written to a temporary file in the target's own folder (so the final
rename stays on one file system and is atomic) and renamed into place only once all
of it has been written and flushed.
"""

from __future__ import annotations

import os
import tempfile


class OutputError(OSError):
    """A file could not be written; the message is one line, ready for the user."""


def check_writable_folder(path: str) -> None:
    """Fail early, before any costly work, when ``path``'s folder cannot take a new file."""
    folder = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(folder):
        raise OutputError(f"cannot write {path!r}: folder {folder!r} does not exist")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise OutputError(f"cannot write {path!r}: folder {folder!r} is not writable")
    if os.path.isdir(path):
        raise OutputError(f"cannot write {path!r}: it is a folder")


def _umask() -> int:
    # The only portable way to read the umask is to set it and put it back.
    mask = os.umask(0)
    os.umask(mask)
    return mask


def atomic_write(path: str, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically, with the permissions a new file would get."""
    folder = os.path.dirname(os.path.abspath(path))
    try:
        fd, tmp = tempfile.mkstemp(
            dir=folder, prefix=f".{os.path.basename(path)}.", suffix=".tmp"
        )
    except OSError as error:
        raise OutputError(f"cannot write {path!r}: {error.strerror}") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        # mkstemp creates the file 0600; give it what open() would have: 0666 & ~umask.
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)
    except BaseException as error:
        # Any failure, Ctrl-C included, leaves the old target alone and no temp file.
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(error, OSError):
            raise OutputError(f"cannot write {path!r}: {error.strerror or error}") from None
        raise
