"""Span F1 between two annotators: exact match, and with credit for partial overlap.

Annotator A's spans are scored against annotator B's, label by label:

* ``tp`` — matched spans. Exact: spans of A with the same start, end and label
  in B. Partial: the sum of match credits (below), a fraction.
* ``fp = n_a - tp`` and ``fn = n_b - tp``; precision ``tp / n_a``, recall
  ``tp / n_b``, ``F1 = 2 tp / (n_a + n_b)``. Swapping A and B swaps precision
  and recall and leaves F1 unchanged. "Overall" is micro-averaged: the counts
  of every label summed.

**Partial credit.** Within one label, exact pairs are matched first, each with
credit 1. The remaining spans of A and B that overlap are then paired greedily,
best pair first, each span at most once; a pair's credit is its overlap
proportion (Jaccard over code points): ``|A ∩ B| / |A ∪ B|``, which is 1 only
for identical spans. Ties are broken by position, the same whichever annotator
is A. So an exact match always earns more than a near miss, and partial F1 is
never below exact F1 on the same spans.

Duplicate spans (same start, end, label) of one annotator count once.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Literal

from annotator.core.model import Span

Match = Literal["exact", "partial"]
_Range = tuple[int, int]


@dataclass(frozen=True, slots=True, repr=False)
class SpanScore:
    """Precision, recall and F1 of A's spans against B's, from the counts kept here.

    A figure is None where it is undefined, with ``reason`` saying why:
    precision when A has no span, recall when B has none, F1 when neither has.
    """

    tp: float
    n_a: int
    n_b: int

    @property
    def fp(self) -> float:
        return self.n_a - self.tp

    @property
    def fn(self) -> float:
        return self.n_b - self.tp

    @property
    def precision(self) -> float | None:
        return self.tp / self.n_a if self.n_a else None

    @property
    def recall(self) -> float | None:
        return self.tp / self.n_b if self.n_b else None

    @property
    def f1(self) -> float | None:
        total = self.n_a + self.n_b
        return 2 * self.tp / total if total else None

    @property
    def reason(self) -> str | None:
        """Why a figure is None, or None when all are defined."""
        if not self.n_a and not self.n_b:
            return "neither annotator has a span: precision, recall and F1 are undefined"
        if not self.n_a:
            return "annotator A has no span: precision is undefined"
        if not self.n_b:
            return "annotator B has no span: recall is undefined"
        return None

    def __repr__(self) -> str:
        return (f"SpanScore(tp={self.tp:g}, fp={self.fp:g}, fn={self.fn:g}, "
                f"precision={_figure(self.precision)}, recall={_figure(self.recall)}, "
                f"f1={_figure(self.f1)})")


def _figure(value: float | None) -> str:
    return "None" if value is None else f"{value:.4f}"



@dataclass(frozen=True, slots=True)
class SpanF1:
    """Span F1 per label and overall (micro: counts of all labels summed)."""

    match: Match
    overall: SpanScore
    per_label: Mapping[str, SpanScore] = field(default_factory=dict)

    @classmethod
    def pooled(cls, match: Match, parts: Iterable[SpanF1]) -> SpanF1:
        """Counts summed over documents (or anything else), figures recomputed."""
        sums: defaultdict[str, list[float]] = defaultdict(lambda: [0, 0, 0])
        for part in parts:
            for label, score in part.per_label.items():
                counts = sums[label]
                counts[0] += score.tp
                counts[1] += score.n_a
                counts[2] += score.n_b
        per_label = {label: SpanScore(tp, int(n_a), int(n_b))
                     for label, (tp, n_a, n_b) in sorted(sums.items())}
        return cls(match, _total(per_label.values()), per_label)


def _total(scores: Iterable[SpanScore]) -> SpanScore:
    tp = n_a = n_b = 0
    for score in scores:
        tp += score.tp
        n_a += score.n_a
        n_b += score.n_b
    return SpanScore(tp, n_a, n_b)


def ranges_by_label(spans: Iterable[Span]) -> dict[str, set[_Range]]:
    """An annotator's distinct spans, grouped by label."""
    grouped: defaultdict[str, set[_Range]] = defaultdict(set)
    for span in spans:
        grouped[span.label].add((span.start, span.end))
    return grouped


def span_f1(spans_a: Iterable[Span], spans_b: Iterable[Span], match: Match = "exact") -> SpanF1:
    """Span F1 of A's spans against B's in one document (see the module docstring)."""
    exact, partial = span_f1_grouped(ranges_by_label(spans_a), ranges_by_label(spans_b))
    return exact if match == "exact" else partial


def span_f1_grouped(a: Mapping[str, set[_Range]], b: Mapping[str, set[_Range]]
                    ) -> tuple[SpanF1, SpanF1]:
    """Exact and partial span F1 over spans grouped by :func:`ranges_by_label`."""
    exact: dict[str, SpanScore] = {}
    partial: dict[str, SpanScore] = {}
    nothing: set[_Range] = set()
    for label in sorted(a.keys() | b.keys()):
        ranges_a, ranges_b = a.get(label, nothing), b.get(label, nothing)
        same = ranges_a & ranges_b
        n_a, n_b, n_same = len(ranges_a), len(ranges_b), len(same)
        exact[label] = SpanScore(n_same, n_a, n_b)
        # With nothing left over on one side, partial credit is the exact count.
        credit = (float(n_same) if n_same in (n_a, n_b)
                  else partial_credit(ranges_a, ranges_b, same))
        partial[label] = SpanScore(credit, n_a, n_b)
    return (SpanF1("exact", _total(exact.values()), exact),
            SpanF1("partial", _total(partial.values()), partial))


def partial_credit(a: set[_Range], b: set[_Range], same: set[_Range] | None = None) -> float:
    """Exact pairs (``same``, computed if not given) score 1 each; then the
    overlapping leftovers are paired greedily, highest Jaccard first, each range
    at most once, and score their Jaccard."""
    if same is None:
        same = a & b
    credit = float(len(same))
    rest_a, rest_b = a - same, b - same
    if not rest_a or not rest_b:
        return credit
    used_a: set[_Range] = set()
    used_b: set[_Range] = set()
    for neg_jaccard, _, _, range_a, range_b in sorted(_overlapping_pairs(rest_a, rest_b)):
        if range_a in used_a or range_b in used_b:
            continue
        used_a.add(range_a)
        used_b.add(range_b)
        credit -= neg_jaccard
    return credit


def _overlapping_pairs(a: set[_Range], b: set[_Range]
                       ) -> list[tuple[float, _Range, _Range, _Range, _Range]]:
    """``(-jaccard, lower, higher, range_a, range_b)`` for every overlapping pair.

    ``lower`` / ``higher`` are the two ranges in position order, so sorting
    gives the same order whichever annotator is A. Only B's ranges that start
    late enough to reach A's range are looked at, so cost does not grow with
    the square of the spans in a long document.
    """
    pairs = []
    sorted_b = sorted(b)
    starts_b = [start for start, _ in sorted_b]
    longest_b = max([end - start for start, end in sorted_b])
    for range_a in a:
        start_a, end_a = range_a
        low = bisect_right(starts_b, start_a - longest_b)
        high = bisect_left(starts_b, end_a)
        for range_b in sorted_b[low:high]:
            start_b, end_b = range_b
            overlap = (end_a if end_a < end_b else end_b) - (
                start_a if start_a > start_b else start_b)
            if overlap > 0:
                union = (end_a if end_a > end_b else end_b) - (
                    start_a if start_a < start_b else start_b)
                if range_a <= range_b:
                    pairs.append((-overlap / union, range_a, range_b, range_a, range_b))
                else:
                    pairs.append((-overlap / union, range_b, range_a, range_a, range_b))
    return pairs
