"""Text from files is never rich text: titles, names and paths that look like HTML are
shown as written, wherever they appear.

Qt takes any string that looks like HTML for rich text in labels, tooltips and
message boxes, and an ``&`` for a keyboard shortcut in buttons and menus. One
store gets a hostile title, file name, label, guideline, span text, annotators
and database name; every window and dialog that shows them is opened, and every
label, button, tooltip, table cell, menu item and window title in it is read as
Qt would display it.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QModelIndex, QPoint, Qt
from PySide6.QtGui import QHelpEvent, QTextDocument
from PySide6.QtGui import Qt as GuiQt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QToolTip,
    QWidget,
)
from ui_helpers import when_modal

from annotator.core.model import Document, Label, Span
from annotator.services.importing import import_paths
from annotator.store import open_store
from annotator.ui import about_dialog, transfer, windows
from annotator.ui.labels.editor import LabelEditor
from annotator.ui.review import menu as controller
from annotator.ui.review.start import StartReviewDialog
from annotator.ui.transfer.export_dialog import ExportDialog
from annotator.ui.transfer.import_dialog import ImportDialog

TITLE = '<a href="https://x.example">Zork</a><h1 style="color:red">Big</h1><img src=y.png>'
FILE = "<img src=s.png>Plugh R&D.jsonl"
LABEL = "<b>Quux</b> R&D"
GUIDE = "<h1 style='color:red'>Xyzzy</h1> <img src=g.png>"
SPAN_TEXT = "<b>Wibble</b> & co"
ME = "<i>Frodo</i> & <img src=e.png>"
OTHER = "<u>Samwise</u>"
REVIEWER = "<s>Gandalf</s>"
DB = "R&D <b>Thud[*].sqlite3"
# A word that survives rendering, and the whole string that must then be shown.
LITERAL = {"Zork": TITLE, "Plugh": FILE, "Quux": LABEL, "Xyzzy": GUIDE, "Wibble": SPAN_TEXT,
           "Frodo": ME, "Samwise": OTHER, "Gandalf": REVIEWER, "Thud": DB}
TEXT = f"{TITLE}\n\nTalks went on. {SPAN_TEXT} met Lavrov in Moscow on Tuesday.\n"


def shown(text: str, fmt: Qt.TextFormat = Qt.TextFormat.AutoText) -> str:
    """What Qt displays for ``text`` in a label or tooltip of this format."""
    if fmt == Qt.TextFormat.RichText or (fmt == Qt.TextFormat.AutoText
                                         and GuiQt.mightBeRichText(text)):
        document = QTextDocument()
        document.setHtml(text)
        return document.toPlainText().replace("\u2028", "\n")
    return text


def shown_on_button(text: str) -> str:
    """A button's or menu item's text as displayed: ``&x`` marks a shortcut, ``&&`` is ``&``."""
    return re.sub(r"&(.)", r"\1", text)


class Reader:
    """Reads everything a widget tree displays; remembers which hostile strings it met."""

    def __init__(self) -> None:
        self.seen: set[str] = set()

    def check(self, where: str, displayed: str) -> None:
        for marker, literal in LITERAL.items():
            if marker in displayed:
                assert literal in displayed, f"{where} shows {displayed!r}, not {literal!r}"
                self.seen.add(marker)

    def read(self, root: QWidget) -> set[str]:
        self.seen = set()
        handle = root.windowHandle()
        if handle is not None:
            self.check("window title", handle.title())
        for widget in [root, *root.findChildren(QWidget)]:
            if widget.toolTip():
                self.check(f"tooltip of {type(widget).__name__}", shown(widget.toolTip()))
        for label in root.findChildren(QLabel):
            self.check("label", shown(label.text(), label.textFormat()))
        for button in root.findChildren(QAbstractButton):
            self.check(f"{type(button).__name__}", shown_on_button(button.text()))
        for box in root.findChildren(QComboBox):
            for i in range(box.count()):
                self.check("combo box", box.itemText(i))
        for edit in root.findChildren(QPlainTextEdit):
            self.check("text", edit.toPlainText())
        for view in root.findChildren(QAbstractItemView):
            self._read_model(view)
        return self.seen

    def _read_model(self, view: QAbstractItemView) -> None:
        model = view.model()
        if model is None:
            return
        try:
            columns = model.columnCount(QModelIndex())
        except TypeError:  # a list widget's own model keeps it private: one column
            columns = 1
        rows = model.rowCount(QModelIndex())
        for column in range(columns):
            self.check("header", str(model.headerData(column, Qt.Orientation.Horizontal) or ""))
        for row in range(min(rows, 200)):
            self.check("row header", str(model.headerData(row, Qt.Orientation.Vertical) or ""))
            for column in range(columns):
                index = model.index(row, column)
                self.check("cell", str(index.data() or ""))
                tip = index.data(Qt.ItemDataRole.ToolTipRole)
                if tip:
                    self.check("cell tooltip", shown(tip))


@pytest.fixture
def hostile(tmp_path: Path, qsettings):  # type: ignore[no-untyped-def]
    store = open_store(tmp_path / DB)
    store.labels.add(Label(LABEL, "#aa3377", "5", GUIDE))
    for name in (ME, OTHER):
        store.annotators.ensure(name)
    doc = Document.from_text(TEXT, title=TITLE, source=FILE)
    store.documents.add(doc)
    start = TEXT.index(SPAN_TEXT)
    lavrov = TEXT.index("Lavrov")
    for name in (ME, OTHER):
        store.spans.add(doc.id, Span(start, start + len(SPAN_TEXT), LABEL, name))
    store.spans.add(doc.id, Span(lavrov, lavrov + 6, "actor", ME))
    store.spans.add(doc.id, Span(lavrov, lavrov + 6, LABEL, OTHER))
    qsettings.setValue("annotator/name", ME)
    (tmp_path / "old").mkdir()
    qsettings.setValue("databases/recent", [str(tmp_path / "old" / DB)])
    yield store, doc
    store.close()


def hover(widget: QWidget, at: QPoint) -> str:
    QApplication.sendEvent(widget, QHelpEvent(QEvent.Type.ToolTip, at, widget.mapToGlobal(at)))
    text = QToolTip.text()
    QToolTip.hideText()
    return text


def test_text_from_files_is_shown_as_written(qtbot, make_window, hostile, tmp_path) -> None:  # type: ignore[no-untyped-def]
    store, doc = hostile
    read = Reader()
    window = make_window(store)
    assert window.uid == doc.id
    # The window: title, file name, label bar, document list, span list, status bar.
    assert read.read(window) >= {"Zork", "Plugh", "Quux", "Xyzzy", "Wibble", "Frodo",
                                 "Samwise", "Thud"}
    assert window.title.text() == TITLE
    # The tooltip over the stacked spans in the text.
    view = window.view
    edit = view.text_widget()
    cursor = edit.textCursor()
    cursor.setPosition(view.to_utf16(TEXT.index("Wibble") + 2))
    tip = hover(edit.viewport(), edit.cursorRect(cursor).center())
    read.seen = set()
    read.check("span tooltip", shown(tip))
    assert read.seen >= {"Quux", "Frodo"}
    # Recent databases in the File menu.
    window.recent_menu.aboutToShow.emit()
    read.seen = set()
    for action in window.recent_menu.actions():
        read.check("menu item", shown_on_button(action.text()))
    assert read.seen == {"Thud"}
    # The suggestion bar: a pattern suggests the hostile label; Tab makes it current.
    patterns = tmp_path / "patterns.jsonl"
    patterns.write_text(json.dumps({"label": LABEL, "pattern": "Lavrov"}) + "\n",
                        encoding="utf-8")
    window.suggest.use_patterns(str(patterns))
    window.view.text_widget().setFocus()
    qtbot.keyClick(window.view.text_widget(), Qt.Key.Key_Tab)
    assert "Quux" in read.read(window.suggest.bar)
    # A message in the status bar.
    window.switch_annotator(OTHER)
    read.seen = set()
    read.check("status", window.status.currentMessage())
    who = window.status.annotator
    read.check("status", shown(who.text(), who.textFormat()))
    assert read.seen == {"Samwise"}
    window.switch_annotator(ME)

    # Review: its panel, table and status.
    controller.start(window, [ME, OTHER], REVIEWER)
    assert read.read(window) >= {"Frodo", "Samwise", "Gandalf", "Quux", "Wibble"}
    # The agreement dashboard: summary, captions, check boxes, tables, bars.
    controller.show_agreement(window)
    dashboard = window.agreement_dialog
    qtbot.waitUntil(dashboard.is_ready, timeout=20000)
    seen = set()
    for tab in range(dashboard.tabs.count()):
        dashboard.tabs.setCurrentIndex(tab)
        seen |= read.read(dashboard)
    for tip in dashboard.bars.tooltips():
        read.check("bar tooltip", shown(tip))
    assert seen | read.seen >= {"Frodo", "Samwise", "Quux", "Zork"}
    dashboard.close()
    window.leave_review()

    # Dialogs: start review, labels, import, import report, export.
    start = StartReviewDialog(store, window)
    qtbot.addWidget(start)
    start.reviewer.setCurrentText(ME)  # "… is an annotator's own set"
    assert read.read(start) >= {"Frodo", "Samwise"}
    assert "Frodo" in shown(start.problem.text(), start.problem.textFormat())
    editor = LabelEditor(store, window)
    qtbot.addWidget(editor)
    assert read.read(editor) >= {"Quux", "Xyzzy"}
    path = tmp_path / FILE
    path.write_text('{"text": "Shoigu spoke.", "spans": []}\nnot json\n', encoding="utf-8")
    importing = ImportDialog([path], [ME], ME, parent=window)
    qtbot.addWidget(importing)
    assert read.read(importing) >= {"Plugh", "Frodo"}
    report = import_paths(store, [path], on_error="skip")
    shown_report = transfer.show_import_report(window, report)
    assert read.read(shown_report) >= {"Plugh"}
    shown_report.close()
    exporting = ExportDialog(store, window)
    qtbot.addWidget(exporting)
    assert read.read(exporting) >= {"Frodo", "Samwise"}

    shown_about = about_dialog.show_about(window)
    assert read.read(shown_about) >= {"Thud"}
    shown_about.close()

    # Message boxes: a refused label rename, a database that cannot open.
    boxes: list[str] = []

    def read_box(box: QMessageBox) -> None:
        boxes.append(shown(box.text(), box.textFormat()))
        box.close()

    when_modal(QMessageBox, read_box)
    editor.rename("actor", LABEL)  # exists already
    when_modal(QMessageBox, read_box)
    windows.open_database_window(str(tmp_path / "<b>gone</b>" / DB), window.settings, window)
    read.seen = set()
    for text in boxes:
        read.check("message box", text)
    assert read.seen == {"Quux", "Thud"}
    window.close()
