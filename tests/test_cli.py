"""`scrutiny check` and `scrutiny demo` exactly per the spec's command-line contract."""

import json
import os
import time
from pathlib import Path

import pytest

from scrutiny_desktop.cli import main
from tests.helpers import SAMPLE, run_cli
from tests.workbooks import table


def test_check_prints_a_readable_table_then_the_problems_with_their_cells(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(SAMPLE)]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    row25 = next(line for line in lines if line.startswith("25 "))
    assert "55% (50 of 91)" in row25 and "Red" in row25 and "↓ worsening" in row25
    row29 = next(line for line in lines if line.startswith("29 "))
    assert "16.8" in row29 and "12–15" in row29 and "Amber" in row29 and "↑ worsening" in row29
    assert "Dataset!F18" in out and "unreadable-target" in out
    assert "6 exception(s) need commentary (5, 22, 23, 25, 29, 35.1)" in out


def test_check_json_has_the_contracted_shape(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(SAMPLE), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert set(report) >= {"workbook", "sheet", "period", "indicators", "problems"}
    assert report["sheet"] == "Dataset" and report["period"] == "2019-10"
    refs = [i["ref"] for i in report["indicators"]]
    assert refs[:3] == ["1", "2", "3"] and refs.index("35.1") < refs.index("35.2") < refs.index("36")
    first = report["indicators"][0]
    for key in ("ref", "title", "section", "polarity", "unit", "value", "numerator", "denominator", "target", "rag",
                "direction", "needs_commentary", "sensitive"):
        assert key in first, key
    assert set(first["direction"]) == {"vs_previous", "vs_last_year"}
    by_ref = {i["ref"]: i for i in report["indicators"]}
    assert by_ref["25"]["value"] == pytest.approx(100 * 50 / 91)
    assert (by_ref["25"]["numerator"], by_ref["25"]["denominator"]) == (50, 91)
    assert by_ref["25"]["rag"] == "red" and by_ref["25"]["needs_commentary"] is True
    assert by_ref["29"]["polarity"] == "range" and by_ref["29"]["rag"] == "amber"
    assert by_ref["5"]["sensitive"] is True and by_ref["1"]["sensitive"] is False
    assert by_ref["12"]["rag"] == "none"
    for problem in report["problems"]:
        assert set(problem) >= {"severity", "code", "sheet", "cell", "message"}


def test_check_for_an_earlier_period(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(SAMPLE), "--period", "2019-07", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["period"] == "2019-07"
    by_ref = {i["ref"]: i for i in report["indicators"]}
    assert by_ref["25"]["numerator"] == 50 and by_ref["25"]["denominator"] == 89


def test_a_period_the_workbook_does_not_have(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(SAMPLE), "--period", "2021-01"]) == 2
    assert "period-not-in-workbook" in capsys.readouterr().err


def test_a_malformed_period_is_usage_error_code_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["check", str(SAMPLE), "--period", "October"])
    assert exited.value.code == 2
    assert "YYYY-MM" in capsys.readouterr().err


def _refusing_files(tmp: Path) -> dict[str, Path]:
    files = {}
    empty = tmp / "empty.xlsx"
    empty.write_bytes(b"")
    files["not-a-workbook"] = empty
    csv = tmp / "renamed.xlsx"
    csv.write_text("Ref,Indicator\n1,A\n")
    files["not-a-workbook-csv"] = csv
    files["no-header-row"] = table(tmp / "noheader.xlsx", ["Code", "Name"], ["1", "A"])
    files["duplicate-ref"] = table(tmp / "dup.xlsx", ["Ref", "Indicator", "Oct-19"], ["1", "A", 1], ["1", "B", 2])
    files["file-not-found"] = tmp / "missing.xlsx"
    return files


def test_every_refusal_exits_2_with_reasons_and_no_traceback(tmp_path: Path) -> None:
    for expected, path in _refusing_files(tmp_path).items():
        started = time.monotonic()
        result = run_cli("check", str(path))
        assert result.returncode == 2, (expected, result.stderr)
        assert expected.removesuffix("-csv") in result.stderr
        assert "Traceback" not in result.stderr + result.stdout
        assert time.monotonic() - started < 60  # a hang guard, not a timing test (see make bench)


def test_refusal_with_json_puts_the_reasons_in_the_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = table(tmp_path / "dup.xlsx", ["Ref", "Indicator", "Oct-19"], ["1", "A", 1], ["1", "B", 2])
    assert main(["check", str(path), "--json"]) == 2
    captured = capsys.readouterr()
    report = json.loads(captured.out)
    assert report["usable"] is False
    assert [(p["code"], p["cell"]) for p in report["problems"]] == [("duplicate-ref", "A3")]
    assert "duplicate-ref" in captured.err


def test_the_source_workbook_is_never_modified(sample_copy: Path) -> None:
    before = sample_copy.read_bytes()
    stamp = os.stat(sample_copy).st_mtime_ns
    assert run_cli("check", str(sample_copy), "--json").returncode == 0
    assert sample_copy.read_bytes() == before
    assert os.stat(sample_copy).st_mtime_ns == stamp
    assert sorted(p.name for p in sample_copy.parent.iterdir()) == [sample_copy.name]  # no lock or temp files


def test_reading_leaves_no_file_handle_open(sample_copy: Path) -> None:
    from scrutiny_desktop.pipeline import load_review

    load_review(sample_copy)
    fd_dir = Path("/proc/self/fd")
    if not fd_dir.exists():
        pytest.skip("no /proc on this system")
    open_files = {os.path.realpath(fd_dir / fd) for fd in os.listdir(fd_dir)}
    assert str(sample_copy.resolve()) not in open_files


def test_demo_prints_the_review_of_the_sample(tmp_path: Path) -> None:
    result = run_cli("demo", "--out", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    assert "55% (50 of 91)" in result.stdout and "Sample workbook:" in result.stdout


def test_a_bug_is_exit_code_3_not_1(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    import scrutiny_desktop.pipeline as pipeline

    def broken(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("simulated bug")

    monkeypatch.setattr(pipeline, "load_review", broken)
    assert main(["check", str(SAMPLE)]) == 3
    assert "internal error" in capsys.readouterr().err
