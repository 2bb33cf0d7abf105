"""The span list beside the document; selection is mirrored with the view both ways.

A table whose rows are each painted in one call across the width (see delegate.py):
a list of 100,000 spans repaints its visible rows on every edit, within a frame. (A
QListView would lay out all 100,000 rows again on every insert.)
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from annotator.ui.focus import tab_leaves
from annotator.ui.spans.delegate import SpanRowDelegate
from annotator.ui.spans.model import SpanTableModel
from annotator.ui.table_model import select_row


class SpanPanel(QTableView):
    spanChosen = Signal(object)  # span id or None

    def __init__(self, model: SpanTableModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.span_model = model
        self.setModel(model)
        self.setItemDelegate(SpanRowDelegate(self))
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        tab_leaves(self)  # Tab goes on to the next panel, arrows move between rows
        self.setShowGrid(False)
        self.setWordWrap(False)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.verticalHeader().hide()
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.horizontalHeader().hide()
        # One column painted across the width; the model's other two are its parts.
        self.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, model.columnCount()):
            self.setColumnHidden(column, True)
        self._quiet = False
        self.selectionModel().currentRowChanged.connect(self._row_changed)

    @contextmanager
    def quiet(self) -> Iterator[None]:
        """Model changes move the current row; that is not the user choosing a span."""
        was, self._quiet = self._quiet, True
        try:
            yield
        finally:
            self._quiet = was

    def show_span(self, span_id: int | None) -> None:
        """Select the row of a span (or nothing) without announcing it."""
        row = self.span_model.row_of(span_id)
        with self.quiet():
            select_row(self, row)

    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._quiet:
            return
        span = self.span_model.span_at(current.row()) if current.isValid() else None
        self.spanChosen.emit(span.id if span else None)
