"""Issue 14: every council layout, exported, leaves no withheld figure or small count in the public file.

Each layout of `tests/layouts` (the import issue's) goes through the real export; the public .xlsx is then
read from its zip by `tests/public_zip.check_public` ([c] exactly where the rules say, no withheld figure
anywhere in any part, nothing recoverable by the restated rules), and its published percentages are
tried by the determined reader of `tests/recovery.py` for the fractions of withheld small cohorts.
"""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest

from scrutiny_desktop.domain.disclosure import DisclosureRules, Slot, redact
from scrutiny_desktop.domain.settings import Settings
from scrutiny_desktop.pipeline import export_appendices, load_review
from tests.layouts.test_council_layouts import NAMES, _load_options, built, expected
from tests.public_zip import PublicZip, check_public
from tests.recovery import exact_fraction

RULES = DisclosureRules.from_settings(Settings())
READ = [n for n in NAMES if "refused" not in expected(n)]


@pytest.mark.parametrize("name", [pytest.param(n, id=n) for n in READ])
def test_a_council_layout_exports_no_withheld_figure(name: str, tmp_path: Path) -> None:
    data = load_review(built(name, tmp_path), **_load_options(expected(name)))
    redaction = redact(data, RULES)
    written = export_appendices(data, tmp_path / "out")
    assert written.public is not None and written.audit is not None and written.audit.clean
    assert check_public(written.public, data, redaction, RULES) == []
    # No published figure gives a withheld small cohort's fraction back from its digits.
    withheld = {Fraction(int(o.numerator), int(o.denominator))
                for item in data.items for p, o in item.indicator.outturns.items()
                if o.numerator is not None and o.denominator and float(o.numerator).is_integer()
                and float(o.denominator).is_integer()
                and redaction.suppressed(item.ref, Slot("outturn", p.key, "value")) is not None}
    book = PublicZip.read(written.public)
    recovered = {(c.sheet, c.address): f for c in book.cells if c.numeric and (f := exact_fraction(c.text)) in withheld}
    assert recovered == {}
