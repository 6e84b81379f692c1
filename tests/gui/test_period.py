"""The period chooser: the workbook's periods, latest first; another period read again, commentary kept."""

from __future__ import annotations

import json
from pathlib import Path

from openpyxl import load_workbook
from PySide6.QtCore import Qt

from scrutiny_desktop.domain.periods import Period
from scrutiny_desktop.gui.errors import RefusalDialog
from scrutiny_desktop.gui.exporting import ExportResultDialog
from scrutiny_desktop.pipeline import commentary_path
from tests.gui.conftest import open_and_wait, wait_until_read
from tests.helpers import table
from tests.workbooks import table as workbook

TYPED = " Two agency workers started in October."


def _labels(window) -> list[str]:  # type: ignore[no-untyped-def]
    box = window.period_box
    return [box.itemText(i) for i in range(box.count())]


def test_the_chooser_lists_the_periods_with_figures_latest_first_and_shows_the_latest(
    qtbot, make_window, sample_copy: Path
) -> None:
    window = make_window()
    assert not window.period_box.isEnabled() and window.period_box.count() == 0
    open_and_wait(qtbot, window, sample_copy)
    assert _labels(window) == ["Oct 2019 (latest)", "Sep 2019", "Aug 2019", "Jul 2019", "Jun 2019", "May 2019",
                               "Apr 2019", "Oct 2018"]
    assert window.period_box.currentIndex() == 0 and window.period_box.isEnabled()
    assert window.period_box.accessibleName() == "Reporting period"


def test_choosing_a_period_reads_it_keeping_the_commentary_and_the_indicator(
    qtbot, make_window, dialogs, sample_copy: Path, tmp_path: Path
) -> None:
    window = make_window(autosave_ms=60_000)
    open_and_wait(qtbot, window, sample_copy)
    window.select_ref("29")
    editor = window.commentary.editor
    editor.moveCursor(editor.textCursor().MoveOperation.End)
    qtbot.keyClicks(editor, TYPED)  # not autosaved yet
    typed = editor.toPlainText()
    box = window.period_box
    box.setFocus()
    qtbot.keyClick(box, Qt.Key.Key_Down)  # by keyboard
    wait_until_read(qtbot, window)
    assert window.review.period == Period(2019, 9)
    assert editor.toPlainText() == typed and window.review.item("29").commentary == typed
    for _ in range(2):  # down to July
        qtbot.keyClick(box, Qt.Key.Key_Down)
        wait_until_read(qtbot, window)
    assert window.review.period == Period(2019, 7)
    assert box.currentText() == "Jul 2019" and "July 2019" in window.windowTitle()
    assert window.review.item("25").value_text == "56% (50 of 89)"  # July's figures
    assert window.detail.item.ref == "29" and window.detail.values["Outturn Jul 2019"]
    assert editor.toPlainText() == typed and window.review.item("29").commentary == typed

    dialogs.folder = str(tmp_path)
    window.export_action.trigger()
    wait_until_read(qtbot, window)
    dialogs.take(ExportResultDialog)
    rows = table(load_workbook(tmp_path / "appendix-one-2019-07-part2-confidential.xlsx")["Exceptions"])
    assert rows["29"]["Management commentary"].value == typed


def test_reload_stays_on_the_chosen_period(qtbot, make_window, sample_copy: Path) -> None:
    window = make_window()
    open_and_wait(qtbot, window, sample_copy)
    assert window.open_workbook(window.workbook, Period(2019, 9))
    wait_until_read(qtbot, window)
    window.reload_action.trigger()
    wait_until_read(qtbot, window)
    assert window.review.period == Period(2019, 9) and window.period_box.currentText() == "Sep 2019"
    window.period_box.setCurrentIndex(0)
    window.period_box.activated.emit(0)
    wait_until_read(qtbot, window)
    window.reload_action.trigger()  # the latest stays the latest, whatever month that becomes
    wait_until_read(qtbot, window)
    assert window.review.period == Period(2019, 10)


def test_another_period_is_rated_in_memory_without_reading_the_file_again(
    qtbot, make_window, dialogs, tmp_path: Path
) -> None:
    path = workbook(tmp_path / "Dataset.xlsx", ["Ref", "Indicator", "Target", "Good is", "Sep-19", "Oct-19"],
                    ["1", "Contacts", 10, "High", 9, 12])
    window = make_window()
    open_and_wait(qtbot, window, path)
    path.unlink()  # nothing can be read now: the figures on view are all there is
    window.period_box.setCurrentIndex(1)
    window.period_box.activated.emit(1)
    wait_until_read(qtbot, window)
    assert window.review.period == Period(2019, 9) and window.period_box.currentText() == "Sep 2019"
    assert window.review.item("1").rag.word == "Red"
    assert not any(isinstance(d, RefusalDialog) for d in dialogs.shown)


def test_the_chooser_waits_while_a_workbook_is_read(qtbot, make_window, sample_copy: Path) -> None:
    window = make_window()
    open_and_wait(qtbot, window, sample_copy)
    assert window.open_workbook(sample_copy)
    assert not window.period_box.isEnabled() and not window.export_action.isEnabled()
    wait_until_read(qtbot, window)
    assert window.period_box.isEnabled() and window.export_action.isEnabled()


def test_what_is_typed_while_another_period_is_read_stays(qtbot, make_window, sample_copy: Path) -> None:
    window = make_window(autosave_ms=60_000)
    open_and_wait(qtbot, window, sample_copy)
    window.select_ref("25")
    editor = window.commentary.editor
    editor.moveCursor(editor.textCursor().MoveOperation.End)
    assert window.open_workbook(window.workbook, Period(2019, 9))
    qtbot.keyClicks(editor, TYPED)  # while September is read
    typed = editor.toPlainText()
    wait_until_read(qtbot, window)
    assert window.review.period == Period(2019, 9)
    assert editor.toPlainText() == typed and window.review.item("25").commentary == typed
    window.close()
    assert json.loads(commentary_path(sample_copy).read_text(encoding="utf-8"))["25"] == typed
