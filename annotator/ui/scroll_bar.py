"""A scroll bar that repaints only when what it shows changes.

A list of 100,000 rows grows by one row on a label key: its scroll bar's range
changes, and a stock QScrollBar repaints itself every time (a fraction of a
millisecond in most styles), though its handle lands on the very same pixels.
This one remembers what it last painted (where the handle is, and whether it sits
at either end, which some styles show on the arrows) and skips the repaint of a
range or value change that leaves all of that as it was.

When it does repaint, the groove comes from a picture kept for the bar's size and
state: Fusion draws it as a gradient, line by line, which took half of the 1.6 ms a
500-pixel bar cost to paint, on every label key in a short article's span list.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QPainter, QPaintEvent, QPixmap
from PySide6.QtWidgets import QAbstractScrollArea, QScrollBar, QStyle, QStyleOptionSlider, QWidget

_Change = QScrollBar.SliderChange
_QUIET = (_Change.SliderRangeChange, _Change.SliderValueChange)
_Look = tuple[QRect, bool, bool]
_Part = QStyle.SubControl
_ABOVE_GROOVE = (_Part.SC_ScrollBarAddLine | _Part.SC_ScrollBarSubLine | _Part.SC_ScrollBarAddPage
                 | _Part.SC_ScrollBarSubPage | _Part.SC_ScrollBarFirst
                 | _Part.SC_ScrollBarLast | _Part.SC_ScrollBarSlider)


class QuietScrollBar(QScrollBar):
    def __init__(self, orientation: Qt.Orientation, parent: QWidget | None = None) -> None:
        super().__init__(orientation, parent)
        self._painted: _Look | None = None  # what is on screen now, if known
        self._groove_key: tuple[object, ...] | None = None
        self._groove_picture = QPixmap()

    def look(self) -> _Look:
        """What a paint would show: the handle's place and whether it is at an end."""
        option = QStyleOptionSlider()
        self.initStyleOption(option)
        handle = self.style().subControlRect(QStyle.ComplexControl.CC_ScrollBar, option,
                                             QStyle.SubControl.SC_ScrollBarSlider, self)
        value = self.value()
        return handle, value == self.minimum(), value == self.maximum()

    def sliderChange(self, change: QScrollBar.SliderChange) -> None:
        if (change in _QUIET and self._painted is not None
                and not self.style().styleHint(QStyle.StyleHint.SH_ScrollBar_Transient,
                                               None, self)
                and self.look() == self._painted):
            return  # the same pixels: no repaint
        super().sliderChange(change)

    def paintEvent(self, event: QPaintEvent) -> None:
        option = QStyleOptionSlider()
        self.initStyleOption(option)
        style = self.style()
        painter = QPainter(self)
        try:
            painter.drawPixmap(0, 0, self._groove(option))
            option.subControls = _ABOVE_GROOVE
            style.drawComplexControl(QStyle.ComplexControl.CC_ScrollBar, option, painter, self)
        finally:
            painter.end()
        self._painted = self.look()

    def _groove(self, option: QStyleOptionSlider) -> QPixmap:
        ratio = self.devicePixelRatioF()
        key = (option.rect.size().toTuple(), int(option.state.value),
               int(option.activeSubControls.value), option.palette.cacheKey(), ratio,
               id(self.style()))
        if self._groove_key != key:
            picture = QPixmap(option.rect.size() * ratio)
            picture.setDevicePixelRatio(ratio)
            picture.fill(Qt.GlobalColor.transparent)
            groove = QStyleOptionSlider(option)
            groove.subControls = _Part.SC_ScrollBarGroove
            painter = QPainter(picture)
            try:
                self.style().drawComplexControl(QStyle.ComplexControl.CC_ScrollBar, groove,
                                                painter, self)
            finally:
                painter.end()
            self._groove_key, self._groove_picture = key, picture
        return self._groove_picture


def quiet_scroll_bars(area: QAbstractScrollArea) -> None:
    """Give a scroll area quiet scroll bars (before anything is scrolled)."""
    area.setVerticalScrollBar(QuietScrollBar(Qt.Orientation.Vertical, area))
    area.setHorizontalScrollBar(QuietScrollBar(Qt.Orientation.Horizontal, area))
