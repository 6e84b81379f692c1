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
