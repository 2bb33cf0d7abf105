"""DocumentView: one article, its spans and relations, and the selection, in code points.

The view follows a DocumentSpans collection: when it is loaded the view shows the
new text, and when a change is applied the view works out again the tints and bars
(overlay.py) of the blocks under the spans that came and went, and only those.
Relations are drawn by the relation layer (relation_layer.py) for the visible
blocks, over the text and in the gutter beside it. Qt speaks UTF-16; everything
public here speaks code points, converted at this boundary with OffsetMap only.
"""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import Q_ARG, QEvent, QMetaObject, QPointF, Qt, Signal
from PySide6.QtGui import QPainter, QTextBlock, QTextCursor
from PySide6.QtWidgets import QPlainTextEdit, QVBoxLayout, QWidget

from annotator.core.changes import SpanChange
from annotator.core.model import Label, RelationRow, RelationType, Span, SpanRow
from annotator.core.offsets import OffsetMap
from annotator.ui.document_spans import DocumentSpans
from annotator.ui.document_view.colours import LabelColours
from annotator.ui.document_view.find_marks import MatchesIn, paint_matches
from annotator.ui.document_view.geometry import visible_blocks
from annotator.ui.document_view.interaction import SpanInteraction
from annotator.ui.document_view.marks_cache import Found, MarksCache
from annotator.ui.document_view.overlay import Marks, block_marks, paint_overlay, paint_tints
from annotator.ui.document_view.relation_layer import ABOVE, Anchor, Linking, RelationLayer
from annotator.ui.document_view.shaped_blocks import ShapedBlocks
from annotator.ui.document_view.suggestions import Shown, SuggestionLayer
from annotator.ui.document_view.text_area import BASE_POINT_SIZE, GUTTER, SpanTextArea

ZOOM_MIN, ZOOM_MAX = -4, 10
ZOOM_STEP = 1.1  # each level scales the font by this much
SCROLL_CONTEXT = 2  # lines kept above a span scrolled into view
MARKED_BLOCKS = 1000  # blocks whose tints and bars are kept, most of them off screen


def set_text_unlocked(area: QPlainTextEdit, text: str) -> None:
    """``area.setPlainText(text)``, letting other Python threads run meanwhile: called
    through Qt's meta-object system, PySide lets go of the interpreter lock for the
    call (called directly, it keeps it throughout)."""
    if not QMetaObject.invokeMethod(area, "setPlainText", Qt.ConnectionType.DirectConnection,
                                    Q_ARG(str, text)):
        area.setPlainText(text)  # not found by name (a Qt that no longer has the slot)


class DocumentView(QWidget):
    spanSelected = Signal(object)  # Span | None
    spanResizeRequested = Signal(int, int, int)  # span id, new start, new end
    selectionChanged = Signal()
    relationSelected = Signal(object)  # RelationRow | None
    linkRequested = Signal(int, int)  # head span id, child span id (Ctrl+click, Ctrl+drag)
    linkTargetClicked = Signal(object)  # while linking: the span ids under a click
    painted = Signal()  # the text has just been painted

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._area = SpanTextArea(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._area)
        self.setFocusProxy(self._area)

        self._text = ""
        self._offsets = OffsetMap("")
        self._source = DocumentSpans(self)
        self._labels: list[Label] = []
        self._colours = LabelColours([], self.palette())
        self._selected: SpanRow | None = None
        self._preview: int | None = None
        self._zoom = 0
        self._next_temp_id = -1
        self._visible: list[tuple[QTextBlock, float]] = []
        self._visible_key: tuple[int, ...] | None = None
        self._text_generation = 0  # counts the texts shown, for the cache above
        self._shaped = ShapedBlocks()
        self._marks = MarksCache(self._block_spans, self._work_out_marks)
        self.suggestions = SuggestionLayer()
        self.relation_layer = RelationLayer()
        self._find_matches: MatchesIn | None = None  # the find bar's, painted when visible
        self._find_current: tuple[int, int] | None = None

        self._interaction = SpanInteraction(self._area, self)
        self._area.paint_underlay = self._paint_underlay
        self._area.paint_overlay = self._paint_overlay
        self._area.after_paint = self.painted.emit
        self._area.gutter.paint_hook = self._paint_gutter
        self._gutter_due = False  # updated already: it paints after the text, in its pass
        self._area.gutter.click_hook = self._gutter_click
        self._area.gutter.tip_hook = self._gutter_tip
        self._area.selectionChanged.connect(self.selectionChanged)
        self._area.zoomRequested.connect(self._zoom_by)
        self._connect(self._source)

    # -- document -------------------------------------------------------------

    def bind(self, source: DocumentSpans) -> None:
        """Show what ``source`` holds from now on, and follow its changes."""
        if source is self._source:
            return
        self._disconnect(self._source)
        self._source = source
        self._connect(source)
        self._reset()

    def source(self) -> DocumentSpans:
        return self._source

    def set_document(self, text: str, spans: list[Span], labels: list[Label]) -> None:
        """Show a text with these spans (loaded into the collection the view follows)."""
        self._set_colours(labels)
        self._source.load_spans(self._source.uid or "", text,
                                [s if s.id is not None else self._with_id(s) for s in spans])

    def set_labels(self, labels: list[Label]) -> None:
        self._set_colours(labels)
        self._area.viewport().update()

    def set_relation_types(self, types: list[RelationType]) -> None:
        """The relation types (archived ones too: their relations still show), for colours."""
        self.relation_layer.set_types(types, self._area.palette())
        self._update_relations()

    def text(self) -> str:
        return self._text

    def text_widget(self) -> QPlainTextEdit:
        return self._area

    def _connect(self, source: DocumentSpans) -> None:
        source.reset.connect(self._reset)
        source.changed.connect(self._follow)

    def _disconnect(self, source: DocumentSpans) -> None:
        source.reset.disconnect(self._reset)
        source.changed.disconnect(self._follow)

    def _reset(self) -> None:
        """The collection holds another document (or the same, read again)."""
        had_selection = self._selected is not None
        had_relation = self.relation_layer.selected is not None
        self._selected = None
        self._marks.clear()
        layer = self.relation_layer
        layer.forget()
        layer.selected = layer.hovered = layer.linking = None
        layer.suggested = []
        self.show_text(self._source.text)
        self._area.viewport().update()
        if had_selection:
            self.spanSelected.emit(None)
        if had_relation:
            self.relationSelected.emit(None)

    def show_text(self, text: str) -> None:
        """Lay this text out, if it is not the one shown. Loading the collection does
        it too; a window calls it first to read the spans on a thread meanwhile, since
        Qt lays a text out without Python's interpreter lock (10 MB: about 0.2 s)."""
        if text == self._text:
            return
        self._text = text
        self._text_generation += 1
        self._shaped.forget()
        self._offsets = OffsetMap(text)
        # With the document's signals blocked nothing hears of the new text block by
        # block; the layout is told directly.
        document = self._area.document()
        document.blockSignals(True)
        try:
            set_text_unlocked(self._area, text)
        finally:
            document.blockSignals(False)

    def _follow(self, change: SpanChange) -> None:
        """Mark the blocks under the spans that came and went; keep the selection."""
        # A span stored under its real id looks the same: only its id moved.
        moved = {r.key for r in change.removed} & {r.key for r in change.added}
        if moved:
            stored = {r.key: r.id for r in change.added if r.key in moved}
            for row in change.removed:
                if row.key in moved and stored[row.key] != row.id:
                    self._rename_marks(row, stored[row.key])
        touched = [row for row in (*change.removed, *change.added) if row.key not in moved]
        for row in touched:
            self._touch(row)
        selected = self._selected
        if selected is not None and any(r.id == selected.id for r in change.removed):
            same = next((r for r in change.added if r.id == selected.id), None)
            if same is None:  # stored under its real id: the same span, selected still
                same = next((r for r in change.added if r.key == selected.key), None)
                if same is not None:
                    self._selected = same
            else:  # changed under the same id
                self._set_selected(same)
            if same is None:
                self._set_selected(None)
                self.spanSelected.emit(None)
        if change.relations_changed:
            self._follow_relations(change)
        if touched:
            self._area.viewport().update()

    def _follow_relations(self, change: SpanChange) -> None:
        layer = self.relation_layer
        moved_only = len(change.relations_removed) == len(change.relations_added) and all(
            (a.head, a.child, a.type, a.status) == (r.head, r.child, r.type, r.status)
            for r, a in zip(change.relations_removed, change.relations_added, strict=True))
        if layer.selected is not None and any(r.id == layer.selected
                                              for r in change.relations_removed):
            same = next((r for r in change.relations_added if r.id == layer.selected), None)
            if same is None:  # stored under its real id: the same relation, selected still
                gone = next(r for r in change.relations_removed if r.id == layer.selected)
                same = next((r for r in change.relations_added
                             if (r.head, r.child, r.type) == (gone.head, gone.child, gone.type)
                             or (r.id != gone.id and (r.head, r.child) == (gone.head,
                                                                           gone.child))), None)
                layer.selected = same.id if same is not None else None
                if same is None:
                    self.relationSelected.emit(None)
            else:
                self.relationSelected.emit(same)
        if not moved_only:  # stored under their real ids: they look the same
            self._update_relations()
            # Connectors came or went: the gutter most likely changes too. Asked now,
            # it paints in the text's pass instead of a pass of its own after it.
            gutter = self._area.gutter
            if gutter.isVisible():  # else it never paints to say it is done
                self._gutter_due = True
                gutter.update()

    # -- spans ------------------------------------------------------------------

    def add_span(self, span: Span | SpanRow) -> None:
        self._source.apply(SpanChange(self._source.uid or "", (),
                                      (SpanRow.of(self._with_id(span)),)))

    def remove_span(self, span_id: int) -> None:
        row = self._source.get(span_id)
        if row is not None:
            self._source.apply(SpanChange(self._source.uid or "", (row,)))

    def replace_span(self, span: Span | SpanRow) -> None:
        """Same id, new label or extent. Keeps it selected without re-emitting."""
        if span.id is None:
            raise ValueError("replace_span needs a span with an id")
        old = self._source.get(span.id)
        self._source.apply(SpanChange(self._source.uid or "", (old,) if old else (),
                                      (SpanRow.of(span),)))

    def spans(self) -> list[Span]:
        """Every span shown, as Span objects (for tests and checks: 100,000 cost)."""
        return sorted((s.to_span() for s in self._source.index),
                      key=lambda s: (s.start, s.end, s.id or 0))

    def spans_at(self, pos: int) -> list[SpanRow]:
        return self._source.index.at(pos)

    # -- selection ----------------------------------------------------------------

    def selected_range(self) -> tuple[int, int] | None:
        cursor = self._area.textCursor()
        if not cursor.hasSelection():
            return None
        return (self.from_utf16(cursor.selectionStart()), self.from_utf16(cursor.selectionEnd()))

    def clear_text_selection(self) -> None:
        cursor = self._area.textCursor()
        cursor.clearSelection()
        self._area.setTextCursor(cursor)

    def select_span(self, span_id: int | None) -> None:
        span = self._source.get(span_id) if span_id is not None else None
        if self.relation_layer.selected is not None:
            self.relation_layer.selected = None
            self._update_relations()
            self.relationSelected.emit(None)
        self._set_selected(span)
        self._area.viewport().update()
        if span is not None:
            self._scroll_to(span.start)
        self.spanSelected.emit(span.to_span() if span is not None else None)

    def selected_span(self) -> Span | None:
        return self._selected.to_span() if self._selected is not None else None

    def selected_row(self) -> SpanRow | None:
        """The selected span as shown (its id may be a temporary one)."""
        return self._selected

    # -- relations ------------------------------------------------------------------

    def select_relation(self, relation_id: int | None) -> None:
        """Select a relation: its head span is selected, its child outlined, its
        connector drawn strong (None: no relation selected)."""
        row = self._source.relations.get(relation_id)
        layer = self.relation_layer
        if row is None:
            if layer.selected is not None:
                layer.selected = None
                self._update_relations()
                self.relationSelected.emit(None)
            return
        head = self._source.get(row.head)
        self._set_selected(head)
        self._area.viewport().update()
        layer.selected = row.id
        if head is not None:
            self._scroll_to(head.start)
        self.spanSelected.emit(head.to_span() if head is not None else None)
        self._update_relations()
        self.relationSelected.emit(row)

    def selected_relation(self) -> RelationRow | None:
        return self._source.relations.get(self.relation_layer.selected)

    def set_linking(self, linking: Linking | None) -> None:
        """Show linking mode (its candidates and the current one) or leave it."""
        self.relation_layer.linking = linking
        if linking is not None and linking.current is not None:
            current = self._source.get(linking.current)
            if current is not None:
                self._scroll_to(current.start)
        self._update_relations()

    def linking(self) -> Linking | None:
        return self.relation_layer.linking

    def set_suggested_relations(self, rows: list[RelationRow]) -> None:
        """Relations offered but not made (the likely speakers): dashed connectors."""
        if not rows and not self.relation_layer.suggested:
            return
        self.relation_layer.suggested = list(rows)
        self._update_relations()

    def set_hovered(self, span_id: int | None) -> None:
        if span_id != self.relation_layer.hovered:
            self.relation_layer.hovered = span_id
            if (self._source.relations and (span_id is None or
                                           self._source.relations.has_span(span_id))) \
                    or self.relation_layer.routes:
                self._update_relations()

    def is_linking(self) -> bool:
        return self.relation_layer.linking is not None

    def click_linking(self, span_ids: list[int]) -> None:
        self.linkTargetClicked.emit(span_ids)

    def request_link(self, head_id: int, child_id: int) -> None:
        self.linkRequested.emit(head_id, child_id)

    def click_relation(self, point: QPointF) -> bool:
        """Select the relation whose connector is under ``point`` (viewport pixels)."""
        route = self.relation_layer.relation_at(point, gutter=False)
        if route is None:
            return False
        self.select_relation(route.relation.id)
        return True

    def relation_lines(self, span: SpanRow) -> list[str]:
        """What a span's tooltip says of its relations: "speaker → Maduro"."""
        lines = []
        for relation in self._source.relations.of_span(span.id):
            if relation.head == span.id:
                lines.append(f"{relation.type} → {self._excerpt(relation.child)}")
            else:
                lines.append(f"{relation.type} ← {self._excerpt(relation.head)}")
        return lines

    def describe_relation(self, relation: RelationRow) -> str:
        return f"{relation.type}: {self._excerpt(relation.head)} → {self._excerpt(relation.child)}"

    def _excerpt(self, span_id: int, size: int = 32) -> str:
        row = self._source.get(span_id)
        if row is None:
            return "?"
        words = " ".join(self._text[row.start:row.end].split())
        return words if len(words) <= size else words[:size - 1] + "…"

    def _update_relations(self) -> None:
        self._area.viewport().update()

    def _paint_relations(self, painter: QPainter) -> None:
        layer = self.relation_layer
        source = self._source
        shown = self._visible_blocks()
        selected = self._selected.id if self._selected is not None else None
        layer.lay_out(self._area, shown, self._block_spans, source.relations,
                      source.index.start_of, self.to_utf16, selected,
                      (self._area.viewport().width(), self._zoom, self._text_generation))
        layer.paint_viewport(painter, float(self._area.viewport().width()),
                             self._area.line_gap(), shown, source.get, self.to_utf16)
        if layer.gutter_changed() and not self._gutter_due:
            self._area.gutter.update()

    def _paint_gutter(self, painter: QPainter) -> None:
        self._gutter_due = False
        self.relation_layer.paint_gutter(painter, float(GUTTER),
                                         float(self._area.viewport().height()),
                                         self._area.line_gap())

    def _gutter_click(self, point: QPointF) -> bool:
        route = self.relation_layer.relation_at(point, gutter=True)
        if route is None:
            return False
        height = self._area.viewport().height()
        far = [(end, span) for end, span in ((route.head, route.relation.head),
                                             (route.child, route.relation.child))
               if not isinstance(end, Anchor)]
        self.select_relation(route.relation.id)
        if far and (point.y() < 14 or point.y() > height - 14):  # the chevron: go there
            row = self._source.get(far[0][1])
            if row is not None:
                self._scroll_line_to_top(row.start, 3)
        return True

    def _gutter_tip(self, point: QPointF) -> str:
        route = self.relation_layer.relation_at(point, gutter=True)
        if route is None:
            return ""
        tip = self.describe_relation(route.relation)
        far = [end for end in (route.head, route.child) if not isinstance(end, Anchor)]
        if far:
            tip += f"\n(the other end is {'above' if far[0] == ABOVE else 'below'}: " \
                   "click the arrow to go there)"
        return tip

    # -- suggestions (dashed outlines over the text, never filled) ---------------

    def set_suggestions(self, shown: list[Shown]) -> None:
        if not shown and not len(self.suggestions):
            return  # none before, none now: nothing to paint again
        self.suggestions.set(shown)
        self._area.viewport().update()

    def set_current_suggestion(self, position: int | None, *, scroll: bool = True) -> None:
        """Make a suggestion current (heavier outline), put the text cursor at its
        start and bring it into view."""
        self.suggestions.current = position
        if position is not None:
            shown = self.suggestions.get(position)
            cursor = self._area.textCursor()
            cursor.setPosition(self.to_utf16(shown.start))
            self._area.setTextCursor(cursor)
            if scroll:
                self._scroll_to(shown.start)
        self._area.viewport().update()

    def cursor_range(self) -> tuple[int, int]:
        """The selection, or the text cursor as an empty range, in code points."""
        cursor = self._area.textCursor()
        return (self.from_utf16(cursor.selectionStart()), self.from_utf16(cursor.selectionEnd()))

    # -- scrolling and zoom -------------------------------------------------------

    def visible_range(self) -> tuple[int, int]:
        """The code points of the blocks on screen: (first, past the last)."""
        shown = self._visible_blocks()
        if not shown:
            return (0, 0)
        first, last = shown[0][0], shown[-1][0]
        return (self.from_utf16(first.position()),
                self.from_utf16(last.position() + last.length() - 1))

    def position(self) -> int:
        """Code point at the start of the topmost visible line."""
        block = self._area.firstVisibleBlock()
        if not block.isValid():
            return 0
        layout = block.layout()
        line = self._area.verticalScrollBar().value() - block.firstLineNumber()
        start = layout.lineAt(line).textStart() if 0 <= line < layout.lineCount() else 0
        return self.from_utf16(block.position() + start)

    def set_position(self, pos: int) -> None:
        self._scroll_line_to_top(pos, 0)

    def place(self) -> tuple[int, int, int]:
        """Where the reader is: the top line, and the text cursor's anchor and position
        (in Qt's units), to come back to once the same text is laid out again."""
        cursor = self._area.textCursor()
        return self.position(), cursor.anchor(), cursor.position()

    def return_to(self, place: tuple[int, int, int]) -> None:
        top, anchor, position = place
        cursor = QTextCursor(self._area.document())
        cursor.setPosition(anchor)
        cursor.setPosition(position, QTextCursor.MoveMode.KeepAnchor)
        self._area.setTextCursor(cursor)
        self.set_position(top)

    def zoom_in(self) -> None:
        self._zoom_by(1)

    def zoom_out(self) -> None:
        self._zoom_by(-1)

    def zoom_level(self) -> int:
        return self._zoom

    # -- the Qt boundary (also used by the interaction and the overlay) ----------

    def to_utf16(self, pos: int) -> int:
        return self._offsets.to_utf16(pos)

    def from_utf16(self, pos16: int) -> int:
        return self._offsets.from_utf16(pos16)

    def request_resize(self, span: Span | SpanRow, start: int, end: int) -> None:
        start = max(0, start)
        end = min(self._offsets.length, end)
        if span.id is not None and start < end:
            self.spanResizeRequested.emit(span.id, start, end)

    # -- find ---------------------------------------------------------------------

    def set_find_matches(self, matches_in: MatchesIn | None,
                         current: tuple[int, int] | None = None) -> None:
        """Highlight a find's matches (``matches_in(first, last)`` gives those starting
        in a code-point range: only the visible one is asked), ``current`` most."""
        self._find_matches = matches_in
        self._find_current = current
        self._area.viewport().update()

    def select_text(self, start: int, end: int) -> None:
        """Select [start, end) of the text (code points) and bring it into view."""
        cursor = QTextCursor(self._area.document())
        cursor.setPosition(self.to_utf16(start))
        cursor.setPosition(self.to_utf16(end), QTextCursor.MoveMode.KeepAnchor)
        self._area.setTextCursor(cursor)
        self._scroll_to(start)

    def set_preview(self, pos16: int | None) -> None:
        self._preview = pos16
        self._area.viewport().update()

    # -- internals ------------------------------------------------------------------

    def _with_id(self, span: Span | SpanRow) -> Span | SpanRow:
        """Spans without an id (not stored) get a temporary negative one to be indexed."""
        if span.id is not None:
            return span
        span = dataclasses.replace(span, id=self._next_temp_id)
        self._next_temp_id -= 1
        return span

    def _set_colours(self, labels: list[Label]) -> None:
        self._marks.clear()
        self._labels = list(labels)
        self._colours = LabelColours(self._labels, self._area.palette())

    def _set_selected(self, span: SpanRow | None) -> None:
        """Select a span (callers refresh the screen once they are done): its stronger
        tint and outline are painted from the marks, so no block's marks change."""
        self._selected = span

    def _block_spans(self, block: QTextBlock) -> tuple[int, int, list[SpanRow]]:
        first = self.from_utf16(block.position())
        last = self.from_utf16(block.position() + block.length() - 1)
        if first >= last:
            return first, last, []
        return first, last, self._source.index.overlapping(first, last)

    def _blocks_under(self, span: Span | SpanRow) -> tuple[int, int]:
        """The numbers of the first and last blocks a span lies in."""
        document = self._area.document()
        first = document.findBlock(self.to_utf16(span.start)).blockNumber()
        last = document.findBlock(self.to_utf16(max(span.end - 1, span.start))).blockNumber()
        return first, last

    def _rename_marks(self, span: SpanRow, new_id: int) -> None:
        """A span stored under its real id: its tints and bars take the id (the selected
        span's are drawn stronger by its id), without being worked out again."""
        self._marks.rename(*self._blocks_under(span), span, new_id)

    def _touch(self, span: Span | SpanRow) -> None:
        """Forget the marks and anchors of the blocks under a span: worked out again
        when they paint (or taken again, if the blocks are back to spans they had)."""
        first, last = self._blocks_under(span)
        self._marks.forget(first, last)
        self.relation_layer.forget(span.id, first, last)

    def _visible_blocks(self) -> list[tuple[QTextBlock, float]]:
        """The blocks on screen with their tops, asked of the layout again only when
        the view scrolled, resized, zoomed or got another text: re-formatting a block
        changes its marks, never where its lines fall."""
        area = self._area
        viewport = area.viewport()
        key = (area.verticalScrollBar().value(), viewport.width(), viewport.height(),
               self._zoom, self._text_generation)
        if key != self._visible_key:
            self._visible = list(visible_blocks(area))
            self._visible_key = key
            self._shaped.keep(block for block, _top in self._visible)
            if len(self._marks) > MARKED_BLOCKS:  # read far: memory follows the screen
                self._marks.keep(block.blockNumber() for block, _top in self._visible)
        return self._visible

    def _paint_underlay(self, painter: QPainter) -> None:
        selected = self._selected
        paint_tints(self._visible_blocks(), painter, self._marks_of,
                    selected.id if selected is not None else None,
                    self._colours.tint(selected.label, True) if selected is not None else None)

    def _paint_overlay(self, painter: QPainter) -> None:
        if self._find_matches is not None:
            paint_matches(self._visible_blocks(), painter, self._find_matches,
                          self._find_current, self.to_utf16, self.from_utf16)
        paint_overlay(self._area, self._visible_blocks(), painter, self._marks_of,
                      self.to_utf16, self._colours, self._selected, self._preview)
        if len(self.suggestions):
            self.suggestions.paint(self._visible_blocks(), painter, self.to_utf16,
                                   self.from_utf16, self._colours)
        self._paint_relations(painter)

    def _marks_of(self, block: QTextBlock) -> Marks:
        """A block's tints and span bars, worked out once until its spans or the
        layout change."""
        return self._marks.get(block, (self._area.viewport().width(), self._zoom,
                                       self._text_generation))

    def _work_out_marks(self, block: QTextBlock, found: Found) -> Marks:
        return block_marks(block, lambda _block: found, self.to_utf16, self._colours,
                           self._area.line_gap())

    def _scroll_to(self, pos: int) -> None:
        """Bring ``pos`` into view, unless it already is."""
        cursor = QTextCursor(self._area.document())
        cursor.setPosition(self.to_utf16(pos))
        rect = self._area.cursorRect(cursor)
        if rect.top() >= 0 and rect.bottom() <= self._area.viewport().height():
            return
        self._scroll_line_to_top(pos, SCROLL_CONTEXT)

    def _scroll_line_to_top(self, pos: int, context: int) -> None:
        pos16 = self.to_utf16(max(0, min(pos, self._offsets.length)))
        block = self._area.document().findBlock(pos16)
        if not block.isValid():
            return
        self._area.document().documentLayout().blockBoundingRect(block)  # lays it out
        line = block.layout().lineForTextPosition(pos16 - block.position())
        number = line.lineNumber() if line.isValid() else 0
        self._area.verticalScrollBar().setValue(max(0, block.firstLineNumber() + number - context))

    def _zoom_by(self, steps: int) -> None:
        level = max(ZOOM_MIN, min(ZOOM_MAX, self._zoom + steps))
        if level == self._zoom:
            return
        top = self.position()
        self._zoom = level
        self._area.set_point_size(BASE_POINT_SIZE * ZOOM_STEP ** level)
        self.set_position(top)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.PaletteChange:
            self.set_labels(self._labels)
        super().changeEvent(event)
