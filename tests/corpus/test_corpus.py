"""Every real file of the corpus gets a clean answer from `scrutiny check` and `scrutiny audit`.

Clean: an exit code the command documents (never 3, never a signal), JSON alone on stdout with
--json, no traceback. Each run is a forked process with a wall-clock alarm and an address-space
limit (`tests/corpus/runner.py`); the timings themselves go to `make bench`, not here.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import ROOT

CORPUS = Path(__file__).with_name("files")
SOURCES = Path(__file__).with_name("SOURCES.md")
# Generous guards, far above what any file takes (the slowest takes about a second): they stop a hang
# or a runaway allocation from taking the suite with it, and name the file.
RUN_TIMEOUT_S = 30
RUN_MEMORY_MB = 1536
WHOLE_TIMEOUT_S = 900


def corpus_files() -> list[Path]:
    return sorted(p for p in CORPUS.rglob("*") if p.is_file())


def test_every_corpus_file_has_its_origin_and_licence_recorded() -> None:
    listed = set(re.findall(r"^\| ([^|]+?) \| [^|]+ \| [^|]+ \| [^|]+ \| [^|]* \|$",
                            SOURCES.read_text(encoding="utf-8"), re.M)) - {"File (under files/)"}
    present = {p.relative_to(CORPUS).as_posix() for p in corpus_files()}
    assert present, "the corpus is empty"
    assert present == listed


@pytest.mark.slow
def test_every_corpus_file_gets_a_clean_answer(tmp_path: Path) -> None:
    answers = tmp_path / "answers.json"
    done = subprocess.run(
        [sys.executable, "-m", "tests.corpus.runner", str(CORPUS), "--jobs", "2", "--timeout", str(RUN_TIMEOUT_S),
         "--memory-mb", str(RUN_MEMORY_MB), "--json", str(answers)],
        cwd=ROOT, capture_output=True, text=True, timeout=WHOLE_TIMEOUT_S,
    )
    assert done.returncode == 0, done.stdout[-6000:] + done.stderr[-3000:]
    runs = json.loads(answers.read_text(encoding="utf-8"))
    assert len(runs) == 2 * len(corpus_files())
    # The answers say what a file is: a binary workbook or an OpenDocument file is named as one
    # (unless it is empty or encrypted), never "a zip file but not an Excel workbook".
    named = {".xlsb": "Excel Binary Workbook (.xlsb)", ".ods": "OpenDocument (.ods)"}
    for run in runs:
        suffix = Path(run["file"]).suffix.lower()
        if run["command"] == "check" and suffix in named and "empty" not in run["problem"]:
            assert run["exit"] == 2, run
            assert named[suffix] in run["problem"] or run["problem"].startswith("encrypted-workbook"), run
