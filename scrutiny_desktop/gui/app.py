"""`scrutiny-desktop [WORKBOOK]`: the window. `--selftest [WORKBOOK]` is the packaged program's smoke test.

The self-test reads the workbook (default: the bundled sample) through the window's own worker,
renders the main window once offscreen, prints one line and exits 0 (2 for an unusable workbook).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Mapping
from pathlib import Path

SELFTEST_TIMEOUT_S = 120
EXIT_NO_DISPLAY = 2
# Qt platforms that need no display server: a window drawn to memory, a framebuffer, a VNC server.
HEADLESS_PLATFORMS = ("offscreen", "minimal", "minimalegl", "vnc", "linuxfb", "eglfs")


def _arguments(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="scrutiny-desktop", description="The Scrutiny Desktop window.")
    parser.add_argument("workbook", nargs="?", type=Path, help="the monthly KPI workbook to open")
    parser.add_argument("--selftest", action="store_true",
                        help="open the workbook (default: the bundled sample) offscreen, print one line, exit")
    return parser.parse_args(argv)


def _ensure_streams() -> None:
    """A windowed program on Windows has no console: sys.stdout and sys.stderr are None there,
    and anything that writes to them (argparse, the selftest line, a crash report) would fail."""
    for name in ("stdout", "stderr"):
        if getattr(sys, name) is None:
            setattr(sys, name, open(os.devnull, "w", encoding="utf-8"))  # noqa: SIM115 - lives as long as the program


def no_display(platform: str = sys.platform, environ: Mapping[str, str] = os.environ) -> str | None:
    """Why the window cannot be shown here (Linux with no display server), or None.

    Asked before Qt starts: QApplication with no display aborts the process with a message about
    xcb plugins and libxcb-cursor that sends people looking for the wrong fix.
    """
    if not platform.startswith("linux"):
        return None
    if environ.get("QT_QPA_PLATFORM", "").split(":")[0] in HEADLESS_PLATFORMS:
        return None
    if environ.get("DISPLAY") or environ.get("WAYLAND_DISPLAY"):
        return None
    return ("scrutiny-desktop cannot show its window: there is no display here (neither DISPLAY nor WAYLAND_DISPLAY "
            "is set). Start it from a desktop session, or use the command line instead, e.g. "
            "`scrutiny check WORKBOOK`.")


def main(argv: list[str] | None = None) -> int:
    _ensure_streams()
    args = _arguments(list(sys.argv[1:] if argv is None else argv))
    if args.selftest:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    reason = no_display()
    if reason is not None:
        sys.stderr.write(reason + "\n")
        return EXIT_NO_DISPLAY

    from PySide6.QtWidgets import QApplication

    from scrutiny_desktop import APP_NAME, __version__

    app = QApplication.instance() or QApplication([sys.argv[0]])
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setOrganizationName(APP_NAME)
    _apply_look(app)
    if args.selftest:
        return _selftest(app, args.workbook)

    from scrutiny_desktop.gui.errors import Reporter, start_logging
    from scrutiny_desktop.gui.window import MainWindow, start_with

    window: MainWindow | None = None
    reporter = Reporter(lambda: window)
    reporter.log_file = start_logging()
    reporter.install()
    window = MainWindow(reporter=reporter)
    window.show_on_screen()
    start_with(window, args.workbook)
    try:
        return app.exec()
    finally:
        # Tear the window down now, with every dialog it still owns, while the QApplication lives. Left to
        # the interpreter's exit (the crash hook keeps the window referenced), Python destroys the window
        # and the application in no fixed order; widgets outliving the application end in "QObject: shared
        # QObject was deleted directly" and a bus error (Windows: "stopped working") on every other Quit.
        import shiboken6

        shiboken6.delete(window)


def _apply_look(app: object) -> None:
    """The window icon and the stylesheet from `ui/`; a missing file only costs the look."""
    from PySide6.QtGui import QIcon

    from scrutiny_desktop.resources import resource_path

    icon = resource_path("ui", "scrutiny.png")
    if icon.is_file():
        app.setWindowIcon(QIcon(str(icon)))  # type: ignore[attr-defined]
    style = resource_path("ui", "scrutiny.qss")
    if style.is_file():
        app.setStyleSheet(style.read_text(encoding="utf-8"))  # type: ignore[attr-defined]


def _selftest(app: object, workbook: Path | None) -> int:
    from PySide6.QtCore import QEventLoop, QSettings, QTimer
    from PySide6.QtWidgets import QApplication

    from scrutiny_desktop.gui.errors import ConsoleReporter
    from scrutiny_desktop.gui.settings import SettingsStore
    from scrutiny_desktop.gui.window import MainWindow
    from scrutiny_desktop.resources import sample_workbook

    path = workbook or sample_workbook()
    reporter = ConsoleReporter()
    with tempfile.TemporaryDirectory(prefix="scrutiny-selftest-") as scratch:
        # Settings in a scratch file: a smoke test must not change the user's recent files.
        store = SettingsStore(QSettings(str(Path(scratch) / "window.ini"), QSettings.Format.IniFormat))
        window = MainWindow(store=store, reporter=reporter)
        window.show()
        # A local event loop until the read is done (processEvents(flags, maxtime) crashes PySide6 6.12).
        loop = QEventLoop()
        window.tasks.busy_changed.connect(lambda busy: None if busy else loop.quit())
        QTimer.singleShot(SELFTEST_TIMEOUT_S * 1000, loop.quit)
        if window.open_workbook(path):
            loop.exec()
        QApplication.processEvents()
        review = window.review
        if window.tasks.busy:
            sys.stderr.write(f"selftest failed: reading {path.name} took more than {SELFTEST_TIMEOUT_S} s\n")
            code = 3
        elif reporter.crash is not None:
            code = 3
        elif review is None:
            code = 2
        else:
            image = window.grab()
            platform = QApplication.platformName()
            print(f"selftest ok: {len(review.items)} indicators, {len(review.exceptions)} exceptions, "
                  f"{len(review.problems)} problems; window {image.width()}x{image.height()} on {platform}")
            code = 0
        window.tasks.wait()
        window.close()
    return code


if __name__ == "__main__":
    sys.exit(main())
