"""The indicators of a monthly scrutiny dataset, as read from the workbook."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from scrutiny_desktop.domain.periods import Period
from scrutiny_desktop.domain.problems import Problem
from scrutiny_desktop.domain.refs import natural_key


class Polarity(StrEnum):
    HIGH = "high"
    LOW = "low"
    RANGE = "range"
    MONITOR = "monitor"


class UnitKind(StrEnum):
    PERCENT = "percent"
    COUNT = "count"
    NUMBER = "number"
    AVERAGE = "average"
    RATE = "rate"
    DAYS = "days"
    WEEKS = "weeks"


class Frequency(StrEnum):
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    TERMLY = "termly"
    ANNUAL = "annual"

    @property
    def window_months(self) -> int:
        """How far back the latest outturn still counts as current."""
        return {"monthly": 1, "quarterly": 3, "termly": 4, "annual": 12}[self.value]


class Benchmark(StrEnum):
    STAT_NEIGHBOURS = "stat_neighbours"
    LONDON = "london"
    ENGLAND = "england"

    @property
    def label(self) -> str:
        return {"stat_neighbours": "Stat neighbours", "london": "London", "england": "England"}[self.value]


class Rag(StrEnum):
    RED = "red"
    AMBER = "amber"
    GREEN = "green"
    NONE = "none"
    MISSING = "missing"

    @property
    def word(self) -> str:
        """The word printed beside the colour, so colour never carries the rating alone."""
        return {
            "red": "Red", "amber": "Amber", "green": "Green", "none": "No target", "missing": "No data",
        }[self.value]

    @property
    def is_exception(self) -> bool:
        return self in (Rag.RED, Rag.AMBER)


@dataclass(frozen=True)
class Unit:
    kind: UnitKind
    label: str = ""
    per: float = 1.0  # a rate's base: 10,000 for "Rate per 10,000"

    @property
    def is_percent(self) -> bool:
        return self.kind is UnitKind.PERCENT

    @property
    def is_count(self) -> bool:
        return self.kind is UnitKind.COUNT

    @property
    def shown_as(self) -> str:
        if self.label:
            return self.label
        return {"percent": "%", "count": "Number", "number": "Number", "average": "Average",
                "rate": "Rate", "days": "Days", "weeks": "Weeks"}[self.kind.value]


PERCENT = Unit(UnitKind.PERCENT, "%")
NUMBER = Unit(UnitKind.NUMBER, "Number")


@dataclass(frozen=True)
class Target:
    """What good looks like: a value, a range, a benchmark to meet, or nothing.

    A single target is a range of one point (`low == high`). A benchmark-named target
    has no numbers of its own until it is resolved against the indicator's benchmarks.
    """

    low: float | None = None
    high: float | None = None
    benchmark: Benchmark | None = None
    text: str = ""
    readable: bool = True  # False when the cell held text that is not a target ("TBC")

    @property
    def is_range(self) -> bool:
        return self.low is not None and self.high is not None and self.low != self.high

    @property
    def is_set(self) -> bool:
        return self.low is not None or self.benchmark is not None

    @property
    def value(self) -> float | None:
        """The single target value (None for a range or no target)."""
        return self.low if self.low is not None and self.low == self.high else None

    @staticmethod
    def single(value: float, text: str = "") -> Target:
        return Target(value, value, None, text)

    @staticmethod
    def between(low: float, high: float, text: str = "") -> Target:
        return Target(min(low, high), max(low, high), None, text)


NO_TARGET = Target()


@dataclass(frozen=True)
class Tolerance:
    """Width of the amber band: in the indicator's own units, or a share of the target."""

    amount: float
    relative: bool = False

    def width(self, reference: float) -> float:
        return abs(reference) * self.amount / 100.0 if self.relative else self.amount



@dataclass(frozen=True, slots=True)  # slots: made for every figure of a workbook, and made faster so
class Outturn:
    """One period's figure: a value, maybe with its numerator and denominator, or no data.

    Percentages are on a 0-100 scale. `placeholder` keeps what stood for "no data"
    (`TBC`, `[c]`, ...) and `cell` where the figure was read from.
    """

    value: float | None = None
    numerator: float | None = None
    denominator: float | None = None
    placeholder: str | None = None
    cell: str = ""

    @property
    def has_value(self) -> bool:
        return self.value is not None


NO_DATA = Outturn()


@dataclass(frozen=True)
class Override:
    """An officer's own rating, kept beside the computed one with the reason for it."""

    rag: Rag
    reason: str


@dataclass(frozen=True)
class Indicator:
    ref: str
    title: str
    section: str = ""
    polarity: Polarity | None = None
    unit: Unit = NUMBER
    frequency: Frequency | None = None
    target: Target = NO_TARGET
    tolerance: Tolerance | None = None
    red_threshold: float | None = None
    sensitive: bool = False
    small_cohort: bool = False  # marked in the workbook: its percentages without counts are never published
    annual: Mapping[str, float | None] = field(default_factory=dict)
    # A previous year's outturn with its counts where the workbook gives them ("40% (2 of 5)"), by label.
    annual_outturns: Mapping[str, Outturn] = field(default_factory=dict)
    benchmarks: Mapping[Benchmark, float | None] = field(default_factory=dict)
    outturns: Mapping[Period, Outturn] = field(default_factory=dict)
    commentary: str = ""
    stated_rag: Rag | None = None
    override: Override | None = None
    row: int = 0
    cells: Mapping[str, str] = field(default_factory=dict)
    sheet: str = ""  # the sheet the indicator's row is on (a workbook may hold a table per service area)
    ref_made: bool = False  # numbered in row order (the table has no ref column): the title is its key

    @property
    def key(self) -> str:
        """What matches the indicator across months: its ref, or its title where the ref was made up."""
        return " ".join(self.title.casefold().split()) if self.ref_made else self.ref

    @property
    def sort_key(self) -> tuple[tuple[int, int | str], ...]:
        return natural_key(self.ref)

    def cell(self, name: str) -> str:
        """The A1 address a field of this indicator was read from, or ""."""
        return self.cells.get(name, "")


@dataclass(frozen=True)
class Dataset:
    """Everything read from one monthly workbook."""

    source: str
    sheet: str
    indicators: tuple[Indicator, ...]
    periods: tuple[Period, ...]
    annual_labels: tuple[str, ...] = ()
    problems: tuple[Problem, ...] = ()
    title: str = ""

    def indicator(self, ref: str) -> Indicator | None:
        return next((i for i in self.indicators if i.ref == ref), None)

    def _held(self) -> list[Period]:
        return [p for p in self.periods if any(i.outturns.get(p, NO_DATA).has_value for i in self.indicators)]

    @property
    def latest_period(self) -> Period | None:
        """The latest period holding any outturn: the "current" one unless the user chooses."""
        held = self._held()
        return max(held) if held else (max(self.periods) if self.periods else None)

    @property
    def periods_with_data(self) -> tuple[Period, ...]:
        """The periods a review can be chosen for, latest first: each holds an outturn.

        A month and the quarter ending with it are one choice, the month, as `load_review` picks it.
        """
        chosen: dict[int, Period] = {}
        for period in sorted(self._held()):  # a month sorts before the quarter ending with it
            chosen.setdefault(period.ordinal, period)
        return tuple(sorted(chosen.values(), reverse=True))
