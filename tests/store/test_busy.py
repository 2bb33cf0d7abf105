"""A database locked by another program: writes fail as StoreBusy, reads go on."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from annotator.core.errors import StoreBusy
from annotator.core.model import Document, Span
from annotator.store import open_store
from tests.lock_holder import write_lock_held


def test_a_write_under_another_programs_lock_is_store_busy(db_path: Path) -> None:
    with open_store(db_path) as store:
        store.documents.add(Document.from_text("Moscow said the talks go on."))
    with open_store(db_path, busy_timeout=0.2) as store:
        uid = store.documents.uids()[0]
        with write_lock_held(db_path):
            began = time.monotonic()
            with pytest.raises(StoreBusy, match="busy"):
                store.spans.add(uid, Span(0, 6, "actor", "alice"))
            assert time.monotonic() - began < 3
            # Readers are not blocked by a writer (WAL): the window can still show things.
            assert store.documents.get(uid).text.startswith("Moscow")
            assert store.spans.of_document(uid) == []
        store.spans.add(uid, Span(0, 6, "actor", "alice"))  # the lock is gone: it works
        assert [s.label for s in store.spans.of_document(uid)] == ["actor"]


def test_at_once_a_write_under_a_lock_is_store_busy_without_waiting(db_path: Path) -> None:
    """The window's own thread writes in at_once(): it must never wait for a lock."""
    with open_store(db_path) as store:
        store.documents.add(Document.from_text("Moscow said the talks go on."))
    with open_store(db_path, busy_timeout=30.0) as store:
        uid = store.documents.uids()[0]
        with write_lock_held(db_path):
            began = time.monotonic()
            with pytest.raises(StoreBusy, match="busy"), store.at_once():
                store.spans.add(uid, Span(0, 6, "actor", "alice"))
            assert time.monotonic() - began < 10  # not the store's 30 s
            assert store.spans.of_document(uid) == []
        with store.at_once():  # free again: written, and the connection waits as before
            store.spans.add(uid, Span(0, 6, "actor", "alice"))
        assert [s.label for s in store.spans.of_document(uid)] == ["actor"]
        with store.connect() as conn:
            raw = conn.connection.driver_connection
            assert raw.execute("PRAGMA busy_timeout").fetchone()[0] == 30_000
            assert raw.execute("PRAGMA wal_autocheckpoint").fetchone()[0] == 1000


def _log_restarts(db_path: Path) -> int:
    """How many times SQLite has started its write-ahead log over (the checkpoint
    sequence number in the log's header): it does once a checkpoint copied it all."""
    header = (db_path.parent / (db_path.name + "-wal")).read_bytes()[:16]
    return int.from_bytes(header[12:16], "big")


@pytest.mark.parametrize("at_once", [False, True])
def test_at_once_commits_leave_the_log_to_checkpoint(db_path: Path, at_once: bool) -> None:
    """A commit that takes the log past 1000 pages copies it into the database file
    (10-20 ms of writing and syncing), except in at_once(): then checkpoint() does."""
    from contextlib import nullcontext

    big = "Moscow said the talks go on. " * 100_000  # 2.9 MB: about 720 pages each
    with open_store(db_path) as store:
        store.checkpoint()
        store.documents.add(Document.from_text("A first one."))  # the log starts over
        restarts = _log_restarts(db_path)
        for n in range(3):  # past 1000 pages at the second; the third starts it over
            with store.at_once() if at_once else nullcontext():
                store.documents.add(Document.from_text(f"{n} {big}"))
        assert (_log_restarts(db_path) == restarts) is at_once
        store.checkpoint()
        store.documents.add(Document.from_text("After the checkpoint."))
        assert _log_restarts(db_path) > restarts
        assert len(store.documents.uids()) == 5
