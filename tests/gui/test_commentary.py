"""Commentary: pre-filled draft, autosave within seconds, restore in a new window, undo, never lost to a crash."""

import json
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence

from scrutiny_desktop.domain.drafting import draft_commentary
from scrutiny_desktop.gui.errors import CrashDialog, Reporter
from scrutiny_desktop.pipeline import commentary_path
from tests.gui.conftest import open_and_wait

TYPED = " Caseloads rose because of six vacant posts."


def _saved(workbook: Path) -> dict[str, str]:
    path = commentary_path(workbook)
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def test_an_exception_without_commentary_starts_from_the_draft(qtbot, make_window, sample_copy: Path) -> None:
    window = make_window()
    open_and_wait(qtbot, window, sample_copy)
    window.select_ref("35.1")
    item = window.review.item("35.1")
    assert window.commentary.editor.toPlainText() == draft_commentary(item)
    assert window.commentary.editor.toPlainText().startswith("As at the end of September 2019, the proportion of")
    assert "(53 out of 104)" in window.commentary.editor.toPlainText()
    assert "draft" in window.commentary.hint.text().lower()
    assert window.counts.text() == "6 exceptions · 1 still without commentary"  # the draft is not commentary
    window.select_ref("1")
    assert not window.commentary.editor.isEnabled()
    assert window.commentary.hint.text().startswith("Indicator 1 (Green) needs no commentary")


def test_typing_is_autosaved_counted_and_restored_in_a_new_window(qtbot, make_window, sample_copy: Path) -> None:
    window = make_window()
    open_and_wait(qtbot, window, sample_copy)
    window.select_ref("35.1")
    editor = window.commentary.editor
    editor.setFocus()
    editor.moveCursor(editor.textCursor().MoveOperation.End)
    qtbot.keyClicks(editor, TYPED)
    assert window.counts.text() == "6 exceptions · all have commentary"
    assert window.model.data(window.model.index(window.model.row_of("35.1"), 8)) == "Written"
    # Autosaved within seconds of typing, without closing anything.
    qtbot.waitUntil(lambda: _saved(sample_copy).get("35.1", "").endswith(TYPED), timeout=5000)
    assert set(_saved(sample_copy)) == {"35.1"}  # the workbook's own commentary is not copied into the file
    assert "Saved at" in window.commentary.status.text()

    again = make_window()
    open_and_wait(qtbot, again, sample_copy)
    again.select_ref("35.1")
    assert again.commentary.editor.toPlainText().endswith(TYPED)
    assert again.counts.text() == "6 exceptions · all have commentary"


def test_undo_and_redo_in_the_commentary(qtbot, make_window, sample_copy: Path) -> None:
    window = make_window()
    open_and_wait(qtbot, window, sample_copy)
    window.select_ref("29")
    editor = window.commentary.editor
    before = editor.toPlainText()
    editor.setFocus()
    editor.moveCursor(editor.textCursor().MoveOperation.End)
    qtbot.keyClicks(editor, " More")
    assert editor.toPlainText() == before + " More"
    qtbot.keySequence(editor, QKeySequence.StandardKey.Undo)
    assert editor.toPlainText() == before
    window.redo_action.trigger()  # Edit ▸ Redo, from the menu
    assert editor.toPlainText() == before + " More"
    window.select_ref("25")
    window.select_ref("29")  # each indicator keeps its own undo history
    window.undo_action.trigger()
    assert editor.toPlainText() == before


def test_clearing_commentary_counts_it_as_missing_and_saves_the_empty_text(
    qtbot, make_window, sample_copy: Path
) -> None:
    window = make_window()
    open_and_wait(qtbot, window, sample_copy)
    window.select_ref("25")
    window.commentary.editor.selectAll()
    qtbot.keyClick(window.commentary.editor, Qt.Key.Key_Delete)
    assert window.counts.text() == "6 exceptions · 2 still without commentary"
    window.commentary.save_now()
    assert _saved(sample_copy) == {"25": ""}  # so the workbook's old text does not come back on reopening


def test_commentary_is_saved_when_the_window_closes_before_the_autosave(
    qtbot, make_window, sample_copy: Path
) -> None:
    window = make_window(autosave_ms=60_000)
    open_and_wait(qtbot, window, sample_copy)
    window.select_ref("29")
    qtbot.keyClicks(window.commentary.editor, "Closing now. ")
    assert not commentary_path(sample_copy).exists()
    window.close()
    assert _saved(sample_copy)["29"].startswith("Closing now. ")


def test_commentary_is_never_lost_to_a_crash(qtbot, make_window, dialogs, sample_copy: Path, user_folders) -> None:
    reporter = Reporter()
    window = make_window(autosave_ms=60_000, reporter=reporter)
    open_and_wait(qtbot, window, sample_copy)
    window.select_ref("29")
    qtbot.keyClicks(window.commentary.editor, "Typed just before the crash. ")
    try:
        raise ZeroDivisionError("a bug")
    except ZeroDivisionError as exc:
        reporter._hook(type(exc), exc, exc.__traceback__)  # what sys.excepthook calls
    assert _saved(sample_copy)["29"].startswith("Typed just before the crash. ")
    crash = dialogs.take(CrashDialog)
    assert "ZeroDivisionError: a bug" in crash.report and "Scrutiny Desktop 0." in crash.report


def test_f8_goes_to_the_next_exception_still_without_commentary(qtbot, make_window, sample_copy: Path) -> None:
    window = make_window()
    open_and_wait(qtbot, window, sample_copy)
    window.select_ref("1")
    window.next_action.trigger()
    assert window.detail.item.ref == "35.1" and window.commentary.editor.hasFocus()
    qtbot.keyClicks(window.commentary.editor, "Written. ")
    window.next_action.trigger()
    assert "Every exception has commentary" in window.statusBar().currentMessage()
