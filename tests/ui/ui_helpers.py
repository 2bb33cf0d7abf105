"""Helpers for driving the main window in tests."""

from __future__ import annotations

from PySide6.QtGui import QTextCursor


def select_text(window, start: int, end: int) -> None:  # type: ignore[no-untyped-def]
    """Select [start, end) code points in the view (the seed texts are all in the BMP)."""
    text = window.text
    assert all(ord(c) <= 0xFFFF for c in text[:end])
    edit = window.view.text_widget()
    cursor = edit.textCursor()
    cursor.setPosition(start)
    cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
    edit.setTextCursor(cursor)
    edit.setFocus()


def find(window, needle: str, occurrence: int = 0) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    at = -1
    for _ in range(occurrence + 1):
        at = window.text.index(needle, at + 1)
    return at, at + len(needle)


def when_modal(kind, act) -> None:  # type: ignore[no-untyped-def]
    """Run act(dialog) once a modal dialog of this kind is up (exec() blocks the test)."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    def check() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, kind):
            act(dialog)
        else:
            QTimer.singleShot(20, check)

    QTimer.singleShot(0, check)


def click_ok(qtbot, dialog) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QDialogButtonBox

    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok),
                     Qt.MouseButton.LeftButton)


def open_windows(kind) -> list:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QApplication

    return [w for w in QApplication.topLevelWidgets() if isinstance(w, kind) and w.isVisible()]


def marks_worked_out(monkeypatch) -> list[int]:  # type: ignore[no-untyped-def]
    """The numbers of the blocks whose tints and bars the view works out from now on."""
    from annotator.ui.document_view import view as view_module

    worked_out: list[int] = []
    block_marks = view_module.block_marks
    monkeypatch.setattr(view_module, "block_marks", lambda block, *rest: (
        worked_out.append(block.blockNumber()), block_marks(block, *rest))[1])
    return worked_out
