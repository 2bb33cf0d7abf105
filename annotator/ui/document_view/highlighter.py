"""Background tints for the innermost span at every point, one block at a time.

The selected span's stronger tint is not a format: the view lays it over these as
an extra selection, so selecting another span re-lays out no paragraph.

The highlighter is lazy: Qt calls highlightBlock for every block when the text
is set, and formatting 30,000 blocks nobody can see would cost the first paint.
So blocks are formatted only when the view asks (the visible ones, just before
painting), and a span edit marks its blocks stale instead of formatting them.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QSyntaxHighlighter, QTextBlock, QTextDocument

from annotator.core.model import Span
from annotator.core.overlap import segments
from annotator.ui.document_view.colours import LabelColours

# Given a block, its first code point, the code point after its last, and the
# spans touching it.
SpanSource = Callable[[QTextBlock], tuple[int, int, list[Span]]]


class SpanHighlighter(QSyntaxHighlighter):
    def __init__(self, document: QTextDocument, source: SpanSource,
                 to_utf16: Callable[[int], int]) -> None:
        super().__init__(document)
        self._source = source
        self._to_utf16 = to_utf16
        self.colours: LabelColours | None = None
        self._fresh = bytearray()  # 1 where a block's formats match the spans
        self._formatting = False

    def reset(self, block_count: int) -> None:
        """Forget every block's formats (new text, new colours)."""
        self._fresh = bytearray(block_count)

    def mark_stale(self, first: int, last: int) -> None:
        for n in range(first, min(last + 1, len(self._fresh))):
            self._fresh[n] = 0

    def is_fresh(self, number: int) -> bool:
        return number < len(self._fresh) and bool(self._fresh[number])

    def refresh(self, block: QTextBlock) -> None:
        """Format one block now, if its formats are stale."""
        number = block.blockNumber()
        if number >= len(self._fresh) or self._fresh[number]:
            return
        self._fresh[number] = 1
        self._formatting = True
        try:
            self.rehighlightBlock(block)
        finally:
            self._formatting = False

    def highlightBlock(self, text: str) -> None:
        if not self._formatting or self.colours is None:
            return
        block = self.currentBlock()
        first, last, spans = self._source(block)
        if not spans:
            return
        base16 = block.position()
        to16 = self._to_utf16
        colours = self.colours
        # One setFormat per merged segment, never per character.
        for a, b, stack in segments(spans, first, last):
            start16 = to16(a) - base16
            self.setFormat(start16, to16(b) - base16 - start16, colours.format(stack[0].label))
