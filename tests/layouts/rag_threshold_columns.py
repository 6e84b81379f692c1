"""Item 6: targets and thresholds written as text, and separate Green / Amber / Red threshold columns.

Modelled on a unitary council's quarterly Children's Services scorecard produced from its performance
system: each indicator carries its own bands as text in "Green", "Amber" and "Red" columns (">=90%",
"80% - 89.9%", "<80%"; "600+" for a count), the target column repeats the green band ("90%+", "<20%"),
quarter columns, and a "Status" column with the band's colour. The heading row is on row 5 under a title.
"""

from __future__ import annotations

from pathlib import Path

from tests.workbooks import Sheet, build

HEADINGS: list[object] = ["PI code", "Performance indicator", "Target", "Green", "Amber", "Red", "Q1 2019/20",
                          "Q2 2019/20", "Status", "Comments"]
ROWS: list[list[object]] = [
    ["CSC1", "% of contacts with a decision within 1 working day", "90%+", ">=90%", "80% - 89.9%", "<80%",
     91.0, 87.1, "Amber", "Duty team vacancies in August."],
    ["CSC2", "Number of early help assessments completed (year to date)", "600+", "600+", "500 - 599", "<500",
     301, 645, "Green", None],
    ["CSC3", "% of referrals that were re-referrals within 12 months", "<20%", "<20%", "20% - 24.9%", ">=25%",
     22.0, 25.3, "Red", "Sibling groups re-referred after a domestic abuse incident."],
    ["CSC4", "% of children in need with an up-to-date plan", ">=70%", ">=70%", "60% - 69.9%", "<60%",
     66.2, 71.4, "Green", None],
    ["CSC5", "% of care leavers in suitable accommodation", ">=90%", ">=90%", "85% - 89.9%", "<85%",
     88.0, 84.9, "Red", "Two young people in custody."],
    ["CSC6", "% of single assessments completed within 45 working days", ">=85%", ">=85%", "75% - 84.9%",
     "<75%", 80.3, 75.0, "Amber", None],
]


def write(path: Path) -> Path:
    rows: list[list[object]] = [
        ["Children's Services Scorecard 2019/20"],
        ["Quarter 2 (July to September 2019)"],
        ["RAG: the band the latest quarter's outturn falls in, as set out in the Green, Amber and Red columns."],
        [],
        HEADINGS,
        *ROWS,
    ]
    return build(path, Sheet("Scorecard", rows, merges=["A1:J1", "A2:J2", "A3:J3"]))
