"""Offsets written by other tools, in the unit they count, turned into code points.

Browser-based tools count UTF-16 code units (JavaScript's string length); Python,
spaCy and our store count code points. The two agree until the first character
outside the Basic Multilingual Plane (an emoji), and differ by one per such
character after it. A span that only fits in the other unit is reported with a
hint, never shifted silently.
"""

from __future__ import annotations

from annotator.core.offsets import OffsetMap

UTF16, CODEPOINTS = "utf16", "codepoints"
UNITS = (UTF16, CODEPOINTS)


class OffsetProblem(ValueError):
    """Offsets that do not fit the text in the chosen unit; the message says why."""


def _valid(start: int, end: int, length: int) -> bool:
    return 0 <= start < end <= length


def to_codepoints(start: int, end: int, unit: str, omap: OffsetMap) -> tuple[int, int]:
    """[start, end) in `unit` -> code points, or OffsetProblem with a hint."""
    if unit == CODEPOINTS:
        if _valid(start, end, omap.length):
            return start, end
        hint = ""
        if _valid(start, end, omap.length16) and not (
                omap.splits_pair(start) or omap.splits_pair(end)):
            hint = "; it fits as UTF-16 units: try --offsets utf16"
        raise OffsetProblem(f"[{start}, {end}) does not fit the text as code points "
                            f"(length {omap.length}){hint}")
    if not _valid(start, end, omap.length16):
        hint = "; it fits as code points: try --offsets codepoints" \
            if _valid(start, end, omap.length) else ""
        raise OffsetProblem(f"[{start}, {end}) does not fit the text as UTF-16 units "
                            f"(length {omap.length16}){hint}")
    for pos in (start, end):
        if omap.splits_pair(pos):
            raise OffsetProblem(
                f"[{start}, {end}): UTF-16 offset {pos} splits a surrogate pair "
                "(half an emoji); were the offsets counted in code points? "
                "try --offsets codepoints")
    return omap.from_utf16(start), omap.from_utf16(end)


def from_codepoints(start: int, end: int, unit: str, omap: OffsetMap) -> tuple[int, int]:
    if unit == CODEPOINTS:
        return start, end
    return omap.to_utf16(start), omap.to_utf16(end)
