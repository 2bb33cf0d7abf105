"""What two codings share, per document and label: the counts behind F1, kappa and alpha.

* **Exact matches**: spans of A with the same start, end and label in B.
* **Partial credit**: the spans left over after exact matching that overlap a
  leftover of B with the same label are paired greedily, best pair first, each
  span at most once; a pair earns its Jaccard overlap ``|A ∩ B| / |A ∪ B|`` over
  code points. Ties are broken by position (the lower range, then the higher),
  the same whichever annotator is A. See :mod:`.spans`.
* **Agreed units**: units both gave the same category (innermost label or O).
* **Units covered by both**, per label.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from annotator.core.agreement.coding import Coding, covered_units, span_order
from annotator.core.agreement.corpus import Array, Corpus, SpanColumns


@dataclass(frozen=True, eq=False)
class PairCounts:
    """Counts of A against B; ``[d, label]`` arrays unless said otherwise."""

    a: Coding
    b: Coding
    n_a: Array
    n_b: Array
    exact: Array
    partial: Array  # exact matches plus partial credit (float)
    agreed: Array  # [d]: units given the same category
    both: Array  # units the label covers in A and in B
    differ: Array  # the (global) units A and B gave different categories, ascending


def count_pair(corpus: Corpus, a: Coding, b: Coding) -> PairCounts:
    n_labels = len(corpus.labels)
    matched_a, matched_b = _exact_matches(a.spans, b.spans)
    n_a = _per_cell(a.spans, corpus.n_docs, n_labels)
    n_b = _per_cell(b.spans, corpus.n_docs, n_labels)
    exact = _per_cell(_select(a.spans, matched_a), corpus.n_docs, n_labels)
    credit = _partial_credit(corpus, _select(a.spans, ~matched_a), _select(b.spans, ~matched_b))
    # Units given the same category: all but the few where the codings differ.
    differ = np.flatnonzero(a.category != b.category)
    agreed = corpus.units_per_doc() - np.bincount(corpus.doc_of(differ),
                                                  minlength=corpus.n_docs)
    union = covered_units(corpus, np.concatenate((a.spans.doc, b.spans.doc)),
                          np.concatenate((a.spans.label, b.spans.label)),
                          np.concatenate((a.first, b.first)), np.concatenate((a.stop, b.stop)))
    return PairCounts(a, b, n_a, n_b, exact, exact + credit, agreed,
                      a.coverage + b.coverage - union, differ)


def _per_cell(spans: SpanColumns, n_docs: int, n_labels: int) -> Array:
    """Spans per (document, label)."""
    counts = np.bincount(spans.doc * n_labels + spans.label, minlength=n_docs * n_labels)
    return counts.reshape(n_docs, n_labels)


def _select(spans: SpanColumns, keep: Array) -> SpanColumns:
    return SpanColumns(spans.doc[keep], spans.start[keep], spans.end[keep], spans.label[keep])


def _exact_matches(a: SpanColumns, b: SpanColumns) -> tuple[Array, Array]:
    """Which spans of A, and which of B, the other has too (both distinct)."""
    same_a, same_b = same_rows(a, b)
    matched_a = np.zeros(len(a), dtype=bool)
    matched_b = np.zeros(len(b), dtype=bool)
    matched_a[same_a] = True
    matched_b[same_b] = True
    return matched_a, matched_b


def same_rows(a: SpanColumns, b: SpanColumns) -> tuple[Array, Array]:
    """Indices ``(i, j)`` where row ``i`` of A equals row ``j`` of B (each distinct)."""
    both = SpanColumns(*(np.concatenate((x, y)) for x, y in (
        (a.doc, b.doc), (a.start, b.start), (a.end, b.end), (a.label, b.label))))
    order = span_order(both)
    doc, start, end, label = both.doc[order], both.start[order], both.end[order], both.label[order]
    equal = np.flatnonzero((doc[1:] == doc[:-1]) & (start[1:] == start[:-1])
                           & (end[1:] == end[:-1]) & (label[1:] == label[:-1]))
    first, second = order[equal], order[equal + 1]  # A's row sorts first (stable)
    return first, second - len(a)


def label_confusion_counts(a: SpanColumns, b: SpanColumns, n_labels: int) -> Array:
    """Spans matched by extent (see :mod:`.confusion`), counted per (label of A,
    label of B): a ``(n_labels + 1)`` square, the last row and column for "nothing
    at that extent". Both sides distinct and sorted (:func:`~.coding.distinct`)."""
    nothing = n_labels
    counts = np.zeros((n_labels + 1) ** 2, dtype=np.int64)
    same_a, same_b = same_rows(a, b)
    np.add.at(counts, a.label[same_a] * (n_labels + 1) + a.label[same_a], 1)
    rest_a, rest_b = _drop(a, same_a), _drop(b, same_b)
    # The labels left at one extent pair up in sorted order: by rank within the extent.
    ranked_a, ranked_b = _ranked_by_extent(rest_a), _ranked_by_extent(rest_b)
    pair_a, pair_b = same_rows(ranked_a, ranked_b)
    np.add.at(counts, rest_a.label[pair_a] * (n_labels + 1) + rest_b.label[pair_b], 1)
    np.add.at(counts, _drop(rest_a, pair_a).label * (n_labels + 1) + nothing, 1)
    np.add.at(counts, nothing * (n_labels + 1) + _drop(rest_b, pair_b).label, 1)
    return counts.reshape(n_labels + 1, n_labels + 1)


def _drop(spans: SpanColumns, rows: Array) -> SpanColumns:
    keep = np.ones(len(spans), dtype=bool)
    keep[rows] = False
    return _select(spans, keep)


def _ranked_by_extent(spans: SpanColumns) -> SpanColumns:
    """The spans with their label replaced by its rank among the labels at the same
    extent (spans sorted by document, start, end, label)."""
    index = np.arange(len(spans))
    opens = np.ones(len(spans), dtype=bool)
    opens[1:] = ((spans.doc[1:] != spans.doc[:-1]) | (spans.start[1:] != spans.start[:-1])
                 | (spans.end[1:] != spans.end[:-1]))
    group_start = np.maximum.accumulate(np.where(opens, index, 0)) if len(spans) else index
    return SpanColumns(spans.doc, spans.start, spans.end, index - group_start)


def _partial_credit(corpus: Corpus, a: SpanColumns, b: SpanColumns) -> Array:
    """Jaccard credit of the greedy pairing of leftover spans, per (document, label)."""
    n_labels = len(corpus.labels)
    credit = np.zeros(corpus.n_docs * n_labels)
    if len(a) and len(b):
        pair_a, pair_b, jaccard = _overlapping_pairs(corpus, a, b)
        chosen = _greedy(pair_a, pair_b, jaccard, a, b)
        credit += np.bincount(a.doc[pair_a[chosen]] * n_labels + a.label[pair_a[chosen]],
                              weights=jaccard[chosen], minlength=len(credit))
    return credit.reshape(corpus.n_docs, n_labels)


def _overlapping_pairs(corpus: Corpus, a: SpanColumns, b: SpanColumns
                       ) -> tuple[Array, Array, Array]:
    """Every (span of A, span of B) with the same label in the same document that
    overlap, and their Jaccard overlap."""
    # One axis for every (label, position): same-label spans of one document are
    # near each other on it, and nothing else overlaps.
    offsets = corpus.position_offsets()
    width = offsets[-1] + 1
    start_a = a.label * width + offsets[a.doc] + a.start
    end_a = start_a + (a.end - a.start)
    order = np.argsort(b.label * width + offsets[b.doc] + b.start, kind="stable")
    start_b = (b.label * width + offsets[b.doc] + b.start)[order]
    end_b = start_b + (b.end - b.start)[order]
    longest_b = int((b.end - b.start).max())
    # B's candidates for a span of A start after A's start - longest and before A's end.
    low = np.searchsorted(start_b, start_a - longest_b, side="right")
    high = np.maximum(np.searchsorted(start_b, end_a, side="left"), low)
    counts = high - low
    pair_a = np.repeat(np.arange(len(start_a)), counts)
    sorted_b = np.arange(int(counts.sum())) - np.repeat(np.cumsum(counts) - counts - low, counts)
    overlap = (np.minimum(end_a[pair_a], end_b[sorted_b])
               - np.maximum(start_a[pair_a], start_b[sorted_b]))
    keep = overlap > 0
    pair_a, sorted_b, overlap = pair_a[keep], sorted_b[keep], overlap[keep]
    union = (np.maximum(end_a[pair_a], end_b[sorted_b])
             - np.minimum(start_a[pair_a], start_b[sorted_b]))
    return pair_a, order[sorted_b], overlap / union


def _greedy(pair_a: Array, pair_b: Array, jaccard: Array, a: SpanColumns, b: SpanColumns
            ) -> Array:
    """Indices of the pairs the greedy pairing keeps: best Jaccard first, each span
    at most once. A pair whose two spans have no other candidate is always kept;
    the rest are settled in order, in Python (they are few)."""
    alone = ((np.bincount(pair_a, minlength=len(a))[pair_a] == 1)
             & (np.bincount(pair_b, minlength=len(b))[pair_b] == 1))
    contested = np.flatnonzero(~alone)
    if not contested.size:
        return np.flatnonzero(alone)
    ia, ib = pair_a[contested], pair_b[contested]
    a_first = ((a.start[ia] < b.start[ib])
               | ((a.start[ia] == b.start[ib]) & (a.end[ia] <= b.end[ib])))
    lower_start = np.where(a_first, a.start[ia], b.start[ib])
    lower_end = np.where(a_first, a.end[ia], b.end[ib])
    higher_start = np.where(a_first, b.start[ib], a.start[ia])
    higher_end = np.where(a_first, b.end[ib], a.end[ia])
    # Pairs of different documents or labels never compete: grouping them apart
    # keeps each group in the order (-jaccard, lower, higher).
    order = np.lexsort((higher_end, higher_start, lower_end, lower_start,
                        a.label[ia], a.doc[ia], -jaccard[contested]))
    used_a: set[int] = set()
    used_b: set[int] = set()
    kept = []
    for index, x, y in zip(contested[order].tolist(), ia[order].tolist(), ib[order].tolist(),
                           strict=True):
        if x not in used_a and y not in used_b:
            used_a.add(x)
            used_b.add(y)
            kept.append(index)
    return np.concatenate((np.flatnonzero(alone), np.array(kept, dtype=np.int64)))
