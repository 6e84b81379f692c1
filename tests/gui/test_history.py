"""The window with a history: carried commentary highlighted until edited or confirmed, quarters and SPC shown."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from scrutiny_desktop.domain.periods import Period
from scrutiny_desktop.gui.commentary import CARRIED_STYLE
from scrutiny_desktop.pipeline import commentary_path
from tests.gui.conftest import open_and_wait
from tests.test_history_months import export, monthly_workbook


@pytest.fixture
def october(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """July, August and September exported into the history the window uses; October's workbook to open."""
    history = Path(os.environ["SCRUTINY_HISTORY"])
    for last, commentary in (
        (11, {"1": "Recruitment of two assessment teams is under way.", "2": "Reviews slipped over the summer."}),
        (12, {}),
        (13, {"1": "The new teams started in September."}),
    ):
        export(tmp_path / "earlier", last, commentary, history)
    capsys.readouterr()
    return monthly_workbook(tmp_path / "october" / "kpi.xlsx", 14, {})


def test_carried_commentary_is_highlighted_until_edited_or_confirmed(qtbot, make_window, october: Path) -> None:
    window = make_window()
    open_and_wait(qtbot, window, october)
    editor = window.commentary
    assert {ref: c.period for ref, c in editor.carried.items()} == {"1": Period(2019, 9), "2": Period(2019, 7)}
    window.select_ref("2")
    assert editor.editor.toPlainText() == "Reviews slipped over the summer."
    assert editor.editor.styleSheet() == CARRIED_STYLE
    assert editor.hint.text().startswith("Carried forward from Jul 2019 and not yet changed")
    assert editor.confirm.isVisible()
    assert window.counts.text() == "3 exceptions · 1 still without commentary"  # carried text counts; 4 has none
    # Edited: the officer's own words, no longer highlighted.
    editor.editor.moveCursor(editor.editor.textCursor().MoveOperation.End)
    qtbot.keyClicks(editor.editor, " Now back on track.")
    assert "2" not in editor.carried
    assert editor.editor.styleSheet() == "" and not editor.confirm.isVisible()
    # Confirmed: kept as it is, saved as the officer's, no longer highlighted.
    window.select_ref("1")
    assert editor.editor.styleSheet() == CARRIED_STYLE
    editor.confirm.click()
    assert editor.carried == {}
    assert editor.editor.styleSheet() == "" and not editor.confirm.isVisible()
    editor.save_now()
    saved = json.loads(commentary_path(october).read_text(encoding="utf-8"))
    assert saved == {"1": "The new teams started in September.",
                     "2": "Reviews slipped over the summer. Now back on track."}


def test_the_details_show_four_quarters_and_spc_in_words(qtbot, make_window, october: Path) -> None:
    window = make_window()
    open_and_wait(qtbot, window, october)
    window.select_ref("2")
    assert window.detail.values["Last four quarters"] == (
        "Q4 2018/19 G Green, Q1 2019/20 A Amber, Q2 2019/20 R Red, Q3 2019/20 R Red")
    window.select_ref("1")
    # The hand-computed chart of tests/test_history_months.py: October's 40 below the lower limit 51.3.
    assert window.detail.values["SPC"] == "▼! Special cause: concerning (low); F Consistently misses the target"
    description = window.detail.chart.description()
    assert "SPC over 15 months: Special cause: concerning (low); Consistently misses the target" in description
    assert description.endswith("special cause (squares): Oct 2019")
    assert window.detail.chart.special_months() == {0: False}
    window.detail.chart.grab()  # paints the mean, the limits and the square without error


def test_without_a_history_the_window_is_as_before(qtbot, make_window, tmp_path: Path) -> None:
    window = make_window()
    open_and_wait(qtbot, window, monthly_workbook(tmp_path / "kpi.xlsx", 14, {}))
    window.select_ref("1")
    assert "Last four quarters" not in window.detail.values and "SPC" not in window.detail.values
    assert window.commentary.carried == {} and not window.commentary.confirm.isVisible()
    assert "SPC" not in window.detail.chart.description()
