"""Agreement of annotators over a set of documents: per document and pooled.

Corpus figures pool the *counts* of the included documents (TP/FP/FN,
contingency tables, value sets) and compute each figure once from the pooled
counts; they are not averages of per-document figures.

A document counts in a comparison only if someone in it touched the document
(see :class:`DocumentAnnotations`); documents nobody touched are excluded and
listed in ``excluded``, never counted as agreement.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import combinations

from annotator.core.agreement.chance import Alpha, Kappa, binary_table, krippendorff_nominal
from annotator.core.agreement.documents import (
    OUTSIDE,
    DocumentAnnotations,
    Inclusion,
    included,
    without_collector,
)
from annotator.core.agreement.spans import SpanF1, span_f1_grouped
from annotator.core.agreement.units import (
    Annotation,
    annotation,
    joint_counts,
    presence_sizes,
)

_Table = Counter[tuple[str, ...]]


@dataclass(frozen=True, slots=True)
class TokenKappa:
    """Cohen's kappa over units: overall (innermost label or ``"O"`` per unit)
    and per label (binary: the label covers the unit or not)."""

    overall: Kappa
    per_label: Mapping[str, Kappa] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class DocumentPair:
    """Two annotators' agreement on one document."""

    doc_id: str
    exact: SpanF1
    partial: SpanF1
    kappa: TokenKappa


@dataclass(frozen=True, slots=True)
class PairAgreement:
    """Two annotators' agreement over a corpus: pooled figures and per document.

    ``annotator_a`` is scored against ``annotator_b`` (precision = share of A's
    spans found in B). ``excluded`` lists the ids of documents not counted.
    """

    annotator_a: str
    annotator_b: str
    exact: SpanF1
    partial: SpanF1
    kappa: TokenKappa
    documents: tuple[DocumentPair, ...]
    excluded: tuple[str, ...] = ()

    @property
    def n_documents(self) -> int:
        return len(self.documents)

    @property
    def n_excluded(self) -> int:
        return len(self.excluded)


def compare_document(doc: DocumentAnnotations, a: str, b: str) -> DocumentPair:
    """Span F1 (exact and partial) and token kappa of A against B on one document.

    Counts the document whoever touched it; :func:`compare_pair` decides which
    documents to count.
    """
    return _compare(doc, a, b)


def _compare(doc: DocumentAnnotations, a: str, b: str) -> DocumentPair:
    ann_a, ann_b = annotation(doc, a), annotation(doc, b)
    n = doc.n_units
    table = _joint(doc, (a, b), (ann_a, ann_b))
    per_label = {label: Kappa(binary_table(label, n, *sizes))
                 for label, sizes in _presence(doc, (a, b), (ann_a, ann_b)).items()}
    exact, partial = span_f1_grouped(ann_a.ranges, ann_b.ranges)
    return DocumentPair(doc.doc_id, exact, partial, TokenKappa(Kappa(table), per_label))


def _presence(doc: DocumentAnnotations, names: tuple[str, str],
              annotations: Sequence[Annotation]) -> dict[str, tuple[int, int, int]]:
    """Per label (sorted) that either of two annotators used on a unit: units covered
    by A, by B, and by both; remembered with the document like :func:`_joint`.
    Callers only read it."""
    key = ("presence", names)
    sizes = doc._memo.get(key)
    if sizes is None:
        first, second = annotations
        sizes = doc._memo[key] = {
            label: presence_sizes(first, second, label)
            for label in sorted(first.units.keys() | second.units.keys())}
    return sizes  # type: ignore[return-value]


def _joint(doc: DocumentAnnotations, names: tuple[str, ...],
           annotations: Sequence[Annotation]) -> _Table:
    """The joint counts of innermost labels of these annotators, remembered with the
    document: kappa of a pair and alpha of the same two need the same tables (this
    and :func:`_presence`), which are small; the annotations they come from are not
    kept (they would cost more memory than they save time). Callers only read it."""
    key = ("joint", names)
    table = doc._memo.get(key)
    if table is None:
        table = doc._memo[key] = joint_counts(annotations, doc.n_units)
    return table  # type: ignore[return-value]


@without_collector
def compare_pair(docs: Iterable[DocumentAnnotations], a: str, b: str, *,
                 inclusion: Inclusion = "either") -> PairAgreement:
    """A against B over a corpus, per document and pooled.

    ``inclusion="either"`` counts every document at least one of them touched
    (one who did not is taken to have found nothing); ``"both"`` only the
    documents both touched. The others are listed in ``excluded``.
    """
    pairs: list[DocumentPair] = []
    excluded: list[str] = []
    n_units = 0
    for doc in docs:
        if included(doc, (a, b), inclusion):
            pairs.append(_compare(doc, a, b))
            n_units += doc.n_units
        else:
            excluded.append(doc.doc_id)
    return PairAgreement(a, b, SpanF1.pooled("exact", (p.exact for p in pairs)),
                         SpanF1.pooled("partial", (p.partial for p in pairs)),
                         _pooled_kappa([p.kappa for p in pairs], n_units),
                         tuple(pairs), tuple(excluded))


def _pooled_kappa(parts: Sequence[TokenKappa], n_units: int) -> TokenKappa:
    """Tables summed over documents; per label, units of documents where
    neither annotator used the label count as ``"O"`` for both."""
    table: _Table = Counter()
    label_tables: dict[str, _Table] = {}
    for part in parts:
        table.update(part.overall.table)
        for label, kappa in part.per_label.items():
            pooled = label_tables.get(label)
            if pooled is None:
                label_tables[label] = Counter(kappa.table)
            else:
                pooled.update(kappa.table)
    return TokenKappa(Kappa(table), {
        label: Kappa(_fill_absent(label_tables[label], n_units, 2))
        for label in sorted(label_tables)
    })


def _fill_absent(table: _Table, n_units: int, width: int) -> _Table:
    """Units of documents where nobody used the label are ``"O"`` for everyone."""
    missing = n_units - sum(table.values())
    if missing:
        table[(OUTSIDE,) * width] += missing
    return table


@dataclass(frozen=True, slots=True)
class PairwiseMatrix:
    """:class:`PairAgreement` for every pair of annotators."""

    annotators: tuple[str, ...]
    pairs: Mapping[tuple[str, str], PairAgreement]

    def get(self, a: str, b: str) -> PairAgreement:
        """The pair in either order; precision/recall are those of the stored order
        (``annotator_a`` against ``annotator_b``). F1 and kappa are symmetric."""
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


@without_collector
def pairwise(docs: Sequence[DocumentAnnotations], annotators: Sequence[str] | None = None,
             *, inclusion: Inclusion = "either") -> PairwiseMatrix:
    """Every pair of ``annotators`` (default: everyone who touched a document)."""
    names = tuple(annotators) if annotators is not None else all_annotators(docs)
    return PairwiseMatrix(names, {
        (a, b): compare_pair(docs, a, b, inclusion=inclusion) for a, b in combinations(names, 2)
    })


def all_annotators(docs: Iterable[DocumentAnnotations]) -> tuple[str, ...]:
    """Everyone who touched at least one of the documents, sorted."""
    names: set[str] = set()
    for doc in docs:
        names |= doc.annotators()
    return tuple(sorted(names))


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


@without_collector
def krippendorff_alpha(docs: Iterable[DocumentAnnotations],
                       annotators: Sequence[str] | None = None) -> AlphaReport:
    """Alpha over units, overall (innermost label or ``"O"``) and per label
    (binary present/absent), per document and pooled over the corpus."""
    docs = list(docs)
    names = tuple(annotators) if annotators is not None else all_annotators(docs)
    pooled: _Table = Counter()
    label_values: dict[str, _Table] = {}
    per_document: dict[str, Alpha] = {}
    excluded: list[str] = []
    unpairable: list[str] = []
    n_units_by_width: Counter[int] = Counter()
    for doc in docs:
        touched = doc.annotators()
        coders = [name for name in names if name in touched]
        if not coders:
            excluded.append(doc.doc_id)
            continue
        if len(coders) == 1:
            unpairable.append(doc.doc_id)
        values, doc_label_values = _document_values(doc, coders)
        per_document[doc.doc_id] = krippendorff_nominal(values)
        pooled.update(values)
        for label, counts in doc_label_values.items():
            pooled_label = label_values.get(label)
            if pooled_label is None:
                label_values[label] = Counter(counts)
            else:
                pooled_label.update(counts)
        n_units_by_width[len(coders)] += doc.n_units
    per_label = {label: krippendorff_nominal(_fill_absent_widths(label_values[label],
                                                                 n_units_by_width))
                 for label in sorted(label_values)}
    return AlphaReport(names, krippendorff_nominal(pooled), per_label, per_document,
                       tuple(excluded), tuple(unpairable))


def _document_values(doc: DocumentAnnotations, coders: Sequence[str]
                     ) -> tuple[_Table, dict[str, _Table]]:
    """Value sets of the document's units, overall and per label."""
    n = doc.n_units
    if len(coders) == 2:  # present/absent of two: the tables of per-label kappa
        pair = (coders[0], coders[1])
        values, sizes = doc._memo.get(("joint", pair)), doc._memo.get(("presence", pair))
        if values is None or sizes is None:  # not compared as a pair before
            annotations = [annotation(doc, name) for name in coders]
            values = _joint(doc, pair, annotations)
            sizes = _presence(doc, pair, annotations)
        label_values = {label: Counter({key: count for key, count in binary_table(
            label, n, *label_sizes).items() if count})
            for label, label_sizes in sizes.items()}  # type: ignore[union-attr]
        return values, label_values  # type: ignore[return-value]
    annotations = [annotation(doc, name) for name in coders]
    values = _joint(doc, tuple(coders), annotations)
    labels = sorted(set().union(*(found.units for found in annotations)))
    return values, {label: joint_counts(annotations, n, label) for label in labels}


def _fill_absent_widths(values: _Table, n_units_by_width: Counter[int]) -> _Table:
    """Add all-``"O"`` value sets for units of documents where nobody used the label."""
    seen: Counter[int] = Counter()
    for key, count in values.items():
        seen[len(key)] += count
    for width, total in n_units_by_width.items():
        missing = total - seen[width]
        if missing:
            values[(OUTSIDE,) * width] += missing
    return values
