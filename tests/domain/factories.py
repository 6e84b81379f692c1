"""Indicators built in code for domain tests."""

from __future__ import annotations

from typing import Any

from scrutiny_desktop.domain.model import (
    NUMBER,
    PERCENT,
    Benchmark,
    Indicator,
    Outturn,
    Polarity,
    Target,
    Tolerance,
)
from scrutiny_desktop.domain.periods import Period

OCT = Period(2019, 10)


def indicator(
    polarity: Polarity | None = Polarity.HIGH,
    target: float | tuple[float, float] | Benchmark | None = 70.0,
    tolerance: float | None = None,
    *,
    relative: bool = False,
    floor: float | None = None,
    percent: bool = True,
    values: dict[Period, float | None] | None = None,
    **fields: Any,
) -> Indicator:
    if isinstance(target, tuple):
        t = Target.between(*target)
    elif isinstance(target, Benchmark):
        t = Target(benchmark=target)
    elif target is None:
        t = Target()
    else:
        t = Target.single(target)
    outturns = {p: Outturn(v) for p, v in (values or {}).items()}
    return Indicator(
        ref=fields.pop("ref", "1"),
        title=fields.pop("title", "An indicator"),
        polarity=polarity,
        unit=PERCENT if percent else NUMBER,
        target=t,
        tolerance=Tolerance(tolerance, relative) if tolerance is not None else None,
        red_threshold=floor,
        outturns=outturns,
        **fields,
    )
