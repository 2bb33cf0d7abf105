"""The current document's spans as a table: label, covered text, annotator."""

from __future__ import annotations

import bisect
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from annotator.core.model import Label, Span
from annotator.ui.table_model import ColumnsModel

Index = QModelIndex | QPersistentModelIndex
EXCERPT = 80  # characters of covered text shown in a row


def _order(span: Span) -> tuple[int, int, str, str]:
    # Outer spans before the spans nested in them, as a reader meets them.
    return (span.start, -span.end, span.label, span.annotator)


class SpanTableModel(ColumnsModel):
    COLUMNS = ("Label", "Text", "By")
    SpanRole = Qt.ItemDataRole.UserRole + 1

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._text = ""
        self._rows: list[Span] = []
        self._colours: dict[str, QColor] = {}

    def set_document(self, text: str, spans: list[Span], labels: list[Label]) -> None:
        self.beginResetModel()
        self._text = text
        self._rows = sorted(spans, key=_order)
        self._colours = {label.name: QColor(label.color) for label in labels}
        self.endResetModel()

    def set_labels(self, labels: list[Label]) -> None:
        self._colours = {label.name: QColor(label.color) for label in labels}
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, 0))

    def spans(self) -> list[Span]:
        return list(self._rows)

    def span_at(self, row: int) -> Span | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, span_id: int | None) -> int | None:
        for row, span in enumerate(self._rows):
            if span.id == span_id:
                return row
        return None

    def add(self, span: Span) -> None:
        keys = [_order(s) for s in self._rows]
        row = bisect.bisect_left(keys, _order(span))
        self.beginInsertRows(QModelIndex(), row, row)
        self._rows.insert(row, span)
        self.endInsertRows()

    def remove(self, span_id: int) -> None:
        row = self.row_of(span_id)
        if row is not None:
            self.beginRemoveRows(QModelIndex(), row, row)
            del self._rows[row]
            self.endRemoveRows()

    def replace(self, span: Span) -> None:
        self.remove(span.id)  # type: ignore[arg-type]
        self.add(span)

    # ------------------------------------------------------------ Qt model

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        span = self.row_at(index)
        if span is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return span.label
            if column == 1:
                return self._excerpt(span)
            if column == 2:
                return span.annotator
        elif role == Qt.ItemDataRole.DecorationRole and column == 0:
            return self._colours.get(span.label, QColor("#888888"))
        elif role == Qt.ItemDataRole.ToolTipRole and column == 1:
            return f"[{span.start}, {span.end})  {self._text[span.start:span.end]}"
        elif role == self.SpanRole:
            return span
        return None

    def _excerpt(self, span: Span) -> str:
        covered = " ".join(self._text[span.start:span.end].split())
        return covered if len(covered) <= EXCERPT else covered[:EXCERPT - 1] + "…"
