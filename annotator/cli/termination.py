"""SIGTERM stops a verb the way Ctrl-C does.

By default SIGTERM (``kill PID``, a service manager, a system shutdown) ends the process on the
spot: the database rolls back on its next opening, but worker processes and an export's
temporary file are left to others to clean up. Raised as ``KeyboardInterrupt`` instead, it
unwinds like Ctrl-C: the open transaction rolls back, the workers are killed, the temporary
file removed, and the CLI reports one ``error: interrupted`` line and exits 1.

Verbs only: the UI keeps the default, as a ``KeyboardInterrupt`` raised in Textual's event
loop leaves the process hanging after the screen is restored.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType
from typing import NoReturn


@contextmanager
def sigterm_interrupts() -> Iterator[None]:
    """Within the block, SIGTERM raises ``KeyboardInterrupt`` in the main thread.

    The handler before is put back after the block, so a caller running verbs in-process (the
    tests) keeps its own. Only the main thread may set handlers: elsewhere nothing changes.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGTERM, _interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _interrupt(signum: int, frame: FrameType | None) -> NoReturn:
    """The SIGTERM handler: stop what the main thread is doing, as Ctrl-C would."""
    raise KeyboardInterrupt
