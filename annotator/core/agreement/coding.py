"""One annotator's spans over a corpus, in the shapes the metrics count: their *coding*.

* **Distinct spans**: duplicates (same document, start, end and label) count once.
* **Category of each unit** (overall kappa and alpha): the label of the
  *innermost* span covering the unit, or ``"O"``. Innermost is the shortest
  covering span in code points; between equally long ones, the one that starts
  later; then the label first in alphabetical order.
* **Coverage** (per-label kappa and alpha, present/absent): how many units of a
  document the spans of each label cover together, overlaps counted once.
* **Category totals** (kappa's and alpha's chance): how many units of a document
  have each category.

A span covers a unit when they share at least one code point; a span that
covers no unit (only spaces, say) still counts for span F1.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from annotator.core.agreement.corpus import Array, Corpus, SpanColumns

#: Category 0 is "no span here" (``"O"``); category k is the label ``labels[k - 1]``.
OUTSIDE_CODE = 0
_CHUNK = 1 << 20  # span-units expanded at a time when finding the innermost span


@dataclass(frozen=True, eq=False)
class Coding:
    """An annotator's distinct spans (sorted by document, start, end, label), the
    global units ``[first, stop)`` each covers, the category of every unit of the
    corpus, the units each label covers per document (``coverage[d, label]``) and
    the units of each category per document (``totals[d, category]``)."""

    name: str
    spans: SpanColumns
    first: Array
    stop: Array
    category: Array
    coverage: Array
    totals: Array


def code(corpus: Corpus, name: str) -> Coding:
    spans = distinct(corpus.spans_of(name))
    first, stop = corpus.unit_ranges(spans)
    category = innermost_categories(corpus.n_units, spans, first, stop)
    coverage = covered_units(corpus, spans.doc, spans.label, first, stop)
    totals = category_totals(corpus, category)
    return Coding(name, spans, first, stop, category, coverage, totals)


def category_totals(corpus: Corpus, category: Array) -> Array:
    """``[d, category]``: the units of document ``d`` with each category. Counted a
    run of units at a time: a category holds over the units of a span, so the runs
    (cut at each document's start too) are far fewer than the units."""
    width = len(corpus.labels) + 1
    n_units = len(category)
    if not n_units:
        return np.zeros((corpus.n_docs, width), dtype=np.int64)
    opens = np.empty(n_units, dtype=bool)
    opens[0] = True
    np.not_equal(category[1:], category[:-1], out=opens[1:])
    opens[corpus.unit_offsets[:-1][corpus.unit_offsets[:-1] < n_units]] = True
    starts = np.flatnonzero(opens)
    lengths = np.diff(np.append(starts, n_units))
    cells = corpus.doc_of(starts) * width + category[starts]
    totals = np.bincount(cells, weights=lengths, minlength=corpus.n_docs * width)
    return totals.astype(np.int64).reshape(corpus.n_docs, width)


def distinct(spans: SpanColumns) -> SpanColumns:
    """The spans without duplicates, sorted by document, start, end, then label."""
    order = span_order(spans)
    doc, start, end, label = (spans.doc[order], spans.start[order], spans.end[order],
                              spans.label[order])
    keep = np.ones(len(order), dtype=bool)
    keep[1:] = ((doc[1:] != doc[:-1]) | (start[1:] != start[:-1]) | (end[1:] != end[:-1])
                | (label[1:] != label[:-1]))
    return SpanColumns(doc[keep], start[keep], end[keep], label[keep])


def span_order(spans: SpanColumns) -> Array:
    """The order of the spans by document, start, end, then label: one sort of a
    single key where the four fit in 63 bits (they do but in giant corpora)."""
    if not len(spans):
        return np.zeros(0, dtype=np.int64)
    sizes = [int(column.max()) + 1 for column in (spans.start, spans.end, spans.label)]
    if int(spans.doc.max() + 1) * sizes[0] * sizes[1] * sizes[2] < 1 << 63:
        key = ((spans.doc * sizes[0] + spans.start) * sizes[1] + spans.end) * sizes[2]
        return np.argsort(key + spans.label, kind="stable")
    return np.lexsort((spans.label, spans.end, spans.start, spans.doc))


def innermost_categories(n_units: int, spans: SpanColumns, first: Array, stop: Array) -> Array:
    """Each unit's category: 1 + the label of its innermost covering span, or 0.

    Worked out per *piece*: the units are cut wherever a span begins or ends, so
    the same spans cover every unit of a piece, and a span is spread over the few
    pieces it covers rather than over each of its units."""
    covering = np.flatnonzero(first < stop)
    if not covering.size:
        return np.zeros(n_units, dtype=np.int32)
    start, label = spans.start[covering], spans.label[covering]
    first, stop = first[covering], stop[covering]
    # Rank 0 is the most inner of all: shortest, then latest start, then first label.
    order = _innermost_order(spans.end[covering] - start, start, label)
    rank = np.empty(len(order), dtype=np.int32)
    rank[order] = np.arange(len(order), dtype=np.int32)
    cuts = np.sort(np.concatenate(([0], first, stop, [n_units])))
    cuts = cuts[np.append(True, cuts[1:] != cuts[:-1])]
    best = np.full(len(cuts) - 1, len(order), dtype=np.int32)  # no span: the rank past the last
    _lowest_rank_per_unit(best, np.searchsorted(cuts, first), np.searchsorted(cuts, stop), rank)
    category_of_rank = np.append(label[order] + 1, OUTSIDE_CODE).astype(np.int32)
    return np.repeat(category_of_rank[best], np.diff(cuts))


def _innermost_order(length: Array, start: Array, label: Array) -> Array:
    """Spans by length, then latest start, then label: one sort of a single key
    where the three fit in 63 bits (as in :func:`span_order`), else a lexsort."""
    if not len(length):
        return np.zeros(0, dtype=np.int64)
    top, labels = int(start.max()) + 1, int(label.max()) + 1
    if (int(length.max()) + 1) * top * labels < 1 << 63:
        return np.argsort((length * top + (top - 1 - start)) * labels + label, kind="stable")
    return np.lexsort((label, -start, length))


def _lowest_rank_per_unit(best: Array, first: Array, stop: Array, rank: Array) -> None:
    """``best[u] = min(best[u], rank of every span covering u)`` (``u`` a unit or a
    piece of units), a slice of spans at a time so the units expanded at once stay
    under :data:`_CHUNK`."""
    widths = stop - first
    reach = np.cumsum(widths)
    begin = 0
    while begin < len(widths):
        done = reach[begin - 1] if begin else 0
        end = max(begin + 1, int(np.searchsorted(reach, done + _CHUNK, side="right")))
        part = widths[begin:end]
        within = np.arange(int(part.sum())) - np.repeat(np.cumsum(part) - part, part)
        units = np.repeat(first[begin:end], part) + within
        np.minimum.at(best, units, np.repeat(rank[begin:end], part))
        begin = end


def covered_units(corpus: Corpus, doc: Array, label: Array, first: Array, stop: Array
                  ) -> Array:
    """Units covered per (document, label) by the unit ranges given (overlaps once)."""
    n_labels = len(corpus.labels)
    # One axis for every (label, unit): ranges of different labels never meet, and
    # neither do ranges of different documents (their units are apart).
    shift = label * (corpus.n_units + 1)
    order = np.argsort(first + shift, kind="stable")
    begins, ends = (first + shift)[order], (stop + shift)[order]
    reached = np.zeros(len(order), dtype=np.int64)
    if len(order):
        reached[1:] = np.maximum.accumulate(ends)[:-1]
    gained = np.clip(ends - np.maximum(begins, reached), 0, None)
    cells = doc[order] * n_labels + label[order]
    counts = np.bincount(cells, weights=gained, minlength=corpus.n_docs * n_labels)
    return counts.astype(np.int64).reshape(corpus.n_docs, n_labels)
