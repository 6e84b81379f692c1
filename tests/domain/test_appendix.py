"""The appendix as data: every figure placed once, through the redaction, with symbols for the gaps."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scrutiny_desktop.domain.appendix import (
    COMMENTARY_NEEDED,
    MARKING,
    PART_2_NOTE,
    SHEET_EXCEPTIONS,
    SHEET_KEY,
    SHEET_MAIN,
    AppendixBook,
    Cell,
    Role,
    Sheet,
    build_appendix,
    split_commentary,
)
from scrutiny_desktop.domain.disclosure import Reason, Redaction, Slot, Suppression
from scrutiny_desktop.domain.model import (
    PERCENT,
    Benchmark,
    Dataset,
    Frequency,
    Indicator,
    Outturn,
    Polarity,
    Target,
    Tolerance,
    Unit,
    UnitKind,
)
from scrutiny_desktop.domain.periods import Period
from scrutiny_desktop.domain.review import Review, review
from scrutiny_desktop.domain.settings import Settings

OCT18 = Period(2018, 10)
MONTHS = tuple(Period(2019, m) for m in range(4, 11))
JUN, SEP, OCT = Period(2019, 6), Period(2019, 9), Period(2019, 10)
AVERAGE = Unit(UnitKind.AVERAGE, "Average")
COUNT = Unit(UnitKind.COUNT, "Number")
YEARS = ("2016/17", "2017/18", "2018/19")


def counted(n: int, d: int) -> Outturn:
    return Outturn(100 * n / d, n, d)


def _indicators() -> tuple[Indicator, ...]:
    return (
        Indicator("25", "Stability of placements - length of placement", "Children Looked After", Polarity.HIGH,
                  PERCENT, Frequency.MONTHLY, Target.single(65), Tolerance(5),
                  annual=dict(zip(YEARS, (62.0, 60.0, 58.0))),
                  benchmarks={Benchmark.STAT_NEIGHBOURS: 68.0, Benchmark.LONDON: 67.0, Benchmark.ENGLAND: 68.0},
                  outturns={OCT18: counted(45, 78), SEP: counted(51, 92), OCT: counted(50, 91)},
                  commentary="Family finding for long term fostering will take time to show."),
        Indicator("29", "Average caseloads", "Workforce", Polarity.RANGE, AVERAGE, Frequency.MONTHLY,
                  Target.between(12, 15), Tolerance(3), annual=dict(zip(YEARS, (14.2, 15.1, 15.6))),
                  benchmarks={Benchmark.ENGLAND: 17.4},
                  outturns={OCT18: Outturn(15.4), SEP: Outturn(16.5), OCT: Outturn(16.8)}),
        Indicator("7", "Children missing education", "Education", Polarity.MONITOR, COUNT, Frequency.MONTHLY,
                  annual=dict(zip(YEARS, (52.0, 47.0, 44.0))),
                  outturns={Period(2019, 5): Outturn(41), SEP: Outturn(36), OCT: Outturn(45)}),
        Indicator("35.1", "EHC plans issued within 20 weeks", "SEND", Polarity.HIGH, PERCENT, Frequency.QUARTERLY,
                  Target.single(65), Tolerance(10), outturns={JUN: counted(48, 92), SEP: counted(53, 104)},
                  commentary="The SEN service has been realigned."),
        Indicator("5", "Secondary permanent exclusions", "Education", Polarity.LOW, COUNT, Frequency.MONTHLY,
                  Target.single(45), Tolerance(5), sensitive=True, annual=dict(zip(YEARS, (41.0, 47.0, 55.0))),
                  benchmarks={Benchmark.ENGLAND: 44.0},
                  outturns={OCT18: Outturn(49), SEP: Outturn(61), OCT: Outturn(62)},
                  commentary="Exclusions rose to 62, concentrated in two schools."),
    )


def _review(commentary: dict[str, str] | None = None) -> Review:
    data = Dataset("C:\\Users\\officer\\KPIs.xlsx", "Dataset", _indicators(), (OCT18, *MONTHS), YEARS,
                   title="Children's Scrutiny Dataset")
    return review(data, OCT, commentary)


def _rows(sheet: Sheet) -> dict[str, dict[str, Cell]]:
    """Table rows by ref, each cell by its column heading."""
    headings = [c.heading for c in sheet.columns]
    return {row[0].value: dict(zip(headings, row)) for row in sheet.rows[sheet.heading_row:]  # type: ignore[misc]
            if row[0].role is Role.TEXT and row[1].value}


def _main(book: AppendixBook) -> dict[str, dict[str, Cell]]:
    return _rows(book.sheet(SHEET_MAIN))


def _everything(book: AppendixBook) -> list[float | str]:
    return [c.value for sheet in book.sheets for row in sheet.rows for c in row if c.value is not None]


def test_the_table_has_a_column_per_field_then_the_months_of_the_reporting_year() -> None:
    sheet = build_appendix(_review()).sheet(SHEET_MAIN)
    assert [c.heading for c in sheet.columns] == [
        "Ref", "Indicator", "Good is", "Unit", "Target or range", *YEARS,
        "Apr 2019", "May 2019", "Jun 2019", "Jul 2019", "Aug 2019", "Sep 2019", "Oct 2019",  # not Oct 2018
        "Current outturn", "RAG", "vs previous", "vs last year", "Stat neighbours", "London", "England"]
    heading = sheet.rows[sheet.heading_row - 1]
    assert [c.value for c in heading] == [c.heading for c in sheet.columns]
    assert all(c.role is Role.HEADING for c in heading)


def test_title_period_and_the_key_to_symbols_sit_above_the_table_in_column_a() -> None:
    sheet = build_appendix(_review()).sheet(SHEET_MAIN)
    above = [row for row in sheet.rows[: sheet.heading_row - 1]]
    assert all(len(row) == 1 for row in above)
    texts = [row[0].value for row in above]
    assert texts[0] == "Appendix One: Children's Scrutiny Dataset"
    assert any("as at the end of October 2019" in str(t) for t in texts)
    assert any("[c]" in str(t) and "[x]" in str(t) and "[z]" in str(t) for t in texts)


def test_current_outturn_is_read_as_the_committee_reads_it() -> None:
    rows = _main(build_appendix(_review()))
    assert rows["25"]["Current outturn"].value == "55% (50 of 91)"
    caseload = rows["29"]["Current outturn"]
    assert (caseload.value, caseload.number_format) == (16.8, "#,##0.0")
    missing = rows["7"]["Current outturn"]
    assert (missing.value, missing.number_format) == (45, "#,##0")
    assert rows["35.1"]["Current outturn"].value == "51% (53 of 104) (Sep 2019)"  # its latest quarter, September


def test_figures_standing_alone_are_numbers_and_percentages_fractions_with_a_percent_format() -> None:
    row = _main(build_appendix(_review()))["25"]
    assert (row["Oct 2019"].value, row["Oct 2019"].number_format) == (pytest.approx(50 / 91), "0%")  # full precision
    assert (row["2018/19"].value, row["England"].value) == (pytest.approx(0.58), pytest.approx(0.68))
    assert row["Oct 2019"].role is Role.PERCENT


def test_one_row_keeps_its_decimals_alike() -> None:
    row = _main(build_appendix(_review()))["29"]
    assert {row[h].number_format for h in ("2016/17", "Sep 2019", "Oct 2019", "England")} == {"#,##0.0"}
    assert row["2016/17"].value == 14.2


def test_gaps_are_symbols_never_blank_cells() -> None:
    rows = _main(build_appendix(_review()))
    assert rows["7"]["Target or range"].value == "[z]"  # monitored, no target
    assert rows["7"]["Jun 2019"].value == "[x]"  # a monthly figure not there
    assert rows["35.1"]["Aug 2019"].value == "[z]"  # a quarterly indicator reports in June and September
    assert rows["35.1"]["Sep 2019"].value == pytest.approx(53 / 104)
    assert rows["29"]["London"].value == "[x]"
    assert all(cell.value is not None for row in rows.values() for cell in row.values())


def test_a_quarterly_figure_missing_at_a_quarter_end_is_not_available_not_not_applicable() -> None:
    data = Dataset("x.xlsx", "Data", (Indicator("36", "First time entrants", polarity=Polarity.LOW,
                                                frequency=Frequency.QUARTERLY, outturns={JUN: Outturn(236)}),),
                   MONTHS)
    row = _main(build_appendix(review(data, OCT)))["36"]
    assert (row["Jun 2019"].value, row["Jul 2019"].value, row["Sep 2019"].value) == (236, "[z]", "[x]")


def test_rag_is_a_word_with_its_colour_role_and_direction_an_arrow_with_a_word() -> None:
    rows = _main(build_appendix(_review()))
    assert (rows["25"]["RAG"].value, rows["25"]["RAG"].role) == ("Red", Role.RAG_RED)
    assert (rows["29"]["RAG"].value, rows["29"]["RAG"].role) == ("Amber", Role.RAG_AMBER)
    assert (rows["7"]["RAG"].value, rows["7"]["RAG"].role) == ("No target", Role.RAG_NONE)
    assert rows["25"]["vs previous"].value == "↓ worsening"
    assert rows["29"]["vs last year"].value == "↑ worsening"
    assert rows["35.1"]["vs last year"].value == "no comparison"


def test_rows_are_grouped_by_section_in_ref_order() -> None:
    sheet = build_appendix(_review()).sheet(SHEET_MAIN)
    order = [row[0].value for row in sheet.rows[sheet.heading_row:]]
    assert order == ["Education", "5", "7", "Children Looked After", "25", "Workforce", "29", "SEND", "35.1"]
    band = sheet.rows[sheet.heading_row]
    assert len(band) == len(sheet.columns) and {c.role for c in band} == {Role.SECTION}


def test_the_full_edition_is_marked_not_for_publication_and_the_public_one_is_not() -> None:
    full = build_appendix(_review(), Settings(organisation="London Borough of Example"))
    assert full.marking == MARKING and not full.public
    assert full.author == "London Borough of Example"
    assert "Part 2" in full.title and "October 2019" in full.title
    for sheet in full.sheets:
        assert any(row[0].value == MARKING and row[0].role is Role.MARKING for row in sheet.rows)
    public = build_appendix(_review(), public=True)
    assert public.marking == "" and "Part 1" in public.title
    assert not any("NOT FOR PUBLICATION" in str(v) for v in _everything(public))


def test_the_exceptions_sheet_lists_every_red_and_amber_with_commentary_or_the_need_for_it() -> None:
    sheet = build_appendix(_review()).sheet(SHEET_EXCEPTIONS)
    rows = _rows(sheet)
    assert list(rows) == ["5", "25", "29", "35.1"]
    assert rows["25"]["Current outturn"].value == "55% (50 of 91)"
    assert rows["25"]["Management commentary"].value.startswith("Family finding")  # type: ignore[union-attr]
    assert rows["29"]["How the RAG was decided"].value == (
        "16.8 is above the range 12–15 by 1.8, within the tolerance of 3: Amber")
    needed = rows["29"]["Management commentary"]
    assert (needed.value, needed.role) == (COMMENTARY_NEEDED, Role.NEEDED)
    assert any("Commentary is still needed for 29" in str(row[0].value) for row in sheet.rows[: sheet.heading_row])


def test_commentary_given_with_the_export_replaces_the_need_for_it() -> None:
    rows = _rows(build_appendix(_review({"29": "Six vacant posts."})).sheet(SHEET_EXCEPTIONS))
    assert rows["29"]["Management commentary"].value == "Six vacant posts."


def test_long_commentary_continues_on_further_rows_rather_than_being_cut_off() -> None:
    long = " ".join(f"Sentence {i} of the commentary on placement stability." for i in range(100))
    sheet = build_appendix(_review({"25": long})).sheet(SHEET_EXCEPTIONS)
    pieces = [row for row in sheet.rows if row[0].value == "25"]
    assert len(pieces) > 1
    assert pieces[1][1].value == "Stability of placements - length of placement (continued)"
    assert " ".join(str(row[-1].value) for row in pieces) == long


def test_the_key_explains_rag_arrows_polarity_and_symbols() -> None:
    key = build_appendix(_review(), Settings(small_count_max=7), public=True).sheet(SHEET_KEY)
    terms = {row[0].value: row for row in key.rows[key.heading_row:]}
    assert terms["Red"][0].role is Role.RAG_RED and terms["No data"][0].role is Role.RAG_MISSING
    for term in ("Good is High", "Good is Low", "Good is Range", "Good is Monitor", "Tolerance", "→ no change",
                 "[c]", "[x]", "[z]"):
        assert term in terms, term
    assert "Why a figure is [c]" in str(terms["[c]"][1].value)
    for reason in ("Part 2 indicator", "Small count", "Percentage, rate or average", "Worked out from others"):
        assert reason in terms, reason
    assert "from 1 to 7" in str(terms["Small count"][1].value)  # the officer's threshold, not the default
    assert "10 or fewer" in str(terms["Percentage, rate or average"][1].value)
    assert PART_2_NOTE in str(terms["Part 2 indicator"][1].value)
    full = build_appendix(_review()).sheet(SHEET_KEY)
    assert "Small count" not in {row[0].value for row in full.rows}  # the Part 2 paper withholds nothing


def test_the_public_exceptions_sheet_names_the_part_2_indicators_as_the_committee_report_does() -> None:
    redaction = Redaction(sensitive=frozenset({"5", "25"}))
    sheet = build_appendix(_review(), redaction=redaction, public=True).sheet(SHEET_EXCEPTIONS)
    above = [str(row[0].value) for row in sheet.rows[: sheet.heading_row]]
    assert "Management commentary on indicators 5 and 25 is in the Part 2 report: the figures are withheld so " \
           "that no child can be identified." in above
    one = build_appendix(_review(), redaction=Redaction(sensitive=frozenset({"5"})), public=True)
    assert any(str(row[0].value).startswith("Management commentary on indicator 5 is in the Part 2 report")
               for row in one.sheet(SHEET_EXCEPTIONS).rows)
    for book in (build_appendix(_review(), redaction=redaction), build_appendix(_review(), public=True)):
        assert not any("Part 2 report:" in str(row[0].value) for row in book.sheet(SHEET_EXCEPTIONS).rows)


def test_withheld_commentary_of_a_public_indicator_points_to_part_2() -> None:
    redaction = _suppress("25", Slot("commentary"))
    book = build_appendix(_review({"25": "Three of the eight."}), redaction=redaction, public=True)
    sheet = book.sheet(SHEET_EXCEPTIONS)
    row = _rows(sheet)["25"]
    assert row["Management commentary"].value == PART_2_NOTE
    assert row["Indicator"].value == "Stability of placements - length of placement"  # not a Part 2 indicator
    assert "Three of the eight" not in "\n".join(str(v) for v in _everything(book))
    assert any(str(r[0].value).startswith("Management commentary on indicator 25 is in the Part 2 report")
               for r in sheet.rows)
    full = _rows(build_appendix(_review({"25": "Three of the eight."}), redaction=redaction).sheet(SHEET_EXCEPTIONS))
    assert full["25"]["Management commentary"].value == "Three of the eight."


def _suppress(ref: str, *slots: Slot) -> Redaction:
    return Redaction({(ref, s): Suppression(ref, s, Reason.SMALL_COUNT) for s in slots})


def _numbers_and_texts(book: AppendixBook) -> tuple[list[float], str]:
    values = _everything(book)
    return [v for v in values if isinstance(v, float | int)], "\n".join(str(v) for v in values)


def test_a_suppressed_outturn_is_c_in_every_place_it_would_show() -> None:
    oct_ = [Slot("outturn", "2019-10", part) for part in ("value", "numerator", "denominator")]
    book = build_appendix(_review(), redaction=_suppress("25", *oct_), public=True)
    row = _main(book)["25"]
    assert row["Oct 2019"].value == row["Current outturn"].value == "[c]"
    assert row["vs previous"].value == row["vs last year"].value == "[c]"  # they say which way it moved
    assert row["Sep 2019"].value == 0.55  # the months are judged one by one; 51/92 stored as shown, 55%
    assert row["RAG"].value == "Red"
    exception = _rows(book.sheet(SHEET_EXCEPTIONS))["25"]
    assert exception["Current outturn"].value == exception["How the RAG was decided"].value == "[c]"
    numbers, texts = _numbers_and_texts(book)
    assert not any(v == pytest.approx(50 / 91) or v in (50, 91) for v in numbers)
    assert "50 of 91" not in texts and "54.9" not in texts and "55%" not in texts


def test_withheld_counts_leave_the_percentage_alone_as_a_number() -> None:
    counts = [Slot("outturn", "2019-10", part) for part in ("numerator", "denominator")]
    row = _main(build_appendix(_review(), redaction=_suppress("25", *counts), public=True))["25"]
    assert (row["Current outturn"].value, row["Current outturn"].number_format) == (0.55, "0%")


def test_a_sensitive_indicator_keeps_ref_title_section_and_rag_in_public_with_every_figure_c() -> None:
    settings = Settings()
    book = build_appendix(_review(), settings, Redaction(sensitive=frozenset({"5"})), public=True)
    row = _main(book)["5"]
    assert row["Indicator"].value == f"Secondary permanent exclusions\n{PART_2_NOTE}"
    assert row["RAG"].value == "Red"
    figures = [h for h in row if h[:4].isdigit() or h[:3] in {"Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct"}]
    for heading in (*figures, "Current outturn", "vs previous", "vs last year", "England"):
        assert row[heading].value == "[c]", heading
    exception = _rows(book.sheet(SHEET_EXCEPTIONS))["5"]
    assert exception["Management commentary"].value == PART_2_NOTE
    assert exception["How the RAG was decided"].value == "[c]"
    numbers, texts = _numbers_and_texts(book)
    assert 62 not in numbers and 61 not in numbers and "concentrated in two schools" not in texts
    full = _main(build_appendix(_review(), settings))["5"]
    assert full["Current outturn"].value == 62 and full["Indicator"].value == "Secondary permanent exclusions"


@dataclass(frozen=True)
class _WithholdAll(Redaction):
    """A redaction that withholds every figure it is asked about, and remembers the questions."""

    def suppressed(self, ref: str, slot: Slot) -> Suppression | None:
        return Suppression(ref, slot, Reason.SECONDARY)


def test_every_figure_goes_through_the_redaction() -> None:
    book = build_appendix(_review(), redaction=_WithholdAll(), public=True)
    numbers, texts = _numbers_and_texts(book)
    assert numbers == []
    assert "55% (50 of 91)" not in texts and "16.8" not in texts


def test_a_workbook_with_no_periods_still_gives_an_appendix() -> None:
    bare = Dataset("x.xlsx", "Data", (Indicator("1", "Something", polarity=Polarity.HIGH,
                                                target=Target.single(5)),), ())
    book = build_appendix(review(bare))
    row = _main(book)["1"]
    assert row["Current outturn"].value == "[x]" and row["RAG"].value == "No data"
    assert book.period == "no period"


@given(st.lists(st.text(alphabet="abc .\n", min_size=1, max_size=80), min_size=1, max_size=60))
def test_split_commentary_keeps_every_word_in_pieces_no_longer_than_the_limit(parts: list[str]) -> None:
    text = "".join(parts).strip()
    pieces = split_commentary(text, limit=100)
    assert all(len(p) <= 100 for p in pieces)
    assert " ".join(pieces).split() == text.split()


@given(st.one_of(st.floats(allow_nan=True, allow_infinity=True), st.integers(-10**17, 10**17),
                 st.sampled_from([0.0, -0.0, 2.95, 2.949999999999999, 3.0, 1e15, -1e15 - 2, 88.025])))
def test_whole_at_one_place_is_the_rounding_it_skips_for_a_whole_number(value: float) -> None:
    """The builder decides a row's decimals without rounding a value already whole: the same answer, and an
    int of 10^15 or more (which has no `is_integer` on Python 3.11) is whole instead of a crash."""
    from scrutiny_desktop.domain.appendix import whole_at_one_place
    from scrutiny_desktop.domain.formatting import round_half_up

    assert whole_at_one_place(value) == float(round_half_up(value, 1)).is_integer()


def test_the_builders_remembered_slots_are_the_slots_the_redaction_keys_by() -> None:
    from scrutiny_desktop.domain.appendix import _slot

    assert _slot("outturn", "2019-10", "value") == Slot("outturn", "2019-10", "value")
    assert _slot("commentary") == Slot("commentary") and _slot("annual", "2018/19") == Slot("annual", "2018/19")
    assert hash(_slot("rag")) == hash(Slot("rag"))
