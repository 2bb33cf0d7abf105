"""The document list: a filter box over a lazily filled table."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLineEdit,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from annotator.ui.documents.model import DocumentListModel
from annotator.ui.table_model import select_row

FILTER_DELAY_MS = 250  # typing pauses this long before the store is asked


class DocumentPanel(QWidget):
    documentChosen = Signal(str)  # uid

    def __init__(self, model: DocumentListModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.filter_box = QLineEdit(self)
        self.filter_box.setPlaceholderText("Filter titles and text…")
        self.filter_box.setClearButtonEnabled(True)
        self.view = QTreeView(self)
        self.view.setModel(model)
        self.view.setRootIsDecorated(False)
        self.view.setUniformRowHeights(True)  # needed to scroll 100k rows smoothly
        self.view.setAlternatingRowColors(True)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.view.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        # Fixed widths: ResizeToContents would ask every loaded row for its size.
        metrics = self.view.fontMetrics()
        for column, sample in ((1, "started__"), (2, "Spans__")):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
            header.resizeSection(column, metrics.horizontalAdvance(sample) + 8)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.filter_box)
        layout.addWidget(self.view)

        self._timer = QTimer(self, singleShot=True, interval=FILTER_DELAY_MS)
        self._timer.timeout.connect(self.apply_filter)
        self.filter_box.textChanged.connect(self._timer.start)
        self.filter_box.returnPressed.connect(self.apply_filter)
        self.view.selectionModel().currentRowChanged.connect(self._row_changed)
        self._current: str | None = None
        self._quiet = False
        model.modelReset.connect(self._reselect)

    def apply_filter(self) -> None:
        self._timer.stop()
        self.model.set_filter(self.filter_box.text())

    def show_document(self, uid: str) -> None:
        """Mark a document as current without announcing it again."""
        self._current = uid
        self._reselect()

    def _reselect(self) -> None:
        # After a reset (filter, import) the selection is lost; put it back if visible.
        if self._current is None:
            return
        row = self.model.row_of(self._current)
        self._quiet = True
        try:
            select_row(self.view, row)
        finally:
            self._quiet = False

    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._quiet or not current.isValid():
            return
        uid = self.model.uid_at(current.row())
        if uid and uid != self._current:
            self._current = uid
            self.documentChosen.emit(uid)

    def focus_filter(self) -> None:
        self.filter_box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.filter_box.selectAll()
