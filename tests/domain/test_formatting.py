"""Rounding as Excel does, for every float a workbook can hold."""

import math

import pytest

from scrutiny_desktop.domain.formatting import count_text, round_half_up


@pytest.mark.parametrize("value", [1e300, -1e300, 1e15, 2.0**53 + 1, math.inf])
def test_huge_values_round_to_themselves_instead_of_crashing(value: float) -> None:
    assert round_half_up(value, 2) == value


def test_rounding_is_still_half_up() -> None:
    assert round_half_up(2.5, 0) == 3 and round_half_up(88.02499999999999, 2) == 88.03
    assert count_text(1e300)  # printable, however silly


def test_xml_text_leaves_out_only_what_xml_cannot_hold() -> None:
    """One rule for the report drafts and the workbooks: control characters, lone surrogates and the two
    non-characters go; tab, newline, return and every other character stay."""
    from scrutiny_desktop.domain.formatting import xml_text

    assert xml_text("a\x00b\x07c\x0bd\x0ce\x1ff\ud83dg\udc00h\ufffei\uffffj") == "abcdefghij"
    kept = "tab\there\nnew\rline é – ↑ 😀 \u2028"
    assert xml_text(kept) == kept
