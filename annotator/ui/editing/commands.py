"""Undoable edits: shown at once, stored in the background, undone the same way.

An Edit is a list of steps over one document, each knowing its state before and
after; undo runs the steps backwards. A runner shows the steps and hands their store
work to the store queue: the Editor for spans (Step: a span's handle, the span
before and after: before None adds it, after None deletes it) and relations (Link:
the same for a relation, whose ends are span handles), review mode for the
reviewer's decisions. Deleting a span with its relations is one Edit of both kinds
of step, so one Ctrl+Z brings them all back. A batch (label every occurrence, accept
all agreed) is one Edit, so one Ctrl+Z takes it back whole.

An edit may be undone while another document is shown: the runner first shows its
document, so the user sees what changed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from PySide6.QtGui import QUndoCommand

from annotator.core.model import RelationRow, SpanRow


class Backwards(Protocol):
    def backwards(self) -> Any: ...


class Runner(Protocol):
    def show_document(self, uid: str) -> None: ...
    def run(self, command: Edit, steps: list[Any]) -> None: ...


@dataclass(frozen=True, slots=True)
class Step:
    """One span edit: the span (by handle) before and after."""

    handle: int
    before: SpanRow | None
    after: SpanRow | None

    def backwards(self) -> Step:
        return Step(self.handle, self.after, self.before)


@dataclass(frozen=True, slots=True)
class Link:
    """One relation edit: the relation (by handle) before and after. The rows' ``head``
    and ``child`` are span handles (a span deleted and put back keeps its handle, so
    its relations find it again); their ``id`` is not used."""

    handle: int
    before: RelationRow | None
    after: RelationRow | None

    def backwards(self) -> Link:
        return Link(self.handle, self.after, self.before)


class Edit(QUndoCommand):
    def __init__(self, text: str, runner: Runner, uid: str, steps: list[Any]) -> None:
        super().__init__(text)
        self.runner = runner
        self.uid = uid
        self.steps = steps
        self._first = True  # the first redo() is the edit itself: its document is shown
        self.failed = False
        self.running = False  # inside its redo() or undo(): the stack acts on it after

    def redo(self) -> None:
        if not self._first:
            self.runner.show_document(self.uid)
        self._first = False
        self._run(self.steps)

    def undo(self) -> None:
        self.runner.show_document(self.uid)
        self._run([step.backwards() for step in reversed(self.steps)])

    def _run(self, steps: list[Any]) -> None:
        if self.failed:  # its store work failed: it changes nothing any more
            self.setObsolete(True)
            return
        self.running = True
        try:
            self.runner.run(self, steps)
        finally:
            self.running = False


SpanEdit = Edit  # an Edit whose steps are Steps and whose runner is the Editor
