"""Generate `appendix-one.xlsx`, the Appendix One template a council restyles in Excel.

    python workbook_templates/make_template.py            # rewrite the committed template
    python workbook_templates/make_template.py OUT.xlsx   # write it elsewhere

The template carries the built-in look of `scrutiny_desktop/excel/appendix_look.py`: one cell
style per role ("Appendix heading", "Appendix rag-red", ...), the page setup, header and footer
of the "Appendix One" sheet, and on each sheet a row naming the kinds of column, whose widths
the appendix takes. Example rows show every style in use.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from scrutiny_desktop.domain.appendix import MARKING, SHEET_EXCEPTIONS, SHEET_KEY, SHEET_MAIN, Role
from scrutiny_desktop.domain.settings import DEFAULT_ORGANISATION
from scrutiny_desktop.excel.appendix_look import (
    BUILT_IN_WIDTHS,
    PLACEHOLDERS,
    TEMPLATE_NAME,
    apply_page,
    built_in_look,
    style_name,
)

TEMPLATE = Path(__file__).resolve().parent / TEMPLATE_NAME
FIXED_TIME = datetime(2019, 11, 15, 9, 0, 0)
HOW_TO = (
    "This is a template, not an appendix: restyle the 'Appendix …' cell styles (Home > Cell Styles), and set the "
    "width of each column in the row of column kinds below, on each sheet.",
    "The page setup, header and footer of this sheet are used for every sheet; "
    + ", ".join(PLACEHOLDERS) + " in them are filled in when an appendix is written.",
)
Row = Sequence[tuple[object, Role]]

EXAMPLES: dict[str, list[Row]] = {
    SHEET_MAIN: [
        [("Children Looked After", Role.SECTION)] + [(None, Role.SECTION)] * 10,
        [("25", Role.TEXT), ("Stability of placements of Children Looked After - length of placement", Role.TEXT),
         ("High", Role.TEXT), ("%", Role.TEXT), ("65% (tolerance 5 points)", Role.TEXT), (0.58, Role.PERCENT),
         (0.549, Role.PERCENT), ("55% (50 of 91)", Role.PERCENT), ("Red", Role.RAG_RED),
         ("↓ worsening", Role.TEXT), (0.68, Role.PERCENT)],
        [("29", Role.TEXT), ("Average Caseloads (Children's Social Care)", Role.TEXT), ("Range", Role.TEXT),
         ("Average", Role.TEXT), ("12–15 (tolerance 3)", Role.TEXT), (15.6, Role.NUMBER), (16.8, Role.NUMBER),
         (16.8, Role.NUMBER), ("Amber", Role.RAG_AMBER), ("↑ worsening", Role.TEXT), (17.4, Role.NUMBER)],
        [("10", Role.TEXT), ("% of social care assessments completed within 45 working days", Role.TEXT),
         ("High", Role.TEXT), ("%", Role.TEXT), ("90% (tolerance 5 points)", Role.TEXT), (0.91, Role.PERCENT),
         ("[c]", Role.PERCENT), ("93% (240 of 258)", Role.PERCENT), ("Green", Role.RAG_GREEN),
         ("↑ improving", Role.TEXT), ("[x]", Role.PERCENT)],
        [("7", Role.TEXT), ("Number of children missing education", Role.TEXT), ("Monitor", Role.TEXT),
         ("Number", Role.TEXT), ("[z]", Role.TEXT), (44, Role.NUMBER), (45, Role.NUMBER), (45, Role.NUMBER),
         ("No target", Role.RAG_NONE), ("↑ increasing", Role.TEXT), ("[x]", Role.NUMBER)],
        [("3", Role.TEXT), ("Persistent absence: % of pupils missing 10% or more of sessions", Role.TEXT),
         ("Low", Role.TEXT), ("%", Role.TEXT), ("10% (tolerance 1 points)", Role.TEXT), (0.094, Role.PERCENT),
         ("[x]", Role.PERCENT), ("[x]", Role.PERCENT), ("No data", Role.RAG_MISSING), ("no comparison", Role.TEXT),
         (0.109, Role.PERCENT)],
    ],
    SHEET_EXCEPTIONS: [
        [("35.1", Role.TEXT), ("% EHCPs issued within 20 weeks", Role.TEXT), ("Red", Role.RAG_RED),
         ("51% (53 of 104)", Role.PERCENT), ("65% (tolerance 10 points)", Role.TEXT),
         ("51% is below the target of 65% by 14 points, beyond the tolerance of 10 points: Red", Role.TEXT),
         ("↓ worsening", Role.TEXT), ("Commentary needed", Role.NEEDED)],
    ],
    SHEET_KEY: [
        [("RAG rating", Role.SECTION), (None, Role.SECTION)],
        [("Red", Role.RAG_RED), ("Below expectation, beyond the amber tolerance.", Role.TEXT)],
    ],
}


def write_template(path: Path = TEMPLATE) -> Path:
    """Write the template with the built-in look."""
    look = built_in_look()
    wb = Workbook()
    wb.remove(wb.active)
    for style in look.styles.values():
        wb.add_named_style(style)
    top: list[Row] = [
        [("Appendix One: Children's Scrutiny Dataset (example)", Role.TITLE)], [(MARKING, Role.MARKING)],
        [(f"Performance as at the end of October 2019. Prepared by {DEFAULT_ORGANISATION}.", Role.SUBTITLE)],
        [("Symbols: [c] confidential; [x] not available; [z] not applicable.", Role.KEY)],
        *([(line, Role.KEY)] for line in HOW_TO),
    ]
    placeholders = {p.strip("{}"): p for p in PLACEHOLDERS}
    for name, examples in EXAMPLES.items():
        ws = wb.create_sheet(name)
        kinds = list(BUILT_IN_WIDTHS[name])
        heading: Row = [(kind.value, Role.HEADING) for kind in kinds]
        for r, row in enumerate([*top, heading, *examples], start=1):
            for c, (value, role) in enumerate(row, start=1):
                cell = ws.cell(r, c, value)
                cell.style = style_name(role)
                if isinstance(value, float):
                    cell.number_format = "0.0%" if role is Role.PERCENT else "0.0"
        for c, kind in enumerate(kinds, start=1):
            ws.column_dimensions[get_column_letter(c)].width = BUILT_IN_WIDTHS[name][kind]
        for r in range(len(top) + 1, len(top) + len(examples) + 2):
            ws.row_dimensions[r].height = 27  # two lines: the examples wrap as an appendix's rows do
        ws.freeze_panes = ws.cell(len(top) + 2, 1).coordinate
        ws.print_title_rows = f"{len(top) + 1}:{len(top) + 1}"
        apply_page(ws, look.page, placeholders, 9)
    wb.properties.title = "Appendix One template"
    wb.properties.creator = DEFAULT_ORGANISATION
    wb.properties.lastModifiedBy = DEFAULT_ORGANISATION
    wb.properties.created = FIXED_TIME
    wb.properties.modified = FIXED_TIME
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


def main(argv: Sequence[str]) -> int:
    out = Path(argv[0]) if argv else TEMPLATE
    write_template(out)
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
