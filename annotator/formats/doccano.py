"""doccano's JSONL for sequence labelling, in both of its shapes.

- label form: {"text", "label": [[start, end, "L"], ...]}
- relation form: {"text", "entities": [{id, label, start_offset, end_offset}],
  "relations": [{id, from_id, to_id, type}]}

doccano's browser front end counts offsets in UTF-16 code units, so that is
the default unit; other top-level keys are doccano's metadata columns.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import IO, Any

from annotator.core.errors import RecordError
from annotator.core.offsets import OffsetMap
from annotator.formats.jsonl import (
    DOCUMENT_ID,
    SOURCE,
    TITLE,
    BadField,
    dumps,
    iter_objects,
    json_id,
    json_list,
)
from annotator.formats.records import Record, RecordRelation, RecordSpan, Skipped
from annotator.formats.units import UTF16, OffsetProblem, from_codepoints, to_codepoints

ReadResult = Record | Skipped | RecordError
DEFAULT_UNIT = UTF16
# Keys that are part of the shape, not metadata columns.
_SHAPE = {"id", "text", "data", "label", "entities", "relations", "meta", "annotator",
          "Comments", "comments", "cats"}


def looks_like(obj: dict[str, Any]) -> bool:
    """A doccano line, as opposed to a Prodigy task (which has `spans`)."""
    if "spans" in obj:
        return False
    return "entities" in obj or "label" in obj


def read_doccano(stream: IO[bytes], *, path: str = "", unit: str = DEFAULT_UNIT
                 ) -> Iterator[tuple[int, ReadResult]]:
    for consumed, number, obj in iter_objects(stream, path=path):
        if isinstance(obj, RecordError):
            yield consumed, obj
            continue
        try:
            yield consumed, _record(obj, number, unit)
        except BadField as exc:
            yield consumed, RecordError(str(exc), path=path, line=number)


def _int(value: Any, where: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise BadField(f"{where} must be an integer, got {value!r}")
    return value


def _label(value: Any, where: str) -> str:
    if not isinstance(value, str) or not value:
        raise BadField(f"{where} must be a non-empty string, got {value!r}")
    return value


def _record(obj: dict[str, Any], number: int, unit: str) -> Record:
    text = obj.get("text", obj.get("data"))
    if not isinstance(text, str):
        raise BadField("missing or non-string 'text'")
    if "spans" in obj:
        raise BadField("this line holds Prodigy's 'spans', not doccano's 'label' or "
                       "'entities': import the file with --format jsonl")
    omap = OffsetMap(text)

    def span(start: Any, end: Any, label: Any, where: str) -> RecordSpan:
        try:
            s, e = to_codepoints(_int(start, f"{where} start"), _int(end, f"{where} end"),
                                 unit, omap)
        except OffsetProblem as exc:
            raise BadField(f"{where}: {exc}") from None
        return RecordSpan(s, e, _label(label, f"{where} label"))

    spans: list[RecordSpan] = []
    relations: list[RecordRelation] = []
    labels = obj.get("label")
    if isinstance(labels, list):
        for i, item in enumerate(labels):
            if isinstance(item, str):
                raise BadField("'label' holds document categories (a text classification "
                           "export), not spans")
            if not isinstance(item, list) or len(item) != 3:
                raise BadField(f"label[{i}] must be [start, end, label], got {item!r}")
            spans.append(span(*item, f"label[{i}]"))
    elif isinstance(labels, str):
        raise BadField(f"'label' is a document category ({labels!r}, text classification), "
                       "not spans: Annotator imports spans only")
    elif labels is not None:
        raise BadField("'label' must be a list of [start, end, label]")
    by_id: dict[Any, RecordSpan] = {}
    for i, ent in enumerate(json_list(obj, "entities")):
        where = f"entities[{i}]"
        if not isinstance(ent, dict):
            raise BadField(f"{where} must be an object")
        found = span(ent.get("start_offset"), ent.get("end_offset"), ent.get("label"), where)
        spans.append(found)
        ent_id = json_id(ent, "id", where)
        if ent_id is not None:
            if ent_id in by_id:
                raise BadField(f"{where}: entity id {ent_id!r} is used twice in this line")
            by_id[ent_id] = found
    relation_ids: set[Any] = set()
    for i, rel in enumerate(json_list(obj, "relations")):
        where = f"relations[{i}]"
        if not isinstance(rel, dict):
            raise BadField(f"{where} must be an object")
        rel_id = json_id(rel, "id", where)
        if rel_id is not None:
            if rel_id in relation_ids:
                raise BadField(f"{where}: relation id {rel_id!r} is used twice in this line")
            relation_ids.add(rel_id)
        from_id, to_id = json_id(rel, "from_id", where), json_id(rel, "to_id", where)
        head, child = by_id.get(from_id), by_id.get(to_id)
        if head is None or child is None:
            missing = from_id if head is None else to_id
            raise BadField(f"{where} points at entity id {missing!r}, which this line lacks")
        relations.append(RecordRelation(head, child, _label(rel.get("type"), f"{where} type")))

    meta = obj.get("meta") or {}
    if not isinstance(meta, dict):
        raise BadField("'meta' must be an object")
    meta = {**{k: v for k, v in obj.items() if k not in _SHAPE}, **meta}
    if "id" in obj:
        meta.setdefault("doccano_id", obj["id"])
    title, source, doc_id = meta.pop(TITLE, None), meta.pop(SOURCE, "") or "", \
        meta.pop(DOCUMENT_ID, None)
    for name, value in ((TITLE, title), (SOURCE, source), (DOCUMENT_ID, doc_id)):
        if value is not None and not isinstance(value, str):
            raise BadField(f"'{name}' must be a string")
    annotator = obj.get("annotator")
    if annotator is not None and not isinstance(annotator, str):
        raise BadField("'annotator' must be a string")
    return Record(text=text, spans=spans, relations=relations, meta=meta, title=title,
                  source=source, document_id=doc_id, annotator=annotator, line=number)


def encode(record: Record, *, relations: bool, unit: str = DEFAULT_UNIT) -> str:
    """One doccano line: the label form, or with `relations` the entities form."""
    omap = OffsetMap(record.text)
    meta = dict(record.meta)
    meta.pop("doccano_id", None)
    meta[TITLE] = record.title or ""
    meta[SOURCE] = record.source
    meta[DOCUMENT_ID] = record.document_id
    obj: dict[str, Any] = {"text": record.text}
    if relations:
        ids = {}
        entities = []
        for n, s in enumerate(record.spans, start=1):
            start, end = from_codepoints(s.start, s.end, unit, omap)
            ids[(s.start, s.end, s.label)] = n
            entities.append({"id": n, "label": s.label, "start_offset": start,
                             "end_offset": end})
        obj["entities"] = entities
        obj["relations"] = [
            {"id": n, "from_id": ids[(r.head.start, r.head.end, r.head.label)],
             "to_id": ids[(r.child.start, r.child.end, r.child.label)], "type": r.label}
            for n, r in enumerate(record.relations, start=1)]
    else:
        obj["label"] = [[*from_codepoints(s.start, s.end, unit, omap), s.label]
                        for s in record.spans]
    obj["meta"] = dict(sorted(meta.items()))
    obj["annotator"] = record.annotator
    return dumps(obj)
