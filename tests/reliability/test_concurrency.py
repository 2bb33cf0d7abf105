"""Several programs at one store, and programs killed outright (SIGKILL): imports
wait for each other, the same file imported twice at once stores each document
once, a busy store is told in one line with exit code 3, and no kill loses a
committed edit or leaves a file half imported."""

from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from annotator.core.errors import StoreBusy
from annotator.core.model import Document, Span
from annotator.services.editing import add_span
from annotator.services.importing import import_paths
from annotator.store import open_store
from tests.lock_holder import release, write_lock_held

CLI = [sys.executable, "-m", "annotator"]


def articles(path: Path, n: int, *, start: int = 0, words: int = 60) -> Path:
    """A JSONL file of n articles with two spans each, by alice."""
    with path.open("w", encoding="utf-8") as out:
        for i in range(start, start + n):
            text = f"Article {i}: Lavrov met Shoigu in Moscow. " + "More talks followed. " * words
            out.write(json.dumps({"text": text, "_annotator_id": "alice", "spans": [
                {"start": text.index("Lavrov"), "end": text.index("Lavrov") + 6,
                 "label": "actor"},
                {"start": text.index("Shoigu"), "end": text.index("Shoigu") + 6,
                 "label": "actor"}]}) + "\n")
    return path


def counts(db: Path) -> tuple[int, int, str]:
    """(documents, spans, integrity_check) read with plain sqlite3."""
    conn = sqlite3.connect(db)
    try:
        return (conn.execute("SELECT count(*) FROM documents").fetchone()[0],
                conn.execute("SELECT count(*) FROM spans").fetchone()[0],
                conn.execute("PRAGMA integrity_check").fetchone()[0])
    finally:
        conn.close()


def wait_for(condition, timeout: float = 60.0) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


# ------------------------------------------------------------ concurrent writers


def test_an_import_into_a_busy_store_waits_then_says_so(tmp_path: Path) -> None:
    db = tmp_path / "store.sqlite3"
    with open_store(db):
        pass
    source = articles(tmp_path / "a.jsonl", 3)
    with write_lock_held(db):
        started = time.monotonic()
        result = subprocess.run([*CLI, "--db", str(db), "import", str(source), "--wait", "1.5"],
                                capture_output=True, text=True, timeout=60, check=False)
        waited = time.monotonic() - started
    assert result.returncode == 3, result.stderr
    assert result.stderr.splitlines() == [
        "annotator: the database is busy (another import, or the window, is writing to it); "
        "waiting up to 1.5 s…",
        f"annotator: error: {db}: the database is busy: another import is running, or another "
        "program is writing to it (waited 1.5 s; --wait SECONDS waits longer)"]
    assert waited >= 1.5
    assert counts(db)[:2] == (0, 0)


def test_an_import_goes_on_when_the_lock_frees(tmp_path: Path) -> None:
    db = tmp_path / "store.sqlite3"
    with open_store(db):
        pass
    source = articles(tmp_path / "a.jsonl", 3)
    with write_lock_held(db) as holder:
        proc = subprocess.Popen([*CLI, "--db", str(db), "import", str(source), "--wait", "60"],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        assert proc.stderr is not None
        assert "waiting up to 60 s" in proc.stderr.readline()
        release(holder)
        out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err
    assert "3 imported (3 new documents)" in out
    assert counts(db) == (3, 6, "ok")


@pytest.mark.parametrize("same_file", [True, False])
def test_two_imports_at_once(tmp_path: Path, same_file: bool) -> None:
    db = tmp_path / "store.sqlite3"
    with open_store(db):
        pass
    first = articles(tmp_path / "a.jsonl", 1500)
    second = first if same_file else articles(tmp_path / "b.jsonl", 1500, start=1500)
    procs = [subprocess.Popen([*CLI, "--db", str(db), "import", str(path)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for path in (first, second)]
    results = [(*p.communicate(timeout=120), p.returncode) for p in procs]
    for out, err, code in results:
        assert code == 0, err
        # One may have had to wait for the other: it says so, and nothing else.
        assert err in ("", "annotator: the database is busy (another import, or the window, "
                           "is writing to it); waiting up to 60 s…\n"), err
        assert "1500 imported" in out
    new = sorted(int(out.split("(")[1].split(" ")[0].replace(",", "")) for out, _, _ in results)
    expected = 1500 if same_file else 3000
    assert sum(new) == expected  # each document is new to exactly one of them
    assert counts(db) == (expected, 2 * expected, "ok")


def test_a_busy_store_edit_is_refused_cleanly_and_retried(tmp_path: Path) -> None:
    db = tmp_path / "store.sqlite3"
    doc = Document.from_text("Lavrov met Shoigu in Moscow.")
    with open_store(db) as store:
        store.documents.add(doc)
    with open_store(db, busy_timeout=0.2) as store:
        with write_lock_held(db):
            with pytest.raises(StoreBusy, match="the database is busy"):
                add_span(store, doc.id, 0, 6, "actor", "alice")
            assert store.spans.of_document(doc.id) == []  # reading goes on (WAL)
        span = add_span(store, doc.id, 0, 6, "actor", "alice")
        assert [(s.start, s.end, s.id) for s in store.spans.of_document(doc.id)] == [
            (0, 6, span.id)]


def test_the_service_waits_for_a_busy_store_and_tells_once(tmp_path: Path) -> None:
    db = tmp_path / "store.sqlite3"
    source = articles(tmp_path / "a.jsonl", 2)
    told: list[float] = []
    with open_store(db) as store, write_lock_held(db):
        report = import_paths(store, [source], wait=0.5, on_wait=told.append)
    assert told == [0.5]
    assert not report.ok and report.busy.endswith("(waited 0.5 s; --wait SECONDS waits longer)")
    assert report.files[0].errors[0].startswith(f"{source}: not imported: {db}: the database")


# ----------------------------------------------------------------- SIGKILL


def test_a_killed_import_leaves_the_store_as_it_was_and_a_rerun_completes(
        tmp_path: Path) -> None:
    db = tmp_path / "store.sqlite3"
    with open_store(db) as store:
        store.documents.add(Document.from_text("Already there before the import."))
    source = articles(tmp_path / "big.jsonl", 6000, words=30)
    proc = subprocess.Popen([*CLI, "--db", str(db), "import", str(source)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wal = Path(f"{db}-wal")
    # Killed while writing: its transaction has put pages into the WAL.
    wait_for(lambda: (wal.exists() and wal.stat().st_size > 1_000_000) or proc.poll() is not None)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert proc.returncode == -signal.SIGKILL, "the import finished before it was killed"
    assert counts(db) == (1, 0, "ok")
    rerun = subprocess.run([*CLI, "--db", str(db), "import", str(source)],
                           capture_output=True, text=True, timeout=300, check=False)
    assert rerun.returncode == 0, rerun.stderr
    assert counts(db) == (6001, 12000, "ok")


EDITOR = """
import sys
from annotator.services.editing import add_span
from annotator.store import open_store
store = open_store(sys.argv[1])
uid = store.documents.uids()[0]
text = store.documents.get(uid).text
for n in range(100000):
    start = (n * 7) % (len(text) - 10)
    span = add_span(store, uid, start, start + 5, "actor", "ed", snap=False, text=text)
    print(span.id, flush=True)  # committed before it is printed
"""


def test_a_killed_editor_loses_no_committed_edit(tmp_path: Path) -> None:
    db = tmp_path / "store.sqlite3"
    with open_store(db) as store:
        store.documents.add(Document.from_text("Lavrov met Shoigu in Moscow. " * 200))
    proc = subprocess.Popen([sys.executable, "-c", EDITOR, str(db)], stdout=subprocess.PIPE,
                            text=True)
    assert proc.stdout is not None
    committed = [int(proc.stdout.readline()) for _ in range(300)]
    proc.send_signal(signal.SIGKILL)
    committed += [int(line) for line in proc.stdout.read().split()]
    proc.stdout.close()
    proc.wait()
    with open_store(db) as store:
        stored = {s.id for s in store.spans.of_document(store.documents.uids()[0])}
    assert set(committed) <= stored
    assert len(stored) - len(committed) <= 1  # at most the one being printed when killed
    assert counts(db)[2] == "ok"


def test_an_edit_waits_out_an_import(tmp_path: Path) -> None:
    """An import holds the write lock per file; an edit made meanwhile is stored
    once the file is in, not lost."""
    db = tmp_path / "store.sqlite3"
    doc = Document.from_text("Lavrov met Shoigu in Moscow.")
    with open_store(db) as store:
        store.documents.add(doc)
    source = articles(tmp_path / "big.jsonl", 4000, words=30)
    proc = subprocess.Popen([*CLI, "--db", str(db), "import", str(source)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    wal = Path(f"{db}-wal")
    wait_for(lambda: (wal.exists() and wal.stat().st_size > 500_000) or proc.poll() is not None)
    with open_store(db, busy_timeout=120) as store:
        span = store.spans.add(doc.id, Span(0, 6, "actor", "alice"))
    _out, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err
    assert counts(db) == (4001, 8001, "ok")
    with open_store(db) as store:
        assert [s.id for s in store.spans.of_document(doc.id)] == [span.id]
