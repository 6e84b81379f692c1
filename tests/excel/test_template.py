"""The Appendix One template: it matches its script, a council's restyling reaches the appendix, and a
missing or broken template falls back to the built-in look with a warning."""

from __future__ import annotations

import shutil
import zipfile
from collections.abc import Sequence
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.styles import Font, PatternFill

from scrutiny_desktop.domain.appendix import SHEET_MAIN, Kind, Role
from scrutiny_desktop.domain.problems import Problem
from scrutiny_desktop.domain.review import Review
from scrutiny_desktop.domain.settings import Settings
from scrutiny_desktop.excel.appendix_look import built_in_look, default_template, load_look, style_name
from scrutiny_desktop.pipeline import export_appendices, load_review
from tests.helpers import SAMPLE
from workbook_templates import make_template


@pytest.fixture(scope="module")
def sample_review() -> Review:
    return load_review(SAMPLE)


def _look_of(path: Path) -> dict[str, object]:
    """What a template decides, at the level an officer edits it: styles, page setup, column widths."""
    wb = load_workbook(path)
    found: dict[str, object] = {"sheets": wb.sheetnames}
    for style in wb._named_styles:
        font, fill, align = style.font, style.fill, style.alignment
        found[f"style {style.name}"] = (
            font.name, font.sz, font.b, font.i, font.color.rgb if font.color else None,
            fill.fill_type, fill.fgColor.rgb, align.horizontal, align.vertical, align.wrap_text,
            *(getattr(getattr(style.border, side), "style", None) for side in ("left", "top", "bottom")),
            style.number_format)
    for ws in wb.worksheets:
        m = ws.page_margins
        found[f"{ws.title} page"] = (ws.page_setup.orientation, ws.page_setup.paperSize, ws.page_setup.fitToWidth,
                                     ws.page_setup.fitToHeight, m.left, m.right, m.top, m.bottom,
                                     str(ws.oddHeader), str(ws.oddFooter), ws.print_title_rows)
        found[f"{ws.title} widths"] = {k: d.width for k, d in ws.column_dimensions.items()}
    return found


def test_the_committed_template_matches_its_script(tmp_path: Path) -> None:
    fresh = make_template.write_template(tmp_path / "fresh.xlsx")
    assert _look_of(fresh) == _look_of(default_template()), "run `make template` and commit the result"


def test_the_bundled_template_gives_the_built_in_look_without_warnings() -> None:
    look = load_look()
    assert look.problems == [] and look.source == str(default_template())
    built_in = built_in_look()
    assert set(look.styles) == set(Role)
    for role in Role:
        assert look.styles[role].font == built_in.styles[role].font, role
        assert look.styles[role].fill == built_in.styles[role].fill, role
    assert look.width(SHEET_MAIN, Kind.INDICATOR) == built_in.width(SHEET_MAIN, Kind.INDICATOR)
    assert look.page == built_in.page


def _luminance(rgb: str) -> float:
    channels = [int(rgb[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(foreground: str, background: str) -> float:
    """The WCAG 2 contrast ratio of two RRGGBB colours."""
    a, b = sorted((_luminance(foreground), _luminance(background)), reverse=True)
    return (a + 0.05) / (b + 0.05)


def test_contrast_helper_agrees_with_wcag() -> None:
    assert contrast("000000", "FFFFFF") == pytest.approx(21)
    assert contrast("777777", "FFFFFF") == pytest.approx(4.48, abs=0.01)  # the classic just-fails grey


@pytest.mark.parametrize("role", list(Role))
def test_every_style_of_the_template_passes_wcag_aa_contrast(role: Role) -> None:
    style = load_look().styles[role]
    text = (style.font.color.rgb if style.font.color and isinstance(style.font.color.rgb, str) else "FF000000")[-6:]
    back = style.fill.fgColor.rgb[-6:] if style.fill.fill_type == "solid" else "FFFFFF"
    assert contrast(text, back) >= 4.5, f"{style.name}: {text} on {back}"


def _template_problems(problems: Sequence[Problem]) -> list[Problem]:
    """The export's warnings about its template (the sample also has disclosure warnings)."""
    return [p for p in problems if p.code.startswith("template")]


def _restyled(tmp_path: Path) -> Path:
    path = tmp_path / "council-template.xlsx"
    shutil.copyfile(default_template(), path)
    wb = load_workbook(path)
    styles = {s.name: s for s in wb._named_styles}
    styles[style_name(Role.RAG_RED)].fill = PatternFill("solid", start_color="7030A0", end_color="7030A0")
    styles[style_name(Role.RAG_RED)].font = Font(name="Verdana", size=10, bold=True, color="FFFFFF")
    styles[style_name(Role.TITLE)].font = Font(name="Georgia", size=16, bold=True)
    ws = wb[SHEET_MAIN]
    ws.oddHeader.right.text = "London Borough of Example: {title} ({period})"
    ws.column_dimensions["B"].width = 44  # the Indicator column of the row of kinds
    wb.save(path)
    return path


def test_a_council_restyles_the_template_and_the_appendix_follows(sample_review: Review, tmp_path: Path) -> None:
    template = _restyled(tmp_path)
    result = export_appendices(sample_review, tmp_path / "out", settings=Settings(template=str(template)))
    assert _template_problems(result.problems) == []
    ws = load_workbook(result.full)[SHEET_MAIN]
    red = next(c for row in ws.iter_rows() for c in row if c.value == "Red")
    assert red.fill.fgColor.rgb.endswith("7030A0") and red.font.name == "Verdana"
    assert ws["A1"].font.name == "Georgia" and ws["A1"].font.sz == 16
    assert ws.oddHeader.right.text == (
        "London Borough of Example: Appendix One: Children's Scrutiny Dataset (October 2019)")
    assert ws.column_dimensions["B"].width == 44


@pytest.mark.parametrize("content", [None, b"", b"not a zip at all", b"PK\x03\x04 truncated"])
def test_a_missing_or_broken_template_warns_and_falls_back_to_the_built_in_look(
        sample_review: Review, tmp_path: Path, content: bytes | None) -> None:
    template = tmp_path / "ours.xlsx"
    if content is not None:
        template.write_bytes(content)
    result = export_appendices(sample_review, tmp_path / "out", settings=Settings(template=str(template)))
    problems = _template_problems(result.problems)
    assert [(p.severity.value, p.code) for p in problems] == [("warning", "template-unusable")]
    assert "ours.xlsx" in problems[0].message and "built-in look" in problems[0].message
    ws = load_workbook(result.full)[SHEET_MAIN]
    red = next(c for row in ws.iter_rows() for c in row if c.value == "Red")
    assert red.fill.fgColor.rgb.endswith("C00000")


def test_a_template_declaring_a_document_type_is_not_parsed(tmp_path: Path) -> None:
    # openpyxl reads sheets with the standard parser, so a DTD (entities) is refused before it parses.
    path = tmp_path / "entities.xlsx"
    with zipfile.ZipFile(default_template()) as zin, zipfile.ZipFile(path, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = b'<?xml version="1.0"?><!DOCTYPE w [<!ENTITY e "x">]>' + data.split(b"?>", 1)[-1]
            zout.writestr(item, data)
    look = load_look(path)
    assert [(p.severity.value, p.code) for p in look.problems] == [("warning", "template-unusable")]
    assert "document type" in look.problems[0].message and look.source == "built-in"


def test_a_template_lacking_some_styles_uses_the_built_in_ones_for_those(tmp_path: Path) -> None:
    path = tmp_path / "partial.xlsx"
    shutil.copyfile(default_template(), path)
    wb = load_workbook(path)
    wb._named_styles = type(wb._named_styles)(s for s in wb._named_styles if s.name != style_name(Role.RAG_AMBER))
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                cell.style = "Normal"
    wb.save(path)
    look = load_look(path)
    assert [p.code for p in look.problems] == ["template-incomplete"]
    assert "Appendix rag-amber" in look.problems[0].message
    assert look.styles[Role.RAG_AMBER].fill == built_in_look().styles[Role.RAG_AMBER].fill


@pytest.mark.parametrize("typed", ["NOT FOR PUBLICATION", "Exempt information (Part 2)", "Part 2 – confidential"])
def test_a_marking_typed_into_the_template_stays_off_the_public_paper(sample_review: Review, tmp_path: Path,
                                                                      typed: str) -> None:
    path = tmp_path / "marked.xlsx"
    shutil.copyfile(default_template(), path)
    wb = load_workbook(path)
    wb[SHEET_MAIN].oddHeader.left.text = typed  # instead of {marking}
    wb[SHEET_MAIN].oddFooter.center.text = "Page &P of &N"
    wb.save(path)
    result = export_appendices(sample_review, tmp_path / "out", settings=Settings(template=str(path)))
    assert result.public is not None
    assert [p.code for p in _template_problems(result.problems)] == ["template-marking"]
    assert typed in _template_problems(result.problems)[0].message
    full, public = load_workbook(result.full), load_workbook(result.public)
    assert all(ws.oddHeader.left.text == typed for ws in full.worksheets)  # the Part 2 paper keeps it
    for ws in public.worksheets:
        assert ws.oddHeader.left.text is None
        assert ws.oddHeader.right.text.startswith("Appendix One: Children's Scrutiny Dataset")
        assert ws.oddFooter.center.text == "Page &P of &N"
    with zipfile.ZipFile(result.public) as zf:
        assert not any(typed.casefold() in zf.read(name).decode("utf-8").casefold() for name in zf.namelist())
