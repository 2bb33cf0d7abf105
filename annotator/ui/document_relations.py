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
from operator import itemgetter

from PySide6.QtCore import QObject, Signal

from annotator.core.model import RelationRow, Status

_ACCEPTED = Status.ACCEPTED.value
_NOWHERE = (1 << 32) - 1  # the sort place of an end that is not shown
_ID, _HEAD, _CHILD, _STATUS = itemgetter(0), itemgetter(1), itemgetter(2), itemgetter(4)

# A relation's place in the list: head start, child start and order of arrival packed
# in one integer (20,000 of them sort as fast as integers do, not as tuples).
Key = int


_ARRIVAL = (1 << 32) - 1  # a key's bits for the order of arrival


def _key(head: int, child: int, arrival: int) -> Key:
    return (head << 64) | (child << 32) | arrival


class DocumentRelations(QObject):
    aboutToReset = Signal()
    reset = Signal()
    aboutToInsert = Signal(int)  # place in the list (accepted relations, reading order)
    inserted = Signal(int)
    aboutToRemove = Signal(int)
    removed = Signal(int)
    rowChanged = Signal(int, bool)  # same place, new type or id; whether it looks different

    def __init__(self, starts_of: Callable[[list[int], int], list[int]],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._starts_of = starts_of  # spans' starts by the ids they are shown by, or a default
        self._rows: dict[int, RelationRow] = {}
        self._of_span: dict[int, list[int]] = {}
        self._listed: list[int] = []  # accepted relation ids, by key
        self._keys: list[Key] = []
        self._key_of: dict[int, Key] = {}
        self._arrivals = 0

    # --------------------------------------------------------------- loading

    def load(self, rows: Iterable[RelationRow]) -> None:
        """Hold these relations (a document's, read at once: 20,000 cost a few
        milliseconds, a pass over columns rather than work per relation)."""
        self.aboutToReset.emit()
        rows = list(rows)
        ids = list(map(_ID, rows))
        heads, children = list(map(_HEAD, rows)), list(map(_CHILD, rows))
        self._rows = dict(zip(ids, rows, strict=True))
        of_span: dict[int, list[int]] = {}
        get = of_span.get
        for rid, head, child in zip(ids, heads, children, strict=True):
            found = get(head)
            if found is None:
                of_span[head] = [rid]
            else:
                found.append(rid)
            if child != head:
                found = get(child)
                if found is None:
                    of_span[child] = [rid]
                else:
                    found.append(rid)
        self._of_span = of_span
        accepted = [n for n, status in enumerate(map(_STATUS, rows)) if status == _ACCEPTED]
        if len(accepted) != len(rows):
            ids = [ids[n] for n in accepted]
            heads = [heads[n] for n in accepted]
            children = [children[n] for n in accepted]
        keys = [(h << 64) | (c << 32) | n for h, c, n in zip(
            self._starts_of(heads, _NOWHERE), self._starts_of(children, _NOWHERE), accepted,
            strict=True)]
        self._key_of = dict(zip(ids, keys, strict=True))
        self._keys = sorted(keys)  # distinct (arrivals are): the ids follow by look-up
        self._listed = list(map(dict(zip(keys, ids, strict=True)).__getitem__, self._keys))
        self._arrivals = len(rows)
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
        placed: list[RelationRow] = []
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
                placed.append(twin)
                self._replace(old, twin)
                continue
            gone.append(old)
            self._remove(old)
        for row in added:
            if row.id in self._rows:  # the same relation again (a replay): replace it
                old = self._rows[row.id]
                gone.append(old)
                self._remove(old)
            self._add(row)
            placed.append(row)
        return gone, placed

    def span_changed(self, span_id: int) -> None:
        """A span took another extent in place: the rows of its relations read
        differently, and one whose end now starts elsewhere moves to its place in
        reading order (keeping its order of arrival among equals)."""
        for relation_id in self._of_span.get(span_id, ()):
            key = self._key_of.get(relation_id)
            if key is None:
                continue
            moved = self._key_for(self._rows[relation_id], _ARRIVAL & key)
            if moved != key:
                self._unlist(key)
                self._list(relation_id, moved)
            else:
                self.rowChanged.emit(bisect_left(self._keys, key), True)

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
            # Stored under its real id, a relation reads as before: no repaint.
            self.rowChanged.emit(at, new.type != old.type)

    def _remove(self, row: RelationRow) -> None:
        key = self._key_of.pop(row.id, None)
        if key is not None:
            self._unlist(key)
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
        self._list(row.id, self._key_for(row, self._arrivals))

    def _key_for(self, row: RelationRow, arrival: int) -> Key:
        head, child = self._starts_of([row.head, row.child], _NOWHERE)
        return _key(head, child, arrival)

    def _list(self, relation_id: int, key: Key) -> None:
        """Put a relation in the list at its key's place."""
        self._key_of[relation_id] = key
        at = bisect_left(self._keys, key)
        self.aboutToInsert.emit(at)
        self._keys.insert(at, key)
        self._listed.insert(at, relation_id)
        self.inserted.emit(at)

    def _unlist(self, key: Key) -> None:
        """Take the relation listed under ``key`` out of the list."""
        at = bisect_left(self._keys, key)
        self.aboutToRemove.emit(at)
        del self._keys[at]
        del self._listed[at]
        self.removed.emit(at)
