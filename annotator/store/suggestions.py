"""Suggestions: spans with status `suggested` by a model annotator (patterns or a trained
model), stored for many documents at once, and those a person has not yet decided.

A person's decision is a span of their own: accepting makes their accepted span,
rejecting their rejected span, both with the suggestion's origin. The model's own
suggestions are never changed by a decision, so `agree alice model` measures the
model as it was.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from sqlalchemy import Connection, bindparam, delete, func, select, update

from annotator.core.errors import StoreError
from annotator.core.model import AnnotatorKind, DocState, Origin, Span, Status, Suggestion
from annotator.store.annotators import Annotators
from annotator.store.labels import Labels
from annotator.store.rows import IN_BATCH, insert_ignoring_conflicts, plain_rows
from annotator.store.schema import annotators, document_states, documents, labels, spans

if TYPE_CHECKING:
    from annotator.store.store import Store

DOCUMENT_CHOICES = ("todo", "all")


class Suggestions:
    def __init__(self, store: Store) -> None:
        self._store = store

    def document_keys(self, which: str = "todo") -> list[int]:
        """Keys of the documents to suggest for, in import order: all of them, or those
        nobody has marked done ("todo")."""
        if which not in DOCUMENT_CHOICES:
            raise StoreError(f"--documents must be todo or all, not {which!r}")
        query = select(documents.c.pk).order_by(documents.c.pk)
        if which == "todo":
            done = select(document_states.c.document).where(
                document_states.c.state == DocState.DONE.value)
            query = query.where(documents.c.pk.not_in(done))
        with self._store.connect() as conn:
            return list(conn.execute(query).scalars())

    def model_annotator(self, conn: Connection, name: str) -> int:
        """The key of a model annotator, made on first use; a person's name is refused."""
        row = conn.execute(select(annotators.c.pk, annotators.c.kind)
                           .where(annotators.c.name == name)).first()
        if row is not None and row.kind != AnnotatorKind.MODEL.value:
            raise StoreError(f"{name!r} is a {row.kind} annotator; suggestions are stored "
                             "under a model's name (--as NAME)")
        return self._store.annotators.key(conn, name, kind=AnnotatorKind.MODEL)

    def replace(self, annotator: str, origin: Origin,
                found: Sequence[tuple[int, Sequence[Suggestion]]]) -> SuggestCounts:
        """Store one model annotator's suggestions for these documents (by key) in one
        transaction. Its earlier suggestions there that it no longer makes are removed,
        the rest keep their ids and take the new scores: running twice adds nothing.
        Suggestions of labels the store does not have are left out and counted."""
        counts = SuggestCounts()
        with self._store.transaction() as conn:
            apk = self.model_annotator(conn, annotator)
            label_key = {name: pk for pk, name in conn.execute(
                select(labels.c.pk, labels.c.name)).all()}
            doc_keys = [doc for doc, _ in found]
            before: dict[tuple[int, int, int, int], tuple[int, float | None]] = {}
            for i in range(0, len(doc_keys), IN_BATCH):
                for pk, doc, start, end, label, score in plain_rows(conn.execute(
                        select(spans.c.pk, spans.c.document, spans.c.start, spans.c.end,
                               spans.c.label, spans.c.score)
                        .where(spans.c.annotator == apk,
                               spans.c.status == Status.SUGGESTED.value,
                               spans.c.document.in_(doc_keys[i:i + IN_BATCH])))):
                    before[(doc, start, end, label)] = (pk, score)
            now = time.time()
            fresh: list[dict[str, object]] = []
            rescored: list[dict[str, object]] = []
            seen: set[tuple[int, int, int, int]] = set()
            for doc, suggestions in found:
                for s in suggestions:
                    label = label_key.get(s.label)
                    if label is None:
                        counts.unknown_labels.add(s.label)
                        continue
                    key = (doc, s.start, s.end, label)
                    if key in seen:
                        continue
                    seen.add(key)
                    if key in before:
                        pk, score = before[key]
                        counts.kept += 1
                        if score != s.score:
                            rescored.append({"key": pk, "new_score": s.score})
                    else:
                        fresh.append({"document": doc, "annotator": apk, "label": label,
                                      "start": s.start, "end": s.end,
                                      "origin": Origin(origin).value,
                                      "status": Status.SUGGESTED.value, "score": s.score,
                                      "created_at": now})
            gone = [pk for key, (pk, _) in before.items() if key not in seen]
            for i in range(0, len(gone), IN_BATCH):
                conn.execute(delete(spans).where(spans.c.pk.in_(gone[i:i + IN_BATCH])))
            if rescored:
                conn.execute(update(spans).where(spans.c.pk == bindparam("key"))
                             .values(score=bindparam("new_score")), rescored)
            if fresh:
                conn.execute(insert_ignoring_conflicts(conn, spans), fresh)
            counts.added, counts.removed = len(fresh), len(gone)
        return counts

    def for_review(self, uid: str, person: str
                   ) -> tuple[list[Span], set[tuple[int, int, str]]]:
        """A document's stored suggestions (every model annotator's) and the (start, end,
        label) of the spans ``person`` rejected there: what the window needs besides
        the accepted spans it holds already."""
        rows = self._rows(uid, person, accepted_too=False)
        return ([s for s in rows if s.status == Status.SUGGESTED and s.annotator != person],
                {(s.start, s.end, s.label) for s in rows
                 if s.annotator == person and s.status == Status.REJECTED})

    def pending(self, uid: str, person: str) -> list[Span]:
        """The suggestions in a document that ``person`` has not decided: every model
        annotator's suggested spans, less those whose extent and label the person has
        a span of (accepted, or rejected: never suggested again). One per extent and
        label, the best score first; sorted by start."""
        rows = self._rows(uid, person, accepted_too=True)
        decided = {(s.start, s.end, s.label) for s in rows if s.annotator == person}
        return best_of(s for s in rows
                       if s.status == Status.SUGGESTED and s.annotator != person
                       and (s.start, s.end, s.label) not in decided)

    def _rows(self, uid: str, person: str, *, accepted_too: bool) -> list[Span]:
        """Every model annotator's suggestions in a document, and ``person``'s spans
        there (all, or all but the accepted). The document's spans are read from the
        reading index by status alone, before anything is joined: a document with
        100,000 accepted spans costs one short index scan."""
        with self._store.connect() as conn:
            doc_pk = conn.execute(select(documents.c.pk).where(documents.c.uid == uid)
                                  ).scalar()
            if doc_pk is None:
                return []
            kinds = dict(conn.execute(select(annotators.c.pk, annotators.c.kind)).all())
            person_pk = next((pk for pk, name in Annotators.names(conn, [person]).items()),
                             None)
            # Which spans, from the covering index alone (no visit to the table).
            wanted = spans.c.status != Status.ACCEPTED.value
            if accepted_too and person_pk is not None:
                wanted = wanted | (spans.c.annotator == person_pk)
            keys = [pk for (pk,) in plain_rows(conn.execute(
                select(spans.c.pk).where(spans.c.document == doc_pk, wanted)))]
            found = []
            for i in range(0, len(keys), IN_BATCH):
                found += plain_rows(conn.execute(
                    select(spans.c.pk, spans.c.start, spans.c.end, spans.c.label,
                           spans.c.annotator, spans.c.origin, spans.c.status, spans.c.score)
                    .where(spans.c.pk.in_(keys[i:i + IN_BATCH]))))
            if not found:
                return []
            label = Labels.names(conn)
            who = Annotators.names(conn)
        model = AnnotatorKind.MODEL.value
        return [Span(start, end, label[lk], who[ak], pk, Origin(origin), Status(status), score)
                for pk, start, end, lk, ak, origin, status, score in found
                if ak == person_pk or (kinds[ak] == model and status == Status.SUGGESTED.value)]

    def most_needed(self, person: str, threshold: float, *,
                    after: str | None = None) -> str | None:
        """The document ``person`` has not marked done whose undecided model suggestions
        score nearest the threshold (the model is least sure there), other than
        ``after``; None when no such document has scored suggestions."""
        person_pk = select(annotators.c.pk).where(annotators.c.name == person) \
            .scalar_subquery()
        mine = spans.alias("mine")
        decided = (select(mine.c.pk).where(
            mine.c.document == spans.c.document, mine.c.annotator == person_pk,
            mine.c.start == spans.c.start, mine.c.end == spans.c.end,
            mine.c.label == spans.c.label).exists())
        done = select(document_states.c.document).where(
            document_states.c.annotator == person_pk,
            document_states.c.state == DocState.DONE.value)
        need = func.min(func.abs(spans.c.score - threshold))
        query = (select(documents.c.uid)
                 .select_from(spans.join(annotators, spans.c.annotator == annotators.c.pk)
                              .join(documents, spans.c.document == documents.c.pk))
                 .where(annotators.c.kind == AnnotatorKind.MODEL.value,
                        spans.c.status == Status.SUGGESTED.value,
                        spans.c.score.is_not(None), ~decided,
                        documents.c.pk.not_in(done))
                 .group_by(documents.c.pk, documents.c.uid)
                 .order_by(need, documents.c.pk).limit(1))
        if after is not None:
            query = query.where(documents.c.uid != after)
        with self._store.connect() as conn:
            return conn.execute(query).scalar()

    def counts(self) -> dict[str, int]:
        """Stored suggestions per model annotator."""
        with self._store.connect() as conn:
            return dict(conn.execute(  # type: ignore[arg-type]
                select(annotators.c.name, func.count(spans.c.pk))
                .select_from(spans.join(annotators, spans.c.annotator == annotators.c.pk))
                .where(spans.c.status == Status.SUGGESTED.value)
                .group_by(annotators.c.name)).all())


def best_of(found: Iterable[Span]) -> list[Span]:
    """One span per (start, end, label), the highest score winning (None counts as sure),
    sorted by start, end and label."""
    best: dict[tuple[int, int, str], Span] = {}
    for span in found:
        key = (span.start, span.end, span.label)
        held = best.get(key)
        if held is None or _rank(span) > _rank(held):
            best[key] = span
    return [best[key] for key in sorted(best)]


def _rank(span: Span) -> float:
    return 2.0 if span.score is None else span.score


class SuggestCounts:
    """What one batch of stored suggestions changed."""

    def __init__(self) -> None:
        self.added = 0
        self.kept = 0
        self.removed = 0
        self.unknown_labels: set[str] = set()

    def __iadd__(self, other: SuggestCounts) -> SuggestCounts:
        self.added += other.added
        self.kept += other.kept
        self.removed += other.removed
        self.unknown_labels |= other.unknown_labels
        return self
