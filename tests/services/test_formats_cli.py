"""`annotator import/export --format F` as a user runs them: a real process and database."""

import json
import os
import subprocess
import sys
from pathlib import Path


def run(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "annotator", "--db", str(db), *args],
                          capture_output=True, text=True, timeout=120, check=False,
                          env={**os.environ})


def test_doccano_in_spacy_and_labelstudio_out(tmp_path: Path) -> None:
    db = tmp_path / "cli.sqlite3"
    text = "😀 Lavrov said the Tu-160 flew."
    utf16 = lambda sub: [len(text[:text.index(sub)].encode("utf-16-le")) // 2]  # noqa: E731
    start = utf16("Lavrov")[0]
    tasks = tmp_path / "doccano.jsonl"
    tasks.write_text(json.dumps({"text": text, "label": [[start, start + 6, "actor"],
                                                         [start + 1, start + 4, "weapon"]]})
                     + "\n", encoding="utf-8")
    result = run(db, "import", str(tasks), "--annotator", "alice")
    assert result.returncode == 0, result.stderr
    assert "[doccano]: 1 imported" in result.stdout

    refused = run(db, "export", str(tmp_path / "out.spacy"), "--format", "spacy")
    assert refused.returncode == 1
    assert "1 spans do not start and end on spaCy token boundaries" in refused.stderr
    assert "[avr]" in refused.stderr and not (tmp_path / "out.spacy").exists()

    done = run(db, "export", str(tmp_path / "out.spacy"), "--format", "spacy",
               "--align", "drop", "--config", str(tmp_path / "spancat.cfg"))
    assert done.returncode == 0, done.stderr
    assert "1 spans dropped: not on token boundaries" in done.stdout
    assert "spans_key = \"sc\"" in (tmp_path / "spancat.cfg").read_text()

    ls = run(db, "export", str(tmp_path / "ls.json"), "--format", "labelstudio",
             "--offsets", "utf16")
    assert ls.returncode == 0, ls.stderr
    (task,) = json.loads((tmp_path / "ls.json").read_text(encoding="utf-8"))
    regions = task["annotations"][0]["result"]
    assert [r["value"]["start"] for r in regions] == [start, start + 1]
    assert "completed_by" not in task["annotations"][0]  # Label Studio refuses names
    assert task["meta"]["_annotators"] == {"1": "alice"}


def test_options_that_do_not_apply_are_refused(tmp_path: Path) -> None:
    result = run(tmp_path / "x.sqlite3", "export", str(tmp_path / "o.jsonl"), "--split", "0.2")
    assert result.returncode == 2  # a usage error
    assert "--split does not apply to --format jsonl" in result.stderr
