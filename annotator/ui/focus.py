"""Keyboard focus between panels: Tab steps along a chain of panels, tables let it go."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QApplication, QWidget


def step(chain: Sequence[QWidget], forward: bool) -> bool:
    """Move the focus from the chain member that holds it (or holds the widget that
    does) to the next one that takes Tab, round the end; widgets hidden, disabled or
    taking no focus (the label bar's buttons but the one in use) are passed over.
    False, with nothing done, when the focus is outside the chain."""
    focused = QApplication.focusWidget()
    at = next((i for i, widget in enumerate(chain)
               if focused is not None and (widget is focused or widget.isAncestorOf(focused))),
              None)
    if at is None:
        return False
    for offset in range(1, len(chain) + 1):
        widget = chain[(at + (offset if forward else -offset)) % len(chain)]
        if (widget.isVisible() and widget.isEnabled()
                and widget.focusPolicy() & Qt.FocusPolicy.TabFocus):
            widget.setFocus(Qt.FocusReason.TabFocusReason if forward
                            else Qt.FocusReason.BacktabFocusReason)
            return True
    return False


def tab_leaves(view: QAbstractItemView) -> QAbstractItemView:
    """Tab moves on to the next panel instead of walking the view cell by cell
    (arrow keys still move between rows)."""
    view.setTabKeyNavigation(False)
    return view
