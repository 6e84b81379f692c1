"""Withheld figures and confidential text, looked for in the text of a public file.

A public appendix legitimately holds many small numbers: refs ("5", "22"), targets, tolerances,
benchmarks, the published figures of other indicators, numbers inside titles ("lasted 2 years").
So a withheld figure is only reported where it cannot be one of those:

- in a row that belongs to an indicator (its leftmost cell is the ref, or a cell is the title),
  any number that matches one of that indicator's withheld figures and none of its published
  ones; a withheld "n of d" pair written as text or in two neighbouring cells;
- anywhere else that holds values (cells of other rows, text in any part), a number that matches
  a withheld figure and nothing published anywhere, unless it is a bare whole number up to the
  small-count and denominator thresholds: "4" away from its row says nothing about whose it is;
- in attribute values and binary parts, only distinctive forms: an "n of d" pair, or a number
  with at least two decimals and three significant digits (0.0303, 54.95);
- confidential text (commentary of sensitive indicators, explanations quoting withheld figures)
  where what public text shares with it says something specific: a passage, a figure, a date or
  a name (`text.py`), wherever it is. Found in an officer's commentary, a finding names that
  commentary's indicator and the words to take out.

A figure is matched in several forms: rounded to 0-4 decimal places, and a percentage also as a
0-1 fraction (40% as 0.4, 54.945% as 0.5495), with or without a `%` sign.
"""

from __future__ import annotations

import contextlib
import math
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import cached_property, lru_cache
from typing import Any

from scrutiny_desktop.audit.text import ConfidentialText, figure_words
from scrutiny_desktop.domain.appendix import SPC_NOTE, reporting_periods
from scrutiny_desktop.domain.disclosure import (
    DEFAULT_RULES,
    PART_2_NOTE,
    SHORTHAND_NOTE,
    DisclosureRules,
    Figure,
    Redaction,
    Slot,
    public_commentary,
    row_figures,
)
from scrutiny_desktop.domain.drafting import draft_commentary
from scrutiny_desktop.domain.formatting import count_text, half_up_decimals, number_text, round_half_up
from scrutiny_desktop.domain.refs import ref_text
from scrutiny_desktop.domain.review import Review, Reviewed

_MAX_NUMBER_TEXT = 40
_MAX_FIGURE = 1e15
_PLACES = range(0, 5)
_FRACTION_PLACES = range(2, 7)  # a percentage at 0-4 decimal places, as a 0-1 fraction

_MONTH = (r"(?:january|february|march|april|may|june|july|august|september|october|november|december"
          r"|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)")
# Text that holds digits but no figure: cell references, dates, years, periods, header codes.
_NOT_FIGURES = re.compile(
    r"\$?\b[A-Z]{1,3}\$?[0-9]+(?::\$?[A-Z]{1,3}\$?[0-9]+)?\b"
    r"|\$[A-Z]{1,3}|\$[0-9]+(?::\$[0-9]+)?"
    r"|(?i:\b\d{4}-\d{2}-\d{2}(?:T[\d:.]+Z?)?)"
    r"|\b\d{1,2}[/.]\d{1,2}[/.]\d{2,4}\b"
    r"|\b(?:19|20)\d{2}\s*[/–-]\s*\d{2,4}\b"
    r"|(?i:\b" + _MONTH + r"\.?(?:\s+\d{4}|\s*[-'’]\s*\d{2})\b)"
    r"|(?i:\bq[1-4]\b)"
    r"|(?i:\bpart\s*(?:1|2|one|two)\b)"
    r"|&[A-Za-z]"
)
_PAIR = re.compile(r"(?<![\w.])(\d[\d,]*(?:\.\d+)?)\s*(?:of|out of|/)\s*(?:(?:the|these|those|our)\s+)?"
                   r"(\d[\d,]*(?:\.\d+)?)(?![\w]|\.\d)", re.I)
# Figures written in words count as figures ("two of the five children", "all seventeen episodes").
_UNITS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
          "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"]
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
_WORD_VALUES = {word: n for n, word in enumerate(_UNITS)} | _TENS
_NUMBER_WORDS = re.compile(
    r"\b(" + "|".join(_TENS) + r")(?:[\s-]+(" + "|".join(_UNITS[1:10]) + r"))?\b|\b(" + "|".join(_UNITS) + r")\b",
    re.I)


def words_as_digits(text: str) -> str:
    """"two of the five children" -> "2 of the 5 children": the text checks read figures however they are written."""
    def digits(m: re.Match[str]) -> str:
        if m.group(3):
            return str(_WORD_VALUES[m.group(3).casefold()])
        return str(_TENS[m.group(1).casefold()] + (_WORD_VALUES[m.group(2).casefold()] if m.group(2) else 0))
    return _NUMBER_WORDS.sub(digits, text)
_NUMBER = re.compile(r"(?<![\w.])(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(?![\w]|\.\d)(\s*%)?")
_WORDS = re.compile(r"[^\w%]+")


@dataclass(frozen=True)
class Token:
    """A number as written: its value, its decimal places, and whether a `%` followed it."""

    value: Decimal
    places: int
    percent: bool = False

    @cached_property
    def key(self) -> str:
        return _key(self.value)

    @cached_property
    def keys(self) -> frozenset[str]:
        """The forms it is compared in: as written, and at four places when written longer."""
        keys = {self.key}
        if self.places > 4:
            keys.add(_key(self.value.quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)))
        return frozenset(keys)

    @cached_property  # a token is kept per number (`number_token`) and asked again in every row
    def distinctive(self) -> bool:
        """Specific enough to report wherever it is found (0.0303, 54.95), unlike 3 or 0.5."""
        digits = self.value.normalize().as_tuple().digits
        return self.places >= 2 and len(digits) >= 3

    @cached_property
    def whole(self) -> bool:
        return self.value == self.value.to_integral_value()


@dataclass(frozen=True)
class Exposure:
    """A withheld figure or confidential text found in the public file."""

    ref: str
    what: str  # "value for Oct 2019 (15)", "commentary"
    # Confidential text found in commentary: the words shared, the indicator whose commentary holds them
    # (to edit), and whether the sharing is only worth a look (commonplace wording), not a leak.
    words: str = ""
    commentary_of: str | None = None
    warning: bool = False


def _key(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return "0" if text in ("-0", "0") else text


def _pair_key(n: Token, d: Token) -> tuple[str, str]:
    return n.key, d.key


def _rounded(value: float, places: int) -> Decimal:
    """A figure rounded as Excel shows it (`round_half_up`), as a Decimal to key on."""
    return Decimal(repr(round_half_up(value, places)))


@lru_cache(maxsize=1 << 17)
def _rounded_key(value: float, places: int) -> str:
    """`_key(_rounded(value, places))`, cached: a large workbook repeats its figures many times over."""
    return _key(_rounded(value, places))


def _rounded_keys(value: float, places: range) -> list[str]:
    """`_rounded_key(value, p)` for each of `places`, cutting the value to 15 digits once.

    Each rounding is keyed as the exact decimal it is: a decimal of at most 15 significant digits
    comes back unchanged from the float that `_rounded` passes it through.
    """
    if -1e15 < value < 1e15 and float(value).is_integer():
        # A whole number of at most 15 digits rounds to itself at any places, and its key is its digits
        # ("-0" as "0"): most figures are counts, and this spares five roundings of each.
        return [str(int(value))] * len(places)
    exact = half_up_decimals(value, places)
    if exact is None:
        return [_rounded_key(value, p) for p in places]
    return [_key(d) for d in exact]


@lru_cache(maxsize=1 << 16)
def _forms(value: float, percent: bool) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """A figure's keys at 0-4 places, and a percentage's as a 0-1 fraction, each once."""
    plain = dict.fromkeys(_rounded_keys(value, _PLACES))
    fraction = dict.fromkeys(_rounded_keys(value / 100.0, _FRACTION_PLACES)) if percent else {}
    return tuple(plain), tuple(fraction)


@lru_cache(maxsize=1 << 14)  # the numbers of a public file repeat (counts, symbols' neighbours, refs)
def number_token(raw: str, percent: bool = False) -> Token | None:
    """A cell's number (`<v>` text such as 0.54945054945054945 or 1E-3) as a token.

    Nothing longer than a float's repr or beyond 10^15 is a figure; refusing those keeps a hostile
    `<v>1E+999999999</v>` from being written out in full.
    """
    text = raw.strip().replace(",", "")
    if len(text) > _MAX_NUMBER_TEXT:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        return None
    if not value.is_finite() or not -12 <= value.adjusted() <= 15:
        return None
    exponent = value.as_tuple().exponent
    places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    return Token(abs(value), places, percent)


_NO_TOKENS: tuple[tuple[Token, ...], tuple[tuple[Token, Token], ...]] = ((), ())
_DIGIT = re.compile(r"\d")
_MAX_CACHED_TEXT = 1000  # longer texts (a binary part's, a long commentary) rarely repeat: not kept


def tokens(text: str) -> tuple[tuple[Token, ...], tuple[tuple[Token, Token], ...]]:
    """The numbers and the "n of d" pairs in a piece of text."""
    if _DIGIT.search(text) is None and _NUMBER_WORDS.search(text) is None:
        # Every number and pair is digits, written so or from number words ("two" -> "2"): none here.
        return _NO_TOKENS
    if len(text) <= _MAX_CACHED_TEXT:
        return _cached_tokens(text)
    return _tokens(text)


@lru_cache(maxsize=1 << 14)  # a public file repeats its texts in row after row ("30 (tolerance 5)", "Average")
def _cached_tokens(text: str) -> tuple[tuple[Token, ...], tuple[tuple[Token, Token], ...]]:
    return _tokens(text)


def _tokens(text: str) -> tuple[tuple[Token, ...], tuple[tuple[Token, Token], ...]]:
    cleaned = _NOT_FIGURES.sub(" ", words_as_digits(text))
    pairs: list[tuple[Token, Token]] = []
    for m in _PAIR.finditer(cleaned):
        n, d = number_token(m.group(1)), number_token(m.group(2))
        if n is not None and d is not None:
            pairs.append((n, d))
    numbers: list[Token] = []
    for m in _NUMBER.finditer(cleaned):
        token = number_token(m.group(1) + (m.group(2) or ""), percent=bool(m.group(3)))
        if token is not None:
            numbers.append(token)
    return tuple(numbers), tuple(pairs)


def normalise_words(text: str) -> str:
    return " " + " ".join(_WORDS.sub(" ", text.casefold().replace("’", "'")).split()) + " "


def _label(labels: dict[Any, str], key: Any, label: str) -> None:
    """Name the figure a form stands for; up to three figures when several share it (62 in July and August)."""
    held = labels.get(key)
    if held is None:
        labels[key] = label
    elif label and label not in held and held.count(";") < 2:
        labels[key] = f"{held}; {label}" if held else label


# Sentences the program prints in the Key whose numbers describe its method ("15 or more monthly
# figures", "2.66 times the average moving range"). Excused only word for word: the same numbers
# elsewhere are still looked for.
_PROGRAM_SENTENCES = frozenset({" ".join(SPC_NOTE.split())})


@dataclass
class _Index:
    """Figures by the forms they may be written in, each with a label saying whose figure it is."""

    plain: dict[str, str] = field(default_factory=dict)  # every figure, as itself
    percent: dict[str, str] = field(default_factory=dict)  # percentages only, on the 0-100 scale
    fraction: dict[str, str] = field(default_factory=dict)  # percentages as 0-1 fractions
    pairs: dict[tuple[str, str], str] = field(default_factory=dict)

    def add_figure(self, value: float, percent: bool, label: str = "") -> None:
        if not math.isfinite(value) or abs(value) > _MAX_FIGURE:
            return  # no figure of a KPI workbook; rounding it would overflow Decimal's precision
        plain, fraction = _forms(value, percent)
        if not label:  # what `_label` does with no label, without a call per form
            for key in plain:
                self.plain.setdefault(key, "")
            if percent:
                for key in plain:
                    self.percent.setdefault(key, "")
                for key in fraction:
                    self.fraction.setdefault(key, "")
            return
        # Labelling a form twice with one label changes nothing, so each form is labelled once; a form
        # nobody has labelled takes the label as `_label` would give it, without the call.
        for labels, keys in ((self.plain, plain), (self.percent, plain if percent else ()), (self.fraction, fraction)):
            for key in keys:
                if key not in labels:
                    labels[key] = label
                else:
                    _label(labels, key, label)

    def add_token(self, token: Token) -> None:
        for key in token.keys:
            self.plain.setdefault(key, "")
            if token.percent:
                self.percent.setdefault(key, "")

    def add_text(self, text: str, skip: _Index | None = None) -> None:
        numbers, pairs = tokens(text)
        for token in numbers:
            if skip is None or skip.holds(token) is None:
                self.add_token(token)
        for n, d in pairs:
            if skip is None or skip.holds_pair(n, d) is None:
                self.pairs.setdefault(_pair_key(n, d), "")

    def add_pair(self, numerator: float, denominator: float, label: str = "") -> None:
        _label(self.pairs, (_rounded_key(numerator, 4), _rounded_key(denominator, 4)), label)

    def holds(self, token: Token) -> tuple[str, bool] | None:
        """The label of a figure the token may be, and whether it is the same kind of figure.

        A `%` number is a percentage first, but may be any figure written with a sign; a bare
        number is any figure, or a percentage written as a 0-1 fraction.
        """
        for key in token.keys:
            if token.percent and key in self.percent:
                return self.percent[key], True
        for key in token.keys:
            if key in self.plain:
                return self.plain[key], not token.percent
            if not token.percent and key in self.fraction:
                return self.fraction[key], True
        return None

    def publishes(self, token: Token) -> bool:
        """True when the token may be a published figure (a `%` number: only a published percentage)."""
        for key in token.keys:
            if token.percent:
                if key in self.percent:
                    return True
            elif key in self.plain or key in self.fraction:
                return True
        return False

    def holds_pair(self, n: Token, d: Token) -> str | None:
        return self.pairs.get(_pair_key(n, d))

    def update(self, other: _Index) -> None:
        """Add the other's forms that this index lacks; a form it has keeps its label."""
        for mine, theirs in ((self.plain, other.plain), (self.percent, other.percent),
                             (self.fraction, other.fraction)):
            mine.update({key: label for key, label in theirs.items() if key not in mine})
        self.pairs.update({pair: label for pair, label in other.pairs.items() if pair not in self.pairs})


@lru_cache(maxsize=1 << 14)  # a count or a percentage recurs across months and indicators
def _shown(value: float, count: bool) -> str:
    """A figure as a label quotes it (a function of the number alone: 1 and 1.0, 0.0 and -0.0 read the same)."""
    return count_text(value) if count else number_text(value, 2)


def _slot_label(item: Reviewed, figure: Figure, months: dict[str, str]) -> str:
    """What a withheld figure is, e.g. "value for Oct 2019 (15)"; `months` names the period keys."""
    slot = figure.slot
    shown = _shown(figure.value, figure.count)
    if figure.percent:
        shown += "%"
    if slot.kind == "outturn":
        month = months.get(slot.key, slot.key)
        what = "value" if slot.part == "value" else slot.part
        return f"{what} for {month} ({shown})"
    if slot.kind == "annual":
        return f"outturn for {slot.key} ({shown})"
    return f"{slot.kind} {slot.key} ({shown})"


class WithheldSearch:
    """What the public file must not contain, from the source review and its redaction."""

    def __init__(self, review: Review, redaction: Redaction, rules: DisclosureRules = DEFAULT_RULES,
                 extra: Mapping[str, Sequence[tuple[float, bool, str]]] | None = None,
                 public_words: Iterable[str] = ()) -> None:
        """`extra`: more withheld figures by ref, (value, is a percentage, label): an SPC chart's mean and limits.
        `public_words`: sentences the public file prints besides the review's own (a report's summary)."""
        self.withheld: dict[str, _Index] = {}
        self.published: dict[str, _Index] = {}
        self.anywhere = _Index()  # every figure and number that may be published, in any row
        self.general = _Index()  # numbers of the notes and titles any row may carry ("Part 2 report")
        self.withheld_anywhere = _Index()
        self.refs: dict[str, str] = {}
        self.titles: dict[str, str] = {}
        self.confidential: list[tuple[str, str, str]] = []  # ref, what, text
        # The months the appendix shows (the reporting year so far): a figure of any other month is not
        # published, so it cannot excuse a number that matches a withheld one.
        self.shown_periods = {p.key for p in reporting_periods(review)}
        self._suppressed_keys: dict[str, set[str]] = {}
        for ref, slot in redaction.suppressions:
            if slot.kind == "outturn":
                self._suppressed_keys.setdefault(ref, set()).add(slot.key)
        self.anonymous_max = max(rules.small_count_max, rules.min_denominator)
        public_texts: list[str] = []
        for item in review.items:
            public_texts.extend(self._index(item, redaction))  # uses self.shown_periods
        for ref, figures in (extra or {}).items():
            if ref in self.withheld:
                for value, percent, label in figures:
                    self.withheld[ref].add_figure(value, percent, label)
                    self.withheld_anywhere.add_figure(value, percent, label)
        for ref, text in public_commentary(review, redaction).items():
            # The commentary is published, but a withheld figure quoted in it (its own indicator's or
            # another's: "2 of 66 plans" under 25) is still withheld, and must not count as published.
            self.published[ref].add_text(text, skip=self.withheld_anywhere)
            self.anywhere.add_text(text, skip=self.withheld_anywhere)
            # Not added to the text that may repeat confidential text: published commentary is where an
            # officer would paste a Part 2 passage. Phrases the program itself writes in every draft may.
        if self.confidential:  # only then can a phrase the program drafts excuse anything
            public_texts.extend(draft_commentary(item, redaction) for item in review.items
                                if not redaction.is_sensitive(item.ref))
        data = review.dataset
        # Not the thresholds ("1 to 5"): a key that quotes them must not make 1 and 5 public in every row.
        general = [data.title, data.sheet, PART_2_NOTE, SHORTHAND_NOTE]
        general.extend(item.indicator.section for item in review.items)
        for text in general:
            self.general.add_text(text)
        self.anywhere.update(self.general)
        public_texts.extend(general)
        public_texts.extend(public_words)
        # Every indicator's commentary, as the officers wrote it: what the council writes everywhere is
        # commonplace, and a finding in commentary names the indicator whose commentary to change.
        self.gate = ConfidentialText(self.confidential, {item.ref: item.commentary for item in review.items},
                                     public_texts, self._published_word)
        self._answers: dict[tuple[str, str | None, bool], list[Exposure]] = {}  # what `text` found
        # Which indicators withhold each form, in the review's order: a number away from its own row
        # is looked up in these, not in every indicator's index (that was quadratic in indicators).
        self._order = list(self.withheld)
        self._holders: dict[str, list[int]] = {}
        self._pair_holders: dict[tuple[str, str], list[int]] = {}
        for position, index in enumerate(self.withheld.values()):
            for key in {*index.plain, *index.percent, *index.fraction}:
                self._holders.setdefault(key, []).append(position)
            for pair in index.pairs:
                self._pair_holders.setdefault(pair, []).append(position)

    def _index(self, item: Reviewed, redaction: Redaction) -> list[str]:
        ind = item.indicator
        ref = ind.ref
        hidden, shown = _Index(), _Index()
        months: dict[str, str] = {}
        for period in ind.outturns:
            months.setdefault(period.key, period.label)  # the first period of a key, as before
        published_periods = self.shown_periods | ({item.period.key} if item.period else set())
        # Every withheld figure is looked for, and every published one excuses a match; the other
        # months of a long history are neither, so a public indicator's row is read only for the
        # months shown and the months with a suppression (a sensitive one's in full).
        if redaction.is_sensitive(ref):
            periods = list(ind.outturns)
        else:
            wanted = published_periods | self._suppressed_keys.get(ref, set())
            periods = [p for p in ind.outturns if p.key in wanted]
        for figure in row_figures(ind, periods):
            if redaction.suppressed(ref, figure.slot):
                hidden.add_figure(figure.value, figure.percent, _slot_label(item, figure, months))
            elif figure.slot.kind != "outturn" or figure.slot.key in published_periods:
                shown.add_figure(figure.value, figure.percent)
        for period in periods:
            outturn = ind.outturns[period]
            if outturn.numerator is None or outturn.denominator is None:
                continue
            if redaction.suppressed(ref, Slot("outturn", period.key, "numerator")):
                hidden.add_pair(outturn.numerator, outturn.denominator,
                                f"{_shown(outturn.numerator, True)} of {_shown(outturn.denominator, True)} "
                                f"for {period.label}")
            elif period.key in published_periods:
                shown.add_pair(outturn.numerator, outturn.denominator)
        texts = [ref, ind.title, ind.section, ind.unit.shown_as, item.target_text]
        for number in (ind.target.low, ind.target.high, ind.red_threshold,
                       ind.tolerance.amount if ind.tolerance else None):
            if number is not None:
                shown.add_figure(number, ind.unit.is_percent)
        with contextlib.suppress(ValueError):
            shown.add_figure(float(ref), False)
        explanation = item.explanation
        if redaction.suppressed(ref, Slot("explanation")):
            self.confidential.append((ref, "explanation of its RAG", explanation))
        else:
            texts.append(explanation)
        if redaction.suppressed(ref, Slot("commentary")) and item.commentary.strip():
            self.confidential.append((ref, "commentary", item.commentary))
        for text in texts:
            shown.add_text(text)
        self.withheld[ref] = hidden
        self.published[ref] = shown
        self.anywhere.update(shown)
        self.withheld_anywhere.update(hidden)
        self.refs[ref_text(ref)] = ref
        self.titles[" ".join(ind.title.split()).casefold()] = ref
        return texts

    # -- where a row belongs -------------------------------------------------------------------

    def owner(self, leftmost: str, texts: Iterable[str]) -> str | None:
        """The indicator a row shows: its leftmost cell is the ref, or one of its cells is the title."""
        first = leftmost.strip()
        if first in self.refs:
            return self.refs[first]
        token = number_token(first)
        if token is not None:
            as_ref = ref_text(float(token.value))
            if as_ref in self.refs:
                return self.refs[as_ref]
        for text in texts:
            found = self.titles.get(" ".join(text.split()).casefold())
            if found:
                return found
        return None

    # -- searches ------------------------------------------------------------------------------

    def _number(self, token: Token, owner: str | None, *, values: bool) -> Exposure | None:
        if owner is not None:
            held = self.withheld[owner].holds(token)
            if held is not None and not self.published[owner].publishes(token) and not self.general.publishes(token):
                return Exposure(owner, held[0])
        if not values and not token.distinctive:
            return None
        if token.whole and not token.percent and token.value <= self.anonymous_max:
            return None
        if self.anywhere.publishes(token):
            return None
        best: Exposure | None = None
        positions = sorted({p for key in token.keys for p in self._holders.get(key, ())})
        for ref in (self._order[p] for p in positions):
            held = self.withheld[ref].holds(token)
            if held is not None:
                if held[1]:
                    return Exposure(ref, held[0])
                best = best or Exposure(ref, held[0])
        return best

    def _pair(self, n: Token, d: Token, owner: str | None, *, others: bool = True) -> Exposure | None:
        if owner is not None:
            label = self.withheld[owner].holds_pair(n, d)
            if label is not None and self.published[owner].holds_pair(n, d) is None:
                return Exposure(owner, label)
        if not others or self.anywhere.holds_pair(n, d) is not None:
            return None
        for position in self._pair_holders.get(_pair_key(n, d), ()):
            ref = self._order[position]
            label = self.withheld[ref].holds_pair(n, d)
            if label is not None:
                return Exposure(ref, label)
        return None

    def text(self, text: str, owner: str | None = None, *, values: bool = True) -> list[Exposure]:
        """Withheld figures and confidential text in a piece of text.

        `values` is true where numbers are values (cells, strings, element text); false for attribute
        values and binary parts, where only distinctive forms are reported.
        """
        # The answer depends on these three alone (the search does not change once made), and a sheet
        # repeats its texts in every row ("Green", "→ no change", "30 (tolerance 5)", section names).
        key = (text, owner, values)
        cached = self._answers.get(key)
        if cached is None:
            cached = self._answers[key] = self._text(text, owner, values=values)
        return list(cached)

    def _text(self, text: str, owner: str | None, *, values: bool) -> list[Exposure]:
        if " ".join(text.split()) in _PROGRAM_SENTENCES:
            return []  # the Key's own explanation, word for word: its numbers are the method's, no one's figure
        found: list[Exposure] = []
        numbers, pairs = tokens(text)  # none, at once, for words only: then only confidential text is looked for
        for n, d in pairs:
            exposure = self._pair(n, d, owner)
            if exposure:
                found.append(exposure)
        for token in numbers:
            exposure = self._number(token, owner, values=values)
            if exposure:
                found.append(exposure)
        if found:
            # A withheld figure in an officer's commentary: that commentary is what to change, not a cell.
            holder = self.gate.holder(text, owner)
            if holder is not None:
                found = [replace(e, words=figure_words(text, e.what), commentary_of=holder) for e in found]
        found.extend(self.confidential_text(text, owner))
        return found

    def number(self, raw: str, owner: str | None = None) -> list[Exposure]:
        """A cell's number, as stored (`<v>0.4</v>` for a cell shown as 40%)."""
        token = number_token(raw)
        if token is None:
            return []
        exposure = self._number(token, owner, values=True)
        return [exposure] if exposure else []

    def neighbours(self, left: str, right: str, owner: str | None) -> list[Exposure]:
        """Two numbers in neighbouring cells of a row, read as "n of d".

        In an indicator's own row only its own withheld pairs count: two published months of a count
        (41 then 45) are not another indicator's withheld "41 of 45", and in a table of hundreds of
        indicators such coincidences are certain. Text that says "41 of 45" is matched anywhere.
        """
        n, d = number_token(left), number_token(right)
        if n is None or d is None:
            return []
        own = self.published.get(owner) if owner is not None else None
        if own is not None and own.publishes(n) and own.publishes(d):
            # Two of the row's own published figures (Sep 0, Oct 0.73 shown as 1): no "0 of 1" of any month.
            return []
        exposure = self._pair(n, d, owner, others=owner is None)
        return [exposure] if exposure else []

    def _published_word(self, ref: str, word: str) -> bool:
        """A number written as one word of text ("4", "55%", "four") that the public file shows anyway as one
        of indicator `ref`'s own figures (a Part 2 indicator's target, say)."""
        numbers, _ = tokens(word)
        own = self.published.get(ref)
        return own is not None and bool(numbers) and all(own.publishes(token) for token in numbers)

    def confidential_text(self, text: str, owner: str | None = None) -> list[Exposure]:
        """The confidential texts `text` shares too much with (or, as warnings, wording worth a look)."""
        found = self.gate.find(text)
        if not found:
            return []
        holder = self.gate.holder(text, owner)
        exposures = []
        for position, shared in found:
            ref, what, _ = self.confidential[position]
            exposures.append(Exposure(ref, what, shared.words, holder, not shared.leak))
        return exposures


def first_per_ref(found: Iterable[Exposure]) -> Iterator[Exposure]:
    """One exposure per indicator and kind of figure, so one cell does not fill the report."""
    seen: set[tuple[str, str]] = set()
    for exposure in found:
        if (exposure.ref, exposure.what) not in seen:
            seen.add((exposure.ref, exposure.what))
            yield exposure
