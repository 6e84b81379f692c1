"""Generate `sample-scrutiny-dataset.xlsx`, the bundled monthly workbook.

    python workbook_templates/make_sample.py            # rewrite the committed sample
    python workbook_templates/make_sample.py OUT.xlsx   # write it elsewhere

About 40 indicators across the sections of a children's services scrutiny dataset, April to
October 2019 with October 2018 for comparison, laid out as councils do: title rows above
the table, section rows, text period headings, fractions written as `55% (50 of 91)`,
percentages both as %-formatted fractions and as 0-100 numbers, a hidden working column,
and notes under the table. The figures are invented, but the exceptions match the
reference committee report (CEF 19019): 25, 29 and 35.1 in the public part, and 5, 22, 23
reported in Part 2. Tests and benchmarks reuse `write_dataset` for other layouts.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

HERE = Path(__file__).resolve().parent
SAMPLE = HERE / "sample-scrutiny-dataset.xlsx"
MONTHS = ("Apr-19", "May-19", "Jun-19", "Jul-19", "Aug-19", "Sep-19", "Oct-19")
FIXED_TIME = datetime(2019, 11, 15, 9, 0, 0)

Figure = float | int | str | None


@dataclass
class Row:
    """One indicator of the sample: its definition and figures."""

    ref: str
    title: str
    good_is: str
    unit: str
    frequency: str
    target: Figure
    tolerance: Figure
    years: tuple[Figure, Figure, Figure]
    last_year: Figure  # October 2018
    months: tuple[Figure, ...]  # April to October 2019
    benchmarks: tuple[Figure, Figure, Figure] = (None, None, None)  # stat neighbours, London, England
    part2: bool = False
    rag: str = ""
    commentary: str = ""
    percent_cells: bool = False  # percentages held as %-formatted fractions (0.93 shows as 93%)


@dataclass
class Section:
    name: str
    rows: list[Row] = field(default_factory=list)


def frac(n: int, d: int) -> str:
    """Bromley's way of writing a percentage with its counts: `55% (50 of 91)`."""
    return f"{int(100 * n / d + 0.5)}% ({n} of {d})"


SECTIONS: list[Section] = [
    Section("Education", [
        Row("1", "% of schools rated Good or Outstanding by Ofsted", "High", "%", "Monthly", 0.90, 0.05,
            (0.88, 0.89, 0.91), 0.90, (0.91, 0.91, 0.92, 0.92, 0.92, 0.93, 0.93), (0.89, 0.93, 0.86),
            rag="G", percent_cells=True),
        Row("2", "% of pupils achieving the expected standard in reading, writing and maths at Key Stage 2", "High",
            "%", "Annual", 0.70, 0.05, (0.66, 0.68, 0.71), None, (None, None, None, None, None, 0.72, None),
            (0.68, 0.71, 0.65), rag="G", percent_cells=True),
        Row("3", "Persistent absence: % of pupils missing 10% or more of sessions", "Low", "%", "Termly", 0.10, 0.01,
            (0.101, 0.098, 0.094), None, (None, None, None, 0.089, None, None, None), (0.103, 0.098, 0.109),
            rag="G", percent_cells=True),
        Row("4", "Number of primary permanent exclusions (academic year to date)", "Low", "Number", "Monthly", 3, 2,
            (4, 2, 3), 1, (2, 2, 3, 3, 3, 0, 1), rag="G"),
        Row("5", "Number of secondary permanent exclusions (rolling 12 months)", "Low", "Number", "Monthly", 45, 5,
            (41, 47, 55), 49, (55, 56, 58, 62, 62, 61, 62), (38, 40, 44), part2=True, rag="R",
            commentary="Exclusions rose to 62 at the end of the 2018/19 academic year, concentrated in two schools; "
                       "the Inclusion Team is working with both on managed moves."),
        Row("6", "% of 16-17 year olds not in education, employment or training (NEET) or whose activity is not known",
            "Low", "%", "Monthly", 3.0, 0.5, (3.4, 3.1, 2.9), 3.0, (2.9, 2.8, 2.9, 3.0, 3.2, 3.1, 2.8),
            (3.9, 4.1, 5.5), rag="G"),
        Row("7", "Number of children missing education", "Monitor", "Number", "Monthly", "No target", None,
            (52, 47, 44), 40, (38, 41, 45, 43, 30, 36, 45)),
    ]),
    Section("Early Help and Children's Social Care", [
        Row("8", "Number of contacts received by the Multi-Agency Safeguarding Hub", "Monitor", "Number", "Monthly",
            None, None, (12950, 13420, 13880), 1120, (1105, 1190, 1163, 1210, 980, 1015, 1150)),
        Row("9", "% of referrals that were re-referrals within 12 months", "Low", "%", "Monthly", 20, 3,
            (21, 19, 18), frac(48, 251), (frac(44, 248), frac(47, 256), frac(41, 239), frac(46, 262), frac(39, 221),
                                          frac(43, 240), frac(45, 265)), (20.1, 17.5, 22.6), rag="G"),
        Row("10", "% of social care assessments completed within 45 working days", "High", "%", "Monthly", 90, 5,
            (84, 88, 91), frac(221, 245), (frac(230, 251), frac(236, 259), frac(228, 247), frac(241, 262),
                                           frac(199, 214), frac(225, 243), frac(240, 258)), (85.0, 87.4, 83.1),
            rag="G"),
        Row("11", "Rate of children in need per 10,000 children", "Monitor", "Rate per 10,000", "Monthly", None,
            None, (318.2, 311.5, 306.9), 309.4, (307.1, 305.2, 303.8, 306.0, 301.2, 303.3, 305.0),
            (290.1, 311.2, 334.2)),
        Row("12", "% of early help assessments completed within 35 working days", "High", "%", "Monthly", "TBC",
            None, (None, 74, 79), 77, (78, 80, 79, 82, 84, 80, 81)),
    ]),
    Section("Child Protection", [
        Row("13", "Rate of children subject to a child protection plan per 10,000 children", "Monitor",
            "Rate per 10,000", "Monthly", None, None, (36.5, 38.9, 37.2), 37.9, (38.4, 39.0, 37.7, 38.1, 38.8, 38.5,
                                                                                 38.2), (40.2, 35.9, 43.7)),
        Row("14", "% of initial child protection conferences held within 15 working days of the strategy discussion",
            "High", "%", "Monthly", 85, 5, (81, 84, 88), frac(37, 43), (frac(39, 44), frac(36, 41), frac(40, 45),
                                                                         frac(38, 44), frac(33, 37), frac(37, 42),
                                                                         frac(41, 46)), (79.8, 80.2, 78.7), rag="A"),
        Row("15", "% of child protection reviews held within timescale", "High", "%", "Monthly", 98, 2,
            (96, 97, 99), 100, (100, 99, 100, 100, 98, 100, 100), (91.0, 93.2, 91.5), rag="G"),
        Row("16", "% of children becoming subject to a child protection plan for a second or subsequent time", "Low",
            "%", "Monthly", 15, 3, (17, 14, 13), frac(10, 74), (frac(9, 63), frac(8, 58), frac(9, 66), frac(7, 55),
                                                                frac(8, 60), frac(8, 62), frac(8, 61)),
            (17.9, 18.2, 20.8), rag="G"),
        Row("17", "% of child protection plans ending that had lasted 2 years or more", "Low", "%", "Monthly", 5, 2,
            (4, 3, 2), frac(2, 58), (frac(1, 61), frac(2, 64), frac(2, 60), frac(2, 67), frac(1, 59), frac(2, 62),
                                     frac(2, 66)), (3.2, 3.0, 3.8), rag="G"),
        Row("18", "% of children on a child protection plan visited within 10 working days", "High", "%", "Monthly",
            95, 5, (92, 94, 96), 95, (96, 95, 97, 96, 94, 96, 96), rag="G"),
    ]),
    Section("Children Looked After", [
        Row("19", "Rate of children looked after per 10,000 children", "Monitor", "Rate per 10,000", "Monthly",
            None, None, (43.1, 44.7, 46.0), 45.6, (46.2, 46.5, 46.9, 47.3, 47.0, 47.6, 47.9), (51.6, 49.0, 65.0)),
        Row("20", "% of children looked after with 3 or more placements in the last 12 months", "Low", "%",
            "Monthly", 10, 2, (11, 10, 9), frac(30, 318), (frac(29, 314), frac(28, 316), frac(30, 319), frac(27, 320),
                                                            frac(28, 317), frac(29, 315), frac(28, 311)),
            (9.8, 10.1, 10.0), rag="G"),
        Row("21", "Number of children adopted (year to date)", "Monitor", "Number", "Monthly", None, None,
            (14, 11, 9), 4, (1, 1, 2, 3, 3, 4, 4)),
        Row("22", "Number of episodes of children looked after going missing from placement", "Low", "Number",
            "Monthly", 10, 3, (96, 121, 133), 11, (9, 12, 10, 13, 14, 12, 15), part2=True, rag="R",
            commentary="Fifteen episodes in October relate to four young people; each has a multi-agency missing "
                       "plan and return home interviews were offered within 72 hours."),
        Row("23", "% of children placed for adoption within 12 months of the decision that they should be adopted",
            "High", "%", "Quarterly", 70, 10, (71, 64, 60), None, (None, None, frac(3, 5), None, None, frac(2, 5),
                                                                    None), (62.0, 58.0, 57.0), part2=True, rag="R",
            commentary="Two of five children were placed within 12 months; the other three have complex needs and "
                       "matching is under way with the regional adoption agency."),
        Row("24", "% of children looked after reviews held within timescale", "High", "%", "Monthly", 95, 3,
            (93, 95, 96), 96, (97, 96, 95, 97, 95, 96, 97), rag="G"),
        Row("25", "Stability of placements of Children Looked After - length of placement", "High", "%", "Monthly",
            65, 5, (62, 60, 58), frac(45, 78), (frac(52, 90), frac(51, 89), frac(51, 90), frac(50, 89), frac(50, 90),
                                                frac(51, 92), frac(50, 91)), (68.0, 67.0, 68.0), rag="R",
            commentary="Whilst there have been significant improvements in this area, such as the introduction of a "
                       "family finder for long term fostering, this work will by definition take longer to show "
                       "results in ensuring long term stability."),
        Row("26", "% of children looked after with an up-to-date health assessment", "High", "%", "Monthly", 90, 5,
            (86, 89, 92), 91, (92, 91, 93, 92, 90, 91, 93), (88.0, 89.5, 90.0), rag="G"),
    ]),
    Section("Care Leavers", [
        Row("27", "% of care leavers aged 19-21 in education, employment or training", "High", "%", "Monthly",
            "England", None, (49, 52, 55), 54, (56, 55, 57, 56, 55, 57, 58), (51.0, 53.0, 52.0), rag="G"),
        Row("28", "% of care leavers aged 19-21 in suitable accommodation", "High", "%", "Monthly", 85, 5,
            (84, 86, 88), frac(11, 12), (frac(10, 11), frac(11, 12), frac(10, 11), frac(11, 12), frac(11, 12),
                                         frac(11, 12), frac(11, 12)), (85.0, 82.0, 85.0), rag="G"),
    ]),
    Section("Workforce", [
        Row("29", "Average Caseloads (Children's Social Care)", "Range", "Average", "Monthly", "12-15", 3,
            (14.2, 15.1, 15.6), 15.4, (15.2, 15.6, 15.9, 16.1, 16.4, 16.5, 16.8), (16.0, 15.4, 17.4), rag="A",
            commentary="The average caseload across the division stood at 16.8 cases, higher than the caseload "
                       "promise of 12 to 15 cases; there were also 6 vacant posts within the Referral and "
                       "Assessment Service contributing to the increased average this month."),
        Row("30", "% of social worker posts filled by agency staff", "Low", "%", "Monthly", 20, 5, (24, 22, 19), 19,
            (18, 18, 19, 17, 18, 18, 18), (21.0, 24.0, 15.4), rag="G"),
        Row("31", "Social worker turnover rate (rolling 12 months)", "Low", "%", "Monthly", 15, 3, (18, 16, 15), 15,
            (15, 14, "see note", 14, 15, 14, 14), (16.0, 17.1, 15.2), rag="G"),
    ]),
    Section("Special Educational Needs and Disabilities", [
        Row("32", "Number of Education, Health and Care Plans maintained", "Monitor", "Number", "Monthly", None, None,
            (1650, 1860, 2050), 2040, (2064, 2080, 2098, 2110, 2115, 2131, 2152)),
        Row("33", "Number of requests for an EHC needs assessment (calendar year to date)", "Monitor", "Number",
            "Monthly", None, None, (402, 468, 531), 455, (221, 281, 344, 409, 452, 521, 590)),
        Row("34", "% of EHCP annual reviews completed within timescale", "High", "%", "Monthly", 80, 10,
            (71, 76, 79), 79, (80, 81, 80, 82, 81, 82, 82), rag="G"),
        Row("35.1", "% Education, Health and Care Plans (EHCP) issued within statutory 20 week timescale "
            "(excluding exception cases)", "High", "%", "Quarterly", 65, 10, (58, 61, 60), None,
            (None, None, frac(48, 92), None, None, frac(53, 104), None), (55.0, 52.0, 60.4), rag="R"),
        Row("35.2", "% Education, Health and Care Plans (EHCP) issued within statutory 20 week timescale "
            "(including exception cases)", "Monitor", "%", "Quarterly", None, None, (56, 59, 58), None,
            (None, None, frac(49, 98), None, None, frac(56, 112), None), (53.0, 50.0, 58.7)),
    ]),
    Section("Youth Justice", [
        Row("36", "First time entrants to the youth justice system per 100,000 young people aged 10-17", "Low",
            "Rate per 100,000", "Quarterly", 250, 25, (281, 262, 244), None, (None, None, 236, None, None, 230, None),
            (231.0, 263.0, 238.0), rag="G"),
        Row("37", "% of young people in the youth justice cohort who reoffend", "Low", "%", "Quarterly", 35, 5,
            (38, 36, 34), None, (None, None, 34, None, None, 33, None), (37.8, 38.9, 38.4), rag="G"),
        Row("38", "Number of young people sentenced to custody (year to date)", "Monitor", "Number", "Monthly", None,
            None, (9, 7, 6), 3, (0, 1, 1, 1, 2, 2, 2)),
        Row("39", "% of young people supervised by the youth offending service in suitable education, training "
            "or employment", "High", "%", "Quarterly", 75, 10, (70, 73, 76), None,
            (None, None, 77, None, None, 78, None), rag="G"),
    ]),
]

HEADINGS = (
    "Ref", "Indicator", "Good is", "Unit", "Frequency", "Target / range", "Tolerance",
    "2016/17", "2017/18", "2018/19", "Oct-18", *MONTHS,
    "Stat neighbours", "London", "England", "Part 2", "RAG", "Commentary", "Working (do not use)",
)
NOTES = (
    "Notes:",
    "Percentages are shown with their counts where the service provides them, e.g. 55% (50 of 91).",
    "Quarterly and termly indicators are reported in the month their data relates to.",
    "Indicators marked Part 2 are reported in the Part 2 (exempt) report.",
)
THIN = Side(style="thin", color="A6A6A6")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEADER_FILL = PatternFill("solid", start_color="1F3864")
SECTION_FILL = PatternFill("solid", start_color="D9E1F2")
RAG_FILLS = {"R": "C00000", "A": "FFC000", "G": "00B050"}


@dataclass(frozen=True)
class Layout:
    """How a generated dataset is laid out, so tests and benchmarks can vary it."""

    sheet: str = "Dataset"
    title_rows: tuple[str, ...] = ("Children's Scrutiny Dataset", "Performance as at the end of October 2019")
    blank_rows_after_title: int = 1
    notes: tuple[str, ...] = NOTES
    hidden_working_column: bool = True
    last_year_column: bool = True  # the "Oct-18" column, for direction of travel against last year


def write_dataset(path: Path, sections: Sequence[Section] = SECTIONS, layout: Layout = Layout(),
                  months: Sequence[str] = MONTHS) -> Path:
    """Write a monthly dataset workbook in the sample's layout."""
    headings = (*HEADINGS[:10], *HEADINGS[10:11] * layout.last_year_column, *months, *HEADINGS[11 + len(MONTHS):])
    if not layout.hidden_working_column:
        headings = headings[:-1]
    wb = Workbook()
    ws = wb.active
    ws.title = layout.sheet
    width = len(headings)
    r = 1
    for i, text in enumerate(layout.title_rows):
        cell = ws.cell(r, 1, text)
        cell.font = Font(bold=True, size=16 if i == 0 else 12)
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=8)
        r += 1
    r += layout.blank_rows_after_title
    header_row = r
    for c, text in enumerate(headings, start=1):
        cell = ws.cell(r, c, text)
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        cell.border = BORDER
    ws.row_dimensions[r].height = 32
    r += 1
    for section in sections:
        cell = ws.cell(r, 1, section.name)
        cell.font = Font(bold=True)
        for c in range(1, width + 1):
            ws.cell(r, c).fill = SECTION_FILL
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=width)
        r += 1
        for row in section.rows:
            _write_row(ws, r, row, len(months), layout)
            r += 1
    r += 1
    for text in layout.notes:
        ws.cell(r, 1, text).font = Font(italic=True, bold=text.endswith(":"))
        r += 1
    _finish(ws, headings, header_row, layout.hidden_working_column)
    wb.properties.creator = "Children's Services Performance"
    wb.properties.title = "Children's Scrutiny Dataset"
    wb.properties.created = FIXED_TIME
    wb.properties.modified = FIXED_TIME
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


def _write_row(ws: object, r: int, row: Row, n_months: int, layout: Layout) -> None:
    working = layout.hidden_working_column
    percent_format = "0%" if row.percent_cells else "General"
    last_year = [(row.last_year, percent_format)] if layout.last_year_column else []
    values: list[tuple[Figure, str]] = [
        (row.ref, "@"), (row.title, "General"), (row.good_is, "General"), (row.unit, "General"),
        (row.frequency, "General"), (row.target, percent_format), (row.tolerance, percent_format),
        *[(v, percent_format) for v in row.years], *last_year,
        *[(v, percent_format) for v in (list(row.months) + [None] * n_months)[:n_months]],
        # Benchmarks of a row held as fractions are %-formatted like the rest of the row.
        *[(v, percent_format if row.percent_cells else "0.0" if isinstance(v, float) else "General")
          for v in row.benchmarks],
        ("Y" if row.part2 else "N", "General"), (row.rag, "General"), (row.commentary, "General"),
    ]
    if working:
        values.append((len(row.title), "General"))
    for c, (value, fmt) in enumerate(values, start=1):
        cell = ws.cell(r, c, value)  # type: ignore[attr-defined]
        cell.border = BORDER
        if fmt != "General" and not isinstance(value, str):
            one_decimal = fmt == "0%" and isinstance(value, float) and round(value * 1000) % 10
            cell.number_format = "0.0%" if one_decimal else fmt
        if c == 2 or (working and c == len(values) - 1):
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    rag_col = len(values) - (2 if working else 1)
    if row.rag in RAG_FILLS:
        ws.cell(r, rag_col).fill = PatternFill("solid", start_color=RAG_FILLS[row.rag])  # type: ignore[attr-defined]


def _finish(ws: object, headings: Sequence[str], header_row: int, working: bool) -> None:
    widths = {"Ref": 6, "Indicator": 48, "Commentary": 50, "Good is": 9, "Unit": 12, "Frequency": 11,
              "Target / range": 10, "Tolerance": 10}
    for c, heading in enumerate(headings, start=1):
        ws.column_dimensions[get_column_letter(c)].width = widths.get(heading, 14 if "(" in heading else 10)  # type: ignore[attr-defined]
    if working:
        ws.column_dimensions[get_column_letter(len(headings))].hidden = True  # type: ignore[attr-defined]
    ws.freeze_panes = f"C{header_row + 1}"  # type: ignore[attr-defined]


def main(argv: Sequence[str]) -> int:
    out = Path(argv[0]) if argv else SAMPLE
    write_dataset(out)
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
