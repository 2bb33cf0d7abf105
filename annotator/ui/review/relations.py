"""Relations in review mode: the relation candidates as a table, and as the view draws them.

A relation candidate (services/review_relations.py) links two span candidates; the
view draws it between them, coloured like the spans: undecided in its category's
colour, accepted in its type's, rejected grey. The reviewer's decision on one is a
RelationDecision step of the same undoable edits as span decisions.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFont

from annotator.core.model import RelationRow, RelationType, Status
from annotator.services.review_relations import (
    RELATION_CATEGORY_TEXT,
    RelationCandidate,
    RelationCategory,
    RelationKey,
)
from annotator.ui.review.model import DECISION_COLOUR, DECISION_TEXT, CandidatesModel

Index = QModelIndex | QPersistentModelIndex

RELATION_SHORT = {
    RelationCategory.AGREED: "agreed",
    RelationCategory.PARTIAL: "partial",
    RelationCategory.ONLY: "only one",
    RelationCategory.ENDS: "other ends",
    RelationCategory.TYPE: "type differs",
    RelationCategory.ADDED: "reviewer",
}
RELATION_COLOUR = {
    RelationCategory.AGREED: "#2e8b3a",
    RelationCategory.PARTIAL: "#7fb04a",
    RelationCategory.ONLY: "#d08c00",
    RelationCategory.ENDS: "#c45a00",
    RelationCategory.TYPE: "#c0392b",
    RelationCategory.ADDED: "#5a6fb0",
}
RELATION_HELP = {
    RelationCategory.AGREED: "Every annotator has exactly this relation.",
    RelationCategory.PARTIAL: "More than one annotator, but not all, has it; nobody has "
                              "another instead.",
    RelationCategory.ONLY: "One annotator alone has it; nobody has another instead.",
    RelationCategory.ENDS: "Someone else links the same head (or overlapping ends) with "
                           "this type to another span instead.",
    RelationCategory.TYPE: "Someone else links the same two spans with another type.",
    RelationCategory.ADDED: "The reviewer made it; no annotator had it.",
}
REJECTED_COLOUR = "#b8b8b8"


@dataclass(frozen=True, slots=True)
class RelationDecision:
    """One step of a review edit: the reviewer's decision on a relation candidate,
    before and after (None: undecided)."""

    key: RelationKey
    before: Status | None
    after: Status | None

    def backwards(self) -> RelationDecision:
        return RelationDecision(self.key, self.after, self.before)


def shown_type(c: RelationCandidate) -> str:
    """The name the view draws a candidate under (its colour says how it stands)."""
    if c.decision is Status.ACCEPTED:
        return c.type
    if c.decision is Status.REJECTED:
        return f"{c.type} ✗"
    return f"{c.type} ({RELATION_SHORT[c.category]})"


def view_types(types: list[RelationType]) -> list[RelationType]:
    """Colours for relations in review: undecided ones their category's, accepted ones
    their type's, rejected ones grey."""
    shown = list(types)
    for kind in types:
        shown.append(RelationType(f"{kind.name} ✗", REJECTED_COLOUR))
        shown += [RelationType(f"{kind.name} ({RELATION_SHORT[c]})", colour)
                  for c, colour in RELATION_COLOUR.items()]
    return shown


def view_row(c: RelationCandidate, row: int, span_ids: dict[tuple[int, int, str], int]
             ) -> RelationRow | None:
    """A candidate as the view draws it, between the span candidates of its ends."""
    head, child = span_ids.get(c.head), span_ids.get(c.child)
    if head is None or child is None:
        return None
    return RelationRow(row + 1, head, child, shown_type(c))


class RelationCandidateModel(CandidatesModel):
    COLUMNS = ("Category", "Head → child", "Type", "Proposed by", "Decision")
    CATEGORY, LINK, TYPE, WHO, DECISION = range(5)
    _rows: list[RelationCandidate]

    def __init__(self, parent: Any = None) -> None:
        super().__init__(RELATION_COLOUR, parent)

    def excerpt(self, end: tuple[int, int, str], size: int = 18) -> str:
        words = " ".join(self._text[end[0]:end[1]].split())
        return words if len(words) <= size else words[:size - 1] + "…"

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        c = self.row_at(index)
        if c is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == self.CATEGORY:
                return RELATION_SHORT[c.category]
            if column == self.LINK:
                return f"{self.excerpt(c.head)} → {self.excerpt(c.child)}"
            if column == self.TYPE:
                return c.type
            if column == self.WHO:
                return c.describe(self._annotators)
            return DECISION_TEXT.get(c.decision, "undecided")  # type: ignore[arg-type]
        if role == Qt.ItemDataRole.DecorationRole and column == self.CATEGORY:
            return self._chips[c.category]
        if role == Qt.ItemDataRole.ForegroundRole:
            if column == self.DECISION:
                return QColor(DECISION_COLOUR.get(c.decision, "#8a8a8a"))  # type: ignore[arg-type]
            if column == self.CATEGORY:
                return QColor(RELATION_COLOUR[c.category])
            if c.decision is Status.REJECTED:
                return QColor("#9a9a9a")
        if role == Qt.ItemDataRole.FontRole and (column == self.CATEGORY or (
                column == self.DECISION and c.decided)):
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tooltip(c)
        return None

    def tooltip(self, c: RelationCandidate) -> str:
        lines = [f"{c.type}: {c.head[2]} “{self.excerpt(c.head, 80)}” → {c.child[2]} "
                 f"“{self.excerpt(c.child, 80)}”",
                 f"{RELATION_CATEGORY_TEXT[c.category]}: {RELATION_HELP[c.category]}",
                 f"Proposed by: {', '.join(c.proposers) or 'nobody (the reviewer made it)'}"]
        if c.rivals:
            lines.append("Against: " + "; ".join(
                f"{kind} “{self.excerpt(h, 30)}” → “{self.excerpt(ch, 30)}”"
                for h, ch, kind in c.rivals))
        lines.append(f"Decision: {DECISION_TEXT.get(c.decision, 'undecided')}"  # type: ignore[arg-type]
                     "  (A accept, R reject, U undecide)")
        return "\n".join(lines)
