"""A progress dialog while an older store is upgraded on opening (indexing it for search)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QProgressDialog, QWidget


def upgrade_progress(parent: QWidget | None) -> Callable[[str, int, int], None]:
    """For open_store(progress=...): the dialog appears with the first report, shows
    each step, and closes when the last one is done. The upgrade is one transaction,
    so it cannot be stopped half-way: the dialog has no Cancel button."""
    shown: list[QProgressDialog] = []

    def report(what: str, done: int, total: int) -> None:
        if not shown:
            dialog = QProgressDialog(parent)
            dialog.setWindowTitle("Upgrading the database")
            dialog.setCancelButton(None)  # type: ignore[arg-type]
            dialog.setMinimumDuration(0)
            dialog.setAutoClose(False)
            dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
            shown.append(dialog)
        dialog = shown[0]
        dialog.setLabelText(f"Upgrading the database: {what}…\n{done:,} of {total:,}")
        dialog.setMaximum(max(total, 1))
        dialog.setValue(min(done, max(total, 1)))
        if done >= total:
            dialog.close()
        QApplication.processEvents()  # the upgrade runs here: let the dialog paint

    return report
