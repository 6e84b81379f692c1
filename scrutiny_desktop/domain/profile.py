"""An import profile: what the program could not guess about a council's workbook, as data.

Kept as `<workbook stem>.profile.toml` beside the workbook so a colleague opening next month's
file gets the same reading. `[table]` names sheets and heading rows, `[columns]` maps fields to
headings as written or to column letters, `[rag]` holds the council's workbook-wide rules and
`[words]` extends the words understood inside cells.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from scrutiny_desktop.domain.problems import UnusableWorkbook, error
from scrutiny_desktop.domain.schema import DEFAULT_VOCABULARY, FIELDS

PROFILE_SUFFIX = ".profile.toml"
_LETTERS = re.compile(r"^[A-Za-z]{1,3}$")


def is_column_letter(text: str) -> bool:
    """True for "C" or "AB": a profile may name a column by its letter instead of its heading."""
    return bool(_LETTERS.fullmatch(text.strip())) and column_index(text) <= 16384


def column_index(letters: str) -> int:
    """1 for "A", 28 for "AB"."""
    index = 0
    for ch in letters.strip().upper():
        index = index * 26 + ord(ch) - 64
    return index


@dataclass(frozen=True)
class ImportProfile:
    """How to read one council's workbook where the headings alone do not say."""

    columns: Mapping[str, str] = field(default_factory=dict)  # field -> heading as written, or column letter
    ignore: tuple[str, ...] = ()  # headings or letters read past without a warning
    sheets: tuple[str, ...] = ()  # sheets holding indicators (empty: every sheet with a table)
    heading_rows: tuple[int, ...] = ()  # 1-based, band row first (empty: found)
    default_tolerance: str | None = None  # "10% of target", or a number in the indicator's units
    amber: bool = True  # False for councils that rate met / not met
    words: Mapping[str, Mapping[str, tuple[str, ...]]] = field(default_factory=dict)
    source: str = ""

    @property
    def is_empty(self) -> bool:
        return not (self.columns or self.ignore or self.sheets or self.heading_rows or self.words
                    or self.default_tolerance is not None or not self.amber)

    def to_toml(self) -> str:
        """The profile as a TOML file an officer can read, with a comment saying what each part does."""
        lines = ["# Scrutiny Desktop import profile: how to read this council's workbook.", ""]
        if self.sheets or self.heading_rows:
            lines.append("[table]")
            if self.sheets:
                lines.append(f"sheets = [{', '.join(_quote(s) for s in self.sheets)}]")
            if self.heading_rows:
                lines.append(f"heading_rows = [{', '.join(str(r) for r in self.heading_rows)}]")
            lines.append("")
        if self.columns or self.ignore:
            lines.append("[columns]  # field = heading as written, or a column letter")
            lines.extend(f"{name} = {_quote(heading)}" for name, heading in self.columns.items())
            if self.ignore:
                lines.append(f"ignore = [{', '.join(_quote(s) for s in self.ignore)}]")
            lines.append("")
        if self.default_tolerance is not None or not self.amber:
            lines.append("[rag]")
            if self.default_tolerance is not None:
                lines.append(f"default_tolerance = {_quote(self.default_tolerance)}")
            if not self.amber:
                lines.append("amber = false  # met / not met: no Amber")
            lines.append("")
        if self.words:
            lines.append("[words]")
            for name, by_meaning in self.words.items():
                for meaning, ws in by_meaning.items():
                    lines.append(f"{name}.{meaning} = [{', '.join(_quote(w) for w in ws)}]")
            lines.append("")
        return "\n".join(lines)


def _quote(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t")
    return f'"{escaped}"'


def profile_from_dict(data: Mapping[str, object], source: str) -> ImportProfile:
    """A profile from parsed TOML; raises `UnusableWorkbook` naming the file and the line's key when wrong."""
    wrong: list[str] = []
    known = {"table", "columns", "rag", "words"}
    wrong.extend(f"there is no part called [{key}] (known: [table], [columns], [rag], [words])"
                 for key in data if key not in known)
    table = _table(data, "table", wrong)
    columns_data = _table(data, "columns", wrong)
    rag = _table(data, "rag", wrong)
    words_data = _table(data, "words", wrong)

    sheets = _strings(table.get("sheets", []), "table.sheets", wrong)
    rows = table.get("heading_rows", table.get("heading_row", []))
    if isinstance(rows, int) and not isinstance(rows, bool):
        rows = [rows]
    heading_rows: tuple[int, ...] = ()
    if not isinstance(rows, list) or not all(isinstance(r, int) and not isinstance(r, bool) and r >= 1
                                             for r in rows):
        wrong.append("table.heading_rows must be a list of row numbers such as [5, 6]")
    elif len(rows) > 2:
        wrong.append("table.heading_rows takes one or two rows (a band row and the heading row)")
    else:
        heading_rows = tuple(sorted(rows))
    wrong.extend(f"table.{key} is not a setting (known: sheets, heading_rows)" for key in table
                 if key not in ("sheets", "heading_rows", "heading_row"))

    columns: dict[str, str] = {}
    ignore: tuple[str, ...] = ()
    for name, heading in columns_data.items():
        if name == "ignore":
            ignore = _strings(heading, "columns.ignore", wrong)
        elif name not in FIELDS:
            wrong.append(f"columns.{name}: there is no field called '{name}' (known: {', '.join(FIELDS)})")
        elif not isinstance(heading, str) or not heading.strip():
            wrong.append(f'columns.{name} must be a heading in quotes or a column letter, such as "Code" or "C"')
        else:
            columns[name] = heading.strip()

    tolerance = rag.get("default_tolerance")
    if (tolerance is not None and not isinstance(tolerance, str | int | float)) or isinstance(tolerance, bool):
        wrong.append('rag.default_tolerance must be text such as "10% of target" or a number such as 5')
        tolerance = None
    amber = rag.get("amber", True)
    if not isinstance(amber, bool):
        wrong.append("rag.amber must be true or false")
        amber = True
    wrong.extend(f"rag.{key} is not a setting (known: default_tolerance, amber)" for key in rag
                 if key not in ("default_tolerance", "amber"))

    wrong.extend(f"words: {w}" for w in DEFAULT_VOCABULARY.problems_with(words_data))  # type: ignore[arg-type]
    words = {name: {meaning: tuple(ws) for meaning, ws in by.items() if isinstance(ws, list)}
             for name, by in words_data.items() if isinstance(by, Mapping) and name in DEFAULT_VOCABULARY.words}

    if wrong:
        raise UnusableWorkbook([error(
            "profile-unreadable",
            f"The import profile {source} cannot be used: " + "; ".join(wrong) + ". Fix the file, or delete it "
            "and map the columns again (File > Map columns… in the window).",
        )])
    return ImportProfile(
        columns=MappingProxyType(columns), ignore=ignore, sheets=sheets, heading_rows=heading_rows,
        default_tolerance=None if tolerance is None else str(tolerance), amber=amber,
        words=MappingProxyType(words), source=source,
    )


def _table(data: Mapping[str, object], key: str, wrong: list[str]) -> Mapping[str, object]:
    part = data.get(key, {})
    if not isinstance(part, Mapping):
        wrong.append(f"[{key}] must be a table")
        return {}
    return part


def _strings(raw: object, where: str, wrong: list[str]) -> tuple[str, ...]:
    if isinstance(raw, str):
        return (raw,)
    if not isinstance(raw, list) or not all(isinstance(s, str) for s in raw):
        wrong.append(f"{where} must be a list of names in quotes")
        return ()
    return tuple(raw)
