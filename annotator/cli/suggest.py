"""`annotator suggest` (patterns or a model pre-annotate documents) and `annotator train`
(a model learns from accepted spans)."""

from __future__ import annotations

import argparse
import json
import signal
import sys
import threading
import time
from pathlib import Path
from typing import Any

from annotator.cli.progress import clear_progress, terminal_progress
from annotator.store import Store


def register(commands: argparse._SubParsersAction) -> None:
    sug = commands.add_parser(
        "suggest", help="pre-annotate documents with patterns or a trained model",
        description="Store suggestions (spans with status suggested, by a model annotator) "
                    "for many documents. People accept or reject them in the window; exports "
                    "and agreement leave them out. Running again adds no duplicates.")
    source = sug.add_mutually_exclusive_group(required=True)
    source.add_argument("--patterns", type=Path, metavar="FILE",
                        help='spaCy/Prodigy pattern file (JSONL: {"label", "pattern"})')
    source.add_argument("--starter", action="store_true",
                        help="the starter patterns shipped for the default labels")
    source.add_argument("--model", type=Path, metavar="DIR",
                        help="a model trained by `annotator train`")
    sug.add_argument("--as", dest="name", metavar="NAME",
                     help="the model annotator the suggestions belong to (default: "
                          "patterns, or model)")
    sug.add_argument("--documents", choices=["todo", "all"], default="todo",
                     help="todo: documents nobody has marked done (default); all")
    sug.add_argument("--add-labels", action="store_true",
                     help="patterns: create labels that the store does not know yet")
    sug.set_defaults(handler=run_suggest)

    tr = commands.add_parser(
        "train", help="train a suggestion model on accepted spans",
        description="Train a spaCy span categorizer (an entity recognizer when no two spans "
                    "overlap) on the accepted spans, offline, and print precision, recall "
                    "and F1 per label on a dev split. The model is saved with its metadata "
                    "under the data folder (or --out); spacy.load opens it.")
    tr.add_argument("--annotator", action="append", dest="annotators", metavar="NAME",
                    help="learn from this annotator's spans (repeatable; default: every "
                         "person)")
    tr.add_argument("--out", type=Path, metavar="DIR",
                    help="where to save the model (a new folder; default: "
                         "models/model-DATE in the data folder)")
    tr.add_argument("--max-steps", type=int, default=1000, metavar="N",
                    help="most training steps (default 1000); stops earlier when the dev "
                         "score no longer improves")
    tr.add_argument("--dev", type=float, default=0.2, metavar="FRACTION",
                    help="fraction of documents kept aside to score on (default 0.2)")
    tr.add_argument("--seed", type=int, default=0, help="seed of the split and the training")
    tr.add_argument("--kind", choices=["auto", "spancat", "ner"], default="auto",
                    help="auto (default): spancat, or ner when no two spans overlap")
    tr.add_argument("--base", metavar="PIPELINE",
                    help="an installed spaCy pipeline or a saved model to take the tok2vec "
                         "from (default: the installed en_core_web_sm/md/lg if any, else "
                         "blank English)")
    tr.add_argument("--progress", choices=["text", "json"], default="text",
                    help="json: one JSON object per line on stdout (steps, loss, dev "
                         "scores); a line 'cancel' on stdin stops the run")
    tr.set_defaults(handler=run_train)


def run_suggest(store: Store, args: argparse.Namespace) -> int:
    from annotator.services import suggesting

    if args.model is not None:
        if args.add_labels:
            from annotator.core.errors import AnnotatorError

            raise AnnotatorError("--add-labels applies to patterns only")
        suggester = suggesting.model_suggester(args.model, annotator=args.name or "model")
    else:
        path = suggesting.starter_patterns() if args.starter else args.patterns
        suggester = suggesting.pattern_suggester(store, path, annotator=args.name or "patterns",
                                                 add_labels=args.add_labels)
    try:
        report = suggesting.store_suggestions(store, suggester, documents=args.documents,
                                              progress=terminal_progress("suggesting"))
    finally:
        clear_progress()
    print(report.summary())
    return 1 if report.cancelled else 0


def run_train(store: Store, args: argparse.Namespace) -> int:
    from annotator.core.errors import Cancelled
    from annotator.services.training import train_model

    show = _JsonProgress() if args.progress == "json" else _TextProgress()
    base = args.base if args.base is not None else _installed_base()
    try:
        with show:
            report = train_model(store, annotators=args.annotators, out=args.out,
                                 max_steps=args.max_steps, dev=args.dev, seed=args.seed,
                                 kind=args.kind, base=base, on_plan=show.plan,
                                 progress=show.step)
    except Cancelled as exc:
        show.finish({"event": "cancelled", "message": str(exc)}, str(exc))
        return 1
    show.finish(_report_json(report), report.summary())
    return 0


def _installed_base() -> str | None:
    """An installed trained English pipeline to start from, if there is one."""
    from importlib.util import find_spec

    for name in ("en_core_web_sm", "en_core_web_md", "en_core_web_lg"):
        if find_spec(name) is not None:
            return name
    return None


def _report_json(report: Any) -> dict[str, Any]:
    return {"event": "done", "path": str(report.path), "kind": report.plan.kind,
            "steps": report.steps, "seconds": round(report.seconds, 1),
            "precision": report.precision, "recall": report.recall, "f1": report.f1,
            "per_label": {label: {"precision": s.precision, "recall": s.recall, "f1": s.f1,
                                  "dev_spans": report.plan.dev_spans.get(label, 0)}
                          for label, s in report.per_label.items()}}


class _Cancellable:
    """Stops the run at the next step on SIGTERM (the window's Cancel) or Ctrl+C."""

    def __init__(self) -> None:
        self.cancelled = threading.Event()
        self._previous: Any = None

    def __enter__(self) -> _Cancellable:
        if threading.current_thread() is threading.main_thread():
            self._previous = signal.signal(signal.SIGTERM, lambda *_: self.cancelled.set())
        return self

    def __exit__(self, *exc: object) -> None:
        if self._previous is not None:
            signal.signal(signal.SIGTERM, self._previous)

    def go_on(self) -> bool:
        return not self.cancelled.is_set()


class _TextProgress(_Cancellable):
    def plan(self, plan: Any) -> None:
        print(plan.summary(), flush=True)

    def step(self, step: Any) -> bool:
        line = (f"step {step.step}/{step.max_steps}  loss {step.loss:9.2f}  "
                f"dev F1 {_f1(step.best_f1)} (best)  {step.seconds:5.0f} s")
        if sys.stderr.isatty():
            sys.stderr.write("\r" + line)
            sys.stderr.flush()
        elif step.dev_f1 is not None:
            print(line.replace("(best)", f"(now {_f1(step.dev_f1)})"), file=sys.stderr,
                  flush=True)
        return self.go_on()

    def finish(self, _event: dict[str, Any], text: str) -> None:
        if sys.stderr.isatty():
            sys.stderr.write("\n")
        print(text)


class _JsonProgress(_Cancellable):
    """JSON lines for the window: plan, steps (at most ten a second, and every
    evaluation), then done or cancelled. "cancel" on stdin stops the run."""

    def __enter__(self) -> _JsonProgress:
        super().__enter__()
        threading.Thread(target=self._listen, daemon=True).start()
        self._last = 0.0
        return self

    def _listen(self) -> None:
        for line in sys.stdin:
            if line.strip() == "cancel":
                self.cancelled.set()
                return

    @staticmethod
    def _emit(event: dict[str, Any]) -> None:
        sys.stdout.write(json.dumps(event) + "\n")
        sys.stdout.flush()

    def plan(self, plan: Any) -> None:
        self._emit({"event": "plan", "kind": plan.kind, "annotators": plan.annotators,
                    "train_documents": plan.train_documents,
                    "dev_documents": plan.dev_documents,
                    "train_spans": sum(plan.train_spans.values()),
                    "dev_spans": sum(plan.dev_spans.values()), "notes": plan.notes})

    def step(self, step: Any) -> bool:
        now = time.monotonic()
        if step.dev_f1 is not None or now - self._last >= 0.1:
            self._last = now
            self._emit({"event": "step", "step": step.step, "max_steps": step.max_steps,
                        "epoch": step.epoch, "loss": round(step.loss, 3),
                        "dev_f1": step.dev_f1, "best_f1": step.best_f1,
                        "seconds": round(step.seconds, 1)})
        return self.go_on()

    def finish(self, event: dict[str, Any], _text: str) -> None:
        self._emit(event)


def _f1(value: float | None) -> str:
    return "  -  " if value is None else f"{value:.3f}"
