"""RAG boundaries exactly as the specification's table writes them."""

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from scrutiny_desktop.domain.model import Benchmark, Polarity, Rag
from scrutiny_desktop.domain.rating import Basis, explain, rate, rate_value
from tests.domain.factories import indicator

G, A, R = Rag.GREEN, Rag.AMBER, Rag.RED


@pytest.mark.parametrize("value, expected", [
    (80, G), (70, G),            # meeting the target exactly is Green
    (69.999, A), (65, A),        # t − a ≤ v < t; exactly on the amber edge is Amber
    (64.999, R), (0, R),         # below that
])
def test_high(value: float, expected: Rag) -> None:
    assert rate(indicator(Polarity.HIGH, 70, 5), value).rag is expected


@pytest.mark.parametrize("value, expected", [
    (10, G), (15, G), (15.001, A), (18, A), (18.001, R), (100, R),
])
def test_low(value: float, expected: Rag) -> None:
    assert rate(indicator(Polarity.LOW, 15, 3), value).rag is expected


@pytest.mark.parametrize("value, expected", [
    (12, G), (13.5, G), (15, G),          # inside the range, bounds included
    (15.1, A), (16.8, A), (18, A),        # within the tolerance above
    (11.9, A), (9, A),                    # within the tolerance below
    (18.01, R), (8.99, R), (30, R),       # beyond
])
def test_range(value: float, expected: Rag) -> None:
    assert rate(indicator(Polarity.RANGE, (12, 15), 3, percent=False), value).rag is expected


def test_a_range_target_is_rated_as_a_range_whatever_the_polarity_column_says() -> None:
    assert rate(indicator(Polarity.HIGH, (12, 15), 3), 16.8).rag is A


def test_range_polarity_with_a_single_target_is_close_to_target() -> None:
    ind = indicator(Polarity.RANGE, 50, 5)
    assert [rate(ind, v).rag for v in (50, 54, 46, 56, 44)] == [G, A, A, R, R]


def test_no_tolerance_means_anything_short_is_red() -> None:
    assert rate(indicator(Polarity.HIGH, 70), 69.9).rag is R
    assert rate(indicator(Polarity.HIGH, 70), 70).rag is G


def test_floor_instead_of_tolerance() -> None:
    high = indicator(Polarity.HIGH, 70, floor=60)
    assert [rate(high, v).rag for v in (70, 65, 60, 59.9)] == [G, A, A, R]
    low = indicator(Polarity.LOW, 10, floor=20)
    assert [rate(low, v).rag for v in (10, 15, 20, 20.1)] == [G, A, A, R]


def test_relative_tolerance_is_a_share_of_the_target() -> None:
    ind = indicator(Polarity.HIGH, 200, 10, relative=True, percent=False)
    assert [rate(ind, v).rag for v in (200, 180, 179.9)] == [G, A, R]


def test_a_fraction_read_from_a_percent_cell_meets_its_target() -> None:
    # 0.7 * 100 is 70.00000000000001 and 0.57 * 100 is 56.99999999999999: both must meet exactly.
    assert rate(indicator(Polarity.HIGH, 70), 0.7 * 100).rag is G
    assert rate(indicator(Polarity.LOW, 57), 0.57 * 100).rag is G
    assert rate(indicator(Polarity.HIGH, 57, 0), 0.57 * 100).rag is G


def test_other_outcomes() -> None:
    assert rate(indicator(Polarity.MONITOR, 70), 50).rag is Rag.NONE
    assert rate(indicator(Polarity.HIGH, None), 50).rag is Rag.NONE
    assert rate(indicator(None, 70), 50).basis is Basis.NO_POLARITY


def test_missing_data_is_never_red() -> None:
    rating = rate(indicator(Polarity.HIGH, 70, 5), None)
    assert rating.rag is Rag.MISSING


def test_benchmark_named_target_takes_the_benchmarks_value() -> None:
    ind = indicator(Polarity.HIGH, Benchmark.ENGLAND, benchmarks={Benchmark.ENGLAND: 52.0})
    assert rate(ind, 58).rag is G and rate(ind, 51).rag is R
    blank = indicator(Polarity.HIGH, Benchmark.LONDON, benchmarks={Benchmark.LONDON: None})
    rating = rate(blank, 58)
    assert rating.rag is Rag.NONE and rating.basis is Basis.BENCHMARK_BLANK


def test_explanations_read_as_sentences() -> None:
    caseloads = indicator(Polarity.RANGE, (12, 15), 3, percent=False)
    assert explain(rate(caseloads, 16.8), caseloads) == \
        "16.8 is above the range 12–15 by 1.8, within the tolerance of 3: Amber"
    stability = indicator(Polarity.HIGH, 65, 5)
    assert explain(rate(stability, 100 * 50 / 91), stability) == \
        "54.9% is below the target of 65% by 10.1 points, beyond the tolerance of 5 points: Red"
    on_target = indicator(Polarity.HIGH, 70, 5)
    assert explain(rate(on_target, 70), on_target) == "70% meets the target of 70%: Green"
    floor = indicator(Polarity.HIGH, 70, floor=60)
    assert explain(rate(floor, 65), floor) == "65% is below the target of 70% by 5 points, but not beyond the floor " \
                                              "of 60%: Amber"


GOODNESS = {R: 0, A: 1, G: 2}
values = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False)
widths = st.floats(min_value=0, max_value=1e4, allow_nan=False)


@given(v1=values, v2=values, t=values, a=widths)
def test_high_ratings_never_improve_as_the_value_falls(v1: float, v2: float, t: float, a: float) -> None:
    better, worse = max(v1, v2), min(v1, v2)
    rag_better, _ = rate_value(better, Polarity.HIGH, t, t, _tol(a))
    rag_worse, _ = rate_value(worse, Polarity.HIGH, t, t, _tol(a))
    assert GOODNESS[rag_worse] <= GOODNESS[rag_better]


@given(v1=values, v2=values, t=values, a=widths)
def test_low_ratings_never_improve_as_the_value_rises(v1: float, v2: float, t: float, a: float) -> None:
    better, worse = min(v1, v2), max(v1, v2)
    rag_better, _ = rate_value(better, Polarity.LOW, t, t, _tol(a))
    rag_worse, _ = rate_value(worse, Polarity.LOW, t, t, _tol(a))
    assert GOODNESS[rag_worse] <= GOODNESS[rag_better]


@given(lo=values, span=widths, d1=widths, d2=widths, a=widths, above=st.booleans())
def test_range_ratings_never_improve_moving_away_from_the_range(
    lo: float, span: float, d1: float, d2: float, a: float, above: bool
) -> None:
    hi = lo + span
    near, far = min(d1, d2), max(d1, d2)
    edge = hi if above else lo
    sign = 1 if above else -1
    rag_near, _ = rate_value(edge + sign * near, Polarity.RANGE, lo, hi, _tol(a))
    rag_far, _ = rate_value(edge + sign * far, Polarity.RANGE, lo, hi, _tol(a))
    assert GOODNESS[rag_far] <= GOODNESS[rag_near]


@given(t=values, a=widths)
def test_meeting_the_target_and_the_amber_edge(t: float, a: float) -> None:
    assume(abs(t) < 1e5)
    assert rate_value(t, Polarity.HIGH, t, t, _tol(a))[0] is G
    assert rate_value(t, Polarity.LOW, t, t, _tol(a))[0] is G
    if a > 1e-6 * max(1.0, abs(t)):
        assert rate_value(t - a, Polarity.HIGH, t, t, _tol(a))[0] is A
        assert rate_value(t + a, Polarity.LOW, t, t, _tol(a))[0] is A


def _tol(a: float):
    from scrutiny_desktop.domain.model import Tolerance

    return Tolerance(a)
