"""The withheld search's look-up indexes give exactly what a scan of every indicator gives.

`WithheldSearch` keeps, for each form of a number and each run of words, the indicators that
withhold it, so that a public file with thousands of rows is not compared with every indicator
cell by cell. These tests hold the indexes to the plain definitions they replace.
"""

from __future__ import annotations

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from benchmarks.generate import write_large
from scrutiny_desktop.audit.text import words
from scrutiny_desktop.audit.withheld import (
    _FRACTION_PLACES,
    _PLACES,
    Exposure,
    Token,
    WithheldSearch,
    _key,
    _rounded,
    _rounded_keys,
    number_token,
)
from scrutiny_desktop.domain.disclosure import Slot, redact
from scrutiny_desktop.pipeline import load_review
from tests.helpers import SAMPLE

# Commentary of the sample's sensitive indicators shorter than a run of six words: searched whole.
SHORT = {"5": "Placement breakdowns escalated", "22": "Two siblings moved", "23": "Staffing gaps at Oakfield"}


@pytest.fixture(scope="module", params=["sample", "short commentary", "generated"])
def search(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> WithheldSearch:
    if request.param == "generated":
        review = load_review(write_large(tmp_path_factory.mktemp("generated") / "large.xlsx", 150, 30))
    else:
        review = load_review(SAMPLE, commentary=SHORT if request.param == "short commentary" else None)
    return WithheldSearch(review, redact(review))


def scanned_number(search: WithheldSearch, token: Token) -> Exposure | None:
    """What a number away from any indicator's row is, by asking every indicator in turn."""
    best = None
    for ref, index in search.withheld.items():
        held = index.holds(token)
        if held is not None:
            if held[1]:
                return Exposure(ref, held[0])
            best = best or Exposure(ref, held[0])
    return best


def scanned_pair(search: WithheldSearch, n: Token, d: Token) -> Exposure | None:
    for ref, index in search.withheld.items():
        label = index.holds_pair(n, d)
        if label is not None and search.anywhere.holds_pair(n, d) is None:
            return Exposure(ref, label)
    return None


def candidates(search: WithheldSearch) -> list[Token]:
    """Every form any indicator withholds, as written with and without `%`, and a few numbers nobody holds."""
    keys = {key for index in search.withheld.values() for key in (*index.plain, *index.fraction)}
    keys |= {"123456.789", "0.000123", "99.99", "7", "2.5"}
    tokens = [number_token(key, percent) for key in sorted(keys) for percent in (False, True)]
    return [t for t in tokens if t is not None]


def test_a_number_is_found_as_by_a_scan_of_every_indicator(search: WithheldSearch) -> None:
    tokens = candidates(search)
    assert tokens
    for token in tokens:
        if search.anywhere.publishes(token) or (token.whole and not token.percent
                                                 and token.value <= search.anonymous_max):
            continue  # answered before any indicator is asked
        assert search._number(token, None, values=True) == scanned_number(search, token), token


def test_a_pair_is_found_as_by_a_scan_of_every_indicator(search: WithheldSearch) -> None:
    pairs = {pair for index in search.withheld.values() for pair in index.pairs}
    pairs |= {("3", "7"), ("50", "91")}
    assert any(index.pairs for index in search.withheld.values())
    for n_text, d_text in sorted(pairs):
        n, d = number_token(n_text), number_token(d_text)
        assert n is not None and d is not None
        assert search._pair(n, d, None) == scanned_pair(search, n, d), (n_text, d_text)


def test_confidential_text_is_found_as_by_judging_every_confidential_text(search: WithheldSearch) -> None:
    """The gate looks a text up by its word pairs and items; judging every confidential text finds the same."""
    gate = search.gate

    def scanned(text: str) -> list[tuple[int, object]]:
        said = words(text)
        plain = [w.word for w in said]
        judged = [(position, gate._judge(position, said, plain, text)) for position in range(len(gate.texts))]
        return [(position, shared) for position, shared in judged if shared is not None]

    texts = [text for _, _, text in search.confidential]
    texts += [" ".join(text.split()[i:i + n]) for text in texts[:20] for n in (3, 5, 9) for i in (0, 2)]
    texts += [f"Before that, {text} and after it." for text in texts[:50]]
    texts += [text.upper().replace(" ", "  ") for text in texts[:50]]
    texts += ["Nothing confidential is said in this sentence at all.", "short"]
    for text in texts:
        assert gate.find(text) == scanned(text), text


def test_there_is_confidential_text_to_search_for(search: WithheldSearch) -> None:
    commentary = [text for _, what, text in search.confidential if what == "commentary"]
    assert search.confidential and (not commentary or any(search.gate.find(text) for text in commentary))



@given(st.floats(allow_nan=True, allow_infinity=True))
@example(88.02499999999999)
@example(-0.0)
@example(-1e-300)
@example(999999999999999.9)
@example(1e15)
@example(54.945054945054945)
def test_a_figures_forms_are_keyed_as_each_rounding_through_a_float_would_be(value: float) -> None:
    for places in (_PLACES, _FRACTION_PLACES):
        assert _rounded_keys(value, places) == [_key(_rounded(value, p)) for p in places]


def test_a_month_the_appendix_does_not_show_is_not_published_but_its_withheld_figures_are_still_sought(
        tmp_path_factory: pytest.TempPathFactory) -> None:
    review = load_review(write_large(tmp_path_factory.mktemp("history") / "history.xlsx", 60, 30))
    redaction = redact(review)
    found = WithheldSearch(review, redaction)
    shown = {p.key for p in review.dataset.periods if p.financial_year == 2019}
    assert shown == found.shown_periods
    earlier = [(item, p, o) for item in review.items for p, o in item.indicator.outturns.items()
               if p.key not in shown and o.value is not None]
    assert earlier, "the generated history should reach before the reporting year"
    for item, period, outturn in earlier:
        assert outturn.value is not None
        token = number_token(f"{outturn.value:g}")
        assert token is not None
        withheld = redaction.suppressed(item.ref, Slot("outturn", period.key, "value"))
        if withheld:
            assert found.withheld[item.ref].holds(token) is not None, (item.ref, period.key)


def test_the_keys_spc_sentence_is_the_programs_own_words_never_a_withheld_figure() -> None:
    """On 4,000 indicators a withheld 2.66% met the Key's "2.66 times the average moving range"; the same
    numbers written anywhere else are still looked for."""
    from scrutiny_desktop.audit.withheld import WithheldSearch
    from scrutiny_desktop.domain.appendix import SPC_NOTE
    from scrutiny_desktop.domain.disclosure import redact
    from scrutiny_desktop.pipeline import load_review
    from scrutiny_desktop.resources import sample_workbook

    review = load_review(sample_workbook())
    search = WithheldSearch(review, redact(review), extra={"22": [(2.66, False, "a chart limit")]})
    assert "2.66" in SPC_NOTE
    assert search.text(SPC_NOTE) == []
    assert [e.ref for e in search.text("The limit is 2.66 this month.")] == ["22"]
