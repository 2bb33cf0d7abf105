"""Relation F1 against an independent count: cases worked out by hand, and random
corpora counted the slow, obvious way (sets for exact matches, every possible pairing
for the overlap figure) next to the columnar engine."""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Sequence

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core.agreement import DocumentAnnotations, compare_pair, relation_f1
from annotator.core.model import RelationBounds, SpanBounds

Q = SpanBounds(0, 10, "quote")
L = SpanBounds(20, 26, "actor")
C = SpanBounds(30, 50, "claim")
T = SpanBounds(40, 46, "weapon")


def rel(head: SpanBounds, child: SpanBounds, kind: str = "speaker") -> RelationBounds:
    return RelationBounds(head, child, kind)


def counts(score) -> tuple[float, int, int]:  # type: ignore[no-untyped-def]
    return score.tp, score.n_a, score.n_b


# ---------------------------------------------------------------- by hand


def test_the_same_relations_agree_fully() -> None:
    found = relation_f1([rel(Q, L), rel(C, T, "about")], [rel(C, T, "about"), rel(Q, L)])
    assert counts(found.exact.overall) == (2, 2, 2) and found.exact.overall.f1 == 1.0
    assert counts(found.overlap.overall) == (2, 2, 2)
    assert {k: counts(v) for k, v in found.exact.per_label.items()} == {
        "about": (1, 1, 1), "speaker": (1, 1, 1)}
    assert (found.exact.overall.fp, found.exact.overall.fn) == (0, 0)


def test_another_type_on_the_same_ends_is_no_match() -> None:
    found = relation_f1([rel(C, L, "speaker")], [rel(C, L, "about")])
    for figure in (found.exact, found.overlap):
        assert counts(figure.overall) == (0, 1, 1) and figure.overall.f1 == 0.0
        assert {k: counts(v) for k, v in figure.per_label.items()} == {
            "about": (0, 0, 1), "speaker": (0, 1, 0)}
    # A is the reference: B's "about" is a false positive; A had none, so no recall.
    assert found.exact.per_label["about"].recall is None
    assert "no relation" in (found.exact.per_label["about"].reason or "")


def test_ends_that_merely_overlap_count_only_in_the_looser_figure() -> None:
    shorter = SpanBounds(1, 10, "quote")  # the quote without its opening mark
    found = relation_f1([rel(Q, L)], [rel(shorter, L)])
    assert counts(found.exact.overall) == (0, 1, 1)
    assert counts(found.overlap.overall) == (1, 1, 1) and found.overlap.overall.f1 == 1.0


def test_labels_of_the_ends_are_still_required() -> None:
    as_weapon = SpanBounds(20, 26, "weapon")
    found = relation_f1([rel(Q, L)], [rel(Q, as_weapon)])
    assert counts(found.overlap.overall) == (0, 1, 1)
    far = SpanBounds(27, 29, "actor")  # an actor that does not overlap A's
    assert counts(relation_f1([rel(Q, L)], [rel(Q, far)]).overlap.overall) == (0, 1, 1)


def test_each_relation_matches_at_most_one() -> None:
    # Two quotes of A overlap B's one quote: one pair, one relation of A left over.
    first, second = SpanBounds(0, 6, "quote"), SpanBounds(4, 10, "quote")
    found = relation_f1([rel(first, L), rel(second, L)], [rel(Q, L)])
    assert counts(found.overlap.overall) == (1, 2, 1)
    assert found.overlap.overall.f1 == 2 * 1 / 3


def test_the_looser_figure_is_a_maximum_matching_not_exact_pairs_first() -> None:
    # A1 equals B1 but also overlaps B2; A2 (after A1 in reading order) overlaps B1
    # only. Pairing A1 with B1 first would leave A2 alone; A1-B2 and A2-B1 match both.
    a1, b1 = SpanBounds(0, 10, "quote"), SpanBounds(0, 10, "quote")
    b2, a2 = SpanBounds(8, 20, "quote"), SpanBounds(1, 5, "quote")
    child = SpanBounds(30, 36, "actor")
    found = relation_f1([rel(a1, child), rel(a2, child)], [rel(b1, child), rel(b2, child)])
    assert counts(found.exact.overall) == (1, 2, 2)
    assert counts(found.overlap.overall) == (2, 2, 2)


def test_a_relation_twice_counts_once_and_nothing_is_undefined_with_a_reason() -> None:
    found = relation_f1([rel(Q, L), rel(Q, L)], [rel(Q, L)])
    assert counts(found.exact.overall) == (1, 1, 1)
    none = relation_f1([], [])
    assert none.exact.overall.f1 is None
    assert none.exact.overall.reason == ("neither annotator has a relation: precision, "
                                         "recall and F1 are undefined")


def test_documents_are_kept_apart_and_pooled() -> None:
    docs = [DocumentAnnotations("one", 60, {"a": [Q, L], "b": [Q, L]},
                                relations={"a": [rel(Q, L)], "b": [rel(Q, L)]}),
            DocumentAnnotations("two", 60, {"a": [Q, L], "b": [C]},
                                relations={"a": [rel(Q, L)]}),
            DocumentAnnotations("three", 60, {"b": [Q]})]
    pair = compare_pair(docs, "a", "b")
    assert pair.relations is not None
    assert counts(pair.relations.exact.overall) == (1, 2, 1)
    assert [counts(d.relations.exact.overall) for d in pair.documents] == [  # type: ignore[union-attr]
        (1, 1, 1), (0, 1, 0), (0, 0, 0)]
    both = compare_pair(docs, "a", "b", inclusion="both")
    assert counts(both.relations.exact.overall) == (1, 2, 1)  # type: ignore[union-attr]


# ---------------------------------------------------------------- the slow way


def brute_matching(a: Sequence[RelationBounds], b: Sequence[RelationBounds]) -> int:
    """The most pairs of overlapping relations, trying every way to pair them."""
    if not a:
        return 0
    first, rest = a[0], a[1:]
    best = brute_matching(rest, b)  # the first of A left unpaired
    for i, other in enumerate(b):
        if matches(first, other):
            best = max(best, 1 + brute_matching(rest, [*b[:i], *b[i + 1:]]))
    return best


def matches(x: RelationBounds, y: RelationBounds) -> bool:
    def overlap(s: SpanBounds, t: SpanBounds) -> bool:
        return s.label == t.label and s.start < t.end and t.start < s.end

    return x.label == y.label and overlap(x.head, y.head) and overlap(x.child, y.child)


# Few places and labels, so that relations overlap each other often and in chains.
SPANS = st.builds(lambda start, width, label: SpanBounds(start, start + width, label),
                  st.integers(0, 8), st.integers(1, 5), st.sampled_from(["quote", "actor"]))
CHILDREN = st.sampled_from([SpanBounds(10, 14, "actor"), SpanBounds(12, 16, "actor"),
                            SpanBounds(15, 18, "actor"), SpanBounds(10, 14, "quote")])
RELATIONS = st.lists(st.builds(RelationBounds, SPANS, CHILDREN | SPANS,
                               st.sampled_from(["x", "y"])), max_size=7)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(RELATIONS, RELATIONS), min_size=1, max_size=4))
def test_the_engine_agrees_with_brute_force(corpus: list[tuple[list, list]]) -> None:
    docs = [DocumentAnnotations(f"d{i}", 20, {"a": [SpanBounds(0, 1, "quote")],
                                               "b": [SpanBounds(0, 1, "quote")]},
                                relations={"a": a, "b": b})
            for i, (a, b) in enumerate(corpus)]
    pair = compare_pair(docs, "a", "b")
    assert pair.relations is not None
    exact: Counter[str] = Counter()
    loose: Counter[str] = Counter()
    n_a: Counter[str] = Counter()
    n_b: Counter[str] = Counter()
    for a, b in corpus:
        a, b = sorted(set(a)), sorted(set(b))  # an annotator's duplicates count once
        n_a.update(r.label for r in a)
        n_b.update(r.label for r in b)
        exact.update(r.label for r in set(a) & set(b))
        for kind in ("x", "y"):
            loose[kind] += brute_matching([r for r in a if r.label == kind],
                                          [r for r in b if r.label == kind])
    for figure, expected in ((pair.relations.exact, exact), (pair.relations.overlap, loose)):
        assert {k: counts(v) for k, v in figure.per_label.items()} == {
            kind: (expected[kind], n_a[kind], n_b[kind]) for kind in ("x", "y")
            if n_a[kind] + n_b[kind]}
        assert counts(figure.overall) == (sum(expected.values()), sum(n_a.values()),
                                          sum(n_b.values()))
    assert pair.relations.exact.overall.tp <= pair.relations.overlap.overall.tp
    # The same whichever annotator is A.
    swapped = compare_pair(docs, "b", "a").relations
    assert swapped is not None
    assert swapped.overlap.overall.tp == pair.relations.overlap.overall.tp


@pytest.mark.parametrize("seed", range(40))
def test_dense_random_corpora_agree_with_brute_force(seed: int) -> None:
    # Many relations over few places: chains of rivals, where a first-come pairing
    # falls short of the most pairs.
    rng = random.Random(seed)

    def span() -> SpanBounds:
        start = rng.randrange(0, 9)
        return SpanBounds(start, start + rng.randrange(1, 6), rng.choice(["quote", "actor"]))

    def relations() -> list[RelationBounds]:
        return [RelationBounds(span(), rng.choice([SpanBounds(10, 14, "actor"),
                                                   SpanBounds(12, 16, "actor"), span()]),
                               rng.choice("xy")) for _ in range(rng.randrange(0, 9))]

    corpus = [(relations(), relations()) for _ in range(25)]
    docs = [DocumentAnnotations(f"d{i}", 20, {}, touched=("a", "b"),
                                relations={"a": a, "b": b}) for i, (a, b) in enumerate(corpus)]
    pair = compare_pair(docs, "a", "b")
    assert pair.relations is not None
    expected = sum(brute_matching(sorted({r for r in a if r.label == kind}),
                                  sorted({r for r in b if r.label == kind}))
                   for a, b in corpus for kind in "xy")
    assert pair.relations.overlap.overall.tp == expected
    assert [d.relations.overlap.overall.tp for d in pair.documents] == [  # type: ignore[union-attr]
        sum(brute_matching(sorted({r for r in a if r.label == kind}),
                           sorted({r for r in b if r.label == kind})) for kind in "xy")
        for a, b in corpus]


@settings(max_examples=300, deadline=None)
@given(st.sets(st.tuples(st.integers(0, 6), st.integers(0, 6)), max_size=20))
def test_the_matching_is_one_to_one_and_as_large_as_any(edges: set[tuple[int, int]]) -> None:
    import numpy as np

    from annotator.core.agreement.relations import maximum_matching

    pairs = sorted(edges)
    pair_a = np.array([x for x, _ in pairs], dtype=np.int64)
    pair_b = np.array([y for _, y in pairs], dtype=np.int64)
    chosen = maximum_matching(pair_a, pair_b, 7, 7).tolist()
    assert len(set(chosen)) == len(chosen)
    assert len({pairs[i][0] for i in chosen}) == len({pairs[i][1] for i in chosen}) == len(chosen)

    def most(rest: list[tuple[int, int]], used_b: frozenset[int]) -> int:
        if not rest:
            return 0
        x = rest[0][0]
        mine = [y for a, y in rest if a == x and y not in used_b]
        others = [(a, y) for a, y in rest if a != x]
        return max([most(others, used_b)] + [1 + most(others, used_b | {y}) for y in mine])

    assert len(chosen) == most(pairs, frozenset())
