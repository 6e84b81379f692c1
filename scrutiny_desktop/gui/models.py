"""Qt table models as adapters over the review: they own no data and decide nothing.

Named columns and roles; `set_rows()` inside a model reset; every model passes qtmodeltester.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from enum import IntEnum

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QColor, QFont, QIcon

from scrutiny_desktop.domain.formatting import target_text
from scrutiny_desktop.domain.model import Rag
from scrutiny_desktop.domain.periods import Period
from scrutiny_desktop.domain.problems import Problem, Severity
from scrutiny_desktop.domain.rating import Direction
from scrutiny_desktop.domain.refs import natural_key
from scrutiny_desktop.domain.review import Reviewed

Index = QModelIndex | QPersistentModelIndex
_NO_INDEX = QModelIndex()

# Tints light enough for dark text on every platform's table; the word is always printed too.
RAG_COLOURS = {
    Rag.RED: QColor("#f4b6b0"),
    Rag.AMBER: QColor("#ffd98a"),
    Rag.GREEN: QColor("#b9e2c4"),
    Rag.NONE: QColor("#e4e4e4"),
    Rag.MISSING: QColor("#e4e4e4"),
}
RAG_TEXT = QColor("#1a1a1a")
_RAG_ORDER = {Rag.RED: 0, Rag.AMBER: 1, Rag.GREEN: 2, Rag.MISSING: 3, Rag.NONE: 4}
_DIRECTION_ORDER = {Direction.WORSENING: 0, Direction.NO_CHANGE: 1, Direction.IMPROVING: 2,
                    Direction.INCREASING: 3, Direction.DECREASING: 4, Direction.NA: 5}


class Role(IntEnum):
    ITEM = Qt.ItemDataRole.UserRole + 1  # the Reviewed (indicator table) or the Problem (problems table)
    REF = Qt.ItemDataRole.UserRole + 2
    SORT = Qt.ItemDataRole.UserRole + 3
    IS_EXCEPTION = Qt.ItemDataRole.UserRole + 4
    HAS_PROBLEM = Qt.ItemDataRole.UserRole + 5
    SEARCH_TEXT = Qt.ItemDataRole.UserRole + 6
    SECTION_RANK = Qt.ItemDataRole.UserRole + 7  # the section's place in the workbook (0 first)
    SECTION = Qt.ItemDataRole.UserRole + 8  # a section row's title


class Column(IntEnum):
    REF = 0
    SECTION = 1
    INDICATOR = 2
    OUTTURN = 3
    TARGET = 4
    RAG = 5
    DIRECTION = 6
    PART2 = 7
    COMMENTARY = 8


HEADERS = {
    Column.REF: ("Ref", "The indicator's reference in the workbook"),
    Column.SECTION: ("Section", "The service area; sorting by it keeps the workbook's order of sections"),
    Column.INDICATOR: ("Indicator", "The indicator's title"),
    Column.OUTTURN: ("Outturn", "The current outturn, with its numerator and denominator where known"),
    Column.TARGET: ("Target", "The target or range of acceptable performance (the tolerance is in the tooltip)"),
    Column.RAG: ("RAG", "Red, Amber or Green against the target or range"),
    Column.DIRECTION: ("Direction", "Direction of travel since the previous period"),
    Column.PART2: ("Part 2", "Sensitive indicators: reported only in the confidential Part 2 appendix"),
    Column.COMMENTARY: ("Commentary", "Management commentary: needed for every Red or Amber indicator"),
}

COMMENTARY_NEEDED, COMMENTARY_WRITTEN = "Needed", "Written"


class _RowsModel(QAbstractTableModel):
    """A read-only table of `_rows` with the columns of `COLUMNS`: the part both models share."""

    COLUMNS: type[IntEnum]

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list = []

    def rowCount(self, parent: Index = _NO_INDEX) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = _NO_INDEX) -> int:
        return 0 if parent.isValid() else len(self.COLUMNS)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def _row(self, index: Index) -> object | None:
        """The row's value, or None for an index this model cannot answer."""
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        return self._rows[index.row()]


class IndicatorTableModel(_RowsModel):
    """One row per reviewed indicator, in the review's order (sections, then refs)."""

    COLUMNS = Column

    def __init__(self, parent: QObject | None = None, warning_icon: QIcon | None = None) -> None:
        super().__init__(parent)
        self._rows: list[Reviewed] = []
        self._period: Period | None = None
        self._problems: dict[str, list[Problem]] = {}
        self._section_rank: dict[str, int] = {}
        self._ref_rank: dict[str, int] = {}
        self._warning_icon = warning_icon

    def set_rows(self, items: Sequence[Reviewed], problems: Iterable[Problem] = (),
                 period: Period | None = None) -> None:
        """`period` is the review's: a figure of another (a quarterly one's last quarter) says its own."""
        self.beginResetModel()
        self._period = period
        self._rows = list(items)
        self._problems = {}
        for problem in problems:
            if problem.ref is not None:
                self._problems.setdefault(problem.ref, []).append(problem)
        self._section_rank = {}
        for item in self._rows:
            self._section_rank.setdefault(item.indicator.section, len(self._section_rank))
        by_ref = sorted(self._rows, key=lambda i: natural_key(i.ref))
        self._ref_rank = {item.ref: rank for rank, item in enumerate(by_ref)}
        self.endResetModel()

    def update_item(self, item: Reviewed) -> None:
        """Replace one indicator's row (its commentary changed), keeping selection and sorting."""
        for row, old in enumerate(self._rows):
            if old.ref == item.ref:
                self._rows[row] = item
                self.dataChanged.emit(self.index(row, 0), self.index(row, len(Column) - 1))
                return

    def item(self, row: int) -> Reviewed:
        return self._rows[row]

    def row_of(self, ref: str) -> int | None:
        return next((row for row, item in enumerate(self._rows) if item.ref == ref), None)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(Column):
            return None
        title, tip = HEADERS[Column(section)]
        if role == Qt.ItemDataRole.DisplayRole:
            return title
        if role == Qt.ItemDataRole.ToolTipRole:
            return tip
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        item = self._row(index)
        if not isinstance(item, Reviewed):
            return None
        column = Column(index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(item, column)
        if role == Role.ITEM:
            return item
        if role == Role.REF:
            return item.ref
        if role == Role.SORT:
            return self._sort_key(item, column)
        if role == Role.IS_EXCEPTION:
            return item.needs_commentary
        if role == Role.HAS_PROBLEM:
            return item.ref in self._problems
        if role == Role.SECTION_RANK:
            return self._section_rank.get(item.indicator.section, 0)
        if role == Role.SEARCH_TEXT:
            return f"{item.ref}\n{item.indicator.title}\n{item.indicator.section}".casefold()
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(item, column)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            if column is Column.OUTTURN and self._earlier(item):
                return self._tooltip(item, column)
            return self._text(item, column) or "none"
        if column is Column.RAG and role == Qt.ItemDataRole.BackgroundRole:
            return RAG_COLOURS[item.rag]
        if column is Column.RAG and role == Qt.ItemDataRole.ForegroundRole:
            return RAG_TEXT
        if column is Column.REF and role == Qt.ItemDataRole.DecorationRole and item.ref in self._problems:
            return self._warning_icon
        return None

    def _text(self, item: Reviewed, column: Column) -> str:
        ind = item.indicator
        if column is Column.REF:
            return item.ref
        if column is Column.SECTION:
            return ind.section
        if column is Column.INDICATOR:
            return ind.title
        if column is Column.OUTTURN:
            return item.value_text
        if column is Column.TARGET:
            return target_text(ind.target, ind.unit)  # the tolerance is in the tooltip and the details
        if column is Column.RAG:
            return item.rag.word + (" *" if item.rating.override else "")
        if column is Column.DIRECTION:
            return item.vs_previous.text
        if column is Column.PART2:
            return "Part 2" if ind.sensitive else ""
        if item.commentary_missing:
            return COMMENTARY_NEEDED
        return COMMENTARY_WRITTEN if item.needs_commentary else ""

    def _sort_key(self, item: Reviewed, column: Column) -> object:
        ref_rank = self._ref_rank.get(item.ref, 0)
        if column is Column.REF:
            return ref_rank
        if column is Column.SECTION:
            return self._section_rank.get(item.indicator.section, 0) * 10_000 + ref_rank
        if column is Column.INDICATOR:
            return item.indicator.title.casefold()
        if column is Column.OUTTURN:
            return item.outturn.value if item.outturn.value is not None else float("-inf")
        if column is Column.RAG:
            return _RAG_ORDER[item.rag] * 10_000 + ref_rank
        if column is Column.DIRECTION:
            return _DIRECTION_ORDER[item.vs_previous.direction] * 10_000 + ref_rank
        if column is Column.PART2:
            return (0 if item.indicator.sensitive else 1) * 10_000 + ref_rank
        if column is Column.COMMENTARY:
            status = 0 if item.commentary_missing else 1 if item.needs_commentary else 2
            return status * 10_000 + ref_rank
        return self._text(item, column).casefold()

    def _earlier(self, item: Reviewed) -> bool:
        """A quarterly, termly or annual figure of a period before the one on view."""
        return self._period is not None and item.period is not None and item.outturn.has_value and \
            item.period.ordinal != self._period.ordinal

    def _tooltip(self, item: Reviewed, column: Column) -> str:
        if column is Column.OUTTURN and self._earlier(item):
            assert item.period is not None
            return f"{item.value_text} is for {item.period.long_label}: this indicator's latest figure"
        if column is Column.REF and item.ref in self._problems:
            return "\n".join(f"{p.location}: {p.message}" for p in self._problems[item.ref])
        if column is Column.INDICATOR:
            return f"{item.indicator.title}\n({item.indicator.section})" if item.indicator.section else \
                item.indicator.title
        if column is Column.SECTION:
            return item.indicator.section
        if column is Column.TARGET:
            return item.target_text
        if column is Column.RAG:
            return item.explanation
        if column is Column.DIRECTION:
            return f"Since the previous period: {item.vs_previous.text}\nSince last year: {item.vs_last_year.text}"
        if column is Column.PART2 and item.indicator.sensitive:
            return "Sensitive: withheld from the public Part 1 appendix"
        if column is Column.COMMENTARY:
            if item.commentary_missing:
                return "Red or Amber: management commentary is needed"
            return "Commentary written" if item.needs_commentary else "No commentary needed"
        return ""


class IndicatorFilter(QSortFilterProxyModel):
    """The table's filters (exceptions only, with problems, search text) and sorting by named roles."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._exceptions_only = False
        self._with_problems = False
        self._search = ""
        self.setSortRole(Role.SORT)

    @property
    def exceptions_only(self) -> bool:
        return self._exceptions_only

    def set_exceptions_only(self, on: bool) -> None:
        self._change(lambda: setattr(self, "_exceptions_only", bool(on)))

    @property
    def with_problems(self) -> bool:
        return self._with_problems

    def set_with_problems(self, on: bool) -> None:
        self._change(lambda: setattr(self, "_with_problems", bool(on)))

    @property
    def search(self) -> str:
        return self._search

    def set_search(self, text: str) -> None:
        self._change(lambda: setattr(self, "_search", " ".join(text.split()).casefold()))

    def clear_filters(self) -> None:
        def clear() -> None:
            self._exceptions_only = self._with_problems = False
            self._search = ""
        self._change(clear)

    def _change(self, apply: object) -> None:
        # Qt 6.9 added begin/endFilterChange; invalidateFilter is the older spelling.
        if hasattr(self, "beginFilterChange"):
            self.beginFilterChange()
            apply()  # type: ignore[operator]
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            apply()  # type: ignore[operator]
            self.invalidateFilter()

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        model = self.sourceModel()
        index = model.index(source_row, 0, source_parent)
        if self._exceptions_only and not model.data(index, Role.IS_EXCEPTION):
            return False
        if self._with_problems and not model.data(index, Role.HAS_PROBLEM):
            return False
        if self._search:
            haystack = model.data(index, Role.SEARCH_TEXT) or ""
            return all(word in haystack for word in self._search.split())
        return True


class ProblemColumn(IntEnum):
    SEVERITY = 0
    WHERE = 1
    INDICATOR = 2
    PROBLEM = 3


PROBLEM_HEADERS = {
    ProblemColumn.SEVERITY: "Severity",
    ProblemColumn.WHERE: "Cell",
    ProblemColumn.INDICATOR: "Indicator",
    ProblemColumn.PROBLEM: "Problem and what to do",
}


class ProblemTableModel(_RowsModel):
    """Every problem found in the workbook, with its cell, in the order found."""

    COLUMNS = ProblemColumn

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[Problem] = []

    def set_rows(self, problems: Iterable[Problem]) -> None:
        self.beginResetModel()
        self._rows = list(problems)
        self.endResetModel()

    def problem(self, row: int) -> Problem:
        return self._rows[row]

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole and \
                0 <= section < len(ProblemColumn):
            return PROBLEM_HEADERS[ProblemColumn(section)]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        problem = self._row(index)
        if not isinstance(problem, Problem):
            return None
        column = ProblemColumn(index.column())
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            text = self._text(problem, column)
            return text or ("none" if role == Qt.ItemDataRole.AccessibleTextRole else "")
        if role == Qt.ItemDataRole.ToolTipRole:
            return problem.message
        if role == Role.ITEM:
            return problem
        if role == Role.REF:
            return problem.ref
        return None

    @staticmethod
    def _text(problem: Problem, column: ProblemColumn) -> str:
        if column is ProblemColumn.SEVERITY:
            return "Error" if problem.severity is Severity.ERROR else "Warning"
        if column is ProblemColumn.WHERE:
            return problem.location
        if column is ProblemColumn.INDICATOR:
            return problem.ref or ""
        return problem.message


_SECTION_ROW = 0  # internal id of a section row; an indicator row's is its section's position + 1


class SectionRows(QAbstractItemModel):
    """The table's rows grouped under section rows, as the appendix groups them: a tree over the filter.

    Sections keep the workbook's order; within each, the rows keep the filter's sorting. It owns no data:
    every indicator cell is the filter's. Whenever the filter's rows change (filters, sorting, a new
    review) the grouping is rebuilt inside a model reset; a changed row (commentary typed) is passed on.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._source: QSortFilterProxyModel | None = None
        self._sections: list[tuple[str, list[int]]] = []  # section title, the filter's rows in it
        self._where: dict[int, tuple[int, int]] = {}  # the filter's row -> (section position, row in it)
        # One font for every section row: PySide6 6.12 loses a reference to None for each new QFont
        # handed to Qt from data(), and a window painting section rows would deallocate None within minutes.
        self._bold = QFont()
        self._bold.setBold(True)

    def setSourceModel(self, source: QSortFilterProxyModel) -> None:
        self.beginResetModel()
        self._source = source
        for about, done in ((source.modelAboutToBeReset, source.modelReset),
                            (source.layoutAboutToBeChanged, source.layoutChanged),
                            (source.rowsAboutToBeInserted, source.rowsInserted),
                            (source.rowsAboutToBeRemoved, source.rowsRemoved),
                            (source.rowsAboutToBeMoved, source.rowsMoved)):
            about.connect(self._about_to_change)
            done.connect(self._changed)
        source.dataChanged.connect(self._source_data_changed)
        self._group()
        self.endResetModel()

    def sourceModel(self) -> QSortFilterProxyModel | None:
        return self._source

    # Slots without parameters: PySide6 then passes no arguments, and converting layoutChanged's list of
    # persistent indexes to Python corrupts None's reference count (a crash a few hundred sorts later).
    def _about_to_change(self) -> None:
        self.beginResetModel()

    def _changed(self) -> None:
        self._group()
        self.endResetModel()

    def _group(self) -> None:
        self._sections, self._where = [], {}
        source = self._source
        if source is None:
            return
        by_section: dict[str, list[int]] = {}
        ranks: dict[str, int] = {}
        for row in range(source.rowCount()):
            cell = self._cell(row, 0)
            item = cell[0].data(cell[1], Role.ITEM) if cell is not None else None
            section = item.indicator.section if isinstance(item, Reviewed) else ""
            by_section.setdefault(section, []).append(row)
            rank = cell[0].data(cell[1], Role.SECTION_RANK) if cell is not None else 0
            ranks.setdefault(section, rank if isinstance(rank, int) else 0)
        for section in sorted(by_section, key=lambda s: ranks[s]):
            rows = by_section[section]
            for n, row in enumerate(rows):
                self._where[row] = (len(self._sections), n)
            self._sections.append((section, rows))

    def _source_data_changed(self, top_left: QModelIndex, bottom_right: QModelIndex) -> None:
        # Two parameters, so PySide6 does not convert the roles list (that conversion corrupts None's
        # reference count in PySide6 6.12, crashing the window after a few hundred changes).
        for row in range(top_left.row(), bottom_right.row() + 1):
            first, last = self.index_of_source_row(row, top_left.column()), \
                self.index_of_source_row(row, bottom_right.column())
            if first.isValid():
                self.dataChanged.emit(first, last)

    # -- mapping -----------------------------------------------------------------------------

    def source_row(self, index: Index) -> int | None:
        """The filter's row an indicator row shows; None for a section row or an invalid index."""
        if not index.isValid() or index.internalId() == _SECTION_ROW:
            return None
        section = index.internalId() - 1
        if not 0 <= section < len(self._sections):
            return None
        rows = self._sections[section][1]
        return rows[index.row()] if 0 <= index.row() < len(rows) else None

    def index_of_source_row(self, row: int, column: int = 0) -> QModelIndex:
        where = self._where.get(row)
        if where is None:
            return QModelIndex()
        return self.createIndex(where[1], column, where[0] + 1)

    def is_section(self, index: Index) -> bool:
        return index.isValid() and index.internalId() == _SECTION_ROW

    def section_title(self, row: int) -> str:
        return self._sections[row][0]

    def section_count(self) -> int:
        return len(self._sections)

    # -- the model ---------------------------------------------------------------------------

    def index(self, row: int, column: int, parent: Index = _NO_INDEX) -> QModelIndex:
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, _SECTION_ROW)
        return self.createIndex(row, column, parent.row() + 1)

    def parent(self, index: Index = _NO_INDEX) -> QModelIndex:  # type: ignore[override]
        if not index.isValid() or index.internalId() == _SECTION_ROW:
            return QModelIndex()
        return self.createIndex(index.internalId() - 1, 0, _SECTION_ROW)

    def rowCount(self, parent: Index = _NO_INDEX) -> int:
        if not parent.isValid():
            return len(self._sections)
        if parent.internalId() == _SECTION_ROW and parent.column() == 0 and 0 <= parent.row() < len(self._sections):
            return len(self._sections[parent.row()][1])
        return 0

    def columnCount(self, parent: Index = _NO_INDEX) -> int:
        return len(Column)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def _cell(self, row: int, column: int) -> tuple[QAbstractItemModel, QModelIndex] | None:
        """The indicator model's cell under the filter's (row, column).

        Asked of the Python model itself, not through the filter's C++ data(): PySide6 6.12 hands back
        None from a C++ call one reference short, and a view asks often enough to deallocate None.
        """
        source = self._source
        if source is None:
            return None
        model = source.sourceModel()
        index = source.mapToSource(source.index(row, column))
        return (model, index) if model is not None and index.isValid() else None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        model = self._source.sourceModel() if self._source is not None else None
        return model.headerData(section, orientation, role) if model is not None else None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if self._source is not None:
            self._source.sort(column, order)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or self._source is None:
            return None
        if index.internalId() == _SECTION_ROW:
            return self._section_data(index, role)
        row = self.source_row(index)
        cell = self._cell(row, index.column()) if row is not None else None
        if cell is None:
            return None
        model, source_index = cell
        return model.data(source_index, role)

    def _section_data(self, index: Index, role: int) -> object:
        if not 0 <= index.row() < len(self._sections):
            return None
        title, rows = self._sections[index.row()]
        name = title or "Indicators"
        if index.column() != 0:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{name} ({len(rows)})"
        if role in (Qt.ItemDataRole.AccessibleTextRole, Qt.ItemDataRole.ToolTipRole):
            return f"Section {name}: {len(rows)} indicator{'s' if len(rows) != 1 else ''}"
        if role == Qt.ItemDataRole.FontRole:
            return self._bold
        if role == Role.SECTION:
            return title
        return None
