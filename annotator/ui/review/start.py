"""Review ▸ Start review…: whose spans to compare, and the name of the reviewed set."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from annotator.core.model import AnnotatorKind
from annotator.store import Store
from annotator.ui import plain

NameRole = Qt.ItemDataRole.UserRole + 1


class StartReviewDialog(QDialog):
    def __init__(self, store: Store, parent: QWidget | None = None, *,
                 chosen: list[str] | None = None, reviewer: str | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Start review")
        kinds = dict(store.annotators.all())
        counts = store.reads.spans_per_annotator()
        intro = QLabel("Compare the spans of two or more annotators and decide each one. "
                       "Accepted spans form the reviewed set, which exports like any "
                       "annotator's set.", self)
        intro.setWordWrap(True)
        self.annotators = QListWidget(self)
        for name, kind in kinds.items():
            if kind is AnnotatorKind.REVIEWER:
                continue
            n = counts.get(name, 0)
            item = QListWidgetItem(f"{name}   ({kind.value}, {n:,} spans)")
            item.setData(NameRole, name)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            on = name in chosen if chosen else n > 0 and kind is AnnotatorKind.HUMAN
            item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
            self.annotators.addItem(item)
        self.reviewer = QComboBox(self)
        self.reviewer.setEditable(True)
        reviewers = [n for n, k in kinds.items() if k is AnnotatorKind.REVIEWER]
        self.reviewer.addItems(reviewers or ["reviewed"])
        if reviewer:
            self.reviewer.setCurrentText(reviewer)
        self.reviewer.setToolTip("The reviewed set is kept under this name (an annotator of "
                                 "kind reviewer); an existing reviewer continues its review.")
        self.problem = plain.plain_label(QLabel(self))  # may name an annotator
        self.problem.setStyleSheet("color: #c0392b;")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Start review")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow("Annotators to compare:", self.annotators)
        form.addRow("Reviewed set name:", self.reviewer)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self._kinds = kinds
        self.annotators.itemChanged.connect(self._check)
        self.reviewer.currentTextChanged.connect(self._check)
        self._check()
        self.resize(460, 360)

    def chosen(self) -> list[str]:
        items = (self.annotators.item(i) for i in range(self.annotators.count()))
        return [item.data(NameRole) for item in items
                if item.checkState() == Qt.CheckState.Checked]

    def reviewer_name(self) -> str:
        return self.reviewer.currentText().strip()

    def _check(self) -> None:
        problem = ""
        name = self.reviewer_name()
        if len(self.chosen()) < 2:
            problem = "Choose at least two annotators."
        elif not name:
            problem = "Name the reviewed set."
        elif name in self.chosen():
            problem = f"{name} is under review; name the reviewed set differently."
        elif name in self._kinds and self._kinds[name] is not AnnotatorKind.REVIEWER:
            problem = f"{name} is an annotator's own set; name the reviewed set differently."
        self.problem.setText(problem)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not problem)
