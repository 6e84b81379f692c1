"""Item 1: headings carrying years and units ("Target 2019/20", "Outturn 2018/19", "Outturn (%)").

Modelled on a unitary council's quarterly "Performance Indicators" report of the Director of Children and
Adults Services to its Children and Young People Scrutiny Committee: one page of percentage indicators,
the quarter named in the title, a single current column headed "Outturn (%)", last year's outturn beside
it, targets headed with the year, and a merged title row.
"""

from __future__ import annotations

from pathlib import Path

from tests.workbooks import Sheet, build

HEADINGS: list[object] = ["Ref", "Indicator", "Good is", "Target 2019/20", "Tolerance", "Outturn 2018/19",
                          "Outturn (%)", "Comments"]
ROWS: list[list[object]] = [
    ["CYP 01", "Assessments completed within 45 working days", "High", 90, 5, 88.4, 92.7, None],
    ["CYP 02", "Initial child protection conferences held within 15 working days of the strategy meeting",
     "High", 90, 5, 84.0, 92.8, None],
    ["CYP 03", "Statutory child protection visits completed within 10 working days", "High", 85, 5, 79.9, 73.8,
     "Internal target of 10 working days; all visits within the statutory 15."],
    ["CYP 04", "Statutory children in care visits completed within timescale", "High", 90, 5, 91.0, 86.3,
     "Two teams with agency social workers starting."],
    ["CYP 05", "Care leavers aged 19-21 not in education, employment or training", "Low", 25, 5, 27.5, 23.1, None],
    ["CYP 06", "Children with a child protection plan who have an allocated social worker", "High", 100, 0,
     100, 100, None],
]


def write(path: Path) -> Path:
    rows: list[list[object]] = [
        ["Performance Indicators - Quarter 2 2019/20 (July to September 2019)"],
        ["Children and Young People Scrutiny Committee"],
        [],
        HEADINGS,
        *ROWS,
        [],
        ["Note: where indicators are reported annually, quarterly updates are not available."],
    ]
    return build(path, Sheet("Children and Young People", rows, merges=["A1:H1"]))
