"""The window while another program holds the database's write lock.

A second process runs ``BEGIN EXCLUSIVE`` on the real SQLite file; the window runs
its real background store queue. Edits must show at once, stay pending, never
freeze the window, never be lost, and be stored when the lock frees; the undo
history must match the store; no SQL reaches the user.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from ui_helpers import find, select_text, when_modal

from annotator.store import Store, open_store
from tests.lock_holder import release, write_lock_held

BUSY_TIMEOUT_S = 0.3  # the window's store: give up a try quickly, then retry


@pytest.fixture
def busy_window(make_window, seeded: Store, db_path: Path):  # type: ignore[no-untyped-def]
    seeded.close()
    store = open_store(db_path, busy_timeout=BUSY_TIMEOUT_S)
    window = make_window(store, inline=False)
    yield window
    window.queue.wait(10)
    store.close()


def stored(db_path: Path, uid: str) -> list[tuple[str, str]]:
    """(covered text, label) of alice's spans, read by a fresh connection."""
    with open_store(db_path) as store:
        text = store.documents.get(uid).text
        return sorted((text[s.start:s.end], s.label) for s in store.spans.of_document(uid)
                      if s.annotator == "alice")


def shown(window) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    return sorted((window.text[s.start:s.end], s.label) for s in window.view.spans()
                  if s.annotator == "alice")


def press(qtbot, window, key) -> None:  # type: ignore[no-untyped-def]
    """Press a key on the text. It returns while the lock is held: the GUI thread
    does not wait for the store (if it did, this would never return)."""
    qtbot.keyClick(window.view.text_widget(), key)


def test_edits_under_a_lock_show_at_once_and_are_stored_when_it_frees(
        qtbot, busy_window, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    window = busy_window
    uid = window.uid
    with write_lock_held(db_path) as holder:
        select_text(window, *find(window, "Moscow"))
        press(qtbot, window, Qt.Key.Key_1)
        select_text(window, *find(window, "Cuba"))
        press(qtbot, window, Qt.Key.Key_2)
        assert holder.poll() is None  # still locked, and yet both edits are on screen
        assert shown(window) == [("Cuba", "weapon"), ("Moscow", "actor")]
        assert window.status.spans.text().startswith("2 spans")
        assert window.span_model.rowCount() == 2
        # After a while the status bar says why nothing is saved, in words.
        qtbot.waitUntil(lambda: window.status.saving.isVisible(), timeout=5000)
        assert "busy" in window.status.currentMessage()
        assert "SELECT" not in window.status.currentMessage().upper()
        assert "INSERT" not in window.status.saving.text().upper()
        # Undo while pending: the screen follows at once; the store will too.
        window.undo_action.trigger()
        assert shown(window) == [("Moscow", "actor")]
        assert window.editor.stack.count() == 2 and window.editor.stack.index() == 1
        assert stored(db_path, uid) == []  # nothing reached the store yet
        release(holder)
    assert window.queue.wait(10)
    assert stored(db_path, uid) == [("Moscow", "actor")]
    assert not window.status.saving.isVisible()
    # The history matches the store: redo and undo go on working.
    window.redo_action.trigger()
    window.queue.wait(10)
    assert stored(db_path, uid) == [("Cuba", "weapon"), ("Moscow", "actor")]
    window.undo_action.trigger()
    window.undo_action.trigger()
    window.queue.wait(10)
    assert stored(db_path, uid) == [] and shown(window) == []


def test_navigation_done_and_reading_place_never_raise_under_a_lock(
        qtbot, busy_window, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    window = busy_window
    first = window.uid
    with write_lock_held(db_path):
        select_text(window, *find(window, "Moscow"))
        press(qtbot, window, Qt.Key.Key_1)
        window.view.text_widget().verticalScrollBar().setValue(3)
        qtbot.keyClick(window, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
        assert window.uid != first  # moved on, saving the reading place in the background
        qtbot.keyClick(window, Qt.Key.Key_PageUp, Qt.KeyboardModifier.ControlModifier)
        assert window.uid == first
        # The pending span is still shown after leaving and coming back.
        assert shown(window) == [("Moscow", "actor")]
        qtbot.keyClick(window, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        assert window.uid != first
        assert window.documents.index(window.documents.row_of(first), 1).data() == "done"
    assert window.queue.wait(10)
    assert stored(db_path, first) == [("Moscow", "actor")]
    with open_store(db_path) as store:
        assert store.states.get(first, "alice")[0].value == "done"


def test_closing_with_edits_waiting_asks_and_can_keep_the_window_open(
        qtbot, busy_window, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    window = busy_window
    uid = window.uid
    with write_lock_held(db_path) as holder:
        select_text(window, *find(window, "Moscow"))
        press(qtbot, window, Qt.Key.Key_1)
        asked = []

        def keep_open(box: QMessageBox) -> None:
            asked.append(box.text())
            next(b for b in box.buttons() if b.text() == "Keep open").click()

        when_modal(QMessageBox, keep_open)
        window.close()
        assert asked and "waiting to be saved" in asked[0]
        assert window.isVisible()
        release(holder)
    assert window.queue.wait(10)
    assert stored(db_path, uid) == [("Moscow", "actor")]


def test_an_edit_the_store_refuses_is_taken_back_with_a_message(
        qtbot, busy_window, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    window = busy_window
    uid = window.uid
    start, end = find(window, "Moscow")
    # Another window of alice's stored the same span meanwhile: this one is a duplicate.
    with open_store(db_path) as other:
        from annotator.core.model import Span

        other.spans.add(uid, Span(start, end, "actor", "alice"))
    select_text(window, start, end)
    press(qtbot, window, Qt.Key.Key_1)
    assert window.queue.wait(10)
    assert "exists already" in window.status.currentMessage()
    assert shown(window) == []  # this window never read it; its own copy is gone
    assert window.editor.stack.count() == 0  # nothing to undo that did not happen
    assert stored(db_path, uid) == [("Moscow", "actor")]
