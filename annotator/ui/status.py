"""The status bar: who is annotating, where in the set, how far along."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QStatusBar, QWidget

from annotator.ui import plain
from annotator.ui.steady_label import SteadyLabel

MESSAGE_MS = 6000


class StatusBar(QStatusBar):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.said = 0  # messages said so far
        self.annotator = QLabel(self)
        self.annotator.setTextFormat(Qt.TextFormat.RichText)  # the name escaped in it
        self.place = SteadyLabel(parent=self)  # these change with every edit or document
        self.spans = SteadyLabel(parent=self)
        self.progress = SteadyLabel(parent=self)
        self.saving = QLabel(self)
        self.saving.hide()
        for label in (self.saving, self.spans, self.place, self.progress, self.annotator):
            label.setContentsMargins(8, 0, 8, 0)
            self.addPermanentWidget(label)

    def show_annotator(self, name: str) -> None:
        self.annotator.setText(f"Annotator: <b>{plain.escaped(name)}</b>")

    def show_place(self, index: int | None, total: int) -> None:
        self.place.setText(f"{index + 1:,} / {total:,}" if index is not None else f"– / {total:,}")
        self.place.setToolTip("This document's place among all documents")

    def show_spans(self, mine: int, everyone: int) -> None:
        text = f"{mine} span{'s' if mine != 1 else ''}"
        if everyone != mine:
            text += f" ({everyone} by all)"
        self.spans.setText(text)

    def show_progress(self, done: int, total: int) -> None:
        share = f" ({100 * done / total:.0f}%)" if total else ""
        self.progress.setText(f"Done {done:,} of {total:,}{share}")

    def show_saving(self, pending: int, busy: bool) -> None:
        """Edits shown but not stored yet: said only when the store keeps them waiting."""
        if busy and pending:
            self.saving.setText(f"⏳ {pending} edit{'s' if pending != 1 else ''} waiting: "
                                "database busy")
            self.saving.setToolTip("Another program is writing to the database. Your edits "
                                   "are shown and will be saved as soon as it is free.")
            self.saving.show()
        else:
            self.saving.hide()

    def say(self, message: str) -> None:
        self.said += 1
        self.showMessage(message, MESSAGE_MS)
