"""`make bench`: time the `scrutiny` command and the window against the budgets of issue 7.

    python -m benchmarks.run [--quick] [--out benchmarks/results.md]

Every timed run is a fresh process, started the way a user starts it (the venv's `scrutiny` and
`scrutiny-desktop` scripts); its wall time is taken around the whole process and its peak memory
(RSS) from `wait4`, for that child alone. Each figure is the median of several runs (the count is
printed beside it). The floor is openpyxl loading the same large workbook and saving it twice
(`benchmarks/floor.py`); its runs alternate with the export's so that both see the same machine.
The table is printed and written, with the machine, to `benchmarks/results.md`.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from importlib import metadata
from itertools import pairwise
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
SAMPLE = ROOT / "workbook_templates" / "sample-scrutiny-dataset.xlsx"
RESULTS = ROOT / "benchmarks" / "results.md"
MONTHS = 60
LARGE = 1000
GROWTH = (250, 1000, 4000)

# The budgets of issue 7, on the 2-core machine.
FLOOR_RATIO = 1.5
PEAK_MB = 400.0
GROWTH_RATIO = 4.5
SAMPLE_CHECK_S = 0.5
SAMPLE_EXPORT_S = 1.5
WINDOW_S = 2.0
# Issue 16: long text is read or refused quickly; every real file of the corpus answers quickly and small.
LONG_TEXT_S = 2.0
CORPUS_RUN_S = 3.0
CORPUS_PEAK_MB = 300.0


# Children run as a user's installed copy does: with Python's bytecode cache (this sandbox's
# PYTHONDONTWRITEBYTECODE=1 would make every run compile the package again).
CHILD_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
# Each export keeps its period in a history: the bench's go to files of its own, never the user's data
# folder (this default is for any child not given `--history`). Each workbook's exports share a history
# of their own, made afresh by each bench run and filled by one untimed export first (`warm`): every
# timed export then runs with a history holding that workbook, as a user's monthly exports do, and
# never with what another size or an earlier bench run left.
CHILD_ENV.setdefault("SCRUTINY_HISTORY", str(Path(tempfile.gettempdir()) / "scrutiny-bench-history.sqlite3"))
HISTORIES = Path(tempfile.gettempdir()) / f"scrutiny-bench-histories-{os.getpid()}"  # made and removed by main


@dataclass
class Runs:
    """Wall times (s), CPU times (s, user + system) and peak RSS (MB) of the runs of one measurement."""

    walls: list[float] = field(default_factory=list)
    cpus: list[float] = field(default_factory=list)
    peaks: list[float] = field(default_factory=list)
    refusals: list[str] = field(default_factory=list)  # why an export exited 1 (its audit), once per run

    @property
    def wall(self) -> float:
        return statistics.median(self.walls)

    @property
    def cpu(self) -> float:
        return statistics.median(self.cpus)

    @property
    def peak(self) -> float:
        return max(self.peaks) if self.peaks else 0.0

    @property
    def spread(self) -> str:
        text = f"{len(self.walls)} runs, {min(self.walls):.2f}–{max(self.walls):.2f} s; CPU {self.cpu:.2f} s"
        return text + (" (exit 1: audit)" if self.refusals else "")


class ChildFailed(RuntimeError):
    pass


# What `scrutiny export` says on stderr when the public file fails its audit (exit 1): all the work
# was done, so the run is timed, and the table says so.
_REFUSED = re.compile(r"failed its audit with (\d+) finding")


def run_child(command: Sequence[str | Path], *, env: dict[str, str] | None = None,
              until: str | None = None) -> tuple[float, float, float, str]:
    """Run one process; return its wall time (to exit, or to the first stdout line holding `until`),
    its CPU time, its peak RSS in MB, and why it exited 1 if its audit refused the public file."""
    args = [str(c) for c in command]
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=err, env=env or CHILD_ENV, cwd=ROOT)
        assert proc.stdout is not None
        seen: float | None = None
        lines = []
        for raw in proc.stdout:
            line = raw.decode("utf-8", "replace")
            lines.append(line)
            if until is not None and seen is None and until in line:
                seen = time.perf_counter()
        # wait4, not wait: the peak RSS and CPU time of this child alone.
        _, status, usage = os.wait4(proc.pid, 0)
        ended = time.perf_counter()
        proc.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        errors = err.read().decode("utf-8", "replace")
    refused = _REFUSED.search(errors) if proc.returncode == 1 else None
    if (proc.returncode != 0 and not refused) or (until is not None and seen is None):
        raise ChildFailed(f"{' '.join(args)} exited {proc.returncode}:\n{errors}{''.join(lines)}")
    why = f"{refused.group(1)} audit findings" if refused else ""
    return (seen or ended) - start, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, why


def measure(runs: Runs, command: Sequence[str | Path], **kwargs: object) -> Runs:
    wall, cpu, peak, refused = run_child(command, **kwargs)  # type: ignore[arg-type]
    runs.walls.append(wall)
    runs.cpus.append(cpu)
    runs.peaks.append(peak)
    if refused:
        runs.refusals.append(refused)
    return runs


def repeat(count: int, command: Callable[[], Sequence[str | Path]], **kwargs: object) -> Runs:
    runs = Runs()
    for _ in range(count):
        measure(runs, command(), **kwargs)
    return runs


# -- what is measured --------------------------------------------------------------------------


def cached(indicators: int, months: int) -> Path:
    """The generated workbook, written by a child: openpyxl stays out of this process, whose
    memory every child would otherwise start its peak RSS from (Linux counts it at fork)."""
    done = subprocess.run([sys.executable, "-m", "benchmarks.generate", "--cached", str(indicators), str(months)],
                          capture_output=True, text=True, check=True, cwd=ROOT, env=CHILD_ENV)
    return Path(done.stdout.strip().splitlines()[-1])


def cached_long_text() -> Path:
    done = subprocess.run([sys.executable, "-m", "benchmarks.generate", "--long-text"],
                          capture_output=True, text=True, check=True, cwd=ROOT, env=CHILD_ENV)
    return Path(done.stdout.strip().splitlines()[-1])


def corpus() -> list[dict[str, Any]]:
    """`scrutiny check` and `scrutiny audit` on every file of tests/corpus/files, as the suite runs them."""
    with tempfile.TemporaryDirectory() as scratch:
        answers = Path(scratch) / "answers.json"
        subprocess.run([sys.executable, "-m", "tests.corpus.runner", "tests/corpus/files", "--json", str(answers)],
                       capture_output=True, text=True, cwd=ROOT, env=CHILD_ENV, check=False)
        return list(json.loads(answers.read_text(encoding="utf-8")))


def check(workbook: Path) -> list[str | Path]:
    return [BIN / "scrutiny", "check", workbook]


def history_of(workbook: Path) -> Path:
    return HISTORIES / f"{workbook.stem}.sqlite3"


def export(workbook: Path, out: Path) -> list[str | Path]:
    return [BIN / "scrutiny", "export", workbook, "--out", out, "--force", "--history", history_of(workbook)]


def warm(workbook: Path, out: Path) -> None:
    """One untimed export, so that the timed ones run with a history holding this workbook."""
    run_child(export(workbook, out))


def floor(workbook: Path, out: Path) -> list[str | Path]:
    return [sys.executable, ROOT / "benchmarks" / "floor.py", workbook, out]


def import_time(count: int) -> Runs:
    """`import scrutiny_desktop.cli` in a fresh interpreter, from `-X importtime` (cumulative)."""
    runs = Runs()
    for _ in range(count):
        done = subprocess.run([sys.executable, "-X", "importtime", "-c", "import scrutiny_desktop.cli"],
                              capture_output=True, text=True, check=True, cwd=ROOT, env=CHILD_ENV)
        line = next(x for x in reversed(done.stderr.splitlines()) if x.rstrip().endswith("scrutiny_desktop.cli"))
        runs.walls.append(int(line.split("|")[1]) / 1e6)
    return runs


_PROBE = """
import contextlib, io, json, sys
from scrutiny_desktop.cli import main
with contextlib.redirect_stdout(io.StringIO()):
    code = main(["check", sys.argv[1]])
heavy = ["PySide6", "scrutiny_desktop.excel.appendix_writer", "scrutiny_desktop.audit.xlsx",
         "scrutiny_desktop.domain.appendix"]
print(json.dumps({"code": code, "imported": [m for m in heavy if m in sys.modules]}))
"""


def check_imports() -> list[str]:
    """The heavy modules `scrutiny check` imports (it needs none of them)."""
    done = subprocess.run([sys.executable, "-c", _PROBE, SAMPLE], capture_output=True, text=True, check=True,
                          cwd=ROOT, env=CHILD_ENV)
    result = json.loads(done.stdout.strip().splitlines()[-1])
    return list(result["imported"])


_PHASES = """
import json, sys, time
from pathlib import Path
start = time.process_time()
marks = []
def progress(message, _fraction):
    marks.append((message, time.process_time() - start))
from scrutiny_desktop.history_store import load_trends
from scrutiny_desktop.pipeline import export_appendices, load_review
marks.append(("imports", time.process_time() - start))
review = load_review(Path(sys.argv[1]), progress=progress)
history = Path(sys.argv[3])
progress("Reading the history", 0.0)
review, trends, _ = load_trends(review, history)
try:
    export_appendices(review, Path(sys.argv[2]), force=True, progress=progress, trends=trends, history=history)
except Exception as refused:  # the public file failing its audit: the work was all done
    marks.append((f"(refused: {type(refused).__name__})", time.process_time() - start))
marks.append(("done", time.process_time() - start))
print(json.dumps(marks))
"""


def phases(workbook: Path, out: Path) -> list[tuple[str, float]]:
    """Where one export's CPU time goes: from each progress message to the next, in one process."""
    done = subprocess.run([sys.executable, "-c", _PHASES, workbook, out, history_of(workbook)], capture_output=True,
                          text=True, check=True, cwd=ROOT, env=CHILD_ENV)
    marks = json.loads(done.stdout.strip().splitlines()[-1])
    # The first mark ends the imports; each progress message runs to the next mark; the last is "done".
    spans = [("imports of the pipeline", marks[0][1])]
    spans += [(label, later - at) for (label, at), (_, later) in pairwise(marks[1:])]
    return [(label, seconds) for label, seconds in spans if seconds >= 0.005]


# What runs between one progress message and the next, by the message's first words.
_PHASE_WORK = {
    "imports": "Python start-up; the CLI, pipeline, reader and openpyxl imported",
    "Checking": "the zip checked, every XML part's prolog read for a DTD, openpyxl opens the workbook",
    "Finding": "the first rows of each sheet read to find the heading row",
    "Reading sheet": "openpyxl parses the sheet's cells (read-only mode); the survey of merges and hidden rows",
    "Rating": "cells to indicators (outturns, fractions, targets), then every RAG and direction of travel",
    "Reading the appendix template": "the template's styles and page setup",
    "Deciding": "the redaction: every figure the public appendix withholds",
    "Building": "the appendix (both, once the public one is written) as rows of cells",
    "Writing": "that appendix's cells, row heights and widths; openpyxl saves it",
    "Auditing": "the public file read back and searched for anything withheld",
    "Reading the history": "the history's records of the review's indicators: earlier quarters, carried "
                           "commentary, SPC charts",
    "Keeping": "this period's figures, ratings and commentary written to the history",
}


def _what(label: str) -> str:
    return next((work for start, work in _PHASE_WORK.items() if label.startswith(start)), "")


# -- the machine -------------------------------------------------------------------------------


def machine() -> list[tuple[str, str]]:
    cpu = platform.processor() or platform.machine()
    with open("/proc/cpuinfo", encoding="utf-8") as fh:
        found = re.search(r"^model name\s*:\s*(.+)$", fh.read(), re.M)
        cpu = found.group(1).strip() if found else cpu
    ram = ""
    with open("/proc/meminfo", encoding="utf-8") as fh:
        found = re.search(r"^MemTotal:\s*(\d+) kB", fh.read(), re.M)
        ram = f"{int(found.group(1)) / 1024 / 1024:.1f} GiB" if found else "?"
    versions = ", ".join(f"{name} {_version(name)}" for name in
                         ("openpyxl", "defusedxml", "et_xmlfile", "lxml", "PySide6_Essentials"))
    return [
        ("Date", datetime.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")),
        ("CPU", f"{cpu}, {os.cpu_count()} cores"),
        ("RAM", ram),
        ("OS", platform.platform()),
        ("Python", f"{platform.python_version()} ({platform.python_implementation()})"),
        ("Libraries", versions),
    ]


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "not installed"


# -- the report --------------------------------------------------------------------------------


@dataclass
class Row:
    what: str
    budget: str
    measured: str
    ok: bool | None  # None: measured, no budget
    runs: str = ""

    @property
    def verdict(self) -> str:
        return "" if self.ok is None else "PASS" if self.ok else "MISS"


def _markdown(rows: list[tuple[str, ...]], header: tuple[str, ...]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    return "\n".join(lines)


def _plain(rows: list[tuple[str, ...]], header: tuple[str, ...]) -> str:
    widths = [max(len(x) for x in col) for col in zip(header, *rows)]
    return "\n".join("  ".join(x.ljust(w) for x, w in zip(r, widths)).rstrip() for r in [header, *rows])


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="make bench", description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="one run of everything, to try the harness")
    parser.add_argument("--out", type=Path, default=RESULTS, help="the results file (default: %(default)s)")
    args = parser.parse_args(argv)
    few, some, many = (1, 1, 1) if args.quick else (3, 5, 7)

    def say(text: str) -> None:
        print(text, file=sys.stderr, flush=True)

    load_before = os.getloadavg()[0]
    say("Generating (or reusing) the large workbooks in benchmarks/generated/ ...")
    books = {n: cached(n, MONTHS) for n in GROWTH}
    scratch = Path(tempfile.mkdtemp(prefix="scrutiny-bench-"))
    shutil.rmtree(HISTORIES, ignore_errors=True)
    HISTORIES.mkdir()
    out = scratch / "out"
    out.mkdir()
    window_env = {**CHILD_ENV, "QT_QPA_PLATFORM": "offscreen", "PYTHONUNBUFFERED": "1"}

    say(f"Sample workbook: check, export ({many} runs each), window ({some}), import time ({many}) ...")
    sample_check = repeat(many, lambda: check(SAMPLE))
    warm(SAMPLE, out)
    sample_export = repeat(many, lambda: export(SAMPLE, out))
    window = repeat(some, lambda: [BIN / "scrutiny-desktop", "--selftest"], env=window_env, until="selftest ok")
    imports = import_time(many)
    heavy = check_imports()

    large = books[LARGE]
    say(f"{LARGE} x {MONTHS}: check ({some} runs), export and the floor ({some} runs each, alternating) ...")
    large_check = repeat(some, lambda: check(large))
    large_export, large_floor = Runs(), Runs()
    warm(large, out)
    for _ in range(some):
        measure(large_export, export(large, out))
        measure(large_floor, floor(large, scratch))
    growth: dict[int, tuple[Runs, Runs]] = {LARGE: (large_check, large_export)}
    for n in GROWTH:
        if n != LARGE:
            say(f"{n} x {MONTHS}: check and export ({few} runs each) ...")
            warm(books[n], out)
            growth[n] = (repeat(few, lambda n=n: check(books[n])), repeat(few, lambda n=n: export(books[n], out)))
    long_text = cached_long_text()
    say(f"Long text: check ({some} runs); the corpus: check and audit on every file (once) ...")
    long_check = repeat(some, lambda: check(long_text))
    answers = corpus()
    unclean = [a for a in answers if a["signal"] is not None or a["traceback"] or not a["json_ok"]]
    slowest = max(answers, key=lambda a: a["cpu_seconds"])
    biggest = max(answers, key=lambda a: a["max_rss_mb"])
    say(f"Where the time of one {LARGE} x {MONTHS} export goes ...")
    spans = phases(large, out)

    load_after = os.getloadavg()[0]
    ratio = large_export.wall / large_floor.wall
    big, base = growth[max(GROWTH)][1], growth[LARGE][1]
    rows = [
        Row("Sample: `scrutiny check`", f"< {SAMPLE_CHECK_S} s", f"{sample_check.wall:.2f} s",
            sample_check.wall < SAMPLE_CHECK_S, sample_check.spread),
        Row("Sample: `scrutiny export` (both appendices, audit)", f"< {SAMPLE_EXPORT_S} s",
            f"{sample_export.wall:.2f} s", sample_export.wall < SAMPLE_EXPORT_S, sample_export.spread),
        Row("Sample: window shown with the sample (offscreen)", f"< {WINDOW_S} s", f"{window.wall:.2f} s",
            window.wall < WINDOW_S, window.spread),
        Row("`import scrutiny_desktop.cli` (-X importtime)", "—", f"{imports.wall * 1000:.0f} ms", None,
            f"{len(imports.walls)} runs"),
        Row("`scrutiny check` imports Qt, the writer or the audit", "none", ", ".join(heavy) or "none", not heavy),
        Row(f"{LARGE}×{MONTHS}: `scrutiny check`", "—", f"{large_check.wall:.2f} s", None, large_check.spread),
        Row(f"{LARGE}×{MONTHS}: `scrutiny export`", "—", f"{large_export.wall:.2f} s", None, large_export.spread),
        Row(f"{LARGE}×{MONTHS}: floor (openpyxl load + 2 saves)", "—", f"{large_floor.wall:.2f} s", None,
            large_floor.spread),
        Row(f"{LARGE}×{MONTHS}: export ÷ floor", f"≤ {FLOOR_RATIO}", f"{ratio:.2f}", ratio <= FLOOR_RATIO,
            f"CPU time: {large_export.cpu / large_floor.cpu:.2f}"),
        Row(f"{LARGE}×{MONTHS}: export peak RSS", f"< {PEAK_MB:.0f} MB", f"{large_export.peak:.0f} MB",
            large_export.peak < PEAK_MB, f"floor: {large_floor.peak:.0f} MB"),
        Row(f"Export {max(GROWTH)} ÷ export {LARGE} indicators", f"< {GROWTH_RATIO}", f"{big.wall / base.wall:.2f}",
            big.wall / base.wall < GROWTH_RATIO, f"CPU time: {big.cpu / base.cpu:.2f}"),
        Row("Long text: `scrutiny check` (5 sheets of 32,767-character cells, a 1 MB string)",
            f"< {LONG_TEXT_S} s", f"{long_check.wall:.2f} s", long_check.wall < LONG_TEXT_S, long_check.spread),
        Row(f"Corpus ({len(answers) // 2} real files): slowest check or audit, CPU time", f"< {CORPUS_RUN_S} s",
            f"{slowest['cpu_seconds']:.2f} s", slowest["cpu_seconds"] < CORPUS_RUN_S,
            f"{slowest['command']} {Path(slowest['file']).name} (wall {slowest['seconds']:.2f} s); "
            f"{len(unclean)} unclean"),
        Row("Corpus: largest peak RSS of one run", f"< {CORPUS_PEAK_MB:.0f} MB", f"{biggest['max_rss_mb']:.0f} MB",
            biggest["max_rss_mb"] < CORPUS_PEAK_MB, f"{biggest['command']} {Path(biggest['file']).name}"),
    ]
    header = ("Measure", "Budget", "Measured", "Result", "Runs (median of)")
    table = [(r.what, r.budget, r.measured, r.verdict, r.runs) for r in rows]
    growth_header = ("Indicators", "check (s)", "check ms/indicator", "export (s)", "export ms/indicator",
                     "export CPU ms/indicator", "export peak RSS")
    growth_rows = [(f"{n:,}", f"{c.wall:.2f}", f"{c.wall / n * 1000:.2f}", f"{e.wall:.2f}",
                    f"{e.wall / n * 1000:.2f}", f"{e.cpu / n * 1000:.2f}", f"{e.peak:.0f} MB")
                   for n, (c, e) in sorted(growth.items())]
    refused = [f"{n:,} indicators ({e.refusals[0]})" for n, (_, e) in sorted(growth.items()) if e.refusals]
    notes = []
    if refused:
        notes.append("`scrutiny export` exited 1 on " + ", ".join(refused) + ": the audit refused the public "
                     "file, after all the work was done (both files written and audited), so those runs are "
                     "timed as they are.")
    busy = load_before > (os.cpu_count() or 1) or load_after > (os.cpu_count() or 1)
    notes.append(f"Load average (1 min) {load_before:.2f} before the runs and {load_after:.2f} after, on "
                 f"{os.cpu_count()} cores" + (": other processes shared the CPU, so wall times exceed CPU times."
                                              if busy else "."))
    total = sum(s for _, s in spans)
    phase_rows = [(label, f"{seconds:.2f}", f"{seconds / total:.0%}", _what(label)) for label, seconds in spans]
    if ratio > FLOOR_RATIO:
        over = large_export.wall - FLOOR_RATIO * large_floor.wall
        top = sorted(spans, key=lambda span: -span[1])[:3]
        notes.append(f"The export of {LARGE}×{MONTHS} takes {ratio:.2f} × the floor: {over:.2f} s over the "
                     f"budget of {FLOOR_RATIO} × {large_floor.wall:.2f} s. Most of its time: "
                     + "; ".join(f"{label} {seconds / total:.0%}" for label, seconds in top) + ".")
    missed = [r for r in rows if r.ok is False]

    print()
    print(_plain(table, header))
    print()
    print(_plain(growth_rows, growth_header))
    print()
    print(_plain(phase_rows, ("Phase of one export (in one process)", "s", "share", "what runs")))
    print()
    print("Every budget met." if not missed else f"Missed: {', '.join(r.what for r in missed)}.")
    for note in notes:
        print(note)

    lines = [
        "# Benchmark results",
        "",
        "Written by `make bench` (`benchmarks/run.py`); the numbers below are from its last run on this machine.",
        "",
        *(f"- **{k}**: {v}" for k, v in machine()),
        "",
        f"Each figure is the median of fresh processes ({many} runs for the sample, {some} for {LARGE} "
        f"indicators, {few} for {', '.join(str(n) for n in GROWTH if n != LARGE)}); wall time of the whole "
        "process (the window: to its `selftest ok` line, with the sample in the table and the window "
        "rendered), peak RSS of that process alone (never below the harness's own "
        f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB, which Linux counts at fork). "
        "Children use Python's bytecode cache, as an installed copy does. The large workbooks have "
        f"{MONTHS} monthly columns each (`benchmarks/generate.py`).",
        "",
        "## Budgets",
        "",
        _markdown(table, header),
        "",
        "## Growth",
        "",
        _markdown(growth_rows, growth_header),
        "",
        f"## Where one {LARGE}×{MONTHS} export spends its time",
        "",
        "CPU time, from the pipeline's progress messages in one process: each line runs from its message "
        "to the next.",
        "",
        _markdown(phase_rows, ("Phase", "s", "share", "what runs")),
        "",
        "Every budget met." if not missed else f"Missed: {', '.join(r.what for r in missed)}.",
        "",
        *(f"{note}\n" for note in notes),
    ]
    args.out.write_text("\n".join(lines), encoding="utf-8")
    shutil.rmtree(HISTORIES, ignore_errors=True)
    say(f"\nWritten: {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
