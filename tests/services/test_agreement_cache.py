"""Agreement reads the store in bulk and tokenizes each text once: the token bounds are
kept in the store, and every figure is the same as tokenizing the text each time."""

from __future__ import annotations

import random
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotator.core.agreement import (
    DocumentAnnotations,
    Tokens,
    krippendorff_alpha,
    pairwise,
    regex_tokens,
)
from annotator.core.model import DocState, Document, Span, Status
from annotator.services.agreement import TOKENIZER, agreement_report, load_documents, to_json
from annotator.services.agreement_units import tokenize_texts
from annotator.store import Store

ALPHABET = "ab1_ \n\t.,-“”é\u00a0\u2003\u3000\x1c😀\u0301ß\u0660\u00b2中"
WORDS = ["Lavrov", "met", "Shoigu", "😀", "in", "Moscow", "Tu-160", "“no", "talks”", ",",
         "\n", "naïve", "Ан-124"]


@given(st.lists(st.text(alphabet=ALPHABET, max_size=40) | st.text(max_size=20), max_size=6))
def test_batch_tokenization_gives_the_regex_tokens(texts: list[str]) -> None:
    assert [list(tokens) for tokens in tokenize_texts(texts)] == [regex_tokens(t) for t in texts]


def test_batch_tokenization_without_numpy(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "numpy", None)  # import numpy raises ImportError
    texts = ["Tu-160s, he said.", "", "“Да”, 😀 ok"]
    assert [list(tokens) for tokens in tokenize_texts(texts)] == [regex_tokens(t) for t in texts]


def fill(store: Store, n_docs: int = 40, seed: int = 5) -> list[str]:
    rng = random.Random(seed)
    uids = []
    for index in range(n_docs):
        text = f"Article {index}\n" + " ".join(rng.choice(WORDS) for _ in range(60))
        doc = Document.from_text(text)
        store.add_document(doc)
        uids.append(doc.id)
        for name in ("alice", "bob", "carol"):
            if rng.random() < 0.2:
                continue
            for _ in range(rng.randrange(0, 6)):
                start = rng.randrange(0, len(text) - 1)
                end = rng.randrange(start + 1, min(len(text), start + 40) + 1)
                span = store.add_span(doc.id, Span(start, end, rng.choice(["actor", "weapon"]),
                                                   name))
                if rng.random() < 0.1:
                    store.set_span_status(span.id, Status.REJECTED)
        if index % 9 == 0:
            store.set_state(doc.id, "bob", DocState.DONE)
    return uids


def tokenized_each_time(store: Store, names: list[str]) -> list[DocumentAnnotations]:
    """The straightforward way: Span objects, and the regex over each text."""
    return [DocumentAnnotations(doc.id, len(doc.text), spans, regex_tokens(doc.text), touched)
            for doc, spans, touched in store.iter_touched(names)]


def cached_count(store: Store) -> int:
    return sum(found.token_bounds is not None
               for found in store.iter_agreement_documents(["alice", "bob", "carol"], TOKENIZER))


def test_bulk_read_is_what_iter_touched_gives(store: Store) -> None:
    fill(store)
    names = ["alice", "bob"]
    expected = [(doc.id, doc.title, len(doc.text), doc.text, touched,
                 {name: sorted((s.start, s.end, s.label) for s in found)
                  for name, found in spans.items()})
                for doc, spans, touched in store.iter_touched(names)]
    got = [(found.uid, found.title, found.length, found.text, found.touched,
            {name: sorted(found_spans) for name, found_spans in found.spans.items()})
           for found in store.iter_agreement_documents(names, TOKENIZER)]
    assert got == expected
    assert list(store.iter_agreement_documents(["nobody"], TOKENIZER)) == []


def test_tokens_are_kept_and_figures_do_not_change(store: Store) -> None:
    fill(store)
    names = ["alice", "bob", "carol"]
    reference = tokenized_each_time(store, names)
    expected_matrix, expected_alpha = pairwise(reference, names), krippendorff_alpha(reference,
                                                                                    names)
    assert cached_count(store) == 0
    first = agreement_report(store, names)
    assert cached_count(store) == len(reference)
    second = agreement_report(store, names)  # reads the kept tokens, not the texts
    for report in (first, second):
        assert report.matrix == expected_matrix
        assert report.alpha == expected_alpha
    assert to_json(first, per_document=True) == to_json(second, per_document=True)
    found = next(iter(store.iter_agreement_documents(names, TOKENIZER)))
    assert found.text is None
    assert Tokens.from_bytes(found.token_bounds or b"") == regex_tokens(
        store.document(found.uid).text)


def test_tokens_of_another_tokenizer_or_wrong_are_made_again(store: Store) -> None:
    uids = fill(store, n_docs=6)
    store.save_token_bounds("another-tokenizer", [(uids[0], Tokens([0], [1]).to_bytes())])
    store.save_token_bounds(TOKENIZER, [(uids[1], Tokens([0], [10_000]).to_bytes())])
    names = ["alice", "bob"]
    docs, _ = load_documents(store, names)
    reference = tokenized_each_time(store, names)
    assert [list(doc.tokens or ()) for doc in docs] == [list(doc.tokens or ())
                                                        for doc in reference]
    kept = {found.uid: found.token_bounds
            for found in store.iter_agreement_documents(names, TOKENIZER)}
    for uid in uids[:2]:
        assert kept[uid] == Tokens.from_text(store.document(uid).text).to_bytes()


def test_loading_stops_when_progress_says_so(store: Store) -> None:
    fill(store, n_docs=12)
    seen: list[int] = []

    def progress(done: int, _total: int) -> bool:
        seen.append(done)
        return done < 3

    docs, titles = load_documents(store, ["alice", "bob"], progress=progress)
    assert len(docs) == 3 and seen == [1, 2, 3] and len(titles) == 3


def test_a_store_that_cannot_be_written_still_gives_agreement(store: Store) -> None:
    from sqlalchemy import event

    fill(store, n_docs=8)
    names = ["alice", "bob"]
    store.engine.dispose()
    event.listen(store.engine, "connect",
                 lambda connection, _record: connection.execute("PRAGMA query_only=ON"))
    reference = tokenized_each_time(store, names)
    report = agreement_report(store, names)
    assert report.matrix == pairwise(reference, names)
    assert cached_count(store) == 0
    assert not store.save_token_bounds(TOKENIZER, [(reference[0].doc_id, b"")])
