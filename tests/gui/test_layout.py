"""The window on a laptop at 150 % (about 911x512 logical pixels) and on a wide screen."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from scrutiny_desktop.gui.models import Column
from scrutiny_desktop.gui.window import TOOLBAR_WORDS_WIDTH, MainWindow
from tests.gui.conftest import open_and_wait

LAPTOP_AT_150 = (911, 512)


def _settle(window: MainWindow) -> None:
    for _ in range(3):
        QApplication.processEvents()
    window.table.header().resizeSections()


def _title_chars(window: MainWindow) -> float:
    """How many average characters the Indicator column shows."""
    return window.table.columnWidth(Column.INDICATOR) / window.table.fontMetrics().averageCharWidth()


def test_at_150_percent_the_figures_go_below_and_the_titles_get_the_width(qtbot, make_window, sample_copy) -> None:
    window = make_window()
    open_and_wait(qtbot, window, sample_copy)
    window.resize(*LAPTOP_AT_150)
    _settle(window)
    assert window.stacked and window.main_splitter.orientation() == Qt.Orientation.Vertical
    assert window.side_splitter.orientation() == Qt.Orientation.Horizontal
    assert window.side_tabs.tabText(0) == "Fi&gures" and window.side_tabs.tabText(1) == "Pro&blems (3)"
    assert window.table.horizontalScrollBar().maximum() == 0  # no sideways scrolling
    assert window.table.isColumnHidden(Column.DIRECTION) and not window.table.isColumnHidden(Column.PART2)
    assert _title_chars(window) >= 65  # 44 beside the table at 100 %; about 10 there before
    assert window.toolbar.toolButtonStyle() == Qt.ToolButtonStyle.ToolButtonIconOnly
    for widget in (window.period_box, window.search, window.with_problems, window.shown_count):
        assert widget.isVisible() and widget.geometry().right() <= window.toolbar.width(), widget
    # The table shows at least eight rows; the commentary has room for a few lines.
    row_height = window.table.visualRect(window.sections.index(0, 0)).height()
    assert row_height > 0 and window.table.viewport().height() >= 8 * row_height
    assert window.commentary.editor.height() >= 4 * window.commentary.editor.fontMetrics().lineSpacing()


def test_on_a_wide_screen_the_figures_stay_beside_the_table(qtbot, make_window, sample_copy) -> None:
    window = make_window()
    open_and_wait(qtbot, window, sample_copy)
    _settle(window)
    assert not window.stacked and window.main_splitter.orientation() == Qt.Orientation.Horizontal
    assert window.problems_panel.parent() is window.left_splitter and not window.side_tabs.isVisible()
    assert not window.table.isColumnHidden(Column.DIRECTION) and window.table.isColumnHidden(Column.SECTION)
    assert window.toolbar.toolButtonStyle() == Qt.ToolButtonStyle.ToolButtonTextBesideIcon


def test_ctrl_3_and_the_view_menu_reach_the_problems_below_the_table(qtbot, make_window, sample_copy) -> None:
    window = make_window()
    open_and_wait(qtbot, window, sample_copy)
    window.resize(*LAPTOP_AT_150)
    _settle(window)
    window.go_problems_action.trigger()
    assert window.side_tabs.currentWidget() is window.problems_panel and window.problems.hasFocus()
    window.problems_action.setChecked(False)
    assert not window.side_tabs.isTabVisible(1)
    window.resize(1366, 768)  # back beside the table, with the list still hidden as chosen
    _settle(window)
    assert not window.stacked and not window.problems_panel.isVisibleTo(window)
    window.problems_action.setChecked(True)
    assert window.problems_panel.isVisibleTo(window) and window.detail.isVisibleTo(window)


def test_each_arrangement_keeps_its_columns_and_sizes(qtbot, make_window, sample_copy: Path) -> None:
    window = make_window()
    open_and_wait(qtbot, window, sample_copy)
    window.column_actions[Column.TARGET].setChecked(False)  # View ▸ Columns ▸ Target, beside
    window.resize(*LAPTOP_AT_150)
    _settle(window)
    assert not window.table.isColumnHidden(Column.TARGET)  # below: its own columns
    window.column_actions[Column.DIRECTION].setChecked(True)
    window.main_splitter.setSizes([300, 150])
    table_height = window.main_splitter.sizes()[0]
    window.close()

    again = make_window()
    open_and_wait(qtbot, again, sample_copy)
    assert again.table.isColumnHidden(Column.TARGET) and not again.column_actions[Column.TARGET].isChecked()
    again.resize(*LAPTOP_AT_150)
    _settle(again)
    assert not again.table.isColumnHidden(Column.DIRECTION) and again.column_actions[Column.DIRECTION].isChecked()
    assert abs(again.main_splitter.sizes()[0] - table_height) <= 2


def test_the_first_size_on_a_laptop_at_100_percent_stacks_too(qtbot, make_window, sample_copy) -> None:
    """90 % of 1366 pixels, the size the window opens at: beside the table the titles had 22 characters."""
    window = make_window()
    open_and_wait(qtbot, window, sample_copy)
    window.resize(1229, 690)
    _settle(window)
    assert window.stacked and _title_chars(window) >= 65
    assert window.toolbar.toolButtonStyle() == Qt.ToolButtonStyle.ToolButtonTextBesideIcon  # the words fit


def test_at_the_narrowest_width_with_words_the_whole_toolbar_fits(qtbot, make_window, sample_copy) -> None:
    """Export report draft added a button: everything still shows, and the period is never cut."""
    window = make_window()
    open_and_wait(qtbot, window, sample_copy)
    window.resize(TOOLBAR_WORDS_WIDTH, 690)
    _settle(window)
    assert window.toolbar.toolButtonStyle() == Qt.ToolButtonStyle.ToolButtonTextBesideIcon
    buttons = [window.toolbar.widgetForAction(a) for a in (window.open_action, window.export_action,
                                                           window.report_action, window.next_action)]
    for widget in (*buttons, window.period_box, window.search, window.shown_count):
        assert widget.isVisible() and widget.geometry().right() <= window.toolbar.width(), widget
    assert window.period_box.width() >= window.period_box.sizeHint().width()
