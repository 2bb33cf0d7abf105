"""Input that looks almost right: refused with a located reason, or read exactly and
said how; never stored wrong, never dropped in silence."""

import json
import os
from pathlib import Path

import pytest

from annotator.core.errors import AnnotatorError
from annotator.core.model import NAME_MAX
from annotator.services.importing import import_paths
from annotator.services.interchange import ImportOptions

EMOJI = "😀 Lavrov said"  # "Lavrov" is [2, 8) in code points, [3, 9) in UTF-16 units


def lines(path: Path, *objs: object) -> Path:
    path.write_text("".join(json.dumps(o, ensure_ascii=False) + "\n" for o in objs),
                    encoding="utf-8")
    return path


def texts(store) -> list[str]:  # type: ignore[no-untyped-def]
    return [store.documents.get(uid).text for uid in store.documents.uids()]


# ---------------------------------------------------------------- detection


def test_a_doccano_category_label_is_refused_not_dropped(store, tmp_path: Path) -> None:
    path = lines(tmp_path / "cats.jsonl", *({"text": f"Doc {i} text", "label": "actor"}
                                             for i in range(3)))
    report = import_paths(store, [path], annotator="a")
    (file_report,) = report.files
    assert file_report.format == "doccano" and file_report.failed == 3
    assert report.errors[0] == (f"{path}:1: 'label' is a document category ('actor', text "
                                "classification), not spans: Annotator imports spans only")
    assert store.documents.count() == 0


@pytest.mark.parametrize(("fmt", "line", "hint"), [
    ("jsonl", {"text": "Lavrov met Shoigu", "label": [[0, 6, "actor"]]}, "--format doccano"),
    ("jsonl", {"text": "Lavrov met Shoigu", "entities": []}, "--format doccano"),
    ("jsonl", {"text": "Lavrov met Shoigu", "label": "sports"}, "document category"),
    ("doccano", {"text": "Lavrov met Shoigu", "spans": [{"start": 0, "end": 6,
                                                           "label": "actor"}]},
     "--format jsonl"),
])
def test_a_line_of_the_other_dialect_is_refused(store, tmp_path: Path, fmt: str,
                                                line: dict, hint: str) -> None:
    # The first line decides the dialect; a later line of the other one must not lose
    # its annotations.
    path = lines(tmp_path / "mixed.jsonl", {"text": "A first plain line"}, line)
    report = import_paths(store, [path], fmt=fmt, annotator="a")
    assert len(report.errors) == 1 and report.errors[0].startswith(f"{path}:2: ")
    assert hint in report.errors[0]
    assert store.documents.count() == 0


# ------------------------------------------------------ span text vs offsets


def test_prodigy_span_text_must_match_its_offsets(store, tmp_path: Path) -> None:
    path = lines(tmp_path / "p.jsonl",
                 {"text": EMOJI, "spans": [{"start": 3, "end": 9, "label": "actor",
                                            "text": "Lavrov"}]},
                 {"text": EMOJI, "spans": [{"start": 2, "end": 8, "label": "actor",
                                            "text": "Lavrov"}]},
                 {"text": EMOJI, "spans": [{"start": 2, "end": 8, "label": "actor",
                                            "text": "Shoigu"}]})
    report = import_paths(store, [path], annotator="a")
    assert report.errors == [
        f"{path}:1: spans[0]: text 'Lavrov' is not at [3, 9), which holds 'avrov '; counted "
        "in UTF-16 units (as JavaScript tools count) they fit: this format takes code points",
        f"{path}:3: spans[0]: text 'Shoigu' is not at [2, 8), which holds 'Lavrov'; counted "
        "in UTF-16 units they do not fit either"]
    assert store.documents.count() == 0


def test_relation_ends_are_checked_too(store, tmp_path: Path) -> None:
    head = {"start": 2, "end": 8, "label": "actor", "text": "Lavrov"}
    child = {"start": 9, "end": 13, "label": "claim", "text": "sai"}
    path = lines(tmp_path / "r.jsonl", {"text": EMOJI, "spans": [head], "relations": [
        {"head_span": head, "child_span": child, "label": "says"}]})
    report = import_paths(store, [path], annotator="a")
    assert report.errors[0].startswith(f"{path}:1: relations[0].child_span: text 'sai'")


# ------------------------------------------------------------ nothing to import


def test_paths_with_nothing_to_import_are_errors(store, tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    other = tmp_path / "other"
    other.mkdir()
    (other / "notes.docx").write_bytes(b"PK")
    (other / ".hidden.txt").write_text("hidden", encoding="utf-8")
    loop = tmp_path / "loop"
    loop.mkdir()
    (loop / "self").symlink_to(loop)
    selfloop = tmp_path / "selfloop.txt"
    selfloop.symlink_to(selfloop)
    report = import_paths(store, [empty, other, loop, selfloop, tmp_path / "missing.txt"])
    assert not report.ok
    assert [e.split(": ", 1)[0] for e in report.errors] == [
        str(empty), str(other), str(loop), str(selfloop), str(tmp_path / "missing.txt")]
    assert "no files to import in this folder (looked for .csv" in report.errors[0]
    assert report.summary().splitlines()[0] == f"{empty}: nothing imported"


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads unreadable folders")
def test_an_unreadable_subfolder_is_named(store, tmp_path: Path) -> None:
    (tmp_path / "ok.txt").write_text("An article.", encoding="utf-8")
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0)
    try:
        report = import_paths(store, [tmp_path])
    finally:
        locked.chmod(0o700)
    assert report.errors == [f"{locked}: cannot read this folder (Permission denied); "
                             "its files were not imported"]
    assert store.documents.count() == 1


# ----------------------------------------------------------------- encodings


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-32", "utf-32-le"])
def test_utf16_and_utf32_with_a_bom_are_text(store, tmp_path: Path, encoding: str) -> None:
    text = "Notepad title\r\nCañón 😀 said “no”.\r\n"
    path = tmp_path / "notepad.txt"
    bom = {"utf-16-be": b"\xfe\xff", "utf-32-le": b"\xff\xfe\x00\x00"}.get(encoding, b"")
    path.write_bytes(bom + text.encode(encoding))
    report = import_paths(store, [path])
    assert report.ok, report.errors
    assert texts(store) == ["Notepad title\nCañón 😀 said “no”.\n"]
    assert report.notices == [f"{path}: decoded as {encoding[:6]}, not UTF-8; if the text "
                              "looks wrong, import it again with --encoding NAME"]


def test_excel_unicode_text_tsv(store, tmp_path: Path) -> None:
    path = tmp_path / "sheet.tsv"
    path.write_bytes("text\tdesk\r\nCañón 😀 said no.\tworld\r\n".encode("utf-16"))
    report = import_paths(store, [path])
    assert report.ok, report.errors
    assert texts(store) == ["Cañón 😀 said no."]


def test_latin1_prefers_the_western_code_page_and_says_so(store, tmp_path: Path) -> None:
    path = tmp_path / "es.txt"
    path.write_bytes("Cañón de Maiquetía\n".encode("latin-1"))
    report = import_paths(store, [path])
    assert report.ok
    assert texts(store) == ["Cañón de Maiquetía\n"]
    assert report.notices == [f"{path}: decoded as cp1252, not UTF-8; if the text looks "
                              "wrong, import it again with --encoding NAME"]


def test_latin1_csv_is_detected_too(store, tmp_path: Path) -> None:
    path = tmp_path / "es.csv"
    path.write_bytes("text,desk\nCañón de Maiquetía,world\n".encode("latin-1"))
    report = import_paths(store, [path])
    assert report.ok, report.errors
    assert texts(store) == ["Cañón de Maiquetía"]
    assert "decoded as cp1252" in report.notices[0]


def test_encoding_option_overrides(store, tmp_path: Path) -> None:
    path = tmp_path / "pl.txt"
    path.write_bytes("Cañón de Maiquetía\n".encode("latin-1"))
    report = import_paths(store, [path], options=ImportOptions(encoding="cp1250"))
    assert report.ok
    assert texts(store) == ["Cańón de Maiquetía\n"]
    with pytest.raises(AnnotatorError, match="unknown encoding 'klingon'"):
        import_paths(store, [path], options=ImportOptions(encoding="klingon"))
    utf8 = tmp_path / "u.txt"
    utf8.write_bytes("Cañón\n".encode("latin-1"))
    bad = import_paths(store, [utf8], options=ImportOptions(encoding="utf-8"))
    assert bad.errors == [f"{utf8}: not utf-8 text: byte 2 does not decode"]


# ----------------------------------------------------------------------- NUL


@pytest.mark.parametrize(("name", "content"), [
    ("a.csv", 'text,x\n"a\x00b",1\n'),
    ("a.jsonl", json.dumps({"text": "a\x00b"}) + "\n"),
    ("d.jsonl", json.dumps({"text": "a\x00b", "label": []}) + "\n"),
    ("a.json", json.dumps([{"data": {"text": "a\x00b"}}])),
    ("t.jsonl", json.dumps({"text": "ab", "meta": {"title": "x\x00"}}) + "\n"),
    ("long.txt", "x" * 10_000 + "\x00"),
])
def test_nul_is_refused_in_every_format(store, tmp_path: Path, name: str,
                                        content: str) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    report = import_paths(store, [path])
    assert not report.ok
    assert "NUL" in report.errors[0] and report.errors[0].startswith(str(path))
    assert store.documents.count() == 0


# ------------------------------------------------------------------ ids, names


@pytest.mark.parametrize(("entities", "relations", "reason"), [
    ([{"id": 1, "label": "actor", "start_offset": 0, "end_offset": 6},
      {"id": 1, "label": "actor", "start_offset": 11, "end_offset": 17}],
     [{"id": 1, "from_id": 1, "to_id": 1, "type": "met"}],
     "entities[1]: entity id 1 is used twice in this line"),
    ([{"id": 1, "label": "actor", "start_offset": 0, "end_offset": 6},
      {"id": 2, "label": "actor", "start_offset": 11, "end_offset": 17}],
     [{"id": 1, "from_id": 1, "to_id": 2, "type": "met"},
      {"id": 1, "from_id": 2, "to_id": 1, "type": "met"}],
     "relations[1]: relation id 1 is used twice in this line"),
    ([{"id": [1], "label": "actor", "start_offset": 0, "end_offset": 6}], [],
     "entities[0].id must be a string or an integer, got [1]"),
])
def test_doccano_ids_must_be_unique_scalars(store, tmp_path: Path, entities: list,
                                            relations: list, reason: str) -> None:
    path = lines(tmp_path / "rel.jsonl", {"text": "Lavrov met Shoigu", "entities": entities,
                                          "relations": relations})
    report = import_paths(store, [path], annotator="a")
    assert report.errors == [f"{path}:1: {reason}"]
    assert store.documents.count() == 0


def test_names_have_one_length_limit(store, tmp_path: Path) -> None:
    long = "x" * (NAME_MAX + 1)
    path = lines(tmp_path / "n.jsonl",
                 {"text": "Lavrov met Shoigu", "spans": [{"start": 0, "end": 6, "label": long}]},
                 {"text": "Lavrov met Shoigu", "spans": [{"start": 0, "end": 6,
                                                           "label": "ac\ttor"}]},
                 {"text": "Lavrov met Shoigu", "_annotator_id": long,
                  "spans": [{"start": 0, "end": 6, "label": "actor"}]})
    report = import_paths(store, [path], annotator="a", add_labels=True)
    assert report.errors == [
        f"{path}:1: label name 'xxxxxxxxxxxxxxxxxxxx'… is {NAME_MAX + 1} characters long; "
        f"at most {NAME_MAX}",
        f"{path}:2: label name 'ac\\ttor' holds a control character ('\\t')",
        f"{path}:3: annotator name 'xxxxxxxxxxxxxxxxxxxx'… is {NAME_MAX + 1} characters "
        f"long; at most {NAME_MAX}"]
    with pytest.raises(AnnotatorError, match="annotator name"):
        import_paths(store, [path], annotator=long)
    assert store.documents.count() == 0


def test_the_store_holds_every_new_name_to_the_same_limit(store) -> None:
    from annotator.core.errors import InvalidName
    from annotator.core.model import Document, Label, Span

    long = "y" * (NAME_MAX + 1)
    doc = Document.from_text("Lavrov met Shoigu.")
    store.documents.add(doc)
    for attempt in (lambda: store.labels.add(Label(long, "#888888")),
                    lambda: store.labels.update("actor", new_name=long),
                    lambda: store.labels.add(Label("new\nline", "#888888")),
                    lambda: store.annotators.ensure(long),
                    lambda: store.spans.add(doc.id, Span(0, 6, "actor", long))):
        with pytest.raises(InvalidName, match=r"at most 100|control character"):
            attempt()
    assert store.labels.add(Label("x" * NAME_MAX, "#888888")).name == "x" * NAME_MAX
    assert [n for n, _ in store.annotators.all()] == []


def test_label_studio_results_that_are_not_spans_are_counted(store, tmp_path: Path) -> None:
    path = tmp_path / "ls.json"
    path.write_text(json.dumps([{"data": {"text": "Lavrov met Shoigu."}, "annotations": [
        {"result": [{"id": "a", "type": "labels", "value": {"start": 0, "end": 6,
                                                            "labels": ["actor"]}},
                    {"id": "b", "type": "choices", "value": {"choices": ["politics"]}},
                    {"id": "c", "type": "textarea", "value": {"text": ["a note"]}}]}]}]),
                    encoding="utf-8")
    report = import_paths(store, [path], annotator="a")
    assert report.ok
    assert report.notices == [f"{path}: results that are not spans were left out: "
                              "1 of type choices, 1 of type textarea"]
