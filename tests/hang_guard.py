"""Fail a test that hangs instead of waiting for it forever."""

from __future__ import annotations

import contextlib
import signal
from collections.abc import Iterator
from types import FrameType

# Generous: this is not a performance bound, only what turns a hang into a failure.
HANG_SECONDS = 20


@contextlib.contextmanager
def hang_guard(seconds: int = HANG_SECONDS) -> Iterator[None]:
    """Raise ``TimeoutError`` in the body if it has not returned after ``seconds``.

    A signal rather than a thread: a runaway ``re`` match holds the GIL, so no other
    thread could notice, but ``re`` does check for signals while it backtracks. Main
    thread only (pytest and its event loop run there).
    """

    def expire(signum: int, frame: FrameType | None) -> None:
        raise TimeoutError(f"did not return within {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
