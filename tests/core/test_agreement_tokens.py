"""Token bounds as two arrays (Tokens) or as corpus columns, and light span records
(SpanBounds): the same units and the same figures as token pairs and Span objects."""

from __future__ import annotations

import random
from array import array

import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotator.core.agreement import (
    DocumentAnnotations,
    SpanBounds,
    Tokens,
    compare_pair,
    krippendorff_alpha,
    pairwise,
    regex_tokens,
    units,
)
from annotator.core.agreement.units import token_columns
from annotator.core.model import Span

# Word characters, spaces of several kinds, punctuation, combining marks, digits of
# other scripts, characters outside the BMP, a lone surrogate.
ALPHABET = "ab1_ \n\t\r.,-“”é\u00a0\u2003\u3000\u200b\x1c😀👨‍👩‍👧\u0301ß\u0660\u00b2中\ud800"


@given(st.text(alphabet=ALPHABET, max_size=60) | st.text(max_size=60))
def test_tokens_from_text_are_the_regex_tokens(text: str) -> None:
    tokens = Tokens.from_text(text)
    assert list(tokens) == regex_tokens(text)
    assert tokens == regex_tokens(text)
    assert isinstance(tokens.starts, array) and isinstance(tokens.ends, array)


def test_tokens_are_a_sequence_of_pairs() -> None:
    tokens = Tokens.from_text("Tu-160s, he said.")
    assert len(tokens) == 7
    assert tokens[0] == (0, 2) and tokens[-1] == (16, 17)
    assert tokens[1:3] == [(2, 3), (3, 7)]
    assert (3, 7) in tokens
    assert tokens == Tokens([0, 2, 3, 7, 9, 12, 16], [2, 3, 7, 8, 11, 16, 17])
    assert tokens != [(0, 2)]
    assert tokens.unit_range(1, 4) == (0, 3)  # cuts "Tu" and "160s": both count
    with pytest.raises(ValueError, match="starts"):
        Tokens([0, 1], [1])


@given(st.lists(st.text(alphabet=ALPHABET, max_size=40) | st.text(max_size=20), max_size=6),
       st.integers(0, 50))
def test_token_columns_of_many_texts_are_their_regex_tokens(texts: list[str], at: int) -> None:
    starts, ends, counts = token_columns(texts, at)
    assert counts.tolist() == [len(regex_tokens(text)) for text in texts]
    position, first = at, 0
    for text, count in zip(texts, counts.tolist(), strict=True):
        mine = slice(first, first + count)
        assert list(zip((starts[mine] - position).tolist(), (ends[mine] - position).tolist(),
                        strict=True)) == regex_tokens(text)
        position += len(text) + 1
        first += count


def test_token_columns_in_small_batches_are_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    texts = ["Tu-160s, he said.", "", "“Да”, 😀 ok", "x" * 30, "a b"]
    whole = token_columns(texts)
    monkeypatch.setattr(units, "_BATCH_CHARS", 8)
    assert all((x == y).all() for x, y in zip(token_columns(texts), whole, strict=True))


def random_corpus(seed: int, *, tokens_as: str, spans_as: str) -> list[DocumentAnnotations]:
    """The same documents, with token bounds and spans in the given shapes."""
    rng = random.Random(seed)
    words = ["Lavrov", "met", "Shoigu", "in", "Moscow", "Tu-160", "“no", "talks”", ",", "."]
    docs = []
    for index in range(30):
        text = " ".join(rng.choice(words) for _ in range(rng.randrange(0, 40)))
        spans: dict[str, list] = {}
        for name in ("ann", "ben", "cat"):
            found = []
            for _ in range(rng.randrange(0, 8) if text else 0):
                start = rng.randrange(0, len(text))
                end = rng.randrange(start + 1, min(len(text), start + 30) + 1)
                label = rng.choice(["actor", "weapon", "quote"])
                found.append(SpanBounds(start, end, label) if spans_as == "bounds"
                             else Span(start, end, label, name))
            spans[name] = found + found[:1]  # a duplicate counts once
        pairs = regex_tokens(text)
        tokens = (Tokens.from_text(text) if tokens_as == "arrays" else
                  pairs if tokens_as == "pairs" else None)
        touched = {"cat"} if index % 7 == 0 else None
        if tokens_as == "text":
            docs.append(DocumentAnnotations.from_text(f"d{index}", text, spans, touched=touched))
        else:
            docs.append(DocumentAnnotations(f"d{index}", len(text), spans, tokens, touched))
    return docs


@pytest.mark.parametrize("seed", range(5))
def test_shapes_of_tokens_and_spans_give_the_same_figures(seed: int) -> None:
    def figures(docs: list[DocumentAnnotations]) -> tuple[object, ...]:
        pair = compare_pair(docs, "ann", "ben")
        matrix = pairwise(docs)
        alpha = krippendorff_alpha(docs)
        return (pair.exact, pair.partial, pair.kappa.overall.table,
                {k: v.table for k, v in pair.kappa.per_label.items()},
                [(d.exact, d.partial) for d in pair.documents],
                {key: (p.exact, p.kappa.overall.table) for key, p in matrix.pairs.items()},
                alpha.overall, alpha.per_label, alpha.documents)

    reference = figures(random_corpus(seed, tokens_as="pairs", spans_as="span"))
    for tokens_as in ("arrays", "text"):
        for spans_as in ("span", "bounds"):
            assert figures(random_corpus(seed, tokens_as=tokens_as, spans_as=spans_as)) \
                == reference, (tokens_as, spans_as)


def test_figures_are_the_same_computed_twice_or_in_another_order() -> None:
    docs = random_corpus(9, tokens_as="arrays", spans_as="bounds")
    alpha_first = krippendorff_alpha(docs, ["ann", "ben"])
    pair = compare_pair(docs, "ann", "ben")
    fresh = random_corpus(9, tokens_as="arrays", spans_as="bounds")
    assert compare_pair(fresh, "ann", "ben") == pair
    assert krippendorff_alpha(fresh, ["ann", "ben"]) == alpha_first
    assert compare_pair(docs, "ann", "ben") == pair
