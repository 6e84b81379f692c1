"""Property: over random workbooks, the exported public appendix withholds what the rules say and no more.

Each example is a workbook written in code, in the sample's layout, with random indicators (units,
counts and denominators of 0, 1-5, 6-10 and larger, Part 2 flags, running totals, gaps), read with
`load_review` and exported with `export_appendices`, which audits the public file. The public zip
is then checked by tests/public_zip.py, independently of that audit: no withheld figure appears
anywhere in it as a value; no protected count can be worked out from the published figures of its
row (a percentage with its denominator, the complement, running totals); and nothing the rules
leave public is `[c]`.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from scrutiny_desktop.domain.disclosure import DisclosureRules, redact
from scrutiny_desktop.domain.settings import Settings
from scrutiny_desktop.pipeline import export_appendices, load_review
from tests.public_zip import check_public
from workbook_templates.make_sample import Layout, Row, Section, write_dataset

UNITS = ("%", "Number", "Rate per 10,000", "Average")
LETTERS = "ABCDEFGHJK"


def denominators() -> st.SearchStrategy[int]:
    """A cohort: none, tiny, at the threshold of 10, modest, or large."""
    return st.one_of(st.just(0), st.integers(1, 5), st.integers(6, 10), st.integers(11, 60),
                     st.integers(61, 5000))


@st.composite
def counts(draw: st.DrawFn) -> tuple[int, int]:
    d = draw(denominators())
    near = st.integers(max(0, d - 6), d)  # a complement from 0 to 6
    n = draw(st.one_of(st.integers(0, min(d, 6)), near, st.integers(0, d)))
    return n, d


def cell(unit: str, n: int, d: int) -> str | int:
    """The figure as an officer types it: `38% (3 of 8)`, a count, or a value with its counts."""
    if unit == "Number":
        return n
    if d == 0:
        return f"0% (0 of {d})"  # not usable: the reader warns and treats it as no data
    share = n / d
    if unit == "%":
        return f"{int(100 * share + 0.5)}% ({n} of {d})"
    value = share * 10_000 if unit.startswith("Rate") else share
    return f"{value:.2f} ({n} of {d})"


@st.composite
def rows(draw: st.DrawFn, index: int) -> Row:
    unit = draw(st.sampled_from(UNITS))
    running = unit in ("%", "Number") and draw(st.booleans())
    months: list[object] = []
    n_total = d_total = 0
    for _ in range(8):  # October 2018, then April to October 2019
        if draw(st.integers(0, 5)) == 0:
            months.append(None)
            continue
        n, d = draw(counts())
        if running:
            n_total, d_total = n_total + min(n, 6), d_total + min(d, 12)
            n, d = n_total, max(d_total, n_total)
        if unit == "%" and not running and draw(st.integers(0, 6)) == 0:
            months.append(f"{draw(st.integers(0, 100))}%")  # a percentage without its counts
        else:
            months.append(cell(unit, n, d))
    good_is = draw(st.sampled_from(("High", "Low", "Monitor")))
    target = None if good_is == "Monitor" else draw(st.integers(1, 90))
    years = tuple(draw(st.one_of(st.none(), st.integers(0, 40))) for _ in range(3))
    return Row(
        ref=str(index + 1),
        title=f"Measure {LETTERS[index]}" + (" (year to date)" if running else ""),
        good_is=good_is, unit=unit, frequency="Monthly", target=target,
        tolerance=None if target is None else draw(st.integers(0, 5)),
        years=years,  # type: ignore[arg-type]
        last_year=months[0],  # type: ignore[arg-type]
        months=tuple(months[1:]),  # type: ignore[arg-type]
        benchmarks=(None, None, draw(st.one_of(st.none(), st.floats(0, 100, allow_nan=False).map(
            lambda v: round(v, 1))))),
        part2=draw(st.integers(0, 4)) == 0,
        # Each row's own words: a Part 2 commentary repeated in a public one is (rightly) an audit finding.
        commentary=draw(st.sampled_from(("", f"Service note {LETTERS[index]}: figures checked."))),
    )


@st.composite
def workbooks(draw: st.DrawFn) -> tuple[list[Row], int]:
    count = draw(st.integers(1, 6))
    return [draw(rows(i)) for i in range(count)], draw(st.sampled_from((5, 7)))


def _part2_without_figures(ref: str, unit: str, target: int) -> Row:
    return Row(ref=ref, title=f"Measure {ref}", good_is="High", unit=unit, frequency="Monthly", target=target,
               tolerance=0, years=(None, None, None), last_year=None, months=(None,) * 7,
               benchmarks=(None, None, None), part2=True, rag="", commentary="", percent_cells=False)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(workbooks())
# Once refused in CI: the Ratings line's "4 No data" met indicator 4's withheld explanation "... the target
# of 4: No data", whose 4 is its published target.
@example(([_part2_without_figures("1", "%", 1), _part2_without_figures("2", "%", 1),
           _part2_without_figures("3", "%", 1), _part2_without_figures("4", "Number", 4)], 5))
# Once refused: an average's published Sep 0 and Oct 0.73 (stored as shown, 1) side by side read as August's
# withheld "0 of 1".
@example(([Row(ref="1", title="Measure A", good_is="High", unit="Average", frequency="Monthly", target=1, tolerance=0,
               years=(None, None, None), last_year=None,
               months=(None, None, None, None, "0.00 (0 of 1)", "0.00 (0 of 11)", "0.73 (16 of 22)"),
               benchmarks=(None, None, None), part2=False, rag="", commentary="", percent_cells=False)], 5))
def test_the_public_appendix_of_any_workbook_withholds_exactly_what_the_rules_say(
        case: tuple[list[Row], int]) -> None:
    indicators, threshold = case
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        source = write_dataset(tmp / "kpis.xlsx", [Section("Children's services", indicators)], Layout(notes=()))
        review = load_review(source)
        options = Settings(small_count_max=threshold)
        written = export_appendices(review, tmp / "out", settings=options)  # raises if its audit finds anything
        assert written.public is not None and written.audit is not None and written.audit.clean
        rules = DisclosureRules.from_settings(options)
        assert check_public(written.public, review, redact(review, rules), rules) == []
