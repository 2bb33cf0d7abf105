"""Text from files (titles, names, paths) shown literally: Qt guesses rich text otherwise.

QLabel, tooltips and message boxes take any string that looks like HTML for rich
text, so a title such as ``<img src=…>`` would be drawn as a picture. Labels
that show such strings are set to plain text; tooltips, which cannot be, and
rich text that embeds such strings go through these helpers.
"""

from __future__ import annotations

import html

from PySide6.QtGui import Qt
from PySide6.QtWidgets import QLabel


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
