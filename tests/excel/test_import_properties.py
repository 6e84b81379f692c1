"""Whatever cells a sheet holds, reading it gives a dataset or a located refusal: never a crash."""

from __future__ import annotations

import tempfile
from datetime import datetime
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scrutiny_desktop.domain.problems import UnusableWorkbook
from scrutiny_desktop.excel.reader import read_workbook
from tests.workbooks import Sheet, build

WORDS = ["Ref", "Code", "Indicator", "Measure", "Key performance indicators", "Target", "Tolerance", "Good is",
         "Oct-19", "Sep-19", "Q1", "Q2", "2019/20", "2018/19", "Month", "Value", "Numerator", "Denominator",
         "Red", "Amber", "Green", "RAG", "Part 2", "Notes:", "High", "Low", "90%+", "<60%", "60% - 69.9%",
         "88.0%*", "12†", "55% (50 of 91)", "TBC", "-", "G", "✓", "INDICATORS - EARLY HELP", "Previous performance",
         "For information", "x" * 300]
CELLS = st.one_of(st.none(), st.sampled_from(WORDS), st.integers(-5, 500), st.floats(-1, 200, allow_nan=False),
                  st.just(datetime(2019, 10, 1)))
ROWS = st.lists(st.lists(CELLS, max_size=8), max_size=12)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(first=ROWS, second=ROWS, merge=st.booleans())
def test_any_grid_is_read_or_refused_with_located_problems(first, second, merge) -> None:  # type: ignore[no-untyped-def]
    with tempfile.TemporaryDirectory() as folder:
        sheets = [Sheet("One", first, merges=["A1:B1"] if merge and first else []), Sheet("Two", second)]
        path = build(Path(folder) / "w.xlsx", *sheets)
        try:
            data = read_workbook(path)
        except UnusableWorkbook as refused:
            assert refused.errors
            assert all(p.code and p.message for p in refused.problems)
            return
        assert data.indicators
        assert len({i.ref for i in data.indicators}) == len(data.indicators)
