"""The relations of the document on screen: listed in reading order, following change
records (a retype or a new id in place, a span's new id taken along), and the relation
list's model kept consistent (pytest-qt's model tester)."""

from __future__ import annotations

from annotator.core.changes import SpanChange
from annotator.core.model import RelationRow, SpanRow
from annotator.ui.document_spans import DocumentSpans
from annotator.ui.relations.model import RelationTableModel

TEXT = "Lavrov said “we will continue” in Moscow, and Shoigu praised the Tu-160."


def at(sub: str, span_id: int, label: str) -> SpanRow:
    start = TEXT.index(sub)
    return SpanRow(start, start + len(sub), span_id, label, "alice")


def spans(qtmodeltester) -> tuple[DocumentSpans, RelationTableModel]:  # type: ignore[no-untyped-def]
    doc = DocumentSpans()
    model = RelationTableModel(doc)
    rows = [at("Lavrov", 1, "actor"), at("“we will continue”", 2, "quote"),
            at("Moscow", 3, "actor"), at("Shoigu praised the Tu-160", 4, "claim"),
            at("Shoigu", 5, "actor"), at("Tu-160", 6, "weapon")]
    doc.load_spans("doc", TEXT, rows, [
        RelationRow(10, 4, 6, "about"), RelationRow(11, 2, 1, "speaker"),
        RelationRow(12, 4, 5, "speaker", "rejected"), RelationRow(13, 4, 5, "about")])
    qtmodeltester.check(model)
    return doc, model


def listed(model: RelationTableModel) -> list[str]:
    return [f"{model.data(model.index(r, 0))}: {model.data(model.index(r, 1))}"
            for r in range(model.rowCount())]


def test_accepted_relations_are_listed_in_reading_order(qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    doc, model = spans(qtmodeltester)
    relations = doc.relations
    assert listed(model) == ["speaker: “we will continue” → Lavrov",
                             "about: Shoigu praised the Tu… → Shoigu",
                             "about: Shoigu praised the Tu… → Tu-160"]
    assert len(relations) == 3 and 12 in relations  # the rejected one is held, not listed
    assert relations.position(12) is None and relations.position(11) == 0
    assert [r.id for r in relations.of_span(4)] == [10, 13]
    assert [r.id for r in relations.of_span(4, accepted_only=False)] == [10, 12, 13]
    assert relations.find(4, 5, "speaker").status == "rejected"
    assert relations.has_span(1) and not relations.has_span(3)


def test_changes_in_place_and_moves(qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    doc, model = spans(qtmodeltester)
    relations = doc.relations
    inserted, removed, changed = [], [], []
    relations.inserted.connect(inserted.append)
    relations.removed.connect(removed.append)
    relations.rowChanged.connect(lambda at, looks_different: changed.append((at, looks_different)))
    repainted: list[int] = []
    model.dataChanged.connect(lambda first, _last: repainted.append(first.row()))
    # A retype keeps the row in place.
    doc.apply(SpanChange("doc", relations_removed=(RelationRow(10, 4, 6, "about"),),
                         relations_added=(RelationRow(10, 4, 6, "speaker"),)))
    assert changed == [(2, True)] and not inserted and not removed and repainted == [2]
    # A new relation under a temporary id, then stored under its real id: one insert,
    # then a change in place.
    doc.apply(SpanChange("doc", relations_added=(RelationRow(-1, 2, 3, "speaker"),)))
    assert inserted == [1]
    doc.apply(SpanChange("doc", relations_removed=(RelationRow(-1, 2, 3, "speaker"),),
                         relations_added=(RelationRow(40, 2, 3, "speaker"),)))
    assert relations.get(-1) is None and relations.get(40).child == 3
    assert changed == [(2, True), (1, False)] and inserted == [1] and not removed
    assert repainted == [2]  # it reads as before: no repaint
    # A span stored under its real id takes its relations along.
    moscow = doc.get(3)
    doc.apply(SpanChange("doc", (moscow,), (moscow._replace(id=33),)))
    assert relations.get(40).child == 33 and [r.id for r in relations.of_span(33)] == [40]
    assert not relations.of_span(3, accepted_only=False)
    # Deleting a span with its relations, and putting them back.
    gone = relations.of_span(4, accepted_only=False)
    doc.apply(SpanChange("doc", (doc.get(4),), (), tuple(gone)))
    assert len(relations) == 2 and removed == [3, 2]
    assert listed(model) == ["speaker: “we will continue” → Lavrov",
                             "speaker: “we will continue” → Moscow"]
    qtmodeltester.check(model)
    claim = at("Shoigu praised the Tu-160", 4, "claim")
    doc.apply(SpanChange("doc", (), (claim,), (), tuple(gone)))
    assert len(relations) == 4 and relations.find(4, 5, "speaker").status == "rejected"
    qtmodeltester.check(model)


def test_a_resized_end_takes_its_relations_to_their_place_in_reading_order(
        qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    doc, model = spans(qtmodeltester)
    relations = doc.relations
    quote = doc.get(2)
    later = at("praised the Tu-160", 2, "quote")  # the quote now starts after the claim
    doc.apply(SpanChange("doc", (quote,), (later,)))
    assert listed(model) == ["about: Shoigu praised the Tu… → Shoigu",
                             "about: Shoigu praised the Tu… → Tu-160",
                             "speaker: praised the Tu-160 → Lavrov"]
    assert relations.position(11) == 2
    qtmodeltester.check(model)
    # Only its end moving: the row stays where it is and reads anew.
    changed: list[int] = []
    relations.rowChanged.connect(lambda at, _looks: changed.append(at))
    doc.apply(SpanChange("doc", (later,), (at("praised the Tu", 2, "quote"),)))
    assert changed == [2] and relations.position(11) == 2
    assert listed(model)[2] == "speaker: praised the Tu → Lavrov"
