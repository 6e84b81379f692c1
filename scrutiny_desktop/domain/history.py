"""What was reported before: each indicator's figures, rating and commentary in earlier periods.

Pure values and the questions asked of them (ratings over the last four quarters, red quarters running,
commentary to carry forward, the series an XmR chart is drawn from). Keeping them is `history_store.py`'s job.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from enum import IntEnum
from functools import cached_property

from scrutiny_desktop.domain.disclosure import DisclosureRules, Redaction
from scrutiny_desktop.domain.frozen import fast_init
from scrutiny_desktop.domain.model import Dataset, Outturn, Polarity, Rag, Unit, UnitKind
from scrutiny_desktop.domain.periods import Period
from scrutiny_desktop.domain.rating import rate
from scrutiny_desktop.domain.review import Review, Reviewed
from scrutiny_desktop.domain.spc import Direction, XmR, xmr


class Origin(IntEnum):
    """Where a record came from; a later export of a period outranks what was back-filled for it."""

    WORKBOOK = 0  # back-filled from a monthly workbook's columns
    APPENDIX = 1  # read back from this program's own Part 2 appendix
    EXPORT = 2  # recorded when the appendices were exported


@fast_init
@dataclass(frozen=True)
class Record:
    """One indicator in one month, as it was (or would have been) reported."""

    ref: str
    period: Period  # always a month: a quarter's figure is held at its last month
    title: str
    rag: Rag  # the rating shown: the officer's override when there was one
    origin: Origin
    section: str = ""
    unit: str = ""
    polarity: str = ""
    value: float | None = None
    numerator: float | None = None
    denominator: float | None = None
    target: float | None = None
    computed: Rag | None = None  # the rules' rating, when an override replaced it
    override_reason: str = ""
    commentary: str = ""
    commentary_from: str = ""  # YYYY-MM of the period the commentary was first written for, when carried
    source: str = ""  # the file it was read from


NO_RECORD = Record("", Period(1, 1), "", Rag.NONE, Origin.WORKBOOK)  # a month seen and left out
_NOT_HELD = object()  # no figure held for a month (None is a month held without one)


def month_of(period: Period) -> Period:
    """The month a period is held at: itself, or a quarter's last month."""
    return period if period.months == 1 else Period(period.year, period.month)


def records_of_review(
    result: Review, origin: Origin, source: str = "", carried: Mapping[str, Carried] | None = None,
) -> list[Record]:
    """The reviewed period's records: figures, the rating shown, any override, the commentary.

    Commentary carried forward unchanged keeps the period it was written for, so carrying it again
    still says where it came from.
    """
    if result.period is None:
        return []
    month = month_of(result.period)
    found = []
    for item in result.items:
        record = _record(item, month, origin, source, commentary=True)
        was = (carried or {}).get(item.ref)
        if was is not None and was.text == item.commentary:
            record = replace(record, commentary_from=was.period.key)
        found.append(record)
    return found


def records_of_dataset(
    dataset: Dataset, source: str = "", held: Mapping[tuple[str, Period], float | None] | None = None,
) -> list[Record]:
    """Every month a workbook holds a figure for, each rated against the indicator's target as it stands.

    Only the latest month keeps the workbook's commentary and any override: they are written for the
    current period. A quarter's figure is held at its last month (a month's own figure wins). A month
    `held` already with the same figure is left out: next month's workbook repeats most of this one's.
    """
    found: dict[tuple[str, Period], Record] = {}
    latest = dataset.latest_period
    latest_month = month_of(latest) if latest else None
    kept = held or {}
    for ind in dataset.indicators:
        for period in sorted(ind.outturns, key=lambda p: (p.ordinal, -p.months)):
            outturn = ind.outturns[period]
            key = (ind.ref, month_of(period))
            if outturn.value is None or key in found:
                continue
            month = key[1]
            if month != latest_month and kept.get(key, _NOT_HELD) == outturn.value:
                found[key] = NO_RECORD  # held as it is
                continue
            rating = rate(ind, outturn.value)
            current = month == latest_month
            found[key] = Record(
                ref=ind.ref, period=month, title=ind.title, rag=rating.final if current else rating.rag,
                origin=Origin.WORKBOOK, section=ind.section, unit=ind.unit.kind.value,
                polarity=ind.polarity.value if ind.polarity else "", value=outturn.value,
                numerator=outturn.numerator, denominator=outturn.denominator, target=ind.target.value,
                computed=rating.rag if current and ind.override is not None else None,
                override_reason=ind.override.reason if current and ind.override else "",
                commentary=ind.commentary if current else "", source=source,
            )
    return [r for r in found.values() if r is not NO_RECORD]


def _record(item: Reviewed, month: Period, origin: Origin, source: str, *, commentary: bool) -> Record:
    ind = item.indicator
    rating = item.rating
    return Record(
        ref=ind.ref,
        period=month,
        title=ind.title,
        rag=item.rag,
        origin=origin,
        section=ind.section,
        unit=ind.unit.kind.value,
        polarity=ind.polarity.value if ind.polarity else "",
        value=item.outturn.value,
        numerator=item.outturn.numerator,
        denominator=item.outturn.denominator,
        target=ind.target.value,
        computed=rating.rag if ind.override is not None else None,
        override_reason=ind.override.reason if ind.override else "",
        commentary=item.commentary if commentary else "",
        source=source,
    )


def quarter_of(month: Period) -> Period:
    """The financial quarter a month falls in, named by its last month."""
    end = _quarter_end(month)
    return Period(end.year, end.month, 3)


def _quarter_end(month: Period) -> Period:
    # Financial quarters end in June, September, December and March.
    ahead = (3 - month.month % 3) % 3
    return month.shifted(ahead)


@fast_init
@dataclass(frozen=True)
class QuarterRating:
    quarter: Period
    rag: Rag | None  # None: nothing held for the quarter
    month: Period | None = None  # the month the rating is from (the quarter's latest held)

    @property
    def words(self) -> str:
        return f"{self.quarter.label}: {self.rag.word if self.rag else 'not held'}"


RAG_SYMBOL = {Rag.RED: "R", Rag.AMBER: "A", Rag.GREEN: "G", Rag.NONE: "-", Rag.MISSING: "?"}


@dataclass(frozen=True)
class Carried:
    """Commentary carried forward from an earlier period as the starting draft."""

    text: str
    period: Period

    @property
    def note(self) -> str:
        return f"Carried forward from {self.period.label}"


@dataclass(frozen=True)
class History:
    """Every record held, for one organisation's workbooks."""

    records: tuple[Record, ...] = ()
    _by_ref: Mapping[str, tuple[Record, ...]] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        grouped: dict[str, list[Record]] = {}
        for record in self.records:
            grouped.setdefault(record.ref, []).append(record)
        by_ref = {ref: tuple(sorted(rs, key=lambda r: r.period.ordinal)) for ref, rs in grouped.items()}
        object.__setattr__(self, "_by_ref", by_ref)

    def of(self, ref: str) -> tuple[Record, ...]:
        """The records of one indicator, oldest first."""
        return self._by_ref.get(ref, ())

    @property
    def periods(self) -> tuple[Period, ...]:
        return tuple(sorted({r.period for r in self.records}))


def quarter_ratings(history: History, item: Reviewed, current: Period, count: int = 4) -> tuple[QuarterRating, ...]:
    """The ratings of the last `count` quarters up to `current`, oldest first.

    The current quarter takes the rating being reviewed now; an earlier one the rating of its latest
    month: as exported, else the workbook's own figure rated against today's target, else back-filled.
    """
    this_quarter = quarter_of(month_of(current))
    # Only the months of the quarters asked about: a long workbook's other months are not rated here.
    first = this_quarter.ordinal - 3 * count + 1
    last = current.ordinal
    held = {r.period: r for r in history.of(item.ref) if first <= r.period.ordinal <= last}
    # The workbook's own months, rated as they stand, unless an export recorded what was reported. Rated
    # only where one is a quarter's latest month: the other months are not shown.
    ind = item.indicator
    own: dict[Period, Outturn] = {}
    for period, outturn in ind.outturns.items():
        if outturn.value is None or not first <= period.ordinal <= last:
            continue
        month = month_of(period)
        was = held.get(month)
        if was is None or was.origin is Origin.WORKBOOK:
            own[month] = outturn
    found: list[QuarterRating] = []
    for back in range(count - 1, -1, -1):
        quarter = this_quarter.shifted(-3 * back)
        if back == 0:
            found.append(QuarterRating(quarter, item.rag, month_of(current)))
            continue
        months = [m for k in range(3) if (m := Period(quarter.year, quarter.month).shifted(-k)) in own or m in held]
        if not months:
            found.append(QuarterRating(quarter, None))
            continue
        latest = max(months, key=lambda m: m.ordinal)
        figure = own.get(latest)
        rag = rate(ind, figure.value).rag if figure is not None and figure.value is not None else held[latest].rag
        found.append(QuarterRating(quarter, rag, latest))
    return tuple(found)


def red_quarters_running(quarters: tuple[QuarterRating, ...]) -> int:
    """How many quarters, ending with the latest, were Red one after another."""
    running = 0
    for quarter in reversed(quarters):
        if quarter.rag is not Rag.RED:
            break
        running += 1
    return running


def carried_commentary(history: History, item: Reviewed, current: Period) -> Carried | None:
    """The last commentary of an indicator still an exception, to start this period's from.

    Only from the unbroken run of Red or Amber periods just before `current`: commentary from before the
    indicator was last Green (or not rated) is about another episode.
    """
    if not item.needs_commentary:
        return None
    month = month_of(current)
    # "Still": the run of exception periods just before this one; a period rated Green ends it.
    for record in reversed([r for r in history.of(item.ref) if r.period.ordinal < month.ordinal]):
        if not record.rag.is_exception:
            return None
        if record.commentary.strip():
            return Carried(record.commentary, _period_key(record.commentary_from) or record.period)
    return None


def _period_key(key: str) -> Period | None:
    if len(key) == 7 and key[4] == "-" and key[:4].isdigit() and key[5:].isdigit() and 1 <= int(key[5:]) <= 12:
        return Period(int(key[:4]), int(key[5:]))
    return None


def direction_of(polarity: Polarity | None) -> Direction:
    if polarity is Polarity.HIGH:
        return Direction.INCREASE
    if polarity is Polarity.LOW:
        return Direction.DECREASE
    return Direction.NEUTRAL


def monthly_series(history: History, item: Reviewed, current: Period) -> list[tuple[Period, float]]:
    """The indicator's monthly figures up to `current`: the workbook's own, then earlier ones from the history.

    A figure the workbook holds wins over the history's for the same month (the workbook may correct it).
    """
    last = current.ordinal
    values: dict[int, tuple[Period, float]] = {}  # by month number: every period here is a month
    for record in history.of(item.ref):
        if record.period.ordinal <= last and record.value is not None:
            values[record.period.ordinal] = (record.period, record.value)
    for period, outturn in item.indicator.outturns.items():
        if period.months == 1 and period.ordinal <= last and outturn.value is not None:
            values[period.ordinal] = (period, outturn.value)
    return [values[month] for month in sorted(values)]


def chart_of(history: History, item: Reviewed, current: Period,
             series: list[tuple[Period, float]] | None = None) -> XmR | None:
    """The XmR chart of the indicator's monthly figures, or None with fewer than fifteen of them."""
    if series is None:
        series = monthly_series(history, item, current)
    ind = item.indicator
    if ind.polarity is Polarity.MONITOR or (ind.polarity is None and not ind.target.is_set):
        direction = Direction.NEUTRAL
    else:
        direction = direction_of(ind.polarity)
    return xmr([v for _p, v in series], direction, ind.target.value)


@fast_init
@dataclass(frozen=True)
class Trend:
    """What the history adds to one reviewed indicator."""

    quarters: tuple[QuarterRating, ...] = ()
    red_running: int = 0
    carried: Carried | None = None
    chart: XmR | None = None
    chart_periods: tuple[Period, ...] = ()
    # What `behind` is worked out from, when asked (only the public edition asks, and only for some rows).
    sources: tuple[History, Reviewed, frozenset[Period]] | None = field(default=None, compare=False, repr=False)

    @cached_property
    def behind(self) -> tuple[Record, ...]:
        """Every figure the quarters and the chart were drawn from (the public edition judges them)."""
        return _behind(*self.sources) if self.sources is not None else ()

    @property
    def has_history(self) -> bool:
        """Whether anything here came from an earlier period (else the appendix shows nothing new)."""
        return self.chart is not None or any(q.rag is not None for q in self.quarters[:-1])


@dataclass(frozen=True)
class Trends:
    """The history's view of a whole review: one `Trend` per ref."""

    by_ref: Mapping[str, Trend] = field(default_factory=dict)
    # (ref, month) -> the figure held for it: a workbook month held unchanged need not be kept again.
    held: Mapping[tuple[str, Period], float | None] = field(default_factory=dict, repr=False)

    def of(self, ref: str) -> Trend:
        return self.by_ref.get(ref, Trend())


NO_TRENDS = Trends()


def _behind(history: History, item: Reviewed, months: frozenset[Period]) -> tuple[Record, ...]:
    """Every figure the quarters and the chart were drawn from: the workbook's own where it has one
    (months outside the reporting year are not in the redaction), else the history's."""
    ind = item.indicator
    own = {m: o for p, o in ind.outturns.items() if o.value is not None and (m := month_of(p)) in months}
    held = {r.period: r for r in history.of(item.ref) if r.period in months}
    found: list[Record] = []
    for month in sorted(months, key=lambda m: m.ordinal):
        outturn = own.get(month)
        if outturn is not None:
            found.append(Record(ind.ref, month, ind.title, Rag.NONE, Origin.WORKBOOK, value=outturn.value,
                                numerator=outturn.numerator, denominator=outturn.denominator))
        elif month in held:
            found.append(held[month])
    return tuple(found)


def trends(history: History, result: Review) -> Trends:
    if result.period is None:
        return NO_TRENDS
    current = result.period
    found: dict[str, Trend] = {}
    for item in result.items:
        quarters = quarter_ratings(history, item, current)
        series = monthly_series(history, item, current)
        chart = chart_of(history, item, current, series)
        used = {q.month for q in quarters[:-1] if q.month is not None}
        if chart is not None:
            used |= {p for p, _v in series}
        found[item.ref] = Trend(
            quarters=quarters,
            red_running=red_quarters_running(quarters),
            carried=carried_commentary(history, item, current),
            chart=chart,
            chart_periods=tuple(p for p, _v in series),
            sources=(history, item, frozenset(used)),
        )
    return Trends(found, {(r.ref, r.period): r.value for r in history.records})


TIDY_COLUMNS = (
    "ref", "title", "section", "period", "value", "numerator", "denominator", "target", "rag", "computed_rag",
    "override_reason", "origin", "spc_rule", "spc_side", "spc_mean", "spc_lower", "spc_upper", "spc_variation",
    "spc_assurance",
)


def tidy_rows(history: History) -> list[dict[str, object]]:
    """One row per indicator per month held, in ref and period order: the shape pandas and Power BI expect.

    The SPC columns come from one XmR chart of each indicator's held months (blank under fifteen):
    each row's own point's rule and side, the chart's mean and limits, and the icons as at the latest month.
    """
    from scrutiny_desktop.domain.refs import natural_key

    rows: list[dict[str, object]] = []
    for ref in sorted({r.ref for r in history.records}, key=natural_key):
        held = history.of(ref)
        latest = held[-1]
        valued = [r for r in held if r.value is not None]
        polarity = Polarity(latest.polarity) if latest.polarity else None
        chart = xmr([r.value for r in valued if r.value is not None], direction_of(polarity), latest.target)
        points = dict(zip([r.period for r in valued], chart.points, strict=True)) if chart else {}
        for r in held:
            point = points.get(r.period)
            rows.append({
                "ref": r.ref, "title": r.title, "section": r.section, "period": r.period.key, "value": r.value,
                "numerator": r.numerator, "denominator": r.denominator, "target": r.target, "rag": r.rag.value,
                "computed_rag": r.computed.value if r.computed else None, "override_reason": r.override_reason,
                "origin": r.origin.name.lower(),
                "spc_rule": point.rule.value if point else None,
                "spc_side": ("high" if point.high else "low") if point and point.special else None,
                "spc_mean": chart.mean if chart else None,
                "spc_lower": chart.lower if chart else None,
                "spc_upper": chart.upper if chart else None,
                "spc_variation": chart.variation.value if chart else None,
                "spc_assurance": chart.assurance.value if chart and chart.assurance else None,
            })
    return rows


def publishable(record: Record, unit: Unit, rules: DisclosureRules) -> bool:
    """Whether a figure held in the history could be published by the rules of the public appendix.

    Conservative, as it must be for figures the current redaction never saw: a count from 1 to the
    threshold is not; a percentage, rate or average is only with counts that pass the rules (a small
    numerator or complement, or a denominator of the minimum or fewer, withholds it), never without them.
    """
    if record.value is None:
        return True
    if unit.kind in (UnitKind.COUNT, UnitKind.NUMBER):
        return not rules.is_small(record.value)
    n, d = record.numerator, record.denominator
    if n is None or d is None:
        return False
    complement_small = unit.kind is UnitKind.PERCENT and rules.is_small(d - n)
    return not (rules.is_small(n) or d <= rules.min_denominator or complement_small)


@dataclass(frozen=True)
class PublicGate:
    """Whether the public edition may show an indicator's earlier ratings and SPC icons.

    Only where every figure behind them is publishable: not a Part 2 indicator, nothing of it withheld in
    this period, and every figure behind the quarters and the chart passing the rules by itself
    (`publishable`). Made once per redaction: which refs have a suppression is worked out once.
    """

    redaction: Redaction
    rules: DisclosureRules
    touched: frozenset[str]  # the refs with any figure withheld

    @staticmethod
    def of(redaction: Redaction, rules: DisclosureRules) -> PublicGate:
        return PublicGate(redaction, rules, frozenset(ref for ref, _slot in redaction.suppressions))

    def allows(self, trend: Trend, item: Reviewed) -> bool:
        if self.redaction.is_sensitive(item.ref) or item.ref in self.touched:
            return False
        return all(publishable(record, item.indicator.unit, self.rules) for record in trend.behind)


def trend_publishable(trend: Trend, item: Reviewed, redaction: Redaction, rules: DisclosureRules) -> bool:
    """`PublicGate.allows` for one indicator (a loop over many makes the gate once)."""
    return PublicGate.of(redaction, rules).allows(trend, item)


def withheld_chart_figures(
    trends: Trends, result: Review, redaction: Redaction, rules: DisclosureRules,
) -> dict[str, list[tuple[float, bool, str]]]:
    """The mean and process limits of every chart the public edition withholds, for its audit to look for.

    (value, is a percentage, label) by ref: figures derived from withheld ones are figures too.
    """
    found: dict[str, list[tuple[float, bool, str]]] = {}
    gate = PublicGate.of(redaction, rules)
    for item in result.items:
        trend = trends.of(item.ref)
        chart = trend.chart
        if chart is None or gate.allows(trend, item):
            continue
        percent = item.indicator.unit.is_percent
        found[item.ref] = [(chart.mean, percent, "SPC mean"), (chart.lower, percent, "SPC lower process limit"),
                           (chart.upper, percent, "SPC upper process limit")]
    return found
