"""spaCy training data: Doc objects with every span in `doc.spans[key]` (for a
SpanCategorizer, overlaps and nesting allowed) and optionally a flat layer in
`doc.ents`, written as DocBin shards.

A part of the export (all, train or dev) is a folder of `.spacy` files, each a
DocBin of at most SHARD_TOKENS tokens, written as soon as it is full: memory holds
one shard, however large the corpus. spaCy reads a folder of .spacy files as one
corpus (`--paths.train corpus/train.spacy`).

Relations go where spaCy's relation-extraction tutorial (explosion/projects,
tutorials/rel_component) reads them: the Doc extension `doc._.rel`, kept in
`doc.user_data`, maps (head start token, child start token) to {type: 1.0 or
0.0}. As in the tutorial's data, the annotation is taken as complete: every pair
of spans whose starts lie within REL_WINDOW tokens of each other has every type,
0.0 where there is no such relation, so a component's instances (pairs of spans
up to that far apart) all find their truth.

A span must start and end on spaCy token boundaries. One that does not is never
moved silently: it is reported, and handled as the caller chose (`align`):
"expand" or "contract" to tokens (spaCy's char_span alignment modes) or "drop".
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from annotator.nlp.tokens import blank_english

ALIGN_MODES = ("expand", "contract", "drop")
SHARD_TOKENS = 200_000  # tokens per .spacy file: ~20 MB of DocBin arrays in memory
Offsets = tuple[int, int, str]  # start, end (code points), label
RelationOffsets = tuple[Offsets, Offsets, str]  # head, child, type
REL_WINDOW = 100  # tokens between two spans' starts: the tutorial's instance max_length
REL_KEY = ("._.", "rel", None, None)  # where spaCy keeps the value of doc._.rel


@dataclass(frozen=True, slots=True)
class Misaligned:
    """A span whose edges fall inside tokens, and what became of it."""

    start: int
    end: int
    label: str
    text: str
    outcome: str  # "refused", "dropped", or e.g. "expanded to [3, 9)"


@dataclass
class DocAdded:
    misaligned: list[Misaligned] = field(default_factory=list)
    ents_dropped: list[Offsets] = field(default_factory=list)  # overlapping after alignment
    spans: int = 0
    max_tokens: int = 0  # the longest span, in tokens
    relations: int = 0
    # Relations left out because an end was dropped (not on token boundaries).
    relations_dropped: list[RelationOffsets] = field(default_factory=list)
    # Relations whose ends start on the same tokens as another's of the same type:
    # spaCy's rel mapping keeps one.
    relations_merged: list[RelationOffsets] = field(default_factory=list)


class DocBinWriter:
    """Makes Docs and writes them into a folder of DocBin shards per part ("train",
    "dev", or "all"); `folders` says where each part goes."""

    def __init__(self, folders: dict[str, Path], spans_key: str = "sc",
                 align: str | None = None, shard_tokens: int | None = None) -> None:
        from spacy.tokens import DocBin  # lazy: spaCy costs most of a second

        if align is not None and align not in ALIGN_MODES:
            raise ValueError(f"align must be one of {', '.join(ALIGN_MODES)}")
        self.spans_key = spans_key
        self.align = align
        self.nlp = blank_english()
        self._docbin = DocBin
        self.folders = folders
        self.shard_tokens = shard_tokens or SHARD_TOKENS
        self.bins: dict[str, Any] = {}
        self._tokens: dict[str, int] = {}
        self._docs: dict[str, int] = dict.fromkeys(folders, 0)
        self._shards: dict[str, int] = dict.fromkeys(folders, 0)

    def add(self, part: str, text: str, spans: Sequence[Offsets],
            ents: Sequence[Offsets] = (), user_data: dict[str, Any] | None = None, *,
            relations: Sequence[RelationOffsets] = (),
            relation_types: Sequence[str] = ()) -> DocAdded:
        """One document. With ``relation_types`` (every type of the export), its
        relations between ``spans`` go into ``doc._.rel`` (see the module docstring)."""
        from spacy.tokens import SpanGroup

        doc = self.nlp.make_doc(text)
        added = DocAdded()
        group = []
        seen: set[tuple[int, int, str]] = set()
        aligned: dict[Offsets, Any] = {}
        for start, end, label in spans:
            span = self._span(doc, start, end, label, added)
            if span is not None:
                aligned[(start, end, label)] = span
            if span is not None and (span.start, span.end, label) not in seen:
                seen.add((span.start, span.end, label))
                group.append(span)
                added.max_tokens = max(added.max_tokens, len(span))
        if relation_types:
            doc.user_data[REL_KEY] = self._relations(group, aligned, relations,
                                                     relation_types, added)
        doc.spans[self.spans_key] = SpanGroup(doc, name=self.spans_key, spans=group)
        added.spans = len(group)
        flat, taken = [], set()
        for start, end, label in ents:
            span = self._span(doc, start, end, label, DocAdded())  # reported with the spans
            if span is None:
                continue
            tokens = set(range(span.start, span.end))
            if tokens & taken:
                added.ents_dropped.append((start, end, label))
                continue
            taken |= tokens
            flat.append(span)
        doc.ents = sorted(flat, key=lambda s: s.start)
        for key, value in (user_data or {}).items():
            doc.user_data[key] = value
        if part not in self.bins:
            self.bins[part] = self._docbin(store_user_data=True)
            self._tokens[part] = 0
        self.bins[part].add(doc)
        self._docs[part] += 1
        self._tokens[part] += len(doc)
        if self._tokens[part] >= self.shard_tokens:
            self._flush(part)
        return added

    def _flush(self, part: str) -> None:
        bin_ = self.bins.pop(part, None)
        if bin_ is None:
            return
        self._shards[part] += 1
        bin_.to_disk(self.folders[part] / f"{self._shards[part]:04d}.spacy")

    @staticmethod
    def _relations(group: Sequence[Any], aligned: dict[Offsets, Any],
                   relations: Sequence[RelationOffsets], types: Sequence[str],
                   added: DocAdded) -> dict[tuple[int, int], dict[str, float]]:
        """(head start token, child start token) -> {type: 1.0 or 0.0}."""
        none = dict.fromkeys(types, 0.0)
        rel: dict[tuple[int, int], dict[str, float]] = {}
        counted = Counter(span.start for span in group)
        starts = sorted(counted)
        for i, first in enumerate(starts):  # every pair near enough, both ways
            if counted[first] > 1:  # two spans that start on one token
                rel[(first, first)] = dict(none)
            for second in starts[i + 1:]:
                if second - first > REL_WINDOW:
                    break
                rel[(first, second)] = dict(none)
                rel[(second, first)] = dict(none)
        for head, child, kind in relations:
            head_span, child_span = aligned.get(head), aligned.get(child)
            if head_span is None or child_span is None:
                added.relations_dropped.append((head, child, kind))
                continue
            found = rel.setdefault((head_span.start, child_span.start), dict(none))
            if found.get(kind) == 1.0:
                added.relations_merged.append((head, child, kind))
                continue
            found[kind] = 1.0
            added.relations += 1
        return rel

    def _span(self, doc: Any, start: int, end: int, label: str, added: DocAdded) -> Any:
        span = doc.char_span(start, end, label=label, alignment_mode="strict")
        if span is not None:
            return span
        text = doc.text[start:end]
        if self.align is None:
            added.misaligned.append(Misaligned(start, end, label, text, "refused"))
            return None
        if self.align != "drop":
            span = doc.char_span(start, end, label=label, alignment_mode=self.align)
        if span is None or len(span) == 0:
            added.misaligned.append(Misaligned(start, end, label, text, "dropped"))
            return None
        verb = "expanded" if self.align == "expand" else "contracted"
        added.misaligned.append(Misaligned(start, end, label, text,
                                           f"{verb} to [{span.start_char}, {span.end_char})"))
        return span

    def close(self) -> None:
        """Write the last shard of every part (an empty one for a part with no
        document, so every part is a corpus spaCy can read)."""
        for part in self.folders:
            if part not in self.bins and not self._shards[part]:
                self.bins[part] = self._docbin(store_user_data=True)
            self._flush(part)

    def count(self, part: str) -> int:
        """Documents written to a part."""
        return self._docs.get(part, 0)

    def shards(self, part: str) -> int:
        return self._shards.get(part, 0)


def is_shard(path: Path) -> bool:
    """A file an earlier spaCy export may have written."""
    return path.suffix == ".spacy"


def read_docbin(path: Path) -> list[Any]:
    """The Docs of a .spacy file, or of a folder of them in spaCy's order, with blank
    English's vocabulary (for tests and checks)."""
    from spacy.tokens import DocBin

    vocab = blank_english().vocab
    files = sorted(p for p in Path(path).rglob("*.spacy") if not p.name.startswith(".")) \
        if Path(path).is_dir() else [Path(path)]
    return [doc for f in files for doc in DocBin().from_disk(f).get_docs(vocab)]
