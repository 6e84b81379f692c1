"""The reviewed dataset: every indicator rated for one period, with its exceptions."""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from dataclasses import dataclass, replace
from functools import cached_property

from scrutiny_desktop.domain.formatting import outturn_text, target_text
from scrutiny_desktop.domain.model import NO_DATA, Dataset, Frequency, Indicator, Outturn, Rag
from scrutiny_desktop.domain.periods import Period
from scrutiny_desktop.domain.problems import Problem, warning
from scrutiny_desktop.domain.rating import NO_TRAVEL, Basis, Rating, Travel, explain, rate, travel


@dataclass(frozen=True)
class Reviewed:
    """One indicator as the committee will see it for the chosen period."""

    indicator: Indicator
    period: Period | None  # the period of the current outturn (earlier for a quarterly indicator)
    outturn: Outturn
    rating: Rating
    vs_previous: Travel
    vs_last_year: Travel
    commentary: str = ""

    @property
    def ref(self) -> str:
        return self.indicator.ref

    @property
    def rag(self) -> Rag:
        """The rating shown (the officer's override when there is one)."""
        return self.rating.final

    @property
    def needs_commentary(self) -> bool:
        """Red and Amber indicators are exceptions: the committee expects management commentary."""
        return self.rag.is_exception

    @property
    def commentary_missing(self) -> bool:
        return self.needs_commentary and not self.commentary.strip()

    @cached_property  # asked for by the window, both appendices, the drafts and the audit
    def value_text(self) -> str:
        return outturn_text(self.outturn, self.indicator.unit)

    @cached_property
    def target_text(self) -> str:
        ind = self.indicator
        return target_text(ind.target, ind.unit, ind.tolerance, ind.red_threshold)

    @cached_property
    def explanation(self) -> str:
        return explain(self.rating, self.indicator, self.period)


@dataclass(frozen=True)
class Review:
    dataset: Dataset
    period: Period | None
    items: tuple[Reviewed, ...]
    problems: tuple[Problem, ...]

    def item(self, ref: str) -> Reviewed | None:
        return next((i for i in self.items if i.ref == ref), None)

    @property
    def exceptions(self) -> tuple[Reviewed, ...]:
        return tuple(i for i in self.items if i.needs_commentary)

    @property
    def missing_commentary(self) -> tuple[Reviewed, ...]:
        return tuple(i for i in self.items if i.commentary_missing)

    @cached_property
    def sections(self) -> tuple[tuple[str, tuple[Reviewed, ...]], ...]:
        """Items grouped by section; sections in the order of their first ref, items in ref order."""
        groups: dict[str, list[Reviewed]] = {}
        for item in self.items:
            groups.setdefault(item.indicator.section, []).append(item)
        return tuple((name, tuple(members)) for name, members in groups.items())

    def with_commentary(self, commentary: Mapping[str, str]) -> Review:
        """The same review with commentary replaced for the refs given (others kept)."""
        items = tuple(
            replace(i, commentary=commentary[i.ref]) if i.ref in commentary else i for i in self.items
        )
        return replace(self, items=items)

    @property
    def counts(self) -> dict[Rag, int]:
        tally = {rag: 0 for rag in Rag}
        for item in self.items:
            tally[item.rag] += 1
        return tally


def current_outturn(indicator: Indicator, period: Period) -> tuple[Period, Outturn]:
    """The outturn that counts as current at `period`, and the period it is for.

    A monthly indicator needs a value for the period itself; a quarterly, termly or annual
    one uses its latest value within its own reporting window.
    """
    return _latest(indicator, period, _window(indicator, period))


def _window(indicator: Indicator, period: Period) -> int:
    frequency = indicator.frequency or reporting_frequency(indicator)
    return max(frequency.window_months if frequency else 1, period.months)


def reporting_frequency(indicator: Indicator) -> Frequency | None:
    """How often an indicator with no stated frequency reports, from the months holding its figures.

    Figures never in consecutive months but three, four or twelve apart (or a single figure) are
    quarterly, termly or annual: such an indicator is rated on its latest figure, not called missing in
    a month it does not report.
    """
    months = sorted(p.ordinal for p, o in indicator.outturns.items() if o.has_value and p.months == 1)
    if not months:
        return None
    if len(months) == 1:
        return Frequency.ANNUAL  # one figure, published once: current for a year
    gap = min(b - a for a, b in itertools.pairwise(months))
    if gap >= 12:
        return Frequency.ANNUAL
    if gap >= 4:
        return Frequency.TERMLY
    if gap >= 3:
        return Frequency.QUARTERLY
    return None


def _latest(indicator: Indicator, period: Period, window: int) -> tuple[Period, Outturn]:
    exact = indicator.outturns.get(period)
    if exact is not None and exact.has_value:
        return period, exact
    if window > 1:
        held = [
            p for p, o in indicator.outturns.items()
            if o.has_value and period.ordinal - window < p.ordinal <= period.ordinal
        ]
        if held:
            best = max(held)
            return best, indicator.outturns[best]
    return period, exact or NO_DATA


def review(
    dataset: Dataset,
    period: Period | None = None,
    commentary: Mapping[str, str] | None = None,
) -> Review:
    """Rate every indicator for `period` (default: the latest period holding any outturn).

    `commentary` (ref -> text) replaces the workbook's own commentary for the refs it names.
    """
    chosen = period or dataset.latest_period
    problems: list[Problem] = list(dataset.problems)
    items: list[Reviewed] = []
    overrides = commentary or {}
    # A workbook with a sheet per service area keeps its sheets' order; refs count within each.
    sheets = {name: n for n, name in enumerate(dict.fromkeys(i.sheet for i in dataset.indicators))}
    for indicator in sorted(dataset.indicators, key=lambda i: (sheets[i.sheet], i.sort_key)):
        if chosen is None:
            when, outturn = None, NO_DATA
        else:
            when, outturn = current_outturn(indicator, chosen)
        rating = rate(indicator, outturn.value)
        step = _window(indicator, when) if when else 1
        if when is not None and outturn.has_value:
            prev_period, prev = _latest(indicator, when.shifted(-step), step)
            year_period, last_year = _latest(indicator, when.year_before, step)
            vs_previous = travel(indicator, outturn.value, prev.value, prev_period)
            vs_last_year = travel(indicator, outturn.value, last_year.value, year_period)
        else:
            vs_previous = vs_last_year = NO_TRAVEL
        text = overrides.get(indicator.ref, indicator.commentary)
        item = Reviewed(indicator, when, outturn, rating, vs_previous, vs_last_year, text)
        items.append(item)
        problems.extend(_review_problems(item, dataset.sheet))
    ordered = _section_order(items)
    return Review(dataset, chosen, tuple(ordered), tuple(problems))


def _section_order(items: list[Reviewed]) -> list[Reviewed]:
    """Items grouped by section (sections in order of their lowest ref), ref order within."""
    first: dict[str, int] = {}
    for position, item in enumerate(items):
        first.setdefault(item.indicator.section, position)
    return sorted(items, key=lambda i: first[i.indicator.section])


def _review_problems(item: Reviewed, sheet: str) -> list[Problem]:
    ind = item.indicator
    found: list[Problem] = []
    if item.rating.basis is Basis.BENCHMARK_BLANK:
        assert ind.target.benchmark is not None
        found.append(warning(
            "benchmark-target-blank",
            f"Indicator {ind.ref} is measured against the {ind.target.benchmark.label} benchmark, "
            "but that benchmark is blank; it is shown with no RAG. Fill in the benchmark or set a target.",
            sheet=sheet, cell=ind.cell("target"), ref=ind.ref,
        ))
    if item.rating.basis is Basis.NO_POLARITY:
        found.append(warning(
            "missing-polarity",
            f"Indicator {ind.ref} has a target but no 'Good is' (High, Low or Range); it is shown with no RAG. "
            "Say whether higher or lower is better.",
            sheet=sheet, cell=ind.cell("polarity") or ind.cell("ref"), ref=ind.ref,
        ))
    stated = ind.stated_rag
    if stated is not None and ind.override is None and stated is not item.rating.rag:
        found.append(warning(
            "stated-rag-differs",
            f"Indicator {ind.ref} is marked {stated.word} in the workbook, but the rules give "
            f"{item.rating.rag.word} ({explain(item.rating, ind, item.period, verdict=False)}). "
            "Check the figures and the target.",
            sheet=sheet, cell=ind.cell("stated_rag"), ref=ind.ref,
        ))
    return found
