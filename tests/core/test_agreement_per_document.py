"""Per-document figures as columns agree with the per-document objects, document by document."""

from __future__ import annotations

import math

from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core.agreement import Comparison, Corpus, DocumentAnnotations
from annotator.core.agreement.per_document import document_figures
from annotator.core.model import Span

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
def documents(draw: st.DrawFn) -> list[DocumentAnnotations]:
    docs = []
    for i in range(draw(st.integers(1, 6))):
        touched = draw(st.sets(st.sampled_from(("a", "b", "c"))))
        docs.append(DocumentAnnotations.from_text(
            f"d{i}", TEXT, {name: draw(spans(name)) for name in ("a", "b", "c")},
            touched=touched))
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
    for row, doc in enumerate(pair.documents):
        assert figures.doc_ids[row] == doc.doc_id
        e, p, k = doc.exact.overall, doc.partial.overall, doc.kappa.overall
        assert (figures.exact_tp[row], figures.n_a[row], figures.n_b[row]) == (e.tp, e.n_a, e.n_b)
        assert figures.partial_tp[row] == p.tp
        assert figures.units[row] == k.n_units
        assert same(exact[row], e.f1) and same(partial[row], p.f1)
        assert same(kappa[row], k.kappa), (kappa[row], k)


def test_undefined_figures_are_nan() -> None:
    docs = [DocumentAnnotations.from_text("empty", TEXT, {}, touched={"a", "b"}),
            DocumentAnnotations.from_text("none", "", {}, touched={"a"})]
    comparison = Comparison(Corpus.from_documents(docs, ("a", "b")), ("a", "b"))
    figures = document_figures(comparison, "a", "b")
    assert list(figures.doc_ids) == ["empty", "none"]
    assert all(math.isnan(x) for x in [*figures.f1(), *figures.kappa()])
