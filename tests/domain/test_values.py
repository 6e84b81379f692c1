import pytest
from hypothesis import given
from hypothesis import strategies as st

from scrutiny_desktop.domain.model import (
    NO_DATA,
    PERCENT,
    Benchmark,
    Outturn,
    Polarity,
    Rag,
    Target,
    Tolerance,
    Unit,
    UnitKind,
)
from scrutiny_desktop.domain.values import (
    PLACEHOLDERS,
    ParsedOutturn,
    is_blank,
    is_placeholder,
    parse_flag,
    parse_frequency,
    parse_outturn,
    parse_polarity,
    parse_rag,
    parse_target,
    parse_tolerance,
    parse_unit,
)

COUNT = Unit(UnitKind.COUNT, "Number")
AVERAGE = Unit(UnitKind.AVERAGE, "Average")


def outturn(raw: object, unit: Unit = PERCENT, percent_format: bool = False):
    parsed = parse_outturn(raw, unit, percent_format=percent_format)
    assert parsed is not None, raw
    return parsed.outturn


class TestOutturns:
    def test_fraction_in_a_percent_formatted_cell_is_on_the_0_to_100_scale(self) -> None:
        assert outturn(0.55, percent_format=True).value == pytest.approx(55)

    def test_fractions_carry_no_float_noise(self) -> None:
        assert outturn(0.103, percent_format=True).value == 10.3
        assert outturn(0.57, percent_format=True).value == 57

    def test_plain_number_in_a_percent_indicator(self) -> None:
        assert outturn(55).value == 55

    @pytest.mark.parametrize("text", ["55% (50 of 91)", "55% (50/91)", "55 % ( 50 of 91 )", "50 of 91", "50/91",
                                      "50 out of 91", "55% (50 out of 91)"])
    def test_text_with_counts_takes_the_value_from_the_counts(self, text: str) -> None:
        o = outturn(text)
        assert (o.numerator, o.denominator) == (50, 91)
        assert o.value == pytest.approx(100 * 50 / 91)

    def test_percentage_text(self) -> None:
        assert outturn("55%").value == 55
        assert outturn("16.8", AVERAGE).value == 16.8
        assert outturn("1,150", COUNT).value == 1150

    def test_average_from_counts(self) -> None:
        assert outturn("168 of 10", AVERAGE).value == pytest.approx(16.8)

    @pytest.mark.parametrize("placeholder", [*sorted(PLACEHOLDERS), "", "   ", None, "TBC", "N/A", "[c]", "[x]"])
    def test_every_placeholder_means_no_data(self, placeholder: object) -> None:
        o = outturn(placeholder)
        assert o.value is None and not o.has_value

    def test_placeholder_text_is_kept(self) -> None:
        assert outturn(" TBC ").placeholder == "TBC"

    @pytest.mark.parametrize("raw", ["see note", "55% (50 of 0)", "60 of 50", "about 50", True, "#"])
    def test_unreadable(self, raw: object) -> None:
        assert parse_outturn(raw, PERCENT) is None

    def test_stated_percentage_disagreeing_with_counts_is_flagged(self) -> None:
        parsed = parse_outturn("65% (50 of 91)", PERCENT)
        assert parsed is not None and parsed.stated == 65 and parsed.outturn.value == pytest.approx(54.945, abs=1e-3)

    def test_rounding_is_not_disagreement(self) -> None:
        parsed = parse_outturn("55% (50 of 91)", PERCENT)
        assert parsed is not None and parsed.stated is None
        parsed = parse_outturn("54.9% (50 of 91)", PERCENT)
        assert parsed is not None and parsed.stated is None
        parsed = parse_outturn("54.8% (50 of 91)", PERCENT)
        assert parsed is not None and parsed.stated == 54.8


class TestTargets:
    @pytest.mark.parametrize("raw, fmt, expected", [
        (70, False, 70), ("70%", False, 70), ("70", False, 70), (0.7, True, 70), ("≥ 70%", False, 70),
        ("at least 70%", False, 70),
    ])
    def test_single(self, raw: object, fmt: bool, expected: float) -> None:
        parsed = parse_target(raw, PERCENT, percent_format=fmt)
        assert parsed is not None and parsed.target.value == pytest.approx(expected)

    @pytest.mark.parametrize("raw", ["12-15", "12–15", "12 to 15", "12 - 15", "between 12 and 15", "15-12"])
    def test_ranges(self, raw: str) -> None:
        parsed = parse_target(raw, AVERAGE)
        assert parsed is not None
        assert (parsed.target.low, parsed.target.high) == (12, 15)
        assert parsed.polarity_hint is Polarity.RANGE

    @pytest.mark.parametrize("raw, benchmark", [
        ("England", Benchmark.ENGLAND), ("National average", Benchmark.ENGLAND), ("London", Benchmark.LONDON),
        ("London average", Benchmark.LONDON), ("Stat neighbours", Benchmark.STAT_NEIGHBOURS),
        ("Statistical neighbours", Benchmark.STAT_NEIGHBOURS), ("SN average", Benchmark.STAT_NEIGHBOURS),
        ("Above stat neighbour average", Benchmark.STAT_NEIGHBOURS),
    ])
    def test_benchmark_named(self, raw: str, benchmark: Benchmark) -> None:
        parsed = parse_target(raw, PERCENT)
        assert parsed is not None and parsed.target.benchmark is benchmark and parsed.target.low is None

    @pytest.mark.parametrize("raw", [None, "", "No target", "n/a", "-"])
    def test_no_target(self, raw: object) -> None:
        parsed = parse_target(raw, PERCENT)
        assert parsed is not None and parsed.target == Target()

    @pytest.mark.parametrize("raw", ["TBC", "to be agreed", "high"])
    def test_unreadable(self, raw: str) -> None:
        assert parse_target(raw, PERCENT) is None

    def test_comparison_words_hint_at_polarity(self) -> None:
        low = parse_target("Less than 22%", PERCENT)
        high = parse_target("70% or more", PERCENT)
        assert low is not None and low.polarity_hint is Polarity.LOW and low.target.value == 22
        assert high is not None and high.polarity_hint is Polarity.HIGH and high.target.value == 70


class TestTolerances:
    def test_absolute_in_the_indicators_units(self) -> None:
        assert parse_tolerance(5, PERCENT) == Tolerance(5)
        assert parse_tolerance("5 points", PERCENT) == Tolerance(5)
        assert parse_tolerance("5pp", PERCENT) == Tolerance(5)
        assert parse_tolerance("3", AVERAGE) == Tolerance(3)

    def test_percent_sign_means_points_for_a_percentage_and_a_share_otherwise(self) -> None:
        assert parse_tolerance("5%", PERCENT) == Tolerance(5)
        assert parse_tolerance("5%", COUNT) == Tolerance(5, relative=True)
        assert parse_tolerance(0.05, PERCENT, percent_format=True) == Tolerance(5)
        assert parse_tolerance(0.1, COUNT, percent_format=True) == Tolerance(10, relative=True)

    def test_relative(self) -> None:
        assert parse_tolerance("10% of target", PERCENT) == Tolerance(10, relative=True)
        assert parse_tolerance("10 % of the target", COUNT) == Tolerance(10, relative=True)

    def test_blank_and_unreadable(self) -> None:
        assert parse_tolerance(None, PERCENT) is None
        assert parse_tolerance("a bit", PERCENT) is False


@pytest.mark.parametrize("raw, polarity", [
    ("High", Polarity.HIGH), ("H", Polarity.HIGH), ("Higher is better", Polarity.HIGH),
    ("Bigger is better", Polarity.HIGH), ("Low", Polarity.LOW), ("L", Polarity.LOW),
    ("Smaller is better", Polarity.LOW), ("Lower is better", Polarity.LOW), ("Range", Polarity.RANGE),
    ("T", Polarity.RANGE), ("Within range", Polarity.RANGE), ("Close to target", Polarity.RANGE),
    ("Monitor", Polarity.MONITOR), ("For information", Polarity.MONITOR), ("Context", Polarity.MONITOR),
    (" high ", Polarity.HIGH), ("HIGHER IS BETTER", Polarity.HIGH),
])
def test_every_polarity_word_in_the_spec(raw: str, polarity: Polarity) -> None:
    assert parse_polarity(raw) is polarity


def test_unknown_and_blank_polarity() -> None:
    assert parse_polarity(None) is None
    assert parse_polarity("-") is None
    assert parse_polarity("sideways") is False


@pytest.mark.parametrize("raw, kind", [
    ("%", UnitKind.PERCENT), ("Percentage", UnitKind.PERCENT), ("Number", UnitKind.COUNT),
    ("Count", UnitKind.COUNT), ("Average", UnitKind.AVERAGE), ("Days", UnitKind.DAYS), ("Weeks", UnitKind.WEEKS),
    ("Rate per 10,000", UnitKind.RATE),
])
def test_units(raw: str, kind: UnitKind) -> None:
    unit = parse_unit(raw)
    assert isinstance(unit, Unit) and unit.kind is kind


def test_rate_base() -> None:
    unit = parse_unit("Rate per 100,000")
    assert isinstance(unit, Unit) and unit.per == 100_000


@pytest.mark.parametrize("raw", ["Y", "Yes", "x", "TRUE", True, "yes "])
def test_sensitive_flags(raw: object) -> None:
    assert parse_flag(raw) is True


@pytest.mark.parametrize("raw", ["N", "No", None, "", False, "FALSE"])
def test_not_sensitive(raw: object) -> None:
    assert parse_flag(raw) is False


def test_unreadable_flag() -> None:
    assert parse_flag("maybe") is None


def test_frequency_and_rag_words() -> None:
    assert parse_frequency("Quarterly") is not None and parse_frequency("Termly") is not None
    assert parse_frequency("fortnightly") is False
    assert parse_rag("R") is Rag.RED and parse_rag("amber") is Rag.AMBER and parse_rag("G") is Rag.GREEN
    assert parse_rag("purple") is False and parse_rag(None) is None


def test_no_blank_or_placeholder_text_reads_as_a_figure() -> None:
    """`parse_outturn` tries a figure's pattern before the blank and placeholder checks: that is the same
    reading only while no placeholder holds a digit (the patterns need one)."""
    assert not any(ch.isdigit() or ch.isdecimal() for p in PLACEHOLDERS for ch in p)


@given(st.one_of(
    st.sampled_from(sorted(PLACEHOLDERS)).map(lambda p: f" {p.upper()}  "),
    st.from_regex(r"\s*[£$]?[-+−]?\d{1,4}(,\d{3})?(\.\d{1,3})?\s*%?\s*(\(\s*\d{1,3}\s*(of|/|out of)\s*\d{1,3}\s*\))?"
                  r"\s*([*†]|\[\d\]| p)?", fullmatch=True),
    st.from_regex(r"\s*\d{1,3}\s*(of|/|OUT OF)\s*\d{1,3}\s*(\(\s*\d{1,3}(\.\d)?\s*%\s*\))?\s*", fullmatch=True),
    st.text(max_size=12),
))
def test_outturn_text_reads_as_in_the_order_of_checks(raw: str) -> None:
    """Blank, then placeholder, then a number or fraction: the order `parse_outturn` was written in."""
    for unit in (PERCENT, COUNT, AVERAGE):
        for percent_format in (False, True):
            got = parse_outturn(raw, unit, percent_format=percent_format, cell="B2")
            if is_blank(raw):
                assert got == ParsedOutturn(NO_DATA)
            elif is_placeholder(raw):
                assert got == ParsedOutturn(Outturn(placeholder=" ".join(raw.split()), cell="B2"))
            elif got is not None and not got.marker:
                assert got.outturn.value is not None
