"""The main window: document list, the document with its label bar, the span list.

An edit is shown at once and stored by the store queue in the background (see
editing/editor.py); it is published as a SpanChange that the view, the span list,
the counts and the document list follow. The GUI thread reads the store (readers
never wait for a writer) but never writes to it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QFileDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from annotator.core.changes import SpanChange
from annotator.core.errors import AnnotatorError
from annotator.core.model import DocState, Label, Span, SpanRow, Status
from annotator.core.overlap import SpanIndex
from annotator.store import Store
from annotator.ui import about, first_run, transfer, windows
from annotator.ui.document_spans import DocumentSpans
from annotator.ui.document_view import DocumentView
from annotator.ui.documents.model import DocumentListModel
from annotator.ui.documents.panel import DocumentPanel
from annotator.ui.editing.editor import Editor
from annotator.ui.errors import report_unexpected
from annotator.ui.labels.bar import LabelBar
from annotator.ui.labels.editor import LabelEditor
from annotator.ui.labels.keys import LabelKeyFilter
from annotator.ui.review import controller as review_mode
from annotator.ui.settings import Settings
from annotator.ui.spans.model import SpanTableModel
from annotator.ui.spans.panel import SpanPanel
from annotator.ui.status import StatusBar
from annotator.ui.store_queue import StoreQueue
from annotator.ui.suggest.controller import SuggestController
from annotator.ui.workers import BackgroundJob

DEFAULT_SIZE = (1280, 800)
WARM_UP_AFTER_MS = 1500


class MainWindow(QMainWindow):
    def __init__(self, store: Store, settings: Settings | Any, *,
                 owns_store: bool = False, inline_store_work: bool = False,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.settings = settings if isinstance(settings, Settings) else Settings(settings)
        self._owns_store = owns_store
        self.annotator = self.settings.annotator_or_default()
        self.uid: str | None = None
        self.text = ""
        self._labels: list[Label] = []
        self._sticky_label: str | None = None
        self._jobs: list[BackgroundJob] = []
        self._pending_position: int | None = None
        self._stored_position = 0  # the reading position the store has for this document
        self._warmed_up = False
        self.review: review_mode.ReviewMode | None = None  # set while reviewing
        self.transfer_report: QWidget | None = None  # the last import's report
        self.agreement_dialog: QWidget | None = None
        self.setWindowTitle(f"Annotator — {Path(store.location).name}")
        self.resize(*DEFAULT_SIZE)

        # Every store write from the window goes through this one queue.
        self.queue = StoreQueue(store, self, inline=inline_store_work)
        self._ensure_annotator(self.annotator)
        self.doc_spans = DocumentSpans(self)  # the spans of the document on screen
        self.editor = Editor(self.queue, self.doc_spans, self, self)
        self.editor.message.connect(self.report)
        self._build_widgets()
        # Suggestions: the Suggest menu, dashed outlines, the keys that decide.
        self.suggest = SuggestController(self)
        self._centre_layout.insertWidget(2, self.suggest.bar)
        self._build_actions()
        self._build_menus()
        self._wire()
        self._restore_window()
        self.reload_labels()
        self._open_first_document()
        self.settings.add_recent_database(store.location)
        self.view.text_widget().setFocus()  # label keys work at once

    # ------------------------------------------------------------- building

    def _build_widgets(self) -> None:
        self.documents = DocumentListModel(self.store, self.annotator, self)
        self.document_panel = DocumentPanel(self.documents, self)
        self.title = QLabel(self)
        self.title.setWordWrap(True)
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.35)
        font.setBold(True)
        self.title.setFont(font)
        self.label_bar = LabelBar(self)
        self.view = DocumentView(self)
        self.view.bind(self.doc_spans)
        self.span_model = SpanTableModel(self.doc_spans, self)
        # Shown as waiting only while the store keeps edits waiting (else for a blink).
        self.span_model.is_pending = lambda span_id: self.queue.busy() and \
            self.editor.is_pending(span_id)
        self.span_panel = SpanPanel(self.span_model, self)

        centre = QWidget(self)
        layout = QVBoxLayout(centre)
        layout.setContentsMargins(12, 8, 12, 0)
        layout.setSpacing(8)
        layout.addWidget(self.title)
        layout.addWidget(self.label_bar)
        self._centre_layout = layout
        layout.addWidget(self.view, 1)

        right = QWidget(self)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        self.spans_heading = QLabel("Spans", self)
        right_layout.addWidget(self.spans_heading)
        right_layout.addWidget(self.span_panel, 1)
        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(QLabel("Documents", self))
        left_layout.addWidget(self.document_panel, 1)
        for heading in (left_layout.itemAt(0).widget(), self.spans_heading):
            heading.setStyleSheet("font-weight: bold; padding: 2px 0;")

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(left)
        self.splitter.addWidget(centre)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([280, 640, 360])
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setContentsMargins(6, 6, 6, 0)
        self.setCentralWidget(self.splitter)
        self.status = StatusBar(self)
        self.setStatusBar(self.status)

    def _action(self, text: str, slot: Any, shortcuts: Any = (), tip: str = "",
                checkable: bool = False) -> QAction:
        action = QAction(text, self)
        if isinstance(shortcuts, QKeySequence.StandardKey | str):
            shortcuts = [shortcuts]
        keys = []
        for s in shortcuts:
            keys.extend(QKeySequence.keyBindings(s) if isinstance(s, QKeySequence.StandardKey)
                        else [QKeySequence(s)])
        action.setShortcuts(keys)
        action.setCheckable(checkable)
        if tip:
            action.setToolTip(tip)
            action.setStatusTip(tip)
        (action.toggled if checkable else action.triggered).connect(slot)
        self.addAction(action)  # shortcuts work with the menus hidden too
        return action

    def _steady_button(self, text: str, slot: Any, enabled: Any, described: Any,
                       now: bool) -> QAction:
        action = QAction(text, self)
        action.triggered.connect(slot)
        action.setEnabled(now)
        enabled.connect(action.setEnabled)
        described.connect(lambda what: action.setToolTip(f"{text} {what}".strip()))
        return action

    def _build_actions(self) -> None:
        stack = self.editor.stack
        self.undo_action = stack.createUndoAction(self, "&Undo")
        self.undo_action.setShortcuts(QKeySequence.keyBindings(QKeySequence.StandardKey.Undo))
        self.redo_action = stack.createRedoAction(self, "&Redo")
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        self.addActions([self.undo_action, self.redo_action])
        # The toolbar's buttons keep a fixed text (what they would undo is their tooltip):
        # a button that changes width on every edit lays the toolbar out again.
        self.undo_button = self._steady_button("Undo", stack.undo, stack.canUndoChanged,
                                               stack.undoTextChanged, stack.canUndo())
        self.redo_button = self._steady_button("Redo", stack.redo, stack.canRedoChanged,
                                               stack.redoTextChanged, stack.canRedo())
        a = self._action
        self.delete_action = a("&Delete span", self.delete_selected_span,
                               [QKeySequence.StandardKey.Delete, "Backspace"],
                               "Delete the selected span")
        self.previous_action = a("&Previous document", lambda: self.step_document(-1),
                                 ["Ctrl+PgUp", "Alt+Up"], "Previous document (Ctrl+PgUp)")
        self.next_action = a("&Next document", lambda: self.step_document(1),
                             ["Ctrl+PgDown", "Alt+Down"], "Next document (Ctrl+PgDown)")
        self.done_action = a("Done, next &undone", self.done_and_next,
                             ["Ctrl+Return", "Ctrl+Enter"],
                             "Mark this document done and open the next undone one (Ctrl+Enter)")
        self.snap_action = a("&Snap to tokens", self._snap_toggled, [],
                             "Grow selections to whole words; hold Shift with the label key "
                             "to keep exact characters", checkable=True)
        self.snap_action.setChecked(self.settings.snap_to_tokens())
        self.sticky_action = a("S&ticky label", self._sticky_toggled, ["Ctrl+T"],
                               "Give every new selection the last used label at once",
                               checkable=True)
        self.zoom_in_action = a("Zoom &in", self.view.zoom_in,
                                [QKeySequence.StandardKey.ZoomIn, "Ctrl+="], "Larger text")
        self.zoom_out_action = a("Zoom &out", self.view.zoom_out,
                                 [QKeySequence.StandardKey.ZoomOut, "Ctrl+-"], "Smaller text")
        self.filter_action = a("&Filter documents", self.document_panel.focus_filter,
                               [QKeySequence.StandardKey.Find])
        self.labels_action = a("&Labels…", self.edit_labels, [], "Edit the label set")
        self.annotator_action = a("Switch &annotator…", self.ask_annotator)
        self.import_files_action = a("&Import files…", self.import_files,
                                     ["Ctrl+I"], "Import articles or annotation files")
        self.import_folder_action = a("Import a &folder…", self.import_folder)
        self.export_action = a("&Export…", self.export_sets, ["Ctrl+E"],
                               "Export annotation sets or training data")
        self.open_db_action = a("&Open or create database…", self.open_database,
                                [QKeySequence.StandardKey.Open])
        self.samples_action = a("Load &sample articles", self.import_samples)
        self.quit_action = a("&Quit", self.close, [QKeySequence.StandardKey.Quit])
        for action in (self.previous_action, self.next_action, self.done_action):
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file = bar.addMenu("&File")
        file.addActions([self.import_files_action, self.import_folder_action,
                         self.samples_action, self.export_action])
        file.addSeparator()
        file.addAction(self.open_db_action)
        self.recent_menu = file.addMenu("&Recent databases")
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        file.addSeparator()
        file.addAction(self.quit_action)
        edit = bar.addMenu("&Edit")
        edit.addActions([self.undo_action, self.redo_action, self.delete_action])
        edit.addSeparator()
        edit.addActions([self.snap_action, self.sticky_action])
        edit.addSeparator()
        edit.addActions([self.labels_action, self.annotator_action])
        go = bar.addMenu("&Go")
        go.addActions([self.previous_action, self.next_action, self.done_action,
                       self.filter_action])
        view = bar.addMenu("&View")
        view.addActions([self.zoom_in_action, self.zoom_out_action])
        self.suggest.install_menu(bar)
        review_mode.install_menu(self, bar)
        about.install_menu(self, bar)

        tools = self.addToolBar("Main")
        tools.setObjectName("main-toolbar")
        tools.setMovable(False)
        tools.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        tools.addActions([self.previous_action, self.next_action, self.done_action])
        tools.addSeparator()
        tools.addActions([self.undo_button, self.redo_button])
        tools.addSeparator()
        tools.addActions([self.snap_action, self.sticky_action])
        tools.addSeparator()
        tools.addActions([self.zoom_out_action, self.zoom_in_action])

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
        self.span_panel.spanChosen.connect(self.view.select_span)
        self.editor.changed.connect(self._follow)
        self.queue.busyChanged.connect(self._store_busy)
        self.queue.pendingChanged.connect(lambda _n: self._show_saving())

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
        self._show_progress()

    def _show_empty(self) -> None:
        self.uid = None
        self.text = ""
        self.title.setText("No documents yet — File ▸ Import files… or Load sample articles")
        self.view.set_labels(self._labels)
        self.view.set_document("", [], self._labels)
        self.suggest.document_opened(None, "")
        self._show_span_counts()

    def open_document(self, uid: str) -> None:
        if uid == self.uid:
            return
        self._save_reading_position()
        try:
            document = self.store.documents.get(uid)
            if self.review is not None:  # the annotators' candidates instead of the spans
                spans, labels = self.review.load(uid, document.text)
            else:
                index = self._read_spans(uid)
            state_position = self.store.states.get(uid, self.annotator)[1]
        except AnnotatorError as exc:
            self.report(str(exc))
            return
        self.uid = uid
        self.text = document.text
        self.title.setText(document.title or "(untitled)")
        self.title.setToolTip(document.source)
        if self.review is not None:
            self.view.set_document(document.text, spans, labels)
            self.suggest.document_opened(None, "")
        else:
            self.doc_spans.load(uid, document.text, index)
            self.suggest.document_opened(uid, document.text)
        self._stored_position = position = state_position
        if self.isVisible():
            self._pending_position = None
            self.view.set_position(position)
        else:  # lines wrap only once the window has its size: scroll then
            self._pending_position = position
        self.document_panel.show_document(uid)
        self.settings.set_last_document(self.store.location, self.annotator, uid)
        self._show_place()
        self._show_span_counts()
        if self.review is not None:
            self.review.document_opened()

    def _read_spans(self, uid: str) -> SpanIndex:
        """The document's accepted spans as stored, with the edits not stored yet on top
        (suggestions and rejected spans are the suggestion controller's)."""
        index = SpanIndex.from_rows(self.store.spans.rows_of_document(
            uid, status=Status.ACCEPTED))
        for change in (c.accepted() for c in self.editor.pending_changes(uid)):
            for row in change.removed:
                index.remove(row.id)
            for row in change.added:
                index.add(row)
        return index

    # EditTarget: undo of an edit made in another document shows that document first.
    show_document = open_document

    def _save_reading_position(self) -> None:
        if self.uid is None or self.review is not None:
            return
        # Not yet scrolled there (never shown): the stored position still holds.
        position = self._pending_position if self._pending_position is not None \
            else self.view.position()
        if position != self._stored_position:
            uid, annotator = self.uid, self.annotator
            self._stored_position = position
            self.queue.submit(lambda store: store.states.set_position(uid, annotator, position),
                              failed=self._not_saved("the reading position"))

    def _not_saved(self, what: str):  # type: ignore[no-untyped-def]
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
        """The next row of the (possibly filtered) list, else the next in the store."""
        if self.uid is None:
            return self.store.documents.next(None, self.annotator)
        row = self.documents.row_of(self.uid)
        if row is None:
            return self.store.documents.next(self.uid, self.annotator, step=step)
        target = row + step
        if target >= self.documents.rowCount() and self.documents.canFetchMore(QModelIndex()):
            self.documents.fetchMore(QModelIndex())
        return self.documents.uid_at(target) if target >= 0 else None

    def done_and_next(self) -> None:
        if self.review is not None:
            self.review.next_document()
            return
        if self.uid is None:
            return
        done_uid, annotator, position = self.uid, self.annotator, self.view.position()
        self._stored_position = position
        self.queue.submit(
            lambda store: store.states.set(done_uid, annotator, DocState.DONE, position=position),
            lambda _: self._show_progress(), self._not_saved("the done mark"))
        self.documents.set_state(done_uid, DocState.DONE)
        uid = self.suggest.next_needed(done_uid) or \
            self.store.documents.next(done_uid, self.annotator, undone_only=True)
        if uid is None or uid == done_uid:
            self.report("Every document is done. Well done!")
            return
        self.open_document(uid)

    # ---------------------------------------------------------------- labels

    def labels(self) -> list[Label]:
        """The label set in use (not archived)."""
        return list(self._labels)

    def reload_labels(self) -> None:
        self._labels = self.store.labels.all()
        # Spans with archived labels still need their colours in the view.
        every = {label.name: label for label in self.store.labels.all(include_archived=True)}
        self.label_bar.set_labels(self._labels)
        self.view.set_labels(list(every.values()))
        self.span_model.set_labels(list(every.values()))
        if self._sticky_label not in {label.name for label in self._labels}:
            self._set_sticky(None)

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
        if self.uid is None:
            return
        if self.review is not None:
            self.review.apply_label(name, exact=exact)
            return
        selected = self.view.selected_range()
        if selected is not None:
            self._add_span(name, *selected, exact=exact)
            return
        span = self.view.selected_row()
        if span is None:
            self.report("Select some text first, then press a label key.")
        elif self._mine(span):
            self.editor.relabel(self.uid, span, name)

    def _add_span(self, label: str, start: int, end: int, *, exact: bool) -> None:
        snap = self.snap_action.isChecked() and not exact
        row = self.editor.add(self.uid, self.text, start, end, label,  # type: ignore[arg-type]
                              self.annotator, snap=snap)
        if row is not None:
            self.view.clear_text_selection()
            self.view.select_span(row.id)

    def _apply_sticky(self) -> None:
        if self._sticky_label and self.view.selected_range() is not None:
            self.apply_label(self._sticky_label)

    def _set_sticky(self, name: str | None) -> None:
        self._sticky_label = name
        self.label_bar.set_sticky(name if self.sticky_action.isChecked() else None)

    def _sticky_toggled(self, on: bool) -> None:
        self._set_sticky(self._sticky_label if on else None)
        self.report("Sticky label on: pick a label, then every selection gets it."
                    if on else "Sticky label off.")

    def _snap_toggled(self, on: bool) -> None:
        self.settings.set_snap_to_tokens(on)

    def edit_labels(self) -> None:
        dialog = LabelEditor(self.store, self)
        dialog.labelsChanged.connect(self._labels_changed)
        dialog.exec()
        dialog.deleteLater()

    def _labels_changed(self) -> None:
        # A rename changes what undo commands refer to by name: start a fresh history.
        self.queue.wait(5.0)
        self.editor.clear()
        self.reload_labels()
        if self.uid is not None:
            uid, position = self.uid, self.view.position()
            self.uid = None
            self.open_document(uid)
            self.view.set_position(position)

    # ----------------------------------------------------------------- spans

    def _mine(self, span: Span | SpanRow) -> bool:
        if span.annotator != self.annotator:
            self.report(f"That span is {span.annotator}'s; you can change only your own.")
            return False
        return True

    def delete_selected_span(self) -> None:
        if self.review is not None:  # in review, Delete rejects
            self.review.reject_action.trigger()
            return
        span = self.view.selected_row()
        if span is None or self.uid is None:
            self.report("Select a span to delete (click it, or pick it in the span list).")
            return
        if self._mine(span):
            self.editor.delete(self.uid, span)

    def resize_span(self, span_id: int, start: int, end: int) -> None:
        if self.review is not None:
            self.review.resize(start, end)
            return
        span = self.doc_spans.get(span_id)
        if span is not None and self.uid is not None and self._mine(span):
            self.editor.resize(self.uid, span, start, end)

    def _view_selected_span(self, span: Span | None) -> None:
        self.span_panel.show_span(span.id if span else None)

    def _follow(self, change: SpanChange) -> None:
        """An edit was shown or stored: everything that shows spans follows it."""
        shown = change.accepted()  # rejected spans and suggestions are not spans here
        with self.span_panel.quiet():  # rows moving are not the user choosing a span
            applied = self.doc_spans.apply(shown)
        if applied is not None:
            selected = self.view.selected_row()
            self.span_panel.show_span(selected.id if selected else None)
            self._show_span_counts()
        self.documents.follow(shown)
        self.suggest.follow(change)  # a decision on a suggestion, maybe

    def report(self, message: str) -> None:
        self.status.say(message)

    # ---------------------------------------------------------------- status

    def _show_place(self) -> None:
        total = self.store.documents.count()
        index = self.store.documents.index(self.uid) if self.uid else None
        self.status.show_place(index, total)
        self.status.show_annotator(self.annotator)

    def _show_span_counts(self) -> None:
        everyone = self.doc_spans.count()
        self.status.show_spans(self.doc_spans.count(self.annotator), everyone)
        self.spans_heading.setText(f"Spans ({everyone:,})" if everyone else "Spans")

    def _show_saving(self) -> None:
        self.status.show_saving(self.queue.pending(), self.queue.busy())

    def _store_busy(self, busy: bool) -> None:
        self._show_saving()
        self.span_panel.viewport().update()  # pending rows in italics, or not any more
        if busy:
            self.report("The database is busy (another program is writing); "
                        "your edit will be saved when it is free.")

    def _show_progress(self) -> None:
        if self.review is not None:
            self.review.show_status()
            return
        self.status.show_progress(*self.store.states.progress(self.annotator))

    # ---------------------------------------------------------------- review

    def enter_review(self, mode: review_mode.ReviewMode) -> None:
        self.review = mode
        mode.enter()
        self.leave_review_action.setEnabled(True)
        self._reopen()
        self.report(f"Reviewing {', '.join(mode.annotators)} into {mode.reviewer}: "
                    "A accepts, R rejects, Shift+A accepts all agreed.")

    def leave_review(self) -> None:
        if self.review is None:
            return
        mode, self.review = self.review, None
        mode.leave()
        mode.deleteLater()
        self.leave_review_action.setEnabled(False)
        self._reopen()
        self.status.show_annotator(self.annotator)
        self._show_progress()
        self.report("Review left: back to annotating.")

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
                          failed=self._not_saved("the annotator's name"))

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

    def import_files(self) -> None:
        self._import_asking(transfer.ask_import_files(self, self.settings))

    def import_folder(self) -> None:
        self._import_asking(transfer.ask_import_folder(self, self.settings))

    def import_samples(self) -> None:
        self._track(transfer.start_samples_import(self, self.store, self._imported))

    def offer_samples(self) -> None:
        from annotator.services.samples import sample_count

        count = sample_count()
        if count and self.store.documents.count() == 0 and \
                first_run.offer_samples(self, count):
            self.import_samples()

    def _import_asking(self, paths: list[Path]) -> None:
        """Files the user chose: ask the import options, then report in full."""
        if paths:
            transfer.import_with_dialog(
                self, self.store, self.settings, paths, self.annotator, self._track,
                lambda report: self._imported(report, detailed=True))

    def _imported(self, report: Any, *, detailed: bool = False) -> None:
        self.reload_labels()  # annotation files may bring new labels
        self.documents.reload()
        if self.uid is None:
            self._open_first_document()
        else:
            self.document_panel.show_document(self.uid)
            self._show_place()
            self._show_progress()
        message = transfer.describe_import(report)
        if getattr(report, "ok", True):
            self.report(message.splitlines()[-1] if message else "Imported.")
        if detailed or not getattr(report, "ok", True):
            self.transfer_report = transfer.show_import_report(self, report)

    def export_sets(self) -> None:
        transfer.export_with_dialog(
            self, self.store, self.settings, self._track, self._exported,
            [self.review.reviewer] if self.review is not None else None)

    def _exported(self, report: Any) -> None:
        if report.cancelled:
            self.report("Export cancelled: nothing was written.")
        else:
            self.report(f"Exported {report.records} records, {report.spans} spans "
                        f"to {report.path}")

    def _track(self, job: BackgroundJob) -> None:
        self._jobs.append(job)
        job.finished.connect(lambda: self._jobs.remove(job))

    # ---------------------------------------------------------- databases

    def open_database(self) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self, "Open or create a database", str(Path(self.store.location).parent),
            "Annotator databases (*.sqlite3 *.db);;All files (*)",
            options=QFileDialog.Option.DontConfirmOverwrite)
        if name:
            self.switch_database(name)

    def switch_database(self, location: str) -> None:
        if windows.open_database_window(location, self.settings, self) is not None:
            self.close()

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        for location in self.settings.recent_databases():
            if location == self.store.location:
                continue
            action = self.recent_menu.addAction(location)
            action.triggered.connect(lambda _=False, loc=location: self.switch_database(loc))
        if self.recent_menu.isEmpty():
            self.recent_menu.addAction("(none)").setEnabled(False)

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
            from annotator.nlp.tokens import warm_up

            QTimer.singleShot(WARM_UP_AFTER_MS, warm_up)
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
        for job in list(self._jobs):
            job.cancel_and_wait()
        self.suggest.close()
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
