"""A store of the first schema version opens and is upgraded with its data intact."""

import sqlite3
from pathlib import Path

from annotator.core.agreement import regex_tokens
from annotator.core.model import DocState
from annotator.store import open_store
from annotator.store.migrations import SCHEMA_VERSION

V1_SCHEMA = Path(__file__).parent.parent / "data" / "schema_v1.sql"


def test_upgrade_from_version_1(tmp_path: Path) -> None:
    path = tmp_path / "v1.sqlite3"
    with sqlite3.connect(path) as conn:
        conn.executescript(V1_SCHEMA.read_text())
    with open_store(path) as store:
        uid = store.documents.uids()[0]
        assert store.documents.get(uid).title == "Old article"
        assert [(s.start, s.end, s.label, s.annotator) for s in store.spans.of_document(uid)] == [
            (0, 3, "actor", "ann")]
        assert store.states.get(uid, "ann") == (DocState.DONE, 0)
        store.states.set(uid, "ann", DocState.DONE, position=5)
        assert store.states.get(uid, "ann") == (DocState.DONE, 5)
    with sqlite3.connect(path) as conn:
        version = conn.execute(
            "SELECT value FROM store_info WHERE key = 'schema_version'").fetchone()[0]
    assert int(version) == SCHEMA_VERSION


def test_version_3_drops_the_token_cache_and_agreement_still_works(tmp_path: Path) -> None:
    from annotator.services.agreement import load_corpus

    path = tmp_path / "v1.sqlite3"
    with sqlite3.connect(path) as conn:
        conn.executescript(V1_SCHEMA.read_text())
    with open_store(path):
        pass
    with sqlite3.connect(path) as conn:  # as version 3 left it: with a cache of tokens
        conn.execute("CREATE TABLE document_tokens (document INTEGER PRIMARY KEY, "
                     "tokenizer VARCHAR(32) NOT NULL, bounds BLOB NOT NULL)")
        conn.execute("UPDATE store_info SET value = '3' WHERE key = 'schema_version'")
    with open_store(path) as store:
        corpus, _ = load_corpus(store, ["ann"])
        assert corpus.n_units == len(regex_tokens(store.documents.get(corpus.doc_ids[0]).text))
    with sqlite3.connect(path) as conn:
        tables = {name for (name,) in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'")}
        version = conn.execute(
            "SELECT value FROM store_info WHERE key = 'schema_version'").fetchone()[0]
    assert "document_tokens" not in tables and int(version) == SCHEMA_VERSION


def test_version_5_reads_a_documents_spans_from_one_covering_index(tmp_path: Path) -> None:
    path = tmp_path / "v1.sqlite3"
    with sqlite3.connect(path) as conn:
        conn.executescript(V1_SCHEMA.read_text())
    with open_store(path) as store:
        uid = store.documents.uids()[0]
        assert [s[:2] for s in store.spans.rows_of_document(uid)] == [(0, 3)]
    with sqlite3.connect(path) as conn:
        indexes = {name for (name,) in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'index'")}
        plan = " ".join(row[-1] for row in conn.execute(
            'EXPLAIN QUERY PLAN SELECT start, "end", pk, label, annotator, origin, status '
            'FROM spans WHERE document = 1 ORDER BY start, "end" DESC'))
    assert "ix_spans_reading" in indexes and "ix_spans_document_annotator" not in indexes
    assert "COVERING INDEX ix_spans_reading" in plan and "TEMP B-TREE" not in plan


def test_version_8_indexes_existing_documents_for_search_with_progress(
        tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from annotator.core.model import Document
    from annotator.store.search import index

    path = tmp_path / "v7.sqlite3"
    with open_store(path) as store, store.bulk() as bulk:
        bulk.documents([Document.from_text(f"Report {i}: the Tu-160 flew.") for i in range(7)])
    with sqlite3.connect(path) as conn:  # as version 7 left it: no search index
        conn.execute("DROP TABLE documents_fts")
        for name in ("delete", "update"):
            conn.execute(f"DROP TRIGGER documents_fts_{name}")
        conn.execute("DROP INDEX ix_spans_label")
        conn.execute("UPDATE store_info SET value = '7' WHERE key = 'schema_version'")
    monkeypatch.setattr(index, "BATCH", 3)
    heard: list[tuple[str, int, int]] = []
    with open_store(path, progress=lambda *step: heard.append(step)) as store:
        assert heard == [(index.INDEXING, done, 7) for done in (0, 3, 6, 7)]
        assert store.search.count(store.search.compile("Tu-160")) == 7
        assert store.search.count(store.search.compile('"Report 4"')) == 1
        store.documents.add(Document.from_text("A later S-300 report"))
        assert store.search.count(store.search.compile("S-300")) == 1  # kept in step
    heard.clear()
    with open_store(path, progress=lambda *step: heard.append(step)):
        assert heard == []  # once only
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT value FROM store_info WHERE key = 'schema_version'"
                            ).fetchone()[0] == str(SCHEMA_VERSION) == "9"
        assert conn.execute("SELECT name FROM sqlite_master WHERE name = 'ix_spans_label'"
                            ).fetchone()
