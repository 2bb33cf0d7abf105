"""The search box and filters of the document list, as a user types and clicks."""

from __future__ import annotations

from PySide6.QtCore import Qt

from annotator.core.model import DocState, Document, Span
from annotator.store import Store

TEXTS = ["One\n\nThe S-300 moved.", "Two\n\nA Tu-160 flew.", "Three\n\nS-300 and Tu-160.",
         "Four\n\nRain.", "Five\n\nThe S-300 again."]


def corpus(store: Store) -> list[str]:
    ids = []
    for text in TEXTS:
        doc = Document.from_text(text)
        store.documents.add(doc)
        ids.append(doc.id)
    store.spans.add(ids[2], Span(7, 12, "weapon", "alice"))
    store.spans.add(ids[4], Span(9, 14, "weapon", "bob"))
    store.states.set(ids[0], "alice", DocState.DONE)
    return ids


def titles(window) -> list[str]:  # type: ignore[no-untyped-def]
    model = window.documents
    return [model.index(r, 0).data() for r in range(model.rowCount())]


def test_words_filters_and_the_count(qtbot, store: Store, make_window) -> None:
    corpus(store)
    window = make_window(store)
    panel = window.document_panel
    qtbot.keyClicks(panel.search_box, "S-300")
    assert titles(window) == ["One", "Three", "Five"]
    assert panel.count.text() == "3 of 5 documents"
    panel.filters.label.setCurrentIndex(panel.filters.label.findData("label:weapon"))
    assert titles(window) == ["Three", "Five"]
    assert window.documents.filter_text() == "S-300 label:weapon"
    panel.filters.annotator.setCurrentIndex(panel.filters.annotator.findData("by:bob"))
    assert titles(window) == ["Five"]
    panel.filters.clear()
    panel.filters.state.setCurrentIndex(panel.filters.state.findData("-state:done"))
    assert titles(window) == ["Three", "Five"]
    panel.search_box.setText("S-300 OR Tu-160")  # an OR is bracketed before the filters
    assert window.documents.filter_text() == "(S-300 OR Tu-160) -state:done"
    assert titles(window) == ["Two", "Three", "Five"]


def test_a_bad_query_says_where_and_keeps_the_list(qtbot, store: Store, make_window) -> None:
    corpus(store)
    window = make_window(store)
    panel = window.document_panel
    qtbot.keyClicks(panel.search_box, "Tu-160")
    assert titles(window) == ["Two", "Three"]
    panel.search_box.setText("Tu-160 label:wepon")  # pasted
    assert panel.problem.isVisible()
    assert panel.problem.text().startswith("Column 14: no label called 'wepon'")
    assert titles(window) == ["Two", "Three"]  # the last query that could be read
    for _ in range(3):
        qtbot.keyClick(panel.search_box, Qt.Key.Key_Backspace)
    qtbot.keyClicks(panel.search_box, "apon")
    assert not panel.problem.isVisible()
    assert titles(window) == ["Three"]


def test_a_saved_search_is_a_queue_that_next_and_done_walk(qtbot, store: Store,
                                                           make_window) -> None:
    ids = corpus(store)
    window = make_window(store)
    panel = window.document_panel
    qtbot.keyClicks(panel.search_box, "S-300 -state:done")
    panel.save_search("to check")
    assert window.settings.saved_searches(store.location) == [
        ("to check", "S-300 -state:done")]
    panel.search_box.clear()
    assert window.documents.total() == 5
    panel.set_query(panel.saved[0][1])
    assert titles(window) == ["Three", "Five"]
    window.open_document(ids[2])
    window.done_and_next()  # done: the next of the queue not done
    window.queue.wait(5)
    assert window.uid == ids[4]
    assert store.states.get(ids[2], "alice")[0] is DocState.DONE
    window.done_and_next()
    window.queue.wait(5)
    assert "Every document is done" in window.status.currentMessage()


def test_typing_fast_the_newest_query_wins(qtbot, store: Store, make_window) -> None:
    corpus(store)
    with store.bulk() as bulk:
        bulk.documents([Document.from_text(f"Filler {i}\n\nNothing of note {i}.")
                        for i in range(3000)])
    window = make_window(store, inline=False)
    panel = window.document_panel
    for text in ("S", "S-", "S-3", "S-30", "S-300"):
        panel.search_box.setText(text)  # each a question; only the last is answered
    qtbot.waitUntil(lambda: window.documents.filter_text() == "S-300"
                    and titles(window) == ["One", "Three", "Five"], timeout=10_000)
    qtbot.waitUntil(lambda: panel.count.text() == "3 of 3,005 documents", timeout=10_000)
    panel.search_box.setText("")
    qtbot.waitUntil(lambda: window.documents.total() == 3005, timeout=10_000)
