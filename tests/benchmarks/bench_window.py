"""The main window on a 10 MB article with 100,000 nested spans, driven as a user drives it.

Everything is measured through ``MainWindow`` on a real SQLite store: open the
article (until painted), select a word and press a label key (until the span is
committed to the database and painted), page down (until painted), Ctrl+Z. The
event loop is run to idle after every step, so what the window does after the key
press (span list, counts, document list) is counted too.

Run: python tests/benchmarks/bench_window.py   (offscreen; prints, never asserts)
"""

from __future__ import annotations

import os
import random
import resource
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from PySide6.QtCore import QCoreApplication, QEventLoop, QSettings, Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from annotator.core.model import DEFAULT_LABELS, AnnotatorKind, Document
from annotator.store import open_store

WORDS = ("Russia military cooperation minister said Tu-160 missile the of and "
         "delegates Venezuela claimed officials AK-103 An-124 “quoted” threats").split()
EMOJI = ("😀", "👨‍👩‍👧", "🇫🇷")
TARGET_BYTES = 10_000_000
SPANS = 100_000
KEYS = 100
PAGES = 100
OTHER_DOCUMENTS = 2_000


def article(rng: random.Random) -> str:
    paragraphs, size = [], 0
    while size < TARGET_BYTES:
        words = [rng.choice(WORDS) for _ in range(rng.randint(40, 120))]
        if rng.random() < 0.05:
            words.insert(rng.randrange(len(words)), rng.choice(EMOJI))
        paragraph = " ".join(words) + "."
        paragraphs.append(paragraph)
        size += len(paragraph.encode()) + 2
    return "Long article\n\n" + "\n\n".join(paragraphs)


class _Span:
    __slots__ = ("end", "label", "origin", "start", "status")

    def __init__(self, start: int, end: int, label: str) -> None:
        self.start, self.end, self.label = start, end, label


def nested_spans(rng: random.Random, length: int, count: int) -> list[_Span]:
    """Clusters of a long span holding two short ones, like claim > actor, weapon."""
    out: list[_Span] = []
    labels = [label.name for label in DEFAULT_LABELS]
    while len(out) < count:
        start = rng.randrange(0, length - 400)
        outer = rng.randint(60, 300)
        out.append(_Span(start, start + outer, rng.choice(labels)))
        for _ in range(2):
            a = start + rng.randrange(0, outer - 20)
            out.append(_Span(a, a + rng.randint(3, 20), rng.choice(labels)))
    return out[:count]


def build(path: Path, rng: random.Random) -> str:
    text = article(rng)
    big = Document.from_text(text)
    others = [Document.from_text(f"Short article {i}\n\nThe minister said talks go on. {i}")
              for i in range(OTHER_DOCUMENTS)]
    with open_store(path) as store, store.bulk() as writer:
        keys = writer.documents([*others[:OTHER_DOCUMENTS // 2], big,
                                 *others[OTHER_DOCUMENTS // 2:]])
        for s in (found := nested_spans(rng, len(text), SPANS)):
            s.origin, s.status = "manual", "accepted"
        writer.spans(keys[big.id][0], "bench", AnnotatorKind.HUMAN, found)
    return big.id


def run_to_idle(app: QApplication) -> None:
    """Deliver everything queued, including deferred deletes and timers due now."""
    for _ in range(3):
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents)
        QCoreApplication.sendPostedEvents()


def pct(values: list[float], q: int) -> float:
    return statistics.quantiles(values, n=100)[q - 1] if len(values) > 1 else values[0]


CPU: list[float] = []  # process CPU time of each timed step (steadier on a busy machine)


def timed(step: Callable[[], None], settle: Callable[[], None]) -> float:
    began, cpu = time.perf_counter(), time.process_time()
    step()
    settle()
    CPU.append(time.process_time() - cpu)
    return time.perf_counter() - began




def main() -> None:
    rng = random.Random(7)
    app = QApplication.instance() or QApplication([])
    folder = tempfile.mkdtemp(prefix="bench-window-")
    db = Path(folder) / "bench.sqlite3"
    began = time.perf_counter()
    uid = build(db, rng)
    print(f"built the store in {time.perf_counter() - began:.1f} s "
          f"({db.stat().st_size / 2**20:.0f} MB)")

    from annotator.ui.main_window import MainWindow

    settings = QSettings(str(Path(folder) / "settings.ini"), QSettings.Format.IniFormat)
    settings.setValue("annotator/name", "bench")
    store = open_store(db)
    window = MainWindow(store, settings)
    window.resize(1280, 800)
    window.show()
    QTest.qWaitForWindowExposed(window)
    run_to_idle(app)
    area = window.view.text_widget()
    queue = getattr(window, "queue", None)
    # As for a user a few seconds in: the tokenizer the window loads in the background
    # is there (measured apart: it is a one-off at start).
    from annotator.nlp.tokens import blank_english

    began = time.perf_counter()
    blank_english()
    tokenizer_s = time.perf_counter() - began

    def settle() -> None:
        """Paint now, then run until the store has committed every edit and the event
        loop is idle (painting again whatever the commit changed on screen)."""
        area.viewport().repaint()
        if queue is not None:  # the event loop sleeps meanwhile, as it does for a user
            queue.wait(30.0)
        run_to_idle(app)

    opened = timed(lambda: window.open_document(uid), settle)
    opened_cpu = CPU[-1]

    # Select a word near the top of the screen and press 1..4: snapped, stored, painted.
    text = window.text
    top = window.view.position()
    keys, undos, key_cpu, undo_cpu = [], [], [], []
    for i in range(KEYS):
        at = text.find(" ", top + rng.randrange(0, 1500)) + 1
        end = text.find(" ", at)
        edit = area
        cursor = edit.textCursor()
        cursor.setPosition(window.view.to_utf16(at))
        cursor.setPosition(window.view.to_utf16(end), QTextCursor.MoveMode.KeepAnchor)
        edit.setTextCursor(cursor)
        key = (Qt.Key.Key_1, Qt.Key.Key_2, Qt.Key.Key_3, Qt.Key.Key_4)[i % 4]
        keys.append(timed(lambda k=key: QTest.keyClick(area, k), settle))
        key_cpu.append(CPU[-1])
        if i % 5 == 4:
            undos.append(timed(lambda: QTest.keyClick(
                area, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier), settle))
            undo_cpu.append(CPU[-1])

    bar = area.verticalScrollBar()
    pages = [timed(lambda: QTest.keyClick(area, Qt.Key.Key_PageDown), settle)
             for _ in range(PAGES)]
    page_cpu = CPU[-PAGES:]
    scrolled = bar.value() > 0

    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    spans_now = len(window.view.spans())
    print(f"article: {len(text.encode()) / 1e6:.1f} MB, "
          f"{area.document().blockCount():,} blocks, {spans_now:,} spans shown")
    print(f"open the article, to painted:     {opened * 1000:7.0f} ms        "
          f"(target <= 500 ms)   cpu {opened_cpu * 1000:5.0f} ms")
    print(f"label key -> committed, painted:  p50 {pct(keys, 50) * 1000:6.1f} ms  "
          f"p95 {pct(keys, 95) * 1000:6.1f} ms  (target p95 <= 16 ms)   "
          f"cpu p50 {statistics.median(key_cpu) * 1000:5.1f} ms")
    print(f"Ctrl+Z -> committed, painted:     p50 {pct(undos, 50) * 1000:6.1f} ms  "
          f"p95 {pct(undos, 95) * 1000:6.1f} ms  (target p95 <= 16 ms)   "
          f"cpu p50 {statistics.median(undo_cpu) * 1000:5.1f} ms")
    print(f"page down -> painted:             p50 {pct(pages, 50) * 1000:6.1f} ms  "
          f"p95 {pct(pages, 95) * 1000:6.1f} ms  (target p95 <= 16 ms)   "
          f"cpu p50 {statistics.median(page_cpu) * 1000:5.1f} ms"
          f"{'' if scrolled else '  (DID NOT SCROLL)'}")
    print(f"peak memory (maxrss):             {rss_mb:7.0f} MB")
    print(f"(spaCy's tokenizer, loaded once in the background at start: {tokenizer_s:.1f} s)")
    stored = len(store.spans.of_document(uid))
    print(f"spans in the store after:         {stored:,}")
    window.close()
    store.close()


if __name__ == "__main__":
    main()
