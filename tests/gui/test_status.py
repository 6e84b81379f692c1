"""Nothing stale, nothing false: the status bar says what happened last, failures included."""

import shutil
from pathlib import Path

from scrutiny_desktop.excel import excel_app
from scrutiny_desktop.excel.excel_app import Shown
from scrutiny_desktop.gui.errors import RefusalDialog
from tests.gui.conftest import open_and_wait
from tests.helpers import SAMPLE


def test_a_failed_read_is_what_the_status_bar_says_not_its_last_step(make_window, qtbot, dialogs,
                                                                     tmp_path: Path) -> None:
    window = make_window()
    bad = tmp_path / "sample.xlsx"
    bad.write_text("Ref,Indicator\n1,Contacts\n", encoding="utf-8")
    open_and_wait(qtbot, window, bad)
    dialogs.take(RefusalDialog)
    message = window.statusBar().currentMessage()
    assert message.startswith("Reading sample.xlsx failed: sample.xlsx is a text or CSV file")
    assert "Checking" not in message and "Rating" not in message


def test_after_a_good_read_the_status_bar_says_what_was_read_and_stays(make_window, qtbot, tmp_path: Path) -> None:
    window = make_window()
    workbook = shutil.copyfile(SAMPLE, tmp_path / "Dataset.xlsx")
    open_and_wait(qtbot, window, workbook)
    assert window.statusBar().currentMessage().startswith("Read ")
    qtbot.wait(50)
    assert " indicators from Dataset.xlsx for " in window.statusBar().currentMessage()


def test_a_workbook_open_in_excel_is_said_in_the_status_bar(make_window, qtbot, tmp_path: Path) -> None:
    window = make_window()
    workbook = shutil.copyfile(SAMPLE, tmp_path / "Dataset.xlsx")
    (tmp_path / "~$Dataset.xlsx").write_bytes(b"\x0bJ Smith")
    open_and_wait(qtbot, window, workbook)
    assert "changes not yet saved in Excel are not included" in window.statusBar().currentMessage()
    assert window.problems_model.problem(0).code == "open-in-excel"


def test_show_cell_that_opened_nothing_says_so_and_no_progress_is_left(make_window, qtbot, monkeypatch,
                                                                       tmp_path: Path) -> None:
    window = make_window()
    workbook = shutil.copyfile(SAMPLE, tmp_path / "Dataset.xlsx")
    open_and_wait(qtbot, window, workbook)

    def nothing_opens(path: Path) -> None:
        raise OSError("no program could open it: xdg-open failed with exit code 4")

    monkeypatch.setattr(excel_app, "open_with_default_program", nothing_opens)
    window.show_in_excel("Dataset", "F18")
    qtbot.waitUntil(lambda: not window.tasks.busy)
    assert window.statusBar().currentMessage().startswith("Could not open Dataset.xlsx (no program could open it")
    assert not window.statusBar().currentMessage().startswith("Opened")


def test_a_job_whose_result_goes_elsewhere_leaves_no_progress_in_the_status_bar(make_window, qtbot) -> None:
    window = make_window()
    assert window._run("Opening a file", lambda progress: Shown(False, "elsewhere"), lambda _shown: None)
    qtbot.waitUntil(lambda: not window.tasks.busy)
    assert window.statusBar().currentMessage() == ""
