"""Import and export from the File menu, run as background jobs.

The services are imported when used: they pull in the format readers, which the
window does not need to start.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

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
                 on_done: Callable[[Any], None]) -> BackgroundJob:
    def work(progress: Progress) -> Any:
        from annotator.services.exporting import export_jsonl

        return export_jsonl(store, out, progress=progress)

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
