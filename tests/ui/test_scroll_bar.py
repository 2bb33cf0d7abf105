"""Quiet scroll bars: a range or value change that leaves the handle on the same
pixels paints nothing; one that moves it (or reaches an end) paints as before."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QApplication

from annotator.ui.scroll_bar import QuietScrollBar


class PaintCounter(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.paints = 0

    def eventFilter(self, _watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.paints += 1
        return False


def painted_after(bar: QuietScrollBar, change) -> int:  # type: ignore[no-untyped-def]
    QApplication.processEvents()
    counter = PaintCounter()
    bar.installEventFilter(counter)
    change()
    QApplication.processEvents()
    bar.removeEventFilter(counter)
    return counter.paints


def test_same_pixels_are_not_painted_again(qtbot) -> None:  # type: ignore[no-untyped-def]
    bar = QuietScrollBar(Qt.Orientation.Vertical)
    qtbot.addWidget(bar)
    bar.resize(16, 500)
    bar.setRange(0, 100_000)
    bar.setValue(50_000)
    first = PaintCounter()
    bar.installEventFilter(first)
    bar.show()
    qtbot.waitUntil(lambda: first.paints > 0)  # on screen now
    bar.removeEventFilter(first)
    before = bar.look()
    # One row more in a list of 100,000: the handle stays where it was.
    assert painted_after(bar, lambda: bar.setMaximum(100_001)) == 0
    assert painted_after(bar, lambda: bar.setValue(50_001)) == 0
    assert bar.look() == before
    # Far enough to move the handle: painted.
    assert painted_after(bar, lambda: bar.setValue(90_000)) >= 1
    assert bar.look() != before
    # An end reached (some styles dim an arrow there): painted even in a long range.
    bar.setValue(bar.maximum() - 1)
    assert painted_after(bar, lambda: bar.setValue(bar.maximum())) >= 1
    # A short range: every step moves the handle.
    assert painted_after(bar, lambda: bar.setRange(0, 10)) >= 1
    assert painted_after(bar, lambda: bar.setValue(3)) >= 1


def test_span_list_has_quiet_scroll_bars(window) -> None:  # type: ignore[no-untyped-def]
    panel = window.annotate.list
    assert isinstance(panel.verticalScrollBar(), QuietScrollBar)
    assert isinstance(panel.horizontalScrollBar(), QuietScrollBar)
