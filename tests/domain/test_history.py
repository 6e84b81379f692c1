"""The history's questions: quarters, red runs, carried commentary, and what the public edition may show."""

from __future__ import annotations

from dataclasses import replace

import pytest

from scrutiny_desktop.domain.disclosure import DisclosureRules, redact
from scrutiny_desktop.domain.history import (
    Carried,
    History,
    Origin,
    Record,
    carried_commentary,
    publishable,
    quarter_of,
    quarter_ratings,
    red_quarters_running,
    trend_publishable,
    trends,
)
from scrutiny_desktop.domain.model import PERCENT, Dataset, Polarity, Rag, Unit, UnitKind
from scrutiny_desktop.domain.periods import Period
from scrutiny_desktop.domain.review import review
from tests.domain.factories import indicator

COUNTS = Unit(UnitKind.COUNT, "Number")


def rec(month: Period, rag: Rag, commentary: str = "", origin: Origin = Origin.EXPORT, **kw: object) -> Record:
    return Record("1", month, "An indicator", rag, origin, commentary=commentary, **kw)  # type: ignore[arg-type]


@pytest.mark.parametrize(("month", "quarter"), [
    (Period(2019, 4), Period(2019, 6, 3)), (Period(2019, 6), Period(2019, 6, 3)),
    (Period(2019, 10), Period(2019, 12, 3)), (Period(2020, 1), Period(2020, 3, 3)),
    (Period(2020, 3), Period(2020, 3, 3)),
])
def test_a_month_falls_in_its_financial_quarter(month: Period, quarter: Period) -> None:
    assert quarter_of(month) == quarter


def one_review(values: dict[Period, float | None], **fields: object):  # type: ignore[no-untyped-def]
    ind = indicator(values=values, tolerance=5, **fields)  # High, target 70, amber from 65
    return review(Dataset("kpi.xlsx", "Data", (ind,), tuple(sorted(values))), max(values))


def test_quarters_take_the_export_then_the_workbook_then_the_back_fill() -> None:
    result = one_review({Period(2019, 9): 60.0, Period(2019, 10): 60.0, Period(2019, 6): 72.0})
    item = result.items[0]
    history = History((
        rec(Period(2019, 9), Rag.AMBER, origin=Origin.EXPORT),  # as reported (an override, say): wins
        rec(Period(2019, 6), Rag.RED, origin=Origin.WORKBOOK),  # back-filled: the workbook's 72 wins
        rec(Period(2019, 3), Rag.GREEN, origin=Origin.APPENDIX),  # only the history has March
    ))
    quarters = quarter_ratings(history, item, Period(2019, 10))
    assert [(q.quarter.label, q.rag) for q in quarters] == [
        ("Q4 2018/19", Rag.GREEN), ("Q1 2019/20", Rag.GREEN), ("Q2 2019/20", Rag.AMBER), ("Q3 2019/20", Rag.RED)]
    assert red_quarters_running(quarters) == 1


def test_red_quarters_running_counts_back_from_the_latest() -> None:
    result = one_review({Period(2019, m): 50.0 for m in (3, 6, 9, 10)})
    quarters = quarter_ratings(History(), result.items[0], Period(2019, 10))
    assert [q.rag for q in quarters] == [Rag.RED] * 4
    assert red_quarters_running(quarters) == 4
    gap = one_review({Period(2019, m): 50.0 for m in (9, 10)})
    quarters = quarter_ratings(History(), gap.items[0], Period(2019, 10))
    assert [q.rag for q in quarters] == [None, None, Rag.RED, Rag.RED]
    assert red_quarters_running(quarters) == 2


def test_commentary_is_carried_only_through_an_unbroken_run_of_exceptions() -> None:
    item = one_review({Period(2019, 10): 50.0}).items[0]
    oct_ = Period(2019, 10)
    kept = History((rec(Period(2019, 8), Rag.RED, "August words"), rec(Period(2019, 9), Rag.AMBER, "")))
    assert carried_commentary(kept, item, oct_) == Carried("August words", Period(2019, 8))
    broken = History((rec(Period(2019, 8), Rag.RED, "August words"), rec(Period(2019, 9), Rag.GREEN, "")))
    assert carried_commentary(broken, item, oct_) is None
    # Carried before: it still names the period it was written for.
    again = History((rec(Period(2019, 9), Rag.RED, "July words", commentary_from="2019-07"),))
    assert carried_commentary(again, item, oct_) == Carried("July words", Period(2019, 7))
    green = one_review({Period(2019, 10): 80.0}).items[0]
    assert carried_commentary(kept, green, oct_) is None  # not an exception now: nothing to carry


@pytest.mark.parametrize(("unit", "value", "n", "d", "ok"), [
    (COUNTS, 0, None, None, True),  # a true zero
    (COUNTS, 3, None, None, False),  # a small count
    (COUNTS, 6, None, None, True),
    (PERCENT, 50.0, None, None, False),  # no counts to judge it by
    (PERCENT, 50.0, 10, 20, True),
    (PERCENT, 40.0, 4, 10, False),  # a small numerator, and a denominator of ten
    (PERCENT, 70.0, 14, 20, True),  # six without the outcome: not small
    (PERCENT, 95.0, 19, 20, False),  # the complement, one child, is small
])
def test_publishable(unit: Unit, value: float, n: float | None, d: float | None, ok: bool) -> None:
    record = rec(Period(2019, 1), Rag.NONE, value=value, numerator=n, denominator=d)
    assert publishable(record, unit, DisclosureRules()) is ok


def test_a_small_count_behind_the_chart_outside_the_reporting_year_withholds_it() -> None:
    """Fifteen large counts and one of 3 in January 2019: the redaction never sees January (not in the
    reporting year 2019/20), but the chart drawn from it must not be public."""
    months = [Period(2018, 8).shifted(i) for i in range(15)]
    big = {m: 120.0 + (i % 3) for i, m in enumerate(months)}
    for values, shown in ((big, True), ({**big, Period(2019, 1): 3.0}, False)):
        ind = replace(indicator(Polarity.MONITOR, None, percent=False, values=values), unit=COUNTS)
        result = review(Dataset("kpi.xlsx", "Data", (ind,), tuple(sorted(values))), months[-1])
        found = trends(History((rec(Period(2018, 7), Rag.NONE, value=121.0),)), result)
        trend = found.of("1")
        assert trend.chart is not None and len(trend.chart.points) == 16
        rules = DisclosureRules()
        assert trend_publishable(trend, result.items[0], redact(result, rules), rules) is shown



def test_a_workbook_month_held_unchanged_is_not_kept_again() -> None:
    from scrutiny_desktop.domain.history import records_of_dataset

    values = {Period(2019, 8): 60.0, Period(2019, 9): 61.0, Period(2019, 10): 62.0}
    ind = indicator(values=values, tolerance=5, commentary="October's words")
    data = Dataset("kpi.xlsx", "Data", (ind,), tuple(sorted(values)))
    everything = records_of_dataset(data)
    assert [(r.period.month, r.rag, r.commentary) for r in everything] == [
        (8, Rag.RED, ""), (9, Rag.RED, ""), (10, Rag.RED, "October's words")]
    held = {("1", Period(2019, 8)): 60.0, ("1", Period(2019, 9)): 59.0, ("1", Period(2019, 10)): 62.0}
    # August as held: left out; September corrected since: kept; October, the current month: always kept.
    assert [r.period.month for r in records_of_dataset(data, held=held)] == [9, 10]
