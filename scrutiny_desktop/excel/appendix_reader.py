"""This program's own Part 2 appendix, read back for the history: each indicator's reported period.

The layout is the one `appendix_writer` writes from `domain/appendix.py`: the "Appendix One" sheet with
lines above a heading row that starts "Ref", section rows, and one row per indicator; the "Exceptions"
sheet with the commentary (long commentary on continuation rows). Only the reported period is taken
(its figure, the RAG as printed, the commentary): earlier months' columns carry no rating of their own.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from scrutiny_desktop.domain.appendix import COMMENTARY_NEEDED, MARKING, SHEET_EXCEPTIONS, SHEET_MAIN
from scrutiny_desktop.domain.disclosure import PART_2_NOTE
from scrutiny_desktop.domain.history import Origin, Record
from scrutiny_desktop.domain.model import PERCENT, Rag
from scrutiny_desktop.domain.periods import Period, find_period_in_text
from scrutiny_desktop.domain.problems import UnusableWorkbook, error
from scrutiny_desktop.domain.values import parse_outturn, parse_polarity, parse_rag, parse_unit


def is_part2_appendix(path: Path) -> bool:
    """Whether `path` is an appendix this program wrote (either part): it has our main sheet and our Key."""
    try:
        with zipfile.ZipFile(path) as z:
            book = z.read("xl/workbook.xml").decode("utf-8", "replace")
    except (OSError, zipfile.BadZipFile, KeyError):
        return False
    return f'name="{SHEET_MAIN}"' in book and f'name="{SHEET_EXCEPTIONS}"' in book and 'name="Key"' in book


def read_appendix(path: Path) -> list[Record]:
    """The records of a Part 2 appendix's reported period. Raises `UnusableWorkbook` when it cannot be used."""
    import openpyxl

    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True, keep_links=False)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise UnusableWorkbook([error(
            "not-a-workbook", f"{path.name} cannot be read as an appendix ({exc}).")]) from exc
    try:
        main = [tuple(row) for row in wb[SHEET_MAIN].iter_rows(values_only=True)]
        exceptions = [tuple(row) for row in wb[SHEET_EXCEPTIONS].iter_rows(values_only=True)]
    finally:
        wb.close()
    top = [str(row[0]) for row in main[:8] if row and isinstance(row[0], str)]
    if not any(MARKING in line for line in top):
        raise UnusableWorkbook([error(
            "history-public-appendix",
            f"{path.name} is a public (Part 1) appendix: its figures are withheld. Add the Part 2 appendix instead.",
            sheet=SHEET_MAIN,
        )])
    period = next((p for p in (find_period_in_text(line) for line in top[1:]) if p is not None), None)
    heading = next((i for i, row in enumerate(main) if row and row[0] == "Ref"), None)
    if period is None or heading is None:
        raise UnusableWorkbook([error(
            "history-unreadable-appendix",
            f"{path.name} does not have the layout of an Appendix One this program wrote (no period or no "
            "heading row).", sheet=SHEET_MAIN,
        )])
    month = Period(period.year, period.month)
    columns = {str(name): i for i, name in enumerate(main[heading]) if name is not None}
    commentary = _commentary(exceptions)
    records: list[Record] = []
    section = ""
    for row in main[heading + 1:]:
        ref = row[0] if row else None
        if ref is None:
            continue
        if all(v is None for v in row[1:]):
            section = str(ref)
            continue
        records.append(_row_record(row, columns, str(ref), month, section, commentary, path.name))
    return records


def _get(row: tuple[object, ...], columns: dict[str, int], name: str) -> object:
    i = columns.get(name)
    return row[i] if i is not None and i < len(row) else None


def _row_record(row: tuple[object, ...], columns: dict[str, int], ref: str, month: Period, section: str,
                commentary: dict[str, str], source: str) -> Record:
    title = str(_get(row, columns, "Indicator") or "").replace(f"\n{PART_2_NOTE}", "")
    unit = parse_unit(_get(row, columns, "Unit"))
    unit = unit if not isinstance(unit, bool) and unit is not None else None
    polarity = parse_polarity(_get(row, columns, "Good is"))
    raw = _get(row, columns, "Current outturn")
    # A figure cell of a percentage holds a fraction of 1 with a % format, as Excel does.
    parsed = parse_outturn(raw, unit or PERCENT, percent_format=bool(unit and unit.is_percent)) if raw else None
    outturn = parsed.outturn if parsed else None
    rag = parse_rag(_get(row, columns, "RAG"))
    return Record(
        ref=ref, period=month, title=title, rag=rag if isinstance(rag, Rag) else Rag.MISSING, origin=Origin.APPENDIX,
        section=section, unit=unit.kind.value if unit else "",
        polarity=polarity.value if polarity and not isinstance(polarity, bool) else "",
        value=outturn.value if outturn else None, numerator=outturn.numerator if outturn else None,
        denominator=outturn.denominator if outturn else None, commentary=commentary.get(ref, ""), source=source,
    )


def _commentary(rows: list[tuple[object, ...]]) -> dict[str, str]:
    heading = next((i for i, row in enumerate(rows) if row and row[0] == "Ref"), None)
    if heading is None:
        return {}
    at = next((i for i, name in enumerate(rows[heading]) if name == "Management commentary"), None)
    if at is None:
        return {}
    found: dict[str, list[str]] = {}
    for row in rows[heading + 1:]:
        if not row or row[0] is None or at >= len(row):
            continue
        text = row[at]
        if isinstance(text, str) and text.strip() and text not in (COMMENTARY_NEEDED, PART_2_NOTE):
            found.setdefault(str(row[0]), []).append(text.strip())
    # Continuation rows were split between sentences or paragraphs: join with a space.
    return {ref: " ".join(parts) for ref, parts in found.items()}
