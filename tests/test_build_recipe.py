"""The packaging rules in build/bundle.py, for both the Linux and the Windows layout, and the icon.

The real build is checked by `make exe-test` (build/smoke_test.py); these run with `make test`,
without PyInstaller, and are the only check of the Windows file names on a Linux machine.
"""

from __future__ import annotations

import importlib.util
import struct
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from scrutiny_desktop import __version__
from tests.helpers import ROOT


def _load_bundle() -> ModuleType:
    spec = importlib.util.spec_from_file_location("scrutiny_build_bundle", ROOT / "build" / "bundle.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


bundle = _load_bundle()

KEPT = [
    # Linux (PySide6 wheels keep Qt under PySide6/Qt/)
    "PySide6/Qt/lib/libQt6Core.so.6",
    "PySide6/Qt/lib/libQt6Gui.so.6",
    "PySide6/Qt/lib/libQt6Widgets.so.6",
    "PySide6/Qt/lib/libQt6DBus.so.6",  # QtGui links it on Linux
    "PySide6/Qt/lib/libQt6XcbQpa.so.6",
    "PySide6/Qt/lib/libQt6Svg.so.6",
    "PySide6/Qt/lib/libicudata.so.73",
    "PySide6/Qt/plugins/platforms/libqxcb.so",
    "PySide6/Qt/plugins/platforms/libqoffscreen.so",
    "PySide6/Qt/plugins/imageformats/libqico.so",
    "PySide6/Qt/plugins/imageformats/libqsvg.so",
    "PySide6/Qt/plugins/iconengines/libqsvgicon.so",
    "PySide6/Qt/plugins/platforminputcontexts/libcomposeplatforminputcontextplugin.so",
    "PySide6/Qt/plugins/xcbglintegrations/libqxcb-glx-integration.so",
    "PySide6/QtCore.abi3.so",
    "PySide6/QtWidgets.abi3.so",
    "libQt6Core.so.6",
    "libfontconfig.so.1",
    "libpython3.11.so.1.0",
    # Windows (everything sits directly in PySide6/)
    "PySide6\\Qt6Core.dll",
    "PySide6\\Qt6Gui.dll",
    "PySide6\\Qt6Widgets.dll",
    "PySide6\\Qt6Svg.dll",
    "PySide6\\plugins\\platforms\\qwindows.dll",
    "PySide6\\plugins\\platforms\\qoffscreen.dll",
    "PySide6\\plugins\\styles\\qmodernwindowsstyle.dll",
    "PySide6\\plugins\\imageformats\\qico.dll",
    "PySide6\\QtWidgets.pyd",
    "PySide6\\msvcp140.dll",
    "python311.dll",
    "VCRUNTIME140.dll",
    # ours
    "workbook_templates/sample-scrutiny-dataset.xlsx",
    "ui/scrutiny.ico",
    "scrutiny_desktop/excel/headings.toml",
]

DROPPED = [
    "PySide6/Qt/translations/qtbase_de.qm",
    "PySide6/Qt/lib/libQt6Network.so.6",
    "PySide6/Qt/lib/libQt6OpenGL.so.6",
    "PySide6/Qt/lib/libQt6WaylandClient.so.6",
    "PySide6/Qt/lib/libQt6EglFSDeviceIntegration.so.6",
    "PySide6/Qt/plugins/platforms/libqwayland.so",
    "PySide6/Qt/plugins/platforms/libqeglfs.so",
    "PySide6/Qt/plugins/platforms/libqvnc.so",
    "PySide6/Qt/plugins/platformthemes/libqgtk3.so",
    "PySide6/Qt/plugins/tls/libqopensslbackend.so",
    "PySide6/Qt/plugins/imageformats/libqtiff.so",
    "PySide6/Qt/plugins/imageformats/libqwebp.so",
    "PySide6/Qt/plugins/wayland-shell-integration/libxdg-shell.so",
    "PySide6/Qt/plugins/generic/libqevdevmouseplugin.so",
    "PySide6/QtNetwork.abi3.so",
    "PySide6/QtDBus.abi3.so",
    "libQt6Network.so.6",
    "PySide6\\translations\\qtbase_fr.qm",
    "PySide6\\opengl32sw.dll",
    "PySide6\\Qt6Network.dll",
    "PySide6\\Qt6Qml.dll",
    "PySide6\\Qt6Quick.dll",
    "PySide6\\Qt6VirtualKeyboard.dll",
    "PySide6\\Qt6Pdf.dll",
    "PySide6\\plugins\\platforminputcontexts\\qtvirtualkeyboardplugin.dll",
    "PySide6\\plugins\\platforms\\qdirect2d.dll",
    "PySide6\\plugins\\imageformats\\qpdf.dll",
    "PySide6\\plugins\\tls\\qschannelbackend.dll",
    "PySide6\\plugins\\sqldrivers\\qsqlite.dll",
    "PySide6\\QtNetwork.pyd",
]


@pytest.mark.parametrize("dest", KEPT)
def test_what_the_program_needs_is_kept(dest: str) -> None:
    assert bundle.keep(dest)


@pytest.mark.parametrize("dest", DROPPED)
def test_what_it_never_uses_is_dropped(dest: str) -> None:
    assert not bundle.keep(dest)


def test_a_qt_module_the_package_imports_is_never_dropped() -> None:
    assert not bundle.keep("PySide6/Qt/lib/libQt6Network.so.6")
    assert bundle.keep("PySide6/Qt/lib/libQt6Network.so.6", protected={"QtNetwork"})
    assert bundle.keep("PySide6\\QtNetwork.pyd", protected={"QtNetwork"})
    assert not bundle.keep("PySide6/Qt/lib/libQt6Qml.so.6", protected={"QtNetwork"})


def test_the_qt_modules_a_package_imports_are_found(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "a.py").write_text("from PySide6.QtWidgets import QApplication\nimport PySide6.QtSvg\n")
    (tmp_path / "sub" / "b.py").write_text("from PySide6 import (\n    QtCore,\n    QtNetwork,\n)\n")
    assert bundle.qt_modules_used(tmp_path) == {"QtWidgets", "QtSvg", "QtCore", "QtNetwork"}
    # and the real package: the window uses Qt, the rest of the package must not
    assert bundle.qt_modules_used(ROOT / "scrutiny_desktop") >= {"QtWidgets"}


def test_system_libraries_no_kept_file_links_are_found() -> None:
    binaries = [
        ("PySide6/Qt/plugins/platforms/libqxcb.so", "/q/libqxcb.so", "BINARY"),
        ("PySide6/Qt/lib/libQt6Gui.so.6", "/q/libQt6Gui.so.6", "BINARY"),
        ("libfontconfig.so.1", "/usr/lib/libfontconfig.so.1", "BINARY"),
        ("libexpat.so.1", "/usr/lib/libexpat.so.1", "BINARY"),
        ("libxcb-cursor.so.0", "/usr/lib/libxcb-cursor.so.0", "BINARY"),
        ("libcairo.so.2", "/usr/lib/libcairo.so.2", "BINARY"),  # only the dropped GTK theme used it
        ("libpixman-1.so.0", "/usr/lib/libpixman-1.so.0", "BINARY"),  # only cairo used it
        ("libpython3.11.so.1.0", "/py/libpython3.11.so.1.0", "BINARY"),  # the bootloader loads it
        ("libQt6Gui.so.6", "PySide6/Qt/lib/libQt6Gui.so.6", "SYMLINK"),
    ]
    links = {
        "/q/libqxcb.so": ["libQt6Gui.so.6", "libxcb-cursor.so.0"],
        "/q/libQt6Gui.so.6": ["libfontconfig.so.1"],
        "/usr/lib/libfontconfig.so.1": ["/usr/lib/x86_64-linux-gnu/libexpat.so.1"],
        "/usr/lib/libcairo.so.2": ["libpixman-1.so.0"],
    }
    orphans = bundle.unreachable_system_libs(binaries, lambda source: links.get(source, []))
    assert orphans == {"libcairo.so.2", "libpixman-1.so.0"}


@pytest.mark.parametrize(("version", "numbers"), [
    ("0.1.0", (0, 1, 0, 0)),
    ("1.2", (1, 2, 0, 0)),
    ("2.0.1rc1", (2, 0, 1, 0)),
    ("1.2.3.4.5", (1, 2, 3, 4)),
    ("dev", (0, 0, 0, 0)),
])
def test_windows_versions_are_four_numbers(version: str, numbers: tuple[int, int, int, int]) -> None:
    assert bundle.numeric_version(version) == numbers


class _Recorder:
    """Stands in for PyInstaller's version-resource classes (importable only on Windows)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.args, self.kwargs = args, kwargs


def test_the_version_resource_is_generated_from_the_package_version() -> None:
    text = bundle.version_info_text(__version__, "scrutiny", "Scrutiny Desktop command line", "Scrutiny Desktop")
    names = ("VSVersionInfo", "FixedFileInfo", "StringFileInfo", "StringTable", "StringStruct", "VarFileInfo",
             "VarStruct")
    classes = {name: type(name, (_Recorder,), {}) for name in names}
    # PyInstaller reads the file the same way: eval() with these names in scope.
    info = eval(text, {"__builtins__": {}}, classes)
    assert type(info).__name__ == "VSVersionInfo"
    assert info.kwargs["ffi"].kwargs["filevers"] == bundle.numeric_version(__version__)
    table = info.kwargs["kids"][0].args[0][0]
    strings = {s.args[0]: s.args[1] for s in table.args[1]}
    assert strings["FileVersion"] == strings["ProductVersion"] == __version__
    assert strings["OriginalFilename"] == "scrutiny.exe"
    assert table.args[0] == "080904B0"  # English (United Kingdom), Unicode


def test_the_committed_icon_holds_every_size_windows_asks_for() -> None:
    data = (ROOT / "ui" / "scrutiny.ico").read_bytes()
    reserved, kind, count = struct.unpack_from("<HHH", data)
    assert (reserved, kind) == (0, 1)
    sizes = []
    for i in range(count):
        width, _height, _, _, planes, bits, length, offset = struct.unpack_from("<BBBBHHII", data, 6 + 16 * i)
        assert (planes, bits) == (1, 32) and offset + length <= len(data)
        image = data[offset:offset + length]
        assert image.startswith(b"\x89PNG") if width == 0 else struct.unpack_from("<I", image)[0] == 40
        sizes.append(width or 256)
    assert sorted(sizes) == [16, 20, 24, 32, 40, 48, 64, 128, 256]
    png = (ROOT / "ui" / "scrutiny.png").read_bytes()
    assert png.startswith(b"\x89PNG") and struct.unpack_from(">II", png, 16) == (256, 256)
