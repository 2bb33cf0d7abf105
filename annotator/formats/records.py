"""The format-neutral record: one document's text with one annotator's spans."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol


class SpanLike(Protocol):
    """Anything with code-point offsets and a label: RecordSpan, or the core Span."""

    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def label(self) -> str: ...


class RelationLike(Protocol):
    @property
    def head(self) -> SpanLike: ...
    @property
    def child(self) -> SpanLike: ...
    @property
    def label(self) -> str: ...


@dataclass(frozen=True, slots=True)
class RecordSpan:
    start: int  # code points into the record's text, end exclusive
    end: int
    label: str


@dataclass(frozen=True, slots=True)
class RecordRelation:
    head: RecordSpan
    child: RecordSpan
    label: str


@dataclass(slots=True)
class Record:
    """What a reader yields and a writer takes.

    `text` is as read (newlines not yet normalised); `line` is where the record
    starts in its file, for error messages.
    """

    text: str
    spans: Sequence[SpanLike] = field(default_factory=list)
    relations: Sequence[RelationLike] = field(default_factory=list)
    meta: dict[str, Any] = field(default_factory=dict)
    title: str | None = None
    source: str = ""
    document_id: str | None = None
    annotator: str | None = None
    line: int | None = None


@dataclass(frozen=True, slots=True)
class Skipped:
    """A well-formed record that is deliberately not imported (e.g. answer: reject)."""

    line: int | None
    reason: str
