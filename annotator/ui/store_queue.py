"""All store writes from the window, one at a time, in order, and never waiting for a
lock on the GUI thread.

The GUI thread submits an operation and carries on. The operation runs on a
background thread, and its result (or error) comes back to the GUI thread as a
queued call, in the order the operations were submitted. Reads stay on the GUI
thread, since SQLite in WAL mode (and PostgreSQL) never makes a reader wait for a
writer.

While another program holds the write lock, an operation is retried until the lock
frees: the edit stays pending, never lost, and after BUSY_NOTICE_S the window is
told so it can say why nothing is being saved.

The window may have operations wait for its next paint (``hold_until_painted``):
the worker's Python and the paint's (the text's, the lists') otherwise take turns
at the interpreter lock, which slowed both, so an edit showed later than if it were
stored after it showed.
They start at the latest HOLD_MS after they were submitted, and at once when
someone waits for the queue or closes it.

A quick operation (one small transaction: an edit of a few spans) that is released
with nothing before it still queued or running is written on the GUI thread there
and then, when the store is SQLite: handing it to the worker and its answer back
cost more than the write. It never waits there: if another program holds the
lock, it goes to the worker, which waits. Its commit leaves the write-ahead log to
a checkpoint the worker makes every CHECKPOINT_EVERY such writes, in the
background (no one waits for it; SQLite lets writers on meanwhile).
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEventLoop, QObject, QTimer, Signal

from annotator.core.errors import StoreBusy
from annotator.store import Store
from annotator.ui.errors import report_unexpected

BUSY_NOTICE_S = 1.5  # an operation running this long means someone else holds the lock
RETRY_S = 0.25  # between attempts while the store is busy
HOLD_MS = 50  # the longest an operation waits for the window's paint
CHECKPOINT_EVERY = 100  # quick writes between checkpoints (an edit writes a few pages)

Work = Callable[[Store], Any]
Done = Callable[[Any], None]
Failed = Callable[[Exception], None]
Job = tuple[Work, Done | None, Failed | None]
Held = tuple[Job, bool]  # and whether it is quick


class StoreQueue(QObject):
    """Runs ``work(store)`` for each submitted operation, in order, off the GUI thread
    (a quick one may run on it: see the module's notes); ``done(result)`` or
    ``failed(error)`` then runs on the GUI thread. With ``inline=True`` (tests)
    everything runs at once on the caller's thread."""

    busyChanged = Signal(bool)  # True: an operation has waited BUSY_NOTICE_S for the lock
    pendingChanged = Signal(int)  # operations submitted and not yet finished
    _finished = Signal(object, object)  # callback, its argument
    _failed_unheard = Signal(object)  # the error of work nobody waits for

    def __init__(self, store: Store, parent: QObject | None = None, *,
                 inline: bool = False) -> None:
        super().__init__(parent)
        self.store = store
        self.inline = inline
        self._pending = 0
        self._busy = False
        self._started_at: float | None = None  # of the operation now running
        self._closed = False
        self._jobs: queue.SimpleQueue[Job | None] = queue.SimpleQueue()
        self._holding = False  # operations wait for release(): the window's next paint
        self._held: list[Held] = []
        # Quick operations may run on the GUI thread: SQLite only (PostgreSQL is a
        # server, its answers take a round trip).
        self._here = not inline and store.engine.dialect.name == "sqlite"
        self._written_here = 0  # quick writes since the last checkpoint
        self._hold_timer = QTimer(self)
        self._hold_timer.setSingleShot(True)
        self._hold_timer.setInterval(HOLD_MS)
        self._hold_timer.timeout.connect(self.release)
        self._finished.connect(self._deliver)
        self._failed_unheard.connect(_unhandled)
        self._watch = QTimer(self)
        self._watch.setInterval(250)
        self._watch.timeout.connect(self._check_busy)
        self._thread: threading.Thread | None = None
        if not inline:
            self._thread = threading.Thread(target=self._run, name="store-queue", daemon=True)
            self._thread.start()

    # ---------------------------------------------------------------- asking

    def submit(self, work: Work, done: Done | None = None, failed: Failed | None = None,
               *, quick: bool = False) -> None:
        """Queue ``work``; it runs after everything submitted before it. ``quick``: it
        is one small transaction, which release() may run on the GUI thread (and hand
        to the worker if it meets StoreBusy: one transaction, so nothing was written)."""
        if self._closed:
            raise RuntimeError("the store queue is closed")
        self._pending += 1
        self.pendingChanged.emit(self._pending)
        if self.inline:
            self._deliver(*self._attempt(work, done, failed))
            return
        self._watch.start()
        if self._holding:
            self._held.append(((work, done, failed), quick))
            if not self._hold_timer.isActive():
                self._hold_timer.start()
            return
        self._jobs.put((work, done, failed))

    def hold_until_painted(self) -> None:
        """From now on operations wait for release(), which the window calls once it
        has painted (or HOLD_MS pass)."""
        self._holding = not self.inline

    def release(self, *, here: bool = True) -> None:
        """Start the operations held for the paint, in the order they came: a quick one
        with nothing before it outstanding is written here and now (unless ``here``
        is False: in a paint event), the rest by the worker."""
        self._hold_timer.stop()
        held, self._held = self._held, []
        # Only while nothing else is outstanding (all pending is held here), from the
        # first: the rest go to the worker before any outcome is delivered, so a
        # callback that submits, releases or raises finds them all queued in order.
        outcomes = []
        if here and self._here and self._pending == len(held):
            for job, quick in held:
                outcome = self._run_here(*job) if quick else None
                if outcome is None:
                    break
                outcomes.append(outcome)
        for job, _quick in held[len(outcomes):]:
            self._jobs.put(job)
        for outcome in outcomes:
            try:
                self._deliver(*outcome)
            except Exception as exc:  # as a queued answer's would be: told, not in the way
                report_unexpected(exc, context="in a store operation's answer")

    def call(self, work: Work) -> Any:
        """Run ``work`` after what is queued and return its result (or raise its error),
        for a dialog that must know the outcome before it goes on. The event loop runs
        meanwhile, so the window is never frozen, even while another program holds
        the lock."""
        outcome: list[tuple[bool, Any]] = []
        self.submit(work, lambda result: outcome.append((True, result)),
                    lambda exc: outcome.append((False, exc)))
        while not outcome:
            self.wait(3600.0)
        ok, value = outcome[0]
        if not ok:
            raise value
        return value

    def idle(self) -> bool:
        """Nothing submitted is still waiting or running (or waiting for its callback)."""
        return self._pending == 0

    def pending(self) -> int:
        return self._pending

    def busy(self) -> bool:
        return self._busy

    def wait(self, timeout_s: float) -> bool:
        """Run the event loop until idle or timed out (closing, tests); True if idle.
        The GUI thread sleeps in Qt meanwhile, so the worker is never kept from the GIL."""
        self.release()
        if self.idle():
            return True
        loop = QEventLoop()
        timer = QTimer()
        timer.setSingleShot(True)
        timer.timeout.connect(loop.quit)
        self.pendingChanged.connect(loop.quit)
        deadline = time.monotonic() + timeout_s
        try:
            while not self.idle() and (left := deadline - time.monotonic()) > 0:
                timer.start(max(1, int(left * 1000)))
                loop.exec()
        finally:
            timer.stop()
            self.pendingChanged.disconnect(loop.quit)
        return self.idle()

    def close(self) -> None:
        """Stop the worker after what is queued (call wait() first to keep it)."""
        if self._closed:
            return
        self._closed = True
        self._watch.stop()
        self.release()  # what was held is stored before the worker stops
        if self._thread is not None:
            self._jobs.put(None)
            self._thread.join(timeout=10)

    # --------------------------------------------------------------- working

    def _run_here(self, work: Work, done: Done | None, failed: Failed | None
                  ) -> tuple[Callable[[Any], None] | None, Any] | None:
        """Run a quick operation on this thread; what to call with what, or None (nothing
        done) if another program holds the lock."""
        try:
            with self.store.at_once():
                outcome: tuple[Callable[[Any], None] | None, Any] = (done, work(self.store))
        except StoreBusy:
            return None
        except Exception as exc:
            outcome = (failed or _unhandled, exc)
        self._written_here += 1
        if self._written_here >= CHECKPOINT_EVERY:
            self._written_here = 0
            # In the background, no operation of anyone's: nothing waits for it, and
            # SQLite lets writers on while it copies.
            self._jobs.put((Store.checkpoint, _background, None))
        return outcome

    def _run(self) -> None:
        while True:
            job = self._jobs.get()
            if job is None:
                return
            outcome = self._attempt(*job)
            if job[1] is not _background:
                self._finished.emit(*outcome)
            elif outcome[0] is not _background:  # it failed: the user hears of that
                self._failed_unheard.emit(outcome[1])

    def _attempt(self, work: Work, done: Done | None, failed: Failed | None
                 ) -> tuple[Callable[[Any], None] | None, Any]:
        """Run one operation until it is not busy; returns what to call with what."""
        self._started_at = time.monotonic()
        try:
            while True:
                try:
                    return done, work(self.store)
                except StoreBusy:
                    if self._closed:
                        raise
                    time.sleep(RETRY_S)
        except Exception as exc:  # handed to the GUI thread, never lost in this one
            return failed or _unhandled, exc
        finally:
            self._started_at = None

    def _deliver(self, callback: Callable[[Any], None] | None, argument: Any) -> None:
        self._pending -= 1
        try:
            if callback is not None:
                callback(argument)
        finally:
            self.pendingChanged.emit(self._pending)
            self._check_busy()
            if self.idle():
                self._watch.stop()

    def _check_busy(self) -> None:
        started = self._started_at
        busy = started is not None and time.monotonic() - started >= BUSY_NOTICE_S
        if busy != self._busy:
            self._busy = busy
            self.busyChanged.emit(busy)


def _background(_result: object) -> None:
    """The "done" of work that is nobody's operation (a checkpoint): it is not pending,
    nothing waits for it, and nothing is delivered (only a failure is reported)."""


def _unhandled(exc: Exception) -> None:
    """An operation failed and nobody asked to hear of it: the user still does."""
    report_unexpected(exc, context="in a store operation")
