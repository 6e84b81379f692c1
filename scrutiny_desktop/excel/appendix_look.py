"""How the appendix looks: named styles, page setup, header and footer, column widths.

The built-in look is defined here once. `workbook_templates/make_template.py` writes it into
`appendix-one.xlsx`, which a council restyles in Excel; `load_look` reads a template back and
falls back to the built-in look, with a warning, for whatever the template lacks.
"""

from __future__ import annotations

import re
import zipfile
from copy import copy
from dataclasses import dataclass, field, replace
from pathlib import Path

import openpyxl
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side
from openpyxl.worksheet.worksheet import Worksheet

from scrutiny_desktop.domain.appendix import SHEET_EXCEPTIONS, SHEET_KEY, SHEET_MAIN, Kind, Role
from scrutiny_desktop.domain.problems import Problem, warning
from scrutiny_desktop.excel.package import doctype_parts
from scrutiny_desktop.resources import resource_path

TEMPLATE_NAME = "appendix-one.xlsx"
STYLE_PREFIX = "Appendix "
# A template is a small styled workbook; anything far bigger is not one.
MAX_TEMPLATE_BYTES = 5_000_000
# Where the header and footer say what is being printed; the writer fills these in.
PLACEHOLDERS = ("{title}", "{period}", "{marking}", "{organisation}")


def style_name(role: Role) -> str:
    """The named style an officer sees in Excel's Cell Styles: "Appendix heading", "Appendix rag-red"."""
    return STYLE_PREFIX + role.value


def default_template() -> Path:
    return resource_path("workbook_templates", TEMPLATE_NAME)


@dataclass(frozen=True)
class HeaderPart:
    """One of the left, centre and right parts of a page header or footer, in Excel's codes."""

    text: str = ""
    font: str | None = None  # "Arial,Bold"
    size: int | None = None
    color: str | None = None


@dataclass(frozen=True)
class Page:
    orientation: str = "landscape"
    margins: tuple[float, float, float, float, float, float] = (0.3, 0.3, 0.75, 0.6, 0.3, 0.3)  # l r t b hdr ftr
    centred: bool = True
    header: tuple[HeaderPart, HeaderPart, HeaderPart] = (HeaderPart(), HeaderPart(), HeaderPart())
    footer: tuple[HeaderPart, HeaderPart, HeaderPart] = (HeaderPart(), HeaderPart(), HeaderPart())


@dataclass
class Look:
    """Everything the writer takes from a template."""

    styles: dict[Role, NamedStyle]
    page: Page
    widths: dict[str, dict[Kind, float]]  # sheet name -> column kind -> width in characters
    source: str = "built-in"
    problems: list[Problem] = field(default_factory=list)

    def width(self, sheet: str, kind: Kind) -> float:
        chosen = self.widths.get(sheet, {}).get(kind) or BUILT_IN_WIDTHS[sheet].get(kind)
        return chosen or HISTORY_WIDTHS.get(kind, 10.0)


# -- the built-in look ----------------------------------------------------------------------------

FONT = "Arial"
_GRID = Side(style="thin", color="BFBFBF")
_BOX = Border(left=_GRID, right=_GRID, top=_GRID, bottom=_GRID)
_TOP = Alignment(vertical="top", wrap_text=True)


def _style(role: Role, font: Font, *, fill: str | None = None, alignment: Alignment | None = None,
           border: Border | None = None) -> NamedStyle:
    return NamedStyle(
        name=style_name(role), font=font,
        fill=PatternFill("solid", start_color=fill, end_color=fill) if fill else PatternFill(),
        border=border or Border(), alignment=alignment or Alignment(),
    )


def built_in_styles() -> dict[Role, NamedStyle]:
    """One named style per role. RAG text and fill colours pass WCAG AA (4.5:1) with each other."""
    rag = Alignment(horizontal="center", vertical="top", wrap_text=True)
    right = Alignment(horizontal="right", vertical="top", wrap_text=True)
    styles = [
        _style(Role.TITLE, Font(name=FONT, size=14, bold=True)),
        _style(Role.MARKING, Font(name=FONT, size=11, bold=True, color="C00000")),
        _style(Role.SUBTITLE, Font(name=FONT, size=11)),
        _style(Role.KEY, Font(name=FONT, size=10)),
        _style(Role.HEADING, Font(name=FONT, size=9, bold=True, color="FFFFFF"), fill="1F3864",
               alignment=Alignment(vertical="bottom", wrap_text=True), border=_BOX),
        _style(Role.SECTION, Font(name=FONT, size=10, bold=True), fill="D9E1F2",
               alignment=Alignment(vertical="center"), border=Border(top=_GRID, bottom=_GRID)),
        _style(Role.TEXT, Font(name=FONT, size=10), alignment=_TOP, border=_BOX),
        _style(Role.NUMBER, Font(name=FONT, size=10), alignment=right, border=_BOX),
        _style(Role.PERCENT, Font(name=FONT, size=10), alignment=right, border=_BOX),
        _style(Role.RAG_RED, Font(name=FONT, size=10, bold=True, color="FFFFFF"), fill="C00000",
               alignment=rag, border=_BOX),
        _style(Role.RAG_AMBER, Font(name=FONT, size=10, bold=True, color="000000"), fill="FFC000",
               alignment=rag, border=_BOX),
        _style(Role.RAG_GREEN, Font(name=FONT, size=10, bold=True, color="000000"), fill="00B050",
               alignment=rag, border=_BOX),
        _style(Role.RAG_NONE, Font(name=FONT, size=10, color="000000"), fill="E7E6E6", alignment=rag, border=_BOX),
        _style(Role.RAG_MISSING, Font(name=FONT, size=10, italic=True, color="000000"), alignment=rag, border=_BOX),
        _style(Role.NEEDED, Font(name=FONT, size=10, bold=True, color="C00000"), fill="FFF2CC",
               alignment=_TOP, border=_BOX),
    ]
    return {Role(s.name.removeprefix(STYLE_PREFIX)): s for s in styles}


# Two parts, not three: LibreOffice narrows a centre part to stay clear of long side parts, and
# would break the marking over lines. A header cannot hold a line break that both programs read.
BUILT_IN_PAGE = Page(
    header=(HeaderPart("{marking}", f"{FONT},Bold", 9, "C00000"), HeaderPart(),
            HeaderPart("{title}, {period}", f"{FONT},Regular", 9)),
    footer=(HeaderPart("&A", f"{FONT},Regular", 8), HeaderPart("Page &P of &N", f"{FONT},Regular", 8),
            HeaderPart("{organisation}", f"{FONT},Regular", 8)),
)

# The columns a history adds; not in the template (which an officer may restyle), so not named in it.
HISTORY_WIDTHS: dict[Kind, float] = {Kind.QUARTERS: 17, Kind.SPC: 26}
BUILT_IN_WIDTHS: dict[str, dict[Kind, float]] = {
    SHEET_MAIN: {Kind.REF: 5, Kind.INDICATOR: 30, Kind.POLARITY: 7, Kind.UNIT: 8, Kind.TARGET: 14, Kind.ANNUAL: 6,
                 Kind.MONTH: 5, Kind.CURRENT: 10, Kind.RAG: 8.5, Kind.DIRECTION: 12, Kind.BENCHMARK: 6},
    SHEET_EXCEPTIONS: {Kind.REF: 5, Kind.INDICATOR: 30, Kind.RAG: 8, Kind.CURRENT: 11, Kind.TARGET: 13,
                       Kind.EXPLANATION: 30, Kind.DIRECTION: 10, Kind.COMMENTARY: 64},
    SHEET_KEY: {Kind.TERM: 24, Kind.MEANING: 110},
}


def built_in_look() -> Look:
    return Look(built_in_styles(), BUILT_IN_PAGE, {k: dict(v) for k, v in BUILT_IN_WIDTHS.items()})


# -- reading a template -------------------------------------------------------------------------


def load_look(template: Path | None = None) -> Look:
    """The look of `template` (default: the bundled one); the built-in look for whatever it lacks.

    Never raises for a bad template: the problems are warnings on the returned look.
    """
    path = template or default_template()
    look = built_in_look()
    fix = "Choose another template in Settings (or none, for the bundled one)."
    if not path.is_file():
        look.problems.append(warning(
            "template-unusable",
            f"The appendix template {path} does not exist, so the built-in look is used. {fix}"))
        return look
    if path.stat().st_size > MAX_TEMPLATE_BYTES:
        look.problems.append(warning(
            "template-unusable",
            f"The appendix template {path.name} is far too large to be a template, so the built-in look is used. "
            f"{fix}"))
        return look
    try:
        with zipfile.ZipFile(path) as zf:
            unsafe = doctype_parts(zf)  # refused before openpyxl parses it (see package.py)
        if unsafe:
            look.problems.append(warning(
                "template-unusable",
                f"The appendix template {path.name} cannot be read safely (its part {unsafe[0]} declares a document "
                f"type, which no Excel workbook has), so the built-in look is used. {fix}"))
            return look
        wb = openpyxl.load_workbook(path, keep_links=False)
    except Exception as exc:  # noqa: BLE001 - any unreadable template falls back to the built-in look
        look.problems.append(warning(
            "template-unusable",
            f"The appendix template {path.name} cannot be read ({type(exc).__name__}), so the built-in look is "
            f"used. Open it in Excel and save it again as .xlsx, or regenerate it. {fix}"))
        return look
    try:
        return _from_template(wb, path, look)
    except Exception as exc:  # noqa: BLE001 - a damaged part of a template must not stop the export
        fallback = built_in_look()
        fallback.problems.append(warning(
            "template-unusable",
            f"The appendix template {path.name} is damaged ({type(exc).__name__}: {exc}), so the built-in look "
            f"is used. {fix}"))
        return fallback
    finally:
        wb.close()


def _from_template(wb: openpyxl.Workbook, path: Path, look: Look) -> Look:
    named = {s.name: s for s in wb._named_styles}
    lacking = []
    for role in Role:
        found = named.get(style_name(role))
        if found is None:
            lacking.append(style_name(role))
        else:
            look.styles[role] = copy_style(found)
    if lacking:
        look.problems.append(warning(
            "template-incomplete",
            f"The appendix template {path.name} has no cell style(s) {', '.join(repr(n) for n in lacking)}; the "
            "built-in look is used for those. Add them in Excel (Cell Styles > New Cell Style) to restyle them."))
    main = wb[SHEET_MAIN] if SHEET_MAIN in wb.sheetnames else wb.worksheets[0]
    look.page = _page(main)
    for ws in wb.worksheets:
        widths = _widths(ws)
        if widths:
            look.widths.setdefault(ws.title, {}).update(widths)
    return replace(look, source=str(path))


def copy_style(style: NamedStyle) -> NamedStyle:
    """A named style detached from the workbook it was read from, so another workbook can take it."""
    return NamedStyle(
        name=style.name, font=copy(style.font), fill=copy(style.fill), border=copy(style.border),
        alignment=copy(style.alignment), number_format=style.number_format, protection=copy(style.protection),
    )


def _page(ws: Worksheet) -> Page:
    m = ws.page_margins
    header = ws.oddHeader
    footer = ws.oddFooter
    return Page(
        orientation=ws.page_setup.orientation or "landscape",
        margins=(m.left, m.right, m.top, m.bottom, m.header, m.footer),
        centred=bool(ws.print_options.horizontalCentered),
        header=(_part(header.left), _part(header.center), _part(header.right)),
        footer=(_part(footer.left), _part(footer.center), _part(footer.right)),
    )


def _part(part: object) -> HeaderPart:
    size = getattr(part, "size", None)
    return HeaderPart(getattr(part, "text", None) or "", getattr(part, "font", None),
                      int(size) if size else None, getattr(part, "color", None))


def _widths(ws: Worksheet) -> dict[Kind, float]:
    """Column widths by kind, read from the row of the template sheet that names the kinds."""
    labels = {k.value.casefold(): k for k in Kind}
    for row in ws.iter_rows(min_row=1, max_row=min(ws.max_row, 20)):
        found = {labels[c.value.strip().casefold()]: c.column_letter for c in row
                 if isinstance(c.value, str) and c.value.strip().casefold() in labels}
        if len(found) >= 2:
            widths = {}
            for kind, letter in found.items():
                width = ws.column_dimensions[letter].width if letter in ws.column_dimensions else None
                if width and 1 <= width <= 255:
                    widths[kind] = float(width)
            return widths
    return {}


# -- the public edition ------------------------------------------------------------------------------

# Words of a protective marking typed into a template's header instead of {marking}.
_MARKING_WORDS = re.compile(r"not\s+for\s+publication|exempt\s+information|schedule\s+12a|part\s*(?:2|two)\b",
                            re.I)


def public_look(look: Look) -> Look:
    """The look for the public (Part 1) appendix: no header or footer part carries a Part 2 marking.

    `{marking}` is left empty for the public paper anyway; this catches a marking typed into the
    template as plain text, which would print NOT FOR PUBLICATION on the paper meant for the public.
    """
    dropped: list[str] = []

    def clean(parts: tuple[HeaderPart, HeaderPart, HeaderPart]) -> tuple[HeaderPart, HeaderPart, HeaderPart]:
        kept = []
        for part in parts:
            if _MARKING_WORDS.search(part.text.replace("{marking}", "")):
                dropped.append(part.text)
                part = HeaderPart()
            kept.append(part)
        return kept[0], kept[1], kept[2]

    page = replace(look.page, header=clean(look.page.header), footer=clean(look.page.footer))
    if not dropped:
        return look
    listing = "; ".join(repr(text) for text in dropped)
    problems = [*look.problems, warning(
        "template-marking",
        f"The header or footer of the appendix template marks the paper as Part 2 ({listing}); that part is left "
        "out of the public appendix. Use {marking} in the template, which is filled in on the Part 2 paper only.")]
    return replace(look, page=page, problems=problems)


# -- applying the look to a new workbook ------------------------------------------------------------


def header_text(part: HeaderPart, values: dict[str, str]) -> str:
    """A header part's text with its placeholders filled in; `&` doubled, as Excel's header codes need."""
    text = part.text
    for placeholder in PLACEHOLDERS:
        if placeholder in text:
            text = text.replace(placeholder, values.get(placeholder.strip("{}"), "").replace("&", "&&"))
    return text


def apply_page(ws: Worksheet, page: Page, values: dict[str, str], paper_size: int) -> None:
    """Page setup, margins, header and footer from the look; fit to one page wide."""
    ws.page_setup.orientation = page.orientation
    ws.page_setup.paperSize = paper_size
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    left, right, top, bottom, head, foot = page.margins
    ws.page_margins.left, ws.page_margins.right = left, right
    ws.page_margins.top, ws.page_margins.bottom = top, bottom
    ws.page_margins.header, ws.page_margins.footer = head, foot
    ws.print_options.horizontalCentered = page.centred
    for item, parts in ((ws.oddHeader, page.header), (ws.oddFooter, page.footer)):
        for target, part in zip((item.left, item.center, item.right), parts):
            text = header_text(part, values)
            if text:
                target.text = text
                target.font = part.font
                target.size = part.size
                target.color = part.color
