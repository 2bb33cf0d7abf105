"""Suggestions: training, suggesting and storing, through the real `annotator` process.

1. `annotator train` on 200 generated articles (~2.3 KB) whose labels follow learnable
   rules (tests/synthetic_news.py): wall time, the process's peak memory, dev F1
   (target >= 0.8), once with labels that never overlap (an entity recognizer) and
   once with quotes that hold weapons (a span categorizer).
2. Suggestion latency per 5 KB article with the model loaded (a component figure: the
   window's figure is measured by bench_suggest_window.py).
3. `annotator suggest` storing suggestions for 10,000 documents: the starter patterns,
   then the trained model; wall time, and how much of it is writing to the store.

Run: .venv/bin/python tests/benchmarks/bench_suggestions.py [N_DOCS]
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from annotator.store import open_store
from tests.synthetic_news import articles, fill_store

N_TRAIN = 200
N_STORE = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
SENTENCES = 30  # ~2.3 KB an article


def measured(db: Path, *args: str, env: dict[str, str]) -> tuple[float, float, str]:
    """(wall seconds, peak RSS in MB, stdout) of one `annotator` process, its peak
    memory read by wait4 for that child alone."""
    started = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-m", "annotator", "--db", str(db), *args],
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                               env=env)
    out = process.stdout.read()  # type: ignore[union-attr]
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"annotator {' '.join(args)} failed ({process.returncode}):\n{out}")
    return seconds, usage.ru_maxrss / 1024, out


def train(folder: Path, env: dict[str, str], *, quotes: bool) -> Path:
    db = folder / f"train-{'quotes' if quotes else 'plain'}.sqlite3"
    with open_store(db) as store:
        fill_store(store, N_TRAIN, sentences=SENTENCES, seed=11, quotes=quotes)
    out = folder / f"model-{'spancat' if quotes else 'ner'}"
    seconds, peak, stdout = measured(db, "train", "--out", str(out), "--progress", "json",
                                     env=env)
    events = [json.loads(line) for line in stdout.splitlines()]
    plan, done = events[0], events[-1]
    print(f"train {done['kind']:7} on {plan['train_documents']} articles "
          f"({plan['train_spans']} spans), dev {plan['dev_documents']}: "
          f"{seconds:6.1f} s wall ({done['steps']} steps), peak {peak:5.0f} MB, "
          f"dev F1 {done['f1']:.3f} (target >= 0.8)")
    for label, s in done["per_label"].items():
        print(f"    {label:8} P {s['precision']:.3f}  R {s['recall']:.3f}  "
              f"F1 {s['f1']:.3f}  ({s['dev_spans']} dev spans)")
    return out


def latency(model: Path) -> None:
    from annotator.nlp.model import ModelSuggester

    suggester = ModelSuggester(model)
    texts = [text for text, _ in articles(20, sentences=65, seed=99)]
    list(suggester.suggest(texts[:1]))  # first call warms up
    times, cpu = [], []
    for text in texts:
        started, started_cpu = time.perf_counter(), time.process_time()
        list(suggester.suggest([text]))
        times.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
    size = statistics.mean(len(t.encode()) for t in texts) / 1024
    # CPU time too: on a shared machine the wall time includes waiting for a core.
    print(f"suggest one article ({size:.1f} KB) with the {suggester.kind} model loaded "
          f"(component): median {statistics.median(times) * 1000:4.0f} ms wall, "
          f"{statistics.median(cpu) * 1000:4.0f} ms CPU, max {max(times) * 1000:4.0f} ms "
          "wall (window target <= 150 ms)")


def store_many(folder: Path, model: Path, env: dict[str, str]) -> None:
    db = folder / "many.sqlite3"
    with open_store(db) as store:
        fill_store(store, N_STORE, sentences=SENTENCES, seed=21, annotator="someone")
    for args in (["--starter"], ["--model", str(model)]):
        for attempt in ("first", "again"):
            seconds, peak, stdout = measured(db, "suggest", *args, "--documents", "all",
                                             env=env)
            print(f"suggest {args[0]:9} {N_STORE:,} documents, {attempt:5}: "
                  f"{seconds:6.1f} s wall, peak {peak:4.0f} MB — {stdout.strip()}")
            if args[0] == "--model":
                break  # a second model run costs as much as the first


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        env = {**os.environ, "XDG_DATA_HOME": str(folder / "data")}
        model = train(folder, env, quotes=False)
        spancat = train(folder, env, quotes=True)
        latency(model)
        latency(spancat)
        store_many(folder, model, env)


if __name__ == "__main__":
    main()
