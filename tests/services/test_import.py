import json
from pathlib import Path

import pytest

from annotator.core.model import document_id
from annotator.services.importing import import_paths


def write_jsonl(path: Path, records: list[object]) -> Path:
    path.write_text("".join((r if isinstance(r, str) else json.dumps(r, ensure_ascii=False))
                            + "\n" for r in records), encoding="utf-8")
    return path


def snapshot(store) -> list[tuple]:  # type: ignore[no-untyped-def]
    return [(uid, [(s.start, s.end, s.label, s.annotator) for s in store.spans.of_document(uid)])
            for uid in store.documents.uids()]


def test_text_files_and_folders(store, seed_articles: list[Path]) -> None:
    report = import_paths(store, [seed_articles[0].parent])
    assert report.ok
    assert store.documents.count() == len(seed_articles)
    doc = store.documents.get(document_id(seed_articles[0].read_text(encoding="utf-8")))
    assert doc.title == "Russia to Continue Military Cooperation with Cuba, Nicaragua & Venezuela"
    again = import_paths(store, seed_articles[:1])
    assert again.files[0].imported == 1 and again.files[0].new_documents == 0
    assert store.documents.count() == len(seed_articles)


def test_text_is_kept_except_newlines(store, tmp_path: Path) -> None:
    raw = "\ufeffTitle line  \r\n\r\n  Caf\u0065\u0301 said “no”\rend  \r\n"
    path = tmp_path / "a.txt"
    path.write_bytes(raw.encode("utf-8"))
    assert import_paths(store, [path]).ok
    (uid,) = store.documents.uids()
    assert store.documents.get(uid).text == "Title line  \n\n  Caf\u0065\u0301 said “no”\nend  \n"
    assert store.documents.get(uid).title == "Title line"


def test_legacy_encoding_is_detected(store, tmp_path: Path) -> None:
    path = tmp_path / "latin.txt"
    text = "Le ministre a déclaré à la presse que les négociations continuent. " * 5
    path.write_bytes(text.encode("cp1252"))
    assert import_paths(store, [path]).ok
    assert "déclaré" in store.documents.get(store.documents.uids()[0]).text


@pytest.mark.parametrize(("content", "reason"), [
    (b"", "empty file"),
    (b"\x00\x01\x02binary\x00", "binary file"),
])
def test_bad_text_files_are_reported(store, tmp_path: Path, content: bytes, reason: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    report = import_paths(store, [path])
    assert not report.ok
    assert report.errors == [f"{path}: {report.errors[0].split(': ', 1)[1]}"]
    assert reason in report.errors[0]
    assert store.documents.count() == 0


def test_prodigy_tasks(store, tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "tasks.jsonl", [
        {"text": "Putin sent Tu-160 bombers.", "meta": {"source": "wire"},
         "spans": [{"start": 0, "end": 5, "label": "actor"},
                   {"start": 11, "end": 17, "label": "weapon"}],
         "_annotator_id": "news-alice", "answer": "accept"},
        {"text": "Rejected one.", "spans": [], "answer": "reject"},
        {"text": "Ignored one.", "answer": "ignore"},
        {"text": "No annotator here.", "spans": [{"start": 0, "end": 2, "label": "actor"}],
         "_session_id": "news-bob"},
    ])
    report = import_paths(store, [path])
    assert report.ok, report.errors
    assert (report.files[0].imported, report.files[0].skipped) == (2, 2)
    uid = document_id("Putin sent Tu-160 bombers.")
    assert store.documents.get(uid).source == "wire"
    assert [(s.label, s.annotator) for s in store.spans.of_document(uid)] == [
        ("actor", "news-alice"), ("weapon", "news-alice")]
    assert store.spans.of_document(document_id("No annotator here."))[0].annotator == "news-bob"
    # Importing again duplicates nothing.
    import_paths(store, [path])
    assert len(store.spans.of_document(uid)) == 2


def test_stop_refuses_the_whole_file_and_lists_every_bad_record(store, tmp_path: Path) -> None:
    good = {"text": "Good text.", "spans": [{"start": 0, "end": 4, "label": "claim"}],
            "_annotator_id": "a"}
    path = write_jsonl(tmp_path / "mixed.jsonl", [
        good,
        "{not json",
        {"text": "Short.", "spans": [{"start": 2, "end": 40, "label": "actor"}],
         "_annotator_id": "a"},
        {"text": "Backwards.", "spans": [{"start": 5, "end": 2, "label": "actor"}],
         "_annotator_id": "a"},
        {"text": "Unknown.", "spans": [{"start": 0, "end": 3, "label": "vehicle"}],
         "_annotator_id": "a"},
        {"spans": []},
        {"text": "Anonymous.", "spans": [{"start": 0, "end": 3, "label": "actor"}]},
    ])
    report = import_paths(store, [path])
    assert not report.ok and report.files[0].refused
    lines = [e.split(": ", 1)[0] for e in report.errors]
    assert lines == [f"{path}:{n}" for n in (2, 3, 4, 5, 6, 7)]
    assert "invalid JSON" in report.errors[0]
    assert "outside the text" in report.errors[1]
    assert "start must be < end" in report.errors[2]
    assert "unknown label 'vehicle'" in report.errors[3]
    assert "'text'" in report.errors[4]
    assert "annotator" in report.errors[5]
    assert store.documents.count() == 0
    assert "vehicle" not in [label.name for label in store.labels.all(include_archived=True)]

    report = import_paths(store, [path], on_error="skip", add_labels=True, annotator="anon")
    assert report.files[0].imported == 3  # good, vehicle (label added), anonymous
    assert report.files[0].failed == 4
    assert store.documents.count() == 3
    assert "vehicle" in [label.name for label in store.labels.all()]


def test_crlf_in_jsonl_keeps_spans_on_their_characters(store, tmp_path: Path) -> None:
    text = "Line one\r\nLavrov 😀 said\r\nmore"
    start = text.index("Lavrov")
    path = write_jsonl(tmp_path / "crlf.jsonl", [
        {"text": text, "spans": [{"start": start, "end": start + 6, "label": "actor"},
                                 {"start": start, "end": len(text), "label": "quote"}],
         "_annotator_id": "a"}])
    assert import_paths(store, [path]).ok
    doc = store.documents.get(store.documents.uids()[0])
    assert "\r" not in doc.text
    spans = store.spans.of_document(doc.id)
    assert [doc.text[s.start:s.end] for s in spans] == ["Lavrov", "Lavrov 😀 said\nmore"]


def test_document_id_must_match_text(store, tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "id.jsonl", [
        {"text": "Some text.", "meta": {"document_id": document_id("Other text.")}}])
    report = import_paths(store, [path])
    assert "does not match the text" in report.errors[0]


def test_relations_are_imported(store, tmp_path: Path) -> None:
    text = "“We will continue,” Lavrov said."
    quote = {"start": 0, "end": 19, "label": "quote"}
    actor = {"start": 20, "end": 26, "label": "actor"}
    path = write_jsonl(tmp_path / "rel.jsonl", [
        {"text": text, "spans": [quote, actor], "_annotator_id": "a",
         "relations": [{"head_span": quote, "child_span": actor, "label": "speaker"}]}])
    assert import_paths(store, [path]).ok
    (rel,) = store.spans.relations(document_id(text))
    assert (text[rel.head.start:rel.head.end], text[rel.child.start:rel.child.end],
            rel.label) == ("“We will continue,”", "Lavrov", "speaker")


def test_cancel_rolls_back_the_file_in_progress(store, tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "many.jsonl",
                       [{"text": f"Article number {i}."} for i in range(2000)])
    calls = []

    def progress(done: int, total: int) -> bool:
        calls.append(done)
        return len(calls) < 1000

    report = import_paths(store, [path], progress=progress)
    assert report.cancelled
    assert store.documents.count() == 0
