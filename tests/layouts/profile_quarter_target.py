"""Items 3 and 9: no refs, an annual and a quarter target side by side, tolerance withdrawn (Green / Red only).

Modelled on a London borough's quarterly performance report to its Children and Learning Overview and
Scrutiny Sub-Committee after the council withdrew tolerances from its ratings: indicators are not numbered
("Indicator and Description"), polarity is "Bigger is better" / "Smaller is better", the quarter's figure
is under "Value", the RAG is against the quarter's target (not the annual one), and the direction-of-travel
columns carry headings with periods in them ("Long Term DOT against Q1 2017/18") that are not figures.
Percentages are fractions in %-formatted cells. The profile says which target counts and that there is
no Amber.
"""

from __future__ import annotations

from pathlib import Path

from tests.layouts.common import block, formats, write_profile
from tests.workbooks import Sheet, build

HEADINGS: list[object] = ["Indicator and Description", "Polarity", "Value", "2018/19 Annual Target",
                          "2018/19 Q1 Target", "Performance", "Short Term DOT against 2017/18 (Q4)",
                          "Long Term DOT against Q1 2017/18", "Corrective action"]
BIGGER, SMALLER = "Bigger is better", "Smaller is better"
ROWS: list[list[object]] = [
    ["No. of early years education offers extended to disadvantaged 2 year olds", BIGGER, 812, 850, "N/A",
     "N/A", "↑", "↑", None],
    ["% of young people leaving care who are in education, employment or training at ages 18-21", BIGGER,
     0.615, 0.7, 0.7, "RED", "↓", "↓", "Transitions workers recruited; university places confirmed in September."],
    ["% of children who wait less than 14 months between entering care and moving in with their adopting family",
     BIGGER, 0.58, 0.6, 0.55, "GREEN", "↑", "↑", None],
    ["Total no. of in-house foster carers", BIGGER, 84, 90, 82, "GREEN", "↑", "↑", None],
    ["% of looked after children who ceased to be looked after as a result of permanency (adoption and special "
     "guardianship)", BIGGER, 0.148, 0.16, 0.16, "RED", "↓", "↑", "Families Together Team expanded."],
    ["% of initial child protection conferences held within 15 working days", BIGGER, 0.889, 0.9, 0.9, "RED",
     "↑", "↓", "Early alerts of section 47 enquiries to the Safeguarding Standards Unit."],
    ["% of 16-18 year olds not in education, employment or training, or whose activity is not known", SMALLER,
     0.035, 0.04, 0.04, "GREEN", "→", "↑", None],
]
FIRST = 5  # the first indicator row

PROFILE = """
# Tolerances were withdrawn from the ratings: Green when the quarter's target is met, Red when it is not.
[columns]
title = "Indicator and Description"
polarity = "Polarity"
current = "Value"
target = "2018/19 Q1 Target"
stated_rag = "Performance"
commentary = "Corrective action"
ignore = ["2018/19 Annual Target", "Short Term DOT against 2017/18 (Q4)", "Long Term DOT against Q1 2017/18"]

[rag]
amber = false
"""


def write(path: Path) -> Path:
    rows: list[list[object]] = [
        ["Quarter 1 Performance Report 2018/19"],
        ["Children and Learning Overview and Scrutiny Sub-Committee"],
        ["Quarter 1 2018/19 (April to June 2018). Green: on or better than target. Red: worse than target. "
         "(Tolerances are no longer applied.)"],
        HEADINGS,
        *ROWS,
    ]
    percent_rows = [FIRST + i for i, row in enumerate(ROWS) if str(row[0]).startswith("%")]
    cells = [c for r in percent_rows for c in block(r, [3, 4, 5], 1)]
    build(path, Sheet("Q1 2018-19", rows, number_formats=formats(cells, "0.0%")))
    write_profile(path, PROFILE)
    return path
