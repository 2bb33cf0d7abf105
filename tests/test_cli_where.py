"""`export --where` and `stats --where`: the search query on the command line."""

from __future__ import annotations

import json
from pathlib import Path

from tests.test_cli import run


def _store(tmp_path: Path) -> Path:
    db = tmp_path / "cli.sqlite3"
    tasks = tmp_path / "tasks.jsonl"
    lines = [
        ("Two Tu-160 bombers landed.", "alice", [(4, 10, "weapon")]),
        ("The S-300 battery moved.", "alice", [(4, 9, "weapon")]),
        ("Shoigu met the S-300 crews.", "bob", [(0, 6, "actor")]),
        ("Rain in Caracas.", "bob", []),
    ]
    tasks.write_text("".join(json.dumps({
        "text": text, "_annotator_id": who,
        "spans": [{"start": s, "end": e, "label": label} for s, e, label in spans]}) + "\n"
        for text, who, spans in lines), encoding="utf-8")
    result = run("import", str(tasks), db=db)
    assert result.returncode == 0, result.stderr
    return db


def test_export_where_takes_only_the_matching_documents(tmp_path: Path) -> None:
    db = _store(tmp_path)
    out = tmp_path / "out.jsonl"
    result = run("export", str(out), "--where", "S-300 -label:actor", db=db)
    assert result.returncode == 0, result.stderr
    texts = [json.loads(line)["text"] for line in out.read_text().splitlines()]
    assert texts == ["The S-300 battery moved."]
    result = run("export", str(out), "--annotator", "alice", "--where",
                 "label:weapon@alice -bombers", db=db)
    assert result.returncode == 0, result.stderr
    assert [json.loads(line)["text"] for line in out.read_text().splitlines()] == [
        "The S-300 battery moved."]
    spacy_out = tmp_path / "corpus.spacy"
    result = run("export", str(spacy_out), "--format", "spacy", "--where", "Tu-160", db=db)
    assert result.returncode == 0, result.stderr
    assert "1 records" in result.stdout or "1 record" in result.stdout


def test_stats_where_counts_the_matching_documents(tmp_path: Path) -> None:
    db = _store(tmp_path)
    result = run("stats", "--json", "--where", "S-300 OR Caracas", db=db)
    assert result.returncode == 0, result.stderr
    stats = json.loads(result.stdout)
    assert (stats["where"], stats["documents"], stats["documents_in_store"]) == (
        "S-300 OR Caracas", 3, 4)
    assert stats["spans_per_label"] == {"actor": 1, "claim": 0, "quote": 0, "weapon": 1}
    text = run("stats", "--where", "label:weapon@alice", db=db).stdout
    assert "documents: 2 of 4 match" in text


def test_a_bad_query_points_at_the_column(tmp_path: Path) -> None:
    db = _store(tmp_path)
    result = run("stats", "--where", "S-300 label:wepon", db=db)
    assert result.returncode == 2
    lines = result.stderr.splitlines()
    assert lines[0] == ("annotator: error: --where: column 13: no label called 'wepon' "
                        "(labels: actor, claim, quote, weapon)")
    assert lines[1:] == ["  S-300 label:wepon", "              ^"]
    out = tmp_path / "never.jsonl"
    result = run("export", str(out), "--where", "state:done", db=db)
    assert result.returncode == 2
    assert "say whose, as in state:done@NAME" in result.stderr
    assert not out.exists()
