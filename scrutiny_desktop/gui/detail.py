"""The selected indicator in full: every figure, the trend chart, and how its RAG was decided."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from scrutiny_desktop.domain.formatting import value_text
from scrutiny_desktop.domain.history import RAG_SYMBOL, Trend
from scrutiny_desktop.domain.model import Benchmark, Polarity
from scrutiny_desktop.domain.periods import Period
from scrutiny_desktop.domain.problems import quote_sheet
from scrutiny_desktop.domain.rating import Travel
from scrutiny_desktop.domain.review import Reviewed
from scrutiny_desktop.gui.chart import TrendChart
from scrutiny_desktop.gui.models import RAG_COLOURS, RAG_TEXT

_GOOD_IS = {Polarity.HIGH: "Higher is better", Polarity.LOW: "Lower is better",
            Polarity.RANGE: "Within the range", Polarity.MONITOR: "Monitored for information"}


def _selectable(label: QLabel) -> QLabel:
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse |
                                  Qt.TextInteractionFlag.TextSelectableByKeyboard)
    label.setWordWrap(True)
    return label


class IndicatorDetail(QScrollArea):
    """Scrolls when the pane is short (150 % scaling on a laptop), never cuts a figure off."""

    show_in_excel = Signal(str, str)  # sheet, cell

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        # Never a sideways scroll: the figures reflow into one column and long words wrap instead.
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setAccessibleName("Indicator details")
        body = QWidget()
        layout = QVBoxLayout(body)
        self.heading = _selectable(QLabel("Choose an indicator in the table to see its figures."))
        self.heading.setObjectName("detailHeading")
        self.heading.setAccessibleName("Indicator")
        layout.addWidget(self.heading)
        self.meta = _selectable(QLabel())
        self.meta.setObjectName("detailMeta")
        self.meta.setAccessibleName("Section and disclosure")
        layout.addWidget(self.meta)
        rag_row = QHBoxLayout()
        self.rag = QLabel()
        self.rag.setObjectName("ragBadge")
        self.rag.setAccessibleName("RAG rating")
        self.rag.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.rag.setMinimumWidth(self.fontMetrics().horizontalAdvance("No target") + 24)
        rag_row.addWidget(self.rag, 0, Qt.AlignmentFlag.AlignTop)
        self.explanation = _selectable(QLabel())
        self.explanation.setAccessibleName("How the RAG was decided")
        rag_row.addWidget(self.explanation, 1)
        layout.addLayout(rag_row)
        self.figures = QGridLayout()
        self.figures.setColumnStretch(1, 3)
        self.figures.setColumnStretch(3, 2)
        self.figures.setHorizontalSpacing(10)
        layout.addLayout(self.figures)
        self.chart = TrendChart()
        layout.addWidget(self.chart)
        excel_row = QHBoxLayout()
        self.where = QLabel()
        self.where.setAccessibleName("Row in the workbook")
        excel_row.addWidget(self.where, 1)
        self.excel_button = QPushButton("Show row in &Excel")
        self.excel_button.setAccessibleName("Show this indicator's row in Excel")
        self.excel_button.clicked.connect(self._show_in_excel)
        excel_row.addWidget(self.excel_button)
        layout.addLayout(excel_row)
        layout.addStretch(1)
        self.setWidget(body)
        self._item: Reviewed | None = None
        self._trend = Trend()
        self._sheet = ""
        self.values: dict[str, str] = {}  # what the figures grid shows, by label (tests read it)
        self._pairs: tuple[list[tuple[str, str]], list[tuple[str, str]]] = ([], [])
        self._columns = 0
        self.set_item(None, None, "")

    @property
    def item(self) -> Reviewed | None:
        return self._item

    def set_item(self, item: Reviewed | None, end: Period | None, sheet: str, trend: Trend | None = None) -> None:
        self._item, self._sheet, self._trend = item, sheet, trend or Trend()
        self._clear_figures()
        self.chart.set_item(item, end, trend)
        for widget in (self.meta, self.rag, self.explanation, self.chart, self.where, self.excel_button):
            widget.setVisible(item is not None)
        if item is None:
            self.heading.setText("Choose an indicator in the table to see its figures.")
            return
        ind = item.indicator
        self.heading.setText(f"{ind.ref}  {ind.title}")
        meta = [ind.section or "No section"]
        if ind.frequency is not None:
            meta.append(ind.frequency.value.capitalize())
        meta.append(f"Unit: {ind.unit.shown_as}")
        if ind.sensitive:
            meta.append("Part 2 — withheld from the public appendix")
        self.meta.setText("  ·  ".join(meta))
        colour = RAG_COLOURS[item.rag]
        self.rag.setText(item.rag.word)
        self.rag.setStyleSheet(f"background: {colour.name()}; color: {RAG_TEXT.name()}; "
                               "border-radius: 4px; padding: 4px 8px; font-weight: bold;")
        self.explanation.setText(item.explanation + ".")
        self._fill_figures(item)
        cell = ind.cell("ref")
        self.where.setText(f"Row {ind.row} of {quote_sheet(sheet)}" if ind.row else "")
        self.excel_button.setEnabled(bool(cell))

    def _fill_figures(self, item: Reviewed) -> None:
        """This period's figures on the left; earlier years and benchmarks on the right."""
        ind, unit = item.indicator, item.indicator.unit
        now: list[tuple[str, str]] = [
            (f"Outturn {item.period.label}" if item.period else "Outturn", item.value_text),
            ("Target / range", item.target_text),
            ("Good is", _GOOD_IS.get(ind.polarity, "Not stated") if ind.polarity else "Not stated"),
            (_travel_label("Since", item.vs_previous, "the previous period"), _travel_text(item.vs_previous, item)),
            (_travel_label("Since", item.vs_last_year, "last year"), _travel_text(item.vs_last_year, item)),
        ]
        if item.rating.override is not None:
            now.append(("Computed RAG", item.rating.rag.word))
        trend = self._trend
        if trend.has_history:
            # Words and a letter for each quarter: the rating never by colour alone.
            now.append(("Last four quarters", ", ".join(
                f"{q.quarter.label} {RAG_SYMBOL[q.rag]} {q.rag.word}" if q.rag else f"{q.quarter.label} not held"
                for q in trend.quarters)))
            chart = trend.chart
            if chart is None:
                now.append(("SPC", "Fewer than 15 monthly figures: no chart yet"))
            else:
                assurance = f"; {chart.assurance.symbol} {chart.assurance.words}" if chart.assurance else ""
                now.append(("SPC", f"{chart.variation.symbol} {chart.variation.words}{assurance}"))
        before: list[tuple[str, str]] = [
            (f"Outturn {label}", value_text(value, unit) if value is not None else "–")
            for label, value in ind.annual.items()
        ]
        for benchmark in Benchmark:
            if benchmark in ind.benchmarks:
                figure = ind.benchmarks[benchmark]
                before.append((benchmark.label, value_text(figure, unit) if figure is not None else "–"))
        if ind.stated_rag is not None:
            before.append(("Workbook's RAG", ind.stated_rag.word))
        self._pairs = (now, before)
        for label, text in (*now, *before):
            self.values[label] = text
        self._columns = 0
        self._place_figures()

    def _place_figures(self) -> None:
        """Two columns of figures where the pane is wide, one where it is narrow (150 % on a laptop)."""
        columns = 2 if self.viewport().width() >= self.fontMetrics().averageCharWidth() * 75 else 1
        if columns == self._columns:
            return
        self._columns = columns
        self._clear_figures(keep_values=True)
        now, before = self._pairs
        blocks = ((0, 0, now), (0, 2, before)) if columns == 2 else ((0, 0, now), (len(now), 0, before))
        for first_row, col, pairs in blocks:
            for row, (label, value) in enumerate(pairs, start=first_row):
                key = QLabel(label + ":")
                key.setObjectName("figureLabel")
                shown = _selectable(QLabel(value))
                shown.setAccessibleName(label)
                key.setBuddy(shown)
                self.figures.addWidget(key, row, col, Qt.AlignmentFlag.AlignTop)
                self.figures.addWidget(shown, row, col + 1, Qt.AlignmentFlag.AlignTop)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self._item is not None:
            self._place_figures()

    def _clear_figures(self, keep_values: bool = False) -> None:
        if not keep_values:
            self.values = {}
        while self.figures.count():
            child = self.figures.takeAt(0)
            widget = child.widget() if child is not None else None
            if widget is not None:
                widget.hide()  # at once: deleteLater waits for the event loop, and would overlap the new figures
                widget.setParent(None)
                widget.deleteLater()

    def _show_in_excel(self) -> None:
        if self._item is not None:
            self.show_in_excel.emit(self._sheet, self._item.indicator.cell("ref"))


def _travel_label(prefix: str, travel: Travel, otherwise: str) -> str:
    period = travel.previous_period
    return f"{prefix} {period.label}" if period is not None else f"{prefix} {otherwise}"


def _travel_text(travel: Travel, item: Reviewed) -> str:
    if travel.previous is None:
        return travel.text
    return f"{travel.text} (from {value_text(travel.previous, item.indicator.unit)})"
