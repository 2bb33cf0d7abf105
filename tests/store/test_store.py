import os
import sqlite3
import stat
from pathlib import Path

import pytest

from annotator.core.errors import DuplicateSpan, InvalidSpan, StoreError, UnknownLabel
from annotator.core.model import DocState, Document, Label, Span
from annotator.store import open_store
from annotator.store.migrations import SCHEMA_VERSION


def test_new_store_has_default_labels_with_keys(store) -> None:
    labels = store.labels.all()
    assert [(label.name, label.key) for label in labels] == [
        ("actor", "1"), ("weapon", "2"), ("claim", "3"), ("quote", "4")]
    assert all(label.color.startswith("#") for label in labels)


def test_sqlite_runs_in_wal_with_foreign_keys(store, db_path: Path) -> None:
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_same_text_is_one_document(store) -> None:
    doc = Document.from_text("Shoigu spoke.\nMore.")
    assert store.documents.add(doc) is True
    assert store.documents.add(Document.from_text("Shoigu spoke.\nMore.")) is False
    assert store.documents.count() == 1
    assert store.documents.get(doc.id).title == "Shoigu spoke."


def test_span_edits_validate_and_return_what_undo_needs(store) -> None:
    doc = Document.from_text("Lavrov met Shoigu in Moscow.")
    store.documents.add(doc)
    span = store.spans.add(doc.id, Span(0, 6, "actor", "ann"))
    assert span.id is not None
    with pytest.raises(DuplicateSpan):
        store.spans.add(doc.id, Span(0, 6, "actor", "ann"))
    # Overlap, and the same extent with another label or annotator, are fine.
    store.spans.add(doc.id, Span(0, 17, "claim", "ann"))
    store.spans.add(doc.id, Span(0, 6, "actor", "other"))
    with pytest.raises(InvalidSpan):
        store.spans.add(doc.id, Span(5, 5, "actor", "ann"))
    with pytest.raises(InvalidSpan):
        store.spans.add(doc.id, Span(20, 99, "actor", "ann"))
    with pytest.raises(UnknownLabel):
        store.spans.add(doc.id, Span(0, 3, "nope", "ann"))
    before, after = store.spans.update(span.id, label="quote", end=10)
    assert (before.label, before.end, after.label, after.end) == ("actor", 6, "quote", 10)
    deleted = store.spans.delete(span.id)
    assert deleted == after
    assert [s.label for s in store.spans.of_document(doc.id, ["ann"])] == ["claim"]


def test_spans_per_annotator_counts_everyone(store) -> None:
    doc = Document.from_text("Shoigu met Lavrov in Moscow.")
    store.documents.add(doc)
    for name in ("alice", "bob", "carol"):
        store.annotators.ensure(name)
    store.spans.add(doc.id, Span(0, 6, "actor", "alice"))
    store.spans.add(doc.id, Span(11, 17, "actor", "alice"))
    store.spans.add(doc.id, Span(0, 6, "actor", "bob"))
    assert store.reads.spans_per_annotator() == {"alice": 2, "bob": 1, "carol": 0}
    assert store.reads.spans_per_annotator() == store.reads.stats()["spans_per_annotator"]
    assert store.reads.annotators_with_spans() == {"alice", "bob"}


def test_label_with_spans_is_archived_not_deleted(store) -> None:
    doc = Document.from_text("An-124 landed.")
    store.documents.add(doc)
    store.spans.add(doc.id, Span(0, 6, "weapon", "ann"))
    with pytest.raises(StoreError, match="archive"):
        store.labels.delete("weapon")
    store.labels.update("weapon", archived=True)
    assert "weapon" not in [label.name for label in store.labels.all()]
    assert store.spans.of_document(doc.id)[0].label == "weapon"
    store.labels.add(Label("place", "#123456", "5"))
    store.labels.update("place", key="1")  # the key moves from actor to place
    keys = {label.name: label.key for label in store.labels.all()}
    assert keys["place"] == "1" and keys["actor"] is None
    store.labels.delete("place")


def test_state_and_next_undone(store) -> None:
    docs = [Document.from_text(f"Article {i}\nbody") for i in range(3)]
    for doc in docs:
        store.documents.add(doc)
    store.states.set(docs[1].id, "ann", DocState.DONE, position=7)
    assert store.states.get(docs[1].id, "ann") == (DocState.DONE, 7)
    assert store.documents.next(docs[0].id, "ann", undone_only=True) == docs[2].id
    assert store.documents.next(docs[2].id, "ann", undone_only=True) == docs[0].id
    assert store.documents.next(docs[2].id, "ann", step=-1) == docs[1].id


def test_database_in_missing_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="does not exist"):
        open_store(tmp_path / "nowhere" / "db.sqlite3")


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes to read-only folders")
def test_database_in_read_only_folder_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        with pytest.raises(StoreError, match="read-only"):
            open_store(folder / "db.sqlite3")
    finally:
        folder.chmod(stat.S_IRWXU)


def test_database_from_a_newer_version_is_refused_and_untouched(db_path: Path) -> None:
    open_store(db_path).close()
    with sqlite3.connect(db_path) as conn:
        conn.execute("UPDATE store_info SET value = ? WHERE key = 'schema_version'",
                     (str(SCHEMA_VERSION + 1),))
    before = db_path.read_bytes()
    with pytest.raises(StoreError, match="newer version"):
        open_store(db_path)
    assert db_path.read_bytes() == before


def test_a_file_that_is_not_a_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "notes.sqlite3"
    path.write_text("just some notes, not a database\n" * 100)
    with pytest.raises(StoreError, match="cannot open"):
        open_store(path)
    assert path.read_text().startswith("just some notes")


def test_url_and_environment_variable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    url = f"sqlite:///{tmp_path / 'by-url.sqlite3'}"
    with open_store(url) as store:
        store.documents.add(Document.from_text("by url"))
    monkeypatch.setenv("ANNOTATOR_DB", str(tmp_path / "by-env.sqlite3"))
    with open_store(None) as store:
        assert store.location == str(tmp_path / "by-env.sqlite3")
    assert (tmp_path / "by-env.sqlite3").exists()
