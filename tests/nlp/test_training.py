"""Training on accepted spans, a few steps on a generated corpus: the model is saved with
its metadata, spacy.load opens it, and its suggestions are stored with scores. A
cancelled run leaves nothing behind."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import spacy

from annotator.core.errors import AnnotatorError, Cancelled
from annotator.core.model import Origin, Status
from annotator.services.suggesting import model_suggester, store_suggestions
from annotator.services.training import models_folder, saved_models, train_model
from tests.synthetic_news import fill_store


def test_overlapping_labels_train_a_span_categorizer_that_suggests(store) -> None:
    uids = fill_store(store, 24, quotes=True, sentences=6)
    plans, steps = [], []
    report = train_model(store, max_steps=6, on_plan=plans.append,
                         progress=lambda s: steps.append(s) or True)
    (plan,) = plans
    assert plan.kind == "spancat" and plan.annotators == ["alice"]
    assert (plan.train_documents, plan.dev_documents) == (19, 5)
    assert set(plan.dev_spans) <= {"actor", "weapon", "quote"}
    assert [s.step for s in steps] == [*range(7), 6]  # the last step once more, scored
    assert steps[0].dev_f1 is not None and steps[-1].dev_f1 is not None

    assert report.path.parent == models_folder() and report.path.is_dir()
    assert not [p for p in report.path.parent.iterdir() if p.name.endswith(".part")]
    assert set(report.per_label) == set(plan.dev_spans)
    assert "precision  recall     F1" in report.summary()
    nlp = spacy.load(report.path)
    assert nlp.pipe_names == ["tok2vec", "spancat"]
    meta = nlp.meta["annotator"]
    assert meta["annotators"] == ["alice"] and meta["kind"] == "spancat"
    assert set(meta["labels"]) == {"actor", "weapon", "quote"}
    assert meta["trained_at"] and meta["training"]["documents"] == {"train": 19, "dev": 5}
    assert meta["training"]["steps"] == 6
    assert set(meta["scores"]["per_label"]) == set(plan.dev_spans)
    assert saved_models()[0][0] == report.path

    suggester = model_suggester(report.path)
    stored = store_suggestions(store, suggester, documents="all")
    assert stored.documents == 24
    spans = [s for uid in uids for s in store.spans.of_document(uid)
             if s.annotator == "model"]
    assert len(spans) == stored.counts.added
    assert all(s.origin == Origin.MODEL and s.status == Status.SUGGESTED and
               0.1 <= s.score <= 1 for s in spans)


def test_labels_that_never_overlap_train_an_entity_recognizer_with_scores(store,
                                                                         tmp_path) -> None:
    uids = fill_store(store, 24, sentences=6)
    report = train_model(store, out=tmp_path / "ner", max_steps=30, dev=0.25)
    assert report.plan.kind == "ner" and report.path == tmp_path / "ner"
    assert spacy.load(report.path).pipe_names == ["tok2vec", "ner"]
    suggester = model_suggester(report.path, annotator="ner-model")
    text = store.documents.get(uids[0]).text
    (found,) = suggester.suggest([text])
    assert found, "30 steps learn the designators at least"
    assert all(0.1 <= s.score <= 1 and s.label in {"actor", "weapon"} for s in found)
    assert any(text[s.start:s.end].count("-") == 1 and s.label == "weapon" for s in found)


def test_a_trained_model_can_be_the_base_of_the_next(store, tmp_path) -> None:
    fill_store(store, 12, sentences=4)
    first = train_model(store, out=tmp_path / "first", max_steps=2)
    second = train_model(store, out=tmp_path / "second", max_steps=2, base=str(first.path))
    assert spacy.load(second.path).pipe_names == ["tok2vec", "ner"]
    with pytest.raises(AnnotatorError, match="cannot use 'no_such_pipeline' as the base"):
        train_model(store, out=tmp_path / "third", max_steps=2, base="no_such_pipeline")
    assert not (tmp_path / "third").exists()


def test_too_little_to_learn_from_is_said_plainly(store, tmp_path) -> None:
    with pytest.raises(AnnotatorError, match="nobody has labelled anything yet"):
        train_model(store)
    fill_store(store, 1)
    with pytest.raises(AnnotatorError, match=r"at least 2 documents .* alice has 1"):
        train_model(store)
    with pytest.raises(AnnotatorError, match="unknown annotator"):
        train_model(store, annotators=["carol"])
    fill_store(store, 3, seed=1)
    (tmp_path / "taken").mkdir()
    with pytest.raises(AnnotatorError, match="exists already"):
        train_model(store, out=tmp_path / "taken", max_steps=1)


def test_a_cancelled_run_saves_nothing(store, tmp_path) -> None:
    fill_store(store, 8, sentences=4)
    (tmp_path / "models").mkdir()
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)
    killed = tmp_path / "models" / f".m.{gone.stdout.strip()}.x1y2.part"  # a run kill -9'd
    (killed / "best").mkdir(parents=True)
    with pytest.raises(Cancelled):
        train_model(store, out=tmp_path / "models" / "m", max_steps=50,
                    progress=lambda s: s.step < 2)
    assert list((tmp_path / "models").iterdir()) == [], "no model, no half-written folder"
    assert not killed.exists(), "a killed run's work folder is cleared by the next run"


def test_cancel_on_the_command_line_stops_the_process(tmp_path: Path) -> None:
    from annotator.store import open_store

    db = tmp_path / "cli.sqlite3"
    with open_store(db) as store:
        fill_store(store, 12, sentences=4)
    out = tmp_path / "models" / "m"
    out.parent.mkdir()
    process = subprocess.Popen(
        [sys.executable, "-m", "annotator", "--db", str(db), "train", "--out", str(out),
         "--max-steps", "100000", "--progress", "json"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"})
    try:
        events = []
        for line in process.stdout:  # type: ignore[union-attr]
            events.append(json.loads(line))
            if events[-1]["event"] == "step" and events[-1]["step"] >= 3:
                process.stdin.write("cancel\n")  # type: ignore[union-attr]
                process.stdin.flush()  # type: ignore[union-attr]
                break
        rest, err = process.communicate(timeout=60)
    finally:
        process.kill()
    events += [json.loads(line) for line in rest.splitlines()]
    assert process.returncode == 1, err
    assert events[0]["event"] == "plan" and events[0]["kind"] == "ner"
    assert events[-1] == {"event": "cancelled",
                          "message": "training was cancelled; no model was saved"}
    assert {"step", "max_steps", "loss", "dev_f1", "best_f1", "seconds"} <= set(events[1])
    assert list(out.parent.iterdir()) == []


def test_train_prints_scores_per_label(tmp_path: Path) -> None:
    from annotator.store import open_store

    db = tmp_path / "cli.sqlite3"
    with open_store(db) as store:
        fill_store(store, 10, sentences=4)
    result = subprocess.run(
        [sys.executable, "-m", "annotator", "--db", str(db), "train", "--out",
         str(tmp_path / "m"), "--max-steps", "3"],
        capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("training a ner model on the accepted spans of alice: "
                               "8 documents")
    table = lines[lines.index("  label   precision  recall     F1  dev spans") + 1:]
    assert [row.split()[0] for row in table[:3]] == ["actor", "weapon", "all"]
    assert "step 3/3" in result.stderr
    assert spacy.load(tmp_path / "m").meta["annotator"]["scores"]["f1"] >= 0
