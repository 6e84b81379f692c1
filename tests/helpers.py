"""Helpers shared by the tests."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl.cell.cell import Cell
from openpyxl.worksheet.worksheet import Worksheet

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "workbook_templates" / "sample-scrutiny-dataset.xlsx"


def needs_libreoffice() -> None:
    """Skip when LibreOffice is missing, except in CI, where a missing soffice is a failure."""
    if shutil.which("soffice") or shutil.which("libreoffice"):
        return
    if os.environ.get("CI"):
        pytest.fail("LibreOffice (soffice) is not installed, and CI must not skip these tests: "
                    "install libreoffice-calc-nogui and libreoffice-writer-nogui (see .ci/run).")
    pytest.skip("LibreOffice (soffice) is not installed")


def run_cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """The real `scrutiny` command in a child process, as an analyst runs it."""
    return subprocess.run(
        [sys.executable, "-m", "scrutiny_desktop", *args],
        capture_output=True, text=True, timeout=120, cwd=cwd,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
    )


def heading_row(ws: Worksheet) -> int:
    """The row of column headings of an appendix sheet (the first with "Ref" or "Term" in column A)."""
    return next(r for r in range(1, 20) if ws.cell(r, 1).value == "Ref" or ws.cell(r, 1).value == "Term")


def table(ws: Worksheet) -> dict[str, dict[str, Cell]]:
    """Each indicator row as {heading: cell}, by ref."""
    top = heading_row(ws)
    headings = [c.value for c in ws[top]]
    rows = {}
    for r in range(top + 1, ws.max_row + 1):
        ref = ws.cell(r, 1).value
        if ref and ws.cell(r, 2).value:
            rows[ref] = {h: ws.cell(r, c) for c, h in enumerate(headings, start=1)}
    return rows


def needs_xvfb() -> None:
    """Skip when Xvfb is missing, except in CI, where it is a failure (.ci/run installs it)."""
    missing = [tool for tool in ("xvfb-run", "Xvfb", "xauth", "import", "identify") if not shutil.which(tool)]
    if not missing:
        return
    if os.environ.get("CI"):
        pytest.fail(f"{', '.join(missing)} not installed, and CI must not skip the window's smoke test: "
                    "install xvfb, xauth and imagemagick (see .ci/run).")
    pytest.skip(f"{', '.join(missing)} not installed")


# The sample's percentages, rates and averages with figures that have no counts (previous years' outturns, months
# typed bare): each such indicator carries one `counts-unknown` warning (rule 6). None of them has a cohort of
# 10 or fewer, so all are published.
SAMPLE_COUNTS_UNKNOWN = {("counts-unknown", ref) for ref in (
    "1", "2", "3", "6", "9", "10", "11", "12", "13", "14", "15", "16", "17", "18", "19", "20", "24", "25", "26", "27",
    "28", "29", "30", "31", "34", "35.1", "35.2", "36", "37", "39")}
