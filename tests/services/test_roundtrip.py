"""export -> import into an empty store -> export is byte-identical."""

import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from annotator.core.model import Document, Span, document_id, normalise_newlines
from annotator.services.exporting import export_jsonl
from annotator.services.importing import import_paths
from annotator.store import open_store

PIECES = ["word", " ", "\r\n", "\n", "\r", "😀", "👨‍👩‍👧", "🇫🇷", "e\u0301", "قال الوزير",
          "שלום", "“quote”", "Tu-160", "\t", "𝔘", "\u200d"]

texts = st.lists(st.one_of(st.sampled_from(PIECES),
                           st.text(st.characters(exclude_categories=["Cs"]), max_size=5)),
                 min_size=1, max_size=30).map("".join).filter(lambda t: t.strip() != "")


@st.composite
def prodigy_tasks(draw):  # type: ignore[no-untyped-def]
    """A task as another tool writes it: raw text (CRLF and all), overlapping spans."""
    text = draw(texts)
    spans = []
    for _ in range(draw(st.integers(1, 8))):
        start = draw(st.integers(0, len(text) - 1))
        end = draw(st.integers(start + 1, len(text)))
        spans.append({"start": start, "end": end,
                      "label": draw(st.sampled_from(["actor", "weapon", "claim", "quote"]))})
    return {"text": text, "spans": spans, "meta": {"batch": draw(st.integers(0, 3))},
            "_annotator_id": draw(st.sampled_from(["alice", "bob", "Zoë"]))}


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(st.lists(prodigy_tasks(), min_size=1, max_size=6))
def test_export_import_export_is_byte_identical(tmp_path: Path, tasks) -> None:  # type: ignore[no-untyped-def]
    work = Path(tempfile.mkdtemp(dir=tmp_path))
    (work / "raw.jsonl").write_text(
        "".join(json.dumps(t, ensure_ascii=False) + "\n" for t in tasks), encoding="utf-8")
    with open_store(work / "a.sqlite3") as first:
        report = import_paths(first, [work / "raw.jsonl"])
        # A span made of nothing but the CR of a CRLF cannot survive normalisation.
        assume(report.ok)
        for task in tasks:
            doc = first.documents.get(document_id(normalise_newlines(task["text"])))
            stored = {(doc.text[s.start:s.end], s.label)
                      for s in first.spans.of_document(doc.id, [task["_annotator_id"]])}
            for span in task["spans"]:
                raw = task["text"][span["start"]:span["end"]]
                assert (normalise_newlines(raw.replace("\r\n", "\n")), span["label"]) in stored \
                    or "\r" in raw
        export_jsonl(first, work / "one.jsonl")
    with open_store(work / "b.sqlite3") as second:
        report = import_paths(second, [work / "one.jsonl"])
        assert report.ok, report.errors
        export_jsonl(second, work / "two.jsonl")
    assert (work / "one.jsonl").read_bytes() == (work / "two.jsonl").read_bytes()


def test_export_lines_carry_text_meta_spans_and_tokens(store, tmp_path: Path) -> None:
    doc = Document.from_text("Shoigu 😀 praised the Su-57.", source="wire")
    store.documents.add(doc)
    store.spans.add(doc.id, Span(0, 6, "actor", "alice"))
    store.spans.add(doc.id, Span(21, 26, "weapon", "alice"))
    export_jsonl(store, tmp_path / "out.jsonl", tokens=True)
    (line,) = (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()
    record = json.loads(line)
    assert record["meta"] == {"document_id": doc.id, "source": "wire",
                              "title": "Shoigu 😀 praised the Su-57."}
    assert record["_annotator_id"] == "alice" and record["answer"] == "accept"
    tokens = record["tokens"]
    for span in record["spans"]:
        assert record["text"][span["start"]:span["end"]] == span["text"]
        first, last = tokens[span["token_start"]], tokens[span["token_end"]]
        assert (first["start"], last["end"]) == (span["start"], span["end"])
    assert [t["text"] for t in tokens][:3] == ["Shoigu", "😀", "praised"]


def test_export_refuses_unknown_annotator_and_never_half_writes(store, tmp_path: Path) -> None:
    import pytest

    from annotator.core.errors import AnnotatorError

    out = tmp_path / "out.jsonl"
    out.write_text("previous export\n")
    with pytest.raises(AnnotatorError, match="unknown annotator"):
        export_jsonl(store, out, annotators=["nobody"])
    assert out.read_text() == "previous export\n"
    report = export_jsonl(store, out, progress=lambda done, total: False)
    assert out.read_text() == "" or report.records == 0
    assert list(tmp_path.glob("*.part")) == []


def test_only_accepted_spans_are_exported(store, tmp_path: Path) -> None:
    from annotator.core.model import Status

    doc = Document.from_text("Shoigu praised the Su-57.")
    store.documents.add(doc)
    store.spans.add(doc.id, Span(0, 6, "actor", "rev"))
    store.spans.add(doc.id, Span(19, 24, "weapon", "rev", status=Status.REJECTED))
    store.spans.add(doc.id, Span(7, 14, "claim", "rev", status=Status.SUGGESTED))
    export_jsonl(store, tmp_path / "out.jsonl")
    record = json.loads((tmp_path / "out.jsonl").read_text(encoding="utf-8"))
    assert [s["text"] for s in record["spans"]] == ["Shoigu"]
