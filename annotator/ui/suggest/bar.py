"""The suggestion bar above the document: where suggestions come from, how many are left
to decide, the current one, and the score threshold the user moves."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QSlider, QWidget

from annotator.ui import plain

STEPS = 20  # the slider moves in 0.05


class ElidedLabel(QLabel):
    """Plain text cut short with an ellipsis when there is no room, never widening
    its window."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        rect = self.contentsRect()
        text = self.fontMetrics().elidedText(self.text(), Qt.TextElideMode.ElideRight,
                                             rect.width())
        painter.drawText(rect, int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft),
                         text)


class SuggestionBar(QWidget):
    thresholdChanged = Signal(float)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        heading = QLabel("Suggestions:", self)
        font = heading.font()
        font.setBold(True)
        heading.setFont(font)
        self.source = QLabel(self)  # a model's name comes from a file: plain text
        self.source.setTextFormat(Qt.TextFormat.PlainText)
        self.count = QLabel(self)
        self.count.setTextFormat(Qt.TextFormat.PlainText)
        # What the keys would do now; it may be cut short, never widen the window.
        self.current = ElidedLabel(self)
        self.slider = QSlider(Qt.Orientation.Horizontal, self)
        self.slider.setRange(0, STEPS)
        self.slider.setFixedWidth(110)
        self.slider.setToolTip("Show suggestions scoring at least this much "
                               "(a pattern's matches always show)")
        self.value = QLabel(self)
        self.value.setMinimumWidth(32)
        self.setToolTip("Enter accepts the suggestion under the cursor, Backspace rejects "
                        "it, Shift+Enter accepts all shown, Tab (or N) goes to the next")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        layout.addWidget(heading)
        layout.addWidget(self.source)
        layout.addWidget(self.count)
        layout.addWidget(self.current, 1)
        at_least = QLabel("score ≥", self)
        at_least.setToolTip(self.slider.toolTip())
        layout.addWidget(at_least)
        layout.addWidget(self.slider)
        layout.addWidget(self.value)
        self.slider.valueChanged.connect(self._moved)

    def set_threshold(self, value: float) -> None:
        self.slider.blockSignals(True)
        self.slider.setValue(round(value * STEPS))
        self.slider.blockSignals(False)
        self.value.setText(f"{value:.2f}")

    def threshold(self) -> float:
        return self.slider.value() / STEPS

    def _moved(self, position: int) -> None:
        self.value.setText(f"{position / STEPS:.2f}")
        self.thresholdChanged.emit(position / STEPS)

    def show_state(self, source: str, left: int, current: str, working: bool) -> None:
        """Where suggestions come from, how many are left, and the one under the cursor
        (its label and score) with the keys that decide it."""
        self.source.setText(source)
        if working:
            self.count.setText("· working them out…")
        else:
            self.count.setText(f"· {left} to decide" if left else "· none left to decide")
        if current:
            self.current.setText(f"· {current}: Enter accepts, Backspace rejects")
            self.current.setToolTip(plain.tip(f"{current}: Enter accepts, Backspace rejects"))
        elif left:
            self.current.setText("· Tab goes to the next, Shift+Enter accepts all shown")
        else:
            self.current.setText("")
