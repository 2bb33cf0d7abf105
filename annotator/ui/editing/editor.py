"""Span edits from the window: checked and shown at once, stored by the store queue.

An edit is checked on the GUI thread (snapping, whitespace, an exact duplicate of a
span on screen), pushed on the undo stack as a SpanEdit, published as a SpanChange
for the view, lists and counts, and handed to the store queue. Until the store has
it, the change is pending: a document read again meanwhile shows it all the same
(``pending_changes``). If the store refuses it, the change is taken back from the
screen and the command from the history, and the user is told why in one line.
Errors come back as messages, never exceptions: a slip of the finger costs a line
in the status bar and nothing else.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Protocol

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from annotator.core.changes import SpanChange
from annotator.core.errors import AnnotatorError
from annotator.core.model import Origin, SpanRow, Status
from annotator.store import Store
from annotator.ui.document_spans import DocumentSpans
from annotator.ui.editing.commands import Edit, SpanEdit, Step
from annotator.ui.editing.handles import SpanHandles
from annotator.ui.errors import report_unexpected
from annotator.ui.store_queue import StoreQueue


class EditTarget(Protocol):
    """What the editor needs from the window."""

    def show_document(self, uid: str) -> None: ...


class Editor(QObject):
    changed = Signal(object)  # SpanChange: shown now, stored soon
    message = Signal(str)

    def __init__(self, queue: StoreQueue, spans: DocumentSpans, target: EditTarget,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.queue = queue
        self.spans = spans  # what is on screen, for checks
        self.target = target
        self.stack = QUndoStack(self)
        self.handles = SpanHandles()
        self._pending: dict[str, list[SpanChange]] = {}

    # ------------------------------------------------------------- the edits

    def add(self, uid: str, text: str, start: int, end: int, label: str, annotator: str, *,
            snap: bool, origin: Origin = Origin.MANUAL) -> SpanRow | None:
        """Label [start, end) of the document on screen; with snap, the range grows to
        whole tokens; it never cuts a grapheme cluster. Returns the span as shown, or
        None (and a message)."""
        from annotator.nlp.tokens import selection_bounds

        if not 0 <= start < end <= len(text):
            self.message.emit(f"Not added: [{start}, {end}) lies outside the text")
            return None
        start, end = selection_bounds(text, start, end, snap=snap)
        if start >= end:
            self.message.emit("Not added: the selection holds only whitespace")
            return None
        row = SpanRow(start, end, 0, label, annotator, Origin(origin).value,
                      Status.ACCEPTED.value)
        added = self.add_rows(uid, [row], f"Add {label}")
        return added[0] if added else None

    def add_rows(self, uid: str, rows: list[SpanRow], text: str) -> list[SpanRow]:
        """Add spans to the document on screen as one undo step; spans it shows already
        are skipped. Returns the spans added, as shown."""
        fresh, seen = [], set()
        for row in rows:
            if row.key in seen or self.spans.find(*row.key) is not None:
                continue
            seen.add(row.key)
            fresh.append(row)
        if not fresh:
            what = rows[0] if rows else None
            self.message.emit(f"Not added: {what.label} [{what.start}, {what.end}) by "
                              f"{what.annotator} exists already" if what else "Nothing to add")
            return []
        steps = [Step(self.handles.temporary(), None, row) for row in fresh]
        self.stack.push(SpanEdit(text, self, uid, steps))
        return [row._replace(id=self.handles.shown(step.handle))
                for step, row in zip(steps, fresh, strict=True)]

    def delete(self, uid: str, span: SpanRow) -> None:
        self.stack.push(SpanEdit(f"Delete {span.label}", self, uid,
                                 [Step(self.handles.handle(span.id), span, None)]))

    def relabel(self, uid: str, span: SpanRow, label: str) -> None:
        if span.label != label:
            self._change(uid, span, span._replace(label=label),
                         f"Relabel {span.label} as {label}")

    def resize(self, uid: str, span: SpanRow, start: int, end: int) -> None:
        if (span.start, span.end) != (start, end):
            self._change(uid, span, span._replace(start=start, end=end), f"Resize {span.label}")

    def _change(self, uid: str, before: SpanRow, after: SpanRow, text: str) -> None:
        twin = self.spans.find(*after.key)
        if twin is not None and twin.id != before.id:
            self.message.emit(f"Not changed: {after.label} [{after.start}, {after.end}) by "
                              f"{after.annotator} exists already")
            return
        self.stack.push(SpanEdit(text, self, uid,
                                 [Step(self.handles.handle(before.id), before, after)]))

    # ---------------------------------------------------- what commands call

    def show_document(self, uid: str) -> None:
        self.target.show_document(uid)

    def run(self, command: Edit, steps: list[Step]) -> None:
        """Show the steps now and store them in the background."""
        uid = command.uid
        handles = self.handles
        removed, added, created = [], [], []
        for step in steps:
            if step.before is not None:
                removed.append(step.before._replace(id=handles.shown(step.handle)))
            if step.after is not None:
                if step.before is None:  # new: shown under a temporary id until stored
                    shown = handles.temporary()
                    handles.show_as(step.handle, shown)
                    created.append((step, shown))
                added.append(step.after._replace(id=handles.shown(step.handle)))
        change = SpanChange(uid, tuple(removed), tuple(added))
        self._pending.setdefault(uid, []).append(change)
        self.changed.emit(change)

        def work(store: Store) -> list[int]:
            done = store.spans.edit(
                uid,
                delete=[handles.stored(s.handle) for s in steps if s.after is None],
                change=[(handles.stored(s.handle), s.after.to_span())  # type: ignore[union-attr]
                        for s in steps if s.before is not None and s.after is not None],
                create=[replace(s.after.to_span(), id=None)  # type: ignore[union-attr]
                        for s, _ in created])
            for (step, _), span in zip(created, done, strict=True):
                handles.store_as(step.handle, span.id)  # type: ignore[arg-type]
            return [span.id for span in done]  # type: ignore[misc]

        def stored(ids: list[int]) -> None:
            self._settle(uid, change)
            for (step, temporary), stored_id in zip(created, ids, strict=True):
                if handles.shown(step.handle) != temporary:
                    continue  # undone meanwhile: nothing shows it any more
                handles.show_as(step.handle, stored_id)
                row = self.spans.get(temporary) if self.spans.uid == uid else None
                if row is not None:
                    self.changed.emit(SpanChange(uid, (row,), (row._replace(id=stored_id),)))

        def refused(exc: Exception) -> None:
            self._settle(uid, change)
            self.changed.emit(change.reversed())
            self._report(command.text(), exc)
            self.drop(command)

        self.queue.submit(work, stored, refused)

    # -------------------------------------------------------------- pending

    def pending_changes(self, uid: str) -> list[SpanChange]:
        """Changes to a document shown but not yet stored, oldest first."""
        return list(self._pending.get(uid, ()))

    def is_pending(self, span_id: int) -> bool:
        """Whether the span shown under this id waits for the store."""
        return any(row.id == span_id for changes in self._pending.values()
                   for change in changes for row in change.added)

    def _settle(self, uid: str, change: SpanChange) -> None:
        waiting = self._pending.get(uid, [])
        for i, c in enumerate(waiting):
            if c is change:
                del waiting[i]
                break
        if not waiting:
            self._pending.pop(uid, None)

    def report_refusal(self, what: str, exc: Exception) -> None:
        """Say in one line why the store refused an edit (unexpected: the dialog)."""
        self._report(what, exc)

    def _report(self, what: str, exc: Exception) -> None:
        if isinstance(exc, AnnotatorError):
            self.message.emit(f"Not saved ({what.lower()}): {exc}")
        else:
            self.message.emit(f"Not saved ({what.lower()}): an unexpected error")
            report_unexpected(exc, context=f"storing an edit ({what})")

    def drop(self, command: Edit) -> None:
        """Take a command whose store work failed out of the history."""
        command.failed = True
        try:
            top = self.stack.command(self.stack.index() - 1) if self.stack.index() else None
            if top is command:
                command.setObsolete(True)
                self.stack.undo()  # an obsolete command is removed, not undone
        except RuntimeError:  # the stack was cleared meanwhile
            pass

    def clear(self) -> None:
        """Start a fresh history (another annotator, renamed labels)."""
        self.stack.clear()
        self.handles.clear()

