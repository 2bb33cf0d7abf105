"""Review ▸ Agreement…: agreement figures and pictures, computed off the GUI thread.

For the chosen annotators: a summary of the chosen pair (each figure with its
counts, relation F1 too), per-label bars (span F1 exact and partial, token kappa),
per relation type bars (relation F1 exact and with overlapping ends), the label
confusion table, the pairwise matrix (more than two annotators) and a table of
documents, span and relation figures of each (a lazy model: see
:mod:`.document_table`); clicking a document opens it in the main window.
Nothing but putting results on screen happens on the GUI thread: even choosing
the annotators (people with spans) is left to the job.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, Qt, Signal
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

from annotator.core.model import AnnotatorKind
from annotator.store import Store
from annotator.ui import plain
from annotator.ui.focus import tab_leaves
from annotator.ui.review.bars import BarGroup, Figure, LabelBars
from annotator.ui.review.document_table import (
    COLUMNS,
    DocumentRows,
    DocumentTableModel,
    document_rows,
    fig,
    score_counts,
)
from annotator.ui.workers import BackgroundJob, Progress

if TYPE_CHECKING:  # the metrics (numpy) load on the job's thread, not when the dialog opens
    from annotator.core.agreement import Confusion, Kappa, PairAgreement, SpanScore
    from annotator.core.agreement.report import RelationF1
    from annotator.services.agreement import AgreementReport

SortRole = Qt.ItemDataRole.UserRole + 1
AGREE_RGB = (46, 139, 58)
DISAGREE_RGB = (192, 57, 43)
NONE_TEXT = "(none)"


@dataclass(frozen=True)
class Agreement:
    """What the dashboard shows, all of it made off the GUI thread. ``report`` is
    None when fewer than two annotators were chosen."""

    report: AgreementReport | None = None
    confusions: dict[tuple[str, str], Confusion] | None = None
    documents: dict[tuple[str, str], DocumentRows] | None = None


def default_annotators(kinds: dict[str, AnnotatorKind], with_spans: set[str]) -> list[str]:
    """People with spans: whom a comparison is usually about."""
    return [name for name, kind in kinds.items()
            if kind is AnnotatorKind.HUMAN and name in with_spans]


def compute(store: Store, annotators: list[str] | None, progress: Progress | None = None
            ) -> Agreement:
    """Agreement of these annotators (None: the people with spans), with the confusion
    table and the per-document rows of every pair."""
    from annotator.services.agreement import agreement_report

    names = annotators if annotators is not None else \
        default_annotators(dict(store.annotators.all()), store.reads.annotators_with_spans())
    if len(names) < 2:
        return Agreement()
    report = agreement_report(store, names, progress=progress)
    pairs = [(p.annotator_a, p.annotator_b) for p in report.pairs()]
    return Agreement(report, {pair: report.confusion(*pair) for pair in pairs},
                     {pair: document_rows(report, *pair) for pair in pairs})


def kappa_counts(kappa: Kappa) -> str:
    return f"{kappa.n_units:,} tokens"


def item(text: str, sort: Any = None, tip: str | None = None,
         align_right: bool = False) -> QStandardItem:
    cell = QStandardItem(text)
    cell.setEditable(False)
    cell.setData(text if sort is None else sort, SortRole)
    if tip:
        cell.setToolTip(plain.tip(tip))
    if align_right:
        cell.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return cell


def table(parent: QWidget) -> QTableView:
    view = tab_leaves(QTableView(parent))
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
                 annotators: list[str] | None = None,
                 track: Callable[[BackgroundJob], None] | None = None) -> None:
        """``track`` hands each job to the window, which waits for it when it closes;
        with it, closing this dialog while it computes does not wait."""
        super().__init__(parent)
        self._track = track
        self.setWindowTitle("Agreement")
        self.store = store
        self.result: Agreement | None = None
        self._job: BackgroundJob | None = None
        self._kinds = dict(store.annotators.all())

        self.checks: dict[str, QCheckBox] = {}
        choose = QHBoxLayout()
        choose.addWidget(QLabel("Annotators:", self))
        for name, kind in self._kinds.items():
            box = QCheckBox(plain.mnemonic_free(name), self)
            box.setToolTip(plain.tip(f"{name}: {kind.value}"))
            box.setChecked(name in (annotators or ()))
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

        relations_page = QWidget(self)
        relations_layout = QVBoxLayout(relations_page)
        self.relations_caption = plain.plain_label(QLabel(relations_page))
        self.relations_caption.setWordWrap(True)
        self.relation_bars = LabelBars(relations_page)
        relations_scroll = QScrollArea(relations_page)
        relations_scroll.setWidgetResizable(True)
        relations_scroll.setWidget(self.relation_bars)
        relations_scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        relations_layout.addWidget(self.relations_caption)
        relations_layout.addWidget(relations_scroll, 1)
        self.relations_tab = self.tabs.addTab(relations_page, "Relations")

        confusion_page = QWidget(self)
        confusion_layout = QVBoxLayout(confusion_page)
        self.confusion_caption = plain.plain_label(QLabel(confusion_page))
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
        self.matrix_caption = plain.plain_label(QLabel(matrix_page))
        self.matrix_caption.setWordWrap(True)
        self.matrix_model = QStandardItemModel(self)
        self.matrix_view = table(matrix_page)
        self.matrix_view.setModel(self.matrix_model)
        self.matrix_view.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        matrix_layout.addWidget(self.matrix_caption)
        matrix_layout.addWidget(self.matrix_view, 1)
        self.matrix_tab = self.tabs.addTab(matrix_page, "Pairwise")

        self.documents_model = DocumentTableModel(self)
        self.documents_view = table(self)
        self.documents_view.setModel(self.documents_model)
        self.documents_view.setSortingEnabled(True)
        self.documents_view.verticalHeader().hide()
        self._size_document_columns()
        # Worst first: where a reviewer should look.
        self.documents_view.sortByColumn(1, Qt.SortOrder.AscendingOrder)
        self.documents_view.setToolTip("Click a document to open it")
        self.documents_view.clicked.connect(self._document_clicked)
        self.documents_view.activated.connect(self._document_clicked)
        self.documents_tab = self.tabs.addTab(self.documents_view, "Documents")

        close = QPushButton("Close", self)
        close.clicked.connect(self.close)
        bottom = QHBoxLayout()
        self.note = plain.plain_label(QLabel(self))
        self.note.setStyleSheet("color: palette(placeholder-text);")
        bottom.addWidget(self.note, 1)
        bottom.addWidget(close)

        layout = QVBoxLayout(self)
        layout.addLayout(choose)
        layout.addLayout(pair_row)
        layout.addWidget(self.summary)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(bottom)
        self.resize(1180, 700)  # the documents table: eleven columns and a readable title
        self._choice_changed()
        # Given annotators (those under review) or, read by the job, the people with spans.
        self._start(annotators)

    # ---------------------------------------------------------- computing

    def chosen(self) -> list[str]:
        return [name for name, box in self.checks.items() if box.isChecked()]

    def _choice_changed(self) -> None:
        self.compute_button.setEnabled(len(self.chosen()) >= 2 and self._job is None)

    def start(self) -> None:
        """Compute for the annotators ticked."""
        if len(self.chosen()) >= 2:
            self._start(self.chosen())

    def _start(self, names: list[str] | None) -> None:
        if self._job is not None:
            return
        self.compute_button.setEnabled(False)
        self.note.setText("Computing…")
        store = self.store
        self._job = BackgroundJob(self, "Computing agreement",
                                  lambda progress: compute(store, names, progress),
                                  self._done, self._failed)
        self._job.finished.connect(self._job_finished)
        if self._track is not None:
            self._track(self._job)
        self._job.start()

    def is_ready(self) -> bool:
        """The figures are shown, the per-document table holds every document."""
        return self.result is not None and self._job is None and (
            self.result.report is None or self.documents_model.rows() is not None)

    def _job_finished(self) -> None:
        self._job = None
        self._choice_changed()

    def _failed(self, message: str) -> None:
        self.note.setText(f"Not computed: {message}")

    def _done(self, result: Agreement) -> None:
        report = result.report
        if report is None:
            self.result = result
            self.note.setText("")
            self.summary.setText("Fewer than two people have spans to compare yet. Tick two "
                                 "or more annotators and press Compute.")
            return
        compared = report.comparison.corpus.spans
        for name, box in self.checks.items():
            box.blockSignals(True)
            box.setChecked(name in report.annotators)
            box.blockSignals(False)
            if name in compared:
                box.setToolTip(plain.tip(f"{name}: {self._kinds[name].value}, "
                                         f"{len(compared[name]):,} accepted spans compared"))
        self._choice_changed()
        self.result = result
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
        job, self._job = self._job, None
        if job is not None:
            job.finished.disconnect(self._job_finished)
            keeper = self.parent()
            if self._track is not None and keeper is not None:
                job.abandon(keeper)  # closing never waits for the figures
            else:
                job.cancel_and_wait()
        super().closeEvent(event)

    # ----------------------------------------------------------- showing

    def pair(self) -> PairAgreement | None:
        if self.result is None or self.result.report is None or self.pair_box.currentIndex() < 0:
            return None
        a, b = self.pair_box.currentData()
        return self.result.report.matrix.get(a, b)

    def _show_pair(self, _index: int) -> None:
        pair = self.pair()
        if pair is None or self.result is None:
            return
        key = (pair.annotator_a, pair.annotator_b)
        assert self.result.confusions is not None and self.result.documents is not None
        self._show_summary(pair)
        self._show_bars(pair)
        self._show_relations(pair.relations)
        self._show_confusion(self.result.confusions[key])
        self._show_documents(self.result.documents[key])

    def _show_summary(self, pair: PairAgreement) -> None:
        assert self.result is not None and self.result.report is not None
        alpha = self.result.report.alpha.overall
        e, p, k = pair.exact.overall, pair.partial.overall, pair.kappa.overall

        def part(name: str, value: float | None, counts: str, reason: str | None) -> str:
            shown = f"<b>{fig(value)}</b>" if value is not None else \
                f"<span title='{plain.escaped(reason or '')}'>n/a</span>"
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
        relations = ""
        if pair.relations is not None:
            r, o = pair.relations.exact.overall, pair.relations.overlap.overall
            relations = "<br>" + " &nbsp;·&nbsp; ".join([
                part("Relation F1 exact", r.f1, score_counts(r), r.reason),
                part("with overlapping ends", o.f1, score_counts(o), o.reason)])
        self.summary.setText(
            f"<b>{plain.escaped(pair.annotator_a)}</b> vs "
            f"<b>{plain.escaped(pair.annotator_b)}</b> over "
            f"{pair.n_documents:,} documents{excluded}<br>" + " &nbsp;·&nbsp; ".join(parts)
            + relations)

    def _show_bars(self, pair: PairAgreement) -> None:
        from annotator.core.agreement import Kappa, SpanScore  # loaded by the job by now

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

    def _show_relations(self, found: RelationF1 | None) -> None:
        """Relation F1 per type: both ends and the type equal, or the ends overlapping
        (labels equal) and the type equal."""
        from annotator.core.agreement import SpanScore  # loaded by the job by now

        if found is None or (not found.exact.overall.n_a and not found.exact.overall.n_b):
            self.relation_bars.set_groups([])
            self.relations_caption.setText("Neither annotator has a relation in the documents "
                                           "compared.")
            self.tabs.setTabText(self.relations_tab, "Relations")
            return
        colours = {t.name: t.color for t in self.store.relation_types.all(include_archived=True)}
        empty = SpanScore(0, 0, 0)
        groups = [self._relation_group("(all types)", "#555555", found.exact.overall,
                                       found.overlap.overall)]
        for kind in sorted(found.exact.per_label.keys() | found.overlap.per_label.keys()):
            groups.append(self._relation_group(kind, colours.get(kind, "#888888"),
                                               found.exact.per_label.get(kind, empty),
                                               found.overlap.per_label.get(kind, empty)))
        self.relation_bars.set_groups(groups)
        n = found.exact.overall
        self.relations_caption.setText(
            f"Relations of {n.n_a:,} and {n.n_b:,}: exact when both ends (extent and label) "
            "and the type are equal; with overlapping ends when each end overlaps one with "
            "the same label and the type is equal (each relation matched once).")
        self.tabs.setTabText(self.relations_tab, f"Relations ({n.n_a + n.n_b:,})")

    @staticmethod
    def _relation_group(kind: str, colour: str, exact: SpanScore, overlap: SpanScore
                        ) -> BarGroup:
        return BarGroup(kind, colour, [
            Figure("F1 exact", exact.f1, score_counts(exact), exact.reason,
                   f"precision {fig(exact.precision)}, recall {fig(exact.recall)}; "
                   f"{exact.n_a:,} and {exact.n_b:,} relations"),
            Figure("F1 overlap", overlap.f1, score_counts(overlap), overlap.reason,
                   "ends that overlap (labels equal) count as the same span"),
        ])

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

    def _size_document_columns(self) -> None:
        """Widths from the font, not from the rows: measuring contents would read
        a thousand rows of every column."""
        header = self.documents_view.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        metrics = self.documents_view.fontMetrics()
        for column in range(1, len(COLUMNS)):
            widest = max(metrics.horizontalAdvance(COLUMNS[column]),
                         metrics.horizontalAdvance("00,000"))
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, widest + 28)  # room for the sort arrow

    def _show_documents(self, rows: DocumentRows) -> None:
        self.documents_model.set_rows(rows)
        self.tabs.setTabText(self.documents_tab, f"Documents ({len(rows):,})")

    def _document_clicked(self, index: QModelIndex) -> None:
        uid = self.documents_model.uid_at(index.row())
        if uid:
            self.documentChosen.emit(uid)
