"""Review mode: the view shows every annotator's candidates and the relations between
them, the panel lists both, and the reviewer decides each one (accept, reject, or
leave undecided).

A decision is an undoable edit on the window's one history: shown at once, stored
by the store queue as a span or relation of the reviewer (services/review.py,
services/review_relations.py), taken back with Ctrl+Z like any edit. "Accept all
agreed" (spans and relations) is one edit, so one Ctrl+Z undoes it. A, R and U
decide the span or the relation chosen last (in a list, or by a click in the text).
The mode talks to the window through its small API (modes.Window).

The corpus's review progress is counted off the GUI thread (a BackgroundRead) while
the mode is already open on the current document: until it is in, the panel and
the status bar say it is being counted, and Shift+N waits for it (busy cursor) and
then opens the next document to review. Decisions stored meanwhile keep their own,
fresher, counts when it arrives.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtGui import QAction, QCursor, QKeySequence
from PySide6.QtWidgets import QApplication

from annotator import applog
from annotator.core.changes import SpanChange
from annotator.core.model import Label, RelationRow, Span, SpanRow, Status
from annotator.nlp.tokens import selection_bounds
from annotator.services import review
from annotator.services.review import CATEGORY_TEXT, Candidate, Category, CorpusProgress, Key
from annotator.services.review_relations import (
    RelationCandidate,
    RelationCategory,
    compare_relations,
)
from annotator.store import Store
from annotator.ui import plain
from annotator.ui.document_spans import DocumentSpans
from annotator.ui.editing.commands import Edit
from annotator.ui.review.colours import CATEGORY_COLOUR
from annotator.ui.review.model import SHORT, CandidateTableModel
from annotator.ui.review.panel import ReviewPanel
from annotator.ui.review.relations import (
    RelationCandidateModel,
    RelationDecision,
    view_row,
    view_types,
)
from annotator.ui.workers import BackgroundRead

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


@dataclass(frozen=True, slots=True)
class Decision:
    """One step of a review edit: the reviewer's decision on a candidate, before and
    after (None: undecided)."""

    key: Key
    before: Status | None
    after: Status | None

    def backwards(self) -> Decision:
        return Decision(self.key, self.after, self.before)


class ReviewMode(QObject):
    def __init__(self, window: MainWindow, annotators: list[str], reviewer: str) -> None:
        super().__init__(window)
        review.check_review(window.store, annotators, reviewer)  # reads: raises if wrong
        self.window = window
        self.store: Store = window.store
        self.annotators = list(annotators)
        self.reviewer = reviewer
        self.uid: str | None = None
        self.text = ""
        self.model = CandidateTableModel(self)
        self.relation_model = RelationCandidateModel(self)
        self.spans = DocumentSpans(self)  # the candidates, as the view shows them
        self.panel = ReviewPanel(self.model, self.relation_model, window)
        self._relations_chosen = False  # A, R, U decide the relation chosen last
        self.panel.set_heading(self.annotators, reviewer)
        self.progress = CorpusProgress()
        self._counter: BackgroundRead | None = None  # counting the corpus's progress
        self._fresh: dict[str, tuple[int, int]] = {}  # counts stored while counting
        self._count_failed = False
        self._next_wanted = False  # Shift+N pressed while counting
        self._select_after: Key | None = None  # a span of the reviewer's, once stored
        self._actions: list[QAction] = []
        self.accept_action = self._action("Accept span", lambda: self.decide(Status.ACCEPTED),
                                          "A")
        self.reject_action = self._action("Reject span", lambda: self.decide(Status.REJECTED),
                                          "R")
        self.clear_action = self._action("Undecide span", lambda: self.decide(None), "U")
        self.agreed_action = self._action("Accept all agreed", self.accept_agreed, "Shift+A")
        self.next_action = self._action("Next undecided span or relation", self.next_candidate,
                                        "N")
        self.next_document_action = self._action("Next document to review",
                                                 self.next_document, "Shift+N")
        self.panel.accept_button.clicked.connect(self.accept_action.trigger)
        self.panel.reject_button.clicked.connect(self.reject_action.trigger)
        self.panel.clear_button.clicked.connect(self.clear_action.trigger)
        self.panel.agreed_button.clicked.connect(self.agreed_action.trigger)
        self.panel.next_button.clicked.connect(self.next_document_action.trigger)
        self.panel.leave_button.clicked.connect(window.leave_review)
        self.panel.candidateChosen.connect(self._chosen)
        self.panel.relationChosen.connect(self._relation_chosen)
        window.view.spanSelected.connect(self._view_selected)
        window.view.relationSelected.connect(self._view_relation_selected)

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
        reviewer = self.reviewer
        window.queue.submit(lambda store: review.start_review(store, self.annotators, reviewer),
                            failed=window.not_saved("the reviewed set"))
        self._count_progress()
        window.show_side(self.panel, width=600)
        window.queue.wait(5.0)
        window.editor.clear()  # undo of annotation edits does not mix with decisions
        window.documents.set_annotator(reviewer)  # the list shows review states
        window.view.bind(self.spans)  # the candidates, not the annotator's own spans
        self.show_status()

    def leave(self) -> None:
        window = self.window
        if self._counter is not None:
            self._counter.cancel()
        self._forget_next()
        window.queue.wait(5.0)
        window.editor.clear()  # decisions undone outside review would surprise
        window.view.spanSelected.disconnect(self._view_selected)
        window.view.relationSelected.disconnect(self._view_relation_selected)
        for action in self._actions:
            window.removeAction(action)
        self.panel.deleteLater()

    def close(self) -> None:
        """The window closes: a count still running ends before the store does."""
        if self._counter is not None and self._counter.pending():
            self._counter.cancel()
            self._counter.wait(10.0)

    # ------------------------------------------------------------ the corpus's progress

    def counting(self) -> bool:
        """The corpus's review progress is still being counted."""
        return self._counter is not None and self._counter.pending()

    def _count_progress(self) -> None:
        store, annotators, reviewer = self.store, list(self.annotators), self.reviewer
        self._fresh = {}
        self._count_failed = False
        self._counter = BackgroundRead(
            lambda: review.corpus_progress(store, annotators, reviewer, with_relations=True),
            self._counted, self._not_counted, self, inline=self.window.queue.inline,
            name="review-progress")
        if self.window.queue.inline:
            self._counter.start()
        else:  # once the document is on screen: entering is not slowed by the count
            QTimer.singleShot(0, self._counter.start)

    def _counted(self, progress: CorpusProgress) -> None:
        """The count is in: documents decided meanwhile keep the counts their
        decisions brought back (read later than the count may have read them)."""
        per_document = dict(progress.per_document)
        for uid, counts in self._fresh.items():
            if counts[1]:
                per_document[uid] = counts
            else:
                per_document.pop(uid, None)
        self._fresh = {}
        self.progress = CorpusProgress(per_document)
        self.show_status()
        if self._next_wanted:
            self._forget_next()
            self.next_document()

    def _not_counted(self, exc: Exception) -> None:
        applog.log_unexpected(exc, "while counting review progress")
        self._count_failed = True
        self.progress = CorpusProgress({uid: c for uid, c in self._fresh.items() if c[1]})
        self._fresh = {}
        self._forget_next()
        self.show_status()
        self.window.report("The corpus's review progress could not be counted; "
                           "this document can still be reviewed.")

    def _forget_next(self) -> None:
        if self._next_wanted:
            self._next_wanted = False
            QApplication.restoreOverrideCursor()

    def keeps_reading_position(self) -> bool:
        return False

    def export_sets(self) -> list[str] | None:
        return [self.reviewer]

    # -------------------------------------------------------------- showing

    def read(self, uid: str) -> tuple[list[Candidate], list[RelationCandidate]]:
        """The document's span and relation candidates (the annotators' and the
        reviewer's decisions compared)."""
        return (review.compare_document(self.store, uid, self.annotators, self.reviewer),
                compare_relations(self.store, uid, self.annotators, self.reviewer))

    def load(self, uid: str, text: str,
             found: tuple[list[Candidate], list[RelationCandidate]] | None = None) -> None:
        """Show the document's candidates."""
        if uid != self.uid:
            self._forget_next()  # another document chosen: Shift+N no longer wanted
        self.uid = uid
        self.text = text
        candidates, linked = found if found is not None else self.read(uid)
        self.model.set_candidates(text, self.annotators, candidates)
        self.relation_model.set_candidates(text, self.annotators, linked)
        self.panel.show_legend(candidates)
        self._show_counts()
        self.spans.load_spans(uid, text, [self.display(c, row)
                                          for row, c in enumerate(candidates)],
                              self._relation_rows(linked))

    def _relation_rows(self, linked: list[RelationCandidate]) -> list[RelationRow]:
        ids = {c.key: row + 1 for row, c in enumerate(self.model.candidates())}
        return [r for row, c in enumerate(linked) if (r := view_row(c, row, ids)) is not None]

    def show_labels(self, labels: list[Label]) -> None:
        self.model.set_label_colours({label.name: label.color for label in labels})
        self.window.view.set_labels(view_labels(labels))
        self.window.view.set_relation_types(
            view_types(self.store.relation_types.all(include_archived=True)))

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
        status.annotator.setText(f"Reviewing as <b>{plain.escaped(self.reviewer)}</b>")
        n = self.model.rowCount()
        status.spans.setText(f"{n} candidate{'s' if n != 1 else ''}")
        if self.counting():
            status.progress.setText("Counting review progress…")
            self.panel.show_corpus(None)
            return
        p = self.progress
        status.progress.setText(f"Reviewed {p.documents_done:,} of {p.documents:,} documents · "
                                f"{p.decided:,} / {p.total:,} decided"
                                + (" (not counted)" if self._count_failed else ""))
        self.panel.show_corpus(p)

    def _show_counts(self) -> None:
        self.panel.show_progress(*review.progress_of(self.model.candidates()),
                                 review.progress_of(self.relation_model.candidates()))

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
        self._relations_chosen = False
        self.window.view.select_span(row + 1 if row >= 0 else None)

    def _relation_chosen(self, row: int) -> None:
        self.window.view.select_relation(row + 1 if row >= 0 else None)
        self._relations_chosen = row >= 0

    def _view_selected(self, span: Span | None) -> None:
        self._relations_chosen = False
        self.panel.show_row(span.id - 1 if span is not None and span.id else -1)

    def _view_relation_selected(self, relation: RelationRow | None) -> None:
        self._relations_chosen = relation is not None
        self.panel.show_relation_row(relation.id - 1 if relation is not None else -1)

    def select_relation(self, row: int) -> None:
        self.panel.show_relation_row(row)
        self.window.view.select_relation(row + 1 if row >= 0 else None)
        self._relations_chosen = row >= 0

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
        if self._relations_chosen:
            self.decide_relation(decision)
            return
        found = self.current()
        if found is None or self.uid is None:
            return
        row, candidate = found
        if candidate.decision == decision:
            return
        what = {Status.ACCEPTED: "Accept", Status.REJECTED: "Reject"}.get(
            decision, "Undecide")  # type: ignore[arg-type]
        self._push(f"{what} {candidate.label}",
                   [Decision(candidate.key, candidate.decision, decision)])
        if decision is not None:
            following = self._next_undecided(row)
            self.select(following if following >= 0 else row)

    def decide_relation(self, decision: Status | None) -> None:
        row = self.panel.current_relation_row()
        candidate = self.relation_model.candidate(row)
        if candidate is None or self.uid is None:
            self.window.report("Pick a relation first: click its connector, or choose it in "
                               "the relation list.")
            return
        if candidate.decision == decision:
            return
        ends = self._undecided_ends([candidate])
        if decision is Status.REJECTED and ends:
            self.window.report("Decide the relation's spans first (accept or reject them): "
                               "a rejected relation is one between decided spans.")
            return
        what = {Status.ACCEPTED: "Accept", Status.REJECTED: "Reject"}.get(
            decision, "Undecide")  # type: ignore[arg-type]
        # Accepting takes its undecided ends along, in the same step: undo undecides them.
        steps: list[Decision | RelationDecision] = \
            ends if decision is Status.ACCEPTED else []
        steps.append(RelationDecision(candidate.key, candidate.decision, decision))
        self._push(f"{what} {candidate.type} relation", steps)
        if decision is not None:
            following = self._next_undecided_relation(row)
            self.select_relation(following if following >= 0 else row)

    def _undecided_ends(self, linked: list[RelationCandidate]) -> list[Decision | RelationDecision]:
        """Accepting these relations accepts their undecided ends: those decisions."""
        undecided = {c.key: c for c in self.model.candidates() if c.decision is None}
        found: dict[Key, Decision | RelationDecision] = {}
        for c in linked:
            for end in (c.head, c.child):
                if end in undecided and end not in found:
                    found[end] = Decision(end, None, Status.ACCEPTED)
        return list(found.values())

    def accept_agreed(self) -> None:
        if self.uid is None:
            return
        steps: list[Decision | RelationDecision] = [
            Decision(c.key, c.decision, Status.ACCEPTED) for c in self.model.candidates()
            if c.category is Category.AGREED and not c.decided]
        agreed = [c for c in self.relation_model.candidates()
                  if c.category is RelationCategory.AGREED and not c.decided]
        taken = {step.key for step in steps}
        steps += [end for end in self._undecided_ends(agreed) if end.key not in taken]
        spans = len(steps)
        steps += [RelationDecision(c.key, c.decision, Status.ACCEPTED) for c in agreed]
        if not steps:
            self.window.report("No undecided span or relation that everyone agrees on.")
            return
        self._push(f"Accept {len(steps)} agreed", steps)
        linked = len(steps) - spans
        self.window.report(f"Accepted {spans} agreed span{'s' if spans != 1 else ''}"
                           + (f" and {linked} relation{'s' if linked != 1 else ''}."
                              if linked else "."))

    def _push(self, text: str, steps: list[Decision] | list[Decision | RelationDecision]
              ) -> None:
        assert self.uid is not None
        self.window.editor.stack.push(Edit(text, self, self.uid, steps))

    # The runner of the edits pushed above (see editing/commands.py).

    def show_document(self, uid: str) -> None:
        self.window.open_document(uid)

    def run(self, command: Edit, steps: list[Decision | RelationDecision]) -> None:
        """Show the decisions now and store them in the background. A decision on a
        span that is not a candidate yet (the reviewer's own) shows once stored; so do
        the ends a relation's acceptance accepts."""
        uid = command.uid
        spans = [step for step in steps if isinstance(step, Decision)]
        links = [step for step in steps if isinstance(step, RelationDecision)]
        new_keys = self._show_decisions(spans)
        self._show_relation_decisions(links)
        annotators, reviewer = list(self.annotators), self.reviewer
        decisions = [(step.key, step.after) for step in spans]
        relations = [(step.key, step.after) for step in links]

        def stored(counts: tuple[int, int]) -> None:
            self._stored(uid, counts, reread=bool(new_keys or links))

        def refused(exc: Exception) -> None:
            self.window.editor.report_refusal(command.text(), exc)
            self.window.editor.drop(command)
            if uid == self.uid:
                self.reload()  # show what the store holds

        self.window.queue.submit(
            lambda store: review.set_decisions(store, uid, annotators, reviewer, decisions,
                                               relations=relations, with_relations=True),
            stored, refused)

    def _show_relation_decisions(self, steps: list[RelationDecision]) -> None:
        """Show each decision on its relation candidate (the view redraws it)."""
        if not steps or self.uid is None:
            return
        rows = {c.key: row for row, c in enumerate(self.relation_model.candidates())}
        ids = {c.key: row + 1 for row, c in enumerate(self.model.candidates())}
        removed, added = [], []
        for step in steps:
            row = rows.get(step.key)
            if row is None:
                continue
            before = self.relation_model.candidate(row)
            assert before is not None
            after = replace(before, decision=step.after)
            self.relation_model.replace(row, after)
            old, new = view_row(before, row, ids), view_row(after, row, ids)
            if old is not None and new is not None:
                removed.append(old)
                added.append(new)
        if removed:
            self.spans.apply(SpanChange(self.uid, (), (), tuple(removed), tuple(added)))
        self._show_counts()

    def _show_decisions(self, steps: list[Decision]) -> list[Key]:
        """Show each decision on its candidate; returns the keys no candidate has."""
        rows = {c.key: row for row, c in enumerate(self.model.candidates())}
        missing: list[Key] = []
        removed, added = [], []
        for step in steps:
            row = rows.get(step.key)
            if row is None:
                missing.append(step.key)
                continue
            before = self.model.candidate(row)
            assert before is not None
            after = replace(before, decision=step.after)
            self.model.replace(row, after)
            removed.append(SpanRow.of(self.display(before, row)))
            added.append(SpanRow.of(self.display(after, row)))
        if removed and self.uid is not None:
            self.spans.apply(SpanChange(self.uid, tuple(removed), tuple(added)))
            self._show_counts()
            self.panel.show_legend(self.model.candidates())
        return missing

    def _stored(self, uid: str, counts: tuple[int, int], *, reread: bool) -> None:
        if counts[1]:
            self.progress = self.progress.with_document(uid, counts)
        if self.counting():
            self._fresh[uid] = counts
        self.window.documents.refresh(uid)
        if uid == self.uid:
            if reread:
                select, self._select_after = self._select_after, None
                self.reload(select=select)
            self.show_status()

    def next_candidate(self) -> None:
        """The next undecided span, then the undecided relations (whose ends must be
        decided first); from a relation, the next relation first."""
        if self._relations_chosen:
            row = self._next_undecided_relation(self.panel.current_relation_row())
            if row >= 0:
                self.select_relation(row)
                return
        row = self._next_undecided(self.panel.current_row())
        if row >= 0:
            self.select(row)
            return
        row = self._next_undecided_relation(self.panel.current_relation_row())
        if row >= 0:
            self.select_relation(row)
            return
        self.window.report("Every span and relation of this document is decided "
                           "(Shift+N: next document to review).")

    def _next_undecided_relation(self, after: int) -> int:
        rows = self.relation_model.candidates()
        after = min(max(after, -1), len(rows) - 1)
        for row in [*range(after + 1, len(rows)), *range(0, after + 1)]:
            if not rows[row].decided:
                return row
        return -1

    def done_and_next(self) -> None:
        self.next_document()

    def next_document(self) -> None:
        if self.counting():  # which document has work left is known once counted
            if not self._next_wanted:
                self._next_wanted = True
                QApplication.setOverrideCursor(QCursor(Qt.CursorShape.BusyCursor))
            self.window.report("Counting review progress… the next document to review "
                               "opens as soon as it is known.")
            return
        uid = self.progress.next_undecided(self.uid, self.store.documents.uids())
        if uid is None or uid == self.uid:
            self.window.report("Every document is reviewed." if uid is None else
                               "Only this document is left to review.")
            return
        self.window.open_document(uid)

    def reload(self, select: Key | None = None) -> None:
        """Read the document's candidates again, keeping the reading position and what
        was chosen."""
        if self.uid is None:
            return
        view = self.window.view
        position = view.position()
        current = self.model.candidate(self.panel.current_row())
        relation = self.relation_model.candidate(self.panel.current_relation_row()) \
            if self._relations_chosen else None
        self.load(self.uid, self.text)
        view.set_position(position)
        keys = [c.key for c in self.model.candidates()]
        wanted = select or (current.key if current else None)
        if wanted in keys:
            self.select(keys.index(wanted))
        linked = [c.key for c in self.relation_model.candidates()]
        if relation is not None and relation.key in linked:
            self.select_relation(linked.index(relation.key))
            view.set_position(position)

    # ----------------------------------------------------- the reviewer's own edits

    def apply_label(self, name: str, *, exact: bool) -> None:
        """With text selected: add it to the reviewed set. With a candidate selected:
        accept it under this label instead (the candidate itself is rejected)."""
        if self.uid is None:
            return
        view = self.window.view
        selected = view.selected_range()
        if selected is not None:
            start, end = selection_bounds(self.text, *selected, snap=self.window.snap(exact))
            if start >= end:
                self.window.report("Not added: the selection holds only whitespace")
                return
            view.clear_text_selection()
            self._correct(None, start, end, name)
            return
        found = self.current()
        if found is not None:
            _, candidate = found
            self._correct(candidate, candidate.start, candidate.end, name)

    def delete_selected(self) -> None:
        self.reject_action.trigger()  # in review, Delete rejects

    def resize(self, _span_id: int, start: int, end: int) -> None:
        found = self.current()
        if found is not None:
            _, candidate = found
            self._correct(candidate, start, end, candidate.label)

    def _correct(self, candidate: Candidate | None, start: int, end: int, label: str) -> None:
        """Accept (start, end, label), in place of a candidate (rejected, or forgotten
        if it was the reviewer's own), as one edit."""
        key = (start, end, label)
        if candidate is not None and key == candidate.key:
            return
        existing = next((c for c in self.model.candidates() if c.key == key), None)
        steps = [Decision(key, existing.decision if existing else None, Status.ACCEPTED)]
        if candidate is not None:
            replaced = None if candidate.category is Category.ADDED else Status.REJECTED
            steps.append(Decision(candidate.key, candidate.decision, replaced))
        self._select_after = key
        self._push(f"Accept {label}", steps)
