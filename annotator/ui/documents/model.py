"""A lazy table of documents: pages of Store.document_rows fetched as the view scrolls."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QColor

from annotator.core.model import DocState
from annotator.store import DocumentRow, Store
from annotator.ui.table_model import ColumnsModel

PAGE = 200

STATE_TEXT = {DocState.TODO: "to do", DocState.IN_PROGRESS: "started", DocState.DONE: "done"}
STATE_COLOUR = {DocState.TODO: "#9a9a9a", DocState.IN_PROGRESS: "#d08c00",
                DocState.DONE: "#2e8b3a"}

Index = QModelIndex | QPersistentModelIndex


class DocumentListModel(ColumnsModel):
    """Rows are loaded a page at a time; 100,000 documents cost one page at start."""

    UidRole = Qt.ItemDataRole.UserRole + 1
    COLUMNS = ("Title", "State", "Spans")

    def __init__(self, store: Store, annotator: str, parent: Any = None) -> None:
        super().__init__(parent)
        self._store = store
        self._annotator = annotator
        self._filter = ""
        self._rows: list[DocumentRow] = []
        self._total = store.documents.count()

    # -------------------------------------------------------------- queries

    def total(self) -> int:
        """How many documents match the filter (loaded or not)."""
        return self._total

    def filter_text(self) -> str:
        return self._filter

    def uid_at(self, row: int) -> str | None:
        return self._rows[row].uid if 0 <= row < len(self._rows) else None

    def row_of(self, uid: str) -> int | None:
        """The row of a document, loading pages up to it; None if filtered out."""
        for i, r in enumerate(self._rows):
            if r.uid == uid:
                return i
        row = self._store.documents.index(uid, self._filter)
        if row is None:
            return None
        self._load_until(row)
        return row if row < len(self._rows) else None

    # ------------------------------------------------------------- updates

    def set_filter(self, text: str) -> None:
        text = text.strip()
        if text == self._filter:
            return
        self.reload(text)

    def set_annotator(self, annotator: str) -> None:
        self._annotator = annotator
        self.reload(self._filter)

    def reload(self, filter_text: str | None = None) -> None:
        """Start again from the first page (after an import or a filter change)."""
        self.beginResetModel()
        if filter_text is not None:
            self._filter = filter_text
        self._rows = []
        self._total = self._store.documents.count(self._filter)
        self.endResetModel()

    def refresh(self, uid: str) -> None:
        """Re-read one loaded row (its state or span count changed)."""
        for i, r in enumerate(self._rows):
            if r.uid == uid:
                fresh = self._store.documents.rows(self._annotator, i, 1, self._filter)
                if not fresh or fresh[0].uid != uid:
                    return  # rows moved under us (an import); the next reload fixes it
                self._rows[i] = fresh[0]
                self.dataChanged.emit(self.index(i, 0), self.index(i, len(self.COLUMNS) - 1))
                return

    # ------------------------------------------------------------ Qt model

    def canFetchMore(self, parent: Index) -> bool:
        return not parent.isValid() and len(self._rows) < self._total

    def fetchMore(self, parent: Index) -> None:
        if parent.isValid():
            return
        self._load(PAGE)

    def _load_until(self, row: int) -> None:
        if row >= len(self._rows):
            self._load(row + 1 - len(self._rows) + PAGE // 2)

    def _load(self, count: int) -> None:
        start = len(self._rows)
        page = self._store.documents.rows(self._annotator, start, count, self._filter)
        if not page:
            self._total = start  # the store shrank under us; stop asking
            return
        self.beginInsertRows(QModelIndex(), start, start + len(page) - 1)
        self._rows.extend(page)
        self.endInsertRows()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row_at(index)
        if row is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return row.title or "(untitled)"
            if column == 1:
                return STATE_TEXT[row.state]
            if column == 2:
                return str(row.span_count) if row.span_count else ""
        elif role == Qt.ItemDataRole.ForegroundRole and column == 1:
            return QColor(STATE_COLOUR[row.state])
        elif role == Qt.ItemDataRole.ToolTipRole and column == 0:
            return f"{row.title}\n{row.length:,} characters"
        elif role == Qt.ItemDataRole.TextAlignmentRole and column == 2:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        elif role == self.UidRole:
            return row.uid
        return None
