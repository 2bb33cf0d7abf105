"""Suggestions in the window: the Suggest menu, what is shown, and the keys that decide.

What is shown for a document is its stored suggestions (from `annotator suggest`, or
predictions imported from Label Studio) and those of the active patterns and model
(worked out off the GUI thread), one per extent and label, scoring at least the
threshold, less those the person has decided: a span of theirs with the same
extent and label, accepted or rejected.

Deciding is editing: accepting adds the person's accepted span with the
suggestion's origin, rejecting their rejected span, accepting all is one edit;
each goes through the editor, so it is shown at once, stored by the store queue,
and undone by Ctrl+Z like any other edit.

Keys, on the text: Enter accepts the suggestion under the cursor or selection,
Backspace rejects it, Shift+Enter accepts all shown, Tab or N goes to the next
(Shift for the previous). With no suggestion there, the keys do what they did.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QAction, QKeyEvent
from PySide6.QtWidgets import QFileDialog, QMenuBar

from annotator.core.changes import SpanChange
from annotator.core.errors import AnnotatorError
from annotator.core.model import Origin, Span, SpanRow, Status
from annotator.ui.document_view.suggestions import Shown
from annotator.ui.suggest.bar import SuggestionBar
from annotator.ui.suggest.engine import SuggestionEngine
from annotator.ui.suggest.training import TrainDialog

if TYPE_CHECKING:
    from annotator.ui.main_window import MainWindow

AHEAD = 2  # documents after the one on screen worked out while the thread is idle
AHEAD_AFTER_MS = 250  # after a document is opened
_PLAIN = Qt.KeyboardModifier.NoModifier | Qt.KeyboardModifier.KeypadModifier
_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


def merged(stored: list[Span], live: list[tuple[Any, list[Any]]],
           decided: Callable[[tuple[int, int, str]], bool], threshold: float) -> list[Shown]:
    """One suggestion per extent and label, the best score winning (a rule's match,
    with no score, counts as sure), scoring at least the threshold, not decided."""
    best: dict[tuple[int, int, str], Shown] = {}
    candidates = [Shown(s.start, s.end, s.label, s.annotator, Origin(s.origin).value, s.score)
                  for s in stored]
    for suggester, found in live:
        origin = suggester.origin.value
        candidates += [Shown(s.start, s.end, s.label, suggester.annotator, origin, s.score)
                       for s in found]
    for shown in candidates:
        held = best.get(shown.key)
        if held is None or _rank(shown) > _rank(held):
            best[shown.key] = shown
    return [s for s in best.values()
            if (s.score is None or s.score >= threshold) and not decided(s.key)]


def _rank(shown: Shown) -> float:
    return 2.0 if shown.score is None else shown.score


class SuggestController(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        settings = window.settings
        self.engine = SuggestionEngine(self, inline=window.queue.inline)
        self.engine.ready.connect(self._ready)
        self.engine.changed.connect(self._suggesters_changed)
        self.engine.failed.connect(self._failed)
        self.engine.crashed.connect(self._crashed)
        self.threshold = settings.suggestion_threshold()
        self.uid: str | None = None
        self.text = ""
        self.stored: list[Span] = []
        # The person's rejections here (key -> how many rows; their accepted spans are
        # in the window's doc_spans).
        self.rejected: dict[tuple[int, int, str], int] = {}
        self._jumping = False
        self._working = False  # the active suggesters are still at the document on screen
        self.ahead = AHEAD
        # The next documents are worked out once the one opened is on screen, not
        # while it is being shown (nor at all while the person pages through quickly).
        self._ahead_timer = QTimer(self, singleShot=True, interval=AHEAD_AFTER_MS)
        self._ahead_timer.timeout.connect(self._work_ahead)
        self._loading: dict[str, str] = {}  # slot -> the file or folder being loaded
        self.train_dialog: TrainDialog | None = None

        self.bar = SuggestionBar(window)
        self.bar.set_threshold(self.threshold)
        self.bar.thresholdChanged.connect(self.set_threshold)
        self.bar.hide()
        self._build_actions()
        text = window.view.text_widget()
        text.installEventFilter(self)
        text.cursorPositionChanged.connect(self._cursor_moved)
        text.selectionChanged.connect(self._cursor_moved)
        self._restore()

    # ---------------------------------------------------------------- actions

    def _build_actions(self) -> None:
        w = self.window

        def action(text: str, slot: Any, tip: str = "", checkable: bool = False) -> QAction:
            a = QAction(text, w)
            a.setCheckable(checkable)
            if tip:
                a.setToolTip(tip)
                a.setStatusTip(tip)
            (a.toggled if checkable else a.triggered).connect(slot)
            return a

        self.load_patterns_action = action("Load &patterns…", self.ask_patterns,
                                           "Suggest the matches of a spaCy/Prodigy pattern file")
        self.starter_action = action("Use the &starter patterns", self.use_starter_patterns,
                                     "Weapon designators, quotations and speech-verb subjects")
        self.use_model_action = action("Use a &model…", self.ask_model,
                                       "Suggest with a model trained by Train model…")
        self.train_action = action("&Train model…", self.train,
                                   "Train a model on the accepted spans, in the background")
        self.stop_action = action("St&op suggesting", self.stop,
                                  "Put the patterns and the model away")
        self.show_action = action("S&how suggestions", self._show_toggled,
                                  "Show suggestions as dashed outlines", checkable=True)
        self.show_action.setChecked(w.settings.show_suggestions())
        # The keys work on the text (see eventFilter); the menu names them.
        self.accept_action = action("&Accept suggestion\tEnter", self.accept)
        self.reject_action = action("&Reject suggestion\tBackspace", self.reject)
        self.accept_all_action = action("Accept &all shown\tShift+Enter", self.accept_all)
        self.next_action = action("&Next suggestion\tTab", lambda: self.jump(1))
        self.previous_action = action("Pre&vious suggestion\tShift+Tab", lambda: self.jump(-1))
        self.by_need_action = action(
            "Next document by &need", self._by_need_toggled,
            "Done, next undone opens the document whose suggestions the model is least "
            "sure of (scores nearest the threshold)", checkable=True)
        self.by_need_action.setChecked(w.settings.next_by_need())

    def install_menu(self, bar: QMenuBar) -> None:
        menu = bar.addMenu("&Suggest")
        menu.addActions([self.load_patterns_action, self.starter_action,
                         self.use_model_action, self.train_action, self.stop_action])
        menu.addSeparator()
        menu.addActions([self.show_action, self.accept_action, self.reject_action,
                         self.accept_all_action, self.next_action, self.previous_action])
        menu.addSeparator()
        menu.addAction(self.by_need_action)
        self.menu = menu

    # ------------------------------------------------------- choosing sources

    def ask_patterns(self) -> None:
        from annotator.services.suggesting import starter_patterns

        start = self.window.settings.suggester("patterns") or str(starter_patterns().parent)
        name, _ = QFileDialog.getOpenFileName(self.window, "Load patterns", start,
                                              "Pattern files (*.jsonl);;All files (*)")
        if name:
            self.use_patterns(name)

    def use_starter_patterns(self) -> None:
        from annotator.services.suggesting import starter_patterns

        self.use_patterns(str(starter_patterns()))

    def use_patterns(self, path: str) -> None:
        """Check the file now (its errors are shown in full), then load it off the GUI
        thread."""
        from annotator.services.suggesting import PatternsRefused, read_pattern_file

        try:
            records = read_pattern_file(self.window.store, path)
        except PatternsRefused as exc:
            self._refused(exc)
            return
        except AnnotatorError as exc:
            self.window.report(str(exc))
            return

        def make() -> Any:
            from annotator.nlp.patterns import PatternSuggester

            return PatternSuggester(records)

        self._loading["patterns"] = path
        self.window.report(f"Loading {len(records)} patterns from {Path(path).name}…")
        self.engine.load("patterns", make)

    def ask_model(self) -> None:
        from annotator.services.training import models_folder, saved_models

        known = saved_models()
        start = str(known[0][0]) if known else str(models_folder())
        name = QFileDialog.getExistingDirectory(self.window, "Use a trained model", start)
        if name:
            self.use_model(name)

    def use_model(self, path: str) -> None:
        def make() -> Any:
            from annotator.services.suggesting import model_suggester

            return model_suggester(path)

        self._loading["model"] = path
        self.window.report(f"Loading the model {Path(path).name}…")
        self.engine.load("model", make)

    def stop(self) -> None:
        for slot in ("patterns", "model"):
            self.engine.drop(slot)
            self.window.settings.set_suggester(slot, "")
        self.window.report("Suggesting stopped: stored suggestions still show.")

    def train(self) -> None:
        if self.train_dialog is None:
            self.train_dialog = TrainDialog(self.window.store, self.window.annotator,
                                            self.window)
            self.train_dialog.modelTrained.connect(self.use_model)
        self.train_dialog.show()
        self.train_dialog.raise_()

    def _restore(self) -> None:
        """Put back the patterns and model used last, loading them in the background."""
        settings = self.window.settings
        patterns, model = settings.suggester("patterns"), settings.suggester("model")
        if patterns and Path(patterns).is_file():
            try:
                from annotator.services.suggesting import read_pattern_file

                records = read_pattern_file(self.window.store, patterns)
            except AnnotatorError:
                settings.set_suggester("patterns", "")
            else:
                def make() -> Any:
                    from annotator.nlp.patterns import PatternSuggester

                    return PatternSuggester(records)

                self.engine.load("patterns", make)
        if model and (Path(model) / "meta.json").is_file():
            self.use_model(model)

    def _failed(self, message: str) -> None:
        self._loading.clear()
        self.window.report(message)

    def _crashed(self, exc: BaseException) -> None:
        from annotator.ui.errors import report_unexpected

        self._loading.clear()
        report_unexpected(exc, self.window, context="working out suggestions")

    def _refused(self, exc: Any) -> None:
        from PySide6.QtWidgets import QMessageBox

        box = QMessageBox(QMessageBox.Icon.Warning, "Patterns not loaded",
                          str(exc).splitlines()[0], QMessageBox.StandardButton.Ok, self.window)
        box.setDetailedText("\n".join(str(e) for e in exc.errors))
        box.setInformativeText("Every bad line is listed under Show Details; none of the "
                               "file's patterns are used until they are fixed.")
        box.exec()

    def _suggesters_changed(self) -> None:
        # Remembered for the next start only once loaded: a bad choice is not kept.
        for slot in list(self._loading):
            if slot in self.engine.suggesters:
                self.window.settings.set_suggester(slot, self._loading.pop(slot))
        if self.engine.active():
            self.window.report(f"Suggesting with {self.engine.describe()}.")
        if self.uid is not None:
            self._request()
        self.refresh()

    # ------------------------------------------------------------- documents

    def document_opened(self, uid: str | None, text: str) -> None:
        """The window shows another document (or none)."""
        self.uid, self.text = uid, text
        self.stored, self.rejected = [], {}
        if uid is not None:
            try:
                self.stored, keys = self.window.store.suggestions.for_review(
                    uid, self.window.annotator)
            except AnnotatorError as exc:
                self.window.report(f"Suggestions not read: {exc}")
                keys = set()
            for key in keys:
                self.rejected[key] = 1
            for change in self.window.editor.pending_changes(uid):
                self._count_decisions(change)
            self._request()
        self.refresh()

    def _request(self) -> None:
        if self.uid is None or not self.engine.active() or not self.show_action.isChecked():
            return
        if self.engine.cached(self.uid) is None:
            self.engine.request(self.uid, self.text)
        if not self.window.queue.inline:  # tests: no work beyond what is asked
            self._ahead_timer.start()

    def _work_ahead(self) -> None:
        if self.uid is not None and self.engine.active() and self.show_action.isChecked():
            self.engine.work_ahead(self._ahead())

    def _ahead(self) -> list[tuple[str, str]]:
        """The next documents not worked out yet, with their texts."""
        found, uid = [], self.uid
        for _ in range(self.ahead):
            uid = self.window.store.documents.next(uid, self.window.annotator)
            if uid is None or uid == self.uid:
                break
            if self.engine.cached(uid) is not None:
                continue
            try:
                found.append((uid, self.window.store.documents.get(uid).text))
            except AnnotatorError:
                break
        return found

    def _ready(self, uid: str) -> None:
        if uid == self.uid:
            self.refresh()

    def follow(self, change: SpanChange) -> None:
        """An edit was shown (or undone), and applied to the spans on screen: the
        person's decisions may have changed."""
        if change.uid == self.uid and self._count_decisions(change) and (
                self.stored or self.engine.active()):
            self.refresh()

    def _count_decisions(self, change: SpanChange) -> bool:
        """Follow the person's rejections; True if any of their spans came or went."""
        person = self.window.annotator
        moved = False
        for row in change.removed:
            if row.annotator == person:
                moved = True
                if row.status == Status.REJECTED.value:
                    key = (row.start, row.end, row.label)
                    left = self.rejected.get(key, 0) - 1
                    if left > 0:
                        self.rejected[key] = left
                    else:
                        self.rejected.pop(key, None)
        for row in change.added:
            if row.annotator == person:
                moved = True
                if row.status == Status.REJECTED.value:
                    key = (row.start, row.end, row.label)
                    self.rejected[key] = self.rejected.get(key, 0) + 1
        return moved

    def decided(self, key: tuple[int, int, str]) -> bool:
        """Whether the person has a span with this extent and label: accepted (on
        screen) or rejected."""
        return key in self.rejected or \
            self.window.doc_spans.find(*key, self.window.annotator) is not None

    # ------------------------------------------------------------- showing

    def shown(self) -> list[Shown]:
        return self.window.view.suggestions.shown()

    def refresh(self) -> None:
        """Work out what to show now and show it."""
        view = self.window.view
        live = self.engine.cached(self.uid) if self.uid is not None else None
        if self.uid is None or not self.show_action.isChecked():
            shown: list[Shown] = []
        else:
            shown = merged(self.stored, live or [], self.decided, self.threshold)
        view.set_suggestions(shown)
        self._working = self.engine.active() and live is None and self.uid is not None
        self._show_bar()

    def _show_bar(self) -> None:
        visible = bool(self.stored) or self.engine.active()
        self.bar.setVisible(visible and self.show_action.isChecked())
        if self.bar.isVisible():
            source = self.engine.describe() or "stored"
            if self.stored and self.engine.active():
                source += " and stored"
            layer = self.window.view.suggestions
            current = layer.current_suggestion()
            self.bar.show_state(source, len(layer), current.describe() if current else "",
                                self._working)

    def set_threshold(self, value: float) -> None:
        self.threshold = value
        self.window.settings.set_suggestion_threshold(value)
        self.bar.set_threshold(value)
        self.refresh()

    def _show_toggled(self, on: bool) -> None:
        self.window.settings.set_show_suggestions(on)
        if on:
            self._request()
        self.refresh()

    def _by_need_toggled(self, on: bool) -> None:
        self.window.settings.set_next_by_need(on)

    def _cursor_moved(self) -> None:
        """The suggestion under the cursor becomes the current one."""
        if self._jumping or not len(self.window.view.suggestions):
            return
        under = self.window.view.suggestions.under(*self.window.view.cursor_range())
        layer = self.window.view.suggestions
        if under and layer.current not in under:
            layer.current = under[0]
        elif not under:
            layer.current = None
        self.window.view.text_widget().viewport().update()
        self._show_bar()

    # ------------------------------------------------------------- deciding

    def target(self) -> Shown | None:
        """The suggestion under the cursor or the selection: the current one when it
        is there, else the innermost."""
        layer = self.window.view.suggestions
        if not len(layer):
            return None
        start, end = self.window.view.cursor_range()
        under = layer.under(start, end)
        if start != end:  # a selection: the suggestion it matches exactly, if any
            exact = [i for i in under if (layer.get(i).start, layer.get(i).end) == (start, end)]
            under = exact or under
        if not under:
            return None
        return layer.get(layer.current if layer.current in under else under[0])

    def accept(self) -> bool:
        return self._decide(Status.ACCEPTED)

    def reject(self) -> bool:
        return self._decide(Status.REJECTED)

    def _decide(self, status: Status) -> bool:
        shown = self.target()
        if shown is None or self.uid is None:
            self.window.report("No suggestion here: Tab goes to the next one.")
            return False
        verb = "Accept" if status == Status.ACCEPTED else "Reject"
        row = SpanRow(shown.start, shown.end, 0, shown.label, self.window.annotator,
                      shown.origin, status.value)
        after = shown.start
        if self.window.editor.add_rows(self.uid, [row], f"{verb} {shown.label}"):
            snippet = self.text[shown.start:shown.end]
            snippet = snippet if len(snippet) <= 40 else snippet[:39] + "…"
            self.window.report(f"{verb}ed {shown.label}: {snippet}")
            self._go_to(self.window.view.suggestions.next_after(after - 1))
        return True

    def accept_all(self) -> bool:
        shown = self.shown()
        if not shown or self.uid is None:
            self.window.report("No suggestions to accept here.")
            return False
        rows = [SpanRow(s.start, s.end, 0, s.label, self.window.annotator, s.origin,
                        Status.ACCEPTED.value) for s in shown]
        added = self.window.editor.add_rows(self.uid, rows, f"Accept {len(rows)} suggestions")
        self.window.report(f"Accepted {len(added)} suggestion{'s' if len(added) != 1 else ''}"
                           f" scoring at least {self.threshold:.2f}.")
        return True

    def jump(self, step: int) -> bool:
        layer = self.window.view.suggestions
        if not len(layer):
            self.window.report("No suggestions in this document.")
            return False
        start, _ = self.window.view.cursor_range()
        if layer.current is not None:
            start = layer.get(layer.current).start
        self._go_to(layer.next_after(start, step=step))
        return True

    def _go_to(self, position: int | None) -> None:
        """Make a suggestion current, with the cursor at its start, in view."""
        self._jumping = True
        try:
            if position is None:  # else the cursor moves to it, leaving no selection
                self.window.view.clear_text_selection()
            self.window.view.set_current_suggestion(position)
        finally:
            self._jumping = False
        self._show_bar()

    # ------------------------------------------------------------- next by need

    def next_needed(self, after: str) -> str | None:
        """With "Next document by need" on: the document the model is least sure of."""
        if not self.by_need_action.isChecked():
            return None
        return self.window.store.suggestions.most_needed(self.window.annotator,
                                                         self.threshold, after=after)

    # ------------------------------------------------------------- keys

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind not in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress):
            return False
        handler = self._handler(event)  # type: ignore[arg-type]
        if handler is None:
            return False
        if kind == QEvent.Type.ShortcutOverride:
            event.accept()  # the key is ours here: no window shortcut takes it
            return True
        handler()
        return True

    def _handler(self, event: QKeyEvent) -> Any:
        """What a key does here, or None to leave it to the window."""
        if not len(self.window.view.suggestions) or self.uid is None:
            return None
        key, mods = event.key(), event.modifiers()
        shift = mods & ~_PLAIN == Qt.KeyboardModifier.ShiftModifier
        plain = mods & ~_PLAIN == Qt.KeyboardModifier.NoModifier
        if key in _ENTER and plain and self.target() is not None:
            return self.accept
        if key in _ENTER and shift:
            return self.accept_all
        if key == Qt.Key.Key_Backspace and plain and self.target() is not None:
            return self.reject
        if (key == Qt.Key.Key_Tab and plain) or (key == Qt.Key.Key_N and plain
                                                 and not self._label_key("n")):
            return lambda: self.jump(1)
        if key == Qt.Key.Key_Backtab or (key == Qt.Key.Key_Tab and shift) or (
                key == Qt.Key.Key_N and shift and not self._label_key("n")):
            return lambda: self.jump(-1)
        return None

    def _label_key(self, key: str) -> bool:
        return any((label.key or "").lower() == key for label in self.window.labels())

    def close(self) -> None:
        if self.train_dialog is not None and self.train_dialog.running():
            self.train_dialog.cancel()
            if self.train_dialog.process is not None:
                self.train_dialog.process.waitForFinished(6000)
        self.engine.close()
