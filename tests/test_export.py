"""`scrutiny export` and `scrutiny demo --out` per the spec's command-line contract."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from openpyxl import load_workbook

from scrutiny_desktop.cli import main
from tests.helpers import SAMPLE, heading_row, run_cli, table


def test_export_writes_both_appendices_and_says_what_still_needs_commentary(tmp_path: Path) -> None:
    result = run_cli("export", str(SAMPLE), "--out", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    full = tmp_path / "out" / "appendix-one-2019-10-part2-confidential.xlsx"
    public = tmp_path / "out" / "appendix-one-2019-10-part1-public.xlsx"
    assert sorted((tmp_path / "out").iterdir()) == [public, full]
    assert f"Written: {full}  (Part 2" in result.stdout and f"Written: {public}  (Part 1" in result.stdout
    assert "Still without commentary: 35.1" in result.stdout
    assert f"Audited {public.name}: no hidden data" in result.stdout
    # The disclosure warnings reach the officer: months that differ by a few children.
    assert "differencing-risk" in result.stdout and "Indicator 25: comparing months" in result.stdout


def test_export_json_has_the_contracted_shape(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", str(SAMPLE), "--out", str(tmp_path), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    problems = report.pop("problems")
    assert report == {"full": str(tmp_path / "appendix-one-2019-10-part2-confidential.xlsx"),
                      "public": str(tmp_path / "appendix-one-2019-10-part1-public.xlsx"),
                      "missing_commentary": ["35.1"], "carried_forward": [], "findings": []}
    assert {(p["code"], p["ref"]) for p in problems} == {
        ("differencing-risk", "16"), ("differencing-risk", "20"), ("differencing-risk", "25"),
        ("related-indicators-differ", "35.1")}
    assert all(p["severity"] == "warning" for p in problems)


def test_export_refuses_to_overwrite_without_force(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", str(SAMPLE), "--out", str(tmp_path)]) == 0
    capsys.readouterr()
    # The public file alone is reason enough to refuse.
    (tmp_path / "appendix-one-2019-10-part2-confidential.xlsx").unlink()
    assert main(["export", str(SAMPLE), "--out", str(tmp_path), "--json"]) == 2
    captured = capsys.readouterr()
    assert "output-exists" in captured.err and "--force" in captured.err
    assert "appendix-one-2019-10-part1-public.xlsx" in captured.err
    assert not (tmp_path / "appendix-one-2019-10-part2-confidential.xlsx").exists()
    assert [p["code"] for p in json.loads(captured.out)["problems"]] == ["output-exists"]
    assert main(["export", str(SAMPLE), "--out", str(tmp_path), "--force"]) == 0


def test_commentary_file_overrides_the_workbooks_own(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    notes = tmp_path / "sample.commentary.json"
    notes.write_text(json.dumps({"35.1": "Weekly data reports now go to managers.",
                                 "25": "Family finding is under way."}), encoding="utf-8")
    out = tmp_path / "out"
    assert main(["export", str(SAMPLE), "--out", str(out), "--commentary", str(notes), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["missing_commentary"] == []
    rows = table(load_workbook(out / "appendix-one-2019-10-part2-confidential.xlsx")["Exceptions"])
    assert rows["35.1"]["Management commentary"].value == "Weekly data reports now go to managers."
    assert rows["25"]["Management commentary"].value == "Family finding is under way."
    assert rows["29"]["Management commentary"].value.startswith("The average caseload")  # kept from the workbook


def test_an_earlier_period_names_the_file_by_that_period(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", str(SAMPLE), "--out", str(tmp_path), "--period", "2019-07", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["full"].endswith("appendix-one-2019-07-part2-confidential.xlsx")
    ws = load_workbook(tmp_path / "appendix-one-2019-07-part2-confidential.xlsx")["Appendix One"]
    assert table(ws)["25"]["Current outturn"].value == "56% (50 of 89)"
    assert "Aug 2019" not in [c.value for c in ws[heading_row(ws)]]


def _bad_inputs(tmp: Path) -> dict[str, list[str]]:
    junk = tmp / "junk.xlsx"
    junk.write_text("Ref,Indicator\n1,A\n")
    bad_notes = tmp / "notes.json"
    bad_notes.write_text("{not json")
    a_file = tmp / "a-file"
    a_file.write_text("")
    out = str(tmp / "out")
    return {
        "not-a-workbook": ["export", str(junk), "--out", out],
        "file-not-found": ["export", str(tmp / "missing.xlsx"), "--out", out],
        "commentary-unreadable": ["export", str(SAMPLE), "--out", out, "--commentary", str(bad_notes)],
        "period-not-in-workbook": ["export", str(SAMPLE), "--out", out, "--period", "2021-01"],
        "output-unwritable": ["export", str(SAMPLE), "--out", str(a_file)],
    }


def test_bad_input_exits_2_with_reasons_and_no_traceback(tmp_path: Path) -> None:
    for code, args in _bad_inputs(tmp_path).items():
        result = run_cli(*args)
        assert result.returncode == 2, (code, result.stderr)
        assert code in result.stderr, (code, result.stderr)
        assert "Traceback" not in result.stderr + result.stdout
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").iterdir())


def test_the_source_workbook_is_byte_identical_after_export(sample_copy: Path, tmp_path: Path) -> None:
    before = sample_copy.read_bytes()
    stamp = os.stat(sample_copy).st_mtime_ns
    result = run_cli("export", str(sample_copy), "--out", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    assert sample_copy.read_bytes() == before
    assert os.stat(sample_copy).st_mtime_ns == stamp
    assert sorted(p.name for p in sample_copy.parent.iterdir()) == sorted([sample_copy.name, "out"])


def test_demo_writes_the_appendix_of_the_sample_and_rewrites_it_next_time(tmp_path: Path) -> None:
    for _ in range(2):
        result = run_cli("demo", "--out", str(tmp_path / "out"))
        assert result.returncode == 0, result.stderr
        assert str(tmp_path / "out" / "appendix-one-2019-10-part2-confidential.xlsx") in result.stdout
        assert str(tmp_path / "out" / "appendix-one-2019-10-part1-public.xlsx") in result.stdout
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "appendix-one-2019-10-part1-public.xlsx", "appendix-one-2019-10-part2-confidential.xlsx",
        "report-2019-10-part1-public.docx", "report-2019-10-part2-confidential.docx"]
