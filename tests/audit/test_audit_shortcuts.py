"""The audit's shortcuts find exactly what the plain definitions they stand in for find.

The audit skips work that cannot matter (texts without digits, runs of words no confidential text
has) and keeps answers for texts a public file repeats. These tests hold each shortcut to the
unoptimised path on the same input, so a shortcut that changed a finding fails here.
"""

from __future__ import annotations

from hypothesis import example, given
from hypothesis import strategies as st

from scrutiny_desktop.audit.withheld import _tokens, tokens


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
