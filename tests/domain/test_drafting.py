"""The draft commentary: the report's own opening, with the figures, for the officer to complete."""

from dataclasses import replace

import pytest

from scrutiny_desktop.domain.drafting import commentary_from_editor, draft_commentary
from scrutiny_desktop.domain.model import Benchmark, Dataset, Frequency, Outturn, Polarity
from scrutiny_desktop.domain.periods import Period
from scrutiny_desktop.domain.review import Reviewed, review
from tests.domain.factories import OCT, indicator

SEP, JUN, OCT18 = Period(2019, 9), Period(2019, 6), Period(2018, 10)


def _reviewed(ind, period: Period | None = OCT) -> Reviewed:
    periods = tuple(sorted({p for p in ind.outturns}))
    item = review(Dataset("test.xlsx", "Data", (ind,), periods), period).item(ind.ref)
    assert item is not None
    return item


def test_a_percentage_with_its_fraction_reads_like_the_committee_report() -> None:
    placements = indicator(ref="25", title="% of children in the same placement for 2 years", target=65.0,
                           tolerance=5)
    placements = replace(placements, outturns={
        OCT18: Outturn(57.7), SEP: Outturn(55.4), OCT: Outturn(100 * 50 / 91, 50, 91)})
    text = draft_commentary(_reviewed(placements))
    assert text == (
        "As at the end of October 2019, the proportion of children in the same placement for 2 years stood at "
        "55% (50 out of 91). This is lower than the target of 65%. "
        "This has worsened since September 2019 (55.4%) and since October 2018 (57.7%)."
    )


def test_a_range_is_written_as_the_report_writes_it() -> None:
    caseloads = indicator(Polarity.RANGE, (12, 15), 3, percent=False, ref="29",
                          title="Average Caseloads (Children's Social Care)", values={SEP: 16.5, OCT: 16.8})
    text = draft_commentary(_reviewed(caseloads))
    assert text.startswith("As at the end of October 2019, the average Caseloads (Children's Social Care) "
                           "stood at 16.8. This is higher than the range of 12 to 15.")
    assert "worsened since September 2019 (16.5)" in text


def test_a_quarter_opens_with_its_months() -> None:
    ehcp = indicator(ref="35.1", title="% EHCPs issued within 20 weeks", target=65.0, tolerance=10,
                     frequency=Frequency.QUARTERLY)
    q2 = Period(2019, 9, 3)
    ehcp = replace(ehcp, outturns={Period(2019, 6, 3): Outturn(52.2), q2: Outturn(100 * 53 / 104, 53, 104)})
    text = draft_commentary(_reviewed(ehcp, q2))
    assert text.startswith("The data for July to September 2019 shows that the proportion of EHCPs issued within "
                           "20 weeks stood at 51% (53 out of 104).")
    assert "worsened since Q1 2019/20 (52.2%)" in text


def test_a_benchmark_target_and_mixed_directions() -> None:
    leavers = indicator(ref="27", title="Number of care leavers in work", target=Benchmark.ENGLAND, percent=False,
                        polarity=Polarity.HIGH, values={OCT18: 30, SEP: 45, OCT: 40},
                        benchmarks={Benchmark.ENGLAND: 42.0})
    text = draft_commentary(_reviewed(leavers))
    assert "the number of care leavers in work stood at 40." in text
    assert "This is lower than the England benchmark of 42." in text
    assert "This has worsened since September 2019 (45) and improved since October 2018 (30)." in text


def test_a_title_with_no_known_opening_is_named_in_full() -> None:
    odd = indicator(ref="9", title="Stability of placements", values={OCT: 50})
    assert "the figure for Stability of placements stood at 50%." in draft_commentary(_reviewed(odd))


@pytest.mark.parametrize("typed, expected", [
    ("DRAFT", ""),                        # untouched: no commentary yet
    ("  DRAFT \n", ""),                   # whitespace does not make it commentary
    ("DRAFT Caseloads rose because ...", "DRAFT Caseloads rose because ..."),
    ("", ""),
    ("   ", ""),
    ("Written from scratch", "Written from scratch"),
])
def test_an_untouched_draft_is_not_commentary(typed: str, expected: str) -> None:
    assert commentary_from_editor(typed, "DRAFT") == expected
