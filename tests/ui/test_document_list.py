"""The lazy document list, its filter, and returning to where the user was."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QModelIndex, Qt
from ui_helpers import find, select_text

from annotator.core.model import Document
from annotator.store import Store
from annotator.ui.documents.model import PAGE, DocumentListModel
from annotator.ui.main_window import MainWindow


@pytest.fixture
def big_store(store: Store) -> Store:
    docs = [Document.from_text(f"Article {i}\n\nBody of article number {i}."
                               + (" Shoigu spoke." if i % 500 == 0 else ""))
            for i in range(5000)]
    with store.transaction() as conn:
        store.documents.insert(conn, docs)
    return store


def test_model_passes_qt_model_checks(qtmodeltester, big_store: Store) -> None:
    model = DocumentListModel(big_store, "alice")
    qtmodeltester.check(model, force_py=True)


def test_filtered_model_passes_qt_model_checks(qtmodeltester, big_store: Store) -> None:
    # A fresh model: pytest-qt's tester fetches more inside its own reset handler,
    # which it then reports as rows inserted during a reset.
    model = DocumentListModel(big_store, "alice")
    model.set_filter("Shoigu")
    qtmodeltester.check(model, force_py=True)
    assert model.total() == 10


def test_list_is_lazy(big_store: Store) -> None:
    model = DocumentListModel(big_store, "alice")
    assert model.total() == 5000
    assert model.rowCount() == 0
    assert model.canFetchMore(QModelIndex())
    model.fetchMore(QModelIndex())
    assert model.rowCount() == PAGE
    assert model.index(0, 0).data() == "Article 0"


def test_window_shows_rows_without_loading_all(qtbot, make_window, big_store: Store) -> None:
    window = make_window(big_store)
    model = window.documents
    assert 0 < model.rowCount() < model.total() == 5000
    loaded = model.rowCount()
    window.document_panel.view.scrollToBottom()
    qtbot.waitUntil(lambda: model.rowCount() > loaded)
    assert model.rowCount() < 5000
    assert window.status.place.text() == "1 / 5,000"


def test_far_document_is_found_by_loading_up_to_it(big_store: Store) -> None:
    uid = big_store.documents.rows("alice", 3210, 1)[0].uid
    model = DocumentListModel(big_store, "alice")
    row = model.row_of(uid)
    assert row == 3210
    assert model.uid_at(row) == uid
    assert model.rowCount() < 5000


def test_search_box(qtbot, make_window, big_store: Store) -> None:
    window = make_window(big_store)
    qtbot.keyClicks(window.document_panel.search_box, "Shoigu")
    qtbot.waitUntil(lambda: window.documents.total() == 10)
    assert window.documents.filter_text() == "Shoigu"
    assert window.document_panel.count.text() == "10 of 5,000 documents"
    titles = [window.documents.index(r, 0).data() for r in range(window.documents.rowCount())]
    assert titles[:3] == ["Article 0", "Article 500", "Article 1000"]
    # Choosing a row opens that document; Ctrl+PgDown walks the searched list.
    window.document_panel.view.setCurrentIndex(window.documents.index(1, 0))
    assert window.title.text() == "Article 500"
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)  # the search answered before it was active
    qtbot.keyClick(window, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    assert window.title.text() == "Article 1000"
    window.document_panel.search_box.clear()
    assert window.documents.total() == 5000
    assert window.document_panel.count.text() == "5,000 documents"


def test_typing_in_the_search_box_does_not_label(qtbot, window) -> None:
    window.document_panel.search_box.setFocus()
    qtbot.keyClicks(window.document_panel.search_box, "1")
    assert window.document_panel.search_box.text() == "1"
    assert window.store.spans.of_document(window.uid) == []


def test_next_and_previous(qtbot, window) -> None:
    first = window.uid
    qtbot.keyClick(window, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    second = window.uid
    assert second != first
    assert window.status.place.text() == "2 / 5"
    assert window.document_panel.view.currentIndex().row() == 1
    qtbot.keyClick(window, Qt.Key.Key_PageUp, Qt.KeyboardModifier.ControlModifier)
    assert window.uid == first
    qtbot.keyClick(window, Qt.Key.Key_PageUp, Qt.KeyboardModifier.ControlModifier)
    assert window.uid == first
    assert "first document" in window.status.currentMessage()


def test_reopening_returns_to_last_document_and_position(qtbot, seeded: Store, qsettings,
                                                        make_window) -> None:
    window = make_window(seeded)
    window.step_document(1)
    window.step_document(1)
    uid = window.uid
    window.view.set_position(1500)
    position = window.view.position()
    window.close()
    assert seeded.states.get(uid, "alice")[1] == position

    again = MainWindow(seeded, qsettings)
    qtbot.addWidget(again)
    again.show()
    qtbot.waitExposed(again)
    assert again.uid == uid
    assert again.status.place.text() == "3 / 5"
    assert position > 0
    qtbot.waitUntil(lambda: abs(again.view.position() - position) < 120)  # same screenful


def test_switching_annotator(qtbot, window) -> None:
    first = window.uid
    window.switch_annotator("bob")
    assert window.annotator == "bob"
    assert window.settings.annotator() == "bob"
    assert "bob" in window.status.annotator.text()
    assert window.uid == first  # bob has no last document: the first one
    assert "bob" in [n for n, _ in window.store.annotators.all()]


def test_an_edit_repaints_only_the_cells_it_changed(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    model = window.documents
    changed: list[tuple[int, int, int]] = []
    model.dataChanged.connect(lambda a, b, _roles=(): changed.append((a.row(), a.column(),
                                                                      b.column())))
    row = model.row_of(window.uid)
    spans, state = model.COLUMNS.index("Spans"), model.COLUMNS.index("State")
    select_text(window, *find(window, "Russia"))
    qtbot.keyClick(window.view.text_widget(), Qt.Key.Key_1)
    assert changed == [(row, state, spans)]  # the first span: "in progress" too
    changed.clear()
    select_text(window, *find(window, "Venezuela"))
    qtbot.keyClick(window.view.text_widget(), Qt.Key.Key_1)
    assert changed == [(row, spans, spans)]
    assert model.index(row, spans).data() == "2"
