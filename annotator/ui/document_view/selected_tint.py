"""The selected span's stronger tint, laid over the tints painted under the text.

QPlainTextEdit draws its extra selections between the tints the view paints first
and the text, without laying anything out, so the stronger tint is one of those,
where the selected span is the innermost one, just as the tints show it. Selecting
another span then changes no block's marks.

A very long span is tinted around the screen only, and again once the view scrolls
past that stretch.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QPlainTextEdit, QTextEdit

from annotator.core.model import SpanRow
from annotator.core.overlap import segments
from annotator.ui.document_view.colours import LabelColours

REACH = 20_000  # code points tinted beyond each side of the screen, for a very long span


class SelectedTint:
    def __init__(self, area: QPlainTextEdit, spans_in: Callable[[int, int], list[SpanRow]],
                 to_utf16: Callable[[int], int]) -> None:
        self._area = area
        self._spans_in = spans_in
        self._to_utf16 = to_utf16
        self._span: SpanRow | None = None
        self._tinted = (0, 0)  # the stretch of the span worked out
        self._shown = False  # extra selections are set

    def show(self, span: SpanRow | None, colours: LabelColours,
             visible: tuple[int, int]) -> None:
        """Tint ``span`` (None: no span) as the spans now lie."""
        self._span = span
        marks: list[QTextEdit.ExtraSelection] = []
        if span is not None:
            lo, hi = span.start, span.end
            if hi - lo > 4 * REACH:
                lo, hi = max(lo, visible[0] - REACH), min(hi, visible[1] + REACH)
            self._tinted = (lo, hi)
            strong = colours.format(span.label, True)
            document = self._area.document()
            to16 = self._to_utf16
            for a, b, stack in segments(self._spans_in(lo, hi), lo, hi):
                if stack[0].id != span.id:
                    continue  # a span nested in it shows its own tint there
                mark = QTextEdit.ExtraSelection()
                cursor = QTextCursor(document)
                cursor.setPosition(to16(a))
                cursor.setPosition(to16(b), QTextCursor.MoveMode.KeepAnchor)
                mark.cursor = cursor  # type: ignore[misc]
                mark.format = strong  # type: ignore[misc]
                marks.append(mark)
        if marks or self._shown:
            self._area.setExtraSelections(marks)
        self._shown = bool(marks)

    def follow_scroll(self, colours: LabelColours, visible: tuple[int, int]) -> None:
        """Tint more of a very long span once the screen leaves what was tinted."""
        span = self._span
        if span is None or self._tinted == (span.start, span.end):
            return
        first, last = max(visible[0], span.start), min(visible[1], span.end)
        if first < last and not (self._tinted[0] <= first and last <= self._tinted[1]):
            self.show(span, colours, visible)
