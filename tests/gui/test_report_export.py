"""File ▸ Export report draft: the two Word drafts through the appendices' folder, question, progress and result.

Its question before replacing, its result's Open buttons and a Part 1 failing its audit are tested with the
appendices', in test_export.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QLabel

from scrutiny_desktop import pipeline
from scrutiny_desktop.audit.common import Audit
from scrutiny_desktop.domain.changes import NOTHING_TO_COMPARE
from scrutiny_desktop.domain.problems import UnusableWorkbook, error, warning
from scrutiny_desktop.domain.settings import Settings
from scrutiny_desktop.gui.errors import RefusalDialog, UnsafePublicFileDialog
from scrutiny_desktop.gui.exporting import ExportResultDialog, ReportResultDialog
from scrutiny_desktop.gui.window import MainWindow
from scrutiny_desktop.pipeline import ReportResult, commentary_path
from tests.gui.conftest import open_and_wait, type_commentary, wait_until_read
from tests.gui.test_export import PART1, PART2, TYPED
from tests.test_report import hiding_template
from tests.word.documents import headers_and_footers, section_under, texts

NOT_FOR_PUBLICATION = "NOT FOR PUBLICATION – exempt information under paragraphs 1 and 2 of Schedule 12A"
EHCP = ("% Education, Health and Care Plans (EHCP) issued within statutory 20 week timescale "
        "(excluding exception cases)")


@pytest.fixture
def window(qtbot, make_window, sample_copy: Path) -> MainWindow:
    window = make_window(autosave_ms=60_000)  # typing is not saved before the export unless the export saves it
    open_and_wait(qtbot, window, sample_copy)
    return window


def export_report(qtbot, window: MainWindow) -> None:
    window.report_action.trigger()
    wait_until_read(qtbot, window)


def lines(label: QLabel) -> list[str]:
    """A rich-text label's lines as a person reads them (the list's bullets left out)."""
    document = QTextDocument()
    document.setHtml(label.text())
    return document.toPlainText().replace("\xa0", " ").splitlines()


def markings(path: Path) -> set[str]:
    """The first line of every page header: the edition's marking."""
    return {lines[0] for kind, lines in headers_and_footers(path).items() if "header" in kind and lines}


def test_the_report_drafts_are_written_with_the_commentary_typed_just_now(
    qtbot, window: MainWindow, dialogs, sample_copy: Path, tmp_path: Path
) -> None:
    type_commentary(qtbot, window, "35.1", TYPED)
    assert not commentary_path(sample_copy).exists()  # not autosaved yet
    out = tmp_path / "committee"
    dialogs.folder = str(out)
    progress: list[str] = []
    window.tasks.progressed.connect(lambda message, _fraction: progress.append(message))
    export_report(qtbot, window)
    assert dialogs.folder_asked == [str(sample_copy.parent)]
    result = dialogs.take(ReportResultDialog)
    assert {p.name for p in out.iterdir()} == {PART1, PART2}
    assert result.written.part1 == out / PART1 and result.written.part2 == out / PART2
    assert f"Exporting the report drafts to {out}" in progress and f"Auditing {PART1}" in progress
    assert window.statusBar().currentMessage() == f"Exported the report drafts to {out}."
    assert window.store.export_folder() == str(out)
    assert commentary_path(sample_copy).is_file()  # saved first, as the appendix export does

    # Read back as Word would show them: the headings, the marking of every page, the commentary typed.
    part1, part2 = out / PART1, out / PART2
    for path in (part1, part2):
        assert texts(path, "Heading 1")[0] == "Summary"
        assert texts(path, "Heading 1")[1].startswith("3.5 Management commentary on exception")
        assert texts(path, "Heading 2")[0] == "Changes in rating since September 2019"
    assert [h.split(":")[0] for h in texts(part2, "Heading 2")[1:]] == [
        "3.5.1 Indicator 5", "3.5.2 Indicator 22", "3.5.3 Indicator 23", "3.5.4 Indicator 25",
        "3.5.5 Indicator 29", "3.5.6 Indicator 35.1"]
    assert [h.split(":")[0] for h in texts(part1, "Heading 2")[1:]] == [
        "3.5.1 Indicator 25", "3.5.2 Indicator 29", "3.5.3 Indicator 35.1"]
    assert markings(part2) == {NOT_FOR_PUBLICATION}
    assert markings(part1) == {"PART ONE – PUBLIC"}
    assert TYPED in section_under(part2, "3.5.6 Indicator 35.1")
    assert TYPED in section_under(part1, "3.5.3 Indicator 35.1")

    # The dialog names both documents, Part 1's check, the changes and the exceptions left to Part 2.
    assert result.folder.text() == str(out)
    assert result.part2.text() == f"{PART2} — not for publication" and result.part1.text() == PART1
    assert result.audit.text() == "Checked: no hidden text, comments, tracked changes or withheld figures found."
    assert lines(result.changes) == [
        "Indicator 22: Number of episodes of children looked after going missing from placement – Amber to Red "
        "(newly Red).",
        "Indicator 6: % of 16-17 year olds not in education, employment or training (NEET) or whose activity is "
        "not known – Amber to Green."]
    assert [line.split("  ")[0] for line in lines(result.withheld)] == [
        "5", "22", "23", "Sensitive: Part 1 names them and refers to the Part 2 report for their commentary."]
    assert lines(result.missing) == ["None: every exception has commentary."]
    assert not result.warnings.isVisibleTo(result)
    assert result.open_part1.isEnabled() and result.open_part2.isEnabled()


def test_the_result_names_the_exceptions_still_without_commentary_and_the_changes_heading(
    qtbot, window: MainWindow, dialogs, tmp_path: Path
) -> None:
    dialogs.folder = str(tmp_path)
    export_report(qtbot, window)
    result = dialogs.take(ReportResultDialog)
    assert lines(result.missing) == [f"35.1  {EHCP}", "Marked “[commentary needed]” in the drafts."]
    headings = [label.text() for label in result.findChildren(QLabel) if label.buddy() is not None]
    assert headings == ["<b>Changes in rating since September 2019 (2)</b>", "<b>Referred to the Part 2 report (3)</b>",
                        "<b>Still without commentary (1)</b>"]


def test_the_appendices_and_the_drafts_share_the_folder_without_asking_about_each_other(
    qtbot, window: MainWindow, dialogs, tmp_path: Path
) -> None:
    out = tmp_path / "papers"
    dialogs.folder = str(out)
    window.export_action.trigger()
    wait_until_read(qtbot, window)
    dialogs.take(ExportResultDialog)
    dialogs.folder = ""
    window.report_action.trigger()
    assert dialogs.folder_asked[-1] == str(out)  # the folder the appendices went to
    dialogs.folder = str(out)
    export_report(qtbot, window)
    dialogs.take(ReportResultDialog)  # and no question: the appendices are not the drafts
    assert {p.name for p in out.iterdir()} == {PART1, PART2, "appendix-one-2019-10-part2-confidential.xlsx",
                                               "appendix-one-2019-10-part1-public.xlsx"}


def test_the_report_template_setting_reaches_the_export(qtbot, window: MainWindow, dialogs, tmp_path: Path) -> None:
    """A council template that hides the body text: the real audit stops Part 1, and so Part 2 (a pair or nothing)."""
    template = hiding_template(tmp_path / "council.docx")
    window.store.save_settings(Settings(report_template=str(template)))
    out = tmp_path / "committee"
    dialogs.folder = str(out)
    export_report(qtbot, window)
    unsafe = dialogs.take(UnsafePublicFileDialog)
    assert {(f.part, f.where, f.code) for f in unsafe.findings} == {("word/styles.xml", "Normal", "hidden-text")}
    text = unsafe.heading.text()
    assert f"The public (Part 1) report draft {PART1} was NOT written." in text
    assert f"Neither file was written. In {out}, there is no {PART2}, and there is no {PART1}." in text
    assert "report template in File ▸ Settings" in text  # where a finding in a style comes from
    assert sorted(p.name for p in out.iterdir()) == []


def test_a_folder_that_cannot_be_written_is_a_refusal(qtbot, window: MainWindow, dialogs, tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    dialogs.folder = str(blocker / "drafts")
    export_report(qtbot, window)
    refusal = dialogs.take(RefusalDialog)
    assert refusal.windowTitle() == "Cannot export the report drafts"
    assert [p.code for p in refusal.problems] == ["output-unwritable"]
    assert f"Neither file was written. In {blocker / 'drafts'}, there is no {PART2}" in refusal.heading.text()
    assert window.review is not None and window.report_action.isEnabled()


def test_a_part_1_refused_after_part_2_was_written_says_so(
    qtbot, window: MainWindow, dialogs, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Part 1 open in Word (Windows will not replace it): Part 2 is already in place, and the refusal says so."""

    def refused_after_part2(_review: object, out_dir: Path, **_kwargs: object) -> None:
        (out_dir / PART2).write_bytes(b"the Part 2 draft")
        raise UnusableWorkbook([error("output-unwritable", f"{out_dir / PART1} cannot be written.")])

    monkeypatch.setattr(pipeline, "export_report", refused_after_part2)
    dialogs.folder = str(tmp_path)
    export_report(qtbot, window)
    refusal = dialogs.take(RefusalDialog)
    assert f"The confidential Part 2 file was written: {tmp_path / PART2}." in refusal.heading.text()
    assert "Nothing was written" not in refusal.heading.text()


def test_the_report_action_sits_beside_the_export_and_follows_it(qtbot, make_window, sample_copy: Path,
                                                                 tmp_path: Path, dialogs) -> None:
    window = make_window()
    assert not window.report_action.isEnabled()
    assert window.report_action.shortcut().toString() == "Ctrl+Shift+E"
    toolbar = window.toolbar.actions()
    assert toolbar.index(window.report_action) == toolbar.index(window.export_action) + 1
    file_menu = window.menuBar().actions()[0].menu().actions()
    assert file_menu.index(window.report_action) == file_menu.index(window.export_action) + 1
    button = window.toolbar.widgetForAction(window.report_action)
    assert button.text() == "Report" and "Word" in button.toolTip()
    open_and_wait(qtbot, window, sample_copy)
    assert window.report_action.isEnabled()
    dialogs.folder = str(tmp_path)
    window.report_action.trigger()
    assert window.tasks.busy and not window.report_action.isEnabled() and not window.export_action.isEnabled()
    wait_until_read(qtbot, window)
    assert window.report_action.isEnabled()
    dialogs.take(ReportResultDialog)


def test_ctrl_shift_e_exports_the_report(qtbot, window: MainWindow, dialogs, tmp_path: Path) -> None:
    dialogs.folder = str(tmp_path)
    window.activateWindow()
    qtbot.keyClick(window.table, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    wait_until_read(qtbot, window)
    dialogs.take(ReportResultDialog)
    assert (tmp_path / PART1).is_file()


def test_a_result_with_nothing_to_compare_and_warnings(qtbot, window: MainWindow, tmp_path: Path) -> None:
    part1 = tmp_path / PART1
    template = warning("template-unusable", "The report template council.docx cannot be read; the bundled one "
                                            "was used.")
    result = ReportResult(part1, tmp_path / PART2, NOTHING_TO_COMPARE, (), (), (template,),
                          Audit(part1, (), searched_figures=True))
    dialog = ReportResultDialog(result, window.review, window)
    qtbot.addWidget(dialog)
    assert lines(dialog.changes) == ["There is no earlier period to compare with."]
    assert lines(dialog.withheld) == ["None: Part 1 describes every exception."]
    assert "council.docx cannot be read" in dialog.warnings.text() and dialog.warnings.isVisibleTo(dialog)
