"""The reader copes with the layouts councils really use, built here in code."""

from datetime import datetime
from pathlib import Path

import pytest

from scrutiny_desktop.domain.model import Polarity, UnitKind
from scrutiny_desktop.domain.periods import Period
from scrutiny_desktop.domain.problems import UnusableWorkbook
from scrutiny_desktop.domain.values import PLACEHOLDERS
from scrutiny_desktop.excel.reader import read_workbook
from tests.workbooks import Sheet, build, table

OCT, SEP = Period(2019, 10), Period(2019, 9)


def codes(data) -> list[tuple[str, str]]:
    return [(p.code, p.cell) for p in data.problems]


def test_title_rows_merged_cells_sections_blank_rows_notes_and_hidden_columns(tmp_path: Path) -> None:
    rows = [
        ["London Borough of Example"],
        ["Children's Scrutiny Dataset: performance as at the end of October 2019"],
        [],
        ["Ref", "Indicator", "Good is", "Target", "Sep-19", "Oct-19", "Working"],
        ["Education"],
        ["1", "% of schools good or outstanding", "High", 90, 91, 92, "x1"],
        [],
        ["Children's Social Care"],
        [25, "Stability of placements", "High", 65, "56% (51 of 91)", "55% (50 of 91)", "x2"],
        [None, None, None, None, None, None, None],
        ["Notes:"],
        ["1", "Provisional figures"],
        ["Source: local case management system"],
    ]
    path = build(tmp_path / "w.xlsx", Sheet("Dataset", rows, merges=["A1:F1", "A2:F2", "A5:G5", "A8:G8"],
                                            hidden_columns=["G"]))
    data = read_workbook(path)
    assert [(i.ref, i.section) for i in data.indicators] == [("1", "Education"), ("25", "Children's Social Care")]
    assert data.title == "London Borough of Example"
    assert data.periods == (SEP, OCT)
    assert data.problems == ()  # the hidden working column is ignored silently


def test_header_found_below_row_one_on_a_sheet_after_a_cover(tmp_path: Path) -> None:
    cover = Sheet("Cover", [["Children's services performance"], ["Contents"], ["Dataset"]])
    data_rows = [[], [], [], [], [], [], ["Ref", "Indicator", "Oct-19"], ["7", "Something", 3]]
    data = read_workbook(build(tmp_path / "w.xlsx", cover, Sheet("KPIs", data_rows)))
    assert data.sheet == "KPIs" and data.indicators[0].ref == "7"


def test_date_headings(tmp_path: Path) -> None:
    path = table(tmp_path / "w.xlsx", ["Ref", "Indicator", datetime(2019, 9, 1), datetime(2019, 10, 1)],
                 ["1", "Caseloads", 16.5, 16.8], number_formats={"C1": "mmm-yy", "D1": "mmm-yy"})
    data = read_workbook(path)
    assert data.periods == (SEP, OCT)
    assert data.indicators[0].outturns[OCT].value == 16.8


def test_percentages_every_way_they_are_written(tmp_path: Path) -> None:
    path = table(
        tmp_path / "w.xlsx", ["Ref", "Indicator", "Unit", "Target", "Oct-19"],
        ["1", "fraction in a %-cell", "%", 0.7, 0.55],
        ["2", "number 0-100", "%", 70, 55],
        ["3", "text", "%", "70%", "55%"],
        ["4", "text with counts", "%", "70%", "55% (50 of 91)"],
        ["5", "counts with a slash", "%", "70%", "55% (50/91)"],
        number_formats={"D2": "0%", "E2": "0%"},
    )
    data = read_workbook(path)
    values = [i.outturns[OCT].value for i in data.indicators]
    assert values == pytest.approx([55, 55, 55, 100 * 50 / 91, 100 * 50 / 91])
    assert [i.target.value for i in data.indicators] == pytest.approx([70] * 5)
    assert data.indicators[3].outturns[OCT].numerator == 50
    assert data.problems == ()


@pytest.mark.parametrize("placeholder", sorted(PLACEHOLDERS))
def test_every_placeholder_is_no_data_without_a_warning(tmp_path: Path, placeholder: str) -> None:
    path = table(tmp_path / "w.xlsx", ["Ref", "Indicator", "Good is", "Target", "Oct-19"],
                 ["1", "An indicator", "High", 70, placeholder])
    data = read_workbook(path)
    outturn = data.indicators[0].outturns.get(OCT)
    assert outturn is not None and outturn.value is None and outturn.placeholder == placeholder
    assert data.problems == ()


def test_unreadable_values_and_excel_errors_are_warnings_at_their_cells(tmp_path: Path) -> None:
    path = table(tmp_path / "w.xlsx", ["Ref", "Indicator", "Sep-19", "Oct-19"],
                 ["1", "An indicator", "see note", "#DIV/0!"])
    data = read_workbook(path)
    assert codes(data) == [("unreadable-value", "C2"), ("unreadable-value", "D2")]
    assert "#DIV/0!" in data.problems[1].message


def test_fraction_and_percentage_that_disagree(tmp_path: Path) -> None:
    path = table(tmp_path / "w.xlsx", ["Ref", "Indicator", "Oct-19"], ["1", "An indicator", "65% (50 of 91)"])
    data = read_workbook(path)
    assert codes(data) == [("fraction-disagrees", "C2")]
    assert data.indicators[0].outturns[OCT].value == pytest.approx(54.945, abs=1e-3)


def test_uncalculated_formula_is_a_warning_not_a_crash(tmp_path: Path) -> None:
    path = table(tmp_path / "w.xlsx", ["Ref", "Indicator", "Numerator", "Denominator", "Sep-19", "Oct-19"],
                 ["1", "An indicator", 50, 91, 60, "=C2/D2*100"])
    data = read_workbook(path)
    assert ("formula-not-calculated", "F2") in codes(data)


def test_numerator_and_denominator_columns_belong_to_the_latest_period(tmp_path: Path) -> None:
    path = table(tmp_path / "w.xlsx", ["Ref", "Indicator", "Unit", "Sep-19", "Oct-19", "Numerator", "Denominator"],
                 ["25", "Stability", "%", 56, 55, 50, 91],
                 ["26", "Other", "%", 40, None, 10, 20])
    data = read_workbook(path)
    stability = data.indicators[0].outturns[OCT]
    assert (stability.numerator, stability.denominator) == (50, 91)
    assert data.indicators[0].outturns[SEP].numerator is None
    assert data.indicators[1].outturns[OCT].value == 50
    assert data.problems == ()


def test_two_row_heading_with_months_under_a_merged_year(tmp_path: Path) -> None:
    rows = [
        ["Ref", "Indicator", "Target", "2019/20", None],
        [None, None, None, "Sep-19", "Oct-19"],
        ["1", "An indicator", 70, 71, 72],
    ]
    path = build(tmp_path / "w.xlsx", Sheet("Data", rows, merges=["A1:A2", "B1:B2", "C1:C2", "D1:E1"]))
    data = read_workbook(path)
    assert data.periods == (SEP, OCT)
    assert data.indicators[0].outturns[OCT].value == 72
    assert data.indicators[0].target.value == 70


def test_a_hidden_indicator_row_is_included_and_flagged(tmp_path: Path) -> None:
    path = table(tmp_path / "w.xlsx", ["Ref", "Indicator", "Oct-19"], ["1", "Shown", 1], ["2", "Hidden", 2],
                 hidden_rows=[3])
    data = read_workbook(path)
    assert [i.ref for i in data.indicators] == ["1", "2"]
    assert codes(data) == [("hidden-row", "A3")]


def test_single_outturn_column_takes_its_period_from_the_title(tmp_path: Path) -> None:
    path = table(tmp_path / "w.xlsx", ["Ref", "Indicator", "Target", "Outturn (%)"], ["1", "An indicator", 70, 72],
                 above=[["Quarterly performance report: as at October 2019"], []])
    data = read_workbook(path)
    assert data.periods == (OCT,)
    assert data.indicators[0].outturns[OCT].value == 72


def test_single_outturn_column_with_no_period_anywhere(tmp_path: Path) -> None:
    path = table(tmp_path / "w.xlsx", ["Ref", "Indicator", "Outturn"], ["1", "An indicator", 72])
    with pytest.raises(UnusableWorkbook) as refused:
        read_workbook(path)
    assert [p.code for p in refused.value.errors] == ["no-period"]
    assert read_workbook(path, period=OCT).indicators[0].outturns[OCT].value == 72


def test_units_are_inferred_from_titles_and_formats(tmp_path: Path) -> None:
    path = table(tmp_path / "w.xlsx", ["Ref", "Indicator", "Oct-19"],
                 ["1", "% of assessments on time", 90], ["2", "Number of contacts", 1200],
                 ["3", "Average caseload", 16.8], ["4", "Timeliness", 0.9], ["5", "Plain", 7],
                 number_formats={"C5": "0%"})
    kinds = [i.unit.kind for i in read_workbook(path).indicators]
    assert kinds == [UnitKind.PERCENT, UnitKind.COUNT, UnitKind.AVERAGE, UnitKind.PERCENT, UnitKind.NUMBER]


def test_an_unreadable_part_2_flag_withholds_the_indicator(tmp_path: Path) -> None:
    path = table(tmp_path / "w.xlsx", ["Ref", "Indicator", "Part 2", "Oct-19"],
                 ["1", "An indicator", "possibly", 5], ["2", "Another", "Y", 5], ["3", "Third", "", 5])
    data = read_workbook(path)
    assert [i.sensitive for i in data.indicators] == [True, True, False]
    assert codes(data) == [("unreadable-flag", "C2")]


def test_targets_with_comparison_words_supply_the_polarity(tmp_path: Path) -> None:
    path = table(tmp_path / "w.xlsx", ["Ref", "Indicator", "Target", "Oct-19"],
                 ["1", "An indicator", "Less than 22%", 20])
    assert read_workbook(path).indicators[0].polarity is Polarity.LOW


def test_rows_without_a_usable_ref_are_reported_not_lost_silently(tmp_path: Path) -> None:
    path = table(tmp_path / "w.xlsx", ["Ref", "Indicator", "Oct-19"],
                 ["1", "Fine", 5], [None, "No ref but data", 7])
    data = read_workbook(path)
    assert [i.ref for i in data.indicators] == ["1"]
    assert codes(data) == [("missing-ref", "A3")]


def test_a_sheet_named_by_the_user(tmp_path: Path) -> None:
    first = Sheet("This year", [["Ref", "Indicator", "Oct-19"], ["1", "A", 5]])
    second = Sheet("Last year", [["Ref", "Indicator", "Oct-18"], ["1", "A", 4]])
    path = build(tmp_path / "w.xlsx", first, second)
    assert read_workbook(path).sheet == "This year"
    assert [p.code for p in read_workbook(path).problems] == ["several-tables"]
    assert read_workbook(path, sheet="last YEAR").sheet == "Last year"


def test_hidden_sheets_are_not_searched(tmp_path: Path) -> None:
    hidden = Sheet("Old", [["Ref", "Indicator", "Oct-18"], ["1", "A", 4]], state="hidden")
    shown = Sheet("Now", [["Ref", "Indicator", "Oct-19"], ["1", "A", 5]])
    assert read_workbook(build(tmp_path / "w.xlsx", hidden, shown)).sheet == "Now"


def test_a_section_called_key_stage_is_not_mistaken_for_notes(tmp_path: Path) -> None:
    path = table(tmp_path / "w.xlsx", ["Ref", "Indicator", "Oct-19"],
                 ["Key Stage 2"], ["1", "Reading", 70], ["Notes on attendance"], ["2", "Absence", 9],
                 ["Key:"], ["3", "Not an indicator: under the key", 1])
    data = read_workbook(path)
    assert [(i.ref, i.section) for i in data.indicators] == [("1", "Key Stage 2"), ("2", "Notes on attendance")]
