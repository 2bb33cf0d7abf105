"""Label every occurrence, from a selection or from the find bar: this article, or
the whole corpus.

The dialog first says what would happen: how many occurrences this article holds
and how many are labelled so already, and (counted in the background) how many
documents and occurrences the corpus holds. In the article the spans are one edit
of the editor, so one Ctrl+Z takes them all back. Across the corpus the work goes
to the store queue a few documents at a time, so edits made meanwhile are not held
up; a progress dialog can stop it, what was done stays, and it too is one undo step.
Corpus runs make suggestions unless accepted spans are asked for.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QUndoCommand
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QProgressDialog,
    QPushButton,
    QVBoxLayout,
)

from annotator.applog import log_unexpected
from annotator.core.errors import AnnotatorError
from annotator.core.find import FindOptions, compile_pattern
from annotator.core.model import Origin, SpanRow, Status
from annotator.core.wording import count
from annotator.services.occurrences import (
    CorpusReport,
    DocumentOccurrences,
    check_label,
    corpus_documents,
    ensure_suggester,
    in_text,
    label_documents,
    preview_corpus,
    redo_corpus,
    undo_corpus,
)
from annotator.store import Store

if TYPE_CHECKING:
    from annotator.ui.main_window import MainWindow

#: Documents per store-queue operation of a corpus run.
CHUNK = 20


class Quiet(QObject):
    """Work on a Python thread, its result (or failure) back on the GUI thread; no
    dialog. ``stop()`` asks the work (which polls ``stopped``) to end early."""

    done = Signal(object)
    failed = Signal(str)

    def __init__(self, work: Callable[[Callable[[], bool]], Any],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, args=(work,), daemon=True,
                                        name="label-all")

    def start(self) -> Quiet:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()

    def _run(self, work: Callable[[Callable[[], bool]], Any]) -> None:
        try:
            result = work(self._stop.is_set)
        except AnnotatorError as exc:
            self.failed.emit(str(exc))
        except Exception as exc:  # never lost in the thread
            path = log_unexpected(exc, "counting occurrences")
            self.failed.emit(f"Counting failed; details are in {path}")
        else:
            if not self._stop.is_set():
                self.done.emit(result)


class LabelAllDialog(QDialog):
    """What to label, with a preview of what it would do, here and in the corpus."""

    def __init__(self, window: MainWindow, needle: str, options: FindOptions,
                 label: str | None) -> None:
        super().__init__(window)
        self.window_ = window
        self.needle = needle
        self.options = options
        self.pattern = compile_pattern(needle, options)
        self.here: DocumentOccurrences | None = None
        self._jobs: list[Quiet] = []
        self.setWindowTitle("Label every occurrence")
        what = QLabel(f"“{needle}”" + _describe(options), self)
        what.setTextFormat(Qt.TextFormat.PlainText)
        what.setWordWrap(True)
        self.label = QComboBox(self)
        for known in window.store.labels.all():
            self.label.addItem(known.name)
        if label is not None and self.label.findText(label) >= 0:
            self.label.setCurrentText(label)
        self.in_article = QLabel("Counting…", self)
        self.in_corpus = QLabel("Counting…", self)
        for shown in (self.in_article, self.in_corpus):
            shown.setWordWrap(True)
        self.accepted = QCheckBox("Add accepted spans, not suggestions", self)
        self.accepted.setToolTip("Corpus runs make suggestions, to be accepted or rejected "
                                 "one by one, unless this is ticked")
        self.here_button = QPushButton("Label in this article", self)
        self.corpus_button = QPushButton("Label in the corpus…", self)
        self.corpus_button.setEnabled(False)
        close = QPushButton("Close", self)
        form = QFormLayout()
        form.addRow("Find:", what)
        form.addRow("Label:", self.label)
        form.addRow("This article:", self.in_article)
        form.addRow("The corpus:", self.in_corpus)
        form.addRow("", self.accepted)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for button in (self.here_button, self.corpus_button, close):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(buttons)
        self.here_button.clicked.connect(self.label_here)
        self.corpus_button.clicked.connect(self.label_corpus)
        close.clicked.connect(self.reject)
        self.label.currentTextChanged.connect(self._preview)
        self.here_button.setDefault(True)
        self._preview()

    # --------------------------------------------------------------- preview

    def _preview(self) -> None:
        for job in self._jobs:
            job.stop()
        self._jobs = []
        window, label = self.window_, self.label.currentText()
        text, uid = window.text, window.uid
        existing = list(window.doc_spans.index) if uid is not None else []  # a copy
        pattern, annotator = self.pattern, window.annotator
        self.here = None
        self.here_button.setEnabled(False)
        self.in_article.setText("Counting…")
        self.in_corpus.setText("Counting…")
        self.corpus_button.setEnabled(False)
        here = Quiet(lambda _stop: in_text(text, pattern, label, annotator, existing), self)
        here.done.connect(self._show_here)
        here.failed.connect(self.in_article.setText)
        store, needle, options = window.store, self.needle, self.options
        corpus = Quiet(lambda stop: preview_corpus(store, needle, options, label, annotator,
                                                   stop=stop), self)
        corpus.done.connect(self._show_corpus)
        corpus.failed.connect(self.in_corpus.setText)
        self._jobs = [here.start(), corpus.start()]

    def _show_here(self, found: DocumentOccurrences) -> None:
        self.here = found
        self.in_article.setText(
            f"{count(found.found, 'occurrence')}: {len(found.new):,} to label, "
            f"{found.skipped:,} labelled so already")
        self.here_button.setEnabled(bool(found.new))

    def _show_corpus(self, report: CorpusReport) -> None:
        self.in_corpus.setText(
            f"{count(report.added, 'occurrence')} to label in "
            f"{count(report.documents, 'document')}; {report.skipped:,} labelled so already")
        self.corpus_button.setText(f"Label in the corpus ({count(report.documents, 'document')})…")
        self.corpus_button.setEnabled(report.added > 0)

    def done(self, result: int) -> None:
        for job in self._jobs:
            job.stop()
        super().done(result)

    # ------------------------------------------------------------------ doing

    def label_here(self) -> None:
        window, found = self.window_, self.here
        if found is None or window.uid is None:
            return
        label = self.label.currentText()
        rows = [SpanRow(s, e, 0, label, window.annotator, Origin.MANUAL.value,
                        Status.ACCEPTED.value) for s, e in found.new]
        added = window.editor.add_rows(window.uid, rows, f"Label all “{self.needle}” as {label}")
        window.report(f"Labelled {count(len(added), 'occurrence')} as {label} in this "
                      f"article; {found.skipped:,} labelled so already, skipped.")
        self.accept()

    def label_corpus(self) -> None:
        status = Status.ACCEPTED if self.accepted.isChecked() else Status.SUGGESTED
        CorpusRun(self.window_, self.needle, self.options, self.label.currentText(),
                  status).start()
        self.accept()


def _describe(options: FindOptions) -> str:
    said = [what for on, what in ((options.case, "match case"),
                                  (options.whole_word, "whole words"),
                                  (options.regex, "regular expression")) if on]
    return f" ({', '.join(said)})" if said else ""


class CorpusRun(QObject):
    """Labels the corpus through the store queue, a chunk of documents at a time."""

    def __init__(self, window: MainWindow, needle: str, options: FindOptions, label: str,
                 status: Status) -> None:
        super().__init__(window)
        self.window_ = window
        self.needle = needle
        self.pattern: re.Pattern[str] = compile_pattern(needle, options)
        self.options = options
        self.report = CorpusReport(label, window.annotator, status)
        self.cancelled = False
        self.total = 0
        self.chunks_left = 0
        self.progress = QProgressDialog("Finding the documents…", "Stop", 0, 0, window)
        self.progress.setWindowTitle(f"Labelling “{needle}” as {label}")
        self.progress.setMinimumDuration(400)
        self.progress.setAutoClose(False)
        self.progress.setAutoReset(False)
        self.progress.canceled.connect(self._stop)

    def start(self) -> None:
        needle, options, label = self.needle, self.options, self.report.label

        suggestions = self.report.status is Status.SUGGESTED

        def find(store: Store) -> list[str]:
            check_label(store, label)
            if suggestions:
                ensure_suggester(store)
            return corpus_documents(store, needle, options)

        self.window_.queue.submit(find, self._listed, self._failed)

    def _listed(self, uids: list[str]) -> None:
        self.total = len(uids)
        self.progress.setMaximum(max(self.total, 1))
        self.progress.setLabelText(f"Labelling {count(self.total, 'document')}…")
        chunks = [uids[i:i + CHUNK] for i in range(0, len(uids), CHUNK)]
        self.chunks_left = len(chunks)
        if not chunks:
            self._finish()
        for chunk in chunks:
            self.window_.queue.submit(self._work(chunk), self._chunk_done, self._failed)

    def _work(self, chunk: list[str]) -> Callable[[Store], CorpusReport | None]:
        pattern = self.pattern
        report = CorpusReport(self.report.label, self.report.annotator, self.report.status)

        def work(store: Store) -> CorpusReport | None:
            if self.cancelled:  # read on the worker; set on the GUI thread (a bool)
                return None
            label_documents(store, chunk, pattern, report)
            return report

        return work

    def _chunk_done(self, part: CorpusReport | None) -> None:
        if part is not None:
            merged = self.report
            merged.documents_read += part.documents_read
            merged.documents += part.documents
            merged.added += part.added
            merged.skipped += part.skipped
            merged.created += part.created
            if not self.progress.wasCanceled():
                self.progress.setValue(min(merged.documents_read, self.total))
        self.chunks_left -= 1
        if self.chunks_left <= 0:
            self._finish()

    def _stop(self) -> None:
        self.cancelled = True
        self.progress.setLabelText("Stopping…")

    def _failed(self, exc: Exception) -> None:
        self.cancelled = True
        self.chunks_left -= 1
        message = str(exc) if isinstance(exc, AnnotatorError) else \
            f"Labelling failed; details are in {log_unexpected(exc, 'labelling the corpus')}"
        self.window_.report(message)
        if self.chunks_left <= 0:
            self._finish()

    def _finish(self) -> None:
        report = self.report
        report.cancelled = self.cancelled
        self.progress.canceled.disconnect(self._stop)  # closing it would say "cancel"
        self.progress.reset()
        self.progress.close()
        self.progress.deleteLater()
        window = self.window_
        if report.created:
            window.editor.stack.push(CorpusLabelCommand(window, report))
        window.report(report.summary() + ("; Ctrl+Z takes them back." if report.created else "."))
        window.corpus_labelled(report)
        self.deleteLater()


class CorpusLabelCommand(QUndoCommand):
    """One undo step for a corpus run: undo deletes what it added, redo adds it again."""

    def __init__(self, window: MainWindow, report: CorpusReport) -> None:
        what = "suggestions" if report.status is Status.SUGGESTED else "spans"
        super().__init__(f"Label “{report.label}” across the corpus ({report.added:,} {what})")
        self.window_ = window
        self.report = report
        self._first = True  # the run itself has stored them already

    def redo(self) -> None:
        if self._first:
            self._first = False
            return
        report = self.report
        self.window_.queue.submit(lambda store: redo_corpus(store, report),
                                  lambda _r: self.window_.corpus_labelled(report),
                                  self._failed)

    def undo(self) -> None:
        report = self.report
        self.window_.queue.submit(lambda store: undo_corpus(store, report),
                                  lambda _n: self.window_.corpus_labelled(report),
                                  self._failed)

    def _failed(self, exc: Exception) -> None:
        self.setObsolete(True)
        self.window_.report(f"Could not undo or redo the corpus labelling: {exc}")
