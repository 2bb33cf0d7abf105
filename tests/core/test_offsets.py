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
