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
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from scrutiny_desktop.domain.formatting import count_text
from scrutiny_desktop.domain.model import Indicator, Outturn, UnitKind
from scrutiny_desktop.domain.periods import Period
from scrutiny_desktop.domain.problems import Problem, warning
from scrutiny_desktop.domain.rating import rate
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


@dataclass(frozen=True)
class Suppression:
    ref: str
    slot: Slot
    reason: Reason
    detail: str = ""  # e.g. "numerator 3 is 5 or fewer" (for the Part 2 reviewer, never for the public file)


@dataclass(frozen=True)
class Redaction:
    """Every suppression for one review, keyed by (ref, slot), with the sensitive refs.

    A sensitive indicator fails closed: any slot not listed is withheld, except the slot kinds in
    `kept_for_sensitive` (benchmarks, which are other bodies' published figures).
    """

    suppressions: Mapping[tuple[str, Slot], Suppression] = field(default_factory=dict)
    sensitive: frozenset[str] = frozenset()
    problems: tuple[Problem, ...] = ()  # warnings such as differencing across months
    kept_for_sensitive: frozenset[str] = frozenset()

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


@dataclass(frozen=True)
class Figure:
    """One number of an indicator's row, as the appendix may show it, with what kind of number it is."""

    slot: Slot
    value: float
    percent: bool = False  # on the 0-100 scale (the file may hold it as a 0-1 fraction)
    count: bool = False  # a number of children, episodes or plans


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
    for period in sorted(indicator.outturns if periods is None else periods):
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


_YEAR_TO_DATE = re.compile(r"\byear[\s-]+to[\s-]+date\b|\bytd\b|\bcumulative\b", re.I)
# Units whose numerator is a subset of the denominator, so d - n counts the children without the outcome.
_HAS_COMPLEMENT = (UnitKind.PERCENT, UnitKind.RATE, UnitKind.COUNT)


def is_year_to_date(indicator: Indicator) -> bool:
    """A running total through the year: consecutive figures differ by one period's own count."""
    return bool(_YEAR_TO_DATE.search(indicator.title))


@dataclass(frozen=True)
class _Trigger:
    part: str | None  # the figure that breaks a rule, or None for the group as a whole (its complement)
    reason: Reason
    why: str


def group_triggers(indicator: Indicator, value: float | None, numerator: float | None,
                   denominator: float | None, rules: DisclosureRules) -> list[_Trigger]:
    """What, if anything, makes one "n of d, p%" group unpublishable (rules 2 and 3)."""
    kind = indicator.unit.kind
    derived = kind is not UnitKind.COUNT
    limit = rules.small_count_max
    found: list[_Trigger] = []
    if kind is UnitKind.COUNT and rules.is_small(value):
        assert value is not None
        found.append(_Trigger("value", Reason.SMALL_COUNT, f"the count {count_text(value)} is between 1 and {limit}"))
    if rules.is_small(numerator):
        assert numerator is not None
        found.append(_Trigger("numerator", Reason.SMALL_COUNT,
                              f"numerator {count_text(numerator)} is between 1 and {limit}"))
    if rules.is_small(denominator):
        assert denominator is not None
        found.append(_Trigger("denominator", Reason.SMALL_COUNT,
                              f"denominator {count_text(denominator)} is between 1 and {limit}"))
    if numerator is not None and denominator is not None:
        if derived and value is not None and denominator <= rules.min_denominator:
            found.append(_Trigger("value", Reason.DERIVED,
                                  f"denominator {count_text(denominator)} is {rules.min_denominator} or fewer"))
        complement = denominator - numerator
        if kind in _HAS_COMPLEMENT and rules.is_small(complement):
            found.append(_Trigger(None, Reason.DERIVED if derived else Reason.SECONDARY,
                                  f"{count_text(denominator)} - {count_text(numerator)} leaves "
                                  f"{count_text(complement)}, between 1 and {limit}"))
    return found


def _group_suppressions(indicator: Indicator, period: Period, outturn: Outturn,
                        triggers: list[_Trigger], secondary: str = "") -> list[Suppression]:
    """Withhold every figure of the group, each with its own reason or the group's."""
    derived = indicator.unit.kind is not UnitKind.COUNT
    first = secondary or triggers[0].why
    found: list[Suppression] = []
    for figure in outturn_figures(indicator, period, outturn):
        part = figure.slot.part
        own = next((t for t in triggers if t.part == part), None)
        if own is not None:
            found.append(Suppression(indicator.ref, figure.slot, own.reason, own.why))
            continue
        if secondary:
            reason = Reason.SECONDARY
        else:
            reason = Reason.DERIVED if part == "value" and derived else Reason.SECONDARY
        found.append(Suppression(indicator.ref, figure.slot, reason, f"withheld with its group: {first}"))
    return found


def _year_to_date_chain(indicator: Indicator, withheld: set[str], rules: DisclosureRules) -> list[Suppression]:
    """Rule 4 on a running total: each published step must itself be publishable.

    `withheld` holds the period keys already suppressed; it is updated in place. A step is only
    judged when the total grew (a fall means the year restarted or a figure was revised).
    """
    found: list[Suppression] = []
    last: tuple[Period, Outturn] | None = None
    for period in sorted(indicator.outturns):
        outturn = indicator.outturns[period]
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


def redact(review: Review, rules: DisclosureRules = DEFAULT_RULES) -> Redaction:
    """Decide every figure the public appendix withholds for this review, with the reason for each."""
    suppressions: dict[tuple[str, Slot], Suppression] = {}
    sensitive: set[str] = set()
    problems: list[Problem] = []
    sheet = review.dataset.sheet

    def add(found: list[Suppression]) -> None:
        for s in found:
            suppressions.setdefault((s.ref, s.slot), s)

    for item in review.items:
        ind = item.indicator
        if ind.sensitive:
            sensitive.add(ind.ref)
            add(_sensitive(item, rules))
            continue
        withheld: set[str] = set()
        for period in sorted(ind.outturns):
            outturn = ind.outturns[period]
            triggers = group_triggers(ind, outturn.value, outturn.numerator, outturn.denominator, rules)
            if triggers:
                add(_group_suppressions(ind, period, outturn, triggers))
                withheld.add(period.key)
        if is_year_to_date(ind):
            add(_year_to_date_chain(ind, withheld, rules))
        if ind.unit.is_count:
            for label, value in ind.annual.items():
                if rules.is_small(value):
                    assert value is not None
                    add([Suppression(ind.ref, Slot("annual", label), Reason.SMALL_COUNT,
                                     f"the count {count_text(value)} is between 1 and {rules.small_count_max}")])
        add(_comparisons(item, withheld))
        if not is_year_to_date(ind):
            problems.extend(_month_to_month(ind, withheld, rules, sheet))
        problems.extend(_rag_reveals(item, withheld, rules, sheet))
    problems.extend(_related_indicators(review, sensitive, suppressions, rules))
    kept = frozenset({"benchmark"}) if rules.keep_benchmarks_of_sensitive else frozenset()
    return Redaction(suppressions, frozenset(sensitive), tuple(problems), kept)


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


def _published_groups(indicator: Indicator, withheld: set[str]) -> list[tuple[Period, Outturn]]:
    return [(p, o) for p, o in sorted(indicator.outturns.items())
            if p.key not in withheld and o.numerator is not None and o.denominator is not None]


def _month_to_month(indicator: Indicator, withheld: set[str], rules: DisclosureRules,
                    sheet: str) -> list[Problem]:
    """Rule 5: consecutive published months whose numerator and denominator both move by a small count.

    10 of 50 then 12 of 52 tells anyone comparing the two months that two children joined and both
    had the outcome. The months are each publishable, so this is a warning for the officer, not a
    silent change. One warning per indicator, naming every pair of cells.
    """
    groups = _published_groups(indicator, withheld)
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


def _rag_reveals(item: Reviewed, withheld: set[str], rules: DisclosureRules, sheet: str) -> list[Problem]:
    """The RAG stays public; warn when, with the target, it pins a withheld small count to one value."""
    ind = item.indicator
    if item.period is None or item.period.key not in withheld or not ind.unit.is_count:
        return []
    if item.rating.override is not None or item.rating.low is None or item.outturn.value is None:
        return []
    rag = item.rating.rag
    possible = [k for k in range(1, rules.small_count_max + 1) if rate(ind, float(k)).rag is rag]
    if len(possible) != 1:
        return []
    return [warning(
        "rag-reveals-figure",
        f"Indicator {ind.ref}'s count for {item.period.label} is withheld, but its RAG ({rag.word}) and "
        f"target ({item.target_text}) leave only one possible value, {possible[0]}. Consider a wider "
        "tolerance or marking the indicator Part 2.",
        sheet=sheet, cell=item.outturn.cell, ref=ind.ref,
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
    for period in sorted(set(a.indicator.outturns) & set(b.indicator.outturns)):
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

