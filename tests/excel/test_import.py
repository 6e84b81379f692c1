"""Import: tables found by meaning, band rows, several tables and sheets, long tables, profiles."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest

from scrutiny_desktop.cli import main
from scrutiny_desktop.domain.model import Frequency, Polarity, Rag
from scrutiny_desktop.domain.periods import Period
from scrutiny_desktop.domain.problems import UnusableWorkbook
from scrutiny_desktop.domain.profile import ImportProfile, profile_from_dict
from scrutiny_desktop.excel.layout import guess_layout
from scrutiny_desktop.excel.profiles import load_profile, profile_path, save_profile
from scrutiny_desktop.excel.reader import read_workbook
from scrutiny_desktop.pipeline import load_review
from tests.workbooks import Sheet, build, table

OCT, SEP = Period(2019, 10), Period(2019, 9)


def rags(path: Path, **options: object) -> dict[str, str]:
    result = load_review(path, **options)  # type: ignore[arg-type]
    return {item.indicator.title: item.rag.word for item in result.items}


def test_headings_by_meaning_plural_titles_code_refs_and_a_title_carrying_a_section(tmp_path: Path) -> None:
    path = table(tmp_path / "w.xlsx", ["PI code", "INDICATORS - EARLY HELP BOROUGH WIDE", "Good is", "Target 2019/20",
                                       "Outturn (%)"],
                 ["EH1", "% of families seen within 10 days", "High", "90%", "91%"],
                 ["EH2", "% of assessments in 45 days", "High", "85%", "70%"],
                 above=[["Early Help Scorecard, October 2019"]])
    data = read_workbook(path)
    assert [(i.ref, i.section) for i in data.indicators] == [("EH1", "Early Help Borough Wide"),
                                                            ("EH2", "Early Help Borough Wide")]
    assert rags(path) == {"% of families seen within 10 days": "Green", "% of assessments in 45 days": "Red"}


def test_key_performance_indicators_heading_in_the_plural(tmp_path: Path) -> None:
    path = table(tmp_path / "w.xlsx", ["KPI ID", "Key performance indicators", "Targets", "Oct-19"],
                 ["1", "Caseload per social worker", "<= 18", 17])
    assert rags(path) == {"Caseload per social worker": "Green"}


def test_a_year_band_over_quarters_and_a_previous_performance_band(tmp_path: Path) -> None:
    rows = [
        ["Ref", "Measure", "Previous performance", None, "2017/18 Target and Tolerances", None, "2019/20", None],
        [None, None, "2016/17", "2017/18", "Target", "Tolerance", "Q1", "Q2"],
        ["1", "% of EHCPs issued within 20 weeks", 0.55, 0.6, ">= 65%", 0.05, 0.58, 0.62],
        ["2", "% of re-referrals within 12 months", 0.25, 0.22, "<= 20%", 0.03, 0.19, 0.24],
    ]
    fmt = {f"{c}{r}": "0%" for c in "CDEFGH" for r in (3, 4)}
    path = build(tmp_path / "w.xlsx", Sheet("Scorecard", rows, merges=["C1:D1", "E1:F1", "G1:H1"],
                                            number_formats=fmt))
    data = read_workbook(path)
    assert data.periods == (Period(2019, 6, 3), Period(2019, 9, 3))
    assert data.annual_labels == ("2016/17", "2017/18")
    first = data.indicators[0]
    assert first.target.value == 65 and first.tolerance is not None and first.tolerance.amount == 5
    # 62 against 65 with a 5-point tolerance is Amber; 24 against at most 20 with 3 points is Red.
    assert rags(path) == {"% of EHCPs issued within 20 weeks": "Amber", "% of re-referrals within 12 months": "Red"}


def test_no_ref_column_numbers_rows_in_order_with_a_warning(tmp_path: Path) -> None:
    path = table(tmp_path / "w.xlsx", ["Performance indicator", "Target", "Good is", "Sep-19", "Oct-19"],
                 ["Children seen within timescale", 0.9, "High", 0.91, 0.93],
                 ["Re-referrals", 0.2, "Low", 0.2, 0.26], number_formats={"B2": "0%", "B3": "0%"})
    data = read_workbook(path)
    assert [(i.ref, i.title) for i in data.indicators] == [("1", "Children seen within timescale"),
                                                          ("2", "Re-referrals")]
    assert [(p.code, p.cell) for p in data.problems] == [("refs-from-row-order", "A1")]


def test_a_sheet_per_service_area_a_guidance_sheet_and_a_second_table(tmp_path: Path) -> None:
    guidance = Sheet("Guidance", [["How to fill in this workbook"], ["Ref", "Indicator", "Oct-19"],
                                  ["1", "Example only", 5]])
    early = Sheet("Early Help", [["Ref", "Indicator", "Target", "Oct-19"], ["1", "Families supported", 100, 120],
                                 [], ["For information: activity and demand"],
                                 ["Ref", "Indicator", "Oct-19"], ["2", "Contacts received", 950]])
    social = Sheet("Social Care", [["Ref", "Indicator", "Target", "Oct-19"], ["1", "Caseloads", 18, 17]])
    path = build(tmp_path / "w.xlsx", guidance, early, social)
    data = read_workbook(path)
    got = [(i.ref, i.title, i.section, i.sheet) for i in data.indicators]
    assert got == [("1", "Families supported", "Early Help", "Early Help"),
                   ("2", "Contacts received", "Early Help", "Early Help"),
                   ("SC-1", "Caseloads", "Social Care", "Social Care")]
    assert "ref-repeated-on-sheets" in [p.code for p in data.problems]
    limited = read_workbook(path, sheet=["Social Care"])
    assert [i.title for i in limited.indicators] == ["Caseloads"]
    # On a workbook of one sheet, the line above the second table is its section.
    one = build(tmp_path / "one.xlsx", Sheet("Early Help", early.rows))
    assert [i.section for i in read_workbook(one).indicators] == ["", "For information: activity and demand"]


def test_a_long_table_is_pivoted_not_called_duplicate(tmp_path: Path) -> None:
    rows = [["Ref", "Indicator", "Month", "Value", "Target", "Tolerance", "Polarity"]]
    for month, (a, b) in zip((8, 9, 10), ((70, 12), (72, 14), (60, 16)), strict=True):
        rows.append(["1", "% CP visits in time", datetime(2019, month, 1), a, 75, 5, "High"])
        rows.append(["2", "Average caseload", f"2019-{month:02d}", b, 15, 2, "Low"])
    path = table(tmp_path / "w.xlsx", *[rows[0]], *rows[1:])
    data = read_workbook(path)
    assert [i.ref for i in data.indicators] == ["1", "2"]
    assert data.periods == (Period(2019, 8), SEP, OCT)
    assert data.indicators[0].outturns[SEP].value == 72
    assert not [p for p in data.problems if p.code == "duplicate-ref"]
    # 60 against 75 (tolerance 5) is Red; 16 against at most 15 (tolerance 2) is Amber.
    assert rags(path) == {"% CP visits in time": "Red", "Average caseload": "Amber"}


def test_a_long_table_with_no_period_column_is_one_problem(tmp_path: Path) -> None:
    rows = [["1", "A", 5 + i] for i in range(6)] + [["2", "B", 1 + i] for i in range(6)]
    path = table(tmp_path / "w.xlsx", ["Ref", "Indicator", "Oct-19"], *rows)
    with pytest.raises(UnusableWorkbook) as caught:
        read_workbook(path)
    assert [p.code for p in caught.value.problems] == ["long-table-without-period"]


def test_thresholds_as_councils_write_them(tmp_path: Path) -> None:
    path = table(tmp_path / "w.xlsx", ["Ref", "Indicator", "Green", "Amber", "Red", "Oct-19"],
                 ["1", "% seen in time", ">=90%", "80% - 89.9%", "<80%", "85%"],
                 ["2", "% seen in time (2)", "90%+", "80% - 89.9%", "<80%", "79%"],
                 ["3", "Number of contacts", "600+", None, None, 650],
                 ["4", "Re-referrals", "<=20%", "20.1% - 25%", ">25%", "23%"])
    assert rags(path) == {"% seen in time": "Amber", "% seen in time (2)": "Red", "Number of contacts": "Green",
                          "Re-referrals": "Amber"}


def test_a_floor_written_as_a_range_for_a_stay_close_to_target_indicator(tmp_path: Path) -> None:
    path = table(tmp_path / "w.xlsx", ["Ref", "Indicator", "Target", "Red threshold", "Oct-19"],
                 ["1", "Average days to adoption", "35 - 45", "32.0 - 48.0", 47],
                 ["2", "Average days (2)", "35 - 45", "32.0 - 48.0", 49])
    assert rags(path) == {"Average days to adoption": "Amber", "Average days (2)": "Red"}


def test_values_with_marks_and_stated_rags_in_words(tmp_path: Path) -> None:
    path = table(tmp_path / "w.xlsx", ["Ref", "Indicator", "Target", "Good is", "Oct-19", "RAG"],
                 ["1", "% seen", "85%", "High", "88.0%*", "On target"],
                 ["2", "Contacts", 70, "High", "78 [1]", "G"],
                 ["3", "Days", 10, "Low", "12†", "✗"])
    data = read_workbook(path)
    assert [i.outturns[OCT].value for i in data.indicators] == [88.0, 78.0, 12.0]
    assert [i.stated_rag for i in data.indicators] == [Rag.GREEN, Rag.GREEN, Rag.RED]
    assert [(p.code, p.cell) for p in data.problems] == [("value-marker", "E2"), ("value-marker", "E3"),
                                                          ("value-marker", "E4")]


def test_each_indicator_is_rated_on_its_own_latest_period(tmp_path: Path) -> None:
    header = ["Ref", "Indicator", "Target", "Good is", "Jun-19", "Jul-19", "Aug-19", "Sep-19", "Oct-19"]
    path = table(tmp_path / "w.xlsx", header,
                 ["1", "Monthly", 10, "High", 11, 11, 11, 11, 12],
                 ["2", "Quarterly, no frequency column", 50, "High", 40, None, None, 55, None])
    result = load_review(path)
    quarterly = next(i for i in result.items if i.indicator.ref == "2")
    assert quarterly.period == SEP and quarterly.rag is Rag.GREEN
    from scrutiny_desktop.domain.review import reporting_frequency
    assert reporting_frequency(quarterly.indicator) is Frequency.QUARTERLY


def test_a_percent_target_is_read_as_a_percentage_when_the_outturn_is_unreadable(tmp_path: Path) -> None:
    path = table(tmp_path / "w.xlsx", ["Ref", "Indicator", "Target", "Oct-19"], ["1", "Timeliness", 0.85, "TBC?"],
                 number_formats={"C2": "0%"})
    assert read_workbook(path).indicators[0].target.value == 85


# -- profiles ---------------------------------------------------------------------------------------


def _council(tmp_path: Path) -> Path:
    """Headings no program could guess, and a key saying 'Amber: within 10% of target'."""
    rows = [["Service", "What we look at", "Aim", "Aspiration", "Latest"],
            ["C01", "Children seen in 10 days", "Up", 90, 85],
            ["C02", "Children waiting over 18 weeks", "Down", 20, 21],
            ["C03", "Families helped", "Up", 100, 80]]
    return table(tmp_path / "council.xlsx", *[rows[0]], *rows[1:], above=[["Scorecard as at October 2019"]])


def test_a_profile_maps_headings_and_letters_and_carries_the_default_tolerance(tmp_path: Path) -> None:
    path = _council(tmp_path)
    with pytest.raises(UnusableWorkbook):
        read_workbook(path)
    profile = ImportProfile(columns={"ref": "A", "title": "What we look at", "polarity": "Aim",
                                     "target": "Aspiration", "current": "E"},
                            default_tolerance="10% of target")
    save_profile(path, profile)
    assert profile_path(path).read_text(encoding="utf-8").count("[columns]") == 1
    # 85 vs 90 within 10% (81): Amber; 21 vs 20 within 10% (22): Amber; 80 vs 100 beyond 90: Red.
    assert rags(path) == {"Children seen in 10 days": "Amber", "Children waiting over 18 weeks": "Amber",
                          "Families helped": "Red"}


def test_a_met_or_not_met_council_has_no_amber(tmp_path: Path) -> None:
    path = _council(tmp_path)
    profile = ImportProfile(columns={"ref": "A", "title": "What we look at", "polarity": "Aim",
                                     "target": "Aspiration", "current": "E"}, amber=False,
                            default_tolerance="10% of target")
    assert rags(path, profile=profile) == {"Children seen in 10 days": "Red", "Children waiting over 18 weeks": "Red",
                                          "Families helped": "Red"}


def test_profile_words_extend_the_vocabulary(tmp_path: Path) -> None:
    path = table(tmp_path / "w.xlsx", ["Ref", "Indicator", "Direction", "Target", "Oct-19"],
                 ["1", "A", "Bigger number better", 5, 6])
    assert read_workbook(path).indicators[0].polarity is None
    profile = ImportProfile(columns={"polarity": "Direction"}, words={"polarity": {"high": ("Bigger number better",)}})
    assert read_workbook(path, profile=profile).indicators[0].polarity is Polarity.HIGH


def test_profile_round_trip_and_its_mistakes_are_named(tmp_path: Path) -> None:
    profile = ImportProfile(columns={"ref": "Code", "title": "B"}, ignore=("Lead officer",), sheets=("KPIs",),
                            heading_rows=(4, 5), default_tolerance="5", amber=False,
                            words={"stated_rag": {"green": ("Achieved",)}})
    (tmp_path / "p.toml").write_text(profile.to_toml(), encoding="utf-8")
    back = load_profile(tmp_path / "p.toml")
    assert (back.columns, back.ignore, back.sheets, back.heading_rows, back.default_tolerance, back.amber,
            back.words) == ({"ref": "Code", "title": "B"}, ("Lead officer",), ("KPIs",), (4, 5), "5", False,
                            {"stated_rag": {"green": ("Achieved",)}})
    with pytest.raises(UnusableWorkbook) as caught:
        profile_from_dict({"columns": {"reff": "Code"}, "rag": {"amber": "no"}}, "bad.profile.toml")
    (problem,) = caught.value.problems
    assert problem.code == "profile-unreadable"
    assert "columns.reff" in problem.message and "rag.amber" in problem.message


def test_cli_check_with_a_profile_and_with_a_bad_one(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _council(tmp_path)
    profile = tmp_path / "mine.toml"
    profile.write_text('[columns]\nref = "A"\ntitle = "What we look at"\npolarity = "Aim"\ntarget = "Aspiration"\n'
                       'current = "Latest"\n', encoding="utf-8")
    assert main(["check", str(path), "--profile", str(profile), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert [i["rag"] for i in out["indicators"]] == ["red", "red", "red"]
    profile.write_text("[columns\n", encoding="utf-8")
    assert main(["check", str(path), "--profile", str(profile), "--json"]) == 2
    assert json.loads(capsys.readouterr().out)["problems"][0]["code"] == "profile-unreadable"


def test_export_and_report_take_sheet_and_profile(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    first = Sheet("Early Help", [["Ref", "Indicator", "Target", "Oct-19"], ["1", "Families supported", 100, 120]])
    second = Sheet("Social Care", [["Ref", "Indicator", "Target", "Oct-19"], ["7", "Caseloads", 18, 17]])
    path = build(tmp_path / "w.xlsx", first, second)
    assert main(["export", str(path), "--out", str(tmp_path / "out"), "--sheet", "Social Care", "--json"]) == 0
    written = json.loads(capsys.readouterr().out)
    assert Path(written["full"]).is_file()
    assert main(["report", str(path), "--out", str(tmp_path / "rep"), "--sheet", "Early Help", "--json"]) == 0


def test_guess_layout_for_the_mapping_dialog(tmp_path: Path) -> None:
    path = _council(tmp_path)
    (sheet,) = guess_layout(path)
    assert not sheet.holds_indicators and sheet.preview[1][1] == "What we look at"
    profile = ImportProfile(columns={"title": "What we look at", "current": "Latest"})
    (mapped,) = guess_layout(path, profile)
    assert mapped.holds_indicators and mapped.heading_rows == (2,)
    fields = {c.letter: (c.field, c.confidence) for c in mapped.columns}
    assert fields["B"] == ("title", 1.0) and fields["E"] == ("current", 1.0)
    assert fields["C"][0] == "polarity" and fields["D"][0] is None



def test_the_appendix_says_which_period_an_earlier_figure_is_for(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    from scrutiny_desktop.pipeline import export_appendices
    from tests.helpers import table as rows_by_ref

    header = ["Ref", "Indicator", "Target", "Good is", "Jun-19", "Jul-19", "Aug-19", "Sep-19", "Oct-19"]
    path = table(tmp_path / "w.xlsx", header,
                 ["1", "Monthly", 10, "High", 11, 11, 11, 11, 12],
                 ["2", "Quarterly", 50, "High", 40, None, None, 55, None])
    written = export_appendices(load_review(path), tmp_path / "out")
    rows = rows_by_ref(load_workbook(written.full)["Appendix One"])
    assert rows["2"]["Current outturn"].value == "55 (Sep 2019)"
    assert rows["1"]["Current outturn"].value == 12


def test_without_refs_titles_match_indicators_across_months(tmp_path: Path) -> None:
    from scrutiny_desktop.domain.changes import rating_changes

    header = ["Performance indicator", "Target", "Good is", "Oct-19"]
    september = table(tmp_path / "sep.xlsx", header, ["Seen in time", 90, "High", 95], ["Re-referrals", 20, "Low", 18])
    # October's workbook has a new indicator at the top: row order moves, titles do not.
    october = table(tmp_path / "oct.xlsx", header, ["New measure", 5, "High", 6], ["Seen in time", 90, "High", 95],
                    ["Re-referrals", 20, "Low", 25])
    changes = rating_changes(load_review(september), load_review(october))
    assert [(c.ref, c.title, c.before, c.after) for c in changes.changed] == [("3", "Re-referrals", Rag.GREEN, Rag.RED)]
    assert [c.title for c in changes.appeared] == ["New measure"] and changes.disappeared == ()


def test_sheets_per_service_area_keep_their_order_in_the_review(tmp_path: Path) -> None:
    early = Sheet("Early Help", [["Ref", "Indicator", "Target", "Oct-19"], ["EH1", "Families supported", 100, 120]])
    care = Sheet("Children in Care", [["Ref", "Indicator", "Target", "Oct-19"], ["CIC1", "Stability", 10, 9]])
    result = load_review(build(tmp_path / "w.xlsx", early, care))
    assert [(i.ref, i.indicator.section) for i in result.items] == [("EH1", "Early Help"),
                                                                    ("CIC1", "Children in Care")]
