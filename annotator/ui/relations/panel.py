"""The relation list under the span list; selection is mirrored with the view both ways."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHeaderView, QWidget

from annotator.ui.list_table import ListTable
from annotator.ui.relations.delegate import RelationRowDelegate
from annotator.ui.relations.model import RelationTableModel


class RelationPanel(ListTable):
    relationChosen = Signal(object)  # relation id or None

    def __init__(self, model: RelationTableModel, parent: QWidget | None = None) -> None:
        super().__init__(model, parent)
        self.relation_model = model
        self.setItemDelegate(RelationRowDelegate(self))
        header = self.horizontalHeader()
        metrics = self.fontMetrics()
        header.setSectionResizeMode(model.TYPE, QHeaderView.ResizeMode.Fixed)
        header.resizeSection(model.TYPE, metrics.horizontalAdvance("speaker__") + 8)
        header.setSectionResizeMode(model.LINK, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(model.BY, QHeaderView.ResizeMode.Fixed)
        header.resizeSection(model.BY, metrics.horizontalAdvance("annotator") + 8)
        self.setToolTip("Relations of this document: click one to see it in the text; "
                        "Delete removes it, a relation type's key changes its type")

    def show_relation(self, relation_id: int | None) -> None:
        """Select the row of a relation (or nothing) without announcing it."""
        self.select_quietly(self.relation_model.row_of(relation_id))

    def _picked(self, row: int | None) -> None:
        relation = self.relation_model.relation_at(row) if row is not None else None
        self.relationChosen.emit(relation.id if relation else None)
