"""Databases that are not ours, damaged, or from a newer version: every command
refuses them with a message naming the file, exit code 3, and leaves the file
byte for byte as it was (no WAL switch, no new tables, no -wal or -shm beside it)."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from annotator.store import open_store


def cli(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "annotator", "--db", str(db), *args],
                          capture_output=True, text=True, timeout=120, check=False)


def in_process(capsys: pytest.CaptureFixture[str], db: Path, *args: str
               ) -> tuple[int, str]:
    """The command line's main() in this process: the same code, without a new
    interpreter's start-up for each of the many cases."""
    from annotator.cli import main

    code = main(["--db", str(db), *args])
    return code, capsys.readouterr().err


def sqlite_file(path: Path, *statements: str) -> Path:
    conn = sqlite3.connect(path)
    for statement in statements:
        conn.execute(statement)
    conn.commit()
    conn.close()
    return path


@pytest.fixture(scope="module")
def good_store(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """The bytes of a real store with a few documents and spans, checkpointed."""
    path = tmp_path_factory.mktemp("good") / "good.sqlite3"
    samples = Path(__file__).resolve().parents[2] / "resources" / "samples"
    with open_store(path) as store:
        from annotator.services.importing import import_paths

        assert import_paths(store, [samples]).ok
    return path.read_bytes()


def foreign(path: Path) -> Path:
    return sqlite_file(path, "CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)",
                       "INSERT INTO customers VALUES (1, 'Ana')")


def versioned(value: str):  # type: ignore[no-untyped-def]
    def make(path: Path) -> Path:
        return sqlite_file(path, "CREATE TABLE store_info (key VARCHAR PRIMARY KEY, "
                                 "value VARCHAR NOT NULL)",
                           f"INSERT INTO store_info VALUES ('schema_version', '{value}')")
    return make


def damaged(how: str):  # type: ignore[no-untyped-def]
    def make(path: Path, good: bytes) -> Path:
        data = bytearray(good)
        if how == "truncated":
            data = data[:len(data) // 2]
        elif how == "garbled pages":
            data[4096 * 2:4096 * 4] = bytes(range(256)) * 32
        elif how == "garbled header":
            data[100:200] = b"\0" * 100
        else:
            data = bytearray(os.urandom(8192))
        path.write_bytes(bytes(data))
        return path
    return make


CASES = {
    "foreign": (foreign, "not an Annotator database (it holds other tables: customers); "
                         "it was left as it was"),
    "newer": (versioned("99"), "written by a newer version of Annotator (schema 99"),
    "version not a number": (versioned("abc"), "schema version 'abc' is not a number"),
    "no version": (lambda p: sqlite_file(p, "CREATE TABLE store_info (key VARCHAR PRIMARY "
                                            "KEY, value VARCHAR)"),
                   "not an Annotator database (no schema version)"),
    "random bytes": (damaged("random"), "cannot open: the file is not a database"),
    "truncated": (damaged("truncated"), "the database file is damaged"),
    "garbled pages": (damaged("garbled pages"), "the database file is damaged"),
    "garbled header": (damaged("garbled header"), "the database file is damaged"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_refused_databases_are_named_and_left_as_they_were(
        tmp_path: Path, good_store: bytes, case: str,
        capsys: pytest.CaptureFixture[str]) -> None:
    make, message = CASES[case]
    db = tmp_path / "their.db"
    make(db, good_store) if case in ("random bytes", "truncated", "garbled pages",
                                     "garbled header") else make(db)
    before = db.read_bytes()
    article = tmp_path / "a.txt"
    article.write_text("An article that must not go in.", encoding="utf-8")
    for args in (["stats"], ["import", str(article)], ["export", str(tmp_path / "o.jsonl")],
                 ["agree", "a", "b"]):
        code, err = in_process(capsys, db, *args)
        assert code == 3, (args, err)
        assert err.startswith(f"annotator: error: {db}: "), err
        assert message in err
        assert len(err.splitlines()) == 1, err
        assert db.read_bytes() == before, f"{args} changed the file"
        assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt", "their.db"]


def test_a_foreign_database_through_the_real_process(tmp_path: Path) -> None:
    db = foreign(tmp_path / "crm.db")
    before = db.read_bytes()
    result = cli(db, "import", str(Path(__file__)))
    assert result.returncode == 3
    assert result.stderr == (f"annotator: error: {db}: not an Annotator database (it holds "
                             "other tables: customers); it was left as it was\n")
    assert db.read_bytes() == before


def test_our_own_store_is_switched_to_wal_once(tmp_path: Path) -> None:
    db = tmp_path / "ours.db"
    with open_store(db):
        pass
    assert sqlite3.connect(db).execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_the_window_names_a_refused_database_in_a_dialog(qapp, tmp_path: Path) -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    from annotator.ui import app

    db = versioned("abc")(tmp_path / "x.db")
    before = db.read_bytes()
    shown: list[str] = []

    def read() -> None:  # the dialog is modal: read it and close it from the event loop
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            shown.append(f"{box.windowTitle()}: {box.text()}")
            box.close()
        else:
            QTimer.singleShot(20, read)

    QTimer.singleShot(0, read)
    assert app.run(str(db)) == 1
    assert shown == [f"Cannot open the database: {db}: schema version 'abc' is not a number: "
                     "a damaged store, or not an Annotator database; it was left as it was"]
    assert db.read_bytes() == before
