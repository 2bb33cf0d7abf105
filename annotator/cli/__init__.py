"""The command line: `annotator [--db PATH_OR_URL] [COMMAND ...]`; no command opens the window.

Each command lives in its own module with `register(subparsers)` and a handler."""

from __future__ import annotations

import argparse
from collections.abc import Sequence

from annotator import __version__, applog
from annotator.cli import agree, desktop, stats, suggest, transfer


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="annotator",
        description="Label spans in news articles and export NLP training data. "
                    "Without a command, opens the annotation window.")
    parser.add_argument("--version", action="version", version=f"annotator {__version__}")
    parser.add_argument("--db", metavar="PATH_OR_URL",
                        help="database file or SQLAlchemy URL (default: $ANNOTATOR_DB, "
                             "else annotator.sqlite3 in the user data folder)")
    parser.add_argument("--verbose", "-v", action="store_true",
                        help=f"echo the log to stderr (it is always written to "
                             f"{applog.log_path()})".replace("%", "%%"))
    desktop.register(parser)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    for module in (transfer, stats, agree, suggest):
        module.register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    applog.setup(verbose=args.verbose)
    if args.command is None:
        from annotator.ui.app import run

        return run(args.db)
    from annotator.cli.failures import guarded

    def command() -> int:
        from annotator.cli.progress import upgrade_progress
        from annotator.store import open_store

        with open_store(args.db, progress=upgrade_progress()) as store:
            return args.handler(store, args)

    return guarded(command)


