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
                     "math", "re", "typing"}
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
