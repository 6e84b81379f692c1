"""What real files do that openpyxl's own files do not: each case was met in a public test corpus.

Every workbook is built with openpyxl, then one part is edited the way another writer writes it.
"""

from __future__ import annotations

import json
import re
import zipfile
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest

from scrutiny_desktop import cli
from scrutiny_desktop.domain.problems import UnusableWorkbook
from scrutiny_desktop.excel import package
from scrutiny_desktop.excel.reader import read_workbook
from tests.workbooks import table

SHEET = "xl/worksheets/sheet1.xml"
STYLES = "xl/styles.xml"
Edit = Callable[[bytes], bytes]


def good(tmp_path: Path) -> Path:
    return table(tmp_path / "good.xlsx", ["Ref", "Indicator", "Oct-19", "Nov-19"],
                 ["1", "An indicator", 5, 6], ["2", "Another", 0.55, 0.6],
                 number_formats={"C3": "0%", "D3": "0%"})


def rewrite(source: Path, target: Path, edits: dict[str, Edit] | None = None,
            rename: Callable[[str], str] = lambda name: name) -> Path:
    """A copy of the package with some parts edited and part names changed."""
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            edit = (edits or {}).get(info.filename)
            zout.writestr(rename(info.filename), edit(data) if edit else data)
    return target


def in_sheet(old: bytes, new: bytes) -> dict[str, Edit]:
    def edit(data: bytes) -> bytes:
        assert old in data, old
        return data.replace(old, new, 1)
    return {SHEET: edit}


def check_json(path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, dict[str, object]]:
    """`scrutiny check --json` in this process: its exit code and its stdout, which must be JSON alone."""
    code = cli.main(["check", str(path), "--json"])
    out = capsys.readouterr().out
    return code, json.loads(out)


def refs(path: Path) -> list[str]:
    return [i.ref for i in read_workbook(path).indicators]


# -- parts that do not matter to the review are skipped, the rest read --------------------------


def test_a_conditional_format_openpyxl_cannot_parse_is_skipped(tmp_path: Path) -> None:
    # operator="expression" is written by some tools on type="expression" rules (RAG colouring).
    rule = (b'<conditionalFormatting sqref="C2:D3"><cfRule type="expression" dxfId="0" priority="1" '
            b'operator="expression"><formula>C2&gt;5</formula></cfRule></conditionalFormatting>')
    path = rewrite(good(tmp_path), tmp_path / "cf.xlsx", in_sheet(b"<pageMargins", rule + b"<pageMargins"))
    assert refs(path) == ["1", "2"]


def test_an_empty_style_attribute_reads_as_the_default_style(tmp_path: Path) -> None:
    def edit(data: bytes) -> bytes:
        return re.sub(rb'<c r="C2"( t="n")?', b'<c r="C2" s=""', data)
    path = rewrite(good(tmp_path), tmp_path / "s.xlsx", {SHEET: edit})
    dataset = read_workbook(path)
    assert [i.ref for i in dataset.indicators] == ["1", "2"]


def test_a_stylesheet_openpyxl_cannot_parse_still_gives_the_number_formats(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # An attribute openpyxl does not know on a cell format, and a named style whose format is missing
    # (openpyxl printed "0 is out of range" to stdout for that one).
    def edit(data: bytes) -> bytes:
        data = re.sub(rb"<cellXfs count=\"(\d+)\"><xf ", rb'<cellXfs count="\1"><xf ZMIENNA_contentFontsCount="1" ',
                      data, count=1)
        return re.sub(rb"<cellStyleXfs.*?</cellStyleXfs>", b"", data, flags=re.S)
    path = rewrite(good(tmp_path), tmp_path / "styles.xlsx", {STYLES: edit})
    with zipfile.ZipFile(path) as zf:
        assert b"ZMIENNA" in zf.read(STYLES)
    wb = package.load_workbook(package.open_package(path))
    try:
        ws = wb["Data"]
        assert ws["C3"].number_format == "0%"
        assert ws["C2"].number_format == "General"
    finally:
        wb.close()
    code, answer = check_json(path, capsys)
    assert code == 0 and len(answer["indicators"]) == 2  # type: ignore[arg-type]


def test_a_styles_part_that_is_not_xml_is_named(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = rewrite(good(tmp_path), tmp_path / "broken-styles.xlsx", {STYLES: lambda _data: b"<styleSheet"})
    with pytest.raises(UnusableWorkbook) as caught:
        read_workbook(path)
    message = caught.value.errors[0].message
    assert "xl/styles.xml" in message and "save it again" in message
    assert "Error" not in message  # no Python exception names
    code, answer = check_json(path, capsys)
    assert code == 2 and answer["usable"] is False


def test_a_cell_naming_a_missing_shared_string_is_located(tmp_path: Path) -> None:
    source = tmp_path / "shared.xlsx"
    good(tmp_path)
    # openpyxl writes inline strings; point B2 at shared string 99 of none.
    path = rewrite(tmp_path / "good.xlsx", source,
                   in_sheet(b'<c r="B2" t="inlineStr"><is><t>An indicator</t></is></c>',
                            b'<c r="B2" t="s"><v>99</v></c>'))
    with pytest.raises(UnusableWorkbook) as caught:
        read_workbook(path)
    problem = caught.value.errors[0]
    assert (problem.sheet, problem.cell) == ("Data", "B2")
    assert "B2" in problem.message and "IndexError" not in problem.message


# -- valid packages with unusual part names ----------------------------------------------------------


def test_a_workbook_part_that_is_not_at_xl_workbook_xml_is_found_from_the_package_relationships(
        tmp_path: Path) -> None:
    def moved(name: str) -> str:
        return "book/" + name[3:] if name.startswith("xl/") else name
    edits: dict[str, Edit] = {
        "_rels/.rels": lambda d: d.replace(b"xl/workbook.xml", b"book/workbook.xml"),
        "[Content_Types].xml": lambda d: d.replace(b"/xl/", b"/book/"),
        "xl/_rels/workbook.xml.rels": lambda d: d.replace(b"/xl/", b"/book/"),
    }
    path = rewrite(good(tmp_path), tmp_path / "moved.xlsx", edits, moved)
    with zipfile.ZipFile(path) as zf:
        assert "xl/workbook.xml" not in zf.namelist() and "book/workbook.xml" in zf.namelist()
    dataset = read_workbook(path)
    assert [i.ref for i in dataset.indicators] == ["1", "2"]


def test_part_names_with_backslashes_are_read(tmp_path: Path) -> None:
    path = rewrite(good(tmp_path), tmp_path / "windows.xlsx",
                   rename=lambda name: name.replace("/", "\\") if name.startswith("xl/") else name)
    with zipfile.ZipFile(path) as zf:
        assert "xl\\worksheets\\sheet1.xml" in zf.namelist()
    assert refs(path) == ["1", "2"]


def test_iso_date_cells_are_read_as_dates(tmp_path: Path) -> None:
    path = rewrite(good(tmp_path), tmp_path / "dates.xlsx", in_sheet(
        b"</sheetData>", b'<row r="9"><c r="A9" t="d"><v>2019-10-01T00:00:00Z</v></c></row></sheetData>'))
    wb = package.load_workbook(package.open_package(path))
    try:
        assert wb["Data"]["A9"].value == datetime(2019, 10, 1)
    finally:
        wb.close()
    assert refs(path) == ["1", "2"]


# -- the size limit counts cells that hold something ----------------------------------------------


def styled_to_column_1024(tmp_path: Path, last_cell: bytes) -> Path:
    def edit(data: bytes) -> bytes:
        data = re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:AMJ3"/>', data)
        return data.replace(b"</row>", last_cell + b"</row>", 1)
    return rewrite(good(tmp_path), tmp_path / "wide.xlsx", {SHEET: edit})


def test_styled_empty_cells_far_to_the_right_do_not_count_toward_the_size_limit(tmp_path: Path) -> None:
    path = styled_to_column_1024(tmp_path, b'<c r="AMJ1" s="1"/>')
    assert refs(path) == ["1", "2"]


def test_a_value_far_to_the_right_still_counts(tmp_path: Path) -> None:
    path = styled_to_column_1024(tmp_path, b'<c r="AMJ1" t="inlineStr"><is><t>stray</t></is></c>')
    with pytest.raises(UnusableWorkbook) as caught:
        read_workbook(path)
    assert caught.value.errors[0].code == "workbook-too-large"


# -- other formats are named ---------------------------------------------------------------------


def test_an_xlsb_is_named_with_how_to_save_it_as_xlsx(tmp_path: Path) -> None:
    path = tmp_path / "binary.xlsb"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("_rels/.rels", (
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            'officeDocument" Target="xl/workbook.bin"/></Relationships>'))
        zf.writestr("xl/workbook.bin", b"\x83\x01\x00")
    with pytest.raises(UnusableWorkbook) as caught:
        read_workbook(path)
    message = caught.value.errors[0].message
    assert ".xlsb" in message and "Save As" in message and ".xlsx" in message


# -- long text -------------------------------------------------------------------------------------


def test_a_cell_of_32767_characters_is_not_searched_for_a_heading(monkeypatch: pytest.MonkeyPatch) -> None:
    """The period and year patterns ran over whole cells: a sheet of maximal cells took 40 s.
    (The time itself is measured by `make bench`; here, what the patterns are given.)"""
    from scrutiny_desktop.excel import headings as module

    headings = module.load_headings()
    given: list[int] = []
    for name in ("find_financial_year", "parse_period_heading", "normalise"):
        original = getattr(module, name)

        def spy(text: object, *args: object, _original: Callable[..., object] = original) -> object:
            given.append(len(str(text)))
            return _original(text, *args)
        monkeypatch.setattr(module, name, spy)
    longest = ("Oct-19 2019/20 Ref Indicator " * 1200)[:32767]
    assert headings.classify(longest).kind == "unknown"
    assert headings.classify("Oct-19").kind == "period"
    assert max(given) <= len("Oct-19")


def test_a_sheet_whose_xml_breaks_half_way_is_refused_in_the_programs_own_words(tmp_path: Path) -> None:
    path = rewrite(good(tmp_path), tmp_path / "broken.xlsx", in_sheet(b'<row r="3"', b'<row r="3"<<'))
    with pytest.raises(UnusableWorkbook) as caught:
        read_workbook(path)
    message = caught.value.errors[0].message
    assert "broken" in message and "save it again" in message
    assert "Error" not in message and "line" not in message  # not "ParseError: not well-formed (line 1 ...)"
