"""Item 5: long format, one row per measure per month, pivoted into one review.

Modelled on the monthly extract a county council's performance team takes from its data warehouse to
build the children's scorecard: one row per measure per month, sorted by month then measure, the measure
id and name repeated on every row, the month a real date, numerator, denominator and a %-formatted value
(the fraction, as the extract stores it), and the target and tolerance on every row (the assessment
target was raised from September).
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from tests.layouts.common import formats
from tests.workbooks import Sheet, build

HEADINGS: list[object] = ["Measure ID", "Measure", "Service area", "Month", "Frequency", "Polarity", "Numerator",
                          "Denominator", "Value", "Target", "Tolerance"]
SOCIAL_CARE = "Children's Social Care"
# id, measure, service, frequency, polarity, percent?, {month: (numerator, denominator) or value},
# {month: (target, tolerance)}
MEASURES: list[tuple[str, str, str, str, str, bool, dict[int, object], dict[int, tuple[object, object]]]] = [
    ("M01", "Re-referrals to children's social care within 12 months", SOCIAL_CARE, "Monthly", "Low", True,
     {8: (38, 170), 9: (40, 190), 10: (41, 180)}, dict.fromkeys((8, 9, 10), (0.22, 0.02))),
    ("M02", "Child protection plans lasting 2 years or more at closure", SOCIAL_CARE, "Monthly", "Low", True,
     {8: (2, 47), 9: (3, 61), 10: (5, 52)}, dict.fromkeys((8, 9, 10), (0.05, 0.02))),
    ("M03", "Single assessments completed within 45 working days", SOCIAL_CARE, "Monthly", "High", True,
     {8: (290, 331), 9: (305, 352), 10: (301, 350)}, {8: (0.85, 0.05), 9: (0.88, 0.05), 10: (0.88, 0.05)}),
    ("M04", "Children looked after at month end", "Children in Care", "Monthly", "Monitor", False,
     {8: 405, 9: 409, 10: 412}, dict.fromkeys((8, 9, 10), (None, None))),
    ("M05", "Average social worker caseload", SOCIAL_CARE, "Monthly", "Low", False,
     {8: 18.4, 9: 17.9, 10: 17.2}, dict.fromkeys((8, 9, 10), (18, 2))),
    ("M06", "EHC plans issued within 20 weeks (excluding exceptions)", "SEND", "Quarterly", "High", True,
     {6: (40, 88), 9: (53, 104)}, dict.fromkeys((6, 9), (0.6, 0.1))),
]


def write(path: Path) -> Path:
    rows: list[list[object]] = [HEADINGS]
    percent_cells: list[str] = []
    for month in range(6, 11):
        for ref, name, service, frequency, polarity, percent, figures, targets in MEASURES:
            if month not in figures:
                continue
            figure = figures[month]
            target, tolerance = targets[month]
            r = len(rows) + 1
            if isinstance(figure, tuple):
                numerator, denominator = figure
                value: object = numerator / denominator
            else:
                numerator = denominator = None
                value = figure
            rows.append([ref, name, service, datetime(2019, month, 1), frequency, polarity, numerator, denominator,
                         value, target, tolerance])
            if percent:
                percent_cells += [f"I{r}", f"J{r}", f"K{r}"]
    month_cells = {f"D{r}": "mmm-yy" for r in range(2, len(rows) + 1)}
    return build(path, Sheet("Data", rows, number_formats={**formats(percent_cells), **month_cells}))
