"""The layer rule of design/architecture.md, enforced: import-linter contracts in pyproject.toml."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_import_contracts_hold() -> None:
    lint_imports = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run([str(lint_imports), "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_the_domain_imports_nothing_outside_the_standard_library() -> None:
    """A second guard that needs no tool: the domain's imports, read from its source."""
    import ast

    allowed_roots = {"scrutiny_desktop", "__future__", "collections", "dataclasses", "decimal", "enum", "functools",
                     "types", "itertools", "math", "re", "typing"}
    for source in (ROOT / "scrutiny_desktop" / "domain").glob("*.py"):
        tree = ast.parse(source.read_text())
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            for name in names:
                assert name.split(".")[0] in allowed_roots, f"{source.name} imports {name}"
                if name.startswith("scrutiny_desktop"):
                    assert name.startswith("scrutiny_desktop.domain"), f"{source.name} imports {name}"


def test_scrutiny_check_imports_neither_qt_nor_the_writers() -> None:
    """Heavy modules stay lazy: reading and rating a workbook needs no window, appendix or audit."""
    probe = (
        "import sys, contextlib, io\n"
        "from scrutiny_desktop.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    assert main(['check', {str(ROOT / 'workbook_templates' / 'sample-scrutiny-dataset.xlsx')!r}]) == 0\n"
        "heavy = ['PySide6', 'scrutiny_desktop.gui', 'scrutiny_desktop.domain.appendix',\n"
        "         'scrutiny_desktop.excel.appendix_writer', 'scrutiny_desktop.excel.appendix_look',\n"
        "         'scrutiny_desktop.audit.xlsx']\n"
        "print(sorted(m for m in heavy if m in sys.modules))\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
