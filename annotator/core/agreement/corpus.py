"""A corpus as agreement reads it: documents, their units and everyone's spans, in columns.

Agreement over thousands of documents is counted with whole-corpus array
operations (numpy), never a Python object per span or per token. Units of all
documents are numbered one after another: document ``d`` owns the global units
``[unit_offsets[d], unit_offsets[d + 1])``. Code points of all documents are
numbered the same way, with a gap of one between documents (document ``d``
starts at ``position_offsets()[d]``, as if the texts were joined by a newline),
and units are held in those global positions, so that one sorted search finds
the units of every span at once without crossing into a neighbour.

:meth:`Corpus.from_documents` builds one from :class:`DocumentAnnotations`
(the readable form the tests and small callers use); the service layer builds
one straight from the store's rows.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np

from annotator.core.agreement.documents import DocumentAnnotations, Tokens
from annotator.core.agreement.relations import RelationColumns, relation_columns
from annotator.core.errors import InvalidSpan

Array = np.ndarray


@dataclass(frozen=True, eq=False)
class SpanColumns:
    """One annotator's spans: document index, code-point start and end, label index."""

    doc: Array
    start: Array
    end: Array
    label: Array

    @classmethod
    def empty(cls) -> SpanColumns:
        none = np.zeros(0, dtype=np.int64)
        return cls(none, none, none, none)

    def __len__(self) -> int:
        return len(self.doc)


@dataclass(frozen=True, eq=False)
class Corpus:
    """Documents (in order), their units (tokens) and the spans of some annotators.

    ``unit_starts``/``unit_ends`` are each unit's code-point bounds in global
    positions (see the module docstring): sorted, not overlapping. ``labels``
    are sorted, so a label's index orders labels alphabetically.
    ``touched[name][d]`` says whether ``name`` worked on document ``d`` (a span,
    or a state such as done). ``relations`` are each annotator's relations, their
    types indices into ``relation_types`` and their ends' labels into ``labels``.
    """

    doc_ids: Sequence[str]
    lengths: Array
    unit_starts: Array
    unit_ends: Array
    unit_offsets: Array
    labels: tuple[str, ...]
    spans: Mapping[str, SpanColumns]
    touched: Mapping[str, Array]
    relation_types: tuple[str, ...] = ()
    relations: Mapping[str, RelationColumns] = field(default_factory=dict)

    def __post_init__(self) -> None:
        n_docs = len(self.doc_ids)
        if len(self.lengths) != n_docs or len(self.unit_offsets) != n_docs + 1:
            raise ValueError("one length and one unit offset per document are needed")
        for name, columns in self.spans.items():
            self._check_spans(name, columns)

    @property
    def n_docs(self) -> int:
        return len(self.doc_ids)

    @property
    def n_units(self) -> int:
        return int(self.unit_offsets[-1])

    def units_per_doc(self) -> Array:
        return np.diff(self.unit_offsets)

    def spans_of(self, name: str) -> SpanColumns:
        return self.spans.get(name) or SpanColumns.empty()

    def relations_of(self, name: str) -> RelationColumns:
        return self.relations.get(name) or RelationColumns.empty()

    def touched_by(self, name: str) -> Array:
        found = self.touched.get(name)
        return found if found is not None else np.zeros(self.n_docs, dtype=bool)

    def position_offsets(self) -> Array:
        """Where each document's code points start when all are laid end to end, one
        apart: positions of different documents never meet."""
        offsets = np.zeros(self.n_docs + 1, dtype=np.int64)
        np.cumsum(self.lengths + 1, out=offsets[1:])
        return offsets

    @cached_property
    def doc_of_unit(self) -> Array:
        """The document index of every unit."""
        return np.repeat(np.arange(self.n_docs, dtype=np.int32), self.units_per_doc())

    def doc_of(self, units: Array) -> Array:
        """The document index of each of these (global) units: a search among the
        documents' offsets, for when a few units of the corpus are asked about."""
        return np.searchsorted(self.unit_offsets, units, side="right") - 1

    def unit_ranges(self, columns: SpanColumns) -> tuple[Array, Array]:
        """Global units ``[first, stop)`` that share a code point with each span
        (``first == stop``: the span covers no unit, e.g. only spaces)."""
        base = self.position_offsets()[columns.doc]
        return (np.searchsorted(self.unit_ends, columns.start + base, side="right"),
                np.searchsorted(self.unit_starts, columns.end + base, side="left"))

    def _check_spans(self, name: str, columns: SpanColumns) -> None:
        lengths = self.lengths[columns.doc]
        bad = np.flatnonzero((columns.start < 0) | (columns.start >= columns.end)
                             | (columns.end > lengths))
        if bad.size:
            at = int(bad[0])
            raise InvalidSpan(
                f"{self.doc_ids[int(columns.doc[at])]}: span [{int(columns.start[at])}, "
                f"{int(columns.end[at])}) of {name!r} is empty or outside "
                f"[0, {int(lengths[at])})")

    @classmethod
    def from_documents(cls, docs: Sequence[DocumentAnnotations],
                       annotators: Collection[str]) -> Corpus:
        """The documents and the spans of ``annotators`` in them."""
        names = list(dict.fromkeys(annotators))
        labels = sorted({span.label for doc in docs for name in names
                         for span in doc.spans_of(name)}
                        | {end.label for doc in docs for name in names
                           for r in doc.relations_of(name) for end in (r.head, r.child)})
        label_index = {label: index for index, label in enumerate(labels)}
        types = sorted({r.label for doc in docs for name in names for r in doc.relations_of(name)})
        type_index = {kind: index for index, kind in enumerate(types)}
        links: dict[str, list[tuple[int, ...]]] = {name: [] for name in names}
        starts: list[Sequence[int]] = []
        ends: list[Sequence[int]] = []
        counts = []
        for doc in docs:
            unit_starts, unit_ends = _units_of(doc)
            starts.append(unit_starts)
            ends.append(unit_ends)
            counts.append(len(unit_starts))
        offsets = np.zeros(len(docs) + 1, dtype=np.int64)
        np.cumsum(counts, out=offsets[1:])
        shift = np.repeat(np.cumsum([0, *(doc.length + 1 for doc in docs)])[:-1], counts)
        rows: dict[str, list[tuple[int, int, int, int]]] = {name: [] for name in names}
        touched = {name: np.zeros(len(docs), dtype=bool) for name in names}
        for index, doc in enumerate(docs):
            who = doc.annotators()
            for name in names:
                touched[name][index] = name in who
                rows[name].extend((index, span.start, span.end, label_index[span.label])
                                  for span in doc.spans_of(name))
                links[name].extend(
                    (index, type_index[r.label], r.head.start, r.head.end,
                     label_index[r.head.label], r.child.start, r.child.end,
                     label_index[r.child.label]) for r in doc.relations_of(name))
        return cls([doc.doc_id for doc in docs],
                   np.array([doc.length for doc in docs], dtype=np.int64),
                   _concatenate(starts) + shift, _concatenate(ends) + shift, offsets,
                   tuple(labels),
                   {name: span_columns(found) for name, found in rows.items()}, touched,
                   tuple(types), {name: relation_columns(found) for name, found in links.items()})


def span_columns(rows: Sequence[tuple[int, int, int, int]]) -> SpanColumns:
    """Columns from (document index, start, end, label index) rows."""
    if not rows:
        return SpanColumns.empty()
    table = np.array(rows, dtype=np.int64).reshape(-1, 4)
    return SpanColumns(table[:, 0], table[:, 1], table[:, 2], table[:, 3])


def _units_of(doc: DocumentAnnotations) -> tuple[Sequence[int], Sequence[int]]:
    tokens = doc.tokens
    if tokens is None:  # every code point is a unit
        return range(doc.length), range(1, doc.length + 1)
    if isinstance(tokens, Tokens):
        return tokens.starts, tokens.ends
    return [start for start, _ in tokens], [end for _, end in tokens]


def _concatenate(parts: list[Sequence[int]]) -> Array:
    if not parts:
        return np.zeros(0, dtype=np.int64)
    return np.concatenate([np.asarray(part, dtype=np.int64) for part in parts])
