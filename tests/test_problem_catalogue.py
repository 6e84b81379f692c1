"""Every problem code the program reports is in the one catalogue, and the README lists the catalogue."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from scrutiny_desktop.domain.problems import CATALOGUE
from scrutiny_desktop.domain.schema import FIELDS

ROOT = Path(__file__).resolve().parents[1]
_MAKERS = {"error", "warning", "_warn"}
_CODE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)+$")  # not a logging call's message


def codes_in_source() -> dict[str, str]:
    """Codes passed as the first argument of error(), warning() or _warn(), or as code=..., by file."""
    found: dict[str, str] = {}
    for path in (ROOT / "scrutiny_desktop").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            first = node.args[0] if node.args else None
            if name in _MAKERS and isinstance(first, ast.Constant) and isinstance(first.value, str) \
                    and _CODE.match(first.value):
                found.setdefault(first.value, str(path.relative_to(ROOT)))
    for spec in FIELDS.values():
        if spec.code:
            found.setdefault(spec.code, "domain/schema.py")
    return found


def test_the_scan_finds_codes_so_it_can_fail() -> None:
    assert {"no-header-row", "unreadable-polarity", "value-marker"} <= set(codes_in_source())


def test_every_code_raised_is_in_the_catalogue() -> None:
    missing = {code: where for code, where in codes_in_source().items() if code not in CATALOGUE}
    assert not missing, f"add these to CATALOGUE in domain/problems.py: {missing}"


def test_the_readme_lists_every_code_of_the_catalogue() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    missing = [code for code in CATALOGUE if f"`{code}`" not in readme]
    assert not missing, f"list these in the README's problem codes: {missing}"
