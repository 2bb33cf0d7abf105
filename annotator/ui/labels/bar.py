"""A row of coloured label buttons showing their keys.

For the keyboard the bar is one stop of the window's Tab chain: Tab lands on the
button last used (the first at the start), Left/Right/Home/End move along the
bar, Space or Enter applies the label to the text still selected in the
document. A mouse click never takes the keyboard away from the text.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QSize, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QKeyEvent, QPainter, QPixmap
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
            f" font-weight: bold; }}"
            f" {_FOCUS}")


# The button the keyboard is on (Tab into the bar, arrows along it) must show.
_FOCUS = ("QToolButton:focus { border: 2px solid palette(highlight); border-radius: 4px;"
          " padding: 2px 7px; }")


class LabelBar(QWidget):
    labelClicked = Signal(str)
    editRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(6)
        self._buttons: dict[str, QToolButton] = {}
        self._chain: list[QToolButton] = []
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
        edit.setStyleSheet(_FOCUS)
        edit.clicked.connect(self.editRequested)
        self._layout.addWidget(edit)
        self._chain = [*self._buttons.values(), edit]
        for button in self._chain:
            button.installEventFilter(self)
        self._rove(self._chain[0])
        self.set_sticky(self._sticky if self._sticky in self._buttons else None)

    def focus_chain(self) -> list[QToolButton]:
        """The bar's buttons in order; only one of them takes Tab at a time."""
        return list(self._chain)

    def _rove(self, current: QToolButton) -> None:
        """Make ``current`` the bar's one Tab stop (never a click: the text keeps
        the keyboard when the mouse picks a label)."""
        for button in self._chain:
            button.setFocusPolicy(Qt.FocusPolicy.TabFocus if button is current
                                  else Qt.FocusPolicy.NoFocus)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched not in self._chain:
            return False
        if event.type() == QEvent.Type.FocusIn:
            self._rove(watched)  # type: ignore[arg-type]
        elif event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            return self._key(watched, event)  # type: ignore[arg-type]
        return False

    def _key(self, button: QToolButton, event: QKeyEvent) -> bool:
        if event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            return False
        key, at = event.key(), self._chain.index(button)
        moves = {Qt.Key.Key_Left: at - 1, Qt.Key.Key_Right: at + 1, Qt.Key.Key_Home: 0,
                 Qt.Key.Key_End: len(self._chain) - 1}
        if key in moves:
            target = self._chain[max(0, min(len(self._chain) - 1, moves[key]))]
            self._rove(target)
            target.setFocus(Qt.FocusReason.TabFocusReason)
            return True
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            button.click()
            return True
        return False

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
