"""UI fixtures: private settings, real stores in tmp_path, and no leaked windows."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QSettings
from PySide6.QtWidgets import QApplication

from annotator.store import Store
from annotator.ui.settings import Settings

ANNOTATOR = "alice"


@pytest.fixture(scope="session", autouse=True)
def _private_qsettings(tmp_path_factory: pytest.TempPathFactory) -> None:
    # Any QSettings() a test forgets to inject lands here, never in the user's own.
    folder = str(tmp_path_factory.mktemp("qsettings"))
    for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, folder)
        QSettings.setPath(fmt, QSettings.Scope.SystemScope, folder)
    QCoreApplication.setOrganizationName("annotator-tests")
    QCoreApplication.setApplicationName("annotator-tests")


@pytest.fixture(autouse=True)
def _no_leaked_windows(qapp: QApplication) -> Iterator[None]:
    yield
    qapp.processEvents()
    leaked = [w for w in qapp.topLevelWidgets() if w.isVisible()]
    for widget in leaked:
        widget.close()
    assert not leaked, f"windows left open: {[type(w).__name__ for w in leaked]}"


@pytest.fixture
def qsettings(tmp_path: Path) -> QSettings:
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    settings.setValue("annotator/name", ANNOTATOR)
    return settings


@pytest.fixture
def settings(qsettings: QSettings) -> Settings:
    return Settings(qsettings)


@pytest.fixture
def seeded(store: Store, seed_articles: list[Path]) -> Store:
    from annotator.services.importing import import_paths

    report = import_paths(store, seed_articles)
    assert report.ok, report.summary()
    return store


@pytest.fixture
def make_window(qtbot, qsettings: QSettings):  # type: ignore[no-untyped-def]
    from annotator.ui.main_window import MainWindow

    def make(store: Store, *, inline: bool = True) -> MainWindow:
        # In-line store work keeps most tests step by step; the busy-store and
        # background tests pass inline=False to run the real worker thread.
        window = MainWindow(store, qsettings, inline_store_work=inline)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        return window

    return make


@pytest.fixture
def window(make_window, seeded: Store):  # type: ignore[no-untyped-def]
    return make_window(seeded)
