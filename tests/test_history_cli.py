"""`scrutiny history add/list/export`, and an export beside a history that cannot be used."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from scrutiny_desktop.cli import main
from scrutiny_desktop.domain.periods import Period
from scrutiny_desktop.pipeline import appendix_path
from tests.test_history_months import MONTHS, export, monthly_workbook


def test_back_fill_from_an_earlier_part_2_appendix_carries_its_commentary(
    tmp_path: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    # July exported on another machine (its own history); only its Part 2 appendix comes with it.
    export(tmp_path / "elsewhere", 11, {"1": "Recruitment is under way.", "2": "Reviews slipped."},
           tmp_path / "elsewhere.sqlite3")
    july = appendix_path(tmp_path / "elsewhere" / "out", Period(2019, 7))
    capsys.readouterr()
    history = tmp_path / "here.sqlite3"
    assert main(["history", "add", str(july), "--history", str(history)]) == 0
    assert f"Kept 4 record(s) from {july.name}" in capsys.readouterr().out
    assert main(["history", "list", "--history", str(history), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["periods"] == [{"period": "2019-07", "indicators": 4}]
    export(tmp_path, 12, {}, history)
    said = json.loads(capsys.readouterr().out)
    assert said["carried_forward"] == ["1", "2"]


def test_back_fill_from_earlier_workbooks_gives_the_chart_its_points(
    tmp_path: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    history = tmp_path / "h.sqlite3"
    first = monthly_workbook(tmp_path / "a.xlsx", 11, {})  # Aug 2018 .. Jul 2019
    assert main(["history", "add", str(first), "--history", str(history)]) == 0
    assert "Kept 48 record(s) from a.xlsx" in capsys.readouterr().out
    # The October workbook (Nov 2018 .. Oct 2019) with Aug .. Oct 2018 from the history: fifteen months.
    export(tmp_path, 14, {}, history)
    import openpyxl

    wb = openpyxl.load_workbook(appendix_path(tmp_path / "out", Period(2019, 10)), read_only=True)
    rows = list(wb["Appendix One"].iter_rows(values_only=True))
    heading = next(i for i, r in enumerate(rows) if r[0] == "Ref")
    spc = rows[heading].index("SPC")
    x = next(r for r in rows if r[0] == "1")
    assert str(x[spc]).startswith("▼! Special cause: concerning (low)")


def test_history_add_refuses_a_public_appendix_and_a_missing_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    export(tmp_path, 11, {}, tmp_path / "h.sqlite3")
    public = appendix_path(tmp_path / "out", Period(2019, 7), public=True)
    capsys.readouterr()
    other = tmp_path / "other.sqlite3"
    assert main(["history", "add", str(public), "--history", str(other)]) == 2
    assert "history-public-appendix" in capsys.readouterr().err
    assert main(["history", "add", str(tmp_path / "nowhere.xlsx"), "--history", str(other)]) == 2
    assert not other.exists()  # nothing was kept, not even an empty database


def test_a_damaged_history_is_exit_2_for_history_commands_and_a_warning_for_export(
    tmp_path: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    damaged = tmp_path / "damaged.sqlite3"
    damaged.write_bytes(b"this is not a database" * 50)
    before = damaged.read_bytes()
    assert main(["history", "list", "--history", str(damaged)]) == 2
    err = capsys.readouterr().err
    assert "history-unreadable" in err and "Traceback" not in err
    # The export still writes both appendices, says why the history was not used, and leaves it alone.
    book = monthly_workbook(tmp_path / "kpi.xlsx", 14, {})
    assert main(["export", str(book), "--out", str(tmp_path / "out"), "--history", str(damaged), "--json"]) == 0
    said = json.loads(capsys.readouterr().out)
    assert Path(said["full"]).is_file() and Path(said["public"]).is_file()
    assert ("history-unreadable", "warning") in {(p["code"], p["severity"]) for p in said["problems"]}
    assert damaged.read_bytes() == before


def test_a_fresh_machine_exports_exactly_as_before(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """No history yet: no new columns, no Key section, nothing carried; the period is then kept."""
    import openpyxl

    history = tmp_path / "new" / "h.sqlite3"
    export(tmp_path, 14, {}, history)
    said = json.loads(capsys.readouterr().out)
    assert said["carried_forward"] == []
    wb = openpyxl.load_workbook(said["full"], read_only=True)
    headings = next(r for r in wb["Appendix One"].iter_rows(values_only=True) if r[0] == "Ref")
    assert "SPC" not in headings and "Last four quarters" not in headings
    # ... though the workbook's own twelve months already give quarters: the next export shows them.
    assert history.is_file()


def test_the_history_export_refuses_to_overwrite(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "tidy.csv"
    out.write_text("keep me")
    assert main(["history", "export", "--out", str(out), "--history", str(tmp_path / "none.sqlite3")]) == 2
    assert out.read_text() == "keep me"
    assert main(["history", "export", "--out", str(out), "--history", str(tmp_path / "none.sqlite3"),
                 "--force"]) == 0
    assert out.read_text(encoding="utf-8-sig").startswith("ref,title,section,period")
    assert MONTHS[0] == Period(2018, 8)


def test_no_history_neither_reads_nor_keeps_one(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    history = tmp_path / "h.sqlite3"
    for last in (11, 12):
        export(tmp_path, last, {"1": "Words."} if last == 11 else {}, history)
    capsys.readouterr()
    before = history.read_bytes()
    book = monthly_workbook(tmp_path / "sep.xlsx", 13, {})
    out = tmp_path / "plain"
    assert main(["export", str(book), "--out", str(out), "--no-history", "--json"]) == 0
    said = json.loads(capsys.readouterr().out)
    assert said["carried_forward"] == [] and "1" in said["missing_commentary"]
    assert history.read_bytes() == before
    import os

    assert not Path(os.environ["SCRUTINY_HISTORY"]).exists()  # nor the default one
    with pytest.raises(SystemExit) as refused:  # argparse refuses both, with exit 2
        main(["export", str(book), "--out", str(out), "--no-history", "--history", str(history)])
    assert refused.value.code == 2


def test_back_fill_reads_a_workbook_through_a_profile(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from tests.workbooks import table

    path = table(tmp_path / "council.xlsx", ["Service", "What we look at", "Aim", "Aspiration", "Sep-19"],
                 ["C01", "Children seen in 10 days", "Up", 90, 85])
    profile = tmp_path / "council.toml"
    profile.write_text('[columns]\nref = "A"\ntitle = "What we look at"\n', encoding="utf-8")
    history = tmp_path / "h.sqlite3"
    assert main(["history", "add", str(path), "--history", str(history)]) == 2  # its layout is not guessed
    capsys.readouterr()
    assert main(["history", "add", str(path), "--profile", str(profile), "--history", str(history)]) == 0
    assert "Kept 1 record(s) from council.xlsx" in capsys.readouterr().out
