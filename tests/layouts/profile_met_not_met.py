"""Item 9: a met / not met council (no Amber), read through a profile; ticks and crosses as the stated RAG.

Modelled on a metropolitan district council's quarterly Council Plan performance report to Cabinet,
children's services measures: exported from the council's performance system, so it still carries the
system's "Amber variance" column, but the report's key is met / not met ("✓ target met", "✗ target not
met") and there is no Amber. Headings are the system's own ("Measure code", "Measure description",
"Better if", "Performance this quarter", "Met?"), under a title naming the quarter.
"""

from __future__ import annotations

from pathlib import Path

from tests.layouts.common import write_profile
from tests.workbooks import Sheet, build

HEADINGS: list[object] = ["Measure code", "Measure description", "Better if", "Annual target", "Amber variance",
                          "Performance last quarter", "Performance this quarter", "Met?", "Trend", "Lead officer"]
ROWS: list[list[object]] = [
    ["PM01", "% of children's social care assessments completed within 45 working days", "Higher", 85, 5,
     84.2, 83.0, "✗", "Worse", "Head of Service, Assessment"],
    ["PM02", "% of initial child protection conferences held within 15 working days of the strategy discussion",
     "Higher", 90, 5, 88.0, 92.5, "✓", "Better", "Head of Safeguarding"],
    ["PM03", "Number of children looked after", "Lower", 480, 20, 472, 468, "✓", "Better",
     "Head of Service, Children in Care"],
    ["PM04", "% of care leavers in suitable accommodation", "Higher", 90, 5, 91.0, 89.0, "✗", "Worse",
     "Head of Service, Leaving Care"],
    ["PM05", "% of children looked after with three or more placements in the year", "Lower", 10, 1, 9.1, 10.0,
     "✓", "Worse", "Head of Service, Children in Care"],
    ["PM06", "Average days between entering care and moving in with an adoptive family", "Lower", 426, 30,
     430, 441, "✗", "Worse", "Regional Adoption Agency"],
]

PROFILE = """
# Cabinet quarterly Council Plan report: met / not met, so no Amber even where the system has a variance.
[table]
sheets = ["Children's Services"]

[columns]
ref = "Measure code"
title = "Measure description"
polarity = "Better if"
target = "Annual target"
tolerance = "Amber variance"
current = "Performance this quarter"
stated_rag = "Met?"
ignore = ["Performance last quarter", "Trend", "Lead officer"]

[rag]
amber = false

[words]
stated_rag.green = ["✓"]
stated_rag.red = ["✗"]
"""


def write(path: Path) -> Path:
    sheet = Sheet("Children's Services", [
        ["Council Plan performance report - Quarter 2 2019/20"],
        ["Children's Services measures, July to September 2019"],
        ["Key: ✓ target met; ✗ target not met"],
        [],
        HEADINGS,
        *ROWS,
    ], hidden_columns=["J"])
    build(path, sheet)
    write_profile(path, PROFILE)
    return path
