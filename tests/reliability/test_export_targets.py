"""Every bad export target is refused before any work, with a message naming it; no
temporary file outlives a failed or killed export; files get the modes a user
expects; CoNLL and doc.ents take any label."""

from __future__ import annotations

import json
import os
import shutil
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from annotator.core.model import AnnotatorKind, Document, Label, Span
from annotator.nlp.docbin import read_docbin
from annotator.services.exporting import ExportRefused
from annotator.services.interchange import export
from annotator.services.output import TargetError, remove_stale
from annotator.store import open_store

TEXT = "Lavrov met Shoigu in Moscow on Tuesday."


@pytest.fixture
def filled(store):  # type: ignore[no-untyped-def]
    doc = Document.from_text(TEXT)
    store.documents.add(doc)
    store.spans.add(doc.id, Span(0, 6, "actor", "alice"))
    store.spans.add(doc.id, Span(11, 17, "actor", "alice"))
    return store


def cli(db: Path, *args: str, unprivileged: bool = False) -> subprocess.CompletedProcess[str]:
    """The command line in a child process; `unprivileged`: as root without the
    capabilities that let root write into read-only folders (a user's view)."""
    prefix: list[str] = []
    if unprivileged and os.geteuid() == 0:
        if not shutil.which("setpriv"):
            pytest.skip("root writes everywhere, and setpriv is not here to drop that")
        prefix = ["setpriv", "--inh-caps=-all", "--bounding-set=-all", "--"]
    return subprocess.run([*prefix, sys.executable, "-m", "annotator", "--db", str(db), *args],
                          capture_output=True, text=True, timeout=120, check=False)


def listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


# ------------------------------------------------------- checked before any work


@pytest.mark.parametrize(("fmt", "make", "target", "message"), [
    ("jsonl", "folder", "out", "is a folder; give a file name"),
    ("conll", "folder", "out", "is a folder; give a file name"),
    ("jsonl", None, "missing/out.jsonl", "folder {tmp}/missing does not exist"),
    ("jsonl", "file", "afile/out.jsonl", "folder {tmp}/afile is a file, not a folder"),
    ("spacy", "file", "out", "is a file; this format writes a folder"),
    ("spacy", None, "missing/out", "folder {tmp}/missing does not exist"),
])
def test_a_bad_target_is_refused_before_any_work(filled, tmp_path: Path, fmt: str,
                                                 make: str | None, target: str,
                                                 message: str) -> None:
    if make == "folder":
        (tmp_path / target).mkdir()
        (tmp_path / target / "keep.txt").write_text("mine", encoding="utf-8")
    elif make == "file":
        (tmp_path / target.split("/")[0]).write_text("mine", encoding="utf-8")
    before = listing(tmp_path)
    out = tmp_path / target
    options = {"align": "expand"} if fmt in ("spacy", "conll") else {}
    with pytest.raises(TargetError) as caught:
        export(filled, out, fmt, **options, progress=lambda done, total: pytest.fail(
            "the export started before its target was checked"))
    assert str(caught.value).startswith(f"{out}: {message.format(tmp=tmp_path)}")
    assert listing(tmp_path) == before


def test_split_onto_a_file_and_config_into_a_missing_folder(filled, tmp_path: Path) -> None:
    db = Path(filled.location)
    (tmp_path / "corpus").write_text("not a folder", encoding="utf-8")
    before = listing(tmp_path)
    split = cli(db, "export", str(tmp_path / "corpus"), "--format", "spacy", "--split", "0.5",
                "--align", "expand")
    assert split.returncode == 1
    assert split.stderr == (f"annotator: error: {tmp_path / 'corpus'}: is a file; this format "
                            "writes a folder (give a new or empty folder)\n")
    config = cli(db, "export", str(tmp_path / "new"), "--format", "spacy", "--align", "expand",
                 "--config", str(tmp_path / "nowhere" / "spancat.cfg"))
    assert config.returncode == 1
    assert config.stderr == (f"annotator: error: {tmp_path / 'nowhere' / 'spancat.cfg'}: "
                             f"folder {tmp_path / 'nowhere'} does not exist\n")
    assert listing(tmp_path) == before


def test_a_read_only_folder_is_refused(filled, tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    try:
        result = cli(Path(filled.location), "export", str(locked / "out.jsonl"),
                     unprivileged=True)
        assert result.returncode == 1, result.stderr
        assert result.stderr == (f"annotator: error: {locked / 'out.jsonl'}: folder {locked} "
                                 "is not writable\n")
        assert listing(locked) == []
    finally:
        locked.chmod(0o755)


def test_a_read_only_file_is_not_replaced(filled, tmp_path: Path) -> None:
    out = tmp_path / "kept.jsonl"
    out.write_text("mine\n", encoding="utf-8")
    out.chmod(0o444)
    with pytest.raises(TargetError, match="is read-only; it is not replaced"):
        export(filled, out, "jsonl")
    assert out.read_text(encoding="utf-8") == "mine\n"


def test_a_folder_of_other_files_is_not_taken_for_a_spacy_export(filled,
                                                                  tmp_path: Path) -> None:
    out = tmp_path / "mine"
    out.mkdir()
    (out / "thesis.tex").write_text("mine", encoding="utf-8")
    with pytest.raises(TargetError, match="holds files this export did not write"):
        export(filled, out, "spacy")
    assert listing(out) == ["thesis.tex"]


def test_an_earlier_spacy_export_is_replaced_whole(filled, tmp_path: Path) -> None:
    old_file = tmp_path / "old.spacy"  # a single file, as earlier versions wrote
    old_file.write_bytes(b"old")
    report = export(filled, old_file, "spacy")
    assert old_file.is_dir() and [d.text for d in read_docbin(old_file)] == [TEXT]
    again = export(filled, old_file, "spacy", ents="actor")
    assert not again.cancelled and len(read_docbin(old_file)) == 1
    assert not list(tmp_path.glob(".*"))
    assert report.files == [f"{old_file}/ (1 document in 1 file)"]


# ----------------------------------------------------- no temporary file outlives


def test_a_refused_export_leaves_nothing(filled, tmp_path: Path) -> None:
    doc = Document.from_text("Prensa Latina)—Russian minister")
    filled.documents.add(doc)
    filled.spans.add(doc.id, Span(14, 22, "actor", "alice"))  # "—Russian": not a token
    for fmt, out in (("spacy", tmp_path / "c"), ("conll", tmp_path / "c.conll")):
        with pytest.raises(ExportRefused):
            export(filled, out, fmt)
    assert listing(tmp_path) == [p.name for p in sorted(tmp_path.iterdir())
                                 if p.name.startswith("store.sqlite3")]


def test_a_killed_export_leaves_a_part_that_the_next_export_removes(tmp_path: Path) -> None:
    db = tmp_path / "big.sqlite3"
    big_store(db)
    out = tmp_path / "out"
    out.mkdir()
    proc = subprocess.Popen([sys.executable, "-m", "annotator", "--db", str(db), "export",
                             str(out / "big.jsonl"), "--tokens"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        parts = wait_for(lambda: [p for p in out.iterdir() if p.stat().st_size > 0])
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    assert parts[0].name.startswith(".big.jsonl.annotator-")
    assert not (out / "big.jsonl").exists()
    time.sleep(2.1)  # younger temporary files may be another export's, not yet locked
    with open_store(db) as store:
        export(store, out / "small.jsonl", "jsonl", annotators=["alice"])
    assert listing(out) == ["small.jsonl"]


def test_a_live_export_keeps_its_temporary_file(tmp_path: Path) -> None:
    fcntl = pytest.importorskip("fcntl")
    live = tmp_path / ".out.jsonl.annotator-1-abcd.part"
    dead = tmp_path / ".old.jsonl.annotator-2-abcd.part"
    for path in (live, dead):
        path.write_text("x", encoding="utf-8")
        os.utime(path, (time.time() - 60, time.time() - 60))
    with live.open("rb") as held:
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
        assert remove_stale(tmp_path) == [dead]
    assert listing(tmp_path) == [live.name]


def test_sigterm_removes_the_temporary_file(tmp_path: Path) -> None:
    db = tmp_path / "big.sqlite3"
    big_store(db)
    out = tmp_path / "out"
    out.mkdir()
    proc = subprocess.Popen([sys.executable, "-m", "annotator", "--db", str(db), "export",
                             str(out / "big.jsonl"), "--tokens"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    wait_for(lambda: [p for p in out.iterdir() if p.stat().st_size > 0])
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 128 + signal.SIGTERM, err
    assert listing(out) == []


# ------------------------------------------------------------------------ modes


@pytest.fixture
def umask():  # type: ignore[no-untyped-def]
    """Set the process's umask for a test, as a user's shell would."""
    previous = os.umask(0o022)
    yield os.umask
    os.umask(previous)


@pytest.mark.parametrize(("mask", "mode"), [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_new_files_get_the_umask_mode(filled, tmp_path: Path, umask, mask: int,
                                      mode: int) -> None:
    umask(mask)
    out = tmp_path / "shared.jsonl"
    export(filled, out, "jsonl")
    assert stat.S_IMODE(out.stat().st_mode) == mode
    spacy_out = tmp_path / "corpus"
    export(filled, spacy_out, "spacy", config=spacy_out / "spancat.cfg")
    assert stat.S_IMODE(spacy_out.stat().st_mode) == 0o777 & ~mask
    assert stat.S_IMODE((spacy_out / "0001.spacy").stat().st_mode) == mode
    assert stat.S_IMODE((spacy_out / "spancat.cfg").stat().st_mode) == mode


def test_a_replaced_file_keeps_its_mode(filled, tmp_path: Path) -> None:
    out = tmp_path / "team.jsonl"
    out.write_text("old\n", encoding="utf-8")
    out.chmod(0o640)
    export(filled, out, "jsonl")
    assert stat.S_IMODE(out.stat().st_mode) == 0o640
    assert json.loads(out.read_text(encoding="utf-8").splitlines()[0])["text"] == TEXT


# ------------------------------------------------------------------- any label


def test_conll_refuses_labels_with_white_space_and_names_them(filled,
                                                              tmp_path: Path) -> None:
    filled.labels.add(Label("big city", "#888888"))
    filled.labels.add(Label("day\xa0of week", "#888888"))
    uid = filled.documents.uids()[0]
    filled.spans.add(uid, Span(21, 27, "big city", "alice"))
    filled.spans.add(uid, Span(31, 38, "day\xa0of week", "alice"))
    out = tmp_path / "o.conll"
    with pytest.raises(ExportRefused) as caught:
        export(filled, out, "conll")
    assert str(caught.value) == (
        "labels with white space cannot be CoNLL tags (the columns are split on it): "
        "'big city' (1 span), 'day\\xa0of week' (1 span); nothing was written. Rename the "
        "label, or leave it out with --labels.")
    assert not out.exists()
    done = export(filled, out, "conll", labels=["actor"])
    assert done.spans == 2


def test_ents_and_labels_take_any_label(filled, tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    from annotator.cli import main

    filled.labels.add(Label("city, capital", "#888888"))
    uid = filled.documents.uids()[0]
    filled.spans.add(uid, Span(21, 27, "city, capital", "alice"))
    db = ["--db", filled.location]
    assert main([*db, "export", str(tmp_path / "c"), "--format", "spacy",
                 "--ents", "city\\, capital", "--ents", "actor"]) == 0
    (doc,) = read_docbin(tmp_path / "c")
    assert [(e.text, e.label_) for e in doc.ents] == [
        ("Lavrov", "actor"), ("Shoigu", "actor"), ("Moscow", "city, capital")]
    capsys.readouterr()
    code = main([*db, "export", str(tmp_path / "c.conll"), "--format", "conll",
                 "--labels", "city\\, capital,actor"])
    assert code == 1  # a comma is fine, but the space is not
    assert "'city, capital' (1 span)" in capsys.readouterr().err


# ---------------------------------------------------------------------- helpers


def wait_for(found, timeout: float = 60.0):  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = found()
        if value:
            return value
        time.sleep(0.02)
    raise AssertionError("timed out")


def big_store(db: Path) -> None:
    """300 articles of 5,700 characters: an export with tokens takes a few seconds."""
    with open_store(db) as store, store.bulk() as writer:
        docs = [Document.from_text(f"Article {i}\n" + "Lavrov met Shoigu. " * 300)
                for i in range(300)]
        keys = writer.documents(docs)
        for doc in docs:
            writer.spans(keys[doc.id][0], "alice", AnnotatorKind.HUMAN,
                         [Span(0, 7, "actor", "")])
