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
