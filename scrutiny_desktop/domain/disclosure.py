"""Disclosure control for the public (Part 1) appendix: which figures are withheld, and why.

The types here are the contract between the disclosure rules, which decide what is suppressed,
and the appendix builder, which writes `[c]` in place of each suppressed figure. A figure is
named by the indicator's ref and a `Slot`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from scrutiny_desktop.domain.problems import Problem


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
    kind "explanation": the sentence on how the RAG was decided (it quotes the figures).
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
    """Every suppression for one review, keyed by (ref, slot), with the sensitive refs."""

    suppressions: Mapping[tuple[str, Slot], Suppression] = field(default_factory=dict)
    sensitive: frozenset[str] = frozenset()
    problems: tuple[Problem, ...] = ()  # warnings such as differencing across months

    def suppressed(self, ref: str, slot: Slot) -> Suppression | None:
        if ref in self.sensitive:
            return self.suppressions.get((ref, slot)) or Suppression(ref, slot, Reason.SENSITIVE)
        return self.suppressions.get((ref, slot))

    def is_sensitive(self, ref: str) -> bool:
        return ref in self.sensitive


NO_REDACTION = Redaction()
