"""Document view figures alone (a component figure) on the window benchmark's 10 MB
article with 100,000 overlapping spans. The figures that count are bench_window's,
which drive the whole MainWindow.

Run: python tests/benchmarks/bench_view.py   (offscreen; prints, never asserts)
"""

from __future__ import annotations

import os
import random
import resource
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from PySide6.QtWidgets import QApplication

from annotator.core.model import DEFAULT_LABELS, Span
from annotator.ui.document_view import DocumentView
from tests.benchmarks.bench_window import SPANS, article, nested_spans, pct


def spans(rng: random.Random, length: int, count: int) -> list[Span]:
    """The window benchmark's nested clusters, as stored spans with ids."""
    return [Span(s.start, s.end, s.label, "bench", id=i + 1)
            for i, s in enumerate(nested_spans(rng, length, count))]


def main() -> None:
    rng = random.Random(7)
    app = QApplication.instance() or QApplication([])
    text = article(rng)
    all_spans = spans(rng, len(text), SPANS)
    view = DocumentView()
    view.resize(1000, 800)
    view.show()
    app.processEvents()
    area = view.text_widget()

    began = time.perf_counter()
    view.set_document(text, all_spans, list(DEFAULT_LABELS))
    area.viewport().repaint()
    app.processEvents()  # the repaint queued by formatting the visible blocks
    opened = time.perf_counter() - began

    # Key press to span painted: add a span in view, repaint synchronously.
    top = view.position()
    adds = []
    for i in range(200):
        start = top + rng.randrange(0, 1500)
        span = Span(start, start + rng.randint(3, 40), "actor", "bench", id=10_000_000 + i)
        t = time.perf_counter()
        view.add_span(span)
        area.viewport().repaint()
        app.processEvents()
        adds.append(time.perf_counter() - t)

    bar = area.verticalScrollBar()
    scrolls = []
    for _ in range(100):
        t = time.perf_counter()
        bar.setValue(bar.value() + bar.pageStep())
        area.viewport().repaint()
        app.processEvents()
        scrolls.append(time.perf_counter() - t)

    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"article: {len(text.encode()) / 1e6:.1f} MB, {area.document().blockCount()} blocks, "
          f"{len(all_spans)} spans")
    print(f"open to first paint:        {opened * 1000:7.1f} ms   (target <= 500 ms)")
    print(f"add span + repaint   p50:   {pct(adds, 50) * 1000:7.2f} ms   p95: "
          f"{pct(adds, 95) * 1000:6.2f} ms   (target p95 <= 16 ms)")
    print(f"scroll one page      p50:   {pct(scrolls, 50) * 1000:7.2f} ms   p95: "
          f"{pct(scrolls, 95) * 1000:6.2f} ms   (target p95 <= 16 ms)")
    print(f"peak memory (maxrss):       {rss_mb:7.0f} MB")


if __name__ == "__main__":
    main()
