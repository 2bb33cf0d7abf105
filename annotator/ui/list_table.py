"""A read-only table used as a list: whole rows picked one at a time, no headers or
grid; the program can move its current row without that counting as the user's pick.

A row added or removed below the last row on screen changes nothing the list shows
but its scroll bar, yet a stock table repaints every visible row for it (deleting a
span takes its relations out of a 20,000-row relation list that shows its first
rows). This one then only updates its scroll bar. A row added or removed among the
rows on screen moves only the rows below it: their pixels are moved, and only what
that uncovers is painted (a label key inserts one row into the span list); with
alternating row colours, or several changes at once, the rows below are repainted.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QRect, Qt
from PySide6.QtWidgets import QAbstractItemView, QTableView, QWidget

from annotator.ui.scroll_bar import quiet_scroll_bars
from annotator.ui.table_model import select_row


class ListTable(QTableView):
    """Subclasses say what a row picked by the user means in ``_picked``."""

    def __init__(self, model: QAbstractItemModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        quiet_scroll_bars(self)  # a row added far off-screen repaints nothing
        self.setModel(model)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setShowGrid(False)
        self.setWordWrap(False)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.verticalHeader().hide()
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.horizontalHeader().hide()
        self._quiet = False
        self.selectionModel().currentRowChanged.connect(self._row_changed)
        # Whether every change since the last layout lay below what is on screen.
        self._unseen_only: bool | None = None
        # Where on screen the rows start to move, for the changes since the last
        # layout (None: no change seen, or one that moves everything).
        self._moved_from: int | None = None
        # The changes since the last layout, and how far the rows below the last one
        # move (pixels: down for rows added, up for rows removed).
        self._changes = 0
        self._shift = 0
        model.rowsAboutToBeInserted.connect(
            lambda _p, first, last: self._rows_changing(first, last - first + 1))
        model.rowsAboutToBeRemoved.connect(
            lambda _p, first, last: self._rows_changing(first, first - last - 1))
        for signal in (model.modelAboutToBeReset, model.layoutAboutToBeChanged,
                       model.rowsAboutToBeMoved, model.columnsAboutToBeInserted,
                       model.columnsAboutToBeRemoved):
            signal.connect(self._seen_change)

    def _rows_changing(self, first: int, count: int) -> None:
        self._changes += 1
        self._shift = count * self.verticalHeader().defaultSectionSize()
        last_shown = self.rowAt(self.viewport().height() - 1)
        unseen = last_shown >= 0 and first > last_shown and self.isVisible()
        self._unseen_only = unseen and self._unseen_only is not False
        # The rows above ``first`` stay where they are: below the bottom of the one
        # just above it (the top of the screen, if that row is above it), all move.
        if not self.isVisible():
            moved_from = -1
        elif first == 0:
            moved_from = 0
        else:
            moved_from = max(0, self.rowViewportPosition(first - 1) + self.rowHeight(first - 1))
        if moved_from < 0 or self._moved_from == -1:
            self._moved_from = -1
        elif self._moved_from is None:
            self._moved_from = moved_from
        else:
            self._moved_from = min(self._moved_from, moved_from)

    def _seen_change(self, *_args: object) -> None:
        self._changes += 1
        self._unseen_only = False
        self._moved_from = -1

    def doItemsLayout(self) -> None:
        unseen, self._unseen_only = self._unseen_only, None
        moved_from, self._moved_from = self._moved_from, None
        changes, self._changes = self._changes, 0
        if unseen or (moved_from is not None and moved_from >= 0):
            if not unseen:
                viewport = self.viewport()
                below = QRect(0, moved_from, viewport.width(), viewport.height() - moved_from)
                if changes == 1 and not self.alternatingRowColors():
                    # Before the scroll bar's range changes: that may scroll it all.
                    viewport.scroll(0, self._shift, below)
                else:
                    viewport.update(below)
            self.updateGeometries()  # the scroll bar's range: the rows above stay
            self.verticalHeader().setUpdatesEnabled(True)  # as QTableView's layout does
            return
        super().doItemsLayout()

    @contextmanager
    def quiet(self) -> Iterator[None]:
        """Model changes move the current row; that is not the user picking one."""
        was, self._quiet = self._quiet, True
        try:
            yield
        finally:
            self._quiet = was

    def select_quietly(self, row: int | None) -> None:
        """Make ``row`` (or nothing) the current row without announcing it."""
        with self.quiet():
            select_row(self, row)

    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not self._quiet:
            self._picked(current.row() if current.isValid() else None)

    def _picked(self, row: int | None) -> None:
        raise NotImplementedError
