"""The table shows section rows as the appendix does; a section folds away and stays folded."""

from pathlib import Path

from PySide6.QtCore import Qt

from scrutiny_desktop.gui.models import Column, Role
from tests.gui.conftest import open_and_wait


def _sections(window) -> list[str]:  # type: ignore[no-untyped-def]
    model = window.sections
    return [model.data(model.index(r, 0)) for r in range(model.rowCount())]


def test_indicators_sit_under_their_section_rows_in_the_workbooks_order(qtbot, make_window, sample_copy: Path) -> None:
    window = make_window()
    open_and_wait(qtbot, window, sample_copy)
    titles = _sections(window)
    assert titles[0] == "Education (7)" and titles[-1].startswith("Youth Justice (")
    first = window.sections.index(0, 0)
    assert window.table.isFirstColumnSpanned(0, first.parent()) and window.table.isExpanded(first)
    # The first exception is chosen, under its section.
    current = window.table.currentIndex()
    assert window.sections.is_section(current.parent())
    assert window.detail.item is not None and window.sections.data(current, Role.REF) == window.detail.item.ref


def test_a_folded_section_stays_folded_through_filters_and_unfolds_to_show_a_chosen_indicator(
        qtbot, make_window, sample_copy: Path) -> None:
    window = make_window()
    open_and_wait(qtbot, window, sample_copy)
    education = window.sections.index(0, 0)
    window.table.setCurrentIndex(education)
    qtbot.keyClick(window.table, Qt.Key.Key_Left)  # folds it, by keyboard
    assert not window.table.isExpanded(education)
    window.exceptions_only.setChecked(True)
    window.exceptions_only.setChecked(False)
    education = window.sections.index(0, 0)
    assert window.sections.data(education).startswith("Education") and not window.table.isExpanded(education)
    assert window.table.isExpanded(window.sections.index(1, 0))
    assert window.select_ref("5")  # in Education
    assert window.table.isExpanded(window.sections.index(0, 0))
    assert window.detail.item is not None and window.detail.item.ref == "5"


def test_sorting_keeps_the_sections_and_the_indicator_on_view(qtbot, make_window, sample_copy: Path) -> None:
    window = make_window()
    open_and_wait(qtbot, window, sample_copy)
    window.select_ref("29")
    titles = _sections(window)
    window.table.sortByColumn(Column.RAG, Qt.SortOrder.AscendingOrder)
    assert _sections(window) == titles
    assert window.detail.item is not None and window.detail.item.ref == "29"
    assert window.sections.data(window.table.currentIndex(), Role.REF) == "29"
