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
        uid = store.document_uids()[0]
        assert store.document(uid).title == "Old article"
        assert [(s.start, s.end, s.label, s.annotator) for s in store.spans(uid)] == [
            (0, 3, "actor", "ann")]
        assert store.state(uid, "ann") == (DocState.DONE, 0)
        store.set_state(uid, "ann", DocState.DONE, position=5)
        assert store.state(uid, "ann") == (DocState.DONE, 5)
    with sqlite3.connect(path) as conn:
        version = conn.execute(
            "SELECT value FROM store_info WHERE key = 'schema_version'").fetchone()[0]
    assert int(version) == SCHEMA_VERSION


def test_upgraded_store_keeps_agreement_tokens(tmp_path: Path) -> None:
    from annotator.services.agreement import TOKENIZER, load_documents

    path = tmp_path / "v1.sqlite3"
    with sqlite3.connect(path) as conn:
        conn.executescript(V1_SCHEMA.read_text())
    with open_store(path) as store:  # version 2 -> 3 adds document_tokens
        docs, _ = load_documents(store, ["ann"])
        assert [doc.n_units for doc in docs] == [len(regex_tokens(store.document(
            docs[0].doc_id).text))]
        (found,) = store.iter_agreement_documents(["ann"], TOKENIZER)
        assert found.token_bounds is not None and found.text is None
