"""Review mode in the main window: the view shows every annotator's candidates, the
panel lists them, and each decision is stored at once as a span of the reviewer.

The window asks this object for what to show (``load``) and hands it label keys,
Delete and edge drags while review mode is on; everything else stays the window's.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence

from annotator.core.errors import AnnotatorError
from annotator.core.model import Label, Span, Status
from annotator.services import editing, review
from annotator.services.review import CATEGORY_TEXT, Candidate, Category, CorpusProgress
from annotator.ui.document_spans import DocumentSpans
from annotator.ui.review.colours import CATEGORY_COLOUR
from annotator.ui.review.model import SHORT, CandidateTableModel
from annotator.ui.review.panel import ReviewPanel

if TYPE_CHECKING:
    from annotator.ui.main_window import MainWindow

REJECTED_COLOUR = "#b8b8b8"
REJECTED_MARK = " ✗"


def rejected_label(label: str) -> str:
    """The view shows a rejected span in grey under this name."""
    return label + REJECTED_MARK


def undecided_label(label: str, category: Category) -> str:
    """The view shows an undecided span in its category's colour under this name."""
    return f"{label} ({SHORT[category]})"


def view_labels(labels: list[Label]) -> list[Label]:
    """Colours for the view in review mode: undecided spans take their category's
    colour, accepted ones their label's, rejected ones grey."""
    shown = list(labels)
    for label in labels:
        shown.append(Label(rejected_label(label.name), REJECTED_COLOUR))
        shown += [Label(undecided_label(label.name, category), colour)
                  for category, colour in CATEGORY_COLOUR.items()]
    return shown


class ReviewMode(QObject):
    def __init__(self, window: MainWindow, annotators: list[str], reviewer: str) -> None:
        super().__init__(window)
        review.start_review(window.store, annotators, reviewer)
        self.window = window
        self.store = window.store
        self.annotators = list(annotators)
        self.reviewer = reviewer
        self.uid: str | None = None
        self.text = ""
        self.model = CandidateTableModel(self)
        self.spans = DocumentSpans(self)  # the candidates, as the view shows them
        self.panel = ReviewPanel(self.model, window)
        self.panel.set_heading(self.annotators, reviewer)
        self.progress = CorpusProgress()
        self._actions: list[QAction] = []
        self.accept_action = self._action("Accept span", lambda: self.decide(Status.ACCEPTED),
                                          "A")
        self.reject_action = self._action("Reject span", lambda: self.decide(Status.REJECTED),
                                          "R")
        self.clear_action = self._action("Undecide span", lambda: self.decide(None), "U")
        self.agreed_action = self._action("Accept all agreed", self.accept_agreed, "Shift+A")
        self.next_action = self._action("Next undecided span", self.next_candidate, "N")
        self.next_document_action = self._action("Next document to review",
                                                 self.next_document, "Shift+N")
        self.panel.accept_button.clicked.connect(self.accept_action.trigger)
        self.panel.reject_button.clicked.connect(self.reject_action.trigger)
        self.panel.clear_button.clicked.connect(self.clear_action.trigger)
        self.panel.agreed_button.clicked.connect(self.agreed_action.trigger)
        self.panel.next_button.clicked.connect(self.next_document_action.trigger)
        self.panel.leave_button.clicked.connect(window.leave_review)
        self.panel.candidateChosen.connect(self._chosen)
        window.view.spanSelected.connect(self._view_selected)

    def _action(self, text: str, slot: object, key: str) -> QAction:
        action = QAction(text, self.window)
        action.setShortcut(QKeySequence(key))
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(slot)
        self.window.addAction(action)
        self._actions.append(action)
        return action

    # ---------------------------------------------------------- entering, leaving

    def enter(self) -> None:
        window = self.window
        self.progress = review.corpus_progress(self.store, self.annotators, self.reviewer)
        window.span_panel.hide()
        window.spans_heading.hide()
        right = window.span_panel.parentWidget()
        right.layout().addWidget(self.panel, 1)
        self.panel.show()
        sizes = window.splitter.sizes()
        want = 600
        if len(sizes) == 3 and sizes[2] < want:
            window.splitter.setSizes([sizes[0], max(sizes[1] - (want - sizes[2]), 360), want])
        window.queue.wait(5.0)
        window.editor.clear()  # undo of annotation edits does not mix with decisions
        window.documents.set_annotator(self.reviewer)  # the list shows review states
        window.view.bind(self.spans)  # the candidates, not the annotator's own spans
        self.show_status()

    def leave(self) -> None:
        window = self.window
        window.view.spanSelected.disconnect(self._view_selected)
        for action in self._actions:
            window.removeAction(action)
        self.panel.hide()
        self.panel.setParent(None)  # type: ignore[call-overload]
        self.panel.deleteLater()
        window.span_panel.show()
        window.spans_heading.show()
        window.documents.set_annotator(window.annotator)
        window.view.bind(window.doc_spans)

    # -------------------------------------------------------------- showing

    def load(self, uid: str, text: str) -> tuple[list[Span], list[Label]]:
        """The document's candidates, as spans and labels for the view."""
        self.uid = uid
        self.text = text
        candidates = review.compare_document(self.store, uid, self.annotators, self.reviewer)
        labels = self.store.labels.all(include_archived=True)
        self.model.set_label_colours({label.name: label.color for label in labels})
        self.model.set_candidates(text, self.annotators, candidates)
        self.panel.show_legend(candidates)
        self._show_counts()
        return [self.display(c, row) for row, c in enumerate(candidates)], view_labels(labels)

    def document_opened(self) -> None:
        self.show_status()
        self.select(self._next_undecided(-1), scroll=False)

    def display(self, c: Candidate, row: int) -> Span:
        """A candidate as the view shows it: its tooltip says who, how it stands, what's decided."""
        decision = {Status.ACCEPTED: "accepted", Status.REJECTED: "rejected"}.get(
            c.decision, "undecided")  # type: ignore[arg-type]
        who = f"{c.describe(self.annotators)} · {CATEGORY_TEXT[c.category]} · {decision}"
        if c.decision is Status.REJECTED:
            label = rejected_label(c.label)
        elif c.decision is Status.ACCEPTED:
            label = c.label
        else:
            label = undecided_label(c.label, c.category)
        return Span(c.start, c.end, label, who, id=row + 1)

    def show_status(self) -> None:
        status = self.window.status
        status.annotator.setText(f"Reviewing as <b>{self.reviewer}</b>")
        n = self.model.rowCount()
        status.spans.setText(f"{n} candidate{'s' if n != 1 else ''}")
        p = self.progress
        status.progress.setText(f"Reviewed {p.documents_done:,} of {p.documents:,} documents · "
                                f"{p.decided:,} / {p.total:,} decided")
        self.panel.show_corpus(p)

    def _show_counts(self) -> None:
        self.panel.show_progress(*review.progress_of(self.model.candidates()))

    def select(self, row: int, *, scroll: bool = True) -> None:
        self.panel.show_row(row)
        view = self.window.view
        if 0 <= row < self.model.rowCount():
            if scroll:
                view.select_span(row + 1)
            else:
                position = view.position()
                view.select_span(row + 1)
                view.set_position(position)
        else:
            view.select_span(None)

    def _chosen(self, row: int) -> None:
        self.window.view.select_span(row + 1 if row >= 0 else None)

    def _view_selected(self, span: Span | None) -> None:
        self.panel.show_row(span.id - 1 if span is not None and span.id else -1)

    def _next_undecided(self, after: int) -> int:
        rows = self.model.candidates()
        for row in [*range(after + 1, len(rows)), *range(0, after + 1)]:
            if not rows[row].decided:
                return row
        return -1

    # ------------------------------------------------------------- deciding

    def current(self) -> tuple[int, Candidate] | None:
        row = self.panel.current_row()
        candidate = self.model.candidate(row)
        if candidate is None:
            self.window.report("Pick a span first: click it, or choose it in the review list.")
            return None
        return row, candidate

    def decide(self, decision: Status | None) -> None:
        found = self.current()
        if found is None or self.uid is None:
            return
        row, candidate = found
        try:
            after = review.decide(self.store, self.uid, candidate, self.reviewer, decision)
        except AnnotatorError as exc:
            self.window.report(f"Not decided: {exc}")
            return
        self.model.replace(row, after)
        self.window.view.replace_span(self.display(after, row))
        self._changed()
        if decision is not None:
            following = self._next_undecided(row)
            self.select(following if following >= 0 else row)

    def accept_agreed(self) -> None:
        if self.uid is None:
            return
        try:
            n = review.accept_all_agreed(self.store, self.uid, self.annotators, self.reviewer)
        except AnnotatorError as exc:
            self.window.report(f"Not accepted: {exc}")
            return
        self.reload()
        self.window.report(f"Accepted {n} agreed span{'s' if n != 1 else ''}." if n
                           else "No undecided span that everyone agrees on.")

    def next_candidate(self) -> None:
        row = self._next_undecided(self.panel.current_row())
        if row < 0:
            self.window.report("Every span of this document is decided (Shift+N: next "
                               "document to review).")
            return
        self.select(row)

    def next_document(self) -> None:
        uid = self.progress.next_undecided(self.uid, self.store.documents.uids())
        if uid is None or uid == self.uid:
            self.window.report("Every document is reviewed." if uid is None else
                               "Only this document is left to review.")
            return
        self.window.open_document(uid)

    def _changed(self) -> None:
        if self.uid is None:
            return
        counts = review.progress_of(self.model.candidates())
        review.mark_state(self.store, self.uid, self.annotators, self.reviewer, counts)
        if counts[1]:
            self.progress = self.progress.with_document(self.uid, counts)
        self.panel.show_progress(*counts)
        self.panel.show_legend(self.model.candidates())
        self.window.documents.refresh(self.uid)
        self.show_status()

    def reload(self, select: tuple[int, int, str] | None = None) -> None:
        """Read the document's candidates again, keeping the reading position."""
        if self.uid is None:
            return
        view = self.window.view
        position = view.position()
        current = self.model.candidate(self.panel.current_row())
        spans, labels = self.load(self.uid, self.text)
        view.set_document(self.text, spans, labels)
        view.set_position(position)
        self._changed()
        keys = [c.key for c in self.model.candidates()]
        wanted = select or (current.key if current else None)
        if wanted in keys:
            self.select(keys.index(wanted))

    # ----------------------------------------------------- the reviewer's own edits

    def apply_label(self, name: str, *, exact: bool = False) -> None:
        """With text selected: add it to the reviewed set. With a candidate selected:
        accept it under this label instead (the candidate itself is rejected)."""
        if self.uid is None:
            return
        view = self.window.view
        selected = view.selected_range()
        if selected is not None:
            snap = self.window.snap_action.isChecked() and not exact
            try:
                span = editing.add_span(self.store, self.uid, *selected, name, self.reviewer,
                                        snap=snap, text=self.text)
            except AnnotatorError as exc:
                self.window.report(f"Not added: {exc}")
                return
            view.clear_text_selection()
            self.reload(select=(span.start, span.end, span.label))
            return
        found = self.current()
        if found is not None:
            _, candidate = found
            self._correct(candidate, candidate.start, candidate.end, name)

    def resize(self, start: int, end: int) -> None:
        found = self.current()
        if found is not None:
            _, candidate = found
            self._correct(candidate, start, end, candidate.label)

    def _correct(self, candidate: Candidate, start: int, end: int, label: str) -> None:
        """Accept (start, end, label) in place of a candidate, which is rejected."""
        assert self.uid is not None
        key = (start, end, label)
        if key == candidate.key:
            return
        try:
            existing = next((c for c in self.model.candidates() if c.key == key), None)
            if existing is None:
                existing = Candidate(start, end, label, (), Category.ADDED)
            review.decide(self.store, self.uid, existing, self.reviewer, Status.ACCEPTED)
            if candidate.category is not Category.ADDED:
                review.decide(self.store, self.uid, candidate, self.reviewer, Status.REJECTED)
            elif candidate.decision_id is not None:
                review.decide(self.store, self.uid, candidate, self.reviewer, None)
        except AnnotatorError as exc:
            self.window.report(f"Not changed: {exc}")
            return
        self.reload(select=key)
