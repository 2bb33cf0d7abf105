from annotator.nlp.tokens import SNAP_WINDOW, snap_to_tokens, tokenize

TEXT = ("Moscow, June 23 (Prensa Latina)—Russian Defense Minister Sergey Shoigu confirmed "
        "two TU-160 bombers.")


def snapped(fragment: str) -> str:
    start = TEXT.index(fragment)
    s, e = snap_to_tokens(TEXT, start, start + len(fragment))
    return TEXT[s:e]


def test_partial_words_grow_to_whole_tokens() -> None:
    assert snapped("ssian Def") == "Russian Defense"
    assert snapped("U-16") == "TU-160"
    assert snapped(" Shoigu ") == "Shoigu"
    assert snapped("Latin") == "Latina"


def test_far_into_a_long_article_only_a_window_is_tokenized() -> None:
    text = "filler " * 100_000 + "Sergey Shoigu" + " filler" * 1000
    start = text.index("Shoigu")
    s, e = snap_to_tokens(text, start + 2, start + 4)
    assert text[s:e] == "Shoigu"
    assert SNAP_WINDOW < 1000


def test_tokens_carry_code_point_offsets() -> None:
    text = "Hi 😀 there"
    assert [(t.text, t.start, t.end) for t in tokenize(text)] == [
        ("Hi", 0, 2), ("😀", 3, 4), ("there", 5, 10)]
