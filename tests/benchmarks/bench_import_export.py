"""Import 10,000 generated articles (~3 KB), export them with 100,000 spans.

Prints wall times (best of three) and ratios against baselines measured in the same
run: a bare
sqlite3.executemany of the same rows (import), a bare json.dumps loop writing the
same records (export). Targets: import <= 3x, export <= 2x.
"""

from __future__ import annotations

import json
import random
import resource
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

from annotator.services.exporting import export_jsonl
from annotator.services.importing import import_paths
from annotator.store import open_store

N_DOCS = 10_000
SPANS_PER_DOC = 10
LABELS = ["actor", "weapon", "claim", "quote"]
WORDS = ("the minister said that forces would continue to receive new Tu-160 bombers and "
         "AK-103 rifles while talks in Moscow went on “without conditions” 😀 according to "
         "officials").split()


def generate(path: Path) -> list[dict]:
    rng = random.Random(7)
    records = []
    with path.open("w", encoding="utf-8") as out:
        for i in range(N_DOCS):
            words = [rng.choice(WORDS) for _ in range(450)]
            text = f"Article {i}\n" + " ".join(words)
            spans = []
            for _ in range(SPANS_PER_DOC):
                start = rng.randrange(0, len(text) - 60)
                spans.append({"start": start, "end": start + rng.randrange(1, 60),
                              "label": rng.choice(LABELS)})
            record = {"text": text, "spans": spans, "_annotator_id": "bench"}
            records.append(record)
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return records


def baseline_import(records: list[dict], db: Path) -> float:
    """The same rows through bare sqlite3: parse JSON, one executemany per table."""
    t0 = time.perf_counter()
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("CREATE TABLE d (pk INTEGER PRIMARY KEY, uid TEXT UNIQUE, text TEXT)")
    conn.execute("CREATE TABLE s (d INTEGER, label TEXT, start INTEGER, end INTEGER, "
                 "UNIQUE(d, label, start, end))")
    import hashlib
    with open(db.with_suffix(".jsonl"), encoding="utf-8") as stream:
        parsed = [json.loads(line) for line in stream]
    conn.executemany("INSERT INTO d (pk, uid, text) VALUES (?, ?, ?)",
                     [(i, hashlib.sha256(r["text"].encode()).hexdigest(), r["text"])
                      for i, r in enumerate(parsed)])
    conn.executemany("INSERT OR IGNORE INTO s VALUES (?, ?, ?, ?)",
                     [(i, s["label"], s["start"], s["end"])
                      for i, r in enumerate(parsed) for s in r["spans"]])
    conn.commit()
    conn.close()
    return time.perf_counter() - t0


def baseline_export(records: list[dict], out: Path) -> float:
    t0 = time.perf_counter()
    with out.open("w", encoding="utf-8") as stream:
        for r in records:
            spans = sorted(r["spans"], key=lambda s: (s["start"], s["end"], s["label"]))
            stream.write(json.dumps({
                "text": r["text"], "meta": {"title": "", "source": "", "document_id": ""},
                "spans": [{**s, "text": r["text"][s["start"]:s["end"]]} for s in spans],
                "relations": [], "_annotator_id": "bench", "answer": "accept"},
                ensure_ascii=False, separators=(",", ":")) + "\n")
    return time.perf_counter() - t0


REPEATS = 3  # best of: this machine's timings swing by a quarter from run to run


def best(times: list[float]) -> str:
    return f"{min(times):5.2f} s (runs {', '.join(f'{t:.2f}' for t in times)})"


def main() -> None:
    ours_import, base_import, ours_export, base_export = [], [], [], []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        source = folder / "input.jsonl"
        records = generate(source)
        size_mb = source.stat().st_size / 1e6
        for n in range(REPEATS):
            (folder / f"base{n}.jsonl").write_bytes(source.read_bytes())
            base_import.append(baseline_import(records, folder / f"base{n}.sqlite3"))
            with open_store(folder / f"store{n}.sqlite3") as store:
                t0 = time.perf_counter()
                report = import_paths(store, [source])
                ours_import.append(time.perf_counter() - t0)
                assert report.ok, report.errors[:3]
                n_spans = store.reads.stats()["spans"]
                t0 = time.perf_counter()
                export_jsonl(store, folder / "out.jsonl")
                ours_export.append(time.perf_counter() - t0)
            base_export.append(baseline_export(records, folder / "base-out.jsonl"))

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"corpus: {N_DOCS} articles, {size_mb:.1f} MB, {n_spans} spans; best of {REPEATS}")
    print(f"import:   {best(ours_import)}   baseline {best(base_import)}   "
          f"ratio {min(ours_import) / min(base_import):4.2f}x (target <= 3x)")
    print(f"export:   {best(ours_export)}   baseline {best(base_export)}   "
          f"ratio {min(ours_export) / min(base_export):4.2f}x (target <= 2x)")
    print(f"peak memory: {peak:.0f} MB")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
