"""`scrutiny audit` per the spec's command-line contract: 0 clean, 1 with every finding, 2 unusable."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import Workbook

from scrutiny_desktop.cli import main
from tests.helpers import SAMPLE, run_cli
from tests.public_files import part_text, planted, sample_public


@pytest.fixture(scope="module")
def clean_public(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return sample_public(tmp_path_factory.mktemp("out"))


@pytest.fixture
def leaky_public(tmp_path: Path, clean_public: Path) -> Path:
    def plant(wb: Workbook) -> None:
        hidden = wb.create_sheet("Part 2")
        hidden.append(["23", "40% (2 of 5)"])
        hidden.sheet_state = "hidden"
        wb.properties.creator = "Jane Smith"

    return planted(clean_public, tmp_path / "leaky.xlsx", plant)


def test_a_clean_file_exits_0_and_says_so(clean_public: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert "[c]" in part_text(clean_public, "xl/worksheets/sheet1.xml")
    assert main(["audit", str(clean_public), "--source", str(SAMPLE)]) == 0
    out = capsys.readouterr().out
    assert "clean" in out and SAMPLE.name in out


def test_without_a_source_it_says_what_was_not_searched(clean_public: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["audit", str(clean_public)]) == 0
    assert "--source" in capsys.readouterr().out


def test_a_leak_exits_1_with_every_finding(leaky_public: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert "Jane Smith" in part_text(leaky_public, "docProps/core.xml")
    assert main(["audit", str(leaky_public), "--source", str(SAMPLE)]) == 1
    out = capsys.readouterr().out
    assert "Do not publish" in out
    for expected in ("xl/workbook.xml  Part 2  hidden-sheet", "docProps/core.xml  creator  personal-data",
                     "xl/worksheets/sheet4.xml  'Part 2'!B1  withheld-figure"):
        assert expected in out, out


def test_json_lists_the_findings(leaky_public: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["audit", str(leaky_public), "--source", str(SAMPLE), "--json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["clean"] is False and report["source"] == str(SAMPLE)
    codes = {(f["part"], f["code"], f["ref"]) for f in report["findings"]}
    assert ("xl/worksheets/sheet4.xml", "withheld-figure", "23") in codes
    assert all(set(f) == {"part", "where", "code", "message", "ref"} for f in report["findings"])


def test_the_organisation_can_be_named(clean_public: Path) -> None:
    assert main(["audit", str(clean_public), "--organisation", "London Borough of Bromley"]) == 1


@pytest.mark.parametrize("content", [b"", b"Ref,Indicator\n1,A\n", b"PK\x03\x04 not really a zip"])
def test_unusable_input_exits_2_with_reasons_and_no_traceback(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "public.xlsx"
    path.write_bytes(content)
    result = run_cli("audit", str(path))
    assert result.returncode == 2
    assert "not-a-workbook" in result.stderr and "Traceback" not in result.stderr


def test_a_missing_file_or_source_exits_2(tmp_path: Path, clean_public: Path) -> None:
    missing = run_cli("audit", str(tmp_path / "nowhere.xlsx"), "--json")
    assert missing.returncode == 2 and "file-not-found" in missing.stderr and "Traceback" not in missing.stderr
    assert json.loads(missing.stdout)["usable"] is False
    bad_source = tmp_path / "source.xlsx"
    bad_source.write_text("not a workbook")
    result = run_cli("audit", str(clean_public), "--source", str(bad_source))
    assert result.returncode == 2 and "source.xlsx" in result.stderr and "Traceback" not in result.stderr
