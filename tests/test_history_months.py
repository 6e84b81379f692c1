"""Four consecutive monthly workbooks exported in turn: commentary carried forward, four quarters of RAG, SPC.

Each workbook holds a rolling twelve months (the first Aug 2018 to Jul 2019, the last Nov 2018 to Oct 2019),
so the XmR chart reaches fifteen months only with the history: at the fourth export. Every expected figure
is worked by hand in the comments.
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import openpyxl
import pytest

from scrutiny_desktop.cli import main
from scrutiny_desktop.domain.periods import Period
from scrutiny_desktop.pipeline import appendix_path
from tests.workbooks import table

MONTHS = [Period(2018, 8).shifted(i) for i in range(15)]  # Aug 2018 .. Oct 2019
# X: % High, target 70, tolerance 5: Red every month (below 65). The last month, 40, is far below the rest.
X = [60, 62, 61, 63, 60, 62, 61, 63, 60, 62, 61, 63, 61, 62, 40]
# Y: % High, target 70, tolerance 5: Green to March 2019 (72), Amber in June (66), Red from July.
Y = [75, 75, 75, 75, 75, 75, 75, 72, 68, 67, 66, 60, 60, 60, 60]
# W: a count monitored for information: large numbers, publishable.
W = [110, 120, 115, 125, 110, 120, 115, 125, 110, 120, 115, 125, 110, 120, 115]
# Z: a sensitive count (Part 2): small numbers.
Z = [2, 3, 4, 2, 3, 4, 2, 3, 4, 2, 3, 4, 2, 3, 4]
OCTOBER = Period(2019, 10)


def part2_of(out: Path) -> Path:
    return appendix_path(out, OCTOBER)


def part1_of(out: Path) -> Path:
    return appendix_path(out, OCTOBER, public=True)


HEADINGS = ["Ref", "Indicator", "Good is", "Unit", "Target", "Tolerance", "Part 2"]


def monthly_workbook(path: Path, last: int, commentary: dict[str, str]) -> Path:
    """The workbook for MONTHS[last]: the twelve months ending there, and this month's commentary."""
    shown = range(last - 11, last + 1)
    heads = [*HEADINGS, *(MONTHS[i].label for i in shown), "Commentary"]
    rows = [
        ["1", "% of assessments on time", "High", "%", 70, 5, "", *(X[i] for i in shown), commentary.get("1")],
        ["2", "% of plans reviewed on time", "High", "%", 70, 5, "", *(Y[i] for i in shown), commentary.get("2")],
        ["3", "Number of contacts", "Monitor", "Number", None, None, "", *(W[i] for i in shown), None],
        ["4", "Number of children placed at a distance", "Low", "Number", 3, 1, "Y", *(Z[i] for i in shown),
         commentary.get("4")],
    ]
    return table(path, heads, *rows)


def export(tmp_path: Path, last: int, commentary: dict[str, str], history: Path) -> dict[str, object]:
    book = monthly_workbook(tmp_path / f"kpi-{MONTHS[last].key}.xlsx", last, commentary)
    out = tmp_path / "out"
    code = main(["export", str(book), "--out", str(out), "--history", str(history), "--json", "--force"])
    assert code == 0
    return {"book": book, "out": out}


def main_row(path: Path, ref: str) -> dict[str, object]:
    wb = openpyxl.load_workbook(path, read_only=True)
    rows = list(wb["Appendix One"].iter_rows(values_only=True))
    heading = next(i for i, r in enumerate(rows) if r[0] == "Ref")
    row = next(r for r in rows[heading + 1:] if r[0] == ref)
    return dict(zip(rows[heading], row, strict=False))


def exception_lines(path: Path) -> list[str]:
    wb = openpyxl.load_workbook(path, read_only=True)
    return [r[0] for r in wb["Exceptions"].iter_rows(values_only=True) if isinstance(r[0], str)]


def zip_text(path: Path) -> str:
    with zipfile.ZipFile(path) as z:
        return "\n".join(z.read(n).decode("utf-8", "replace") for n in z.namelist())


@pytest.fixture
def four_exports(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> dict[str, object]:
    history = tmp_path / "history.sqlite3"
    said: dict[str, dict[str, object]] = {}
    # Jul 2019: the officer writes commentary for 1, 2 and 4.
    for last, commentary in (
        (11, {"1": "Recruitment of two assessment teams is under way.", "2": "Reviews slipped over the summer.",
              "4": "Placements are reviewed weekly."}),
        (12, {}),  # Aug: nothing new written: last month's is the draft
        (13, {"1": "The new teams started in September."}),  # Sep: new words for 1 only
        (14, {}),  # Oct: nothing new
    ):
        export(tmp_path, last, commentary, history)
        said[MONTHS[last].key] = json.loads(capsys.readouterr().out)
    return {"history": history, "said": said, "out": tmp_path / "out"}


def test_commentary_is_carried_forward_and_the_export_says_so(four_exports: dict[str, object]) -> None:
    said = four_exports["said"]
    assert isinstance(said, dict)
    assert said["2019-07"]["carried_forward"] == []
    # Z (4) is Amber in July (4 against 3, tolerance 1), Green in August (2) and September (3), Amber again
    # in October (4): July's words are about another episode and are not carried.
    assert said["2019-08"]["carried_forward"] == ["1", "2"]
    assert said["2019-09"]["carried_forward"] == ["2"]  # 1 has September's own words
    assert said["2019-10"]["carried_forward"] == ["1", "2"]
    assert said["2019-10"]["missing_commentary"] == ["4"]
    out = four_exports["out"]
    assert isinstance(out, Path)
    part2 = part2_of(out)
    lines = exception_lines(part2)
    # 1's October draft is September's; 2's was first written in July (carried three times).
    assert ("Commentary carried forward unchanged from an earlier period: 1 (from Sep 2019), "
            "2 (from Jul 2019).") in lines
    wb = openpyxl.load_workbook(part2, read_only=True)
    texts = {r[0]: r[8] for r in wb["Exceptions"].iter_rows(values_only=True) if r[0] in ("1", "2", "4")}
    assert texts["1"] == "The new teams started in September."
    assert texts["2"] == "Reviews slipped over the summer."
    # The public appendix does not carry the Part 2 note (it names periods of confidential commentary).
    assert "carried forward" not in zip_text(part1_of(out))


def test_the_last_four_quarters_in_words_and_letters(four_exports: dict[str, object]) -> None:
    out = four_exports["out"]
    assert isinstance(out, Path)
    part2 = part2_of(out)
    # X is Red at every quarter's end: March (63), June (63), September (62), October (40).
    assert main_row(part2, "1")["Last four quarters"] == (
        "Q4 2018/19: R Red\nQ1 2019/20: R Red\nQ2 2019/20: R Red\nQ3 2019/20: R Red")
    # Y: March 72 Green; June 66 Amber (70 - 5 <= 66 < 70); September 60 Red; October 60 Red.
    assert main_row(part2, "2")["Last four quarters"] == (
        "Q4 2018/19: G Green\nQ1 2019/20: A Amber\nQ2 2019/20: R Red\nQ3 2019/20: R Red")


def test_spc_icons_match_the_hand_computed_chart(four_exports: dict[str, object]) -> None:
    """X over Aug 2018 .. Oct 2019 (15 months):

    mean = (3 x (60+62+61+63) + 61 + 62 + 40) / 15 = 901 / 15 = 60.067;
    moving ranges 2,1,2,3,2,1,2,3,2,1,2 (21), then 2, 1, 22: 46 / 14 = 3.2857;
    limits 60.067 -/+ 2.66 x 3.2857 = 51.327 to 68.807. October's 40 is below the lower limit and higher is
    better: special cause, concerning (low). The target 70 is above the upper limit: consistently missed.
    """
    out = four_exports["out"]
    assert isinstance(out, Path)
    spc = main_row(part2_of(out), "1")["SPC"]
    assert spc == ("▼! Special cause: concerning (low)\nF Consistently misses the target\n"
                   "Signals: a point beyond a process limit\nMean 60.1; limits 51.3 to 68.8 (15 months)")
    # W (monitor): 110, 120, 115, 125 over and over: no signal, and no assurance without a target.
    # mean = (3 x 470 + 345) / 15 = 117; ranges (10, 5, 10, 15) x 3, 10, 5 = 135 / 14 = 9.643;
    # limits 117 -/+ 25.65 = 91.35 to 142.65.
    w = main_row(part2_of(out), "3")["SPC"]
    assert isinstance(w, str)
    assert w.startswith("~ Common cause variation\nMean 117.0; limits 91.4 to 142.")


def test_spc_waits_for_fifteen_months(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    history = tmp_path / "history.sqlite3"
    for last in (11, 12, 13):
        export(tmp_path, last, {}, history)
    capsys.readouterr()
    spc = main_row(appendix_path(tmp_path / "out", Period(2019, 9)), "1")["SPC"]
    assert spc == "Fewer than 15 monthly figures: no SPC chart yet"


def test_the_public_appendix_shows_history_only_where_every_figure_behind_it_is_publishable(
    four_exports: dict[str, object],
) -> None:
    out = four_exports["out"]
    assert isinstance(out, Path)
    public = part1_of(out)
    # W's counts are all large: its quarters and icon are public, but never its mean or limits.
    w = main_row(public, "3")
    assert w["SPC"] == "~ Common cause variation"
    # Z is a Part 2 indicator of small counts; X's and Y's percentages have no counts to judge: withheld.
    for ref in ("1", "2", "4"):
        row = main_row(public, ref)
        assert (row["Last four quarters"], row["SPC"]) == ("[c]", "[c]")
    text = zip_text(public)
    for figure in ("60.1", "60.07", "51.3", "68.8", "117.0", "91.4", "142.6", "142.7", "Mean "):
        assert figure not in text
    # Z's chart (Low, target 3): mean 3, limits 3 -/+ 2.66 x 1.2857 = -0.42 to 6.42: only in Part 2.
    z = main_row(part2_of(out), "4")["SPC"]
    assert isinstance(z, str) and "Mean 3.0; limits -0.4 to 6.4" in z


def test_history_list_and_tidy_export(four_exports: dict[str, object], tmp_path: Path,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    history = str(four_exports["history"])
    assert main(["history", "list", "--history", history, "--json"]) == 0
    listing = json.loads(capsys.readouterr().out)
    assert [p["period"] for p in listing["periods"]] == [m.key for m in MONTHS]
    assert all(p["indicators"] == 4 for p in listing["periods"])
    csv_path = tmp_path / "tidy.csv"
    assert main(["history", "export", "--format", "csv", "--out", str(csv_path), "--history", history]) == 0
    import csv

    with csv_path.open(encoding="utf-8-sig") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 4 * 15
    last_x = next(r for r in rows if r["ref"] == "1" and r["period"] == "2019-10")
    assert (last_x["value"], last_x["rag"], last_x["origin"]) == ("40.0", "red", "export")
    assert (last_x["spc_rule"], last_x["spc_side"], last_x["spc_variation"], last_x["spc_assurance"]) == (
        "beyond-limit", "low", "concerning-low", "missed")
    assert float(last_x["spc_mean"]) == pytest.approx(901 / 15)
    xlsx_path = tmp_path / "tidy.xlsx"
    assert main(["history", "export", "--format", "xlsx", "--out", str(xlsx_path), "--history", history]) == 0
    wb = openpyxl.load_workbook(xlsx_path, read_only=True)
    table_rows = list(wb["History"].iter_rows(values_only=True))
    assert table_rows[0][:5] == ("ref", "title", "section", "period", "value")
    assert len(table_rows) == 1 + 4 * 15


def test_the_report_draft_names_indicators_red_for_two_quarters_running(
    four_exports: dict[str, object], tmp_path: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    import docx

    book = tmp_path / "kpi-2019-10.xlsx"  # the October workbook the fixture exported
    code = main(["report", str(book), "--out", str(tmp_path / "drafts"), "--history", str(four_exports["history"]),
                 "--json"])
    assert code == 0, capsys.readouterr().err
    said = json.loads(capsys.readouterr().out)

    def paragraphs(path: str) -> list[str]:
        return [p.text for p in docx.Document(path).paragraphs]

    sentence = ("Red for two or more quarters running: indicator 1 (% of assessments on time) and indicator 2 "
                "(% of plans reviewed on time).")
    assert sentence in paragraphs(said["part2"])
    # Part 1 names neither: the monthly percentages behind their earlier ratings have no counts to judge.
    assert not any(p.startswith("Red for two or more quarters") for p in paragraphs(said["part1"]))


def test_the_public_audit_treats_a_withheld_charts_mean_and_limits_as_figures(
    four_exports: dict[str, object], tmp_path: Path,
) -> None:
    from scrutiny_desktop.audit.xlsx import audit_public
    from scrutiny_desktop.domain.disclosure import DisclosureRules, redact
    from scrutiny_desktop.domain.history import withheld_chart_figures
    from scrutiny_desktop.history_store import load_trends
    from scrutiny_desktop.pipeline import load_review

    review = load_review(tmp_path / "kpi-2019-10.xlsx")
    review, trends, _ = load_trends(review, Path(str(four_exports["history"])))
    rules = DisclosureRules()
    redaction = redact(review, rules)
    extra = withheld_chart_figures(trends, review, redaction, rules)
    # X's chart (a percentage without counts) is withheld from Part 1; W's (large counts) is not.
    assert set(extra) == {"1", "2", "4"}
    assert [round(v, 2) for v, _p, _l in extra["1"]] == [60.07, 51.33, 68.81]
    # A public file into which X's mean has found its way, in X's SPC cell.
    out = four_exports["out"]
    assert isinstance(out, Path)
    wb = openpyxl.load_workbook(part1_of(out))
    ws = wb["Appendix One"]
    rows = list(ws.iter_rows())
    heading = next(r for r in rows if r[0].value == "Ref")
    spc = next(c.column for c in heading if c.value == "SPC")
    x_row = next(r for r in rows if r[0].value == "1")
    ws.cell(x_row[0].row, spc).value = "Mean 60.1"
    leaky = tmp_path / "leaky.xlsx"
    wb.save(leaky)
    found = audit_public(leaky, source=review, redaction=redaction, rules=rules, extra=extra)
    assert any(f.code == "withheld-figure" and f.ref == "1" and "SPC mean" in f.message for f in found.findings)
    # Without the chart's figures the same file passes: they are what the audit is told to look for.
    without = audit_public(leaky, source=review, redaction=redaction, rules=rules)
    assert not any("60.1" in f.message for f in without.findings)


def test_the_key_explains_the_quarters_and_the_icons_in_words(four_exports: dict[str, object]) -> None:
    out = four_exports["out"]
    assert isinstance(out, Path)
    for path, public in ((part2_of(out), False), (part1_of(out), True)):
        wb = openpyxl.load_workbook(path, read_only=True)
        terms = {r[0]: r[1] for r in wb["Key"].iter_rows(values_only=True) if r and r[0]}
        assert "Over time (SPC)" in terms
        assert terms["▼! Special cause: concerning (low)"].startswith("The latest month signals a real change "
                                                                        "downwards, and higher is better")
        assert "F Consistently misses the target" in terms and "? Hit and miss" in " ".join(map(str, terms))
        assert "a trend of six rises or falls" in terms["Special cause"]
        assert ("[c] in Last four quarters or SPC" in terms) is public


def test_an_export_reads_the_history_figures_only_and_draws_the_same_trends(four_exports: dict[str, object],
                                                                           tmp_path: Path) -> None:
    # An export reads each record's figures, rating, origin and commentary, not its title or source: the
    # records carry the same of those, and the quarters, carried commentary and charts come out the same.
    from dataclasses import replace

    from scrutiny_desktop.domain.history import trends
    from scrutiny_desktop.history_store import open_history
    from scrutiny_desktop.pipeline import load_review

    store = open_history(four_exports["history"])  # type: ignore[arg-type]
    full, slim = store.load(), store.load(["1", "2", "3", "4"], figures_only=True)
    blank = {"title": "", "section": "", "unit": "", "polarity": "", "target": None, "computed": None,
             "override_reason": "", "source": ""}
    key = lambda r: (r.ref, r.period.ordinal)  # noqa: E731
    assert sorted(slim.records, key=key) == sorted((replace(r, **blank) for r in full.records), key=key)
    assert any(r.commentary for r in slim.records) and any(r.commentary_from for r in slim.records)
    review = load_review(monthly_workbook(tmp_path / "kpi-next.xlsx", 14, {}))
    drawn_full, drawn_slim = trends(full, review), trends(slim, review)
    assert drawn_slim.by_ref == drawn_full.by_ref and drawn_slim.held == drawn_full.held
    assert any(t.carried for t in drawn_full.by_ref.values()) and any(t.chart for t in drawn_full.by_ref.values())
