"""Large monthly workbooks in the sample's layout, for the benchmarks.

    python -m benchmarks.generate 1000 60 OUT.xlsx
    python -m benchmarks.generate --cached 1000 60     # prints the path of the cached copy

`cached(n, m)` returns the workbook under `benchmarks/generated/` (git-ignored), writing it first
when this generator or the sample's has changed since it was written.
N indicators in sections of 20 (a section row before each), M monthly columns ending October
2019; a third are percentages written `55% (50 of 91)`, some counts, some averages; every 25th
indicator is sensitive (Part 2). The figures are deterministic pseudo-random numbers. Three in five
indicators carry officers' commentary, different words for each, from one short sentence to a long
paragraph (`commentary`), as a real month's workbook does.
"""

from __future__ import annotations

import hashlib
import random
import sys
from dataclasses import replace
from pathlib import Path

import workbook_templates.make_sample as make_sample
from workbook_templates.make_sample import Layout, Row, Section, frac, write_dataset

GENERATED = Path(__file__).resolve().parent / "generated"

MONTH_ABBR = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def month_headings(count: int, last_year: int = 2019, last_month: int = 10) -> list[str]:
    ordinal = last_year * 12 + last_month - 1
    return [f"{MONTH_ABBR[n % 12]}-{(n // 12) % 100:02d}" for n in range(ordinal - count + 1, ordinal + 1)]


# Words officers use, combined differently for each indicator, so no two commentaries are alike.
_SUBJECTS = ("Performance", "The service", "The team", "Demand", "Practice", "Recruitment", "Timeliness",
             "The backlog", "Partnership working", "Management oversight", "Audit activity", "Caseload pressure",
             "The new front door", "Early help", "The quality assurance framework", "Workforce stability")
_VERBS = ("improved", "dipped slightly", "remained stable", "recovered", "was affected by sickness",
          "continued to rise", "fell back", "was reviewed at the performance board", "exceeded expectations",
          "lagged behind neighbours", "has been scrutinised weekly", "reflects seasonal patterns")
_PERIODS = ("this month", "in the quarter", "since April", "over the summer", "during the half term",
            "after the restructure", "since the Ofsted visit", "year to date", "compared with last year")
_ACTIONS = ("A recovery plan is in place", "Team managers track each case", "An audit of the cohort is planned",
            "Additional agency staff have been brought in", "Training on thresholds has been delivered",
            "The data will be validated next month", "A deep dive will report to the board in January",
            "Weekly huddles review every late visit", "Schools have been asked to share earlier",
            "The panel now meets fortnightly", "Supervision records are being checked",
            "Health colleagues have agreed a new pathway")


def commentary(i: int, rng: random.Random) -> str:
    """Officers' commentary for indicator `i`: none for two in five, else one to eight sentences."""
    if i % 5 in (1, 3):
        return ""
    sentences = []
    for _ in range(rng.choice((1, 1, 2, 3, 5, 8))):
        if rng.random() < 0.5:
            sentences.append(f"{rng.choice(_SUBJECTS)} {rng.choice(_VERBS)} {rng.choice(_PERIODS)}.")
        else:
            sentences.append(f"{rng.choice(_ACTIONS)}, and {rng.choice(_SUBJECTS).lower()} "
                             f"{rng.choice(_VERBS)} {rng.choice(_PERIODS)}.")
    return f"Indicator {i + 1}: " + " ".join(sentences)


def _row(i: int, months: int, rng: random.Random) -> Row:
    kind = i % 3
    ref = str(i + 1)
    if kind == 0:
        figures: tuple[object, ...] = tuple(
            frac(n, d) for d in (rng.randint(40, 400) for _ in range(months)) for n in [rng.randint(0, d)]
        )
        return Row(ref, f"% of children with outcome {i + 1}", "High", "%", "Monthly", 65, 5, (60, 62, 64),
                   None, figures, (66.0, 64.0, 65.0), part2=i % 25 == 0)
    if kind == 1:
        counts = tuple(rng.randint(0, 60) for _ in range(months))
        return Row(ref, f"Number of events {i + 1}", "Low", "Number", "Monthly", 30, 5, (35, 33, 31), None,
                   counts, part2=i % 25 == 1)
    averages = tuple(round(rng.uniform(10, 20), 1) for _ in range(months))
    return Row(ref, f"Average caseload {i + 1}", "Range", "Average", "Monthly", "12-15", 3,
               (14.0, 15.0, 15.5), None, averages, (16.0, 15.4, 17.4))


def write_large(path: Path, indicators: int, months: int, seed: int = 2019) -> Path:
    rng = random.Random(seed)
    rows = [replace(_row(i, months, rng), commentary=commentary(i, rng)) for i in range(indicators)]
    sections = [Section(f"Service area {n // 20 + 1}", rows[n:n + 20]) for n in range(0, indicators, 20)]
    layout = Layout(title_rows=("Children's Scrutiny Dataset (benchmark)", "As at the end of October 2019"),
                    last_year_column=False)
    return write_dataset(path, sections, layout, months=month_headings(months))


LONGEST_CELL = 32_767  # Excel's limit on the characters of a cell


def write_long_text(path: Path) -> Path:
    """The long-text cases of issue 16: a sheet of 40 x 10 cells of 32,767 characters each (Excel's
    maximum), four more sheets like it, and an indicator table whose commentary is one shared string of
    a million characters."""
    from openpyxl import Workbook

    text = ("Performance continues to be monitored closely 2019/20 Q3 Oct-19 Ref Indicator. " * 500)[:LONGEST_CELL]
    wb = Workbook()
    for n in range(5):
        ws = wb.active if n == 0 else wb.create_sheet()
        ws.title = f"Long {n + 1}"
        for r in range(1, 41):
            for c in range(1, 11):
                ws.cell(r, c, text)
    table = wb.create_sheet("Dataset")
    table.append(["Ref", "Indicator", "Oct-19", "Commentary"])
    huge = (text + " ") * 31  # about a million characters, in one shared string
    for r in range(1, 21):
        table.append([str(r), f"Indicator {r}", r, huge if r == 1 else text])
    wb.save(path)
    return path


def cached_long_text() -> Path:
    version = hashlib.sha1(Path(__file__).read_bytes()).hexdigest()[:10]
    path = GENERATED / f"long-text-{version}.xlsx"
    if not path.is_file():
        GENERATED.mkdir(exist_ok=True)
        for stale in GENERATED.glob("long-text-*.xlsx"):
            stale.unlink()
        scratch = path.with_suffix(".part")
        write_long_text(scratch)
        scratch.replace(path)
    return path


def cached(indicators: int, months: int) -> Path:
    """The generated workbook of `indicators` x `months`, written once per version of the generators."""
    sources = (Path(__file__).read_bytes(), Path(make_sample.__file__).read_bytes())
    version = hashlib.sha1(b"".join(sources)).hexdigest()[:10]
    path = GENERATED / f"large-{indicators}x{months}-{version}.xlsx"
    if not path.is_file():
        for stale in GENERATED.glob(f"large-{indicators}x{months}-*.xlsx"):
            stale.unlink()
        scratch = path.with_suffix(".part")
        write_large(scratch, indicators, months)
        scratch.replace(path)
    return path


if __name__ == "__main__":
    if sys.argv[1] == "--long-text":  # python -m benchmarks.generate --long-text: print the cached workbook's path
        print(cached_long_text())
    elif sys.argv[1] == "--cached":  # python -m benchmarks.generate --cached N M: print the cached workbook's path
        print(cached(int(sys.argv[2]), int(sys.argv[3])))
    else:
        n, m, out = int(sys.argv[1]), int(sys.argv[2]), Path(sys.argv[3])
        write_large(out, n, m)
        print(f"wrote {out}")
