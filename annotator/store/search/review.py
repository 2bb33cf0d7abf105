"""Review categories as SQL: does a document hold a candidate of this category?

The categories are those of services.review.build_candidates, over the accepted
spans of the compared annotators (a candidate is a distinct start, end, label):

* agreed  — every compared annotator proposed it;
* label   — someone who did not propose it marked the same extent with another label;
* overlap — no such rival, but someone who did not propose it marked an overlapping,
            different extent with the same label;
* partial — several but not all proposed it, and nothing rivals it;
* only    — one proposed it, and nothing rivals it;
* conflict — label or overlap.

tests/store/test_search_review.py checks these against build_candidates.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, exists, func, not_, or_, select

from annotator.core.model import Status
from annotator.store.schema import spans


def category(name: str, annotator_keys: Sequence[int],
             document: ColumnElement[int] | None = None) -> Select[Any]:
    """The keys of documents with a candidate of category ``name`` among these
    annotators (with repeats); with ``document``, of that document only (correlated,
    for EXISTS)."""
    keys = list(annotator_keys)
    n = len(keys)
    s1 = spans.alias()
    # Subqueries name their outer spans with correlate(): SQLAlchemy correlates
    # automatically only with the query directly around them.

    def proposed(alias) -> ColumnElement[bool]:  # type: ignore[no-untyped-def]
        return and_(alias.c.annotator.in_(keys), alias.c.status == Status.ACCEPTED.value)

    def not_theirs(s2) -> ColumnElement[bool]:  # type: ignore[no-untyped-def]
        """s2's annotator did not propose s1's candidate."""
        s3 = spans.alias()
        return not_(exists(select(s3.c.pk).where(
            s3.c.document == s1.c.document, s3.c.annotator == s2.c.annotator,
            s3.c.start == s1.c.start, s3.c.end == s1.c.end, s3.c.label == s1.c.label,
            s3.c.status == Status.ACCEPTED.value).correlate(s1, s2)))

    def label_rival() -> ColumnElement[bool]:
        s2 = spans.alias()
        return exists(select(s2.c.pk).where(
            s2.c.document == s1.c.document, proposed(s2),
            s2.c.start == s1.c.start, s2.c.end == s1.c.end, s2.c.label != s1.c.label,
            not_theirs(s2)).correlate(s1))

    def overlap_rival() -> ColumnElement[bool]:
        s2 = spans.alias()
        return exists(select(s2.c.pk).where(
            s2.c.document == s1.c.document, proposed(s2), s2.c.label == s1.c.label,
            s2.c.start < s1.c.end, s1.c.start < s2.c.end,
            or_(s2.c.start != s1.c.start, s2.c.end != s1.c.end), not_theirs(s2)).correlate(s1))

    s0 = spans.alias()
    # First the cheap test: candidates every compared annotator proposed have no rival
    # from someone who did not (most of a good corpus).
    proposers = (select(func.count()).where(
        s0.c.document == s1.c.document, s0.c.annotator.in_(keys), s0.c.label == s1.c.label,
        s0.c.start == s1.c.start, s0.c.end == s1.c.end, s0.c.status == Status.ACCEPTED.value)
        .correlate(s1).scalar_subquery())
    mine = proposed(s1) if document is None else and_(proposed(s1), s1.c.document == document)
    disputed = and_(mine, proposers < n)
    who = func.count(s1.c.annotator.distinct())
    by_candidate = select(s1.c.document).group_by(s1.c.document, s1.c.start, s1.c.end,
                                                  s1.c.label)
    found = select(s1.c.document)
    if name == "agreed":
        return by_candidate.where(mine).having(who == n)
    if name == "label":
        return found.where(disputed, label_rival())
    if name == "overlap":
        return found.where(disputed, not_(label_rival()), overlap_rival())
    if name == "conflict":
        return found.where(disputed, or_(label_rival(), overlap_rival()))
    calm = and_(disputed, not_(label_rival()), not_(overlap_rival()))
    if name == "partial":
        return by_candidate.where(calm).having(and_(who > 1, who < n))
    if name == "only":
        return by_candidate.where(calm).having(who == 1)
    raise ValueError(f"no review category {name!r}")
