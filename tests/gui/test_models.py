"""The table models, tested without widgets: qtmodeltester, named columns and roles, filters, sorting."""

from dataclasses import replace

import pytest
from PySide6.QtCore import Qt

from scrutiny_desktop.domain.review import Review
from scrutiny_desktop.gui.models import (
    COMMENTARY_NEEDED,
    COMMENTARY_WRITTEN,
    RAG_COLOURS,
    Column,
    IndicatorFilter,
    IndicatorTableModel,
    ProblemColumn,
    ProblemTableModel,
    Role,
    SectionRows,
)
from scrutiny_desktop.pipeline import load_review
from tests.helpers import SAMPLE


@pytest.fixture(scope="module")
def review() -> Review:
    return load_review(SAMPLE)


@pytest.fixture
def model(review: Review) -> IndicatorTableModel:
    model = IndicatorTableModel()
    model.set_rows(review.items, review.problems)
    return model


def _column(model, column: Column, role: int = Qt.ItemDataRole.DisplayRole) -> dict[str, object]:
    return {model.data(model.index(r, Column.REF), Role.REF): model.data(model.index(r, column), role)
            for r in range(model.rowCount())}


def test_the_indicator_model_passes_qtmodeltester(qtmodeltester, model: IndicatorTableModel) -> None:
    qtmodeltester.check(model)
    empty = IndicatorTableModel()
    qtmodeltester.check(empty)


def test_the_filter_passes_qtmodeltester_with_every_filter_on(qtmodeltester, model: IndicatorTableModel) -> None:
    proxy = IndicatorFilter()
    proxy.setSourceModel(model)
    proxy.set_exceptions_only(True)
    proxy.set_search("children")
    proxy.sort(Column.RAG)
    qtmodeltester.check(proxy)


def test_the_problem_model_passes_qtmodeltester(qtmodeltester, review: Review) -> None:
    model = ProblemTableModel()
    model.set_rows(review.problems)
    qtmodeltester.check(model)
    qtmodeltester.check(ProblemTableModel())


def test_rows_show_the_review_as_the_committee_reads_it(model: IndicatorTableModel) -> None:
    assert model.rowCount() == 40 and model.columnCount() == len(Column)
    assert _column(model, Column.OUTTURN)["25"] == "55% (50 of 91)"
    assert _column(model, Column.TARGET)["29"] == "12–15"
    assert "tolerance of 3" in str(_column(model, Column.RAG, Qt.ItemDataRole.ToolTipRole)["29"])
    rag = _column(model, Column.RAG)
    assert (rag["25"], rag["29"], rag["1"], rag["12"]) == ("Red", "Amber", "Green", "No target")
    assert _column(model, Column.RAG, Qt.ItemDataRole.BackgroundRole)["25"] == RAG_COLOURS[review_rag(model, "25")]
    assert _column(model, Column.DIRECTION)["25"] == "↓ worsening"  # arrow and word
    part2 = _column(model, Column.PART2)
    assert {ref for ref, text in part2.items() if text == "Part 2"} == {"5", "22", "23"}
    commentary = _column(model, Column.COMMENTARY)
    assert commentary["35.1"] == COMMENTARY_NEEDED and commentary["25"] == COMMENTARY_WRITTEN
    assert commentary["1"] == ""
    assert {ref for ref, has in _column(model, Column.REF, Role.HAS_PROBLEM).items() if has} == {"12", "14", "31"}


def review_rag(model: IndicatorTableModel, ref: str):  # type: ignore[no-untyped-def]
    row = model.row_of(ref)
    assert row is not None
    return model.item(row).rag


def test_update_item_changes_one_row_and_says_so(qtbot, model: IndicatorTableModel, review: Review) -> None:
    item = review.item("35.1")
    assert item is not None
    with qtbot.waitSignal(model.dataChanged) as changed:
        model.update_item(replace(item, commentary="Plans are late because ..."))
    row = model.row_of("35.1")
    assert changed.args[0].row() == row and changed.args[1].column() == len(Column) - 1
    assert model.data(model.index(row, Column.COMMENTARY)) == COMMENTARY_WRITTEN


def test_set_rows_is_a_model_reset(qtbot, model: IndicatorTableModel, review: Review) -> None:
    with qtbot.waitSignals([model.modelAboutToBeReset, model.modelReset]):
        model.set_rows(review.exceptions)
    assert model.rowCount() == 6


def _refs(proxy: IndicatorFilter) -> list[str]:
    return [proxy.data(proxy.index(r, Column.REF), Role.REF) for r in range(proxy.rowCount())]


def test_filters(model: IndicatorTableModel) -> None:
    proxy = IndicatorFilter()
    proxy.setSourceModel(model)
    proxy.set_exceptions_only(True)
    assert _refs(proxy) == ["5", "22", "23", "25", "29", "35.1"]
    proxy.set_exceptions_only(False)
    proxy.set_with_problems(True)
    assert sorted(_refs(proxy)) == ["12", "14", "31"]
    proxy.set_with_problems(False)
    proxy.set_search("  CASELOADS ")
    assert _refs(proxy) == ["29"]
    proxy.set_search("looked after placements")  # every word, anywhere in ref, title or section
    assert "20" in _refs(proxy) and "1" not in _refs(proxy)
    proxy.set_search("35.1")
    assert _refs(proxy) == ["35.1"]
    proxy.set_exceptions_only(True)
    proxy.set_search("education")  # a section name
    assert _refs(proxy) == ["5", "35.1"]
    proxy.clear_filters()
    assert proxy.rowCount() == 40


def test_sorting_uses_natural_refs_and_keeps_sections_in_workbook_order(model: IndicatorTableModel) -> None:
    proxy = IndicatorFilter()
    proxy.setSourceModel(model)
    proxy.sort(Column.REF, Qt.SortOrder.AscendingOrder)
    refs = _refs(proxy)
    assert refs.index("2") < refs.index("10") < refs.index("35.1") < refs.index("35.2") < refs.index("36")
    proxy.sort(Column.SECTION, Qt.SortOrder.AscendingOrder)
    sections = [proxy.data(proxy.index(r, Column.SECTION)) for r in range(proxy.rowCount())]
    assert sections[0] == "Education" and sections[-1] == "Youth Justice"  # not alphabetical: the workbook's
    proxy.sort(Column.RAG, Qt.SortOrder.AscendingOrder)
    assert _refs(proxy)[:6] == ["5", "22", "23", "25", "35.1", "29"]  # Red first, then Amber


def test_the_problem_model_names_every_cell(review: Review) -> None:
    model = ProblemTableModel()
    model.set_rows(review.problems)
    rows = {model.data(model.index(r, ProblemColumn.WHERE)): model.data(model.index(r, ProblemColumn.INDICATOR))
            for r in range(model.rowCount())}
    assert rows == {"Dataset!F18": "12", "Dataset!N41": "31", "Dataset!W21": "14"}
    assert model.data(model.index(0, ProblemColumn.SEVERITY)) == "Warning"


def _tree(proxy: IndicatorFilter) -> dict[str, list[str]]:
    sections = SectionRows()
    sections.setSourceModel(proxy)
    out: dict[str, list[str]] = {}
    for s in range(sections.rowCount()):
        parent = sections.index(s, 0)
        out[sections.data(parent)] = [sections.data(sections.index(r, Column.REF, parent), Role.REF)
                                      for r in range(sections.rowCount(parent))]
    return out


def test_section_rows_group_the_table_as_the_appendix_does(qtmodeltester, model: IndicatorTableModel) -> None:
    proxy = IndicatorFilter()
    proxy.setSourceModel(model)
    proxy.sort(Column.SECTION)
    sections = SectionRows()
    sections.setSourceModel(proxy)
    qtmodeltester.check(sections)
    titles = [sections.data(sections.index(r, 0)) for r in range(sections.rowCount())]
    assert titles[0] == "Education (7)" and titles[-1].startswith("Youth Justice (")
    assert sum(sections.rowCount(sections.index(r, 0)) for r in range(sections.rowCount())) == 40
    first = sections.index(0, 0)
    assert sections.is_section(first) and sections.source_row(first) is None
    child = sections.index(0, Column.INDICATOR, first)
    assert sections.data(child) == proxy.data(proxy.index(sections.source_row(child), Column.INDICATOR))
    assert sections.index_of_source_row(sections.source_row(child), Column.INDICATOR) == child
    assert sections.data(first, Qt.ItemDataRole.AccessibleTextRole) == "Section Education: 7 indicators"


def test_section_rows_follow_the_filters_and_the_sorting_within_each_section(qtmodeltester,
                                                                             model: IndicatorTableModel) -> None:
    proxy = IndicatorFilter()
    proxy.setSourceModel(model)
    proxy.set_exceptions_only(True)
    proxy.sort(Column.RAG)
    tree = _tree(proxy)
    assert sum(len(refs) for refs in tree.values()) == 6
    assert all(refs for refs in tree.values())  # a section with nothing to show is left out
    sections = SectionRows()
    sections.setSourceModel(proxy)
    qtmodeltester.check(sections)
    with_rows = [title for title, refs in tree.items() if len(refs) > 1]
    for title in with_rows:
        rags = [review_rag(model, ref).value for ref in tree[title]]
        assert rags == sorted(rags, key=["red", "amber", "green"].index)
    proxy.clear_filters()
    sections.setSourceModel(proxy)
    qtmodeltester.check(sections)


def test_a_changed_row_is_passed_on_under_its_section(qtbot, model: IndicatorTableModel, review: Review) -> None:
    proxy = IndicatorFilter()
    proxy.setSourceModel(model)
    sections = SectionRows()
    sections.setSourceModel(proxy)
    item = review.item("35.1")
    assert item is not None
    with qtbot.waitSignal(sections.dataChanged) as changed:
        model.update_item(replace(item, commentary="Plans are late because ..."))
    index = changed.args[0]
    assert sections.data(index, Role.REF) == "35.1" and sections.is_section(index.parent())
