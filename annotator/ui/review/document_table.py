"""The dashboard's per-document table: a lazy model over a pair's per-document columns.

The figures of every document are worked out as arrays off the GUI thread
(:class:`DocumentRows`); the model turns a row into text only when the view
shows it, and sorts by reordering an index array, so ten thousand documents
cost the GUI thread next to nothing. Reasons for n/a and the alpha counts are
looked up for the one document whose tooltip is asked for. Relation F1 (exact,
and with overlapping ends) is there per document too, to find the documents where
the annotators disagree on who said what.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from annotator.ui import plain

if TYPE_CHECKING:  # the metrics load on the job's thread, not when the dialog opens
    from annotator.core.agreement import PairAgreement, SpanScore
    from annotator.core.agreement.per_document import DocumentFigures
    from annotator.services.agreement import AgreementReport

UidRole = Qt.ItemDataRole.UserRole + 2
NA_SORT = -2.0  # n/a sorts before every figure: worst first shows it at the top
COLUMNS = ("Document", "F1 exact", "F1 partial", "TP", "FP", "FN", "token κ", "tokens",
           "α (all)", "rel F1 exact", "rel F1 overlap")
(_TITLE, _EXACT, _PARTIAL, _TP, _FP, _FN, _KAPPA, _UNITS, _ALPHA, _REL_EXACT,
 _REL_OVERLAP) = range(len(COLUMNS))
_FIGURES = (_EXACT, _PARTIAL, _KAPPA, _ALPHA, _REL_EXACT, _REL_OVERLAP)
# The short headings that need saying in full.
HEADER_TIPS = {
    _REL_EXACT: "Relation F1: both ends (extent and label) and the type equal",
    _REL_OVERLAP: "Relation F1 with overlapping ends: each end overlaps one with the same "
                  "label and the type is equal (each relation matched once)",
}
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_NA_COLOUR = QColor("#8a8a8a")
Index = QModelIndex | QPersistentModelIndex


def fig(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.2f}"


def num(value: float) -> str:
    return f"{value:,.0f}" if value == int(value) else f"{value:,.2f}"


def score_counts(score: SpanScore) -> str:
    return f"TP {num(score.tp)} · FP {num(score.fp)} · FN {num(score.fn)}"


def counts_or_reason(score: SpanScore) -> str:
    """A figure's tooltip: its counts, or why it is n/a."""
    return score_counts(score) if score.f1 is not None else f"n/a: {score.reason}"


@dataclass(frozen=True, eq=False)
class DocumentRows:
    """One pair's per-document figures and what sorting them needs, made off the GUI
    thread. ``columns[c]`` is column ``c``'s sort key (NaN figures as NA_SORT)."""

    figures: DocumentFigures
    titles: list[str]
    alpha: np.ndarray
    columns: tuple[np.ndarray, ...]
    pair: PairAgreement
    report: AgreementReport

    def __len__(self) -> int:
        return len(self.titles)


def document_rows(report: AgreementReport, a: str, b: str) -> DocumentRows:
    """Made on the job's thread."""
    from annotator.core.agreement.per_document import document_figures

    figures = document_figures(report.comparison, a, b)
    titles = [report.titles.get(uid, "") or uid[:12] for uid in figures.doc_ids]
    by_document = report.alpha.by_document
    if by_document is not None:
        alpha = by_document[figures.index]
    else:
        alphas = report.alpha.documents
        alpha = np.array([np.nan if (found := alphas.get(uid)) is None or found.alpha is None
                          else found.alpha for uid in figures.doc_ids], dtype=np.float64)
    title_rank = np.empty(len(titles), dtype=np.int64)
    title_rank[sorted(range(len(titles)), key=lambda i: titles[i].lower())] = \
        np.arange(len(titles))
    exact, partial = figures.f1(), figures.f1(partial=True)
    # A is the reference (see SpanScore): FP are B's spans A lacks, FN A's that B missed.
    columns = (title_rank, exact, partial, figures.exact_tp.astype(np.float64),
               (figures.n_b - figures.exact_tp).astype(np.float64),
               (figures.n_a - figures.exact_tp).astype(np.float64), figures.kappa(),
               figures.units.astype(np.float64), alpha, figures.relation_f1(),
               figures.relation_f1(overlap=True))
    keys = tuple(np.where(np.isnan(column), NA_SORT, column) if column.dtype.kind == "f"
                 else column for column in columns)
    return DocumentRows(figures, titles, alpha, keys, report.matrix.get(a, b), report)


class DocumentTableModel(QAbstractTableModel):
    """Rows of :class:`DocumentRows`, shown in the order of the last sort."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: DocumentRows | None = None
        self._order = np.zeros(0, dtype=np.int64)
        self._sort: tuple[int, Qt.SortOrder] = (_EXACT, Qt.SortOrder.AscendingOrder)

    # ----------------------------------------------------------- contents

    def set_rows(self, rows: DocumentRows | None) -> None:
        self.beginResetModel()
        self._rows = rows
        self._order = self._sorted(*self._sort)
        self.endResetModel()

    def rows(self) -> DocumentRows | None:
        return self._rows

    def uid_at(self, row: int) -> str | None:
        if self._rows is None or not 0 <= row < len(self._order):
            return None
        return self._rows.figures.doc_ids[int(self._order[row])]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() or self._rows is None else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(COLUMNS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        if role == Qt.ItemDataRole.ToolTipRole:
            return HEADER_TIPS.get(section)
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        rows = self._rows
        if rows is None or not index.isValid():
            return None
        at, column = int(self._order[index.row()]), index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(rows, at, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tip(rows, at, column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column != _TITLE:
            return int(_RIGHT.value)
        if role == Qt.ItemDataRole.ForegroundRole and column in _FIGURES \
                and rows.columns[column][at] == NA_SORT:
            return _NA_COLOUR
        if role == UidRole and column == _TITLE:
            return rows.figures.doc_ids[at]
        return None

    @staticmethod
    def _text(rows: DocumentRows, at: int, column: int) -> str:
        if column == _TITLE:
            return rows.titles[at]
        value = float(rows.columns[column][at])
        if column in _FIGURES:
            return fig(None if value == NA_SORT else value)
        return num(value)

    @staticmethod
    def _tip(rows: DocumentRows, at: int, column: int) -> str | None:
        figures = rows.figures
        if column == _TITLE:
            return plain.tip(rows.titles[at])
        if column in (_EXACT, _PARTIAL):
            tp = figures.exact_tp[at] if column == _EXACT else figures.partial_tp[at]
            from annotator.core.agreement import SpanScore

            return counts_or_reason(SpanScore(float(tp), int(figures.n_a[at]),
                                              int(figures.n_b[at])))
        if column in (_REL_EXACT, _REL_OVERLAP):
            tp = figures.relations_exact[at] if column == _REL_EXACT \
                else figures.relations_overlap[at]
            from annotator.core.agreement import RelationScore

            return counts_or_reason(RelationScore(int(tp), int(figures.relations_a[at]),
                                                  int(figures.relations_b[at])))
        if column == _KAPPA:
            # The pair's documents are in the same order as the rows: make just this one.
            k = rows.pair.documents[at].kappa.overall
            return f"{k.n_units:,} tokens" if k.kappa is not None else f"n/a: {k.reason}"
        if column == _ALPHA:
            alpha = rows.report.alpha.documents.get(figures.doc_ids[at])
            if alpha is None:
                return "n/a: not in the comparison"
            return f"{alpha.n_units:,} tokens" if alpha.alpha is not None \
                else f"n/a: {alpha.reason}"
        return None

    # ----------------------------------------------------------- sorting

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self._sort = (column, order)
        if self._rows is None:
            return
        self.layoutAboutToBeChanged.emit()
        before = self._order
        self._order = self._sorted(column, order)
        where = np.empty(len(self._order), dtype=np.int64)
        where[self._order] = np.arange(len(self._order))
        old = self.persistentIndexList()
        self.changePersistentIndexList(
            old, [self.index(int(where[before[i.row()]]), i.column()) for i in old])
        self.layoutChanged.emit()

    def _sorted(self, column: int, order: Qt.SortOrder) -> np.ndarray:
        if self._rows is None or not 0 <= column < len(COLUMNS):
            return np.arange(0 if self._rows is None else len(self._rows))
        key = self._rows.columns[column]
        if order == Qt.SortOrder.DescendingOrder:
            key = -key
        return np.argsort(key, kind="stable")
