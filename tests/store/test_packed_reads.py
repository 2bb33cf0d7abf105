"""Agreement's bulk reads packed as text by SQLite give exactly the rows a plain read gives."""

from __future__ import annotations

import numpy as np
import pytest

import annotator.store.reads as reads_module
from annotator.core.model import Document, Span, Status
from annotator.store.packed import integer_table, key_ranges

TEXTS = ["Lavrov met Shoigu in Moscow.", "Tu-160 bombers flew over Engels.",
         "Nobody marked this one.", "Пётр Иванов встретил 😀 Шойгу.", "Su-57 jets in Kubinka."]


@pytest.fixture
def marked(store):  # type: ignore[no-untyped-def]
    """Five documents: spans of alice and bob (some rejected), suggestions of a
    tagger with and without scores, and relations between accepted and other spans."""
    for number, text in enumerate(TEXTS):
        doc = Document.from_text(text)
        store.documents.add(doc)
        if number == 2:
            continue
        words = [(i, i + len(w)) for i, w in _words(text)]
        made = {}
        for who in ("alice", "bob"):
            for k, (start, end) in enumerate(words[:4]):
                label = "actor" if (k + number + (who == "bob")) % 3 else "weapon"
                made[who, k] = store.spans.add(doc.id, Span(start, end, label, who))
        store.spans.set_status(made["bob", 3].id, Status.REJECTED)
        for k, score in enumerate((0.9, 0.2, None)):
            start, end = words[k]
            store.spans.add(doc.id, Span(start, end, "actor", "tagger",
                                         status=Status.SUGGESTED, score=score))
        for who in ("alice", "bob"):
            store.spans.add_relation(made[who, 0].id, made[who, 1].id, "speaker", check=False)
            store.spans.add_relation(made[who, 1].id, made[who, 3].id, "about", check=False)
    return store


def _words(text: str) -> list[tuple[int, str]]:
    found, at = [], 0
    for word in text.split():
        at = text.index(word, at)
        found.append((at, word))
        at += len(word)
    return found


def _sorted(table: np.ndarray) -> list[tuple[int, ...]]:
    return sorted(map(tuple, table.tolist()))


def _both_ways(store, read):  # type: ignore[no-untyped-def]
    """The read packed by SQLite and as plain rows."""
    found = {}
    for packed in (True, False):
        store.reads.packed = packed
        found[packed] = read()
    store.reads.packed = None
    return found[True], found[False]


@pytest.mark.parametrize("batch", [1, 2, 2048])
def test_spans_packed_equal_plain_rows(marked, monkeypatch, batch: int) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(reads_module, "_DOC_RANGE", batch)  # one batch or many
    docs = marked.reads.agreement_documents(["alice", "bob", "tagger"])
    keys = {name: key for key, name in docs.annotators.items()}
    people = [keys["alice"], keys["bob"]]
    (packed, labels), (plain, same_labels) = _both_ways(
        marked, lambda: marked.reads.agreement_spans([*people, keys["tagger"]],
                                                     suggested=[keys["tagger"]], min_score=0.5))
    assert packed.shape == (4 * (8 - 1 + 2), 5) and packed.dtype == np.int64
    assert _sorted(packed) == _sorted(plain) and labels == same_labels
    # Row by row what was stored: alice's first span in the Cyrillic text (code points).
    first = {uid: key for key, uid, _, _ in docs.documents}[Document.from_text(TEXTS[3]).id]
    weapon = {name: key for key, name in labels.items()}["weapon"]
    assert (first, keys["alice"], 0, 4, weapon) in _sorted(packed)
    # The tagger's suggestion scoring 0.2 is left out, the unscored one is not.
    tagger = packed[packed[:, 1] == keys["tagger"]]
    assert sorted(tagger[:, 2].tolist()) == [0, 0, 0, 0, 11, 11, 12, 15]


@pytest.mark.parametrize("batch", [1, 3, 1 << 18])
def test_relations_packed_equal_plain_rows(marked, monkeypatch, batch: int) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(reads_module, "_RELATION_RANGE", batch)
    docs = marked.reads.agreement_documents(["alice", "bob"])
    (packed, types), (plain, same_types) = _both_ways(
        marked, lambda: marked.reads.agreement_relations(list(docs.annotators)))
    # bob's "in" ends at his rejected span: not counted.
    assert packed.shape == (4 * 3, 9)
    assert _sorted(packed) == _sorted(plain) and types == same_types


def test_empty_reads_are_empty_tables(store) -> None:  # type: ignore[no-untyped-def]
    for packed in (True, False):
        store.reads.packed = packed
        spans, _ = store.reads.agreement_spans([1, 2])
        relations, _ = store.reads.agreement_relations([1, 2])
        assert spans.shape == (0, 5) and relations.shape == (0, 9)


def test_integer_table_keeps_large_and_negative_values(store) -> None:  # type: ignore[no-untyped-def]
    from sqlalchemy import literal, select

    query = select(literal(2**62 + 5), literal(-7), literal(0))
    with store.connect() as conn:
        for packed in (True, False):
            table = integer_table(conn, [query, query], 3, packed=packed)
            assert table.tolist() == [[2**62 + 5, -7, 0]] * 2


def test_key_ranges_cover_every_key() -> None:
    assert key_ranges(None, None, 10) == []
    assert key_ranges(3, 3, 10) == [(3, 3)]
    assert key_ranges(1, 25, 10) == [(1, 10), (11, 20), (21, 25)]
