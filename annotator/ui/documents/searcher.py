"""Corpus searches off the GUI thread, the newest query winning.

Typing in the search box asks for a query's first page, then its count; each key
press makes the question before it stale. The searcher runs one question at a time
on its own thread: a newer one stops the running query (SQLite is interrupted
between steps) and drops the queued ones, and the answers of stale questions never
reach the window. Pages further down are asked for as the list scrolls.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, Signal

from annotator.applog import log_unexpected
from annotator.core.errors import AnnotatorError, Cancelled
from annotator.store import Query, Store


class _Stale:
    """The stop question of a job (is a newer question asked?), which also holds the
    connection its query runs on, so that a newer question interrupts it at once."""

    def __init__(self, searcher: Searcher, generation: int) -> None:
        self._searcher = searcher
        self._generation = generation

    def __call__(self) -> bool:
        return self._generation != self._searcher.generation

    def watch(self, connection: Any) -> None:
        with self._searcher._wake:
            self._searcher._running = connection
            if connection is not None and self():
                connection.interrupt()


@dataclass(frozen=True, slots=True)
class _Job:
    generation: int
    work: Callable[[Callable[[], bool]], Any]  # work(stop) -> result
    kind: str  # "page", "count", "more"


class Searcher(QObject):
    """Answers come as signals, tagged with the generation of the question."""

    pageReady = Signal(int, object)  # generation, list[DocumentRow]
    moreReady = Signal(int, int, object)  # generation, offset, list[DocumentRow]
    countReady = Signal(int, int)  # generation, matches
    failed = Signal(int, str)  # generation, what to tell the user

    def __init__(self, store: Store, parent: QObject | None = None, *,
                 inline: bool = False) -> None:
        super().__init__(parent)
        self.store = store
        self.inline = inline  # tests: answer at once, on the caller's thread
        self.generation = 0
        self._jobs: deque[_Job] = deque()
        self._wake = threading.Condition()
        self._closed = False
        self._running: Any = None  # the connection of the query running now
        self._thread: threading.Thread | None = None
        if not inline:
            self._thread = threading.Thread(target=self._run, name="searcher", daemon=True)
            self._thread.start()

    def search(self, query: Query, annotator: str, first_page: int) -> int:
        """Ask for a query's first page and count; returns its generation. Everything
        asked before is dropped, and a query running now is stopped."""
        with self._wake:
            self.generation += 1
            generation = self.generation
            self._jobs.clear()
            if self._running is not None:  # stop it now, not at its next step
                self._running.interrupt()
            search = self.store.search
            self._jobs.append(_Job(generation, lambda stop: search.page(
                query, annotator, 0, first_page, stop=stop), "page"))
            self._jobs.append(_Job(generation, lambda stop: search.count(query, stop=stop),
                                   "count"))
            self._wake.notify()
        if self.inline:
            self._drain()
        return generation

    def more(self, generation: int, query: Query, annotator: str, offset: int,
             limit: int) -> None:
        """Ask for the page at ``offset`` of the current query (the list scrolled)."""
        with self._wake:
            if generation != self.generation:
                return
            search = self.store.search
            self._jobs.appendleft(_Job(generation, lambda stop: (offset, search.page(
                query, annotator, offset, limit, stop=stop)), "more"))
            self._wake.notify()
        if self.inline:
            self._drain()

    def close(self) -> None:
        with self._wake:
            self._closed = True
            self.generation += 1  # stops the running query
            self._jobs.clear()
            self._wake.notify()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def _run(self) -> None:
        while True:
            with self._wake:
                while not self._jobs and not self._closed:
                    self._wake.wait()
                if self._closed:
                    return
                job = self._jobs.popleft()
            self._answer(job)

    def _drain(self) -> None:
        while self._jobs:
            self._answer(self._jobs.popleft())

    def _answer(self, job: _Job) -> None:
        """Run one job and send its answer, unless a newer question came meanwhile."""
        stale = _Stale(self, job.generation)
        if stale():
            return
        try:
            result = job.work(stale)
        except Cancelled:
            return
        except AnnotatorError as exc:
            self.failed.emit(job.generation, str(exc))
            return
        except Exception as exc:  # never lost in this thread
            path = log_unexpected(exc, "searching the documents")
            self.failed.emit(job.generation, f"The search failed; details are in {path}")
            return
        if stale():
            return
        try:
            if job.kind == "page":
                self.pageReady.emit(job.generation, result)
            elif job.kind == "count":
                self.countReady.emit(job.generation, result)
            else:
                self.moreReady.emit(job.generation, *result)
        except RuntimeError:  # the window went while the answer was on its way
            return
