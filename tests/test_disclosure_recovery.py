"""Issue 14: no withheld figure can be worked back from the public files (this month's and last month's).

Each test builds a workbook the way a council writes it, exports it through the real pipeline, and then
plays the determined reader of `tests/recovery.py`: working only from the public .xlsx zip (and last
month's), it tries one recovery the issue names. Every one of these recoveries succeeded before the
issue was fixed; each test says so in its docstring.
"""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest

from scrutiny_desktop.domain.disclosure import DisclosureRules, Slot, redact
from scrutiny_desktop.domain.periods import Period
from scrutiny_desktop.domain.settings import Settings
from scrutiny_desktop.pipeline import ExportResult, UnsafePublicFile, export_appendices, export_report, load_review
from tests.public_zip import PublicZip, check_public
from tests.recovery import (
    C,
    by_subtraction,
    cohorts_in,
    docx_text,
    exact_fraction,
    fraction_of,
    number,
    rows,
    shares_of_cohorts,
    steps,
)
from tests.workbooks import table, with_cached_values

RULES = DisclosureRules.from_settings(Settings())
HEAD = ["Ref", "Indicator", "Polarity", "Unit", "Target", "Tolerance"]
ABOVE = [["Children's services performance"], ["October 2019"], []]


def export(workbook: Path, out: Path, period: Period | None = None) -> ExportResult:
    data = load_review(workbook, period=period)
    written = export_appendices(data, out)
    assert written.public is not None
    # The independent check of the tests: [c] exactly where the redaction says, nothing withheld anywhere.
    assert check_public(written.public, data, redact(data, RULES), RULES) == []
    return written


def public(written: ExportResult) -> Path:
    assert written.public is not None
    return written.public


# -- counts wherever they are written ----------------------------------------------------------------------


def test_percentages_written_as_formulas_of_a_cohort_of_seven_are_withheld(tmp_path: Path) -> None:
    """Before: =3/6 and =4/7 reached the reader as 0.5 and 0.5714…, and were published as 50.0% and 57.1%."""
    path = table(
        tmp_path / "formulas.xlsx",
        [*HEAD, "Sep-19", "Oct-19", "Part 2"],
        ["1", "% of young people in custody with a suitable education place", "High", "%", 0.8, None,
         "=3/6", "=4/7", "No"],
        ["2", "% of care leavers aged 17-18 in touch", "High", "%", 0.8, None, "=B9/C9", "=B10/C10", "No"],
        ["3", "% of referrals with a decision within 1 working day", "High", "%", 0.8, None, 0.55, 0.6, "No"],
        ["Notes: counts for indicator 2"], ["", 2, 7], ["", 5, 9],
        above=ABOVE,
        number_formats={a: "0.0%" for a in ("E5", "E6", "E7", "G5", "H5", "G6", "H6", "G7", "H7")},
    )
    with_cached_values(path, {"G5": 3 / 6, "H5": 4 / 7, "G6": 2 / 7, "H6": 5 / 9})
    written = export(path, tmp_path / "out")
    table_ = rows(public(written))
    for ref in ("1", "2"):
        assert [table_[ref][h] for h in ("Sep 2019", "Oct 2019", "Current outturn")] == [C, C, C], ref
        # The reader's attempt: the share of each withheld cohort, from the published months.
        assert not {Fraction(3, 6), Fraction(4, 7), Fraction(2, 7), Fraction(5, 9)} & set(
            shares_of_cohorts(public(written), ref, ["Sep 2019", "Oct 2019", "Current outturn"]))
    assert table_["3"]["Oct 2019"] == "0.6"  # a percentage with no counts and no small cohort is published …
    assert ("counts-unknown", "3", "H7") in {(p.code, p.ref, p.cell) for p in written.problems}  # … with a warning


def test_a_percentage_with_unknown_counts_beside_a_small_cohort_is_withheld_with_a_warning_at_its_cell(
        tmp_path: Path) -> None:
    """Before: the months beside a withheld "3 of 6" in the Numerator/Denominator columns were published
    (66.7%, 83.3%: the same cohort of six), and nothing warned that their counts were unknown."""
    path = table(
        tmp_path / "nd.xlsx",
        [*HEAD, "Aug-19", "Sep-19", "Oct-19", "Numerator", "Denominator", "Part 2"],
        ["1", "% of children adopted within 12 months of the decision", "High", "%", 70, None, "66.7%", "83.3%",
         "50%", 3, 6, "No"],
        above=ABOVE,
    )
    written = export(path, tmp_path / "out")
    row = rows(public(written))["1"]
    assert [row[h] for h in ("Aug 2019", "Sep 2019", "Oct 2019")] == [C, C, C]
    warning = next(p for p in written.problems if p.code == "counts-unknown")
    assert (warning.ref, warning.cell) == ("1", "H5") and "withheld" in warning.message
    assert not [f for f in shares_of_cohorts(public(written), "1", ["Aug 2019", "Sep 2019"]) if f.denominator == 6]


def test_figures_are_stored_as_shown_not_at_full_precision(tmp_path: Path) -> None:
    """Before: a pasted 0.571428571428571 and text "57.142857%" were stored to 16 digits: 4/7 came straight back."""
    path = table(
        tmp_path / "precision.xlsx",
        [*HEAD, "Sep-19", "Oct-19", "Part 2"],
        ["1", "% of assessments completed within 45 days", "High", "%", 0.5, None, 0.571428571428571,
         "57.142857%", "No"],
        ["2", "Average caseload per social worker", "Range", "Average", "12-15", None, 14.2857142857, 16.6666667,
         "No"],
        above=ABOVE, number_formats={"G5": "0.0%", "E5": "0%"},
    )
    book = PublicZip.read(public(export(path, tmp_path / "out")))
    recovered = [(c.address, exact_fraction(c.text)) for c in book.cells if c.numeric and exact_fraction(c.text)]
    assert recovered == []
    row = rows(book_path := public(export(path, tmp_path / "again")))["1"]
    assert number(row["Oct 2019"]) == pytest.approx(0.571)  # as the committee reads it: 57.1%
    assert number(rows(book_path)["2"]["Oct 2019"]) == pytest.approx(16.7)


def test_a_previous_years_small_cohort_keeps_its_counts_and_is_withheld(tmp_path: Path) -> None:
    """Before: "40% (2 of 5)" in the 2018/19 column lost its counts and was published as 40%."""
    path = table(
        tmp_path / "years.xlsx",
        [*HEAD, "2017/18", "2018/19", "Sep-19", "Oct-19", "Part 2"],
        ["1", "% of children adopted within 12 months", "High", "%", 70, None, "62% (31 of 50)", "40% (2 of 5)",
         "60% (30 of 50)", "62% (31 of 50)", "No"],
        above=ABOVE,
    )
    row = rows(public(export(path, tmp_path / "out")))["1"]
    assert row["2018/19"] == C and number(row["2017/18"]) == pytest.approx(0.62)


def test_counts_in_the_current_outturn_column_are_read_when_the_month_holds_a_figure(tmp_path: Path) -> None:
    """Before: "92% (11 of 12)" in the Outturn column was dropped because Oct held 0.9166…, published in full:
    11/12 came back from the stored number, and with it the one care leaver who was not."""
    path = table(
        tmp_path / "current.xlsx",
        [*HEAD, "Sep-19", "Oct-19", "Outturn", "Part 2"],
        ["1", "% of care leavers in suitable accommodation", "High", "%", 0.85, None, "80% (40 of 50)", 11 / 12,
         "92% (11 of 12)", "No"],
        above=ABOVE, number_formats={"E5": "0%", "H5": "0.0%"},
    )
    path_out = public(export(path, tmp_path / "out"))
    row = rows(path_out)["1"]
    assert row["Oct 2019"] == row["Current outturn"] == C
    assert Fraction(11, 12) not in shares_of_cohorts(path_out, "1", ["Oct 2019", "Current outturn"])


# -- secondary suppression ------------------------------------------------------------------------------------


def _plans(path: Path) -> Path:
    return table(
        path,
        [*HEAD, "Sep-19", "Oct-19", "Part 2"],
        ["10", "Number of children subject to a child protection plan", "Monitor", "Number", None, None, 41, 40, "No"],
        ["11", "Number of child protection plans: neglect", "Monitor", "Number", None, None, 26, 25, "No"],
        ["12", "Number of child protection plans: emotional abuse", "Monitor", "Number", None, None, 9, 12, "No"],
        ["13", "Number of child protection plans: physical abuse", "Monitor", "Number", None, None, 6, 3, "No"],
        above=ABOVE,
    )


def test_a_total_and_its_parts_across_indicators_do_not_give_a_withheld_part(tmp_path: Path) -> None:
    """Before: 40 plans, 25 neglect, 12 emotional abuse and [c] physical abuse: 40 - 25 - 12 = 3."""
    path_out = public(export(_plans(tmp_path / "plans.xlsx"), tmp_path / "out"))
    assert rows(path_out)["13"]["Oct 2019"] == C
    assert by_subtraction(path_out, "10", ["11", "12", "13"], ["Sep 2019", "Oct 2019", "Current outturn"]) == {}
    assert rows(path_out)["11"]["Oct 2019"] == "25"  # the largest part stays: only the next smallest goes


def _year(path: Path) -> Path:
    months = ["Apr-19", "May-19", "Jun-19", "Jul-19", "Aug-19", "Sep-19", "Oct-19", "Nov-19", "Dec-19", "Jan-20",
              "Feb-20", "Mar-20", "Apr-20"]
    figures = [9, 8, 12, 7, 10, 11, 9, 2, 8, 10, 9, 11]
    return table(
        path, [*HEAD, "2019/20", *months, "Part 2"],
        ["1", "Number of children becoming looked after", "Monitor", "Number", None, None, sum(figures), *figures, 10,
         "No"],
        above=[["Children's services performance"], [], []],
    )


def test_a_year_column_beside_the_months_and_last_months_file_do_not_give_a_withheld_month(tmp_path: Path) -> None:
    """Before: this month's (April 2020) "2019/20" total of 106, less the eleven months March's file published,
    gave November's withheld 2."""
    workbook = _year(tmp_path / "year.xlsx")
    march = public(export(workbook, tmp_path / "march", Period(2020, 3)))
    april = public(export(workbook, tmp_path / "april", Period(2020, 4)))
    last, this = rows(march)["1"], rows(april)["1"]
    months = [h for h in last if h[:3] in {"Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec", "Jan",
                                           "Feb", "Mar"} and h.endswith(("2019", "2020")) and h != "Apr 2020"]
    assert len(months) == 12 and last["Nov 2019"] == C
    for year in (last.get("2019/20"), this.get("2019/20")):
        published = [number(last[m]) for m in months if last[m] != C]
        assert year == C or len(published) < 11 or number(year) is None, "the year less 11 months gives the 12th"


@pytest.mark.parametrize("title", [
    "Number of children adopted (FYTD)",
    "Number of children adopted since 1 April",
    "Number of children adopted",  # a running total known by its values alone
])
def test_cumulative_series_do_not_give_a_months_count_by_difference(tmp_path: Path, title: str) -> None:
    """Before: only "year to date" in a title was a running total; "(FYTD)", "since 1 April" and a bare
    cumulative series were published in full, and 9 - 5 = 4 adoptions in June came back."""
    figures = [4, 9, 11, 17, 20, 26, 27]
    path = table(tmp_path / "ytd.xlsx",
                 [*HEAD, "Apr-19", "May-19", "Jun-19", "Jul-19", "Aug-19", "Sep-19", "Oct-19", "Part 2"],
                 ["1", title, "High", "Number", 20, None, *figures, "No"], above=ABOVE)
    # Last month's file (September) and this month's: every published step is the month's own count.
    for period, out in ((Period(2019, 9), "sep"), (Period(2019, 10), "oct")):
        row = rows(public(export(path, tmp_path / out, period)))["1"]
        published = [row[h] for h in ("Apr 2019", "May 2019", "Jun 2019", "Jul 2019", "Aug 2019", "Sep 2019",
                                      "Oct 2019") if h in row and row[h] != C]
        small = [s for s in steps(published) if 1 <= s <= RULES.small_count_max]
        assert small == [], (title, period, published)


def test_a_rate_per_10000_with_a_population_printed_in_the_file_does_not_give_a_small_count(tmp_path: Path) -> None:
    """Before: 0.5 per 10,000 beside "311 of 64,927" elsewhere in the file: 0.5 x 6.4927 = 3 children."""
    path = table(
        tmp_path / "rate.xlsx",
        [*HEAD, "Sep-19", "Oct-19", "Part 2"],
        ["1", "% of children in need", "Monitor", "%", None, None, "0.5% (320 of 64,927)", "0.5% (311 of 64,927)",
         "No"],
        ["2", "Rate of children privately fostered per 10,000", "Monitor", "Rate per 10,000", None, None, 1.8, 0.5,
         "No"],
        above=ABOVE,
    )
    path_out = public(export(path, tmp_path / "out"))
    populations = [p for p in cohorts_in(path_out) if p >= 10_000]
    assert populations == [64_927]  # the population is printed …
    row = rows(path_out)["2"]
    for heading in ("Sep 2019", "Oct 2019"):
        rate = number(row[heading]) if row[heading] != C else None
        counts = [rate * p / 10_000 for p in populations] if rate is not None else []
        assert not [c for c in counts if 0.5 <= c < RULES.small_count_max + 0.5], heading  # … but no small count
    assert row["Sep 2019"] == "1.8"  # 1.8 x 6.49 = 12: published


def _cohort(path: Path) -> Path:
    return table(
        path,
        [*HEAD, "Sep-19", "Oct-19", "Part 2"],
        ["1", "Number of care leavers aged 19-21", "Monitor", "Number", None, None, 12, 12, "No"],
        ["2", "% of care leavers aged 19-21 in suitable accommodation", "High", "%", 85, 5, "100% (12 of 12)",
         "92% (11 of 12)", "No"],
        ["3", "% of care leavers aged 19-21 not in suitable accommodation", "Low", "%", 15, 5, 0, "8.3%", "No"],
        ["4", "Number of children missing from care", "Low", "Number", 20, None, 35, 37, "Yes"],
        ["5", "% of children missing from care offered a return interview", "High", "%", 80, None,
         "80% (28 of 35)", "81% (30 of 37)", "No"],
        above=ABOVE,
    )


def test_a_published_cohort_a_c_and_a_green_do_not_leave_one_value(tmp_path: Path) -> None:
    """Before: 12 care leavers (indicator 1), [c] and Green at 85% (indicator 2): only 11 of 12 is Green and
    withheld (12 of 12 would be published), so the [c] was 11."""
    path_out = public(export(_cohort(tmp_path / "cohort.xlsx"), tmp_path / "out"))
    table_ = rows(path_out)
    cohort = int(number(table_["1"]["Oct 2019"]) or 0)
    assert cohort == 12 and table_["2"]["Oct 2019"] == C
    rag = table_["2"]["RAG"]
    # The reader's attempt: the counts that are Green (85% or more) and would be withheld (complement 1 to 5).
    candidates = [n for n in range(cohort + 1) if 100 * n / cohort >= 85 and 1 <= cohort - n <= 5]
    assert rag == C or len(candidates) != 1, (rag, candidates)


def test_a_complement_typed_bare_does_not_give_the_withheld_percentage(tmp_path: Path) -> None:
    """Before: indicator 3's bare 8.3% "not in suitable accommodation" was published: 100 - 8.3 = 91.7%, 11 of 12."""
    row = rows(public(export(_cohort(tmp_path / "cohort.xlsx"), tmp_path / "out")))["3"]
    assert row["Oct 2019"] == C
    assert row["Sep 2019"] == "0"  # a true zero says nothing of a withheld figure


def test_a_part_2_count_is_not_published_as_another_indicators_denominator(tmp_path: Path) -> None:
    """Before: Part 2 indicator 4's 37 children was printed as indicator 5's "81% (30 of 37)"."""
    path_out = public(export(_cohort(tmp_path / "cohort.xlsx"), tmp_path / "out"))
    assert 37 not in cohorts_in(path_out) and 35 not in cohorts_in(path_out)
    assert rows(path_out)["5"]["Oct 2019"] == C


# -- ratings and words ----------------------------------------------------------------------------------------


def _custody(path: Path, part_2: str = "No") -> Path:
    return table(
        path,
        [*HEAD, "Sep-19", "Oct-19", "Part 2"],
        ["1", "Number of young people sentenced to custody", "Low", "Number", 0, 1, 1, 0, part_2],
        ["2", "Number of contacts to the front door", "Monitor", "Number", None, None, 1210, 1150, "No"],
        above=ABOVE,
    )


@pytest.mark.parametrize("part_2", ["No", "Yes"])
def test_a_rag_whose_band_is_one_number_is_withheld_with_the_figure(tmp_path: Path, part_2: str) -> None:
    """Before: target 0, tolerance 1: "Amber" beside [c] (or on a Part 2 row) meant exactly 1 young person."""
    workbook = _custody(tmp_path / "custody.xlsx", part_2)
    last = public(export(workbook, tmp_path / "sep", Period(2019, 9)))
    row = rows(last)["1"]
    assert row["Sep 2019"] == C and row["RAG"] == C
    # Nor do the counts above the table give it back: no Amber is counted there.
    assert "amber" not in PublicZip.read(last).everything().split("appendix one")[0] + \
        next(c.text for c in PublicZip.read(last).cells if c.text.startswith("2 indicators")).casefold()


def test_the_changes_in_rating_list_does_not_give_last_months_withheld_count(tmp_path: Path) -> None:
    """Before: Part 1 of the report listed "Amber to Green" for indicator 1: September's Amber meant exactly 1."""
    data = load_review(_custody(tmp_path / "custody.xlsx"), period=Period(2019, 10))
    written = export_report(data, tmp_path / "out")
    text = docx_text(written.part1)
    assert "Amber to Green" not in text
    assert "Amber to Green" in docx_text(written.part2)  # Part 2 says it: the check could fail


def _words(path: Path, commentary: str) -> Path:
    return table(
        path,
        [*HEAD, "Sep-19", "Oct-19", "Part 2", "Commentary"],
        ["5", "% of children adopted within 12 months of the decision", "High", "%", 70, None, "60% (6 of 10)",
         "40% (2 of 5)", "Yes", "Placed."],
        ["22", "Number of episodes of children going missing from care", "Low", "Number", 10, None, 12, 17, "Yes",
         None],
        ["7", "Average caseload per social worker", "Range", "Average", "10-12", None, 14.2, 14.6, "No", commentary],
        above=ABOVE,
    )


@pytest.mark.parametrize("commentary", [
    "Caseloads rose: two of the five children adopted this year needed late-life letters.",
    "All seventeen episodes were reviewed by the team.",
])
def test_part_2_figures_in_words_stop_the_public_export(tmp_path: Path, commentary: str) -> None:
    """Before: commentary quoting Part 2 figures in words passed both the appendix and the Word audits."""
    data = load_review(_words(tmp_path / "words.xlsx", commentary))
    with pytest.raises(UnsafePublicFile) as refused:
        export_appendices(data, tmp_path / "out")
    assert {f.code for f in refused.value.audit.findings} >= {"withheld-figure"}
    with pytest.raises(UnsafePublicFile):
        export_report(data, tmp_path / "report")


def test_the_same_commentary_in_digits_or_without_figures_passes(tmp_path: Path) -> None:
    data = load_review(_words(tmp_path / "plain.xlsx", "Caseloads rose with vacant posts."))
    assert export_appendices(data, tmp_path / "out").audit is not None


def test_fraction_of_finds_what_a_full_precision_file_gives_away() -> None:
    """The reader's tools can succeed: on figures stored as before, they recover the withheld fractions."""
    assert exact_fraction("0.5714285714285714") == Fraction(4, 7)
    assert exact_fraction("0.571") is None
    assert fraction_of("0.9166666666666666") == Fraction(11, 12)
    assert fraction_of("0.833") == Fraction(5, 6)


def test_the_reports_counts_of_ratings_do_not_give_a_withheld_rag_back(tmp_path: Path) -> None:
    """Before: Part 1 of September's report counted "1 Amber" beside the appendix's [c]: the [c] was Amber."""
    data = load_review(_custody(tmp_path / "custody.xlsx"), period=Period(2019, 9))
    written = export_report(data, tmp_path / "out")
    text = docx_text(written.part1)
    assert "1 Amber" not in text and "1 withheld" in text
    assert "1 Amber" in docx_text(written.part2)


def test_the_samples_figures_in_another_councils_layout_with_formulas_withhold_what_the_sample_does(
        tmp_path: Path) -> None:
    """The sample's figures laid out as another council does (percentages as =n/d formulas, counts in
    Numerator/Denominator columns): every small cohort is withheld, and nothing withheld is in the zip."""
    from tests.helpers import SAMPLE
    from tests.workbooks import calculate_divisions, write_other_layout

    other = calculate_divisions(write_other_layout(tmp_path / "other.xlsx"))
    data = load_review(other)
    written = export(other, tmp_path / "out")
    sample = load_review(SAMPLE)
    sample_withheld = redact(sample, RULES)
    other_withheld = redact(data, RULES)
    # Every figure the sample's layout withholds, in any month, this layout withholds too.
    for item in sample.items:
        other_item = data.item(item.ref)
        assert other_item is not None
        for period in item.indicator.outturns:
            figure = other_item.indicator.outturns.get(period)
            for part in ("value", "numerator", "denominator"):
                slot = Slot("outturn", period.key, part)
                if sample_withheld.suppressed(item.ref, slot) is not None and figure is not None and \
                        getattr(figure, part) is not None:
                    assert other_withheld.suppressed(item.ref, slot) is not None, (item.ref, period.key, part)
    assert written.audit is not None and written.audit.clean


def test_whether_an_indicator_is_listed_as_an_exception_does_not_give_its_withheld_rag(tmp_path: Path) -> None:
    """Before the fix of rule 8 was complete: with its RAG [c], indicator 2 missing from the Exceptions sheet
    still said "not Red or Amber", so Green, so 11 of 12."""
    from tests.public_zip import EXCEPTIONS

    path_out = public(export(_cohort(tmp_path / "cohort.xlsx"), tmp_path / "out"))
    assert rows(path_out)["2"]["RAG"] == C
    exceptions = PublicZip.read(path_out).table(EXCEPTIONS)
    assert "2" in exceptions and exceptions["2"]["RAG"].text == C
    assert "whose rating is withheld" in PublicZip.read(path_out).everything()


def test_an_indicator_marked_small_cohort_never_publishes_a_percentage_without_counts(tmp_path: Path) -> None:
    """Rule 6's second half: the workbook's own "Small cohort" mark, where no denominator says so."""
    path = table(
        tmp_path / "marked.xlsx",
        [*HEAD, "Sep-19", "Oct-19", "Small cohort", "Part 2"],
        ["1", "% of young people in custody with a suitable education place", "High", "%", 80, None, "50%",
         "57.1%", "Y", "No"],
        ["2", "% of referrals with a decision within 1 working day", "High", "%", 80, None, "55%", "60%", "N",
         "No"],
        above=ABOVE,
    )
    written = export(path, tmp_path / "out")
    table_ = rows(public(written))
    assert [table_["1"][h] for h in ("Sep 2019", "Oct 2019", "Current outturn")] == [C, C, C]
    assert table_["2"]["Oct 2019"] != C  # not marked: published, with its warning
    warning = next(p for p in written.problems if p.code == "counts-unknown" and p.ref == "1")
    assert "small cohort" in warning.message and "withheld" in warning.message
