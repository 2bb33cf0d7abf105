"""A scroll bar that repaints only when what it shows changes.

A list of 100,000 rows grows by one row on a label key: its scroll bar's range
changes, and a stock QScrollBar repaints itself every time (a fraction of a
millisecond in most styles), though its handle lands on the very same pixels.
This one remembers what it last painted (where the handle is, and whether it sits
at either end, which some styles show on the arrows) and skips the repaint of a
range or value change that leaves all of that as it was.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QPaintEvent
from PySide6.QtWidgets import QAbstractScrollArea, QScrollBar, QStyle, QStyleOptionSlider, QWidget

_Change = QScrollBar.SliderChange
_QUIET = (_Change.SliderRangeChange, _Change.SliderValueChange)
_Look = tuple[QRect, bool, bool]


class QuietScrollBar(QScrollBar):
    def __init__(self, orientation: Qt.Orientation, parent: QWidget | None = None) -> None:
        super().__init__(orientation, parent)
        self._painted: _Look | None = None  # what is on screen now, if known

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
        super().paintEvent(event)
        self._painted = self.look()


def quiet_scroll_bars(area: QAbstractScrollArea) -> None:
    """Give a scroll area quiet scroll bars (before anything is scrolled)."""
    area.setVerticalScrollBar(QuietScrollBar(Qt.Orientation.Vertical, area))
    area.setHorizontalScrollBar(QuietScrollBar(Qt.Orientation.Horizontal, area))
