"""Every heading variant in the spec's table maps to its field; the synonyms are data a council extends."""

from pathlib import Path

import pytest

from scrutiny_desktop.domain.periods import Period
from scrutiny_desktop.excel.headings import load_headings
from scrutiny_desktop.excel.reader import read_workbook
from tests.workbooks import table

SPEC_TABLE = {
    "ref": ["Ref", "No.", "Indicator No.", "KPI", "ID"],
    "title": ["Indicator", "Indicator name", "Measure", "Performance indicator", "Description"],
    "section": ["Service area", "Section", "Area", "Theme"],
    "polarity": ["Good is", "Good performance is", "Polarity"],
    "unit": ["Unit", "Measure type", "Format"],
    "frequency": ["Frequency"],
    "target": ["Target", "Target / range", "Acceptable range"],
    "tolerance": ["Tolerance", "Amber tolerance", "Amber band"],
    "red_threshold": ["Red threshold", "Floor", "Floor standard"],
    "sensitive": ["Part 2", "Sensitive", "Suppress", "Confidential", "Exempt"],
    "stat_neighbours": ["Stat neighbours", "Statistical neighbours", "SN average"],
    "london": ["London", "London average"],
    "england": ["England", "National average"],
    "numerator": ["Numerator", "Number"],
    "denominator": ["Denominator", "Out of", "Cohort"],
    "commentary": ["Commentary", "Management commentary", "Comments"],
    "stated_rag": ["RAG", "RAG rating", "Status"],
}
CASES = [(field, heading) for field, headings in SPEC_TABLE.items() for heading in headings]


@pytest.mark.parametrize("field, heading", CASES)
def test_every_spec_heading(field: str, heading: str) -> None:
    headings = load_headings()
    assert headings.classify(heading).name == field
    # case, spaces and punctuation do not matter
    assert headings.classify(f"  {heading.upper()}  ").name == field
    assert headings.classify(heading.replace(" ", "_") + ":").name == field


@pytest.mark.parametrize("heading, field", [
    ("Target 2019/20", "target"), ("Outturn (%)", "current"), ("England 2018/19", "england"),
    ("Stat neighbours (2018)", "stat_neighbours"), ("Target [note 3]", "target"), ("Good\nis", "polarity"),
    ("Indicator\u00a0name", "title"), ("Amber tolerance (pp)", "tolerance"),
])
def test_headings_with_a_year_a_unit_or_a_note_still_match(heading: str, field: str) -> None:
    assert load_headings().classify(heading).name == field


@pytest.mark.parametrize("heading, label", [
    ("2016/17", "2016/17"), ("Outturn 2017/18", "2017/18"), ("18/19", "2018/19"), ("2018-19 actual", "2018/19"),
])
def test_previous_year_columns(heading: str, label: str) -> None:
    found = load_headings().classify(heading)
    assert (found.kind, found.name) == ("annual", label)


def test_period_columns() -> None:
    found = load_headings().classify("Q2 2019/20")
    assert found.kind == "period" and found.period == Period(2019, 9, 3)


def test_a_councils_own_headings_file_extends_the_shipped_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    user = tmp_path / "headings.toml"
    user.write_text('[fields.target]\nheadings = ["Ambition"]\n[fields.ignore]\nheadings = ["Lead officer"]\n')
    monkeypatch.setenv("SCRUTINY_HEADINGS", str(user))
    headings = load_headings()
    assert headings.classify("Ambition").name == "target"
    assert headings.classify("Target").name == "target"  # the built-in words still work
    path = table(tmp_path / "w.xlsx", ["Ref", "Indicator", "Good is", "Ambition", "Lead officer", "Oct-19"],
                 ["1", "An indicator", "High", 70, "A. Person", 72])
    data = read_workbook(path)
    assert data.indicators[0].target.value == 70
    assert not [p for p in data.problems if p.code == "unknown-column"]


def test_a_broken_headings_file_is_a_warning_not_a_crash(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    user = tmp_path / "headings.toml"
    user.write_text("[fields.target\nheadings = oops")
    monkeypatch.setenv("SCRUTINY_HEADINGS", str(user))
    path = table(tmp_path / "w.xlsx", ["Ref", "Indicator", "Oct-19"], ["1", "An indicator", 72])
    data = read_workbook(path)
    assert [p.code for p in data.problems] == ["headings-file-unreadable"]
    assert data.indicators[0].ref == "1"


def test_a_user_file_naming_an_unknown_field_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    user = tmp_path / "headings.toml"
    user.write_text('[fields.targte]\nheadings = ["Ambition"]\n')
    monkeypatch.setenv("SCRUTINY_HEADINGS", str(user))
    problems = load_headings().problems
    assert [p.code for p in problems] == ["headings-file-unreadable"]
    assert "targte" in problems[0].message


def test_a_column_that_matches_nothing_is_a_warning_naming_its_letter(tmp_path: Path) -> None:
    path = table(tmp_path / "w.xlsx", ["Ref", "Indicator", "Targt", "Oct-19", "Spare"],
                 ["1", "An indicator", 70, 72, None])
    problems = [(p.code, p.cell) for p in read_workbook(path).problems]
    assert problems == [("unknown-column", "C1")]
    message = next(p.message for p in read_workbook(path).problems)
    assert "Column C" in message and "Did you mean 'Target'?" in message
