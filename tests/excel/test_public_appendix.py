"""The sample's public (Part 1) appendix as `export_appendices` writes it, read inside its zip.

The zip is read with tests/public_zip.py, independently of the auditor; each check is also run on
the full (Part 2) appendix of the same export, to show that it does find what the public one must
not hold.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from scrutiny_desktop.audit.xlsx import ALLOWED_PARTS, audit_public
from scrutiny_desktop.domain.disclosure import DisclosureRules, Redaction, redact
from scrutiny_desktop.domain.review import Review
from scrutiny_desktop.domain.settings import DEFAULT_ORGANISATION, Settings
from scrutiny_desktop.pipeline import ExportResult, export_appendices, load_review
from tests.helpers import SAMPLE
from tests.public_zip import EXCEPTIONS, MAIN, PART_2, C, PublicZip, check_public, numbers_in

SENSITIVE = ("5", "22", "23")
RULES = DisclosureRules.from_settings(Settings())


@pytest.fixture(scope="module")
def sample() -> tuple[Review, Redaction]:
    data = load_review(SAMPLE)
    return data, redact(data, RULES)


@pytest.fixture(scope="module")
def written(sample: tuple[Review, Redaction], tmp_path_factory: pytest.TempPathFactory) -> ExportResult:
    return export_appendices(sample[0], tmp_path_factory.mktemp("out"))


@pytest.fixture(scope="module")
def public(written: ExportResult) -> PublicZip:
    assert written.public is not None
    return PublicZip.read(written.public)


def confidential(data: Review) -> dict[str, str]:
    return {ref: data.item(ref).commentary for ref in SENSITIVE}  # type: ignore[union-attr]


def test_the_public_export_passes_its_audit_with_the_source(written: ExportResult,
                                                            sample: tuple[Review, Redaction]) -> None:
    assert written.public == written.full.with_name("appendix-one-2019-10-part1-public.xlsx")
    assert written.audit is not None and written.audit.clean and written.audit.searched_figures
    assert written.audit.path == written.public
    again = audit_public(written.public, organisation=DEFAULT_ORGANISATION, source=sample[0])
    assert again.findings == ()


def test_nothing_withheld_is_anywhere_in_the_public_zip_and_the_full_file_holds_it_all(
        written: ExportResult, sample: tuple[Review, Redaction]) -> None:
    data, redaction = sample
    assert written.public is not None
    assert check_public(written.public, data, redaction, RULES, confidential(data)) == []
    # The same search finds every kind of leak in the full appendix, so it can fail.
    leaks = check_public(written.full, data, redaction, RULES, confidential(data))
    for ref in (*SENSITIVE, "4", "14", "17", "21", "28", "38"):
        assert any(line.startswith(f"{ref}") for line in leaks), ref
    for kind in ("where the rules withhold", "confidential commentary", "gives a protected count",
                 "by subtraction", "is in xl/worksheets/sheet1.xml as 0.0303030303030303"):
        assert any(kind in line for line in leaks), kind


@pytest.mark.parametrize("text", [
    "40% (2 of 5)", "2 of 5", "3% (2 of 66)", "2 of 66", "92% (11 of 12)", "Two of five children",
    "Fifteen episodes in October", "concentrated in two schools", "15 is above the target of 10",
])
def test_withheld_text_is_in_the_full_file_and_not_the_public_one(written: ExportResult, public: PublicZip,
                                                                  text: str) -> None:
    assert written.public is not None
    full = PublicZip.read(written.full).everything()
    assert text.casefold() in full
    assert text.casefold() not in public.everything()


@pytest.mark.parametrize("ref, figures", [
    ("5", ("62", "61", "58", "55")),  # a sensitive count
    ("22", ("15", "133", "121")),  # a sensitive count and its previous years
    ("23", ("0.4", "40", "0.6", "0.71")),  # a sensitive percentage, as fractions and points
    ("17", ("0.0303030303030303", "0.03125", "2", "66")),  # 2 of 66 and its 3.03%
    ("21", ("1", "2", "3", "4")),  # adopted (year to date): small counts
])
def test_the_rows_of_indicators_with_withheld_figures_hold_none_of_them(written: ExportResult, public: PublicZip,
                                                                        ref: str, figures: tuple[str, ...]) -> None:
    def row_numbers(book: PublicZip) -> set[str]:
        found = set()
        for row in book.rows_of(ref):
            for cell in row:
                if cell.column not in (1, 2, 5):  # not the ref, the title ("lasted 2 years") or the target
                    found.update([cell.text] if cell.numeric else numbers_in(cell.text))
        return found

    full = row_numbers(PublicZip.read(written.full))
    mine = row_numbers(public)
    for figure in figures:
        assert figure in full, figure
        assert figure not in mine, figure


def test_no_marking_anywhere_and_the_header_gives_title_and_period(written: ExportResult, public: PublicZip) -> None:
    assert "not for publication" in PublicZip.read(written.full).everything()
    assert "not for publication" not in public.everything() and "schedule 12a" not in public.everything()
    for part in public.sheet_parts().values():
        tree = public.tree(part)
        header = next(e for e in tree.iter() if e.tag.endswith("}oddHeader")).text or ""
        footer = next(e for e in tree.iter() if e.tag.endswith("}oddFooter")).text or ""
        assert "Appendix One: Children's Scrutiny Dataset, October 2019" in header
        assert re.sub(r'&"[^"]*"|&\d+|&[A-Z]', "", header).strip() == \
            "Appendix One: Children's Scrutiny Dataset, October 2019"
        assert "Page &P of &N" in footer and DEFAULT_ORGANISATION in footer


def test_document_properties_say_part_1_and_name_the_organisation(public: PublicZip) -> None:
    core = {e.tag.rsplit("}", 1)[-1]: e.text for e in public.tree("docProps/core.xml")}
    assert core["title"] == "Appendix One: Children's Scrutiny Dataset, October 2019 – Part 1 (public)"
    assert core["creator"] == core["lastModifiedBy"] == DEFAULT_ORGANISATION
    assert not {"description", "keywords", "category"} & set(core)


def test_values_only_nothing_hidden_no_names_but_print_titles_no_comments(public: PublicZip) -> None:
    assert all(ALLOWED_PARTS.fullmatch(name) for name in public.parts), sorted(public.parts)
    assert not any("comment" in name or "drawing" in name for name in public.parts)
    workbook = public.tree("xl/workbook.xml")
    sheets = [e for e in workbook.iter() if e.tag.endswith("}sheet")]
    assert [s.get("name") for s in sheets] == [MAIN, EXCEPTIONS, "Key"]
    assert {s.get("state", "visible") for s in sheets} == {"visible"}
    names = [e for e in workbook.iter() if e.tag.endswith("}definedName")]
    assert len(names) == 3 and {n.get("name") for n in names} == {"_xlnm.Print_Titles"}
    for part in public.sheet_parts().values():
        for e in public.tree(part).iter():
            tag = e.tag.rsplit("}", 1)[-1]
            assert tag not in ("f", "dataValidations", "conditionalFormatting", "hyperlinks", "legacyDrawing"), tag
            if tag in ("row", "col"):
                assert e.get("hidden") in (None, "0", "false") and e.get("outlineLevel") in (None, "0"), part


def test_the_key_explains_the_symbols_and_the_reasons_without_a_figure(public: PublicZip) -> None:
    key = {c.row: c.text for c in public.cells if c.sheet == "Key" and c.column == 1}
    meaning = {c.row: c.text for c in public.cells if c.sheet == "Key" and c.column == 2}
    terms = {text: meaning.get(row, "") for row, text in key.items()}
    for symbol in (C, "[x]", "[z]"):
        assert terms[symbol], symbol
    for reason in ("Part 2 indicator", "Small count", "Percentage, rate or average", "Worked out from others"):
        assert terms[reason], reason
    # Only the thresholds of the rules ("from 1 to 5", "10 or fewer", "a true zero is shown as 0"), never a
    # figure of the data.
    numbers = {n for text in terms.values() for n in numbers_in(text)}
    assert numbers <= {"0", "1", "5", "10"}, numbers


def test_exceptions_carry_public_commentary_and_point_to_part_2_for_the_rest(public: PublicZip,
                                                                              sample: tuple[Review, Redaction]) -> None:
    data = sample[0]
    rows = public.table(EXCEPTIONS)
    assert list(rows) == ["5", "22", "23", "25", "29", "35.1"]
    for ref in SENSITIVE:
        row = rows[ref]
        assert row["Management commentary"].text == PART_2
        assert PART_2 in row["Indicator"].text and row["RAG"].text == "Red"
        assert row["Current outturn"].text == row["How the RAG was decided"].text == C
    for ref in ("25", "29"):
        assert rows[ref]["Management commentary"].text == data.item(ref).commentary.strip()  # type: ignore[union-attr]
    assert rows["25"]["Current outturn"].text == "55% (50 of 91)"
    above = [c.text for c in public.cells if c.sheet == EXCEPTIONS and c.row < min(r["Ref"].row for r in rows.values())]
    assert "Management commentary on indicators 5, 22 and 23 is in the Part 2 report: the figures are withheld " \
           "so that no child can be identified." in above


def test_sensitive_rows_keep_ref_title_section_and_rag(public: PublicZip, sample: tuple[Review, Redaction]) -> None:
    main = public.table(MAIN)
    sections = [c.text for c in public.cells if c.sheet == MAIN and c.column == 1 and not c.text[0].isdigit()]
    for ref in SENSITIVE:
        item = sample[0].item(ref)
        assert item is not None and item.indicator.section in sections
        row = main[ref]
        assert row["Indicator"].text == f"{item.indicator.title}\n{PART_2}"
        assert row["RAG"].text == "Red"
        figures = [h for h in row if h[:4].isdigit() or re.fullmatch(r"[A-Z][a-z]{2} \d{4}", h)]
        assert figures and all(row[h].text == C for h in (*figures, "Current outturn"))


def test_the_disclosure_warnings_reach_the_export_result(written: ExportResult) -> None:
    codes = {(p.code, p.ref) for p in written.problems}
    assert ("differencing-risk", "25") in codes and ("related-indicators-differ", "35.1") in codes
    assert written.missing_commentary == ("35.1",)


def test_public_figures_are_the_real_ones_where_nothing_is_withheld(public: PublicZip) -> None:
    main = public.table(MAIN)
    assert main["25"]["Current outturn"].text == "55% (50 of 91)"
    assert main["29"]["Oct 2019"].text == "16.8"
    assert main["8"]["2018/19"].text == "13880"  # a large count is never [c]
    assert main["4"]["Sep 2019"].text == "0"  # a true zero is shown
    assert main["5"]["England"].text == "44"  # a sensitive indicator's benchmark is already published


def test_a_path_for_the_public_file_alone_refuses_before_writing_either(tmp_path: Path,
                                                                          sample: tuple[Review, Redaction]) -> None:
    from scrutiny_desktop.domain.problems import UnusableWorkbook

    (tmp_path / "appendix-one-2019-10-part1-public.xlsx").write_bytes(b"an earlier public file")
    with pytest.raises(UnusableWorkbook) as refused:
        export_appendices(sample[0], tmp_path)
    assert "appendix-one-2019-10-part1-public.xlsx" in refused.value.problems[0].message
    assert sorted(p.name for p in tmp_path.iterdir()) == ["appendix-one-2019-10-part1-public.xlsx"]
