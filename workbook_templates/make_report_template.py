"""Generate `report-template.docx`, the Word template of the report draft, which a council restyles in Word.

    python workbook_templates/make_report_template.py            # rewrite the committed template
    python workbook_templates/make_report_template.py OUT.docx   # write it elsewhere

The template carries the built-in styles of `scrutiny_desktop/word/report_look.py` and an A4
page. Its body shows each style in use; a report keeps none of that text, only the styles,
numbering, theme, settings and page setup. A council may instead point Scrutiny Desktop at its
own .docx: any style it lacks is added from the built-in ones, with a warning.
"""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path

import docx
from docx.shared import Cm

from scrutiny_desktop.domain.appendix import MARKING
from scrutiny_desktop.domain.report import COMMENTARY_NEEDED, PUBLIC_MARKING
from scrutiny_desktop.domain.settings import DEFAULT_ORGANISATION
from scrutiny_desktop.word.report_look import (
    BODY,
    BUILT_IN_STYLES,
    FOOTER,
    HEADER,
    HEADING_1,
    HEADING_2,
    LIST,
    NEEDED,
    PROTECTIVE_MARKING,
    SUBTITLE,
    TABLE,
    TEMPLATE_NAME,
    TITLE,
    apply_style,
    keep_only_what_is_built,
    set_properties,
)

TEMPLATE = Path(__file__).resolve().parent / TEMPLATE_NAME
FIXED_TIME = datetime(2019, 11, 15, 9, 0, 0)
A4 = (Cm(21.0), Cm(29.7))
MARGIN = Cm(2.0)
HOW_TO = (
    "This is a template, not a report: restyle the styles below in Word (Home > Styles > Modify) and set the page "
    "(Layout > Margins). Scrutiny Desktop keeps the styles, page setup and theme of this file and replaces all of "
    "its text, headers and footers."
)
EXAMPLES = (
    (PROTECTIVE_MARKING, f"{PUBLIC_MARKING}   (or, in Part 2: {MARKING})"),
    (TITLE, "Performance Reporting – Children's Scrutiny Dataset"),
    (SUBTITLE, "Report draft: management commentary on exception, October 2019 – Part 1 (public)"),
    (HEADING_1, "3.5 Management commentary on exception – Index indicators performing below expectation"),
    (BODY, "As at the end of October 2019, the following Children's Scrutiny Dataset key performance indicators "
           "were performing below expectation."),
    (HEADING_2, "3.5.1 Indicator 25: Stability of placements of Children Looked After - length of placement (RED)"),
    (LIST, "Indicator 25: Stability of placements – Amber to Red (newly Red)."),
    (HEADER, "The running header: the report title and period (style 'Header')."),
    (FOOTER, "The footer: Page 1 of 2 (style 'Footer')."),
)


def write_template(path: Path = TEMPLATE) -> Path:
    document = docx.Document()
    keep_only_what_is_built(document)
    for spec in BUILT_IN_STYLES:
        apply_style(document, spec)
    for section in document.sections:
        section.page_width, section.page_height = A4
        section.left_margin = section.right_margin = section.top_margin = section.bottom_margin = MARGIN
    document.add_paragraph(HOW_TO, style=BODY)
    for style, text in EXAMPLES:
        document.add_paragraph(text, style=style)
    needed = document.add_paragraph("Commentary still to be written shows as ", style=BODY)
    needed.add_run(COMMENTARY_NEEDED, style=NEEDED)
    needed.add_run(" (character style 'Commentary Needed').")
    table = document.add_table(rows=2, cols=2)
    table.style = TABLE
    for cell, text in zip(table.rows[0].cells + table.rows[1].cells, ("Rating", "Indicators", "Red", "3")):
        cell.text = text
    set_properties(document, title="Scrutiny Desktop report template", subject="Management commentary on exception",
                   author=DEFAULT_ORGANISATION, when=FIXED_TIME)
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(path))
    return path


if __name__ == "__main__":
    print(write_template(Path(sys.argv[1]) if len(sys.argv) > 1 else TEMPLATE))
