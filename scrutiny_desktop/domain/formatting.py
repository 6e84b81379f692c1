"""How figures read to a person: `55% (50 of 91)`, `16.8`, `12–15`."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from scrutiny_desktop.domain.model import Outturn, Target, Tolerance, Unit


# Characters XML 1.0 cannot hold: control characters other than tab, newline and return, lone
# surrogates (no UTF-8 for them) and the two non-characters.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(text: str) -> str:
    """Text a Word document or a workbook can hold: the characters XML cannot hold left out."""
    return _NOT_XML.sub("", text)


_QUANTA = tuple(Decimal(1).scaleb(-places) for places in range(7))


def round_half_up(value: float, places: int) -> float:
    """Round as Excel does (2.5 -> 3, 88.025 -> 88.03), not as Python's banker's round.

    The value is first cut to 15 significant digits so 88.02499999999999 (float noise
    for 88.025) rounds up, as it does in Excel and LibreOffice.
    """
    if not math.isfinite(value) or abs(value) >= 1e15:
        return value  # a float this large has no decimals left to round (and Decimal would overflow)
    return float(_half_up(Decimal(format(value, ".15g")), places))


def half_up_decimals(value: float, places: Iterable[int]) -> list[Decimal] | None:
    """`round_half_up(value, p)` for each of `places`, as exact decimals, cutting the value to 15
    digits once; None for a value `round_half_up` leaves as it is (not finite, or 10^15 or more)."""
    if not math.isfinite(value) or abs(value) >= 1e15:
        return None
    exact = Decimal(format(value, ".15g"))
    return [_half_up(exact, p) for p in places]


def _half_up(exact: Decimal, places: int) -> Decimal:
    quantum = _QUANTA[places] if 0 <= places < len(_QUANTA) else Decimal(1).scaleb(-places)
    return exact.quantize(quantum, rounding=ROUND_HALF_UP)


def number_text(value: float, places: int = 1) -> str:
    """A number with at most `places` decimals and no trailing zeros: 16.8, 63, 12.5."""
    rounded = round_half_up(value, places)
    if rounded == 0:
        rounded = 0.0  # no "-0"
    text = f"{rounded:,.{places}f}" if places else f"{rounded:,.0f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def count_text(value: float) -> str:
    return number_text(value, 0) if float(value).is_integer() else number_text(value, 2)


def value_text(value: float, unit: Unit, *, whole_percent: bool = False) -> str:
    """One figure in its unit: `55%`, `16.8`, `63`."""
    if unit.is_percent:
        return number_text(value, 0 if whole_percent else 1) + "%"
    if unit.is_count:
        return count_text(value)
    return number_text(value, 1)


def outturn_text(outturn: Outturn, unit: Unit) -> str:
    """The outturn as the committee reads it: `55% (50 of 91)`, `16.8`, `63`, or `No data`."""
    if outturn.value is None:
        return outturn.placeholder or "No data"
    has_fraction = outturn.numerator is not None and outturn.denominator is not None
    text = value_text(outturn.value, unit, whole_percent=has_fraction)
    if has_fraction:
        assert outturn.numerator is not None and outturn.denominator is not None
        text += f" ({count_text(outturn.numerator)} of {count_text(outturn.denominator)})"
    return text


def target_text(
    target: Target, unit: Unit, tolerance: Tolerance | None = None, red_threshold: float | None = None
) -> str:
    """`70%`, `12–15`, `England`, or `No target`, with the amber band when there is one."""
    if not target.readable:
        return target.text or "?"
    if target.benchmark is not None and target.low is None:
        text = target.benchmark.label
    elif target.low is None:
        return "No target"
    elif target.is_range:
        assert target.high is not None
        suffix = "%" if unit.is_percent else ""
        text = f"{number_text(target.low)}–{number_text(target.high)}{suffix}"
    else:
        text = value_text(target.low, unit)
    if red_threshold is not None:
        text += f" (floor {value_text(red_threshold, unit)})"
    elif tolerance is not None and tolerance.amount:
        text += f" (tolerance {tolerance_text(tolerance, unit)})"
    return text


def tolerance_text(tolerance: Tolerance, unit: Unit) -> str:
    """`3`, `5 points` (of a percentage) or `10% of target`."""
    if tolerance.relative:
        return f"{number_text(tolerance.amount)}% of target"
    if unit.is_percent:
        return f"{number_text(tolerance.amount)} points"
    return number_text(tolerance.amount)
