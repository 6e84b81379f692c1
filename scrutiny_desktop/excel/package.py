"""The .xlsx file as a zip package: checked before any cell is parsed.

Everything here reads raw bytes held in memory, so the source file is opened once, read,
and closed: it is never written to and never left locked. The checks answer quickly even
for hostile files (a zip bomb, a cell at XFD1048576, an encrypted or renamed file).
"""

from __future__ import annotations

import contextlib
import io
import re
import warnings
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import IO, TYPE_CHECKING
from xml.etree import ElementTree
from xml.parsers import expat

from defusedxml import ElementTree as SafeET
from openpyxl.cell.read_only import ReadOnlyCell
from openpyxl.reader import strings as _openpyxl_strings
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils.cell import column_index_from_string, coordinate_to_tuple
from openpyxl.worksheet import _read_only as _openpyxl_read_only
from openpyxl.worksheet import _reader as _openpyxl_sheets
from openpyxl.worksheet._reader import _cast_number

from scrutiny_desktop.domain.problems import Problem, UnusableWorkbook, error
from scrutiny_desktop.excel.cells import column_index
from scrutiny_desktop.opc import resolve_part

if TYPE_CHECKING:
    from openpyxl import Workbook

MAX_FILE_BYTES = 100 * 1024 * 1024
MAX_UNZIPPED_BYTES = 1024 * 1024 * 1024
MAX_PART_BYTES = 400 * 1024 * 1024
MAX_ROWS = 100_000
MAX_COLUMNS = 1_000
MAX_SCANNED_SHEET_BYTES = 64 * 1024 * 1024  # beyond this, a sheet past the limits is refused unread

_CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_NS_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_NS_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_NS_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_CELL = re.compile(r"([A-Z]{1,3})([0-9]+)")
_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\s+ref="([A-Z0-9:$]+)"')
_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\s+ref="([A-Z]+[0-9]+)(?::([A-Z]+[0-9]+))?"')
_COL = re.compile(rb"<(?:\w+:)?col\s([^>]*)>")
_ROW = re.compile(rb"<(?:\w+:)?row\s([^>]*)>")
_ATTR = re.compile(rb'(\w+)="([^"]*)"')
_FORMULA_CELL = re.compile(rb"<(?:\w+:)?c\s([^>]*?)(?<!/)>(.*?)</(?:\w+:)?c>", re.S)
_HAS_FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")
_HAS_VALUE = re.compile(rb"<(?:\w+:)?v>[^<]")
_OFFICE_DOCUMENT = "/officeDocument"  # the end of the main part's relationship type (transitional or strict)
_XLSB_WORKBOOK = ".bin"
SAVE_AGAIN = "Open it in Excel, save it again as .xlsx, and retry."


def damaged(name: str, what: str, sheet: str = "", cell: str = "") -> UnusableWorkbook:
    """The refusal of a damaged file: "<name> is damaged: <what>. Open it in Excel, save it again ..."."""
    return UnusableWorkbook([error("not-a-workbook", f"{name} is damaged: {what}. {SAVE_AGAIN}", sheet, cell)])


# No part of a workbook may declare a document type: OOXML has no DTDs, and a DTD is where entity
# bombs and external entities live. `open_package` refuses any part that declares one before openpyxl
# parses anything, which lets openpyxl read worksheets and shared strings with the standard library's
# C parser instead of defusedxml's pure-Python one. defusedxml still parses the small parts
# (workbook, styles) inside openpyxl; the audit reads every part with `parse_part`.
_openpyxl_sheets.iterparse = ElementTree.iterparse
_openpyxl_strings.iterparse = ElementTree.iterparse
_XML_PARTS = (".xml", ".rels", ".vml")


class _Prolog(Exception):
    """The parser reached the first element (or a DTD): the prolog has been read."""


def declares_doctype(stream: IO[bytes]) -> bool:
    """Whether an XML document declares a document type; reads only up to its first element.

    expat reads the document's own encoding (UTF-16 too), so no byte pattern can hide a DTD from it.
    A document that is not well-formed before its first element is left to the real parser to refuse.
    """
    found = False

    def doctype(*_args: object) -> None:
        nonlocal found
        found = True
        raise _Prolog

    def element(*_args: object) -> None:
        raise _Prolog

    parser = expat.ParserCreate()
    parser.StartDoctypeDeclHandler = doctype
    parser.StartElementHandler = element
    try:
        while chunk := stream.read(65536):
            parser.Parse(chunk, False)
        parser.Parse(b"", True)
    except _Prolog:
        pass
    except expat.ExpatError:
        pass
    return found


def parse_part(data: bytes) -> ElementTree.Element:
    """An XML part as a tree, read by the C parser once it is known to declare no DTD (else ValueError)."""
    if declares_doctype(io.BytesIO(data)):
        raise ValueError("the part declares a document type (DTD)")
    return ElementTree.fromstring(data)


def doctype_parts(zf: zipfile.ZipFile) -> list[str]:
    """The XML parts of a package that declare a document type (none, in any real workbook)."""
    found = []
    for info in zf.infolist():
        if info.filename.lower().endswith(_XML_PARTS):
            with zf.open(info) as member:
                if declares_doctype(member):
                    found.append(info.filename)
    return found


def split_cell(ref: str) -> tuple[int, int]:
    """"H12" -> (12, 8)."""
    m = _CELL.fullmatch(ref.replace("$", ""))
    if not m:
        raise ValueError(f"not a cell reference: {ref}")
    return int(m.group(2)), column_index(m.group(1))


@dataclass(frozen=True)
class SheetPart:
    name: str
    part: str  # zip member, e.g. "xl/worksheets/sheet1.xml"
    state: str  # "visible", "hidden", "veryHidden"
    rows: int | None  # from the <dimension> element, when there is one
    columns: int | None

    @property
    def visible(self) -> bool:
        return self.state == "visible"


@dataclass
class SheetSurvey:
    """What openpyxl's read-only mode does not tell: merges, hidden columns and rows, uncalculated formulas."""

    merged: list[tuple[int, int, int, int]] = field(default_factory=list)  # min_row, min_col, max_row, max_col
    hidden_columns: set[int] = field(default_factory=set)
    hidden_rows: set[int] = field(default_factory=set)
    uncalculated: set[tuple[int, int]] = field(default_factory=set)  # (row, col) of formulas with no cached value


@dataclass
class Package:
    """The workbook's bytes, opened as a zip, with its worksheets listed."""

    path: Path
    data: bytes
    zip: zipfile.ZipFile
    sheets: list[SheetPart]
    _surveys: dict[str, SheetSurvey] = field(default_factory=dict, repr=False)

    def survey(self, sheet: SheetPart) -> SheetSurvey:
        if sheet.part not in self._surveys:
            self._surveys[sheet.part] = _survey(self.zip.read(sheet.part))
        return self._surveys[sheet.part]

    def stream(self) -> io.BytesIO:
        return io.BytesIO(self.data)


def _tag_matches(xml: bytes, pattern: re.Pattern[bytes], name: bytes) -> Iterator[re.Match[bytes]]:
    """`pattern.finditer(xml)` for a pattern of a tag, `<(?:\\w+:)?name...`, tried only where such a tag can start.

    A match starts at a '<' followed by the name, or by a prefix of word characters and ':' before it: at
    an occurrence of "<name", or at the last '<' before an occurrence of ":name". Trying those places in
    order, each after the end of the match before, finds what scanning every '<' of a large sheet finds.
    """
    starts = set()
    for needle in (b"<" + name, b":" + name):
        at = xml.find(needle)
        while at >= 0:
            starts.add(at if needle[0] == 60 else xml.rfind(b"<", 0, at))  # 60: "<"
            at = xml.find(needle, at + 1)
    end = 0
    for start in sorted(starts):
        if start < end or start < 0:
            continue
        m = pattern.match(xml, start)
        if m is not None:
            yield m
            end = m.end()


def _survey(xml: bytes) -> SheetSurvey:
    survey = SheetSurvey()
    for m in _tag_matches(xml, _MERGE, b"mergeCell"):
        r1, c1 = split_cell(m.group(1).decode())
        r2, c2 = split_cell(m.group(2).decode()) if m.group(2) else (r1, c1)
        survey.merged.append((r1, c1, r2, c2))
    for m in _tag_matches(xml, _COL, b"col"):
        attrs = dict(_ATTR.findall(m.group(1)))
        if attrs.get(b"hidden") in (b"1", b"true") and b"min" in attrs and b"max" in attrs:
            lo, hi = int(attrs[b"min"]), min(int(attrs[b"max"]), MAX_COLUMNS)
            survey.hidden_columns.update(range(lo, hi + 1))
    if b"hidden" in xml:
        for m in _tag_matches(xml, _ROW, b"row"):
            if b"hidden" not in m.group(1):
                continue  # no hidden attribute to read
            attrs = dict(_ATTR.findall(m.group(1)))
            if attrs.get(b"hidden") in (b"1", b"true") and b"r" in attrs:
                survey.hidden_rows.add(int(attrs[b"r"]))
    # A formula's tag is "<f" or "<prefix:f": without either, there is none to look for.
    if (b"<f" in xml or b":f" in xml) and _HAS_FORMULA.search(xml):
        for m in _FORMULA_CELL.finditer(xml):
            body = m.group(2)
            if _HAS_FORMULA.search(body) and not _HAS_VALUE.search(body):
                attrs = dict(_ATTR.findall(m.group(1)))
                if b"r" in attrs:
                    survey.uncalculated.add(split_cell(attrs[b"r"].decode()))
    return survey


def _too_large(sheet: SheetPart) -> bool:
    return (sheet.rows or 0) > MAX_ROWS or (sheet.columns or 0) > MAX_COLUMNS


def members_size(zf: zipfile.ZipFile, part: str) -> int:
    return zf.getinfo(part).file_size


# A cell with content: a value, inline text or a formula. `<c r="AMJ1" s="3"/>` holds nothing.
_CONTENT_CELL = re.compile(rb"<(?:\w+:)?c\s([^>]*?)(?<!/)>(.*?)</(?:\w+:)?c>", re.S)
_HAS_CONTENT = re.compile(rb"<(?:\w+:)?(?:v|t)>[^<]|<(?:\w+:)?f[\s>/]")
_REF_ATTR = re.compile(rb'\br="([A-Z]{1,3})([0-9]+)"')


def filled_extent(xml: bytes) -> tuple[int | None, int | None]:
    """The last row and column of a sheet's cells that hold something; (None, None) when some cell with
    content does not say where it is (the position is then implicit, and the dimension stands)."""
    rows = columns = 1
    for m in _CONTENT_CELL.finditer(xml):
        if not _HAS_CONTENT.search(m.group(2)):
            continue
        ref = _REF_ATTR.search(m.group(1))
        if ref is None:
            return None, None
        rows = max(rows, int(ref.group(2)))
        columns = max(columns, column_index(ref.group(1).decode()))
    return rows, columns


def _dimension(head: bytes) -> tuple[int | None, int | None]:
    m = _DIMENSION.search(head)
    if not m:
        return None, None
    last = m.group(1).decode().split(":")[-1]
    try:
        return split_cell(last)
    except ValueError:
        return None, None


_CELL_REF = re.compile(rb'<(?:\w+:)?c\s[^>]*?r="([A-Z]{1,3})([0-9]+)"')


def _extent(xml: bytes) -> tuple[int | None, int | None]:
    """The used range of a sheet that has no <dimension> element, from its cells."""
    rows = columns = 0
    for m in _CELL_REF.finditer(xml):
        rows = max(rows, int(m.group(2)))
        columns = max(columns, column_index(m.group(1).decode()))
    return (rows, columns) if rows else (None, None)


def open_zip(path: Path) -> tuple[bytes, zipfile.ZipFile]:
    """The file's bytes and zip, once it is known to be an .xlsx of a sane size (else `UnusableWorkbook`).

    Nothing is unpacked here: sizes are checked from the zip's directory first, so a zip bomb is
    refused before any part is read.
    """
    name = path.name
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise UnusableWorkbook(
            [error("file-not-found", f"There is no file at {path}. Check the name and folder.")]
        ) from None
    except OSError as exc:
        raise UnusableWorkbook([error("not-a-workbook", f"{name} cannot be opened ({exc.strerror}).")]) from None
    if path.is_dir():
        raise UnusableWorkbook([error("not-a-workbook", f"{path} is a folder, not an Excel workbook.")])
    if size > MAX_FILE_BYTES:
        raise UnusableWorkbook([error(
            "workbook-too-large",
            f"{name} is {size / 1024 / 1024:.0f} MB, far beyond a KPI workbook "
            f"(limit {MAX_FILE_BYTES // 1024 // 1024} MB). "
            "Copy the indicator table into a new workbook and open that.",
        )])
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UnusableWorkbook([error("not-a-workbook", f"{name} cannot be read ({exc.strerror}).")]) from None
    refusal = _not_a_zip(name, data)
    if refusal:
        raise UnusableWorkbook([refusal])
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        members = {info.filename: info for info in zf.infolist()}
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError):
        raise damaged(name, "it is not a readable .xlsx file") from None
    if any("\\" in n for n in members):
        # Some writers store part names with Windows backslashes; the package is otherwise sound.
        data, zf = _forward_slashes(zf)
        members = {info.filename: info for info in zf.infolist()}
    try:
        main = workbook_part(zf)
    except Exception:  # noqa: BLE001 - a damaged _rels/.rels is a damaged package
        raise damaged(name, "its list of parts (_rels/.rels) cannot be read") from None
    if main is None or main not in members or main.endswith(_XLSB_WORKBOOK):
        raise UnusableWorkbook([error("not-a-workbook", _what_zip_it_is(name, zf, members, main))])
    unzipped = sum(info.file_size for info in members.values())
    if unzipped > MAX_UNZIPPED_BYTES or any(i.file_size > MAX_PART_BYTES for i in members.values()):
        raise UnusableWorkbook([error(
            "workbook-too-large",
            f"{name} unpacks to {unzipped / 1024 / 1024:.0f} MB, far beyond a KPI workbook. "
            "Copy the indicator table into a new workbook and open that.",
        )])
    return data, zf


def open_package(path: Path) -> Package:
    """Read and check the file; raise `UnusableWorkbook` with every reason it cannot be used."""
    name = path.name
    data, zf = open_zip(path)
    problems: list[Problem] = []
    try:
        unsafe = doctype_parts(zf)
    except Exception:  # noqa: BLE001 - a part that cannot be unpacked means a damaged file
        raise damaged(name, "one of its parts cannot be unpacked") from None
    if unsafe:
        raise UnusableWorkbook([error(
            "not-a-workbook",
            f"{name} cannot be read safely: its part {unsafe[0]} declares a document type (DTD), which no Excel "
            "workbook has and which can hide entity expansions. Open it in Excel, save it again as .xlsx, and "
            "retry.",
        )])
    try:
        sheets = _sheets(zf, {info.filename: info for info in zf.infolist()})
    except Exception as exc:  # noqa: BLE001 - any XML fault here means a damaged file
        raise damaged(name, f"its list of sheets cannot be read ({type(exc).__name__})") from None
    for index, sheet in enumerate(sheets):
        if not sheet.visible:
            continue
        if _too_large(sheet) and members_size(zf, sheet.part) <= MAX_SCANNED_SHEET_BYTES:
            # Formatting carried far to the right or down (LibreOffice, Ctrl+End far away) widens the
            # used range with styled empty cells: only cells that hold something count.
            rows, columns = filled_extent(zf.read(sheet.part))
            if rows is not None:
                sheet = sheets[index] = replace(sheet, rows=rows, columns=columns)
        if _too_large(sheet):
            problems.append(error(
                "workbook-too-large",
                f"Sheet '{sheet.name}' reaches row {sheet.rows:,} and column {sheet.columns:,}, far beyond a KPI "
                f"table (limit {MAX_ROWS:,} rows, {MAX_COLUMNS:,} columns). In Excel press Ctrl+End on that sheet to "
                "find the stray cells, delete the rows and columns beyond the table, and save again.",
                sheet=sheet.name,
            ))
    if problems:
        raise UnusableWorkbook(problems)
    return Package(path, data, zf, sheets)


def _not_a_zip(name: str, data: bytes) -> Problem | None:
    if not data:
        return error("not-a-workbook", f"{name} is empty (0 bytes). Save the workbook again from Excel.")
    if data.startswith(_CFB_MAGIC):
        if "EncryptionInfo".encode("utf-16-le") in data or "EncryptedPackage".encode("utf-16-le") in data:
            return error(
                "encrypted-workbook",
                f"{name} is protected with a password. Remove the password in Excel "
                "(File > Info > Protect Workbook > Encrypt with Password, clear it), save, and retry.",
            )
        return error(
            "not-a-workbook",
            f"{name} is an old-style Excel 97-2003 (.xls) file. Open it in Excel and use "
            "Save As > Excel Workbook (.xlsx), then open the .xlsx.",
        )
    if not data.startswith(b"PK"):
        head = data[:2048]
        if b"<html" in head.lower() or b"<!doctype" in head.lower():
            kind = "a web page (HTML) saved with an Excel name"
        elif _looks_like_text(head):
            kind = "a text or CSV file, not an Excel workbook"
        else:
            kind = "not an Excel workbook"
        return error(
            "not-a-workbook",
            f"{name} is {kind}. Open it in Excel and save it as an Excel Workbook (.xlsx).",
        )
    return None


def _looks_like_text(head: bytes) -> bool:
    try:
        head.decode("utf-8")
    except UnicodeDecodeError:
        try:
            head.decode("utf-16")
        except UnicodeDecodeError:
            return False
    return b"\x00" not in head or head[:2] in (b"\xff\xfe", b"\xfe\xff")


def _sheets(zf: zipfile.ZipFile, members: dict[str, zipfile.ZipInfo]) -> list[SheetPart]:
    main = workbook_part(zf) or "xl/workbook.xml"
    workbook = SafeET.fromstring(zf.read(main))
    targets = relationships(zf, main)
    sheets: list[SheetPart] = []
    for node in workbook.iter():
        if _local(node.tag) != "sheet":
            continue
        kind, part = targets.get(_attr(node, "id") or "", ("", ""))
        if not kind.endswith("/worksheet") or part not in members:
            continue  # a chart sheet, or a dangling relationship
        with zf.open(part) as fh:
            head = fh.read(65536)
        rows, columns = _dimension(head)
        if rows is None and node.get("state", "visible") == "visible":
            rows, columns = _extent(zf.read(part))
        sheets.append(SheetPart(node.get("name", "?"), part, node.get("state", "visible"), rows, columns))
    return sheets


# -- where the parts are -------------------------------------------------------------------------


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _attr(node: ElementTree.Element, name: str) -> str | None:
    """An attribute by its local name, whatever its namespace (r:id, or strict OOXML's)."""
    for key, value in node.attrib.items():
        if _local(key) == name:
            return value
    return None


def relationships(zf: zipfile.ZipFile, part: str) -> dict[str, tuple[str, str]]:
    """A part's relationships: id -> (type, target part). None when the part has no relationships file."""
    folder, _, file = part.rpartition("/")
    rels_name = member(zf, f"{folder}/_rels/{file}.rels" if folder else f"_rels/{file}.rels")
    if rels_name is None:
        return {}
    found: dict[str, tuple[str, str]] = {}
    for rel in SafeET.fromstring(zf.read(rels_name)).iter():
        if _local(rel.tag) == "Relationship" and rel.get("TargetMode", "Internal") != "External":
            target = resolve_part(part, rel.get("Target", ""))
            found[rel.get("Id", "")] = (rel.get("Type", ""), member(zf, target) or target)
    return found


def member(zf: zipfile.ZipFile, name: str) -> str | None:
    """The zip member a part name means. Part names are case-insensitive (OPC), and some writers
    change the case between a relationship and the part."""
    names = zf.namelist()
    if name in names:
        return name
    lowered = name.lower()
    return next((n for n in names if n.lower() == lowered), None)


def workbook_part(zf: zipfile.ZipFile) -> str | None:
    """The workbook's main part, as the package's own relationships name it (usually xl/workbook.xml)."""
    for kind, target in relationships(zf, "").values():
        if kind.endswith(_OFFICE_DOCUMENT):
            return target
    return member(zf, "xl/workbook.xml")


def related_part(zf: zipfile.ZipFile, main: str, kind: str) -> str | None:
    """The workbook's part of a kind ("styles", "sharedStrings"), when it has one that exists."""
    names = set(zf.namelist())
    for rel_kind, target in relationships(zf, main).values():
        if rel_kind.endswith("/" + kind) and target in names:
            return target
    return None


def _forward_slashes(zf: zipfile.ZipFile) -> tuple[bytes, zipfile.ZipFile]:
    """The package again with '/' in every part name (the sizes were checked from the directory)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as fixed:
        for info in zf.infolist():
            if not info.is_dir():
                fixed.writestr(info.filename.replace("\\", "/").lstrip("/"), zf.read(info))
    data = out.getvalue()
    return data, zipfile.ZipFile(io.BytesIO(data))


def _what_zip_it_is(name: str, zf: zipfile.ZipFile, members: dict[str, zipfile.ZipInfo], main: str | None) -> str:
    """Why a zip that is not an .xlsx cannot be read, naming what it is when that can be told."""
    if main is not None and main.endswith(_XLSB_WORKBOOK):
        return (f"{name} is an Excel Binary Workbook (.xlsb), which Scrutiny Desktop does not read. Open it in "
                "Excel and use File > Save As > Excel Workbook (.xlsx), then open the .xlsx.")
    if "mimetype" in members and b"opendocument.spreadsheet" in zf.read("mimetype")[:200]:
        return (f"{name} is an OpenDocument (.ods) spreadsheet. Open it in LibreOffice Calc or Excel and save it "
                "as an Excel Workbook (.xlsx), then open the .xlsx.")
    if "word/document.xml" in members:
        return f"{name} is a Word document, not an Excel workbook."
    if "ppt/presentation.xml" in members:
        return f"{name} is a PowerPoint presentation, not an Excel workbook."
    if main is not None:
        return f"{name} is damaged: its workbook part {main} is missing. {SAVE_AGAIN}"
    return f"{name} is a zip file but not an Excel workbook (.xlsx): it has no workbook part."


# -- loading for the reader ------------------------------------------------------------------------


class CellUnreadable(Exception):
    """A cell of a worksheet that openpyxl cannot parse (a shared string that is not there, a bad date)."""

    def __init__(self, part: str, cell: str) -> None:
        super().__init__(f"{part} {cell}")
        self.part = part
        self.cell = cell


# Worksheet elements that say nothing about the cells the review reads: read-only parsing skips them,
# so a conditional format or a print setting openpyxl cannot parse never stops a workbook being read.
_SKIPPED_TAGS = frozenset(
    getattr(_openpyxl_sheets, name) for name in (
        "COL_TAG", "PROT_TAG", "EXT_TAG", "CF_TAG", "LEGACY_TAG", "ROW_BREAK_TAG", "COL_BREAK_TAG",
        "CUSTOM_VIEWS_TAG", "PRINT_TAG", "MARGINS_TAG", "PAGE_TAG", "HEADER_TAG", "FILTER_TAG", "VALIDATION_TAG",
        "PROPERTIES_TAG", "VIEWS_TAG", "FORMAT_TAG", "SCENARIOS_TAG", "TABLE_TAG", "HYPERLINK_TAG", "MERGE_TAG",
    )
)


class _CellRowsParser(_openpyxl_sheets.WorkSheetParser):
    """openpyxl's read-only worksheet parser, reading the rows of cells and nothing else.

    Merges, hidden rows and columns come from `SheetSurvey`; everything else in a worksheet is
    presentation. A cell that cannot be parsed raises `CellUnreadable` naming it.
    """

    def parse(self):  # type: ignore[no-untyped-def]
        part = str(getattr(self.source, "name", ""))
        row_tag = _openpyxl_sheets.ROW_TAG
        for _event, element in ElementTree.iterparse(self.source):
            tag = element.tag
            if tag == row_tag:
                try:
                    row = self.parse_row(element)
                except _CELL_FAULTS as exc:
                    raise CellUnreadable(part, self._faulty_cell(element)) from exc
                element.clear()
                yield row
            elif tag in _SKIPPED_TAGS:
                element.clear()

    def parse_cell(self, element):  # type: ignore[no-untyped-def]
        """openpyxl's `parse_cell`, with a lean path for the cells a KPI table is made of.

        A number (not date-formatted), a shared string, an error text, a formula's cached text and a plain
        inline string (`<is><t>..</t></is>`) are read here, as openpyxl reads them but without its per-cell
        overhead (`Text.from_tree` builds objects for every inline string). Anything else (formulas while
        formulas are kept, dates, booleans, rich or phonetic inline text, a cell laid out in any other way)
        is left to openpyxl's own `parse_cell`, so it is read exactly as before. An empty cell holds None.
        tests/excel/test_cell_parser.py checks both paths give the same on crafted cells.
        """
        get = element.get
        data_type = get("t", "n")
        coordinate = get("r")
        style_id = get("s", 0)
        if style_id:
            style_id = int(style_id)
        if len(element) == 0:  # `<c r="B2" s="3"/>`: no value, no formula
            value = None
        elif len(element) == 1:
            child = element[0]
            tag = child.tag
            if tag == _VALUE_TAG and data_type != "inlineStr":
                value = child.text or None
                if value is None:
                    pass
                elif data_type == "n":
                    if style_id in self.date_formats:
                        return super().parse_cell(element)  # a date: openpyxl converts it
                    value = _cast_number(value)
                elif data_type == "s":
                    value = self.shared_strings[int(value)]
                elif data_type == "str":
                    data_type = "s"
                elif data_type != "e":  # "b", "d" and anything unusual: openpyxl's reading
                    return super().parse_cell(element)
            elif (tag == _INLINE_TAG and data_type == "inlineStr" and not self.rich_text and not child.attrib
                  and len(child) == 1 and child[0].tag == _TEXT_TAG and len(child[0]) == 0):
                # openpyxl's Text.content of a lone <t>: its text, "" when it has none.
                text = child[0].text
                value = "" if text is None else text
                data_type = "s"
            else:
                return super().parse_cell(element)
        else:  # a formula beside its value, rich text, ...
            return super().parse_cell(element)
        if coordinate:
            letters = coordinate.rstrip(_DIGITS)
            column = _COLUMNS.get(letters) or _column_number(letters)
            digits = coordinate[len(letters):]
            if column is not None and digits.isascii() and digits.isdigit():
                row = int(digits)
            else:  # a reference in any other form ("b2", "$B$2", damaged): as openpyxl reads it, or fails
                row, column = coordinate_to_tuple(coordinate)
            self.col_counter = column
        else:
            self.col_counter += 1
            row, column = self.row_counter, self.col_counter
        return {"row": row, "column": column, "value": value, "data_type": data_type, "style_id": style_id}

    def _faulty_cell(self, row: ElementTree.Element) -> str:
        """Which cell of a row that could not be parsed is at fault (only looked for then: no cost per cell).

        An empty style (s="") needs no help here: openpyxl leaves it "", and `_style_array` gives the default.
        """
        for cell in row:
            try:
                self.parse_cell(cell)
            except _CELL_FAULTS:
                return cell.get("r") or f"row {row.get('r', '?')}"
        return f"row {row.get('r', '?')}"


_VALUE_TAG = _openpyxl_sheets.VALUE_TAG
_INLINE_TAG = _openpyxl_sheets.INLINE_STRING
_TEXT_TAG = _openpyxl_sheets.VALUE_TAG[:-1] + "t"  # <t>, in the worksheet's namespace
_DIGITS = "0123456789"
# Column letters met so far, as openpyxl numbers them ("A" -> 1, "AA" -> 27).
_COLUMNS: dict[str, int] = {}


def _column_number(letters: str) -> int | None:
    """The number of plain upper-case column letters (A to ZZZ, as openpyxl allows); None for anything
    else, which is then left to openpyxl's coordinate_to_tuple to read or refuse."""
    if not (0 < len(letters) <= 3 and letters.isascii() and letters.isalpha() and letters.isupper()):
        return None
    number = _COLUMNS[letters] = column_index_from_string(letters)
    return number


# What openpyxl raises for a cell whose value does not fit its type (a shared string that is not there,
# a date that is no date, a row number that is no number).
_CELL_FAULTS = (ValueError, TypeError, IndexError, KeyError, OverflowError)


_openpyxl_read_only.WorkSheetParser = _CellRowsParser


def _style_array(cell: ReadOnlyCell) -> StyleArray:
    """A read-only cell's format; one naming a format that is not there (s="", or past the end of the
    stylesheet's list) has the default, as Excel reads it. Replaces openpyxl's property of the same name,
    which raised, at the cost of nothing per cell."""
    try:
        return cell.parent.parent._cell_styles[cell._style_id]
    except (IndexError, TypeError):
        return StyleArray()


ReadOnlyCell.style_array = property(_style_array)


def cell_rows(ws: object, max_row: int | None, max_col: int) -> Iterator[list[dict[str, object]]]:
    """The parsed cells of a read-only sheet, row by row from row 1, as `ws.iter_rows(min_row=1,
    max_row=max_row, max_col=max_col)` walks them (a missing row is an empty list), without a
    `ReadOnlyCell` made for each cell. Each cell is openpyxl's dict (column, value, style_id, ...), in
    the file's order; cells beyond `max_col` are the caller's to drop. `max_col` must be at least 1.

    The walk is openpyxl's `ReadOnlyWorksheet._cells_by_row`, step for step: the rows to `max_row` (the
    sheet's dimension when None), a row out of order skipped, and empty rows up to `max_row` only when the
    sheet holds rows beyond it.
    """
    max_row = max_row or ws.max_row  # type: ignore[attr-defined]
    wb = ws.parent  # type: ignore[attr-defined]
    counter = idx = 1
    with ws._get_source() as src:  # type: ignore[attr-defined]
        parser = _CellRowsParser(src, ws._shared_strings, data_only=wb.data_only,  # type: ignore[attr-defined]
                                 epoch=wb.epoch, date_formats=wb._date_formats,
                                 timedelta_formats=wb._timedelta_formats)
        for idx, row in parser.parse():
            if max_row is not None and idx > max_row:
                break
            for _ in range(counter, idx):  # rows the file leaves out
                counter += 1
                yield []
            if counter <= idx:
                counter += 1
                yield row
    if max_row is not None and max_row < idx:
        for _ in range(counter, max_row + 1):
            yield []


def number_format(ws: object, style_id: object) -> str | None:
    """The number format of a read-only sheet's cells of a style, as `ReadOnlyCell.number_format` gives it."""
    return getattr(ReadOnlyCell(ws, 1, 1, None, "n", style_id), "number_format", None)


@contextlib.contextmanager
def _quiet() -> Iterator[None]:
    """openpyxl warns, and in places prints, about what it skips: none of that may reach our stdout."""
    with warnings.catch_warnings(), contextlib.redirect_stdout(io.StringIO()):
        warnings.simplefilter("ignore")
        yield


def load_workbook(package: Package) -> Workbook:
    """The workbook for reading cells (openpyxl read-only, cached values), built from the parts we located.

    Only what the review reads is parsed: the sheets (already listed), the shared strings, the
    number formats and the date system. Raises `UnusableWorkbook` naming the part that cannot be read.
    """
    from openpyxl import Workbook
    from openpyxl.reader.strings import read_string_table
    from openpyxl.worksheet._read_only import ReadOnlyWorksheet

    name = package.path.name
    zf = package.zip
    main = workbook_part(zf) or "xl/workbook.xml"
    with _quiet():
        wb = Workbook()
        wb._sheets = []
        wb._read_only = True
        wb._data_only = True
        wb._archive = zf
        if _true(_attr_of(zf, main, "workbookPr", "date1904")):
            from openpyxl.utils.datetime import CALENDAR_MAC_1904

            wb.epoch = CALENDAR_MAC_1904
        strings: list[str] = []
        strings_part = related_part(zf, main, "sharedStrings")
        if strings_part is not None:
            try:
                with zf.open(strings_part) as src:
                    strings = read_string_table(src)
            except Exception:  # noqa: BLE001 - any fault in the part: the program's own words
                raise damaged(name, f"its shared text ({strings_part}) cannot be read, so the text of its "
                                    "cells is unknown") from None
        _apply_number_formats(wb, zf, related_part(zf, main, "styles"), name)
        for sheet in package.sheets:
            try:
                ws = ReadOnlyWorksheet(wb, sheet.name, sheet.part, strings)  # reads the sheet's <dimension>
            except Exception:  # noqa: BLE001 - any fault in the part: the program's own words
                raise damaged(name, f"sheet '{sheet.name}' ({sheet.part}) cannot be read", sheet.name) from None
            ws.sheet_state = sheet.state
            wb._sheets.append(ws)
    return wb


def _true(value: str | None) -> bool:
    return value is not None and value.strip().lower() in ("1", "true")


def _attr_of(zf: zipfile.ZipFile, part: str, element: str, attribute: str) -> str | None:
    for node in SafeET.fromstring(zf.read(part)).iter():
        if _local(node.tag) == element:
            return _attr(node, attribute)
    return None


def _apply_number_formats(wb: Workbook, zf: zipfile.ZipFile, part: str | None, name: str) -> None:
    """The cell formats from the styles part. Fonts, fills and named styles do not matter to the review:
    when openpyxl cannot read the whole stylesheet, the number formats alone are read."""
    if part is None:
        return
    from openpyxl.styles.stylesheet import Stylesheet

    try:
        sheet = Stylesheet.from_tree(parse_part(zf.read(part)))
        if sheet.cell_styles:  # as openpyxl: a stylesheet without cell formats leaves the defaults
            wb._cell_styles = sheet.cell_styles
            wb._number_formats = sheet.number_formats
            wb._date_formats = sheet.date_formats
            wb._timedelta_formats = sheet.timedelta_formats
        return
    except Exception:  # noqa: BLE001 - read the number formats alone, below
        pass
    try:
        _number_formats_only(wb, parse_part(zf.read(part)))
    except Exception:  # noqa: BLE001 - any fault in the part: the program's own words
        raise damaged(name, f"its cell formats ({part}) cannot be read, so percentages and dates cannot be "
                            "told from plain numbers") from None


def _number_formats_only(wb: Workbook, root: ElementTree.Element) -> None:
    from openpyxl.styles.numbers import (
        BUILTIN_FORMATS,
        BUILTIN_FORMATS_MAX_SIZE,
        BUILTIN_FORMATS_REVERSE,
        is_date_format,
        is_timedelta_format,
    )
    from openpyxl.utils.indexed_list import IndexedList

    custom = {int(_attr(n, "numFmtId") or 0): _attr(n, "formatCode") or "General"
              for n in root.iter() if _local(n.tag) == "numFmt"}
    cell_xfs = next((n for n in root if _local(n.tag) == "cellXfs"), None)
    styles: list[StyleArray] = []
    formats: IndexedList[str] = IndexedList()
    dates: set[int] = set()
    durations: set[int] = set()
    for index, xf in enumerate(n for n in (cell_xfs if cell_xfs is not None else []) if _local(n.tag) == "xf"):
        number = int(_attr(xf, "numFmtId") or 0)
        if number in custom:
            code = custom[number]
            builtin = BUILTIN_FORMATS_REVERSE.get(code)
            number = builtin if builtin is not None else formats.add(code) + BUILTIN_FORMATS_MAX_SIZE
        else:
            code = BUILTIN_FORMATS.get(number, "General")
        style = StyleArray()
        style.numFmtId = number
        styles.append(style)
        if is_date_format(code):
            dates.add(index)
        if is_timedelta_format(code):
            durations.add(index)
    wb._cell_styles = styles or [StyleArray()]
    wb._number_formats = formats
    wb._date_formats = dates
    wb._timedelta_formats = durations
