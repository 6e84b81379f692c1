from datetime import date, datetime

import pytest

from scrutiny_desktop.domain.periods import (
    Period,
    find_financial_year,
    find_period_in_text,
    parse_period_heading,
    parse_period_key,
)

OCT_2019 = Period(2019, 10)


@pytest.mark.parametrize("heading", [
    "Oct-19", "Oct 19", "Oct19", "oct-2019", "October 2019", "2019-10", "10/2019", "Oct '19", "Oct 2019",
    "Oct-19 outturn", "31/10/2019", "2019-10-31", datetime(2019, 10, 1), date(2019, 10, 31),
])
def test_month_headings(heading: object) -> None:
    assert parse_period_heading(heading) == OCT_2019


def test_sept_is_september() -> None:
    assert parse_period_heading("Sept-19") == Period(2019, 9)


@pytest.mark.parametrize("heading, expected", [
    ("Q2 2019/20", Period(2019, 9, 3)),
    ("Q2 19/20", Period(2019, 9, 3)),
    ("2019/20 Q2", Period(2019, 9, 3)),
    ("Q3 2019-20", Period(2019, 12, 3)),
    ("Q4 2019/20", Period(2020, 3, 3)),
    ("Q1 2019/20", Period(2019, 6, 3)),
])
def test_financial_quarters(heading: str, expected: Period) -> None:
    assert parse_period_heading(heading) == expected


@pytest.mark.parametrize("heading", ["Target", "2019/20", "Ref", "", "Commentary", 42, None])
def test_non_period_headings(heading: object) -> None:
    assert parse_period_heading(heading) is None


def test_financial_year_inside_heading() -> None:
    assert find_financial_year("Outturn 2017/18") == (2017, "Outturn")
    assert find_financial_year("Target 2019/20") == (2019, "Target")
    assert find_financial_year("18/19") == (2018, "")
    assert find_financial_year("Oct 2019") is None
    assert find_financial_year("2019-10") is None


def test_period_arithmetic_and_labels() -> None:
    assert OCT_2019.key == "2019-10"
    assert OCT_2019.label == "Oct 2019"
    assert OCT_2019.long_label == "October 2019"
    assert OCT_2019.previous == Period(2019, 9)
    assert OCT_2019.year_before == Period(2018, 10)
    assert Period(2020, 1).previous == Period(2019, 12)
    q2 = Period(2019, 9, 3)
    assert q2.label == "Q2 2019/20"
    assert q2.previous == Period(2019, 6, 3)
    assert q2.long_label == "Q2 2019/20 (July to September 2019)"
    assert Period(2020, 2).financial_year == 2019 and OCT_2019.financial_year == 2019


def test_period_keys_from_the_command_line() -> None:
    assert parse_period_key("2019-10") == OCT_2019
    assert parse_period_key("2019-13") is None
    assert parse_period_key("Oct 2019") is None


def test_period_named_in_a_title() -> None:
    assert find_period_in_text("Performance as at the end of October 2019") == OCT_2019
    assert find_period_in_text("Children's dashboard Q2 2019/20") == Period(2019, 9, 3)
    assert find_period_in_text("Children's Scrutiny Dataset") is None
