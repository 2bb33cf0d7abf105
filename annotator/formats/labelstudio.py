"""Label Studio's JSON export: one JSON list of tasks.

A task has `data.text`, `annotations[].result[]` (type `labels` with
`value.start/end/labels`, type `relation` with `from_id/to_id/labels`) and
`predictions[]` of the same shape. The list is read one task at a time, so a
large export is never held in memory whole, and nesting is bounded.

Annotators: Label Studio's `completed_by` is the id of one of its own users (an
integer). It refuses a whole import for a `completed_by` that is not the id or
email of a user it has (checked with Label Studio 1.23.2: a name, or the id of
a user of another instance), and it keeps no field of ours on an annotation. So
an export writes no `completed_by` (Label Studio then credits the user who
imports), and keeps every annotator's name in the task's `meta._annotators`,
keyed by the annotation's `id`, which Label Studio keeps as the annotation's
`import_id`. Reading takes the name from there first, then from `completed_by`.

Offsets: Label Studio's front end is JavaScript. Releases before its emoji fix
(label-studio-frontend PR 308, 2022) wrote UTF-16 code units; later ones write
code points. Each region also carries `value.text`, so the default ("auto")
takes, per span, the unit in which the offsets cover exactly that text.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence
from typing import IO, Any

from annotator.core.errors import RecordError
from annotator.core.offsets import OffsetMap
from annotator.formats.jsonl import DOCUMENT_ID, SOURCE, TITLE, BadField, json_id, json_score
from annotator.formats.records import (
    Notice,
    Record,
    RecordRelation,
    RecordSpan,
    RelationLike,
    Skipped,
    SpanLike,
    located,
)
from annotator.formats.units import CODEPOINTS, UTF16, OffsetProblem, from_codepoints, to_codepoints

ReadResult = Record | Skipped | RecordError | Notice
AUTO = "auto"
UNITS = (AUTO, UTF16, CODEPOINTS)
MODEL = "labelstudio-model"  # annotator of predictions that name no model version
USER = "labelstudio-user-"  # + Label Studio's user id: an annotator known only by that
NAMES = "_annotators"  # task meta: annotation id -> our annotator's name


def read_labelstudio(stream: IO[bytes], *, path: str = "", unit: str = AUTO,
                     text_key: str = "text", annotator: str | None = None,
                     predictions: bool = True) -> Iterator[tuple[int, ReadResult]]:
    """(bytes consumed so far, result); one or more records per task.

    `annotator` overrides `completed_by`; without `predictions` they are skipped.
    """
    from annotator.formats.jsonlist import JsonList, ListError

    head = stream.read(4096)
    stream.seek(0)
    body = head.removeprefix(b"\xef\xbb\xbf").lstrip()
    if body and not body.startswith(b"["):
        raise RecordError("not a Label Studio JSON export: expected a JSON list of tasks "
                          "(for JSON lines, use --format jsonl or doccano)", path=path)
    items = JsonList(stream)
    n = 0
    others: Counter[str] = Counter()  # results that are not spans, left out
    try:
        for n, task in enumerate(items, start=1):
            place = f"task {n}"
            if not isinstance(task, dict):
                yield items.consumed, located(f"expected a task object, got "
                                              f"{type(task).__name__}", path=path, place=place)
                continue
            if "id" in task:
                place += f" (id {task['id']})"
            try:
                reader = _Task(task, place, unit, text_key, annotator, predictions, others)
                results = list(reader.records())
            except BadField as exc:
                results = [located(str(exc), path=path, place=place)]
            for result in results:
                yield items.consumed, result
    except ListError as exc:
        yield items.consumed, located(f"invalid JSON: {exc}; the tasks after this one are "
                                      "not read", path=path, place=f"task {exc.item}")
    if others:
        yield items.consumed, Notice(
            "results that are not spans were left out: "
            + ", ".join(f"{n} of type {kind}" for kind, n in sorted(others.items())))


class _Task:
    def __init__(self, task: dict[str, Any], place: str, unit: str, text_key: str,
                 annotator: str | None, predictions: bool, others: Counter[str]) -> None:
        self.task, self.place, self.unit = task, place, unit
        self.others = others
        self.annotator, self.predictions = annotator, predictions
        data = task.get("data")
        if not isinstance(data, dict):
            raise BadField("missing 'data' object")
        text = data.get(text_key)
        if not isinstance(text, str):
            raise BadField(f"missing or non-string 'data.{text_key}'")
        self.text, self.data, self.text_key = text, data, text_key
        self.omap = OffsetMap(text)

    def records(self) -> Iterator[Record | Skipped]:
        meta = self.task.get("meta") or {}
        if not isinstance(meta, dict):
            raise BadField("'meta' must be an object")
        meta = {**{k: v for k, v in self.data.items() if k != self.text_key}, **meta}
        names = meta.pop(NAMES, None) or {}
        if not isinstance(names, dict):
            raise BadField(f"'meta.{NAMES}' must be an object")
        title, source, doc_id = (meta.pop(TITLE, None), meta.pop(SOURCE, "") or "",
                                 meta.pop(DOCUMENT_ID, None))
        for name, value in ((TITLE, title), (SOURCE, source), (DOCUMENT_ID, doc_id)):
            if value is not None and not isinstance(value, str):
                raise BadField(f"'{name}' must be a string")

        def record(spans: list[RecordSpan], relations: list[RecordRelation],
                   annotator: str | None, kind: str | None = None) -> Record:
            return Record(text=self.text, spans=spans, relations=relations, meta=meta,
                          title=title, source=source, document_id=doc_id,
                          annotator=annotator, place=self.place, annotator_kind=kind)

        produced = 0
        annotations = self.task.get("annotations", self.task.get("completions")) or []
        if not isinstance(annotations, list):
            raise BadField("'annotations' must be a list")
        for i, ann in enumerate(annotations):
            if not isinstance(ann, dict):
                raise BadField(f"annotations[{i}] must be an object")
            if ann.get("was_cancelled") or ann.get("skipped"):
                yield Skipped(None, f"{self.place}: annotations[{i}] was cancelled")
                continue
            spans, relations = self._result(ann.get("result"), f"annotations[{i}]",
                                            "accepted", "import")
            yield record(spans, relations, self.annotator or _name(ann, names)
                         or _user(ann.get("completed_by")))
            produced += 1
        preds = self.task.get("predictions") or []
        if not isinstance(preds, list):
            raise BadField("'predictions' must be a list")
        for i, pred in enumerate(preds):
            if not self.predictions:
                yield Skipped(None, f"{self.place}: predictions[{i}] skipped (--predictions skip)")
                continue
            if not isinstance(pred, dict):
                raise BadField(f"predictions[{i}] must be an object")
            spans, relations = self._result(pred.get("result"), f"predictions[{i}]",
                                            "suggested", "model")
            version = pred.get("model_version")
            name = f"{MODEL}:{version}" if version else MODEL
            yield record(spans, relations, name, "model")
            produced += 1
        if not produced:
            yield record([], [], None)

    def _result(self, items: Any, where: str, status: str, origin: str
                ) -> tuple[list[RecordSpan], list[RecordRelation]]:
        if items is None:
            return [], []
        if not isinstance(items, list):
            raise BadField(f"{where}.result must be a list")
        spans: list[RecordSpan] = []
        by_id: dict[Any, list[RecordSpan]] = {}
        links: list[tuple[int, dict[str, Any]]] = []
        for j, item in enumerate(items):
            at = f"{where}.result[{j}]"
            if not isinstance(item, dict):
                raise BadField(f"{at} must be an object")
            kind = item.get("type")
            if kind == "relation":
                links.append((j, item))
                continue
            if kind not in ("labels", "hypertextlabels"):
                self.others[str(kind)] += 1  # choices, ratings, ...: not spans
                continue
            value = item.get("value")
            if not isinstance(value, dict):
                raise BadField(f"{at}.value must be an object")
            start, end = self._offsets(value, at)
            labels = value.get("labels", value.get(kind))
            if not isinstance(labels, list) or not labels or not all(
                    isinstance(x, str) and x for x in labels):
                raise BadField(f"{at}.value.labels must be a list of label names, got {labels!r}")
            # A prediction's region may carry the model's confidence; a person's has none.
            score = json_score(item, at) if status == "suggested" else None
            made = [RecordSpan(start, end, label, status, origin, score) for label in labels]
            spans.extend(made)
            by_id.setdefault(json_id(item, "id", at), []).extend(made)
        relations = []
        for j, item in links:
            at = f"{where}.result[{j}]"
            from_id, to_id = json_id(item, "from_id", at), json_id(item, "to_id", at)
            heads, children = by_id.get(from_id), by_id.get(to_id)
            if not heads or not children:
                missing = from_id if not heads else to_id
                raise BadField(f"{at}: relation points at region {missing!r}, which is not "
                           "among this annotation's labelled regions")
            names = item.get("labels") or ["related"]  # Label Studio allows unnamed links
            if not isinstance(names, list) or not all(isinstance(n, str) and n for n in names):
                raise BadField(f"{at}.labels must be a list of relation names, got {names!r}")
            if item.get("direction") == "left":
                heads, children = children, heads
            relations.extend(RecordRelation(h, c, name)
                             for h in heads for c in children for name in names)
        return spans, relations

    def _offsets(self, value: dict[str, Any], at: str) -> tuple[int, int]:
        start, end = value.get("start"), value.get("end")
        for name, pos in (("start", start), ("end", end)):
            if not isinstance(pos, int) or isinstance(pos, bool):
                raise BadField(f"{at}.value.{name} must be an integer, got {pos!r}")
        assert isinstance(start, int) and isinstance(end, int)
        units = [self.unit] if self.unit != AUTO else [CODEPOINTS, UTF16]
        covered = value.get("text")
        problems = []
        for unit in units:
            try:
                s, e = to_codepoints(start, end, unit, self.omap)
            except OffsetProblem as exc:
                problems.append(str(exc))
                continue
            if self.unit != AUTO or not isinstance(covered, str) or \
                    self.text[s:e] == covered:
                return s, e
            problems.append(f"as {unit} [{start}, {end}) covers {self.text[s:e]!r}")
        if self.unit == AUTO and isinstance(covered, str):
            raise BadField(f"{at}: value.text {covered!r} is not at [{start}, {end}) in code "
                       f"points or UTF-16 units ({'; '.join(problems)})")
        raise BadField(f"{at}: {problems[0]}")


def _name(annotation: dict[str, Any], names: dict[str, Any]) -> str | None:
    """Our annotator's name for an annotation, from the task's meta. Through Label
    Studio the annotation's own id is new, and the one we wrote is its import_id."""
    key = annotation.get("import_id") if "import_id" in annotation else annotation.get("id")
    name = names.get(str(key)) if key is not None else None
    return name if isinstance(name, str) and name else None


def _user(value: Any) -> str | None:
    """completed_by: a user id (int), or an object with email/id in some exports."""
    if isinstance(value, dict):
        value = value.get("email") or value.get("id")
    if isinstance(value, bool) or value is None or value == "":
        return None
    if isinstance(value, int):
        return f"{USER}{value}"
    return str(value)



def encode_task(number: int, record: Record,
                annotations: Sequence[tuple[str, Sequence[SpanLike], Sequence[RelationLike]]],
                unit: str = CODEPOINTS, *, predictions: bool = False) -> dict[str, Any]:
    """One task: the document and each annotator's spans as one annotation.

    With ``predictions`` (a model's suggestion set), each annotator's spans are a
    prediction instead, Label Studio's pre-annotation: ``model_version`` is the
    annotator's name, each region keeps its ``score`` and the prediction's ``score``
    is the mean of them (Label Studio orders and filters tasks by it).
    """
    omap = OffsetMap(record.text)
    meta = dict(record.meta)
    meta[DOCUMENT_ID] = record.document_id
    task: dict[str, Any] = {
        "id": number,
        "data": {"text": record.text, TITLE: record.title or "", SOURCE: record.source},
        "meta": dict(sorted(meta.items())),
        "annotations": [],
    }
    if predictions:
        task["predictions"] = [_prediction(annotator, record.text, spans, relations, unit,
                                           omap)
                               for annotator, spans, relations in annotations]
        return task
    names: dict[str, str] = {}
    for n, (annotator, spans, relations) in enumerate(annotations, start=1):
        result = _result_items(record.text, spans, relations, unit, omap, "manual")
        # No completed_by: see the module's docstring.
        task["annotations"].append({"id": n, "result": result, "was_cancelled": False,
                                    "ground_truth": False})
        names[str(n)] = annotator
    if names:
        task["meta"][NAMES] = names
    return task


def _prediction(annotator: str, text: str, spans: Sequence[SpanLike],
                relations: Sequence[RelationLike], unit: str, omap: OffsetMap
                ) -> dict[str, Any]:
    prediction: dict[str, Any] = {
        "model_version": annotator,
        "result": _result_items(text, spans, relations, unit, omap, "prediction")}
    scores = [s for s in (getattr(span, "score", None) for span in spans) if s is not None]
    if scores:
        prediction["score"] = sum(scores) / len(scores)
    return prediction


def _result_items(text: str, spans: Sequence[SpanLike], relations: Sequence[RelationLike],
                  unit: str, omap: OffsetMap, origin: str) -> list[dict[str, Any]]:
    """The regions (`labels`, with their score if any) and `relation` links of one
    annotation or prediction."""
    result: list[dict[str, Any]] = []
    ids: dict[tuple[int, int, str], str] = {}
    for s in spans:
        region = f"r{len(ids) + 1}"
        ids[(s.start, s.end, s.label)] = region
        start, end = from_codepoints(s.start, s.end, unit, omap)
        item: dict[str, Any] = {"id": region, "from_name": "label", "to_name": "text",
                                "type": "labels", "origin": origin,
                                "value": {"start": start, "end": end,
                                          "text": text[s.start:s.end], "labels": [s.label]}}
        score = getattr(s, "score", None)
        if score is not None and origin == "prediction":  # a person's region has none
            item["score"] = score
        result.append(item)
    for r in relations:
        result.append({"type": "relation", "direction": "right",
                       "from_id": ids[(r.head.start, r.head.end, r.head.label)],
                       "to_id": ids[(r.child.start, r.child.end, r.child.label)],
                       "labels": [r.label]})
    return result


class TaskListWriter:
    """Writes a JSON list one task at a time, so exporting holds one task in memory."""

    def __init__(self, stream: IO[str]) -> None:
        self.stream = stream
        self.count = 0

    def write(self, task: dict[str, Any]) -> None:
        import json

        self.stream.write("[\n" if self.count == 0 else ",\n")
        self.stream.write(json.dumps(task, ensure_ascii=False, separators=(",", ":")))
        self.count += 1

    def close(self) -> None:
        self.stream.write("[]\n" if self.count == 0 else "\n]\n")
