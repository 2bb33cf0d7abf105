"""The current document's spans as a table: label, covered text, annotator."""

from __future__ import annotations

import bisect
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from annotator.core.model import Label, Span

Index = QModelIndex | QPersistentModelIndex
EXCERPT = 80  # characters of covered text shown in a row


def _order(span: Span) -> tuple[int, int, str, str]:
    # Outer spans before the spans nested in them, as a reader meets them.
    return (span.start, -span.end, span.label, span.annotator)


class SpanTableModel(QAbstractTableModel):
    COLUMNS = ("Label", "Text", "By")
    SpanRole = Qt.ItemDataRole.UserRole + 1

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._text = ""
        self._spans: list[Span] = []
        self._colours: dict[str, QColor] = {}

    def set_document(self, text: str, spans: list[Span], labels: list[Label]) -> None:
        self.beginResetModel()
        self._text = text
        self._spans = sorted(spans, key=_order)
        self._colours = {label.name: QColor(label.color) for label in labels}
        self.endResetModel()

    def set_labels(self, labels: list[Label]) -> None:
        self._colours = {label.name: QColor(label.color) for label in labels}
        if self._spans:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._spans) - 1, 0))

    def spans(self) -> list[Span]:
        return list(self._spans)

    def span_at(self, row: int) -> Span | None:
        return self._spans[row] if 0 <= row < len(self._spans) else None

    def row_of(self, span_id: int | None) -> int | None:
        for row, span in enumerate(self._spans):
            if span.id == span_id:
                return row
        return None

    def add(self, span: Span) -> None:
        keys = [_order(s) for s in self._spans]
        row = bisect.bisect_left(keys, _order(span))
        self.beginInsertRows(QModelIndex(), row, row)
        self._spans.insert(row, span)
        self.endInsertRows()

    def remove(self, span_id: int) -> None:
        row = self.row_of(span_id)
        if row is not None:
            self.beginRemoveRows(QModelIndex(), row, row)
            del self._spans[row]
            self.endRemoveRows()

    def replace(self, span: Span) -> None:
        self.remove(span.id)  # type: ignore[arg-type]
        self.add(span)

    # ------------------------------------------------------------ Qt model

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._spans)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole
                and 0 <= section < len(self.COLUMNS)):
            return self.COLUMNS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._spans):
            return None
        span = self._spans[index.row()]
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
