"""The two kinds of error actviz raises on purpose, so that a caller can tell them apart.

Every message is one line, written for the person who made the call, and names the
library's keyword arguments (``range``, ``size``), never a command line's flags: the
command line adds those itself (``option`` says which keyword an error is about).

- :class:`UsageError`: the caller asked for something that cannot be done (an unknown
  name, a parameter outside its domain, a range backwards). The command line exits 2.
- :class:`RunError`: the request was fine but the run failed (a file could not be
  written, stdin held a word that is not a number). The command line exits 1.

This module imports nothing, so that the command line can catch both without cost.
"""

from __future__ import annotations


class ActvizError(Exception):
    """Base of every error actviz raises on purpose; ``str(error)`` is one line."""

    def __init__(self, message: str = "", option: str | None = None):
        super().__init__(message)
        self.option = option  # the keyword argument the error is about, if one is


class UsageError(ActvizError, ValueError):
    """The call asked for something that cannot be done: the caller's mistake."""


class RunError(ActvizError):
    """The call was fine, but the run failed (writing a file, reading input)."""
