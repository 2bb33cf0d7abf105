"""The command line as a user runs it: a real process, a real database file."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest


def run(*args: str, db: Path | None = None, env: dict[str, str] | None = None
        ) -> subprocess.CompletedProcess[str]:
    argv = [sys.executable, "-m", "annotator"]
    if db is not None:
        argv += ["--db", str(db)]
    return subprocess.run(argv + list(args), capture_output=True, text=True, timeout=120,
                          env={**os.environ, **(env or {})}, check=False)


def test_import_export_stats(tmp_path: Path, seed_articles: list[Path]) -> None:
    db = tmp_path / "cli.sqlite3"
    result = run("import", str(seed_articles[0].parent), db=db)
    assert result.returncode == 0, result.stderr
    assert "1 imported (1 new document)" in result.stdout

    tasks = tmp_path / "alice.jsonl"
    tasks.write_text(json.dumps({
        "text": "Lavrov said talks continue.",
        "spans": [{"start": 0, "end": 6, "label": "actor"},
                  {"start": 0, "end": 27, "label": "claim"}]}) + "\n", encoding="utf-8")
    result = run("import", str(tasks), "--annotator", "alice", db=db)
    assert result.returncode == 0, result.stderr

    out = tmp_path / "out.jsonl"
    result = run("export", str(out), "--annotator", "alice", db=db)
    assert result.returncode == 0, result.stderr
    record = json.loads(out.read_text(encoding="utf-8"))
    assert [s["text"] for s in record["spans"]] == ["Lavrov", "Lavrov said talks continue."]

    result = run("stats", "--json", db=db)
    stats = json.loads(result.stdout)
    assert stats["documents"] == len(seed_articles) + 1
    assert stats["spans_per_annotator"] == {"alice": 2}
    assert stats["spans_per_label"]["actor"] == 1
    assert "spans per label" in run("stats", db=db).stdout


def test_bad_records_fail_with_file_and_line(tmp_path: Path) -> None:
    db = tmp_path / "cli.sqlite3"
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "ok"}\n{"text": "x", "spans": [{"start": 0, "end": 5, '
                   '"label": "actor"}], "_annotator_id": "a"}\n[1, 2]\n', encoding="utf-8")
    result = run("import", str(bad), db=db)
    assert result.returncode == 1
    assert f"{bad}:2: span actor [0, 5) lies outside the text" in result.stderr
    assert f"{bad}:3: expected a JSON object" in result.stderr
    assert json.loads(run("stats", "--json", db=db).stdout)["documents"] == 0


def test_db_option_and_environment(tmp_path: Path) -> None:
    result = run("stats", db=tmp_path / "missing" / "x.sqlite3")
    assert result.returncode == 3  # the store cannot be used
    assert "does not exist" in result.stderr
    env_db = tmp_path / "env.sqlite3"
    assert run("stats", env={"ANNOTATOR_DB": str(env_db)}).returncode == 0
    assert env_db.exists()


def test_unknown_annotator_on_export(tmp_path: Path) -> None:
    result = run("export", str(tmp_path / "o.jsonl"), "--annotator", "ghost",
                 db=tmp_path / "x.sqlite3")
    assert result.returncode == 1 and "unknown annotator" in result.stderr


@pytest.mark.parametrize("argv", [["--help"], ["import", "--help"], ["export", "--help"]])
def test_help(argv: list[str]) -> None:
    assert run(*argv).returncode == 0
