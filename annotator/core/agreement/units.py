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

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence

from annotator.core.agreement.documents import OUTSIDE, DocumentAnnotations

Runs = list[tuple[int, str]]
# (length in code points, -start, label, first unit, end unit): min() is the innermost.
_Mark = tuple[int, int, str, int, int]


def marks(doc: DocumentAnnotations, annotator: str) -> list[_Mark]:
    """An annotator's distinct spans in a document that cover at least one unit."""
    distinct = {(span.start, span.end, span.label) for span in doc.spans_of(annotator)}
    found: list[_Mark] = []
    unit_range = doc.unit_range
    for start, end, label in distinct:
        first, stop = unit_range(start, end)
        if first < stop:
            found.append((end - start, -start, label, first, stop))
    return found


def category_runs(found: Iterable[_Mark]) -> Runs:
    """Runs of the innermost covering label (``"O"`` where nothing covers).

    A sweep over the points where spans open and close, keeping the spans
    open there; the innermost is the least of them (see :data:`_Mark`).
    """
    events = []
    for mark in found:
        events.append((mark[3], 1, mark))
        events.append((mark[4], 0, mark))  # at one point, closing sorts first
    events.sort()
    runs: Runs = [(0, OUTSIDE)]
    active: list[_Mark] = []
    last = len(events) - 1
    for index, (point, opens, mark) in enumerate(events):
        if opens:
            active.append(mark)
        else:
            active.remove(mark)
        if index < last and events[index + 1][0] == point:
            continue
        category = min(active)[2] if active else OUTSIDE
        if category == runs[-1][1]:
            continue
        if runs[-1][0] == point:  # only at unit 0
            runs[-1] = (point, category)
        else:
            runs.append((point, category))
    return runs


def label_runs(found: Iterable[_Mark]) -> dict[str, Runs]:
    """For each label the annotator used, runs of present (the label) / absent (``"O"``)."""
    by_label: defaultdict[str, list[tuple[int, int]]] = defaultdict(list)
    for mark in found:
        by_label[mark[2]].append((mark[3], mark[4]))
    return {label: _presence_runs(label, ranges) for label, ranges in by_label.items()}


def _presence_runs(label: str, ranges: list[tuple[int, int]]) -> Runs:
    """Runs of ``label`` over the union of unit ranges, ``"O"`` elsewhere."""
    merged: list[list[int]] = []
    for first, stop in sorted(ranges):
        if merged and first <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], stop)
        else:
            merged.append([first, stop])
    runs: Runs = [] if merged[0][0] == 0 else [(0, OUTSIDE)]
    for first, stop in merged:
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
    if len(labellings) == 2:
        return _joint_pair(labellings[0], labellings[1], n_units, counts)
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


def _joint_pair(runs_a: Runs, runs_b: Runs, n_units: int,
                counts: Counter[tuple[str, ...]]) -> Counter[tuple[str, ...]]:
    """:func:`joint_counts` for two labellings: a merge of two sorted run lists."""
    i = j = 0
    point = 0
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
