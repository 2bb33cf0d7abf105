"""The Review menu: start or leave review, and the agreement dashboard.

Review and agreement load the comparison engine (numpy), so this module, which the
window imports at start, reaches them only when a menu item is chosen.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QMenuBar

from annotator.core.errors import AnnotatorError
from annotator.ui import plain

if TYPE_CHECKING:
    from annotator.ui.main_window import MainWindow
    from annotator.ui.review.controller import ReviewMode


def install_menu(window: MainWindow, bar: QMenuBar) -> None:
    menu = bar.addMenu("&Review")
    window.start_review_action = QAction("&Start review…", window)
    window.start_review_action.setStatusTip("Compare annotators' spans and decide each one")
    window.start_review_action.triggered.connect(lambda: ask_and_start(window))
    window.leave_review_action = QAction("&Leave review", window)
    window.leave_review_action.setEnabled(False)
    window.leave_review_action.triggered.connect(window.leave_review)
    window.agreement_action = QAction("&Agreement…", window)
    window.agreement_action.setStatusTip("Agreement between annotators: figures and pictures")
    window.agreement_action.triggered.connect(lambda: show_agreement(window))
    menu.addActions([window.start_review_action, window.leave_review_action])
    menu.addSeparator()
    menu.addAction(window.agreement_action)


def ask_and_start(window: MainWindow) -> ReviewMode | None:
    from annotator.ui.review.start import StartReviewDialog

    current = window.review
    dialog = StartReviewDialog(window.store, window,
                               chosen=current.annotators if current else None,
                               reviewer=current.reviewer if current else None)
    try:
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return start(window, dialog.chosen(), dialog.reviewer_name())
    finally:
        dialog.deleteLater()


def start(window: MainWindow, annotators: list[str], reviewer: str) -> ReviewMode | None:
    from annotator.ui.review.controller import ReviewMode

    if window.review is not None:
        window.leave_review()
    try:
        mode = ReviewMode(window, annotators, reviewer)
    except AnnotatorError as exc:
        plain.warning(window, "Review", str(exc))
        return None
    window.enter_review(mode)
    return mode


def show_agreement(window: MainWindow) -> None:
    from annotator.ui.review.dashboard import AgreementDialog

    chosen = window.review.annotators if window.review else None
    dialog = AgreementDialog(window.store, window, annotators=chosen, track=window.files.track)
    dialog.documentChosen.connect(window.open_document)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    window.agreement_dialog = dialog
    dialog.show()
