"""The label set editor: add, rename, recolour, assign keys, archive, delete if unused;
the relation types on a second page (relation_types.py).

Every change is written to the store at once; `labelsChanged` tells the window.
The methods below the slots take plain values so tests can drive them without
modal dialogs.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QColorDialog,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from annotator.core.errors import AnnotatorError
from annotator.core.model import Label
from annotator.store import Store
from annotator.ui import plain
from annotator.ui.labels.bar import swatch
from annotator.ui.labels.keys import LABEL_KEYS
from annotator.ui.labels.relation_types import RelationTypesPage
from annotator.ui.store_queue import StoreQueue

NEW_COLOURS = ("#ff7f0e", "#17becf", "#8c564b", "#e377c2", "#bcbd22", "#7f7f7f")


class LabelEditor(QDialog):
    labelsChanged = Signal()

    def __init__(self, store: Store, parent: QWidget | None = None, *,
                 queue: StoreQueue | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.queue = queue  # the window's store queue: changes are stored through it
        self.setWindowTitle("Labels")
        self.resize(640, 420)
        self.tabs = QTabWidget(self)
        labels_page = QWidget(self.tabs)
        self.tree = QTreeWidget(self)
        self.tree.setHeaderLabels(["Label", "Key", "Spans", "Status"])
        self.tree.setRootIsDecorated(False)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.tree.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.key_box = QComboBox(self)
        self.key_box.addItem("no key", None)
        for key in LABEL_KEYS:
            self.key_box.addItem(f"key {key}", key)
        self.buttons: dict[str, QPushButton] = {}
        side = QVBoxLayout()
        for name, slot in (("Add…", self._add_clicked), ("Rename…", self._rename_clicked),
                           ("Colour…", self._colour_clicked),
                           ("Guideline…", self._guideline_clicked),
                           ("Archive", self._archive_clicked),
                           ("Delete", self._delete_clicked)):
            button = QPushButton(name, self)
            button.clicked.connect(slot)
            side.addWidget(button)
            self.buttons[name] = button
        side.addWidget(QLabel("Shortcut:", self))
        side.addWidget(self.key_box)
        side.addStretch(1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        body = QHBoxLayout()
        body.addWidget(self.tree, 1)
        body.addLayout(side)
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
        self.tree.currentItemChanged.connect(self._selection_moved)
        self.key_box.activated.connect(self._key_chosen)
        self.reload()

    # ------------------------------------------------------------ reading

    def current_name(self) -> str | None:
        item = self.tree.currentItem()
        return item.data(0, Qt.ItemDataRole.UserRole) if item else None

    def labels(self) -> list[Label]:
        return self.store.labels.all(include_archived=True)

    def reload(self, select: str | None = None) -> None:
        select = select or self.current_name()
        usage = self.store.labels.usage()
        self.tree.clear()
        for label in self.labels():
            item = QTreeWidgetItem([label.name, label.key or "", str(usage.get(label.name, 0)),
                                    "archived" if label.archived else ""])
            item.setIcon(0, swatch(label.color))
            item.setData(0, Qt.ItemDataRole.UserRole, label.name)
            item.setToolTip(0, plain.tip(label.guideline))
            if label.archived:
                item.setForeground(0, QColor("#888888"))
            self.tree.addTopLevelItem(item)
            if label.name == select:
                self.tree.setCurrentItem(item)
        if self.tree.currentItem() is None and self.tree.topLevelItemCount():
            self.tree.setCurrentItem(self.tree.topLevelItem(0))
        self._selection_moved()

    def _selection_moved(self, *_: object) -> None:
        name = self.current_name()
        label = next((x for x in self.labels() if x.name == name), None)
        for button in ("Rename…", "Colour…", "Guideline…", "Archive", "Delete"):
            self.buttons[button].setEnabled(label is not None)
        self.key_box.setEnabled(label is not None)
        if label is not None:
            self.buttons["Archive"].setText("Restore" if label.archived else "Archive")
            self.key_box.setCurrentIndex(max(0, self.key_box.findData(label.key)))

    # ------------------------------------------------- changes, plain values

    def add(self, name: str, colour: str | None = None) -> bool:
        taken = {x.key for x in self.labels() if x.key}
        key = next((k for k in LABEL_KEYS if k not in taken), None)
        colour = colour or NEW_COLOURS[len(self.labels()) % len(NEW_COLOURS)]
        return self._change(lambda: self.store.labels.add(Label(name, colour, key)), name.strip())

    def rename(self, name: str, new_name: str) -> bool:
        return self._change(lambda: self.store.labels.update(name, new_name=new_name),
                            new_name.strip())

    def set_colour(self, name: str, colour: str) -> bool:
        return self._change(lambda: self.store.labels.update(name, color=colour), name)

    def set_guideline(self, name: str, guideline: str) -> bool:
        return self._change(lambda: self.store.labels.update(name, guideline=guideline), name)

    def set_key(self, name: str, key: str | None) -> bool:
        # A key held by another label moves here (the store does that), as users expect.
        return self._change(lambda: self.store.labels.update(name, key=key), name)

    def set_archived(self, name: str, archived: bool) -> bool:
        return self._change(lambda: self.store.labels.update(name, archived=archived), name)

    def delete(self, name: str) -> bool:
        """Delete an unused label. A label with spans is never deleted: the user is
        offered to archive it instead."""
        used = self.store.labels.usage().get(name, 0)
        if used:
            if self.confirm_archive(name, used):
                return self.set_archived(name, True)
            return False
        return self._change(lambda: self.store.labels.delete(name), None)

    def _change(self, change, select: str | None) -> bool:  # type: ignore[no-untyped-def]
        try:
            if self.queue is not None:  # after the window's own edits, never on this thread
                self.queue.call(lambda _store: change())
            else:
                change()
        except AnnotatorError as exc:
            plain.warning(self, "Labels", str(exc))
            return False
        self.reload(select)
        self.labelsChanged.emit()
        return True

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

    def _rename_clicked(self) -> None:
        name = self.current_name()
        if name is None:
            return
        new, ok = QInputDialog.getText(self, "Rename label", "New name:", text=name)
        if ok and new.strip() and new.strip() != name:
            self.rename(name, new)

    def _colour_clicked(self) -> None:
        name = self.current_name()
        label = next((x for x in self.labels() if x.name == name), None)
        if label is None:
            return
        colour = QColorDialog.getColor(QColor(label.color), self, f"Colour of {name}")
        if colour.isValid():
            self.set_colour(label.name, colour.name())

    def _guideline_clicked(self) -> None:
        name = self.current_name()
        label = next((x for x in self.labels() if x.name == name), None)
        if label is None:
            return
        text, ok = QInputDialog.getMultiLineText(
            self, f"Guideline for {label.name}", "When to use this label:", label.guideline)
        if ok:
            self.set_guideline(label.name, text.strip())

    def _archive_clicked(self) -> None:
        name = self.current_name()
        label = next((x for x in self.labels() if x.name == name), None)
        if label is not None:
            self.set_archived(label.name, not label.archived)

    def _delete_clicked(self) -> None:
        name = self.current_name()
        if name is None:
            return
        if not self.store.labels.usage().get(name, 0):
            answer = plain.question(self, "Delete label", f"Delete the unused label “{name}”?",
                                    QMessageBox.StandardButton.Yes
                                    | QMessageBox.StandardButton.No,
                                    QMessageBox.StandardButton.No)
            if answer != QMessageBox.StandardButton.Yes:
                return
        self.delete(name)

    def _key_chosen(self, index: int) -> None:
        name = self.current_name()
        if name is not None:
            self.set_key(name, self.key_box.itemData(index))
