"""What an officer can set: who the papers are from, the paper size, the disclosure threshold."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

DEFAULT_ORGANISATION = "Children's Services Performance"


class Paper(StrEnum):
    A4 = "A4"
    A3 = "A3"


@dataclass(frozen=True)
class Settings:
    """Settings shared by the command line and the window (which persists them with QSettings).

    `organisation` is written as the author of every output, never a person's login name.
    `small_count_max` is the largest count suppressed in the public appendix (DfE: 1-5; NHS: 1-7).
    `template` is a path to the council's own Appendix One template, or "" for the bundled one;
    `report_template` the same for the Word report draft (a .docx whose styles the report takes).
    """

    organisation: str = DEFAULT_ORGANISATION
    paper: Paper = Paper.A4
    small_count_max: int = 5
    template: str = ""
    report_template: str = ""
