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


@dataclass(frozen=True)
class ProblemKind:
    """One problem code of the catalogue: its severity and what it means, as `--json` users rely on."""

    code: str
    severity: Severity
    meaning: str


def _kinds(severity: Severity, *entries: tuple[str, str]) -> dict[str, ProblemKind]:
    return {code: ProblemKind(code, severity, meaning) for code, meaning in entries}


# Every code the program reports: a public interface of `--json`, listed in the README. A test
# checks that every code the code base raises is here and in the README.
CATALOGUE: dict[str, ProblemKind] = {
    **_kinds(
        Severity.ERROR,
        ("file-not-found", "There is no file at the path given."),
        ("not-a-workbook", "The file is not an Excel workbook (.xlsx), or it is damaged; the message says which."),
        ("encrypted-workbook", "The workbook is protected by a password."),
        ("appendix-not-workbook", "The file is an Appendix One this program wrote, not a monthly KPI workbook."),
        ("word-document", "The file is a Word document (a report draft, say), not a monthly KPI workbook."),
        ("excel-owner-file", "The file is the `~$` owner file Excel keeps beside an open workbook; the message "
                             "names the workbook to open."),
        ("workbook-too-large", "The workbook or one of its sheets is larger than the program will read."),
        ("not-a-document", "The file given to the Word audit is not a Word document (.docx)."),
        ("document-too-large", "The Word document is larger than the program will read."),
        ("sheet-not-found", "A sheet named with --sheet or in the import profile is not in the workbook."),
        ("no-header-row", "No indicator table was found; names the row that came closest, what it lacked and "
                          "the profile line that would read it."),
        ("no-indicators", "The heading row was found but no indicator rows below it."),
        ("no-period", "An outturn column but no period: no period columns and no month named above the table."),
        ("duplicate-ref", "Two indicators share a ref."),
        ("long-table-without-period", "Refs repeat on many rows, as in a long table, but no column gives the "
                                      "period."),
        ("period-not-in-workbook", "The period asked for has no column in the workbook."),
        ("profile-unreadable", "The import profile is not valid TOML or names fields, sheets or settings that do "
                               "not exist."),
        ("commentary-unreadable", "The commentary file is not JSON mapping refs to text."),
        ("output-exists", "An output file exists already and --force was not given."),
        ("output-unwritable", "An output file cannot be written (open in Excel, read-only folder, disk full)."),
        ("history-unreadable", "The history database is damaged or not a Scrutiny Desktop history; it is left "
                               "unchanged."),
        ("history-locked", "The history database is in use by another program or export; nothing was lost."),
        ("history-unwritable", "The history database or its folder cannot be opened or written."),
        ("history-too-new", "The history was written by a newer Scrutiny Desktop; it is left unchanged."),
        ("history-public-appendix", "A public Part 1 appendix was given to `history add`: only Part 2 appendices "
                                    "hold every figure."),
        ("history-unreadable-appendix", "A file given to `history add` looks like an appendix but cannot be read."),
    ),
    **_kinds(
        Severity.WARNING,
        ("open-in-excel", "The workbook is open in Excel (its `~$` owner file is beside it): it is read as last "
                          "saved, without changes not yet saved."),
        ("headings-file-unreadable", "The council's headings file cannot be used; the built-in headings are."),
        ("several-tables", "Another sheet holds the same indicators (another period or version) and is left out."),
        ("ref-repeated-on-sheets", "A ref is used on two sheets; the second is shown with the sheet's initials."),
        ("refs-from-row-order", "The table has no ref column: indicators are numbered in row order."),
        ("duplicate-column", "Two columns look like the same field; the first is used."),
        ("unknown-column", "A column with data matches no known heading and is ignored."),
        ("missing-ref", "A row with data has no usable ref and is left out."),
        ("missing-title", "An indicator has no name."),
        ("hidden-row", "An indicator's row is hidden in the workbook but is included."),
        ("unreadable-value", "A figure cannot be understood, or is an Excel error; it is treated as no data."),
        ("value-marker", "A figure carries a footnote mark (88.0%*, 78 [1], 12†): the figure is used."),
        ("fraction-disagrees", "A stated value and its numerator and denominator disagree; the fraction is used."),
        ("formula-not-calculated", "A formula has no calculated value (never opened in Excel)."),
        ("unreadable-period", "A long table's period cell is not a month or quarter; the row is left out."),
        ("unreadable-target", "A target, tolerance or threshold cannot be understood; no RAG is given."),
        ("uneven-floor", "Red edges written as a range are uneven around the target range; the narrower is used."),
        ("unreadable-polarity", "The 'Good is' cell is not High, Low, Range or Monitor; no RAG is given."),
        ("unknown-unit", "The unit is not one the program knows; figures are shown as plain numbers."),
        ("unreadable-frequency", "The frequency is not Monthly, Quarterly, Termly or Annual; monthly is assumed."),
        ("unreadable-flag", "The Part 2 cell is not Yes or No; the indicator is treated as sensitive."),
        ("unreadable-rag", "A stated RAG is not Red, Amber, Green or No target; it is not compared."),
        ("stated-rag-differs", "The RAG typed in the workbook differs from the computed one."),
        ("missing-polarity", "An indicator with a target has no 'Good is', so it cannot be rated."),
        ("benchmark-target-blank", "The target is a benchmark whose figure is blank."),
        ("differencing-risk", "Published months differ by a few children: a person should judge them."),
        ("related-indicators-differ", "Related published indicators differ by a small count."),
        ("rag-reveals-figure", "A rating next to a withheld figure leaves one value for it: the rating is withheld."),
        ("counts-unknown", "A percentage, rate or average has no counts: withheld beside a small cohort, else "
                           "published with this warning."),
        ("template-unusable", "The council's template cannot be used; the bundled one is."),
        ("template-incomplete", "The council's template lacks a part; the bundled one's is used."),
        ("template-marking", "The template's Part 2 marking was replaced by the program's."),
    ),
}
