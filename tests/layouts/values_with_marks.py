"""Item 7: figures carrying footnote marks, and the council's RAG as letters.

Modelled on a London borough's monthly Children's Services scorecard to its Children and Young People
Scrutiny Sub-Committee: provisional figures marked "*", revised ones "[1]", small numbers "†", the
footnotes under the table, and a RAG column of letters G / A / R. The title rows are merged.
"""

from __future__ import annotations

from pathlib import Path

from tests.workbooks import Sheet, build

HEADINGS: list[object] = ["Ref", "Indicator", "Polarity", "Target", "Tolerance", "Aug-19", "Sep-19", "Oct-19",
                          "RAG", "Commentary"]
ROWS: list[list[object]] = [
    ["Front door and assessment"],
    [1, "% of contacts with a decision within 24 hours", "High", 90, 5, 91.5, 89.7, "88.0%*", "A",
     "October figure provisional: recording backlog being cleared."],
    [2, "% of CIN plans reviewed within timescale", "High", 90, 5, 88.0, 84.1, "79.5%*", "R",
     "Reviewing officer vacancies; interim cover from November."],
    [3, "% of initial health assessments within 20 working days", "High", 80, 10, 76.0, 73.2, "74.0%", "A", None],
    ["Children in care"],
    [4, "Number of missing episodes of children in care in the month", "Low", 70, 5, 66, 71, "78 [1]", "R",
     "Three young people account for half of the episodes."],
    [5, "Number of children in care placed more than 20 miles from home", "Low", 15, 3, 14, 13, "12†", "G",
     None],
    [6, "% of children in care visited within timescale", "High", 95, 5, 95.2, 96.0, 96.4, "G", None],
    [],
    ["* Provisional, subject to validation."],
    ["[1] September figure revised following data cleansing; October includes one late-recorded episode."],
    ["† Fewer than 20 children: shown to members only, not published."],
]


def write(path: Path) -> Path:
    rows: list[list[object]] = [
        ["Children's Services Scorecard"],
        ["Children and Young People Scrutiny Sub-Committee - data to the end of October 2019"],
        [],
        HEADINGS,
        *ROWS,
    ]
    return build(path, Sheet("Scorecard", rows, merges=["A1:J1", "A2:J2"]))
