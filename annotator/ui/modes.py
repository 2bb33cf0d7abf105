"""The window's modes: annotating (one's own spans) and reviewing (deciding others').

The window owns what both share (the document list, the view, the label bar, the
store queue and the undo history) and asks its mode for the rest: what the view
shows of a document, what a label key, Delete or an edge drag does, what "done,
next" means, what the status bar and the side panel show. A mode talks to the
window through the small API below, never through its widgets.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtWidgets import QWidget

from annotator.core.model import Label
from annotator.ui.document_spans import DocumentSpans

if TYPE_CHECKING:
    from annotator.store import Store
    from annotator.ui.document_view import DocumentView
    from annotator.ui.documents.model import DocumentListModel
    from annotator.ui.editing.editor import Editor
    from annotator.ui.relations.controller import RelationController
    from annotator.ui.status import StatusBar
    from annotator.ui.store_queue import StoreQueue
    from annotator.ui.suggest.controller import SuggestController


class Window(Protocol):
    """What a mode may use of the main window."""

    store: Store
    queue: StoreQueue
    editor: Editor
    view: DocumentView
    documents: DocumentListModel
    status: StatusBar
    suggest: SuggestController
    relations: RelationController
    annotator: str
    uid: str | None
    text: str

    def report(self, message: str) -> None: ...
    def not_saved(self, what: str) -> Callable[[Exception], None]:
        """A store queue failure handler that says what was not saved."""
    def open_document(self, uid: str) -> None: ...
    def snap(self, exact: bool) -> bool: ...
    def show_side(self, panel: QWidget, *, width: int = 0) -> None: ...


class Mode(Protocol):
    spans: DocumentSpans  # what the view shows
    panel: QWidget  # the side panel

    def enter(self) -> None: ...
    def leave(self) -> None: ...
    def read(self, uid: str) -> Any:
        """What ``load`` shows of a document, read from the store. It runs on a thread
        while the window lays the text out, so it touches no widget and no state the
        window changes."""
    def load(self, uid: str, text: str, found: Any = None) -> None:
        """Fill ``spans`` with what this mode shows of a document (``found``: what
        ``read`` gave, or None to read it now)."""
    def document_opened(self) -> None: ...
    def show_labels(self, labels: list[Label]) -> None:
        """The label set changed (every label, archived ones too)."""
    def apply_label(self, name: str, *, exact: bool) -> None: ...
    def delete_selected(self) -> None: ...
    def resize(self, span_id: int, start: int, end: int) -> None: ...
    def done_and_next(self) -> None: ...
    def show_status(self) -> None: ...
    def export_sets(self) -> list[str] | None:
        """The sets the export dialog preselects (None: let the user choose)."""
    def keeps_reading_position(self) -> bool: ...
