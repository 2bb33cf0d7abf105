"""Every format that can hold our data gives it back unchanged; the others say what
they drop. Texts with emoji, ZWJ sequences and CRLF line breaks throughout."""

import json
from pathlib import Path

import pytest

from annotator.core.model import document_id
from annotator.services.importing import import_paths
from annotator.services.interchange import EXPORT_FORMATS, IMPORT_FORMATS, ImportOptions, export
from annotator.store import open_store

ARTICLES = [
    "Russia 😀 and Cuba\r\nLavrov said “we will 🚀 continue” on Tuesday.\r\n",
    "👨‍👩‍👧 Shoigu praised the Tu-160 and the 🇫🇷 An-124.\n",
]


def span(text: str, sub: str, label: str, nth: int = 0) -> dict:
    start = -1
    for _ in range(nth + 1):
        start = text.index(sub, start + 1)
    return {"start": start, "end": start + len(sub), "label": label}


def source_tasks() -> list[dict]:
    a, b = ARTICLES
    quote = span(a, "“we will 🚀 continue”", "quote")
    lavrov = span(a, "Lavrov", "actor")
    claim = span(a, "Lavrov said “we will 🚀 continue” on Tuesday.", "claim")
    return [
        {"text": a, "meta": {"title": "Talks", "source": "wire", "batch": 3},
         "spans": [span(a, "Russia", "actor"), lavrov, quote, claim],
         "relations": [{"head_span": quote, "child_span": lavrov, "label": "speaker"}],
         "_annotator_id": "alice"},
        {"text": a, "spans": [span(a, "Cuba", "actor"), claim], "_annotator_id": "bob"},
        {"text": b, "meta": {"source": "blog"},
         "spans": [span(b, "Shoigu", "actor"), span(b, "Tu-160", "weapon"),
                   span(b, "Shoigu praised the Tu-160", "claim")],
         "_annotator_id": "alice"},
    ]


def snapshot(store) -> list:  # type: ignore[no-untyped-def]
    out = []
    for uid in store.documents.uids():
        doc = store.documents.get(uid)
        out.append((doc.id, doc.text, doc.title, doc.source, doc.meta,
                    [(s.start, s.end, s.label, s.annotator, s.status.value)
                     for s in store.spans.of_document(uid)],
                    sorted((r.head.start, r.head.end, r.child.start, r.child.end, r.label)
                           for r in store.spans.relations(uid))))
    return out


@pytest.fixture
def filled(tmp_path: Path):  # type: ignore[no-untyped-def]
    source = tmp_path / "source.jsonl"
    source.write_text("".join(json.dumps(t, ensure_ascii=False) + "\n" for t in source_tasks()),
                      encoding="utf-8")
    with open_store(tmp_path / "a.sqlite3") as store:
        report = import_paths(store, [source])
        assert report.ok, report.errors
        yield store


@pytest.mark.parametrize(("fmt", "options", "suffix"), [
    ("jsonl", {}, ".jsonl"),
    ("doccano-rel", {}, ".jsonl"),
    ("doccano-rel", {"offsets": "codepoints"}, ".jsonl"),
    ("labelstudio", {}, ".json"),
    ("labelstudio", {"offsets": "utf16"}, ".json"),
])
def test_round_trip_is_exact(filled, tmp_path: Path, fmt: str, options: dict,
                             suffix: str) -> None:
    before = snapshot(filled)
    assert "\r" not in before[0][1] and before[0][0] == document_id(before[0][1])
    out = tmp_path / f"out{suffix}"
    report = export(filled, out, fmt, **options)
    assert report.dropped == {}
    unit = ImportOptions(offsets=options.get("offsets"))
    with open_store(tmp_path / "b.sqlite3") as other:
        back = import_paths(other, [out], options=unit)
        assert back.ok, back.errors
        assert back.files[0].format == ("doccano" if fmt == "doccano-rel" else fmt)
        assert snapshot(other) == before


def test_doccano_offsets_are_utf16_by_default(filled, tmp_path: Path) -> None:
    export(filled, tmp_path / "d.jsonl", "doccano-rel")
    first = json.loads((tmp_path / "d.jsonl").read_text(encoding="utf-8").splitlines()[0])
    text = first["text"]
    utf16 = text.encode("utf-16-le")
    for ent in first["entities"]:
        covered = utf16[2 * ent["start_offset"]:2 * ent["end_offset"]].decode("utf-16-le")
        assert covered in text
    # Read as code points, the same file is refused line by line with the reason.
    with open_store(tmp_path / "c.sqlite3") as other:
        wrong = import_paths(other, [tmp_path / "d.jsonl"],
                             options=ImportOptions(offsets="codepoints"))
        assert not wrong.ok and other.documents.count() == 0
        assert any("does not fit the text as code points" in e and "try --offsets utf16" in e
                   for e in wrong.errors)
        assert "--offsets" in wrong.summary()


def test_lossy_formats_say_what_they_drop(filled, tmp_path: Path) -> None:
    report = export(filled, tmp_path / "d.jsonl", "doccano")
    assert report.dropped == {
        "relations (doccano's label form has none; use --format doccano-rel)": 1}
    with open_store(tmp_path / "b.sqlite3") as other:
        assert import_paths(other, [tmp_path / "d.jsonl"]).ok
        assert [row[:6] for row in snapshot(other)] == [row[:6] for row in snapshot(filled)]

    report = export(filled, tmp_path / "out.conll", "conll", labels="claim,actor")
    assert report.dropped["spans with labels outside --labels"] == 2  # quote, weapon
    # alice's and bob's spans of article one merge; the claim swallows Lavrov, Cuba's fine.
    overlap = "spans overlapping a span that takes priority"
    assert report.dropped[overlap] == 2  # Lavrov inside the claim, Shoigu inside the claim
    assert any("Lavrov" in e for e in report.examples[overlap])
    conll = (tmp_path / "out.conll").read_text(encoding="utf-8")
    assert conll.startswith("-DOCSTART- -X- -X- O\n\nRussia -X- _ B-actor\n")
    assert "Lavrov -X- _ B-claim\nsaid -X- _ I-claim\n" in conll


def test_format_lists_for_the_file_menu() -> None:
    assert [f.name for f in IMPORT_FORMATS] == ["text", "jsonl", "doccano", "labelstudio",
                                                "csv", "html"]
    assert [f.name for f in EXPORT_FORMATS] == ["jsonl", "doccano", "doccano-rel",
                                                "labelstudio", "spacy", "conll"]
    spacy = next(f for f in EXPORT_FORMATS if f.name == "spacy")
    assert spacy.file_filter == "spaCy DocBin (*.spacy)"
    assert {o.name for o in spacy.options} >= {"spans_key", "ents", "align", "split", "seed"}
