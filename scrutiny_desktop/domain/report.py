"""The report draft as pure data: the summary and section 3.5, "Management commentary on exception".

Both editions come from here. The Part 2 draft describes every exception. The public Part 1
draft describes only the exceptions whose commentary the `Redaction` publishes, drafts their
figures through it (so a withheld figure is stated nowhere), and names the others (sensitive
indicators, and any whose commentary is withheld with its figure) in one sentence that refers
the reader to the Part 2 report, as the committee report (CEF 19019) does: "Please refer to the
Part two report for management commentary on indicators 5, 22, 23."
The writer only lays the blocks out; it decides nothing about what may be shown.
"""

from __future__ import annotations

from dataclasses import dataclass

from scrutiny_desktop.domain.appendix import MARKING
from scrutiny_desktop.domain.changes import RatingChange, RatingChanges
from scrutiny_desktop.domain.disclosure import NO_REDACTION, DisclosureRules, Redaction, Slot
from scrutiny_desktop.domain.drafting import draft_commentary
from scrutiny_desktop.domain.formatting import xml_text
from scrutiny_desktop.domain.history import NO_TRENDS, PublicGate, Trends
from scrutiny_desktop.domain.model import Rag
from scrutiny_desktop.domain.periods import Period
from scrutiny_desktop.domain.review import Review, Reviewed
from scrutiny_desktop.domain.settings import Settings

SECTION = "3.5"
PUBLIC_MARKING = "PART ONE – PUBLIC"
COMMENTARY_NEEDED = "[commentary needed]"
SECTION_TITLE = "Management commentary on exception – Index indicators performing below expectation"
REFERRAL = (
    "Please refer to the Part two report for management commentary on {indicators}. This data has been "
    "suppressed in order to minimise the risk of sensitive personal information being identified and to comply "
    "with the General Data Protection Regulation. The publication of data should not result in the "
    "identification of a person when it is reviewed with other publicly available data or when combined with "
    "information provided through FOI requests. Performance for this reason is presented in the part two report."
)
# Characters XML 1.0 cannot hold (a commentary file may carry them); Word would refuse the file.
@dataclass(frozen=True)
class ExceptionText:
    """One numbered subsection: "3.5.1 Indicator 25: Stability of placements ... (RED)"."""

    number: str  # "3.5.1"
    ref: str
    heading: str  # "Indicator 25: Stability of placements ... (RED)"
    rag: Rag
    figures: str  # the sentence(s) with the figures, target and direction of travel
    commentary: tuple[str, ...]  # the officer's paragraphs; empty when still needed

    @property
    def title(self) -> str:
        return f"{self.number} {self.heading}"


@dataclass(frozen=True)
class ReportDraft:
    """One edition of the report draft, ready for a writer."""

    title: str  # the document title property
    heading: str  # "Performance Reporting – Children's Scrutiny Dataset"
    period: str  # "October 2019"
    public: bool
    marking: str  # in every page header: PART ONE – PUBLIC, or the NOT FOR PUBLICATION marking
    author: str
    summary: tuple[str, ...]  # paragraphs above the table of ratings
    counts: tuple[tuple[str, int], ...]  # ("Red", 5), ... then ("Total", 40)
    changes_heading: str
    changes: tuple[str, ...]  # one line per indicator that changed rating, newly Red first
    section_heading: str  # "3.5 Management commentary on exception – ..."
    introduction: tuple[str, ...]  # the lead-in sentence, and in Part 1 the referral to Part 2
    exceptions: tuple[ExceptionText, ...]
    withheld_refs: tuple[str, ...] = ()  # exceptions whose commentary is left to the Part 2 report (Part 1 only)


def build_report(
    review: Review,
    changes: RatingChanges,
    settings: Settings = Settings(),
    redaction: Redaction = NO_REDACTION,
    *,
    public: bool = False,
    section: str = SECTION,
    trends: Trends = NO_TRENDS,
) -> ReportDraft:
    """The report draft for `review`: the Part 2 edition, or the public Part 1 one when `public`.

    With `trends` (the history), the summary names the indicators Red for two or more quarters running.
    """
    name = review.dataset.title.strip() or "Children's services performance"
    period = review.period.long_label if review.period else "no period"
    edition = "Part 1 (public)" if public else "Part 2 (not for publication)"
    # Issue 14: a RAG that pins a withheld figure is counted as withheld, or the counts would give it back;
    # and its indicator is referred to Part 2 whatever its rating, or being listed (or not) would say it.
    hidden = frozenset(i.ref for i in review.items if public and redaction.suppressed(i.ref, Slot("rag")) is not None)
    withheld = tuple(i.ref for i in review.items if i.ref in hidden or (
        i.rag.is_exception and public and redaction.suppressed(i.ref, Slot("commentary")) is not None))
    described = [i for i in review.exceptions if i.ref not in withheld]
    exceptions = tuple(
        _exception(item, f"{section}.{n}", redaction if public else NO_REDACTION)
        for n, item in enumerate(described, start=1)
    )
    return ReportDraft(
        title=f"Management commentary on exception: {name}, {period} – {edition}",
        heading=f"Performance Reporting – {name}",
        period=period,
        public=public,
        marking=PUBLIC_MARKING if public else MARKING,
        author=settings.organisation,
        summary=(*_summary(review, name, section, hidden),
                 *_red_running(review, trends, settings, redaction, public)),
        counts=_counts(review, hidden),
        changes_heading=changes_heading(changes),
        changes=change_lines(changes),
        section_heading=f"{section} {SECTION_TITLE}",
        introduction=_introduction(review, name, withheld, any(i.ref not in hidden for i in review.exceptions)),
        exceptions=exceptions,
        withheld_refs=withheld,
    )


def _red_running(review: Review, trends: Trends, settings: Settings, redaction: Redaction,
                 public: bool) -> tuple[str, ...]:
    """"Red for two or more quarters running: indicator 1 (...) and indicator 2 (...)." (or nothing)."""
    gate = PublicGate.of(redaction, DisclosureRules.from_settings(settings))
    named = [
        f"indicator {item.ref} ({' '.join(xml_text(item.indicator.title).split())})"
        for item in review.items
        if trends.of(item.ref).red_running >= 2 and (not public or gate.allows(trends.of(item.ref), item))
    ]
    if not named:
        return ()
    listing = named[0] if len(named) == 1 else f"{', '.join(named[:-1])} and {named[-1]}"
    return (f"Red for two or more quarters running: {listing}.",)


def commentary_paragraphs(text: str) -> tuple[str, ...]:
    """The officer's commentary as paragraphs: one per line, blank lines dropped."""
    return tuple(line.strip() for line in xml_text(text).splitlines() if line.strip())


def _as_at(period: Period | None) -> str:
    """"As at the end of October 2019" (a month) or "For Q2 2019/20 (July to September 2019)"."""
    if period is None:
        return "At present"
    if period.is_quarter:
        return f"For {period.long_label}"
    return f"As at the end of {period.long_label}"


def _tally(review: Review, hidden: frozenset[str]) -> dict[Rag, int]:
    tally = dict.fromkeys(Rag, 0)
    for item in review.items:
        if item.ref not in hidden:
            tally[item.rag] += 1
    return tally


def _summary(review: Review, name: str, section: str, hidden: frozenset[str] = frozenset()) -> tuple[str, ...]:
    counts = _tally(review, hidden)
    total = len(review.items)
    parts = [f"{counts[Rag.RED]} Red", f"{counts[Rag.AMBER]} Amber", f"{counts[Rag.GREEN]} Green",
             f"{counts[Rag.NONE]} with no target", f"{counts[Rag.MISSING]} with no data"]
    if hidden:
        parts.append(f"{len(hidden)} withheld")
    indicators = "indicator" if total == 1 else "indicators"
    lines = [f"{_as_at(review.period)}, the {name} has {total} {indicators}: {', '.join(parts)}."]
    found = sum(1 for i in review.exceptions if i.ref not in hidden)
    if found:
        verb = "is" if found == 1 else "are"
        lines.append(f"{found} {verb} performing below expectation (Red or Amber); section {section} below gives "
                     "the management commentary.")
    return tuple(lines)


def _counts(review: Review, hidden: frozenset[str] = frozenset()) -> tuple[tuple[str, int], ...]:
    counts = _tally(review, hidden)
    rows = [(rag.word, counts[rag]) for rag in (Rag.RED, Rag.AMBER, Rag.GREEN, Rag.NONE, Rag.MISSING)]
    if hidden:
        rows.append(("Withheld", len(hidden)))
    return (*rows, ("Total", len(review.items)))


def _since(changes: RatingChanges) -> str:
    assert changes.since is not None
    return changes.since.long_label


def changes_heading(changes: RatingChanges) -> str:
    """The changes' heading in the drafts, and in the window's result of the export ("… since September 2019")."""
    if not changes.compared:
        return "Changes in rating"
    return f"Changes in rating since {_since(changes)}"


def _change_line(change: RatingChange) -> str:
    newly = " (newly Red)" if change.newly_red else ""
    return f"Indicator {change.ref}: {change.title} – {change.text}{newly}."


def change_lines(changes: RatingChanges) -> tuple[str, ...]:
    """One sentence per indicator that changed rating (newly Red first), or why there is none."""
    if not changes.compared:
        return ("There is no earlier period to compare with.",)
    lines = [_change_line(c) for c in (*changes.changed, *changes.appeared, *changes.disappeared)]
    if not changes.changed:
        lines.insert(0, f"No indicator changed rating since {_since(changes)}.")
    return tuple(lines)


def _introduction(review: Review, name: str, withheld: tuple[str, ...], shown: bool = True) -> tuple[str, ...]:
    if not shown and not withheld:
        return (f"{_as_at(review.period)}, no {name} key performance indicator was performing below expectation.",)
    lines = [f"{_as_at(review.period)}, the following {name} key performance indicators were performing below "
             "expectation."]
    if withheld:
        refs = ", ".join(withheld)
        lines.append(REFERRAL.format(indicators=f"indicator {refs}" if len(withheld) == 1 else f"indicators {refs}"))
    return tuple(lines)


def _exception(item: Reviewed, number: str, redaction: Redaction) -> ExceptionText:
    ind = item.indicator
    title = " ".join(xml_text(ind.title).split())
    commentary = item.commentary.strip()
    full = draft_commentary(item)
    if full and commentary.startswith(full):
        # The officer completed the window's draft: its figures are stated once, in this edition's words.
        commentary = commentary[len(full):].strip()
    return ExceptionText(
        number=number,
        ref=item.ref,
        heading=f"Indicator {item.ref}: {title} ({item.rag.word.upper()})",
        rag=item.rag,
        figures=xml_text(draft_commentary(item, redaction)),
        commentary=commentary_paragraphs(commentary),
    )
