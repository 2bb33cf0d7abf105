"""Undoable span edits. Each command calls the editing service, then tells the window.

A command may be undone while another document is shown: it first asks the
window to show its document, so the user sees what changed.
"""

from __future__ import annotations

from typing import Protocol

from PySide6.QtGui import QUndoCommand

from annotator.core.model import Span
from annotator.services import editing
from annotator.store import Store


class EditTarget(Protocol):
    """What commands need from the window."""

    def show_document(self, uid: str) -> None: ...
    def span_added(self, uid: str, span: Span) -> None: ...
    def span_removed(self, uid: str, span_id: int) -> None: ...
    def span_changed(self, uid: str, span: Span) -> None: ...
    def report(self, message: str) -> None: ...


class SpanIds:
    """Restoring a deleted span gives it a new id; commands keep the first id they saw
    and look up the current one here, so older commands still find their span."""

    def __init__(self) -> None:
        self._current: dict[int, int] = {}
        self._first: dict[int, int] = {}

    def current(self, first: int) -> int:
        return self._current.get(first, first)

    def first(self, current: int) -> int:
        """The id older commands know a span by."""
        return self._first.get(current, current)

    def moved(self, first: int, now: int) -> None:
        self._first.pop(self._current.get(first, first), None)
        self._current[first] = now
        self._first[now] = first


class SpanCommand(QUndoCommand):
    def __init__(self, text: str, store: Store, target: EditTarget, ids: SpanIds,
                 uid: str) -> None:
        super().__init__(text)
        self.store = store
        self.target = target
        self.ids = ids
        self.uid = uid
        self._first_redo = True  # the edit was committed before the push

    def redo(self) -> None:
        first, self._first_redo = self._first_redo, False
        self._run(self.announce if first else self.apply)

    def undo(self) -> None:
        self._run(self.revert)

    def _run(self, step) -> None:  # type: ignore[no-untyped-def]
        self.target.show_document(self.uid)
        try:
            step()
        except Exception as exc:  # an exception out of undo() would abort the app
            # The database moved on (e.g. someone re-added the span): drop this step.
            self.target.report(f"Cannot {self.text().lower()}: {exc}")
            self.setObsolete(True)

    def announce(self) -> None:
        """Show the already committed edit."""
        raise NotImplementedError

    def apply(self) -> None:
        raise NotImplementedError

    def revert(self) -> None:
        raise NotImplementedError


class AddSpan(SpanCommand):
    def __init__(self, store: Store, target: EditTarget, ids: SpanIds, uid: str,
                 span: Span) -> None:
        super().__init__(f"Add {span.label}", store, target, ids, uid)
        self.span = span
        self.first_id: int = span.id  # type: ignore[assignment]

    def announce(self) -> None:
        self.target.span_added(self.uid, self.span)

    def apply(self) -> None:
        span = editing.restore_span(self.store, self.uid, self.span)
        self.ids.moved(self.first_id, span.id)  # type: ignore[arg-type]
        self.target.span_added(self.uid, span)

    def revert(self) -> None:
        span_id = self.ids.current(self.first_id)
        editing.delete_span(self.store, span_id)
        self.target.span_removed(self.uid, span_id)


class DeleteSpan(SpanCommand):
    def __init__(self, store: Store, target: EditTarget, ids: SpanIds, uid: str,
                 span: Span, first_id: int) -> None:
        super().__init__(f"Delete {span.label}", store, target, ids, uid)
        self.span = span
        self.first_id = first_id

    def announce(self) -> None:
        self.target.span_removed(self.uid, self.span.id)  # type: ignore[arg-type]

    def apply(self) -> None:
        span_id = self.ids.current(self.first_id)
        editing.delete_span(self.store, span_id)
        self.target.span_removed(self.uid, span_id)

    def revert(self) -> None:
        span = editing.restore_span(self.store, self.uid, self.span)
        self.ids.moved(self.first_id, span.id)  # type: ignore[arg-type]
        self.target.span_added(self.uid, span)


class ChangeSpan(SpanCommand):
    """A relabel or a resize: the span keeps its id, so only its fields move."""

    def __init__(self, store: Store, target: EditTarget, ids: SpanIds, uid: str,
                 before: Span, after: Span, first_id: int) -> None:
        what = f"Relabel {before.label} as {after.label}" if before.label != after.label \
            else f"Resize {after.label}"
        super().__init__(what, store, target, ids, uid)
        self.before = before
        self.after = after
        self.first_id = first_id

    def announce(self) -> None:
        self.target.span_changed(self.uid, self.after)

    def apply(self) -> None:
        self._set(self.after)

    def revert(self) -> None:
        self._set(self.before)

    def _set(self, goal: Span) -> None:
        span_id = self.ids.current(self.first_id)
        now = self.store.spans.get(span_id)
        if now.label != goal.label:
            _, now = editing.relabel_span(self.store, span_id, goal.label)
        if (now.start, now.end) != (goal.start, goal.end):
            _, now = editing.resize_span(self.store, span_id, goal.start, goal.end)
        self.target.span_changed(self.uid, now)
