"""How the command line fails: one line `annotator: error: …`, the bad records as
`file:line: reason`, the documented exit codes, and for a bug one line naming
the log file that holds the traceback."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.cli import main, stats


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    try:
        code = main(list(argv))
    except SystemExit as exc:  # argparse's own usage errors
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def test_bad_records_are_listed_under_one_error_line(tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "ok"}\n{"text": 5}\n{"text": "x", "label": "sports"}\n',
                   encoding="utf-8")
    empty = tmp_path / "empty"
    empty.mkdir()
    code, out, err = run(capsys, "--db", str(tmp_path / "s.db"), "import", str(bad), str(empty))
    assert code == 1
    assert err.splitlines() == [
        "annotator: error: 2 paths refused, nothing imported from them:",
        f"{empty}: no files to import in this folder (looked for .csv, .htm, .html, .json, "
        ".jsonl, .ndjson, .text, .tsv, .txt, in subfolders too)",
        f"{bad}:2: missing or non-string 'text'",
        f"{bad}:3: 'label' is a document category ('sports', text classification), not "
        "spans: Annotator imports spans only"]
    assert f"{empty}: nothing imported" in out


def test_usage_errors_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = ["--db", str(tmp_path / "s.db")]
    code, _, err = run(capsys, *db, "export", str(tmp_path / "o.jsonl"), "--split", "0.2")
    assert (code, err) == (2, "annotator: error: --split does not apply to --format jsonl\n")
    code, _, err = run(capsys, *db, "import", str(tmp_path), "--encoding", "klingon")
    assert code == 2 and err.startswith("annotator: error: unknown encoding 'klingon'")
    code, _, err = run(capsys, *db, "export", str(tmp_path / "o"), "--format", "nope")
    assert code == 2 and "annotator export: error: argument --format: invalid choice" in err


def test_a_bug_is_one_line_and_the_log_has_the_traceback(
        tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(store, args):  # type: ignore[no-untyped-def]
        return json.loads('{"article": "Lavrov said talks would go on"')  # a bug

    monkeypatch.setattr(stats, "run", broken)
    code, _, err = run(capsys, "--db", str(tmp_path / "s.db"), "stats")
    assert code == 4
    (line,) = err.splitlines()
    assert line.startswith("annotator: error: an unexpected error (JSONDecodeError) stopped "
                           "the command; the details are in ")
    log = Path(line.rsplit(" ", 1)[1])
    logged = log.read_text(encoding="utf-8")
    assert "Traceback (most recent call last)" in logged and "in broken" in logged
    assert "Lavrov" not in err  # the user's text stays out of the one line
