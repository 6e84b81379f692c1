"""Each council layout is read and rated as that council's own stated rule says (issue 12).

A layout is a builder `tests/layouts/<name>.py` (its `write(path)` builds the workbook, and the
profile beside it where the council needs one) and `<name>.expected.toml`, the results worked out
by hand from the council's rule. See tests/layouts/README.md.
"""

from __future__ import annotations

import importlib
import json
import math
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from scrutiny_desktop import excel
from scrutiny_desktop.cli import main
from scrutiny_desktop.domain.model import Rag
from scrutiny_desktop.domain.periods import parse_period_key
from scrutiny_desktop.domain.problems import UnusableWorkbook
from scrutiny_desktop.pipeline import load_review

HERE = Path(__file__).resolve().parent
NAMES = sorted(p.name.removesuffix(".expected.toml") for p in HERE.glob("*.expected.toml"))

FIELDS = ("ref", "title", "section", "period", "value", "rag")
# Compared where the expected file gives it and the reader's result has it (not in the CLI's JSON):
# the RAG the workbook itself states, as the program understood the council's word, letter or tick.
OPTIONAL_FIELDS = ("stated",)


def _param(name: str) -> Any:
    return pytest.param(name, id=name)


def expected(name: str) -> dict[str, Any]:
    with (HERE / f"{name}.expected.toml").open("rb") as f:
        return tomllib.load(f)


def built(name: str, folder: Path) -> Path:
    """The layout's workbook (and its profile, if any) written into `folder`."""
    module = importlib.import_module(f"tests.layouts.{name}")
    path: Path = module.write(folder / f"{name}.xlsx")
    return path


def _key_field(exp: Mapping[str, Any]) -> str:
    """Layouts without refs are matched on the title (the refs are made by the program)."""
    return "ref" if all("ref" in i for i in exp["indicator"]) else "title"


def _same(field: str, want: object, got: object) -> bool:
    if field == "value":
        if want is None or got is None:
            return want is None and got is None
        return math.isclose(float(want), float(got), abs_tol=0.01)  # type: ignore[arg-type]
    if field == "section":
        return str(want).casefold() == str(got or "").casefold()
    return want == got


def compare(exp: Mapping[str, Any], actual: list[dict[str, Any]]) -> list[str]:
    """Every difference between the hand-derived results and what the program gives, as lines."""
    key = _key_field(exp)
    got = {row[key]: row for row in actual}
    want = {row[key]: row for row in exp["indicator"]}
    wrong = []
    if len(got) != len(actual):
        wrong.append(f"the program gives two indicators with the same {key}: {[r[key] for r in actual]}")
    for missing in sorted(want.keys() - got.keys(), key=str):
        wrong.append(f"missing indicator {missing!r}")
    for extra in sorted(got.keys() - want.keys(), key=str):
        wrong.append(f"unexpected indicator {extra!r} ({got[extra]['title']!r})")
    for name in sorted(want.keys() & got.keys(), key=str):
        optional = [f for f in OPTIONAL_FIELDS if f in want[name] and f in got[name]]
        for field in (*FIELDS, *optional):
            if field == "ref" and key == "title":
                continue
            w, g = want[name].get(field), got[name].get(field)
            if not _same(field, w, g):
                wrong.append(f"{name}: {field} is {g!r}, the council's rule gives {w!r}")
    return wrong


def assert_warnings(exp: Mapping[str, Any], codes: set[str]) -> None:
    """The warnings the layout must give (`warnings`) are given; those it must not (`absent_warnings`) are not."""
    assert set(exp.get("warnings", ())) <= codes, f"expected warnings {exp.get('warnings')}, got {sorted(codes)}"
    unwanted = set(exp.get("absent_warnings", ())) & codes
    assert not unwanted, f"warnings {sorted(unwanted)} should not be given, the workbook is right"


def _load_options(exp: Mapping[str, Any]) -> dict[str, Any]:
    options: dict[str, Any] = {}
    if "sheet" in exp:
        options["sheet"] = exp["sheet"]
    if "period" in exp:
        options["period"] = parse_period_key(exp["period"])
    return options


@pytest.mark.parametrize("name", [_param(n) for n in NAMES])
def test_layout_is_rated_as_the_council_says(name: str, tmp_path: Path) -> None:
    exp = expected(name)
    path = built(name, tmp_path)
    if "refused" in exp:
        with pytest.raises(UnusableWorkbook) as refused:
            load_review(path, **_load_options(exp))
        assert exp["refused"] in {p.code for p in refused.value.errors}
        return
    result = load_review(path, **_load_options(exp))
    actual = [
        {"ref": i.ref, "title": i.indicator.title, "section": i.indicator.section,
         "period": i.period.key if i.period else None, "value": i.outturn.value, "rag": i.rag.word,
         "stated": i.indicator.stated_rag.word if i.indicator.stated_rag else None}
        for i in result.items
    ]
    wrong = compare(exp, actual)
    assert not wrong, "\n".join(wrong)
    assert_warnings(exp, {p.code for p in result.problems})


CLI_LAYOUTS = tuple(n for n in ("banded_quarters", "long_format_extract", "staff_list_refused") if n in NAMES)


@pytest.mark.parametrize("name", [_param(n) for n in CLI_LAYOUTS])
def test_layout_through_the_command_line(name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    exp = expected(name)
    path = built(name, tmp_path)
    argv = ["check", str(path), "--json"]
    if "sheet" in exp:
        argv += ["--sheet", exp["sheet"]]
    if "period" in exp:
        argv += ["--period", exp["period"]]
    code = main(argv)
    out = json.loads(capsys.readouterr().out)
    if "refused" in exp:
        assert code == 2
        assert out["usable"] is False
        assert exp["refused"] in {p["code"] for p in out["problems"] if p["severity"] == "error"}
        return
    assert code == 0
    actual = [{**row, "rag": Rag(row["rag"]).word} for row in out["indicators"]]
    wrong = compare(exp, actual)
    assert not wrong, "\n".join(wrong)
    assert_warnings(exp, {p["code"] for p in out["problems"]})


REFUSED = [n for n in NAMES if "refused_row" in expected(n)]


@pytest.mark.parametrize("name", REFUSED)
def test_refusal_names_the_row_that_came_closest(name: str, tmp_path: Path) -> None:
    exp = expected(name)
    path = built(name, tmp_path)
    with pytest.raises(UnusableWorkbook) as refused:
        load_review(path, **_load_options(exp))
    named = [p for p in refused.value.errors if p.code == exp["refused"]]
    assert named, f"not refused with {exp['refused']}"
    problem = named[0]
    assert problem.sheet == exp["refused_sheet"]
    assert problem.cell.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ") == str(exp["refused_row"]), problem.cell


def test_a_wrong_result_is_reported() -> None:
    """The comparison can fail: a changed RAG, a lost indicator and an extra one are each named."""
    exp = expected("banded_quarters")
    actual = [dict(row) for row in exp["indicator"]]
    actual[0]["rag"] = "Green"
    actual[1]["value"] += 0.1
    actual.pop()
    actual.append({**actual[0], "ref": "CS99", "title": "Extra"})
    wrong = compare(exp, actual)
    assert any("CS01: rag" in line for line in wrong)
    assert any("CS02: value" in line for line in wrong)
    assert any("missing indicator 'CS07'" in line for line in wrong)
    assert any("unexpected indicator 'CS99'" in line for line in wrong)
    assert compare(exp, [dict(row) for row in exp["indicator"]]) == []


PROFILE_SECTIONS = {"table", "columns", "rag", "words"}
# The fields of the packaged headings file, and those the lead adds for the new layouts (see the profile format).
NEW_FIELDS = {"amber_threshold", "green_threshold", "period", "value", "ignore"}
PROFILED = [n for n in NAMES if hasattr(importlib.import_module(f"tests.layouts.{n}"), "PROFILE")]


def _headings_fields() -> set[str]:
    with (Path(excel.__file__).parent / "headings.toml").open("rb") as f:
        return set(tomllib.load(f)["fields"])


@pytest.mark.parametrize("name", PROFILED)
def test_a_profile_names_headings_the_workbook_has(name: str, tmp_path: Path) -> None:
    """Each profile is valid TOML in the agreed format, and every heading and sheet it names is in its workbook."""
    path = built(name, tmp_path)
    profile = tomllib.loads(path.with_name(path.stem + ".profile.toml").read_text(encoding="utf-8"))
    assert set(profile) <= PROFILE_SECTIONS
    columns = dict(profile.get("columns", {}))
    assert set(columns) <= _headings_fields() | NEW_FIELDS
    assert set(profile.get("rag", {})) <= {"default_tolerance", "amber"}
    assert set(profile.get("words", {})) <= _headings_fields()
    wb = openpyxl.load_workbook(path, read_only=True)
    try:
        sheets = set(wb.sheetnames)
        texts = {v.strip() for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for v in row
                 if isinstance(v, str)}
    finally:
        wb.close()
    named = [v for k, v in columns.items() if k != "ignore"] + list(columns.get("ignore", []))
    for heading in named:
        is_letter = heading.isalpha() and heading.isupper() and len(heading) <= 2
        assert is_letter or heading in texts, f"{name}: the profile names '{heading}', not in the workbook"
    assert set(profile.get("table", {}).get("sheets", [])) <= sheets


def test_every_layout_has_a_builder_a_rule_and_results() -> None:
    """A layout without its rule or its hand-derived results would test nothing."""
    assert len(NAMES) >= 10
    for name in NAMES:
        exp = expected(name)
        assert exp.get("rule"), f"{name}: the council's rule is missing"
        assert "refused" in exp or exp.get("indicator"), f"{name}: no expected indicators"
        assert (HERE / f"{name}.py").is_file(), f"{name}: no builder"
        assert name in (HERE / "README.md").read_text(encoding="utf-8"), f"{name}: not in the README"
    assert len(PROFILED) >= 3
