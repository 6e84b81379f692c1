"""Indicator references: kept as the text the council wrote, sorted the way people count."""

from __future__ import annotations

import re

_CHUNKS = re.compile(r"(\d+)")
# A ref is short and starts with a digit or a letter ("25", "35.1", "5a", "CH01", "PI-7").
_REF_SHAPE = re.compile(r"^[0-9A-Za-z][0-9A-Za-z.\-/_ ]{0,15}$")


def natural_key(ref: str) -> tuple[tuple[int, int | str], ...]:
    """Sort key in which `2 < 10 < 35.1 < 35.2 < 35.10`.

    Every run of digits compares as a number and the text between as case-folded text;
    the leading int of each part keeps numbers and text comparable.
    """
    parts: list[tuple[int, int | str]] = []
    for i, chunk in enumerate(_CHUNKS.split(ref.strip())):
        if not chunk:
            continue
        parts.append((0, int(chunk)) if i % 2 else (1, chunk.casefold()))
    return tuple(parts)


def ref_text(value: object) -> str:
    """The ref as text, from whatever the cell held (25 -> "25", 35.1 -> "35.1")."""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        # 15 significant digits drops binary noise such as 35.100000000000001.
        return format(value, ".15g")
    return " ".join(str(value).split())


def looks_like_ref(text: str) -> bool:
    """True for text shaped like an indicator ref, false for notes such as "* Provisional"."""
    return bool(_REF_SHAPE.match(text)) and any(c.isdigit() for c in text)
