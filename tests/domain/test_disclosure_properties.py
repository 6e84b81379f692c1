"""Properties of `redact` over random datasets: nothing withheld can be worked back, nothing more is withheld.

The checks restate the rules of spec/disclosure.md independently of the implementation, and play
the reader who subtracts: a percentage with its denominator gives the numerator back; a numerator
with its denominator gives the complement; two published year-to-date totals give the months between.
"""

from __future__ import annotations

from itertools import pairwise

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scrutiny_desktop.domain.disclosure import DisclosureRules, Reason, Redaction, Slot, is_year_to_date, redact
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

PERIODS = (Period(2018, 10), *(Period(2019, m) for m in range(4, 11)))
UNITS = (PERCENT, Unit(UnitKind.COUNT, "Number"), Unit(UnitKind.RATE, "Rate per 10,000", 10_000),
         Unit(UnitKind.AVERAGE, "Average"))
YEARS = ("2016/17", "2017/18", "2018/19")


@st.composite
def outturns(draw: st.DrawFn, unit: Unit, cumulative: bool) -> dict[Period, Outturn]:
    """A series of outturns: counts for some periods, a bare value for others, gaps; running totals when cumulative."""
    found: dict[Period, Outturn] = {}
    n_total, d_total = 0, 0
    with_counts = draw(st.booleans())
    for period in PERIODS:
        if draw(st.integers(0, 5)) == 0:
            continue  # no data this period
        if cumulative:
            dd = draw(st.integers(0, 12))
            n_total += draw(st.integers(0, dd)) if with_counts or unit.kind is not UnitKind.COUNT else dd
            d_total += dd
            n, d = n_total, max(d_total, 1)
        else:
            d = draw(st.integers(1, 60)) if unit.kind is not UnitKind.RATE else draw(st.integers(50, 100_000))
            n = draw(st.integers(0, d if unit.kind is not UnitKind.AVERAGE else 400))
        kind = unit.kind
        if kind is UnitKind.COUNT and not with_counts:
            found[period] = Outturn(float(n))
        elif not with_counts and draw(st.booleans()):
            found[period] = Outturn(draw(st.floats(0, 100, allow_nan=False)))  # a figure without counts
        else:
            share = n / d
            value = {UnitKind.PERCENT: 100 * share, UnitKind.RATE: unit.per * share,
                     UnitKind.COUNT: float(n)}.get(kind, share)
            found[period] = Outturn(value, float(n), float(d))
    return found


@st.composite
def indicators(draw: st.DrawFn, ref: str) -> Indicator:
    unit = draw(st.sampled_from(UNITS))
    cumulative = draw(st.booleans())
    polarity = draw(st.sampled_from((Polarity.HIGH, Polarity.LOW, Polarity.MONITOR)))
    target = Target() if polarity is Polarity.MONITOR else Target.single(draw(st.integers(0, 60)))
    return Indicator(
        ref=ref,
        title=f"Indicator {ref}" + (" (year to date)" if cumulative else ""),
        unit=unit,
        polarity=polarity,
        target=target,
        tolerance=Tolerance(draw(st.integers(0, 5))),
        sensitive=draw(st.integers(0, 4)) == 0,
        annual={y: draw(st.one_of(st.none(), st.integers(0, 40).map(float))) for y in YEARS},
        benchmarks={Benchmark.ENGLAND: draw(st.one_of(st.none(), st.floats(0, 100, allow_nan=False)))},
        outturns=draw(outturns(unit, cumulative)),
        commentary=draw(st.sampled_from(("", "Commentary."))),
    )


@st.composite
def reviews(draw: st.DrawFn) -> tuple[Review, DisclosureRules]:
    count = draw(st.integers(1, 5))
    inds = tuple(draw(indicators(str(i + 1))) for i in range(count))
    periods = tuple(sorted({p for i in inds for p in i.outturns}))
    rules = DisclosureRules(small_count_max=draw(st.sampled_from((5, 7))))
    return review(Dataset("random.xlsx", "Data", inds, periods), PERIODS[-1]), rules


# -- the rules, restated -------------------------------------------------------------------------


def small(x: float | None, rules: DisclosureRules) -> bool:
    return x is not None and 0 < x <= rules.small_count_max


def breaks_a_rule(unit: Unit, o: Outturn, rules: DisclosureRules) -> bool:
    """Rules 2 and 3 for one period's group."""
    if unit.kind is UnitKind.COUNT and small(o.value, rules):
        return True
    if small(o.numerator, rules) or small(o.denominator, rules):
        return True
    if o.numerator is not None and o.denominator is not None:
        if unit.kind is not UnitKind.COUNT and o.denominator <= rules.min_denominator:
            return True
        if unit.kind is not UnitKind.AVERAGE and small(o.denominator - o.numerator, rules):
            return True
    return False


PARTS = ("value", "numerator", "denominator")


def shown(result: Redaction, ref: str, period: Period, o: Outturn) -> dict[str, float]:
    """What a reader of the public appendix sees of one period's group."""
    figures = {"value": o.value, "numerator": o.numerator, "denominator": o.denominator}
    return {part: v for part, v in figures.items()
            if v is not None and result.suppressed(ref, Slot("outturn", period.key, part)) is None}


def recovered(unit: Unit, seen: dict[str, float], o: Outturn) -> list[str]:
    """The withheld counts a reader can work out from the rest of the group."""
    out = []
    if "numerator" not in seen and o.numerator is not None:
        if "value" in seen and "denominator" in seen:
            out.append("numerator from the value and the denominator")
        if unit.kind is UnitKind.COUNT and "value" in seen:
            out.append("numerator: it is the value")
    if "denominator" not in seen and o.denominator is not None and "numerator" in seen and "value" in seen \
            and seen["value"] > 0 and unit.kind is not UnitKind.COUNT:
        out.append("denominator from the value and the numerator")
    return out


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(reviews())
def test_nothing_withheld_can_be_worked_out_from_its_row(case: tuple[Review, DisclosureRules]) -> None:
    data, rules = case
    result = redact(data, rules)
    for item in data.items:
        ind = item.indicator
        if ind.sensitive:
            continue
        published_totals: list[tuple[Period, Outturn]] = []
        for period in sorted(ind.outturns):
            o = ind.outturns[period]
            seen = shown(result, ind.ref, period, o)
            present = {p for p, v in (("value", o.value), ("numerator", o.numerator), ("denominator", o.denominator))
                       if v is not None}
            assert set(seen) in (set(), present), f"{ind.ref} {period}: a group is withheld only in part: {seen}"
            assert not recovered(ind.unit, seen, o)
            if seen:
                assert not breaks_a_rule(ind.unit, o, rules), f"{ind.ref} {period} published against the rules"
                published_totals.append((period, o))
        if "year to date" in ind.title:
            for (_, before), (p2, after) in pairwise(published_totals):
                assert before.value is not None and after.value is not None
                if before.numerator is not None and after.numerator is not None:
                    assert before.denominator is not None and after.denominator is not None
                    dn, dd = after.numerator - before.numerator, after.denominator - before.denominator
                    if dd > 0 and dn >= 0 and (dn <= dd or ind.unit.kind is UnitKind.AVERAGE):
                        step = Outturn(dn if ind.unit.kind is UnitKind.COUNT else dn / dd, dn, dd)
                        assert not breaks_a_rule(ind.unit, step, rules), f"{ind.ref}: the step to {p2} is {dn}/{dd}"
                elif ind.unit.kind is UnitKind.COUNT:
                    assert not small(after.value - before.value, rules), f"{ind.ref}: the step to {p2} is small"


@settings(max_examples=150, deadline=None)
@given(reviews())
def test_comparisons_are_withheld_with_what_they_compare(case: tuple[Review, DisclosureRules]) -> None:
    data, rules = case
    result = redact(data, rules)
    for item in data.items:
        if item.period is None:
            continue
        current = result.suppressed(item.ref, Slot("outturn", item.period.key, "value"))
        for key, move in (("vs_previous", item.vs_previous), ("vs_last_year", item.vs_last_year)):
            if result.suppressed(item.ref, Slot("direction", key)) is not None or move.previous is None:
                continue
            assert current is None
            assert move.previous_period is not None
            assert result.suppressed(item.ref, Slot("outturn", move.previous_period.key, "value")) is None
        if result.suppressed(item.ref, Slot("explanation")) is None:
            assert current is None


@settings(max_examples=150, deadline=None)
@given(reviews())
def test_zero_is_never_a_small_count_and_large_counts_are_not_over_suppressed(
        case: tuple[Review, DisclosureRules]) -> None:
    data, rules = case
    result = redact(data, rules)
    for (ref, slot), suppression in result.suppressions.items():
        item = data.item(ref)
        assert item is not None
        ind = item.indicator
        if slot.kind == "outturn":
            o = next(o for p, o in ind.outturns.items() if p.key == slot.key)
            figure = {"value": o.value, "numerator": o.numerator, "denominator": o.denominator}[slot.part]
            if suppression.reason is Reason.SMALL_COUNT:
                assert figure is not None and figure > 0
            if not ind.sensitive and not breaks_a_rule(ind.unit, o, rules):
                # Only the year-to-date chain, or rule 6 on a percentage with no counts beside a small cohort,
                # may withhold a group that breaks no rule of its own.
                if suppression.rule == "counts-unknown":
                    assert o.numerator is None and _small_cohort(ind, rules), (ref, slot)
                elif suppression.rule == "rate-population":
                    # A rate with no counts that, times a cohort printed in the file, is a small count.
                    cohorts = {x.denominator for i in data.items for x in i.indicator.outturns.values()
                               if x.denominator is not None}
                    assert o.numerator is None and o.value is not None and ind.unit.kind is UnitKind.RATE
                    assert any(0.5 <= o.value * c / ind.unit.per < rules.small_count_max + 0.5 for c in cohorts)
                elif suppression.rule == "across-indicators":
                    assert _gives_another(data, result, ref, slot.key, o), (ref, slot)
                elif suppression.rule == "totals-and-parts":
                    assert ind.unit.kind is UnitKind.COUNT, (ref, slot)
                else:
                    # A running total, known by its title or by its values (it never falls within the year).
                    assert suppression.reason is Reason.SECONDARY and is_year_to_date(ind), (ref, slot)
        if slot.kind == "annual" and not ind.sensitive:
            if suppression.rule == "counts-unknown":
                assert _small_cohort(ind, rules), (ref, slot)
            elif suppression.rule == "year-column":
                # The year's figure beside a withheld month of that year: the rest of the year gives it back.
                start = int(slot.key[:4])
                assert any(p.financial_year == start and result.suppressed(ref, Slot("outturn", p.key, "value"))
                           for p in ind.outturns), (ref, slot)
            else:
                assert ind.unit.kind is UnitKind.COUNT and small(ind.annual[slot.key], rules)


def _gives_another(data: Review, result: Redaction, ref: str, key: str, o: Outturn) -> bool:
    """Another indicator's withheld figure for the period is this one's cohort, this percentage, or 100 less it."""
    for item in data.items:
        other = next((x for p, x in item.indicator.outturns.items() if p.key == key), None)
        if item.ref == ref or other is None or result.suppressed(item.ref, Slot("outturn", key, "value")) is None:
            continue
        if o.denominator is not None and o.denominator in (other.value, other.numerator, other.denominator):
            return True
        if o.numerator is None and o.value is not None and other.value is not None and \
                min(abs(o.value - other.value), abs(o.value - (100 - other.value))) <= 0.05:
            return True
    return False


def _small_cohort(ind: Indicator, rules: DisclosureRules) -> bool:
    return ind.small_cohort or any(o.denominator is not None and o.denominator <= rules.min_denominator
                                   for o in ind.outturns.values())


@settings(max_examples=100, deadline=None)
@given(reviews())
def test_sensitive_rows_keep_only_their_benchmarks(case: tuple[Review, DisclosureRules]) -> None:
    data, rules = case
    result = redact(data, rules)
    for item in data.items:
        ind = item.indicator
        assert result.is_sensitive(item.ref) is ind.sensitive
        if not ind.sensitive:
            continue
        for period in ind.outturns:
            for part in PARTS:
                assert result.suppressed(item.ref, Slot("outturn", period.key, part)) is not None
        for year in YEARS:
            assert result.suppressed(item.ref, Slot("annual", year)) is not None
        assert result.suppressed(item.ref, Slot("commentary")) is not None
        assert result.suppressed(item.ref, Slot("benchmark", Benchmark.ENGLAND.value)) is None
