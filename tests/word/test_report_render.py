"""The report drafts printed by LibreOffice: every page of Part 2 carries the exempt marking, every page of
Part 1 the public one, whatever first-page and facing-page headers the template uses."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest

from scrutiny_desktop.domain.appendix import MARKING
from scrutiny_desktop.domain.report import PUBLIC_MARKING
from scrutiny_desktop.pipeline import load_review
from scrutiny_desktop.word.report_look import default_template
from tests.helpers import SAMPLE
from tests.word.documents import pdf_pages, write_drafts

pytestmark = [pytest.mark.libreoffice, pytest.mark.usefixtures("libreoffice")]

LONG = ("Recruitment to the service continues, and each case has been reviewed by the head of service with the team "
        "manager, the independent reviewing officer and the child's social worker. ") * 12


def facing_pages_template(path: Path) -> Path:
    """The bundled template with a different first page and different odd and even pages switched on."""
    document = docx.Document(str(default_template()))
    document.sections[0].different_first_page_header_footer = True
    document.settings.odd_and_even_pages_header_footer = True
    document.save(str(path))
    return path


def test_every_printed_page_carries_its_editions_marking(tmp_path: Path) -> None:
    sample = load_review(SAMPLE)
    long = sample.with_commentary({item.ref: LONG for item in sample.exceptions})
    template = facing_pages_template(tmp_path / "facing.docx")
    part1, part2 = write_drafts(long, tmp_path / "drafts", template=template)
    full = pdf_pages(part2, tmp_path / "pdf2")
    assert len(full) >= 3, "the test needs a first, an even and an odd page"
    for n, page in enumerate(full, start=1):
        assert MARKING in page, f"page {n} of Part 2 has no exempt marking"
        assert f"Page {n} of {len(full)}" in page
    public = pdf_pages(part1, tmp_path / "pdf1")
    assert len(public) >= 2
    for n, page in enumerate(public, start=1):
        assert PUBLIC_MARKING in page, f"page {n} of Part 1 is not marked public"
        assert "NOT FOR PUBLICATION" not in page
    printed = "\n".join(public)
    assert "3.5.1 Indicator 25: Stability of placements" in printed
    assert "indicators 5, 22, 23" in printed
    assert "3.5.4 Indicator 25" in "\n".join(full)
