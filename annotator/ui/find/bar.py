"""The find bar over the article: Ctrl+F, type, F3 / Shift+F3, Esc.

Each key press compiles the pattern, looks for the match at or after where the
reader is within a bounded window, selects it, and highlights the matches on
screen (the view asks for the visible range only). The whole article is counted
a slice per turn of the event loop, so "3 of 41" comes a moment later on a 10 MB
article and typing never waits for it. Positions are code points; the view turns
them into Qt's at its boundary.
"""

from __future__ import annotations

from bisect import bisect_left

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from annotator.core.find import FindError, FindOptions, Matches, compile_pattern
from annotator.ui.document_view import DocumentView

#: Characters counted per turn of the event loop (a few milliseconds each).
COUNT_SLICE = 200_000
#: Characters searched at once for the match to show while typing; further on, the
#: count finds it.
FIRST_LOOK = 262_144


class FindBar(QWidget):
    labelAllRequested = Signal()
    closed = Signal()

    def __init__(self, view: DocumentView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.view = view
        self.setObjectName("find-bar")
        self.field = QLineEdit(self)
        self.field.setPlaceholderText("Find in this article")
        self.field.setClearButtonEnabled(True)
        self.case = self._toggle("Aa", "Match case")
        self.whole = self._toggle("W", "Whole words only")
        self.regex = self._toggle(".*", "Regular expression (Python's re)")
        self.count = QLabel(self)
        self.count.setMinimumWidth(self.fontMetrics().horizontalAdvance("99,999 of 99,999") + 8)
        self.previous_button = self._button("↑", "Previous match (Shift+F3)", self.previous)
        self.next_button = self._button("↓", "Next match (F3)", self.next)
        self.label_all = self._button("Label all…", "Label every occurrence, in this "
                                      "article or across the corpus", self.labelAllRequested)
        self.close_button = self._button("✕", "Close (Esc)", self.close_bar)
        self.problem = QLabel(self)  # a pattern that cannot be searched for: why
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #b00020;")
        self.problem.hide()
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(4)
        row.addWidget(self.field, 1)
        for widget in (self.case, self.whole, self.regex, self.count, self.previous_button,
                       self.next_button, self.label_all, self.close_button):
            row.addWidget(widget)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 2, 0, 2)
        layout.setSpacing(2)
        layout.addLayout(row)
        layout.addWidget(self.problem)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.close_bar,
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.field.textChanged.connect(self.refresh)
        self.field.returnPressed.connect(self.next)
        for toggle in (self.case, self.whole, self.regex):
            toggle.toggled.connect(self.refresh)
        self._timer = QTimer(self)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._count_slice)
        self.matches: Matches | None = None
        self.current: tuple[int, int] | None = None
        self.error: str | None = None
        self._starts: list[int] = []  # match starts counted so far
        self._counted_to = 0
        self._anchor = 0  # where the reader was: the first match shown is at or after it
        self._looking = False  # no match found near the anchor yet: the count finds it
        self.hide()

    def _toggle(self, text: str, tip: str) -> QToolButton:
        button = QToolButton(self)
        button.setText(text)
        button.setToolTip(tip)
        button.setCheckable(True)
        button.setAutoRaise(True)
        return button

    def _button(self, text: str, tip: str, slot: object) -> QToolButton:
        button = QToolButton(self)
        button.setText(text)
        button.setToolTip(tip)
        button.setAutoRaise(True)
        button.clicked.connect(slot)
        return button

    # ---------------------------------------------------------------- showing

    def open(self, text: str | None = None) -> None:
        """Show the bar (with ``text`` to find, e.g. the selection) and focus it."""
        self.show()
        if text:
            self.field.setText(text)
        self.field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.field.selectAll()
        self.refresh()

    def close_bar(self) -> None:
        self.hide()
        self._timer.stop()
        self.view.set_find_matches(None)
        self.view.setFocus(Qt.FocusReason.OtherFocusReason)
        self.closed.emit()

    def options(self) -> FindOptions:
        return FindOptions(self.case.isChecked(), self.whole.isChecked(),
                           self.regex.isChecked())

    def needle(self) -> str:
        return self.field.text()

    # ------------------------------------------------------------- searching

    def refresh(self) -> None:
        """The pattern, its options or the article changed: find again."""
        self._timer.stop()
        self._starts, self._counted_to = [], 0
        self.current, self.matches, self.error = None, None, None
        needle = self.field.text()
        if not self.isVisible() or not needle:
            self.view.set_find_matches(None)
            self._show_count()
            return
        try:
            pattern = compile_pattern(needle, self.options())
        except FindError as exc:
            self.error = str(exc)
            self.view.set_find_matches(None)
            self._show_count()
            return
        self.matches = Matches(self.view.text(), pattern)
        selected = self.view.selected_range()
        self._anchor = selected[0] if selected is not None else self.view.position()
        near = self.matches.first_in(self._anchor, self._anchor + FIRST_LOOK)
        self._looking = near is None
        self._go(near)
        self._timer.start()

    def next(self) -> None:
        self._step(1)

    def previous(self) -> None:
        self._step(-1)

    def _step(self, step: int) -> None:
        if self.matches is None:
            if self.field.text():
                self.open()
            return
        self._looking = False
        if self.total() == 0:
            return  # counted: nothing to step to
        if self.current is None:
            found = self.matches.after(self._anchor)
        elif step > 0:
            found = self.matches.after(self.current[0] + 1)
        else:
            found = self.matches.before(self.current[0])
        self._go(found)

    def _go(self, match: tuple[int, int] | None) -> None:
        self.current = match
        if match is not None:
            self.view.select_text(*match)
        assert self.matches is not None
        self.view.set_find_matches(self.matches.within, match)
        self._show_count()

    def _count_slice(self) -> None:
        if self.matches is None or self._counted_to >= len(self.matches.text):
            self._timer.stop()
            return
        starts, self._counted_to = self.matches.count_from(self._counted_to, COUNT_SLICE)
        self._starts.extend(starts)
        if self._counted_to >= len(self.matches.text):
            self._timer.stop()
        if self._looking:  # nothing near the reader: the first match after, or the first
            after = next((s for s in starts if s >= self._anchor), None)
            done = self._counted_to >= len(self.matches.text)
            if after is not None or (done and self._starts):
                self._looking = False
                self._go(self.matches.after(after if after is not None else self._starts[0],
                                            wrap=False))
        self._show_count()

    def counting(self) -> bool:
        return self._timer.isActive()

    def total(self) -> int | None:
        """Every match in the article, once counted."""
        if self.matches is None or self.counting():
            return None
        return len(self._starts)

    def _show_count(self) -> None:
        self.problem.setVisible(self.error is not None)
        if self.error is not None:
            self.problem.setText(self.error)
            self.count.setText("")
            return
        if self.matches is None:
            self.count.setText("")
            return
        total = self.total()
        if total == 0:
            self.count.setText("no matches")
            return
        if self.current is None:
            self.count.setText("searching…" if total is None else f"{total:,} matches")
            return
        if total is None:
            self.count.setText("counting…")
            return
        index = bisect_left(self._starts, self.current[0]) + 1
        self.count.setText(f"{index:,} of {total:,}")
