"""A base for the window's read-only tables: fixed named columns, rows in a list."""

from __future__ import annotations

from typing import Any, ClassVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtWidgets import QAbstractItemView

Index = QModelIndex | QPersistentModelIndex


class ColumnsModel(QAbstractTableModel):
    """Subclasses name their COLUMNS and keep their rows in ``_rows``."""

    COLUMNS: ClassVar[tuple[str, ...]] = ()
    _rows: list[Any]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole
                and 0 <= section < len(self.COLUMNS)):
            return self.COLUMNS[section]
        return None

    def row_at(self, index: Index) -> Any | None:
        """The row object behind a valid index, else None."""
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        return self._rows[index.row()]


def select_row(view: QAbstractItemView, row: int | None) -> None:
    """Make `row` the current, selected and visible row of a table; None clears it."""
    selection = view.selectionModel()
    model = view.model()
    current = selection.currentIndex()
    if row is None or not 0 <= row < model.rowCount():
        if current.isValid() or selection.hasSelection():
            selection.clearSelection()
            selection.setCurrentIndex(QModelIndex(), QItemSelectionModel.SelectionFlag.Clear)
        return
    index = model.index(row, 0)
    # Each edit asks again for the row already shown (rows around it moved): selecting
    # it anew would repaint the list for nothing.
    if not (current.row() == row and len(selection.selectedRows()) == 1
            and selection.isRowSelected(row)):
        selection.setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect
                                  | QItemSelectionModel.SelectionFlag.Rows)
    view.scrollTo(index)
