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


def test_paging_a_long_article_leaves_its_scroll_bar_alone(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    """Paging through a long text moves the handle by less than a pixel a page: the
    text's scroll bar is quiet too, and paints only when the handle really moves (a
    stock bar paints on every page)."""
    area = window.view.text_widget()
    window.view.set_document("A line of an article that runs on.\n" * 100_000, [], [])
    bar = area.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 90_000)
    assert isinstance(bar, QuietScrollBar)
    QApplication.processEvents()
    bar.repaint()
    start = bar.value()

    def ten_pages() -> None:
        for _ in range(10):
            qtbot.keyClick(area, Qt.Key.Key_PageDown)
            QApplication.processEvents()

    assert painted_after(bar, ten_pages) <= 3
    assert bar.value() > start + 100


def test_paints_as_the_style_does_with_the_groove_kept(qtbot) -> None:  # type: ignore[no-untyped-def]
    """The groove comes from a kept picture: the bar still looks as the style paints
    it, at every value, size, orientation and state (to 1/255 of a colour, from
    blending the picture)."""
    from PySide6.QtGui import QImage
    from PySide6.QtWidgets import QHBoxLayout, QScrollBar, QWidget

    holder = QWidget()
    qtbot.addWidget(holder)
    layout = QHBoxLayout(holder)
    pairs = [(QScrollBar(orientation), QuietScrollBar(orientation))
             for orientation in (Qt.Orientation.Vertical, Qt.Orientation.Horizontal)]
    for pair in pairs:
        for bar in pair:
            bar.setRange(0, 40)
            bar.setPageStep(20)
            layout.addWidget(bar)
    holder.resize(300, 400)
    holder.show()
    qtbot.waitExposed(holder)

    def pixels(bar: QScrollBar) -> QImage:
        return bar.grab().toImage().convertToFormat(QImage.Format.Format_ARGB32)

    def alike(a: QImage, b: QImage) -> bool:
        if a.size() != b.size():
            return False
        for y in range(a.height()):
            for x in range(a.width()):
                p, q = a.pixel(x, y), b.pixel(x, y)
                if any(abs((p >> s & 255) - (q >> s & 255)) > 1 for s in (0, 8, 16, 24)):
                    return False
        return True

    def check() -> None:
        QApplication.processEvents()
        for stock, quiet in pairs:
            assert alike(pixels(stock), pixels(quiet))

    for value in (0, 13, 40):
        for pair in pairs:
            for bar in pair:
                bar.setValue(value)
        check()
    holder.resize(200, 250)  # another size: another groove
    check()
    for pair in pairs:
        for bar in pair:
            bar.setEnabled(False)
    check()
