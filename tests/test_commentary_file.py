"""The commentary file the window autosaves: beside the workbook, else the user's data folder; atomic."""

import json
import os
from pathlib import Path

import pytest

from scrutiny_desktop import files, pipeline
from scrutiny_desktop.pipeline import (
    commentary_path,
    fallback_commentary_path,
    load_review,
    load_saved_commentary,
    read_commentary,
    save_commentary,
)


@pytest.fixture(autouse=True)
def data_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "data"
    monkeypatch.setattr(pipeline, "user_data_dir", lambda: folder)
    return folder


def test_saved_beside_the_workbook_in_the_format_the_command_line_reads(sample_copy: Path) -> None:
    written = save_commentary(sample_copy, {"29": "Caseloads rose.", "25": "Placements — “stable”.", "5": ""})
    assert written == sample_copy.with_name("sample-scrutiny-dataset.commentary.json")
    assert list(json.loads(written.read_text(encoding="utf-8"))) == ["5", "25", "29"]  # ref order
    assert read_commentary(written) == {"5": "", "25": "Placements — “stable”.", "29": "Caseloads rose."}
    restored = load_saved_commentary(sample_copy)
    assert restored.path == written and restored.texts["29"] == "Caseloads rose." and not restored.problems
    review = load_review(sample_copy, commentary=restored.texts)
    assert review.item("29").commentary == "Caseloads rose."  # type: ignore[union-attr]
    assert [i.ref for i in review.missing_commentary] == ["5", "35.1"]  # "" clears the workbook's own text


def test_a_folder_that_cannot_be_written_sends_it_to_the_data_folder(
    sample_copy: Path, data_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = files.atomic_write

    def refuse_beside(path: Path, write):  # type: ignore[no-untyped-def]
        if path.parent == sample_copy.parent:
            raise PermissionError(13, "Permission denied", str(path))
        return real(path, write)

    monkeypatch.setattr(pipeline, "atomic_write", refuse_beside)
    written = save_commentary(sample_copy, {"25": "text"})
    assert written == fallback_commentary_path(sample_copy)
    assert data_folder in written.parents and written.name == "sample-scrutiny-dataset.commentary.json"
    assert not commentary_path(sample_copy).exists()
    assert load_saved_commentary(sample_copy).texts == {"25": "text"}


def test_the_newer_of_two_files_wins(sample_copy: Path) -> None:
    beside, fallback = commentary_path(sample_copy), fallback_commentary_path(sample_copy)
    beside.write_text('{"25": "old"}', encoding="utf-8")
    fallback.parent.mkdir(parents=True)
    fallback.write_text('{"25": "new"}', encoding="utf-8")
    os.utime(beside, (1_000_000, 1_000_000))
    assert load_saved_commentary(sample_copy).texts == {"25": "new"}


def test_an_unreadable_file_is_kept_aside_and_reported_not_overwritten(sample_copy: Path) -> None:
    beside = commentary_path(sample_copy)
    beside.write_text('{"25": "half a sentence', encoding="utf-8")
    restored = load_saved_commentary(sample_copy)
    assert restored.texts == {} and [p.code for p in restored.problems] == ["commentary-unreadable"]
    kept = beside.with_name(beside.name + ".unreadable")
    assert kept.read_text(encoding="utf-8") == '{"25": "half a sentence'
    save_commentary(sample_copy, {"25": "fresh"})
    assert kept.exists() and read_commentary(beside) == {"25": "fresh"}


def test_a_failed_write_leaves_the_previous_file_whole(sample_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    save_commentary(sample_copy, {"25": "first"})

    def crash_mid_write(temp: Path) -> None:
        temp.write_text('{"25": "sec', encoding="utf-8")
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        files.atomic_write(commentary_path(sample_copy), crash_mid_write)
    assert read_commentary(commentary_path(sample_copy)) == {"25": "first"}
    assert [p.name for p in sample_copy.parent.iterdir() if p.name.endswith(".part")] == []


def test_nothing_saved_means_nothing_restored(sample_copy: Path) -> None:
    restored = load_saved_commentary(sample_copy)
    assert restored.texts == {} and restored.path is None and restored.problems == ()
