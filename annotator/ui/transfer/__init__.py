"""Import and export from the File menu: the same formats and options as
`annotator import` and `annotator export`, as dialogs and background jobs.

- import_dialog: the import options, asked after the files are chosen
- export_dialog: format, options, whose sets and where; the refused-export question
- results: the report at the end, as copyable text
- jobs: the background jobs; flows: the whole sequence for the window
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QFileDialog, QWidget

from annotator.services.interchange import IMPORT_FORMATS
from annotator.ui.settings import Settings
from annotator.ui.transfer.export_dialog import ExportDialog, ExportRequest, RefusedDialog
from annotator.ui.transfer.flows import (
    export_with_dialog,
    import_with_dialog,
    run_export,
    show_import_report,
)
from annotator.ui.transfer.import_dialog import ImportDialog
from annotator.ui.transfer.jobs import (
    Refused,
    start_export,
    start_import,
    start_samples_import,
)
from annotator.ui.transfer.results import ReportDialog

__all__ = [
    "ExportDialog", "ExportRequest", "ImportDialog", "Refused", "RefusedDialog",
    "ReportDialog", "ask_import_files", "ask_import_folder", "describe_import",
    "export_with_dialog", "import_filter", "import_with_dialog", "run_export",
    "show_import_report", "start_export", "start_import", "start_samples_import",
]


def import_filter() -> str:
    """Every importable suffix first, then each format's own filter."""
    suffixes = dict.fromkeys(s for f in IMPORT_FORMATS for s in f.suffixes)
    every = " ".join("*" + s for s in suffixes)
    return ";;".join([f"Articles and annotation files ({every})",
                      *(f.file_filter for f in IMPORT_FORMATS), "All files (*)"])


def _import_folder(settings: Settings | None) -> str:
    if settings is not None:
        folder = settings.transfer_choices("import").get("folder")
        if folder and Path(folder).is_dir():
            return str(folder)
    return str(Path.home())


def _remember_folder(settings: Settings | None, folder: Path) -> None:
    if settings is not None:
        settings.set_transfer_choices("import", {**settings.transfer_choices("import"),
                                                 "folder": str(folder)})


def ask_import_files(parent: QWidget, settings: Settings | None = None) -> list[Path]:
    names, _ = QFileDialog.getOpenFileNames(parent, "Import files", _import_folder(settings),
                                            import_filter())
    paths = [Path(n) for n in names]
    if paths:
        _remember_folder(settings, paths[0].parent)
    return paths


def ask_import_folder(parent: QWidget, settings: Settings | None = None) -> list[Path]:
    folder = QFileDialog.getExistingDirectory(parent, "Import a folder",
                                              _import_folder(settings))
    if folder:
        _remember_folder(settings, Path(folder).parent)
    return [Path(folder)] if folder else []


def describe_import(report: Any) -> str:
    text = report.summary() if hasattr(report, "summary") else str(report)
    return ("Import cancelled. " + text) if getattr(report, "cancelled", False) else text
