"""A read-only table used as a list: whole rows picked one at a time, no headers or
grid; the program can move its current row without that counting as the user's pick.

A row added or removed below the last row on screen changes nothing the list shows
but its scroll bar, yet a stock table repaints every visible row for it (deleting a
span takes its relations out of a 20,000-row relation list that shows its first
rows). This one then only updates its scroll bar. A row added or removed among the
rows on screen moves only the rows below it: their pixels are moved, change after
change, and only what that uncovers is painted (a label key inserts one row into the
span list; deleting a span takes relations out here and there); with alternating row
colours the rows below are repainted.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtCore import QAbstractItemModel, QCoreApplication, QEvent, QModelIndex, QRect, Qt
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
        # How the rows on screen move with the changes since the last layout: for each
        # change, in order, from where (viewport y) and how far (pixels: down for rows
        # added, up for rows removed). None once a change may move everything.
        self._moves: list[tuple[int, int]] | None = []
        model.rowsAboutToBeInserted.connect(
            lambda _p, first, last: self._rows_changing(first, last - first + 1))
        model.rowsAboutToBeRemoved.connect(
            lambda _p, first, last: self._rows_changing(first, first - last - 1))
        for signal in (model.modelAboutToBeReset, model.layoutAboutToBeChanged,
                       model.rowsAboutToBeMoved, model.columnsAboutToBeInserted,
                       model.columnsAboutToBeRemoved):
            signal.connect(self._seen_change)

    def _rows_changing(self, first: int, count: int) -> None:
        if self._moves is None:
            return
        if not self.isVisible():
            self._moves = None
            return
        # The rows above ``first`` stay where they are: below the bottom of the one
        # just above it (the top of the screen, if that row is above it), all move.
        at = 0 if first == 0 else max(
            0, self.rowViewportPosition(first - 1) + self.rowHeight(first - 1))
        self._moves.append((at, count * self.verticalHeader().defaultSectionSize()))

    def _seen_change(self, *_args: object) -> None:
        self._moves = None

    def doItemsLayout(self) -> None:
        moves, self._moves = self._moves, []
        if not moves:  # a change that may move everything, or a layout for another reason
            super().doItemsLayout()
            return
        viewport = self.viewport()
        width, height = viewport.width(), viewport.height()
        shown = [(at, shift) for at, shift in moves if at < height]  # below: only the bar
        if shown and self.alternatingRowColors():  # the rows below change colour
            top = min(at for at, _shift in shown)
            viewport.update(QRect(0, top, width, height - top))
        else:
            # Before the scroll bar's range changes: that may scroll it all.
            for at, shift in shown:
                viewport.scroll(0, shift, QRect(0, at, width, height - at))
        self.updateGeometries()  # the scroll bar's range: the rows above stay
        self.verticalHeader().setUpdatesEnabled(True)  # as QTableView's layout does

    def lay_out_rows(self) -> None:
        """Place the rows changed since the last layout now, rather than on Qt's timer
        (after the window's next paint, which then paints the list again). The scroll
        bar's new range is acted on now too: Qt queues that, and the queued call (like
        every event here) passes the key filters' Python, which then waited for the
        interpreter lock while the store worker wrote the edit. (Qt's are the only
        queued calls a list gets: one of ours would run here, inside the edit.)"""
        self.executeDelayedItemsLayout()
        QCoreApplication.sendPostedEvents(self, QEvent.Type.MetaCall.value)

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
