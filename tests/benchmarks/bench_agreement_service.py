"""`annotator agree` end to end: 10,000 stored documents x 2 annotators x 20 spans and
10 relations each.

Reads a real SQLite store, tokenizes the texts, and counts span F1, kappa, alpha
and relation F1, as ``agreement_report`` does. Target: 2 s. Prints the time of each stage
of two runs (the first pays for cold caches); asserts nothing.
"""

from __future__ import annotations

import json
import random
import resource
import tempfile
import time
from pathlib import Path

from annotator.core.agreement import Comparison, PairAgreement, matrix_of
from annotator.services.agreement import load_corpus
from annotator.services.importing import import_paths
from annotator.store import Store, open_store

N_DOCS, SPANS_EACH, RELATIONS_EACH = 10_000, 20, 10
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
            links = [(*rng.sample(range(SPANS_EACH), 2), rng.choice(["speaker", "about"]))
                     for _ in range(RELATIONS_EACH)]
            theirs = [(h, c, kind if rng.random() < 0.8 else "about") for h, c, kind in links]
            for who, task_spans, pairs in (("alice", spans, links), ("bob", colleague, theirs)):
                relations = [{"head_span": task_spans[h], "child_span": task_spans[c],
                              "label": kind} for h, c, kind in pairs]
                out.write(json.dumps({"text": text, "spans": task_spans, "relations": relations,
                                      "_annotator_id": who}) + "\n")


def timed_run(store: Store) -> tuple[PairAgreement, list[float]]:
    t0 = time.perf_counter()
    corpus, _ = load_corpus(store, ["alice", "bob"])
    t1 = time.perf_counter()
    comparison = Comparison(corpus, ["alice", "bob"])
    matrix = matrix_of(comparison)
    t2 = time.perf_counter()
    comparison.alpha()
    t3 = time.perf_counter()
    return matrix.get("alice", "bob"), [t1 - t0, t2 - t1, t3 - t2, t3 - t0]


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        write_corpus(folder / "corpus.jsonl")
        with open_store(folder / "store.sqlite3") as store:
            assert import_paths(store, [folder / "corpus.jsonl"]).ok
            pair, first = timed_run(store)
            pair, later = timed_run(store)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{pair.n_documents} documents, {pair.exact.overall.n_a + pair.exact.overall.n_b} "
          f"spans, exact F1 {pair.exact.overall.f1:.3f}")
    if pair.relations is not None and pair.relations.exact.overall.f1 is not None:
        exact, overlap = pair.relations.exact.overall, pair.relations.overlap.overall
        print(f"{exact.n_a + exact.n_b} relations, F1 exact {exact.f1:.3f}, "
              f"overlap {overlap.f1:.3f}")
    print(f"{'':18} {'first run':>10} {'second run':>11}")
    for name, one, two in zip(("read + tokenize:", "F1 + kappa + rel.:", "alpha:", "total:"),
                              first, later, strict=True):
        print(f"{name:<18} {one:8.2f} s {two:9.2f} s")
    print("(target <= 2 s)")
    print(f"peak memory: {peak:.0f} MB")


if __name__ == "__main__":
    main()
