"""The user guide ships inside the program, and messages point to it, never to a README."""

import ast
import re
import tomllib
from pathlib import Path

import pytest

from scrutiny_desktop.guide import FOR_PROBLEM, TITLES, Section, guide_html, guide_text, pointer, section_for
from scrutiny_desktop.resources import user_guide_path
from tests.helpers import ROOT, run_cli
from tests.workbooks import table


def test_the_guide_is_package_data_beside_the_code() -> None:
    path = user_guide_path()
    assert path.is_file()
    # Inside the package, so PyInstaller's collect_data_files("scrutiny_desktop") and the wheel both carry it.
    assert (ROOT / "scrutiny_desktop") in path.resolve().parents
    package_data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"][
        "package-data"]
    relative = path.relative_to(ROOT / "scrutiny_desktop").as_posix()
    assert any(Path(relative).match(pattern) for pattern in package_data["scrutiny_desktop"])
    assert 'collect_data_files("scrutiny_desktop")' in (ROOT / "build" / "scrutiny.spec").read_text(encoding="utf-8")
    assert "scrutiny_desktop/help/user-guide.html" in (ROOT / "build" / "smoke_test.py").read_text(encoding="utf-8")


def test_every_section_has_its_anchor_and_heading_and_nothing_links_outside() -> None:
    source = guide_html()
    for section in Section:
        assert f'<h2><a name="{section.value}"></a>{TITLES[section]}</h2>' in source.replace("\n", " ")
        assert f'href="#{section.value}"' in source  # listed in the contents
    links = re.findall(r'href="([^"]*)"', source)
    assert links and all(link.startswith("#") for link in links)  # offline: no web links
    assert "README" not in source and "shared/" not in source


@pytest.mark.parametrize("section", list(Section))
def test_each_section_prints_as_text(section: Section) -> None:
    text = guide_text(section)
    assert text.startswith(TITLES[section])
    assert "<" not in text.replace("<workbook name>", "")
    others = [TITLES[s] for s in Section if s is not section]
    assert not any(f"{title}\n====" in text for title in others)


def test_problems_with_a_fix_in_the_guide_name_its_section() -> None:
    assert section_for("no-header-row") is Section.MAPPING
    assert section_for("not-a-workbook") is Section.WRONG_FILE
    assert section_for("blank-ref") is None
    assert set(FOR_PROBLEM.values()) <= set(Section)
    assert pointer(Section.MAPPING) == "See “Mapping columns” in the user guide (Help ▸ User guide)."
    assert "`scrutiny guide mapping`" in pointer(Section.MAPPING, window=False)


def _string_constants(path: Path) -> list[tuple[int, str]]:
    """String literals in a module, its docstrings left out (they are for developers)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                  if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
                  and node.body and isinstance(node.body[0], ast.Expr)
                  and isinstance(node.body[0].value, ast.Constant)}
    return [(node.lineno, node.value) for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings]


def test_no_message_of_the_program_points_to_a_readme() -> None:
    found = [f"{path.relative_to(ROOT)}:{line}" for path in sorted((ROOT / "scrutiny_desktop").rglob("*.py"))
             for line, text in _string_constants(path) if re.search(r"readme", text, re.I)]
    assert found == []


def test_the_command_line_prints_the_guide(tmp_path: Path) -> None:
    result = run_cli("guide", "public")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("What the public appendix withholds, and why")
    assert "[c]" in result.stdout and "Schedule 12A" in result.stdout
    whole = run_cli("guide")
    assert all(title in whole.stdout for title in TITLES.values())


def test_a_table_the_reader_cannot_find_points_to_mapping_in_the_guide(tmp_path: Path) -> None:
    book = table(tmp_path / "odd.xlsx", ["Line", "Wording", "Goal", "Reading"], ["1", "Contacts", 50, 40])
    result = run_cli("check", str(book))
    assert result.returncode == 2
    assert "README" not in result.stderr
    assert "See “Mapping columns” in the user guide (`scrutiny guide mapping`)." in result.stderr
