"""The file formats we read and write, described once for the command line and the
File menu: their names, suffixes and options, and which reader handles which file.

Format modules (annotator.formats.*, annotator.nlp.docbin) are imported only
when a file of that kind is read or written.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from annotator.core.errors import AnnotatorError, BadOption, RecordError
from annotator.formats.records import Notice, Record, Skipped

ReadItem = Record | Skipped | RecordError | Notice
log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Option:
    """One choice a format offers; `name` is the keyword argument and the CLI flag."""

    name: str
    help: str
    choices: tuple[str, ...] = ()
    default: Any = None


@dataclass(frozen=True, slots=True)
class FormatInfo:
    name: str
    title: str  # what a file dialog shows
    suffixes: tuple[str, ...]
    options: tuple[Option, ...] = ()
    # What this format cannot hold, said before anyone exports to it.
    drops: str = ""

    @property
    def file_filter(self) -> str:
        """A Qt file dialog filter, e.g. "doccano JSONL (*.jsonl)"."""
        return f"{self.title} ({' '.join('*' + s for s in self.suffixes)})"


OFFSETS_IMPORT = Option("offsets", "unit of the file's offsets: utf16 (JavaScript tools) or "
                        "codepoints (Python tools); auto decides per span by its text",
                        ("utf16", "codepoints"))
PREDICTIONS = Option("predictions", "import a task's predictions as suggestions by the model, "
                     "or skip them", ("import", "skip"), "import")
TEXT_COLUMN = Option("text_column", "column (CSV) or data key (Label Studio) holding the text",
                     default="text")
TITLE_COLUMN = Option("title_column", "column holding the title (CSV)")

IMPORT_FORMATS: tuple[FormatInfo, ...] = (
    FormatInfo("text", "Plain-text articles", (".txt", ".text")),
    FormatInfo("jsonl", "Prodigy / Annotator JSONL", (".jsonl", ".ndjson")),
    FormatInfo("doccano", "doccano JSONL", (".jsonl",),
               (Option("offsets", OFFSETS_IMPORT.help, ("utf16", "codepoints"), "utf16"),)),
    FormatInfo("labelstudio", "Label Studio JSON export", (".json",),
               (Option("offsets", OFFSETS_IMPORT.help, ("auto", "utf16", "codepoints"), "auto"),
                PREDICTIONS, TEXT_COLUMN)),
    FormatInfo("csv", "CSV / TSV, one article per row", (".csv", ".tsv"),
               (TEXT_COLUMN, TITLE_COLUMN)),
    FormatInfo("html", "Saved web pages", (".html", ".htm")),
)

SPANS_KEY = Option("spans_key", "doc.spans key for the SpanCategorizer", default="sc")
ALIGN = Option("align", "spans whose edges fall inside spaCy tokens: expand or contract them "
               "to tokens, or drop them; unset, such spans make the export fail with a report",
               ("expand", "contract", "drop"))
LAYER = Option("labels", "labels of the flat layer, in priority order (comma-separated); "
               "default all, longest span first")

EXPORT_FORMATS: tuple[FormatInfo, ...] = (
    FormatInfo("jsonl", "Prodigy / Annotator JSONL", (".jsonl",),
               (Option("tokens", "add spaCy tokens and token_start/token_end", default=False),)),
    FormatInfo("doccano", "doccano JSONL (label form)", (".jsonl",),
               (Option("offsets", "offset unit to write", ("utf16", "codepoints"), "utf16"),),
               drops="relations"),
    FormatInfo("doccano-rel", "doccano JSONL (entities and relations)", (".jsonl",),
               (Option("offsets", "offset unit to write", ("utf16", "codepoints"), "utf16"),)),
    FormatInfo("labelstudio", "Label Studio JSON", (".json",),
               (Option("offsets", "offset unit to write", ("codepoints", "utf16"),
                       "codepoints"),)),
    FormatInfo("spacy", "spaCy DocBin", (".spacy",),
               (SPANS_KEY, ALIGN,
                Option("ents", "labels (comma-separated, priority order) for a "
                       "non-overlapping doc.ents layer"),
                Option("split", "fraction of documents for dev.spacy (0 = one file)",
                       default=0.0),
                Option("seed", "seed of the train/dev split", default=0)),
               drops="titles and metadata (doc.user_data keeps the document id); with "
                     "--ents, overlapping spans in doc.ents; relations whose ends start on the "
                     "same tokens as another's (doc._.rel is keyed by start tokens)"),
    FormatInfo("conll", "CoNLL-2003 IOB", (".conll",), (LAYER, ALIGN),
               drops="relations, metadata, exact whitespace, and overlapping spans (one flat "
                     "layer: every dropped span is counted)"),
)


def import_format(name: str) -> FormatInfo:
    return _by_name(IMPORT_FORMATS, name, "import")


def export_format(name: str) -> FormatInfo:
    return _by_name(EXPORT_FORMATS, name, "export")


def _by_name(formats: tuple[FormatInfo, ...], name: str, verb: str) -> FormatInfo:
    for f in formats:
        if f.name == name:
            return f
    raise BadOption(f"unknown {verb} format {name!r} "
                         f"(choose from {', '.join(f.name for f in formats)})")


@dataclass(frozen=True, slots=True)
class ImportOptions:
    """Format-specific import choices; None means the format's default."""

    offsets: str | None = None
    predictions: str = "import"
    text_column: str = "text"
    title_column: str | None = None
    encoding: str | None = None  # text, CSV and HTML files; None: detected

    def checked(self) -> ImportOptions:
        if self.offsets not in (None, "auto", "utf16", "codepoints"):
            raise BadOption(f"--offsets must be utf16 or codepoints, not {self.offsets!r}")
        if self.predictions not in ("import", "skip"):
            raise BadOption(f"--predictions must be import or skip, "
                                 f"not {self.predictions!r}")
        from annotator.formats.text import check_encoding

        check_encoding(self.encoding)
        return self


def detect_format(path: Path) -> str:
    """The import format of a file, by its suffix and, where that is ambiguous, its content."""
    suffix = path.suffix.lower()
    if suffix in (".txt", ".text"):
        return "text"
    if suffix in (".csv", ".tsv"):
        return "csv"
    if suffix in (".html", ".htm"):
        return "html"
    with path.open("rb") as stream:
        first = b""
        while not first.strip():  # the first non-blank line, however long
            line = stream.readline()
            if not line:
                break
            first = line.lstrip(b"\xef\xbb\xbf \t\r\n")
    if first.startswith(b"{"):
        return _jsonl_dialect(first)
    if suffix in (".json",) or first.startswith(b"["):
        return "labelstudio"
    if suffix in (".jsonl", ".ndjson"):
        return "jsonl"  # malformed: the JSONL reader reports each line
    if first[:15].lower().startswith((b"<!doctype html", b"<html")):
        return "html"
    return "text"


def _jsonl_dialect(line: bytes) -> str:
    """doccano or Prodigy, from the first line."""
    import json

    from annotator.formats.doccano import looks_like

    try:
        obj = json.loads(line)
    except ValueError:
        return "jsonl"  # the JSONL reader reports the bad line
    return "doccano" if isinstance(obj, dict) and looks_like(obj) else "jsonl"


def reader(kind: str, path: Path, options: ImportOptions,
           annotator: str | None) -> Iterator[tuple[int, ReadItem]]:
    """(bytes consumed so far, item) for every record of a file of that format."""
    if kind in ("text", "html"):
        if kind == "text":
            from annotator.formats.text import read_text_file as read
        else:
            from annotator.formats.html import read_html_file as read
        for item in read(path, options.encoding):
            yield path.stat().st_size, item
        return
    with path.open("rb") as stream:
        if kind == "jsonl":
            from annotator.formats.jsonl import read_jsonl

            yield from read_jsonl(stream, path=str(path))
        elif kind == "doccano":
            from annotator.formats.doccano import DEFAULT_UNIT, read_doccano

            unit = options.offsets if options.offsets not in (None, "auto") else DEFAULT_UNIT
            yield from read_doccano(stream, path=str(path), unit=unit)
        elif kind == "labelstudio":
            from annotator.formats.labelstudio import read_labelstudio

            yield from read_labelstudio(stream, path=str(path), unit=options.offsets or "auto",
                                        text_key=options.text_column, annotator=annotator,
                                        predictions=options.predictions == "import")
        elif kind == "csv":
            from annotator.formats.table import read_table

            delimiter = "\t" if path.suffix.lower() == ".tsv" else None
            yield from read_table(stream, path=str(path), delimiter=delimiter,
                                  text_column=options.text_column,
                                  title_column=options.title_column,
                                  encoding=options.encoding)
        else:
            raise AnnotatorError(f"unknown import format {kind!r}")


SCORED = ("jsonl", "labelstudio")  # formats that write a suggestion's score


def export(store: Any, out: Path | str, fmt: str, *, annotators: Any = None,
           progress: Any = None, suggestions: bool = False, where: Any = None,
           config: Path | str | None = None, **options: Any) -> Any:
    """Export with any format of EXPORT_FORMATS; `options` are that format's Option names.
    With `suggestions`, the named annotators' suggestions are written instead of
    accepted spans (a suggestion set, for review in another tool). `where` (a compiled
    search query, store.search.compile) narrows the documents.

    The target is checked before any work (folder or file, writable; `config`, a
    spaCy training config written beside a spacy export, likewise). Returns an
    ExportReport; raises ExportRefused (with the report) when spans do not fit
    spaCy's tokens and no `align` was chosen, TargetError when the target cannot be
    written.
    """
    from annotator.services.exporting import ExportRefused

    who = ", ".join(annotators) if annotators else "all annotators"
    if suggestions:
        who = f"suggestions of {who}"
    try:
        report = _export(store, out, fmt, annotators=annotators, progress=progress,
                         suggestions=suggestions, where=where, config=config, **options)
    except ExportRefused as exc:
        log.warning("export %s to %s (%s) refused: %s", fmt, out, who,
                    str(exc).splitlines()[0])
        raise
    except AnnotatorError as exc:
        log.warning("export %s to %s (%s) failed: %s", fmt, out, who, exc)
        raise
    if report.scored and fmt not in SCORED:
        report.drop(f"scores ({fmt} has no place for them; --format jsonl or labelstudio "
                    "keeps them)", report.scored)
    if report.cancelled:
        log.info("export %s to %s (%s) cancelled", fmt, out, who)
    else:
        log.info("export %s to %s (%s): %d records, %d spans", fmt, out, who,
                 report.records, report.spans)
    return report


def _export(store: Any, out: Path | str, fmt: str, *, annotators: Any,
            progress: Any, suggestions: bool, where: Any, config: Path | str | None,
            **options: Any) -> Any:
    info = export_format(fmt)
    allowed = {o.name for o in info.options}
    unknown = sorted(k for k, v in options.items() if v is not None and k not in allowed)
    if config is not None and fmt != "spacy":
        unknown.append("config")
    if unknown:
        raise BadOption(f"{', '.join('--' + k.replace('_', '-') for k in unknown)} "
                        f"does not apply to --format {fmt}")
    options = {k: v for k, v in options.items() if v is not None}
    if suggestions:
        from annotator.services.exporting import check_suggestions

        check_suggestions(annotators)
    common = {"annotators": annotators, "progress": progress, "suggestions": suggestions,
              "where": where}
    from annotator.services import exporting, output, training_data

    if fmt != "spacy":
        output.check_file_target(Path(out))
    if fmt == "jsonl":
        return exporting.export_jsonl(store, out, **common, **options)
    if fmt in ("doccano", "doccano-rel"):
        return exporting.export_doccano(store, out, relations=fmt == "doccano-rel",
                                        **common, **options)
    if fmt == "labelstudio":
        return exporting.export_labelstudio(store, out, **common, **options)
    if fmt == "spacy":
        return training_data.export_spacy(store, out, config=config, **common, **options)
    return training_data.export_conll(store, out, **common, **options)
