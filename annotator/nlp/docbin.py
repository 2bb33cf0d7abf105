"""spaCy training data: Doc objects with every span in `doc.spans[key]` (for a
SpanCategorizer, overlaps and nesting allowed) and optionally a flat layer in
`doc.ents`, collected into DocBins.

A span must start and end on spaCy token boundaries. One that does not is never
moved silently: it is reported, and handled as the caller chose (`align`):
"expand" or "contract" to tokens (spaCy's char_span alignment modes) or "drop".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from annotator.nlp.tokens import blank_english

ALIGN_MODES = ("expand", "contract", "drop")
Offsets = tuple[int, int, str]  # start, end (code points), label


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


class DocBinWriter:
    """Collects Docs per part ("train", "dev", or one file) and writes them as .spacy."""

    def __init__(self, spans_key: str = "sc", align: str | None = None) -> None:
        from spacy.tokens import DocBin  # lazy: spaCy costs most of a second

        if align is not None and align not in ALIGN_MODES:
            raise ValueError(f"align must be one of {', '.join(ALIGN_MODES)}")
        self.spans_key = spans_key
        self.align = align
        self.nlp = blank_english()
        self._docbin = DocBin
        self.bins: dict[str, Any] = {}

    def add(self, part: str, text: str, spans: Sequence[Offsets],
            ents: Sequence[Offsets] = (), user_data: dict[str, Any] | None = None) -> DocAdded:
        from spacy.tokens import SpanGroup

        doc = self.nlp.make_doc(text)
        added = DocAdded()
        group = []
        seen: set[tuple[int, int, str]] = set()
        for start, end, label in spans:
            span = self._span(doc, start, end, label, added)
            if span is not None and (span.start, span.end, label) not in seen:
                seen.add((span.start, span.end, label))
                group.append(span)
                added.max_tokens = max(added.max_tokens, len(span))
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
        self.bins[part].add(doc)
        return added

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

    def count(self, part: str) -> int:
        return len(self.bins[part]) if part in self.bins else 0

    def write(self, part: str, path: Path) -> None:
        bin_ = self.bins.get(part) or self._docbin(store_user_data=True)
        bin_.to_disk(path)


def read_docbin(path: Path) -> list[Any]:
    """The Docs of a .spacy file, with blank English's vocabulary (for tests and checks)."""
    from spacy.tokens import DocBin

    return list(DocBin().from_disk(path).get_docs(blank_english().vocab))
