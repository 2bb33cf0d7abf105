"""The review panel: progress, a legend of categories, the candidates (spans, then the
relations between them), and the decisions."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from annotator.services.review import Candidate, CorpusProgress
from annotator.ui import plain
from annotator.ui.focus import tab_leaves
from annotator.ui.review.colours import CATEGORY_COLOUR, CATEGORY_HELP, LEGEND_ORDER
from annotator.ui.review.model import SHORT, CandidateTableModel
from annotator.ui.review.relations import RelationCandidateModel
from annotator.ui.table_model import select_row


class ReviewPanel(QWidget):
    candidateChosen = Signal(int)  # row, or -1
    relationChosen = Signal(int)  # row of the relation candidates, or -1

    def __init__(self, model: CandidateTableModel, relation_model: RelationCandidateModel,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.relation_model = relation_model
        self.heading = QLabel(self)
        self.heading.setWordWrap(True)
        self.heading.setTextFormat(Qt.TextFormat.RichText)
        self.progress = QProgressBar(self)
        self.progress.setTextVisible(True)
        self.progress.setToolTip("Candidates of this document with a decision")
        self.corpus = QLabel(self)
        self.corpus.setWordWrap(True)
        self.legend = QLabel(self)
        self.legend.setWordWrap(True)
        self.legend.setTextFormat(Qt.TextFormat.RichText)
        self.legend.setToolTip("\n".join(f"{SHORT[c]}: {CATEGORY_HELP[c]}"
                                         for c in LEGEND_ORDER))
        self.key = QLabel("In the text: undecided spans in their category's colour, accepted "
                          "ones in their label's colour, rejected ones grey.", self)
        self.key.setWordWrap(True)
        self.key.setStyleSheet("color: palette(placeholder-text);")

        self.table = tab_leaves(QTableView(self))
        self.table.setModel(model)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setShowGrid(False)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        metrics = self.fontMetrics()
        # The fixed columns leave the text (stretched) room for a few words; a longer
        # "proposed by" is elided, its whole list in the tooltip.
        widths = {model.CATEGORY: "label differs____", model.LABEL: "weapon__",
                  model.WHO: "alice, bob__", model.DECISION: "✓ accepted_"}
        for column in range(len(model.COLUMNS)):
            if column == model.TEXT:
                header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
            else:
                header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
                header.resizeSection(column, metrics.horizontalAdvance(widths[column]) + 12)

        self.relations_heading = QLabel("Relations", self)
        self.relations_heading.setStyleSheet("font-weight: bold; padding: 2px 0;")
        self.relation_table = QTableView(self)
        self.relation_table.setModel(relation_model)
        for table in (self.relation_table,):
            table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
            table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
            table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
            table.setShowGrid(False)
            table.setAlternatingRowColors(True)
            table.setWordWrap(False)
            table.verticalHeader().hide()
            table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
            table.horizontalHeader().setHighlightSections(False)
        header = self.relation_table.horizontalHeader()
        widths = {relation_model.CATEGORY: "type differs____", relation_model.TYPE: "speaker__",
                  relation_model.WHO: "alice, bob__", relation_model.DECISION: "✓ accepted_"}
        for column in range(len(relation_model.COLUMNS)):
            if column == relation_model.LINK:
                header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
            else:
                header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
                header.resizeSection(column, metrics.horizontalAdvance(widths[column]) + 12)

        self.accept_button = QPushButton("&Accept  (A)", self)
        self.reject_button = QPushButton("&Reject  (R)", self)
        self.clear_button = QPushButton("&Undecide  (U)", self)
        self.agreed_button = QPushButton("Accept all a&greed  (Shift+A)", self)
        self.next_button = QPushButton("Next document to review  (Shift+N)", self)
        self.leave_button = QPushButton("Leave review", self)
        self.accept_button.setToolTip("Keep this span in the reviewed set")
        self.reject_button.setToolTip("Leave this span out of the reviewed set")
        self.clear_button.setToolTip("Forget the decision on this span")
        self.agreed_button.setToolTip("Accept every undecided span all annotators agree on")
        for button, colour in ((self.accept_button, "#2e8b3a"), (self.reject_button, "#c0392b")):
            button.setStyleSheet(f"QPushButton {{ color: {colour}; font-weight: bold; }}")
        buttons = QGridLayout()
        buttons.setSpacing(6)
        buttons.addWidget(self.accept_button, 0, 0)
        buttons.addWidget(self.reject_button, 0, 1)
        buttons.addWidget(self.clear_button, 0, 2)
        buttons.addWidget(self.agreed_button, 1, 0, 1, 2)
        buttons.addWidget(self.leave_button, 1, 2)
        buttons.addWidget(self.next_button, 2, 0, 1, 3)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self.heading)
        layout.addWidget(self.progress)
        layout.addWidget(self.corpus)
        layout.addWidget(self.legend)
        layout.addWidget(self.key)
        layout.addWidget(self.table, 3)
        layout.addWidget(self.relations_heading)
        layout.addWidget(self.relation_table, 1)
        layout.addLayout(buttons)
        self._quiet = False
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        self.relation_table.selectionModel().currentRowChanged.connect(self._relation_changed)

    def focus_chain(self) -> list[QWidget]:
        """The candidates, then the buttons, for the window's Tab chain."""
        return [self.table, self.accept_button, self.reject_button, self.clear_button,
                self.agreed_button, self.leave_button, self.next_button]

    # ------------------------------------------------------------- showing

    def set_heading(self, annotators: list[str], reviewer: str) -> None:
        self.heading.setText(
            f"<b style='font-size: 120%'>Review</b><br>"
            f"{plain.escaped(' · '.join(annotators))} &nbsp;→&nbsp; "
            f"<b>{plain.escaped(reviewer)}</b>")

    def show_progress(self, decided: int, total: int, relations: tuple[int, int] = (0, 0)
                      ) -> None:
        """Spans decided of all; ``relations``: (decided, total) of the relation candidates,
        counted in."""
        decided, total = decided + relations[0], total + relations[1]
        self.progress.setMaximum(max(total, 1))
        self.progress.setValue(decided if total else 1)
        linked = f" ({relations[1]} relation{'s' if relations[1] != 1 else ''})" \
            if relations[1] else ""
        self.progress.setFormat(f"{decided} / {total} decided{linked}" if total
                                else "Nothing to decide in this document")
        n = self.relation_model.rowCount()
        self.relations_heading.setText(f"Relations ({n})" if n else "Relations")

    def show_corpus(self, progress: CorpusProgress | None) -> None:
        """The corpus's progress; None while it is being counted."""
        if progress is None:
            self.corpus.setText("Corpus: counting review progress…")
            return
        self.corpus.setText(
            f"Corpus: {progress.decided:,} / {progress.total:,} decided · "
            f"{progress.documents_done:,} of {progress.documents:,} documents reviewed")

    def show_legend(self, candidates: list[Candidate]) -> None:
        counts = Counter(c.category for c in candidates)
        parts = []
        for category in LEGEND_ORDER:
            colour = CATEGORY_COLOUR[category]
            n = counts.get(category, 0)
            weight = "bold" if n else "normal"
            parts.append(f"<span style='color:{colour}; font-size: 120%'>■</span>"
                         f"&nbsp;<span style='font-weight:{weight}'>{SHORT[category]}"
                         f"&nbsp;{n}</span>")
        self.legend.setText(" &nbsp; ".join(parts))

    @contextmanager
    def quiet(self) -> Iterator[None]:
        was, self._quiet = self._quiet, True
        try:
            yield
        finally:
            self._quiet = was

    def current_row(self) -> int:
        index = self.table.currentIndex()
        return index.row() if index.isValid() else -1

    def show_row(self, row: int) -> None:
        """Select a row (or none) without announcing it."""
        with self.quiet():
            select_row(self.table, row)

    def current_relation_row(self) -> int:
        index = self.relation_table.currentIndex()
        return index.row() if index.isValid() else -1

    def show_relation_row(self, row: int) -> None:
        with self.quiet():
            select_row(self.relation_table, row)

    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not self._quiet:
            self.candidateChosen.emit(current.row() if current.isValid() else -1)

    def _relation_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not self._quiet:
            self.relationChosen.emit(current.row() if current.isValid() else -1)
