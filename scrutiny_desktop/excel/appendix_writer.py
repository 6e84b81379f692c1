"""Write an `AppendixBook` into a new workbook, in the look of the template.

Always a new `Workbook`, never a loaded one edited: nothing from any other file (hidden sheets,
names, caches, properties) can ride along into an appendix.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font, NamedStyle
from openpyxl.utils import get_column_letter

from scrutiny_desktop.domain.appendix import AppendixBook, Cell, Kind, Role, Sheet
from scrutiny_desktop.domain.settings import Paper
from scrutiny_desktop.excel.appendix_look import Look, apply_page, copy_style
from scrutiny_desktop.excel.sheet_data import save, sheet_data, style_ids

PAPER_SIZES = {Paper.A4: 9, Paper.A3: 8}
MAX_ROW_HEIGHT = 409.0  # points: Excel's limit
# A column width counts digits of the Normal style's font (Arial 10: 7 pixels each), plus 5 pixels.
COLUMN_PADDING = 5
CELL_PADDING = 6  # pixels inside a cell that text cannot use (a little more than Excel keeps)
MAX_HEADER_TITLE = 70  # characters of the title in the page header: more would run into the marking
MAX_CURRENT_WIDTH = 15  # characters: wider than this, "100% (1,240 of 1,258)" may wrap

# Arial's (and Liberation Sans's) advance widths in thousandths of an em, to lay text out without
# a font engine; anything else counts as 600.
_WIDTHS = {
    191: "'", 222: "ijl‘’", 260: "|", 278: " !,./:;I[\\]ft", 333: "()-`r", 334: "{}", 355: '"', 389: "*",
    469: "^", 500: "Jcksvxyz", 556: "#$0123456789?L_abdeghnopqu–", 584: "+<=>~", 611: "FTZ",
    667: "&ABEKPSVXY", 722: "CDHNRUw", 778: "GOQ", 833: "Mm", 889: "%", 944: "W", 1000: "—…↑↓→", 1015: "@",
}
_EM = {ch: width / 1000 for width, chars in _WIDTHS.items() for ch in chars}
_BREAKS = re.compile(r"[^\s-]*-+(?=[^\s-])|\S+")  # "Multi-Agency" may break after its hyphen


def write_appendix(book: AppendixBook, path: Path, look: Look, paper: Paper = Paper.A4) -> None:
    """Write `book` to `path` (the caller makes that a temporary file and renames it)."""
    wb = Workbook()
    wb.remove(wb.active)
    body = look.styles[Role.TEXT].font
    # Column widths count digits of the Normal style's font: make that the body font, so that Excel
    # and LibreOffice (which has no Calibri) give a column the same room.
    wb._named_styles["Normal"].font = Font(name=body.name, sz=body.sz)
    for style in look.styles.values():
        wb.add_named_style(copy_style(style))
    fonts = {role: _font_metrics(style) for role, style in look.styles.items()}
    digit = max(1, round(text_pixels("0", body.sz or 10)))
    values = {"title": _clipped(book.heading, MAX_HEADER_TITLE), "period": book.period, "marking": book.marking,
              "organisation": book.author}
    names = {role: style.name for role, style in look.styles.items()}
    cells: dict[str, tuple[bytes, str]] = {}  # each sheet's <sheetData>, by title: see sheet_data.py
    for sheet in book.sheets:
        ws = wb.create_sheet(sheet.name)
        widths = _column_widths(sheet, look, fonts, digit)
        for index, width in enumerate(widths, start=1):
            ws.column_dimensions[get_column_letter(index)].width = round(width, 2)
        heights = _row_heights(sheet, [column_pixels(w, digit) for w in widths], fonts)
        cells[ws.title] = sheet_data(sheet.rows, style_ids(wb, ws, sheet.rows, names), heights)
        ws.freeze_panes = f"{get_column_letter(sheet.frozen_columns + 1)}{sheet.heading_row + 1}"
        ws.print_title_rows = f"{sheet.heading_row}:{sheet.heading_row}"
        ws.sheet_view.showGridLines = False
        apply_page(ws, look.page, values, PAPER_SIZES[paper])
        if sheet.one_page:
            ws.page_setup.fitToHeight = 1
    props = wb.properties
    props.title = book.title
    props.subject = book.heading
    props.creator = book.author
    props.lastModifiedBy = book.author
    props.language = "en-GB"
    wb.active = 0
    save(wb, path, cells)


def _clipped(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


# -- measuring text, because openpyxl sets no row heights and wrapped text would be clipped ----------


def _font_metrics(style: NamedStyle) -> tuple[float, bool]:
    font = style.font
    return float(font.sz or 10), bool(font.b)


@lru_cache(maxsize=4096)  # words, symbols and arrows repeat in every row of a large appendix
def text_pixels(text: str, size: float, bold: bool = False) -> float:
    """About how wide `text` is, in pixels, at `size` points in Arial (bold a little wider)."""
    return _ems(text) * size * 96 / 72 * (1.07 if bold else 1.0)


@lru_cache(maxsize=8192)  # each word of the wrapped text of a large appendix, at whatever size
def _ems(text: str) -> float:
    return sum(_EM.get(ch, 0.6) for ch in text)


@lru_cache(maxsize=4096)
def lines_needed(text: str, width_pixels: float, size: float, bold: bool = False) -> int:
    """How many lines `text` takes when wrapped in a column `width_pixels` wide, breaking at spaces and
    after hyphens as Excel and LibreOffice do."""
    usable = max(width_pixels - CELL_PADDING, 1.0)
    space = text_pixels(" ", size, bold)
    factor = 1.07 if bold else 1.0
    ems = _ems
    total = 0
    for paragraph in text.split("\n"):
        lines, used, end = 1, 0.0, None
        for piece in _BREAKS.finditer(paragraph):
            w = ems(piece.group()) * size * 96 / 72 * factor  # text_pixels, without its cache per size
            gap = space if end is not None and piece.start() > end else 0.0
            end = piece.end()
            if w > usable:  # a word wider than the column breaks across lines
                lines += (0 if used == 0 else 1) + math.ceil(w / usable) - 1
                used = w % usable
            elif used == 0:
                used = w
            elif used + gap + w <= usable:
                used += gap + w
            else:
                lines += 1
                used = w
        total += lines
    return total


def column_pixels(width: float, digit: int = 7) -> float:
    """How wide a column of `width` characters is, in pixels, when a digit is `digit` pixels."""
    return width * digit + COLUMN_PADDING


def shown(cell: Cell) -> str:
    """The text a figure shows under its number format (the formats the builder uses)."""
    value, fmt = cell.value, cell.number_format
    if not isinstance(value, (int, float)):
        return "" if value is None else str(value)
    if fmt.endswith("%"):
        places = fmt.count("0") - 1
        return f"{value * 100:.{places}f}%"
    if fmt.startswith("#,##0"):
        places = len(fmt.partition(".")[2])
        return f"{value:,.{places}f}"
    return f"{value:g}"


def _column_widths(sheet: Sheet, look: Look, fonts: dict[Role, tuple[float, bool]], digit: int) -> list[float]:
    """The template's width for each column's kind, widened where a figure or a heading word would not fit.

    A figure too wide for its column shows as ##### and a heading word too wide breaks mid-word.
    """
    widths = [look.width(sheet.name, column.kind) for column in sheet.columns]
    below = sheet.rows[sheet.heading_row - 1:]
    for index, column in enumerate(sheet.columns):
        size, bold = fonts[Role.HEADING]
        needed = max((text_pixels(word, size, bold) for word in column.heading.split()), default=0.0)
        if column.kind.figures:
            current = column.kind is Kind.CURRENT
            for row in below[1:]:
                if index >= len(row):
                    continue  # a short row has no figure here
                cell = row[index]
                # Numbers must fit; "55% (50 of 91)" had better, up to a point, as it breaks badly.
                if isinstance(cell.value, (int, float)) or (current and cell.value):
                    size, bold = fonts[cell.role]
                    needed = max(needed, text_pixels(shown(cell), size, bold))
        chars = math.ceil((needed + CELL_PADDING - COLUMN_PADDING) / digit * 4) / 4
        if column.kind is Kind.CURRENT:
            chars = min(chars, MAX_CURRENT_WIDTH)
        widths[index] = max(widths[index], chars)
    # The months alike, and the years, so the table reads as a grid.
    widest: dict[Kind, float] = {}
    for column, width in zip(sheet.columns, widths):
        widest[column.kind] = max(widest.get(column.kind, 0.0), width)
    return [widest[c.kind] if c.kind in (Kind.MONTH, Kind.ANNUAL) else w for c, w in zip(sheet.columns, widths)]


def _row_heights(sheet: Sheet, pixels: list[float], fonts: dict[Role, tuple[float, bool]]) -> list[float]:
    """Each row's height in points: openpyxl sets none, and wrapped text would be clipped."""
    # A cell of one line is as tall as its font makes it; only text that wraps is measured.
    one_line = {role: 1 * size * 1.3 + 3 for role, (size, _bold) in fonts.items()}
    wraps = {role: role.wraps for role in Role}
    columns = len(pixels)
    heights = []
    for row in sheet.rows:
        height = max((one_line[cell.role] for cell in row), default=0.0)
        for c, cell in enumerate(row):
            if c < columns and isinstance(cell.value, str) and wraps[cell.role]:
                size, bold = fonts[cell.role]
                lines = lines_needed(cell.value, pixels[c], size, bold)
                if lines > 1:
                    height = max(height, lines * size * 1.3 + 3)
        heights.append(round(min(height, MAX_ROW_HEIGHT), 2))
    return heights
