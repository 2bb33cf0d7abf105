"""Adjudication: compare annotators' spans, decide each, keep the decisions as a set.

The annotators' accepted spans in a document are grouped into **candidates**,
one per distinct (start, end, label), each knowing who proposed it and how it
stands against the others:

* ``agreed`` — every chosen annotator has exactly this span;
* ``label`` — someone who did not propose it marked the same extent with
  another label;
* ``overlap`` — someone who did not propose it marked an overlapping but
  different extent with the same label (a boundary disagreement; nested spans
  of *other* labels are normal data and no conflict);
* ``partial`` — more than one annotator but not all proposed it, and nothing
  of the others rivals it;
* ``only`` — one annotator proposed it and nothing rivals it;
* ``added`` — the reviewer's own span, which no annotator proposed.

Decisions are spans of the reviewer (an annotator of kind reviewer): accept
is a reviewer span with status accepted, reject one with status rejected, so
a decision is never lost and the reviewer's set exports like any other (the
export takes accepted spans only). A document is *done* for the reviewer once
every candidate is decided (with ``with_relations``, its relation candidates too:
see :mod:`.review_relations`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum

from annotator.core.agreement import Confusion, pooled_confusion
from annotator.core.errors import AnnotatorError
from annotator.core.model import AnnotatorKind, DocState, Origin, Span, Status
from annotator.services.candidates import progress_of, proposers_text
from annotator.services.review_relations import (
    RelationKey,
    compare_relations,
    plan_relation_decisions,
)
from annotator.store import Store

Key = tuple[int, int, str]
Progress = Callable[[int, int], bool]


class Category(StrEnum):
    AGREED = "agreed"
    LABEL = "label"
    OVERLAP = "overlap"
    PARTIAL = "partial"
    ONLY = "only"
    ADDED = "added"


CATEGORY_TEXT = {
    Category.AGREED: "agreed",
    Category.LABEL: "same extent, other label",
    Category.OVERLAP: "overlapping extents",
    Category.PARTIAL: "partial agreement",
    Category.ONLY: "only one",
    Category.ADDED: "added by reviewer",
}


@dataclass(frozen=True, slots=True)
class Candidate:
    """One distinct span some annotator proposed, and the reviewer's decision so far."""

    start: int
    end: int
    label: str
    proposers: tuple[str, ...]
    category: Category
    decision: Status | None = None  # accepted or rejected; None while undecided
    decision_id: int | None = None  # the reviewer's span holding the decision
    rivals: tuple[Key, ...] = ()  # candidates this one conflicts with

    @property
    def key(self) -> Key:
        return (self.start, self.end, self.label)

    @property
    def decided(self) -> bool:
        return self.decision in (Status.ACCEPTED, Status.REJECTED)

    def describe(self, annotators: Sequence[str]) -> str:
        """Who proposed it, in words: "all 3", "only alice", "alice, bob (not carol)"."""
        if self.category is Category.ADDED:
            return "the reviewer"
        return proposers_text(self.proposers, annotators)


def build_candidates(spans: Iterable[Span], annotators: Sequence[str],
                     reviewer: str | None = None) -> list[Candidate]:
    """Candidates from a document's spans (pure; see the module docstring).

    Only accepted spans of the annotators are proposals; the reviewer's spans
    are decisions (accepted or rejected) or, where nobody proposed them, added spans.
    """
    chosen = set(annotators)
    proposed: dict[Key, set[str]] = {}
    decisions: dict[Key, Span] = {}
    for span in spans:
        key = (span.start, span.end, span.label)
        if reviewer is not None and span.annotator == reviewer:
            if span.status in (Status.ACCEPTED, Status.REJECTED):
                decisions[key] = span
        elif span.annotator in chosen and span.status == Status.ACCEPTED:
            proposed.setdefault(key, set()).add(span.annotator)
    order = {name: i for i, name in enumerate(annotators)}
    keys = sorted(proposed.keys() | {k for k, s in decisions.items()
                                     if s.status == Status.ACCEPTED})
    rivals = _rivals(keys, proposed)
    result = []
    for key in keys:
        who = proposed.get(key, set())
        theirs = tuple(sorted(who, key=order.__getitem__))
        category = _category(key, who, len(chosen), rivals.get(key, ()), proposed)
        decision = decisions.get(key)
        result.append(Candidate(*key, theirs, category,
                                decision.status if decision else None,
                                decision.id if decision else None,
                                tuple(rivals.get(key, ()))))
    return result


def _rivals(keys: list[Key], proposed: dict[Key, set[str]]) -> dict[Key, list[Key]]:
    """Same extent with another label, or the same label over an overlapping extent."""
    found: dict[Key, list[Key]] = {}
    ordered = [k for k in keys if k in proposed]  # sorted by start
    for i, a in enumerate(ordered):
        for b in ordered[i + 1:]:
            if b[0] >= a[1]:
                break
            same_extent = a[:2] == b[:2]
            if (same_extent and a[2] != b[2]) or (not same_extent and a[2] == b[2]):
                found.setdefault(a, []).append(b)
                found.setdefault(b, []).append(a)
    return found


def _category(key: Key, who: set[str], n_chosen: int, rivals: Sequence[Key],
              proposed: dict[Key, set[str]]) -> Category:
    if not who:
        return Category.ADDED
    if len(who) == n_chosen:
        return Category.AGREED
    others = [r for r in rivals if proposed[r] - who]
    if any(r[:2] == key[:2] for r in others):
        return Category.LABEL
    if others:
        return Category.OVERLAP
    return Category.PARTIAL if len(who) > 1 else Category.ONLY


def _check(store: Store, annotators: Sequence[str], reviewer: str | None = None) -> None:
    names = list(dict.fromkeys(annotators))
    if len(names) < 2:
        raise AnnotatorError("a review compares at least two different annotators")
    kinds = dict(store.annotators.all())
    unknown = [n for n in names if n not in kinds]
    if unknown:
        raise AnnotatorError(f"unknown annotator(s): {', '.join(unknown)}")
    if reviewer is not None:
        if not reviewer.strip():
            raise AnnotatorError("the reviewed set needs a name")
        if reviewer in names:
            raise AnnotatorError(f"{reviewer} is one of the annotators under review; "
                                 "give the reviewed set another name")
        if reviewer in kinds and kinds[reviewer] is not AnnotatorKind.REVIEWER:
            raise AnnotatorError(f"{reviewer} is a {kinds[reviewer].value} annotator's set; "
                                 "give the reviewed set another name")


def check_review(store: Store, annotators: Sequence[str], reviewer: str) -> None:
    """Refuse a review that cannot be (too few or unknown annotators, a bad name),
    without writing anything."""
    _check(store, annotators, reviewer)


def start_review(store: Store, annotators: Sequence[str], reviewer: str) -> None:
    """Check the choice and create the reviewer (kind reviewer) if new."""
    _check(store, annotators, reviewer)
    store.annotators.ensure(reviewer, AnnotatorKind.REVIEWER)


def compare_document(store: Store, uid: str, annotators: Sequence[str],
                     reviewer: str | None = None) -> list[Candidate]:
    """The document's candidates, ordered by (start, end, label)."""
    names = [*annotators, reviewer] if reviewer else list(annotators)
    return build_candidates(store.spans.of_document(uid, names), annotators, reviewer)


def review_progress(store: Store, uid: str, annotators: Sequence[str],
                    reviewer: str, *, with_relations: bool = False) -> tuple[int, int]:
    """(candidates decided, candidates) in one document; ``with_relations``, relation
    candidates (:mod:`.review_relations`) count too."""
    decided, total = progress_of(compare_document(store, uid, annotators, reviewer))
    if with_relations:
        more = progress_of(compare_relations(store, uid, annotators, reviewer))
        decided, total = decided + more[0], total + more[1]
    return decided, total


@dataclass(frozen=True)
class CorpusProgress:
    """Review progress over every document where one of the annotators has a span."""

    per_document: dict[str, tuple[int, int]] = field(default_factory=dict)

    @property
    def decided(self) -> int:
        return sum(d for d, _ in self.per_document.values())

    @property
    def total(self) -> int:
        return sum(t for _, t in self.per_document.values())

    @property
    def documents(self) -> int:
        return len(self.per_document)

    @property
    def documents_done(self) -> int:
        return sum(1 for d, t in self.per_document.values() if d == t)

    def with_document(self, uid: str, counts: tuple[int, int]) -> CorpusProgress:
        return replace(self, per_document={**self.per_document, uid: counts})

    def next_undecided(self, after: str | None, order: Sequence[str]) -> str | None:
        """The next document in ``order`` after ``after`` (wrapping) with work left."""
        start = order.index(after) + 1 if after in order else 0
        for uid in [*order[start:], *order[:start]]:
            decided, total = self.per_document.get(uid, (0, 0))
            if decided < total:
                return uid
        return None


def corpus_progress(store: Store, annotators: Sequence[str], reviewer: str, *,
                    progress: Progress | None = None,
                    with_relations: bool = False) -> CorpusProgress:
    """Review progress of every document; ``with_relations``, relation candidates
    count too. The same counts as :func:`review_progress` gives each document, but
    counted by the database in a few queries (see :mod:`annotator.store.review_counts`)."""
    counts = store.reads.review_counts(annotators, reviewer, with_relations=with_relations)
    if progress is not None:
        progress(len(counts), len(counts))
    return CorpusProgress(counts)


# ------------------------------------------------------------------ decisions


def decide(store: Store, uid: str, candidate: Candidate, reviewer: str,
           decision: Status | None) -> Candidate:
    """Accept or reject a candidate (a reviewer span with that status), or with
    None forget the decision. Returns the candidate as it now stands."""
    if decision is not None and decision not in (Status.ACCEPTED, Status.REJECTED):
        raise AnnotatorError("a decision is accept or reject")
    if decision is None:
        if candidate.decision_id is not None:
            store.spans.delete(candidate.decision_id)
        return replace(candidate, decision=None, decision_id=None)
    if candidate.decision_id is not None:
        if candidate.decision != decision:
            store.spans.set_status(candidate.decision_id, decision)
        return replace(candidate, decision=decision)
    _ensure_reviewer(store, reviewer)
    span = store.spans.add(uid, Span(candidate.start, candidate.end, candidate.label, reviewer,
                                    origin=Origin.MANUAL, status=decision))
    return replace(candidate, decision=decision, decision_id=span.id)


def set_decisions(store: Store, uid: str, annotators: Sequence[str], reviewer: str,
                  decisions: Sequence[tuple[Key, Status | None]], *,
                  relations: Sequence[tuple[RelationKey, Status | None]] = (),
                  with_relations: bool = False) -> tuple[int, int]:
    """Make the reviewer's decision on each candidate (named by its key) the one
    given, in one transaction: accepted or rejected (a reviewer span with that
    status), or None (no span). Idempotent, so undo and redo just say what they want.

    ``relations`` are decisions on relation candidates in the same transaction (see
    :func:`.review_relations.plan_relation_decisions`: accepting one accepts its
    undecided ends). A span decided None takes the reviewer's relations on it along.
    Marks the document's review state (``with_relations``: relation candidates
    count); returns (decided, total) after."""
    if any(d not in (None, Status.ACCEPTED, Status.REJECTED)
           for _, d in [*decisions, *relations]):
        raise AnnotatorError("a decision is accept or reject")
    _ensure_reviewer(store, reviewer)
    mine = {(s.start, s.end, s.label): s for s in store.spans.of_document(uid, [reviewer])}
    create: list[Span] = []
    delete: list[int] = []
    status: list[tuple[int, Status]] = []
    for key, decision in decisions:
        span = mine.get(key)
        if decision is None:
            if span is not None:
                delete.append(span.id)  # type: ignore[arg-type]
        elif span is None:
            create.append(Span(*key, reviewer, origin=Origin.MANUAL, status=decision))
        elif span.status != decision:
            status.append((span.id, decision))  # type: ignore[arg-type]
    unrelate, relate = plan_relation_decisions(
        store, uid, reviewer, relations, mine, dict(decisions), create) if relations \
        else ([], [])
    store.spans.edit(uid, create=create, delete=delete, status=status, unrelate=unrelate,
                     relate=relate, check_types=False)
    return mark_state(store, uid, annotators, reviewer, with_relations=with_relations)


def _ensure_reviewer(store: Store, reviewer: str) -> None:
    kinds = dict(store.annotators.all())
    if kinds.get(reviewer) is not AnnotatorKind.REVIEWER:
        if reviewer in kinds:
            raise AnnotatorError(f"{reviewer} is not a reviewer")
        store.annotators.ensure(reviewer, AnnotatorKind.REVIEWER)


def accept_all_agreed(store: Store, uid: str, annotators: Sequence[str],
                      reviewer: str) -> int:
    """Accept every undecided candidate all annotators agree on; how many were accepted."""
    accepted = 0
    for candidate in compare_document(store, uid, annotators, reviewer):
        if candidate.category is Category.AGREED and not candidate.decided:
            decide(store, uid, candidate, reviewer, Status.ACCEPTED)
            accepted += 1
    mark_state(store, uid, annotators, reviewer)
    return accepted


def mark_state(store: Store, uid: str, annotators: Sequence[str], reviewer: str,
               counts: tuple[int, int] | None = None, *,
               with_relations: bool = False) -> tuple[int, int]:
    """Mark the document done for the reviewer once every candidate is decided
    (in progress again if one is undecided later); returns (decided, total)."""
    decided, total = counts or review_progress(store, uid, annotators, reviewer,
                                               with_relations=with_relations)
    state, _ = store.states.get(uid, reviewer)
    if total and decided == total and state is not DocState.DONE:
        store.states.set(uid, reviewer, DocState.DONE)
    elif decided < total and state is DocState.DONE:
        store.states.set(uid, reviewer, DocState.IN_PROGRESS)
    return decided, total


# ------------------------------------------------------------------ confusion


def confusion(store: Store, a: str, b: str) -> Confusion:
    """Label confusion of A against B over the documents either touched: spans
    matched by extent; ``None`` where the other had no span at that extent."""
    return pooled_confusion(a, b, (
        (by_annotator.get(a, []), by_annotator.get(b, []))
        for _doc, by_annotator, _touched in store.reads.iter_touched([a, b])))


def category_counts(candidates: Iterable[Candidate]) -> Counter[Category]:
    return Counter(c.category for c in candidates)
