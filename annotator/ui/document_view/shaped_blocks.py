"""Keeps the text of the blocks on screen shaped between paints.

A QTextLayout throws its shaped glyphs away after every draw unless caching is on,
so each repaint of the view shaped every visible line again (HarfBuzz, a fifth of a
repaint). Caching is turned on for the blocks on screen and off again, with the
glyphs let go, for blocks that scroll away: memory follows the screen, never the
article.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QImage, QPainter, QTextBlock

MAX_CHARS = 20_000  # a longer block (a whole article in one paragraph) is shaped per paint
_NOWHERE = QRectF(0.0, -1e9, 1.0, 1.0)  # a clip no line falls in


class ShapedBlocks:
    def __init__(self) -> None:
        self._kept: dict[int, QTextBlock] = {}  # block number -> block

    def keep(self, blocks: Iterable[QTextBlock]) -> None:
        """Keep exactly these blocks shaped (those on screen), releasing the rest."""
        now = {block.blockNumber(): block for block in blocks if block.length() <= MAX_CHARS}
        gone = [block for number, block in self._kept.items() if number not in now]
        if gone:
            _release(gone)
        for number, block in now.items():
            if number not in self._kept:
                block.layout().setCacheEnabled(True)
        self._kept = now

    def forget(self) -> None:
        """The document got another text: its old blocks, and their glyphs, are gone."""
        self._kept = {}


def _release(blocks: list[QTextBlock]) -> None:
    """Turn caching off and free the glyphs now: a layout frees them at the end of a
    draw, so each draws nothing, clipped to where no line is."""
    image = QImage(1, 1, QImage.Format.Format_RGB32)
    painter = QPainter(image)
    try:
        for block in blocks:
            layout = block.layout()
            layout.setCacheEnabled(False)
            layout.draw(painter, QPointF(0.0, 0.0), [], _NOWHERE)
    finally:
        painter.end()
