"""A label whose text changes with every edit: the window is not laid out again for
a text that fits, and every text is shown whole."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QLabel, QVBoxLayout, QWidget

from annotator.ui.steady_label import SteadyLabel


class LayoutRequests(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def eventFilter(self, _watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.LayoutRequest:
            self.count += 1
        return False


def requests_for(window: QWidget, change) -> int:  # type: ignore[no-untyped-def]
    QApplication.processEvents()
    counter = LayoutRequests()
    window.installEventFilter(counter)
    change()
    QApplication.processEvents()
    window.removeEventFilter(counter)
    return counter.count


def shown(qtbot, label_type: type[QLabel]) -> tuple[QWidget, QLabel]:  # type: ignore[no-untyped-def]
    window = QWidget()
    qtbot.addWidget(window)
    layout = QVBoxLayout(window)
    label = label_type("Spans (99,990)", window)
    label.setStyleSheet("font-weight: bold;")
    layout.addWidget(label)
    layout.addWidget(QLabel("the list", window))
    window.show()
    qtbot.waitExposed(window)
    return window, label


def test_a_new_count_lays_nothing_out_and_shows_whole(qtbot) -> None:  # type: ignore[no-untyped-def]
    window, label = shown(qtbot, SteadyLabel)
    assert label.width() >= label.sizeHint().width()  # the bold text, once styled
    assert requests_for(window, lambda: label.setText("Spans (99,991)")) == 0
    assert requests_for(window, lambda: label.setText("Spans (1,099,991)")) >= 1
    assert label.width() >= label.sizeHint().width()
    label.setText("Spans")  # another document: the room is given back
    QApplication.processEvents()
    assert label.width() < label.fontMetrics().horizontalAdvance("Spans (1,0")
    assert label.width() >= label.sizeHint().width()
    # A stock label asks for a layout on every new text.
    window, stock = shown(qtbot, QLabel)
    assert requests_for(window, lambda: stock.setText("Spans (99,991)")) >= 1
