"""Train a suggestion model on the store's accepted spans: what `annotator train` and the
window's Suggest ▸ Train model… run (the window runs the command in its own process).

The chosen annotators' accepted spans are exported as DocBins split by document
(spans off spaCy's tokens are grown to whole tokens), a span categorizer is
trained (or an entity recognizer when no two spans overlap), and the best model
on the dev split is saved under the data folder with its metadata.
"""

from __future__ import annotations

import logging
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from annotator.core.errors import AnnotatorError
from annotator.core.model import AnnotatorKind
from annotator.core.wording import count
from annotator.store import Store, default_database_path

KIND_CHOICES = ("auto", "spancat", "ner")
log = logging.getLogger(__name__)


def models_folder() -> Path:
    """Where trained models are kept: `models/` in the user data folder."""
    return default_database_path().parent / "models"


def new_model_path() -> Path:
    folder = models_folder()
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    path = folder / f"model-{stamp}"
    n = 2
    while path.exists():
        path = folder / f"model-{stamp}-{n}"
        n += 1
    return path


def saved_models() -> list[tuple[Path, dict[str, Any]]]:
    """Models under the data folder, newest first, with what their meta says."""
    from annotator.nlp.model import model_info

    found = []
    folder = models_folder()
    if folder.is_dir():
        for path in folder.iterdir():
            if path.is_dir() and (path / "meta.json").is_file():
                try:
                    info = model_info(path)
                except AnnotatorError:
                    continue
                found.append((path, info))
    found.sort(key=lambda item: str((item[1].get("annotator") or {}).get("trained_at", "")),
               reverse=True)
    return found


@dataclass
class TrainingPlan:
    """What a run will learn from, worked out before the first step."""

    annotators: list[str]
    kind: str
    train_documents: int
    dev_documents: int
    train_spans: Counter[str] = field(default_factory=Counter)
    dev_spans: Counter[str] = field(default_factory=Counter)
    longest_span: int = 0
    notes: list[str] = field(default_factory=list)

    def summary(self) -> str:
        lines = [f"training a {self.kind} model on the accepted spans of "
                 f"{', '.join(self.annotators)}: {count(self.train_documents, 'document')} "
                 f"({count(sum(self.train_spans.values()), 'span')}) to learn from, "
                 f"{count(self.dev_documents, 'document')} "
                 f"({count(sum(self.dev_spans.values()), 'span')}) to score on"]
        lines += [f"  note: {n}" for n in self.notes]
        return "\n".join(lines)


@dataclass
class TrainReport:
    plan: TrainingPlan
    path: Path
    steps: int
    seconds: float
    precision: float
    recall: float
    f1: float
    per_label: dict[str, Any]

    def summary(self) -> str:
        width = max([5, *(len(label) for label in self.per_label)])
        lines = [f"trained {self.plan.kind} in {self.seconds:.0f} s ({self.steps} steps); "
                 "scores on the dev split:",
                 f"  {'label':<{width}}  precision  recall     F1  dev spans"]
        for label, s in self.per_label.items():
            lines.append(f"  {label:<{width}}  {s.precision:9.3f}  {s.recall:6.3f}  "
                         f"{s.f1:5.3f}  {self.plan.dev_spans.get(label, 0):9d}")
        lines.append(f"  {'all':<{width}}  {self.precision:9.3f}  {self.recall:6.3f}  "
                     f"{self.f1:5.3f}  {sum(self.plan.dev_spans.values()):9d}")
        lines.append(f"saved to {self.path} (spacy.load opens it; "
                     f"`annotator suggest --model {self.path}` uses it)")
        return "\n".join(lines)


def learning_annotators(store: Store, annotators: list[str] | None) -> list[str]:
    """The annotators asked for (each must exist), or every person (not a model)."""
    known = dict(store.annotators.all())
    if annotators:
        unknown = [a for a in annotators if a not in known]
        if unknown:
            raise AnnotatorError(f"unknown annotator(s): {', '.join(unknown)}")
        return list(dict.fromkeys(annotators))
    people = [name for name, kind in known.items() if kind != AnnotatorKind.MODEL]
    if not people:
        raise AnnotatorError("nobody has labelled anything yet: there is nothing to learn from")
    return people


def train_model(store: Store, *, annotators: list[str] | None = None, out: Path | None = None,
                max_steps: int = 1000, dev: float = 0.2, seed: int = 0, kind: str = "auto",
                base: str | None = None, on_plan: Any = None,
                progress: Any = None) -> TrainReport:
    """Train and save a model; ``on_plan(plan)`` hears what it learns from before the
    first step, ``progress(step)`` after each (returning False cancels: Cancelled)."""
    from annotator.nlp import training
    from annotator.nlp.docbin import read_docbin
    from annotator.services.training_data import export_spacy

    if kind not in KIND_CHOICES:
        raise AnnotatorError(f"--kind must be one of {', '.join(KIND_CHOICES)}, not {kind!r}")
    if not 0 < dev < 1:
        raise AnnotatorError(f"--dev must be above 0 and below 1, not {dev}")
    if max_steps < 1:
        raise AnnotatorError(f"--max-steps must be at least 1, not {max_steps}")
    names = learning_annotators(store, annotators)
    n_docs = len(store.reads.annotated_uids(names))
    if n_docs < 2:
        raise AnnotatorError(f"training needs accepted spans in at least 2 documents (one to "
                             f"learn from, one to score on); {', '.join(names)} "
                             f"{'has' if len(names) == 1 else 'have'} {n_docs}")
    out = Path(out) if out is not None else new_model_path()
    if out.exists():
        raise AnnotatorError(f"{out}: exists already; choose a new folder for the model")
    with tempfile.TemporaryDirectory(prefix="annotator-train-") as tmp:
        corpus = Path(tmp) / "corpus"
        report = export_spacy(store, corpus, annotators=names, ents=[], align="expand",
                              split=dev, seed=seed)
        overlapping = sum(n for reason, n in report.dropped.items()
                          if reason.startswith("spans left out of doc.ents"))
        chosen = kind if kind != "auto" else ("spancat" if overlapping else "ner")
        plan = TrainingPlan(names, chosen, 0, 0, longest_span=report.longest_span)
        for part, counter in (("train", plan.train_spans), ("dev", plan.dev_spans)):
            docs = read_docbin(corpus / f"{part}.spacy")
            setattr(plan, f"{part}_documents", len(docs))
            for doc in docs:
                counter.update(span.label_ for span in doc.spans["sc"])
        if kind == "auto":
            plan.notes.append(
                f"{count(overlapping, 'span')} overlap another: a span categorizer"
                if overlapping else "no two spans overlap: an entity recognizer")
        moved = sum(n for reason, n in report.dropped.items() if "token boundaries" in reason)
        if moved:
            plan.notes.append(f"{count(moved, 'span')} grown to whole spaCy tokens")
        if chosen == "spancat" and report.longest_span > training.MAX_SPAN_TOKENS:
            plan.notes.append(f"spans longer than {training.MAX_SPAN_TOKENS} tokens (the "
                              f"longest has {report.longest_span}) are beyond the model: "
                              "patterns can propose them")
        if on_plan is not None:
            on_plan(plan)
        meta = {"annotators": names, "labels": sorted(plan.train_spans | plan.dev_spans),
                "trained_at": datetime.now(UTC).isoformat(timespec="seconds"),
                "store": store.location,
                "training": {"documents": {"train": plan.train_documents,
                                           "dev": plan.dev_documents},
                             "spans": {"train": dict(sorted(plan.train_spans.items())),
                                       "dev": dict(sorted(plan.dev_spans.items()))},
                             "dev_fraction": dev, "seed": seed, "max_steps": max_steps,
                             "base": base}}
        log.info("training %s on %s: %d + %d documents, at most %d steps, to %s", chosen,
                 ", ".join(names), plan.train_documents, plan.dev_documents, max_steps, out)
        try:
            trained = training.train(corpus / "train.spacy", corpus / "dev.spacy", out,
                                     kind=chosen, max_span_tokens=report.longest_span,
                                     max_steps=max_steps, seed=seed, base=base, meta=meta,
                                     progress=progress)
        except AnnotatorError as exc:  # Cancelled too
            log.info("training to %s stopped: %s", out, exc)
            raise
    log.info("trained %s in %.0f s (%d steps): dev F1 %.3f, saved to %s", chosen,
             trained.seconds, trained.steps, trained.f1, trained.path)
    return TrainReport(plan, trained.path, trained.steps, trained.seconds, trained.precision,
                       trained.recall, trained.f1, trained.per_label)
