"""Work spread over the machine's cores for long exports, results kept in order.

Worker processes are started fresh ("spawn"), never forked: the window's threads
and the store's open connections must not be copied into a child. A frozen app
(an installer's bundle) runs everything in-line, as does a machine with one core.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any, TypeVar

C = TypeVar("C")  # what the caller keeps beside an item: never sent to a worker
P = TypeVar("P")  # what a worker gets
R = TypeVar("R")  # what it gives back

AHEAD = 4  # batches in flight per worker: enough to keep it busy, little memory


def workers_for(items: int, *, at_least: int) -> int:
    """How many worker processes a job of `items` deserves: none below `at_least`."""
    if items < at_least or getattr(sys, "frozen", False) or not _main_can_be_imported():
        return 0
    return min(2, os.cpu_count() or 1) if (os.cpu_count() or 1) > 1 else 0


def _main_can_be_imported() -> bool:
    """A spawned worker imports the parent's main module again: it must be a module
    or a file (not a program read from stdin)."""
    main = sys.modules.get("__main__")
    spec = getattr(main, "__spec__", None)
    path = getattr(main, "__file__", None)
    return bool(spec and spec.name) or bool(path and os.path.exists(path))


def _worker_start() -> None:
    # Ctrl+C reaches the whole process group: the parent decides what happens.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # A parent killed outright (SIGKILL) cannot stop its workers: they stop themselves.
    parent = multiprocessing.parent_process()
    if parent is not None:
        threading.Thread(target=_exit_with, args=(parent,), daemon=True).start()


def _exit_with(parent: multiprocessing.process.BaseProcess) -> None:
    parent.join()
    os._exit(1)


def ordered_map(fn: Callable[[P], R], items: Iterable[tuple[C, P]], *,
                workers: int) -> Iterator[tuple[C, R]]:
    """(context, fn(payload)) for each (context, payload), in order; with `workers`,
    in that many processes (`fn` must be a module-level function)."""
    if workers <= 0:
        for context, payload in items:
            yield context, fn(payload)
        return
    pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"),
                               initializer=_worker_start)
    pending: deque[tuple[C, Future[Any]]] = deque()
    try:
        for context, payload in items:
            pending.append((context, pool.submit(fn, payload)))
            if len(pending) >= AHEAD * workers:
                done_context, future = pending.popleft()
                yield done_context, future.result()
        while pending:
            done_context, future = pending.popleft()
            yield done_context, future.result()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
