"""The audit knows the confidential Part 2 file for what it is, when it is audited without the source.

`scrutiny audit appendix-one-2019-10-part2-confidential.xlsx` used to say "clean": it has no hidden
data, only every withheld figure in plain sight. Marked NOT FOR PUBLICATION, titled Part 2, or
carrying the program's own Part 2 markers, a file is a finding, .xlsx and .docx alike.
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from docx import Document
from openpyxl import Workbook

from scrutiny_desktop.audit.common import Audit
from scrutiny_desktop.audit.docx import audit_report
from scrutiny_desktop.audit.xlsx import audit_public
from scrutiny_desktop.domain.settings import DEFAULT_ORGANISATION
from scrutiny_desktop.pipeline import export_appendices, export_report, load_review
from tests.helpers import SAMPLE, run_cli
from tests.public_files import edit_part, part_text

ORG = DEFAULT_ORGANISATION


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("outputs")
    review = load_review(SAMPLE)
    appendices = export_appendices(review, out)
    drafts = export_report(review, out)
    assert appendices.public is not None
    return {"full": appendices.full, "public": appendices.public, "part2": drafts.part2, "part1": drafts.part1}


def _audit(path: Path) -> Audit:
    return (audit_report if path.suffix == ".docx" else audit_public)(path, organisation=ORG)


@pytest.mark.parametrize("kind", ["full", "part2"])
def test_the_program_s_own_part_2_files_are_findings(outputs: dict[str, Path], kind: str) -> None:
    audit = _audit(outputs[kind])
    assert audit.codes() == {"confidential-file"}
    assert "This is the confidential Part 2" in audit.findings[0].message
    assert "publish the Part 1 file" in audit.findings[0].message


@pytest.mark.parametrize("kind", ["public", "part1"])
def test_the_part_1_files_stay_clean(outputs: dict[str, Path], kind: str) -> None:
    assert _audit(outputs[kind]).clean


@pytest.mark.parametrize("kind", ["full", "part2"])
def test_a_part_2_file_with_its_title_cleared_is_still_known_by_its_header(
    outputs: dict[str, Path], kind: str, tmp_path: Path
) -> None:
    copy = tmp_path / outputs[kind].name.replace("part2-confidential", "for-cabinet")
    copy.write_bytes(outputs[kind].read_bytes())
    core = part_text(copy, "docProps/core.xml")
    title = core[core.index("<dc:title"):core.index("</dc:title>") + len("</dc:title>")]
    edit_part(copy, "docProps/core.xml", title, "")
    audit = _audit(copy)
    assert audit.codes() == {"confidential-file"}
    assert "header" in audit.findings[0].where.lower()


def test_the_cli_says_so_and_exits_1(outputs: dict[str, Path]) -> None:
    result = run_cli("audit", str(outputs["full"]))
    assert result.returncode == 1, result.stdout + result.stderr
    assert "confidential-file: This is the confidential Part 2 appendix: publish the Part 1 file" in result.stdout
    result = run_cli("audit", str(outputs["part2"]), "--json")
    assert result.returncode == 1
    assert [f["code"] for f in json.loads(result.stdout)["findings"]] == ["confidential-file"]


def _workbook(path: Path, first_cell: str, title: str = "") -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = "Dataset"
    ws["A1"] = first_cell
    ws["A3"] = "Ref"
    ws["B3"] = "Reported in the Part 2 report"  # what a public file says of a Part 2 indicator
    ws["A4"] = 1
    wb.properties.creator = ORG
    wb.properties.lastModifiedBy = ORG
    wb.properties.title = title
    wb.save(path)
    return path


@pytest.mark.parametrize(("first_cell", "title"), [
    ("PART 2 – NOT FOR PUBLICATION", ""),
    ("Appendix One", "Appendix One – Part 2"),
    ("Exempt information under paragraph 2 of Schedule 12A", ""),
    ("Part Two: scorecard", ""),
], ids=["marked", "titled", "exempt", "part two in the first cell"])
def test_a_hand_marked_workbook_is_a_finding(tmp_path: Path, first_cell: str, title: str) -> None:
    audit = audit_public(_workbook(tmp_path / "book.xlsx", first_cell, title), organisation=ORG)
    assert audit.codes() == {"confidential-file"}


def test_a_public_workbook_that_mentions_the_part_2_report_is_not(tmp_path: Path) -> None:
    assert audit_public(_workbook(tmp_path / "book.xlsx", "Appendix One: October 2019"), organisation=ORG).clean


def test_a_hand_marked_document_is_a_finding(tmp_path: Path) -> None:
    document = Document()
    document.add_paragraph("Cabinet, 14 November 2019")
    document.add_paragraph("NOT FOR PUBLICATION by virtue of paragraph 2 of Part 1 of Schedule 12A")
    document.core_properties.author = ORG
    document.core_properties.last_modified_by = ORG
    path = tmp_path / "report.docx"
    document.save(path)
    with zipfile.ZipFile(path) as zf:
        assert "NOT FOR PUBLICATION" in zf.read("word/document.xml").decode()
    audit = audit_report(path, organisation=ORG)
    assert "confidential-file" in audit.codes()
