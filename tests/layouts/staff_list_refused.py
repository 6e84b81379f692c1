"""Item 10: a near miss the program must refuse: a staff list, not a scorecard.

The kind of file an analyst opens by mistake from the same shared folder: a social work establishment list
exported from the HR system, "Id", "Name", "Team", "Start date", "FTE". "Id" and "Name" look like a ref and
a title, but there is no target, no figure and no period: nothing to rate. It must be refused with
`no-header-row`, not read as 12 indicators.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from tests.workbooks import Sheet, build

TEAMS = ["Assessment East", "Assessment West", "Children in Care", "Leaving Care", "Disabled Children"]


def write(path: Path) -> Path:
    people: list[list[object]] = [
        [1001 + i, f"Social worker {i + 1}", TEAMS[i % len(TEAMS)], datetime(2015 + i % 5, 1 + i % 12, 1),
         1.0 if i % 3 else 0.6]
        for i in range(12)
    ]
    rows: list[list[object]] = [
        ["Children's Social Care establishment - October 2019"],
        [],
        ["Id", "Name", "Team", "Start date", "FTE"],
        *people,
    ]
    formats = {f"D{r}": "dd/mm/yyyy" for r in range(4, 4 + len(people))}
    return build(path, Sheet("Staff", rows, number_formats=formats))
