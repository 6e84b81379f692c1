"""Item 9: headings no program could guess, and one tolerance for the whole workbook stated in the key.

Modelled on a unitary council's Corporate Plan quarterly performance report, "Children and young people"
priority: plain-English headings ("Line", "What we are measuring", "Aim", "Ambition 2019/20", "Where we
are now", "Where we were a year ago"), aims written "Increase" / "Reduce" / "Context", no tolerance
column: the key on the cover states one rule for all, "Amber - within 10% of the ambition". The profile
beside the workbook says what the headings mean and carries that rule.
"""

from __future__ import annotations

from pathlib import Path

from tests.layouts.common import write_profile
from tests.workbooks import Sheet, build

HEADINGS: list[object] = ["Line", "What we are measuring", "Aim", "Ambition 2019/20", "Where we are now",
                          "Where we were a year ago", "What we are doing"]
ROWS: list[list[object]] = [
    [1, "Children and young people supported by early help, per 10,000 children", "Increase", 250, 231, 204,
     "New family hubs open in two localities from January."],
    [2, "Children becoming subject to a child protection plan for a second time (%)", "Reduce", 15, 17.2, 16.0,
     "Repeat-plan audit reported to the Safeguarding Partnership."],
    [3, "Care leavers aged 19-21 in education, employment or training (%)", "Increase", 60, 55.1, 52.0,
     "Care leaver covenant: 12 apprenticeships pledged."],
    [4, "Education, Health and Care plans issued within 20 weeks (%)", "Increase", 70, 71.3, 58.2, None],
    [5, "Young people aged 16-17 not in education, employment or training (%)", "Reduce", 3.0, 3.3, 3.6, None],
    [6, "Children looked after, per 10,000 children", "Context", None, 62, 59, None],
]

PROFILE = """
# How to read the council's Corporate Plan report (written once by the analyst).
[table]
sheets = ["Children and young people"]
heading_rows = [4]

[columns]
ref = "Line"
title = "B"
polarity = "Aim"
target = "Ambition 2019/20"
current = "Where we are now"
commentary = "What we are doing"
ignore = ["Where we were a year ago"]

[rag]
default_tolerance = "10% of target"

[words]
polarity.low = ["Reduce"]
polarity.monitor = ["Context"]
"""


def write(path: Path) -> Path:
    cover = Sheet("Cover", [
        ["Corporate Plan 2019-2023: quarterly performance report"],
        ["Quarter 2 2019/20 (July to September 2019)"],
        [],
        ["Key: Green - on or better than the ambition; Amber - within 10% of the ambition; "
         "Red - more than 10% away from the ambition."],
    ])
    table = Sheet("Children and young people", [
        ["Priority 2: Children and young people get the best start in life"],
        ["Quarter 2 2019/20 (July to September 2019)"],
        [],
        HEADINGS,
        *ROWS,
    ])
    build(path, cover, table)
    write_profile(path, PROFILE)
    return path
