"""Label confusion between two annotators: which label B gave where A gave which.

Spans are matched by **extent** (same start and end), whatever their labels:

* at an extent where both have the same label, that is one ``(label, label)``;
* the labels left over at that extent are paired in sorted order as
  ``(label_a, label_b)`` — the same words called two different things;
* what is still left over is ``(label_a, None)`` (only A marked that extent with
  that label) or ``(None, label_b)``.

So every span of A and of B is counted exactly once; the diagonal is exact
agreement (the TP of exact span F1), the ``None`` row and column are spans the
other annotator did not have at that extent at all. Duplicates (same start,
end, label) of one annotator count once, as in span F1.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from annotator.core.model import Span

Cell = tuple[str | None, str | None]


def label_confusion(spans_a: Iterable[Span], spans_b: Iterable[Span]) -> Counter[Cell]:
    """Counts per (label of A, label of B) for one document (see the module docstring)."""
    by_extent_a: dict[tuple[int, int], set[str]] = {}
    by_extent_b: dict[tuple[int, int], set[str]] = {}
    for span in spans_a:
        by_extent_a.setdefault((span.start, span.end), set()).add(span.label)
    for span in spans_b:
        by_extent_b.setdefault((span.start, span.end), set()).add(span.label)
    counts: Counter[Cell] = Counter()
    for extent in by_extent_a.keys() | by_extent_b.keys():
        labels_a = by_extent_a.get(extent, set())
        labels_b = by_extent_b.get(extent, set())
        for label in labels_a & labels_b:
            counts[(label, label)] += 1
        rest_a = sorted(labels_a - labels_b)
        rest_b = sorted(labels_b - labels_a)
        for label_a, label_b in zip(rest_a, rest_b, strict=False):
            counts[(label_a, label_b)] += 1
        paired = min(len(rest_a), len(rest_b))
        for label_a in rest_a[paired:]:
            counts[(label_a, None)] += 1
        for label_b in rest_b[paired:]:
            counts[(None, label_b)] += 1
    return counts


@dataclass(frozen=True, slots=True)
class Confusion:
    """A's labels (rows) against B's (columns), pooled over documents.

    ``labels`` is every label either used, sorted; rows and columns are
    ``labels`` plus ``None`` (nothing of A, or of B, at that extent).
    """

    annotator_a: str
    annotator_b: str
    counts: Mapping[Cell, int] = field(default_factory=dict)

    @property
    def labels(self) -> list[str]:
        names = {a for a, _ in self.counts if a is not None}
        names |= {b for _, b in self.counts if b is not None}
        return sorted(names)

    def get(self, label_a: str | None, label_b: str | None) -> int:
        return self.counts.get((label_a, label_b), 0)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def agreed(self) -> int:
        """Spans on the diagonal: same extent, same label."""
        return sum(n for (a, b), n in self.counts.items() if a is not None and a == b)

    def row_total(self, label_a: str | None) -> int:
        return sum(n for (a, _), n in self.counts.items() if a == label_a)

    def column_total(self, label_b: str | None) -> int:
        return sum(n for (_, b), n in self.counts.items() if b == label_b)


def pooled_confusion(annotator_a: str, annotator_b: str,
                     documents: Iterable[tuple[Iterable[Span], Iterable[Span]]]) -> Confusion:
    """:func:`label_confusion` summed over documents given as (A's spans, B's spans)."""
    total: Counter[Cell] = Counter()
    for spans_a, spans_b in documents:
        total.update(label_confusion(spans_a, spans_b))
    return Confusion(annotator_a, annotator_b, dict(total))
