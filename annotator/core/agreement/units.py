"""Categories of units (tokens) from spans, as runs, so cost follows spans, not tokens.

Each annotator gives each unit one category:

* overall: the label of the *innermost* span covering the unit, or ``"O"``.
  Innermost is the shortest covering span in code points; between equally long
  ones, the one that starts later; then the label first in alphabetical order.
* per label: the label if any span of that label covers the unit, else ``"O"``
  (present/absent), so nested spans of different labels are each counted.

A labelling is held as *runs*: ``[(first_unit, category), ...]`` sorted, the
first starting at unit 0, each lasting until the next one (or the last unit).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Iterable, Sequence
from operator import itemgetter
from typing import NamedTuple

from annotator.core.agreement.documents import OUTSIDE, DocumentAnnotations

Runs = list[tuple[int, str]]
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
        else:  # the tokens that share a code point with [start, end)
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


def category_runs(found: Sequence[Mark]) -> Runs:
    """Runs of the innermost covering label (``"O"`` where nothing covers).

    The points where spans open or close cut the units into pieces; spans are
    painted over the pieces from the outermost to the innermost (the order of
    :data:`Mark`), so each piece ends with its innermost covering label.
    """
    if not found:
        return [(0, OUTSIDE)]
    points = sorted({mark[3] for mark in found} | {mark[4] for mark in found})
    piece = {point: index for index, point in enumerate(points)}
    painted = [OUTSIDE] * len(points)  # painted[i]: category of [points[i], points[i + 1])
    for _, _, label, first, stop in sorted(found, reverse=True):
        begin, end = piece[first], piece[stop]
        painted[begin:end] = [label] * (end - begin)
    runs: Runs = [(0, OUTSIDE)]
    for point, category in zip(points, painted, strict=True):
        if category != runs[-1][1]:
            if runs[-1][0] == point:  # only at unit 0
                runs[-1] = (point, category)
            else:
                runs.append((point, category))
    return runs


def merged(ranges: Ranges) -> Ranges:
    """Unit ranges as the sorted, disjoint, not touching ranges of their union."""
    ordered = sorted(ranges)
    union: Ranges = [ordered[0]]
    for first, stop in ordered:
        last_first, last_stop = union[-1]
        if first <= last_stop:
            if stop > last_stop:
                union[-1] = (last_first, stop)
        else:
            union.append((first, stop))
    return union


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


def presence_runs(label: str, ranges: Ranges | None) -> Runs:
    """Runs of ``label`` where any of the ranges covers a unit, ``"O"`` elsewhere."""
    if not ranges:
        return [(0, OUTSIDE)]
    union = merged(ranges)
    runs: Runs = [] if union[0][0] == 0 else [(0, OUTSIDE)]
    for first, stop in union:
        runs.append((first, label))
        runs.append((stop, OUTSIDE))
    return runs


def joint_counts(labellings: Sequence[Runs], n_units: int,
                 into: Counter[tuple[str, ...]] | None = None) -> Counter[tuple[str, ...]]:
    """How many units got each combination of categories, one per labelling.

    With two labellings this is the contingency table of Cohen's kappa; with
    more, the value sets of Krippendorff's alpha.
    """
    counts: Counter[tuple[str, ...]] = Counter() if into is None else into
    if n_units <= 0:
        return counts
    bounds = sorted({point for runs in labellings for point, _ in runs if point < n_units})
    position = [0] * len(labellings)
    for index, point in enumerate(bounds):
        stop = bounds[index + 1] if index + 1 < len(bounds) else n_units
        key = []
        for which, runs in enumerate(labellings):
            at = position[which]
            while at + 1 < len(runs) and runs[at + 1][0] <= point:
                at += 1
            position[which] = at
            key.append(runs[at][1])
        counts[tuple(key)] += stop - point
    return counts


def pair_counts(runs_a: Runs, runs_b: Runs, n_units: int) -> Counter[tuple[str, ...]]:
    """:func:`joint_counts` of two labellings, as a merge of two sorted run lists."""
    counts: Counter[tuple[str, ...]] = Counter()
    i = j = point = 0
    last_a, last_b = len(runs_a) - 1, len(runs_b) - 1
    while point < n_units:
        next_a = runs_a[i + 1][0] if i < last_a else n_units
        next_b = runs_b[j + 1][0] if j < last_b else n_units
        stop = min(next_a, next_b, n_units)
        counts[(runs_a[i][1], runs_b[j][1])] += stop - point
        point = stop
        if next_a == stop:
            i += 1
        if next_b == stop:
            j += 1
    return counts
