"""The bundled sample: it matches its script, it rates as the reference report did, and a workbook
laid out quite differently gives the same ratings."""

import json
from pathlib import Path

from openpyxl import load_workbook

from scrutiny_desktop.domain.model import Rag
from scrutiny_desktop.pipeline import load_review
from tests.helpers import SAMPLE, run_cli
from tests.workbooks import recalculate_with_libreoffice, write_other_layout
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


def _ratings(report: dict) -> dict[str, tuple]:
    return {i["ref"]: (i["rag"], None if i["value"] is None else round(i["value"], 6),
                       i["direction"]["vs_previous"], i["direction"]["vs_last_year"], i["sensitive"])
            for i in report["indicators"]}


def test_a_differently_laid_out_workbook_gives_the_same_ratings(tmp_path: Path, libreoffice: None) -> None:
    written = write_other_layout(tmp_path / "source" / "other-layout.xlsx")
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
    written = write_other_layout(tmp_path / "other-layout.xlsx")
    result = load_review(written)
    flagged = [p for p in result.problems if p.code == "formula-not-calculated"]
    assert flagged and all(p.sheet == "KPI table" and p.cell for p in flagged)
