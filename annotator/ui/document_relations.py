"""The relations of the document on screen: an evented collection next to its spans.

It holds every relation of the document (in any status: a rejected speaker
suggestion is a relation too, and must come back with its span on undo) and lists
the accepted ones in reading order (by where the head, then the child, starts),
which the view draws and the relation list shows. A relation's ends are the ids its
spans are shown by; when a span moves to another id (stored under its real one),
its relations follow (:meth:`remap`).

Changes arrive through :meth:`DocumentSpans.apply`, in the same change record as
the spans, and are applied here only; each listed row that comes or goes is
announced before and after, as a Qt item model needs.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Iterable

from PySide6.QtCore import QObject, Signal

from annotator.core.model import RelationRow, Status

_ACCEPTED = Status.ACCEPTED.value
_NOWHERE = 1 << 62  # the sort place of a relation whose end is not shown

Key = tuple[int, int, int]  # head start, child start, order of arrival


class DocumentRelations(QObject):
    aboutToReset = Signal()
    reset = Signal()
    aboutToInsert = Signal(int)  # place in the list (accepted relations, reading order)
    inserted = Signal(int)
    aboutToRemove = Signal(int)
    removed = Signal(int)
    rowChanged = Signal(int)

    def __init__(self, start_of: Callable[[int], int | None],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._start_of = start_of  # a span's start by the id it is shown by
        self._rows: dict[int, RelationRow] = {}
        self._of_span: dict[int, list[int]] = {}
        self._listed: list[int] = []  # accepted relation ids, by key
        self._keys: list[Key] = []
        self._key_of: dict[int, Key] = {}
        self._arrivals = 0

    # --------------------------------------------------------------- loading

    def load(self, rows: Iterable[RelationRow]) -> None:
        self.aboutToReset.emit()
        self._rows = {}
        self._of_span = {}
        self._key_of = {}
        start = self._start_of
        listed: list[tuple[Key, int]] = []
        for n, row in enumerate(rows):
            self._rows[row.id] = row
            self._of_span.setdefault(row.head, []).append(row.id)
            self._of_span.setdefault(row.child, []).append(row.id)
            if row.status == _ACCEPTED:
                key = (_at(start(row.head)), _at(start(row.child)), n)
                self._key_of[row.id] = key
                listed.append((key, row.id))
        listed.sort()
        self._keys = [key for key, _ in listed]
        self._listed = [rid for _, rid in listed]
        self._arrivals = len(self._rows)
        self.reset.emit()

    # --------------------------------------------------------------- reading

    def __len__(self) -> int:
        """How many are listed (the accepted ones)."""
        return len(self._listed)

    def __contains__(self, relation_id: object) -> bool:
        return relation_id in self._rows

    def every(self) -> list[RelationRow]:
        """Every relation, in any status."""
        return list(self._rows.values())

    def get(self, relation_id: int | None) -> RelationRow | None:
        return self._rows.get(relation_id) if relation_id is not None else None  # type: ignore[arg-type]

    def row(self, position: int) -> RelationRow:
        """The listed relation at this place."""
        return self._rows[self._listed[position]]

    def position(self, relation_id: int | None) -> int | None:
        """The relation's place in the list, or None (not here, or not accepted)."""
        key = self._key_of.get(relation_id)  # type: ignore[arg-type]
        if key is None:
            return None
        at = bisect_left(self._keys, key)
        return at if at < len(self._keys) and self._keys[at] == key else None

    def of_span(self, span_id: int, *, accepted_only: bool = True) -> list[RelationRow]:
        """The relations a span is an end of (by default the accepted ones)."""
        rows = (self._rows[rid] for rid in self._of_span.get(span_id, ()))
        return [r for r in rows if r.status == _ACCEPTED] if accepted_only else list(rows)

    def has_span(self, span_id: int) -> bool:
        """Whether a span is an end of an accepted relation (cheap: for painting)."""
        ids = self._of_span.get(span_id)
        return bool(ids) and any(self._rows[rid].status == _ACCEPTED for rid in ids)  # type: ignore[union-attr]

    def find(self, head: int, child: int, kind: str) -> RelationRow | None:
        """The relation (any status) from span ``head`` to ``child`` of this type."""
        for rid in self._of_span.get(head, ()):
            row = self._rows[rid]
            if row.head == head and row.child == child and row.type == kind:
                return row
        return None

    # --------------------------------------------------------------- changing

    def remap(self, moved: dict[int, int]) -> None:
        """Spans now shown under other ids (``old: new``): their relations follow."""
        for old, new in moved.items():
            ids = self._of_span.pop(old, None)
            if not ids:
                continue
            for rid in ids:
                row = self._rows[rid]
                self._rows[rid] = row._replace(head=new if row.head == old else row.head,
                                               child=new if row.child == old else row.child)
            self._of_span.setdefault(new, []).extend(ids)

    def apply(self, removed: Iterable[RelationRow], added: Iterable[RelationRow]
              ) -> tuple[list[RelationRow], list[RelationRow]]:
        """Take relations away (by id) and put relations in; returns what was really
        removed and added. A relation removed and added again under the same id (a
        retype) or with the same ends and type under another id (stored under its
        real id) changes in place."""
        added = list(added)
        gone: list[RelationRow] = []
        for row in removed:
            old = self._rows.get(row.id)
            if old is None:
                continue
            twin = next((a for a in added if a.id == row.id or (
                (a.head, a.child, a.type, a.status) == (old.head, old.child, old.type,
                                                        old.status)
                and a.id not in self._rows)), None)
            if twin is not None and (twin.status == _ACCEPTED) == (old.status == _ACCEPTED) \
                    and (twin.head, twin.child) == (old.head, old.child):
                added.remove(twin)
                gone.append(old)
                self._replace(old, twin)
                continue
            gone.append(old)
            self._remove(old)
        really_added = []
        for row in added:
            if row.id in self._rows:  # the same relation again (a replay): replace it
                old = self._rows[row.id]
                gone.append(old)
                self._remove(old)
            self._add(row)
            really_added.append(row)
        return gone, really_added

    def _replace(self, old: RelationRow, new: RelationRow) -> None:
        self._rows.pop(old.id)
        self._rows[new.id] = new
        if new.id != old.id:
            for end in (old.head, old.child):
                ids = self._of_span.get(end)
                if ids is not None:
                    self._of_span[end] = [new.id if rid == old.id else rid for rid in ids]
        key = self._key_of.pop(old.id, None)
        if key is not None:
            self._key_of[new.id] = key
            at = bisect_left(self._keys, key)
            self._listed[at] = new.id
            self.rowChanged.emit(at)

    def _remove(self, row: RelationRow) -> None:
        key = self._key_of.pop(row.id, None)
        if key is not None:
            at = bisect_left(self._keys, key)
            self.aboutToRemove.emit(at)
            del self._keys[at]
            del self._listed[at]
            self.removed.emit(at)
        del self._rows[row.id]
        for end in (row.head, row.child):
            ids = self._of_span.get(end)
            if ids is not None and row.id in ids:
                ids.remove(row.id)
                if not ids:
                    del self._of_span[end]

    def _add(self, row: RelationRow) -> None:
        self._rows[row.id] = row
        self._of_span.setdefault(row.head, []).append(row.id)
        if row.child != row.head:
            self._of_span.setdefault(row.child, []).append(row.id)
        self._arrivals += 1
        if row.status != _ACCEPTED:
            return
        key = (_at(self._start_of(row.head)), _at(self._start_of(row.child)), self._arrivals)
        self._key_of[row.id] = key
        at = bisect_left(self._keys, key)
        self.aboutToInsert.emit(at)
        self._keys.insert(at, key)
        self._listed.insert(at, row.id)
        self.inserted.emit(at)


def _at(start: int | None) -> int:
    return _NOWHERE if start is None else start
