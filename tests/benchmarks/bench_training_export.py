"""spaCy and CoNLL exports at scale, as the user meets them: the real CLI process.

Builds a store of N articles (~3 KB) × 20 spans each (on token boundaries, some
nested), then times `annotator export --format spacy` and `--format conll` as
child processes and reads their peak memory (wait4's rusage). Baselines, also
child processes over the same texts and spans read from a JSONL file:

- spaCy: the same DocBins built bare (make_doc, char_span, doc.spans, DocBin.add,
  to_disk) — target: export time <= 1.5x, peak memory <= 300 MB at 10,000
  articles and flat as the corpus grows;
- CoNLL: the texts tokenized bare with nlp.tokenizer.pipe — target <= 1.5x.

    .venv/bin/python tests/benchmarks/bench_training_export.py [N ...]

Default sizes 2,500 and 10,000 articles; the peak memory of both is printed so
"flat" can be read off. Timings are the best of REPEATS runs.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

LABELS = ["actor", "weapon", "claim", "quote"]
WORDS = ("the minister said that forces would continue to receive new Tu-160 bombers and "
         "AK-103 rifles while talks in Moscow went on “without conditions” 😀 according to "
         "officials").split()
SPANS_PER_DOC = 20
REPEATS = 2
SHARD_DOCS = 1000  # the bare DocBins hold as many documents each as the export's shards

BARE_SPACY = """
import json, sys, spacy
from pathlib import Path
from spacy.tokens import DocBin, SpanGroup
nlp = spacy.blank("en")
out = Path(sys.argv[2]); out.mkdir()
bins, n = DocBin(store_user_data=True), 0
for line in open(sys.argv[1], encoding="utf-8"):
    r = json.loads(line)
    doc = nlp.make_doc(r["text"])
    spans = [doc.char_span(s["start"], s["end"], label=s["label"], alignment_mode="expand")
             for s in sorted(r["spans"], key=lambda s: (s["start"], s["end"], s["label"]))]
    doc.spans["sc"] = SpanGroup(doc, name="sc", spans=[s for s in spans if s is not None])
    doc.user_data["document_id"] = str(n)
    bins.add(doc)
    n += 1
    if len(bins) == int(sys.argv[3]):
        bins.to_disk(out / f"{n:08d}.spacy"); bins = DocBin(store_user_data=True)
if len(bins):
    bins.to_disk(out / f"{n:08d}.spacy")
"""

BARE_TOKENIZE = """
import json, sys, spacy
nlp = spacy.blank("en")
texts = (json.loads(line)["text"] for line in open(sys.argv[1], encoding="utf-8"))
n = 0
for doc in nlp.tokenizer.pipe(texts, batch_size=256):
    n += len(doc)
"""


def generate(path: Path, n_docs: int) -> None:
    rng = random.Random(11)
    with path.open("w", encoding="utf-8") as out:
        for i in range(n_docs):
            words = [rng.choice(WORDS) for _ in range(450)]
            starts, pos = [], len(f"Article {i}\n")
            for w in words:
                starts.append(pos)
                pos += len(w) + 1
            text = f"Article {i}\n" + " ".join(words)
            spans = set()
            while len(spans) < SPANS_PER_DOC:
                first = rng.randrange(0, len(words) - 8)
                last = first + rng.randrange(0, 6)
                spans.add((starts[first], starts[last] + len(words[last]), rng.choice(LABELS)))
            out.write(json.dumps({
                "text": text, "_annotator_id": "bench",
                "spans": [{"start": s, "end": e, "label": label} for s, e, label in spans]},
                ensure_ascii=False) + "\n")


Figures = tuple[float, float, float]  # wall s, CPU s (the process and its workers), peak MB


def run(argv: list[str]) -> Figures:
    """Wall time, CPU time and peak RSS (of the largest process) of one child process."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - t0
    if status != 0:
        raise SystemExit(f"{' '.join(argv)} failed: {proc.stderr.read().decode()[-2000:]}")
    return elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def best(runs: list[Figures]) -> Figures:
    return (min(r[0] for r in runs), min(r[1] for r in runs), max(r[2] for r in runs))


def measure(folder: Path, n_docs: int) -> dict[str, Figures]:
    source = folder / f"corpus-{n_docs}.jsonl"
    generate(source, n_docs)
    db = folder / f"store-{n_docs}.sqlite3"
    cli = [sys.executable, "-m", "annotator", "--db", str(db)]
    subprocess.run([*cli, "import", str(source)], check=True, capture_output=True)
    figures: dict[str, list[Figures]] = {k: [] for k in
                                                     ("spacy", "bare", "conll", "tokenize")}
    for n in range(REPEATS):
        figures["spacy"].append(run([*cli, "export", str(folder / f"out-{n_docs}-{n}"),
                                     "--format", "spacy", "--align", "expand"]))
        figures["bare"].append(run([sys.executable, "-c", BARE_SPACY, str(source),
                                    str(folder / f"bare-{n_docs}-{n}"), str(SHARD_DOCS)]))
        figures["conll"].append(run([*cli, "export", str(folder / f"out-{n_docs}-{n}.conll"),
                                     "--format", "conll", "--align", "expand"]))
        figures["tokenize"].append(run([sys.executable, "-c", BARE_TOKENIZE, str(source),
                                        str(folder / f"tok-{n_docs}-{n}.txt")]))
    return {k: best(v) for k, v in figures.items()}


def main() -> None:
    sizes = [int(a) for a in sys.argv[1:]] or [2_500, 10_000]
    with tempfile.TemporaryDirectory() as tmp:
        results = {n: measure(Path(tmp), n) for n in sizes}
    print(f"{SPANS_PER_DOC} spans per article, ~3 KB each; best of {REPEATS} runs, whole "
          "processes; wall time, and CPU time (user + system, workers included), which a "
          "busy machine disturbs less")
    for n, r in results.items():
        spacy_w, spacy_c, spacy_m = r["spacy"]
        bare_w, bare_c, bare_m = r["bare"]
        conll_w, conll_c, conll_m = r["conll"]
        tok_w, tok_c, _ = r["tokenize"]
        print(f"{n:>6} articles:")
        print(f"  spacy export  wall {spacy_w:6.1f} s  cpu {spacy_c:6.1f} s  peak {spacy_m:5.0f} MB"
              f"   bare DocBins wall {bare_w:6.1f} s  cpu {bare_c:6.1f} s  peak {bare_m:5.0f} MB")
        print(f"                ratio wall {spacy_w / bare_w:4.2f}x, cpu {spacy_c / bare_c:4.2f}x "
              "(target <= 1.5x); peak (target <= 300 MB at 10,000, flat)")
        print(f"  conll export  wall {conll_w:6.1f} s  cpu {conll_c:6.1f} s  peak {conll_m:5.0f} MB"
              f"   bare tokenizer.pipe wall {tok_w:6.1f} s  cpu {tok_c:6.1f} s")
        print(f"                ratio wall {conll_w / tok_w:4.2f}x (target <= 1.5x, both cores "
              f"may be used), cpu {conll_c / tok_c:4.2f}x")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
