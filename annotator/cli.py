"""The command line: `annotator [--db PATH_OR_URL] [COMMAND ...]`; no command opens the window."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from annotator import __version__
from annotator.core.errors import AnnotatorError


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="annotator",
        description="Label spans in news articles and export NLP training data. "
                    "Without a command, opens the annotation window.")
    parser.add_argument("--version", action="version", version=f"annotator {__version__}")
    parser.add_argument("--db", metavar="PATH_OR_URL",
                        help="database file or SQLAlchemy URL (default: $ANNOTATOR_DB, "
                             "else annotator.sqlite3 in the user data folder)")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    imp = commands.add_parser("import", help="import articles (.txt, folders) and JSONL sets")
    imp.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    imp.add_argument("--format", default="auto", choices=["auto", "text", "jsonl"])
    imp.add_argument("--annotator", help="annotator for records that name none")
    imp.add_argument("--on-error", default="stop", choices=["stop", "skip"],
                     help="stop: refuse a file with any bad record (default); "
                          "skip: import the good records")
    imp.add_argument("--add-labels", action="store_true",
                     help="create labels that the store does not know yet")

    exp = commands.add_parser("export", help="export annotation sets as JSONL")
    exp.add_argument("out", type=Path, metavar="OUT.jsonl")
    exp.add_argument("--format", default="jsonl", choices=["jsonl"])
    exp.add_argument("--annotator", action="append", dest="annotators", metavar="NAME",
                     help="only this annotator's spans (repeatable)")
    exp.add_argument("--tokens", action="store_true",
                     help="add Prodigy's tokens and token_start/token_end (spaCy blank English)")

    stats = commands.add_parser("stats", help="documents, spans per label and annotator")
    stats.add_argument("--json", action="store_true", help="print JSON")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command is None:
        from annotator.ui.app import run

        return run(args.db)
    try:
        from annotator.store import open_store

        with open_store(args.db) as store:
            return COMMANDS[args.command](store, args)
    except AnnotatorError as exc:
        print(f"annotator: error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("annotator: interrupted; the file in progress was rolled back", file=sys.stderr)
        return 130


def _import(store, args: argparse.Namespace) -> int:  # type: ignore[no-untyped-def]
    from annotator.services.importing import import_paths

    report = import_paths(store, args.paths, fmt=args.format, annotator=args.annotator,
                          on_error=args.on_error, add_labels=args.add_labels,
                          progress=_terminal_progress("importing"))
    _clear_progress()
    for error in report.errors:
        print(error, file=sys.stderr)
    print(report.summary())
    return 0 if report.ok else 1


def _export(store, args: argparse.Namespace) -> int:  # type: ignore[no-untyped-def]
    from annotator.services.exporting import export_jsonl

    report = export_jsonl(store, args.out, annotators=args.annotators, tokens=args.tokens,
                          progress=_terminal_progress("exporting"))
    _clear_progress()
    print(report.summary())
    return 0


def _stats(store, args: argparse.Namespace) -> int:  # type: ignore[no-untyped-def]
    stats = store.stats()
    if args.json:
        print(json.dumps(stats, indent=2, ensure_ascii=False))
        return 0
    print(f"documents: {stats['documents']}")
    print(f"spans:     {stats['spans']}")
    for title, key in (("spans per label", "spans_per_label"),
                       ("spans per annotator", "spans_per_annotator"),
                       ("documents done per annotator", "documents_done")):
        print(f"\n{title}:")
        rows = stats[key]
        if not rows:
            print("  (none)")
        width = max((len(k) for k in rows), default=0)
        for name, count in rows.items():
            print(f"  {name:<{width}}  {count:>8}")
    return 0


COMMANDS = {"import": _import, "export": _export, "stats": _stats}


def _terminal_progress(verb: str):  # type: ignore[no-untyped-def]
    """A one-line progress bar on a terminal, nothing when output is redirected."""
    if not sys.stderr.isatty():
        return None

    def show(done: int, total: int) -> bool:
        fraction = min(1.0, done / total) if total else 1.0
        bar = "#" * int(fraction * 30)
        sys.stderr.write(f"\r{verb} [{bar:<30}] {fraction:6.1%}")
        sys.stderr.flush()
        return True

    return show


def _clear_progress() -> None:
    if sys.stderr.isatty():
        sys.stderr.write("\r" + " " * 60 + "\r")
