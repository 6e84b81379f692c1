"""Item 2: two heading rows under merged bands, quarters that take their year from the band above.

Modelled on a unitary council's corporate performance report to Overview and Scrutiny, "Appendix 1:
Children's Services performance indicators" for a quarter: previous years under a "Previous performance"
band, target and tolerance under "2018/19 Target and Tolerances", and "Q1 Q2 Q3 Q4" under a "2018/19"
band. The band cells are merged; the single headings (Code, Performance Indicator, ...) are merged down
over both heading rows. A hidden "Lead officer" column, section rows, and the council's key under the table.
"""

from __future__ import annotations

from pathlib import Path

from tests.workbooks import Sheet, build

TITLE = "Appendix 1: Children's Services performance indicators – Quarter 3 2018/19"
BANDS: list[object] = ["Code", "Performance Indicator", "Good is", "Previous performance", None,
                       "2018/19 Target and Tolerances", None, "2018/19", None, None, None, "RAG", "Commentary",
                       "Lead officer"]
HEADINGS: list[object] = [None, None, None, "2016/17", "2017/18", "Target", "Tolerance", "Q1", "Q2", "Q3", "Q4"]

# Code, indicator, good is, 2016/17, 2017/18, target, tolerance, Q1, Q2, Q3, (Q4 not yet), RAG, commentary, lead
ROWS: list[list[object]] = [
    ["Safeguarding"],
    ["CS01", "% of referrals that were re-referrals within 12 months", "Low", 22.0, 20.5, 20, 2,
     19.1, 21.3, 21.8, None, "A", "Re-referrals from one family group of five siblings.", "Head of MASH"],
    ["CS02", "% of child protection plans started that were a second or subsequent plan", "Low", 18.0, 16.2, 15, 3,
     14.2, 17.9, 19.4, None, "R", "Audit of repeat plans under way.", "Head of Safeguarding"],
    ["CS03", "% of single assessments completed within 45 working days", "High", 84.0, 88.1, 90, 5,
     91.2, 89.0, 92.4, None, "G", None, "Head of Assessment"],
    [],
    ["Children in care"],
    ["CS04", "Rate of children looked after per 10,000 children aged under 18", "Within range", 58.1, 61.0,
     "55 - 65", 5, 63.9, 65.8, 67.2, None, "A", "Rise in unaccompanied children.", "Head of Children in Care"],
    ["CS05", "% of children looked after with 3 or more placements in the year (cumulative)", "Low", 11.0, 9.8,
     10, 1, 3.1, 5.9, 8.2, None, "G", None, "Head of Children in Care"],
    ["CS06", "% of care leavers aged 19-21 in education, employment or training", "High", 48.0, 52.0, 55, 5,
     51.0, 49.5, 47.6, None, "R", "Apprenticeship offer relaunched in January.", "Head of Leaving Care"],
    [],
    ["Special educational needs"],
    ["CS07", "% of EHC plans issued within 20 weeks (excluding exceptions)", "High", 62.0, 58.4, 60, 10,
     41.0, 55.3, 51.0, None, "A", "Educational psychology capacity.", "Head of SEND"],
    [],
    ["Key: Green = achieving or exceeding target; Amber = slightly off target (within the tolerance); "
     "Red = significantly off target (beyond the tolerance)."],
]


def write(path: Path) -> Path:
    rows: list[list[object]] = [[TITLE], ["Data to 31 December 2018"], [], BANDS, HEADINGS, *ROWS]
    merges = ["A1:M1", "A4:A5", "B4:B5", "C4:C5", "D4:E4", "F4:G4", "H4:K4", "L4:L5", "M4:M5", "N4:N5"]
    return build(path, Sheet("Appendix 1", rows, merges=merges, hidden_columns=["N"]))
