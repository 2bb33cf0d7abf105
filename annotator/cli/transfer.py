"""`annotator import` and `annotator export`, in every format of services.interchange."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from annotator.cli.progress import clear_progress, terminal_progress
from annotator.store import Store

# Kept here as literals so that `--help` needs no service import.
IMPORT_FORMATS = ["auto", "text", "jsonl", "doccano", "labelstudio", "csv", "html"]
EXPORT_FORMATS = ["jsonl", "doccano", "doccano-rel", "labelstudio", "spacy", "conll"]


def register(commands: argparse._SubParsersAction) -> None:
    imp = commands.add_parser(
        "import", help="import articles and annotation sets",
        description="Import articles (.txt, .html, CSV/TSV, folders) and annotation sets "
                    "(Prodigy or doccano JSONL, Label Studio JSON). Every bad record is "
                    "reported as file:line: reason.")
    imp.add_argument("paths", nargs="*", type=Path, metavar="PATH")
    imp.add_argument("--samples", action="store_true",
                     help="also import the sample articles that come with Annotator")
    imp.add_argument("--format", default="auto", choices=IMPORT_FORMATS,
                     help="auto (default): by suffix and content")
    imp.add_argument("--annotator", help="annotator for records that name none; for Label "
                     "Studio, replaces completed_by")
    imp.add_argument("--on-error", default="stop", choices=["stop", "skip"],
                     help="stop: refuse a file with any bad record (default); "
                          "skip: import the good records")
    imp.add_argument("--add-labels", action="store_true",
                     help="create labels and relation types that the store does not know yet")
    imp.add_argument("--offsets", choices=["auto", "utf16", "codepoints"],
                     help="unit of the offsets (doccano: utf16 by default, as doccano "
                          "counts; Label Studio: auto, decided per span by its text)")
    imp.add_argument("--predictions", default="import", choices=["import", "skip"],
                     help="Label Studio predictions: import as model suggestions, or skip")
    imp.add_argument("--text-column", default="text",
                     help="CSV column or Label Studio data key holding the text (text)")
    imp.add_argument("--title-column", help="CSV column holding the title")
    imp.add_argument("--wait", type=float, default=60.0, metavar="SECONDS",
                     help="how long to wait for the database while another import (or the "
                          "window) is writing to it, before giving up with exit code 3 "
                          "(default 60)")
    imp.add_argument("--encoding", metavar="NAME",
                     help="text, CSV and HTML files: read them in this encoding (e.g. "
                          "cp1252, latin-1); by default a byte-order mark, else UTF-8, "
                          "else the detected encoding, which the report names")
    imp.set_defaults(handler=run_import)

    exp = commands.add_parser(
        "export", help="export annotation sets and training data",
        description="Export the accepted spans of one or more annotators (a reviewer is "
                    "just an annotator). Formats that cannot hold something report what "
                    "they left out.")
    exp.add_argument("out", type=Path, metavar="OUT",
                     help="output file; with --format spacy, a folder of .spacy files "
                          "(spaCy reads it as one corpus)")
    exp.add_argument("--format", default="jsonl", choices=EXPORT_FORMATS)
    exp.add_argument("--annotator", action="append", dest="annotators", metavar="NAME",
                     help="only this annotator's spans (repeatable)")
    exp.add_argument("--suggestions", action="store_true",
                     help="write the suggestions of the --annotator model(s) instead of "
                          "accepted spans, for review in another tool")
    exp.add_argument("--where", metavar="QUERY",
                     help="only the documents this search query selects (README: "
                          "Searching), e.g. 'S-300 state:done'; state: and has: are about "
                          "the one --annotator given, or name one with @NAME")
    exp.add_argument("--tokens", action="store_true", default=None,
                     help="jsonl: add Prodigy's tokens and token_start/token_end")
    exp.add_argument("--offsets", choices=["utf16", "codepoints"],
                     help="doccano (default utf16) and labelstudio (default codepoints)")
    exp.add_argument("--spans-key", help="spacy: doc.spans key (default sc)")
    exp.add_argument("--ents", metavar="LABELS", action="append",
                     help="spacy: labels, in priority order, for a non-overlapping doc.ents "
                          "layer: repeat the option or separate them with commas (a comma "
                          "inside a label is written \\,)")
    exp.add_argument("--split", type=float,
                     help="spacy: fraction of documents for dev.spacy; OUT is a folder")
    exp.add_argument("--seed", type=int, help="spacy: seed of the split (default 0)")
    exp.add_argument("--align", choices=["expand", "contract", "drop"],
                     help="spacy, conll: what to do with spans that do not fit spaCy's "
                          "tokens; unset, such spans make the export fail with a report")
    exp.add_argument("--labels", metavar="LABELS", action="append",
                     help="conll: labels of the flat layer, in priority order: repeat the "
                          "option or separate them with commas (\\, inside a label)")
    exp.add_argument("--config", type=Path, metavar="CONFIG.cfg",
                     help="spacy: also write a spancat training config for the export")
    exp.set_defaults(handler=run_export)


def run_import(store: Store, args: argparse.Namespace) -> int:
    from annotator.cli.failures import OK, REFUSED, STORE, error
    from annotator.core.errors import BadOption
    from annotator.core.wording import count
    from annotator.services.importing import ImportReport, import_paths
    from annotator.services.interchange import ImportOptions
    from annotator.services.samples import import_samples

    if not args.paths and not args.samples:
        raise BadOption("import needs files or folders (PATH...), or --samples")
    options = ImportOptions(offsets=args.offsets, predictions=args.predictions,
                            text_column=args.text_column, title_column=args.title_column,
                            encoding=args.encoding)
    report = ImportReport()
    try:
        if args.samples:
            report = import_samples(store, progress=terminal_progress("importing samples"))
        if args.paths and not report.cancelled:
            files = import_paths(store, args.paths, fmt=args.format,
                                 annotator=args.annotator, on_error=args.on_error,
                                 add_labels=args.add_labels,
                                 progress=terminal_progress("importing"), options=options,
                                 wait=args.wait, on_wait=_say_waiting)
            report.files += files.files
            report.cancelled, report.busy = files.cancelled, files.busy
    finally:
        clear_progress()
    print(report.summary())
    if report.ok:
        return OK
    if report.busy:
        error(report.busy)
        return STORE
    refused = sum(1 for f in report.files if f.refused)
    left_out = sum(f.failed for f in report.files if not f.refused)
    what = [f"{count(refused, 'path')} refused, nothing imported from "
            f"{'it' if refused == 1 else 'them'}"] if refused else []
    what += [f"{count(left_out, 'bad record')} left out"] if left_out else []
    error("; ".join(what or ["cancelled; the file in progress was rolled back"]) + ":")
    for line in report.errors:
        print(line, file=sys.stderr)
    return REFUSED


def _say_waiting(wait: float) -> None:
    clear_progress()
    print(f"annotator: the database is busy (another import, or the window, is writing to "
          f"it); waiting up to {wait:g} s…", file=sys.stderr, flush=True)


def _labels(values: list[str] | None) -> list[str] | None:
    """Repeated label options, each possibly a comma-separated list, as one list."""
    if values is None:
        return None
    from annotator.services.layers import split_labels

    return [label for value in values for label in split_labels(value)]


def run_export(store: Store, args: argparse.Namespace) -> int:
    from annotator.services.interchange import export

    options = {"tokens": args.tokens, "offsets": args.offsets, "spans_key": args.spans_key,
               "ents": _labels(args.ents), "split": args.split, "seed": args.seed,
               "align": args.align, "labels": _labels(args.labels)}
    where = None
    if args.where is not None:
        me = args.annotators[0] if args.annotators and len(set(args.annotators)) == 1 else None
        where = store.search.compile(args.where, me=me)
    try:
        report = export(store, args.out, args.format, annotators=args.annotators,
                        progress=terminal_progress("exporting"), config=args.config,
                        suggestions=args.suggestions, where=where, **options)
    finally:
        clear_progress()
    print(report.summary())
    return 1 if report.cancelled else 0
