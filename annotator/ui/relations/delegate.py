"""Paints a cell of the relation list: the type in its colour, head text → child text,
and who made it, each text laid out once (row_painting). Deleting a span takes its
relations out of the list: the rows below move up as pixels (the list has no
alternating colours for that), and only the row uncovered at the bottom paints."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, QPointF
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QStyleOptionViewItem

from annotator.core.model import RelationRow
from annotator.ui.relations.model import RelationTableModel
from annotator.ui.row_painting import RowDelegate, RowLook

PAD = 4


class RelationRowDelegate(RowDelegate):
    def item_at(self, model: QAbstractItemModel, row: int) -> RelationRow | None:
        return model.relation_at(row) if isinstance(model, RelationTableModel) else None

    def paint_item(self, painter: QPainter, option: QStyleOptionViewItem,
                   index: QModelIndex | QPersistentModelIndex, item: RelationRow,
                   look: RowLook, selected: bool) -> None:
        model = index.model()
        assert isinstance(model, RelationTableModel)
        relation = item
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
