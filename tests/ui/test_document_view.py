"""The document view with real widgets: offsets across astral characters,
tints and pixels of overlapping spans, click cycling, resizing, tooltips."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QHelpEvent, QImage, QTextCursor
from PySide6.QtWidgets import QApplication, QToolTip
from ui_helpers import marks_worked_out

from annotator.core.changes import SpanChange
from annotator.core.model import DEFAULT_LABELS, Span
from annotator.ui.document_view import DocumentView
from annotator.ui.document_view import view as view_module

FAMILY = "👨‍👩‍👧"
TEXT = (f"Start 😀 one {FAMILY} two 🇫🇷 three e\u0301te four مرحبا بالعالم five.\n\n"
        "The minister said Russia will deliver Tu-160 bombers to Venezuela next year.\n")
SEED = Path("/work/shared/seed-articles/000_84c015ed375f4388.txt")


def u16(text: str, pos: int) -> int:
    """UTF-16 offset of code point ``pos``, computed independently of OffsetMap."""
    return len(text[:pos].encode("utf-16-le")) // 2


def span_of(text: str, phrase: str, label: str, span_id: int, annotator: str = "alice") -> Span:
    start = text.index(phrase)
    return Span(start, start + len(phrase), label, annotator, id=span_id)


@pytest.fixture
def view(qtbot) -> DocumentView:  # type: ignore[no-untyped-def]
    widget = DocumentView()
    qtbot.addWidget(widget)
    widget.resize(900, 500)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def settle(view: DocumentView) -> QImage:
    QApplication.processEvents()
    return view.text_widget().viewport().grab().toImage()


def char_point(view: DocumentView, pos: int) -> QPoint:
    """Viewport point in the middle of the glyph at code point ``pos``."""
    area = view.text_widget()
    cursor = QTextCursor(area.document())
    cursor.setPosition(u16(view.text(), pos))
    left = area.cursorRect(cursor)
    cursor.setPosition(u16(view.text(), pos + 1))
    right = area.cursorRect(cursor)
    return QPoint((left.left() + right.left()) // 2, left.center().y())


def block_tints(view: DocumentView, pos: int) -> list[tuple[int, int, QColor]]:
    """(start, end, colour) of the tints painted under the block holding ``pos``, as
    UTF-16 document positions."""
    block = view.text_widget().document().findBlock(u16(view.text(), pos))
    return [(block.position() + t.start, block.position() + t.end, t.colour)
            for t in view._marks_of(block).tints]


# -- offsets --------------------------------------------------------------------

@pytest.mark.parametrize("phrase", ["one", "two", "three", "four", "مرحبا", "five", FAMILY,
                                    "🇫🇷", "e\u0301te", "😀"])
def test_selected_range_is_in_code_points(view: DocumentView, phrase: str) -> None:
    view.set_document(TEXT, [], list(DEFAULT_LABELS))
    start = TEXT.index(phrase)
    cursor = view.text_widget().textCursor()
    cursor.setPosition(u16(TEXT, start))
    cursor.setPosition(u16(TEXT, start + len(phrase)), QTextCursor.MoveMode.KeepAnchor)
    view.text_widget().setTextCursor(cursor)
    assert view.selected_range() == (start, start + len(phrase))
    assert TEXT[slice(*view.selected_range())] == phrase


def test_keyboard_selection_takes_whole_graphemes(view: DocumentView, qtbot) -> None:  # type: ignore[no-untyped-def]
    view.set_document(TEXT, [], list(DEFAULT_LABELS))
    area = view.text_widget()
    for cluster in (FAMILY, "🇫🇷", "e\u0301"):
        start = TEXT.index(cluster)
        cursor = area.textCursor()
        cursor.setPosition(u16(TEXT, start))
        area.setTextCursor(cursor)
        qtbot.keyClick(area, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
        assert view.selected_range() == (start, start + len(cluster))
    view.clear_text_selection()
    assert view.selected_range() is None


@pytest.mark.parametrize("phrase", [FAMILY, "🇫🇷", "e\u0301te", "بالعالم", "five"])
def test_span_tints_exactly_its_characters(view: DocumentView, phrase: str) -> None:
    span = span_of(TEXT, phrase, "actor", 1)
    view.set_document(TEXT, [span], list(DEFAULT_LABELS))
    settle(view)
    ranges = block_tints(view, span.start)
    assert [(a, b) for a, b, _ in ranges] == [(u16(TEXT, span.start), u16(TEXT, span.end))]


def test_overlapping_spans_tint_merged_segments(view: DocumentView) -> None:
    text = TEXT
    claim = span_of(text, "Russia will deliver Tu-160 bombers", "claim", 1)
    weapon = span_of(text, "Tu-160", "weapon", 2)
    view.set_document(text, [claim, weapon], list(DEFAULT_LABELS))
    settle(view)
    ranges = block_tints(view, claim.start)
    cut = [(a, b) for a, b, _ in ranges]
    assert cut == [(u16(text, claim.start), u16(text, weapon.start)),
                   (u16(text, weapon.start), u16(text, weapon.end)),
                   (u16(text, weapon.end), u16(text, claim.end))]
    # The innermost span's tint is in the middle, the outer one's either side.
    assert ranges[0][2] == ranges[2][2] != ranges[1][2]


def test_add_replace_remove_update_tints(view: DocumentView) -> None:
    view.set_document(TEXT, [], list(DEFAULT_LABELS))
    settle(view)
    span = span_of(TEXT, "Venezuela", "actor", 7)
    view.add_span(span)
    settle(view)
    assert [(a, b) for a, b, _ in block_tints(view, span.start)] == [
        (u16(TEXT, span.start), u16(TEXT, span.end))]
    wider = Span(span.start - 3, span.end, "actor", "alice", id=7)
    view.replace_span(wider)
    settle(view)
    assert [(a, b) for a, b, _ in block_tints(view, span.start)] == [
        (u16(TEXT, wider.start), u16(TEXT, wider.end))]
    assert view.spans() == [wider]
    view.remove_span(7)
    settle(view)
    assert block_tints(view, span.start) == []
    assert view.spans() == []


# -- pixels -----------------------------------------------------------------------

def colours_in(image: QImage, left: int, top: int, right: int, bottom: int) -> set[int]:
    return {image.pixel(x, y) for x in range(max(left, 0), min(right, image.width()))
            for y in range(max(top, 0), min(bottom, image.height()))}


def test_both_overlapping_spans_are_painted(view: DocumentView) -> None:
    claim = span_of(TEXT, "Russia will deliver Tu-160 bombers", "claim", 1)
    weapon = span_of(TEXT, "Tu-160", "weapon", 2)
    view.set_document(TEXT, [claim, weapon], list(DEFAULT_LABELS))
    image = settle(view)
    colours = view._colours  # the palette-adjusted colours the view paints with
    a, b = char_point(view, weapon.start), char_point(view, weapon.end - 1)
    gap = int(view.text_widget().line_gap())
    line = view.text_widget().fontMetrics().height()
    # Over "Tu-160": the weapon tint; in the gap under it: the claim's bar.
    found = colours_in(image, a.x(), a.y() - line // 2, b.x(), a.y() + line // 2 + gap)
    assert colours.tint("weapon").rgb() in found
    assert colours.bar("claim").rgb() in found
    assert colours.tint("claim").rgb() not in found
    # Beside it, the claim tint shows.
    c = char_point(view, claim.start + 1)
    assert colours.tint("claim").rgb() in colours_in(image, *_around(c))


def test_colours_stay_legible_on_a_dark_palette(view: DocumentView) -> None:
    palette = view.palette()
    from PySide6.QtGui import QPalette
    palette.setColor(QPalette.ColorRole.Base, QColor("#1e1e1e"))
    palette.setColor(QPalette.ColorRole.Text, QColor("#e0e0e0"))
    view.text_widget().setPalette(palette)
    view.set_document(TEXT, [span_of(TEXT, "Russia", "actor", 1)], list(DEFAULT_LABELS))
    tint = view._colours.tint("actor")
    assert tint.lightnessF() < 0.4  # a dark tint: light text stays readable on it
    assert view._colours.bar("actor").lightnessF() > 0.5


# -- clicking, resizing, hovering ----------------------------------------------

def nested(view: DocumentView) -> tuple[Span, Span, Span]:
    quote = span_of(TEXT, "The minister said Russia will deliver Tu-160 bombers", "quote", 1)
    claim = span_of(TEXT, "Russia will deliver Tu-160 bombers", "claim", 2)
    actor = span_of(TEXT, "Russia", "actor", 3, annotator="bob")
    view.set_document(TEXT, [quote, claim, actor], list(DEFAULT_LABELS))
    settle(view)
    return quote, claim, actor


def test_selected_span_is_tinted_strong_where_innermost(view: DocumentView) -> None:
    _quote, claim, actor = nested(view)
    colours = view._colours
    tints_before = block_tints(view, claim.start)
    view.select_span(claim.id)
    image = settle(view)
    # Selecting lays a stronger tint over the others: the paragraph's stay as they were.
    assert block_tints(view, claim.start) == tints_before
    inside = char_point(view, TEXT.index("deliver") + 2)
    assert colours.tint("claim", True).rgb() in colours_in(image, *_around(inside))
    # "Russia" is nested in the claim: it keeps its own tint.
    russia = char_point(view, actor.start + 2)
    found = colours_in(image, *_around(russia))
    assert colours.tint("actor").rgb() in found
    assert colours.tint("claim", True).rgb() not in found
    # The quote around it keeps its plain tint.
    minister = char_point(view, TEXT.index("minister") + 2)
    assert colours.tint("quote").rgb() in colours_in(image, *_around(minister))
    # Relabelled, the tint follows; unselected, it goes.
    view.replace_span(dataclasses.replace(claim, label="weapon"))
    image = settle(view)
    assert colours.tint("weapon", True).rgb() in colours_in(image, *_around(inside))
    view.select_span(None)
    image = settle(view)
    assert colours.tint("weapon").rgb() in colours_in(image, *_around(inside))
    assert colours.tint("weapon", True).rgb() not in colours_in(image, *_around(inside))


def test_a_selected_span_stored_under_its_real_id_looks_the_same(view: DocumentView) -> None:
    """The outer span of a nest has a bar under its nested spans, drawn thicker while it
    is selected; being stored (a new id for the same span) changes nothing on screen."""
    claim = span_of(TEXT, "Russia will deliver Tu-160 bombers", "claim", 2)
    actor = span_of(TEXT, "Russia", "actor", 3, annotator="bob")
    quote = span_of(TEXT, "The minister said Russia will deliver Tu-160 bombers", "quote", 1)
    view.set_document(TEXT, [quote, claim, actor], list(DEFAULT_LABELS))
    view.select_span(quote.id)
    stored_look = settle(view)
    view.set_document(TEXT, [claim, actor], list(DEFAULT_LABELS))
    view.add_span(dataclasses.replace(quote, id=None))  # shown, not yet stored
    (shown,) = [s for s in view.spans() if s.label == "quote"]
    view.select_span(shown.id)
    assert settle(view) == stored_look
    row = view.source().get(shown.id)
    view.source().apply(SpanChange(view.source().uid or "", (row,), (row._replace(id=1),)))
    assert view.selected_span() == quote
    assert settle(view) == stored_look


def test_a_very_long_selected_span_is_tinted_wherever_the_view_scrolls(view: DocumentView
                                                                         ) -> None:
    text = "The minister said talks go on.\n\n" * 8000  # 256,000 characters
    view.set_document(text, [Span(0, len(text), "quote", "alice", id=1)], list(DEFAULT_LABELS))
    view.select_span(1)
    strong = view._colours.tint("quote", True).rgb()
    for pos in (100, len(text) // 2, len(text) - 100):
        view.set_position(pos)
        image = settle(view)
        at = text.index("talks", pos)
        assert strong in colours_in(image, *_around(char_point(view, at + 2))), pos


def shaped_blocks(view: DocumentView) -> list[int]:
    block, shaped = view.text_widget().document().firstBlock(), []
    while block.isValid():
        if block.layout().cacheEnabled():
            shaped.append(block.blockNumber())
        block = block.next()
    return shaped


def test_only_the_blocks_on_screen_stay_shaped(view: DocumentView) -> None:
    """Shaped glyphs are kept for the blocks on screen, between paints, and let go
    when they scroll away: memory follows the screen, and paints stay the same."""
    text = "".join(f"Paragraph {i}: the minister said talks go on.\n" for i in range(3000))
    view.set_document(text, [Span(0, 9, "actor", "alice", id=1)], list(DEFAULT_LABELS))
    first = settle(view)
    on_screen = [block.blockNumber() for block, _top in view._visible_blocks()]
    assert shaped_blocks(view) == on_screen and 0 in on_screen
    for pos in (len(text) // 2, len(text) - 10, 0):
        view.set_position(pos)
        image = settle(view)
        assert shaped_blocks(view) == [b.blockNumber() for b, _top in view._visible_blocks()]
    assert image == first  # released, shaped again: painted the same
    long_one = "word " * 5000  # one paragraph of 25,000 characters: shaped per paint
    view.set_document(long_one, [], list(DEFAULT_LABELS))
    settle(view)
    assert shaped_blocks(view) == []


def test_tints_kept_for_blocks_read_stay_bounded(view: DocumentView,
                                                 monkeypatch) -> None:
    """Tints and bars are kept for blocks scrolled past, up to a bound: reading a long
    article through keeps memory near what the screen needs, and paints the same."""
    monkeypatch.setattr(view_module, "MARKED_BLOCKS", 40)
    paragraphs = [f"Paragraph {i}: the minister said talks go on.\n" for i in range(3000)]
    text = "".join(paragraphs)
    starts = [0]
    for paragraph in paragraphs[:-1]:
        starts.append(starts[-1] + len(paragraph))
    spans = [Span(at, at + 9, "actor", "alice", id=i + 1) for i, at in enumerate(starts)]
    view.set_document(text, spans, list(DEFAULT_LABELS))
    first = settle(view)
    for step in range(1, 30):
        view.set_position(step * len(text) // 30)
        settle(view)
        assert len(view._marks) <= 40 + len(view._visible_blocks())
    view.set_position(0)
    assert settle(view) == first


def test_click_selects_innermost_then_cycles_outwards(view: DocumentView, qtbot) -> None:  # type: ignore[no-untyped-def]
    quote, claim, actor = nested(view)
    viewport = view.text_widget().viewport()
    point = char_point(view, actor.start + 2)
    seen = []
    for _ in range(4):
        with qtbot.waitSignal(view.spanSelected) as signal:
            qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=point)
        seen.append(signal.args[0].id)
    assert seen == [actor.id, claim.id, quote.id, actor.id]
    assert view.selected_span() == actor
    # Outside every span the selection clears.
    outside = char_point(view, TEXT.index("next year") + 1)
    with qtbot.waitSignal(view.spanSelected) as signal:
        qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=outside)
    assert signal.args[0] is None
    assert view.selected_span() is None


def test_spans_at_is_innermost_first(view: DocumentView) -> None:
    quote, claim, actor = nested(view)
    assert [s.id for s in view.spans_at(actor.start)] == [actor.id, claim.id, quote.id]
    assert [s.id for s in view.spans_at(quote.start)] == [quote.id]
    assert view.spans_at(TEXT.index("next")) == []


@pytest.mark.parametrize(("mods", "key", "expected"), [
    (Qt.KeyboardModifier.AltModifier, Qt.Key.Key_Right, lambda s: (s.start + 1, s.end)),
    (Qt.KeyboardModifier.AltModifier, Qt.Key.Key_Left, lambda s: (s.start - 1, s.end)),
    (Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.ShiftModifier, Qt.Key.Key_Right,
     lambda s: (s.start, s.end + 1)),
    (Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.ShiftModifier, Qt.Key.Key_Left,
     lambda s: (s.start, s.end - 1)),
])
def test_alt_arrows_request_a_resize(view: DocumentView, qtbot, mods, key, expected) -> None:  # type: ignore[no-untyped-def]
    _quote, claim, _actor = nested(view)
    view.select_span(claim.id)
    with qtbot.waitSignal(view.spanResizeRequested) as signal:
        qtbot.keyClick(view.text_widget(), key, mods)
    assert signal.args == [claim.id, *expected(claim)]


def test_alt_arrows_step_over_a_whole_emoji_and_never_empty_a_span(view: DocumentView,
                                                                   qtbot) -> None:  # type: ignore[no-untyped-def]
    family = span_of(TEXT, f"{FAMILY} two", "actor", 1)
    one = span_of(TEXT, "o", "weapon", 2)
    view.set_document(TEXT, [family, one], list(DEFAULT_LABELS))
    view.select_span(family.id)
    with qtbot.waitSignal(view.spanResizeRequested) as signal:
        qtbot.keyClick(view.text_widget(), Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert signal.args == [1, family.start + len(FAMILY), family.end]
    view.select_span(one.id)
    with qtbot.assertNotEmitted(view.spanResizeRequested):
        qtbot.keyClick(view.text_widget(), Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
        qtbot.keyClick(view.text_widget(), Qt.Key.Key_Left,
                       Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.ShiftModifier)


def test_dragging_an_edge_requests_a_resize(view: DocumentView, qtbot) -> None:  # type: ignore[no-untyped-def]
    _quote, claim, _actor = nested(view)
    view.select_span(claim.id)
    settle(view)
    area = view.text_widget()
    cursor = QTextCursor(area.document())
    cursor.setPosition(u16(TEXT, claim.end))
    edge = area.cursorRect(cursor).center()
    target_pos = claim.end + len(" to Venezuela")
    cursor.setPosition(u16(TEXT, target_pos))
    target = area.cursorRect(cursor).center()
    viewport = area.viewport()
    with qtbot.waitSignal(view.spanResizeRequested) as signal:
        qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=edge)
        qtbot.mouseMove(viewport, target)
        qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=target)
    assert signal.args == [claim.id, claim.start, target_pos]
    assert view.selected_range() is None  # no text selection was made on the way


def test_drag_elsewhere_still_selects_text(view: DocumentView, qtbot) -> None:  # type: ignore[no-untyped-def]
    nested(view)
    area = view.text_widget()
    start = TEXT.index("bombers")
    cursor = QTextCursor(area.document())
    cursor.setPosition(u16(TEXT, start))
    begin = area.cursorRect(cursor).center()
    cursor.setPosition(u16(TEXT, start + len("bombers")))
    finish = area.cursorRect(cursor).center()
    qtbot.mousePress(area.viewport(), Qt.MouseButton.LeftButton, pos=begin)
    qtbot.mouseMove(area.viewport(), finish)
    qtbot.mouseRelease(area.viewport(), Qt.MouseButton.LeftButton, pos=finish)
    assert view.selected_range() == (start, start + len("bombers"))


def test_tooltip_names_every_label_here(view: DocumentView) -> None:
    _quote, _claim, actor = nested(view)
    viewport = view.text_widget().viewport()
    point = char_point(view, actor.start + 1)
    event = QHelpEvent(QEvent.Type.ToolTip, point, viewport.mapToGlobal(point))
    QApplication.sendEvent(viewport, event)
    assert QToolTip.text().splitlines() == [
        "actor: “Russia” (bob)", "claim: “Russia will deliver Tu-160 bombers” (alice)",
        "quote: “The minister said Russia will deliver Tu-160 bombers” (alice)"]
    QToolTip.hideText()


# -- scrolling and zoom --------------------------------------------------------------

def test_position_round_trips_and_select_span_scrolls(view: DocumentView) -> None:
    paragraphs = [f"Paragraph {i} 😀 says the minister, at some length, again." for i in range(400)]
    text = "\n\n".join(paragraphs)
    far = span_of(text, "Paragraph 350 😀 says", "claim", 1)
    view.set_document(text, [far], list(DEFAULT_LABELS))
    settle(view)
    assert view.position() == 0
    target = text.index("Paragraph 200")
    view.set_position(target)
    settle(view)
    assert view.position() == target
    view.select_span(far.id)
    settle(view)
    assert view.position() <= far.start
    visible = view.text_widget().cursorForPosition(QPoint(10, 10)).position()
    assert visible > u16(text, text.index("Paragraph 300"))
    assert view.selected_span() == far


def test_zoom_changes_font_and_keeps_position(view: DocumentView) -> None:
    text = "\n\n".join(f"Paragraph {i} of the article." for i in range(300))
    view.set_document(text, [], list(DEFAULT_LABELS))
    view.set_position(text.index("Paragraph 100"))
    size = view.text_widget().font().pointSizeF()
    view.zoom_in()
    assert view.zoom_level() == 1
    assert view.text_widget().font().pointSizeF() > size
    assert view.position() == text.index("Paragraph 100")
    view.zoom_out()
    view.zoom_out()
    assert view.zoom_level() == -1


def test_seed_article_renders(view: DocumentView, tmp_path: Path) -> None:
    if not SEED.exists():
        pytest.skip("seed articles not available")
    text = SEED.read_text(encoding="utf-8")
    claim = span_of(text, "Russian Defense Minister Sergey Shoigu confirmed today", "claim", 1)
    actor = span_of(text, "Russian Defense Minister Sergey Shoigu", "actor", 2)
    view.set_document(text, [claim, actor], list(DEFAULT_LABELS))
    view.select_span(claim.id)
    image = settle(view)
    assert image.save(str(tmp_path / "view.png"))
    assert view._colours.tint("actor").rgb() in colours_in(
        image, *_around(char_point(view, actor.start + 3)))


def _around(point: QPoint) -> tuple[int, int, int, int]:
    return point.x() - 2, point.y() - 2, point.x() + 2, point.y() + 2


def test_unstored_spans_get_temporary_ids(view: DocumentView) -> None:
    view.set_document(TEXT, [Span(0, 5, "actor")], list(DEFAULT_LABELS))
    (span,) = view.spans()
    assert span.id is not None and span.id < 0
    assert [s.to_span() for s in view.spans_at(0)] == [span]


def test_point_in_margin_is_not_a_character(view: DocumentView) -> None:
    from annotator.ui.document_view.geometry import char_at
    view.set_document("short line", [], list(DEFAULT_LABELS))
    settle(view)
    assert char_at(view.text_widget(), QPointF(800, 5)) is None


def test_a_block_back_to_its_spans_takes_its_marks_again_under_the_new_ids(
        view: DocumentView, monkeypatch) -> None:
    """Marks put aside when a span went are taken again when it comes back under
    another id: its tints and bars carry the new id (the selected span's are drawn
    stronger by it), as working them out again would."""
    quote, claim, _actor = nested(view)
    block = view.text_widget().document().findBlock(u16(TEXT, claim.start))
    before = view._marks_of(block)
    assert before.bars  # the quote's, under the claim nested in it
    view.remove_span(quote.id)
    settle(view)
    worked_out = marks_worked_out(monkeypatch)
    view.add_span(dataclasses.replace(quote, id=None))  # back, under a temporary id
    view.select_span(next(s.id for s in view.spans() if s.key == quote.key))
    image = settle(view)
    assert worked_out == []
    again = view._marks_of(block)
    (back,) = [s for s in view.spans() if s.key == quote.key]
    assert back.id != quote.id
    barred = {span_id for _rect, _colour, span_id in again.bars}
    assert back.id in barred and quote.id not in barred
    assert quote.id not in {t.span for t in again.tints}
    view._marks.clear()
    assert again == view._marks_of(block)
    assert settle(view) == image


def test_marks_put_aside_stay_within_their_budget(view: DocumentView, monkeypatch) -> None:
    """A block whose marks are more than the budget allows is worked out again rather
    than kept aside: a one-paragraph article's would be megabytes each."""
    from annotator.ui.document_view import marks_cache

    quote, _claim, _actor = nested(view)
    block = view.text_widget().document().findBlock(u16(TEXT, quote.start))
    marks = view._marks_of(block)
    monkeypatch.setattr(marks_cache, "ASIDE_BUDGET", len(marks.tints) + len(marks.bars) - 1)
    view.remove_span(quote.id)
    settle(view)
    worked_out = marks_worked_out(monkeypatch)
    view.add_span(dataclasses.replace(quote, id=None))
    settle(view)
    assert worked_out == [block.blockNumber()]
    assert view._marks._aside_weight <= marks_cache.ASIDE_BUDGET
