"""A row of coloured label buttons showing their keys."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import QHBoxLayout, QLabel, QToolButton, QWidget

from annotator.core.model import Label
from annotator.ui import plain


def swatch(colour: str, size: int = 14) -> QIcon:
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QColor(colour).darker(130))
    painter.setBrush(QColor(colour))
    painter.drawRoundedRect(1, 1, size - 2, size - 2, 3, 3)
    painter.end()
    return QIcon(pixmap)


def _button_style(colour: str) -> str:
    # The checked (sticky) label must stand out at a glance: tinted, with a thick border.
    tint = QColor(colour).lighter(175).name()
    return (f"QToolButton {{ border: 1px solid palette(mid); border-radius: 4px;"
            f" padding: 3px 8px; background: palette(button); }}"
            f" QToolButton:hover {{ border-color: {colour}; }}"
            f" QToolButton:checked {{ border: 2px solid {colour}; background: {tint};"
            f" font-weight: bold; }}")


class LabelBar(QWidget):
    labelClicked = Signal(str)
    editRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(6)
        self._buttons: dict[str, QToolButton] = {}
        self._sticky: str | None = None

    def set_labels(self, labels: list[Label]) -> None:
        while self._layout.count():
            item = self._layout.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        self._buttons = {}
        caption = QLabel("Labels:", self)
        caption.setStyleSheet("color: palette(mid);")
        self._layout.addWidget(caption)
        for label in labels:
            button = QToolButton(self)
            button.setText(plain.mnemonic_free(f"{label.key}  {label.name}" if label.key
                                               else label.name))
            button.setIcon(swatch(label.color))
            button.setIconSize(QSize(14, 14))
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            button.setCheckable(True)
            button.setStyleSheet(_button_style(label.color))
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # keep the keyboard on the text
            tip = f"Label the selection as “{label.name}”"
            if label.key:
                tip += f"  ({label.key}; Shift+{label.key} keeps exact characters)"
            if label.guideline:
                tip += f"\n\n{label.guideline}"
            button.setToolTip(plain.tip(tip))
            button.clicked.connect(lambda _=False, name=label.name: self._clicked(name))
            self._layout.addWidget(button)
            self._buttons[label.name] = button
        self._layout.addStretch(1)
        edit = QToolButton(self)
        edit.setText("Edit labels…")
        edit.setAutoRaise(True)
        edit.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        edit.clicked.connect(self.editRequested)
        self._layout.addWidget(edit)
        self.set_sticky(self._sticky if self._sticky in self._buttons else None)

    def button(self, name: str) -> QToolButton:
        return self._buttons[name]

    def set_sticky(self, name: str | None) -> None:
        """Show which label sticky mode applies (checked), or none."""
        self._sticky = name
        for label, button in self._buttons.items():
            button.setChecked(label == name)

    def _clicked(self, name: str) -> None:
        self.set_sticky(self._sticky)  # a click must not leave a button checked by itself
        self.labelClicked.emit(name)
