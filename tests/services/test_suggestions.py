"""Stored suggestions: no duplicates on a second run, people's decisions are their own
spans, a rejected suggestion never comes back, and nothing leaks into exports or
agreement unless asked."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from annotator.core.errors import AnnotatorError, StoreError
from annotator.core.model import AnnotatorKind, Document, Origin, Span, Status
from annotator.services.agreement import agreement_report
from annotator.services.interchange import export
from annotator.services.suggesting import pattern_suggester, store_suggestions

TEXT = "Maduro bought S-300 systems. Lavrov said the S-400 was next."


def patterns(tmp_path: Path, *lines: dict) -> Path:
    path = tmp_path / "p.jsonl"
    path.write_text("".join(json.dumps(x) + "\n" for x in lines), encoding="utf-8")
    return path


@pytest.fixture
def doc(store) -> Document:  # type: ignore[no-untyped-def]
    document = Document.from_text(TEXT)
    store.documents.add(document)
    return document


def test_running_twice_adds_nothing_and_withdraws_what_is_gone(store, doc, tmp_path) -> None:
    path = patterns(tmp_path, {"label": "weapon", "pattern": [{"TEXT": {"REGEX": "^S-"}}]},
                    {"label": "actor", "pattern": "Maduro"})
    first = store_suggestions(store, pattern_suggester(store, path))
    assert (first.counts.added, first.counts.kept, first.documents) == (3, 0, 1)
    ids = {s.id for s in store.spans.of_document(doc.id)}
    again = store_suggestions(store, pattern_suggester(store, path))
    assert (again.counts.added, again.counts.kept, again.counts.removed) == (0, 3, 0)
    assert {s.id for s in store.spans.of_document(doc.id)} == ids  # the same rows

    path = patterns(tmp_path, {"label": "actor", "pattern": "Maduro"})
    fewer = store_suggestions(store, pattern_suggester(store, path))
    assert (fewer.counts.added, fewer.counts.kept, fewer.counts.removed) == (0, 1, 2)
    spans = store.spans.of_document(doc.id)
    assert [(TEXT[s.start:s.end], s.annotator, s.origin, s.status) for s in spans] == [
        ("Maduro", "patterns", Origin.RULE, Status.SUGGESTED)]
    assert dict(store.annotators.all())["patterns"] == AnnotatorKind.MODEL


def test_a_person_cannot_be_the_suggester(store, doc, tmp_path) -> None:
    store.annotators.ensure("alice")
    path = patterns(tmp_path, {"label": "actor", "pattern": "Maduro"})
    with pytest.raises(StoreError, match="'alice' is a human annotator"):
        store_suggestions(store, pattern_suggester(store, path, annotator="alice"))
    assert store.spans.of_document(doc.id) == []


def test_decided_suggestions_are_no_longer_pending_even_after_a_rerun(store, doc,
                                                                       tmp_path) -> None:
    path = patterns(tmp_path, {"label": "weapon", "pattern": [{"TEXT": {"REGEX": "^S-"}}]},
                    {"label": "actor", "pattern": "Maduro"})
    store_suggestions(store, pattern_suggester(store, path))
    pending = store.suggestions.pending(doc.id, "alice")
    assert [TEXT[s.start:s.end] for s in pending] == ["Maduro", "S-300", "S-400"]
    maduro, s300, _ = pending
    store.spans.add(doc.id, Span(maduro.start, maduro.end, maduro.label, "alice",
                                 origin=maduro.origin))
    store.spans.add(doc.id, Span(s300.start, s300.end, s300.label, "alice",
                                 origin=s300.origin, status=Status.REJECTED))
    store_suggestions(store, pattern_suggester(store, path))
    assert [TEXT[s.start:s.end] for s in store.suggestions.pending(doc.id, "alice")] == \
        ["S-400"]
    assert len(store.suggestions.pending(doc.id, "bob")) == 3  # bob decided nothing
    store_suggestions(store, pattern_suggester(store, path), documents="todo")
    store.states.set(doc.id, "alice", "done")
    assert store_suggestions(store, pattern_suggester(store, path)).total == 0
    assert store_suggestions(store, pattern_suggester(store, path),
                             documents="all").total == 1


def test_exports_hold_accepted_spans_unless_suggestions_are_asked_for(store, doc,
                                                                      tmp_path) -> None:
    path = patterns(tmp_path, {"label": "weapon", "pattern": [{"TEXT": {"REGEX": "^S-"}}]})
    store_suggestions(store, pattern_suggester(store, path))
    store.spans.add(doc.id, Span(0, 6, "actor", "alice"))
    store.spans.add(doc.id, Span(29, 35, "actor", "alice", status=Status.REJECTED))

    report = export(store, tmp_path / "all.jsonl", "jsonl")
    (line,) = (tmp_path / "all.jsonl").read_text("utf-8").splitlines()
    record = json.loads(line)
    assert record["_annotator_id"] == "alice" and report.spans == 1
    assert [s["text"] for s in record["spans"]] == ["Maduro"]

    with pytest.raises(AnnotatorError, match="--suggestions needs --annotator"):
        export(store, tmp_path / "s.jsonl", "jsonl", suggestions=True)
    assert not (tmp_path / "s.jsonl").exists()
    report = export(store, tmp_path / "s.jsonl", "jsonl", annotators=["patterns"],
                    suggestions=True)
    (line,) = (tmp_path / "s.jsonl").read_text("utf-8").splitlines()
    record = json.loads(line)
    assert record["_annotator_id"] == "patterns"
    assert [s["text"] for s in record["spans"]] == ["S-300", "S-400"]
    assert "suggestions of patterns, not accepted spans" in report.summary()
    assert export(store, tmp_path / "none.jsonl", "jsonl", annotators=["patterns"]).spans == 0


def test_agreement_counts_suggestions_only_for_a_named_model(store, tmp_path) -> None:
    texts = [TEXT, "Nobody said anything about the S-500 here.",
             "The S-600 is only in the model's eyes."]
    docs = [Document.from_text(t) for t in texts]
    for d in docs:
        store.documents.add(d)
    for d, who in ((docs[0], "alice"), (docs[1], "alice"), (docs[0], "bob")):
        for start, end in ((14, 19), (45, 50)) if d is docs[0] else ((31, 36),):
            store.spans.add(d.id, Span(start, end, "weapon", who))
    store.spans.add(docs[0].id, Span(0, 6, "actor", "alice", status=Status.REJECTED))
    path = patterns(tmp_path, {"label": "weapon", "pattern": [{"TEXT": {"REGEX": "^S-"}}]},
                    {"label": "actor", "pattern": "Maduro"})
    store_suggestions(store, pattern_suggester(store, path), documents="all")

    people = agreement_report(store, ["alice", "bob"])
    (pair,) = people.pairs()
    # alice is the reference: her third weapon is the one bob missed.
    assert (pair.exact.overall.tp, pair.exact.overall.fp, pair.exact.overall.fn) == (2, 0, 1)

    (pair,) = agreement_report(store, ["alice", "patterns"]).pairs()
    assert pair.n_documents == 2  # the third document only the model touched
    assert pair.exact.per_label["weapon"].tp == 3
    assert pair.exact.per_label["actor"].n_a == 0 and pair.exact.per_label["actor"].n_b == 1


def test_suggest_and_export_on_the_command_line(tmp_path: Path,
                                                seed_articles: list[Path]) -> None:
    db = tmp_path / "cli.sqlite3"

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "annotator", "--db", str(db), *args],
                              capture_output=True, text=True, timeout=120, check=False)

    assert run("import", *map(str, seed_articles)).returncode == 0
    first = run("suggest", "--starter")
    assert first.returncode == 0, first.stderr
    assert first.stdout.startswith(f"patterns: {len(seed_articles)} of "
                                   f"{len(seed_articles)} documents: ")
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"label": "weapon"}\n', encoding="utf-8")
    refused = run("suggest", "--patterns", str(bad))
    assert refused.returncode == 1
    assert f'{bad}:1: needs "pattern"' in refused.stderr

    assert run("export", str(tmp_path / "a.jsonl")).stdout.startswith(
        f"{tmp_path / 'a.jsonl'}: 0 records, 0 spans")
    exported = run("export", str(tmp_path / "s.jsonl"), "--suggestions", "--annotator",
                   "patterns")
    assert exported.returncode == 0, exported.stderr
    records = [json.loads(x) for x in (tmp_path / "s.jsonl").read_text("utf-8").splitlines()]
    assert len(records) == len(seed_articles)
    assert {r["_annotator_id"] for r in records} == {"patterns"}


def test_the_next_document_by_need_is_where_the_model_is_least_sure(store) -> None:
    from annotator.core.model import Suggestion

    docs = [Document.from_text(f"Document {n}: Maduro bought S-300 systems.")
            for n in range(4)]
    for d in docs:
        store.documents.add(d)
    keys = store.suggestions.document_keys("all")
    assert store.suggestions.most_needed("alice", 0.5) is None
    scores = {0: [0.95, 0.05], 1: [0.7], 2: [0.45, 0.99], 3: []}
    store.suggestions.replace("model", Origin.MODEL, [
        (keys[n], [Suggestion(14 + i, 20 + i, "actor", p) for i, p in enumerate(ps)])
        for n, ps in scores.items()])
    assert store.suggestions.most_needed("alice", 0.5) == docs[2].id  # |0.45 - 0.5|
    assert store.suggestions.most_needed("alice", 0.5, after=docs[2].id) == docs[1].id
    assert store.suggestions.most_needed("alice", 0.9) == docs[0].id
    store.states.set(docs[2].id, "alice", "done")
    assert store.suggestions.most_needed("alice", 0.5) == docs[1].id
    assert store.suggestions.most_needed("bob", 0.5) == docs[2].id
    store.spans.add(docs[1].id, Span(14, 20, "actor", "alice", status=Status.REJECTED))
    assert store.suggestions.most_needed("alice", 0.5) == docs[0].id  # 0.95 and 0.05
