"""A label for a text that changes with every edit (a count), without laying the
window out again each time.

A QLabel asks its layout to recompute on every new text, and the request climbs to
the window: every splitter, toolbar and list is placed again (a few tenths of a
millisecond per edit, twice). Qt skips that request for a widget of fixed size, so
this label keeps a fixed size, made larger when a text needs more room and smaller
when the text has become much shorter (another document).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QLabel, QWidget

SHRINK_BELOW = 0.7  # of the width: a text this much narrower gives the room back


class SteadyLabel(QLabel):
    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self._fit()

    def setText(self, text: str) -> None:  # type: ignore[override]
        if text == self.text():
            return
        margins = self.contentsMargins()
        width = self.fontMetrics().horizontalAdvance(text) + margins.left() + margins.right()
        if width < self.maximumWidth() * SHRINK_BELOW:
            self._unfix()
        super().setText(text)
        self._fit()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._unfix()  # a style sheet's bold font, applied once shown
            self._fit()

    def _unfix(self) -> None:
        """The label's size hint never falls below its minimum size: lift it."""
        self.setMinimumSize(0, 0)

    def _fit(self) -> None:
        hint = self.sizeHint()
        if (hint.width() != self.minimumWidth() or hint.width() > self.maximumWidth()
                or hint.height() != self.maximumHeight()):
            self.setFixedSize(hint)
