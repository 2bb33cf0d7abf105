"""Live suggestions for the window: patterns and a model run on their own thread, never
on the GUI thread, and what they propose is cached per document and version.

Loading (spaCy, a model) happens on that thread too. The document on screen goes
first; the documents after it are worked out meanwhile when the thread is idle, so
the next one is usually ready before it is opened.
"""

from __future__ import annotations

import threading
from collections import OrderedDict, deque
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal

from annotator.core.errors import AnnotatorError
from annotator.core.model import Suggestion

CACHE_DOCUMENTS = 500  # documents' suggestions kept per suggester version

Found = list[tuple[Any, list[Suggestion]]]  # (suggester, its suggestions) per document


class SuggestionEngine(QObject):
    """Active suggesters (at most one of patterns, one of a model) and their results.

    ``ready(uid)`` says that the suggestions of a document requested are in the cache
    (``cached(uid)``); ``changed()`` that the active suggesters changed;
    ``failed(message)`` that loading or running one failed as expected (a bad model
    folder), ``crashed(exception)`` that it failed unexpectedly."""

    ready = Signal(str)
    changed = Signal()
    failed = Signal(str)
    crashed = Signal(object)  # an unexpected exception, for the error dialog
    _loaded = Signal(str, object)  # slot ("patterns" or "model"), suggester or None

    def __init__(self, parent: QObject | None = None, *, inline: bool = False) -> None:
        super().__init__(parent)
        self.inline = inline  # tests: everything at once on the caller's thread
        self.suggesters: dict[str, Any] = {}  # "patterns" / "model" -> suggester
        self._cache: OrderedDict[tuple[str, str], list[Suggestion]] = OrderedDict()
        self._cache_lock = threading.Lock()  # the GUI thread reads, the engine's writes
        self._lock = threading.Condition()
        self._jobs: deque[tuple[str, Any]] = deque()  # ("load", fn) / ("suggest", (uid, text))
        self._first: tuple[str, str] | None = None  # the document on screen: goes first
        self._closed = False
        self._loaded.connect(self._set_suggester)
        self._thread: threading.Thread | None = None
        if not inline:
            self._thread = threading.Thread(target=self._run, name="suggestions", daemon=True)
            self._thread.start()

    # --------------------------------------------------------------- choosing

    def load(self, slot: str, make: Callable[[], Any]) -> None:
        """Make a suggester on the engine's thread (``make`` loads spaCy, a model) and
        make it the active one of its slot; ``make`` raising AnnotatorError is
        reported by ``failed``."""
        self._submit(("load", (slot, make)))

    def drop(self, slot: str) -> None:
        if self.suggesters.pop(slot, None) is not None:
            self.changed.emit()

    def active(self) -> bool:
        return bool(self.suggesters)

    def versions(self) -> str:
        return "+".join(f"{slot}:{s.version}" for slot, s in sorted(self.suggesters.items()))

    def describe(self) -> str:
        return ", ".join(_describe(slot, s) for slot, s in sorted(self.suggesters.items()))

    # --------------------------------------------------------------- asking

    def cached(self, uid: str) -> Found | None:
        """What the active suggesters propose for a document, if worked out already."""
        found = []
        with self._cache_lock:
            for suggester in self.suggesters.values():
                hit = self._cache.get((uid, suggester.version))
                if hit is None:
                    return None
                self._cache.move_to_end((uid, suggester.version))
                found.append((suggester, hit))
        return found

    def request(self, uid: str, text: str, *, ahead: list[tuple[str, str]] = ()) -> None:
        """Work out a document's suggestions (``ready(uid)`` when done), then those of
        the documents ``ahead`` (uid, text) if the thread is idle."""
        if not self.suggesters:
            return
        with self._lock:
            self._first = (uid, text)
            self._set_ahead(ahead)
        if self.inline:
            self._drain()

    def work_ahead(self, ahead: list[tuple[str, str]]) -> None:
        """Work out the documents ``ahead`` (uid, text) when the thread is idle, instead
        of those asked before."""
        if not self.suggesters:
            return
        with self._lock:
            self._set_ahead(ahead)
        if self.inline:
            self._drain()

    def _set_ahead(self, ahead: list[tuple[str, str]]) -> None:
        # Under the lock. What was asked before and not started is dropped.
        self._jobs = deque(job for job in self._jobs if job[0] == "load")
        for item in ahead:
            self._jobs.append(("suggest", item))
        self._lock.notify()

    def close(self) -> None:
        with self._lock:
            self._closed = True
            self._jobs.clear()
            self._first = None
            self._lock.notify()
        if self._thread is not None:
            self._thread.join(timeout=10)

    # --------------------------------------------------------------- working

    def _submit(self, job: tuple[str, Any]) -> None:
        with self._lock:
            self._jobs.append(job)
            self._lock.notify()
        if self.inline:
            self._drain()

    def _next_job(self, *, block: bool) -> tuple[str, Any] | None:
        with self._lock:
            while not self._closed:
                loads = [job for job in self._jobs if job[0] == "load"]
                if loads:  # a new suggester first: what follows needs it
                    self._jobs.remove(loads[0])
                    return loads[0]
                if self._first is not None:
                    first, self._first = self._first, None
                    return ("suggest", first)
                if self._jobs:
                    return self._jobs.popleft()
                if not block:
                    return None
                self._lock.wait()
            return None

    def _run(self) -> None:
        while True:
            job = self._next_job(block=True)
            if job is None:
                return
            self._work(job)

    def _drain(self) -> None:
        while (job := self._next_job(block=False)) is not None:
            self._work(job)

    def _work(self, job: tuple[str, Any]) -> None:
        kind, payload = job
        try:
            if kind == "load":
                slot, make = payload
                self._loaded.emit(slot, make())
            else:
                self._suggest(*payload)
        except AnnotatorError as exc:
            self.failed.emit(str(exc))
        except Exception as exc:  # never lost in this thread: the GUI thread shows it
            self.crashed.emit(exc)

    def _suggest(self, uid: str, text: str) -> None:
        suggesters = list(self.suggesters.values())
        for suggester in suggesters:
            key = (uid, suggester.version)
            with self._cache_lock:
                if key in self._cache:
                    continue
            (found,) = suggester.suggest([text])
            with self._cache_lock:
                self._cache[key] = found
                while len(self._cache) > CACHE_DOCUMENTS * max(1, len(suggesters)):
                    self._cache.popitem(last=False)
        if suggesters:
            self.ready.emit(uid)

    def _set_suggester(self, slot: str, suggester: Any) -> None:
        if suggester is None:
            self.suggesters.pop(slot, None)
        else:
            self.suggesters[slot] = suggester
        self.changed.emit()


def _describe(slot: str, suggester: Any) -> str:
    if slot == "model":
        name = getattr(suggester, "path", None)
        name = name.name if name is not None else "?"
        return name if name.startswith("model") else f"model {name}"
    return "patterns"
