"""The About box: the version, where the data, the database and the log are kept, and
the libraries this installation carries with their licences (read from their
metadata, which costs a moment: this module loads when the box is asked for)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import QSettings, Qt, QUrl, qVersion
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from annotator.services import about
from annotator.ui import plain

if TYPE_CHECKING:
    from annotator.ui.main_window import MainWindow

TAGLINE = "Label spans in news articles and export NLP training data."
QT_NOTE = ("Qt and PySide6 are used under the GNU LGPL version 3: they are separate "
           "libraries in this installation, which you may replace with your own build. "
           "Annotator itself is MIT-licensed.")


def show_about(window: MainWindow) -> AboutDialog:
    dialog = AboutDialog(window.store.location, window.settings.q, window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    window.about_dialog = dialog
    return dialog


def open_folder(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))


class AboutDialog(QDialog):
    def __init__(self, database: str, settings: QSettings | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("About Annotator")
        self.setObjectName("about")
        places = about.places()

        icon = QLabel()
        icon.setPixmap(QGuiApplication.windowIcon().pixmap(64, 64))
        title = QLabel(f"<b style='font-size:15pt'>Annotator {about.version()}</b>"
                       f"<br>{TAGLINE}")
        header = QHBoxLayout()
        header.addWidget(icon)
        header.addWidget(title, 1)

        form = QFormLayout()
        self.paths: dict[str, str] = {}
        self._add_path(form, "Version", about.version(), None)
        self._add_path(form, "Data folder", str(places.data_folder), places.data_folder)
        is_file = "://" not in database
        self._add_path(form, "Database", database,
                       Path(database).parent if is_file else None)
        self._add_path(form, "Log file", str(places.log_file), places.log_file.parent)
        if settings is not None and settings.fileName():
            self._add_path(form, "Settings", settings.fileName(),
                           Path(settings.fileName()).parent)

        self.libraries = QTreeWidget()
        self.libraries.setHeaderLabels(["Library", "Version", "Licence"])
        self.libraries.setRootIsDecorated(False)
        self.libraries.setAlternatingRowColors(True)
        self.libraries.setSelectionMode(QTreeWidget.SelectionMode.NoSelection)
        first = [about.python(), about.Library("Qt", qVersion(), "LGPL-3.0-only")]
        bundled = about.bundled_libraries() or [  # no metadata: name what must be there
            about.Library("PySide6", pyside_version, "LGPL-3.0-only")]
        for library in [*first, *bundled]:
            if library.name.startswith(("PySide6", "shiboken6")):
                # Offered under LGPL or GPL; this app takes the LGPL.
                library = about.Library(library.name, library.version, "LGPL-3.0-only")
            QTreeWidgetItem(self.libraries, [library.name, library.version, library.licence])
        header_view = self.libraries.header()
        header_view.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header_view.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header_view.setStretchLastSection(True)
        note = QLabel(QT_NOTE)
        note.setWordWrap(True)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.copy_button = QPushButton("Copy")
        self.copy_button.setToolTip("Copy all of this as text, for a bug report")
        self.copy_button.clicked.connect(self.copy)
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addSpacing(6)
        layout.addLayout(form)
        layout.addSpacing(6)
        layout.addWidget(QLabel("<b>Bundled libraries</b>"))
        layout.addWidget(self.libraries, 1)
        layout.addWidget(note)
        layout.addWidget(buttons)
        self.resize(640, 560)

    def _add_path(self, form: QFormLayout, name: str, text: str,
                  folder: Path | None) -> None:
        self.paths[name] = text
        label = QLabel()
        label.setWordWrap(True)
        escaped = text.replace("&", "&amp;").replace("<", "&lt;")
        if folder is None:
            label.setText(escaped)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        else:
            label.setText(f'<a href="{QUrl.fromLocalFile(str(folder)).toString()}">'
                          f"{escaped}</a>")
            label.setToolTip(plain.tip(f"Open {folder}"))
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
            label.linkActivated.connect(lambda _url, f=folder: open_folder(f))
        form.addRow(f"{name}:", label)

    def text(self) -> str:
        """Everything shown, as plain text."""
        lines = [f"Annotator {about.version()}"]
        lines += [f"{name}: {value}" for name, value in self.paths.items() if name != "Version"]
        lines.append("Bundled libraries:")
        for row in range(self.libraries.topLevelItemCount()):
            item = self.libraries.topLevelItem(row)
            lines.append(f"  {item.text(0)} {item.text(1)} ({item.text(2)})")
        return "\n".join(lines)

    def copy(self) -> None:
        QGuiApplication.clipboard().setText(self.text())
        self.copy_button.setText("Copied")
