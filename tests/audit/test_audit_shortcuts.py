"""The audit's shortcuts find exactly what the plain definitions they stand in for find.

The audit skips work that cannot matter (texts without digits, runs of words no confidential text
has) and keeps answers for texts a public file repeats. These tests hold each shortcut to the
unoptimised path on the same input, so a shortcut that changed a finding fails here.
"""

from __future__ import annotations

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from benchmarks.generate import write_large
from scrutiny_desktop.audit import text as gate_module
from scrutiny_desktop.audit.text import ConfidentialText, _runs, words
from scrutiny_desktop.audit.withheld import (
    _FRACTION_PLACES,
    _PLACES,
    WithheldSearch,
    _forms,
    _Index,
    _key,
    _label,
    _rounded,
    _rounded_keys,
    _shown,
    _tokens,
    tokens,
)
from scrutiny_desktop.audit.xlsx import _PLAIN_CELL, _column_number, _section_for, _sections
from scrutiny_desktop.domain.disclosure import redact
from scrutiny_desktop.domain.formatting import count_text, number_text
from scrutiny_desktop.excel.package import split_cell
from scrutiny_desktop.pipeline import load_review
from tests.audit.commentary_corpus import BOILERPLATE, CASES, PART_2, base_commentary, generated_commentary

PUBLISHED = ["Appendix One: Children's Scrutiny Dataset, October 2019", "As at the end of October 2019",
             "Reported in the Part 2 report", "Early Help and Children's Social Care", "Children in Care",
             f"Part 2 note. {BOILERPLATE}", "Rose to 62 at the end of the year", "is above the target of 4"]


@given(st.text())
@example("two of the five children")
@example("Forty-two placements")
@example("٣ of ٧")  # digits of another script
@example("² and ³")  # superscripts: str.isdigit, but no digit to a regex
@example("&A $B Q3")
@example("")
def test_tokens_skips_only_texts_that_hold_no_number(text: str) -> None:
    assert tokens(text) == _tokens(text)
    assert tokens(text) == tokens(text)  # kept, and the same the second time


def _every_run(plain: list[str], _wanted: set[tuple[str, ...]], longest: int) -> set[tuple[str, ...]]:
    """The unoptimised `_runs_among`: every run of one to `longest` words, wanted or not."""
    return {run for n in range(1, longest + 1) for run in _runs(plain, n)}


def _corpus() -> tuple[list[tuple[str, str, str]], dict[str, str]]:
    commentary = base_commentary()
    refs = [str(n) for n in range(100, 260)]
    commentary |= generated_commentary(refs, set(refs[::7]))
    confidential = [(ref, "commentary", commentary[ref]) for ref in [*PART_2, *refs[::7]]]
    confidential += [("5", "explanation of its RAG", "62 is above the target of 4 by 58, beyond its tolerance"),
                     ("22", "explanation of its RAG", "Fifteen is 11 above the target of 4")]
    return confidential, commentary


def _probes(gate: ConfidentialText, commentary: dict[str, str]) -> list[str]:
    secret = [text for _, _, text, _ in gate.texts]
    probes = [*secret, *commentary.values(), *PUBLISHED, *(case.text for case in CASES)]
    probes += [" ".join(text.split()[i:i + n]) for text in secret for n in (2, 3, 4, 6, 11) for i in (0, 3, 7)]
    probes += [f"Before that, {text} and after it." for text in secret]
    probes += [text.upper() for text in secret[:10]] + ["short", "", "Nothing is said here at all."]
    return probes


def test_commonplace_runs_kept_only_where_a_confidential_text_has_them_find_the_same(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The gate keeps only the commonplace runs a confidential text could be asked about; keeping them all
    judges every text the same."""
    confidential, commentary = _corpus()
    kept = ConfidentialText(confidential, commentary, PUBLISHED)
    with monkeypatch.context() as patch:
        patch.setattr(gate_module, "_runs_among", _every_run)
        whole = ConfidentialText(confidential, commentary, PUBLISHED)
    assert len(kept._boilerplate) < len(whole._boilerplate)  # the shortcut is taken
    assert kept._items == whole._items and kept._runs == whole._runs and kept._item_index == whole._item_index
    found = 0
    for probe in _probes(kept, commentary):
        assert kept.find(probe) == whole.find(probe), probe
        found += bool(whole.find(probe))
    assert found  # the probes do share confidential text, leaks and warnings alike


def test_a_text_found_again_is_found_the_same_as_by_judging_every_confidential_text() -> None:
    """`find` looks a text up only where a key's first word stands, and keeps its answer per text."""
    confidential, commentary = _corpus()
    gate = ConfidentialText(confidential, commentary, PUBLISHED)
    for probe in _probes(gate, commentary):
        said = words(probe)
        plain = [w.word for w in said]
        judged = [(position, gate._judge(position, said, plain, probe)) for position in range(len(gate.texts))]
        first = gate.find(probe)
        assert first == [(position, shared) for position, shared in judged if shared is not None], probe
        assert gate.find(probe) == first == gate._find(probe), probe


# -- the figure index --------------------------------------------------------------------------


def _labelled_as_before(figures: list[tuple[float, bool, str]]) -> _Index:
    """The index `add_figure` made before it skipped the call for a form nobody had labelled."""
    index = _Index()
    for value, percent, label in figures:
        if not label:
            index.add_figure(value, percent, label)  # that path is unchanged
            continue
        plain, fraction = _forms(value, percent)
        for key in plain:
            _label(index.plain, key, label)
            if percent:
                _label(index.percent, key, label)
        for key in fraction:
            _label(index.fraction, key, label)
    return index


@given(st.lists(st.tuples(st.sampled_from([0.0, 1.0, 2.0, 2.5, 40.0, 54.945, 0.4, 3.0004, 62.0, -0.0]),
                          st.booleans(), st.sampled_from(["", "value for Oct 2019 (2)", "numerator for Jul",
                                                          "value for Aug 2019 (62)", "mean"])), max_size=12))
def test_a_figure_is_labelled_as_by_labelling_each_form(figures: list[tuple[float, bool, str]]) -> None:
    index = _Index()
    for value, percent, label in figures:
        index.add_figure(value, percent, label)
    before = _labelled_as_before(figures)
    assert (index.plain, index.percent, index.fraction) == (before.plain, before.percent, before.fraction)


@given(st.floats(allow_nan=False, allow_infinity=True) | st.integers(-10**17, 10**17), st.booleans())
@example(-0.0, True)
@example(0.0, False)
@example(88.02499999999999, False)
@example(1.0, True)
def test_a_figure_is_shown_in_a_label_as_the_formatting_shows_it(value: float, count: bool) -> None:
    _shown(0.0, count)  # equal keys of another value's type are kept first: the answer must not depend on it
    _shown(1, count)
    assert _shown(value, count) == (count_text(value) if count else number_text(value, 2))


# -- the search's answers ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def search(tmp_path_factory: pytest.TempPathFactory) -> WithheldSearch:
    review = load_review(write_large(tmp_path_factory.mktemp("generated") / "large.xlsx", 150, 30))
    return WithheldSearch(review, redact(review))


def test_a_text_searched_again_is_answered_as_the_first_time(search: WithheldSearch) -> None:
    """`text` keeps its answer per text, row and kind of place; a fresh search of each finds the same."""
    confidential = [text for _, _, text in search.confidential]
    labels = [label for index in search.withheld.values() for label in index.plain.values() if label]
    texts = [*confidential, *labels[:200], "Green", "[c]", "30 (tolerance 5)", "two of the five", "4 of 10"]
    texts += [f"{text} and 2 of 66 plans" for text in confidential[:20]]
    owners = [None, *list(search.withheld)[:15]]
    found = 0
    for text in texts:
        for owner in owners:
            for values in (True, False):
                first = search.text(text, owner, values=values)
                assert search.text(text, owner, values=values) == first == search._text(text, owner, values=values)
                found += bool(first)
    assert found


# -- cell formats ------------------------------------------------------------------------------


def _section_as_before(sections: tuple[str, ...], value: str, numeric: bool) -> str | None:
    """`_section_for` as it was, reading every number before choosing a section."""
    if not numeric:
        return sections[3] if len(sections) >= 4 else None
    try:
        number = float(value)
    except ValueError:
        return sections[0]
    if number < 0 and len(sections) >= 2:
        return sections[1]
    if number == 0 and len(sections) >= 3:
        return sections[2]
    return sections[0]


@pytest.mark.parametrize("code", ["General", "0%", "0.00", ";;;", "0;-0", "0;-0;", '0;-0;"zero";@', "[Red]0;;;"])
@pytest.mark.parametrize("value", ["0", "-0", "1", "-2.5", "1E-3", "nan", "x", ""])
def test_a_cell_s_format_section_is_chosen_as_before(code: str, value: str) -> None:
    for numeric in (True, False):
        assert _section_for(_sections(code), value, numeric) == _section_as_before(_sections(code), value, numeric)


@pytest.mark.parametrize("ref", ["A1", "H12", "XFD1048576", "AAA10", "$A$1", "A$1", "a1", "A01", "AAAA1", "1A", "A",
                                 "A1B"])
def test_a_cell_reference_is_read_as_split_cell_reads_it(ref: str) -> None:
    plain = _PLAIN_CELL.fullmatch(ref)
    try:
        expected: tuple[int, int] | None = split_cell(ref)
    except ValueError:
        expected = None
    if plain is not None:
        assert (int(plain.group(2)), _column_number(plain.group(1))) == expected
    else:
        assert "$" in ref or expected is None


@given(st.integers(-10**15, 10**15) | st.integers(-10**15, 10**15).map(float))
@example(-0.0)
@example(999_999_999_999_999.0)
@example(1e15)
@example(100.0)
def test_a_whole_figure_is_keyed_as_each_rounding_would_key_it(value: float) -> None:
    for places in (_PLACES, _FRACTION_PLACES):
        assert _rounded_keys(value, places) == [_key(_rounded(value, p)) for p in places]
        assert _rounded_keys(value / 100.0, places) == [_key(_rounded(value / 100.0, p)) for p in places]
