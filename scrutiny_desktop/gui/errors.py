"""Where every error reaches the user: a refused workbook's reasons, or a crash report to copy.

`Reporter` is the one place: the window's worker failures and the global exception hook both
end here. A refusal (`UnusableWorkbook`) lists every reason with its cell and what to do; a public
appendix that failed its audit (`pipeline.UnsafePublicFile`) says plainly that it was not written,
with the findings; anything else is a bug in this program, shown as a copyable report and written
to the log file, after the commentary has been saved by the rescuers registered with `add_rescuer`.
"""

from __future__ import annotations

import html
import logging
import logging.handlers
import platform
import sys
import threading
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, qVersion
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from scrutiny_desktop import APP_NAME, __version__
from scrutiny_desktop.domain.problems import Problem, Severity, UnusableWorkbook
from scrutiny_desktop.guide import TITLES, Section, section_for
from scrutiny_desktop.resources import user_data_dir

if TYPE_CHECKING:
    from scrutiny_desktop.audit.common import Finding

log = logging.getLogger(__name__)

LOG_NAME = "scrutiny-desktop.log"


def log_path() -> Path:
    return user_data_dir() / "logs" / LOG_NAME


def start_logging() -> Path | None:
    """Log to a rotating file in the user's data folder; None when that folder cannot be written."""
    path = log_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(path, maxBytes=1_000_000, backupCount=3, encoding="utf-8")
    except OSError:
        return None
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    return path


def crash_report(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> str:
    """The text a person copies into an email: versions, platform, and the traceback."""
    lines = [
        f"{APP_NAME} {__version__}",
        f"Python {platform.python_version()}, Qt {qVersion()}, {platform.platform()}",
        "",
        *traceback.format_exception(exc_type, exc, tb),
    ]
    return "\n".join(line.rstrip("\n") for line in lines)


def _close_and_copy(dialog: QDialog, label: str, name: str, copy: Callable[[], None]) -> QDialogButtonBox:
    """Close, and a button that copies the dialog's text for an email."""
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
    button = QPushButton(label)
    button.setAccessibleName(name)
    buttons.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)
    button.clicked.connect(copy)
    buttons.rejected.connect(dialog.reject)
    return buttons


class CrashDialog(QDialog):
    """A bug report the officer can copy: what happened, that commentary is safe, and the details."""

    def __init__(self, report: str, log_file: Path | None, saved: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.report = report
        self.setWindowTitle(f"{APP_NAME} has met a problem")
        self.setAccessibleName("Error report")
        layout = QVBoxLayout(self)
        safe = "Your commentary has been saved. " if saved else ""
        where = f"The report below is also in the log file {log_file}. " if log_file else ""
        intro = QLabel(
            "Something went wrong inside Scrutiny Desktop. This is a fault in the program, not in your "
            f"workbook. {safe}{where}Please copy the report and send it to whoever supports Scrutiny Desktop."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        details = QPlainTextEdit(report)
        details.setReadOnly(True)
        details.setAccessibleName("Error report text")
        details.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        layout.addWidget(details)
        layout.addWidget(_close_and_copy(self, "&Copy report", "Copy the error report", self.copy_report))
        self.resize(self.fontMetrics().averageCharWidth() * 100, self.fontMetrics().height() * 28)

    def copy_report(self) -> None:
        QGuiApplication.clipboard().setText(self.report)


class _ListDialog(QDialog):
    """A heading, then a list of items each with where it is, and Close / Copy: refusals and audit findings."""

    def __init__(self, title: str, heading: str, items_html: str, list_name: str, copy: tuple[str, str],
                 parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        layout = QVBoxLayout(self)
        self.heading = QLabel(heading)
        self.heading.setWordWrap(True)
        self.heading.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(self.heading)
        self.list = QTextBrowser()
        self.list.setAccessibleName(list_name)
        self.list.setOpenLinks(False)
        self.list.setHtml(f"<ol>{items_html}</ol>")
        layout.addWidget(self.list)
        self.buttons = _close_and_copy(self, *copy, self.copy)
        layout.addWidget(self.buttons)
        self.resize(self.fontMetrics().averageCharWidth() * 90, self.fontMetrics().height() * 22)

    def text(self) -> str:
        raise NotImplementedError

    def copy(self) -> None:
        QGuiApplication.clipboard().setText(self.text())


# What the officer can do about a refusal from inside the window: the button's text and what it does.
Remedy = tuple[str, Callable[[], object]]


class RefusalDialog(_ListDialog):
    """Every reason a workbook cannot be used, each with its cell and what to do.

    Where the user guide explains the fix, a button opens it at that section (`guide`); `remedies`
    are buttons for the dialog that fixes it (such as Map columns…), which close this one first.
    """

    def __init__(self, title: str, refused: UnusableWorkbook, note: str, parent: QWidget | None = None, *,
                 guide: Callable[[Section | None], object] | None = None, remedies: Sequence[Remedy] = ()) -> None:
        self.problems: tuple[Problem, ...] = refused.errors or refused.problems
        count = len(self.problems)
        super().__init__(
            title, f"<b>{html.escape(title)}</b>: {count} reason{'s' if count != 1 else ''}. {html.escape(note)}",
            "".join(problem_html(p) for p in self.problems), "Reasons the workbook cannot be used",
            ("&Copy reasons", "Copy the reasons"), parent)
        self.reasons = self.list
        self.sections = tuple(dict.fromkeys(s for p in self.problems if (s := section_for(p.code)) is not None))
        self.help_buttons: dict[Section, QPushButton] = {}
        self.remedy_buttons: list[QPushButton] = []
        buttons = self.buttons
        for text, action in remedies:
            button = QPushButton(text)
            button.setAccessibleName(text.replace("&", "").rstrip("…"))
            button.clicked.connect(lambda _checked=False, act=action: self._remedy(act))
            buttons.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)
            self.remedy_buttons.append(button)
        if guide is not None:
            for section in self.sections:
                button = QPushButton(f"&Help: {TITLES[section]}")
                button.setAccessibleName(f"Open the user guide at {TITLES[section]}")
                button.clicked.connect(lambda _checked=False, s=section: guide(s))
                buttons.addButton(button, QDialogButtonBox.ButtonRole.HelpRole)
                self.help_buttons[section] = button

    def _remedy(self, action: Callable[[], object]) -> None:
        self.accept()
        action()

    def text(self) -> str:
        return "\n".join(f"{p.location or '-'}  {p.code}: {p.message}" for p in self.problems)

    def copy_reasons(self) -> None:
        self.copy()


class FileCheckDialog(_ListDialog):
    """What File ▸ Check a file before publishing found: clean, or every finding (the Part 2 file among them)."""

    def __init__(self, path: Path, findings: Sequence[Finding], parent: QWidget | None = None) -> None:
        self.findings = tuple(findings)
        name = html.escape(path.name)
        if self.findings:
            heading = (f"<p><b>Do not publish {name}:</b> {len(self.findings)} finding(s) below, each with where it "
                       "is.</p>")
        else:
            heading = (f"<p><b>{name} is clean:</b> no hidden data, formulas or personal details, and it is not a "
                       "Part 2 file. Withheld figures were not searched for: the export checks those in the files "
                       "it writes.</p>")
        super().__init__(f"Check of {path.name}", heading, "".join(finding_html(f) for f in self.findings),
                         "Findings in the file", ("&Copy findings", "Copy the findings"), parent)
        self.heading.setAccessibleName("What the check found")

    def text(self) -> str:
        return "\n".join(f.line() for f in self.findings)


def problem_html(problem: Problem) -> str:
    """A problem as a list item: where, the sentence, and its code."""
    kind = "" if problem.severity is Severity.ERROR else " (warning)"
    return _item_html(problem.location, problem.message + kind, problem.code)


def finding_html(finding: Finding) -> str:
    """An audit finding as a list item, like a problem."""
    return _item_html(finding.where or finding.part, finding.message, finding.code)


def _item_html(where: str, message: str, code: str) -> str:
    place = f"<b>{html.escape(where)}</b> " if where else ""
    return f"<li><p>{place}{html.escape(message)}<br><small>code: {html.escape(code)}</small></p></li>"


class UnsafePublicFileDialog(_ListDialog):
    """The public appendix failed its audit and was deleted: say so plainly, with every finding."""

    def __init__(self, public: Path, findings: Sequence[Finding], part2: str, parent: QWidget | None = None, *,
                 what: str = "appendix", advice: str = "", go_to: Callable[[str], object] | None = None) -> None:
        """`what` the public file is ("appendix", "report draft"); `advice` where else a finding can come from;
        `go_to(ref)` shows an indicator's commentary, for a button per commentary a finding is in."""
        self.findings = tuple(findings)
        super().__init__(
            "The public file was NOT written",
            f"<p><b>The public (Part 1) {html.escape(what)} {html.escape(public.name)} was NOT written.</b> The "
            "check made before a public file is kept found what must not be published, so the file has been "
            f"deleted. Do not publish an earlier copy in its place.</p><p>{html.escape(part2)}</p>"
            f"<p>{len(self.findings)} finding(s) below, each with where it is. Where one names an indicator's "
            f"commentary, change that commentary and export again; {html.escape(advice)}otherwise copy the "
            "findings and send them to whoever supports Scrutiny Desktop.</p>",
            "".join(finding_html(f) for f in self.findings), "Findings in the public file",
            ("&Copy findings", "Copy the findings"), parent)
        self.heading.setAccessibleName("What happened to the public file")
        # A finding in an officer's commentary names it: a button goes straight to it, to take the words out.
        refs = list(dict.fromkeys(f.commentary_of for f in self.findings if f.commentary_of))
        self.go_buttons: list[QPushButton] = []
        if go_to is not None and refs:
            row = QHBoxLayout()
            for ref in refs[:6]:
                button = QPushButton(f"Go to indicator {ref}'s commentary")
                button.setAccessibleName(f"Go to indicator {ref}'s commentary")
                button.clicked.connect(lambda _checked=False, ref=ref: self._go_to(go_to, ref))
                row.addWidget(button)
                self.go_buttons.append(button)
            row.addStretch(1)
            layout = self.layout()
            assert isinstance(layout, QVBoxLayout)
            layout.insertLayout(2, row)  # under the findings, above Close and Copy
        self.resize(self.width(), self.fontMetrics().height() * 24)

    def _go_to(self, go_to: Callable[[str], object], ref: str) -> None:
        self.accept()
        go_to(ref)

    def text(self) -> str:
        return "\n".join(f.line() for f in self.findings)


class Reporter:
    """The one place errors reach the user (see the module docstring)."""

    def __init__(self, parent: Callable[[], QWidget | None] = lambda: None) -> None:
        self._parent = parent
        self._rescuers: list[Callable[[], object]] = []
        self._showing = False
        self.log_file: Path | None = None
        self.guide: Callable[[Section | None], object] | None = None  # opens the user guide (the window's)
        # Dialogs that fix a refusal, by problem code (the window offers Map columns… for "no-header-row").
        self.remedies: dict[str, Remedy] = {}

    def add_rescuer(self, rescue: Callable[[], object]) -> None:
        """Something to run before a crash is reported, such as saving the commentary."""
        self._rescuers.append(rescue)

    def refused(self, title: str, refused: UnusableWorkbook, note: str) -> None:
        for problem in refused.problems:
            log.info("refused: %s %s %s", problem.code, problem.location, problem.message)
        codes = {p.code for p in refused.errors or refused.problems}
        remedies = [remedy for code, remedy in self.remedies.items() if code in codes]
        RefusalDialog(title, refused, note, self._parent(), guide=self.guide, remedies=remedies).exec()

    def unsafe_public_file(self, public: Path, findings: Sequence[Finding], part2: str, *, what: str = "appendix",
                           advice: str = "", go_to: Callable[[str], object] | None = None) -> None:
        """A public file failed its audit (`pipeline.UnsafePublicFile`): not a crash, not a refusal."""
        log.warning("public file %s failed its audit and was deleted: %s", public,
                    "; ".join(f"{f.where or f.part} {f.code}" for f in findings))
        UnsafePublicFileDialog(public, findings, part2, self._parent(), what=what, advice=advice, go_to=go_to).exec()

    def failed(self, title: str, exc: BaseException) -> None:
        """A worker's job failed: a refusal when the input is unusable, otherwise a bug."""
        if isinstance(exc, UnusableWorkbook):
            self.refused(f"Cannot use this workbook ({title})", exc, "")
        else:
            self.crashed(type(exc), exc, exc.__traceback__)

    def crashed(self, exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        report = crash_report(exc_type, exc, tb)
        log.critical("unexpected error\n%s", report)
        saved = self._rescue()
        if self._showing:
            return  # a fault while the report is open (a paint loop, say) is logged, not stacked
        self._showing = True
        try:
            CrashDialog(report, self.log_file, saved, self._parent()).exec()
        finally:
            self._showing = False

    def _rescue(self) -> bool:
        saved = bool(self._rescuers)
        for rescue in self._rescuers:
            try:
                rescue()
            except Exception:  # the rescue must not hide the crash being reported
                log.exception("could not save while reporting a crash")
                saved = False
        return saved

    def install(self) -> None:
        """Route uncaught exceptions on the GUI thread to `crashed`; other threads' to the log.

        Workers catch their own failures (see workers.py); a dialog must not be built off the GUI thread.
        """
        sys.excepthook = self._hook
        threading.excepthook = _log_thread_crash

    def _hook(self, exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        self.crashed(exc_type, exc, tb)


def _log_thread_crash(args: threading.ExceptHookArgs) -> None:
    exc = args.exc_value or args.exc_type()
    log.critical("unexpected error in thread %s\n%s", args.thread.name if args.thread else "?",
                 crash_report(args.exc_type, exc, args.exc_traceback))


class ConsoleReporter(Reporter):
    """For `--selftest`: the same reports, printed instead of shown (no one is there to click)."""

    def __init__(self) -> None:
        super().__init__()
        self.refusal: UnusableWorkbook | None = None
        self.crash: str | None = None

    def refused(self, title: str, refused: UnusableWorkbook, note: str) -> None:
        self.refusal = refused
        sys.stderr.write(f"{title}:\n")
        for p in refused.errors or refused.problems:
            sys.stderr.write(f"  {p.code} at {p.location or '-'}: {p.message}\n")

    def crashed(self, exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        self.crash = crash_report(exc_type, exc, tb)
        sys.stderr.write(self.crash + "\n")
