"""Build test workbooks in code: every layout and every ugly case, written to tmp_path."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import Workbook

Cell = object


@dataclass
class Sheet:
    """One sheet: rows from A1 down; formats and merges by A1 address."""

    name: str
    rows: Sequence[Sequence[Cell]]
    number_formats: dict[str, str] = field(default_factory=dict)
    merges: Sequence[str] = ()
    hidden_columns: Sequence[str] = ()
    hidden_rows: Sequence[int] = ()
    state: str = "visible"
    start_row: int = 1


def build(path: Path, *sheets: Sheet) -> Path:
    wb = Workbook()
    wb.remove(wb.active)
    for spec in sheets:
        ws = wb.create_sheet(spec.name)
        ws.sheet_state = spec.state
        for r, row in enumerate(spec.rows, start=spec.start_row):
            for c, value in enumerate(row, start=1):
                if value is not None:
                    ws.cell(r, c, value)
        for address, fmt in spec.number_formats.items():
            ws[address].number_format = fmt
        for rng in spec.merges:
            ws.merge_cells(rng)
        for letter in spec.hidden_columns:
            ws.column_dimensions[letter].hidden = True
        for r in spec.hidden_rows:
            ws.row_dimensions[r].hidden = True
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


def table(path: Path, header: Sequence[Cell], *rows: Sequence[Cell], name: str = "Data",
          above: Iterable[Sequence[Cell]] = (), **sheet_options: object) -> Path:
    """A workbook with one sheet: optional rows above the heading row, the headings, the rows."""
    all_rows = [*above, header, *rows]
    return build(path, Sheet(name, all_rows, **sheet_options))  # type: ignore[arg-type]


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def recalculate_with_libreoffice(source: Path, out_dir: Path) -> Path:
    """Open and save the workbook in LibreOffice, so its formulas carry cached values as Excel's do."""
    binary = soffice()
    assert binary, "LibreOffice is not installed"
    out_dir.mkdir(parents=True, exist_ok=True)
    profile = out_dir / "lo-profile"
    subprocess.run(
        [binary, f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
         "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", str(out_dir), str(source)],
        check=True, capture_output=True, timeout=180,
    )
    shutil.rmtree(profile, ignore_errors=True)
    return out_dir / source.name
