"""Editing spans: each call is one committed transaction and returns what undo needs."""

from __future__ import annotations

from dataclasses import replace

from annotator.core.errors import InvalidSpan
from annotator.core.model import Origin, Span, Status
from annotator.nlp.tokens import selection_bounds
from annotator.store import Store


def add_span(store: Store, uid: str, start: int, end: int, label: str, annotator: str, *,
             snap: bool = True, text: str | None = None,
             origin: Origin = Origin.MANUAL, status: Status = Status.ACCEPTED) -> Span:
    """Label [start, end) of a document. With snap, the range grows to whole tokens
    and loses surrounding whitespace; without, only whitespace is trimmed. Either
    way it never ends inside a grapheme cluster (an emoji, a flag, an accented letter).
    Returns the stored span (with its id)."""
    if text is None:
        text = store.documents.get(uid).text
    if not (0 <= start < end <= len(text)):
        raise InvalidSpan(f"span [{start}, {end}) lies outside the text (length {len(text)}) "
                          "or is empty")
    start, end = selection_bounds(text, start, end, snap=snap)
    if start >= end:
        raise InvalidSpan("the selection holds only whitespace")
    return store.spans.add(uid, Span(start, end, label, annotator, origin=origin, status=status))


def restore_span(store: Store, uid: str, span: Span) -> Span:
    """Put back a deleted span exactly as it was (undo of delete); returns its new id."""
    return store.spans.add(uid, replace(span, id=None))


def delete_span(store: Store, span_id: int) -> Span:
    """Delete a span; returns it so undo can restore it."""
    return store.spans.delete(span_id)


def relabel_span(store: Store, span_id: int, label: str) -> tuple[Span, Span]:
    """Returns (before, after)."""
    return store.spans.update(span_id, label=label)


def resize_span(store: Store, span_id: int, start: int, end: int) -> tuple[Span, Span]:
    """Move a span's ends; returns (before, after)."""
    return store.spans.update(span_id, start=start, end=end)
