"""Open windows are kept here: a window without a Python reference would vanish."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from annotator.core.errors import StoreError
from annotator.store import open_store
from annotator.ui import plain
from annotator.ui.settings import Settings
from annotator.ui.upgrade import upgrade_progress

if TYPE_CHECKING:
    from annotator.ui.main_window import MainWindow

_open: list[MainWindow] = []


def keep(window: MainWindow) -> None:
    _open.append(window)


def open_database_window(location: str, settings: Settings,
                         parent: QWidget | None = None) -> MainWindow | None:
    """A new window on another database; an error dialog (and None) if it cannot open."""
    from annotator.ui.main_window import MainWindow

    try:
        store = open_store(location, progress=upgrade_progress(parent))
    except StoreError as exc:
        plain.critical(parent, "Cannot open the database", str(exc))
        return None
    window = MainWindow(store, settings, owns_store=True)
    keep(window)
    window.show()
    return window


def forget(window: MainWindow) -> None:
    if window in _open:
        _open.remove(window)
