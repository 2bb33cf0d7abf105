"""The span list beside the document; selection is mirrored with the view both ways."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtCore import QModelIndex, Signal
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from annotator.ui.spans.model import SpanTableModel
from annotator.ui.table_model import select_row


class SpanPanel(QTableView):
    spanChosen = Signal(object)  # span id or None

    def __init__(self, model: SpanTableModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.span_model = model
        self.setModel(model)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setShowGrid(False)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.verticalHeader().hide()
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.horizontalHeader()
        # Interactive widths: ResizeToContents would measure every span of a long article.
        metrics = self.fontMetrics()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(0, metrics.horizontalAdvance("weapon") + 30)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(2, metrics.horizontalAdvance("alice") + 16)
        header.setHighlightSections(False)
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
