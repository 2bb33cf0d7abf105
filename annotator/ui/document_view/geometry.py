"""Where text sits on screen: visible blocks, the character under a point, and
the rectangles a range of text occupies. All positions here are UTF-16 document
positions (Qt's); the view converts to code points through OffsetMap.
"""

from __future__ import annotations

from collections.abc import Iterator

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QTextBlock, QTextLayout, QTextLine
from PySide6.QtWidgets import QPlainTextEdit


def visible_blocks(edit: QPlainTextEdit) -> Iterator[tuple[QTextBlock, float]]:
    """Blocks intersecting the viewport, each with its top in viewport pixels."""
    block = edit.firstVisibleBlock()
    offset = edit.contentOffset()
    bottom = edit.viewport().height()
    while block.isValid():
        rect = edit.blockBoundingGeometry(block).translated(offset)
        if rect.top() > bottom:
            break
        if block.isVisible():
            yield block, rect.top()
        block = block.next()


def line_span(line: QTextLine, start: int, end: int) -> tuple[float, float] | None:
    """x extent of block-local [start, end) on one line, or None if not on it."""
    lo, hi = line.textStart(), line.textStart() + line.textLength()
    a, b = max(start, lo), min(end, hi)
    if a >= b:
        return None
    x1, x2 = line.cursorToX(a)[0], line.cursorToX(b)[0]
    return (min(x1, x2), max(x1, x2))


def lines_between(layout: QTextLayout, start: int, end: int) -> Iterator[QTextLine]:
    """The lines of a laid-out block that hold block-local [start, end)."""
    first = layout.lineForTextPosition(start)
    number = first.lineNumber() if first.isValid() else 0
    for i in range(number, layout.lineCount()):
        line = layout.lineAt(i)
        if line.textStart() >= end:
            break
        yield line


def range_rects(block: QTextBlock, top: float, start: int, end: int) -> list[QRectF]:
    """Rectangles (viewport pixels) covering block-local [start, end), one per line."""
    rects = []
    for line in lines_between(block.layout(), start, end):
        xs = line_span(line, start, end)
        if xs is not None:
            rects.append(QRectF(xs[0], top + line.y(), max(xs[1] - xs[0], 2.0), line.height()))
    return rects


def line_at(edit: QPlainTextEdit, point: QPointF) -> tuple[QTextBlock, QTextLine, float] | None:
    """The block and text line whose band contains ``point``.

    A line's band runs from its top to the top of the next line, so the gap
    below a line (where its span bars are drawn) belongs to it.
    """
    for block, top in visible_blocks(edit):
        layout = block.layout()
        count = layout.lineCount()
        for i in range(count):
            line = layout.lineAt(i)
            band_top = top + line.y()
            band_bottom = (top + layout.lineAt(i + 1).y() if i + 1 < count
                           else top + edit.blockBoundingRect(block).height() + _next_gap(edit))
            if band_top <= point.y() < band_bottom:
                return block, line, top
        if top > point.y():
            return None
    return None


def _next_gap(edit: QPlainTextEdit) -> float:
    gap = getattr(edit.document().documentLayout(), "gap", 0.0)
    return float(gap)


def char_at(edit: QPlainTextEdit, point: QPointF) -> int | None:
    """Document position of the character drawn under ``point``, or None when the
    point is beside, above or below the text rather than on a glyph."""
    hit = line_at(edit, point)
    if hit is None:
        return None
    block, line, top = hit
    if not top + line.y() <= point.y() < top + line.y() + line.height():
        return None
    left = line.x()
    if not left <= point.x() <= left + line.naturalTextWidth():
        return None
    local = line.xToCursor(point.x(), QTextLine.CursorPosition.CursorOnCharacter)
    if local >= line.textStart() + line.textLength() or local >= block.length() - 1:
        return None
    return block.position() + local
