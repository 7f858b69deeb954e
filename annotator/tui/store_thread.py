"""The UI's database thread: one running thread takes the jobs on the writing connection.

Why not a Textual worker per write: a worker starts as an asyncio task, so its thread only
starts once the event loop has finished the frame the key caused (closing a picker redraws the
whole screen), and a link's type key waited about 100 ms to be stored. A thread that is
already waiting on a queue takes the job the moment the key handler queues it. Jobs run one
at a time, in the order they were queued (a tag and its undo can never swap), each holding
the connection's lock, which the search and the argument map take too.

The thread knows nothing of Textual: a job delivers its own result (the app posts a message,
which is thread-safe).
"""

from __future__ import annotations

import queue
import sys
import threading
from collections.abc import Callable

Job = Callable[[], None]

SWITCH_INTERVAL_S = 0.0005
"""How long the UI thread may hold the GIL while this thread waits for it (Python's default
is 5 ms). Every SQLite call of a job gives the GIL up and takes it back; behind a frame being
drawn, each of those took up to the full default, about twenty of them per link. Only a
thread that waits for the GIL makes the interval matter, so an idle app pays nothing."""


class StoreThread:
    """Runs queued jobs in order on one thread until stopped."""

    def __init__(self, lock: threading.Lock) -> None:
        self._lock = lock
        self._jobs: queue.Queue[Job | None] = queue.Queue()
        self._thread = threading.Thread(target=self._run, name="annotator-store", daemon=True)
        self._interval = sys.getswitchinterval()

    def start(self) -> None:
        """Start taking jobs (and let a waiting job have the GIL sooner)."""
        sys.setswitchinterval(SWITCH_INTERVAL_S)
        self._thread.start()

    def submit(self, job: Job) -> None:
        """Queue a job; it runs after those queued before it."""
        self._jobs.put(job)

    def drain(self) -> None:
        """Block until every job queued so far has run (tests and benchmarks wait on it)."""
        self._jobs.join()

    def stop(self) -> None:
        """Finish the jobs queued (a write the screen is waiting for is not lost), then stop."""
        if self._thread.is_alive():
            self._jobs.put(None)
            self._thread.join()
        sys.setswitchinterval(self._interval)

    def _run(self) -> None:
        while True:
            job = self._jobs.get()
            try:
                if job is None:
                    return
                with self._lock:
                    job()
            finally:
                self._jobs.task_done()
