"""Code points (Python, spaCy, the store) versus UTF-16 code units (Qt, JavaScript).

They differ after every character outside the Basic Multilingual Plane. This
module is the one place that converts between them.
"""

from __future__ import annotations

import re
import sys
from bisect import bisect_left

# Characters outside the Basic Multilingual Plane; a regex scan is ~40x faster
# than a Python loop, which matters for 10 MB articles.
_ASTRAL = re.compile("[\U00010000-\U0010FFFF]")
# CPython keeps a string in 1, 2 or 4 bytes a character, by its widest one (PEP 393):
# one under 4 bytes a character holds no astral character, without a scan (a short
# one's header tips the sum over, and it is scanned).
_COMPACT = sys.implementation.name == "cpython"


def _has_astral(text: str) -> bool:
    if text.isascii():
        return False
    if _COMPACT and sys.getsizeof(text) < 4 * len(text):
        return False
    return _ASTRAL.search(text) is not None


class OffsetMap:
    """Converts positions in one text between code points and UTF-16 units."""

    __slots__ = ("_astral", "_astral16", "length", "length16")

    def __init__(self, text: str) -> None:
        # Code-point positions of astral characters (each takes two UTF-16 units).
        self._astral = [m.start() for m in _ASTRAL.finditer(text)] \
            if _has_astral(text) else []
        # The same characters' positions in UTF-16 units.
        self._astral16 = [p + n for n, p in enumerate(self._astral)]
        self.length = len(text)
        self.length16 = self.length + len(self._astral)

    @property
    def identity(self) -> bool:
        return not self._astral

    def to_utf16(self, pos: int) -> int:
        """Code-point position -> UTF-16 position."""
        return pos + bisect_left(self._astral, pos)

    def from_utf16(self, pos16: int) -> int:
        """UTF-16 position -> code-point position.

        A position inside a surrogate pair is moved back to the pair's start.
        """
        n = bisect_left(self._astral16, pos16)
        if n and self._astral16[n - 1] == pos16 - 1:
            # pos16 is between the two halves of a pair.
            return self._astral[n - 1]
        return pos16 - n

    def splits_pair(self, pos16: int) -> bool:
        """True when a UTF-16 position falls between the halves of a surrogate pair."""
        n = bisect_left(self._astral16, pos16)
        return bool(n) and self._astral16[n - 1] == pos16 - 1


def utf16_len(text: str) -> int:
    return len(text) + sum(1 for ch in text if ord(ch) > 0xFFFF)


class NewlineMap:
    """Normalises CRLF and CR to LF and maps offsets of the original text onto the result."""

    __slots__ = ("_removed", "text")

    def __init__(self, original: str) -> None:
        # Each CR directly followed by LF is dropped; a lone CR becomes LF (same length).
        self._removed = [i for i in _find_all(original, "\r\n")] if "\r" in original else []
        self.text = original.replace("\r\n", "\n").replace("\r", "\n")

    def __call__(self, pos: int) -> int:
        """Offset in the original -> offset in the normalised text."""
        return pos - bisect_left(self._removed, pos)


def _find_all(text: str, needle: str) -> list[int]:
    found, i = [], text.find(needle)
    while i != -1:
        found.append(i)
        i = text.find(needle, i + 1)
    return found


def lone_surrogate(text: str) -> int | None:
    """The offset of the first unpaired surrogate (invalid in UTF-8), or None."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        return exc.start
    return None
