"""The real public appendix of the sample, with leaks planted in it, and raw zip edits for the audit tests.

`sample_public` exports the sample with the real pipeline (built from the redacted review, audited
clean), and `planted` copies it and plants something with openpyxl: the planted-marker tests then
show that the audit finds each leak in a realistic file, and passes the file without it.
"""

from __future__ import annotations

import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path

from openpyxl import Workbook, load_workbook

from scrutiny_desktop.pipeline import export_appendices, load_review
from tests.helpers import SAMPLE


def sample_public(out_dir: Path) -> Path:
    """The sample's public appendix as `scrutiny export` writes it (it passed its audit, or export raised)."""
    written = export_appendices(load_review(SAMPLE), out_dir)
    assert written.public is not None and written.audit is not None and written.audit.clean
    return written.public


def planted(clean: Path, path: Path, change: Callable[[Workbook], None] | None = None) -> Path:
    """A copy of a clean public appendix, with `change` planting something in it (loaded and saved by openpyxl,
    as a careless redactor would)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(clean, path)
    if change:
        wb = load_workbook(path)
        change(wb)
        wb.save(path)
    return path


# -- raw zip edits, for what openpyxl cannot write ---------------------------------------------


def zip_parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {name: zf.read(name) for name in zf.namelist()}


def rewrite(path: Path, parts: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    return path


def add_part(path: Path, name: str, data: bytes | str, content_type: str | None = None) -> Path:
    """Add a member to the zip (declaring its content type, as Excel would)."""
    parts = zip_parts(path)
    parts[name] = data.encode() if isinstance(data, str) else data
    if content_type:
        types = parts["[Content_Types].xml"].decode()
        override = f'<Override PartName="/{name}" ContentType="{content_type}"/>'
        parts["[Content_Types].xml"] = types.replace("</Types>", override + "</Types>").encode()
    return rewrite(path, parts)


def edit_part(path: Path, name: str, old: str, new: str) -> Path:
    parts = zip_parts(path)
    text = parts[name].decode()
    assert old in text, f"{old!r} is not in {name}"
    parts[name] = text.replace(old, new, 1).encode()
    return rewrite(path, parts)


def part_text(path: Path, name: str) -> str:
    return zip_parts(path)[name].decode()


def row_of(ws: object, ref: str) -> int:
    """The row of an indicator in a sheet whose column A holds the refs."""
    for row in ws.iter_rows(min_col=1, max_col=1):  # type: ignore[attr-defined]
        if row[0].value == ref:
            return int(row[0].row)
    raise KeyError(ref)


def column_of(ws: object, heading: str) -> int:
    for row in ws.iter_rows(max_row=10):  # type: ignore[attr-defined]
        for cell in row:
            if cell.value == heading:
                return int(cell.column)
    raise KeyError(heading)
