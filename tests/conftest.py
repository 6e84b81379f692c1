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
