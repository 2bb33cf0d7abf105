"""The read-only text widget: a reading column with generous line spacing, a gutter on
its right where relations run, and paint hooks the view fills in (tints under the
text, span bars and connectors over it, the relations' part in the gutter)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QPointF, Qt, Signal
from PySide6.QtGui import (
    QFont,
    QFontMetricsF,
    QHelpEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QResizeEvent,
    QTextDocument,
    QWheelEvent,
)
from PySide6.QtWidgets import QPlainTextEdit, QWidget

from annotator.ui.document_view.spaced_layout import SpacedLayout
from annotator.ui.scroll_bar import quiet_scroll_bars

COLUMN_CHARS = 80  # the widest the reading column gets, in average characters
BASE_POINT_SIZE = 12.0
GUTTER = 44  # pixels right of the column where relations between lines run


def _nothing() -> None:
    return None


def _no_overlay(_painter: QPainter) -> None:
    return None


def _no_click(_point: QPointF) -> bool:
    return False


def _no_tip(_point: QPointF) -> str:
    return ""


class RelationGutter(QWidget):
    """The strip beside the text column where connectors between lines run. It paints
    and answers the mouse through hooks the view fills in; its y is the viewport's."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setMouseTracking(True)
        self.setAutoFillBackground(False)
        self.paint_hook: Callable[[QPainter], None] = _no_overlay
        self.click_hook: Callable[[QPointF], bool] = _no_click
        self.tip_hook: Callable[[QPointF], str] = _no_tip

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        try:
            self.paint_hook(painter)
        finally:
            painter.end()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self.click_hook(event.position()):
            event.accept()
            return
        super().mousePressEvent(event)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            from PySide6.QtWidgets import QToolTip

            tip = self.tip_hook(QPointF(event.pos()))
            if tip:
                QToolTip.showText(event.globalPos(), tip, self)
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().event(event)


class SpanTextArea(QPlainTextEdit):
    zoomRequested = Signal(int)  # +1 / -1 from Ctrl+wheel

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # Paging through 10 MB moves the handle by less than a pixel: no repaint, and
        # Fusion's gradient groove (2 ms a paint here) is drawn once per size.
        quiet_scroll_bars(self)
        document = QTextDocument(self)
        document.setUndoRedoEnabled(False)
        self.spaced_layout = SpacedLayout(document)
        document.setDocumentLayout(self.spaced_layout)
        self.setDocument(document)
        self.setReadOnly(True)
        self.setTabChangesFocus(True)  # Tab moves to the next panel
        self.setUndoRedoEnabled(False)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                     | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.setFrameShape(QPlainTextEdit.Shape.NoFrame)
        # The side margins of the reading column are ours, not the viewport's:
        # paint them like the page so the column does not look like a box.
        self.setBackgroundRole(QPalette.ColorRole.Base)
        self.setAutoFillBackground(True)
        self.viewport().setMouseTracking(True)
        self.after_paint: Callable[[], None] = _nothing
        self.paint_underlay: Callable[[QPainter], None] = _no_overlay
        self.paint_overlay: Callable[[QPainter], None] = _no_overlay
        self.gutter = RelationGutter(self)
        self.set_point_size(BASE_POINT_SIZE)

    def set_point_size(self, size: float) -> None:
        font = QFont(self.font())
        font.setPointSizeF(size)
        self.spaced_layout.set_line_height(QFontMetricsF(font).height())
        self.setFont(font)
        self.document().setDefaultFont(font)
        self._update_column()

    def line_gap(self) -> float:
        return self.spaced_layout.gap

    def _update_column(self) -> None:
        """Centre a column at most COLUMN_CHARS wide, and the relation gutter beside
        it, with viewport margins."""
        metrics = QFontMetricsF(self.font())
        column = metrics.averageCharWidth() * COLUMN_CHARS + 2 * self.document().documentMargin()
        scrollbar = self.verticalScrollBar().sizeHint().width()
        spare = self.width() - scrollbar - column - GUTTER
        side = max(int(spare / 2), 12)
        margins = self.viewportMargins()
        if margins.left() != side or margins.right() != side + GUTTER:
            self.setViewportMargins(side, 0, side + GUTTER, 0)
        self._place_gutter()

    def _place_gutter(self) -> None:
        viewport = self.viewport().geometry()
        self.gutter.setGeometry(viewport.right() + 1, viewport.top(), GUTTER, viewport.height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._update_column()
        super().resizeEvent(event)
        self._place_gutter()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self.viewport())
        try:
            self.paint_underlay(painter)
        finally:
            painter.end()
        super().paintEvent(event)
        painter = QPainter(self.viewport())
        try:
            self.paint_overlay(painter)
        finally:
            painter.end()
        self.after_paint()

    def wheelEvent(self, event: QWheelEvent) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            delta = event.angleDelta().y()
            if delta:
                self.zoomRequested.emit(1 if delta > 0 else -1)
            event.accept()
            return
        super().wheelEvent(event)
