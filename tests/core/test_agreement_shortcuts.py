"""The shortcuts agreement's columnar counting takes give what the plain way gives:
wide characters found through UTF-16 or UTF-32, category totals counted per run,
kappa's table made from the units where two codings differ."""

from __future__ import annotations

import random

import numpy as np
import pytest

from annotator.core.agreement import Comparison, Corpus, DocumentAnnotations, regex_tokens
from annotator.core.agreement.units import _wide_characters, token_columns
from annotator.core.model import Span


@pytest.mark.parametrize("text", ["plain ascii", "“quoted” Да 中", "emoji 😀 then “quote”",
                                  "lone \ud800 surrogate", "", "😀"])
def test_wide_characters_are_found_at_their_code_points(text: str) -> None:
    wide, codes = _wide_characters(text)
    expected = [(i, ord(c)) for i, c in enumerate(text) if ord(c) > 255]
    assert list(zip(wide.tolist(), codes.tolist(), strict=True)) == expected


def test_batches_with_and_without_emoji_tokenize_alike() -> None:
    texts = ["“Да” — 中文 ok", "no emoji here, only “quotes”", "emoji 😀👍 in “this” one"]
    starts, ends, counts = token_columns(texts)
    position, first = 0, 0
    for text, count in zip(texts, counts.tolist(), strict=True):
        mine = slice(first, first + count)
        assert list(zip((starts[mine] - position).tolist(), (ends[mine] - position).tolist(),
                        strict=True)) == regex_tokens(text)
        position, first = position + len(text) + 1, first + count


def _random_documents(seed: int) -> list[DocumentAnnotations]:
    rng = random.Random(seed)
    words = ["Lavrov", "met", "Shoigu", "in", "Moscow", ",", "Tu-160", "😀", "“no”"]
    docs = []
    for index in range(25):
        text = " ".join(rng.choice(words) for _ in range(rng.randrange(0, 30)))
        spans = {}
        for name in ("a", "b", "c"):
            found = []
            for _ in range(rng.randrange(0, 6) if len(text) > 1 else 0):
                start = rng.randrange(0, len(text) - 1)
                end = rng.randrange(start + 1, min(len(text), start + 25) + 1)
                found.append(Span(start, end, rng.choice(["actor", "place", "claim"]), name))
            if found or rng.random() < 0.5:
                spans[name] = found
        docs.append(DocumentAnnotations(f"d{index}", len(text), spans, regex_tokens(text)))
    return docs


@pytest.mark.parametrize("seed", range(6))
def test_category_totals_and_tables_are_those_counted_unit_by_unit(seed: int) -> None:
    docs = _random_documents(seed)
    comparison = Comparison(Corpus.from_documents(docs, ["a", "b", "c"]), ["a", "b", "c"])
    corpus = comparison.corpus
    doc_of_unit = np.repeat(np.arange(corpus.n_docs), corpus.units_per_doc())
    names = comparison.category_names()
    width = len(names)
    for name in ("a", "b", "c"):
        category = comparison.codings[name].category
        plain = np.bincount(doc_of_unit * width + category, minlength=corpus.n_docs * width)
        assert (comparison.category_totals(name) == plain.reshape(-1, width)).all()
    for a, b in (("a", "b"), ("b", "c"), ("c", "a")):
        counts = comparison.counts(a, b)
        category_a, category_b = counts.a.category, counts.b.category
        for docs_asked in (np.arange(corpus.n_docs), np.arange(0, corpus.n_docs, 3)):
            units = np.isin(doc_of_unit, docs_asked)
            cells = np.bincount(category_a[units] * width + category_b[units],
                                minlength=width * width)
            plain = {(names[c // width], names[c % width]): int(cells[c])
                     for c in np.flatnonzero(cells)}
            assert comparison._table(counts, docs_asked) == plain
        for d in range(corpus.n_docs):
            units = doc_of_unit == d
            cells = np.bincount(category_a[units] * width + category_b[units],
                                minlength=width * width)
            assert comparison._table(counts, d) == {
                (names[c // width], names[c % width]): int(cells[c])
                for c in np.flatnonzero(cells)}
        assert (counts.agreed == np.bincount(doc_of_unit, weights=category_a == category_b,
                                             minlength=corpus.n_docs)).all()


@pytest.mark.parametrize("seed", range(6))
def test_alpha_of_every_document_at_once_is_each_documents_alpha(seed: int) -> None:
    docs = _random_documents(seed)
    docs.append(DocumentAnnotations("nobody", 5, {}, regex_tokens("a b c")))
    docs.append(DocumentAnnotations("one label", 3, {"a": [Span(0, 3, "actor", "a")],
                                                     "b": [Span(0, 3, "actor", "b")]},
                                    regex_tokens("a b")))
    report = Comparison(Corpus.from_documents(docs, ["a", "b", "c"]), ["a", "b", "c"]).alpha()
    assert report.by_document is not None and len(report.by_document) == len(docs)
    seen = set()
    for doc, figure in zip(docs, report.by_document.tolist(), strict=True):
        alpha = report.documents.get(doc.doc_id)
        if alpha is None or alpha.alpha is None:
            assert np.isnan(figure)
        else:
            assert figure == alpha.alpha  # exactly: the same arithmetic
        seen.add("none" if alpha is None else "n/a" if alpha.alpha is None else "figure")
    assert seen == {"none", "n/a", "figure"}


@pytest.mark.parametrize("seed", range(8))
def test_relations_sorted_once_are_those_sorted_apart(seed: int) -> None:
    from annotator.core.agreement.relations import (
        RelationColumns,
        _distinct_and_shared,
        _same_rows,
        distinct,
    )

    rng = np.random.default_rng(seed)
    huge = seed % 2 == 1  # ends too far apart to pack the keys: eight columns sorted

    def relations(n: int) -> RelationColumns:
        place = rng.integers(0, 2**40 if huge else 6, (n, 4))
        return RelationColumns(rng.integers(0, 3, n), rng.integers(0, 2, n), place[:, 0],
                               place[:, 1], rng.integers(0, 2, n), place[:, 2], place[:, 3],
                               rng.integers(0, 2, n))

    a, b = relations(int(rng.integers(0, 60))), relations(int(rng.integers(0, 60)))
    if huge and len(a) and len(b):  # some shared rows even so
        b = RelationColumns(*(np.concatenate((x, y[: len(y) // 2]))
                              for x, y in zip(b.columns(), a.columns(), strict=True)))
    once_a, once_b, shared = _distinct_and_shared(a, b)
    apart_a, apart_b = distinct(a), distinct(b)
    for once, apart in ((once_a, apart_a), (once_b, apart_b)):
        assert all((x == y).all() for x, y in zip(once.columns(), apart.columns(), strict=True))
    assert shared.tolist() == sorted(_same_rows(apart_a, apart_b)[0].tolist())
