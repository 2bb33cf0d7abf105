"""Painting over the text: the tint shows the innermost span at each point, so a
span hidden under another somewhere gets a coloured bar under the line along
its whole length (bars stack when several are hidden), and the selected span
gets an outline with grips on its edges.

Only visible blocks are visited and each asks the index for its own spans, so
the cost of a paint follows what is on screen, not the size of the document. A
block's bars are worked out once (block_bars) and kept by the view until the block's
spans change: finding where text falls on a line means shaping it, on every paint.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen, QTextBlock
from PySide6.QtWidgets import QPlainTextEdit

from annotator.core.model import Span, SpanRow
from annotator.core.overlap import lanes, segments
from annotator.ui.document_view.colours import LabelColours
from annotator.ui.document_view.geometry import line_span, lines_between, range_rects
from annotator.ui.document_view.highlighter import SpanSource


def bar_metrics(gap: float, rows: int) -> tuple[float, float]:
    """Thickness and pitch of span bars so ``rows`` of them fit in the line gap."""
    room = max(gap - 2.0, 2.0)
    thickness = 2.0 if gap < 12 else 3.0
    pitch = thickness + 1.0
    if rows * pitch > room:  # deep nesting: squeeze rather than spill onto the next line
        pitch = room / rows
        thickness = max(1.0, pitch * 0.7)
    return thickness, pitch


def hidden_somewhere(spans: list[Span | SpanRow], first: int, last: int) -> list[Span | SpanRow]:
    """The spans that are not the innermost at some point of [first, last)."""
    hidden: dict[int, Span | SpanRow] = {}
    for _a, _b, stack in segments(spans, first, last):
        for span in stack[1:]:
            hidden[span.id if span.id is not None else -1] = span
    return list(hidden.values())


# Rectangles relative to the block's top, with their colours and spans' ids.
Bars = list[tuple[QRectF, QColor, int | None]]


def block_bars(block: QTextBlock, source: SpanSource, to_utf16: Callable[[int], int],
               colours: LabelColours, gap: float) -> Bars:
    """The bars of the spans hidden somewhere in a block, with their colours (the
    selected span's is drawn thicker when painted: selecting changes no bars)."""
    first, last, spans = source(block)
    spans = hidden_somewhere(spans, first, last)
    if not spans:
        return []
    bars: Bars = []
    base16 = block.position()
    rows = lanes(spans)
    thickness, pitch = bar_metrics(gap, max(rows.values()) + 1)
    layout = block.layout()
    for span in spans:
        start16 = to_utf16(max(span.start, first)) - base16
        end16 = to_utf16(min(span.end, last)) - base16
        row = rows[span.id if span.id is not None else -1]
        colour = colours.bar(span.label)
        for line in lines_between(layout, start16, end16):
            xs = line_span(line, start16, end16)
            if xs is None:
                continue
            y = line.y() + line.height() + 1.0 + row * pitch
            # Inset by a pixel so two touching spans show as two bars.
            bars.append((QRectF(xs[0] + 1.0, y, max(xs[1] - xs[0] - 2.0, 2.0), thickness),
                         colour, span.id))
    return bars


def paint_overlay(edit: QPlainTextEdit, shown: list[tuple[QTextBlock, float]],
                  painter: QPainter, bars_of: Callable[[QTextBlock], Bars],
                  to_utf16: Callable[[int], int], colours: LabelColours,
                  selected: Span | SpanRow | None, preview: int | None) -> None:
    """Paint the bars and the selection over ``shown``, the visible blocks with
    their tops."""
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
    selected_id = selected.id if selected is not None else None
    for block, top in shown:
        for rect, colour, span_id in bars_of(block):
            if selected_id is not None and span_id == selected_id:
                rect = rect.adjusted(0.0, 0.0, 0.0, 1.0)
            painter.fillRect(rect.translated(0.0, top), colour)
    if selected is not None:
        _paint_selection(shown, painter, selected, to_utf16, colours)
    if preview is not None:
        _paint_preview(edit, painter, preview)


def _paint_selection(shown: list[tuple[QTextBlock, float]], painter: QPainter,
                     span: Span | SpanRow, to_utf16: Callable[[int], int],
                     colours: LabelColours) -> None:
    start16, end16 = to_utf16(span.start), to_utf16(span.end)
    pen = QPen(colours.bar(span.label), 1.2)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    rects: list[QRectF] = []
    for block, top in shown:
        base16 = block.position()
        if base16 + block.length() <= start16 or base16 >= end16:
            continue
        rects.extend(range_rects(block, top, start16 - base16, end16 - base16))
    for rect in rects:
        painter.drawRoundedRect(rect.adjusted(-1.0, -1.0, 1.0, 1.0), 2.0, 2.0)
    if rects and _contains_edge(shown, start16):
        _grip(painter, rects[0].left() - 1.0, rects[0], colours.bar(span.label))
    if rects and _contains_edge(shown, end16):
        _grip(painter, rects[-1].right() + 1.0, rects[-1], colours.bar(span.label))


def _contains_edge(shown: list[tuple[QTextBlock, float]], pos16: int) -> bool:
    """True when the span edge at ``pos16`` is in a visible block."""
    return any(block.position() <= pos16 < block.position() + block.length()
               for block, _ in shown)


def _grip(painter: QPainter, x: float, rect: QRectF, colour: QColor) -> None:
    """A small handle on a span edge, saying "drag me"."""
    pen = QPen(colour, 2.5)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    painter.setPen(pen)
    painter.drawLine(QPointF(x, rect.top() - 3.0), QPointF(x, rect.bottom() + 3.0))


def _paint_preview(edit: QPlainTextEdit, painter: QPainter, pos16: int) -> None:
    """A dashed caret where a dragged span edge would land."""
    cursor = edit.textCursor()
    cursor.setPosition(pos16)
    rect = edit.cursorRect(cursor)
    pen = QPen(edit.palette().text().color(), 1.5, Qt.PenStyle.DashLine)
    painter.setPen(pen)
    x = float(rect.left())
    painter.drawLine(QPointF(x, rect.top() - 3.0), QPointF(x, rect.bottom() + 3.0))
