"""The XmR chart and the Making Data Count rules, checked against published worked examples.

Sources (cited beside each test):
- NHSRplotthedots (github.com/nhs-r-community/NHSRplotthedots, v0.2.2), vignettes/deviations.Rmd:
  the Making Data Count Excel tool's limits for a series with one outlier (screen_outliers = FALSE).
- NHSRplotthedots tests/testthat/test-ptd_calculate_point_type.R and test-ptd_spc_standard.R:
  the rule fixtures (trend, run on one side, two of three on opposite sides).
- NHSRplotthedots tests/testthat/test-ptd_calculate_assurance_type.R: the assurance cases.
- nhspy-plotthedots (github.com/nhs-pycom/nhspy-plotthedots) tests/unittests/test_limits_calculations.py
  and test_pandas_spc_x_calc.py: mean, limits and the "2 sigma" lines of small series.
"""

from __future__ import annotations

from collections.abc import Sequence

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scrutiny_desktop.domain.spc import (
    MIN_POINTS,
    Assurance,
    Direction,
    Rule,
    Variation,
    assurance_of,
    xmr,
)


def rules(values: Sequence[float], **kwargs: object) -> list[Rule]:
    chart = xmr(values, minimum=1, **kwargs)  # type: ignore[arg-type]
    assert chart is not None
    return [p.rule for p in chart.points]


# -- limits ----------------------------------------------------------------------------------------


def test_the_excel_tools_limits_for_a_series_with_an_outlier() -> None:
    """deviations.Rmd: 'setting screen_outliers = FALSE produces the same output as Excel':
    UPL 6.95, mean 1.94, LPL -3.06, and the one outlier (10) special cause improvement."""
    data = [1, 2, 1, 2, 10, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1]
    chart = xmr(data, Direction.INCREASE)
    assert chart is not None
    assert round(chart.upper, 2) == 6.95
    assert round(chart.mean, 2) == 1.94
    assert round(chart.lower, 2) == -3.06
    # by hand: mean 35/18, moving ranges 1,1,1,8,9 then twelve 1s: 32/17
    assert chart.mean == pytest.approx(35 / 18)
    assert chart.mean_moving_range == pytest.approx(32 / 17)
    assert [p.rule for p in chart.points] == [Rule.COMMON] * 4 + [Rule.BEYOND_LIMIT] + [Rule.COMMON] * 13
    assert chart.points[4].high
    assert chart.variation is Variation.COMMON  # the latest point, 1, is common cause


@pytest.mark.parametrize(("values", "mean", "lower", "upper", "near_lower", "near_upper"), [
    # nhspy-plotthedots test_limits_calculations.py
    (list(range(1, 11)), 5.5, 2.84, 8.16, 3.7266666666666666, 7.273333333333333),
    (list(range(10, 0, -1)), 5.5, 2.84, 8.16, 3.7266666666666666, 7.273333333333333),
    ([1, 2, 3, 4, 5, 4, 3, 2, 1, 2], 2.7, 0.04, 5.36, 0.9266666666666667, 4.473333333333334),
    (list(range(20)), 9.5, 6.84, 12.16, 7.726666666666667, 11.273333333333333),
    ([3, 1, 4, 1, 5, 9, 2], 3.5714285714285716, -6.625238095238096, 13.768095238095238,
     -3.2263492063492065, 10.36920634920635),
    # test_pandas_spc_x_calc.py sample 3 (no fixing, no screening)
    ([1, 6, 1, 8, 0, 3], 3.1666666666666665, -11.729333333333333, 18.062666666666665, None, None),
])
def test_limits_match_nhspy_plotthedots(values: list[float], mean: float, lower: float, upper: float,
                                        near_lower: float | None, near_upper: float | None) -> None:
    chart = xmr(values, minimum=1)
    assert chart is not None
    assert chart.mean == pytest.approx(mean)
    assert chart.lower == pytest.approx(lower)
    assert chart.upper == pytest.approx(upper)
    if near_lower is not None:
        assert chart.near_lower == pytest.approx(near_lower)
        assert chart.near_upper == pytest.approx(near_upper)


def test_fewer_than_fifteen_points_give_no_chart() -> None:
    assert MIN_POINTS == 15
    assert xmr(list(range(14))) is None
    assert xmr(list(range(15))) is not None


# -- the rules -------------------------------------------------------------------------------------


def test_a_trend_is_six_rises_seven_points_and_a_tie_breaks_it() -> None:
    """test-ptd_calculate_point_type.R: ptd_seven_point_trend(1:6) none, (1:7) the 7th, c(1:3, 3:6) none."""
    flat = [40.0, 60.0] * 4  # noisy padding keeps the limits wide and the trend within them
    assert Rule.TREND not in rules([*flat, 50, 51, 52, 53, 54, 55, *flat])  # five rises: six points
    assert rules([*flat, 50, 51, 52, 53, 54, 55, 56, *flat])[8:15] == [Rule.TREND] * 7
    assert Rule.TREND not in rules([*flat, 50, 51, 52, 52, 53, 54, 55, *flat])  # a tie


def test_a_falling_trend_is_low() -> None:
    chart = xmr([40.0, 60.0] * 4 + [56, 55, 54, 53, 52, 51, 50], Direction.INCREASE, minimum=1)
    assert chart is not None
    assert chart.latest.rule is Rule.TREND and not chart.latest.high
    assert chart.variation is Variation.CONCERNING_LOW


def test_a_shift_is_seven_on_one_side_and_the_mean_breaks_it() -> None:
    """ptd_seven_point_one_side_mean(c(rep(1, 6), -1)) none; (c(rep(1, 8), -1)) the eight points."""
    six = [10, 16] * 3 + [0, 16] * 6  # mean 9.67: six above, then points either side
    assert set(rules(six)) == {Rule.COMMON}
    eight = [10, 16] * 4 + [0, 6] * 5  # mean 7.44: eight above, then ten below
    assert rules(eight) == [Rule.SHIFT] * 18
    # mean exactly 8 (152 / 19): the point on the mean ends the run of five above and starts none
    on_mean = [10, 16, 10, 16, 10, 8, 16, 10, 26] + [0, 6] * 5
    chart = xmr(on_mean, minimum=1)
    assert chart is not None and chart.mean == 8
    assert [p.rule for p in chart.points] == [Rule.COMMON] * 9 + [Rule.SHIFT] * 10
    # the same point a little above the mean makes nine above in a row
    assert rules([10, 16, 10, 16, 10, 9, 16, 10, 26] + [0, 6] * 5) == [Rule.SHIFT] * 19


def test_two_of_three_needs_the_same_side_of_the_mean() -> None:
    """test-ptd_spc_standard.R: symmetrical data with points 15 and 16 at 5.5 and -5.5: common cause."""
    data = [1.0, -1.0] * 8
    data[14], data[15] = 5.5, -5.5
    chart = xmr(data, Direction.INCREASE)
    assert chart is not None
    assert [p.rule for p in chart.points[-2:]] == [Rule.COMMON, Rule.COMMON]


def test_two_of_three_in_the_outer_third_by_hand() -> None:
    """By hand: 1,-1 alternating (16 points), then three points above the mean.

    4.0, 0.5, 4.2: mean 8.7/19 = 0.4579; moving ranges fifteen 2s, 5, 3.5, 3.7: 42.2/18 = 2.3444;
    the 2-sigma line 0.4579 + 1.7733 x 2.3444 = 4.6154: neither 4.0 nor 4.2 is beyond it, common cause.
    5.5, 0.9, 5.6: mean 12/19 = 0.6316; ranges fifteen 2s, 6.5, 4.6, 4.7: 45.8/18 = 2.5444; the 2-sigma
    line 5.1437, the upper limit 7.3999: 5.5 and 5.6 lie in the outer third and 0.9 is above the mean
    too, so the two outer points are special cause (two of three) and the middle one is not.
    """
    base = [1.0, -1.0] * 8
    low = xmr([*base, 4.0, 0.5, 4.2], Direction.INCREASE)
    assert low is not None
    assert low.mean == pytest.approx(8.7 / 19)
    assert low.near_upper == pytest.approx(4.6154, abs=1e-4)
    assert all(p.rule is Rule.COMMON for p in low.points)
    high = xmr([*base, 5.5, 0.9, 5.6], Direction.INCREASE)
    assert high is not None
    assert high.mean_moving_range == pytest.approx(45.8 / 18)
    assert high.near_upper == pytest.approx(5.1437, abs=1e-4)
    assert high.upper == pytest.approx(7.3999, abs=1e-4)
    assert [p.rule for p in high.points[-3:]] == [Rule.TWO_OF_THREE, Rule.COMMON, Rule.TWO_OF_THREE]
    assert high.variation is Variation.IMPROVING_HIGH
    # the same three points with the middle one below the mean: no signal (all three must be one side)
    mixed = xmr([*base, 5.5, 0.1, 5.6], Direction.INCREASE)
    assert mixed is not None and mixed.points[-2].value < mixed.mean
    assert all(p.rule is Rule.COMMON for p in mixed.points)


def test_precedence_beyond_a_limit_before_a_trend() -> None:
    """nhspy range(20): points below 6.84 and above 12.16 are beyond a limit; those between, the trend."""
    found = rules(list(range(20)))
    assert found[:7] == [Rule.BEYOND_LIMIT] * 7
    assert found[7:13] == [Rule.TREND] * 6
    assert found[13:] == [Rule.BEYOND_LIMIT] * 7


# -- the icons -------------------------------------------------------------------------------------


@pytest.mark.parametrize(("direction", "expected"), [
    (Direction.INCREASE, Variation.IMPROVING_HIGH),
    (Direction.DECREASE, Variation.CONCERNING_HIGH),
    (Direction.NEUTRAL, Variation.NEUTRAL_HIGH),
])
def test_the_variation_icon_follows_polarity(direction: Direction, expected: Variation) -> None:
    chart = xmr([1, 2] * 8 + [10], direction)
    assert chart is not None
    assert chart.latest.rule is Rule.BEYOND_LIMIT
    assert chart.variation is expected


@pytest.mark.parametrize(("lower", "upper", "increase", "decrease"), [
    # test-ptd_calculate_assurance_type.R: limits (1, 3), (5, 7), (1, 5) against a target of 4
    (1, 3, Assurance.MISSED, Assurance.MET),
    (5, 7, Assurance.MET, Assurance.MISSED),
    (1, 5, Assurance.HIT_AND_MISS, Assurance.HIT_AND_MISS),
    (4, 6, Assurance.HIT_AND_MISS, Assurance.HIT_AND_MISS),  # a target on a limit is within it
])
def test_assurance(lower: float, upper: float, increase: Assurance, decrease: Assurance) -> None:
    assert assurance_of(4, lower, upper, Direction.INCREASE) is increase
    assert assurance_of(4, lower, upper, Direction.DECREASE) is decrease
    assert assurance_of(4, lower, upper, Direction.NEUTRAL) is None
    assert assurance_of(None, lower, upper, Direction.INCREASE) is None


def test_signals_list_each_rule_once_in_precedence_order() -> None:
    chart = xmr(list(range(20)), minimum=1)
    assert chart is not None
    assert chart.signals == (Rule.BEYOND_LIMIT, Rule.TREND)


def _trend_by_windows(ys: list[float]) -> list[int]:
    """The rule as the tool's guidance states it, window by window: what `_trend` must give."""
    from scrutiny_desktop.domain.spc import TREND_POINTS, _sign

    marks = [0] * len(ys)
    steps = [_sign(ys[i] - ys[i - 1]) for i in range(1, len(ys))]
    need = TREND_POINTS - 1
    for end in range(need, len(ys)):
        window = steps[end - need:end]
        if all(s == window[0] for s in window) and window[0] != 0:
            for i in range(end - need, end + 1):
                marks[i] = window[0]
    return marks


def _shift_by_windows(side: list[int]) -> list[bool]:
    from scrutiny_desktop.domain.spc import SHIFT_POINTS

    marks = [False] * len(side)
    for end in range(SHIFT_POINTS - 1, len(side)):
        window = side[end - SHIFT_POINTS + 1:end + 1]
        if window[0] != 0 and all(s == window[0] for s in window):
            for i in range(end - SHIFT_POINTS + 1, end + 1):
                marks[i] = True
    return marks


@settings(max_examples=400, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=4), max_size=40))
def test_trends_and_shifts_by_runs_mark_what_the_windows_mark(ys: list[int]) -> None:
    # Few distinct values: long runs, flat steps and turns at every length, the cases a window rule gets wrong.
    from scrutiny_desktop.domain.spc import _shift, _sign, _trend

    values = [float(y) for y in ys]
    assert _trend(values) == _trend_by_windows(values)
    side = [_sign(y - 2) for y in ys]
    assert _shift(side) == _shift_by_windows(side)
