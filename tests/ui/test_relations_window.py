"""Relations in the window, made, changed, deleted and undone with the keys and the mouse.

Each test drives the real window (key presses on the text, clicks and drags on its
viewport, rows of the relation list) and then reads the store: what the window shows
must be what is stored.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QTextCursor
from ui_helpers import find, select_text

from annotator.core.model import Status
from annotator.store import Store, open_store
from annotator.ui.document_view.relation_layer import STRONG, SUGGESTED
from tests.lock_holder import release, write_lock_held

QUOTE = ("“They are nations that for years have faced different forms of pressure and "
         "even threats of the use of force,”")
CTRL = Qt.KeyboardModifier.ControlModifier


def key(qtbot, window, k, mods=Qt.KeyboardModifier.NoModifier) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClick(window.view.text_widget(), k, mods)


def label(qtbot, window, needle: str, digit, occurrence: int = 0):  # type: ignore[no-untyped-def]
    """Select the words and press a label key; returns the span as shown."""
    select_text(window, *find(window, needle, occurrence))
    key(qtbot, window, digit)
    return window.view.selected_row()


def stored(window) -> list[tuple[str, str, str, str]]:  # type: ignore[no-untyped-def]
    """(head text, type, child text, status) of alice's relations in the store."""
    text = window.text
    return sorted((text[r.head.start:r.head.end], r.label, text[r.child.start:r.child.end],
                   r.status.value) for r in window.store.spans.relations(window.uid)
                  if r.head.annotator == "alice")


def shown(window) -> list[tuple[str, str, str]]:  # type: ignore[no-untyped-def]
    spans = window.doc_spans
    out = []
    for r in spans.relations.every():
        if r.status != "accepted":
            continue
        head, child = spans.get(r.head), spans.get(r.child)
        out.append((window.text[head.start:head.end], r.type, window.text[child.start:child.end]))
    return sorted(out)


def listed(window) -> list[str]:  # type: ignore[no-untyped-def]
    model = window.annotate.relation_model
    return [model.describe(model.relation_at(row)) for row in range(model.rowCount())]


def point_in(window, start: int, end: int) -> QPoint:  # type: ignore[no-untyped-def]
    """A viewport point on the glyphs of [start, end) (BMP text), scrolled into view."""
    edit = window.view.text_widget()
    cursor = QTextCursor(edit.document())
    cursor.setPosition(start)
    edit.setTextCursor(cursor)
    edit.ensureCursorVisible()
    a = edit.cursorRect(cursor)
    cursor.setPosition(min(start + 2, end))
    b = edit.cursorRect(cursor)
    return QPoint((a.left() + b.left()) // 2, a.center().y())


@pytest.fixture
def quote_and_actors(qtbot, window):  # type: ignore[no-untyped-def]
    """alice's spans: two actors, a quote after them (no relations yet)."""
    window.relations.show_speakers_action.setChecked(False)  # no offers in the way
    shoigu = label(qtbot, window, "Sergey Shoigu", Qt.Key.Key_1)
    official = label(qtbot, window, "The Russian official", Qt.Key.Key_1)
    quote = label(qtbot, window, QUOTE, Qt.Key.Key_4)
    window.queue.wait(5)
    return shoigu, official, quote


def test_r_then_enter_links_the_nearest_actor_and_undo_redo(qtbot, window,
                                                             quote_and_actors) -> None:  # type: ignore[no-untyped-def]
    _shoigu, _official, quote = quote_and_actors
    assert window.view.selected_row().id == quote.id
    key(qtbot, window, Qt.Key.Key_R)
    linking = window.view.linking()
    assert linking is not None and linking.kind == "speaker"
    # Both actors are candidates, the nearest first.
    assert [window.text[window.doc_spans.get(i).start:window.doc_spans.get(i).end]
            for i in linking.candidates] == ["The Russian official", "Sergey Shoigu"]
    assert "Linking speaker" in window.status.currentMessage()
    key(qtbot, window, Qt.Key.Key_Return)
    assert window.view.linking() is None
    assert stored(window) == [(QUOTE, "speaker", "The Russian official", "accepted")]
    assert shown(window) == [(QUOTE, "speaker", "The Russian official")]
    assert listed(window) == [f"{QUOTE[:21]}… → The Russian official"]
    assert window.annotate.relations_heading.text() == "Relations (1)"
    assert window.view.selected_relation() is not None
    key(qtbot, window, Qt.Key.Key_Z, CTRL)
    assert stored(window) == [] and shown(window) == [] and listed(window) == []
    key(qtbot, window, Qt.Key.Key_Z, CTRL | Qt.KeyboardModifier.ShiftModifier)
    assert stored(window) == [(QUOTE, "speaker", "The Russian official", "accepted")]
    assert shown(window) == [(QUOTE, "speaker", "The Russian official")]


def test_tab_and_arrows_cycle_the_candidates_esc_stops(qtbot, window,
                                                       quote_and_actors) -> None:  # type: ignore[no-untyped-def]
    shoigu, official, _quote = quote_and_actors
    key(qtbot, window, Qt.Key.Key_R)
    assert window.view.linking().current == official.id
    key(qtbot, window, Qt.Key.Key_Tab)
    assert window.view.linking().current == shoigu.id
    key(qtbot, window, Qt.Key.Key_Right)  # round again
    assert window.view.linking().current == official.id
    key(qtbot, window, Qt.Key.Key_Left)
    assert window.view.linking().current == shoigu.id
    key(qtbot, window, Qt.Key.Key_Escape)
    assert window.view.linking() is None
    assert stored(window) == []
    key(qtbot, window, Qt.Key.Key_S)  # speaker's own key starts it too
    key(qtbot, window, Qt.Key.Key_Tab)
    key(qtbot, window, Qt.Key.Key_Enter)
    assert stored(window) == [(QUOTE, "speaker", "Sergey Shoigu", "accepted")]


def test_a_type_key_retypes_the_selected_relation_within_its_rules(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    window.relations.show_speakers_action.setChecked(False)
    label(qtbot, window, "Sergey Shoigu", Qt.Key.Key_1)
    label(qtbot, window, "his country cooperates in the technical-military sphere", Qt.Key.Key_3)
    key(qtbot, window, Qt.Key.Key_R)
    key(qtbot, window, Qt.Key.Key_Return)
    assert stored(window) == [("his country cooperates in the technical-military sphere",
                               "speaker", "Sergey Shoigu", "accepted")]
    key(qtbot, window, Qt.Key.Key_T)  # about: a claim may be about an actor
    assert [r[1] for r in stored(window)] == ["about"]
    assert window.annotate.relation_model.data(
        window.annotate.relation_model.index(0, 0)) == "about"
    key(qtbot, window, Qt.Key.Key_Z, CTRL)
    assert [r[1] for r in stored(window)] == ["speaker"]
    # A quote cannot be "about": the type key says why and changes nothing.
    label(qtbot, window, QUOTE, Qt.Key.Key_4)
    key(qtbot, window, Qt.Key.Key_S)
    key(qtbot, window, Qt.Key.Key_Return)
    key(qtbot, window, Qt.Key.Key_T)
    assert "about links claim" in window.status.currentMessage()
    assert sorted(r[1] for r in stored(window)) == ["speaker", "speaker"]


def test_deleting_a_span_takes_its_relations_and_one_undo_brings_all_back(
        qtbot, window, quote_and_actors) -> None:  # type: ignore[no-untyped-def]
    _shoigu, official, _quote = quote_and_actors
    key(qtbot, window, Qt.Key.Key_R)
    key(qtbot, window, Qt.Key.Key_Return)
    claim = label(qtbot, window, "without mentioning the United States directly", Qt.Key.Key_3)
    key(qtbot, window, Qt.Key.Key_R)  # speaker, the nearest actor
    key(qtbot, window, Qt.Key.Key_Return)
    assert len(stored(window)) == 2
    assert {r[2] for r in stored(window)} == {"The Russian official"}
    window.view.select_span(official.id if window.doc_spans.get(official.id) else None)
    official_now = next(s for s in window.doc_spans.index
                        if window.text[s.start:s.end] == "The Russian official")
    window.view.select_span(official_now.id)
    key(qtbot, window, Qt.Key.Key_Delete)
    assert "Deleted actor and its 2 relations" in window.status.currentMessage()
    assert stored(window) == [] and shown(window) == [] and listed(window) == []
    assert "The Russian official" not in [window.text[s.start:s.end]
                                          for s in window.store.spans.of_document(window.uid)]
    assert window.undo_action.text() == "&Undo Delete actor and 2 relations"
    key(qtbot, window, Qt.Key.Key_Z, CTRL)  # one step: the span and both relations
    assert [r[1:] for r in stored(window)] == [("speaker", "The Russian official", "accepted")] * 2
    assert len(shown(window)) == 2 and len(listed(window)) == 2
    assert window.status.currentMessage() == "Undone: Delete actor and 2 relations."
    assert claim is not None
    key(qtbot, window, Qt.Key.Key_Z, CTRL | Qt.KeyboardModifier.ShiftModifier)
    assert stored(window) == []
    assert window.status.currentMessage() == "Redone: Delete actor and 2 relations."
    qtbot.mouseClick(window.undo_button, Qt.MouseButton.LeftButton)  # the toolbar's too
    assert window.status.currentMessage() == "Undone: Delete actor and 2 relations."
    qtbot.mouseClick(window.redo_button, Qt.MouseButton.LeftButton)
    key(qtbot, window, Qt.Key.Key_Z, CTRL)
    assert len(stored(window)) == 2
    # The relations point at the span as stored now (a new id), on screen and in the store.
    ids = {s.id for s in window.store.spans.of_document(window.uid)}
    assert all(r.head in ids and r.child in ids for r in window.doc_spans.relations.every())


def test_undoing_a_delete_puts_back_each_relation_by_type_as_the_store_has_it(
        qtbot, window, quote_and_actors) -> None:  # type: ignore[no-untyped-def]
    shoigu, _official, _quote = quote_and_actors
    key(qtbot, window, Qt.Key.Key_R)  # the quote's speaker: the official
    key(qtbot, window, Qt.Key.Key_Return)
    claim = label(qtbot, window, "without mentioning the United States directly", Qt.Key.Key_3)
    key(qtbot, window, Qt.Key.Key_S)  # the claim's speaker: the official
    key(qtbot, window, Qt.Key.Key_Return)
    window.view.select_span(claim.id)
    key(qtbot, window, Qt.Key.Key_T)  # what the claim is about: Shoigu
    while window.view.linking().current != shoigu.id:
        key(qtbot, window, Qt.Key.Key_Tab)
    key(qtbot, window, Qt.Key.Key_Return)
    window.queue.wait(5)
    text = window.text

    def as_shown() -> list[tuple[int, str, str, str, str]]:
        spans = window.doc_spans
        return sorted((r.id, text[spans.get(r.head).start:spans.get(r.head).end], r.type,
                       text[spans.get(r.child).start:spans.get(r.child).end], r.status)
                      for r in spans.relations.every())

    def as_stored() -> list[tuple[int, str, str, str, str]]:
        return sorted((r.id, text[r.head.start:r.head.end], r.label,
                       text[r.child.start:r.child.end], r.status.value)
                      for r in window.store.spans.relations(window.uid))

    before = as_stored()
    assert [r[1:4] for r in before] == [
        (QUOTE, "speaker", "The Russian official"),
        ("without mentioning the United States directly", "speaker", "The Russian official"),
        ("without mentioning the United States directly", "about", "Sergey Shoigu")]
    assert as_shown() == before
    window.view.select_span(next(s.id for s in window.doc_spans.index
                                 if text[s.start:s.end] == "The Russian official"))
    key(qtbot, window, Qt.Key.Key_Delete)
    window.queue.wait(5)
    assert [r[1:] for r in as_stored()] == [r[1:] for r in before[2:]] and as_shown() == as_stored()
    key(qtbot, window, Qt.Key.Key_Z, CTRL)
    window.queue.wait(5)
    # Each relation again, with its type and status, under the id the store gave it.
    assert sorted(r[1:] for r in as_stored()) == sorted(r[1:] for r in before)
    assert as_shown() == as_stored()


def test_delete_a_relation_picked_in_the_list(qtbot, window, quote_and_actors) -> None:  # type: ignore[no-untyped-def]
    key(qtbot, window, Qt.Key.Key_R)
    key(qtbot, window, Qt.Key.Key_Return)
    window.view.select_span(None)
    table = window.annotate.relation_list
    table.setFocus()
    table.selectRow(0)
    relation = window.view.selected_relation()
    assert relation is not None
    assert window.view.selected_row().id == relation.head  # the pair is selected in the view
    qtbot.keyClick(table, Qt.Key.Key_Delete)
    assert stored(window) == [] and listed(window) == []
    assert len(window.store.spans.of_document(window.uid)) == 3  # the spans stay
    key(qtbot, window, Qt.Key.Key_Z, CTRL)
    assert len(stored(window)) == 1


def test_click_the_head_then_ctrl_click_the_child(qtbot, window, quote_and_actors) -> None:  # type: ignore[no-untyped-def]
    shoigu, _official, quote = quote_and_actors
    viewport = window.view.text_widget().viewport()
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=point_in(window, quote.start + 5,
                                                                        quote.end))
    assert window.view.selected_row().id == quote.id
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, CTRL,
                     point_in(window, shoigu.start, shoigu.end))
    assert stored(window) == [(QUOTE, "speaker", "Sergey Shoigu", "accepted")]
    # An actor cannot speak a quote's words the other way round: nothing is made.
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton,
                     pos=point_in(window, shoigu.start, shoigu.end))
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, CTRL,
                     point_in(window, quote.start + 5, quote.end))
    assert "No relation type links actor → quote" in window.status.currentMessage()
    assert len(stored(window)) == 1


def test_ctrl_drag_from_span_to_span(qtbot, window, quote_and_actors) -> None:  # type: ignore[no-untyped-def]
    _shoigu, official, quote = quote_and_actors
    viewport = window.view.text_widget().viewport()
    start = point_in(window, quote.start + 5, quote.end)
    goal = point_in(window, official.start, official.end)
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, CTRL, start)
    qtbot.mouseMove(viewport, goal)
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, CTRL, goal)
    assert stored(window) == [(QUOTE, "speaker", "The Russian official", "accepted")]
    assert window.view.selected_range() is None  # the drag selected no text


def test_r_then_a_click_on_a_candidate_links_it(qtbot, window, quote_and_actors) -> None:  # type: ignore[no-untyped-def]
    shoigu, _official, _quote = quote_and_actors
    key(qtbot, window, Qt.Key.Key_R)
    viewport = window.view.text_widget().viewport()
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton,
                     pos=point_in(window, shoigu.start, shoigu.end))
    assert stored(window) == [(QUOTE, "speaker", "Sergey Shoigu", "accepted")]
    assert window.view.linking() is None


def test_connectors_are_drawn_clicked_and_hovered(qtbot, window, quote_and_actors) -> None:  # type: ignore[no-untyped-def]
    shoigu, official, quote = quote_and_actors
    key(qtbot, window, Qt.Key.Key_R)
    key(qtbot, window, Qt.Key.Key_Tab)
    key(qtbot, window, Qt.Key.Key_Return)  # quote -> Sergey Shoigu, lines apart
    window.view.select_span(None)
    viewport = window.view.text_widget().viewport()
    viewport.repaint()
    layer = window.view.relation_layer
    [route] = [r for r in layer.routes if r.style != SUGGESTED]
    assert not route.same_line and route.relation.child == shoigu.id
    gutter = window.view.text_widget().gutter
    gutter.repaint()
    assert route.gutter_lines
    # The connector's lane in the gutter: a click there selects the relation.
    lane = route.gutter_lines[-1]
    middle = QPoint(int(lane[0].x()), int((lane[0].y() + lane[1].y()) / 2))
    qtbot.mouseClick(gutter, Qt.MouseButton.LeftButton, pos=middle)
    assert window.view.selected_relation().id == route.relation.id
    assert window.annotate.relation_list.currentIndex().row() == 0
    # Hovering the actor draws its relation strong and says who spoke.
    window.view.select_relation(None)
    qtbot.mouseMove(viewport, point_in(window, shoigu.start, shoigu.end))
    assert layer.hovered == shoigu.id
    assert window.view.relation_lines(window.doc_spans.get(shoigu.id)) == \
        [f"speaker ← {QUOTE[:31]}…"]
    assert window.view.relation_lines(window.doc_spans.get(quote.id)) == \
        ["speaker → Sergey Shoigu"]
    viewport.repaint()
    assert [r.style for r in layer.routes] == [STRONG]
    assert official.id not in {r.relation.child for r in layer.routes}


def test_an_edit_paints_the_text_the_gutter_and_the_lists_in_one_pass(
        qtbot, window, quote_and_actors) -> None:  # type: ignore[no-untyped-def]
    """Each further paint pass of the window held the interpreter lock while the store
    worker wrote the edit: a connector's gutter and the lists paint with the text."""
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWidgets import QApplication

    shoigu, _official, quote = quote_and_actors
    key(qtbot, window, Qt.Key.Key_R)
    key(qtbot, window, Qt.Key.Key_Tab)
    key(qtbot, window, Qt.Key.Key_Return)  # quote -> Sergey Shoigu, lines apart
    QApplication.processEvents()
    assert [r.relation.child for r in window.view.relation_layer.routes] == [shoigu.id]
    text = window.view.text_widget()
    watched = {text.viewport(): "text", text.gutter: "gutter",
               window.annotate.relation_list.viewport(): "relations",
               window.annotate.list.viewport(): "spans"}
    passes = [0]
    painted: list[tuple[int, str]] = []

    class Watch(QObject):
        def eventFilter(self, obj, event):  # type: ignore[no-untyped-def]
            if obj is window and event.type() == QEvent.Type.UpdateRequest:
                passes[0] += 1
            elif event.type() == QEvent.Type.Paint and obj in watched:
                painted.append((passes[0], watched[obj]))
            return False

    watch = Watch()
    for widget in (window, *watched):
        widget.installEventFilter(watch)
    window.view.select_span(quote.id)
    QApplication.processEvents()
    painted.clear()
    key(qtbot, window, Qt.Key.Key_Delete)  # the quote, and its relation
    for _ in range(5):
        QApplication.processEvents()
    assert {what for _, what in painted} == {"text", "gutter", "relations", "spans"}
    assert len({at for at, _ in painted}) == 1, painted
    assert window.view.relation_layer.routes == [] and listed(window) == []


def test_resizing_an_end_repaints_its_row_in_the_relation_list(
        qtbot, window, quote_and_actors) -> None:  # type: ignore[no-untyped-def]
    shoigu, _official, _quote = quote_and_actors
    key(qtbot, window, Qt.Key.Key_R)
    key(qtbot, window, Qt.Key.Key_Tab)
    key(qtbot, window, Qt.Key.Key_Return)  # quote -> Sergey Shoigu
    assert listed(window) == [f"{QUOTE[:21]}… → Sergey Shoigu"]
    repainted: list[int] = []
    window.annotate.relation_model.dataChanged.connect(
        lambda first, _last: repainted.append(first.row()))
    window.view.select_span(shoigu.id)
    for _ in range(4):  # the end four characters in: "Sergey Sh"
        key(qtbot, window, Qt.Key.Key_Left,
            Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.ShiftModifier)
    assert listed(window) == [f"{QUOTE[:21]}… → Sergey Sh"]
    assert stored(window) == [(QUOTE, "speaker", "Sergey Sh", "accepted")]
    assert repainted.count(0) == 4  # the row reads anew after each step


def test_a_relation_leaving_the_list_on_screen_repaints_only_what_it_uncovers(
        qtbot, window) -> None:  # type: ignore[no-untyped-def]
    """The rows below a removed relation move up as pixels: one row is painted, not
    every row on screen (alternating colours would make each of them change)."""
    import re

    from PySide6.QtCore import QEvent, QObject, QRect
    from PySide6.QtGui import QRegion
    from PySide6.QtWidgets import QApplication

    from annotator.core.model import Created, NewRelation, Span

    window.relations.show_speakers_action.setChecked(False)
    window.resize(1280, 800)
    words = [m.span() for m in re.finditer(r"\w{4,}", window.text)][:60]
    spans = [Span(a, b, "quote" if i % 2 == 0 else "actor", "alice")
             for i, (a, b) in enumerate(words)]
    window.store.spans.edit(window.uid, create=spans, relate=[
        NewRelation(Created(i), Created(i + 1), "speaker") for i in range(0, 60, 2)])
    uid = window.uid
    window.step_document(1)
    window.open_document(uid)  # read again, with them
    table = window.annotate.relation_list
    assert table.model().rowCount() == 30
    row_height = table.rowHeight(0)
    shown_rows = table.viewport().height() // row_height
    assert shown_rows >= 5
    middle = table.rowAt(table.viewport().height() // 2)
    relation = table.relation_model.relation_at(middle)
    window.view.select_span(relation.child)  # the actor: its quote stays
    for _ in range(3):
        QApplication.processEvents()

    class Watch(QObject):
        region = QRegion()

        def eventFilter(self, obj, event):  # type: ignore[no-untyped-def]
            if event.type() == QEvent.Type.Paint:
                self.region = self.region.united(event.region())
            return False

    watch = Watch()
    table.viewport().installEventFilter(watch)
    key(qtbot, window, Qt.Key.Key_Delete)
    for _ in range(3):
        QApplication.processEvents()
    table.viewport().removeEventFilter(watch)
    assert table.model().rowCount() == 29
    painted = sum(r.height() for r in watch.region)
    assert 0 < painted <= 2 * row_height, (painted, row_height, shown_rows)
    # What is on screen is what a paint from scratch gives.
    viewport = table.viewport()
    shown = viewport.screen().grabWindow(window.winId()).toImage().copy(
        QRect(viewport.mapTo(window, viewport.rect().topLeft()), viewport.size()))
    fresh = viewport.grab().toImage().convertToFormat(shown.format())
    assert shown == fresh


def test_relations_are_read_again_with_the_document(qtbot, window, quote_and_actors) -> None:  # type: ignore[no-untyped-def]
    key(qtbot, window, Qt.Key.Key_R)
    key(qtbot, window, Qt.Key.Key_Return)
    uid = window.uid
    window.step_document(1)
    assert window.uid != uid and listed(window) == []
    window.open_document(uid)
    assert shown(window) == [(QUOTE, "speaker", "The Russian official")]
    assert len(listed(window)) == 1


# ------------------------------------------------------------------ a busy store


@pytest.fixture
def busy_window(make_window, seeded: Store, db_path: Path):  # type: ignore[no-untyped-def]
    seeded.close()
    store = open_store(db_path, busy_timeout=0.3)
    window = make_window(store, inline=False)
    window.relations.show_speakers_action.setChecked(False)
    yield window
    window.queue.wait(10)
    store.close()


def relations_in(db_path: Path, uid: str) -> list[tuple[str, str, str]]:
    with open_store(db_path) as store:
        text = store.documents.get(uid).text
        return sorted((text[r.head.start:r.head.end], r.label, text[r.child.start:r.child.end])
                      for r in store.spans.relations(uid))


def test_relations_under_a_lock_show_at_once_and_are_stored_when_it_frees(
        qtbot, busy_window, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    window = busy_window
    uid = window.uid
    with write_lock_held(db_path) as holder:
        label(qtbot, window, "The Russian official", Qt.Key.Key_1)
        label(qtbot, window, QUOTE, Qt.Key.Key_4)
        key(qtbot, window, Qt.Key.Key_R)
        key(qtbot, window, Qt.Key.Key_Return)  # both spans are pending: temporary ids
        assert shown(window) == [(QUOTE, "speaker", "The Russian official")]
        [relation] = window.doc_spans.relations.every()
        assert relation.id < 0 and relation.head < 0 and relation.child < 0
        # Delete the actor (and its relation) and undo it, all while locked.
        actor = next(s for s in window.doc_spans.index if s.label == "actor")
        window.view.select_span(actor.id)
        key(qtbot, window, Qt.Key.Key_Delete)
        assert shown(window) == []
        key(qtbot, window, Qt.Key.Key_Z, CTRL)
        assert shown(window) == [(QUOTE, "speaker", "The Russian official")]
        assert holder.poll() is None and relations_in(db_path, uid) == []
        release(holder)
    assert window.queue.wait(10)
    qtbot.waitUntil(lambda: all(r.id > 0 for r in window.doc_spans.relations.every()))
    assert relations_in(db_path, uid) == [(QUOTE, "speaker", "The Russian official")]
    [relation] = window.doc_spans.relations.every()
    ids = {s.id for s in window.doc_spans.index}
    assert relation.head in ids and relation.child in ids and relation.head > 0
    # The history still matches the store: undo the link and the quote, redo both.
    key(qtbot, window, Qt.Key.Key_Z, CTRL)
    key(qtbot, window, Qt.Key.Key_Z, CTRL)
    assert window.queue.wait(10)
    assert relations_in(db_path, uid) == []
    for _ in range(2):
        key(qtbot, window, Qt.Key.Key_Z, CTRL | Qt.KeyboardModifier.ShiftModifier)
    assert window.queue.wait(10)
    assert relations_in(db_path, uid) == [(QUOTE, "speaker", "The Russian official")]
    with open_store(db_path) as store:
        assert [r.status for r in store.spans.relations(uid)] == [Status.ACCEPTED]


# ------------------------------------------------------------------ the attribution helper

CLAIM = "the progress of cooperation with Argentina, Bolivia, Brazil, Paraguay, Peru and Uruguay"


def offered(window) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    spans = window.doc_spans
    return [(window.text[spans.get(r.head).start:spans.get(r.head).end],
             window.text[spans.get(r.child).start:spans.get(r.child).end])
            for r in window.view.relation_layer.suggested]


def test_the_likely_speaker_is_offered_accepted_with_enter_and_undone(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    start = find(window, "Shoigu also")[0]
    select_text(window, start, start + len("Shoigu"))
    key(qtbot, window, Qt.Key.Key_1)
    claim = label(qtbot, window, CLAIM, Qt.Key.Key_3)
    assert offered(window) == [(CLAIM, "Shoigu")]  # a dashed connector
    assert window.view.selected_row().id == claim.id
    key(qtbot, window, Qt.Key.Key_Return)
    assert stored(window) == [(CLAIM, "speaker", "Shoigu", "accepted")]
    assert offered(window) == []  # it has a speaker now
    key(qtbot, window, Qt.Key.Key_Z, CTRL)
    assert stored(window) == [] and offered(window) == [(CLAIM, "Shoigu")]
    # Backspace says no: stored as rejected, never offered again, drawn as nothing.
    window.view.select_span(next(s.id for s in window.doc_spans.index if s.label == "claim"))
    key(qtbot, window, Qt.Key.Key_Backspace)
    assert stored(window) == [(CLAIM, "speaker", "Shoigu", "rejected")]
    assert offered(window) == [] and shown(window) == [] and listed(window) == []
    assert len(window.store.spans.of_document(window.uid)) == 2  # Backspace deleted no span
    key(qtbot, window, Qt.Key.Key_Z, CTRL)
    assert stored(window) == [] and offered(window) == [(CLAIM, "Shoigu")]
    # The helper can be switched off: nothing offered, Enter does nothing of the kind.
    window.relations.show_speakers_action.setChecked(False)
    assert offered(window) == []


def test_deleting_a_span_brings_back_its_rejected_speaker_on_undo(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    start = find(window, "Shoigu also")[0]
    select_text(window, start, start + len("Shoigu"))
    key(qtbot, window, Qt.Key.Key_1)
    claim = label(qtbot, window, CLAIM, Qt.Key.Key_3)
    key(qtbot, window, Qt.Key.Key_Backspace)
    assert stored(window) == [(CLAIM, "speaker", "Shoigu", "rejected")]
    window.view.select_span(claim.id)
    key(qtbot, window, Qt.Key.Key_Delete)
    assert stored(window) == []
    key(qtbot, window, Qt.Key.Key_Z, CTRL)  # the claim and its "no" come back together
    assert stored(window) == [(CLAIM, "speaker", "Shoigu", "rejected")]
    assert offered(window) == []


def test_relations_between_spans_after_emoji_keep_code_point_offsets(qtbot, make_window,
                                                                     store: Store) -> None:  # type: ignore[no-untyped-def]
    """Qt counts UTF-16; the store counts code points: a relation made on a line full
    of emoji links the spans the user sees, and its connector sits on them."""
    from annotator.core.model import Document

    text = "👨‍👩‍👧 Maduro 🇻🇪 said “we will stay” 😀 today.\n\nMore text 🇫🇷 here."
    store.documents.add(Document.from_text(text))
    window = make_window(store)
    window.relations.show_speakers_action.setChecked(False)
    view, edit = window.view, window.view.text_widget()

    def select(needle: str) -> None:
        start = text.index(needle)
        cursor = edit.textCursor()
        cursor.setPosition(view.to_utf16(start))
        cursor.setPosition(view.to_utf16(start + len(needle)), QTextCursor.MoveMode.KeepAnchor)
        edit.setTextCursor(cursor)

    select("Maduro")
    key(qtbot, window, Qt.Key.Key_1)
    select("“we will stay”")
    key(qtbot, window, Qt.Key.Key_4)
    key(qtbot, window, Qt.Key.Key_R)
    key(qtbot, window, Qt.Key.Key_Return)
    [relation] = store.spans.relations(window.uid)
    assert text[relation.head.start:relation.head.end] == "“we will stay”"
    assert text[relation.child.start:relation.child.end] == "Maduro"
    window.view.select_span(None)
    edit.viewport().grab()  # paints it now, wherever the window is
    [route] = window.view.relation_layer.routes
    assert route.same_line  # one line: a low arc between the two
    cursor = QTextCursor(edit.document())
    cursor.setPosition(view.to_utf16(text.index("Maduro")))
    left = edit.cursorRect(cursor).left()
    cursor.setPosition(view.to_utf16(text.index("Maduro") + len("Maduro")))
    right = edit.cursorRect(cursor).left()
    assert left - 1 <= route.child.left and route.child.right <= right + 1


def test_a_relabel_that_breaks_a_relation_types_rule_is_refused(
        qtbot, window, quote_and_actors) -> None:  # type: ignore[no-untyped-def]
    _shoigu, _official, _quote = quote_and_actors
    key(qtbot, window, Qt.Key.Key_R)  # the quote's speaker: the official
    key(qtbot, window, Qt.Key.Key_Return)
    official = next(s for s in window.doc_spans.index
                    if window.text[s.start:s.end] == "The Russian official")
    window.view.select_span(official.id)
    key(qtbot, window, Qt.Key.Key_2)  # weapon: a speaker must be an actor
    window.queue.wait(5)
    assert window.status.currentMessage() == \
        "Not changed: speaker links quote or claim → actor, not quote → weapon."
    labels = {window.text[s.start:s.end]: s.label
              for s in window.store.spans.of_document(window.uid)}
    assert labels["The Russian official"] == "actor"
    assert {window.text[s.start:s.end]: s.label
            for s in window.doc_spans.index}["The Russian official"] == "actor"
    assert stored(window) == [(QUOTE, "speaker", "The Russian official", "accepted")]
    # A label the type allows at that end goes through: a quote's speaker may head a claim.
    quote = next(s for s in window.doc_spans.index if window.text[s.start:s.end] == QUOTE)
    window.view.select_span(quote.id)
    key(qtbot, window, Qt.Key.Key_3)
    window.queue.wait(5)
    assert {window.text[s.start:s.end]: s.label
            for s in window.store.spans.of_document(window.uid)}[QUOTE] == "claim"
    assert stored(window) == [(QUOTE, "speaker", "The Russian official", "accepted")]
