"""`scrutiny report`: the two Word drafts, what changed since last time, and the exit codes of the contract."""

from __future__ import annotations

import json
import os
from pathlib import Path

import docx
import pytest

from scrutiny_desktop.cli import main
from scrutiny_desktop.domain.settings import Settings
from scrutiny_desktop.pipeline import UnsafePublicFile, export_report, load_review
from scrutiny_desktop.word.report_look import default_template
from tests.helpers import SAMPLE, run_cli
from tests.word.documents import texts
from tests.workbooks import table

HEADINGS = ["Ref", "Indicator", "Good is", "Target", "Tolerance", "Part 2", "Jul-19", "Aug-19", "Sep-19", "Oct-19"]


def quarter_workbook(path: Path, october: dict[str, object], drop: str = "", add: bool = False) -> Path:
    """A monthly workbook: six indicators, target 70 (amber to 65), their October values as given."""
    rows = [[ref, f"% of children in group {ref}", "High", "70%", 5, "Y" if ref == "6" else "", 80, 80, 80,
             october.get(ref, 80)] for ref in ("1", "2", "3", "4", "5", "6") if ref != drop]
    if add:
        rows.append(["7", "% of children in a new group", "High", "70%", 5, "", None, None, None, 50])
    return table(path, HEADINGS, *rows)


def test_report_writes_both_drafts_and_names_the_changes(tmp_path: Path) -> None:
    result = run_cli("report", str(SAMPLE), "--out", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    part1 = tmp_path / "out" / "report-2019-10-part1-public.docx"
    part2 = tmp_path / "out" / "report-2019-10-part2-confidential.docx"
    assert part1.is_file() and part2.is_file()
    assert f"Written: {part2}  (Part 2, not for publication)" in result.stdout
    assert f"Written: {part1}  (Part 1, public" in result.stdout
    assert "Changed rating since September 2019 (newly Red first):" in result.stdout
    lines = result.stdout.splitlines()
    first = lines.index("Changed rating since September 2019 (newly Red first):")
    assert lines[first + 1].split()[:4] == ["22", "Amber", "to", "Red"] and "(newly Red)" in lines[first + 1]
    assert lines[first + 2].split()[:4] == ["6", "Amber", "to", "Green:"]
    assert "Left to the Part 2 report in Part 1 (sensitive): 5, 22, 23." in result.stdout
    assert "Still without commentary: 35.1" in result.stdout
    assert texts(part1, "Heading 2")[1].startswith("3.5.1 Indicator 25")
    assert "Traceback" not in result.stderr


def test_report_json_has_the_files_the_counts_and_the_changes(tmp_path: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", str(SAMPLE), "--out", str(tmp_path), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["part1"] == str(tmp_path / "report-2019-10-part1-public.docx")
    assert report["part2"] == str(tmp_path / "report-2019-10-part2-confidential.docx")
    assert report["period"] == "2019-10"
    assert report["compared_with"] == {"workbook": None, "period": "2019-09"}
    assert report["counts"] == {"red": 5, "amber": 1, "green": 23, "none": 11, "missing": 0}
    assert [(c["ref"], c["before"], c["after"], c["newly_red"]) for c in report["changed"]] == [
        ("22", "amber", "red", True), ("6", "amber", "green", False)]
    assert report["appeared"] == report["disappeared"] == []
    assert report["withheld_from_part1"] == ["5", "22", "23"]
    assert report["missing_commentary"] == ["35.1"]
    assert report["audit"] == {"clean": True, "findings": [], "warnings": []}
    assert report["problems"] == []


def test_comparing_two_monthly_workbooks_names_exactly_the_indicators_whose_rating_changed(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    last = quarter_workbook(tmp_path / "july.xlsx", {"1": 80, "2": 67, "3": 60, "4": 80, "5": 80, "6": 80})
    now = quarter_workbook(tmp_path / "october.xlsx", {"1": 80, "2": 80, "3": 60, "4": 60, "6": 60}, drop="5",
                           add=True)
    assert main(["report", str(now), "--out", str(tmp_path / "out"), "--previous", str(last), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["compared_with"] == {"workbook": str(last), "period": "2019-10"}
    assert [(c["ref"], c["before"], c["after"]) for c in report["changed"]] == [
        ("4", "green", "red"), ("6", "green", "red"), ("2", "amber", "green")]
    assert [(c["ref"], c["after"]) for c in report["appeared"]] == [("7", "red")]
    assert [(c["ref"], c["before"]) for c in report["disappeared"]] == [("5", "green")]
    part2 = Path(report["part2"])
    changes = texts(part2, "List Bullet")
    assert [line.split(":")[0] for line in changes] == [
        "Indicator 4", "Indicator 6", "Indicator 2", "Indicator 7", "Indicator 5"]
    assert changes[0].endswith("Green to Red (newly Red).")
    assert changes[3].endswith("new in this workbook, rated Red.")
    assert changes[4].endswith("no longer in the workbook (was Green).")


def test_the_report_refuses_to_overwrite_without_force(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", str(SAMPLE), "--out", str(tmp_path)]) == 0
    capsys.readouterr()
    assert main(["report", str(SAMPLE), "--out", str(tmp_path), "--json"]) == 2
    captured = capsys.readouterr()
    assert "output-exists" in captured.err and "--force" in captured.err
    assert [p["code"] for p in json.loads(captured.out)["problems"]] == ["output-exists"]
    assert main(["report", str(SAMPLE), "--out", str(tmp_path), "--force"]) == 0


@pytest.mark.parametrize("bad", ["previous", "workbook", "commentary", "out-is-a-file", "period"])
def test_bad_input_exits_2_with_reasons_and_no_traceback(tmp_path: Path, bad: str) -> None:
    junk = tmp_path / "junk.xlsx"
    junk.write_text("not a workbook", encoding="utf-8")
    args = {"previous": [str(SAMPLE), "--out", str(tmp_path / "out"), "--previous", str(junk)],
            "workbook": [str(junk), "--out", str(tmp_path / "out")],
            "commentary": [str(SAMPLE), "--out", str(tmp_path / "out"), "--commentary", str(junk)],
            "out-is-a-file": [str(SAMPLE), "--out", str(junk)],
            "period": [str(SAMPLE), "--out", str(tmp_path / "out"), "--period", "2018-01"]}[bad]
    result = run_cli("report", *args)
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    if bad == "previous":
        assert "cannot use junk.xlsx" in result.stderr and "not-a-workbook" in result.stderr
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").iterdir())


def hiding_template(path: Path) -> Path:
    """A council template whose body style hides its text: whatever Part 1 says would be unseen."""
    document = docx.Document(str(default_template()))
    document.styles["Normal"].font.hidden = True
    document.save(str(path))
    return path


def test_a_part_1_that_fails_its_audit_is_deleted_and_exits_1(tmp_path: Path) -> None:
    template = hiding_template(tmp_path / "council.docx")
    out = tmp_path / "out"
    out.mkdir()
    (out / "report-2019-10-part1-public.docx").write_bytes(b"last month's part 1")
    result = run_cli("report", str(SAMPLE), "--out", str(out), "--template", str(template), "--force", "--json")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "report-2019-10-part1-public.docx failed its audit and was deleted" in result.stderr
    assert "hidden-text" in result.stderr and "Traceback" not in result.stderr
    report = json.loads(result.stdout)
    assert report["part1"] is None and not report["audit"]["clean"]
    assert {(f["part"], f["where"], f["code"]) for f in report["audit"]["findings"]} == {
        ("word/styles.xml", "Normal", "hidden-text")}
    # No Part 1 (not even last month's, which --force was to replace), no Part 2 without its Part 1,
    # and no temporary file.
    assert "Neither draft was written" in result.stderr
    assert sorted(p.name for p in out.iterdir()) == []


def test_the_source_workbook_is_untouched(sample_copy: Path, tmp_path: Path) -> None:
    before = sample_copy.read_bytes()
    stamp = os.stat(sample_copy).st_mtime_ns
    result = run_cli("report", str(sample_copy), "--out", str(tmp_path / "out"), "--previous", str(sample_copy))
    assert result.returncode == 0, result.stderr
    assert "No indicator changed rating since October 2019." in result.stdout
    assert sample_copy.read_bytes() == before and os.stat(sample_copy).st_mtime_ns == stamp
    assert sorted(p.name for p in sample_copy.parent.iterdir()) == sorted([sample_copy.name, "out"])


def test_an_earlier_period_and_a_missing_template(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", str(SAMPLE), "--out", str(tmp_path), "--period", "2019-09", "--template",
                 str(tmp_path / "no-such.docx"), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["part1"].endswith("report-2019-09-part1-public.docx")
    assert report["compared_with"]["period"] == "2019-08"
    assert [p["code"] for p in report["problems"]] == ["template-unusable"]


def test_the_pipeline_reports_progress_and_the_unsafe_file(tmp_path: Path) -> None:
    sample = load_review(SAMPLE)
    steps: list[tuple[str, float]] = []
    written = export_report(sample, tmp_path, progress=lambda message, fraction: steps.append((message, fraction)))
    fractions = [f for _, f in steps]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0
    assert any("Auditing report-2019-10-part1-public.docx" in m for m, _ in steps)
    assert written.withheld == ("5", "22", "23") and written.missing_commentary == ("35.1",)
    assert written.audit.clean and written.audit.path == written.part1  # not the temporary file it audited
    settings = Settings(report_template=str(hiding_template(tmp_path / "council.docx")))
    with pytest.raises(UnsafePublicFile) as unsafe:
        export_report(sample, tmp_path / "leaky", settings=settings)
    assert unsafe.value.path.name == "report-2019-10-part1-public.docx"
    assert unsafe.value.audit.path == unsafe.value.path
    assert not unsafe.value.path.exists()
    assert not (tmp_path / "leaky" / "report-2019-10-part2-confidential.docx").exists()


def test_a_missing_resource_is_a_bug_not_an_unwritable_folder(tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """What the first frozen build did: python-docx could not find its own header template."""
    import scrutiny_desktop.word.report_writer as writer

    def lost(*_args: object) -> None:
        raise FileNotFoundError(2, "No such file or directory", str(tmp_path / "docx" / "templates" / "header.xml"))

    monkeypatch.setattr(writer, "write_report", lost)
    with pytest.raises(FileNotFoundError):
        export_report(load_review(SAMPLE), tmp_path / "out")
    assert main(["report", str(SAMPLE), "--out", str(tmp_path / "out")]) == 3


def test_an_unwritable_folder_is_unusable_output(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import scrutiny_desktop.word.report_writer as writer

    def refused(_draft: object, temp: Path, _template: object) -> None:
        raise PermissionError(13, "Permission denied", str(temp))

    monkeypatch.setattr(writer, "write_report", refused)
    assert main(["report", str(SAMPLE), "--out", str(tmp_path / "out")]) == 2


def test_audit_takes_a_report_draft_too(tmp_path: Path) -> None:
    assert run_cli("report", str(SAMPLE), "--out", str(tmp_path)).returncode == 0
    clean = run_cli("audit", str(tmp_path / "report-2019-10-part1-public.docx"), "--source", str(SAMPLE))
    assert clean.returncode == 0 and ": clean." in clean.stdout
    leak = run_cli("audit", str(tmp_path / "report-2019-10-part2-confidential.docx"), "--source", str(SAMPLE), "--json")
    assert leak.returncode == 1
    assert {f["ref"] for f in json.loads(leak.stdout)["findings"]} == {"5", "22", "23"}
