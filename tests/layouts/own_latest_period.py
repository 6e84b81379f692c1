"""Item 8: quarterly, termly and annual measures in monthly columns, each rated on its own latest figure.

Modelled on a unitary council's monthly Children's Services performance digest: every measure sits in the
same month columns, and "figures are entered in the month they are published", so a quarterly measure has
figures only in June and September, a termly one only in July, an annual one in a single month. There is
no frequency column. The October column is the latest; only the monthly measures have a figure in it, but
one has "TBC" there: a monthly measure without its month's figure has no data.
"""

from __future__ import annotations

from pathlib import Path

from tests.workbooks import Sheet, build

MONTHS = ["Apr-19", "May-19", "Jun-19", "Jul-19", "Aug-19", "Sep-19", "Oct-19"]
HEADINGS: list[object] = ["Ref", "Indicator", "Good is", "Target", "Tolerance", *MONTHS, "Comment"]
_: object = None  # no figure published that month
ROWS: list[list[object]] = [
    [1, "% of referrals that were re-referrals within 12 months", "Low", 22, 2,
     23.1, 22.0, 21.4, 20.9, 21.7, 22.8, 23.5, None],
    [2, "Number of children subject to a child protection plan", "For information", None, None,
     281, 275, 270, 266, 259, 262, 268, None],
    [3, "% of EHC plans issued within 20 weeks (excluding exceptions)", "High", 60, 10,
     _, _, 45.5, _, _, 51.0, _, "Quarterly: Q2 published in September."],
    [4, "% of children looked after with a dental check in the last 12 months", "High", 85, 5,
     _, _, 78.0, _, _, 86.3, _, "Quarterly."],
    [5, "Persistent absence of children looked after (% of sessions missed 10% or more)", "Low", 12, 2,
     _, _, _, 14.6, _, _, _, "Termly: spring term 2019, published in July."],
    [6, "% of care leavers aged 19-21 in education, employment or training", "High", 55, 5,
     _, 49.0, _, _, _, _, _, "Annual: 2018/19 return, published in May."],
    [7, "% of children looked after reaching the expected standard at KS2 (reading, writing and maths)",
     "High", 35, 5, _, _, _, _, _, 37.0, _, "Annual: provisional 2019 results, published in September."],
    [8, "Average caseload per social worker", "Low", 18, 2, 18.9, 18.4, 18.1, 17.8, 18.0, 17.9, 17.6, None],
    [9, "% of children in need plans reviewed within timescale", "High", 90, 5,
     91.0, 88.5, 90.2, 92.0, 89.4, 90.8, "TBC", "October data to follow after the system upgrade."],
]


def write(path: Path) -> Path:
    rows: list[list[object]] = [
        ["Children's Services Performance Digest - October 2019"],
        ["Figures are entered in the month they are published; quarterly, termly and annual measures are shown "
         "against the month of publication."],
        [],
        HEADINGS,
        *ROWS,
    ]
    return build(path, Sheet("Digest", rows))
