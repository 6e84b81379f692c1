"""The report draft as data: section 3.5 as the committee report writes it, in both editions."""

from __future__ import annotations

import pytest

from scrutiny_desktop.domain.appendix import MARKING
from scrutiny_desktop.domain.changes import NOTHING_TO_COMPARE, changes_since_previous_period
from scrutiny_desktop.domain.disclosure import Reason, Redaction, Slot, Suppression, redact
from scrutiny_desktop.domain.drafting import draft_commentary
from scrutiny_desktop.domain.model import PERCENT, Dataset, Indicator, Outturn, Polarity, Target, Tolerance
from scrutiny_desktop.domain.periods import Period
from scrutiny_desktop.domain.report import PUBLIC_MARKING, REFERRAL, ReportDraft, build_report
from scrutiny_desktop.domain.review import Review, review
from scrutiny_desktop.pipeline import load_review
from tests.helpers import SAMPLE

SEP, OCT = Period(2019, 9), Period(2019, 10)


@pytest.fixture(scope="module")
def sample() -> Review:
    return load_review(SAMPLE)


def draft_of(data: Review, public: bool) -> ReportDraft:
    return build_report(data, changes_since_previous_period(data), redaction=redact(data), public=public)


def all_text(draft: ReportDraft) -> str:
    texts = [draft.title, draft.heading, draft.marking, *draft.summary, draft.changes_heading, *draft.changes,
             draft.section_heading, *draft.introduction]
    for e in draft.exceptions:
        texts += [e.title, e.figures, *e.commentary]
    return "\n".join(texts)


def test_part_2_describes_every_exception_in_ref_order_as_the_reference_does(sample: Review) -> None:
    draft = draft_of(sample, public=False)
    assert draft.marking == MARKING
    assert [e.title.split(":")[0] for e in draft.exceptions] == [
        "3.5.1 Indicator 5", "3.5.2 Indicator 22", "3.5.3 Indicator 23", "3.5.4 Indicator 25",
        "3.5.5 Indicator 29", "3.5.6 Indicator 35.1"]
    placements = draft.exceptions[3]
    assert placements.title == ("3.5.4 Indicator 25: Stability of placements of Children Looked After - "
                                "length of placement (RED)")
    assert placements.figures.startswith("As at the end of October 2019, ")
    assert "55% (50 out of 91)" in placements.figures
    assert "lower than the target of 65%" in placements.figures
    assert "worsened since September 2019 (55.4%) and since October 2018 (57.7%)" in placements.figures
    assert placements.commentary and placements.commentary[0].startswith("Whilst there have been")
    assert draft.exceptions[4].title.endswith("(AMBER)")
    assert "higher than the range of 12 to 15" in draft.exceptions[4].figures
    assert draft.exceptions[5].commentary == ()  # 35.1 has none yet: the writer marks it needed
    assert draft.withheld_refs == ()
    assert not any("Part two report" in line for line in draft.introduction)


def test_part_1_leaves_the_sensitive_exceptions_to_part_2_in_one_sentence(sample: Review) -> None:
    draft = draft_of(sample, public=True)
    assert draft.marking == PUBLIC_MARKING and draft.public
    assert draft.withheld_refs == ("5", "22", "23", "28")  # 28: its RAG is withheld (rule 8)
    assert [e.title.split(":")[0] for e in draft.exceptions] == [
        "3.5.1 Indicator 25", "3.5.2 Indicator 29", "3.5.3 Indicator 35.1"]
    assert draft.introduction[1] == REFERRAL.format(indicators="indicators 5, 22, 23, 28")
    assert draft.introduction[1].startswith(
        "Please refer to the Part two report for management commentary on indicators 5, 22, 23, 28.")
    text = all_text(draft)
    for item in sample.exceptions:
        if item.indicator.sensitive:
            assert item.commentary[:40] not in text
            assert draft_commentary(item) not in text
    # The ratings stay public, so the summary and the changes name every indicator's rating, but for 28's,
    # which would give its withheld 11 of 12 (rule 8): it is counted as withheld.
    assert "5 Red, 1 Amber, 22 Green, 11 with no target, 0 with no data, 1 withheld" in draft.summary[0]
    assert draft.changes[0].startswith("Indicator 22: Number of episodes") and "(newly Red)" in draft.changes[0]


def test_the_summary_counts_and_the_changes_heading(sample: Review) -> None:
    draft = draft_of(sample, public=False)
    assert dict(draft.counts) == {"Red": 5, "Amber": 1, "Green": 23, "No target": 11, "No data": 0, "Total": 40}
    assert draft.changes_heading == "Changes in rating since September 2019"
    assert draft.changes == (
        "Indicator 22: Number of episodes of children looked after going missing from placement – Amber to Red "
        "(newly Red).",
        "Indicator 6: % of 16-17 year olds not in education, employment or training (NEET) or whose activity is not "
        "known – Amber to Green.",
    )
    alone = build_report(sample, NOTHING_TO_COMPARE)
    assert alone.changes_heading == "Changes in rating" and alone.changes == (
        "There is no earlier period to compare with.",)


def small(ref: str, n: float, d: float, before: tuple[float, float] = (40, 50), sensitive: bool = False) -> Indicator:
    """A percentage indicator, target 70%: n of d in October, `before` in September."""
    return Indicator(ref=ref, title=f"% of children in group {ref}", polarity=Polarity.HIGH, unit=PERCENT,
                     target=Target.single(70), tolerance=Tolerance(5), sensitive=sensitive,
                     outturns={SEP: Outturn(100 * before[0] / before[1], *before),
                               OCT: Outturn(100 * n / d, n, d)})


def reviewed(*indicators: Indicator, commentary: dict[str, str] | None = None) -> Review:
    return review(Dataset("t.xlsx", "Data", indicators, (SEP, OCT), title="Test Dataset"), OCT, commentary)


def figures_only(redaction: Redaction) -> Redaction:
    """The redaction with every commentary published: how the figures alone are drafted."""
    kept = {key: s for key, s in redaction.suppressions.items() if key[1].kind != "commentary"}
    return Redaction(kept, redaction.sensitive, redaction.problems, redaction.kept_for_sensitive)


def test_a_public_exception_whose_figure_is_withheld_states_no_figure() -> None:
    data = reviewed(small("7", 3, 8), small("8", 30, 60))
    public = build_report(data, changes_since_previous_period(data), redaction=figures_only(redact(data)),
                          public=True)
    seven = public.exceptions[0]
    assert seven.title == "3.5.1 Indicator 7: % of children in group 7 (RED)"
    assert seven.figures == "The figure for October 2019 is withheld ([c]) so that no child can be identified."
    full = draft_of(data, public=False).exceptions[0]
    assert "38% (3 out of 8)" in full.figures and "September 2019 (80%)" in full.figures
    # The other exception keeps its figures, and its trend against a published September.
    eight = public.exceptions[1]
    assert "50% (30 out of 60)" in eight.figures and "since September 2019 (80%)" in eight.figures


def test_a_trend_against_a_withheld_month_is_left_out_of_part_1() -> None:
    data = reviewed(small("7", 30, 60, before=(3, 8)))
    public = draft_of(data, public=True).exceptions[0].figures
    assert "50% (30 out of 60)" in public and "since" not in public and "38" not in public
    assert "since September 2019 (37.5%)" in draft_of(data, public=False).exceptions[0].figures


def test_commentary_completing_the_windows_draft_does_not_repeat_the_figures() -> None:
    data = reviewed(small("7", 30, 60))
    drafted = draft_commentary(data.items[0])
    typed = f"{drafted}\n\nA new panel reviews every case.\n  \nIt meets weekly.\x0b"
    draft = draft_of(reviewed(small("7", 30, 60), commentary={"7": typed}), public=False)
    assert draft.exceptions[0].figures == drafted
    assert draft.exceptions[0].commentary == ("A new panel reviews every case.", "It meets weekly.")


def test_an_exception_whose_commentary_is_withheld_is_referred_to_part_2_though_not_sensitive() -> None:
    data = reviewed(small("7", 30, 60), small("8", 20, 60))
    redaction = Redaction({("8", Slot("commentary")): Suppression("8", Slot("commentary"), Reason.SECONDARY)})
    draft = build_report(data, NOTHING_TO_COMPARE, redaction=redaction, public=True)
    assert draft.withheld_refs == ("8",)
    assert [e.ref for e in draft.exceptions] == ["7"]
    assert draft.introduction[1].startswith("Please refer to the Part two report for management commentary on "
                                            "indicator 8. ")


def test_one_withheld_exception_is_named_in_the_singular_and_none_at_all_is_said() -> None:
    data = reviewed(small("7", 30, 60, sensitive=True), small("8", 60, 60))
    assert draft_of(data, public=True).introduction[1].startswith(
        "Please refer to the Part two report for management commentary on indicator 7. ")
    calm = draft_of(reviewed(small("8", 60, 60)), public=True)
    assert calm.exceptions == ()
    assert calm.introduction == ("As at the end of October 2019, no Test Dataset key performance indicator was "
                                 "performing below expectation.",)
