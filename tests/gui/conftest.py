"""Window tests: offscreen, user folders in tmp_path, dialogs that never block, no thread left running."""

from __future__ import annotations

import sys
import weakref
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings, QThread, QThreadPool
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot

from scrutiny_desktop.audit.common import Audit, Finding
from scrutiny_desktop.excel import excel_app
from scrutiny_desktop.excel.excel_app import Shown
from scrutiny_desktop.gui.settings import SettingsStore
from scrutiny_desktop.gui.window import MainWindow
from scrutiny_desktop.pipeline import UnsafePublicFile


@pytest.fixture(autouse=True)
def user_folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Logs, settings and fallback commentary go to tmp_path, never the developer's own folders."""
    home = tmp_path / "user"
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("LOCALAPPDATA", str(home / "data"))
    monkeypatch.setenv("APPDATA", str(home / "config"))
    return home


@dataclass
class Dialogs:
    """Every modal dialog a test opened, answered without blocking; unclaimed ones fail the test."""

    shown: list[Any] = field(default_factory=list)
    open_file: str = ""  # what QFileDialog.getOpenFileName answers
    folder: str = ""  # what QFileDialog.getExistingDirectory answers
    folder_asked: list[str] = field(default_factory=list)  # the folder each getExistingDirectory started in
    accept: bool = False  # what QDialog.exec answers
    button: QMessageBox.StandardButton = QMessageBox.StandardButton.Ok  # what a static QMessageBox answers
    before_answer: Callable[[Any], None] | None = None  # e.g. fill in a settings dialog

    def take(self, kind: type | str) -> Any:
        """Claim the first dialog of this class (or static QMessageBox call by name)."""
        for n, dialog in enumerate(self.shown):
            if (isinstance(kind, str) and dialog == kind) or (isinstance(kind, type) and isinstance(dialog, kind)):
                return self.shown.pop(n)
        raise AssertionError(f"no {kind} dialog was shown; shown: {self.shown}")


@pytest.fixture(autouse=True)
def dialogs(monkeypatch: pytest.MonkeyPatch) -> Iterator[Dialogs]:
    record = Dialogs()

    def exec_(self: QDialog) -> int:
        record.shown.append(self)
        if record.before_answer is not None:
            record.before_answer(self)
        return 1 if record.accept else 0

    for cls in (QDialog, QMessageBox, QFileDialog):
        monkeypatch.setattr(cls, "exec", exec_)
    for name in ("about", "information", "warning", "critical", "question"):
        def static(*args: object, _name: str = name) -> int:
            record.shown.append(_name)
            record.shown.append(args)
            return record.button
        monkeypatch.setattr(QMessageBox, name, staticmethod(static))
    monkeypatch.setattr(QFileDialog, "getOpenFileName",
                        staticmethod(lambda *args, **kwargs: (record.open_file, "")))

    def choose_folder(_parent: object, _caption: str, start: str, *args: object) -> str:
        record.folder_asked.append(start)
        return record.folder

    monkeypatch.setattr(QFileDialog, "getExistingDirectory", staticmethod(choose_folder))
    yield record
    unclaimed = [d for d in record.shown if not isinstance(d, tuple)]
    assert not unclaimed, f"dialogs shown but not checked by the test: {unclaimed}"


@pytest.fixture(autouse=True)
def no_thread_left_running(monkeypatch: pytest.MonkeyPatch, qtbot: QtBot) -> Iterator[None]:
    """Fail a test that leaves a QThread running (napari's dangling_qthreads, simplified)."""
    started: weakref.WeakKeyDictionary[QThread, str] = weakref.WeakKeyDictionary()
    real_start = QThread.start

    def start(self: QThread, *args: object) -> None:
        frame = sys._getframe(1)
        started[self] = f"{frame.f_code.co_filename}:{frame.f_lineno}"
        real_start(self, *args)

    monkeypatch.setattr(QThread, "start", start)
    yield
    running = []
    for thread, where in list(started.items()):
        try:
            if thread.isRunning():
                running.append(where)
        except RuntimeError:  # the C++ thread is already deleted: it is not running
            continue
    assert not running, f"QThread(s) still running after the test, started at: {running}"
    assert QThreadPool.globalInstance().activeThreadCount() == 0


@pytest.fixture
def launched(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Nothing is launched: what a result dialog would open (the folder, a file in Excel or Word) is recorded."""
    opened: list[Path] = []

    def open_in_excel(path: Path) -> Shown:
        opened.append(path)
        return Shown(True, f"Opened {path.name} in Excel.")

    monkeypatch.setattr(excel_app, "open_in_excel", open_in_excel)
    monkeypatch.setattr(excel_app, "open_with_default_program", opened.append)
    return opened


@pytest.fixture
def settings_file(tmp_path: Path) -> Path:
    return tmp_path / "window.ini"


@pytest.fixture
def make_window(qtbot: QtBot, settings_file: Path) -> Callable[..., MainWindow]:
    """A new window over the same settings file each call, as reopening the program would give."""

    def make(**kwargs: Any) -> MainWindow:
        store = SettingsStore(QSettings(str(settings_file), QSettings.Format.IniFormat))
        window = MainWindow(store=store, **kwargs)
        qtbot.addWidget(window)
        window.resize(1366, 768)
        window.show()
        return window

    return make


def wait_until_read(qtbot: QtBot, window: MainWindow, timeout: int = 20_000) -> None:
    qtbot.waitUntil(lambda: not window.tasks.busy, timeout=timeout)


def open_and_wait(qtbot: QtBot, window: MainWindow, path: Path) -> None:
    assert window.open_workbook(path)
    wait_until_read(qtbot, window)


def type_commentary(qtbot: QtBot, window: MainWindow, ref: str, text: str) -> None:
    """Replace an indicator's commentary by typing, as the officer would (saved only when the autosave fires)."""
    window.select_ref(ref)
    window.commentary.editor.selectAll()
    qtbot.keyClicks(window.commentary.editor, text)


def failing_audit(part2: str, part1: str, finding: Finding, written: bool) -> Callable[..., Any]:
    """An export (of the appendices or the drafts) whose public file fails its audit with `finding`.

    The Part 2 file is written first when `written`, as `export_report` does; not at all otherwise.
    """

    def export(_review: object, out_dir: Path, **_kwargs: object) -> Any:
        if written:
            out_dir.mkdir(parents=True, exist_ok=True)
            (out_dir / part2).write_bytes(b"the Part 2 file")
        public = out_dir / part1
        raise UnsafePublicFile(public, Audit(public, (finding,), searched_figures=True))

    return export
