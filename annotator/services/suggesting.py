"""Suggestions from patterns or a trained model: reading pattern files, and storing a
suggester's proposals for many documents (what `annotator suggest` runs).

A suggester is anything with `annotator`, `origin`, `version`, `labels` and
`suggest(texts)` (annotator.nlp.patterns.PatternSuggester,
annotator.nlp.model.ModelSuggester).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from annotator.core.errors import AnnotatorError, Cancelled, RecordError
from annotator.core.model import Label, Origin, Suggestion
from annotator.core.wording import count
from annotator.formats.patterns import PatternRecord, read_patterns
from annotator.store import Store
from annotator.store.rows import fallback_colour
from annotator.store.suggestions import SuggestCounts

Progress = Callable[[int, int], bool]  # (documents done, documents in all) -> go on?
STARTER_PATTERNS = "starter.jsonl"
log = logging.getLogger(__name__)


class Suggester(Protocol):
    annotator: str
    origin: Origin
    version: str
    labels: list[str]

    def suggest(self, texts: Iterable[str]) -> Iterator[list[Suggestion]]: ...


class PatternsRefused(AnnotatorError):
    """A pattern file with bad lines: every one is listed, nothing is used."""

    def __init__(self, path: str, errors: Sequence[RecordError]) -> None:
        self.errors = list(errors)
        shown = "\n".join(str(e) for e in self.errors[:50])
        more = f"\n… and {len(self.errors) - 50} more" if len(self.errors) > 50 else ""
        super().__init__(f"{path}: {count(len(self.errors), 'bad pattern')}, none used:\n"
                         f"{shown}{more}")


def starter_patterns() -> Path:
    """The starter patterns shipped for the default labels (package data)."""
    from annotator import resources

    for found in resources.patterns():
        if found.name == STARTER_PATTERNS:
            return resources.real_path(found)
    raise AnnotatorError(f"the starter patterns ({STARTER_PATTERNS}) are missing from this "
                         "installation")


def read_pattern_file(store: Store, path: Path | str, *,
                      add_labels: bool = False) -> list[PatternRecord]:
    """Every pattern of a file, checked: its shape, its token descriptions against spaCy's
    schema, and its label against the store's (with ``add_labels``, new labels are
    made). Any bad line refuses the whole file (PatternsRefused, `file:line: reason`)."""
    from annotator.nlp.patterns import token_pattern_problems

    path = Path(path)
    if not path.is_file():
        raise AnnotatorError(f"{path}: no such file")
    known = {label.name for label in store.labels.all(include_archived=True)}
    records: list[PatternRecord] = []
    errors: list[RecordError] = []
    new_labels: list[str] = []
    with path.open("rb") as stream:
        for item in read_patterns(stream, path=str(path)):
            if isinstance(item, RecordError):
                errors.append(item)
                continue
            problems = token_pattern_problems(item)
            if problems:
                errors.append(RecordError("; ".join(problems), path=str(path), line=item.line))
            elif item.label not in known and not add_labels:
                errors.append(RecordError(
                    f"unknown label {item.label!r} (add it in the label editor, or pass "
                    "--add-labels)", path=str(path), line=item.line))
            else:
                if item.label not in known and item.label not in new_labels:
                    new_labels.append(item.label)
                records.append(item)
    if errors:
        raise PatternsRefused(str(path), errors)
    if not records:
        raise AnnotatorError(f"{path}: holds no patterns")
    for name in new_labels:
        store.labels.add(Label(name, fallback_colour(name)))
    return records


def pattern_suggester(store: Store, path: Path | str, *, annotator: str = "patterns",
                      add_labels: bool = False) -> Any:
    from annotator.nlp.patterns import PatternSuggester

    return PatternSuggester(read_pattern_file(store, path, add_labels=add_labels),
                            annotator=annotator)


def model_suggester(path: Path | str, *, annotator: str = "model") -> Any:
    from annotator.nlp.model import ModelSuggester

    path = Path(path)
    if not path.is_dir():
        raise AnnotatorError(f"{path}: no such model folder")
    return ModelSuggester(path, annotator=annotator)


@dataclass
class SuggestReport:
    annotator: str
    documents: int = 0
    total: int = 0
    counts: SuggestCounts = field(default_factory=SuggestCounts)
    seconds: float = 0.0
    storing_seconds: float = 0.0  # of which writing to the store
    cancelled: bool = False

    def summary(self) -> str:
        c = self.counts
        head = (f"{self.annotator}: {self.documents:,} of {count(self.total, 'document')}: "
                f"{count(c.added, 'new suggestion')}, {c.kept:,} unchanged, {c.removed:,} "
                f"withdrawn ({self.seconds:.1f} s, {self.storing_seconds:.1f} s of it storing)")
        lines = [head]
        if self.cancelled:
            lines.append("  cancelled: the documents done so far keep their suggestions")
        if c.unknown_labels:
            lines.append(f"  left out: suggestions of labels the store does not have "
                         f"({', '.join(sorted(c.unknown_labels))})")
        return "\n".join(lines)


def store_suggestions(store: Store, suggester: Suggester, *, documents: str = "todo",
                      progress: Progress | None = None, batch: int = 200) -> SuggestReport:
    """Run a suggester over the documents and store what it proposes under its annotator
    (kind model), a batch of documents per transaction. Running it again adds nothing;
    what it no longer proposes is withdrawn. A cancel keeps the batches done."""
    keys = store.suggestions.document_keys(documents)
    report = SuggestReport(suggester.annotator, total=len(keys))
    started = time.perf_counter()
    texts = store.reads.iter_texts(keys)
    try:
        for i in range(0, len(keys), batch):
            chunk = keys[i:i + batch]
            found = list(suggester.suggest(next(texts) for _ in chunk))
            storing = time.perf_counter()
            report.counts += store.suggestions.replace(
                suggester.annotator, suggester.origin, list(zip(chunk, found, strict=True)))
            report.storing_seconds += time.perf_counter() - storing
            report.documents += len(chunk)
            if progress is not None and progress(report.documents, len(keys)) is False:
                raise Cancelled("suggesting was cancelled")
    except Cancelled:
        report.cancelled = True
    report.seconds = time.perf_counter() - started
    log.info("suggest (%s %s): %s", suggester.annotator, suggester.version,
             report.summary().replace("\n", ";"))
    return report
