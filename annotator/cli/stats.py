"""`annotator stats`: documents, spans per label and annotator, documents done."""

from __future__ import annotations

import argparse
import json

from annotator.store import Store


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("stats", help="documents, spans per label and annotator")
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.set_defaults(handler=run)


def run(store: Store, args: argparse.Namespace) -> int:
    stats = store.reads.stats()
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
