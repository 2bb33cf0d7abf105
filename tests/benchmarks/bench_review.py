"""Review ▸ Start review… in the real window: 10,000 documents x 2 annotators (400,000
spans, 200,000 relations), SQLite store.

The corpus of ``bench_dashboard`` (from ``bench_agreement_service``); the main window
opens on it and review is started through the Review menu's action and its dialog,
as a user does (the reviewer's name typed, OK clicked). Measured from the click on
OK: the review panel shown (on the current document, painted), the corpus's review
counts in (the status bar's "Reviewed … of … documents"), and the longest stall of
the GUI thread meanwhile, by a 5 ms watchdog timer (see ``bench_dashboard.Watchdog``).
Each run leaves review and starts it again.

Targets: longest stall <= 100 ms (issue 9: the GUI thread never waits on the
database longer); panel shown at once. Prints figures (with the CPU time of every
thread and the load average); asserts nothing.
``python bench_review.py [store.sqlite3]`` keeps (or reuses) the built store: give it
a copy, for review writes the reviewer's name into it.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_dashboard import Watchdog, alice_window, cpu_seconds, on_corpus

PANEL_TARGET_MS = 100
STALL_TARGET_MS = 100
RUNS = 3
REVIEWER = "bench-reviewer"


def counts_in(window) -> bool:  # type: ignore[no-untyped-def]
    mode = window.review
    counting = getattr(mode, "counting", None)  # older windows counted before showing
    return mode is not None and (counting is None or not counting())


def start_review(app: QApplication, window, watchdog: Watchdog  # type: ignore[no-untyped-def]
                 ) -> tuple[float, float, float, float, str]:
    """(ms to the panel shown, s to the counts in, CPU s meanwhile, longest stall in ms,
    what the status bar says)."""
    from annotator.ui.review.start import StartReviewDialog

    clicked: list[tuple[float, float]] = []

    def fill() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, StartReviewDialog):
            QTimer.singleShot(10, fill)
            return
        dialog.reviewer.setCurrentText(REVIEWER)
        watchdog.start()  # the dialog's own time is the user's, not the review's
        clicked.append((time.perf_counter(), cpu_seconds()))
        dialog.accept()

    QTimer.singleShot(0, fill)
    window.start_review_action.trigger()  # returns once the mode is entered
    window.repaint()
    app.processEvents()
    shown = time.perf_counter()
    began, cpu = clicked[0]
    while not counts_in(window):
        app.processEvents()
        time.sleep(0.001)
    window.repaint()
    app.processEvents()
    counted = time.perf_counter()
    cpu = cpu_seconds() - cpu
    settle = time.perf_counter() + 0.3  # what the window still does once they are in
    while time.perf_counter() < settle:
        app.processEvents()
        time.sleep(0.001)
    stall = watchdog.stop()
    status = window.status.progress.text()
    window.leave_review()
    app.processEvents()
    return (shown - began) * 1000, counted - began, cpu, stall, status


def run(db: Path) -> None:
    with alice_window(db) as (app, window, watchdog):
        print(f"{'run':>4} {'panel shown':>12} {'counts in':>10} {'CPU':>8} "
              f"{'longest stall':>14}")
        status = ""
        for number in range(1, RUNS + 1):
            panel_ms, counted, cpu, stall, status = start_review(app, window, watchdog)
            print(f"{number:>4} {panel_ms:9.0f} ms {counted:8.2f} s {cpu:6.2f} s "
                  f"{stall:11.0f} ms")
        print(f"(targets: panel shown <= {PANEL_TARGET_MS} ms, longest GUI-thread stall "
              f"<= {STALL_TARGET_MS} ms; counts in: no target, the window is usable "
              "meanwhile)")
        print(f"status bar once counted: {status}")

if __name__ == "__main__":
    on_corpus(run)
