"""Application start: QApplication, the annotator's name, the store, the window."""

from __future__ import annotations

import logging
import sys

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from annotator import __version__, resources
from annotator.core.errors import StoreError
from annotator.store import open_store
from annotator.ui import errors, first_run, plain, windows
from annotator.ui.settings import Settings
from annotator.ui.upgrade import upgrade_progress

ORGANISATION = "annotator"
APPLICATION = "Annotator"
log = logging.getLogger(__name__)


def application() -> QApplication:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setOrganizationName(ORGANISATION)
    app.setApplicationName(APPLICATION)
    app.setApplicationDisplayName(APPLICATION)
    app.setApplicationVersion(__version__)
    app.setDesktopFileName(resources.APP_ID)  # Wayland and the task bar match the .desktop
    app.setWindowIcon(QIcon(str(resources.real_path(resources.icon()))))
    return app  # type: ignore[return-value]


def run(db: str | None = None) -> int:
    """Open the store (db path/URL, else ANNOTATOR_DB, else the default) in a window.

    An unexpected error is answered with the error dialog (ui.errors): while the
    window runs, the app carries on; before it is up, the dialog is the last word
    and the exit code is 1."""
    app = application()
    with errors.installed(app):
        try:
            if not _open_window(app, db):
                return 1
        except Exception as exc:
            dialog = errors.report_unexpected(exc, context="while opening the window")
            if dialog is not None:
                dialog.close_app()
                dialog.exec()
            return 1
        return app.exec()


def _open_window(app: QApplication, db: str | None) -> bool:
    settings = Settings(QSettings(ORGANISATION, APPLICATION))
    try:
        store = open_store(db, progress=upgrade_progress(None))
    except StoreError as exc:
        log.warning("cannot open the database: %s", exc)
        plain.critical(None, "Cannot open the database", str(exc))
        return False
    if not settings.annotator():
        known = [name for name, _ in store.annotators.all()]
        first_run.ask_annotator(None, settings, known)  # cancelled: the login name is used
    from annotator.ui.main_window import MainWindow  # after the dialog: shows sooner

    window = MainWindow(store, settings, owns_store=True)
    windows.keep(window)
    window.show()
    # Logged once the event loop has run: the time a user waits for the window.
    QTimer.singleShot(0, lambda: log.info("window shown on %s", store.location))
    if store.documents.count() == 0:
        QTimer.singleShot(0, window.offer_samples)
    return True
