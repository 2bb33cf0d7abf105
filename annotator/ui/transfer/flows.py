"""The File menu's import and export: file choice, options dialog, background job,
and the report at the end. The choices are remembered for next time."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QDialog, QWidget

from annotator.store import Store
from annotator.ui.settings import Settings
from annotator.ui.transfer.export_dialog import ExportDialog, ExportRequest, RefusedDialog
from annotator.ui.transfer.import_dialog import ImportDialog
from annotator.ui.transfer.jobs import Refused, start_export, start_import
from annotator.ui.transfer.results import (
    ReportDialog,
    export_heading,
    import_heading,
    import_text,
)
from annotator.ui.workers import BackgroundJob

Track = Callable[[BackgroundJob], None]


def import_with_dialog(parent: QWidget, store: Store, settings: Settings, paths: list[Path],
                       annotator: str, track: Track,
                       on_done: Callable[[Any], None]) -> bool:
    """Ask the import options for `paths`, then import them in the background."""
    remembered = settings.transfer_choices("import")
    dialog = ImportDialog(paths, [name for name, _ in store.annotators.all()], annotator,
                          remembered, parent)
    try:
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        choices = dialog.choices()
        settings.set_transfer_choices("import", {**remembered, **dialog.remembered()})
    finally:
        dialog.deleteLater()
    track(start_import(parent, store, paths, choices.annotator, on_done, fmt=choices.fmt,
                       on_error=choices.on_error, add_labels=choices.add_labels,
                       options=choices.options))
    return True


def show_import_report(parent: QWidget, report: Any) -> ReportDialog:
    dialog = ReportDialog("Import finished" if not report.cancelled else "Import cancelled",
                          import_heading(report), import_text(report), parent)
    dialog.show()
    return dialog


def export_with_dialog(parent: QWidget, store: Store, settings: Settings, track: Track,
                       on_done: Callable[[Any], None],
                       preselect: list[str] | None = None) -> None:
    """Ask format, options, whose sets and where; then export in the background."""
    remembered = settings.transfer_choices("export")
    dialog = ExportDialog(store, parent, preselect=preselect, remembered=remembered)
    try:
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        request = dialog.request()
        settings.set_transfer_choices("export", dialog.remembered(remembered))
    finally:
        dialog.deleteLater()
    run_export(parent, store, settings, request, track, on_done)


def run_export(parent: QWidget, store: Store, settings: Settings, request: ExportRequest,
               track: Track, on_done: Callable[[Any], None]) -> None:
    def done(result: Any) -> None:
        if isinstance(result, Refused):
            # Leave the job's slot first: the question is a modal dialog.
            QTimer.singleShot(0, lambda: _refused(result))
            return
        on_done(result)
        ReportDialog("Export finished" if not result.cancelled else "Export cancelled",
                     export_heading(result), result.summary(), parent).show()

    def _refused(result: Refused) -> None:
        dialog = RefusedDialog(result.message, parent)
        try:
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return
            align = dialog.align()
        finally:
            dialog.deleteLater()
        remembered = settings.transfer_choices("export")
        remembered.setdefault("options", {}).setdefault(request.fmt, {})["align"] = align
        settings.set_transfer_choices("export", remembered)
        run_export(parent, store, settings,
                   replace(request, options={**request.options, "align": align}),
                   track, on_done)

    track(start_export(parent, store, request.out, done, fmt=request.fmt,
                       annotators=request.annotators, config=request.config,
                       **request.options))
