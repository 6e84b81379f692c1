"""Run under `xvfb-run`: the real program opens File > Settings, closes it, and quits with File > Quit.

    xvfb-run -a -s "-screen 0 1366x768x24" python tests/gui/xvfb_quit.py

The program's own `main` runs (its event loop, its teardown and the interpreter's exit), so what is
checked is what an officer gets. This script only drives the menus once the window is up; its exit
code is the program's, and Qt's warnings reach stderr as they would in a terminal.
"""

from __future__ import annotations

import os
import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog

from scrutiny_desktop.gui import app, window

SHOWN_MS = 300  # how long each step waits, so the dialog and the window really map and paint


def _drive(main_window: window.MainWindow) -> None:
    def close_settings() -> None:
        dialogs = [w for w in QApplication.topLevelWidgets() if isinstance(w, QDialog) and w.isVisible()]
        if not dialogs:
            print("xvfb quit: Settings did not open", file=sys.stderr)
            QApplication.exit(1)
        for dialog in dialogs:
            dialog.reject()

    QTimer.singleShot(SHOWN_MS, close_settings)
    main_window.settings_action.trigger()  # modal: returns once the dialog is closed
    QTimer.singleShot(SHOWN_MS, main_window.quit_action.trigger)


def main() -> int:
    os.environ["QT_QPA_PLATFORM"] = "xcb"
    original = window.start_with

    def start_with(main_window: window.MainWindow, path: object) -> None:
        QTimer.singleShot(SHOWN_MS, lambda: _drive(main_window))
        original(main_window, path)  # type: ignore[arg-type]

    window.start_with = start_with  # type: ignore[assignment]
    return app.main([])


if __name__ == "__main__":
    sys.exit(main())
