"""Label every occurrence: snapped like a selection, identical spans skipped, corpus runs
as suggestions that one undo takes back."""

from __future__ import annotations

import pytest

from annotator.core.errors import UnknownLabel
from annotator.core.find import FindError, FindOptions, compile_pattern
from annotator.core.model import AnnotatorKind, Document, Span, Status
from annotator.services.occurrences import (
    candidates,
    in_text,
    label_corpus,
    preview_corpus,
    redo_corpus,
    selection_options,
    undo_corpus,
)
from annotator.store import Store

TEXT = "The Tu-160 😀 flew. Two Tu-160s and a TU-160M; the Tu-160 landed.\n"


def test_occurrences_snap_like_a_selection_and_skip_identical_spans() -> None:
    first = TEXT.index("Tu-160")
    mine = [Span(first, first + 6, "weapon", "alice")]
    theirs = [Span(TEXT.rindex("Tu-160"), TEXT.rindex("Tu-160") + 6, "weapon", "bob")]
    found = in_text(TEXT, compile_pattern("Tu-160", selection_options()), "weapon", "alice",
                    mine + theirs)
    assert found.found == 2  # whole words, this case: not "Tu-160s", not "TU-160M"
    assert found.skipped == 1  # alice's own; bob's identical span is his
    assert [TEXT[s:e] for s, e in found.new] == ["Tu-160"]
    # A part of a word grows to the whole token, as a selection does; each extent once.
    grown = in_text(TEXT, compile_pattern("u-16"), "weapon", "alice", [])
    # (spaCy reads "TU-160M" as "TU-160" and "M".)
    assert [TEXT[s:e] for s, e in grown.new] == ["Tu-160", "Tu-160s", "TU-160", "Tu-160"]
    assert grown.new[0] == (first, first + 6)  # code points, after the emoji too


def test_the_index_narrows_documents_without_losing_partial_words(store: Store) -> None:
    for text in ("the Tu-160M flew", "a TU-160 landed", "S-300 only", "Tu 1600"):
        store.documents.add(Document.from_text(text))

    def names(needle: str, options: FindOptions) -> set[str]:
        query = candidates(store, needle, options)
        return {store.documents.get(uid).text for uid in store.search.uids(query)}

    assert names("u-160", FindOptions()) >= {"the Tu-160M flew", "a TU-160 landed"}
    assert names("Tu-160", FindOptions(whole_word=True)) == {"a TU-160 landed"}
    assert len(names(r"\d{3}", FindOptions(regex=True))) == 4


def test_corpus_run_adds_suggestions_reports_and_undoes(any_store: Store) -> None:
    store = any_store
    docs = [Document.from_text(t) for t in (
        "Two Tu-160 bombers; the Tu-160 flew.", "No bombers here.", "A tu-160 landed.",
        "The Tu-160 again")]
    for doc in docs:
        store.documents.add(doc)
    store.spans.add(docs[3].id, Span(4, 10, "weapon", "alice"))
    preview = preview_corpus(store, "Tu-160", FindOptions(), "weapon", "alice")
    assert (preview.documents, preview.added, preview.skipped) == (2, 3, 1)
    assert store.reads.span_count() == 1  # a preview writes nothing

    heard: list[tuple[int, int]] = []
    report = label_corpus(store, "Tu-160", FindOptions(), "weapon", "alice",
                          progress=lambda done, total: heard.append((done, total)) or True)
    assert (report.documents, report.added, report.skipped) == (2, 3, 1)
    assert heard[-1] == (3, 3)  # three documents hold the words
    assert report.summary() == ("3 suggestions weapon added in 2 documents; 1 occurrence "
                                "labelled so already, skipped")
    added = store.spans.of_document(docs[0].id)
    assert [(s.start, s.end, s.status, s.annotator) for s in added] == [
        (4, 10, Status.SUGGESTED, "label-all"), (24, 30, Status.SUGGESTED, "label-all")]
    assert dict(store.annotators.all())["label-all"] is AnnotatorKind.MODEL
    # A second run suggests nothing new: what was suggested counts as labelled.
    again = preview_corpus(store, "Tu-160", FindOptions(), "weapon", "alice")
    assert (again.added, again.skipped) == (0, 4)
    assert undo_corpus(store, report) == 3
    assert store.reads.span_count() == 1
    redo_corpus(store, report)
    assert store.reads.span_count() == 4
    assert undo_corpus(store, report) == 3

    accepted = label_corpus(store, "Tu-160", FindOptions(case=True), "weapon", "bob",
                            status=Status.ACCEPTED)
    assert accepted.added == 3  # "tu-160" differs in case
    assert {s.status for s in store.spans.of_document(docs[0].id, ["bob"])} == {
        Status.ACCEPTED}


def test_a_corpus_run_stops_between_documents(store: Store) -> None:
    for i in range(5):
        store.documents.add(Document.from_text(f"Report {i}: the Kh-101 hit."))
    report = label_corpus(store, "Kh-101", FindOptions(), "weapon", "alice",
                          progress=lambda done, total: done < 2)
    assert report.cancelled and report.documents == 2
    assert store.reads.span_count() == 2  # what was done stays, and undo takes it back
    assert report.summary().startswith("Stopped: 2 suggestions")
    undo_corpus(store, report)
    assert store.reads.span_count() == 0


def test_bad_input_fails_before_any_work(store: Store) -> None:
    store.documents.add(Document.from_text("Tu-160"))
    with pytest.raises(UnknownLabel):
        label_corpus(store, "Tu-160", FindOptions(), "wepon", "alice")
    with pytest.raises(FindError, match="not a regular expression"):
        label_corpus(store, "Tu-(", FindOptions(regex=True), "weapon", "alice")
    assert store.reads.span_count() == 0


def test_snapping_once_per_stretch_is_snapping_each() -> None:
    import random

    from annotator.nlp.tokens import snap_to_tokens

    rng = random.Random(5)
    pieces = ["Tu-160", "(Tu-160)", "Tu-160s", "“Tu-160”", "xTu-160", "Tu-160—and", "😀Tu-160",
              "Tu-160.", "AK-103", "the", "\n", "  "]
    text = " ".join(rng.choice(pieces) for _ in range(3000))
    pattern = compile_pattern("u-16")
    found = in_text(text, pattern, "weapon", "alice", [])
    expected, seen = [], set()
    for m in pattern.finditer(text):
        bounds = snap_to_tokens(text, m.start(), m.end())
        if bounds[0] < bounds[1] and bounds not in seen:
            seen.add(bounds)
            expected.append(bounds)
    assert list(found.new) == expected
