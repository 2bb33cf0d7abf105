"""Categories of units (tokens) from spans, counted piecewise so cost follows spans, not tokens.

Each annotator gives each unit one category:

* overall: the label of the *innermost* span covering the unit, or ``"O"``.
  Innermost is the shortest covering span in code points; between equally long
  ones, the one that starts later; then the label first in alphabetical order.
* per label: the label if any span of that label covers the unit, else ``"O"``
  (present/absent), so nested spans of different labels are each counted.

The points where any compared span opens or closes cut a document's units into
*pieces*; within a piece every annotator's category is constant, so counting
pieces (weighted by their units) gives the same tables as counting units.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Iterable, Sequence
from itertools import pairwise
from operator import itemgetter
from typing import NamedTuple

from annotator.core.agreement.documents import OUTSIDE, DocumentAnnotations

Ranges = list[tuple[int, int]]
_token_start = itemgetter(0)
_token_end = itemgetter(1)
# (length in code points, -start, label, first unit, end unit): min() is the innermost.
Mark = tuple[int, int, str, int, int]


class Annotation(NamedTuple):
    """One annotator's distinct spans in one document, in the shapes the metrics use."""

    ranges: dict[str, set[tuple[int, int]]]
    """Code-point ``(start, end)`` of the spans, by label."""
    marks: list[Mark]
    """The spans that cover at least one unit, with their unit range."""
    units: dict[str, Ranges]
    """Unit ranges ``[first, stop)`` of those spans, by label (may overlap)."""


def annotation(doc: DocumentAnnotations, annotator: str) -> Annotation:
    """An annotator's spans in a document; duplicates (start, end, label) count once."""
    ranges: dict[str, set[tuple[int, int]]] = {}
    found: list[Mark] = []
    units: dict[str, Ranges] = {}
    tokens = doc.tokens
    for span in doc.spans_of(annotator):
        start, end, label = span.start, span.end, span.label
        group = ranges.get(label)
        if group is None:
            group = ranges[label] = set()
        elif (start, end) in group:
            continue
        group.add((start, end))
        if tokens is None:
            first, stop = start, end
        else:  # DocumentAnnotations.unit_range, inlined: this loop is the hot path
            first = bisect_right(tokens, start, key=_token_end)
            stop = bisect_left(tokens, end, key=_token_start)
        if first < stop:
            found.append((end - start, -start, label, first, stop))
            covered = units.get(label)
            if covered is None:
                units[label] = [(first, stop)]
            else:
                covered.append((first, stop))
    return Annotation(ranges, found, units)


def union_size(ranges: Iterable[tuple[int, int]]) -> int:
    """How many units at least one of the (possibly overlapping) ranges covers."""
    total = covered_to = 0
    for first, stop in sorted(ranges):
        if stop > covered_to:
            total += stop - max(first, covered_to)
            covered_to = stop
    return total


def presence_sizes(a: Ranges, b: Ranges) -> tuple[int, int, int]:
    """Units covered by ranges of A, of B, and of both."""
    size_a, size_b = union_size(a), union_size(b)
    return size_a, size_b, size_a + size_b - union_size(a + b)


def joint_counts(labellings: Sequence[Sequence[Mark]], n_units: int,
                 label: str | None = None) -> Counter[tuple[str, ...]]:
    """How many units got each combination of categories, one per annotator.

    ``labellings`` holds each annotator's marks. Categories are innermost
    labels, or with ``label`` the presence of that label. With two annotators
    this is the contingency table of Cohen's kappa; with more, the value sets
    of Krippendorff's alpha.
    """
    if label is not None:
        labellings = [[mark for mark in marks if mark[2] == label] for marks in labellings]
    points = sorted({0, n_units}.union(*(_ends(marks) for marks in labellings)))
    piece = {point: index for index, point in enumerate(points)}
    columns = [_paint(marks, piece, len(points)) for marks in labellings]
    widths = [stop - first for first, stop in pairwise(points)]
    counts: Counter[tuple[str, ...]] = Counter()
    # The last piece starts at n_units and holds no unit: zip stops before it.
    for key, width in zip(zip(*columns, strict=True), widths, strict=False):
        counts[key] += width
    return counts


def _ends(marks: Sequence[Mark]) -> set[int]:
    return {mark[3] for mark in marks} | {mark[4] for mark in marks}


def _paint(marks: Sequence[Mark], piece: dict[int, int], n_pieces: int) -> list[str]:
    """Each piece's innermost label: marks painted from the outermost to the
    innermost (the order of :data:`Mark`), so the innermost is painted last."""
    painted = [OUTSIDE] * n_pieces
    for _, _, label, first, stop in sorted(marks, reverse=True):
        begin, end = piece[first], piece[stop]
        painted[begin:end] = [label] * (end - begin)
    return painted
