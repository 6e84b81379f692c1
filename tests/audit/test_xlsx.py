"""The auditor of public files: a marker in every hiding place is found, a clean file passes.

Each test builds its workbook in code (openpyxl, then raw zip edits for what openpyxl cannot
write), checks inside the zip that the marker really is there, and then that the audit names the
part and the cell or element.
"""

from __future__ import annotations

import time
import zipfile
from collections.abc import Callable
from pathlib import Path
from xml.etree import ElementTree

import pytest
from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.formatting.rule import CellIsRule
from openpyxl.packaging.custom import StringProperty
from openpyxl.styles import Font, PatternFill
from openpyxl.styles.colors import Color
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from scrutiny_desktop.audit.common import Audit
from scrutiny_desktop.audit.xlsx import ALLOWED_PARTS, audit_public
from scrutiny_desktop.domain.problems import UnusableWorkbook
from scrutiny_desktop.domain.settings import DEFAULT_ORGANISATION
from tests.public_files import add_part, edit_part, part_text, rewrite, zip_parts

ORG = DEFAULT_ORGANISATION
SHEET = "xl/worksheets/sheet1.xml"


def clean_workbook(path: Path, change: Callable[[Workbook, Worksheet], None] | None = None) -> Path:
    """A small public table, values only, with the organisation as author: what a public file should be."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Appendix"
    ws.append(["Some shorthand is used in this table: [c] = confidential."])
    ws.append(["Ref", "Indicator", "Oct 2019", "RAG"])
    ws.append(["25", "Stability of placements", "55% (50 of 91)", "Red"])
    ws.append(["17", "Plans lasting 2 years or more", "[c]", "Green"])
    ws.append(["29", "Average caseloads", 16.8, "Amber"])
    ws.print_title_rows = "2:2"
    ws.oddFooter.center.text = "Page &P of &N"
    wb.properties.creator = ORG
    wb.properties.lastModifiedBy = ORG
    wb.properties.title = "Appendix One (Part 1): October 2019"
    if change:
        change(wb, ws)
    wb.save(path)
    return path


def found(audit: Audit) -> set[tuple[str, str, str]]:
    return {(f.part, f.where, f.code) for f in audit.findings}


def test_a_clean_fresh_built_workbook_passes_with_no_findings(tmp_path: Path) -> None:
    path = clean_workbook(tmp_path / "clean.xlsx")
    parts = zip_parts(path)
    assert all(ALLOWED_PARTS.fullmatch(name) for name in parts), sorted(parts)
    assert "<f>" not in part_text(path, SHEET)
    # Parsed, not matched as text: openpyxl writes the same XML differently with and without lxml.
    core = ElementTree.fromstring(part_text(path, "docProps/core.xml"))
    assert core.findtext("{http://purl.org/dc/elements/1.1/}creator") == ORG
    audit = audit_public(path, organisation=ORG)
    assert audit.findings == () and audit.clean


# -- hiding places that openpyxl can write ------------------------------------------------------------


def _hidden_sheet(wb: Workbook, ws: Worksheet) -> None:
    wb.create_sheet("Workings").append(["LEAK_hidden_sheet", 15])
    wb["Workings"].sheet_state = "hidden"


def _very_hidden_sheet(wb: Workbook, ws: Worksheet) -> None:
    wb.create_sheet("Secret").append(["LEAK_very_hidden"])
    wb["Secret"].sheet_state = "veryHidden"


def _hidden_row(wb: Workbook, ws: Worksheet) -> None:
    ws["B7"] = "LEAK_hidden_row"
    ws.row_dimensions[7].hidden = True


def _hidden_column(wb: Workbook, ws: Worksheet) -> None:
    ws["F3"] = "LEAK_hidden_column"
    ws.column_dimensions["F"].hidden = True


def _comment(wb: Workbook, ws: Worksheet) -> None:
    ws["C4"].comment = Comment("LEAK_comment: 2 of 66", "Jane Smith")


def _defined_name(wb: Workbook, ws: Worksheet) -> None:
    wb.defined_names["Secret"] = DefinedName("Secret", attr_text='"LEAK_defined_name"')


def _validation(wb: Workbook, ws: Worksheet) -> None:
    rule = DataValidation(type="list", formula1='"LEAK Child A,LEAK Child B"')
    ws.add_data_validation(rule)
    rule.add("B4")


def _creator(wb: Workbook, ws: Worksheet) -> None:
    wb.properties.creator = "Jane Smith"


def _last_modified_by(wb: Workbook, ws: Worksheet) -> None:
    wb.properties.lastModifiedBy = "jsmith"


def _description(wb: Workbook, ws: Worksheet) -> None:
    wb.properties.description = "LEAK_description 15"


def _keywords(wb: Workbook, ws: Worksheet) -> None:
    wb.properties.keywords = "LEAK_keywords, 2 of 5"


def _custom_property(wb: Workbook, ws: Worksheet) -> None:
    wb.custom_doc_props.append(StringProperty(name="Reviewer", value="LEAK_custom Jane Smith"))


def _white_text(wb: Workbook, ws: Worksheet) -> None:
    ws["E3"] = "LEAK_white"
    ws["E3"].font = Font(color="FFFFFF")


def _text_matching_fill(wb: Workbook, ws: Worksheet) -> None:
    ws["E4"] = 15
    ws["E4"].font = Font(color="FFC000")
    ws["E4"].fill = PatternFill("solid", start_color="FFC000")


def _theme_white(wb: Workbook, ws: Worksheet) -> None:
    ws["E5"] = "LEAK_theme_white"
    ws["E5"].font = Font(color=Color(theme=0))  # theme 0 is "Background 1": white


def _hiding_format(wb: Workbook, ws: Worksheet) -> None:
    ws["E3"] = 15
    ws["E3"].number_format = ";;;"


def _far_away(wb: Workbook, ws: Worksheet) -> None:
    ws["XFD1048576"] = "LEAK_far_away"


def _far_below(wb: Workbook, ws: Worksheet) -> None:
    ws["B200"] = "LEAK_far_below"


def _formula(wb: Workbook, ws: Worksheet) -> None:
    ws["E3"] = "=#REF!*2"  # a formula over a removed cell


def _hyperlink(wb: Workbook, ws: Worksheet) -> None:
    ws["B3"].hyperlink = "file:///C:/Users/jsmith/children.xlsx"


def _conditional_format(wb: Workbook, ws: Worksheet) -> None:
    ws.conditional_formatting.add("C3:C5", CellIsRule(operator="lessThan", formula=["6"], font=Font(color="FFFFFF")))


def _tiny_font(wb: Workbook, ws: Worksheet) -> None:
    ws["E3"] = "LEAK_tiny"
    ws["E3"].font = Font(size=1)


HIDING_PLACES = [
    (_hidden_sheet, "LEAK_hidden_sheet", ("xl/workbook.xml", "Workings", "hidden-sheet")),
    (_very_hidden_sheet, "LEAK_very_hidden", ("xl/workbook.xml", "Secret", "very-hidden-sheet")),
    (_hidden_row, "LEAK_hidden_row", (SHEET, "Appendix!7:7", "hidden-row")),
    (_hidden_column, "LEAK_hidden_column", (SHEET, "Appendix!F", "hidden-column")),
    (_comment, "Jane Smith", ("xl/comments/comment1.xml", "Appendix!C4", "comment")),
    (_defined_name, "LEAK_defined_name", ("xl/workbook.xml", "definedName Secret", "defined-name")),
    (_validation, "LEAK Child A", (SHEET, "Appendix!B4", "data-validation")),
    (_creator, "Jane Smith", ("docProps/core.xml", "creator", "personal-data")),
    (_last_modified_by, "jsmith", ("docProps/core.xml", "lastModifiedBy", "personal-data")),
    (_description, "LEAK_description", ("docProps/core.xml", "description", "document-property")),
    (_keywords, "LEAK_keywords", ("docProps/core.xml", "keywords", "document-property")),
    (_custom_property, "LEAK_custom", ("docProps/custom.xml", "", "forbidden-part")),
    (_white_text, "LEAK_white", (SHEET, "Appendix!E3", "invisible-text")),
    (_text_matching_fill, "FFC000", (SHEET, "Appendix!E4", "invisible-text")),
    (_theme_white, "LEAK_theme_white", (SHEET, "Appendix!E5", "invisible-text")),
    (_hiding_format, ";;;", (SHEET, "Appendix!E3", "hidden-format")),
    (_far_away, "LEAK_far_away", (SHEET, "Appendix!XFD1048576", "far-away-cell")),
    (_far_below, "LEAK_far_below", (SHEET, "Appendix!B200", "far-away-cell")),
    (_formula, "#REF!", (SHEET, "Appendix!E3", "formula")),
    (_hyperlink, "jsmith", (SHEET, "Appendix!B3", "hyperlink")),
    (_conditional_format, "lessThan", (SHEET, "Appendix!C3:C5", "conditional-format")),
    (_tiny_font, "LEAK_tiny", (SHEET, "Appendix!E3", "invisible-text")),
]


@pytest.mark.parametrize("plant, marker, expected", HIDING_PLACES,
                         ids=[p[0].__name__.strip("_") for p in HIDING_PLACES])
def test_every_hiding_place_openpyxl_can_write_is_found(
        tmp_path: Path, plant: Callable[[Workbook, Worksheet], None], marker: str,
        expected: tuple[str, str, str]) -> None:
    path = clean_workbook(tmp_path / "planted.xlsx", plant)
    everything = "".join(data.decode("utf-8", "replace") for data in zip_parts(path).values())
    assert marker in everything.replace("&quot;", '"'), "the marker must really be inside the zip"
    audit = audit_public(path, organisation=ORG)
    assert expected in found(audit), sorted(found(audit))


def test_a_comment_names_its_author_and_its_parts_are_forbidden(tmp_path: Path) -> None:
    path = clean_workbook(tmp_path / "comment.xlsx", _comment)
    assert "<author>Jane Smith</author>" in part_text(path, "xl/comments/comment1.xml")
    audit = audit_public(path, organisation=ORG)
    [comment] = [f for f in audit.findings if f.code == "comment" and f.part == "xl/comments/comment1.xml"]
    assert "Jane Smith" in comment.message and "LEAK_comment" in comment.message
    assert {("xl/comments/comment1.xml", "", "forbidden-part"),
            ("xl/drawings/commentsDrawing1.vml", "", "forbidden-part"), (SHEET, "Appendix", "comment")} <= found(audit)


def test_print_titles_and_page_numbers_are_allowed(tmp_path: Path) -> None:
    path = clean_workbook(tmp_path / "print.xlsx")
    assert "_xlnm.Print_Titles" in part_text(path, "xl/workbook.xml")
    assert "&amp;P" in part_text(path, SHEET)
    assert audit_public(path, organisation=ORG).clean


def test_the_author_must_be_the_organisation_given(tmp_path: Path) -> None:
    path = clean_workbook(tmp_path / "org.xlsx")
    assert audit_public(path, organisation=ORG).clean
    assert ("docProps/core.xml", "creator", "personal-data") in found(audit_public(path, organisation="Bromley"))


def test_a_property_given_twice_counts_with_its_filled_in_copy(tmp_path: Path) -> None:
    """An empty second <dc:description/> must not hide a first one that holds text (nor a second creator)."""
    path = clean_workbook(tmp_path / "twice.xlsx")
    core = part_text(path, "docProps/core.xml")
    closing = core.rindex("</")
    edit_part(path, "docProps/core.xml", core[closing:],
              '<dc:description xmlns:dc="http://purl.org/dc/elements/1.1/">LEAK_description</dc:description>'
              '<dc:description xmlns:dc="http://purl.org/dc/elements/1.1/"/>' + core[closing:])
    assert ("docProps/core.xml", "description", "document-property") in found(audit_public(path, organisation=ORG))


# -- parts openpyxl cannot write: injected into the zip --------------------------------------------------

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def _pivot_cache(path: Path) -> None:
    add_part(path, "xl/pivotCache/pivotCacheDefinition1.xml",
             f'<pivotCacheDefinition xmlns="{MAIN}" recordCount="2"><cacheFields count="1"><cacheField name="Child">'
             '<sharedItems><s v="LEAK_pivot_child_A"/></sharedItems></cacheField></cacheFields></pivotCacheDefinition>',
             "application/vnd.openxmlformats-officedocument.spreadsheetml.pivotCacheDefinition+xml")
    add_part(path, "xl/pivotCache/pivotCacheRecords1.xml",
             f'<pivotCacheRecords xmlns="{MAIN}" count="1"><r><x v="0"/><n v="4242.125"/></r></pivotCacheRecords>')
    edit_part(path, "xl/workbook.xml", "<calcPr",
              f'<pivotCaches><pivotCache xmlns:r="{REL}" cacheId="1" r:id="rId99"/></pivotCaches><calcPr')


def _external_link(path: Path) -> None:
    add_part(path, "xl/externalLinks/externalLink1.xml",
             f'<externalLink xmlns="{MAIN}"><externalBook><sheetDataSet><sheetData sheetId="0"><row r="1">'
             '<cell r="A1" t="str"><v>LEAK_external</v></cell></row></sheetData></sheetDataSet></externalBook>'
             '</externalLink>')
    add_part(path, "xl/externalLinks/_rels/externalLink1.xml.rels",
             '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
             f'<Relationship Id="rId1" Type="{REL}/externalLinkPath" '
             'Target="file:///C:/Users/jsmith/Documents/LEAK_children.xlsx" TargetMode="External"/></Relationships>')


def _custom_xml(path: Path) -> None:
    add_part(path, "customXml/item1.xml", "<root><child>LEAK_custom_xml</child></root>")


def _chart(path: Path) -> None:
    add_part(path, "xl/drawings/drawing1.xml",
             '<xdr:wsDr xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing"/>')
    add_part(path, "xl/charts/chart1.xml",
             '<c:chartSpace xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart"><c:chart><c:plotArea>'
             '<c:barChart><c:ser><c:val><c:numRef><c:f>Workings!$B$2</c:f><c:numCache><c:ptCount val="1"/>'
             '<c:pt idx="0"><c:v>LEAK_chart 15</c:v></c:pt></c:numCache></c:numRef></c:val></c:ser></c:barChart>'
             '</c:plotArea></c:chart></c:chartSpace>')
    edit_part(path, SHEET, "</worksheet>", f'<drawing xmlns:r="{REL}" r:id="rId5"/></worksheet>')


def _vba(path: Path) -> None:
    add_part(path, "xl/vbaProject.bin", b"\xd0\xcf\x11\xe0" + "LEAK_vba".encode("utf-16-le"),
             "application/vnd.ms-office.vbaProject")


def _threaded_comment(path: Path) -> None:
    add_part(path, "xl/threadedComments/threadedComment1.xml",
             '<ThreadedComments xmlns="http://schemas.microsoft.com/office/spreadsheetml/2018/threadedcomments">'
             '<threadedComment ref="C4" personId="{1}"><text>LEAK_threaded</text></threadedComment></ThreadedComments>')
    add_part(path, "xl/persons/person.xml", '<personList><person displayName="Jane Smith" userId="jane@council"/>'
                                           "</personList>")


def _unused_string(path: Path) -> None:
    add_part(path, "xl/sharedStrings.xml",
             f'<sst xmlns="{MAIN}" count="1" uniqueCount="1"><si><t>LEAK_stale_string</t></si></sst>')


def _white_run(path: Path) -> None:
    # A shared string whose second run is white: the cell shows "Total " and hides the rest.
    add_part(path, "xl/sharedStrings.xml",
             f'<sst xmlns="{MAIN}" count="1" uniqueCount="1"><si><r><t xml:space="preserve">Total </t></r>'
             '<r><rPr><color rgb="FFFFFFFF"/></rPr><t>LEAK_white_run</t></r></si></sst>',
             "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml")
    edit_part(path, SHEET, '</row><row r="5">', '<c r="F4" t="s"><v>0</v></c></row><row r="5">')


def _zip_comment(path: Path) -> None:
    with zipfile.ZipFile(path, "a") as zf:
        zf.comment = b"LEAK_zip_comment"


def _local_path(path: Path) -> None:
    edit_part(path, "xl/workbook.xml", "<workbookPr",
              '<mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006">'
              '<mc:Choice Requires="x15"><x15ac:absPath xmlns:x15ac="http://schemas.microsoft.com/office/'
              'spreadsheetml/2010/11/ac" url="C:\\Users\\jsmith\\LEAK_path\\"/></mc:Choice></mc:AlternateContent>'
              "<workbookPr")


def _under_a_merge(path: Path) -> None:
    # openpyxl empties the covered cells when it merges, so the merge is added to the XML by hand.
    covered = '<c r="F4" t="inlineStr"><is><t>LEAK_under_merge</t></is></c>'
    edit_part(path, SHEET, '</row><row r="5">', covered + '</row><row r="5">')
    edit_part(path, SHEET, "</sheetData>", '</sheetData><mergeCells count="1"><mergeCell ref="E4:F4"/></mergeCells>')


def _unlisted_sheet(path: Path) -> None:
    add_part(path, "xl/worksheets/sheet7.xml",
             f'<worksheet xmlns="{MAIN}"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>LEAK_unlisted</t></is>'
             "</c></row></sheetData></worksheet>")


def _duplicate_part(path: Path) -> None:
    with zipfile.ZipFile(path, "a") as zf, pytest.warns(UserWarning, match="Duplicate name"):
        zf.writestr("docProps/app.xml", "<Properties><Company>LEAK_duplicate</Company></Properties>")


def _bytes_after_the_zip(path: Path) -> None:
    with path.open("ab") as fh:
        fh.write(b"LEAK_appended")


INJECTED = [
    (_pivot_cache, "LEAK_pivot_child_A", {("xl/pivotCache/pivotCacheDefinition1.xml", "", "forbidden-part"),
                                          ("xl/pivotCache/pivotCacheRecords1.xml", "", "forbidden-part"),
                                          ("xl/workbook.xml", "pivotCaches", "pivot-cache")}),
    (_external_link, "LEAK_external", {("xl/externalLinks/externalLink1.xml", "", "forbidden-part"),
                                       ("xl/externalLinks/_rels/externalLink1.xml.rels", "", "forbidden-part"),
                                       ("xl/externalLinks/_rels/externalLink1.xml.rels", "rId1", "external-target")}),
    (_custom_xml, "LEAK_custom_xml", {("customXml/item1.xml", "", "forbidden-part")}),
    (_chart, "LEAK_chart", {("xl/charts/chart1.xml", "", "forbidden-part"),
                            ("xl/drawings/drawing1.xml", "", "forbidden-part"), (SHEET, "Appendix", "drawing")}),
    (_vba, "LEAK_vba".encode("utf-16-le").decode("latin-1"),
     {("xl/vbaProject.bin", "", "forbidden-part"), ("[Content_Types].xml", "/xl/vbaProject.bin", "macros")}),
    (_threaded_comment, "LEAK_threaded", {("xl/threadedComments/threadedComment1.xml", "", "forbidden-part"),
                                          ("xl/persons/person.xml", "", "forbidden-part"),
                                          ("xl/threadedComments/threadedComment1.xml", "C4", "comment")}),
    (_unused_string, "LEAK_stale_string", {("xl/sharedStrings.xml", "string 0", "unused-string")}),
    (_white_run, "LEAK_white_run", {(SHEET, "Appendix!F4", "invisible-text")}),
    (_zip_comment, "LEAK_zip_comment", {("", "", "zip-comment")}),
    (_under_a_merge, "LEAK_under_merge", {(SHEET, "Appendix!F4", "hidden-by-merge")}),
    (_unlisted_sheet, "LEAK_unlisted", {("xl/worksheets/sheet7.xml", "", "unlisted-sheet")}),
    (_duplicate_part, "LEAK_duplicate", {("docProps/app.xml", "", "duplicate-part")}),
    (_bytes_after_the_zip, "LEAK_appended", {("", "", "data-outside-parts")}),
    (_local_path, "LEAK_path", {("xl/workbook.xml", "AlternateContent", "personal-data")}),
]


@pytest.mark.parametrize("inject, marker, expected", INJECTED, ids=[p[0].__name__.strip("_") for p in INJECTED])
def test_injected_parts_are_found(tmp_path: Path, inject: Callable[[Path], None], marker: str,
                                  expected: set[tuple[str, str, str]]) -> None:
    path = clean_workbook(tmp_path / "injected.xlsx")
    inject(path)
    with zipfile.ZipFile(path) as zf:  # every member, duplicates too, and the raw bytes around them
        inside = "".join(zf.open(info).read().decode("latin-1") for info in zf.infolist())
    assert marker in inside + path.read_bytes().decode("latin-1")
    audit = audit_public(path, organisation=ORG)
    assert expected <= found(audit), sorted(found(audit))


# -- hostile and unusable files ------------------------------------------------------------------------


def test_not_an_xlsx_is_refused_not_audited(tmp_path: Path) -> None:
    path = tmp_path / "notes.xlsx"
    path.write_text("Ref,Indicator\n1,A\n")
    with pytest.raises(UnusableWorkbook) as caught:
        audit_public(path)
    assert caught.value.errors[0].code == "not-a-workbook"
    with pytest.raises(UnusableWorkbook) as missing:
        audit_public(tmp_path / "missing.xlsx")
    assert missing.value.errors[0].code == "file-not-found"


def test_a_zip_bomb_is_refused_from_its_directory_before_anything_is_unpacked(tmp_path: Path) -> None:
    path = clean_workbook(tmp_path / "bomb.xlsx")
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("xl/media/zeros.bin", b"\0" * (210 * 1024 * 1024))
    assert path.stat().st_size < 2 * 1024 * 1024
    start = time.perf_counter()
    with pytest.raises(UnusableWorkbook) as caught:
        audit_public(path)
    assert time.perf_counter() - start < 2
    assert caught.value.errors[0].code == "workbook-too-large"


def test_an_oversized_part_fails_without_being_read(tmp_path: Path) -> None:
    path = clean_workbook(tmp_path / "big.xlsx")
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("xl/worksheets/sheet9.xml", b" " * (25 * 1024 * 1024))
    assert ("xl/worksheets/sheet9.xml", "", "unreadable-part") in found(audit_public(path, organisation=ORG))


def test_entity_expansion_is_refused_and_reported(tmp_path: Path) -> None:
    path = clean_workbook(tmp_path / "laughs.xlsx")
    bomb = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
            '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]><sst>&lol2;</sst>')
    add_part(path, "xl/sharedStrings.xml", bomb)
    assert ("xl/sharedStrings.xml", "", "unreadable-part") in found(audit_public(path, organisation=ORG))


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16"])
def test_a_document_type_in_any_encoding_is_reported(tmp_path: Path, encoding: str) -> None:
    path = clean_workbook(tmp_path / "dtd.xlsx")
    declared = f'<?xml version="1.0" encoding="{encoding}"?><!DOCTYPE sst><sst/>'.encode(encoding)
    add_part(path, "xl/sharedStrings.xml", declared)
    assert ("xl/sharedStrings.xml", "", "unreadable-part") in found(audit_public(path, organisation=ORG))


def test_deep_nesting_and_damaged_parts_do_not_crash(tmp_path: Path) -> None:
    path = clean_workbook(tmp_path / "deep.xlsx")
    add_part(path, "customXml/item1.xml", "<a>" * 50_000 + "x" + "</a>" * 50_000)
    parts = zip_parts(path)
    parts[SHEET] = parts[SHEET][: len(parts[SHEET]) // 2]  # cut off mid-element
    rewrite(path, parts)
    audit = audit_public(path, organisation=ORG)
    assert {("customXml/item1.xml", "", "forbidden-part"), (SHEET, "", "unreadable-part")} <= found(audit)


def test_a_column_width_is_never_taken_for_a_withheld_figure() -> None:
    """A large workbook's SPC limits have many decimals: one matched a column's width (12.7109375)."""
    from xml.etree.ElementTree import fromstring

    from scrutiny_desktop.audit.xlsx import _texts

    sheet = fromstring('<worksheet><cols><col min="2" max="2" width="12.7109375"/></cols>'
                       '<pageMargins left="0.7087" right="0.7087"/><mystery value="12.7109375"/></worksheet>')
    found = list(_texts("xl/worksheets/sheet1.xml", sheet, allowed=True))
    assert [where for where, _, _ in found] == ["mystery@value"]  # an attribute of no known layout is searched
