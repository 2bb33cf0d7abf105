"""The current document's candidates as a table: category, text, label, who, decision."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSize, Qt
from PySide6.QtGui import QColor, QFont, QIcon, QPainter, QPixmap

from annotator.core.model import Status
from annotator.services.review import Candidate, Category
from annotator.ui import plain
from annotator.ui.review.colours import CATEGORY_COLOUR, CATEGORY_HELP, category_text
from annotator.ui.table_model import ColumnsModel

Index = QModelIndex | QPersistentModelIndex

SHORT = {
    Category.AGREED: "agreed",
    Category.PARTIAL: "partial",
    Category.ONLY: "only one",
    Category.OVERLAP: "overlap",
    Category.LABEL: "label differs",
    Category.ADDED: "reviewer",
}
DECISION_TEXT = {Status.ACCEPTED: "✓ accepted", Status.REJECTED: "✗ rejected"}
DECISION_COLOUR = {Status.ACCEPTED: "#2e8b3a", Status.REJECTED: "#c0392b"}
EXCERPT = 40


def chip(colour: str, size: int = 12) -> QIcon:
    pixmap = QPixmap(QSize(size, size))
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(colour))
    painter.drawRoundedRect(1, 1, size - 2, size - 2, 3, 3)
    painter.end()
    return QIcon(pixmap)


class CandidatesModel(ColumnsModel):
    """A table of one document's review candidates (of spans or of relations): their
    rows, the document's text and the annotators under review, and a chip in each
    category's colour (``colours``)."""

    def __init__(self, colours: dict[Any, str], parent: Any = None) -> None:
        super().__init__(parent)
        self._text = ""
        self._annotators: list[str] = []
        self._rows: list[Any] = []
        self._chips = {c: chip(colour) for c, colour in colours.items()}

    def set_candidates(self, text: str, annotators: list[str], candidates: list[Any]) -> None:
        self.beginResetModel()
        self._text = text
        self._annotators = list(annotators)
        self._rows = list(candidates)
        self.endResetModel()

    def replace(self, row: int, candidate: Any) -> None:
        self._rows[row] = candidate
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.COLUMNS) - 1))

    def candidates(self) -> list[Any]:
        return list(self._rows)

    def candidate(self, row: int) -> Any | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None


class CandidateTableModel(CandidatesModel):
    COLUMNS = ("Category", "Text", "Label", "Proposed by", "Decision")
    CATEGORY, TEXT, LABEL, WHO, DECISION = range(5)
    _rows: list[Candidate]

    def __init__(self, parent: Any = None) -> None:
        super().__init__(CATEGORY_COLOUR, parent)
        self._label_colours: dict[str, QColor] = {}

    def set_label_colours(self, colours: dict[str, str]) -> None:
        self._label_colours = {name: QColor(c) for name, c in colours.items()}

    def excerpt(self, candidate: Candidate) -> str:
        words = " ".join(self._text[candidate.start:candidate.end].split())
        return words if len(words) <= EXCERPT else words[:EXCERPT - 1] + "…"

    # ------------------------------------------------------------ Qt model

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        c = self.row_at(index)
        if c is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == self.CATEGORY:
                return SHORT[c.category]
            if column == self.TEXT:
                return self.excerpt(c)
            if column == self.LABEL:
                return c.label
            if column == self.WHO:
                return c.describe(self._annotators)
            if column == self.DECISION:
                return DECISION_TEXT.get(c.decision, "undecided")  # type: ignore[arg-type]
        elif role == Qt.ItemDataRole.DecorationRole and column == self.CATEGORY:
            return self._chips[c.category]
        elif role == Qt.ItemDataRole.ForegroundRole:
            if column == self.DECISION:
                return QColor(DECISION_COLOUR.get(c.decision, "#8a8a8a"))  # type: ignore[arg-type]
            if column == self.CATEGORY:
                return QColor(CATEGORY_COLOUR[c.category])
            if column == self.LABEL and c.label in self._label_colours:
                return self._label_colours[c.label]
            if c.decision is Status.REJECTED:
                return QColor("#9a9a9a")
        elif role == Qt.ItemDataRole.FontRole:
            if (column == self.DECISION and c.decided) or column == self.CATEGORY:
                font = QFont()
                font.setBold(True)
                return font
            if c.decision is Status.REJECTED and column == self.TEXT:
                font = QFont()
                font.setStrikeOut(True)
                return font
        elif role == Qt.ItemDataRole.ToolTipRole:
            return plain.tip(self.tooltip(c))
        return None

    def tooltip(self, c: Candidate) -> str:
        proposed = ", ".join(c.proposers) or "nobody (the reviewer added it)"
        lines = [f"“{self._text[c.start:c.end]}” — {c.label}",
                 f"{category_text(c.category)}: {CATEGORY_HELP[c.category]}",
                 f"Proposed by: {proposed}"]
        if c.rivals:
            lines.append("Against: " + "; ".join(
                f"{label} “{' '.join(self._text[s:e].split())}”" for s, e, label in c.rivals))
        lines.append(f"Decision: {DECISION_TEXT.get(c.decision, 'undecided')}"  # type: ignore[arg-type]
                     f"  (A accept, R reject, U undecide)")
        return "\n".join(lines)
