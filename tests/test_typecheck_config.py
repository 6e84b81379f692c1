"""The window's code is type-checked like the rest: `make typecheck` (mypy) covers scrutiny_desktop.gui."""

import tomllib

from tests.helpers import ROOT


def test_mypy_checks_the_gui_package_like_the_rest() -> None:
    mypy = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["mypy"]
    assert "scrutiny_desktop" in mypy["packages"]
    assert not any("gui" in pattern for pattern in mypy.get("exclude", []))
    for override in mypy.get("overrides", []):
        modules = override["module"] if isinstance(override["module"], list) else [override["module"]]
        if any(m.startswith("scrutiny_desktop") for m in modules):
            assert not override.get("ignore_errors"), f"mypy ignores errors in {modules}"
            assert not override.get("ignore_missing_imports"), modules
