"""Unexpected errors in the window: a dialog with one sentence, the log path and
"Copy details"; the traceback in the log; the window carries on.

pytest-qt normally turns an exception in a slot into a test failure; these tests
switch that off (qt_no_exception_capture) so the app's own hook meets it."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QGuiApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from annotator import applog
from annotator.core.model import DocState
from annotator.store import Store
from annotator.ui import app, errors
from annotator.ui.errors import ErrorDialog

pytestmark = pytest.mark.qt_no_exception_capture


@pytest.fixture
def hooks(qapp: QApplication) -> Iterator[None]:
    with errors.installed(qapp):
        yield


def error_dialog() -> ErrorDialog | None:
    shown = [w for w in QApplication.topLevelWidgets()
             if isinstance(w, ErrorDialog) and w.isVisible()]
    assert len(shown) <= 1, "one dialog gathers the errors"
    return shown[0] if shown else None


def quit_recorder(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Closing the app for real would stop every later event loop of the test run."""
    quits: list[int] = []
    monkeypatch.setattr(errors, "_quit_app", lambda: quits.append(1))
    return quits


def broken_slot() -> None:
    raise RuntimeError("the slot broke")


def test_an_error_in_a_slot_opens_the_dialog_and_the_window_goes_on(
        qtbot, window, seeded: Store, hooks) -> None:  # type: ignore[no-untyped-def]
    action = QAction("Break", window)
    action.setShortcut("Ctrl+Shift+F12")
    action.triggered.connect(broken_slot)
    window.addAction(action)

    QTest.keyClick(window, Qt.Key.Key_F12,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: error_dialog() is not None)
    dialog = error_dialog()
    assert dialog is not None
    assert "unexpected error" in dialog.sentence.text()
    assert "RuntimeError: the slot broke" in dialog.summary.text()
    assert str(applog.log_path()) in dialog.log_label.text()
    assert "Traceback" not in dialog.sentence.text() + dialog.summary.text()

    dialog.copy_button.click()
    copied = QGuiApplication.clipboard().text()
    assert "Traceback (most recent call last)" in copied
    assert "in broken_slot" in copied and "RuntimeError: the slot broke" in copied
    assert copied.startswith("Annotator ")  # versions first, for a bug report
    logged = applog.log_path().read_text(encoding="utf-8")
    assert "in broken_slot" in logged and "RuntimeError: the slot broke" in logged

    # The window is still usable: mark the document done and move on.
    first = window.uid
    dialog.close()
    QTest.keyClick(window.view.text_widget(), Qt.Key.Key_Return,
                   Qt.KeyboardModifier.ControlModifier)
    assert window.uid != first
    assert seeded.states.get(first, window.annotator)[0] is DocState.DONE


def test_errors_while_the_dialog_is_open_join_it(qtbot, hooks) -> None:  # type: ignore[no-untyped-def]
    QTimer.singleShot(0, broken_slot)
    QTimer.singleShot(0, lambda: {}["missing"])
    qtbot.waitUntil(lambda: (d := error_dialog()) is not None and len(d.details) == 2)
    dialog = error_dialog()
    assert dialog is not None
    assert dialog.summary.text().startswith("2 errors; the last: KeyError")
    assert not dialog.closing
    dialog.close()


def test_an_error_in_another_thread_is_shown_on_the_gui_thread(qtbot, hooks) -> None:  # type: ignore[no-untyped-def]
    def work() -> None:
        raise ValueError("worker failed")

    thread = threading.Thread(target=work, name="worker")
    thread.start()
    thread.join()
    qtbot.waitUntil(lambda: error_dialog() is not None)
    dialog = error_dialog()
    assert dialog is not None
    assert "ValueError: worker failed" in dialog.summary.text()
    assert "in thread worker" in dialog.details_text()
    dialog.close()


def test_errors_without_pause_close_the_app(qtbot, hooks, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    quits = quit_recorder(monkeypatch)
    for _ in range(errors.BURST):
        QTimer.singleShot(0, broken_slot)
    qtbot.waitUntil(lambda: (d := error_dialog()) is not None and d.closing)
    dialog = error_dialog()
    assert dialog is not None
    assert "will close" in dialog.sentence.text()
    assert dialog.close_button.text() == "Quit"
    assert not quits
    dialog.close()
    assert quits == [1]


def test_a_failing_start_is_answered_with_the_dialog(qtbot, seeded: Store,
                                                    monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from annotator.ui import main_window

    def broken_init(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        raise OSError("no such widget")

    monkeypatch.setattr(main_window.MainWindow, "__init__", broken_init)
    monkeypatch.setattr(app, "QSettings", lambda *a: _named_settings(qtbot))
    quits = quit_recorder(monkeypatch)
    seen: list[str] = []

    def close_dialog() -> None:
        dialog = error_dialog()
        if dialog is not None:
            seen.append(dialog.sentence.text() + dialog.summary.text())
            dialog.close()

    QTimer.singleShot(200, close_dialog)
    assert app.run(seeded.location) == 1
    assert seen and "will close" in seen[0] and "OSError: no such widget" in seen[0]
    assert quits == [1]
    assert "while opening the window" in applog.log_path().read_text(encoding="utf-8")


def _named_settings(qtbot):  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QSettings

    settings = QSettings("annotator-tests", "errors")
    settings.setValue("annotator/name", "alice")
    return settings
