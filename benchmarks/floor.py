"""The floor of the export benchmark: openpyxl loads a workbook and saves it twice, with no logic of ours.

    python benchmarks/floor.py WORKBOOK OUT_DIR

openpyxl's defaults as installed (normal mode, the same XML parser settings any program gets).
"""

from __future__ import annotations

import sys
from pathlib import Path

import openpyxl


def main(source: Path, out: Path) -> None:
    wb = openpyxl.load_workbook(source)
    wb.save(out / "floor-1.xlsx")
    wb.save(out / "floor-2.xlsx")


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
