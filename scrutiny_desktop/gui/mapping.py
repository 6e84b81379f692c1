"""File ▸ Map columns…: teach the program a workbook's layout, and keep it as the workbook's import profile.

The dialog shows the sheet as it is (the heading rows highlighted, the first rows below), each column
with the field the program guesses and how sure it is, and lets the officer assign or ignore columns,
choose the heading rows, mark the sheets that hold indicators and set the council's workbook-wide
rules. Every change is previewed live: the same `guess_layout` and `load_review` the window and the
command line use run with the candidate profile, off the GUI thread through the worker API. OK gives
the profile; the window writes it beside the workbook (`<stem>.profile.toml`) and reads the workbook again.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from enum import IntEnum
from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from scrutiny_desktop.domain.problems import UnusableWorkbook, error
from scrutiny_desktop.domain.profile import ImportProfile
from scrutiny_desktop.domain.review import Review
from scrutiny_desktop.domain.schema import FIELDS, field_label
from scrutiny_desktop.excel.cells import column_letters
from scrutiny_desktop.gui.models import Column, IndicatorTableModel
from scrutiny_desktop.gui.workers import Job, Progress, Tasks

if TYPE_CHECKING:  # the layout guesser brings openpyxl: loaded by the job that runs it, not by the window
    from scrutiny_desktop.excel.layout import ColumnGuess, SheetGuess

Index = QModelIndex | QPersistentModelIndex
_NO_INDEX = QModelIndex()

IGNORE = "ignore"
PREVIEW_DELAY_MS = 300  # typing a tolerance previews once the officer pauses, not at every key
HEADING_TINT = QColor("#cfe3f7")
BAND_TINT = QColor("#e6f0fa")
_BOLD = QFont()  # one font handed to Qt for every heading cell (a new one per call costs a copy each paint)


def fitted(widget: QWidget, width: int, height: int) -> QSize:
    """A dialog's size: what it would like, within 95 % of the screen it opens on (a laptop at 150 %)."""
    screen = widget.screen()
    if screen is None:
        return QSize(width, height)
    room = screen.availableGeometry()
    return QSize(min(width, round(room.width() * 0.95)), min(height, round(room.height() * 0.95)))


def meaning_text(meaning: str | None) -> str:
    """A column's meaning in words: "Target", "Period October 2019 (2019-10)", "Ignored", "Not used"."""
    if meaning is None:
        return "Not used (unknown)"
    if meaning == IGNORE:
        return "Ignored"
    if meaning.startswith("period:"):
        return f"Period {meaning.removeprefix('period:')}"
    if meaning.startswith("annual:"):
        return f"Year {meaning.removeprefix('annual:')}"
    return field_label(meaning)


def sureness(confidence: float) -> str:
    if confidence >= 0.95:
        return "Sure"
    if confidence >= 0.75:
        return "Likely"
    if confidence > 0:
        return "A guess"
    return "Unknown"


# -- the sheet as it is ----------------------------------------------------------------------------

class SheetPreviewModel(QAbstractTableModel):
    """The first rows of a sheet as text, with row numbers and column letters; the heading rows tinted."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: tuple[tuple[str, ...], ...] = ()
        self._width = 0
        self._heading_rows: tuple[int, ...] = ()
        self._meanings: dict[int, str] = {}  # column -> the field it is read as, for the header
        _BOLD.setBold(True)

    def set_sheet(self, preview: Sequence[Sequence[str]], heading_rows: Sequence[int],
                  meanings: dict[int, str]) -> None:
        self.beginResetModel()
        self._rows = tuple(tuple(row) for row in preview)
        self._width = max((len(row) for row in self._rows), default=0)
        self._heading_rows = tuple(heading_rows)
        self._meanings = dict(meanings)
        self.endResetModel()

    def rowCount(self, parent: Index = _NO_INDEX) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = _NO_INDEX) -> int:
        return 0 if parent.isValid() else self._width

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._rows) or not 0 <= index.column() < self._width:
            return None
        row = self._rows[index.row()]
        text = row[index.column()] if index.column() < len(row) else ""
        number = index.row() + 1
        if role == Qt.ItemDataRole.DisplayRole:
            return text
        if role == Qt.ItemDataRole.ToolTipRole:
            return text or None
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return text or "blank"
        if number in self._heading_rows:
            if role == Qt.ItemDataRole.BackgroundRole:
                return HEADING_TINT if number == self._heading_rows[-1] else BAND_TINT
            if role == Qt.ItemDataRole.FontRole:
                return _BOLD
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        if orientation == Qt.Orientation.Vertical:
            if not 0 <= section < len(self._rows):
                return None
            number = section + 1
            if role == Qt.ItemDataRole.ToolTipRole:
                return "Heading row" if number in self._heading_rows else None
            return f"{number} ▸" if number in self._heading_rows else str(number)
        if not 0 <= section < self._width:
            return None
        letter = column_letters(section + 1)
        meaning = self._meanings.get(section + 1)
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"Column {letter}: {meaning_text(meaning)}" if meaning else f"Column {letter}"
        return f"{letter}: {meaning_text(meaning)}" if meaning and meaning != IGNORE else letter


def likely_heading_row(preview: Sequence[Sequence[str]]) -> int:
    """Where the headings probably are when the reader found none: the first of the fullest rows (1-based)."""
    counts = [sum(1 for text in row if text.strip()) for row in preview]
    fullest = max(counts, default=0)
    return next((n for n, count in enumerate(counts, start=1) if count == fullest and count > 0), 1)


def columns_of_row(preview: Sequence[Sequence[str]], row: int) -> tuple[ColumnGuess, ...]:
    """Each non-blank cell of a row as a column with that heading and no meaning yet."""
    from scrutiny_desktop.excel.layout import ColumnGuess

    cells = preview[row - 1] if 0 < row <= len(preview) else ()
    return tuple(ColumnGuess(n, column_letters(n), text.strip(), None, 0.0)
                 for n, text in enumerate(cells, start=1) if text.strip())


# -- the columns and their meanings ---------------------------------------------------------------

class MapColumn(IntEnum):
    LETTER = 0
    HEADING = 1
    MEANING = 2
    SURE = 3


MAP_HEADERS = {
    MapColumn.LETTER: "Column",
    MapColumn.HEADING: "Heading",
    MapColumn.MEANING: "Read as",
    MapColumn.SURE: "How sure",
}


@dataclass(frozen=True)
class MappedColumn:
    """One column of the sheet: the program's guess, and what the officer chose instead (if anything)."""

    guess: ColumnGuess
    chosen: str | None = None  # a field name, IGNORE, or None (not chosen: the guess stands)
    cleared: bool = False  # the officer said "not used"

    @property
    def meaning(self) -> str | None:
        if self.cleared:
            return None
        return self.chosen if self.chosen is not None else self.guess.field

    @property
    def by_officer(self) -> bool:
        return self.chosen is not None or self.cleared


class ColumnMappingModel(QAbstractTableModel):
    """Each column: letter, heading, the field it is read as and how sure the program is (or "Chosen")."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[MappedColumn] = []

    def set_columns(self, columns: Sequence[MappedColumn]) -> None:
        self.beginResetModel()
        self._rows = list(columns)
        self.endResetModel()

    def columns(self) -> tuple[MappedColumn, ...]:
        return tuple(self._rows)

    def column(self, row: int) -> MappedColumn:
        return self._rows[row]

    def row_of(self, letter: str) -> int | None:
        return next((n for n, c in enumerate(self._rows) if c.guess.letter == letter.upper()), None)

    def choose(self, row: int, meaning: str | None) -> None:
        """The officer's choice for a column: a field, IGNORE, or None for "not used"."""
        old = self._rows[row]
        self._rows[row] = replace(old, chosen=meaning, cleared=meaning is None)
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(MapColumn) - 1))

    def rowCount(self, parent: Index = _NO_INDEX) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = _NO_INDEX) -> int:
        return 0 if parent.isValid() else len(MapColumn)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole and \
                0 <= section < len(MapColumn):
            return MAP_HEADERS[MapColumn(section)]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        mapped = self._rows[index.row()]
        column = MapColumn(index.column())
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            text = self._text(mapped, column)
            return text or ("blank" if role == Qt.ItemDataRole.AccessibleTextRole else "")
        if role == Qt.ItemDataRole.UserRole:
            return mapped.meaning
        if column is MapColumn.MEANING and role == Qt.ItemDataRole.FontRole and mapped.by_officer:
            return _BOLD
        if role == Qt.ItemDataRole.ToolTipRole and column is MapColumn.SURE:
            return ("You chose this" if mapped.by_officer
                    else f"The program's guess ({round(mapped.guess.confidence * 100)} % sure)")
        return None

    @staticmethod
    def _text(mapped: MappedColumn, column: MapColumn) -> str:
        if column is MapColumn.LETTER:
            return mapped.guess.letter
        if column is MapColumn.HEADING:
            return mapped.guess.heading
        if column is MapColumn.MEANING:
            return meaning_text(mapped.meaning)
        return "Chosen" if mapped.by_officer else sureness(mapped.guess.confidence)


# -- the candidate profile -------------------------------------------------------------------------

def candidate_profile(base: ImportProfile, columns: Sequence[MappedColumn], sheets: Sequence[str],
                      all_sheets: Sequence[str], heading_rows: tuple[int, ...], tolerance: str,
                      amber: bool) -> ImportProfile:
    """The profile the dialog's state describes, on top of the one the workbook had (its words are kept).

    A column is written when the officer chose its meaning, or when the program was not sure: by its
    heading when the heading names it alone, else by its letter. Sheets are written only when some
    visible sheet is left out; heading rows only when given.
    """
    mapped: dict[str, str] = dict(base.columns)
    ignore = list(base.ignore)
    headings = [c.guess.heading.casefold() for c in columns if c.guess.heading]
    for column in columns:
        name = column.guess.heading if column.guess.heading and \
            headings.count(column.guess.heading.casefold()) == 1 else column.guess.letter
        for field, where in list(mapped.items()):  # a column read as one field only
            if where in (column.guess.heading, column.guess.letter) and column.by_officer:
                del mapped[field]
        if name in ignore and column.by_officer:
            ignore.remove(name)
        meaning = column.meaning
        if meaning == IGNORE:
            if column.by_officer and name not in ignore:
                ignore.append(name)
        elif meaning is not None and meaning in FIELDS and (column.by_officer or column.guess.confidence < 0.95):
            mapped[meaning] = name
    chosen_sheets = tuple(s for s in all_sheets if s in sheets)
    return replace(
        base,
        columns=mapped,
        ignore=tuple(ignore),
        sheets=chosen_sheets if len(chosen_sheets) < len(all_sheets) else (),
        heading_rows=heading_rows,
        default_tolerance=tolerance.strip() or None,
        amber=amber,
    )


@dataclass(frozen=True)
class Preview:
    """What the reader makes of the workbook with a candidate profile: the layout it sees, and the review
    or the reasons it cannot read it."""

    profile: ImportProfile
    guesses: tuple[SheetGuess, ...]
    review: Review | None
    refused: UnusableWorkbook | None


def preview_job(workbook: Path, profile: ImportProfile) -> Job:
    """guess_layout and load_review with the candidate profile: what the dialog shows as the officer maps."""

    def job(progress: Progress) -> Preview:
        from scrutiny_desktop.excel.layout import guess_layout
        from scrutiny_desktop.pipeline import load_review

        guesses = guess_layout(workbook, profile)
        named = [g for g in guesses if not profile.sheets or g.name in profile.sheets]
        if not any(c.field == "title" for g in named for c in g.columns):
            # Nothing to call each indicator by: say what is missing rather than ask the reader.
            return Preview(profile, guesses, None, UnusableWorkbook([error(
                "no-header-row", "Choose the column that holds each indicator's name (Indicator), and check the "
                                 "heading row.")]))
        try:
            review = load_review(workbook, profile=profile, progress=progress)
        except UnusableWorkbook as refused:
            return Preview(profile, guesses, None, refused)
        return Preview(profile, guesses, review, None)

    return job


# -- the dialog ------------------------------------------------------------------------------------

MEANINGS: tuple[tuple[str, str | None], ...] = (
    ("Not used", None),
    ("Ignore (read past it)", IGNORE),
    *((f"{spec.label} ({name})", name) for name, spec in FIELDS.items()),
)


class MappingDialog(QDialog):
    """Map the columns of a workbook; `profile()` is the import profile the officer made."""

    previewed = Signal()  # a preview has been shown (tests and screenshots wait for it)

    def __init__(self, workbook: Path, guesses: Sequence[SheetGuess], base: ImportProfile | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workbook = workbook
        self.base = base or ImportProfile()
        self.guesses = {g.name: g for g in guesses}
        self.sheet_names = [g.name for g in guesses]
        self.holds = {g.name: (g.name in self.base.sheets) if self.base.sheets else g.holds_indicators
                      for g in guesses}
        if guesses and not any(self.holds.values()):
            self.holds[guesses[0].name] = True  # the sheet the officer is about to map
        self.choices: dict[str, dict[str, MappedColumn]] = {}  # per sheet, the officer's choices by letter
        self.last_preview: Preview | None = None
        self._pending = False
        self.tasks = Tasks(self._preview_failed, self)
        self.tasks.busy_changed.connect(self._preview_busy)
        self.setWindowTitle(f"Map the columns of {workbook.name}")
        self.setAccessibleName("Map columns")
        self.setObjectName("mappingDialog")
        self._build()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(PREVIEW_DELAY_MS)
        self._timer.timeout.connect(self.preview_now)
        first = next((g.name for g in guesses if self.holds.get(g.name)), self.sheet_names[0] if guesses else "")
        if first:
            self.sheet_box.setCurrentIndex(self.sheet_names.index(first))
        self._show_sheet()
        self.preview_now()

    # -- building ------------------------------------------------------------------------------

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        intro = QLabel(f"Tell Scrutiny Desktop how to read <b>{self.workbook.name}</b>. Choose a column below and "
                       "what it holds; the ratings on the right change as you map. OK saves this as the "
                       "workbook's import profile, beside it, so it is read this way next time too.")
        intro.setWordWrap(True)
        layout.addWidget(intro)

        top = QHBoxLayout()
        sheet_label = QLabel("S&heet:")
        self.sheet_box = QComboBox()
        self.sheet_box.setAccessibleName("Sheet to map")
        for name in self.sheet_names:
            self.sheet_box.addItem(name)
        sheet_label.setBuddy(self.sheet_box)
        self.sheet_box.currentIndexChanged.connect(lambda _i: self._show_sheet())
        self.holds_box = QCheckBox("This sheet &holds indicators")
        self.holds_box.setAccessibleName("This sheet holds indicators")
        self.holds_box.toggled.connect(self._holds_toggled)
        rows_label = QLabel("Heading &row:")
        self.heading_row = QSpinBox()
        self.heading_row.setRange(1, 200)
        self.heading_row.setAccessibleName("Heading row")
        rows_label.setBuddy(self.heading_row)
        self.band_box = QCheckBox("with a &band row above it")
        self.band_box.setAccessibleName("A band row above the heading row")
        self.band_box.setToolTip("Two heading rows: a band of years or areas above the row of headings")
        self.heading_row.valueChanged.connect(self._rows_changed)
        self.band_box.toggled.connect(self._rows_changed)
        row_widgets: tuple[QWidget, ...] = (sheet_label, self.sheet_box, self.holds_box)
        for widget in row_widgets:
            top.addWidget(widget)
        top.addSpacing(self.fontMetrics().averageCharWidth() * 3)
        row_widgets = (rows_label, self.heading_row, self.band_box)
        for widget in row_widgets:
            top.addWidget(widget)
        top.addStretch(1)
        layout.addLayout(top)

        self.sheet_model = SheetPreviewModel(self)
        self.sheet_view = QTableView()
        self.sheet_view.setObjectName("sheetPreview")
        self.sheet_view.setAccessibleName("The sheet as it is")
        self.sheet_view.setModel(self.sheet_model)
        self.sheet_view.setWordWrap(False)
        self.sheet_view.setTabKeyNavigation(False)
        self.sheet_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectColumns)
        self.sheet_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.sheet_view.horizontalHeader().setDefaultSectionSize(self.fontMetrics().averageCharWidth() * 16)
        self.sheet_view.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 6)
        self.sheet_view.selectionModel().currentColumnChanged.connect(self._sheet_column_chosen)

        self.columns_model = ColumnMappingModel(self)
        self.columns_view = QTableView()
        self.columns_view.setObjectName("columnMapping")
        self.columns_view.setAccessibleName("Columns and what they are read as")
        self.columns_view.setModel(self.columns_model)
        self.columns_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.columns_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.columns_view.setTabKeyNavigation(False)
        self.columns_view.setWordWrap(False)
        self.columns_view.verticalHeader().hide()
        self.columns_view.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 6)
        header = self.columns_view.horizontalHeader()
        for map_column in MapColumn:
            header.setSectionResizeMode(map_column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(MapColumn.HEADING, QHeaderView.ResizeMode.Stretch)
        self.columns_view.selectionModel().currentRowChanged.connect(self._column_chosen)

        choose = QHBoxLayout()
        meaning_label = QLabel("Chosen column &is:")
        self.meaning_box = QComboBox()
        self.meaning_box.setAccessibleName("What the chosen column holds")
        for text, meaning in MEANINGS:
            self.meaning_box.addItem(text, meaning)
        meaning_label.setBuddy(self.meaning_box)
        self.meaning_box.activated.connect(self._meaning_chosen)
        self.guess_button = QPushButton("Use the &guess")
        self.guess_button.setAccessibleName("Use the program's guess for the chosen column")
        self.guess_button.clicked.connect(self._use_guess)
        choose.addWidget(meaning_label)
        choose.addWidget(self.meaning_box, 1)
        choose.addWidget(self.guess_button)

        columns_panel = QWidget()
        columns_layout = QVBoxLayout(columns_panel)
        columns_layout.setContentsMargins(0, 0, 0, 0)
        columns_layout.addWidget(self.columns_view, 1)
        columns_layout.addLayout(choose)

        rules = QGroupBox("The council's rules, for the whole workbook")
        form = QFormLayout(rules)
        self.tolerance = QLineEdit(self.base.default_tolerance or "")
        self.tolerance.setPlaceholderText("none: only the tolerances in the workbook (e.g. 10% of target, or 5)")
        self.tolerance.setAccessibleName("Default tolerance")
        self.tolerance.setToolTip("Amber lies within this of the target, for indicators that give no tolerance")
        self.tolerance.textChanged.connect(self.schedule_preview)
        form.addRow("Default &tolerance:", self.tolerance)
        self.amber_box = QCheckBox("The council rates &Amber (untick for met / not met)")
        self.amber_box.setAccessibleName("The council rates Amber")
        self.amber_box.setChecked(self.base.amber)
        self.amber_box.toggled.connect(self.schedule_preview)
        form.addRow(self.amber_box)
        columns_layout.addWidget(rules)

        self.ratings_model = IndicatorTableModel(self)
        self.ratings_view = QTableView()
        self.ratings_view.setObjectName("ratingsPreview")
        self.ratings_view.setAccessibleName("Ratings with this mapping")
        self.ratings_view.setModel(self.ratings_model)
        self.ratings_view.setTabKeyNavigation(False)
        self.ratings_view.setWordWrap(False)
        self.ratings_view.verticalHeader().hide()
        self.ratings_view.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 6)
        self.ratings_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        shown = (Column.REF, Column.INDICATOR, Column.OUTTURN, Column.TARGET, Column.RAG)
        for column in Column:
            self.ratings_view.setColumnHidden(column, column not in shown)
        ratings_header = self.ratings_view.horizontalHeader()
        for column in shown:
            ratings_header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        ratings_header.setSectionResizeMode(Column.INDICATOR, QHeaderView.ResizeMode.Stretch)
        self.preview_status = QLabel("Previewing…")
        self.preview_status.setWordWrap(True)
        self.preview_status.setAccessibleName("What the program reads with this mapping")
        self.preview_status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        ratings_panel = QWidget()
        ratings_layout = QVBoxLayout(ratings_panel)
        ratings_layout.setContentsMargins(0, 0, 0, 0)
        ratings_title = QLabel("Ratings with this mapping")
        ratings_title.setObjectName("panelTitle")
        ratings_layout.addWidget(ratings_title)
        ratings_layout.addWidget(self.preview_status)
        ratings_layout.addWidget(self.ratings_view, 1)

        lower = QSplitter(Qt.Orientation.Horizontal)
        lower.addWidget(columns_panel)
        lower.addWidget(ratings_panel)
        lower.setStretchFactor(0, 5)
        lower.setStretchFactor(1, 6)
        lower.setChildrenCollapsible(False)
        main = QSplitter(Qt.Orientation.Vertical)
        main.addWidget(self.sheet_view)
        main.addWidget(lower)
        main.setStretchFactor(0, 2)
        main.setStretchFactor(1, 3)
        main.setChildrenCollapsible(False)
        layout.addWidget(main, 1)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText("&Save and read again")
        ok.setAccessibleName("Save the import profile and read the workbook again")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        chain = [self.sheet_box, self.holds_box, self.heading_row, self.band_box, self.sheet_view, self.columns_view,
                 self.meaning_box, self.guess_button, self.tolerance, self.amber_box, self.ratings_view, self.buttons]
        for first, second in pairwise(chain):
            QWidget.setTabOrder(first, second)
        chars, lines = self.fontMetrics().averageCharWidth(), self.fontMetrics().height()
        self.resize(fitted(self, chars * 150, lines * 44))

    # -- the sheet on view ---------------------------------------------------------------------

    @property
    def sheet(self) -> str:
        return self.sheet_box.currentText()

    def _show_sheet(self) -> None:
        guess = self.guesses.get(self.sheet)
        if guess is None:
            return
        rows = self.base.heading_rows or guess.heading_rows or (likely_heading_row(guess.preview),)
        for widget in (self.heading_row, self.band_box, self.holds_box):
            widget.blockSignals(True)
        self.holds_box.setChecked(self.holds.get(guess.name, False))
        self.heading_row.setValue(rows[-1] if rows else 1)
        self.band_box.setChecked(len(rows) > 1 and rows[0] == rows[-1] - 1)
        for widget in (self.heading_row, self.band_box, self.holds_box):
            widget.blockSignals(False)
        self._show_columns(guess)

    def _show_columns(self, guess: SheetGuess) -> None:
        chosen = self.choices.get(guess.name, {})
        heading = self.heading_row.value()
        found = guess.columns if guess.heading_rows and guess.heading_rows[-1] == heading else ()
        # Until the reader has looked at the chosen heading row, its cells are the columns, all unknown.
        by_letter = {c.letter: c for c in found or columns_of_row(guess.preview, heading)}
        columns = [replace(chosen[c.letter], guess=c) if c.letter in chosen else MappedColumn(c)
                   for c in by_letter.values()]
        current = self.columns_view.currentIndex().row()
        self.columns_model.set_columns(columns)
        self._refresh_sheet_view(guess)
        if self.columns_model.rowCount():
            self.columns_view.selectRow(max(0, min(current, self.columns_model.rowCount() - 1)))

    def _refresh_sheet_view(self, guess: SheetGuess) -> None:
        meanings = {c.guess.column: c.meaning for c in self.columns_model.columns() if c.meaning}
        self.sheet_model.set_sheet(guess.preview, self.heading_rows(), meanings)
        # Each column as wide as its cells, up to about 28 characters: long titles stay in their tooltip.
        self.sheet_view.resizeColumnsToContents()
        widest = self.fontMetrics().averageCharWidth() * 28
        for column in range(self.sheet_model.columnCount()):
            self.sheet_view.setColumnWidth(column, min(self.sheet_view.columnWidth(column), widest))

    def heading_rows(self) -> tuple[int, ...]:
        row = self.heading_row.value()
        return (row - 1, row) if self.band_box.isChecked() and row > 1 else (row,)

    def _holds_toggled(self, on: bool) -> None:
        self.holds[self.sheet] = on
        self.schedule_preview()

    def _rows_changed(self) -> None:
        guess = self.guesses.get(self.sheet)
        if guess is not None:
            self._show_columns(guess)
        self.schedule_preview()

    def _sheet_column_chosen(self, current: QModelIndex, _previous: QModelIndex) -> None:
        """Choosing a column in the sheet chooses it in the list of columns too."""
        if current.isValid():
            row = self.columns_model.row_of(column_letters(current.column() + 1))
            if row is not None:
                self.columns_view.selectRow(row)

    def _column_chosen(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid():
            return
        mapped = self.columns_model.column(current.row())
        self.meaning_box.setCurrentIndex(max(0, self.meaning_box.findData(mapped.meaning)))

    # -- choosing ------------------------------------------------------------------------------

    def choose(self, letter: str, meaning: str | None) -> None:
        """Read column `letter` of the sheet on view as `meaning` (a field name, IGNORE, or None: not used)."""
        row = self.columns_model.row_of(letter)
        if row is None:
            raise KeyError(f"column {letter} is not in the sheet's heading row")
        self.columns_model.choose(row, meaning)
        mapped = self.columns_model.column(row)
        self.choices.setdefault(self.sheet, {})[mapped.guess.letter] = mapped
        guess = self.guesses.get(self.sheet)
        if guess is not None:
            self._refresh_sheet_view(guess)
        self.schedule_preview()

    def _meaning_chosen(self, index: int) -> None:
        row = self.columns_view.currentIndex().row()
        if row < 0:
            return
        self.choose(self.columns_model.column(row).guess.letter, self.meaning_box.itemData(index))

    def _use_guess(self) -> None:
        row = self.columns_view.currentIndex().row()
        if row < 0:
            return
        mapped = self.columns_model.column(row)
        self.choices.get(self.sheet, {}).pop(mapped.guess.letter, None)
        self._show_columns(self.guesses[self.sheet])
        self.schedule_preview()

    def profile(self) -> ImportProfile:
        """The import profile the dialog describes now."""
        columns = [c for sheet in self.choices.values() for c in sheet.values()]
        on_view = {c.guess.letter for c in columns}
        columns += [c for c in self.columns_model.columns() if c.guess.letter not in on_view]
        sheets = [name for name in self.sheet_names if self.holds.get(name)]
        guess = self.guesses.get(self.sheet)
        rows = self.heading_rows()
        keep_rows = bool(self.base.heading_rows) or guess is None or rows != guess.heading_rows[-len(rows):] \
            or not guess.holds_indicators
        return candidate_profile(self.base, columns, sheets, self.sheet_names, rows if keep_rows else (),
                                 self.tolerance.text(), self.amber_box.isChecked())

    # -- previewing ----------------------------------------------------------------------------

    def schedule_preview(self) -> None:
        self._timer.start()

    def preview_now(self) -> None:
        """Read the workbook with the profile as it stands (once the running preview ends, if one runs)."""
        self._timer.stop()
        if self.tasks.busy:
            self._pending = True
            return
        self._pending = False
        self.preview_status.setText("Reading the workbook with this mapping…")
        self.tasks.run(f"Previewing {self.workbook.name}", preview_job(self.workbook, self.profile()),
                       self._previewed)

    def _previewed(self, result: object) -> None:
        assert isinstance(result, Preview)
        self.last_preview = result
        for sheet in result.guesses:
            self.guesses[sheet.name] = sheet
        on_view = self.guesses.get(self.sheet)
        if on_view is not None:
            self._show_columns(on_view)
        if result.review is not None:
            review = result.review
            self.ratings_model.set_rows(review.items)
            counts = {rag: sum(1 for i in review.items if i.rag.word == rag) for rag in ("Red", "Amber", "Green")}
            self.preview_status.setText(
                f"{len(review.items)} indicators read: {counts['Red']} Red, {counts['Amber']} Amber, "
                f"{counts['Green']} Green; {len(review.problems)} problem(s).")
        else:
            self.ratings_model.set_rows(())
            reasons = result.refused.errors or result.refused.problems if result.refused is not None else ()
            first = reasons[0].message if reasons else "The workbook cannot be read with this mapping."
            self.preview_status.setText(f"Not readable yet: {first}")
        self.previewed.emit()

    def _preview_failed(self, _title: str, exc: BaseException) -> None:
        # Not a refusal (the job returns those): a fault in the program, said here rather than hidden.
        self.preview_status.setText(f"The preview failed: {type(exc).__name__}: {exc}")
        self.previewed.emit()

    def _preview_busy(self, busy: bool) -> None:
        if not busy and self._pending:
            QTimer.singleShot(0, self.preview_now)

    def done(self, result: int) -> None:
        self._timer.stop()
        self._pending = False
        self.tasks.wait()
        super().done(result)
