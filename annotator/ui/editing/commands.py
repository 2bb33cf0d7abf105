"""Undoable span edits: shown at once, stored in the background, undone the same way.

A SpanEdit is a list of steps over one document's spans, each (handle, before,
after): before None adds a span, after None deletes one, both change one in place.
Undo runs the steps backwards. A batch (label every occurrence, accept every
suggestion) is one SpanEdit, so one Ctrl+Z takes it back whole.

A command may be undone while another document is shown: it first asks the editor
to show its document, so the user sees what changed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtGui import QUndoCommand

from annotator.core.model import SpanRow

if TYPE_CHECKING:
    from annotator.ui.editing.editor import Editor


@dataclass(frozen=True, slots=True)
class Step:
    handle: int
    before: SpanRow | None
    after: SpanRow | None

    def backwards(self) -> Step:
        return Step(self.handle, self.after, self.before)


class SpanEdit(QUndoCommand):
    def __init__(self, text: str, editor: Editor, uid: str, steps: list[Step]) -> None:
        super().__init__(text)
        self.editor = editor
        self.uid = uid
        self.steps = steps
        self._first = True  # the first redo() is the edit itself: its document is shown
        self.failed = False

    def redo(self) -> None:
        if not self._first:
            self.editor.show_document(self.uid)
        self._first = False
        self._run(self.steps)

    def undo(self) -> None:
        self.editor.show_document(self.uid)
        self._run([step.backwards() for step in reversed(self.steps)])

    def _run(self, steps: list[Step]) -> None:
        if self.failed:  # its store work failed: it changes nothing any more
            self.setObsolete(True)
            return
        self.editor.run(self, steps)
