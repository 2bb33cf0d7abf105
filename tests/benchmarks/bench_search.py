"""Corpus search on 100,000 and 1,000,000 generated articles (search_corpus.py).

Run: python tests/benchmarks/bench_search.py [N ...]   (default: 100000 1000000)

For each size: generates the articles as JSONL in a temporary folder, imports them
with the real `annotator import` (timed), reports the store's size, then measures:

* keystroke to first page, through the real window: the query typed into the
  document list's search box with QTest key presses, the event loop run until the
  list shows the results (target: <= 50 ms at 100,000, <= 150 ms at 1,000,000);
* the store alone (component figures): compiling a query and reading its first page
  of 50 rows, and counting every match.

Prints figures next to the targets, never asserts. Deletes the folder afterwards,
unless ANNOTATOR_BENCH_KEEP names a folder to build the stores in and keep (a store
found there is reused; delete it yourself: 1,000,000 articles take about 6 GB).
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from search_corpus import write_jsonl

from annotator.core.model import AnnotatorKind, DocState, Origin, Span, Status
from annotator.store import Store, open_store

TARGET_MS = {100_000: 50.0, 1_000_000: 150.0}
PAGE = 50
#: (query, what it stands for)
QUERIES = [
    ("Zircon-3M", "a designator in 1 of 200,000"),
    ("Kh-101", "a designator in 1 of 10,000"),
    ("S-300", "a designator in 1 of 100"),
    ("Tu-160", "a designator in 1 of 50"),
    ("Russia", "a common word"),
    ('"military cooperation"', "a phrase"),
    ("Tu-16*", "a prefix"),
    ("Sh*", "a short prefix"),
    ("Tu-160 -label:weapon", "words and a label left out"),
    ("Russia state:done", "a common word, my done documents"),
    ("label:weapon@alice", "a label of one annotator"),
    ("state:done", "my done documents"),
    ("state:todo has:suggestions", "to do, with suggestions"),
    ("review:conflict@alice,bob", "a review category"),
    ("Tu-160 OR label:quote", "words or a label"),
    ("contains:Zircon-3", "plain substring (no index: scans every text)"),
]


def build(n: int, folder: Path) -> tuple[Path, dict[str, float]]:
    figures: dict[str, float] = {}
    began = time.perf_counter()
    figures["jsonl_mb"] = write_jsonl(folder / "corpus", n) / 1e6
    figures["generate_s"] = time.perf_counter() - began
    db = folder / "store.sqlite3"
    began = time.perf_counter()
    subprocess.run([sys.executable, "-m", "annotator", "--db", str(db), "import",
                    str(folder / "corpus")], check=True, stdout=subprocess.DEVNULL)
    figures["import_s"] = time.perf_counter() - began
    shutil.rmtree(folder / "corpus")
    with open_store(db) as store:
        annotate(store)
    figures["store_mb"] = sum(p.stat().st_size for p in folder.glob("store.sqlite3*")) / 1e6
    return db, figures


def annotate(store: Store) -> None:
    """States for alice (half her documents done) and a model's suggestions."""
    store.annotators.ensure("model", AnnotatorKind.MODEL)
    query = store.search.compile("has:spans@alice")
    uids = list(store.search.uids(query))
    for i, uid in enumerate(uids):
        store.states.set(uid, "alice", DocState.DONE if i % 2 else DocState.IN_PROGRESS)
    every = store.search.compile("Tu-160")
    with store.bulk() as bulk:
        for i, uid in enumerate(store.search.uids(every)):
            if i % 3 == 0:
                key = bulk.documents([store.documents.get(uid)])[uid][0]
                bulk.spans(key, "model", AnnotatorKind.MODEL, [Span(
                    0, 5, "weapon", "model", origin=Origin.MODEL, status=Status.SUGGESTED)])


def component(store: Store) -> None:
    print(f"  {'query':30} {'first page':>12} {'count':>10} {'matches':>10}")
    for query, _what in QUERIES:
        pages, counts = [], []
        for _ in range(5):
            began = time.perf_counter()
            compiled = store.search.compile(query, me="alice")
            store.search.page(compiled, "alice", 0, PAGE)
            pages.append(time.perf_counter() - began)
        for _ in range(1 if query.startswith("contains") else 2):
            began = time.perf_counter()
            n = store.search.count(store.search.compile(query, me="alice"))
            counts.append(time.perf_counter() - began)
        print(f"  {query:30} {statistics.median(pages) * 1000:9.1f} ms "
              f"{min(counts) * 1000:7.0f} ms {n:>10,}", flush=True)


def main(sizes: list[int]) -> None:
    keep = os.environ.get("ANNOTATOR_BENCH_KEEP")
    for n in sizes:
        folder = Path(keep) / str(n) if keep else \
            Path(tempfile.mkdtemp(prefix="annotator-bench-search-"))
        try:
            db = folder / "store.sqlite3"
            if keep and db.exists():
                print(f"== {n:,} articles: reusing {db}", flush=True)
            else:
                folder.mkdir(parents=True, exist_ok=True)
                db, figures = build(n, folder)
                print(f"== {n:,} articles: JSONL {figures['jsonl_mb']:,.0f} MB generated in "
                      f"{figures['generate_s']:.0f} s; `annotator import` "
                      f"{figures['import_s']:.0f} s ({n / figures['import_s']:,.0f} "
                      f"articles/s); store {figures['store_mb']:,.0f} MB", flush=True)
            with open_store(db) as store:
                window(store, n)
                print(" store alone (component; median of 5):")
                component(store)
        finally:
            if not keep:
                shutil.rmtree(folder, ignore_errors=True)


#: What is typed into the window's search box, a key at a time.
TYPED = ["Zircon-3M", "Kh-101", "S-300", "Tu-160 -label:weapon", '"military cooperation"',
         "Russia state:done", "Tu-16*", "label:weapon@alice"]


def window(store: Store, n: int) -> None:
    """Keystroke to first page through the real window: each query typed into the
    search box with QTest key presses; after each key the event loop runs until the
    list shows that text's first page (searched in the background), painted."""
    from PySide6.QtCore import QCoreApplication, QEventLoop, QSettings
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from annotator.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication([])
    folder = tempfile.mkdtemp(prefix="bench-search-window-")
    settings = QSettings(str(Path(folder) / "settings.ini"), QSettings.Format.IniFormat)
    settings.setValue("annotator/name", "alice")
    win = MainWindow(store, settings)
    win.resize(1280, 800)
    win.show()
    QTest.qWaitForWindowExposed(win)
    panel, model = win.document_panel, win.documents
    answered: list[str] = []
    model.searched.connect(lambda: answered.append(model.query().text))
    box = panel.search_box
    box.setFocus()

    def settle(expected: str, deadline_s: float = 60.0) -> bool:
        """Run the event loop until the list shows ``expected``'s first page."""
        end = time.perf_counter() + deadline_s
        while time.perf_counter() < end:
            app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents)
            QCoreApplication.sendPostedEvents()
            if answered and answered[-1] == expected:
                panel.view.viewport().repaint()
                return True
            if panel.problem.isVisible():  # an unfinished query: nothing to wait for
                return False
            time.sleep(0.0005)
        return False

    print(f" through the window (keystroke -> first page painted; target "
          f"<= {TARGET_MS.get(n, 150):.0f} ms):")
    print(f"  {'typed':26} {'last key':>9} {'median key':>11} {'slowest key':>12} "
          f"{'matches':>9}")
    for typed in TYPED:
        if box.text():
            answered.clear()
            box.clear()
            settle("", 120.0)
        times = []
        last = 0.0
        for i, ch in enumerate(typed):
            answered.clear()
            began = time.perf_counter()
            QTest.keyClicks(box, ch)
            prefix = typed[:i + 1].strip()
            ok = settle(prefix)
            took = time.perf_counter() - began
            if ok:
                times.append(took)
                last = took
        deadline = time.perf_counter() + 120
        while model.counting() and time.perf_counter() < deadline:
            app.processEvents()
            time.sleep(0.001)
        print(f"  {typed:26} {last * 1000:6.1f} ms {statistics.median(times) * 1000:8.1f} ms "
              f"{max(times) * 1000:9.1f} ms {model.total():>9,}", flush=True)
    win.close()
    shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [100_000, 1_000_000])
