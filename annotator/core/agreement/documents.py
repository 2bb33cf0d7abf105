"""The input of the agreement metrics: one document, its units and each annotator's spans.

A *unit* is what token-level figures (kappa, alpha) count. Units are, in order
of preference:

1. the token boundaries passed in (the service layer passes spaCy tokens);
2. with no tokens but the text, the tokens of :func:`regex_tokens` — runs of
   word characters, and every other non-space character on its own;
3. with neither, single code points of ``[0, length)``.

A span *covers* a unit when they share at least one code point, so a span that
cuts a token in half still labels that token.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Literal

from annotator.core.errors import InvalidSpan
from annotator.core.model import Span

#: The category of a unit that no span covers.
OUTSIDE = "O"

#: Which documents a comparison of two annotators counts:
#: ``"either"`` — those at least one of the two touched (the other, if they did
#: not touch it, is taken to have found nothing); ``"both"`` — only those both
#: touched.
Inclusion = Literal["either", "both"]

TokenBounds = tuple[int, int]

_TOKEN_RE = re.compile(r"\w+|[^\w\s]")
_token_start = itemgetter(0)
_token_end = itemgetter(1)


def regex_tokens(text: str) -> list[TokenBounds]:
    """The fallback tokenization: runs of word characters, and each other
    non-space character alone. ``"Tu-160s, he said."`` gives
    ``Tu``, ``-``, ``160s``, ``,``, ``he``, ``said``, ``.``"""
    return [m.span() for m in _TOKEN_RE.finditer(text)]


@dataclass(frozen=True, eq=False)  # compared and hashed by identity
class DocumentAnnotations:
    """One document as the agreement metrics see it.

    ``spans`` maps an annotator's name to their spans; the mapping key is the
    annotator (a span's own ``annotator`` field is not consulted). Spans may
    overlap and nest; an exact duplicate (same start, end and label) counts once.
    Which spans to compare (e.g. without rejected suggestions) is the caller's
    choice.

    ``touched`` names the annotators who worked on the document even if they
    left no span (e.g. marked it done). Anyone with a span has touched it. A
    document nobody in a comparison touched is excluded from it, never counted
    as agreement.

    ``tokens`` are ``(start, end)`` code-point bounds, sorted and not
    overlapping. Without them, ``text`` (if given) is tokenized by
    :func:`regex_tokens`; without either, each code point is a unit.
    """

    doc_id: str
    length: int
    spans: Mapping[str, Sequence[Span]]
    tokens: Sequence[TokenBounds] | None = None
    touched: Collection[str] | None = None
    text: str | None = field(default=None, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.text is not None:
            if len(self.text) != self.length:
                raise ValueError(f"{self.doc_id}: length {self.length} is not the text's "
                                 f"length {len(self.text)}")
            if self.tokens is None:
                object.__setattr__(self, "tokens", regex_tokens(self.text))
        for annotator, spans in self.spans.items():
            self._check_spans(annotator, spans)

    @classmethod
    def from_text(cls, doc_id: str, text: str, spans: Mapping[str, Sequence[Span]], *,
                  tokens: Sequence[TokenBounds] | None = None,
                  touched: Collection[str] | None = None) -> DocumentAnnotations:
        """A document with its text: tokens default to :func:`regex_tokens`."""
        return cls(doc_id, len(text), spans, tokens, touched, text)

    def _check_spans(self, annotator: str, spans: Sequence[Span]) -> None:
        length = self.length
        for span in spans:
            if not 0 <= span.start < span.end <= length:
                raise InvalidSpan(f"{self.doc_id}: span [{span.start}, {span.end}) of "
                                  f"{annotator!r} is empty or outside [0, {length})")

    @property
    def n_units(self) -> int:
        """How many units (tokens, or code points) token-level figures count here."""
        return self.length if self.tokens is None else len(self.tokens)

    def annotators(self) -> frozenset[str]:
        """Everyone who touched the document: those named in ``touched`` and
        those with at least one span."""
        marked = frozenset(self.touched or ())
        return marked | {name for name, spans in self.spans.items() if spans}

    def spans_of(self, annotator: str) -> Sequence[Span]:
        return self.spans.get(annotator, ())

    def unit_range(self, start: int, end: int) -> tuple[int, int]:
        """The units ``[first, last)`` that share a code point with ``[start, end)``."""
        tokens = self.tokens
        if tokens is None:
            return start, end
        return (bisect_right(tokens, start, key=_token_end),
                bisect_left(tokens, end, key=_token_start))


def included(doc: DocumentAnnotations, annotators: Collection[str],
             inclusion: Inclusion = "either") -> bool:
    """Whether a comparison of ``annotators`` counts this document.

    ``"either"``: at least one of them touched it; ``"both"``: all of them did.
    """
    touched = doc.annotators()
    if inclusion == "both":
        return all(name in touched for name in annotators)
    return any(name in touched for name in annotators)
