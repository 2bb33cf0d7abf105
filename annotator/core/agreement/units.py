"""The units of agreement (tokens) of many texts at once, as columns.

The tokens are exactly those of :func:`~annotator.core.agreement.regex_tokens`
— runs of word characters, and every other non-space character alone — found
without a regular-expression match per token: each character is classified
(word, space, other) in a few whole-text passes, code points below 256 through
a byte table, the rest once per distinct character by the same regular
expressions (``\\w``, ``\\s``), and tokens start and end where the classes change.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache

import numpy as np

from annotator.core.agreement.corpus import Array

_WORD, _SPACE, _OTHER = 0, 1, 2
_WORD_RE = re.compile(r"\w")
_SPACE_RE = re.compile(r"\s")
_BATCH_CHARS = 1 << 23  # texts are classified about this many characters at a time


def _character_class(char: str) -> int:
    if _WORD_RE.match(char):
        return _WORD
    return _SPACE if _SPACE_RE.match(char) else _OTHER


@cache
def _byte_classes() -> bytes:
    """The class of each code point below 256, as a ``bytes.translate`` table."""
    return bytes(_character_class(chr(code)) for code in range(256))


def token_columns(texts: Sequence[str], position: int = 0) -> tuple[Array, Array, Array]:
    """Every text's token starts and ends, and how many tokens each text has.

    Positions are those of the texts joined by a newline (a
    :class:`~annotator.core.agreement.Corpus`'s global positions), the first
    text starting at ``position``."""
    starts, ends, counts = [], [], []
    begin = 0
    while begin < len(texts):
        end, size = begin, 0
        while end < len(texts) and (end == begin or size + len(texts[end]) < _BATCH_CHARS):
            size += len(texts[end]) + 1
            end += 1
        batch = _tokenize(texts[begin:end])
        starts.append(batch[0] + position)
        ends.append(batch[1] + position)
        counts.append(batch[2])
        position += size
        begin = end
    if not texts:
        return (np.zeros(0, dtype=np.int64),) * 3
    return stitched(starts), stitched(ends), stitched(counts)


def stitched(parts: Sequence[Array]) -> Array:
    """The arrays end to end, copied one part at a time. One ``concatenate`` of a
    whole corpus's columns holds the interpreter lock while it pays for the new
    array's pages, long enough to stall the window's thread."""
    if len(parts) == 1:
        return parts[0]
    out = np.empty((sum(len(part) for part in parts), *parts[0].shape[1:]), dtype=parts[0].dtype)
    at = 0
    for part in parts:
        out[at:at + len(part)] = part
        at += len(part)
    return out


def _tokenize(texts: Sequence[str]) -> tuple[Array, Array, Array]:
    # One string: "\n" between texts is a space, so no token spans two of them.
    joined = "\n".join(texts)
    classes = np.frombuffer(joined.encode("latin-1", "replace").translate(_byte_classes()),
                            dtype=np.uint8)
    if not joined.isascii():
        wide, codes = _wide_characters(joined)
        if wide.size:  # "replace" made these "?": classify them for real
            distinct, where = np.unique(codes, return_inverse=True)
            classes = classes.copy()
            classes[wide] = np.array([_character_class(chr(code)) for code in distinct.tolist()],
                                     dtype=np.uint8)[where]
    word = classes == _WORD
    # A token starts at a word character after a non-word one, or at any other
    # non-space character; it ends (exclusive) after a word character before a
    # non-word one, or after any other non-space character. (For booleans, x > y
    # is x and not y.)
    opens = classes == _OTHER
    closes = opens.copy()
    if len(word):
        np.logical_or(opens[1:], np.greater(word[1:], word[:-1]), out=opens[1:])
        opens[0] |= word[0]
        np.logical_or(closes[:-1], np.greater(word[:-1], word[1:]), out=closes[:-1])
        closes[-1] |= word[-1]
    starts = np.flatnonzero(opens)
    ends = np.flatnonzero(closes)
    ends += 1
    offsets = np.zeros(len(texts), dtype=np.int64)
    np.cumsum([len(text) + 1 for text in texts[:-1]], out=offsets[1:])
    first = np.searchsorted(starts, offsets)
    return starts, ends, np.diff(np.append(first, len(starts)))


def _wide_characters(text: str) -> tuple[Array, Array]:
    """The positions and code points of the characters above 255. UTF-16 is half
    the bytes of UTF-32 and has a unit per code point unless the text has characters
    outside the BMP (emoji): then UTF-32."""
    units = np.frombuffer(text.encode("utf-16-le", "surrogatepass"), dtype="<u2")
    if len(units) != len(text):
        units = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype="<u4")
    wide = np.flatnonzero(units > 255)
    return wide, units[wide]
