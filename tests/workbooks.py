"""Build test workbooks in code: every layout and every ugly case, written to tmp_path."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from openpyxl import Workbook

from workbook_templates import make_sample

Cell = object


@dataclass
class Sheet:
    """One sheet: rows from A1 down; formats and merges by A1 address."""

    name: str
    rows: Sequence[Sequence[Cell]]
    number_formats: dict[str, str] = field(default_factory=dict)
    merges: Sequence[str] = ()
    hidden_columns: Sequence[str] = ()
    hidden_rows: Sequence[int] = ()
    state: str = "visible"
    start_row: int = 1


def build(path: Path, *sheets: Sheet) -> Path:
    wb = Workbook()
    wb.remove(wb.active)
    for spec in sheets:
        ws = wb.create_sheet(spec.name)
        ws.sheet_state = spec.state
        for r, row in enumerate(spec.rows, start=spec.start_row):
            for c, value in enumerate(row, start=1):
                if value is not None:
                    ws.cell(r, c, value)
        for address, fmt in spec.number_formats.items():
            ws[address].number_format = fmt
        for rng in spec.merges:
            ws.merge_cells(rng)
        for letter in spec.hidden_columns:
            ws.column_dimensions[letter].hidden = True
        for r in spec.hidden_rows:
            ws.row_dimensions[r].hidden = True
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


def table(path: Path, header: Sequence[Cell], *rows: Sequence[Cell], name: str = "Data",
          above: Iterable[Sequence[Cell]] = (), **sheet_options: object) -> Path:
    """A workbook with one sheet: optional rows above the heading row, the headings, the rows."""
    all_rows = [*above, header, *rows]
    return build(path, Sheet(name, all_rows, **sheet_options))  # type: ignore[arg-type]


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def recalculate_with_libreoffice(source: Path, out_dir: Path) -> Path:
    """Open and save the workbook in LibreOffice, so its formulas carry cached values as Excel's do."""
    return convert_with_libreoffice(source, out_dir, "xlsx:Calc MS Excel 2007 XML", ".xlsx")


def pdf_with_libreoffice(source: Path, out_dir: Path) -> Path:
    """Print the workbook to PDF with LibreOffice, as a second spreadsheet program sees it."""
    return convert_with_libreoffice(source, out_dir, "pdf", ".pdf")


def convert_with_libreoffice(source: Path, out_dir: Path, target: str, suffix: str) -> Path:
    """Convert with a profile of its own, so runs never share (or lock) a LibreOffice user profile."""
    binary = soffice()
    assert binary, "LibreOffice is not installed"
    out_dir.mkdir(parents=True, exist_ok=True)
    profile = out_dir / "lo-profile"
    try:
        subprocess.run(
            [binary, f"-env:UserInstallation={profile.resolve().as_uri()}", "--headless", "--norestore",
             "--convert-to", target, "--outdir", str(out_dir), str(source)],
            check=True, capture_output=True, timeout=180,
        )
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    converted = out_dir / (source.stem + suffix)
    assert converted.exists(), f"LibreOffice did not write {converted.name}"
    return converted


def _figure(value: object) -> tuple[float | None, int | None, int | None]:
    """A sample cell as (value on the 0-100 scale, numerator, denominator)."""
    if isinstance(value, str) and "(" in value:
        n, d = value.split("(")[1].rstrip(")").split(" of ")
        return 100 * int(n) / int(d), int(n), int(d)
    if isinstance(value, (int, float)):
        return float(value), None, None
    return None, None, None


def _put(ws: object, r: int, col: int, value: object, pct: bool, scale: int) -> None:
    """A figure as the other council writes it: percentages as fractions, counted ones as =n/d formulas."""
    figure, n, d = _figure(value)
    if isinstance(value, str) and figure is None:
        ws.cell(r, col, value)  # type: ignore[attr-defined]
    elif figure is None:
        return
    elif pct and n is not None:
        ws.cell(r, col, f"={n}/{d}").number_format = "0.0%"  # type: ignore[attr-defined]
    elif pct:
        ws.cell(r, col, figure / scale).number_format = "0.0%"  # type: ignore[attr-defined]
    else:
        ws.cell(r, col, figure)  # type: ignore[attr-defined]


def write_other_layout(path: Path) -> Path:
    """The sample's figures as another council lays them out.

    A cover sheet first; the heading row on row 7 with other words from the spec; the section as a
    column; real dates as month headings; every percentage a fraction in a %-formatted cell, most of
    them formulas (=n/d); the latest counts in numerator and denominator columns.
    """
    wb = Workbook()
    cover = wb.active
    cover.title = "Cover"
    cover["A1"] = "Children's Services: Monthly Performance"
    cover["A3"] = "Contents: KPI table on the next sheet"
    ws = wb.create_sheet("KPI table")
    ws["A1"] = "Children's Services Key Performance Indicators"
    ws["A2"] = "Data to the end of October 2019"
    months = [datetime(2019, m, 1) for m in range(4, 11)]
    headings = ["Indicator No.", "Performance indicator", "Theme", "Polarity", "Measure type", "Frequency",
                "Acceptable range", "Amber band", "Outturn 2016/17", "Outturn 2017/18", "Outturn 2018/19",
                datetime(2018, 10, 1), *months, "Numerator", "Out of", "Statistical neighbours", "London average",
                "National average", "Exempt", "Status", "Management commentary"]
    for c, heading in enumerate(headings, start=1):
        cell = ws.cell(7, c, heading)
        if isinstance(heading, datetime):
            cell.number_format = "mmm-yy"
    r = 8
    for section in make_sample.SECTIONS:
        for row in section.rows:
            pct = row.unit == "%"
            scale = 1 if row.percent_cells else 100

            target = row.target
            if pct and isinstance(target, (int, float)):
                target = target / scale
            tolerance = row.tolerance
            if pct and isinstance(tolerance, (int, float)):
                tolerance = tolerance / scale
            good_is = {"High": "Higher is better", "Low": "Smaller is better", "Range": "Within range",
                       "Monitor": "For information"}[row.good_is]
            unit = {"%": "Percentage", "Number": "Count"}.get(row.unit, row.unit)
            for col, value in enumerate([row.ref, row.title, section.name, good_is, unit, row.frequency], start=1):
                ws.cell(r, col, value)
            ws.cell(r, 7, target)
            ws.cell(r, 8, tolerance)
            if pct:
                ws.cell(r, 7).number_format = ws.cell(r, 8).number_format = "0%"
            for i, value in enumerate(row.years):
                _put(ws, r, 9 + i, value, pct, scale)
            _put(ws, r, 12, row.last_year, pct, scale)
            for i, value in enumerate(row.months):
                _put(ws, r, 13 + i, value, pct, scale)
            latest = _figure(row.months[-1])
            if latest[1] is not None:
                ws.cell(r, 20, latest[1])
                ws.cell(r, 21, latest[2])
            for i, value in enumerate(row.benchmarks):
                _put(ws, r, 22 + i, value, pct, scale)
            ws.cell(r, 25, "Yes" if row.part2 else "No")
            ws.cell(r, 26, {"R": "Red", "A": "Amber", "G": "Green"}.get(row.rag, ""))
            ws.cell(r, 27, row.commentary or None)
            r += 1
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


def with_cached_values(path: Path, values: dict[str, float], sheet: str = "xl/worksheets/sheet1.xml") -> Path:
    """Give formula cells the cached values Excel saves with them (openpyxl writes `<f>` with an empty `<v>`).

    `values` by A1 address; the workbook is rewritten in place, as if Excel had calculated and saved it.
    """
    import re
    import zipfile

    with zipfile.ZipFile(path) as zf:
        parts = {name: zf.read(name) for name in zf.namelist()}
    xml = parts[sheet].decode()
    for address, value in values.items():
        pattern = re.compile(rf'(<c r="{address}"[^>]*>\s*<f>[^<]*</f>)\s*<v\s*(?:/>|></v>)')
        cached = f"<v>{value!r}</v>"
        xml, count = pattern.subn(lambda m, cached=cached: m.group(1) + cached, xml)
        assert count == 1, f"no formula cell {address} in {sheet}"
    parts[sheet] = xml.encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    return path


def calculate_divisions(path: Path) -> Path:
    """Give every `=n/d` formula of a workbook its cached value, as Excel would on saving (no LibreOffice needed)."""
    import re
    import zipfile

    with zipfile.ZipFile(path) as zf:
        parts = {name: zf.read(name) for name in zf.namelist()}
    division = re.compile(r"(<f>(\d+(?:\.\d+)?)/(\d+(?:\.\d+)?)</f>)\s*<v\s*(?:/>|></v>)")
    for name in [n for n in parts if n.startswith("xl/worksheets/")]:
        xml = parts[name].decode()
        parts[name] = division.sub(lambda m: f"{m.group(1)}<v>{float(m.group(2)) / float(m.group(3))!r}</v>",
                                   xml).encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    return path
