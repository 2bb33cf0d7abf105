"""Review progress of every document counted by the database: a few grouped queries.

A review's counts (:func:`annotator.services.review.corpus_progress`) are, per
document, how many candidates there are and how many the reviewer decided. Built
candidate by candidate in Python that means a Span object per span and a query per
document with relations; here the database groups the spans (and relations) into
candidates itself and hands back one row per document. The rules are those of
``services.review.build_candidates`` and ``services.review_relations.build_relation_candidates``
(a test compares the two on generated corpora):

* a span candidate is a distinct (start, end, label) that an annotator under review
  has accepted or the reviewer has accepted; it is decided if the reviewer has a span
  there, accepted or rejected;
* a relation candidate is a distinct (head, child, type), ends named by their
  (start, end, label), that an annotator has accepted between accepted spans or the
  reviewer has accepted; it is decided if the reviewer has a relation there,
  accepted or rejected, or has rejected one of its ends.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, and_, case, exists, false, func, or_, select

from annotator.core.model import Status
from annotator.store.schema import annotators, documents, relations, spans

ACCEPTED = Status.ACCEPTED.value
DECIDED = (Status.ACCEPTED.value, Status.REJECTED.value)

Counts = dict[str, tuple[int, int]]


def _flag(condition: Any) -> Any:
    return func.max(case((condition, 1), else_=0))


def _keys(conn: Connection, names: Sequence[str]) -> dict[str, int]:
    return dict(conn.execute(select(annotators.c.name, annotators.c.pk)
                             .where(annotators.c.name.in_(list(names)))).all())


def review_counts(conn: Connection, annotator_names: Sequence[str], reviewer: str, *,
                  with_relations: bool) -> Counts:
    """Document id -> (candidates decided, candidates) for every document with a
    candidate, in import order; ``with_relations``, relation candidates count too.
    Read on one connection, so both counts see the same moment of the store."""
    keys = _keys(conn, [*annotator_names, reviewer])
    chosen = [keys[name] for name in annotator_names if name in keys and name != reviewer]
    judge = keys.get(reviewer)
    counts = _span_counts(conn, chosen, judge)
    if with_relations:
        for uid, (decided, total) in _relation_counts(conn, chosen, judge).items():
            before = counts.get(uid, (0, 0))
            counts[uid] = (before[0] + decided, before[1] + total)
    return counts


def _is(column: Any, key: int | None) -> Any:
    return column == key if key is not None else false()


def _span_counts(conn: Connection, chosen: list[int], judge: int | None) -> Counts:
    proposal = and_(spans.c.annotator.in_(chosen), spans.c.status == ACCEPTED)
    decision = and_(_is(spans.c.annotator, judge), spans.c.status.in_(DECIDED))
    grouped = (select(spans.c.document,
                      _flag(or_(proposal, and_(decision, spans.c.status == ACCEPTED)))
                      .label("candidate"),
                      _flag(decision).label("decided"))
               .where(or_(proposal, decision))
               .group_by(spans.c.document, spans.c.start, spans.c.end, spans.c.label)
               .subquery())
    return _per_document(conn, grouped)


def _relation_counts(conn: Connection, chosen: list[int], judge: int | None) -> Counts:
    head, child = spans.alias("head"), spans.alias("child")
    proposal = and_(head.c.annotator.in_(chosen), relations.c.status == ACCEPTED,
                    head.c.status == ACCEPTED, child.c.status == ACCEPTED)
    decision = and_(_is(head.c.annotator, judge), relations.c.status.in_(DECIDED))
    grouped = (select(head.c.document, head.c.start.label("head_start"),
                      head.c.end.label("head_end"), head.c.label.label("head_label"),
                      child.c.start.label("child_start"), child.c.end.label("child_end"),
                      child.c.label.label("child_label"),
                      _flag(or_(proposal, and_(decision, relations.c.status == ACCEPTED)))
                      .label("candidate"),
                      _flag(decision).label("decided"))
               .select_from(relations.join(head, relations.c.head == head.c.pk)
                            .join(child, relations.c.child == child.c.pk))
               .where(or_(proposal, decision))
               .group_by(head.c.document, head.c.start, head.c.end, head.c.label,
                         child.c.start, child.c.end, child.c.label, relations.c.type)
               .subquery())
    if judge is None:
        return _per_document(conn, grouped)
    # An undecided relation whose end the reviewer rejected is rejected with it.

    def rejected(prefix: str) -> Any:
        return exists().where(spans.c.document == grouped.c.document,
                              spans.c.annotator == judge,
                              spans.c.label == grouped.c[prefix + "label"],
                              spans.c.start == grouped.c[prefix + "start"],
                              spans.c.end == grouped.c[prefix + "end"],
                              spans.c.status == Status.REJECTED.value)

    settled = (select(grouped.c.document, grouped.c.candidate,
                      case((grouped.c.decided == 1, 1), (rejected("head_"), 1),
                           (rejected("child_"), 1), else_=0).label("decided"))
               .where(grouped.c.candidate == 1)
               .subquery())
    return _per_document(conn, settled)


def _per_document(conn: Connection, grouped: Any) -> Counts:
    """Sum candidates (and decided ones) per document: document id -> counts."""
    per = (select(grouped.c.document,
                  func.sum(grouped.c.candidate).label("total"),
                  func.sum(case((grouped.c.candidate == 1, grouped.c.decided), else_=0))
                  .label("decided"))
           .group_by(grouped.c.document)
           .subquery())
    query = (select(documents.c.uid, per.c.decided, per.c.total)
             .select_from(per.join(documents, documents.c.pk == per.c.document))
             .where(per.c.total > 0)
             .order_by(documents.c.pk))
    return {uid: (int(decided), int(total)) for uid, decided, total in conn.execute(query)}
