"""The main window: open a workbook, review every indicator, write the exceptions' commentary.

It calls the same pipeline functions as the command line and adds no rules of its own. Work that
reads or writes files runs through `Tasks` (workers.py), started by `_run`; every error reaches the
user through `Reporter` (errors.py). The two exports (appendices, report drafts) share one flow, `_export`;
what each writes, its job and its result dialog are in exporting.py.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QAbstractItemModel, QItemSelectionModel, QModelIndex, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QDragEnterEvent, QDropEvent, QKeySequence, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QStyle,
    QTableView,
    QTabWidget,
    QToolBar,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from scrutiny_desktop import APP_NAME
from scrutiny_desktop.domain.history import NO_TRENDS, Trends
from scrutiny_desktop.domain.periods import Period
from scrutiny_desktop.domain.problems import Problem, UnusableWorkbook, error
from scrutiny_desktop.domain.profile import ImportProfile
from scrutiny_desktop.domain.review import Review
from scrutiny_desktop.files import file_stamp
from scrutiny_desktop.gui.commentary import AUTOSAVE_MS, CommentaryEditor
from scrutiny_desktop.gui.detail import IndicatorDetail
from scrutiny_desktop.gui.dialogs import SettingsDialog, show_about
from scrutiny_desktop.gui.errors import FileCheckDialog, Reporter
from scrutiny_desktop.gui.exporting import (
    APPENDICES,
    REPORT_DRAFTS,
    Export,
    ResultDialog,
    Stamp,
    check_file_job,
    on_disk_note,
    open_output_job,
)
from scrutiny_desktop.gui.guide import GuideDialog
from scrutiny_desktop.gui.mapping import MappingDialog
from scrutiny_desktop.gui.models import (
    HEADERS,
    Column,
    IndicatorFilter,
    IndicatorTableModel,
    ProblemColumn,
    ProblemTableModel,
    SectionRows,
)
from scrutiny_desktop.gui.settings import SettingsStore
from scrutiny_desktop.gui.workers import Job, Progress, Tasks
from scrutiny_desktop.guide import Section

if TYPE_CHECKING:
    from scrutiny_desktop.excel.layout import SheetGuess

log = logging.getLogger(__name__)

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
WORKBOOK_FILTER = "Excel workbooks (*.xlsx *.xlsm);;All files (*)"
# Narrower than this (in logical pixels: a 1366x768 laptop at 125 % or 150 % scaling, or at 100 % in the
# window's first size, 90 % of the screen), the figures and the commentary go below the table instead of
# beside it, so that the titles get the width.
STACK_BELOW_WIDTH = 1300
# Narrower, the toolbar shows icons alone: its words need about 1230 pixels, a little of which the search box
# can give up (the period box keeps its width, so "(latest)" is never cut).
TOOLBAR_WORDS_WIDTH = 1220
# Columns View ▸ Columns can hide, and those hidden until the officer shows them: the rows stay grouped
# by section without the Section column, and below the table the details pane has the direction.
OPTIONAL_COLUMNS = (Column.SECTION, Column.OUTTURN, Column.TARGET, Column.DIRECTION, Column.PART2, Column.COMMENTARY)
HIDDEN_AT_FIRST = {False: {Column.SECTION}, True: {Column.SECTION, Column.DIRECTION}}  # beside, below
# On a screen smaller than this (logical pixels: a 1366x768 laptop, or 1920x1080 at 150 %) the window opens
# maximised, so the trend chart is not below the fold.
MAXIMISE_BELOW = (1440, 900)


def opens_maximised(width: int, height: int) -> bool:
    return width < MAXIMISE_BELOW[0] or height < MAXIMISE_BELOW[1]


@dataclass(frozen=True)
class Loaded:
    """What reading a workbook gives the window: the review, and the commentary kept from before."""

    path: Path
    review: Review
    problems: tuple[Problem, ...]
    restored: dict[str, str]
    trends: Trends = NO_TRENDS  # what the history adds: earlier quarters, SPC, carried commentary


def read_workbook_job(path: Path, period: Period | None = None, history: Path | None = None) -> Job:
    """The job behind File ▸ Open: the saved commentary, then the same `load_review` as `scrutiny check`.

    With a `history`, exceptions still without commentary start from their last (`load_trends`).
    """

    def job(progress: Progress) -> Loaded:
        from scrutiny_desktop.history_store import load_trends
        from scrutiny_desktop.pipeline import load_review, load_saved_commentary

        saved = load_saved_commentary(path)
        review = load_review(path, period=period, commentary=saved.texts, progress=progress)
        review, trends, unread = load_trends(review, history)
        return Loaded(path, review, review.problems + saved.problems + unread, dict(saved.texts), trends)

    return job


def rate_again_job(path: Path, review: Review, period: Period, typed: dict[str, str],
                   saved_problems: tuple[Problem, ...], history: Path | None) -> Job:
    """Another period of the workbook on view: its figures rated again from memory, the file not read."""

    def job(progress: Progress) -> Loaded:
        from scrutiny_desktop.domain.review import review as rate_review
        from scrutiny_desktop.history_store import load_trends

        progress(f"Rating {period.long_label}", 0.5)
        rated, trends, unread = load_trends(rate_review(review.dataset, period, typed), history)
        return Loaded(path, rated, rated.problems + saved_problems + unread, typed, trends)

    return job


@dataclass(frozen=True)
class LayoutGuess:
    """What File ▸ Map columns… starts from: the workbook, the layout guessed sheet by sheet, the profile it has."""

    path: Path
    guesses: tuple[SheetGuess, ...]
    profile: ImportProfile


def layout_job(path: Path) -> Job:
    """The job behind File ▸ Map columns…: what the program guesses of the layout, with the profile it has."""

    def job(progress: Progress) -> LayoutGuess:
        from scrutiny_desktop.excel.layout import guess_layout
        from scrutiny_desktop.excel.profiles import find_profile

        progress(f"Looking at the layout of {path.name}", 0.3)
        try:
            profile = find_profile(path) or ImportProfile()
        except UnusableWorkbook:
            profile = ImportProfile()  # an unreadable profile is what is being replaced
        return LayoutGuess(path, guess_layout(path, profile), profile)

    return job


def show_cell_job(workbook: Path, sheet: str, cell: str) -> Job:
    def job(progress: Progress) -> object:
        from scrutiny_desktop.excel.excel_app import show_cell

        progress(f"Opening {workbook.name} at {cell or sheet}", 0.5)
        return show_cell(workbook, sheet, cell)

    return job


class MainWindow(QMainWindow):
    def __init__(
        self,
        store: SettingsStore | None = None,
        reporter: Reporter | None = None,
        autosave_ms: int = AUTOSAVE_MS,
    ) -> None:
        super().__init__()
        self.store = store if store is not None else SettingsStore()
        self.reporter = reporter if reporter is not None else Reporter(lambda: self)
        self.reporter.add_rescuer(self.rescue)
        self.reporter.guide = self.show_guide
        # A table not found is fixed by mapping the columns: the refusal offers it (once the read has ended).
        for code in ("no-header-row", "no-indicators", "long-table-without-period", "profile-unreadable"):
            self.reporter.remedies[code] = ("&Map columns…", lambda: self._when_idle(self.map_columns))
        self._attempted: Path | None = None  # the workbook last asked for, read or refused
        self._idle_action: Callable[[], object] | None = None
        self.mapping_dialog: MappingDialog | None = None
        self.guide_dialog: GuideDialog | None = None
        self.tasks = Tasks(self._failed, self)
        self.review: Review | None = None
        self._saved_problems: tuple[Problem, ...] = ()
        self.trends: Trends = NO_TRENDS
        self.workbook: Path | None = None
        self._refusal: tuple[str, str | Callable[[], str]] | None = None  # a refusal's title and note (see _run)
        # What is being exported, of which review, to which folder, and the Part 2 file's stamp before.
        self._exporting: tuple[Export, Review, Path, tuple[Stamp, Stamp]] | None = None
        self._stacked: bool | None = None  # figures and commentary below the table (a narrow window)
        self._progress_message = ""  # the last progress shown in the status bar, cleared when its job ends
        self.export_dialog: ResultDialog | None = None  # the last export's result
        self.setWindowTitle(APP_NAME)
        self.setAcceptDrops(True)
        self.setObjectName("mainWindow")
        warning_icon = self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        self.model = IndicatorTableModel(self, warning_icon)
        self.proxy = IndicatorFilter(self)
        self.proxy.setSourceModel(self.model)
        self.sections = SectionRows(self)  # the rows under section rows, as the appendix groups them
        self.sections.setSourceModel(self.proxy)
        self._collapsed: set[str] = set()  # sections the officer folded away
        self._regrouping: str | None = None  # while the sections regroup: the indicator on view ("" for none)
        self._new_rows = False  # the regrouping is of a new review's rows (not a filter or a sort)
        self.model.modelAboutToBeReset.connect(lambda: setattr(self, "_new_rows", True))
        self.problems_model = ProblemTableModel(self)
        self.commentary = CommentaryEditor(autosave_ms=autosave_ms)
        self._build_actions()
        self._build_toolbar()
        self._build_central()
        self._build_menus()
        self._build_status_bar()
        self._set_tab_order()
        for editor in (self.search, self.commentary.editor):
            editor.setAcceptDrops(False)  # a workbook dropped there opens, rather than pasting its path
        self.tasks.busy_changed.connect(self._busy_changed)
        self.tasks.progressed.connect(self._progressed)
        self.commentary.changed.connect(self._commentary_changed)
        self.commentary.saved.connect(lambda path: self.statusBar().showMessage(f"Commentary saved to {path}", 4000))
        self.commentary.save_failed.connect(lambda message: self.statusBar().showMessage(message))
        self._restore_layout()
        self._refresh_recent_menu()
        self._show_review(None)

    # -- building ------------------------------------------------------------------------------

    def _action(self, text: str, slot: Callable[[], object],
                shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
                tip: str = "") -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if tip:
            action.setStatusTip(tip)
            action.setToolTip(tip)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        self.open_action = self._action("&Open workbook…", self.choose_workbook, QKeySequence.StandardKey.Open,
                                        "Open the monthly KPI workbook (Ctrl+O)")
        self.open_action.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_DialogOpenButton))
        self.reload_action = self._action("&Reload", self.reload, QKeySequence.StandardKey.Refresh,
                                          "Read the workbook again after changing it in Excel (F5)")
        self.export_action = self._action("&Export appendices…", self.export, "Ctrl+E",
                                          "Write Appendix One, Part 2 (confidential) and Part 1 (public) (Ctrl+E)")
        self.export_action.setIconText("Export")
        self.export_action.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_DialogSaveButton))
        self.report_action = self._action("Export report &draft…", self.export_report, "Ctrl+Shift+E",
                                          "Write the report's exception commentary as two Word drafts, Part 2 "
                                          "(confidential) and Part 1 (public) (Ctrl+Shift+E)")
        self.report_action.setIconText("Report")
        # Lines of text on a page: the icon nearest a Word document among those every style has.
        self.report_action.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_FileDialogDetailedView))
        self.map_action = self._action("&Map columns…", self.map_columns, "Ctrl+M",
                                       "Tell the program how to read this workbook's columns, and keep it as the "
                                       "workbook's import profile (Ctrl+M)")
        self.check_action = self._action("&Check a file before publishing…", self.check_file, None,
                                         "Check a public appendix or report draft, as scrutiny audit does: hidden "
                                         "data, personal details, and whether it is the confidential Part 2 file")
        self.settings_action = self._action("&Settings…", self.edit_settings, "Ctrl+,",
                                            "Organisation, small-count threshold, paper size, templates")
        self.quit_action = self._action("&Quit", self.close, QKeySequence.StandardKey.Quit)
        self.undo_action = self._action("&Undo typing", lambda: self.commentary.editor.undo(),
                                        QKeySequence.StandardKey.Undo, "Undo in the commentary (Ctrl+Z)")
        self.redo_action = self._action("&Redo typing", lambda: self.commentary.editor.redo(),
                                        QKeySequence.StandardKey.Redo)
        self.find_action = self._action("&Find indicator", self._focus_search, QKeySequence.StandardKey.Find,
                                        "Search refs, titles and sections (Ctrl+F)")
        self.next_action = self._action("&Next exception without commentary", self.next_missing, "F8",
                                        "Go to the next Red or Amber indicator still without commentary (F8)")
        self.next_action.setIconText("Next without commentary")
        self.next_action.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_ArrowForward))
        self.go_table_action = self._action("Go to &indicators", lambda: self.table.setFocus(), "Ctrl+1")
        self.go_commentary_action = self._action("Go to &commentary", lambda: self.commentary.editor.setFocus(),
                                                 "Ctrl+2")
        self.go_problems_action = self._action("Go to &problems", self._focus_problems, "Ctrl+3")
        self.problems_action = self._action("Show the problems list", lambda: None)
        self.problems_action.setCheckable(True)
        self.problems_action.setChecked(True)
        self.problems_action.toggled.connect(self._show_problems_panel)
        self.column_actions: dict[Column, QAction] = {}
        for column in OPTIONAL_COLUMNS:
            action = self._action(f"&{HEADERS[column][0]}", lambda: None)
            action.setCheckable(True)
            action.toggled.connect(lambda on, c=column: self.table.setColumnHidden(c, not on))
            self.column_actions[column] = action
        self.guide_action = self._action("&User guide", self.show_guide, QKeySequence.StandardKey.HelpContents,
                                         "Opening a workbook, RAG, the public appendix, mapping columns (F1)")
        self.about_action = self._action(f"&About {APP_NAME}", lambda: show_about(self))

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        file_menu.addAction(self.open_action)
        self.recent_menu = QMenu("Open &recent", self)
        file_menu.addMenu(self.recent_menu)
        file_menu.addAction(self.reload_action)
        file_menu.addAction(self.map_action)
        file_menu.addSeparator()
        file_menu.addAction(self.export_action)
        file_menu.addAction(self.report_action)
        file_menu.addAction(self.check_action)
        file_menu.addSeparator()
        file_menu.addAction(self.settings_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        edit_menu = self.menuBar().addMenu("&Edit")
        edit_menu.addAction(self.undo_action)
        edit_menu.addAction(self.redo_action)
        edit_menu.addSeparator()
        edit_menu.addAction(self.find_action)
        view_menu = self.menuBar().addMenu("&View")
        view_menu.addAction(self.next_action)
        view_menu.addSeparator()
        view_menu.addAction(self.go_table_action)
        view_menu.addAction(self.go_commentary_action)
        view_menu.addAction(self.go_problems_action)
        view_menu.addAction(self.problems_action)
        columns_menu = view_menu.addMenu("C&olumns")
        for action in self.column_actions.values():
            columns_menu.addAction(action)
        help_menu = self.menuBar().addMenu("&Help")
        help_menu.addAction(self.guide_action)
        help_menu.addSeparator()
        help_menu.addAction(self.about_action)

    def _build_toolbar(self) -> None:
        """Open, Export, the period and the table's filters: one row, to leave the height to the figures."""
        toolbar = QToolBar("Open, export and filter", self)
        toolbar.setObjectName("mainToolbar")
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        toolbar.setMovable(False)
        toolbar.addAction(self.open_action)
        toolbar.addAction(self.export_action)
        toolbar.addAction(self.report_action)
        toolbar.addSeparator()
        period_label = QLabel("Pe&riod: ")
        self.period_box = QComboBox()
        self.period_box.setAccessibleName("Reporting period")
        self.period_box.setToolTip("The period to review and export: each one in the workbook with figures (Alt+R)")
        self.period_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.period_box.setSizePolicy(QSizePolicy.Policy.Minimum, self.period_box.sizePolicy().verticalPolicy())
        self.period_box.setPlaceholderText("none")
        period_label.setBuddy(self.period_box)
        self.period_box.activated.connect(self._period_chosen)
        toolbar.addWidget(period_label)
        toolbar.addWidget(self.period_box)
        toolbar.addSeparator()
        search_label = QLabel("&Search: ")
        self.search = QLineEdit()
        self.search.setPlaceholderText("ref, title or section")
        self.search.setAccessibleName("Search indicators")
        self.search.setClearButtonEnabled(True)
        self.search.setMaximumWidth(self.fontMetrics().averageCharWidth() * 30)
        search_label.setBuddy(self.search)
        self.search.textChanged.connect(self._filters_changed)
        self.exceptions_only = QCheckBox("Exceptions &only")
        self.exceptions_only.setAccessibleName("Show exceptions only")
        self.exceptions_only.setToolTip("Show only Red and Amber indicators (Alt+O)")
        self.exceptions_only.toggled.connect(self._filters_changed)
        self.with_problems = QCheckBox("With &problems")
        self.with_problems.setAccessibleName("Show indicators with problems only")
        self.with_problems.setToolTip("Show only indicators with a warning in the problems list (Alt+P)")
        self.with_problems.toggled.connect(self._filters_changed)
        self.shown_count = QLabel()
        self.shown_count.setAccessibleName("Indicators shown")
        toolbar.addWidget(search_label)
        toolbar.addWidget(self.search)
        for widget in (self.exceptions_only, self.with_problems, self.shown_count):
            toolbar.addSeparator()
            toolbar.addWidget(widget)
        toolbar.addSeparator()
        toolbar.addAction(self.next_action)
        self.toolbar = toolbar
        self.addToolBar(toolbar)

    def _build_central(self) -> None:
        self.table = _indicator_tree(self.sections)
        self.table.sortByColumn(Column.SECTION, Qt.SortOrder.AscendingOrder)
        header = self.table.header()
        header.setHighlightSections(False)
        header.setStretchLastSection(False)
        header.setMinimumSectionSize(self.fontMetrics().horizontalAdvance("Ref") + 16)
        for column in Column:
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(Column.INDICATOR, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(Column.SECTION, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(Column.SECTION, self.fontMetrics().horizontalAdvance("Children Looked After"))
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        self.sections.modelAboutToBeReset.connect(self._regrouping_sections)
        self.sections.modelReset.connect(self._regrouped_sections)
        self.table.collapsed.connect(lambda index: self._collapsed.add(self.sections.section_title(index.row())))
        self.table.expanded.connect(lambda index: self._collapsed.discard(self.sections.section_title(index.row())))
        self._regrouped_sections()

        problems_panel = self._build_problems_panel()
        left = QSplitter(Qt.Orientation.Vertical)
        left.setObjectName("leftSplitter")
        left.addWidget(self.table)
        left.addWidget(problems_panel)
        left.setStretchFactor(0, 4)
        left.setStretchFactor(1, 1)
        left.setChildrenCollapsible(False)
        self.left_splitter = left

        self.detail = IndicatorDetail()
        self.detail.show_in_excel.connect(self.show_in_excel)
        side = QSplitter(Qt.Orientation.Vertical)
        side.setObjectName("sideSplitter")
        side.addWidget(self.detail)
        side.addWidget(self.commentary)
        side.setStretchFactor(0, 3)
        side.setStretchFactor(1, 1)
        side.setChildrenCollapsible(False)
        self.side_splitter = side
        # In a narrow window the figures and the problems share the space below the table, as two tabs.
        self.side_tabs = QTabWidget()
        self.side_tabs.setObjectName("sideTabs")
        self.side_tabs.setAccessibleName("Figures and problems")
        self.side_tabs.setDocumentMode(True)
        self.side_tabs.hide()
        main = QSplitter(Qt.Orientation.Horizontal)
        main.setObjectName("mainSplitter")
        main.addWidget(left)
        main.addWidget(side)
        main.setStretchFactor(0, 5)
        main.setStretchFactor(1, 3)
        main.setChildrenCollapsible(False)
        self.main_splitter = main

        welcome = QWidget()
        welcome_layout = QVBoxLayout(welcome)
        welcome_layout.addStretch(1)
        self.welcome_text = QLabel(
            "<h2>Open this month's KPI workbook</h2>"
            "<p>Use <b>File ▸ Open workbook…</b> (Ctrl+O), choose one from <b>File ▸ Open recent</b>, "
            "or drop the .xlsx file onto this window.</p>")
        self.welcome_text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.welcome_text.setWordWrap(True)
        welcome_layout.addWidget(self.welcome_text)
        self.welcome_button = QPushButton("Open workbook…")
        self.welcome_button.setAccessibleName("Open workbook")
        self.welcome_button.clicked.connect(self.choose_workbook)
        welcome_layout.addWidget(self.welcome_button, 0, Qt.AlignmentFlag.AlignHCenter)
        welcome_layout.addStretch(2)
        self.pages = QStackedWidget()
        self.pages.addWidget(welcome)
        self.pages.addWidget(main)
        self.setCentralWidget(self.pages)

    def _build_problems_panel(self) -> QWidget:
        panel = QWidget()
        panel.setObjectName("problemsPanel")
        layout = QVBoxLayout(panel)
        layout.setContentsMargins(0, 4, 0, 0)
        self.problems_title = QLabel("Problems")
        self.problems_title.setObjectName("panelTitle")
        layout.addWidget(self.problems_title)
        self.problems = _row_table("problemsTable", "Problems in the workbook", self.problems_model)
        header = self.problems.horizontalHeader()
        for column in ProblemColumn:
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(ProblemColumn.PROBLEM, QHeaderView.ResizeMode.Stretch)
        self.problems.selectionModel().currentRowChanged.connect(self._problem_chosen)
        self.problems.doubleClicked.connect(lambda _index: self.show_problem_in_excel())
        layout.addWidget(self.problems, 1)
        row = QHBoxLayout()
        self.problem_text = QLabel()
        self.problem_text.setWordWrap(True)
        self.problem_text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.problem_text.setAccessibleName("The chosen problem")
        row.addWidget(self.problem_text, 1)
        self.problem_excel = QPushButton("Show &cell in Excel")
        self.problem_excel.setAccessibleName("Show the problem's cell in Excel")
        self.problem_excel.setToolTip("Opens the workbook at this cell: in Excel where it is installed, "
                                      "otherwise in your default spreadsheet program")
        self.problem_excel.clicked.connect(self.show_problem_in_excel)
        row.addWidget(self.problem_excel, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(row)
        self.problems_panel = panel
        return panel

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        self.progress = QProgressBar()
        self.progress.setRange(0, 100)
        self.progress.setAccessibleName("Progress")
        self.progress.setMaximumWidth(self.fontMetrics().horizontalAdvance("M") * 16)
        self.progress.hide()
        bar.addPermanentWidget(self.progress)
        self.counts = QLabel()
        self.counts.setObjectName("commentaryCounts")
        self.counts.setAccessibleName("Commentary still needed")
        bar.addPermanentWidget(self.counts)

    def _set_tab_order(self) -> None:
        chain = [self.period_box, self.search, self.exceptions_only, self.with_problems, self.table,
                 self.detail.excel_button, self.commentary.editor, self.problems, self.problem_excel]
        for first, second in pairwise(chain):
            QWidget.setTabOrder(first, second)

    # -- opening -------------------------------------------------------------------------------

    def choose_workbook(self) -> None:
        start = str(self.workbook.parent) if self.workbook else self.store.last_folder()
        path, _ = QFileDialog.getOpenFileName(self, "Open the monthly KPI workbook", start, WORKBOOK_FILTER)
        if path:
            self.open_workbook(Path(path))

    def reload(self) -> None:
        """Read the workbook again: for the period on view, unless that was the latest."""
        review = self.review
        if self.workbook is None or review is None:
            return
        latest = review.dataset.periods_with_data[:1]
        on_latest = review.period is None or any(p.ordinal == review.period.ordinal for p in latest)
        self.open_workbook(self.workbook, None if on_latest else review.period)

    def open_workbook(self, path: Path, period: Period | None = None) -> bool:
        """Read `path` (for `period`, else the latest) off the GUI thread; what is open stays open until then.

        Read again, the same workbook keeps the commentary typed so far (see `_loaded`).
        """
        path = Path(path)
        if not self._idle():
            return False
        self._attempted = path
        self.map_action.setEnabled(True)
        self.commentary.save_now()
        title = f"{path.name} for {period.long_label}" if period is not None else path.name
        from scrutiny_desktop.history_store import default_history_path

        history = default_history_path(self.store.settings().organisation)
        return self._run(f"Reading {title}", read_workbook_job(path, period, history), self._loaded,
                         (f"Cannot use {title}", self._still_open()))

    def _idle(self) -> bool:
        if self.tasks.busy:
            self.statusBar().showMessage(f"Still busy ({self.tasks.title}); try again in a moment.", 5000)
        return not self.tasks.busy

    def _still_open(self) -> str:
        if self.workbook is None or self.review is None:
            return "No workbook is open."
        period = f" for {self.review.period.long_label}" if self.review.period else ""
        return f"{self.workbook.name} is still open{period}."

    def _run(self, title: str, job: Job, on_done: Callable[[object], None],
             refusal: tuple[str, str | Callable[[], str]] | None = None) -> bool:
        """Every action that runs the pipeline goes through here.

        `refusal` is the title and note of the dialog shown if the job's input is refused
        (`UnusableWorkbook`), the note given as a function when only the refusal can tell (what was
        written by then); other failures go to the reporter as they are.
        """
        started = self.tasks.run(title, job, on_done)
        if started:
            self._refusal = refusal
        return started

    def _loaded(self, loaded: object) -> None:
        assert isinstance(loaded, Loaded)
        # The commentary file's own problems, kept for when another period is rated in memory.
        self._saved_problems = tuple(p for p in loaded.problems if p not in loaded.review.problems)
        self.commentary.save_now()  # anything typed for the previous workbook while this one was read
        review, restored, keep = loaded.review, loaded.restored, None
        if loaded.path == self.workbook:
            # The same workbook again (Reload, another period): what was typed while it was read stays,
            # and so does the indicator on view.
            typed = self.commentary.texts()
            review, restored = review.with_commentary(typed), {**restored, **typed}
            keep = self.detail.item.ref if self.detail.item is not None else None
        self.workbook, self.review, self.trends = loaded.path, review, loaded.trends
        self.store.add_recent(loaded.path)
        self.store.set_last_folder(loaded.path.parent)
        self._refresh_recent_menu()
        self.commentary.load(loaded.path, review, restored, loaded.trends)
        self.model.set_rows(review.items, loaded.problems, review.period)
        self.problems_model.set_rows(loaded.problems)
        self.problems_title.setText(f"Problems in the workbook ({len(loaded.problems)})")
        self._name_problems_tab()
        self.problem_text.setText("Choose a problem to go to its indicator." if loaded.problems
                                  else "No problems found in this workbook.")
        self._show_review(review)
        period = f" for {review.period.long_label}" if review.period else ""
        unsaved = next((p for p in loaded.problems if p.code == "open-in-excel"), None)
        self.statusBar().showMessage(f"Read {len(review.items)} indicators from {loaded.path.name}{period}."
                                     + (f" {unsaved.message}" if unsaved is not None else ""))
        if keep is None or not self.select_ref(keep):
            first = review.exceptions[0].ref if review.exceptions else None
            if first is not None:
                self.select_ref(first)
            elif self.proxy.rowCount():
                self._select_index(self.sections.index_of_source_row(0, Column.REF))

    def _failed(self, title: str, exc: BaseException) -> None:
        from scrutiny_desktop.pipeline import UnsafePublicFile  # the job has imported it

        # What happened last, in place of the job's last progress ("Checking …") that would otherwise stay.
        self.statusBar().showMessage(failure_status(title, exc, UnsafePublicFile))
        if isinstance(exc, UnsafePublicFile) and self._exporting is not None:
            what, review, folder, before = self._exporting
            note = on_disk_note(what.paths(folder, review.period), before)
            self.reporter.unsafe_public_file(exc.path, exc.audit.findings, note, what=what.public_file,
                                             advice=what.advice, go_to=self.go_to_commentary)
        elif isinstance(exc, UnusableWorkbook) and self._refusal is not None:
            refused_title, refusal_note = self._refusal
            self.reporter.refused(refused_title, exc, refusal_note() if callable(refusal_note) else refusal_note)
        else:
            self.reporter.failed(title, exc)

    def _show_review(self, review: Review | None) -> None:
        self.pages.setCurrentIndex(0 if review is None else 1)
        for control in (self.reload_action, self.export_action, self.report_action, self.next_action,
                        self.period_box, self.search, self.exceptions_only, self.with_problems):
            control.setEnabled(review is not None)
        self._show_periods()
        if review is None:
            self.setWindowTitle(APP_NAME)
            self.counts.setText("")
            return
        period = review.period.long_label if review.period else "no period"
        self.setWindowTitle(f"{Path(review.dataset.source).name} — {period} — {APP_NAME}")
        self._update_counts()

    # -- drag and drop -------------------------------------------------------------------------

    @staticmethod
    def _dropped_workbook(event: QDragEnterEvent | QDropEvent) -> Path | None:
        mime = event.mimeData()
        if not mime.hasUrls():
            return None
        for url in mime.urls():
            if url.isLocalFile() and url.toLocalFile().lower().endswith(WORKBOOK_SUFFIXES):
                return Path(url.toLocalFile())
        return None

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self._dropped_workbook(event) is not None:
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        path = self._dropped_workbook(event)
        if path is None:
            event.ignore()
            return
        event.acceptProposedAction()
        self.open_workbook(path)

    # -- recent files --------------------------------------------------------------------------

    def _refresh_recent_menu(self) -> None:
        self.recent_menu.clear()
        recent = self.store.recent_files()
        for n, path in enumerate(recent, start=1):
            action = self.recent_menu.addAction(f"&{n} {path.name}  —  {path.parent}")
            action.setData(str(path))
            action.triggered.connect(lambda _checked=False, p=path: self._open_recent(p))
        self.recent_menu.setEnabled(bool(recent))

    def _open_recent(self, path: Path) -> None:
        if not path.exists():
            self.store.remove_recent(path)
            self._refresh_recent_menu()
            self.reporter.refused(f"Cannot open {path.name}", UnusableWorkbook([error(
                "file-not-found",
                f"{path} is no longer there. It may have been moved, renamed or deleted; "
                "open it from its new place with File ▸ Open workbook.",
            )]), "It has been removed from the recent files.")
            return
        self.open_workbook(path)

    # -- review --------------------------------------------------------------------------------

    def _filters_changed(self) -> None:
        current = self.detail.item.ref if self.detail.item else None
        self.proxy.set_search(self.search.text())
        self.proxy.set_exceptions_only(self.exceptions_only.isChecked())
        self.proxy.set_with_problems(self.with_problems.isChecked())
        self._update_shown_count()
        if current is not None and self._proxy_row(current) is not None:
            self.select_ref(current)

    def _update_shown_count(self) -> None:
        total, shown = self.model.rowCount(), self.proxy.rowCount()
        self.shown_count.setText(f"Showing {shown} of {total}" if shown != total else f"{total} indicators")

    def _proxy_row(self, ref: str) -> int | None:
        row = self.model.row_of(ref)
        if row is None:
            return None
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        return index.row() if index.isValid() else None

    def select_ref(self, ref: str) -> bool:
        """Select an indicator, clearing the filters if they hide it."""
        if self.model.row_of(ref) is None:
            return False
        if self._proxy_row(ref) is None:
            for box in (self.exceptions_only, self.with_problems):
                box.setChecked(False)
            self.search.clear()
            self.statusBar().showMessage(f"Filters cleared to show indicator {ref}.", 5000)
        row = self._proxy_row(ref)
        if row is None:
            return False
        self._select_index(self.sections.index_of_source_row(row, Column.REF))
        return True

    def _select_index(self, index: QModelIndex) -> None:
        """Make an indicator's row current and selected, unfolding its section if the officer folded it."""
        if not index.isValid():
            return
        self.table.setExpanded(index.parent(), True)
        self.table.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        self.table.scrollTo(index)

    def _regrouping_sections(self) -> None:
        """The sections are about to be regrouped (a filter, a sort): remember the indicator on view."""
        item = self.detail.item
        self._regrouping = item.ref if item is not None else ""

    def _regrouped_sections(self) -> None:
        """After regrouping: each section row spans the table, folded as the officer left it; the same indicator."""
        for section in range(self.sections.rowCount()):
            self.table.setFirstColumnSpanned(section, QModelIndex(), True)
            self.table.setExpanded(self.sections.index(section, 0),
                                   self.sections.section_title(section) not in self._collapsed)
        keep, self._regrouping = self._regrouping, None
        new_rows, self._new_rows = self._new_rows, False
        if keep:
            shown = self._proxy_row(keep)
            if shown is not None:
                # The same indicator again: after a filter or a sort the details and the commentary stay as
                # they are (the officer may be typing); rows of a new review show its figures.
                self._regrouping = keep
                self._select_index(self.sections.index_of_source_row(shown, Column.REF))
                self._regrouping = None
                if new_rows:
                    self._row_changed(self.table.currentIndex(), QModelIndex())
                return
        if keep is not None:
            self._row_changed(QModelIndex(), QModelIndex())

    def check_file(self) -> None:
        """File ▸ Check a file before publishing: the audit of `scrutiny audit FILE`, without the source."""
        if not self._idle():
            return
        start = self.store.export_folder() or (str(self.workbook.parent) if self.workbook else "")
        chosen, _ = QFileDialog.getOpenFileName(self, "Choose the file to check before publishing", start,
                                                "Appendices and report drafts (*.xlsx *.docx)")
        if not chosen:
            return
        path = Path(chosen)

        def checked(audit: object) -> None:
            from scrutiny_desktop.audit.common import Audit  # imported by the job already

            assert isinstance(audit, Audit)
            FileCheckDialog(path, audit.findings, self).exec()

        self._run(f"Checking {path.name}", check_file_job(path, self.store.settings()), checked,
                  (f"Cannot check {path.name}", "Choose a public appendix (.xlsx) or report draft (.docx)."))

    def go_to_commentary(self, ref: str) -> None:
        """Show an indicator's commentary, ready to edit (from a finding that names it)."""
        if self.select_ref(ref):
            self.commentary.editor.setFocus()

    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._regrouping is not None:
            return  # the rows are being regrouped: `_regrouped_sections` puts the same indicator back
        item = None
        row = self.sections.source_row(current)
        if row is not None:
            item = self.model.item(self.proxy.mapToSource(self.proxy.index(row, 0)).row())
        review = self.review
        trend = self.trends.of(item.ref) if item is not None else None
        self.detail.set_item(item, review.period if review else None, review.dataset.sheet if review else "", trend)
        self.commentary.show_item(item)

    def next_missing(self) -> None:
        if self.review is None:
            return
        missing = [i.ref for i in self.review.missing_commentary]
        if not missing:
            self.statusBar().showMessage("Every exception has commentary.", 5000)
            return
        refs = [i.ref for i in self.review.items]
        current = self.detail.item.ref if self.detail.item else None
        position = refs.index(current) if current in refs else -1
        later = [ref for ref in missing if refs.index(ref) > position]
        self.select_ref(later[0] if later else missing[0])
        self.commentary.editor.setFocus()

    def _commentary_changed(self, ref: str, text: str) -> None:
        if self.review is None:
            return
        self.review = self.review.with_commentary({ref: text})
        item = self.review.item(ref)
        if item is not None:
            self.model.update_item(item)
        self._update_counts()

    def _update_counts(self) -> None:
        review = self.review
        if review is None:
            return
        exceptions, missing = len(review.exceptions), len(review.missing_commentary)
        if not exceptions:
            text = "No exceptions: nothing needs commentary"
        elif missing:
            text = f"{exceptions} exceptions · {missing} still without commentary"
        else:
            text = f"{exceptions} exceptions · all have commentary"
        self.counts.setText(text)
        self._update_shown_count()

    # -- period --------------------------------------------------------------------------------

    def _show_periods(self) -> None:
        """The periods of the workbook in the chooser (latest first), with the one on view chosen."""
        box, review = self.period_box, self.review
        box.blockSignals(True)
        box.clear()
        if review is not None:
            periods = review.dataset.periods_with_data or ((review.period,) if review.period else ())
            for n, period in enumerate(periods):
                box.addItem(f"{period.label} (latest)" if n == 0 and len(periods) > 1 else period.label, period)
                if review.period is not None and period.ordinal == review.period.ordinal:
                    box.setCurrentIndex(n)
        box.blockSignals(False)

    def _period_chosen(self, index: int) -> None:
        period = self.period_box.itemData(index)
        review = self.review
        if not isinstance(period, Period) or review is None or self.workbook is None or period == review.period:
            return
        if not self._idle():
            self._show_periods()  # busy: the chooser goes back to the period on view
            return
        # Every period's figures are already in memory: rate them again, without reading the file.
        from scrutiny_desktop.history_store import default_history_path

        history = default_history_path(self.store.settings().organisation)
        job = rate_again_job(self.workbook, review, period, self.commentary.texts(), self._saved_problems, history)
        if not self._run(f"Rating {period.long_label}", job, self._loaded,
                         (f"Cannot rate {period.long_label}", self._still_open())):
            self._show_periods()

    # -- export --------------------------------------------------------------------------------

    def export(self) -> None:
        """File ▸ Export appendices: both appendices of the review on view."""
        self._export(APPENDICES)

    def export_report(self) -> None:
        """File ▸ Export report draft: both report drafts of the review on view."""
        self._export(REPORT_DRAFTS)

    def _export(self, what: Export) -> None:
        """A folder (the last one exported to), a question before replacing files, then both files of `what`."""
        review, workbook = self.review, self.workbook
        if review is None or workbook is None or not self._idle():
            return
        self.commentary.save_now()  # so the commentary file holds what the files say
        start = self.store.export_folder()
        if not start or not Path(start).is_dir():
            start = str(workbook.parent)
        chosen = QFileDialog.getExistingDirectory(self, f"Choose the folder for {what.noun}", start)
        if not chosen:
            return
        folder = Path(chosen)
        part2, part1 = what.paths(folder, review.period)
        existing = [path for path in (part2, part1) if path.exists()]
        if existing and not self._replace(what, folder, existing):
            self.statusBar().showMessage(f"Nothing exported: {what.noun} already in that folder were kept.", 8000)
            return
        before = (file_stamp(part2), file_stamp(part1))
        self._exporting = (what, review, folder, before)
        # A refusal says what the folder holds afterwards: the earlier files, or none.
        self._run(f"Exporting {what.noun} to {folder}",
                  what.job(review, folder, self.store.settings(), bool(existing)), self._exported,
                  (f"Cannot export {what.noun}", lambda: f"{on_disk_note((part2, part1), before)} The workbook and "
                                                          "its commentary are still open."))

    def _replace(self, what: Export, folder: Path, existing: list[Path]) -> bool:
        names = "\n".join(path.name for path in existing)
        answer = QMessageBox.question(
            self, f"Replace {what.noun}?",
            f"{folder} already has:\n\n{names}\n\nReplace {'them' if len(existing) > 1 else 'it'} with "
            f"{what.noun} exported now?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes

    def _exported(self, result: object) -> None:
        assert self._exporting is not None
        what, review, folder, _before = self._exporting
        self.store.set_export_folder(folder)
        self.statusBar().showMessage(f"Exported {what.noun} to {folder}.")
        if self.export_dialog is not None:
            self.export_dialog.deleteLater()  # no job can be using it: this export was the running job
        dialog = self.export_dialog = what.dialog(result, review, self)
        dialog.open_requested.connect(lambda path: self._open_output(path, dialog))
        dialog.exec()

    def _open_output(self, path: Path, dialog: ResultDialog) -> None:
        """The result dialog's Open buttons: the folder at once, a file in Excel or Word through a worker."""
        from scrutiny_desktop.excel import excel_app

        if path.is_dir():
            try:
                excel_app.open_with_default_program(path)
                dialog.say(f"Opened the folder {path}.")
            except OSError as exc:
                dialog.say(f"Could not open the folder ({exc.strerror or exc}); it is {path}.")
        elif not self._run(f"Opening {path.name}", open_output_job(path),
                           lambda shown: dialog.say(getattr(shown, "message", ""))):
            dialog.say(f"Still busy ({self.tasks.title}); try again in a moment.")

    # -- problems and Excel --------------------------------------------------------------------

    def _problem_chosen(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid():
            return
        problem = self.problems_model.problem(current.row())
        where = f"{problem.location}: " if problem.location else ""
        self.problem_text.setText(where + problem.message)
        if problem.ref is not None:
            self.select_ref(problem.ref)

    def show_problem_in_excel(self) -> None:
        index = self.problems.currentIndex()
        if not index.isValid() or self.review is None:
            self.statusBar().showMessage("Choose a problem first.", 4000)
            return
        problem = self.problems_model.problem(index.row())
        cell = problem.cell
        if not cell and problem.ref is not None:
            item = self.review.item(problem.ref)
            cell = item.indicator.cell("ref") if item is not None else ""
        self.show_in_excel(problem.sheet or self.review.dataset.sheet, cell)

    def show_in_excel(self, sheet: str, cell: str) -> None:
        if self.workbook is None:
            return
        self._run(f"Showing {cell or sheet} in Excel", show_cell_job(self.workbook, sheet, cell),
                  lambda shown: self.statusBar().showMessage(getattr(shown, "message", "")))

    # -- busy state ----------------------------------------------------------------------------

    def _busy_changed(self, busy: bool) -> None:
        self.open_action.setEnabled(not busy)
        for control in (self.reload_action, self.export_action, self.report_action, self.period_box):
            control.setEnabled(not busy and self.review is not None)
        if not busy:
            self._show_periods()  # after a refused period, the one still on view
        self.recent_menu.setEnabled(not busy and bool(self.store.recent_files()))
        self.welcome_button.setEnabled(not busy)
        self.progress.setVisible(busy)
        self.map_action.setEnabled(not busy)
        if not busy:
            self.progress.setValue(0)
            action, self._idle_action = self._idle_action, None
            if action is not None:
                QTimer.singleShot(0, action)
            if self.statusBar().currentMessage() == self._progress_message:
                self.statusBar().clearMessage()  # a job's progress is not what happened: its result says that

    def _progressed(self, message: str, fraction: float) -> None:
        self.progress.setValue(round(fraction * 100))
        self.progress.setFormat(f"{message}… %p%")
        self.statusBar().showMessage(message)
        self._progress_message = message

    # -- settings, focus, closing --------------------------------------------------------------

    def edit_settings(self) -> None:
        dialog = SettingsDialog(self.store.settings(), self)
        try:
            if dialog.exec():
                self.store.save_settings(dialog.settings())
                self.statusBar().showMessage("Settings saved.", 4000)
        finally:
            dialog.deleteLater()  # not left to the window's end: see app.main on Quit

    def _when_idle(self, action: Callable[[], object]) -> None:
        """Run `action` now, or as soon as the running job has ended (a refusal's button runs inside its job's end)."""
        if self.tasks.busy:
            self._idle_action = action
        else:
            action()

    def map_columns(self) -> None:
        """File ▸ Map columns…: the layout the program guesses, in the mapping dialog; OK saves and reads again."""
        path = self._attempted or self.workbook
        if path is None:
            self.choose_workbook()
            return
        if not self._idle():
            return
        self._run(f"Looking at the layout of {path.name}", layout_job(path), self._map,
                  (f"Cannot map the columns of {path.name}", "Nothing was changed."))

    def _map(self, result: object) -> None:
        from scrutiny_desktop.excel.profiles import profile_path, save_profile

        assert isinstance(result, LayoutGuess)
        path, guesses, base = result.path, result.guesses, result.profile
        if not guesses:
            self.statusBar().showMessage(f"{path.name} has no visible sheet to map.")
            return
        if self.mapping_dialog is not None:
            self.mapping_dialog.deleteLater()
        dialog = self.mapping_dialog = MappingDialog(path, guesses, base, self)
        if not dialog.exec():
            self.statusBar().showMessage(f"Map columns cancelled: {profile_path(path).name} was not changed.")
            return
        try:
            saved = save_profile(path, dialog.profile())
        except OSError as exc:
            self.reporter.refused(f"Cannot save the import profile of {path.name}", UnusableWorkbook([error(
                "output-unwritable",
                f"{profile_path(path)} cannot be written ({exc.strerror or exc}). Copy the workbook to a folder "
                "you can write to and map its columns there.")]), "Nothing was changed.")
            return
        self.statusBar().showMessage(f"Saved the import profile {saved.name}; reading {path.name} again.")
        self.open_workbook(path)

    def show_guide(self, section: Section | None = None) -> None:
        """Help ▸ User guide (F1), or a refusal's Help button: the bundled guide, at `section`."""
        if self.guide_dialog is None:
            self.guide_dialog = GuideDialog(self)
        self.guide_dialog.show_section(section if isinstance(section, Section) else None)

    def _focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def _focus_problems(self) -> None:
        self.problems_action.setChecked(True)
        if self.stacked:
            self.side_tabs.setCurrentWidget(self.problems_panel)
        self.problems.setFocus()

    def _name_problems_tab(self) -> None:
        index = self.side_tabs.indexOf(self.problems_panel)
        if index >= 0:
            self.side_tabs.setTabText(index, f"Pro&blems ({self.problems_model.rowCount()})")

    def _show_problems_panel(self, on: bool) -> None:
        """View ▸ Show the problems list: the panel under the table, or its tab below it."""
        if self.stacked:
            self.side_tabs.setTabVisible(self.side_tabs.indexOf(self.problems_panel), on)
        else:
            self.problems_panel.setVisible(on)

    def rescue(self) -> None:
        """Save what can be saved (the crash hook calls this before reporting)."""
        self.commentary.save_now()

    def show_on_screen(self) -> None:
        """Show the window: maximised on a small screen, otherwise at its restored (or first) size."""
        screen = self.screen()
        size = screen.size() if screen is not None else None
        if size is not None and opens_maximised(size.width(), size.height()):
            self.showMaximized()
        else:
            self.show()

    def _restore_layout(self) -> None:
        screen = self.screen().availableGeometry() if self.screen() is not None else None
        if screen is not None:
            self.resize(min(1400, int(screen.width() * 0.9)), min(900, int(screen.height() * 0.9)))
        geometry = self.store.window_state("geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        self._arrange()

    @property
    def stacked(self) -> bool:
        """True when the figures and commentary are below the table (a narrow window), not beside it."""
        return bool(self._stacked)

    def _arrange(self) -> None:
        """Beside the table in a wide window; below it in a narrow one (a laptop at 125 % or 150 %)."""
        # Icons alone in a narrow window, so the period and the filters keep their room.
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly if self.width() < TOOLBAR_WORDS_WIDTH
                                        else Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        stacked = self.width() < STACK_BELOW_WIDTH
        if stacked == self._stacked:
            return
        if self._stacked is not None:
            self._save_layout()
        self._stacked = stacked
        vertical, horizontal = Qt.Orientation.Vertical, Qt.Orientation.Horizontal
        self.main_splitter.setOrientation(vertical if stacked else horizontal)
        self.side_splitter.setOrientation(horizontal if stacked else vertical)
        problems = self.problems_panel
        if stacked:
            self.side_tabs.addTab(self.detail, "Fi&gures")
            self.side_tabs.addTab(problems, "")
            self._name_problems_tab()
            self.side_splitter.insertWidget(0, self.side_tabs)
            self.side_tabs.show()
        else:
            self.side_tabs.clear()  # the pages are kept, to go back beside the table
            self.side_tabs.hide()
            self.side_tabs.setParent(None)
            self.side_splitter.insertWidget(0, self.detail)
            self.left_splitter.addWidget(problems)
            self.detail.show()
        self.problems_title.setVisible(not stacked)  # the tab names the problems
        self._show_problems_panel(self.problems_action.isChecked())
        self._set_tab_order()
        self._default_splits()
        for key, splitter in self._splitters():
            state = self.store.window_state(key)
            if state is not None:
                splitter.restoreState(state)
        hidden = self.store.hidden_columns(self._layout_key("columns"))
        for column, action in self.column_actions.items():
            shown = column not in HIDDEN_AT_FIRST[stacked] if hidden is None else column.name.lower() not in hidden
            action.setChecked(shown)
            self.table.setColumnHidden(column, not shown)

    def _default_splits(self) -> None:
        """Most of the room to the table; most of the rest to the figures and chart."""
        width, height = self.width(), self.height()
        if self.stacked:
            self.main_splitter.setSizes([round(height * 0.55), round(height * 0.45)])
            self.side_splitter.setSizes([round(width * 0.5), round(width * 0.5)])
        else:
            self.main_splitter.setSizes([round(width * 0.62), round(width * 0.38)])
            self.left_splitter.setSizes([round(height * 0.75), round(height * 0.25)])
            self.side_splitter.setSizes([round(height * 0.72), round(height * 0.28)])

    def _layout_key(self, name: str) -> str:
        """Each arrangement keeps its own splitter sizes and columns, so going back and forth restores both."""
        return f"{name}_stacked" if self.stacked else name

    def _splitters(self) -> tuple[tuple[str, QSplitter], ...]:
        return ((self._layout_key("main_splitter"), self.main_splitter),
                (self._layout_key("left_splitter"), self.left_splitter),
                (self._layout_key("side_splitter"), self.side_splitter))

    def _save_layout(self) -> None:
        for key, splitter in self._splitters():
            self.store.set_window_state(key, splitter.saveState())
        hidden = {column.name.lower() for column in OPTIONAL_COLUMNS if self.table.isColumnHidden(column)}
        self.store.set_hidden_columns(self._layout_key("columns"), hidden)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._arrange()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.tasks.wait()
        self.commentary.save_now()
        self.store.set_window_state("geometry", self.saveGeometry())
        self._save_layout()
        self.store.qsettings.sync()
        super().closeEvent(event)


def failure_status(title: str, exc: BaseException, unsafe: type[BaseException]) -> str:
    """The status bar's line after a job failed: what failed and the first reason (the dialog has them all)."""
    if isinstance(exc, UnusableWorkbook):
        reasons = exc.errors or exc.problems
        first = reasons[0].message if reasons else str(exc)
        more = f" (and {len(reasons) - 1} more reason{'s' if len(reasons) > 2 else ''})" if len(reasons) > 1 else ""
        return f"{title} failed: {first}{more}"
    if isinstance(exc, unsafe):
        return f"{title} failed: the public file did not pass its check and was not written."
    return f"{title} failed: a fault in the program (see the error report)."


def _indicator_tree(model: QAbstractItemModel) -> QTreeView:
    """The indicators under their section rows: chosen a row at a time, sortable within sections; Tab leaves it."""
    tree = QTreeView()
    tree.setObjectName("indicatorTable")
    tree.setAccessibleName("Indicators")
    tree.setModel(model)
    tree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    tree.setSortingEnabled(True)
    tree.setUniformRowHeights(True)
    tree.setAllColumnsShowFocus(True)
    tree.setAlternatingRowColors(True)
    tree.setWordWrap(False)
    tree.setTabKeyNavigation(False)
    tree.setIndentation(tree.fontMetrics().averageCharWidth() + 4)  # room for the fold arrow, little more
    return tree


def _row_table(name: str, accessible: str, model: QAbstractItemModel) -> QTableView:
    """A table chosen a row at a time; Tab leaves it (arrows move within it); rows one line high."""
    table = QTableView()
    table.setObjectName(name)
    table.setAccessibleName(accessible)
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setWordWrap(False)
    table.setTabKeyNavigation(False)
    table.verticalHeader().hide()
    table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 10)
    return table


def start_with(window: MainWindow, path: Path | None) -> None:
    """Open `path` once the window has painted, so a slow read never delays the first frame."""
    if path is not None:
        QTimer.singleShot(0, lambda: window.open_workbook(path))
