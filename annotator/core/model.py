"""The domain types every layer shares: documents, labels, spans, relations."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, NamedTuple, Protocol


class Origin(StrEnum):
    MANUAL = "manual"
    RULE = "rule"
    MODEL = "model"
    IMPORT = "import"


class Status(StrEnum):
    ACCEPTED = "accepted"
    SUGGESTED = "suggested"
    REJECTED = "rejected"


class AnnotatorKind(StrEnum):
    HUMAN = "human"
    MODEL = "model"
    REVIEWER = "reviewer"


class DocState(StrEnum):
    TODO = "todo"
    IN_PROGRESS = "in_progress"
    DONE = "done"


def normalise_newlines(text: str) -> str:
    """CRLF and lone CR become LF; nothing else in the text changes."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def document_id(text: str) -> str:
    """The stable id of a canonical text: same article, same id, on any machine."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def title_of(text: str) -> str:
    """The first non-empty line, stripped."""
    for line in text.split("\n"):
        if line.strip():
            return line.strip()
    return ""


@dataclass(frozen=True, slots=True)
class Document:
    id: str
    text: str
    title: str = ""
    source: str = ""
    meta: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    @classmethod
    def from_text(cls, text: str, *, title: str | None = None, source: str = "",
                  meta: dict[str, Any] | None = None) -> Document:
        return cls(id=document_id(text), text=text,
                   title=title_of(text) if title is None else title,
                   source=source, meta=dict(meta or {}))


@dataclass(frozen=True, slots=True)
class Label:
    name: str
    color: str = "#888888"
    key: str | None = None
    guideline: str = ""
    archived: bool = False


@dataclass(frozen=True, slots=True)
class Span:
    """A labelled range [start, end) of code points in a document's text."""

    start: int
    end: int
    label: str
    annotator: str = ""
    id: int | None = field(default=None, compare=False)
    origin: Origin = field(default=Origin.MANUAL, compare=False)
    status: Status = field(default=Status.ACCEPTED, compare=False)
    # A suggestion's score in [0, 1]; None for spans people make (and rules' matches).
    score: float | None = field(default=None, compare=False)

    @property
    def key(self) -> tuple[int, int, str, str]:
        """What makes a span unique within a document."""
        return (self.start, self.end, self.label, self.annotator)

    def overlaps(self, other: Span) -> bool:
        return self.start < other.end and other.start < self.end


class SpanRow(NamedTuple):
    """A stored span as a plain tuple, the way a whole document's spans are read and
    indexed at once (100,000 of them cost a fetch, not 100,000 objects). It has the
    same attributes as :class:`Span`; :meth:`to_span` makes one for editing."""

    start: int
    end: int
    id: int
    label: str
    annotator: str
    origin: str = Origin.MANUAL.value
    status: str = Status.ACCEPTED.value

    @property
    def key(self) -> tuple[int, int, str, str]:
        return (self.start, self.end, self.label, self.annotator)

    def overlaps(self, other: SpanLike) -> bool:
        return self.start < other.end and other.start < self.end

    def to_span(self) -> Span:
        return Span(self.start, self.end, self.label, self.annotator, self.id,
                    Origin(self.origin), Status(self.status))

    @classmethod
    def of(cls, span: Span | SpanRow) -> SpanRow:
        """The row of a span that has an id."""
        if isinstance(span, SpanRow):
            return span
        if span.id is None:
            raise ValueError("a span row needs a span with an id")
        return cls(span.start, span.end, span.id, span.label, span.annotator,
                   Origin(span.origin).value, Status(span.status).value)


class SpanLike(Protocol):
    """Anything with code-point offsets and a label: Span, SpanBounds, RecordSpan."""

    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def label(self) -> str: ...


class SpanBounds(NamedTuple):
    """A span's extent and label alone, for bulk reads (exports, agreement): a plain
    tuple, cheap to build by the hundred thousand. A Span has the same attributes."""

    start: int
    end: int
    label: str


class Suggestion(NamedTuple):
    """What a pattern or model proposes: an extent, a label and how sure it is (a score in
    [0, 1], or None for a rule's match, which is never unsure)."""

    start: int
    end: int
    label: str
    score: float | None = None


class RelationBounds(NamedTuple):
    """A relation between two SpanBounds, for bulk reads."""

    head: SpanBounds
    child: SpanBounds
    label: str


@dataclass(frozen=True, slots=True)
class Relation:
    """A labelled link from a head span to a child span (e.g. quote -> speaker)."""

    head: Span
    child: Span
    label: str
    id: int | None = field(default=None, compare=False)


DEFAULT_LABELS: tuple[Label, ...] = (
    Label("actor", "#1f77b4", "1", "A person, group, state or organisation that acts or speaks."),
    Label("weapon", "#d62728", "2", "A weapon, weapon system or military platform."),
    Label("claim", "#2ca02c", "3", "A statement presented as fact by a source."),
    Label("quote", "#9467bd", "4", "Directly or indirectly reported speech."),
)
