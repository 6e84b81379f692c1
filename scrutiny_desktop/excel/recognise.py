"""Files an officer opens by mistake for the monthly workbook, recognised before any cell is read.

Last month's appendix, a report draft, Excel's `~$` owner file: each would otherwise be refused with
puzzling reasons about headings (or, worse, read). Each gets one plain sentence saying what the file
is and what to open instead. A workbook that is open in Excel is read as last saved, which is said too.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from defusedxml import ElementTree as SafeET

from scrutiny_desktop.domain.problems import Problem, error, warning

OWNER_PREFIX = "~$"
WORD_SUFFIXES = (".docx", ".docm", ".doc", ".dotx")
_CORE = "docProps/core.xml"
_DC = "{http://purl.org/dc/elements/1.1/}"
# The document title this program gives an appendix (domain/appendix.py, build_appendix):
# "Appendix One: <name>, <period> – Part 1 (public)" or "… – Part 2 (not for publication)".
_APPENDIX_TITLE = re.compile(r"^Appendix One\b.*?,\s*(?P<period>[^,–]+?)\s*–\s*(?P<edition>Part [12]\b.*)$")
_MAX_CORE_BYTES = 64 * 1024


def wrong_file(path: Path) -> Problem | None:
    """What the file is, when it is plainly not a monthly KPI workbook, with what to open instead; else None."""
    name = path.name
    if name.startswith(OWNER_PREFIX):
        real = _owned_workbook(path)
        instead = f"Open {real.name} instead" if real is not None else "Open the workbook itself instead"
        return error("excel-owner-file",
                     f"{name} is the small owner file Excel keeps beside a workbook while it is open, not the "
                     f"workbook. {instead}, after saving it in Excel.")
    if path.suffix.lower() in WORD_SUFFIXES or _zip_has(path, "word/document.xml"):
        return error("word-document",
                     f"{name} is a Word document (a report draft, perhaps), not the monthly KPI workbook. Open the "
                     "council's monthly KPI workbook (.xlsx) instead; the report drafts are written from it.")
    appendix = _appendix_title(path)
    if appendix is not None:
        period, edition = appendix
        return error("appendix-not-workbook",
                     f"{name} is an Appendix One written by Scrutiny Desktop ({edition}, {period}): it is what the "
                     "program writes, not what it reads. Open the council's monthly KPI workbook it was made from "
                     "instead.")
    return None


def open_in_excel(path: Path) -> Problem | None:
    """A warning when Excel has the workbook open (its `~$` owner file is beside it): unsaved changes are not read."""
    owner = next((p for p in _owner_files(path) if p.is_file()), None)
    if owner is None:
        return None
    return warning("open-in-excel",
                   f"{path.name} is open in Excel ({owner.name} is beside it), so it was read as last saved: "
                   "changes not yet saved in Excel are not included. Save it in Excel, then read it again.")


def _owner_files(path: Path) -> list[Path]:
    # Excel names the owner file "~$" + the workbook's name; for long names Office replaces the first
    # two characters instead, so both are looked for.
    names = [OWNER_PREFIX + path.name]
    if len(path.name) > 2:
        names.append(OWNER_PREFIX + path.name[2:])
    return [path.with_name(n) for n in dict.fromkeys(names)]


def _owned_workbook(owner: Path) -> Path | None:
    rest = owner.name[len(OWNER_PREFIX):]
    exact = owner.with_name(rest)
    if exact.is_file():
        return exact
    try:
        return next((p for p in sorted(owner.parent.iterdir()) if p.is_file() and len(p.name) == len(rest) + 2
                     and p.name.endswith(rest) and not p.name.startswith(OWNER_PREFIX)), None)
    except OSError:
        return None


def _zip_has(path: Path, member: str) -> bool:
    try:
        with zipfile.ZipFile(path) as zf:
            return member in zf.namelist()
    except (OSError, zipfile.BadZipFile, ValueError):
        return False  # not a zip at all: the package checks say what it is


def _appendix_title(path: Path) -> tuple[str, str] | None:
    """(period, edition) when the file's title is one this program gives an appendix."""
    try:
        with zipfile.ZipFile(path) as zf:
            info = zf.getinfo(_CORE)
            if info.file_size > _MAX_CORE_BYTES:
                return None
            core = SafeET.fromstring(zf.read(info))
    except Exception:  # noqa: BLE001 - no title to read (not a zip, no core part, bad XML): not an appendix of ours
        return None
    title = (core.findtext(f"{_DC}title") or "").strip()
    match = _APPENDIX_TITLE.match(title)
    if match is None:
        return None
    return match.group("period").strip(), match.group("edition").strip()
