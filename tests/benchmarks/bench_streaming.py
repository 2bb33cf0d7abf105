"""Memory stays flat while large files stream in and out.

Generates a JSONL file of SIZE megabytes (default 200, so that `make bench` stays
reasonable; the issue's 1 GB case is `bench_streaming.py 1000`), then in separate
processes imports it, exports it as JSONL and as Label Studio JSON, and imports
that JSON back. Each phase prints its own peak RSS (resource.getrusage) next to
the peak of a process that only imported the same modules: flat means the
difference does not grow with SIZE.

    .venv/bin/python tests/benchmarks/bench_streaming.py [SIZE_MB]
"""

from __future__ import annotations

import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

LABELS = ["actor", "weapon", "claim", "quote"]
WORDS = ("the minister said that forces would continue to receive new Tu-160 bombers and "
         "AK-103 rifles while talks in Moscow went on “without conditions” 😀 according to "
         "officials").split()


def generate(path: Path, size_mb: float) -> int:
    rng = random.Random(7)
    target = int(size_mb * 1e6)
    written = n = 0
    with path.open("w", encoding="utf-8") as out:
        while written < target:
            text = f"Article {n}\n" + " ".join(rng.choice(WORDS) for _ in range(450))
            spans = []
            for _ in range(10):
                start = rng.randrange(0, len(text) - 60)
                spans.append({"start": start, "end": start + rng.randrange(1, 60),
                              "label": rng.choice(LABELS)})
            line = json.dumps({"text": text, "spans": spans, "_annotator_id": "bench"},
                              ensure_ascii=False) + "\n"
            out.write(line)
            written += len(line.encode("utf-8"))
            n += 1
    return n


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def phase(name: str, db: str, path: str) -> None:
    """Runs in a child process, so each phase's peak is its own."""
    from annotator.services.exporting import export_jsonl, export_labelstudio
    from annotator.services.importing import import_paths
    from annotator.store import open_store

    with open_store(db) as store:
        t0 = time.perf_counter()
        if name == "baseline":
            pass
        elif name.startswith("import"):
            report = import_paths(store, [path])
            assert report.ok, report.errors[:3]
        elif name == "export-jsonl":
            export_jsonl(store, path)
        elif name == "export-labelstudio":
            export_labelstudio(store, path)
        seconds = time.perf_counter() - t0
    print(json.dumps({"peak_mb": peak_mb(), "seconds": seconds}))


def run_phase(name: str, db: Path, path: Path) -> dict:
    out = subprocess.run([sys.executable, __file__, "--phase", name, str(db), str(path)],
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    size = float(sys.argv[1]) if len(sys.argv) > 1 else 200.0
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        source = folder / "big.jsonl"
        n = generate(source, size)
        print(f"corpus: {n} articles, {source.stat().st_size / 1e6:.0f} MB JSONL, "
              f"{n * 10} spans")
        base = run_phase("baseline", folder / "base.sqlite3", source)
        print(f"{'modules loaded, nothing done':32} peak {base['peak_mb']:7.0f} MB")
        steps = [("import", folder / "a.sqlite3", source),
                 ("export-jsonl", folder / "a.sqlite3", folder / "out.jsonl"),
                 ("export-labelstudio", folder / "a.sqlite3", folder / "out.json"),
                 ("import-labelstudio", folder / "b.sqlite3", folder / "out.json")]
        for name, db, path in steps:
            got = run_phase(name, db, path)
            size_mb = path.stat().st_size / 1e6
            print(f"{name:20} {size_mb:7.0f} MB   {got['seconds']:6.1f} s   "
                  f"peak {got['peak_mb']:7.0f} MB (+{got['peak_mb'] - base['peak_mb']:.0f})")


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--phase":
        phase(*sys.argv[2:5])
    else:
        main()
