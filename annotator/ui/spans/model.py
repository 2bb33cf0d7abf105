"""The current document's spans as a table: label, covered text, annotator.

A thin, lazy adapter over the DocumentSpans the view shows: row n is the n-th span
in reading order, read from the collection only when the table paints it, and an
edit inserts or removes just its own rows.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFont

from annotator.core.model import Label, SpanRow
from annotator.ui import plain
from annotator.ui.document_spans import DocumentSpans
from annotator.ui.table_model import ColumnsModel

Index = QModelIndex | QPersistentModelIndex
EXCERPT = 80  # characters of covered text shown in a row
SPAN_ROLE = Qt.ItemDataRole.UserRole + 1
_GREY = QColor("#888888")
_ROLES = frozenset({Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.DecorationRole,
                    Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.FontRole, SPAN_ROLE})


class _ReadingOrder(Sequence[SpanRow]):
    """The collection's spans as a sequence in reading order, made a row at a time."""

    def __init__(self, spans: DocumentSpans) -> None:
        self._spans = spans

    def __len__(self) -> int:
        return len(self._spans)

    def __getitem__(self, position: int) -> SpanRow:  # type: ignore[override]
        return self._spans.index.row(position)


class SpanTableModel(ColumnsModel):
    COLUMNS = ("Label", "Text", "By")
    SpanRole = SPAN_ROLE

    def __init__(self, spans: DocumentSpans, parent: Any = None) -> None:
        super().__init__(parent)
        self._spans = spans
        self._rows = _ReadingOrder(spans)  # type: ignore[assignment]
        self._colours: dict[str, QColor] = {}
        self.is_pending: Callable[[int], bool] = lambda _span_id: False
        self._last: tuple[int, SpanRow] | None = None  # the row data() read last
        for signal in (spans.aboutToReset, spans.aboutToInsert, spans.aboutToRemove):
            signal.connect(self._forget_last)
        spans.aboutToReset.connect(lambda: self.beginResetModel())
        spans.reset.connect(lambda: self.endResetModel())
        spans.aboutToInsert.connect(lambda at: self.beginInsertRows(QModelIndex(), at, at))
        spans.inserted.connect(lambda _at: self.endInsertRows())
        spans.aboutToRemove.connect(lambda at: self.beginRemoveRows(QModelIndex(), at, at))
        spans.removed.connect(lambda _at: self.endRemoveRows())
        spans.rowChanged.connect(self._row_changed)

    def _row_changed(self, at: int, looks_different: bool) -> None:
        self._last = None
        if looks_different:  # a span stored under its real id needs no repaint
            self.dataChanged.emit(self.index(at, 0), self.index(at, len(self.COLUMNS) - 1))

    def _forget_last(self, *_args: object) -> None:
        self._last = None

    def set_labels(self, labels: list[Label]) -> None:
        self._colours = {label.name: QColor(label.color) for label in labels}
        if len(self._spans):
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._spans) - 1, 0))

    def span_at(self, row: int) -> SpanRow | None:
        return self._spans.index.row(row) if 0 <= row < len(self._spans) else None

    def row_of(self, span_id: int | None) -> int | None:
        return self._spans.index.position(span_id) if span_id is not None else None

    # ------------------------------------------------------------ Qt model

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # A table paints each cell asking a dozen roles: answer the others at once.
        if role not in _ROLES or not index.isValid():
            return None
        span = self._row(index.row())
        if span is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self.cell_text(span, column)
        elif role == Qt.ItemDataRole.DecorationRole and column == 0:
            return self.colour(span.label)
        elif role == Qt.ItemDataRole.ToolTipRole and column == 1:
            covered = self._spans.text[span.start:span.end]
            note = "\n(not saved yet)" if self.is_pending(span.id) else ""
            return plain.tip(f"[{span.start}, {span.end})  {covered}{note}")
        elif role == Qt.ItemDataRole.FontRole and self.is_pending(span.id):
            font = QFont()
            font.setItalic(True)  # shown, not yet stored
            return font
        elif role == self.SpanRole:
            return span
        return None

    def cell_text(self, span: SpanRow, column: int) -> str:
        """What a column shows: the label, the covered text, or who made the span."""
        if column == 0:
            return span.label
        if column == 1:
            return self._excerpt(span)
        return span.annotator

    def colour(self, label: str) -> QColor:
        return self._colours.get(label, _GREY)

    def _row(self, row: int) -> SpanRow | None:
        # The cells of one row are asked for one after another: keep the last row.
        if self._last is not None and self._last[0] == row:
            return self._last[1]
        span = self.span_at(row)
        self._last = (row, span) if span is not None else None
        return span

    def _excerpt(self, span: SpanRow) -> str:
        covered = " ".join(self._spans.text[span.start:span.end].split())
        return covered if len(covered) <= EXCERPT else covered[:EXCERPT - 1] + "…"
