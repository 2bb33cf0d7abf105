"""The same store on a shared PostgreSQL server.

Runs when ANNOTATOR_TEST_POSTGRES_URL names a database the tests may wipe
(.ci/run starts a local server and sets it); skipped otherwise.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from annotator.core.errors import DuplicateSpan
from annotator.core.model import DocState, Document, Span
from annotator.services.agreement import agreement_report
from annotator.services.exporting import export_jsonl
from annotator.services.importing import import_paths
from annotator.store import open_store

URL = os.environ.get("ANNOTATOR_TEST_POSTGRES_URL")
pytestmark = pytest.mark.skipif(not URL, reason="ANNOTATOR_TEST_POSTGRES_URL is not set")


@pytest.fixture
def pg_store():  # type: ignore[no-untyped-def]
    from sqlalchemy import create_engine, text

    engine = create_engine(URL)
    with engine.begin() as conn:  # a clean database for every test
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    with open_store(URL) as store:
        yield store


def test_edits_states_and_duplicates(pg_store) -> None:  # type: ignore[no-untyped-def]
    doc = Document.from_text("Shoigu 😀 praised the Su-57.")
    assert pg_store.documents.add(doc) and not pg_store.documents.add(doc)
    span = pg_store.spans.add(doc.id, Span(0, 6, "actor", "alice"))
    with pytest.raises(DuplicateSpan):
        pg_store.spans.add(doc.id, Span(0, 6, "actor", "alice"))
    pg_store.spans.update(span.id, label="quote")
    pg_store.states.set(doc.id, "alice", DocState.DONE, position=4)
    assert pg_store.states.get(doc.id, "alice") == (DocState.DONE, 4)
    assert pg_store.documents.rows("alice")[0].span_count == 1


def test_import_export_round_trip_and_agreement(pg_store, tmp_path: Path,
                                                 seed_articles: list[Path]) -> None:  # type: ignore[no-untyped-def]
    assert import_paths(pg_store, seed_articles).ok
    text = "Lavrov\r\nmet Shoigu 👨‍👩‍👧 in Moscow."
    tasks = tmp_path / "tasks.jsonl"
    tasks.write_text("".join(json.dumps({
        "text": text, "_annotator_id": who,
        "spans": [{"start": 0, "end": 6, "label": "actor"},
                  {"start": 12, "end": 18, "label": label}]}, ensure_ascii=False) + "\n"
        for who, label in (("alice", "actor"), ("bob", "weapon"))), encoding="utf-8")
    report = import_paths(pg_store, [tasks])
    assert report.ok, report.errors
    export_jsonl(pg_store, tmp_path / "one.jsonl")
    lines = (tmp_path / "one.jsonl").read_text(encoding="utf-8").splitlines()
    assert [s["text"] for s in json.loads(lines[0])["spans"]] == ["Lavrov", "Shoigu"]
    (pair,) = agreement_report(pg_store, ["alice", "bob"]).pairs()
    assert (pair.exact.overall.tp, pair.exact.overall.fp) == (1, 1)
    # The same figures again: nothing of the first run is left behind to change them.
    (again,) = agreement_report(pg_store, ["alice", "bob"]).pairs()
    assert again == pair

    # Round trip through a SQLite store gives the same bytes.
    with open_store(tmp_path / "copy.sqlite3") as copy:
        assert import_paths(copy, [tmp_path / "one.jsonl"]).ok
        export_jsonl(copy, tmp_path / "two.jsonl")
    assert (tmp_path / "one.jsonl").read_bytes() == (tmp_path / "two.jsonl").read_bytes()


def test_suggestions_stored_decided_and_evaluated(pg_store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from annotator.core.model import Origin, Status, Suggestion

    doc = Document.from_text("Maduro bought S-300 systems.")
    pg_store.documents.add(doc)
    (key,) = pg_store.suggestions.document_keys("all")
    found = [Suggestion(0, 6, "actor", 0.9), Suggestion(14, 19, "weapon", 0.4)]
    assert pg_store.suggestions.replace("model", Origin.MODEL, [(key, found)]).added == 2
    again = pg_store.suggestions.replace("model", Origin.MODEL, [(key, found[:1])])
    assert (again.added, again.kept, again.removed) == (0, 1, 1)
    pg_store.spans.add(doc.id, Span(14, 19, "weapon", "alice", status=Status.REJECTED))
    pg_store.suggestions.replace("model", Origin.MODEL, [(key, found)])
    assert [s.label for s in pg_store.suggestions.pending(doc.id, "alice")] == ["actor"]
    assert pg_store.suggestions.most_needed("alice", 0.5) == doc.id
    pg_store.spans.add(doc.id, Span(0, 6, "actor", "alice"))
    (pair,) = agreement_report(pg_store, ["alice", "model"]).pairs()
    assert pair.exact.per_label["actor"].tp == 1


def test_relations_types_and_batches(pg_store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from annotator.core.errors import InvalidRelation, StoreError
    from annotator.core.model import Created, NewRelation, RelationType

    text = "“We will continue,” Lavrov said in Moscow."
    doc = Document.from_text(text)
    pg_store.documents.add(doc)
    quote, lavrov = pg_store.spans.edit(doc.id, create=[Span(0, 19, "quote", "alice"),
                                                        Span(20, 26, "actor", "alice")])
    made = pg_store.spans.edit(doc.id, relate=[NewRelation(quote.id, lavrov.id, "speaker")])
    with pytest.raises(InvalidRelation, match="exists already"):
        pg_store.spans.add_relation(quote.id, lavrov.id, "speaker")
    gone = pg_store.spans.edit(doc.id, delete=[lavrov.id])
    assert gone.removed == made.relations
    back = pg_store.spans.edit(doc.id, create=[lavrov], relate=[
        NewRelation(quote.id, Created(0), "speaker")])
    assert pg_store.spans.relation_rows(doc.id) == back.relations
    pg_store.relation_types.add(RelationType("cites", key="c"))
    with pytest.raises(StoreError, match="archive it instead"):
        pg_store.relation_types.delete("speaker")
    pg_store.relation_types.update("speaker", new_name="said by")
    assert [r.label for r in pg_store.spans.relations(doc.id)] == ["said by"]
    export_jsonl(pg_store, tmp_path / "rel.jsonl")
    (line,) = (tmp_path / "rel.jsonl").read_text(encoding="utf-8").splitlines()
    assert json.loads(line)["relations"][0]["label"] == "said by"
