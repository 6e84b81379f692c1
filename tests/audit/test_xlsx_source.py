"""With the source workbook, the audit finds withheld figures and confidential text wherever they are.

The public file is the sample's real public appendix, as `scrutiny export` writes it, with one
withheld figure or confidential sentence planted in it per test (tests/public_files.py): as a
number, as text, as a 0-1 fraction, rounded, in a comment, a property, a hidden sheet, a chart
cache or a macro.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.comments import Comment
from openpyxl.packaging.custom import StringProperty

from scrutiny_desktop.audit.common import Audit, Finding
from scrutiny_desktop.audit.withheld import WithheldSearch
from scrutiny_desktop.audit.xlsx import audit_public
from scrutiny_desktop.domain.disclosure import Redaction, redact
from scrutiny_desktop.domain.review import Review
from scrutiny_desktop.pipeline import load_review
from tests.helpers import SAMPLE
from tests.public_files import add_part, column_of, edit_part, part_text, planted, row_of, sample_public, zip_parts

APPENDIX = "xl/worksheets/sheet1.xml"
EXCEPTIONS = "xl/worksheets/sheet2.xml"


@pytest.fixture(scope="module")
def sample() -> tuple[Review, Redaction]:
    data = load_review(SAMPLE)
    return data, redact(data)


@pytest.fixture(scope="module")
def clean(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return sample_public(tmp_path_factory.mktemp("export"))


Public = Callable[..., Path]


@pytest.fixture
def public(tmp_path: Path, clean: Path) -> Public:
    """The real public appendix, copied, with something planted in it."""
    def make(change: Callable[[Workbook], None] | None = None) -> Path:
        return planted(clean, tmp_path / "appendix-one-2019-10-part1-public.xlsx", change)
    return make


def audit(path: Path, sample: tuple[Review, Redaction]) -> Audit:
    data, redaction = sample
    return audit_public(path, source=data, redaction=redaction)


def leaks(result: Audit) -> list[Finding]:
    return [f for f in result.findings if f.code in ("withheld-figure", "withheld-text")]


def everything(path: Path) -> str:
    return "".join(d.decode("utf-8", "replace") for d in zip_parts(path).values())


def test_the_sample_public_appendix_passes_with_the_source(public: Public, sample: tuple[Review, Redaction]) -> None:
    path = public()
    sheet = part_text(path, APPENDIX)
    # It really does hold small numbers that are not leaks: refs, targets, benchmarks, titles with digits.
    for text in ("<t>5</t>", "<t>22</t>", "45 (tolerance 5)", "lasted 2 years or more", "55% (50 of 91)", "[c]"):
        assert text in sheet, text
    result = audit(path, sample)
    assert result.findings == () and result.searched_figures


def test_a_summary_and_a_key_with_small_numbers_are_not_leaks(public: Public,
                                                              sample: tuple[Review, Redaction]) -> None:
    def key(wb: Workbook) -> None:
        wb["Key"].append(["Direction of travel compares October 2019 with September 2019 and October 2018."])

    path = public(key)
    # The real file's summary, its Key's thresholds and the line added: all small numbers, none a leak.
    for text in ("5 Red, 1 Amber", "A count from 1 to 5", "based on 10 or fewer", "September 2019 and October 2018"):
        assert text in everything(path), text
    assert audit(path, sample).findings == ()


def _set(ref: str, heading: str, value: object, number_format: str = "") -> Callable[[Workbook], None]:
    """Write `value` into an indicator's row of the appendix, under a heading."""
    def change(wb: Workbook) -> None:
        ws = wb["Appendix One"]
        cell = ws.cell(row_of(ws, ref), column_of(ws, heading), value)
        if number_format:
            cell.number_format = number_format
    return change


def _append(sheet: str, *values: object) -> Callable[[Workbook], None]:
    def change(wb: Workbook) -> None:
        wb[sheet].append(list(values))
    return change


FIGURES = [
    # 22 is sensitive: its October value 15 in its own row, as a number and as text.
    ("22-value-as-number", _set("22", "Current outturn", 15), "22", "Current outturn"),
    ("22-value-as-text", _set("22", "vs previous", "15 episodes"), "22", "vs previous"),
    ("22-previous-year", _set("22", "2018/19", 133), "22", "2018/19"),
    # 23 is sensitive: "2 of 5" and 40%, as text, as a fraction, rounded.
    ("23-pair-as-text", _set("23", "Current outturn", "40% (2 of 5)"), "23", "Current outturn"),
    ("23-fraction", _set("23", "Sep 2019", 0.4, "0%"), "23", "Sep 2019"),
    ("23-rounded", _set("23", "Sep 2019", 40.0), "23", "Sep 2019"),
    # 17: the numerator 2 is withheld, with its group (66 children, 3.03%).
    ("17-count-text", _set("17", "Current outturn", "3% (2 of 66)"), "17", "Current outturn"),
    ("17-denominator", _set("17", "Oct 2019", 66), "17", "Oct 2019"),
    ("17-one-decimal", _set("17", "May 2019", "3.1%"), "17", "May 2019"),  # 2 of 64 is 3.125%
    ("17-two-decimals", _set("17", "Oct 2019", 3.03), "17", "Oct 2019"),
    ("17-fraction", _set("17", "Oct 2019", 0.0303030303030303, "0.0%"), "17", "Oct 2019"),
    # 21 and 38: small counts in their own rows; 5: a sensitive count.
    ("21-small-count", _set("21", "Oct 2019", 4), "21", "Oct 2019"),
    ("38-small-count", _set("38", "Aug 2019", "2"), "38", "Aug 2019"),
    ("5-sensitive-count", _set("5", "Current outturn", 62), "5", "Current outturn"),
    # 28: 11 of 12 leaves 1 without suitable accommodation.
    ("28-percentage", _set("28", "Oct 2019", "91.7%"), "28", "Oct 2019"),
]


@pytest.mark.parametrize("plant, ref, heading", [f[1:] for f in FIGURES], ids=[f[0] for f in FIGURES])
def test_a_withheld_figure_in_its_row_is_found(public: Public, sample: tuple[Review, Redaction],
                                               plant: Callable[[Workbook], None], ref: str, heading: str) -> None:
    path = public(plant)
    result = audit(path, sample)
    found = [f for f in leaks(result) if f.ref == ref and f.part == APPENDIX]
    assert found, result.findings
    assert all(f.where.startswith("'Appendix One'!") for f in found)
    assert [f.code for f in result.findings] == ["withheld-figure"] * len(result.findings)


def test_a_numerator_next_to_its_denominator_is_found_as_a_pair(public: Public,
                                                                 sample: tuple[Review, Redaction]) -> None:
    def plant(wb: Workbook) -> None:
        ws = wb["Appendix One"]
        row = row_of(ws, "17")
        ws.cell(row, 30, 2)
        ws.cell(row, 31, 66)

    path = public(plant)
    row = row_of(load_workbook(path)["Appendix One"], "17")
    assert f'<c r="AD{row}" t="n"><v>2</v></c><c r="AE{row}" t="n"><v>66</v></c>' in part_text(path, APPENDIX)
    found = {(f.where, f.ref) for f in leaks(audit(path, sample))}
    assert (f"'Appendix One'!AD{row}:AE{row}", "17") in found


def test_two_published_months_side_by_side_are_not_another_indicators_withheld_pair(
        sample: tuple[Review, Redaction]) -> None:
    # In a table of hundreds of indicators, a count's months 11 then 12 will match someone's withheld
    # "11 of 12" (28's care leavers); only the row's own withheld pairs count there.
    search = WithheldSearch(*sample)
    assert search.neighbours("11", "12", owner="7") == []
    assert [e.ref for e in search.neighbours("11", "12", owner="28")] == ["28"]
    assert [e.ref for e in search.neighbours("11", "12", owner=None)] == ["28"]  # a row of no indicator
    assert [e.ref for e in search.text("11 of 12", owner="7")] == ["28"]  # written as a pair, anywhere


ELSEWHERE = [
    # Distinctive forms are found away from their row too.
    ("pair-in-a-note", _append("Exceptions", "Note", "Two of five children (2 of 5) were placed in time."),
     EXCEPTIONS, "23"),
    ("percentage-in-a-note", _append("Exceptions", "Note", "Only 40% were placed within 12 months."), EXCEPTIONS, "23"),
    ("fraction-in-a-note", _append("Exceptions", "Note", 0.0303030303030303), EXCEPTIONS, "17"),
]


@pytest.mark.parametrize("plant, part, ref", [f[1:] for f in ELSEWHERE], ids=[f[0] for f in ELSEWHERE])
def test_a_distinctive_withheld_figure_is_found_anywhere(public: Public, sample: tuple[Review, Redaction],
                                                        plant: Callable[[Workbook], None], part: str, ref: str) -> None:
    path = public(plant)
    assert any(f.ref == ref and f.part == part and f.code == "withheld-figure" for f in audit(path, sample).findings)


@pytest.mark.parametrize("quoted, ref", [("2 of 66", "17"), ("40%", "23"), ("3.03%", "17")])
def test_published_commentary_does_not_make_another_indicators_withheld_figure_public(
        public: Public, quoted: str, ref: str) -> None:
    # The officer's commentary on 25 (public) quotes a figure that 17 or 23 withholds: still a leak.
    text = f"Unlike stability, only {quoted} of the children concerned were affected this month."
    data = load_review(SAMPLE, commentary={"25": text})

    def plant(wb: Workbook) -> None:
        ws = wb["Exceptions"]
        ws.cell(row_of(ws, "25"), column_of(ws, "Management commentary"), text)

    path = public(plant)
    found = audit_public(path, source=data).findings
    assert [(f.code, f.ref, f.part) for f in found] == [("withheld-figure", ref, EXCEPTIONS)]
    assert audit_public(public(), source=load_review(SAMPLE)).findings == ()


def _comment(wb: Workbook) -> None:
    wb["Appendix One"]["B2"].comment = Comment("Checked: 2 of 5 placed.", "Jane Smith")


def _description(wb: Workbook) -> None:
    wb.properties.description = "Adoption timeliness 40% this quarter"


def _custom(wb: Workbook, text: str) -> None:
    wb.custom_doc_props.append(StringProperty(name="Note", value=text))


def _hidden_part_2(wb: Workbook) -> None:
    ws = wb.create_sheet("Part 2")
    ws.append(["22", "Number of episodes of children looked after going missing from placement", 15, "Red"])
    ws.sheet_state = "hidden"


def test_a_withheld_figure_in_a_comment(public: Public, sample: tuple[Review, Redaction]) -> None:
    path = public(_comment)
    assert "2 of 5 placed" in part_text(path, "xl/comments/comment1.xml")
    codes = {(f.part, f.code, f.ref) for f in audit(path, sample).findings}
    assert {("xl/comments/comment1.xml", "comment", None),
            ("xl/comments/comment1.xml", "withheld-figure", "23")} <= codes


def test_a_withheld_figure_in_a_document_property(public: Public, sample: tuple[Review, Redaction]) -> None:
    path = public(_description)
    assert "40% this quarter" in part_text(path, "docProps/core.xml")
    found = {(f.part, f.where, f.code, f.ref) for f in audit(path, sample).findings}
    assert ("docProps/core.xml", "description", "document-property", None) in found
    assert ("docProps/core.xml", "description", "withheld-figure", "23") in found


def test_a_hidden_sheet_with_the_part_2_row(public: Public, sample: tuple[Review, Redaction]) -> None:
    path = public(_hidden_part_2)
    found = {(f.part, f.where, f.code, f.ref) for f in audit(path, sample).findings}
    assert ("xl/workbook.xml", "Part 2", "hidden-sheet", None) in found
    assert ("xl/worksheets/sheet4.xml", "'Part 2'!C1", "withheld-figure", "22") in found


def test_a_withheld_fraction_in_a_chart_cache(public: Public, sample: tuple[Review, Redaction]) -> None:
    path = public()
    add_part(path, "xl/charts/chart1.xml",
             '<c:chartSpace xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart"><c:numCache>'
             '<c:pt idx="0"><c:v>0.030303030303030304</c:v></c:pt></c:numCache></c:chartSpace>')
    found = {(f.part, f.code, f.ref) for f in audit(path, sample).findings}
    assert {("xl/charts/chart1.xml", "forbidden-part", None),
            ("xl/charts/chart1.xml", "withheld-figure", "17")} <= found


# -- confidential text -----------------------------------------------------------------------------------


def _commentary(sample: tuple[Review, Redaction], ref: str) -> str:
    item = sample[0].item(ref)
    assert item is not None and item.commentary
    return item.commentary


@pytest.mark.parametrize("ref", ["5", "22", "23"])
def test_confidential_commentary_in_a_cell_is_found(public: Public, sample: tuple[Review, Redaction], ref: str) -> None:
    text = _commentary(sample, ref)
    path = public(_append("Exceptions", ref, "", "", "", text))
    assert text[:30] in part_text(path, EXCEPTIONS)
    found = audit(path, sample).findings
    assert any(f.code == "withheld-text" and f.ref == ref and f.part == EXCEPTIONS for f in found)


def test_part_of_a_confidential_commentary_in_other_words_case_and_spacing(public: Public,
                                                                            sample: tuple[Review, Redaction]) -> None:
    # One sentence of 22's commentary, lower-cased and re-spaced, in a comment.
    sentence = "each has  a MULTI-AGENCY missing\nplan and return home interviews"
    assert sentence.split()[1] in _commentary(sample, "22")

    def plant(wb: Workbook) -> None:
        wb["Appendix One"]["B3"].comment = Comment(sentence, "Performance")

    path = public(plant)
    assert any(f.code == "withheld-text" and f.ref == "22" for f in audit(path, sample).findings)


def test_confidential_commentary_in_a_custom_property_and_a_macro(public: Public,
                                                                   sample: tuple[Review, Redaction]) -> None:
    path = public(lambda wb: _custom(wb, _commentary(sample, "23")))
    add_part(path, "xl/vbaProject.bin", b"\xd0\xcf\x11\xe0" + _commentary(sample, "5").encode("utf-16-le"))
    assert "matching is under way" in part_text(path, "docProps/custom.xml")
    found = {(f.part, f.code, f.ref) for f in audit(path, sample).findings}
    assert {("docProps/custom.xml", "withheld-text", "23"), ("xl/vbaProject.bin", "withheld-text", "5")} <= found


def test_the_explanation_of_a_sensitive_rag_is_confidential(public: Public, sample: tuple[Review, Redaction]) -> None:
    item = sample[0].item("22")
    assert item is not None and item.explanation.startswith("15 is above the target of 10")
    path = public()
    edit_part(path, EXCEPTIONS, "<t>[c]</t>", f"<t>{item.explanation}</t>")
    assert any(f.code == "withheld-text" and f.ref == "22" and f.part == EXCEPTIONS
               for f in audit(path, sample).findings)


def test_a_hostile_number_is_not_written_out(public: Public, sample: tuple[Review, Redaction]) -> None:
    path = public(_set("21", "Oct 2019", 1.5))
    edit_part(path, APPENDIX, "<v>1.5</v>", "<v>1E+999999999</v>")
    assert "1E+999999999" in part_text(path, APPENDIX)
    start = time.perf_counter()
    assert audit(path, sample).findings == ()
    assert time.perf_counter() - start < 5
