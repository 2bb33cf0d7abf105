"""Painting around the text: the tints under it and the marks over it.

Under the text, each point is tinted with the colour of the innermost span there.
The tints are painted, not set as text formats: a changed format makes Qt lay the
paragraph out and shape its text again, which was the larger part of an edit's
paint on a long article, while a paragraph's lines never move when its spans do.
Over the text, a span hidden under another somewhere gets a coloured bar under the
line along its whole length (bars stack when several are hidden), and the selected
span gets an outline with grips on its edges.

Only visible blocks are visited and each asks the index for its own spans, so
the cost of a paint follows what is on screen, not the size of the document. A
block's tints and bars are worked out once (block_marks) and kept by the view until
the block's spans or the layout change: finding where text falls on a line means
shaping it, on every paint.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from collections.abc import Callable, Iterator
from typing import NamedTuple

from PySide6.QtCore import QPointF, QRect, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen, QTextBlock, QTextLayout
from PySide6.QtWidgets import QPlainTextEdit

from annotator.core.model import Span, SpanRow
from annotator.core.overlap import lanes, segments
from annotator.ui.document_view.colours import LabelColours
from annotator.ui.document_view.geometry import range_rects

# Given a block, its first code point, the code point after its last, and the
# spans touching it.
SpanSource = Callable[[QTextBlock], tuple[int, int, list[SpanRow]]]


def bar_metrics(gap: float, rows: int) -> tuple[float, float]:
    """Thickness and pitch of span bars so ``rows`` of them fit in the line gap."""
    room = max(gap - 2.0, 2.0)
    thickness = 2.0 if gap < 12 else 3.0
    pitch = thickness + 1.0
    if rows * pitch > room:  # deep nesting: squeeze rather than spill onto the next line
        pitch = room / rows
        thickness = max(1.0, pitch * 0.7)
    return thickness, pitch


class Tint(NamedTuple):
    """The innermost span's colour over block-local UTF-16 [start, end), and the
    rectangles it fills (relative to the block's top), one per line."""

    start: int
    end: int
    colour: QColor
    span: int | None  # the innermost span's id
    rects: list[QRect]


# Rectangles relative to the block's top, with their colours and spans' ids.
Bars = list[tuple[QRectF, QColor, int | None]]


class Marks(NamedTuple):
    tints: list[Tint]
    fills: list[tuple[QColor, list[QRect]]]  # the tints' rectangles, by colour
    bars: Bars


NO_MARKS = Marks([], [], [])


class _Lines:
    """A laid-out block's lines, asked of Qt once, and where positions fall on them
    (each asked once: neighbouring pieces share their ends). Crossing into Qt costs a
    microsecond a call, and a paragraph holds hundreds of pieces."""

    def __init__(self, layout: QTextLayout) -> None:
        lines = [layout.lineAt(i) for i in range(layout.lineCount())]
        self._lines = lines
        self.starts = [line.textStart() for line in lines]
        self.ends = [start + line.textLength() for start, line in zip(self.starts, lines,
                                                                       strict=True)]
        self.tops = [line.y() for line in lines]
        self.bottoms = [top + line.height() for top, line in zip(self.tops, lines,
                                                                 strict=True)]
        # Where the text ends: a tint stops short of the space where a line wraps.
        self.text_ends = [line.x() + line.naturalTextWidth() for line in lines]
        self._x: dict[tuple[int, int], float] = {}

    def pieces(self, start: int, end: int) -> Iterator[tuple[float, float, int]]:
        """(left, right, line number) of block-local [start, end) on each of its lines."""
        number = max(bisect_right(self.starts, start) - 1, 0)
        starts, ends, xs = self.starts, self.ends, self._x
        while number < len(starts) and starts[number] < end:
            a, b = max(start, starts[number]), min(end, ends[number])
            if a < b:
                x1 = xs.get((number, a))
                if x1 is None:
                    x1 = xs[(number, a)] = self._lines[number].cursorToX(a)[0]
                x2 = xs.get((number, b))
                if x2 is None:
                    x2 = xs[(number, b)] = self._lines[number].cursorToX(b)[0]
                yield (x1, x2, number) if x1 <= x2 else (x2, x1, number)
            number += 1


def block_marks(block: QTextBlock, source: SpanSource, to_utf16: Callable[[int], int],
                colours: LabelColours, gap: float) -> Marks:
    """A block's tints and the bars of the spans hidden somewhere in it, with their
    colours (the selected span's bar is drawn thicker when painted, and its tints
    stronger: selecting changes no marks)."""
    first, last, spans = source(block)
    if not spans:
        return NO_MARKS
    base16 = block.position()
    tints: list[Tint] = []
    hidden: dict[int, Span | SpanRow] = {}
    for a, b, stack in segments(spans, first, last):
        start16, end16 = to_utf16(a) - base16, to_utf16(b) - base16
        inner = stack[0]
        if tints and tints[-1].end == start16 and tints[-1].span == inner.id:
            start16 = tints.pop().start  # one span split where a hidden one ends
        tints.append(Tint(start16, end16, colours.tint(inner.label), inner.id, []))
        for span in stack[1:]:
            hidden[span.id if span.id is not None else -1] = span
    lines = _Lines(block.layout())
    tops, bottoms, text_ends = lines.tops, lines.bottoms, lines.text_ends
    fills: dict[int, tuple[QColor, list[QRect]]] = {}
    for tint in tints:
        for left, right, number in lines.pieces(tint.start, tint.end):
            # Out to whole pixels, as Qt fills a format's background.
            x, y = math.floor(left), math.floor(tops[number])
            tint.rects.append(QRect(x, y, max(math.ceil(min(right, text_ends[number])) - x,
                                              0), math.ceil(bottoms[number]) - y))
        fills.setdefault(tint.colour.rgba(), (tint.colour, []))[1].extend(tint.rects)
    bars = _bars(block, lines, list(hidden.values()), first, last, to_utf16, colours,
                 gap) if hidden else []
    return Marks(tints, list(fills.values()), bars)


def _bars(block: QTextBlock, lines: _Lines, spans: list[Span | SpanRow], first: int,
          last: int, to_utf16: Callable[[int], int], colours: LabelColours,
          gap: float) -> Bars:
    bars: Bars = []
    base16 = block.position()
    rows = lanes(spans)
    thickness, pitch = bar_metrics(gap, max(rows.values()) + 1)
    bottoms = lines.bottoms
    for span in spans:
        start16 = to_utf16(max(span.start, first)) - base16
        end16 = to_utf16(min(span.end, last)) - base16
        row = rows[span.id if span.id is not None else -1]
        colour = colours.bar(span.label)
        for left, right, number in lines.pieces(start16, end16):
            y = bottoms[number] + 1.0 + row * pitch
            # Inset by a pixel so two touching spans show as two bars.
            bars.append((QRectF(left + 1.0, y, max(right - left - 2.0, 2.0), thickness),
                         colour, span.id))
    return bars


def paint_tints(shown: list[tuple[QTextBlock, float]], painter: QPainter,
                marks_of: Callable[[QTextBlock], Marks], selected: int | None,
                strong: QColor | None) -> None:
    """Fill the tints of ``shown``, the visible blocks with their tops, before the
    text is drawn over them: a call per colour and block, then the selected span's
    stronger tint where it is the innermost (a span nested in it keeps its own)."""
    painter.setPen(Qt.PenStyle.NoPen)
    for block, top in shown:
        marks = marks_of(block)
        if not marks.fills:
            continue
        painter.translate(0.0, top)
        for colour, rects in marks.fills:
            painter.setBrush(colour)
            painter.drawRects(rects)
        if selected is not None and strong is not None:
            painter.setBrush(strong)
            for tint in marks.tints:
                if tint.span == selected:
                    painter.drawRects(tint.rects)
        painter.translate(0.0, -top)


def paint_overlay(edit: QPlainTextEdit, shown: list[tuple[QTextBlock, float]],
                  painter: QPainter, marks_of: Callable[[QTextBlock], Marks],
                  to_utf16: Callable[[int], int], colours: LabelColours,
                  selected: Span | SpanRow | None, preview: int | None) -> None:
    """Paint the bars and the selection over ``shown``, the visible blocks with
    their tops."""
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
    selected_id = selected.id if selected is not None else None
    for block, top in shown:
        for rect, colour, span_id in marks_of(block).bars:
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
