"""What goes into the packaged program: the rules `scrutiny.spec` applies, kept free of PyInstaller.

PyInstaller's Qt hooks collect every plugin of each Qt module that is imported, plus the Qt and
system libraries those plugins need (the virtual keyboard drags in Qml and Quick, the GTK theme
drags in GTK, cairo and pango, the TLS plugins drag in QtNetwork and Kerberos). There is no hook
option to refuse them, so the spec filters PyInstaller's lists after `Analysis` with `keep()`.
The rules are written for both layouts: `PySide6/Qt/plugins/...` and `libQt6Foo.so.6` on Linux,
`PySide6/plugins/...` and `Qt6Foo.dll` on Windows.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from pathlib import Path, PurePosixPath

# Plugins the window can use, by folder; any other folder of plugins is dropped whole.
KEEP_PLUGINS: dict[str, frozenset[str]] = {
    # xcb for an X11 desktop, windows for Windows, offscreen and minimal for --selftest and CI.
    "platforms": frozenset({"qxcb", "qwindows", "qcocoa", "qoffscreen", "qminimal"}),
    # ico for the window icon, svg for icons in ui/; png and bmp are built into QtGui.
    "imageformats": frozenset({"qico", "qsvg", "qjpeg", "qgif"}),
    "iconengines": frozenset({"qsvgicon"}),
    # The native Windows 11 / Vista look; without it Qt falls back to Fusion.
    "styles": frozenset({"qmodernwindowsstyle", "qwindowsvistastyle", "qmacstyle"}),
    # Dead keys and input methods on Linux; not the virtual keyboard (it needs Qml and Quick).
    "platforminputcontexts": frozenset({"composeplatforminputcontextplugin", "ibusplatforminputcontextplugin"}),
    "xcbglintegrations": frozenset({"qxcb-glx-integration", "qxcb-egl-integration"}),
}

# Qt modules nothing here uses, whose libraries arrive only through plugins or other hooks.
DROP_QT_MODULES: frozenset[str] = frozenset({
    "Network", "OpenGL", "OpenGLWidgets", "Qml", "QmlModels", "QmlMeta", "QmlWorkerScript", "Quick",
    "QuickControls2", "QuickTemplates2", "QuickWidgets", "VirtualKeyboard", "VirtualKeyboardQml", "Pdf",
    "PdfQuick", "WaylandClient", "WaylandEglClientHwIntegration", "WlShellIntegration",
    "EglFSDeviceIntegration", "EglFsKmsSupport", "EglFsKmsGbmSupport", "Designer", "DesignerComponents",
    "Help", "Test", "Sql", "UiTools", "PrintSupport", "Concurrent", "Xml",
})
# Python bindings that hooks add because a kept library links the Qt library (QtDBus: QtGui on Linux).
DROP_BINDINGS: frozenset[str] = DROP_QT_MODULES | {"DBus"}

# Windows extras PyInstaller adds for OpenGL: the software renderer (20 MB) and ANGLE. The window
# draws with QPainter and uses no OpenGL; a widgets app never loads these.
DROP_FILES = re.compile(r"^(opengl32sw|libegl|libglesv2|d3dcompiler_\d+)\.dll$", re.IGNORECASE)

_PLUGIN = re.compile(r"^pyside6/(?:qt/)?plugins/([^/]+)/([^/]+)$")
_TRANSLATION = re.compile(r"^pyside6/(?:qt/)?translations/")
# libQt6Network.so.6, Qt6Network.dll, libQt6Network.6.dylib -> "network"
_QT_LIB = re.compile(r"^(?:lib)?qt6([a-z0-9]+?)(?:\.so(?:\.[\d.]+)?|\.dll|\.[\d.]*dylib)$")
# QtNetwork.abi3.so, QtNetwork.pyd -> "network"
_BINDING = re.compile(r"^pyside6/qt([a-z0-9]+)\.(?:abi3\.so|pyd|cpython-[^/]+\.so)$")


def _plugin_stem(filename: str) -> str:
    stem = filename.split(".", 1)[0]
    return stem[3:] if stem.startswith("lib") else stem


def keep(dest: str, protected: Iterable[str] = ()) -> bool:
    """Whether the file PyInstaller would put at `dest` (its path inside the bundle) is kept.

    `protected` names Qt modules the program imports (e.g. "QtSvg"), which are never dropped.
    """
    path = dest.replace("\\", "/").lower()
    name = path.rsplit("/", 1)[-1]
    spared = {m.lower().removeprefix("qt") for m in protected}
    if _TRANSLATION.match(path):
        return False  # the window is in English; Qt's own strings are too
    plugin = _PLUGIN.match(path)
    if plugin:
        folder, filename = plugin.groups()
        return _plugin_stem(filename) in KEEP_PLUGINS.get(folder, frozenset())
    if DROP_FILES.match(name):
        return False
    lib = _QT_LIB.match(name)
    if lib and lib.group(1) in {m.lower() for m in DROP_QT_MODULES} - spared:
        return False
    binding = _BINDING.match(path)
    return not (binding and binding.group(1) in {m.lower() for m in DROP_BINDINGS} - spared)


def qt_modules_used(package: Path) -> set[str]:
    """The PySide6 modules the package imports anywhere (e.g. {"QtCore", "QtWidgets"})."""
    found: set[str] = set()
    pattern = re.compile(r"\bPySide6\.(Qt\w+)|from\s+PySide6\s+import\s+\(?([\w\s,]+)")
    for source in package.rglob("*.py"):
        for dotted, listed in pattern.findall(source.read_text(encoding="utf-8")):
            found.update([dotted] if dotted else re.findall(r"Qt\w+", listed))
    return found


TocEntry = tuple[str, str, str]


def split(toc: Iterable[TocEntry], protected: Iterable[str] = ()) -> tuple[list[TocEntry], list[TocEntry]]:
    """PyInstaller TOC entries (dest, source, kind) split into (kept, dropped)."""
    protected = tuple(protected)
    kept: list[TocEntry] = []
    dropped: list[TocEntry] = []
    for entry in toc:
        (kept if keep(entry[0], protected) else dropped).append(entry)
    return kept, dropped


def unreachable_system_libs(binaries: list[TocEntry], imports: Callable[[str], Iterable[str]]) -> set[str]:
    """Top-level libraries that no kept file links to any more (Linux: GTK and friends of dropped plugins).

    PyInstaller puts the system libraries it collects at the top of the bundle. `imports(source)`
    gives the library names a file links (PyInstaller's `bindepend.get_imports`). Everything below
    the top (Python extensions, Qt's libraries and plugins) and libpython (loaded by the bootloader)
    is a root; a top-level library no root reaches, directly or through others, is dropped.
    """
    top = {dest: src for dest, src, kind in binaries if "/" not in dest.replace("\\", "/") and kind == "BINARY"}
    roots = [src for dest, src, _ in binaries if dest not in top or dest.startswith("libpython")]
    reached: set[str] = set()
    pending = list(roots)
    seen: set[str] = set()
    while pending:
        source = pending.pop()
        if source in seen:
            continue
        seen.add(source)
        for name in imports(source):
            base = PurePosixPath(name.replace("\\", "/")).name
            if base in top and base not in reached:
                reached.add(base)
                pending.append(top[base])
    return {dest for dest in top if dest not in reached and not dest.startswith("libpython")}


def numeric_version(version: str) -> tuple[int, int, int, int]:
    """'1.2.3rc1' -> (1, 2, 3, 0): the four numbers a Windows version resource holds."""
    lead = re.match(r"\d+(?:\.\d+)*", version)
    numbers = [int(n) for n in lead.group(0).split(".")] if lead else []
    a, b, c, d = [*numbers, 0, 0, 0, 0][:4]
    return (a, b, c, d)


def version_info_text(version: str, exe_name: str, description: str, product: str) -> str:
    """A Windows version resource in PyInstaller's version-file form (a Python expression it evaluates)."""
    numbers = numeric_version(version)
    strings = {
        "CompanyName": product,
        "FileDescription": description,
        "FileVersion": version,
        "InternalName": exe_name,
        "LegalCopyright": f"{product} contributors, MIT licence",
        "OriginalFilename": f"{exe_name}.exe",
        "ProductName": product,
        "ProductVersion": version,
    }
    structs = ",\n".join(f"          StringStruct({k!r}, {v!r})" for k, v in strings.items())
    # 0x0809 is English (United Kingdom), 1200 (0x04B0) is Unicode.
    return f"""VSVersionInfo(
  ffi=FixedFileInfo(
    filevers={numbers!r},
    prodvers={numbers!r},
    mask=0x3f,
    flags=0x0,
    OS=0x40004,
    fileType=0x1,
    subtype=0x0,
    date=(0, 0),
  ),
  kids=[
    StringFileInfo([
      StringTable(
        '080904B0',
        [
{structs},
        ],
      )
    ]),
    VarFileInfo([VarStruct('Translation', [0x0809, 1200])]),
  ],
)
"""
