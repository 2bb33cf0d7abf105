"""The filter controls under the search box: each choice adds a term to the query."""

from __future__ import annotations

import re

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QGridLayout, QWidget

STATES = [("Any state", ""), ("To do", "state:todo"), ("Started", "state:started"),
          ("Done", "state:done"), ("Not done", "-state:done")]
REVIEW = [("No review filter", ""), ("Review: agreed", "review:agreed"),
          ("Review: conflict", "review:conflict"),
          ("Review: same extent, other label", "review:label"),
          ("Review: overlapping extents", "review:overlap"),
          ("Review: partial agreement", "review:partial"), ("Review: only one", "review:only")]
_BARE = re.compile(r"[^\s\"()@]+")


def quoted(name: str) -> str:
    """A label or annotator name as a query value: bare when it can be."""
    return name if _BARE.fullmatch(name) else '"' + name.replace('"', "") + '"'


class SearchFilters(QWidget):
    """State, label present or absent, annotator, review category, open suggestions."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = self._combo("This annotator's state")
        self.label = self._combo("Documents with, or without, an accepted span of a label")
        self.annotator = self._combo("Documents where this annotator has a span or a state")
        self.review = self._combo("Documents with a review category between the annotators "
                                  "under review (else every human annotator)")
        self.suggestions = QCheckBox("Suggestions", self)
        self.suggestions.setToolTip("Documents with open suggestions")
        self.suggestions.toggled.connect(self.changed)
        for text, term in STATES:
            self.state.addItem(text, term)
        for text, term in REVIEW:
            self.review.addItem(text, term)
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setHorizontalSpacing(4)
        layout.setVerticalSpacing(4)
        layout.addWidget(self.state, 0, 0)
        layout.addWidget(self.label, 0, 1)
        layout.addWidget(self.annotator, 1, 0)
        layout.addWidget(self.review, 1, 1)
        layout.addWidget(self.suggestions, 2, 0, 1, 2)
        self.set_choices([], [])

    def _combo(self, tip: str) -> QComboBox:
        combo = QComboBox(self)
        combo.setToolTip(tip)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(8)
        combo.currentIndexChanged.connect(lambda _i: self.changed.emit())
        return combo

    def set_choices(self, labels: list[str], annotators: list[str]) -> None:
        """The labels and annotators to offer; a choice still offered stays chosen."""
        label_items = [("Any label", "")]
        for name in labels:
            label_items += [(f"Has {name}", f"label:{quoted(name)}"),
                            (f"Lacks {name}", f"-label:{quoted(name)}")]
        self._fill(self.label, label_items)
        self._fill(self.annotator, [("Anyone", "")] + [
            (f"By {name}", f"by:{quoted(name)}") for name in annotators])

    def _fill(self, combo: QComboBox, items: list[tuple[str, str]]) -> None:
        chosen = combo.currentData()
        combo.blockSignals(True)
        try:
            combo.clear()
            for text, term in items:
                combo.addItem(text, term)
            found = combo.findData(chosen)
            combo.setCurrentIndex(max(found, 0))
        finally:
            combo.blockSignals(False)
        if chosen and found < 0:
            self.changed.emit()

    def terms(self) -> str:
        """The query terms the controls stand for ("" for none)."""
        found = [str(c.currentData() or "") for c in (self.state, self.label, self.annotator,
                                                      self.review)]
        if self.suggestions.isChecked():
            found.append("has:suggestions")
        return " ".join(t for t in found if t)

    def clear(self) -> None:
        for combo in (self.state, self.label, self.annotator, self.review):
            combo.blockSignals(True)
            combo.setCurrentIndex(0)
            combo.blockSignals(False)
        self.suggestions.blockSignals(True)
        self.suggestions.setChecked(False)
        self.suggestions.blockSignals(False)
