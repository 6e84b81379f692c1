"""The wrong file, opened by mistake for the monthly workbook: one plain sentence saying what it is."""

import json
import shutil
import zipfile
from pathlib import Path

import pytest

from scrutiny_desktop.domain.problems import UnusableWorkbook
from scrutiny_desktop.excel.recognise import open_in_excel, wrong_file
from scrutiny_desktop.pipeline import export_appendices, load_review
from tests.helpers import SAMPLE, run_cli
from tests.workbooks import table


@pytest.fixture(scope="module")
def appendices(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    result = export_appendices(load_review(SAMPLE), tmp_path_factory.mktemp("out"))
    assert result.public is not None
    return result.full, result.public


def refusal(path: Path) -> UnusableWorkbook:
    with pytest.raises(UnusableWorkbook) as refused:
        load_review(path)
    return refused.value


@pytest.mark.parametrize("edition", ["Part 2 (not for publication)", "Part 1 (public)"])
def test_an_appendix_this_program_wrote_is_named_as_one(appendices: tuple[Path, Path], edition: str,
                                                        tmp_path: Path) -> None:
    # Renamed as an officer might have saved it: the file's own title tells, not its name.
    appendix = shutil.copyfile(appendices[0] if "Part 2" in edition else appendices[1], tmp_path / "October.xlsx")
    refused = refusal(appendix)
    assert [p.code for p in refused.problems] == ["appendix-not-workbook"]  # one sentence, not sixteen warnings
    message = refused.problems[0].message
    assert message.startswith("October.xlsx is an Appendix One written by Scrutiny Desktop (")
    assert edition in message and "October 2019" in message
    assert "Open the council's monthly KPI workbook it was made from instead." in message


def test_the_command_line_says_it_too(appendices: tuple[Path, Path]) -> None:
    result = run_cli("check", str(appendices[1]), "--json")
    assert result.returncode == 2
    assert [p["code"] for p in json.loads(result.stdout)["problems"]] == ["appendix-not-workbook"]
    assert "written by Scrutiny Desktop" in result.stderr


def _word_file(path: Path) -> Path:
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", "<w:document xmlns:w='http://schemas.openxmlformats.org/"
                                         "wordprocessingml/2006/main'><w:body/></w:document>")
    return path


@pytest.mark.parametrize("name", ["report-draft.docx", "renamed-draft.xlsx"])
def test_a_word_file_is_named_as_one(tmp_path: Path, name: str) -> None:
    refused = refusal(_word_file(tmp_path / name))
    assert [p.code for p in refused.problems] == ["word-document"]
    assert refused.problems[0].message == (
        f"{name} is a Word document (a report draft, perhaps), not the monthly KPI workbook. Open the council's "
        "monthly KPI workbook (.xlsx) instead; the report drafts are written from it.")


def test_a_workbook_open_in_excel_is_read_with_a_warning_that_unsaved_changes_are_not(tmp_path: Path) -> None:
    workbook = shutil.copyfile(SAMPLE, tmp_path / "Dataset October.xlsx")
    assert open_in_excel(workbook) is None
    assert all(p.code != "open-in-excel" for p in load_review(workbook).problems)
    (tmp_path / "~$Dataset October.xlsx").write_bytes(b"\x0bJ Smith" + b" " * 50)
    first = load_review(workbook).problems[0]
    assert first.code == "open-in-excel" and first.severity == "warning"
    assert first.message == ("Dataset October.xlsx is open in Excel (~$Dataset October.xlsx is beside it), so it was "
                             "read as last saved: changes not yet saved in Excel are not included. Save it in Excel, "
                             "then read it again.")
    result = run_cli("check", str(workbook))
    assert result.returncode == 0 and "changes not yet saved in Excel are not included" in result.stdout + result.stderr


def test_the_owner_file_itself_names_the_workbook_to_open(tmp_path: Path) -> None:
    shutil.copyfile(SAMPLE, tmp_path / "Dataset October.xlsx")
    owner = tmp_path / "~$Dataset October.xlsx"
    owner.write_bytes(b"\x0bJ Smith" + b" " * 50)
    refused = refusal(owner)
    assert [p.code for p in refused.problems] == ["excel-owner-file"]
    assert "Open Dataset October.xlsx instead" in refused.problems[0].message


def test_an_ordinary_workbook_or_one_titled_like_an_appendix_by_hand_is_not_mistaken(tmp_path: Path) -> None:
    assert wrong_file(SAMPLE) is None
    book = table(tmp_path / "kpis.xlsx", ["Ref", "Indicator"], ["1", "Contacts"])
    assert wrong_file(book) is None
    from openpyxl import load_workbook

    wb = load_workbook(book)
    wb.properties.title = "Appendix One working copy"
    wb.save(book)
    assert wrong_file(book) is None
    assert wrong_file(tmp_path / "missing.xlsx") is None  # the package checks say it is not there
