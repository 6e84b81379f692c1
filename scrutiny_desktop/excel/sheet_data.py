"""An appendix's cells written as SpreadsheetML by this program, into a workbook openpyxl saves.

openpyxl makes a `Cell` object for every cell and writes each through lxml one element at a time: for
the 30,000 cells of a 1,000-indicator appendix that is most of the export's writing. An appendix's
cells are only ever text, numbers and empty styled cells, so their `<sheetData>` is written here as
one string, the same XML openpyxl writes for them (inline strings, `%.16g` numbers, ASCII with
character references), and openpyxl saves everything else of the workbook as it always did: the
styles, the sheet's views, columns and page setup, the workbook part, properties and manifest.

Two differences from openpyxl, both on purpose:
- A text stays text. openpyxl writes one starting with "=" as a formula, and "#N/A" or "#REF!" as an
  error value, so that an officer's "=> see the action plan" became a broken formula in the appendix.
- Characters XML 1.0 cannot hold (control characters, lone surrogates) are left out of a text, where
  openpyxl raised an error and the export failed.
"""

from __future__ import annotations

import datetime
import math
import re
from collections.abc import Sequence
from io import BytesIO
from pathlib import Path
from zipfile import ZIP_DEFLATED, ZipFile

from openpyxl.cell.cell import Cell as WorksheetCell
from openpyxl.drawing.spreadsheet_drawing import SpreadsheetDrawing
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet._writer import WorksheetWriter
from openpyxl.worksheet.dimensions import SheetDimension
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from scrutiny_desktop.domain.appendix import Cell, Role
from scrutiny_desktop.domain.formatting import xml_text
from scrutiny_desktop.excel.cells import column_letters

MAX_TEXT = 32_767  # characters in a cell: Excel's limit, where openpyxl cuts a text too
_EMPTY_SHEET_DATA = re.compile(rb"<sheetData\s*(?:/>|>\s*</sheetData>)")


def style_ids(wb: Workbook, ws: Worksheet, cells: Sequence[Sequence[Cell]], names: dict[Role, str]) -> dict[
        tuple[Role, str], int]:
    """The workbook's cell-format number for each (role, number format) the cells use.

    Each is made as openpyxl makes a cell's: the named style set, then the number format, through a
    cell of `ws` that is never put in the sheet; its style goes into the workbook's list of cell formats,
    which openpyxl writes into the styles part. 0 is a cell with no style of its own.
    """
    found: dict[tuple[Role, str], int] = {}
    for row in cells:
        for cell in row:
            key = (cell.role, cell.number_format)
            if key in found:
                continue
            probe = WorksheetCell(ws, row=1, column=1)
            probe.style = names[cell.role]
            if cell.number_format != "General":
                probe.number_format = cell.number_format
            found[key] = wb._cell_styles.add(probe._style) if any(probe._style) else 0
    return found


def sheet_data(rows: Sequence[Sequence[Cell]], styles: dict[tuple[Role, str], int],
               heights: Sequence[float | None] = ()) -> tuple[bytes, str]:
    """The `<sheetData>` element of `rows` (row 1 first), and the range the cells span ("A1:K1004").

    `heights[r]`: the height in points of row r + 1, or None to leave it to the spreadsheet program.
    """
    letters = [column_letters(c) for c in range(1, max((len(row) for row in rows), default=0) + 1)]
    texts: dict[str, str] = {}  # the same words fill many cells: each written out once
    parts = ["<sheetData>"]
    top = bottom = left = right = 0  # the rows and columns (1-based) of the cells written, 0 for none
    for r, row in enumerate(rows, start=1):
        height = heights[r - 1] if r - 1 < len(heights) else None
        cells = []
        first = last = 0  # the columns of this row's first and last cell written
        for c, cell in enumerate(row, start=1):
            style = styles[(cell.role, cell.number_format)]
            s = f' s="{style}"' if style else ""
            ref = f"{letters[c - 1]}{r}"
            value = cell.value
            if isinstance(value, str):
                body = texts.get(value)
                if body is None:
                    body = texts[value] = _inline(value)
                cells.append(f'<c r="{ref}"{s} t="inlineStr">{body}</c>')
            elif isinstance(value, bool):
                cells.append(f'<c r="{ref}"{s} t="b"><v>{int(value)}</v></c>')
            elif isinstance(value, (int, float)) and math.isfinite(value):
                cells.append(f'<c r="{ref}"{s} t="n"><v>{value:.16g}</v></c>')
            elif style:  # an empty cell keeps its borders and fill (so does a number that is no number)
                cells.append(f'<c r="{ref}"{s} t="n"></c>')
            else:
                continue
            first = first or c
            last = c
        if cells:
            top = top or r
            bottom = r
            left = min(left or first, first)
            right = max(right, last)
        elif height is None:
            continue
        # As openpyxl writes a row's height: none for 0 (the program's default), but still "custom".
        ht = "" if height is None else (f' ht="{height:.16g}"' if height else "") + ' customHeight="1"'
        parts.append(f'<row r="{r}"{ht}>{"".join(cells)}</row>')
    parts.append("</sheetData>")
    span = f"{letters[left - 1]}{top}:{letters[right - 1]}{bottom}" if top else "A1:A1"
    return "".join(parts).encode("ascii", "xmlcharrefreplace"), span


def _inline(text: str) -> str:
    """An inline string's `<is>` element, escaped as lxml escapes text (before the ASCII encoding)."""
    text = xml_text(text[:MAX_TEXT])
    if not text:
        return ""
    space = ' xml:space="preserve"' if text != text.strip() else ""
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")
    return f"<is><t{space}>{escaped}</t></is>"


class _SheetWriter(WorksheetWriter):
    """openpyxl's worksheet writer, with the `<sheetData>` and `<dimension>` given rather than made from
    the sheet's cells (it has none)."""

    def __init__(self, ws: Worksheet, data: bytes, span: str) -> None:
        self._data, self._span = data, span
        super().__init__(ws, out=BytesIO())

    def write_dimensions(self) -> None:
        self.xf.send(SheetDimension(self._span).to_tree())

    def xml(self) -> bytes:
        self.write()
        written = self.read()
        # The sheet has no cells, so openpyxl wrote an empty sheetData: the cells go in its place.
        spliced, found = _EMPTY_SHEET_DATA.subn(lambda _m: self._data, written, count=1)
        if found != 1:
            raise RuntimeError("openpyxl wrote no empty <sheetData> to put the appendix's cells in")
        return spliced


class _Writer(ExcelWriter):
    def __init__(self, workbook: Workbook, archive: ZipFile, data: dict[str, tuple[bytes, str]]) -> None:
        super().__init__(workbook, archive)
        self._data = data

    def write_worksheet(self, ws: Worksheet) -> None:
        # As openpyxl's own, for a sheet with no charts or images, written in memory rather than
        # through a temporary file.
        ws._drawing = SpreadsheetDrawing()
        ws._drawing.charts = ws._charts
        ws._drawing.images = ws._images
        data, span = self._data.get(ws.title, (b"<sheetData></sheetData>", "A1:A1"))
        writer = _SheetWriter(ws, data, span)
        self._archive.writestr(ws.path[1:], writer.xml())
        ws._rels = writer._rels
        self.manifest.append(ws)


def save(wb: Workbook, path: Path, data: dict[str, tuple[bytes, str]]) -> None:
    """Save `wb` to `path` as openpyxl's `Workbook.save` does, each sheet's cells from `data` (by title)."""
    for ws in wb.worksheets:
        if ws._cells:
            raise ValueError(f"sheet {ws.title!r} has cells of its own: they would be lost")
    with ZipFile(path, "w", ZIP_DEFLATED, allowZip64=True) as archive:
        wb.properties.modified = datetime.datetime.now(tz=datetime.UTC).replace(tzinfo=None)
        _Writer(wb, archive, data).save()
