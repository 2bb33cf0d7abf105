"""A model's suggestion set keeps its scores on the way to other tools and back:
JSONL spans carry `score`, Label Studio gets predictions with scores, and both
readers take the scores in (a bad one is a bad record, `file:line: reason`)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.core.model import Document, Origin, Span, Status, Suggestion
from annotator.services.importing import import_paths
from annotator.services.interchange import export
from annotator.store import open_store

TEXTS = ("😀 Lavrov said the Tu-160 bombers would return to Caracas.",
         "Maduro bought S-300 systems from Rosoboronexport.")


@pytest.fixture
def docs(store) -> list[Document]:  # type: ignore[no-untyped-def]
    """Two documents: alice's accepted span, and the scored suggestions of spancat-v1
    (one of them a rule-like match with no score)."""
    made = [Document.from_text(t) for t in TEXTS]
    for d in made:
        store.documents.add(d)
    store.spans.add(made[0].id, Span(2, 8, "actor", "alice"))
    keys = store.suggestions.document_keys("all")  # in import order
    store.suggestions.replace("spancat-v1", Origin.MODEL, [
        (keys[0], [Suggestion(2, 8, "actor", 0.93),
                    Suggestion(18, 24, "weapon", 0.41)]),
        (keys[1], [Suggestion(0, 6, "actor", 0.875),
                    Suggestion(14, 19, "weapon", 1.0), Suggestion(0, 6, "claim", None)])])
    return made


def lines(path: Path) -> list[dict]:
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines()]


def test_jsonl_suggestion_set_carries_each_score(store, docs, tmp_path: Path) -> None:
    out = tmp_path / "s.jsonl"
    export(store, out, "jsonl", annotators=["spancat-v1"], suggestions=True)
    assert [[(s["text"], s["label"], s.get("score", "none")) for s in r["spans"]]
            for r in lines(out)] == [
        [("Lavrov", "actor", 0.93), ("Tu-160", "weapon", 0.41)],
        [("Maduro", "actor", 0.875), ("Maduro", "claim", "none"), ("S-300", "weapon", 1.0)]]

    accepted = tmp_path / "a.jsonl"
    export(store, accepted, "jsonl")
    (record,) = lines(accepted)
    assert record["spans"] == [{"start": 2, "end": 8, "label": "actor", "text": "Lavrov"}]


def test_jsonl_scores_come_back_on_the_spans(store, docs, tmp_path: Path) -> None:
    out = tmp_path / "s.jsonl"
    export(store, out, "jsonl", annotators=["spancat-v1"], suggestions=True)
    with open_store(tmp_path / "back.sqlite3") as back:
        report = import_paths(back, [out])
        assert report.ok, report.errors
        # A JSONL line is a person's answer (`answer: accept`): its spans come in
        # accepted, as ever, and now keep the score they were written with.
        assert [(s.label, s.annotator, s.status, s.score)
                for s in back.spans.of_document(docs[1].id)] == [
            ("actor", "spancat-v1", Status.ACCEPTED, 0.875),
            ("claim", "spancat-v1", Status.ACCEPTED, None),
            ("weapon", "spancat-v1", Status.ACCEPTED, 1.0)]
        again = tmp_path / "again.jsonl"
        export(back, again, "jsonl", annotators=["spancat-v1"])
        assert again.read_bytes() == out.read_bytes()


@pytest.mark.parametrize(("score", "shown"), [
    ('"0.9"', "'0.9'"), ("1.5", "1.5"), ("-0.1", "-0.1"), ("true", "True"),
    ("NaN", "nan"), ("[0.5]", "[0.5]")])
def test_a_bad_jsonl_score_is_a_bad_record(tmp_path: Path, score: str, shown: str) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text(
        '{"text": "Lavrov met Shoigu.", "_annotator_id": "m", "spans": '
        '[{"start": 0, "end": 6, "label": "actor", "score": 0.5}]}\n'
        '{"text": "Shoigu met Lavrov.", "_annotator_id": "m", "spans": '
        f'[{{"start": 0, "end": 6, "label": "actor", "score": {score}}}]}}\n',
        encoding="utf-8")
    with open_store(tmp_path / "s.sqlite3") as store:
        report = import_paths(store, [path], on_error="skip")
        assert report.errors == [
            f"{path}:2: spans[0].score must be a number from 0 to 1 (a model's "
            f"confidence), got {shown}"]
        (uid,) = store.documents.uids()
        assert [s.score for s in store.spans.of_document(uid)] == [0.5]


def test_null_or_whole_number_scores_are_read(tmp_path: Path) -> None:
    path = tmp_path / "ok.jsonl"
    path.write_text(json.dumps({"text": "Lavrov met Shoigu.", "_annotator_id": "m", "spans": [
        {"start": 0, "end": 6, "label": "actor", "score": None},
        {"start": 11, "end": 17, "label": "actor", "score": 1}]}) + "\n", encoding="utf-8")
    with open_store(tmp_path / "s.sqlite3") as store:
        assert import_paths(store, [path]).ok
        (uid,) = store.documents.uids()
        assert [s.score for s in store.spans.of_document(uid)] == [None, 1.0]


def test_labelstudio_suggestion_set_is_predictions_with_scores(store, docs,
                                                               tmp_path: Path) -> None:
    out = tmp_path / "s.json"
    export(store, out, "labelstudio", annotators=["spancat-v1"], suggestions=True)
    first, second = json.loads(out.read_text(encoding="utf-8"))
    assert first["annotations"] == [] and "_annotators" not in first["meta"]
    (prediction,) = second["predictions"]
    assert prediction["model_version"] == "spancat-v1"
    assert prediction["score"] == pytest.approx((0.875 + 1.0) / 2)  # unscored left out
    assert [(r["value"]["text"], r["value"]["labels"], r.get("score"), r["origin"])
            for r in prediction["result"]] == [
        ("Maduro", ["actor"], 0.875, "prediction"), ("Maduro", ["claim"], None, "prediction"),
        ("S-300", ["weapon"], 1.0, "prediction")]
    assert first["predictions"][0]["score"] == pytest.approx(0.67)


def test_labelstudio_export_without_suggestions_has_no_predictions(store, docs,
                                                                   tmp_path: Path) -> None:
    out = tmp_path / "a.json"
    export(store, out, "labelstudio")
    (task,) = json.loads(out.read_text(encoding="utf-8"))
    assert "predictions" not in task
    (annotation,) = task["annotations"]
    assert [("score" in r, r["origin"]) for r in annotation["result"]] == [(False, "manual")]
    assert task["meta"]["_annotators"] == {"1": "alice"}


def test_a_bad_prediction_score_is_a_bad_record(tmp_path: Path) -> None:
    region = {"id": "a", "type": "labels", "score": 85,
              "value": {"start": 0, "end": 6, "text": "Lavrov", "labels": ["actor"]}}
    tasks = [{"id": 1, "data": {"text": "Lavrov met Shoigu."},
              "predictions": [{"model_version": "v2", "result": [region]}]},
             {"id": 2, "data": {"text": "Lavrov met Shoigu."},
              "annotations": [{"id": 1, "completed_by": 3,
                               "result": [{**region, "score": "high"}]}]}]
    path = tmp_path / "ls.json"
    path.write_text(json.dumps(tasks), encoding="utf-8")
    with open_store(tmp_path / "s.sqlite3") as store:
        report = import_paths(store, [path], on_error="skip")
        assert report.errors == [
            f"{path}:task 1 (id 1): predictions[0].result[0].score must be a number from "
            "0 to 1 (a model's confidence), got 85"]
        # A person's region has no score to keep: one there is not read, nor refused.
        (uid,) = store.documents.uids()
        assert [(s.status, s.score) for s in store.spans.of_document(uid)] == [
            (Status.ACCEPTED, None)]


def test_a_format_without_scores_says_it_left_them_out(store, docs, tmp_path: Path) -> None:
    report = export(store, tmp_path / "d.jsonl", "doccano", annotators=["spancat-v1"],
                    suggestions=True)
    assert "  4 scores (doccano has no place for them; --format jsonl or labelstudio " \
        "keeps them)" in report.summary().splitlines()
    kept = export(store, tmp_path / "s.json", "labelstudio", annotators=["spancat-v1"],
                  suggestions=True)
    assert kept.dropped == {}
