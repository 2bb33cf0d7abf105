"""Agreement reads the store in bulk into columns: every figure is the same as from
documents built one by one, whatever the batches, and a read-only store will do."""

from __future__ import annotations

import random

import pytest

from annotator.core.agreement import (
    DocumentAnnotations,
    krippendorff_alpha,
    pairwise,
    regex_tokens,
    units,
)
from annotator.core.errors import Cancelled
from annotator.core.model import DocState, Document, Span, Status
from annotator.services import agreement
from annotator.services.agreement import agreement_report, load_corpus, to_json
from annotator.store import Store

WORDS = ["Lavrov", "met", "Shoigu", "😀", "in", "Moscow", "Tu-160", "“no", "talks”", ",",
         "\n", "naïve", "Ан-124"]


def fill(store: Store, n_docs: int = 40, seed: int = 5) -> list[str]:
    rng = random.Random(seed)
    uids = []
    for index in range(n_docs):
        text = f"Article {index}\n" + " ".join(rng.choice(WORDS) for _ in range(60))
        doc = Document.from_text(text)
        store.documents.add(doc)
        uids.append(doc.id)
        for name in ("alice", "bob", "carol"):
            if rng.random() < 0.2:
                continue
            for _ in range(rng.randrange(0, 6)):
                start = rng.randrange(0, len(text) - 1)
                end = rng.randrange(start + 1, min(len(text), start + 40) + 1)
                span = store.spans.add(doc.id, Span(start, end, rng.choice(["actor", "weapon"]),
                                                   name))
                if rng.random() < 0.1:
                    store.spans.set_status(span.id, Status.REJECTED)
        if index % 9 == 0:
            store.states.set(doc.id, "bob", DocState.DONE)
    store.documents.add(Document.from_text("Nobody touched this one."))
    return uids


def one_by_one(store: Store, names: list[str]) -> list[DocumentAnnotations]:
    """The straightforward way: Span objects, and the regex over each text."""
    return [DocumentAnnotations(doc.id, len(doc.text), spans, regex_tokens(doc.text), touched)
            for doc, spans, touched in store.reads.iter_touched(names)]


@pytest.mark.parametrize("names", [["alice", "bob"], ["alice", "bob", "carol"]])
def test_figures_from_the_store_are_those_of_the_documents(store: Store,
                                                           names: list[str]) -> None:
    fill(store)
    reference = one_by_one(store, names)
    report = agreement_report(store, names)
    assert report.matrix == pairwise(reference, names)
    assert report.alpha == krippendorff_alpha(reference, names)
    corpus, titles = load_corpus(store, names)
    assert list(corpus.doc_ids) == [doc.doc_id for doc in reference]
    assert corpus.n_units == sum(doc.n_units for doc in reference)
    assert set(titles) == set(corpus.doc_ids)


def test_small_batches_give_the_same_report(store: Store, monkeypatch: pytest.MonkeyPatch
                                            ) -> None:
    fill(store)
    names = ["alice", "bob", "carol"]
    whole = to_json(agreement_report(store, names), per_document=True)
    monkeypatch.setattr(agreement, "_TEXT_BATCH", 3)
    monkeypatch.setattr(units, "_BATCH_CHARS", 100)
    assert to_json(agreement_report(store, names), per_document=True) == whole


def test_progress_hears_of_the_texts_and_can_cancel(store: Store,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    fill(store, n_docs=12)
    monkeypatch.setattr(agreement, "_TEXT_BATCH", 5)
    seen: list[tuple[int, int]] = []

    def progress(done: int, total: int) -> bool:
        seen.append((done, total))
        return True

    agreement_report(store, ["alice", "bob"], progress=progress)
    assert seen[-1][0] == seen[-1][1] == len(one_by_one(store, ["alice", "bob"]))
    with pytest.raises(Cancelled):
        agreement_report(store, ["alice", "bob"], progress=lambda done, total: done < 5)


def test_a_store_that_cannot_be_written_still_gives_agreement(store: Store) -> None:
    from sqlalchemy import event

    fill(store, n_docs=8)
    names = ["alice", "bob"]
    store.engine.dispose()
    event.listen(store.engine, "connect",
                 lambda connection, _record: connection.execute("PRAGMA query_only=ON"))
    assert agreement_report(store, names).matrix == pairwise(one_by_one(store, names), names)


def test_label_confusion_is_that_of_the_documents(store: Store) -> None:
    from annotator.services.review import confusion

    fill(store)
    uid = store.documents.uids()[0]
    # Same extents with other labels too, so leftovers pair in sorted order.
    for a, b, start in (("alice", "bob", 0), ("bob", "carol", 8)):
        for label_a, label_b in (("actor", "weapon"), ("weapon", "claim"), ("quote", "actor")):
            store.spans.add(uid, Span(start, start + 7, label_a, a))
            store.spans.add(uid, Span(start, start + 7, label_b, b))
    report = agreement_report(store, ["alice", "bob", "carol"])
    for a, b in (("alice", "bob"), ("bob", "carol"), ("alice", "carol"), ("carol", "alice")):
        assert report.confusion(a, b) == confusion(store, a, b)


@pytest.mark.parametrize("packed", [True, False])
def test_reads_packed_or_as_rows_in_small_batches_give_the_same_report(
        store: Store, monkeypatch: pytest.MonkeyPatch, packed: bool) -> None:
    from annotator.store import reads

    fill(store)
    names = ["alice", "bob", "carol"]
    whole = to_json(agreement_report(store, names), per_document=True)
    monkeypatch.setattr(reads, "_DOC_RANGE", 4)
    monkeypatch.setattr(reads, "_RELATION_RANGE", 3)
    monkeypatch.setattr(store.reads, "packed", packed)
    assert to_json(agreement_report(store, names), per_document=True) == whole
