"""Span F1 between two annotators: exact match, and with credit for partial overlap.

Annotator A is the reference and B is scored against it, label by label, as
nervaluate, seqeval and scikit-learn take (reference, prediction):

* ``tp`` — matched spans. Exact: spans of B with the same start, end and label
  in A. Partial: the sum of match credits (below), a fraction.
* ``fp = n_b - tp`` (B's spans A lacks) and ``fn = n_a - tp`` (A's spans B
  missed); precision ``tp / n_b``, recall ``tp / n_a``,
  ``F1 = 2 tp / (n_a + n_b)``. Swapping A and B swaps precision and recall and
  leaves F1 unchanged. "Overall" is micro-averaged: the counts of every label
  summed.

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

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Literal

Match = Literal["exact", "partial", "overlap"]


@dataclass(frozen=True, slots=True, repr=False)
class SpanScore:
    """Precision, recall and F1 of B's spans against A's (the reference), from the
    counts kept here.

    A figure is None where it is undefined, with ``reason`` saying why:
    precision when B has no span, recall when A has none, F1 when neither has.
    """

    tp: float
    n_a: int
    n_b: int

    @property
    def fp(self) -> float:
        return self.n_b - self.tp

    @property
    def fn(self) -> float:
        return self.n_a - self.tp

    @property
    def precision(self) -> float | None:
        return self.tp / self.n_b if self.n_b else None

    @property
    def recall(self) -> float | None:
        return self.tp / self.n_a if self.n_a else None

    @property
    def f1(self) -> float | None:
        total = self.n_a + self.n_b
        return 2 * self.tp / total if total else None

    @property
    def reason(self) -> str | None:
        """Why a figure is None, or None when all are defined."""
        if not self.n_a and not self.n_b:
            return "neither annotator has a span: precision, recall and F1 are undefined"
        if not self.n_b:
            return "annotator B has no span: precision is undefined"
        if not self.n_a:
            return "annotator A (the reference) has no span: recall is undefined"
        return None

    def __repr__(self) -> str:
        return (f"{type(self).__name__}(tp={self.tp:g}, fp={self.fp:g}, fn={self.fn:g}, "
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


def total_score(scores: Iterable[SpanScore]) -> SpanScore:
    """Counts of several labels (or documents) summed: micro-averaging."""
    tp = n_a = n_b = 0
    for score in scores:
        tp += score.tp
        n_a += score.n_a
        n_b += score.n_b
    return SpanScore(tp, n_a, n_b)
