"""Writing output files safely: atomically, and never over an existing file unless asked."""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
from collections.abc import Callable, Sequence
from pathlib import Path

from scrutiny_desktop.domain.problems import UnusableWorkbook, error


def refuse_existing(paths: list[Path], force: bool) -> None:
    """Raise `UnusableWorkbook` naming every output that exists, unless `force`."""
    if force:
        return
    existing = [p for p in paths if p.exists()]
    if existing:
        names = ", ".join(str(p) for p in existing)
        raise UnusableWorkbook([error(
            "output-exists",
            f"{names} already exist(s). Choose another folder, or overwrite with --force.",
        )])


def file_stamp(path: Path) -> tuple[int, int, int] | None:
    """What tells one version of a file from the next (inode, size, modified time); None when there is no file.

    `atomic_write` puts every file in place as a new inode, so a changed stamp means it was written again.
    """
    try:
        stat = path.stat()
    except OSError:
        return None
    return (stat.st_ino, stat.st_size, stat.st_mtime_ns)


def atomic_write(path: Path, write: Callable[[Path], None]) -> Path:
    """Call `write(temp_path)` on a temporary file beside `path`, then rename it into place.

    A failure or interruption leaves no partial file: the temporary file is removed and any
    existing `path` is untouched until the final rename, which is atomic on one file system.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = _new_temp_file(path)
    try:
        write(temp)
        with temp.open("rb") as fh:
            os.fsync(fh.fileno())
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    return path


def _new_temp_file(path: Path) -> Path:
    """An empty, new file beside `path`, with the permissions the user's umask gives any new file.

    (`tempfile.mkstemp` makes it readable by its owner only, and the rename would keep that.)
    """
    while True:
        temp = path.parent / f".{path.stem}-{secrets.token_hex(6)}{path.suffix}.part"
        try:
            os.close(os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
        except FileExistsError:
            continue
        return temp


def atomic_write_all(writes: Sequence[tuple[Path, Callable[[Path], None]]]) -> list[Path]:
    """Write several files that belong together (the two appendices): all of them, or none.

    Each `write(temp)` runs on a temporary file beside its path; if any raises, every temporary file
    is removed and no earlier file has been touched. Only then is each earlier file moved aside (a
    file held open, as Excel holds one on Windows, refuses this before anything has changed), the new
    files renamed into place, and the earlier ones deleted. A rename that fails puts every earlier
    file back, so the folder never holds one new file beside one old one.
    """
    for path, _ in writes:
        if path.is_dir():
            raise IsADirectoryError(errno.EISDIR, "a folder has that name", str(path))
    temps: list[Path] = []
    try:
        for path, write in writes:
            path.parent.mkdir(parents=True, exist_ok=True)
            temp = _new_temp_file(path)
            temps.append(temp)
            write(temp)
            with temp.open("rb") as fh:
                os.fsync(fh.fileno())
        _swap_in([path for path, _ in writes], temps)
    except BaseException:
        for temp in temps:
            temp.unlink(missing_ok=True)
        raise
    return [path for path, _ in writes]


def _swap_in(paths: list[Path], temps: list[Path]) -> None:
    earlier: dict[Path, Path] = {}  # each path that had a file, to where that file was moved aside
    placed: list[Path] = []
    try:
        for path in paths:
            if path.exists():
                aside = path.parent / f".{path.stem}-{secrets.token_hex(6)}{path.suffix}.earlier"
                os.replace(path, aside)
                earlier[path] = aside
        for path, temp in zip(paths, temps, strict=True):
            os.replace(temp, path)
            placed.append(path)
    except BaseException:
        for path in placed:
            path.unlink(missing_ok=True)
        for path, aside in earlier.items():
            os.replace(aside, path)
        raise
    for aside in earlier.values():
        with contextlib.suppress(OSError):  # a leftover hidden copy is no reason to fail a finished export
            aside.unlink()
