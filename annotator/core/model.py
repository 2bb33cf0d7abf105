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


NAME_MAX = 100  # characters in a label's or an annotator's name


def name_problem(kind: str, name: str) -> str | None:
    """Why `name` cannot name a label or an annotator (`kind` says which), or None."""
    if not name.strip():
        return f"a {kind} needs a name"
    if len(name) > NAME_MAX:
        return (f"{kind} name {name[:20]!r}… is {len(name)} characters long; "
                f"at most {NAME_MAX}")
    bad = next((ch for ch in name if ord(ch) < 32 or ord(ch) == 127), None)
    if bad is not None:
        return f"{kind} name {name!r} holds a control character ({bad!r})"
    return None


def check_name(kind: str, name: str) -> None:
    """Raise InvalidName with name_problem's reason, if there is one."""
    from annotator.core.errors import InvalidName

    problem = name_problem(kind, name)
    if problem:
        raise InvalidName(problem)


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
    score: float | None = None  # a suggestion's; None for spans people make


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
    """A link of a type (its ``label``) from a head span to a child span
    (e.g. quote -> speaker)."""

    head: Span
    child: Span
    label: str
    id: int | None = field(default=None, compare=False)
    status: Status = field(default=Status.ACCEPTED, compare=False)


class RelationRow(NamedTuple):
    """A stored relation as a plain tuple: its id, the ids of its head and child
    spans, and its type's name. A document's relations are read this way at once
    (20,000 of them cost a fetch, not 20,000 objects)."""

    id: int
    head: int
    child: int
    type: str
    status: str = Status.ACCEPTED.value


class Created(NamedTuple):
    """A span made in the same batch of edits: the ``index``-th of its ``create`` list,
    whose id is not known until the batch is stored."""

    index: int


class NewRelation(NamedTuple):
    """A relation to make in a batch of edits. An end is a stored span's id, or
    :class:`Created` for a span made in the same batch (undo of a deletion puts a
    span back together with its relations this way)."""

    head: int | Created
    child: int | Created
    type: str
    status: str = Status.ACCEPTED.value


@dataclass(frozen=True, slots=True)
class RelationType:
    """What a relation may be: a name, a colour, a key, and the labels its head and
    child may have (empty: any label)."""

    name: str
    color: str = "#888888"
    key: str | None = None
    heads: tuple[str, ...] = ()
    children: tuple[str, ...] = ()
    archived: bool = False

    def allows(self, head_label: str, child_label: str) -> bool:
        """Whether a span labelled ``head_label`` may head one of these, and one
        labelled ``child_label`` be its child."""
        return ((not self.heads or head_label in self.heads)
                and (not self.children or child_label in self.children))

    def refusal(self, head_label: str, child_label: str) -> str | None:
        """Why a relation of this type cannot link these labels, in words; None if it can."""
        if self.allows(head_label, child_label):
            return None
        heads = " or ".join(self.heads) if self.heads else "any label"
        children = " or ".join(self.children) if self.children else "any label"
        return (f"{self.name} links {heads} → {children}, "
                f"not {head_label} → {child_label}")


DEFAULT_LABELS: tuple[Label, ...] = (
    Label("actor", "#1f77b4", "1", "A person, group, state or organisation that acts or speaks."),
    Label("weapon", "#d62728", "2", "A weapon, weapon system or military platform."),
    Label("claim", "#2ca02c", "3", "A statement presented as fact by a source."),
    Label("quote", "#9467bd", "4", "Directly or indirectly reported speech."),
)

DEFAULT_RELATION_TYPES: tuple[RelationType, ...] = (
    RelationType("speaker", "#e6550d", "s", ("quote", "claim"), ("actor",)),
    RelationType("about", "#3182bd", "t", ("claim",), ("actor", "weapon")),
)
