"""Import and export from the File menu, run as background jobs.

The services are imported when used: they pull in the format readers, which the
window does not need to start.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

import annotator
from annotator.store import Store
from annotator.ui.workers import BackgroundJob, Progress

IMPORT_FILTER = ("Articles and annotations (*.txt *.text *.jsonl *.ndjson);;"
                 "All files (*)")


def samples_folder() -> Path:
    return Path(annotator.__file__).resolve().parents[1] / "resources" / "samples"


def sample_paths() -> list[Path]:
    folder = samples_folder()
    return sorted(folder.glob("*.txt")) if folder.is_dir() else []


def start_import(parent: QWidget, store: Store, paths: list[Path], annotator_name: str,
                 on_done: Callable[[Any], None]) -> BackgroundJob:
    """Import files off the GUI thread; on_done(report) runs on the GUI thread."""

    def work(progress: Progress) -> Any:
        from annotator.services.importing import import_paths

        return import_paths(store, paths, annotator=annotator_name, on_error="skip",
                            add_labels=True, progress=progress)

    job = BackgroundJob(parent, "Importing", work, on_done,
                        lambda message: QMessageBox.warning(parent, "Import failed", message))
    job.start()
    return job


def start_export(parent: QWidget, store: Store, out: Path,
                 on_done: Callable[[Any], None], *,
                 annotators: list[str] | None = None) -> BackgroundJob:
    """Export the sets of ``annotators`` (None: everyone's) off the GUI thread."""

    def work(progress: Progress) -> Any:
        from annotator.services.exporting import export_jsonl

        return export_jsonl(store, out, annotators=annotators or None, progress=progress)

    job = BackgroundJob(parent, "Exporting", work, on_done,
                        lambda message: QMessageBox.warning(parent, "Export failed", message))
    job.start()
    return job


def ask_import_files(parent: QWidget) -> list[Path]:
    names, _ = QFileDialog.getOpenFileNames(parent, "Import files", str(Path.home()),
                                            IMPORT_FILTER)
    return [Path(n) for n in names]


def ask_import_folder(parent: QWidget) -> list[Path]:
    folder = QFileDialog.getExistingDirectory(parent, "Import a folder", str(Path.home()))
    return [Path(folder)] if folder else []


def ask_export_path(parent: QWidget) -> Path | None:
    name, _ = QFileDialog.getSaveFileName(parent, "Export JSONL",
                                          str(Path.home() / "annotations.jsonl"),
                                          "JSON lines (*.jsonl)")
    return Path(name) if name else None


def describe_import(report: Any) -> str:
    text = report.summary() if hasattr(report, "summary") else str(report)
    return ("Import cancelled. " + text) if getattr(report, "cancelled", False) else text


class ExportChoiceDialog(QDialog):
    """Whose sets to export: each annotator (a reviewer's reviewed set too) with a tick."""

    NameRole = Qt.ItemDataRole.UserRole + 1

    def __init__(self, store: Store, parent: QWidget | None = None,
                 preselect: list[str] | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export")
        counts = store.stats()["spans_per_annotator"]
        assert isinstance(counts, dict)
        self.list = QListWidget(self)
        for name, kind in store.annotators():
            item = QListWidgetItem(f"{name}   ({kind.value}, {counts.get(name, 0):,} spans)")
            item.setData(self.NameRole, name)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            on = name in preselect if preselect else True
            item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
            self.list.addItem(item)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.list.itemChanged.connect(self._check)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Export the accepted spans of:", self))
        layout.addWidget(self.list)
        layout.addWidget(self.buttons)
        self._check()

    def chosen(self) -> list[str]:
        items = (self.list.item(i) for i in range(self.list.count()))
        return [i.data(self.NameRole) for i in items if i.checkState() == Qt.CheckState.Checked]

    def set_chosen(self, names: list[str]) -> None:
        for i in range(self.list.count()):
            item = self.list.item(i)
            item.setCheckState(Qt.CheckState.Checked if item.data(self.NameRole) in names
                               else Qt.CheckState.Unchecked)

    def _check(self) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(bool(self.chosen()))


def ask_export_annotators(parent: QWidget, store: Store,
                          preselect: list[str] | None = None) -> list[str] | None:
    """The annotators whose sets to export; None if cancelled."""
    dialog = ExportChoiceDialog(store, parent, preselect)
    try:
        return dialog.chosen() if dialog.exec() == QDialog.DialogCode.Accepted else None
    finally:
        dialog.deleteLater()
