"""File ▸ Export appendices and File ▸ Export report draft: what each writes, and the dialogs saying so.

The window has one export flow (folder, question before replacing, job, result), and an `Export`
says what it exports: `APPENDICES` (`pipeline.export_appendices`, as `scrutiny export`) or
`REPORT_DRAFTS` (`pipeline.export_report`, as `scrutiny report`). The jobs here only wrap those
functions (and the launchers that open what was written) for `Tasks`.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFrame,
    QGridLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from scrutiny_desktop.domain.periods import Period
from scrutiny_desktop.domain.report import change_lines, changes_heading
from scrutiny_desktop.domain.review import Review
from scrutiny_desktop.domain.settings import Settings
from scrutiny_desktop.files import file_stamp
from scrutiny_desktop.gui.errors import finding_html, problem_html
from scrutiny_desktop.gui.workers import Job, Progress

if TYPE_CHECKING:
    from scrutiny_desktop.audit.common import Audit
    from scrutiny_desktop.pipeline import ExportResult, ReportResult

NOT_PRODUCED = "not produced by this version of Scrutiny Desktop"
APPENDIX_HIDING = ("hidden data", "formulas")  # what the audit of a public appendix looks for
REPORT_HIDING = ("hidden text", "comments", "tracked changes")  # ... and of a public report draft
CHECKED_CLEAN = "Checked: no hidden data, formulas or withheld figures found."


def export_job(review: Review, out_dir: Path, settings: Settings, force: bool) -> Job:
    """The job behind File ▸ Export appendices: the same `export_appendices` as `scrutiny export`."""

    def job(progress: Progress) -> ExportResult:
        from scrutiny_desktop.history_store import default_history_path, load_trends
        from scrutiny_desktop.pipeline import export_appendices

        # The review on view already starts from any carried commentary; the history adds its trends,
        # and keeps this period (a history that cannot be used is a warning in the result).
        history = default_history_path(settings.organisation)
        _same, trends, unread = load_trends(review, history)
        result = export_appendices(review, out_dir, settings=settings, force=force, progress=progress,
                                   trends=trends, history=None if unread else history)
        return replace(result, problems=(*result.problems, *unread)) if unread else result

    return job


def report_job(review: Review, out_dir: Path, settings: Settings, force: bool) -> Job:
    """The job behind File ▸ Export report draft: the same `export_report` as `scrutiny report`."""

    def job(progress: Progress) -> ReportResult:
        from scrutiny_desktop.history_store import default_history_path, load_trends
        from scrutiny_desktop.pipeline import export_report

        _same, trends, _unread = load_trends(review, default_history_path(settings.organisation))
        return export_report(review, out_dir, settings=settings, force=force, progress=progress, trends=trends)

    return job


def check_file_job(path: Path, settings: Settings) -> Job:
    """Audit a file before it is published, as `scrutiny audit FILE` does: an appendix (.xlsx) or a draft (.docx)."""

    def job(progress: Progress) -> Audit:
        progress(f"Checking {path.name}", 0.1)
        if path.suffix.lower() == ".docx":
            from scrutiny_desktop.audit.docx import audit_report as audit_file
        else:
            from scrutiny_desktop.audit.xlsx import audit_public as audit_file
        return audit_file(path, organisation=settings.organisation)

    return job


def open_output_job(path: Path) -> Job:
    """Open a file just written: an appendix in Excel, a report draft in Word (else the default program)."""

    def job(progress: Progress) -> object:
        from scrutiny_desktop.excel import excel_app

        progress(f"Opening {path.name}", 0.5)
        if path.suffix.lower() == ".docx":
            return excel_app.open_document(path)
        return excel_app.open_in_excel(path)

    return job


Stamp = tuple[int, int, int] | None  # a file's `file_stamp`: None when there is none


def on_disk_note(paths: tuple[Path, Path], before: tuple[Stamp, Stamp]) -> str:
    """What an export that did not finish left in the folder: (Part 2, Part 1) against their stamps `before` it.

    The two files are written as a pair or not at all, so this says plainly that neither was, and
    for each whether the folder holds the earlier file unchanged, or none.
    """
    part2 = paths[0]
    now = (file_stamp(paths[0]), file_stamp(paths[1]))
    if now[0] is not None and now[0] != before[0]:
        return f"The confidential Part 2 file was written: {part2}."
    states = []
    for path, earlier, current in zip(paths, before, now, strict=True):
        if current is None:
            states.append(f"the earlier {path.name} was removed" if earlier is not None else f"there is no {path.name}")
        elif current == earlier:
            states.append(f"the earlier {path.name} is unchanged")
        else:
            states.append(f"{path.name} was written")
    return f"Neither file was written. In {part2.parent}, {states[0]}, and {states[1]}."


def audit_text(audit: Audit | None, hiding: Sequence[str] = APPENDIX_HIDING) -> str:
    """What the check of the public file found, in a sentence; `hiding` is what it looked for besides figures."""
    if audit is None:
        return "Not checked."
    if not audit.clean:
        return f"{len(audit.findings)} finding(s): do not publish this file."
    if not audit.searched_figures:
        return f"Checked: no {_either(hiding)} found (withheld figures were not searched for)."
    return f"Checked: no {_either([*hiding, 'withheld figures'])} found."


def _either(things: Sequence[str]) -> str:
    """Joined as a sentence lists them: "a, b or c"."""
    return f"{', '.join(things[:-1])} or {things[-1]}" if len(things) > 1 else "".join(things)


def _titles(review: Review, refs: Sequence[str]) -> list[tuple[str, str]]:
    titles = {item.ref: item.indicator.title for item in review.items}
    return [(ref, titles.get(ref, "")) for ref in refs]


def _indicator_lines(review: Review, refs: Sequence[str]) -> list[str]:
    """A line per indicator, its ref and its title: "35.1  % Education, Health and Care Plans …"."""
    return [f"{ref}  {title}".rstrip() for ref, title in _titles(review, refs)]


def _indicator_items(review: Review, refs: Sequence[str]) -> list[str]:
    """The same as list items: the ref in bold."""
    return [f"<b>{html.escape(ref)}</b>&nbsp; {html.escape(title)}" for ref, title in _titles(review, refs)]


class ResultDialog(QDialog):
    """What an export wrote: rows of what and where, sections, warnings, and buttons to open each file.

    Everything above the buttons scrolls, so a long list never squeezes the rest (150 %).
    """

    open_requested = Signal(object)  # the Path of a file or folder to open

    def __init__(self, title: str, heading: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self._body = QWidget()
        self._layout = QVBoxLayout(self._body)
        self._layout.addWidget(QLabel(f"<b>{html.escape(heading)}</b>"))
        self._rows = QGridLayout()
        self._rows.setColumnStretch(1, 1)
        self._rows.setHorizontalSpacing(12)
        self._layout.addLayout(self._rows)
        self.warnings = _value("", "Warnings from the export", Qt.TextFormat.RichText)
        self.status = QLabel()

    def row(self, label: str, text: str, name: str) -> QLabel:
        """A label and its value, side by side."""
        row = self._rows.rowCount()
        self._rows.addWidget(QLabel(label), row, 0, Qt.AlignmentFlag.AlignTop)
        value = _value(text, name)
        self._rows.addWidget(value, row, 1, Qt.AlignmentFlag.AlignTop)
        return value

    def section(self, title: str, items: Sequence[str], note: str, name: str) -> QLabel:
        """A heading the width of the dialog, then a bulleted list (`items` in HTML) and a note under it.

        For lists too long to sit beside a label: each item wraps under itself, not under the bullet.
        """
        heading = QLabel(f"<b>{html.escape(title)}</b>")
        self._layout.addSpacing(self.fontMetrics().height() // 2)
        self._layout.addWidget(heading)
        listed = "".join(f"<li>{item}</li>" for item in items)
        text = f"<ul style='margin: 0; -qt-list-indent: 1'>{listed}</ul>" if items else ""
        if note:  # under a list, in italics: about the list, not one more of it
            text += f"<p style='margin-top: 4px'><i>{html.escape(note)}</i></p>" if items else html.escape(note)
        value = _value(text, name, Qt.TextFormat.RichText)
        heading.setBuddy(value)
        self._layout.addWidget(value)
        return value

    def finish(self, warnings: Sequence[str], buttons: Sequence[tuple[str, str, str, Path | None]],
               ) -> list[QPushButton]:
        """The warnings (list items in HTML), then the status line and the buttons: (text, name, tip, path)."""
        warned = QLabel(f"<b>Warnings ({len(warnings)})</b>")
        self.warnings.setText("<ol>" + "".join(warnings) + "</ol>")
        self._layout.addSpacing(self.fontMetrics().height() // 2)
        self._layout.addWidget(warned)
        self._layout.addWidget(self.warnings)
        warned.setVisible(bool(warnings))
        self.warnings.setVisible(bool(warnings))
        self._layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidget(self._body)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        outer = QVBoxLayout(self)
        outer.addWidget(scroll, 1)
        self.status.setWordWrap(True)
        self.status.setAccessibleName("What was opened")
        outer.addWidget(self.status)
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        made = [self._button(box, *button) for button in buttons]
        box.rejected.connect(self.reject)
        outer.addWidget(box)
        screen = self.screen().availableGeometry()
        width = min(self.fontMetrics().averageCharWidth() * 100, screen.width() - 60)
        self._body.setMinimumWidth(width)
        # The height the wrapped text takes at that width (sizeHint wraps at another width, leaving a gap).
        height = self._body.heightForWidth(width) + self.status.sizeHint().height() + box.sizeHint().height() + 40
        self.resize(width + 40, min(height, screen.height() - 60))
        return made

    def _button(self, box: QDialogButtonBox, text: str, name: str, tip: str, path: Path | None) -> QPushButton:
        button = QPushButton(text)
        button.setAccessibleName(name)
        button.setToolTip(tip)
        button.setAutoDefault(False)
        box.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)
        button.setEnabled(path is not None)
        if path is not None:
            button.clicked.connect(lambda: self.open_requested.emit(path))
        return button

    def say(self, message: str) -> None:
        self.status.setText(message)


def _value(text: str, name: str, kind: Qt.TextFormat = Qt.TextFormat.PlainText) -> QLabel:
    value = QLabel(text)
    value.setWordWrap(True)
    value.setTextFormat(kind)
    value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse |
                                  Qt.TextInteractionFlag.TextSelectableByKeyboard)
    value.setAccessibleName(name)
    return value


def _period(review: Review) -> str:
    return review.period.long_label if review.period else "the workbook"


IN_EXCEL = "In Excel where it is installed, otherwise in your default spreadsheet program"
IN_WORD = "In Word where it is installed, otherwise in your default program for Word documents"


class ExportResultDialog(ResultDialog):
    """Both appendices named, the public file's check, the exceptions still without commentary, any warnings."""

    def __init__(self, result: ExportResult, review: Review, parent: QWidget | None = None) -> None:
        super().__init__("Appendices exported", f"Appendix One for {_period(review)} is written.", parent)
        self.written = result  # not `result`: that is QDialog.result()
        self.audit: QLabel | None = None  # the check of the public file, when there is one
        self.folder = self.row("Folder:", str(result.full.parent), "Folder of the appendices")
        self.full = self.row("Part 2 (confidential):", f"{result.full.name} — not for publication", "Part 2 file")
        self.public = self.row("Part 1 (public):", result.public.name if result.public is not None else NOT_PRODUCED,
                               "Part 1 file")
        if result.public is not None:
            self.audit = self.row("Check of Part 1:", audit_text(result.audit), "Check of the public file")
        missing = _indicator_lines(review, result.missing_commentary)
        self.missing = self.row(
            f"Still without commentary ({len(missing)}):",
            "\n".join([*missing, "(shown as “Commentary needed” on the Exceptions sheet)"]) if missing
            else "None: every exception has commentary.", "Exceptions still without commentary")
        carried = _indicator_lines(review, result.carried_unchanged)
        self.carried = self.row(
            f"Carried forward unchanged ({len(carried)}):",
            "\n".join([*carried, "(commentary from an earlier period, not edited: check it still holds)"])
            if carried else "None.", "Commentary carried forward unchanged")
        # Wording shared with Part 2 text that is no leak: listed, to be accepted or reworded.
        findings = (*result.audit.findings, *result.audit.warnings) if result.audit is not None else ()
        self.open_folder, self.open_full, self.open_public = self.finish(
            [*(problem_html(p) for p in result.problems), *(finding_html(f) for f in findings)], [
                ("Open &folder", "Open the folder holding the appendices", "", result.full.parent),
                ("Open Part &2 in Excel", "Open the Part 2 appendix in Excel", IN_EXCEL, result.full),
                ("Open Part &1 in Excel", "Open the Part 1 appendix in Excel", IN_EXCEL, result.public)])


class ReportResultDialog(ResultDialog):
    """Both drafts named, Part 1's check, the changes in rating, the exceptions left to Part 2 or lacking commentary."""

    def __init__(self, result: ReportResult, review: Review, parent: QWidget | None = None) -> None:
        super().__init__("Report drafts exported", f"The report drafts for {_period(review)} are written.", parent)
        self.written = result
        self.folder = self.row("Folder:", str(result.part2.parent), "Folder of the report drafts")
        self.part2 = self.row("Part 2 (confidential):", f"{result.part2.name} — not for publication",
                              "Part 2 report draft")
        self.part1 = self.row("Part 1 (public):", result.part1.name, "Part 1 report draft")
        self.audit = self.row("Check of Part 1:", audit_text(result.audit, REPORT_HIDING),
                              "Check of the public report draft")
        changes = result.changes
        counted = len(changes.changed) + len(changes.appeared) + len(changes.disappeared)
        lines = change_lines(changes)
        self.changes = self.section(
            f"{changes_heading(changes)} ({counted})" if changes.compared else changes_heading(changes),
            [html.escape(line) for line in lines] if counted else [], "" if counted else " ".join(lines),
            "Changes in rating")
        self.withheld = self.section(
            f"Referred to the Part 2 report ({len(result.withheld)})", _indicator_items(review, result.withheld),
            "Sensitive: Part 1 names them and refers to the Part 2 report for their commentary." if result.withheld
            else "None: Part 1 describes every exception.", "Exceptions referred to the Part 2 report")
        self.missing = self.section(
            f"Still without commentary ({len(result.missing_commentary)})",
            _indicator_items(review, result.missing_commentary),
            "Marked “[commentary needed]” in the drafts." if result.missing_commentary
            else "None: every exception has commentary.", "Exceptions still without commentary")
        self.open_folder, self.open_part2, self.open_part1 = self.finish(
            [problem_html(p) for p in result.problems], [
                ("Open &folder", "Open the folder holding the report drafts", "", result.part2.parent),
                ("Open Part &2 in Word", "Open the Part 2 report draft in Word", IN_WORD, result.part2),
                ("Open Part &1 in Word", "Open the Part 1 report draft in Word", IN_WORD, result.part1)])


@dataclass(frozen=True)
class Export:
    """What the window's one export flow writes: the words for it, its two files, its job and its result."""

    noun: str  # "the appendices": in the folder dialog, the question, the status bar and the refusal
    public_file: str  # "appendix": what the public file is called when its check fails
    advice: str  # for the dialog of a public file that failed its check: where else a finding can come from
    paths: Callable[[Path, Period | None], tuple[Path, Path]]  # Part 2, then Part 1, in a folder
    job: Callable[[Review, Path, Settings, bool], Job]  # (review, folder, settings, force)
    dialog: Callable[[Any, Review, QWidget | None], ResultDialog]  # (the job's result, review, parent)


def _appendix_paths(folder: Path, period: Period | None) -> tuple[Path, Path]:
    from scrutiny_desktop.pipeline import appendix_path  # imported by the read already: not on start-up

    return appendix_path(folder, period), appendix_path(folder, period, public=True)


def _report_paths(folder: Path, period: Period | None) -> tuple[Path, Path]:
    from scrutiny_desktop.pipeline import report_path

    return report_path(folder, period, 2), report_path(folder, period, 1)


APPENDICES = Export("the appendices", "appendix", "", _appendix_paths, export_job, ExportResultDialog)
REPORT_DRAFTS = Export(
    "the report drafts", "report draft",
    "where one names a style, a header or a footer, it comes from the report template in File ▸ Settings: "
    "correct the template there (or clear it to use the bundled one) and export again; ",
    _report_paths, report_job, ReportResultDialog)
