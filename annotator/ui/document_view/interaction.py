"""Mouse and keyboard on the text: click to select a span (again to go outwards),
drag a selected span's edge or use Alt+arrows to resize it, hover for labels and
relations; Ctrl+click a span to link the selected span to it, Ctrl+drag from span to
span to link them, click a connector to select its relation; while linking, a click
picks the child.

It filters events of the text area and its viewport and speaks to the view
through ``InteractionHost``; everything left alone (drag-selecting text,
scrolling, copying) falls through to QPlainTextEdit.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from PySide6.QtCore import QEvent, QObject, QPoint, QPointF, Qt
from PySide6.QtGui import QHelpEvent, QKeyEvent, QMouseEvent, QTextCursor
from PySide6.QtWidgets import QApplication, QToolTip

from annotator.core.model import Span
from annotator.ui import plain
from annotator.ui.document_view.geometry import char_at, line_at
from annotator.ui.document_view.text_area import SpanTextArea

EDGE_GRAB = 5.0  # pixels either side of a span edge that start a resize


class InteractionHost(Protocol):
    def selected_span(self) -> Span | None: ...
    def select_span(self, span_id: int | None) -> None: ...
    def spans_at(self, pos: int) -> list[Span]: ...
    def to_utf16(self, pos: int) -> int: ...
    def from_utf16(self, pos16: int) -> int: ...
    def request_resize(self, span: Span, start: int, end: int) -> None: ...
    def set_preview(self, pos16: int | None) -> None: ...
    def text(self) -> str: ...
    def set_hovered(self, span_id: int | None) -> None: ...
    def is_linking(self) -> bool: ...
    def click_linking(self, span_ids: list[int]) -> None: ...
    def request_link(self, head_id: int, child_id: int) -> None: ...
    def click_relation(self, point: QPointF) -> bool: ...
    def relation_lines(self, span: Span) -> list[str]: ...


TIP_CHARS = 60  # the most of a span's text a tooltip line shows


def shortened(text: str, limit: int = TIP_CHARS) -> str:
    """The text on one line, its middle left out when long: both ends say most."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    keep = (limit - 3) * 2 // 3
    head, tail = text[:keep], text[len(text) - (limit - 3 - keep):]
    # Whole words at the cut where a space is near.
    if " " in head[keep // 2:]:
        head = head[:head.rfind(" ")]
    if " " in tail[:len(tail) // 2]:
        tail = tail[tail.find(" ") + 1:]
    return f"{head} … {tail}"


def tooltip_text(spans: list[Span], text: str, relations: Sequence[str] = ()) -> str:
    """One line per span, innermost first: its label, its text (shortened) and whose
    it is — ``actor: “Sergey Shoigu” (alice)``; then the innermost span's relations:
    ``speaker → Maduro``."""
    lines = []
    for span in spans:
        line = f"{span.label}: “{shortened(text[span.start:span.end])}”"
        lines.append(f"{line} ({span.annotator})" if span.annotator else line)
    return "\n".join([*lines, *relations])


class SpanInteraction(QObject):
    def __init__(self, area: SpanTextArea, host: InteractionHost) -> None:
        super().__init__(area)
        self._area = area
        self._host = host
        self._press: QPoint | None = None
        self._drag_edge: str | None = None  # "start" or "end" while resizing
        self._link_from: int | None = None  # the span a Ctrl+drag started on
        self._link_press: QPoint | None = None
        self._last_stack: tuple[int | None, ...] = ()
        area.installEventFilter(self)
        area.viewport().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if watched is self._area:
            if kind == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
                return self._key(event)
            return False
        if kind == QEvent.Type.MouseButtonPress and isinstance(event, QMouseEvent):
            return self._mouse_press(event)
        if kind == QEvent.Type.MouseMove and isinstance(event, QMouseEvent):
            return self._mouse_move(event)
        if kind == QEvent.Type.MouseButtonRelease and isinstance(event, QMouseEvent):
            return self._mouse_release(event)
        if kind == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            self._tooltip(event)
            return True
        if kind == QEvent.Type.Leave:
            self._host.set_hovered(None)
        return False

    # -- clicking -----------------------------------------------------------

    def _mouse_press(self, event: QMouseEvent) -> bool:
        if event.button() != Qt.MouseButton.LeftButton:
            return False
        ctrl = bool(event.modifiers() & Qt.KeyboardModifier.ControlModifier)
        if ctrl or self._host.is_linking():
            stack = self.stack_at(event.position())
            if stack:  # ours: linking, not selecting text
                self._link_from = stack[0].id
                self._link_press = event.position().toPoint()
                return True
        edge = self.edge_at(event.position())
        if edge is not None:
            self._drag_edge = edge
            return True  # ours: no text selection while dragging an edge
        self._press = event.position().toPoint()
        return False

    def _mouse_release(self, event: QMouseEvent) -> bool:
        if event.button() != Qt.MouseButton.LeftButton:
            return False
        if self._drag_edge is not None:
            self._finish_drag(event.position())
            return True
        if self._link_from is not None:
            self._finish_link(event.position())
            return True
        press, self._press = self._press, None
        if press is None:
            return False
        moved = (event.position().toPoint() - press).manhattanLength()
        if moved < QApplication.startDragDistance():
            self.click(event.position())
        return False

    def stack_at(self, point: QPointF) -> list[Span]:
        """The spans under a point, innermost first."""
        pos16 = char_at(self._area, point)
        return self._host.spans_at(self._host.from_utf16(pos16)) if pos16 is not None else []

    def _finish_link(self, point: QPointF) -> None:
        """A Ctrl+click, a Ctrl+drag from span to span, or a click while linking."""
        start, self._link_from = self._link_from, None
        press, self._link_press = self._link_press, None
        assert start is not None and press is not None
        stack = self.stack_at(point)
        dragged = (point.toPoint() - press).manhattanLength() >= QApplication.startDragDistance()
        if self._host.is_linking():
            if not dragged:
                self._host.click_linking([s.id for s in stack])  # type: ignore[misc]
            return
        if not stack:
            return
        if dragged:
            if stack[0].id != start:
                self._host.request_link(start, stack[0].id)  # type: ignore[arg-type]
            return
        selected = self._host.selected_span()
        if selected is None or selected.id in {s.id for s in stack}:
            self.click(point)  # nothing to link from (or itself): a plain click
        else:
            self._host.request_link(selected.id, stack[0].id)  # type: ignore[arg-type]

    def click(self, point: QPointF) -> None:
        """Select the innermost span here; if the selection is already in this
        stack, move one span outwards (wrapping round to the innermost). Off the
        spans, a connector there selects its relation."""
        stack = self.stack_at(point)
        if not stack:
            self._last_stack = ()
            if self._host.click_relation(point):
                return
            if self._host.selected_span() is not None:
                self._host.select_span(None)
            return
        ids = tuple(s.id for s in stack)
        selected = self._host.selected_span()
        chosen = stack[0]
        if selected is not None and selected.id in ids and ids == self._last_stack:
            chosen = stack[(ids.index(selected.id) + 1) % len(stack)]
        self._last_stack = ids
        self._host.select_span(chosen.id)

    # -- resizing by dragging an edge --------------------------------------

    def edge_at(self, point: QPointF) -> str | None:
        """"start" or "end" when ``point`` is on an edge of the selected span."""
        span = self._host.selected_span()
        if span is None:
            return None
        hit = line_at(self._area, point)
        if hit is None:
            return None
        block, line, top = hit
        if not top + line.y() - 3 <= point.y() <= top + line.y() + line.height() + 3:
            return None
        lo = block.position() + line.textStart()
        hi = lo + line.textLength()
        x_offset = self._area.contentOffset().x()
        for edge, pos16 in (("start", self._host.to_utf16(span.start)),
                            ("end", self._host.to_utf16(span.end))):
            on_line = lo <= pos16 < hi if edge == "start" else lo < pos16 <= hi
            if on_line:
                x = line.cursorToX(pos16 - block.position())[0] + x_offset
                if abs(point.x() - x) <= EDGE_GRAB:
                    return edge
        return None

    def _mouse_move(self, event: QMouseEvent) -> bool:
        viewport = self._area.viewport()
        if self._drag_edge is not None:
            self._host.set_preview(self._area.cursorForPosition(event.position().toPoint()).position())
            return True
        if self._link_from is not None:
            return True
        if event.buttons() == Qt.MouseButton.NoButton:
            edge = self.edge_at(event.position())
            viewport.setCursor(Qt.CursorShape.SizeHorCursor if edge else
                               Qt.CursorShape.PointingHandCursor if self._host.is_linking()
                               else Qt.CursorShape.IBeamCursor)
            stack = self.stack_at(event.position())
            self._host.set_hovered(stack[0].id if stack else None)  # type: ignore[arg-type]
        return False

    def _finish_drag(self, point: QPointF) -> None:
        edge, self._drag_edge = self._drag_edge, None
        self._host.set_preview(None)
        span = self._host.selected_span()
        if span is None:
            return
        pos = self._host.from_utf16(self._area.cursorForPosition(point.toPoint()).position())
        if edge == "start":
            self._resize(span, pos, span.end)
        else:
            self._resize(span, span.start, pos)

    def _resize(self, span: Span, start: int, end: int) -> None:
        if start < end and (start, end) != (span.start, span.end):
            self._host.request_resize(span, start, end)

    # -- keyboard ------------------------------------------------------------

    def _key(self, event: QKeyEvent) -> bool:
        mods = event.modifiers()
        key = event.key()
        if not mods & Qt.KeyboardModifier.AltModifier or key not in (Qt.Key.Key_Left,
                                                                      Qt.Key.Key_Right):
            return False
        span = self._host.selected_span()
        if span is None:
            return False
        forward = key == Qt.Key.Key_Right
        if mods & Qt.KeyboardModifier.ShiftModifier:
            self._resize(span, span.start, self._step(span.end, forward))
        else:
            self._resize(span, self._step(span.start, forward), span.end)
        return True

    def _step(self, pos: int, forward: bool) -> int:
        """One user-perceived character on (a ZWJ family or e + accent is one)."""
        cursor = QTextCursor(self._area.document())
        cursor.setPosition(self._host.to_utf16(pos))
        cursor.movePosition(QTextCursor.MoveOperation.NextCharacter if forward
                            else QTextCursor.MoveOperation.PreviousCharacter)
        return self._host.from_utf16(cursor.position())

    # -- hover ------------------------------------------------------------------

    def _tooltip(self, event: QHelpEvent) -> None:
        spans = self.stack_at(QPointF(event.pos()))
        if spans:
            QToolTip.showText(event.globalPos(), plain.tip(tooltip_text(
                spans, self._host.text(), self._host.relation_lines(spans[0]))),
                              self._area.viewport())
        else:
            QToolTip.hideText()
            event.ignore()
