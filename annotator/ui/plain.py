"""Text from files (titles, names, paths) shown literally: Qt guesses rich text otherwise.

QLabel, tooltips and message boxes take any string that looks like HTML for rich
text, so a title such as ``<img src=…>`` would be drawn as a picture. Labels
that show such strings are set to plain text; tooltips, which cannot be, and
rich text that embeds such strings go through these helpers.
"""

from __future__ import annotations

import html

from PySide6.QtGui import Qt
from PySide6.QtWidgets import QLabel, QMessageBox, QWidget


def escaped(text: str) -> str:
    """``text`` for embedding in rich text: shown as it is."""
    return html.escape(text, quote=True)


def tip(text: str) -> str:
    """A tooltip that shows ``text`` as it is, even when it looks like HTML."""
    if not Qt.mightBeRichText(text):
        return text
    return Qt.convertFromPlainText(text, Qt.WhiteSpaceMode.WhiteSpacePre)


def plain_label(label: QLabel) -> QLabel:
    """Make a label show its text literally, never as rich text."""
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


def mnemonic_free(text: str) -> str:
    """Text for a button, check box or menu item: an ``&`` in a name is shown, not
    taken for a keyboard shortcut."""
    return text.replace("&", "&&")


def window_title(text: str) -> str:
    """A window title that shows a literal ``[*]`` (Qt's modified-marker) too."""
    return text.replace("[*]", "[*][*]")


def message(parent: QWidget | None, icon: QMessageBox.Icon, title: str, text: str,
            buttons: QMessageBox.StandardButton = QMessageBox.StandardButton.Ok,
            default: QMessageBox.StandardButton = QMessageBox.StandardButton.NoButton
            ) -> QMessageBox.StandardButton:
    """A message box that shows ``text`` as written (QMessageBox's static helpers
    guess rich text). Returns the button pressed."""
    box = QMessageBox(icon, title, text, buttons, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    if default != QMessageBox.StandardButton.NoButton:
        box.setDefaultButton(default)
    return QMessageBox.StandardButton(box.exec())


def warning(parent: QWidget | None, title: str, text: str) -> None:
    message(parent, QMessageBox.Icon.Warning, title, text)


def critical(parent: QWidget | None, title: str, text: str) -> None:
    message(parent, QMessageBox.Icon.Critical, title, text)


def question(parent: QWidget | None, title: str, text: str,
             buttons: QMessageBox.StandardButton, default: QMessageBox.StandardButton
             ) -> QMessageBox.StandardButton:
    return message(parent, QMessageBox.Icon.Question, title, text, buttons, default)
