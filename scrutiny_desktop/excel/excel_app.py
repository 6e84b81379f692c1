"""Excel integration: show a workbook (at a cell) in Excel where it is installed, else in the default program.

A report draft (.docx) just written opens with the default program too, which is Word where it is installed.

xlwings drives Excel on Windows and macOS only (on Linux `xw.Book` raises), so everything else
opens the file with the system's default program and names the cell for the officer to go to.
Nothing here writes to the workbook.
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from scrutiny_desktop.domain.problems import quote_sheet

log = logging.getLogger(__name__)

Launcher = Callable[[Path], None]
SelectInExcel = Callable[[Path, str, str], None]
EXCEL_PLATFORMS = ("win32", "darwin")
OPENER_WAIT_S = 3.0  # how long `xdg-open` / `open` may take to say whether a program took the file


@dataclass(frozen=True)
class Shown:
    """What happened: shown in Excel at the cell, or opened in the default program (or not at all)."""

    in_excel: bool
    message: str


def show_cell(
    workbook: Path,
    sheet: str,
    cell: str,
    *,
    platform: str = sys.platform,
    select_in_excel: SelectInExcel | None = None,
    launcher: Launcher | None = None,
) -> Shown:
    """Open `workbook` at `sheet!cell`: in Excel through xlwings, else with the default program.

    Never raises for a missing Excel or a failing launcher: the message says what to do instead.
    May take seconds while Excel starts, so the window calls it from a worker.
    """
    where = _where(sheet, cell)
    try:
        in_excel = _open(workbook, sheet, cell, platform, select_in_excel, launcher)
    except OSError as exc:
        return Shown(False, f"Could not open {workbook.name} ({exc.strerror or exc}). "
                            f"Open it yourself and go to {where}.")
    if in_excel:
        return Shown(True, f"Opened {workbook.name} in Excel at {where}.")
    return Shown(False, f"Opened {workbook.name} in your default spreadsheet program: go to {where} "
                        "(in Excel, Ctrl+G and type the cell; in LibreOffice, the Name Box).")


def open_in_excel(
    workbook: Path,
    *,
    platform: str = sys.platform,
    select_in_excel: SelectInExcel | None = None,
    launcher: Launcher | None = None,
) -> Shown:
    """Open a whole workbook (an appendix just written) as `show_cell` does: Excel, else the default program."""
    try:
        in_excel = _open(workbook, "", "", platform, select_in_excel, launcher)
    except OSError as exc:
        return _could_not_open(workbook, exc)
    return Shown(in_excel, f"Opened {workbook.name} in Excel." if in_excel
                 else f"Opened {workbook.name} in your default spreadsheet program.")


def open_document(document: Path, *, launcher: Launcher | None = None) -> Shown:
    """Open a Word document (a report draft just written) with the default program: Word where it is installed."""
    launch = open_with_default_program if launcher is None else launcher
    try:
        launch(document)
    except OSError as exc:
        return _could_not_open(document, exc)
    return Shown(False, f"Opened {document.name} in your default program for Word documents.")


def _could_not_open(path: Path, exc: OSError) -> Shown:
    return Shown(False, f"Could not open {path.name} ({exc.strerror or exc}). Open it yourself from {path.parent}.")


def _open(workbook: Path, sheet: str, cell: str, platform: str, select_in_excel: SelectInExcel | None,
          launcher: Launcher | None) -> bool:
    """True when Excel shows the workbook, False when the default program was asked to; OSError from that."""
    if platform in EXCEL_PLATFORMS:
        try:
            select = _select_in_excel if select_in_excel is None else select_in_excel
            select(workbook, sheet, cell)
            return True
        except Exception as exc:  # noqa: BLE001 - no Excel, a COM or AppleScript error: fall back, say why in the log
            log.info("Excel could not show %s at %s (%s); using the default program",
                     workbook, _where(sheet, cell), exc)
    launch = open_with_default_program if launcher is None else launcher
    launch(workbook)
    return False


def _where(sheet: str, cell: str) -> str:
    if sheet and cell:
        return f"{quote_sheet(sheet)}!{cell}"
    return cell or (f"sheet {sheet}" if sheet else "the indicator table")


def _select_in_excel(workbook: Path, sheet: str, cell: str) -> None:
    import xlwings as xw  # slow to import, and only useful where Excel is installed

    # xw.Book attaches to the workbook when Excel already has it open, otherwise opens it.
    book = xw.Book(str(workbook))
    target = book.sheets[sheet] if sheet else book.sheets.active
    target.activate()
    if cell:
        target.range(cell).select()
    book.app.activate(steal_focus=True)


def open_with_default_program(path: Path, platform: str = sys.platform, wait_s: float = OPENER_WAIT_S) -> None:
    """Open a file as a double-click would; OSError when nothing could open it.

    `open` and `xdg-open` hand the file to the program and exit, non-zero when there is no program for
    it (or no desktop to show it on): their exit is awaited for `wait_s`, so that "Opened" is never said
    of a file nothing opened. An opener still running by then is taken to be opening it.
    """
    if platform == "win32":
        os.startfile(path)  # type: ignore[attr-defined]  # Windows only; raises OSError itself
        return
    opener = "open" if platform == "darwin" else "xdg-open"
    try:
        process = subprocess.Popen([opener, str(path)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    except FileNotFoundError:
        raise OSError(f"there is no program to open it with: {opener} is not installed") from None
    try:
        code = process.wait(timeout=wait_s)
    except subprocess.TimeoutExpired:
        return
    if code != 0:
        raise OSError(f"no program could open it: {opener} failed with exit code {code}")
