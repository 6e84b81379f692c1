"""Where things live: bundled resources (from source or frozen) and the user's own folders."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from scrutiny_desktop import APP_NAME


def bundle_root() -> Path:
    """The folder holding `workbook_templates/` and `ui/`: the project from source, the bundle when frozen."""
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen)
    return Path(__file__).resolve().parent.parent


def resource_path(*parts: str) -> Path:
    """A bundled resource, e.g. `resource_path("workbook_templates", "appendix-one.xlsx")`."""
    return bundle_root().joinpath(*parts)


def sample_workbook() -> Path:
    return resource_path("workbook_templates", "sample-scrutiny-dataset.xlsx")


def user_guide_path() -> Path:
    """The user guide (HTML): package data beside this module, so the same from source and frozen."""
    return Path(__file__).resolve().parent / "help" / "user-guide.html"


def user_config_dir() -> Path:
    """The per-user settings folder (not created here)."""
    if sys.platform == "win32":
        base = Path(os.environ.get("APPDATA") or Path.home() / "AppData" / "Roaming")
        return base / APP_NAME
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Application Support" / APP_NAME
    base = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")
    return base / "scrutiny-desktop"


def user_data_dir() -> Path:
    """The per-user data folder, for files that cannot sit beside the workbook (not created here)."""
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
        return base / APP_NAME
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Application Support" / APP_NAME
    base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / "scrutiny-desktop"
