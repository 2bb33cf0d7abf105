"""The view's blocks' tints and span bars, each worked out once (overlay.block_marks)
and kept until the block's spans or the layout change.

A block's marks follow from its spans' keys (extent, label, annotator) and the
layout; the ids in them only say which span is which (the selected one is drawn
stronger). So the marks an edit makes out of date are put aside, and taken again,
their ids renamed, when the block comes back to the same spans: undo, redo, a
span deleted and put back. A long paragraph's marks take a millisecond or more
to work out. What is put aside is bounded by count and by the tints and bars in it
(a one-paragraph article's marks are megabytes).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import NamedTuple

from PySide6.QtGui import QTextBlock

from annotator.core.model import Span, SpanRow
from annotator.ui.document_view.overlay import Marks

Found = tuple[int, int, list[SpanRow]]  # a block's first and last offsets and its spans
Key = tuple[int, int, str, str]
KEPT_ASIDE = 64  # blocks' earlier marks kept for coming back to them
ASIDE_BUDGET = 20_000  # tints and bars in them at most: a long paragraph's are many


class _Entry(NamedTuple):
    marks: Marks
    ids: dict[Key, int | None]  # of the spans they were worked out for, in reading order

    @property
    def keys(self) -> tuple[Key, ...]:
        return tuple(self.ids)


class MarksCache:
    def __init__(self, spans_of: Callable[[QTextBlock], Found],
                 work_out: Callable[[QTextBlock, Found], Marks]) -> None:
        self._spans_of = spans_of
        self._work_out = work_out
        self._shown: dict[int, _Entry] = {}  # block number -> its marks now
        self._aside: dict[tuple[int, tuple[Key, ...]], _Entry] = {}  # oldest first
        self._aside_weight = 0  # tints and bars in them
        self._layout: tuple[int, ...] | None = None

    def __len__(self) -> int:
        return len(self._shown)

    def get(self, block: QTextBlock, layout: tuple[int, ...]) -> Marks:
        if layout != self._layout:  # lines wrap elsewhere now
            self.clear()
            self._layout = layout
        number = block.blockNumber()
        entry = self._shown.get(number)
        if entry is None:
            found = self._spans_of(block)
            ids = {span.key: span.id for span in found[2]}
            keys = tuple(ids)
            entry = self._take_aside((number, keys))
            if entry is None:
                entry = _Entry(self._work_out(block, found), ids)
            else:
                entry = _renamed(entry, {entry.ids[key]: ids[key] for key in keys
                                         if entry.ids[key] != ids[key]})
            self._shown[number] = entry
        return entry.marks

    def forget(self, first: int, last: int) -> None:
        """Blocks ``first``..``last`` show other spans now: their marks go aside."""
        for number in range(first, last + 1):
            entry = self._shown.pop(number, None)
            if entry is None or _weight(entry) > ASIDE_BUDGET:
                continue
            keys = entry.keys
            self._take_aside((number, keys))
            self._aside[(number, keys)] = entry
            self._aside_weight += _weight(entry)
            while len(self._aside) > KEPT_ASIDE or self._aside_weight > ASIDE_BUDGET:
                self._take_aside(next(iter(self._aside)))

    def _take_aside(self, key: tuple[int, tuple[Key, ...]]) -> _Entry | None:
        entry = self._aside.pop(key, None)
        if entry is not None:
            self._aside_weight -= _weight(entry)
        return entry

    def rename(self, first: int, last: int, span: Span | SpanRow, new_id: int) -> None:
        """A span stored under its real id, in blocks ``first``..``last``: its tints
        and bars take the id, without being worked out again."""
        for number in range(first, last + 1):
            entry = self._shown.get(number)
            if entry is not None:
                self._shown[number] = _renamed(entry, {span.id: new_id})

    def keep(self, numbers: Iterable[int]) -> None:
        """Only these blocks' marks are kept (the view read far: memory follows the
        screen)."""
        kept = set(numbers)
        self._shown = {n: e for n, e in self._shown.items() if n in kept}
        self._aside.clear()
        self._aside_weight = 0

    def clear(self) -> None:
        self._shown.clear()
        self._aside.clear()
        self._aside_weight = 0


def _weight(entry: _Entry) -> int:
    return len(entry.marks.tints) + len(entry.marks.bars)


def _renamed(entry: _Entry, renames: dict[int | None, int | None]) -> _Entry:
    if not renames:
        return entry
    marks = entry.marks
    return _Entry(
        marks._replace(
            tints=[t._replace(span=renames[t.span]) if t.span in renames else t
                   for t in marks.tints],
            bars=[(rect, colour, renames.get(span_id, span_id))
                  for rect, colour, span_id in marks.bars]),
        {key: renames.get(span_id, span_id) for key, span_id in entry.ids.items()})
