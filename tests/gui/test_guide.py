"""Help ▸ User guide, and refusals that open it at the section that explains the fix."""

from pathlib import Path

from PySide6.QtGui import QKeySequence

from scrutiny_desktop.gui.errors import RefusalDialog
from scrutiny_desktop.gui.guide import GuideDialog
from scrutiny_desktop.guide import TITLES, Section
from tests.gui.conftest import open_and_wait
from tests.workbooks import table


def test_help_offers_the_user_guide_on_f1(make_window) -> None:
    window = make_window()
    help_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Help")
    assert window.guide_action in help_menu.actions()
    assert window.guide_action.shortcut() == QKeySequence(QKeySequence.StandardKey.HelpContents)
    window.guide_action.trigger()
    guide = window.guide_dialog
    assert isinstance(guide, GuideDialog) and guide.isVisible()
    assert {s.value for s in Section} <= guide.anchors()
    text = guide.browser.toPlainText()
    assert all(title in text for title in TITLES.values())
    assert guide.browser.verticalScrollBar().value() == 0


def test_the_guide_opens_at_a_section(make_window, qtbot) -> None:
    window = make_window()
    window.show_guide(Section.FILES)
    guide = window.guide_dialog
    assert guide is not None and guide.section is Section.FILES
    qtbot.waitUntil(lambda: guide.browser.verticalScrollBar().value() > 0)
    window.show_guide()  # again: the same window, back at the top
    assert window.guide_dialog is guide and guide.browser.verticalScrollBar().value() == 0


def test_a_table_not_found_offers_the_guide_on_mapping(make_window, qtbot, dialogs, tmp_path: Path) -> None:
    window = make_window()
    book = table(tmp_path / "odd.xlsx", ["Line", "Wording", "Goal", "Reading"], ["1", "Contacts", 50, 40])
    open_and_wait(qtbot, window, book)
    refusal = dialogs.take(RefusalDialog)
    assert "README" not in refusal.text()
    button = refusal.help_buttons[Section.MAPPING]
    assert button.text() == "&Help: Mapping columns"
    button.click()
    guide = window.guide_dialog
    assert guide is not None and guide.isVisible() and guide.section is Section.MAPPING
