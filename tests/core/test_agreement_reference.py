"""Agreement metrics against reference implementations and as properties.

Kappa is checked against scikit-learn, alpha against the ``krippendorff``
package, both fed per-token categories worked out here the slow, obvious way
(token by token), on random corpora with nested and overlapping spans.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence

import krippendorff
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.metrics import cohen_kappa_score, precision_score, recall_score

from annotator.core.agreement import (
    OUTSIDE,
    DocumentAnnotations,
    compare_document,
    compare_pair,
    krippendorff_alpha,
    span_f1,
)
from annotator.core.model import Span

LABELS = ("actor", "claim", "quote", "weapon")


# -- the slow, obvious way ------------------------------------------------------------

def units_of(doc: DocumentAnnotations) -> list[tuple[int, int]]:
    if doc.tokens is None:
        return [(i, i + 1) for i in range(doc.length)]
    return list(doc.tokens)


def covering(spans: Sequence[Span], unit: tuple[int, int]) -> list[Span]:
    return [s for s in spans if s.start < unit[1] and unit[0] < s.end]


def innermost(spans: Sequence[Span], unit: tuple[int, int]) -> str:
    found = covering(spans, unit)
    if not found:
        return OUTSIDE
    return min(found, key=lambda s: (s.end - s.start, -s.start, s.label)).label


def present(spans: Sequence[Span], unit: tuple[int, int], label: str) -> str:
    return label if any(s.label == label for s in covering(spans, unit)) else OUTSIDE


def token_categories(docs: Sequence[DocumentAnnotations], annotator: str,
                     label: str | None = None) -> list[str]:
    out = []
    for doc in docs:
        spans = doc.spans_of(annotator)
        for unit in units_of(doc):
            out.append(innermost(spans, unit) if label is None else present(spans, unit, label))
    return out


# -- random corpora -------------------------------------------------------------------

def random_tokens(rng: random.Random, length: int) -> list[tuple[int, int]]:
    tokens, at = [], rng.randrange(0, 2)
    while at < length:
        end = min(length, at + rng.randrange(1, 6))
        tokens.append((at, end))
        at = end + rng.randrange(0, 2)
    return tokens


def random_spans(rng: random.Random, length: int, count: int, name: str) -> list[Span]:
    spans = []
    for _ in range(count):
        start = rng.randrange(0, length - 1)
        end = rng.randrange(start + 1, min(length, start + 25) + 1)
        spans.append(Span(start, end, rng.choice(LABELS), name))
    return spans


def random_corpus(seed: int, names: Sequence[str] = ("a", "b"),
                  n_docs: int = 8) -> list[DocumentAnnotations]:
    rng = random.Random(seed)
    docs = []
    for index in range(n_docs):
        length = rng.randrange(5, 80)
        spans: dict[str, list[Span]] = {}
        touched: set[str] = set()
        for name in names:
            roll = rng.random()
            if roll < 0.15:
                continue  # never opened
            if roll < 0.25:
                touched.add(name)  # marked done, no span
                continue
            spans[name] = random_spans(rng, length, rng.randrange(0, 7), name)
            if rng.random() < 0.5 and spans[name]:  # copy some of another annotator's spans
                other = rng.choice(list(spans.values()))
                spans[name] += rng.sample(other, k=rng.randrange(0, len(other) + 1))
        tokens = random_tokens(rng, length) if rng.random() < 0.8 else None
        docs.append(DocumentAnnotations(f"doc{index}", length, spans, tokens=tokens,
                                        touched=touched))
    return docs


def included_docs(docs: Sequence[DocumentAnnotations], names: Sequence[str]
                  ) -> list[DocumentAnnotations]:
    return [doc for doc in docs if doc.annotators() & set(names)]


# -- kappa against scikit-learn -------------------------------------------------------

@pytest.mark.parametrize("seed", range(40))
def test_kappa_matches_sklearn(seed: int) -> None:
    docs = random_corpus(seed)
    pair = compare_pair(docs, "a", "b")
    counted = included_docs(docs, ("a", "b"))
    assert [d.doc_id for d in pair.documents] == [d.doc_id for d in counted]
    assert pair.n_excluded == len(docs) - len(counted)
    cases = [(pair.kappa.overall, None)]
    cases += [(kappa, label) for label, kappa in pair.kappa.per_label.items()]
    for ours, label in cases:
        y_a = token_categories(counted, "a", label)
        y_b = token_categories(counted, "b", label)
        assert ours.n_units == len(y_a)
        agreed = sum(x == y for x, y in zip(y_a, y_b, strict=True))
        assert ours.observed == pytest.approx(agreed / len(y_a))
        if ours.kappa is None:
            assert len(set(y_a) | set(y_b)) <= 1, ours.reason
        else:
            assert ours.kappa == pytest.approx(cohen_kappa_score(y_a, y_b), abs=1e-9)


@pytest.mark.parametrize("seed", range(15))
def test_per_document_kappa_matches_sklearn(seed: int) -> None:
    for doc in random_corpus(seed, n_docs=4):
        ours = compare_document(doc, "a", "b").kappa.overall
        y_a, y_b = token_categories([doc], "a"), token_categories([doc], "b")
        if ours.kappa is not None:
            assert ours.kappa == pytest.approx(cohen_kappa_score(y_a, y_b), abs=1e-9)


# -- alpha against the krippendorff package -------------------------------------------

def reliability_data(docs: Sequence[DocumentAnnotations], names: Sequence[str],
                     label: str | None = None) -> np.ndarray:
    codes: dict[str, int] = {}
    rows = []
    for name in names:
        row: list[float] = []
        for doc in docs:
            n = len(units_of(doc))
            if name not in doc.annotators():
                row += [math.nan] * n
                continue
            for category in token_categories([doc], name, label):
                row.append(codes.setdefault(category, len(codes)))
        rows.append(row)
    return np.array(rows, dtype=float)


@pytest.mark.parametrize("seed", range(40))
@pytest.mark.parametrize("names", [("a", "b"), ("a", "b", "c"), ("a", "b", "c", "d")])
def test_alpha_matches_krippendorff(seed: int, names: tuple[str, ...]) -> None:
    docs = random_corpus(seed, names)
    report = krippendorff_alpha(docs, names)
    counted = included_docs(docs, names)
    assert report.excluded == tuple(d.doc_id for d in docs if d not in counted)
    cases = [(report.overall, None)] + [(a, label) for label, a in report.per_label.items()]
    for ours, label in cases:
        data = reliability_data(counted, names, label)
        pairable = np.sum(~np.isnan(data), axis=0) >= 2
        assert ours.n_units == int(pairable.sum())
        values = set(data[:, pairable].ravel().tolist())
        if ours.alpha is None:
            assert len(values) <= 1, ours.reason
            continue
        reference = krippendorff.alpha(reliability_data=data, level_of_measurement="nominal")
        assert ours.alpha == pytest.approx(reference, abs=1e-9)


# -- properties -----------------------------------------------------------------------

def spans_strategy(name: str) -> st.SearchStrategy[list[Span]]:
    span = st.tuples(st.integers(0, 40), st.integers(1, 12), st.sampled_from(LABELS[:2])).map(
        lambda t: Span(t[0], t[0] + t[1], t[2], name))
    return st.lists(span, max_size=8)


@settings(max_examples=100, deadline=None)
@given(spans_strategy("a"), spans_strategy("b"))
def test_the_first_annotator_is_the_reference_as_in_scikit_learn(a: list[Span],
                                                                  b: list[Span]) -> None:
    """`agree A B`: A is y_true, B is y_pred. Over the spans either made, each is a
    positive of A if A made it and a prediction of B if B did: scikit-learn's
    precision is then matched / |B| and recall matched / |A|."""
    universe = sorted({(s.start, s.end, s.label) for s in a + b})
    if not universe:
        return
    reference = {(s.start, s.end, s.label) for s in a}
    predicted = {(s.start, s.end, s.label) for s in b}
    y_true = [u in reference for u in universe]
    y_pred = [u in predicted for u in universe]
    score = span_f1(a, b, "exact").overall
    for ours, theirs in ((score.precision, precision_score(y_true, y_pred,
                                                          zero_division=np.nan)),
                         (score.recall, recall_score(y_true, y_pred, zero_division=np.nan))):
        if ours is None:
            assert math.isnan(theirs)
        else:
            assert ours == pytest.approx(theirs)


@settings(max_examples=300, deadline=None)
@given(spans_strategy("a"), spans_strategy("b"))
def test_f1_is_symmetric_and_partial_is_never_below_exact(a: list[Span], b: list[Span]) -> None:
    for match in ("exact", "partial"):
        ab, ba = span_f1(a, b, match).overall, span_f1(b, a, match).overall
        assert ab.f1 == ba.f1
        assert ab.tp == ba.tp
        assert (ab.precision, ab.recall) == (ba.recall, ba.precision)
    exact, partial = span_f1(a, b, "exact").overall, span_f1(a, b, "partial").overall
    assert exact.tp <= partial.tp <= min(exact.n_a, exact.n_b)
    if exact.f1 is not None:
        assert 0 <= exact.f1 <= partial.f1 <= 1


@settings(max_examples=200, deadline=None)
@given(spans_strategy("a"))
def test_identical_spans_score_one(a: list[Span]) -> None:
    result = span_f1(a, list(a), "partial").overall
    assert result.f1 == (1.0 if a else None)


@settings(max_examples=200, deadline=None)
@given(spans_strategy("a"), st.integers(0, 40), st.integers(1, 12), st.integers(-3, 3),
       st.integers(-3, 3))
def test_exact_match_never_scores_below_a_near_miss(a: list[Span], start: int, width: int,
                                                    shift_start: int, shift_end: int) -> None:
    target = Span(start, start + width, "actor")
    near = Span(max(0, start + shift_start), max(max(0, start + shift_start) + 1,
                                                 start + width + shift_end), "actor")
    for match in ("exact", "partial"):
        hit = span_f1([*a, target], [target], match).overall.tp
        miss = span_f1([*a, target], [near], match).overall.tp
        assert hit >= miss


@settings(max_examples=200, deadline=None)
@given(spans_strategy("a"), spans_strategy("b"), st.booleans())
def test_token_tables_match_token_by_token(a: list[Span], b: list[Span], tokens: bool) -> None:
    length = 60
    doc = DocumentAnnotations("h", length, {"a": a, "b": b},
                              tokens=[(i, i + 3) for i in range(0, length - 3, 4)] if tokens
                              else None)
    pair = compare_document(doc, "a", "b")
    ours = pair.kappa.overall
    pairs = list(zip(token_categories([doc], "a"), token_categories([doc], "b"), strict=True))
    assert dict(ours.table) == {key: pairs.count(key) for key in set(pairs)}
    flipped = compare_document(doc, "b", "a").kappa.overall
    assert flipped.kappa == ours.kappa or (flipped.kappa is None and ours.kappa is None)


def greedy_partial_tp(a: list[Span], b: list[Span]) -> float:
    """Partial credit the obvious way: every same-label pair, best first."""
    ranges_a = {(s.start, s.end, s.label) for s in a}
    ranges_b = {(s.start, s.end, s.label) for s in b}
    candidates = []
    for x in ranges_a:
        for y in ranges_b:
            overlap = min(x[1], y[1]) - max(x[0], y[0])
            if x[2] == y[2] and overlap > 0:
                jaccard = overlap / (max(x[1], y[1]) - min(x[0], y[0]))
                candidates.append((-jaccard, min(x, y), max(x, y), x, y))
    used_a, used_b, total = set(), set(), 0.0
    for neg, _, _, x, y in sorted(candidates):
        if x not in used_a and y not in used_b:
            used_a.add(x)
            used_b.add(y)
            total -= neg
    return total


@settings(max_examples=300, deadline=None)
@given(spans_strategy("a"), spans_strategy("b"))
def test_partial_credit_matches_all_pairs_greedy(a: list[Span], b: list[Span]) -> None:
    assert span_f1(a, b, "partial").overall.tp == pytest.approx(greedy_partial_tp(a, b))
