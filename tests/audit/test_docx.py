"""The public report draft passes the leak checks of the public appendix, with planted markers.

The real Part 1 draft of the sample (and of a workbook whose public exception has a withheld small
count) passes. Then one withheld figure, confidential sentence or person's name is planted per
test in each place a .docx can hide it, and the audit must find it: a comment, a hidden run, the
document properties, custom XML, a header or footer, a tracked deletion, a picture's alternative
text, a field, white or tiny text, document variables, a thumbnail, a hiding style.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from scrutiny_desktop.audit.common import Audit
from scrutiny_desktop.audit.docx import audit_report
from scrutiny_desktop.domain.disclosure import NO_REDACTION, redact
from scrutiny_desktop.domain.model import PERCENT, Dataset, Indicator, Outturn, Polarity, Target, Tolerance
from scrutiny_desktop.domain.periods import Period
from scrutiny_desktop.domain.problems import UnusableWorkbook
from scrutiny_desktop.domain.review import Review, review
from scrutiny_desktop.pipeline import export_report, load_review
from tests.helpers import SAMPLE as SAMPLE_PATH
from tests.public_files import add_part, edit_part, part_text
from tests.word.documents import everything, write_drafts
from tests.word.test_report_template import council_template

DOCUMENT, SETTINGS, STYLES, CORE = "word/document.xml", "word/settings.xml", "word/styles.xml", "docProps/core.xml"
RELS, TYPES = "word/_rels/document.xml.rels", "[Content_Types].xml"
PAIR = "2 of 5"  # indicator 23's withheld figures for September 2019 (it is sensitive)
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


@pytest.fixture(scope="module")
def sample() -> Review:
    return load_review(SAMPLE_PATH)


@pytest.fixture(scope="module")
def secret(sample: Review) -> str:
    """Indicator 22's commentary: confidential, since 22 is a Part 2 indicator."""
    item = sample.item("22")
    assert item is not None and item.indicator.sensitive
    return item.commentary


@pytest.fixture
def part1(sample: Review, tmp_path: Path) -> Path:
    written = export_report(sample, tmp_path / "out")
    assert written.audit.clean
    return written.part1


def audit(path: Path, sample: Review) -> Audit:
    return audit_report(path, source=sample)


def leaks(result: Audit) -> set[tuple[str, str | None]]:
    return {(f.code, f.ref) for f in result.findings if f.code in ("withheld-figure", "withheld-text")}


def paragraph(path: Path, xml: str) -> Path:
    """A paragraph added at the end of the body (before its section properties)."""
    text = part_text(path, DOCUMENT)
    at = text.rindex("<w:sectPr")
    return edit_part(path, DOCUMENT, text[at:], xml + text[at:])


def in_settings(path: Path, xml: str) -> Path:
    text = part_text(path, SETTINGS)
    opening = re.search(r"<w:settings[^>]*>", text)
    assert opening is not None
    return edit_part(path, SETTINGS, opening.group(0), opening.group(0) + xml)


def relationship(path: Path, xml: str) -> Path:
    return edit_part(path, RELS, "</Relationships>", xml + "</Relationships>")


# -- the real drafts pass -----------------------------------------------------------------------


def test_the_real_part_1_passes_and_really_holds_figures(sample: Review, part1: Path) -> None:
    text = everything(part1)
    for published in ("55% (50 out of 91)", "16.8", "51% (53 out of 104)", "indicators 5, 22, 23", "Total"):
        assert published in text, published
    result = audit(part1, sample)
    assert result.clean, result.findings
    assert result.searched_figures


def test_part_2_fails_the_public_audit_on_exactly_the_sensitive_indicators(sample: Review, tmp_path: Path) -> None:
    written = export_report(sample, tmp_path)
    found = leaks(audit(written.part2, sample))
    assert {ref for _, ref in found} == {"5", "22", "23"}
    assert ("withheld-text", "22") in found and ("withheld-figure", "23") in found


def small_count_review() -> Review:
    """A public exception whose October figure is 3 of 8 (withheld), beside one that is published."""
    sep, octo = Period(2019, 9), Period(2019, 10)

    def ind(ref: str, now: tuple[float, float], before: tuple[float, float]) -> Indicator:
        return Indicator(ref=ref, title=f"% of young people in cohort {ref} with a plan", polarity=Polarity.HIGH,
                         unit=PERCENT, target=Target.single(70), tolerance=Tolerance(5),
                         outturns={sep: Outturn(100 * before[0] / before[1], *before),
                                   octo: Outturn(100 * now[0] / now[1], *now)})

    data = Dataset("t.xlsx", "Data", (ind("7", (3, 8), (40, 50)), ind("8", (33, 61), (3, 9))), (sep, octo),
                   title="Youth Dataset")
    return review(data, octo, {"7": "Three young people are waiting for a plan.", "8": "Improving."})


def test_a_withheld_small_count_in_a_public_exception_is_not_in_part_1(tmp_path: Path) -> None:
    data = small_count_review()
    written = export_report(data, tmp_path)
    assert written.audit.clean, written.audit.findings
    text = everything(written.part1)
    # Indicator 7 is described without its figure, or (when its commentary is withheld with it) left to Part 2.
    assert "The figure for October 2019 is withheld ([c])" in text or "commentary on indicator 7." in text
    assert "3 out of 8" not in text and "38%" not in text and "37.5" not in text
    assert "33 out of 61" in text and "3 out of 9" not in text and "33.3" not in text
    assert "3 out of 8" in everything(written.part2)
    # The same draft with the withheld figure written in fails.
    paragraph(written.part1, "<w:p><w:r><w:t>As at the end of October 2019, it stood at 38% (3 out of 8).</w:t>"
                             "</w:r></w:p>")
    assert ("withheld-figure", "7") in leaks(audit_report(written.part1, source=data))


def test_a_councils_template_gives_a_part_1_that_passes(sample: Review, tmp_path: Path) -> None:
    template = council_template(tmp_path / "council.docx")
    part1, _ = write_drafts(sample, tmp_path / "out", template=template)
    assert audit(part1, sample).clean


# -- planted markers -----------------------------------------------------------------------------


def plant_comment(path: Path, secret: str) -> None:
    add_part(path, "word/comments.xml",
             f'<w:comments xmlns:w="{W_NS}"><w:comment w:id="0" w:author="Jane Smith" w:initials="JS">'
             f"<w:p><w:r><w:t>{secret}</w:t></w:r></w:p></w:comment></w:comments>",
             "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml")
    relationship(path, f'<Relationship Id="rId90" Type="{R_NS}/comments" Target="comments.xml"/>')
    paragraph(path, '<w:p><w:commentRangeStart w:id="0"/><w:r><w:t>Noted.</w:t></w:r><w:commentRangeEnd w:id="0"/>'
                    '<w:r><w:commentReference w:id="0"/></w:r></w:p>')


def plant_hidden_run(path: Path, secret: str) -> None:
    paragraph(path, f'<w:p><w:r><w:t xml:space="preserve">Visible. </w:t></w:r><w:r><w:rPr><w:vanish/></w:rPr>'
                    f"<w:t>{PAIR} placed</w:t></w:r></w:p>")


def plant_properties(path: Path, secret: str) -> None:
    core = part_text(path, CORE)
    creator = re.search(r"<dc:creator>[^<]*</dc:creator>", core)
    assert creator is not None
    edit_part(path, CORE, creator.group(0),
              f"<dc:creator>Jane Smith</dc:creator><dc:description>{secret}</dc:description>")


def plant_custom_xml(path: Path, secret: str) -> None:
    add_part(path, "customXml/item1.xml", f"<data><placed>{PAIR} placed for adoption</placed></data>")


def plant_header(path: Path, secret: str) -> None:
    edit_part(path, "word/header1.xml", "</w:hdr>",
              "<w:p><w:r><w:t>Indicator 22: 15 episodes</w:t></w:r></w:p></w:hdr>")


def plant_footer(path: Path, secret: str) -> None:
    edit_part(path, "word/footer2.xml", "</w:ftr>", f"<w:p><w:r><w:t>{secret}</w:t></w:r></w:p></w:ftr>")


def plant_tracked_deletion(path: Path, secret: str) -> None:
    paragraph(path, f'<w:p><w:del w:id="7" w:author="Jane Smith" w:date="2019-11-01T09:00:00Z"><w:r>'
                    f"<w:delText>{secret}</w:delText></w:r></w:del></w:p>")


def plant_alt_text(path: Path, secret: str) -> None:
    paragraph(path, f'<w:p><w:r><w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0"><wp:extent cx="9" '
                    f'cy="9"/><wp:docPr id="9" name="Picture 9" descr="{PAIR} children placed"/></wp:inline>'
                    "</w:drawing></w:r></w:p>")


def plant_field(path: Path, secret: str) -> None:
    paragraph(path, '<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> '
                    'DOCPROPERTY Owner </w:instrText></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>')


def plant_white_text(path: Path, secret: str) -> None:
    paragraph(path, f'<w:p><w:r><w:rPr><w:color w:val="FFFFFF"/></w:rPr><w:t>{PAIR} placed</w:t></w:r></w:p>')


def plant_tiny_text(path: Path, secret: str) -> None:
    paragraph(path, f'<w:p><w:r><w:rPr><w:sz w:val="2"/></w:rPr><w:t>{secret}</w:t></w:r></w:p>')


def plant_document_variable(path: Path, secret: str) -> None:
    in_settings(path, f'<w:docVars><w:docVar w:name="placed" w:val="{PAIR} placed"/></w:docVars>')


def plant_attached_template(path: Path, secret: str) -> None:
    in_settings(path, f'<w:attachedTemplate xmlns:r="{R_NS}" r:id="rId1"/>')


def plant_thumbnail(path: Path, secret: str) -> None:
    add_part(path, "docProps/thumbnail.jpeg", b"\xff\xd8\xff\xe0 JFIF " + PAIR.encode() + b" placed \xff\xd9")


def plant_hiding_style(path: Path, secret: str) -> None:
    styles = part_text(path, STYLES)
    normal = re.search(r'<w:style w:type="paragraph" w:default="1" w:styleId="Normal">.*?<w:rPr>', styles, re.S)
    assert normal is not None
    edit_part(path, STYLES, normal.group(0), normal.group(0) + "<w:vanish/>")


def plant_external_link(path: Path, secret: str) -> None:
    relationship(path, f'<Relationship Id="rId91" Type="{R_NS}/hyperlink" Target="file:///C:/Users/jsmith/kpi.xlsx" '
                       'TargetMode="External"/>')


def plant_alt_chunk(path: Path, secret: str) -> None:
    """A whole other document embedded between two paragraphs, shown by Word as if typed in."""
    add_part(path, "word/afchunk.mht", f"MIME-Version: 1.0\n\n<html><body>{PAIR} placed</body></html>",
             "message/rfc822")
    relationship(path, f'<Relationship Id="rId92" Type="{R_NS}/aFChunk" Target="afchunk.mht"/>')
    paragraph(path, '<w:altChunk r:id="rId92"/>')


def plant_block_content_control(path: Path, secret: str) -> None:
    paragraph(path, '<w:sdt><w:sdtPr><w:dataBinding w:xpath="/placed" w:storeItemID="{00000000-0000-0000-0000-'
                    '000000000001}"/></w:sdtPr><w:sdtContent><w:p><w:r><w:t>Placed.</w:t></w:r></w:p></w:sdtContent>'
                    "</w:sdt>")


def plant_people(path: Path, secret: str) -> None:
    add_part(path, "word/people.xml", '<w15:people xmlns:w15="http://schemas.microsoft.com/office/word/2012/wordml">'
                                      '<w15:person w15:author="Jane Smith"/></w15:people>')


PLANTS: list[tuple[Callable[[Path, str], None], set[str], set[tuple[str, str]]]] = [
    (plant_comment, {"forbidden-part", "comment"}, {("withheld-text", "22")}),
    (plant_hidden_run, {"hidden-text"}, {("withheld-figure", "23")}),
    (plant_properties, {"personal-data", "document-property"}, {("withheld-text", "22")}),
    (plant_custom_xml, {"forbidden-part"}, {("withheld-figure", "23")}),
    (plant_header, set(), {("withheld-figure", "22")}),
    (plant_footer, set(), {("withheld-text", "22")}),
    (plant_tracked_deletion, {"tracked-change"}, {("withheld-text", "22")}),
    (plant_alt_text, {"drawing"}, {("withheld-figure", "23")}),
    (plant_field, {"field"}, set()),
    (plant_white_text, {"invisible-text"}, {("withheld-figure", "23")}),
    (plant_tiny_text, {"invisible-text"}, {("withheld-text", "22")}),
    (plant_document_variable, {"hidden-data"}, {("withheld-figure", "23")}),
    (plant_attached_template, {"personal-data"}, set()),
    (plant_thumbnail, {"forbidden-part"}, {("withheld-figure", "23")}),
    (plant_hiding_style, {"hidden-text"}, set()),
    (plant_external_link, {"external-target"}, set()),
    (plant_alt_chunk, {"forbidden-part", "embedded-object"}, {("withheld-figure", "23")}),
    (plant_block_content_control, {"content-control"}, set()),
    (plant_people, {"forbidden-part"}, set()),
]


@pytest.mark.parametrize(("plant", "codes", "found"), PLANTS,
                         ids=[p[0].__name__.removeprefix("plant_") for p in PLANTS])
def test_a_planted_marker_is_found(plant: Callable[[Path, str], None], codes: set[str], found: set[tuple[str, str]],
                                   sample: Review, secret: str, part1: Path) -> None:
    plant(part1, secret)
    result = audit(part1, sample)
    assert not result.clean
    assert codes <= result.codes(), result.findings
    assert found <= leaks(result), result.findings
    # Nothing else was caught: the draft itself is clean, so every finding is about the plant.
    assert {(f.code, f.ref) for f in result.findings if f.ref} <= found


def test_without_the_source_the_hiding_places_are_still_found(part1: Path, secret: str) -> None:
    plant_hidden_run(part1, secret)
    plant_custom_xml(part1, secret)
    result = audit_report(part1)
    assert {"hidden-text", "forbidden-part"} <= result.codes()
    assert not result.searched_figures and not leaks(result)


@pytest.mark.parametrize("content", [b"", b"not a document", b"PK\x03\x04broken"], ids=["empty", "text", "broken"])
def test_what_is_not_a_docx_is_refused_not_crashed_on(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "report.docx"
    path.write_bytes(content)
    with pytest.raises(UnusableWorkbook) as refused:
        audit_report(path)
    assert [p.code for p in refused.value.problems] == ["not-a-document"]


def test_an_excel_workbook_is_not_a_docx(tmp_path: Path) -> None:
    with pytest.raises(UnusableWorkbook) as refused:
        audit_report(SAMPLE_PATH)
    assert "not a Word document" in refused.value.problems[0].message


def test_the_redaction_given_is_the_one_searched(sample: Review, part1: Path) -> None:
    """With nothing withheld, nothing planted can be a withheld figure: the search follows the redaction."""
    plant_hidden_run(part1, "")
    assert leaks(audit_report(part1, source=sample, redaction=redact(sample))) == {("withheld-figure", "23")}
    assert leaks(audit_report(part1, source=sample, redaction=NO_REDACTION)) == set()
