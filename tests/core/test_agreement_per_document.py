"""Per-document figures as columns agree with the per-document objects, document by document,
and a pair's documents add up to its overall figures."""

from __future__ import annotations

import math

from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core.agreement import Comparison, Corpus, DocumentAnnotations
from annotator.core.agreement.per_document import document_figures
from annotator.core.model import RelationBounds, Span, SpanBounds

LABELS = ("actor", "claim", "weapon")
TEXT = "Shoigu said the Tu-160 bombers , in Moscow , flew on ."


@st.composite
def spans(draw: st.DrawFn, who: str) -> list[Span]:
    found = []
    for _ in range(draw(st.integers(0, 6))):
        start = draw(st.integers(0, len(TEXT) - 1))
        end = draw(st.integers(start + 1, min(len(TEXT), start + 25)))
        found.append(Span(start, end, draw(st.sampled_from(LABELS)), who))
    return found


@st.composite
def relations(draw: st.DrawFn, ends: list[Span]) -> list[RelationBounds]:
    """Relations between an annotator's spans; few types and labels, so that the
    annotators' relations meet, exactly or by overlapping ends."""
    if not ends:
        return []
    bounds = [SpanBounds(s.start, s.end, s.label) for s in ends]
    return [RelationBounds(draw(st.sampled_from(bounds)), draw(st.sampled_from(bounds)),
                           draw(st.sampled_from(("speaker", "about"))))
            for _ in range(draw(st.integers(0, 5)))]


@st.composite
def documents(draw: st.DrawFn) -> list[DocumentAnnotations]:
    docs = []
    for i in range(draw(st.integers(1, 6))):
        touched = draw(st.sets(st.sampled_from(("a", "b", "c"))))
        found = {name: draw(spans(name)) for name in ("a", "b", "c")}
        docs.append(DocumentAnnotations.from_text(
            f"d{i}", TEXT, found, touched=touched,
            relations={name: draw(relations(found[name])) for name in ("a", "b")}))
    return docs


def same(column: float, figure: float | None) -> bool:
    return math.isnan(column) if figure is None else column == figure


@settings(max_examples=150, deadline=None)
@given(documents(), st.sampled_from(("either", "both")))
def test_columns_match_each_documents_figures(docs, inclusion) -> None:  # type: ignore[no-untyped-def]
    comparison = Comparison(Corpus.from_documents(docs, ("a", "b", "c")), ("a", "b", "c"))
    pair = comparison.pair("a", "b", inclusion)
    figures = document_figures(comparison, "a", "b", inclusion)
    assert len(figures) == pair.n_documents
    exact, partial, kappa = figures.f1(), figures.f1(partial=True), figures.kappa()
    rel_exact, rel_overlap = figures.relation_f1(), figures.relation_f1(overlap=True)
    for row, doc in enumerate(pair.documents):
        assert figures.doc_ids[row] == doc.doc_id
        e, p, k = doc.exact.overall, doc.partial.overall, doc.kappa.overall
        assert (figures.exact_tp[row], figures.n_a[row], figures.n_b[row]) == (e.tp, e.n_a, e.n_b)
        assert figures.partial_tp[row] == p.tp
        assert figures.units[row] == k.n_units
        assert same(exact[row], e.f1) and same(partial[row], p.f1)
        assert same(kappa[row], k.kappa), (kappa[row], k)
        assert doc.relations is not None
        r, o = doc.relations.exact.overall, doc.relations.overlap.overall
        assert (figures.relations_exact[row], figures.relations_overlap[row],
                figures.relations_a[row], figures.relations_b[row]) == (r.tp, o.tp, r.n_a, r.n_b)
        assert same(rel_exact[row], r.f1) and same(rel_overlap[row], o.f1)
    # The documents' relation counts add up to the pair's, exact and overlap alike.
    assert pair.relations is not None
    for column, overall in ((figures.relations_exact, pair.relations.exact.overall),
                            (figures.relations_overlap, pair.relations.overlap.overall)):
        assert (column.sum(), figures.relations_a.sum(), figures.relations_b.sum()) == (
            overall.tp, overall.n_a, overall.n_b)


def test_undefined_figures_are_nan() -> None:
    docs = [DocumentAnnotations.from_text("empty", TEXT, {}, touched={"a", "b"}),
            DocumentAnnotations.from_text("none", "", {}, touched={"a"})]
    comparison = Comparison(Corpus.from_documents(docs, ("a", "b")), ("a", "b"))
    figures = document_figures(comparison, "a", "b")
    assert list(figures.doc_ids) == ["empty", "none"]
    assert all(math.isnan(x) for x in [*figures.f1(), *figures.kappa()])


# Ends in TEXT; a relation's ends need not be among the spans compared.
Q = SpanBounds(0, 11, "actor")  # "Shoigu said"
SHORT_Q = SpanBounds(0, 6, "actor")  # "Shoigu"
L = SpanBounds(16, 22, "weapon")
C = SpanBounds(23, 30, "claim")
M = SpanBounds(36, 42, "actor")


def rel(head: SpanBounds, child: SpanBounds, kind: str = "speaker") -> RelationBounds:
    return RelationBounds(head, child, kind)


def test_relation_f1_per_document_by_hand() -> None:
    """Three documents: one where only the overlap figure matches B's shorter head, one
    with no match (and A's relation twice, counted once), one without relations."""
    docs = [
        DocumentAnnotations.from_text("overlap", TEXT, {}, touched={"a", "b"}, relations={
            "a": [rel(Q, L), rel(C, M, "about")],
            "b": [rel(SHORT_Q, L), rel(C, M, "about")]}),
        DocumentAnnotations.from_text("apart", TEXT, {}, touched={"a", "b"}, relations={
            "a": [rel(Q, L), rel(Q, L)],
            "b": [rel(Q, M), rel(C, M)]}),  # another child; a head of another label
        DocumentAnnotations.from_text("spans only", TEXT, {
            "a": [Span(0, 6, "actor", "a")], "b": [Span(0, 6, "actor", "b")]}),
    ]
    comparison = Comparison(Corpus.from_documents(docs, ("a", "b")), ("a", "b"))
    figures = document_figures(comparison, "a", "b")
    assert list(figures.doc_ids) == ["overlap", "apart", "spans only"]
    assert figures.relations_a.tolist() == [2, 1, 0]
    assert figures.relations_b.tolist() == [2, 2, 0]
    assert figures.relations_exact.tolist() == [1, 0, 0]
    assert figures.relations_overlap.tolist() == [2, 0, 0]
    exact, overlap = figures.relation_f1(), figures.relation_f1(overlap=True)
    assert exact[:2].tolist() == [0.5, 0.0] and overlap[:2].tolist() == [1.0, 0.0]
    assert math.isnan(exact[2]) and math.isnan(overlap[2])
    assert figures.f1()[2] == 1.0  # the document's spans still count
    # Summed: 1 of A's 3 and B's 4 exactly, 2 with overlapping ends; the pair says so too.
    pair = comparison.pair("a", "b")
    assert pair.relations is not None
    r, o = pair.relations.exact.overall, pair.relations.overlap.overall
    assert (r.tp, r.n_a, r.n_b, o.tp) == (1, 3, 4, 2)
    assert (r.f1, o.f1) == (2 / 7, 4 / 7)
