"""Statistical process control: the XmR chart and the special-cause rules of NHS "Making Data Count".

The arithmetic and the rules follow the Making Data Count Excel tool as the NHS-R community's
`NHSRplotthedots` package reproduces it (R/ptd_spc_standard.R, R/ptd_calculate_point_type.R,
R/ptd_calculate_assurance_type.R), with its one documented deviation from Excel switched off: outlying
moving ranges are *not* screened out (the Excel tool keeps every point; vignettes/deviations.Rmd).

Exact definitions (each a question a reader will ask):

- Mean: the arithmetic mean of every point. Moving range: |x[i] - x[i-1]|. Process limits:
  mean ± 2.66 × the mean moving range (2.66 = 3 / d2, d2 = 1.128 for ranges of two).
- Beyond a limit: strictly above the upper or strictly below the lower process limit.
- Shift: seven or more consecutive points strictly on one side of the mean; a point exactly on the
  mean breaks the run. Every point of the run is special cause.
- Trend: six consecutive rises (or falls), that is seven points each strictly above (below) the one
  before; a repeated value (a tie) breaks the trend. MDC's "trend of six" counts the steps, which is
  why NHSRplotthedots calls the same rule a "7 point trend".
- Two of three: of three consecutive points all strictly on the same side of the mean, two or more lie
  in the outer third between the mean and a limit (beyond mean ± 2/3 × 2.66 × mean moving range, the
  "2 sigma" line) but not beyond the limit; those (outer-third) points are special cause.
- When a point meets more than one rule the first of: beyond a limit, trend, two of three, shift,
  names it (the tool's precedence). A point of a rising trend or above the mean is "high".
- Variation icon: the latest point's type: common cause, or special cause that is improving or
  concerning by the indicator's polarity (high or low), neutral for an indicator without one.
- Assurance icon (with a single target and a polarity): for "higher is better", a target above the
  upper limit is consistently missed, below the lower limit consistently met, otherwise (the target
  within the limits, inclusive) hit and miss; mirrored for "lower is better".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import cached_property

from scrutiny_desktop.domain.frozen import fast_init

LIMIT_FACTOR = 2.66
NEAR_FACTOR = 2 * LIMIT_FACTOR / 3  # the "2 sigma" line: the inner edge of the outer third
SHIFT_POINTS = 7
TREND_POINTS = 7  # six consecutive rises or falls
MIN_POINTS = 15  # fewer points give limits too unreliable to put before a committee


class Direction(StrEnum):
    """Which way "better" is, for the icons: the indicator's polarity as MDC names it."""

    INCREASE = "increase"
    DECREASE = "decrease"
    NEUTRAL = "neutral"


class Rule(StrEnum):
    """The special-cause rule a point meets (the first in precedence), or common cause."""

    BEYOND_LIMIT = "beyond-limit"
    TREND = "trend"
    TWO_OF_THREE = "two-of-three"
    SHIFT = "shift"
    COMMON = "common"

    @property
    def words(self) -> str:
        return {
            "beyond-limit": "a point beyond a process limit",
            "trend": "a trend of six rises or falls",
            "two-of-three": "two of three points near a limit",
            "shift": "a run of seven on one side of the mean",
            "common": "common cause",
        }[self.value]


class Variation(StrEnum):
    COMMON = "common"
    IMPROVING_HIGH = "improving-high"
    IMPROVING_LOW = "improving-low"
    CONCERNING_HIGH = "concerning-high"
    CONCERNING_LOW = "concerning-low"
    NEUTRAL_HIGH = "neutral-high"
    NEUTRAL_LOW = "neutral-low"

    @property
    def words(self) -> str:
        """Words for the icon, so a reader never depends on its colour or shape."""
        return {
            "common": "Common cause variation",
            "improving-high": "Special cause: improving (high)",
            "improving-low": "Special cause: improving (low)",
            "concerning-high": "Special cause: concerning (high)",
            "concerning-low": "Special cause: concerning (low)",
            "neutral-high": "Special cause: higher (neither better nor worse)",
            "neutral-low": "Special cause: lower (neither better nor worse)",
        }[self.value]

    @property
    def symbol(self) -> str:
        """A plain-text mark for the appendix's cell: readable in print and by a screen reader."""
        return {
            "common": "~", "improving-high": "▲+", "improving-low": "▼+", "concerning-high": "▲!",
            "concerning-low": "▼!", "neutral-high": "▲", "neutral-low": "▼",
        }[self.value]


class Assurance(StrEnum):
    MET = "met"
    MISSED = "missed"
    HIT_AND_MISS = "hit-and-miss"

    @property
    def words(self) -> str:
        return {
            "met": "Consistently meets the target",
            "missed": "Consistently misses the target",
            "hit-and-miss": "Hit and miss: the target lies within the process limits",
        }[self.value]

    @property
    def symbol(self) -> str:
        return {"met": "P", "missed": "F", "hit-and-miss": "?"}[self.value]


@fast_init
@dataclass(frozen=True)
class Point:
    """One point of the chart: its value, which side it is (high or low) and the rule it meets."""

    value: float
    rule: Rule
    high: bool  # above the mean, or part of a rising trend; meaningful only when rule is not COMMON

    @property
    def special(self) -> bool:
        return self.rule is not Rule.COMMON


@dataclass(frozen=True)
class XmR:
    """An XmR chart of a series: centre line, limits, each point's rule, and the two icons."""

    mean: float
    mean_moving_range: float
    points: tuple[Point, ...]
    direction: Direction
    target: float | None = None

    @cached_property  # asked for again by each edition of the appendix and by the audit
    def upper(self) -> float:
        return self.mean + LIMIT_FACTOR * self.mean_moving_range

    @cached_property
    def lower(self) -> float:
        return self.mean - LIMIT_FACTOR * self.mean_moving_range

    @cached_property
    def near_upper(self) -> float:
        return self.mean + NEAR_FACTOR * self.mean_moving_range

    @cached_property
    def near_lower(self) -> float:
        return self.mean - NEAR_FACTOR * self.mean_moving_range

    @cached_property
    def latest(self) -> Point:
        return self.points[-1]

    @cached_property
    def variation(self) -> Variation:
        return variation_of(self.latest, self.direction)

    @cached_property
    def assurance(self) -> Assurance | None:
        return assurance_of(self.target, self.lower, self.upper, self.direction)

    @cached_property
    def signals(self) -> tuple[Rule, ...]:
        """The rules any point meets, in precedence order, each once."""
        met = {p.rule for p in self.points if p.special}
        return tuple(r for r in Rule if r in met)


def variation_of(point: Point, direction: Direction) -> Variation:
    if not point.special:
        return Variation.COMMON
    if direction is Direction.NEUTRAL:
        return Variation.NEUTRAL_HIGH if point.high else Variation.NEUTRAL_LOW
    good = point.high == (direction is Direction.INCREASE)
    if good:
        return Variation.IMPROVING_HIGH if point.high else Variation.IMPROVING_LOW
    return Variation.CONCERNING_HIGH if point.high else Variation.CONCERNING_LOW


def assurance_of(target: float | None, lower: float, upper: float, direction: Direction) -> Assurance | None:
    if target is None or direction is Direction.NEUTRAL:
        return None
    increasing = direction is Direction.INCREASE
    if target > upper:
        return Assurance.MISSED if increasing else Assurance.MET
    if target < lower:
        return Assurance.MET if increasing else Assurance.MISSED
    return Assurance.HIT_AND_MISS


def xmr(
    values: Sequence[float],
    direction: Direction = Direction.NEUTRAL,
    target: float | None = None,
    *,
    minimum: int = MIN_POINTS,
) -> XmR | None:
    """The XmR chart of `values` (oldest first), or None when there are fewer than `minimum` points."""
    ys = [float(v) for v in values]
    if len(ys) < max(minimum, 2):
        return None
    mean = sum(ys) / len(ys)
    ranges = [abs(ys[i] - ys[i - 1]) for i in range(1, len(ys))]
    amr = sum(ranges) / len(ranges)
    upper, lower = mean + LIMIT_FACTOR * amr, mean - LIMIT_FACTOR * amr
    near_upper, near_lower = mean + NEAR_FACTOR * amr, mean - NEAR_FACTOR * amr
    side = [_sign(y - mean) for y in ys]
    outside = [y > upper or y < lower for y in ys]
    near = [not o and (y > near_upper or y < near_lower) for y, o in zip(ys, outside, strict=True)]
    trend = _trend(ys)
    two_of_three = _two_of_three(near, side)
    shift = _shift(side)
    points: list[Point] = []
    for i, y in enumerate(ys):
        if outside[i]:
            points.append(Point(y, Rule.BEYOND_LIMIT, side[i] > 0))
        elif trend[i]:
            points.append(Point(y, Rule.TREND, trend[i] > 0))
        elif two_of_three[i]:
            points.append(Point(y, Rule.TWO_OF_THREE, side[i] > 0))
        elif shift[i]:
            points.append(Point(y, Rule.SHIFT, side[i] > 0))
        else:
            points.append(Point(y, Rule.COMMON, side[i] > 0))
    return XmR(mean, amr, tuple(points), direction, target)


def _sign(x: float) -> int:
    return (x > 0) - (x < 0)


def _trend(ys: list[float]) -> list[int]:
    """+1/-1 for each point in a run of TREND_POINTS strictly rising/falling points, else 0.

    A point at the top of a rise and the start of a fall takes the later (falling) trend, as the tool does.
    """
    marks = [0] * len(ys)
    steps = [_sign(ys[i] - ys[i - 1]) for i in range(1, len(ys))]
    # Each run of equal steps once (not each window of it): a run of TREND_POINTS - 1 rises or more marks
    # every point it joins; a later run overwrites the point it shares with the one before.
    for start, end, step in _runs(steps):
        if step != 0 and end - start >= TREND_POINTS - 1:
            marks[start:end + 1] = [step] * (end + 1 - start)
    return marks


def _shift(side: list[int]) -> list[bool]:
    marks = [False] * len(side)
    for start, end, where in _runs(side):
        if where != 0 and end - start >= SHIFT_POINTS:
            marks[start:end] = [True] * (end - start)
    return marks


def _runs(values: list[int]) -> list[tuple[int, int, int]]:
    """The maximal runs of equal values: (start, end, value), `end` one past the run's last."""
    runs: list[tuple[int, int, int]] = []
    start = 0
    for i in range(1, len(values) + 1):
        if i == len(values) or values[i] != values[start]:
            runs.append((start, i, values[start]))
            start = i
    return runs


def _two_of_three(near: list[bool], side: list[int]) -> list[bool]:
    """The outer-third points of any three consecutive points, all one side of the mean, two or more near a limit."""
    marks = [False] * len(near)
    for start in range(len(near) - 2):
        sides = side[start:start + 3]
        if sum(near[start:start + 3]) >= 2 and sides[0] != 0 and all(s == sides[0] for s in sides):
            for i in range(start, start + 3):
                marks[i] = marks[i] or near[i]
    return marks
