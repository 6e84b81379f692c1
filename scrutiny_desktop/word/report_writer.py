"""Write a `ReportDraft` as a Word document, in the styles of the report template.

Every block of the draft gets one named style (report_look.py), so a council restyles the
report in Word, not here. Each page header carries the edition's marking (PART ONE – PUBLIC,
or NOT FOR PUBLICATION …): first-page, odd and even headers alike, so no page of a template with
a different first page or facing pages goes unmarked.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm

from scrutiny_desktop.domain.problems import Problem
from scrutiny_desktop.domain.report import COMMENTARY_NEEDED, ReportDraft
from scrutiny_desktop.word.report_look import (
    BODY,
    FOOTER,
    HEADER,
    HEADING_1,
    HEADING_2,
    LIST,
    NEEDED,
    PROTECTIVE_MARKING,
    SUBTITLE,
    TABLE,
    TITLE,
    open_template,
    set_properties,
    style_of,
)

if TYPE_CHECKING:
    from docx.document import Document

COLUMN_WIDTHS = (Cm(5), Cm(3))  # the table of ratings: "No target" and a count
DRAFT_NOTE = ("A draft written by Scrutiny Desktop from the monthly workbook, for the report's section on "
              "exceptions: complete the commentary, check each figure against Appendix One, and copy the text into "
              "the committee report.")


def write_report(draft: ReportDraft, path: Path, template: Path | None = None) -> tuple[Problem, ...]:
    """Write `draft` to `path` (a .docx); returns warnings about the template, if any."""
    document, problems = open_template(template)
    _properties(document, draft)
    _headers_and_footers(document, draft)
    _body(document, draft)
    document.save(str(path))
    return tuple(problems)


def edition(draft: ReportDraft) -> str:
    return "Part 1 (public)" if draft.public else "Part 2 (not for publication)"


# -- properties, headers and footers -----------------------------------------------------------


def _properties(document: Document, draft: ReportDraft) -> None:
    now = datetime.now(UTC).replace(microsecond=0, tzinfo=None)
    set_properties(document, title=draft.title, subject=f"{draft.heading}, {draft.period}", author=draft.author,
                   when=now)


def _headers_and_footers(document: Document, draft: ReportDraft) -> None:
    """The same header and footer for the first page, odd and even pages, whichever the template uses."""
    running_title = f"{draft.heading}: management commentary on exception, {draft.period}"
    for section in document.sections:
        for header in (section.header, section.first_page_header, section.even_page_header):
            header.is_linked_to_previous = False
            _only_paragraph(header, draft.marking, PROTECTIVE_MARKING, document)
            _add(header, running_title, HEADER, document)
        for footer in (section.footer, section.first_page_footer, section.even_page_footer):
            footer.is_linked_to_previous = False
            paragraph = _only_paragraph(footer, "Page ", FOOTER, document)
            _field(paragraph, "PAGE")
            paragraph.add_run(" of ")
            _field(paragraph, "NUMPAGES")
            paragraph.add_run(f" – {edition(draft)}")


def _only_paragraph(story: Any, text: str, style: str, document: Document) -> Any:
    """The story's first paragraph with `text` in `style`; any other paragraphs removed."""
    first, *rest = story.paragraphs
    for extra in rest:
        extra._element.getparent().remove(extra._element)
    for run in list(first.runs):
        run._element.getparent().remove(run._element)
    first.style = style_of(document, style)
    first.add_run(text)
    return first


def _add(story: Any, text: str, style: str, document: Document) -> Any:
    return story.add_paragraph(text, style=style_of(document, style))


def _field(paragraph: Any, instruction: str) -> None:
    """A Word field (PAGE, NUMPAGES) as its five runs: begin, instruction, separate, a shown value, end."""
    def run_with(*children: Any) -> None:
        run = OxmlElement("w:r")
        for child in children:
            run.append(child)
        paragraph._p.append(run)

    def char(kind: str) -> Any:
        node = OxmlElement("w:fldChar")
        node.set(qn("w:fldCharType"), kind)
        return node

    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    shown = OxmlElement("w:t")
    shown.text = "1"
    run_with(char("begin"))
    run_with(instr)
    run_with(char("separate"))
    run_with(shown)
    run_with(char("end"))


# -- the body ----------------------------------------------------------------------------------


def _body(document: Document, draft: ReportDraft) -> None:
    def para(text: str, style: str = BODY) -> Any:
        return document.add_paragraph(text, style=style_of(document, style))

    para(draft.heading, TITLE)
    para(f"Report draft: management commentary on exception, {draft.period} – {edition(draft)}", SUBTITLE)
    para(DRAFT_NOTE)

    para("Summary", HEADING_1)
    for line in draft.summary:
        para(line)
    _counts_table(document, draft)
    para(draft.changes_heading, HEADING_2)
    for line in draft.changes:
        para(line, LIST)

    para(draft.section_heading, HEADING_1)
    for line in draft.introduction:
        para(line)
    for exception in draft.exceptions:
        para(exception.title, HEADING_2)
        para(exception.figures)
        for paragraph in exception.commentary:
            para(paragraph)
        if not exception.commentary:
            needed = para("")
            needed.add_run(COMMENTARY_NEEDED, style=style_of(document, NEEDED))


def _counts_table(document: Document, draft: ReportDraft) -> None:
    table = document.add_table(rows=1, cols=2)
    table.style = style_of(document, TABLE)
    table.autofit = False
    heading = table.rows[0].cells
    for cell, text in zip(heading, ("Rating", "Indicators")):
        cell.paragraphs[0].add_run(text).bold = True
    for word, count in draft.counts:
        cells = table.add_row().cells
        cells[0].text = word
        cells[1].text = str(count)
        if word == "Total":
            for cell in cells:
                for run in cell.paragraphs[0].runs:
                    run.bold = True
    # Word reads the cells' widths, LibreOffice the table's grid: both are set.
    for column, width in zip(table.columns, COLUMN_WIDTHS):
        column.width = width
        for cell in column.cells:
            cell.width = width
    # A table's heading row repeats on each page, and a screen reader announces it as such.
    tr_pr = table.rows[0]._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    tr_pr.append(header)
    document.add_paragraph("", style=style_of(document, BODY))
