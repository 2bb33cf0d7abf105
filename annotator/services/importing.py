"""Import articles and annotation sets into the store.

Each file is one transaction. With on_error="stop" a file with any bad record
is refused whole and the store stays as it was; with "skip" the good records go
in. Either way every bad record is reported as `file:line: reason`.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from annotator.core.errors import AnnotatorError, RecordError
from annotator.core.model import Document, document_id, title_of
from annotator.core.offsets import NewlineMap, lone_surrogate
from annotator.formats.jsonl import read_jsonl
from annotator.formats.records import Record, RecordRelation, RecordSpan, Skipped
from annotator.formats.text import read_text_file
from annotator.store import Store

FORMATS = ("auto", "text", "jsonl")
TEXT_SUFFIXES = {".txt", ".text"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
BATCH = 500

Progress = Callable[[int, int], bool]  # (bytes done, bytes total) -> go on?


@dataclass
class FileReport:
    path: str
    imported: int = 0
    skipped: int = 0
    failed: int = 0
    new_documents: int = 0
    errors: list[str] = field(default_factory=list)
    refused: bool = False

    def line(self) -> str:
        state = " (refused: nothing imported from this file)" if self.refused else ""
        return (f"{self.path}: {self.imported} imported ({self.new_documents} new documents), "
                f"{self.skipped} skipped, {self.failed} failed{state}")


@dataclass
class ImportReport:
    files: list[FileReport] = field(default_factory=list)
    cancelled: bool = False

    @property
    def ok(self) -> bool:
        return not self.cancelled and all(not f.failed and not f.refused for f in self.files)

    @property
    def errors(self) -> list[str]:
        return [e for f in self.files for e in f.errors]

    def summary(self) -> str:
        lines = [f.line() for f in self.files]
        if self.cancelled:
            lines.append("cancelled: the file in progress was rolled back")
        return "\n".join(lines)


class _Refused(Exception):
    """Raised inside a file's transaction to roll it back."""


class _Cancelled(Exception):
    pass


def discover(paths: Iterable[Path]) -> list[Path]:
    """Files to import: files as given, folders searched recursively for known suffixes."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(sorted(
                p for p in path.rglob("*")
                if p.is_file() and p.suffix.lower() in TEXT_SUFFIXES | JSONL_SUFFIXES
                and not any(part.startswith(".") for part in p.relative_to(path).parts)))
        else:
            found.append(path)
    return found


def detect_format(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix in JSONL_SUFFIXES:
        return "jsonl"
    if suffix in TEXT_SUFFIXES:
        return "text"
    with path.open("rb") as stream:
        head = stream.read(64).lstrip(b"\xef\xbb\xbf \t\r\n")
    return "jsonl" if head.startswith(b"{") else "text"


def import_paths(store: Store, paths: Iterable[Path | str], *, fmt: str = "auto",
                 annotator: str | None = None, on_error: str = "stop",
                 add_labels: bool = False, progress: Progress | None = None) -> ImportReport:
    if fmt not in FORMATS:
        raise AnnotatorError(f"unknown import format {fmt!r} (choose from {', '.join(FORMATS)})")
    if on_error not in ("stop", "skip"):
        raise AnnotatorError(f"--on-error must be stop or skip, not {on_error!r}")
    report = ImportReport()
    files = discover(Path(p) for p in paths)
    missing = [p for p in files if not p.exists()]
    for path in missing:
        report.files.append(FileReport(str(path), failed=1, refused=True,
                                       errors=[f"{path}: no such file or folder"]))
    files = [p for p in files if p.exists()]
    total = sum(p.stat().st_size for p in files) or 1
    importer = _Importer(store, annotator=annotator, on_error=on_error, add_labels=add_labels)
    done = 0
    for path in files:
        base = done

        def step(consumed: int, base: int = base) -> None:
            if progress is not None and progress(base + consumed, total) is False:
                raise _Cancelled

        try:
            report.files.append(importer.import_file(path, fmt, step))
        except _Cancelled:
            report.cancelled = True
            break
        done += path.stat().st_size
        if progress is not None and progress(done, total) is False:
            report.cancelled = True
            break
    return report


class _Importer:
    def __init__(self, store: Store, *, annotator: str | None, on_error: str,
                 add_labels: bool) -> None:
        self.store = store
        self.annotator = annotator
        self.on_error = on_error
        self.add_labels = add_labels
        self.known_labels = {label.name for label in store.labels(include_archived=True)}

    def import_file(self, path: Path, fmt: str, step: Callable[[int], None]) -> FileReport:
        report = FileReport(str(path))
        kind = detect_format(path) if fmt == "auto" else fmt
        try:
            with self.store.transaction() as conn:
                batch: list[Record] = []
                for item in self._read(path, kind, step):
                    if isinstance(item, Skipped):
                        report.skipped += 1
                    elif isinstance(item, RecordError):
                        report.failed += 1
                        report.errors.append(str(item))
                    else:
                        error = self._check(item, path)
                        if error:
                            report.failed += 1
                            report.errors.append(str(error))
                        elif not (report.failed and self.on_error == "stop"):
                            batch.append(item)
                    if len(batch) >= BATCH:
                        report.new_documents += self._write(conn, batch)
                        report.imported += len(batch)
                        batch = []
                if report.failed and self.on_error == "stop":
                    raise _Refused
                report.new_documents += self._write(conn, batch)
                report.imported += len(batch)
        except _Refused:
            report.refused = True
            report.imported = report.new_documents = 0
            self._after_rollback()
        except _Cancelled:
            self._after_rollback()
            raise
        except RecordError as exc:  # the file as a whole is unreadable
            report.failed += 1
            report.refused = True
            report.errors.append(str(exc))
            self._after_rollback()
        except OSError as exc:
            report.failed += 1
            report.refused = True
            report.errors.append(f"{path}: {exc.strerror or exc}")
            self._after_rollback()
        return report

    def _after_rollback(self) -> None:
        self.store.forget_cached_keys()
        self.known_labels = {label.name for label in self.store.labels(include_archived=True)}

    def _read(self, path: Path, kind: str,
              step: Callable[[int], None]) -> Iterator[Record | Skipped | RecordError]:
        if kind == "text":
            record = read_text_file(path)
            step(os.path.getsize(path))
            yield record
            return
        with path.open("rb") as stream:
            seen_any = False
            for consumed, item in read_jsonl(stream, path=str(path)):
                seen_any = True
                yield item
                step(consumed)
            if not seen_any:
                raise RecordError("empty file (no records)", path=str(path))

    def _check(self, record: Record, path: Path) -> RecordError | None:
        """Normalises the record in place; returns why it cannot be imported, if it cannot."""
        def bad(reason: str) -> RecordError:
            return RecordError(reason, path=str(path), line=record.line)

        if not record.text.strip():
            return bad("empty text")
        surrogate = lone_surrogate(record.text)
        if surrogate is not None:
            return bad(f"text holds an unpaired surrogate at offset {surrogate}")
        length = len(record.text)
        for s in [*record.spans, *(x for r in record.relations for x in (r.head, r.child))]:
            if s.start < 0 or s.end > length:
                return bad(f"span {s.label} [{s.start}, {s.end}) lies outside the text "
                           f"(length {length})")
            if s.start >= s.end:
                return bad(f"span {s.label} [{s.start}, {s.end}): start must be < end")
            if s.label not in self.known_labels and not self.add_labels:
                return bad(f"unknown label {s.label!r} (define it first or pass --add-labels)")
        if record.spans or record.relations:
            record.annotator = record.annotator or self.annotator
            if not record.annotator:
                return bad("no annotator: the record has no _annotator_id; pass --annotator")
        newlines = NewlineMap(record.text)
        if newlines.text != record.text:
            record.text = newlines.text
            record.spans = [_moved(s, newlines) for s in record.spans]
            record.relations = [RecordRelation(_moved(r.head, newlines),
                                               _moved(r.child, newlines), r.label)
                                for r in record.relations]
            for s in record.spans:
                if s.start >= s.end:
                    return bad(f"span {s.label} covers only the CR of a CRLF line break")
        if record.document_id and record.document_id != document_id(record.text):
            return bad(f"meta.document_id {record.document_id[:12]}… does not match the text "
                       "(a known document id with a different text?)")
        for s in record.spans:
            if s.label not in self.known_labels:
                self.known_labels.add(s.label)
        return None

    def _write(self, conn, batch: list[Record]) -> int:  # type: ignore[no-untyped-def]
        if not batch:
            return 0
        docs = [Document(document_id(r.text), r.text,
                         title_of(r.text) if r.title is None else r.title,
                         r.source, r.meta) for r in batch]
        keys = self.store.insert_documents(conn, docs)
        rows: list[dict[str, object]] = []
        now = time.time()
        for doc, record in zip(docs, batch, strict=True):
            if not record.spans:
                continue
            doc_pk = keys[doc.id][0]
            ann_pk = self.store.annotator_pk(conn, record.annotator or "")
            for s in record.spans:
                rows.append({"document": doc_pk, "annotator": ann_pk,
                             "label": self.store.label_pk(conn, s.label, create=True),
                             "start": s.start, "end": s.end, "origin": "import",
                             "status": "accepted", "created_at": now})
        self.store.insert_spans(conn, rows)
        self._write_relations(conn, docs, batch, keys)
        return sum(1 for _, created in keys.values() if created)

    def _write_relations(self, conn, docs, batch, keys) -> None:  # type: ignore[no-untyped-def]
        rows: list[dict[str, object]] = []
        for doc, record in zip(docs, batch, strict=True):
            if not record.relations:
                continue
            doc_pk = keys[doc.id][0]
            ann_pk = self.store.annotator_pk(conn, record.annotator or "")
            # Relation ends that are not among the record's spans become spans too.
            extra = [{"document": doc_pk, "annotator": ann_pk,
                      "label": self.store.label_pk(conn, s.label, create=True),
                      "start": s.start, "end": s.end, "origin": "import",
                      "status": "accepted", "created_at": time.time()}
                     for r in record.relations for s in (r.head, r.child)]
            self.store.insert_spans(conn, extra)
            pks = self.store.span_pks(conn, doc_pk, ann_pk)
            for r in record.relations:
                head = pks[(r.head.start, r.head.end, self.store.label_pk(conn, r.head.label))]
                child = pks[(r.child.start, r.child.end, self.store.label_pk(conn, r.child.label))]
                rows.append({"head": head, "child": child, "label": r.label})
        self.store.insert_relations(conn, rows)


def _moved(span: RecordSpan, newlines: NewlineMap) -> RecordSpan:
    return RecordSpan(newlines(span.start), newlines(span.end), span.label)

