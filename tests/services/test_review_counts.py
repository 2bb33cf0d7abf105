"""The corpus's review counts, counted by the database, against the candidates built one
document at a time: exactly equal on generated corpora with relations, rejected and
suggested spans, another annotator's spans and the reviewer's decisions."""

from __future__ import annotations

import random

import pytest

from annotator.core.model import Document, NewRelation, Span, Status
from annotator.services import review
from annotator.store import Store

WHO = ["alice", "bob"]
LABELS = ["actor", "weapon", "claim"]
TYPES = ["speaker", "about"]
STATUSES = [Status.ACCEPTED] * 5 + [Status.REJECTED, Status.SUGGESTED]


def spans_of(rng: random.Random, who: str, length: int, n: int,
             keys: list[tuple[int, int, str]] | None = None) -> list[Span]:
    """``n`` spans on few boundaries (so annotators often meet), or at ``keys``."""
    found: dict[tuple[int, int, str], Span] = {}
    for _ in range(n):
        if keys and rng.random() < 0.7:
            key = rng.choice(keys)
        else:
            start = rng.randrange(0, length - 2, 3)
            key = (start, min(length, start + rng.choice([3, 6, 9])), rng.choice(LABELS))
        status = rng.choice(STATUSES[:-1] if who == "judge" else STATUSES)
        found[key] = Span(*key, who, status=status)
    return list(found.values())


def relations_of(rng: random.Random, ids: list[int], n: int) -> list[NewRelation]:
    found: dict[tuple[int, int, str], NewRelation] = {}
    for _ in range(n if len(ids) > 1 else 0):
        head, child = rng.sample(ids, 2)
        kind = rng.choice(TYPES)
        found[head, child, kind] = NewRelation(head, child, kind,
                                               rng.choice(STATUSES).value)
    return list(found.values())


def generate(store: Store, seed: int, n_docs: int = 24) -> list[str]:
    rng = random.Random(seed)
    uids = []
    for number in range(n_docs):
        text = f"Document {number}: " + " ".join(
            rng.choice(["Shoigu", "said", "the", "Tu-160", "flew", "over", "Cuba"])
            for _ in range(30))
        document = Document.from_text(text)
        store.documents.add(document)
        uids.append(document.id)
        if number % 8 == 7:
            continue  # nobody touched it
        proposals: list[tuple[int, int, str]] = []
        for who in [*WHO, "carol"]:
            if rng.random() < 0.15:
                continue  # this one left it alone
            made = store.spans.edit(document.id,
                                    create=spans_of(rng, who, len(text), rng.randint(1, 14)))
            proposals += [(s.start, s.end, s.label) for s in made]
            store.spans.edit(document.id, relate=relations_of(
                rng, [s.id for s in made], rng.randint(0, 8)), check_types=False)
        if proposals and rng.random() < 0.7:  # the reviewer was here
            decided = spans_of(rng, "judge", len(text), rng.randint(1, 10), proposals)
            if number % 4 == 0:  # and decided every span
                decided = [Span(*key, "judge", status=rng.choice(STATUSES[-3:-1]))
                           for key in dict.fromkeys(proposals)]
            mine = store.spans.edit(document.id, create=decided)
            store.spans.edit(document.id, relate=relations_of(
                rng, [s.id for s in mine], rng.randint(0, 6)), check_types=False)
    return uids


def one_by_one(store: Store, uids: list[str], reviewer: str, *, with_relations: bool
               ) -> dict[str, tuple[int, int]]:
    found = {uid: review.review_progress(store, uid, WHO, reviewer,
                                         with_relations=with_relations) for uid in uids}
    return {uid: counts for uid, counts in found.items() if counts[1]}


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_counts_equal_the_candidates_built_per_document(any_store, seed) -> None:  # type: ignore[no-untyped-def]
    store = any_store
    for name in [*WHO, "carol"]:
        store.annotators.ensure(name)
    review.start_review(store, WHO, "judge")
    uids = generate(store, seed)
    slow = {}
    for with_relations in (False, True):
        fast = review.corpus_progress(store, WHO, "judge", with_relations=with_relations)
        slow[with_relations] = one_by_one(store, uids, "judge", with_relations=with_relations)
        assert fast.per_document == slow[with_relations]
        assert list(fast.per_document) == [uid for uid in uids if uid in fast.per_document]
    # The generator made what the comparison is about.
    assert any(0 < d < t for d, t in slow[False].values())
    assert any(d == t for d, t in slow[False].values())
    assert any(d == 0 for d, t in slow[False].values())
    assert slow[True] != slow[False]


def test_counts_before_the_reviewer_exists(any_store) -> None:  # type: ignore[no-untyped-def]
    store = any_store
    for name in [*WHO, "carol", "judge"]:
        store.annotators.ensure(name)
    uids = generate(store, 5)
    progress = review.corpus_progress(store, WHO, "newcomer", with_relations=True)
    assert progress.per_document == one_by_one(store, uids, "newcomer", with_relations=True)
    assert progress.decided == 0 and progress.total > 0
