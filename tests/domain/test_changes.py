"""Rating changes between two reviews: matched by ref, newly Red first, new and gone refs apart."""

from __future__ import annotations

from scrutiny_desktop.domain.changes import (
    changes_since_previous_period,
    earlier_period,
    rating_changes,
)
from scrutiny_desktop.domain.model import Dataset, Indicator, Outturn, Polarity, Rag, Target, Tolerance
from scrutiny_desktop.domain.periods import Period
from scrutiny_desktop.domain.review import Review, review

AUG, SEP, OCT = Period(2019, 8), Period(2019, 9), Period(2019, 10)


def ind(ref: str, values: dict[Period, float | None]) -> Indicator:
    """High is good, target 70, amber down to 65: 72 Green, 67 Amber, 60 Red."""
    return Indicator(ref=ref, title=f"Indicator {ref}", polarity=Polarity.HIGH, target=Target.single(70),
                     tolerance=Tolerance(5), outturns={p: Outturn(v) for p, v in values.items()})


def reviewed(*indicators: Indicator, period: Period | None = None) -> Review:
    periods = tuple(sorted({p for i in indicators for p in i.outturns}))
    return review(Dataset("test.xlsx", "Data", indicators, periods), period)


def test_it_names_exactly_the_refs_whose_rating_changed_newly_red_first() -> None:
    before = reviewed(ind("1", {SEP: 72}), ind("2", {SEP: 67}), ind("3", {SEP: 60}), ind("4", {SEP: 72}),
                      ind("10", {SEP: 72}), ind("11", {SEP: 67}))
    after = reviewed(ind("1", {OCT: 72}), ind("2", {OCT: 72}), ind("3", {OCT: 60}), ind("4", {OCT: 60}),
                     ind("10", {OCT: 67}), ind("11", {OCT: 60}))
    changes = rating_changes(before, after)
    assert changes.since == SEP
    assert [(c.ref, c.before, c.after, c.newly_red) for c in changes.changed] == [
        ("4", Rag.GREEN, Rag.RED, True),
        ("11", Rag.AMBER, Rag.RED, True),
        ("2", Rag.AMBER, Rag.GREEN, False),
        ("10", Rag.GREEN, Rag.AMBER, False),
    ]
    assert [c.ref for c in changes.newly_red] == ["4", "11"]
    assert changes.appeared == () and changes.disappeared == ()


def test_refs_in_only_one_review_are_new_or_gone_never_changes() -> None:
    before = reviewed(ind("1", {SEP: 72}), ind("2", {SEP: 60}))
    after = reviewed(ind("1", {OCT: 72}), ind("3", {OCT: 60}))
    changes = rating_changes(before, after)
    assert changes.changed == ()
    assert [(c.ref, c.before, c.after) for c in changes.appeared] == [("3", None, Rag.RED)]
    assert [(c.ref, c.before, c.after) for c in changes.disappeared] == [("2", Rag.RED, None)]
    assert not changes.appeared[0].newly_red
    assert changes.appeared[0].text == "new in this workbook, rated Red"
    assert changes.disappeared[0].text == "no longer in the workbook (was Red)"


def test_missing_data_and_no_target_are_ratings_too() -> None:
    # Figures in consecutive months: a monthly indicator, so a blank October is no data (not September's).
    before = reviewed(ind("1", {AUG: 71, SEP: 72, OCT: None}))
    changes = changes_since_previous_period(before)
    assert before.period == SEP  # the latest period holding a value
    assert [(c.ref, c.before, c.after) for c in changes.changed] == []
    current = reviewed(ind("1", {AUG: 71, SEP: 72, OCT: None}), period=OCT)
    changes = changes_since_previous_period(current)
    assert [(c.ref, c.before, c.after, c.text) for c in changes.changed] == [
        ("1", Rag.GREEN, Rag.MISSING, "Green to No data")]


def test_the_previous_period_is_the_workbooks_latest_before_the_current_one() -> None:
    current = reviewed(ind("1", {AUG: 60, SEP: 67, OCT: 72}))
    assert earlier_period(current) == SEP
    changes = changes_since_previous_period(current)
    assert changes.since == SEP
    assert [(c.ref, c.before, c.after) for c in changes.changed] == [("1", Rag.AMBER, Rag.GREEN)]
    # Months and quarters are not compared with one another.
    q2 = Period(2019, 9, 3)
    quarterly = reviewed(ind("1", {q2: 67, Period(2019, 6, 3): 60, SEP: 72}), period=q2)
    assert earlier_period(quarterly) == Period(2019, 6, 3)


def test_a_single_period_has_nothing_to_compare_with() -> None:
    changes = changes_since_previous_period(reviewed(ind("1", {OCT: 60})))
    assert not changes.compared and changes.changed == ()
