"""The span index and nesting geometry behind the document view (pure Python)."""

from __future__ import annotations

from itertools import pairwise

from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core.model import Span, SpanRow
from annotator.core.overlap import LONG_SPAN, SpanIndex, lanes, nesting_key, segments

LENGTH = 3 * LONG_SPAN


@st.composite
def span_lists(draw: st.DrawFn) -> list[Span]:
    count = draw(st.integers(0, 40))
    spans = []
    for i in range(count):
        start = draw(st.integers(0, LENGTH - 1))
        length = draw(st.one_of(st.integers(1, 50), st.integers(LONG_SPAN, 2 * LONG_SPAN)))
        spans.append(Span(start, min(start + length, LENGTH), draw(st.sampled_from("abc")),
                          id=i + 1))
    return spans


def brute(spans: list[Span], start: int, end: int) -> set[int | None]:
    end = max(end, start + 1)
    return {s.id for s in spans if s.start < end and s.end > start}


@settings(max_examples=200, deadline=None)
@given(span_lists(), st.integers(0, LENGTH), st.integers(0, 200), st.data())
def test_index_matches_brute_force_through_edits(spans, start, width, data) -> None:  # type: ignore[no-untyped-def]
    index = SpanIndex(spans[: len(spans) // 2])
    for span in spans[len(spans) // 2:]:
        index.add(span)
    kept = list(spans)
    for span in data.draw(st.lists(st.sampled_from(spans), unique_by=lambda s: s.id)
                          if spans else st.just([])):
        assert index.remove(span.id) == SpanRow.of(span)
        kept.remove(span)
    found = {s.id for s in index.overlapping(start, start + width)}
    assert found == brute(kept, start, start + width)
    assert [s.id for s in index.at(start)] == [
        s.id for s in sorted((s for s in kept if s.start <= start < s.end), key=nesting_key)]


@given(span_lists())
def test_segments_tile_the_covered_text_innermost_first(spans) -> None:  # type: ignore[no-untyped-def]
    pieces = segments(spans, 0, LENGTH)
    for (_a, b, _s), (c, _d, _t) in pairwise(pieces):
        assert b <= c
    for a, b, stack in pieces:
        assert a < b
        assert {s.id for s in stack} == {s.id for s in spans if s.start <= a and s.end >= b}
        assert list(stack) == sorted(stack, key=nesting_key)
    covered = {p for a, b, _ in pieces for p in range(a, b)}
    assert covered == {p for s in spans for p in range(s.start, s.end)}


@given(span_lists(), st.integers(0, LENGTH), st.integers(1, 400))
def test_segments_of_a_window_are_its_points_grouped(spans, start, width) -> None:  # type: ignore[no-untyped-def]
    """Against a count point by point: each point's covering spans, innermost first,
    and a new piece wherever a span begins or ends inside the window."""
    end = min(start + width, LENGTH)
    if end <= start:
        return
    stacks = {p: tuple(sorted((s for s in spans if s.start <= p < s.end), key=nesting_key))
              for p in range(start, end)}
    cuts = {start, end} | {min(max(x, start), end) for s in spans for x in (s.start, s.end)}
    expected = [(a, b, stacks[a]) for a, b in pairwise(sorted(cuts)) if stacks[a]]
    assert segments(spans, start, end) == expected


@given(span_lists())
def test_overlapping_spans_never_share_a_lane(spans) -> None:  # type: ignore[no-untyped-def]
    rows = lanes(spans)
    for x in spans:
        for y in spans:
            if x.id != y.id and x.overlaps(y):
                assert rows[x.id] != rows[y.id]


def test_replacing_a_span_moves_it() -> None:
    index = SpanIndex([Span(0, 5, "a", id=1)])
    index.add(Span(10, 15, "a", id=1))
    assert index.overlapping(0, 5) == []
    assert [s.start for s in index.overlapping(10, 11)] == [10]
    assert len(index) == 1


@given(span_lists())
def test_rows_stay_in_reading_order_through_edits(spans) -> None:  # type: ignore[no-untyped-def]
    index = SpanIndex()
    for span in spans:
        at = index.add(span)
        assert index.row(at).id == span.id and index.position(span.id) == at
    order = [(s.start, -s.end) for s in index]
    assert order == sorted(order)
    assert {s.id for s in index} == {s.id for s in spans}
