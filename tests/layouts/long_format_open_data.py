"""Items 5 and 9: a long-format open-data table with quarters as text, rated with the key's one tolerance.

Modelled on the quarterly KPI dataset a unitary council publishes on its open data portal (and keeps as
a workbook): one row per KPI per quarter, "KPI ID", "KPI name", "Directorate", "Period" written as
"Q1 2019/20", "Actual", "Target", "Polarity", "RAG status". There is no tolerance column: the dataset's
notes state one rule, "Amber: within 10% of target". A KPI new this year has a Q2 row only. The profile
carries that rule and nothing else.
"""

from __future__ import annotations

from pathlib import Path

from tests.layouts.common import write_profile
from tests.workbooks import Sheet, build

HEADINGS: list[object] = ["KPI ID", "KPI name", "Directorate", "Period", "Actual", "Target", "Polarity",
                          "RAG status"]
SOCIAL_CARE, EDUCATION = "Children's Social Care", "Education and Skills"
ROWS: list[list[object]] = [
    ["CH01", "Percentage of children's social care referrals that are re-referrals within 12 months", SOCIAL_CARE,
     "Q1 2019/20", 21.0, 22, "Lower is better", "Green"],
    ["CH03", "Percentage of EHC plans issued within 20 weeks", EDUCATION, "Q1 2019/20", 55.0, 60,
     "Higher is better", "Amber"],
    ["CH04", "Number of in-house foster carers", SOCIAL_CARE, "Q1 2019/20", 121, 130, "Higher is better", "Amber"],
    ["CH05", "Percentage of care leavers in education, employment or training", SOCIAL_CARE, "Q1 2019/20", 52.0,
     55, "Higher is better", "Amber"],
    ["CH06", "Number of children looked after", SOCIAL_CARE, "Q1 2019/20", 498, None, "Not applicable", None],
    ["CH01", "Percentage of children's social care referrals that are re-referrals within 12 months", SOCIAL_CARE,
     "Q2 2019/20", 23.9, 22, "Lower is better", "Amber"],
    ["CH02", "Percentage of children in care with 3 or more placements in the year", SOCIAL_CARE, "Q2 2019/20",
     11.5, 10, "Lower is better", "Red"],
    ["CH03", "Percentage of EHC plans issued within 20 weeks", EDUCATION, "Q2 2019/20", 62.0, 60,
     "Higher is better", "Green"],
    ["CH04", "Number of in-house foster carers", SOCIAL_CARE, "Q2 2019/20", 118, 130, "Higher is better", "Amber"],
    ["CH05", "Percentage of care leavers in education, employment or training", SOCIAL_CARE, "Q2 2019/20", 49.5,
     55, "Higher is better", "Amber"],
    ["CH06", "Number of children looked after", SOCIAL_CARE, "Q2 2019/20", 512, None, "Not applicable", None],
]

PROFILE = """
# The dataset's notes: "Green: target met. Amber: within 10% of target. Red: more than 10% from target."
[rag]
default_tolerance = "10% of target"

[words]
polarity.monitor = ["Not applicable"]
"""


def write(path: Path) -> Path:
    notes = Sheet("Notes", [
        ["Children's services KPIs - quarterly open data"],
        ["RAG status: Green - target met; Amber - within 10% of target; Red - more than 10% from target."],
        ["Licence: Open Government Licence v3.0"],
    ])
    build(path, Sheet("KPI data", [HEADINGS, *ROWS]), notes)
    write_profile(path, PROFILE)
    return path
