"""The .xlsx file as a zip package: checked before any cell is parsed.

Everything here reads raw bytes held in memory, so the source file is opened once, read,
and closed: it is never written to and never left locked. The checks answer quickly even
for hostile files (a zip bomb, a cell at XFD1048576, an encrypted or renamed file).
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import IO
from xml.etree import ElementTree
from xml.parsers import expat

from defusedxml import ElementTree as SafeET
from openpyxl.reader import strings as _openpyxl_strings
from openpyxl.worksheet import _reader as _openpyxl_sheets

from scrutiny_desktop.domain.problems import Problem, UnusableWorkbook, error

MAX_FILE_BYTES = 100 * 1024 * 1024
MAX_UNZIPPED_BYTES = 1024 * 1024 * 1024
MAX_PART_BYTES = 400 * 1024 * 1024
MAX_ROWS = 100_000
MAX_COLUMNS = 1_000

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


def column_index(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


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


def _survey(xml: bytes) -> SheetSurvey:
    survey = SheetSurvey()
    for m in _MERGE.finditer(xml):
        r1, c1 = split_cell(m.group(1).decode())
        r2, c2 = split_cell(m.group(2).decode()) if m.group(2) else (r1, c1)
        survey.merged.append((r1, c1, r2, c2))
    for m in _COL.finditer(xml):
        attrs = dict(_ATTR.findall(m.group(1)))
        if attrs.get(b"hidden") in (b"1", b"true") and b"min" in attrs and b"max" in attrs:
            lo, hi = int(attrs[b"min"]), min(int(attrs[b"max"]), MAX_COLUMNS)
            survey.hidden_columns.update(range(lo, hi + 1))
    if b"hidden" in xml:
        for m in _ROW.finditer(xml):
            attrs = dict(_ATTR.findall(m.group(1)))
            if attrs.get(b"hidden") in (b"1", b"true") and b"r" in attrs:
                survey.hidden_rows.add(int(attrs[b"r"]))
    if _HAS_FORMULA.search(xml):
        for m in _FORMULA_CELL.finditer(xml):
            body = m.group(2)
            if _HAS_FORMULA.search(body) and not _HAS_VALUE.search(body):
                attrs = dict(_ATTR.findall(m.group(1)))
                if b"r" in attrs:
                    survey.uncalculated.add(split_cell(attrs[b"r"].decode()))
    return survey


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
        raise UnusableWorkbook([error(
            "not-a-workbook",
            f"{name} is damaged: it is not a readable .xlsx file. Open it in Excel, save it again as .xlsx, and retry.",
        )]) from None
    if "xl/workbook.xml" not in members:
        if "mimetype" in members and b"opendocument.spreadsheet" in zf.read("mimetype"):
            message = f"{name} is an OpenDocument (.ods) spreadsheet. Save it as an Excel workbook (.xlsx) and retry."
        elif "word/document.xml" in members:
            message = f"{name} is a Word document, not an Excel workbook."
        else:
            message = f"{name} is a zip file but not an Excel workbook (.xlsx)."
        raise UnusableWorkbook([error("not-a-workbook", message)])
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
        raise UnusableWorkbook([error(
            "not-a-workbook",
            f"{name} is damaged: one of its parts cannot be unpacked. Open it in Excel, save it again as .xlsx, "
            "and retry.",
        )]) from None
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
        raise UnusableWorkbook([error(
            "not-a-workbook",
            f"{name} is damaged: its list of sheets cannot be read ({type(exc).__name__}). "
            "Open it in Excel, save it again as .xlsx, and retry.",
        )]) from None
    for sheet in sheets:
        if not sheet.visible:
            continue
        if (sheet.rows or 0) > MAX_ROWS or (sheet.columns or 0) > MAX_COLUMNS:
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
    workbook = SafeET.fromstring(zf.read("xl/workbook.xml"))
    rels_name = "xl/_rels/workbook.xml.rels"
    targets: dict[str, str] = {}
    if rels_name in members:
        for rel in SafeET.fromstring(zf.read(rels_name)).iter(f"{_NS_PKG_REL}Relationship"):
            target = rel.get("Target", "")
            part = target.lstrip("/") if target.startswith("/") else str(PurePosixPath("xl") / target)
            targets[rel.get("Id", "")] = part
    sheets: list[SheetPart] = []
    for node in workbook.iter(f"{_NS_MAIN}sheet"):
        part = targets.get(node.get(f"{_NS_REL}id", ""), "")
        if not part.startswith("xl/worksheets/") or part not in members:
            continue  # a chart sheet, or a dangling relationship
        with zf.open(part) as fh:
            head = fh.read(65536)
        rows, columns = _dimension(head)
        if rows is None and node.get("state", "visible") == "visible":
            rows, columns = _extent(zf.read(part))
        sheets.append(SheetPart(node.get("name", "?"), part, node.get("state", "visible"), rows, columns))
    return sheets
