"""Label every occurrence from the window: a preview first, one undo step for a batch,
corpus runs in the background as suggestions."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from annotator.core.model import Document, Span, Status
from annotator.store import Store

FIRST = "Bombers\n\nThe Tu-160 😀 landed; a second Tu-160 and the Tu-160M followed."
OTHERS = ["Report\n\nA Tu-160 flew over.", "Quiet\n\nNothing here.",
          "Again\n\nTwo Tu-160 bombers, one Tu-160."]


def make(store: Store, make_window, inline: bool = True):  # type: ignore[no-untyped-def]
    for text in [FIRST, *OTHERS]:
        store.documents.add(Document.from_text(text))
    window = make_window(store, inline=inline)
    assert window.text == FIRST
    return window


def dialog_ready(qtbot, window):  # type: ignore[no-untyped-def]
    dialog = window.label_all_dialog
    qtbot.waitUntil(lambda: dialog.here is not None and dialog.corpus_button.isEnabled(),
                    timeout=20_000)
    return dialog


def select(window, start: int, end: int) -> None:  # type: ignore[no-untyped-def]
    window.view.select_text(start, end)


def test_label_all_in_the_article_is_one_undo_step(qtbot, store: Store, make_window) -> None:
    window = make(store, make_window)
    first = FIRST.index("Tu-160")
    window.editor.add(window.uid, FIRST, first, first + 6, "weapon", "alice", snap=False)
    select(window, first, first + 6)
    window.label_all()
    dialog = dialog_ready(qtbot, window)
    dialog.label.setCurrentText("weapon")
    dialog = dialog_ready(qtbot, window)
    # "Tu-160" as a selection: the same characters, whole words (not "Tu-160M").
    assert dialog.in_article.text() == "2 occurrences: 1 to label, 1 labelled so already"
    assert dialog.corpus_button.text() == "Label in the corpus (3 documents)…"
    qtbot.mouseClick(dialog.here_button, Qt.MouseButton.LeftButton)
    weapons = sorted((s.start, s.end) for s in store.spans.of_document(window.uid))
    second = FIRST.index("Tu-160", first + 1)
    assert weapons == [(first, first + 6), (second, second + 6)]
    assert "1 occurrence as weapon" in window.status.currentMessage()
    window.undo_action.trigger()  # one step takes the batch back, not the first span
    assert [(s.start, s.end) for s in store.spans.of_document(window.uid)] == [
        (first, first + 6)]
    window.redo_action.trigger()
    assert len(store.spans.of_document(window.uid)) == 2


def test_label_all_across_the_corpus_adds_suggestions_and_undoes(qtbot, store: Store,
                                                                  make_window) -> None:
    window = make(store, make_window, inline=False)
    window.open_find()
    qtbot.keyClicks(window.find_bar.field, "tu-160")
    qtbot.mouseClick(window.find_bar.whole, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(window.find_bar.label_all, Qt.MouseButton.LeftButton)
    dialog = dialog_ready(qtbot, window)
    dialog.label.setCurrentText("weapon")
    dialog = dialog_ready(qtbot, window)
    assert dialog.in_corpus.text() == ("5 occurrences to label in 3 documents; "
                                       "0 labelled so already")
    qtbot.mouseClick(dialog.corpus_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: store.reads.span_count() == 5, timeout=20_000)
    window.queue.wait(10)
    qtbot.waitUntil(lambda: "Ctrl+Z" in window.status.currentMessage())
    assert window.status.currentMessage().startswith("5 suggestions weapon added in 3 documents")
    spans = [s for uid in store.documents.uids() for s in store.spans.of_document(uid)]
    assert {(s.status, s.annotator) for s in spans} == {(Status.SUGGESTED, "label-all")}
    # the open article shows its new suggestions, to accept or reject
    assert [window.text[s.start:s.end] for s in window.suggest.shown()] == ["Tu-160"] * 2
    window.undo_action.trigger()
    window.queue.wait(10)
    assert store.reads.span_count() == 0
    qtbot.waitUntil(lambda: not window.suggest.shown())
    window.redo_action.trigger()
    window.queue.wait(10)
    assert store.reads.span_count() == 5


def test_accepted_spans_when_asked_and_identical_ones_skipped(qtbot, store: Store,
                                                               make_window) -> None:
    window = make(store, make_window)
    other = store.search.next(None, store.search.compile("Report"))
    at = OTHERS[0].index("Tu-160")
    store.spans.add(other, Span(at, at + 6, "weapon", "alice"))
    first = FIRST.index("Tu-160")
    select(window, first, first + 6)
    window.label_all()
    dialog = dialog_ready(qtbot, window)
    dialog.label.setCurrentText("weapon")
    dialog = dialog_ready(qtbot, window)
    assert dialog.in_corpus.text() == ("4 occurrences to label in 2 documents; "
                                       "1 labelled so already")
    dialog.accepted.setChecked(True)
    qtbot.mouseClick(dialog.corpus_button, Qt.MouseButton.LeftButton)
    window.queue.wait(10)
    QApplication.processEvents()
    statuses = [s.status for uid in store.documents.uids() for s in store.spans.of_document(uid)]
    assert statuses.count(Status.ACCEPTED) == 5  # the one there before and four new


def test_nothing_to_label_says_what_to_do(qtbot, store: Store, make_window) -> None:
    window = make(store, make_window)
    window.view.clear_text_selection()
    window.label_all()
    assert "Select some text, or find something" in window.status.currentMessage()
