"""A lazy table of documents: pages of the store's document list fetched as the view
scrolls; edits update their row from the change record, without asking the store.

The list shows the matches of a search query (store.search; the empty query is every
document). With a Searcher, a new query's first page, its count and the pages
further down arrive from a background thread, the newest query winning, so typing
never waits on the store; without one (tests), pages are read at once."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtCore import (
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor

from annotator.core.changes import SpanChange
from annotator.core.model import DocState
from annotator.store import DocumentRow, Query, Store
from annotator.ui import plain
from annotator.ui.documents.searcher import Searcher
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

    searched = Signal()  # a query's first page is shown
    counted = Signal()  # its count is known: total()
    failed = Signal(str)  # the store could not answer; what to tell the user

    def __init__(self, store: Store, annotator: str, parent: Any = None, *,
                 searcher: Searcher | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self._annotator = annotator
        self._searcher = searcher
        self._query = store.search.compile("")
        self._asked_more = False
        self._rows: list[DocumentRow] = []
        self._row_of: dict[str, int] = {}  # uid -> row, of the rows loaded
        self._total: int | None = store.documents.count()
        self._everything = self._total
        if searcher is not None:
            searcher.pageReady.connect(self._first_page)
            searcher.moreReady.connect(self._more_page)
            searcher.countReady.connect(self._counted)
            searcher.failed.connect(self._failed)

    # -------------------------------------------------------------- queries

    def total(self) -> int:
        """How many documents match the query (loaded or not); while a new query is
        being counted, the rows known so far."""
        return self._total if self._total is not None else len(self._rows)

    def counting(self) -> bool:
        return self._total is None

    def everything(self) -> int | None:
        """How many documents the store holds (as of the last query)."""
        return self._everything

    def query(self) -> Query:
        return self._query

    def compile(self, text: str) -> Query:
        """A query as this list's annotator means it (state: is theirs)."""
        return self._store.search.compile(text, me=self._annotator)

    def filter_text(self) -> str:
        return self._query.text

    def uid_at(self, row: int) -> str | None:
        return self._rows[row].uid if 0 <= row < len(self._rows) else None

    def row_of(self, uid: str) -> int | None:
        """The row of a document, loading pages up to it (all documents listed), else
        among the rows loaded; None if it is not there."""
        if uid in self._row_of:
            return self._row_of[uid]
        if not self._query.everything:
            return None
        row = self._store.documents.index(uid)
        if row is None:
            return None
        self._load_until(row)
        return row if row < len(self._rows) else None

    # ------------------------------------------------------------- updates

    def set_filter(self, text: str) -> None:
        """Show the matches of a query at once (the store is asked on this thread)."""
        text = text.strip()
        if text == self._query.text:
            return
        self.reload(self._store.search.compile(text, me=self._annotator))

    def search(self, query: Query) -> None:
        """Show the matches of a compiled query: with a searcher in the background
        (the rows shown stay until the first page comes), else at once."""
        if self._searcher is None:
            self.reload(query)
            return
        self._query = query
        self._asked_more = False
        self._searcher.search(query, self._annotator, PAGE)

    def set_annotator(self, annotator: str) -> None:
        if annotator == self._annotator:
            return  # nothing to read again (an answer read meanwhile could miss an edit)
        self._annotator = annotator
        self.reload(self._query)

    def reload(self, query: Query | None = None) -> None:
        """Start again from the first page (after an import or a query change)."""
        if self._searcher is not None:
            self.search(query if query is not None else self._query)
            return
        self.beginResetModel()
        if query is not None:
            self._query = query
        self._rows = []
        self._row_of = {}
        self._total = self._store.search.count(self._query)
        if self._query.everything:
            self._everything = self._total
        self.endResetModel()
        self.searched.emit()
        self.counted.emit()

    def _first_page(self, generation: int, rows: list[DocumentRow]) -> None:
        if not self._newest(generation):
            return
        self.beginResetModel()
        self._rows = list(rows)
        self._row_of = {r.uid: i for i, r in enumerate(self._rows)}
        self._total = len(rows) if len(rows) < PAGE else None  # counted next
        self._asked_more = False
        self.endResetModel()
        self.searched.emit()
        if self._total is not None:
            self._counted(generation, self._total)

    def _more_page(self, generation: int, offset: int, rows: list[DocumentRow]) -> None:
        if not self._newest(generation) or offset != len(self._rows):
            return
        self._asked_more = False
        if not rows:
            self._total = len(self._rows)
            return
        self._insert(rows)

    def _counted(self, generation: int, total: int) -> None:
        if not self._newest(generation):
            return
        self._total = max(total, len(self._rows))
        if self._query.everything:
            self._everything = total
        self.counted.emit()

    def _failed(self, generation: int, message: str) -> None:
        if self._newest(generation):
            self.failed.emit(message)

    def _newest(self, generation: int) -> bool:
        """An answer to the last question asked (older ones are stale)."""
        return self._searcher is not None and generation == self._searcher.generation

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
            old = self._rows[i]
            new = self._rows[i] = change(old)
            # Only the cells that changed repaint: a label key changes the span count.
            shown = [(old.title, old.length), old.state, old.span_count]
            now = [(new.title, new.length), new.state, new.span_count]
            changed = [c for c in range(len(self.COLUMNS)) if shown[c] != now[c]]
            if changed:
                self.dataChanged.emit(self.index(i, changed[0]), self.index(i, changed[-1]))

    # ------------------------------------------------------------ Qt model

    def canFetchMore(self, parent: Index) -> bool:
        if parent.isValid() or self._asked_more:
            return False
        if self._total is None:  # not counted yet: a full page may have more after it
            return len(self._rows) >= PAGE
        return len(self._rows) < self._total

    def fetchMore(self, parent: Index) -> None:
        if parent.isValid():
            return
        if self._searcher is not None and not self._query.everything:
            self._asked_more = True
            self._searcher.more(self._searcher.generation, self._query, self._annotator,
                                len(self._rows), PAGE)
            return
        self._load(PAGE)

    def _load_until(self, row: int) -> None:
        if row >= len(self._rows):
            self._load(row + 1 - len(self._rows) + PAGE // 2)

    def _load(self, count: int) -> None:
        start = len(self._rows)
        page = self._store.search.page(self._query, self._annotator, start, count)
        if not page:
            self._total = start  # the store shrank under us; stop asking
            return
        self._insert(page)

    def _insert(self, page: list[DocumentRow]) -> None:
        start = len(self._rows)
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
