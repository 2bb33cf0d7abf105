"""Importing each format through the service: detection, options, and bad input
reported as file:line (or file:task N): reason, with nothing half-written."""

import json
from pathlib import Path

from annotator.core.model import AnnotatorKind, Status, document_id
from annotator.services.importing import import_paths
from annotator.services.interchange import ImportOptions, detect_format

PAGE = """<!DOCTYPE html><html><head><title>Bombers land in Caracas | World News</title>
<meta property="article:published_time" content="2023-04-05"></head><body>
<nav><a href="/">Home</a> | <a href="/world">World</a> | <a href="/s">Subscribe</a></nav>
<article><h1>Bombers land in Caracas</h1>
<p>Moscow said on Tuesday that two Tu-160 bombers had landed in Caracas after a ten-hour
flight over the Atlantic, the defence ministry reported.</p>
<p>“We will continue,” Lavrov said, according to the ministry. The visit follows months of
talks between the two governments about military cooperation.</p></article>
<div class="newsletter">Subscribe to our newsletter for daily updates!</div>
<footer>Copyright 2023 World News. All rights reserved.</footer></body></html>"""


def test_html_page_becomes_a_clean_article(store, tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(PAGE, encoding="utf-8")
    empty = tmp_path / "empty.htm"
    empty.write_text("<html><body><nav>Home</nav></body></html>", encoding="utf-8")
    report = import_paths(store, [tmp_path], on_error="skip")
    assert [f.format for f in report.files] == ["html", "html"]
    assert report.errors == [
        f"{empty}: no article text could be extracted from the page (only 'Home')"]
    (uid,) = store.documents.uids()
    doc = store.documents.get(uid)
    assert doc.title == "Bombers land in Caracas"
    assert doc.meta["date"] == "2023-04-05"
    assert "Tu-160 bombers" in doc.text and "“We will continue,” Lavrov said" in doc.text
    assert "Subscribe" not in doc.text and "Copyright" not in doc.text


def test_csv_rows_become_documents(store, tmp_path: Path) -> None:
    path = tmp_path / "articles.tsv"
    path.write_text("headline\tbody\tdesk\nTalks\t\"Lavrov said no.\r\nMore.\"\tworld\n"
                    "Bombers\tTu-160 landed.\tdefence\n", encoding="utf-8")
    report = import_paths(store, [path], options=ImportOptions(text_column="body",
                                                               title_column="headline"))
    assert report.ok, report.errors
    docs = [store.documents.get(u) for u in store.documents.uids()]
    assert [(d.title, d.text, d.meta) for d in docs] == [
        ("Talks", "Lavrov said no.\nMore.", {"desk": "world"}),
        ("Bombers", "Tu-160 landed.", {"desk": "defence"})]
    bad = import_paths(store, [path])  # no column "text"
    assert bad.errors == [f"{path}:1: no column 'text' (columns: headline, body, desk); "
                          "choose one with --text-column"]


def test_detection_by_suffix_and_content(tmp_path: Path) -> None:
    cases = {
        "a.jsonl": '{"text": "x", "spans": []}\n',
        "b.jsonl": '{"text": "x", "label": [[0, 1, "actor"]]}\n',
        "c.data": '{"text": "x", "entities": []}\n',
        "d.json": '[{"data": {"text": "x"}}]',
        "e.dump": '\n  [{"data": {"text": "x"}}]',
        "f.csv": "text\nx\n",
        "g.page": "<!doctype html><html><p>x</p></html>",
        "h.notes": "Just an article.",
    }
    expected = ["jsonl", "doccano", "doccano", "labelstudio", "labelstudio", "csv", "html",
                "text"]
    for (name, content), kind in zip(cases.items(), expected, strict=True):
        (tmp_path / name).write_text(content, encoding="utf-8")
        assert detect_format(tmp_path / name) == kind, name


def test_labelstudio_predictions_and_annotator(store, tmp_path: Path) -> None:
    text = "Shoigu praised the Su-57."
    region = {"id": "a", "type": "labels", "value": {"start": 0, "end": 6, "text": "Shoigu",
                                                     "labels": ["actor"]}}
    tasks = [{"id": 1, "data": {"text": text},
              "annotations": [{"completed_by": {"id": 4, "email": "ann@example.org"},
                               "result": [region]},
                              {"completed_by": 5, "was_cancelled": True, "result": []}],
              "predictions": [{"model_version": "ner-3", "result": [
                  {"id": "w", "type": "labels",
                   "value": {"start": 19, "end": 24, "labels": ["weapon"]}}]}]}]
    path = tmp_path / "export.json"
    path.write_text(json.dumps(tasks), encoding="utf-8")
    report = import_paths(store, [path])
    assert report.ok and report.files[0].skipped == 1
    spans = store.spans.of_document(document_id(text))
    assert [(s.label, s.annotator, s.status, s.origin.value) for s in spans] == [
        ("actor", "ann@example.org", Status.ACCEPTED, "import"),
        ("weapon", "labelstudio-model:ner-3", Status.SUGGESTED, "model")]
    assert ("labelstudio-model:ner-3", AnnotatorKind.MODEL) in store.annotators.all()

    report = import_paths(store, [path], annotator="reviewer",
                          options=ImportOptions(predictions="skip"))
    assert report.ok and report.files[0].skipped == 2
    assert {s.annotator for s in store.spans.of_document(document_id(text))} == {
        "ann@example.org", "labelstudio-model:ner-3", "reviewer"}


def test_every_kind_of_bad_record_is_located(store, tmp_path: Path) -> None:
    known = "Known article text."
    store.documents.add(__import__("annotator.core.model", fromlist=["Document"])
                       .Document.from_text(known))
    doccano = tmp_path / "d.jsonl"
    doccano.write_text("\n".join([
        json.dumps({"text": "Fine.", "label": [[0, 4, "actor"]], "annotator": "a"}),
        '{"text": "broken',
        json.dumps({"text": 5, "label": []}),
        json.dumps({"text": "😀 x", "label": [[1, 2, "actor"]], "annotator": "a"}),
        json.dumps({"text": "Out.", "label": [[0, 9, "actor"]], "annotator": "a"}),
        json.dumps({"text": "Odd.", "label": [[0, 3, "vehicle"]], "annotator": "a"}),
        json.dumps({"text": "Other text.", "label": [],
                    "meta": {"document_id": document_id(known)}}),
    ]) + "\n", encoding="utf-8")
    report = import_paths(store, [doccano])
    assert not report.ok and report.files[0].refused
    where = [e.split(": ", 1)[0] for e in report.errors]
    assert where == [f"{doccano}:{n}" for n in (2, 3, 4, 5, 6, 7)]
    reasons = " | ".join(report.errors)
    for part in ("invalid JSON", "non-string 'text'", "splits a surrogate pair",
                 "does not fit the text as UTF-16", "unknown label 'vehicle'",
                 "does not match the text"):
        assert part in reasons
    assert store.documents.count() == 1  # nothing half-written

    skip = import_paths(store, [doccano], on_error="skip")
    assert skip.files[0].imported == 1 and skip.files[0].failed == 6
    assert store.documents.count() == 2

    ls = tmp_path / "ls.json"
    ls.write_text(json.dumps([{"id": 9, "data": {"text": "Odd."}, "annotations": [
        {"completed_by": 1, "result": [{"id": "x", "type": "labels", "value": {
            "start": 0, "end": 3, "labels": ["vehicle"]}}]}]}]), encoding="utf-8")
    report = import_paths(store, [ls])
    assert report.errors == [f"{ls}:task 1 (id 9): unknown label 'vehicle' "
                             "(define it first or pass --add-labels)"]
