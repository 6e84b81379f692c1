"""Items 1, 2 and 6: title headings carrying the section, banded heading rows, Red / Amber / Target columns.

Modelled on a London borough's "Early Help & Family Engagement Monthly Performance Report": each block of
indicators has its own two heading rows, the title heading naming the block ("INDICATORS - EARLY HELP BOROUGH
WIDE", "INDICATORS - FAMILY ENGAGEMENT"); bands "YEAR END OUTTURNS" over 2014/15 and 2015/16, "MONTHLY
PERFORMANCE" over the months, "2016/17 Target and Tolerances" over "Red | Amber | Target (Green)" holding
thresholds as text, "LATEST BENCHMARKING 2014/15" over the benchmarks; "GOOD PERF IS", "DATA NOTE", "YR ON YR
TREND", "DOT (month on month)", "RAG (in month)". Refs number each block's indicators (1.1, 1.2, ...; 2.1,
...); count measures are "Info" (no good or bad performance).
"""

from __future__ import annotations

from pathlib import Path

from tests.workbooks import Sheet, build

BANDS: list[object] = ["NO.", None, "GOOD PERF IS", "DATA NOTE", "YEAR END OUTTURNS", None, "YR ON YR TREND",
         "MONTHLY PERFORMANCE", None, None, "DOT (month on month)", "RAG (in month)",
         "2016/17 Target and Tolerances", None, None, "LATEST BENCHMARKING 2014/15", None]
SUB: list[object] = [None, None, None, None, "2014/15", "2015/16", None, "Jan-17", "Feb-17", "Mar-17", None, None,
       "Red", "Amber", "Target (Green)", "STAT NEIGH AVE", "NAT AVE"]
# The band cells of one block's two heading rows, merged (row numbers filled in per block).
MERGES = ["A{0}:A{1}", "B{0}:B{1}", "C{0}:C{1}", "D{0}:D{1}", "E{0}:F{0}", "G{0}:G{1}", "H{0}:J{0}",
          "K{0}:K{1}", "L{0}:L{1}", "M{0}:O{0}", "P{0}:Q{0}"]

BLOCKS: list[tuple[str, list[list[object]]]] = [
    ("INDICATORS - EARLY HELP BOROUGH WIDE", [
        ["1.1", "% of Early Help assessments completed within 35 working days", "HIGH", "Snapshot", 71.0, 76.5,
         "Improving", 78.0, 82.0, 84.6, "Improvement", "G", "<70%", "70% - 79.9%", "80%", None, None],
        ["1.2", "Number of families open to Early Help at month end", "Info", "Snapshot", 1020, 1095, "Increase",
         1131, 1158, 1146, "Decrease", None, None, None, None, None, None],
        ["1.3", "% of Early Help cases closed with needs met", "HIGH", "Month", 66.0, 70.2, "Improving",
         72.4, 69.9, 68.3, "Decline, not on target", "A", "<65%", "65% - 74.9%", "75%", None, None],
        ["1.4", "% of Early Help cases stepped up to Children's Social Care", "LOW", "Month", 11.0, 12.8,
         "Decline", 13.0, 14.1, 16.2, "Decline, not on target", "R", ">15%", "10.1% - 15%", "10%", 12.4, 11.8],
    ]),
    ("INDICATORS - FAMILY ENGAGEMENT", [
        ["2.1", "% of families re-referred to Early Help within 12 months", "LOW", "Rolling 12 months", 14.0, 12.5,
         "Improving", 10.8, 10.1, 9.5, "Improvement", "G", ">15%", "12.1% - 15%", "12%", None, None],
        ["2.2", "Number of Troubled Families claims made (cumulative)", "HIGH", "Year to date", 380, 436,
         "Improving", 398, 415, 431, "Improvement", "A", "<400", "400 - 449", "450", None, None],
        ["2.3", "% of parenting programme participants completing the course", "HIGH", "Month", 64.0, 61.0,
         "Decline", 63.5, 59.0, 58.0, "Decline, not on target", "R", "<60%", "60% - 69.9%", "70%", None, None],
    ]),
]


def write(path: Path) -> Path:
    rows: list[list[object]] = [
        ["EARLY HELP & FAMILY ENGAGEMENT MONTHLY PERFORMANCE REPORT"],
        ["As at month end March 2017"],
        [],
    ]
    merges = ["A1:Q1", "A2:Q2"]
    for title, indicators in BLOCKS:
        top = len(rows) + 1
        rows += [[BANDS[0], title, *BANDS[2:]], SUB, *indicators, []]
        merges += [m.format(top, top + 1) for m in MERGES]
    rows += [["Data items which have been subject to change during the reporting month are highlighted in "
              "yellow."]]
    return build(path, Sheet("EH Monthly", rows, merges=merges))
