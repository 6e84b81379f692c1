"""File ▸ Map columns…: a workbook the reader cannot place is mapped in the dialog, kept as its import
profile, and read the same by the window and by `scrutiny check --profile`."""

import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QAbstractScrollArea, QTableView, QWidget

from scrutiny_desktop.domain.problems import UnusableWorkbook
from scrutiny_desktop.domain.profile import ImportProfile
from scrutiny_desktop.excel.layout import ColumnGuess, guess_layout
from scrutiny_desktop.excel.profiles import load_profile, profile_path
from scrutiny_desktop.gui.errors import RefusalDialog
from scrutiny_desktop.gui.mapping import (
    IGNORE,
    ColumnMappingModel,
    MappedColumn,
    MappingDialog,
    SheetPreviewModel,
    candidate_profile,
    likely_heading_row,
)
from scrutiny_desktop.pipeline import load_review
from tests.gui.conftest import open_and_wait
from tests.helpers import SAMPLE, run_cli
from tests.workbooks import table

HEADINGS = ["Line", "Wording", "Better when", "Goal", "Reading", "Owner"]


def scorecard(folder: Path) -> Path:
    """A council scorecard whose headings the program knows none of: it cannot place the table by itself."""
    return table(folder / "Scorecard October 2019.xlsx", HEADINGS,
                 ["1", "Contacts received within a day", "High", 50, 40, "J Bloggs"],
                 ["2", "Re-referrals within a year", "Low", 20, 21, "A Smith"],
                 ["3", "Plans reviewed on time", "High", 90, 95, "J Bloggs"],
                 above=[["Children's services scorecard, October 2019"], []])


def test_the_reader_cannot_place_the_scorecard_by_itself(tmp_path: Path) -> None:
    with pytest.raises(UnusableWorkbook) as refused:
        load_review(scorecard(tmp_path))
    assert [p.code for p in refused.value.errors] == ["no-header-row"]


def test_the_dialogs_models_pass_qtmodeltester(qtmodeltester) -> None:
    guess = guess_layout(SAMPLE)[0]
    sheet = SheetPreviewModel()
    sheet.set_sheet(guess.preview, guess.heading_rows, {c.column: c.field or "" for c in guess.columns})
    qtmodeltester.check(sheet)
    qtmodeltester.check(SheetPreviewModel())
    columns = ColumnMappingModel()
    columns.set_columns([MappedColumn(c) for c in guess.columns])
    columns.choose(0, IGNORE)
    qtmodeltester.check(columns)
    qtmodeltester.check(ColumnMappingModel())


def test_the_heading_rows_are_highlighted_and_columns_named_by_letter_and_meaning() -> None:
    guess = guess_layout(SAMPLE)[0]
    model = SheetPreviewModel()
    model.set_sheet(guess.preview, guess.heading_rows, {c.column: c.field or "" for c in guess.columns})
    heading = guess.heading_rows[-1]
    assert model.data(model.index(heading - 1, 0), Qt.ItemDataRole.BackgroundRole) is not None
    assert model.data(model.index(heading, 0), Qt.ItemDataRole.BackgroundRole) is None
    assert model.headerData(heading - 1, Qt.Orientation.Vertical) == f"{heading} ▸"
    ref = next(c for c in guess.columns if c.field == "ref")
    assert model.headerData(ref.column - 1, Qt.Orientation.Horizontal) == f"{ref.letter}: Ref"


def _column(letter: str, heading: str, field: str | None, confidence: float) -> ColumnGuess:
    return ColumnGuess(ord(letter) - 64, letter, heading, field, confidence)


def test_the_profile_holds_what_the_officer_chose_and_what_the_program_was_unsure_of() -> None:
    columns = [
        MappedColumn(_column("A", "Line", None, 0.0), chosen="ref"),
        MappedColumn(_column("B", "Indicator", "title", 1.0)),  # sure: left to the headings
        MappedColumn(_column("C", "Aim", "target", 0.7)),  # a guess: pinned
        MappedColumn(_column("D", "Owner", None, 0.0), chosen=IGNORE),
        MappedColumn(_column("E", "Notes", "commentary", 1.0), cleared=True),
        MappedColumn(_column("F", "", None, 0.0), chosen="current"),  # no heading: by letter
    ]
    base = ImportProfile(words={"polarity": {"high": ("Bigger is better",)}}, columns={"commentary": "Notes"})
    profile = candidate_profile(base, columns, ["Scorecard"], ["Scorecard", "Notes"], (3,), " 10% of target ", False)
    assert dict(profile.columns) == {"ref": "Line", "target": "Aim", "current": "F"}
    assert profile.ignore == ("Owner",)
    assert profile.sheets == ("Scorecard",) and profile.heading_rows == (3,)
    assert profile.default_tolerance == "10% of target" and profile.amber is False
    assert profile.words == base.words  # the words of the profile it had are kept
    every = candidate_profile(ImportProfile(), [], ["A", "B"], ["A", "B"], (), "", True)
    assert every.sheets == () and every.default_tolerance is None and every.is_empty


def test_where_the_reader_found_no_headings_the_fullest_row_is_offered() -> None:
    assert likely_heading_row([("Title",), (), ("Ref", "Name", "Target"), ("1", "Contacts", "5")]) == 3
    assert likely_heading_row([]) == 1


def _ratings(review) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {item.ref: item.rag.value for item in review.items}


def test_mapping_a_workbook_the_reader_cannot_place_writes_its_profile_and_the_command_line_agrees(
        qtbot, make_window, dialogs, tmp_path: Path) -> None:
    workbook = scorecard(tmp_path)
    window = make_window()
    seen: dict[str, object] = {}

    def answer(dialog: object) -> None:
        if isinstance(dialog, RefusalDialog):
            assert [b.text() for b in dialog.remedy_buttons] == ["&Map columns…"]
            dialog.remedy_buttons[0].click()  # offered where the table is not found
        elif isinstance(dialog, MappingDialog):
            drive(qtbot, dialog)
            seen["preview"] = dialog.last_preview

    dialogs.before_answer = answer
    dialogs.accept = True
    open_and_wait(qtbot, window, workbook)
    qtbot.waitUntil(lambda: window.review is not None, timeout=30_000)
    qtbot.waitUntil(lambda: not window.tasks.busy)
    dialogs.take(RefusalDialog)
    mapping = dialogs.take(MappingDialog)
    assert not mapping.tasks.busy

    profile = load_profile(profile_path(workbook))
    assert dict(profile.columns) == {"ref": "Line", "title": "Wording", "polarity": "Better when", "target": "Goal",
                                     "current": "Reading"}
    assert profile.ignore == ("Owner",) and profile.heading_rows == (3,)
    assert profile.default_tolerance == "10% of target" and profile.amber
    window_ratings = _ratings(window.review)
    assert window_ratings == {"1": "red", "2": "amber", "3": "green"}
    preview = seen["preview"]
    assert preview.review is not None and _ratings(preview.review) == window_ratings  # what the preview showed
    assert window.statusBar().currentMessage().startswith("Read 3 indicators from Scorecard October 2019.xlsx")

    result = run_cli("check", str(workbook), "--profile", str(profile_path(workbook)), "--json")
    assert result.returncode == 0, result.stderr
    assert {i["ref"]: i["rag"] for i in json.loads(result.stdout)["indicators"]} == window_ratings


def drive(qtbot, dialog: MappingDialog) -> None:  # type: ignore[no-untyped-def]
    """Map the scorecard as an officer would: the keyboard for the first column, then each of the rest."""
    qtbot.waitUntil(lambda: dialog.last_preview is not None, timeout=20_000)
    assert dialog.last_preview.review is None  # nothing to rate yet
    assert dialog.heading_row.value() == 3  # the fullest row, where the reader found no headings
    assert [c.guess.heading for c in dialog.columns_model.columns()] == HEADINGS
    dialog.columns_view.setFocus()
    dialog.columns_view.setCurrentIndex(dialog.columns_model.index(0, 0))
    dialog.meaning_box.setFocus()
    qtbot.keyClicks(dialog.meaning_box, "Ref")  # type-to-find in the closed list
    assert dialog.columns_model.column(0).meaning == "ref"
    for letter, meaning in (("B", "title"), ("C", "polarity"), ("D", "target"), ("E", "current"), ("F", IGNORE)):
        dialog.choose(letter, meaning)
    dialog.tolerance.setFocus()
    qtbot.keyClicks(dialog.tolerance, "10% of target")
    qtbot.waitUntil(lambda: dialog.last_preview is not None and dialog.last_preview.review is not None
                    and dialog.last_preview.profile.default_tolerance == "10% of target"
                    and not dialog.tasks.busy and not dialog._timer.isActive(), timeout=20_000)
    assert dialog.preview_status.text().startswith("3 indicators read: 1 Red, 1 Amber, 1 Green")
    assert dialog.ratings_model.rowCount() == 3


def test_file_map_columns_on_an_open_workbook_and_cancel_changes_nothing(qtbot, make_window, dialogs,
                                                                         sample_copy: Path) -> None:
    window = make_window()
    open_and_wait(qtbot, window, sample_copy)
    assert window.map_action.shortcut().toString() == "Ctrl+M"
    file_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&File")
    assert window.map_action in file_menu.actions()
    shown: dict[str, object] = {}

    def answer(dialog: object) -> None:
        assert isinstance(dialog, MappingDialog)
        qtbot.waitUntil(lambda: dialog.last_preview is not None, timeout=20_000)
        shown["status"] = dialog.preview_status.text()
        shown["sure"] = [c.guess.field for c in dialog.columns_model.columns()][:2]
        unnamed = [w for w in dialog.findChildren(QWidget)
                   if w.focusPolicy() & Qt.FocusPolicy.TabFocus and w.isVisible() and not w.accessibleName()
                   and w.parent() is not None and not isinstance(w.parent(), QAbstractScrollArea | QTableView)]
        shown["unnamed"] = [type(w).__name__ for w in unnamed if not isinstance(w, QAbstractButton) or not w.text()]

    dialogs.before_answer = answer
    window.map_action.trigger()
    qtbot.waitUntil(lambda: "status" in shown and not window.tasks.busy, timeout=30_000)
    dialogs.take(MappingDialog)
    assert str(shown["status"]).startswith("40 indicators read")  # the sample, read as the window reads it
    assert shown["sure"] == ["ref", "title"]
    assert shown["unnamed"] == []  # every control the keyboard reaches says what it is
    assert not profile_path(sample_copy).exists()
    assert window.statusBar().currentMessage() == (
        "Map columns cancelled: sample-scrutiny-dataset.profile.toml was not changed.")
