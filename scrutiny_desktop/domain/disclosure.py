"""Disclosure control for the public (Part 1) appendix: which figures are withheld, and why.

The types here are the contract between the disclosure rules, which decide what is suppressed,
and the appendix builder, which writes `[c]` in place of each suppressed figure. A figure is
named by the indicator's ref and a `Slot`.

The rules (spec/disclosure.md), applied by `redact`:

1. A sensitive (Part 2) indicator keeps its ref, title, section and RAG; every figure, both
   directions of travel, the RAG explanation and the commentary are withheld. Benchmarks are
   published national figures and stay (`DisclosureRules.keep_benchmarks_of_sensitive`).
2. A count from 1 to `small_count_max` is withheld; a true zero is shown as 0.
3. A percentage, rate or average is withheld when its numerator is withheld, its denominator is
   `min_denominator` or fewer, or its complement (denominator - numerator) is a small count.
   Within one "n of d, p%" group, if any figure is withheld all of them are: any two give the
   third back. Each period's group is judged on its own, whichever of its figures the appendix
   shows, so a percentage printed without its counts is still judged by them.
4. Secondary suppression, wherever published figures add up. In this data model that is:
   - inside a group, n + (d - n) = d and p = n / d: handled by withholding the whole group;
   - a year-to-date series (the title says "year to date", "YTD" or "cumulative"): each month's
     own figure is the difference of two published totals, so it must pass rules 2 and 3 as if it
     were printed. Where it would not, the later total is withheld too (the next part of the
     chain) and the chain continues from the last published total;
   - direction of travel next to a withheld figure: "no change" beside a published 12 says the
     withheld figure is 12, so a direction is withheld whenever either figure it compares is;
   - the RAG explanation quotes the current figure and its gap from the target, so it is
     withheld whenever the current figure is; so is the management commentary, which is
     written about that figure ("three of the eight care leavers"), in words no search can
     be trusted to catch. As the committee report does for its Part 2 indicators, the public
     paper then says the commentary is in the Part 2 report.
   Relationships the data model cannot prove are warned about instead of suppressed (see
   `Redaction.problems`): consecutive months whose numerator and denominator both move by a
   small count (rule 5), related indicators such as 35.1 and 35.2 whose difference is a small
   group, and a RAG that pins a withheld small count to one value.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from itertools import pairwise

from scrutiny_desktop.domain.formatting import count_text, number_text
from scrutiny_desktop.domain.frozen import fast_init
from scrutiny_desktop.domain.model import Indicator, Outturn, UnitKind
from scrutiny_desktop.domain.periods import Period, financial_year_of
from scrutiny_desktop.domain.problems import Problem, warning
from scrutiny_desktop.domain.rating import rate
from scrutiny_desktop.domain.refs import natural_key
from scrutiny_desktop.domain.review import Review, Reviewed
from scrutiny_desktop.domain.settings import Settings

PART_2_NOTE = "Reported in the Part 2 report"
SHORTHAND_NOTE = ("Some shorthand is used in this table: [c] = confidential, withheld so that no child can be "
                  "identified; [x] = not available; [z] = not applicable.")


class Reason(StrEnum):
    """Why a figure is withheld; shown in the window and explained on the Key sheet."""

    SENSITIVE = "sensitive"  # the whole indicator is Part 2
    SMALL_COUNT = "small-count"  # a count from 1 to the threshold
    DERIVED = "derived"  # a percentage, rate or average whose counts would give the count away
    SECONDARY = "secondary"  # withheld so that another suppressed figure cannot be worked out by arithmetic


class Symbol(StrEnum):
    """GSS / Analysis Function shorthand, explained above every table that uses it."""

    CONFIDENTIAL = "[c]"
    NOT_AVAILABLE = "[x]"
    NOT_APPLICABLE = "[z]"


@fast_init
@dataclass(frozen=True)
class Slot:
    """One figure of an indicator's row.

    kind "outturn": key is a period key ("2019-10"), part "value", "numerator" or "denominator";
    kind "annual": key is the year label ("2018/19"); kind "benchmark": key is the `Benchmark` value;
    kind "direction": key "vs_previous" or "vs_last_year";
    kind "explanation": the sentence on how the RAG was decided (it quotes the figures);
    kind "commentary": the management commentary on an exception (withheld with a sensitive
    indicator, or with the current figure it is written about).
    """

    kind: str
    key: str = ""
    part: str = "value"


@fast_init
@dataclass(frozen=True)
class Suppression:
    ref: str
    slot: Slot
    reason: Reason
    detail: str = ""  # e.g. "numerator 3 is 5 or fewer" (for the Part 2 reviewer, never for the public file)
    rule: str = ""  # which rule withheld it, as `RULES` names them ("" = the reason's own rule)

    @property
    def rule_name(self) -> str:
        return self.rule or str(self.reason)


@dataclass(frozen=True)
class Redaction:
    """Every suppression for one review, keyed by (ref, slot), with the sensitive refs.

    A sensitive indicator fails closed: any slot not listed is withheld, except the slot kinds in
    `kept_for_sensitive` (benchmarks, which are other bodies' published figures).
    """

    suppressions: Mapping[tuple[str, Slot], Suppression] = field(default_factory=dict)
    sensitive: frozenset[str] = frozenset()
    problems: tuple[Problem, ...] = ()  # warnings such as differencing across months
    # A Part 2 indicator's RAG stays (rule 1) unless a rule withholds it (rule 8).
    kept_for_sensitive: frozenset[str] = frozenset({"rag"})

    def suppressed(self, ref: str, slot: Slot) -> Suppression | None:
        found = self.suppressions.get((ref, slot))
        if found is None and ref in self.sensitive and slot.kind not in self.kept_for_sensitive:
            return Suppression(ref, slot, Reason.SENSITIVE)
        return found

    def is_sensitive(self, ref: str) -> bool:
        return ref in self.sensitive

    def for_ref(self, ref: str) -> tuple[Suppression, ...]:
        """The suppressions of one indicator, for the window's list of what is withheld and why."""
        return tuple(s for (r, _), s in self.suppressions.items() if r == ref)


NO_REDACTION = Redaction()


@dataclass(frozen=True)
class DisclosureRules:
    """The thresholds of spec/disclosure.md; each is a setting the officer can see and change.

    `small_count_max`: counts from 1 to this are withheld (DfE children's social care: 5; NHS: 7).
    `min_denominator`: a percentage, rate or average over this many or fewer is withheld (DfE: 10).
    """

    small_count_max: int = 5
    min_denominator: int = 10
    keep_benchmarks_of_sensitive: bool = True

    @staticmethod
    def from_settings(settings: Settings) -> DisclosureRules:
        return DisclosureRules(small_count_max=settings.small_count_max)

    def is_small(self, count: float | None) -> bool:
        """A count that must not be published: 1 to the threshold (zero is a true zero, shown)."""
        return count is not None and 0 < count <= self.small_count_max


DEFAULT_RULES = DisclosureRules()


# -- the figures of a row ----------------------------------------------------------------------


@fast_init
@dataclass(frozen=True)
class Figure:
    """One number of an indicator's row, as the appendix may show it, with what kind of number it is."""

    slot: Slot
    value: float
    percent: bool = False  # on the 0-100 scale (the file may hold it as a 0-1 fraction)
    count: bool = False  # a number of children, episodes or plans


def _chronological(periods: Iterable[Period]) -> list[Period]:
    """`sorted(periods)`, by each period's cached (ordinal, months) rather than by calling `Period.__lt__`:
    the redaction orders every indicator's months several times."""
    return sorted(periods, key=_period_order)


def _chronological_items(outturns: Mapping[Period, Outturn]) -> list[tuple[Period, Outturn]]:
    """`sorted(outturns.items())`: the periods are distinct, so no two outturns are ever compared."""
    return sorted(outturns.items(), key=_item_order)


def _period_order(period: Period) -> tuple[int, int]:
    return (period.ordinal, period.months)  # the order of `Period.__lt__`


def _item_order(item: tuple[Period, Outturn]) -> tuple[int, int]:
    return (item[0].ordinal, item[0].months)


def outturn_figures(indicator: Indicator, period: Period, outturn: Outturn) -> Iterator[Figure]:
    key = period.key
    unit = indicator.unit
    if outturn.value is not None:
        yield Figure(Slot("outturn", key, "value"), outturn.value, unit.is_percent, unit.is_count)
    if outturn.numerator is not None:
        yield Figure(Slot("outturn", key, "numerator"), outturn.numerator, count=True)
    if outturn.denominator is not None:
        yield Figure(Slot("outturn", key, "denominator"), outturn.denominator, count=True)


def row_figures(indicator: Indicator, periods: Iterable[Period] | None = None) -> Iterator[Figure]:
    """Every figure of the row: each period's group (or only `periods`'), the previous years and the benchmarks."""
    for period in _chronological(indicator.outturns if periods is None else periods):
        yield from outturn_figures(indicator, period, indicator.outturns[period])
    unit = indicator.unit
    for label, value in indicator.annual.items():
        if value is not None:
            yield Figure(Slot("annual", label), value, unit.is_percent, unit.is_count)
    for benchmark, value in indicator.benchmarks.items():
        if value is not None:
            yield Figure(Slot("benchmark", benchmark.value), value, unit.is_percent)


def public_commentary(review: Review, redaction: Redaction) -> dict[str, str]:
    """The commentary the public appendix may print: exceptions that are not sensitive, by ref."""
    return {
        item.ref: item.commentary for item in review.exceptions
        if item.commentary.strip() and not redaction.suppressed(item.ref, Slot("commentary"))
    }


# -- the rules ---------------------------------------------------------------------------------


_YEAR_TO_DATE = re.compile(
    r"\byear[\s-]+to[\s-]+date\b|\bf?ytd\b|\bcumulative\b|\bsince\s+(?:the\s+)?1(?:st)?\s+april\b"
    r"|\bsince\s+april\b|\bso\s+far\s+this\s+(?:financial\s+)?year\b|\brunning\s+total\b", re.I)
# Units whose numerator is a subset of the denominator, so d - n counts the children without the outcome.
_HAS_COMPLEMENT = (UnitKind.PERCENT, UnitKind.RATE, UnitKind.COUNT)


def is_year_to_date(indicator: Indicator, ordered: Sequence[tuple[Period, Outturn]] | None = None) -> bool:
    """A running total through the year: consecutive figures differ by one period's own count.

    Known by its title ("year to date", "(FYTD)", "since 1 April", "cumulative") or by its values.
    """
    return bool(_YEAR_TO_DATE.search(indicator.title)) or cumulative_by_values(indicator, ordered)


def cumulative_by_values(indicator: Indicator, ordered: Sequence[tuple[Period, Outturn]] | None = None) -> bool:
    """A series that only grows within each financial year, from a small start: a running total.

    Each year with three or more months must never fall (in the count, or in both counts of a
    percentage), and at least one must at least double from its first month to its last; a
    snapshot (children in care: 300, 302, 305) does not double within the year. `ordered`: the
    indicator's outturns in order, when the caller has them already.
    """
    # The months come in order, so each financial year's run is complete when the next year starts:
    # it is judged then, and a snapshot is known at its first year that falls, without reading on.
    count = indicator.unit.is_count
    doubled = False
    year: int | None = None
    series: list[tuple[float, ...]] = []
    for period, o in _chronological_items(indicator.outturns) if ordered is None else ordered:
        if period.is_quarter:
            continue
        if count and o.value is not None:
            figures: tuple[float, ...] = (o.value,)
        elif o.numerator is not None and o.denominator is not None:
            figures = (o.numerator, o.denominator)
        else:
            continue
        if period.financial_year != year:
            if _falls(series):
                return False
            doubled = doubled or _doubles(series)
            year, series = period.financial_year, []
        series.append(figures)
    if _falls(series):
        return False
    return doubled or _doubles(series)


def _falls(series: list[tuple[float, ...]]) -> bool:
    """A year of three or more months in which a figure falls: not a running total."""
    if len(series) < 3:
        return False
    return any(any(b > a for b, a in zip(before, after, strict=True)) for before, after in pairwise(series))


def _doubles(series: list[tuple[float, ...]]) -> bool:
    """A year of three or more months that at least doubles from a start above zero, or rises from zero."""
    if len(series) < 3:
        return False
    first, last = series[0][-1], series[-1][-1]
    rising = all(b[-1] < a[-1] for b, a in pairwise(series))
    return (first > 0 and last >= 2 * first) or (first == 0 and rising and len(series) >= 4)


@dataclass(frozen=True)
class _Trigger:
    part: str | None  # the figure that breaks a rule, or None for the group as a whole (its complement)
    reason: Reason
    why: str


def group_triggers(indicator: Indicator, value: float | None, numerator: float | None,
                   denominator: float | None, rules: DisclosureRules) -> list[_Trigger]:
    """What, if anything, makes one "n of d, p%" group unpublishable (rules 2 and 3)."""
    kind = indicator.unit.kind
    limit = rules.small_count_max
    if numerator is None and denominator is None:
        # A figure without its counts (most of a large workbook): only rule 2 on a count can apply.
        if kind is UnitKind.COUNT and value is not None and 0 < value <= limit:
            return [_Trigger("value", Reason.SMALL_COUNT, f"the count {count_text(value)} is between 1 and {limit}")]
        return []
    derived = kind is not UnitKind.COUNT
    found: list[_Trigger] = []
    # `0 < x <= limit` is `rules.is_small(x)` written out: this runs for every figure of the workbook.
    if kind is UnitKind.COUNT and value is not None and 0 < value <= limit:
        found.append(_Trigger("value", Reason.SMALL_COUNT, f"the count {count_text(value)} is between 1 and {limit}"))
    if numerator is not None and 0 < numerator <= limit:
        found.append(_Trigger("numerator", Reason.SMALL_COUNT,
                              f"numerator {count_text(numerator)} is between 1 and {limit}"))
    if denominator is not None and 0 < denominator <= limit:
        found.append(_Trigger("denominator", Reason.SMALL_COUNT,
                              f"denominator {count_text(denominator)} is between 1 and {limit}"))
    if numerator is not None and denominator is not None:
        if derived and value is not None and denominator <= rules.min_denominator:
            found.append(_Trigger("value", Reason.DERIVED,
                                  f"denominator {count_text(denominator)} is {rules.min_denominator} or fewer"))
        complement = denominator - numerator
        if kind in _HAS_COMPLEMENT and 0 < complement <= limit:
            found.append(_Trigger(None, Reason.DERIVED if derived else Reason.SECONDARY,
                                  f"{count_text(denominator)} - {count_text(numerator)} leaves "
                                  f"{count_text(complement)}, between 1 and {limit}"))
    return found


def _group_suppressions(indicator: Indicator, period: Period, outturn: Outturn,
                        triggers: list[_Trigger], secondary: str = "") -> list[Suppression]:
    """Withhold every figure of the group, each with its own reason or the group's."""
    derived = indicator.unit.kind is not UnitKind.COUNT
    with_group = f"withheld with its group: {secondary or triggers[0].why}"
    found: list[Suppression] = []
    for slot in _group_slots(period, outturn):
        part = slot.part
        own = next((t for t in triggers if t.part == part), None)
        if own is not None:
            found.append(Suppression(indicator.ref, slot, own.reason, own.why))
            continue
        if secondary:
            reason = Reason.SECONDARY
        else:
            reason = Reason.DERIVED if part == "value" and derived else Reason.SECONDARY
        found.append(Suppression(indicator.ref, slot, reason, with_group))
    return found


def _group_slots(period: Period, outturn: Outturn) -> Iterator[Slot]:
    """The slots of `outturn_figures` for one group, in its order, without making the figures."""
    key = period.key
    if outturn.value is not None:
        yield Slot("outturn", key, "value")
    if outturn.numerator is not None:
        yield Slot("outturn", key, "numerator")
    if outturn.denominator is not None:
        yield Slot("outturn", key, "denominator")


def _year_to_date_chain(indicator: Indicator, withheld: set[str], rules: DisclosureRules,
                        ordered: Sequence[tuple[Period, Outturn]]) -> list[Suppression]:
    """Rule 4 on a running total: each published step must itself be publishable.

    `withheld` holds the period keys already suppressed; it is updated in place. A step is only
    judged when the total grew (a fall means the year restarted or a figure was revised).
    """
    found: list[Suppression] = []
    last: tuple[Period, Outturn] | None = None
    for period, outturn in ordered:
        if outturn.value is None:
            continue
        if period.key in withheld:
            continue
        if last is not None:
            before_period, before = last
            step = _step(indicator, before, outturn, rules)
            if step:
                why = (f"with {before_period.label}'s published total it would show {step} "
                       f"for the months to {period.label}")
                found.extend(_group_suppressions(indicator, period, outturn, [], secondary=why))
                withheld.add(period.key)
                continue
        last = (period, outturn)
    return found


def _step(indicator: Indicator, before: Outturn, after: Outturn, rules: DisclosureRules) -> str:
    """The figure between two running totals, described, when rules 2 and 3 would withhold it; else ""."""
    if after.numerator is not None and after.denominator is not None and \
            before.numerator is not None and before.denominator is not None:
        dn, dd = after.numerator - before.numerator, after.denominator - before.denominator
        if dd <= 0 or dn < 0 or (indicator.unit.kind in _HAS_COMPLEMENT and dn > dd):
            return ""  # not a running total's step: the year restarted or a figure was revised
        value = dn if indicator.unit.is_count else dn / dd
        if group_triggers(indicator, value, dn, dd, rules):
            return f"{count_text(dn)} of {count_text(dd)}"
        return ""
    if indicator.unit.is_count and after.value is not None and before.value is not None:
        grew = after.value - before.value
        if rules.is_small(grew):
            return f"a count of {count_text(grew)}"
    return ""


# Names of the rules, for the Key, the README and the count of what each withholds (`make bench`).
RULES = {
    "sensitive": "Part 2 indicator: every figure of its own",
    "small-count": "a count from 1 to the threshold",
    "derived": "a percentage, rate or average over a small or withheld count, or with a small complement",
    "secondary": "the rest of an \"n of d, p%\" group, a year-to-date total, a direction or an explanation",
    "counts-unknown": "a percentage, rate or average with no counts, where the indicator has a cohort of 10 or "
                      "fewer or is marked a small cohort",
    "totals-and-parts": "the next smallest part of a total, so a withheld part cannot be subtracted out",
    "year-column": "a year's figure whose months include a withheld one",
    "across-indicators": "a count or percentage that gives another indicator's withheld figure",
    "rate-population": "a rate that, with a population printed in the file, gives a small count",
    "rating": "a RAG that leaves only one possible value for a withheld figure",
}


def withheld_by_rule(redaction: Redaction) -> dict[str, int]:
    """How many figures (and RAGs) each rule withholds, every rule of `RULES` listed: a rule that withheld
    everything would show here."""
    counts = dict.fromkeys(RULES, 0)
    for s in redaction.suppressions.values():
        if s.slot.kind in ("outturn", "annual", "benchmark", "rag"):
            counts[s.rule_name] = counts.get(s.rule_name, 0) + 1
    return counts


class _Redactor:
    """The state of one redaction: what is withheld so far, by ref and period, and the warnings."""

    def __init__(self, review: Review, rules: DisclosureRules) -> None:
        self.review = review
        self.rules = rules
        self.sheet = review.dataset.sheet
        self.suppressions: dict[tuple[str, Slot], Suppression] = {}
        self.sensitive: set[str] = set()
        self.withheld: dict[str, set[str]] = {}  # ref -> period keys whose group is withheld
        self.problems: list[Problem] = []
        self._ordered: dict[int, list[tuple[Period, Outturn]]] = {}
        self.breakdowns = _breakdowns(review)
        self.running = {item.ref for item in review.items
                        if is_year_to_date(item.indicator, self.ordered(item.indicator))}

    def ordered(self, indicator: Indicator) -> list[tuple[Period, Outturn]]:
        """The indicator's outturns in order, sorted once for the several rules that walk them (by the
        indicator's identity: the review holds every indicator for as long as this redaction runs)."""
        found = self._ordered.get(id(indicator))
        if found is None:
            found = self._ordered[id(indicator)] = _chronological_items(indicator.outturns)
        return found

    def add(self, found: Iterable[Suppression]) -> bool:
        added = False
        for s in found:
            if (s.ref, s.slot) not in self.suppressions:
                self.suppressions[(s.ref, s.slot)] = s
                added = True
        return added

    def hidden(self, ref: str, key: str) -> bool:
        """Whether the figure of `ref` for period `key` is withheld."""
        return ref in self.sensitive or key in self.withheld.get(ref, set())

    def withhold_group(self, item: Reviewed, period: Period, rule: str, why: str) -> bool:
        ind = item.indicator
        if self.hidden(ind.ref, period.key):
            return False
        self.withheld.setdefault(ind.ref, set()).add(period.key)
        found = _group_suppressions(ind, period, ind.outturns[period], [], secondary=why)
        return self.add(Suppression(s.ref, s.slot, s.reason, s.detail, rule) for s in found)


def redact(review: Review, rules: DisclosureRules = DEFAULT_RULES) -> Redaction:
    """Decide every figure the public appendix withholds for this review, with the reason for each."""
    state = _Redactor(review, rules)
    for item in review.items:
        ind = item.indicator
        if ind.sensitive:
            state.sensitive.add(ind.ref)
            state.add(_sensitive(item, rules))
            continue
        withheld = state.withheld.setdefault(ind.ref, set())
        for period, outturn in state.ordered(ind):
            triggers = group_triggers(ind, outturn.value, outturn.numerator, outturn.denominator, rules)
            if triggers:
                state.add(_group_suppressions(ind, period, outturn, triggers))
                withheld.add(period.key)
        state.add(_annual_groups(ind, rules))
        state.add(_counts_unknown(item, state))
    # Rules across the file, until no rule withholds anything more: a figure one rule withholds can
    # leave another recoverable (a part of a total that is also a year-to-date step).
    for _ in range(20):
        changed = False
        for item in review.items:
            if not item.indicator.sensitive and item.ref in state.running:
                changed |= _year_to_date(item, state)
        changed |= _totals_and_parts(state)
        changed |= _shared_counts(state)
        changed |= _complements(state)
        changed |= _rates_by_population(state)
        if not changed:
            break
    for item in review.items:
        ind = item.indicator
        if not ind.sensitive:
            state.add(_year_columns(ind, state.withheld[ind.ref], ind.ref in state.running, state.ordered(ind)))
            state.add(_comparisons(item, state.withheld[ind.ref]))
            if ind.ref not in state.running:
                state.problems.extend(_month_to_month(ind, state.withheld[ind.ref], rules, state.sheet,
                                                      state.ordered(ind)))
        state.add(_rag_pins(item, state))
    state.problems.extend(_related_indicators(review, state.sensitive, state.suppressions, rules))
    kept = {"rag"} | ({"benchmark"} if rules.keep_benchmarks_of_sensitive else set())
    return Redaction(state.suppressions, frozenset(state.sensitive), tuple(state.problems), frozenset(kept))


def _annual_groups(indicator: Indicator, rules: DisclosureRules) -> list[Suppression]:
    """A previous year's figure is judged as a month's is: "40% (2 of 5)" is withheld, counts and all."""
    found: list[Suppression] = []
    for label, value in indicator.annual.items():
        if value is None:
            continue
        o = indicator.annual_outturns.get(label, Outturn(value))
        triggers = group_triggers(indicator, value, o.numerator, o.denominator, rules)
        if triggers:
            found.append(Suppression(indicator.ref, Slot("annual", label), triggers[0].reason, triggers[0].why))
    return found


def _known_denominators(indicator: Indicator) -> list[float]:
    groups = [*indicator.outturns.values(), *indicator.annual_outturns.values()]
    return [o.denominator for o in groups if o.denominator is not None]


_DERIVED_KINDS = (UnitKind.PERCENT, UnitKind.RATE, UnitKind.AVERAGE)


def _counts_unknown(item: Reviewed, state: _Redactor) -> list[Suppression]:
    """Rule 6: a percentage, rate or average whose counts cannot be read is never published silently.

    It is withheld where any known denominator of the indicator is `min_denominator` or fewer (the
    other months of a cohort of six are percentages of about six children too), or the workbook marks
    the indicator a small cohort; otherwise it is
    published with a `counts-unknown` warning at its cell, so the officer can give its counts.
    """
    ind, rules = item.indicator, state.rules
    if ind.unit.kind not in _DERIVED_KINDS:
        return []
    withheld = state.withheld[ind.ref]
    # (slot kind, slot key, cell): a slot is made only for a figure withheld.
    unknown = [("outturn", p.key, o.cell) for p, o in state.ordered(ind)
               if o.value is not None and o.numerator is None and p.key not in withheld]
    unknown += [("annual", label, ind.annual_outturns.get(label, Outturn()).cell)
                for label, v in ind.annual.items()
                if v is not None and ind.annual_outturns.get(label, Outturn()).numerator is None]
    if not unknown:
        return []
    small = [d for d in _known_denominators(ind) if d <= rules.min_denominator]
    cells = [cell for _, _, cell in unknown if cell]
    where = f" ({', '.join(cells[:6])}{', …' if len(cells) > 6 else ''})" if cells else ""
    if small or ind.small_cohort:
        cohort = (f"a cohort of {count_text(min(small))}, {rules.min_denominator} or fewer" if small
                  else "a small cohort (so marked in the workbook)")
        why = f"its counts are not in the workbook, and the indicator has {cohort}"
        state.problems.append(warning(
            "counts-unknown",
            f"Indicator {ind.ref}: {len(unknown)} figure(s){where} have no counts, and the indicator has {cohort}; "
            "they are withheld from the public appendix. Give the counts (e.g. '57% (4 of 7)') to publish those "
            "that are safe.",
            sheet=state.sheet, cell=cells[-1] if cells else "", ref=ind.ref))
        found: list[Suppression] = []
        first_of_key: dict[str, Period] = {}  # the first period with each key, as a search from the start finds
        for p in ind.outturns:
            first_of_key.setdefault(p.key, p)
        for kind, key, _ in unknown:
            if kind == "outturn":
                period = first_of_key[key]
                withheld.add(key)
                found.extend(Suppression(s.ref, s.slot, Reason.DERIVED, s.detail, "counts-unknown")
                             for s in _group_suppressions(ind, period, ind.outturns[period], [], secondary=why))
            else:
                found.append(Suppression(ind.ref, Slot("annual", key), Reason.DERIVED, why, "counts-unknown"))
        return found
    state.problems.append(warning(
        "counts-unknown",
        f"Indicator {ind.ref}: {len(unknown)} figure(s){where} have no counts (neither in the cell, a count column "
        f"nor a simple formula such as =4/7). They are published because no cohort of this indicator is "
        f"{rules.min_denominator} or fewer; if any is, give the counts or mark the indicator Part 2.",
        sheet=state.sheet, cell=cells[-1] if cells else "", ref=ind.ref))
    return []


def _year_to_date(item: Reviewed, state: _Redactor) -> bool:
    """Rule 4 on a running total, as `_year_to_date_chain`, each added total recorded with its rule."""
    ind = item.indicator
    withheld = state.withheld[ind.ref]
    before = set(withheld)
    found = _year_to_date_chain(ind, withheld, state.rules, state.ordered(ind))
    for key in withheld - before:
        state.withheld[ind.ref].add(key)
    return state.add(found)


def _year_columns(indicator: Indicator, withheld: set[str], running: bool,
                  ordered: Sequence[tuple[Period, Outturn]]) -> list[Suppression]:
    """A year's figure ("2019/20") beside its months: the year less the other months is the withheld one.

    Whether the year is their sum (a count of episodes) or equals the last month (a snapshot), the
    year column goes when any month of that year is withheld: last month's appendix showed the others.
    """
    if not withheld:
        return []  # no month is withheld, so no year column can give one back
    found: list[Suppression] = []
    counts = indicator.unit.is_count
    by_year: dict[int, list[Period]] | None = None  # each year's withheld months in order
    for label, value in indicator.annual.items():
        year = financial_year_of(label)
        o = indicator.annual_outturns.get(label, Outturn())
        if value is None or year is None or not (counts or o.numerator is not None):
            continue  # a year's percentage with no counts is not the sum of its months' counts
        if by_year is None:
            by_year = {}
            for p, _ in ordered:
                if not p.is_quarter and p.key in withheld:
                    by_year.setdefault(p.financial_year, []).append(p)
        months = by_year.get(year, [])
        if running:
            # A running total's year is its last month (March): only that month can be worked back.
            months = [p for p in months if p.month == 3]
        if months:
            first = months[0]  # the earliest: the months are in order
            found.append(Suppression(
                indicator.ref, Slot("annual", label), Reason.SECONDARY,
                f"with the other months of {label} it would give the withheld figure for {first.label}",
                "year-column"))
    return found


def _breakdowns(review: Review) -> list[tuple[Reviewed, list[Reviewed]]]:
    """Count indicators that are a total and its parts (plans by category), known by their values.

    A run of two or more count indicators next to a count indicator, in the same section, whose
    figures add up to it in every period where all of them have one (at least one), or a parent
    ref (20) with its parts (20.1, 20.2, ...) that add up to it wherever all have figures.
    """
    items = [i for i in review.items if i.indicator.unit.is_count]
    found: list[tuple[Reviewed, list[Reviewed]]] = []
    families: dict[str, list[Reviewed]] = {}
    for item in items:
        parent = _parent(item.ref)
        if parent is not None:
            families.setdefault(parent, []).append(item)
    for total in items:
        children = families.get(total.ref, [])
        if len(children) >= 2 and _adds_up(total, children, need_one=False):
            found.append((total, children))
    order = review.items
    totals = {id(t) for t, _ in found}
    for position, total in enumerate(order):
        if not total.indicator.unit.is_count or id(total) in totals:
            continue
        for parts in (_run(order, position, 1), _run(order, position, -1)):
            match = next((parts[:k] for k in range(2, len(parts) + 1) if _adds_up(total, parts[:k])), None)
            if match:
                found.append((total, match))
                break
    return found


def _run(order: tuple[Reviewed, ...], position: int, step: int) -> list[Reviewed]:
    """The count indicators next to `position` in one direction, in the same section, up to 15."""
    section = order[position].indicator.section
    run: list[Reviewed] = []
    i = position + step
    while 0 <= i < len(order) and len(run) < 15:
        item = order[i]
        if not item.indicator.unit.is_count or item.indicator.section != section:
            break
        run.append(item)
        i += step
    return run


def _adds_up(total: Reviewed, parts: list[Reviewed], *, need_one: bool = True) -> bool:
    checked = 0
    for period, o in total.indicator.outturns.items():
        values = [p.indicator.outturns.get(period, Outturn()).value for p in parts]
        if o.value is None or any(v is None for v in values):
            continue
        if abs(sum(v for v in values if v is not None) - o.value) > 1e-9:
            return False
        checked += 1
    return checked > 0 or not need_one


def _totals_and_parts(state: _Redactor) -> bool:
    """Rule 4 across indicators: where exactly one figure of a total and its parts is withheld, the
    next smallest part is withheld too (DfE's convention), so that subtraction gives nothing."""
    changed = False
    for total, parts in state.breakdowns:
        members = [total, *parts]
        for period in total.indicator.outturns:
            values = [m.indicator.outturns.get(period, Outturn()).value for m in members]
            if any(v is None for v in values):
                continue
            hidden = [m for m in members if state.hidden(m.ref, period.key)]
            if len(hidden) != 1:
                continue
            shown = sorted((m for m in parts if not state.hidden(m.ref, period.key)),
                           key=lambda m: (m.indicator.outturns[period].value, natural_key(m.ref)))
            chosen = shown[0] if shown else total
            why = (f"indicator {total.ref} is the total of {_listing_refs([p.ref for p in parts])}, and "
                   f"{hidden[0].ref}'s figure for {period.label} is withheld: it would come back by subtraction")
            changed |= state.withhold_group(chosen, period, "totals-and-parts", why)
    return changed


def _listing_refs(refs: list[str]) -> str:
    return refs[0] if len(refs) == 1 else f"{', '.join(refs[:-1])} and {refs[-1]}"


def _whole(value: float | None) -> bool:
    return value is not None and float(value).is_integer()


def _shared_counts(state: _Redactor) -> bool:
    """A published denominator of one indicator that is a Part 2 count in the same period: a Part 2 count
    of 37 printed as the cohort of "30 of 37" is published after all.

    Only Part 2 counts and counts withheld to protect a total are secrets here: the cohort of a group
    withheld for its small numerator (2 of 62) says nothing of the numerator when printed elsewhere.
    And only between indicators about the same children (see `_same_subject`): in a large workbook two
    unrelated counts of a month are often equal.
    """
    titles = {item.ref: item.indicator.title for item in state.review.items}

    def words(ref: str) -> frozenset[str]:
        return _title_words(titles[ref])

    limit = state.rules.small_count_max
    # The figures withheld to protect a total, gathered once rather than looked up figure by figure.
    parts = {(ref, slot.key) for (ref, slot), s in state.suppressions.items()
             if s.rule == "totals-and-parts" and slot.kind == "outturn" and slot.part == "value"}
    secret: dict[str, dict[float, str]] = {}
    for item in state.review.items:
        ind = item.indicator
        if not ind.unit.is_count:
            continue  # a Part 2 count, or a part withheld to protect a total
        for period, o in ind.outturns.items():
            if not ind.sensitive and (ind.ref, period.key) not in parts:
                continue
            counts = [o.value]
            for c in counts:
                if c is not None and _whole(c) and c > limit:
                    secret.setdefault(period.key, {}).setdefault(c, ind.ref)
    changed = False
    for item in state.review.items:
        ind = item.indicator
        if ind.sensitive or not secret:
            continue
        for period, o in ind.outturns.items():
            if o.denominator is None or period.key not in secret or state.hidden(ind.ref, period.key):
                continue
            for c in (o.denominator,):
                owner = secret[period.key].get(c) if c is not None else None
                if owner is not None and owner != ind.ref and _same_subject(words(ind.ref), words(owner)):
                    why = (f"its count {count_text(c or 0)} for {period.label} is indicator {owner}'s withheld "
                           "figure")
                    changed |= state.withhold_group(item, period, "across-indicators", why)
                    break
    return changed


def _complements(state: _Redactor) -> bool:
    """A percentage with no counts that is another indicator's withheld percentage, or its complement
    (8.3% beside a withheld 91.7%): the withheld one is 100 less it.

    Only between indicators about the same children (their titles share most of their words): two
    unrelated percentages are often within a rounding of each other.
    """
    words = {item.ref: _title_words(item.indicator.title) for item in state.review.items}
    # Withheld percentages by period and tenth of a point, so each bare one looks only at its neighbours.
    secret: dict[tuple[str, int], list[tuple[float, str]]] = {}
    for item in state.review.items:
        ind = item.indicator
        if not ind.unit.is_percent:
            continue
        for period, o in ind.outturns.items():
            if o.value is not None and state.hidden(ind.ref, period.key):
                secret.setdefault((period.key, round(o.value * 10)), []).append((o.value, ind.ref))
    if not secret:
        return False
    changed = False
    for item in state.review.items:
        ind = item.indicator
        if ind.sensitive or not ind.unit.is_percent:
            continue
        for period, o in state.ordered(ind):
            if o.value is None or o.numerator is not None or state.hidden(ind.ref, period.key):
                continue
            near = [s for v in (o.value, 100 - o.value) for b in (-1, 0, 1)
                    for s in secret.get((period.key, round(v * 10) + b), ())]
            for value, owner in near:
                if owner == ind.ref or not _same_subject(words[ind.ref], words[owner]):
                    continue
                if abs(o.value - value) <= 0.05 or abs(o.value - (100 - value)) <= 0.05:
                    why = (f"with it, indicator {owner}'s withheld percentage for {period.label} is 100 less "
                           "this one (or the same)")
                    changed |= state.withhold_group(item, period, "across-indicators", why)
                    break
    return changed


_STOP = frozenset({"the", "of", "and", "in", "or", "a", "an", "to", "for", "with", "who", "that", "were", "was", "not",
                   "are", "is", "by", "on", "at", "number", "percentage", "per", "cent"})


def _title_words(title: str) -> frozenset[str]:
    return frozenset(w for w in re.findall(r"[a-z][a-z0-9]*", title.casefold()) if w not in _STOP)


def _same_subject(wa: frozenset[str], wb: frozenset[str]) -> bool:
    """Titles that share at least half the words of the shorter one (leaving out "of", "not", "%")."""
    shared = len(wa & wb)
    return shared >= 2 and shared * 2 >= min(len(wa), len(wb))


def _rates_by_population(state: _Redactor) -> bool:
    """A rate per 10,000 with no counts, times a population printed in the file (311 of 64,927), is a count."""
    populations: set[float] | None = None  # gathered when the first rate per 10,000 (or so) needs them
    limit = state.rules.small_count_max
    changed = False
    for item in state.review.items:
        ind = item.indicator
        if ind.sensitive or ind.unit.kind is not UnitKind.RATE or ind.unit.per <= 1:
            continue
        if populations is None:
            populations = {o.denominator for i in state.review.items for p, o in i.indicator.outturns.items()
                           if o.denominator is not None and not state.hidden(i.ref, p.key)}
        own = set(_known_denominators(ind))
        for period, o in state.ordered(ind):
            if o.value is None or o.numerator is not None or state.hidden(ind.ref, period.key):
                continue
            for population in sorted(own | {p for p in populations if p >= ind.unit.per}):
                count = o.value * population / ind.unit.per
                if 0.5 <= count < limit + 0.5:
                    why = (f"{number_text(o.value, 1)} per {count_text(ind.unit.per)} of {count_text(population)} "
                           f"is about {count_text(round(count))}, between 1 and {limit}")
                    changed |= state.withhold_group(item, period, "rate-population", why)
                    break
    return changed


def _candidates(item: Reviewed, state: _Redactor) -> list[float] | None:
    """The values a withheld current figure could take, as a reader of the public file sees it; None if
    they cannot be listed (a rate or an average with no counts)."""
    ind, rules = item.indicator, state.rules
    assert item.period is not None
    o = item.outturn
    own = state.suppressions.get((ind.ref, Slot("outturn", item.period.key, "value")))
    any_value = ind.sensitive or own is None or own.reason not in (Reason.SMALL_COUNT, Reason.DERIVED)
    if ind.unit.is_count:
        # Far enough past the target to reach every band; a band of one value is near the target.
        top = min(int(max([rules.small_count_max * 20, *(abs(v) for v in (ind.target.low, ind.target.high) if v)]) * 2),
                  5000)
        return [float(k) for k in range(0, top + 1)] if any_value else \
            [float(k) for k in range(1, rules.small_count_max + 1)]
    if ind.unit.is_percent:
        if o.denominator is not None and float(o.denominator).is_integer() and o.denominator > 0:
            d = o.denominator
            values = [100 * n / d for n in range(0, int(d) + 1)
                      if any_value or group_triggers(ind, 100 * n / d, n, d, rules)]
            return values
        return [k / 10 for k in range(0, 1001)]  # a percentage of an unknown cohort, to 0.1
    return None


def _rag_pins(item: Reviewed, state: _Redactor) -> list[Suppression]:
    """Rule 8: a RAG that, with the target, leaves one possible value for a withheld figure goes with it
    (target 0, tolerance 1: Amber means exactly 1; a cohort of 12 printed elsewhere, [c] and Green
    means 11 of 12)."""
    ind = item.indicator
    if item.period is None or item.outturn.value is None or not state.hidden(ind.ref, item.period.key):
        return []
    if item.rating.override is not None or item.rating.low is None:
        return []
    candidates = _candidates(item, state)
    if candidates is None:
        return []
    rag = item.rating.rag
    # Only whether exactly one value is possible matters, so the search stops at a second (of up to
    # 5,000 counts, each rated).
    possible: list[float] = []
    for v in candidates:
        if rate(ind, v).rag is rag:
            possible.append(v)
            if len(possible) > 1:
                return []
    if len(possible) != 1:
        return []
    shown = count_text(possible[0]) if ind.unit.is_count else f"{number_text(possible[0], 1)}%"
    why = (f"its RAG ({rag.word}) and target ({item.target_text}) leave only one possible value for the withheld "
           f"figure for {item.period.label}: {shown}")
    state.problems.append(warning(
        "rag-reveals-figure",
        f"Indicator {ind.ref}'s figure for {item.period.label} is withheld, but its RAG ({rag.word}) and target "
        f"({item.target_text}) leave only one possible value, {shown}; the RAG is withheld from the public "
        "appendix too. Consider a wider tolerance.",
        sheet=state.sheet, cell=item.outturn.cell, ref=ind.ref,
    ))
    return [Suppression(ind.ref, Slot("rag"), Reason.SECONDARY, why, "rating")]


def _sensitive(item: Reviewed, rules: DisclosureRules) -> list[Suppression]:
    ref = item.ref
    why = f"indicator {ref} is marked Part 2: {PART_2_NOTE.lower()}"
    slots = [f.slot for f in row_figures(item.indicator)
             if not (f.slot.kind == "benchmark" and rules.keep_benchmarks_of_sensitive)]
    slots += [Slot("direction", "vs_previous"), Slot("direction", "vs_last_year"), Slot("explanation"),
              Slot("commentary")]
    return [Suppression(ref, slot, Reason.SENSITIVE, why) for slot in slots]


def _comparisons(item: Reviewed, withheld: set[str]) -> list[Suppression]:
    """Directions and the explanation go when a figure they compare or quote is withheld."""
    found: list[Suppression] = []
    current = item.period.key if item.period else None
    if current is None or current not in withheld:
        current_label = ""
    else:
        assert item.period is not None
        current_label = item.period.label
    for key, move in (("vs_previous", item.vs_previous), ("vs_last_year", item.vs_last_year)):
        other = move.previous_period
        if current_label:
            why = f"it compares the withheld figure for {current_label}"
        elif other is not None and other.key in withheld and move.previous is not None:
            why = f"it compares the withheld figure for {other.label}"
        else:
            continue
        found.append(Suppression(item.ref, Slot("direction", key), Reason.SECONDARY, why))
    if current_label:
        found.append(Suppression(item.ref, Slot("explanation"), Reason.SECONDARY,
                                 f"it quotes the withheld figure for {current_label}"))
        found.append(Suppression(item.ref, Slot("commentary"), Reason.SECONDARY,
                                 f"it is written about the withheld figure for {current_label}"))
    return found


def _published_groups(ordered: Sequence[tuple[Period, Outturn]], withheld: set[str]) -> list[tuple[Period, Outturn]]:
    return [(p, o) for p, o in ordered
            if p.key not in withheld and o.numerator is not None and o.denominator is not None]


def _month_to_month(indicator: Indicator, withheld: set[str], rules: DisclosureRules,
                    sheet: str, ordered: Sequence[tuple[Period, Outturn]]) -> list[Problem]:
    """Rule 5: consecutive published months whose numerator and denominator both move by a small count.

    10 of 50 then 12 of 52 tells anyone comparing the two months that two children joined and both
    had the outcome. The months are each publishable, so this is a warning for the officer, not a
    silent change. One warning per indicator, naming every pair of cells.
    """
    groups = _published_groups(ordered, withheld)
    window = indicator.frequency.window_months if indicator.frequency else 1
    pairs: list[str] = []
    last_cell = ""
    for i in range(1, len(groups)):
        (p1, o1), (p2, o2) = groups[i - 1], groups[i]
        if p2.ordinal - p1.ordinal > max(window, 3):
            continue
        assert o1.numerator is not None and o1.denominator is not None
        assert o2.numerator is not None and o2.denominator is not None
        dn, dd = o2.numerator - o1.numerator, o2.denominator - o1.denominator
        if dn * dd > 0 and rules.is_small(abs(dn)) and rules.is_small(abs(dd)):
            moved = "joined" if dd > 0 else "left"
            with_outcome = "all with the outcome" if abs(dn) == abs(dd) else f"{count_text(abs(dn))} with the outcome"
            pairs.append(f"{p1.label} {count_text(o1.numerator)} of {count_text(o1.denominator)} ({o1.cell or '?'}) to "
                         f"{p2.label} {count_text(o2.numerator)} of {count_text(o2.denominator)} ({o2.cell or '?'}): "
                         f"{count_text(abs(dd))} {moved}, {with_outcome}")
            last_cell = o2.cell
    if not pairs:
        return []
    return [warning(
        "differencing-risk",
        f"Indicator {indicator.ref}: comparing months shows what happened to a few children, although each "
        f"month is publishable on its own: {'; '.join(pairs)}. Consider withholding one of each pair or marking "
        "the indicator Part 2.",
        sheet=sheet, cell=last_cell, ref=indicator.ref,
    )]


def _parent(ref: str) -> str | None:
    head, dot, _ = ref.partition(".")
    return head if dot and head else None


def _related_indicators(review: Review, sensitive: set[str],
                        suppressions: Mapping[tuple[str, Slot], Suppression],
                        rules: DisclosureRules) -> list[Problem]:
    """Warn when two parts of one indicator (35.1, 35.2) differ by a group that rule 3 would withhold.

    35.1 "excluding exception cases" 53 of 104 and 35.2 "including" 56 of 112 give 3 of 8 exception
    cases by subtraction. Whether one counts a subset of the other is in the definitions, not the
    data, so this is a warning for the officer rather than a suppression.
    """
    families: dict[str, list[Reviewed]] = {}
    for item in review.items:
        parent = _parent(item.ref)
        if parent is not None and item.ref not in sensitive:
            families.setdefault(parent, []).append(item)
    found: list[Problem] = []
    for members in families.values():
        for i, a in enumerate(members):
            for b in members[i + 1:]:
                found.extend(_pair_differences(a, b, suppressions, rules, review.dataset.sheet))
    return found


def _pair_differences(a: Reviewed, b: Reviewed, suppressions: Mapping[tuple[str, Slot], Suppression],
                      rules: DisclosureRules, sheet: str) -> list[Problem]:
    shown: list[str] = []
    cell = ""
    for period in _chronological(set(a.indicator.outturns) & set(b.indicator.outturns)):
        oa, ob = a.indicator.outturns[period], b.indicator.outturns[period]
        if (a.ref, Slot("outturn", period.key, "value")) in suppressions or \
                (b.ref, Slot("outturn", period.key, "value")) in suppressions:
            continue
        if None in (oa.numerator, oa.denominator, ob.numerator, ob.denominator):
            continue
        assert oa.numerator is not None and oa.denominator is not None
        assert ob.numerator is not None and ob.denominator is not None
        small, big = (oa, ob) if oa.denominator <= ob.denominator else (ob, oa)
        assert small.numerator is not None and small.denominator is not None
        assert big.numerator is not None and big.denominator is not None
        dn, dd = big.numerator - small.numerator, big.denominator - small.denominator
        if dd <= 0 or not 0 <= dn <= dd:
            continue
        if group_triggers(a.indicator, dn / dd * 100, dn, dd, rules):
            shown.append(f"{period.label}: {count_text(dn)} of {count_text(dd)}")
            cell = cell or oa.cell
    if not shown:
        return []
    return [warning(
        "related-indicators-differ",
        f"Indicators {a.ref} and {b.ref} differ by a small group ({'; '.join(shown)}). If one counts a subset "
        "of the other, the public can work that group out by subtraction; consider withholding one of them.",
        sheet=sheet, cell=cell, ref=a.ref,
    )]

