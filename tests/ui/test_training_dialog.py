"""Suggest ▸ Train model…: training runs in its own process while the window goes on
working, shows its steps and dev scores, can be cancelled (nothing saved), and its
model is put to use at once; suggestions are worked out off the GUI thread."""

from __future__ import annotations

from PySide6.QtCore import Qt

from annotator.services.training import models_folder
from tests.synthetic_news import fill_store


def test_a_model_trains_in_its_own_process_and_then_suggests(qtbot, make_window,
                                                              store) -> None:
    fill_store(store, 16, sentences=5)
    window = make_window(store)
    window.suggest.train()
    dialog = window.suggest.train_dialog
    assert [dialog.people.item(i).text() for i in range(dialog.people.count())] == ["alice"]
    dialog.steps.setValue(40)
    qtbot.mouseClick(dialog.train_button, Qt.MouseButton.LeftButton)
    assert dialog.running()
    qtbot.waitUntil(lambda: any(e["event"] == "step" for e in dialog.events), timeout=60_000)
    # The window answers while the model trains: a label key stores a span.
    text = window.view.text_widget()
    cursor = text.textCursor()
    cursor.setPosition(0)
    cursor.setPosition(5, cursor.MoveMode.KeepAnchor)
    text.setTextCursor(cursor)
    qtbot.keyClick(text, Qt.Key.Key_3)
    assert [s.label for s in window.store.spans.of_document(window.uid)
            if s.label == "claim"] == ["claim"]

    qtbot.waitUntil(lambda: not dialog.running(), timeout=120_000)
    assert dialog.result is not None, dialog.now.text()
    assert dialog.events[0]["event"] == "plan" and dialog.events[0]["kind"] == "ner"
    assert dialog.table.rowCount() == 3  # actor, weapon, all
    assert [dialog.table.item(r, 0).text() for r in range(3)] == ["actor", "weapon", "all"]
    assert "Saved to" in dialog.now.text()
    qtbot.mouseClick(dialog.use_button, Qt.MouseButton.LeftButton)
    assert "model" in window.suggest.engine.suggesters
    assert window.settings.suggester("model") == dialog.result["path"]
    window.suggest.set_threshold(0.1)
    window.step_document(1)
    found = window.suggest.shown()
    assert found, "40 steps learn the designators at least"
    assert all(s.annotator == "model" and s.origin == "model" and 0.1 <= s.score <= 1
               for s in found)


def test_cancel_stops_the_run_and_saves_nothing(qtbot, make_window, store) -> None:
    fill_store(store, 10, sentences=4)
    window = make_window(store)
    window.suggest.train()
    dialog = window.suggest.train_dialog
    dialog.steps.setValue(100_000)
    qtbot.mouseClick(dialog.train_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: any(e["event"] == "step" for e in dialog.events), timeout=60_000)
    assert dialog.bar.isVisible() and dialog.now.text().startswith("Step ")
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.running(), timeout=30_000)
    assert dialog.events[-1]["event"] == "cancelled"
    assert dialog.now.text() == "Cancelled: no model was saved."
    assert dialog.result is None and not dialog.use_button.isVisible()
    folder = models_folder()
    assert not folder.exists() or list(folder.iterdir()) == []
    dialog.close()


def test_suggestions_are_worked_out_off_the_gui_thread(qtbot, make_window, seeded) -> None:
    window = make_window(seeded, inline=False)
    assert not window.suggest.engine.inline
    window.suggest.use_starter_patterns()
    qtbot.waitUntil(lambda: len(window.suggest.shown()) > 0, timeout=30_000)
    assert window.suggest.engine.cached(window.uid) is not None
    first = window.uid
    qtbot.waitUntil(lambda: window.suggest.engine.cached(
        window.store.documents.next(first, "alice")) is not None, timeout=30_000)
    window.step_document(1)  # worked out ahead: shown at once
    assert window.suggest.shown()
    window.close()
