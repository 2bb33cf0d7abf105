"""Paints a cell of the relation list: the type in its colour, head text → child text,
and who made it, each text laid out once (row_painting). Deleting a span takes its
relations out of the list and moves the rows below them: those repaint within the
key's frame."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPointF
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from annotator.ui.relations.model import RelationTableModel
from annotator.ui.row_painting import LaidOutTexts, RowLook

PAD = 4
_SELECTED = QStyle.StateFlag.State_Selected


class RelationRowDelegate(QStyledItemDelegate):
    _look: RowLook | None = None

    def __init__(self, parent: object = None) -> None:
        super().__init__(parent)  # type: ignore[arg-type]
        self._texts = LaidOutTexts()

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        model = index.model()
        row = index.row()
        relation = model.relation_at(row) if isinstance(model, RelationTableModel) else None
        if relation is None:
            super().paint(painter, option, index)
            return
        palette, metrics = option.palette, option.fontMetrics
        look = self._look
        if look is None or look.key != RowLook.key_of(palette, metrics):
            look = self._look = RowLook(palette, metrics)
            self._texts.clear()
        rect = option.rect
        selected = bool(option.state & _SELECTED)
        if selected:
            painter.fillRect(rect, look.highlight)
        elif row % 2:
            painter.fillRect(rect, look.alternate)
        column = index.column()
        if selected:
            painter.setPen(look.selected_text)
        elif column == model.TYPE:
            painter.setPen(model.colour(relation.type))
        else:
            painter.setPen(look.quiet_text if column == model.BY else look.text)
        text = self._texts.get(model.cell_text(relation, column),
                               max(rect.width() - 2 * PAD, 0), look.metrics)
        painter.drawStaticText(
            QPointF(rect.x() + PAD, rect.y() + (rect.height() - metrics.height()) / 2), text)
