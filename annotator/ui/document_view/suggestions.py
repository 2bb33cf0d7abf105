"""Suggestions in the document view: dashed outlines, never filled, so a proposal can
never be taken for an accepted span; the current one has a heavier outline.

The layer holds the suggestions shown (those above the threshold, not yet decided)
in an interval index, and paints only those in the visible blocks, like the spans.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import NamedTuple

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QPainter, QPen, QTextBlock

from annotator.core.model import SpanRow
from annotator.core.overlap import SpanIndex
from annotator.ui.document_view.colours import LabelColours
from annotator.ui.document_view.geometry import range_rects


class Shown(NamedTuple):
    """A suggestion as the view shows it: its extent, label, who proposes it and how
    sure it is (None: a rule's match)."""

    start: int
    end: int
    label: str
    annotator: str
    origin: str
    score: float | None

    @property
    def key(self) -> tuple[int, int, str]:
        return (self.start, self.end, self.label)

    def describe(self) -> str:
        return f"{self.label} ({'pattern' if self.score is None else f'{self.score:.2f}'})"


class SuggestionLayer:
    def __init__(self) -> None:
        self._shown: list[Shown] = []
        self._index = SpanIndex()
        self.current: int | None = None  # position in ``shown()``

    def set(self, shown: Sequence[Shown]) -> None:
        """Show these suggestions (sorted by start, end, label); the current one stays
        current if it is still among them."""
        keep = self._shown[self.current].key if self.current is not None else None
        self._shown = sorted(shown, key=lambda s: (s.start, s.end, s.label))
        self._index = SpanIndex(SpanRow(s.start, s.end, i, s.label, s.annotator)
                                for i, s in enumerate(self._shown))
        self.current = next((i for i, s in enumerate(self._shown) if s.key == keep), None)

    def shown(self) -> list[Shown]:
        return list(self._shown)

    def __len__(self) -> int:
        return len(self._shown)

    def get(self, position: int) -> Shown:
        return self._shown[position]

    def current_suggestion(self) -> Shown | None:
        return self._shown[self.current] if self.current is not None else None

    def under(self, start: int, end: int) -> list[int]:
        """Positions of the suggestions under a cursor (start == end) or touching a
        selection, innermost first."""
        if start == end:
            rows = [r for r in self._index.at(start)]
        else:
            rows = self._index.overlapping(start, end)
        rows.sort(key=lambda r: (r.end - r.start, r.start))
        return [r.id for r in rows]

    def next_after(self, position: int, *, step: int = 1) -> int | None:
        """The suggestion after (or, with step -1, before) the code point ``position``,
        wrapping round; None when there are none."""
        if not self._shown:
            return None
        if step > 0:
            return next((i for i, s in enumerate(self._shown) if s.start > position), 0)
        return next((i for i in range(len(self._shown) - 1, -1, -1)
                     if self._shown[i].start < position), len(self._shown) - 1)

    def paint(self, shown_blocks: Sequence[tuple[QTextBlock, float]], painter: QPainter,
              to_utf16: Callable[[int], int], from_utf16: Callable[[int], int],
              colours: LabelColours) -> None:
        if not self._shown:
            return
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        for block, top in shown_blocks:
            base16 = block.position()
            first, last = from_utf16(base16), from_utf16(base16 + block.length() - 1)
            if first >= last:
                continue
            for row in self._index.overlapping(first, last):
                strong = row.id == self.current
                pen = QPen(colours.bar(row.label), 2.4 if strong else 1.3,
                           Qt.PenStyle.DashLine)
                pen.setDashPattern([3.0, 2.0] if strong else [4.0, 3.0])
                painter.setPen(pen)
                start16 = to_utf16(max(row.start, first)) - base16
                end16 = to_utf16(min(row.end, last)) - base16
                for rect in range_rects(block, top, start16, end16):
                    grow = 2.5 if strong else 1.5
                    painter.drawRect(QRectF(rect).adjusted(-grow, -grow, grow, grow))
