"""Search and filters through store.search, on SQLite and PostgreSQL alike."""

from __future__ import annotations

import pytest

from annotator.core.errors import QueryError
from annotator.core.model import AnnotatorKind, DocState, Document, Origin, Span, Status
from annotator.store import Store

TEXTS = {
    "bomber": "Bombers arrive\n\nTwo Tu-160 strategic bombers landed in Caracas on Monday.",
    "caps": "Upgrade\n\nThe TU-160M upgrade and the S-300 systems were shown.",
    "spaced": "Air defence\n\nRussia sold S-300PMU2 batteries; the S 300 name is old.",
    "rifles": "Rifles\n\nKalashnikov’s AK-103 rifles 😀 went to Venezuela; Shoigu said so.",
    "accents": "Élysée\n\nThe Élysée Palace and the КРЕМЛЬ answered Moscow’s note.",
    "reversed": "Numbers\n\nBombers 160 Tu and a big 3000 order; S-3000 is no weapon.",
    "plain": "Weather\n\nRain in Caracas; nothing about weapons at all.",
}


@pytest.fixture
def corpus(any_store: Store) -> tuple[Store, dict[str, str]]:
    """The texts above, with spans by alice, bob and a model, and states."""
    store = any_store
    ids = {}
    for name, text in TEXTS.items():
        doc = Document.from_text(text)
        store.documents.add(doc)
        ids[name] = doc.id
    store.spans.add(ids["bomber"], Span(19, 25, "weapon", "alice"))
    store.spans.add(ids["bomber"], Span(19, 25, "weapon", "bob"))
    store.spans.add(ids["rifles"], Span(8, 19, "actor", "alice"))
    store.spans.add(ids["caps"], Span(20, 26, "weapon", "bob"))
    store.annotators.ensure("model", AnnotatorKind.MODEL)
    store.spans.add(ids["spaced"], Span(13, 19, "actor", "model", origin=Origin.MODEL,
                                        status=Status.SUGGESTED))
    store.states.set(ids["bomber"], "alice", DocState.DONE)
    store.states.set(ids["caps"], "alice", DocState.TODO)
    store.states.set(ids["plain"], "bob", DocState.DONE)
    return store, ids


def found(store: Store, ids: dict[str, str], query: str, me: str | None = "alice") -> set[str]:
    compiled = store.search.compile(query, me=me)
    names = {uid: name for name, uid in ids.items()}
    uids = list(store.search.uids(compiled))
    assert store.search.count(compiled) == len(uids)
    rows = store.search.page(compiled, "alice", 0, 100)
    assert [r.uid for r in rows] == uids  # the list shows what is counted, in order
    return {names[uid] for uid in uids}


@pytest.mark.parametrize(("query", "expected"), [
    ("Tu-160", {"bomber"}),
    ("tu-160", {"bomber"}),  # case ignored
    ("TU-160M", {"caps"}),
    ("Tu-16*", {"bomber", "caps"}),  # prefix of the last word
    ("S-300", {"caps", "spaced"}),  # "S-300" and "S 300": the same words in order
    ("S-300*", {"caps", "spaced", "reversed"}),
    ("AK-103", {"rifles"}),
    ('"strategic bombers"', {"bomber"}),
    ('"bombers strategic"', set()),  # a phrase keeps its order
    ('"Tu-160 strategic"', {"bomber"}),
    ("160 Tu", {"bomber", "reversed"}),  # words without quotes: anywhere, any order
    ('"160 Tu"', {"reversed"}),
    ("caracas", {"bomber", "plain"}),
    ("caracas -weapons", {"bomber"}),
    ("Caracas OR Shoigu", {"bomber", "plain", "rifles"}),
    ("(Caracas OR Shoigu) bombers", {"bomber"}),
    ("Kalashnikov", {"rifles"}),  # before a curly apostrophe
    ("кремль", {"accents"}),
    ("ÉLYSÉE", {"accents"}),
    ("title:bombers", {"bomber"}),
    ("title:Bomb*", {"bomber"}),
    ("title:caracas", set()),
    ("contains:S-30", {"caps", "spaced", "reversed"}),
    ('contains:"ers arr"', {"bomber"}),
    ("contains:кремль", {"accents"}),
    ('contains:"100%"', set()),
    ("contains:_", set()),
    ("", set(TEXTS)),
])
def test_words_phrases_prefixes_and_contains(corpus, query: str, expected: set[str]) -> None:  # type: ignore[no-untyped-def]
    assert found(*corpus, query) == expected


@pytest.mark.parametrize(("query", "expected"), [
    ("state:done", {"bomber"}),
    ("state:done@bob", {"plain"}),
    ("state:started", {"rifles"}),  # a first span starts the document
    ("state:todo", set(TEXTS) - {"bomber", "rifles"}),  # an explicit to do counts too
    ("state:todo@bob", set(TEXTS) - {"plain", "bomber", "caps"}),
    ("label:weapon", {"bomber", "caps"}),
    ("label:weapon@alice", {"bomber"}),
    ("-label:weapon", set(TEXTS) - {"bomber", "caps"}),
    ("label:actor", {"rifles"}),  # a suggestion is not an accepted span
    ("has:suggestions", {"spaced"}),
    ("has:suggestions@alice", set()),
    ("has:spans", {"bomber", "caps", "rifles"}),
    ("has:spans@bob", {"bomber", "caps"}),
    ("annotator:bob", {"bomber", "caps", "plain"}),
    ("by:model", {"spaced"}),
    ("S-300 -label:weapon", {"spaced"}),
    ("S-300 OR label:actor", {"caps", "spaced", "rifles"}),
    ("label:weapon -state:done", {"caps"}),
    ("-(label:weapon OR Caracas)", {"spaced", "rifles", "accents", "reversed"}),
    ("NOT Tu-160 label:weapon", {"caps"}),
    ("bombers state:done has:spans", {"bomber"}),
    ("review:agreed@alice,bob", {"bomber"}),
    ("review:only@alice,bob", {"caps", "rifles"}),
    ("review:conflict@alice,bob", set()),
    # words with filters: each match of the words is checked against the filters
    ("Caracas annotator:bob", {"bomber", "plain"}),
    ("Caracas -annotator:bob", set()),
    ("Caracas (label:weapon OR state:done@bob)", {"bomber", "plain"}),
    ("Caracas -state:todo", {"bomber"}),
    ("S-300 has:suggestions", {"spaced"}),
    ("bombers review:agreed@alice,bob", {"bomber"}),
    ("bombers -review:agreed@alice,bob", {"reversed"}),
    # filters alone: listed from the annotations, one list or their union
    ("-state:todo", {"bomber", "rifles"}),
    ("S-300 OR label:actor OR state:done", {"caps", "spaced", "rifles", "bomber"}),
    ("label:weapon OR annotator:model", {"bomber", "caps", "spaced"}),
    ("label:weapon has:spans@alice", {"bomber"}),
])
def test_filters_combine(corpus, query: str, expected: set[str]) -> None:  # type: ignore[no-untyped-def]
    assert found(*corpus, query) == expected


@pytest.mark.parametrize(("query", "column", "says"), [
    ("label:wepon", 7, "no label called 'wepon' (labels: actor, claim, quote, weapon)"),
    ("Tu-160 state:done@carol", 19, "no annotator called 'carol'"),
    ("annotator:carol", 11, "no annotator called 'carol'"),
    ("review:label@alice", 14, "review: compares two or more annotators"),
    ("review:label@alice,carol", 14, "no annotator called 'carol'"),
    ("Tu-160 (", 8, "never closed"),
])
def test_bad_queries_name_the_column(corpus, query: str, column: int, says: str) -> None:  # type: ignore[no-untyped-def]
    store, _ = corpus
    with pytest.raises(QueryError) as caught:
        store.search.compile(query, me="alice")
    assert says in str(caught.value)
    assert caught.value.column == column


def test_whose_state_must_be_said_without_a_current_annotator(corpus) -> None:  # type: ignore[no-untyped-def]
    store, ids = corpus
    with pytest.raises(QueryError, match="say whose, as in state:done@NAME"):
        store.search.compile("Tu-160 state:done", me=None)
    assert found(store, ids, "state:done@alice", me=None) == {"bomber"}
    # Someone new has done nothing yet: everything is to do for them.
    assert found(store, ids, "state:todo", me="dora") == set(TEXTS)


def test_review_compares_every_human_annotator_by_default(corpus) -> None:  # type: ignore[no-untyped-def]
    store, ids = corpus
    assert found(store, ids, "review:agreed") == {"bomber"}
    assert store.search.compile("review:agreed", review=["alice", "bob"]).plan is not None


def test_pages_positions_and_the_queue(corpus) -> None:  # type: ignore[no-untyped-def]
    store, ids = corpus
    query = store.search.compile("Caracas OR S-300 OR Shoigu")
    order = ["bomber", "caps", "spaced", "rifles", "plain"]  # import order
    rows = store.search.page(query, "alice", 1, 2)
    assert [r.uid for r in rows] == [ids["caps"], ids["spaced"]]
    assert rows[0].span_count == 0 and rows[0].state is DocState.TODO
    first = store.search.page(query, "alice", 0, 1)[0]
    assert (first.state, first.span_count) == (DocState.DONE, 1)
    assert [store.search.position(ids[n], query) for n in order] == [0, 1, 2, 3, 4]
    assert store.search.position(ids["accents"], query) is None
    walked, uid = [], None
    for _ in range(6):
        uid = store.search.next(uid, query)
        walked.append(uid)
    assert walked == [ids[n] for n in [*order, "bomber"]]  # wraps round
    assert store.search.next(ids["plain"], query, wrap=False) is None
    assert store.search.next(ids["caps"], query, step=-1) == ids["bomber"]
    assert store.search.next(ids["accents"], query) == ids["plain"]  # not a match itself
    alone = store.search.compile("Shoigu")
    assert store.search.next(ids["rifles"], alone) is None  # nowhere else to go


def test_the_index_follows_imports_and_deletes(any_store: Store) -> None:
    store = any_store
    with store.bulk() as bulk:
        bulk.documents([Document.from_text(f"Report {i}\n\nThe Su-57 number {i}.")
                        for i in range(50)])
    query = store.search.compile("Su-57")
    assert store.search.count(query) == 50
    gone = next(store.search.uids(store.search.compile("Report 7")))
    assert store.documents.delete(gone)
    assert not store.documents.delete(gone)
    assert store.search.count(query) == 49
    assert store.search.count(store.search.compile('"number 7"')) == 0
    # An insert that is rolled back leaves nothing in the index either.
    with pytest.raises(RuntimeError), store.bulk() as bulk:
        bulk.documents([Document.from_text("Zircon launched")])
        raise RuntimeError
    assert store.search.count(store.search.compile("Zircon")) == 0


def test_sqlite_index_is_consistent_and_read_in_order(store: Store) -> None:
    from sqlalchemy import text

    with store.bulk() as bulk:
        bulk.documents([Document.from_text(f"Doc {i} Tu-160") for i in range(20)])
    store.documents.delete(store.documents.uids()[3])
    with store.transaction() as conn:
        conn.execute(text("INSERT INTO documents_fts(documents_fts, rank) "
                          "VALUES ('integrity-check', 1)"))
    # The first page reads the index in document order: no sorting of every match.
    from annotator.store.search.index import fts

    query = store.search.compile("Tu-160 -label:weapon")
    select = store.search._select(query, fts.c.rowid, ordered=True).limit(50)
    with store.connect() as conn:
        sql = str(select.compile(conn, compile_kwargs={"literal_binds": True}))
        plan = " / ".join(row[3] for row in conn.execute(text("EXPLAIN QUERY PLAN " + sql)))
    assert plan.startswith("SCAN documents_fts VIRTUAL TABLE"), plan
    assert "TEMP B-TREE" not in plan, plan


def test_a_long_search_can_be_stopped(store: Store) -> None:
    from annotator.core.errors import Cancelled

    with store.bulk() as bulk:
        bulk.documents([Document.from_text(f"Doc {i} " + "word " * 50) for i in range(3000)])
    query = store.search.compile("contains:nowhere")
    asked = []

    def stop() -> bool:
        asked.append(1)
        return True

    with pytest.raises(Cancelled):
        store.search.count(query, stop=stop)
    assert asked
    assert store.search.count(query) == 0  # the connection is fine afterwards


def test_postgres_words_and_contains_can_use_the_trigram_indexes(any_store: Store) -> None:
    from sqlalchemy import text

    store = any_store
    if store.engine.dialect.name != "postgresql":
        pytest.skip("PostgreSQL's indexes")
    store.documents.add(Document.from_text("Two Tu-160 bombers landed."))
    for query in ("bombers", "Tu-160", "contains:ombers", "title:Tu-16*"):
        select = store.search.keys(store.search.compile(query))
        with store.connect() as conn:
            conn.execute(text("SET enable_seqscan = off"))  # too few rows to prefer it
            sql = str(select.compile(conn, compile_kwargs={"literal_binds": True}))
            plan = "\n".join(row[0] for row in conn.execute(text("EXPLAIN " + sql)))
        assert "_trgm" in plan, (query, plan)
