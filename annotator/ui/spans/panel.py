"""The span list beside the document; selection is mirrored with the view both ways.

A table whose rows are each painted in one call across the width (see delegate.py):
a list of 100,000 spans repaints its visible rows on every edit, within a frame. (A
QListView would lay out all 100,000 rows again on every insert.)
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHeaderView, QWidget

from annotator.ui.focus import tab_leaves
from annotator.ui.list_table import ListTable
from annotator.ui.spans.delegate import SpanRowDelegate
from annotator.ui.spans.model import SpanTableModel


class SpanPanel(ListTable):
    spanChosen = Signal(object)  # span id or None

    def __init__(self, model: SpanTableModel, parent: QWidget | None = None) -> None:
        super().__init__(model, parent)
        self.span_model = model
        self.setItemDelegate(SpanRowDelegate(self))
        tab_leaves(self)  # Tab goes on to the next panel, arrows move between rows
        # One column painted across the width; the model's other two are its parts.
        self.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, model.columnCount()):
            self.setColumnHidden(column, True)

    def show_span(self, span_id: int | None) -> None:
        """Select the row of a span (or nothing) without announcing it."""
        self.select_quietly(self.span_model.row_of(span_id))

    def _picked(self, row: int | None) -> None:
        span = self.span_model.span_at(row) if row is not None else None
        self.spanChosen.emit(span.id if span else None)
