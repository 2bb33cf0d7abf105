from hypothesis import given
from hypothesis import strategies as st

from annotator.core.offsets import NewlineMap, OffsetMap, lone_surrogate

SAMPLES = [
    "plain ascii",
    "emoji 😀 then words",
    "family 👨‍👩‍👧 and flag 🇫🇷 end",
    "combining e\u0301 and cafe\u0301",
    "Arabic: قال الوزير إن 𝔘 math",
]


def _utf16_units(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def test_round_trip_every_position() -> None:
    for text in SAMPLES:
        m = OffsetMap(text)
        assert m.length16 == _utf16_units(text)
        for pos in range(len(text) + 1):
            pos16 = m.to_utf16(pos)
            assert pos16 == _utf16_units(text[:pos])
            assert m.from_utf16(pos16) == pos


def test_position_inside_a_surrogate_pair_moves_to_its_start() -> None:
    text = "a😀b"
    m = OffsetMap(text)
    assert m.splits_pair(2)
    assert m.from_utf16(2) == 1
    assert not m.splits_pair(3)
    assert m.from_utf16(3) == 2


@given(st.text())
def test_matches_utf16_encoding(text: str) -> None:
    m = OffsetMap(text)
    for pos in range(0, len(text) + 1, max(1, len(text) // 7)):
        assert m.to_utf16(pos) == _utf16_units(text[:pos].encode("utf-16-le", "surrogatepass")
                                               .decode("utf-16-le", "surrogatepass")) \
            if lone_surrogate(text) is None else True


def test_newline_map_keeps_offsets_on_the_same_characters() -> None:
    original = "one\r\ntwo\rthree\r\n\r\nfour"
    nl = NewlineMap(original)
    assert nl.text == "one\ntwo\nthree\n\nfour"
    for word in ("one", "two", "three", "four"):
        i = original.index(word)
        assert nl.text[nl(i):nl(i + len(word))] == word


def test_lone_surrogate() -> None:
    assert lone_surrogate("fine 😀") is None
    assert lone_surrogate("bad \ud800 here") == 4


@given(st.text(min_size=65, max_size=400), st.sampled_from(["", "é", "€", "😀", "𝔸"]),
       st.integers(min_value=0, max_value=400))
def test_long_texts_of_every_width_match_utf16(text: str, extra: str, at: int) -> None:
    """Long texts are told to hold no astral character by how wide CPython stores
    them (1, 2 or 4 bytes a character): each width, with one character of another
    width anywhere, still converts as the encoding counts."""
    text = text[:at] + extra + text[at:]
    offsets = OffsetMap(text)
    encoded = text.encode("utf-16-le")
    assert offsets.length16 == len(encoded) // 2
    for pos in range(0, len(text) + 1, max(1, len(text) // 50)):
        assert offsets.to_utf16(pos) == len(text[:pos].encode("utf-16-le")) // 2
    assert offsets.identity == (len(encoded) // 2 == len(text))


def test_a_long_text_of_two_byte_characters_holds_no_pair() -> None:
    text = "Die Ministerin sagte: „Wir liefern.“ " * 5000
    assert OffsetMap(text).identity
    assert not OffsetMap(text + "😀").identity
