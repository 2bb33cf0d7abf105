"""The window's store queue holds an edit's write until the edit has been painted,
so the worker and the paint do not take turns at the interpreter lock; the write
still happens soon without a paint, on waiting, and on closing, in order."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QApplication
from ui_helpers import find, select_text

from annotator.store import Store, open_store
from annotator.ui.store_queue import HOLD_MS
from tests.lock_holder import write_lock_held


@pytest.fixture
def threaded_window(make_window, seeded: Store):  # type: ignore[no-untyped-def]
    window = make_window(seeded, inline=False)
    yield window
    window.queue.wait(10)


def stored(db_path: Path, uid: str) -> list[str]:
    """The labels of alice's spans, read by a fresh connection."""
    with open_store(db_path) as store:
        return sorted(s.label for s in store.spans.of_document(uid) if s.annotator == "alice")


def label(qtbot, window, phrase: str, key=Qt.Key.Key_1) -> None:  # type: ignore[no-untyped-def]
    select_text(window, *find(window, phrase))
    qtbot.keyClick(window.view.text_widget(), key)


def test_an_edit_is_stored_once_it_has_been_painted(qtbot, threaded_window,
                                                    db_path: Path) -> None:  # type: ignore[no-untyped-def]
    window = threaded_window
    label(qtbot, window, "Moscow")
    assert window.queue.pending() == 1
    time.sleep(0.02)  # a worker that had the write would have done it by now
    assert stored(db_path, window.uid) == []
    window.view.text_widget().viewport().repaint()  # the edit shows: the write starts
    qtbot.waitUntil(lambda: window.queue.idle(), timeout=5000)
    assert stored(db_path, window.uid) == ["actor"]


def test_without_a_paint_the_write_starts_soon(qtbot, threaded_window,
                                               db_path: Path) -> None:  # type: ignore[no-untyped-def]
    window = threaded_window
    window.view.text_widget().viewport().setUpdatesEnabled(False)  # never painted
    began = time.monotonic()
    label(qtbot, window, "Moscow")
    label(qtbot, window, "Cuba", Qt.Key.Key_2)
    qtbot.waitUntil(lambda: window.queue.idle(), timeout=5000)
    assert time.monotonic() - began >= HOLD_MS / 1000 * 0.9
    assert stored(db_path, window.uid) == ["actor", "weapon"]
    window.view.text_widget().viewport().setUpdatesEnabled(True)


def test_closing_stores_what_is_held(qtbot, make_window, seeded: Store,
                                     db_path: Path) -> None:  # type: ignore[no-untyped-def]
    window = make_window(seeded, inline=False)
    uid = window.uid
    label(qtbot, window, "Moscow")
    label(qtbot, window, "Cuba", Qt.Key.Key_2)
    window.queue.close()  # the worker stops after what was held
    QApplication.processEvents()
    assert stored(db_path, uid) == ["actor", "weapon"]


def test_the_write_waits_for_the_whole_window_to_paint(qtbot, threaded_window,
                                                       db_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Not only for the text: the lists painted after it in the same pass would
    otherwise take turns at the interpreter lock with the writer."""
    window = threaded_window
    uid = window.uid
    seen: list[list[str]] = []

    class AfterTheText(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint and not seen:
                time.sleep(0.05)  # time enough for a worker that had the write
                seen.append(stored(db_path, uid))
            return False

    counts = window.document_panel.view.viewport()  # its span count cell changes
    spy = AfterTheText()
    counts.installEventFilter(spy)
    label(qtbot, window, "Moscow")
    window.view.text_widget().viewport().repaint()  # the window's pass: text, then lists
    counts.removeEventFilter(spy)
    assert seen == [[]]
    qtbot.waitUntil(lambda: window.queue.idle(), timeout=5000)
    assert stored(db_path, uid) == ["actor"]


def test_a_small_edit_is_written_by_the_window_once_painted(qtbot, threaded_window,
                                                             db_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Nothing else outstanding and the store free: the window writes it itself, as
    its paint ends (handing it to the worker and back cost more than the write)."""
    window = threaded_window
    label(qtbot, window, "Moscow")
    assert window.queue.pending() == 1
    window.view.text_widget().viewport().repaint()
    assert window.queue.idle()  # written and answered, with no event delivered
    assert stored(db_path, window.uid) == ["actor"]
    assert window.view.selected_row().id > 0  # shown under its stored id already


def test_a_small_edit_under_another_programs_lock_goes_to_the_worker(
        qtbot, threaded_window, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The window never waits for the lock: the worker does, and stores it once free."""
    window = threaded_window
    with write_lock_held(db_path):
        label(qtbot, window, "Moscow")
        began = time.monotonic()
        window.view.text_widget().viewport().repaint()
        assert time.monotonic() - began < 2.5  # not the store's 5 s wait for the lock
        assert window.queue.pending() == 1
        qtbot.waitUntil(lambda: window.queue.busy(), timeout=5000)
        assert stored(db_path, window.uid) == []
    qtbot.waitUntil(lambda: window.queue.idle(), timeout=10000)
    assert stored(db_path, window.uid) == ["actor"]


def test_a_small_edit_waits_its_turn_behind_the_workers(qtbot, threaded_window,
                                                        db_path: Path) -> None:  # type: ignore[no-untyped-def]
    window = threaded_window
    uid = window.uid
    gate = threading.Event()
    seen: list[list[str]] = []

    def slow(store: Store) -> None:  # an operation the worker is still running
        gate.wait(5)
        seen.append(sorted(s.label for s in store.spans.of_document(uid)
                           if s.annotator == "alice"))

    window.queue.submit(slow)
    window.queue.release()
    try:
        label(qtbot, window, "Moscow")
        window.view.text_widget().viewport().repaint()
        assert window.queue.pending() == 2  # not written here, ahead of the slow one
    finally:
        gate.set()
    qtbot.waitUntil(lambda: window.queue.idle(), timeout=5000)
    assert seen == [[]] and stored(db_path, uid) == ["actor"]


def test_every_so_many_small_edits_the_worker_checkpoints(
        qtbot, threaded_window, db_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The window's own commits never copy the write-ahead log into the database
    file (that writes and syncs megabytes): the worker does, every CHECKPOINT_EVERY."""
    from annotator.ui import store_queue

    monkeypatch.setattr(store_queue, "CHECKPOINT_EVERY", 3)
    window = threaded_window
    window.queue.wait(5)
    wal = db_path.parent / (db_path.name + "-wal")
    restarts = int.from_bytes(wal.read_bytes()[12:16], "big")
    for phrase, key in (("Moscow", Qt.Key.Key_1), ("Cuba", Qt.Key.Key_2),
                        ("Venezuela", Qt.Key.Key_3)):
        label(qtbot, window, phrase, key)
        window.view.text_widget().viewport().repaint()
    assert window.queue.idle()  # the checkpoint is no one's edit: nothing waits for it
    window.queue.call(lambda store: None)  # the worker's next job: after the checkpoint
    label(qtbot, window, "Russia", Qt.Key.Key_4)  # the log starts over
    window.view.text_widget().viewport().repaint()
    assert window.queue.idle()
    assert int.from_bytes(wal.read_bytes()[12:16], "big") == restarts + 1
    assert stored(db_path, window.uid) == ["actor", "claim", "quote", "weapon"]


def test_an_answer_that_raises_keeps_the_writes_after_it_in_order(
        qtbot, threaded_window, db_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Quick writes run here deliver their answers only once every write after them is
    queued: an answer that raises (told as any unexpected error is) or that submits
    more loses nothing and reorders nothing."""
    from annotator.ui import store_queue

    told: list[Exception] = []
    monkeypatch.setattr(store_queue, "report_unexpected", lambda exc, context: told.append(exc))
    window = threaded_window
    queue = window.queue
    uid = window.uid
    order: list[str] = []

    def write(name: str):  # type: ignore[no-untyped-def]
        def work(store: Store) -> None:
            order.append(name)
            store.states.set_position(uid, "alice", len(order))
        return work

    def answer_a(_result: object) -> None:
        queue.submit(write("C"), quick=True)
        queue.release()  # a release from within an answer
        raise RuntimeError("an answer failed")

    queue.submit(write("A"), answer_a, quick=True)
    queue.submit(write("B"), quick=True)
    queue.release()
    qtbot.waitUntil(queue.idle, timeout=5000)
    assert order == ["A", "B", "C"]
    assert [str(e) for e in told] == ["an answer failed"]


def test_undoing_a_delete_written_here_shows_the_stored_span_in_its_marks(
        qtbot, threaded_window, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The undo puts the span back under a temporary id, takes the paragraph's earlier
    marks, and once written (as the paint ends) they carry its stored id."""
    window = threaded_window
    view = window.view
    area = view.text_widget()
    label(qtbot, window, "Moscow")
    area.viewport().repaint()
    deleted = view.selected_row()
    qtbot.keyClick(area, Qt.Key.Key_Delete)
    area.viewport().repaint()
    qtbot.keyClick(area, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    area.viewport().repaint()
    assert window.queue.idle()
    [back] = [s for s in view.spans() if s.key == deleted.key]
    assert back.id > 0 and stored(db_path, window.uid) == ["actor"]
    block = area.document().findBlock(view.to_utf16(back.start))
    marks = view._marks_of(block)
    assert back.id in {t.span for t in marks.tints}
    view._marks.clear()
    assert marks == view._marks_of(block)
