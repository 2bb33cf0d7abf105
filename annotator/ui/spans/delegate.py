"""Paints a row of the span list: the label's colour and name, the covered text, and
who made the span, in three columns.

Inserting a span moves every row below it, so the list repaints all its visible rows
on each label key. One call per row draws its three texts, each laid out once
(row_painting), which costs a fraction of a table's stock delegate and matters when
the key must be painted within a frame.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, QPointF, QSize
from PySide6.QtGui import QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import QStyleOptionViewItem

from annotator.core.model import SpanRow
from annotator.ui.row_painting import RowDelegate, RowLook
from annotator.ui.spans.model import SpanTableModel

SWATCH = 10  # the label colour's square, in pixels
PAD = 6


class _Look(RowLook):
    def __init__(self, palette: QPalette, metrics: QFontMetrics) -> None:
        super().__init__(palette, metrics)
        self.label_width = metrics.horizontalAdvance("weapon") + SWATCH + 3 * PAD
        self.by_width = metrics.horizontalAdvance("annotator") + PAD


class SpanRowDelegate(RowDelegate):
    look_type = _Look

    def item_at(self, model: QAbstractItemModel, row: int) -> SpanRow | None:
        return model.span_at(row) if isinstance(model, SpanTableModel) else None

    def paint_item(self, painter: QPainter, option: QStyleOptionViewItem,
                   index: QModelIndex | QPersistentModelIndex, item: SpanRow,
                   look: RowLook, selected: bool) -> None:
        model = index.model()
        assert isinstance(model, SpanTableModel) and isinstance(look, _Look)
        span = item
        metrics = option.fontMetrics
        rect = option.rect
        left, top, width, height = rect.x(), rect.y(), rect.width(), rect.height()
        painter.fillRect(left + PAD, top + (height - SWATCH) // 2, SWATCH, SWATCH,
                         model.colour(span.label))
        pending = model.is_pending(span.id)
        if pending:
            painter.save()
            font = painter.font()
            font.setItalic(True)  # shown, not yet stored
            painter.setFont(font)
        painter.setPen(look.selected_text if selected else look.text)
        y = top + (height - metrics.height()) / 2
        room = max(width - look.by_width - look.label_width - PAD, 0)
        painter.drawStaticText(QPointF(left + SWATCH + 2 * PAD, y),
                               self.laid_out(span.label, look.label_width - SWATCH - 3 * PAD))
        painter.drawStaticText(QPointF(left + look.label_width, y),
                               self.laid_out(model.cell_text(span, 1), room))
        if not selected:
            painter.setPen(look.quiet_text)
        by = self.laid_out(span.annotator, look.by_width - PAD)
        painter.drawStaticText(QPointF(left + width - PAD - by.size().width(), y), by)
        if pending:
            painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem,
                 index: QModelIndex | QPersistentModelIndex) -> QSize:
        return QSize(240, option.fontMetrics.height() + 8)
