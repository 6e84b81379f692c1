"""Cell addresses: column letters to numbers and back. No openpyxl, so the window can name a column
without loading the reader."""

from __future__ import annotations


def column_index(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


def column_letters(index: int) -> str:
    """8 -> "H": `column_index` the other way ("" for 0 or less; past XFD, the letters it would have)."""
    letters = ""
    while index > 0:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters
