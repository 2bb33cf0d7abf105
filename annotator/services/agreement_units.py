"""The units of agreement (tokens) for many texts at once: agreement's first run over a corpus.

The tokens are exactly those of :func:`annotator.core.agreement.regex_tokens`
— runs of word characters, and every other non-space character alone — as
:class:`~annotator.core.agreement.Tokens`. With numpy (installed with spaCy) a
batch of texts is classified character by character in a few vectorised passes,
each distinct character classified by the same regular expressions (``\\w``,
``\\s``), several times faster than matching the texts; without numpy, each text
goes through :meth:`Tokens.from_text`.
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Sequence
from functools import cache
from typing import Any

from annotator.core.agreement import Tokens

_WORD, _SPACE, _OTHER = 0, 1, 2
_WORD_RE = re.compile(r"\w")
_SPACE_RE = re.compile(r"\s")


def tokenize_texts(texts: Sequence[str]) -> list[Tokens]:
    """The tokens of each text, as :meth:`Tokens.from_text` gives them."""
    if not texts:
        return []
    try:
        import numpy  # lazy: only a first run over a corpus needs it
    except ImportError:  # pragma: no cover - numpy comes with spaCy
        return [Tokens.from_text(text) for text in texts]
    return _tokenize_numpy(numpy, texts)


def _character_class(char: str) -> int:
    if _WORD_RE.match(char):
        return _WORD
    return _SPACE if _SPACE_RE.match(char) else _OTHER


@cache
def _ascii_classes(np: Any) -> Any:
    return np.array([_character_class(chr(code)) for code in range(128)], dtype=np.uint8)


def _tokenize_numpy(np: Any, texts: Sequence[str]) -> list[Tokens]:
    # One string: "\n" between texts is a space, so no token spans two of them.
    joined = "\n".join(texts)
    codes = np.frombuffer(joined.encode("utf-32-le", "surrogatepass"), dtype="<u4")
    classes = np.empty(len(codes), dtype=np.uint8)
    ascii_ = codes < 128
    classes[ascii_] = _ascii_classes(np)[codes[ascii_]]
    rest = np.flatnonzero(~ascii_)
    if rest.size:
        distinct, where = np.unique(codes[rest], return_inverse=True)
        classes[rest] = np.array([_character_class(chr(code)) for code in distinct.tolist()],
                                 dtype=np.uint8)[where]
    word = classes == _WORD
    other = classes == _OTHER
    after_word = np.zeros_like(word)
    after_word[1:] = word[:-1]
    before_word = np.zeros_like(word)
    before_word[:-1] = word[1:]
    # A token starts at a word character after a non-word one, or at any other
    # non-space character; it ends (exclusive) after a word character before a
    # non-word one, or after any other non-space character.
    starts = np.flatnonzero(other | (word & ~after_word))
    ends = np.flatnonzero(other | (word & ~before_word)) + 1
    lengths = np.fromiter((len(text) for text in texts), dtype=np.int64, count=len(texts))
    offsets = np.zeros(len(texts), dtype=np.int64)
    np.cumsum(lengths[:-1] + 1, out=offsets[1:])
    first = [*np.searchsorted(starts, offsets).tolist(), len(starts)]
    counts = np.diff(first)
    shift = np.repeat(offsets, counts)
    start_bytes = (starts - shift).astype(np.uint32).tobytes()
    end_bytes = (ends - shift).astype(np.uint32).tobytes()
    tokens = []
    for index in range(len(texts)):
        low, high = first[index] * 4, first[index + 1] * 4
        token_starts, token_ends = array("I"), array("I")
        token_starts.frombytes(start_bytes[low:high])
        token_ends.frombytes(end_bytes[low:high])
        tokens.append(Tokens(token_starts, token_ends))
    return tokens
