"""The relation list under the span list; selection is mirrored with the view both ways."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from annotator.ui.relations.model import RelationTableModel
from annotator.ui.table_model import select_row


class RelationPanel(QTableView):
    relationChosen = Signal(object)  # relation id or None

    def __init__(self, model: RelationTableModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.relation_model = model
        self.setModel(model)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setShowGrid(False)
        self.setWordWrap(False)
        self.setAlternatingRowColors(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.verticalHeader().hide()
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.horizontalHeader().hide()
        header = self.horizontalHeader()
        metrics = self.fontMetrics()
        header.setSectionResizeMode(model.TYPE, QHeaderView.ResizeMode.Fixed)
        header.resizeSection(model.TYPE, metrics.horizontalAdvance("speaker__") + 8)
        header.setSectionResizeMode(model.LINK, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(model.BY, QHeaderView.ResizeMode.Fixed)
        header.resizeSection(model.BY, metrics.horizontalAdvance("annotator") + 8)
        self.setToolTip("Relations of this document: click one to see it in the text; "
                        "Delete removes it, a relation type's key changes its type")
        self._quiet = False
        self.selectionModel().currentRowChanged.connect(self._row_changed)

    @contextmanager
    def quiet(self) -> Iterator[None]:
        was, self._quiet = self._quiet, True
        try:
            yield
        finally:
            self._quiet = was

    def show_relation(self, relation_id: int | None) -> None:
        """Select the row of a relation (or nothing) without announcing it."""
        with self.quiet():
            select_row(self, self.relation_model.row_of(relation_id))

    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._quiet:
            return
        relation = self.relation_model.relation_at(current.row()) if current.isValid() else None
        self.relationChosen.emit(relation.id if relation else None)
