"""Item 10: a near miss the program must refuse: an indicator definitions sheet with nothing to rate.

Modelled on the "Performance indicator definitions" document a county council's performance team keeps
beside its scorecard: "Performance Indicator", "Definition", "Data source", "Reporting frequency", "Lead
officer". It names indicators but has no ref-like column, no target, no figures and no periods. Unlike a
scorecard without refs (no_ref_scrutiny_panel), it must be refused with `no-header-row`.
"""

from __future__ import annotations

from pathlib import Path

from tests.workbooks import Sheet, build

ROWS: list[list[object]] = [
    ["% of referrals that were re-referrals within 12 months",
     "Referrals in the period where the child had a previous referral in the 12 months before, as a percentage "
     "of all referrals.", "CIN census", "Monthly", "Head of MASH"],
    ["% of EHC plans issued within 20 weeks (excluding exceptions)",
     "New EHC plans issued within 20 weeks of the request for assessment, excluding exception cases.",
     "SEN2", "Quarterly", "Head of SEND"],
    ["Average caseload per social worker",
     "Open cases held by qualified social workers divided by the FTE of case-holding social workers.",
     "LCS and HR", "Monthly", "Principal Social Worker"],
    ["% of care leavers aged 19-21 in education, employment or training",
     "Care leavers aged 19, 20 or 21 in EET on or around their birthday.", "SSDA903", "Annual",
     "Head of Leaving Care"],
]


def write(path: Path) -> Path:
    rows: list[list[object]] = [
        ["Children's Services performance indicator definitions 2019/20"],
        [],
        ["Performance Indicator", "Definition", "Data source", "Reporting frequency", "Lead officer"],
        *ROWS,
    ]
    return build(path, Sheet("Definitions", rows))
