"""JSONL span tasks: our own export and Prodigy's format (text, spans, meta, answer).

Reading yields one Record, Skipped or RecordError per line; it never stops at a
bad line, so a report can list every one.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import IO, Any

from annotator.core.errors import RecordError
from annotator.core.offsets import OffsetMap
from annotator.formats.records import Record, RecordRelation, RecordSpan, Skipped, SpanLike
from annotator.formats.units import UTF16, OffsetProblem, to_codepoints

ReadResult = Record | Skipped | RecordError

# Meta keys that hold document fields rather than free metadata.
TITLE, SOURCE, DOCUMENT_ID = "title", "source", "document_id"


def read_jsonl(stream: IO[bytes], *, path: str = "") -> Iterator[tuple[int, ReadResult]]:
    """(bytes consumed so far, result) for each non-blank line."""
    for consumed, number, obj in iter_objects(stream, path=path):
        yield consumed, obj if isinstance(obj, RecordError) else _task(obj, number, path)


def iter_objects(stream: IO[bytes], *, path: str = ""
                 ) -> Iterator[tuple[int, int, dict[str, Any] | RecordError]]:
    """(bytes consumed, line number, JSON object or why the line is not one) per line.

    Shared by every JSON-lines dialect (Prodigy, doccano): one bad line never
    stops the reading, so a report can list every one.
    """
    consumed = 0
    for number, raw in enumerate(stream, start=1):
        consumed += len(raw)
        if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
            raw = raw[3:]
        if not raw.strip():
            continue
        yield consumed, number, _object(raw, number, path)


def _object(raw: bytes, number: int, path: str) -> dict[str, Any] | RecordError:
    def bad(reason: str) -> RecordError:
        return RecordError(reason, path=path, line=number)

    try:
        line = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return bad(f"invalid UTF-8 at byte {exc.start} of the line")
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        return bad(f"invalid JSON: {exc.msg} (column {exc.colno})")
    except RecursionError:
        return bad("invalid JSON: nested too deeply")
    if not isinstance(obj, dict):
        return bad(f"expected a JSON object, got {type(obj).__name__}")
    return obj


def _task(obj: dict[str, Any], number: int, path: str) -> ReadResult:
    answer = obj.get("answer")
    if answer in ("reject", "ignore"):
        return Skipped(number, f"answer is {answer!r}")
    try:
        return _record(obj, number)
    except BadField as exc:
        return RecordError(str(exc), path=path, line=number)


class BadField(Exception):
    """A field of a record is missing or of the wrong type; readers turn it into a
    RecordError that says where."""


def _record(obj: dict[str, Any], number: int) -> Record:
    text = obj.get("text")
    if not isinstance(text, str):
        raise BadField("missing or non-string 'text'")
    meta = obj.get("meta", {})
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        raise BadField("'meta' must be an object")
    meta = dict(meta)
    title = meta.pop(TITLE, None)
    source = meta.pop(SOURCE, "") or ""
    document_id = meta.pop(DOCUMENT_ID, None)
    if title is not None and not isinstance(title, str):
        raise BadField("'meta.title' must be a string")
    if not isinstance(source, str):
        raise BadField("'meta.source' must be a string")
    if document_id is not None and not isinstance(document_id, str):
        raise BadField("'meta.document_id' must be a string")
    annotator = obj.get("_annotator_id") or obj.get("_session_id")
    if annotator is not None and not isinstance(annotator, str):
        raise BadField("'_annotator_id' must be a string")
    if "spans" not in obj:
        _no_foreign_annotations(obj)
    tokens = _tokens(json_list(obj, "tokens"))
    spans = [_span(s, f"spans[{i}]", tokens, text)
             for i, s in enumerate(json_list(obj, "spans"))]
    relations = [_relation(r, i, tokens, text)
                 for i, r in enumerate(json_list(obj, "relations"))]
    return Record(text=text, spans=spans, relations=relations, meta=meta, title=title,
                  source=source, document_id=document_id, annotator=annotator, line=number)


def _no_foreign_annotations(obj: dict[str, Any]) -> None:
    """A line without `spans` that carries another tool's annotations is refused, never
    read as a bare text with its annotations dropped."""
    label = obj.get("label")
    if isinstance(label, str):
        raise BadField(f"'label' is a document category ({label!r}, text classification), "
                       "not spans: Annotator imports spans only")
    if "entities" in obj or isinstance(label, list):
        raise BadField("this line holds doccano's 'label' or 'entities', not 'spans': "
                       "import the file with --format doccano")


def json_id(obj: dict[str, Any], key: str, where: str) -> str | int | None:
    """obj[key] as an id (a string or an integer), None when absent."""
    value = obj.get(key)
    if value is None or (isinstance(value, str | int) and not isinstance(value, bool)):
        return value
    raise BadField(f"{where}.{key} must be a string or an integer, got {value!r}")


def json_list(obj: dict[str, Any], key: str) -> list[Any]:
    """obj[key] as a list; absent or null is empty."""
    value = obj.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        raise BadField(f"'{key}' must be a list")
    return value


def _tokens(values: list[Any]) -> list[tuple[int, int]]:
    """(start, end) of each of a task's tokens, which spans may point at instead."""
    bounds = []
    for i, tok in enumerate(values):
        if not isinstance(tok, dict) or not all(
                isinstance(tok.get(k), int) and not isinstance(tok.get(k), bool)
                for k in ("start", "end")):
            raise BadField(f"tokens[{i}] must be an object with integer start and end")
        bounds.append((tok["start"], tok["end"]))
    return bounds


def _span(value: Any, where: str, tokens: list[tuple[int, int]] | None = None,
          text: str | None = None) -> RecordSpan:
    if not isinstance(value, dict):
        raise BadField(f"{where} must be an object")
    start, end, label = value.get("start"), value.get("end"), value.get("label")
    if start is None and end is None and tokens and "token_start" in value:
        # A span given by token indices only (inclusive), as Prodigy's manual recipes allow.
        first, last = value.get("token_start"), value.get("token_end")
        if not (isinstance(first, int) and isinstance(last, int)
                and 0 <= first <= last < len(tokens)):
            raise BadField(f"{where}: token_start/token_end {first!r}, {last!r} do not "
                       f"index the {len(tokens)} tokens")
        start, end = tokens[first][0], tokens[last][1]
    for name, offset in (("start", start), ("end", end)):
        if not isinstance(offset, int) or isinstance(offset, bool):
            raise BadField(f"{where}.{name} must be an integer, got {offset!r}")
    if not isinstance(label, str) or not label:
        raise BadField(f"{where}.label must be a non-empty string")
    covered = value.get("text")
    if text is not None and isinstance(covered, str) and text[start:end] != covered:
        raise BadField(f"{where}: text {covered!r} is not at [{start}, {end}), which holds "
                       f"{text[start:end]!r}{_unit_hint(text, start, end, covered)}")
    return RecordSpan(start, end, label, score=json_score(value, where))


def json_score(obj: dict[str, Any], where: str) -> float | None:
    """obj["score"], a model's confidence: a number in [0, 1]; None when absent or null."""
    value = obj.get("score")
    if value is None:
        return None
    if isinstance(value, int | float) and not isinstance(value, bool) and 0 <= value <= 1:
        return float(value)
    raise BadField(f"{where}.score must be a number from 0 to 1 (a model's confidence), "
                   f"got {value!r}")


def _unit_hint(text: str, start: int, end: int, covered: str) -> str:
    """Whether the offsets find the span's text when counted in UTF-16 units."""
    try:
        s, e = to_codepoints(start, end, UTF16, OffsetMap(text))
    except OffsetProblem:
        return "; counted in UTF-16 units they do not fit either"
    if text[s:e] == covered:
        return ("; counted in UTF-16 units (as JavaScript tools count) they fit: "
                "this format takes code points")
    return "; counted in UTF-16 units they do not fit either"


def _relation(value: Any, index: int, tokens: list[tuple[int, int]],
              text: str) -> RecordRelation:
    where = f"relations[{index}]"
    if not isinstance(value, dict):
        raise BadField(f"{where} must be an object")
    label = value.get("label")
    if not isinstance(label, str) or not label:
        raise BadField(f"{where}.label must be a non-empty string")
    return RecordRelation(_span(value.get("head_span"), f"{where}.head_span", tokens, text),
                          _span(value.get("child_span"), f"{where}.child_span", tokens, text),
                          label)


def dumps(obj: dict[str, Any]) -> str:
    """One JSONL line: UTF-8 as is, compact, key order as given."""
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":")) + "\n"


Token = tuple[str, int, int, bool]  # text, start, end (code points), followed by whitespace


def encode(record: Record, tokens: list[Token] | None = None) -> str:
    """Our export line, readable by Prodigy: text, meta, spans, relations, annotator.

    A span with a score (a model's suggestion) carries it as `score`. With tokens,
    Prodigy's `tokens` list and inclusive `token_start`/`token_end`.
    """
    meta = dict(record.meta)
    meta[TITLE] = record.title or ""
    meta[SOURCE] = record.source
    meta[DOCUMENT_ID] = record.document_id
    locate = _token_locator(tokens) if tokens is not None else None

    def span_json(span: SpanLike) -> dict[str, Any]:
        out: dict[str, Any] = {"start": span.start, "end": span.end, "label": span.label,
                               "text": record.text[span.start:span.end]}
        if locate:
            out["token_start"], out["token_end"] = locate(span.start, span.end)
        score = getattr(span, "score", None)
        if score is not None:  # a suggestion's; spans people make have none
            out["score"] = score
        return out

    obj: dict[str, Any] = {"text": record.text, "meta": dict(sorted(meta.items()))}
    if tokens is not None:
        obj["tokens"] = [{"text": t, "start": s, "end": e, "id": i, "ws": ws}
                         for i, (t, s, e, ws) in enumerate(tokens)]
    obj["spans"] = [span_json(s) for s in record.spans]
    relations = []
    for rel in record.relations:
        head, child = span_json(rel.head), span_json(rel.child)
        item: dict[str, Any] = {}
        if locate:
            item["head"], item["child"] = head["token_end"], child["token_end"]
        item.update({"head_span": head, "child_span": child, "label": rel.label})
        relations.append(item)
    obj["relations"] = relations
    obj["_annotator_id"] = record.annotator
    obj["answer"] = "accept"
    return dumps(obj)


def _token_locator(tokens: list[Token]):  # type: ignore[no-untyped-def]
    """(start, end) -> (first, last) token index covering the range, inclusive."""
    from bisect import bisect_left, bisect_right

    starts = [t[1] for t in tokens]
    ends = [t[2] for t in tokens]

    def locate(start: int, end: int) -> tuple[int, int]:
        first = max(0, bisect_right(starts, start) - 1)
        last = max(first, min(len(tokens) - 1, bisect_left(ends, end)))
        return first, last

    return locate
