"""Review of relations over a real store: how annotators' relations differ, the
reviewer's accept and reject stored as the reviewer's own relations, progress, and the
reviewed set exported with its relations."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.core.errors import AnnotatorError
from annotator.core.model import Document, NewRelation, Span, Status
from annotator.services import review
from annotator.services.exporting import export_jsonl
from annotator.services.review_relations import (
    RelationCategory,
    accept_all_agreed_relations,
    compare_relations,
    decide_relation,
)

TEXT = ("“We will continue,” Lavrov said, and Shoigu praised the Tu-160, "
        "according to Sputnik.")
WHO = ["alice", "bob"]


def at(sub: str) -> tuple[int, int]:
    start = TEXT.index(sub)
    return start, start + len(sub)


@pytest.fixture
def doc(store) -> str:  # type: ignore[no-untyped-def]
    document = Document.from_text(TEXT)
    store.documents.add(document)
    claim = "Shoigu praised the Tu-160"
    plan = {
        "alice": ([("“We will continue,”", "quote"), ("Lavrov", "actor"), (claim, "claim"),
                   ("Shoigu", "actor"), ("Tu-160", "weapon"), ("Sputnik", "actor")],
                  [("“We will continue,”", "Lavrov", "speaker"), (claim, "Tu-160", "about"),
                   (claim, "Sputnik", "speaker"), (claim, "Shoigu", "about")]),
        "bob": ([("“We will continue", "quote"), ("Lavrov", "actor"), (claim, "claim"),
                 ("Shoigu", "actor"), ("Tu-160", "weapon"), ("Sputnik", "actor")],
                [("“We will continue", "Lavrov", "speaker"), (claim, "Tu-160", "about"),
                 (claim, "Shoigu", "speaker")]),
    }
    for who, (spans, links) in plan.items():
        made = store.spans.edit(document.id, create=[Span(*at(s), label, who)
                                                     for s, label in spans])
        ids = {s: span.id for (s, _), span in zip(spans, made, strict=True)}
        store.spans.edit(document.id, relate=[NewRelation(ids[h], ids[c], kind)
                                              for h, c, kind in links])
    return document.id


def named(candidates):  # type: ignore[no-untyped-def]
    return {(TEXT[c.head[0]:c.head[1]], TEXT[c.child[0]:c.child[1]], c.type): c
            for c in candidates}


def test_how_relations_differ(store, doc) -> None:  # type: ignore[no-untyped-def]
    found = named(compare_relations(store, doc, WHO))
    claim = "Shoigu praised the Tu-160"
    assert found[(claim, "Tu-160", "about")].category is RelationCategory.AGREED
    assert found[(claim, "Shoigu", "about")].category is RelationCategory.TYPE
    assert found[(claim, "Shoigu", "speaker")].category is RelationCategory.TYPE
    # Who said it: the agency for alice, Shoigu for bob (same claim, another speaker).
    assert found[(claim, "Sputnik", "speaker")].category is RelationCategory.ENDS
    # The same speaker of a quote whose extent differs.
    assert found[("“We will continue,”", "Lavrov", "speaker")].category is \
        RelationCategory.ENDS
    assert found[("“We will continue", "Lavrov", "speaker")].rivals == (
        found[("“We will continue,”", "Lavrov", "speaker")].key,)
    assert found[(claim, "Sputnik", "speaker")].describe(WHO) == "only alice"
    assert len(found) == 6


def test_only_one_and_rejected_proposals(store, doc) -> None:  # type: ignore[no-untyped-def]
    # A relation of alice's that nothing of bob's rivals, and one she rejected herself.
    spans = {s.start: s for s in store.spans.of_document(doc, ["alice"])}
    sputnik, quote = spans[at("Sputnik")[0]], spans[at("“We will continue,”")[0]]
    store.spans.add_relation(quote.id, sputnik.id, "speaker", status=Status.REJECTED)
    found = named(compare_relations(store, doc, WHO))
    assert ("“We will continue,”", "Sputnik", "speaker") not in found
    bobs = {s.start: s for s in store.spans.of_document(doc, ["bob"])}
    store.spans.add_relation(bobs[at("Lavrov")[0]].id, bobs[at("Sputnik")[0]].id, "speaker",
                             check=False)
    lonely = named(compare_relations(store, doc, WHO))[("Lavrov", "Sputnik", "speaker")]
    assert lonely.category is RelationCategory.ONLY and lonely.proposers == ("bob",)


def test_decisions_are_the_reviewers_relations_and_export(store, doc, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    review.start_review(store, WHO, "judge")
    claim = "Shoigu praised the Tu-160"
    # Accept all agreed: the claim and the Tu-160 become the judge's, with the relation.
    (done,) = accept_all_agreed_relations(store, doc, WHO, "judge")
    assert [TEXT[s.start:s.end] for s in done.ends_accepted] == [claim, "Tu-160"]
    found = named(compare_relations(store, doc, WHO, "judge"))
    assert found[(claim, "Tu-160", "about")].decision is Status.ACCEPTED
    # Accept alice's speaker: the claim is the judge's already, Sputnik is accepted now.
    chosen = decide_relation(store, doc, found[(claim, "Sputnik", "speaker")], "judge",
                             Status.ACCEPTED)
    assert [TEXT[s.start:s.end] for s in chosen.ends_accepted] == ["Sputnik"]
    # Reject bob's: its ends must be decided first.
    bobs = found[(claim, "Shoigu", "speaker")]
    with pytest.raises(AnnotatorError, match="decide the relation's spans first: its child "
                                             "actor"):
        decide_relation(store, doc, bobs, "judge", Status.REJECTED)
    shoigu = next(c for c in review.compare_document(store, doc, WHO, "judge")
                  if TEXT[c.start:c.end] == "Shoigu")
    review.decide(store, doc, shoigu, "judge", Status.ACCEPTED)
    rejected = decide_relation(store, doc, bobs, "judge", Status.REJECTED).candidate
    assert rejected.decision is Status.REJECTED and rejected.decision_id is not None
    # Changing one's mind and forgetting a decision.
    again = decide_relation(store, doc, rejected, "judge", Status.ACCEPTED).candidate
    assert again.decision is Status.ACCEPTED
    forgotten = decide_relation(store, doc, again, "judge", None).candidate
    assert forgotten.decision is None
    decide_relation(store, doc, named(compare_relations(store, doc, WHO, "judge"))[
        (claim, "Shoigu", "speaker")], "judge", Status.REJECTED)

    found = named(compare_relations(store, doc, WHO, "judge"))
    assert {k[2] + ":" + k[1]: c.decision for k, c in found.items() if c.decided} == {
        "about:Tu-160": Status.ACCEPTED, "speaker:Sputnik": Status.ACCEPTED,
        "speaker:Shoigu": Status.REJECTED}
    judged = [(r.label, r.status) for r in store.spans.relations(doc)
              if r.head.annotator == "judge"]
    assert sorted(judged) == [("about", Status.ACCEPTED), ("speaker", Status.ACCEPTED),
                              ("speaker", Status.REJECTED)]

    out = tmp_path / "reviewed.jsonl"
    export_jsonl(store, out, annotators=["judge"])
    (line,) = out.read_text(encoding="utf-8").splitlines()
    record = json.loads(line)
    assert record["_annotator_id"] == "judge"
    assert sorted((r["head_span"]["text"], r["child_span"]["text"], r["label"])
                  for r in record["relations"]) == [
        (claim, "Sputnik", "speaker"), (claim, "Tu-160", "about")]


def test_a_rejected_end_rejects_its_relations(store, doc) -> None:  # type: ignore[no-untyped-def]
    review.start_review(store, WHO, "judge")
    sputnik = next(c for c in review.compare_document(store, doc, WHO, "judge")
                   if TEXT[c.start:c.end] == "Sputnik")
    review.decide(store, doc, sputnik, "judge", Status.REJECTED)
    found = named(compare_relations(store, doc, WHO, "judge"))
    candidate = found[("Shoigu praised the Tu-160", "Sputnik", "speaker")]
    assert candidate.decision is Status.REJECTED and candidate.decision_id is None
    with pytest.raises(AnnotatorError, match="cannot be accepted: its child actor"):
        decide_relation(store, doc, candidate, "judge", Status.ACCEPTED)


def test_progress_counts_relations_when_asked(store, doc) -> None:  # type: ignore[no-untyped-def]
    review.start_review(store, WHO, "judge")
    spans_only = review.review_progress(store, doc, WHO, "judge")
    both = review.review_progress(store, doc, WHO, "judge", with_relations=True)
    assert both == (spans_only[0], spans_only[1] + 6)
    assert review.corpus_progress(store, WHO, "judge", with_relations=True).per_document == {
        doc: both}
    review.accept_all_agreed(store, doc, WHO, "judge")
    accept_all_agreed_relations(store, doc, WHO, "judge")
    decided, total = review.mark_state(store, doc, WHO, "judge", with_relations=True)
    assert (decided, total) == (review.review_progress(store, doc, WHO, "judge")[0] + 1,
                                spans_only[1] + 6)


def test_span_and_relation_decisions_in_one_step_undone_and_redone(store, doc) -> None:  # type: ignore[no-untyped-def]
    review.start_review(store, WHO, "judge")
    spans = [(c.key, Status.ACCEPTED) for c in review.compare_document(store, doc, WHO, "judge")
             if c.category is review.Category.AGREED]
    links = [(c.key, Status.ACCEPTED) for c in compare_relations(store, doc, WHO, "judge")
             if c.category is RelationCategory.AGREED]
    assert len(links) == 1

    def judged() -> tuple[set, set]:  # type: ignore[type-arg]
        return ({(s.start, s.end, s.label, s.status) for s in
                 store.spans.of_document(doc, ["judge"])},
                {(r.label, r.status) for r in store.spans.relations(doc)
                 if r.head.annotator == "judge"})

    decided, total = review.set_decisions(store, doc, WHO, "judge", spans, relations=links,
                                          with_relations=True)
    after = judged()
    assert after[1] == {("about", Status.ACCEPTED)} and decided == len(spans) + 1
    assert total == len(review.compare_document(store, doc, WHO, "judge")) + 6
    # Undo: no decision on any of them; redo: the same again, the same rows.
    review.set_decisions(store, doc, WHO, "judge", [(k, None) for k, _ in spans],
                         relations=[(k, None) for k, _ in links])
    assert judged() == (set(), set())
    review.set_decisions(store, doc, WHO, "judge", spans, relations=links)
    assert judged() == after
    review.set_decisions(store, doc, WHO, "judge", spans, relations=links)  # idempotent
    assert judged() == after

    # A relation whose ends are undecided: accepting takes them along, rejecting is refused.
    found = named(compare_relations(store, doc, WHO, "judge"))
    quoted = found[("“We will continue,”", "Lavrov", "speaker")].key  # alice's quote
    with pytest.raises(AnnotatorError, match="decide the relation's spans first: its head"):
        review.set_decisions(store, doc, WHO, "judge", [], relations=[(quoted, Status.REJECTED)])
    review.set_decisions(store, doc, WHO, "judge", [], relations=[(quoted, Status.ACCEPTED)])
    assert (*quoted[0], Status.ACCEPTED) in judged()[0]
    review.set_decisions(store, doc, WHO, "judge", [], relations=[(quoted, Status.REJECTED)])
    assert judged()[1] == {("about", Status.ACCEPTED), ("speaker", Status.REJECTED)}
    # A span rejected in the same step cannot hold an accepted relation.
    with pytest.raises(AnnotatorError, match="cannot be accepted: its child actor"):
        review.set_decisions(store, doc, WHO, "judge", [(quoted[1], Status.REJECTED)],
                             relations=[(quoted, Status.ACCEPTED)])
    assert ("speaker", Status.REJECTED) in judged()[1]  # nothing of that step was kept
