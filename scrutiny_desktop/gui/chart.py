"""A small trend chart: the last thirteen months' outturns against the target line or range band.

With a history of fifteen months or more it is also an XmR chart: the mean and process limits drawn
as labelled lines, and each special-cause point drawn as a square (not only in another colour), with
the variation and assurance icons in words above the plot and in the description.
"""

from __future__ import annotations

import math
from itertools import pairwise

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from scrutiny_desktop.domain.formatting import value_text
from scrutiny_desktop.domain.history import Trend
from scrutiny_desktop.domain.model import Indicator
from scrutiny_desktop.domain.periods import MONTH_ABBR, Period
from scrutiny_desktop.domain.rating import resolve_target
from scrutiny_desktop.domain.review import Reviewed
from scrutiny_desktop.gui.models import RAG_COLOURS

MONTHS_SHOWN = 13  # this month and the same month last year
BAND = QColor(120, 190, 140, 70)
TARGET_PEN = QColor(40, 120, 60)
SPC_PEN = QColor(90, 90, 160)


def chart_points(indicator: Indicator, end: Period) -> list[tuple[int, float]]:
    """(months before `end`, value) for every outturn in the window, oldest first; monthly preferred."""
    by_slot: dict[int, tuple[int, float]] = {}
    for period, outturn in indicator.outturns.items():
        back = end.ordinal - period.ordinal
        if outturn.value is None or not 0 <= back < MONTHS_SHOWN:
            continue
        if back not in by_slot or period.months < by_slot[back][0]:
            by_slot[back] = (period.months, outturn.value)
    return sorted(((back, value) for back, (_, value) in by_slot.items()), key=lambda p: -p[0])


def nice_scale(low: float, high: float, steps: int = 4) -> tuple[float, float, float]:
    """Axis ends and a step of 1, 2 or 5 times a power of ten, with a little room around the data."""
    if high <= low:
        low, high = low - max(abs(low) * 0.1, 0.5), high + max(abs(high) * 0.1, 0.5)
    room = (high - low) * 0.05
    low, high = low - room, high + room
    raw = (high - low) / steps
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    return math.floor(low / step) * step, math.ceil(high / step) * step, step


class TrendChart(QWidget):
    """Months along the bottom, the target line or range band shaded, a point per outturn."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._item: Reviewed | None = None
        self._end: Period | None = None
        self._trend = Trend()
        self.setAccessibleName("Trend chart")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMinimumHeight(self.sizeHint().height())

    def sizeHint(self) -> QSize:
        line = self.fontMetrics().height()
        return QSize(line * 22, line * 10)

    def set_item(self, item: Reviewed | None, end: Period | None, trend: Trend | None = None) -> None:
        self._item, self._end, self._trend = item, end, trend or Trend()
        description = self.description()
        self.setAccessibleDescription(description)
        self.setToolTip(description)
        self.update()

    def points(self) -> list[tuple[int, float]]:
        if self._item is None or self._end is None:
            return []
        return chart_points(self._item.indicator, self._end)

    def description(self) -> str:
        """The chart in words, for screen readers and the tooltip."""
        if self._item is None or self._end is None:
            return "No indicator selected"
        unit = self._item.indicator.unit
        points = self.points()
        if not points:
            return "No outturns in the last 13 months"
        words = ", ".join(f"{self._end.shifted(-back).label} {value_text(v, unit)}" for back, v in points)
        return f"{words}; target {self._item.target_text}{self.spc_description()}"

    def special_months(self) -> dict[int, bool]:
        """Months back from the end -> whether the point is high, for the special-cause points on view."""
        chart, end = self._trend.chart, self._end
        if chart is None or end is None:
            return {}
        found = {}
        for period, point in zip(self._trend.chart_periods, chart.points, strict=False):
            back = end.ordinal - period.ordinal
            if point.special and 0 <= back < MONTHS_SHOWN:
                found[back] = point.high
        return found

    def spc_description(self) -> str:
        chart = self._trend.chart
        if chart is None or self._item is None or self._end is None:
            return ""
        unit = self._item.indicator.unit
        text = (f". SPC over {len(chart.points)} months: {chart.variation.words}"
                f"{'; ' + chart.assurance.words if chart.assurance else ''}; mean {value_text(chart.mean, unit)}, "
                f"process limits {value_text(chart.lower, unit)} to {value_text(chart.upper, unit)}")
        special = sorted(self.special_months(), reverse=True)
        if special:
            text += "; special cause (squares): " + ", ".join(self._end.shifted(-b).label for b in special)
        return text

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        try:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            self._paint(painter)
        finally:
            painter.end()

    def _paint(self, painter: QPainter) -> None:
        palette = self.palette()
        metrics = self.fontMetrics()
        line = metrics.height()
        painter.fillRect(self.rect(), palette.color(QPalette.ColorRole.Base))
        item, end = self._item, self._end
        points = self.points()
        text_pen = palette.color(QPalette.ColorRole.Text)
        if item is None or end is None or not points:
            painter.setPen(text_pen)
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, "No monthly figures to chart")
            return
        unit = item.indicator.unit
        low, high, _ = resolve_target(item.indicator)
        chart = self._trend.chart
        spc = [chart.mean, chart.lower, chart.upper] if chart is not None else []
        values = [v for _, v in points] + [v for v in (low, high) if v is not None] + spc
        lo, hi, step = nice_scale(min(values), max(values))
        if unit.is_percent:
            lo, hi = max(lo, 0.0), min(hi, 100.0)
        ticks = [lo + n * step for n in range(round((hi - lo) / step) + 1)]
        left = max(metrics.horizontalAdvance(value_text(v, unit)) for v in ticks) + line
        plot = QRectF(left, line * 0.6, self.width() - left - line, self.height() - line * 2.6)
        if plot.width() <= 0 or plot.height() <= 0:
            return

        def x(back: int) -> float:
            return plot.left() + plot.width() * (MONTHS_SHOWN - 1 - back) / (MONTHS_SHOWN - 1)

        def y(value: float) -> float:
            return plot.bottom() - plot.height() * (value - lo) / (hi - lo)

        # The target: a shaded band for a range, a dashed line for a single value.
        if low is not None and high is not None:
            if high > low:
                painter.fillRect(QRectF(plot.left(), y(high), plot.width(), y(low) - y(high)), BAND)
                label = f"Range {value_text(low, unit)}–{value_text(high, unit)}"
            else:
                label = f"Target {value_text(low, unit)}"
            pen = QPen(TARGET_PEN, 1.5, Qt.PenStyle.DashLine)
            painter.setPen(pen)
            for v in {low, high}:
                painter.drawLine(QPointF(plot.left(), y(v)), QPointF(plot.right(), y(v)))
            painter.setPen(TARGET_PEN)
            painter.drawText(QRectF(plot.left() + 4, y(high) - line - 1, plot.width(), line),
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom, label)

        # SPC: the mean (solid) and the process limits (dotted), each named, and the icons in words.
        if chart is not None:
            names = ((chart.mean, "Mean", Qt.PenStyle.SolidLine), (chart.upper, "Upper limit", Qt.PenStyle.DotLine),
                     (chart.lower, "Lower limit", Qt.PenStyle.DotLine))
            for v, name, style in names:
                if not lo <= v <= hi:
                    continue
                painter.setPen(QPen(SPC_PEN, 1, style))
                painter.drawLine(QPointF(plot.left(), y(v)), QPointF(plot.right(), y(v)))
                painter.drawText(QRectF(plot.left(), y(v) - line, plot.width() - 2, line),
                                 Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignBottom, name)
            painter.setPen(text_pen)
            icons = chart.variation.words + (f" · {chart.assurance.words}" if chart.assurance else "")
            painter.drawText(QRectF(plot.left() + 4, 0, plot.width(), line),
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop, f"SPC: {icons}")

        # Axes: the value scale on the left, months along the bottom.
        axis = QPen(palette.color(QPalette.ColorRole.Mid), 1)
        painter.setPen(axis)
        painter.drawLine(plot.bottomLeft(), plot.bottomRight())
        painter.drawLine(plot.bottomLeft(), plot.topLeft())
        painter.setPen(text_pen)
        for v in ticks:
            painter.drawText(QRectF(0, y(v) - line / 2, left - line / 3, line),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, value_text(v, unit))
        slot = plot.width() / (MONTHS_SHOWN - 1)
        step = 1 if slot >= metrics.horizontalAdvance("Mmm ") else 3
        for back in range(MONTHS_SHOWN - 1, -1, -step):
            period = end.shifted(-back)
            name = MONTH_ABBR[period.month - 1]
            if back in (0, MONTHS_SHOWN - 1) or period.month == 1:
                name += f"\n{period.year}"
            painter.drawText(QRectF(x(back) - slot, plot.bottom() + 2, slot * 2, line * 2),
                             Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop, name)

        # The outturns: joined where months are consecutive, the current one in its RAG colour.
        painter.setPen(QPen(text_pen, 1.5))
        for (b1, v1), (b2, v2) in pairwise(points):
            if b1 - b2 <= max(1, item.indicator.frequency.window_months if item.indicator.frequency else 1):
                painter.drawLine(QPointF(x(b1), y(v1)), QPointF(x(b2), y(v2)))
        radius = line * 0.22
        special = self.special_months()
        for back, v in points:
            current = back == end.ordinal - (item.period or end).ordinal
            painter.setBrush(RAG_COLOURS[item.rag] if current else text_pen)
            r = radius * (1.6 if current else 1.0)
            if back in special:  # a special-cause point: a square, so shape tells it as well as colour
                painter.setPen(QPen(SPC_PEN, 2))
                painter.drawRect(QRectF(x(back) - r * 1.4, y(v) - r * 1.4, r * 2.8, r * 2.8))
                painter.setPen(QPen(text_pen, 1.5))
            else:
                painter.drawEllipse(QPointF(x(back), y(v)), r, r)
