"""Filters in the window, the detail pane and chart, the problems pane and 'Show in Excel'."""

from pathlib import Path

import pytest

from scrutiny_desktop.excel import excel_app
from scrutiny_desktop.excel.excel_app import Shown
from scrutiny_desktop.gui.chart import chart_points, nice_scale
from scrutiny_desktop.gui.models import Column, Role
from scrutiny_desktop.gui.window import MainWindow
from tests.gui.conftest import open_and_wait, wait_until_read


@pytest.fixture
def window(qtbot, make_window, sample_copy: Path) -> MainWindow:
    window = make_window()
    open_and_wait(qtbot, window, sample_copy)
    return window


def _shown(window: MainWindow) -> list[str]:
    proxy = window.proxy
    return [proxy.data(proxy.index(r, Column.REF), Role.REF) for r in range(proxy.rowCount())]


def test_the_filter_widgets_drive_the_table(qtbot, window: MainWindow) -> None:
    window.exceptions_only.setChecked(True)
    assert _shown(window) == ["5", "22", "23", "25", "29", "35.1"]
    assert window.shown_count.text() == "Showing 6 of 40"
    window.exceptions_only.setChecked(False)
    window.with_problems.setChecked(True)
    assert sorted(_shown(window)) == ["12", "14", "31"]
    window.with_problems.setChecked(False)
    qtbot.keyClicks(window.search, "caseload")
    assert _shown(window) == ["29"]
    window.search.clear()
    assert window.shown_count.text() == "40 indicators"


def test_choosing_a_hidden_indicator_clears_the_filters(window: MainWindow) -> None:
    window.exceptions_only.setChecked(True)
    assert window.select_ref("12")
    assert not window.exceptions_only.isChecked() and window.detail.item.ref == "12"


def test_the_detail_pane_shows_every_figure_and_how_the_rag_was_decided(window: MainWindow) -> None:
    window.select_ref("29")
    detail = window.detail
    assert detail.heading.text() == "29  Average Caseloads (Children's Social Care)"
    assert detail.rag.text() == "Amber"
    assert detail.explanation.text() == "16.8 is above the range 12–15 by 1.8, within the tolerance of 3: Amber."
    assert detail.values["Outturn Oct 2019"] == "16.8"
    assert detail.values["Target / range"] == "12–15 (tolerance 3)"
    assert detail.values["Since Sep 2019"] == "↑ worsening (from 16.5)"
    assert detail.values["Since Oct 2018"] == "↑ worsening (from 15.4)"
    assert detail.values["Outturn 2018/19"] == "15.6" and detail.values["England"] == "17.4"
    assert "Part 2" not in detail.meta.text()
    window.select_ref("23")
    assert "Part 2" in detail.meta.text()
    assert detail.values["Outturn Sep 2019"] == "40% (2 of 5)"


def test_the_trend_chart_plots_the_months_against_the_target(window: MainWindow) -> None:
    window.select_ref("25")
    chart = window.detail.chart
    assert [back for back, _ in chart.points()] == [12, 6, 5, 4, 3, 2, 1, 0]  # Oct 2018, then Apr-Oct 2019
    description = chart.accessibleDescription()
    assert description.startswith("Oct 2018 57.7%, Apr 2019 57.8%")
    assert description.endswith("target 65% (tolerance 5 points)")
    image = chart.grab().toImage()
    assert image.width() > 100 and image.height() > 50
    item = window.review.item("35.1")
    assert chart_points(item.indicator, window.review.period) == [(4, pytest.approx(52.17, abs=0.01)),
                                                                 (1, pytest.approx(50.96, abs=0.01))]


@pytest.mark.parametrize("low, high, expected", [
    (53.4, 65.0, (50.0, 70.0, 5.0)),  # room above the target line, not the line on the frame
    (12, 16.8, (10.0, 18.0, 2.0)),
    (5, 5, (4.0, 6.0, 0.5)),
])
def test_the_chart_scale_has_round_ticks(low: float, high: float, expected: tuple[float, float, float]) -> None:
    assert nice_scale(low, high) == pytest.approx(expected)


def test_choosing_a_problem_selects_its_indicator(window: MainWindow) -> None:
    window.problems.selectRow(1)
    assert window.detail.item.ref == "31"
    assert window.problem_text.text().startswith("Dataset!N41: Cell N41 (indicator 31)")


def test_show_in_excel_goes_through_the_adapter_off_the_gui_thread(
    qtbot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[tuple[Path, str, str]] = []

    def show_cell(workbook: Path, sheet: str, cell: str) -> Shown:
        calls.append((workbook, sheet, cell))
        return Shown(False, f"Opened {workbook.name}: go to {sheet}!{cell}")

    monkeypatch.setattr(excel_app, "show_cell", show_cell)
    window.problems.selectRow(0)
    window.problem_excel.click()
    wait_until_read(qtbot, window)
    assert calls == [(window.workbook, "Dataset", "F18")]
    assert window.statusBar().currentMessage().endswith("go to Dataset!F18")
    window.select_ref("25")
    window.detail.excel_button.click()
    wait_until_read(qtbot, window)
    assert calls[-1] == (window.workbook, "Dataset", "A33")  # the indicator's row
