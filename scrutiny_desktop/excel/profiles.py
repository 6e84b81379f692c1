"""Import profiles on disk: `<workbook stem>.profile.toml` beside the workbook, or a file named on the command line."""

from __future__ import annotations

import tomllib
from pathlib import Path

from scrutiny_desktop.domain.problems import UnusableWorkbook, error
from scrutiny_desktop.domain.profile import PROFILE_SUFFIX, ImportProfile, profile_from_dict
from scrutiny_desktop.files import atomic_write


def profile_path(workbook: Path) -> Path:
    """Where a workbook's profile lives: `<workbook stem>.profile.toml` beside it."""
    return workbook.with_name(workbook.stem + PROFILE_SUFFIX)


def load_profile(path: Path) -> ImportProfile:
    """Read a profile file. Raises `UnusableWorkbook` (code `profile-unreadable`) with the reason."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise UnusableWorkbook([error("profile-unreadable", f"There is no import profile at {path}.")]) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise UnusableWorkbook([error(
            "profile-unreadable", f"The import profile {path.name} cannot be read ({exc}).",
        )]) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise UnusableWorkbook([error(
            "profile-unreadable",
            f"The import profile {path.name} is not valid TOML ({exc}). Fix the line it names, or delete the file "
            "and map the columns again (File > Map columns… in the window).",
        )]) from None
    return profile_from_dict(data, path.name)


def find_profile(workbook: Path) -> ImportProfile | None:
    """The profile beside the workbook, when there is one."""
    path = profile_path(workbook)
    return load_profile(path) if path.is_file() else None


def save_profile(workbook: Path, profile: ImportProfile) -> Path:
    """Write the profile beside the workbook (atomically); the workbook itself is never touched."""
    text = profile.to_toml()

    def write(temp: Path) -> None:
        temp.write_text(text, encoding="utf-8")

    return atomic_write(profile_path(workbook), write)
