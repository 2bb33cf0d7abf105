"""Annotate mode: the annotator's own spans, made and changed with the label keys.

The view shows every annotator's spans of the document (the annotator can change
only their own), with the edits not stored yet on top; the side panel lists them.
Edits go through the Editor (shown at once, stored by the store queue), and each
change record is followed here by the span list and the counts.
"""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from annotator.core.changes import SpanChange
from annotator.core.model import DocState, Label, Span, SpanRow, Status
from annotator.core.overlap import SpanIndex
from annotator.ui.document_spans import DocumentSpans
from annotator.ui.modes import Window
from annotator.ui.spans.model import SpanTableModel
from annotator.ui.spans.panel import SpanPanel


class AnnotateMode:
    def __init__(self, window: Window, spans: DocumentSpans, parent: QWidget) -> None:
        self.window = window
        self.spans = spans
        self.model = SpanTableModel(spans, parent)
        # Shown as waiting only while the store keeps edits waiting (else for a blink).
        self.model.is_pending = lambda span_id: window.queue.busy() and \
            window.editor.is_pending(span_id)
        self.panel = QWidget(parent)
        layout = QVBoxLayout(self.panel)
        layout.setContentsMargins(0, 0, 0, 0)
        self.heading = QLabel("Spans", self.panel)
        self.heading.setStyleSheet("font-weight: bold; padding: 2px 0;")
        self.list = SpanPanel(self.model, self.panel)
        layout.addWidget(self.heading)
        layout.addWidget(self.list, 1)
        self.list.spanChosen.connect(window.view.select_span)

    # ------------------------------------------------------------ the mode

    def enter(self) -> None:
        window = self.window
        window.show_side(self.panel)
        window.view.bind(self.spans)
        window.documents.set_annotator(window.annotator)
        window.status.show_annotator(window.annotator)

    def leave(self) -> None:
        pass

    def load(self, uid: str, text: str) -> None:
        """The document's accepted spans as stored, with the edits not stored yet on
        top (suggestions and rejected spans are the suggestion controller's)."""
        index = SpanIndex.from_rows(self.window.store.spans.rows_of_document(
            uid, status=Status.ACCEPTED))
        for change in (c.accepted() for c in self.window.editor.pending_changes(uid)):
            for row in change.removed:
                index.remove(row.id)
            for row in change.added:
                index.add(row)
        self.spans.load(uid, text, index)

    def document_opened(self) -> None:
        self.show_counts()

    def follow(self, change: SpanChange) -> None:
        """An edit was shown or stored: the list and counts follow it."""
        with self.list.quiet():  # rows moving are not the user choosing a span
            applied = self.spans.apply(change)
        if applied is not None:
            selected = self.window.view.selected_row()
            self.list.show_span(selected.id if selected else None)
            self.show_counts()

    def show_labels(self, labels: list[Label]) -> None:
        """Every label, archived ones too (spans may still carry them): the colours."""
        self.window.view.set_labels(labels)
        self.model.set_labels(labels)

    def show_selected(self, span: Span | None) -> None:
        self.list.show_span(span.id if span else None)

    # ------------------------------------------------------------ editing

    def apply_label(self, name: str, *, exact: bool) -> None:
        """Label the selected text; with no text selected, relabel the selected span."""
        window = self.window
        if window.uid is None:
            return
        selected = window.view.selected_range()
        if selected is not None:
            row = window.editor.add(window.uid, window.text, *selected, name, window.annotator,
                                    snap=window.snap(exact))
            if row is not None:
                window.view.clear_text_selection()
                window.view.select_span(row.id)
            return
        span = window.view.selected_row()
        if span is None:
            window.report("Select some text first, then press a label key.")
        elif self._mine(span):
            window.editor.relabel(window.uid, span, name)

    def delete_selected(self) -> None:
        window = self.window
        span = window.view.selected_row()
        if span is None or window.uid is None:
            window.report("Select a span to delete (click it, or pick it in the span list).")
            return
        if self._mine(span):
            window.editor.delete(window.uid, span)

    def resize(self, span_id: int, start: int, end: int) -> None:
        span = self.spans.get(span_id)
        if span is not None and self.window.uid is not None and self._mine(span):
            self.window.editor.resize(self.window.uid, span, start, end)

    def _mine(self, span: Span | SpanRow) -> bool:
        if span.annotator != self.window.annotator:
            self.window.report(f"That span is {span.annotator}'s; you can change only "
                               "your own.")
            return False
        return True

    # ------------------------------------------------------------ moving on

    def done_and_next(self) -> None:
        window = self.window
        if window.uid is None:
            return
        done_uid, annotator, position = window.uid, window.annotator, window.view.position()
        window.queue.submit(
            lambda store: store.states.set(done_uid, annotator, DocState.DONE, position=position),
            lambda _: self.show_status(), window.not_saved("the done mark"))
        window.documents.set_state(done_uid, DocState.DONE)
        uid = window.suggest.next_needed(done_uid) or \
            window.store.documents.next(done_uid, annotator, undone_only=True)
        if uid is None or uid == done_uid:
            window.report("Every document is done. Well done!")
            return
        window.open_document(uid)

    def keeps_reading_position(self) -> bool:
        return True

    def export_sets(self) -> list[str] | None:
        return None

    # ------------------------------------------------------------ status

    def show_status(self) -> None:
        window = self.window
        window.status.show_annotator(window.annotator)
        window.status.show_progress(*window.store.states.progress(window.annotator))
        self.show_counts()

    def show_counts(self) -> None:
        everyone = self.spans.count()
        self.window.status.show_spans(self.spans.count(self.window.annotator), everyone)
        self.heading.setText(f"Spans ({everyone:,})" if everyone else "Spans")
