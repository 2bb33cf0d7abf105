"""Relations in the document view: connectors from head to child, for what is visible.

A relation is drawn from its head span to its child span in its type's colour: each
end gets a thin cap over the span's first line (so the end is clear where spans nest),
the child's with an arrowhead. Two spans on one line are joined by
a low arc in the gap above the line. Otherwise each end rises into the gap above its
line and runs right to the gutter beside the text column, where the connector runs
up or down in a lane of its own (shorter connectors nearer the text, so crossings
stay few and no two share a lane where they overlap); connectors never cross the
letters. A relation whose other end is off screen runs to the top or bottom of the
gutter and ends in a chevron pointing to where it goes.

Only relations with an end in a visible block are drawn: the cost of a paint follows
what is on screen. Where a span sits on screen (its anchor) is worked out once per
block and kept until the block's spans or the layout change, like the span bars.

When a span is hovered or selected, or a relation selected, its relations are drawn
strong and the others faint; partners get an outline. While linking, the candidates
get dashed outlines and the current one a connector preview; the likely speakers the
attribution helper offers are dashed connectors.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from typing import NamedTuple

from PySide6.QtCore import QLineF, QPointF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen, QPolygonF, QTextBlock
from PySide6.QtWidgets import QPlainTextEdit

from annotator.core.model import Label, RelationRow, RelationType, SpanRow
from annotator.ui.document_relations import DocumentRelations
from annotator.ui.document_view.colours import LabelColours
from annotator.ui.document_view.geometry import range_rects

ABOVE, BELOW = -1, 1
HIT = 4.0  # pixels either side of a connector that still hit it
LANE_START = 7.0  # the first lane's distance from the gutter's left edge
LANE_PITCH = 5.0
MAX_DRAWINGS = 4096  # connectors' drawings kept (a screen holds dozens)

# How a route is drawn.
NORMAL, STRONG, FAINT, SUGGESTED, PREVIEW = range(5)


class Anchor(NamedTuple):
    """Where a span starts on screen: its first line's piece (x from ``left`` to
    ``right``), the top of that line's text, and which line it is."""

    left: float
    right: float
    top: float
    line: tuple[int, int]  # block number, line number

    @property
    def x(self) -> float:
        return (self.left + self.right) / 2.0

    def moved(self, dy: float) -> Anchor:
        return Anchor(self.left, self.right, self.top + dy, self.line)


End = Anchor | int  # an anchor on screen, or ABOVE / BELOW


@dataclass
class Route:
    """One connector as drawn: its relation (or suggestion), type, ends and style,
    and the polylines it was drawn with (viewport and gutter coordinates)."""

    relation: RelationRow
    head: End
    child: End
    style: int
    lane: int = 0
    level_key: int = 0  # the ends' starts summed: which of three run levels it takes
    viewport_lines: list[list[QPointF]] = field(default_factory=list)
    gutter_lines: list[list[QPointF]] = field(default_factory=list)

    @property
    def same_line(self) -> bool:
        return isinstance(self.head, Anchor) and isinstance(self.child, Anchor) \
            and self.head.line == self.child.line

    def extent(self, height: float) -> tuple[float, float]:
        ys = [(-1e6 if e == ABOVE else 1e6) if isinstance(e, int) else e.top
              for e in (self.head, self.child)]
        return min(ys), max(ys)


class _Drawn(NamedTuple):
    """What a connector draws over the text or in the gutter, from where its ends are."""

    polylines: list[list[QPointF]]  # also for hit tests
    segments: list[QLineF]
    caps: list[QLineF]  # over each end's first line (over the text only)
    arrow: QPolygonF | None  # at the child (over the text only)


@dataclass
class Linking:
    """Linking mode: the head, the type, the candidate children, the current one."""

    head: int
    kind: str
    candidates: list[int]
    current: int | None = None  # a span id among the candidates


class RelationLayer:
    def __init__(self) -> None:
        self.colours = LabelColours([], _palette())
        self.types: dict[str, RelationType] = {}
        self.selected: int | None = None  # a relation id
        self.hovered: int | None = None  # a span id
        self.linking: Linking | None = None
        self.suggested: list[RelationRow] = []  # the attribution helper's, not stored
        self.routes: list[Route] = []
        self._anchors: dict[int, dict[int, Anchor]] = {}  # block -> span -> anchor
        self._layout: tuple[int, ...] | None = None
        self._gutter_signature: tuple[object, ...] = ()
        self._pens: dict[tuple[str, int], QPen] = {}
        self._drawings: dict[tuple[object, ...], _Drawn] = {}
        self._gutter_drawings: dict[tuple[object, ...], _Drawn] = {}

    # ------------------------------------------------------------ settings

    def set_types(self, types: Iterable[RelationType], palette: object) -> None:
        self.types = {t.name: t for t in types}
        self._pens = {}
        self.colours = LabelColours([Label(t.name, t.color) for t in self.types.values()],
                                    palette)  # type: ignore[arg-type]

    def colour(self, kind: str) -> QColor:
        return self.colours.bar(kind)

    def forget(self, span_id: int | None = None, first: int = 0, last: int = -1) -> None:
        """A span's anchor (in blocks ``first``..``last``), or every anchor, is out of
        date. Adding, removing or relabelling a span moves no other span: formats
        change colours, never where lines break."""
        if span_id is None:
            self._anchors.clear()
            return
        for number in range(first, last + 1):
            cache = self._anchors.get(number)
            if cache is not None:
                cache.pop(span_id, None)

    # ------------------------------------------------------------ layout

    def lay_out(self, edit: QPlainTextEdit, shown: Sequence[tuple[QTextBlock, float]],
                spans_in: Callable[[QTextBlock], tuple[int, int, list[SpanRow]]],
                relations: DocumentRelations, start_of: Callable[[int], int | None],
                to_utf16: Callable[[int], int], focus_span: int | None,
                layout_key: tuple[int, ...]) -> list[Route]:
        """Work out the routes of the relations with an end on screen."""
        if layout_key != self._layout:
            self._anchors.clear()
            self._layout = layout_key
        self.routes = []
        if not shown:
            return self.routes
        wanted = self._special_spans()
        if not len(relations) and not wanted:
            return self.routes
        height = float(edit.viewport().height())
        anchors: dict[int, Anchor] = {}
        first_visible = None
        for block, top in shown:
            first, _last, spans = spans_in(block)
            if first_visible is None:
                first_visible = first
            cache = self._anchors.setdefault(block.blockNumber(), {})
            for span in spans:
                if span.start < first or not (relations.has_span(span.id)
                                              or span.id in wanted):
                    continue
                anchor = cache.get(span.id)
                if anchor is None:
                    anchor = _anchor(block, span, to_utf16)
                    if anchor is None:  # the block is not laid out (yet): ask next time
                        continue
                    cache[span.id] = anchor
                anchors[span.id] = anchor.moved(top)
        if not anchors:
            return self.routes
        first_visible = first_visible or 0

        def end(span_id: int) -> End | None:
            anchor = anchors.get(span_id)
            if anchor is not None:
                if anchor.top + 4 < 0:
                    return ABOVE
                if anchor.top > height:
                    return BELOW
                return anchor
            start = start_of(span_id)
            if start is None:
                return None
            return ABOVE if start < first_visible else BELOW

        def level(relation: RelationRow) -> int:
            return (start_of(relation.head) or 0) + (start_of(relation.child) or 0)

        focus = self._focus(relations, focus_span)
        seen: set[int] = set()
        for span_id in anchors:
            for relation in relations.of_span(span_id):
                if relation.id in seen:
                    continue
                seen.add(relation.id)
                head, child = end(relation.head), end(relation.child)
                if head is None or child is None or (isinstance(head, int)
                                                     and isinstance(child, int)):
                    continue
                style = NORMAL if not focus else STRONG if relation.id in focus else FAINT
                self.routes.append(Route(relation, head, child, style, 0, level(relation)))
        for relation in self.suggested:
            head, child = end(relation.head), end(relation.child)
            if head is not None and child is not None and not (
                    isinstance(head, int) and isinstance(child, int)):
                self.routes.append(Route(relation, head, child, SUGGESTED, 0, level(relation)))
        linking = self.linking
        if linking is not None and linking.current is not None:
            head, child = end(linking.head), end(linking.current)
            if head is not None and child is not None and not (
                    isinstance(head, int) and isinstance(child, int)):
                preview = RelationRow(0, linking.head, linking.current, linking.kind)
                self.routes.append(Route(preview, head, child, PREVIEW, 0, level(preview)))
        self._assign_lanes(height)
        return self.routes

    def _special_spans(self) -> set[int]:
        wanted = {r.head for r in self.suggested} | {r.child for r in self.suggested}
        if self.linking is not None:
            wanted.add(self.linking.head)
            wanted.update(self.linking.candidates)
        return wanted

    def _focus(self, relations: DocumentRelations, focus_span: int | None) -> set[int]:
        """The relations to draw strong: the selected one, those of the hovered span
        (else of the selected span)."""
        focus: set[int] = set()
        if self.selected is not None:
            focus.add(self.selected)
        span = self.hovered if self.hovered is not None else focus_span
        if span is not None:
            focus.update(r.id for r in relations.of_span(span))
        return focus

    def _assign_lanes(self, height: float) -> None:
        """Connectors between lines get lanes in the gutter: the shortest nearest the
        text, and none sharing a lane where they overlap."""
        between = []
        for route in self.routes:
            if not route.same_line:
                lo, hi = route.extent(height)
                between.append((hi - lo, lo, hi, route))
        between.sort(key=lambda item: item[:2])
        taken: list[list[tuple[float, float]]] = []
        for _length, lo, hi, route in between:
            lane = len(taken)
            for number, runs in enumerate(taken):
                for a, b in runs:
                    if lo <= b + 3 and a <= hi + 3:
                        break  # overlaps one in this lane
                else:
                    lane = number
                    break
            if lane == len(taken):
                taken.append([])
            taken[lane].append((lo, hi))
            route.lane = lane

    # ------------------------------------------------------------ painting

    def paint_viewport(self, painter: QPainter, width: float, gap: float,
                       shown: Sequence[tuple[QTextBlock, float]], source_rows: Callable[
                           [int], SpanRow | None], to_utf16: Callable[[int], int]) -> None:
        """The connectors' part over the text, and the outlines of partners and
        candidates. Lines are drawn a pen at a time, in one call each (a screen holds
        dozens of connectors)."""
        if not self.routes and self.linking is None:
            return
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        self._paint_outlines(painter, shown, source_rows, to_utf16)
        lines: dict[tuple[str, int], list[QLineF]] = {}  # level or upright: crisp as they are
        arcs: dict[tuple[str, int], list[QLineF]] = {}  # curves: smoothed
        caps: dict[tuple[str, int], list[QLineF]] = {}
        arrows: dict[tuple[str, int], QPainterPath] = {}
        for route in self.routes:
            drawn = self._drawn(route, width, gap)
            route.viewport_lines = drawn.polylines
            key = (route.relation.type, route.style)
            lines.setdefault(key, [])
            (arcs if route.same_line else lines).setdefault(key, []).extend(drawn.segments)
            caps.setdefault(key, []).extend(drawn.caps)
            if drawn.arrow is not None:
                arrows.setdefault(key, QPainterPath()).addPolygon(drawn.arrow)
        for key in sorted(lines, key=lambda k: k[1] != FAINT):
            pen = self._pen(*key)
            painter.setPen(pen)
            if key in arcs:
                painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
                painter.drawLines(arcs[key])
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
            painter.drawLines(lines[key])
            cap = QPen(pen)
            cap.setStyle(Qt.PenStyle.SolidLine)
            cap.setCapStyle(Qt.PenCapStyle.FlatCap)
            painter.setPen(cap)
            painter.drawLines(caps[key])
            if key in arrows:
                painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
                painter.fillPath(arrows[key], pen.color())

    def paint_gutter(self, painter: QPainter, width: float, height: float, gap: float) -> None:
        """The connectors' part in the gutter: lanes, and chevrons for ends off screen."""
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        between = [r for r in self.routes if not r.same_line]
        lanes = max((r.lane for r in between), default=0) + 1
        pitch = min(LANE_PITCH, max(1.5, (width - LANE_START - 3) / lanes))
        lines: dict[tuple[str, int], list[QLineF]] = {}
        for route in between:
            x = LANE_START + route.lane * pitch
            key = (route.head, route.child, route.level_key % 3, x, height, gap)
            drawn = self._gutter_drawings.get(key)
            if drawn is None:  # worked out once for where its ends and lane are
                if len(self._gutter_drawings) > MAX_DRAWINGS:
                    self._gutter_drawings.clear()
                drawn = self._gutter_drawings[key] = self._gutter_drawn(route, x, height, gap)
            route.gutter_lines = drawn.polylines
            lines.setdefault((route.relation.type, route.style), []).extend(drawn.segments)
        for key in sorted(lines, key=lambda k: k[1] != FAINT):
            painter.setPen(self._pen(*key))
            painter.drawLines(lines[key])

    def gutter_signature(self) -> tuple[object, ...]:
        """What the gutter shows, to repaint it only when that changed."""
        return tuple((r.relation.type, r.style, r.lane, r.level_key % 3,
                      _end_key(r.head), _end_key(r.child)) for r in self.routes
                     if not r.same_line)

    def gutter_changed(self) -> bool:
        signature = self.gutter_signature()
        if signature == self._gutter_signature:
            return False
        self._gutter_signature = signature
        return True

    # ------------------------------------------------------------ hit tests

    def relation_at(self, point: QPointF, *, gutter: bool) -> Route | None:
        """The stored relation whose connector passes within a few pixels of ``point``."""
        best, distance = None, HIT
        for route in self.routes:
            if route.style in (SUGGESTED, PREVIEW):
                continue
            for line in (route.gutter_lines if gutter else route.viewport_lines):
                d = _distance(point, line)
                if d <= distance:
                    best, distance = route, d
        return best

    # ------------------------------------------------------------ internals

    def _pen(self, kind: str, style: int) -> QPen:
        pen = self._pens.get((kind, style))
        if pen is None:
            # Opaque: blending a translucent line costs the raster engine 15-30 times
            # as much as filling it (2.5 ms for a dozen connectors in the gutter).
            colour = self.colours.over_base(self.colour(kind), {
                NORMAL: 0.9, STRONG: 1.0, FAINT: 0.3, SUGGESTED: 0.95, PREVIEW: 1.0}[style])
            width = {NORMAL: 1.3, STRONG: 2.2, FAINT: 1.2, SUGGESTED: 1.5, PREVIEW: 2.0}[style]
            pen = QPen(colour, width)
            pen.setCapStyle(Qt.PenCapStyle.FlatCap)
            if style in (SUGGESTED, PREVIEW):
                pen.setStyle(Qt.PenStyle.DashLine)
                pen.setDashPattern([3.0, 2.0])
            self._pens[(kind, style)] = pen
        return pen

    @staticmethod
    def _level(route: Route, gap: float) -> float:
        """How far above a line's text the connector's run goes: one of three levels,
        so runs from one line stay apart (by where its ends are, so it holds while
        scrolling and when the relation is stored under its real id)."""
        room = max(gap - 3.0, 2.0)
        return min(2.0 + (route.level_key % 3) * 2.0, room)

    def _drawn(self, route: Route, width: float, gap: float) -> _Drawn:
        """A connector's part over the text, worked out once for where its ends are:
        an edit or a hover repaints the screen with most connectors where they were."""
        key = (route.head, route.child, route.style in (STRONG, PREVIEW), route.level_key % 3,
               width, gap)
        drawn = self._drawings.get(key)
        if drawn is None:
            if len(self._drawings) > MAX_DRAWINGS:
                self._drawings.clear()
            polylines = self._viewport_lines(route, width, gap)
            segments: list[QLineF] = []
            _segments(segments, polylines)
            caps = [QLineF(end.left + 0.5, end.top - 1.0,
                           max(end.right - 0.5, end.left + 2.0), end.top - 1.0)
                    for end in (route.head, route.child) if isinstance(end, Anchor)]
            arrow = None
            if isinstance(route.child, Anchor):
                x, y = route.child.x, route.child.top - 1.0
                size = 5.0 if key[2] else 4.0
                arrow = QPolygonF([QPointF(x - size, y - size - 0.5),
                                   QPointF(x + size, y - size - 0.5), QPointF(x, y + 0.5),
                                   QPointF(x - size, y - size - 0.5)])
            drawn = self._drawings[key] = _Drawn(polylines, segments, caps, arrow)
        return drawn

    def _viewport_lines(self, route: Route, width: float, gap: float) -> list[list[QPointF]]:
        head, child = route.head, route.child
        if route.same_line:
            assert isinstance(head, Anchor) and isinstance(child, Anchor)
            return [_arc(head, child, gap)]
        lines = []
        level = self._level(route, gap)
        for end in (head, child):  # on pixel centres: crisp without smoothing
            if isinstance(end, Anchor):
                x, y = _pixel(end.x), _pixel(end.top - level)
                lines.append([QPointF(x, end.top - 1.0), QPointF(x, y), QPointF(width, y)])
        return lines

    def _gutter_drawn(self, route: Route, x: float, height: float, gap: float) -> _Drawn:
        polylines = self._gutter_lines(route, x, height, gap)
        segments: list[QLineF] = []
        _segments(segments, polylines)
        for end in (route.head, route.child):
            if isinstance(end, int):  # an open arrowhead at the edge: it goes that way
                y = 3.0 if end == ABOVE else height - 3.0
                back = y + 4.0 if end == ABOVE else y - 4.0
                segments += [QLineF(x - 3.5, back, x, y), QLineF(x, y, x + 3.5, back)]
        return _Drawn(polylines, segments, [], None)

    def _gutter_lines(self, route: Route, x: float, height: float,
                      gap: float) -> list[list[QPointF]]:
        level = self._level(route, gap)
        ys = []
        lines = []
        x = _pixel(x)
        for end in (route.head, route.child):
            if isinstance(end, Anchor):
                y = _pixel(end.top - level)
                lines.append([QPointF(0.0, y), QPointF(x, y)])
                ys.append(y)
            else:
                ys.append(2.0 if end == ABOVE else height - 2.0)
        lines.append([QPointF(x, ys[0]), QPointF(x, ys[1])])
        return lines

    def _paint_outlines(self, painter: QPainter, shown: Sequence[tuple[QTextBlock, float]],
                        row_of: Callable[[int], SpanRow | None],
                        to_utf16: Callable[[int], int]) -> None:
        """Partners of the hovered span and the selected relation's child (solid),
        candidates while linking (dashed; the current one heavier)."""
        outlines: list[tuple[int, QColor, float, bool]] = []
        selected = next((r.relation for r in self.routes if r.relation.id == self.selected
                         and r.style == STRONG), None)
        if selected is not None:
            outlines.append((selected.child, self.colour(selected.type), 1.6, False))
        if self.hovered is not None:
            for route in self.routes:
                if route.style == STRONG:
                    relation = route.relation
                    partner = relation.child if relation.head == self.hovered else relation.head
                    outlines.append((partner, self.colour(relation.type), 1.4, False))
        if self.linking is not None:
            colour = self.colour(self.linking.kind)
            for span_id in self.linking.candidates:
                current = span_id == self.linking.current
                outlines.append((span_id, colour, 2.4 if current else 1.2, not current))
        for span_id, colour, width, dashed in outlines:
            row = row_of(span_id)
            if row is None:
                continue
            pen = QPen(colour, width, Qt.PenStyle.DashLine if dashed else Qt.PenStyle.SolidLine)
            if dashed:
                pen.setDashPattern([2.0, 2.0])
            painter.setPen(pen)
            start16, end16 = to_utf16(row.start), to_utf16(row.end)
            for block, top in shown:
                base16 = block.position()
                if base16 + block.length() <= start16 or base16 >= end16:
                    continue
                for rect in range_rects(block, top, start16 - base16, end16 - base16):
                    painter.drawRoundedRect(rect.adjusted(-2.0, -2.0, 2.0, 2.0), 3.0, 3.0)


def _anchor(block: QTextBlock, span: SpanRow, to_utf16: Callable[[int], int]) -> Anchor | None:
    """Where a span starting in this block sits, relative to the block's top."""
    base16 = block.position()
    start16 = to_utf16(span.start) - base16
    end16 = min(to_utf16(span.end) - base16, block.length() - 1)
    layout = block.layout()
    line = layout.lineForTextPosition(start16)
    if not line.isValid():
        return None
    line_end = line.textStart() + line.textLength()
    x1 = line.cursorToX(start16)[0]
    x2 = line.cursorToX(max(min(end16, line_end), start16))[0]
    return Anchor(min(x1, x2), max(x1, x2), line.y(), (block.blockNumber(), line.lineNumber()))


def _arc(head: Anchor, child: Anchor, gap: float) -> list[QPointF]:
    """A low arc in the gap above a line, from the head to the child: a cubic curve,
    at eleven points."""
    x1, x2 = head.x, child.x
    y = head.top - 1.0
    top = y - min(max(gap - 1.5, 3.0), 3.0 + abs(x2 - x1) * 0.04) * 1.3
    # Both control points at the height `top`, above the ends.
    return [QPointF(a * x1 + b * x1 + c * x2 + d * x2, (a + d) * y + (b + c) * top)
            for a, b, c, d in _CUBIC]


#: Bernstein weights of a cubic curve at t = 0, 0.1, ..., 1.
_CUBIC = [((1 - t) ** 3, 3 * (1 - t) ** 2 * t, 3 * (1 - t) * t * t, t ** 3)
          for t in (i / 10.0 for i in range(11))]


def _pixel(value: float) -> float:
    """The centre of the pixel a coordinate falls in: a 1-pixel line there is sharp."""
    return math.floor(value) + 0.5


def _segments(into: list[QLineF], polylines: list[list[QPointF]]) -> None:
    for line in polylines:
        into.extend(QLineF(a, b) for a, b in pairwise(line))


def _distance(point: QPointF, line: list[QPointF]) -> float:
    best = math.inf
    for a, b in pairwise(line):
        dx, dy = b.x() - a.x(), b.y() - a.y()
        length = dx * dx + dy * dy
        t = 0.0 if length == 0 else max(0.0, min(1.0, ((point.x() - a.x()) * dx
                                                      + (point.y() - a.y()) * dy) / length))
        px, py = a.x() + t * dx - point.x(), a.y() + t * dy - point.y()
        best = min(best, math.hypot(px, py))
    return best


def _end_key(end: End) -> object:
    return end if isinstance(end, int) else (round(end.top, 1), end.line)


def _palette() -> object:
    from PySide6.QtGui import QPalette

    return QPalette()
