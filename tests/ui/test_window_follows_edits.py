"""Edits are published once and everything on screen follows them incrementally: the
span list, the counts and the document list must equal what a fresh read shows."""

from __future__ import annotations

import random

from PySide6.QtCore import Qt
from ui_helpers import select_text

from annotator.store import Store


def words(text: str) -> list[tuple[int, int]]:
    found, at = [], 0
    for word in text.split(" "):
        if word.isalpha() and len(word) > 3:
            found.append((at, at + len(word)))
        at += len(word) + 1
    return found


def listed(window) -> list[tuple[int, int, str, str]]:  # type: ignore[no-untyped-def]
    model = window.span_model
    return [(r.start, r.end, r.label, r.annotator)
            for r in (model.span_at(i) for i in range(model.rowCount()))]


def test_random_edits_keep_list_counts_and_document_row_equal_to_a_fresh_read(
        qtbot, make_window, seeded: Store) -> None:  # type: ignore[no-untyped-def]
    window = make_window(seeded, inline=False)
    rng = random.Random(3)
    edit = window.view.text_widget()
    keys = (Qt.Key.Key_1, Qt.Key.Key_2, Qt.Key.Key_3, Qt.Key.Key_4)
    candidates = words(window.text)[:60]
    for _ in range(40):
        roll = rng.random()
        selected = window.view.selected_row()
        if roll < 0.55 or selected is None:
            select_text(window, *rng.choice(candidates))
            qtbot.keyClick(edit, rng.choice(keys))
        elif roll < 0.7:
            qtbot.keyClick(edit, rng.choice(keys))  # relabel the selected span
        elif roll < 0.8:
            qtbot.keyClick(edit, Qt.Key.Key_Delete)
        elif roll < 0.9:
            window.undo_action.trigger()
        else:
            window.redo_action.trigger()
    assert window.queue.wait(10)
    uid = window.uid
    stored = sorted((s.start, -s.end, s.label, s.annotator) for s in seeded.spans.of_document(uid))
    assert sorted((a, -b, c, d) for a, b, c, d in listed(window)) == stored
    # Reading order: by start, the enclosing span first.
    assert [(a, -b) for a, b, _, _ in listed(window)] == sorted((a, -b) for a, b, _, _ in
                                                               listed(window))
    mine = sum(1 for s in stored if s[3] == "alice")
    assert window.status.spans.text().startswith(f"{mine} span")
    row = window.documents.row_of(uid)
    fresh = seeded.documents.row(uid, "alice")
    assert fresh is not None
    assert window.documents.index(row, 2).data() == (str(fresh.span_count) if mine else "")
    # And the same document read again shows exactly what the store holds.
    window.step_document(1)
    window.step_document(-1)
    assert sorted((a, -b, c, d) for a, b, c, d in listed(window)) == stored


def test_an_edit_lays_out_neither_the_toolbar_nor_the_window_and_undo_says_what_it_undoes(
        qtbot, make_window, seeded: Store) -> None:  # type: ignore[no-untyped-def]
    """Undo and redo change on every edit; a toolbar lays itself and the window out
    again whenever one of its actions changes, which cost each edit a layout pass."""
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWidgets import QApplication, QToolBar

    window = make_window(seeded, inline=False)
    edit = window.view.text_widget()
    start, end = words(window.text)[0]

    def label_and_undo() -> str:
        select_text(window, start, end)
        qtbot.keyClick(edit, Qt.Key.Key_1)
        assert window.queue.wait(10)
        QApplication.processEvents()
        label = next(s.label for s in seeded.spans.of_document(window.uid)
                     if (s.start, s.end) == (start, end))
        assert window.undo_button.isEnabled() and not window.redo_button.isEnabled()
        assert window.undo_button.toolTip() == f"Undo Add {label}"
        qtbot.keyClick(edit, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
        assert window.queue.wait(10)
        QApplication.processEvents()
        assert window.redo_button.isEnabled()
        assert window.redo_button.toolTip() == f"Redo Add {label}"
        return label

    select_text(window, *words(window.text)[1])  # a span stays: the counts keep their width
    qtbot.keyClick(edit, Qt.Key.Key_2)
    label_and_undo()
    layouts: list[str] = []

    class Count(QObject):
        def eventFilter(self, watched, event):  # type: ignore[no-untyped-def]
            if event.type() == QEvent.Type.LayoutRequest:
                layouts.append(type(watched).__name__)
            return False

    counter = Count()
    for widget in (window.findChild(QToolBar, "main-toolbar"), window):
        widget.installEventFilter(counter)
    label = label_and_undo()
    assert layouts == []
    qtbot.mouseClick(window.redo_button, Qt.MouseButton.LeftButton)
    assert window.queue.wait(10)
    assert [s.label for s in seeded.spans.of_document(window.uid)
            if (s.start, s.end) == (start, end)] == [label]
