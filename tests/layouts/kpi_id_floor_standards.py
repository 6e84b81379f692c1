"""Items 1 and 6: "KPI ID" and "Key performance indicators" headings, years in headings, floor standards.

Modelled on a county council's Children, Young People and Education directorate scorecard: a "Guidance
Notes" sheet first (polarity H = highest possible, L = lowest, T = stay close to the target; the RAG key),
then the scorecard, headed "KPI ID" / "Key performance indicators" / "Polarity" / "Data period" /
"Floor 2019/20" / "Target 2019/20", three month columns and the RAG. A "T" indicator's target and floor
are ranges ("35.0 - 45.0", floor "32.0 - 48.0").
"""

from __future__ import annotations

from pathlib import Path

from tests.workbooks import Sheet, build

HEADINGS: list[object] = ["KPI ID", "Key performance indicators", "Polarity", "Data period", "Floor 2019/20",
                          "Target 2019/20", "Aug-19", "Sep-19", "Oct-19", "RAG", "DOT"]
ROWS: list[list[object]] = [
    ["Specialist Children's Services"],
    ["SCS01", "Percentage of case holding posts filled by permanent qualified social workers", "H", "MS",
     75.0, 85.0, 80.4, 80.9, 81.2, "AMBER", "Improved"],
    ["SCS02", "Percentage of children's social care referrals that were repeat referrals within 12 months", "L",
     "R12M", 30.0, 25.0, 23.5, 23.1, 22.9, "GREEN", "Improved"],
    ["SCS03", "Percentage of child protection plans that were repeat plans", "L", "R12M", 25.0, 20.0,
     24.0, 25.2, 26.1, "RED", "Worsened"],
    ["SCS04", "Average number of days between a child entering care and moving in with their adoptive family",
     "L", "R12M", 500, 426, 455, 451, 448, "AMBER", "Improved"],
    ["SCS05", "Percentage of care leavers in education, employment or training", "H", "MS", 55.0, 65.0,
     63.0, 64.8, 66.0, "GREEN", "Improved"],
    ["SCS06", "Rate of children in care per 10,000 children (excluding UASC)", "T", "MS", "32.0 - 48.0",
     "35.0 - 45.0", 45.2, 45.9, 46.5, "AMBER", "Worsened"],
    ["SCS07", "Average caseload of qualified social workers", "T", "MS", "12.0 - 23.0", "15.0 - 20.0",
     21.9, 22.8, 23.6, "RED", "Worsened"],
    ["Early Help and Preventative Services"],
    ["EH01", "Percentage of Early Help cases closed with outcomes achieved", "H", "R12M", 75.0, 80.0,
     78.8, 79.5, 80.0, "GREEN", "Improved"],
]


def write(path: Path) -> Path:
    guidance = Sheet("Guidance Notes", [
        ["Children, Young People and Education Directorate Scorecard - Guidance Notes"],
        [],
        ["POLARITY"],
        ["H", "The aim is to achieve the highest number/percentage possible"],
        ["L", "The aim is to achieve the lowest number/percentage possible"],
        ["T", "The aim is to stay close to the target that has been set"],
        [],
        ["RAG RATINGS"],
        ["GREEN", "Target has been achieved"],
        ["AMBER", "Floor Standard achieved but Target has not been met"],
        ["RED", "Floor Standard has not been achieved"],
        [],
        ["DATA PERIOD"],
        ["MS", "Monthly snapshot"],
        ["R12M", "Rolling 12 months"],
    ])
    scorecard = Sheet("Scorecard", [
        ["Children, Young People and Education Directorate Scorecard - October 2019"],
        [],
        HEADINGS,
        *ROWS,
        [],
        ["Data in italics indicates the previous reporting year."],
    ], merges=["A1:K1"])
    return build(path, guidance, scorecard)
