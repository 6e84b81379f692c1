"""Direction of travel, current outturns, exceptions and commentary."""

import pytest

from scrutiny_desktop.domain.model import Dataset, Frequency, Outturn, Override, Polarity, Rag
from scrutiny_desktop.domain.periods import Period
from scrutiny_desktop.domain.rating import Direction, travel
from scrutiny_desktop.domain.review import current_outturn, review
from tests.domain.factories import OCT, indicator

SEP, AUG, JUL = Period(2019, 9), Period(2019, 8), Period(2019, 7)


@pytest.mark.parametrize("polarity, before, now, expected", [
    (Polarity.HIGH, 60, 65, Direction.IMPROVING),
    (Polarity.HIGH, 65, 60, Direction.WORSENING),
    (Polarity.LOW, 65, 60, Direction.IMPROVING),
    (Polarity.LOW, 60, 65, Direction.WORSENING),
    (Polarity.HIGH, 60, 60.04, Direction.NO_CHANGE),   # the same to one decimal place
    (Polarity.MONITOR, 60, 65, Direction.INCREASING),
    (Polarity.MONITOR, 65, 60, Direction.DECREASING),
    (Polarity.HIGH, None, 60, Direction.NA),
])
def test_direction_of_travel(polarity: Polarity, before: float | None, now: float, expected: Direction) -> None:
    assert travel(indicator(polarity, 70), now, before).direction is expected


def test_direction_for_a_range_is_closer_or_further() -> None:
    caseloads = indicator(Polarity.RANGE, (12, 15), 3, percent=False)
    assert travel(caseloads, 16.8, 16.5).direction is Direction.WORSENING
    assert travel(caseloads, 16.5, 16.8).direction is Direction.WORSENING.IMPROVING
    assert travel(caseloads, 11.0, 10.0).direction is Direction.IMPROVING
    assert travel(caseloads, 13.0, 14.0).direction is Direction.NO_CHANGE  # both inside the range


def test_arrows_say_which_way_the_value_moved_and_words_whether_that_is_good() -> None:
    low = indicator(Polarity.LOW, 15)
    assert travel(low, 10, 12).text == "↓ improving"
    assert travel(low, 12, 10).text == "↑ worsening"
    assert travel(low, 12, 12).text == "→ no change"
    assert travel(low, 12, None).text == "no comparison"


def _dataset(*indicators) -> Dataset:
    periods = sorted({p for i in indicators for p in i.outturns})
    return Dataset("test.xlsx", "Data", tuple(indicators), tuple(periods))


def test_current_period_is_the_latest_holding_any_outturn() -> None:
    ind = indicator(values={AUG: 60, SEP: 61, OCT: None})
    assert _dataset(ind).latest_period == SEP
    assert review(_dataset(ind)).period == SEP


def test_the_periods_to_choose_from_hold_data_latest_first_a_month_before_its_quarter() -> None:
    q2 = Period(2019, 9, 3)
    monthly = indicator(ref="1", values={JUL: 60, AUG: None, SEP: 61, OCT: None})
    quarterly = indicator(ref="2", frequency=Frequency.QUARTERLY, values={Period(2019, 6, 3): 50, q2: 52})
    assert _dataset(monthly, quarterly).periods_with_data == (SEP, JUL, Period(2019, 6, 3))
    assert _dataset(monthly, quarterly).latest_period == q2  # the latest itself is unchanged
    assert _dataset(indicator(values={OCT: None})).periods_with_data == ()


def test_monthly_indicator_with_no_value_this_month_is_missing_not_red() -> None:
    a = indicator(ref="1", values={SEP: 10, OCT: 80})
    b = indicator(ref="2", values={AUG: 11, SEP: 10})  # figures in consecutive months: monthly
    result = review(_dataset(a, b))
    assert result.item("2").rag is Rag.MISSING  # type: ignore[union-attr]
    assert not result.item("2").needs_commentary  # type: ignore[union-attr]


def test_an_indicator_with_no_frequency_reports_as_often_as_its_figures_show() -> None:
    from scrutiny_desktop.domain.review import reporting_frequency

    assert reporting_frequency(indicator(values={Period(2019, 6): 5, SEP: 6})) is Frequency.QUARTERLY
    assert reporting_frequency(indicator(values={Period(2019, 3): 5, JUL: 6})) is Frequency.TERMLY
    assert reporting_frequency(indicator(values={Period(2018, 9): 5, SEP: 6})) is Frequency.ANNUAL
    assert reporting_frequency(indicator(values={JUL: 5})) is Frequency.ANNUAL  # one figure: current for a year
    assert reporting_frequency(indicator(values={AUG: 5, SEP: 6, OCT: None})) is None  # monthly
    assert reporting_frequency(indicator(values={})) is None
    single = review(_dataset(indicator(ref="1", values={SEP: 10, OCT: None})), OCT).item("1")
    assert single is not None and single.period == SEP and single.outturn.value == 10


def test_quarterly_indicator_uses_its_latest_quarter() -> None:
    quarterly = indicator(frequency=Frequency.QUARTERLY, values={Period(2019, 6): 52, SEP: 51})
    when, outturn = current_outturn(quarterly, OCT)
    assert when == SEP and outturn.value == 51
    assert current_outturn(quarterly, Period(2020, 1))[1].value is None  # beyond the quarter's window


def test_quarterly_direction_compares_with_the_previous_quarter() -> None:
    quarterly = indicator(frequency=Frequency.QUARTERLY, values={Period(2019, 6): 52, AUG: 99, SEP: 51})
    result = review(_dataset(quarterly), OCT)
    item = result.item("1")
    assert item is not None and item.vs_previous.previous == 52


def test_exceptions_need_commentary_and_the_file_overrides_the_workbook() -> None:
    red = indicator(ref="25", values={OCT: 55}, commentary="from the workbook")
    amber = indicator(ref="29", polarity=Polarity.RANGE, target=(12, 15), tolerance=3, percent=False,
                      values={OCT: 16.8})
    green = indicator(ref="3", values={OCT: 90})
    result = review(_dataset(red, amber, green), commentary={"29": "typed in the window"})
    assert [i.ref for i in result.exceptions] == ["25", "29"]
    assert result.item("25").commentary == "from the workbook"  # type: ignore[union-attr]
    assert result.item("29").commentary == "typed in the window"  # type: ignore[union-attr]
    assert result.missing_commentary == ()
    cleared = result.with_commentary({"25": "  "})
    assert [i.ref for i in cleared.missing_commentary] == ["25"]


def test_items_are_in_ref_order_grouped_by_section() -> None:
    inds = [indicator(ref=r, section=s, values={OCT: 80}) for r, s in
            [("10", "B"), ("2", "A"), ("35.1", "C"), ("9", "B"), ("35.2", "C"), ("1", "A")]]
    result = review(_dataset(*inds))
    assert [i.ref for i in result.items] == ["1", "2", "9", "10", "35.1", "35.2"]
    assert [name for name, _ in result.sections] == ["A", "B", "C"]


def test_stated_rag_is_compared_and_an_override_is_kept_beside_the_computed_one() -> None:
    stated = indicator(ref="14", values={OCT: 90}, stated_rag=Rag.AMBER)
    result = review(_dataset(stated))
    assert [(p.code, p.ref) for p in result.problems] == [("stated-rag-differs", "14")]
    overridden = indicator(ref="14", values={OCT: 90}, stated_rag=Rag.AMBER,
                           override=Override(Rag.AMBER, "data quality concern"))
    item = review(_dataset(overridden)).item("14")
    assert item is not None
    assert item.rating.rag is Rag.GREEN and item.rag is Rag.AMBER and item.needs_commentary
    assert "data quality concern" in item.explanation


def test_value_text_in_the_reports_style() -> None:
    ind = indicator(ref="25", values={})
    ind = type(ind)(**{**ind.__dict__, "outturns": {OCT: Outturn(100 * 50 / 91, 50, 91)}})
    item = review(_dataset(ind)).item("25")
    assert item is not None and item.value_text == "55% (50 of 91)"
