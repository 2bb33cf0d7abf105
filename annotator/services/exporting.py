"""Export annotation sets. Output goes to a temporary file first, so a failed or
cancelled export never leaves a half-written file under the real name."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from annotator.core.errors import AnnotatorError
from annotator.core.model import Document, Relation, Span
from annotator.formats import jsonl
from annotator.formats.records import Record
from annotator.store import Store

Progress = Callable[[int, int], bool]  # (records done, records total) -> go on?


@dataclass
class ExportReport:
    path: str
    records: int = 0
    spans: int = 0
    cancelled: bool = False

    def summary(self) -> str:
        if self.cancelled:
            return f"{self.path}: cancelled, nothing written"
        return f"{self.path}: {self.records} records, {self.spans} spans"


class ExportCancelled(AnnotatorError):
    pass


@contextmanager
def atomic_output(path: Path) -> Iterator[IO[str]]:
    """A text stream that replaces `path` only when the block finishes without error."""
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise AnnotatorError(f"{path}: folder {folder} does not exist")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as stream:
            yield stream
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise


def to_record(doc: Document, annotator: str, spans: Sequence[Span],
              relations: Sequence[Relation]) -> Record:
    return Record(text=doc.text, spans=spans, relations=relations, meta=doc.meta,
                  title=doc.title, source=doc.source, document_id=doc.id, annotator=annotator)


def export_jsonl(store: Store, out: Path | str, *, annotators: Sequence[str] | None = None,
                 tokens: bool = False, progress: Progress | None = None) -> ExportReport:
    """One line per (document, annotator) with spans, in a deterministic order."""
    out = Path(out)
    known = {name for name, _ in store.annotators()}
    unknown = [a for a in annotators or [] if a not in known]
    if unknown:
        raise AnnotatorError(f"unknown annotator(s): {', '.join(unknown)}")
    report = ExportReport(str(out))
    total = store.span_count() or 1
    tokenize = None
    if tokens:
        from annotator.nlp.tokens import tokenize
    try:
        with atomic_output(out) as stream:
            for doc, annotator, spans, relations in store.iter_annotated(annotators):
                record = to_record(doc, annotator, spans, relations)
                toks = [(t.text, t.start, t.end, t.ws) for t in tokenize(doc.text)] \
                    if tokenize else None
                stream.write(jsonl.encode(record, toks))
                report.records += 1
                report.spans += len(spans)
                if progress is not None and progress(report.spans, total) is False:
                    raise ExportCancelled
    except ExportCancelled:
        report.cancelled = True
    return report
