"""Finding indicator tables in a grid of cells: heading rows scored by meaning, band rows, several tables.

Nothing here knows openpyxl: the grid is the cell source's rows of `CellValue`s, with the sheet's
merges. A table is a heading row (with the band row above it and a second heading row below it
when there are those), what each column means, and the rows it runs over.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from scrutiny_desktop.domain.periods import (
    MONTH_ABBR,
    Period,
    find_financial_year,
    fy_label,
    month_number,
    parse_period_heading,
)
from scrutiny_desktop.domain.profile import ImportProfile, column_index, is_column_letter
from scrutiny_desktop.domain.refs import looks_like_ref, ref_text
from scrutiny_desktop.domain.schema import FIELDS
from scrutiny_desktop.domain.values import is_blank
from scrutiny_desktop.excel.headings import IGNORE, UNKNOWN, Heading, Headings, normalise

# Text beyond this is never a heading: long cells (Excel allows 32,767 characters) are not read
# further while looking for tables.
MAX_HEADING_TEXT = 120
HEADER_SEARCH_ROWS = 30
_SECTION_SPLIT = re.compile(r"\s+[-–—:|]\s+|:\s*")
_RATEABLE = frozenset(name for name, spec in FIELDS.items() if spec.rateable)


@dataclass(frozen=True, slots=True)  # slots: made for every figure of a workbook, and made faster so
class CellValue:
    value: object
    percent: bool = False  # the cell is %-formatted (0.55 shows as 55%)


BLANK = CellValue(None)
Grid = list[list[CellValue]]


def at(row: Sequence[CellValue], col: int) -> CellValue:
    return row[col - 1] if 0 < col <= len(row) else BLANK


@dataclass
class Columns:
    """What each column of a table means."""

    fields: dict[str, int] = field(default_factory=dict)
    periods: list[tuple[int, Period]] = field(default_factory=list)
    annual: list[tuple[int, str]] = field(default_factory=list)
    unknown: list[tuple[int, str]] = field(default_factory=list)
    duplicates: list[tuple[str, int, int]] = field(default_factory=list)  # (what, kept column, other column)
    from_profile: set[str] = field(default_factory=set)

    @property
    def rateable(self) -> bool:
        return bool(self.periods or self.annual or _RATEABLE & set(self.fields))


@dataclass(frozen=True)
class Candidate:
    """A row scored as a possible heading row."""

    row: int  # 1-based
    score: int
    matched: tuple[str, ...]  # labels of what matched
    has_ref: bool
    has_title: bool
    rateable: bool
    unknown: tuple[str, ...]  # heading texts that matched nothing
    joint: bool = False  # accepted only with the row above naming what this one leaves blank

    @property
    def accepted(self) -> bool:
        return self.has_title and self.rateable


@dataclass
class Table:
    """One indicator table on a sheet."""

    heading_row: int  # the row whose headings name the columns
    band_row: int | None  # a row above giving meaning or years to groups of columns
    first_data_row: int
    end_row: int  # the first row after the table
    columns: Columns
    section: str = ""  # from a title heading carrying one ("INDICATORS - EARLY HELP")
    caption: str = ""  # a line of text just above a second table ("For information: activity and demand")

    @property
    def long(self) -> bool:
        """One row per indicator per period: a column says the period."""
        return "period" in self.columns.fields and not self.columns.periods


def heading_text(value: object) -> str:
    text = value if isinstance(value, str) else ""
    return " ".join(text[:MAX_HEADING_TEXT * 4].split())[:MAX_HEADING_TEXT] if text else ""


class Classifier:
    """Heading cells -> meanings, with the council's profile and the shipped and user headings."""

    def __init__(self, headings: Headings, profile: ImportProfile | None) -> None:
        self.headings = headings
        self.profile = profile
        self._by_heading: dict[str, str] = {}
        self._by_letter: dict[int, str] = {}
        self._ignore_headings: set[str] = set()
        self._ignore_letters: set[int] = set()
        if profile is not None:
            for name, target in profile.columns.items():
                self._by_heading[normalise(target)] = name
                if is_column_letter(target):
                    self._by_letter[column_index(target)] = name
            for target in profile.ignore:
                self._ignore_headings.add(normalise(target))
                if is_column_letter(target):
                    self._ignore_letters.add(column_index(target))
        self._cache: dict[object, tuple[Heading, str]] = {}
        # Columns a profile names by letter: every row is then worth scoring, whatever it holds.
        self.letter_fields: frozenset[str] = frozenset(self._by_letter.values())

    def classify(self, value: object) -> tuple[Heading, str]:
        """A heading cell's meaning, and a section it carries ("INDICATORS - EARLY HELP" -> Early Help)."""
        if value is None:
            return UNKNOWN, ""
        key: object = value if isinstance(value, str) else (type(value).__name__, str(value))
        found = self._cache.get(key)
        if found is None:
            found = self._classify(value)
            if len(self._cache) < 20000:
                self._cache[key] = found
        return found

    def _classify(self, value: object) -> tuple[Heading, str]:
        if not isinstance(value, str):
            return self.headings.classify(value), ""
        text = heading_text(value)
        if not text:
            return UNKNOWN, ""
        key = normalise(text)
        if key in self._ignore_headings:
            return Heading("field", IGNORE), ""
        if key in self._by_heading:
            return Heading("field", self._by_heading[key]), ""
        heading = self.headings.classify(text)
        if heading.kind != "unknown":
            return heading, ""
        parts = _SECTION_SPLIT.split(text, maxsplit=1)
        if len(parts) == 2 and parts[1].strip():
            first = self.headings.classify(parts[0])
            if first.kind == "field" and first.name == "title":
                return first, _section_name(parts[1])
        return UNKNOWN, ""

    def column_override(self, col: int) -> str | None:
        if col in self._ignore_letters:
            return IGNORE
        return self._by_letter.get(col)


def _section_name(text: str) -> str:
    text = " ".join(text.split()).strip(" -–:")
    return text.title() if text.isupper() else text


# -- heading rows ---------------------------------------------------------------------------------


def score_row(row: Sequence[CellValue], row_number: int, classifier: Classifier) -> Candidate:
    """How much a row looks like the heading row of an indicator table."""
    fields: set[str] = set()
    periods = annual = 0
    matched: list[str] = []
    unknown: list[str] = []
    for col, cell in enumerate(row, start=1):
        override = classifier.column_override(col)
        if override is not None:
            heading = Heading("field", override)
        elif is_blank(cell.value):
            continue
        else:
            heading, _section = classifier.classify(cell.value)
        if heading.kind == "field" and heading.name != IGNORE:
            if heading.name not in fields:
                matched.append(f"'{heading_text(cell.value) or heading.name}' ({FIELDS[heading.name].label})"
                               if heading.name in FIELDS else heading.name)
            fields.add(heading.name)
        elif heading.kind == "period":
            periods += 1
        elif heading.kind == "annual":
            annual += 1
        elif heading.kind == "unknown" and isinstance(cell.value, str) and heading_text(cell.value):
            unknown.append(heading_text(cell.value))
    if periods:
        matched.append(f"{periods} period column{'s' if periods > 1 else ''}")
    if annual:
        matched.append(f"{annual} previous year{'s' if annual > 1 else ''}")
    rateable = bool(periods or annual or _RATEABLE & fields)
    score = len(fields - {IGNORE}) + min(periods, 3) + min(annual, 2)
    return Candidate(row_number, score, tuple(matched), "ref" in fields, "title" in fields, rateable, tuple(unknown))


def _could_be_heading(row: Sequence[CellValue]) -> bool:
    """Cheap test before scoring: a heading row has at least two cells of text or dates."""
    texts = numbers = 0
    for cell in row:
        v = cell.value
        if isinstance(v, str) or (v is not None and hasattr(v, "month")):
            texts += 1
        elif isinstance(v, int | float):
            numbers += 1  # figures: a row of them is data, not headings
    return texts >= 2 and numbers <= 2


def find_heading_rows(grid: Grid, classifier: Classifier, *, start: int = 1, stop: int | None = None,
                      ) -> tuple[list[Candidate], Candidate | None]:
    """Accepted heading rows between `start` and `stop` (1-based, exclusive), and the best rejected one."""
    accepted: list[Candidate] = []
    best_rejected: Candidate | None = None
    last = len(grid) if stop is None else min(stop - 1, len(grid))
    for r in range(start, last + 1):
        row = grid[r - 1]
        if not _could_be_heading(row) and not classifier.letter_fields:
            continue
        candidate = score_row(row, r, classifier)
        if not candidate.accepted and r > 1:
            # Two heading rows: the row above names what this one leaves blank (merged down, or bands).
            above = grid[r - 2]
            combined = [cell if not is_blank(cell.value) else at(above, col)
                        for col, cell in enumerate(row, start=1)]
            combined += above[len(row):]
            joint = score_row(combined, r, classifier)
            if joint.accepted and joint.score > candidate.score:
                candidate = replace(joint, joint=True)
        if candidate.accepted and candidate.score >= 2:
            accepted.append(candidate)
        elif candidate.score and (best_rejected is None or candidate.score > best_rejected.score):
            best_rejected = candidate
    return accepted, best_rejected


# -- columns --------------------------------------------------------------------------------------


def band_texts(grid: Grid, band_row: int, merged: Sequence[tuple[int, int, int, int]], width: int) -> list[str]:
    """The band row's text over each column: a merged cell's text across its width, else carried right."""
    texts = [""] * (width + 1)
    row = grid[band_row - 1] if 0 < band_row <= len(grid) else []
    spans = [(r1, c1, c2) for r1, c1, r2, c2 in merged if r1 <= band_row <= r2 and c2 > c1]
    for r1, c1, c2 in spans:
        text = heading_text(at(grid[r1 - 1], c1).value)
        for col in range(c1, min(c2, width) + 1):
            texts[col] = text
    if spans:
        for col in range(1, width + 1):
            cell = at(row, col).value
            if not texts[col] and isinstance(cell, str) and cell.strip():
                texts[col] = heading_text(cell)
    else:
        carried = ""
        for col in range(1, width + 1):
            cell = at(row, col).value
            if isinstance(cell, str) and cell.strip():
                carried = heading_text(cell)
            texts[col] = carried
    return texts


def is_band_row(grid: Grid, band_row: int, heading_row: int, merged: Sequence[tuple[int, int, int, int]],
                classifier: Classifier) -> bool:
    """A row just above the heading row that groups its columns ("Previous performance", "2019/20")."""
    if band_row < 1:
        return False
    row = grid[band_row - 1]
    texts = [c for c in row if isinstance(c.value, str) and c.value.strip()]
    if not texts:
        return False
    spans = any(r1 <= band_row <= r2 and c2 > c1 for r1, c1, r2, c2 in merged)
    heading = grid[heading_row - 1]
    filled_heading = sum(1 for c in heading if not is_blank(c.value))
    if spans:
        return True  # cells merged across columns group them
    # A title line over the whole table is not a band: a band has gaps or several groups.
    if len(texts) < 2 or len(texts) * 2 > filled_heading:
        return False
    return not score_row(row, band_row, classifier).accepted


def _band_period(band: str) -> Period | None:
    return parse_period_heading(band) if band else None


def _with_band(heading: Heading, text: str, band: str, classifier: Classifier) -> Heading:
    """A heading read with the band above it: "Q1" under "2019/20" is Q1 2019/20; "Actual" under Q2 is Q2."""
    if not band:
        return heading
    if heading.kind == "unknown" and text:
        for combined in (f"{text} {band}", f"{band} {text}"):
            found, _ = classifier.classify(combined)
            if found.kind in ("period", "annual"):
                return found
        fy = find_financial_year(band)
        month = _month_in_year(text, fy[0]) if fy else None
        if month is not None:
            return Heading("period", period=month)
        if not text.strip():
            return classifier.classify(band)[0]
    if heading.kind == "field" and heading.name in ("current", "period"):
        period = _band_period(band)
        if period is not None:
            return Heading("period", period=period)
        fy = find_financial_year(band)
        if fy and not fy[1].strip():
            return Heading("annual", fy_label(fy[0]))
    return heading


def _month_in_year(text: str, fy_start: int) -> Period | None:
    """A month heading with no year ("Apr", "October") under a financial-year band."""
    month = month_number(normalise(text))
    if month is None:
        return None
    return Period(fy_start + 1 if month <= 3 else fy_start, month)


def read_columns(grid: Grid, heading_row: int, band_row: int | None, sub_row: int | None,
                 merged: Sequence[tuple[int, int, int, int]], classifier: Classifier,
                 hidden_columns: set[int]) -> tuple[Columns, str]:
    """What each column means, from the heading row, a band row above and a second heading row below."""
    header = filled_header(grid, heading_row, merged)
    width = max(len(header), len(grid[sub_row - 1]) if sub_row else 0)
    bands = band_texts(grid, band_row, merged, width) if band_row else [""] * (width + 1)
    # Over a second heading row, the first heading row is the band ("2019/20" merged over Q1 to Q4).
    tops = band_texts(grid, heading_row, merged, width) if sub_row else [""] * (width + 1)
    columns = Columns()
    section = ""
    band_periods: dict[str, Period] = {}  # field -> the band period of the column kept
    seen_periods: dict[Period, int] = {}
    seen_annual: dict[str, int] = {}
    for col in range(1, width + 1):
        cell = at(header, col)
        override = classifier.column_override(col)
        sub_cell = at(grid[sub_row - 1], col) if sub_row else BLANK
        if is_blank(cell.value) and band_row and override is None:
            cell = at(grid[band_row - 1], col)  # a heading written once over both heading rows
        if override is not None:
            heading, carried = Heading("field", override), ""
            columns.from_profile.add(override)
        else:
            heading, carried = classifier.classify(cell.value)
            if sub_row and not is_blank(sub_cell.value):
                sub_heading, _ = classifier.classify(sub_cell.value)
                sub_heading = _with_band(sub_heading, heading_text(sub_cell.value),
                                         tops[col] or heading_text(cell.value), classifier)
                if sub_heading.kind != "unknown":
                    heading, cell = sub_heading, sub_cell
            heading = _with_band(heading, heading_text(cell.value), bands[col], classifier)
        section = section or carried
        band_period = _band_period(bands[col])
        if heading.kind == "field":
            if heading.name == IGNORE:
                continue
            kept = columns.fields.get(heading.name)
            if kept is not None:
                earlier = band_periods.get(heading.name)
                if band_period is not None and earlier is not None and band_period > earlier:
                    columns.fields[heading.name] = col  # the latest period's column wins
                    band_periods[heading.name] = band_period
                elif not (band_period is not None and earlier is not None):
                    columns.duplicates.append((heading.name, kept, col))
                continue
            columns.fields[heading.name] = col
            if band_period is not None:
                band_periods[heading.name] = band_period
        elif heading.kind == "period" and heading.period is not None:
            if heading.period in seen_periods:
                columns.duplicates.append((heading.period.label, seen_periods[heading.period], col))
                continue
            seen_periods[heading.period] = col
            columns.periods.append((col, heading.period))
        elif heading.kind == "annual":
            if heading.name in seen_annual:
                continue
            seen_annual[heading.name] = col
            columns.annual.append((col, heading.name))
        elif col not in hidden_columns:
            text = heading_text(cell.value) or heading_text(sub_cell.value)
            if text:
                columns.unknown.append((col, text))
    return columns, section


def filled_header(grid: Grid, heading_row: int, merged: Sequence[tuple[int, int, int, int]]) -> list[CellValue]:
    """The heading row, with cells merged down from a row above taking that row's text."""
    header = list(grid[heading_row - 1])
    for r1, c1, r2, c2 in merged:
        if r1 < heading_row <= r2 and r1 - 1 < len(grid):
            top = at(grid[r1 - 1], c1)
            for col in range(c1, c2 + 1):
                while len(header) < col:
                    header.append(BLANK)
                if is_blank(header[col - 1].value):
                    header[col - 1] = top
    return header


def is_sub_heading(grid: Grid, heading_row: int, columns: Columns, classifier: Classifier) -> bool:
    """A second heading row under the first, e.g. the months under a merged "2019/20"."""
    if heading_row >= len(grid):
        return False
    row = grid[heading_row]
    known = sum(1 for c in row if not is_blank(c.value) and classifier.classify(c.value)[0].kind != "unknown")
    if known < 2:
        # Quarter or month names with no year ("Q1", "Apr") under a band are a second heading row too.
        bare = sum(1 for c in row if isinstance(c.value, str) and re.fullmatch(
            r"\s*(q[1-4]|quarter [1-4]|" + "|".join(MONTH_ABBR) + r")[a-z]*\s*", c.value, re.I))
        if bare < 2:
            return False
    ref_col = columns.fields.get("ref")
    ref_value = at(row, ref_col).value if ref_col else None
    return is_blank(ref_value) or not looks_like_ref(ref_text(ref_value))


@dataclass(frozen=True)
class HeadingRows:
    """The rows naming a table's columns (a band row above, a second heading row below) and what they say."""

    heading_row: int
    band_row: int | None
    sub_row: int | None
    columns: Columns
    section: str


def read_headings(grid: Grid, start: int, merged: Sequence[tuple[int, int, int, int]], hidden_columns: set[int],
                  classifier: Classifier, *, pinned: tuple[int, ...] = (), joint: bool = False) -> HeadingRows:
    """The heading rows at `start`, as the reader and the mapping dialog both take them.

    `pinned` are the profile's heading rows (band row first); `joint` says the row above names what
    `start` leaves blank. A second heading row never takes the indicator's name away.
    """
    if pinned and start == pinned[-1]:
        band = pinned[0] if len(pinned) == 2 else None
    elif joint:
        band = start - 1
    else:
        band = start - 1 if is_band_row(grid, start - 1, start, merged, classifier) else None
    columns, section = read_columns(grid, start, band, None, merged, classifier, hidden_columns)
    sub = None
    if not pinned and is_sub_heading(grid, start, columns, classifier):
        with_sub, sub_section = read_columns(grid, start, band, start + 1, merged, classifier, hidden_columns)
        if "title" in with_sub.fields:
            columns, section, sub = with_sub, sub_section, start + 1
    return HeadingRows(start, band, sub, columns, section)
