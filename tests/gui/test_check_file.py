"""File ▸ Check a file before publishing: the window's `scrutiny audit`, which knows the Part 2 file."""

from __future__ import annotations

from pathlib import Path

import pytest

from scrutiny_desktop.gui.errors import FileCheckDialog, RefusalDialog
from scrutiny_desktop.pipeline import export_appendices, export_report, load_review
from tests.gui.conftest import wait_until_read
from tests.helpers import SAMPLE


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("outputs")
    review = load_review(SAMPLE)
    appendices, drafts = export_appendices(review, out), export_report(review, out)
    assert appendices.public is not None
    return {"full": appendices.full, "public": appendices.public, "part2": drafts.part2, "part1": drafts.part1}


def check(qtbot, make_window, dialogs, path: Path) -> FileCheckDialog:
    window = make_window()
    assert window.check_action.isEnabled()  # no workbook need be open
    dialogs.open_file = str(path)
    window.check_action.trigger()
    wait_until_read(qtbot, window)
    return dialogs.take(FileCheckDialog)


@pytest.mark.parametrize("kind", ["full", "part2"])
def test_the_part_2_file_is_a_finding_in_the_window(qtbot, make_window, dialogs, outputs: dict[str, Path],
                                                    kind: str) -> None:
    checked = check(qtbot, make_window, dialogs, outputs[kind])
    assert [f.code for f in checked.findings] == ["confidential-file"]
    assert f"Do not publish {outputs[kind].name}" in checked.heading.text()
    assert "publish the Part 1 file" in checked.list.toPlainText()


@pytest.mark.parametrize("kind", ["public", "part1"])
def test_the_part_1_file_is_clean_in_the_window(qtbot, make_window, dialogs, outputs: dict[str, Path],
                                                kind: str) -> None:
    checked = check(qtbot, make_window, dialogs, outputs[kind])
    assert checked.findings == ()
    assert "is clean" in checked.heading.text()


def test_a_file_that_is_no_office_file_is_a_refusal(qtbot, make_window, dialogs, tmp_path: Path) -> None:
    path = tmp_path / "notes.xlsx"
    path.write_text("not a workbook", encoding="utf-8")
    window = make_window()
    dialogs.open_file = str(path)
    window.check_action.trigger()
    wait_until_read(qtbot, window)
    assert dialogs.take(RefusalDialog).windowTitle() == "Cannot check notes.xlsx"
