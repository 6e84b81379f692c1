"""Item 3: no ref column; the titles are the key and the refs come from the row order.

Modelled on a county council's Children and Young People Scrutiny Committee report, "Appendix A -
Performance scorecard": the measures are not numbered, the months are real dates shown as "Jul-19",
section rows group the measures, blank rows sit between sections, and a "Source:" note ends the table.
A "Status" column repeats the rating in the council's words (On target / Slightly off target / Off target).
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from tests.workbooks import Sheet, build

MONTHS = [datetime(2019, 7, 1), datetime(2019, 8, 1), datetime(2019, 9, 1)]
HEADINGS: list[object] = ["Measure", "Good performance is", "Target", "Tolerance", *MONTHS, "Status", "Comment"]

ROWS: list[list[object]] = [
    ["Early help"],
    ["% of early help assessments completed within 45 working days", "Higher", 85, 5, 82.0, 86.4, 81.3,
     "Slightly off target", "Two locality teams carried vacancies over the summer."],
    ["Number of early help cases open at month end", "For information", None, None, 1188, 1215, 1204,
     "For information", None],
    [],
    ["Safeguarding"],
    ["% of referrals with a decision within 1 working day", "Higher", 95, 3, 96.0, 97.2, 97.8, "On target", None],
    ["% of children on a child protection plan visited within timescale", "Higher", 90, 5, 88.1, 86.0, 83.6,
     "Off target", "Recording delays in one team; visits are being checked against case notes."],
    ["Average caseload per social worker", "Lower", 18, 2, 18.6, 19.1, 19.4, "Slightly off target", None],
    [],
    ["Looked after children"],
    ["% of looked after children with an up-to-date health assessment", "Higher", 90, 5, 90.4, 91.0, 92.1,
     "On target", None],
    ["% of care leavers in suitable accommodation", "Higher", 90, 5, 88.0, 87.2, 86.0, "Slightly off target",
     None],
    [],
    ["Source: Liquidlogic LCS, month-end snapshots. Targets agreed by the Committee in March 2019."],
]


def write(path: Path) -> Path:
    rows: list[list[object]] = [
        ["Children and Young People's Scrutiny Committee"],
        ["Appendix A - Performance scorecard, September 2019"],
        [],
        HEADINGS,
        *ROWS,
    ]
    formats = {f"{col}4": "mmm-yy" for col in "EFG"}
    return build(path, Sheet("Appendix A", rows, number_formats=formats, merges=["A1:I1", "A2:I2"]))
