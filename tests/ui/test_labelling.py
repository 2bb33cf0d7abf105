"""Labelling, correcting and undo through the keyboard, against a real store."""

from __future__ import annotations

from PySide6.QtCore import Qt
from ui_helpers import find, marks_worked_out, select_text

from annotator.core.model import DocState


def my_spans(window):  # type: ignore[no-untyped-def]
    return [s for s in window.store.spans.of_document(window.uid) if s.annotator == "alice"]


def test_key_labels_selection_snapped_to_tokens(qtbot, window) -> None:
    start, end = find(window, "Sergey Shoigu")
    select_text(window, start + 2, end - 3)  # "rgey Shoi": inside two words
    qtbot.keyClick(window.view.text_widget(), Qt.Key.Key_1)
    [span] = my_spans(window)
    assert (span.start, span.end, span.label) == (start, end, "actor")
    assert [s.id for s in window.view.spans()] == [span.id]
    assert window.span_model.rowCount() == 1
    assert window.view.selected_span().id == span.id
    assert window.view.selected_range() is None


def test_shift_keeps_exact_characters(qtbot, window) -> None:
    start, end = find(window, "Sergey Shoigu")
    select_text(window, start + 2, end - 3)
    qtbot.keyClick(window.view.text_widget(), Qt.Key.Key_1, Qt.KeyboardModifier.ShiftModifier)
    [span] = my_spans(window)
    assert (span.start, span.end) == (start + 2, end - 3)


def test_snap_toggle_off_keeps_exact_characters(qtbot, window) -> None:
    window.snap_action.setChecked(False)
    start, end = find(window, "Shoigu")
    select_text(window, start, end - 2)
    qtbot.keyClick(window.view.text_widget(), Qt.Key.Key_2)
    [span] = my_spans(window)
    assert (span.start, span.end, span.label) == (start, end - 2, "weapon")
    assert window.settings.snap_to_tokens() is False


def test_undo_and_redo_an_added_span(qtbot, window) -> None:
    start, end = find(window, "Cuba")
    select_text(window, start, end)
    qtbot.keyClick(window.view.text_widget(), Qt.Key.Key_1)
    assert len(my_spans(window)) == 1
    qtbot.keyClick(window.view.text_widget(), Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert my_spans(window) == []
    assert window.view.spans() == []
    assert window.span_model.rowCount() == 0
    qtbot.keyClick(window.view.text_widget(), Qt.Key.Key_Z,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    [span] = my_spans(window)
    assert (span.start, span.end, span.label) == (start, end, "actor")
    assert [s.id for s in window.view.spans()] == [span.id]


def test_relabel_by_key_then_undo(qtbot, window) -> None:
    select_text(window, *find(window, "Moscow"))
    edit = window.view.text_widget()
    qtbot.keyClick(edit, Qt.Key.Key_1)
    qtbot.keyClick(edit, Qt.Key.Key_3)  # the new span is selected: this relabels it
    [span] = my_spans(window)
    assert span.label == "claim"
    assert window.view.spans()[0].label == "claim"
    qtbot.keyClick(edit, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert [s.label for s in my_spans(window)] == ["actor"]


def test_delete_key_deletes_selected_span_and_undo_restores(qtbot, window) -> None:
    start, end = find(window, "Moscow")
    select_text(window, start, end)
    edit = window.view.text_widget()
    qtbot.keyClick(edit, Qt.Key.Key_4)
    assert len(my_spans(window)) == 1
    qtbot.keyClick(edit, Qt.Key.Key_Delete)
    assert my_spans(window) == []
    assert window.view.spans() == []
    qtbot.keyClick(edit, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    [span] = my_spans(window)
    assert (span.start, span.end, span.label) == (start, end, "quote")


def test_ids_survive_undo_of_delete_then_relabel(qtbot, window) -> None:
    # Restoring gives the span a new id; older commands must still find it.
    edit = window.view.text_widget()
    select_text(window, *find(window, "Moscow"))
    qtbot.keyClick(edit, Qt.Key.Key_1)
    qtbot.keyClick(edit, Qt.Key.Key_2)             # relabel to weapon
    qtbot.keyClick(edit, Qt.Key.Key_Delete)
    stack = window.editor.stack
    stack.undo()                                   # restore (new id)
    stack.undo()                                   # back to actor
    assert [s.label for s in my_spans(window)] == ["actor"]
    stack.undo()                                   # gone
    assert my_spans(window) == []
    stack.redo()
    stack.redo()
    stack.redo()
    assert my_spans(window) == []
    stack.undo()
    assert [s.label for s in my_spans(window)] == ["weapon"]


def test_undo_across_documents_switches_back(qtbot, window) -> None:
    edit = window.view.text_widget()
    first = window.uid
    select_text(window, *find(window, "Cuba"))
    qtbot.keyClick(edit, Qt.Key.Key_1)
    qtbot.keyClick(window, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    assert window.uid != first
    qtbot.keyClick(edit, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.uid == first
    assert window.store.spans.of_document(first) == []
    assert window.view.spans() == []


def test_duplicate_goes_to_status_bar(qtbot, window) -> None:
    edit = window.view.text_widget()
    for _ in range(2):
        select_text(window, *find(window, "Cuba"))
        qtbot.keyClick(edit, Qt.Key.Key_1)
    assert len(my_spans(window)) == 1
    assert "exists already" in window.status.currentMessage()
    assert window.editor.stack.count() == 1


def test_key_without_selection_says_what_to_do(qtbot, window) -> None:
    qtbot.keyClick(window.view.text_widget(), Qt.Key.Key_1)
    assert "Select some text" in window.status.currentMessage()


def test_clicking_a_label_button(qtbot, window) -> None:
    select_text(window, *find(window, "Nicaragua"))
    qtbot.mouseClick(window.label_bar.button("actor"), Qt.MouseButton.LeftButton)
    assert [s.label for s in my_spans(window)] == ["actor"]


def test_sticky_label_applies_on_mouse_release(qtbot, window) -> None:
    window.sticky_action.setChecked(True)
    select_text(window, *find(window, "Nicaragua"))
    qtbot.keyClick(window.view.text_widget(), Qt.Key.Key_2)
    assert window.label_bar.button("weapon").isChecked()
    select_text(window, *find(window, "Venezuela"))
    viewport = window.view.text_widget().viewport()
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(my_spans(window)) == 2)
    assert {s.label for s in my_spans(window)} == {"weapon"}


def test_resize_request_is_committed_and_undoable(qtbot, window) -> None:
    start, end = find(window, "Sergey Shoigu")
    select_text(window, start, end)
    qtbot.keyClick(window.view.text_widget(), Qt.Key.Key_1)
    [span] = my_spans(window)
    window.view.spanResizeRequested.emit(span.id, start + 7, end)
    [resized] = my_spans(window)
    assert (resized.start, resized.end) == (start + 7, end)
    assert window.view.spans()[0].start == start + 7
    window.editor.stack.undo()
    assert (my_spans(window)[0].start, my_spans(window)[0].end) == (start, end)


def test_span_list_and_view_selection_follow_each_other(qtbot, window) -> None:
    edit = window.view.text_widget()
    for needle in ("Cuba", "Nicaragua"):
        select_text(window, *find(window, needle))
        qtbot.keyClick(edit, Qt.Key.Key_1)
    first = window.span_model.span_at(0)
    window.span_panel.setCurrentIndex(window.span_model.index(0, 0))
    assert window.view.selected_span().id == first.id
    second = window.span_model.span_at(1)
    window.view.select_span(second.id)
    assert window.span_panel.currentIndex().row() == 1


def test_done_and_next_undone(qtbot, window) -> None:
    first = window.uid
    qtbot.keyClick(window.view.text_widget(), Qt.Key.Key_Return,
                   Qt.KeyboardModifier.ControlModifier)
    assert window.store.states.get(first, "alice")[0] is DocState.DONE
    assert window.uid != first
    assert "Done 1 of 5" in window.status.progress.text()
    row = window.documents.row_of(first)
    state_text = window.documents.index(row, 1).data()
    assert state_text == "done"


def test_other_annotators_spans_are_shown_but_not_changed(qtbot, window) -> None:
    from annotator.services.editing import add_span

    start, end = find(window, "Cuba")
    theirs = add_span(window.store, window.uid, start, end, "actor", "bob")
    uid = window.uid
    window.step_document(1)
    window.step_document(-1)
    assert window.uid == uid
    assert [s.annotator for s in window.view.spans()] == ["bob"]
    window.view.select_span(theirs.id)
    qtbot.keyClick(window.view.text_widget(), Qt.Key.Key_Delete)
    qtbot.keyClick(window.view.text_widget(), Qt.Key.Key_2)
    assert window.store.spans.of_document(uid) == [theirs]
    assert window.store.spans.of_document(uid)[0].label == "actor"
    assert "bob's" in window.status.currentMessage()


def test_delete_in_the_filter_box_edits_the_filter(qtbot, window) -> None:
    select_text(window, *find(window, "Cuba"))
    qtbot.keyClick(window.view.text_widget(), Qt.Key.Key_1)
    box = window.document_panel.filter_box
    box.setFocus()
    qtbot.keyClicks(box, "ab")
    qtbot.keyClick(box, Qt.Key.Key_Backspace)
    assert box.text() == "a"
    assert len(my_spans(window)) == 1


def test_a_label_key_lays_out_nothing_and_works_out_its_block_once(qtbot, window,
                                                                   monkeypatch) -> None:
    view = window.view
    area = view.text_widget()
    start, end = find(window, "Sergey Shoigu")
    select_text(window, start, end)
    area.viewport().repaint()
    laid_out: list[tuple[int, int, int]] = []  # a changed format makes Qt lay a block out
    area.document().contentsChange.connect(lambda *change: laid_out.append(change))
    worked_out = marks_worked_out(monkeypatch)
    qtbot.keyClick(area, Qt.Key.Key_1)
    area.viewport().repaint()
    [span] = my_spans(window)
    block = area.document().findBlock(view.to_utf16(start))
    assert laid_out == []
    # Added and then selected: its block's tints and bars worked out once.
    assert worked_out == [block.blockNumber()]
    assert view.selected_row().id == span.id
    # What that made is what working it out from scratch makes, the span tinted.
    made = view._marks_of(block)
    view._marks.clear()
    assert made == view._marks_of(block)
    assert [(block.position() + t.start, block.position() + t.end) for t in made.tints] == [
        (view.to_utf16(start), view.to_utf16(end))]


def test_undoing_a_delete_takes_the_blocks_earlier_marks_again(qtbot, window,
                                                                 monkeypatch) -> None:
    """A block's marks follow from its spans: when an undo brings a block back to the
    spans it had, the marks it had are taken again (a long paragraph's take a
    millisecond or more to work out), the span's new id in them."""
    view = window.view
    area = view.text_widget()
    start, end = find(window, "Sergey Shoigu")
    select_text(window, start, end)
    qtbot.keyClick(area, Qt.Key.Key_1)
    select_text(window, start + len("Sergey "), end)
    qtbot.keyClick(area, Qt.Key.Key_2)  # nested: the actor gets a bar under it
    deleted = view.selected_row()
    area.viewport().repaint()
    block = area.document().findBlock(view.to_utf16(start))
    before = view._marks_of(block)
    assert before.bars and deleted.id in {t.span for t in before.tints}
    worked_out = marks_worked_out(monkeypatch)
    qtbot.keyClick(area, Qt.Key.Key_Delete)
    area.viewport().repaint()
    assert worked_out == [block.blockNumber()]
    qtbot.keyClick(area, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    area.viewport().repaint()
    assert worked_out == [block.blockNumber()]  # not again
    [back] = [s for s in view.spans() if s.key == deleted.key]
    again = view._marks_of(block)
    assert back.id in {t.span for t in again.tints}
    view._marks.clear()
    assert again == view._marks_of(block)  # what working it out from scratch makes


def test_undo_and_redo_say_what_they_did_unless_the_step_said_why_not(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    from annotator.core.model import Span
    from annotator.store import open_store

    area = window.view.text_widget()
    start, end = find(window, "Moscow")
    select_text(window, start, end)
    qtbot.keyClick(area, Qt.Key.Key_1)
    qtbot.keyClick(area, Qt.Key.Key_Delete)
    qtbot.keyClick(area, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.status.currentMessage() == "Undone: Delete actor."
    assert [s.label for s in my_spans(window)] == ["actor"]
    qtbot.keyClick(area, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier
                   | Qt.KeyboardModifier.ShiftModifier)
    assert window.status.currentMessage() == "Redone: Delete actor."
    assert my_spans(window) == []
    # Meanwhile the same span was stored by another window: the undo cannot put it
    # back, and says so rather than that it was undone.
    with open_store(window.store.target()) as other:
        other.spans.add(window.uid, Span(start, end, "actor", "alice"))
    qtbot.keyClick(area, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert "exists already" in window.status.currentMessage()
    # Refused as it ran (the test's store writes at once): out of the history, and
    # the label before it still there to undo.
    assert window.editor.stack.count() == 1
    assert window.editor.stack.undoText() == "Add actor"

