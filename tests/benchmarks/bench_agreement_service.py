"""`annotator agree` end to end: 10,000 stored documents x 2 annotators x 20 spans each.

Loads from a real SQLite store, tokenizes, compares (span F1, kappa, alpha).
Target: 2 s. Prints the time of each stage; asserts nothing.
"""

from __future__ import annotations

import json
import random
import resource
import tempfile
import time
from pathlib import Path

from annotator.core.agreement import krippendorff_alpha, pairwise
from annotator.services.agreement import load_documents
from annotator.services.importing import import_paths
from annotator.store import open_store

N_DOCS, SPANS_EACH = 10_000, 20
LABELS = ["actor", "weapon", "claim", "quote"]
WORDS = ("the minister said that forces would continue to receive new Tu-160 bombers and "
         "AK-103 rifles while talks in Moscow went on “without conditions” according to "
         "officials").split()


def write_corpus(path: Path) -> None:
    rng = random.Random(11)
    with path.open("w", encoding="utf-8") as out:
        for i in range(N_DOCS):
            text = f"Article {i}\n" + " ".join(rng.choice(WORDS) for _ in range(450))
            spans = []
            for _ in range(SPANS_EACH):
                start = rng.randrange(0, len(text) - 200)
                spans.append({"start": start, "end": start + rng.randrange(3, 200),
                              "label": rng.choice(LABELS)})
            colleague = [dict(s, end=s["end"] + (rng.random() < 0.3)) for s in spans]
            for who, task_spans in (("alice", spans), ("bob", colleague)):
                out.write(json.dumps({"text": text, "spans": task_spans,
                                      "_annotator_id": who}) + "\n")


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        write_corpus(folder / "corpus.jsonl")
        with open_store(folder / "store.sqlite3") as store:
            assert import_paths(store, [folder / "corpus.jsonl"]).ok
            t0 = time.perf_counter()
            docs, _ = load_documents(store, ["alice", "bob"])
            t1 = time.perf_counter()
            matrix = pairwise(docs, ["alice", "bob"])
            t2 = time.perf_counter()
            krippendorff_alpha(docs, ["alice", "bob"])
            t3 = time.perf_counter()
    pair = matrix.get("alice", "bob")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{pair.n_documents} documents, {pair.exact.overall.n_a + pair.exact.overall.n_b} "
          f"spans, exact F1 {pair.exact.overall.f1:.3f}")
    print(f"load + tokenize: {t1 - t0:5.2f} s")
    print(f"F1 + kappa:      {t2 - t1:5.2f} s")
    print(f"alpha:           {t3 - t2:5.2f} s")
    print(f"total:           {t3 - t0:5.2f} s (target <= 2 s)")
    print(f"peak memory: {peak:.0f} MB")


if __name__ == "__main__":
    main()
