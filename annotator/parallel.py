"""Pure-Python work done by worker processes while this process writes what comes back.

An import cleans text and a load parses and checks JSON: both pure Python, which alone would
take as long as SQLite takes to write the result. Worker processes do that part; this process
gets the results in the order of the input, as it would computing them itself.
"""

from __future__ import annotations

import os
import pickle
import signal
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import islice
from typing import Any, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

MAX_WORKERS = 2
"""Two workers keep up with SQLite writing (an import, a load) on the machines we measured."""
WORKER_NICENESS = 10
"""How much lower the workers' scheduling priority is: with fewer cores than processes, the
writing process (whose work nobody else can do) goes first, and the workers fill the gaps."""
READ_AHEAD = 4
"""Items each worker may have done (or be doing) before the caller asks for them."""


def worker_count() -> int:
    """Worker processes to use; none on a single core, where they could only wait for the
    writing process or slow it down."""
    cores = os.cpu_count() or 1
    return min(MAX_WORKERS, cores) if cores > 1 else 0


def ordered_map(
    function: Callable[[Item], Result],
    items: Iterable[Item],
    initializer: Callable[..., None] | None = None,
    initargs: tuple[Any, ...] = (),
) -> Iterator[Result]:
    """``function`` of each item, in order, computed by ``worker_count()`` worker processes.

    ``function`` (and ``initializer``, run once in each worker first) must be module-level
    functions, so workers can find them. At most ``READ_AHEAD`` items per worker are done
    ahead of the one the caller is waiting for, so memory does not grow with the input when
    the caller is the slower side. An exception (a ``UserError`` naming what is wrong) comes
    out when its item's turn comes, after the items before it, as it would in one process.
    Leaving early (an error, or the caller stops) cancels the items not started.
    """
    workers = max(1, worker_count())
    with ProcessPoolExecutor(
        max_workers=workers, initializer=_start_worker, initargs=(initializer, initargs)
    ) as executor:
        pending: deque[Future[bytes]] = deque()
        queued = iter(items)
        try:
            for item in islice(queued, workers * READ_AHEAD):
                pending.append(executor.submit(_pickled, function, item))
            while pending:
                result = pending.popleft().result()
                for item in islice(queued, 1):
                    pending.append(executor.submit(_pickled, function, item))
                yield pickle.loads(result)
        finally:
            for future in pending:
                future.cancel()


def _pickled(function: Callable[[Item], Result], item: Item) -> bytes:
    """In a worker: ``function(item)``, pickled here rather than by the pool.

    The pool would unpickle the result in its result thread, in the writing process, as soon
    as it arrives, competing with the thread that writes for the interpreter lock; as bytes,
    it is unpickled by the writer, when it comes to it.
    """
    return pickle.dumps(function(item), protocol=pickle.HIGHEST_PROTOCOL)


def _start_worker(initializer: Callable[..., None] | None, initargs: tuple[Any, ...]) -> None:
    """In a worker: leave Ctrl-C to the main process (which stops the work and the pool), step
    back for the process that writes, then run the caller's initializer."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(os, "nice"):  # not on Windows
        os.nice(WORKER_NICENESS)
    if initializer is not None:
        initializer(*initargs)
