"""Which label key a key press means, and whether it asks for exact characters."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent

LABEL_KEYS = tuple("123456789")

# Shift+digit arrives as the shifted symbol (US layout below); on other layouts the
# "Snap to tokens" toggle gives exact characters too.
_US_SHIFTED = dict(zip("!@#$%^&*(", LABEL_KEYS, strict=True))

_BLOCKING = (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
             | Qt.KeyboardModifier.MetaModifier)


def label_key(event: QKeyEvent) -> tuple[str, bool] | None:
    """(label key, exact) for a press of 1–9, exact when Shift is held."""
    mods = event.modifiers()
    if mods & _BLOCKING:
        return None
    shift = bool(mods & Qt.KeyboardModifier.ShiftModifier)
    key = event.key()
    if Qt.Key.Key_1.value <= key <= Qt.Key.Key_9.value:
        return chr(key), shift
    text = event.text()
    if shift and text:
        digit = _US_SHIFTED.get(text)
        if digit:
            return digit, True
    return None


class LabelKeyFilter(QObject):
    """Turns 1–9 into label requests on the widgets it watches (the text, the lists),
    before they use the key for themselves (e.g. a list's keyboard search)."""

    labelKeyPressed = Signal(str, bool)  # key, exact

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress:
            hit = label_key(event)  # type: ignore[arg-type]
            if hit is not None:
                self.labelKeyPressed.emit(*hit)
                return True
        return False
