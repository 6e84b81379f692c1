"""Read a council's monthly scrutiny workbook into the domain, finding the table by its headings."""

from __future__ import annotations

import re
import zipfile
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from xml.etree import ElementTree

from defusedxml import DefusedXmlException
from openpyxl.utils import get_column_letter

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
from scrutiny_desktop.domain.periods import Period, find_period_in_text
from scrutiny_desktop.domain.problems import Problem, UnusableWorkbook, error, warning
from scrutiny_desktop.domain.refs import looks_like_ref, ref_text
from scrutiny_desktop.domain.values import (
    is_blank,
    is_excel_error,
    parse_flag,
    parse_frequency,
    parse_outturn,
    parse_polarity,
    parse_rag,
    parse_target,
    parse_tolerance,
    parse_unit,
    value_from_fraction,
)
from scrutiny_desktop.excel.headings import IGNORE, Heading, Headings, load_headings
from scrutiny_desktop.excel.package import (
    SAVE_AGAIN,
    CellUnreadable,
    Package,
    SheetPart,
    SheetSurvey,
    load_workbook,
    open_package,
)

HEADER_SEARCH_ROWS = 30
MAX_SCAN_COLUMNS = 200  # columns looked at while searching other sheets for the heading row
BENCHMARK_FIELDS = {"stat_neighbours": Benchmark.STAT_NEIGHBOURS, "london": Benchmark.LONDON,
                    "england": Benchmark.ENGLAND}
# The first line of notes under a table: "Notes:", "Source: ...", "Key", "* provisional".
# Not "Key Stage 2" or "Notes on ..." headings, which can be section rows.
_NOTES_START = re.compile(r"^\s*(?:(?:notes?|sources?|footnotes?|key)\s*(?:[:.\-–]|$)|\*)", re.I)
_TITLE_UNIT = (
    (re.compile(r"^\s*%|%\s*of\b|\bpercentage\b|\bper ?cent\b|\bproportion\b", re.I), UnitKind.PERCENT),
    (re.compile(r"^\s*(number|no\.?|count|total)\s+of\b|^\s*number\b", re.I), UnitKind.COUNT),
    (re.compile(r"\brate\b.*\bper\b", re.I), UnitKind.RATE),
    (re.compile(r"\baverage\b|\bmean\b", re.I), UnitKind.AVERAGE),
)
Progress = Callable[[str, float], None]
# What a damaged or hostile sheet raises while its cells are parsed.
_DAMAGED = (ElementTree.ParseError, DefusedXmlException, zipfile.BadZipFile, zlib.error, EOFError)


@dataclass(frozen=True)
class CellValue:
    value: object
    percent: bool = False  # the cell is %-formatted (0.55 shows as 55%)


BLANK = CellValue(None)


@lru_cache(maxsize=256)  # a workbook has a handful of number formats and many thousands of cells
def _is_percent_format(fmt: str | None) -> bool:
    return bool(fmt) and "%" in re.sub(r'"[^"]*"|\\.', "", fmt or "")


def _rows(ws: object, max_row: int | None, max_col: int) -> list[list[CellValue]]:
    grid: list[list[CellValue]] = []
    for cells in ws.iter_rows(min_row=1, max_row=max_row, max_col=max_col):  # type: ignore[attr-defined]
        row = [
            BLANK if c.value is None else CellValue(c.value, _is_percent_format(getattr(c, "number_format", None)))
            for c in cells
        ]
        grid.append(row)
    return grid


@dataclass
class _Columns:
    fields: dict[str, int] = field(default_factory=dict)
    periods: list[tuple[int, Period]] = field(default_factory=list)
    annual: list[tuple[int, str]] = field(default_factory=list)
    unknown: list[tuple[int, str]] = field(default_factory=list)


def read_workbook(
    path: Path | str,
    *,
    sheet: str | None = None,
    period: Period | None = None,
    headings: Headings | None = None,
    progress: Progress | None = None,
) -> Dataset:
    """Read the indicator table. Raises `UnusableWorkbook` with every reason when it cannot be used.

    `period` places a single "Outturn" column when the sheet has no period columns and names
    no month above the table; `sheet` picks the sheet instead of searching for it.
    """
    path = Path(path)
    report = progress or (lambda _message, _fraction: None)
    report(f"Checking {path.name}", 0.05)
    package = open_package(path)
    headings = headings or load_headings()
    wb = load_workbook(package)
    try:
        report("Finding the indicator table", 0.2)
        return _SheetReader(path, package, wb, headings, period).read(sheet, report)
    except CellUnreadable as exc:
        # Read-only mode parses each sheet's XML only as its cells are read.
        name = next((s.name for s in package.sheets if s.part == exc.part), exc.part)
        raise UnusableWorkbook([error(
            "not-a-workbook",
            f"{path.name} is damaged: {exc.cell} on sheet '{name}' cannot be read (its value does not fit its "
            f"type, or it names shared text the file does not have). {SAVE_AGAIN}",
            sheet=name, cell=exc.cell if not exc.cell.startswith("row") else "",
        )]) from exc
    except _DAMAGED as exc:
        raise UnusableWorkbook([error(
            "not-a-workbook",
            f"{path.name} is damaged: a sheet's contents cannot be read ({_reason(exc)}). {SAVE_AGAIN}",
        )]) from exc
    finally:
        wb.close()


def _reason(exc: BaseException) -> str:
    """What went wrong, in the program's words (never a Python exception's name)."""
    if isinstance(exc, (ElementTree.ParseError, DefusedXmlException)):
        return "its XML is broken"
    return "it cannot be unpacked from the file"


class _SheetReader:
    def __init__(self, path: Path, package: Package, wb: object, headings: Headings, period: Period | None) -> None:
        self.path = path
        self.package = package
        self.wb = wb
        self.headings = headings
        self.period_choice = period
        self.problems: list[Problem] = list(headings.problems)
        self.sheet = ""
        # Per ref, what can only be placed once the current period is known: the single
        # Outturn column and the numerator/denominator columns.
        self._pending: dict[str, dict[str, object]] = {}

    # -- finding the table -------------------------------------------------------------------

    def read(self, sheet_name: str | None, report: Progress) -> Dataset:
        candidates = self._candidates(sheet_name)
        found: list[tuple[SheetPart, int]] = []
        for part in candidates:
            ws = self.wb[part.name]  # type: ignore[index]
            head = _rows(ws, HEADER_SEARCH_ROWS, min(part.columns or MAX_SCAN_COLUMNS, MAX_SCAN_COLUMNS))
            row = self._header_row(head)
            if row is not None:
                found.append((part, row))
        if not found:
            looked = ", ".join(f"'{p.name}'" for p in candidates) or "(none visible)"
            raise UnusableWorkbook([*self.problems, error(
                "no-header-row",
                f"No row in the first {HEADER_SEARCH_ROWS} rows of sheet(s) {looked} has both a ref heading "
                "(Ref, No., Indicator No., KPI or ID) and an indicator heading (Indicator, Indicator name, Measure, "
                "Performance indicator or Description). Add those headings above the table, or add your own "
                "headings to a headings file (see the README).",
            )])
        part, header_row = found[0]
        self.sheet = part.name
        if len(found) > 1 and sheet_name is None:
            others = ", ".join(f"'{p.name}'" for p, _ in found[1:])
            self._warn(
                "several-tables",
                f"Sheet '{part.name}' is used; {others} also look(s) like an indicator table. "
                "Choose another with --sheet (or File > Open in the window).",
            )
        ws = self.wb[part.name]  # type: ignore[index]
        report(f"Reading sheet '{part.name}'", 0.35)
        grid = _rows(ws, part.rows, min(part.columns or MAX_SCAN_COLUMNS, 1000))
        survey = self.package.survey(part)
        report("Rating indicators", 0.7)
        return self._table(grid, header_row, survey)

    def _candidates(self, sheet_name: str | None) -> list[SheetPart]:
        sheets = self.package.sheets
        if sheet_name is None:
            return [s for s in sheets if s.visible]
        wanted = sheet_name.strip().casefold()
        named = [s for s in sheets if s.name.strip().casefold() == wanted]
        if not named:
            listing = ", ".join(f"'{s.name}'" for s in sheets if s.visible)
            raise UnusableWorkbook([error(
                "sheet-not-found",
                f"There is no sheet called '{sheet_name}' in {self.path.name}. Its sheets are: {listing}.",
            )])
        return named

    def _header_row(self, grid: list[list[CellValue]]) -> int | None:
        for index, row in enumerate(grid):
            names = {h.name for h in (self.headings.classify(c.value) for c in row) if h.kind == "field"}
            if "ref" in names and "title" in names:
                return index + 1
        return None

    # -- reading the table -------------------------------------------------------------------

    def _table(self, grid: list[list[CellValue]], header_row: int, survey: SheetSurvey) -> Dataset:
        header = _filled_header(grid, header_row, survey)
        classified = [self.headings.classify(c.value) for c in header]
        first_data = header_row + 1
        if header_row < len(grid):
            sub = [self.headings.classify(c.value) for c in grid[header_row]]
            if self._is_sub_header(grid[header_row], sub, classified):
                classified = [s if s.kind != "unknown" else t for s, t in zip(sub, classified, strict=False)]
                header = [s if s.value is not None else t for s, t in zip(grid[header_row], header, strict=False)]
                first_data = header_row + 2
        columns = self._columns(classified, header, header_row, survey)
        title, title_period = _title(grid[: header_row - 1])
        rows = grid[first_data - 1:]
        indicators = self._indicators(rows, first_data, columns, survey)
        indicators = self._apply_latest(indicators, columns, title_period)
        self._check_unknown_columns(columns, rows, first_data, header_row, survey)
        self._check_duplicates(indicators)
        if not indicators:
            self.problems.append(error(
                "no-indicators",
                f"Sheet '{self.sheet}' has the headings on row {header_row} but no indicator rows below them "
                "(a row needs a ref and an indicator name).",
                sheet=self.sheet,
            ))
        if any(p.severity == "error" for p in self.problems):
            raise UnusableWorkbook(self.problems)
        periods = tuple(sorted({p for _, p in columns.periods}))
        if not periods and "current" in columns.fields:
            chosen = self._current_period(columns, title_period)
            periods = (chosen,) if chosen else ()
        return Dataset(
            source=str(self.path),
            sheet=self.sheet,
            indicators=tuple(indicators),
            periods=periods,
            annual_labels=tuple(label for _, label in columns.annual),
            problems=tuple(self.problems),
            title=title,
        )

    def _is_sub_header(self, row: list[CellValue], sub: list[Heading], top: list[Heading]) -> bool:
        """A second heading row under the first, e.g. the months under a merged "2019/20"."""
        known = sum(1 for h in sub if h.kind in ("period", "annual", "field"))
        ref_col = next((i for i, h in enumerate(top) if h.kind == "field" and h.name == "ref"), None)
        ref_value = row[ref_col].value if ref_col is not None and ref_col < len(row) else None
        return known >= 2 and (is_blank(ref_value) or not looks_like_ref(ref_text(ref_value)))

    def _columns(self, classified: list[Heading], header: list[CellValue], header_row: int,
                 survey: SheetSurvey) -> _Columns:
        columns = _Columns()
        seen_periods: dict[Period, int] = {}
        seen_annual: dict[str, int] = {}
        for col, heading in enumerate(classified, start=1):
            cell = f"{get_column_letter(col)}{header_row}"
            if heading.kind == "field":
                if heading.name == IGNORE:
                    continue
                if heading.name in columns.fields:
                    first = get_column_letter(columns.fields[heading.name])
                    self._warn(
                        "duplicate-column",
                        f"Columns {first} and {get_column_letter(col)} both look like "
                        f"'{self.headings.labels.get(heading.name, heading.name)}'; column {first} is used.",
                        cell=cell,
                    )
                    continue
                columns.fields[heading.name] = col
            elif heading.kind == "period" and heading.period is not None:
                if heading.period in seen_periods:
                    kept = get_column_letter(seen_periods[heading.period])
                    self._warn(
                        "duplicate-column",
                        f"Columns {kept} and {get_column_letter(col)} are both {heading.period.label}; "
                        f"column {kept} is used.",
                        cell=cell,
                    )
                    continue
                seen_periods[heading.period] = col
                columns.periods.append((col, heading.period))
            elif heading.kind == "annual":
                if heading.name in seen_annual:
                    continue
                seen_annual[heading.name] = col
                columns.annual.append((col, heading.name))
            elif col not in survey.hidden_columns:
                text = header[col - 1].value if col - 1 < len(header) else None
                if not is_blank(text):
                    columns.unknown.append((col, " ".join(str(text).split())))
        return columns

    def _indicators(self, rows: list[list[CellValue]], first_row: int, columns: _Columns,
                    survey: SheetSurvey) -> list[Indicator]:
        ref_col, title_col = columns.fields["ref"], columns.fields["title"]
        data_cols = {c for name, c in columns.fields.items() if name not in ("ref", "title")}
        data_cols |= {c for c, _ in columns.periods} | {c for c, _ in columns.annual}
        section = ""
        indicators: list[Indicator] = []
        for offset, row in enumerate(rows):
            r = first_row + offset
            filled = [(c, cell) for c, cell in enumerate(row, start=1) if not is_blank(cell.value)]
            if not filled:
                continue
            ref_raw = _at(row, ref_col).value
            title_raw = _at(row, title_col).value
            first_text = str(filled[0][1].value)
            if _NOTES_START.match(first_text) and not (
                not is_blank(ref_raw) and looks_like_ref(ref_text(ref_raw)) and not is_blank(title_raw)
            ):
                break  # notes under the table: nothing below is an indicator
            has_data = any(c in data_cols for c, _ in filled)
            if len(filled) == 1 and isinstance(filled[0][1].value, str) and (is_blank(title_raw) or is_blank(ref_raw)):
                section = " ".join(filled[0][1].value.split())
                continue
            if is_blank(ref_raw) or not looks_like_ref(ref_text(ref_raw)):
                if has_data or not is_blank(title_raw):
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
            indicators.append(self._indicator(row, r, columns, section, survey))
        return indicators

    def _indicator(self, row: list[CellValue], r: int, columns: _Columns, section: str,
                   survey: SheetSurvey) -> Indicator:
        f = columns.fields
        ref = ref_text(_at(row, f["ref"]).value)
        cells: dict[str, str] = {name: f"{get_column_letter(c)}{r}" for name, c in f.items()}

        def raw(name: str) -> CellValue:
            if name not in f:
                return BLANK
            col = f[name]
            if (r, col) in survey.uncalculated:
                self._uncalculated(ref, cells[name])
            return self._checked(_at(row, col), ref, cells[name])

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
                cell=cells["ref"], ref=ref,
            )
        section_raw = raw("section").value
        if not is_blank(section_raw):
            section = " ".join(str(section_raw).split())
        period_cells = [(col, p, _at(row, col)) for col, p in columns.periods]
        unit = self._unit(raw("unit"), title, [c for _, _, c in period_cells] + [raw("target"), raw("current")],
                          ref, cells)
        polarity = self._polarity(raw("polarity"), ref, cells)
        parsed_target = parse_target(raw("target").value, unit, percent_format=raw("target").percent)
        target_cell = raw("target")
        if parsed_target is None:
            target = Target(text=str(target_cell.value).strip(), readable=False)
            self._warn(
                "unreadable-target",
                f"Target '{_short(target_cell.value)}' for indicator {ref} is not a number, a range or a benchmark "
                "name; the indicator is shown with no RAG. Enter a target such as 70%, 12-15 or England.",
                cell=cells.get("target", ""), ref=ref,
            )
        else:
            target = parsed_target.target
            if polarity is None and parsed_target.polarity_hint is not None:
                polarity = parsed_target.polarity_hint
        tolerance = self._tolerance(raw("tolerance"), unit, ref, cells)
        if tolerance is False:
            target = replace(target, readable=False)
        floor = self._floor(raw("red_threshold"), unit, polarity, target, ref, cells)
        if floor is False:
            target = replace(target, readable=False)
        outturns: dict[Period, Outturn] = {}
        for col, period, cell in period_cells:
            address = f"{get_column_letter(col)}{r}"
            if (r, col) in survey.uncalculated:
                self._uncalculated(ref, address)
            outturn = self._outturn(self._checked(cell, ref, address), unit, ref, address)
            if outturn is not None:
                outturns[period] = outturn
        annual = {label: self._figure(_at(row, col), unit, ref, f"{get_column_letter(col)}{r}")
                  for col, label in columns.annual}
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
            annual=annual,
            benchmarks=benchmarks,
            outturns=outturns,
            commentary="" if is_blank(commentary_raw) else str(commentary_raw).strip(),
            stated_rag=stated,
            override=override,
            row=r,
            cells=cells,
        )

    # -- single fields -------------------------------------------------------------------------

    def _warn(self, code: str, message: str, *, cell: str = "", ref: str | None = None) -> None:
        self.problems.append(warning(code, message, sheet=self.sheet, cell=cell, ref=ref))

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
            self._warn(
                "unknown-unit",
                f"Unit '{_short(cell.value)}' for indicator {ref} is not one the program knows (%, Number, Average, "
                "Rate per 10,000, Days, ...); its figures are shown as plain numbers.",
                cell=cells.get("unit", ""), ref=ref,
            )
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

    def _polarity(self, cell: CellValue, ref: str, cells: dict[str, str]) -> Polarity | None:
        parsed = parse_polarity(cell.value)
        if parsed is False:
            self._warn(
                "unreadable-polarity",
                f"'Good is' value '{_short(cell.value)}' for indicator {ref} is not High, Low, Range or Monitor; "
                "the indicator is shown with no RAG.",
                cell=cells.get("polarity", ""), ref=ref,
            )
            return None
        return parsed if isinstance(parsed, Polarity) else None

    def _tolerance(self, cell: CellValue, unit: Unit, ref: str, cells: dict[str, str]) -> Tolerance | bool | None:
        parsed = parse_tolerance(cell.value, unit, percent_format=cell.percent)
        if parsed is False:
            self._warn(
                "unreadable-target",
                f"Tolerance '{_short(cell.value)}' for indicator {ref} is not a number such as 5 or '10% of target'; "
                "the indicator is shown with no RAG.",
                cell=cells.get("tolerance", ""), ref=ref,
            )
        return parsed

    def _floor(self, cell: CellValue, unit: Unit, polarity: Polarity | None, target: Target, ref: str,
               cells: dict[str, str]) -> float | bool | None:
        if is_blank(cell.value):
            return None
        parsed = parse_target(cell.value, unit, percent_format=cell.percent)
        value = parsed.target.value if parsed else None
        t = target.value
        wrong_side = value is not None and t is not None and (
            (polarity is Polarity.HIGH and value > t) or (polarity is Polarity.LOW and value < t)
        )
        if value is None or wrong_side:
            why = "is on the wrong side of the target" if wrong_side else "is not a number"
            self._warn(
                "unreadable-target",
                f"Red threshold '{_short(cell.value)}' for indicator {ref} {why}; the indicator is shown with no RAG.",
                cell=cells.get("red_threshold", ""), ref=ref,
            )
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
        parsed = parse_rag(cell.value)
        if parsed is False:
            self._warn(
                "unreadable-rag",
                f"RAG '{_short(cell.value)}' for indicator {ref} is not Red, Amber, Green or No target; "
                "it is not compared with the computed rating.",
                cell=cells.get("stated_rag", ""), ref=ref,
            )
            return None
        return parsed if isinstance(parsed, Rag) else None

    def _frequency(self, cell: CellValue, ref: str, cells: dict[str, str]) -> Frequency | None:
        parsed = parse_frequency(cell.value)
        if parsed is False:
            self._warn(
                "unreadable-frequency",
                f"Frequency '{_short(cell.value)}' for indicator {ref} is not Monthly, Quarterly, Termly or Annual; "
                "it is treated as monthly.",
                cell=cells.get("frequency", ""), ref=ref,
            )
            return None
        return parsed if isinstance(parsed, Frequency) else None

    def _sensitive(self, cell: CellValue, ref: str, cells: dict[str, str]) -> bool:
        parsed = parse_flag(cell.value)
        if parsed is None:
            # Safety first: a Part 2 flag nobody can read keeps the indicator out of the public appendix.
            self._warn(
                "unreadable-flag",
                f"Part 2 value '{_short(cell.value)}' for indicator {ref} is not Yes or No; the indicator is treated "
                "as sensitive and withheld from the public appendix. Enter Y or N.",
                cell=cells.get("sensitive", ""), ref=ref,
            )
            return True
        return parsed

    # -- whole-table steps ---------------------------------------------------------------------

    def _latest_period(self, indicators: list[Indicator], columns: _Columns) -> Period | None:
        held = {p for i in indicators for p, o in i.outturns.items() if o.has_value}
        if held:
            return max(held)
        return max((p for _, p in columns.periods), default=None)

    def _current_period(self, columns: _Columns, title_period: Period | None) -> Period | None:
        return self.period_choice if self.period_choice and not columns.periods else title_period

    def _apply_latest(self, indicators: list[Indicator], columns: _Columns,
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

    def _check_unknown_columns(self, columns: _Columns, rows: list[list[CellValue]], first_row: int,
                               header_row: int, survey: SheetSurvey) -> None:
        for col, text in columns.unknown:
            if not any(not is_blank(_at(row, col).value) for row in rows):
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


def _at(row: list[CellValue], col: int) -> CellValue:
    return row[col - 1] if 0 < col <= len(row) else BLANK


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


def _filled_header(grid: list[list[CellValue]], header_row: int, survey: SheetSurvey) -> list[CellValue]:
    """The heading row, with cells merged down from a row above taking that row's text."""
    header = list(grid[header_row - 1])
    for r1, c1, r2, c2 in survey.merged:
        if r1 < header_row <= r2 and r1 - 1 < len(grid):
            top = _at(grid[r1 - 1], c1)
            for col in range(c1, c2 + 1):
                if col - 1 < len(header) and is_blank(header[col - 1].value):
                    header[col - 1] = top
    return header


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
