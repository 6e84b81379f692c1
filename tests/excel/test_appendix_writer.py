"""The written Part 2 appendix, read back with openpyxl: values, number formats, RAG words and fills, print setup."""

from __future__ import annotations

import getpass
import os
from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from scrutiny_desktop.domain.appendix import MARKING, SHEET_EXCEPTIONS, SHEET_KEY, SHEET_MAIN
from scrutiny_desktop.domain.problems import UnusableWorkbook
from scrutiny_desktop.domain.review import Review
from scrutiny_desktop.domain.settings import Paper, Settings
from scrutiny_desktop.excel import appendix_writer
from scrutiny_desktop.excel.appendix_writer import CELL_PADDING, column_pixels, lines_needed, text_pixels
from scrutiny_desktop.pipeline import export_appendices, load_review
from tests.helpers import SAMPLE, heading_row, table

RAG_FILLS = {"Red": "C00000", "Amber": "FFC000", "Green": "00B050", "No target": "E7E6E6"}


@pytest.fixture(scope="module")
def sample_review() -> Review:
    return load_review(SAMPLE)


@pytest.fixture(scope="module")
def appendix(sample_review: Review, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return export_appendices(sample_review, tmp_path_factory.mktemp("out")).full


def test_three_sheets_a_title_and_the_organisation_as_author(appendix: Path) -> None:
    wb = load_workbook(appendix)
    assert wb.sheetnames == [SHEET_MAIN, SHEET_EXCEPTIONS, SHEET_KEY]
    assert appendix.name == "appendix-one-2019-10-part2-confidential.xlsx"
    props = wb.properties
    assert props.title.startswith("Appendix One: Children's Scrutiny Dataset, October 2019")
    assert props.creator == props.lastModifiedBy == "Children's Services Performance"
    assert getpass.getuser() not in {props.creator, props.lastModifiedBy}


def test_nothing_hidden_no_formulas_no_merged_cells(appendix: Path) -> None:
    wb = load_workbook(appendix)
    for ws in wb.worksheets:
        assert ws.sheet_state == "visible"
        assert not ws.merged_cells.ranges
        assert not any(d.hidden for d in ws.column_dimensions.values())
        assert not any(d.hidden for d in ws.row_dimensions.values())
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", cell.coordinate
                assert not (isinstance(cell.value, str) and cell.value == ""), cell.coordinate


def test_title_period_marking_and_the_key_line_come_before_the_table(appendix: Path) -> None:
    ws = load_workbook(appendix)[SHEET_MAIN]
    above = [ws.cell(r, 1).value for r in range(1, heading_row(ws))]
    assert above[0] == "Appendix One: Children's Scrutiny Dataset"
    assert above[1] == MARKING
    assert "as at the end of October 2019" in above[2]
    assert any(str(line).startswith("Symbols: [c] confidential") for line in above)


def test_figures_read_back_as_numbers_with_formats_and_rag_as_word_and_fill(appendix: Path) -> None:
    rows = table(load_workbook(appendix)[SHEET_MAIN])
    assert list(rows)[:3] == ["1", "2", "3"] and "35.1" in rows
    r25 = rows["25"]
    assert r25["Current outturn"].value == "55% (50 of 91)"
    assert r25["Oct 2019"].data_type == "n" and r25["Oct 2019"].value == pytest.approx(50 / 91)
    assert r25["Oct 2019"].number_format == "0%"
    assert r25["2018/19"].value == pytest.approx(0.58) and r25["England"].value == pytest.approx(0.68)
    assert (r25["RAG"].value, r25["RAG"].style) == ("Red", "Appendix rag-red")
    assert (rows["29"]["Current outturn"].value, rows["29"]["Current outturn"].number_format) == (16.8, "#,##0.0")
    assert (rows["8"]["Current outturn"].value, rows["8"]["Current outturn"].number_format) == (1150, "#,##0")
    assert rows["29"]["vs previous"].value == "↑ worsening"
    for ref, row in rows.items():
        rag = row["RAG"]
        if rag.value in RAG_FILLS:
            assert rag.fill.fgColor.rgb.endswith(RAG_FILLS[rag.value]), ref
        for heading, cell in row.items():
            assert cell.value is not None, (ref, heading)  # a symbol, never a blank


def test_the_exceptions_sheet_has_the_figures_and_says_where_commentary_is_needed(appendix: Path) -> None:
    rows = table(load_workbook(appendix)[SHEET_EXCEPTIONS])
    assert list(rows) == ["5", "22", "23", "25", "29", "35.1"]
    assert rows["25"]["Current outturn"].value == "55% (50 of 91)"
    assert rows["25"]["Management commentary"].value.startswith("Whilst there have been significant")
    needed = rows["35.1"]["Management commentary"]
    assert needed.value == "Commentary needed" and needed.style == "Appendix commentary-needed"
    assert rows["29"]["How the RAG was decided"].value.endswith("within the tolerance of 3: Amber")


def test_print_setup_on_every_sheet(appendix: Path) -> None:
    wb = load_workbook(appendix)
    for ws in wb.worksheets:
        top = heading_row(ws)
        setup = ws.page_setup
        assert (setup.orientation, int(setup.paperSize)) == ("landscape", 9), ws.title
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        assert (setup.fitToWidth, setup.fitToHeight) == (1, 1 if ws.title == SHEET_KEY else 0)
        assert ws.print_title_rows == f"${top}:${top}"
        assert ws.freeze_panes.endswith(str(top + 1))
        assert ws.oddHeader.left.text == MARKING
        assert ws.oddHeader.right.text == "Appendix One: Children's Scrutiny Dataset, October 2019"
        assert ws.oddFooter.center.text == "Page &P of &N"
    assert wb[SHEET_MAIN].freeze_panes == f"C{heading_row(wb[SHEET_MAIN]) + 1}"


def test_a3_is_a_setting(sample_review: Review, tmp_path: Path) -> None:
    path = export_appendices(sample_review, tmp_path, settings=Settings(paper=Paper.A3)).full
    assert {int(ws.page_setup.paperSize) for ws in load_workbook(path).worksheets} == {8}


def test_the_organisation_setting_is_the_author_and_an_ampersand_survives_the_footer(
        sample_review: Review, tmp_path: Path) -> None:
    organisation = "Children & Families Performance"
    path = export_appendices(sample_review, tmp_path, settings=Settings(organisation=organisation)).full
    wb = load_workbook(path)
    assert wb.properties.creator == wb.properties.lastModifiedBy == organisation
    assert wb[SHEET_MAIN].oddFooter.right.text == "Children && Families Performance"  # Excel's code for "&"


def test_rows_are_tall_enough_for_their_wrapped_text(appendix: Path) -> None:
    ws = load_workbook(appendix)[SHEET_MAIN]
    top = heading_row(ws)
    heights = {r: ws.row_dimensions[r].height for r in range(1, ws.max_row + 1)}
    assert all(h for h in heights.values()), "every row has a height"
    assert heights[top] > 20  # "Current outturn" on two lines
    long_title = next(r for r in range(top, ws.max_row + 1) if ws.cell(r, 1).value == "6")  # a 3-line title
    short = next(r for r in range(top, ws.max_row + 1) if ws.cell(r, 1).value == "15")
    assert heights[long_title] >= 3 * 12 and heights[long_title] > heights[short]


def test_wrapping_breaks_at_spaces_and_after_hyphens_and_at_line_breaks() -> None:
    def fits(text: str) -> float:
        return text_pixels(text, 10) + CELL_PADDING + 1

    assert lines_needed("Number of contacts", fits("Number of contacts"), 10) == 1
    assert lines_needed("Number of contacts", fits("Number of"), 10) == 2
    assert lines_needed("Multi-Agency Hub", fits("Agency"), 10) == 3  # "Multi-", "Agency", "Hub"
    assert lines_needed("Multi-Agency Hub", fits("Multi-Agency"), 10) == 2
    assert lines_needed("one\ntwo", column_pixels(30), 10) == 2
    assert lines_needed("Supercalifragilistic", fits("Supercal"), 10) == 3  # too long a word breaks anywhere


def test_every_figure_fits_its_column_so_none_shows_hashes(appendix: Path) -> None:
    wb = load_workbook(appendix)
    for ws in (wb[SHEET_MAIN], wb[SHEET_EXCEPTIONS]):
        for row in ws.iter_rows(min_row=heading_row(ws) + 1):
            for cell in row:
                if isinstance(cell.value, int | float):
                    fmt = cell.number_format
                    places = fmt.count("0") - 1
                    shown = (f"{cell.value * 100:.{places}f}%" if fmt.endswith("%")
                             else f"{cell.value:,.{max(places, 0)}f}")
                    width = ws.column_dimensions[cell.column_letter].width
                    assert text_pixels(shown, 10) + CELL_PADDING <= column_pixels(width), (ws.title, cell.coordinate)


def test_exporting_refuses_to_overwrite_unless_forced(sample_review: Review, tmp_path: Path) -> None:
    first = export_appendices(sample_review, tmp_path).full
    with pytest.raises(UnusableWorkbook) as refused:
        export_appendices(sample_review, tmp_path)
    assert [p.code for p in refused.value.problems] == ["output-exists"]
    assert export_appendices(sample_review, tmp_path, force=True).full == first


def _failing_save(exc: BaseException) -> Callable[[Workbook, Path, object], None]:
    """A stand-in for the appendix's save (sheet_data.save) that fails halfway through writing the file."""
    def save(wb: Workbook, path: Path, _cells: object) -> None:
        Path(path).write_bytes(b"PK\x03\x04 half an appendix")
        raise exc
    return save


@pytest.mark.parametrize("exc", [OSError(28, "No space left on device"), KeyboardInterrupt()])
def test_an_interrupted_export_leaves_no_partial_file_and_the_old_one_untouched(
        sample_review: Review, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, exc: BaseException) -> None:
    earlier = export_appendices(sample_review, tmp_path)
    assert earlier.public is not None
    before = {path: path.read_bytes() for path in (earlier.full, earlier.public)}
    monkeypatch.setattr(appendix_writer, "save", _failing_save(exc))
    expected = UnusableWorkbook if isinstance(exc, OSError) else KeyboardInterrupt
    with pytest.raises(expected):
        export_appendices(sample_review, tmp_path, force=True)
    assert sorted(tmp_path.iterdir()) == sorted(before)
    assert all(path.read_bytes() == data for path, data in before.items())


def test_a_failed_first_export_leaves_nothing(sample_review: Review, tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(appendix_writer, "save", _failing_save(OSError(28, "No space left on device")))
    with pytest.raises(UnusableWorkbook) as refused:
        export_appendices(sample_review, tmp_path / "out")
    assert refused.value.problems[0].code == "output-unwritable"
    assert "No space left on device" in refused.value.problems[0].message
    assert list((tmp_path / "out").iterdir()) == []


def test_the_appendix_is_readable_by_others_as_any_new_file_is(appendix: Path) -> None:
    if os.name != "posix":
        pytest.skip("permissions are POSIX")
    umask = os.umask(0)
    os.umask(umask)
    assert appendix.stat().st_mode & 0o777 == 0o666 & ~umask


def test_progress_goes_from_start_to_finish_with_a_message_each_step(sample_review: Review, tmp_path: Path) -> None:
    seen: list[tuple[str, float]] = []
    result = export_appendices(sample_review, tmp_path, progress=lambda message, fraction: seen.append(
        (message, fraction)))
    fractions = [f for _, f in seen]
    assert len(seen) >= 3 and fractions == sorted(fractions) and fractions[-1] == 1.0
    assert all(message for message, _ in seen)
    messages = [message for message, _ in seen]
    for step in ("Writing appendix-one-2019-10-part2-confidential.xlsx",
                 "Writing appendix-one-2019-10-part1-public.xlsx",
                 "Auditing appendix-one-2019-10-part1-public.xlsx"):
        assert step in messages
    assert result.missing_commentary == ("35.1",) and result.public is not None
    assert result.audit is not None and result.audit.clean and result.audit.path == result.public


def test_wrapping_measures_each_word_as_text_pixels_does() -> None:
    """`lines_needed` measures words by their ems, cached once for every size: the same lines as measuring
    each word with `text_pixels`, as it first did."""
    import math
    import random

    from scrutiny_desktop.excel.appendix_writer import _BREAKS

    def reference(text: str, width: float, size: float, bold: bool) -> int:
        usable = max(width - CELL_PADDING, 1.0)
        space = text_pixels(" ", size, bold)
        total = 0
        for paragraph in text.split("\n"):
            lines, used, end = 1, 0.0, None
            for piece in _BREAKS.finditer(paragraph):
                w = text_pixels(piece.group(), size, bold)
                gap = space if end is not None and piece.start() > end else 0.0
                end = piece.end()
                if w > usable:
                    lines += (0 if used == 0 else 1) + math.ceil(w / usable) - 1
                    used = w % usable
                elif used == 0:
                    used = w
                elif used + gap + w <= usable:
                    used += gap + w
                else:
                    lines += 1
                    used = w
            total += lines
        return total

    rng = random.Random(5)
    words = ["Multi-Agency", "children", "in", "care", "16.8", "12–15", "↑", "improving", "[c]", "W", "—", "x" * 30,
             "Hub", "a-b-c", "-", "%", "Supercalifragilistic"]
    for _ in range(2000):
        separators = [" ", " ", "  ", "\n", "-", "\t"]
        text = "".join(rng.choice(words) + rng.choice(separators) for _ in range(rng.randint(1, 14)))
        width, size = rng.choice([20.0, 40.0, 110.0, 215.0, 453.0]), rng.choice([9.0, 10.0, 11.0])
        bold = rng.random() < 0.3
        assert lines_needed(text, width, size, bold) == reference(text, width, size, bold), text
