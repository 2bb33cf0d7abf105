"""Help ▸ About: version, where things are kept, the bundled libraries' licences."""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication

from annotator import __version__, applog
from annotator.store import Store, default_database_path
from annotator.ui.about_dialog import AboutDialog


def licences(dialog: AboutDialog) -> dict[str, str]:
    tree = dialog.libraries
    return {tree.topLevelItem(i).text(0): tree.topLevelItem(i).text(2)
            for i in range(tree.topLevelItemCount())}


def test_help_about_tells_version_places_and_licences(qtbot, window, seeded: Store) -> None:  # type: ignore[no-untyped-def]
    help_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Help")
    assert window.about_action in help_menu.actions()
    window.about_action.trigger()
    dialog = window.about_dialog
    qtbot.waitExposed(dialog)

    assert dialog.paths["Version"] == __version__
    assert dialog.paths["Database"] == seeded.location
    assert dialog.paths["Data folder"] == str(default_database_path().parent)
    assert dialog.paths["Log file"] == str(applog.log_path())
    found = licences(dialog)
    assert found["Qt"] == found["PySide6_Essentials"] == "LGPL-3.0-only"
    assert "MIT" in found["spacy"] and "MIT" in found["SQLAlchemy"]
    assert found["lxml_html_clean"] == "BSD-3-Clause"
    assert "pytest" not in found  # test extras are not bundled

    dialog.copy_button.click()
    copied = QGuiApplication.clipboard().text()
    assert copied.startswith(f"Annotator {__version__}\n")
    assert f"Database: {seeded.location}" in copied and "spacy " in copied
    dialog.close()
