"""Opening a document: its spans and relations are read on a thread while the view lays
out the text (Qt does that without Python's interpreter lock), and a read that fails
leaves the document shown as it was."""

from __future__ import annotations

import threading
import time

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtWidgets import QPlainTextEdit
from ui_helpers import find, select_text

from annotator.core.errors import StoreError
from annotator.store import Store
from annotator.ui.document_view.view import set_text_unlocked


def _open_two(window) -> tuple[str, str]:  # type: ignore[no-untyped-def]
    first = window.uid
    second = next(uid for uid in window.store.documents.uids() if uid != first)
    assert first and second
    return first, second


def test_the_spans_are_read_off_the_gui_thread_and_shown_with_their_text(
        qtbot, window, seeded: Store) -> None:  # type: ignore[no-untyped-def]
    first, second = _open_two(window)
    select_text(window, *find(window, "Russia"))
    qtbot.keyClick(window.view.text_widget(), Qt.Key.Key_1)
    row = window.view.selected_row()
    window.relations.show_speakers_action.setChecked(False)
    readers: list[str] = []
    read = window.annotate.read

    def reading(uid: str):  # type: ignore[no-untyped-def]
        readers.append(threading.current_thread().name)
        return read(uid)

    window.annotate.read = reading
    window.open_document(second)
    window.open_document(first)
    assert readers == ["open-document", "open-document"]
    text = seeded.documents.get(first).text
    assert window.view.text_widget().toPlainText() == window.view.text() == text
    assert [(r.start, r.end, r.label) for r in window.doc_spans.index] == [
        (row.start, row.end, row.label)]


def _failing_open(qtbot, window, seeded: Store, error: Exception) -> str:  # type: ignore[no-untyped-def]
    """Open another document with a read that fails, from a place in the first one;
    check that the first is shown as it was, where it was."""
    first, second = _open_two(window)
    select_text(window, *find(window, "Russia"))
    qtbot.keyClick(window.view.text_widget(), Qt.Key.Key_1)
    shown = [(r.start, r.end, r.label) for r in window.doc_spans.index]
    select_text(window, *find(window, "Venezuela", 2))
    window.view.set_position(window.text.index("Venezuela"))
    place = window.view.place()
    assert place[0] > 0

    def failing(uid: str):  # type: ignore[no-untyped-def]
        raise error

    read, window.annotate.read = window.annotate.read, failing
    try:
        if isinstance(error, StoreError):  # expected: said in the status bar
            window.open_document(second)
        else:  # unexpected: raised on, for the error dialog
            with pytest.raises(type(error)):
                window.open_document(second)
    finally:
        window.annotate.read = read
    text = seeded.documents.get(first).text
    assert window.uid == first and window.doc_spans.uid == first
    assert window.view.text_widget().toPlainText() == window.view.text() == text
    assert [(r.start, r.end, r.label) for r in window.doc_spans.index] == shown
    assert window.view.place() == place
    return second


def test_a_failed_read_leaves_the_document_shown_whole(qtbot, window, seeded: Store  # type: ignore[no-untyped-def]
                                                       ) -> None:
    second = _failing_open(qtbot, window, seeded,
                           StoreError("database disk image is malformed"))
    assert "database disk image is malformed" in window.status.currentMessage()
    window.open_document(second)
    assert window.view.text_widget().toPlainText() == seeded.documents.get(second).text


def test_an_unexpected_error_in_the_read_leaves_it_whole_too(qtbot, window,  # type: ignore[no-untyped-def]
                                                             seeded: Store) -> None:
    _failing_open(qtbot, window, seeded, RuntimeError("pool exhausted"))
    # An edit now goes where it shows.
    select_text(window, *find(window, "Shoigu"))
    qtbot.keyClick(window.view.text_widget(), Qt.Key.Key_1)
    row = window.view.selected_row()
    assert window.text[row.start:row.end] == "Shoigu"


def test_laying_out_a_text_lets_other_python_threads_run(qtbot) -> None:  # type: ignore[no-untyped-def]
    """What makes reading beside laying out pay: called directly, setPlainText would
    keep the interpreter lock for its whole run."""
    text = ("Lavrov said the talks would go on. " * 40 + "\n\n") * 4000  # 5.6 MB
    spins = [0]
    stop = threading.Event()

    def spin() -> None:
        while not stop.is_set():
            spins[0] += 1

    def spin_rate(wait) -> float:  # type: ignore[no-untyped-def]
        """The spinner's turns per second while this thread waits so."""
        stop.clear()
        spinner = threading.Thread(target=spin)
        spinner.start()
        while spins[0] == 0:
            pass
        before, start = spins[0], time.perf_counter()
        wait()
        rate = (spins[0] - before) / (time.perf_counter() - start)
        stop.set()
        spinner.join()
        spins[0] = 0
        return rate

    area = QPlainTextEdit()
    try:
        free = spin_rate(lambda: time.sleep(0.1))
        laying_out = spin_rate(lambda: set_text_unlocked(area, text))
        assert area.toPlainText() == text
        # Holding the lock (setPlainText called directly), the spinner gets a turn only
        # when Qt calls back into Python: under a fifth of its free turns, where it
        # has half or more here.
        assert laying_out > 0.3 * free
    finally:  # gone now, not at the interpreter's exit
        area.deleteLater()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
