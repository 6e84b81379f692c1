"""`make screenshots`: PNGs of the window on the bundled sample, for people to look at.

    python -m scrutiny_desktop.gui.screenshots --out screenshots [--suffix @150]

Drawn offscreen; run with QT_SCALE_FACTOR=1.5 to see the window at 150 % scaling. Works on a
copy of the sample in a scratch folder, with scratch settings, so nothing of the user's changes.
"""

from __future__ import annotations

import argparse
import importlib
import os
import shutil
import sys
import tempfile
from pathlib import Path

WINDOW_SIZE = (1366, 768)  # the commonest council laptop screen


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("screenshots"))
    parser.add_argument("--suffix", default="", help="added to each file name, e.g. @150")
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="scrutiny-screenshots-") as scratch:
        os.environ["XDG_DATA_HOME"] = str(Path(scratch) / "data")  # logs and fallback commentary
        written = _take(args.out, args.suffix, Path(scratch))
    for path in written:
        print(path)
    return 0


def _take(out: Path, suffix: str, scratch: Path) -> list[Path]:
    from PySide6.QtCore import QEventLoop, QSettings, QTimer
    from PySide6.QtWidgets import QApplication, QWidget

    from scrutiny_desktop.audit.common import Finding
    from scrutiny_desktop.domain.problems import UnusableWorkbook
    from scrutiny_desktop.excel.layout import guess_layout
    from scrutiny_desktop.gui.app import _apply_look
    from scrutiny_desktop.gui.dialogs import SettingsDialog
    from scrutiny_desktop.gui.errors import ConsoleReporter, RefusalDialog, UnsafePublicFileDialog
    from scrutiny_desktop.gui.exporting import REPORT_DRAFTS, ExportResultDialog, ReportResultDialog, on_disk_note
    from scrutiny_desktop.gui.mapping import IGNORE, MappingDialog
    from scrutiny_desktop.gui.settings import SettingsStore
    from scrutiny_desktop.gui.window import MainWindow
    from scrutiny_desktop.guide import Section
    from scrutiny_desktop.pipeline import appendix_path, export_appendices, export_report
    from scrutiny_desktop.resources import sample_workbook

    app = QApplication.instance() or QApplication([sys.argv[0]])
    _apply_look(app)
    workbook = scratch / "Children's Scrutiny Dataset October 2019.xlsx"
    shutil.copyfile(sample_workbook(), workbook)
    store = SettingsStore(QSettings(str(scratch / "window.ini"), QSettings.Format.IniFormat))
    reporter = ConsoleReporter()
    window = MainWindow(store=store, reporter=reporter)
    # The same laptop screen at QT_SCALE_FACTOR: 150 % leaves 911x512 for the window to fit in.
    scale = float(os.environ.get("QT_SCALE_FACTOR") or 1)
    window.resize(round(WINDOW_SIZE[0] / scale), round(WINDOW_SIZE[1] / scale))
    window.show()
    window._default_splits()
    written: list[Path] = []

    def settle() -> None:
        for _ in range(3):
            app.processEvents()

    def shot(widget: QWidget, name: str) -> None:
        settle()
        path = out / f"{name}{suffix}.png"
        widget.grab().save(str(path))
        written.append(path)

    shot(window, "01-welcome")

    def wait_for(signal: object) -> None:
        loop = QEventLoop()
        signal.connect(loop.quit)  # type: ignore[attr-defined]
        QTimer.singleShot(60_000, loop.quit)
        loop.exec()

    def wait(started: bool) -> None:
        loop = QEventLoop()
        window.tasks.busy_changed.connect(lambda busy: None if busy else loop.quit())
        QTimer.singleShot(60_000, loop.quit)
        if started:
            loop.exec()

    def read(path: Path) -> None:
        wait(window.open_workbook(path))

    read(workbook)
    if window.review is None:
        raise SystemExit("the sample workbook could not be read")
    window.select_ref("25")
    shot(window, "02-main-window")
    window.select_ref("29")
    shot(window.detail.widget() or window.detail, "03-detail-pane")
    window.select_ref("35.1")
    shot(window.commentary, "04-commentary-draft")
    window.select_ref("29")
    editor = window.commentary.editor
    editor.moveCursor(editor.textCursor().MoveOperation.End)
    editor.insertPlainText(" There were also 6 vacant posts within the RAS contributing to the increased average "
                           "for this month. Caseloads are monitored weekly.")
    shot(window.commentary, "05-commentary-written")
    window.exceptions_only.setChecked(True)
    shot(window, "06-exceptions-only")
    window.exceptions_only.setChecked(False)
    window.go_problems_action.trigger()  # below the table, in a narrow window, the problems are a tab
    window.problems.selectRow(0)
    shot(window, "07-problem-chosen")
    window.side_tabs.setCurrentIndex(0)

    # An earlier period, chosen as the officer would: the commentary written above is kept.
    window.period_box.setCurrentIndex(1)
    window.period_box.activated.emit(1)
    wait(window.tasks.busy)
    window.select_ref("29")
    shot(window, "11-earlier-period")
    wait(window.open_workbook(workbook))

    # Export: the dialog the window shows, over the same export (written here without asking for a folder).
    folder = scratch / "appendices"
    result = export_appendices(window.review, folder, settings=store.settings())
    exported = ExportResultDialog(result, window.review, window)
    exported.show()
    shot(exported, "12-export-result")
    exported.close()
    unsafe = UnsafePublicFileDialog(appendix_path(folder, window.review.period, public=True), [
        Finding("xl/worksheets/sheet1.xml", "'Appendix One'!L31", "withheld-figure",
                "'Appendix One'!L31 holds indicator 23's numerator, which the public appendix withholds.", "23"),
        Finding("docProps/core.xml", "", "author", "The author is 'J Smith', not the organisation."),
    ], on_disk_note((result.full, result.public or result.full), (None, None)), window)
    unsafe.show()
    shot(unsafe, "13-public-file-not-written")
    unsafe.close()

    # The report drafts, into the same folder, as File ▸ Export report draft writes them.
    drafts = export_report(window.review, folder, settings=store.settings())
    reported = ReportResultDialog(drafts, window.review, window)
    reported.show()
    shot(reported, "14-report-result")
    reported.close()
    unsafe = UnsafePublicFileDialog(drafts.part1, [
        Finding("word/styles.xml", "Normal", "hidden-text", "The style Normal hides its text."),
    ], on_disk_note((drafts.part2, drafts.part1), (None, None)), window, what=REPORT_DRAFTS.public_file,
        advice=REPORT_DRAFTS.advice)
    unsafe.show()
    shot(unsafe, "15-public-draft-not-written")
    unsafe.close()

    bad = scratch / "last-month.xlsx"
    bad.write_text("Ref,Indicator\n1,Contacts\n", encoding="utf-8")
    refusal: UnusableWorkbook | None = None
    read(bad)
    refusal = reporter.refusal
    if refusal is not None:
        dialog = RefusalDialog("Cannot use last-month.xlsx", refusal,
                               f"{workbook.name} is still open.", window)
        dialog.show()
        shot(dialog, "08-refused-file")
        dialog.close()
    settings = SettingsDialog(store.settings(), window)
    settings.show()
    shot(settings, "09-settings")
    settings.close()

    # File ▸ Map columns… on a scorecard whose headings the program does not know, mapped as an officer would.
    scorecard = _scorecard(scratch / "Scorecard October 2019.xlsx")
    mapping = MappingDialog(scorecard, guess_layout(scorecard), None, window)
    mapping.resize(min(1240, window.width()), min(720, window.height()))  # within the laptop's screen
    mapping.show()
    wait_for(mapping.previewed)
    shot(mapping, "16-map-columns-unplaced")
    for letter, meaning in (("A", "ref"), ("B", "title"), ("C", "polarity"), ("D", "target"), ("E", "current"),
                            ("F", IGNORE)):
        mapping.choose(letter, meaning)
    mapping.tolerance.setText("10% of target")
    mapping.columns_view.selectRow(3)
    mapping.preview_now()
    wait_for(mapping.previewed)
    shot(mapping, "17-map-columns-mapped")
    mapping.done(0)

    window.show_guide(Section.PUBLIC)
    guide = window.guide_dialog
    assert guide is not None
    guide.resize(min(guide.width(), window.width()), min(guide.height(), window.height()))
    guide.show_section(Section.PUBLIC)
    shot(guide, "18-user-guide")
    guide.close()
    window.commentary.save_now()
    window.close()
    return written


def _scorecard(path: Path) -> Path:
    """A small council scorecard whose headings the program knows none of, for the mapping dialog.

    Built with the tests' workbook helper (this tool runs from the source tree, as `make screenshots`),
    so that no openpyxl code lives outside excel/.
    """
    table = importlib.import_module("tests.workbooks").table  # not type-checked with the package
    return table(path, ["Line", "Wording", "Better when", "Goal", "Reading", "Owner"],
                 ["1", "Contacts received within a day", "High", 50, 40, "J Bloggs"],
                 ["2", "Re-referrals within a year", "Low", 20, 21, "A Smith"],
                 ["3", "Plans reviewed on time", "High", 90, 95, "J Bloggs"],
                 ["4", "Children seen alone at each visit", "High", 95, 97, "A Smith"],
                 ["5", "Average caseload per social worker", "Low", 15, 18, "K Patel"],
                 name="Scorecard", above=[["Children's services scorecard, October 2019"], []])


if __name__ == "__main__":
    sys.exit(main())
