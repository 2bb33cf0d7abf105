"""The input of the agreement metrics: one document, its units and each annotator's spans.

A *unit* is what token-level figures (kappa, alpha) count. Units are, in order
of preference:

1. the token boundaries passed in (the service layer passes spaCy tokens);
2. with no tokens but the text, the tokens of :func:`regex_tokens` — runs of
   word characters, and every other non-space character on its own;
3. with neither, single code points of ``[0, length)``.

Token bounds may be a sequence of ``(start, end)`` pairs or a :class:`Tokens`:
the same bounds held as two sorted arrays (starts, ends), which costs no
Python object per token. That is what :meth:`DocumentAnnotations.from_text`
builds. (A whole corpus read from the store skips this form: see
:mod:`.corpus` and :mod:`.units`.)

A span *covers* a unit when they share at least one code point, so a span that
cuts a token in half still labels that token.
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import accumulate
from operator import itemgetter
from typing import Literal, Protocol, overload

from annotator.core.errors import InvalidSpan
from annotator.core.model import SpanLike


class RelationLike(Protocol):
    """Anything with a ``head`` and ``child`` span and a ``label`` (the relation's
    type): Relation, RelationBounds."""

    @property
    def head(self) -> SpanLike: ...
    @property
    def child(self) -> SpanLike: ...
    @property
    def label(self) -> str: ...

#: The category of a unit that no span covers.
OUTSIDE = "O"

#: Which documents a comparison of two annotators counts:
#: ``"either"`` — those at least one of the two touched (the other, if they did
#: not touch it, is taken to have found nothing); ``"both"`` — only those both
#: touched.
Inclusion = Literal["either", "both"]

TokenBounds = tuple[int, int]

_TOKEN_RE = re.compile(r"\w+|[^\w\s]")
_TOKEN_SPLIT_RE = re.compile(r"(\w+|[^\w\s])")  # the same tokens, as split() keeps them
_token_start = itemgetter(0)
_token_end = itemgetter(1)


def regex_tokens(text: str) -> list[TokenBounds]:
    """The fallback tokenization: runs of word characters, and each other
    non-space character alone. ``"Tu-160s, he said."`` gives
    ``Tu``, ``-``, ``160s``, ``,``, ``he``, ``said``, ``.``"""
    return [m.span() for m in _TOKEN_RE.finditer(text)]


class Tokens(Sequence[TokenBounds]):
    """Token bounds as two sorted sequences, ``starts`` and ``ends`` (typically
    ``array('I')``): a sequence of ``(start, end)`` pairs that builds no object
    per token until one is asked for."""

    __slots__ = ("ends", "starts")

    def __init__(self, starts: Sequence[int], ends: Sequence[int]) -> None:
        if len(starts) != len(ends):
            raise ValueError(f"{len(starts)} token starts but {len(ends)} ends")
        self.starts = starts
        self.ends = ends

    @classmethod
    def from_text(cls, text: str) -> Tokens:
        """The tokens of :func:`regex_tokens`, computed without a match object per token."""
        # split() with a group alternates gaps and tokens: gap, token, gap, ..., gap.
        offsets = list(accumulate(map(len, _TOKEN_SPLIT_RE.split(text)), initial=0))
        return cls(array("I", offsets[1:-1:2]), array("I", offsets[2::2]))

    def __len__(self) -> int:
        return len(self.starts)

    @overload
    def __getitem__(self, index: int) -> TokenBounds: ...
    @overload
    def __getitem__(self, index: slice) -> Tokens: ...
    def __getitem__(self, index: int | slice) -> TokenBounds | Tokens:
        if isinstance(index, slice):
            return Tokens(self.starts[index], self.ends[index])
        return self.starts[index], self.ends[index]

    def __iter__(self) -> Iterator[TokenBounds]:
        return zip(self.starts, self.ends, strict=True)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Sequence):
            return NotImplemented
        return len(self) == len(other) and all(
            mine == tuple(theirs) for mine, theirs in zip(self, other, strict=True))

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Tokens({list(self)!r})"

    def unit_range(self, start: int, end: int) -> tuple[int, int]:
        """The tokens ``[first, last)`` that share a code point with ``[start, end)``."""
        return bisect_right(self.ends, start), bisect_left(self.starts, end)


@dataclass(frozen=True, eq=False)  # compared and hashed by identity
class DocumentAnnotations:
    """One document as the agreement metrics see it.

    ``spans`` maps an annotator's name to their spans; the mapping key is the
    annotator (a span's own ``annotator`` field is not consulted). ``relations``
    maps an annotator's name to their relations (see :mod:`.relations`). Spans may
    overlap and nest; an exact duplicate (same start, end and label) counts once.
    Which spans to compare (e.g. without rejected suggestions) is the caller's
    choice.

    ``touched`` names the annotators who worked on the document even if they
    left no span (e.g. marked it done). Anyone with a span has touched it. A
    document nobody in a comparison touched is excluded from it, never counted
    as agreement.

    ``tokens`` are ``(start, end)`` code-point bounds, sorted and not
    overlapping: a sequence of pairs, or :class:`Tokens`. Without them,
    ``text`` (if given) is tokenized as by :func:`regex_tokens` (into
    :class:`Tokens`); without either, each code point is a unit.

    Spans are :class:`~annotator.core.model.Span` or anything with ``start``,
    ``end`` and ``label`` (:class:`SpanBounds` for bulk reads).
    """

    doc_id: str
    length: int
    spans: Mapping[str, Sequence[SpanLike]]
    tokens: Sequence[TokenBounds] | None = None
    touched: Collection[str] | None = None
    text: str | None = field(default=None, repr=False, compare=False)
    relations: Mapping[str, Sequence[RelationLike]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.text is not None:
            if len(self.text) != self.length:
                raise ValueError(f"{self.doc_id}: length {self.length} is not the text's "
                                 f"length {len(self.text)}")
            if self.tokens is None:
                object.__setattr__(self, "tokens", Tokens.from_text(self.text))
        for annotator, spans in self.spans.items():
            self._check_spans(annotator, spans)
        for annotator, relations in self.relations.items():
            self._check_spans(annotator, [end for r in relations for end in (r.head, r.child)])

    @classmethod
    def from_text(cls, doc_id: str, text: str, spans: Mapping[str, Sequence[SpanLike]], *,
                  tokens: Sequence[TokenBounds] | None = None,
                  touched: Collection[str] | None = None,
                  relations: Mapping[str, Sequence[RelationLike]] | None = None
                  ) -> DocumentAnnotations:
        """A document with its text: tokens default to :func:`regex_tokens`."""
        return cls(doc_id, len(text), spans, tokens, touched, text, relations or {})

    def _check_spans(self, annotator: str, spans: Sequence[SpanLike]) -> None:
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

    def spans_of(self, annotator: str) -> Sequence[SpanLike]:
        return self.spans.get(annotator, ())

    def relations_of(self, annotator: str) -> Sequence[RelationLike]:
        return self.relations.get(annotator, ())

    def unit_range(self, start: int, end: int) -> tuple[int, int]:
        """The units ``[first, last)`` that share a code point with ``[start, end)``."""
        tokens = self.tokens
        if tokens is None:
            return start, end
        if isinstance(tokens, Tokens):
            return tokens.unit_range(start, end)
        return (bisect_right(tokens, start, key=_token_end),
                bisect_left(tokens, end, key=_token_start))
