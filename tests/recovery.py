"""A determined reader of the public files: each function tries one way of working a withheld figure back.

Everything here reads only what the public appendix shows, straight from the .xlsx zip (`PublicZip`):
no review, no redaction, no rule of the program. A function returns what it recovered, so a test
asserts it recovers nothing from today's public file, and can show it recovers the figure from a
file that publishes too much.
"""

from __future__ import annotations

import re
import zipfile
from fractions import Fraction
from itertools import pairwise
from pathlib import Path

from tests.public_zip import MAIN, PublicZip, decimal

C = "[c]"


def rows(path: Path) -> dict[str, dict[str, str]]:
    """The main table of a public appendix, as {ref: {heading: text}}."""
    return {ref: {h: cell.text for h, cell in row.items()} for ref, row in PublicZip.read(path).table(MAIN).items()}


def number(text: str | None) -> float | None:
    value = decimal(text) if text is not None else None
    return float(value) if value is not None else None


def shown_places(text: str) -> int:
    """The decimals a percentage stored as a 0-1 fraction shows (0.571 is 57.1%: one)."""
    places = len(text.split(".", 1)[1]) if "." in text else 0
    return max(places - 2, 0)


def fraction_of(text: str, max_denominator: int = 20) -> Fraction | None:
    """The simplest fraction a published share (stored 0-1) can be, to the precision it is stored at.

    0.5714285714285714 is 4/7 and nothing else with a denominator up to 20; 0.571 (57.1%) is also
    4/7 first, the reader's best guess. None when no fraction of up to `max_denominator` fits.
    """
    value = number(text)
    if value is None:
        return None
    places = len(text.split(".", 1)[1]) if "." in text else 0
    tolerance = 1e-9 if places > 6 else 0.5 * 10 ** -places
    for d in range(1, max_denominator + 1):
        n = round(value * d)
        if abs(n / d - value) <= tolerance + 1e-12:
            return Fraction(n, d)
    return None


def exact_fraction(text: str, max_denominator: int = 100) -> Fraction | None:
    """A share stored at full precision gives its fraction straight back: 0.5714285714285714 is 4/7.

    Only a number stored with more decimals than any displayed percentage (more than 4) counts: a
    figure stored as shown (0.571) is not exactly any fraction with a small denominator.
    """
    places = len(text.split(".", 1)[1]) if "." in text else 0
    value = number(text)
    if value is None or places <= 4:
        return None
    for d in range(3, max_denominator + 1):
        n = round(value * d)
        if abs(n / d - value) <= 1e-12:
            return Fraction(n, d)
    return None


def shares_of_cohorts(path: Path, ref: str, headings: list[str]) -> list[Fraction]:
    """The shares a row publishes under `headings`, as the simplest fractions they can be."""
    row = rows(path)[ref]
    found = []
    for heading in headings:
        text = row.get(heading, C)
        if text != C and (f := fraction_of(text)) is not None:
            found.append(f)
    return found


def by_subtraction(path: Path, total: str, parts: list[str], headings: list[str]) -> dict[str, dict[str, float]]:
    """Total less its published parts, wherever exactly one of them is [c]: {heading: {ref: value}}."""
    table = rows(path)
    found: dict[str, dict[str, float]] = {}
    for heading in headings:
        cells = {ref: table[ref].get(heading, C) for ref in [total, *parts]}
        hidden = [ref for ref, text in cells.items() if text == C]
        if len(hidden) != 1:
            continue
        values = {ref: number(text) for ref, text in cells.items() if ref not in hidden}
        if any(v is None for v in values.values()):
            continue
        whole = values.pop(total) if total not in hidden else None
        rest = sum(v for v in values.values() if v is not None)
        found[heading] = {hidden[0]: (whole - rest) if whole is not None else rest}
    return found


def steps(values: list[str]) -> list[float]:
    """The differences between consecutive published figures of a running total (a month's own count)."""
    found = []
    for before, after in pairwise(values):
        a, b = number(before), number(after)
        if a is not None and b is not None and b >= a:
            found.append(b - a)
    return found


def cohorts_in(path: Path) -> set[int]:
    """Every denominator printed in the file as "n of d" (a population, a cohort)."""
    found = set()
    for cell in PublicZip.read(path).cells:
        for _, d in re.findall(r"(\d[\d,]*)\s+of\s+(\d[\d,]*)", cell.text):
            found.add(int(d.replace(",", "")))
    return found


def docx_text(path: Path) -> str:
    """All the text of a Word document's body, from its zip."""
    with zipfile.ZipFile(path) as zf:
        xml = zf.read("word/document.xml").decode()
    return " ".join(re.sub(r"<[^>]+>", " ", xml).split())
