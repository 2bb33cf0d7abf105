"""Line spacing for QPlainTextEdit, which ignores QTextBlockFormat.lineHeight.

QPlainTextDocumentLayout stacks lines at the font's own line height. After it
lays out a block we move each line down, leaving a gap *above* every line: text
breathes like a 1.4 line height, and the gap under a line is where the view
draws its stacked span bars. Block heights, hit-testing, cursor rectangles and
scrolling all read line positions back from the layout, so they stay consistent.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QTextBlock, QTextDocument
from PySide6.QtWidgets import QPlainTextDocumentLayout

LINE_HEIGHT = 1.5  # as a multiple of the font's line height


class SpacedLayout(QPlainTextDocumentLayout):
    def __init__(self, document: QTextDocument) -> None:
        super().__init__(document)
        self.gap = 6.0

    def set_line_height(self, font_line_height: float) -> None:
        """Recompute the gap for a font; Qt relays out on font changes anyway."""
        self.gap = float(max(3, round(font_line_height * (LINE_HEIGHT - 1.0))))

    def blockBoundingRect(self, block: QTextBlock) -> QRectF:
        layout = block.layout()
        if layout.lineCount() == 0:
            self.ensureBlockLayout(block)
        count = layout.lineCount()
        # Qt puts the first line at y == 0; ours sits at y == gap (> 0). So a
        # first line at 0 means Qt has just (re)laid the block out.
        if count and layout.lineAt(0).y() != self.gap:
            y = self.gap
            for i in range(count):
                line = layout.lineAt(i)
                line.setPosition(QPointF(line.x(), y))
                y += line.height() + self.gap
        return super().blockBoundingRect(block)
