"""Every importer fed generated and mutated files: whatever the bytes, the import ends
in a report (never an exception), every error says which file, and a refused file
leaves the store exactly as it was.

The example budget is fixed and small, so the whole suite stays fast; the
generators aim at the shapes the readers expect (known keys, offsets that may or
may not fit, wrong types), which finds more than random bytes do.
`FUZZ_EXAMPLES=5000` runs a longer random search by hand.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.services.importing import import_paths
from annotator.store import open_store

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "0"))
BUDGET = settings(max_examples=EXAMPLES or 40, deadline=None, derandomize=not EXAMPLES,
                  suppress_health_check=[HealthCheck.too_slow,
                                         HealthCheck.function_scoped_fixture])

KEYS = ["text", "spans", "start", "end", "label", "tokens", "token_start", "token_end",
        "relations", "head_span", "child_span", "meta", "title", "source", "document_id",
        "_annotator_id", "answer", "entities", "id", "start_offset", "end_offset", "from_id",
        "to_id", "type", "data", "annotations", "result", "value", "labels", "completed_by",
        "predictions", "model_version", "direction", "was_cancelled", "ws", "annotator"]
TEXTS = ["Lavrov met Shoigu.", "😀 Lavrov said", "", " ", "a\r\nb\rc", "\x00", "\ud83d",
         "Cañón", "x" * 300]

scalars = (st.none() | st.booleans() | st.integers(-3, 40) | st.sampled_from(TEXTS)
           | st.sampled_from(KEYS) | st.floats(allow_nan=True) | st.text(max_size=5))
values = st.recursive(
    scalars,
    lambda inner: (st.lists(inner, max_size=4)
                   | st.dictionaries(st.sampled_from(KEYS), inner, max_size=6)),
    max_leaves=25)


def near(valid: st.SearchStrategy) -> st.SearchStrategy:
    """Mostly what the reader expects (7 in 8), sometimes any JSON value."""
    return st.integers(0, 7).flatmap(lambda n: values if n == 0 else valid)


offset = near(st.integers(-1, 25))
ident = near(st.integers(0, 3) | st.sampled_from(["a", "b"]))
label = near(st.sampled_from(["actor", "weapon", "a b", "x" * 300, "", "\x00"]))
text = near(st.sampled_from(TEXTS))
span = near(st.fixed_dictionaries(
    {"start": offset, "end": offset, "label": label},
    optional={"text": text, "token_start": offset, "token_end": offset}))
prodigy = near(st.fixed_dictionaries(
    {"text": text},
    optional={"spans": near(st.lists(span, max_size=3)),
              "relations": near(st.lists(near(st.fixed_dictionaries(
                  {"head_span": span, "child_span": span, "label": label})), max_size=2)),
              "tokens": near(st.lists(near(st.fixed_dictionaries(
                  {"start": offset, "end": offset, "text": text})), max_size=4)),
              "meta": near(st.dictionaries(st.sampled_from(["title", "source", "document_id",
                                                            "x"]), text, max_size=3)),
              "_annotator_id": text, "answer": near(st.sampled_from(["accept", "reject"])),
              "label": values}))
doccano = near(st.fixed_dictionaries(
    {"text": text},
    optional={"label": near(st.lists(near(st.tuples(offset, offset, label).map(list)),
                                     max_size=3)),
              "entities": near(st.lists(near(st.fixed_dictionaries(
                  {"id": ident, "label": label, "start_offset": offset,
                   "end_offset": offset})), max_size=3)),
              "relations": near(st.lists(near(st.fixed_dictionaries(
                  {"id": ident, "from_id": ident, "to_id": ident, "type": label})),
                  max_size=2)),
              "annotator": text, "spans": values}))
region = near(st.fixed_dictionaries(
    {"id": ident, "type": near(st.sampled_from(["labels", "choices"])),
     "value": near(st.fixed_dictionaries(
         {"start": offset, "end": offset, "labels": near(st.lists(label, max_size=2))},
         optional={"text": text}))}))
link = near(st.fixed_dictionaries(
    {"type": st.just("relation"), "from_id": ident, "to_id": ident},
    optional={"labels": near(st.lists(label, max_size=2)),
              "direction": near(st.sampled_from(["right", "left"]))}))
annotation = near(st.fixed_dictionaries(
    {"result": near(st.lists(region | link, max_size=4))},
    optional={"completed_by": near(st.integers(0, 3) | st.sampled_from(["alice", ""])),
              "was_cancelled": values, "model_version": values,
              "meta": near(st.fixed_dictionaries({}, optional={"annotator": text}))}))
task = near(st.fixed_dictionaries(
    {"data": near(st.fixed_dictionaries({"text": text}, optional={"title": text}))},
    optional={"id": ident, "annotations": near(st.lists(annotation, max_size=2)),
              "predictions": near(st.lists(annotation, max_size=2)), "meta": values}))


def mutate(data: bytes, cut: int, junk: bytes) -> bytes:
    """Cut the bytes somewhere and splice in a few others."""
    if not data:
        return junk
    at = cut % (len(data) + 1)
    return data[:at] + junk + data[at + len(junk) // 2:]


@pytest.fixture(scope="module")
def fuzz_store(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    with open_store(tmp_path_factory.mktemp("fuzz") / "fuzz.sqlite3") as store:
        yield store


def check_import(store, path: Path, fmt: str) -> None:  # type: ignore[no-untyped-def]
    before = store.reads.stats()
    report = import_paths(store, [path], fmt=fmt, annotator="fuzz", add_labels=True)
    (file_report,) = report.files
    for error in report.errors:
        assert error.startswith(str(path)), error
        assert "Traceback" not in error
    if file_report.refused:
        assert store.reads.stats() == before, "a refused file changed the store"
    else:
        assert file_report.failed == 0
    assert file_report.line()  # the summary can be written


@BUDGET
@given(data=st.data(), cut=st.integers(0, 10_000), junk=st.binary(max_size=6),
       mutated=st.booleans())
@pytest.mark.parametrize(("fmt", "suffix"), [("jsonl", ".jsonl"), ("doccano", ".jsonl"),
                                             ("auto", ".jsonl")])
def test_json_lines_importers(fuzz_store, tmp_path: Path, fmt: str, suffix: str,
                              data: st.DataObject, cut: int, junk: bytes,
                              mutated: bool) -> None:
    shape = {"jsonl": prodigy, "doccano": doccano, "auto": prodigy | doccano}[fmt]
    lines = data.draw(st.lists(shape, max_size=4))
    raw = "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines
                  ).encode("utf-8", "surrogatepass")
    path = tmp_path / f"fuzz{suffix}"
    path.write_bytes(mutate(raw, cut, junk) if mutated else raw)
    check_import(fuzz_store, path, fmt)


@BUDGET
@given(tasks=st.lists(task, max_size=4), cut=st.integers(0, 10_000),
       junk=st.binary(max_size=6), mutated=st.booleans())
def test_labelstudio_importer(fuzz_store, tmp_path: Path, tasks: list, cut: int,
                              junk: bytes, mutated: bool) -> None:
    raw = json.dumps(tasks, ensure_ascii=False).encode("utf-8", "surrogatepass")
    path = tmp_path / "fuzz.json"
    path.write_bytes(mutate(raw, cut, junk) if mutated else raw)
    check_import(fuzz_store, path, "labelstudio")


@BUDGET
@given(data=st.binary(max_size=300) | st.text(max_size=200).map(
    lambda t: t.encode("utf-8", "surrogatepass")),
    encoding=st.sampled_from(["utf-8", "utf-16", "utf-32", "latin-1", "cp1250"]),
    text=st.text(max_size=100))
@pytest.mark.parametrize(("fmt", "suffix"), [("text", ".txt"), ("csv", ".csv"),
                                             ("csv", ".tsv"), ("html", ".html")])
def test_text_like_importers(fuzz_store, tmp_path: Path, fmt: str, suffix: str,
                             data: bytes, encoding: str, text: str) -> None:
    path = tmp_path / f"fuzz{suffix}"
    try:
        encoded = text.encode(encoding)
    except UnicodeEncodeError:
        encoded = b""
    header = b"text,title\n" if fmt == "csv" else b""
    path.write_bytes(header + encoded + data)
    check_import(fuzz_store, path, fmt)
