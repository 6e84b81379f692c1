"""Understanding what a person typed in a cell: outturns, targets, tolerances and words.

Each parser takes the cell's Python value (text, number, bool, None) and whether the cell
is %-formatted, and returns a domain value, or `None` where the text cannot be understood
(the caller turns that into a problem at the cell).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from scrutiny_desktop.domain.model import (
    NO_DATA,
    NO_TARGET,
    Benchmark,
    Frequency,
    Outturn,
    Polarity,
    Rag,
    Target,
    Tolerance,
    Unit,
    UnitKind,
)
from scrutiny_desktop.domain.model import NUMBER as NUMBER_UNIT
from scrutiny_desktop.domain.schema import FIELDS, CellContext, words_of

# Cells meaning "no data". `[c]`, `[x]`, `[z]` are the GSS symbols; the rest is what people type.
PLACEHOLDERS = frozenset(
    {
        "-", "–", "—", "--", "n/a", "na", "n.a.", "n.a", "tbc", "tbd", "tba", "*", "**", "..", ".", ":",
        "[x]", "[c]", "[z]", "[u]", "[low]", "x", "c", "z", "no data", "not available", "nd",
        "to follow", "awaiting data", "data to follow", "not yet available", "due", "pending",
    }
)

_NUM = r"[-+−]?\d[\d,]*(?:\.\d+)?|[-+−]?\.\d+"
_NUMBER = re.compile(rf"^\s*[£$]?\s*({_NUM})\s*$")
_PERCENT_WITH_FRACTION = re.compile(
    rf"^\s*(?P<v>{_NUM})\s*(?P<pct>%)?\s*"
    rf"(?:\(\s*(?P<n>{_NUM})\s*(?:of|/|out of)\s*(?P<d>{_NUM})\s*\))?\s*$",
    re.I,
)
_FRACTION = re.compile(
    rf"^\s*(?P<n>{_NUM})\s*(?:of|/|out of)\s*(?P<d>{_NUM})\s*(?:\(\s*(?P<v>{_NUM})\s*%\s*\))?\s*$", re.I
)


def _float(text: str) -> float:
    if "," in text or "−" in text:
        text = text.replace(",", "").replace("−", "-")
    return float(text)


def number_of(raw: object) -> float | None:
    """A plain number from a numeric cell or from text such as "1,234.5"; None otherwise."""
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int | float):
        return float(raw) if math.isfinite(raw) else None
    if isinstance(raw, str):
        m = _NUMBER.match(raw)
        if m:
            return _float(m.group(1))
    return None


def from_fraction(number: float) -> float:
    """A %-formatted cell's fraction on the 0-100 scale, without float noise (0.103 -> 10.3, not 10.299999999999999)."""
    return float(format(number * 100.0, ".12g"))


def is_blank(raw: object) -> bool:
    return raw is None or (isinstance(raw, str) and not raw.strip())


def is_placeholder(raw: object) -> bool:
    return isinstance(raw, str) and " ".join(raw.split()).casefold() in PLACEHOLDERS


def is_excel_error(raw: object) -> bool:
    # Every error value has a '#': text without one is none, whatever its case or spaces.
    return isinstance(raw, str) and "#" in raw and raw.strip().upper() in {
        "#DIV/0!", "#N/A", "#NAME?", "#NULL!", "#NUM!", "#REF!", "#VALUE!", "#SPILL!", "#CALC!", "#GETTING_DATA",
    }


def _decimals(text: str) -> int:
    return len(text.split(".", 1)[1]) if "." in text else 0


def value_from_fraction(unit: Unit, numerator: float, denominator: float) -> float:
    """The indicator's value from its numerator and denominator, in the indicator's unit."""
    if unit.kind is UnitKind.COUNT:
        return numerator  # "50 of 91" for a count: the count is 50, of a cohort of 91
    share = numerator / denominator
    if unit.is_percent:
        return share * 100.0
    if unit.kind is UnitKind.RATE:
        return share * unit.per
    return share


@dataclass(frozen=True, slots=True)  # slots: made for every figure of a workbook, and made faster so
class ParsedOutturn:
    outturn: Outturn
    # Set when the cell gave both a value and a fraction that disagree beyond rounding.
    stated: float | None = None
    # A footnote mark typed after the figure ("88.0%*", "78 [1]", "12†"), kept to warn about.
    marker: str = ""


# Footnote marks after a figure: asterisks, daggers, a bracketed note number or letter, a superscript.
_MARKER = re.compile(r"\s*(?:[*†‡§¶#^]+|\[\s*\w{1,3}\s*\]|\(\s*[a-z\d]\s*\)|[¹²³⁴⁵⁶⁷⁸⁹⁰]+|\s(?:p|r|e|est))\s*$",
                     re.I)


def split_marker(text: str) -> tuple[str, str]:
    """A figure and the footnote mark after it: "88.0%*" -> ("88.0%", "*"); text without one is unchanged."""
    m = _MARKER.search(text)
    if not m or not re.search(r"\d", text[: m.start()]):
        return text, ""
    return text[: m.start()], m.group(0).strip()


def number_outturn(raw: int | float, *, percent_format: bool = False, cell: str = "") -> Outturn:
    """The outturn of a cell holding a finite number (not a bool): what `parse_outturn` reads from it."""
    return Outturn(from_fraction(raw) if percent_format else float(raw), cell=cell)


def parse_outturn(raw: object, unit: Unit, *, percent_format: bool = False, cell: str = "") -> ParsedOutturn | None:
    """An outturn cell: a number, a %-formatted fraction, `55% (50 of 91)`, `50/91`, or a placeholder.

    `cell` is the address the outturn is read from, kept on it (a blank cell gives `NO_DATA`).
    """
    if type(raw) is int or type(raw) is float:  # most cells: a plain number (bool is excluded)
        if math.isfinite(raw):
            return ParsedOutturn(number_outturn(raw, percent_format=percent_format, cell=cell))
        return None
    # Text matching a figure's pattern holds a digit; no blank cell or placeholder does (tests/domain pins it),
    # so trying the pattern first gives what checking for those first gave.
    m = (_PERCENT_WITH_FRACTION.match(raw) or _FRACTION.match(raw)) if isinstance(raw, str) else None
    if m is None:
        return _not_a_figure(raw, unit, percent_format=percent_format, cell=cell)
    v_text, n_text, d_text = m.group("v", "n", "d")
    stated = _float(v_text) if v_text else None
    if n_text is None or d_text is None:
        assert stated is not None
        return ParsedOutturn(Outturn(stated, cell=cell))
    numerator, denominator = _float(n_text), _float(d_text)
    if denominator <= 0 or numerator < 0 or (unit.is_percent and numerator > denominator):
        return None
    value = value_from_fraction(unit, numerator, denominator)
    outturn = Outturn(value, numerator, denominator, cell=cell)
    if stated is not None:
        slack = 0.5 * 10 ** -_decimals(v_text) + 1e-9 * max(1.0, abs(value))
        if abs(stated - value) > slack:
            return ParsedOutturn(outturn, stated)
    return ParsedOutturn(outturn)


def _not_a_figure(raw: object, unit: Unit, *, percent_format: bool, cell: str) -> ParsedOutturn | None:
    """`parse_outturn` of a cell that is neither a plain number nor text matching a figure's pattern."""
    if is_blank(raw):
        return ParsedOutturn(NO_DATA)
    if is_placeholder(raw):
        assert isinstance(raw, str)
        return ParsedOutturn(Outturn(placeholder=" ".join(raw.split()), cell=cell))
    number = None if isinstance(raw, str) else number_of(raw)
    if number is not None:
        return ParsedOutturn(Outturn(from_fraction(number) if percent_format else number, cell=cell))
    if not isinstance(raw, str):
        return None
    figure, marker = split_marker(raw)
    if marker and figure != raw:
        inner = parse_outturn(figure, unit, percent_format=percent_format, cell=cell)
        if inner is not None and inner.outturn.has_value:
            return ParsedOutturn(inner.outturn, inner.stated, marker)
    return None


_BENCHMARK_WORDS = {
    Benchmark.STAT_NEIGHBOURS: ("stat neighbour", "statistical neighbour", "sn average", "sn avg", "sn"),
    Benchmark.LONDON: ("london",),
    Benchmark.ENGLAND: ("england", "national", "nat ave", "nat avg"),
}
_NO_TARGET_WORDS = frozenset({"", "no target", "none", "n/a", "na", "-", "–", "—", "not applicable", "[z]", "monitor",
                              "for information", "context", "no target set"})
_HIGH_HINTS = ("≥", ">=", ">", "at least", "more than", "above", "or more", "or above", "or higher", "minimum",
               "min", "over", "greater than", "no less than")
_LOW_HINTS = ("≤", "<=", "<", "at most", "less than", "fewer than", "below", "or less", "or below", "or lower",
              "or fewer", "maximum", "max", "under", "no more than")
_RANGE = re.compile(rf"^(?:between\s+)?({_NUM})\s*%?\s*(?:-|–|—|to|and)\s*({_NUM})\s*%?$", re.I)


@dataclass(frozen=True)
class ParsedTarget:
    target: Target
    polarity_hint: Polarity | None = None


def parse_target(raw: object, unit: Unit, *, percent_format: bool = False) -> ParsedTarget | None:
    """A target: `70`, `70%`, 0.7 in a %-formatted cell, `12-15`, `12 to 15`, `England`, `≥ 70%`, or none."""
    if is_blank(raw):
        return ParsedTarget(NO_TARGET)
    number = None if isinstance(raw, str) else number_of(raw)
    if number is not None:
        return ParsedTarget(Target.single(from_fraction(number) if percent_format else number, str(raw)))
    if not isinstance(raw, str):
        return None
    text = " ".join(raw.replace("−", "-").split())
    lowered = text.casefold().strip(" .")
    if lowered in _NO_TARGET_WORDS:
        return ParsedTarget(NO_TARGET)
    hint: Polarity | None = None
    if lowered.endswith("+") and re.search(r"\d", lowered):  # "90%+", "600+": that or more
        hint, lowered = Polarity.HIGH, lowered[:-1].strip()
    for hints, polarity in ((_HIGH_HINTS, Polarity.HIGH), (_LOW_HINTS, Polarity.LOW)):
        for word in sorted(hints, key=len, reverse=True):
            if lowered.startswith(word) or lowered.endswith(word):
                hint = polarity
                lowered = (lowered[len(word):] if lowered.startswith(word) else lowered[: -len(word)]).strip(" :")
                break
        if hint:
            break
    stripped = re.sub(r"\b(the|average|avg|ave|mean|figure|rate|level)\b", " ", lowered)
    stripped = " ".join(stripped.replace("'", "").split()).removesuffix("s")
    for benchmark, words in _BENCHMARK_WORDS.items():
        if stripped in words:
            return ParsedTarget(Target(benchmark=benchmark, text=text), hint)
    m = _RANGE.match(lowered)
    if m and hint is None:
        return ParsedTarget(Target.between(_float(m.group(1)), _float(m.group(2)), text), Polarity.RANGE)
    m = re.fullmatch(rf"({_NUM})\s*(%)?", lowered)
    if m:
        return ParsedTarget(Target.single(_float(m.group(1)), text), hint)
    return None


def parse_tolerance(raw: object, unit: Unit, *, percent_format: bool = False) -> Tolerance | bool | None:
    """An amber band: `5`, `5 points`, `10% of target`, or `5%` (points for a % indicator).

    Returns None for a blank cell and False for text that cannot be understood.
    """
    if is_blank(raw) or is_placeholder(raw):
        return None
    if not isinstance(raw, str):
        number = number_of(raw)
        if number is None:
            return False
        if percent_format:
            # 0.05 shown as 5%: points of a percentage, or a share of any other target.
            return Tolerance(from_fraction(abs(number)), relative=not unit.is_percent)
        return Tolerance(abs(number))
    text = " ".join(raw.casefold().replace("±", "").replace("+/-", "").replace("−", "-").split())
    m = re.fullmatch(rf"({_NUM})\s*%\s*(?:of\s+(?:the\s+)?(?:target|tgt)|relative)", text)
    if m:
        return Tolerance(abs(_float(m.group(1))), relative=True)
    m = re.fullmatch(rf"({_NUM})\s*(pp|pts?|points?|percentage points?|ppts?)", text)
    if m:
        return Tolerance(abs(_float(m.group(1))))
    m = re.fullmatch(rf"({_NUM})\s*(%)?", text)
    if m:
        return Tolerance(abs(_float(m.group(1))), relative=bool(m.group(2)) and not unit.is_percent)
    return False


def _tri_state(field_name: str, raw: object) -> object:
    """The old three-way answer of a vocabulary field: its value, None when blank, False when unreadable."""
    parsed = FIELDS[field_name].parse(raw, CellContext(NUMBER_UNIT))  # type: ignore[misc]
    if parsed.is_unreadable:
        return False
    return parsed.value


def parse_polarity(raw: object) -> Polarity | bool | None:
    """`High`/`H`/`Higher is better`, `Low`/`L`, `Range`/`T`, `Monitor`; None when blank; False if unknown."""
    return _tri_state("polarity", raw)  # type: ignore[return-value]


def parse_unit(raw: object) -> Unit | bool | None:
    """`%`, `Percentage`, `Number`, `Count`, `Average`, `Days`, `Weeks`, `Rate per 10,000`, ..."""
    if is_blank(raw):
        return None
    label = " ".join(str(raw).split())
    text = words_of(raw)
    if text in {"%", "percentage", "percent", "per cent", "proportion", "pct", "% rate"}:
        return Unit(UnitKind.PERCENT, "%")
    if text in {"number", "no", "count", "total", "n", "numbers", "num"}:
        return Unit(UnitKind.COUNT, label)
    m = re.search(r"(?:rate\s*)?per\s*([\d,]+)\s*(k)?", label.casefold())
    if m or text in {"rate"}:
        per = _float(m.group(1)) * (1000 if m.group(2) else 1) if m else 1.0
        return Unit(UnitKind.RATE, label, per)
    if text in {"average", "mean", "avg", "average number", "number 1dp", "number 1 dp", "ratio", "fte"}:
        return Unit(UnitKind.AVERAGE, label)
    if text in {"days", "working days", "day", "calendar days", "average days"}:
        return Unit(UnitKind.DAYS, label)
    if text in {"weeks", "week", "average weeks"}:
        return Unit(UnitKind.WEEKS, label)
    if text in {"£", "currency", "cost", "value", "score", "index", "points"}:
        return Unit(UnitKind.NUMBER, label)
    return False


def parse_flag(raw: object) -> bool | None:
    """Yes-or-no cells such as the Part 2 column: `Y`, `Yes`, `x`, `TRUE` / `N`, `No`, blank."""
    parsed = FIELDS["sensitive"].parse(raw, CellContext(NUMBER_UNIT))  # type: ignore[misc]
    return None if parsed.is_unreadable else bool(parsed.value)


def parse_frequency(raw: object) -> Frequency | bool | None:
    return _tri_state("frequency", raw)  # type: ignore[return-value]


def parse_rag(raw: object) -> Rag | bool | None:
    """A RAG an officer typed: `R`/`Red`, `A`/`Amber`, `G`/`Green`, `No target`, `No data`, ticks and crosses."""
    return _tri_state("stated_rag", raw)  # type: ignore[return-value]
