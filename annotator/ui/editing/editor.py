"""Span edits from the window: commit through the service, then push an undo command.

Errors (a duplicate, an empty selection) come back as a message, never an exception,
so a slip of the finger costs a line in the status bar and nothing else.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from annotator.core.errors import AnnotatorError
from annotator.core.model import Span
from annotator.services import editing
from annotator.store import Store
from annotator.ui.editing.commands import AddSpan, ChangeSpan, DeleteSpan, EditTarget, SpanIds


class Editor(QObject):
    message = Signal(str)

    def __init__(self, store: Store, target: EditTarget, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.target = target
        self.stack = QUndoStack(self)
        self.ids = SpanIds()

    def add(self, uid: str, text: str, start: int, end: int, label: str, annotator: str, *,
            snap: bool) -> Span | None:
        try:
            span = editing.add_span(self.store, uid, start, end, label, annotator,
                                    snap=snap, text=text)
        except Exception as exc:
            self._failed("Not added", exc)
            return None
        self.stack.push(AddSpan(self.store, self.target, self.ids, uid, span))
        return span

    def delete(self, uid: str, span: Span) -> bool:
        try:
            gone = editing.delete_span(self.store, span.id)  # type: ignore[arg-type]
        except Exception as exc:
            self._failed("Not deleted", exc)
            return False
        self.stack.push(DeleteSpan(self.store, self.target, self.ids, uid, gone,
                                   self.ids.first(gone.id)))  # type: ignore[arg-type]
        return True

    def relabel(self, uid: str, span: Span, label: str) -> Span | None:
        if span.label == label:
            return span
        try:
            before, after = editing.relabel_span(self.store, span.id, label)  # type: ignore[arg-type]
        except Exception as exc:
            self._failed("Not relabelled", exc)
            return None
        self._push_change(uid, before, after)
        return after

    def resize(self, uid: str, span_id: int, start: int, end: int) -> Span | None:
        try:
            before, after = editing.resize_span(self.store, span_id, start, end)
        except Exception as exc:
            self._failed("Not resized", exc)
            return None
        if (before.start, before.end) != (after.start, after.end):
            self._push_change(uid, before, after)
        return after

    def _failed(self, what: str, exc: Exception) -> None:
        # Domain errors read well as they are; anything else (a database locked by a
        # long import) is still only a message: the edit was not made, nothing is lost.
        if isinstance(exc, AnnotatorError):
            self.message.emit(f"{what}: {exc}")
        else:
            self.message.emit(f"{what} ({type(exc).__name__}): {exc}")

    def _push_change(self, uid: str, before: Span, after: Span) -> None:
        self.stack.push(ChangeSpan(self.store, self.target, self.ids, uid, before, after,
                                   self.ids.first(after.id)))  # type: ignore[arg-type]
