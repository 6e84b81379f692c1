"""The one pipeline the command line and the window both call: workbook -> review -> appendices."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from pathlib import Path

from scrutiny_desktop.domain.periods import Period
from scrutiny_desktop.domain.problems import UnusableWorkbook, error
from scrutiny_desktop.domain.review import Review, review
from scrutiny_desktop.excel.headings import Headings
from scrutiny_desktop.excel.reader import read_workbook

Progress = Callable[[str, float], None]


def read_commentary(path: Path) -> dict[str, str]:
    """A commentary file: JSON `{"REF": "text", ...}`. Raises `UnusableWorkbook` when it is not that."""
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except FileNotFoundError:
        raise UnusableWorkbook([error("commentary-unreadable", f"There is no commentary file at {path}.")]) from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise UnusableWorkbook([error(
            "commentary-unreadable",
            f"The commentary file {path.name} is not valid JSON ({exc}). It should look like "
            '{"25": "text for indicator 25", "29": "..."}.',
        )]) from None
    if not isinstance(data, dict) or not all(isinstance(v, str) for v in data.values()):
        raise UnusableWorkbook([error(
            "commentary-unreadable",
            f"The commentary file {path.name} should map each ref to its text, "
            'like {"25": "text for indicator 25"}.',
        )])
    return {str(k).strip(): v for k, v in data.items()}


def load_review(
    workbook: Path | str,
    *,
    period: Period | None = None,
    sheet: str | None = None,
    commentary: Mapping[str, str] | None = None,
    headings: Headings | None = None,
    progress: Progress | None = None,
) -> Review:
    """Read the workbook and rate every indicator. Raises `UnusableWorkbook` for unusable input."""
    dataset = read_workbook(Path(workbook), sheet=sheet, period=period, headings=headings, progress=progress)
    if period is not None and dataset.periods:
        # --period names a month; a quarter column ending that month matches it too.
        matching = [p for p in dataset.periods if p.ordinal == period.ordinal]
        if not matching:
            listing = ", ".join(p.key for p in dataset.periods)
            raise UnusableWorkbook([error(
                "period-not-in-workbook",
                f"The workbook has no column for {period.key}. Its periods are: {listing}.",
                sheet=dataset.sheet,
            )])
        period = min(matching, key=lambda p: p.months)
    result = review(dataset, period, commentary)
    if progress:
        progress("Rated", 1.0)
    return result
