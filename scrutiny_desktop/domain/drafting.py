"""A first draft of an exception's management commentary, carrying its figures in the report's style.

The committee report (CEF 19019, section 3.5) opens each exception with the figures:
"As at the end of October 2019, 55% of our children (50 out of 91) had been in their placement
for two years or more." The draft states the figures, the target and the trend in that style; the
officer completes it with the reasons and the actions. A draft left untouched is not commentary.

The same sentences open each exception of the Word report draft. For the public (Part 1) report
they are drafted through the redaction: a withheld figure is not stated, and a direction of
travel that compares a withheld figure is left out.
"""

from __future__ import annotations

import re

from scrutiny_desktop.domain.disclosure import NO_REDACTION, Redaction, Slot, Symbol
from scrutiny_desktop.domain.formatting import count_text, number_text, value_text
from scrutiny_desktop.domain.model import Indicator, Unit, UnitKind
from scrutiny_desktop.domain.periods import MONTH_NAMES, Period
from scrutiny_desktop.domain.rating import Direction, Travel, resolve_target
from scrutiny_desktop.domain.review import Reviewed

# How a title's opening words become the subject of "... stood at 55%".
_SUBJECTS = (
    (re.compile(r"^\s*(?:%|percentage|per ?cent|proportion)\s+of\s+", re.I), "the proportion of "),
    (re.compile(r"^\s*%\s*", re.I), "the proportion of "),
    (re.compile(r"^\s*(?:number|no\.?)\s+of\s+", re.I), "the number of "),
    (re.compile(r"^\s*rate\s+of\s+", re.I), "the rate of "),
    (re.compile(r"^\s*average\s+", re.I), "the average "),
)

_HAS_MOVED = {
    Direction.IMPROVING: "improved",
    Direction.WORSENING: "worsened",
    Direction.NO_CHANGE: "not changed",
    Direction.INCREASING: "risen",
    Direction.DECREASING: "fallen",
}


def draft_commentary(item: Reviewed, redaction: Redaction = NO_REDACTION) -> str:
    """Two or three sentences with the figures, for the officer to complete.

    "As at the end of October 2019, the figure for Stability of placements ... stood at 55%
    (50 out of 91). This is lower than the target of 65%. This has worsened since September
    2019 (55.4%) and since October 2018 (57.7%)."

    With a `redaction`, only what it publishes: "The figure for October 2019 is withheld ([c]) so
    that no child can be identified." when the current figure is withheld.
    """
    ind = item.indicator
    if _figure_withheld(item, redaction):
        assert item.period is not None
        when = item.period.long_label
        sentences = [f"The figure for {when} is withheld ({Symbol.CONFIDENTIAL.value}) so that no child can be "
                     "identified."]
    else:
        sentences = [f"{_opening(item.period)} {_subject(ind.title)} stood at {_figure(item)}."]
        comparison = _comparison(item)
        if comparison:
            sentences.append(comparison)
    trend = _trend(item, redaction)
    if trend:
        sentences.append(trend)
    return " ".join(sentences)


def _figure_withheld(item: Reviewed, redaction: Redaction) -> bool:
    """Whether any figure of the current "n of d, p%" group is withheld (then none of it is stated)."""
    if item.period is None or item.outturn.value is None:
        return False
    key = item.period.key
    return any(redaction.suppressed(item.ref, Slot("outturn", key, part)) is not None
               for part in ("value", "numerator", "denominator"))


def commentary_from_editor(text: str, draft: str) -> str:
    """What an editor's text counts as: the draft left as it was is no commentary yet."""
    if not text.strip() or (draft.strip() and text.strip() == draft.strip()):
        return ""
    return text


def _opening(period: Period | None) -> str:
    if period is None:
        return "At present,"
    if period.is_quarter:
        first = period.shifted(-2)
        return f"The data for {_month_name(first)} to {_month_name(period)} {period.year} shows that"
    return f"As at the end of {period.long_label},"


def _month_name(period: Period) -> str:
    return MONTH_NAMES[period.month - 1]


def _subject(title: str) -> str:
    clean = " ".join(title.split()).rstrip(" .")
    for pattern, subject in _SUBJECTS:
        match = pattern.match(clean)
        if match and clean[match.end():]:
            return subject + clean[match.end():]
    return f"the figure for {clean}"


def _unit_words(unit: Unit) -> str:
    if unit.kind is UnitKind.DAYS:
        return " days"
    if unit.kind is UnitKind.WEEKS:
        return " weeks"
    if unit.kind is UnitKind.RATE and unit.per and unit.per != 1:
        return f" per {count_text(unit.per)}"
    return ""


def _figure(item: Reviewed) -> str:
    out, unit = item.outturn, item.indicator.unit
    if out.value is None:
        return "no figure"
    has_fraction = out.numerator is not None and out.denominator is not None
    text = value_text(out.value, unit, whole_percent=has_fraction) + _unit_words(unit)
    if has_fraction:
        assert out.numerator is not None and out.denominator is not None
        text += f" ({count_text(out.numerator)} out of {count_text(out.denominator)})"
    return text


def _comparison(item: Reviewed) -> str:
    ind, value = item.indicator, item.outturn.value
    low, high, _ = resolve_target(ind)
    if value is None or low is None or high is None:
        return ""
    if low <= value <= high:
        side = "within"
    else:
        side = "lower than" if value < low else "higher than"
    if ind.target.benchmark is not None and ind.target.low is None:
        what = f"the {ind.target.benchmark.label} benchmark of {value_text(low, ind.unit)}"
    elif low != high:
        what = f"the range of {_range_text(low, high, ind)}"
    else:
        what = f"the target of {value_text(low, ind.unit)}"
    return f"This is {side} {what}."


def _range_text(low: float, high: float, ind: Indicator) -> str:
    if ind.unit.is_percent:
        return f"{number_text(low)}% to {number_text(high)}%"
    return f"{number_text(low)} to {number_text(high)}"


def _trend(item: Reviewed, redaction: Redaction) -> str:
    moves = (("vs_previous", item.vs_previous), ("vs_last_year", item.vs_last_year))
    parts = [part for key, move in moves
             if not redaction.suppressed(item.ref, Slot("direction", key)) and (part := _moved(move, item.indicator))]
    if not parts:
        return ""
    if len(parts) == 2 and parts[0][0] == parts[1][0]:
        return f"This has {parts[0][0]} since {parts[0][1]} and since {parts[1][1]}."
    return "This has " + " and ".join(f"{verb} since {when}" for verb, when in parts) + "."


def _moved(travel: Travel, ind: Indicator) -> tuple[str, str] | None:
    verb = _HAS_MOVED.get(travel.direction)
    if verb is None or travel.previous is None or travel.previous_period is None:
        return None
    period = travel.previous_period
    when = period.label if period.is_quarter else period.long_label
    return verb, f"{when} ({value_text(travel.previous, ind.unit)})"
