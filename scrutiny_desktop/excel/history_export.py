"""The history as a tidy table (one row per indicator per period), as CSV or as an .xlsx of values."""

from __future__ import annotations

import csv
from pathlib import Path

from scrutiny_desktop.domain.appendix import Cell, Role
from scrutiny_desktop.domain.history import TIDY_COLUMNS, History, tidy_rows
from scrutiny_desktop.domain.problems import UnusableWorkbook, error
from scrutiny_desktop.files import atomic_write, refuse_existing


def _cell(value: object) -> Cell:
    return Cell(value if value is None or isinstance(value, (str, int, float)) else str(value))


def write_history(history: History, out: Path, fmt: str, *, force: bool = False) -> Path:
    """Write the tidy history to `out` atomically. Raises `UnusableWorkbook` when it exists or cannot be written."""
    refuse_existing([out], force)
    rows = tidy_rows(history)

    def write_csv(temp: Path) -> None:
        # utf-8-sig: Excel opens it with the right characters; pandas reads it unchanged.
        with temp.open("w", newline="", encoding="utf-8-sig") as fh:
            writer = csv.DictWriter(fh, fieldnames=TIDY_COLUMNS)
            writer.writeheader()
            writer.writerows(rows)

    def write_xlsx(temp: Path) -> None:
        from openpyxl import Workbook

        from scrutiny_desktop.excel.sheet_data import save, sheet_data

        wb = Workbook()
        ws = wb.active
        assert ws is not None
        ws.title = "History"
        ws.freeze_panes = "A2"
        # Written as the appendices are (sheet_data.py): a title or a reason for an override typed as
        # "=..." stays text, where openpyxl's `append` made it a formula.
        table = [[Cell(c) for c in TIDY_COLUMNS], *([_cell(row[c]) for c in TIDY_COLUMNS] for row in rows)]
        save(wb, temp, {ws.title: sheet_data(table, {(Role.TEXT, "General"): 0})})

    try:
        return atomic_write(out, write_xlsx if fmt == "xlsx" else write_csv)
    except OSError as exc:
        raise UnusableWorkbook([error(
            "output-unwritable", f"{out} cannot be written ({exc.strerror or exc}). Choose a folder you can write to.",
        )]) from exc
