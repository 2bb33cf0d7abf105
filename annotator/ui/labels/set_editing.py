"""What the label and relation-type pages share: the table of a named set with its side
buttons and shortcut box, and the edits every row takes (rename, colour, key, archive,
delete only when unused)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, ClassVar

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QColorDialog,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from annotator.core.errors import AnnotatorError
from annotator.store import Store
from annotator.ui import plain
from annotator.ui.labels.bar import swatch
from annotator.ui.store_queue import StoreQueue


class SetEditing:
    """Mixed into a QWidget. Subclasses name their set (NOUN, TITLE), give its rows
    (``_rows``), its store table (``_table``), a row's tree item (``_item``) and say
    when a change was stored (``_announce``)."""

    NOUN: ClassVar[str]  # "label": in the dialogs' titles and questions
    TITLE: ClassVar[str]  # "Labels": the title of a refused change's warning
    store: Store
    queue: StoreQueue | None
    tree: QTreeWidget
    key_box: QComboBox
    buttons: dict[str, QPushButton]

    def _rows(self) -> list[Any]:
        """Every row, archived ones too (each with name, colour, key, archived)."""
        raise NotImplementedError

    def _table(self) -> Any:
        """The store's table of the set (``store.labels``, ``store.relation_types``)."""
        raise NotImplementedError

    def _item(self, row: Any, used: int) -> QTreeWidgetItem:
        raise NotImplementedError

    def _announce(self) -> None:
        raise NotImplementedError

    def confirm_archive(self, name: str, used: int) -> bool:
        raise NotImplementedError

    # ------------------------------------------------------------ building

    def _build_table(self, headers: Sequence[str], stretch: int,
                     keys: Sequence[tuple[str, str]],
                     actions: Sequence[tuple[str, Callable[[], None]]]) -> QHBoxLayout:
        """The table (column ``stretch`` takes the room left), the side buttons and the
        shortcut box below them (``keys``: text and key); returns them side by side."""
        parent: QWidget = self  # type: ignore[assignment]
        self.tree = QTreeWidget(parent)
        self.tree.setHeaderLabels(list(headers))
        self.tree.setRootIsDecorated(False)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.tree.header()
        for column in range(len(headers)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch
                                        if column == stretch
                                        else QHeaderView.ResizeMode.ResizeToContents)
        self.key_box = QComboBox(parent)
        self.key_box.addItem("no key", None)
        for text, key in keys:
            self.key_box.addItem(text, key)
        self.buttons = {}
        side = QVBoxLayout()
        for name, slot in actions:
            button = QPushButton(name, parent)
            button.clicked.connect(slot)
            side.addWidget(button)
            self.buttons[name] = button
        side.addWidget(QLabel("Shortcut:", parent))
        side.addWidget(self.key_box)
        side.addStretch(1)
        body = QHBoxLayout()
        body.addWidget(self.tree, 1)
        body.addLayout(side)
        self.tree.currentItemChanged.connect(self._selection_moved)
        self.key_box.activated.connect(self._key_chosen)
        return body

    def _new_item(self, row: Any, texts: Sequence[str]) -> QTreeWidgetItem:
        """A row's tree item: its colour, its name kept, grey when archived."""
        item = QTreeWidgetItem(list(texts))
        item.setIcon(0, swatch(row.color))
        item.setData(0, Qt.ItemDataRole.UserRole, row.name)
        if row.archived:
            item.setForeground(0, QColor("#888888"))
        return item

    # ------------------------------------------------------------ reading

    def current_name(self) -> str | None:
        item = self.tree.currentItem()
        return item.data(0, Qt.ItemDataRole.UserRole) if item else None

    def current(self) -> Any | None:
        name = self.current_name()
        return next((row for row in self._rows() if row.name == name), None)

    def reload(self, select: str | None = None) -> None:
        select = select or self.current_name()
        usage = self._table().usage()
        self.tree.clear()
        for row in self._rows():
            item = self._item(row, usage.get(row.name, 0))
            self.tree.addTopLevelItem(item)
            if row.name == select:
                self.tree.setCurrentItem(item)
        if self.tree.currentItem() is None and self.tree.topLevelItemCount():
            self.tree.setCurrentItem(self.tree.topLevelItem(0))
        self._selection_moved()

    def _selection_moved(self, *_: object) -> None:
        row = self.current()
        for name, button in self.buttons.items():
            if name != "Add…":
                button.setEnabled(row is not None)
        self.key_box.setEnabled(row is not None)
        if row is not None:
            self.buttons["Archive"].setText("Restore" if row.archived else "Archive")
            self.key_box.setCurrentIndex(max(0, self.key_box.findData(row.key)))

    # ------------------------------------------------- changes, plain values

    def rename(self, name: str, new_name: str) -> bool:
        return self._change(lambda: self._table().update(name, new_name=new_name),
                            new_name.strip())

    def set_colour(self, name: str, colour: str) -> bool:
        return self._change(lambda: self._table().update(name, color=colour), name)

    def set_archived(self, name: str, archived: bool) -> bool:
        return self._change(lambda: self._table().update(name, archived=archived), name)

    def delete(self, name: str) -> bool:
        """Delete an unused row. One in use is never deleted: the user is offered to
        archive it instead."""
        used = self._table().usage().get(name, 0)
        if used:
            if self.confirm_archive(name, used):
                return self.set_archived(name, True)
            return False
        return self._change(lambda: self._table().delete(name), None)

    def _change(self, change: Callable[[], object], select: str | None) -> bool:
        try:
            if self.queue is not None:  # after the window's own edits, never on this thread
                self.queue.call(lambda _store: change())
            else:
                change()
        except AnnotatorError as exc:
            plain.warning(self, self.TITLE, str(exc))  # type: ignore[arg-type]
            return False
        self.reload(select)
        self._announce()
        return True

    # ------------------------------------------------------------- slots

    def _rename_clicked(self) -> None:
        name = self.current_name()
        if name is None:
            return
        new, ok = QInputDialog.getText(self, f"Rename {self.NOUN}",  # type: ignore[call-overload]
                                       "New name:", text=name)
        if ok and new.strip() and new.strip() != name:
            self.rename(name, new)

    def _colour_clicked(self) -> None:
        row = self.current()
        if row is None:
            return
        colour = QColorDialog.getColor(QColor(row.color), self,  # type: ignore[arg-type]
                                       f"Colour of {row.name}")
        if colour.isValid():
            self.set_colour(row.name, colour.name())

    def _archive_clicked(self) -> None:
        row = self.current()
        if row is not None:
            self.set_archived(row.name, not row.archived)

    def _delete_clicked(self) -> None:
        name = self.current_name()
        if name is None:
            return
        if not self._table().usage().get(name, 0):
            answer = plain.question(self,  # type: ignore[arg-type]
                                    f"Delete {self.NOUN}",
                                    f"Delete the unused {self.NOUN} “{name}”?",
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

    def set_key(self, name: str, key: str | None) -> bool:
        # A key held by another label or type moves here (the store does that).
        return self._change(lambda: self._table().update(name, key=key), name)
