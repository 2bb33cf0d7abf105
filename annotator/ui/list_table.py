"""A read-only table used as a list: whole rows picked one at a time, no headers or
grid; the program can move its current row without that counting as the user's pick."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtCore import QAbstractItemModel, QModelIndex, Qt
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
