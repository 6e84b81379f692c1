"""Counts read from simple formulas (issue 14): `=4/7`, `=B12/C12`, shared formulas; else "counts unknown"."""

from __future__ import annotations

from pathlib import Path

import pytest

from scrutiny_desktop.domain.disclosure import Slot, redact
from scrutiny_desktop.domain.model import PERCENT, Outturn
from scrutiny_desktop.excel.formulas import FormulaCounts, formula_counts, parse_division, with_formula_counts
from scrutiny_desktop.pipeline import load_review
from tests.workbooks import table, with_cached_values


@pytest.mark.parametrize(("formula", "parsed"), [
    ("=4/7", ("4", "7", 1.0)),
    ("=B12/C12", ("B12", "C12", 1.0)),
    ("=$B$12/$C$12*100", ("$B$12", "$C$12", 100.0)),
    ("=ROUND(B5/C5,3)", ("B5", "C5", 1.0)),
    ('=IFERROR(B5/C5,"")', ("B5", "C5", 1.0)),
    ("=(4/7)", ("4", "7", 1.0)),
])
def test_divisions_of_two_counts_are_read(formula: str, parsed: tuple[str, str, float]) -> None:
    assert parse_division(formula) == parsed


@pytest.mark.parametrize("formula", ["=SUM(B5:B9)/C5", "=Data!B5/Data!C5", "=B5/C5/D5", "=B5", "=B5-C5", "=4/7+1"])
def test_any_other_formula_gives_no_counts(formula: str) -> None:
    assert parse_division(formula) is None


def _sheet(cells: str) -> bytes:
    return (b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
            + cells.encode() + b"</sheetData></worksheet>")


def test_shared_formulas_are_translated_and_checked_against_the_cached_value() -> None:
    xml = _sheet(
        '<row r="5"><c r="B5"><v>3</v></c><c r="C5"><v>6</v></c>'
        '<c r="D5"><f t="shared" ref="D5:D6" si="0">B5/C5</f><v>0.5</v></c></row>'
        '<row r="6"><c r="B6"><v>4</v></c><c r="C6"><v>7</v></c>'
        '<c r="D6"><f t="shared" si="0"/><v>0.5714285714285714</v></c></row>'
        '<row r="7"><c r="D7"><f>2/5</f><v>0.9</v></c><c r="E7"><f>2.5/5</f><v>0.5</v></c></row>')
    assert formula_counts(xml) == {(5, 4): FormulaCounts(3, 6), (6, 4): FormulaCounts(4, 7)}  # 0.9 is not 2/5


def test_a_formulas_counts_join_the_outturn_only_when_they_give_its_value() -> None:
    joined = with_formula_counts(Outturn(57.142857142857146), FormulaCounts(4, 7), PERCENT)
    assert (joined.value, joined.numerator, joined.denominator) == (pytest.approx(400 / 7), 4, 7)
    assert with_formula_counts(Outturn(12.0), FormulaCounts(4, 7), PERCENT) == Outturn(12.0)


def test_a_percentage_from_another_sheet_has_unknown_counts_and_a_warning_at_its_cell(tmp_path: Path) -> None:
    path = table(tmp_path / "other.xlsx",
                 ["Ref", "Indicator", "Polarity", "Unit", "Target", "Sep-19", "Oct-19"],
                 ["1", "% of plans reviewed on time", "High", "%", 0.9, "=3/6", "=Counts!B2/Counts!C2"],
                 above=[["Performance"], ["October 2019"], []],
                 number_formats={"F5": "0%", "G5": "0%", "E5": "0%"})
    with_cached_values(path, {"F5": 0.5, "G5": 0.9})
    data = load_review(path)
    item = data.item("1")
    assert item is not None
    sep, oct_ = sorted(item.indicator.outturns.items())
    assert (sep[1].numerator, sep[1].denominator) == (3, 6)
    assert oct_[1].numerator is None and oct_[1].value == pytest.approx(90)
    result = redact(data)
    # Rule 6: its counts are unknown, and this indicator has a cohort of six: withheld, with a warning at G5.
    assert result.suppressed("1", Slot("outturn", "2019-10", "value")) is not None
    assert [(p.code, p.cell) for p in result.problems if p.code == "counts-unknown"] == [("counts-unknown", "G5")]
