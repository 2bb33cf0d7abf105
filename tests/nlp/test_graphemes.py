"""Snapping never cuts a grapheme cluster, and a word glued to an emoji snaps to the word.

Clusters are generated of every kind that is several code points but one
character to a reader: emoji with a skin tone, emoji with VS16, keycaps, ZWJ
sequences, regional-indicator flags, tag-sequence flags, and letters with
combining marks.
"""

from __future__ import annotations

import regex
from hypothesis import example, given, settings
from hypothesis import strategies as st

from annotator.nlp.tokens import exact_bounds, snap_to_tokens

ZWJ, VS16, KEYCAP = "\u200d", "\ufe0f", "\u20e3"
BASES = ["👍", "👋", "✋", "🧑", "👩", "👨", "🏃"]
TONES = [chr(c) for c in range(0x1F3FB, 0x1F400)]
VS16_BASES = ["❤", "☺", "✈", "☀", "✌", "☎", "♥"]
SINGLE = ["😀", "🔥", "🚀", "💻", "🌈", "👧", "🎉"]
WORDS = ["Shoigu", "Tu-160", "Moscow", "AK-103", "Latina", "An-124", "said", "Venezuela"]
MARKS = ["\u0301", "\u0300", "\u0303", "\u0308", "\u0327", "\u0304", "\u030c"]

tone = st.builds(lambda b, t: b + t, st.sampled_from(BASES), st.sampled_from(TONES))
vs16 = st.builds(lambda b: b + VS16, st.sampled_from(VS16_BASES))
keycap = st.builds(lambda d: d + VS16 + KEYCAP, st.sampled_from("0123456789#*"))
single = st.sampled_from(SINGLE)
member = st.one_of(single, tone, st.sampled_from(BASES))
zwj = st.builds(lambda parts: ZWJ.join(parts), st.lists(member, min_size=2, max_size=4))
flag = st.builds(lambda a, b: chr(0x1F1E6 + a) + chr(0x1F1E6 + b),
                 st.integers(0, 25), st.integers(0, 25))
tag_flag = st.sampled_from(["🏴\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f",
                            "🏴\U000e0067\U000e0062\U000e0077\U000e006c\U000e0073\U000e007f"])
rainbow = st.just("🏳" + VS16 + ZWJ + "🌈")
picture = st.one_of(tone, vs16, keycap, single, zwj, flag, tag_flag, rainbow)
pictures = st.lists(picture, min_size=0, max_size=3).map("".join)
marked_letter = st.builds(lambda c, marks: c + "".join(marks), st.sampled_from("aeinouczAEO"),
                          st.lists(st.sampled_from(MARKS), min_size=1, max_size=3))


def boundaries(text: str) -> set[int]:
    found = {0, len(text)}
    for m in regex.finditer(r"\X", text):
        found |= {m.start(), m.end()}
    return found


def inside(text: str, start: int) -> list[int]:
    """Positions strictly inside the cluster that starts at ``start``."""
    cluster = regex.match(r"\X", text[start:]).group()
    return list(range(start + 1, start + len(cluster)))


def test_the_generated_clusters_are_single_clusters() -> None:
    for example_ in ["👍🏽", "❤️", "1️⃣", "👩‍👩‍👧", "🇺🇦", "🏳️‍🌈", "é"]:
        assert len(regex.findall(r"\X", example_)) == 1, example_


@settings(max_examples=300, deadline=None)
@given(left=pictures, word=st.sampled_from(WORDS), right=pictures)
@example(left="👍🏽", word="Shoigu", right="")
@example(left="", word="Shoigu", right="1️⃣")
@example(left="🇺🇦", word="Moscow", right="👩‍👩‍👧")
def test_a_word_glued_to_pictures_snaps_to_the_word(left, word, right) -> None:  # type: ignore[no-untyped-def]
    text = f"Sergey {left}{word}{right} said."
    start = len("Sergey ") + len(left)
    end = start + len(word)
    whole = [(start, end)]
    if right:  # the word and part of the picture glued after it
        whole += [(start, cut) for cut in inside(text, end)]
    if left:  # part of the picture glued before it and the word
        last = max(b for b in boundaries(text) if b < start)
        whole += [(cut, end) for cut in inside(text, last)]
    for s, e in whole:
        assert snap_to_tokens(text, s, e) == (start, end), (text, text[s:e])
        # Exact characters too: never half a picture, and never the picture.
        assert exact_bounds(text, s, e) == (start, end), (text, text[s:e])
    for s, e in [(start + 1, end - 1), (start + 2, end), (start, end - 1)]:
        assert snap_to_tokens(text, s, e) == (start, end), (text, text[s:e])


@settings(max_examples=200, deadline=None)
@given(letters=st.lists(st.one_of(marked_letter, st.sampled_from("bdfgklmrst")),
                        min_size=2, max_size=8), data=st.data())
def test_accented_letters_stay_whole(letters, data) -> None:  # type: ignore[no-untyped-def]
    word = "".join(letters)
    text = f"the {word} went"
    start, end = 4, 4 + len(word)
    cuts = sorted(boundaries(text) ^ set(range(len(text) + 1)))
    s = data.draw(st.integers(start, end - 1))
    e = data.draw(st.integers(s + 1, end))
    assert snap_to_tokens(text, s, e) == (start, end)
    got = exact_bounds(text, s, e)
    assert got[0] not in cuts and got[1] not in cuts
    assert got[0] <= s and got[1] >= e  # grown to the letters' bounds, never shrunk


@settings(max_examples=300, deadline=None)
@given(parts=st.lists(st.one_of(picture, st.sampled_from(WORDS), marked_letter,
                                st.sampled_from([" ", " ", ", ", "\n", "—", "“", "”"])),
                      min_size=1, max_size=12),
       data=st.data())
def test_no_selection_ever_cuts_a_cluster(parts, data) -> None:  # type: ignore[no-untyped-def]
    text = "".join(parts)
    s = data.draw(st.integers(0, len(text) - 1))
    e = data.draw(st.integers(s + 1, len(text)))
    ok = boundaries(text)
    for snap in (snap_to_tokens, exact_bounds):
        got = snap(text, s, e)
        if got[0] < got[1]:
            assert got[0] in ok and got[1] in ok, (snap.__name__, text, text[s:e], got)
            assert not text[got[0]].isspace() and not text[got[1] - 1].isspace()


def test_a_picture_alone_is_taken_whole() -> None:
    text = "Kyiv 🇺🇦 and 👩‍👩‍👧 and 👍🏽"
    for picture in ("🇺🇦", "👩‍👩‍👧", "👍🏽"):
        start = text.index(picture)
        for end in range(start + 1, start + len(picture) + 1):
            expected = (start, start + len(picture))
            assert snap_to_tokens(text, start, end) == expected
            assert exact_bounds(text, start, end) == expected


def test_pictures_are_looked_for_in_the_clusters_range_only() -> None:
    from annotator.nlp.graphemes import Clusters, word_units

    text = "plain words here " * 30 + "Kyiv👍 said"
    glued = text.index("Kyiv👍")
    assert not Clusters(text, 0, glued).has_pictures  # the emoji lies beyond the range
    assert Clusters(text, glued - 1, len(text)).has_pictures
    plain = Clusters(text, 0, 17)
    assert word_units(plain, [(0, 5), (6, 11), (12, 16)]) == [(0, 5), (6, 11), (12, 16)]
    # Far from the emoji a word snaps as ever; next to it the emoji is a unit of its own.
    assert snap_to_tokens(text, 1, 3) == (0, 5)
    assert snap_to_tokens(text, glued + 1, glued + 3) == (glued, glued + 4)
