"""Training a spaCy span categorizer or entity recognizer on DocBins, offline.

The pipeline is blank English with a tok2vec (spaCy's own `init config`, efficiency
settings), or takes its tok2vec from an installed or saved pipeline given as the
base. The loop is spaCy's own (`train_while_improving`), driven here so that every
step can report progress and be cancelled. The best model on the dev set is kept,
scored per label, and written with its metadata in one piece: a cancelled or
failed run leaves nothing at the output path.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
import time
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from annotator.core.errors import AnnotatorError, Cancelled
from annotator.nlp.ops import numpy_blas
from annotator.nlp.tokens import import_spacy

KINDS = ("spancat", "ner")
PART = ".part"  # a run's work folder beside the output: .NAME.PID.RANDOM.part
SPANS_KEY = "sc"
#: The longest span, in tokens, the span categorizer's n-gram suggester proposes.
#: Longer spans (whole claims) are left to patterns: n-grams grow with their square.
MAX_SPAN_TOKENS = 12


@dataclass(frozen=True, slots=True)
class LabelScore:
    precision: float
    recall: float
    f1: float


@dataclass(frozen=True, slots=True)
class Step:
    """Where a run is, after each update."""

    step: int
    max_steps: int
    epoch: int
    loss: float  # summed over the components since the last evaluation
    seconds: float
    dev_f1: float | None = None  # on evaluation steps
    best_f1: float | None = None


@dataclass
class Trained:
    path: Path
    kind: str
    steps: int
    seconds: float
    f1: float
    precision: float
    recall: float
    per_label: dict[str, LabelScore] = field(default_factory=dict)
    meta: dict[str, Any] = field(default_factory=dict)


Progress = Callable[[Step], bool]  # False: stop (cancel)


def training_config(kind: str, *, max_span_tokens: int = 3, max_steps: int = 1000,
                    eval_frequency: int | None = None, seed: int = 0,
                    base: str | None = None) -> Any:
    """spaCy's config for the pipeline (a thinc Config)."""
    import_spacy()  # lazy: spaCy
    from spacy.cli.init_config import init_config

    if kind not in KINDS:
        raise AnnotatorError(f"unknown model kind {kind!r} (choose {' or '.join(KINDS)})")
    with _quiet():
        config = init_config(lang="en", pipeline=[kind], optimize="efficiency", gpu=False)
    if kind == "spancat":
        component = config["components"]["spancat"]
        component["spans_key"] = SPANS_KEY
        component["suggester"] = {"@misc": "spacy.ngram_range_suggester.v1", "min_size": 1,
                                  "max_size": max(1, min(max_span_tokens, MAX_SPAN_TOKENS))}
        # Every n-gram of an article is scored: half of spaCy's hidden width halves the
        # time to suggest for an article, and learns the same rules here.
        component["model"]["reducer"]["hidden_size"] = 64
    # Evaluating and suggesting a few documents at a time keeps memory flat: the span
    # categorizer holds every candidate n-gram of a batch at once.
    config["nlp"]["batch_size"] = 16
    training = config["training"]
    training["max_steps"] = max_steps
    training["eval_frequency"] = eval_frequency or max(10, min(200, max_steps // 10))
    training["patience"] = max(training["eval_frequency"] * 4, max_steps // 3)
    training["seed"] = seed
    training["max_epochs"] = 0  # steps decide
    if base:
        config["components"]["tok2vec"] = {"source": base}
        config["initialize"]["vectors"] = None
        config["components"][kind]["model"]["tok2vec"]["width"] = _base_width(base)
    return config


def _base_width(base: str) -> int:
    """The width of the base pipeline's tok2vec, which the new component listens to."""
    import spacy

    try:
        nlp = spacy.load(base)
    except OSError as exc:  # neither installed nor a folder
        raise AnnotatorError(f"cannot use {base!r} as the base pipeline: {exc}") from None
    if "tok2vec" not in nlp.pipe_names:
        raise AnnotatorError(f"cannot use {base!r} as the base pipeline: it has no tok2vec "
                             f"({', '.join(nlp.pipe_names) or 'no components'})")
    return int(nlp.get_pipe("tok2vec").model.get_dim("nO"))


@numpy_blas()  # the pipeline is made, trained and scored on it
def train(train_path: Path, dev_path: Path, out: Path, *, kind: str,
          max_span_tokens: int = 3, max_steps: int = 1000, eval_frequency: int | None = None,
          seed: int = 0, base: str | None = None, meta: dict[str, Any] | None = None,
          progress: Progress | None = None) -> Trained:
    """Train on two DocBins and save the best pipeline at `out` (which must not exist).

    Raises Cancelled when `progress` returns False; nothing is written then."""
    import_spacy()
    from spacy.training.initialize import init_nlp
    from spacy.training.loop import (
        create_evaluation_callback,
        create_train_batches,
        train_while_improving,
    )
    from spacy.util import registry, resolve_dot_names

    out = Path(out)
    if out.exists():
        raise AnnotatorError(f"{out}: exists already; choose a new folder for the model")
    if not out.parent.is_dir():
        raise AnnotatorError(f"{out}: folder {out.parent} does not exist")
    config = training_config(kind, max_span_tokens=max_span_tokens, max_steps=max_steps,
                             eval_frequency=eval_frequency, seed=seed, base=base)
    config["paths"]["train"] = str(train_path)
    config["paths"]["dev"] = str(dev_path)
    started = time.perf_counter()
    _remove_abandoned(out.parent)
    work = Path(tempfile.mkdtemp(prefix=f".{out.name}.{os.getpid()}.", suffix=PART,
                                 dir=out.parent))
    try:
        with _quiet():
            try:
                nlp = init_nlp(config)
            except OSError as exc:  # a base that is neither installed nor a folder
                raise AnnotatorError(f"cannot use {base!r} as the base pipeline: {exc}"
                                     ) from None
        from thinc.api import fix_random_seed

        fix_random_seed(seed)
        resolved = registry.resolve(nlp.config.interpolate()["training"])
        train_corpus, dev_corpus = resolve_dot_names(
            nlp.config.interpolate(), [resolved["train_corpus"], resolved["dev_corpus"]])
        optimizer = resolved["optimizer"]
        evaluate = create_evaluation_callback(nlp, dev_corpus, resolved["score_weights"])
        steps = train_while_improving(
            nlp, optimizer,
            create_train_batches(nlp, train_corpus, resolved["batcher"],
                                 resolved["max_epochs"]),
            evaluate, dropout=resolved["dropout"],
            accumulate_gradient=resolved["accumulate_gradient"],
            patience=resolved["patience"], max_steps=resolved["max_steps"],
            eval_frequency=resolved["eval_frequency"], exclude=resolved["frozen_components"],
            annotating_components=resolved["annotating_components"],
            before_update=resolved["before_update"])
        best_dir = work / "best"
        best = -1.0
        last_step, last_epoch, evaluated = 0, 0, False
        for _, info, is_best in steps:
            last_step, last_epoch, evaluated = info["step"], info["epoch"], is_best is not None
            score = float(info["score"]) if evaluated else None
            if is_best:
                best = score  # type: ignore[assignment]
                _save(nlp, optimizer, best_dir)
            if progress is not None and progress(Step(
                    info["step"], max_steps, info["epoch"],
                    float(sum(info["losses"].values())), time.perf_counter() - started,
                    score, best if best >= 0 else None)) is False:
                raise Cancelled("training was cancelled; no model was saved")
        if not evaluated:  # the last steps may have been the best
            with nlp.use_params(optimizer.averages) if optimizer.averages else _nothing():
                last, _ = evaluate()
            if float(last) > best:
                best = float(last)
                _save(nlp, optimizer, best_dir)
            if progress is not None and progress(Step(
                    last_step, max_steps, last_epoch, 0.0, time.perf_counter() - started,
                    float(last), best)) is False:
                raise Cancelled("training was cancelled; no model was saved")
        if not best_dir.exists():
            _save(nlp, optimizer, best_dir)
        trained = _finish(best_dir, dev_corpus, kind, meta or {})
        trained.steps = last_step
        trained.seconds = time.perf_counter() - started
        trained.meta["annotator"]["training"]["steps"] = last_step
        trained.meta["annotator"]["training"]["seconds"] = round(trained.seconds, 1)
        _write_meta(best_dir, trained.meta)
        best_dir.rename(out)
        trained.path = out
        return trained
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _remove_abandoned(folder: Path) -> None:
    """Work folders of runs that were killed (their process is gone)."""
    if os.name != "posix":
        return
    for path in folder.glob(f".*{PART}"):
        parts = path.name.split(".")
        pid = int(parts[-3]) if len(parts) >= 4 and parts[-3].isdigit() else None
        if pid is None or pid == os.getpid():
            continue
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            shutil.rmtree(path, ignore_errors=True)
        except PermissionError:  # alive, someone else's
            continue


def _save(nlp: Any, optimizer: Any, path: Path) -> None:
    if path.exists():
        shutil.rmtree(path)
    with nlp.use_params(optimizer.averages) if optimizer.averages else _nothing():
        nlp.to_disk(path)


def _finish(path: Path, dev_corpus: Any, kind: str, meta: dict[str, Any]) -> Trained:
    """Load the best pipeline back, score it per label on the dev set, fill its meta."""
    import spacy

    nlp = spacy.load(path)
    scores = nlp.evaluate(dev_corpus(nlp))
    prefix = f"spans_{SPANS_KEY}" if kind == "spancat" else "ents"
    per_type = scores.get(f"{prefix}_per_type") or {}
    per_label = {label: LabelScore(float(s["p"]), float(s["r"]), float(s["f"]))
                 for label, s in sorted(per_type.items())}
    overall = LabelScore(*(float(scores.get(f"{prefix}_{x}") or 0.0) for x in "prf"))
    full = dict(nlp.meta)
    full["name"] = "annotator_suggestions"
    full["description"] = "Trained by Annotator on its users' accepted spans"
    ours = dict(meta)
    ours["kind"] = kind
    ours["spans_key"] = SPANS_KEY if kind == "spancat" else None
    ours["scores"] = {"precision": overall.precision, "recall": overall.recall,
                      "f1": overall.f1,
                      "per_label": {label: {"precision": s.precision, "recall": s.recall,
                                            "f1": s.f1} for label, s in per_label.items()}}
    ours.setdefault("training", {})
    full["annotator"] = ours
    return Trained(path, kind, 0, 0.0, overall.f1, overall.precision, overall.recall,
                   per_label, full)


def _write_meta(path: Path, meta: dict[str, Any]) -> None:
    import srsly  # comes with spaCy

    srsly.write_json(path / "meta.json", meta)


@contextmanager
def _quiet() -> Any:
    """spaCy logs its initialisation at INFO; the caller reports progress itself."""
    log = logging.getLogger("spacy")
    level = log.level
    log.setLevel(logging.WARNING)
    try:
        yield
    finally:
        log.setLevel(level)


@contextmanager
def _nothing() -> Any:
    yield
