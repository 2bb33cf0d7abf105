"""Application start: QApplication, the annotator's name, the store, the window."""

from __future__ import annotations

import sys

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from annotator.core.errors import StoreError
from annotator.store import open_store
from annotator.ui import first_run, windows
from annotator.ui.settings import Settings

ORGANISATION = "annotator"
APPLICATION = "Annotator"


def application() -> QApplication:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setOrganizationName(ORGANISATION)
    app.setApplicationName(APPLICATION)
    app.setApplicationDisplayName(APPLICATION)
    return app  # type: ignore[return-value]


def run(db: str | None = None) -> int:
    """Open the store (db path/URL, else ANNOTATOR_DB, else the default) in a window."""
    app = application()
    settings = Settings(QSettings(ORGANISATION, APPLICATION))
    try:
        store = open_store(db)
    except StoreError as exc:
        QMessageBox.critical(None, "Cannot open the database", str(exc))
        return 1
    if not settings.annotator():
        known = [name for name, _ in store.annotators.all()]
        first_run.ask_annotator(None, settings, known)  # cancelled: the login name is used
    from annotator.ui.main_window import MainWindow  # after the dialog: shows sooner

    window = MainWindow(store, settings, owns_store=True)
    windows.keep(window)
    window.show()
    if store.documents.count() == 0:
        QTimer.singleShot(0, window.offer_samples)
    return app.exec()
