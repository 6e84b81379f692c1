"""Problems found in a workbook, held as values rather than raised one at a time."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input, with a stable code and the cell it is at.

    `cell` is an A1 address ("H12") or "" when the problem is about the sheet or the
    file as a whole; `ref` names the indicator it belongs to, when there is one, so
    the window can select it.
    """

    severity: Severity
    code: str
    message: str
    sheet: str = ""
    cell: str = ""
    ref: str | None = None

    @property
    def location(self) -> str:
        """Where to look, as Excel writes it: `Dataset!H12`, `Dataset`, or ``."""
        if self.sheet and self.cell:
            return f"{quote_sheet(self.sheet)}!{self.cell}"
        return self.sheet or self.cell

    def as_dict(self) -> dict[str, str | None]:
        return {
            "severity": self.severity.value,
            "code": self.code,
            "sheet": self.sheet,
            "cell": self.cell,
            "message": self.message,
            "ref": self.ref,
        }


def quote_sheet(name: str) -> str:
    """A sheet name as it appears in a cell reference (quoted when it needs to be)."""
    if name and (name.replace("_", "").isalnum() and not name[0].isdigit()):
        return name
    return "'" + name.replace("'", "''") + "'"


def error(code: str, message: str, sheet: str = "", cell: str = "", ref: str | None = None) -> Problem:
    return Problem(Severity.ERROR, code, message, sheet, cell, ref)


def warning(code: str, message: str, sheet: str = "", cell: str = "", ref: str | None = None) -> Problem:
    return Problem(Severity.WARNING, code, message, sheet, cell, ref)


class UnusableWorkbook(Exception):
    """The workbook cannot be used at all; `problems` holds every reason at once."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        super().__init__("; ".join(p.message for p in self.errors) or "unusable workbook")

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity is Severity.ERROR)

    def __iter__(self) -> Iterator[Problem]:
        return iter(self.problems)


def has_errors(problems: Iterable[Problem]) -> bool:
    return any(p.severity is Severity.ERROR for p in problems)
