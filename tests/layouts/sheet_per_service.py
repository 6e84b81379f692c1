"""Item 4: one sheet per service area, a second table below the first, cover / guidance / notes sheets.

Modelled on a metropolitan borough's monthly "Children's Services Performance Workbook": a cover sheet,
a "Guidance" sheet defining each indicator (it has Ref and Indicator headings but nothing to rate), one
sheet per service area with no section column (the sheet is the section), a second table "For information:
activity and demand" under the first on the Social Care sheet, and a "Notes" sheet at the end.
"""

from __future__ import annotations

from pathlib import Path

from tests.workbooks import Sheet, build

MONTHS = ["Aug-19", "Sep-19", "Oct-19"]
HEADINGS: list[object] = ["Ref", "Indicator", "Good is", "Target", "Tolerance", *MONTHS, "Comment"]

SERVICES: dict[str, list[list[object]]] = {
    "Early Help": [
        ["EH1", "% of early help assessments completed within 45 days", "High", 80, 5, 81.0, 79.2, 83.5, None],
        ["EH2", "% of early help cases closed with outcomes achieved", "High", 75, 5, 74.1, 76.0, 71.0,
         "Closures in October included cases stepped up to social care."],
        ["EH3", "% of families re-referred to early help within 12 months", "Low", 15, 3, 16.0, 17.4, 19.2,
         "Review of step-down decisions commissioned."],
    ],
    "Social Care": [
        ["SC1", "% of referrals that were re-referrals within 12 months", "Low", 22, 2, 23.0, 22.4, 21.0, None],
        ["SC2", "% of single assessments completed within 45 working days", "High", 85, 5, 84.0, 81.3, 79.9,
         "Agency staff turnover in the assessment service."],
        ["SC3", "% of children becoming subject to a CP plan for a second or subsequent time", "Low", 18, 3,
         17.0, 19.8, 20.5, None],
    ],
    "Children in Care": [
        ["CIC1", "% of children looked after with 3 or more placements in 12 months", "Low", 10, 1, 10.2, 10.6,
         10.9, None],
        ["CIC2", "% of children looked after for 2.5 years or more in the same placement for 2 years", "High", 68,
         5, 63.0, 62.1, 61.3, "Placement sufficiency plan to Cabinet in December."],
        ["CIC3", "% of care leavers aged 19-21 in education, employment or training", "High", 55, 5, 56.0, 57.1,
         57.8, None],
    ],
}

ACTIVITY: list[list[object]] = [
    ["For information: activity and demand"],
    ["Ref", "Indicator", *MONTHS],
    ["SCA1", "Number of contacts received", 1210, 1305, 1188],
    ["SCA2", "Number of referrals received", 402, 388, 415],
]


def _service(name: str, rows: list[list[object]]) -> Sheet:
    grid: list[list[object]] = [[f"{name} - performance to end of October 2019"], [], HEADINGS, *rows]
    if name == "Social Care":
        grid += [[], [], *ACTIVITY]
    return Sheet(name, grid)


def write(path: Path) -> Path:
    cover = Sheet("Cover", [
        ["Children's Services Performance Report"],
        ["October 2019"],
        [],
        ["Contents: Guidance; Early Help; Social Care; Children in Care; Notes"],
        ["Produced by the Performance and Intelligence Team"],
    ])
    guidance = Sheet("Guidance", [
        ["Guidance: how to read this workbook"],
        [],
        ["Ref", "Indicator", "Definition", "Good is"],
        *[[row[0], row[1], "See the indicator definitions library.", row[2]]
          for rows in SERVICES.values() for row in rows],
        [],
        ["RAG: Green at or better than target; Amber below target but within tolerance; Red outside tolerance."],
    ])
    notes = Sheet("Notes", [["Notes"], ["October figures are provisional until the year-end return."]])
    return build(path, cover, guidance, *(_service(n, rows) for n, rows in SERVICES.items()), notes)
