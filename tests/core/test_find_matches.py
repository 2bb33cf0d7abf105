"""Finding in an article: code points, options, bad patterns, and windows that add up."""

from __future__ import annotations

import pytest

from annotator.core import find
from annotator.core.find import FindError, FindOptions, Matches, compile_pattern

TEXT = "Shoigu 😀 said: the Tu-160 and TU-160M flew; tu-160 again. Tu-1600 is not one."


def spans(needle: str, **options: bool) -> list[str]:
    matches = Matches(TEXT, compile_pattern(needle, FindOptions(**options)))
    return [TEXT[s:e] for s, e in matches.all()]


def test_code_points_after_an_emoji() -> None:
    matches = Matches(TEXT, compile_pattern("Tu-160"))
    start, end = matches.all()[0]
    assert (start, end) == (TEXT.index("Tu-160"), TEXT.index("Tu-160") + 6)
    assert TEXT[start:end] == "Tu-160"
    assert start == 19  # the emoji is one code point (two UTF-16 units)


@pytest.mark.parametrize(("needle", "options", "found"), [
    ("tu-160", {}, ["Tu-160", "TU-160", "tu-160", "Tu-160"]),
    ("Tu-160", {"case": True}, ["Tu-160", "Tu-160"]),
    ("tu-160", {"whole_word": True}, ["Tu-160", "tu-160"]),
    ("Tu-160", {"case": True, "whole_word": True}, ["Tu-160"]),
    (r"tu-16\d+m?", {"regex": True}, ["Tu-160", "TU-160M", "tu-160", "Tu-1600"]),
    (r"tu-16\d", {"regex": True, "whole_word": True}, ["Tu-160", "tu-160"]),
    ("(", {}, []),  # an ordinary character when not a regular expression
    ("😀", {}, ["😀"]),
])
def test_options(needle: str, options: dict[str, bool], found: list[str]) -> None:
    assert spans(needle, **options) == found


@pytest.mark.parametrize(("needle", "says"), [
    ("Tu-(160", "missing ), unterminated subpattern at column 4"),
    ("[a-", "unterminated character set at column 1"),
    ("a*", "also matches nothing at all"),
    ("", "nothing to find"),
])
def test_bad_patterns_say_why_and_where(needle: str, says: str) -> None:
    with pytest.raises(FindError, match=r"^.*" + __import__("re").escape(says)):
        compile_pattern(needle, FindOptions(regex=True))


def test_windows_next_previous_and_slices_agree_with_all(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(find, "WINDOW", 50)
    monkeypatch.setattr(find, "OVERLAP", 10)
    text = ("alpha Tu-160 beta 😀 " * 40) + "end"
    matches = Matches(text, compile_pattern("tu-160"))
    every = matches.all()
    assert len(every) == 40
    assert matches.within(0, 30) == [m for m in every if m[0] < 30]
    # next and previous walk every match and wrap round
    walked, position = [], 0
    for _ in range(41):
        found = matches.after(position)
        assert found is not None
        walked.append(found)
        position = found[0] + 1
    assert walked == [*every, every[0]]
    assert matches.before(every[5][0]) == every[4]
    assert matches.before(0) == every[-1]
    assert matches.after(len(text), wrap=False) is None
    # counting a slice at a time finds each match once
    counted, start = [], 0
    while start < len(text):
        starts, start = matches.count_from(start, 37)
        counted += starts
    assert counted == [s for s, _ in every]


def test_nothing_found() -> None:
    matches = Matches(TEXT, compile_pattern("Kalibr"))
    assert matches.all() == [] and matches.after(5) is None and matches.before(5) is None


def test_first_in_skips_empty_matches_and_stops_at_the_end() -> None:
    import re

    matches = Matches("ab ab", re.compile(r"(?<= )|b"))
    assert matches.first_in(0, 5) == (1, 2)
    assert matches.first_in(2, 4) is None  # the empty match at 3 does not count
    assert matches.first_in(2, 3) is None
