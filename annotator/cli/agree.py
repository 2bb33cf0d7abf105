"""`annotator agree A B [C ...]`: span F1, token kappa and alpha, each with its counts."""

from __future__ import annotations

import argparse
import json

from annotator.store import Store


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "agree", help="agreement between annotators (span F1, token kappa, alpha)",
        description="Agreement over the documents any of the annotators touched; documents "
                    "nobody touched are not counted. The first annotator of a pair is the "
                    "reference: precision = matched / the second's spans, recall = matched "
                    "/ the first's (as nervaluate, seqeval and scikit-learn count). "
                    "Suggestions count only for a model annotator named here: `agree alice "
                    "model` evaluates the model against alice on the documents she worked "
                    "on.")
    parser.add_argument("annotators", nargs="+", metavar="ANNOTATOR")
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.add_argument("--per-document", action="store_true",
                        help="add each document's figures")
    parser.add_argument("--both", action="store_true",
                        help="count only documents that both annotators of a pair touched")
    parser.add_argument("--threshold", type=float, default=0.5, metavar="SCORE",
                        help="a model's suggestions count from this score up (default 0.5)")
    parser.set_defaults(handler=run)


def run(store: Store, args: argparse.Namespace) -> int:
    from annotator.services.agreement import agreement_report, to_json, to_text

    report = agreement_report(store, args.annotators,
                              inclusion="both" if args.both else "either",
                              threshold=args.threshold)
    if args.json:
        print(json.dumps(to_json(report, per_document=args.per_document), indent=2,
                         ensure_ascii=False))
    else:
        print(to_text(report, per_document=args.per_document), end="")
    return 0
