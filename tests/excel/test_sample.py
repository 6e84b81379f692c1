"""The bundled sample: it matches its script, it rates as the reference report did, and a workbook
laid out quite differently gives the same ratings."""

import json
from datetime import datetime
from pathlib import Path

from openpyxl import Workbook, load_workbook

from scrutiny_desktop.domain.model import Rag
from scrutiny_desktop.pipeline import load_review
from tests.helpers import SAMPLE, run_cli
from tests.workbooks import recalculate_with_libreoffice
from workbook_templates import make_sample


def _cells(path: Path) -> dict[str, object]:
    wb = load_workbook(path)
    found: dict[str, object] = {"sheets": wb.sheetnames}
    for ws in wb.worksheets:
        found[f"{ws.title}!merged"] = sorted(str(r) for r in ws.merged_cells.ranges)
        found[f"{ws.title}!hidden"] = sorted(k for k, d in ws.column_dimensions.items() if d.hidden)
        found[f"{ws.title}!freeze"] = ws.freeze_panes
        for row in ws.iter_rows():
            for cell in row:
                if cell.value is not None:
                    found[f"{ws.title}!{cell.coordinate}"] = (cell.value, cell.number_format)
    return found


def test_the_committed_sample_matches_its_script(tmp_path: Path) -> None:
    fresh = make_sample.write_dataset(tmp_path / "fresh.xlsx")
    assert _cells(fresh) == _cells(SAMPLE), "run `make sample` and commit the result"


def test_the_sample_rates_as_the_reference_report() -> None:
    result = load_review(SAMPLE)
    assert result.period is not None and result.period.key == "2019-10"
    assert len(result.items) >= 38
    by_ref = {i.ref: i for i in result.items}
    assert (by_ref["25"].value_text, by_ref["25"].rag) == ("55% (50 of 91)", Rag.RED)
    assert (by_ref["29"].value_text, by_ref["29"].rag) == ("16.8", Rag.AMBER)
    assert by_ref["29"].target_text.startswith("12–15")
    assert (by_ref["35.1"].value_text, by_ref["35.1"].rag) == ("51% (53 of 104)", Rag.RED)
    assert [i.ref for i in result.items if i.indicator.sensitive] == ["5", "22", "23"]
    assert [i.ref for i in result.exceptions] == ["5", "22", "23", "25", "29", "35.1"]
    assert by_ref["29"].explanation == "16.8 is above the range 12–15 by 1.8, within the tolerance of 3: Amber"


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


def _write_other_layout(path: Path) -> Path:
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


def _ratings(report: dict) -> dict[str, tuple]:
    return {i["ref"]: (i["rag"], None if i["value"] is None else round(i["value"], 6),
                       i["direction"]["vs_previous"], i["direction"]["vs_last_year"], i["sensitive"])
            for i in report["indicators"]}


def test_a_differently_laid_out_workbook_gives_the_same_ratings(tmp_path: Path, libreoffice: None) -> None:
    written = _write_other_layout(tmp_path / "source" / "other-layout.xlsx")
    saved_by_libreoffice = recalculate_with_libreoffice(written, tmp_path / "calculated")
    sample = run_cli("check", str(SAMPLE), "--json")
    other = run_cli("check", str(saved_by_libreoffice), "--json")
    assert sample.returncode == 0 and other.returncode == 0, other.stderr
    sample_report, other_report = json.loads(sample.stdout), json.loads(other.stdout)
    assert other_report["sheet"] == "KPI table" and other_report["period"] == "2019-10"
    assert _ratings(other_report) == _ratings(sample_report)
    # no formula was left uncalculated, and nothing in the layout was misread
    codes = {p["code"] for p in other_report["problems"]}
    assert "formula-not-calculated" not in codes and "unknown-column" not in codes


def test_the_other_layout_unsaved_by_a_spreadsheet_program_warns_of_uncalculated_formulas(tmp_path: Path) -> None:
    written = _write_other_layout(tmp_path / "other-layout.xlsx")
    result = load_review(written)
    flagged = [p for p in result.problems if p.code == "formula-not-calculated"]
    assert flagged and all(p.sheet == "KPI table" and p.cell for p in flagged)
