"""Adjudication of relations: how annotators' relations differ, and the reviewer's decisions.

The annotators' accepted relations between accepted spans in a document are grouped
into **relation candidates**, one per distinct (head, child, type), where an end is a
span's (start, end, label). Each knows who proposed it and how it stands against the
others:

* ``agreed`` — every chosen annotator has exactly this relation;
* ``type`` — someone who did not propose it links the same two spans with
  another type;
* ``ends`` — someone who did not propose it has, instead, a relation of the same
  type from the same head to another child (another speaker for the same quote),
  or whose two ends overlap this one's (labels equal);
* ``partial`` — more than one annotator but not all proposed it, nothing rivals it;
* ``only`` — one annotator proposed it, nothing rivals it;
* ``added`` — the reviewer's own relation, which no annotator proposed.

"Instead" means that the two relations have no proposer in common: a claim that
alice says is about a weapon and an actor, and bob about the weapon only, is no
conflict but a relation only alice has.

A decision is the reviewer's own relation, as span decisions are the reviewer's own
spans: accept is a relation with status accepted between the reviewer's accepted
spans at the same extents, reject one with status rejected. So the reviewed set
exports the accepted relations like any annotator's. Accepting a relation accepts
its ends (a relation needs both); rejecting one needs its ends decided first, and a
relation whose end the reviewer rejected is rejected with it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum

from annotator.core.errors import AnnotatorError
from annotator.core.model import (
    AnnotatorKind,
    Created,
    NewRelation,
    Origin,
    Relation,
    Span,
    Status,
)
from annotator.services.candidates import proposers_text
from annotator.store import Store

End = tuple[int, int, str]  # start, end, label of a relation's end
RelationKey = tuple[End, End, str]  # head, child, type


class RelationCategory(StrEnum):
    AGREED = "agreed"
    TYPE = "type"
    ENDS = "ends"
    PARTIAL = "partial"
    ONLY = "only"
    ADDED = "added"


RELATION_CATEGORY_TEXT = {
    RelationCategory.AGREED: "agreed",
    RelationCategory.TYPE: "same spans, other type",
    RelationCategory.ENDS: "different ends",
    RelationCategory.PARTIAL: "partial agreement",
    RelationCategory.ONLY: "only one",
    RelationCategory.ADDED: "added by reviewer",
}


@dataclass(frozen=True, slots=True)
class RelationCandidate:
    """One distinct relation some annotator proposed, and the reviewer's decision.

    ``decision_id`` is the reviewer's relation holding the decision; a relation
    rejected because the reviewer rejected one of its ends has decision rejected
    and no ``decision_id``."""

    head: End
    child: End
    type: str
    proposers: tuple[str, ...]
    category: RelationCategory
    decision: Status | None = None
    decision_id: int | None = None
    rivals: tuple[RelationKey, ...] = ()

    @property
    def key(self) -> RelationKey:
        return (self.head, self.child, self.type)

    @property
    def decided(self) -> bool:
        return self.decision in (Status.ACCEPTED, Status.REJECTED)

    def describe(self, annotators: Sequence[str]) -> str:
        """Who proposed it, in words: "both", "only alice", "alice, bob (not carol)"."""
        if self.category is RelationCategory.ADDED:
            return "the reviewer"
        return proposers_text(self.proposers, annotators)


def _end(span: Span) -> End:
    return (span.start, span.end, span.label)


def build_relation_candidates(relations: Iterable[Relation], annotators: Sequence[str],
                              reviewer: str | None = None,
                              reviewer_spans: Iterable[Span] = ()) -> list[RelationCandidate]:
    """Relation candidates from a document's relations (pure; see the module docstring).

    Proposals are the annotators' accepted relations whose ends are accepted; the
    reviewer's relations are decisions or added relations, and ``reviewer_spans``
    (their span decisions) reject the relations of an end they rejected."""
    chosen = set(annotators)
    proposed: dict[RelationKey, set[str]] = {}
    decisions: dict[RelationKey, Relation] = {}
    for r in relations:
        key = (_end(r.head), _end(r.child), r.label)
        who = r.head.annotator
        if reviewer is not None and who == reviewer:
            if r.status in (Status.ACCEPTED, Status.REJECTED):
                decisions[key] = r
        elif (who in chosen and r.status == Status.ACCEPTED
              and r.head.status == Status.ACCEPTED and r.child.status == Status.ACCEPTED):
            proposed.setdefault(key, set()).add(who)
    rejected_ends = {_end(s) for s in reviewer_spans if s.status == Status.REJECTED}
    order = {name: i for i, name in enumerate(annotators)}
    keys = sorted(proposed.keys() | {k for k, r in decisions.items()
                                     if r.status == Status.ACCEPTED})
    rivals = _rivals([k for k in keys if k in proposed], proposed)
    result = []
    for key in keys:
        who = proposed.get(key, set())
        decision = decisions.get(key)
        status = decision.status if decision is not None else None
        if status is None and (key[0] in rejected_ends or key[1] in rejected_ends):
            status = Status.REJECTED  # rejected with its end
        result.append(RelationCandidate(
            *key, tuple(sorted(who, key=order.__getitem__)),
            _category(key, who, len(chosen), rivals.get(key, ()), proposed), status,
            decision.id if decision is not None else None, tuple(rivals.get(key, ()))))
    return result


def _overlap(a: End, b: End) -> bool:
    return a[2] == b[2] and a[0] < b[1] and b[0] < a[1]


def _alternative(a: RelationKey, b: RelationKey) -> bool:
    """Another type on the same two spans, or the same type from the same head to
    another child, or with both ends overlapping."""
    if a[:2] == b[:2]:
        return a[2] != b[2]
    if a[2] != b[2]:
        return False
    return a[0] == b[0] or (_overlap(a[0], b[0]) and _overlap(a[1], b[1]))


def _rivals(keys: list[RelationKey], proposed: dict[RelationKey, set[str]]
            ) -> dict[RelationKey, list[RelationKey]]:
    """Alternatives proposed instead: by different annotators, none by both."""
    # A document holds tens of relations, seldom thousands: pairs are few enough.
    found: dict[RelationKey, list[RelationKey]] = {}
    for i, a in enumerate(keys):
        for b in keys[i + 1:]:
            if not proposed[a] & proposed[b] and _alternative(a, b):
                found.setdefault(a, []).append(b)
                found.setdefault(b, []).append(a)
    return found


def _category(key: RelationKey, who: set[str], n_chosen: int, rivals: Sequence[RelationKey],
              proposed: dict[RelationKey, set[str]]) -> RelationCategory:
    if not who:
        return RelationCategory.ADDED
    if len(who) == n_chosen:
        return RelationCategory.AGREED
    others = [r for r in rivals if proposed[r] - who]
    if any(r[:2] == key[:2] for r in others):
        return RelationCategory.TYPE
    if others:
        return RelationCategory.ENDS
    return RelationCategory.PARTIAL if len(who) > 1 else RelationCategory.ONLY


def compare_relations(store: Store, uid: str, annotators: Sequence[str],
                      reviewer: str | None = None) -> list[RelationCandidate]:
    """The document's relation candidates, ordered by (head, child, type)."""
    names = {*annotators, reviewer} if reviewer else set(annotators)
    relations = [r for r in store.spans.relations(uid) if r.head.annotator in names]
    reviewer_spans = store.spans.of_document(uid, [reviewer]) if reviewer else []
    return build_relation_candidates(relations, annotators, reviewer, reviewer_spans)


# ------------------------------------------------------------------ decisions


@dataclass(frozen=True, slots=True)
class RelationDecided:
    """A decision made: the candidate as it now stands, and the spans accepted on the
    way (the ends of an accepted relation the reviewer had not decided; undoing the
    decision means undeciding them too)."""

    candidate: RelationCandidate
    ends_accepted: tuple[Span, ...] = ()


def decide_relation(store: Store, uid: str, candidate: RelationCandidate, reviewer: str,
                    decision: Status | None) -> RelationDecided:
    """Accept or reject a relation candidate (the reviewer's relation with that status),
    or with None forget the decision (the ends stay as decided); one transaction."""
    if decision is not None and decision not in (Status.ACCEPTED, Status.REJECTED):
        raise AnnotatorError("a decision is accept or reject")
    _ensure_reviewer(store, reviewer)
    mine = {_end(s): s for s in store.spans.of_document(uid, [reviewer])}
    create: list[Span] = []
    unrelate, relate = plan_relation_decisions(store, uid, reviewer,
                                               [(candidate.key, decision)], mine, {}, create)
    done = store.spans.edit(uid, create=create, unrelate=unrelate, relate=relate,
                            check_types=False)
    if decision is None:
        return RelationDecided(replace(candidate, decision=None, decision_id=None))
    held = done.relations[0].id if done.relations else candidate.decision_id
    return RelationDecided(replace(candidate, decision=decision, decision_id=held), tuple(done))


def plan_relation_decisions(store: Store, uid: str, reviewer: str,
                            decisions: Sequence[tuple[RelationKey, Status | None]],
                            mine: dict[End, Span], spans_decided: dict[End, Status | None],
                            create: list[Span]) -> tuple[list[int], list[NewRelation]]:
    """The store edits that make each relation decision the one given: accepted or
    rejected (the reviewer's relation with that status), or None (none). For a
    batch with span decisions (:func:`.review.set_decisions`): ``mine`` are the
    reviewer's spans by their end, ``spans_decided`` the span decisions of the same
    batch, ``create`` the spans it makes (ends to accept are added to it). Returns
    the relations to delete (ids) and to make.

    Accepting a relation accepts its undecided ends; it refuses an end that is (or
    becomes) rejected. Rejecting one needs both ends decided."""
    theirs = {(_end(r.head), _end(r.child), r.label): r for r in store.spans.relations(uid)
              if r.head.annotator == reviewer}
    unrelate: list[int] = []
    relate: list[NewRelation] = []
    for key, decision in decisions:
        existing = theirs.get(key)
        if existing is not None and (decision is None or existing.status != decision):
            unrelate.append(existing.id)  # type: ignore[arg-type]
        if decision is None or (existing is not None and existing.status == decision):
            continue
        ends: list[int | Created] = []
        for end, role in ((key[0], "head"), (key[1], "child")):
            text = f"its {role} {end[2]} [{end[0]}, {end[1]})"
            made = next((i for i, s in enumerate(create) if _end(s) == end), None)
            span = mine.get(end)
            if end in spans_decided and spans_decided[end] is None:
                raise AnnotatorError(f"the relation cannot be decided: {text} is undecided "
                                     "in the same step")
            if made is not None:
                now: Status | None = create[made].status
            elif span is not None:
                now = spans_decided.get(end, span.status)
            elif decision is Status.ACCEPTED:
                create.append(Span(*end, reviewer, origin=Origin.MANUAL,
                                   status=Status.ACCEPTED))
                made, now = len(create) - 1, Status.ACCEPTED
            else:
                raise AnnotatorError(f"decide the relation's spans first: {text} is undecided")
            if decision is Status.ACCEPTED and now is not Status.ACCEPTED:
                raise AnnotatorError(f"the relation cannot be accepted: {text} is rejected")
            ends.append(Created(made) if made is not None else span.id)  # type: ignore[union-attr,arg-type]
        relate.append(NewRelation(ends[0], ends[1], key[2], decision.value))
    return unrelate, relate


def _ensure_reviewer(store: Store, reviewer: str) -> None:
    kinds = dict(store.annotators.all())
    if kinds.get(reviewer) is not AnnotatorKind.REVIEWER:
        if reviewer in kinds:
            raise AnnotatorError(f"{reviewer} is not a reviewer")
        store.annotators.ensure(reviewer, AnnotatorKind.REVIEWER)


def accept_all_agreed_relations(store: Store, uid: str, annotators: Sequence[str],
                                reviewer: str) -> list[RelationDecided]:
    """Accept every undecided relation all annotators agree on (with its ends)."""
    done = []
    for candidate in compare_relations(store, uid, annotators, reviewer):
        if candidate.category is RelationCategory.AGREED and not candidate.decided:
            done.append(decide_relation(store, uid, candidate, reviewer, Status.ACCEPTED))
    return done
