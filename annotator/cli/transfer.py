"""`annotator import` and `annotator export`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from annotator.cli.progress import clear_progress, terminal_progress
from annotator.store import Store


def register(commands: argparse._SubParsersAction) -> None:
    imp = commands.add_parser("import", help="import articles (.txt, folders) and JSONL sets")
    imp.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    imp.add_argument("--format", default="auto", choices=["auto", "text", "jsonl"])
    imp.add_argument("--annotator", help="annotator for records that name none")
    imp.add_argument("--on-error", default="stop", choices=["stop", "skip"],
                     help="stop: refuse a file with any bad record (default); "
                          "skip: import the good records")
    imp.add_argument("--add-labels", action="store_true",
                     help="create labels that the store does not know yet")
    imp.set_defaults(handler=run_import)

    exp = commands.add_parser("export", help="export annotation sets as JSONL")
    exp.add_argument("out", type=Path, metavar="OUT.jsonl")
    exp.add_argument("--format", default="jsonl", choices=["jsonl"])
    exp.add_argument("--annotator", action="append", dest="annotators", metavar="NAME",
                     help="only this annotator's spans (repeatable)")
    exp.add_argument("--tokens", action="store_true",
                     help="add Prodigy's tokens and token_start/token_end (spaCy blank English)")
    exp.set_defaults(handler=run_export)


def run_import(store: Store, args: argparse.Namespace) -> int:
    from annotator.services.importing import import_paths

    report = import_paths(store, args.paths, fmt=args.format, annotator=args.annotator,
                          on_error=args.on_error, add_labels=args.add_labels,
                          progress=terminal_progress("importing"))
    clear_progress()
    for error in report.errors:
        print(error, file=sys.stderr)
    print(report.summary())
    return 0 if report.ok else 1


def run_export(store: Store, args: argparse.Namespace) -> int:
    from annotator.services.exporting import export_jsonl

    report = export_jsonl(store, args.out, annotators=args.annotators, tokens=args.tokens,
                          progress=terminal_progress("exporting"))
    clear_progress()
    print(report.summary())
    return 0
