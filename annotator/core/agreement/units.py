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
from itertools import repeat
from operator import itemgetter, sub
from typing import NamedTuple

from annotator.core.agreement.documents import OUTSIDE, DocumentAnnotations, Tokens

Ranges = list[tuple[int, int]]
_token_start = itemgetter(0)
_token_end = itemgetter(1)
_first = _token_start
_second = _token_end
_mark_first = itemgetter(3)
_mark_stop = itemgetter(4)
# (length in code points, -start, label, first unit, end unit): min() is the innermost.
Mark = tuple[int, int, str, int, int]


class Annotation(NamedTuple):
    """One annotator's distinct spans in one document, in the shapes the metrics use."""

    ranges: dict[str, set[tuple[int, int]]]
    """Code-point ``(start, end)`` of the spans, by label."""
    marks: list[Mark]
    """The spans that cover at least one unit, with their unit range, from the
    outermost to the innermost (descending :data:`Mark` order: the order to paint in)."""
    units: dict[str, Ranges]
    """Unit ranges ``[first, stop)`` of those spans, by label, sorted (may overlap)."""
    sizes: dict[str, int]
    """How many units the spans of each label cover together."""


def annotation(doc: DocumentAnnotations, annotator: str) -> Annotation:
    """An annotator's spans in a document; duplicates (start, end, label) count once."""
    # Distinct spans in order of start: their first units are in order too.
    bounds = sorted({(span.start, span.end, span.label) for span in doc.spans_of(annotator)})
    tokens = doc.tokens
    # DocumentAnnotations.unit_range for every span at once: this is the hot path.
    if isinstance(tokens, Tokens):  # two sorted arrays: bisect without a key
        firsts = list(map(bisect_right, repeat(tokens.ends), map(_first, bounds)))
        stops = list(map(bisect_left, repeat(tokens.starts), map(_second, bounds)))
    elif tokens is None:
        firsts = list(map(_first, bounds))
        stops = list(map(_second, bounds))
    else:
        firsts = [bisect_right(tokens, start, key=_token_end) for start, _, _ in bounds]
        stops = [bisect_left(tokens, end, key=_token_start) for _, end, _ in bounds]
    ranges: dict[str, set[tuple[int, int]]] = {}
    marks: list[Mark] = []
    units: dict[str, Ranges] = {}
    for (start, end, label), first, stop in zip(bounds, firsts, stops, strict=True):
        group = ranges.get(label)
        if group is None:
            ranges[label] = {(start, end)}
        else:
            group.add((start, end))
        if first < stop:
            marks.append((end - start, -start, label, first, stop))
            covered = units.get(label)
            if covered is None:
                units[label] = [(first, stop)]
            else:
                covered.append((first, stop))
    marks.sort(reverse=True)
    sizes = {label: _sorted_union_size(covered) for label, covered in units.items()}
    return Annotation(ranges, marks, units, sizes)


def union_size(ranges: Iterable[tuple[int, int]]) -> int:
    """How many units at least one of the (possibly overlapping) ranges covers."""
    return _sorted_union_size(sorted(ranges))


def _sorted_union_size(ranges: Iterable[tuple[int, int]]) -> int:
    """:func:`union_size` of ranges already in order of their first unit."""
    total = covered_to = 0
    for first, stop in ranges:
        if stop > covered_to:
            total += stop - (first if first > covered_to else covered_to)
            covered_to = stop
    return total


def presence_sizes(a: Annotation, b: Annotation, label: str) -> tuple[int, int, int]:
    """Units covered by spans of ``label`` of A, of B, and of both."""
    size_a, size_b = a.sizes.get(label, 0), b.sizes.get(label, 0)
    if not size_a or not size_b:
        return size_a, size_b, 0
    return size_a, size_b, size_a + size_b - union_size(a.units[label] + b.units[label])


def joint_counts(annotations: Sequence[Annotation], n_units: int,
                 label: str | None = None) -> Counter[tuple[str, ...]]:
    """How many units got each combination of categories, one per annotator.

    Categories are innermost labels, or with ``label`` the presence of that
    label. With two annotators this is the contingency table of Cohen's kappa;
    with more, the value sets of Krippendorff's alpha.
    """
    if label is None:
        labellings = [found.marks for found in annotations]
    else:
        labellings = [[mark for mark in found.marks if mark[2] == label]
                      for found in annotations]
    cuts = {0, n_units}
    for marks in labellings:
        cuts.update(map(_mark_first, marks), map(_mark_stop, marks))
    points = sorted(cuts)
    piece = dict(zip(points, range(len(points)), strict=True))
    columns = [_paint(marks, piece, len(points)) for marks in labellings]
    widths = map(sub, points[1:], points)
    counts: dict[tuple[str, ...], int] = {}
    get = counts.get
    # The last piece starts at n_units and holds no unit: widths stop before it.
    for key, width in zip(zip(*columns, strict=True), widths, strict=False):
        counts[key] = get(key, 0) + width
    return Counter(counts)


def _paint(marks: Sequence[Mark], piece: dict[int, int], n_pieces: int) -> list[str]:
    """Each piece's innermost label: marks painted from the outermost to the
    innermost (the order of :attr:`Annotation.marks`), so the innermost is painted last."""
    painted = [OUTSIDE] * n_pieces
    for _, _, label, first, stop in marks:
        begin, end = piece[first], piece[stop]
        painted[begin:end] = [label] * (end - begin)
    return painted
