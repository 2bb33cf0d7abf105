"""Overlapping spans: an interval index and the geometry of nesting.

Pure Python. Positions are code points, ends exclusive. Spans are addressed by
their ``id``, which must be set (callers give unsaved spans a temporary id).
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable, Iterator
from itertools import pairwise, repeat
from operator import itemgetter, sub

from annotator.core.model import Span, SpanRow

# Spans longer than this are also kept apart and scanned linearly: there are few
# of them (whole-paragraph claims at most), and leaving them out of the
# look-behind window keeps every query's window short.
LONG_SPAN = 4096


def nesting_key(span: Span | SpanRow) -> tuple[int, int, str, str, int]:
    """Sort key putting the innermost span first: shortest, then latest start."""
    return (span.end - span.start, -span.start, span.label, span.annotator, span.id or 0)


class SpanIndex:
    """A document's spans in reading order (by start, an outer span before the spans
    nested in it), answering "which spans touch [a, b)" in time proportional to the
    answer, not to the number of spans.

    Spans are kept as plain tuples (the fields of :class:`SpanRow`, in order) so a
    document's 100,000 spans can be indexed straight from the rows the store
    fetched; a SpanRow is made only for the spans someone asks for.
    """

    __slots__ = ("_items", "_long", "_max_len", "_start_of", "_starts")

    def __init__(self, spans: Iterable[Span | SpanRow] = ()) -> None:
        items = [tuple(SpanRow.of(s)) for s in spans]
        items.sort(key=_reading_order)
        self._load(items)

    @classmethod
    def from_rows(cls, rows: list[tuple]) -> SpanIndex:  # type: ignore[type-arg]
        """Index rows laid out as SpanRow's fields, already in reading order
        (by start, then by end descending). The list is taken over, not copied."""
        index = cls.__new__(cls)
        index._load(rows)
        return index

    def _load(self, items: list[tuple]) -> None:  # type: ignore[type-arg]
        # map() and zip() over itemgetters: 100,000 spans in a few milliseconds each.
        starts = list(map(_START, items))
        ids = list(map(_ID, items))
        lengths = list(map(sub, map(_END, items), starts))
        self._items = items
        self._starts: list[int] = starts
        self._start_of: dict[int, int] = dict(zip(ids, starts, strict=True))
        if len(self._start_of) != len(items):
            raise ValueError("SpanIndex needs spans with distinct ids")
        longest = max(lengths, default=0)
        self._long: dict[int, tuple] = {} if longest <= LONG_SPAN else {  # type: ignore[type-arg]
            it[2]: it for it, n in zip(items, lengths, strict=True) if n > LONG_SPAN}
        self._max_len = longest if not self._long else max(
            (n for n in lengths if n <= LONG_SPAN), default=0)

    def __len__(self) -> int:
        return len(self._items)

    def __iter__(self) -> Iterator[SpanRow]:
        return map(SpanRow._make, self._items)

    def __contains__(self, span_id: object) -> bool:
        return span_id in self._start_of

    def start_of(self, span_id: int) -> int | None:
        """Where the span starts, or None if it is not here (a dictionary look-up)."""
        return self._start_of.get(span_id)

    def starts_of(self, span_ids: Iterable[int], missing: int | None = None) -> list[int | None]:
        """Where each span starts (``missing``: not here), in one pass."""
        return list(map(self._start_of.get, span_ids, repeat(missing)))

    def get(self, span_id: int) -> SpanRow | None:
        at = self.position(span_id)
        return None if at is None else SpanRow._make(self._items[at])

    def row(self, position: int) -> SpanRow:
        """The span at this place in reading order."""
        return SpanRow._make(self._items[position])

    def position(self, span_id: int | None) -> int | None:
        """The span's place in reading order, or None if it is not here."""
        start = self._start_of.get(span_id)  # type: ignore[arg-type]
        if start is None:
            return None
        i = bisect_left(self._starts, start)
        while self._items[i][2] != span_id:
            i += 1
        return i

    def insertion_point(self, span: Span | SpanRow) -> int:
        """Where :meth:`add` would put this span (it must not be here yet)."""
        i = bisect_left(self._starts, span.start)
        while i < len(self._items) and self._items[i][0] == span.start \
                and self._items[i][1] >= span.end:
            i += 1
        return i

    def add(self, span: Span | SpanRow) -> int:
        """Add a span (replacing one with its id); returns its place in reading order."""
        item = tuple(SpanRow.of(span))
        if item[2] in self._start_of:
            self.remove(item[2])
        at = self.insertion_point(span)
        self._items.insert(at, item)
        self._starts.insert(at, item[0])
        self._start_of[item[2]] = item[0]
        length = item[1] - item[0]
        if length > LONG_SPAN:
            self._long[item[2]] = item
        else:
            # Only ever grows: an upper bound is all the look-behind window needs.
            self._max_len = max(self._max_len, length)
        return at

    def replace(self, span_id: int, span: Span | SpanRow) -> int | None:
        """Put ``span`` where the span ``span_id`` is, when both cover the same text
        (a relabel, or a span stored under its real id); returns the place, or None
        (and changes nothing) when that span is not here or the extents differ."""
        at = self.position(span_id)
        if at is None:
            return None
        item = tuple(SpanRow.of(span))
        old = self._items[at]
        if (old[0], old[1]) != (item[0], item[1]) or (
                item[2] != span_id and item[2] in self._start_of):
            return None
        self._items[at] = item
        del self._start_of[span_id]
        self._start_of[item[2]] = item[0]
        if self._long.pop(span_id, None) is not None:
            self._long[item[2]] = item
        return at

    def remove(self, span_id: int) -> SpanRow | None:
        """Remove a span; returns it, or None if it was not here."""
        at = self.position(span_id)
        if at is None:
            return None
        item = self._items.pop(at)
        del self._starts[at]
        del self._start_of[span_id]
        self._long.pop(span_id, None)
        return SpanRow._make(item)

    def count_by_annotator(self) -> Counter[str]:
        return Counter(map(_ANNOTATOR, self._items))

    def overlapping(self, start: int, end: int) -> list[SpanRow]:
        """Spans with at least one code point in [start, end), by start.

        An empty range [p, p) asks for the spans containing p.
        """
        end = max(end, start + 1)
        lo = bisect_left(self._starts, start - self._max_len)
        hi = bisect_left(self._starts, end)
        items = self._items
        if not self._long:
            return [SpanRow._make(it) for it in items[lo:hi] if it[1] > start]
        found = [it for it in items[lo:hi] if it[1] > start and it[1] - it[0] <= LONG_SPAN]
        found.extend(it for it in self._long.values() if it[0] < end and it[1] > start)
        found.sort(key=_reading_order)
        return [SpanRow._make(it) for it in found]

    def at(self, pos: int) -> list[SpanRow]:
        """Spans containing code point ``pos``, innermost first."""
        return sorted(self.overlapping(pos, pos + 1), key=nesting_key)


_START, _END, _ID, _ANNOTATOR = itemgetter(0), itemgetter(1), itemgetter(2), itemgetter(4)


def _reading_order(item: tuple) -> tuple[int, int]:  # type: ignore[type-arg]
    return (item[0], -item[1])


Segment = tuple[int, int, tuple[Span, ...]]


def segments(spans: Iterable[Span], start: int, end: int) -> list[Segment]:
    """Cut [start, end) where any span begins or ends; return the covered pieces.

    Each piece carries the spans covering it, innermost first. Uncovered pieces
    are left out, so the result is what must be tinted.
    """
    clipped = [s for s in spans if s.start < end and s.end > start]
    if not clipped:
        return []
    clipped.sort(key=nesting_key)  # a span's place here is its place in a stack
    begins = sorted((max(s.start, start), i) for i, s in enumerate(clipped))
    ends = sorted((min(s.end, end), i) for i, s in enumerate(clipped))
    cuts = sorted({start, end} | {at for at, _ in begins} | {at for at, _ in ends})
    # One sweep: the spans covering a piece are those begun and not yet ended at its
    # start (no span begins or ends strictly inside a piece), never a scan of them all.
    covering: set[int] = set()
    began = ended = 0
    out: list[Segment] = []
    for a, b in pairwise(cuts):
        while began < len(begins) and begins[began][0] <= a:
            covering.add(begins[began][1])
            began += 1
        while ended < len(ends) and ends[ended][0] <= a:
            covering.discard(ends[ended][1])
            ended += 1
        if covering:
            out.append((a, b, tuple(clipped[i] for i in sorted(covering))))
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
