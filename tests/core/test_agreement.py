"""Agreement metrics on small cases worked out by hand."""

from __future__ import annotations

import pytest

from annotator.core.agreement import (
    OUTSIDE,
    DocumentAnnotations,
    Kappa,
    cohen_kappa,
    compare_document,
    compare_pair,
    krippendorff_alpha,
    krippendorff_nominal,
    pairwise,
    regex_tokens,
    span_f1,
)
from annotator.core.errors import InvalidSpan
from annotator.core.model import Span

# Four tokens of length 3, one space apart: units 0..3.
FOUR = [(0, 3), (4, 7), (8, 11), (12, 15)]


def doc(spans: dict[str, list[Span]], *, doc_id: str = "d", tokens=FOUR,
        touched: set[str] | None = None, length: int = 15) -> DocumentAnnotations:
    return DocumentAnnotations(doc_id, length, spans, tokens=tokens, touched=touched)


def test_full_agreement() -> None:
    spans = [Span(0, 7, "actor"), Span(8, 11, "weapon")]
    pair = compare_document(doc({"a": spans, "b": spans}), "a", "b")
    for result in (pair.exact, pair.partial):
        assert (result.overall.tp, result.overall.fp, result.overall.fn) == (2, 0, 0)
        assert result.overall.f1 == result.overall.precision == result.overall.recall == 1.0
    kappa = pair.kappa.overall
    assert (kappa.kappa, kappa.observed, kappa.n_units) == (1.0, 1.0, 4)
    # categories actor actor weapon O for both: expected (2*2 + 1*1 + 1*1) / 16
    assert kappa.expected == pytest.approx(6 / 16)
    assert pair.kappa.per_label["actor"].kappa == 1.0
    assert krippendorff_alpha([doc({"a": spans, "b": spans})]).overall.alpha == 1.0


def test_full_disagreement() -> None:
    pair = compare_document(doc({"a": [Span(0, 7, "actor")], "b": [Span(8, 15, "weapon")]}),
                            "a", "b")
    assert pair.exact.overall.f1 == 0.0
    assert pair.partial.overall.f1 == 0.0
    assert (pair.exact.overall.tp, pair.exact.overall.fp, pair.exact.overall.fn) == (0, 1, 1)
    kappa = pair.kappa.overall
    # A: actor actor O O; B: O O weapon weapon. p_o = 0, p_e = (2*2)/16 for "O".
    assert kappa.observed == 0.0
    assert kappa.expected == pytest.approx(0.25)
    assert kappa.kappa == pytest.approx(-1 / 3)
    assert dict(kappa.table) == {("actor", OUTSIDE): 2, (OUTSIDE, "weapon"): 2}
    alpha = krippendorff_alpha([doc({"a": [Span(0, 7, "actor")], "b": [Span(8, 15, "weapon")]})])
    # 8 values: actor 2, O 4, weapon 2; no agreeing pair. A_e = (2 + 12 + 2) / 56.
    assert alpha.overall.observed == 0.0
    assert alpha.overall.expected == pytest.approx(16 / 56)
    assert alpha.overall.alpha == pytest.approx(1 - 1 / (1 - 16 / 56))


def test_nested_spans_innermost_and_per_label() -> None:
    text = "Putin said Tu-160 flew"
    tokens = regex_tokens(text)  # Putin said Tu - 160 flew
    assert len(tokens) == 6
    quote = Span(0, 22, "quote")
    a = [quote, Span(0, 5, "actor")]
    b = [quote, Span(0, 5, "actor"), Span(11, 17, "weapon")]
    pair = compare_document(DocumentAnnotations.from_text("n", text, {"a": a, "b": b}), "a", "b")
    # A is the reference: B's extra weapon is a false positive.
    assert (pair.exact.overall.tp, pair.exact.overall.fp, pair.exact.overall.fn) == (2, 1, 0)
    assert pair.exact.per_label["weapon"].precision == 0.0
    assert pair.exact.per_label["weapon"].recall is None
    # innermost: A actor quote quote quote quote quote; B actor quote weapon*3 quote
    table = pair.kappa.overall.table
    assert table[("actor", "actor")] == 1
    assert table[("quote", "quote")] == 2
    assert table[("quote", "weapon")] == 3
    # per label, nesting does not hide the outer label: quote agrees on all 6 tokens
    quote_kappa = pair.kappa.per_label["quote"]
    assert quote_kappa.observed == 1.0
    assert quote_kappa.kappa is None  # every token is "quote" for both: undefined
    assert "expected agreement is 1" in quote_kappa.reason
    weapon = pair.kappa.per_label["weapon"]
    assert weapon.table[("weapon", "weapon")] == 0
    assert weapon.table[(OUTSIDE, "weapon")] == 3
    assert weapon.kappa == 0.0  # A never says weapon: p_o = p_e = 3/6


def test_partial_overlap_credit_is_jaccard() -> None:
    a, b = [Span(0, 10, "actor")], [Span(2, 10, "actor")]
    exact, partial = span_f1(a, b, "exact"), span_f1(a, b, "partial")
    assert exact.overall.f1 == 0.0
    assert partial.overall.tp == pytest.approx(0.8)
    assert partial.overall.fp == pytest.approx(0.2)
    assert partial.overall.f1 == pytest.approx(0.8)


def test_partial_overlap_needs_same_label() -> None:
    assert span_f1([Span(0, 10, "actor")], [Span(0, 10, "weapon")], "partial").overall.f1 == 0


def test_partial_matching_is_one_to_one_and_greedy() -> None:
    # B's (0, 8) overlaps both of A's spans; it goes to the better one, (0, 10).
    a = [Span(0, 10, "claim"), Span(4, 12, "claim")]
    b = [Span(0, 8, "claim")]
    partial = span_f1(a, b, "partial").overall
    assert partial.tp == pytest.approx(0.8)
    assert (partial.n_a, partial.n_b) == (2, 1)


def test_exact_match_beats_near_miss() -> None:
    a = [Span(0, 10, "claim"), Span(2, 10, "claim")]
    # B has the second span exactly; it is matched first, though (0, 10) and (0, 9)
    # would make a higher-overlap pair than (2, 10) and (0, 9).
    b = [Span(2, 10, "claim"), Span(0, 9, "claim")]
    partial = span_f1(a, b, "partial").overall
    assert partial.tp == pytest.approx(1 + 0.9)
    near = span_f1([Span(0, 10, "claim")], [Span(0, 9, "claim")], "partial").overall.f1
    same = span_f1([Span(0, 10, "claim")], [Span(0, 10, "claim")], "partial").overall.f1
    assert same == 1.0 > near


def test_duplicates_count_once() -> None:
    a = [Span(0, 3, "actor"), Span(0, 3, "actor", "someone else")]
    assert span_f1(a, [Span(0, 3, "actor")]).overall.n_a == 1


def test_empty_document_both_touched() -> None:
    empty = doc({"a": [], "b": []}, touched={"a", "b"})
    pair = compare_document(empty, "a", "b")
    assert pair.exact.overall.f1 is None
    assert "neither annotator has a span" in pair.exact.overall.reason
    assert pair.kappa.overall.kappa is None
    assert pair.kappa.overall.observed == 1.0
    assert "expected agreement is 1" in pair.kappa.overall.reason
    alpha = krippendorff_alpha([empty], ["a", "b"]).overall
    assert alpha.alpha is None
    assert "every value is 'O'" in alpha.reason
    assert alpha.n_values == 8


def test_untouched_document_is_excluded_not_agreement() -> None:
    worked = doc({"a": [Span(0, 3, "actor")], "b": [Span(0, 3, "actor"), Span(8, 11, "weapon")]},
                 doc_id="worked")
    untouched = doc({}, doc_id="untouched")
    alone = compare_pair([worked], "a", "b")
    both = compare_pair([worked, untouched], "a", "b")
    assert both.excluded == ("untouched",)
    assert both.n_documents == 1
    assert both.kappa.overall.n_units == alone.kappa.overall.n_units == 4
    assert both.kappa.overall.kappa == alone.kappa.overall.kappa
    assert both.exact.overall == alone.exact.overall
    alpha = krippendorff_alpha([worked, untouched])
    assert alpha.excluded == ("untouched",)
    assert alpha.overall.n_units == 4


def test_document_done_with_no_spans_counts() -> None:
    # A marked the document done and found nothing; B labelled a span: disagreement.
    done = doc({"b": [Span(0, 3, "actor")]}, touched={"a"})
    pair = compare_pair([done], "a", "b")
    assert pair.excluded == ()
    assert (pair.exact.overall.tp, pair.exact.overall.fp) == (0, 1)
    assert pair.exact.overall.f1 == 0.0
    assert pair.kappa.overall.table[(OUTSIDE, "actor")] == 1
    assert krippendorff_alpha([done]).overall.n_units == 4


def test_one_annotator_only_is_missing_data_for_alpha() -> None:
    # Each labelled a different document the other never opened: alpha has no
    # pairable unit and must not report agreement (INCEpTION reported 1.0 here).
    first = doc({"a": [Span(0, 7, "actor")]}, doc_id="first")
    second = doc({"b": [Span(8, 15, "actor")]}, doc_id="second")
    alpha = krippendorff_alpha([first, second])
    assert alpha.overall.alpha is None
    assert alpha.overall.n_units == 0
    assert alpha.unpairable == ("first", "second")
    assert "two or more annotators" in alpha.overall.reason
    # A pair comparison counts each document against "found nothing" by default...
    pair = compare_pair([first, second], "a", "b")
    assert pair.exact.overall.f1 == 0.0
    assert pair.kappa.overall.kappa is not None
    assert pair.kappa.overall.kappa < 0
    # ...or only documents both touched.
    strict = compare_pair([first, second], "a", "b", inclusion="both")
    assert strict.excluded == ("first", "second")
    assert strict.exact.overall.f1 is None
    assert strict.kappa.overall.kappa is None
    assert strict.kappa.overall.reason == "no units to compare"


def test_corpus_pools_counts_not_figures() -> None:
    same = doc({"a": [Span(0, 3, "actor")], "b": [Span(0, 3, "actor")]}, doc_id="same")
    differ = doc({"a": [Span(0, 3, "actor")], "b": [Span(4, 7, "actor")]}, doc_id="differ")
    pair = compare_pair([same, differ], "a", "b")
    assert (pair.exact.overall.tp, pair.exact.overall.fp, pair.exact.overall.fn) == (1, 1, 1)
    assert pair.exact.overall.f1 == 0.5
    # per label, the pooled table covers all 8 units
    assert pair.kappa.per_label["actor"].n_units == 8
    assert [d.doc_id for d in pair.documents] == ["same", "differ"]
    assert pair.documents[0].exact.overall.f1 == 1.0


def test_per_label_table_counts_documents_without_the_label() -> None:
    weapon = doc({"a": [Span(0, 3, "weapon")], "b": [Span(0, 3, "weapon")]}, doc_id="w")
    actor = doc({"a": [Span(0, 3, "actor")], "b": [Span(4, 7, "actor")]}, doc_id="a")
    pair = compare_pair([weapon, actor], "a", "b")
    # weapon: 1 unit agreed present, 7 agreed absent (4 of them in the actor document)
    assert pair.kappa.per_label["weapon"].table[(OUTSIDE, OUTSIDE)] == 7
    assert pair.kappa.per_label["weapon"].kappa == 1.0


def test_pairwise_matrix_of_three() -> None:
    spans = [Span(0, 3, "actor")]
    docs = [doc({"a": spans, "b": spans, "c": [Span(4, 7, "actor")]})]
    matrix = pairwise(docs)
    assert matrix.annotators == ("a", "b", "c")
    assert set(matrix.pairs) == {("a", "b"), ("a", "c"), ("b", "c")}
    assert matrix.f1("a", "b") == matrix.f1("b", "a") == 1.0
    assert matrix.f1("c", "a") == 0.0
    assert matrix.kappa("a", "b") == 1.0
    assert matrix.kappa("a", "c") == matrix.kappa("c", "b")
    assert matrix.f1("a", "a") is None
    assert matrix.get("c", "a").annotator_a == "a"


def test_alpha_three_annotators_with_missing() -> None:
    spans = [Span(0, 3, "actor")]
    first = doc({"a": spans, "b": spans, "c": spans}, doc_id="one")
    second = doc({"a": spans, "b": [Span(4, 7, "actor")]}, doc_id="two")  # c never opened it
    alpha = krippendorff_alpha([first, second])
    assert alpha.overall.n_units == 8
    assert alpha.overall.n_values == 12 + 8
    assert alpha.documents["one"].alpha == 1.0
    assert alpha.documents["two"].alpha < 0
    assert alpha.per_label["actor"].alpha == alpha.overall.alpha  # one label: same categories


def test_units_fall_back_to_regex_tokens_then_code_points() -> None:
    assert regex_tokens("Tu-160s, he said.") == [(0, 2), (2, 3), (3, 7), (7, 8), (9, 11),
                                                 (12, 16), (16, 17)]
    with_text = DocumentAnnotations.from_text("t", "ab cd", {"a": [Span(0, 1, "x")]})
    assert with_text.n_units == 2
    assert with_text.unit_range(0, 1) == (0, 1)  # a span cutting a token still covers it
    bare = DocumentAnnotations("b", 5, {"a": [Span(0, 1, "x")]})
    assert bare.n_units == 5
    assert compare_document(bare, "a", "b").kappa.overall.table[("x", OUTSIDE)] == 1


def test_span_between_tokens_covers_no_unit() -> None:
    pair = compare_document(doc({"a": [Span(3, 4, "x")], "b": []}), "a", "b")
    assert pair.exact.overall.n_a == 1
    assert pair.kappa.overall.table == {(OUTSIDE, OUTSIDE): 4}


def test_invalid_spans_are_refused() -> None:
    with pytest.raises(InvalidSpan, match="outside"):
        doc({"a": [Span(10, 20, "x")]})
    with pytest.raises(InvalidSpan):
        doc({"a": [Span(3, 3, "x")]})
    with pytest.raises(ValueError, match="length"):
        DocumentAnnotations("t", 9, {}, text="abc")


def test_kappa_and_alpha_from_counts() -> None:
    assert cohen_kappa({}).kappa is None
    assert Kappa({("x", "x"): 3, ("y", "y"): 1}).kappa == 1.0
    assert krippendorff_nominal({}).reason == "no unit has values from two or more annotators"
    # a unit with one value is not pairable; None marks a missing value
    alpha = krippendorff_nominal({("x",): 5, ("x", None, "y"): 1, ("x", "x"): 1})
    assert (alpha.n_units, alpha.n_values) == (2, 4)
