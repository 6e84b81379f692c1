"""What each column of an indicator table means and how its cells are judged: one spec per field.

The reader finds tables and hands raw cells over; a field's spec says whether a cell is blank,
holds a value, or cannot be understood, and which problem an unreadable cell is. The words that
may stand in a cell (polarity, frequency, the Part 2 flag, a stated RAG) are data, a
`Vocabulary`, that a council extends in its headings file or import profile.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType
from typing import Generic, TypeVar

from scrutiny_desktop.domain.model import Frequency, Polarity, Rag, Unit

T = TypeVar("T")


class Outcome(StrEnum):
    BLANK = "blank"
    VALUE = "value"
    UNREADABLE = "unreadable"


@dataclass(frozen=True)
class Parsed(Generic[T]):
    """A cell judged by its field: blank, a value, or text that cannot be understood."""

    outcome: Outcome
    value: T | None = None

    @property
    def is_blank(self) -> bool:
        return self.outcome is Outcome.BLANK

    @property
    def is_unreadable(self) -> bool:
        return self.outcome is Outcome.UNREADABLE


def blank() -> Parsed[T]:
    return Parsed(Outcome.BLANK)


def value(v: T) -> Parsed[T]:
    return Parsed(Outcome.VALUE, v)


def unreadable() -> Parsed[T]:
    return Parsed(Outcome.UNREADABLE)


# -- the words inside cells ------------------------------------------------------------------------

_WORD_KEEP = re.compile(r"[^\w%↑↓+\-/✓✔✗✘×]+")


def words_of(raw: object) -> str:
    """A cell's text reduced for matching words: case and punctuation dropped, ticks and arrows kept."""
    return " ".join(_WORD_KEEP.sub(" ", str(raw).casefold()).split())


_DEFAULT_WORDS: dict[str, dict[str, set[str]]] = {
    "polarity": {
        Polarity.HIGH.value: {
            "high", "h", "higher", "higher is better", "bigger is better", "high is good", "higher is good",
            "up", "increase", "maximise", "maximize", "bigger", "↑", "more is better", "bigger values are best",
            "a high value is good", "high is better", "aim high", "aim to increase",
        },
        Polarity.LOW.value: {
            "low", "l", "lower", "lower is better", "smaller is better", "low is good", "lower is good", "down",
            "decrease", "minimise", "minimize", "smaller", "↓", "less is better", "smaller values are best",
            "a low value is good", "low is better", "aim low", "aim to reduce", "reduce",
        },
        Polarity.RANGE.value: {
            "range", "t", "within range", "close to target", "target", "in range", "on target",
            "within target range", "stay close to target", "band", "within a range", "r",
        },
        Polarity.MONITOR.value: {
            "monitor", "for information", "context", "info", "information", "none", "no polarity", "neutral",
            "n/a", "na", "monitoring", "measure for information", "for info", "for info only", "trend",
            "contextual",
        },
    },
    "frequency": {
        Frequency.MONTHLY.value: {"monthly", "month", "m", "mthly", "per month"},
        Frequency.QUARTERLY.value: {"quarterly", "quarter", "q", "qtrly", "qtr"},
        Frequency.TERMLY.value: {"termly", "term", "per term", "termly snapshot"},
        Frequency.ANNUAL.value: {
            "annual", "annually", "yearly", "year", "a", "y", "academic year", "financial year", "annual snapshot",
            "calendar year",
        },
    },
    "sensitive": {
        "yes": {"y", "yes", "x", "true", "1", "✓", "✔", "part 2", "sensitive", "suppress", "confidential",
                "exempt"},
        "no": {"n", "no", "false", "0", "-", "part 1", "public", "n/a", "na"},
    },
    "small_cohort": {
        "yes": {"y", "yes", "x", "true", "1", "✓", "✔", "small", "small cohort", "small numbers", "low numbers"},
        "no": {"n", "no", "false", "0", "-", "n/a", "na"},
    },
    "stated_rag": {
        Rag.RED.value: {"r", "red", "off target", "not met", "not achieved", "off track", "below target", "✗",
                        "✘", "×", "missed", "target missed"},
        Rag.AMBER.value: {"a", "amber", "yellow", "close to target", "near target", "at risk", "nearly met",
                          "slightly off target", "a/g", "g/a"},
        Rag.GREEN.value: {"g", "green", "on target", "met", "achieved", "on track", "target met", "✓", "✔",
                          "exceeded", "above target"},
        Rag.NONE.value: {"no target", "n/a", "na", "grey", "gray", "none", "not rated", "monitor", "-",
                         "for information", "baseline"},
        Rag.MISSING.value: {"no data", "missing", "tbc", "awaiting data"},
    },
}


@dataclass(frozen=True)
class Vocabulary:
    """Field -> meaning -> the words that mean it (already reduced by `words_of`)."""

    words: Mapping[str, Mapping[str, frozenset[str]]]
    _lookup: Mapping[str, Mapping[str, str]] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        lookup = {name: {w: meaning for meaning, ws in by_meaning.items() for w in ws}
                  for name, by_meaning in self.words.items()}
        object.__setattr__(self, "_lookup", MappingProxyType(lookup))

    def meaning(self, field_name: str, raw: object) -> str | None:
        return self._lookup.get(field_name, {}).get(words_of(raw))

    def extended(self, extra: Mapping[str, Mapping[str, Iterable[str]]]) -> Vocabulary:
        """This vocabulary with a council's own words added; theirs win where a word means two things."""
        merged: dict[str, dict[str, set[str]]] = {n: {m: set(ws) for m, ws in by.items()}
                                                  for n, by in self.words.items()}
        for name, by_meaning in extra.items():
            for meaning, ws in by_meaning.items():
                added = {words_of(w) for w in ws}
                for other in merged.setdefault(name, {}).values():
                    other -= added
                merged[name].setdefault(meaning, set()).update(added)
        return Vocabulary({n: {m: frozenset(ws) for m, ws in by.items()} for n, by in merged.items()})

    def problems_with(self, extra: Mapping[str, Mapping[str, object]]) -> list[str]:
        """What is wrong with a council's word list: unknown fields or meanings (for a clear message)."""
        wrong = []
        for name, by_meaning in extra.items():
            if name not in self.words:
                wrong.append(f"there are no words for '{name}' (words can be given for: {', '.join(self.words)})")
                continue
            if not isinstance(by_meaning, Mapping):
                wrong.append(f"[words.{name}] must be a table of meanings")
                continue
            for meaning, ws in by_meaning.items():
                if meaning not in self.words[name]:
                    known = ", ".join(self.words[name])
                    wrong.append(f"'{meaning}' is not a meaning of {name} (known: {known})")
                elif not isinstance(ws, list) or not all(isinstance(w, str) for w in ws):
                    wrong.append(f"words.{name}.{meaning} must be a list of words in quotes")
        return wrong


DEFAULT_VOCABULARY = Vocabulary({n: {m: frozenset(ws) for m, ws in by.items()} for n, by in _DEFAULT_WORDS.items()})


# -- the fields ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CellContext:
    """What a parser needs besides the cell: the indicator's unit, the cell's format, the words."""

    unit: Unit
    percent_format: bool = False
    vocabulary: Vocabulary = DEFAULT_VOCABULARY


Parser = Callable[[object, CellContext], Parsed[object]]


@dataclass(frozen=True)
class FieldSpec:
    """One column's meaning: its name, label, how a cell is judged, and what an unreadable cell is."""

    name: str
    label: str
    code: str = ""  # the problem code of an unreadable cell ("" when any text is acceptable)
    unreadable: str = ""  # message template: {value}, {ref}
    rateable: bool = False  # a column that gives something to rate (values, a target, periods)
    parse: Parser | None = None


def _vocabulary_parser(field_name: str, convert: Callable[[str], object]) -> Parser:
    def parse(raw: object, context: CellContext) -> Parsed[object]:
        from scrutiny_desktop.domain.values import is_blank, is_placeholder  # values builds on this module

        if is_blank(raw):
            return blank()
        meaning = context.vocabulary.meaning(field_name, raw)
        if meaning is not None:
            return value(convert(meaning))
        return blank() if is_placeholder(raw) else unreadable()

    return parse


def _flag_parser(field_name: str) -> Parser:
    """A yes-or-no column: blank is no; words a council can extend; anything else unreadable."""

    def parse(raw: object, context: CellContext) -> Parsed[object]:
        if isinstance(raw, bool):
            return value(raw)
        from scrutiny_desktop.domain.values import is_blank  # values builds on this module

        if is_blank(raw):
            return value(False)
        if isinstance(raw, int | float):
            return value(bool(raw))
        meaning = context.vocabulary.meaning(field_name, raw)
        return unreadable() if meaning is None else value(meaning == "yes")

    return parse


_flag = _flag_parser("sensitive")


FIELDS: Mapping[str, FieldSpec] = MappingProxyType({spec.name: spec for spec in (
    FieldSpec("ref", "Ref"),
    FieldSpec("title", "Indicator"),
    FieldSpec("section", "Section"),
    FieldSpec("polarity", "Good is", "unreadable-polarity",
              "'Good is' value '{value}' for indicator {ref} is not High, Low, Range or Monitor; "
              "the indicator is shown with no RAG.",
              parse=_vocabulary_parser("polarity", Polarity)),
    FieldSpec("unit", "Unit", "unknown-unit",
              "Unit '{value}' for indicator {ref} is not one the program knows (%, Number, Average, "
              "Rate per 10,000, Days, ...); its figures are shown as plain numbers."),
    FieldSpec("frequency", "Frequency", "unreadable-frequency",
              "Frequency '{value}' for indicator {ref} is not Monthly, Quarterly, Termly or Annual; "
              "it is treated as monthly.",
              parse=_vocabulary_parser("frequency", Frequency)),
    FieldSpec("target", "Target", "unreadable-target",
              "Target '{value}' for indicator {ref} is not a number, a range or a benchmark name; the indicator "
              "is shown with no RAG. Enter a target such as 70%, 12-15 or England.", rateable=True),
    FieldSpec("tolerance", "Tolerance", "unreadable-target",
              "Tolerance '{value}' for indicator {ref} is not a number such as 5 or '10% of target'; "
              "the indicator is shown with no RAG."),
    FieldSpec("red_threshold", "Red threshold", "unreadable-target",
              "Red threshold '{value}' for indicator {ref} {why}; the indicator is shown with no RAG."),
    FieldSpec("amber_threshold", "Amber threshold", "unreadable-target",
              "Amber threshold '{value}' for indicator {ref} {why}; the indicator is shown with no RAG."),
    FieldSpec("green_threshold", "Green threshold", "unreadable-target",
              "Green threshold '{value}' for indicator {ref} is not a number such as 90%+ or >= 90%; "
              "the indicator is shown with no RAG.", rateable=True),
    FieldSpec("sensitive", "Part 2", "unreadable-flag",
              "Part 2 value '{value}' for indicator {ref} is not Yes or No; the indicator is treated as sensitive "
              "and withheld from the public appendix. Enter Y or N.",
              parse=_flag),
    FieldSpec("small_cohort", "Small cohort", "unreadable-flag",
              "Small cohort value '{value}' for indicator {ref} is not Yes or No; the indicator is treated as a "
              "small cohort (its percentages without counts are withheld from the public appendix). Enter Y or N.",
              parse=_flag_parser("small_cohort")),
    FieldSpec("stat_neighbours", "Stat neighbours"),
    FieldSpec("london", "London"),
    FieldSpec("england", "England"),
    FieldSpec("numerator", "Numerator", rateable=True),
    FieldSpec("denominator", "Denominator"),
    FieldSpec("current", "Outturn", rateable=True),
    FieldSpec("period", "Period", rateable=True),
    FieldSpec("commentary", "Commentary"),
    FieldSpec("stated_rag", "RAG", "unreadable-rag",
              "RAG '{value}' for indicator {ref} is not Red, Amber, Green or No target; it is not compared with "
              "the computed rating.",
              parse=_vocabulary_parser("stated_rag", Rag)),
    FieldSpec("override_reason", "RAG override reason"),
)})


def field_label(name: str) -> str:
    spec = FIELDS.get(name)
    return spec.label if spec else name
