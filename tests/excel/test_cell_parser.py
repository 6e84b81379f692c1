"""The reader's lean cell parsing gives exactly what openpyxl's own parsing gives, cell by cell.

`_CellRowsParser.parse_cell` reads common cells itself and leaves every other kind to openpyxl;
`read_grid` builds the grid of a read-only sheet without a ReadOnlyCell per cell. Both are checked
against openpyxl on crafted cells: inline rich text, phonetic runs, xml:space, booleans, errors,
dates, formulas (shared ones too), cells without a reference, and cells that cannot be read.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from openpyxl.utils.datetime import CALENDAR_MAC_1904, WINDOWS_EPOCH
from openpyxl.worksheet import _reader as openpyxl_reader

from scrutiny_desktop.excel import package
from scrutiny_desktop.excel.package import _CellRowsParser, load_workbook, open_package
from scrutiny_desktop.excel.reader import _is_percent_format, read_grid
from scrutiny_desktop.excel.tables import BLANK, CellValue

NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"

CELLS = [
    '<c r="A1" s="1"><v>0.5</v></c>',
    '<c r="B1"><v>12</v></c>',
    '<c r="C1" t="n"><v>1E-3</v></c>',
    '<c r="D1" t="s"><v>0</v></c>',
    '<c r="E1" t="s"><v>1</v></c>',
    '<c r="F1" t="inlineStr"><is><t>plain text</t></is></c>',
    '<c r="G1" t="inlineStr"><is><t xml:space="preserve">  padded  </t></is></c>',
    '<c r="H1" t="inlineStr"><is><r><t>ri</t></r><r><rPr><b/></rPr><t xml:space="preserve">ch </t></r></is></c>',
    '<c r="I1" t="inlineStr"><is><t>漢字</t><rPh sb="0" eb="2"><t>かんじ</t></rPh></is></c>',
    '<c r="J1" t="inlineStr"><is><t/></is></c>',
    '<c r="K1" t="inlineStr"><is></is></c>',
    '<c r="L1" t="inlineStr"></c>',
    '<c r="M1" t="inlineStr" s="2"/>',
    '<c r="N1" t="b"><v>1</v></c>',
    '<c r="O1" t="b"><v>0</v></c>',
    '<c r="P1" t="e"><v>#DIV/0!</v></c>',
    '<c r="Q1" s="2"><v>43831</v></c>',
    '<c r="R1" s="3"><v>0.75</v></c>',
    '<c r="S1" t="d"><v>2020-01-01T00:00:00</v></c>',
    '<c r="T1"><f>1+1</f><v>2</v></c>',
    '<c r="U1"><f t="shared" ref="U1:U2" si="0">A1*2</f><v>1</v></c>',
    '<c r="V1" t="str"><f>"a"&amp;"b"</f><v>ab</v></c>',
    '<c r="W1" t="str"><v>text</v></c>',
    '<c r="X1" s="3"/>',
    '<c s="1"><v>7</v></c>',
    '<c r="z1"><v>3</v></c>',
    '<c r="AA1"><v></v></c>',
    '<c r="AB1" s=""><v>1</v></c>',
    '<c r="AC1" t="inlineStr"><is><t>a</t><t>b</t></is></c>',
    '<c r="AD1" t="inlineStr"><v>5</v></c>',
    '<c r="AE1" t="s"><v></v></c>',
    '<c r="AF1"><v>-0</v></c>',
    '<c r="AG1"><v>1.0E+20</v></c>',
    '<c r="XFD1"><v>1</v></c>',
    '<c r="AH1" t="inlineStr"><is><x:t xmlns:x="urn:other">elsewhere</x:t></is></c>',
    '<c r="AI1" t="inlineStr"><is><t>line one\nline two</t></is></c>',
    '<c r="AJ1" t="n" s="1"><v> 5 </v></c>',
    '<c r="AK1" t="s" s="1"><v>-1</v></c>',
]
ROW_TWO = [
    '<c r="U2"><f t="shared" si="0"/><v>2</v></c>',
    '<c r="A2" t="inlineStr"><is><t>&lt;tag&gt; &amp; more</t></is></c>',
]
# Cells openpyxl cannot read: the lean parser must fail on them too.
BAD_CELLS = [
    '<c r="A1" t="s"><v>99</v></c>',
    '<c r="A1" t="s"><v>x</v></c>',
    '<c r="A1"><v>abc</v></c>',
    '<c r="$A$1"><v>1</v></c>',
    '<c r="1"><v>1</v></c>',
    '<c r="A1" s="x"><v>1</v></c>',
    '<c r="A1" t="b"><v>yes</v></c>',
    '<c r="A1" t="inlineStr"><is foo="1"><t>x</t></is></c>',
    '<c r="AAAA1"><v>1</v></c>',
]
SHARED = ["first", "second"]
DATE_STYLES = {2}


def sheet_xml(*rows: list[str]) -> bytes:
    body = "".join(f'<row r="{n}">{"".join(cells)}</row>' for n, cells in enumerate(rows, start=1))
    return f'<worksheet xmlns="{NS}"><sheetData>{body}</sheetData></worksheet>'.encode()


def parsed(parser_class: type, xml: bytes, **options: object) -> list[object]:
    parser = parser_class(io.BytesIO(xml), SHARED, date_formats=DATE_STYLES, **options)
    return list(openpyxl_reader.WorkSheetParser.parse(parser))  # openpyxl's walk: only the cells differ


@pytest.mark.parametrize("data_only", [True, False])
@pytest.mark.parametrize("rich_text", [False, True])
@pytest.mark.parametrize("epoch", [WINDOWS_EPOCH, CALENDAR_MAC_1904])
def test_lean_cells_are_openpyxls(data_only: bool, rich_text: bool, epoch: object) -> None:
    xml = sheet_xml(CELLS, ROW_TWO)
    options = {"data_only": data_only, "rich_text": rich_text, "epoch": epoch}
    ours = parsed(_CellRowsParser, xml, **options)
    theirs = parsed(openpyxl_reader.WorkSheetParser, xml, **options)
    assert len(ours) == len(theirs) == 2
    for (row, cells), (their_row, their_cells) in zip(ours, theirs, strict=True):
        assert row == their_row
        for cell, their_cell in zip(cells, their_cells, strict=True):
            assert repr(cell) == repr(their_cell)  # the same value, of the same type
            assert {k: type(v) for k, v in cell.items()} == {k: type(v) for k, v in their_cell.items()}


@pytest.mark.parametrize("cell", BAD_CELLS)
def test_unreadable_cells_fail_as_in_openpyxl(cell: str) -> None:
    xml = sheet_xml([cell])
    outcomes = []
    for parser_class in (_CellRowsParser, openpyxl_reader.WorkSheetParser):
        try:
            outcomes.append(("read", repr(parsed(parser_class, xml, data_only=True))))
        except Exception as exc:  # noqa: BLE001 - the kind of failure is what is compared
            outcomes.append(("failed", type(exc).__name__))
    assert outcomes[0] == outcomes[1]


STYLES = (
    f'<styleSheet xmlns="{NS}"><numFmts count="1"><numFmt numFmtId="164" formatCode="0.0&quot;%&quot;"/></numFmts>'
    '<cellXfs count="5"><xf numFmtId="0"/><xf numFmtId="9"/><xf numFmtId="14"/><xf numFmtId="164"/>'
    '<xf numFmtId="10"/></cellXfs></styleSheet>'
)


def workbook(path: Path, sheet: bytes) -> Path:
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("_rels/.rels", (
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            'officeDocument" Target="xl/workbook.xml"/></Relationships>'))
        zf.writestr("xl/workbook.xml", (
            f'<workbook xmlns="{NS}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            '<sheets><sheet name="Data" sheetId="1" r:id="rId1"/></sheets></workbook>'))
        zf.writestr("xl/_rels/workbook.xml.rels", (
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            'worksheet" Target="worksheets/sheet1.xml"/>'
            '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            'styles" Target="styles.xml"/></Relationships>'))
        zf.writestr("xl/styles.xml", STYLES)
        zf.writestr("xl/worksheets/sheet1.xml", sheet)
    return path


def grid_through_cells(ws: object, max_row: int | None, max_col: int) -> list[list[CellValue]]:
    """The grid as `read_grid` built it from openpyxl's ReadOnlyCells."""
    return [
        [BLANK if c.value is None else CellValue(c.value, _is_percent_format(getattr(c, "number_format", None)))
         for c in cells]
        for cells in ws.iter_rows(min_row=1, max_row=max_row, max_col=max_col)  # type: ignore[attr-defined]
    ]


@pytest.mark.parametrize(("max_row", "max_col"), [(None, 3), (None, 40), (2, 5), (4, 2), (9, 8), (30, 200)])
def test_read_only_grid_is_the_cells_grid(tmp_path: Path, max_row: int | None, max_col: int) -> None:
    # Missing rows, a row out of order, a column written twice, cells past max_col, %-formats (a built-in
    # one, a custom one with a quoted %, a format past the end of the list), an empty style id.
    rows = (
        '<row r="1"><c r="A1" t="inlineStr"><is><t>Ref</t></is></c><c r="B1" s="1"><v>0.5</v></c>'
        '<c r="C1" s="3"><v>5</v></c><c r="D1" s="4"><v>0.25</v></c><c r="E1" s="9"><v>1</v></c></row>'
        '<row r="3"><c r="A3" s="1"/><c r="B3" s=""><v>2</v></c><c r="B3" s="1"><v>3</v></c>'
        '<c r="F3" s="2"><v>43831</v></c></row>'
        '<row r="2"><c r="A2"><v>9</v></c></row>'
        '<row r="6"><c r="C6" t="e"><v>#N/A</v></c><c r="AA6"><v>1</v></c></row>'
        '<row r="7"><c s="1"><v>0.1</v></c><c><v>2</v></c></row>'
        '<row r="8"><c r="A8"><v>0.0</v></c><c r="B8"><v>-0.0</v></c><c r="C8"><v>0</v></c><c r="D8"><v>2</v></c>'
        '<c r="E8"><v>2.0</v></c><c r="F8" t="b"><v>1</v></c><c r="G8"><v>1</v></c><c r="H8" s="1"><v>2</v></c></row>'
    )
    xml = f'<worksheet xmlns="{NS}"><dimension ref="A1:AA8"/><sheetData>{rows}</sheetData></worksheet>'.encode()
    path = workbook(tmp_path / "cells.xlsx", xml)
    wb = load_workbook(open_package(path))
    ws = wb["Data"]
    grid = read_grid(ws, max_row, max_col)
    assert grid == grid_through_cells(ws, max_row, max_col)
    # The same types too: 2 and 2.0, 1 and True, 0.0 and -0.0 are equal but not the same value.
    assert repr(grid) == repr(grid_through_cells(ws, max_row, max_col))
    wb.close()


def survey_by_full_scans(xml: bytes) -> package.SheetSurvey:
    """`_survey` as it was: every pattern run over the whole sheet."""
    survey = package.SheetSurvey()
    for m in package._MERGE.finditer(xml):
        r1, c1 = package.split_cell(m.group(1).decode())
        r2, c2 = package.split_cell(m.group(2).decode()) if m.group(2) else (r1, c1)
        survey.merged.append((r1, c1, r2, c2))
    for m in package._COL.finditer(xml):
        attrs = dict(package._ATTR.findall(m.group(1)))
        if attrs.get(b"hidden") in (b"1", b"true") and b"min" in attrs and b"max" in attrs:
            survey.hidden_columns.update(range(int(attrs[b"min"]), min(int(attrs[b"max"]), package.MAX_COLUMNS) + 1))
    for m in package._ROW.finditer(xml):
        attrs = dict(package._ATTR.findall(m.group(1)))
        if attrs.get(b"hidden") in (b"1", b"true") and b"r" in attrs:
            survey.hidden_rows.add(int(attrs[b"r"]))
    for m in package._FORMULA_CELL.finditer(xml):
        body = m.group(2)
        if package._HAS_FORMULA.search(body) and not package._HAS_VALUE.search(body):
            attrs = dict(package._ATTR.findall(m.group(1)))
            if b"r" in attrs:
                survey.uncalculated.add(package.split_cell(attrs[b"r"].decode()))
    return survey


@pytest.mark.parametrize("xml", [
    b'<worksheet><sheetData><row r="1"><c r="A1"><v>1</v></c></row></sheetData></worksheet>',
    b'<worksheet><cols><col min="2" max="3" hidden="1"/></cols><sheetData><row r="1" hidden="1"><c r="A1" '
    b't="inlineStr"><is><t>school col &lt;col min="5" max="5" hidden="1"/&gt;</t></is></c></row></sheetData>'
    b'<mergeCells><mergeCell ref="A1:B1"/><mergeCell ref="C3"/></mergeCells></worksheet>',
    b'<x:worksheet xmlns:x="urn:x"><x:cols><x:col min="4" max="4" hidden="true"/></x:cols><x:sheetData>'
    b'<x:row r="2"><x:c r="B2"><x:f>1+1</x:f></x:c><x:c r="C2"><x:f>2</x:f><x:v>2</x:v></x:c></x:row></x:sheetData>'
    b'<x:mergeCells><x:mergeCell ref="A2:A3"/></x:mergeCells><x:colBreaks/></x:worksheet>',
    b'<worksheet><mergeCells><mergeCell ref="D4:E5"/></mergeCells><sheetData><row r="3"><c r="A3"><f>A1</f></c>'
    b'</row></sheetData><cols><col min="7" max="9" hidden="1"></col></cols></worksheet>',
    b'<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>mergeCell col :f</t></is></c></row>'
    b'</sheetData></worksheet>',
    b'<x:worksheet xmlns:x="urn:x"><x:col min="1" max="1" hidden="1"/><x:mergeCell ref="B1:C1"/></x:worksheet>',
    b'<worksheet><cols><col a="<col min=\'2\' max=\'2\' hidden=\'1\'" min="3" max="3" hidden="1"/></cols>'
    b'<x:row r="4" hidden="1"/><row r="5" spans="1:2" hidden="true"/><row hidden="1"/><row r="6" hidden="0"/>'
    b'<ab:row r="7" xhidden="1"/><row r="8" hidden="1" hidden="0"/><t>a:row r="9" hidden="1"</t></worksheet>',
])
def test_survey_finds_what_full_scans_find(xml: bytes) -> None:
    assert package._survey(xml) == survey_by_full_scans(xml)
