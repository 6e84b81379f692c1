"""Column letters and numbers, both ways, as Excel numbers them (and as openpyxl does)."""

from __future__ import annotations

from openpyxl.utils import get_column_letter

from scrutiny_desktop.excel.cells import column_index, column_letters


def test_every_column_of_a_sheet_goes_to_its_letters_and_back() -> None:
    for n in range(1, 18_279):  # A to XFD
        letters = column_letters(n)
        assert letters == get_column_letter(n)
        assert column_index(letters) == n
    assert column_letters(0) == "" and column_letters(-3) == ""
