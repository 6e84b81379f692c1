"""`scrutiny export` writes the public appendix too, and audits it before it reports success.

A new user's own workbook, through the real command: `[c]` exactly where the rules say, the real
figures everywhere else. And the gate: a public file that fails its audit is never left behind.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
from openpyxl import load_workbook

from scrutiny_desktop.cli import main
from scrutiny_desktop.domain.appendix import SHEET_MAIN, AppendixBook, Cell, build_appendix
from scrutiny_desktop.domain.disclosure import DisclosureRules, redact
from scrutiny_desktop.domain.settings import Settings
from scrutiny_desktop.excel.appendix_writer import write_appendix
from scrutiny_desktop.pipeline import UnsafePublicFile, export_appendices, load_review
from tests.helpers import SAMPLE, run_cli
from tests.public_files import planted
from tests.public_zip import EXCEPTIONS, MAIN, PART_2, C, PublicZip, check_public
from tests.workbooks import table

PUBLIC = "appendix-one-2019-10-part1-public.xlsx"
FULL = "appendix-one-2019-10-part2-confidential.xlsx"
SMALL_COHORT = "Three of the eight care leavers this month were in suitable accommodation."


def new_users_workbook(path: Path) -> Path:
    """Laid out as a council's own: two Part 2 indicators, a cohort of 3 of 8 and a count of 2 beside large ones."""
    return table(
        path,
        ["Ref", "Indicator", "Polarity", "Unit", "Target", "Sep-19", "Oct-19", "Part 2", "Commentary"],
        ["1", "Number of contacts to the front door", "Monitor", "Number", None, 1210, 1150, "No", None],
        ["2", "% of referrals that were re-referrals within 12 months", "Low", "%", 20, "18% (46 of 262)",
         "17% (45 of 265)", "No", None],
        ["3", "% of care leavers in suitable accommodation", "High", "%", 85, "80% (40 of 50)", "38% (3 of 8)",
         "No", SMALL_COHORT],
        ["4", "Number of episodes of children going missing from care", "Low", "Number", 10, 12, 15, "Yes",
         "Fifteen episodes relate to four young people, each with a missing plan."],
        ["5", "% of children adopted within 12 months of the decision", "High", "%", 70, "60% (6 of 10)",
         "40% (2 of 5)", "Yes", "Two of five children were placed; matching is under way for the others."],
        ["6", "Number of young people sentenced to custody", "Monitor", "Number", None, 0, 2, "No", None],
        ["7", "Average caseload per social worker", "Range", "Average", "12-15", 16.2, 16.8, "No",
         "Caseloads rose with six vacant posts."],
        above=[["Children's services performance"], ["October 2019"], []],
    )


# What the rules withhold, worked out by hand from spec/disclosure.md: 3 of 8 (a small count, over 10 or
# fewer) and the count 2 with their directions of travel; every figure of the Part 2 indicators 4 and 5.
DIRECTIONS = {"Current outturn", "vs previous", "vs last year"}
EXPECTED_C = {"3": {"Oct 2019", *DIRECTIONS}, "4": {"Sep 2019", "Oct 2019", *DIRECTIONS},
              "5": {"Sep 2019", "Oct 2019", *DIRECTIONS}, "6": {"Oct 2019", *DIRECTIONS}}


def test_a_new_users_workbook_gives_c_exactly_where_the_rules_say_and_real_figures_elsewhere(tmp_path: Path) -> None:
    workbook = new_users_workbook(tmp_path / "kpis.xlsx")
    result = run_cli("export", str(workbook), "--out", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    public = tmp_path / "out" / PUBLIC
    assert f"Written: {public}  (Part 1, public)" in result.stdout

    book = PublicZip.read(public)
    main_table = book.table(MAIN)
    assert list(main_table) == ["1", "2", "3", "4", "5", "6", "7"]
    for ref, row in main_table.items():
        withheld = {heading for heading, cell in row.items() if cell.text == C}
        assert withheld == EXPECTED_C.get(ref, set()), ref
    # The real figures everywhere else: large counts are never [c]; a true zero is shown.
    shown = {ref: {h: c.text for h, c in row.items()} for ref, row in main_table.items()}
    assert (shown["1"]["Sep 2019"], shown["1"]["Oct 2019"], shown["1"]["Current outturn"]) == ("1210", "1150", "1150")
    assert shown["2"]["Current outturn"] == "17% (45 of 265)"
    assert float(shown["2"]["Sep 2019"]) == pytest.approx(46 / 262)
    assert shown["3"]["Sep 2019"] == "0.8" and shown["6"]["Sep 2019"] == "0"
    assert (shown["7"]["Sep 2019"], shown["7"]["Oct 2019"]) == ("16.2", "16.8")
    for ref in ("4", "5"):
        assert shown[ref]["Indicator"].endswith(f"\n{PART_2}") and shown[ref]["RAG"] == "Red"
    assert shown["3"]["RAG"] == "Red" and PART_2 not in shown["3"]["Indicator"]

    exceptions = book.table(EXCEPTIONS)
    assert {ref: row["Management commentary"].text for ref, row in exceptions.items()} == {
        "3": PART_2, "4": PART_2, "5": PART_2, "7": "Caseloads rose with six vacant posts."}
    assert "management commentary on indicators 3, 4 and 5 is in the part 2 report" in book.everything()
    for secret in ("3 of 8", "2 of 5", "three of the eight", "fifteen episodes", "two of five"):
        assert secret not in book.everything(), secret

    data = load_review(workbook)
    rules = DisclosureRules.from_settings(Settings())
    assert check_public(public, data, redact(data, rules), rules) == []
    audit = run_cli("audit", str(public), "--source", str(workbook))
    assert audit.returncode == 0, audit.stdout + audit.stderr
    # The full appendix has them all, so the checks above could have failed.
    full = PublicZip.read(tmp_path / "out" / FULL)
    assert full.table(MAIN)["3"]["Current outturn"].text == "38% (3 of 8)"
    assert SMALL_COHORT.casefold() in full.everything()


def test_commentary_on_a_withheld_figure_planted_in_the_public_file_fails_the_audit(tmp_path: Path) -> None:
    workbook = new_users_workbook(tmp_path / "kpis.xlsx")
    assert run_cli("export", str(workbook), "--out", str(tmp_path / "out")).returncode == 0

    def plant(wb: object) -> None:
        wb[EXCEPTIONS].append(["3", "", "", "", "", "", "", "", SMALL_COHORT])  # type: ignore[index]

    leaky = planted(tmp_path / "out" / PUBLIC, tmp_path / "leaky.xlsx", plant)
    result = run_cli("audit", str(leaky), "--source", str(workbook), "--json")
    assert result.returncode == 1
    assert {(f["code"], f["ref"]) for f in json.loads(result.stdout)["findings"]} == {("withheld-text", "3")}


# -- the gate ----------------------------------------------------------------------------------------------


def _leaky_builder(book: AppendixBook) -> AppendixBook:
    """The public book with 23's withheld current outturn put back, as a bug in the builder would."""
    sheet = book.sheet(SHEET_MAIN)
    column = next(i for i, c in enumerate(sheet.columns) if c.heading == "Current outturn")
    rows = tuple((*row[:column], Cell("40% (2 of 5)"), *row[column + 1:]) if row[0].value == "23" else row
                 for row in sheet.rows)
    return replace(book, sheets=tuple(replace(s, rows=rows) if s is sheet else s for s in book.sheets))


def _leak_from_the_builder(monkeypatch: pytest.MonkeyPatch) -> None:
    def build(*args: object, public: bool = False, **kwargs: object) -> AppendixBook:
        book = build_appendix(*args, public=public, **kwargs)  # type: ignore[arg-type]
        return _leaky_builder(book) if public else book
    monkeypatch.setattr("scrutiny_desktop.domain.appendix.build_appendix", build)  # the pipeline imports it to export


def _hidden_sheet_from_the_writer(monkeypatch: pytest.MonkeyPatch) -> None:
    def write(book: AppendixBook, path: Path, *args: object) -> None:
        write_appendix(book, path, *args)  # type: ignore[arg-type]
        if book.public:
            # openpyxl reads only .xlsx names; the pipeline writes to a temporary .part file.
            copy = path.with_name("workings.xlsx")
            with path.open("rb") as fh:
                wb = load_workbook(fh)
            ws = wb.create_sheet("Workings")
            ws.append(["22", "Number of episodes of children looked after going missing from placement", 15])
            ws.sheet_state = "hidden"
            wb.save(copy)
            copy.replace(path)
    monkeypatch.setattr("scrutiny_desktop.excel.appendix_writer.write_appendix", write)  # imported to export


LEAKS: dict[str, tuple[Callable[[pytest.MonkeyPatch], None], set[tuple[str, str, str]]]] = {
    "builder": (_leak_from_the_builder, {("xl/worksheets/sheet1.xml", "'Appendix One'!P33", "withheld-figure")}),
    "writer": (_hidden_sheet_from_the_writer, {("xl/workbook.xml", "Workings", "hidden-sheet"),
                                               ("xl/worksheets/sheet4.xml", "Workings!C1", "withheld-figure")}),
}


@pytest.mark.parametrize("leak", list(LEAKS))
def test_a_public_file_that_fails_its_audit_is_deleted_and_nothing_is_written(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, leak: str) -> None:
    plant, expected = LEAKS[leak]
    plant(monkeypatch)
    out = tmp_path / "out"
    with pytest.raises(UnsafePublicFile) as unsafe:
        export_appendices(load_review(SAMPLE), out)
    assert unsafe.value.path == out / PUBLIC and not unsafe.value.path.exists()
    assert expected <= {(f.part, f.where, f.code) for f in unsafe.value.audit.findings}
    assert unsafe.value.audit.path == out / PUBLIC
    assert list(out.iterdir()) == []  # no temporary file, and no full appendix without its public one


@pytest.mark.parametrize("leak", list(LEAKS))
def test_the_cli_exits_1_lists_every_finding_and_says_the_file_was_deleted(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], leak: str) -> None:
    plant, expected = LEAKS[leak]
    plant(monkeypatch)
    out = tmp_path / "out"
    assert main(["export", str(SAMPLE), "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert f"{PUBLIC} failed its audit" in err and "was deleted and must not be published" in err
    for part, where, code in expected:
        assert f"  {part}  {where}  {code}: " in err, err
    assert "Traceback" not in err and list(out.iterdir()) == []
    assert main(["export", str(SAMPLE), "--out", str(out), "--json"]) == 1
    captured = capsys.readouterr()
    report = json.loads(captured.out)
    assert report["full"] is None and report["public"] is None
    assert expected <= {(f["part"], f["where"], f["code"]) for f in report["findings"]}
    assert "failed its audit" in captured.err


def test_a_forced_export_that_fails_leaves_no_public_file_of_that_name(tmp_path: Path,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    earlier = export_appendices(load_review(SAMPLE), tmp_path)
    full_before = earlier.full.read_bytes()
    _leak_from_the_builder(monkeypatch)
    with pytest.raises(UnsafePublicFile):
        export_appendices(load_review(SAMPLE), tmp_path, force=True)
    # The earlier public file could be taken for this export's; the earlier Part 2 file is as it was.
    assert sorted(p.name for p in tmp_path.iterdir()) == [FULL]
    assert earlier.full.read_bytes() == full_before


def test_commentary_that_quotes_a_withheld_figure_stops_the_real_export(tmp_path: Path) -> None:
    notes = tmp_path / "notes.json"
    # 25's own figures are public, but "2 of 66" is 17's withheld count: the audit finds it and export refuses.
    notes.write_text(json.dumps({"25": "Only 2 of 66 plans that ended had lasted two years or more."}))
    result = run_cli("export", str(SAMPLE), "--out", str(tmp_path / "out"), "--commentary", str(notes))
    assert result.returncode == 1, result.stdout + result.stderr
    assert re.search(r"xl/worksheets/sheet2\.xml  Exceptions!I\d+  withheld-figure: .* indicator 17's 2 of 66",
                     result.stderr), result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists() or list((tmp_path / "out").iterdir()) == []


def test_part_2_commentary_pasted_into_public_commentary_stops_the_real_export(tmp_path: Path) -> None:
    confidential = load_review(SAMPLE).item("22")
    assert confidential is not None and confidential.commentary
    notes = tmp_path / "notes.json"
    # 25 is public, but this passage is 22's Part 2 commentary: copying it across must not publish it.
    notes.write_text(json.dumps({"25": "Placement stability remains low. " + confidential.commentary}))
    result = run_cli("export", str(SAMPLE), "--out", str(tmp_path / "out"), "--commentary", str(notes))
    assert result.returncode == 1, result.stdout + result.stderr
    assert re.search(r"Exceptions!I\d+  withheld-text: .*indicator 22's commentary", result.stderr), result.stderr
    # The refusal says what to change: indicator 25's commentary, and the words to take out of it.
    assert re.search(r"withheld-text: indicator 25's commentary \(.*\) holds 'Fifteen episodes in October relate to "
                     r"four young people.*take these words out of indicator 25's commentary\.", result.stderr), \
        result.stderr
    assert not (tmp_path / "out").exists() or list((tmp_path / "out").iterdir()) == []
