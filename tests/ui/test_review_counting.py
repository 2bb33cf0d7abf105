"""Review starts at once: the corpus's progress is counted off the GUI thread, in the
real window with its real store thread, and what happens before the count is in."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from test_review_corpus import build_corpus
from ui_helpers import click_ok, when_modal

from annotator.core.model import Status
from annotator.services import review
from annotator.ui.review.controller import ReviewMode
from annotator.ui.review.start import StartReviewDialog

WAIT_MS = 20000


@pytest.fixture
def held(monkeypatch: pytest.MonkeyPatch) -> threading.Event:
    """The count reads the store at once but is handed back only once the event is set:
    as if the reading took that long, and anything stored meanwhile came after it."""
    release = threading.Event()
    real: Callable[..., review.CorpusProgress] = review.corpus_progress

    def counted_then_held(*args, **kwargs):  # type: ignore[no-untyped-def]
        found = real(*args, **kwargs)
        release.wait(WAIT_MS / 1000)
        return found

    monkeypatch.setattr(review, "corpus_progress", counted_then_held)
    return release


def start_review(qtbot, window) -> ReviewMode:  # type: ignore[no-untyped-def]
    """Review ▸ Start review…, as a user does it: the dialog, a name, OK."""
    def fill(dialog: StartReviewDialog) -> None:
        dialog.reviewer.setCurrentText("judge")
        click_ok(qtbot, dialog)

    when_modal(StartReviewDialog, fill)
    window.start_review_action.trigger()
    window.activateWindow()  # the offscreen platform does not hand activation back
    qtbot.waitUntil(window.isActiveWindow)  # shortcuts reach an active window only
    mode = window.review
    assert mode is not None
    return mode


@pytest.fixture
def corpus_window(make_window, seeded):  # type: ignore[no-untyped-def]
    build_corpus(seeded)
    window = make_window(seeded, inline=False)
    yield window
    window.queue.wait(10)


def test_review_opens_at_once_and_the_counts_come_in(qtbot, corpus_window, held) -> None:  # type: ignore[no-untyped-def]
    window = corpus_window
    first = window.uid
    mode = start_review(qtbot, window)
    # The mode is open on the current document while the corpus is still being counted.
    assert mode.counting()
    assert window.side.currentWidget() is mode.panel and mode.panel.isVisible()
    assert window.uid == first and mode.model.rowCount() > 0
    assert mode.panel.corpus.text() == "Corpus: counting review progress…"
    assert window.status.progress.text() == "Counting review progress…"
    held.set()
    qtbot.waitUntil(lambda: not mode.counting(), timeout=WAIT_MS)
    expected = review.corpus_progress(window.store, mode.annotators, "judge",
                                      with_relations=True)
    assert mode.progress == expected and expected.total > 0
    assert window.status.progress.text() == (
        f"Reviewed 0 of {expected.documents:,} documents · 0 / {expected.total:,} decided")
    assert f"0 / {expected.total:,} decided" in mode.panel.corpus.text()


def test_a_decision_made_while_counting_is_kept_in_the_counts(qtbot, corpus_window, held) -> None:  # type: ignore[no-untyped-def]
    window = corpus_window
    mode = start_review(qtbot, window)
    assert mode.counting()
    text = window.view.text_widget()
    qtbot.keyClick(text, Qt.Key.Key_A, Qt.KeyboardModifier.ShiftModifier)  # accept all agreed
    assert window.queue.wait(10)
    decided = review.review_progress(window.store, window.uid, mode.annotators, "judge",
                                     with_relations=True)
    assert decided[0] > 0
    # The count read the store before the decisions were stored, and arrives after.
    held.set()
    qtbot.waitUntil(lambda: not mode.counting(), timeout=WAIT_MS)
    assert mode.progress.per_document[window.uid] == decided
    expected = review.corpus_progress(window.store, mode.annotators, "judge",
                                      with_relations=True)
    assert mode.progress == expected
    assert f"{expected.decided:,} / {expected.total:,} decided" in \
        window.status.progress.text()


def test_shift_n_while_counting_opens_the_next_document_to_review_once_counted(
        qtbot, corpus_window, held) -> None:  # type: ignore[no-untyped-def]
    window = corpus_window
    store = window.store
    order = store.documents.uids()
    first = window.uid
    following = order[(order.index(first) + 1) % len(order)]
    # The document after this one is already reviewed: Shift+N must pass it by.
    store.annotators.ensure("bob")
    review.start_review(store, ["alice", "bob", "carol"], "judge")
    review.set_decisions(store, following, ["alice", "bob", "carol"], "judge",
                         [(c.key, Status.ACCEPTED) for c in review.compare_document(
                             store, following, ["alice", "bob", "carol"], "judge")])
    mode = start_review(qtbot, window)
    assert mode.counting()
    text = window.view.text_widget()
    qtbot.keyClick(text, Qt.Key.Key_N, Qt.KeyboardModifier.ShiftModifier)
    # Nothing is known yet: the reviewer is told, the cursor says busy, the window is usable.
    assert window.uid == first
    assert "Counting review progress" in window.status.currentMessage()
    cursor = QApplication.overrideCursor()
    assert cursor is not None and cursor.shape() == Qt.CursorShape.BusyCursor
    qtbot.keyClick(text, Qt.Key.Key_N)  # the next span: the mode still answers keys
    held.set()
    qtbot.waitUntil(lambda: window.uid != first, timeout=WAIT_MS)
    expected = mode.progress.next_undecided(first, order)
    assert window.uid == expected and expected not in (first, following)
    assert QApplication.overrideCursor() is None


def test_shift_n_is_forgotten_once_the_reviewer_opens_another_document(
        qtbot, corpus_window, held) -> None:  # type: ignore[no-untyped-def]
    window = corpus_window
    order = window.store.documents.uids()
    mode = start_review(qtbot, window)
    qtbot.keyClick(window.view.text_widget(), Qt.Key.Key_N, Qt.KeyboardModifier.ShiftModifier)
    chosen = order[-1]
    window.open_document(chosen)  # they went on by themselves
    assert QApplication.overrideCursor() is None
    held.set()
    qtbot.waitUntil(lambda: not mode.counting(), timeout=WAIT_MS)
    assert window.uid == chosen


def test_leaving_review_while_counting_drops_the_count(qtbot, corpus_window, held) -> None:  # type: ignore[no-untyped-def]
    window = corpus_window
    mode = start_review(qtbot, window)
    counter = mode._counter
    qtbot.keyClick(window.view.text_widget(), Qt.Key.Key_N, Qt.KeyboardModifier.ShiftModifier)
    window.leave_review()
    assert window.review is None and QApplication.overrideCursor() is None
    assert counter is not None and not counter.pending()
    first = window.uid
    held.set()
    qtbot.wait(200)  # the count comes in to nobody: nothing opens, nothing breaks
    assert window.uid == first and window.review is None
    assert "Counting" not in window.status.progress.text()
