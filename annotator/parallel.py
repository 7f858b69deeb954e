"""Pure-Python work done by worker processes while this process writes what comes back.

An import cleans text and a load parses and checks JSON: both pure Python, which alone would
take as long as SQLite takes to write the result. Worker processes do that part; this process
gets the results in the order of the input, as it would computing them itself.

Workers never outlive the work. Leaving early (an error, Ctrl-C, SIGTERM turned into one by the
CLI) kills them rather than waiting for what they are doing. And a worker dies with the process
that started it, even one killed with SIGKILL, which can clean nothing up: on Linux the kernel
kills it (``PR_SET_PDEATHSIG``); on other Unixes a thread in the worker watches its parent.
Without this, workers of a killed import sat reparented to PID 1 for ever, holding its stderr.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import pickle
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
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
PARENT_CHECK_SECONDS = 0.5
"""Where the kernel cannot kill a worker with its parent: how often the worker looks."""
_PR_SET_PDEATHSIG = 1
"""``prctl`` option (linux/prctl.h): the signal this process gets when its parent dies."""
_CONTEXT = multiprocessing.get_context("fork" if sys.platform == "linux" else None)
"""Fork on Linux, as Python 3.11 does by default there, said explicitly: workers start at once
(nothing to import again), and the caller is their parent, whose death ``PR_SET_PDEATHSIG``
watches. A fork server (the default from Python 3.14) would be their parent instead. Elsewhere,
the platform's default (spawn on macOS and Windows) also makes the caller the parent."""


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
    Leaving early (an error, an interrupt, or the caller stops) kills the workers: what they
    are doing is not wanted, and waiting for it could take as long as the biggest item.
    Iterate in one thread: on Linux the workers die when the thread that started them ends.
    """
    workers = max(1, worker_count())
    executor = ProcessPoolExecutor(
        max_workers=workers,
        mp_context=_CONTEXT,
        initializer=_start_worker,
        initargs=(os.getpid(), initializer, initargs),
    )
    done = False
    try:
        pending: deque[Future[bytes]] = deque()
        queued = iter(items)
        with _interrupts_held():  # the first submit forks the workers
            for item in islice(queued, workers * READ_AHEAD):
                pending.append(executor.submit(_pickled, function, item))
        while pending:
            result = pending.popleft().result()
            for item in islice(queued, 1):
                pending.append(executor.submit(_pickled, function, item))
            yield pickle.loads(result)
        done = True
    finally:
        if not done:
            _kill_workers(executor)
        # Waiting for the pool's thread matters even when killed: one still cleaning up as the
        # interpreter exits races the exit's own cleanup ("Bad file descriptor" tracebacks).
        executor.shutdown(wait=True, cancel_futures=True)


@contextmanager
def _interrupts_held() -> Iterator[None]:
    """SIGINT and SIGTERM wait for the end of the block (on Unix), then arrive as usual.

    One arriving while the pool forks its workers is raised by Python in a fork hook of the
    ``logging`` module, which swallows it: the work would go on as if nothing had been asked.
    One arriving while the pool starts its thread would leave a thread that cannot be joined.
    The workers and that thread inherit the mask, which is moot: the workers ignore both
    signals, and Python runs handlers in the main thread anyway.
    """
    if not hasattr(signal, "pthread_sigmask"):  # Windows, where nothing is forked
        yield
        return
    before = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, before)


def _kill_workers(executor: ProcessPoolExecutor) -> None:
    """Kill the pool's workers; the pool then finds them dead, fails what was pending, and its
    thread ends.

    This process's end of the pipe the workers send results through is closed too: a worker
    killed half way through sending one would leave the pool's thread waiting for the rest
    for ever, and the process with it when it exits (seen once in 20 SIGTERMs of a load).
    """
    for process in list(executor._processes.values()):
        process.kill()
    executor._result_queue._writer.close()  # type: ignore[attr-defined]


def _pickled(function: Callable[[Item], Result], item: Item) -> bytes:
    """In a worker: ``function(item)``, pickled here rather than by the pool.

    The pool would unpickle the result in its result thread, in the writing process, as soon
    as it arrives, competing with the thread that writes for the interpreter lock; as bytes,
    it is unpickled by the writer, when it comes to it.
    """
    return pickle.dumps(function(item), protocol=pickle.HIGHEST_PROTOCOL)


def _start_worker(
    parent: int, initializer: Callable[..., None] | None, initargs: tuple[Any, ...]
) -> None:
    """In a worker: die with ``parent``, leave Ctrl-C and SIGTERM to it (it stops the work and
    kills the pool), step back for the process that writes, then run the caller's initializer.
    """
    _die_with(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    if hasattr(os, "nice"):  # not on Windows
        os.nice(WORKER_NICENESS)
    if initializer is not None:
        initializer(*initargs)


def _die_with(parent: int) -> None:
    """In a worker: make sure it ends when ``parent``, the process that started it, does.

    On Linux the kernel sends SIGKILL when the parent dies; a parent that died before that was
    asked for (the worker then already has another parent) is caught just after. Elsewhere a
    thread checks every ``PARENT_CHECK_SECONDS`` (not on Windows, where an orphan keeps its
    parent's id: there a killed parent still leaves its workers).
    """
    if sys.platform == "linux":
        libc = ctypes.CDLL(None, use_errno=True)
        if libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_SET_PDEATHSIG) failed")
        if os.getppid() != parent:
            os._exit(1)
    else:
        threading.Thread(target=watch_parent, args=(parent,), daemon=True).start()


def watch_parent(parent: int) -> None:
    """Exit this process as soon as its parent is no longer ``parent`` (it died, and this
    process was given to another); checks every ``PARENT_CHECK_SECONDS``, forever."""
    while os.getppid() == parent:
        time.sleep(PARENT_CHECK_SECONDS)
    os._exit(1)
