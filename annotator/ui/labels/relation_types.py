"""The relation types page of the label editor: add, rename, recolour, assign a key,
choose which labels a type links, archive, delete if unused.

Every change is stored at once (through the window's store queue when it has one),
as the label page does; ``changed`` tells the editor. A type with relations is never
deleted: the user is offered to archive it (its relations stay and still show; it is
no longer offered). The methods below the slots take plain values, so tests drive
them without dialogs.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QColorDialog,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from annotator.core.errors import AnnotatorError
from annotator.core.model import RelationType
from annotator.store import Store
from annotator.ui import plain
from annotator.ui.labels.bar import swatch
from annotator.ui.store_queue import StoreQueue

# R starts linking; A, R, U and N decide in review; N goes to the next suggestion.
TYPE_KEYS = tuple(k for k in "bcdefghijklmopqstvwxyz")
NEW_COLOURS = ("#756bb1", "#31a354", "#e6550d", "#636363", "#de2d26", "#3182bd")


def ends_text(kind: RelationType) -> str:
    heads = " or ".join(kind.heads) or "any label"
    children = " or ".join(kind.children) or "any label"
    return f"{heads} → {children}"


class EndsDialog(QDialog):
    """Which labels a type's head and child may have (none ticked: any label)."""

    def __init__(self, kind: RelationType, labels: Sequence[str],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"What {kind.name} links")
        self.heads = self._list(labels, kind.heads)
        self.children = self._list(labels, kind.children)
        grid = QGridLayout()
        grid.addWidget(QLabel("Head (where it starts):", self), 0, 0)
        grid.addWidget(QLabel("Child (where it points):", self), 0, 1)
        grid.addWidget(self.heads, 1, 0)
        grid.addWidget(self.children, 1, 1)
        note = QLabel("Tick none for any label.", self)
        note.setStyleSheet("color: palette(placeholder-text);")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(grid)
        layout.addWidget(note)
        layout.addWidget(self.buttons)

    def _list(self, labels: Sequence[str], ticked: Sequence[str]) -> QListWidget:
        widget = QListWidget(self)
        for name in labels:
            item = QListWidgetItem(name, widget)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if name in ticked
                               else Qt.CheckState.Unchecked)
        return widget

    def chosen(self) -> tuple[list[str], list[str]]:
        def ticked(widget: QListWidget) -> list[str]:
            return [widget.item(i).text() for i in range(widget.count())
                    if widget.item(i).checkState() == Qt.CheckState.Checked]
        return ticked(self.heads), ticked(self.children)


class RelationTypesPage(QWidget):
    changed = Signal()

    def __init__(self, store: Store, parent: QWidget | None = None, *,
                 queue: StoreQueue | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.queue = queue  # the window's store queue: changes are stored through it
        self.tree = QTreeWidget(self)
        self.tree.setHeaderLabels(["Relation type", "Key", "Links", "Relations", "Status"])
        self.tree.setRootIsDecorated(False)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.tree.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        for column in (1, 3, 4):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.key_box = QComboBox(self)
        self.key_box.addItem("no key", None)
        for key in TYPE_KEYS:
            self.key_box.addItem(f"key {key.upper()}", key)
        self.buttons: dict[str, QPushButton] = {}
        side = QVBoxLayout()
        for name, slot in (("Add…", self._add_clicked), ("Rename…", self._rename_clicked),
                           ("Colour…", self._colour_clicked), ("Links…", self._ends_clicked),
                           ("Archive", self._archive_clicked), ("Delete", self._delete_clicked)):
            button = QPushButton(name, self)
            button.clicked.connect(slot)
            side.addWidget(button)
            self.buttons[name] = button
        self.buttons["Links…"].setToolTip("Which labels the type's head and child may have")
        side.addWidget(QLabel("Shortcut:", self))
        side.addWidget(self.key_box)
        side.addStretch(1)
        body = QHBoxLayout()
        body.addWidget(self.tree, 1)
        body.addLayout(side)
        note = QLabel("Select a span and press a type's key (or R) to link it. Types in use "
                      "cannot be deleted: archive them; their relations stay.", self)
        note.setWordWrap(True)
        note.setStyleSheet("color: palette(placeholder-text);")
        layout = QVBoxLayout(self)
        layout.addLayout(body)
        layout.addWidget(note)
        self.tree.currentItemChanged.connect(self._selection_moved)
        self.key_box.activated.connect(self._key_chosen)
        # Overridable questions, so tests need no modal dialogs.
        self.ask_ends: Callable[[RelationType], tuple[list[str], list[str]] | None] = \
            self._ask_ends
        self.reload()

    # ------------------------------------------------------------ reading

    def types(self) -> list[RelationType]:
        return self.store.relation_types.all(include_archived=True)

    def current_name(self) -> str | None:
        item = self.tree.currentItem()
        return item.data(0, Qt.ItemDataRole.UserRole) if item else None

    def current(self) -> RelationType | None:
        name = self.current_name()
        return next((t for t in self.types() if t.name == name), None)

    def reload(self, select: str | None = None) -> None:
        select = select or self.current_name()
        usage = self.store.relation_types.usage()
        self.tree.clear()
        for kind in self.types():
            item = QTreeWidgetItem([kind.name, (kind.key or "").upper(), ends_text(kind),
                                    str(usage.get(kind.name, 0)),
                                    "archived" if kind.archived else ""])
            item.setIcon(0, swatch(kind.color))
            item.setData(0, Qt.ItemDataRole.UserRole, kind.name)
            if kind.archived:
                item.setForeground(0, QColor("#888888"))
            self.tree.addTopLevelItem(item)
            if kind.name == select:
                self.tree.setCurrentItem(item)
        if self.tree.currentItem() is None and self.tree.topLevelItemCount():
            self.tree.setCurrentItem(self.tree.topLevelItem(0))
        self._selection_moved()

    def _selection_moved(self, *_: object) -> None:
        kind = self.current()
        for button in ("Rename…", "Colour…", "Links…", "Archive", "Delete"):
            self.buttons[button].setEnabled(kind is not None)
        self.key_box.setEnabled(kind is not None)
        if kind is not None:
            self.buttons["Archive"].setText("Restore" if kind.archived else "Archive")
            self.key_box.setCurrentIndex(max(0, self.key_box.findData(kind.key)))

    # ------------------------------------------------- changes, plain values

    def add(self, name: str, colour: str | None = None, heads: Sequence[str] = (),
            children: Sequence[str] = ()) -> bool:
        taken = {t.key for t in self.types() if t.key} | \
            {label.key for label in self.store.labels.all(include_archived=True) if label.key}
        key = next((k for k in TYPE_KEYS if k not in taken), None)
        colour = colour or NEW_COLOURS[len(self.types()) % len(NEW_COLOURS)]
        return self._change(lambda: self.store.relation_types.add(
            RelationType(name, colour, key, tuple(heads), tuple(children))), name.strip())

    def rename(self, name: str, new_name: str) -> bool:
        return self._change(lambda: self.store.relation_types.update(name, new_name=new_name),
                            new_name.strip())

    def set_colour(self, name: str, colour: str) -> bool:
        return self._change(lambda: self.store.relation_types.update(name, color=colour), name)

    def set_key(self, name: str, key: str | None) -> bool:
        # A key held by a label or another type moves here (the store does that).
        if key is not None and key.lower() not in TYPE_KEYS:
            plain.warning(self, "Relation types", f"The key {key.upper()} is taken by the "
                          "window (R links, A/R/U/N decide in review).")
            return False
        return self._change(lambda: self.store.relation_types.update(name, key=key), name)

    def set_ends(self, name: str, heads: Sequence[str], children: Sequence[str]) -> bool:
        return self._change(lambda: self.store.relation_types.update(
            name, heads=list(heads), children=list(children)), name)

    def set_archived(self, name: str, archived: bool) -> bool:
        return self._change(lambda: self.store.relation_types.update(name, archived=archived),
                            name)

    def delete(self, name: str) -> bool:
        """Delete an unused type. A type with relations is never deleted: the user is
        offered to archive it instead."""
        used = self.store.relation_types.usage().get(name, 0)
        if used:
            if self.confirm_archive(name, used):
                return self.set_archived(name, True)
            return False
        return self._change(lambda: self.store.relation_types.delete(name), None)

    def _change(self, change, select: str | None) -> bool:  # type: ignore[no-untyped-def]
        try:
            if self.queue is not None:  # after the window's own edits, never on this thread
                self.queue.call(lambda _store: change())
            else:
                change()
        except AnnotatorError as exc:
            plain.warning(self, "Relation types", str(exc))
            return False
        self.reload(select)
        self.changed.emit()
        return True

    # ------------------------------------------------- questions (overridable)

    def confirm_archive(self, name: str, used: int) -> bool:
        answer = plain.question(
            self, "Relation type in use",
            f"“{name}” is the type of {used} relation{'s' if used != 1 else ''}, so it cannot "
            "be deleted.\n\nArchive it instead? Its relations stay and still show; it is no "
            "longer offered for new ones.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Yes)
        return answer == QMessageBox.StandardButton.Yes

    def _ask_ends(self, kind: RelationType) -> tuple[list[str], list[str]] | None:
        labels = [label.name for label in self.store.labels.all()]
        dialog = EndsDialog(kind, labels, self)
        try:
            return dialog.chosen() if dialog.exec() == QDialog.DialogCode.Accepted else None
        finally:
            dialog.deleteLater()

    # ------------------------------------------------------------- slots

    def _add_clicked(self) -> None:
        name, ok = QInputDialog.getText(self, "New relation type", "Name:")
        if ok and name.strip() and self.add(name):
            self._ends_clicked()

    def _rename_clicked(self) -> None:
        name = self.current_name()
        if name is None:
            return
        new, ok = QInputDialog.getText(self, "Rename relation type", "New name:", text=name)
        if ok and new.strip() and new.strip() != name:
            self.rename(name, new)

    def _colour_clicked(self) -> None:
        kind = self.current()
        if kind is None:
            return
        colour = QColorDialog.getColor(QColor(kind.color), self, f"Colour of {kind.name}")
        if colour.isValid():
            self.set_colour(kind.name, colour.name())

    def _ends_clicked(self) -> None:
        kind = self.current()
        if kind is None:
            return
        chosen = self.ask_ends(kind)
        if chosen is not None:
            self.set_ends(kind.name, *chosen)

    def _archive_clicked(self) -> None:
        kind = self.current()
        if kind is not None:
            self.set_archived(kind.name, not kind.archived)

    def _delete_clicked(self) -> None:
        name = self.current_name()
        if name is None:
            return
        if not self.store.relation_types.usage().get(name, 0):
            answer = plain.question(self, "Delete relation type",
                                    f"Delete the unused relation type “{name}”?",
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
