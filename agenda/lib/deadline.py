"""A time limit on a piece of work, as a backstop: `with time_limit(20): …`.

Budgets in bytes, lines and nodes keep work bounded by construction; this only stops what slips
through (a page read, a request) so that it cannot hold a worker forever. It uses SIGALRM, which
Python's regular expression engine checks while it runs, so it only applies in the main thread
(gunicorn's sync workers, commands); elsewhere the work runs without a limit. Limits nest: the
earliest deadline fires, with its own exception.
"""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager


class TimeLimitExceeded(Exception):
    def __init__(self, seconds: float):
        super().__init__(f"plus de {seconds:g} s")
        self.seconds = seconds


_deadlines: list[tuple[float, float]] = []  # (monotonic deadline, seconds), innermost last


def _usable() -> bool:
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


def _arm() -> None:
    if not _deadlines:
        signal.setitimer(signal.ITIMER_REAL, 0)
        return
    remaining = min(deadline for deadline, _ in _deadlines) - time.monotonic()
    signal.setitimer(signal.ITIMER_REAL, max(remaining, 0.001))


def _expired(signum, frame) -> None:
    now = time.monotonic()
    due = [(deadline, seconds) for deadline, seconds in _deadlines if deadline <= now]
    if due:
        raise TimeLimitExceeded(min(due)[1])
    _arm()  # woken early (an outer limit re-armed): wait for the next deadline


@contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    if not seconds or seconds <= 0 or not _usable():
        yield
        return
    entry = (time.monotonic() + seconds, seconds)
    previous = signal.signal(signal.SIGALRM, _expired) if not _deadlines else None
    _deadlines.append(entry)
    _arm()
    try:
        yield
    finally:
        _deadlines.remove(entry)
        _arm()
        if previous is not None:
            signal.signal(signal.SIGALRM, previous)
