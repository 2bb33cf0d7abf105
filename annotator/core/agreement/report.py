"""Agreement of annotators over a set of documents: per document and pooled.

Corpus figures pool the *counts* of the included documents (TP/FP/FN,
contingency tables, coincidences) and compute each figure once from the pooled
counts; they are not averages of per-document figures.

A document counts in a comparison only if someone in it touched the document
(see :class:`DocumentAnnotations`); documents nobody touched are excluded and
listed in ``excluded``, never counted as agreement.

All counting is done over the whole corpus at once (:mod:`.coding`,
:mod:`.pairs`); a document's own figures are made when they are asked for.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from itertools import combinations
from typing import overload

import numpy as np

from annotator.core.agreement.chance import Alpha, Kappa, alpha_from_counts, binary_table
from annotator.core.agreement.coding import code
from annotator.core.agreement.confusion import Confusion
from annotator.core.agreement.corpus import Array, Corpus
from annotator.core.agreement.documents import (
    OUTSIDE,
    DocumentAnnotations,
    Inclusion,
    RelationLike,
)
from annotator.core.agreement.pairs import PairCounts, count_pair, label_confusion_counts
from annotator.core.agreement.relations import RelationCounts, RelationScore, count_relations
from annotator.core.agreement.spans import Match, SpanF1, SpanScore, total_score
from annotator.core.model import SpanLike

Documents = Corpus | Iterable[DocumentAnnotations]


@dataclass(frozen=True, slots=True)
class TokenKappa:
    """Cohen's kappa over units: overall (innermost label or ``"O"`` per unit)
    and per label (binary: the label covers the unit or not)."""

    overall: Kappa
    per_label: Mapping[str, Kappa] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class RelationF1:
    """Relation F1 per type and overall (micro): ends and type equal (``exact``), or
    ends overlapping with the same labels and the type equal (``overlap``); see
    :mod:`.relations`. ``per_label`` of each is keyed by relation type."""

    exact: SpanF1
    overlap: SpanF1


@dataclass(frozen=True, slots=True)
class DocumentPair:
    """Two annotators' agreement on one document."""

    doc_id: str
    exact: SpanF1
    partial: SpanF1
    kappa: TokenKappa
    relations: RelationF1 | None = None


@dataclass(frozen=True, slots=True)
class PairAgreement:
    """Two annotators' agreement over a corpus: pooled figures and per document.

    ``annotator_a`` is the reference and ``annotator_b`` is scored against it
    (precision = share of B's spans found in A, recall = share of A's found in
    B). ``excluded`` lists the ids of documents not counted.
    """

    annotator_a: str
    annotator_b: str
    exact: SpanF1
    partial: SpanF1
    kappa: TokenKappa
    documents: Sequence[DocumentPair]
    excluded: tuple[str, ...] = ()
    relations: RelationF1 | None = None

    @property
    def n_documents(self) -> int:
        return len(self.documents)

    @property
    def n_excluded(self) -> int:
        return len(self.excluded)


class LazySequence(Sequence):  # type: ignore[type-arg]
    """Items made from their position when asked for (a corpus has thousands)."""

    def __init__(self, size: int, make: Callable[[int], object]) -> None:
        self._size = size
        self._make = make

    def __len__(self) -> int:
        return self._size

    @overload
    def __getitem__(self, index: int) -> object: ...
    @overload
    def __getitem__(self, index: slice) -> list[object]: ...
    def __getitem__(self, index: int | slice) -> object:
        if isinstance(index, slice):
            return [self._make(i) for i in range(*index.indices(self._size))]
        if index < 0:
            index += self._size
        if not 0 <= index < self._size:
            raise IndexError(index)
        return self._make(index)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Sequence):
            return NotImplemented
        return len(self) == len(other) and all(x == y for x, y in zip(self, other, strict=True))

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"<{self._size} items>"


class LazyMapping(Mapping[str, Alpha]):
    """Values made from their key's position when asked for."""

    def __init__(self, keys: Sequence[str], make: Callable[[int], Alpha]) -> None:
        self._index = {key: i for i, key in enumerate(keys)}
        self._make = make

    def __getitem__(self, key: str) -> Alpha:
        return self._make(self._index[key])

    def __iter__(self) -> Iterator[str]:
        return iter(self._index)

    def __len__(self) -> int:
        return len(self._index)

    def __repr__(self) -> str:
        return f"<{len(self)} documents>"


class Comparison:
    """The codings of some annotators over a corpus, and the counts of each pair,
    each worked out once (kappa of a pair and alpha share them)."""

    def __init__(self, corpus: Corpus, annotators: Sequence[str]) -> None:
        self.corpus = corpus
        self.annotators = tuple(annotators)
        self._pairs: dict[tuple[str, str], PairCounts] = {}
        self._relation_pairs: dict[tuple[str, str], RelationCounts] = {}
        # numpy lets go of the interpreter lock in its sorts and searches: on two
        # cores, two codings at once take little more than one. Relations need no
        # units: every pair's are counted meanwhile.
        with ThreadPoolExecutor(2) as pool:
            codings = pool.map(lambda name: code(corpus, name), self.annotators)
            relations = [pool.submit(self.relation_counts, a, b)
                         for a, b in combinations(self.annotators, 2)
                         if len(corpus.relations_of(a)) or len(corpus.relations_of(b))]
            self.codings = dict(zip(self.annotators, codings, strict=True))
            for counted in relations:
                counted.result()

    @classmethod
    def of(cls, docs: Documents, annotators: Sequence[str] | None) -> Comparison:
        if not isinstance(docs, Corpus):
            docs = list(docs)
            names = tuple(annotators) if annotators is not None else all_annotators(docs)
            return cls(Corpus.from_documents(docs, names), names)
        if annotators is None:
            annotators = sorted(name for name, touched in docs.touched.items() if touched.any())
        return cls(docs, annotators)

    def counts(self, a: str, b: str) -> PairCounts:
        found = self._pairs.get((a, b))
        if found is None:
            found = self._pairs[(a, b)] = count_pair(self.corpus, self.codings[a],
                                                     self.codings[b])
        return found

    def relation_counts(self, a: str, b: str) -> RelationCounts:
        found = self._relation_pairs.get((a, b))
        if found is None:
            corpus = self.corpus
            found = self._relation_pairs[(a, b)] = count_relations(
                corpus.relations_of(a), corpus.relations_of(b), corpus.n_docs,
                len(corpus.relation_types), corpus.position_offsets())
        return found

    def _relation_f1(self, counts: RelationCounts, docs: Array | int) -> RelationF1:
        """Relation F1 summed over ``docs`` (indices), or of one document."""
        types = self.corpus.relation_types

        def summed(column: Array) -> Array:
            return column[docs] if isinstance(docs, int) else column[docs].sum(0)

        n_a, n_b = summed(counts.n_a), summed(counts.n_b)
        used = np.flatnonzero(n_a + n_b)
        scores = {match: {types[i]: RelationScore(int(summed(column)[i]), int(n_a[i]),
                                                  int(n_b[i])) for i in used}
                  for match, column in (("exact", counts.exact), ("overlap", counts.overlap))}
        return RelationF1(*(SpanF1(match, _total_relations(found.values()), found)
                            for match, found in scores.items()))

    def category_totals(self, name: str) -> Array:
        """``[d, category]``: the units of document ``d`` the annotator gave each
        category (0 is ``"O"``, see :mod:`.coding`)."""
        return self.codings[name].totals

    def category_names(self) -> list[str]:
        return [OUTSIDE, *self.corpus.labels]

    def included(self, a: str, b: str, inclusion: Inclusion = "either") -> Array:
        """Which documents a comparison of A and B counts (see :data:`Inclusion`)."""
        touched_a, touched_b = self.corpus.touched_by(a), self.corpus.touched_by(b)
        return touched_a | touched_b if inclusion == "either" else touched_a & touched_b

    def pair(self, a: str, b: str, inclusion: Inclusion = "either") -> PairAgreement:
        corpus, counts = self.corpus, self.counts(a, b)
        included = self.included(a, b, inclusion)
        docs = np.flatnonzero(included)
        labels = corpus.labels
        n_a, n_b = counts.n_a[docs].sum(0), counts.n_b[docs].sum(0)
        exact, partial = counts.exact[docs].sum(0), counts.partial[docs].sum(0)
        used = np.flatnonzero(n_a + n_b)
        exact_scores = {labels[i]: SpanScore(int(exact[i]), int(n_a[i]), int(n_b[i]))
                        for i in used}
        partial_scores = {labels[i]: SpanScore(float(partial[i]), int(n_a[i]), int(n_b[i]))
                          for i in used}
        n_units = int(corpus.units_per_doc()[docs].sum())
        covered_a, covered_b = counts.a.coverage[docs].sum(0), counts.b.coverage[docs].sum(0)
        both = counts.both[docs].sum(0)
        kappa = TokenKappa(
            Kappa(self._table(counts, docs)),
            {labels[i]: Kappa(binary_table(labels[i], n_units, int(covered_a[i]),
                                           int(covered_b[i]), int(both[i])))
             for i in np.flatnonzero(covered_a + covered_b)})
        relations = self.relation_counts(a, b)
        return PairAgreement(
            a, b, SpanF1("exact", total_score(exact_scores.values()), exact_scores),
            SpanF1("partial", total_score(partial_scores.values()), partial_scores), kappa,
            LazySequence(len(docs), lambda i: self.document(counts, int(docs[i]), relations)),
            tuple(corpus.doc_ids[i] for i in np.flatnonzero(~included)),
            self._relation_f1(relations, docs))

    def document(self, counts: PairCounts, d: int,
                 relations: RelationCounts | None = None) -> DocumentPair:
        """A's and B's figures on document ``d`` alone."""
        corpus = self.corpus
        labels = corpus.labels
        n_a, n_b = counts.n_a[d], counts.n_b[d]
        used = np.flatnonzero(n_a + n_b)
        exact = {labels[i]: SpanScore(int(counts.exact[d, i]), int(n_a[i]), int(n_b[i]))
                 for i in used}
        partial = {labels[i]: SpanScore(float(counts.partial[d, i]), int(n_a[i]), int(n_b[i]))
                   for i in used}
        units = slice(int(corpus.unit_offsets[d]), int(corpus.unit_offsets[d + 1]))
        n_units = units.stop - units.start
        covered_a, covered_b = counts.a.coverage[d], counts.b.coverage[d]
        kappa = TokenKappa(
            Kappa(self._table(counts, d)),
            {labels[i]: Kappa(binary_table(labels[i], n_units, int(covered_a[i]),
                                           int(covered_b[i]), int(counts.both[d, i])))
             for i in np.flatnonzero(covered_a + covered_b)})
        return DocumentPair(corpus.doc_ids[d],
                            SpanF1("exact", total_score(exact.values()), exact),
                            SpanF1("partial", total_score(partial.values()), partial), kappa,
                            self._relation_f1(relations, d) if relations is not None else None)

    def _table(self, counts: PairCounts, docs: Array | int) -> dict[tuple[str, ...], int]:
        """Units per (category of A, category of B) in ``docs`` (indices), or in one
        document. Made from A's category totals and the few units where A and B
        differ: every other unit is on the diagonal."""
        names = self.category_names()
        width = len(names)
        offsets = self.corpus.unit_offsets
        if isinstance(docs, int):
            differ = counts.differ[np.searchsorted(counts.differ, offsets[docs]):
                                   np.searchsorted(counts.differ, offsets[docs + 1])]
            totals = counts.a.totals[docs]
        else:
            differ = counts.differ
            if len(docs) < self.corpus.n_docs:
                chosen = np.zeros(self.corpus.n_docs, dtype=bool)
                chosen[docs] = True
                differ = differ[chosen[self.corpus.doc_of(differ)]]
            totals = counts.a.totals[docs].sum(0)
        category_a, category_b = counts.a.category[differ], counts.b.category[differ]
        cells = np.bincount(category_a * width + category_b, minlength=width * width)
        same = totals - np.bincount(category_a, minlength=width)
        cells[np.arange(width) * (width + 1)] += same
        return {(names[cell // width], names[cell % width]): int(cells[cell])
                for cell in np.flatnonzero(cells)}

    def alpha(self) -> AlphaReport:
        return _alpha(self)

    def confusion(self, a: str, b: str) -> Confusion:
        """A's labels against B's, spans matched by extent (see :mod:`.confusion`)."""
        labels: list[str | None] = [*self.corpus.labels, None]
        counts = label_confusion_counts(self.codings[a].spans, self.codings[b].spans,
                                        len(self.corpus.labels))
        return Confusion(a, b, {(labels[i], labels[j]): int(counts[i, j])
                                for i, j in zip(*np.nonzero(counts), strict=True)})


@dataclass(frozen=True, slots=True)
class PairwiseMatrix:
    """:class:`PairAgreement` for every pair of annotators."""

    annotators: tuple[str, ...]
    pairs: Mapping[tuple[str, str], PairAgreement]

    def get(self, a: str, b: str) -> PairAgreement:
        """The pair in either order; precision/recall are those of the stored order
        (``annotator_b`` against ``annotator_a``, the reference). F1 and kappa are
        symmetric."""
        return self.pairs[(a, b)] if (a, b) in self.pairs else self.pairs[(b, a)]

    def f1(self, a: str, b: str, *, partial: bool = False) -> float | None:
        """Corpus span F1 (micro over labels) of a pair; None on the diagonal
        (nobody is compared with themselves) and where undefined."""
        if a == b:
            return None
        pair = self.get(a, b)
        return (pair.partial if partial else pair.exact).overall.f1

    def kappa(self, a: str, b: str) -> float | None:
        """Corpus token kappa (innermost label) of a pair; None on the diagonal
        and where undefined."""
        return None if a == b else self.get(a, b).kappa.overall.kappa


@dataclass(frozen=True, slots=True)
class AlphaReport:
    """Krippendorff's alpha (nominal, over units) for two or more annotators.

    An annotator who did not touch a document has missing values for all its
    units. ``excluded``: documents nobody touched; ``unpairable``: documents
    only one annotator touched (they add no pairable values).
    """

    annotators: tuple[str, ...]
    overall: Alpha
    per_label: Mapping[str, Alpha]
    documents: Mapping[str, Alpha]
    excluded: tuple[str, ...] = ()
    unpairable: tuple[str, ...] = ()
    by_document: Array | None = field(default=None, compare=False, repr=False)
    """The alpha of every document of the corpus, in corpus order, NaN where it is
    None or the document is not in ``documents``: for long per-document tables."""


def compare_document(doc: DocumentAnnotations, a: str, b: str) -> DocumentPair:
    """Span F1 (exact and partial) and token kappa of A against B on one document.

    Counts the document whoever touched it; :func:`compare_pair` decides which
    documents to count.
    """
    comparison = Comparison(Corpus.from_documents([doc], (a, b)), (a, b))
    return comparison.document(comparison.counts(a, b), 0, comparison.relation_counts(a, b))


def span_f1(spans_a: Iterable[SpanLike], spans_b: Iterable[SpanLike],
            match: Match = "exact") -> SpanF1:
    """Span F1 of A's spans against B's in one document (see :mod:`.spans`)."""
    spans = {"a": list(spans_a), "b": list(spans_b)}
    length = max((span.end for found in spans.values() for span in found), default=0)
    pair = compare_document(DocumentAnnotations("spans", length, spans, tokens=()), "a", "b")
    return pair.exact if match == "exact" else pair.partial


def compare_pair(docs: Documents, a: str, b: str, *,
                 inclusion: Inclusion = "either") -> PairAgreement:
    """A against B over a corpus, per document and pooled.

    ``inclusion="either"`` counts every document at least one of them touched
    (one who did not is taken to have found nothing); ``"both"`` only the
    documents both touched. The others are listed in ``excluded``.
    """
    return Comparison.of(docs, (a, b)).pair(a, b, inclusion)


def pairwise(docs: Documents, annotators: Sequence[str] | None = None,
             *, inclusion: Inclusion = "either") -> PairwiseMatrix:
    """Every pair of ``annotators`` (default: everyone who touched a document)."""
    return matrix_of(Comparison.of(docs, annotators), inclusion)


def matrix_of(comparison: Comparison, inclusion: Inclusion = "either") -> PairwiseMatrix:
    names = comparison.annotators
    return PairwiseMatrix(names, {(a, b): comparison.pair(a, b, inclusion)
                                  for a, b in combinations(names, 2)})


def relation_f1(relations_a: Iterable[RelationLike], relations_b: Iterable[RelationLike]
                ) -> RelationF1:
    """Relation F1 (exact and overlap) of A's relations against B's in one document."""
    found = {"a": list(relations_a), "b": list(relations_b)}
    length = max((end.end for rels in found.values() for r in rels for end in (r.head, r.child)),
                 default=0)
    pair = compare_document(DocumentAnnotations("relations", length, {}, tokens=(),
                                                relations=found), "a", "b")
    assert pair.relations is not None
    return pair.relations


def _total_relations(scores: Iterable[SpanScore]) -> RelationScore:
    total = total_score(scores)
    return RelationScore(total.tp, total.n_a, total.n_b)


def all_annotators(docs: Iterable[DocumentAnnotations]) -> tuple[str, ...]:
    """Everyone who touched at least one of the documents, sorted."""
    names: set[str] = set()
    for doc in docs:
        names |= doc.annotators()
    return tuple(sorted(names))


def krippendorff_alpha(docs: Documents, annotators: Sequence[str] | None = None) -> AlphaReport:
    """Alpha over units, overall (innermost label or ``"O"``) and per label
    (binary present/absent), per document and pooled over the corpus."""
    return Comparison.of(docs, annotators).alpha()


def _alpha(comparison: Comparison) -> AlphaReport:
    """Alpha from the pairs' counts: within a unit, the pairs of values that agree
    are twice the pairs of annotators who gave it the same category, so the
    coincidences of any number of annotators come from :class:`PairCounts`.

    ``agreeing[d]`` is the document's sum of coincidences ``o_cc`` over
    categories; ``totals[d, c]`` its values of each category (``n_c``).
    """
    corpus, names = comparison.corpus, comparison.annotators
    n_docs, labels = corpus.n_docs, corpus.labels
    units = corpus.units_per_doc()
    touched = np.array([corpus.touched_by(name) for name in names],
                       dtype=bool).reshape(len(names), n_docs)
    coders = touched.sum(0)
    pairable = coders >= 2
    share = np.where(pairable, 1 / np.maximum(coders - 1, 1), 0.0)  # 1 / (m - 1)
    width = len(labels) + 1
    totals = np.zeros((n_docs, width), dtype=np.int64)
    label_totals = np.zeros((n_docs, len(labels)), dtype=np.int64)
    for row, name in zip(touched, names, strict=True):
        coding = comparison.codings[name]
        totals += comparison.category_totals(name) * row[:, None]
        label_totals += coding.coverage * row[:, None]
    agreeing = np.zeros(n_docs)
    label_agreeing = np.zeros((n_docs, len(labels)))
    for (i, a), (j, b) in combinations(enumerate(names), 2):
        counts = comparison.counts(a, b)
        both = touched[i] & touched[j]
        agreeing += 2 * counts.agreed * both
        neither = (units[:, None] - comparison.codings[a].coverage
                   - comparison.codings[b].coverage + counts.both)
        label_agreeing += 2 * (counts.both + neither) * both[:, None]
    agreeing *= share
    label_agreeing *= share[:, None]
    used_labels = label_totals.sum(0) > 0  # by anyone, in any document, pairable or not
    totals *= pairable[:, None]
    label_totals *= pairable[:, None]
    pairable_units = units * pairable
    names_of = [OUTSIDE, *labels]

    def document(d: int) -> Alpha:
        return alpha_from_counts(float(agreeing[d]), dict(zip(names_of, totals[d].tolist(),
                                                              strict=True)),
                                 int(pairable_units[d]))

    n_values = int((coders * units * pairable).sum())
    per_label = {}
    for index in np.flatnonzero(used_labels):
        present = int(label_totals[:, index].sum())
        per_label[labels[index]] = alpha_from_counts(
            float(label_agreeing[:, index].sum()),
            {labels[index]: present, OUTSIDE: n_values - present}, int(pairable_units.sum()))
    kept = np.flatnonzero(coders >= 1)
    ids = [corpus.doc_ids[d] for d in kept]
    return AlphaReport(
        names,
        alpha_from_counts(float(agreeing.sum()),
                          dict(zip(names_of, totals.sum(0).tolist(), strict=True)),
                          int(pairable_units.sum())),
        per_label, LazyMapping(ids, lambda i: document(int(kept[i]))),
        tuple(corpus.doc_ids[d] for d in np.flatnonzero(coders == 0)),
        tuple(corpus.doc_ids[d] for d in np.flatnonzero(coders == 1)),
        _document_alphas(agreeing, totals))


def _document_alphas(agreeing: Array, totals: Array) -> Array:
    """:func:`~.chance.alpha_from_counts` of every document at once (the same
    arithmetic, so the same figures), NaN where that gives None."""
    n = totals.sum(1)
    defined = (n > 0) & ((totals > 0).sum(1) != 1)
    safe = np.where(defined, n, 2)
    observed = agreeing / safe
    expected = (totals * (totals - 1)).sum(1) / (safe * (safe - 1))
    return np.where(defined, 1 - (1 - observed) / np.where(defined, 1 - expected, 1), np.nan)

