"""A lazy table of documents: pages of the store's document list fetched as the view
scrolls; edits update their row from the change record, without asking the store."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtCore import (
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QColor

from annotator.core.changes import SpanChange
from annotator.core.model import DocState
from annotator.store import DocumentRow, Store
from annotator.ui import plain
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
        self._row_of: dict[str, int] = {}  # uid -> row, of the rows loaded
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
        if uid in self._row_of:
            return self._row_of[uid]
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
        self._row_of = {}
        self._total = self._store.documents.count(self._filter)
        self.endResetModel()

    def follow(self, change: SpanChange) -> None:
        """An edit: the row's span count and state move with it, without a query."""
        delta = change.by_annotator()[self._annotator]
        if delta > 0:
            self._update(change.uid, lambda r: replace(
                r, span_count=r.span_count + delta,
                state=DocState.IN_PROGRESS if r.state is DocState.TODO else r.state))
        elif delta < 0:
            self._update(change.uid, lambda r: replace(r, span_count=r.span_count + delta))

    def set_state(self, uid: str, state: DocState) -> None:
        self._update(uid, lambda r: replace(r, state=state))

    def refresh(self, uid: str) -> None:
        """Re-read one loaded row from the store (after work the window did not see)."""
        if uid in self._row_of:
            fresh = self._store.documents.row(uid, self._annotator)
            if fresh is not None:
                self._update(uid, lambda _r: fresh)

    def _update(self, uid: str, change: Any) -> None:
        i = self._row_of.get(uid)
        if i is not None:
            self._rows[i] = change(self._rows[i])
            self.dataChanged.emit(self.index(i, 0), self.index(i, len(self.COLUMNS) - 1))

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
        self._row_of.update((r.uid, start + i) for i, r in enumerate(page))
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
            return plain.tip(f"{row.title}\n{row.length:,} characters")
        elif role == Qt.ItemDataRole.TextAlignmentRole and column == 2:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        elif role == self.UidRole:
            return row.uid
        return None
