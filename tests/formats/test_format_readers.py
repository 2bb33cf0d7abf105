"""Readers on their own: bytes in, records (code-point offsets) or located errors out."""

import io
import json

import pytest

from annotator.core.errors import RecordError
from annotator.core.offsets import OffsetMap
from annotator.formats.doccano import read_doccano
from annotator.formats.labelstudio import read_labelstudio
from annotator.formats.records import Record, Skipped
from annotator.formats.table import read_table
from annotator.formats.units import OffsetProblem, to_codepoints

EMOJI_TEXT = "😀 Lavrov met 👨‍👩‍👧 Shoigu."  # 1 + 5 astral characters before "Shoigu"


def lines(*objs: object) -> io.BytesIO:
    return io.BytesIO("".join(json.dumps(o, ensure_ascii=False) + "\n"
                              for o in objs).encode("utf-8"))


def utf16(text: str, sub: str) -> tuple[int, int]:
    start = text.index(sub)
    omap = OffsetMap(text)
    return omap.to_utf16(start), omap.to_utf16(start + len(sub))


def results(items) -> list:  # type: ignore[no-untyped-def]
    return [item for _, item in items]


def test_units_convert_and_explain() -> None:
    omap = OffsetMap(EMOJI_TEXT)
    s16, e16 = utf16(EMOJI_TEXT, "Shoigu")
    assert to_codepoints(s16, e16, "utf16", omap) == (EMOJI_TEXT.index("Shoigu"),
                                                     EMOJI_TEXT.index("Shoigu") + 6)
    with pytest.raises(OffsetProblem, match="splits a surrogate pair"):
        to_codepoints(1, 3, "utf16", omap)
    n = len(EMOJI_TEXT)
    with pytest.raises(OffsetProblem, match="fits as UTF-16 units"):
        to_codepoints(n - 1, n + 3, "codepoints", omap)


def test_doccano_both_forms_in_utf16() -> None:
    s16, e16 = utf16(EMOJI_TEXT, "Shoigu")
    l16 = utf16(EMOJI_TEXT, "Lavrov")
    got = results(read_doccano(lines(
        {"id": 7, "text": EMOJI_TEXT, "label": [[s16, e16, "actor"]], "batch": "b1"},
        {"text": EMOJI_TEXT,
         "entities": [{"id": 1, "label": "actor", "start_offset": l16[0], "end_offset": l16[1]},
                      {"id": 2, "label": "actor", "start_offset": s16, "end_offset": e16}],
         "relations": [{"id": 1, "from_id": 1, "to_id": 2, "type": "met"}]}), path="d.jsonl"))
    first, second = got
    assert isinstance(first, Record) and isinstance(second, Record)
    (span,) = first.spans
    assert EMOJI_TEXT[span.start:span.end] == "Shoigu"
    assert first.meta == {"batch": "b1", "doccano_id": 7}
    (rel,) = second.relations
    assert (EMOJI_TEXT[rel.head.start:rel.head.end], rel.label,
            EMOJI_TEXT[rel.child.start:rel.child.end]) == ("Lavrov", "met", "Shoigu")


def test_doccano_offsets_counted_in_code_points_are_caught() -> None:
    start = EMOJI_TEXT.index("Shoigu.")
    # "Shoigu." as code points ends at len(text): past nothing in code points, but
    # read as UTF-16 the same numbers land elsewhere; the last span here splits a pair.
    got = results(read_doccano(lines(
        {"text": EMOJI_TEXT, "label": [[start, len(EMOJI_TEXT), "actor"]]},
        {"text": EMOJI_TEXT, "label": [[1, 2, "actor"]]},
        {"text": "short", "label": [[0, 99, "actor"]]},
        {"text": "x", "label": ["positive"]},
        {"text": "x", "entities": [], "relations": [{"from_id": 1, "to_id": 2, "type": "r"}]},
    ), path="d.jsonl"))
    assert isinstance(got[0], Record)  # it fits as UTF-16, just elsewhere: cannot be known
    assert str(got[1]).startswith("d.jsonl:2: label[0]: [1, 2): UTF-16 offset 1 splits")
    assert "does not fit the text as UTF-16 units (length 5)" in str(got[2])
    assert "text classification" in str(got[3])
    assert "entity id 1" in str(got[4])
    assert [type(g) for g in got[1:]] == [RecordError] * 4
    cp = results(read_doccano(lines(
        {"text": EMOJI_TEXT, "label": [[start, start + 6, "actor"]]}), unit="codepoints"))
    assert EMOJI_TEXT[cp[0].spans[0].start:cp[0].spans[0].end] == "Shoigu"


def ls_task(text: str, regions: list[tuple[int, int, str, str]], **extra: object) -> dict:
    return {"id": 11, "data": {"text": text},
            "annotations": [{"completed_by": 3, "result": [
                {"id": rid, "type": "labels", "from_name": "label", "to_name": "text",
                 "value": {"start": s, "end": e, "text": text[s:e] if rid != "bad" else "?",
                           "labels": [label]}}
                for s, e, label, rid in regions] + [
                {"type": "relation", "from_id": "q", "to_id": "a", "labels": ["speaker"]}]}],
            **extra}


def test_labelstudio_annotations_relations_predictions_and_units() -> None:
    text = "“We go 🚀,” Lavrov said."
    quote = (0, text.index(",”") + 2)
    actor = (text.index("Lavrov"), text.index("Lavrov") + 6)
    task = ls_task(text, [(*quote, "quote", "q"), (*actor, "actor", "a")],
                   predictions=[{"model_version": "v2", "result": [
                       {"id": "p", "type": "labels", "value": {
                           "start": actor[0], "end": actor[1], "labels": ["actor"]}}]}])
    # The same task as an older Label Studio wrote it: offsets in UTF-16 units.
    omap = OffsetMap(text)
    old = ls_task(text, [(0, omap.to_utf16(quote[1]), "quote", "q"),
                         (omap.to_utf16(actor[0]), omap.to_utf16(actor[1]), "actor", "a")])
    for region in old["annotations"][0]["result"][:2]:
        region["value"]["text"] = text[slice(*(quote if region["id"] == "q" else actor))]
    stream = io.BytesIO(json.dumps([task, old], ensure_ascii=False).encode("utf-8"))
    got = results(read_labelstudio(stream, path="ls.json"))
    human, model, older = got
    assert human.annotator == "labelstudio-user-3" and human.place == "task 1 (id 11)"
    assert [(text[s.start:s.end], s.label) for s in human.spans] == [
        (text[slice(*quote)], "quote"), ("Lavrov", "actor")]
    assert [r.label for r in human.relations] == ["speaker"]
    assert (model.annotator, model.annotator_kind) == ("labelstudio-model:v2", "model")
    assert [(s.status, s.origin) for s in model.spans] == [("suggested", "model")]
    assert [(s.start, s.end) for s in older.spans] == [(s.start, s.end) for s in human.spans]

    stream.seek(0)
    skipped = results(read_labelstudio(stream, predictions=False, annotator="ann"))
    assert [type(x) for x in skipped] == [Record, Skipped, Record]
    assert skipped[0].annotator == "ann"


def test_labelstudio_bad_tasks_say_which_task() -> None:
    text = "Lavrov said."
    bad = ls_task(text, [(0, 6, "actor", "bad"), (0, 6, "actor", "q"), (7, 11, "x", "a")])
    stream = io.BytesIO(json.dumps([bad, {"data": {}}, 5]).encode("utf-8") + b"  ")
    got = results(read_labelstudio(stream, path="ls.json"))
    assert str(got[0]).startswith("ls.json:task 1 (id 11): annotations[0].result[0]: "
                                  "value.text '?' is not at [0, 6)")
    assert str(got[1]) == "ls.json:task 2: missing or non-string 'data.text'"
    assert str(got[2]) == "ls.json:task 3: expected a task object, got int"
    truncated = io.BytesIO(json.dumps([{"data": {"text": "a"}}]).encode()[:-3])
    last = results(read_labelstudio(truncated, path="t.json"))[-1]
    assert str(last).startswith("t.json:task 1: invalid JSON: ")


def test_csv_and_tsv_rows() -> None:
    data = (b'id,headline,body\n1,Talks,"Lavrov said, ""no"".\nSecond line."\n'
            b'2,Bombers,Tu-160 landed.\n3,Short\n')
    got = results(read_table(io.BytesIO(data), path="a.csv", text_column="body",
                             title_column="headline"))
    assert got[0].text == 'Lavrov said, "no".\nSecond line.'
    assert (got[0].title, got[0].meta, got[0].line) == ("Talks", {"id": "1"}, 2)
    assert got[1].line == 4
    assert str(got[2]) == "a.csv:5: 2 cells, but the header has 3 columns"
    tsv = read_table(io.BytesIO(b"text\tsource\nA text.\twire\n"), delimiter="\t")
    assert results(tsv)[0].meta == {"source": "wire"}
    with pytest.raises(RecordError, match="no column 'text'"):
        list(read_table(io.BytesIO(b"body\nx\n"), path="b.csv"))


def test_prodigy_spans_by_token_index_and_relations() -> None:
    from annotator.formats.jsonl import read_jsonl

    text = "“Go,” Lavrov said."
    tokens = [{"text": t, "start": s, "end": e, "id": i}
              for i, (t, s, e) in enumerate([("“", 0, 1), ("Go", 1, 3), (",", 3, 4),
                                             ("”", 4, 5), ("Lavrov", 6, 12), ("said", 13, 17),
                                             (".", 17, 18)])]
    quote = {"token_start": 0, "token_end": 3, "label": "quote"}
    actor = {"token_start": 4, "token_end": 4, "label": "actor"}
    (record,) = results(read_jsonl(lines(
        {"text": text, "tokens": tokens, "spans": [quote, actor],
         "relations": [{"head": 3, "child": 4, "head_span": quote, "child_span": actor,
                        "label": "speaker"}]})))
    assert [text[s.start:s.end] for s in record.spans] == ["“Go,”", "Lavrov"]
    (rel,) = record.relations
    assert (text[rel.head.start:rel.head.end], text[rel.child.start:rel.child.end]) == (
        "“Go,”", "Lavrov")
