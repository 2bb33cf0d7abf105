"""Grapheme clusters — what a reader takes for one character — and selections cut to them.

An emoji with a skin tone, a flag, a keycap, a ZWJ family or a letter with a
combining accent is several code points but one cluster (Unicode UAX #29,
``\\X`` of the ``regex`` package); a span must never end inside one.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from functools import cache
from typing import Any

Bounds = tuple[int, int]


@cache
def _patterns() -> tuple[Any, Any]:
    """Clusters, and what makes one a picture (emoji, flag, keycap) rather than part
    of a word. Compiled on first use: the window imports this module as it opens."""
    import regex

    return (regex.compile(r"\X"),
            regex.compile(r"[\p{Extended_Pictographic}\p{Regional_Indicator}\u20E3]"))


class Clusters:
    """The clusters of ``text[lo:hi]``, as sorted (start, end) code-point bounds.

    ``lo`` should be a cluster boundary (e.g. just after whitespace); ``hi`` one too
    (e.g. at whitespace, or the end of the text)."""

    def __init__(self, text: str, lo: int = 0, hi: int | None = None) -> None:
        self.text = text
        cluster, self._picture = _patterns()
        hi = len(text) if hi is None else hi
        self.bounds: list[Bounds] = [m.span() for m in cluster.finditer(text, lo, hi)]
        self._starts = [start for start, _ in self.bounds]
        # One search of the range instead of one per cluster: most text has no pictures.
        self.has_pictures = self._picture.search(text, lo, hi) is not None

    def at(self, pos: int) -> Bounds | None:
        """The cluster holding the code point at ``pos``, if it lies in the range."""
        i = bisect_right(self._starts, pos) - 1
        if i >= 0 and pos < self.bounds[i][1]:
            return self.bounds[i]
        return None

    def cut(self, pos: int) -> Bounds | None:
        """The cluster ``pos`` falls strictly inside, or None at a boundary."""
        found = self.at(pos)
        return found if found is not None and found[0] < pos else None

    def is_picture(self, bounds: Bounds) -> bool:
        return self._picture.search(self.text, *bounds) is not None

    def within(self, start: int, end: int) -> Sequence[Bounds]:
        """The clusters starting in [start, end)."""
        first = bisect_right(self._starts, start - 1)
        last = bisect_right(self._starts, end - 1)
        return self.bounds[first:last]


def align(clusters: Clusters, start: int, end: int) -> Bounds:
    """Move edges that cut a cluster to its bounds. A picture cut by one edge is
    left out when the selection holds more than it (half an emoji caught beside
    a word gives the word); any other cluster is taken whole (a letter keeps its
    accent), and so is a picture that is all the selection holds."""
    cut = clusters.cut(start)
    if cut is not None:
        start = cut[1] if clusters.is_picture(cut) and end > cut[1] else cut[0]
    cut = clusters.cut(end)
    if cut is not None:
        end = cut[0] if clusters.is_picture(cut) and start < cut[0] else cut[1]
    return start, end


def word_units(clusters: Clusters, tokens: Sequence[Bounds]) -> list[Bounds]:
    """Tokens made whole clusters (tokens that then meet are one), with every
    picture cluster a unit of its own: spaCy splits an emoji's modifier off, or
    keeps a keycap glued to the word before it."""
    merged: list[Bounds] = []
    for start, end in tokens:
        first, last = clusters.at(start), clusters.at(end - 1)
        start = first[0] if first else start
        end = last[1] if last else end
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    units: list[Bounds] = []
    for start, end in merged:
        cut = start
        for bounds in clusters.within(start, end) if clusters.has_pictures else ():
            if clusters.is_picture(bounds):
                units.extend(b for b in ((cut, bounds[0]), bounds) if b[0] < b[1])
                cut = bounds[1]
        if cut < end:
            units.append((cut, end))
    return units
