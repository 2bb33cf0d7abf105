"""Bulk reads over the whole corpus: exports, agreement, review and statistics.

Each reads what it needs as streams or plain rows, so memory stays flat and no
query is repeated per document.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import chain
from typing import TYPE_CHECKING, Any

from sqlalchemy import ColumnElement, Connection, and_, func, or_, select, true

from annotator.core.model import (
    DocState,
    Document,
    RelationBounds,
    Span,
    SpanBounds,
    Status,
)
from annotator.store.packed import integer_table, key_ranges
from annotator.store.review_counts import review_counts
from annotator.store.rows import IN_BATCH, plain_rows, to_document, to_span
from annotator.store.schema import (
    annotators,
    document_states,
    documents,
    labels,
    relation_types,
    relations,
    spans,
)

if TYPE_CHECKING:
    import numpy as np

    from annotator.store.search.manager import Query
    from annotator.store.store import Store


@dataclass(frozen=True, slots=True)
class AgreementDocuments:
    """The documents agreement reads (:meth:`Reads.agreement_documents`), as plain rows.

    Documents and annotators are named by their keys in the store: integers
    that mean nothing outside this read."""

    documents: list[tuple[int, str, str, int]]
    """(key, id, title, length) of every document one of the annotators touched,
    in import order (ascending key)."""
    touched: list[tuple[int, int]]
    """(document key, annotator key): a span in any status, or a state such as done."""
    annotators: dict[int, str]
    """Annotator key -> name, of those asked for that exist."""


_DOC_RANGE = 2048  # documents whose spans agreement reads in one batch
_RELATION_RANGE = 1 << 18  # relations (by key) it reads in one batch


class Reads:
    #: Bulk integer reads packed as text by the database (None: on SQLite); see
    #: :mod:`.packed`. False reads rows as other databases do.
    packed: bool | None = None

    def __init__(self, store: Store) -> None:
        self._store = store

    def _in(self, column: Any, where: Query | None) -> ColumnElement[bool]:
        """``column`` (a document key) is one of the documents a search query selects."""
        return true() if where is None or where.everything \
            else column.in_(self._store.search.keys(where))

    def iter_annotated(self, annotator_names: Sequence[str] | None = None,
                       where: Query | None = None, *, status: Status = Status.ACCEPTED
                       ) -> Iterator[tuple[Document, str, list[SpanBounds],
                                           list[RelationBounds]]]:
        """Every (document, annotator) with accepted spans, in import order then annotator
        name, spans sorted by (start, end, label); only in the documents ``where`` selects
        (a compiled search query). Suggestions and rejected spans are not
        training data and stay out; ``status=Status.SUGGESTED`` reads the suggestions
        instead (a suggestion set, on purpose). Relations come with them when they have
        the same status and both their ends are among the spans read. Spans come as
        light tuples: exports read 100,000s.

        Documents, spans and relations are read as three streams ordered by document
        and merged here, so memory stays flat and no query is repeated per batch."""
        accepted = spans.c.status == Status(status).value
        with self._store.connect() as conn:
            label_names = dict(conn.execute(select(labels.c.pk, labels.c.name)).all())
            names = dict(conn.execute(select(annotators.c.pk, annotators.c.name)).all())
            chosen = accepted
            if annotator_names:
                wanted = set(annotator_names)
                chosen = and_(accepted, spans.c.annotator.in_(
                    [pk for pk, name in names.items() if name in wanted]))
            chosen = and_(chosen, self._in(spans.c.document, where))
            docs = conn.execute(
                select(documents).where(
                    select(spans.c.pk).where(spans.c.document == documents.c.pk, chosen)
                    .exists())
                .order_by(documents.c.pk)).yield_per(200)
            span_rows = _Peekable(conn.execute(
                select(spans.c.document, spans.c.annotator, spans.c.pk, spans.c.start,
                       spans.c.end, spans.c.label, spans.c.score).where(chosen)
                .order_by(spans.c.document, spans.c.annotator)).yield_per(5000).partitions())
            kinds = dict(conn.execute(select(relation_types.c.pk, relation_types.c.name)).all())
            relation_rows = _Peekable(conn.execute(
                select(relations.c.document, relations.c.head, relations.c.child,
                       relations.c.type)
                .where(relations.c.status == Status(status).value,
                       self._in(relations.c.document, where))
                .order_by(relations.c.document)).yield_per(1000).partitions())
            for row in docs:
                links = list(relation_rows.take_while(row.pk))
                by_annotator: dict[int, list[SpanBounds]] = {}
                by_pk: dict[int, tuple[int, SpanBounds]] = {}
                for _, ann, pk, start, end, label, score in span_rows.take_while(row.pk):
                    bounds = SpanBounds(start, end, label_names[label], score)
                    by_annotator.setdefault(ann, []).append(bounds)
                    if links:  # span keys are needed only to resolve relations
                        by_pk[pk] = (ann, bounds)
                rels: dict[int, list[RelationBounds]] = {}
                for _, head, child, kind in links:
                    if head in by_pk and child in by_pk:  # both ends accepted and chosen
                        ann, head_bounds = by_pk[head]
                        rels.setdefault(ann, []).append(
                            RelationBounds(head_bounds, by_pk[child][1], kinds[kind]))
                doc = to_document(row)
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
        with self._store.connect() as conn:
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
                    yield to_document(row), by_doc[row.pk], who[row.pk]

    def span_count(self, where: Query | None = None) -> int:
        """Spans in the store, or in the documents a search query selects."""
        with self._store.connect() as conn:
            return conn.execute(select(func.count()).select_from(spans)
                                .where(self._in(spans.c.document, where))).scalar() or 0

    def spans_per_annotator(self) -> dict[str, int]:
        """How many spans each annotator has (0 for none), in one scan of the spans."""
        with self._store.connect() as conn:
            counts = dict(conn.execute(select(spans.c.annotator, func.count())
                                       .group_by(spans.c.annotator)).all())
            return {name: counts.get(pk, 0) for pk, name in
                    conn.execute(select(annotators.c.pk, annotators.c.name)
                                 .order_by(annotators.c.name))}

    def annotators_with_spans(self) -> set[str]:
        """Who has at least one span: a look per annotator, not a count of them all."""
        with self._store.connect() as conn:
            has = select(spans.c.pk).where(spans.c.annotator == annotators.c.pk).exists()
            return set(conn.execute(select(annotators.c.name).where(has)).scalars())

    def stats(self, where: Query | None = None) -> dict[str, object]:
        """Documents, spans per label and annotator, documents done: of the whole store,
        or of the documents a search query selects."""
        in_spans = self._in(spans.c.document, where)
        with self._store.connect() as conn:
            n_docs = conn.execute(select(func.count()).select_from(documents)
                                  .where(self._in(documents.c.pk, where))).scalar()
            per_label = dict(conn.execute(
                select(labels.c.name, func.count(spans.c.pk))
                .select_from(labels.outerjoin(spans, and_(spans.c.label == labels.c.pk,
                                                          in_spans)))
                .group_by(labels.c.name).order_by(labels.c.name)).all())
            per_annotator = dict(conn.execute(
                select(annotators.c.name, func.count(spans.c.pk))
                .select_from(annotators.outerjoin(spans, and_(
                    spans.c.annotator == annotators.c.pk, in_spans)))
                .group_by(annotators.c.name).order_by(annotators.c.name)).all())
            done = dict(conn.execute(
                select(annotators.c.name, func.count(document_states.c.document))
                .select_from(annotators.outerjoin(document_states, and_(
                    document_states.c.annotator == annotators.c.pk,
                    document_states.c.state == DocState.DONE.value,
                    self._in(document_states.c.document, where))))
                .group_by(annotators.c.name).order_by(annotators.c.name)).all())
            n_spans = conn.execute(select(func.count()).select_from(spans)
                                   .where(in_spans)).scalar()
        return {"documents": n_docs, "spans": n_spans, "spans_per_label": per_label,
                "spans_per_annotator": per_annotator, "documents_done": done}

    # ---- agreement: bulk reads for the metrics

    def agreement_documents(self, annotator_names: Sequence[str]) -> AgreementDocuments:
        """The documents of :meth:`iter_touched`, and who touched each, as plain rows
        (no text: see :meth:`iter_texts`; spans: :meth:`agreement_spans`)."""
        with self._store.connect() as conn:
            named = dict(conn.execute(select(annotators.c.pk, annotators.c.name)
                                      .where(annotators.c.name.in_(list(annotator_names))))
                         .all())
            if not named:
                return AgreementDocuments([], [], {})
            keys = list(named)
            touched = set(plain_rows(conn.execute(
                select(spans.c.document, spans.c.annotator).distinct()
                .where(spans.c.annotator.in_(keys)))))
            touched.update(plain_rows(conn.execute(
                select(document_states.c.document, document_states.c.annotator)
                .where(document_states.c.annotator.in_(keys)))))
            wanted = sorted({doc for doc, _ in touched})
            docs: list[tuple[int, str, str, int]] = []
            for i in range(0, len(wanted), IN_BATCH):
                docs += plain_rows(conn.execute(
                    select(documents.c.pk, documents.c.uid, documents.c.title,
                           documents.c.length)
                    .where(documents.c.pk.in_(wanted[i:i + IN_BATCH]))
                    .order_by(documents.c.pk)))
        return AgreementDocuments(docs, sorted(touched), named)

    def agreement_spans(self, annotator_keys: Sequence[int], *,
                        suggested: Sequence[int] = (), min_score: float = 0.5
                        ) -> tuple[np.ndarray, dict[int, str]]:
        """(document key, annotator key, start, end, label key) of every accepted span
        of these annotators (keys from :meth:`agreement_documents`), and of every
        suggestion scoring at least ``min_score`` (or unscored) of those in
        ``suggested`` (models), as an ``(n, 5)`` array in no particular order (see
        :mod:`.packed`), and the label names by key."""
        counted = spans.c.status == Status.ACCEPTED.value
        if suggested:
            counted = or_(counted, and_(spans.c.status == Status.SUGGESTED.value,
                                        spans.c.annotator.in_(list(suggested)),
                                        or_(spans.c.score.is_(None),
                                            spans.c.score >= min_score)))
        query = (select(spans.c.document, spans.c.annotator, spans.c.start, spans.c.end,
                        spans.c.label)
                 .where(spans.c.annotator.in_(list(annotator_keys)), counted))
        with self._store.connect() as conn:
            low, high = conn.execute(select(func.min(documents.c.pk),
                                            func.max(documents.c.pk))).one()
            # A range of documents at a time, through the index that starts with them.
            found = integer_table(conn, (query.where(spans.c.document.between(first, last))
                                         for first, last in key_ranges(low, high, _DOC_RANGE)),
                                  5, packed=self.packed)
            return found, dict(conn.execute(select(labels.c.pk, labels.c.name)).all())

    def agreement_relations(self, annotator_keys: Sequence[int]
                            ) -> tuple[np.ndarray, dict[int, str]]:
        """(document key, annotator key, type key, head start, head end, head label
        key, child start, child end, child label key) of every accepted relation of
        these annotators whose ends are accepted spans, as an ``(n, 9)`` array in no
        particular order (see :mod:`.packed`), and the relation types' names by key."""
        head, child = spans.alias("head"), spans.alias("child")
        accepted = Status.ACCEPTED.value
        query = (select(head.c.document, head.c.annotator, relations.c.type, head.c.start,
                        head.c.end, head.c.label, child.c.start, child.c.end, child.c.label)
                 .select_from(relations.join(head, relations.c.head == head.c.pk)
                              .join(child, relations.c.child == child.c.pk))
                 .where(head.c.annotator.in_(list(annotator_keys)),
                        relations.c.status == accepted, head.c.status == accepted,
                        child.c.status == accepted))
        with self._store.connect() as conn:
            low, high = conn.execute(select(func.min(relations.c.pk),
                                            func.max(relations.c.pk))).one()
            # A range of relations at a time: walking them in order keeps the plan.
            found = integer_table(conn, (query.where(relations.c.pk.between(first, last))
                                         for first, last in key_ranges(low, high,
                                                                       _RELATION_RANGE)),
                                  9, packed=self.packed)
            return found, dict(conn.execute(
                select(relation_types.c.pk, relation_types.c.name)).all())

    def iter_texts(self, keys: Sequence[int]) -> Iterator[str]:
        """The texts of the documents with these keys (from :meth:`agreement_documents`),
        in the order given, read a batch at a time."""
        with self._store.connect() as conn:
            for i in range(0, len(keys), IN_BATCH):
                chunk = keys[i:i + IN_BATCH]
                text_of = dict(plain_rows(conn.execute(
                    select(documents.c.pk, documents.c.text)
                    .where(documents.c.pk.in_(chunk)))))
                for key in chunk:
                    yield text_of[key]

    def annotated_uids(self, annotator_names: Sequence[str] | None = None,
                       where: Query | None = None) -> list[str]:
        """Ids of documents with accepted spans (by these annotators, in the documents a
        search query selects), sorted: the same on any machine."""
        query = (select(documents.c.uid).distinct()
                 .select_from(documents.join(spans, spans.c.document == documents.c.pk)
                              .join(annotators, spans.c.annotator == annotators.c.pk))
                 .where(spans.c.status == Status.ACCEPTED.value,
                        self._in(documents.c.pk, where))
                 .order_by(documents.c.uid))
        if annotator_names:
            query = query.where(annotators.c.name.in_(list(annotator_names)))
        with self._store.connect() as conn:
            return list(conn.execute(query).scalars())

    def documents_with_relations(self, annotator_names: Sequence[str]) -> set[str]:
        """Ids of the documents where one of these annotators has a relation."""
        with self._store.connect() as conn:
            return set(conn.execute(
                select(documents.c.uid).distinct()
                .select_from(relations.join(spans, relations.c.head == spans.c.pk)
                             .join(documents, spans.c.document == documents.c.pk)
                             .join(annotators, spans.c.annotator == annotators.c.pk))
                .where(annotators.c.name.in_(list(annotator_names)))).scalars())

    def review_counts(self, annotator_names: Sequence[str], reviewer: str, *,
                      with_relations: bool = False) -> dict[str, tuple[int, int]]:
        """Review progress per document, counted by the database (see
        :mod:`.review_counts`): document id -> (candidates decided, candidates)."""
        with self._store.connect() as conn:
            return review_counts(conn, annotator_names, reviewer,
                                 with_relations=with_relations)

    def iter_document_spans(self, annotator_names: Sequence[str]
                            ) -> Iterator[tuple[str, list[Span]]]:
        """(document id, every span of these annotators in any status), for each document
        where they have one, in import order: one streamed query for a whole corpus."""
        query = (select(documents.c.uid, spans.c.pk, spans.c.start, spans.c.end,
                        labels.c.name.label("label"), annotators.c.name.label("annotator"),
                        spans.c.origin, spans.c.status, spans.c.score)
                 .select_from(spans.join(documents, spans.c.document == documents.c.pk)
                              .join(labels, spans.c.label == labels.c.pk)
                              .join(annotators, spans.c.annotator == annotators.c.pk))
                 .where(annotators.c.name.in_(list(annotator_names)))
                 .order_by(documents.c.pk, spans.c.start, spans.c.end))
        with self._store.connect() as conn:
            uid: str | None = None
            found: list[Span] = []
            for row in conn.execute(query).yield_per(2000):
                if row.uid != uid:
                    if uid is not None:
                        yield uid, found
                    uid, found = row.uid, []
                found.append(to_span(row))
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
