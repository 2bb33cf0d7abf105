"""The store queue on its real thread: work is handed to it once the window has
painted what an edit shows, in the order submitted, and none is lost on closing."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtWidgets import QWidget

from annotator.store import Store, open_store
from annotator.ui.store_queue import StoreQueue


class _Counting(QWidget):
    def __init__(self) -> None:
        super().__init__()
        self.paints = 0

    def paintEvent(self, event: QPaintEvent) -> None:
        QPainter(self).end()
        self.paints += 1


def test_work_waits_for_the_paint_the_edit_asked_for(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    widget = _Counting()
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    qtbot.waitUntil(lambda: widget.paints > 0)
    store = open_store(tmp_path / "queue.sqlite3")
    queue = StoreQueue(store)
    seen: list[int] = []
    try:
        for _ in range(5):
            painted = widget.paints
            widget.update()  # the edit is shown...

            def work(_store: Store, painted: int = painted) -> int:
                return widget.paints - painted  # ...before the worker runs

            queue.submit(work, seen.append)
            assert queue.wait(10.0)
    finally:
        queue.close()
        store.close()
    assert seen == [1, 1, 1, 1, 1]


def test_work_runs_in_order_and_closing_hands_over_what_is_held(tmp_path: Path) -> None:
    store = open_store(tmp_path / "queue.sqlite3")
    queue = StoreQueue(store)
    ran: list[int] = []
    for i in range(20):
        queue.submit(lambda _store, i=i: ran.append(i))
    queue.close()  # no event loop ran: the held work still runs
    store.close()
    assert ran == list(range(20))
