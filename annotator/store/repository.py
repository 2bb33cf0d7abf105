"""The store's operations, in the domain's terms. Every write is one short transaction."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from itertools import chain

from sqlalchemy import Connection, Engine, and_, delete, func, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import CursorResult
from sqlalchemy.exc import IntegrityError

from annotator.core.errors import DuplicateSpan, InvalidSpan, StoreError, UnknownLabel
from annotator.core.model import (
    DEFAULT_LABELS,
    AnnotatorKind,
    DocState,
    Document,
    Label,
    Origin,
    Relation,
    RelationBounds,
    Span,
    SpanBounds,
    Status,
)
from annotator.store.schema import (
    annotators,
    document_states,
    documents,
    labels,
    relations,
    spans,
)


@dataclass(frozen=True, slots=True)
class DocumentRow:
    """What a document list shows: no text."""

    uid: str
    title: str
    length: int
    state: DocState
    span_count: int


@dataclass(frozen=True, slots=True)
class AgreementDocuments:
    """The documents agreement reads (:meth:`Store.agreement_documents`), as plain rows.

    Documents and annotators are named by their keys in the store: integers
    that mean nothing outside this read."""

    documents: list[tuple[int, str, str, int]]
    """(key, id, title, length) of every document one of the annotators touched,
    in import order (ascending key)."""
    touched: list[tuple[int, int]]
    """(document key, annotator key): a span in any status, or a state such as done."""
    annotators: dict[int, str]
    """Annotator key -> name, of those asked for that exist."""


#: Keys per ``IN (...)`` list: well under the bound parameters SQLite allows.
_IN_BATCH = 900


def _plain_rows(result: CursorResult) -> list[tuple]:  # type: ignore[type-arg]
    """All rows as the driver's own tuples, for bulk reads of columns that need no
    conversion (integers): building SQLAlchemy Row objects doubles the cost."""
    try:
        cursor = result.cursor
        return cursor.fetchall() if cursor is not None else []
    finally:
        result.close()


def _insert_ignoring_conflicts(conn: Connection, table):  # type: ignore[no-untyped-def]
    """INSERT ... ON CONFLICT DO NOTHING for the connection's dialect."""
    if conn.dialect.name == "postgresql":
        return postgresql.insert(table).on_conflict_do_nothing()
    return sqlite.insert(table).on_conflict_do_nothing()


class Store:
    def __init__(self, engine: Engine, location: str) -> None:
        self.engine = engine
        self.location = location
        # Keys cached per thread: a background import may create a label in a
        # transaction it later rolls back, which no other thread must have seen.
        self._keys = threading.local()
        self._label_generation = 0
        with self.engine.begin() as conn:
            if conn.execute(select(func.count()).select_from(labels)).scalar() == 0:
                for position, label in enumerate(DEFAULT_LABELS):
                    conn.execute(labels.insert().values(
                        name=label.name, color=label.color, key=label.key,
                        guideline=label.guideline, archived=False, position=position))

    @property
    def _label_pk(self) -> dict[str, int]:
        # A rename or delete in any thread bumps the generation and empties every cache.
        if getattr(self._keys, "generation", None) != self._label_generation:
            self._keys.labels = {}
            self._keys.generation = self._label_generation
        return self._keys.labels

    def _labels_changed(self) -> None:
        self._label_generation += 1

    @property
    def _annotator_pk(self) -> dict[str, int]:
        if not hasattr(self._keys, "annotators"):
            self._keys.annotators = {}
        return self._keys.annotators

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        """One transaction; rolled back whole if the block raises."""
        with self.engine.begin() as conn:
            yield conn
        # pk caches may hold rows the rollback removed; they are re-read on demand.

    def forget_cached_keys(self) -> None:
        """After a rollback: cached label and annotator keys may name rows that are gone."""
        self._keys.__dict__.clear()

    # ---------------------------------------------------------------- labels

    def labels(self, *, include_archived: bool = False) -> list[Label]:
        query = select(labels).order_by(labels.c.position, labels.c.pk)
        if not include_archived:
            query = query.where(labels.c.archived.is_(False))
        with self.engine.connect() as conn:
            return [Label(r.name, r.color, r.key, r.guideline, bool(r.archived))
                    for r in conn.execute(query)]

    def label_pk(self, conn: Connection, name: str, *, create: bool = False) -> int:
        pk = self._label_pk.get(name)
        if pk is not None:
            return pk
        pk = conn.execute(select(labels.c.pk).where(labels.c.name == name)).scalar()
        if pk is None:
            if not create:
                raise UnknownLabel(f"unknown label {name!r}")
            position = conn.execute(select(func.count()).select_from(labels)).scalar()
            pk = conn.execute(labels.insert().values(
                name=name, color=_fallback_colour(name), key=None, guideline="",
                archived=False, position=position)).inserted_primary_key[0]
        self._label_pk[name] = pk
        return pk

    def add_label(self, label: Label) -> Label:
        name = label.name.strip()
        if not name:
            raise StoreError("a label needs a name")
        with self.transaction() as conn:
            if conn.execute(select(labels.c.pk).where(labels.c.name == name)).first():
                raise StoreError(f"label {name!r} exists already")
            self._release_key(conn, label.key)
            position = conn.execute(select(func.count()).select_from(labels)).scalar()
            conn.execute(labels.insert().values(
                name=name, color=label.color, key=label.key, guideline=label.guideline,
                archived=label.archived, position=position))
        return replace(label, name=name)

    def update_label(self, name: str, *, new_name: str | None = None, color: str | None = None,
                     key: str | type[...] | None = ..., guideline: str | None = None,
                     archived: bool | None = None) -> Label:
        """Change a label's attributes. A key taken by another label moves to this one."""
        values: dict[str, object] = {}
        if new_name is not None and new_name.strip() != name:
            values["name"] = new_name.strip()
            if not values["name"]:
                raise StoreError("a label needs a name")
        if color is not None:
            values["color"] = color
        if key is not ...:
            values["key"] = key
        if guideline is not None:
            values["guideline"] = guideline
        if archived is not None:
            values["archived"] = archived
        with self.transaction() as conn:
            pk = conn.execute(select(labels.c.pk).where(labels.c.name == name)).scalar()
            if pk is None:
                raise UnknownLabel(f"unknown label {name!r}")
            if "name" in values and conn.execute(
                    select(labels.c.pk).where(labels.c.name == values["name"])).first():
                raise StoreError(f"label {values['name']!r} exists already")
            if values.get("key"):
                self._release_key(conn, values["key"], keep=pk)  # type: ignore[arg-type]
            if values:
                conn.execute(update(labels).where(labels.c.pk == pk).values(**values))
            row = conn.execute(select(labels).where(labels.c.pk == pk)).one()
        self._labels_changed()
        return Label(row.name, row.color, row.key, row.guideline, bool(row.archived))

    def _release_key(self, conn: Connection, key: str | None, keep: int | None = None) -> None:
        if key:
            conn.execute(update(labels).where(labels.c.key == key, labels.c.pk != (keep or -1))
                         .values(key=None))

    def delete_label(self, name: str) -> None:
        """Delete a label that no span uses; labels in use can only be archived."""
        with self.transaction() as conn:
            pk = conn.execute(select(labels.c.pk).where(labels.c.name == name)).scalar()
            if pk is None:
                raise UnknownLabel(f"unknown label {name!r}")
            used = conn.execute(select(func.count()).select_from(spans)
                                .where(spans.c.label == pk)).scalar()
            if used:
                raise StoreError(f"label {name!r} is used by {used} spans; archive it instead")
            conn.execute(delete(labels).where(labels.c.pk == pk))
        self._labels_changed()

    def label_usage(self) -> dict[str, int]:
        query = (select(labels.c.name, func.count(spans.c.pk))
                 .select_from(labels.outerjoin(spans, spans.c.label == labels.c.pk))
                 .group_by(labels.c.name))
        with self.engine.connect() as conn:
            return {name: count for name, count in conn.execute(query)}

    # ------------------------------------------------------------ annotators

    def annotator_pk(self, conn: Connection, name: str, *,
                     kind: AnnotatorKind = AnnotatorKind.HUMAN) -> int:
        """The annotator's key, creating the annotator on first use."""
        pk = self._annotator_pk.get(name)
        if pk is not None:
            return pk
        pk = conn.execute(select(annotators.c.pk).where(annotators.c.name == name)).scalar()
        if pk is None:
            pk = conn.execute(annotators.insert().values(name=name, kind=kind.value)
                              ).inserted_primary_key[0]
        self._annotator_pk[name] = pk
        return pk

    def ensure_annotator(self, name: str, kind: AnnotatorKind = AnnotatorKind.HUMAN) -> None:
        if not name.strip():
            raise StoreError("an annotator needs a name")
        with self.transaction() as conn:
            self.annotator_pk(conn, name, kind=kind)

    def annotators(self) -> list[tuple[str, AnnotatorKind]]:
        with self.engine.connect() as conn:
            return [(r.name, AnnotatorKind(r.kind)) for r in
                    conn.execute(select(annotators).order_by(annotators.c.name))]

    # ------------------------------------------------------------- documents

    def add_document(self, document: Document) -> bool:
        """Store a document; False when the same text was already there."""
        with self.transaction() as conn:
            return self.insert_documents(conn, [document])[document.id][1]

    def insert_documents(self, conn: Connection,
                         docs: Sequence[Document]) -> dict[str, tuple[int, bool]]:
        """Insert new documents in bulk: uid -> (pk, newly inserted)."""
        uids = list({d.id: None for d in docs})
        existing = self._document_pks(conn, uids)
        now = time.time()
        fresh = [d for d in {d.id: d for d in docs}.values() if d.id not in existing]
        if fresh:
            conn.execute(documents.insert(), [
                {"uid": d.id, "title": d.title, "source": d.source,
                 "meta": json.dumps(d.meta, ensure_ascii=False, sort_keys=True),
                 "text": d.text, "length": len(d.text), "created_at": now}
                for d in fresh])
            created = self._document_pks(conn, [d.id for d in fresh])
        else:
            created = {}
        result = {uid: (pk, False) for uid, pk in existing.items()}
        result.update({uid: (pk, True) for uid, pk in created.items()})
        return result

    def _document_pks(self, conn: Connection, uids: Sequence[str]) -> dict[str, int]:
        found: dict[str, int] = {}
        for i in range(0, len(uids), 500):
            chunk = uids[i:i + 500]
            found.update(conn.execute(
                select(documents.c.uid, documents.c.pk).where(documents.c.uid.in_(chunk))).all())
        return found

    def document(self, uid: str) -> Document:
        with self.engine.connect() as conn:
            row = conn.execute(select(documents).where(documents.c.uid == uid)).first()
        if row is None:
            raise StoreError(f"no document {uid}")
        return _document(row)

    def has_document(self, uid: str) -> bool:
        with self.engine.connect() as conn:
            return conn.execute(select(documents.c.pk).where(documents.c.uid == uid)).first() \
                is not None

    def document_count(self, filter_text: str = "") -> int:
        query = select(func.count()).select_from(documents)
        if filter_text:
            query = query.where(_matches(filter_text))
        with self.engine.connect() as conn:
            return conn.execute(query).scalar() or 0

    def document_rows(self, annotator: str, offset: int = 0, limit: int = 200,
                      filter_text: str = "") -> list[DocumentRow]:
        """One page of the document list, in import order, for one annotator."""
        with self.engine.connect() as conn:
            apk = conn.execute(select(annotators.c.pk).where(annotators.c.name == annotator)
                               ).scalar() or -1
            page = (select(documents.c.pk, documents.c.uid, documents.c.title,
                           documents.c.length)
                    .order_by(documents.c.pk).offset(offset).limit(limit))
            if filter_text:
                page = page.where(_matches(filter_text))
            page = page.subquery()
            count = (select(func.count()).select_from(spans)
                     .where(spans.c.document == page.c.pk, spans.c.annotator == apk)
                     .scalar_subquery())
            state = (select(document_states.c.state)
                     .where(document_states.c.document == page.c.pk,
                            document_states.c.annotator == apk).scalar_subquery())
            query = select(page.c.uid, page.c.title, page.c.length, state, count) \
                .order_by(page.c.pk)
            return [DocumentRow(uid, title, length, DocState(st or DocState.TODO.value), n)
                    for uid, title, length, st, n in conn.execute(query)]

    def document_index(self, uid: str, filter_text: str = "") -> int | None:
        """The row of a document in the (filtered) list, or None if it is not in it."""
        with self.engine.connect() as conn:
            pk = conn.execute(select(documents.c.pk).where(documents.c.uid == uid)).scalar()
            if pk is None:
                return None
            query = select(func.count()).select_from(documents).where(documents.c.pk < pk)
            if filter_text:
                query = query.where(_matches(filter_text))
                if not conn.execute(select(documents.c.pk).where(
                        documents.c.pk == pk, _matches(filter_text))).first():
                    return None
            return conn.execute(query).scalar()

    def document_uids(self) -> list[str]:
        with self.engine.connect() as conn:
            return list(conn.execute(select(documents.c.uid).order_by(documents.c.pk)).scalars())

    # ----------------------------------------------------------------- spans

    def spans(self, uid: str, annotators_: Iterable[str] | None = None) -> list[Span]:
        """A document's spans, ordered by (start, end, label, annotator)."""
        query = (select(spans.c.pk, spans.c.start, spans.c.end, labels.c.name.label("label"),
                        annotators.c.name.label("annotator"), spans.c.origin, spans.c.status)
                 .select_from(spans.join(documents, spans.c.document == documents.c.pk)
                              .join(labels, spans.c.label == labels.c.pk)
                              .join(annotators, spans.c.annotator == annotators.c.pk))
                 .where(documents.c.uid == uid)
                 .order_by(spans.c.start, spans.c.end, labels.c.name, annotators.c.name))
        if annotators_ is not None:
            query = query.where(annotators.c.name.in_(list(annotators_)))
        with self.engine.connect() as conn:
            return [_span(r) for r in conn.execute(query)]

    def span(self, span_id: int) -> Span:
        with self.engine.connect() as conn:
            return self._span_by_pk(conn, span_id)

    def _span_by_pk(self, conn: Connection, span_id: int) -> Span:
        row = conn.execute(
            select(spans.c.pk, spans.c.start, spans.c.end, labels.c.name.label("label"),
                   annotators.c.name.label("annotator"), spans.c.origin, spans.c.status)
            .select_from(spans.join(labels, spans.c.label == labels.c.pk)
                         .join(annotators, spans.c.annotator == annotators.c.pk))
            .where(spans.c.pk == span_id)).first()
        if row is None:
            raise InvalidSpan(f"no span with id {span_id}")
        return _span(row)

    def _document_of_span(self, conn: Connection, span_id: int) -> tuple[int, int]:
        row = conn.execute(select(documents.c.pk, documents.c.length)
                           .select_from(spans.join(documents, spans.c.document == documents.c.pk))
                           .where(spans.c.pk == span_id)).first()
        if row is None:
            raise InvalidSpan(f"no span with id {span_id}")
        return row.pk, row.length

    def add_span(self, uid: str, span: Span) -> Span:
        """Add one span; returns it with its id. Refuses bad offsets and exact duplicates."""
        with self.transaction() as conn:
            row = conn.execute(select(documents.c.pk, documents.c.length)
                               .where(documents.c.uid == uid)).first()
            if row is None:
                raise StoreError(f"no document {uid}")
            _check_offsets(span.start, span.end, row.length)
            if not span.annotator:
                raise InvalidSpan("a span needs an annotator")
            label_pk = self.label_pk(conn, span.label)
            annotator_pk = self.annotator_pk(conn, span.annotator)
            try:
                with conn.begin_nested():
                    pk = conn.execute(spans.insert().values(
                        document=row.pk, annotator=annotator_pk, label=label_pk,
                        start=span.start, end=span.end, origin=Origin(span.origin).value,
                        status=Status(span.status).value, created_at=time.time())
                    ).inserted_primary_key[0]
            except IntegrityError:
                raise DuplicateSpan(
                    f"{span.label} [{span.start}, {span.end}) by {span.annotator} "
                    "exists already") from None
            self._mark_started(conn, row.pk, annotator_pk)
        return replace(span, id=pk)

    def delete_span(self, span_id: int) -> Span:
        """Delete a span (and its relations); returns what was deleted, for undo."""
        with self.transaction() as conn:
            span = self._span_by_pk(conn, span_id)
            conn.execute(delete(relations).where(
                or_(relations.c.head == span_id, relations.c.child == span_id)))
            conn.execute(delete(spans).where(spans.c.pk == span_id))
        return span

    def update_span(self, span_id: int, *, label: str | None = None, start: int | None = None,
                    end: int | None = None) -> tuple[Span, Span]:
        """Relabel or resize a span in place; returns (before, after), for undo."""
        with self.transaction() as conn:
            before = self._span_by_pk(conn, span_id)
            _, length = self._document_of_span(conn, span_id)
            after = replace(before,
                            label=before.label if label is None else label,
                            start=before.start if start is None else start,
                            end=before.end if end is None else end)
            _check_offsets(after.start, after.end, length)
            values = {"start": after.start, "end": after.end,
                      "label": self.label_pk(conn, after.label)}
            try:
                with conn.begin_nested():
                    conn.execute(update(spans).where(spans.c.pk == span_id).values(**values))
            except IntegrityError:
                raise DuplicateSpan(
                    f"{after.label} [{after.start}, {after.end}) by {after.annotator} "
                    "exists already") from None
        return before, after

    def insert_spans(self, conn: Connection, rows: list[dict[str, object]]) -> None:
        """Bulk insert of already validated span rows; exact duplicates are ignored."""
        if rows:
            conn.execute(_insert_ignoring_conflicts(conn, spans), rows)

    def span_pks(self, conn: Connection, document_pk: int,
                 annotator_pk: int) -> dict[tuple[int, int, int], int]:
        """(start, end, label pk) -> span pk for one annotator's spans in a document."""
        return {(r.start, r.end, r.label): r.pk for r in conn.execute(
            select(spans.c.pk, spans.c.start, spans.c.end, spans.c.label)
            .where(spans.c.document == document_pk, spans.c.annotator == annotator_pk))}

    # ------------------------------------------------------------- relations

    def insert_relations(self, conn: Connection, rows: list[dict[str, object]]) -> None:
        if rows:
            conn.execute(_insert_ignoring_conflicts(conn, relations), rows)

    def add_relation(self, head_id: int, child_id: int, label: str) -> Relation:
        with self.transaction() as conn:
            head = self._span_by_pk(conn, head_id)
            child = self._span_by_pk(conn, child_id)
            if self._document_of_span(conn, head_id)[0] != \
                    self._document_of_span(conn, child_id)[0]:
                raise InvalidSpan("a relation links spans of one document")
            pk = conn.execute(relations.insert().values(head=head_id, child=child_id,
                                                        label=label)).inserted_primary_key[0]
        return Relation(head, child, label, pk)

    def relations(self, uid: str) -> list[Relation]:
        with self.engine.connect() as conn:
            doc_pk = conn.execute(select(documents.c.pk).where(documents.c.uid == uid)).scalar()
            rows = conn.execute(
                select(relations.c.pk, relations.c.head, relations.c.child, relations.c.label)
                .select_from(relations.join(spans, relations.c.head == spans.c.pk))
                .where(spans.c.document == doc_pk).order_by(relations.c.pk)).all()
            return [Relation(self._span_by_pk(conn, r.head), self._span_by_pk(conn, r.child),
                             r.label, r.pk) for r in rows]

    # ---------------------------------------------------------------- states

    def _mark_started(self, conn: Connection, document_pk: int, annotator_pk: int) -> None:
        conn.execute(_insert_ignoring_conflicts(conn, document_states).values(
            document=document_pk, annotator=annotator_pk, state=DocState.IN_PROGRESS.value,
            position=0, updated_at=time.time()))

    def set_state(self, uid: str, annotator: str, state: DocState,
                  position: int | None = None) -> None:
        with self.transaction() as conn:
            doc_pk = conn.execute(select(documents.c.pk).where(documents.c.uid == uid)).scalar()
            if doc_pk is None:
                raise StoreError(f"no document {uid}")
            apk = self.annotator_pk(conn, annotator)
            values: dict[str, object] = {"state": DocState(state).value, "updated_at": time.time()}
            if position is not None:
                values["position"] = position
            done = conn.execute(update(document_states).where(
                document_states.c.document == doc_pk, document_states.c.annotator == apk)
                .values(**values)).rowcount
            if not done:
                conn.execute(document_states.insert().values(
                    document=doc_pk, annotator=apk, **{"position": 0, **values}))

    def state(self, uid: str, annotator: str) -> tuple[DocState, int]:
        """An annotator's state and reading position in a document."""
        with self.engine.connect() as conn:
            row = conn.execute(
                select(document_states.c.state, document_states.c.position)
                .select_from(document_states
                             .join(documents, document_states.c.document == documents.c.pk)
                             .join(annotators, document_states.c.annotator == annotators.c.pk))
                .where(documents.c.uid == uid, annotators.c.name == annotator)).first()
        return (DocState(row.state), row.position) if row else (DocState.TODO, 0)

    def next_document(self, uid: str | None, annotator: str, *, step: int = 1,
                      undone_only: bool = False) -> str | None:
        """The document after (step 1) or before (step -1) uid; wraps for 'next undone'."""
        with self.engine.connect() as conn:
            apk = conn.execute(select(annotators.c.pk).where(annotators.c.name == annotator)
                               ).scalar() or -1
            pk = conn.execute(select(documents.c.pk).where(documents.c.uid == uid)).scalar() \
                if uid else None
            base = select(documents.c.uid)
            if undone_only:
                done = (select(document_states.c.document)
                        .where(document_states.c.annotator == apk,
                               document_states.c.state == DocState.DONE.value))
                base = base.where(documents.c.pk.not_in(done))
            order = documents.c.pk if step > 0 else documents.c.pk.desc()
            if pk is not None:
                cond = documents.c.pk > pk if step > 0 else documents.c.pk < pk
                found = conn.execute(base.where(cond).order_by(order).limit(1)).scalar()
                if found is not None or not undone_only:
                    return found
                base = base.where(documents.c.pk != pk)
            return conn.execute(base.order_by(order).limit(1)).scalar()

    # ---------------------------------------------------------- export, stats

    def iter_annotated(self, annotator_names: Sequence[str] | None = None
                       ) -> Iterator[tuple[Document, str, list[SpanBounds],
                                           list[RelationBounds]]]:
        """Every (document, annotator) with accepted spans, in import order then annotator
        name, spans sorted by (start, end, label). Suggestions and rejected spans are not
        training data and stay out. Spans come as light tuples: exports read 100,000s.

        Documents, spans and relations are read as three streams ordered by document
        and merged here, so memory stays flat and no query is repeated per batch."""
        accepted = spans.c.status == Status.ACCEPTED.value
        with self.engine.connect() as conn:
            label_names = dict(conn.execute(select(labels.c.pk, labels.c.name)).all())
            names = dict(conn.execute(select(annotators.c.pk, annotators.c.name)).all())
            chosen = accepted
            if annotator_names:
                wanted = set(annotator_names)
                chosen = and_(accepted, spans.c.annotator.in_(
                    [pk for pk, name in names.items() if name in wanted]))
            docs = conn.execute(
                select(documents).where(
                    select(spans.c.pk).where(spans.c.document == documents.c.pk, chosen)
                    .exists())
                .order_by(documents.c.pk)).yield_per(200)
            span_rows = _Peekable(conn.execute(
                select(spans.c.document, spans.c.annotator, spans.c.pk, spans.c.start,
                       spans.c.end, spans.c.label).where(chosen)
                .order_by(spans.c.document, spans.c.annotator)).yield_per(5000).partitions())
            relation_rows = _Peekable(conn.execute(
                select(spans.c.document, relations.c.head, relations.c.child,
                       relations.c.label)
                .select_from(relations.join(spans, relations.c.head == spans.c.pk))
                .order_by(spans.c.document)).yield_per(1000).partitions())
            for row in docs:
                links = list(relation_rows.take_while(row.pk))
                by_annotator: dict[int, list[SpanBounds]] = {}
                by_pk: dict[int, tuple[int, SpanBounds]] = {}
                for _, ann, pk, start, end, label in span_rows.take_while(row.pk):
                    bounds = SpanBounds(start, end, label_names[label])
                    by_annotator.setdefault(ann, []).append(bounds)
                    if links:  # span keys are needed only to resolve relations
                        by_pk[pk] = (ann, bounds)
                rels: dict[int, list[RelationBounds]] = {}
                for _, head, child, label in links:
                    if head in by_pk and child in by_pk:  # both ends accepted and chosen
                        ann, head_bounds = by_pk[head]
                        rels.setdefault(ann, []).append(
                            RelationBounds(head_bounds, by_pk[child][1], label))
                doc = _document(row)
                for ann in sorted(by_annotator, key=names.__getitem__):
                    yield (doc, names[ann], sorted(by_annotator[ann]),
                           sorted(rels.get(ann, [])))

    @staticmethod
    def _touched_documents(conn: Connection, annotator_names: Sequence[str]
                           ) -> tuple[dict[int, str], list[int]]:
        """The annotators' keys -> names, and the documents any of them worked on
        (a span, or a state such as done), in import order."""
        named = dict(conn.execute(select(annotators.c.pk, annotators.c.name)
                                  .where(annotators.c.name.in_(list(annotator_names)))).all())
        if not named:
            return named, []
        pks = list(named)
        return named, sorted(set(conn.execute(
            select(spans.c.document).distinct().where(spans.c.annotator.in_(pks))).scalars())
            | set(conn.execute(select(document_states.c.document)
                               .where(document_states.c.annotator.in_(pks))).scalars()))

    def iter_touched(self, annotator_names: Sequence[str], *, batch: int = 500
                     ) -> Iterator[tuple[Document, dict[str, list[Span]], set[str]]]:
        """Documents any of the annotators worked on (a span, or a state such as done):
        (document, their accepted spans by annotator, who touched it), in import order."""
        with self.engine.connect() as conn:
            named, touched_docs = self._touched_documents(conn, annotator_names)
            if not named:
                return
            pks = list(named)
            label_names = dict(conn.execute(select(labels.c.pk, labels.c.name)).all())
            for i in range(0, len(touched_docs), batch):
                chunk = touched_docs[i:i + batch]
                by_doc: dict[int, dict[str, list[Span]]] = {pk: {} for pk in chunk}
                who: dict[int, set[str]] = {pk: set() for pk in chunk}
                for doc, ann, pk, start, end, label in conn.execute(
                        select(spans.c.document, spans.c.annotator, spans.c.pk, spans.c.start,
                               spans.c.end, spans.c.label)
                        .where(spans.c.document.in_(chunk), spans.c.annotator.in_(pks),
                               spans.c.status == Status.ACCEPTED.value)).all():
                    name = named[ann]
                    by_doc[doc].setdefault(name, []).append(
                        Span(start, end, label_names[label], name, pk))
                    who[doc].add(name)
                for doc, ann in conn.execute(
                        select(document_states.c.document, document_states.c.annotator)
                        .where(document_states.c.document.in_(chunk),
                               document_states.c.annotator.in_(pks))).all():
                    who[doc].add(named[ann])
                for row in conn.execute(select(documents).where(documents.c.pk.in_(chunk))
                                        .order_by(documents.c.pk)).all():
                    yield _document(row), by_doc[row.pk], who[row.pk]

    def progress(self, annotator: str) -> tuple[int, int]:
        """(documents this annotator marked done, all documents): cheap enough per edit."""
        with self.engine.connect() as conn:
            done = conn.execute(
                select(func.count()).select_from(
                    document_states.join(annotators,
                                         document_states.c.annotator == annotators.c.pk))
                .where(annotators.c.name == annotator,
                       document_states.c.state == DocState.DONE.value)).scalar() or 0
            total = conn.execute(select(func.count()).select_from(documents)).scalar() or 0
        return done, total

    def span_count(self) -> int:
        with self.engine.connect() as conn:
            return conn.execute(select(func.count()).select_from(spans)).scalar() or 0

    def stats(self) -> dict[str, object]:
        with self.engine.connect() as conn:
            n_docs = conn.execute(select(func.count()).select_from(documents)).scalar()
            per_label = dict(conn.execute(
                select(labels.c.name, func.count(spans.c.pk))
                .select_from(labels.outerjoin(spans, spans.c.label == labels.c.pk))
                .group_by(labels.c.name).order_by(labels.c.name)).all())
            per_annotator = dict(conn.execute(
                select(annotators.c.name, func.count(spans.c.pk))
                .select_from(annotators.outerjoin(spans, spans.c.annotator == annotators.c.pk))
                .group_by(annotators.c.name).order_by(annotators.c.name)).all())
            done = dict(conn.execute(
                select(annotators.c.name, func.count(document_states.c.document))
                .select_from(annotators.outerjoin(document_states, and_(
                    document_states.c.annotator == annotators.c.pk,
                    document_states.c.state == DocState.DONE.value)))
                .group_by(annotators.c.name).order_by(annotators.c.name)).all())
            n_spans = conn.execute(select(func.count()).select_from(spans)).scalar()
        return {"documents": n_docs, "spans": n_spans, "spans_per_label": per_label,
                "spans_per_annotator": per_annotator, "documents_done": done}

    # ---- agreement: bulk reads for the metrics

    def agreement_documents(self, annotator_names: Sequence[str]) -> AgreementDocuments:
        """The documents of :meth:`iter_touched`, and who touched each, as plain rows
        (no text: see :meth:`iter_texts`; spans: :meth:`agreement_spans`)."""
        with self.engine.connect() as conn:
            named = dict(conn.execute(select(annotators.c.pk, annotators.c.name)
                                      .where(annotators.c.name.in_(list(annotator_names))))
                         .all())
            if not named:
                return AgreementDocuments([], [], {})
            keys = list(named)
            touched = set(_plain_rows(conn.execute(
                select(spans.c.document, spans.c.annotator).distinct()
                .where(spans.c.annotator.in_(keys)))))
            touched.update(_plain_rows(conn.execute(
                select(document_states.c.document, document_states.c.annotator)
                .where(document_states.c.annotator.in_(keys)))))
            wanted = sorted({doc for doc, _ in touched})
            docs: list[tuple[int, str, str, int]] = []
            for i in range(0, len(wanted), _IN_BATCH):
                docs += _plain_rows(conn.execute(
                    select(documents.c.pk, documents.c.uid, documents.c.title,
                           documents.c.length)
                    .where(documents.c.pk.in_(wanted[i:i + _IN_BATCH]))
                    .order_by(documents.c.pk)))
        return AgreementDocuments(docs, sorted(touched), named)

    def agreement_spans(self, annotator_keys: Sequence[int]
                        ) -> tuple[list[tuple[int, int, int, int, int]], dict[int, str]]:
        """(document key, annotator key, start, end, label key) of every accepted span
        of these annotators (keys from :meth:`agreement_documents`), in one scan, and
        the label names by key."""
        with self.engine.connect() as conn:
            found = _plain_rows(conn.execute(
                select(spans.c.document, spans.c.annotator, spans.c.start, spans.c.end,
                       spans.c.label)
                .where(spans.c.annotator.in_(list(annotator_keys)),
                       spans.c.status == Status.ACCEPTED.value)))
            return found, dict(conn.execute(select(labels.c.pk, labels.c.name)).all())

    def iter_texts(self, keys: Sequence[int]) -> Iterator[str]:
        """The texts of the documents with these keys (from :meth:`agreement_documents`),
        in the order given, read a batch at a time."""
        with self.engine.connect() as conn:
            for i in range(0, len(keys), _IN_BATCH):
                chunk = keys[i:i + _IN_BATCH]
                text_of = dict(_plain_rows(conn.execute(
                    select(documents.c.pk, documents.c.text)
                    .where(documents.c.pk.in_(chunk)))))
                for key in chunk:
                    yield text_of[key]

    # ---- interchange

    def annotated_uids(self, annotator_names: Sequence[str] | None = None) -> list[str]:
        """Ids of documents with accepted spans (by these annotators), sorted: the same
        on any machine."""
        query = (select(documents.c.uid).distinct()
                 .select_from(documents.join(spans, spans.c.document == documents.c.pk)
                              .join(annotators, spans.c.annotator == annotators.c.pk))
                 .where(spans.c.status == Status.ACCEPTED.value)
                 .order_by(documents.c.uid))
        if annotator_names:
            query = query.where(annotators.c.name.in_(list(annotator_names)))
        with self.engine.connect() as conn:
            return list(conn.execute(query).scalars())

    # ---- review

    def set_span_status(self, span_id: int, status: Status) -> Span:
        """Change a span's status (a reviewer's accept or reject); returns the span after."""
        with self.transaction() as conn:
            span = self._span_by_pk(conn, span_id)
            conn.execute(update(spans).where(spans.c.pk == span_id)
                         .values(status=Status(status).value))
        return replace(span, status=Status(status))

    def iter_document_spans(self, annotator_names: Sequence[str]
                            ) -> Iterator[tuple[str, list[Span]]]:
        """(document id, every span of these annotators in any status), for each document
        where they have one, in import order: one streamed query for a whole corpus."""
        query = (select(documents.c.uid, spans.c.pk, spans.c.start, spans.c.end,
                        labels.c.name.label("label"), annotators.c.name.label("annotator"),
                        spans.c.origin, spans.c.status)
                 .select_from(spans.join(documents, spans.c.document == documents.c.pk)
                              .join(labels, spans.c.label == labels.c.pk)
                              .join(annotators, spans.c.annotator == annotators.c.pk))
                 .where(annotators.c.name.in_(list(annotator_names)))
                 .order_by(documents.c.pk, spans.c.start, spans.c.end))
        with self.engine.connect() as conn:
            uid: str | None = None
            found: list[Span] = []
            for row in conn.execute(query).yield_per(2000):
                if row.uid != uid:
                    if uid is not None:
                        yield uid, found
                    uid, found = row.uid, []
                found.append(_span(row))
            if uid is not None:
                yield uid, found


class _Peekable:
    """Rows ordered by document, read in partitions: take one document's at a time."""

    def __init__(self, partitions: Iterable) -> None:  # type: ignore[type-arg]
        self._rows = chain.from_iterable(partitions)
        self._next = next(self._rows, None)

    def take_while(self, document: int) -> Iterator:  # type: ignore[type-arg]
        while self._next is not None and self._next[0] <= document:
            row, self._next = self._next, next(self._rows, None)
            if row[0] == document:
                yield row


def _check_offsets(start: int, end: int, length: int) -> None:
    if not (isinstance(start, int) and isinstance(end, int)):
        raise InvalidSpan(f"offsets must be integers, got {start!r}, {end!r}")
    if start < 0 or end > length:
        raise InvalidSpan(f"span [{start}, {end}) lies outside the text (length {length})")
    if start >= end:
        raise InvalidSpan(f"span [{start}, {end}) is empty or reversed (start must be < end)")


def _matches(filter_text: str):  # type: ignore[no-untyped-def]
    pattern = "%" + filter_text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    return or_(documents.c.title.ilike(pattern, escape="\\"),
               documents.c.text.ilike(pattern, escape="\\"))


def _document(row) -> Document:  # type: ignore[no-untyped-def]
    return Document(row.uid, row.text, row.title, row.source, json.loads(row.meta))


def _span(row) -> Span:  # type: ignore[no-untyped-def]
    return Span(row.start, row.end, row.label, row.annotator, row.pk,
                Origin(row.origin), Status(row.status))


_PALETTE = ("#ff7f0e", "#8c564b", "#e377c2", "#17becf", "#bcbd22", "#7f7f7f", "#aec7e8")


def _fallback_colour(name: str) -> str:
    return _PALETTE[sum(name.encode()) % len(_PALETTE)]
