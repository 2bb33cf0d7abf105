"""Per-label agreement as horizontal bars, painted with QPainter (no QtCharts in
PySide6-Essentials): one group per label, one bar per figure, each with its value
and counts; undefined figures read "n/a" and say why in the tooltip."""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QEvent, QRectF, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QHelpEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
)
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from annotator.ui import plain


@dataclass(frozen=True)
class Figure:
    name: str  # "F1 exact"
    value: float | None  # in [−1, 1]; None when undefined
    counts: str = ""  # "TP 12 · FP 3 · FN 4"
    reason: str | None = None  # why it is None
    detail: str = ""  # more for the tooltip


@dataclass(frozen=True)
class BarGroup:
    label: str
    colour: str
    figures: list[Figure] = field(default_factory=list)


class LabelBars(QWidget):
    NAME_WIDTH_CHARS = "(all labels)______"
    FIGURE_WIDTH_CHARS = "F1 partial__"
    VALUE_WIDTH_CHARS = "-0.000__"
    COUNT_WIDTH_CHARS = "TP 1,234 · FP 1,234 · FN 1,234"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._groups: list[BarGroup] = []
        self._hits: list[tuple[QRectF, str]] = []
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMouseTracking(True)

    def set_groups(self, groups: list[BarGroup]) -> None:
        self._groups = list(groups)
        self.updateGeometry()
        self.setMinimumHeight(self._height())
        self.update()

    def groups(self) -> list[BarGroup]:
        return list(self._groups)

    def _row_height(self) -> int:
        return self.fontMetrics().height() + 8

    def _height(self) -> int:
        rows = sum(len(g.figures) for g in self._groups)
        return 16 + rows * self._row_height() + len(self._groups) * 14

    def sizeHint(self) -> QSize:
        m = self.fontMetrics()
        width = sum(m.horizontalAdvance(s) for s in (
            self.NAME_WIDTH_CHARS, self.FIGURE_WIDTH_CHARS, self.VALUE_WIDTH_CHARS,
            self.COUNT_WIDTH_CHARS)) + 260
        return QSize(width, self._height())

    def minimumSizeHint(self) -> QSize:
        return QSize(520, self._height())

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        m = self.fontMetrics()
        palette = self.palette()
        text_colour = palette.color(QPalette.ColorRole.Text)
        muted = palette.color(QPalette.ColorRole.PlaceholderText)
        track = palette.color(QPalette.ColorRole.AlternateBase).darker(106)
        bold = QFont(self.font())
        bold.setBold(True)
        name_w = max(QFontMetrics(bold).horizontalAdvance(g.label) for g in self._groups) + 36 \
            if self._groups else 100
        fig_w = m.horizontalAdvance(self.FIGURE_WIDTH_CHARS)
        value_w = m.horizontalAdvance(self.VALUE_WIDTH_CHARS)
        count_w = m.horizontalAdvance(self.COUNT_WIDTH_CHARS) + 8
        left = 12
        bar_x = left + name_w + fig_w
        bar_w = max(80, self.width() - bar_x - value_w - count_w - 12)
        row_h = self._row_height()
        self._hits = []
        y = 8
        for group in self._groups:
            colour = QColor(group.colour)
            painter.setFont(bold)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(colour)
            chip = QRectF(left, y + (row_h - 10) / 2, 10, 10)
            painter.drawRoundedRect(chip, 2, 2)
            painter.setPen(text_colour)
            painter.drawText(QRectF(left + 16, y, name_w - 16, row_h),
                             int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft),
                             m.elidedText(group.label, Qt.TextElideMode.ElideRight, name_w - 20))
            painter.setFont(self.font())
            for figure in group.figures:
                row = QRectF(0, y, self.width(), row_h)
                painter.setPen(muted)
                painter.drawText(QRectF(left + name_w, y, fig_w, row_h),
                                 int(Qt.AlignmentFlag.AlignVCenter), figure.name)
                bar = QRectF(bar_x, y + 4, bar_w, row_h - 8)
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(track)
                painter.drawRoundedRect(bar, 3, 3)
                if figure.value is None:
                    painter.setBrush(QColor(0, 0, 0, 0))
                    painter.setPen(QPen(muted, 1, Qt.PenStyle.DashLine))
                    painter.drawRoundedRect(bar.adjusted(0.5, 0.5, -0.5, -0.5), 3, 3)
                    value_text = "n/a"
                else:
                    filled = max(0.0, min(1.0, figure.value)) * bar_w
                    if filled > 0:
                        painter.setBrush(colour)
                        painter.drawRoundedRect(QRectF(bar_x, bar.top(), filled, bar.height()),
                                                3, 3)
                    value_text = f"{figure.value:.2f}"
                # gridlines at 0.5 so bars compare at a glance
                painter.setPen(QPen(QColor(255, 255, 255, 150), 1))
                half = bar_x + bar_w / 2
                painter.drawLine(int(half), int(bar.top()), int(half), int(bar.bottom()))
                painter.setPen(text_colour if figure.value is not None else muted)
                painter.setFont(bold if figure.value is not None else self.font())
                painter.drawText(QRectF(bar_x + bar_w + 8, y, value_w, row_h),
                                 int(Qt.AlignmentFlag.AlignVCenter), value_text)
                painter.setFont(self.font())
                painter.setPen(muted)
                painter.drawText(QRectF(bar_x + bar_w + 8 + value_w, y, count_w, row_h),
                                 int(Qt.AlignmentFlag.AlignVCenter), figure.counts)
                tip = f"{group.label} — {figure.name}: {value_text}"
                if figure.counts:
                    tip += f"\n{figure.counts}"
                if figure.detail:
                    tip += f"\n{figure.detail}"
                if figure.reason:
                    tip += f"\nn/a because {figure.reason}"
                self._hits.append((row, tip))
                y += row_h
            y += 14
        painter.end()

    def tooltips(self) -> list[str]:
        """Every tooltip the bars painted so far carry, as shown."""
        return [plain.tip(tip) for _, tip in self._hits]

    def tooltip_at(self, x: float, y: float) -> str | None:
        for rect, tip in self._hits:
            if rect.contains(x, y):
                return tip
        return None

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            tip = self.tooltip_at(event.pos().x(), event.pos().y())
            if tip:
                QToolTip.showText(event.globalPos(), plain.tip(tip), self)
            else:
                QToolTip.hideText()
            return True
        return super().event(event)
