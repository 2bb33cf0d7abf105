"""The span table model."""

from __future__ import annotations

from annotator.core.model import DEFAULT_LABELS, Span
from annotator.ui.spans.model import SpanTableModel

TEXT = "The Tu-160 flew over Caracas, said the Russian Defence Ministry."


def spans() -> list[Span]:
    return [Span(0, len(TEXT), "claim", "alice", 1), Span(4, 10, "weapon", "alice", 2),
            Span(39, 63, "actor", "bob", 3)]


def test_model_checks(qtmodeltester) -> None:
    model = SpanTableModel()
    model.set_document(TEXT, spans(), list(DEFAULT_LABELS))
    qtmodeltester.check(model, force_py=True)
    model.add(Span(21, 28, "actor", "alice", 4))
    model.remove(2)
    model.replace(Span(21, 28, "weapon", "alice", 4))
    model.set_document(TEXT, [], list(DEFAULT_LABELS))
    qtmodeltester.check(model, force_py=True)


def test_rows_in_reading_order_outer_first() -> None:
    model = SpanTableModel()
    model.set_document(TEXT, spans(), list(DEFAULT_LABELS))
    model.add(Span(21, 28, "actor", "alice", 4))
    assert [model.span_at(r).id for r in range(model.rowCount())] == [1, 2, 4, 3]
    assert model.index(1, 1).data() == "Tu-160"
    assert model.index(3, 2).data() == "bob"
    assert model.row_of(4) == 2
