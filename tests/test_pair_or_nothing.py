"""The two appendices (and the two report drafts) go into place together or not at all.

A file held open (Excel and Word on Windows refuse to let it be replaced or moved), a folder where
a file should be, or a rename that fails half-way: neither earlier file is touched, no temporary
file is left, and the refusal says exactly what the folder holds.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from scrutiny_desktop import files
from scrutiny_desktop.domain.problems import UnusableWorkbook
from scrutiny_desktop.domain.review import Review
from scrutiny_desktop.pipeline import appendix_path, export_appendices, export_report, load_review, report_path
from tests.helpers import SAMPLE

_real_replace = os.replace


@pytest.fixture(scope="module")
def sample() -> Review:
    return load_review(SAMPLE)


def _hold_open(monkeypatch: pytest.MonkeyPatch, held: Path, *, only_into: bool = False) -> None:
    """`held` cannot be replaced or moved (as Windows treats a file open in Excel); or, with `only_into`,
    only the rename of a new file onto it fails (a failure after the other file is already in place)."""

    def replace(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
        new_file = Path(src).name.endswith(".part")  # a temporary file going into place
        if (Path(dst) == held and (new_file or not only_into)) or (not only_into and Path(src) == held):
            raise PermissionError(13, "Permission denied", str(src))
        _real_replace(src, dst)

    monkeypatch.setattr(files.os, "replace", replace)


def _earlier(*paths: Path) -> dict[Path, bytes]:
    for path in paths:
        path.write_bytes(f"last month's {path.name}".encode())
    return {path: path.read_bytes() for path in paths}


Export = Callable[[Review, Path], object]
APPENDICES = (lambda review, out: export_appendices(review, out, force=True),
              lambda out, review: (appendix_path(out, review.period), appendix_path(out, review.period, public=True)))
DRAFTS = (lambda review, out: export_report(review, out, force=True),
          lambda out, review: (report_path(out, review.period, 2), report_path(out, review.period, 1)))


@pytest.mark.parametrize("flow", [APPENDICES, DRAFTS], ids=["appendices", "report drafts"])
@pytest.mark.parametrize("which", [0, 1], ids=["Part 2 held open", "Part 1 held open"])
@pytest.mark.parametrize("only_into", [False, True], ids=["cannot be moved", "cannot be replaced"])
def test_a_file_held_open_leaves_both_earlier_files_untouched(
    sample: Review, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, flow: tuple, which: int, only_into: bool
) -> None:
    export, paths = flow
    part2, part1 = paths(tmp_path, sample)
    before = _earlier(part2, part1)
    _hold_open(monkeypatch, (part2, part1)[which], only_into=only_into)
    with pytest.raises(UnusableWorkbook) as refused:
        export(sample, tmp_path)
    assert {path: path.read_bytes() for path in before} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([part2.name, part1.name])  # no temporary file left
    problem = refused.value.problems[0]
    assert problem.code == "output-unwritable"
    held = (part2, part1)[which]
    assert f"{held} cannot be written (Permission denied), so neither file was written" in problem.message
    assert f"the earlier {part2.name} is unchanged and the earlier {part1.name} is unchanged" in problem.message


@pytest.mark.parametrize("flow", [APPENDICES, DRAFTS], ids=["appendices", "report drafts"])
def test_a_folder_in_the_place_of_part_2_is_refused_before_anything_is_written(
    sample: Review, tmp_path: Path, flow: tuple
) -> None:
    export, paths = flow
    part2, part1 = paths(tmp_path, sample)
    part2.mkdir()
    before = _earlier(part1)
    with pytest.raises(UnusableWorkbook) as refused:
        export(sample, tmp_path)
    assert part1.read_bytes() == before[part1] and part2.is_dir() and not any(part2.iterdir())
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([part2.name, part1.name])
    message = refused.value.problems[0].message
    assert f"{part2.name} is a folder and the earlier {part1.name} is unchanged" in message


def test_an_unwritable_folder_writes_neither_and_says_there_is_none(sample: Review, tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    with pytest.raises(UnusableWorkbook) as refused:
        export_appendices(sample, blocker / "out")
    assert refused.value.problems[0].code == "output-unwritable"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-file"]


def test_files_written_as_a_pair_replace_both_earlier_files(sample: Review, tmp_path: Path) -> None:
    part2, part1 = APPENDICES[1](tmp_path, sample)
    before = _earlier(part2, part1)
    written = export_appendices(sample, tmp_path, force=True)
    assert (written.full, written.public) == (part2, part1)
    assert all(path.read_bytes() != data for path, data in before.items())
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([part2.name, part1.name])  # no copy set aside is left
