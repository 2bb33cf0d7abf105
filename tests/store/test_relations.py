"""Relation types and relations in the store: the type list and its rules, relations read
whole or as plain rows, and batches of edits that delete spans with their relations and
bring them back."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from annotator.core.errors import (
    InvalidName,
    InvalidRelation,
    InvalidSpan,
    StoreError,
    UnknownLabel,
    UnknownRelationType,
)
from annotator.core.model import (
    Created,
    Document,
    NewRelation,
    RelationRow,
    RelationType,
    Span,
    Status,
)
from annotator.store import open_store
from annotator.store.migrations import RELATING, SCHEMA_VERSION

TEXT = "Lavrov said “we will continue” in Moscow, and Shoigu praised the Tu-160."
V5_STORE = Path(__file__).parent.parent / "data" / "schema_v5.sql"


def at(sub: str, label: str, annotator: str = "alice") -> Span:
    start = TEXT.index(sub)
    return Span(start, start + len(sub), label, annotator)


@pytest.fixture
def doc(store) -> str:  # type: ignore[no-untyped-def]
    document = Document.from_text(TEXT)
    store.documents.add(document)
    return document.id


# ---------------------------------------------------------------- relation types


def test_a_new_store_has_speaker_and_about(store) -> None:  # type: ignore[no-untyped-def]
    assert store.relation_types.all() == [
        RelationType("speaker", "#e6550d", "s", ("quote", "claim"), ("actor",)),
        RelationType("about", "#3182bd", "t", ("claim",), ("actor", "weapon"))]
    speaker = store.relation_types.get("speaker")
    assert speaker.allows("quote", "actor") and not speaker.allows("actor", "quote")
    assert speaker.refusal("weapon", "actor") == \
        "speaker links quote or claim → actor, not weapon → actor"


def test_types_are_added_changed_and_keep_their_relations_when_renamed(store, doc) -> None:  # type: ignore[no-untyped-def]
    cites = store.relation_types.add(RelationType("cites", "#123456", "c", ("quote",)))
    assert cites.children == () and cites.allows("quote", "weapon")
    with pytest.raises(StoreError, match="exists already"):
        store.relation_types.add(RelationType("cites"))
    with pytest.raises(InvalidName, match="needs a name"):
        store.relation_types.add(RelationType("  "))
    with pytest.raises(UnknownLabel, match="'person'"):
        store.relation_types.add(RelationType("knows", heads=("actor",), children=("person",)))
    quote = store.spans.add(doc, at("“we will continue”", "quote"))
    moscow = store.spans.add(doc, at("Moscow", "actor"))
    store.spans.add_relation(quote.id, moscow.id, "cites")
    renamed = store.relation_types.update("cites", new_name="mentions", color="#654321",
                                          children=["actor", "weapon"])
    assert renamed == RelationType("mentions", "#654321", "c", ("quote",), ("actor", "weapon"))
    assert [r.label for r in store.spans.relations(doc)] == ["mentions"]
    with pytest.raises(UnknownRelationType):
        store.relation_types.update("cites", color="#000000")
    with pytest.raises(StoreError, match="exists already"):
        store.relation_types.update("mentions", new_name="speaker")


def test_a_key_belongs_to_one_label_or_type(store) -> None:  # type: ignore[no-untyped-def]
    store.relation_types.update("about", key="1")  # actor's key moves to the type
    assert store.labels.all()[0].key is None
    assert store.relation_types.get("about").key == "1"
    store.labels.update("weapon", key="s")  # and speaker's to a label
    assert store.relation_types.get("speaker").key is None
    store.relation_types.add(RelationType("cites", key="s"))
    assert next(label for label in store.labels.all() if label.name == "weapon").key is None
    store.relation_types.update("cites", key=None)
    assert store.relation_types.get("cites").key is None


def test_a_type_in_use_is_archived_never_deleted(store, doc) -> None:  # type: ignore[no-untyped-def]
    quote = store.spans.add(doc, at("“we will continue”", "quote"))
    lavrov = store.spans.add(doc, at("Lavrov", "actor"))
    store.spans.add_relation(quote.id, lavrov.id, "speaker")
    with pytest.raises(StoreError, match="used by 1 relations; archive it instead"):
        store.relation_types.delete("speaker")
    assert store.relation_types.usage() == {"speaker": 1, "about": 0}
    store.relation_types.update("speaker", archived=True)
    assert [t.name for t in store.relation_types.all()] == ["about"]
    assert store.relation_types.get("speaker").archived
    assert [r.label for r in store.spans.relations(doc)] == ["speaker"]
    store.relation_types.delete("about")
    assert [t.name for t in store.relation_types.all(include_archived=True)] == ["speaker"]
    with pytest.raises(UnknownRelationType):
        store.relation_types.delete("about")


def test_renaming_a_label_renames_it_in_the_types(store) -> None:  # type: ignore[no-untyped-def]
    store.labels.update("actor", new_name="person")
    assert store.relation_types.get("speaker").children == ("person",)
    assert store.relation_types.get("about").children == ("person", "weapon")


# ---------------------------------------------------------------- relations


def test_relations_whole_and_as_plain_rows(store, doc) -> None:  # type: ignore[no-untyped-def]
    quote = store.spans.add(doc, at("“we will continue”", "quote"))
    lavrov = store.spans.add(doc, at("Lavrov", "actor"))
    claim = store.spans.add(doc, at("Shoigu praised the Tu-160", "claim"))
    tu160 = store.spans.add(doc, at("Tu-160", "weapon"))
    first = store.spans.add_relation(quote.id, lavrov.id, "speaker")
    second = store.spans.add_relation(claim.id, tu160.id, "about", status=Status.REJECTED)
    assert (first.head, first.child, first.label) == (quote, lavrov, "speaker")
    assert [(r.head.id, r.child.id, r.label, r.status, r.id)
            for r in store.spans.relations(doc)] == [
        (quote.id, lavrov.id, "speaker", Status.ACCEPTED, first.id),
        (claim.id, tu160.id, "about", Status.REJECTED, second.id)]
    assert store.spans.relation_rows(doc) == [
        RelationRow(first.id, quote.id, lavrov.id, "speaker", "accepted"),
        RelationRow(second.id, claim.id, tu160.id, "about", "rejected")]
    assert store.spans.set_relation_status(second.id, Status.ACCEPTED).status == "accepted"
    assert store.spans.delete_relation(first.id).type == "speaker"
    assert [r.id for r in store.spans.relation_rows(doc)] == [second.id]
    with pytest.raises(StoreError, match="no document"):
        store.spans.relation_rows("nope")


def test_what_a_relation_may_link(store, doc) -> None:  # type: ignore[no-untyped-def]
    other = Document.from_text("Putin said nothing.")
    store.documents.add(other)
    quote = store.spans.add(doc, at("“we will continue”", "quote"))
    lavrov = store.spans.add(doc, at("Lavrov", "actor"))
    bobs = store.spans.add(doc, at("Lavrov", "actor", "bob"))
    tu160 = store.spans.add(doc, at("Tu-160", "weapon"))
    putin = store.spans.add(other.id, Span(0, 5, "actor", "alice"))
    for head, child, kind, reason in [
            (quote.id, putin.id, "speaker", "of one document"),
            (quote.id, bobs.id, "speaker", "of one annotator"),
            (quote.id, quote.id, "speaker", "two different spans"),
            (quote.id, tu160.id, "speaker", "speaker links quote or claim → actor, "
                                           "not quote → weapon")]:
        with pytest.raises(InvalidRelation, match=reason):
            store.spans.add_relation(head, child, kind)
    with pytest.raises(UnknownRelationType):
        store.spans.add_relation(quote.id, lavrov.id, "cites")
    store.spans.add_relation(quote.id, lavrov.id, "speaker")
    with pytest.raises(InvalidRelation, match="exists already"):
        store.spans.add_relation(quote.id, lavrov.id, "speaker")
    # A reviewer's decision on what an annotator linked is kept whatever the type allows.
    store.spans.add_relation(quote.id, tu160.id, "speaker", check=False)
    assert len(store.spans.relation_rows(doc)) == 2


def test_a_relabel_keeps_its_relations_within_their_types(store, doc) -> None:  # type: ignore[no-untyped-def]
    quote = store.spans.add(doc, at("“we will continue”", "quote"))
    lavrov = store.spans.add(doc, at("Lavrov", "actor"))
    store.spans.add_relation(quote.id, lavrov.id, "speaker")
    with pytest.raises(InvalidRelation, match="actor \\[0, 6\\) cannot become weapon: its "
                       "speaker relation stands in the way \\(speaker links quote or claim "
                       "→ actor, not quote → weapon\\)"):
        store.spans.update(lavrov.id, label="weapon")
    with pytest.raises(InvalidRelation, match="cannot become actor"):
        store.spans.edit(doc, change=[(quote.id, at("“we will continue”", "actor"))])
    assert {s.id: s.label for s in store.spans.of_document(doc)} == \
        {quote.id: "quote", lavrov.id: "actor"}
    store.spans.update(quote.id, label="claim")  # a claim may have a speaker too
    store.spans.update(lavrov.id, start=0, end=6)  # no new label: nothing to check
    # A rejected relation stands in nobody's way; a reviewer's batch is not checked.
    (relation,) = store.spans.relation_rows(doc)
    store.spans.set_relation_status(relation.id, Status.REJECTED)
    store.spans.update(lavrov.id, label="weapon")
    store.spans.set_relation_status(relation.id, Status.ACCEPTED)
    store.spans.edit(doc, change=[(lavrov.id, at("Lavrov", "actor"))], check_types=False)
    store.spans.update(lavrov.id, label="actor")


# ---------------------------------------------------------------- batches of edits


def test_deleting_spans_returns_their_relations_and_undo_brings_them_back(store, doc) -> None:  # type: ignore[no-untyped-def]
    quote, lavrov, moscow = store.spans.edit(doc, create=[
        at("“we will continue”", "quote"), at("Lavrov", "actor"), at("Moscow", "actor")])
    made = store.spans.edit(doc, relate=[NewRelation(quote.id, lavrov.id, "speaker"),
                                         NewRelation(quote.id, moscow.id, "speaker")])
    assert made == [] and [r.type for r in made.relations] == ["speaker", "speaker"]
    before = store.spans.relations(doc)

    deleted = store.spans.edit(doc, delete=[quote.id])
    assert deleted.removed == made.relations
    assert store.spans.relation_rows(doc) == []

    # Undo: the span again (a new id), its relations to spans that stayed, one batch.
    back = store.spans.edit(doc, create=[quote], relate=[
        NewRelation(Created(0), r.child, r.type) for r in deleted.removed])
    (again,) = back
    assert again.id != quote.id
    assert [(r.head, r.child, r.type) for r in back.relations] == [
        (again.id, lavrov.id, "speaker"), (again.id, moscow.id, "speaker")]
    assert store.spans.relations(doc) == before  # compared by spans and types


def test_both_ends_deleted_and_made_again_in_one_batch(store, doc) -> None:  # type: ignore[no-untyped-def]
    quote, lavrov = store.spans.edit(doc, create=[at("“we will continue”", "quote"),
                                                  at("Lavrov", "actor")])
    store.spans.add_relation(quote.id, lavrov.id, "speaker")
    gone = store.spans.edit(doc, delete=[quote.id, lavrov.id])
    assert len(gone.removed) == 1  # one relation, reported once
    back = store.spans.edit(doc, create=[quote, lavrov],
                            relate=[NewRelation(Created(0), Created(1), "speaker")])
    assert [(r.head.start, r.child.start, r.label) for r in store.spans.relations(doc)] == [
        (quote.start, lavrov.start, "speaker")]
    assert back.relations[0].head == back[0].id


def test_unrelate_and_retype_in_a_batch(store, doc) -> None:  # type: ignore[no-untyped-def]
    claim, lavrov, tu160 = store.spans.edit(doc, create=[
        at("Shoigu praised the Tu-160", "claim"), at("Lavrov", "actor"), at("Tu-160", "weapon")])
    made = store.spans.edit(doc, relate=[NewRelation(claim.id, lavrov.id, "speaker"),
                                         NewRelation(claim.id, tu160.id, "about")])
    first, second = made.relations
    done = store.spans.edit(doc, unrelate=[second.id], retype=[(first.id, "about")])
    assert done.removed == [second]
    assert done.retyped == [(first, first._replace(type="about"))]
    assert store.spans.relation_rows(doc) == [first._replace(type="about")]
    third = store.spans.edit(doc, relate=[NewRelation(claim.id, tu160.id, "about")]).relations[0]
    with pytest.raises(InvalidRelation, match="not claim → weapon"):
        store.spans.edit(doc, delete=[lavrov.id], retype=[(third.id, "speaker")])
    assert len(store.spans.relation_rows(doc)) == 2  # nothing of the batch was kept


def test_a_bad_relation_takes_the_whole_batch_back(store, doc) -> None:  # type: ignore[no-untyped-def]
    lavrov = store.spans.add(doc, at("Lavrov", "actor"))
    with pytest.raises(InvalidRelation, match="created span 3"):
        store.spans.edit(doc, delete=[lavrov.id], create=[at("Moscow", "actor")],
                         relate=[NewRelation(Created(3), lavrov.id, "speaker")])
    with pytest.raises(InvalidRelation, match="speaker links"):
        store.spans.edit(doc, create=[at("Moscow", "actor")],
                         relate=[NewRelation(Created(0), lavrov.id, "speaker")])
    assert [s.id for s in store.spans.of_document(doc)] == [lavrov.id]
    with pytest.raises(InvalidRelation, match="no relation"):
        store.spans.edit(doc, unrelate=[12345])


def test_a_missing_or_repeated_id_takes_the_whole_batch_back(store, doc) -> None:  # type: ignore[no-untyped-def]
    claim, lavrov, tu160 = store.spans.edit(doc, create=[
        at("Shoigu praised the Tu-160", "claim"), at("Lavrov", "actor"), at("Tu-160", "weapon")])
    first, second = store.spans.edit(doc, relate=[NewRelation(claim.id, lavrov.id, "speaker"),
                                                  NewRelation(claim.id, tu160.id, "about")]
                                     ).relations
    spans_before = store.spans.of_document(doc)
    for batch, error, named in (
            ({"unrelate": [first.id], "delete": [tu160.id, 12345]}, InvalidSpan, "12345"),
            ({"delete": [lavrov.id, lavrov.id]}, InvalidSpan, str(lavrov.id)),
            ({"unrelate": [second.id, 54321], "delete": [tu160.id]}, InvalidRelation, "54321"),
            ({"unrelate": [second.id, second.id]}, InvalidRelation, str(second.id))):
        with pytest.raises(error, match=f"with id {named}"):
            store.spans.edit(doc, **batch)
        assert store.spans.of_document(doc) == spans_before
        assert store.spans.relation_rows(doc) == [first, second]
    done = store.spans.edit(doc, unrelate=[second.id], delete=[lavrov.id])
    assert done.removed == [second, first]  # asked for, then going with the span
    assert [s.id for s in store.spans.of_document(doc)] == [claim.id, tu160.id]


def test_a_span_with_many_relations_comes_back_whole_in_one_batch(store, doc) -> None:  # type: ignore[no-untyped-def]
    claim, lavrov, shoigu, tu160, quote = store.spans.edit(doc, create=[
        at("Shoigu praised the Tu-160", "claim"), at("Lavrov", "actor"), at("Shoigu", "actor"),
        at("Tu-160", "weapon"), at("“we will continue”", "quote")])
    made = store.spans.edit(doc, relate=[
        NewRelation(claim.id, lavrov.id, "speaker"),
        NewRelation(claim.id, tu160.id, "about", Status.REJECTED.value),
        NewRelation(claim.id, shoigu.id, "about"),
        NewRelation(quote.id, lavrov.id, "speaker"),
        NewRelation(claim.id, shoigu.id, "speaker", Status.SUGGESTED.value)]).relations
    assert [r.id for r in made] == sorted(r.id for r in made)  # ids in the order asked
    assert store.spans.relation_rows(doc) == made
    gone = store.spans.edit(doc, delete=[claim.id])
    assert gone.removed == [made[i] for i in (0, 1, 2, 4)]
    assert store.spans.relation_rows(doc) == [made[3]]
    back = store.spans.edit(doc, create=[claim], relate=[
        NewRelation(Created(0) if r.head == claim.id else r.head,
                    Created(0) if r.child == claim.id else r.child, r.type, r.status)
        for r in gone.removed])
    (again,) = back
    assert [(r.head, r.child, r.type, r.status) for r in back.relations] == [
        (again.id if r.head == claim.id else r.head, r.child, r.type, r.status)
        for r in gone.removed]
    assert sorted(store.spans.relation_rows(doc)) == sorted([made[3], *back.relations])


def test_a_batch_of_relations_refuses_one_there_already_or_asked_twice(store, doc) -> None:  # type: ignore[no-untyped-def]
    quote, lavrov, shoigu = store.spans.edit(doc, create=[
        at("“we will continue”", "quote"), at("Lavrov", "actor"), at("Shoigu", "actor")])
    first = store.spans.add_relation(quote.id, lavrov.id, "speaker")
    with pytest.raises(InvalidRelation, match=f"speaker from span {quote.id} to span "
                                              f"{lavrov.id} exists already"):
        store.spans.edit(doc, relate=[NewRelation(quote.id, shoigu.id, "speaker"),
                                      NewRelation(quote.id, lavrov.id, "speaker")])
    with pytest.raises(InvalidRelation, match=f"to span {shoigu.id} exists already"):
        store.spans.edit(doc, relate=[NewRelation(quote.id, shoigu.id, "speaker"),
                                      NewRelation(quote.id, shoigu.id, "speaker")])
    with pytest.raises(InvalidRelation, match="speaker links"):  # each type's rule applies
        store.spans.edit(doc, relate=[NewRelation(quote.id, shoigu.id, "speaker"),
                                      NewRelation(lavrov.id, quote.id, "speaker")])
    assert [r.id for r in store.spans.relation_rows(doc)] == [first.id]  # nothing kept
    with pytest.raises(InvalidRelation, match="no relation"):
        store.spans.edit(doc, unrelate=[first.id, first.id])
    with pytest.raises(InvalidSpan, match="no span"):
        store.spans.edit(doc, delete=[lavrov.id, lavrov.id])
    assert [r.id for r in store.spans.relation_rows(doc)] == [first.id]


# ---------------------------------------------------------------- migration


def test_a_version_5_store_keeps_its_relations_under_types(tmp_path: Path) -> None:
    path = tmp_path / "v5.sqlite3"
    with sqlite3.connect(path) as conn:
        conn.executescript(V5_STORE.read_text(encoding="utf-8"))
    with open_store(path) as store:
        uid = store.documents.uids()[0]
        assert [(r.id, r.head.start, r.child.start, r.label)
                for r in store.spans.relations(uid)] == [(1, 12, 0, "speaker"),
                                                         (2, 12, 34, "cites")]
        kinds = store.relation_types.all()
        assert [t.name for t in kinds] == ["speaker", "about", "cites"]
        assert kinds[0].key is None  # "s" was the weapon label's key, and stays so
        assert kinds[2] == RelationType("cites", kinds[2].color)  # links any labels
        lavrov = store.spans.of_document(uid)[0]
        quote = store.spans.of_document(uid)[1]
        store.spans.delete_relation(1)
        again = store.spans.add_relation(quote.id, lavrov.id, "speaker")
        assert again.id == 3  # new keys after the copied ones
        with pytest.raises(StoreError, match="archive it instead"):
            store.relation_types.delete("cites")
    with sqlite3.connect(path) as conn:
        version = conn.execute(
            "SELECT value FROM store_info WHERE key = 'schema_version'").fetchone()[0]
        columns = [row[1] for row in conn.execute("PRAGMA table_info(relations)")]
        indexes = {row[1] for row in conn.execute("PRAGMA index_list(relations)")}
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    assert int(version) == SCHEMA_VERSION
    assert columns == ["pk", "head", "child", "type", "status", "document"]
    assert {"ix_relations_child", "ix_relations_document"} <= indexes


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_a_version_8_store_gives_each_relation_its_document(tmp_path: Path, backend: str
                                                            ) -> None:
    from sqlalchemy import text

    from tests.conftest import POSTGRES_URL, empty_postgres

    if backend == "sqlite":
        location = str(tmp_path / "v8.sqlite3")
    elif not POSTGRES_URL:
        pytest.skip("ANNOTATOR_TEST_POSTGRES_URL is not set")
    else:
        location = POSTGRES_URL
        empty_postgres(location)
    made = []
    with open_store(location) as store:
        for n in range(3):  # relations of three documents, made in turn
            document = Document.from_text(f"{n}: {TEXT}")
            store.documents.add(document)
            offset = len(f"{n}: ")
            lavrov, quote = (store.spans.add(document.id, Span(
                s.start + offset, s.end + offset, s.label, s.annotator))
                for s in (at("Lavrov", "actor"), at("“we will continue”", "quote")))
            relation = store.spans.add_relation(quote.id, lavrov.id, "speaker")
            made.append((document.id, RelationRow(relation.id, quote.id, lavrov.id, "speaker",
                                                  "accepted")))
        with store.transaction() as conn:  # as version 8 left it: no document column
            if backend == "sqlite":  # which drops no column a foreign key names
                conn.execute(text(
                    "CREATE TABLE relations_v8 (pk INTEGER NOT NULL PRIMARY KEY, "
                    "head INTEGER NOT NULL REFERENCES spans (pk) ON DELETE CASCADE, "
                    "child INTEGER NOT NULL REFERENCES spans (pk) ON DELETE CASCADE, "
                    "type INTEGER NOT NULL REFERENCES relation_types (pk) "
                    "ON DELETE RESTRICT, status VARCHAR(16) NOT NULL, "
                    "CONSTRAINT uq_relation_type UNIQUE (head, child, type))"))
                conn.execute(text("INSERT INTO relations_v8 "
                                  "SELECT pk, head, child, type, status FROM relations"))
                conn.execute(text("DROP TABLE relations"))
                conn.execute(text("ALTER TABLE relations_v8 RENAME TO relations"))
                conn.execute(text("CREATE INDEX ix_relations_child ON relations (child)"))
            else:
                conn.execute(text("ALTER TABLE relations DROP COLUMN document"))
            conn.execute(text("UPDATE store_info SET value = '8' "
                              "WHERE key = 'schema_version'"))
    heard: list[tuple[str, int, int]] = []
    with open_store(location, progress=lambda *step: heard.append(step)) as store:
        assert heard == [(RELATING, 0, 3), (RELATING, 3, 3)]  # the upgrade dialog's
        for uid, relation in made:
            assert store.spans.relation_rows(uid) == [relation]
        with store.connect() as conn:
            assert conn.execute(text("SELECT value FROM store_info "
                                     "WHERE key = 'schema_version'")).scalar() == "9"
            assert conn.execute(text("SELECT COUNT(*) FROM relations r JOIN spans s "
                                     "ON s.pk = r.head AND s.document = r.document")
                                ).scalar() == 3
            if backend == "sqlite":
                plan = " ".join(row[-1] for row in conn.execute(text(
                    "EXPLAIN QUERY PLAN SELECT pk FROM relations WHERE document = 2 "
                    "ORDER BY pk")))
                assert "ix_relations_document" in plan and "TEMP B-TREE" not in plan
        uid, first = made[0]
        store.spans.delete_relation(first.id)  # made again: the new row has its document
        again = store.spans.add_relation(first.head, first.child, "speaker")
        assert again.id > made[-1][1].id
        assert store.spans.relation_rows(uid) == [first._replace(id=again.id)]
