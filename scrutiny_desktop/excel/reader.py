"""Read a council's monthly scrutiny workbook into the domain.

The cell source (openpyxl, read-only) gives each sheet as a grid of cells; the table finders
(`excel/tables.py`) find every indicator table in it by the meaning of its headings; the field
schema (`domain/schema.py`) judges each cell. Every sheet holding a table is read into one
dataset; a long table (one row per indicator per period) is pivoted into the same shape.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from math import isfinite
from pathlib import Path
from xml.etree import ElementTree

from defusedxml import DefusedXmlException
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._read_only import ReadOnlyWorksheet

from scrutiny_desktop.domain.model import (
    PERCENT,
    Benchmark,
    Dataset,
    Frequency,
    Indicator,
    Outturn,
    Override,
    Polarity,
    Rag,
    Target,
    Tolerance,
    Unit,
    UnitKind,
)
from scrutiny_desktop.domain.periods import Period, find_period_in_text, parse_period_heading
from scrutiny_desktop.domain.problems import Problem, UnusableWorkbook, error, warning
from scrutiny_desktop.domain.profile import ImportProfile
from scrutiny_desktop.domain.refs import looks_like_ref, ref_text
from scrutiny_desktop.domain.schema import DEFAULT_VOCABULARY, FIELDS, CellContext, Vocabulary
from scrutiny_desktop.domain.values import (
    is_blank,
    is_excel_error,
    number_outturn,
    parse_outturn,
    parse_target,
    parse_tolerance,
    parse_unit,
    value_from_fraction,
)
from scrutiny_desktop.excel.formulas import FormulaCounts, sheet_formula_counts, with_counts_of, with_formula_counts
from scrutiny_desktop.excel.headings import Headings, load_headings
from scrutiny_desktop.excel.package import (
    CellUnreadable,
    Package,
    SheetPart,
    SheetSurvey,
    cell_rows,
    damaged,
    load_workbook,
    number_format,
    open_package,
)
from scrutiny_desktop.excel.profiles import find_profile
from scrutiny_desktop.excel.tables import (
    BLANK,
    HEADER_SEARCH_ROWS,
    Candidate,
    CellValue,
    Classifier,
    Columns,
    Grid,
    Table,
    at,
    find_heading_rows,
    heading_text,
    read_headings,
)

MAX_SCAN_COLUMNS = 200  # columns looked at while searching sheets for heading rows
BENCHMARK_FIELDS = {"stat_neighbours": Benchmark.STAT_NEIGHBOURS, "london": Benchmark.LONDON,
                    "england": Benchmark.ENGLAND}
# The first line of notes under a table: "Notes:", "Source: ...", "Key", "* provisional".
# Not "Key Stage 2" or "Notes on ..." headings, which can be section rows.
_NOTES_START = re.compile(r"^\s*(?:(?:notes?|sources?|footnotes?|key)\s*(?:[:.\-–]|$)|\*)", re.I)
# Sheets of guidance rather than figures, passed over unless named.
_GUIDANCE_SHEET = re.compile(
    r"^\s*(guidance|notes?|read ?me|contents|cover|definitions?|glossary|instructions?|key|about|"
    r"version|changes|change log|lookups?|lists?|metadata|info(rmation)?)\b", re.I)
_TITLE_UNIT = (
    (re.compile(r"^\s*%|%\s*of\b|\bpercentage\b|\bper ?cent\b|\bproportion\b", re.I), UnitKind.PERCENT),
    (re.compile(r"^\s*(number|no\.?|count|total)\s+of\b|^\s*number\b", re.I), UnitKind.COUNT),
    (re.compile(r"\brate\b.*\bper\b", re.I), UnitKind.RATE),
    (re.compile(r"\baverage\b|\bmean\b", re.I), UnitKind.AVERAGE),
)
Progress = Callable[[str, float], None]
# What a damaged or hostile sheet raises while its cells are parsed.
_DAMAGED = (ElementTree.ParseError, DefusedXmlException, zipfile.BadZipFile, zlib.error, EOFError)


@lru_cache(maxsize=256)  # a workbook has a handful of number formats and many thousands of cells
def _is_percent_format(fmt: str | None) -> bool:
    return bool(fmt) and "%" in re.sub(r'"[^"]*"|\\.', "", fmt or "")


def read_grid(ws: object, max_row: int | None, max_col: int) -> Grid:
    """The cell source: a sheet's cells as values with their %-format, row by row."""
    if isinstance(ws, ReadOnlyWorksheet) and max_col > 0:
        return _read_only_grid(ws, max_row, max_col)
    grid: Grid = []
    for cells in ws.iter_rows(min_row=1, max_row=max_row, max_col=max_col):  # type: ignore[attr-defined]
        row = [
            BLANK if c.value is None else CellValue(c.value, _is_percent_format(getattr(c, "number_format", None)))
            for c in cells
        ]
        grid.append(row)
    return grid


def _read_only_grid(ws: ReadOnlyWorksheet, max_row: int | None, max_col: int) -> Grid:
    """`read_grid` of a read-only sheet, from openpyxl's parsed cells without a ReadOnlyCell per cell.

    The same grid as `iter_rows`: each row `max_col` wide, a cell the file leaves out BLANK, a later cell
    at the same column winning. The %-format is looked up once per style (a sheet has a handful), the
    same lookup `ReadOnlyCell.number_format` makes, and only for cells that hold a value, as before.
    """
    percent: dict[object, bool] = {}
    # One CellValue per distinct number or text and format: figures repeat a great deal, and CellValue is
    # immutable, so cells holding the same value (of the same type) share one. Not a float zero: -0.0
    # equals 0.0 but is not the same value.
    made: dict[tuple[object, type, bool], CellValue] = {}
    grid: Grid = []
    for cells in cell_rows(ws, max_row, max_col):
        row = [BLANK] * max_col
        for cell in cells:
            col = cell["column"]
            if 1 <= col <= max_col:  # type: ignore[operator]
                value = cell["value"]
                if value is None:
                    row[col - 1] = BLANK  # type: ignore[operator]
                    continue
                style = cell["style_id"]
                flag = percent.get(style)
                if flag is None:
                    flag = percent[style] = _is_percent_format(number_format(ws, style))
                kind = type(value)
                if kind is str or kind is int or (kind is float and value):
                    key = (value, kind, flag)
                    shared = made.get(key)
                    if shared is None:
                        shared = made[key] = CellValue(value, flag)
                    row[col - 1] = shared  # type: ignore[operator]
                else:
                    row[col - 1] = CellValue(value, flag)  # type: ignore[operator]
        grid.append(row)
    return grid


def read_workbook(
    path: Path | str,
    *,
    sheet: str | Sequence[str] | None = None,
    period: Period | None = None,
    headings: Headings | None = None,
    profile: ImportProfile | None = None,
    progress: Progress | None = None,
) -> Dataset:
    """Read every indicator table. Raises `UnusableWorkbook` with every reason when it cannot be used.

    `period` places a single "Outturn" column when the sheet has no period columns and names
    no month above the table; `sheet` limits the reading to the named sheet(s). `profile` says
    what the headings do not; without one, `<workbook stem>.profile.toml` beside the workbook is
    used when there is one (pass an empty `ImportProfile()` to read without).
    """
    path = Path(path)
    report = progress or (lambda _message, _fraction: None)
    report(f"Checking {path.name}", 0.05)
    package = open_package(path)
    headings = headings or load_headings()
    if profile is None:
        profile = find_profile(path) or ImportProfile()
    wb = load_workbook(package)
    names = (sheet,) if isinstance(sheet, str) else tuple(sheet or ())
    try:
        report("Finding the indicator tables", 0.2)
        return _WorkbookReader(path, package, wb, headings, period, profile).read(names, report)
    except CellUnreadable as exc:
        # Read-only mode parses each sheet's XML only as its cells are read.
        name = next((s.name for s in package.sheets if s.part == exc.part), exc.part)
        raise damaged(path.name, f"{exc.cell} on sheet '{name}' cannot be read (its value does not fit its type, "
                                 "or it names shared text the file does not have)",
                      name, exc.cell if not exc.cell.startswith("row") else "") from exc
    except _DAMAGED as exc:
        raise damaged(path.name, f"a sheet's contents cannot be read ({_reason(exc)})") from exc
    finally:
        wb.close()


def _reason(exc: BaseException) -> str:
    """What went wrong, in the program's words (never a Python exception's name)."""
    if isinstance(exc, (ElementTree.ParseError, DefusedXmlException)):
        return "its XML is broken"
    return "it cannot be unpacked from the file"


@dataclass
class _SheetTables:
    part: SheetPart
    grid: Grid
    survey: SheetSurvey
    tables: list[Table]
    indicators: list[list[Indicator]] = field(default_factory=list)
    # Issue 14: counts of cells written as =4/7 or =B12/C12 (see excel/formulas.py).
    formula_counts: dict[tuple[int, int], FormulaCounts] = field(default_factory=dict)


class _WorkbookReader:
    """Finds the tables on every sheet and reads them into one dataset."""

    def __init__(self, path: Path, package: Package, wb: object, headings: Headings, period: Period | None,
                 profile: ImportProfile) -> None:
        self.path = path
        self.package = package
        self.wb = wb
        self.headings = headings
        self.period_choice = period
        self.profile = profile
        self.classifier = Classifier(headings, profile)
        self.vocabulary: Vocabulary = DEFAULT_VOCABULARY.extended(headings.words).extended(profile.words)
        self.problems: list[Problem] = list(headings.problems)
        self.near_miss: tuple[str, Candidate, Grid] | None = None
        self.next_made_ref = 1
        self.sheet_name = ""  # the sheet whose tables are being found

    def _warn(self, code: str, message: str, *, sheet: str = "", cell: str = "", ref: str | None = None) -> None:
        self.problems.append(warning(code, message, sheet=sheet, cell=cell, ref=ref))

    # -- finding the tables ------------------------------------------------------------------------

    def read(self, sheet_names: tuple[str, ...], report: Progress) -> Dataset:
        named = sheet_names or self.profile.sheets
        candidates = self._candidates(named)
        found: list[_SheetTables] = []
        # Guidance, notes and cover sheets are read only when no other sheet holds a table.
        guidance = [p for p in candidates if not named and _GUIDANCE_SHEET.match(p.name)]
        for part in [p for p in candidates if p not in guidance]:
            tables = self._sheet_tables(part, report)
            if tables is not None:
                found.append(tables)
        if not found:
            for part in guidance:
                tables = self._sheet_tables(part, report)
                if tables is not None:
                    found.append(tables)
        if not found:
            raise UnusableWorkbook([*self.problems, self._no_header_row(candidates)])
        report("Rating indicators", 0.7)
        return self._dataset(found)

    def _candidates(self, names: tuple[str, ...]) -> list[SheetPart]:
        sheets = self.package.sheets
        if not names:
            return [s for s in sheets if s.visible]
        chosen: list[SheetPart] = []
        for name in names:
            wanted = name.strip().casefold()
            match = [s for s in sheets if s.name.strip().casefold() == wanted]
            if not match:
                listing = ", ".join(f"'{s.name}'" for s in sheets if s.visible)
                where = f"the import profile {self.profile.source}" if name in self.profile.sheets and \
                    self.profile.source else self.path.name
                raise UnusableWorkbook([error(
                    "sheet-not-found",
                    f"There is no sheet called '{name}' in {self.path.name} (named in {where}). "
                    f"Its sheets are: {listing}.",
                )])
            chosen.extend(s for s in match if s not in chosen)
        return chosen

    def _sheet_tables(self, part: SheetPart, report: Progress) -> _SheetTables | None:
        ws = self.wb[part.name]  # type: ignore[index]
        width = min(part.columns or MAX_SCAN_COLUMNS, MAX_SCAN_COLUMNS)
        rows = self.profile.heading_rows
        head_rows = max(HEADER_SEARCH_ROWS, max(rows, default=0) + 1)
        head = read_grid(ws, head_rows, width)
        joint = False
        if rows:
            first = rows[-1]
            if first > len(head):
                return None
        else:
            accepted, rejected = find_heading_rows(head, self.classifier)
            if not accepted:
                if rejected is not None and (self.near_miss is None or rejected.score > self.near_miss[1].score):
                    self.near_miss = (part.name, rejected, head)
                return None
            best = max(accepted, key=lambda c: (c.score, -c.row))
            first, joint = best.row, best.joint
        report(f"Reading sheet '{part.name}'", 0.35)
        self.sheet_name = part.name
        grid = read_grid(ws, part.rows, min(part.columns or MAX_SCAN_COLUMNS, 1000))
        survey = self.package.survey(part)
        return _SheetTables(part, grid, survey, self._tables(grid, survey, first, joint),
                            formula_counts=sheet_formula_counts(self.package, part))  # issue 14

    def _tables(self, grid: Grid, survey: SheetSurvey, first: int, joint: bool) -> list[Table]:
        tables: list[Table] = []
        start: int | None = first
        caption = ""
        pinned = self.profile.heading_rows
        while start is not None:
            rows = read_headings(grid, start, survey.merged, survey.hidden_columns, self.classifier,
                                 pinned=pinned, joint=joint)
            band, sub, columns, section = rows.band_row, rows.sub_row, rows.columns, rows.section
            if "title" not in columns.fields:
                raise UnusableWorkbook([*self.problems, error(
                    "no-header-row",
                    f"Row {start} of sheet '{self.sheet_name}' is taken as the heading row"
                    f"{' (the import profile names it)' if pinned else ''}, but no column in it names the "
                    "indicators. Map the indicator column (in a profile, [columns] title = \"<its heading>\").",
                    sheet=self.sheet_name, cell=f"A{start}",
                )])
            first_data = (sub or start) + 1
            found = self._next_heading_row(grid, first_data) if not pinned else None
            following, joint = (found.row, found.joint) if found is not None else (None, False)
            # The next table starts at its heading row, or at the band row above it.
            end = following - joint if following is not None else len(grid) + 1
            tables.append(Table(start, band, first_data, end, columns, section, caption))
            # A line of text just above the next table is its caption ("For information: activity and demand").
            caption = _caption(grid, following) if following is not None else ""
            start = following
        return tables

    def _next_heading_row(self, grid: Grid, start: int) -> Candidate | None:
        """The heading row of a second table below the first: after a gap, titled like a table (its
        heading row may be the second of two)."""
        for r in range(start + 1, len(grid) + 1):
            if _filled_more_than_once(grid[r - 2]):
                continue  # tables are separated by a blank row or a title line
            accepted, _ = find_heading_rows(grid, self.classifier, start=r, stop=r + 2)
            if accepted:
                return accepted[0]
        return None

    def _no_header_row(self, candidates: list[SheetPart]) -> Problem:
        looked = ", ".join(f"'{p.name}'" for p in candidates) or "(none visible)"
        if self.near_miss is None:
            return error(
                "no-header-row",
                f"No row in the first {HEADER_SEARCH_ROWS} rows of sheet(s) {looked} names the columns of an "
                "indicator table: it needs a heading for the indicator's name (Indicator, Measure, Performance "
                "indicator, ...) and something to rate (months, a target or an outturn). Map the columns "
                "(File > Map columns… in the window), or write an import profile (see the user guide, "
                "'Mapping columns').",
            )
        sheet, near, grid = self.near_miss
        lacking = []
        fix = []
        if not near.has_title:
            lacking.append("nothing I can use as the indicator's name")
            guess = _likely_column(grid, near.row, self.classifier, text=True)
            if guess:
                fix.append(f'title = "{guess}"')
        if not near.rateable:
            lacking.append("nothing to rate (no months, target or outturn)")
            guess = _likely_column(grid, near.row, self.classifier, text=False)
            if guess:
                fix.append(f'current = "{guess}"')
        if not near.has_ref:
            lacking.append("no ref (rows would be numbered in order)")
        hints = [h for h in (self.headings.suggestion(t) for t in near.unknown) if h]
        did_you_mean = f" Did you mean '{hints[0]}'?" if hints else ""
        matched = ", ".join(near.matched) or "nothing known"
        profile_line = (f" An import profile with [columns] {'; '.join(fix)} would read it." if fix else "")
        return error(
            "no-header-row",
            f"No indicator table found. Sheet '{sheet}' row {near.row} came closest: it has {matched}, but "
            f"{' and '.join(lacking[:2])}.{did_you_mean}{profile_line} Map the columns (File > Map columns… in "
            "the window) or see the user guide, 'Mapping columns'.",
            sheet=sheet, cell=f"A{near.row}",
        )

    # -- one dataset from every table -----------------------------------------------------------

    def _dataset(self, found: list[_SheetTables]) -> Dataset:
        used: list[tuple[_SheetTables, Table, list[Indicator], Columns, Period | None]] = []
        kept_titles: list[set[str]] = []
        title, title_period = _title(found[0].grid[: found[0].tables[0].heading_row - 1])
        for sheet in found:
            _, sheet_period = _title(sheet.grid[: sheet.tables[0].heading_row - 1])
            for table in sheet.tables:
                reader = _TableReader(self, sheet.part.name, sheet.grid, sheet.survey, table)
                reader.formula_counts = sheet.formula_counts  # issue 14
                indicators = reader.read(sheet_period or title_period)
                names = {i.title.casefold() for i in indicators}
                same = next((k for k in kept_titles if names and len(names & k) * 2 >= len(names)), None)
                if same is not None:
                    first_sheet = used[kept_titles.index(same)][0].part.name
                    self._warn(
                        "several-tables",
                        f"Sheet '{first_sheet}' is used; '{sheet.part.name}' holds the same indicators (another "
                        "period or version?) and is left out. Choose it with --sheet (or File > Open in the "
                        "window) to read it instead.",
                        sheet=sheet.part.name,
                    )
                    break
                kept_titles.append(names)
                used.append((sheet, table, indicators, table.columns, sheet_period or title_period))
        several_sheets = len({s.part.name for s, *_ in used}) > 1
        indicators_all: list[Indicator] = []
        for sheet, table, indicators, _, _ in used:
            for indicator in indicators:
                if not indicator.section:
                    # The sheet is the section of a workbook with a sheet per service area.
                    indicator = replace(indicator, section=sheet.part.name.strip() if several_sheets else table.caption)
                indicators_all.append(indicator)
        indicators_all = self._unique_refs(indicators_all, used)
        if not indicators_all:
            sheet, table = used[0][0], used[0][1]
            self.problems.append(error(
                "no-indicators",
                f"Sheet '{sheet.part.name}' has the headings on row {table.heading_row} but no indicator rows "
                "below them (a row needs a ref and an indicator name).",
                sheet=sheet.part.name,
            ))
        if any(p.severity == "error" for p in self.problems):
            raise UnusableWorkbook(self.problems)
        periods: set[Period] = set()
        annual: list[str] = []
        for _, table, indicators, columns, own_period in used:
            periods.update(p for _, p in columns.periods)
            if table.long or (columns.periods and ("current" in columns.fields or "numerator" in columns.fields)):
                # Periods a row gives itself (a long table) or placed from an outturn column.
                periods.update(p for i in indicators for p in i.outturns)
            elif "current" in columns.fields:
                chosen = self.period_choice or own_period
                if chosen:
                    periods.add(chosen)
            annual.extend(label for _, label in columns.annual if label not in annual)
        return Dataset(
            source=str(self.path),
            sheet=", ".join(dict.fromkeys(s.part.name for s, *_ in used)),
            indicators=tuple(indicators_all),
            periods=tuple(sorted(periods)),
            annual_labels=tuple(sorted(annual)),
            problems=tuple(self.problems),
            title=title,
        )

    def _unique_refs(self, indicators: list[Indicator], used: list[tuple[_SheetTables, Table, list[Indicator],
                                                                          Columns, Period | None]]) -> list[Indicator]:
        """Refs repeated on another sheet get the sheet's initials ("EH-1"): each indicator keeps its own."""
        first_sheet: dict[str, str] = {}
        result = []
        for indicator in indicators:
            owner = first_sheet.setdefault(indicator.ref, indicator.sheet)
            if owner != indicator.sheet:
                qualified = f"{_initials(indicator.sheet)}-{indicator.ref}"
                self._warn(
                    "ref-repeated-on-sheets",
                    f"Ref {indicator.ref} is used on sheet '{owner}' and on sheet '{indicator.sheet}'; the second is "
                    f"shown as {qualified}.",
                    sheet=indicator.sheet, cell=indicator.cell("ref"), ref=qualified,
                )
                indicator = replace(indicator, ref=qualified)
            result.append(indicator)
        return result


def _filled_more_than_once(row: list[CellValue]) -> bool:
    """More than one cell of the row holds something (stops at the second: rows of figures are long)."""
    seen = False
    for cell in row:
        if not is_blank(cell.value):
            if seen:
                return True
            seen = True
    return False


def _caption(grid: Grid, heading_row: int) -> str:
    above = [c.value for c in grid[heading_row - 2]] if heading_row >= 2 else []
    texts = [v for v in above if not is_blank(v)]
    return " ".join(texts[0].split()) if len(texts) == 1 and isinstance(texts[0], str) else ""


def _initials(name: str) -> str:
    words = re.findall(r"[A-Za-z0-9]+", name)
    return "".join(w[0].upper() for w in words)[:4] or "S"


def _likely_column(grid: Grid, heading_row: int, classifier: Classifier, *, text: bool) -> str:
    """The heading of an unknown column below which the rows look most like names (or most like figures)."""
    header = grid[heading_row - 1]
    best, best_score = "", 0.0
    body = grid[heading_row: heading_row + 20]
    for col, cell in enumerate(header, start=1):
        name = heading_text(cell.value)
        if not name or classifier.classify(cell.value)[0].kind != "unknown":
            continue  # a column already known for something else is not the one missing
        values = [at(row, col).value for row in body if not is_blank(at(row, col).value)]
        if not values:
            continue
        if text:
            score = sum(len(v) for v in values if isinstance(v, str)) / len(values)
        else:
            score = sum(1 for v in values if isinstance(v, int | float) and not isinstance(v, bool)) / len(values)
        if score > best_score:
            best, best_score = name, score
    return best if (best_score >= 12 if text else best_score >= 0.5) else ""


class _TableReader:
    """Reads one table's rows into indicators, each field's cells judged by its spec."""

    def __init__(self, workbook: _WorkbookReader, sheet: str, grid: Grid, survey: SheetSurvey, table: Table) -> None:
        self.workbook = workbook
        self.profile = workbook.profile
        self.period_choice = workbook.period_choice
        self.headings = workbook.headings
        self.vocabulary = workbook.vocabulary
        self.problems = workbook.problems
        self.sheet = sheet
        self.grid = grid
        self.survey = survey
        self.table = table
        # Per ref, what can only be placed once the current period is known: the single
        # Outturn column and the numerator/denominator columns.
        self._pending: dict[str, dict[str, object]] = {}
        self.formula_counts: dict[tuple[int, int], FormulaCounts] = {}  # issue 14

    def read(self, title_period: Period | None) -> list[Indicator]:
        table, columns = self.table, self.table.columns
        for what, kept, other in columns.duplicates:
            label = FIELDS[what].label if what in FIELDS else what
            self._warn(
                "duplicate-column",
                f"Columns {get_column_letter(kept)} and {get_column_letter(other)} both look like '{label}'; "
                f"column {get_column_letter(kept)} is used.",
                cell=f"{get_column_letter(other)}{table.heading_row}",
            )
        rows = self.grid[table.first_data_row - 1: table.end_row - 1]
        if table.long:
            indicators = self._long(rows)
        else:
            indicators = self._indicators(rows, table.first_data_row, columns)
            indicators = self._apply_latest(indicators, columns, title_period)
        self._check_unknown_columns(columns, rows, table.heading_row)
        self._check_duplicates(indicators)
        return [self._council_rules(i) for i in indicators]

    def _warn(self, code: str, message: str, *, cell: str = "", ref: str | None = None) -> None:
        self.problems.append(warning(code, message, sheet=self.sheet, cell=cell, ref=ref))

    def _context(self, unit: Unit, cell: CellValue) -> CellContext:
        return CellContext(unit, cell.percent, self.vocabulary)

    # -- rows ----------------------------------------------------------------------------------

    def _indicators(self, rows: Grid, first_row: int, columns: Columns) -> list[Indicator]:
        ref_col = columns.fields.get("ref")
        title_col = columns.fields["title"]
        data_cols = {c for name, c in columns.fields.items() if name not in ("ref", "title")}
        data_cols |= {c for c, _ in columns.periods} | {c for c, _ in columns.annual}
        section = self.table.section
        indicators: list[Indicator] = []
        made: list[str] = []

        def has_data(row: list[CellValue]) -> bool:
            """A cell of a data column is filled (asked only where it decides something)."""
            return any(c in data_cols and not is_blank(cell.value) for c, cell in enumerate(row, start=1))

        for offset, row in enumerate(rows):
            r = first_row + offset
            # The first two filled cells (is_blank inline): whether a row is empty, a note, a section line or
            # an indicator needs no more, and an indicator's row is long.
            filled = []
            for c, cell in enumerate(row, start=1):
                if (v := cell.value) is not None and not (isinstance(v, str) and not v.strip()):
                    filled.append((c, cell))
                    if len(filled) == 2:
                        break
            if not filled:
                continue
            ref_raw = at(row, ref_col).value if ref_col else None
            title_raw = at(row, title_col).value
            first_text = str(filled[0][1].value)[:200]
            ref_ok = not is_blank(ref_raw) and looks_like_ref(ref_text(ref_raw))
            if _NOTES_START.match(first_text) and not (ref_ok and not is_blank(title_raw)):
                break  # notes under the table: nothing below is an indicator
            if len(filled) == 1 and isinstance(filled[0][1].value, str) and (
                    is_blank(title_raw) or is_blank(ref_raw)) and (
                    ref_col is not None or filled[0][0] != title_col or not has_data(row)):
                section = " ".join(filled[0][1].value.split())
                continue
            if ref_col is None:
                if is_blank(title_raw) or (not has_data(row) and not isinstance(title_raw, str)):
                    continue
                ref = str(self.workbook.next_made_ref)
                self.workbook.next_made_ref += 1
                made.append(ref)
                indicators.append(replace(self._indicator(row, r, columns, section, ref), ref_made=True))
                continue
            if not ref_ok:
                if has_data(row) or not is_blank(title_raw):
                    where = f"{get_column_letter(ref_col)}{r}"
                    shown = "" if is_blank(ref_raw) else f" ('{ref_text(ref_raw)}')"
                    label = f" '{_short(title_raw)}'" if not is_blank(title_raw) else ""
                    self._warn(
                        "missing-ref",
                        f"Row {r}{label} has no usable ref{shown}, so it is left out. "
                        "Give it a ref such as 12 or 35.1.",
                        cell=where,
                    )
                continue
            indicators.append(self._indicator(row, r, columns, section, ref_text(ref_raw)))
        if made:
            self._warn(
                "refs-from-row-order",
                f"Sheet '{self.sheet}' has no ref column, so its {len(made)} indicators are numbered {made[0]} to "
                f"{made[-1]} in row order; titles match indicators across months. Add a ref column (or map one) "
                "to keep refs fixed.",
                cell=f"A{self.table.heading_row}",
            )
        return indicators

    def _long(self, rows: Grid) -> list[Indicator]:
        """One row per indicator per period: each row read as that period's column, then joined by indicator."""
        columns = self.table.columns
        period_col = columns.fields["period"]
        value_col = columns.fields.get("current")
        key_col = columns.fields.get("ref") or columns.fields["title"]
        groups: dict[str, list[tuple[int, Period, list[CellValue]]]] = {}
        order: list[str] = []
        for offset, row in enumerate(rows):
            r = self.table.first_data_row + offset
            key_raw = at(row, key_col).value
            if is_blank(key_raw):
                continue
            first_text = str(key_raw)[:200]
            if _NOTES_START.match(first_text):
                break
            cell = at(row, period_col)
            period = parse_period_heading(cell.value) if not is_blank(cell.value) else None
            if period is None:
                self._warn(
                    "unreadable-period",
                    f"Cell {get_column_letter(period_col)}{r} holds '{_short(cell.value)}', which is not a month or "
                    "quarter (Oct-19, 2019-10, Q2 2019/20); the row is left out.",
                    cell=f"{get_column_letter(period_col)}{r}",
                )
                continue
            key = " ".join(ref_text(key_raw).split()).casefold()
            if key not in groups:
                groups[key] = []
                order.append(key)
            groups[key].append((r, period, row))
        indicators: list[Indicator] = []
        fields = {n: c for n, c in columns.fields.items() if n not in ("period", "current")}
        made = "ref" not in columns.fields
        for key in order:
            entries = sorted(groups[key], key=lambda e: e[1])
            outturns: dict[Period, Outturn] = {}
            latest: Indicator | None = None
            for r, period, row in entries:
                per_row = Columns(fields=dict(fields), periods=[(value_col, period)] if value_col else [])
                if made:
                    ref = str(self.workbook.next_made_ref) if latest is None else latest.ref
                else:
                    ref = ref_text(at(row, columns.fields["ref"]).value)
                indicator = self._indicator(row, r, per_row, self.table.section, ref)
                extra = self._pending.pop(ref, {})
                got = dict(indicator.outturns)
                fraction = extra.get("fraction")
                if isinstance(fraction, tuple):
                    got = self._fraction(indicator, got, period, fraction)
                outturns.update({p: o for p, o in got.items() if o.has_value or o.placeholder})
                latest = replace(indicator, outturns=outturns)
            if latest is not None:
                if made:
                    self.workbook.next_made_ref += 1
                indicators.append(replace(latest, ref_made=made))
        if made and indicators:
            self._warn(
                "refs-from-row-order",
                f"Sheet '{self.sheet}' has no ref column, so its indicators are numbered {indicators[0].ref} to "
                f"{indicators[-1].ref} in order of first appearance; titles match indicators across months.",
                cell=f"A{self.table.heading_row}",
            )
        return indicators

    def _council_rules(self, indicator: Indicator) -> Indicator:
        """The profile's workbook-wide rules: one tolerance for every indicator, or no Amber at all."""
        profile = self.profile
        if not profile.amber:
            return replace(indicator, tolerance=None, red_threshold=None)
        if profile.default_tolerance is not None and indicator.tolerance is None and indicator.red_threshold is None:
            parsed = parse_tolerance(profile.default_tolerance, indicator.unit)
            if isinstance(parsed, Tolerance):
                return replace(indicator, tolerance=parsed)
            self._warn(
                "profile-unreadable",
                f"The profile's default_tolerance '{profile.default_tolerance}' is not a number such as 5 or "
                "'10% of target'; indicators without a tolerance have no Amber.",
            )
        return indicator

    def _indicator(self, row: list[CellValue], r: int, columns: Columns, section: str, ref: str) -> Indicator:
        f = columns.fields
        survey = self.survey
        cells: dict[str, str] = {name: f"{get_column_letter(c)}{r}" for name, c in f.items()}
        cells.setdefault("ref", f"A{r}")

        def raw(name: str) -> CellValue:
            if name not in f:
                return BLANK
            col = f[name]
            if (r, col) in survey.uncalculated:
                self._uncalculated(ref, cells[name])
            return self._checked(at(row, col), ref, cells[name])

        title_raw = raw("title").value
        if is_blank(title_raw):
            title = f"Indicator {ref}"
            self._warn(
                "missing-title", f"Indicator {ref} has no name; it is shown as '{title}'.",
                cell=cells["title"], ref=ref,
            )
        else:
            title = " ".join(str(title_raw).split())
        if r in survey.hidden_rows:
            self._warn(
                "hidden-row",
                f"Row {r} (indicator {ref}) is hidden in the workbook but is included. "
                "Delete the row if it should not be reported.",
                cell=cells.get("ref") or cells["title"], ref=ref,
            )
        section_raw = raw("section").value
        if not is_blank(section_raw):
            section = " ".join(str(section_raw).split())
        period_cells = [(col, p, at(row, col)) for col, p in columns.periods]
        thresholds = [raw("green_threshold"), raw("amber_threshold"), raw("red_threshold")]
        unit = self._unit(raw("unit"), title,
                          [c for _, _, c in period_cells] + [raw("target"), raw("current"), *thresholds], ref, cells)
        polarity = self._polarity(raw("polarity"), ref, cells)
        target_field = "target" if "target" in f and not is_blank(raw("target").value) else "green_threshold"
        target_cell = raw(target_field)
        parsed_target = parse_target(target_cell.value, unit, percent_format=target_cell.percent)
        if parsed_target is None:
            target = Target(text=str(target_cell.value).strip(), readable=False)
            self._warn("unreadable-target", _template(target_field, target_cell.value, ref),
                       cell=cells.get(target_field, ""), ref=ref)
        else:
            target = parsed_target.target
            if polarity is None and parsed_target.polarity_hint is not None:
                polarity = parsed_target.polarity_hint
        tolerance = self._tolerance(raw("tolerance"), unit, ref, cells)
        if tolerance is False:
            target = replace(target, readable=False)
        floor_cell, floor_field = raw("red_threshold"), "red_threshold"
        if is_blank(floor_cell.value) and not is_blank(raw("amber_threshold").value):
            floor_cell, floor_field = raw("amber_threshold"), "amber_threshold"
        floor = self._floor(floor_cell, floor_field, unit, polarity, target, ref, cells)
        if floor is False:
            target = replace(target, readable=False)
        elif isinstance(floor, Tolerance):
            tolerance, floor = floor, None
        outturns: dict[Period, Outturn] = {}
        formulas = self.formula_counts
        uncalculated = survey.uncalculated
        for col, period, cell in period_cells:
            address = f"{get_column_letter(col)}{r}"
            if uncalculated and (r, col) in uncalculated:
                self._uncalculated(ref, address)
            value = cell.value
            if (type(value) is float or type(value) is int) and isfinite(value):
                # Most figures are plain numbers: no Excel error and nothing to warn about, so the outturn
                # `_outturn` would give, from the same reading, without the steps text needs.
                outturn: Outturn | None = number_outturn(value, percent_format=cell.percent, cell=address)
            else:
                outturn = self._outturn(self._checked(cell, ref, address), unit, ref, address)
            if outturn is not None:
                # Issue 14: a percentage written as =4/7 keeps its counts.
                outturns[period] = with_formula_counts(outturn, formulas.get((r, col)), unit) if formulas else outturn
        # Issue 14: a previous year's "40% (2 of 5)" (or =2/5) keeps its counts for the disclosure rules.
        annual_outturns = {label: with_formula_counts(o, self.formula_counts.get((r, col)), unit)
                           for col, label in columns.annual
                           if (o := self._outturn(at(row, col), unit, ref, f"{get_column_letter(col)}{r}"))}
        annual = {label: o.value if (o := annual_outturns.get(label)) else None for _, label in columns.annual}
        benchmarks = {b: self._figure(raw(name), unit, ref, cells.get(name, ""))
                      for name, b in BENCHMARK_FIELDS.items() if name in f}
        stated = self._stated_rag(raw("stated_rag"), ref, cells)
        reason = raw("override_reason").value
        override = Override(stated, " ".join(str(reason).split())) if stated and not is_blank(reason) else None
        commentary_raw = raw("commentary").value
        extra: dict[str, object] = {}
        if "current" in f:
            current = self._outturn(raw("current"), unit, ref, cells["current"])
            if current is not None and (current.has_value or current.placeholder):
                extra["current"] = current
        if "numerator" in f or "denominator" in f:
            extra["fraction"] = (raw("numerator"), raw("denominator"))
        self._pending[ref] = extra
        return Indicator(
            ref=ref,
            title=title,
            section=section,
            polarity=polarity,
            unit=unit,
            frequency=self._frequency(raw("frequency"), ref, cells),
            target=target,
            tolerance=tolerance if isinstance(tolerance, Tolerance) else None,
            red_threshold=floor if isinstance(floor, float) else None,
            sensitive=self._sensitive(raw("sensitive"), ref, cells),
            small_cohort=self._small_cohort(raw("small_cohort"), ref, cells),
            annual=annual,
            annual_outturns=annual_outturns,  # issue 14
            benchmarks=benchmarks,
            outturns=outturns,
            commentary="" if is_blank(commentary_raw) else str(commentary_raw).strip(),
            stated_rag=stated,
            override=override,
            row=r,
            cells=cells,
            sheet=self.sheet,
        )

    # -- single fields -------------------------------------------------------------------------

    def _checked(self, cell: CellValue, ref: str, address: str) -> CellValue:
        """Excel error values (#DIV/0!, #REF!) become blanks, with a warning at the cell."""
        if is_excel_error(cell.value):
            self._warn(
                "unreadable-value",
                f"Cell {address} (indicator {ref}) holds the Excel error {str(cell.value).strip()}; it is treated as "
                "no data. Fix the formula in Excel.",
                cell=address, ref=ref,
            )
            return BLANK
        return cell

    def _uncalculated(self, ref: str, address: str) -> None:
        self._warn(
            "formula-not-calculated",
            f"Cell {address} (indicator {ref}) holds a formula that has never been calculated, so it has no value; "
            "it is treated as no data. Open the workbook in Excel, let it calculate, and save it again.",
            cell=address, ref=ref,
        )

    def _unit(self, cell: CellValue, title: str, figures: Iterable[CellValue], ref: str,
              cells: dict[str, str]) -> Unit:
        parsed = parse_unit(cell.value)
        if isinstance(parsed, Unit):
            return parsed
        if parsed is False:
            self._warn("unknown-unit", _template("unit", cell.value, ref), cell=cells.get("unit", ""), ref=ref)
            return Unit(UnitKind.NUMBER, " ".join(str(cell.value).split()))
        for pattern, kind in _TITLE_UNIT:
            if pattern.search(title):
                if kind is UnitKind.PERCENT:
                    return PERCENT
                if kind is UnitKind.RATE:
                    per = re.search(r"per\s*([\d,]+)", title)
                    return Unit(kind, "Rate", float(per.group(1).replace(",", "")) if per else 1.0)
                return Unit(kind, kind.value.capitalize() if kind is not UnitKind.COUNT else "Number")
        if any(c.percent or (isinstance(c.value, str) and "%" in c.value) for c in figures):
            return PERCENT
        return Unit(UnitKind.NUMBER, "Number")

    def _vocabulary_field(self, name: str, cell: CellValue, ref: str, cells: dict[str, str]) -> object:
        """A field whose cells hold words: its value, None when blank, or None with a warning when unreadable."""
        spec = FIELDS[name]
        assert spec.parse is not None
        parsed = spec.parse(cell.value, CellContext(PERCENT, cell.percent, self.vocabulary))
        if parsed.is_unreadable:
            self._warn(spec.code, _template(name, cell.value, ref), cell=cells.get(name, ""), ref=ref)
            return None
        return parsed.value

    def _polarity(self, cell: CellValue, ref: str, cells: dict[str, str]) -> Polarity | None:
        found = self._vocabulary_field("polarity", cell, ref, cells)
        return found if isinstance(found, Polarity) else None

    def _tolerance(self, cell: CellValue, unit: Unit, ref: str, cells: dict[str, str]) -> Tolerance | bool | None:
        parsed = parse_tolerance(cell.value, unit, percent_format=cell.percent)
        if parsed is False:
            self._warn("unreadable-target", _template("tolerance", cell.value, ref),
                       cell=cells.get("tolerance", ""), ref=ref)
        return parsed

    def _floor(self, cell: CellValue, name: str, unit: Unit, polarity: Polarity | None, target: Target, ref: str,
               cells: dict[str, str]) -> float | Tolerance | bool | None:
        """The edge of Red: a number; an Amber band ("80% - 89.9%") gives its far end; a range target's floor
        written as a range ("32.0 - 48.0") gives the Amber width either side."""
        if is_blank(cell.value):
            return None
        parsed = parse_target(cell.value, unit, percent_format=cell.percent)
        found = parsed.target if parsed else None
        t = target.value
        if found is not None and found.is_range and found.low is not None and found.high is not None:
            if target.is_range and target.low is not None and target.high is not None:
                below, above = target.low - found.low, found.high - target.high
                if below >= 0 and above >= 0:
                    if abs(below - above) > 1e-9:
                        self._warn(
                            "uneven-floor",
                            f"The Red edges '{_short(cell.value)}' for indicator {ref} are not the same distance "
                            f"either side of the range; the narrower Amber band ({min(below, above):g}) is used.",
                            cell=cells.get(name, ""), ref=ref)
                    return Tolerance(min(below, above))
                found = None
            elif polarity is Polarity.LOW:
                found = Target.single(found.high, found.text) if found.high is not None else None
            else:
                found = Target.single(found.low, found.text) if found.low is not None else None
        value = found.value if found is not None else None
        wrong_side = value is not None and t is not None and (
            (polarity is Polarity.HIGH and value > t) or (polarity is Polarity.LOW and value < t)
        )
        if value is None or wrong_side:
            why = "is on the wrong side of the target" if wrong_side else "is not a number"
            self._warn("unreadable-target", _template(name, cell.value, ref, why=why),
                       cell=cells.get(name, ""), ref=ref)
            return False
        return value

    def _outturn(self, cell: CellValue, unit: Unit, ref: str, address: str) -> Outturn | None:
        parsed = parse_outturn(cell.value, unit, percent_format=cell.percent, cell=address)
        if parsed is None:
            self._warn(
                "unreadable-value",
                f"Cell {address} (indicator {ref}) holds '{_short(cell.value)}', which is not a number, a fraction "
                "such as '55% (50 of 91)', or a placeholder such as '-' or 'TBC'; it is treated as no data.",
                cell=address, ref=ref,
            )
            return None
        if parsed.marker:
            self._warn(
                "value-marker",
                f"Cell {address} (indicator {ref}) says {_short(cell.value)}: the figure "
                f"{parsed.outturn.value:g} is used and the mark '{parsed.marker}' (a footnote?) is left out. "
                "Check the note it refers to.",
                cell=address, ref=ref,
            )
        if parsed.stated is not None:
            self._warn(
                "fraction-disagrees",
                f"Cell {address} (indicator {ref}) says {_short(cell.value)}, but "
                f"{parsed.outturn.numerator:g} of {parsed.outturn.denominator:g} is "
                f"{parsed.outturn.value:.1f}{'%' if unit.is_percent else ''}; the fraction is used.",
                cell=address, ref=ref,
            )
        if parsed.outturn.value is None and not parsed.outturn.placeholder:
            return None
        return parsed.outturn

    def _figure(self, cell: CellValue, unit: Unit, ref: str, address: str) -> float | None:
        """A previous year's outturn or a benchmark: one number."""
        outturn = self._outturn(cell, unit, ref, address)
        return outturn.value if outturn else None

    def _stated_rag(self, cell: CellValue, ref: str, cells: dict[str, str]) -> Rag | None:
        found = self._vocabulary_field("stated_rag", cell, ref, cells)
        return found if isinstance(found, Rag) else None

    def _frequency(self, cell: CellValue, ref: str, cells: dict[str, str]) -> Frequency | None:
        found = self._vocabulary_field("frequency", cell, ref, cells)
        return found if isinstance(found, Frequency) else None

    def _small_cohort(self, cell: CellValue, ref: str, cells: dict[str, str]) -> bool:
        found = self._vocabulary_field("small_cohort", cell, ref, cells)
        return True if found is None and not is_blank(cell.value) else bool(found)  # unreadable: fail closed

    def _sensitive(self, cell: CellValue, ref: str, cells: dict[str, str]) -> bool:
        found = self._vocabulary_field("sensitive", cell, ref, cells)
        # Safety first: a Part 2 flag nobody can read keeps the indicator out of the public appendix.
        return True if found is None else bool(found)

    # -- whole-table steps ---------------------------------------------------------------------

    def _latest_period(self, indicators: list[Indicator], columns: Columns) -> Period | None:
        held = {p for i in indicators for p, o in i.outturns.items() if o.has_value}
        if held:
            return max(held)
        return max((p for _, p in columns.periods), default=None)

    def _current_period(self, columns: Columns, title_period: Period | None) -> Period | None:
        return self.period_choice if self.period_choice and not columns.periods else title_period

    def _apply_latest(self, indicators: list[Indicator], columns: Columns,
                      title_period: Period | None) -> list[Indicator]:
        """Place the single Outturn column and the numerator/denominator columns at the current period."""
        if not any(self._pending.values()):
            return indicators
        if "current" in columns.fields and columns.periods:
            latest: Period | None = max(p for _, p in columns.periods)
        elif columns.periods:
            latest = self._latest_period(indicators, columns)
        else:
            latest = self.period_choice or title_period
        if latest is None:
            self.problems.append(error(
                "no-period",
                f"Sheet '{self.sheet}' has an outturn column but no period columns, and no month is named above "
                "the table. Add a title such as 'As at October 2019' above the table, or choose the period "
                "(--period YYYY-MM).",
                sheet=self.sheet,
            ))
            return indicators
        result = []
        for indicator in indicators:
            extra = self._pending.get(indicator.ref, {})
            outturns = dict(indicator.outturns)
            current = extra.get("current")
            if isinstance(current, Outturn) and not outturns.get(latest, Outturn()).has_value:
                outturns[latest] = current
            elif isinstance(current, Outturn) and latest in outturns:
                # Issue 14: "92% (11 of 12)" in the current-outturn column gives the month's figure its counts.
                outturns[latest] = with_counts_of(outturns[latest], current)
            fraction = extra.get("fraction")
            if isinstance(fraction, tuple):
                outturns = self._fraction(indicator, outturns, latest, fraction)
            result.append(replace(indicator, outturns=outturns))
        return result

    def _fraction(self, indicator: Indicator, outturns: dict[Period, Outturn], latest: Period,
                  fraction: tuple[CellValue, CellValue]) -> dict[Period, Outturn]:
        n_cell, d_cell = fraction
        numerator = _count(n_cell.value)
        denominator = _count(d_cell.value)
        if numerator is None or denominator is None:
            return outturns
        existing = outturns.get(latest, Outturn())
        if existing.numerator is not None:
            return outturns  # the period cell's own fraction wins
        address = indicator.cell("numerator") or indicator.cell("denominator")
        if denominator <= 0 or numerator < 0 or (indicator.unit.is_percent and numerator > denominator):
            self._warn(
                "unreadable-value",
                f"Numerator {numerator:g} and denominator {denominator:g} for indicator {indicator.ref} "
                "do not make a fraction; they are ignored.",
                cell=address, ref=indicator.ref,
            )
            return outturns
        value = value_from_fraction(indicator.unit, numerator, denominator)
        if existing.value is not None:
            slack = 0.5 + 1e-9 * max(1.0, abs(value))
            if abs(existing.value - value) > slack:
                self._warn(
                    "fraction-disagrees",
                    f"Indicator {indicator.ref} shows {existing.value:g} for {latest.label}, but its numerator and "
                    f"denominator ({numerator:g} of {denominator:g}) give {value:.1f}; the fraction is used.",
                    cell=existing.cell or address, ref=indicator.ref,
                )
        outturns[latest] = Outturn(value, numerator, denominator, None, existing.cell or address)
        return outturns

    def _check_unknown_columns(self, columns: Columns, rows: Grid, header_row: int) -> None:
        for col, text in columns.unknown:
            if not any(not is_blank(at(row, col).value) for row in rows):
                continue
            hint = self.headings.suggestion(text)
            did_you_mean = f" Did you mean '{hint}'?" if hint else ""
            self._warn(
                "unknown-column",
                f"Column {get_column_letter(col)} ('{_short(text)}') matches no known heading and is ignored."
                f"{did_you_mean} "
                "If it holds a field, rename the heading or add it to your headings file.",
                cell=f"{get_column_letter(col)}{header_row}",
            )

    def _check_duplicates(self, indicators: list[Indicator]) -> None:
        refs = [i.ref for i in indicators]
        repeated = len(refs) - len(set(refs))
        if repeated > 2 and repeated * 3 >= len(refs):
            twice = next(i for i in indicators if refs.count(i.ref) > 1)
            self.problems.append(error(
                "long-table-without-period",
                f"Sheet '{self.sheet}' repeats its refs on {repeated} rows (ref {twice.ref} first at "
                f"{twice.cell('ref')}): it looks like a long table, one row per indicator per period, but no column "
                "says the period. Add a Month or Period column, or map it (File > Map columns… in the window; "
                "in a profile, [columns] period = \"<its heading>\").",
                sheet=self.sheet, cell=twice.cell("ref"),
            ))
            return
        seen: dict[str, Indicator] = {}
        for indicator in indicators:
            first = seen.get(indicator.ref)
            if first is None:
                seen[indicator.ref] = indicator
                continue
            self.problems.append(error(
                "duplicate-ref",
                f"Ref {indicator.ref} is used twice, at {first.cell('ref')} ('{_short(first.title)}') and "
                f"{indicator.cell('ref')} ('{_short(indicator.title)}'). Give each indicator its own ref.",
                sheet=self.sheet, cell=indicator.cell("ref"), ref=indicator.ref,
            ))


def _count(value: object) -> float | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float):
        return float(value)
    try:
        return float(str(value).replace(",", "").strip())
    except ValueError:
        return None


def _short(value: object, limit: int = 60) -> str:
    text = " ".join(str(value).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _template(name: str, value: object, ref: str, **extra: str) -> str:
    """The message of an unreadable cell of field `name`, from the field's spec."""
    return FIELDS[name].unreadable.format(value=_short(value), ref=ref, **extra)


def _title(rows: list[list[CellValue]]) -> tuple[str, Period | None]:
    """The first text above the table (its title) and any month or quarter named there."""
    title = ""
    period: Period | None = None
    for row in rows:
        for cell in row:
            if isinstance(cell.value, str) and cell.value.strip():
                text = " ".join(cell.value.split())
                title = title or text
                period = period or find_period_in_text(text)
    return title, period
