"""Relation F1 between two annotators, counted over a whole corpus at once (numpy).

A relation is a type and two ends, head and child, each a span (start, end,
label). A's relations are scored against B's, type by type:

* **Exact**: a relation of A matches one of B when both ends are the same spans
  (offsets and labels) and the types are equal.
* **Overlap**: a looser figure. A relation of A may match one of B of the same
  type whose head overlaps A's head and whose child overlaps A's child, the ends'
  labels still equal. Each relation matches at most one of the other side, and
  ``tp`` is the largest number of such pairs (a maximum matching), so the figure
  does not depend on any order, is the same whichever annotator is A, and is never
  below the exact one.

As for spans: ``fp = n_b - tp``, ``fn = n_a - tp`` (A is the reference), and
duplicates (an annotator's relation twice) count once. Relations come as
:class:`RelationColumns`, one row per relation, label and type indices shared by
both annotators.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields

import numpy as np

from annotator.core.agreement.spans import SpanScore

Array = np.ndarray


@dataclass(frozen=True, eq=False)
class RelationColumns:
    """One annotator's relations: document index, type index, and each end's
    code-point start, end and label index."""

    doc: Array
    type: Array
    head_start: Array
    head_end: Array
    head_label: Array
    child_start: Array
    child_end: Array
    child_label: Array

    @classmethod
    def empty(cls) -> RelationColumns:
        return relation_columns([])

    def __len__(self) -> int:
        return len(self.doc)

    def columns(self) -> list[Array]:
        return [getattr(self, f.name) for f in fields(self)]

    def select(self, keep: Array) -> RelationColumns:
        return RelationColumns(*(column[keep] for column in self.columns()))


def relation_columns(rows: Sequence[Sequence[int]]) -> RelationColumns:
    """Columns from rows of (document index, type index, head start, head end, head
    label index, child start, child end, child label index)."""
    table = np.array(rows, dtype=np.int64).reshape(-1, 8)
    return RelationColumns(*(table[:, i] for i in range(8)))


@dataclass(frozen=True, slots=True, repr=False)
class RelationScore(SpanScore):
    """Precision, recall and F1 of B's relations against A's, the reference (see
    :class:`SpanScore`)."""

    @property
    def reason(self) -> str | None:
        if not self.n_a and not self.n_b:
            return "neither annotator has a relation: precision, recall and F1 are undefined"
        if not self.n_b:
            return "annotator B has no relation: precision is undefined"
        if not self.n_a:
            return "annotator A (the reference) has no relation: recall is undefined"
        return None


@dataclass(frozen=True, eq=False)
class RelationCounts:
    """Counts of A's relations against B's, per (document, type)."""

    n_a: Array
    n_b: Array
    exact: Array
    overlap: Array


def count_relations(a: RelationColumns, b: RelationColumns, n_docs: int, n_types: int,
                    position_offsets: Array) -> RelationCounts:
    """Exact and overlap matches of A's relations with B's, per (document, type).

    ``position_offsets[d]`` is where document ``d``'s code points start on one axis
    for the whole corpus (:meth:`Corpus.position_offsets`): ends of different
    documents never overlap on it."""
    a, b, same_a = _distinct_and_shared(a, b)
    cells = n_docs * n_types

    def per_cell(rows: RelationColumns) -> Array:
        return np.bincount(rows.doc * n_types + rows.type,
                           minlength=cells).reshape(n_docs, n_types)

    pair_a, pair_b = _overlapping_pairs(a, b, position_offsets)
    chosen = maximum_matching(pair_a, pair_b, len(a), len(b))
    matched = a.select(pair_a[chosen])
    return RelationCounts(per_cell(a), per_cell(b), per_cell(a.select(same_a)),
                          per_cell(matched))


def distinct(rows: RelationColumns) -> RelationColumns:
    """The relations without duplicates, sorted by their keys (:func:`_keys`)."""
    if not len(rows):
        return rows
    keys = _keys([rows])[0]
    order = np.lexsort(keys[::-1])
    ordered = [key[order] for key in keys]
    keep = np.ones(len(order), dtype=bool)
    keep[1:] = np.any([key[1:] != key[:-1] for key in ordered], axis=0)
    return rows.select(order[keep])


def _distinct_and_shared(a: RelationColumns, b: RelationColumns
                         ) -> tuple[RelationColumns, RelationColumns, Array]:
    """:func:`distinct` of A and of B, and the indices of the relations of the first
    that the second has too (as :func:`_same_rows` gives them): one sort of both."""
    if not len(a) or not len(b):
        a, b = distinct(a), distinct(b)
        return a, b, _same_rows(a, b)[0]
    keys_a, keys_b = _keys([a, b])
    both = [np.concatenate((x, y)) for x, y in zip(keys_a, keys_b, strict=True)]
    order = np.lexsort(both[::-1])  # stable: among equal relations, A's come first
    ordered = [key[order] for key in both]
    opens = np.ones(len(order), dtype=bool)
    opens[1:] = np.any([key[1:] != key[:-1] for key in ordered], axis=0)
    group = np.cumsum(opens) - 1
    from_a = order < len(a)
    first_a = from_a & opens  # a group's first row is A's if A has one
    first_b = ~from_a
    first_b[1:] &= opens[1:] | from_a[:-1]
    in_b = np.zeros(int(group[-1]) + 1, dtype=bool)
    in_b[group[~from_a]] = True
    return (a.select(order[first_a]), b.select(order[first_b] - len(a)),
            np.flatnonzero(in_b[group[first_a]]))


def _same_rows(a: RelationColumns, b: RelationColumns) -> tuple[Array, Array]:
    """Indices ``(i, j)`` where relation ``i`` of A equals relation ``j`` of B (both
    distinct)."""
    if not len(a) or not len(b):
        none = np.zeros(0, dtype=np.int64)
        return none, none
    keys_a, keys_b = _keys([a, b])
    both = [np.concatenate((x, y)) for x, y in zip(keys_a, keys_b, strict=True)]
    order = np.lexsort(both[::-1])  # stable: A's row comes first
    ordered = [key[order] for key in both]
    equal = np.flatnonzero(np.all([key[1:] == key[:-1] for key in ordered], axis=0))
    return order[equal], order[equal + 1] - len(a)


def _keys(parts: Sequence[RelationColumns]) -> list[list[Array]]:
    """Each part's relations as three sort keys, the same for equal relations in any
    part: (document, type, head label, child label), (head start, end), (child start,
    end), packed into one integer each; the eight columns where they would not fit."""
    columns = [part.columns() for part in parts]
    highest = [max(int(c[i].max()) if len(c[i]) else 0 for c in columns) + 1 for i in range(8)]
    doc, kind, label = highest[0], highest[1], max(highest[4], highest[7])
    place = max(highest[2], highest[3], highest[5], highest[6])
    if doc * kind * label * label >= 1 << 62 or place * place >= 1 << 62:
        return columns
    return [[((c[0] * kind + c[1]) * label + c[4]) * label + c[7],
             c[2] * place + c[3], c[5] * place + c[6]] for c in columns]


def _overlapping_pairs(a: RelationColumns, b: RelationColumns, offsets: Array
                       ) -> tuple[Array, Array]:
    """Every (relation of A, relation of B) of the same document and type whose heads
    overlap and whose children overlap, the ends' labels equal."""
    if not len(a) or not len(b):
        none = np.zeros(0, dtype=np.int64)
        return none, none
    # One axis per (type, head label, child label): heads that may match lie near
    # each other on it, and nothing else overlaps.
    n_labels = int(max(a.head_label.max(), a.child_label.max(), b.head_label.max(),
                       b.child_label.max())) + 1
    width = int(offsets[-1]) + 1

    def axis(rows: RelationColumns) -> Array:
        group = (rows.type * n_labels + rows.head_label) * n_labels + rows.child_label
        return group * width + offsets[rows.doc] + rows.head_start

    start_a = axis(a)
    end_a = start_a + (a.head_end - a.head_start)
    order = np.argsort(axis(b), kind="stable")
    start_b = axis(b)[order]
    end_b = start_b + (b.head_end - b.head_start)[order]
    longest_b = int((b.head_end - b.head_start).max())
    # B's candidates for a head of A start after A's start - longest and before A's end.
    low = np.searchsorted(start_b, start_a - longest_b, side="right")
    high = np.maximum(np.searchsorted(start_b, end_a, side="left"), low)
    counts = high - low
    pair_a = np.repeat(np.arange(len(a)), counts)
    sorted_b = np.arange(int(counts.sum())) - np.repeat(np.cumsum(counts) - counts - low, counts)
    pair_b = order[sorted_b]
    heads = np.minimum(end_a[pair_a], end_b[sorted_b]) > np.maximum(start_a[pair_a],
                                                                    start_b[sorted_b])
    children = (np.minimum(a.child_end[pair_a], b.child_end[pair_b])
                > np.maximum(a.child_start[pair_a], b.child_start[pair_b]))
    keep = heads & children
    return pair_a[keep], pair_b[keep]


def maximum_matching(pair_a: Array, pair_b: Array, n_a: int, n_b: int) -> Array:
    """Indices of candidate pairs forming a maximum matching (each relation in at
    most one pair). A pair whose two relations have no other candidate is always
    in it; the rest (few: relations with rivals) are settled by augmenting paths."""
    alone = ((np.bincount(pair_a, minlength=n_a)[pair_a] == 1)
             & (np.bincount(pair_b, minlength=n_b)[pair_b] == 1))
    contested = np.flatnonzero(~alone)
    if not contested.size:
        return np.flatnonzero(alone)
    edges: dict[int, list[tuple[int, int]]] = {}
    for index, x, y in zip(contested.tolist(), pair_a[contested].tolist(),
                           pair_b[contested].tolist(), strict=True):
        edges.setdefault(x, []).append((y, index))
    partner: dict[int, tuple[int, int]] = {}  # relation of B -> (relation of A, pair)
    for x in edges:
        _augment(x, edges, partner)
    kept = np.array(sorted(pair for _, pair in partner.values()), dtype=np.int64)
    return np.concatenate((np.flatnonzero(alone), kept))


def _augment(root: int, edges: dict[int, list[tuple[int, int]]],
             partner: dict[int, tuple[int, int]]) -> bool:
    """Kuhn's augmenting path from ``root`` (a relation of A), without recursion."""
    seen: set[int] = set()
    # Each frame: a relation of A, its next candidate, and the (B, pair) that led here.
    stack: list[tuple[int, int, tuple[int, int] | None]] = [(root, 0, None)]
    while stack:
        x, at, came = stack[-1]
        candidates = edges.get(x, [])
        if at == len(candidates):
            stack.pop()
            continue
        stack[-1] = (x, at + 1, came)
        y, pair = candidates[at]
        if y in seen:
            continue
        seen.add(y)
        if y not in partner:  # a free relation of B: flip the path's pairs
            partner[y] = (x, pair)
            for depth in range(len(stack) - 1, 0, -1):
                via = stack[depth][2]
                assert via is not None
                partner[via[0]] = (stack[depth - 1][0], via[1])
            return True
        stack.append((partner[y][0], 0, (y, pair)))
    return False
