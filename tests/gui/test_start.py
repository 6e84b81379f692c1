"""Starting the window: no display gives one clear sentence and exit 2; a small screen opens it maximised."""

import os
import subprocess
import sys

import pytest

from scrutiny_desktop.gui.app import EXIT_NO_DISPLAY, no_display
from scrutiny_desktop.gui.window import opens_maximised
from tests.helpers import ROOT


def test_with_no_display_it_says_so_in_one_sentence_and_exits_2_without_starting_qt() -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    result = subprocess.run([sys.executable, "-c", "import sys; from scrutiny_desktop.gui.app import main; "
                             "sys.exit(main([]))"], capture_output=True, text=True, timeout=60, env=env, cwd=ROOT)
    assert result.returncode == EXIT_NO_DISPLAY == 2
    assert result.stderr.splitlines() == [
        "scrutiny-desktop cannot show its window: there is no display here (neither DISPLAY nor WAYLAND_DISPLAY is "
        "set). Start it from a desktop session, or use the command line instead, e.g. `scrutiny check WORKBOOK`."]
    assert result.stdout == ""


@pytest.mark.parametrize(("platform", "environ", "blocked"), [
    ("linux", {}, True),
    ("linux", {"DISPLAY": ":0"}, False),
    ("linux", {"WAYLAND_DISPLAY": "wayland-0"}, False),
    ("linux", {"QT_QPA_PLATFORM": "offscreen"}, False),
    ("linux", {"QT_QPA_PLATFORM": "minimal"}, False),
    ("linux", {"QT_QPA_PLATFORM": "xcb"}, True),  # asking for X11 does not make a display
    ("win32", {}, False),
    ("darwin", {}, False),
])
def test_which_systems_have_no_display(platform: str, environ: dict[str, str], blocked: bool) -> None:
    assert (no_display(platform, environ) is not None) is blocked


@pytest.mark.parametrize(("width", "height", "maximised"), [
    (1366, 768, True), (1280, 720, True), (1440, 800, True), (1280, 1024, True),
    (1440, 900, False), (1920, 1080, False), (2560, 1440, False),
])
def test_a_screen_under_1440_by_900_opens_the_window_maximised(width: int, height: int, maximised: bool) -> None:
    assert opens_maximised(width, height) is maximised


def test_on_this_small_offscreen_screen_the_window_opens_maximised(make_window, qtbot) -> None:
    window = make_window()
    window.hide()
    size = window.screen().size()
    assert opens_maximised(size.width(), size.height())  # the offscreen screen is 800x600
    window.show_on_screen()
    qtbot.waitUntil(window.isMaximized)


def test_calling_qt_does_not_use_up_references_to_none(qtbot) -> None:
    """PySide6 6.12 on Python 3.11 dropped a reference to None per call of a Qt method returning nothing:
    the window deallocated None and aborted after a few thousand calls (sorting, filtering, typing)."""
    from PySide6.QtCore import QStringListModel
    from PySide6.QtWidgets import QLabel

    label, model = QLabel(), QStringListModel()
    qtbot.addWidget(label)
    before = sys.getrefcount(None)
    for _ in range(500):
        label.setText("x")
        model.beginResetModel()
        model.endResetModel()
    assert sys.getrefcount(None) - before > -50  # 1,500 calls: a handful of Nones may be held elsewhere
