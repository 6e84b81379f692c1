"""Appendix One as pure data: sheets of rows of cells, each with a value, a style role and a number format.

Both editions come from here: the full (Part 2) one and the public (Part 1) one. Every figure is
placed through the `Redaction`, so a suppressed figure becomes `[c]` here and nowhere else; the
writer only lays the cells out. Percentages are placed as fractions of 1 with a % number format,
as Excel holds them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

from scrutiny_desktop.domain.disclosure import NO_REDACTION, PART_2_NOTE, DisclosureRules, Redaction, Slot, Symbol
from scrutiny_desktop.domain.formatting import outturn_text, round_half_up
from scrutiny_desktop.domain.frozen import fast_init
from scrutiny_desktop.domain.history import NO_TRENDS, RAG_SYMBOL, PublicGate, Trend, Trends
from scrutiny_desktop.domain.model import Benchmark, Frequency, Outturn, Polarity, Rag, Unit
from scrutiny_desktop.domain.periods import Period
from scrutiny_desktop.domain.rating import Travel, effective_polarity
from scrutiny_desktop.domain.review import Review, Reviewed
from scrutiny_desktop.domain.settings import Settings
from scrutiny_desktop.domain.spc import MIN_POINTS, Assurance, Rule, Variation

MARKING = "NOT FOR PUBLICATION – exempt information under paragraphs 1 and 2 of Schedule 12A"
COMMENTARY_NEEDED = "Commentary needed"
SHEET_MAIN, SHEET_EXCEPTIONS, SHEET_KEY = "Appendix One", "Exceptions", "Key"
# Commentary longer than this goes on continuation rows: a row taller than Excel's 409 points
# would be cut off on paper.
COMMENTARY_CHUNK = 1200

_SYMBOLS = {s.value for s in Symbol}
_NO_OUTTURN = Outturn()  # a month with no figure (frozen: one serves every row)


class Role(StrEnum):
    """How a cell looks: one named style per role, defined once in the template."""

    TITLE = "title"
    MARKING = "marking"
    SUBTITLE = "subtitle"
    KEY = "key"
    HEADING = "heading"
    SECTION = "section"
    TEXT = "text"
    NUMBER = "number"
    PERCENT = "percent"
    RAG_RED = "rag-red"
    RAG_AMBER = "rag-amber"
    RAG_GREEN = "rag-green"
    RAG_NONE = "rag-none"
    RAG_MISSING = "rag-missing"
    NEEDED = "commentary-needed"

    @property
    def wraps(self) -> bool:
        """Lines above the table and section names run on to the right; the rest wraps in its column."""
        return self not in (Role.TITLE, Role.MARKING, Role.SUBTITLE, Role.KEY, Role.SECTION)


RAG_ROLES = {
    Rag.RED: Role.RAG_RED, Rag.AMBER: Role.RAG_AMBER, Rag.GREEN: Role.RAG_GREEN,
    Rag.NONE: Role.RAG_NONE, Rag.MISSING: Role.RAG_MISSING,
}


class Kind(StrEnum):
    """What a column holds; the template sets one width per kind."""

    REF = "Ref"
    INDICATOR = "Indicator"
    POLARITY = "Good is"
    UNIT = "Unit"
    TARGET = "Target or range"
    ANNUAL = "Previous years"
    MONTH = "Months"
    CURRENT = "Current outturn"
    RAG = "RAG"
    DIRECTION = "Direction of travel"
    BENCHMARK = "Benchmarks"
    EXPLANATION = "How the RAG was decided"
    COMMENTARY = "Management commentary"
    TERM = "Term"
    MEANING = "Meaning"
    QUARTERS = "Last four quarters"
    SPC = "SPC"

    @property
    def figures(self) -> bool:
        """Columns of figures, which must be wide enough never to show #####."""
        return self in (Kind.ANNUAL, Kind.MONTH, Kind.CURRENT, Kind.BENCHMARK)


@fast_init
@dataclass(frozen=True)
class Cell:
    value: float | str | None
    role: Role = Role.TEXT
    number_format: str = "General"


@dataclass(frozen=True)
class Column:
    heading: str
    kind: Kind


@dataclass(frozen=True)
class Sheet:
    """One worksheet: lines above the table, then the heading row, then the table rows.

    `heading_row` is the 1-based row of the column headings: printed on every page, and the
    panes freeze below it (and right of the first `frozen_columns` columns). A `one_page` sheet
    prints on a single page (fit to one page tall as well as wide).
    """

    name: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[Cell, ...], ...]
    heading_row: int
    frozen_columns: int = 0
    one_page: bool = False


@dataclass(frozen=True)
class AppendixBook:
    """A whole appendix workbook, ready for a writer."""

    title: str  # the document title property
    heading: str  # "Appendix One: Children's Scrutiny Dataset", for the page header
    period: str  # "October 2019", for the page header
    marking: str  # the NOT FOR PUBLICATION marking, or "" in the public edition
    author: str
    public: bool
    sheets: tuple[Sheet, ...]

    def sheet(self, name: str) -> Sheet:
        return next(s for s in self.sheets if s.name == name)


def build_appendix(
    review: Review,
    settings: Settings = Settings(),
    redaction: Redaction = NO_REDACTION,
    *,
    public: bool = False,
    trends: Trends = NO_TRENDS,
) -> AppendixBook:
    """The appendix for `review`: the full Part 2 edition, or the public one when `public`.

    `trends` (the history's view) adds each indicator's last four quarters and its SPC icons.
    """
    builder = _Builder(review, settings, redaction, public, trends)
    name = review.dataset.title.strip() or "Children's services performance"
    heading = f"Appendix One: {name}"
    period = review.period.long_label if review.period else "no period"
    edition = "Part 1 (public)" if public else "Part 2 (not for publication)"
    return AppendixBook(
        title=f"{heading}, {period} – {edition}",
        heading=heading,
        period=period,
        marking="" if public else MARKING,
        author=settings.organisation,
        public=public,
        sheets=(builder.main(heading), builder.exceptions(heading), builder.key(heading)),
    )


# The Key's words on the SPC chart: the program's own, so the audit knows its 2.66 for no one's figure.
SPC_NOTE = (f"Statistical process control (an XmR chart, NHS \"Making Data Count\"), drawn when there are "
            f"{MIN_POINTS} or more monthly figures. The process limits are the mean plus and minus 2.66 times "
            "the average moving range.")


def reporting_periods(review: Review) -> tuple[Period, ...]:
    """The workbook's periods in the reporting (financial) year, up to the chosen period."""
    current = review.period
    if current is None:
        return ()
    return tuple(p for p in review.dataset.periods
                 if p.financial_year == current.financial_year and p.ordinal <= current.ordinal)


def as_at(period: Period | None) -> str:
    if period is None:
        return "No reporting period: the workbook has no period columns"
    if period.is_quarter:
        return f"Performance for {period.long_label}"
    return f"Performance as at the end of {period.long_label}"


# -- figures -----------------------------------------------------------------------------------


def whole_at_one_place(value: float) -> bool:
    """Whether `value` rounded to one place is whole: `round_half_up(value, 1).is_integer()`, without the
    rounding for a whole float (most counts), which rounds to itself. An int is whole: one of 10^15 or more
    (which `round_half_up` hands back as it is, and which has no `is_integer` before Python 3.12) with it."""
    if isinstance(value, int):
        return True
    return value.is_integer() or float(round_half_up(value, 1)).is_integer()


def figure_cell(value: float, unit: Unit, places: int | None = None, *, as_shown: bool = False) -> Cell:
    """A figure standing alone: a number, with a number format showing it as the committee reads it.

    `places` (0 or 1) keeps the decimals of one indicator's row alike; by default the figure's own.
    `as_shown` stores the figure rounded as it is displayed (the public edition): 4/7 stored at full
    precision as 0.5714285714285714 gives the fraction straight back; 0.571 does not.
    """
    if places is None:
        places = 0 if whole_at_one_place(value) else 1
    if unit.is_percent:
        fraction = round(round_half_up(value, places) / 100, places + 2) if as_shown else value / 100
        return Cell(fraction, Role.PERCENT, "0.0%" if places else "0%")
    if unit.is_count:
        whole = float(value).is_integer()
        return Cell(round_half_up(value, 2) if as_shown and not whole else value, Role.NUMBER,
                    "#,##0" if whole else "#,##0.00")
    return Cell(round_half_up(value, places) if as_shown else value, Role.NUMBER, "#,##0.0" if places else "#,##0")


def _symbol(placeholder: str | None, default: Symbol) -> str:
    """The symbol for a missing figure: the workbook's own GSS symbol when it used one."""
    return placeholder if placeholder in _SYMBOLS else default.value


def _due(frequency: Frequency | None, period: Period) -> bool:
    """Whether an indicator reports in this period: a quarterly one at quarter ends; a termly or annual
    one, on a calendar the workbook does not give, is taken as not due in any one month."""
    if frequency in (None, Frequency.MONTHLY) or period.is_quarter:
        return True
    return frequency is Frequency.QUARTERLY and period.month % 3 == 0


@lru_cache(maxsize=4096)
def _slot(kind: str, key: str = "", part: str = "value") -> Slot:
    """A `Slot`, made once: the builder asks after the same few slots for every row of both editions."""
    return Slot(kind, key, part)


def _role_of(unit: Unit) -> Role:
    return Role.PERCENT if unit.is_percent else Role.NUMBER


class _Builder:
    def __init__(self, review: Review, settings: Settings, redaction: Redaction, public: bool,
                 trends: Trends = NO_TRENDS) -> None:
        self.review = review
        self.trends = trends
        self._gate: PublicGate | None = None  # made when the public edition first asks
        self.settings = settings
        self.redaction = redaction
        self.public = public
        self.periods = reporting_periods(review)
        self._decimals: dict[str, int] = {}  # decimal places by ref, decided once per row
        # The Part 2 edition's NO_REDACTION withholds nothing: then no figure's slot need be looked up.
        # (By identity: any other redaction, even an empty one, may answer as it likes.)
        self._withholds = redaction is not NO_REDACTION

    # -- what may be shown -------------------------------------------------------------------

    def _hidden(self, ref: str, *slots: Slot) -> bool:
        if not self._withholds:
            return False
        suppressed = self.redaction.suppressed
        return any(suppressed(ref, slot) is not None for slot in slots)

    def _withheld(self, item: Reviewed) -> bool:
        """A sensitive indicator in the public edition: its figures and commentary stay in Part 2."""
        return self.public and self.redaction.is_sensitive(item.ref)

    def _commentary_withheld(self, item: Reviewed) -> bool:
        """The public edition leaves commentary to the Part 2 report where the redaction withholds it."""
        return self.public and self._hidden(item.ref, _slot("commentary"))

    def _value_hidden(self, item: Reviewed) -> bool:
        return item.period is not None and self._hidden(item.ref, _slot("outturn", item.period.key, "value"))

    def _current(self, item: Reviewed) -> Cell:
        """`55% (50 of 91)` as text, a lone figure as a number, `[x]` for no data, `[c]` when withheld."""
        out, unit = item.outturn, item.indicator.unit
        role = _role_of(unit)
        if out.value is None or item.period is None:
            return Cell(_symbol(out.placeholder, Symbol.NOT_AVAILABLE), role)
        key = item.period.key
        if self._value_hidden(item):
            return Cell(Symbol.CONFIDENTIAL.value, role)
        counts_hidden = self._hidden(item.ref, _slot("outturn", key, "numerator"),
                                     _slot("outturn", key, "denominator"))
        earlier = self.review.period is not None and item.period.ordinal != self.review.period.ordinal
        if out.numerator is not None and out.denominator is not None and not counts_hidden:
            text = outturn_text(out, unit)
            return Cell(f"{text} ({item.period.label})" if earlier else text, role)
        if earlier:
            # A quarterly, termly or annual figure: say which period it is for.
            return Cell(f"{outturn_text(Outturn(out.value), unit)} ({item.period.label})", role)
        return figure_cell(out.value, unit, self._places(item), as_shown=self.public)

    def _month(self, item: Reviewed, period: Period) -> Cell:
        ind = item.indicator
        out = ind.outturns.get(period, _NO_OUTTURN)
        role = _role_of(ind.unit)
        if self._hidden(ind.ref, _slot("outturn", period.key, "value")):
            return Cell(Symbol.CONFIDENTIAL.value, role)
        if out.value is None:
            missing = Symbol.NOT_AVAILABLE if _due(ind.frequency, period) else Symbol.NOT_APPLICABLE
            return Cell(_symbol(out.placeholder, missing), role)
        return figure_cell(out.value, ind.unit, self._places(item), as_shown=self.public)

    def _lone(self, item: Reviewed, slot: Slot, value: float | None) -> Cell:
        unit = item.indicator.unit
        if self._hidden(item.ref, slot):
            return Cell(Symbol.CONFIDENTIAL.value, _role_of(unit))
        if value is None:
            return Cell(Symbol.NOT_AVAILABLE.value, _role_of(unit))
        return figure_cell(value, unit, self._places(item), as_shown=self.public)

    def _places(self, item: Reviewed) -> int:
        """1 when a figure of the row needs a decimal place, so that a row reads 16.0, 16.8, not 16, 16.8.

        Percentages from counts do not decide it: the committee reads those whole ("55% (50 of 91)").
        """
        ind, ref = item.indicator, item.ref
        places = self._decimals.get(ref)  # asked for by every figure of the row
        if places is not None:
            return places
        shown = [v for label, v in ind.annual.items() if not self._hidden(ref, _slot("annual", label))]
        shown += [v for b, v in ind.benchmarks.items() if not self._hidden(ref, _slot("benchmark", b.value))]
        for period in {*self.periods, *([item.period] if item.period else [])}:
            out = ind.outturns.get(period)
            if out and out.numerator is None and not self._hidden(ref, _slot("outturn", period.key, "value")):
                shown.append(out.value)
        places = 1 if any(v is not None and not whole_at_one_place(v) for v in shown) else 0
        self._decimals[ref] = places
        return places

    def _direction(self, item: Reviewed, which: str, trip: Travel) -> Cell:
        # A direction says which way a withheld value moved, so it goes with the value.
        if self._hidden(item.ref, _slot("direction", which)) or self._value_hidden(item):
            return Cell(Symbol.CONFIDENTIAL.value)
        return Cell(trip.text)

    def _explanation(self, item: Reviewed) -> Cell:
        target = item.indicator.target.benchmark
        quoted = [_slot("explanation")] + ([_slot("benchmark", target.value)] if target else [])
        if self._hidden(item.ref, *quoted) or self._value_hidden(item):
            return Cell(Symbol.CONFIDENTIAL.value)
        return Cell(item.explanation)

    def _target(self, item: Reviewed) -> Cell:
        if effective_polarity(item.indicator) is Polarity.MONITOR and not item.indicator.target.is_set:
            return Cell(Symbol.NOT_APPLICABLE.value)
        return Cell(item.target_text)

    def _indicator(self, item: Reviewed) -> Cell:
        title = item.indicator.title
        return Cell(f"{title}\n{PART_2_NOTE}" if self._withheld(item) else title)

    def _rag(self, item: Reviewed) -> Cell:
        if self.public and self._hidden(item.ref, _slot("rag")):
            return Cell(Symbol.CONFIDENTIAL.value, Role.RAG_NONE)  # it would give the withheld figure (rule 8)
        return Cell(item.rag.word, RAG_ROLES[item.rag])

    def _rag_counts(self) -> str:
        """"3 Red, 5 Amber, ..."; a withheld RAG is counted as withheld, or the counts would give it back."""
        counts: dict[str, int] = {}
        for item in self.review.items:
            word = Symbol.CONFIDENTIAL.value if self._rag(item).value == Symbol.CONFIDENTIAL.value else item.rag.word
            counts[word] = counts.get(word, 0) + 1
        order = [rag.word for rag in self.review.counts] + [Symbol.CONFIDENTIAL.value]
        return ", ".join(f"{counts[w]} {'withheld' if w == Symbol.CONFIDENTIAL.value else w}"
                         for w in order if counts.get(w))

    # -- the lines above a table ---------------------------------------------------------------

    def _top(self, heading: str, *extra: str) -> list[tuple[Cell, ...]]:
        rows: list[tuple[Cell, ...]] = [(Cell(heading, Role.TITLE),)]
        if not self.public:
            rows.append((Cell(MARKING, Role.MARKING),))
        rows.append((Cell(f"{as_at(self.review.period)}. Prepared by {self.settings.organisation}.", Role.SUBTITLE),))
        rows.append((Cell(
            "Symbols: [c] confidential, withheld so that no child can be identified; [x] not available; "
            "[z] not applicable.", Role.KEY),))
        rows.extend((Cell(text, Role.KEY),) for text in extra)
        return rows

    # -- the sheets ------------------------------------------------------------------------------

    def main(self, heading: str) -> Sheet:
        columns = [
            Column("Ref", Kind.REF), Column("Indicator", Kind.INDICATOR), Column("Good is", Kind.POLARITY),
            Column("Unit", Kind.UNIT), Column("Target or range", Kind.TARGET),
            *(Column(label, Kind.ANNUAL) for label in self.review.dataset.annual_labels),
            *(Column(p.label, Kind.MONTH) for p in self.periods),
            Column("Current outturn", Kind.CURRENT), Column("RAG", Kind.RAG),
            Column("vs previous", Kind.DIRECTION), Column("vs last year", Kind.DIRECTION),
            *self._over_time_columns(),
            *(Column(b.label, Kind.BENCHMARK) for b in Benchmark),
        ]
        counts = self._rag_counts()
        rows = self._top(
            heading,
            "RAG is given as a word as well as a colour; arrows and words give the direction of travel against the "
            "previous period and the same period last year. The Key sheet explains both.",
            f"{len(self.review.items)} indicators: {counts}.",
        )
        heading_row = len(rows) + 1
        rows.append(tuple(Cell(c.heading, Role.HEADING) for c in columns))
        sections = self.review.sections
        for section, items in sections:
            if section or len(sections) > 1:
                name = section or "Other indicators"
                rows.append((Cell(name, Role.SECTION), *(Cell(None, Role.SECTION) for _ in columns[1:])))
            rows.extend(self._main_row(item) for item in items)
        return Sheet(SHEET_MAIN, tuple(columns), tuple(rows), heading_row, frozen_columns=2)

    def _main_row(self, item: Reviewed) -> tuple[Cell, ...]:
        ind, ref = item.indicator, item.ref
        polarity = effective_polarity(ind)
        return (
            Cell(ref), self._indicator(item),
            Cell(polarity.value.capitalize() if polarity else Symbol.NOT_AVAILABLE.value),
            Cell(ind.unit.shown_as), self._target(item),
            *(self._lone(item, _slot("annual", label), ind.annual.get(label))
              for label in self.review.dataset.annual_labels),
            *(self._month(item, p) for p in self.periods),
            self._current(item), self._rag(item),
            self._direction(item, "vs_previous", item.vs_previous),
            self._direction(item, "vs_last_year", item.vs_last_year),
            *self._over_time(item),
            *(self._lone(item, _slot("benchmark", b.value), ind.benchmarks.get(b)) for b in Benchmark),
        )

    # -- over time: earlier quarters' ratings and SPC, from the history ---------------------------

    @property
    def _has_history(self) -> bool:
        return any(t.has_history for t in self.trends.by_ref.values())

    def _over_time_columns(self) -> tuple[Column, ...]:
        # Without a history the appendix is exactly as it always was.
        if not self._has_history:
            return ()
        return (Column("Last four quarters", Kind.QUARTERS), Column("SPC", Kind.SPC))

    def _over_time_shown(self, item: Reviewed) -> bool:
        """Part 2 shows it all; Part 1 only where every figure behind the ratings and the chart is publishable."""
        if not self.public:
            return True
        if self._gate is None:
            self._gate = PublicGate.of(self.redaction, DisclosureRules.from_settings(self.settings))
        return self._gate.allows(self.trends.of(item.ref), item)

    def _over_time(self, item: Reviewed) -> tuple[Cell, ...]:
        if not self._has_history:
            return ()
        if not self._over_time_shown(item):
            return (Cell(Symbol.CONFIDENTIAL.value), Cell(Symbol.CONFIDENTIAL.value))
        trend = self.trends.of(item.ref)
        quarters = "\n".join(
            f"{q.quarter.label}: {RAG_SYMBOL[q.rag]} {q.rag.word}" if q.rag else f"{q.quarter.label}: [x]"
            for q in trend.quarters
        ) or Symbol.NOT_AVAILABLE.value
        return Cell(quarters), Cell(spc_text(trend, figures=not self.public))

    def exceptions(self, heading: str) -> Sheet:
        columns = (
            Column("Ref", Kind.REF), Column("Indicator", Kind.INDICATOR), Column("RAG", Kind.RAG),
            Column("Current outturn", Kind.CURRENT), Column("Target or range", Kind.TARGET),
            Column("How the RAG was decided", Kind.EXPLANATION),
            Column("vs previous", Kind.DIRECTION), Column("vs last year", Kind.DIRECTION),
            Column("Management commentary", Kind.COMMENTARY),
        )
        # Issue 14: an indicator whose RAG is withheld is listed whatever its rating (with its commentary in
        # Part 2), and counted apart: being listed, or not, would say whether it is Red or Amber.
        hidden = [i for i in self.review.items if self.public and self._hidden(i.ref, _slot("rag"))]
        hidden_refs = {i.ref for i in hidden}  # by ref: comparing whole reviewed indicators is slow
        rated = [i for i in self.review.exceptions if i.ref not in hidden_refs]
        listed = hidden_refs | {i.ref for i in rated}
        found = [i for i in self.review.items if i.ref in listed]
        missing = [i.ref for i in found if i.commentary_missing and not self._commentary_withheld(i)]
        summary = {0: "No indicator is rated Red or Amber.",
                   1: "1 indicator is rated Red or Amber: performing below expectation."}.get(
            len(rated), f"{len(rated)} indicators are rated Red or Amber: performing below expectation.")
        if hidden:
            summary += (f" {len(hidden)} more, whose rating is withheld, {'is' if len(hidden) == 1 else 'are'} listed "
                        "with them.")
        if missing:
            summary += f" Commentary is still needed for {', '.join(missing)}."
        extra = [summary]
        part_2 = [i.ref for i in found if self._commentary_withheld(i)]
        if part_2:
            # As the committee report itself says it: the public paper names them and points to Part 2.
            which = f"indicator {part_2[0]}" if len(part_2) == 1 else f"indicators {_listing(part_2)}"
            extra.append(f"Management commentary on {which} is in the Part 2 report: the figures are withheld so "
                         "that no child can be identified.")
        carried = [f"{i.ref} (from {c.period.label})" for i in found
                   if (c := self.trends.of(i.ref).carried) is not None and i.commentary.strip() == c.text.strip()]
        if carried and not self.public:
            extra.append("Commentary carried forward unchanged from an earlier period: " + ", ".join(carried) + ".")
        rows = self._top(f"{heading}: exceptions", *extra)
        heading_row = len(rows) + 1
        rows.append(tuple(Cell(c.heading, Role.HEADING) for c in columns))
        for item in found:
            rows.extend(self._exception_rows(item))
        return Sheet(SHEET_EXCEPTIONS, columns, tuple(rows), heading_row, frozen_columns=2)

    def _exception_rows(self, item: Reviewed) -> list[tuple[Cell, ...]]:
        if self._commentary_withheld(item):
            chunks = [PART_2_NOTE]
            commentary = Cell(PART_2_NOTE)
        elif item.commentary.strip():
            chunks = split_commentary(item.commentary.strip())
            commentary = Cell(chunks[0])
        else:
            chunks = [COMMENTARY_NEEDED]
            commentary = Cell(COMMENTARY_NEEDED, Role.NEEDED)
        rows: list[tuple[Cell, ...]] = [(
            Cell(item.ref), self._indicator(item), self._rag(item), self._current(item), self._target(item),
            self._explanation(item), self._direction(item, "vs_previous", item.vs_previous),
            self._direction(item, "vs_last_year", item.vs_last_year), commentary,
        )]
        for more in chunks[1:]:
            rows.append((Cell(item.ref), Cell(f"{item.indicator.title} (continued)"), self._rag(item),
                         *(Cell(None) for _ in range(5)), Cell(more)))
        return rows

    def key(self, heading: str) -> Sheet:
        columns = (Column("Term", Kind.TERM), Column("Meaning", Kind.MEANING))
        rows = self._top(f"{heading}: key")
        heading_row = len(rows) + 1
        rows.append(tuple(Cell(c.heading, Role.HEADING) for c in columns))
        for section, entries in self._key_entries():
            rows.append((Cell(section, Role.SECTION), Cell(None, Role.SECTION)))
            rows.extend((term if isinstance(term, Cell) else Cell(term), Cell(meaning)) for term, meaning in entries)
        # One page: read beside the table, and no section heading left alone at the foot of a page.
        return Sheet(SHEET_KEY, columns, tuple(rows), heading_row, frozen_columns=0, one_page=True)

    def _key_entries(self) -> list[tuple[str, list[tuple[Cell | str, str]]]]:
        # No example figures: one could match a withheld figure of the public edition.
        confidential = "Confidential: withheld so that no child can be identified."
        if self.public:
            confidential += " The reasons are under \"Why a figure is [c]\" below."
        rag: list[tuple[Cell | str, str]] = [
            (Cell("Red", Role.RAG_RED), "Below expectation, beyond the amber tolerance (or past the floor). "
                                        "Management commentary is on the Exceptions sheet."),
            (Cell("Amber", Role.RAG_AMBER), "Misses the target or range, but within the tolerance (or not past "
                                            "the floor). Management commentary is on the Exceptions sheet."),
            (Cell("Green", Role.RAG_GREEN), "Meets the target, or lies within the range."),
            (Cell("No target", Role.RAG_NONE), "Not rated: monitored for information, or no usable target."),
            (Cell("No data", Role.RAG_MISSING), "Not rated: no outturn for the period. Missing data is never Red."),
        ]
        decided: list[tuple[Cell | str, str]] = [
            ("Good is High", "Higher is better. Green at or above the target; Amber below it by no more than the "
                             "tolerance; Red further below."),
            ("Good is Low", "Lower is better. Green at or below the target; Amber above it by no more than the "
                            "tolerance; Red further above."),
            ("Good is Range", "Green inside the range, its ends included; Amber outside it by no more than the "
                              "tolerance; Red further outside."),
            ("Good is Monitor", "For information only: no target and no RAG."),
            ("Boundaries", "Meeting a target exactly is Green; sitting exactly on the amber edge is Amber. Figures "
                           "are compared before they are rounded for display."),
            ("Tolerance", "The width of the amber band in the indicator's own units (points, for a percentage), or "
                          "a share of the target (\"% of target\"). A floor, where given, is the value past which "
                          "the indicator is Red."),
            ("Benchmark as target", "A target of \"England\", \"London\" or \"Stat neighbours\" means meeting that "
                                    "benchmark's value."),
            ("Rated by the service", "Where the service rates an indicator differently from these rules, both "
                                     "ratings and the reason are on the Exceptions sheet."),
        ]
        travel: list[tuple[Cell | str, str]] = [
            ("↑  ↓", "The value went up or down since the comparison period."),
            ("→ no change", "The same to one decimal place."),
            ("improving, worsening", "Moved towards or away from what good looks like (for a range: closer to or "
                                     "further from it)."),
            ("increasing, decreasing", "Moved up or down, for an indicator monitored without a target."),
            ("no comparison", "There is no value for the comparison period."),
            ("vs previous", "Against the previous month (the previous quarter, for a quarterly indicator)."),
            ("vs last year", "Against the same period a year earlier."),
        ]
        symbols: list[tuple[Cell | str, str]] = [
            (Symbol.CONFIDENTIAL.value, confidential),
            (Symbol.NOT_AVAILABLE.value, "Not available: there is no figure for that period."),
            (Symbol.NOT_APPLICABLE.value, "Not applicable: no target for an indicator monitored for information, "
                                          "or a month in which a quarterly, termly or annual indicator is not "
                                          "reported."),
        ]
        figures: list[tuple[Cell | str, str]] = [
            ("% (n of d)", "A percentage with the counts it is calculated from: n of d."),
            ("Previous years", "Outturns for the financial years shown."),
            ("Months", "Outturns for each month of the reporting year so far."),
            ("Benchmarks", "Latest published figures for statistical neighbours, London and England."),
        ]
        if not self.public:
            data = self.review.dataset
            figures.append(("Source", f"Sheet '{data.sheet}' of {_file_name(data.source)}."))
        sections = [("RAG rating", rag), ("Symbols", symbols)]
        if self.public:
            sections.append(("Why a figure is [c]", self._withheld_entries()))
        over_time = [("Over time (SPC)", self._over_time_entries())] if self._has_history else []
        return [*sections, ("Direction of travel", travel), *over_time, ("Figures", figures),
                ("How the RAG was decided", decided)]

    def _over_time_entries(self) -> list[tuple[Cell | str, str]]:
        """The last four quarters and the Making Data Count icons, in words: no figure of the data."""
        entries: list[tuple[Cell | str, str]] = [
            ("Last four quarters", "The RAG rating at the end of each of the last four quarters, oldest first, as a "
                                   "letter and a word (R Red, A Amber, G Green); [x] where no rating is held."),
            ("SPC", SPC_NOTE),
            ("Special cause", "Any of: " + "; ".join(r.words for r in Rule if r is not Rule.COMMON) + "."),
        ]
        entries += [(f"{v.symbol} {v.words}", _VARIATION_MEANING[v]) for v in Variation]
        entries += [(f"{a.symbol} {a.words}", _ASSURANCE_MEANING[a]) for a in Assurance]
        if self.public:
            entries.append((Symbol.CONFIDENTIAL.value + " in Last four quarters or SPC",
                            "Withheld: a figure behind the ratings or the chart is withheld."))
        return entries

    def _withheld_entries(self) -> list[tuple[Cell | str, str]]:
        """The disclosure rules in general terms: the thresholds, never a figure of the data."""
        rules = DisclosureRules.from_settings(self.settings)
        n, d = rules.small_count_max, rules.min_denominator
        return [
            ("Part 2 indicator", f"{PART_2_NOTE}: its ref, title, target and RAG are shown here, and every "
                                 "figure of its own is [c]. Benchmarks, which are already published, are shown."),
            ("Small count", f"A count from 1 to {n} (children, episodes or plans). A true zero is shown as 0."),
            ("Percentage, rate or average", f"Withheld when it is based on {d} or fewer, when its count is withheld, "
                                            f"or when the number without the outcome is from 1 to {n}. Its count "
                                            "and total are then withheld too, as any two give the third."),
            ("Worked out from others", "A figure from which a withheld one could be worked out is withheld too: "
                                       "the next year-to-date total, and the direction of travel and the "
                                       "explanation of the RAG beside a withheld figure."),
            # Issue 14: the rules across the file and across periods, in words (no figure of the data).
            ("Counts unknown", f"A percentage, rate or average whose counts the workbook does not give is "
                               f"withheld where the indicator has a cohort of {d} or fewer."),
            ("Totals and parts", "Where a part of a total is withheld, the next smallest part is withheld too, "
                                 "so that it cannot be found by subtraction."),
            ("Years and running totals", "A year's figure is withheld when one of its months is; a running total "
                                         "(year to date) is withheld where the step from the last one published "
                                         "would be a withheld figure."),
            ("Across indicators", "A figure that gives another indicator's withheld figure (the same cohort, the "
                                  "rest of the same group, or a rate with a population printed here) is withheld."),
            ("RAG [c]", "A RAG that, with the target, would leave only one possible value for a withheld figure is "
                        "withheld too, and left out of the counts and the changes in rating."),
            ("Stored as shown", "Every figure is stored rounded as it is shown."),
        ]


_VARIATION_MEANING = {
    Variation.COMMON: "The latest month is within the usual variation: no signal.",
    Variation.IMPROVING_HIGH: "The latest month signals a real change upwards, and higher is better.",
    Variation.IMPROVING_LOW: "The latest month signals a real change downwards, and lower is better.",
    Variation.CONCERNING_HIGH: "The latest month signals a real change upwards, and lower is better.",
    Variation.CONCERNING_LOW: "The latest month signals a real change downwards, and higher is better.",
    Variation.NEUTRAL_HIGH: "A real change upwards, for an indicator with no better direction.",
    Variation.NEUTRAL_LOW: "A real change downwards, for an indicator with no better direction.",
}
_ASSURANCE_MEANING = {
    Assurance.MET: "The target lies beyond the process limits on the side that meets it: met every month unless "
                   "the process changes.",
    Assurance.MISSED: "The target lies beyond the process limits on the side that misses it: missed every month "
                      "unless the process changes.",
    Assurance.HIT_AND_MISS: "The target lies within the process limits: some months will meet it and some miss it.",
}


def spc_text(trend: Trend, *, figures: bool) -> str:
    """The SPC cell: the icons in symbols and words, and in Part 2 (`figures`) the mean and limits."""
    chart = trend.chart
    if chart is None:
        return f"Fewer than {MIN_POINTS} monthly figures: no SPC chart yet"
    lines = [f"{chart.variation.symbol} {chart.variation.words}"]
    if chart.assurance is not None:
        lines.append(f"{chart.assurance.symbol} {chart.assurance.words}")
    signals = [r.words for r in chart.signals]
    if signals:
        lines.append("Signals: " + "; ".join(signals))
    if figures:
        lines.append(f"Mean {_g(chart.mean)}; limits {_g(chart.lower)} to {_g(chart.upper)} "
                     f"({len(chart.points)} months)")
    return "\n".join(lines)


def _g(value: float) -> str:
    return f"{round_half_up(value, 1):,.1f}"


def _listing(items: list[str]) -> str:
    """"5, 22 and 23"."""
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def split_commentary(text: str, limit: int = COMMENTARY_CHUNK) -> list[str]:
    """Commentary in pieces of at most about `limit` characters, broken between paragraphs or sentences."""
    if len(text) <= limit:
        return [text]
    pieces: list[str] = []
    current = ""
    for unit in _units(text, limit):
        joined = f"{current}{unit}"
        if current and len(joined) > limit:
            pieces.append(current.strip())
            current = unit
        else:
            current = joined
    if current.strip():
        pieces.append(current.strip())
    return pieces


def _units(text: str, limit: int) -> Iterable[str]:
    """Paragraphs, or the sentences of a paragraph too long for one piece."""
    for paragraph in text.splitlines(keepends=True):
        if len(paragraph) <= limit:
            yield paragraph
            continue
        for sentence in re.split(r"(?<=[.!?])\s+", paragraph):
            while len(sentence) > limit:
                yield sentence[:limit]
                sentence = sentence[limit:]
            yield sentence + " "


def _file_name(path: str) -> str:
    return re.split(r"[\\/]", path)[-1]
