"""File ▸ Export appendices: the jobs behind it, and the dialog saying what was written.

The export itself is `pipeline.export_appendices`, the function `scrutiny export` calls; these
jobs only wrap it (and the Excel launcher) for `Tasks`.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import TYPE_CHECKING

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

from scrutiny_desktop.domain.review import Review
from scrutiny_desktop.domain.settings import Settings
from scrutiny_desktop.files import file_stamp
from scrutiny_desktop.gui.errors import finding_html, problem_html
from scrutiny_desktop.gui.workers import Job, Progress

if TYPE_CHECKING:
    from scrutiny_desktop.excel.audit import Audit
    from scrutiny_desktop.pipeline import ExportResult

NOT_PRODUCED = "not produced by this version of Scrutiny Desktop"
CHECKED_CLEAN = "Checked: no hidden data, formulas or withheld figures found."


def export_job(review: Review, out_dir: Path, settings: Settings, force: bool) -> Job:
    """The job behind File ▸ Export appendices: the same `export_appendices` as `scrutiny export`."""

    def job(progress: Progress) -> ExportResult:
        from scrutiny_desktop.pipeline import export_appendices

        return export_appendices(review, out_dir, settings=settings, force=force, progress=progress)

    return job


def open_in_excel_job(path: Path) -> Job:
    def job(progress: Progress) -> object:
        from scrutiny_desktop.excel.excel_app import open_in_excel

        progress(f"Opening {path.name}", 0.5)
        return open_in_excel(path)

    return job


def part2_note(full: Path, before: tuple[int, int, int] | None) -> str:
    """Whether this export wrote the Part 2 file: its `file_stamp` now against `before` the export."""
    now = file_stamp(full)
    if now is not None and now != before:
        return f"The confidential Part 2 file was written: {full}."
    if now is not None:
        return (f"The confidential Part 2 file was not written either: the {full.name} in that folder "
                "is from an earlier export.")
    return "The confidential Part 2 file was not written either."


def audit_text(audit: Audit | None) -> str:
    """What the check of the public file found, in a sentence."""
    if audit is None:
        return "Not checked."
    if not audit.clean:
        return f"{len(audit.findings)} finding(s): do not publish this file."
    if not audit.searched_figures:
        return "Checked: no hidden data or formulas found (withheld figures were not searched for)."
    return CHECKED_CLEAN


class ExportResultDialog(QDialog):
    """Both files named, the public file's check, the exceptions still without commentary, any warnings."""

    open_requested = Signal(object)  # the Path of a file or folder to open

    def __init__(self, result: ExportResult, review: Review, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.result = result
        self.audit: QLabel | None = None  # the check of the public file, when there is one
        period = review.period.long_label if review.period else "the workbook"
        self.setWindowTitle("Appendices exported")
        self.setAccessibleName("Appendices exported")
        # Everything above the buttons scrolls, so a long list of warnings never squeezes the rest (150 %).
        body = QWidget()
        layout = QVBoxLayout(body)
        heading = QLabel(f"<b>Appendix One for {html.escape(period)} is written.</b>")
        layout.addWidget(heading)
        rows = QGridLayout()
        rows.setColumnStretch(1, 1)
        rows.setHorizontalSpacing(12)
        self.folder = self._row(rows, "Folder:", str(result.full.parent), "Folder of the appendices")
        self.full = self._row(rows, "Part 2 (confidential):", f"{result.full.name} — not for publication",
                              "Part 2 file")
        self.public = self._row(rows, "Part 1 (public):",
                                result.public.name if result.public is not None else NOT_PRODUCED, "Part 1 file")
        if result.public is not None:
            self.audit = self._row(rows, "Check of Part 1:", audit_text(result.audit), "Check of the public file")
        titles = {item.ref: item.indicator.title for item in review.items}
        missing = [f"{ref}  {titles.get(ref, '')}".rstrip() for ref in result.missing_commentary]
        self.missing = self._row(
            rows, f"Still without commentary ({len(missing)}):",
            "\n".join([*missing, "(shown as “Commentary needed” on the Exceptions sheet)"]) if missing
            else "None: every exception has commentary.", "Exceptions still without commentary")
        layout.addLayout(rows)
        findings = result.audit.findings if result.audit is not None else ()
        self.warnings = QLabel("<ol>" + "".join(problem_html(p) for p in result.problems)
                               + "".join(finding_html(f) for f in findings) + "</ol>")
        self.warnings.setWordWrap(True)
        self.warnings.setTextFormat(Qt.TextFormat.RichText)
        self.warnings.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse |
                                              Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.warnings.setAccessibleName("Warnings from the export")
        warned = QLabel(f"<b>Warnings ({len(result.problems) + len(findings)})</b>")
        layout.addWidget(warned)
        layout.addWidget(self.warnings)
        warned.setVisible(bool(result.problems or findings))
        self.warnings.setVisible(bool(result.problems or findings))
        layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidget(body)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        outer = QVBoxLayout(self)
        outer.addWidget(scroll, 1)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setAccessibleName("What was opened")
        outer.addWidget(self.status)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.open_folder = self._button(buttons, "Open &folder", "Open the folder holding the appendices",
                                        result.full.parent)
        self.open_full = self._button(buttons, "Open Part &2 in Excel", "Open the Part 2 appendix in Excel",
                                      result.full)
        self.open_public = self._button(buttons, "Open Part &1 in Excel", "Open the Part 1 appendix in Excel",
                                        result.public)
        self.open_public.setEnabled(result.public is not None)
        buttons.rejected.connect(self.reject)
        outer.addWidget(buttons)
        screen = self.screen().availableGeometry()
        body.setMinimumWidth(min(self.fontMetrics().averageCharWidth() * 100, screen.width() - 60))
        self.resize(body.minimumWidth() + 40,
                    min(body.sizeHint().height() + buttons.sizeHint().height() + 60, screen.height() - 60))

    @staticmethod
    def _row(rows: QGridLayout, label: str, text: str, name: str) -> QLabel:
        row = rows.rowCount()
        rows.addWidget(QLabel(label), row, 0, Qt.AlignmentFlag.AlignTop)
        value = QLabel(text)
        value.setWordWrap(True)
        value.setTextFormat(Qt.TextFormat.PlainText)
        value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse |
                                      Qt.TextInteractionFlag.TextSelectableByKeyboard)
        value.setAccessibleName(name)
        rows.addWidget(value, row, 1, Qt.AlignmentFlag.AlignTop)
        return value

    def _button(self, buttons: QDialogButtonBox, text: str, name: str, path: Path | None) -> QPushButton:
        button = QPushButton(text)
        button.setAccessibleName(name)
        button.setAutoDefault(False)
        buttons.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)
        if path is not None:
            button.clicked.connect(lambda: self.open_requested.emit(path))
        return button

    def say(self, message: str) -> None:
        self.status.setText(message)
