"""What the layout builders share: percentage cells, column letters and the profile written beside a workbook."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from openpyxl.utils import get_column_letter

PERCENT_FORMAT = "0.0%"


def letter(column: int) -> str:
    return get_column_letter(column)


def formats(cells: Iterable[str], fmt: str = PERCENT_FORMAT) -> dict[str, str]:
    """One number format for many A1 addresses (for `Sheet.number_formats`)."""
    return dict.fromkeys(cells, fmt)


def block(top_row: int, columns: Sequence[int], rows: int) -> list[str]:
    """The A1 addresses of `columns` (1-based) over `rows` rows starting at `top_row`."""
    return [f"{letter(c)}{r}" for r in range(top_row, top_row + rows) for c in columns]


def write_profile(workbook: Path, text: str) -> Path:
    """The council's import profile, `<workbook stem>.profile.toml`, beside the workbook."""
    path = workbook.with_name(workbook.stem + ".profile.toml")
    path.write_text(text.lstrip(), encoding="utf-8")
    return path
