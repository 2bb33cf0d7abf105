"""The main window: document list, the document with its label bar, a side panel.

What the view shows and what the keys do depends on the mode (modes.py): annotating
(annotate.py) or reviewing (review/controller.py). An edit is shown at once and
stored by the store queue in the background (see editing/editor.py); it is published
as a SpanChange that the view, the span list, the counts and the document list
follow. The GUI thread reads the store (readers never wait for a writer) but never
writes to it. Its actions, menus and toolbar are made in window_actions.py; File
menu work lives in window_files.py.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, QTimer
from PySide6.QtGui import QCloseEvent, QShowEvent
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from annotator.core.changes import SpanChange
from annotator.core.errors import AnnotatorError
from annotator.core.model import Document, Label, Span
from annotator.store import Query, Store
from annotator.ui import first_run, plain, window_actions, windows
from annotator.ui.annotate import AnnotateMode
from annotator.ui.document_spans import DocumentSpans
from annotator.ui.document_view import DocumentView
from annotator.ui.documents.model import DocumentListModel
from annotator.ui.documents.panel import DocumentPanel
from annotator.ui.documents.searcher import Searcher
from annotator.ui.editing.editor import Editor
from annotator.ui.errors import report_unexpected
from annotator.ui.find.bar import FindBar
from annotator.ui.focus import step
from annotator.ui.labels.bar import LabelBar
from annotator.ui.labels.editor import LabelEditor
from annotator.ui.labels.keys import LabelKeyFilter
from annotator.ui.modes import Mode
from annotator.ui.relations.controller import RelationController
from annotator.ui.settings import Settings
from annotator.ui.status import StatusBar
from annotator.ui.store_queue import StoreQueue
from annotator.ui.suggest.controller import SuggestController
from annotator.ui.window_files import FileActions

if TYPE_CHECKING:
    from annotator.ui.review.controller import ReviewMode

DEFAULT_SIZE = (1280, 800)
WARM_UP_AFTER_MS = 1500
Shown = TypeVar("Shown")  # what a document's showing gives back while its spans are read


class MainWindow(QMainWindow):
    def __init__(self, store: Store, settings: Settings | Any, *,
                 owns_store: bool = False, inline_store_work: bool = False,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._painting = 0  # paint passes of the window under way (see event)
        self._text_painted = False  # in the outermost one
        self.store = store
        self.settings = settings if isinstance(settings, Settings) else Settings(settings)
        self._owns_store = owns_store
        self.annotator = self.settings.annotator_or_default()
        self.uid: str | None = None
        self.text = ""
        self._labels: list[Label] = []
        self._sticky_label: str | None = None
        self._pending_position: int | None = None
        self._stored_position = 0  # the reading position the store has for this document
        self._warmed_up = False
        self._inline = inline_store_work
        self.agreement_dialog: QWidget | None = None
        self.label_all_dialog: QWidget | None = None
        self.setWindowTitle(plain.window_title(f"Annotator — {Path(store.location).name}"))
        self.resize(*DEFAULT_SIZE)

        # Every store write from the window goes through this one queue.
        self.queue = StoreQueue(store, self, inline=inline_store_work)
        self._ensure_annotator(self.annotator)
        self.doc_spans = DocumentSpans(self)  # the spans of the document on screen
        self.editor = Editor(self.queue, self.doc_spans, self, self)
        self.editor.message.connect(self.report)
        self.files = FileActions(self)
        self._build_widgets()
        self.annotate = AnnotateMode(self, self.doc_spans, self)
        self.mode: Mode = self.annotate
        # The annotate mode's pieces, by the names the rest of the ui (and tests) know.
        self.span_model = self.annotate.model
        self.span_panel = self.annotate.list
        self.spans_heading = self.annotate.heading
        # Suggestions: the Suggest menu, dashed outlines, the keys that decide.
        self.suggest = SuggestController(self)
        self._centre_layout.insertWidget(2, self.suggest.bar)
        # Relations: R and the type keys, the mouse, the attribution helper.
        self.relations = RelationController(self)
        window_actions.build_actions(self)
        window_actions.build_menus(self)
        self._wire()
        self._restore_window()
        self.annotate.enter()
        self.reload_labels()
        self._open_first_document()
        self.settings.add_recent_database(store.location)
        self.view.text_widget().setFocus()  # label keys work at once

    # ------------------------------------------------------------- building

    def _build_widgets(self) -> None:
        # Searches run on their own thread, the newest query winning (never the queue's).
        self.searcher = Searcher(self.store, self, inline=self._inline)
        self.documents = DocumentListModel(self.store, self.annotator, self,
                                           searcher=self.searcher)
        self.document_panel = DocumentPanel(self.documents, self)
        self.document_panel.compile = self.compile_query
        self.document_panel.saved = self.settings.saved_searches(self.store.location)
        self.document_panel.save_searches = lambda searches: \
            self.settings.set_saved_searches(self.store.location, searches)
        self.title = plain.plain_label(QLabel(self))  # titles come from files
        self.title.setWordWrap(True)
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.35)
        font.setBold(True)
        self.title.setFont(font)
        self.label_bar = LabelBar(self)
        self.view = DocumentView(self)
        self.view.bind(self.doc_spans)

        centre = QWidget(self)
        layout = QVBoxLayout(centre)
        layout.setContentsMargins(12, 8, 12, 0)
        layout.setSpacing(8)
        layout.addWidget(self.title)
        layout.addWidget(self.label_bar)
        self.find_bar = FindBar(self.view, self)
        layout.addWidget(self.find_bar)
        self._centre_layout = layout
        layout.addWidget(self.view, 1)

        self.side = QStackedWidget(self)  # the mode's panel: the span list, or review's
        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(QLabel("Documents", self))
        left_layout.addWidget(self.document_panel, 1)
        left_layout.itemAt(0).widget().setStyleSheet("font-weight: bold; padding: 2px 0;")

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(left)
        self.splitter.addWidget(centre)
        self.splitter.addWidget(self.side)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([280, 640, 360])
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setContentsMargins(6, 6, 6, 0)
        self.setCentralWidget(self.splitter)
        self.status = StatusBar(self)
        self.setStatusBar(self.status)

    def _wire(self) -> None:
        self.keys = LabelKeyFilter(self)
        self.keys.labelKeyPressed.connect(self.label_key_pressed)
        for widget in (self.view.text_widget(), self.document_panel.view, self.span_panel, self):
            widget.installEventFilter(self.keys)
        # Sticky labelling acts when the mouse lets go of a selection.
        self.view.text_widget().viewport().installEventFilter(self)
        self.label_bar.labelClicked.connect(lambda name: self.apply_label(name))
        self.label_bar.editRequested.connect(self.edit_labels)
        self.document_panel.documentChosen.connect(self.open_document)
        self.view.spanSelected.connect(self._view_selected_span)
        self.view.spanResizeRequested.connect(self.resize_span)
        self.editor.changed.connect(self._follow)
        self.doc_spans.reset.connect(self.find_bar.refresh)  # another article: find again
        self.find_bar.labelAllRequested.connect(self.label_all)
        self.queue.busyChanged.connect(self._store_busy)
        self.queue.pendingChanged.connect(lambda _n: self._show_saving())
        # An edit is stored once it shows, not while the window is being painted: once
        # the text has painted, at the end of the window's paint (see event).
        self.view.painted.connect(self._note_text_painted)
        self.queue.hold_until_painted()
        # Installed last, so the relation keys come before the label and suggestion keys.
        self.relations.install(self.view.text_widget(), self.span_panel,
                               self.annotate.relation_list)

    def _note_text_painted(self) -> None:
        if self._painting:
            self._text_painted = True
        else:  # painted outside a pass the window hears of (shown, uncovered): not
            self.queue.release(here=False)  # written in the paint, by the worker

    def event(self, event: QEvent) -> bool:
        if event.type() != QEvent.Type.UpdateRequest:
            return super().event(event)
        self._painting += 1
        try:
            return super().event(event)
        finally:
            self._painting -= 1
            if self._text_painted and not self._painting:
                self._text_painted = False
                # The window has painted what an edit changed (the text, the lists, the
                # counts): what was held is written now. Written while the lists paint,
                # the writer and their Python would take turns at the interpreter lock.
                self.queue.release()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (event.type() == QEvent.Type.MouseButtonRelease and self.sticky_action.isChecked()
                and self._sticky_label):
            # Let the view finish its own release handling (selection end) first.
            QTimer.singleShot(0, self._apply_sticky)
        return False

    # ------------------------------------------------------------- documents

    def _open_first_document(self) -> None:
        uid = self.settings.last_document(self.store.location, self.annotator)
        if not uid or not self.store.documents.exists(uid):
            uid = self.store.documents.next(None, self.annotator)
        if uid:
            self.open_document(uid)
        else:
            self._show_empty()
        self._show_place()
        self.mode.show_status()

    def _show_empty(self) -> None:
        self.uid = None
        self.text = ""
        self.title.setText("No documents yet — File ▸ Import files… or Load sample articles")
        self.mode.spans.load_spans(None, "", [])
        self.suggest.document_opened(None, "")

    def open_document(self, uid: str) -> None:
        if uid == self.uid:
            return
        self._save_reading_position()
        gc.unfreeze()  # the last document's rows may go now
        gc.disable()  # reading 100,000 rows makes no cycles: do not look for them meanwhile
        place = self.view.place()
        try:
            def show() -> tuple[Document, int]:
                document = self.store.documents.get(uid)
                self.view.show_text(document.text)
                return document, self.store.states.get(uid, self.annotator)[1]

            (document, position), found = self._read_beside(uid, show)
            self.mode.load(uid, document.text, found)
        except BaseException as exc:
            if self.view.text() != self.text:  # laid out already: the document shown stays
                self.view.show_text(self.text)
                self.view.return_to(place)
            if not isinstance(exc, AnnotatorError):
                raise
            self.report(str(exc))
            return
        finally:
            # The rows just read go straight to the collector's permanent generation:
            # enabled with them still young, it would look through them all at the
            # next allocation (25-35 ms for 100,000 spans).
            gc.freeze()
            gc.enable()
        self.uid = uid
        self.text = document.text
        self.title.setText(document.title or "(untitled)")
        self.title.setToolTip(plain.tip(document.source))
        if self.mode is self.annotate:
            self.suggest.document_opened(uid, document.text)
        else:
            self.suggest.document_opened(None, "")
        self._stored_position = position
        if self.isVisible():
            self._pending_position = None
            self.view.set_position(position)
        else:  # lines wrap only once the window has its size: scroll then
            self._pending_position = position
        self.document_panel.show_document(uid)
        self.settings.set_last_document(self.store.location, self.annotator, uid)
        self._show_place()
        self.mode.document_opened()
        # The document's rows live as long as it is open: keep them out of the cyclic
        # collector, whose full passes over 100,000 rows would stall a key by ~90 ms.
        gc.freeze()

    def _read_beside(self, uid: str, show: Callable[[], Shown]) -> tuple[Shown, Any]:
        """``show()`` (read the text and lay it out) here, and meanwhile the mode's read
        of the document's spans on a thread: Qt lays a text out without Python's
        interpreter lock, and SQLite steps through rows without it, so for a long
        article the two take about the time of the longer (each ~0.2 s for 10 MB)."""
        outcome: list[Any] = []

        def read() -> None:
            try:
                outcome.append(self.mode.read(uid))
            except BaseException as exc:  # raised again on the window's thread
                outcome.append(exc)

        reader = threading.Thread(target=read, name="open-document")
        reader.start()
        try:
            shown = show()
        finally:
            reader.join()
        if isinstance(outcome[0], BaseException):
            raise outcome[0]
        return shown, outcome[0]

    # Editor: undo of an edit made in another document shows that document first.
    show_document = open_document

    def _save_reading_position(self) -> None:
        if self.uid is None or not self.mode.keeps_reading_position():
            return
        # Not yet scrolled there (never shown): the stored position still holds.
        position = self._pending_position if self._pending_position is not None \
            else self.view.position()
        if position != self._stored_position:
            uid, annotator = self.uid, self.annotator
            self._stored_position = position
            self.queue.submit(lambda store: store.states.set_position(uid, annotator, position),
                              failed=self.not_saved("the reading position"))

    def not_saved(self, what: str):  # type: ignore[no-untyped-def]
        """A store queue failure handler that says, in one line, what was not saved."""
        def failed(exc: Exception) -> None:
            if isinstance(exc, AnnotatorError):
                self.report(f"Could not save {what}: {exc}")
            else:
                report_unexpected(exc, self, context=f"saving {what}")
        return failed

    def step_document(self, step: int) -> None:
        uid = self._neighbour(step)
        if uid is None:
            self.report("This is the last document." if step > 0 else
                        "This is the first document.")
            return
        self.open_document(uid)

    def _neighbour(self, step: int) -> str | None:
        """The next row of the (possibly searched) list, else the next in the store."""
        query = self.documents.query()
        if self.uid is None:
            return self.store.search.next(None, query)
        row = self.documents.row_of(self.uid)
        if row is None or (not query.everything and row + step >= self.documents.rowCount()):
            # Not among the rows loaded: the store knows the next match.
            return self.store.search.next(self.uid, query, step=step, wrap=False)
        target = row + step
        if target >= self.documents.rowCount() and self.documents.canFetchMore(QModelIndex()):
            self.documents.fetchMore(QModelIndex())
        return self.documents.uid_at(target) if target >= 0 else None

    def done_and_next(self) -> None:
        self.mode.done_and_next()

    def next_undone(self, done_uid: str) -> str | None:
        """The next document not done: of the search shown (a saved search is a queue),
        else of the store."""
        query = self.documents.query()
        if query.everything:
            return self.store.documents.next(done_uid, self.annotator, undone_only=True)
        text = f"({query.text}) -state:done" if " OR " in f" {query.text} " \
            else f"{query.text} -state:done"
        try:
            undone = self.compile_query(text)
        except AnnotatorError:
            return None
        found = self.store.search.next(done_uid, undone)
        return found if found != done_uid else None

    # ---------------------------------------------------------------- labels

    def reload_labels(self) -> None:
        self._labels = self.store.labels.all()
        # Spans with archived labels still need their colours in the view.
        every = {label.name: label for label in self.store.labels.all(include_archived=True)}
        self.label_bar.set_labels(self._labels)
        self.annotate.show_labels(list(every.values()))
        types = self.store.relation_types.all(include_archived=True)
        self.relations.set_types(types)
        self.annotate.show_relation_types(types)
        if self.mode is not self.annotate:
            self.mode.show_labels(list(every.values()))
        if self._sticky_label not in {label.name for label in self._labels}:
            self._set_sticky(None)
        self.document_panel.filters.set_choices(
            [label.name for label in self._labels],
            [name for name, _kind in self.store.annotators.all()])

    def compile_query(self, text: str) -> Query:
        """A search as this window means it: state: and the like are the annotator's,
        review: compares the annotators under review (else every human annotator)."""
        return self.store.search.compile(
            text, me=self.annotator,
            review=self.review.annotators if self.review is not None else None)

    def labels(self) -> list[Label]:
        """The label set in use (not archived)."""
        return list(self._labels)

    def label_key_pressed(self, key: str, exact: bool) -> None:
        label = next((x for x in self._labels if x.key == key), None)
        if label is None:
            self.report(f"No label has the key {key}. Edit ▸ Labels… assigns keys.")
            return
        self.apply_label(label.name, exact=exact)

    def apply_label(self, name: str, *, exact: bool = False) -> None:
        """Label the selected text; with no text selected, relabel the selected span."""
        if self.sticky_action.isChecked():
            self._set_sticky(name)
        self.mode.apply_label(name, exact=exact)

    def snap(self, exact: bool) -> bool:
        """Whether a selection labelled now grows to whole tokens."""
        return self.snap_action.isChecked() and not exact

    def _apply_sticky(self) -> None:
        if self._sticky_label and self.view.selected_range() is not None:
            self.apply_label(self._sticky_label)

    def _set_sticky(self, name: str | None) -> None:
        self._sticky_label = name
        self.label_bar.set_sticky(name if self.sticky_action.isChecked() else None)

    def sticky_toggled(self, on: bool) -> None:
        self._set_sticky(self._sticky_label if on else None)
        self.report("Sticky label on: pick a label, then every selection gets it."
                    if on else "Sticky label off.")

    def snap_toggled(self, on: bool) -> None:
        self.settings.set_snap_to_tokens(on)

    def edit_labels(self) -> None:
        dialog = LabelEditor(self.store, self, queue=self.queue)
        dialog.labelsChanged.connect(self._labels_changed)
        dialog.exec()
        dialog.deleteLater()

    def _labels_changed(self) -> None:
        # A rename changes what undo commands refer to by name: start a fresh history.
        self.queue.wait(5.0)
        self.editor.clear()
        self.reload_labels()
        self._reopen()

    # ----------------------------------------------------------------- spans

    def delete_selected_span(self) -> None:
        self.mode.delete_selected()

    def resize_span(self, span_id: int, start: int, end: int) -> None:
        self.mode.resize(span_id, start, end)

    def _view_selected_span(self, span: Span | None) -> None:
        if self.mode is self.annotate:
            self.annotate.show_selected(span)

    def _follow(self, change: SpanChange) -> None:
        """An edit was shown or stored: everything that shows spans follows it."""
        shown = change.accepted()  # rejected spans and suggestions are not spans here
        self.annotate.follow(shown)
        self.documents.follow(shown)
        self.suggest.follow(change)  # a decision on a suggestion, maybe

    def report(self, message: str) -> None:
        self.status.say(message)

    def undo(self) -> None:
        self._step(self.editor.stack.undo, "Undone", 0)

    def redo(self) -> None:
        self._step(self.editor.stack.redo, "Redone", -1)

    def _step(self, step: Callable[[], None], done: str, back: int) -> None:
        """Undo or redo, and say what, unless the step said something of its own."""
        said = self.status.said
        step()
        stack = self.editor.stack
        if self.status.said == said:
            self.report(f"{done}: {stack.text(stack.index() + back)}.")

    # ----------------------------------------------------- find, label all

    def open_find(self) -> None:
        """Ctrl+F: the find bar, with the selected text (one line of it) to find."""
        selected = self.view.selected_range()
        text = self.text[selected[0]:selected[1]] if selected else ""
        self.find_bar.open(text if text and "\n" not in text else None)

    def label_all(self) -> None:
        """Label every occurrence of the find bar's pattern, else of the selection."""
        if self.uid is None:
            return
        from annotator.services.occurrences import selection_options
        from annotator.ui.find.label_all import LabelAllDialog

        if self.find_bar.isVisible() and self.find_bar.matches is not None:
            needle, options = self.find_bar.needle(), self.find_bar.options()
        else:
            selected = self.view.selected_range()
            needle = self.text[selected[0]:selected[1]].strip() if selected else ""
            options = selection_options()
            if not needle:
                self.report("Select some text, or find something (Ctrl+F), to label "
                            "every occurrence of it.")
                return
        span = self.view.selected_row()
        label = self._sticky_label or (span.label if span is not None else None)
        try:
            self.label_all_dialog = LabelAllDialog(self, needle, options, label)
        except AnnotatorError as exc:
            self.report(str(exc))
            return
        self.label_all_dialog.open()

    def corpus_labelled(self, report: Any) -> None:
        """A corpus run (or its undo) changed these documents' spans in the store."""
        touched = {uid for uid, _spans in report.created}
        if self.uid in touched:
            self._reopen()
        for uid in touched:
            self.documents.refresh(uid)
        self.mode.show_status()

    # ---------------------------------------------------------------- status

    def _show_place(self) -> None:
        total = self.store.documents.count()
        index = self.store.documents.index(self.uid) if self.uid else None
        self.status.show_place(index, total)

    def _show_saving(self) -> None:
        self.status.show_saving(self.queue.pending(), self.queue.busy())

    def _store_busy(self, busy: bool) -> None:
        self._show_saving()
        self.span_panel.viewport().update()  # pending rows in italics, or not any more
        if busy:
            self.report("The database is busy (another program is writing); "
                        "your edit will be saved when it is free.")

    # ---------------------------------------------------------------- modes

    @property
    def review(self) -> ReviewMode | None:
        """The review mode, while reviewing."""
        return None if self.mode is self.annotate else self.mode  # type: ignore[return-value]

    def show_side(self, panel: QWidget, *, width: int = 0) -> None:
        """Show a mode's panel beside the document, at least ``width`` wide."""
        if self.side.indexOf(panel) < 0:
            self.side.addWidget(panel)
        self.side.setCurrentWidget(panel)
        sizes = self.splitter.sizes()
        if width and len(sizes) == 3 and sizes[2] < width:
            self.splitter.setSizes([sizes[0], max(sizes[1] - (width - sizes[2]), 360), width])

    def enter_review(self, mode: ReviewMode) -> None:
        self.mode.leave()
        self.mode = mode
        mode.enter()
        self.reload_labels()
        self.leave_review_action.setEnabled(True)
        self._reopen()
        self.report(f"Reviewing {', '.join(mode.annotators)} into {mode.reviewer}: "
                    "A accepts, R rejects, Shift+A accepts all agreed.")

    def leave_review(self) -> None:
        mode = self.review
        if mode is None:
            return
        mode.leave()
        self.side.removeWidget(mode.panel)
        mode.deleteLater()
        self.mode = self.annotate
        self.annotate.enter()
        self.reload_labels()
        self.leave_review_action.setEnabled(False)
        self._reopen()
        self.mode.show_status()
        self.report("Review left: back to annotating.")

    def focus_chain(self) -> list[QWidget]:
        """Tab goes from panel to panel: the document list, the label bar, the text,
        then the span list (or, in review, the review panel), and round again."""
        right = self.review.panel.focus_chain() if self.review is not None \
            else [self.span_panel]
        return [self.document_panel.filter_box, self.document_panel.view,
                *self.label_bar.focus_chain(), self.suggest.bar.slider,
                self.view.text_widget(), *right]

    def focusNextPrevChild(self, next: bool) -> bool:
        return step(self.focus_chain(), next) or super().focusNextPrevChild(next)

    def focus_panel(self, forward: bool) -> None:
        """F6 / Shift+F6: the next or previous panel (the text when the keyboard is
        elsewhere, say on the menu bar)."""
        if not step(self.focus_chain(), forward):
            self.view.text_widget().setFocus(Qt.FocusReason.TabFocusReason)

    def _reopen(self) -> None:
        if self.uid is not None:
            uid, position = self.uid, self.view.position()
            self.uid = None
            self.open_document(uid)
            self.view.set_position(position)

    # ------------------------------------------------------------- annotator

    def _ensure_annotator(self, name: str) -> None:
        """Record the annotator (so others see the name) without waiting for the store."""
        self.queue.submit(lambda store: store.annotators.ensure(name),
                          failed=self.not_saved("the annotator's name"))

    def ask_annotator(self) -> None:
        known = [name for name, _ in self.store.annotators.all()]
        name = first_run.ask_annotator(self, self.settings, known)
        if name:
            self.switch_annotator(name)

    def switch_annotator(self, name: str) -> None:
        if name == self.annotator:
            return
        self.leave_review()
        self._save_reading_position()
        self.settings.set_annotator(name)
        self._ensure_annotator(name)
        self.annotator = name
        self.queue.wait(5.0)
        self.editor.clear()  # undoing someone else's edits would surprise them
        self.documents.set_annotator(name)
        self.uid = None
        self._open_first_document()
        self.report(f"Now annotating as {name}.")

    # ------------------------------------------------------- import, export

    def import_samples(self) -> None:
        self.files.import_samples()

    def offer_samples(self) -> None:
        self.files.offer_samples()

    def after_import(self) -> None:
        """Documents and labels may have come in: show them."""
        self.reload_labels()
        self.documents.reload()
        if self.uid is None:
            self._open_first_document()
        else:
            self.document_panel.show_document(self.uid)
            self._show_place()
            self.mode.show_status()

    # ------------------------------------------------------------- closing

    def _restore_window(self) -> None:
        geometry = self.settings.geometry()
        if geometry is not None:
            self.restoreGeometry(geometry)
        state = self.settings.window_state()
        if state is not None:
            self.restoreState(state)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._warmed_up:  # snapping needs spaCy's tokenizer: load it meanwhile,
            self._warmed_up = True  # once the first document is on screen
            from annotator.nlp.attribution import sentence_pipeline
            from annotator.nlp.tokens import warm_up

            # The attribution helper's sentences too: built on its thread after the
            # first edit instead, they held the interpreter ~0.2 s while keys waited.
            # spaCy's modules then join the document's rows in the collector's
            # permanent generation: left young, each of its full passes over them
            # stalled a key by 60-90 ms.
            QTimer.singleShot(WARM_UP_AFTER_MS,
                              lambda: warm_up(sentence_pipeline, gc.freeze))
        if self._pending_position is not None:
            QTimer.singleShot(0, self._apply_pending_position)

    def _apply_pending_position(self) -> None:
        position, self._pending_position = self._pending_position, None
        if position is not None:
            self.view.set_position(position)

    def closeEvent(self, event: QCloseEvent) -> None:
        self._save_reading_position()
        if not self.queue.wait(1.0) and not self._close_anyway():
            event.ignore()
            return
        self.files.cancel_all()
        if self.review is not None:
            self.review.close()
        self.suggest.close()
        self.relations.attribution.close()
        self.searcher.close()
        self.queue.close()
        self.settings.save_window(self.saveGeometry(), self.saveState())
        self.settings.sync()
        super().closeEvent(event)
        if self._owns_store:
            self.store.close()
        windows.forget(self)

    def _close_anyway(self) -> bool:
        """Edits are still waiting for the database: ask before losing them."""
        n = self.queue.pending()
        box = QMessageBox(QMessageBox.Icon.Warning, "Edits not saved yet",
                          f"{n} change{'s are' if n != 1 else ' is'} still waiting to be saved: "
                          "the database is busy (another program is writing).",
                          QMessageBox.StandardButton.NoButton, self)
        box.setInformativeText("Keep the window open and they are saved as soon as the "
                               "database is free.")
        box.setTextFormat(Qt.TextFormat.PlainText)
        wait = box.addButton("Keep open", QMessageBox.ButtonRole.RejectRole)
        box.addButton("Close and lose them", QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(wait)
        box.exec()
        return box.clickedButton() is not wait
