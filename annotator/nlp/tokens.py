"""Token boundaries from spaCy's blank English tokenizer, imported on first use."""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from annotator.nlp.graphemes import Clusters, align, word_units

# Characters of context tokenized on each side of a selection when snapping, beyond
# which the window still grows to whitespace. spaCy never makes a token across
# whitespace, so a few are enough; every label key pays for each one.
SNAP_WINDOW = 16


_blank_lock = threading.Lock()
_blank: list[Any] = []


def blank_english() -> Any:
    """spaCy's blank English pipeline, made once. Importing spaCy costs most of a
    second, so it happens on first use (or in the background: see warm_up); a
    second thread asking meanwhile waits for the first instead of importing too."""
    if not _blank:
        with _blank_lock:
            if not _blank:
                import spacy

                _blank.append(spacy.blank("en"))
    return _blank[0]


def import_spacy() -> Any:
    """The spaCy module, imported once under the same lock as the tokenizer: two
    threads importing spaCy at once can see it half-initialised (its modules import
    each other)."""
    blank_english()
    import spacy

    return spacy


def warm_up(*then: Callable[[], object]) -> None:
    """Load the tokenizer (and the cluster patterns), then whatever else ``then``
    makes, on a background thread, so the first label key is quick."""
    threading.Thread(target=_load, args=then, name="spacy-warm-up", daemon=True).start()


def _load(*then: Callable[[], object]) -> None:
    Clusters("")
    blank_english()
    for make in then:
        make()


@dataclass(frozen=True, slots=True)
class Token:
    text: str
    start: int
    end: int
    ws: bool


def tokenize(text: str) -> list[Token]:
    """Tokens with code-point offsets, as Prodigy writes them."""
    doc = blank_english().tokenizer(text)
    return [Token(t.text, t.idx, t.idx + len(t.text), bool(t.whitespace_)) for t in doc]


# spaCy keeps "Latina)—Russian" as one token; for snapping a selection, dashes and
# brackets inside a token are word boundaries too.
_HARD_PUNCT = re.compile(r"[—–()\[\]{}“”«»\"/|]")


def _token_bounds(text: str, lo: int, hi: int) -> list[tuple[int, int]]:
    bounds = []
    for t in blank_english().tokenizer(text[lo:hi]):
        start = lo + t.idx
        end = start + len(t.text)
        cut = start
        for m in _HARD_PUNCT.finditer(text, start, end):
            bounds.extend(b for b in ((cut, m.start()), (m.start(), m.end())) if b[0] < b[1])
            cut = m.end()
        if cut < end:
            bounds.append((cut, end))
    return bounds


def trim_whitespace(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _window(text: str, start: int, end: int) -> tuple[int, int]:
    """A stretch around [start, end) that starts after and ends at whitespace where it
    can, so no token or cluster is cut by its edges; at most SNAP_WINDOW beyond them
    but for the word it would cut."""
    lo = max(0, start - SNAP_WINDOW)
    hi = min(len(text), end + SNAP_WINDOW)
    while lo > 0 and not text[lo - 1].isspace():
        lo -= 1
    if lo > 0:
        lo -= 1  # the whitespace itself: an accent may hang on it
    while hi < len(text) and not text[hi].isspace():
        hi += 1
    return lo, hi


def _aligned(text: str, start: int, end: int) -> tuple[int, int, Clusters, int, int]:
    start, end = trim_whitespace(text, start, end)
    lo, hi = _window(text, start, end)
    clusters = Clusters(text, lo, hi)
    if start < end:
        start, end = trim_whitespace(text, *align(clusters, start, end))
    return start, end, clusters, lo, hi


def exact_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """[start, end) without surrounding whitespace, never cutting a grapheme cluster
    (see :func:`~annotator.nlp.graphemes.align`)."""
    start, end, *_ = _aligned(text, start, end)
    return start, end


def snap_to_tokens(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen [start, end) to whole tokens and trim surrounding whitespace.

    Tokens are made of whole grapheme clusters, and an emoji, flag or keycap is a
    token of its own even when glued to a word, so a selection of the word gives
    the word and never half a cluster. Only a window around the selection is
    tokenized, so the cost does not grow with the article.
    """
    start, end, clusters, lo, hi = _aligned(text, start, end)
    if start >= end:
        return start, end
    for t_start, t_end in word_units(clusters, _token_bounds(text, lo, hi)):
        if t_start < start < t_end:
            start = t_start
        if t_start < end < t_end:
            end = t_end
    return start, end


def selection_bounds(text: str, start: int, end: int, *, snap: bool) -> tuple[int, int]:
    """What a selection labels: whole tokens with snap, else the exact characters;
    never surrounding whitespace, never part of a grapheme cluster."""
    return snap_to_tokens(text, start, end) if snap else exact_bounds(text, start, end)
