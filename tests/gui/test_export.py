"""File ▸ Export appendices: the folder, replacing files, the result, the public file's audit, refusals.

The flow both exports share (the question before replacing, the result's Open buttons, a public file
that failed its audit) is tested here for File ▸ Export report draft too; what is the report's own is in
test_report_export.py.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtWidgets import QMessageBox

from scrutiny_desktop import pipeline
from scrutiny_desktop.audit.common import Audit, Finding
from scrutiny_desktop.domain.problems import warning
from scrutiny_desktop.files import file_stamp
from scrutiny_desktop.gui.errors import CrashDialog, RefusalDialog, UnsafePublicFileDialog
from scrutiny_desktop.gui.exporting import (
    CHECKED_CLEAN,
    NOT_PRODUCED,
    ExportResultDialog,
    ReportResultDialog,
    ResultDialog,
    on_disk_note,
)
from scrutiny_desktop.gui.window import MainWindow
from scrutiny_desktop.pipeline import ExportResult, commentary_path
from tests.gui.conftest import failing_audit, open_and_wait, type_commentary, wait_until_read
from tests.helpers import table

TYPED = "Weekly data reports now go to every team manager."
FULL, PUBLIC = "appendix-one-2019-10-part2-confidential.xlsx", "appendix-one-2019-10-part1-public.xlsx"
PART1, PART2 = "report-2019-10-part1-public.docx", "report-2019-10-part2-confidential.docx"


@dataclass(frozen=True)
class Flow:
    """One of the two exports, as the shared flow's tests drive it."""

    action: str  # the window's QAction
    export: str  # the pipeline's function
    public_file: str  # what the public file is called
    dialog: type[ResultDialog]
    part2: str
    part1: str
    noun: str
    buttons: tuple[str, str]  # the result dialog's Open Part 2 and Open Part 1
    opened: str  # what the dialog says once a file is opened, with {} for its name


APPENDICES = Flow("export_action", "export_appendices", "appendix", ExportResultDialog, FULL, PUBLIC,
                  "the appendices", ("open_full", "open_public"), "Opened {} in Excel.")
REPORT_DRAFTS = Flow("report_action", "export_report", "report draft", ReportResultDialog, PART2, PART1,
                     "the report drafts", ("open_part2", "open_part1"),
                     "Opened {} in your default program for Word documents.")
BOTH = pytest.mark.parametrize("flow", [APPENDICES, REPORT_DRAFTS], ids=["appendices", "report"])


@pytest.fixture
def window(qtbot, make_window, sample_copy: Path) -> MainWindow:
    window = make_window(autosave_ms=60_000)  # typing is not saved before the export unless Export saves it
    open_and_wait(qtbot, window, sample_copy)
    return window


def export(qtbot, window: MainWindow) -> None:
    window.export_action.trigger()
    wait_until_read(qtbot, window)


def test_export_writes_the_appendices_with_the_commentary_typed_just_now(
    qtbot, window: MainWindow, dialogs, sample_copy: Path, tmp_path: Path
) -> None:
    type_commentary(qtbot, window, "35.1", TYPED)
    assert not commentary_path(sample_copy).exists()  # not autosaved yet
    out = tmp_path / "committee"
    dialogs.folder = str(out)
    export(qtbot, window)
    assert dialogs.folder_asked == [str(sample_copy.parent)]  # the workbook's folder, the first time
    result = dialogs.take(ExportResultDialog)
    assert result.written.full == out / FULL
    rows = table(load_workbook(out / FULL)["Exceptions"])
    assert rows["35.1"]["Management commentary"].value == TYPED
    assert json.loads(commentary_path(sample_copy).read_text(encoding="utf-8"))["35.1"] == TYPED
    assert result.full.text().startswith(FULL) and str(out) == result.folder.text()
    assert result.missing.text() == "None: every exception has commentary."
    # Both appendices, and the audit of the public one that export ran before it succeeded.
    assert {p.name for p in out.iterdir()} == {FULL, PUBLIC}
    assert result.written.public == out / PUBLIC and result.public.text() == PUBLIC
    public_rows = table(load_workbook(out / PUBLIC)["Exceptions"])
    assert public_rows["35.1"]["Management commentary"].value == TYPED  # not sensitive: published
    assert result.written.audit is not None and result.written.audit.clean
    assert result.audit is not None and result.audit.text() == CHECKED_CLEAN
    assert result.open_public.isEnabled()
    assert window.statusBar().currentMessage() == f"Exported the appendices to {out}."


def test_the_result_names_the_exceptions_still_without_commentary(
    qtbot, window: MainWindow, dialogs, tmp_path: Path
) -> None:
    dialogs.folder = str(tmp_path)
    export(qtbot, window)
    result = dialogs.take(ExportResultDialog)
    assert result.missing.text().splitlines() == [
        "35.1  % Education, Health and Care Plans (EHCP) issued within statutory 20 week timescale "
        "(excluding exception cases)",
        "(shown as “Commentary needed” on the Exceptions sheet)"]


@BOTH
def test_the_result_dialog_opens_the_folder_and_the_files_without_blocking(
    qtbot, window: MainWindow, dialogs, launched: list[Path], tmp_path: Path, flow: Flow
) -> None:
    dialogs.folder = str(tmp_path)
    getattr(window, flow.action).trigger()
    wait_until_read(qtbot, window)
    result = dialogs.take(flow.dialog)
    result.open_folder.click()
    assert launched == [tmp_path] and result.status.text() == f"Opened the folder {tmp_path}."
    for button, name in zip(flow.buttons, (flow.part2, flow.part1), strict=True):
        getattr(result, button).click()
        wait_until_read(qtbot, window)  # Excel or Word can take seconds to start: a worker opens the file
        assert launched[-1] == tmp_path / name and result.status.text() == flow.opened.format(name)


def test_cancelling_the_folder_exports_nothing(qtbot, window: MainWindow, dialogs, tmp_path: Path) -> None:
    dialogs.folder = ""
    window.export_action.trigger()
    assert not window.tasks.busy and dialogs.folder_asked


@BOTH
def test_replacing_files_is_asked_first_and_no_keeps_them(
    qtbot, window: MainWindow, dialogs, tmp_path: Path, flow: Flow
) -> None:
    action = getattr(window, flow.action)
    dialogs.folder = str(tmp_path)
    action.trigger()
    wait_until_read(qtbot, window)
    dialogs.take(flow.dialog)
    before = {name: file_stamp(tmp_path / name) for name in (flow.part2, flow.part1)}

    dialogs.button = QMessageBox.StandardButton.No
    action.trigger()
    assert dialogs.take("question") == "question"
    question = dialogs.shown.pop(0)
    assert question[1] == f"Replace {flow.noun}?"
    assert flow.part2 in question[2] and flow.part1 in question[2] and str(tmp_path) in question[2]
    assert f"Replace them with {flow.noun} exported now?" in question[2]
    assert not window.tasks.busy
    assert {name: file_stamp(tmp_path / name) for name in (flow.part2, flow.part1)} == before
    assert window.statusBar().currentMessage() == f"Nothing exported: {flow.noun} already in that folder were kept."

    dialogs.button = QMessageBox.StandardButton.Yes
    action.trigger()
    wait_until_read(qtbot, window)
    dialogs.take("question")
    dialogs.shown.pop(0)
    dialogs.take(flow.dialog)
    assert all(file_stamp(tmp_path / name) != stamp for name, stamp in before.items())  # both written again


def test_the_folder_is_remembered_for_the_next_export(
    qtbot, window: MainWindow, make_window, dialogs, sample_copy: Path, tmp_path: Path
) -> None:
    out = tmp_path / "papers"
    dialogs.folder = str(out)
    export(qtbot, window)
    dialogs.take(ExportResultDialog)
    window.close()
    again = make_window()
    open_and_wait(qtbot, again, sample_copy)
    dialogs.folder = ""
    again.export_action.trigger()
    assert dialogs.folder_asked == [str(sample_copy.parent), str(out)]
    out.rename(tmp_path / "moved")
    again.export_action.trigger()  # a folder that has gone: back to the workbook's
    assert dialogs.folder_asked[-1] == str(sample_copy.parent)


def test_a_folder_that_cannot_be_written_is_a_refusal_and_nothing_is_lost(
    qtbot, window: MainWindow, dialogs, tmp_path: Path
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    dialogs.folder = str(blocker / "appendices")  # cannot be made: its parent is a file
    export(qtbot, window)
    refusal = dialogs.take(RefusalDialog)
    assert [p.code for p in refusal.problems] == ["output-unwritable"]
    assert refusal.windowTitle() == "Cannot export the appendices"
    assert window.review is not None and window.export_action.isEnabled()
    assert window.store.export_folder() == ""  # a folder that failed is not remembered


WITHHELD = Finding("xl/worksheets/sheet1.xml", "'Appendix One'!L31", "withheld-figure",
                   "'Appendix One'!L31 holds indicator 23's numerator, which the public appendix withholds.", "23")


@BOTH
@pytest.mark.parametrize("written", [True, False])
def test_a_public_file_that_failed_its_audit_is_said_plainly_not_a_crash(
    qtbot, window: MainWindow, dialogs, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, written: bool, flow: Flow
) -> None:
    monkeypatch.setattr(pipeline, flow.export, failing_audit(flow.part2, flow.part1, WITHHELD, written))
    dialogs.folder = str(tmp_path)
    getattr(window, flow.action).trigger()
    wait_until_read(qtbot, window)
    assert not any(isinstance(d, CrashDialog | ResultDialog) for d in dialogs.shown)
    unsafe = dialogs.take(UnsafePublicFileDialog)
    assert unsafe.windowTitle() == "The public file was NOT written"
    text = unsafe.heading.text()
    assert f"The public (Part 1) {flow.public_file} {flow.part1} was NOT written" in text
    assert "Do not publish an earlier copy" in text
    if written:
        assert f"The confidential Part 2 file was written: {tmp_path / flow.part2}." in text
    else:
        assert (f"Neither file was written. In {tmp_path}, there is no {flow.part2}, and there is no "
                f"{flow.part1}.") in text
    assert "holds indicator 23's numerator" in unsafe.list.toPlainText()
    assert unsafe.text() == "xl/worksheets/sheet1.xml  'Appendix One'!L31  withheld-figure: " \
                            "'Appendix One'!L31 holds indicator 23's numerator, which the public appendix withholds."
    assert window.store.export_folder() == ""


def test_commentary_quoting_a_withheld_figure_stops_the_real_export_with_the_finding(
    qtbot, window: MainWindow, dialogs, tmp_path: Path
) -> None:
    window.select_ref("25")
    window.commentary.editor.selectAll()
    # 25's own figures are public, but "2 of 66" is 17's withheld count (as in tests/test_export_public.py).
    qtbot.keyClicks(window.commentary.editor, "Only 2 of 66 plans that ended had lasted two years or more.")
    out = tmp_path / "committee"
    dialogs.folder = str(out)
    export(qtbot, window)
    unsafe = dialogs.take(UnsafePublicFileDialog)
    assert f"Neither file was written. In {out}, there is no {FULL}" in unsafe.heading.text()
    assert any(f.code == "withheld-figure" and f.ref == "17" for f in unsafe.findings)
    assert "withheld-figure" in unsafe.text() and "indicator 17" in unsafe.list.toPlainText()
    assert not out.exists() or list(out.iterdir()) == []


def test_a_refusal_names_the_commentary_and_the_words_and_goes_to_it(
    qtbot, window: MainWindow, dialogs, tmp_path: Path
) -> None:
    """Part 2 text pasted into 25's commentary: the dialog names that commentary and the words; a button goes there."""
    secret = window.review.item("22") if window.review else None
    assert secret is not None and secret.commentary
    window.select_ref("25")
    window.commentary.editor.selectAll()
    qtbot.keyClicks(window.commentary.editor, "Placement stability remains low. " + secret.commentary)
    dialogs.folder = str(tmp_path / "committee")
    export(qtbot, window)
    unsafe = dialogs.take(UnsafePublicFileDialog)
    texts = [f for f in unsafe.findings if f.code == "withheld-text"]
    assert texts and all(f.commentary_of == "25" and f.ref == "22" for f in texts)
    assert "take these words out of indicator 25's commentary" in unsafe.list.toPlainText()
    assert "Fifteen episodes in October relate to four young people" in unsafe.list.toPlainText()
    assert [b.text() for b in unsafe.go_buttons] == ["Go to indicator 25's commentary"]
    window.select_ref("5")
    unsafe.go_buttons[0].click()
    assert window.detail.item is not None and window.detail.item.ref == "25"


def test_the_note_says_what_the_folder_holds_after_an_export_that_did_not_finish(tmp_path: Path) -> None:
    full, public = tmp_path / FULL, tmp_path / PUBLIC
    assert on_disk_note((full, public), (None, None)) == (
        f"Neither file was written. In {tmp_path}, there is no {FULL}, and there is no {PUBLIC}.")
    full.write_bytes(b"earlier")
    public.write_bytes(b"earlier public")
    earlier = (file_stamp(full), file_stamp(public))
    assert on_disk_note((full, public), earlier) == (
        f"Neither file was written. In {tmp_path}, the earlier {FULL} is unchanged, and the earlier {PUBLIC} is "
        "unchanged.")
    public.unlink()  # a public file that failed its audit under --force: the earlier one goes too
    assert on_disk_note((full, public), earlier).endswith(f"and the earlier {PUBLIC} was removed.")
    replacement = tmp_path / "new.xlsx"
    replacement.write_bytes(b"written by this export")
    replacement.replace(full)  # as atomic_write puts a file in place
    assert on_disk_note((full, public), earlier) == f"The confidential Part 2 file was written: {full}."


def test_export_is_there_only_for_a_reviewed_workbook(qtbot, make_window, sample_copy: Path) -> None:
    window = make_window()
    assert not window.export_action.isEnabled()
    assert window.export_action.shortcut().toString() == "Ctrl+E"
    assert window.export_action in window.toolbar.actions()
    assert window.export_action in window.menuBar().actions()[0].menu().actions()
    open_and_wait(qtbot, window, sample_copy)
    assert window.export_action.isEnabled()


def test_a_result_without_a_public_file_says_so_plainly(qtbot, window: MainWindow, tmp_path: Path) -> None:
    """What an export without the public writer gave (`public` None): said, and nothing to open."""
    dialog = ExportResultDialog(ExportResult(tmp_path / FULL, None, (), ()), window.review, window)
    qtbot.addWidget(dialog)
    assert dialog.public.text() == NOT_PRODUCED and dialog.audit is None
    assert not dialog.open_public.isEnabled() and dialog.open_full.isEnabled()


def test_the_result_dialog_shows_the_audit_of_the_public_file_and_the_warnings(qtbot, window: MainWindow,
                                                                              tmp_path: Path) -> None:
    public = tmp_path / PUBLIC
    differencing = warning("differencing-risk", "Indicators 22 and 23 can be subtracted to reveal a small count.")
    result = ExportResult(tmp_path / FULL, public, (), (differencing,), Audit(public, (), searched_figures=True))
    dialog = ExportResultDialog(result, window.review, window)
    qtbot.addWidget(dialog)
    assert dialog.public.text() == PUBLIC and dialog.audit is not None and dialog.audit.text() == CHECKED_CLEAN
    assert dialog.open_public.isEnabled()
    assert "can be subtracted" in dialog.warnings.text() and dialog.warnings.isVisibleTo(dialog)
    unsearched = ExportResult(tmp_path / FULL, public, (), (), Audit(public, (), searched_figures=False))
    dialog = ExportResultDialog(unsearched, window.review, window)
    qtbot.addWidget(dialog)
    assert "withheld figures were not searched for" in dialog.audit.text()
    assert not dialog.warnings.isVisibleTo(dialog)
