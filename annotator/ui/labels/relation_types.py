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
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from annotator.core.model import RelationType
from annotator.store import Store
from annotator.ui import plain
from annotator.ui.labels.set_editing import SetEditing
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


class RelationTypesPage(SetEditing, QWidget):
    changed = Signal()
    NOUN = "relation type"
    TITLE = "Relation types"

    def __init__(self, store: Store, parent: QWidget | None = None, *,
                 queue: StoreQueue | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.queue = queue  # the window's store queue: changes are stored through it
        body = self._build_table(
            ["Relation type", "Key", "Links", "Relations", "Status"], 2,
            [(f"key {key.upper()}", key) for key in TYPE_KEYS],
            (("Add…", self._add_clicked), ("Rename…", self._rename_clicked),
             ("Colour…", self._colour_clicked), ("Links…", self._ends_clicked),
             ("Archive", self._archive_clicked), ("Delete", self._delete_clicked)))
        self.buttons["Links…"].setToolTip("Which labels the type's head and child may have")
        note = QLabel("Select a span and press a type's key (or R) to link it. Types in use "
                      "cannot be deleted: archive them; their relations stay.", self)
        note.setWordWrap(True)
        note.setStyleSheet("color: palette(placeholder-text);")
        layout = QVBoxLayout(self)
        layout.addLayout(body)
        layout.addWidget(note)
        # Overridable questions, so tests need no modal dialogs.
        self.ask_ends: Callable[[RelationType], tuple[list[str], list[str]] | None] = \
            self._ask_ends
        self.reload()

    # ------------------------------------------------------------ reading

    def types(self) -> list[RelationType]:
        return self.store.relation_types.all(include_archived=True)

    def _rows(self) -> list[RelationType]:
        return self.types()

    def _table(self) -> Any:
        return self.store.relation_types

    def _item(self, kind: RelationType, used: int) -> QTreeWidgetItem:
        return self._new_item(kind, [kind.name, (kind.key or "").upper(), ends_text(kind),
                                     str(used), "archived" if kind.archived else ""])

    def _announce(self) -> None:
        self.changed.emit()

    # ------------------------------------------------- changes, plain values

    def add(self, name: str, colour: str | None = None, heads: Sequence[str] = (),
            children: Sequence[str] = ()) -> bool:
        taken = {t.key for t in self.types() if t.key} | \
            {label.key for label in self.store.labels.all(include_archived=True) if label.key}
        key = next((k for k in TYPE_KEYS if k not in taken), None)
        colour = colour or NEW_COLOURS[len(self.types()) % len(NEW_COLOURS)]
        return self._change(lambda: self.store.relation_types.add(
            RelationType(name, colour, key, tuple(heads), tuple(children))), name.strip())

    def set_key(self, name: str, key: str | None) -> bool:
        if key is not None and key.lower() not in TYPE_KEYS:
            plain.warning(self, "Relation types", f"The key {key.upper()} is taken by the "
                          "window (R links, A/R/U/N decide in review).")
            return False
        return super().set_key(name, key)

    def set_ends(self, name: str, heads: Sequence[str], children: Sequence[str]) -> bool:
        return self._change(lambda: self.store.relation_types.update(
            name, heads=list(heads), children=list(children)), name)

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

    def _ends_clicked(self) -> None:
        kind = self.current()
        if kind is None:
            return
        chosen = self.ask_ends(kind)
        if chosen is not None:
            self.set_ends(kind.name, *chosen)
