"""Export annotation sets. Output goes to a temporary file first (services.output),
so a failed, cancelled or killed export never leaves a half-written file under the
real name."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from annotator.core.errors import AnnotatorError
from annotator.core.model import Document, Relation, Span, Status
from annotator.core.wording import count
from annotator.formats import jsonl
from annotator.formats.records import Record
from annotator.services.output import atomic_output
from annotator.store import Query, Store

Progress = Callable[[int, int], bool]  # (records done, records total) -> go on?
EXAMPLES = 10  # how many dropped or misaligned spans a report shows


@dataclass
class ExportReport:
    path: str
    records: int = 0
    spans: int = 0
    relations: int = 0
    cancelled: bool = False
    # What the format could not hold or the choices left out: reason -> count.
    dropped: dict[str, int] = field(default_factory=dict)
    examples: dict[str, list[str]] = field(default_factory=dict)  # reason -> a few
    notices: list[str] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    longest_span: int = 0  # in tokens (spaCy export): what a spancat suggester must reach
    scored: int = 0  # suggestions read with a score (a suggestion set)

    def drop(self, reason: str, n: int = 1, example: str | None = None) -> None:
        if n:
            self.dropped[reason] = self.dropped.get(reason, 0) + n
        shown = self.examples.setdefault(reason, [])
        if example is not None and len(shown) < EXAMPLES:
            shown.append(example)

    def summary(self) -> str:
        if self.cancelled:
            return f"{self.path}: cancelled, nothing written"
        lines = [f"{self.path}: {count(self.records, 'record')}, {count(self.spans, 'span')}"
                 + (f", {count(self.relations, 'relation')}" if self.relations else "")]
        lines += [f"  wrote {f}" for f in self.files]
        for reason, n in self.dropped.items():
            lines.append(f"  {n} {reason}")
            lines += [f"    e.g. {e}" for e in self.examples.get(reason, [])]
        lines += [f"  note: {n}" for n in self.notices]
        return "\n".join(lines)


class ExportCancelled(AnnotatorError):
    pass


class ExportRefused(AnnotatorError):
    """The export cannot be written as asked; the message is the full report."""


def to_record(doc: Document, annotator: str, spans: Sequence[Span],
              relations: Sequence[Relation]) -> Record:
    return Record(text=doc.text, spans=spans, relations=relations, meta=doc.meta,
                  title=doc.title, source=doc.source, document_id=doc.id, annotator=annotator)


def check_annotators(store: Store, annotators: Sequence[str] | None) -> None:
    known = {name for name, _ in store.annotators.all()}
    unknown = [a for a in annotators or [] if a not in known]
    if unknown:
        raise AnnotatorError(f"unknown annotator(s): {', '.join(unknown)}")


Annotated = tuple[Document, str, list[Span], list[Relation]]


def annotated(store: Store, annotators: Sequence[str] | None,
              report: ExportReport, suggestions: bool = False,
              where: Query | None = None) -> Iterator[Annotated]:
    """Every (document, annotator, spans, relations) of the chosen set, in the
    documents ``where`` selects (a compiled search query; None: all).

    Only accepted spans are training data: the store leaves suggestions and
    rejected spans (and relations to them) out. With ``suggestions``, the named
    annotators' suggestions are the set instead (see :func:`check_suggestions`).
    """
    if suggestions:
        check_suggestions(annotators)
        report.notices.append(f"suggestions of {', '.join(annotators or [])}, not accepted "
                              "spans")
    status = Status.SUGGESTED if suggestions else Status.ACCEPTED
    for doc, annotator, spans, relations in store.reads.iter_annotated(
            annotators, where, status=status):
        if spans:
            if suggestions:
                report.scored += sum(1 for s in spans if s.score is not None)
            yield doc, annotator, spans, relations


def check_suggestions(annotators: Sequence[str] | None) -> None:
    """A suggestion set is written on purpose: the annotators must be named."""
    if not annotators:
        raise AnnotatorError("--suggestions needs --annotator NAME (the model whose "
                             "suggestions to write)")


def _write_lines(store: Store, out: Path | str, annotators: Sequence[str] | None,
                 progress: Progress | None,
                 line: Callable[[Annotated, ExportReport], str],
                 suggestions: bool = False, where: Query | None = None) -> ExportReport:
    """One line per (document, annotator) of the chosen set, written atomically."""
    out = Path(out)
    check_annotators(store, annotators)
    report = ExportReport(str(out))
    total = store.reads.span_count(where) or 1
    try:
        with atomic_output(out) as stream:
            for item in annotated(store, annotators, report, suggestions, where):
                stream.write(line(item, report))
                report.records += 1
                report.spans += len(item[2])
                if progress is not None and progress(report.spans, total) is False:
                    raise ExportCancelled
    except ExportCancelled:
        report.cancelled = True
    return report


def export_jsonl(store: Store, out: Path | str, *, annotators: Sequence[str] | None = None,
                 tokens: bool = False, progress: Progress | None = None,
                 suggestions: bool = False, where: Query | None = None) -> ExportReport:
    """One line per (document, annotator) with spans, in a deterministic order."""
    tokenize = None
    if tokens:
        from annotator.nlp.tokens import tokenize

    def line(item: Annotated, report: ExportReport) -> str:
        doc, annotator, spans, relations = item
        toks = [(t.text, t.start, t.end, t.ws) for t in tokenize(doc.text)] \
            if tokenize else None
        report.relations += len(relations)
        return jsonl.encode(to_record(doc, annotator, spans, relations), toks)

    return _write_lines(store, out, annotators, progress, line, suggestions, where)


def export_doccano(store: Store, out: Path | str, *, relations: bool = False,
                   offsets: str = "utf16", annotators: Sequence[str] | None = None,
                   progress: Progress | None = None,
                   suggestions: bool = False, where: Query | None = None) -> ExportReport:
    """doccano JSONL, one line per (document, annotator); offsets in UTF-16 by default,
    as doccano counts them. The label form has no relations: they are counted."""
    from annotator.formats import doccano

    def line(item: Annotated, report: ExportReport) -> str:
        doc, annotator, spans, rels = item
        if rels and not relations:
            report.drop("relations (doccano's label form has none; "
                        "use --format doccano-rel)", len(rels))
        elif relations:
            report.relations += len(rels)
        record = to_record(doc, annotator, spans, rels if relations else [])
        return doccano.encode(record, relations=relations, unit=offsets)

    return _write_lines(store, out, annotators, progress, line, suggestions, where)


def export_labelstudio(store: Store, out: Path | str, *, offsets: str = "codepoints",
                       annotators: Sequence[str] | None = None,
                       progress: Progress | None = None,
                       suggestions: bool = False, where: Query | None = None) -> ExportReport:
    """Label Studio JSON: one task per document, one annotation per annotator.

    Written as a stream, one task at a time. Each region carries its text, so a
    reader can check the offsets whichever unit it counts. A suggestion set is
    written as predictions (Label Studio's pre-annotations), with the scores.
    """
    from annotator.formats.labelstudio import TaskListWriter, encode_task

    out = Path(out)
    check_annotators(store, annotators)
    report = ExportReport(str(out))
    total = store.reads.span_count(where) or 1
    try:
        with atomic_output(out) as stream:
            writer = TaskListWriter(stream)
            for group in _by_document(annotated(store, annotators, report, suggestions,
                                                where)):
                doc = group[0][0]
                writer.write(encode_task(writer.count + 1, to_record(doc, "", [], []),
                                         [(a, s, r) for _, a, s, r in group], offsets,
                                         predictions=suggestions))
                report.records += len(group)
                report.spans += sum(len(s) for _, _, s, _ in group)
                report.relations += sum(len(r) for _, _, _, r in group)
                if progress is not None and progress(report.spans, total) is False:
                    raise ExportCancelled
            writer.close()
    except ExportCancelled:
        report.cancelled = True
    return report


def _by_document(items: Iterator[Annotated]) -> Iterator[list[Annotated]]:
    """Consecutive items of one document together (the store yields them in document order)."""
    group: list[Annotated] = []
    for item in items:
        if group and group[0][0].id != item[0].id:
            yield group
            group = []
        group.append(item)
    if group:
        yield group
