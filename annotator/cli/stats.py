"""`annotator stats`: documents, spans per label and annotator, documents done."""

from __future__ import annotations

import argparse
import json

from annotator.store import Store


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "stats", help="documents, spans per label and annotator",
        description="Counts over the whole store, or with --where over the documents a "
                    "search query selects (README: Searching).")
    parser.add_argument("--where", metavar="QUERY",
                        help="only the documents this search query selects, e.g. "
                             "'S-300 label:weapon@alice'")
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.set_defaults(handler=run)


def run(store: Store, args: argparse.Namespace) -> int:
    where = store.search.compile(args.where) if args.where is not None else None
    stats = store.reads.stats(where)
    if where is not None:
        stats = {"where": args.where, **stats,
                 "documents_in_store": store.documents.count()}
    if args.json:
        print(json.dumps(stats, indent=2, ensure_ascii=False))
        return 0
    if where is not None:
        print(f"where:     {args.where}")
        print(f"documents: {stats['documents']:,} of {stats['documents_in_store']:,} match")
    else:
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
