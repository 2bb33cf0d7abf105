"""Overlapping spans: an interval index and the geometry of nesting.

Pure Python. Positions are code points, ends exclusive. Spans are addressed by
their ``id``, which must be set (callers give unsaved spans a temporary id).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator
from itertools import pairwise
from operator import attrgetter

from annotator.core.model import Span

# Spans longer than this are kept apart and scanned linearly: there are few of
# them (whole-paragraph claims at most), and keeping them out of the sorted list
# keeps the look-behind window of every query short.
LONG_SPAN = 4096


def nesting_key(span: Span) -> tuple[int, int, str, str, int]:
    """Sort key putting the innermost span first: shortest, then latest start."""
    return (span.end - span.start, -span.start, span.label, span.annotator, span.id or 0)


class SpanIndex:
    """Spans sorted by start, answering "which spans touch [a, b)" in time
    proportional to the answer, not to the number of spans."""

    __slots__ = ("_by_id", "_items", "_long", "_max_len", "_starts")

    def __init__(self, spans: Iterable[Span] = ()) -> None:
        spans = list(spans)
        self._by_id: dict[int | None, Span] = {s.id: s for s in spans}
        if None in self._by_id:
            raise ValueError("SpanIndex needs spans with an id")
        short = [s for s in spans if s.end - s.start <= LONG_SPAN]
        self._long: dict[int | None, Span] = (
            {} if len(short) == len(spans)
            else {s.id: s for s in spans if s.end - s.start > LONG_SPAN})
        # Ordered by start alone (a stable sort in C); ties need no order.
        short.sort(key=attrgetter("start"))
        self._items: list[Span] = short
        self._starts: list[int] = [s.start for s in short]
        self._max_len = max((s.end - s.start for s in short), default=0)

    def __len__(self) -> int:
        return len(self._by_id)

    def __iter__(self) -> Iterator[Span]:
        return iter(self._by_id.values())

    def __contains__(self, span_id: object) -> bool:
        return span_id in self._by_id

    def get(self, span_id: int) -> Span | None:
        return self._by_id.get(span_id)

    def add(self, span: Span) -> None:
        if span.id is None:
            raise ValueError("SpanIndex needs spans with an id")
        if span.id in self._by_id:
            self.remove(span.id)
        self._by_id[span.id] = span
        if span.end - span.start > LONG_SPAN:
            self._long[span.id] = span
            return
        at = bisect_right(self._starts, span.start)
        self._starts.insert(at, span.start)
        self._items.insert(at, span)
        # Only ever grows: an upper bound is all the window needs.
        self._max_len = max(self._max_len, span.end - span.start)

    def remove(self, span_id: int) -> Span | None:
        span = self._by_id.pop(span_id, None)
        if span is None:
            return None
        if self._long.pop(span_id, None) is not None:
            return span
        i = bisect_left(self._starts, span.start)
        while self._items[i].id != span_id:
            i += 1
        del self._starts[i]
        del self._items[i]
        return span

    def overlapping(self, start: int, end: int) -> list[Span]:
        """Spans with at least one code point in [start, end), by start.

        An empty range [p, p) asks for the spans containing p.
        """
        end = max(end, start + 1)
        lo = bisect_left(self._starts, start - self._max_len)
        hi = bisect_left(self._starts, end)
        found = [s for s in self._items[lo:hi] if s.end > start]
        if self._long:
            found.extend(s for s in self._long.values() if s.start < end and s.end > start)
            found.sort(key=attrgetter("start"))
        return found

    def at(self, pos: int) -> list[Span]:
        """Spans containing code point ``pos``, innermost first."""
        return sorted(self.overlapping(pos, pos + 1), key=nesting_key)


Segment = tuple[int, int, tuple[Span, ...]]


def segments(spans: Iterable[Span], start: int, end: int) -> list[Segment]:
    """Cut [start, end) where any span begins or ends; return the covered pieces.

    Each piece carries the spans covering it, innermost first. Uncovered pieces
    are left out, so the result is what a highlighter must format.
    """
    clipped = [s for s in spans if s.start < end and s.end > start]
    if not clipped:
        return []
    cuts = sorted({start, end} | {max(s.start, start) for s in clipped}
                  | {min(s.end, end) for s in clipped})
    clipped.sort(key=nesting_key)
    out: list[Segment] = []
    for a, b in pairwise(cuts):
        # No span begins or ends strictly inside (a, b): testing ``a`` suffices.
        stack = tuple(s for s in clipped if s.start <= a < s.end)
        if stack:
            out.append((a, b, stack))
    return out


def lanes(spans: Iterable[Span]) -> dict[int, int]:
    """Give every span a row (0 nearest the text) so overlapping spans never share one.

    Inner spans are placed first, so they sit nearest the text and an outer span
    keeps one row along its whole length.
    """
    placed: list[tuple[Span, int]] = []
    rows: dict[int, int] = {}
    for span in sorted(spans, key=nesting_key):
        taken = {row for other, row in placed if other.overlaps(span)}
        row = 0
        while row in taken:
            row += 1
        placed.append((span, row))
        rows[span.id if span.id is not None else -1] = row
    return rows
