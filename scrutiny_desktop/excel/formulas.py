"""Counts read from simple formulas: a percentage typed as `=4/7` or `=B12/C12` says its cohort.

The reader opens the workbook with cached values only (`data_only=True`), so a cell written as
`=4/7` reaches it as 0.5714285714285714 and its counts are lost: the disclosure rules would then
judge a cohort of seven as a percentage of unknown size. This module reads the formula text from
the sheet's XML and, where the formula is a plain division of two counts (numbers, or cells of the
same sheet holding numbers), gives those counts back, checked against the cell's cached value.

Accepted: `n/d`, `A1/B1`, `$A$1/$B$1`, each optionally times or divided by 100, inside brackets,
`ROUND(…, k)` or `IFERROR(…, …)`; shared formulas are translated from their anchor cell. Anything
else (another sheet, SUM, a division of divisions) gives no counts: the figure is then "counts
unknown" and the disclosure rules treat it conservatively.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace
from xml.etree.ElementTree import Element, ParseError

from scrutiny_desktop.domain.model import Outturn, Unit, UnitKind
from scrutiny_desktop.domain.values import value_from_fraction
from scrutiny_desktop.excel.cells import column_letters
from scrutiny_desktop.excel.package import Package, SheetPart, column_index, parse_part, split_cell

_REF = r"\$?[A-Z]{1,3}\$?[0-9]+"
_OPERAND = rf"(?:{_REF}|\d+(?:\.\d+)?)"
_DIVISION = re.compile(rf"^\(?\s*({_OPERAND})\s*/\s*({_OPERAND})\s*\)?(?:\s*([*/])\s*100)?$")
_WRAPPERS = (
    re.compile(r"^ROUND\((.*),\s*-?\d+\)$", re.I),
    re.compile(r"^IFERROR\((.*),\s*(?:\"[^\"]*\"|0|\"\")\)$", re.I),
)


@dataclass(frozen=True)
class FormulaCounts:
    """The two counts a division formula divides, and what it multiplies the share by (1 or 100)."""

    numerator: float
    denominator: float
    scale: float = 1.0


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _strip(formula: str) -> str:
    text = formula.strip().lstrip("=").replace(" ", "")
    changed = True
    while changed:
        changed = False
        for wrapper in _WRAPPERS:
            m = wrapper.match(text)
            if m:
                text, changed = m.group(1), True
        if text.startswith("(") and text.endswith(")") and text.count("(") == 1:
            text, changed = text[1:-1], True
    return text


def parse_division(formula: str) -> tuple[str, str, float] | None:
    """`=B12/C12*100` -> ("B12", "C12", 100.0); None for any other formula."""
    m = _DIVISION.match(_strip(formula))
    if not m:
        return None
    scale = 100.0 if m.group(3) == "*" else 0.01 if m.group(3) == "/" else 1.0
    return m.group(1), m.group(2), scale


def _translate(formula: str, anchor: str, target: str) -> str:
    """A shared formula as it reads in `target`: relative references move with the cell."""
    ar, ac = split_cell(anchor)
    tr, tc = split_cell(target)

    def move(m: re.Match[str]) -> str:
        col_abs, letters, row_abs, digits = m.groups()
        col = column_index(letters) if col_abs else column_index(letters) + tc - ac
        row = int(digits) if row_abs else int(digits) + tr - ar
        if col < 1 or row < 1:
            return "#REF!"
        return f"{col_abs}{column_letters(col)}{row_abs}{row}"

    return re.sub(r"(\$?)([A-Z]{1,3})(\$?)([0-9]+)", move, formula)


def sheet_formula_counts(package: Package, sheet: SheetPart) -> dict[tuple[int, int], FormulaCounts]:
    """`formula_counts` of one sheet of the workbook; none when its XML cannot be read (the reader reports that)."""
    try:
        return formula_counts(package.zip.read(sheet.part))
    except (ValueError, KeyError, ParseError):
        return {}


def formula_counts(sheet_xml: bytes) -> dict[tuple[int, int], FormulaCounts]:
    """Every cell of the sheet holding a division of two counts, by (row, column), checked against its cached value."""
    if b"<f" not in sheet_xml and b":f" not in sheet_xml:
        return {}
    root: Element = parse_part(sheet_xml)
    numbers: dict[str, float] = {}
    formulas: dict[str, tuple[str, float | None]] = {}
    shared: dict[str, tuple[str, str]] = {}  # si -> (anchor address, formula text)
    pending: list[tuple[str, str, float | None]] = []  # address, si, cached value
    for c in root.iter():
        if _local(c.tag) != "c":
            continue
        address = c.get("r", "")
        f = v = None
        for child in c:
            name = _local(child.tag)
            if name == "f":
                f = child
            elif name == "v":
                v = child
        cached: float | None = None
        if v is not None and v.text and c.get("t", "n") == "n":
            try:
                cached = float(v.text)
            except ValueError:
                cached = None
        if f is None:
            if cached is not None and address:
                numbers[address] = cached
            continue
        if f.get("t") == "shared" and f.get("si") is not None:
            si = f.get("si", "")
            if f.text:
                shared[si] = (address, f.text)
                formulas[address] = (f.text, cached)
            else:
                pending.append((address, si, cached))
        elif f.text:
            formulas[address] = (f.text, cached)
        if cached is not None and address:
            numbers[address] = cached  # a count may itself be a formula (=SUM(...))
    for address, si, cached in pending:
        if si in shared:
            anchor, text = shared[si]
            formulas[address] = (_translate(text, anchor, address), cached)
    found: dict[tuple[int, int], FormulaCounts] = {}
    for address, (text, cached) in formulas.items():
        counts = _counts(text, cached, numbers)
        if counts is not None:
            found[split_cell(address)] = counts
    return found


def _operand(text: str, numbers: dict[str, float]) -> float | None:
    if re.fullmatch(r"\d+(?:\.\d+)?", text):
        return float(text)
    return numbers.get(text.replace("$", ""))


def _counts(formula: str, cached: float | None, numbers: dict[str, float]) -> FormulaCounts | None:
    parsed = parse_division(formula)
    if parsed is None or cached is None:
        return None
    n = _operand(parsed[0], numbers)
    d = _operand(parsed[1], numbers)
    if n is None or d is None or d <= 0 or n < 0 or not n.is_integer() or not d.is_integer():
        return None  # not counts: a share of a share, or a sum of money
    if not math.isclose(n / d * parsed[2], cached, rel_tol=1e-9, abs_tol=1e-12):
        return None  # the cached value is not this division: read it as a figure only
    return FormulaCounts(n, d, parsed[2])


def with_formula_counts(outturn: Outturn, counts: FormulaCounts | None, unit: Unit) -> Outturn:
    """The outturn with the counts its formula divides, when it has none of its own."""
    if counts is None or outturn.value is None or outturn.numerator is not None:
        return outturn
    if unit.kind is UnitKind.COUNT or (unit.is_percent and counts.numerator > counts.denominator):
        return outturn
    value = value_from_fraction(unit, counts.numerator, counts.denominator)
    if not math.isclose(value, outturn.value, rel_tol=1e-6, abs_tol=1e-6):
        return outturn  # a division that is not this cell's figure (a rate per 10,000 typed as a share)
    return replace(outturn, value=value, numerator=counts.numerator, denominator=counts.denominator)


def with_counts_of(outturn: Outturn, other: Outturn) -> Outturn:
    """A month's figure with the counts another cell gives for the same period ("92% (11 of 12)" in the
    current-outturn column), when it has none of its own: the counts are in the workbook, so the
    disclosure rules must see them."""
    if outturn.numerator is not None or other.numerator is None or other.denominator is None:
        return outturn
    return replace(other, cell=outturn.cell or other.cell)
