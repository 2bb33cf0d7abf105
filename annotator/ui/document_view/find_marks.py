"""Painting the matches of a find over the visible part of the text, and only there.

The find bar gives a function that returns the matches in a range of code points;
a paint asks it for the visible range alone, so the cost of a paint never follows
the number of matches in the whole article.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QPainter, QPen, QTextBlock

from annotator.ui.document_view.geometry import range_rects

#: matches(first, last): the (start, end) code-point matches starting in [first, last).
MatchesIn = Callable[[int, int], list[tuple[int, int]]]

MATCH = QColor(255, 214, 0, 110)  # a highlighter's yellow, the text still legible
CURRENT = QColor(255, 150, 0, 90)  # over the selection, which already marks it
CURRENT_EDGE = QColor(215, 100, 0)


def paint_matches(shown: list[tuple[QTextBlock, float]], painter: QPainter,
                  matches_in: MatchesIn, current: tuple[int, int] | None,
                  to_utf16: Callable[[int], int], from_utf16: Callable[[int], int]) -> None:
    if not shown:
        return
    first_block, last_block = shown[0][0], shown[-1][0]
    first = from_utf16(first_block.position())
    last = from_utf16(last_block.position() + last_block.length())
    found = matches_in(max(0, first - 1), last)
    if current is not None and current not in found and current[0] < last \
            and current[1] > first:
        found.append(current)
    if not found:
        return
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
    for start, end in found:
        is_current = (start, end) == current
        for rect in _rects(shown, to_utf16(start), to_utf16(end)):
            painter.fillRect(rect, CURRENT if is_current else MATCH)
            if is_current:
                painter.setPen(QPen(CURRENT_EDGE, 2.0))
                painter.drawRect(rect.adjusted(-1.0, -1.0, 1.0, 1.0))


def _rects(shown: list[tuple[QTextBlock, float]], start16: int, end16: int) -> list[QRectF]:
    rects: list[QRectF] = []
    for block, top in shown:
        base16 = block.position()
        if base16 + block.length() <= start16:
            continue
        if base16 >= end16:
            break
        rects.extend(range_rects(block, top, start16 - base16, end16 - base16))
    return rects
