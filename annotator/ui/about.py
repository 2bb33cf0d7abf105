"""The Help menu: About, and the log folder (to attach the log to a bug report).

The About box reads every library's metadata, so it is loaded only when asked for.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenuBar

if TYPE_CHECKING:
    from annotator.ui.main_window import MainWindow


def install_menu(window: MainWindow, bar: QMenuBar) -> None:
    menu = bar.addMenu("&Help")
    window.about_action = QAction("&About Annotator", window)
    window.about_action.setMenuRole(QAction.MenuRole.AboutRole)
    window.about_action.triggered.connect(lambda: _show_about(window))
    window.log_folder_action = QAction("Open the &log folder", window)
    window.log_folder_action.setStatusTip("The log file, to attach to a bug report")
    window.log_folder_action.triggered.connect(_open_log_folder)
    menu.addActions([window.about_action, window.log_folder_action])


def _show_about(window: MainWindow) -> None:
    from annotator.ui.about_dialog import show_about

    show_about(window)


def _open_log_folder() -> None:
    from annotator.applog import log_path
    from annotator.ui.about_dialog import open_folder

    open_folder(log_path().parent)
