"""The worker API, the error reports, settings, About, keyboard use and the self-test."""

import logging
import logging.handlers
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QWidget,
)

from scrutiny_desktop import __version__
from scrutiny_desktop.domain.problems import UnusableWorkbook, error
from scrutiny_desktop.domain.settings import Paper, Settings
from scrutiny_desktop.gui.dialogs import SettingsDialog
from scrutiny_desktop.gui.errors import CrashDialog, RefusalDialog, Reporter, log_path, start_logging
from scrutiny_desktop.gui.workers import Tasks
from tests.gui.conftest import open_and_wait
from tests.helpers import ROOT


class Failures(list[tuple[str, BaseException]]):
    def __call__(self, title: str, exc: BaseException) -> None:
        self.append((title, exc))


def test_a_job_runs_in_another_thread_with_progress_and_its_result_on_the_gui_thread(qtbot) -> None:
    import threading

    failures = Failures()
    tasks = Tasks(failures)
    seen: dict[str, object] = {}

    def job(progress) -> int:  # type: ignore[no-untyped-def]
        seen["thread"] = threading.current_thread()
        progress("halfway", 0.5)
        return 42

    def done(result: object) -> None:
        seen["result"], seen["done_thread"] = result, threading.current_thread()

    with qtbot.waitSignal(tasks.progressed) as progressed:
        assert tasks.run("Counting", job, done)
    assert progressed.args == ["Counting", 0.0]
    assert not tasks.run("Another", job, done)  # one at a time
    qtbot.waitUntil(lambda: not tasks.busy)
    assert seen["result"] == 42 and seen["thread"] is not threading.main_thread()
    assert seen["done_thread"] is threading.main_thread() and failures == []


def test_a_failing_job_reaches_the_one_failure_handler_not_on_done(qtbot) -> None:
    failures = Failures()
    tasks = Tasks(failures)
    results: list[object] = []
    refusal = UnusableWorkbook([error("not-a-workbook", "No.")])

    def job(progress) -> None:  # type: ignore[no-untyped-def]
        raise refusal

    tasks.run("Reading x.xlsx", job, results.append)
    qtbot.waitUntil(lambda: not tasks.busy)
    assert failures == [("Reading x.xlsx", refusal)] and results == []


def test_an_unexpected_error_in_a_job_is_a_crash_report(qtbot, make_window, dialogs, sample_copy) -> None:
    window = make_window()

    def job(progress) -> None:  # type: ignore[no-untyped-def]
        raise KeyError("surprise")

    window._run("Doing something", job, lambda _result: None)
    qtbot.waitUntil(lambda: not window.tasks.busy)
    crash = dialogs.take(CrashDialog)
    assert "KeyError: 'surprise'" in crash.report and 'raise KeyError("surprise")' in crash.report


@pytest.fixture
def logging_to_a_file() -> Iterator[None]:
    yield
    root = logging.getLogger()
    for handler in [h for h in root.handlers if isinstance(h, logging.handlers.RotatingFileHandler)]:
        root.removeHandler(handler)
        handler.close()


def test_the_crash_report_is_logged_and_can_be_copied(qtbot, dialogs, user_folders, logging_to_a_file) -> None:
    reporter = Reporter()
    reporter.log_file = start_logging()
    saved: list[bool] = []
    reporter.add_rescuer(lambda: saved.append(True))
    previous = sys.excepthook
    try:
        reporter.install()
        assert sys.excepthook == reporter._hook
        try:
            raise ValueError("broken")
        except ValueError as exc:
            sys.excepthook(type(exc), exc, exc.__traceback__)
    finally:
        sys.excepthook = previous
    crash = dialogs.take(CrashDialog)
    assert saved == [True]
    assert reporter.log_file == log_path() and user_folders in log_path().parents
    assert "ValueError: broken" in log_path().read_text(encoding="utf-8")
    crash.copy_report()
    assert "ValueError: broken" in QGuiApplication.clipboard().text()
    assert f"Scrutiny Desktop {__version__}" in QGuiApplication.clipboard().text()


def test_the_refusal_dialog_copies_every_reason(qtbot) -> None:
    refused = UnusableWorkbook([error("duplicate-ref", "Ref 7 is on two rows (A2 and A3).", "Data", "A3"),
                                error("no-header-row", "No headings.", "Cover")])
    dialog = RefusalDialog("Cannot use x.xlsx", refused, "Nothing else is open.")
    qtbot.addWidget(dialog)
    dialog.copy_reasons()
    copied = QGuiApplication.clipboard().text()
    assert "Data!A3  duplicate-ref" in copied and "Cover  no-header-row" in copied
    assert "Ref 7 is on two rows" in dialog.reasons.toPlainText()


def test_settings_persist_with_qsettings(qtbot, make_window, dialogs) -> None:
    window = make_window()

    def fill(dialog: SettingsDialog) -> None:
        dialog.organisation.setText("London Borough of Bromley")
        dialog.small_count.setValue(7)
        dialog.paper.setCurrentIndex(dialog.paper.findData("A3"))
        dialog.template.setText("C:/templates/appendix.xlsx")

    dialogs.accept, dialogs.before_answer = True, fill
    window.settings_action.trigger()
    dialogs.take(SettingsDialog)
    window.close()
    again = make_window()
    assert again.store.settings() == Settings("London Borough of Bromley", Paper.A3, 7,
                                              "C:/templates/appendix.xlsx")


def test_the_report_template_is_chosen_persisted_and_reaches_the_settings(qtbot, make_window, dialogs) -> None:
    window = make_window()
    dialogs.open_file = "C:/templates/committee report.docx"

    def fill(dialog: SettingsDialog) -> None:
        assert dialog.report_template.placeholderText() == "The bundled template"
        browse = next(b for b in dialog.findChildren(QPushButton) if b.accessibleName() ==
                      "Choose a report template document")
        browse.click()  # the faked file dialog answers with the path above

    dialogs.accept, dialogs.before_answer = True, fill
    window.settings_action.trigger()
    dialogs.take(SettingsDialog)
    assert window.store.settings().report_template == "C:/templates/committee report.docx"
    assert window.store.settings().template == ""  # the appendix template is its own field
    window.close()
    again = make_window()
    assert again.store.settings() == Settings(report_template="C:/templates/committee report.docx")
    dialog = SettingsDialog(again.store.settings(), again)
    qtbot.addWidget(dialog)
    assert dialog.report_template.text() == "C:/templates/committee report.docx"
    dialog.report_template.setText("  ")
    assert dialog.settings().report_template == ""  # empty: the bundled template


def test_settings_that_cannot_be_understood_read_as_the_defaults(make_window, settings_file: Path) -> None:
    settings_file.write_text("[settings]\npaper=B5\nsmall_count_max=lots\norganisation=\n", encoding="utf-8")
    window = make_window()
    assert window.store.settings() == Settings()


def test_help_about_names_the_version(make_window, dialogs) -> None:
    window = make_window()
    window.about_action.trigger()
    assert dialogs.take("about") == "about"
    args = dialogs.shown.pop(0)
    assert __version__ in args[2]


def test_every_control_has_an_accessible_name_and_tab_reaches_them_in_order(
    qtbot, make_window, sample_copy
) -> None:
    window = make_window()
    open_and_wait(qtbot, window, sample_copy)
    window.select_ref("29")
    focusable = [w for w in window.findChildren(QWidget)
                 if isinstance(w, QAbstractButton | QLineEdit | QPlainTextEdit | QTableView) and w.isVisibleTo(window)]
    unnamed = [type(w).__name__ + ":" + (w.text() if isinstance(w, QAbstractButton) else "") for w in focusable
               if not w.accessibleName() and not (isinstance(w, QAbstractButton) and w.text())]
    assert unnamed == []
    order = [window.period_box]
    for _ in range(7):
        order.append(order[-1].nextInFocusChain())
        while not order[-1].focusPolicy() & order[-1].focusPolicy().TabFocus or not order[-1].isVisibleTo(window):
            order[-1] = order[-1].nextInFocusChain()
    names = [w.accessibleName() for w in order]
    assert names[:7] == ["Reporting period", "Search indicators", "Show exceptions only",
                         "Show indicators with problems only", "Indicators", "Show this indicator's row in Excel",
                         "Management commentary"]


def test_the_shortcuts_an_officer_needs(make_window) -> None:
    window = make_window()
    shortcuts = {a.text(): a.shortcut().toString() for a in window.actions()}
    assert shortcuts["&Open workbook…"] == "Ctrl+O"
    assert shortcuts["&Export appendices…"] == "Ctrl+E"
    assert shortcuts["&Find indicator"] == "Ctrl+F"
    assert shortcuts["&Next exception without commentary"] == "F8"
    assert shortcuts["&Undo typing"] == "Ctrl+Z"
    assert shortcuts["Go to &commentary"] == "Ctrl+2"
    texts = {w.text() for w in window.findChildren(QAbstractButton)}
    assert {"Exceptions &only", "With &problems", "Show &cell in Excel", "Show row in &Excel"} <= texts
    assert window.period_box in {label.buddy() for label in window.findChildren(QLabel) if label.text() == "Pe&riod: "}


def test_the_window_fits_a_laptop_at_150_percent(qtbot, make_window, sample_copy) -> None:
    """At 150 % a 1366x768 laptop gives about 910x512 logical pixels: nothing may demand more."""
    window = make_window()
    open_and_wait(qtbot, window, sample_copy)
    hint = window.minimumSizeHint()
    assert hint.width() <= 910 and hint.height() <= 512, hint


def _run_selftest(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run([sys.executable, "-m", "scrutiny_desktop.gui.app", "--selftest", *args],
                          capture_output=True, text=True, timeout=120, cwd=ROOT, env=env)


def test_selftest_reads_the_sample_and_renders_the_window() -> None:
    result = _run_selftest()
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 1 and lines[0].startswith("selftest ok: 40 indicators, 6 exceptions")


def test_selftest_of_an_unusable_workbook_exits_2_with_the_reasons(tmp_path: Path) -> None:
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"PK\x03\x04 not really a zip")
    result = _run_selftest(str(bad))
    assert result.returncode == 2 and "not-a-workbook" in result.stderr


def test_the_command_line_never_imports_qt() -> None:
    code = "import sys, scrutiny_desktop.cli, scrutiny_desktop.pipeline; print('PySide6' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert result.stdout.strip() == "False", result.stderr


def test_qapplication_is_the_offscreen_one() -> None:
    assert QApplication.platformName() == "offscreen"


@pytest.fixture(autouse=True)
def _no_real_clipboard_leak() -> None:
    QGuiApplication.clipboard().clear()


def test_a_windowed_program_without_console_streams_still_starts(monkeypatch: pytest.MonkeyPatch) -> None:
    """On Windows `console=False` leaves sys.stdout and sys.stderr as None."""
    from scrutiny_desktop.gui import app

    monkeypatch.setattr(sys, "stdout", None)
    monkeypatch.setattr(sys, "stderr", None)
    app._ensure_streams()
    assert sys.stdout is not None and sys.stderr is not None
    sys.stdout.write("goes nowhere, without an error\n")
    sys.stdout.close()
    sys.stderr.close()
