"""The appendix's cells written by sheet_data.py: the same package openpyxl writes for the same cells,
byte for byte, except that text stays text and characters XML cannot hold are left out."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from scrutiny_desktop.domain.appendix import Cell, Role
from scrutiny_desktop.domain.disclosure import DisclosureRules, Slot, redact
from scrutiny_desktop.domain.settings import Settings
from scrutiny_desktop.excel.appendix_look import built_in_look, copy_style
from scrutiny_desktop.excel.sheet_data import MAX_TEXT, save, sheet_data, style_ids
from scrutiny_desktop.pipeline import export_appendices, load_review
from tests.helpers import SAMPLE

TEXTS = ["Children in care", " padded ", "[c]", "tab\there", "line\r\nbreak", "<b>&amp;</b> \"q\" 'a'",
         "Café – 10% ↑ worse ≥ 5 😀", "x" * 40_000, "", "  "]
NUMBERS = [0.5, 3, 1.0, -0.0, 1e20, 0.1 + 0.2, 123456789.123456789, 1e-7, True, False, -12]


def _rows() -> list[list[Cell]]:
    look = built_in_look()
    roles = list(look.styles)
    rows: list[list[Cell]] = [[Cell("Title", Role.TITLE)], [], [Cell(None, Role.TEXT), Cell("after a gap")]]
    for i, text in enumerate(TEXTS * 2):
        role = roles[i % len(roles)]
        rows.append([Cell(text, role), Cell(NUMBERS[i % len(NUMBERS)], Role.PERCENT, "0.0%"),
                     Cell(NUMBERS[(i + 3) % len(NUMBERS)], Role.NUMBER, "#,##0"), Cell(None, role),
                     Cell(None, Role.TEXT, "General"), Cell(7, roles[(i + 1) % len(roles)], "#,##0.0")])
    rows.append([])
    return rows


def _heights(rows: list[list[Cell]]) -> list[float]:
    return [0.0 if not row else 12.5 + (r % 4) * 7.37 for r, row in enumerate(rows)]


def _workbook() -> Workbook:
    wb = Workbook()
    for style in built_in_look().styles.values():
        wb.add_named_style(copy_style(style))
    wb.active.title = "Table"
    wb.create_sheet("Empty")
    return wb


def _parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {name: z.read(name) for name in z.namelist() if name != "docProps/core.xml"}  # the time saved


def _by_openpyxl(rows: list[list[Cell]], path: Path) -> None:
    """The reference: every cell made through openpyxl's own setters, and openpyxl's own save."""
    wb = _workbook()
    ws = wb["Table"]
    names = {role: style.name for role, style in built_in_look().styles.items()}
    for r, row in enumerate(rows, start=1):
        for c, cell in enumerate(row, start=1):
            target = ws.cell(r, c)
            target.style = names[cell.role]
            if cell.number_format != "General":
                target.number_format = cell.number_format
            if cell.value is not None:
                target.value = cell.value
    for r, height in enumerate(_heights(rows), start=1):
        ws.row_dimensions[r].height = height
    wb.save(path)


def _by_sheet_data(rows: list[list[Cell]], path: Path) -> None:
    wb = _workbook()
    ws = wb["Table"]
    names = {role: style.name for role, style in built_in_look().styles.items()}
    save(wb, path, {"Table": sheet_data(rows, style_ids(wb, ws, rows, names), _heights(rows))})


def test_the_package_is_byte_for_byte_what_openpyxl_writes_for_the_same_cells(tmp_path: Path) -> None:
    rows = _rows()
    _by_openpyxl(rows, tmp_path / "openpyxl.xlsx")
    _by_sheet_data(rows, tmp_path / "ours.xlsx")
    theirs, ours = _parts(tmp_path / "openpyxl.xlsx"), _parts(tmp_path / "ours.xlsx")
    assert list(ours) == list(theirs)
    for name, xml in theirs.items():
        assert ours[name] == xml, name
    sheet = ours["xl/worksheets/sheet1.xml"]
    assert b'<dimension ref="A1:F' in sheet and b"&#128512;" in sheet and b"&#13;" in sheet  # the cases were met


def test_the_cells_read_back_as_written(tmp_path: Path) -> None:
    rows = _rows()
    _by_sheet_data(rows, tmp_path / "ours.xlsx")
    ws = load_workbook(tmp_path / "ours.xlsx")["Table"]
    for r, row in enumerate(rows, start=1):
        for c, cell in enumerate(row, start=1):
            expected = cell.value[:MAX_TEXT] if isinstance(cell.value, str) else cell.value
            got = ws.cell(r, c).value
            if isinstance(expected, float):
                assert got == pytest.approx(expected, rel=1e-15), (r, c)
            elif expected == "":
                assert got in ("", None), (r, c)
            else:
                assert got == expected, (r, c)
            if cell.value is not None:
                assert ws.cell(r, c).number_format == cell.number_format, (r, c)
    assert ws.row_dimensions[4].height == _heights(rows)[3]


def test_formulas_and_error_words_stay_text_and_control_characters_are_left_out(tmp_path: Path) -> None:
    """openpyxl makes "=..." a formula and "#N/A" an error value; here every text is text."""
    rows = [[Cell("=1+2"), Cell("=HYPERLINK(\"http://example.org\")"), Cell("bell\x07 and\x00 nul\ud800"),
             Cell("="), Cell("#N/A"), Cell("#DIV/0!")]]
    wb = _workbook()
    names = {role: style.name for role, style in built_in_look().styles.items()}
    save(wb, tmp_path / "t.xlsx", {"Table": sheet_data(rows, style_ids(wb, wb["Table"], rows, names))})
    xml = _parts(tmp_path / "t.xlsx")["xl/worksheets/sheet1.xml"]
    assert b"<f>" not in xml and b"<f " not in xml
    assert re.findall(rb"<t>([^<]*)</t>", xml) == [b"=1+2", b'=HYPERLINK("http://example.org")', b"bell and nul", b"=",
                                                  b"#N/A", b"#DIV/0!"]
    ws = load_workbook(tmp_path / "t.xlsx")["Table"]
    assert [ws.cell(1, c).data_type for c in range(1, 7)] == ["s"] * 6


def test_a_sheet_with_cells_of_its_own_is_refused_rather_than_losing_them(tmp_path: Path) -> None:
    wb = _workbook()
    wb["Table"]["A1"] = "made by openpyxl"
    with pytest.raises(ValueError, match="Table"):
        save(wb, tmp_path / "t.xlsx", {})
    assert not (tmp_path / "t.xlsx").exists()


def test_officers_commentary_starting_with_equals_or_holding_a_control_character_exports(tmp_path: Path) -> None:
    """Typed or pasted commentary: "=> see the plan" was a broken formula in both appendices, and a
    control character (pasted from another program) stopped the export with openpyxl's error."""
    review = load_review(SAMPLE)
    redaction = redact(review, DisclosureRules.from_settings(Settings()))
    public = [i.ref for i in review.items if i.needs_commentary and not redaction.suppressed(i.ref, Slot("commentary"))]
    review = review.with_commentary({public[0]: "=> see the action plan", public[1]: "Pasted\x0b text\x01"})
    result = export_appendices(review, tmp_path)
    assert result.audit is not None and result.audit.clean
    for path in (result.full, result.public):
        with zipfile.ZipFile(path) as z:
            sheets = b"".join(z.read(n) for n in z.namelist() if n.startswith("xl/worksheets/"))
        assert b"<f>" not in sheets
        assert b"<t>=&gt; see the action plan</t>" in sheets and b"<t>Pasted text</t>" in sheets, path.name
