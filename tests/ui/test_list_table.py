"""List tables: a row added or removed below the rows on screen repaints none of them
(what they show is the same), only the scroll bar's range follows; a row added or
removed among the rows on screen repaints the rows from it down, not those above it;
a change above them repaints as before. What is on screen is what a fresh paint shows."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QEvent, QModelIndex, QObject, Qt
from PySide6.QtGui import QPaintEvent, QRegion
from PySide6.QtWidgets import QApplication

from annotator.ui.list_table import ListTable


class Rows(QAbstractTableModel):
    def __init__(self, count: int) -> None:
        super().__init__()
        self.rows = [f"row {i}" for i in range(count)]

    def rowCount(self, parent=QModelIndex()) -> int:  # type: ignore[no-untyped-def]  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # type: ignore[no-untyped-def]  # noqa: B008
        return 0 if parent.isValid() else 1

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):  # type: ignore[no-untyped-def]
        if role == Qt.ItemDataRole.DisplayRole and index.isValid():
            return self.rows[index.row()]
        return None

    def remove(self, at: int) -> None:
        self.beginRemoveRows(QModelIndex(), at, at)
        del self.rows[at]
        self.endRemoveRows()

    def insert(self, at: int, text: str) -> None:
        self.beginInsertRows(QModelIndex(), at, at)
        self.rows.insert(at, text)
        self.endInsertRows()


class Table(ListTable):
    def _picked(self, row: int | None) -> None:
        pass


class PaintCounter(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.paints = 0
        self.region = QRegion()

    def eventFilter(self, _watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            assert isinstance(event, QPaintEvent)
            self.paints += 1
            self.region += event.region()
        return False


def shown_table(qtbot, count: int = 1000) -> tuple[Table, Rows]:  # type: ignore[no-untyped-def]
    model = Rows(count)
    table = Table(model)
    qtbot.addWidget(table)
    table.resize(200, 200)
    table.show()
    qtbot.waitExposed(table)
    settle(qtbot)
    return table, model


def settle(qtbot) -> None:  # type: ignore[no-untyped-def]
    """The delayed layout and the paints it asks for: all done."""
    for _ in range(3):
        qtbot.wait(20)
        QApplication.processEvents()


def painted_after(qtbot, table: Table, change) -> int:  # type: ignore[no-untyped-def]
    return painted_region(qtbot, table, change).paints


def painted_region(qtbot, table: Table, change) -> PaintCounter:  # type: ignore[no-untyped-def]
    settle(qtbot)
    counter = PaintCounter()
    table.viewport().installEventFilter(counter)
    change()
    settle(qtbot)
    table.viewport().removeEventFilter(counter)
    return counter


def on_screen_as_painted(table: Table) -> bool:
    """The table's pixels on screen are those a paint from scratch gives."""
    shown = table.screen().grabWindow(table.winId()).toImage()
    fresh = table.grab().toImage().convertToFormat(shown.format())
    return shown.size() == fresh.size() and shown == fresh


def test_rows_changed_below_the_screen_repaint_nothing(qtbot) -> None:  # type: ignore[no-untyped-def]
    table, model = shown_table(qtbot)
    last = table.rowAt(table.viewport().height() - 1)
    assert 0 < last < 100
    before = table.viewport().grab().toImage()
    maximum = table.verticalScrollBar().maximum()
    assert painted_after(qtbot, table, lambda: model.remove(500)) == 0
    assert table.verticalScrollBar().maximum() == maximum - 1
    assert painted_after(qtbot, table, lambda: (model.insert(last + 1, "new"),
                                         model.insert(900, "newer"))) == 0
    assert table.verticalScrollBar().maximum() == maximum + 1
    # What a paint would show now is what is on screen: the same rows.
    assert table.viewport().grab().toImage() == before
    assert [table.indexAt(table.visualRect(model.index(r, 0)).center()).row()
            for r in range(last + 1)] == list(range(last + 1))


def test_rows_changed_on_screen_or_above_repaint(qtbot) -> None:  # type: ignore[no-untyped-def]
    table, model = shown_table(qtbot)
    last = table.rowAt(table.viewport().height() - 1)
    assert painted_after(qtbot, table, lambda: model.remove(last)) >= 1
    assert model.data(table.indexAt(table.viewport().rect().topLeft())) == "row 0"
    assert painted_after(qtbot, table, lambda: model.insert(0, "first")) >= 1
    assert model.data(table.indexAt(table.viewport().rect().topLeft())) == "first"
    # Below the screen, then on it, in one go: repainted.
    assert painted_after(qtbot, table, lambda: (model.remove(600), model.remove(1))) >= 1
    table.verticalScrollBar().setValue(100)  # scrolled down: a row above the screen
    settle(qtbot)
    top = model.data(table.indexAt(table.viewport().rect().topLeft()))
    assert painted_after(qtbot, table, lambda: model.remove(3)) >= 1
    assert model.data(table.indexAt(table.viewport().rect().topLeft())) != top
    # A short list (no row beyond the screen): repainted as before.
    short, rows = shown_table(qtbot, 3)
    assert painted_after(qtbot, short, lambda: rows.insert(3, "row 3")) >= 1


def test_rows_changed_on_screen_repaint_from_there_down(qtbot) -> None:  # type: ignore[no-untyped-def]
    table, model = shown_table(qtbot)
    table.setAlternatingRowColors(True)  # every row below changes colour
    settle(qtbot)
    row_top = table.rowViewportPosition(5)
    painted = painted_region(qtbot, table, lambda: model.remove(5))
    assert painted.paints >= 1
    assert painted.region.boundingRect().top() == row_top
    assert painted.region.boundingRect().bottom() == table.viewport().height() - 1
    assert model.data(table.indexAt(table.visualRect(model.index(5, 0)).center())) == "row 6"
    assert on_screen_as_painted(table)
    painted = painted_region(qtbot, table, lambda: (model.insert(8, "new"),
                                                    model.insert(3, "newer")))
    assert painted.region.boundingRect().top() == table.rowViewportPosition(3)
    assert on_screen_as_painted(table)
    # At the end of the list: the rows move down as the scroll bar's range shrinks.
    bar = table.verticalScrollBar()
    bar.setValue(bar.maximum())
    settle(qtbot)
    last = model.rowCount() - 1
    for at in (last - 2, last - 4):
        painted_after(qtbot, table, lambda at=at: model.remove(at))
        assert on_screen_as_painted(table)
    assert bar.value() == bar.maximum()
    assert model.data(table.indexAt(table.viewport().rect().topLeft())) \
        == model.rows[table.rowAt(0)]


def test_rows_changed_on_screen_move_as_pixels(qtbot) -> None:  # type: ignore[no-untyped-def]
    """Without alternating colours a row looks the same wherever it is: the rows below
    a change are moved, and only what that uncovers is painted."""
    table, model = shown_table(qtbot)
    height = table.rowHeight(0)
    bottom = table.viewport().height()
    inserted_at = table.rowViewportPosition(5)
    painted = painted_region(qtbot, table, lambda: model.insert(5, "new"))
    assert painted.region.boundingRect().top() == inserted_at
    assert painted.region.boundingRect().height() == height  # the new row, no more
    assert on_screen_as_painted(table)
    painted = painted_region(qtbot, table, lambda: model.remove(2))
    assert painted.region.boundingRect().top() >= bottom - 2 * height  # uncovered below
    assert on_screen_as_painted(table)
    # Several changes in one go (a span deleted with its relations): moved one by one.
    width = table.viewport().width()
    painted = painted_region(qtbot, table, lambda: (model.remove(8), model.insert(3, "x"),
                                                    model.remove(5)))
    assert sum(r.height() * r.width() for r in painted.region) <= 3 * height * width
    assert on_screen_as_painted(table)
    # Scrolled down, a change above the screen moves every row on it.
    table.verticalScrollBar().setValue(100)
    settle(qtbot)
    top = model.data(table.indexAt(table.viewport().rect().topLeft()))
    painted = painted_region(qtbot, table, lambda: model.insert(3, "above"))
    assert painted.region.boundingRect().height() == height  # the row come on at the top
    assert model.data(table.indexAt(table.viewport().rect().topLeft())) != top
    assert on_screen_as_painted(table)
    # At the end of the list, removing rows also moves what the scroll bar's range does.
    bar = table.verticalScrollBar()
    bar.setValue(bar.maximum())
    settle(qtbot)
    for at in (model.rowCount() - 3, 10):
        painted_region(qtbot, table, lambda at=at: model.remove(at))
        assert on_screen_as_painted(table)
    assert bar.value() == bar.maximum()
