"""The disclosure rules of spec/disclosure.md, one by one, and on the sample workbook."""

from __future__ import annotations

import pytest

from scrutiny_desktop.domain.disclosure import (
    NO_REDACTION,
    DisclosureRules,
    Reason,
    Redaction,
    Slot,
    public_commentary,
    redact,
    row_figures,
    withheld_by_rule,
)
from scrutiny_desktop.domain.model import (
    PERCENT,
    Benchmark,
    Dataset,
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
from scrutiny_desktop.pipeline import load_review
from tests.helpers import SAMPLE, SAMPLE_COUNTS_UNKNOWN

SEP, OCT = Period(2019, 9), Period(2019, 10)
COUNT = Unit(UnitKind.COUNT, "Number")
AVERAGE = Unit(UnitKind.AVERAGE, "Average")


def outturn(value: float | None = None, n: float | None = None, d: float | None = None, cell: str = "") -> Outturn:
    return Outturn(value, n, d, None, cell)


def pct(n: float, d: float, cell: str = "") -> Outturn:
    return outturn(100 * n / d, n, d, cell)


def ind(ref: str = "1", unit: Unit = PERCENT, outturns: dict[Period, Outturn] | None = None,
        **fields: object) -> Indicator:
    fields.setdefault("polarity", Polarity.HIGH)
    fields.setdefault("target", Target.single(50))
    return Indicator(ref=ref, title=str(fields.pop("title", f"Indicator {ref}")), unit=unit,
                     outturns=outturns or {}, **fields)  # type: ignore[arg-type]


def reviewed(*indicators: Indicator, period: Period | None = OCT) -> Review:
    periods = sorted({p for i in indicators for p in i.outturns})
    return review(Dataset("test.xlsx", "Data", indicators, tuple(periods)), period)


def withheld(result: Redaction, ref: str = "1") -> dict[Slot, Reason]:
    return {slot: s.reason for (r, slot), s in result.suppressions.items() if r == ref}


def value(key: str = "2019-10", part: str = "value") -> Slot:
    return Slot("outturn", key, part)


def group(key: str = "2019-10") -> set[Slot]:
    return {value(key), value(key, "numerator"), value(key, "denominator")}


COMPARISONS = {Slot("direction", "vs_previous"), Slot("direction", "vs_last_year"), Slot("explanation"),
               Slot("commentary")}


# -- rule 2: small counts ------------------------------------------------------------------------


@pytest.mark.parametrize("count, hidden", [(0, False), (1, True), (5, True), (6, False), (5.5, False)])
def test_small_counts_are_withheld_and_zero_is_shown(count: float, hidden: bool) -> None:
    result = redact(reviewed(ind(unit=COUNT, outturns={OCT: outturn(count)})))
    assert (value() in withheld(result)) is hidden
    if hidden:
        assert withheld(result)[value()] is Reason.SMALL_COUNT


def test_the_threshold_is_a_setting() -> None:
    nhs = DisclosureRules.from_settings(Settings(small_count_max=7))
    assert nhs.small_count_max == 7
    data = reviewed(ind(unit=COUNT, outturns={OCT: outturn(7)}))
    assert value() in withheld(redact(data, nhs))
    assert value() not in withheld(redact(data))


def test_small_previous_years_of_a_count_are_withheld_but_not_of_a_percentage() -> None:
    counts = ind("1", COUNT, {OCT: outturn(40)}, annual={"2017/18": 3.0, "2018/19": 12.0})
    shares = ind("2", PERCENT, {OCT: outturn(40)}, annual={"2017/18": 3.0})
    result = redact(reviewed(counts, shares))
    assert withheld(result, "1") == {Slot("annual", "2017/18"): Reason.SMALL_COUNT}
    assert withheld(result, "2") == {}


# -- rule 3: derived figures and whole groups -------------------------------------------------------


@pytest.mark.parametrize("n, d, hidden, why", [
    (50, 91, False, ""),                      # 55% (50 of 91) stays public
    (3, 91, True, "numerator"),               # the numerator is a small count
    (0, 91, False, ""),                       # a true zero
    (6, 10, True, "denominator 10"),          # 10 or fewer in the denominator
    (6, 11, True, "leaves 5"),                # 11 is enough as a denominator, but 5 are without the outcome
    (6, 12, False, ""),                       # 6 with, 6 without, 12 in all
    (86, 91, True, "leaves 5"),               # 5 children without the outcome
    (85, 91, False, ""),                      # 6 without: publishable
    (91, 91, False, ""),                      # complement 0 is a true zero
])
def test_percentage_groups(n: int, d: int, hidden: bool, why: str) -> None:
    result = redact(reviewed(ind(outturns={OCT: pct(n, d)})))
    got = withheld(result)
    if not hidden:
        assert not got
        return
    assert set(got) == group() | COMPARISONS, "the whole group goes, with the directions and the explanation"
    details = " ".join(s.detail for s in result.suppressions.values())
    assert why in details


def test_every_figure_of_a_group_has_its_own_reason() -> None:
    got = withheld(redact(reviewed(ind(outturns={OCT: pct(2, 66)}))))
    assert got[value(part="numerator")] is Reason.SMALL_COUNT
    assert got[value()] is Reason.DERIVED
    assert got[value(part="denominator")] is Reason.SECONDARY


def test_a_small_denominator_is_itself_a_small_count() -> None:
    got = withheld(redact(reviewed(ind(outturns={OCT: pct(2, 5)}))))
    assert got[value(part="denominator")] is Reason.SMALL_COUNT and got[value(part="numerator")] is Reason.SMALL_COUNT


def test_a_percentage_without_counts_cannot_be_judged_and_is_published() -> None:
    assert not withheld(redact(reviewed(ind(outturns={OCT: outturn(3.0)}))))


def test_each_month_is_judged_on_its_own() -> None:
    result = redact(reviewed(ind(outturns={SEP: pct(2, 60), OCT: pct(40, 60)})))
    got = withheld(result)
    assert group("2019-09") <= set(got) and not group("2019-10") & set(got)


def test_averages_and_rates_over_ten_or_fewer_are_withheld() -> None:
    average = ind("1", AVERAGE, {OCT: outturn(45 / 9, 45, 9)}, polarity=Polarity.MONITOR, target=Target())
    rate = ind("2", Unit(UnitKind.RATE, "Rate per 10,000", 10_000), {OCT: outturn(4 / 61000 * 10_000, 4, 61000)},
               polarity=Polarity.MONITOR, target=Target())
    big_average = ind("3", AVERAGE, {OCT: outturn(300 / 20, 300, 20)}, polarity=Polarity.MONITOR, target=Target())
    result = redact(reviewed(average, rate, big_average))
    assert value() in withheld(result, "1")  # 9 children
    assert withheld(result, "2")[value(part="numerator")] is Reason.SMALL_COUNT
    assert not withheld(result, "3")


def test_a_count_written_as_n_of_d_hides_its_complement() -> None:
    got = withheld(redact(reviewed(ind(unit=COUNT, outturns={OCT: outturn(50, 50, 52)}))))
    assert group() <= set(got)


# -- rule 1: sensitive indicators -------------------------------------------------------------------


def test_a_sensitive_indicator_keeps_its_rag_and_benchmarks_but_no_figure() -> None:
    part2 = ind("22", COUNT, {SEP: outturn(12), OCT: outturn(15)}, sensitive=True, annual={"2018/19": 133.0},
                benchmarks={Benchmark.ENGLAND: 14.0}, commentary="Fifteen episodes relate to four young people.",
                polarity=Polarity.LOW, target=Target.single(10), tolerance=Tolerance(3))
    data = reviewed(part2)
    result = redact(data)
    assert result.is_sensitive("22")
    for slot in (value(), value("2019-09"), Slot("annual", "2018/19"), *COMPARISONS, Slot("commentary")):
        found = result.suppressed("22", slot)
        assert found is not None and found.reason is Reason.SENSITIVE, slot
    assert result.suppressed("22", Slot("benchmark", "england")) is None
    # Fails closed: a slot nobody thought of is withheld too.
    assert result.suppressed("22", Slot("outturn", "2031-01", "value")) is not None
    assert data.item("22").rag.word == "Red"  # type: ignore[union-attr]
    assert public_commentary(data, result) == {}


def test_benchmarks_of_a_sensitive_indicator_can_be_withheld_too() -> None:
    part2 = ind("22", COUNT, {OCT: outturn(15)}, sensitive=True, benchmarks={Benchmark.ENGLAND: 14.0})
    strict = DisclosureRules(keep_benchmarks_of_sensitive=False)
    assert redact(reviewed(part2), strict).suppressed("22", Slot("benchmark", "england")) is not None


def test_commentary_is_public_only_for_exceptions_that_are_not_sensitive() -> None:
    red = ind("25", outturns={OCT: outturn(40)}, commentary="Improving.")
    part2 = ind("23", outturns={OCT: outturn(40)}, commentary="Two of five children.", sensitive=True)
    green = ind("1", outturns={OCT: outturn(90)}, commentary="On track.")
    data = reviewed(red, part2, green)
    assert public_commentary(data, redact(data)) == {"25": "Improving."}
    assert public_commentary(data, NO_REDACTION) == {"25": "Improving.", "23": "Two of five children."}


def test_commentary_on_a_withheld_current_figure_goes_to_part_2_with_it() -> None:
    # Commentary is written about the current figure, often in words ("three of the eight"), which no
    # search for numbers finds; the explanation of the RAG goes for the same reason.
    small = ind("28", outturns={SEP: pct(40, 50), OCT: pct(3, 8)}, target=Target.single(85),
                commentary="Three of the eight care leavers were in suitable accommodation.")
    earlier = ind("29", outturns={SEP: pct(3, 8), OCT: pct(40, 50)}, target=Target.single(85),
                  commentary="Better than September.")
    data = reviewed(small, earlier)
    result = redact(data)
    commentary = result.suppressed("28", Slot("commentary"))
    assert commentary is not None and commentary.reason is Reason.SECONDARY
    assert "Oct 2019" in commentary.detail
    assert result.suppressed("29", Slot("commentary")) is None  # only the current figure decides it
    assert public_commentary(data, result) == {"29": "Better than September."}


# -- rule 4: secondary suppression --------------------------------------------------------------------


def test_direction_is_withheld_when_the_figure_it_compares_with_is() -> None:
    # October is publishable, but "no change" beside a withheld September would give September away.
    data = reviewed(ind(unit=COUNT, outturns={SEP: outturn(3), Period(2018, 10): outturn(40), OCT: outturn(40)}))
    got = withheld(redact(data))
    assert got[Slot("direction", "vs_previous")] is Reason.SECONDARY
    assert Slot("direction", "vs_last_year") not in got and Slot("explanation") not in got


def test_a_year_to_date_total_that_grows_by_a_small_count_is_withheld() -> None:
    months = {Period(2019, m): outturn(v) for m, v in ((4, 8), (5, 20), (6, 23), (7, 25), (8, 40), (9, 40))}
    data = reviewed(ind(unit=COUNT, outturns=months, title="Number of children adopted (year to date)",
                        polarity=Polarity.MONITOR, target=Target()), period=SEP)
    got = withheld(redact(data))
    # 20 -> 23 would show 3 adopted in June: June goes; 20 -> 25 would show 5 over June and July: July goes;
    # 20 -> 40 shows 20 (publishable); 40 -> 40 shows none (a true zero).
    assert {s.key for s in got if s.kind == "outturn"} == {"2019-06", "2019-07"}
    assert all(got[value(k)] is Reason.SECONDARY for k in ("2019-06", "2019-07"))


def test_the_same_series_not_to_date_is_left_alone() -> None:
    months = {Period(2019, m): outturn(v) for m, v in ((5, 20), (6, 23), (7, 25))}
    counts = ind(unit=COUNT, outturns=months, polarity=Polarity.MONITOR, target=Target())
    data = reviewed(counts, period=Period(2019, 7))
    assert not withheld(redact(data))


def test_a_year_to_date_percentage_is_judged_by_each_months_own_group() -> None:
    # 40 of 80 then 43 of 84: June alone is 3 of 4.
    months = {Period(2019, 5): pct(40, 80), Period(2019, 6): pct(43, 84), Period(2019, 7): pct(60, 110)}
    data = reviewed(ind(outturns=months, title="% of plans issued in time (YTD)"), period=Period(2019, 7))
    got = withheld(redact(data))
    assert group("2019-06") <= set(got) and not group("2019-07") & set(got)


def test_a_year_to_date_restart_is_not_a_step() -> None:
    months = {Period(2019, 3): outturn(60), Period(2019, 4): outturn(9), Period(2019, 5): outturn(20)}
    data = reviewed(ind(unit=COUNT, outturns=months, title="Number adopted (year to date)",
                        polarity=Polarity.MONITOR, target=Target()), period=Period(2019, 5))
    assert not withheld(redact(data))


# -- rule 5 and other warnings -------------------------------------------------------------------------


def test_months_that_differ_by_a_few_children_in_both_counts_give_a_warning() -> None:
    months = {SEP: pct(10, 50, "L9"), OCT: pct(12, 52, "M9")}
    result = redact(reviewed(ind(outturns=months)))
    assert not withheld(result), "each month is publishable on its own"
    [problem] = result.problems
    assert (problem.code, problem.severity.value, problem.cell, problem.ref) == \
        ("differencing-risk", "warning", "M9", "1")
    assert "L9" in problem.message and "M9" in problem.message and "2 joined" in problem.message


@pytest.mark.parametrize("before, after", [((10, 50), (10, 58)), ((10, 50), (20, 60)), ((10, 50), (11, 49))])
def test_no_warning_when_the_change_is_not_small_in_both(before: tuple[int, int], after: tuple[int, int]) -> None:
    result = redact(reviewed(ind(outturns={SEP: pct(*before), OCT: pct(*after)})))
    assert not result.problems


def test_parts_of_one_indicator_that_differ_by_a_small_group_give_a_warning() -> None:
    excluding = ind("35.1", outturns={SEP: pct(53, 104, "Q46")})
    including = ind("35.2", outturns={SEP: pct(56, 112, "Q47")})
    [problem] = redact(reviewed(excluding, including, period=SEP)).problems
    assert problem.code == "related-indicators-differ" and "3 of 8" in problem.message


def test_a_rag_that_pins_a_withheld_count_gives_a_warning() -> None:
    # Target 3 with a tolerance of 1, lower is better: Amber can only be 4.
    pinned = ind(unit=COUNT, outturns={OCT: outturn(4, cell="R9")}, polarity=Polarity.LOW,
                 target=Target.single(3), tolerance=Tolerance(1))
    loose = ind("2", COUNT, {OCT: outturn(4)}, polarity=Polarity.LOW, target=Target.single(3), tolerance=Tolerance(2))
    result = redact(reviewed(pinned, loose))
    assert [(p.code, p.ref, p.cell) for p in result.problems] == [("rag-reveals-figure", "1", "R9")]


# -- the sample workbook --------------------------------------------------------------------------------

MONTHS = ("2018-10", "2019-04", "2019-05", "2019-06", "2019-07", "2019-08", "2019-09", "2019-10")


def values(*keys: str) -> set[Slot]:
    return {value(k) for k in keys}


def groups(*keys: str) -> set[Slot]:
    return set().union(*(group(k) for k in keys))


def annual(*labels: str) -> set[Slot]:
    return {Slot("annual", label) for label in labels}


# What the rules withhold from the sample, worked out by hand from make_sample.py (non-sensitive indicators).
SAMPLE_WITHHELD: dict[str, set[Slot]] = {
    # Primary exclusions, academic year to date: 1, 2, 2, 3, 3, 3 and 1 are small; September's 0 is shown.
    # The previous years (4, 2, 3) are small counts too.
    "4": values("2018-10", "2019-04", "2019-05", "2019-06", "2019-07", "2019-08", "2019-10")
         | annual("2016/17", "2017/18", "2018/19") | COMPARISONS,
    # Conferences in time: 44-39, 41-36, 45-40, 37-33, 42-37 and 46-41 leave 4 or 5 children without;
    # July (38 of 44) and October 2018 (37 of 43) leave 6 and stay.
    "14": groups("2019-04", "2019-05", "2019-06", "2019-08", "2019-09", "2019-10") | COMPARISONS,
    # Plans lasting 2 years or more: 1 or 2 in every month.
    "17": groups(*MONTHS) | COMPARISONS,
    # Adoptions to date: 4, 1, 1, 2, 3, 3, 4, 4; the previous years 14, 11 and 9 stay.
    "21": values(*MONTHS) | COMPARISONS,
    # Care leavers in suitable accommodation: 11 of 12 or 10 of 11, a complement of 1.
    "28": groups(*MONTHS) | COMPARISONS | {Slot("rag")},  # Green leaves only 11 of 12 (rule 8)
    # Custody to date: 3 last October, then 0 (shown), 1, 1, 1, 2, 2, 2; previous years 9, 7, 6 stay.
    "38": values("2018-10", "2019-05", "2019-06", "2019-07", "2019-08", "2019-09", "2019-10") | COMPARISONS,
}


@pytest.fixture(scope="module")
def sample() -> tuple[Review, Redaction]:
    data = load_review(SAMPLE)
    return data, redact(data, DisclosureRules.from_settings(Settings()))


def test_the_sample_withholds_exactly_what_the_rules_say(sample: tuple[Review, Redaction]) -> None:
    _, result = sample
    assert result.sensitive == {"5", "22", "23"}
    got: dict[str, set[Slot]] = {}
    for (ref, slot) in result.suppressions:
        if ref not in result.sensitive:
            got.setdefault(ref, set()).add(slot)
    assert got == SAMPLE_WITHHELD


def test_the_sample_keeps_its_headline_figures_public(sample: tuple[Review, Redaction]) -> None:
    data, result = sample
    for ref in ("25", "29", "35.1", "9", "10", "16", "20"):
        for slot in group("2019-10") | group("2019-09") | COMPARISONS:
            assert result.suppressed(ref, slot) is None, (ref, slot)
    assert data.item("25").value_text == "55% (50 of 91)"  # type: ignore[union-attr]
    assert public_commentary(data, result).keys() == {"25", "29"}  # 35.1 has no commentary yet


def test_the_sample_reasons(sample: tuple[Review, Redaction]) -> None:
    _, result = sample

    def why(ref: str, slot: Slot) -> tuple[Reason, str]:
        found = result.suppressed(ref, slot)
        assert found is not None, (ref, slot)
        return found.reason, found.detail

    assert why("17", value(part="numerator"))[0] is Reason.SMALL_COUNT
    assert why("17", value())[0] is Reason.DERIVED
    assert why("28", value()) == (Reason.DERIVED, "withheld with its group: 12 - 11 leaves 1, between 1 and 5")
    assert why("21", value())[0] is Reason.SMALL_COUNT
    assert why("23", value("2019-09"))[0] is Reason.SENSITIVE
    assert result.suppressed("38", value("2019-04")) is None  # a true zero
    assert result.suppressed("21", Slot("annual", "2018/19")) is None  # 9 adopted last year


def test_the_sample_warnings(sample: tuple[Review, Redaction]) -> None:
    _, result = sample
    found = {(p.code, p.ref) for p in result.problems}
    assert found == {("differencing-risk", "16"), ("differencing-risk", "20"), ("differencing-risk", "25"),
                     ("related-indicators-differ", "35.1"), ("rag-reveals-figure", "28"), *SAMPLE_COUNTS_UNKNOWN}
    stability = next(p for p in result.problems if p.ref == "25" and p.code == "differencing-risk")
    assert "L33" in stability.message and "M33" in stability.message and stability.sheet == "Dataset"


def test_no_redaction_withholds_nothing() -> None:
    assert NO_REDACTION.suppressed("1", value()) is None and not NO_REDACTION.is_sensitive("1")


def test_how_many_figures_of_the_sample_each_rule_withholds(sample: tuple[Review, Redaction]) -> None:
    """No over-suppression (issue 14): the rules across indicators and periods withhold nothing of the sample,
    whose figures give nothing away by them, and indicator 25 (55%, 50 of 91) stays published."""
    data, result = sample
    assert withheld_by_rule(result) == {
        "sensitive": 31, "small-count": 33, "derived": 22, "secondary": 36, "counts-unknown": 0,
        "totals-and-parts": 0, "year-column": 0, "across-indicators": 0, "rate-population": 0,
        "rating": 1,  # 28: Green at 85% with the cohort of 12 leaves only 11 of 12
    }
    figures = sum(1 for item in data.items for _ in row_figures(item.indicator))
    assert sum(withheld_by_rule(result).values()) < figures / 3
    for part in ("value", "numerator", "denominator"):
        assert result.suppressed("25", Slot("outturn", "2019-10", part)) is None


def test_the_redactions_ordering_of_periods_is_sorteds_and_a_groups_slots_are_its_figures() -> None:
    """The redaction orders months by their cached ordinals and names a withheld group's slots without
    making its figures: the same order as `sorted`, the same slots as `outturn_figures`."""
    import random

    from scrutiny_desktop.domain.disclosure import (
        _chronological,
        _chronological_items,
        _group_slots,
        outturn_figures,
    )

    rng = random.Random(7)
    periods = [Period(y, m) for y in (2018, 2019, 2020) for m in range(1, 13)]
    periods += [Period(y, m, 3) for y in (2018, 2019, 2020) for m in (3, 6, 9, 12)]  # quarters share months' keys
    for _ in range(20):
        rng.shuffle(periods)
        outturns = {p: Outturn(rng.choice([None, 1.0, 7.0])) for p in periods}
        assert _chronological(periods) == sorted(periods)
        assert _chronological_items(outturns) == sorted(outturns.items())
    ind = Indicator(ref="1", title="t", polarity=Polarity.HIGH, unit=PERCENT, target=Target.single(50))
    for value in (None, 40.0):
        for numerator in (None, 2.0):
            for denominator in (None, 5.0):
                o = Outturn(value, numerator=numerator, denominator=denominator)
                assert list(_group_slots(OCT, o)) == [f.slot for f in outturn_figures(ind, OCT, o)]


def _cumulative_by_values_as_written_first(indicator: Indicator) -> bool:
    """`cumulative_by_values` as it was first written (every year gathered, then judged): the reference."""
    by_year: dict[int, list[tuple[float, ...]]] = {}
    for period in sorted(indicator.outturns):
        if period.is_quarter:
            continue
        o = indicator.outturns[period]
        if indicator.unit.is_count and o.value is not None:
            by_year.setdefault(period.financial_year, []).append((o.value,))
        elif o.numerator is not None and o.denominator is not None:
            by_year.setdefault(period.financial_year, []).append((o.numerator, o.denominator))
    doubled = False
    for series in by_year.values():
        if len(series) < 3:
            continue
        for before, after in ((series[i - 1], series[i]) for i in range(1, len(series))):
            if any(b > a for b, a in zip(before, after, strict=True)):
                return False
        first, last = series[0][-1], series[-1][-1]
        rising = all(b[-1] < a[-1] for b, a in ((series[i - 1], series[i]) for i in range(1, len(series))))
        doubled = doubled or (first > 0 and last >= 2 * first) or (first == 0 and rising and len(series) >= 4)
    return doubled


def test_a_running_total_is_recognised_as_before_now_each_year_is_judged_as_it_ends() -> None:
    """`cumulative_by_values` judges each financial year when the next begins and stops at the first that
    falls; on running totals, snapshots, gaps, quarters and percentages it answers as the reference does."""
    import random

    from scrutiny_desktop.domain.disclosure import cumulative_by_values

    rng = random.Random(11)
    months = [Period(y, m) for y in (2018, 2019, 2020) for m in range(1, 13)]
    quarters = [Period(y, m, 3) for y in (2018, 2019) for m in (3, 6, 9, 12)]
    seen = set()
    for trial in range(3000):
        unit = COUNT if trial % 2 else PERCENT
        chosen = rng.sample(months, rng.randint(0, len(months))) + rng.sample(quarters, rng.randint(0, 3))
        outturns: dict[Period, Outturn] = {}
        total, cohort = float(rng.choice([0, 0, 1, 5, 40])), 50.0
        for period in sorted(chosen):
            if period.month == 4:
                total, cohort = float(rng.choice([0, 1, 5])), 50.0  # a new year starts again
            total += rng.choice([0, 1, 2, 3, 10, -1]) if rng.random() < 0.9 else rng.choice([0, 20])
            cohort += rng.choice([0, 1, 2])
            if unit is COUNT:
                outturns[period] = Outturn(total if rng.random() < 0.95 else None)
            elif rng.random() < 0.9:
                outturns[period] = Outturn(100 * total / cohort, numerator=total, denominator=cohort)
            else:
                outturns[period] = Outturn(40.0)
        ind = Indicator(ref="1", title="Plans", polarity=Polarity.HIGH, unit=unit, target=Target.single(5),
                        outturns=outturns)
        expected = _cumulative_by_values_as_written_first(ind)
        assert cumulative_by_values(ind) is expected, outturns
        seen.add(expected)
    assert seen == {True, False}
