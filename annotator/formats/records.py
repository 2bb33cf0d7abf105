"""The format-neutral record: one document's text with one annotator's spans."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from annotator.core.errors import RecordError
from annotator.core.model import SpanLike


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
    # A model's prediction comes in as a suggestion, not as an accepted span.
    status: str = field(default="accepted", compare=False)
    origin: str = field(default="import", compare=False)
    score: float | None = field(default=None, compare=False)  # a model's confidence, [0, 1]


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
    # Where the record is when a line number says nothing (one big JSON list): "task 3".
    place: str | None = None
    annotator_kind: str | None = None  # "model" for predictions; None: human

    def error(self, reason: str, path: str) -> RecordError:
        return located(reason, path=path, line=self.line, place=self.place)


@dataclass(frozen=True, slots=True)
class Skipped:
    """A well-formed record that is deliberately not imported (e.g. answer: reject)."""

    line: int | None
    reason: str


@dataclass(frozen=True, slots=True)
class Notice:
    """Something the user should know that does not make a record bad."""

    message: str


class PlacedError(RecordError):
    """A bad record located by something other than a line: `file:task 3: reason`."""

    def __init__(self, reason: str, *, path: str, place: str) -> None:
        self.place = place
        super().__init__(reason, path=path)

    def where(self) -> str:
        return f"{self.path}:{self.place}: " if self.path else f"{self.place}: "


def located(reason: str, *, path: str, line: int | None = None,
            place: str | None = None) -> RecordError:
    if place is not None:
        if line is not None:
            place = f"{line} ({place})"
        return PlacedError(reason, path=path, place=place)
    return RecordError(reason, path=path, line=line)
