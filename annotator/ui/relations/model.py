"""The current document's relations as a table: type, head text → child text, who.

A thin, lazy adapter over the DocumentRelations the view draws: row n is the n-th
accepted relation in reading order, read only when the table paints it, and an edit
inserts or removes just its own rows.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from annotator.core.model import RelationRow, RelationType
from annotator.ui.document_spans import DocumentSpans

Index = QModelIndex | QPersistentModelIndex
EXCERPT = 22  # characters of each end in a row: the child must show too
_GREY = QColor("#888888")
_ROLES = frozenset({Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ForegroundRole,
                    Qt.ItemDataRole.ToolTipRole})


class RelationTableModel(QAbstractTableModel):
    COLUMNS = ("Type", "Head → child", "By")
    TYPE, LINK, BY = range(3)

    def __init__(self, spans: DocumentSpans, parent: Any = None) -> None:
        super().__init__(parent)
        self._spans = spans
        self._relations = spans.relations
        self._colours: dict[str, QColor] = {}
        relations = self._relations
        relations.aboutToReset.connect(lambda: self.beginResetModel())
        relations.reset.connect(lambda: self.endResetModel())
        relations.aboutToInsert.connect(lambda at: self.beginInsertRows(QModelIndex(), at, at))
        relations.inserted.connect(lambda _at: self.endInsertRows())
        relations.aboutToRemove.connect(lambda at: self.beginRemoveRows(QModelIndex(), at, at))
        relations.removed.connect(lambda _at: self.endRemoveRows())
        relations.rowChanged.connect(self._row_changed)

    def _row_changed(self, at: int, looks_different: bool) -> None:
        if looks_different:
            self.dataChanged.emit(self.index(at, 0), self.index(at, 2))

    def set_types(self, types: list[RelationType]) -> None:
        self._colours = {t.name: QColor(t.color) for t in types}
        if len(self._relations):
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._relations) - 1, 0))

    def relation_at(self, row: int) -> RelationRow | None:
        return self._relations.row(row) if 0 <= row < len(self._relations) else None

    def row_of(self, relation_id: int | None) -> int | None:
        return self._relations.position(relation_id)

    def excerpt(self, span_id: int, size: int = EXCERPT) -> str:
        row = self._spans.get(span_id)
        if row is None:
            return "?"
        words = " ".join(self._spans.text[row.start:row.end].split())
        return words if len(words) <= size else words[:size - 1] + "…"

    def describe(self, relation: RelationRow) -> str:
        return f"{self.excerpt(relation.head)} → {self.excerpt(relation.child)}"

    def cell_text(self, relation: RelationRow, column: int) -> str:
        if column == self.TYPE:
            return relation.type
        if column == self.LINK:
            return self.describe(relation)
        head = self._spans.get(relation.head)
        return head.annotator if head is not None else ""

    def colour(self, kind: str) -> QColor:
        """A relation type's colour, grey for a type no longer known."""
        return self._colours.get(kind, _GREY)

    # ------------------------------------------------------------ Qt model

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._relations)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole
                and 0 <= section < len(self.COLUMNS)):
            return self.COLUMNS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # A table paints each cell asking a dozen roles: answer the others at once.
        if role not in _ROLES:
            return None
        relation = self.relation_at(index.row()) if index.isValid() else None
        if relation is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self.cell_text(relation, column)
        if role == Qt.ItemDataRole.ForegroundRole and column == self.TYPE:
            return self.colour(relation.type)
        if role == Qt.ItemDataRole.ToolTipRole:
            head, child = self._spans.get(relation.head), self._spans.get(relation.child)
            labels = f"{head.label if head else '?'} → {child.label if child else '?'}"
            return (f"{relation.type} ({labels})\n{self.excerpt(relation.head, 200)}\n→ "
                    f"{self.excerpt(relation.child, 200)}")
        return None
