"""Relation agreement read from the store: `agree A B` reports relation F1 (exact and with
overlapping ends, per type, with TP/FP/FN) under `relations`, in JSON and in words.
Only accepted relations between accepted spans count."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from annotator.core.model import Document, NewRelation, Span, Status
from annotator.services.agreement import agreement_report, to_json, to_text

TEXT = ("“We will continue,” Lavrov said. Shoigu praised the Tu-160, "
        "according to Sputnik.")


def at(sub: str, label: str, who: str, status: Status = Status.ACCEPTED) -> Span:
    start = TEXT.index(sub)
    return Span(start, start + len(sub), label, who, status=status)


@pytest.fixture
def corpus(store):  # type: ignore[no-untyped-def]
    doc = Document.from_text(TEXT)
    store.documents.add(doc)
    for who in ("alice", "bob"):
        # Alice's quote has its closing mark and comma; Bob's stops at "continue".
        quote = "“We will continue,”" if who == "alice" else "“We will continue"
        spans = store.spans.edit(doc.id, create=[
            at(quote, "quote", who), at("Lavrov", "actor", who),
            at("Shoigu praised the Tu-160", "claim", who), at("Shoigu", "actor", who),
            at("Tu-160", "weapon", who), at("Sputnik", "actor", who)])
        q, lavrov, claim, shoigu, tu160, sputnik = (s.id for s in spans)
        relate = [NewRelation(q, lavrov, "speaker"), NewRelation(claim, tu160, "about")]
        if who == "alice":
            relate += [NewRelation(claim, sputnik, "speaker"),  # who says so: the agency
                       NewRelation(claim, shoigu, "about", Status.REJECTED.value)]
        else:
            relate += [NewRelation(claim, shoigu, "speaker")]
        store.spans.edit(doc.id, relate=relate)
    return store


def test_relation_figures_from_the_store(corpus) -> None:  # type: ignore[no-untyped-def]
    (pair,) = agreement_report(corpus, ["alice", "bob"]).pairs()
    assert pair.relations is not None
    exact, overlap = pair.relations.exact, pair.relations.overlap
    # Both: claim -> Tu-160 about. The speaker of the quote differs only in the quote's
    # extent; the claim's speaker differs (Sputnik or Shoigu); alice's rejected one is out.
    assert (exact.overall.tp, exact.overall.n_a, exact.overall.n_b) == (1, 3, 3)
    assert (overlap.overall.tp, overlap.overall.n_a, overlap.overall.n_b) == (2, 3, 3)
    assert {k: (v.tp, v.n_a, v.n_b) for k, v in exact.per_label.items()} == {
        "about": (1, 1, 1), "speaker": (0, 2, 2)}
    assert overlap.per_label["speaker"].tp == 1


def test_json_and_words(corpus) -> None:  # type: ignore[no-untyped-def]
    report = agreement_report(corpus, ["alice", "bob"])
    data = to_json(report, per_document=True)["pairs"][0]
    relations = data["relations"]
    assert set(relations) == {"exact", "overlap"}
    speaker = relations["exact"]["per_type"]["speaker"]
    assert (speaker["tp"], speaker["fp"], speaker["fn"]) == (0, 2, 2)
    assert relations["overlap"]["overall"]["f1"] == pytest.approx(2 / 3)
    assert data["per_document"][0]["relations"]["exact"]["tp"] == 1
    text = to_text(report, per_document=True)
    assert "Relation F1, exact (both ends and the type)" in text
    assert "Relation F1, overlapping ends (labels and type equal)" in text
    assert "  speaker          0.000" in text and "(all types)" in text
    assert "rel.F1" in text


def test_without_relations_the_words_say_so(store) -> None:  # type: ignore[no-untyped-def]
    doc = Document.from_text(TEXT)
    store.documents.add(doc)
    store.spans.add(doc.id, at("Lavrov", "actor", "alice"))
    store.spans.add(doc.id, at("Lavrov", "actor", "bob"))
    report = agreement_report(store, ["alice", "bob"])
    assert "Relation F1: neither annotator has a relation" in to_text(report)
    overall = to_json(report)["pairs"][0]["relations"]["exact"]["overall"]
    assert overall["f1"] is None and "no relation" not in overall["reason"]
    assert overall["reason"].startswith("neither annotator has a relation")


def test_cli_agree_json_has_relations(corpus, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    corpus.close()
    result = subprocess.run([sys.executable, "-m", "annotator", "--db", str(db_path), "agree",
                             "alice", "bob", "--json"], capture_output=True, text=True,
                            check=False, timeout=120)
    assert result.returncode == 0, result.stderr
    relations = json.loads(result.stdout)["pairs"][0]["relations"]
    assert relations["exact"]["overall"]["tp"] == 1
    assert relations["overlap"]["per_type"]["speaker"]["tp"] == 1
    words = subprocess.run([sys.executable, "-m", "annotator", "--db", str(db_path), "agree",
                            "alice", "bob"], capture_output=True, text=True, check=False,
                           timeout=120)
    assert "Relation F1, exact" in words.stdout
