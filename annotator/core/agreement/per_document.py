"""A pair's figures on every document at once, as columns: for long per-document tables.

:attr:`PairAgreement.documents` makes one :class:`DocumentPair` (with its
per-label scores and tables) per document asked for, which is right for a few
documents and slow for ten thousand. :class:`DocumentFigures` holds the same
overall figures of every document in arrays: span F1 (exact and partial) with
its counts, token kappa (innermost label) with its units, and relation F1 (exact
and with overlapping ends) with its counts. Figures follow the same definitions
(:mod:`.spans`, :mod:`.chance`, :mod:`.relations`) and are NaN where those are
None. Relation counts are the pair's own (:meth:`Comparison.relation_counts`),
summed over types: the documents' counts add up to the pair's overall figure.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from annotator.core.agreement.corpus import Array
from annotator.core.agreement.documents import Inclusion
from annotator.core.agreement.report import Comparison


@dataclass(frozen=True, eq=False)
class DocumentFigures:
    """Row ``i`` is document ``index[i]`` of the corpus (id ``doc_ids[i]``), in the
    order of :attr:`PairAgreement.documents`. Counts are over all labels (relations:
    all types)."""

    annotator_a: str
    annotator_b: str
    doc_ids: Sequence[str]
    index: Array
    n_a: Array  # A's distinct spans
    n_b: Array
    exact_tp: Array  # exact matches
    partial_tp: Array  # exact matches plus partial credit (float)
    units: Array  # units (tokens) kappa counts
    agreed: Array  # units given the same category by both
    chance: Array  # units * units * expected agreement, a whole number
    relations_a: Array  # A's distinct relations
    relations_b: Array
    relations_exact: Array  # relations matched exactly
    relations_overlap: Array  # matched with overlapping ends (a maximum matching)

    def __len__(self) -> int:
        return len(self.index)

    def f1(self, *, partial: bool = False) -> Array:
        """Span F1, ``2 tp / (n_a + n_b)``; NaN where neither has a span."""
        tp = self.partial_tp if partial else self.exact_tp
        total = self.n_a + self.n_b
        return _ratio(2 * tp, total, total > 0)

    def relation_f1(self, *, overlap: bool = False) -> Array:
        """Relation F1, ``2 tp / (n_a + n_b)``; NaN where neither has a relation."""
        tp = self.relations_overlap if overlap else self.relations_exact
        total = self.relations_a + self.relations_b
        return _ratio(2 * tp, total, total > 0)

    def kappa(self) -> Array:
        """Cohen's kappa over units; NaN with no units or expected agreement 1."""
        n = self.units.astype(np.float64)
        square = self.units * self.units
        defined = (self.units > 0) & (self.chance != square)
        observed = _ratio(self.agreed, n, defined)
        expected = _ratio(self.chance, square, defined)
        return _ratio(observed - expected, 1 - expected, defined)


def _ratio(top: Array, bottom: Array, defined: Array) -> Array:
    out = np.full(len(defined), np.nan)
    np.divide(top, bottom, out=out, where=defined)
    return out


def document_figures(comparison: Comparison, a: str, b: str,
                     inclusion: Inclusion = "either") -> DocumentFigures:
    """A against B on each document the comparison counts, in corpus order."""
    corpus, counts = comparison.corpus, comparison.counts(a, b)
    docs = np.flatnonzero(comparison.included(a, b, inclusion))
    chance = (comparison.category_totals(a) * comparison.category_totals(b)).sum(1)
    relations = comparison.relation_counts(a, b)  # [document, type], counted once per pair
    return DocumentFigures(
        a, b, [corpus.doc_ids[d] for d in docs.tolist()], docs,
        counts.n_a[docs].sum(1), counts.n_b[docs].sum(1), counts.exact[docs].sum(1),
        counts.partial[docs].sum(1), corpus.units_per_doc()[docs], counts.agreed[docs],
        chance[docs], relations.n_a[docs].sum(1), relations.n_b[docs].sum(1),
        relations.exact[docs].sum(1), relations.overlap[docs].sum(1))
