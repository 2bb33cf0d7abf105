"""Review (adjudication) over a real store: candidates, decisions, progress, confusion."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.core.agreement import label_confusion
from annotator.core.errors import AnnotatorError
from annotator.core.model import AnnotatorKind, DocState, Document, Span, Status
from annotator.services import review
from annotator.services.exporting import export_jsonl
from annotator.services.review import Category

TEXT = "Sergey Shoigu said the Tu-160 bombers flew over Cuba on Monday, reports say."


def at(needle: str) -> tuple[int, int]:
    start = TEXT.index(needle)
    return start, start + len(needle)


@pytest.fixture
def doc(store) -> str:  # type: ignore[no-untyped-def]
    document = Document.from_text(TEXT)
    store.documents.add(document)
    for name in ("alice", "bob", "carol"):
        store.annotators.ensure(name)
    return document.id


def add(store, uid: str, who: str, needle: str, label: str, **kw) -> Span:  # type: ignore[no-untyped-def]
    return store.spans.add(uid, Span(*at(needle), label, who, **kw))


def by_key(candidates):  # type: ignore[no-untyped-def]
    return {(TEXT[c.start:c.end], c.label): c for c in candidates}


def test_categories_of_two_annotators(store, doc) -> None:  # type: ignore[no-untyped-def]
    add(store, doc, "alice", "Sergey Shoigu", "actor")
    add(store, doc, "bob", "Sergey Shoigu", "actor")          # agreed
    add(store, doc, "alice", "Tu-160", "weapon")
    add(store, doc, "bob", "Tu-160", "actor")                 # same extent, other label
    add(store, doc, "alice", "Cuba", "actor")
    add(store, doc, "bob", "over Cuba", "actor")              # overlapping extents
    add(store, doc, "alice", "Monday", "claim")               # only alice
    # Nesting of other labels is normal data, not a conflict:
    add(store, doc, "bob", "Sergey Shoigu said the Tu-160", "claim")
    found = by_key(review.compare_document(store, doc, ["alice", "bob"]))
    assert found[("Sergey Shoigu", "actor")].category is Category.AGREED
    assert found[("Sergey Shoigu", "actor")].proposers == ("alice", "bob")
    assert found[("Tu-160", "weapon")].category is Category.LABEL
    assert found[("Tu-160", "actor")].category is Category.LABEL
    assert found[("Tu-160", "actor")].rivals == (found[("Tu-160", "weapon")].key,)
    assert found[("Cuba", "actor")].category is Category.OVERLAP
    assert found[("over Cuba", "actor")].category is Category.OVERLAP
    assert found[("Monday", "claim")].category is Category.ONLY
    assert found[("Monday", "claim")].describe(["alice", "bob"]) == "only alice"
    assert found[("Sergey Shoigu said the Tu-160", "claim")].category is Category.ONLY
    assert len(found) == 7
    assert review.review_progress(store, doc, ["alice", "bob"], "rev") == (0, 7)


def test_three_annotators_partial_and_description(store, doc) -> None:  # type: ignore[no-untyped-def]
    for who in ("alice", "bob", "carol"):
        add(store, doc, who, "Cuba", "actor")
    add(store, doc, "alice", "Tu-160", "weapon")
    add(store, doc, "bob", "Tu-160", "weapon")
    add(store, doc, "carol", "Tu-160", "actor")
    add(store, doc, "alice", "Monday", "claim")
    add(store, doc, "carol", "Monday", "claim")
    names = ["alice", "bob", "carol"]
    found = by_key(review.compare_document(store, doc, names))
    assert found[("Cuba", "actor")].category is Category.AGREED
    assert found[("Cuba", "actor")].describe(names) == "all 3"
    # Two of three agree, but carol called it something else: a label conflict.
    assert found[("Tu-160", "weapon")].category is Category.LABEL
    assert found[("Tu-160", "weapon")].describe(names) == "alice, bob (not carol)"
    assert found[("Monday", "claim")].category is Category.PARTIAL


def test_suggestions_and_rejections_are_not_proposals(store, doc) -> None:  # type: ignore[no-untyped-def]
    add(store, doc, "alice", "Cuba", "actor", status=Status.SUGGESTED)
    add(store, doc, "bob", "Cuba", "actor", status=Status.REJECTED)
    assert review.compare_document(store, doc, ["alice", "bob"]) == []


def test_accept_reject_are_reviewer_spans_and_export_only_accepted(
        store, doc, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    add(store, doc, "alice", "Cuba", "actor")
    add(store, doc, "bob", "Cuba", "actor")
    add(store, doc, "alice", "Monday", "claim")
    names = ["alice", "bob"]
    review.start_review(store, names, "judge")
    assert dict(store.annotators.all())["judge"] is AnnotatorKind.REVIEWER
    assert review.accept_all_agreed(store, doc, names, "judge") == 1
    assert review.accept_all_agreed(store, doc, names, "judge") == 0  # idempotent
    monday = by_key(review.compare_document(store, doc, names, "judge"))[("Monday", "claim")]
    rejected = review.decide(store, doc, monday, "judge", Status.REJECTED)
    assert rejected.decision is Status.REJECTED and rejected.decision_id is not None
    judged = {(s.start, s.end, s.label): s.status for s in store.spans.of_document(doc, ["judge"])}
    assert judged == {(*at("Cuba"), "actor"): Status.ACCEPTED,
                      (*at("Monday"), "claim"): Status.REJECTED}
    assert review.review_progress(store, doc, names, "judge") == (2, 2)
    assert review.mark_state(store, doc, names, "judge") == (2, 2)
    assert store.states.get(doc, "judge")[0] is DocState.DONE
    # Change of mind keeps one span, in place.
    review.decide(store, doc, rejected, "judge", Status.ACCEPTED)
    assert [s.id for s in store.spans.of_document(doc, ["judge"]) if s.label == "claim"] == \
        [rejected.decision_id]
    # Forgetting a decision reopens the document.
    again = by_key(review.compare_document(store, doc, names, "judge"))[("Monday", "claim")]
    review.decide(store, doc, again, "judge", None)
    assert review.mark_state(store, doc, names, "judge") == (1, 2)
    assert store.states.get(doc, "judge")[0] is DocState.IN_PROGRESS
    review.decide(store, doc, review.compare_document(store, doc, names, "judge")[1],
                  "judge", Status.REJECTED)
    report = export_jsonl(store, tmp_path / "out.jsonl", annotators=["judge"])
    assert (report.records, report.spans) == (1, 1)
    assert '"judge"' in (tmp_path / "out.jsonl").read_text()


def test_reviewer_added_span_is_a_decided_candidate(store, doc) -> None:  # type: ignore[no-untyped-def]
    add(store, doc, "alice", "Cuba", "actor")
    review.start_review(store, ["alice", "bob"], "judge")
    add(store, doc, "judge", "Monday", "claim")
    found = by_key(review.compare_document(store, doc, ["alice", "bob"], "judge"))
    assert found[("Monday", "claim")].category is Category.ADDED
    assert found[("Monday", "claim")].decided
    assert review.review_progress(store, doc, ["alice", "bob"], "judge") == (1, 2)


def test_reviewer_name_is_checked(store, doc) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(AnnotatorError, match="another name"):
        review.start_review(store, ["alice", "bob"], "alice")
    with pytest.raises(AnnotatorError, match="another name"):
        review.start_review(store, ["alice", "bob"], "carol")  # a human's set
    with pytest.raises(AnnotatorError, match="at least two"):
        review.start_review(store, ["alice"], "judge")
    with pytest.raises(AnnotatorError, match="unknown"):
        review.start_review(store, ["alice", "zed"], "judge")


def test_corpus_progress_and_next_undecided(store, doc) -> None:  # type: ignore[no-untyped-def]
    other = Document.from_text("Moscow denied it. " + TEXT)
    store.documents.add(other)
    empty = Document.from_text("Nothing here.")
    store.documents.add(empty)
    add(store, doc, "alice", "Cuba", "actor")
    add(store, doc, "bob", "Cuba", "actor")
    store.spans.add(other.id, Span(0, 6, "actor", "alice"))
    names = ["alice", "bob"]
    review.start_review(store, names, "judge")
    review.accept_all_agreed(store, doc, names, "judge")
    progress = review.corpus_progress(store, names, "judge")
    assert progress.per_document == {doc: (1, 1), other.id: (0, 1)}
    assert (progress.decided, progress.total) == (1, 2)
    assert (progress.documents_done, progress.documents) == (1, 2)
    order = store.documents.uids()
    assert progress.next_undecided(doc, order) == other.id
    assert progress.next_undecided(other.id, order) == other.id


def test_label_confusion_pure() -> None:
    a = [Span(0, 5, "actor"), Span(6, 9, "weapon"), Span(10, 12, "claim"), Span(0, 5, "quote")]
    b = [Span(0, 5, "actor"), Span(6, 9, "actor"), Span(20, 22, "actor")]
    counts = label_confusion(a, b)
    assert counts == {("actor", "actor"): 1, ("weapon", "actor"): 1, ("claim", None): 1,
                      ("quote", None): 1, (None, "actor"): 1}
    # every span counted exactly once on each side
    assert sum(n for (x, _), n in counts.items() if x is not None) == 4
    assert sum(n for (_, y), n in counts.items() if y is not None) == 3


def test_confusion_from_store(store, doc) -> None:  # type: ignore[no-untyped-def]
    add(store, doc, "alice", "Cuba", "actor")
    add(store, doc, "bob", "Cuba", "actor")
    add(store, doc, "alice", "Tu-160", "weapon")
    add(store, doc, "bob", "Tu-160", "actor")
    add(store, doc, "bob", "Monday", "claim")
    table = review.confusion(store, "alice", "bob")
    assert table.labels == ["actor", "claim", "weapon"]
    assert table.get("actor", "actor") == 1
    assert table.get("weapon", "actor") == 1
    assert table.get(None, "claim") == 1
    assert (table.agreed, table.total) == (1, 3)
    assert table.row_total("weapon") == 1 and table.column_total("actor") == 2
