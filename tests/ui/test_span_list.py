"""The span table model: a lazy view of the document's span collection."""

from __future__ import annotations

from annotator.core.changes import SpanChange
from annotator.core.model import DEFAULT_LABELS, Span, SpanRow
from annotator.ui.document_spans import DocumentSpans
from annotator.ui.spans.model import SpanTableModel

TEXT = "The Tu-160 flew over Caracas, said the Russian Defence Ministry."


def spans() -> list[Span]:
    return [Span(0, len(TEXT), "claim", "alice", 1), Span(4, 10, "weapon", "alice", 2),
            Span(39, 63, "actor", "bob", 3)]


def loaded() -> tuple[DocumentSpans, SpanTableModel]:
    collection = DocumentSpans()
    model = SpanTableModel(collection)
    model.set_labels(list(DEFAULT_LABELS))
    collection.load_spans("doc", TEXT, spans())
    return collection, model


def row(span: Span) -> SpanRow:
    return SpanRow.of(span)


def test_model_checks(qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    collection, model = loaded()
    qtmodeltester.check(model, force_py=True)
    collection.apply(SpanChange("doc", (), (row(Span(21, 28, "actor", "alice", 4)),)))
    collection.apply(SpanChange("doc", (collection.get(2),)))  # type: ignore[arg-type]
    collection.apply(SpanChange("doc", (collection.get(4),),  # type: ignore[arg-type]
                                (row(Span(21, 28, "weapon", "alice", 4)),)))
    collection.load_spans("doc", TEXT, [])
    qtmodeltester.check(model, force_py=True)


def test_rows_in_reading_order_outer_first() -> None:
    collection, model = loaded()
    collection.apply(SpanChange("doc", (), (row(Span(21, 28, "actor", "alice", 4)),)))
    assert [model.span_at(r).id for r in range(model.rowCount())] == [1, 2, 4, 3]
    assert model.index(1, 1).data() == "Tu-160"
    assert model.index(3, 2).data() == "bob"
    assert model.row_of(4) == 2


def test_a_change_to_another_document_is_ignored() -> None:
    collection, model = loaded()
    assert collection.apply(SpanChange("other", (), (row(Span(21, 28, "actor", "al", 4)),))) \
        is None
    assert model.rowCount() == 3 and collection.count("alice") == 2
