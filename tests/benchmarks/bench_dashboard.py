"""Review ▸ Agreement… in the real window: 10,000 documents x 2 annotators, SQLite store.

The corpus of ``bench_agreement_service`` is imported into a real store; the
main window opens on it and the dashboard is opened through the Review menu's
action, as a user does. Measured from the click to the dashboard *ready* (the
figures shown and the per-document table holding every document, sorted, and
painted), and the longest stall of the GUI thread meanwhile: a 5 ms watchdog
timer notes the longest gap between two of its ticks, so any work that holds
the event loop (building rows, a query on the GUI thread, a slow paint) shows.

Targets: ready <= 1.5 s, longest stall <= 100 ms. Prints figures (with the CPU time
of every thread, steadier than wall time on a shared machine, and the load
average); asserts nothing.
``python bench_dashboard.py [store.sqlite3]`` keeps (or reuses) the built store.
"""

from __future__ import annotations

import os
import resource
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from PySide6.QtCore import QElapsedTimer, QSettings, QTimer
from PySide6.QtWidgets import QApplication

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_agreement_service import N_DOCS, write_corpus

from annotator.services.importing import import_paths
from annotator.store import open_store

READY_TARGET_S = 1.5
STALL_TARGET_MS = 100
TICK_MS = 5
RUNS = 3


class Watchdog:
    """The longest time the GUI thread went without running a 5 ms timer."""

    def __init__(self) -> None:
        self.clock = QElapsedTimer()
        self.timer = QTimer()
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self._tick)
        self.longest_ms = 0.0
        self._last = 0

    def start(self) -> None:
        self.longest_ms = 0.0
        self.clock.start()
        self._last = self.clock.nsecsElapsed()
        self.timer.start()

    def _tick(self) -> None:
        now = self.clock.nsecsElapsed()
        self.longest_ms = max(self.longest_ms, (now - self._last) / 1e6 - TICK_MS)
        self._last = now

    def stop(self) -> float:
        self._tick()  # a stall running up to now counts too
        self.timer.stop()
        return self.longest_ms


def build(db: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus.jsonl"
        write_corpus(corpus)
        with open_store(db) as store:
            report = import_paths(store, [corpus])
            assert report.ok, report.summary()


def ready(window) -> bool:  # type: ignore[no-untyped-def]
    dialog = window.agreement_dialog
    if dialog is None or dialog.result is None:
        return False
    pair = dialog.pair()
    is_ready = getattr(dialog, "is_ready", None)
    if is_ready is not None:
        return bool(is_ready())
    return pair is not None and dialog.documents_proxy.rowCount() == pair.n_documents


def cpu_seconds() -> float:
    """CPU time of this process, every thread: steadier than wall time on a busy machine."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def open_dashboard(app: QApplication, window, watchdog: Watchdog  # type: ignore[no-untyped-def]
                   ) -> tuple[float, float, float, int]:
    """(seconds to ready, CPU seconds meanwhile, longest stall in ms, documents listed)."""
    window.agreement_dialog = None
    watchdog.start()
    cpu = cpu_seconds()
    began = time.perf_counter()
    window.agreement_action.trigger()
    while not ready(window):
        app.processEvents()
        time.sleep(0.001)
    dialog = window.agreement_dialog
    dialog.tabs.setCurrentIndex(dialog.tabs.count() - 1)  # the per-document table
    dialog.repaint()
    app.processEvents()
    seconds = time.perf_counter() - began
    cpu = cpu_seconds() - cpu
    # Whatever the dialog still does once ready (filling, sorting) counts as a stall too.
    settle = time.perf_counter() + 0.5
    while time.perf_counter() < settle:
        app.processEvents()
        time.sleep(0.001)
    stall = watchdog.stop()
    rows = dialog.documents_view.model().rowCount()
    dialog.close()
    app.processEvents()
    return seconds, cpu, stall, rows


def settled_window(app: QApplication, store, settings: QSettings):  # type: ignore[no-untyped-def]
    """The main window shown, once its start-up work (loading spaCy's tokenizer on a
    thread) is over: a person opens a dialog some seconds after the window."""
    from annotator.ui.main_window import MainWindow

    window = MainWindow(store, settings)
    window.show()
    while not window.windowHandle() or not window.windowHandle().isExposed():
        app.processEvents()
    settle = time.perf_counter() + 2.0
    while time.perf_counter() < settle or any(
            t.name == "spacy-warm-up" for t in threading.enumerate()):
        app.processEvents()
        time.sleep(0.01)
    return window


@contextmanager
def alice_window(db: Path) -> Iterator[tuple[QApplication, Any, Watchdog]]:
    """The app, alice's main window on the store at ``db`` (settled) and a watchdog;
    the window and the store are closed afterwards."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    with tempfile.TemporaryDirectory() as tmp:
        settings = QSettings(str(Path(tmp) / "bench.ini"), QSettings.Format.IniFormat)
        settings.setValue("annotator/name", "alice")
        store = open_store(db)
        window = settled_window(app, store, settings)
        print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
        try:
            yield app, window, Watchdog()
        finally:
            window.close()
            store.close()


def run(db: Path) -> None:
    with alice_window(db) as (app, window, watchdog):
        print(f"{'run':>4} {'ready':>9} {'CPU':>9} {'longest stall':>14} {'rows':>7}")
        for number in range(1, RUNS + 1):
            seconds, cpu, stall, rows = open_dashboard(app, window, watchdog)
            print(f"{number:>4} {seconds:7.2f} s {cpu:7.2f} s {stall:11.0f} ms {rows:7,}")
        print(f"(targets: ready <= {READY_TARGET_S} s, longest GUI-thread stall "
              f"<= {STALL_TARGET_MS} ms)")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory (RSS): {peak:.0f} MB")


def on_corpus(run: Callable[[Path], None]) -> None:
    """``run`` on the corpus's store: the one named on the command line (built first
    if it does not exist), else one built in a temporary folder."""
    if len(sys.argv) > 1:
        db = Path(sys.argv[1])
        if not db.exists():
            began = time.perf_counter()
            build(db)
            print(f"built {db} in {time.perf_counter() - began:.0f} s")
        run(db)
        return
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "bench.sqlite3"
        began = time.perf_counter()
        build(db)
        print(f"stored {N_DOCS:,} documents x 2 annotators in "
              f"{time.perf_counter() - began:.0f} s")
        run(db)


if __name__ == "__main__":
    on_corpus(run)
