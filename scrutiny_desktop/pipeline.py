"""The one pipeline the command line and the window both call: workbook -> review -> appendices."""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from scrutiny_desktop.domain.periods import Period
from scrutiny_desktop.domain.problems import Problem, UnusableWorkbook, error, warning
from scrutiny_desktop.domain.refs import natural_key
from scrutiny_desktop.domain.review import Review, review
from scrutiny_desktop.excel.headings import Headings
from scrutiny_desktop.excel.reader import read_workbook
from scrutiny_desktop.files import atomic_write
from scrutiny_desktop.resources import user_data_dir

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


COMMENTARY_SUFFIX = ".commentary.json"


def commentary_path(workbook: Path) -> Path:
    """Where the window keeps a workbook's commentary: `<workbook stem>.commentary.json` beside it."""
    return workbook.with_name(workbook.stem + COMMENTARY_SUFFIX)


def fallback_commentary_path(workbook: Path) -> Path:
    """Where it goes when the workbook's folder cannot be written: the user's data folder.

    A folder per workbook path keeps two `Dataset.xlsx` from different folders apart.
    """
    digest = hashlib.sha1(str(workbook.resolve()).encode("utf-8")).hexdigest()[:12]
    return user_data_dir() / "commentary" / digest / (workbook.stem + COMMENTARY_SUFFIX)


@dataclass(frozen=True)
class SavedCommentary:
    """Commentary kept from an earlier session: the texts, where they were read, and any problem."""

    texts: Mapping[str, str]
    path: Path | None = None
    problems: tuple[Problem, ...] = ()


def load_saved_commentary(workbook: Path) -> SavedCommentary:
    """The commentary saved for `workbook` (the newer file when both places hold one).

    A file that cannot be read is renamed `*.unreadable` (so the next save cannot overwrite what
    may be someone's only copy) and reported as a warning; the workbook still opens.
    """
    found = [p for p in (commentary_path(workbook), fallback_commentary_path(workbook)) if p.is_file()]
    if not found:
        return SavedCommentary({})
    newest = max(found, key=lambda p: p.stat().st_mtime)
    try:
        return SavedCommentary(read_commentary(newest), newest)
    except UnusableWorkbook as bad:
        kept = newest.with_name(newest.name + ".unreadable")
        try:
            os.replace(newest, kept)
            where = f"It has been kept as {kept.name}; new commentary is saved to a fresh file."
        except OSError:
            where = "It could not be moved aside, so new commentary is saved in your data folder."
        reason = bad.problems[0].message if bad.problems else str(bad)
        return SavedCommentary({}, newest, (warning("commentary-unreadable", f"{reason} {where}"),))


def save_commentary(workbook: Path, texts: Mapping[str, str]) -> Path:
    """Write the commentary atomically beside the workbook, or in the user's data folder when that fails.

    Returns the file written. Raises `OSError` only when neither place can be written.
    """
    ordered = {ref: texts[ref] for ref in sorted(texts, key=natural_key)}
    payload = json.dumps(ordered, ensure_ascii=False, indent=2) + "\n"

    def write(temp: Path) -> None:
        temp.write_text(payload, encoding="utf-8")

    try:
        return atomic_write(commentary_path(workbook), write)
    except OSError:
        return atomic_write(fallback_commentary_path(workbook), write)


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
