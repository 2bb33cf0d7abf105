"""The spans of the document on screen: one evented collection that the view, the span
list and the counts follow; its relations are in ``relations`` beside it.

Changes arrive as SpanChange records (spans and relations together) and are applied
here only; each row that comes or goes is announced before and after (what a Qt item
model needs), and the whole change once it is in (what the view and the counts need).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from PySide6.QtCore import QObject, Signal

from annotator.core.changes import SpanChange
from annotator.core.model import RelationRow, Span, SpanRow
from annotator.core.overlap import SpanIndex
from annotator.ui.document_relations import DocumentRelations


class DocumentSpans(QObject):
    aboutToReset = Signal()
    reset = Signal()  # another document, or the same one read again
    aboutToInsert = Signal(int)  # reading-order position
    inserted = Signal(int)
    aboutToRemove = Signal(int)
    removed = Signal(int)
    rowChanged = Signal(int, bool)  # same place, new label or id; whether it looks different
    changed = Signal(object)  # the SpanChange as applied (rows really removed and added)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.uid: str | None = None
        self.text = ""
        self.index = SpanIndex()
        self._counts: Counter[str] = Counter()
        self.relations = DocumentRelations(
            lambda ids, missing: self.index.starts_of(ids, missing), self)

    def load(self, uid: str | None, text: str, index: SpanIndex,
             relations: Iterable[RelationRow] = ()) -> None:
        self.aboutToReset.emit()
        self.uid = uid
        self.text = text
        self.index = index
        self._counts = index.count_by_annotator()
        self.relations.load(relations)
        self.reset.emit()

    def load_spans(self, uid: str | None, text: str, spans: Iterable[Span | SpanRow],
                   relations: Iterable[RelationRow] = ()) -> None:
        self.load(uid, text, SpanIndex(spans), relations)

    # --------------------------------------------------------------- reading

    def __len__(self) -> int:
        return len(self.index)

    def get(self, span_id: int) -> SpanRow | None:
        return self.index.get(span_id)

    def find(self, start: int, end: int, label: str, annotator: str) -> SpanRow | None:
        """The span with exactly this extent, label and annotator, if shown."""
        for row in self.index.overlapping(start, end):
            if row.key == (start, end, label, annotator):
                return row
        return None

    def count(self, annotator: str | None = None) -> int:
        """Spans shown: all, or one annotator's."""
        return len(self.index) if annotator is None else self._counts[annotator]

    # --------------------------------------------------------------- changing

    def apply(self, change: SpanChange) -> SpanChange | None:
        """Apply a change to this document (a change to another is ignored); returns
        what was really removed and added. Spans first: a span shown under another id
        now takes its relations along; then the relations."""
        if change.uid != self.uid or not change:
            return None
        index = self.index
        gone: list[SpanRow] = []
        moved: dict[int, int] = {}
        added = list(change.added)
        for row in change.removed:
            # The same text under a new label or a new id keeps its place: one row
            # changes in place rather than leaving and coming back.
            twin = next((a for a in added if (a.start, a.end) == (row.start, row.end)
                         and (a.id == row.id or a.key == row.key)), None)
            old = index.get(row.id)
            if twin is not None and old is not None:
                at = index.replace(row.id, twin)
                if at is not None:
                    if twin.id != row.id:
                        moved[row.id] = twin.id
                    added.remove(twin)
                    gone.append(old)
                    self.rowChanged.emit(at, twin.key != old.key)
                    continue
            at = index.position(row.id)
            if at is None:
                continue
            self.aboutToRemove.emit(at)
            gone.append(index.remove(row.id))  # type: ignore[arg-type]
            self.removed.emit(at)
        for row in added:
            if row.id in index:  # the same span again (a replay): replace it
                at = index.position(row.id)
                self.aboutToRemove.emit(at)
                gone.append(index.remove(row.id))  # type: ignore[arg-type]
                self.removed.emit(at)
            at = index.insertion_point(row)
            self.aboutToInsert.emit(at)
            index.add(row)
            self.inserted.emit(at)
        if moved:
            self.relations.remap(moved)
        resized = {row.id for row in change.removed} & {row.id for row in added}
        for span_id in resized:  # the same span, another extent: its relations read anew
            self.relations.span_changed(span_id)
        unlinked, linked = self.relations.apply(change.relations_removed,
                                                change.relations_added) \
            if change.relations_changed else ((), ())
        applied = SpanChange(change.uid, tuple(gone), change.added, tuple(unlinked),
                             tuple(linked))
        self._counts.update(applied.by_annotator())
        self.changed.emit(applied)
        return applied
