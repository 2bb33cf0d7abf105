"""Finding a text or a pattern in an article, in code points, a window at a time.

A 10 MB article takes Python's regular expressions 10–200 ms to scan whole, so
nothing that answers a key press scans it whole: :class:`Matches` finds the matches
in a range (what is on screen), the next one from a position, or counts them a
slice at a time (see :meth:`Matches.count_from`). Labelling every occurrence uses
:meth:`Matches.all`, off the GUI thread.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from annotator.core.errors import AnnotatorError

#: A match may run this far past the end of the range searched and still be found
#: whole; a longer regular-expression match across a window's edge may be cut.
OVERLAP = 4096
#: Characters searched per step when looking for the next match.
WINDOW = 262_144


class FindError(AnnotatorError):
    """A pattern that cannot be searched for: says why, and where in the pattern."""


@dataclass(frozen=True, slots=True)
class FindOptions:
    case: bool = False  # match case
    whole_word: bool = False  # no letter, digit or underscore just before or after
    regex: bool = False  # the text is a Python regular expression


def compile_pattern(needle: str, options: FindOptions = FindOptions()) -> re.Pattern[str]:
    """The regular expression for a find; FindError for a bad one, with its column."""
    if not needle:
        raise FindError("nothing to find")
    body = needle if options.regex else re.escape(needle)
    flags = re.MULTILINE | (0 if options.case else re.IGNORECASE)
    try:
        pattern = re.compile(body, flags)  # alone first: an error's column is the user's
        if options.whole_word:
            pattern = re.compile(rf"(?<!\w)(?:{body})(?!\w)", flags)
    except re.error as exc:
        where = f" at column {exc.pos + 1}" if exc.pos is not None else ""
        raise FindError(f"not a regular expression: {exc.msg}{where}") from None
    except (OverflowError, RecursionError):
        raise FindError("not a regular expression: too large or too deeply nested") from None
    if pattern.fullmatch("") is not None or pattern.search("") is not None:
        raise FindError("this pattern also matches nothing at all: give it something "
                        "to match (a+ rather than a*)")
    return pattern


class Matches:
    """The matches of one pattern in one text, as (start, end) code-point ranges.
    Empty matches never count."""

    def __init__(self, text: str, pattern: re.Pattern[str]) -> None:
        self.text = text
        self.pattern = pattern

    def within(self, start: int, end: int) -> list[tuple[int, int]]:
        """Matches that start in [start, end): what to highlight on screen."""
        start = max(0, start)
        stop = min(len(self.text), end + OVERLAP)
        found = []
        for m in self.pattern.finditer(self.text, start, stop):
            if m.start() >= end:
                break
            if m.end() > m.start():
                found.append(m.span())
        return found

    def first_in(self, start: int, end: int) -> tuple[int, int] | None:
        """The first match starting in [start, end), without listing the others."""
        stop = min(len(self.text), end + OVERLAP)
        position = max(0, start)
        while position < end:
            m = self.pattern.search(self.text, position, stop)
            if m is None or m.start() >= end:
                return None
            if m.end() > m.start():
                return m.span()
            position = m.start() + 1  # an empty match: look on
        return None

    def after(self, position: int, *, wrap: bool = True) -> tuple[int, int] | None:
        """The first match starting at or after ``position``; past the end it wraps to
        the first of the text, unless not ``wrap``."""
        for start in range(max(0, position), len(self.text), WINDOW):
            found = self.first_in(start, start + WINDOW)
            if found is not None:
                return found
        if wrap and position > 0:
            return self.after(0, wrap=False)
        return None

    def before(self, position: int, *, wrap: bool = True) -> tuple[int, int] | None:
        """The last match starting before ``position``; before the start it wraps to the
        last of the text, unless not ``wrap``."""
        end = min(position, len(self.text))
        while end > 0:
            found = [m for m in self.within(max(0, end - WINDOW), end) if m[0] < end]
            if found:
                return found[-1]
            end -= WINDOW
        if wrap and position < len(self.text):
            return self.before(len(self.text), wrap=False)
        return None

    def count_from(self, start: int, chars: int) -> tuple[list[int], int]:
        """One slice of a count: the starts of the matches beginning in [start, start +
        chars), and where the next slice begins. Slices never split a match."""
        end = min(len(self.text), start + chars)
        found = self.within(start, end)
        starts = [s for s, _ in found]
        # The next slice starts after the last match, so none is counted twice.
        return starts, max(end, found[-1][1]) if found else end

    def all(self) -> list[tuple[int, int]]:
        """Every match, in order (the whole text: off the GUI thread)."""
        return list(self._iter())

    def _iter(self) -> Iterator[tuple[int, int]]:
        for m in self.pattern.finditer(self.text):
            if m.end() > m.start():
                yield m.span()
