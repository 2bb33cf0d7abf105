"""The window's File menu work: import, export, the sample articles, other databases.

Imports and exports run as background jobs the window tracks (closing the window
cancels and waits for them); each ends with a report in the status bar, and in a
dialog when the user asked for details or something was refused.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QFileDialog, QWidget

from annotator.ui import first_run, plain, windows
from annotator.ui.workers import BackgroundJob

if TYPE_CHECKING:
    from annotator.ui.main_window import MainWindow


def _transfer():  # type: ignore[no-untyped-def]
    """The import and export dialogs and jobs, loaded when first used (not at start)."""
    from annotator.ui import transfer

    return transfer


class FileActions:
    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.jobs: list[BackgroundJob] = []
        self.report: QWidget | None = None  # the last import's report dialog

    # ------------------------------------------------------------- import

    def import_files(self) -> None:
        w = self.window
        self._import_asking(_transfer().ask_import_files(w, w.settings))

    def import_folder(self) -> None:
        w = self.window
        self._import_asking(_transfer().ask_import_folder(w, w.settings))

    def import_samples(self) -> None:
        w = self.window
        self.track(_transfer().start_samples_import(w, w.store, self._imported))

    def offer_samples(self) -> None:
        from annotator.services.samples import sample_count

        count = sample_count()
        if count and self.window.store.documents.count() == 0 and \
                first_run.offer_samples(self.window, count):
            self.import_samples()

    def _import_asking(self, paths: list[Path]) -> None:
        """Files the user chose: ask the import options, then report in full."""
        w = self.window
        if paths:
            _transfer().import_with_dialog(
                w, w.store, w.settings, paths, w.annotator, self.track,
                lambda report: self._imported(report, detailed=True))

    def _imported(self, report: Any, *, detailed: bool = False) -> None:
        self.window.after_import()
        message = _transfer().describe_import(report)
        if getattr(report, "ok", True):
            self.window.report(message.splitlines()[-1] if message else "Imported.")
        if detailed or not getattr(report, "ok", True):
            self.report = _transfer().show_import_report(self.window, report)

    # ------------------------------------------------------------- export

    def export_sets(self) -> None:
        w = self.window
        _transfer().export_with_dialog(w, w.store, w.settings, self.track, self._exported,
                                    w.mode.export_sets())

    def _exported(self, report: Any) -> None:
        if report.cancelled:
            self.window.report("Export cancelled: nothing was written.")
        else:
            self.window.report(f"Exported {report.records} records, {report.spans} spans "
                               f"to {report.path}")

    def track(self, job: BackgroundJob) -> None:
        self.jobs.append(job)
        job.finished.connect(lambda: self.jobs.remove(job))

    def cancel_all(self) -> None:
        """For closing: a job's thread must end before the window does."""
        for job in list(self.jobs):
            job.cancel_and_wait()

    # ------------------------------------------------------------- databases

    def open_database(self) -> None:
        w = self.window
        name, _ = QFileDialog.getSaveFileName(
            w, "Open or create a database", str(Path(w.store.location).parent),
            "Annotator databases (*.sqlite3 *.db);;All files (*)",
            options=QFileDialog.Option.DontConfirmOverwrite)
        if name:
            self.switch_database(name)

    def switch_database(self, location: str) -> None:
        w = self.window
        if windows.open_database_window(location, w.settings, w) is not None:
            w.close()

    def fill_recent(self) -> None:
        w = self.window
        w.recent_menu.clear()
        for location in w.settings.recent_databases():
            if location == w.store.location:
                continue
            action = w.recent_menu.addAction(plain.mnemonic_free(location))
            action.triggered.connect(lambda _=False, loc=location: self.switch_database(loc))
        if w.recent_menu.isEmpty():
            w.recent_menu.addAction("(none)").setEnabled(False)
