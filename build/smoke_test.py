"""Frozen smoke test: the built folder behaves like the source install (`make exe-test`).

Runs the packaged `scrutiny` and `scrutiny-desktop` from dist/scrutiny-desktop/ and compares them
with `python -m scrutiny_desktop` from this checkout: `check --json` and the plain report on the
sample, a refused workbook, `demo`, `export` (once the command exists: the written workbooks are
read back and compared cell by cell), `report` (the Word drafts compared by their text), the
window's `--selftest` (start-up time: the median of several runs), that every bundled library
resolves, and the folder's size, broken down by library.
Prints PASS, FAIL or SKIP per check and exits 1 if any check failed.

    python build/smoke_test.py [--dist dist/scrutiny-desktop] [--runs 5]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "workbook_templates" / "sample-scrutiny-dataset.xlsx"
WINDOWS = sys.platform == "win32"
SUFFIX = ".exe" if WINDOWS else ""
MAX_MB = 250  # the ceiling for the folder
MAX_START_S = 3.0  # the ceiling for the window's start-up (selftest)
TIMEOUT_S = 120  # a frozen program that hangs (e.g. behind an error dialog) fails instead of stalling CI
MB = 1024 * 1024


class Failed(Exception):
    """A check that did not pass, with the reason."""


class Skipped(Exception):
    """A check that cannot run here, with the reason."""


class Run:
    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()

    def check(self, name: str, body: Callable[[], str]) -> None:
        started = time.perf_counter()
        try:
            detail = body()
            verdict = "PASS"
        except Skipped as why:
            verdict, detail = "SKIP", str(why)
        except Failed as why:
            verdict, detail = "FAIL", str(why)
        except Exception as error:  # noqa: BLE001 - a crash in a check is that check's failure
            verdict, detail = "FAIL", f"{type(error).__name__}: {error}"
        self.counts[verdict] += 1
        took = time.perf_counter() - started
        print(f"{verdict}  {name:<34} {took:6.2f} s  {detail}".rstrip(), flush=True)


def run(command: list[str], *, env: dict[str, str] | None = None, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, encoding="utf-8",
                          errors="replace", timeout=TIMEOUT_S, check=False)


def expect(result: subprocess.CompletedProcess[str], code: int, what: str) -> None:
    if result.returncode != code:
        tail = (result.stderr or result.stdout).strip().splitlines()[-8:]
        raise Failed(f"{what} exited {result.returncode}, expected {code}: " + " | ".join(tail))
    if "Traceback (most recent call last)" in result.stderr:
        raise Failed(f"{what} printed a Python traceback")


def first_difference(a: Any, b: Any, where: str = "") -> str | None:
    """Where two JSON-like values first differ, e.g. "indicators[3].rag: 'red' != 'amber'"."""
    if isinstance(a, dict) and isinstance(b, dict):
        for key in sorted(set(a) | set(b), key=str):
            if key not in a or key not in b:
                return f"{where}.{key}: only in {'source' if key in a else 'frozen'}"
            found = first_difference(a[key], b[key], f"{where}.{key}")
            if found:
                return found
        return None
    if isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            return f"{where}: {len(a)} items != {len(b)}"
        for i, (x, y) in enumerate(zip(a, b)):
            found = first_difference(x, y, f"{where}[{i}]")
            if found:
                return found
        return None
    return None if a == b else f"{where or 'value'}: {a!r} != {b!r}"


def workbook_cells(path: Path) -> dict[str, Any]:
    """Every sheet's non-empty cell values (and merged ranges), read back with openpyxl."""
    from openpyxl import load_workbook

    book = load_workbook(path)
    try:
        return {
            ws.title: {
                "cells": {c.coordinate: c.value for row in ws.iter_rows() for c in row if c.value is not None},
                "merged": sorted(str(r) for r in ws.merged_cells.ranges),
            }
            for ws in book.worksheets
        }
    finally:
        book.close()


def document_text(path: Path) -> str:
    with zipfile.ZipFile(path) as archive:
        return re.sub(r"<[^>]+>", " ", archive.read("word/document.xml").decode("utf-8"))


def written_files(folder: Path) -> dict[str, Any]:
    """What a command wrote, comparable across two folders: workbooks by cell value, not bytes."""
    contents: dict[str, Any] = {}
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        key = path.relative_to(folder).as_posix()
        suffix = path.suffix.lower()
        if suffix in {".xlsx", ".xlsm"}:
            contents[key] = workbook_cells(path)
        elif suffix == ".docx":
            contents[key] = document_text(path)
        elif suffix in {".json", ".txt", ".csv", ".md"}:
            contents[key] = path.read_text(encoding="utf-8")
        else:
            contents[key] = path.stat().st_size > 0
    return contents


def replace_paths(value: Any, old: str, new: str) -> Any:
    if isinstance(value, str):
        return value.replace(old, new)
    if isinstance(value, list):
        return [replace_paths(v, old, new) for v in value]
    if isinstance(value, dict):
        return {k: replace_paths(v, old, new) for k, v in value.items()}
    return value


# -- the size report -------------------------------------------------------------------------------

STDLIB = set(sys.stdlib_module_names) | {"__future__", "_sysconfigdata"}


def group_of(relative: str) -> str:
    """The library a file in the folder belongs to, for the size report."""
    path = relative.replace("\\", "/")
    low = path.lower()
    name = low.rsplit("/", 1)[-1]
    inner = low.removeprefix("_internal/")
    if "/" not in low:
        return "the two executables (each holds its Python code)"
    if re.match(r"pyside6/(qt/)?plugins/", inner):
        return "Qt plugins"
    if re.match(r"(lib)?icu", name):
        return "ICU (Unicode data Qt needs)"
    if re.match(r"(lib)?qt6", name):
        return "Qt libraries"
    if inner.startswith(("pyside6/", "shiboken6/")) or name.startswith(("libpyside6", "libshiboken6")):
        return "PySide6 / shiboken6 bindings"
    if (name.startswith(("libpython", "python3", "vcruntime", "base_library")) or inner.startswith("python3.")
            or name.endswith(".pyd") or inner.startswith("lib-dynload/")):
        return "Python runtime + stdlib extensions"
    if inner.startswith(("workbook_templates/", "ui/", "scrutiny_desktop/")):
        return "our resources (templates, ui, package data)"
    if "/" not in inner:
        return "system libraries (X11, fontconfig, glib, OpenSSL...)" if not WINDOWS else "other DLLs"
    return "other: " + inner.split("/", 1)[0]


def folder_sizes(folder: Path) -> tuple[int, Counter[str]]:
    groups: Counter[str] = Counter()
    for path in folder.rglob("*"):
        if path.is_file() and not path.is_symlink():
            groups[group_of(path.relative_to(folder).as_posix())] += path.stat().st_size
    return sum(groups.values()), groups


# Python packages the spec excludes (xlwings.pro too): they must not be inside the executables.
UNWANTED_MODULES = frozenset({"numpy", "PIL", "pandas", "cryptography", "ssl", "tkinter", "pytest"})


def _code_archive(executable: Path) -> Any:
    from PyInstaller.archive.readers import CArchiveReader

    return CArchiveReader(str(executable)).open_embedded_archive("PYZ.pyz")


def python_modules(executable: Path) -> set[str]:
    """The Python modules inside one executable (its embedded PYZ archive)."""
    return set(_code_archive(executable).toc)


def python_code_sizes(executable: Path) -> Counter[str]:
    """Compressed size of the Python code inside one executable, by top-level package."""
    sizes: Counter[str] = Counter()
    for name, entry in _code_archive(executable).toc.items():
        top = name.split(".")[0]
        sizes["standard library" if top in STDLIB or top.startswith("_sysconfigdata") else top] += entry[2]
    return sizes


# -- the checks ------------------------------------------------------------------------------------


class Smoke:
    def __init__(self, dist: Path, runs: int, tmp: Path) -> None:
        self.dist = dist
        self.runs = runs
        self.tmp = tmp
        self.cli = dist / f"scrutiny{SUFFIX}"
        self.window = dist / f"scrutiny-desktop{SUFFIX}"
        self.internal = dist / "_internal"
        self.env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "QT_", "LD_PRELOAD"))}
        self.env["QT_QPA_PLATFORM"] = "offscreen"
        self.env["SCRUTINY_HISTORY"] = str(tmp / "history.sqlite3")  # never the tester's own history
        self.has_export = False

    def source(self, *args: str) -> subprocess.CompletedProcess[str]:
        return run([sys.executable, "-m", "scrutiny_desktop", *args], env={**self.env, "PYTHONPATH": str(ROOT)})

    def frozen(self, *args: str) -> subprocess.CompletedProcess[str]:
        return run([str(self.cli), *args], env=self.env)

    def layout(self) -> str:
        for program in (self.cli, self.window):
            if not program.is_file():
                raise Failed(f"{program} is missing")
        wanted = [f"workbook_templates/{p.name}" for p in sorted((ROOT / "workbook_templates").iterdir())
                  if p.suffix.lower() in {".xlsx", ".docx"}]
        wanted += [p.relative_to(ROOT).as_posix() for p in sorted((ROOT / "ui").rglob("*"))
                   if p.is_file() and p.suffix != ".py" and "__pycache__" not in p.parts]
        wanted += ["scrutiny_desktop/excel/headings.toml", "scrutiny_desktop/help/user-guide.html"]
        missing = [w for w in wanted if not (self.internal / w).is_file()]
        if missing:
            raise Failed(f"resources missing from _internal/: {missing}")
        # What the spec leaves out must really be out (the program does not need it).
        unwanted = ["workbook_templates/make_sample.py", "numpy", "PIL", "pandas", "cryptography",
                    "PySide6/Qt/translations", "PySide6/translations",
                    "PySide6/Qt/plugins/platformthemes", "PySide6/Qt/plugins/tls", "PySide6/plugins/tls",
                    f"PySide6/QtNetwork{'.pyd' if WINDOWS else '.abi3.so'}"]
        present = [u for u in unwanted if (self.internal / u).exists()]
        modules = python_modules(self.cli) | python_modules(self.window)
        present += sorted({m for m in modules if m.split(".")[0] in UNWANTED_MODULES or m.startswith("xlwings.pro")})
        if present:
            raise Failed(f"bundled although the spec leaves them out: {present[:12]}")
        return f"{len(wanted)} resources bundled; {len(unwanted) + len(UNWANTED_MODULES) + 1} unwanted parts absent"

    def version(self) -> str:
        sys.path.insert(0, str(ROOT))
        from scrutiny_desktop import __version__

        result = self.frozen("--version")
        expect(result, 0, "scrutiny --version")
        if result.stdout.strip() != f"scrutiny {__version__}":
            raise Failed(f"frozen says {result.stdout.strip()!r}; the source is {__version__}")
        return result.stdout.strip()

    def check_json(self) -> str:
        # The same absolute path for both, so even the `workbook` field must match.
        began = time.perf_counter()
        frozen = self.frozen("check", str(SAMPLE), "--json")
        frozen_s = time.perf_counter() - began
        source = self.source("check", str(SAMPLE), "--json")
        expect(frozen, 0, "frozen check --json")
        expect(source, 0, "source check --json")
        a, b = json.loads(source.stdout), json.loads(frozen.stdout)
        difference = first_difference(a, b)
        if difference:
            raise Failed(f"frozen JSON differs from source: {difference}")
        counts = f"{len(b['indicators'])} indicators, {len(b['problems'])} problems"
        return f"{counts}, identical; frozen run {frozen_s:.2f} s"

    def check_text(self) -> str:
        frozen, source = self.frozen("check", str(SAMPLE)), self.source("check", str(SAMPLE))
        expect(frozen, 0, "frozen check")
        expect(source, 0, "source check")
        if frozen.stdout != source.stdout:
            diff = next(((x, y) for x, y in zip(source.stdout.splitlines(), frozen.stdout.splitlines()) if x != y),
                        ("(lengths differ)", ""))
            raise Failed(f"report differs: source {diff[0]!r} / frozen {diff[1]!r}")
        return f"{len(frozen.stdout.splitlines())} lines, identical"

    def refused(self) -> str:
        bad = self.tmp / "not-a-workbook.xlsx"
        bad.write_text("this is not a workbook", encoding="utf-8")
        frozen, source = self.frozen("check", str(bad), "--json"), self.source("check", str(bad), "--json")
        expect(frozen, 2, "frozen check on a broken file")
        expect(source, 2, "source check on a broken file")
        a, b = json.loads(source.stdout), json.loads(frozen.stdout)
        difference = first_difference(a, b)
        if difference:
            raise Failed(f"refusal differs: {difference}")
        return "exit 2, same reasons: " + ", ".join(p["code"] for p in b["problems"])

    def guide(self) -> str:
        """The user guide ships: `scrutiny guide mapping` prints the section, as from source."""
        frozen, source = self.frozen("guide", "mapping"), self.source("guide", "mapping")
        expect(frozen, 0, "frozen guide")
        expect(source, 0, "source guide")
        if frozen.stdout != source.stdout or "Mapping columns" not in frozen.stdout:
            raise Failed(f"the frozen guide differs from the source's: {frozen.stdout[:80]!r}")
        return f"{len(frozen.stdout.splitlines())} lines, identical"

    def demo(self) -> str:
        out = self.tmp / "demo"
        result = run([str(self.cli), "demo", "--out", str(out)], env=self.env, cwd=self.tmp)
        expect(result, 0, "frozen demo")
        line = next((s for s in result.stdout.splitlines() if s.startswith("Sample workbook: ")), "")
        found = Path(line.removeprefix("Sample workbook: ").strip())
        if not found.is_file() or self.internal.resolve() not in found.resolve().parents:
            raise Failed(f"demo did not use the bundled sample: {line!r}")
        return f"used {found.relative_to(self.dist.parent)}"

    def same_as_source(self, command: str) -> tuple[dict[str, Any], dict[str, Any]]:
        """`scrutiny COMMAND SAMPLE --out DIR --json` frozen and from source: its JSON and files, once they match."""
        offered = re.compile(rf"\{{[^}}]*\b{command}\b")
        if not offered.search(self.source("--help").stdout):
            raise Skipped(f"`scrutiny {command}` does not exist in this checkout yet")
        if not offered.search(self.frozen("--help").stdout):
            raise Failed(f"the source has `{command}` but the frozen program does not: rebuild with `make exe`")
        outs = {"source": self.tmp / f"{command}-source", "frozen": self.tmp / f"{command}-frozen"}
        # Each side its own new history: a history shared by the two runs gives the second one the first's
        # period (and the appendix its "Last four quarters" columns).
        histories = {side: str(self.tmp / f"{command}-{side}.sqlite3") for side in outs}
        results = {"source": self.source(command, str(SAMPLE), "--out", str(outs["source"]), "--json",
                                         "--history", histories["source"]),
                   "frozen": self.frozen(command, str(SAMPLE), "--out", str(outs["frozen"]), "--json",
                                         "--history", histories["frozen"])}
        for side, result in results.items():
            expect(result, 0, f"{side} {command}")
        reports = {side: replace_paths(json.loads(r.stdout), str(outs[side]), "<out>") for side, r in results.items()}
        difference = first_difference(reports["source"], reports["frozen"])
        if difference:
            raise Failed(f"{command} --json differs: {difference}")
        files = {side: written_files(folder) for side, folder in outs.items()}
        if not files["frozen"]:
            raise Failed(f"the frozen {command} wrote no files")
        difference = first_difference(files["source"], files["frozen"])
        if difference:
            raise Failed(f"written files differ: {difference}")
        return reports["frozen"], files["frozen"]

    def export(self) -> str:
        _, files = self.same_as_source("export")
        self.has_export = True
        return f"same JSON and same cell values in {', '.join(files)}"

    def report(self) -> str:
        """`scrutiny report`: the same JSON, and Word drafts with the same text; Part 1 audited clean."""
        report, files = self.same_as_source("report")
        if sorted(files) != ["report-2019-10-part1-public.docx", "report-2019-10-part2-confidential.docx"]:
            raise Failed(f"the frozen report wrote {sorted(files)}")
        if not report["audit"]["clean"]:
            raise Failed("the frozen Part 1 draft did not pass its audit")
        return f"same JSON and same text in {', '.join(files)}; Part 1 audited clean"

    def selftest_once(self, *args: str, env: dict[str, str] | None = None,
                      wrapper: tuple[str, ...] = ()) -> float:
        began = time.perf_counter()
        result = run([*wrapper, str(self.window), "--selftest", *args], env=env or self.env)
        took = time.perf_counter() - began
        expect(result, 0, "scrutiny-desktop --selftest")
        # A windowed Windows program has no stdout to read; there the exit code is the verdict.
        if not WINDOWS and "selftest ok" not in result.stdout:
            raise Failed(f"no 'selftest ok' line; stdout {result.stdout.strip()!r}")
        return took

    def selftest(self) -> str:
        times = [self.selftest_once() for _ in range(self.runs)]
        median = statistics.median(times)
        if median > MAX_START_S:
            raise Failed(f"median start-up {median:.2f} s is over {MAX_START_S} s")
        return (f"offscreen, {self.runs} runs: median {median:.2f} s "
                f"(min {min(times):.2f}, max {max(times):.2f}; limit {MAX_START_S} s)")

    def selftest_workbook(self) -> str:
        copy = self.tmp / "a copy of the sample.xlsx"
        shutil.copyfile(SAMPLE, copy)
        return f"{self.selftest_once(str(copy)):.2f} s with {copy.name!r}"

    def selftest_xcb(self) -> str:
        if WINDOWS or not shutil.which("xvfb-run"):
            raise Skipped("needs Linux and xvfb-run")
        env = {**self.env, "QT_QPA_PLATFORM": "xcb"}
        return f"{self.selftest_once(env=env, wrapper=('xvfb-run', '-a')):.2f} s on Xvfb (the real X11 plugin)"

    def libraries_resolve(self) -> str:
        if not sys.platform.startswith("linux") or not shutil.which("ldd"):
            raise Skipped("ldd check is for Linux")
        env = {**self.env, "LD_LIBRARY_PATH": str(self.internal)}
        files = [p for p in self.internal.rglob("*") if p.is_file() and not p.is_symlink()
                 and (".so" in p.name) and p.read_bytes()[:4] == b"\x7fELF"]
        unresolved: dict[str, list[str]] = {}
        for path in files:
            out = run(["ldd", str(path)], env=env).stdout
            missing = [line.split()[0] for line in out.splitlines() if "not found" in line]
            if missing:
                unresolved[path.relative_to(self.internal).as_posix()] = missing
        if unresolved:
            raise Failed(f"unresolved libraries: {unresolved}")
        return f"all {len(files)} shared libraries resolve"

    def size(self) -> str:
        total, groups = folder_sizes(self.dist)
        print(f"      folder {self.dist}: {total / MB:.1f} MB", flush=True)
        for group, size in groups.most_common():
            print(f"      {size / MB:7.1f} MB  {group}")
        try:
            code = python_code_sizes(self.cli) + python_code_sizes(self.window)
        except ImportError:
            code = Counter()
        if code:
            print("      Python code inside the two executables (compressed):")
            for package, size in code.most_common(6):
                print(f"      {size / MB:7.2f} MB  {package}")
        if total > MAX_MB * MB:
            raise Failed(f"{total / MB:.1f} MB is over the {MAX_MB} MB ceiling")
        return f"{total / MB:.1f} MB (ceiling {MAX_MB} MB)"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dist", type=Path, default=ROOT / "dist" / "scrutiny-desktop", help="the built folder")
    parser.add_argument("--runs", type=int, default=5, help="selftest runs for the start-up median")
    args = parser.parse_args(argv)
    dist = args.dist.resolve()
    if not dist.is_dir():
        print(f"FAIL  {dist} does not exist: build it first with `make exe`")
        return 1
    print(f"Frozen smoke test of {dist}")
    report = Run()
    with tempfile.TemporaryDirectory(prefix="scrutiny-smoke-") as tmp:
        smoke = Smoke(dist, args.runs, Path(tmp))
        report.check("bundle layout and resources", smoke.layout)
        report.check("version", smoke.version)
        report.check("check --json == source", smoke.check_json)
        report.check("check report == source", smoke.check_text)
        report.check("refused workbook == source", smoke.refused)
        report.check("user guide is bundled", smoke.guide)
        report.check("demo finds the bundled sample", smoke.demo)
        report.check("export == source", smoke.export)
        report.check("report == source", smoke.report)
        report.check("window selftest start-up", smoke.selftest)
        report.check("window selftest on a chosen file", smoke.selftest_workbook)
        report.check("window selftest on X11 (xcb)", smoke.selftest_xcb)
        report.check("bundled libraries resolve", smoke.libraries_resolve)
        report.check("folder size", smoke.size)
    counts = report.counts
    print(f"Frozen smoke test: {counts['PASS']} passed, {counts['FAIL']} failed, {counts['SKIP']} skipped.")
    return 1 if counts["FAIL"] else 0


if __name__ == "__main__":
    sys.exit(main())
