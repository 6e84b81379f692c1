"""The officer's settings and recent files, persisted with QSettings in the user settings folder."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

from scrutiny_desktop.domain.settings import DEFAULT_ORGANISATION, Paper, Settings
from scrutiny_desktop.resources import user_config_dir

MAX_RECENT = 8
SMALL_COUNT_RANGE = (0, 20)


def default_qsettings() -> QSettings:
    """`window.ini` in the folder the README names for `headings.toml` too, on every platform."""
    return QSettings(str(user_config_dir() / "window.ini"), QSettings.Format.IniFormat)


class SettingsStore:
    """Reads and writes `Settings` (shared with the command line) and the window's own state.

    Whatever is in the file, reading never fails: a value that is not understood reads as the default.
    """

    def __init__(self, qsettings: QSettings | None = None) -> None:
        self.qsettings = qsettings if qsettings is not None else default_qsettings()

    def settings(self) -> Settings:
        q = self.qsettings
        organisation = str(q.value("settings/organisation", DEFAULT_ORGANISATION) or "").strip()
        try:
            paper = Paper(str(q.value("settings/paper", Paper.A4.value)))
        except ValueError:
            paper = Paper.A4
        try:
            small = int(str(q.value("settings/small_count_max", Settings().small_count_max)))
        except ValueError:
            small = Settings().small_count_max
        small = min(max(small, SMALL_COUNT_RANGE[0]), SMALL_COUNT_RANGE[1])
        template = str(q.value("settings/template", "") or "")
        report_template = str(q.value("settings/report_template", "") or "")
        return Settings(organisation or DEFAULT_ORGANISATION, paper, small, template, report_template)

    def save_settings(self, settings: Settings) -> None:
        q = self.qsettings
        q.setValue("settings/organisation", settings.organisation)
        q.setValue("settings/paper", settings.paper.value)
        q.setValue("settings/small_count_max", settings.small_count_max)
        q.setValue("settings/template", settings.template)
        q.setValue("settings/report_template", settings.report_template)
        q.sync()

    def recent_files(self) -> list[Path]:
        value = self.qsettings.value("recent/files", [])
        if isinstance(value, str):  # QSettings hands back a one-item list as a plain string
            value = [value]
        values = value if isinstance(value, list | tuple) else []
        paths = [Path(v) for v in values if isinstance(v, str) and v]
        return paths[:MAX_RECENT]

    def add_recent(self, path: Path) -> None:
        path = path.resolve()
        paths = [path, *(p for p in self.recent_files() if p != path)]
        self._set_recent(paths[:MAX_RECENT])

    def remove_recent(self, path: Path) -> None:
        self._set_recent([p for p in self.recent_files() if p != path])

    def _set_recent(self, paths: list[Path]) -> None:
        self.qsettings.setValue("recent/files", [str(p) for p in paths])
        self.qsettings.sync()

    def last_folder(self) -> str:
        return str(self.qsettings.value("recent/folder", "") or "")

    def set_last_folder(self, folder: Path) -> None:
        self.qsettings.setValue("recent/folder", str(folder))

    def export_folder(self) -> str:
        """The folder the appendices were last exported to, or ""."""
        return str(self.qsettings.value("recent/export_folder", "") or "")

    def set_export_folder(self, folder: Path) -> None:
        self.qsettings.setValue("recent/export_folder", str(folder))
        self.qsettings.sync()

    def hidden_columns(self, key: str) -> set[str] | None:
        """The names of the table columns hidden in one arrangement of the window; None when never set."""
        value = self.qsettings.value(f"window/{key}")
        if isinstance(value, list):  # the file edited by hand, without the quotes QSettings writes
            value = ",".join(str(v) for v in value)
        return None if value is None else {name.strip() for name in str(value).split(",") if name.strip()}

    def set_hidden_columns(self, key: str, names: set[str]) -> None:
        self.qsettings.setValue(f"window/{key}", ",".join(sorted(names)))

    def window_state(self, key: str) -> QByteArray | None:
        value = self.qsettings.value(f"window/{key}")
        return value if isinstance(value, QByteArray) else None

    def set_window_state(self, key: str, value: QByteArray) -> None:
        self.qsettings.setValue(f"window/{key}", value)
