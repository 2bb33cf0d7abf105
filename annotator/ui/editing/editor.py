"""Span and relation edits from the window: checked and shown at once, stored by the
store queue.

An edit is checked on the GUI thread (snapping, whitespace, an exact duplicate of a
span on screen), pushed on the undo stack as a SpanEdit, published as a SpanChange
for the view, lists and counts, and handed to the store queue. Relations go the same
way (relate, unrelate, retype): a new one is shown under a temporary id until stored,
and deleting a span deletes its relations in the same edit. Until the store has
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
from annotator.core.model import Created, NewRelation, Origin, RelationRow, SpanRow, Status
from annotator.store import Store
from annotator.ui.document_spans import DocumentSpans
from annotator.ui.editing.commands import Edit, Link, SpanEdit, Step
from annotator.ui.editing.handles import SpanHandles
from annotator.ui.errors import report_unexpected
from annotator.ui.store_queue import StoreQueue

QUICK_STEPS = 20  # spans and relations in an edit the GUI thread may write itself


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
        self.links = SpanHandles()  # the same for relations (their ids are another count)
        self._pending: dict[str, list[SpanChange]] = {}
        # Temporary ids shown before an edit was stored -> the stored ids they became:
        # a document read again replays the edits still pending through these.
        self._moved_spans: dict[int, int] = {}
        self._moved_links: dict[int, int] = {}

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

    def delete(self, uid: str, span: SpanRow) -> int:
        """Delete a span and its relations, as one edit; returns how many relations
        went with it."""
        linked = self.spans.relations.of_span(span.id, accepted_only=False)
        steps: list[Step | Link] = [Link(self.links.handle(r.id), self._by_handle(r), None)
                                    for r in linked]
        steps.append(Step(self.handles.handle(span.id), span, None))
        shown = sum(r.status == Status.ACCEPTED.value for r in linked)
        text = f"Delete {span.label}" + (
            f" and {shown} relation{'s' if shown != 1 else ''}" if shown else "")
        self.stack.push(SpanEdit(text, self, uid, steps))
        return shown

    # ------------------------------------------------------------- relations

    def relate(self, uid: str, head: SpanRow, child: SpanRow, kind: str, *,
               status: Status = Status.ACCEPTED, text: str | None = None
               ) -> RelationRow | None:
        """Link two spans shown with a relation of type ``kind`` (the caller checked
        that the type allows their labels). A relation of that type between them in
        another status (a rejected suggestion) gives way to this one, in the same
        edit. Returns the relation as shown, or None (and a message)."""
        if head.id == child.id:
            self.message.emit("Not linked: a relation links two different spans")
            return None
        if head.annotator != child.annotator:
            self.message.emit("Not linked: a relation links spans of one annotator")
            return None
        steps: list[Link] = []
        there = self.spans.relations.find(head.id, child.id, kind)
        if there is not None:
            if there.status == Status(status).value:
                self.message.emit(f"Not linked: {head.label} → {child.label} is already "
                                  f"a {kind} relation")
                return None
            steps.append(Link(self.links.handle(there.id), self._by_handle(there), None))
        handle = self.links.temporary()
        steps.append(Link(handle, None, RelationRow(0, self.handles.handle(head.id),
                                                    self.handles.handle(child.id), kind,
                                                    Status(status).value)))
        self.stack.push(Edit(text or f"Link {kind}", self, uid, steps))
        return self.spans.relations.get(self.links.shown(handle))

    def unrelate(self, uid: str, relation: RelationRow) -> None:
        self.stack.push(Edit(f"Delete {relation.type} relation", self, uid,
                             [Link(self.links.handle(relation.id), self._by_handle(relation),
                                   None)]))

    def retype(self, uid: str, relation: RelationRow, kind: str) -> bool:
        """Give a relation another type (the caller checked that it fits)."""
        if relation.type == kind:
            return False
        if self.spans.relations.find(relation.head, relation.child, kind) is not None:
            self.message.emit(f"Not changed: these spans have a {kind} relation already")
            return False
        before = self._by_handle(relation)
        self.stack.push(Edit(f"Make {relation.type} {kind}", self, uid,
                             [Link(self.links.handle(relation.id), before,
                                   before._replace(type=kind))]))
        return True

    def _by_handle(self, relation: RelationRow) -> RelationRow:
        """A relation shown, with its ends named by span handles (for a Link)."""
        return relation._replace(id=0, head=self.handles.handle(relation.head),
                                 child=self.handles.handle(relation.child))

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

    def run(self, command: Edit, steps: list[Step | Link]) -> None:
        """Show the steps now and store them in the background."""
        uid = command.uid
        handles, links = self.handles, self.links
        span_steps = [s for s in steps if isinstance(s, Step)]
        link_steps = [s for s in steps if isinstance(s, Link)]
        removed, added, created = [], [], []
        for step in span_steps:
            if step.before is not None:
                removed.append(step.before._replace(id=handles.shown(step.handle)))
            if step.after is not None:
                if step.before is None:  # new: shown under a temporary id until stored
                    shown = handles.temporary()
                    handles.show_as(step.handle, shown)
                    created.append((step, shown))
                added.append(step.after._replace(id=handles.shown(step.handle)))
        unlinked, linked, made = [], [], []
        for link in link_steps:
            if link.before is not None:
                unlinked.append(self._shown(link.handle, link.before))
            if link.after is not None:
                if link.before is None:
                    shown = links.temporary()
                    links.show_as(link.handle, shown)
                    made.append((link, shown))
                linked.append(self._shown(link.handle, link.after))
        change = SpanChange(uid, tuple(removed), tuple(added), tuple(unlinked), tuple(linked))
        self._pending.setdefault(uid, []).append(change)
        self.changed.emit(change)
        created_at = {step.handle: i for i, (step, _) in enumerate(created)}

        def end(handle: int) -> int | Created:
            at = created_at.get(handle)
            return Created(at) if at is not None else handles.stored(handle)

        def work(store: Store) -> tuple[list[int], list[int]]:
            done = store.spans.edit(
                uid,
                unrelate=[links.stored(s.handle) for s in link_steps if s.after is None],
                retype=[(links.stored(s.handle), s.after.type) for s in link_steps
                        if s.before is not None and s.after is not None
                        and s.before.type != s.after.type],
                delete=[handles.stored(s.handle) for s in span_steps if s.after is None],
                change=[(handles.stored(s.handle), s.after.to_span())  # type: ignore[union-attr]
                        for s in span_steps if s.before is not None and s.after is not None],
                create=[replace(s.after.to_span(), id=None)  # type: ignore[union-attr]
                        for s, _ in created],
                relate=[NewRelation(end(s.after.head), end(s.after.child),  # type: ignore[union-attr]
                                    s.after.type, s.after.status)  # type: ignore[union-attr]
                        for s, _ in made],
                check_types=False)  # checked on screen; undo puts back what was there
            for (step, _), span in zip(created, done, strict=True):
                handles.store_as(step.handle, span.id)  # type: ignore[arg-type]
            for (link, _), row in zip(made, done.relations, strict=True):
                links.store_as(link.handle, row.id)
            return [span.id for span in done], [row.id for row in done.relations]  # type: ignore[misc]

        def stored(ids: tuple[list[int], list[int]]) -> None:
            self._settle(uid, change)
            here = self.spans.uid == uid
            was, now = [], []
            for (step, temporary), stored_id in zip(created, ids[0], strict=True):
                if handles.shown(step.handle) != temporary:
                    continue  # undone meanwhile: nothing shows it any more
                handles.show_as(step.handle, stored_id)
                self._moved_spans[temporary] = stored_id
                row = self.spans.get(temporary) if here else None
                if row is not None:
                    was.append(row)
                    now.append(row._replace(id=stored_id))
            unlinked, linked = [], []
            for (link, temporary), stored_id in zip(made, ids[1], strict=True):
                if links.shown(link.handle) != temporary:
                    continue
                links.show_as(link.handle, stored_id)
                self._moved_links[temporary] = stored_id
                row = self.spans.relations.get(temporary) if here else None
                if row is not None:
                    unlinked.append(row)
                    linked.append(row._replace(id=stored_id,
                                               head=self._moved_spans.get(row.head, row.head),
                                               child=self._moved_spans.get(row.child,
                                                                           row.child)))
            if was or unlinked:
                self.changed.emit(SpanChange(uid, tuple(was), tuple(now), tuple(unlinked),
                                             tuple(linked)))

        def refused(exc: Exception) -> None:
            self._settle(uid, change)
            self.changed.emit(self._current(change).reversed())
            self._report(command.text(), exc)
            self.drop(command)

        # A few spans are written at once after the paint; label-all's hundreds are not.
        self.queue.submit(work, stored, refused, quick=len(steps) <= QUICK_STEPS)

    def _shown(self, handle: int, relation: RelationRow) -> RelationRow:
        """A Link's relation as shown: its id and ends as the screen knows them now."""
        shown = self.handles.shown
        return relation._replace(id=self.links.shown(handle), head=shown(relation.head),
                                 child=shown(relation.child))

    # -------------------------------------------------------------- pending

    def pending_changes(self, uid: str) -> list[SpanChange]:
        """Changes to a document shown but not yet stored, oldest first, naming spans
        and relations stored meanwhile by their stored ids."""
        return [self._current(c) for c in self._pending.get(uid, ())]

    def _current(self, change: SpanChange) -> SpanChange:
        spans, links = self._moved_spans, self._moved_links
        if not spans and not links:
            return change

        def span(row: SpanRow) -> SpanRow:
            return row._replace(id=spans[row.id]) if row.id in spans else row

        def link(row: RelationRow) -> RelationRow:
            return row._replace(id=links.get(row.id, row.id), head=spans.get(row.head, row.head),
                                child=spans.get(row.child, row.child))

        return SpanChange(change.uid, tuple(map(span, change.removed)),
                          tuple(map(span, change.added)),
                          tuple(map(link, change.relations_removed)),
                          tuple(map(link, change.relations_added)))

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
        if command.running:  # refused at once: the stack takes an obsolete one out
            command.setObsolete(True)  # itself once the command returns
            return
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
        self.links.clear()
        self._moved_spans.clear()
        self._moved_links.clear()

