"""`export --suggestions` on the command line writes a model's scores (JSONL and Label
Studio), after Label Studio predictions with scores came in through `import`."""

from __future__ import annotations

import json
from pathlib import Path

from tests.test_cli import run

MODEL = "labelstudio-model:spancat-v1"


def test_scores_from_label_studio_predictions_reach_both_exports(tmp_path: Path) -> None:
    db = tmp_path / "cli.sqlite3"
    regions = [{"id": "a", "type": "labels", "from_name": "label", "to_name": "text",
                "score": 0.8, "value": {"start": 0, "end": 6, "text": "Lavrov",
                                        "labels": ["actor"]}},
               {"id": "b", "type": "labels", "from_name": "label", "to_name": "text",
                "score": 0.3, "value": {"start": 11, "end": 17, "text": "Shoigu",
                                        "labels": ["actor"]}}]
    tasks = tmp_path / "ls.json"
    tasks.write_text(json.dumps([{"id": 1, "data": {"text": "Lavrov met Shoigu."},
                                  "predictions": [{"model_version": "spancat-v1",
                                                   "score": 0.55, "result": regions}]}]),
                     encoding="utf-8")
    result = run("import", str(tasks), db=db)
    assert result.returncode == 0, result.stderr

    jsonl = tmp_path / "s.jsonl"
    result = run("export", str(jsonl), "--suggestions", "--annotator", MODEL,
                 "--format", "jsonl", db=db)
    assert result.returncode == 0, result.stderr
    (record,) = [json.loads(x) for x in jsonl.read_text(encoding="utf-8").splitlines()]
    assert [(s["text"], s["score"]) for s in record["spans"]] == [("Lavrov", 0.8),
                                                                ("Shoigu", 0.3)]

    ls = tmp_path / "s.json"
    result = run("export", str(ls), "--suggestions", "--annotator", MODEL,
                 "--format", "labelstudio", db=db)
    assert result.returncode == 0, result.stderr
    (task,) = json.loads(ls.read_text(encoding="utf-8"))
    (prediction,) = task["predictions"]
    assert prediction["model_version"] == MODEL
    assert abs(prediction["score"] - 0.55) < 1e-9
    assert [r["score"] for r in prediction["result"]] == [0.8, 0.3]
    assert task["annotations"] == []

    # Without --suggestions the predictions are not exported at all.
    plain = tmp_path / "a.json"
    assert run("export", str(plain), "--format", "labelstudio", db=db).returncode == 0
    assert json.loads(plain.read_text(encoding="utf-8")) == []
