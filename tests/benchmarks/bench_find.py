"""Find in a 10 MB article, through the real window: Ctrl+F, then a key at a time.

Each key press goes to the find bar with QTest; the clock stops when the event loop
has delivered it and the article's viewport has been repainted with the matches on
screen and the current one selected (target <= 50 ms a key). The count of every
match ("3 of 41") follows a slice per turn of the event loop: its time is printed
too, as is F3 (next match) and the preview of "Label all" for the article.

Run: python tests/benchmarks/bench_find.py   (offscreen; prints, never asserts)
"""

from __future__ import annotations

import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_window import article, run_to_idle
from PySide6.QtCore import QEventLoop, QSettings, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from annotator.core.model import Document
from annotator.store import open_store

TARGET_MS = 50.0
#: (typed, toggles to switch on first: case, whole, regex)
FINDS = [("Tu-160", ""), ("venezuela", ""), ("Venezuela", "case"), ("said", "whole"),
         (r"AK-1\d+", "regex"), ("Zircon", "")]


def main() -> None:
    app = QApplication.instance() or QApplication([])
    folder = Path(tempfile.mkdtemp(prefix="bench-find-"))
    try:
        text = article(random.Random(7))
        with open_store(folder / "store.sqlite3") as store:
            store.documents.add(Document.from_text(text))
        from annotator.ui.main_window import MainWindow

        settings = QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat)
        settings.setValue("annotator/name", "bench")
        store = open_store(folder / "store.sqlite3")
        window = MainWindow(store, settings)
        window.resize(1280, 800)
        window.show()
        QTest.qWaitForWindowExposed(window)
        run_to_idle(app)
        area = window.view.text_widget()
        bar = window.find_bar
        print(f"article: {len(text.encode()) / 1e6:.1f} MB, {len(text):,} code points")
        print(f"  {'typed':14} {'options':8} {'last key':>9} {'median key':>11} "
              f"{'slowest':>8} {'count done':>11} {'F3':>7} {'matches':>8}")
        QTest.keyClick(area, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
        run_to_idle(app)
        for typed, option in FINDS:
            for toggle in (bar.case, bar.whole, bar.regex):
                toggle.setChecked(False)
            if option:
                getattr(bar, option).setChecked(True)
            bar.field.clear()
            run_to_idle(app)
            window.view.set_position(len(text) // 3)  # the reader is a third of the way in
            run_to_idle(app)
            keys = []
            for ch in typed:
                began = time.perf_counter()
                QTest.keyClicks(bar.field, ch)
                app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents)
                area.viewport().repaint()
                keys.append(time.perf_counter() - began)
            began = time.perf_counter()
            while bar.counting():
                app.processEvents()
            counted = time.perf_counter() - began + keys[-1]
            began = time.perf_counter()
            QTest.keyClick(bar.field, Qt.Key.Key_F3)
            area.viewport().repaint()
            step = time.perf_counter() - began
            print(f"  {typed:14} {option or '-':8} {keys[-1] * 1000:6.1f} ms "
                  f"{statistics.median(keys) * 1000:8.1f} ms {max(keys) * 1000:5.1f} ms "
                  f"{counted * 1000:8.0f} ms {step * 1000:4.1f} ms {bar.total() or 0:>8,}",
                  flush=True)
        print(f"  target: <= {TARGET_MS:.0f} ms a key (last, median and slowest key above)")

        # Label all: the preview of the article (counting and snapping every occurrence).
        from annotator.core.find import compile_pattern
        from annotator.services.occurrences import in_text, selection_options

        pattern = compile_pattern("AK-103", selection_options())
        began = time.perf_counter()
        found = in_text(text, pattern, "weapon", "bench", [])
        print(f"label all in the article, preview (off the GUI thread): "
              f"{time.perf_counter() - began:.2f} s for {found.found:,} occurrences")
        window.close()
        store.close()
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
