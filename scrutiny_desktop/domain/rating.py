"""RAG ratings and direction of travel, exactly as the specification's table writes them.

Boundaries: meeting a target exactly is Green; sitting exactly on the amber edge is Amber.
Comparisons allow a tiny relative epsilon so that 0.7 read from a %-formatted cell (70.00000000000001)
equals a 70% target. Missing data is never Red.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from scrutiny_desktop.domain.formatting import number_text, round_half_up, tolerance_text, value_text
from scrutiny_desktop.domain.frozen import fast_init
from scrutiny_desktop.domain.model import Indicator, Override, Polarity, Rag, Target, Tolerance, Unit
from scrutiny_desktop.domain.periods import Period

EPSILON = 1e-9


def _close(a: float, b: float) -> bool:
    return abs(a - b) <= EPSILON * max(1.0, abs(a), abs(b))


def at_least(a: float, b: float) -> bool:
    """a >= b, allowing for float noise."""
    return a > b or _close(a, b)


def at_most(a: float, b: float) -> bool:
    """a <= b, allowing for float noise."""
    return a < b or _close(a, b)


class Basis(StrEnum):
    """What the rating was measured against, or why there is none."""

    TARGET = "target"
    RANGE = "range"
    BENCHMARK = "benchmark"
    MONITOR = "monitor"
    NO_TARGET = "no-target"
    UNREADABLE_TARGET = "unreadable-target"
    BENCHMARK_BLANK = "benchmark-blank"
    NO_POLARITY = "no-polarity"
    NO_DATA = "no-data"


@fast_init
@dataclass(frozen=True)
class Rating:
    """A computed RAG with everything needed to explain it in one sentence."""

    rag: Rag
    basis: Basis
    polarity: Polarity | None = None
    value: float | None = None
    low: float | None = None  # the target (low == high) or the range it was measured against
    high: float | None = None
    edge: float | None = None  # where amber turns red, on the side the value lies
    allowance: float | None = None  # width of the amber band used, when from a tolerance
    floor: float | None = None
    override: Override | None = None

    @property
    def final(self) -> Rag:
        """The rating shown: the officer's override when there is one, else the computed one."""
        return self.override.rag if self.override else self.rag

    @property
    def target(self) -> float | None:
        return self.low if self.low is not None and self.low == self.high else None


def amber_width(tolerance: Tolerance | None, reference: float) -> float:
    return tolerance.width(reference) if tolerance else 0.0


def rate_value(
    value: float,
    polarity: Polarity,
    low: float,
    high: float,
    tolerance: Tolerance | None = None,
    floor: float | None = None,
) -> tuple[Rag, float]:
    """The RAG of `value` against a target (`low == high`) or range, and the amber edge used.

    `polarity` is HIGH, LOW or RANGE; a range (low < high) is always rated as a range.
    """
    if polarity is Polarity.RANGE or low != high:
        if at_least(value, low) and at_most(value, high):
            return Rag.GREEN, high if value > high else low
        if value < low:
            edge = low - amber_width(tolerance, low)
            return (Rag.AMBER if at_least(value, edge) else Rag.RED), edge
        edge = high + amber_width(tolerance, high)
        return (Rag.AMBER if at_most(value, edge) else Rag.RED), edge
    if polarity is Polarity.HIGH:
        edge = floor if floor is not None else low - amber_width(tolerance, low)
        if at_least(value, low):
            return Rag.GREEN, edge
        return (Rag.AMBER if at_least(value, edge) else Rag.RED), edge
    if polarity is Polarity.LOW:
        edge = floor if floor is not None else low + amber_width(tolerance, low)
        if at_most(value, low):
            return Rag.GREEN, edge
        return (Rag.AMBER if at_most(value, edge) else Rag.RED), edge
    raise ValueError(f"cannot rate a {polarity} indicator")


def resolve_target(indicator: Indicator) -> tuple[float | None, float | None, Basis]:
    """The numbers a target stands for: its own, or its benchmark's; and the basis."""
    target: Target = indicator.target
    if target.benchmark is not None and target.low is None:
        value = indicator.benchmarks.get(target.benchmark)
        if value is None:
            return None, None, Basis.BENCHMARK_BLANK
        return value, value, Basis.BENCHMARK
    if target.low is None or target.high is None:
        return None, None, Basis.NO_TARGET
    return target.low, target.high, Basis.RANGE if target.is_range else Basis.TARGET


def effective_polarity(indicator: Indicator) -> Polarity | None:
    """The polarity rated by: a range target is always a range; otherwise the column's word."""
    if indicator.polarity is Polarity.MONITOR:
        return Polarity.MONITOR
    if indicator.target.is_range:
        return Polarity.RANGE
    return indicator.polarity


def rate(indicator: Indicator, value: float | None) -> Rating:
    """Rate an indicator's current value per the specification's table."""
    polarity = effective_polarity(indicator)
    override = indicator.override
    if polarity is Polarity.MONITOR:
        return Rating(Rag.NONE, Basis.MONITOR, polarity, value, override=override)
    if not indicator.target.readable:
        return Rating(Rag.NONE, Basis.UNREADABLE_TARGET, polarity, value, override=override)
    low, high, basis = resolve_target(indicator)
    if low is None or high is None:
        return Rating(Rag.NONE, basis, polarity, value, override=override)
    if polarity is None:
        return Rating(Rag.NONE, Basis.NO_POLARITY, polarity, value, low, high, override=override)
    if value is None:
        return Rating(Rag.MISSING, Basis.NO_DATA, polarity, None, low, high, override=override)
    floor = indicator.red_threshold if low == high and polarity is not Polarity.RANGE else None
    rag, edge = rate_value(value, polarity, low, high, indicator.tolerance, floor)
    allowance = None if floor is not None else abs(edge - (low if value < low else high))
    return Rating(rag, basis, polarity, value, low, high, edge, allowance, floor, override)


def explain(rating: Rating, indicator: Indicator, period: Period | None = None, *, verdict: bool = True) -> str:
    """One sentence on how the RAG was decided.

    "16.8 is above the range 12–15 by 1.8, within the tolerance of 3: Amber"
    (without the closing ": Amber" when `verdict` is false).
    """
    text = _explain_computed(rating, indicator, indicator.unit, period)
    if not verdict:
        return text
    text += f": {rating.rag.word}"
    if rating.override:
        text += f". Rated {rating.override.rag.word} by the service instead: {rating.override.reason}"
    return text


def _fmt(value: float, unit: Unit) -> str:
    return value_text(value, unit)


def _gap(value: float, unit: Unit) -> str:
    return number_text(value, 1) + (" points" if unit.is_percent else "")


def _explain_computed(rating: Rating, indicator: Indicator, unit: Unit, period: Period | None) -> str:
    basis = rating.basis
    if basis is Basis.MONITOR:
        return "Monitored for information, with no target"
    if basis is Basis.NO_TARGET:
        return "No target is set"
    if basis is Basis.UNREADABLE_TARGET:
        return f"The target or tolerance ('{indicator.target.text or '?'}') cannot be understood"
    if basis is Basis.BENCHMARK_BLANK:
        assert indicator.target.benchmark is not None
        return f"The target is the {indicator.target.benchmark.label} benchmark, which is blank"
    if basis is Basis.NO_POLARITY:
        return "There is a target but no 'Good is' (High, Low or Range) to rate by"
    assert rating.low is not None and rating.high is not None
    against = _against(rating, indicator, unit)
    if basis is Basis.NO_DATA or rating.value is None:
        when = f" for {period.label}" if period else ""
        return f"There is no outturn{when} to compare with {against}"
    v, lo, hi = rating.value, rating.low, rating.high
    shown = _fmt(v, unit)
    if rating.rag is Rag.GREEN:
        if lo != hi:
            return f"{shown} is within {against}"
        if _close(v, lo) or round_half_up(v, 1) == round_half_up(lo, 1):
            return f"{shown} meets {against}"
        direction = "above" if v > lo else "below"
        return f"{shown} is {direction} {against}"
    below = v < lo
    gap = (lo - v) if below else (v - hi)
    direction = "below" if below else "above"
    head = f"{shown} is {direction} {against} by {_gap(gap, unit)}"
    if rating.floor is not None:
        floor_text = _fmt(rating.floor, unit)
        if rating.rag is Rag.AMBER:
            return f"{head}, but not beyond the floor of {floor_text}"
        return f"{head}, beyond the floor of {floor_text}"
    tolerance = indicator.tolerance
    if tolerance is None or not tolerance.amount:
        return f"{head}, with no tolerance"
    allowed = tolerance_text(tolerance, unit)
    if tolerance.relative and rating.allowance is not None:
        allowed += f" ({_gap(rating.allowance, unit)})"
    if rating.rag is Rag.AMBER:
        return f"{head}, within the tolerance of {allowed}"
    return f"{head}, beyond the tolerance of {allowed}"


def _against(rating: Rating, indicator: Indicator, unit: Unit) -> str:
    assert rating.low is not None and rating.high is not None
    if rating.basis is Basis.BENCHMARK:
        assert indicator.target.benchmark is not None
        return f"the {indicator.target.benchmark.label} benchmark of {_fmt(rating.low, unit)}"
    if rating.low != rating.high:
        suffix = "%" if unit.is_percent else ""
        return f"the range {number_text(rating.low)}–{number_text(rating.high)}{suffix}"
    return f"the target of {_fmt(rating.low, unit)}"


class Direction(StrEnum):
    IMPROVING = "improving"
    WORSENING = "worsening"
    NO_CHANGE = "no-change"
    INCREASING = "increasing"
    DECREASING = "decreasing"
    NA = "n/a"

    @property
    def word(self) -> str:
        return {"no-change": "no change", "n/a": "no comparison"}.get(self.value, self.value)


@dataclass(frozen=True)
class Travel:
    """Direction of travel against one earlier value: the word, and which way the value moved."""

    direction: Direction
    previous: float | None = None
    previous_period: Period | None = None
    up: bool | None = None  # None when there was no comparison or no movement

    @property
    def arrow(self) -> str:
        if self.direction is Direction.NA:
            return ""
        if self.direction is Direction.NO_CHANGE or self.up is None:
            return "→"
        return "↑" if self.up else "↓"

    @property
    def text(self) -> str:
        """Arrow and word, never one alone: "↑ improving", "→ no change", "no comparison"."""
        return f"{self.arrow} {self.direction.word}".strip()


NO_TRAVEL = Travel(Direction.NA)


def _distance(value: float, low: float, high: float) -> float:
    if value < low:
        return low - value
    if value > high:
        return value - high
    return 0.0


def travel(indicator: Indicator, current: float | None, previous: float | None,
           previous_period: Period | None = None) -> Travel:
    """Direction of travel from `previous` to `current` for this indicator's polarity.

    Values that read the same to one decimal place count as no change, so the arrow never
    moves for float noise or a change the committee cannot see.
    """
    if current is None or previous is None:
        return Travel(Direction.NA, previous, previous_period)
    now, before = round_half_up(current, 1), round_half_up(previous, 1)
    if now == before:
        return Travel(Direction.NO_CHANGE, previous, previous_period)
    up = now > before
    polarity = effective_polarity(indicator)
    if polarity is Polarity.HIGH:
        direction = Direction.IMPROVING if up else Direction.WORSENING
    elif polarity is Polarity.LOW:
        direction = Direction.WORSENING if up else Direction.IMPROVING
    elif polarity is Polarity.RANGE:
        low, high, _ = resolve_target(indicator)
        if low is None or high is None:
            direction = Direction.INCREASING if up else Direction.DECREASING
        else:
            d_now, d_before = _distance(now, low, high), _distance(before, low, high)
            if _close(d_now, d_before):
                direction = Direction.NO_CHANGE
            else:
                direction = Direction.IMPROVING if d_now < d_before else Direction.WORSENING
    else:
        direction = Direction.INCREASING if up else Direction.DECREASING
    return Travel(direction, previous, previous_period, up)
