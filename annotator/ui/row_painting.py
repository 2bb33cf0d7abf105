"""What the list delegates share: colours read once per palette, and texts cut to a
width and laid out once (QStaticText), since the same rows paint again and again.

A table's stock delegate asks the model a dozen roles per cell and lays every text
out through the style on each paint; the span and relation lists repaint rows on
every edit, within the frame of a key press, so their delegates paint from these.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPalette, QStaticText
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

_ELIDE = Qt.TextElideMode.ElideRight
_SELECTED = QStyle.StateFlag.State_Selected
LAID_OUT = 1024  # texts kept laid out: a few screens of rows


class RowLook:
    """The colours and font every row paints with, read once per palette and font."""

    def __init__(self, palette: QPalette, metrics: QFontMetrics) -> None:
        # Copies: the option's palette and metrics live only as long as one paint.
        self.key = RowLook.key_of(palette, metrics)
        self.highlight = QColor(palette.highlight().color())
        self.text = QColor(palette.text().color())
        self.selected_text = QColor(palette.highlightedText().color())
        self.quiet_text = QColor(palette.placeholderText().color())
        self.metrics = QFontMetrics(metrics)

    @staticmethod
    def key_of(palette: QPalette, metrics: QFontMetrics) -> tuple[int, int]:
        return palette.cacheKey(), metrics.height()


class LaidOutTexts:
    """Texts cut to a width with an ellipsis and laid out, the most recent kept."""

    def __init__(self) -> None:
        self._texts: OrderedDict[tuple[str, int], QStaticText] = OrderedDict()

    def clear(self) -> None:
        self._texts.clear()

    def get(self, text: str, room: int, metrics: QFontMetrics) -> QStaticText:
        key = (text, room)
        found = self._texts.get(key)
        if found is None:
            found = QStaticText(metrics.elidedText(text, _ELIDE, room))
            found.setTextFormat(Qt.TextFormat.PlainText)  # a title with <b> stays text
            self._texts[key] = found
            if len(self._texts) > LAID_OUT:
                self._texts.popitem(last=False)
        else:
            self._texts.move_to_end(key)
        return found


class RowDelegate(QStyledItemDelegate):
    """A delegate that paints rows itself: ``paint`` fills a selected row's background and
    hands the row's object (``item_at``) and look to ``paint_item``; ``laid_out``
    gives a text cut to a width. A row without an object paints as a table's would."""

    look_type: type[RowLook] = RowLook

    def __init__(self, parent: object = None) -> None:
        super().__init__(parent)  # type: ignore[arg-type]
        self._look: RowLook | None = None
        self._texts = LaidOutTexts()

    def item_at(self, model: QAbstractItemModel, row: int) -> Any | None:
        """The object a row shows (a span, a relation), if the model has one there."""
        raise NotImplementedError

    def paint_item(self, painter: QPainter, option: QStyleOptionViewItem,
                   index: QModelIndex | QPersistentModelIndex, item: Any, look: RowLook,
                   selected: bool) -> None:
        raise NotImplementedError

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        item = self.item_at(index.model(), index.row())
        if item is None:
            super().paint(painter, option, index)
            return
        look, selected = self.begin_row(painter, option)
        self.paint_item(painter, option, index, item, look, selected)

    def begin_row(self, painter: QPainter, option: QStyleOptionViewItem
                  ) -> tuple[RowLook, bool]:
        """The look to paint with (read again when the palette or font changed) and
        whether the row is selected, its background filled."""
        palette, metrics = option.palette, option.fontMetrics
        look = self._look
        if look is None or look.key != RowLook.key_of(palette, metrics):
            look = self._look = self.look_type(palette, metrics)
            self._texts.clear()
        selected = bool(option.state & _SELECTED)
        if selected:
            painter.fillRect(option.rect, look.highlight)
        return look, selected

    def laid_out(self, text: str, room: int) -> QStaticText:
        """``text`` cut to ``room`` pixels with an ellipsis, laid out once."""
        assert self._look is not None
        return self._texts.get(text, room, self._look.metrics)
