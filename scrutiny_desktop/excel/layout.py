"""What the program guesses about a workbook's layout, sheet by sheet: for the window's mapping dialog."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from openpyxl.utils import get_column_letter

from scrutiny_desktop.domain.profile import ImportProfile
from scrutiny_desktop.excel.headings import IGNORE, Headings, load_headings
from scrutiny_desktop.excel.package import SheetSurvey, load_workbook, open_package
from scrutiny_desktop.excel.reader import MAX_SCAN_COLUMNS, read_grid
from scrutiny_desktop.excel.tables import (
    HEADER_SEARCH_ROWS,
    Classifier,
    Grid,
    at,
    find_heading_rows,
    heading_text,
    read_headings,
    score_row,
)

PREVIEW_ROWS = 40


@dataclass(frozen=True)
class ColumnGuess:
    """One column: its heading and the field it is taken for ("period:2019-10", "annual:2018/19", "ignore"
    or None for unknown), with how sure the guess is (1 for an exact heading, less for a guess by shape)."""

    column: int
    letter: str
    heading: str
    field: str | None
    confidence: float


@dataclass(frozen=True)
class SheetGuess:
    name: str
    holds_indicators: bool
    heading_rows: tuple[int, ...]  # band row first, when there is one
    score: float
    columns: tuple[ColumnGuess, ...]
    preview: tuple[tuple[str, ...], ...]  # the first rows as text, as the sheet shows them


def guess_layout(path: Path | str, profile: ImportProfile | None = None,
                 headings: Headings | None = None) -> tuple[SheetGuess, ...]:
    """Every visible sheet with the heading rows and column meanings the reader would take."""
    path = Path(path)
    package = open_package(path)
    classifier = Classifier(headings or load_headings(), profile or ImportProfile())
    wb = load_workbook(package)
    try:
        guesses = []
        for part in package.sheets:
            if not part.visible:
                continue
            width = min(part.columns or MAX_SCAN_COLUMNS, MAX_SCAN_COLUMNS)
            grid = read_grid(wb[part.name], max(PREVIEW_ROWS, HEADER_SEARCH_ROWS), width)
            guesses.append(_guess_sheet(part.name, grid, package.survey(part), classifier, profile))
        return tuple(guesses)
    finally:
        wb.close()


def _guess_sheet(name: str, grid: Grid, survey: SheetSurvey, classifier: Classifier,
                 profile: ImportProfile | None) -> SheetGuess:
    preview = tuple(tuple(_shown(c.value) for c in row) for row in grid[:PREVIEW_ROWS])
    pinned = profile.heading_rows if profile else ()
    joint = False
    if pinned:
        heading = pinned[-1]
        scored = score_row(grid[heading - 1], heading, classifier) if heading <= len(grid) else None
        accepted, score = (scored.accepted, float(scored.score)) if scored else (False, 0.0)
    else:
        found, rejected = find_heading_rows(grid[:HEADER_SEARCH_ROWS], classifier)
        best = max(found, key=lambda c: (c.score, -c.row)) if found else rejected
        if best is None:
            return SheetGuess(name, False, (), 0.0, (), preview)
        heading, accepted, score, joint = best.row, best.accepted, float(best.score), best.joint
    # The same heading rows the reader takes (band, second row), so the dialog shows what will be read.
    read = read_headings(grid, heading, survey.merged, survey.hidden_columns, classifier, pinned=pinned, joint=joint)
    band, sub, columns = read.band_row, read.sub_row, read.columns
    exact = {classifier.classify(c.value)[0] for c in grid[heading - 1] if c.value is not None}
    guesses: list[ColumnGuess] = []
    meaning: dict[int, tuple[str, float]] = {}
    for name, col in columns.fields.items():
        sure = 1.0 if name in columns.from_profile or any(h.kind == "field" and h.name == name for h in exact) else 0.7
        meaning[col] = (name, sure)
    for col, period in columns.periods:
        meaning[col] = (f"period:{period.key}", 0.9)
    for col, label in columns.annual:
        meaning[col] = (f"annual:{label}", 0.9)
    width = max((len(r) for r in grid[heading - 1: heading + 1]), default=0)
    for col in range(1, width + 1):
        text = heading_text(at(grid[heading - 1], col).value) or (
            heading_text(at(grid[sub - 1], col).value) if sub else "")
        field_name: str | None
        if col in meaning:
            field_name, sure = meaning[col]
        elif text and classifier.classify(text)[0].name == IGNORE:
            field_name, sure = IGNORE, 1.0
        else:
            field_name, sure = None, 0.0
        if not text and field_name is None:
            continue
        guesses.append(ColumnGuess(col, get_column_letter(col), text, field_name, sure))
    rows = (band, heading) if band else (heading,)
    rows = (*rows, sub) if sub else rows
    return SheetGuess(name, accepted, tuple(r for r in rows if r), score, tuple(guesses), preview)


def _shown(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = str(value)
    return text if len(text) <= 200 else text[:199] + "…"
