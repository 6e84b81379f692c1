"""Shared test set-up: no display needed, and workbooks built in code."""

from __future__ import annotations

import os

# Qt aborts the whole pytest process without a display unless told to draw offscreen.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import shutil
from pathlib import Path

import pytest

from tests.helpers import SAMPLE, needs_libreoffice


@pytest.fixture
def sample_copy(tmp_path: Path) -> Path:
    """The bundled sample workbook, copied so a test can never touch the committed file."""
    target = tmp_path / SAMPLE.name
    shutil.copyfile(SAMPLE, target)
    return target


@pytest.fixture
def libreoffice() -> None:
    needs_libreoffice()


@pytest.fixture(autouse=True)
def _own_history(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test keeps its history in a file of its own: never the user's data folder, never another test's."""
    path = tmp_path_factory.mktemp("history") / "history.sqlite3"
    monkeypatch.setenv("SCRUTINY_HISTORY", str(path))
    return path
