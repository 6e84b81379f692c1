"""Opening a workbook: by path, File ▸ Open, drag and drop, File ▸ Open recent; refusals keep the old one."""

from pathlib import Path

from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent

from scrutiny_desktop.gui.errors import RefusalDialog
from scrutiny_desktop.gui.window import start_with
from tests.gui.conftest import open_and_wait, wait_until_read
from tests.workbooks import table


def test_open_by_path_reads_off_the_gui_thread_and_shows_the_review(qtbot, make_window, sample_copy: Path) -> None:
    window = make_window()
    assert window.review is None and window.pages.currentIndex() == 0  # the welcome page
    progress: list[tuple[str, float]] = []
    window.tasks.progressed.connect(lambda message, fraction: progress.append((message, fraction)))
    with qtbot.waitSignal(window.tasks.busy_changed):
        start_with(window, sample_copy)  # how a path on the command line arrives
    assert window.tasks.busy and window.progress.isVisibleTo(window)
    wait_until_read(qtbot, window)
    assert window.review is not None and len(window.review.items) == 40
    assert window.pages.currentIndex() == 1 and not window.progress.isVisibleTo(window)
    assert progress and progress[-1][1] == 1.0  # the pipeline's own progress reached the window
    assert "October 2019" in window.windowTitle() and sample_copy.name in window.windowTitle()
    assert window.detail.item is not None and window.detail.item.ref == "5"  # the first exception
    assert window.counts.text() == "6 exceptions · 1 still without commentary"
    assert window.problems_model.rowCount() == 3


def test_file_open_asks_for_a_file(qtbot, make_window, dialogs, sample_copy: Path) -> None:
    window = make_window()
    dialogs.open_file = str(sample_copy)
    window.open_action.trigger()
    wait_until_read(qtbot, window)
    assert window.workbook == sample_copy


def test_cancelling_file_open_changes_nothing(qtbot, make_window, dialogs) -> None:
    window = make_window()
    dialogs.open_file = ""
    window.open_action.trigger()
    assert not window.tasks.busy and window.review is None


def _drop(window, path: Path) -> tuple[QDragEnterEvent, QDropEvent]:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    actions = Qt.DropAction.CopyAction
    enter = QDragEnterEvent(QPoint(10, 10), actions, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    window.dragEnterEvent(enter)
    drop = QDropEvent(QPointF(10, 10), actions, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    window.dropEvent(drop)
    return enter, drop


def test_open_by_dropping_the_file_on_the_window(qtbot, make_window, sample_copy: Path) -> None:
    window = make_window()
    enter, drop = _drop(window, sample_copy)
    assert enter.isAccepted() and drop.isAccepted()
    wait_until_read(qtbot, window)
    assert window.workbook == sample_copy and window.review is not None


def test_the_text_boxes_leave_a_dropped_workbook_to_the_window(make_window) -> None:
    window = make_window()
    assert window.acceptDrops()
    assert not window.search.acceptDrops() and not window.commentary.editor.acceptDrops()


def test_a_dropped_file_that_is_not_a_workbook_is_refused_at_the_door(qtbot, make_window, tmp_path: Path) -> None:
    window = make_window()
    notes = tmp_path / "notes.txt"
    notes.write_text("not a workbook", encoding="utf-8")
    enter, drop = _drop(window, notes)
    assert not enter.isAccepted() and not drop.isAccepted()
    assert not window.tasks.busy


def test_open_recent_in_a_new_window(qtbot, make_window, sample_copy: Path, tmp_path: Path) -> None:
    first = make_window()
    open_and_wait(qtbot, first, sample_copy)
    other = table(tmp_path / "other" / "Q3 dataset.xlsx", ["Ref", "Indicator", "Target", "Good is", "Oct-19"],
                  ["1", "Contacts", 10, "High", 12])
    open_and_wait(qtbot, first, other)
    first.close()
    second = make_window()
    labels = [a.text() for a in second.recent_menu.actions()]
    assert labels[0].startswith("&1 Q3 dataset.xlsx") and labels[1].startswith("&2 sample-scrutiny-dataset.xlsx")
    second.recent_menu.actions()[1].trigger()
    wait_until_read(qtbot, second)
    assert second.workbook == sample_copy.resolve() and second.review is not None


def test_a_recent_file_that_has_gone_is_explained_and_forgotten(qtbot, make_window, dialogs, tmp_path: Path) -> None:
    gone = table(tmp_path / "gone.xlsx", ["Ref", "Indicator"], ["1", "Contacts"])
    window = make_window()
    window.store.add_recent(gone)
    gone.unlink()
    window._refresh_recent_menu()
    window.recent_menu.actions()[0].trigger()
    refusal = dialogs.take(RefusalDialog)
    assert [p.code for p in refusal.problems] == ["file-not-found"]
    assert window.store.recent_files() == [] and not window.tasks.busy


def test_an_unusable_file_lists_every_reason_and_keeps_the_open_workbook(
    qtbot, make_window, dialogs, sample_copy: Path, tmp_path: Path
) -> None:
    window = make_window()
    open_and_wait(qtbot, window, sample_copy)
    window.select_ref("29")
    broken = table(tmp_path / "broken.xlsx", ["Ref", "Indicator", "Target", "Good is", "Oct-19"],
                   ["7", "Contacts", 10, "High", 12], ["7", "Referrals", 10, "High", 11])
    open_and_wait(qtbot, window, broken)
    refusal = dialogs.take(RefusalDialog)
    assert [(p.code, p.cell) for p in refusal.problems] == [("duplicate-ref", "A3")]
    assert "A2" in refusal.problems[0].message  # both rows named
    assert "Dataset!A3" not in refusal.text() and "A3" in refusal.text()
    assert refusal.windowTitle() == "Cannot use broken.xlsx"
    assert window.workbook == sample_copy and window.review is not None and len(window.review.items) == 40
    assert window.detail.item is not None and window.detail.item.ref == "29"


def test_a_file_that_is_not_a_workbook_at_all(qtbot, make_window, dialogs, tmp_path: Path) -> None:
    window = make_window()
    fake = tmp_path / "export.xlsx"
    fake.write_text("Ref,Indicator\n1,Contacts\n", encoding="utf-8")
    open_and_wait(qtbot, window, fake)
    refusal = dialogs.take(RefusalDialog)
    assert [p.code for p in refusal.problems] == ["not-a-workbook"]
    assert window.review is None and window.pages.currentIndex() == 0


def test_a_second_open_while_reading_is_declined_not_queued(qtbot, make_window, sample_copy: Path) -> None:
    window = make_window()
    assert window.open_workbook(sample_copy)
    assert not window.open_workbook(sample_copy)
    assert not window.open_action.isEnabled()
    wait_until_read(qtbot, window)
    assert window.open_action.isEnabled()
