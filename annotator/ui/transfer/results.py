"""What an import or export did: a heading, and the full report as copyable text."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase, QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from annotator.core.wording import count
from annotator.ui import plain
from annotator.ui.transfer.fields import gui_words


class ReportDialog(QDialog):
    def __init__(self, title: str, heading: str, text: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.heading = plain.plain_label(QLabel(heading, self))
        self.heading.setWordWrap(True)
        self.heading.setStyleSheet("font-weight: bold;")
        self.text = QPlainTextEdit(text, self)
        self.text.setReadOnly(True)
        self.text.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.text.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.copy = self.buttons.addButton("Copy report",
                                           QDialogButtonBox.ButtonRole.ActionRole)
        self.copy.clicked.connect(lambda: QGuiApplication.clipboard().setText(text))
        self.buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.buttons)
        self.resize(780, 400)


def import_heading(report: Any) -> str:
    files = report.files
    imported = sum(f.imported for f in files)
    new = sum(f.new_documents for f in files)
    failed = sum(f.failed for f in files)
    refused = sum(1 for f in files if f.refused)
    parts = [f"{count(imported, 'record')} imported ({count(new, 'new document')}) from "
             f"{len(files) - refused} of {count(len(files), 'file')}."]
    if failed:
        parts.append(count(failed, "bad record") + (f"; {count(refused, 'file')} refused whole."
                                                    if refused else ", skipped."))
    if report.cancelled:
        parts.insert(0, "Cancelled.")
    return " ".join(parts)


def import_text(report: Any) -> str:
    lines = [report.summary()]
    if report.errors:
        lines += ["", f"Bad records ({len(report.errors)}):", *report.errors]
    return gui_words("\n".join(lines))


def export_heading(report: Any) -> str:
    if report.cancelled:
        return "Export cancelled: nothing was written."
    dropped = sum(report.dropped.values())
    left = f" {dropped:,} spans were left out or moved (see below)." if dropped else ""
    return f"Exported {report.records:,} records with {report.spans:,} spans.{left}"
