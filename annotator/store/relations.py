"""Relations between spans in SQL: made, retyped, read and deleted inside a transaction.

The :class:`~annotator.store.spans.Spans` manager offers these as its relation methods
and in its batches of edits; they live here so each module stays one job.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from contextlib import AbstractContextManager, nullcontext
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, bindparam, delete, func, or_, select, update
from sqlalchemy.exc import IntegrityError

from annotator.core.errors import InvalidRelation, InvalidSpan
from annotator.core.model import (
    Created,
    Origin,
    Relation,
    RelationRow,
    RelationType,
    Span,
    Status,
)
from annotator.store.relation_types import RelationTypes
from annotator.store.rows import IN_BATCH, plain_rows
from annotator.store.schema import annotators, documents, labels, relation_types, relations, spans

if TYPE_CHECKING:
    from annotator.store.store import Store


class Edited(list[Span]):
    """What :meth:`Spans.edit` did: the spans it created, with their ids (the list
    itself), the relations it made (``relations``), those it deleted (``removed``)
    and those it retyped (``retyped``: before, after)."""

    def __init__(self, created: Iterable[Span] = ()) -> None:
        super().__init__(created)
        self.relations: list[RelationRow] = []
        self.removed: list[RelationRow] = []
        self.retyped: list[tuple[RelationRow, RelationRow]] = []


def created_end(end: int | Created, created: Sequence[Span]) -> int:
    """A relation end's span id: as given, or that of a span created in the batch."""
    if isinstance(end, Created):
        if not 0 <= end.index < len(created):
            raise InvalidRelation(f"a relation names created span {end.index}, but the "
                                  f"batch creates {len(created)}")
        return created[end.index].id  # type: ignore[return-value]
    return end


def relate(store: Store, conn: Connection, head_id: int, child_id: int, kind: str,
           status: Status, *, doc_pk: int | None = None, check: bool = True) -> RelationRow:
    """Make a relation of type ``kind`` between two spans of one annotator in one
    document (``doc_pk``, when given); with ``check``, the type must allow their labels."""
    return relate_many(store, conn, [(head_id, child_id, kind, status)], doc_pk=doc_pk,
                       check=check)[0]


def relate_many(store: Store, conn: Connection,
                new: Sequence[tuple[int, int, str, Status]], *, doc_pk: int | None = None,
                check: bool = True) -> list[RelationRow]:
    """Make relations (head id, child id, type, status), as :func:`relate` makes one,
    in the order given: their ends are read in one query, each type's rule once, and
    they are inserted in one statement under one savepoint (undoing the deletion of a
    span puts all of its relations back at once)."""
    if not new:
        return []
    ids = list({end for head_id, child_id, _, _ in new for end in (head_id, child_id)})
    ends: dict[int, Any] = {}
    for i in range(0, len(ids), IN_BATCH):
        ends.update((r.pk, r) for r in conn.execute(_ENDS, {"ids": ids[i:i + IN_BATCH]}))
    kinds: dict[str, RelationType | None] = {}
    rows = []
    for head_id, child_id, kind, status in new:
        for end in (head_id, child_id):
            if end not in ends:
                raise InvalidSpan(f"no span with id {end}")
        head, child = ends[head_id], ends[child_id]
        if head_id == child_id:
            raise InvalidRelation("a relation links two different spans")
        if head.document != child.document or (doc_pk is not None and head.document != doc_pk):
            raise InvalidRelation("a relation links spans of one document")
        if head.annotator != child.annotator:
            raise InvalidRelation("a relation links spans of one annotator")
        type_pk = store.relation_types.key(conn, kind)
        if check:
            if kind not in kinds:
                kinds[kind] = RelationTypes.find(conn, kind)
            refusal = kinds[kind].refusal(head.label, child.label)  # type: ignore[union-attr]
            if refusal:
                raise InvalidRelation(refusal)
        rows.append({"head": head_id, "child": child_id, "type": type_pk,
                     "status": Status(status).value, "document": head.document})
    made: dict[tuple[int, int, int], int] = {}
    try:
        with _statement_scope(conn):
            for i in range(0, len(rows), IN_BATCH):
                # (head, child, type) is unique: it names each new row, whatever order
                # RETURNING gives them in.
                made.update(((head, child, kind), pk) for pk, head, child, kind
                            in conn.execute(_INSERT, rows[i:i + IN_BATCH]))
    except IntegrityError:
        # One of them exists already (or comes twice): find which, one at a time.
        for (head_id, child_id, kind, _), row in zip(new, rows, strict=True):
            try:
                with conn.begin_nested():
                    conn.execute(relations.insert().values(**row))
            except IntegrityError:
                raise InvalidRelation(f"{kind} from span {head_id} to span {child_id} "
                                      "exists already") from None
        raise
    return [RelationRow(made[row["head"], row["child"], row["type"]], head_id, child_id, kind,
                        row["status"])
            for (head_id, child_id, kind, _), row in zip(new, rows, strict=True)]


def _statement_scope(conn: Connection) -> AbstractContextManager[Any]:
    """What keeps the transaction usable when one statement fails. SQLite undoes just
    the failed statement by itself; PostgreSQL needs a savepoint (two statements more
    on every undo of a deletion, which the store queue runs within a key press)."""
    return nullcontext() if conn.dialect.name == "sqlite" else conn.begin_nested()


def retype(store: Store, conn: Connection, relation_id: int, kind: str, check: bool
           ) -> tuple[RelationRow, RelationRow]:
    """Give a relation another type; returns (before, after)."""
    before = relation_row(conn, relation_id)
    type_pk = store.relation_types.key(conn, kind)
    labels_of = dict(conn.execute(
        select(spans.c.pk, labels.c.name)
        .select_from(spans.join(labels, spans.c.label == labels.c.pk))
        .where(spans.c.pk.in_([before.head, before.child]))).all())
    refusal = RelationTypes.find(conn, kind).refusal(labels_of[before.head],
                                                     labels_of[before.child])
    if refusal and check:
        raise InvalidRelation(refusal)
    try:
        with conn.begin_nested():
            conn.execute(update(relations).where(relations.c.pk == relation_id)
                         .values(type=type_pk))
    except IntegrityError:
        raise InvalidRelation(f"{kind} from span {before.head} to span {before.child} "
                              "exists already") from None
    return before, before._replace(type=kind)


def set_status(conn: Connection, relation_id: int, status: Status) -> RelationRow:
    before = relation_row(conn, relation_id)
    conn.execute(update(relations).where(relations.c.pk == relation_id)
                 .values(status=Status(status).value))
    return before._replace(status=Status(status).value)


_ACCEPTED = Status.ACCEPTED.value
_ROW = (relations.c.pk, relations.c.head, relations.c.child, relation_types.c.name,
        relations.c.status)
_TYPED = relations.join(relation_types, relations.c.type == relation_types.c.pk)
# Built once (editing runs them for every delete and undo): a list of ids as "ids".
_IDS = bindparam("ids", expanding=True)
_OF_SPANS = select(*_ROW).select_from(_TYPED).where(
    or_(relations.c.head.in_(_IDS), relations.c.child.in_(_IDS)))
_DELETE_IDS = delete(relations).where(relations.c.pk.in_(_IDS))
# The deleted rows as _ROW reads them, in the same statement.
_DELETE_IDS_RETURNING = _DELETE_IDS.returning(
    relations.c.pk, relations.c.head, relations.c.child,
    select(relation_types.c.name).where(relation_types.c.pk == relations.c.type)
    .scalar_subquery(), relations.c.status)
_INSERT = relations.insert().returning(relations.c.pk, relations.c.head, relations.c.child,
                                       relations.c.type)
_ENDS = (select(spans.c.pk, spans.c.document, spans.c.annotator, labels.c.name.label("label"))
         .select_from(spans.join(labels, spans.c.label == labels.c.pk))
         .where(spans.c.pk.in_(_IDS)))


def relabel_refusal(conn: Connection, span_id: int, label: str) -> str | None:
    """Why the span cannot take ``label`` while its relations (not rejected ones)
    stand: a type that allows only other labels at that end; None if it can."""
    head, child = spans.alias("head"), spans.alias("child")
    head_label, child_label = labels.alias("head_label"), labels.alias("child_label")
    linked = conn.execute(
        select(relation_types.c.name, relations.c.head, relations.c.child,
               head_label.c.name, child_label.c.name)
        .select_from(_TYPED.join(head, relations.c.head == head.c.pk)
                     .join(child, relations.c.child == child.c.pk)
                     .join(head_label, head.c.label == head_label.c.pk)
                     .join(child_label, child.c.label == child_label.c.pk))
        .where(or_(relations.c.head == span_id, relations.c.child == span_id),
               relations.c.status != Status.REJECTED.value)).all()
    kinds: dict[str, RelationType] = {}
    for kind, head_id, child_id, head_name, child_name in linked:
        if kind not in kinds:
            kinds[kind] = RelationTypes.find(conn, kind)
        refusal = kinds[kind].refusal(label if head_id == span_id else head_name,
                                      label if child_id == span_id else child_name)
        if refusal:
            return f"its {kind} relation stands in the way ({refusal})"
    return None


def relation_row(conn: Connection, relation_id: int) -> RelationRow:
    row = conn.execute(select(*_ROW).select_from(_TYPED)
                       .where(relations.c.pk == relation_id)).first()
    if row is None:
        raise InvalidRelation(f"no relation with id {relation_id}")
    return RelationRow(*row)


def unrelate(conn: Connection, relation_id: int) -> RelationRow:
    """Delete a relation; returns it."""
    return unrelate_many(conn, [relation_id])[0]


def unrelate_many(conn: Connection, relation_ids: Sequence[int]) -> list[RelationRow]:
    """Delete relations by id, in one statement (deleting a span with its relations
    runs this within a key press); returns them in the order given. An id that is
    missing or comes twice raises, and the transaction then keeps nothing."""
    if not relation_ids:
        return []
    ids = list(relation_ids)
    found: dict[int, RelationRow] = {}
    for i in range(0, len(ids), IN_BATCH):
        found.update((row[0], RelationRow(*row)) for row in conn.execute(
            _DELETE_IDS_RETURNING, {"ids": ids[i:i + IN_BATCH]}))
    rows, seen = [], set()
    for relation_id in ids:
        if relation_id not in found or relation_id in seen:
            raise InvalidRelation(f"no relation with id {relation_id}")
        seen.add(relation_id)
        rows.append(found[relation_id])
    return rows


def unlink_spans(conn: Connection, span_ids: Sequence[int]) -> list[RelationRow]:
    """Delete the relations of spans (as head or child); returns them in the order
    made, each once, for undo."""
    removed: dict[int, RelationRow] = {}
    for i in range(0, len(span_ids), IN_BATCH):
        removed.update((row[0], RelationRow(*row)) for row in conn.execute(
            _OF_SPANS, {"ids": list(span_ids[i:i + IN_BATCH])}))
    ids = sorted(removed)
    for i in range(0, len(ids), IN_BATCH):  # none, when the edit unlinked them first
        conn.execute(_DELETE_IDS, {"ids": ids[i:i + IN_BATCH]})
    return [removed[pk] for pk in ids]


def rows_of_document(conn: Connection, doc_pk: int, kinds: dict[int, str]
                     ) -> list[RelationRow]:
    """A document's relations as plain rows, in the order made (``kinds``: type names)."""
    # One covering index range; the usual status comes back as NULL: fewer strings.
    found = plain_rows(conn.execute(
        select(relations.c.pk, relations.c.head, relations.c.child, relations.c.type,
               func.nullif(relations.c.status, _ACCEPTED))
        .where(relations.c.document == doc_pk).order_by(relations.c.pk)))
    return [RelationRow(pk, head, child, kinds[kind], status or _ACCEPTED)
            for pk, head, child, kind, status in found]


def of_document(conn: Connection, uid: str) -> list[Relation]:
    """A document's relations with their spans, in the order made."""
    head, child = spans.alias("head"), spans.alias("child")
    head_label, child_label = labels.alias("head_label"), labels.alias("child_label")
    head_who, child_who = annotators.alias("head_who"), annotators.alias("child_who")
    query = (
        select(relations.c.pk, relation_types.c.name.label("type"), relations.c.status,
               *_span_columns(head, head_label, head_who, "head_"),
               *_span_columns(child, child_label, child_who, "child_"))
        .select_from(
            _TYPED.join(head, relations.c.head == head.c.pk)
            .join(head_label, head.c.label == head_label.c.pk)
            .join(head_who, head.c.annotator == head_who.c.pk)
            .join(child, relations.c.child == child.c.pk)
            .join(child_label, child.c.label == child_label.c.pk)
            .join(child_who, child.c.annotator == child_who.c.pk)
            .join(documents, relations.c.document == documents.c.pk))
        .where(documents.c.uid == uid).order_by(relations.c.pk))
    return [Relation(_prefixed_span(r, "head_"), _prefixed_span(r, "child_"), r.type,
                     r.pk, Status(r.status)) for r in conn.execute(query)]


def _span_columns(table: Any, label: Any, who: Any, prefix: str) -> list[Any]:
    return [table.c.pk.label(prefix + "pk"), table.c.start.label(prefix + "start"),
            table.c.end.label(prefix + "end"), label.c.name.label(prefix + "label"),
            who.c.name.label(prefix + "annotator"), table.c.origin.label(prefix + "origin"),
            table.c.status.label(prefix + "status")]


def _prefixed_span(row: Any, prefix: str) -> Span:
    get = row._mapping
    return Span(get[prefix + "start"], get[prefix + "end"], get[prefix + "label"],
                get[prefix + "annotator"], get[prefix + "pk"], Origin(get[prefix + "origin"]),
                Status(get[prefix + "status"]))
