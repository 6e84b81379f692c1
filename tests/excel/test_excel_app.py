"""'Show in Excel': xlwings where Excel is installed, else the default program naming the cell.

Nothing is launched here: the launcher is injected and xlwings is replaced by a recording fake.
"""

import sys
import types
from pathlib import Path

import pytest

from scrutiny_desktop.excel import excel_app
from scrutiny_desktop.excel.excel_app import open_document, open_in_excel, show_cell

BOOK = Path("/reports/Scrutiny Dataset.xlsx")


class Launched(list[Path]):
    def __call__(self, path: Path) -> None:
        self.append(path)


def test_on_linux_it_opens_the_default_program_and_names_the_cell() -> None:
    launched = Launched()
    shown = show_cell(BOOK, "Dataset", "F18", platform="linux", launcher=launched)
    assert launched == [BOOK]
    assert not shown.in_excel
    assert "Dataset!F18" in shown.message and "Scrutiny Dataset.xlsx" in shown.message


def test_where_excel_fails_it_falls_back_to_the_default_program() -> None:
    def no_excel(workbook: Path, sheet: str, cell: str) -> None:
        raise RuntimeError("Excel.Application is not registered")

    launched = Launched()
    shown = show_cell(BOOK, "My data", "N41", platform="win32", select_in_excel=no_excel, launcher=launched)
    assert launched == [BOOK] and not shown.in_excel
    assert "'My data'!N41" in shown.message


def test_a_launcher_that_fails_still_names_the_cell() -> None:
    def broken(path: Path) -> None:
        raise FileNotFoundError(2, "No such file or directory: 'xdg-open'")

    shown = show_cell(BOOK, "Dataset", "W21", platform="linux", launcher=broken)
    assert not shown.in_excel and "Dataset!W21" in shown.message and "Open it yourself" in shown.message


class _FakeRange:
    def __init__(self, calls: list[str], address: str) -> None:
        self.calls, self.address = calls, address

    def select(self) -> None:
        self.calls.append(f"select {self.address}")


class _FakeSheet:
    def __init__(self, calls: list[str], name: str) -> None:
        self.calls, self.name = calls, name

    def activate(self) -> None:
        self.calls.append(f"activate {self.name}")

    def range(self, address: str) -> _FakeRange:
        return _FakeRange(self.calls, address)


def test_with_excel_it_selects_the_cell_through_xlwings(monkeypatch: pytest.MonkeyPatch) -> None:
    """The calls made on xlwings' objects (exercised for real only on a machine with Excel)."""
    calls: list[str] = []

    class Book:
        def __init__(self, fullname: str) -> None:
            calls.append(f"open {fullname}")
            self.sheets = {"Dataset": _FakeSheet(calls, "Dataset")}
            self.app = types.SimpleNamespace(activate=lambda steal_focus: calls.append(f"focus {steal_focus}"))

    monkeypatch.setitem(sys.modules, "xlwings", types.SimpleNamespace(Book=Book))
    launched = Launched()
    shown = show_cell(BOOK, "Dataset", "F18", platform="darwin", launcher=launched)
    assert shown.in_excel and launched == []
    assert calls == [f"open {BOOK}", "activate Dataset", "select F18", "focus True"]


def test_the_real_xlwings_on_linux_falls_back(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pretend to be Windows on this Linux machine: the real `xw.Book` raises, and the fallback runs."""
    pytest.importorskip("xlwings")
    launched = Launched()
    shown = show_cell(BOOK, "Dataset", "F18", platform="win32", launcher=launched)
    assert launched == [BOOK] and not shown.in_excel


def test_the_default_program_per_platform(monkeypatch: pytest.MonkeyPatch) -> None:
    started: list[list[str]] = []

    class Popen:
        def __init__(self, args: list[str], **kwargs: object) -> None:
            started.append(args)

        def wait(self, timeout: float) -> int:
            return 0

    monkeypatch.setattr(excel_app.subprocess, "Popen", Popen)
    excel_app.open_with_default_program(BOOK, platform="linux")
    excel_app.open_with_default_program(BOOK, platform="darwin")
    assert started == [["xdg-open", str(BOOK)], ["open", str(BOOK)]]


def _opener(monkeypatch: pytest.MonkeyPatch, outcome: int | BaseException) -> None:
    """`xdg-open` as a fake: it exits with `outcome`, or `outcome` is raised (starting it, or waiting)."""

    class Popen:
        def __init__(self, args: list[str], **kwargs: object) -> None:
            if isinstance(outcome, FileNotFoundError):
                raise outcome

        def wait(self, timeout: float) -> int:
            if isinstance(outcome, BaseException):
                raise outcome
            return outcome

    monkeypatch.setattr(excel_app.subprocess, "Popen", Popen)


def test_where_nothing_could_open_the_workbook_it_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    _opener(monkeypatch, 4)  # xdg-open: "the action failed" (no program for .xlsx, no desktop)
    shown = show_cell(BOOK, "Dataset", "F18", platform="linux")
    assert not shown.in_excel
    assert shown.message == ("Could not open Scrutiny Dataset.xlsx (no program could open it: xdg-open failed with "
                             "exit code 4). Open it yourself and go to Dataset!F18.")
    _opener(monkeypatch, FileNotFoundError(2, "No such file or directory"))
    shown = show_cell(BOOK, "Dataset", "F18", platform="linux")
    assert shown.message.startswith("Could not open Scrutiny Dataset.xlsx (there is no program to open it with: "
                                    "xdg-open is not installed)")


def test_an_opener_still_running_is_taken_to_be_opening_it(monkeypatch: pytest.MonkeyPatch) -> None:
    _opener(monkeypatch, excel_app.subprocess.TimeoutExpired("xdg-open", 3))
    shown = show_cell(BOOK, "Dataset", "F18", platform="linux")
    assert shown.message.startswith("Opened Scrutiny Dataset.xlsx in your default spreadsheet program")


def test_an_appendix_opens_whole_in_excel_or_else_the_default_program() -> None:
    opened: list[tuple[Path, str, str]] = []
    launched = Launched()
    shown = open_in_excel(BOOK, platform="win32", select_in_excel=lambda *args: opened.append(args), launcher=launched)
    assert shown.in_excel and opened == [(BOOK, "", "")] and launched == []
    assert shown.message == "Opened Scrutiny Dataset.xlsx in Excel."
    shown = open_in_excel(BOOK, platform="linux", launcher=launched)
    assert not shown.in_excel and launched == [BOOK]
    assert shown.message == "Opened Scrutiny Dataset.xlsx in your default spreadsheet program."


def test_an_appendix_that_cannot_be_opened_says_where_it_is() -> None:
    def broken(path: Path) -> None:
        raise PermissionError(13, "Permission denied")

    shown = open_in_excel(BOOK, platform="linux", launcher=broken)
    assert not shown.in_excel and shown.message == (
        "Could not open Scrutiny Dataset.xlsx (Permission denied). Open it yourself from /reports.")


def test_a_report_draft_opens_with_the_default_program_which_is_word_where_installed() -> None:
    draft = Path("/reports/report-2019-10-part2.docx")
    launched = Launched()
    shown = open_document(draft, launcher=launched)
    assert launched == [draft] and not shown.in_excel
    assert shown.message == "Opened report-2019-10-part2.docx in your default program for Word documents."

    def broken(path: Path) -> None:
        raise PermissionError(13, "Permission denied")

    assert open_document(draft, launcher=broken).message == (
        "Could not open report-2019-10-part2.docx (Permission denied). Open it yourself from /reports.")
