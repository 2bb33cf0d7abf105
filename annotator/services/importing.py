"""Import articles and annotation sets into the store.

Formats: plain text, Prodigy JSONL, doccano JSONL, Label Studio JSON, CSV/TSV
and saved HTML pages (see IMPORT_FORMATS for what each takes). Each file is one
transaction. With on_error="stop" a file with any bad record
is refused whole and the store stays as it was; with "skip" the good records go
in. Either way every bad record is reported as `file:line: reason`.

The write lock: a file's transaction begins when its first batch of BATCH good
records is read (or at its end, for a smaller file) and ends with the file, so
the lock is held per file, from its first batch to its last. A store that
another program is writing to is waited for, up to `wait` seconds (the caller
is told once through `on_wait`); after that the import stops with StoreBusy's
message in its report. Documents are inserted ignoring ones already there, in
the same transaction, so two imports of one file at once store each document
once.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field, replace
from pathlib import Path

from annotator.core.errors import BadOption, RecordError, StoreBusy
from annotator.core.model import AnnotatorKind, Document, document_id, name_problem, title_of
from annotator.core.offsets import NewlineMap, lone_surrogate
from annotator.core.wording import count
from annotator.formats.records import Notice, Record, RecordRelation, RecordSpan, Skipped
from annotator.services.interchange import IMPORT_FORMATS, ImportOptions, detect_format
from annotator.store import BulkWriter, Store

log = logging.getLogger(__name__)
FORMATS = ("auto", *(f.name for f in IMPORT_FORMATS))
LOGGED_ERRORS = 20  # per import: the log is for finding trouble, not a second report
BATCH = 500
DEFAULT_WAIT = 60.0  # seconds an import waits for a store another program is writing to
_ATTEMPT = 1.0  # seconds of each wait for the lock, between which on_wait is told

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
    format: str = ""
    notices: list[str] = field(default_factory=list)
    unread: bool = False  # a path that gave nothing to read (its error says why)

    def line(self) -> str:
        if self.unread:
            return f"{self.path}: nothing imported"
        state = " (refused: nothing imported from this file)" if self.refused else ""
        kind = f" [{self.format}]" if self.format else ""
        lines = [f"{self.path}{kind}: {self.imported} imported "
                 f"({count(self.new_documents, 'new document')}), {self.skipped} skipped, "
                 f"{self.failed} failed{state}"]
        lines += [f"{self.path}: note: {n}" for n in self.notices]
        return "\n".join(lines)


@dataclass
class ImportReport:
    files: list[FileReport] = field(default_factory=list)
    cancelled: bool = False
    busy: str = ""  # why the import stopped: the store stayed busy longer than `wait`

    @property
    def ok(self) -> bool:
        return not self.cancelled and not self.busy and \
            all(not f.failed and not f.refused for f in self.files)

    @property
    def errors(self) -> list[str]:
        return [e for f in self.files for e in f.errors]

    @property
    def notices(self) -> list[str]:
        return [f"{f.path}: {n}" for f in self.files for n in f.notices]

    def summary(self) -> str:
        lines = [f.line() for f in self.files]
        if self.cancelled:
            lines.append("cancelled: the file in progress was rolled back")
        return "\n".join(lines)


class _Refused(Exception):
    """Raised inside a file's transaction to roll it back."""


class _Cancelled(Exception):
    pass


@dataclass
class Found:
    """What a list of paths names: the files to import, and the paths that gave none."""

    files: list[Path] = field(default_factory=list)
    problems: list[FileReport] = field(default_factory=list)


def discover(paths: Iterable[Path]) -> Found:
    """Files to import: files as given, folders searched recursively for known suffixes
    (hidden ones and symbolic links to folders left out). A path that gives no file,
    and a folder that cannot be read, is a problem that names it."""
    known = sorted({suffix for f in IMPORT_FORMATS for suffix in f.suffixes})
    found = Found()

    def problem(path: Path | str, reason: str) -> None:
        found.problems.append(FileReport(str(path), failed=1, refused=True, unread=True,
                                         errors=[f"{path}: {reason}"]))

    for path in paths:
        try:
            is_dir = path.is_dir()
            exists = is_dir or path.exists()
        except OSError as exc:  # a symbolic link loop, a name too long
            problem(path, exc.strerror or str(exc))
            continue
        if not exists:
            problem(path, "no such file or folder")
        elif not is_dir:
            found.files.append(path)
        else:
            unreadable: list[OSError] = []
            files = []
            for folder, dirs, names in os.walk(path, onerror=unreadable.append):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                files.extend(Path(folder) / n for n in sorted(names)
                             if not n.startswith(".") and Path(n).suffix.lower() in known
                             and (Path(folder) / n).is_file())
            for exc in unreadable:
                problem(exc.filename or path, f"cannot read this folder "
                        f"({exc.strerror or exc}); its files were not imported")
            if not files and not unreadable:
                problem(path, f"no files to import in this folder (looked for "
                        f"{', '.join(known)}, in subfolders too)")
            found.files.extend(files)
    return found


def import_paths(store: Store, paths: Iterable[Path | str], *, fmt: str = "auto",
                 annotator: str | None = None, on_error: str = "stop",
                 add_labels: bool = False, progress: Progress | None = None,
                 options: ImportOptions | None = None, wait: float = DEFAULT_WAIT,
                 on_wait: Callable[[float], None] | None = None) -> ImportReport:
    """Import files and folders; `progress(bytes done, bytes total)` returning False cancels.

    `annotator` names records that name none (for Label Studio it replaces
    `completed_by`); `options` holds the format-specific choices. A store busy
    with another writer is waited for up to `wait` seconds; `on_wait(wait)` is
    called once when the waiting starts.
    """
    if fmt not in FORMATS:
        raise BadOption(f"unknown import format {fmt!r} (choose from {', '.join(FORMATS)})")
    if on_error not in ("stop", "skip"):
        raise BadOption(f"--on-error must be stop or skip, not {on_error!r}")
    if annotator is not None and name_problem("annotator", annotator):
        raise BadOption(name_problem("annotator", annotator))
    report = ImportReport()
    found = discover(Path(p) for p in paths)
    report.files.extend(found.problems)
    files = found.files
    total = sum(_size(p) for p in files) or 1
    options = (options or ImportOptions()).checked()
    if wait < 0:
        raise BadOption(f"--wait must be 0 or more seconds, not {wait:g}")
    importer = _Importer(store, annotator=annotator, on_error=on_error, add_labels=add_labels,
                         options=options, wait=wait, on_wait=on_wait)
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
        except StoreBusy as exc:
            report.busy = str(exc)
            report.files.append(FileReport(str(path), failed=1, refused=True,
                                           errors=[f"{path}: not imported: {exc}"]))
            break
        done += _size(path)
        if progress is not None and progress(done, total) is False:
            report.cancelled = True
            break
    _log(report)
    return report


def _log(report: ImportReport) -> None:
    imported = sum(f.imported for f in report.files)
    new = sum(f.new_documents for f in report.files)
    log.info("import of %s: %d records, %s%s", count(len(report.files), "file"), imported,
             count(new, "new document"), ", cancelled" if report.cancelled else "")
    refused = [f.path for f in report.files if f.refused]
    if refused:
        log.warning("import refused %s: %s", count(len(refused), "file"),
                    ", ".join(refused[:LOGGED_ERRORS]))
    errors = report.errors
    for error in errors[:LOGGED_ERRORS]:
        log.warning("import: %s", error)
    if len(errors) > LOGGED_ERRORS:
        log.warning("import: %d more bad records not logged", len(errors) - LOGGED_ERRORS)


class _Importer:
    def __init__(self, store: Store, *, annotator: str | None, on_error: str,
                 add_labels: bool, options: ImportOptions, wait: float = DEFAULT_WAIT,
                 on_wait: Callable[[float], None] | None = None) -> None:
        self.store = store
        self.wait = wait
        self.on_wait = on_wait
        self._told = False
        self.options = options
        self.annotator = annotator
        self.on_error = on_error
        self.add_labels = add_labels
        self.known_labels = {label.name for label in store.labels.all(include_archived=True)}
        self.known_types = {kind.name for kind in store.relation_types.all(include_archived=True)}

    def import_file(self, path: Path, fmt: str, step: Callable[[int], None]) -> FileReport:
        report = FileReport(str(path))
        try:
            kind = detect_format(path) if fmt == "auto" else fmt
        except OSError as exc:
            report.failed, report.refused = 1, True
            report.errors.append(f"{path}: {exc.strerror or exc}")
            return report
        report.format = kind
        try:
            with ExitStack() as stack:
                opened: list[BulkWriter] = []

                def writer() -> BulkWriter:
                    # The transaction (and the write lock) begins with the first batch.
                    if not opened:
                        opened.append(self._begin(stack))
                    return opened[0]

                batch: list[Record] = []
                for item in self._read(path, kind, step):
                    if isinstance(item, Notice):
                        report.notices.append(item.message)
                    elif isinstance(item, Skipped):
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
                        report.new_documents += self._write(writer(), batch)
                        report.imported += len(batch)
                        batch = []
                if report.failed and self.on_error == "stop":
                    raise _Refused
                if batch:
                    report.new_documents += self._write(writer(), batch)
                    report.imported += len(batch)
                report.notices.extend(_unit_hint(report.errors))
        except _Refused:
            report.notices.extend(_unit_hint(report.errors))
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

    def _begin(self, stack: ExitStack) -> BulkWriter:
        """The file's transaction, waiting up to `wait` seconds for another writer.
        The first try does not wait, so that the caller is told at once."""
        deadline = time.monotonic() + self.wait
        attempt = 0.0
        while True:
            try:
                return stack.enter_context(self.store.bulk(busy_timeout=attempt))
            except StoreBusy:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise StoreBusy(
                        f"{self.store.location}: the database is busy: another import is "
                        "running, or another program is writing to it (waited "
                        f"{self.wait:g} s; --wait SECONDS waits longer)") from None
                if not self._told and self.on_wait is not None:
                    self._told = True
                    self.on_wait(self.wait)
                attempt = min(left, _ATTEMPT)

    def _after_rollback(self) -> None:
        self.store.forget_cached_keys()
        self.known_labels = {label.name for label in self.store.labels.all(include_archived=True)}
        self.known_types = {kind.name
                            for kind in self.store.relation_types.all(include_archived=True)}

    def _read(self, path: Path, kind: str,
              step: Callable[[int], None]) -> Iterator[Record | Skipped | RecordError | Notice]:
        from annotator.services.interchange import reader  # one reader per format

        seen_any = False
        for consumed, item in reader(kind, path, self.options, self.annotator):
            seen_any = True
            yield item
            step(consumed)
        if not seen_any:
            raise RecordError("empty file (no records)", path=str(path))

    def _check(self, record: Record, path: Path) -> RecordError | None:
        """Normalises the record in place; returns why it cannot be imported, if it cannot."""
        def bad(reason: str) -> RecordError:
            return record.error(reason, str(path))

        if not record.text.strip():
            return bad("empty text")
        surrogate = lone_surrogate(record.text)
        if surrogate is not None:
            return bad(f"text holds an unpaired surrogate at offset {surrogate}")
        nul = record.text.find("\x00")
        if nul >= 0:
            return bad(f"text holds a NUL character at offset {nul}")
        if record.title is not None and "\x00" in record.title:
            return bad("title holds a NUL character")
        length = len(record.text)
        for s in [*record.spans, *(x for r in record.relations for x in (r.head, r.child))]:
            if s.start < 0 or s.end > length:
                return bad(f"span {s.label} [{s.start}, {s.end}) lies outside the text "
                           f"(length {length})")
            if s.start >= s.end:
                return bad(f"span {s.label} [{s.start}, {s.end}): start must be < end")
            if s.label not in self.known_labels:
                if not self.add_labels:
                    return bad(f"unknown label {s.label!r} (define it first or pass "
                               "--add-labels)")
                problem = name_problem("label", s.label)
                if problem:
                    return bad(problem)
        for r in record.relations:
            if r.label not in self.known_types:
                if not self.add_labels:
                    return bad(f"unknown relation type {r.label!r} (define it first or pass "
                               "--add-labels)")
                problem = name_problem("relation type", r.label)
                if problem:
                    return bad(problem)
        if record.spans or record.relations:
            record.annotator = record.annotator or self.annotator
            if not record.annotator:
                return bad("no annotator: the record has no _annotator_id; pass --annotator")
            problem = name_problem("annotator", record.annotator)
            if problem:
                return bad(problem)
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
        self.known_types.update(r.label for r in record.relations)
        return None

    def _write(self, writer: BulkWriter, batch: list[Record]) -> int:
        if not batch:
            return 0
        docs = [Document(document_id(r.text), r.text,
                         title_of(r.text) if r.title is None else r.title,
                         r.source, r.meta) for r in batch]
        keys = writer.documents(docs)
        for doc, record in zip(docs, batch, strict=True):
            if record.spans or record.relations:
                kind = AnnotatorKind(record.annotator_kind or AnnotatorKind.HUMAN.value)
                doc_pk = keys[doc.id][0]
                writer.spans(doc_pk, record.annotator or "", kind, record.spans)
                # Relation ends that are not among the record's spans become spans too.
                writer.relations(doc_pk, record.annotator or "", kind, record.relations)
        writer.flush()
        return sum(1 for _, created in keys.values() if created)


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0  # reported when the file is read


def _moved(span: RecordSpan, newlines: NewlineMap) -> RecordSpan:
    if isinstance(span, RecordSpan):
        return replace(span, start=newlines(span.start), end=newlines(span.end))
    return RecordSpan(newlines(span.start), newlines(span.end), span.label)


def _unit_hint(errors: list[str]) -> list[str]:
    """One line for the report when offsets look counted in the other unit."""
    hinted = sum(1 for e in errors if "try --offsets" in e)
    if not hinted:
        return []
    return [f"{hinted} record(s) have offsets that fit the text only in the other unit "
            "(code points vs UTF-16): check which unit the tool that wrote the file "
            "counts, and pass --offsets"]

