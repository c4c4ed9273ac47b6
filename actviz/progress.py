"""A one-line progress indication on stderr, for long runs (huge `eval`s, `plot --all`).

It shows only on a terminal, and only once a run has lasted ``delay`` seconds, so quick
runs, pipes, logs and tests never see it; it redraws at most ``interval`` times a second
and erases itself when done, so nothing of it stays on the screen.

    with Progress(total=len(jobs), unit="figures") as progress:
        for job in jobs:
            run(job)
            progress.advance()

A caller that prints to the same terminal calls ``clear()`` first; the line comes back
at the next ``advance``.
"""

from __future__ import annotations

import sys
import time
from typing import IO, Callable, Iterable, Iterator, TypeVar

T = TypeVar("T")


class Progress:
    def __init__(
        self,
        total: int | None = None,
        unit: str = "items",
        stream: IO[str] | None = None,
        enabled: bool | None = None,
        delay: float = 0.5,
        interval: float = 0.1,
        clock: Callable[[], float] = time.monotonic,
    ):
        self.total = total
        self.unit = unit
        self.stream = sys.stderr if stream is None else stream
        self.enabled = is_terminal(self.stream) if enabled is None else enabled
        self.done = 0
        self._clock = clock
        self._start = clock()
        self._delay = delay
        self._interval = interval
        self._drawn_at: float | None = None  # None: nothing on the screen
        self._last_draw = -float("inf")

    def advance(self, count: int = 1) -> None:
        self.done += count
        if not self.enabled:
            return
        now = self._clock()
        if now - self._start >= self._delay and now - self._last_draw >= self._interval:
            self._draw(now)

    def text(self) -> str:
        if self.total:
            percent = 100 * self.done // self.total
            return f"actviz: {self.done:,} / {self.total:,} {self.unit} ({percent}%)"
        return f"actviz: {self.done:,} {self.unit}"

    def clear(self) -> None:
        """Erase the line (if it is shown), e.g. before printing to the same terminal."""
        if self._drawn_at is not None:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self._drawn_at = None
            self._last_draw = -float("inf")

    def close(self) -> None:
        self.clear()

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _draw(self, now: float) -> None:
        self.stream.write("\r" + self.text() + "\x1b[K")
        self.stream.flush()
        self._drawn_at = self._last_draw = now


def track(
    items: Iterable[T], progress: Progress, size: Callable[[T], int] = lambda item: 1
) -> Iterator[T]:
    """Yield ``items``, advancing ``progress`` by ``size(item)`` after each one is used."""
    with progress:
        for item in items:
            yield item
            progress.advance(size(item))


def is_terminal(stream: IO[str]) -> bool:
    """``stream.isatty()``, False for a stream without one or a closed one."""
    isatty = getattr(stream, "isatty", None)
    try:
        return bool(isatty and isatty())
    except ValueError:  # a closed stream
        return False
