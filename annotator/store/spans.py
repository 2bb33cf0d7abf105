"""Spans and the relations between them, one document at a time: what editing touches.

The relations' own SQL is in relations.py; this manager offers it.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, bindparam, delete, func, or_, select, update
from sqlalchemy.exc import IntegrityError

from annotator.core.errors import DuplicateSpan, InvalidRelation, InvalidSpan, StoreError
from annotator.core.model import (
    NewRelation,
    Origin,
    Relation,
    RelationRow,
    Span,
    Status,
)
from annotator.store import relations as links
from annotator.store.documents import Documents
from annotator.store.relations import Edited
from annotator.store.rows import (
    IN_BATCH,
    check_offsets,
    insert_ignoring_conflicts,
    plain_rows,
    to_span,
)
from annotator.store.schema import (
    annotators,
    documents,
    labels,
    relations,
    spans,
)
from annotator.store.states import States

if TYPE_CHECKING:
    from annotator.store.store import Store

_MANUAL = Origin.MANUAL.value
_ACCEPTED = Status.ACCEPTED.value
_SPAN_COLUMNS = (spans.c.pk, spans.c.start, spans.c.end, labels.c.name.label("label"),
                 annotators.c.name.label("annotator"), spans.c.origin, spans.c.status,
                 spans.c.score)
_SPAN_JOIN = (spans.join(labels, spans.c.label == labels.c.pk)
              .join(annotators, spans.c.annotator == annotators.c.pk))
_IDS = bindparam("ids", expanding=True)  # built once: every delete runs them
_SPANS_BY_IDS = select(*_SPAN_COLUMNS).select_from(_SPAN_JOIN).where(spans.c.pk.in_(_IDS))
_DELETE_SPANS = delete(spans).where(spans.c.pk.in_(_IDS))
_DELETE_SPANS_RETURNING = _DELETE_SPANS.returning(spans.c.pk)


class Spans:
    def __init__(self, store: Store) -> None:
        self._store = store
        # Per thread (as label keys): a document's key and length, and the documents
        # each annotator has started, so a label key costs one INSERT, not four queries.
        self._local = threading.local()
        self._inserts: dict[str, Any] = {}  # dialect -> INSERT of a span

    def _known(self) -> tuple[dict[str, tuple[int, int]], set[tuple[int, int]]]:
        local = self._local
        if not hasattr(local, "documents"):
            local.documents, local.started = {}, set()
        return local.documents, local.started

    def forget_keys(self) -> None:
        """After a rollback (this thread): what was cached may not be stored."""
        self._local.documents, self._local.started = {}, set()

    def _document(self, conn: Connection, uid: str) -> tuple[int, int] | None:
        documents_, _ = self._known()
        found = documents_.get(uid)
        if found is None:
            found = Documents.find(conn, uid)
            if found is not None:
                documents_[uid] = found
        return found

    def of_document(self, uid: str, annotators_: Iterable[str] | None = None) -> list[Span]:
        """A document's spans, ordered by (start, end, label, annotator)."""
        query = (select(*_SPAN_COLUMNS)
                 .select_from(_SPAN_JOIN.join(documents, spans.c.document == documents.c.pk))
                 .where(documents.c.uid == uid)
                 .order_by(spans.c.start, spans.c.end, labels.c.name, annotators.c.name))
        if annotators_ is not None:
            query = query.where(annotators.c.name.in_(list(annotators_)))
        with self._store.connect() as conn:
            return [to_span(r) for r in conn.execute(query)]

    def rows_of_document(self, uid: str, *,  # type: ignore[type-arg]
                         status: Status | None = None) -> list[tuple]:
        """Every span of a document (or those with one status: the window shows the
        accepted ones as spans) as plain tuples laid out as SpanRow's fields, in
        reading order (by start, then end descending): one scan of a covering index,
        no object per span, for opening an article with 100,000 of them."""
        with self._store.connect() as conn:
            doc_pk = conn.execute(select(documents.c.pk).where(documents.c.uid == uid)).scalar()
            if doc_pk is None:
                raise StoreError(f"no document {uid}")
            label = self._store.labels.names(conn)
            who = self._store.annotators.names(conn)
            # The usual origin and status come back as NULL: 200,000 fewer strings.
            found = plain_rows(conn.execute(
                select(spans.c.start, spans.c.end, spans.c.pk, spans.c.label, spans.c.annotator,
                       func.nullif(spans.c.origin, _MANUAL), func.nullif(spans.c.status, _ACCEPTED))
                .where(spans.c.document == doc_pk,
                       *([] if status is None else [spans.c.status == Status(status).value]))
                .order_by(spans.c.start, spans.c.end.desc())))
        return [(start, end, pk, label[lk], who[ak], origin or _MANUAL, status or _ACCEPTED)
                for start, end, pk, lk, ak, origin, status in found]

    def get(self, span_id: int) -> Span:
        with self._store.connect() as conn:
            return _span_by_pk(conn, span_id)

    def add(self, uid: str, span: Span) -> Span:
        """Add one span; returns it with its id. Refuses bad offsets and exact duplicates."""
        return self.edit(uid, create=[span])[0]

    def delete(self, span_id: int) -> Span:
        """Delete a span (and its relations); returns the span, for undo (to have
        its relations back too, delete through :meth:`edit`)."""
        with self._store.transaction() as conn:
            return _delete(conn, [span_id])[0][0]

    def delete_present(self, span_ids: Sequence[int]) -> int:
        """Delete those of these spans still stored (and their relations), in one
        transaction; how many went. Undoing a batch over many documents uses it."""
        gone = 0
        with self._store.transaction() as conn:
            for i in range(0, len(span_ids), IN_BATCH):
                chunk = list(span_ids[i:i + IN_BATCH])
                conn.execute(delete(relations).where(
                    or_(relations.c.head.in_(chunk), relations.c.child.in_(chunk))))
                gone += conn.execute(delete(spans).where(spans.c.pk.in_(chunk))).rowcount
        return gone

    def update(self, span_id: int, *, label: str | None = None, start: int | None = None,
               end: int | None = None) -> tuple[Span, Span]:
        """Relabel or resize a span in place; returns (before, after), for undo."""
        with self._store.transaction() as conn:
            uid = conn.execute(
                select(documents.c.uid)
                .select_from(spans.join(documents, spans.c.document == documents.c.pk))
                .where(spans.c.pk == span_id)).scalar()
            found = Documents.find(conn, uid) if uid is not None else None
            if found is None:
                raise InvalidSpan(f"no span with id {span_id}")
            return self._update(conn, span_id, found[1], label, start, end)

    def edit(self, uid: str, *, create: Sequence[Span] = (), delete: Sequence[int] = (),
             change: Sequence[tuple[int, Span]] = (),
             status: Sequence[tuple[int, Status]] = (), relate: Sequence[NewRelation] = (),
             unrelate: Sequence[int] = (), retype: Sequence[tuple[int, str]] = (),
             check_types: bool = True) -> Edited:
        """Several edits of one document's spans and relations in one transaction, all
        or nothing, in this order: delete relations by id (``unrelate``), change their
        type (``retype``: id, type), delete spans by id (with their relations), change
        spans by id to another extent and label, set spans' status by id, create spans,
        then make relations (``relate``), whose ends may be spans created here
        (:class:`Created`).

        A relation made or retyped must link labels its type allows, unless
        ``check_types`` is False (a reviewer deciding on what annotators linked).

        Returns the created spans with their ids (a list, in the order of ``create``);
        its ``relations`` are the relations made, ``removed`` those deleted (asked for,
        or going with a deleted span: what undo needs to make them again) and
        ``retyped`` (before, after) of each retyped relation."""
        with self._store.transaction() as conn:
            found = self._document(conn, uid)
            if found is None:
                raise StoreError(f"no document {uid}")
            doc_pk, length = found
            removed = links.unrelate_many(conn, unrelate)
            retyped = [links.retype(self._store, conn, relation_id, kind, check_types)
                       for relation_id, kind in retype]
            if delete:
                removed += _delete_ids(conn, delete)
            for span_id, goal in change:
                self._update(conn, span_id, length, goal.label, goal.start, goal.end,
                             check_types=check_types)
            for span_id, value in status:
                _span_by_pk(conn, span_id)  # it must exist
                conn.execute(update(spans).where(spans.c.pk == span_id)
                             .values(status=Status(value).value))
            created = Edited(self._insert(conn, doc_pk, length, span) for span in create)
            created.relations = links.relate_many(
                self._store, conn,
                [(links.created_end(new.head, created), links.created_end(new.child, created),
                  new.type, Status(new.status)) for new in relate],
                doc_pk=doc_pk, check=check_types)
            created.removed = removed
            created.retyped = retyped
        return created

    def _insert(self, conn: Connection, doc_pk: int, length: int, span: Span) -> Span:
        check_offsets(span.start, span.end, length)
        if not span.annotator:
            raise InvalidSpan("a span needs an annotator")
        label_pk = self._store.labels.key(conn, span.label)
        annotator_pk = self._store.annotators.key(conn, span.annotator)
        # An exact duplicate inserts nothing and returns no row: no savepoint needed.
        statement = self._inserts.get(conn.dialect.name)
        if statement is None:  # built once per dialect: a label key runs it every time
            statement = self._inserts[conn.dialect.name] = insert_ignoring_conflicts(
                conn, spans).returning(spans.c.pk)
        pk = conn.execute(statement, {
            "document": doc_pk, "annotator": annotator_pk, "label": label_pk,
            "start": span.start, "end": span.end, "origin": Origin(span.origin).value,
            "status": Status(span.status).value, "score": span.score,
            "created_at": time.time()}).scalar()
        if pk is None:
            raise DuplicateSpan(
                f"{span.label} [{span.start}, {span.end}) by {span.annotator} "
                "exists already")
        _, started = self._known()
        if (doc_pk, annotator_pk) not in started:
            States.mark_started(conn, doc_pk, annotator_pk)
            started.add((doc_pk, annotator_pk))
        return replace(span, id=pk)

    def _update(self, conn: Connection, span_id: int, length: int, label: str | None,
                start: int | None, end: int | None, *, check_types: bool = True
                ) -> tuple[Span, Span]:
        before = _span_by_pk(conn, span_id)
        after = replace(before,
                        label=before.label if label is None else label,
                        start=before.start if start is None else start,
                        end=before.end if end is None else end)
        check_offsets(after.start, after.end, length)
        if check_types and after.label != before.label:
            # A relation's type says which labels its ends may have: a new label must
            # keep every relation of the span within its type's rule.
            refusal = links.relabel_refusal(conn, span_id, after.label)
            if refusal:
                raise InvalidRelation(f"{before.label} [{before.start}, {before.end}) "
                                      f"cannot become {after.label}: {refusal}")
        values = {"start": after.start, "end": after.end,
                  "label": self._store.labels.key(conn, after.label)}
        try:
            with conn.begin_nested():
                conn.execute(update(spans).where(spans.c.pk == span_id).values(**values))
        except IntegrityError:
            raise DuplicateSpan(
                f"{after.label} [{after.start}, {after.end}) by {after.annotator} "
                "exists already") from None
        return before, after

    def set_status(self, span_id: int, status: Status) -> Span:
        """Change a span's status (a reviewer's accept or reject); returns the span after."""
        with self._store.transaction() as conn:
            span = _span_by_pk(conn, span_id)
            conn.execute(update(spans).where(spans.c.pk == span_id)
                         .values(status=Status(status).value))
        return replace(span, status=Status(status))

    # ------------------------------------------------------------- relations

    def add_relation(self, head_id: int, child_id: int, label: str, *,
                     status: Status = Status.ACCEPTED, check: bool = True) -> Relation:
        """Link two spans of one annotator in one document with a relation of type
        ``label``. With ``check``, the type must allow the ends' labels."""
        with self._store.transaction() as conn:
            row = links.relate(self._store, conn, head_id, child_id, label, Status(status),
                               check=check)
            return Relation(_span_by_pk(conn, head_id), _span_by_pk(conn, child_id), label,
                            row.id, Status(status))

    def relations(self, uid: str) -> list[Relation]:
        """A document's relations (in any status) with their spans, in the order made."""
        with self._store.connect() as conn:
            return links.of_document(conn, uid)

    def relation_rows(self, uid: str) -> list[RelationRow]:
        """A document's relations (in any status) as plain rows: relation id, head and
        child span ids, type name, status; in the order made. One indexed read, no
        object per span, for a window that has the spans already."""
        with self._store.connect() as conn:
            doc_pk = conn.execute(select(documents.c.pk).where(documents.c.uid == uid)).scalar()
            if doc_pk is None:
                raise StoreError(f"no document {uid}")
            return links.rows_of_document(conn, doc_pk, self._store.relation_types.names(conn))

    def delete_relation(self, relation_id: int) -> RelationRow:
        """Delete a relation; returns it, for undo."""
        with self._store.transaction() as conn:
            return links.unrelate(conn, relation_id)

    def set_relation_status(self, relation_id: int, status: Status) -> RelationRow:
        """Change a relation's status (a reviewer's accept or reject); returns it after."""
        with self._store.transaction() as conn:
            return links.set_status(conn, relation_id, status)


def _delete(conn: Connection, span_ids: Sequence[int]) -> tuple[list[Span], list[RelationRow]]:
    """Delete spans and their relations (a few statements for them all); returns
    both, for undo: the spans in the order given, the relations in the order made."""
    ids = list(span_ids)
    found: dict[int, Span] = {}
    for i in range(0, len(ids), IN_BATCH):
        found.update((span.id, span) for span in map(  # type: ignore[misc]
            to_span, conn.execute(_SPANS_BY_IDS, {"ids": ids[i:i + IN_BATCH]})))
    gone, seen = [], set()
    for span_id in ids:
        if span_id not in found or span_id in seen:
            raise InvalidSpan(f"no span with id {span_id}")
        seen.add(span_id)
        gone.append(found[span_id])
    removed = links.unlink_spans(conn, ids)
    for i in range(0, len(ids), IN_BATCH):
        conn.execute(_DELETE_SPANS, {"ids": ids[i:i + IN_BATCH]})
    return gone, removed


def _delete_ids(conn: Connection, span_ids: Sequence[int]) -> list[RelationRow]:
    """Delete spans and their relations, as _delete does, without reading the spans
    first (a statement less for each deletion in an edit); returns the relations."""
    ids = list(span_ids)
    seen: set[int] = set()
    for span_id in ids:
        if span_id in seen:
            raise InvalidSpan(f"no span with id {span_id}")
        seen.add(span_id)
    removed = links.unlink_spans(conn, ids)
    for i in range(0, len(ids), IN_BATCH):
        chunk = ids[i:i + IN_BATCH]
        gone = {pk for (pk,) in conn.execute(_DELETE_SPANS_RETURNING, {"ids": chunk})}
        missing = next((span_id for span_id in chunk if span_id not in gone), None)
        if missing is not None:  # the transaction rolls back: nothing is deleted
            raise InvalidSpan(f"no span with id {missing}")
    return removed


def _span_by_pk(conn: Connection, span_id: int) -> Span:
    row = conn.execute(select(*_SPAN_COLUMNS).select_from(_SPAN_JOIN)
                       .where(spans.c.pk == span_id)).first()
    if row is None:
        raise InvalidSpan(f"no span with id {span_id}")
    return to_span(row)
