"""Annotate mode: the annotator's own spans, made and changed with the label keys, and
the relations between them.

The view shows every annotator's spans and relations of the document (the annotator
can change only their own), with the edits not stored yet on top; the side panel
lists the spans and, below them, the relations.
Edits go through the Editor (shown at once, stored by the store queue), and each
change record is followed here by the span list and the counts.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QSplitter, QVBoxLayout, QWidget

from annotator.core.changes import SpanChange
from annotator.core.model import DocState, Label, RelationRow, RelationType, Span, SpanRow, Status
from annotator.core.overlap import SpanIndex
from annotator.ui.document_spans import DocumentSpans
from annotator.ui.modes import Window
from annotator.ui.relations.model import RelationTableModel
from annotator.ui.relations.panel import RelationPanel
from annotator.ui.spans.model import SpanTableModel
from annotator.ui.spans.panel import SpanPanel
from annotator.ui.steady_label import SteadyLabel


class AnnotateMode:
    def __init__(self, window: Window, spans: DocumentSpans, parent: QWidget) -> None:
        self.window = window
        self.spans = spans
        self.model = SpanTableModel(spans, parent)
        # Shown as waiting only while the store keeps edits waiting (else for a blink).
        self.model.is_pending = lambda span_id: window.queue.busy() and \
            window.editor.is_pending(span_id)
        self.relation_model = RelationTableModel(spans, parent)
        self.panel = QSplitter(Qt.Orientation.Vertical, parent)
        self.panel.setChildrenCollapsible(False)
        top, bottom = QWidget(self.panel), QWidget(self.panel)
        self.heading = SteadyLabel("Spans", top)  # counts, changed by every edit
        self.heading.setStyleSheet("font-weight: bold; padding: 2px 0;")
        self.list = SpanPanel(self.model, top)
        self.relations_heading = SteadyLabel("Relations", bottom)
        self.relations_heading.setStyleSheet("font-weight: bold; padding: 2px 0;")
        self.relations_heading.setToolTip(
            "Select a span and press R (or a relation type's key) to link it; "
            "Ctrl+click or Ctrl+drag links with the mouse")
        self.relation_list = RelationPanel(self.relation_model, bottom)
        for box, heading, table in ((top, self.heading, self.list),
                                    (bottom, self.relations_heading, self.relation_list)):
            layout = QVBoxLayout(box)
            layout.setContentsMargins(0, 0, 0, 0)
            layout.addWidget(heading)
            layout.addWidget(table, 1)
            self.panel.addWidget(box)
        self.panel.setStretchFactor(0, 3)
        self.panel.setStretchFactor(1, 1)
        self.list.spanChosen.connect(window.view.select_span)
        self.relation_list.relationChosen.connect(window.view.select_relation)
        spans.relations.reset.connect(self.show_counts)

    # ------------------------------------------------------------ the mode

    def enter(self) -> None:
        window = self.window
        window.show_side(self.panel)
        window.view.bind(self.spans)
        window.documents.set_annotator(window.annotator)
        window.status.show_annotator(window.annotator)

    def leave(self) -> None:
        pass

    def read(self, uid: str) -> tuple[SpanIndex, list[RelationRow]]:
        """The document's accepted spans and its relations as stored."""
        store = self.window.store
        return (SpanIndex.from_rows(store.spans.rows_of_document(uid, status=Status.ACCEPTED)),
                store.spans.relation_rows(uid))

    def load(self, uid: str, text: str,
             found: tuple[SpanIndex, list[RelationRow]] | None = None) -> None:
        """The document's accepted spans and its relations as stored, with the edits
        not stored yet on top (suggestions and rejected spans are the suggestion
        controller's)."""
        index, rows = found if found is not None else self.read(uid)
        relations = {row.id: row for row in rows}
        for change in (c.accepted() for c in self.window.editor.pending_changes(uid)):
            for row in change.removed:
                index.remove(row.id)
            for row in change.added:
                index.add(row)
            for link in change.relations_removed:
                relations.pop(link.id, None)
            for link in change.relations_added:
                relations[link.id] = link
        self.spans.load(uid, text, index, relations.values())

    def document_opened(self) -> None:
        self.show_counts()

    def follow(self, change: SpanChange) -> None:
        """An edit was shown or stored: the list and counts follow it."""
        with self.list.quiet():  # rows moving are not the user choosing a span
            applied = self.spans.apply(change)
        if applied is not None:
            selected = self.window.view.selected_row()
            self.list.show_span(selected.id if selected else None)
            if applied.relations_changed:
                relation = self.window.view.selected_relation()
                self.relation_list.show_relation(relation.id if relation else None)
            self.show_counts()
            # Rows placed now paint with the text; Qt's own layout, on a timer, made the
            # lists paint in a pass of their own while the edit was being stored.
            self.list.lay_out_rows()
            self.relation_list.lay_out_rows()

    def show_labels(self, labels: list[Label]) -> None:
        """Every label, archived ones too (spans may still carry them): the colours."""
        self.window.view.set_labels(labels)
        self.model.set_labels(labels)

    def show_relation_types(self, types: list[RelationType]) -> None:
        self.relation_model.set_types(types)

    def show_selected(self, span: Span | None) -> None:
        self.list.show_span(span.id if span else None)

    def show_selected_relation(self, relation_id: int | None) -> None:
        self.relation_list.show_relation(relation_id)

    # ------------------------------------------------------------ editing

    def apply_label(self, name: str, *, exact: bool) -> None:
        """Label the selected text; with no text selected, relabel the selected span."""
        window = self.window
        if window.uid is None:
            return
        selected = window.view.selected_range()
        if selected is not None:
            row = window.editor.add(window.uid, window.text, *selected, name,
                                    window.annotator, snap=window.snap(exact))
            if row is not None:
                window.view.clear_text_selection()
                window.view.select_span(row.id)
            return
        span = window.view.selected_row()
        if span is None:
            window.report("Select some text first, then press a label key.")
        elif self._mine(span):
            refusal = window.relations.relabel_refusal(span, name)
            if refusal:  # its relations' types say which labels their ends may have
                window.report(f"Not changed: {refusal}.")
            else:
                window.editor.relabel(window.uid, span, name)

    def delete_selected(self) -> None:
        """Delete the selected relation, else the selected span with its relations."""
        window = self.window
        relation = window.view.selected_relation()
        if relation is not None and window.uid is not None:
            head = self.spans.get(relation.head)
            if head is not None and self._mine(head):
                window.editor.unrelate(window.uid, relation)
                window.report(f"Deleted the {relation.type} relation (Ctrl+Z brings it back).")
            return
        span = window.view.selected_row()
        if span is None or window.uid is None:
            window.report("Select a span to delete (click it, or pick it in the span list).")
            return
        if self._mine(span):
            went = window.editor.delete(window.uid, span)
            if went:
                window.report(f"Deleted {span.label} and its {went} relation"
                              f"{'s' if went != 1 else ''} (Ctrl+Z brings them back).")

    def resize(self, span_id: int, start: int, end: int) -> None:
        span = self.spans.get(span_id)
        if span is not None and self.window.uid is not None and self._mine(span):
            self.window.editor.resize(self.window.uid, span, start, end)

    def mine(self, span: Span | SpanRow) -> bool:
        """Whether the annotator may change this span (else a message says why)."""
        return self._mine(span)

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
        uid = window.suggest.next_needed(done_uid) or window.next_undone(done_uid)
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
        linked = len(self.spans.relations)
        self.relations_heading.setText(f"Relations ({linked:,})" if linked else "Relations")
