"""The label set editor: add, rename, recolour, assign keys, archive, delete if unused;
the relation types on a second page (relation_types.py).

Every change is written to the store at once; `labelsChanged` tells the window.
The methods below the slots take plain values so tests can drive them without
modal dialogs.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QInputDialog,
    QLabel,
    QMessageBox,
    QTabWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from annotator.core.model import Label
from annotator.store import Store
from annotator.ui import plain
from annotator.ui.labels.keys import LABEL_KEYS
from annotator.ui.labels.relation_types import RelationTypesPage
from annotator.ui.labels.set_editing import SetEditing
from annotator.ui.store_queue import StoreQueue

NEW_COLOURS = ("#ff7f0e", "#17becf", "#8c564b", "#e377c2", "#bcbd22", "#7f7f7f")


class LabelEditor(SetEditing, QDialog):
    labelsChanged = Signal()
    NOUN = "label"
    TITLE = "Labels"

    def __init__(self, store: Store, parent: QWidget | None = None, *,
                 queue: StoreQueue | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.queue = queue  # the window's store queue: changes are stored through it
        self.setWindowTitle("Labels")
        self.resize(640, 420)
        self.tabs = QTabWidget(self)
        labels_page = QWidget(self.tabs)
        body = self._build_table(
            ["Label", "Key", "Spans", "Status"], 0, [(f"key {key}", key) for key in LABEL_KEYS],
            (("Add…", self._add_clicked), ("Rename…", self._rename_clicked),
             ("Colour…", self._colour_clicked), ("Guideline…", self._guideline_clicked),
             ("Archive", self._archive_clicked), ("Delete", self._delete_clicked)))
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        page_layout = QVBoxLayout(labels_page)
        page_layout.addLayout(body)
        note = QLabel("Labels in use cannot be deleted: archive them to hide them from the "
                      "label bar while keeping their spans.", self)
        note.setWordWrap(True)
        note.setStyleSheet("color: palette(mid);")
        page_layout.addWidget(note)
        self.types = RelationTypesPage(store, self.tabs, queue=queue)
        self.types.changed.connect(self.labelsChanged)
        self.labelsChanged.connect(self.types.reload)  # a renamed label: the types name it anew
        self.tabs.addTab(labels_page, "Labels")
        self.tabs.addTab(self.types, "Relation types")
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(close)
        self.reload()

    # ------------------------------------------------------------ reading

    def labels(self) -> list[Label]:
        return self.store.labels.all(include_archived=True)

    def _rows(self) -> list[Label]:
        return self.labels()

    def _table(self) -> Any:
        return self.store.labels

    def _item(self, label: Label, used: int) -> QTreeWidgetItem:
        item = self._new_item(label, [label.name, label.key or "", str(used),
                                      "archived" if label.archived else ""])
        item.setToolTip(0, plain.tip(label.guideline))
        return item

    def _announce(self) -> None:
        self.labelsChanged.emit()

    # ------------------------------------------------- changes, plain values

    def add(self, name: str, colour: str | None = None) -> bool:
        taken = {x.key for x in self.labels() if x.key}
        key = next((k for k in LABEL_KEYS if k not in taken), None)
        colour = colour or NEW_COLOURS[len(self.labels()) % len(NEW_COLOURS)]
        return self._change(lambda: self.store.labels.add(Label(name, colour, key)), name.strip())

    def set_guideline(self, name: str, guideline: str) -> bool:
        return self._change(lambda: self.store.labels.update(name, guideline=guideline), name)

    # ------------------------------------------------- questions (overridable)

    def confirm_archive(self, name: str, used: int) -> bool:
        answer = plain.question(
            self, "Label in use",
            f"“{name}” labels {used} span{'s' if used != 1 else ''}, so it cannot be deleted."
            "\n\nArchive it instead? Its spans stay; it leaves the label bar.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Yes)
        return answer == QMessageBox.StandardButton.Yes

    # ------------------------------------------------------------- slots

    def _add_clicked(self) -> None:
        name, ok = QInputDialog.getText(self, "New label", "Name:")
        if ok and name.strip():
            self.add(name)

    def _guideline_clicked(self) -> None:
        label = self.current()
        if label is None:
            return
        text, ok = QInputDialog.getMultiLineText(
            self, f"Guideline for {label.name}", "When to use this label:", label.guideline)
        if ok:
            self.set_guideline(label.name, text.strip())
