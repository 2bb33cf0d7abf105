"""Paints a row of the span list: the label's colour and name, the covered text, and
who made the span, in three columns.

Inserting a span moves every row below it, so the list repaints all its visible rows
on each label key. One call per row that draws three texts costs a fraction of what
a table's stock delegate does (a dozen model roles per cell, each laid out through
the style), which matters when the key must be painted within a frame.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QFontMetrics, QPainter
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from annotator.ui.spans.model import SpanTableModel

SWATCH = 10  # the label colour's square, in pixels
PAD = 6
_LEFT = int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft)
_RIGHT = int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight)
_ELIDE = Qt.TextElideMode.ElideRight
_SELECTED = QStyle.StateFlag.State_Selected


def column_widths(metrics: QFontMetrics) -> tuple[int, int]:
    """Widths of the label and annotator columns, from the font."""
    return metrics.horizontalAdvance("weapon") + SWATCH + 3 * PAD, \
        metrics.horizontalAdvance("annotator") + PAD


class SpanRowDelegate(QStyledItemDelegate):
    _widths: tuple[int, int, int] = (0, 0, 0)  # font height, label and annotator widths

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        model = index.model()
        span = model.span_at(index.row()) if isinstance(model, SpanTableModel) else None
        if span is None:
            super().paint(painter, option, index)
            return
        rect: QRect = option.rect
        palette = option.palette
        selected = bool(option.state & _SELECTED)
        if selected:
            painter.fillRect(rect, palette.highlight())
        elif index.row() % 2:
            painter.fillRect(rect, palette.alternateBase())
        metrics = option.fontMetrics
        if self._widths[0] != metrics.height():  # the font changed (or the first row)
            self._widths = (metrics.height(), *column_widths(metrics))
        _, label_width, by_width = self._widths
        top, height = rect.top(), rect.height()
        x = rect.left() + PAD
        painter.fillRect(QRect(x, top + (height - SWATCH) // 2, SWATCH, SWATCH),
                         model.colour(span.label))
        pending = model.is_pending(span.id)
        if pending:
            painter.save()
            font = painter.font()
            font.setItalic(True)  # shown, not yet stored
            painter.setFont(font)
        painter.setPen(palette.highlightedText().color() if selected else
                       palette.text().color())
        x += SWATCH + PAD
        elide = _ELIDE
        label_room = rect.left() + label_width - x - PAD
        painter.drawText(QRect(x, top, label_room, height), _LEFT,
                         metrics.elidedText(span.label, elide, label_room))
        x = rect.left() + label_width
        text_room = max(rect.right() - by_width - x - PAD, 0)
        painter.drawText(QRect(x, top, text_room, height), _LEFT,
                         metrics.elidedText(model.cell_text(span, 1), elide, text_room))
        if not selected:
            painter.setPen(palette.placeholderText().color())
        painter.drawText(QRect(rect.right() - by_width, top, by_width - PAD, height), _RIGHT,
                         metrics.elidedText(span.annotator, elide, by_width - PAD))
        if pending:
            painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem,
                 index: QModelIndex | QPersistentModelIndex) -> QSize:
        return QSize(240, option.fontMetrics.height() + 8)
