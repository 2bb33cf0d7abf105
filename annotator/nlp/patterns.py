"""Pattern matches as suggestions: spaCy's SpanRuler over blank English, overlaps kept."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, Protocol

from annotator.core.model import Origin, Suggestion
from annotator.nlp.tokens import import_spacy

#: The doc.spans key the ruler writes its matches to.
SPANS_KEY = "ruler"


class PatternRecord(Protocol):
    """One line of a pattern file (annotator.formats.patterns.PatternRecord)."""

    @property
    def label(self) -> str: ...
    @property
    def pattern(self) -> str | list[dict[str, Any]]: ...
    @property
    def id(self) -> str: ...
    @property
    def trim(self) -> tuple[int, int]: ...
    @property
    def is_phrase(self) -> bool: ...
    def spacy_entry(self) -> dict[str, Any]: ...


def token_pattern_problems(record: PatternRecord) -> list[str]:
    """What spaCy's own schema finds wrong in a token pattern, in words; none for a phrase."""
    if record.is_phrase:
        return []
    import_spacy()  # lazy: spaCy costs most of a second
    from spacy.schemas import validate_token_pattern

    problems = []
    for message in validate_token_pattern(record.pattern):
        # "[pattern -> 0 -> LOWR] Extra inputs are not permitted" -> token 1: LOWR: ...
        where, _, reason = message.partition("] ")
        parts = where.strip("[").split(" -> ")
        if len(parts) >= 2 and parts[0] == "pattern" and parts[1].isdigit():
            place = f"token {int(parts[1]) + 1}"
            rest = [p for p in parts[2:] if p not in ("TokenPatternString", "str", "int")]
            where = ": ".join([place, *rest[:2]])
        problems.append(f"{where}: {reason[:1].lower()}{reason[1:]}" if reason else message)
    return problems


def patterns_version(records: Sequence[PatternRecord]) -> str:
    """A short fingerprint of the patterns: suggestions are cached per version."""
    text = json.dumps([[r.label, r.pattern, r.id, list(r.trim)] for r in records],
                      sort_keys=True, ensure_ascii=False)
    return "patterns-" + hashlib.sha256(text.encode()).hexdigest()[:12]


class PatternSuggester:
    """Every match of every pattern, as spaCy's SpanRuler finds it, is a suggestion
    (score None: a rule is never unsure). A pattern's `trim` is applied to its matches."""

    origin = Origin.RULE

    def __init__(self, records: Sequence[PatternRecord], *, annotator: str = "patterns",
                 version: str | None = None) -> None:
        spacy = import_spacy()  # lazy: importing spaCy costs most of a second
        self.annotator = annotator
        self.records = list(records)
        self.version = version or patterns_version(self.records)
        self.labels = sorted({r.label for r in self.records})
        self.nlp = spacy.blank("en")
        ruler = self.nlp.add_pipe("span_ruler", config={"spans_key": SPANS_KEY,
                                                        "validate": True})
        # Each pattern's position is its id, so a match leads back to its trim.
        ruler.add_patterns([{**r.spacy_entry(), "id": str(i)}  # type: ignore[attr-defined]
                            for i, r in enumerate(self.records)])

    def suggest(self, texts: Iterable[str], *, batch_size: int = 64
                ) -> Iterator[list[Suggestion]]:
        """The suggestions for each text, sorted, without duplicates."""
        for doc in self.nlp.pipe(texts, batch_size=batch_size):
            yield self.from_doc(doc)

    def from_doc(self, doc: Any) -> list[Suggestion]:
        found: set[Suggestion] = set()
        for span in doc.spans[SPANS_KEY]:
            head, tail = self.records[int(span.id_)].trim
            start, end = span.start + head, span.end - tail
            if start < end:
                trimmed = doc[start:end]
                found.add(Suggestion(trimmed.start_char, trimmed.end_char, span.label_, None))
        return sorted(found)
