"""The report drafts read back with python-docx: headings, numbering, sentences with the figures,
the Part 2 referral, the markings in every header, the properties."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from docx.shared import RGBColor

from scrutiny_desktop.domain.appendix import MARKING
from scrutiny_desktop.domain.report import COMMENTARY_NEEDED, PUBLIC_MARKING
from scrutiny_desktop.domain.review import Review
from scrutiny_desktop.domain.settings import DEFAULT_ORGANISATION
from scrutiny_desktop.pipeline import load_review
from tests.helpers import SAMPLE
from tests.public_files import zip_parts
from tests.word.documents import everything, headers_and_footers, paragraphs, section_under, texts, write_drafts


@pytest.fixture(scope="module")
def sample() -> Review:
    return load_review(SAMPLE)


@pytest.fixture(scope="module")
def drafts(sample: Review, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    return write_drafts(sample, tmp_path_factory.mktemp("drafts"))


def test_part_2_has_a_numbered_heading_per_exception_in_ref_order(drafts: tuple[Path, Path]) -> None:
    _, part2 = drafts
    assert texts(part2, "Heading 1") == [
        "Summary", "3.5 Management commentary on exception – Index indicators performing below expectation"]
    assert texts(part2, "Heading 2") == [
        "Changes in rating since September 2019",
        "3.5.1 Indicator 5: Number of secondary permanent exclusions (rolling 12 months) (RED)",
        "3.5.2 Indicator 22: Number of episodes of children looked after going missing from placement (RED)",
        "3.5.3 Indicator 23: % of children placed for adoption within 12 months of the decision that they should "
        "be adopted (RED)",
        "3.5.4 Indicator 25: Stability of placements of Children Looked After - length of placement (RED)",
        "3.5.5 Indicator 29: Average Caseloads (Children's Social Care) (AMBER)",
        "3.5.6 Indicator 35.1: % Education, Health and Care Plans (EHCP) issued within statutory 20 week timescale "
        "(excluding exception cases) (RED)",
    ]


def test_each_exception_opens_with_its_figures_then_the_commentary(drafts: tuple[Path, Path]) -> None:
    _, part2 = drafts
    placements = section_under(part2, "3.5.4 Indicator 25")
    assert placements[0] == (
        "As at the end of October 2019, the figure for Stability of placements of Children Looked After - length "
        "of placement stood at 55% (50 out of 91). This is lower than the target of 65%. This has worsened since "
        "September 2019 (55.4%) and since October 2018 (57.7%).")
    assert placements[1].startswith("Whilst there have been significant improvements in this area")
    caseloads = section_under(part2, "3.5.5 Indicator 29")
    assert "stood at 16.8. This is higher than the range of 12 to 15." in caseloads[0]
    ehcp = section_under(part2, "3.5.6 Indicator 35.1")
    assert ehcp[0].startswith("As at the end of September 2019, the proportion of Education, Health and Care Plans")
    assert "51% (53 out of 104)" in ehcp[0]
    assert ehcp[1:] == [COMMENTARY_NEEDED]


def test_commentary_still_needed_is_marked_in_its_own_visible_style(drafts: tuple[Path, Path]) -> None:
    for path in drafts:
        needed = [p for p in paragraphs(path) if COMMENTARY_NEEDED in p.text]
        assert len(needed) == 1
        assert needed[0].runs == ((COMMENTARY_NEEDED, "Commentary Needed"),)
        style = docx.Document(str(path)).styles["Commentary Needed"]
        assert style.font.bold and style.font.color.rgb == RGBColor(0xC0, 0, 0)
        shading = style.element.rPr.find(qn("w:shd"))
        assert shading is not None and shading.get(qn("w:fill")) == "FFFF00"


def test_part_1_refers_the_sensitive_exceptions_to_part_2_and_describes_the_rest(drafts: tuple[Path, Path]) -> None:
    part1, _ = drafts
    assert [t.split(":")[0] for t in texts(part1, "Heading 2")] == [
        "Changes in rating since September 2019", "3.5.1 Indicator 25", "3.5.2 Indicator 29", "3.5.3 Indicator 35.1"]
    intro = section_under(part1, "3.5 Management commentary")
    assert intro[0] == ("As at the end of October 2019, the following Children's Scrutiny Dataset key performance "
                        "indicators were performing below expectation.")
    assert intro[1].startswith("Please refer to the Part two report for management commentary on indicators 5, 22, "
                               "23, 28. This data has been suppressed")  # 28: its RAG is withheld (rule 8)
    assert section_under(part1, "3.5.1 Indicator 25")[0] == section_under(drafts[1], "3.5.4 Indicator 25")[0]


def test_part_1_holds_no_word_of_the_sensitive_exceptions(sample: Review, drafts: tuple[Path, Path]) -> None:
    part1, part2 = drafts
    public, full = everything(part1), everything(part2)
    for item in sample.exceptions:
        if item.indicator.sensitive:
            assert item.commentary[:50] in full
            assert item.commentary[:50] not in public
            assert f"Indicator {item.ref}: {item.indicator.title} (RED)" not in public
    for figures in ("stood at 62", "stood at 15", "40% (2 out of 5)"):
        assert figures in full and figures not in public


def test_the_summary_gives_the_counts_and_the_changes(drafts: tuple[Path, Path]) -> None:
    for path in drafts:
        public = path == drafts[0]
        summary = section_under(path, "Summary")
        # Part 1 counts 28's RAG as withheld: Green, with its target, would give its withheld 11 of 12 (rule 8).
        green, withheld = ("22", [["Withheld", "1"]]) if public else ("23", [])
        assert summary[0] == ("As at the end of October 2019, the Children's Scrutiny Dataset has 40 indicators: "
                              f"5 Red, 1 Amber, {green} Green, 11 with no target, 0 with no data"
                              f"{', 1 withheld' if public else ''}.")
        table = docx.Document(str(path)).tables[0]
        assert [[c.text for c in row.cells] for row in table.rows] == [
            ["Rating", "Indicators"], ["Red", "5"], ["Amber", "1"], ["Green", green], ["No target", "11"],
            ["No data", "0"], *withheld, ["Total", "40"]]
        changes = [p for p in paragraphs(path) if p.style == "List Bullet"]
        assert [p.text.split(" – ")[-1] for p in changes] == ["Amber to Red (newly Red).", "Amber to Green."]
        assert changes[0].text.startswith("Indicator 22: ")


def test_every_header_carries_the_editions_marking(drafts: tuple[Path, Path]) -> None:
    part1, part2 = drafts
    for path, marking, other in ((part1, PUBLIC_MARKING, MARKING), (part2, MARKING, PUBLIC_MARKING)):
        stories = headers_and_footers(path)
        headers = [lines for name, lines in stories.items() if "header" in name]
        assert len(headers) == 3 and all(lines[0] == marking for lines in headers), stories
        assert all(other not in "\n".join(lines) for lines in stories.values())
        footers = [lines for name, lines in stories.items() if "footer" in name]
        assert all(lines[0].startswith("Page 1 of 1 – Part") for lines in footers), footers
    assert "NOT FOR PUBLICATION" not in everything(part1)


def test_the_properties_name_the_organisation_and_the_edition(drafts: tuple[Path, Path]) -> None:
    part1, part2 = drafts
    for path, edition in ((part1, "Part 1 (public)"), (part2, "Part 2 (not for publication)")):
        props = docx.Document(str(path)).core_properties
        assert props.author == props.last_modified_by == DEFAULT_ORGANISATION
        assert props.title == ("Management commentary on exception: Children's Scrutiny Dataset, October 2019 – "
                               f"{edition}")
        assert props.comments == "" and props.keywords == ""
        assert "python-docx" not in everything(path)
        # Only what the report is built from: no thumbnail, custom XML, extended properties or comments.
        assert not [name for name in zip_parts(path) if name.startswith(("customXml/", "docProps/app", "docProps/thumb",
                                                                          "word/comments", "word/media"))]
