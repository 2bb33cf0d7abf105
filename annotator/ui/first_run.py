"""Questions asked once: who is annotating, and whether to load the sample articles."""

from __future__ import annotations

from PySide6.QtWidgets import QInputDialog, QMessageBox, QWidget

from annotator.core.model import name_problem
from annotator.ui import plain
from annotator.ui.settings import Settings


def ask_annotator(parent: QWidget | None, settings: Settings, known: list[str]) -> str | None:
    """Ask for the annotator's name (prefilled); None if cancelled."""
    current = settings.annotator_or_default()
    items = list(dict.fromkeys([current, *known]))
    name, ok = QInputDialog.getItem(
        parent, "Who is annotating?",
        "Your name is stored with every span you make.\nAnnotator:",
        items, 0, True)
    name = name.strip()
    if not ok or not name:
        return None
    problem = name_problem("annotator", name)
    if problem:
        plain.warning(parent, "Who is annotating?", f"{problem[0].upper()}{problem[1:]}.")
        return None
    settings.set_annotator(name)
    return name


def offer_samples(parent: QWidget | None, count: int) -> bool:
    answer = QMessageBox.question(
        parent, "An empty database",
        f"This database holds no articles yet.\n\nLoad the {count} bundled sample news "
        "articles to try labelling? You can import your own with File ▸ Import.",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.Yes)
    return answer == QMessageBox.StandardButton.Yes
