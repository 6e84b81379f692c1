"""Unusable files are refused with every reason at once, the spec's codes, and what to do."""

import io
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from scrutiny_desktop.domain.problems import UnusableWorkbook
from scrutiny_desktop.excel import package
from scrutiny_desktop.excel.reader import read_workbook
from tests.workbooks import Sheet, build, table


def refused(path: Path, **options: object) -> list[tuple[str, str]]:
    with pytest.raises(UnusableWorkbook) as caught:
        read_workbook(path, **options)  # type: ignore[arg-type]
    errors = caught.value.errors
    assert errors, "refused without an error"
    for problem in errors:
        assert problem.message.endswith(".") and len(problem.message) > 30
    return [(p.code, p.cell) for p in errors]


def good(tmp_path: Path) -> Path:
    return table(tmp_path / "good.xlsx", ["Ref", "Indicator", "Oct-19"], ["1", "An indicator", 5])


@pytest.mark.parametrize("content", [b"", b"\x00\x01\x02 random bytes \xff" * 50, b"Ref,Indicator,Oct-19\n1,A,5\n",
                                     b"<html><body>not really excel</body></html>"])
def test_not_a_workbook(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "bad.xlsx"
    path.write_bytes(content)
    assert refused(path) == [("not-a-workbook", "")]


def test_truncated_zip(tmp_path: Path) -> None:
    data = good(tmp_path).read_bytes()
    path = tmp_path / "truncated.xlsx"
    path.write_bytes(data[: len(data) // 2])
    assert refused(path) == [("not-a-workbook", "")]


def test_a_zip_that_is_not_a_workbook(tmp_path: Path) -> None:
    path = tmp_path / "report.xlsx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("word/document.xml", "<w:document/>")
    assert refused(path) == [("not-a-workbook", "")]


def test_old_xls_file_says_save_as_xlsx(tmp_path: Path) -> None:
    # The first bytes of every Compound File (BIFF .xls) document.
    path = tmp_path / "old.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 2000 + "Workbook".encode("utf-16-le"))
    with pytest.raises(UnusableWorkbook) as caught:
        read_workbook(path)
    assert caught.value.errors[0].code == "not-a-workbook"
    assert ".xlsx" in caught.value.errors[0].message


def test_encrypted_workbook(tmp_path: Path) -> None:
    from msoffcrypto.format.ooxml import OOXMLFile

    plain = good(tmp_path)
    encrypted = tmp_path / "locked.xlsx"
    with plain.open("rb") as source, encrypted.open("wb") as out:
        OOXMLFile(source).encrypt("secret", out)
    assert refused(encrypted) == [("encrypted-workbook", "")]
    with pytest.raises(UnusableWorkbook) as caught:
        read_workbook(encrypted)
    assert "remove the password" in caught.value.errors[0].message.lower()


def test_a_cell_at_xfd1048576_is_refused_before_any_cell_is_parsed(tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "Data"
    ws.append(["Ref", "Indicator", "Oct-19"])
    ws.append(["1", "An indicator", 5])
    ws["XFD1048576"] = "stray"
    path = tmp_path / "far.xlsx"
    wb.save(path)
    assert refused(path) == [("workbook-too-large", "")]


def test_every_oversized_sheet_is_named_at_once(tmp_path: Path) -> None:
    wb = Workbook()
    for name in ("One", "Two"):
        ws = wb.create_sheet(name)
        ws["A1"] = "x"
        ws["ZZZ5"] = "far"
    path = tmp_path / "wide.xlsx"
    wb.save(path)
    with pytest.raises(UnusableWorkbook) as caught:
        read_workbook(path)
    assert [(p.code, p.sheet) for p in caught.value.errors] == [
        ("workbook-too-large", "One"), ("workbook-too-large", "Two")]


def test_a_huge_file_is_refused_by_its_size(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(package, "MAX_FILE_BYTES", 1000)
    assert refused(good(tmp_path)) == [("workbook-too-large", "")]


def test_a_zip_bomb_is_refused_by_its_unpacked_size(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = good(tmp_path).read_bytes()
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(io.BytesIO(source)) as zin, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            zout.writestr(item, zin.read(item.filename))
        zout.writestr("xl/media/padding.bin", b"\x00" * 5_000_000)
    monkeypatch.setattr(package, "MAX_UNZIPPED_BYTES", 1_000_000)
    assert refused(path) == [("workbook-too-large", "")]


def test_no_header_row(tmp_path: Path) -> None:
    path = build(tmp_path / "w.xlsx", Sheet("Cover", [["Children's services"]]),
                 Sheet("Data", [["Key", "Description", "Owner"], ["1", "x", 5]]))
    assert refused(path) == [("no-header-row", "A1")]


def test_a_staff_list_is_not_an_indicator_table_and_the_refusal_says_what_was_nearly_found(tmp_path: Path) -> None:
    staff = [["Staff list"], [], ["Id", "Name", "Team", "Start date"],
             *[[i, f"Person {i}", "Early Help", "2019-04-01"] for i in range(1, 21)]]
    path = build(tmp_path / "w.xlsx", Sheet("Staff", staff))
    with pytest.raises(UnusableWorkbook) as caught:
        read_workbook(path)
    (problem,) = caught.value.problems
    assert (problem.code, problem.sheet, problem.cell) == ("no-header-row", "Staff", "A3")
    assert "'Id' (Ref)" in problem.message and "'Name' (Indicator)" in problem.message
    assert "nothing to rate" in problem.message


def test_the_near_miss_names_the_profile_line_that_would_fix_it(tmp_path: Path) -> None:
    rows = [["Ref", "Service measure text", "Oct-19"],
            ["1", "Percentage of children seen within 10 working days", 91],
            ["2", "Number of children looked after at month end", 342]]
    path = build(tmp_path / "w.xlsx", Sheet("Scorecard", rows))
    with pytest.raises(UnusableWorkbook) as caught:
        read_workbook(path)
    (problem,) = caught.value.problems
    assert problem.cell == "A1"
    assert 'title = "Service measure text"' in problem.message


def test_a_header_below_row_30_is_not_found(tmp_path: Path) -> None:
    path = table(tmp_path / "w.xlsx", ["Ref", "Indicator", "Oct-19"], ["1", "x", 5], above=[[]] * 30)
    assert refused(path) == [("no-header-row", "")]


def test_duplicate_refs_name_both_cells_and_every_pair_is_reported(tmp_path: Path) -> None:
    path = table(tmp_path / "w.xlsx", ["Ref", "Indicator", "Oct-19"],
                 ["1", "First", 5], ["2", "Second", 6], ["1", "First again", 7], ["2", "Second again", 8])
    with pytest.raises(UnusableWorkbook) as caught:
        read_workbook(path)
    errors = caught.value.errors
    assert [(p.code, p.cell) for p in errors] == [("duplicate-ref", "A4"), ("duplicate-ref", "A5")]
    assert "A2" in errors[0].message and "A4" in errors[0].message


def test_refs_that_are_the_same_number_written_differently_are_duplicates(tmp_path: Path) -> None:
    path = table(tmp_path / "w.xlsx", ["Ref", "Indicator", "Oct-19"], [25, "First", 5], ["25", "Second", 6])
    assert refused(path) == [("duplicate-ref", "A3")]


def test_headings_without_any_indicator_rows(tmp_path: Path) -> None:
    path = table(tmp_path / "w.xlsx", ["Ref", "Indicator", "Oct-19"])
    assert refused(path) == [("no-indicators", "")]


def test_a_sheet_that_does_not_exist(tmp_path: Path) -> None:
    assert refused(good(tmp_path), sheet="Nope") == [("sheet-not-found", "")]


def test_a_missing_file(tmp_path: Path) -> None:
    assert refused(tmp_path / "nowhere.xlsx") == [("file-not-found", "")]


def test_damaged_xml_inside_a_valid_zip(tmp_path: Path) -> None:
    source = good(tmp_path).read_bytes()
    path = tmp_path / "damaged.xlsx"
    with zipfile.ZipFile(io.BytesIO(source)) as zin, zipfile.ZipFile(path, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data[:200]
            zout.writestr(item, data)
    assert refused(path) == [("not-a-workbook", "")]


def test_entity_bomb_in_a_sheet_is_refused(tmp_path: Path) -> None:
    source = good(tmp_path).read_bytes()
    bomb = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
            b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>')
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(io.BytesIO(source)) as zin, zipfile.ZipFile(path, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                body = data.split(b"?>", 1)[-1]
                data = bomb + body.replace(b"<v>5</v>", b"<is><t>&lol2;</t></is>").replace(b't="n"', b't="inlineStr"')
            zout.writestr(item, data)
    assert refused(path) == [("not-a-workbook", "")]


def _with_part(tmp_path: Path, name: str, data: bytes) -> Path:
    """The good workbook with one part replaced (or added)."""
    source = good(tmp_path).read_bytes()
    path = tmp_path / "changed.xlsx"
    with zipfile.ZipFile(io.BytesIO(source)) as zin, zipfile.ZipFile(path, "w") as zout:
        for item in zin.infolist():
            if item.filename != name:
                zout.writestr(item, zin.read(item.filename))
        zout.writestr(name, data)
    return path


DTD = '<?xml version="1.0" encoding="{encoding}"?><!DOCTYPE sst [<!ENTITY a "text">]>'
STRINGS = ('<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1">'
           "<si><t>&a;</t></si></sst>")


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16"])
@pytest.mark.parametrize("part", ["xl/sharedStrings.xml", "docProps/core.xml", "xl/styles.xml",
                                  "[Content_Types].xml", "xl/_rels/workbook.xml.rels"])
def test_a_document_type_in_any_part_is_refused_in_any_encoding(tmp_path: Path, part: str, encoding: str) -> None:
    # Harmless here, but a DTD is where entity bombs and external entities live, and no workbook has one.
    path = _with_part(tmp_path, part, (DTD.format(encoding=encoding) + STRINGS).encode(encoding))
    with pytest.raises(UnusableWorkbook) as caught:
        read_workbook(path)
    assert [(p.code, p.cell) for p in caught.value.errors] == [("not-a-workbook", "")]
    assert "document type" in caught.value.errors[0].message


def test_a_document_type_after_a_long_prolog_is_found() -> None:
    prolog = b'<?xml version="1.0"?>' + b"<!-- padding -->" * 20_000
    assert package.declares_doctype(io.BytesIO(prolog + b"<!DOCTYPE x><x/>"))
    assert not package.declares_doctype(io.BytesIO(prolog + b"<x><!-- <!DOCTYPE x> --></x>"))
    assert not package.declares_doctype(io.BytesIO(b"not xml at all <!DOCTYPE"))


def test_openpyxl_reads_sheets_with_the_standard_parser_once_parts_are_checked() -> None:
    # package.py swaps defusedxml's pure-Python parser out of openpyxl's sheet and string readers;
    # an openpyxl upgrade that moves them must fail here rather than silently slow every read.
    from xml.etree import ElementTree

    from openpyxl.reader import strings
    from openpyxl.worksheet import _reader

    assert _reader.iterparse is ElementTree.iterparse
    assert strings.iterparse is ElementTree.iterparse
