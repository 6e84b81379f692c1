"""Audit a public (Part 1) appendix: open the .xlsx as a zip and list everything that could leak.

The file is never opened with openpyxl, which shows only what it understands. Every part of the
zip is read as it is: the parts a values-only workbook needs are allowed (spec/disclosure.md),
everything else is a finding, and the allowed parts are checked element by element for the ways
Excel hides data (hidden sheets, rows and columns, white text, `;;;` formats, far-away cells,
formulas, names, validation lists, comments, properties naming a person). With the source
workbook, every withheld figure and confidential text is searched for in every part
(see `withheld.py` for how false alarms are avoided).
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise
from pathlib import Path, PurePosixPath
from xml.etree.ElementTree import Element

from scrutiny_desktop.audit.common import (
    MIN_CONTRAST,
    Audit,
    FileAudit,
    Package,
    as_int,
    attribute,
    binary_text,
    children,
    clip,
    confidential_file,
    contrast,
    descendants,
    hex_colour,
    is_true,
    rels_of,
    report_exposures,
    tag_name,
    walk,
)
from scrutiny_desktop.audit.withheld import Exposure, WithheldSearch
from scrutiny_desktop.domain.disclosure import DEFAULT_RULES, DisclosureRules, Redaction, redact
from scrutiny_desktop.domain.problems import quote_sheet
from scrutiny_desktop.domain.review import Review
from scrutiny_desktop.domain.settings import DEFAULT_ORGANISATION
from scrutiny_desktop.excel.cells import column_letters
from scrutiny_desktop.excel.colours import INDEXED_COLOURS
from scrutiny_desktop.excel.package import column_index, open_zip, parse_part, split_cell
from scrutiny_desktop.opc import resolve_part

FAR_GAP = 20  # blank rows or columns that separate a stray cell from the table
FAR_ROW, FAR_COLUMN = 5_000, 200
MIN_FONT_POINTS = 4.0

ALLOWED_PARTS = re.compile(
    r"\[Content_Types\]\.xml|_rels/\.rels|docProps/(?:core|app)\.xml|xl/workbook\.xml|xl/_rels/workbook\.xml\.rels"
    r"|xl/styles\.xml|xl/theme/theme\d+\.xml|xl/sharedStrings\.xml|xl/worksheets/sheet\d+\.xml"
    r"|xl/worksheets/_rels/sheet\d+\.xml\.rels"
)
# Why each kind of part fails, first match wins; anything else is "not a part a values-only workbook needs".
_PART_KINDS = (
    ("xl/pivotCache", "a pivot cache, which keeps a copy of the source rows (the Islington breach)"),
    ("xl/pivotTables/", "a pivot table"),
    ("xl/externalLinks/", "an external link, which caches another workbook's values and its path"),
    ("xl/threadedComments/", "threaded comments, with their authors"),
    ("xl/persons/", "the names of the people who commented"),
    ("xl/comments", "comments (notes), with their authors"),
    ("xl/drawings/", "a drawing: shapes, pictures or the boxes of comments"),
    ("xl/charts", "a chart, which caches the values it plots"),
    ("xl/chartsheets/", "a chart sheet"),
    ("customXml/", "custom XML data"),
    ("xl/embeddings/", "an embedded object or document"),
    ("vbaProject", "macros (VBA)"),
    ("docProps/custom.xml", "custom document properties"),
    ("xl/media/", "an image"),
    ("xl/activeX/", "a form control"),
    ("xl/ctrlProps/", "a form control"),
    ("xl/calcChain.xml", "the cell addresses of formulas"),
    ("xl/connections.xml", "a data connection (server, user, query)"),
    ("xl/queryTables/", "a query table"),
    ("xl/model/", "a data model with cached data"),
    ("xl/richData/", "cached rich values"),
    ("xl/metadata.xml", "cell metadata"),
    ("xl/revisions/", "change history with old values and user names"),
    ("xl/printerSettings/", "printer settings, which can name a device or a person"),
    ("xl/slicer", "a slicer and its cache"),
    ("xl/timeline", "a timeline and its cache"),
    ("xl/tables/", "a table definition"),
    ("docProps/thumbnail", "a picture of the first sheet"),
    ("xl/dialogsheets/", "a dialog sheet"),
    ("xl/macrosheets/", "an Excel 4 macro sheet"),
)
# Sheet elements a public file must not have, and why.
_SHEET_ELEMENTS = {
    "dataValidations": ("data-validation", "data validation, whose lists and messages can hold values"),
    "conditionalFormatting": ("conditional-format", "conditional formatting, which can hide or reveal cells"),
    "hyperlinks": ("hyperlink", "hyperlinks, which can carry paths and identifiers"),
    "autoFilter": ("filter", "a filter, which can hide rows"),
    "scenarios": ("scenario", "what-if scenarios with alternative values"),
    "customSheetViews": ("custom-view", "custom views, which can hide rows and columns"),
    "drawing": ("drawing", "a drawing (chart, picture or shape)"),
    "legacyDrawing": ("comment", "the boxes of comments"),
    "legacyDrawingHF": ("drawing", "a picture in the header or footer"),
    "picture": ("drawing", "a background picture"),
    "oleObjects": ("embedded-object", "an embedded object"),
    "controls": ("embedded-object", "form controls"),
    "tableParts": ("table", "a table definition"),
    "extLst": ("extension", "Excel extensions, which can hold validation lists and formats"),
    "dataConsolidate": ("extension", "data consolidation references"),
    "smartTags": ("extension", "smart tags"),
    "webPublishItems": ("extension", "web publishing items"),
    "protectedRanges": ("extension", "protected ranges"),
    "AlternateContent": ("extension", "alternate content that older readers do not show"),
}
_WORKBOOK_ELEMENTS = {
    "externalReferences": ("external-link", "references to external workbooks"),
    "pivotCaches": ("pivot-cache", "pivot caches"),
    "fileSharing": ("personal-data", "file sharing settings, which name the user who reserved the file"),
    "AlternateContent": ("personal-data", "alternate content, where Excel records the local path of the file"),
    "extLst": ("extension", "Excel extensions"),
    "customWorkbookViews": ("custom-view", "custom views, which can hide sheets, rows and columns"),
    "webPublishObjects": ("extension", "web publishing objects"),
    "functionGroups": ("extension", "macro function groups"),
}
_ALLOWED_NAMES = {"_xlnm.print_titles", "_xlnm.print_area"}
_RANGE = r"(?:'(?:[^']|'')+'|[A-Za-z0-9_.]+)!\$?[A-Z]{0,3}\$?\d*(?::\$?[A-Z]{0,3}\$?\d*)?"
_PRINT_RANGES = re.compile(rf"\s*{_RANGE}(?:\s*,\s*{_RANGE})*\s*")
_DATE_PROPERTIES = {"created", "modified", "lastPrinted"}
_APP_TEXT = {"Company", "Manager", "HyperlinkBase", "Template", "lpstr", "lpwstr"}
_DEFAULT_THEME = ("FFFFFF", "000000", "E7E6E6", "44546A", "4472C4", "ED7D31", "A5A5A5", "FFC000", "5B9BD5",
                  "70AD47", "0563C1", "954F72")  # in Excel's theme index order: lt1, dk1, lt2, dk2, accents...
_NAMED_COLOURS = {"white": "FFFFFF", "black": "000000", "red": "FF0000", "green": "00FF00", "blue": "0000FF",
                  "yellow": "FFFF00", "magenta": "FF00FF", "cyan": "00FFFF"}


def audit_public(
    path: Path | str,
    *,
    organisation: str = DEFAULT_ORGANISATION,
    source: Review | None = None,
    redaction: Redaction | None = None,
    rules: DisclosureRules = DEFAULT_RULES,
    extra: Mapping[str, Sequence[tuple[float, bool, str]]] | None = None,
) -> Audit:
    """Every finding in a public appendix. Raises `UnusableWorkbook` when the file is not an .xlsx at all.

    `organisation` is the only author the document properties may name. With `source` (the review
    the appendix was made from), withheld figures and confidential text are searched for too;
    `redaction` defaults to `redact(source, rules)`; `extra` adds withheld figures by ref (the mean and
    process limits of an SPC chart the public file must not show).
    """
    path = Path(path)
    data, zf = open_zip(path)
    search = None
    if source is not None:
        search = WithheldSearch(source, redaction or redact(source, rules), rules, extra)
    auditor = _WorkbookAudit(Package(path.name, data, zf, ALLOWED_PARTS, "public appendix"), organisation, search)
    auditor.run()
    return auditor.findings.audit(path, search is not None)


# -- cells -------------------------------------------------------------------------------------


@lru_cache(maxsize=256)
def _q(sheet: str) -> str:
    """A sheet name as a cell reference writes it: `Appendix`, `'Appendix One'`."""
    return quote_sheet(sheet)


# -- colours and formats -----------------------------------------------------------------------


def _tinted(rgb: str, tint: float) -> str:
    channels = [int(rgb[i:i + 2], 16) for i in (0, 2, 4)]
    if tint < 0:
        channels = [round(c * (1 + tint)) for c in channels]
    else:
        channels = [round(c + (255 - c) * tint) for c in channels]
    return "".join(f"{max(0, min(255, c)):02X}" for c in channels)


@lru_cache(maxsize=256)
def _sections(code: str) -> tuple[str, ...]:
    """A number format's sections (positive; negative; zero; text), split outside quotes."""
    sections, current, quoted, escaped = [], [], False, False
    for ch in code:
        if escaped:
            current.append(ch)
            escaped = False
        elif ch == "\\":
            current.append(ch)
            escaped = True
        elif ch == '"':
            quoted = not quoted
            current.append(ch)
        elif ch == ";" and not quoted:
            sections.append("".join(current))
            current = []
        else:
            current.append(ch)
    sections.append("".join(current))
    return tuple(sections)


@lru_cache(maxsize=256)
@lru_cache(maxsize=256)
def _shows_nothing(section: str) -> bool:
    visible = re.sub(r'\[[^\]]*\]|""|_.|\*.|\s', "", section)
    return visible == ""


def _section_for(sections: tuple[str, ...], value: str, numeric: bool) -> str | None:
    if not numeric:
        return sections[3] if len(sections) >= 4 else None
    if len(sections) == 1:
        return sections[0]  # one section serves every number (what reading the value would conclude)
    try:
        number = float(value)
    except ValueError:
        return sections[0]
    if number < 0 and len(sections) >= 2:
        return sections[1]
    if number == 0 and len(sections) >= 3:
        return sections[2]
    return sections[0]


@lru_cache(maxsize=256)
def _shows_percent(number_format: str) -> bool:
    """A number format that shows a `%` (outside quoted text and escaped characters)."""
    return "%" in re.sub(r'"[^"]*"|\\.', "", number_format)


@lru_cache(maxsize=256)
def _format_colour(section: str) -> str | None:
    for name in re.findall(r"\[([A-Za-z]+\d*)\]", section):
        lowered = name.lower()
        if lowered in _NAMED_COLOURS:
            return _NAMED_COLOURS[lowered]
        m = re.fullmatch(r"color(\d+)", lowered)
        if m and 1 <= int(m.group(1)) <= 56:
            return hex_colour(INDEXED_COLOURS[int(m.group(1)) + 7])
    return None


@dataclass(frozen=True)
class _Look:
    """How a cell is drawn: the colour of its text and background, its font size and number format."""

    text: str = "000000"
    background: str = "FFFFFF"
    size: float | None = None
    number_format: str = "General"


class _Styles:
    def __init__(self, styles: Element | None, theme: Element | None) -> None:
        self.theme = list(_DEFAULT_THEME)
        if theme is not None:
            scheme = next(descendants(theme, "clrScheme"), None)
            if scheme is not None:
                found: list[str] = []
                for slot in scheme:
                    colour = next(iter(slot), None)
                    value = None if colour is None else (colour.get("lastClr") or colour.get("val"))
                    found.append(hex_colour(value or "") or "000000")
                if len(found) >= 4:
                    found[0], found[1], found[2], found[3] = found[1], found[0], found[3], found[2]
                    self.theme = found + self.theme[len(found):]
        self.formats: dict[int, str] = {}
        self.fonts: list[tuple[str | None, float | None]] = []
        self.fills: list[str | None] = []
        self.xfs: list[tuple[int, int, int]] = []
        self._looks: dict[str | None, _Look] = {}  # by the cells' style index, as written
        if styles is None:
            return
        for fmt in descendants(styles, "numFmt"):
            try:
                self.formats[int(fmt.get("numFmtId", ""))] = fmt.get("formatCode", "")
            except ValueError:
                continue
        fonts = next(children(styles, "fonts"), None)
        for font in (fonts if fonts is not None else []):
            colour = next(children(font, "color"), None)
            size = next(children(font, "sz"), None)
            try:
                points = float(size.get("val", "")) if size is not None else None
            except ValueError:
                points = None
            self.fonts.append((self.colour(colour), points))
        fills = next(children(styles, "fills"), None)
        for fill in (fills if fills is not None else []):
            pattern = next(children(fill, "patternFill"), None)
            if pattern is not None and pattern.get("patternType") == "solid":
                self.fills.append(self.colour(next(children(pattern, "fgColor"), None)))
            else:
                self.fills.append(None)
        xfs = next(children(styles, "cellXfs"), None)
        for xf in (xfs if xfs is not None else []):
            self.xfs.append((as_int(xf.get("numFmtId")), as_int(xf.get("fontId")), as_int(xf.get("fillId"))))

    def colour(self, node: Element | None) -> str | None:
        if node is None or is_true(node.get("auto")):
            return None
        rgb: str | None = None
        if node.get("rgb"):
            rgb = hex_colour(node.get("rgb", ""))
        elif node.get("theme") is not None:
            index = as_int(node.get("theme"))
            rgb = self.theme[index] if 0 <= index < len(self.theme) else None
        elif node.get("indexed") is not None:
            index = as_int(node.get("indexed"))
            rgb = hex_colour(INDEXED_COLOURS[index]) if 0 <= index < len(INDEXED_COLOURS) else \
                {64: "000000", 65: "FFFFFF"}.get(index)
        if rgb and node.get("tint"):
            with contextlib.suppress(ValueError):
                rgb = _tinted(rgb, float(node.get("tint", "0")))
        return rgb

    def look(self, style: str | None) -> _Look:
        found = self._looks.get(style)
        if found is None:
            found = self._looks[style] = self._look(style)
        return found

    def _look(self, style: str | None) -> _Look:
        index = as_int(style)
        if not 0 <= index < len(self.xfs):
            return _Look()
        fmt_id, font_id, fill_id = self.xfs[index]
        text, size = self.fonts[font_id] if 0 <= font_id < len(self.fonts) else (None, None)
        background = self.fills[fill_id] if 0 <= fill_id < len(self.fills) else None
        return _Look(text or "000000", background or "FFFFFF", size,
                     self.formats.get(fmt_id, _BUILTIN_PERCENT.get(fmt_id, "General")))


# -- the auditor -------------------------------------------------------------------------------


@dataclass(slots=True)  # a sheet has tens of thousands
class _Cell:
    sheet: str
    ref: str
    row: int
    column: int
    text: str  # what the cell shows, or the number as stored
    numeric: bool
    percent: bool = False  # a number shown as a percentage: 0.25 stored, 25% shown; never a count


# The built-in percentage formats (ECMA-376 numFmtId 9 and 10), which a stylesheet does not spell out.
_BUILTIN_PERCENT = {9: "0%", 10: "0.00%"}


@dataclass
class _String:
    text: str
    runs: list[tuple[str, Element | None]]  # each run's text and its colour element
    phonetic: bool


class _WorkbookAudit(FileAudit):
    """The checks of an .xlsx, over the package and findings every audit shares (`common.py`)."""

    def __init__(self, package: Package, organisation: str, search: WithheldSearch | None) -> None:
        super().__init__(package, organisation, search)
        self.sheet_names: dict[str, str] = {}  # part -> sheet name
        self.strings: list[_String] = []
        self.used_strings: set[int] = set()
        self.cells: list[_Cell] = []

    def run(self) -> None:
        self.package.read(self.findings, parse_part)
        self.package.check_parts(self.findings, _PART_KINDS)
        self.package.check_relationships(self.findings)
        workbook = self.trees.get("xl/workbook.xml")
        if workbook is not None:
            self._check_workbook(workbook)
        styles = _Styles(self.trees.get("xl/styles.xml"), self.trees.get("xl/theme/theme1.xml"))
        self._read_strings()
        for part in sorted(self.trees):
            if part.startswith("xl/worksheets/sheet") and part.endswith(".xml"):
                if part not in self.sheet_names:
                    self.add(part, "", "unlisted-sheet",
                             "This sheet is not one of the workbook's sheets: no reader shows it, but its cells are "
                             "in the file.")
                self._check_sheet(part, self.trees[part], styles)
        self._check_strings()
        self._check_comments()
        self.package.check_properties(self.findings, self.organisation, set(self.sheet_names.values()))
        self._check_formats(styles)
        if self.search is not None:
            self._search_cells()
            self._search_parts()
        else:
            confidential_file(self.findings, self.package, self._first_words())
        self.findings.close()

    # -- the workbook --------------------------------------------------------------------------

    def _check_workbook(self, workbook: Element) -> None:
        part = "xl/workbook.xml"
        rels = self.trees.get("xl/_rels/workbook.xml.rels")
        targets = {}
        if rels is not None:
            targets = {r.get("Id", ""): resolve_part(part, r.get("Target", ""))
                       for r in descendants(rels, "Relationship")}
        for sheet in descendants(workbook, "sheet"):
            name = sheet.get("name", "?")
            target = targets.get(attribute(sheet, "id") or "", "")
            if target:
                self.sheet_names[target] = name
            state = sheet.get("state", "visible")
            if state != "visible":
                code = "very-hidden-sheet" if state == "veryHidden" else "hidden-sheet"
                self.add(part, name, code, f"Sheet '{name}' is {'very hidden' if state == 'veryHidden' else 'hidden'}; "
                                           "a public file must show every sheet it holds.")
        for view in descendants(workbook, "workbookView"):
            if view.get("visibility", "visible") != "visible":
                self.add(part, "workbookView", "hidden-window", "The workbook window is hidden.")
        sheet_count = sum(1 for _ in descendants(workbook, "sheet"))
        for defined in descendants(workbook, "definedName"):
            self._check_name(part, defined, sheet_count)
        for node in workbook.iter():
            local = tag_name(node.tag)
            if local in _WORKBOOK_ELEMENTS:
                code, why = _WORKBOOK_ELEMENTS[local]
                self.add(part, local, code, f"The workbook holds {why}.")

    def _check_name(self, part: str, defined: Element, sheet_count: int) -> None:
        name = defined.get("name", "")
        text = defined.text or ""
        allowed = (name.lower() in _ALLOWED_NAMES and not is_true(defined.get("hidden"))
                   and _PRINT_RANGES.fullmatch(text) is not None)
        if not allowed:
            self.add(part, f"definedName {name}", "defined-name",
                     f"The defined name '{name}' ({clip(text, 60)}) can hold or point at values; only print "
                     "titles and print areas are allowed.")

    # -- strings -------------------------------------------------------------------------------

    def _read_strings(self) -> None:
        tree = self.trees.get("xl/sharedStrings.xml")
        if tree is None:
            return
        for si in children(tree, "si"):
            self.strings.append(_rich_text(si))

    def _check_strings(self) -> None:
        part = "xl/sharedStrings.xml"
        for i, string in enumerate(self.strings):
            if string.phonetic:
                self.add(part, f"string {i}", "hidden-text", "A string holds phonetic text, which is not shown.")
            if i not in self.used_strings and string.text.strip():
                self.add(part, f"string {i}", "unused-string",
                         f"A shared string that no cell shows: '{clip(string.text, 60)}'.")

    # -- sheets --------------------------------------------------------------------------------

    def _check_sheet(self, part: str, tree: Element, styles: _Styles) -> None:
        sheet = self.sheet_names.get(part, PurePosixPath(part).stem)
        for node in tree:
            local = tag_name(node.tag)
            if local in _SHEET_ELEMENTS:
                code, why = _SHEET_ELEMENTS[local]
                self._sheet_element(part, sheet, node, code, why)
            elif local == "sheetPr" and is_true(node.get("filterMode")):
                self.add(part, sheet, "filter", f"Sheet '{sheet}' has a filter applied, which hides rows.")
            elif local == "sheetFormatPr":
                if is_true(node.get("zeroHeight")):
                    self.add(part, sheet, "hidden-row", f"Every row of sheet '{sheet}' is hidden unless sized.")
                if _float(node.get("defaultColWidth"), 8.43) < 0.5:
                    self.add(part, sheet, "hidden-column", f"Every column of sheet '{sheet}' has no width.")
            elif local == "cols":
                for col in children(node, "col"):
                    if is_true(col.get("hidden")) or _float(col.get("width"), 1.0) < 0.5:
                        lo, hi = as_int(col.get("min")), as_int(col.get("max"))
                        span = _column_letters(lo) + (f":{_column_letters(hi)}" if hi != lo else "")
                        self.add(part, f"{_q(sheet)}!{span}", "hidden-column",
                                 f"Column(s) {span} of '{sheet}' are hidden.")
            elif local == "headerFooter":
                for item in node:
                    if "&Z" in (item.text or "").upper():
                        self.add(part, f"{sheet} {tag_name(item.tag)}", "personal-data",
                                 "The header or footer prints the file's folder path, which can name a person.")
        merged = [m.get("ref", "") for m in descendants(tree, "mergeCell")]
        data = next((n for n in tree if tag_name(n.tag) == "sheetData"), None)
        if data is not None:
            self._check_cells(part, sheet, data, styles, merged)

    def _sheet_element(self, part: str, sheet: str, node: Element, code: str, why: str) -> None:
        local = tag_name(node.tag)
        if local == "dataValidations":
            for rule in children(node, "dataValidation"):
                formula = " ".join(t.text or "" for t in rule.iter() if tag_name(t.tag).startswith("formula"))
                self.add(part, f"{_q(sheet)}!{rule.get('sqref', '')}", code,
                         f"Data validation on {rule.get('sqref', '?')} ({clip(formula, 60) or 'no list'}): {why}.")
            return
        if local == "conditionalFormatting":
            self.add(part, f"{_q(sheet)}!{node.get('sqref', '')}", code, f"Cells {node.get('sqref', '?')} have {why}.")
            return
        if local == "hyperlinks":
            for link in children(node, "hyperlink"):
                self.add(part, f"{_q(sheet)}!{link.get('ref', '')}", code,
                         f"Cell {link.get('ref', '?')} holds a hyperlink ({clip(link.get('location') or '', 40)}).")
            return
        self.add(part, sheet, code, f"Sheet '{sheet}' holds {why}.")

    def _check_cells(self, part: str, sheet: str, data: Element, styles: _Styles, merged: list[str]) -> None:
        row_number = 0
        valued: list[_Cell] = []
        for row in children(data, "row"):
            row_number = as_int(row.get("r")) if row.get("r") else row_number + 1
            if is_true(row.get("hidden")) or (is_true(row.get("customHeight")) and _float(row.get("ht"), 15.0) < 0.5):
                self.add(part, f"{_q(sheet)}!{row_number}:{row_number}", "hidden-row",
                         f"Row {row_number} of '{sheet}' is hidden.")
            column = 0
            for c in children(row, "c"):
                ref = c.get("r")
                if ref:
                    plain = _PLAIN_CELL.fullmatch(ref)
                    if plain is not None:  # what `split_cell` reads, with a sheet's few column letters read once
                        r, column = int(plain.group(2)), _column_number(plain.group(1))
                    else:
                        try:
                            r, column = split_cell(ref)
                        except ValueError:
                            r, column = row_number, column + 1
                else:
                    r, column = row_number, column + 1
                    ref = f"{_column_letters(column)}{r}"
                kids: dict[str, Element] = {}  # a cell's few children by local name, the first of each, in one pass
                for kid in c:
                    tag = kid.tag  # `tag_name`, inline: a sheet has tens of thousands of cells
                    kids.setdefault(tag.rsplit("}", 1)[-1] if isinstance(tag, str) else "", kid)
                formula = kids.get("f")
                if formula is not None:
                    self.add(part, f"{_q(sheet)}!{ref}", "formula",
                             f"Cell {ref} of '{sheet}' holds a formula ({clip(formula.text or 'shared', 50)}); "
                             "a public file holds values only.")
                cell = self._cell(c, kids, sheet, ref, r, column, styles, part)
                if cell is not None:
                    valued.append(cell)
        self.cells.extend(valued)
        self._check_far_away(part, sheet, valued)
        self._check_merged(part, sheet, valued, merged)

    def _cell(self, c: Element, kids: dict[str, Element], sheet: str, ref: str, row: int, column: int,
              styles: _Styles, part: str) -> _Cell | None:
        kind = c.get("t", "n")
        value = kids.get("v")
        raw = value.text if value is not None and value.text is not None else ""
        runs: list[tuple[str, Element | None]] = []
        if kind == "s":
            index = as_int(raw)
            if not 0 <= index < len(self.strings):
                return None
            self.used_strings.add(index)
            string = self.strings[index]
            text, runs = string.text, string.runs
        elif kind == "inlineStr":
            inline = kids.get("is")
            if inline is None:
                return None
            string = _rich_text(inline)
            text, runs = string.text, string.runs
            if string.phonetic:
                self.add(part, f"{_q(sheet)}!{ref}", "hidden-text",
                         f"Cell {ref} holds phonetic text, which is not shown.")
        elif kind == "b":
            text = "TRUE" if raw.strip() == "1" else "FALSE"
        else:
            text = raw
        if not text.strip():
            return None
        numeric = kind == "n"
        look = styles.look(c.get("s"))
        section = _section_for(_sections(look.number_format), text, numeric)
        colour = _format_colour(section) if section is not None else None
        if section is not None and _shows_nothing(section):
            self.add(part, f"{_q(sheet)}!{ref}", "hidden-format",
                     f"Cell {ref} of '{sheet}' has the number format '{look.number_format}', which shows nothing.")
        elif contrast(colour or look.text, look.background) < MIN_CONTRAST:
            self.add(part, f"{_q(sheet)}!{ref}", "invisible-text",
                     f"Cell {ref} of '{sheet}' is written in #{colour or look.text} on #{look.background}, "
                     "which cannot be seen.")
        elif runs and any(col is not None and contrast(styles.colour(col) or look.text, look.background) < MIN_CONTRAST
                          and piece.strip() for piece, col in runs):
            self.add(part, f"{_q(sheet)}!{ref}", "invisible-text",
                     f"Part of the text in cell {ref} of '{sheet}' cannot be seen.")
        elif look.size is not None and look.size < MIN_FONT_POINTS:
            self.add(part, f"{_q(sheet)}!{ref}", "invisible-text",
                     f"Cell {ref} of '{sheet}' is written in {look.size:g}-point type, too small to read.")
        percent = numeric and _shows_percent(look.number_format)
        return _Cell(sheet, ref, row, column, text, numeric, percent)

    def _check_far_away(self, part: str, sheet: str, cells: list[_Cell]) -> None:
        if not cells:
            return
        far_rows = _outliers(sorted({c.row for c in cells}), FAR_ROW)
        far_columns = _outliers(sorted({c.column for c in cells}), FAR_COLUMN)
        for cell in cells:
            if cell.row in far_rows or cell.column in far_columns:
                self.add(part, f"{_q(sheet)}!{cell.ref}", "far-away-cell",
                         f"Cell {cell.ref} of '{sheet}' lies far beyond the table, where no reader will look.")

    def _check_merged(self, part: str, sheet: str, cells: list[_Cell], merged: list[str]) -> None:
        for rng in merged:
            first, _, last = rng.partition(":")
            try:
                r1, c1 = split_cell(first)
                r2, c2 = split_cell(last or first)
            except ValueError:
                continue
            for cell in cells:
                if r1 <= cell.row <= r2 and c1 <= cell.column <= c2 and (cell.row, cell.column) != (r1, c1):
                    self.add(part, f"{_q(sheet)}!{cell.ref}", "hidden-by-merge",
                             f"Cell {cell.ref} of '{sheet}' is covered by the merged cells {rng}, so it is not shown.")

    # -- comments, properties, formats --------------------------------------------------------

    def _comment_sheets(self) -> dict[str, str]:
        """Which sheet each comments part belongs to, from the sheets' relationships."""
        owners: dict[str, str] = {}
        for part, sheet in self.sheet_names.items():
            rels = self.trees.get(rels_of(part))
            for rel in (descendants(rels, "Relationship") if rels is not None else ()):
                if "comment" in (rel.get("Type") or "").lower():
                    owners[resolve_part(part, rel.get("Target", ""))] = sheet
        return owners

    def _check_comments(self) -> None:
        owners = self._comment_sheets()
        for part, tree in self.trees.items():
            if "comment" not in part.lower() or not part.endswith(".xml"):
                continue
            sheet = owners.get(part)
            authors = [a.text or "" for a in descendants(tree, "author")]
            for comment in descendants(tree, "comment"):
                author_id = as_int(comment.get("authorId"))
                author = authors[author_id] if 0 <= author_id < len(authors) else ""
                text = "".join(t.text or "" for t in descendants(comment, "t"))
                cell = comment.get("ref", "")
                self.add(part, f"{_q(sheet)}!{cell}" if sheet else cell, "comment",
                         f"Cell {cell} has a comment{f' by {author!r}' if author else ''}: '{clip(text, 60)}'.")
            for threaded in descendants(tree, "threadedComment"):
                cell = threaded.get("ref", "")
                self.add(part, f"{_q(sheet)}!{cell}" if sheet else cell, "comment",
                         f"Cell {cell} has a threaded comment.")

    def _check_formats(self, styles: _Styles) -> None:
        for fmt_id, code in styles.formats.items():
            if re.search(r'"[^"]*\d[^"]*"', code):
                self.add("xl/styles.xml", f"numFmt {fmt_id}", "hidden-format",
                         f"The number format '{clip(code, 60)}' shows fixed digits instead of the cell's value.")

    # -- withheld figures and confidential text -------------------------------------------------

    def _search_cells(self) -> None:
        assert self.search is not None
        rows: dict[tuple[str, int], list[_Cell]] = {}
        for cell in self.cells:
            rows.setdefault((cell.sheet, cell.row), []).append(cell)
        parts: dict[str, str] = {}  # each sheet's part: the first that has its name, as before
        for p, n in self.sheet_names.items():
            parts.setdefault(n, p)
        for (sheet, _), cells in rows.items():
            cells.sort(key=lambda c: c.column)
            owner = self.search.owner(cells[0].text, (c.text for c in cells if not c.numeric))
            part = parts.get(sheet, "")
            for cell in cells:
                found = self.search.number(cell.text, owner) if cell.numeric else self.search.text(cell.text, owner)
                if found:  # nothing to report: no need to name the cell
                    self._exposed(part, f"{_q(sheet)}!{cell.ref}", found)
            for left, right in pairwise(cells):
                # Two counts side by side may be a withheld "n of d"; a percentage is no count (0% and 100%
                # of neighbouring months are stored as 0 and 1, and are not "0 of 1").
                if (left.numeric and right.numeric and right.column == left.column + 1
                        and not left.percent and not right.percent):
                    found = self.search.neighbours(left.text, right.text, owner)
                    if found:
                        self._exposed(part, f"{_q(sheet)}!{left.ref}:{right.ref}", found)

    def _search_parts(self) -> None:
        assert self.search is not None
        for i, string in enumerate(self.strings):
            if i not in self.used_strings:
                self._exposed("xl/sharedStrings.xml", f"string {i}", self.search.text(string.text))
        for part, data in self.parts.items():
            tree = self.trees.get(part)
            if tree is None:
                for text in binary_text(data):
                    self._exposed(part, "", self.search.text(text, values=False))
                continue
            allowed = ALLOWED_PARTS.fullmatch(part) is not None
            for where, text, values in _texts(part, tree, allowed):
                self._exposed(part, where, self.search.text(text, values=values))

    def _exposed(self, part: str, where: str, found: Iterable[Exposure]) -> None:
        report_exposures(self.findings, part, where, found, "public appendix")

    def _first_words(self) -> Iterator[tuple[str, str, str, bool]]:
        """What a reader sees first: the title and subject, the sheets' names, headers and top rows."""
        for name, text in self.package.property_texts():
            yield "docProps/core.xml", name, text, name in ("title", "subject")
        for part, sheet in self.sheet_names.items():
            yield "xl/workbook.xml", f"sheet '{sheet}'", sheet, True
            tree = self.trees.get(part)
            for node in (tree.iter() if tree is not None else ()):
                if tag_name(node.tag).endswith(("Header", "Footer")) and node.text:
                    yield part, f"the {tag_name(node.tag)} of '{sheet}'", node.text, True
        for cell in self.cells:
            if not cell.numeric and cell.row <= 6:
                part = next((p for p, n in self.sheet_names.items() if n == cell.sheet), "")
                yield part, f"{_q(cell.sheet)}!{cell.ref}", cell.text, cell.row == 1 and cell.column == 1


def _rich_text(node: Element) -> _String:
    """A string's text without its phonetic runs, its runs' colours, and whether it had phonetic text."""
    pieces: list[str] = []
    runs: list[tuple[str, Element | None]] = []
    phonetic = False
    for child in node:
        local = tag_name(child.tag)
        if local == "t":
            pieces.append(child.text or "")
        elif local == "r":
            text = "".join(t.text or "" for t in children(child, "t"))
            props = next(children(child, "rPr"), None)
            colour = next(children(props, "color"), None) if props is not None else None
            pieces.append(text)
            runs.append((text, colour))
        elif local == "rPh":
            phonetic = phonetic or any((t.text or "").strip() for t in descendants(child, "t"))
    return _String("".join(pieces), runs, phonetic)


def _outliers(values: list[int], limit: int) -> set[int]:
    """Rows (or columns) cut off from the first block of the table by a wide gap, or beyond any table."""
    far: set[int] = set()
    block_end: int | None = None
    for value in values:
        if value > limit or (block_end is not None and value - block_end > FAR_GAP) or far:
            far.add(value)
        else:
            block_end = value
    return far


_PLAIN_CELL = re.compile(r"([A-Z]{1,3})([0-9]+)")  # a cell reference without `$`, as `split_cell` reads one


@lru_cache(maxsize=1024)
def _column_number(letters: str) -> int:
    return column_index(letters)


def _column_letters(index: int) -> str:
    """Column letters for a column number, or "?" for one no sheet can have (a hostile `<col min="0">`)."""
    if not 1 <= index <= 18_278:
        return "?"
    return column_letters(index)


def _float(value: str | None, default: float) -> float:
    try:
        return float(value) if value is not None else default
    except ValueError:
        return default


# Layout attributes of a sheet: widths, heights, margins and scale, never a figure. Searching them found
# chance matches with the many decimals of an SPC chart's limits on a large workbook.
_GEOMETRY = frozenset({
    "col@width", "col@min", "col@max", "row@ht", "row@spans", "sheetFormatPr@defaultRowHeight",
    "sheetFormatPr@baseColWidth", "sheetFormatPr@defaultColWidth", "pageMargins@left", "pageMargins@right",
    "pageMargins@top", "pageMargins@bottom", "pageMargins@header", "pageMargins@footer", "pageSetup@scale",
    "pageSetup@fitToWidth", "pageSetup@fitToHeight", "pane@xSplit", "pane@ySplit", "selection@sqref",
    "pane@topLeftCell", "dimension@ref", "selection@activeCell", "sheetView@zoomScale",
})


def _texts(part: str, tree: Element, allowed: bool) -> Iterator[tuple[str, str, bool]]:
    """Every piece of text in an XML part other than cells: (where, text, whether numbers there are values).

    Element text holds values; attribute values are mostly sizes, ids and styles, so only distinctive
    forms are looked for there, except in parts that have no business in the file at all.
    """
    skip_cells = part.startswith("xl/worksheets/") or part == "xl/sharedStrings.xml"
    is_app = part == "docProps/app.xml"
    for node in walk(tree, skip=("sheetData", "si") if skip_cells else ()):
        local = tag_name(node.tag)
        text = (node.text or "").strip()
        if text and local not in _DATE_PROPERTIES and (not is_app or local in _APP_TEXT):
            yield local, text, True
        for key, value in node.attrib.items():
            where = f"{local}@{tag_name(key)}"
            if allowed and where in _GEOMETRY:
                continue  # sizes the writer works out: a column 12.7109375 wide is no figure of anyone's
            if any(c.isdigit() for c in value) or len(value) >= 15:
                yield where, value, not allowed

