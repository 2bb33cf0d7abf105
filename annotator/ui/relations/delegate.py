"""Paints a cell of the relation list: the type in its colour, head text → child text,
and who made it, each text laid out once (row_painting). Deleting a span takes its
relations out of the list and moves the rows below them: those repaint within the
key's frame."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPointF
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QStyleOptionViewItem

from annotator.ui.relations.model import RelationTableModel
from annotator.ui.row_painting import RowDelegate

PAD = 4


class RelationRowDelegate(RowDelegate):
    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        model = index.model()
        row = index.row()
        relation = model.relation_at(row) if isinstance(model, RelationTableModel) else None
        if relation is None:
            super().paint(painter, option, index)
            return
        look, selected = self.begin_row(painter, option, row)
        rect = option.rect
        column = index.column()
        if selected:
            painter.setPen(look.selected_text)
        elif column == model.TYPE:
            painter.setPen(model.colour(relation.type))
        else:
            painter.setPen(look.quiet_text if column == model.BY else look.text)
        text = self.laid_out(model.cell_text(relation, column), max(rect.width() - 2 * PAD, 0))
        painter.drawStaticText(
            QPointF(rect.x() + PAD, rect.y() + (rect.height() - option.fontMetrics.height()) / 2),
            text)
