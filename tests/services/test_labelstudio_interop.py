"""What Label Studio's importer takes from our export, pinned without Label Studio.

Checked by hand against Label Studio 1.23.2 (pip, SQLite, its REST API: a project
with our labels and relations, the export POSTed to /api/projects/N/import,
then exported again as JSON; see README): it refuses the whole file for a
`completed_by` that is not the id or email of one of its users, it drops
unknown fields of an annotation, and it keeps the task's meta, each region as
written, and the annotation id we wrote as `import_id`. The export therefore
writes no `completed_by` and keeps the annotators' names in `meta._annotators`.

A suggestion set (`--suggestions`) goes in as predictions: Label Studio 1.23.2
took them all (prediction_count in its import answer), showed each task's
prediction score and model version in its task list, and its snapshot export
(`/api/projects/N/exports/` with `predictions.only_id` false; the older
`/export` gives prediction ids only) gave back every region as written, its
`score` included, with the prediction's `model_version` and `score`.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.core.model import AnnotatorKind, Document, Origin, Span, Status, Suggestion
from annotator.services.importing import import_paths
from annotator.services.interchange import export
from annotator.store import open_store

TEXT = "😀 Lavrov said the Tu-160 bombers would return to Caracas."


def through_label_studio(tasks: list[dict]) -> list[dict]:
    """What Label Studio 1.23.2 exported after importing `tasks` (as observed): new
    annotation ids, the importing user as completed_by, our id as import_id, our
    annotation fields outside its model gone; task meta and regions kept."""
    out = []
    next_id = 100
    for number, task in enumerate(tasks, start=1):
        annotations = []
        for annotation in task["annotations"]:
            next_id += 1
            annotations.append({"id": next_id, "completed_by": 1,
                                "result": annotation["result"], "was_cancelled": False,
                                "ground_truth": False, "import_id": annotation["id"],
                                "task": number, "project": 2, "prediction": {}})
        out.append({"id": number, "annotations": annotations, "drafts": [], "predictions": [],
                    "data": task["data"], "meta": task["meta"], "inner_id": number})
    return out


def test_no_completed_by_and_names_survive_label_studio(store, tmp_path: Path) -> None:
    doc = Document.from_text(TEXT)
    store.documents.add(doc)
    claim = store.spans.add(doc.id, Span(2, 57, "claim", "alice"))
    actor = store.spans.add(doc.id, Span(2, 8, "actor", "alice"))
    store.spans.add_relation(claim.id, actor.id, "speaker")
    store.annotators.ensure("labelstudio-user-7", AnnotatorKind.HUMAN)
    store.spans.add(doc.id, Span(18, 32, "weapon", "labelstudio-user-7"))
    store.spans.add(doc.id, Span(2, 8, "actor", "bob"))

    out = tmp_path / "ls.json"
    export(store, out, "labelstudio")
    (task,) = json.loads(out.read_text(encoding="utf-8"))
    # The rule: Label Studio takes completed_by only as one of its own users' ids, so
    # there is none; the names ride in the task's meta, keyed by annotation id.
    for annotation in task["annotations"]:
        assert "completed_by" not in annotation
        assert isinstance(annotation["id"], int)
    assert task["meta"]["_annotators"] == {"1": "alice", "2": "bob",
                                           "3": "labelstudio-user-7"}

    back = tmp_path / "back.json"
    back.write_text(json.dumps(through_label_studio([task]), ensure_ascii=False),
                    encoding="utf-8")
    with open_store(tmp_path / "again.sqlite3") as again:
        report = import_paths(again, [back])
        assert report.ok, report.errors
        assert [(s.start, s.end, s.label, s.annotator)
                for s in again.spans.of_document(doc.id)] == [
            (s.start, s.end, s.label, s.annotator) for s in store.spans.of_document(doc.id)]
        (relation,) = again.spans.relations(doc.id)
        assert (relation.head.label, relation.child.label, relation.label,
                relation.head.annotator) == ("claim", "actor", "speaker", "alice")
        assert again.documents.get(doc.id).meta == {}  # _annotators is not document meta


def test_annotations_made_in_label_studio_keep_its_user_ids(tmp_path: Path) -> None:
    # A task we exported, then annotated in Label Studio by its user 4: that
    # annotation has no import_id, so no name of ours applies to it.
    task = {"id": 1, "data": {"text": "Lavrov met Shoigu."},
            "meta": {"_annotators": {"1": "alice"}},
            "annotations": [
                {"id": 7, "import_id": 1, "completed_by": 1, "result": [
                    {"id": "a", "type": "labels", "value": {"start": 0, "end": 6,
                                                            "text": "Lavrov",
                                                            "labels": ["actor"]}}]},
                {"id": 1, "import_id": None, "completed_by": 4, "result": [
                    {"id": "b", "type": "labels", "value": {"start": 11, "end": 17,
                                                            "text": "Shoigu",
                                                            "labels": ["actor"]}}]}]}
    path = tmp_path / "ls.json"
    path.write_text(json.dumps([task]), encoding="utf-8")
    with open_store(tmp_path / "s.sqlite3") as store:
        assert import_paths(store, [path]).ok
        (uid,) = store.documents.uids()
        assert [(s.label, s.annotator) for s in store.spans.of_document(uid)] == [
            ("actor", "alice"), ("actor", "labelstudio-user-4")]



def predictions_through_label_studio(tasks: list[dict]) -> list[dict]:
    """What Label Studio 1.23.2's snapshot export gave after importing a suggestion
    set (as observed): new task and prediction ids, each prediction's result as
    written with its model_version and score, and fields of its own added."""
    out = []
    for number, task in enumerate(tasks, start=1):
        predictions = [{"id": 4 + number, "result": p["result"],
                        "model_version": p["model_version"], "created_ago": "0\u00a0minutes",
                        "score": p.get("score"), "cluster": None, "neighbors": None,
                        "mislabeling": 0.0, "model": None, "model_run": None,
                        "task": 1009 + number, "project": 9}
                       for p in task["predictions"]]
        out.append({"id": 1009 + number, "annotations": [], "drafts": [],
                    "predictions": predictions, "data": task["data"], "meta": task["meta"],
                    "inner_id": number, "total_annotations": 0, "total_predictions": 1,
                    "project": 9})
    return out


def test_a_suggestion_set_keeps_its_scores_through_label_studio(store,
                                                                tmp_path: Path) -> None:
    doc = Document.from_text(TEXT)
    store.documents.add(doc)
    (key,) = store.suggestions.document_keys("all")
    store.suggestions.replace("spancat-v1", Origin.MODEL, [(key, [
        Suggestion(2, 8, "actor", 0.93), Suggestion(18, 24, "weapon", 0.41),
        Suggestion(2, 57, "claim", None)])])

    out = tmp_path / "ls.json"
    export(store, out, "labelstudio", annotators=["spancat-v1"], suggestions=True)
    (task,) = json.loads(out.read_text(encoding="utf-8"))
    (prediction,) = task["predictions"]
    assert (prediction["model_version"], prediction["score"]) == (
        "spancat-v1", pytest.approx(0.67))

    back = tmp_path / "back.json"
    back.write_text(json.dumps(predictions_through_label_studio([task]), ensure_ascii=False),
                    encoding="utf-8")
    with open_store(tmp_path / "again.sqlite3") as again:
        report = import_paths(again, [back])
        assert report.ok, report.errors
        # Predictions are suggestions by labelstudio-model:VERSION, as ever; now scored.
        assert [(s.start, s.end, s.label, s.annotator, s.status, s.origin, s.score)
                for s in again.spans.of_document(doc.id)] == [
            (2, 8, "actor", "labelstudio-model:spancat-v1", Status.SUGGESTED, Origin.MODEL,
             0.93),
            (2, 57, "claim", "labelstudio-model:spancat-v1", Status.SUGGESTED, Origin.MODEL,
             None),
            (18, 24, "weapon", "labelstudio-model:spancat-v1", Status.SUGGESTED,
             Origin.MODEL, 0.41)]
        assert ("labelstudio-model:spancat-v1", AnnotatorKind.MODEL) in again.annotators.all()
