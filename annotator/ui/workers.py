"""Long work off the GUI thread: with a progress dialog that appears only if it is slow
(BackgroundJob), or silently, for a read whose result the window shows when in
(BackgroundRead)."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, QThread, Signal, Slot
from PySide6.QtWidgets import QProgressDialog, QWidget

from annotator import applog
from annotator.core.errors import AnnotatorError

Progress = Callable[[int, int], bool]
SHOW_AFTER_MS = 600  # quick jobs finish without a dialog flashing up (as Anki does)


class _Task(QObject):
    progressed = Signal(int, int)
    succeeded = Signal(object)
    failed = Signal(str)

    def __init__(self, work: Callable[[Progress], Any]) -> None:
        super().__init__()
        self._work = work
        self._cancel = threading.Event()

    @Slot()
    def run(self) -> None:
        try:
            result = self._work(self._progress)
        except Exception as exc:  # reported in the window, never lost in the thread
            if not isinstance(exc, AnnotatorError):  # a bug: its traceback goes to the log
                applog.log_unexpected(exc, "in a background job")
            self.failed.emit(f"{type(exc).__name__}: {exc}")
        else:
            self.succeeded.emit(result)

    def _progress(self, done: int, total: int) -> bool:
        self.progressed.emit(done, total)
        return not self._cancel.is_set()

    def cancel(self) -> None:
        self._cancel.set()


def _ignore(_: object) -> None:
    return None


class BackgroundJob(QObject):
    """Runs work(progress) on a QThread; progress(done, total) returns False once
    the user pressed Cancel. Calls on_done(result) or on_error(message) on the GUI thread."""

    finished = Signal()

    def __init__(self, parent: QWidget, title: str, work: Callable[[Progress], Any],
                 on_done: Callable[[Any], None], on_error: Callable[[str], None]) -> None:
        super().__init__(parent)
        self._on_done = on_done
        self._on_error = on_error
        self._dialog_gone = False
        self.dialog = QProgressDialog(title, "Cancel", 0, 0, parent)
        self.dialog.setWindowTitle(title)
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setMinimumDuration(SHOW_AFTER_MS)
        self.dialog.setAutoClose(False)
        self.dialog.setAutoReset(False)
        self.thread = QThread(self)
        self.task = _Task(work)
        self.task.moveToThread(self.thread)
        self.thread.started.connect(self.task.run)
        self.task.progressed.connect(self._progressed)
        self.task.succeeded.connect(self._succeeded)
        self.task.failed.connect(self._failed)
        self.dialog.canceled.connect(self._cancelled)

    def start(self) -> None:
        self.thread.start()

    def cancel(self) -> None:
        self.task.cancel()

    def abandon(self, keeper: QObject) -> None:
        """Cancel without waiting, for a dialog that closes while its job runs: the
        work stops at its next progress report or runs out on its own thread, nothing
        is called back, and ``keeper`` (the window, which waits for its jobs when it
        closes) holds the job until then."""
        self.task.cancel()
        self._on_done = self._on_error = _ignore
        self._dialog_gone = True  # it belongs to the closing dialog and goes with it
        self.dialog.canceled.disconnect(self._cancelled)
        self.dialog.cancel()  # never shown now, not even by its own delay timer
        self.setParent(keeper)

    def cancel_and_wait(self) -> None:
        """For closing: a QThread destroyed while running aborts the process."""
        self.task.cancel()
        self.thread.quit()
        self.thread.wait()

    def _cancelled(self) -> None:
        self.dialog.setLabelText("Cancelling…")
        self.task.cancel()

    def _progressed(self, done: int, total: int) -> None:
        if self._dialog_gone or self.dialog.wasCanceled():
            return
        self.dialog.setMaximum(max(total, 1))
        self.dialog.setValue(min(done, max(total, 1)))
        self.dialog.setLabelText(f"{done:,} of {total:,}")

    def _succeeded(self, result: object) -> None:
        self._stop()
        self._on_done(result)

    def _failed(self, message: str) -> None:
        self._stop()
        self._on_error(message)

    def _stop(self) -> None:
        self.thread.quit()
        self.thread.wait()
        if not self._dialog_gone:
            self.dialog.reset()
            self.dialog.close()
            self.dialog.deleteLater()
        self.finished.emit()
        self.deleteLater()


class BackgroundRead(QObject):
    """A read too long for the GUI thread (corpus-wide) that needs no dialog: ``work()``
    runs on a thread of its own, then ``done(result)`` or ``failed(error)`` runs on the
    GUI thread, unless :meth:`cancel` came first. Reads never wait for writers (WAL),
    so this need not queue behind the store queue's writes. With ``inline=True``
    (tests) everything runs at once on the caller's thread."""

    _finished = Signal(object, object)  # callback, its argument

    def __init__(self, work: Callable[[], Any], done: Callable[[Any], None],
                 failed: Callable[[Exception], None], parent: QObject | None = None, *,
                 inline: bool = False, name: str = "background-read") -> None:
        super().__init__(parent)
        self._work = work
        self._done: Callable[[Any], None] = done
        self._failed: Callable[[Exception], None] = failed
        self._inline = inline
        self._name = name
        self._thread: threading.Thread | None = None
        self._pending = True
        self._finished.connect(self._deliver)

    def start(self) -> None:
        if not self._pending:  # cancelled before it started
            return
        if self._inline:
            self._deliver(*self._attempt())
            return
        self._thread = threading.Thread(target=self._run, name=self._name, daemon=True)
        self._thread.start()

    def pending(self) -> bool:
        """Its result is still to come (neither delivered nor cancelled)."""
        return self._pending

    def cancel(self) -> None:
        """Nothing is called back; the read runs out on its own thread."""
        self._done = self._failed = _ignore
        self._pending = False

    def wait(self, timeout_s: float) -> None:
        """For closing: let the read end before the store is closed under it."""
        if self._thread is not None:
            self._thread.join(timeout_s)

    def _attempt(self) -> tuple[Callable[[Any], None], Any]:
        try:
            return self._done, self._work()
        except Exception as exc:  # handed to the GUI thread, never lost in this one
            return self._failed, exc

    def _run(self) -> None:
        outcome = self._attempt()
        with contextlib.suppress(RuntimeError):  # its owner is gone: nobody to tell
            self._finished.emit(*outcome)

    def _deliver(self, callback: Callable[[Any], None], argument: Any) -> None:
        if not self._pending:
            return
        self._pending = False
        callback(argument)
