"""The report template: it matches its script, a council's restyling reaches the drafts while nothing
else of the template does, and a missing, broken or incomplete template falls back with a warning."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import docx
import pytest
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor

from scrutiny_desktop.domain.review import Review
from scrutiny_desktop.pipeline import load_review
from scrutiny_desktop.word.report_look import BUILT_IN_STYLES, default_template, open_template
from tests.helpers import SAMPLE
from tests.public_files import zip_parts
from tests.word.documents import everything, headers_and_footers, texts, write_drafts
from workbook_templates import make_report_template

CUSTOM_TYPE = "application/vnd.openxmlformats-officedocument.custom-properties+xml"


@pytest.fixture(scope="module")
def sample() -> Review:
    return load_review(SAMPLE)


def _shading(style: Any) -> str | None:
    r_pr = style.element.rPr
    shading = r_pr.find(qn("w:shd")) if r_pr is not None else None
    return shading.get(qn("w:fill")) if shading is not None else None


def _look_of(path: Path) -> dict[str, object]:
    """What a template decides, as an officer edits it in Word: each style, and the page."""
    document = docx.Document(str(path))
    found: dict[str, object] = {}
    for spec in BUILT_IN_STYLES:
        style = document.styles[spec.name]
        font = style.font
        rfonts = style.element.rPr.rFonts if style.element.rPr is not None else None
        themed = sorted(k for k in (rfonts.attrib if rfonts is not None else {}) if "heme" in k)
        paragraph = style.paragraph_format if style.type == WD_STYLE_TYPE.PARAGRAPH else None
        found[spec.name] = (
            style.type, style.base_style.name if style.base_style is not None else None, font.name, font.size,
            font.bold, font.italic, font.color.rgb if font.color.type is not None else None, _shading(style),
            themed, paragraph and (paragraph.space_before, paragraph.space_after, paragraph.keep_with_next,
                                   paragraph.alignment))
    section = document.sections[0]
    found["page"] = (section.page_width, section.page_height, section.left_margin, section.right_margin,
                     section.top_margin, section.bottom_margin, section.orientation)
    found["parts"] = sorted(zip_parts(path))
    return found


def test_the_committed_template_matches_its_script(tmp_path: Path) -> None:
    fresh = make_report_template.write_template(tmp_path / "fresh.docx")
    assert _look_of(fresh) == _look_of(default_template()), "run `make report-template` and commit the result"


def test_the_template_styles_are_pinned_not_left_to_the_theme() -> None:
    look = _look_of(default_template())
    for spec in BUILT_IN_STYLES:
        assert look[spec.name][2] == spec.font, spec.name  # type: ignore[index]
        assert look[spec.name][8] == [], f"{spec.name} still takes its font from the theme"  # type: ignore[index]


def test_the_bundled_template_opens_without_warnings() -> None:
    document, problems = open_template()
    assert problems == []
    assert [p.text for p in document.paragraphs] == []  # its example text is not kept


def council_template(path: Path) -> Path:
    """A council's own template, made in Word: restyled headings, and plenty that must not reach a report."""
    document = docx.Document()
    heading = document.styles["Heading 2"]
    heading.font.name, heading.font.size, heading.font.color.rgb = "Georgia", Pt(14), RGBColor(0x1F, 0x4E, 0x79)
    for attribute in ("asciiTheme", "hAnsiTheme"):
        heading.element.rPr.rFonts.attrib.pop(qn(f"w:{attribute}"), None)
    paragraph = document.add_paragraph("OLD TEMPLATE TEXT 7777 for the clerk")
    document.add_comment(paragraph.runs, text="Jane Smith's note: 2 of 5 placed", author="Jane Smith", initials="JS")
    document.sections[0].header.paragraphs[0].text = "Template header: prepared by Jane Smith"
    document.sections[0].footer.paragraphs[0].text = "Template footer 4242"
    props = document.core_properties
    props.author, props.last_modified_by, props.comments = "Jane Smith", "Jane Smith", "Draft for the clerk"
    custom = Part(PackURI("/docProps/custom.xml"), CUSTOM_TYPE,
                  b'<?xml version="1.0"?><Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
                  b'custom-properties"><property name="Owner">Jane Smith</property></Properties>',
                  document.part.package)
    document.part.package.relate_to(custom, RT.CUSTOM_PROPERTIES)
    variables = document.settings.element.makeelement(qn("w:docVars"), {})
    variable = variables.makeelement(qn("w:docVar"), {qn("w:name"): "owner", qn("w:val"): "Jane Smith"})
    variables.append(variable)
    document.settings.element.append(variables)
    document.save(str(path))
    return path


def test_a_councils_template_restyles_the_drafts_and_leaves_nothing_else(tmp_path: Path, sample: Review) -> None:
    template = council_template(tmp_path / "council.docx")
    assert "Jane Smith" in everything(template) and "word/comments.xml" in zip_parts(template)
    part1, part2 = write_drafts(sample, tmp_path / "out", template=template)
    for path in (part1, part2):
        heading = docx.Document(str(path)).styles["Heading 2"]
        assert (heading.font.name, heading.font.size, heading.font.color.rgb) == ("Georgia", Pt(14),
                                                                                  RGBColor(0x1F, 0x4E, 0x79))
        text = everything(path)
        for planted in ("Jane Smith", "OLD TEMPLATE TEXT", "7777", "Template header", "4242", "Draft for the clerk"):
            assert planted not in text, (path.name, planted)
        assert not [n for n in zip_parts(path) if n.startswith(("word/comments", "docProps/custom", "customXml"))]
        assert texts(path, "Heading 2")[1].startswith("3.5.1 Indicator")
        assert all(lines and lines[0] for name, lines in headers_and_footers(path).items() if "header" in name)


def test_a_template_lacking_the_reports_own_styles_gets_them_with_a_warning(tmp_path: Path) -> None:
    plain = tmp_path / "plain.docx"
    docx.Document().save(str(plain))
    document, problems = open_template(plain)
    assert [p.code for p in problems] == ["template-incomplete"]
    assert "'Protective Marking'" in problems[0].message and "'Commentary Needed'" in problems[0].message
    assert document.styles["Commentary Needed"].type == WD_STYLE_TYPE.CHARACTER


@pytest.mark.parametrize("make", [
    lambda p: p.write_text("not a Word document", encoding="utf-8"),
    lambda p: p.write_bytes(b"PK\x03\x04 a broken zip"),
    lambda p: None,  # no such file
], ids=["text", "broken-zip", "missing"])
def test_an_unusable_template_falls_back_to_the_bundled_one(tmp_path: Path, sample: Review, make: Any) -> None:
    template = tmp_path / "council.docx"
    make(template)
    document, problems = open_template(template)
    assert [p.code for p in problems] == ["template-unusable"]
    assert "bundled one is used" in problems[0].message
    assert "Protective Marking" in document.styles
    part1, _ = write_drafts(sample, tmp_path / "out", template=template)
    assert texts(part1, "Heading 2")[1].startswith("3.5.1 Indicator 25")
