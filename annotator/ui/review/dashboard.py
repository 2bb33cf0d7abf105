"""Review ▸ Agreement…: agreement figures and pictures, computed off the GUI thread.

For the chosen annotators: a summary of the chosen pair (each figure with its
counts), per-label bars (span F1 exact and partial, token kappa), the label
confusion table, the pairwise matrix (more than two annotators) and a table of
documents; clicking a document opens it in the main window.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QModelIndex, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QCloseEvent, QColor, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from annotator.core.agreement import Confusion, Kappa, PairAgreement, SpanScore
from annotator.core.model import AnnotatorKind
from annotator.services.agreement import AgreementReport
from annotator.store import Store
from annotator.ui.review.bars import BarGroup, Figure, LabelBars
from annotator.ui.workers import BackgroundJob, Progress

SortRole = Qt.ItemDataRole.UserRole + 1
UidRole = Qt.ItemDataRole.UserRole + 2
AGREE_RGB = (46, 139, 58)
DISAGREE_RGB = (192, 57, 43)
NONE_TEXT = "(none)"


@dataclass(frozen=True)
class Agreement:
    report: AgreementReport
    confusions: dict[tuple[str, str], Confusion]


def compute(store: Store, annotators: list[str], progress: Progress | None = None) -> Agreement:
    from annotator.services.agreement import agreement_report

    report = agreement_report(store, annotators, progress=progress)
    confusions = {(p.annotator_a, p.annotator_b): report.confusion(p.annotator_a, p.annotator_b)
                  for p in report.pairs()}
    return Agreement(report, confusions)


def fig(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.2f}"


def num(value: float) -> str:
    return f"{value:,.0f}" if value == int(value) else f"{value:,.2f}"


def score_counts(score: SpanScore) -> str:
    return f"TP {num(score.tp)} · FP {num(score.fp)} · FN {num(score.fn)}"


def kappa_counts(kappa: Kappa) -> str:
    return f"{kappa.n_units:,} tokens"


def item(text: str, sort: Any = None, tip: str | None = None,
         align_right: bool = False) -> QStandardItem:
    cell = QStandardItem(text)
    cell.setEditable(False)
    cell.setData(text if sort is None else sort, SortRole)
    if tip:
        cell.setToolTip(tip)
    if align_right:
        cell.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return cell


def figure_item(value: float | None, reason: str | None, counts: str) -> QStandardItem:
    tip = counts if value is not None else f"n/a: {reason or 'undefined'}"
    cell = item(fig(value), -2.0 if value is None else value, tip, align_right=True)
    if value is None:
        cell.setForeground(QColor("#8a8a8a"))
    return cell


def table(parent: QWidget) -> QTableView:
    view = QTableView(parent)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 10)
    view.horizontalHeader().setHighlightSections(False)
    return view


class AgreementDialog(QDialog):
    documentChosen = Signal(str)  # uid
    computed = Signal()

    def __init__(self, store: Store, parent: QWidget | None = None, *,
                 annotators: list[str] | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Agreement")
        self.store = store
        self.result: Agreement | None = None
        self._job: BackgroundJob | None = None
        kinds = dict(store.annotators.all())
        counts = store.reads.stats()["spans_per_annotator"]
        assert isinstance(counts, dict)
        chosen = annotators or [n for n, k in kinds.items()
                                if k is AnnotatorKind.HUMAN and counts.get(n, 0)]

        self.checks: dict[str, QCheckBox] = {}
        choose = QHBoxLayout()
        choose.addWidget(QLabel("Annotators:", self))
        for name, kind in kinds.items():
            box = QCheckBox(name, self)
            box.setToolTip(f"{kind.value}, {counts.get(name, 0):,} spans")
            box.setChecked(name in chosen)
            box.toggled.connect(self._choice_changed)
            self.checks[name] = box
            choose.addWidget(box)
        choose.addStretch(1)
        self.compute_button = QPushButton("Compute", self)
        self.compute_button.clicked.connect(self.start)
        choose.addWidget(self.compute_button)

        pair_row = QHBoxLayout()
        pair_row.addWidget(QLabel("Pair:", self))
        self.pair_box = QComboBox(self)
        self.pair_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.pair_box.setMinimumContentsLength(16)
        self.pair_box.currentIndexChanged.connect(self._show_pair)
        pair_row.addWidget(self.pair_box)
        pair_row.addStretch(1)

        self.summary = QLabel("Choose two or more annotators and press Compute.", self)
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.tabs = QTabWidget(self)
        self.bars = LabelBars(self)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.bars)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.tabs.addTab(scroll, "Per label")

        confusion_page = QWidget(self)
        confusion_layout = QVBoxLayout(confusion_page)
        self.confusion_caption = QLabel(confusion_page)
        self.confusion_caption.setWordWrap(True)
        self.confusion_model = QStandardItemModel(self)
        self.confusion_view = table(confusion_page)
        self.confusion_view.setModel(self.confusion_model)
        self.confusion_view.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        confusion_layout.addWidget(self.confusion_caption)
        confusion_layout.addWidget(self.confusion_view, 1)
        self.tabs.addTab(confusion_page, "Label confusion")

        matrix_page = QWidget(self)
        matrix_layout = QVBoxLayout(matrix_page)
        self.matrix_caption = QLabel(matrix_page)
        self.matrix_caption.setWordWrap(True)
        self.matrix_model = QStandardItemModel(self)
        self.matrix_view = table(matrix_page)
        self.matrix_view.setModel(self.matrix_model)
        self.matrix_view.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        matrix_layout.addWidget(self.matrix_caption)
        matrix_layout.addWidget(self.matrix_view, 1)
        self.matrix_tab = self.tabs.addTab(matrix_page, "Pairwise")

        self.documents_model = QStandardItemModel(self)
        self.documents_proxy = QSortFilterProxyModel(self)
        self.documents_proxy.setSourceModel(self.documents_model)
        self.documents_proxy.setSortRole(SortRole)
        self.documents_view = table(self)
        self.documents_view.setModel(self.documents_proxy)
        self.documents_view.setSortingEnabled(True)
        self.documents_view.verticalHeader().hide()
        # Worst first: where a reviewer should look.
        self.documents_view.sortByColumn(1, Qt.SortOrder.AscendingOrder)
        self.documents_view.setToolTip("Click a document to open it")
        self.documents_view.clicked.connect(self._document_clicked)
        self.tabs.addTab(self.documents_view, "Documents")

        close = QPushButton("Close", self)
        close.clicked.connect(self.close)
        bottom = QHBoxLayout()
        self.note = QLabel(self)
        self.note.setStyleSheet("color: palette(placeholder-text);")
        bottom.addWidget(self.note, 1)
        bottom.addWidget(close)

        layout = QVBoxLayout(self)
        layout.addLayout(choose)
        layout.addLayout(pair_row)
        layout.addWidget(self.summary)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(bottom)
        self.resize(980, 700)
        self._choice_changed()
        if len(self.chosen()) >= 2:
            self.start()

    # ---------------------------------------------------------- computing

    def chosen(self) -> list[str]:
        return [name for name, box in self.checks.items() if box.isChecked()]

    def _choice_changed(self) -> None:
        self.compute_button.setEnabled(len(self.chosen()) >= 2 and self._job is None)

    def start(self) -> None:
        names = self.chosen()
        if len(names) < 2 or self._job is not None:
            return
        self.compute_button.setEnabled(False)
        self.note.setText("Computing…")
        store = self.store
        self._job = BackgroundJob(self, "Computing agreement",
                                  lambda progress: compute(store, names, progress),
                                  self._done, self._failed)
        self._job.finished.connect(self._job_finished)
        self._job.start()

    def _job_finished(self) -> None:
        self._job = None
        self._choice_changed()

    def _failed(self, message: str) -> None:
        self.note.setText(f"Not computed: {message}")

    def _done(self, result: Agreement) -> None:
        self.result = result
        report = result.report
        self.pair_box.blockSignals(True)
        self.pair_box.clear()
        for pair in report.pairs():
            self.pair_box.addItem(f"{pair.annotator_a} vs {pair.annotator_b}",
                                  (pair.annotator_a, pair.annotator_b))
        self.pair_box.blockSignals(False)
        self._show_matrix(report)
        self._show_pair(0)
        n_docs = len(report.titles)
        self.note.setText(f"{n_docs:,} documents touched by {', '.join(report.annotators)}; "
                          "documents nobody touched are not counted.")
        self.computed.emit()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._job is not None:
            self._job.cancel_and_wait()
        super().closeEvent(event)

    # ----------------------------------------------------------- showing

    def pair(self) -> PairAgreement | None:
        if self.result is None or self.pair_box.currentIndex() < 0:
            return None
        a, b = self.pair_box.currentData()
        return self.result.report.matrix.get(a, b)

    def _show_pair(self, _index: int) -> None:
        pair = self.pair()
        if pair is None or self.result is None:
            return
        self._show_summary(pair)
        self._show_bars(pair)
        self._show_confusion(self.result.confusions[(pair.annotator_a, pair.annotator_b)])
        self._show_documents(pair)

    def _show_summary(self, pair: PairAgreement) -> None:
        assert self.result is not None
        alpha = self.result.report.alpha.overall
        e, p, k = pair.exact.overall, pair.partial.overall, pair.kappa.overall

        def part(name: str, value: float | None, counts: str, reason: str | None) -> str:
            shown = f"<b>{fig(value)}</b>" if value is not None else \
                f"<span title='{reason or ''}'>n/a</span>"
            return f"{name} {shown} <span style='color:gray'>({counts})</span>"

        names = self.result.report.annotators
        parts = [
            part("Span F1 exact", e.f1, score_counts(e), e.reason),
            part("partial", p.f1, score_counts(p), p.reason),
            part("token κ", k.kappa, kappa_counts(k), k.reason),
            part(f"Krippendorff α ({len(names)} annotators)", alpha.alpha,
                 f"{alpha.n_units:,} tokens", alpha.reason),
        ]
        excluded = f", {pair.n_excluded} not touched" if pair.n_excluded else ""
        self.summary.setText(
            f"<b>{pair.annotator_a}</b> vs <b>{pair.annotator_b}</b> over "
            f"{pair.n_documents:,} documents{excluded}<br>" + " &nbsp;·&nbsp; ".join(parts))

    def _show_bars(self, pair: PairAgreement) -> None:
        every = self.store.labels.all(include_archived=True)
        colours = {label.name: label.color for label in every}
        groups = [self._group("(all labels)", "#555555", pair.exact.overall,
                              pair.partial.overall, pair.kappa.overall)]
        labels = sorted(pair.exact.per_label.keys() | pair.kappa.per_label.keys())
        for label in labels:
            empty = SpanScore(0, 0, 0)
            groups.append(self._group(label, colours.get(label, "#888888"),
                                      pair.exact.per_label.get(label, empty),
                                      pair.partial.per_label.get(label, empty),
                                      pair.kappa.per_label.get(label, Kappa({}))))
        self.bars.set_groups(groups)

    @staticmethod
    def _group(label: str, colour: str, exact: SpanScore, partial: SpanScore,
               kappa: Kappa) -> BarGroup:
        return BarGroup(label, colour, [
            Figure("F1 exact", exact.f1, score_counts(exact), exact.reason,
                   f"precision {fig(exact.precision)}, recall {fig(exact.recall)}; "
                   f"{exact.n_a:,} and {exact.n_b:,} spans"),
            Figure("F1 partial", partial.f1, score_counts(partial), partial.reason,
                   "overlapping spans earn their overlap share (Jaccard)"),
            Figure("token κ", kappa.kappa, kappa_counts(kappa), kappa.reason,
                   f"observed {fig(kappa.observed)}, expected {fig(kappa.expected)}"),
        ])

    def _show_confusion(self, confusion: Confusion) -> None:
        model = self.confusion_model
        model.clear()
        labels: list[str | None] = [*confusion.labels, None]
        a, b = confusion.annotator_a, confusion.annotator_b
        model.setHorizontalHeaderLabels(
            [f"{b}: {label or NONE_TEXT}\n{confusion.column_total(label):,}" for label in labels])
        model.setVerticalHeaderLabels(
            [f"{a}: {label or NONE_TEXT}  ({confusion.row_total(label):,})" for label in labels])
        biggest = max([n for (x, y), n in confusion.counts.items()] or [1])
        for r, label_a in enumerate(labels):
            for c, label_b in enumerate(labels):
                n = confusion.get(label_a, label_b)
                if label_a is None and label_b is None:
                    cell = item("—", 0, "nobody marked nothing: not counted")
                else:
                    cell = item(f"{n:,}" if n else "·", n, self._confusion_tip(
                        a, b, label_a, label_b, n))
                    if n:
                        rgb = AGREE_RGB if label_a == label_b else DISAGREE_RGB
                        strength = 0.18 + 0.82 * (n / biggest) ** 0.5  # small counts show
                        cell.setBackground(QColor(*rgb, int(255 * strength)))
                        if strength > 0.55:
                            cell.setForeground(QColor("white"))
                cell.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                model.setItem(r, c, cell)
        header = self.confusion_view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.confusion_view.verticalHeader().setDefaultSectionSize(
            self.confusion_view.fontMetrics().height() * 3)
        self.confusion_caption.setText(
            f"Spans matched by extent (same start and end). Rows: {a}'s label; columns: "
            f"{b}'s label at the same words; {NONE_TEXT}: no span there at all. Green: the "
            f"same label; red: disagreement. {confusion.agreed:,} of {confusion.total:,} "
            "extents agree.")

    @staticmethod
    def _confusion_tip(a: str, b: str, label_a: str | None, label_b: str | None,
                       n: int) -> str:
        if label_a == label_b:
            return f"{n:,} spans both marked {label_a} at the same extent"
        if label_a is None:
            return f"{n:,} {label_b} spans of {b} where {a} had no span at that extent"
        if label_b is None:
            return f"{n:,} {label_a} spans of {a} where {b} had no span at that extent"
        return f"{n:,} extents {a} marked {label_a} and {b} marked {label_b}"

    def _show_matrix(self, report: AgreementReport) -> None:
        names = list(report.annotators)
        model = self.matrix_model
        model.clear()
        many = len(names) > 2
        self.tabs.setTabEnabled(self.matrix_tab, many)
        self.tabs.setTabToolTip(self.matrix_tab, "" if many else
                                "With two annotators the pair above is the whole matrix")
        if not many:
            return
        model.setHorizontalHeaderLabels(names)
        model.setVerticalHeaderLabels(names)
        for r, a in enumerate(names):
            for c, b in enumerate(names):
                if a == b:
                    cell = item("—")
                else:
                    pair = report.matrix.get(a, b)
                    e, k = pair.exact.overall, pair.kappa.overall
                    cell = item(f"F1 {fig(e.f1)}   κ {fig(k.kappa)}", e.f1,
                                f"{a} vs {b} over {pair.n_documents:,} documents\n"
                                f"span F1 exact {fig(e.f1)}: {score_counts(e)}\n"
                                f"partial {fig(pair.partial.overall.f1)}\n"
                                f"token κ {fig(k.kappa)}: {kappa_counts(k)}"
                                + (f"\nn/a: {e.reason or k.reason}" if e.f1 is None or
                                   k.kappa is None else ""))
                    if e.f1 is not None:
                        cell.setBackground(QColor(*AGREE_RGB, int(40 + 160 * e.f1)))
                cell.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                model.setItem(r, c, cell)
        self.matrix_view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.matrix_view.verticalHeader().setDefaultSectionSize(
            self.matrix_view.fontMetrics().height() * 3)
        alpha = report.alpha.overall
        self.matrix_caption.setText(
            f"Every pair: corpus span F1 (exact) and token κ; hover a cell for the counts. "
            f"Krippendorff α over all {len(names)}: {fig(alpha.alpha)} "
            f"({alpha.n_units:,} tokens).")

    DOC_COLUMNS = ("Document", "F1 exact", "F1 partial", "TP", "FP", "FN", "token κ",
                   "tokens", "α (all)")

    def _show_documents(self, pair: PairAgreement) -> None:
        assert self.result is not None
        report = self.result.report
        model = self.documents_model
        model.clear()
        model.setHorizontalHeaderLabels(list(self.DOC_COLUMNS))
        for doc in pair.documents:
            e, p, k = doc.exact.overall, doc.partial.overall, doc.kappa.overall
            alpha = report.alpha.documents.get(doc.doc_id)
            title = report.titles.get(doc.doc_id, "") or doc.doc_id[:12]
            first = item(title, title.lower(), title)
            first.setData(doc.doc_id, UidRole)
            model.appendRow([
                first,
                figure_item(e.f1, e.reason, score_counts(e)),
                figure_item(p.f1, p.reason, score_counts(p)),
                item(num(e.tp), e.tp, align_right=True),
                item(num(e.fp), e.fp, align_right=True),
                item(num(e.fn), e.fn, align_right=True),
                figure_item(k.kappa, k.reason, kappa_counts(k)),
                item(f"{k.n_units:,}", k.n_units, align_right=True),
                figure_item(alpha.alpha if alpha else None,
                            alpha.reason if alpha else "not in the comparison",
                            f"{alpha.n_units:,} tokens" if alpha else ""),
            ])
        header = self.documents_view.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, len(self.DOC_COLUMNS)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.tabs.setTabText(3, f"Documents ({len(pair.documents):,})")

    def _document_clicked(self, index: QModelIndex) -> None:
        uid = self.documents_proxy.index(index.row(), 0).data(UidRole)
        if uid:
            self.documentChosen.emit(uid)
